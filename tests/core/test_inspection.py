"""Hostile and broken files given to the merger: each is refused with a message, and the upper
level's book is left exactly as it was."""

from __future__ import annotations

import shutil
import sqlite3
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.exchange_kit import WARDS, dump, export_file, tamper, upper_book, ward_book
from wardlog.core import i18n
from wardlog.core.book import Book
from wardlog.core.exchange_format import FORMAT_VERSION
from wardlog.core.inspection import RefusedFile, check_file
from wardlog.core.merging import merge_file, merge_files

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(200))


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """Messages in English here, so the tests can say which refusal they expect."""


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One good exchange file of Phường Ba Đình, with an attachment."""
    folder = tmp_path_factory.mktemp("genuine")
    i18n.set_language("en")
    code, name = WARDS[0]
    with ward_book(folder, code, name) as book:
        first = book.activities.query()[0]
        book.attachments.add_data(first.id, "bien-ban.png", "image/png", PNG)
        path = export_file(book, folder / "files", final=True)
    check_file(path)
    return path


@pytest.fixture
def candidate(genuine: Path, tmp_path: Path) -> Path:
    """A private copy of the good file, to be spoiled by the test."""
    return Path(shutil.copy(genuine, tmp_path / genuine.name))


@pytest.fixture
def upper(tmp_path: Path, genuine: Path) -> Iterator[Book]:
    """An upper-level book that already holds another ward's data."""
    code, name = WARDS[1]
    with ward_book(tmp_path, code, name) as other:
        other_file = export_file(other, tmp_path / "other")
    with upper_book(tmp_path) as book:
        assert merge_file(book, other_file).added == 4
        yield book


def refused(upper: Book, path: Path, reason: str) -> RefusedFile:
    """Merging ``path`` is refused for ``reason`` (a regular expression) and changes nothing."""
    before = dump(upper)
    with pytest.raises(RefusedFile, match=reason) as caught:
        merge_file(upper, path)
    assert dump(upper) == before
    [result] = merge_files(upper, [path], backup=False)  # the batch reports it instead of raising
    assert result.refused == caught.value.reason and not result.ok
    assert dump(upper) == before
    assert path.name in caught.value.message
    return caught.value


def test_the_genuine_file_is_accepted(upper: Book, genuine: Path) -> None:
    result = merge_file(upper, genuine)
    assert (result.added, result.refused) == (4, None)


def test_an_empty_file(upper: Book, tmp_path: Path) -> None:
    path = tmp_path / "rong.wlx"
    path.write_bytes(b"")
    refused(upper, path, "empty")


def test_a_missing_file(upper: Book, tmp_path: Path) -> None:
    refused(upper, tmp_path / "khong-co.wlx", "no such file")


def test_plain_text(upper: Book, tmp_path: Path) -> None:
    path = tmp_path / "ghi-chu.wlx"
    path.write_text(
        "Ngày,Hình thức,Nội dung,Tiêu đề\n05/03/2026,loa,tthc,Phát thanh\n" * 20, encoding="utf-8"
    )
    refused(upper, path, "not a SQLite database")


def test_another_programs_database(upper: Book, tmp_path: Path) -> None:
    path = tmp_path / "khac.wlx"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE activities (uid TEXT, title TEXT)")
    conn.execute("INSERT INTO activities VALUES ('x', 'y')")
    conn.commit()
    conn.close()
    refused(upper, path, "another program")


def test_a_wardlog_book_instead_of_an_exchange_file(upper: Book, tmp_path: Path) -> None:
    code, name = WARDS[2]
    with ward_book(tmp_path, code, name) as book:
        book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        book.conn.execute("PRAGMA journal_mode = DELETE")
        path = book.path
    assert path is not None
    refused(upper, path, "WardLog book, not an exchange file")


def test_a_file_from_a_newer_wardlog(upper: Book, candidate: Path) -> None:
    tamper(candidate, f"PRAGMA user_version = {FORMAT_VERSION + 1}", fix_checksum=False)
    refused(upper, candidate, "newer WardLog")


def test_a_file_of_format_2_that_calls_itself_format_1(upper: Book, candidate: Path) -> None:
    tamper(candidate, "PRAGMA user_version = 1", fix_checksum=False)
    refused(upper, candidate, "what an exchange file never holds: .*a table “assessment_criteria”")


