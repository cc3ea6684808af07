"""Periods the upper level already has: the ward's exports, and changes made after a final one.

Once a ward has exported a period as final, the upper level holds that data. Changing an activity of
such a period afterwards is allowed (mistakes happen), but the app asks first, and the book records
each such change in ``late_changes`` so the next export of that period is known to be a correction
and the officer can see what the upper level does not yet have.

:func:`note_changes` is called by every write to the book's own activities, inside its transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wardlog.core.book import Book

ACTIONS = ("add", "edit", "delete", "restore")

_COLUMNS = (
    "id, period, convention, period_start, period_end, final, correction, created_at, records,"
    " attachments, checksum, file_name"
)


@dataclass(frozen=True)
class ExportRecord:
    """One exchange file the ward wrote."""

    id: int
    period: str
    convention: str
    start: date
    end: date
    final: bool
    correction: bool
    created_at: str
    records: int
    attachments: bool
    checksum: str
    file_name: str

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def _record(row: Sequence[object]) -> ExportRecord:
    (id_, period, convention, start, end, final, correction, created, records, attachments, checksum,
     name) = row  # fmt: skip
    return ExportRecord(
        int(id_),  # type: ignore[call-overload]
        str(period),
        str(convention),
        date.fromisoformat(str(start)),
        date.fromisoformat(str(end)),
        bool(final),
        bool(correction),
        str(created),
        int(records),  # type: ignore[call-overload]
        bool(attachments),
        str(checksum),
        str(name),
    )


def exports(book: Book) -> list[ExportRecord]:
    """Every export of the book, newest first."""
    rows = book.conn.execute(f"SELECT {_COLUMNS} FROM exports ORDER BY created_at DESC, id DESC")
    return [_record(row) for row in rows]


def final_export_of(book: Book, start: date, end: date) -> ExportRecord | None:
    """The latest final export of exactly this period (its dates), if there was one."""
    row = book.conn.execute(
        f"SELECT {_COLUMNS} FROM exports WHERE final = 1 AND period_start = ? AND period_end = ?"
        " ORDER BY created_at DESC, id DESC LIMIT 1",
        [start.isoformat(), end.isoformat()],
    ).fetchone()
    return _record(row) if row else None


def final_exports_covering(book: Book, days: Iterable[date]) -> list[ExportRecord]:
    """The final exports (latest per period) whose period holds any of ``days``, oldest period first."""
    wanted = sorted(set(days))
    if not wanted:
        return []
    found: dict[tuple[date, date], ExportRecord] = {}
    rows = book.conn.execute(
        f"SELECT {_COLUMNS} FROM exports WHERE final = 1 AND period_start <= ? AND period_end >= ?"
        " ORDER BY created_at, id",
        [wanted[-1].isoformat(), wanted[0].isoformat()],
    )
    for row in rows:
        record = _record(row)
        if any(record.covers(day) for day in wanted):
            found[(record.start, record.end)] = record  # the later one of a period wins
    return sorted(found.values(), key=lambda r: (r.start, r.end))


def late_change_count(book: Book, export_id: int) -> int:
    """How many activities changed after this export (it must be final to count any)."""
    return book.conn.execute("SELECT count(*) FROM late_changes WHERE export_id = ?", [export_id]).fetchone()[
        0
    ]


def note_changes(conn: sqlite3.Connection, activity_ids: Sequence[int], action: str) -> None:
    """Record that these activities of the book's own changed, where a final export covers their date.

    Call it inside the write's transaction, with the activities as they are at that moment (for a
    change of date, once before and once after, so both periods learn of it).
    """
    if action not in ACTIONS:
        raise ValueError(action)
    if not activity_ids:
        return
    try:
        if conn.execute("SELECT 1 FROM exports WHERE final = 1 LIMIT 1").fetchone() is None:
            return
    except sqlite3.OperationalError:  # a book of a schema before exports (only seen mid-upgrade)
        return
    from wardlog.core.activities import now_stamp  # activities imports this module

    stamp = now_stamp()
    ids = list(activity_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        conn.execute(
            "INSERT INTO late_changes(export_id, activity_uid, action, first_changed_at, last_changed_at)"
            " SELECT e.id, a.uid, ?, ?, ? FROM activities a JOIN exports e ON e.final = 1"
            " AND a.date BETWEEN e.period_start AND e.period_end"
            f" WHERE a.ward_code IS NULL AND a.id IN ({', '.join('?' * len(chunk))})"
            " ON CONFLICT(export_id, activity_uid) DO UPDATE SET"
            " last_changed_at = excluded.last_changed_at, changes = changes + 1",
            [action, stamp, stamp, *chunk],
        )
