"""SQLite's quick check at start runs beside the window: the window opens at once, and a damaged file
is told in a warning over it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.boxes import answer_box
from wardlog.core.book import Book
from wardlog.core.model import ActivityDraft
from wardlog.ui import app as app_module
from wardlog.ui.main_window import MainWindow
from wardlog.ui.start_check import StartCheck

PAGE = 4096


def _close_windows() -> None:
    for window in [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]:
        window.session.book.close()
        window.close()


def test_a_damaged_file_is_told_once_the_window_is_open(qtbot: QtBot, book_path: Path) -> None:
    with Book.open(book_path) as book:
        book.update_settings(ward_code="09556", unit_name="Phường Hà Đông")
        for i in range(300):  # in March: not in the list that opens, which shows this half year
            book.activities.add(
                ActivityDraft(date(2026, 3, 4), "loa", ("tthc",), f"Phát thanh {i} " + "x" * 200)
            )
        (leaf,) = book.conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'activities' AND pagetype = 'leaf' LIMIT 1 OFFSET 5"
        ).fetchone()
    data = bytearray(book_path.read_bytes())  # a page of activities scribbled, as a failing disk leaves
    data[(leaf - 1) * PAGE : (leaf - 1) * PAGE + 512] = b"\xff" * 512
    book_path.write_bytes(bytes(data))

    seen = answer_box(qtbot)
    assert app_module.run(book_path, exec_loop=False) == 0
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    qtbot.waitUntil(lambda: "text" in seen, timeout=10_000)
    assert seen["text"].startswith("Tệp cơ sở dữ liệu bị hỏng")
    assert "Kiểm tra sổ" in seen["text"]
    _close_windows()


def test_a_sound_book_starts_without_a_word(
    qtbot: QtBot, book_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Book.open(book_path) as book:
        book.update_settings(ward_code="09556", unit_name="Phường Hà Đông")
    shown: list[object] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args))
    window = QWidget()
    qtbot.addWidget(window)
    check = StartCheck(book_path, window)
    qtbot.waitUntil(lambda: not check.running)
    qtbot.wait(50)  # the findings cross to the window's thread
    assert shown == []
    check.stop()  # after the end: nothing left to stop


def test_the_app_can_say_when_its_window_is_shown_and_close(book_path: Path) -> None:
    """WARDLOG_QUIT_WHEN_SHOWN: how the benchmark times the start (tests/benchmarks/bench.py)."""
    import os
    import subprocess
    import sys

    with Book.open(book_path) as book:
        book.update_settings(ward_code="09556", unit_name="Phường Hà Đông")
        book.activities.add(ActivityDraft(date.today(), "loa", ("tthc",), "Phát thanh"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WARDLOG_QUIT_WHEN_SHOWN": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "wardlog", "--db", str(book_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (0, "shown\n"), result.stderr