def test_a_manifest_of_another_format_than_the_file(upper: Book, candidate: Path) -> None:
    tamper(candidate, "UPDATE manifest SET format_version = 1")
    refused(upper, candidate, r"manifest is not valid \(format")


@pytest.mark.parametrize("keep", [0.5, -4096, -1])
def test_a_truncated_file(upper: Book, candidate: Path, keep: float) -> None:
    data = candidate.read_bytes()
    cut = int(len(data) * keep) if keep > 0 else len(data) + int(keep)
    candidate.write_bytes(data[:cut])
    refused(upper, candidate, "truncated")


def test_bytes_added_at_the_end(upper: Book, candidate: Path) -> None:
    candidate.write_bytes(candidate.read_bytes() + b"\x00" * 4096)
    refused(upper, candidate, "truncated or has bytes added")


def test_a_flipped_byte_in_a_title(upper: Book, candidate: Path) -> None:
    data = bytearray(candidate.read_bytes())
    at = data.find("Phát thanh CCHC số 2".encode())
    data[at] ^= 0x01  # "P" becomes "Q": still a sound database, with other content
    candidate.write_bytes(bytes(data))
    refused(upper, candidate, "checksum does not match")


def test_a_flipped_byte_in_the_attached_file(upper: Book, candidate: Path) -> None:
    data = bytearray(candidate.read_bytes())
    at = data.find(PNG[8:40])
    data[at + 5] ^= 0xFF
    candidate.write_bytes(bytes(data))
    refused(upper, candidate, "checksum does not match")


def test_flipped_bytes_in_the_structure(upper: Book, candidate: Path) -> None:
    data = bytearray(candidate.read_bytes())
    page = struct.unpack(">H", data[16:18])[0]
    for page_number in range(1, len(data) // page):  # every page's b-tree header: its kind of page
        data[page_number * page] ^= 0x55
    candidate.write_bytes(bytes(data))
    refused(upper, candidate, "damaged|not defined")


@pytest.mark.parametrize("offset", [0, 16, 18, 20, 24, 28, 56, 60, 68, 92])
def test_a_flipped_byte_in_the_header(upper: Book, candidate: Path, offset: int) -> None:
    data = bytearray(candidate.read_bytes())
    data[offset] ^= 0x08
    candidate.write_bytes(bytes(data))
    refused(upper, candidate, ".")


def test_every_flipped_byte_is_refused_or_harmless(upper: Book, candidate: Path, genuine: Path) -> None:
    """Sweep the file: a flip is refused, or it fell where nothing is stored (then the content is
    byte for byte what the ward sent, and merging it is merging the genuine file)."""
    original = genuine.read_bytes()
    accepted = 0
    for offset in range(100, len(original), 397):
        data = bytearray(original)
        data[offset] ^= 0x20
        candidate.write_bytes(bytes(data))
        try:
            manifest = check_file(candidate)
        except RefusedFile:
            continue
        accepted += 1
        assert manifest == check_file(genuine)  # same content, same checksum
    assert accepted < len(range(100, len(original), 397))


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("CREATE TRIGGER sneaky AFTER INSERT ON activities BEGIN DELETE FROM units; END", "a trigger"),
        ("CREATE VIEW everything AS SELECT * FROM activities", "a view"),
        ("CREATE TABLE extra (x)", "a table"),
        ("CREATE INDEX activities_title ON activities(title)", "an index"),
        ("DROP TABLE audiences", "lacks"),
    ],
)
def test_extra_or_missing_schema_objects(upper: Book, candidate: Path, statement: str, reason: str) -> None:
    tamper(candidate, statement, fix_checksum=False)
    refused(upper, candidate, reason)


def test_a_table_defined_differently(upper: Book, candidate: Path) -> None:
    tamper(
        candidate,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = replace(sql, 'retired INTEGER NOT NULL', 'retired')"
        " WHERE name = 'topics'",
        fix_checksum=False,
    )
    refused(upper, candidate, "not defined as in an exchange file")


