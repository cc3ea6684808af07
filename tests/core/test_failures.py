"""Hostile conditions met by the core: each becomes a plain sentence, and nothing saved is lost."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from wardlog.core import backups, failures
from wardlog.core import book as book_module
from wardlog.core.book import Book
from wardlog.core.checks import check_book
from wardlog.core.errors import StorageError, WardLogError
from wardlog.core.importing import import_file
from wardlog.core.model import ActivityDraft

ROOT = Path(__file__).resolve().parents[2]


def draft(title: str) -> ActivityDraft:
    return ActivityDraft(date(2026, 3, 5), "loa", ("tthc",), title, notes="x" * 300)


def titles(book: Book) -> list[str]:
    return [a.title for a in book.activities.query()]


def fill_the_disk(book: Book, spare_pages: int = 3) -> None:
    """A disk with room for only a few more pages (SQLite's own limit stands in for a full disk)."""
    pages = book.conn.execute("PRAGMA page_count").fetchone()[0]
    book.conn.execute(f"PRAGMA max_page_count = {pages + spare_pages}")


# --- a full disk --------------------------------------------------------------------------------


def test_a_full_disk_refuses_the_change_and_keeps_what_was_saved(book: Book, english: None) -> None:
    book.activities.add(draft("Đã lưu trước"))
    fill_the_disk(book)
    saved = 1
    with pytest.raises(StorageError) as caught:
        for i in range(500):
            book.activities.add(draft(f"Thêm {i}"))
            saved += 1
    assert caught.value.kind == failures.DISK_FULL
    assert caught.value.message.startswith(f"The disk that holds {book.path.parent} is full.")
    assert "The last change was not saved; everything saved before is safe." in caught.value.message
    assert book.activities.count() == saved
    assert check_book(book) == []
    book.conn.execute("PRAGMA max_page_count = 1073741823")  # space freed: work goes on
    book.activities.add(draft("Sau khi dọn ổ đĩa"))
    assert book.activities.count() == saved + 1


def test_a_full_disk_during_an_import_adds_nothing(book: Book, tmp_path: Path) -> None:
    book.activities.add(draft("Đã lưu trước"))
    sheet = tmp_path / "nhieu.csv"
    rows = [f"05/03/2026,loa,tthc,Hoạt động số {i} {'y' * 200}" for i in range(400)]
    sheet.write_text("Ngày,Hình thức,Nội dung,Tiêu đề\n" + "\n".join(rows) + "\n", encoding="utf-8")
    fill_the_disk(book, 10)
    with pytest.raises(StorageError) as caught:
        import_file(book, sheet)
    assert caught.value.kind == failures.DISK_FULL
    assert "đầy" in caught.value.message  # Vietnamese: "Ổ đĩa … đã đầy"
    assert titles(book) == ["Đã lưu trước"]
    assert check_book(book) == []


def test_a_full_disk_where_backups_go_leaves_no_partial_copy(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    book.activities.add(draft("Đã lưu"))
    real_connect = sqlite3.connect

    def full_disk_connect(target, *args, **kwargs):
        conn = real_connect(target, *args, **kwargs)
        if str(target).endswith(".partial"):
            conn.execute("PRAGMA max_page_count = 2")
        return conn

    monkeypatch.setattr(backups.sqlite3, "connect", full_disk_connect)
    with pytest.raises(WardLogError) as caught:
        backups.copy_book(book, tmp_path / "copy.wardlog")
    assert caught.value.message == (
        f"The backup could not be written to {tmp_path / 'copy.wardlog'}: the disk is full"
    )
    assert list(tmp_path.glob("copy.wardlog*")) == []
    assert titles(book) == ["Đã lưu"]


# --- another program holds the book -------------------------------------------------------------


def test_a_book_locked_by_another_connection_is_explained(
    book: Book, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    book.activities.add(draft("Đã lưu"))
    book.conn.execute("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(book.path, isolation_level=None)  # e.g. a database tool with a change open
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE settings SET value = value")
        with pytest.raises(StorageError) as caught:
            book.activities.add(draft("Không lưu được"))
        assert caught.value.kind == failures.LOCKED
        assert "database is locked" not in caught.value.message
        assert caught.value.message.startswith(f"Another program is using the book {book.path} right now")
        assert titles(book) == ["Đã lưu"]  # reading goes on meanwhile
    finally:
        other.execute("ROLLBACK")
        other.close()
    book.activities.add(draft("Lưu được"))  # once the other program lets go
    assert titles(book) == ["Đã lưu", "Lưu được"]


def test_a_lock_held_by_another_wardlog_names_it(book: Book, english: None) -> None:
    book.conn.execute("PRAGMA busy_timeout = 100")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WITH_A_CHANGE_OPEN, str(book.path)],
        stdout=subprocess.PIPE,
        stdin=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(StorageError) as caught:
            book.activities.add(draft("Không lưu được"))
        assert f"It is open in the command “wardlog import” on the computer {os.uname().nodename}" in (
            caught.value.message
        )
        assert f"process {holder.pid})" in caught.value.message
    finally:
        holder.communicate("")
    assert book.activities.count() == 0


HOLD_WITH_A_CHANGE_OPEN = """
import sys
from wardlog.core.book import Book
book = Book.open(sys.argv[1])
book.claim("wardlog import")
book.conn.execute("BEGIN IMMEDIATE")
book.conn.execute("UPDATE settings SET value = value")
print("holding", flush=True)
sys.stdin.read()
book.conn.execute("ROLLBACK")
book.close()
"""


# --- read-only --------------------------------------------------------------------------------


def test_a_read_only_book_refuses_changes_in_plain_words(book: Book, english: None) -> None:
    book.activities.add(draft("Đã lưu"))
    book.conn.execute("PRAGMA query_only = ON")  # SQLite answers as it does for a write-protected file
    with pytest.raises(StorageError) as caught:
        book.activities.add(draft("Không lưu được"))
    assert caught.value.kind == failures.READ_ONLY
    assert "read-only (a write-protected USB stick" in caught.value.message
    assert titles(book) == ["Đã lưu"]


def unprivileged(command: list[str]) -> list[str]:
    """Run as a user the file permissions bind (root ignores them)."""
    if os.geteuid() != 0:
        return command
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]


TRY_TO_WRITE = """
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from wardlog.core import i18n
from wardlog.core.book import Book
from wardlog.core.errors import WardLogError
from wardlog.core.model import ActivityDraft
i18n.set_language("en")
try:
    book = Book.open(sys.argv[1])
    print("opened", book.activities.count())
    book.activities.add(ActivityDraft(date(2026, 3, 5), "loa", ("tthc",), "new"))
    print("written")
except WardLogError as error:
    print(type(error).__name__, getattr(error, "kind", ""), error.message)
"""


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user can reach (pytest's own are private to the user running it)."""
    folder = Path(tempfile.mkdtemp(prefix="wardlog-shared-"))
    os.chmod(folder, 0o755)
    yield folder
    os.chmod(folder, 0o755)
    shutil.rmtree(folder)


def test_a_book_in_a_read_only_folder_is_refused_with_the_reason(shared_tmp: Path) -> None:
    path = shared_tmp / "so.wardlog"
    with Book.open(path) as book:
        book.activities.add(draft("Đã lưu"))
    os.chmod(path, 0o644)
    os.chmod(shared_tmp, 0o555)
    try:
        result = subprocess.run(
            unprivileged([sys.executable, "-c", TRY_TO_WRITE, str(path)]),
            capture_output=True, text=True, cwd=ROOT, check=False,
        )  # fmt: skip
    finally:
        os.chmod(shared_tmp, 0o755)
    assert result.stderr == ""
    assert result.stdout.startswith(f"StorageError read-only WardLog may not write to {path}")
    assert "The book was not opened; nothing in it was changed." in result.stdout
    with Book.open(path) as book:
        assert titles(book) == ["Đã lưu"]


def test_a_read_only_book_file_opens_but_refuses_changes(shared_tmp: Path) -> None:
    path = shared_tmp / "so.wardlog"
    with Book.open(path) as book:
        book.activities.add(draft("Đã lưu"))
    os.chmod(shared_tmp, 0o777)  # the folder is writable (SQLite's side files), the book is not
    os.chmod(path, 0o444)
    result = subprocess.run(
        unprivileged([sys.executable, "-c", TRY_TO_WRITE, str(path)]),
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "opened 1"
    assert lines[1].startswith("StorageError read-only WardLog may not write to")
    assert "The last change was not saved; everything saved before is safe." in lines[1]


# --- the file or its drive goes away ------------------------------------------------------------


@pytest.mark.parametrize("how", ["file deleted", "folder removed", "folder renamed"])
def test_a_book_that_vanished_mid_session_refuses_to_write(tmp_path: Path, how: str, english: None) -> None:
    folder = tmp_path / "usb"
    path = folder / "so.wardlog"
    book = Book.open(path)
    try:
        book.activities.add(draft("Đã lưu"))
        if how == "file deleted":
            path.unlink()
        elif how == "folder removed":
            shutil.rmtree(folder)
        else:
            folder.rename(tmp_path / "usb-moved")
        with pytest.raises(StorageError) as caught:
            book.activities.add(draft("Không lưu được"))
        assert caught.value.kind == failures.GONE
        assert caught.value.message.startswith(f"The book {path} can no longer be reached")
    finally:
        book.close()
    if how == "folder renamed":  # the stick comes back: everything saved is there
        (tmp_path / "usb-moved").rename(folder)
        with Book.open(path) as again:
            assert titles(again) == ["Đã lưu"]


def test_a_stick_put_back_lets_work_go_on(tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    book = Book.open(folder / "so.wardlog")
    try:
        book.activities.add(draft("Một"))
        folder.rename(tmp_path / "away")
        with pytest.raises(StorageError):
            book.activities.add(draft("Hai"))
        (tmp_path / "away").rename(folder)
        book.activities.add(draft("Ba"))
        assert titles(book) == ["Một", "Ba"]
    finally:
        book.close()


# --- damaged files ------------------------------------------------------------------------------


def scribble_on_the_activities(path: Path) -> None:
    """Overwrite the first page of the activities table, as a failing disk might."""
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'activities'").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * 4096 + 8 : (root - 1) * 4096 + 520] = b"\xff" * 512
    path.write_bytes(bytes(data))


def test_reading_a_damaged_page_is_explained(book_path: Path, english: None) -> None:
    with Book.open(book_path) as book:
        for i in range(300):
            book.activities.add(draft(f"Hoạt động {i}"))
    scribble_on_the_activities(book_path)
    with Book.open(book_path) as book, pytest.raises(sqlite3.DatabaseError) as caught:
        book.activities.query()
    explained = failures.explain(caught.value, book_path)
    assert explained is not None and explained.kind == failures.DAMAGED
    assert explained.message.startswith(f"The book's file {book_path} is damaged (")
    assert "wardlog check --repair" in explained.message


# --- the mapping itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), failures.DISK_FULL),
        (OSError(errno.EROFS, "Read-only file system"), failures.READ_ONLY),
        (OSError(errno.EACCES, "Permission denied"), failures.READ_ONLY),
        (OSError(errno.EIO, "Input/output error"), failures.DISK_ERROR),
        (ValueError("not a storage failure"), None),
        (sqlite3.OperationalError("made up without a code"), None),
    ],
)
def test_os_errors_are_sorted_by_what_the_user_can_do(error: BaseException, kind: str | None) -> None:
    assert failures.kind_of(error) == kind


def test_every_kind_reads_as_sentences_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "so.wardlog"
    kinds = [failures.DISK_FULL, failures.READ_ONLY, failures.GONE, failures.LOCKED, failures.DAMAGED]
    for kind in [*kinds, failures.DISK_ERROR]:
        for opening in (False, True):
            text = failures.message(kind, path, reason="x", opening=opening)
            assert text.endswith(".") and str(path.parent) in text
            assert "WardLog could not" not in text
            assert any(letter in text for letter in "ăâđêôơư")  # translated


def test_describe_falls_back_to_the_errors_own_words(english: None) -> None:
    assert failures.describe(ValueError("odd")) == "WardLog could not finish: odd"
    assert failures.describe(WardLogError("Nói rõ.")) == "Nói rõ."


def test_busy_timeout_is_the_books_patience(book: Book) -> None:
    assert book.conn.execute("PRAGMA busy_timeout").fetchone()[0] == book_module.BUSY_TIMEOUT_MS
