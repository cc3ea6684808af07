"""Tools › Check the book…: the check runs as a Task, findings in plain words, the repair on request."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.boxes import answer_box
from wardlog.core import backups
from wardlog.core.checks import check_book
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import PeriodKind, containing
from wardlog.ui.check_dialog import CheckDialog
from wardlog.ui.main_window import MainWindow
from wardlog.ui.session import Session

DAY = containing(date.today(), PeriodKind.HALF).start


@pytest.fixture
def main(qtbot: QtBot, session: Session) -> MainWindow:
    for title in ("Phát thanh một", "Đối thoại với người dân", "Panô dịch vụ công"):
        session.book.activities.add(ActivityDraft(DAY, "loa", ("tthc",), title))
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_menu_item_says_a_sound_book_is_sound(qtbot: QtBot, main: MainWindow) -> None:
    assert main.check_action.text() == "&Kiểm tra sổ…"
    seen = answer_box(qtbot)
    main.check_action.trigger()
    assert seen["title"] == "Kiểm tra sổ"
    assert seen["text"] == ("Sổ bình thường (3 hoạt động): đã kiểm tra tệp, dữ liệu và chỉ mục tìm kiếm.")


def damage(session: Session) -> None:
    conn = session.book.conn
    decomposed = unicodedata.normalize("NFD", "Đối thoại với người dân")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM activity_search WHERE rowid = 1")
    conn.execute("UPDATE activities SET title = ? WHERE id = 2", [decomposed])
    conn.execute("DELETE FROM activities WHERE id = 3")  # leaves its topic link behind
    conn.execute("PRAGMA foreign_keys = ON")


def test_findings_are_shown_and_repaired_on_request(qtbot: QtBot, main: MainWindow, session: Session) -> None:
    damage(session)
    shown: dict[str, str] = {}

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CheckDialog):
            QTimer.singleShot(10, drive)
            return
        shown["heading"] = dialog.heading.text()
        shown["findings"] = dialog.text.toPlainText()
        shown["advice"] = dialog.advice.text()
        qtbot.mouseClick(dialog.repair_button, Qt.MouseButton.LeftButton)  # runs the repair as a Task
        shown["after"] = dialog.heading.text()
        shown["repaired"] = dialog.text.toPlainText()
        shown["copy"] = dialog.advice.text()
        shown["repair button"] = str(dialog.repair_button.isVisible())
        dialog.reject()

    QTimer.singleShot(0, drive)
    main.check_action.trigger()

    assert shown["heading"] == "Kiểm tra phát hiện các lỗi sau trong sổ:"
    assert "liên kết của hoạt động với nội dung tuyên truyền" in shown["findings"]
    assert "Chỉ mục tìm kiếm" in shown["findings"]
    assert "Unicode NFC" in shown["findings"]
    assert "sao lưu trước khi sửa" in shown["advice"]
    assert shown["after"] == "Sổ đã bình thường trở lại (2 hoạt động)."
    assert "Đã dựng lại chỉ mục tìm kiếm (2 hoạt động)." in shown["repaired"]
    assert "Đã chuẩn hóa 1 đoạn văn bản về dạng Unicode chuẩn (NFC)." in shown["repaired"]
    assert shown["repair button"] == "False"
    (copy,) = backups.list_backups(backups.folder_for(session.book.path))
    assert copy.reason == "before-repair" and str(copy.path) in shown["copy"]
    assert check_book(session.book) == []
    assert [a.title for a in session.book.activities.search("doi thoai")] == ["Đối thoại với người dân"]
    assert main.activities_page.model.rowCount() == 2  # the views show the repaired book


def test_what_cannot_be_repaired_is_said(qtbot: QtBot, session: Session) -> None:
    session.book.activities.add(ActivityDraft(DAY, "loa", ("tthc",), "Không có nội dung"))
    conn = session.book.conn
    conn.execute("DELETE FROM activity_topics")  # an activity without a topic: only a person can fix it
    dialog = CheckDialog(session, check_book(session.book))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "1 hoạt động chưa có nội dung tuyên truyền." in dialog.text.toPlainText()
    qtbot.mouseClick(dialog.repair_button, Qt.MouseButton.LeftButton)
    assert dialog.heading.text() == "Có lỗi chưa sửa được."
    assert "Vẫn còn lỗi:" in dialog.text.toPlainText()
    dialog.done(0)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_check_and_backups_windows_fit_a_small_screen(
    qtbot: QtBot, session: Session, language: str
) -> None:
    from wardlog.core import i18n
    from wardlog.ui.backups_window import BackupsWindow

    i18n.set_language(language)
    findings = ["x" * 300, "y" * 300]
    for window in (BackupsWindow(session), CheckDialog(session, findings)):
        qtbot.addWidget(window)
        window.show()
        hint = window.minimumSizeHint().expandedTo(window.minimumSize())
        assert hint.width() <= 1024 and hint.height() <= 600 - 40, (type(window).__name__, hint)
        window.done(0)
