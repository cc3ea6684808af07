"""The Backups window driven as a user does: the list, a copy now, a restore that can be undone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from wardlog.core import backups
from wardlog.core.book import Book
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import PeriodKind, containing
from wardlog.ui.backups_window import WHY, BackupsWindow
from wardlog.ui.main_window import MainWindow
from wardlog.ui.session import Session
from wardlog.ui.undo import AddActivities, push

NOW = datetime.now(UTC).replace(microsecond=0)
DAY = containing(date.today(), PeriodKind.HALF).start  # in the period the list shows first


def add(book: Book, title: str) -> None:
    book.activities.add(ActivityDraft(DAY, "loa", ("tthc",), title))


def titles(book: Book) -> list[str]:
    return sorted(a.title for a in book.activities.query())


def answer_boxes(qtbot: QtBot, *buttons: str | None) -> list[dict[str, str]]:
    """Answer the next message boxes in turn, each once it opens (None: press Enter)."""
    seen: list[dict[str, str]] = []
    handled: set[int] = set()
    pending = list(buttons)

    def handle() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or id(box) in handled:
            QTimer.singleShot(10, handle)
            return
        handled.add(id(box))
        seen.append({"title": box.windowTitle(), "text": box.text()})
        button = pending.pop(0)
        if button is None:
            qtbot.keyClick(box, Qt.Key.Key_Return)
        else:
            (chosen,) = [b for b in box.buttons() if b.text().replace("&", "") == button]
            qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)
        if pending:
            QTimer.singleShot(10, handle)

    QTimer.singleShot(0, handle)
    return seen


@pytest.fixture
def window(qtbot: QtBot, session: Session) -> Iterator[BackupsWindow]:
    opened = BackupsWindow(session)
    qtbot.addWidget(opened)
    opened.show()
    yield opened
    opened.done(0)


def column(window: BackupsWindow, index: int) -> list[str]:
    return [window.table.item(row, index).text() for row in range(window.table.rowCount())]


def test_the_copies_are_listed_newest_first_with_why_size_and_activities(
    qtbot: QtBot, session: Session
) -> None:
    book = session.book
    add(book, "Một")
    backups.take(book, "before-import", now=NOW - timedelta(hours=2))
    add(book, "Hai")
    backups.take(book, "auto", now=NOW - timedelta(minutes=30))
    opened = BackupsWindow(session)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitUntil(opened.counts_done)
    qtbot.waitUntil(lambda: "…" not in column(opened, 2))
    assert column(opened, WHY) == ["Nửa giờ một lần, khi có thay đổi", "Trước khi nhập dữ liệu"]
    assert column(opened, 2) == ["2", "1"]
    assert all(size.endswith(" KB") for size in column(opened, 3))
    local = (NOW - timedelta(minutes=30)).astimezone()
    assert column(opened, 0)[0] == f"{local:%d/%m/%Y %H:%M}"
    assert opened.where.text().startswith("2 bản sao, lưu tại ")
    assert opened.restore_button.isEnabled()
    opened.done(0)


def test_an_empty_folder_says_where_copies_will_go(window: BackupsWindow) -> None:
    assert window.table.rowCount() == 0
    assert window.where.text().startswith("Chưa có bản sao nào.")
    assert not window.restore_button.isEnabled()


def test_back_up_now_makes_a_copy_and_lists_it(qtbot: QtBot, window: BackupsWindow, session: Session) -> None:
    add(session.book, "Một")
    qtbot.mouseClick(window.backup_button, Qt.MouseButton.LeftButton)
    assert column(window, WHY) == ["Sao lưu thủ công"]
    (made,) = backups.list_backups(window.folder)
    assert made.reason == "manual"
    assert window.status.text() == f"Đã sao lưu: {made.path.name}."
    with Book.open(made.path) as copy:
        assert titles(copy) == ["Một"]


def test_restore_asks_first_then_brings_the_copy_back_everywhere(qtbot: QtBot, session: Session) -> None:
    book = session.book
    add(book, "Cũ một")
    add(book, "Cũ hai")
    backups.take(book, "manual", now=NOW - timedelta(hours=1))
    push(session, AddActivities.single(session, ActivityDraft(DAY, "loa", ("tthc",), "Mới")))
    main = MainWindow(session)
    qtbot.addWidget(main)
    assert main.activities_page.model.rowCount() == 3
    opened = BackupsWindow(session, main)
    qtbot.addWidget(opened)
    opened.show()
    opened.table.selectRow(0)

    seen = answer_boxes(qtbot, "Khôi phục", None)
    qtbot.mouseClick(opened.restore_button, Qt.MouseButton.LeftButton)

    question, done = seen
    assert question["title"] == "Khôi phục bản sao lưu"
    assert "Sổ ở trạng thái hiện nay sẽ được sao lưu trước" in question["text"]
    assert done["text"].startswith("Sổ đã trở về trạng thái lúc ")
    assert "(2 hoạt động)" in done["text"]
    assert titles(book) == ["Cũ hai", "Cũ một"]
    assert main.activities_page.model.rowCount() == 2  # the views show the restored book
    assert session.undo_stack.count() == 0  # its steps were about a book that is no more
    assert opened.restored
    before = [b for b in backups.list_backups(opened.folder) if b.reason == "before-restore"]
    assert len(before) == 1 and opened.table.rowCount() == 2
    with Book.open(before[0].path) as copy:  # the restore can itself be undone
        assert titles(copy) == ["Cũ hai", "Cũ một", "Mới"]
    opened.done(0)


def test_a_cancelled_restore_changes_nothing(qtbot: QtBot, window: BackupsWindow, session: Session) -> None:
    add(session.book, "Một")
    backups.take(session.book, "manual", now=NOW - timedelta(hours=1))
    add(session.book, "Hai")
    window.reload()
    window.table.selectRow(0)
    seen = answer_boxes(qtbot, "Hủy")
    qtbot.mouseClick(window.restore_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    assert titles(session.book) == ["Hai", "Một"]
    assert not window.restored


def test_a_damaged_copy_is_refused_with_the_reason(
    qtbot: QtBot, window: BackupsWindow, session: Session
) -> None:
    add(session.book, "Giữ nguyên")
    window.folder.mkdir(parents=True)
    (window.folder / "20260101-080000-manual.wardlog").write_bytes(b"not a book" * 100)
    window.reload()
    qtbot.waitUntil(lambda: column(window, 2) == ["không đọc được"])
    window.table.selectRow(0)
    seen = answer_boxes(qtbot, "Khôi phục", None)
    qtbot.mouseClick(window.restore_button, Qt.MouseButton.LeftButton)
    assert seen[1]["title"] == "Chưa khôi phục được sổ"
    assert "không phải là sổ WardLog" in seen[1]["text"]
    assert titles(session.book) == ["Giữ nguyên"]


def test_open_folder_shows_the_copies_folder(
    qtbot: QtBot, window: BackupsWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    qtbot.mouseClick(window.folder_button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()) for url in opened] == [window.folder]
    assert window.folder.is_dir()


def test_the_file_menu_opens_the_backups_window(qtbot: QtBot, session: Session) -> None:
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    file_menu = main.menuBar().actions()[0].menu()
    assert main.backups_action in file_menu.actions()
    assert main.backups_action.text() == "&Bản sao lưu…"
    found: list[BackupsWindow] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, BackupsWindow):
            QTimer.singleShot(10, close_it)
            return
        found.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close_it)
    main.backups_action.trigger()
    assert len(found) == 1 and found[0].windowTitle() == "Bản sao lưu"


def test_many_copies_list_at_once_and_count_in_the_background(qtbot: QtBot, session: Session) -> None:
    add(session.book, "Một")
    copy = backups.take(session.book, "auto", now=NOW)
    for hours in range(1, 24):  # a day of half-hourly copies (their content is one and the same)
        target = copy.path.with_name(f"{NOW - timedelta(hours=hours):%Y%m%d-%H%M%S}-auto.wardlog")
        target.write_bytes(copy.path.read_bytes())
    opened = BackupsWindow(session)
    qtbot.addWidget(opened)
    assert opened.table.rowCount() == 24
    qtbot.waitUntil(lambda: column(opened, 2) == ["1"] * 24)
    opened.done(0)
