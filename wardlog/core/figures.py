"""The figures of a period, computed in SQL: what the overview screen, the report and the
consolidated report all read, so they can never disagree.

Quantities are kept per unit (tờ and tấm do not add up); months follow the period's convention
(under the cut-off, “month 3” runs 15/02 – 14/03).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wardlog.core.periods import Convention, Period, PeriodKind

if TYPE_CHECKING:
    from wardlog.core.book import Book

Quantities = tuple[tuple[str, float], ...]  # (unit code, total), largest first


@dataclass(frozen=True)
class Tally:
    """What a set of activities adds up to."""

    activities: int = 0
    participants: int = 0
    minutes: int = 0
    quantities: Quantities = ()


@dataclass(frozen=True)
class ChannelFigures:
    code: str
    label: str
    group: str
    tally: Tally


@dataclass(frozen=True)
class GroupFigures:
    code: str
    label: str
    tally: Tally
    channels_used: int


@dataclass(frozen=True)
class TopicFigures:
    code: str
    label: str
    activities: int
    participants: int


@dataclass(frozen=True)
class MonthFigures:
    year: int
    month: int  # under the cut-off convention: the month whose 14th ends it
    tally: Tally


@dataclass(frozen=True)
class Figures:
    period: Period
    total: Tally
    by_channel: tuple[ChannelFigures, ...]  # every channel in use or not retired, in catalog order
    by_group: tuple[GroupFigures, ...]
    by_topic: tuple[TopicFigures, ...]
    by_month: tuple[MonthFigures, ...]  # every month of the period, empty ones included

    @property
    def channels_used(self) -> int:
        """How many distinct channels were used (the variety that PAR scoring counts)."""
        return sum(1 for channel in self.by_channel if channel.tally.activities)

    @property
    def groups_used(self) -> int:
        return sum(1 for group in self.by_group if group.tally.activities)


_LIVE = "a.deleted_at IS NULL AND a.date BETWEEN ? AND ?"


def _ward_filter(ward_codes: tuple[str | None, ...] | None) -> tuple[str, list[object]]:
    if ward_codes is None:
        return "", []
    named = [code for code in ward_codes if code is not None]
    parts = []
    if named:
        parts.append(f"a.ward_code IN ({', '.join('?' * len(named))})")
    if None in ward_codes:
        parts.append("a.ward_code IS NULL")
    return (" AND (" + " OR ".join(parts or ["0"]) + ")"), list(named)


def compute(book: Book, period: Period, *, ward_codes: tuple[str | None, ...] | None = None) -> Figures:
    """All figures of ``period``; ``ward_codes`` limits them to some wards (None: every activity)."""
    from wardlog.core.catalog import Kind

    conn = book.conn
    catalog = book.catalog
    ward_sql, ward_params = _ward_filter(ward_codes)
    where = _LIVE + ward_sql
    params: list[object] = [period.start.isoformat(), period.end.isoformat(), *ward_params]

    def tallies(key_sql: str) -> dict[object, Tally]:
        base: dict[object, list[int]] = {}
        for key, count, participants, minutes in conn.execute(
            f"SELECT {key_sql} AS k, count(*), coalesce(sum(a.participants), 0), coalesce(sum(a.minutes), 0)"
            f" FROM activities a WHERE {where} GROUP BY k",
            params,
        ):
            base[key] = [count, participants, minutes]
        quantities: dict[object, list[tuple[str, float]]] = {}
        for key, unit, total in conn.execute(
            f"SELECT {key_sql} AS k, a.unit, sum(a.quantity) AS total FROM activities a WHERE {where}"
            " GROUP BY k, a.unit ORDER BY k, total DESC, a.unit",
            params,
        ):
            quantities.setdefault(key, []).append((unit, float(total)))
        return {key: Tally(*values, tuple(quantities.get(key, ()))) for key, values in base.items()}

    total = tallies("1").get(1, Tally())
    per_channel = tallies("a.channel")
    by_channel = tuple(
        ChannelFigures(channel.code, channel.label, channel.group, per_channel.get(channel.code, Tally()))
        for channel in catalog.channels(include_retired=True)
        if not channel.retired or channel.code in per_channel
    )
    per_group = tallies("(SELECT group_code FROM channels c WHERE c.code = a.channel)")
    by_group = tuple(
        GroupFigures(
            group.code,
            group.label,
            per_group.get(group.code, Tally()),
            sum(1 for c in by_channel if c.group == group.code and c.tally.activities),
        )
        for group in catalog.groups()
    )
    topic_rows = {
        code: (count, participants)
        for code, count, participants in conn.execute(
            "SELECT t.topic, count(*), coalesce(sum(a.participants), 0) FROM activity_topics t"
            f" JOIN activities a ON a.id = t.activity_id WHERE {where} GROUP BY t.topic",
            params,
        )
    }
    by_topic = tuple(
        TopicFigures(topic.code, topic.label, *topic_rows.get(topic.code, (0, 0)))
        for topic in catalog.entries(Kind.TOPIC, include_retired=True)
        if not topic.retired or topic.code in topic_rows
    )
    return Figures(period, total, by_channel, by_group, by_topic, _months(period, tallies))


def _months(period: Period, tallies) -> tuple[MonthFigures, ...]:
    cutoff = period.convention is Convention.CUTOFF and period.kind is not PeriodKind.RANGE
    if cutoff:
        key = (
            "CASE WHEN CAST(strftime('%d', a.date) AS INTEGER) >= 15"
            " THEN strftime('%Y-%m', a.date, 'start of month', '+1 month') ELSE strftime('%Y-%m', a.date) END"
        )
    else:
        key = "strftime('%Y-%m', a.date)"
    per_month = tallies(key)
    months = []
    year, month = period.end.year, period.end.month
    if cutoff and period.end.day >= 15:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    first = (period.start.year, period.start.month)
    if cutoff and period.start.day >= 15:
        first = (first[0] + 1, 1) if first[1] == 12 else (first[0], first[1] + 1)
    while (year, month) >= first:
        months.append(MonthFigures(year, month, per_month.get(f"{year:04d}-{month:02d}", Tally())))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return tuple(reversed(months))
