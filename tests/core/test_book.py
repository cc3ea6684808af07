"""The book file: its marks, its pragmas, refusing files that are not books, and migrating old ones."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from wardlog.core import book as book_module
from wardlog.core import schema
from wardlog.core.book import Book
from wardlog.core.errors import BookError, BookMissingError, NewerBookError, NotABookError, WardLogError
from wardlog.core.model import ActivityDraft
from wardlog.core.schema import APPLICATION_ID, SCHEMA_VERSION


def pragma(conn: sqlite3.Connection, name: str) -> object:
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def add_one(book: Book, title: str = "Hội nghị giao ban") -> int:
    return book.activities.add(ActivityDraft(date(2026, 1, 12), "hoi_nghi", ("tthc",), title)).id


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


# --- a new book ---------------------------------------------------------------------------------


def test_application_id_constant() -> None:
    assert APPLICATION_ID == 0x57444C47
    assert APPLICATION_ID.to_bytes(4, "big") == b"WDLG"


def test_new_book_pragmas(book: Book, book_path: Path) -> None:
    assert book.path == book_path
    assert book_path.exists()
    conn = book.conn
    assert pragma(conn, "application_id") == APPLICATION_ID
    assert pragma(conn, "user_version") == SCHEMA_VERSION == book.schema_version
    assert pragma(conn, "journal_mode") == "wal"
    assert pragma(conn, "synchronous") == 2  # FULL
    assert pragma(conn, "foreign_keys") == 1
    assert pragma(conn, "busy_timeout") >= 1000


def test_marks_are_in_the_file(book_path: Path) -> None:
    Book.open(book_path).close()
    header = book_path.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert header[68:72] == b"WDLG"  # application id
    assert int.from_bytes(header[60:64], "big") == SCHEMA_VERSION  # user version
    conn = raw(book_path)
    try:
        assert pragma(conn, "journal_mode") == "wal"  # WAL mode persists in the file
        assert pragma(conn, "application_id") == APPLICATION_ID
    finally:
        conn.close()


def test_new_book_has_default_settings_and_catalog(book: Book) -> None:
    settings = book.settings
    assert (settings.convention, settings.language, settings.catalog_version) == ("cutoff", "vi", 1)
    assert settings.ward_code == settings.unit_name == ""
    assert len(book.catalog.channels()) == 16
    assert book.activities.count() == 0


def test_foreign_keys_are_enforced(book: Book) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        book.conn.execute("INSERT INTO activity_topics(activity_id, topic) VALUES (12345, 'tthc')")


def test_open_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "mot" / "hai" / "so.wardlog"
    with Book.open(path) as opened:
        assert opened.schema_version == SCHEMA_VERSION
    assert path.is_file()


def test_open_in_a_folder_that_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "tep").write_text("x", encoding="utf-8")
    with pytest.raises(BookError):
        Book.open(tmp_path / "tep" / "so.wardlog")


def test_open_a_folder_as_a_book(tmp_path: Path) -> None:
    (tmp_path / "thu-muc").mkdir()
    with pytest.raises(BookError):
        Book.open(tmp_path / "thu-muc")


def test_in_memory_book() -> None:
    with Book.in_memory() as memory:
        assert memory.path is None
        assert memory.schema_version == SCHEMA_VERSION
        assert pragma(memory.conn, "foreign_keys") == 1
        add_one(memory)
        assert memory.activities.count() == 1


# --- reopening ----------------------------------------------------------------------------------


def test_reopening_keeps_data(book_path: Path) -> None:
    with Book.open(book_path) as first:
        activity_id = add_one(first, "Đối thoại với doanh nghiệp")
        first.update_settings(ward_code="09556", unit_name="Phường Hà Đông", convention="calendar")
        uid = first.activities.get(activity_id).uid  # type: ignore[union-attr]
    with Book.open(book_path, create=False) as again:
        activity = again.activities.get(activity_id)
        assert activity is not None
        assert (activity.uid, activity.title) == (uid, "Đối thoại với doanh nghiệp")
        settings = again.settings
        assert (settings.ward_code, settings.unit_name, settings.convention) == (
            "09556",
            "Phường Hà Đông",
            "calendar",
        )
        assert again.schema_version == SCHEMA_VERSION
        assert len(again.catalog.channels()) == 16  # the catalog is not seeded twice


def test_open_missing_without_create(tmp_path: Path) -> None:
    path = tmp_path / "khong-co" / "so.wardlog"
    with pytest.raises(BookMissingError) as caught:
        Book.open(path, create=False)
    assert str(path) in str(caught.value)
    assert not path.exists() and not path.parent.exists()


def test_open_missing_without_create_in_english(english: None, tmp_path: Path) -> None:
    path = tmp_path / "so.wardlog"
    with pytest.raises(BookMissingError) as caught:
        Book.open(path, create=False)
    assert str(caught.value) == f"There is no book at {path}."


# --- files that are not (this WardLog's) books --------------------------------------------------


def make_newer(path: Path) -> None:
    with Book.open(path) as made:
        add_one(made)
    conn = raw(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


def test_newer_book_is_refused_and_left_unchanged(book_path: Path) -> None:
    make_newer(book_path)
    before = book_path.read_bytes()
    with pytest.raises(NewerBookError):
        Book.open(book_path)
    with pytest.raises(NewerBookError):
        Book.open(book_path, create=False)
    assert book_path.read_bytes() == before
    conn = raw(book_path)
    assert pragma(conn, "user_version") == SCHEMA_VERSION + 1
    conn.close()


def test_newer_book_message_in_english(english: None, book_path: Path) -> None:
    make_newer(book_path)
    with pytest.raises(NewerBookError) as caught:
        Book.open(book_path)
    assert str(caught.value) == (
        f"This book was written by a newer version of WardLog (book format {SCHEMA_VERSION + 1}, "
        f"this program knows up to {SCHEMA_VERSION}). "
        "Install the newer WardLog to open it; nothing was changed."
    )


@pytest.mark.parametrize("application_id", [0x12345678, 1, APPLICATION_ID + 1])
def test_another_programs_database_is_refused(tmp_path: Path, application_id: int) -> None:
    path = tmp_path / "khac.sqlite"
    conn = raw(path)
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.execute("CREATE TABLE ghi_chu (x TEXT)")
    conn.execute("INSERT INTO ghi_chu VALUES ('giữ nguyên')")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotABookError):
        Book.open(path)
    assert path.read_bytes() == before


def test_another_programs_empty_database_with_its_own_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "khac.sqlite"
    conn = raw(path)
    conn.execute("PRAGMA application_id = 42")
    conn.close()
    before = path.read_bytes()
    assert before  # the id is written in the header
    with pytest.raises(NotABookError):
        Book.open(path)
    assert path.read_bytes() == before


def test_database_without_id_but_with_tables_is_refused(tmp_path: Path, english: None) -> None:
    path = tmp_path / "khac.db"
    conn = raw(path)
    conn.execute("CREATE TABLE activities (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO activities(title) VALUES ('không phải sổ')")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotABookError) as caught:
        Book.open(path)
    assert str(caught.value) == f"{path} is not a WardLog book (it belongs to another program)."
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [
        "Ngày,Hình thức,Nội dung,Tiêu đề\n05/01/2026,loa,tthc,Phát thanh\n".encode(),
        b"SQLite format 3\x00" + b"\x00" * 200,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    ],
)
def test_file_that_is_not_a_database_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "so.wardlog"
    path.write_bytes(content)
    with pytest.raises(NotABookError):
        Book.open(path)
    assert path.read_bytes() == content


def test_text_file_message_in_english(tmp_path: Path, english: None) -> None:
    path = tmp_path / "ghi-chu.txt"
    path.write_text("x" * 2000, encoding="utf-8")
    with pytest.raises(NotABookError) as caught:
        Book.open(path)
    assert str(caught.value) == f"{path} is not a WardLog book (it is not a database)."
    assert isinstance(caught.value, WardLogError)


# --- migrations ---------------------------------------------------------------------------------


NEXT = SCHEMA_VERSION + 1  # the tests below add a pretend next version on top of the current one


@pytest.fixture
def v1_book(book_path: Path) -> Path:
    """A book at the current schema version, with data, about to meet a newer program."""
    with Book.open(book_path) as made:
        add_one(made, "Trước nâng cấp")
        made.update_settings(ward_code="09556")
    return book_path


def pretend_version_2(monkeypatch: pytest.MonkeyPatch, step: object) -> None:
    monkeypatch.setitem(schema.MIGRATIONS, NEXT, step)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", NEXT)
    monkeypatch.setattr(book_module, "SCHEMA_VERSION", NEXT)


def test_a_real_version_1_book_gains_attachments(book_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A book written by the first release (schema 1) opens in this one and keeps everything."""
    with monkeypatch.context() as old_program:
        old_program.setattr(schema, "MIGRATIONS", {1: schema.MIGRATIONS[1]})
        old_program.setattr(book_module, "MIGRATIONS", {1: schema.MIGRATIONS[1]})
        old_program.setattr(book_module, "SCHEMA_VERSION", 1)
        with Book.open(book_path) as old:
            add_one(old, "Sổ cũ")
            assert old.schema_version == 1
            assert "attachments" not in {r[0] for r in old.conn.execute("SELECT name FROM sqlite_master")}
    with Book.open(book_path) as upgraded:
        assert upgraded.schema_version == SCHEMA_VERSION >= 2
        assert [a.title for a in upgraded.activities.query()] == ["Sổ cũ"]
        assert "sha256" in columns(upgraded.conn, "attachments")


