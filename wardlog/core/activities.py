"""Reading and writing the activities of a book: the one way in for activity data.

Every write validates with :func:`wardlog.core.model.validate` and runs in one transaction. Every
activity gets a UUID at birth and a revision that grows with each change, so the upper level can
recognise it across files. Deleting moves an activity to the bin (``deleted_at``); it can be restored.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from wardlog.core.errors import Issue, StaleEditError, ValidationError
from wardlog.core.i18n import _
from wardlog.core.locks import note_changes
from wardlog.core.model import Activity, ActivityDraft, validate
from wardlog.core.periods import Period
from wardlog.core.text import clean, fold

if TYPE_CHECKING:
    from wardlog.core.book import Book

_COLUMNS = (
    "a.id, a.uid, a.ward_code, a.date, a.channel, a.title, a.place, a.participants, a.quantity, a.unit,"
    " a.minutes, a.responsible, a.notes, a.created_at, a.updated_at, a.revision, a.deleted_at,"
    " (SELECT group_concat(code, ';') FROM (SELECT t.topic AS code FROM activity_topics t"
    "  JOIN topics c ON c.code = t.topic WHERE t.activity_id = a.id ORDER BY c.position)),"
    " (SELECT group_concat(code, ';') FROM (SELECT u.audience AS code FROM activity_audiences u"
    "  JOIN audiences c ON c.code = u.audience WHERE u.activity_id = a.id ORDER BY c.position))"
)
_WORD = re.compile(r"\w+", re.UNICODE)
# What a list can be sorted by; text keys take the query's collation (the app registers a
# Vietnamese one, "vi", on its connection; SQLite's own order is by code point).
SORT_KEYS: dict[str, tuple[str, bool]] = {  # key → (SQL expression, is text)
    "date": ("a.date", False),
    "channel": ("(SELECT label FROM channels c WHERE c.code = a.channel)", True),
    "title": ("a.title", True),
    "place": ("a.place", True),
    "participants": ("a.participants", False),
    "quantity": ("a.quantity", False),
    "responsible": ("a.responsible", True),
}


def order_clause(order: str, collation: str | None = None) -> str:
    """``"date"`` → ascending by date; ``"-title"`` → descending by title; ties by date then id."""
    descending = order.startswith("-")
    expression, is_text = SORT_KEYS[order.lstrip("-")]
    if is_text and collation:
        expression += f" COLLATE {collation}"
    direction = " DESC" if descending else ""
    if order.lstrip("-") == "date":
        return f"a.date{direction}, a.id{direction}"
    return f"{expression}{direction}, a.date{direction}, a.id{direction}"


@dataclass(frozen=True)
class Totals:
    """What a list of activities adds up to. Quantities are per unit: tờ and tấm do not add."""

    activities: int
    participants: int
    minutes: int
    quantities: tuple[tuple[str, float], ...]  # (unit code, total), largest first


def now_stamp() -> str:
    """The time of a change, as stored: UTC, ISO 8601, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def search_expression(text: str) -> str | None:
    """An FTS5 query matching every word of ``text`` as a prefix, ignoring case, diacritics and đ/d."""
    words = _WORD.findall(fold(text))
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


@dataclass(frozen=True)
class ActivityQuery:
    """Which activities to read. Empty fields do not filter."""

    period: Period | None = None
    channels: Sequence[str] = ()
    topics: Sequence[str] = ()
    text: str = ""
    ward_codes: Sequence[str | None] = ()
    deleted: bool = False  # True: the bin instead of the live activities
    order: str = "date"  # a key of SORT_KEYS, "-" in front for descending
    collation: str | None = None
    limit: int | None = None
    offset: int = 0

    def where(self) -> tuple[str, list[object]]:
        """The SQL condition on ``activities a`` and its parameters."""
        clauses = ["a.deleted_at IS NOT NULL" if self.deleted else "a.deleted_at IS NULL"]
        params: list[object] = []
        if self.period is not None:
            clauses.append("a.date BETWEEN ? AND ?")
            params += [self.period.start.isoformat(), self.period.end.isoformat()]
        if self.channels:
            clauses.append(f"a.channel IN ({', '.join('?' * len(self.channels))})")
            params += list(self.channels)
        if self.topics:
            clauses.append(
                "EXISTS (SELECT 1 FROM activity_topics t WHERE t.activity_id = a.id"
                f" AND t.topic IN ({', '.join('?' * len(self.topics))}))"
            )
            params += list(self.topics)
        if self.ward_codes:
            named = [code for code in self.ward_codes if code is not None]
            parts = []
            if named:
                parts.append(f"a.ward_code IN ({', '.join('?' * len(named))})")
                params += named
            if None in self.ward_codes:
                parts.append("a.ward_code IS NULL")
            clauses.append("(" + " OR ".join(parts) + ")")
        expression = search_expression(self.text) if self.text else None
        if expression:
            # "+": the matches are a test on each activity met in date order, not the way in. Left to
            # itself SQLite reads every match by rowid and sorts them, which for a word found in most
            # activities (the first letter typed) costs seconds on a million; the scan by date stops
            # at the end of a page, and its worst case (a rare word) is one pass over an index.
            clauses.append("+a.id IN (SELECT rowid FROM activity_search WHERE activity_search MATCH ?)")
            params.append(expression)
        return " AND ".join(clauses), params


