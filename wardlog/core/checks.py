"""Checks of a book's health: SQLite's own integrity check plus the rules WardLog relies on.

Each finding is a sentence for the user. An empty list means the book is sound.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from typing import TYPE_CHECKING

from wardlog.core.i18n import N_, _, format_number
from wardlog.core.schema import APPLICATION_ID, SCHEMA_VERSION, SEARCH_TEXT_SQL

if TYPE_CHECKING:
    from wardlog.core.book import Book


# What the records of each table are, in the user's words (for records whose references are broken).
TABLE_NAMES = {
    "activities": N_("activities"),
    "activity_topics": N_("links of activities to topics"),
    "activity_audiences": N_("links of activities to audiences"),
    "attachments": N_("attached files"),
    "channels": N_("channels"),
}


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """The fast check run each time the app starts: is the file sound? (empty when it is)."""
    try:
        rows = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        return [_("The database file is damaged: {reason}").format(reason=error)]
    if rows != ["ok"]:
        return [_("The database file is damaged: {reason}").format(reason="; ".join(rows[:5]))]
    return []


def check_book(book: Book) -> list[str]:
    """Every problem found in the book, in plain words (empty when all is well)."""
    conn = book.conn
    findings: list[str] = []
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        return [_("The database file is damaged: {reason}").format(reason=error)]
    if integrity != ["ok"]:
        findings.append(_("The database file is damaged: {reason}").format(reason="; ".join(integrity[:5])))
        return findings
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        findings.append(_("The file does not carry WardLog's mark (application id)."))
    if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        findings.append(_("The book's format version is not the one this program writes."))
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        what = sorted({_(TABLE_NAMES[row[0]]) if row[0] in TABLE_NAMES else row[0] for row in broken})
        findings.append(
            _("{n} records point to catalog entries or activities that do not exist ({what}).").format(
                n=format_number(len(broken)), what=", ".join(what)
            )
        )
    without_topic = conn.execute(
        "SELECT count(*) FROM activities a WHERE NOT EXISTS"
        " (SELECT 1 FROM activity_topics t WHERE t.activity_id = a.id)"
    ).fetchone()[0]
    if without_topic:
        findings.append(_("{n} activities have no topic.").format(n=format_number(without_topic)))
    conn.create_function("wardlog_nfc", 1, _nfc, deterministic=True)
    not_nfc = conn.execute(
        "SELECT count(*) FROM activities WHERE title <> wardlog_nfc(title) OR place <> wardlog_nfc(place)"
        " OR notes <> wardlog_nfc(notes) OR responsible <> wardlog_nfc(responsible)"
    ).fetchone()[0]
    if not_nfc:
        findings.append(
            _("{n} activities hold text that is not in Unicode NFC form.").format(n=format_number(not_nfc))
        )
    findings += search_index_findings(conn)
    return findings


def search_index_findings(conn: sqlite3.Connection) -> list[str]:
    """What is wrong with the search index: damaged, missing activities, or holding stale text."""
    try:
        conn.execute("INSERT INTO activity_search(activity_search, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return [_("The search index does not match the activities.")]
    indexed = conn.execute("SELECT count(*) FROM activity_search").fetchone()[0]
    total = conn.execute("SELECT count(*) FROM activities").fetchone()[0]
    if indexed != total:
        return [
            _("The search index covers {indexed} of {total} activities.").format(
                indexed=format_number(indexed), total=format_number(total)
            )
        ]
    stale = conn.execute(
        "SELECT count(*) FROM activities a WHERE NOT EXISTS (SELECT 1 FROM activity_search s"
        f" WHERE s.rowid = a.id AND s.body = {SEARCH_TEXT_SQL.format(p='a')})"
    ).fetchone()[0]
    if stale:
        return [_("The search index holds outdated text for {n} activities.").format(n=format_number(stale))]
    return []


def _nfc(value: object) -> object:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value
