"""The main window as a user meets it: menus and shortcuts, delete to the bin and undo, import
with progress off the UI thread, export of what is shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from wardlog.core.book import Book
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import PeriodKind, containing
from wardlog.ui.main_window import MainWindow
from wardlog.ui.session import Session

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "mau-nhap-hoat-dong.csv"


@pytest.fixture
def window(qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, name, staticmethod(lambda *args, **kwargs: QMessageBox.StandardButton.Ok)
        )
    book = session.book
    day = containing(date.today(), PeriodKind.HALF).start
    for title in ("Phát thanh một", "Phát thanh hai", "Phát thanh ba"):
        book.activities.add(ActivityDraft(day, "loa", ("tthc",), title))
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    return main


def test_delete_moves_to_the_bin_and_undo_brings_back(qtbot: QtBot, window: MainWindow, book: Book) -> None:
    page = window.activities_page
    page.table.selectRow(0)
    assert window.delete_action.isEnabled()
    window.delete_action.trigger()
    assert book.activities.count() == 2
    assert window.bin_page.model.rowCount() == 1
    window.undo_action.trigger()
    assert book.activities.count() == 3
    assert window.bin_page.model.rowCount() == 0
    window.redo_action.trigger()
    assert book.activities.count() == 2


def test_restore_from_the_bin(window: MainWindow, book: Book) -> None:
    window.activities_page.table.selectAll()
    window.delete_action.trigger()
    assert book.activities.count() == 0
    window.show_bin_action.trigger()
    window.bin_page.table.selectAll()
    assert window.restore_action.isEnabled()
    window.restore_action.trigger()
    assert book.activities.count() == 3


def test_actions_follow_the_selection(window: MainWindow) -> None:
    window.activities_page.table.clearSelection()
    assert not window.edit_action.isEnabled() and not window.delete_action.isEnabled()
    window.activities_page.table.selectRow(1)
    assert window.edit_action.isEnabled() and window.duplicate_action.isEnabled()
    window.activities_page.table.selectAll()
    assert window.delete_action.isEnabled() and not window.edit_action.isEnabled()


def test_import_runs_with_progress_and_can_be_undone(
    qtbot: QtBot, window: MainWindow, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(SAMPLE), "")))
    window.import_action.trigger()
    assert book.activities.count() == 3 + 7
    window.undo_action.trigger()
    assert book.activities.count() == 3


def test_refused_import_adds_nothing(
    qtbot: QtBot, window: MainWindow, book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Ngày,Hình thức,Nội dung,Tiêu đề\n31/02/2026,loa,tthc,Sai\n", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    monkeypatch.setattr(MainWindow, "_show_refusal", lambda self, title, error: shown.append(error.message))
    window.import_action.trigger()
    assert book.activities.count() == 3
    assert shown and "31/02/2026" in shown[0]


def test_export_writes_what_is_shown(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "list.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.export_action.trigger()
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Ngày,Hình thức")
    assert len(lines) == 4


def test_shortcuts_switch_pages(qtbot: QtBot, window: MainWindow) -> None:
    overview_tab, bin_tab = window.tabs.widget(1), window.tabs.widget(2)
    assert not overview_tab.is_built and not bin_tab.is_built  # built when first shown, not at start
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert overview_tab.is_built and not bin_tab.is_built
    assert window.current_page() is window.overview_page
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.bin_page
    assert bin_tab.is_built
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.activities_page


def test_automatic_backups_on_change_and_exit(qtbot: QtBot, window: MainWindow, book: Book) -> None:
    from wardlog.core.backups import folder_for, list_backups

    folder = folder_for(book.path)
    window.backup_if_changed("auto")
    assert list_backups(folder) == []  # nothing changed since the window opened
    window.activities_page.table.selectRow(0)
    window.delete_action.trigger()
    window.backup_timer.timeout.emit()  # the half-hourly timer
    assert [b.reason for b in list_backups(folder)] == ["auto"]
    window.undo_action.trigger()
    window.close()
    reasons = sorted(b.reason for b in list_backups(folder))
    assert reasons == ["auto", "exit"]
    (on_exit,) = [b for b in list_backups(folder) if b.reason == "exit"]
    with Book.open(on_exit.path) as copy:
        assert copy.activities.count() == 3