class Activities:
    """The activities of one book."""

    def __init__(self, book: Book) -> None:
        self._book = book

    # --- reading -------------------------------------------------------------------------------

    def get(self, activity_id: int) -> Activity | None:
        row = self._book.conn.execute(
            f"SELECT {_COLUMNS} FROM activities a WHERE a.id = ?", [activity_id]
        ).fetchone()
        return _activity(row) if row else None

    def get_by_uid(self, uid: str) -> Activity | None:
        row = self._book.conn.execute(
            f"SELECT {_COLUMNS} FROM activities a WHERE a.uid = ?", [uid]
        ).fetchone()
        return _activity(row) if row else None

    def query(self, query: ActivityQuery = ActivityQuery()) -> list[Activity]:
        return list(self.iterate(query))

    def iterate(self, query: ActivityQuery = ActivityQuery()) -> Iterator[Activity]:
        """Activities one at a time, without holding them all in memory."""
        where, params = query.where()
        order = order_clause(query.order, query.collation)
        sql = f"SELECT {_COLUMNS} FROM activities a WHERE {where} ORDER BY {order}"
        if query.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [query.limit, query.offset]
        for row in self._book.conn.execute(sql, params):
            yield _activity(row)

    def count(self, query: ActivityQuery = ActivityQuery(), *, at_most: int | None = None) -> int:
        """How many activities match (``at_most``: counting stops there)."""
        where, params = query.where()
        sql = f"SELECT count(*) FROM activities a WHERE {where}"
        if at_most is not None:
            sql = f"SELECT count(*) FROM (SELECT 1 FROM activities a WHERE {where} LIMIT ?)"
            params = [*params, at_most]
        return self._book.conn.execute(sql, params).fetchone()[0]

    def ids(self, query: ActivityQuery = ActivityQuery()) -> list[int]:
        """The ids of the matching activities in the query's order (what a list view pages through)."""
        where, params = query.where()
        order = order_clause(query.order, query.collation)
        sql = f"SELECT a.id FROM activities a WHERE {where} ORDER BY {order}"
        return [row[0] for row in self._book.conn.execute(sql, params)]

    def page(
        self,
        query: ActivityQuery,
        *,
        start: tuple[str, int] | None = None,
        offset: int = 0,
        limit: int = 200,
        from_end: bool = False,
    ) -> list[Activity]:
        """A page of a list in date order (``query.order`` "date" or "-date"), read along the date
        index: from the activity whose (date, id) is ``start`` (inclusive; None: the top of the list),
        ``offset`` rows further on, at most ``limit`` rows. ``from_end``: counted from the bottom of
        the list instead, the rows still in the list's order.
        """
        descending = query.order.startswith("-")
        if query.order.lstrip("-") != "date":
            raise ValueError(f"pages are read in date order, not {query.order!r}")
        where, params = query.where()
        if start is not None:
            where += f" AND (a.date, a.id) {'<=' if descending else '>='} (?, ?)"
            params += list(start)
        backward = descending != from_end  # the direction SQLite reads in
        order = order_clause("-date" if backward else "date")
        rows = self._book.conn.execute(
            f"SELECT {_COLUMNS} FROM activities a WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        activities = [_activity(row) for row in rows]
        return activities[::-1] if from_end else activities

    def position(self, query: ActivityQuery, activity_id: int) -> int | None:
        """Where ``activity_id`` stands in a list in date order (0: first), or None when it is not in it."""
        where, params = query.where()
        row = self._book.conn.execute(
            f"SELECT a.date FROM activities a WHERE a.id = ? AND {where}", [activity_id, *params]
        ).fetchone()
        if row is None:
            return None
        before = ">" if query.order.startswith("-") else "<"
        return self._book.conn.execute(
            f"SELECT count(*) FROM activities a WHERE {where} AND (a.date, a.id) {before} (?, ?)",
            [*params, row[0], activity_id],
        ).fetchone()[0]

    def get_many(self, ids: Sequence[int]) -> dict[int, Activity]:
        """Activities by id (missing ids are absent from the result)."""
        found: dict[int, Activity] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            sql = f"SELECT {_COLUMNS} FROM activities a WHERE a.id IN ({', '.join('?' * len(chunk))})"
            for row in self._book.conn.execute(sql, chunk):
                activity = _activity(row)
                found[activity.id] = activity
        return found

    def totals(self, query: ActivityQuery = ActivityQuery()) -> Totals:
        """How many activities match, with their participants, minutes and quantities per unit."""
        where, params = query.where()
        count = participants = minutes = 0
        per_unit: dict[str, float] = {}
        # One pass. Grouped by day, channel and unit, the order of the figures' index, SQLite adds up as
        # it reads; grouped by unit alone it would first sort every row (three times slower on a million).
        for unit, n, day_participants, day_minutes, quantity in self._book.conn.execute(
            "SELECT a.unit, count(*), coalesce(sum(a.participants), 0), coalesce(sum(a.minutes), 0),"
            f" sum(a.quantity) FROM activities a WHERE {where} GROUP BY a.date, a.channel, a.unit",
            params,
        ):
            count += n
            participants += day_participants
            minutes += day_minutes
            per_unit[unit] = per_unit.get(unit, 0.0) + quantity
        quantities = sorted(per_unit.items(), key=lambda item: (-item[1], item[0]))
        return Totals(count, participants, minutes, tuple(quantities))

    def usage(self, kind: str) -> dict[str, int]:
        """How many live activities use each code of a catalog list (``Kind`` value: "channels", …)."""
        sql = {
            "channels": "SELECT channel, count(*) FROM activities WHERE deleted_at IS NULL GROUP BY channel",
            "units": "SELECT unit, count(*) FROM activities WHERE deleted_at IS NULL GROUP BY unit",
            "topics": "SELECT t.topic, count(*) FROM activity_topics t"
            " JOIN activities a ON a.id = t.activity_id WHERE a.deleted_at IS NULL GROUP BY t.topic",
            "audiences": "SELECT u.audience, count(*) FROM activity_audiences u"
            " JOIN activities a ON a.id = u.activity_id WHERE a.deleted_at IS NULL GROUP BY u.audience",
        }[str(kind)]
        return dict(self._book.conn.execute(sql).fetchall())

    def search(self, text: str, *, period: Period | None = None, limit: int | None = None) -> list[Activity]:
        """Activities whose title, place, responsible unit or notes hold every word of ``text``
        (as a word or the start of one), ignoring case, diacritics and đ/d."""
        if search_expression(text) is None:
            return []
        return self.query(ActivityQuery(period=period, text=text, limit=limit))

    # --- writing -------------------------------------------------------------------------------

    def add(self, draft: ActivityDraft, *, ward_code: str | None = None) -> Activity:
        """Validate and store a new activity; raises :class:`ValidationError` listing every issue."""
        checked = self.check(draft)
        with self._book.atomic() as conn:
            activity_id = self._insert(conn, checked, ward_code=ward_code)
            note_changes(conn, [activity_id], "add")
        return self._fetch(activity_id)

    def add_many(
        self,
        drafts: Sequence[ActivityDraft],
        *,
        ward_code: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[int]:
        """Store drafts that have already passed :meth:`check`, all in one transaction; returns their ids.

        ``progress(done, total)`` is called every few hundred rows; an exception it raises (a
        cancellation) rolls the whole transaction back.
        """
        ids: list[int] = []
        with self._book.atomic() as conn:
            stamp = now_stamp()
            for draft in drafts:
                ids.append(self._insert(conn, draft, ward_code=ward_code, stamp=stamp))
                if progress is not None and len(ids) % 500 == 0:
                    progress(len(ids), len(drafts))
            note_changes(conn, ids, "add")
        return ids

    def check(self, draft: ActivityDraft, *, allowed_retired: frozenset[str] = frozenset()) -> ActivityDraft:
        """The draft cleaned and completed with defaults, or :class:`ValidationError`."""
        draft = _cleaned(draft)
        checked, issues = validate(draft, self._book.catalog, allowed_retired=allowed_retired)
        if issues:
            raise ValidationError(issues)
        return checked

    def update(
        self, activity_id: int, draft: ActivityDraft, *, expected_revision: int | None = None
    ) -> Activity:
        """Replace an activity's values; its identity stays and its revision grows.

        ``expected_revision`` guards against overwriting a change made meanwhile elsewhere.
        """
        old = self._existing(activity_id)
        if expected_revision is not None and old.revision != expected_revision:
            raise StaleEditError(
                _("This activity was changed meanwhile; reopen it to see the latest version.")
            )
        kept = frozenset({old.channel, old.unit, *old.topics, *old.audiences})
        checked = self.check(draft, allowed_retired=kept)
        with self._book.atomic() as conn:
            note_changes(conn, [activity_id], "edit")  # the period it leaves learns of it too
            conn.execute(
                "UPDATE activities SET date = ?, channel = ?, title = ?, place = ?, participants = ?,"
                " quantity = ?, unit = ?, minutes = ?, responsible = ?, notes = ?, updated_at = ?,"
                " revision = revision + 1 WHERE id = ?",
                [*_values(checked), now_stamp(), activity_id],
            )
            conn.execute("DELETE FROM activity_topics WHERE activity_id = ?", [activity_id])
            conn.execute("DELETE FROM activity_audiences WHERE activity_id = ?", [activity_id])
            _insert_links(conn, activity_id, checked)
            if checked.date != old.date:
                note_changes(conn, [activity_id], "edit")
        return self._fetch(activity_id)

    def delete(self, activity_id: int) -> Activity:
        """Move an activity to the bin."""
        return self._set_deleted(activity_id, now_stamp())

    def restore(self, activity_id: int) -> Activity:
        """Bring an activity back from the bin."""
        return self._set_deleted(activity_id, None)

    # --- helpers -------------------------------------------------------------------------------

    def _set_deleted(self, activity_id: int, stamp: str | None) -> Activity:
        self._existing(activity_id)
        with self._book.atomic() as conn:
            conn.execute(
                "UPDATE activities SET deleted_at = ?, updated_at = ?, revision = revision + 1 WHERE id = ?",
                [stamp, now_stamp(), activity_id],
            )
            note_changes(conn, [activity_id], "delete" if stamp else "restore")
        return self._fetch(activity_id)

    def _existing(self, activity_id: int) -> Activity:
        activity = self.get(activity_id)
        if activity is None:
            raise ValidationError(
                [Issue("id", _("There is no activity number {id}.").format(id=activity_id))]
            )
        return activity

    def _fetch(self, activity_id: int) -> Activity:
        activity = self.get(activity_id)
        assert activity is not None
        return activity

    def _insert(
        self,
        conn: sqlite3.Connection,
        draft: ActivityDraft,
        *,
        ward_code: str | None,
        stamp: str | None = None,
    ) -> int:
        stamp = stamp or now_stamp()
        cursor = conn.execute(
            "INSERT INTO activities(date, channel, title, place, participants, quantity, unit, minutes,"
            " responsible, notes, uid, ward_code, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [*_values(draft), str(uuid.uuid4()), ward_code, stamp, stamp],
        )
        activity_id = cursor.lastrowid
        assert activity_id is not None
        _insert_links(conn, activity_id, draft)
        return activity_id


def _cleaned(draft: ActivityDraft) -> ActivityDraft:
    return ActivityDraft(
        date=draft.date,
        channel=draft.channel.strip(),
        topics=tuple(code.strip() for code in draft.topics if code.strip()),
        title=clean(draft.title),
        place=clean(draft.place),
        audiences=tuple(code.strip() for code in draft.audiences if code.strip()),
        participants=draft.participants,
        quantity=draft.quantity,
        unit=draft.unit.strip(),
        minutes=draft.minutes,
        responsible=clean(draft.responsible),
        notes=clean(draft.notes, multiline=True),
    )


def _values(draft: ActivityDraft) -> list[object]:
    return [
        draft.date.isoformat(),
        draft.channel,
        draft.title,
        draft.place,
        draft.participants,
        draft.quantity,
        draft.unit,
        draft.minutes,
        draft.responsible,
        draft.notes,
    ]


def _insert_links(conn: sqlite3.Connection, activity_id: int, draft: ActivityDraft) -> None:
    conn.executemany(
        "INSERT INTO activity_topics(activity_id, topic) VALUES (?, ?)",
        [(activity_id, t) for t in draft.topics],
    )
    conn.executemany(
        "INSERT INTO activity_audiences(activity_id, audience) VALUES (?, ?)",
        [(activity_id, a) for a in draft.audiences],
    )


def _activity(row: Sequence[object]) -> Activity:
    (id_, uid, ward, day, channel, title, place, participants, quantity, unit, minutes, responsible, notes,
     created, updated, revision, deleted, topics, audiences) = row  # fmt: skip
    return Activity(
        date=date.fromisoformat(str(day)),
        channel=str(channel),
        topics=tuple(str(topics).split(";")) if topics else (),
        title=str(title),
        place=str(place),
        audiences=tuple(str(audiences).split(";")) if audiences else (),
        participants=participants,  # type: ignore[arg-type]
        quantity=float(quantity),  # type: ignore[arg-type]
        unit=str(unit),
        minutes=minutes,  # type: ignore[arg-type]
        responsible=str(responsible),
        notes=str(notes),
        id=int(id_),  # type: ignore[call-overload]
        uid=str(uid),
        ward_code=ward,  # type: ignore[arg-type]
        created_at=str(created),
        updated_at=str(updated),
        revision=int(revision),  # type: ignore[call-overload]
        deleted_at=deleted,  # type: ignore[arg-type]
    )