def test_migration_to_a_new_version(v1_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def to_v2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE activities ADD COLUMN evidence TEXT NOT NULL DEFAULT ''")
        conn.execute("UPDATE activities SET evidence = 'ảnh.jpg'")

    pretend_version_2(monkeypatch, to_v2)
    with Book.open(v1_book) as migrated:
        assert migrated.schema_version == NEXT
        assert pragma(migrated.conn, "application_id") == APPLICATION_ID
        assert "evidence" in columns(migrated.conn, "activities")
        (activity,) = migrated.activities.query()
        assert activity.title == "Trước nâng cấp"
        assert migrated.conn.execute("SELECT evidence FROM activities").fetchone()[0] == "ảnh.jpg"
        assert migrated.settings.ward_code == "09556"
        assert len(migrated.catalog.channels()) == 16  # not seeded again
    # a second opening has nothing left to do
    calls: list[int] = []
    monkeypatch.setitem(schema.MIGRATIONS, NEXT, lambda conn: calls.append(2))
    with Book.open(v1_book) as again:
        assert again.schema_version == NEXT
    assert calls == []


def test_a_new_book_runs_every_step(book_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    steps: list[int] = []

    def to_v2(conn: sqlite3.Connection) -> None:
        steps.append(2)
        conn.execute("CREATE TABLE evidence (activity_id INTEGER REFERENCES activities(id), path TEXT)")

    pretend_version_2(monkeypatch, to_v2)
    with Book.open(book_path) as created:
        assert created.schema_version == NEXT
        assert "path" in columns(created.conn, "evidence")
        assert len(created.catalog.channels()) == 16
    assert steps == [2]


def test_a_failing_step_rolls_back_completely(v1_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def to_v2(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE activities ADD COLUMN evidence TEXT NOT NULL DEFAULT ''")
        conn.execute("CREATE TABLE half_done (x)")
        conn.execute("UPDATE activities SET title = 'đã sửa'")
        conn.execute("INSERT INTO activities(id) VALUES (99)")  # NOT NULL constraint failed

    pretend_version_2(monkeypatch, to_v2)
    with pytest.raises((sqlite3.Error, BookError)):
        Book.open(v1_book)
    conn = raw(v1_book)
    try:
        assert pragma(conn, "user_version") == SCHEMA_VERSION
        assert pragma(conn, "application_id") == APPLICATION_ID
        assert "evidence" not in columns(conn, "activities")
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
        assert conn.execute("SELECT title FROM activities").fetchall() == [("Trước nâng cấp",)]
    finally:
        conn.close()


def test_a_step_that_breaks_references_is_refused(v1_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def to_v2(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        conn.execute("DELETE FROM topics WHERE code = 'tthc'")  # still used by the activity

    pretend_version_2(monkeypatch, to_v2)
    with pytest.raises(BookError):
        Book.open(v1_book)
    conn = raw(v1_book)
    try:
        assert pragma(conn, "user_version") == SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM topics WHERE code = 'tthc'").fetchone()[0] == 1
    finally:
        conn.close()


def test_the_book_still_opens_after_a_failed_migration(
    v1_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("hỏng")

    with monkeypatch.context() as patch:
        pretend_version_2(patch, broken)
        with pytest.raises((sqlite3.Error, BookError)):
            Book.open(v1_book)
    with Book.open(v1_book) as opened:
        assert opened.schema_version == SCHEMA_VERSION
        assert [a.title for a in opened.activities.query()] == ["Trước nâng cấp"]


# --- transactions -------------------------------------------------------------------------------


def settings_keys(book: Book) -> set[str]:
    return {row[0] for row in book.conn.execute("SELECT key FROM settings")}


def test_atomic_commits(book: Book) -> None:
    with book.atomic() as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES ('thu', '1')")
    assert not book.conn.in_transaction
    assert "thu" in settings_keys(book)


def test_atomic_rolls_back_on_error(book: Book) -> None:
    with pytest.raises(RuntimeError), book.atomic() as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES ('thu', '1')")
        raise RuntimeError
    assert not book.conn.in_transaction
    assert "thu" not in settings_keys(book)


def test_nested_atomic_rolls_back_only_the_inner_block(book: Book) -> None:
    with book.atomic() as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES ('ngoai', '1')")
        with pytest.raises(RuntimeError), book.atomic() as inner:
            inner.execute("INSERT INTO settings(key, value) VALUES ('trong', '1')")
            raise RuntimeError
        with book.atomic() as inner:
            inner.execute("INSERT INTO settings(key, value) VALUES ('trong2', '1')")
    keys = settings_keys(book)
    assert {"ngoai", "trong2"} <= keys
    assert "trong" not in keys


def test_failed_write_leaves_the_book_usable(book: Book) -> None:
    with pytest.raises(sqlite3.IntegrityError), book.atomic() as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES ('a', '1')")
        conn.execute("INSERT INTO settings(key, value) VALUES ('a', '2')")
    assert "a" not in settings_keys(book)
    add_one(book)
    assert book.activities.count() == 1


def test_another_connection_sees_only_committed_writes(book: Book, book_path: Path) -> None:
    reader = raw(book_path)
    try:
        with book.atomic():
            add_one(book)
            assert reader.execute("SELECT count(*) FROM activities").fetchone()[0] == 0
        assert reader.execute("SELECT count(*) FROM activities").fetchone()[0] == 1
    finally:
        reader.close()


def test_update_settings(book: Book) -> None:
    settings = book.update_settings(unit_name="Phường Hà Đông", place="Hà Đông")
    assert (settings.unit_name, settings.place) == ("Phường Hà Đông", "Hà Đông")
    assert book.settings == settings
    with pytest.raises(TypeError):
        book.update_settings(no_such_setting="x")
    assert book.settings == settings
