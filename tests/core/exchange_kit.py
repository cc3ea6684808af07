"""Wards, their books and exchange files for the exchange, merge and completeness tests."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from wardlog.core.book import Book
from wardlog.core.exchange import export
from wardlog.core.exchange_format import content_checksum
from wardlog.core.identity import set_identity
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import parse

# Three wards of Hà Nội (official codes) and the period they report
WARDS = (("00004", "Phường Ba Đình"), ("00008", "Phường Ngọc Hà"), ("00025", "Phường Giảng Võ"))
PERIOD = parse("2026-H1")  # 15/12/2025 – 14/06/2026 under the cut-off
FIRST_EXPORT = datetime(2026, 6, 20, 8, 0, tzinfo=UTC)


def draft(day: date, title: str, **changes: object) -> ActivityDraft:
    values: dict[str, object] = {
        "date": day,
        "channel": "loa",
        "topics": ("tthc",),
        "title": title,
        "place": "Tổ dân phố số 3",
        "audiences": ("nhan_dan",),
        "participants": None,
        "quantity": 2,
        "unit": "",
        "minutes": 30,
    }
    values.update(changes)
    return ActivityDraft(**values)  # type: ignore[arg-type]


def ward_book(folder: Path, code: str, name: str, count: int = 4) -> Book:
    """A ward's book with ``count`` activities in :data:`PERIOD` and one just after it."""
    book = Book.open(folder / f"phuong-{code}.wardlog")
    set_identity(book, ward_code=code, unit_name=name)
    for i in range(count):
        book.activities.add(
            draft(PERIOD.start + timedelta(days=7 * i + 1), f"Phát thanh CCHC số {i + 1} của {name}",
                  participants=10 * (i + 1))
        )  # fmt: skip
    book.activities.add(draft(PERIOD.end + timedelta(days=3), f"Hoạt động sau kỳ của {name}"))
    return book


def export_file(book: Book, folder: Path, when: datetime = FIRST_EXPORT, **options: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    options.setdefault("period", PERIOD)
    return export(book, folder, now=when, **options).path  # type: ignore[arg-type]


def dump(book: Book) -> list[str]:
    """The book's whole content as SQL, to compare before and after."""
    return list(book.conn.iterdump())


def tamper(path: Path, *statements: str, fix_checksum: bool = True, params: tuple = ()) -> Path:
    """Change an exchange file in place; by default write a checksum that matches the new content,
    as a careful forger would (so only the other checks can catch the change)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement, params if "?" in statement else ())
        if fix_checksum:
            conn.execute("UPDATE manifest SET checksum = ?", [content_checksum(conn)])
    finally:
        conn.close()
    return path


def upper_book(folder: Path, name: str = "so-tong-hop.wardlog") -> Book:
    """The upper level's book (its own identity is a ward code no test file uses)."""
    book = Book.open(folder / name)
    set_identity(book, ward_code="00070", unit_name="Phường Hoàn Kiếm")
    return book
