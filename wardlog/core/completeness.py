"""The upper level's first question: which wards have delivered which periods, and who is late.

A ward has delivered a period when a file covering the whole period, made once the period was over,
has been merged (``deliveries``; a year's file made in June delivers the first half only). It is
*late* when its first such file was made more than ``late_after_days`` after the period's end (a
book setting, a week by default: the cut-off of the 14th leaves that to send the report). With no
file, a period is *missing* once that day has passed, and *pending* before. The day a file was made
is the ward's own stamp, but never later than the day it was merged.

The wards expected are those that have sent a file, or (setting ``completeness_scope`` =
"province") every ward of the book's province in the official list as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from wardlog.core.i18n import N_, _
from wardlog.core.periods import Convention, Period, PeriodKind, containing

if TYPE_CHECKING:
    from wardlog.core.book import Book

SCOPES = ("merged", "province")
MAX_LATE_DAYS = 366


class Status(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # no file, and the day it was due has passed
    PENDING = "pending"  # no file yet, and it is not due yet

    @property
    def label(self) -> str:
        return _(_STATUS_LABELS[self])


_STATUS_LABELS = {
    Status.ON_TIME: N_("On time"),
    Status.LATE: N_("Late"),
    Status.MISSING: N_("Missing"),
    Status.PENDING: N_("Not due yet"),
}


@dataclass(frozen=True)
class Cell:
    """One ward and one period."""

    status: Status
    due: date
    delivered_on: date | None  # the day its first covering file was made
    final: bool  # a file marked final covers the period
    corrections: int  # files that corrected an earlier final one
    files: int  # files covering the period
    latest_file: str = ""  # the name of the newest of them
    latest_records: int = 0  # the activities that file holds (for its own period)

    @property
    def days_late(self) -> int:
        return max(0, (self.delivered_on - self.due).days) if self.delivered_on else 0


def cell_text(cell: Cell) -> str:
    """What a cell says, on up to three lines: the status, the day, final or a correction."""
    from wardlog.core.i18n import format_date

    lines = [cell.status.label]
    if cell.status is Status.LATE:
        lines[0] = _("Late by {n} days").format(n=cell.days_late)
    if cell.delivered_on is not None:
        lines.append(format_date(cell.delivered_on))
    notes = []
    if cell.final:
        notes.append(_("final"))
    if cell.corrections:
        notes.append(_("corrected"))
    if notes:
        lines.append(", ".join(notes))
    return "\n".join(lines)


@dataclass(frozen=True)
class WardRow:
    code: str
    name: str
    province: str
    cells: tuple[Cell, ...]  # one per period, in the order of Completeness.periods


@dataclass(frozen=True)
class Completeness:
    periods: tuple[Period, ...]
    rows: tuple[WardRow, ...]
    late_after_days: int
    today: date

    def count(self, index: int, *statuses: Status) -> int:
        """How many wards have one of ``statuses`` for the period at ``index``."""
        return sum(1 for row in self.rows if row.cells[index].status in statuses)

    def delivered(self, index: int) -> int:
        return self.count(index, Status.ON_TIME, Status.LATE)


def due_date(period: Period, late_after_days: int) -> date:
    """The last day a ward's file of ``period`` counts as on time."""
    return period.end + timedelta(days=late_after_days)


def recent_periods(
    kind: PeriodKind,
    count: int,
    *,
    convention: Convention | str = Convention.CUTOFF,
    today: date | None = None,
) -> list[Period]:
    """The ``count`` periods of ``kind`` up to the one holding ``today``, oldest first."""
    period = containing(today or date.today(), kind, Convention(convention))
    found = [period]
    while len(found) < count:
        period = period.previous()
        found.append(period)
    return list(reversed(found))


def expected_wards(book: Book, scope: str | None = None) -> list[tuple[str, str, str]]:
    """(code, name, province) of the wards the table lists, by code."""
    scope = scope or book.settings.completeness_scope
    wards = {code: (code, name, province) for code, name, province in book.conn.execute(
        "SELECT code, name, province FROM wards"
    )}  # fmt: skip
    if scope == "province":
        from wardlog.core.units import load_units

        units = load_units()
        province = book.settings.province
        if not province and (own := units.ward(book.settings.ward_code)) is not None:
            province = own.province_name
        for candidate in units.provinces:
            if candidate.name == province:
                for ward in units.wards_of(candidate.code):
                    wards.setdefault(ward.code, (ward.code, ward.name, ward.province_name))
    own_code = book.settings.ward_code
    if own_code in wards and not _has_deliveries(book, own_code):
        del wards[own_code]  # the upper level's own identity is not a ward it waits for
    return [wards[code] for code in sorted(wards)]


def _has_deliveries(book: Book, code: str) -> bool:
    return (
        book.conn.execute("SELECT 1 FROM deliveries WHERE ward_code = ? LIMIT 1", [code]).fetchone()
        is not None
    )


def compute(
    book: Book,
    periods: Sequence[Period],
    *,
    today: date | None = None,
    late_after_days: int | None = None,
    scope: str | None = None,
) -> Completeness:
    """Every expected ward against every period (see the module for the rules)."""
    today = today or date.today()
    late = book.settings.late_after_days if late_after_days is None else late_after_days
    late = max(0, min(MAX_LATE_DAYS, late))
    deliveries: dict[str, list[tuple[date, date, date, bool, bool, str, int]]] = {}
    for code, start, end, created, merged, final, correction, name, records in book.conn.execute(
        "SELECT ward_code, period_start, period_end, created_at, merged_at, final, correction, file_name,"
        " records FROM deliveries ORDER BY created_at, id"
    ):
        made = min(date.fromisoformat(created[:10]), date.fromisoformat(merged[:10]))
        deliveries.setdefault(code, []).append(
            (date.fromisoformat(start), date.fromisoformat(end), made, bool(final), bool(correction), name,
             records)
        )  # fmt: skip
    rows = []
    for code, name, province in expected_wards(book, scope):
        cells = []
        for period in periods:
            covering = [
                d
                for d in deliveries.get(code, ())
                if d[0] <= period.start and d[1] >= period.end and d[2] >= period.end
            ]
            due = due_date(period, late)
            delivered_on = min((d[2] for d in covering), default=None)
            if delivered_on is not None:
                status = Status.ON_TIME if delivered_on <= due else Status.LATE
            else:
                status = Status.MISSING if today > due else Status.PENDING
            cells.append(
                Cell(
                    status,
                    due,
                    delivered_on,
                    any(d[3] for d in covering),
                    sum(1 for d in covering if d[4]),
                    len(covering),
                    covering[-1][5] if covering else "",
                    covering[-1][6] if covering else 0,
                )
            )
        rows.append(WardRow(code, name, province, tuple(cells)))
    return Completeness(tuple(periods), tuple(rows), late, today)
