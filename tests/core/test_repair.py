"""Check and repair on deliberately damaged books: each repair says what it did, a copy comes first."""

from __future__ import annotations

import sqlite3
import unicodedata
from datetime import date
from pathlib import Path

from wardlog.core import backups
from wardlog.core.book import Book
from wardlog.core.checks import check_book
from wardlog.core.model import ActivityDraft
from wardlog.core.repair import repair_book

PAGE = 4096


def fill(book: Book, n: int = 5) -> list[int]:
    ids = []
    for i in range(n):
        draft = ActivityDraft(
            date(2026, 3, 1 + i), "loa", ("tthc", "chinh_quyen_so"), f"Phát thanh về dịch vụ công số {i}",
            place="Tổ dân phố 3", audiences=("nhan_dan",), minutes=15,
        )  # fmt: skip
        ids.append(book.activities.add(draft).id)
    return ids


def damage(book: Book, *statements: str) -> None:
    """Write past WardLog's rules, as another tool or a half-working copy program might."""
    conn = book.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def test_a_sound_book_has_no_findings(book: Book) -> None:
    fill(book)
    assert check_book(book) == []


def test_search_index_missing_rows_is_rebuilt(book: Book, english: None) -> None:
    fill(book)
    damage(book, "DELETE FROM activity_search WHERE rowid IN (1, 2)")
    assert check_book(book) == ["The search index covers 3 of 5 activities."]
    assert len(book.activities.search("dich vu cong")) == 3

    result = repair_book(book)

    assert "Rebuilt the search index (5 activities)." in result.repaired
    assert result.remaining == []
    assert len(book.activities.search("dich vu cong")) == 5


def test_search_index_with_stale_text_is_rebuilt(book: Book, english: None) -> None:
    fill(book)
    damage(book, "UPDATE activity_search SET body = 'chữ cũ' WHERE rowid = 3")
    assert check_book(book) == ["The search index holds outdated text for 1 activities."]
    assert book.activities.search("chu cu")

    result = repair_book(book)

    assert result.remaining == []
    assert book.activities.search("chu cu") == []
    assert [a.id for a in book.activities.search("so 2")] == [3]


def test_text_not_in_nfc_is_normalised(book: Book, english: None) -> None:
    (first, *_rest) = fill(book)
    decomposed = unicodedata.normalize("NFD", "Đối thoại với người dân")
    damage(book, f"UPDATE activities SET title = '{decomposed}', notes = '{decomposed}' WHERE id = {first}")
    assert check_book(book) == ["1 activities hold text that is not in Unicode NFC form."]

    result = repair_book(book)

    assert "Put 2 pieces of text into the standard Unicode form (NFC)." in result.repaired
    assert result.remaining == []
    assert book.activities.get(first).title == "Đối thoại với người dân"
    assert [a.id for a in book.activities.search("doi thoai")] == [first]


def test_rows_of_vanished_activities_are_removed(book: Book, english: None) -> None:
    ids = fill(book)
    book.attachments.add_data(ids[2], "ảnh.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"x" * 50)
    damage(book, f"DELETE FROM activities WHERE id = {ids[2]}")  # no cascade: foreign keys were off
    (finding,) = check_book(book)
    assert finding.startswith("4 records point to catalog entries or activities that do not exist")

    result = repair_book(book)

    assert (
        "Removed 4 records left behind by activities that no longer exist (links to topics and audiences, "
        "attachments)." in result.repaired
    )
    assert result.remaining == []
    assert book.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0
    assert book.activities.count() == 4


def test_missing_catalog_entries_come_back_retired_and_no_activity_is_lost(book: Book, english: None) -> None:
    ids = fill(book)
    damage(
        book,
        "DELETE FROM topics WHERE code = 'tthc'",
        "DELETE FROM channels WHERE code = 'loa'",
        "DELETE FROM audiences WHERE code = 'nhan_dan'",
    )
    assert check_book(book) != []

    result = repair_book(book)

    assert result.remaining == []
    (recreated,) = [
        line for line in result.repaired if line.startswith("Re-created 3 missing catalog entries")
    ]
    assert recreated.endswith(": loa, tthc, nhan_dan.")
    activity = book.activities.get(ids[0])
    assert activity.channel == "loa"
    assert activity.topics == ("chinh_quyen_so", "tthc")
    assert activity.audiences == ("nhan_dan",)
    from wardlog.core.catalog import Kind

    assert book.catalog.get(Kind.TOPIC, "tthc").retired
    assert book.catalog.get(Kind.CHANNEL, "loa").retired


def test_a_broken_index_is_rebuilt(book_path: Path, english: None) -> None:
    with Book.open(book_path) as book:
        fill(book, 8)
        root = book.conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'activities_date'"
        ).fetchone()[0]
    # the book is closed (WAL checkpointed): scribble on one key of the date index, as a bad disk might
    data = bytearray(book_path.read_bytes())
    page = data[(root - 1) * PAGE : root * PAGE]
    at = page.find(b"2026-03-04")
    assert at > 0
    data[(root - 1) * PAGE + at : (root - 1) * PAGE + at + 10] = b"2026-03-24"
    book_path.write_bytes(bytes(data))

    with Book.open(book_path) as book:
        (finding,) = check_book(book)
        assert finding.startswith("The database file is damaged:")
        result = repair_book(book)
        assert "Rebuilt the damaged indexes of the database file." in result.repaired
        assert result.remaining == []
        assert check_book(book) == []
        assert book.activities.count() == 8
    # the copy taken first keeps the book as it was, damage and all
    (copy,) = backups.list_backups(backups.folder_for(book_path))
    assert copy.reason == "before-repair"
    with sqlite3.connect(copy.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"


def scribble_on_the_activities(path: Path) -> None:
    """Overwrite the first page of the activities table, as a failing disk might."""
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'activities'").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * PAGE + 8 : (root - 1) * PAGE + 520] = b"\xff" * 512
    path.write_bytes(bytes(data))


def test_damaged_data_is_not_repaired_but_a_backup_is_advised(book_path: Path, english: None) -> None:
    with Book.open(book_path) as book:
        for i in range(300):
            book.activities.add(
                ActivityDraft(date(2026, 3, 5), "loa", ("tthc",), f"Hoạt động {i} " + "x" * 200)
            )
    scribble_on_the_activities(book_path)

    with Book.open(book_path) as book:
        result = repair_book(book)
    assert result.remaining[0].startswith("The database file is damaged:")
    assert result.remaining[-1].startswith("This damage cannot be repaired here: restore a backup")
    assert result.backup is not None and result.backup.exists()


def test_every_repair_is_preceded_by_a_copy(book: Book) -> None:
    fill(book)
    result = repair_book(book)
    assert result.backup is not None
    with Book.open(result.backup) as copy:
        assert copy.activities.count() == 5


def test_repair_reports_progress(book: Book) -> None:
    fill(book, 1)
    steps: list[tuple[int, int]] = []
    repair_book(book, progress=lambda done, total: steps.append((done, total)))
    assert steps[0] == (0, 6) and steps[-1] == (6, 6)
