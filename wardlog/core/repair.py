"""Repairs that are safe to make to a book, each said in plain words.

A copy of the book as it was is always taken first. Then, in one transaction: broken indexes are
rebuilt (a damaged index misleads every statement after it), catalog entries that activities still
point to but that went missing are re-created as retired entries (so no activity loses its channel,
topic, audience or unit), rows left behind by activities that no longer exist are removed, text not
in Unicode NFC is normalised, and the search index is rebuilt from the activities. Finally the file is
compacted (VACUUM). Damage to the data itself cannot be repaired here: the answer to that is a backup.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wardlog.core.checks import check_book, search_index_findings
from wardlog.core.errors import StorageError
from wardlog.core.i18n import _, format_number, ngettext
from wardlog.core.schema import SEARCH_TEXT_SQL

if TYPE_CHECKING:
    from wardlog.core.book import Book

Progress = Callable[[int, int], None]

# Text columns normalised to NFC, by table.
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "activities": ("title", "place", "responsible", "notes"),
    "channel_groups": ("label",),
    "channels": ("label",),
    "topics": ("label",),
    "audiences": ("label",),
    "units": ("label",),
    "wards": ("name", "province"),
    "settings": ("value",),
    "attachments": ("name",),
}
# Link tables without rowids whose rows belong to one activity.
_ACTIVITY_LINKS = (("activity_topics", "activity_id"), ("activity_audiences", "activity_id"))


@dataclass
class RepairResult:
    backup: Path | None  # the copy of the book as it was before
    repaired: list[str] = field(default_factory=list)  # what was done, in plain words
    remaining: list[str] = field(default_factory=list)  # what is still wrong (check_book's findings)


def repair_book(book: Book, *, progress: Progress | None = None) -> RepairResult:
    """Make the safe repairs; returns what was repaired and what is still wrong."""
    from wardlog.core.backups import take

    steps = 6

    def step(n: int) -> None:
        if progress is not None:
            progress(n, steps)

    step(0)
    backup = take(book, "before-repair", verify=False) if book.path is not None else None
    result = RepairResult(backup.path if backup else None)
    conn = book.conn
    conn.create_function("wardlog_nfc", 1, _nfc, deterministic=True)
    step(1)
    damaged_before = not _sound(conn)
    try:
        with book.atomic():
            conn.execute("REINDEX")
    except (sqlite3.DatabaseError, StorageError):
        pass
    if not _sound(conn):
        advice = _(
            "This damage cannot be repaired here: restore a backup (File › Backups…, or wardlog restore)."
        )
        result.remaining = [*check_book(book), advice]
        return result
    if damaged_before:
        result.repaired.append(_("Rebuilt the damaged indexes of the database file."))
    step(2)
    with book.atomic():
        recreated = _recreate_missing_entries(conn)
        if recreated:
            conn.execute(
                "UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog_version'"
            )
            result.repaired.append(
                ngettext(
                    "Re-created {n} missing catalog entry as a retired entry, so that no activity loses "
                    "its channel, topic, audience or unit: {codes}.",
                    "Re-created {n} missing catalog entries as retired entries, so that no activity loses "
                    "its channel, topic, audience or unit: {codes}.",
                    len(recreated),
                ).format(n=format_number(len(recreated)), codes=", ".join(recreated))
            )
        step(3)
        orphans = _remove_orphans(conn)
        if orphans:
            result.repaired.append(
                ngettext(
                    "Removed {n} record left behind by activities that no longer exist (links to topics "
                    "and audiences, attachments).",
                    "Removed {n} records left behind by activities that no longer exist (links to topics "
                    "and audiences, attachments).",
                    orphans,
                ).format(n=format_number(orphans))
            )
        step(4)
        normalised = _normalise_text(conn)
        if normalised:
            result.repaired.append(
                ngettext(
                    "Put {n} piece of text into the standard Unicode form (NFC).",
                    "Put {n} pieces of text into the standard Unicode form (NFC).",
                    normalised,
                ).format(n=format_number(normalised))
            )
        if search_index_findings(conn):
            indexed = _rebuild_search(conn)
            result.repaired.append(
                ngettext(
                    "Rebuilt the search index ({n} activity).",
                    "Rebuilt the search index ({n} activities).",
                    indexed,
                ).format(n=format_number(indexed))
            )
    book.catalog.invalidate()
    step(5)
    try:
        conn.execute("VACUUM")
    except sqlite3.Error:
        pass  # compacting needs free space as large as the book; the repairs above stand without it
    else:
        result.repaired.append(_("Rebuilt all indexes and compacted the file."))
    step(6)
    result.remaining = check_book(book)
    return result


def _sound(conn: sqlite3.Connection) -> bool:
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")] == ["ok"]
    except sqlite3.DatabaseError:
        return False


def _recreate_missing_entries(conn: sqlite3.Connection) -> list[str]:
    """Catalog entries referred to but missing come back retired, named by their code."""
    made: list[str] = []

    def missing(sql: str) -> list[str]:
        return [row[0] for row in conn.execute(sql) if row[0] is not None]

    def next_position(table: str) -> int:
        return conn.execute(f"SELECT coalesce(max(position), -1) + 1 FROM {table}").fetchone()[0]

    for code in missing(
        "SELECT DISTINCT group_code FROM channels WHERE group_code NOT IN (SELECT code FROM channel_groups)"
    ):
        conn.execute(
            "INSERT INTO channel_groups(code, label, position) VALUES (?, ?, ?)",
            [code, code, next_position("channel_groups")],
        )
        made.append(code)
    for code in missing(
        "SELECT unit FROM activities WHERE unit NOT IN (SELECT code FROM units)"
        " UNION SELECT default_unit FROM channels WHERE default_unit NOT IN (SELECT code FROM units)"
    ):
        conn.execute(
            "INSERT INTO units(code, label, position, retired) VALUES (?, ?, ?, 1)",
            [code, code, next_position("units")],
        )
        made.append(code)
    for code in missing(
        "SELECT DISTINCT channel FROM activities WHERE channel NOT IN (SELECT code FROM channels)"
    ):
        group = conn.execute("SELECT code FROM channel_groups ORDER BY position LIMIT 1").fetchone()
        unit = conn.execute("SELECT unit FROM activities WHERE channel = ? LIMIT 1", [code]).fetchone()
        if group is None or unit is None:
            continue
        conn.execute(
            "INSERT INTO channels(code, group_code, label, default_unit, position, retired)"
            " VALUES (?, ?, ?, ?, ?, 1)",
            [code, group[0], code, unit[0], next_position("channels")],
        )
        made.append(code)
    for table, link, column in (
        ("topics", "activity_topics", "topic"),
        ("audiences", "activity_audiences", "audience"),
    ):
        for code in missing(
            f"SELECT DISTINCT {column} FROM {link} WHERE {column} NOT IN (SELECT code FROM {table})"
            f" AND activity_id IN (SELECT id FROM activities)"
        ):
            conn.execute(
                f"INSERT INTO {table}(code, label, position, retired) VALUES (?, ?, ?, 1)",
                [code, code, next_position(table)],
            )
            made.append(code)
    for code in missing(
        "SELECT DISTINCT ward_code FROM activities WHERE ward_code IS NOT NULL"
        " AND ward_code NOT IN (SELECT code FROM wards)"
    ):
        conn.execute("INSERT INTO wards(code, name) VALUES (?, ?)", [code, code])
        made.append(code)
    return made


def _remove_orphans(conn: sqlite3.Connection) -> int:
    """Rows that belong to an activity that is gone (the parents of nothing else are left alone)."""
    removed = 0
    for table, column in _ACTIVITY_LINKS:
        removed += conn.execute(
            f"DELETE FROM {table} WHERE {column} NOT IN (SELECT id FROM activities)"
        ).rowcount
    for table, rowid, parent, _fkid in conn.execute("PRAGMA foreign_key_check").fetchall():
        if parent == "activities" and rowid is not None:
            removed += conn.execute(f'DELETE FROM "{table}" WHERE rowid = ?', [rowid]).rowcount
    return removed


def _normalise_text(conn: sqlite3.Connection) -> int:
    existing = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    changed = 0
    for table, columns in TEXT_COLUMNS.items():
        if table not in existing:
            continue
        for column in columns:
            changed += conn.execute(
                f"UPDATE {table} SET {column} = wardlog_nfc({column})"
                f" WHERE typeof({column}) = 'text' AND {column} <> wardlog_nfc({column})"
            ).rowcount
    return changed


def _rebuild_search(conn: sqlite3.Connection) -> int:
    """The search index made again from the activities (dropped and re-created: it may be damaged)."""
    (create,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'activity_search'").fetchone()
    conn.execute("DROP TABLE activity_search")
    conn.execute(create)
    body = SEARCH_TEXT_SQL.format(p="a")
    return conn.execute(
        f"INSERT INTO activity_search(rowid, body) SELECT a.id, {body} FROM activities a"
    ).rowcount


def _nfc(value: object) -> object:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value