def test_a_checksum_that_does_not_match(upper: Book, candidate: Path) -> None:
    tamper(candidate, "UPDATE activities SET participants = 999 WHERE participants = 10", fix_checksum=False)
    refused(upper, candidate, "checksum does not match")


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("UPDATE manifest SET record_count = record_count + 1", "says it holds 5 activities but it holds 4"),
        ("DELETE FROM activities WHERE title LIKE '%số 1 %'", "says it holds 4 activities but it holds 3"),
        ("UPDATE manifest SET attachment_count = 0", "says it holds 0 attachments"),
        ("UPDATE manifest SET attachments_included = 0", "no attachments, but it has some"),
        ("UPDATE manifest SET ward_code = '4'", "ward_code"),
        ("UPDATE manifest SET period = '2026-H2'", "dates are not those of 2026-H2"),
        ("UPDATE manifest SET period_end = '2026-12-14'", "dates are not those"),
        ("UPDATE manifest SET convention = 'lunar'", "convention"),
        ("UPDATE manifest SET created_at = '2999-01-01T00:00:00Z'", "future"),
        ("UPDATE manifest SET final = 7", "final"),
        ("UPDATE manifest SET record_count = 'many'", "record_count"),
        ("UPDATE manifest SET format = 'Something else'", "format"),
        ("INSERT INTO manifest SELECT * FROM manifest", "more than one row"),
        ("UPDATE activities SET date = '2026-09-01' WHERE title LIKE '%số 2 %'", "within the period"),
        ("UPDATE activities SET date = '2026-02-30' WHERE title LIKE '%số 2 %'", r"\(date\)"),
        ("UPDATE activities SET participants = 1000000000 WHERE participants = 10", "participants"),
        ("UPDATE activities SET participants = 'ten' WHERE participants = 10", "participants"),
        ("UPDATE activities SET quantity = -1", "quantity"),
        ("UPDATE activities SET revision = 0", "revision"),
        ("UPDATE activities SET title = ''", "text"),
        ("UPDATE activities SET title = printf('%.*c', 600, 'x')", "text"),
        ("UPDATE activities SET uid = 'not-a-uuid' WHERE participants = 10", "identifier"),
        ("UPDATE activities SET channel = 'unknown' WHERE participants = 10", "channel"),
        ("DELETE FROM activity_topics", "at least one topic"),
        ("UPDATE topics SET code = 'Bad Code!' WHERE code = 'gop_y'", "catalog"),
        ("UPDATE attachments SET size = size + 1", "attachment size"),
        ("UPDATE attachments SET sha256 = replace(sha256, substr(sha256, 1, 1), 'f')", "not the file"),
        ("UPDATE attachments SET media_type = 'application/x-msdownload'", "attachment name"),
    ],
)
def test_a_manifest_or_content_that_lies(upper: Book, candidate: Path, statement: str, reason: str) -> None:
    """The checksum is rewritten to match, as a careful forger would: the other checks must catch it."""
    tamper(candidate, statement)
    refused(upper, candidate, reason)


def test_records_of_another_ward_cannot_be_overwritten(upper: Book, candidate: Path) -> None:
    victim = upper.activities.query()[0]
    tamper(
        candidate,
        "UPDATE activities SET uid = ?, revision = 99 WHERE participants = 10",
        params=(victim.uid,),
    )
    tamper(candidate, "UPDATE activity_topics SET activity_uid = ? WHERE activity_uid NOT IN"
           " (SELECT uid FROM activities)", params=(victim.uid,))  # fmt: skip
    for table in ("activity_audiences", "attachments"):
        tamper(candidate, f"UPDATE {table} SET activity_uid = ? WHERE activity_uid NOT IN"
               " (SELECT uid FROM activities)", params=(victim.uid,))  # fmt: skip
    refused(upper, candidate, "belongs to another ward")
    assert upper.activities.get(victim.id) == victim


def test_the_books_own_ward_is_refused(tmp_path: Path) -> None:
    code, name = WARDS[0]
    with ward_book(tmp_path, code, name) as book:
        path = export_file(book, tmp_path / "out")
        refused(book, path, "this book's own ward")


def test_a_huge_value_is_refused_before_it_is_read(upper: Book, candidate: Path) -> None:
    tamper(candidate, "UPDATE activities SET notes = zeroblob(60 * 1024 * 1024) WHERE participants = 10")
    refused(upper, candidate, "damaged|too big|text")


def test_a_write_ahead_log_file(upper: Book, candidate: Path) -> None:
    conn = sqlite3.connect(candidate)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    refused(upper, candidate, "write-ahead log")


def test_the_original_file_is_never_touched(upper: Book, candidate: Path) -> None:
    before = candidate.read_bytes()
    merge_file(upper, candidate)
    merge_file(upper, candidate)
    assert candidate.read_bytes() == before
    assert [p.name for p in candidate.parent.iterdir() if p.name.startswith(candidate.name)] == [
        candidate.name
    ]  # no journal or lock file was made beside it
