"""Hostile conditions met in the app: a message box that says what happened, and nothing typed or
saved is lost. Disk full, a read-only book, a book that vanished, a book locked by another program,
a book already open in another WardLog, a book from a newer WardLog."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from tests.ui.boxes import answer_box
from wardlog.core.book import Book
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import PeriodKind, containing
from wardlog.core.schema import SCHEMA_VERSION
from wardlog.ui import app as app_module
from wardlog.ui.activity_form import ActivityForm
from wardlog.ui.main_window import MainWindow
from wardlog.ui.session import Session

ROOT = Path(__file__).resolve().parents[2]
DAY = containing(date.today(), PeriodKind.HALF).start
MEETING = ActivityDraft(DAY, "hop_dan", ("tthc",), "Họp tổ dân phố số 5", participants=60)


@pytest.fixture
def open_form(qtbot: QtBot, session: Session) -> Iterator[Callable[[], ActivityForm]]:
    def opener() -> ActivityForm:
        form = ActivityForm(session, template=MEETING)
        qtbot.addWidget(form, before_close_func=lambda widget: widget.done(QDialog.DialogCode.Rejected))
        form.show()
        qtbot.waitExposed(form)
        return form

    yield opener


def save_and_read_the_box(qtbot: QtBot, form: ActivityForm) -> dict[str, str]:
    seen = answer_box(qtbot)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    return seen


def test_a_full_disk_keeps_the_form_and_what_was_saved(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = session.book
    book.activities.add(ActivityDraft(DAY, "loa", ("tthc",), "Đã lưu trước"))
    assert book.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    pages = book.conn.execute("PRAGMA page_count").fetchone()[0]
    book.conn.execute(f"PRAGMA max_page_count = {pages}")  # not one page more: the disk is full
    minutes = replace(MEETING, notes="Biên bản cuộc họp, danh sách người dự. " * 120)  # needs new pages
    form = ActivityForm(session, template=minutes)
    qtbot.addWidget(form, before_close_func=lambda widget: widget.done(QDialog.DialogCode.Rejected))
    form.show()
    seen = save_and_read_the_box(qtbot, form)
    assert seen["title"] == "Chưa lưu được"
    assert seen["text"].startswith(f"Ổ đĩa chứa {book.path.parent} đã đầy.")
    assert "mọi dữ liệu đã lưu trước đó vẫn an toàn" in seen["text"]
    assert form.isVisible() and form.title_edit.text() == MEETING.title  # nothing typed is lost
    assert [a.title for a in book.activities.query()] == ["Đã lưu trước"]
    book.conn.execute("PRAGMA max_page_count = 1073741823")  # room again: the same form saves
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert sorted(a.title for a in book.activities.query()) == ["Họp tổ dân phố số 5", "Đã lưu trước"]


def test_a_read_only_book_says_so(
    qtbot: QtBot, open_form: Callable[[], ActivityForm], session: Session
) -> None:
    session.book.conn.execute("PRAGMA query_only = ON")  # SQLite's answer for a write-protected file
    form = open_form()
    seen = save_and_read_the_box(qtbot, form)
    assert seen["text"].startswith(f"WardLog không được phép ghi vào {session.book.path}")
    assert "USB đang bật khóa chống ghi" in seen["text"]
    assert form.isVisible() and session.book.activities.count() == 0


def test_a_book_that_vanished_says_where_it_was(
    qtbot: QtBot, open_form: Callable[[], ActivityForm], session: Session, tmp_path: Path
) -> None:
    path = session.book.path
    session.book.activities.add(ActivityDraft(DAY, "loa", ("tthc",), "Đã lưu trên USB"))
    moved = tmp_path.with_name(tmp_path.name + "-usb-rut-ra")
    tmp_path.rename(moved)  # the stick is pulled out
    try:
        form = open_form()
        seen = save_and_read_the_box(qtbot, form)
        assert seen["text"].startswith(f"Không còn truy cập được sổ {path}: có phải USB đã bị rút ra")
        assert form.isVisible()
    finally:
        moved.rename(tmp_path)
    with Book.open(path) as again:  # the stick is back: what was saved is there
        assert [a.title for a in again.activities.query()] == ["Đã lưu trên USB"]


def test_a_book_locked_by_another_program_names_no_sqlite_jargon(qtbot: QtBot, session: Session) -> None:
    book = session.book
    book.activities.add(ActivityDraft(DAY, "loa", ("tthc",), "Phát thanh"))
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    book.conn.execute("PRAGMA busy_timeout = 100")
    tool = sqlite3.connect(book.path, isolation_level=None)
    try:
        tool.execute("BEGIN IMMEDIATE")
        tool.execute("UPDATE settings SET value = value")
        main.activities_page.table.selectRow(0)
        seen = answer_box(qtbot)
        main.delete_action.trigger()
    finally:
        tool.execute("ROLLBACK")
        tool.close()
    assert seen["text"].startswith(f"Một chương trình khác đang sử dụng sổ {book.path}")
    assert "database is locked" not in seen["text"]
    assert book.activities.count() == 1


def test_an_unexpected_storage_error_is_told_plainly(qtbot: QtBot, session: Session) -> None:
    app_module.install_error_hook()
    book = session.book
    pages = book.conn.execute("PRAGMA page_count").fetchone()[0]
    book.conn.execute(f"PRAGMA max_page_count = {pages}")
    try:
        book.conn.execute("CREATE TABLE filler(x)")  # past WardLog's own writes: a raw SQLite error
    except sqlite3.Error as error:
        raw = error
    seen = answer_box(qtbot)
    sys.excepthook(type(raw), raw, raw.__traceback__)
    assert seen["text"].startswith("Ổ đĩa chứa ")
    assert "Đã xảy ra lỗi" not in seen["text"]


# --- at start-up ------------------------------------------------------------------------------------

HOLD = """
import sys
from wardlog.core.book import Book
book = Book.open(sys.argv[1])
book.claim("app")
print("holding", flush=True)
sys.stdin.read()
book.close()
"""


def test_a_book_open_in_another_wardlog_is_not_opened_twice(qtbot: QtBot, book_path: Path) -> None:
    with Book.open(book_path) as book:
        book.update_settings(ward_code="09556", unit_name="Phường Hà Đông")
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(book_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert other.stdout.readline().strip() == "holding"
        seen = answer_box(qtbot)
        assert app_module.run(book_path, exec_loop=False) == 1
    finally:
        other.communicate("")
    assert seen["text"].startswith(
        f"Sổ {book_path} đang được mở trong chương trình WardLog trên máy {socket.gethostname()}"
    )
    assert f"tiến trình {other.pid}" in seen["text"]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_a_book_from_a_newer_wardlog_is_refused_at_start(qtbot: QtBot, book_path: Path) -> None:
    Book.open(book_path).close()
    conn = sqlite3.connect(book_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = book_path.read_bytes()
    seen = answer_box(qtbot)
    assert app_module.run(book_path, exec_loop=False) == 1
    assert seen["text"].startswith("Không mở được sổ.")
    assert "phiên bản WardLog mới hơn" in seen["text"]
    assert book_path.read_bytes() == before
