"""Long work runs off the UI thread, shows progress, and a cancel leaves the book as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from wardlog.core.book import Book
from wardlog.core.importing import import_file
from wardlog.core.model import ActivityDraft
from wardlog.ui.tasks import Cancelled, Task

ROWS = 3000


@pytest.fixture
def big_sheet(tmp_path: Path) -> Path:
    path = tmp_path / "lon.csv"
    lines = ["Ngày,Hình thức,Nội dung,Tiêu đề"]
    lines += [f"05/03/2026,loa,tthc,Phát thanh số {i}" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_in_the_background_reports_progress(qtbot: QtBot, book: Book, big_sheet: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    task = Task(
        parent, book.path, lambda b, progress: import_file(b, big_sheet, progress=progress), label="…"
    )
    seen: list[tuple[int, int]] = []
    task._worker.progressed.connect(lambda done, total: seen.append((done, total)))
    result = task.run()
    assert result.added == ROWS
    assert book.activities.count() == ROWS
    assert seen and seen[-1] == (ROWS, ROWS)


def test_cancel_rolls_everything_back(qtbot: QtBot, book: Book, big_sheet: Path) -> None:
    book.activities.add(ActivityDraft(date(2026, 3, 1), "loa", ("tthc",), "Đã có từ trước"))
    parent = QWidget()
    qtbot.addWidget(parent)
    task = Task(
        parent, book.path, lambda b, progress: import_file(b, big_sheet, progress=progress), label="…"
    )
    task._dialog.canceled.emit()  # the user pressed Cancel: the work stops at its next progress report
    with pytest.raises(Cancelled):
        task.run()
    assert [a.title for a in book.activities.query()] == ["Đã có từ trước"]
