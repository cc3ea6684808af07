"""Backups: consistent single-file copies, thinning over a year, restore with a safety copy."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from wardlog.core import backups, schema
from wardlog.core import book as book_module
from wardlog.core.book import Book
from wardlog.core.errors import BookError, NotABookError
from wardlog.core.model import ActivityDraft

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def add(book: Book, title: str) -> None:
    book.activities.add(ActivityDraft(date(2026, 3, 5), "loa", ("tthc",), title))


def titles(book: Book) -> list[str]:
    return [a.title for a in book.activities.query()]


def test_copy_is_a_consistent_single_file_book(book: Book, tmp_path: Path) -> None:
    add(book, "Phát thanh về dịch vụ công")
    book.attachments.add_data(1, "ảnh.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"x" * 100)
    target = backups.copy_book(book, tmp_path / "copy.wardlog")
    assert not (tmp_path / "copy.wardlog-wal").exists()
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    with Book.open(target) as copy:
        assert titles(copy) == ["Phát thanh về dịch vụ công"]
        assert copy.attachments.data(1).startswith(b"\x89PNG")


def test_copy_while_another_connection_holds_unsaved_work(book: Book, tmp_path: Path) -> None:
    add(book, "Đã lưu")
    other = Book.open(book.path)
    try:
        other.conn.execute("BEGIN IMMEDIATE")
        other.conn.execute("UPDATE activities SET title = 'chưa lưu'")
        target = backups.copy_book(book, tmp_path / "copy.wardlog")
        other.conn.execute("ROLLBACK")
    finally:
        other.close()
    with Book.open(target) as copy:
        assert titles(copy) == ["Đã lưu"]


def test_take_names_by_time_and_reason(book: Book) -> None:
    taken = backups.take(book, "before-import", now=NOW)
    assert taken.path.name == "20261123-090000-before-import.wardlog"
    assert taken.path.parent == backups.folder_for(book.path)
    assert [b.reason for b in backups.list_backups(taken.path.parent)] == ["before-import"]


def test_thinning_keeps_recent_densely_and_old_sparsely(book: Book) -> None:
    folder = backups.folder_for(book.path)
    # one copy every 6 hours for two years (thinning goes by the names; the content does not matter)
    folder.mkdir(parents=True)
    for hours in range(0, 2 * 366 * 24, 6):
        (folder / f"{NOW - timedelta(hours=hours):%Y%m%d-%H%M%S}-auto.wardlog").write_bytes(b"")
    before = len(backups.list_backups(folder))
    backups.thin(folder, now=NOW)
    kept = backups.list_backups(folder)
    ages = [NOW - b.taken_at for b in kept]
    assert before == 2928
    assert len(kept) <= 24 / 6 + 31 + 53 + 2
    assert sum(1 for age in ages if age <= timedelta(days=1)) == 5  # all of the last day
    assert max(ages) <= timedelta(days=366)  # about a year of history
    assert max(ages) >= timedelta(days=350)


def test_restore_brings_back_the_copy_and_keeps_the_state_before(book: Book, tmp_path: Path) -> None:
    add(book, "Cũ")
    copy = backups.copy_book(book, tmp_path / "copy.wardlog")
    add(book, "Mới")
    safety = backups.restore(book, copy)
    assert titles(book) == ["Cũ"]
    assert book.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Book.open(safety.path) as before:
        assert titles(before) == ["Cũ", "Mới"]
    add(book, "Sau khi khôi phục")  # the book keeps working
    assert titles(book) == ["Cũ", "Sau khi khôi phục"]


def test_restore_refuses_other_files_and_changes_nothing(book: Book, tmp_path: Path) -> None:
    add(book, "Giữ nguyên")
    text = tmp_path / "x.wardlog"
    text.write_text("không phải sổ", encoding="utf-8")
    with pytest.raises(NotABookError):
        backups.restore(book, text)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t(x)")
    with pytest.raises(NotABookError):
        backups.restore(book, other)
    assert titles(book) == ["Giữ nguyên"]
    assert backups.list_backups(backups.folder_for(book.path)) == []


def test_restore_refuses_a_newer_book(book: Book, tmp_path: Path) -> None:
    copy = backups.copy_book(book, tmp_path / "copy.wardlog")
    with sqlite3.connect(copy) as conn:
        conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    with pytest.raises(BookError):
        backups.restore(book, copy)


def test_restoring_an_old_schema_copy_migrates_it(
    book_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_path = tmp_path / "old.wardlog"
    with monkeypatch.context() as old_program:
        old_program.setattr(book_module, "MIGRATIONS", {1: schema.MIGRATIONS[1]})
        old_program.setattr(book_module, "SCHEMA_VERSION", 1)
        with Book.open(old_path) as old:
            add(old, "Sổ cũ")
    with Book.open(book_path) as book:
        backups.restore(book, old_path)
        assert book.schema_version == schema.SCHEMA_VERSION
        assert titles(book) == ["Sổ cũ"]
        assert book.attachments.counts() == {}


def test_upgrading_an_old_book_keeps_a_copy_of_it_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.wardlog"
    with monkeypatch.context() as old_program:
        old_program.setattr(book_module, "MIGRATIONS", {1: schema.MIGRATIONS[1]})
        old_program.setattr(book_module, "SCHEMA_VERSION", 1)
        with Book.open(path) as old:
            add(old, "Sổ cũ")
    with Book.open(path) as upgraded:
        assert upgraded.schema_version == schema.SCHEMA_VERSION
    (copy,) = backups.list_backups(backups.folder_for(path))
    assert copy.reason == "before-upgrade"
    with sqlite3.connect(copy.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_importing_into_a_book_with_activities_backs_it_up_first(book: Book, tmp_path: Path) -> None:
    from wardlog.core.importing import import_file

    sheet = tmp_path / "a.csv"
    sheet.write_text("Ngày,Hình thức,Nội dung,Tiêu đề\n05/03/2026,loa,tthc,Một\n", encoding="utf-8")
    import_file(book, sheet)  # an empty book has nothing to lose: no copy
    assert backups.list_backups(backups.folder_for(book.path)) == []
    import_file(book, sheet)
    (copy,) = backups.list_backups(backups.folder_for(book.path))
    assert copy.reason == "before-import"
    with Book.open(copy.path) as before:
        assert titles(before) == ["Một"]


def test_quick_check_finds_a_damaged_file(book: Book, tmp_path: Path) -> None:
    from wardlog.core.checks import quick_check

    for i in range(300):
        add(book, f"Hoạt động {i} " + "x" * 200)
    assert quick_check(book.conn) == []
    copy = backups.copy_book(book, tmp_path / "copy.wardlog")
    data = bytearray(copy.read_bytes())
    page = 4096
    data[3 * page : 3 * page + 512] = b"\xff" * 512  # a scribbled page, as a failing disk leaves
    copy.write_bytes(bytes(data))
    damaged = sqlite3.connect(copy)
    try:
        assert quick_check(damaged) != []
    finally:
        damaged.close()
