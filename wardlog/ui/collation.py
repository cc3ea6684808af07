"""Vietnamese sorting (a ă â b c d đ e ê …, tones secondary) for the book's connection.

ICU's Vietnamese rules ship inside the Qt wheel (``QCollator``); Python's own ``sorted`` and
SQLite's default order are by code point, which puts “Đ” after “Z”.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QCollator, QLocale, Qt

COLLATION = "vi"


def vietnamese_collator() -> QCollator:
    collator = QCollator(QLocale("vi_VN"))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    collator.setNumericMode(True)  # "Tổ 2" before "Tổ 10"
    return collator


def install_collation(conn: sqlite3.Connection) -> str:
    """Register the ``vi`` collation on ``conn``; returns its name for ``COLLATE``."""
    collator = vietnamese_collator()
    conn.create_collation(COLLATION, lambda a, b: collator.compare(a, b))
    return COLLATION
