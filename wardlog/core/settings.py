"""The book's own settings: who the ward is, how its periods are cut, which language it speaks.

Each option is declared once with its default; values live in the book's ``settings`` table, so
they travel with the book (unlike per-machine preferences).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields

CONVENTIONS = ("cutoff", "calendar")


@dataclass
class BookSettings:
    """Every setting of a book, with its default."""

    ward_code: str = ""
    unit_name: str = ""  # the unit as printed on documents, e.g. "Phường Hà Đông"
    place: str = ""  # the place name of the date line, e.g. "Hà Đông"
    province: str = ""
    convention: str = "cutoff"  # "cutoff" (Decree 09/2019) or "calendar"
    language: str = "vi"
    # How the ward's documents are headed and signed (Decree 30/2020, Appendix I)
    issuer: str = "Ủy ban nhân dân"  # the issuing body; its line above the unit name
    document_code: str = "BC-UBND"  # “Số: 05/BC-UBND”
    recipient: str = ""  # “Kính gửi: …”, e.g. "Sở Nội vụ thành phố Hà Nội"
    sign_on_behalf: str = "TM. Ủy ban nhân dân"  # first line of the signature block
    sign_authority: str = "KT. Chủ tịch"  # second line; empty when the chairman signs
    signer_title: str = "Phó Chủ tịch"
    signer_name: str = ""
    catalog_version: int = 1  # bumped on every catalog change, so exchange files can say which
    # The upper level's completeness table: a ward file is late when it was made more than this many
    # days after its period's end (the cut-off of the 14th leaves a week to send the report, practice),
    # and which wards are expected: "merged" (wards that have sent a file) or "province" (every ward
    # of the book's province in the official list).
    late_after_days: int = 7
    completeness_scope: str = "merged"

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> BookSettings:
        stored = dict(conn.execute("SELECT key, value FROM settings").fetchall())
        values: dict[str, object] = {}
        for field in fields(cls):
            if field.name in stored:
                raw = stored[field.name]
                values[field.name] = int(raw) if field.type in ("int", int) else raw
        return cls(**values)  # type: ignore[arg-type]

    def save(self, conn: sqlite3.Connection) -> None:
        conn.executemany(
            "INSERT INTO settings(key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [(field.name, str(getattr(self, field.name))) for field in fields(self)],
        )
