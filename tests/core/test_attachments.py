"""Evidence attached to activities: what is accepted, what is refused and why, and that the files come
back byte for byte (after undo, after reopening the book, as a copy to open with the system viewer)."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from wardlog.core import attachments as attachments_module
from wardlog.core.attachments import MAX_BYTES, MAX_NAME
from wardlog.core.book import Book
from wardlog.core.errors import ValidationError, WardLogError
from wardlog.core.model import ActivityDraft

DRAFT = ActivityDraft(
    date=date(2026, 3, 5),
    channel="hop_dan",
    topics=("tthc",),
    title="Họp tổ dân phố số 5",
    place="Nhà văn hóa tổ 5",
    audiences=("nhan_dan",),
    participants=60,
    quantity=1,
)
# a real 4×3 JPEG (red), as a camera or scanner would write one
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEAZABkAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1R"
    "V19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2P/wAARCAADAAQDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAA"
    "AgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6"
    "Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXG"
    "x8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREA"
    "AgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5"
    "OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPE"
    "xcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDPooorhPoD/9k="
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"  # noqa: E501
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the header of a .doc / .xls (Office 97–2003)


def png(width: int = 6, height: int = 4, rgb: tuple[int, int, int] = (30, 107, 52)) -> bytes:
    """A real PNG, written by hand (the core knows no image library)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def docx() -> bytes:
    """A Word document is a zip of XML parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Biên bản họp tổ dân phố</w:document>")
    return buffer.getvalue()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture
def activity_id(book: Book) -> int:
    return book.activities.add(DRAFT).id


def revision(book: Book, activity_id: int) -> int:
    activity = book.activities.get(activity_id)
    assert activity is not None
    return activity.revision


# --- what is accepted ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "media_type"),
    [
        ("Ảnh buổi họp.jpg", JPEG, "image/jpeg"),
        ("ANH.JPEG", JPEG, "image/jpeg"),
        ("bản chụp.png", png(), "image/png"),
        ("Biên bản.pdf", PDF, "application/pdf"),
        ("Kế hoạch.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("Kế hoạch cũ.doc", OLE, "application/msword"),
        ("Danh sách.xls", OLE, "application/vnd.ms-excel"),
        ("tranh.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(24), "image/webp"),
    ],
)
def test_photos_scans_and_documents_are_kept_byte_for_byte(
    book: Book, activity_id: int, tmp_path: Path, name: str, data: bytes, media_type: str
) -> None:
    attachment = book.attachments.add(activity_id, write(tmp_path, name, data))

    assert (attachment.name, attachment.media_type, attachment.size) == (name, media_type, len(data))
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.is_image == media_type.startswith("image/")
    assert attachment.activity_id == activity_id and not attachment.has_thumbnail
    assert book.attachments.data(attachment.id) == data
    assert book.attachments.of(activity_id) == [attachment]
    assert book.attachments.get(attachment.id) == attachment


def test_a_thumbnail_is_stored_beside_the_file(book: Book, activity_id: int, tmp_path: Path) -> None:
    small = png(2, 2)
    photo = book.attachments.add(activity_id, write(tmp_path, "a.png", png(60, 40)), thumbnail=small)
    scan = book.attachments.add(activity_id, write(tmp_path, "b.pdf", PDF))
    assert photo.has_thumbnail and book.attachments.thumbnail(photo.id) == small
    assert not scan.has_thumbnail and book.attachments.thumbnail(scan.id) is None


def test_attachments_stay_in_the_book_when_it_is_reopened(book_path: Path, tmp_path: Path) -> None:
    data = png(300, 200)
    with Book.open(book_path) as first:
        activity_id = first.activities.add(DRAFT).id
        first.attachments.add(activity_id, write(tmp_path, "ảnh.png", data))
    for leftover in tmp_path.glob("ảnh.png"):
        leftover.unlink()  # the book holds the file itself, not a path to it
    with Book.open(book_path) as again:
        (attachment,) = again.attachments.of(activity_id)
        assert again.attachments.data(attachment.id) == data


# --- what is refused -------------------------------------------------------------------------------


def assert_refused(book: Book, activity_id: int, path: Path, *words: str) -> None:
    before = revision(book, activity_id)
    with pytest.raises(ValidationError) as caught:
        book.attachments.add(activity_id, path)
    (issue,) = caught.value.issues
    assert issue.field == "file"
    assert path.name in issue.message  # the user learns which of the files was refused
    for word in words:
        assert word in issue.message
    assert book.attachments.of(activity_id) == []
    assert revision(book, activity_id) == before


def test_a_program_or_unknown_kind_is_refused(
    book: Book, activity_id: int, tmp_path: Path, english: None
) -> None:
    assert_refused(book, activity_id, write(tmp_path, "setup.exe", b"MZ\x90\x00"), "PDF")
    assert_refused(book, activity_id, write(tmp_path, "ghi chú", b"no suffix"))
    assert_refused(book, activity_id, write(tmp_path, "video.mp4", bytes(100)))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ảnh.jpg", b"this is a text file\n"),
        ("ảnh.jpg", PDF),  # a PDF renamed .jpg
        ("trống.png", b""),
        ("scan.pdf", JPEG),
        ("kế hoạch.docx", PDF),
        ("bảng.xlsx", OLE),  # an old .xls renamed .xlsx
        ("bảng.xls", docx()),
        ("âm thanh.webp", b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(24)),  # a WAV file renamed .webp
    ],
)
def test_a_renamed_file_is_refused(
    book: Book, activity_id: int, tmp_path: Path, english: None, name: str, data: bytes
) -> None:
    assert_refused(book, activity_id, write(tmp_path, name, data), "is not the kind of file")


def test_a_file_over_50_mb_is_refused_without_reading_it(
    book: Book, activity_id: int, tmp_path: Path, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "bản chụp lớn.pdf", b"%PDF-1.4\n")
    os.truncate(path, MAX_BYTES + 1)  # sparse: nothing is really written to the disk
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("a file over the limit was read"))
    assert_refused(book, activity_id, path, "too large", "50 MB")


def test_a_file_of_exactly_50_mb_is_accepted(book: Book, activity_id: int, tmp_path: Path) -> None:
    path = write(tmp_path, "vừa đủ.pdf", b"%PDF-1.4\n")
    os.truncate(path, MAX_BYTES)
    attachment = book.attachments.add(activity_id, path)
    assert attachment.size == MAX_BYTES


def test_a_missing_file_is_reported(book: Book, activity_id: int, tmp_path: Path, english: None) -> None:
    with pytest.raises(WardLogError, match="Cannot read"):
        book.attachments.add(activity_id, tmp_path / "đã xoá.pdf")


def test_attaching_to_a_missing_activity_writes_nothing(book: Book, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        book.attachments.add(999, write(tmp_path, "a.pdf", PDF))
    assert caught.value.issues[0].field == "id"
    assert book.attachments.counts() == {}


# --- duplicates, counts, names -----------------------------------------------------------------------


def test_the_same_file_twice_is_kept_once_per_activity(book: Book, activity_id: int, tmp_path: Path) -> None:
    first = book.attachments.add(activity_id, write(tmp_path, "biên bản.pdf", PDF))
    before = revision(book, activity_id)
    again = book.attachments.add(activity_id, write(tmp_path, "bản sao của biên bản.pdf", PDF))
    assert again == first
    assert revision(book, activity_id) == before  # nothing changed
    other = book.activities.add(replace(DRAFT, title="Họp tổ dân phố số 6")).id
    elsewhere = book.attachments.add(other, tmp_path / "biên bản.pdf")
    assert elsewhere.id != first.id and elsewhere.uid != first.uid
    assert book.attachments.counts() == {activity_id: 1, other: 1}


def test_counts_name_only_activities_with_attachments(book: Book, tmp_path: Path) -> None:
    ids = [book.activities.add(replace(DRAFT, title=f"Hoạt động {n}")).id for n in range(3)]
    for n in range(3):
        book.attachments.add(ids[0], write(tmp_path, f"{n}.png", png(rgb=(n, n, n))))
    book.attachments.add(ids[2], write(tmp_path, "x.pdf", PDF))
    assert book.attachments.counts(ids) == {ids[0]: 3, ids[2]: 1}
    assert book.attachments.counts([ids[1]]) == {}
    assert book.attachments.counts([]) == {}
    many = list(range(-1200, 0)) + ids  # more ids than one SQL statement takes
    assert book.attachments.counts(many) == {ids[0]: 3, ids[2]: 1}


def test_names_are_stored_in_nfc(book: Book, activity_id: int, tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Biên bản hội nghị.pdf")  # as macOS writes file names
    attachment = book.attachments.add(activity_id, write(tmp_path, decomposed, PDF))
    assert attachment.name == unicodedata.normalize("NFC", "Biên bản hội nghị.pdf")
    assert unicodedata.is_normalized("NFC", attachment.name)


def test_a_long_name_is_shortened_but_keeps_its_suffix(book: Book, activity_id: int) -> None:
    long = "Biên bản " * 40 + ".pdf"
    attachment = book.attachments.add_data(activity_id, long, "application/pdf", PDF)
    assert len(attachment.name) <= MAX_NAME
    assert attachment.name.endswith(".pdf") and attachment.name.startswith("Biên bản Biên bản")


# --- revisions, removal and undo ---------------------------------------------------------------------


def test_adding_and_removing_change_the_activity(book: Book, activity_id: int, tmp_path: Path) -> None:
    start = book.activities.get(activity_id)
    assert start is not None
    added = book.attachments.add(activity_id, write(tmp_path, "a.png", png()))
    after_add = book.activities.get(activity_id)
    assert after_add is not None and after_add.revision == start.revision + 1
    assert after_add.updated_at >= start.updated_at
    book.attachments.remove(added.id)
    assert revision(book, activity_id) == start.revision + 2
    assert after_add.draft == start.draft  # the values themselves are untouched


def test_remove_then_put_back_restores_the_very_same_attachment(
    book: Book, activity_id: int, tmp_path: Path
) -> None:
    thumbnail = png(2, 2)
    photo = write(tmp_path, "Ảnh 1.png", png(rgb=(1, 2, 3)))
    first = book.attachments.add(activity_id, photo, thumbnail=thumbnail)
    middle = book.attachments.add(activity_id, write(tmp_path, "Biên bản.pdf", PDF))
    last = book.attachments.add(activity_id, write(tmp_path, "Ảnh 2.jpg", JPEG))
    before = revision(book, activity_id)

    removed = book.attachments.remove(middle.id)
    assert book.attachments.of(activity_id) == [first, last]
    assert book.attachments.get(middle.id) is None
    assert revision(book, activity_id) == before + 1

    back = book.attachments.put_back(removed)
    assert back == middle  # same id, uid, name, type, size, digest and time
    assert book.attachments.of(activity_id) == [first, middle, last]  # in its place, not at the end
    assert book.attachments.data(back.id) == PDF
    assert revision(book, activity_id) == before + 2

    removed_photo = book.attachments.remove(first.id)
    assert removed_photo.thumbnail == thumbnail
    assert book.attachments.put_back(removed_photo) == first
    assert book.attachments.thumbnail(first.id) == thumbnail


def test_removing_what_is_gone_is_reported(book: Book, english: None) -> None:
    for call in (book.attachments.remove, book.attachments.data):
        with pytest.raises(WardLogError, match="no longer exists"):
            call(12345)
    assert book.attachments.get(12345) is None
    assert book.attachments.thumbnail(12345) is None


def test_deleting_an_activity_for_good_deletes_its_attachments(
    book: Book, activity_id: int, tmp_path: Path
) -> None:
    book.attachments.add(activity_id, write(tmp_path, "a.pdf", PDF))
    book.activities.delete(activity_id)  # the bin keeps them
    assert len(book.attachments.of(activity_id)) == 1
    with book.atomic() as conn:
        conn.execute("DELETE FROM activities WHERE id = ?", [activity_id])
    assert book.attachments.of(activity_id) == []
    assert book.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0


# --- copies to open with the system viewer --------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Biên bản họp tổ dân phố.pdf",
        'Ảnh "đẹp" <1>.jpg',
        "a/b\\c:d*e?f|g.png",
        "Báo cáo: quý I?.docx",
        "...tài liệu. .pdf",
    ],
)
def test_a_copy_is_written_under_a_safe_name(book: Book, activity_id: int, tmp_path: Path, name: str) -> None:
    data = PDF if name.endswith(".pdf") else b"anything"
    attachment = book.attachments.add_data(activity_id, name, "application/pdf", data)
    folder = tmp_path / "mở"
    copy = book.attachments.save_copy(attachment.id, folder)
    assert copy.parent == folder and copy.read_bytes() == data
    assert not set('/\\:*?"<>|') & set(copy.name)
    for letter in "ĐđêạưởổậếựọáảÁỊ":
        if letter in name:
            assert letter in copy.name  # Vietnamese letters are kept
    assert copy.suffix == Path(name).suffix


def test_opening_again_while_the_viewer_holds_the_copy(
    book: Book, activity_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows does not let a file open in a PDF viewer be overwritten: the same copy is reused."""
    attachment = book.attachments.add(activity_id, write(tmp_path, "a.pdf", PDF))
    first = book.attachments.save_copy(attachment.id, tmp_path / "open")

    def locked(self: Path, data: bytes) -> int:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_bytes", locked)
    assert book.attachments.save_copy(attachment.id, tmp_path / "open") == first
    assert first.read_bytes() == PDF


def test_a_copy_that_cannot_be_written_is_reported(
    book: Book, activity_id: int, tmp_path: Path, english: None
) -> None:
    attachment = book.attachments.add(activity_id, write(tmp_path, "a.pdf", PDF))
    blocker = write(tmp_path, "not a folder", b"")
    with pytest.raises(WardLogError):
        book.attachments.save_copy(attachment.id, blocker)


def test_the_module_knows_each_suffix_it_accepts() -> None:
    for suffix, media_type in attachments_module.MEDIA_TYPES.items():
        assert attachments_module.media_type_of("x" + suffix.upper()) == media_type
