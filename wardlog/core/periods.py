"""Report periods: months, quarters, halves and years under both conventions, and any date range.

Under the cut-off convention of Decree 09/2019/NĐ-CP, Art. 12 (the default), a period's data runs
from the 15th of the month before it starts to the 14th of its last month: 2026-H1 is
15/12/2025 – 14/06/2026, the year 2026 is 15/12/2025 – 14/12/2026. Under the calendar convention
2026-H1 is 01/01/2026 – 30/06/2026.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from wardlog.core.errors import Issue, ValidationError
from wardlog.core.i18n import _, format_date


class Convention(StrEnum):
    CUTOFF = "cutoff"  # Decree 09/2019: 15th of the previous month to the 14th
    CALENDAR = "calendar"


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    RANGE = "range"


_MONTHS_OF = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
CUTOFF_DAY = 15  # first day of a cut-off period falls on the 15th of the month before


@dataclass(frozen=True)
class Period:
    """A closed range of dates ``start`` … ``end`` (both included), with what it is called."""

    start: date
    end: date
    kind: PeriodKind = PeriodKind.RANGE
    year: int = 0
    index: int = 0  # month 1–12, quarter 1–4, half 1–2; 0 for years and ranges
    convention: Convention = Convention.CUTOFF

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def code(self) -> str:
        """The period as the command line writes it: ``2026-H1``, ``2026-Q3``, ``2026-03``, ``2026``…"""
        match self.kind:
            case PeriodKind.YEAR:
                return f"{self.year}"
            case PeriodKind.HALF:
                return f"{self.year}-H{self.index}"
            case PeriodKind.QUARTER:
                return f"{self.year}-Q{self.index}"
            case PeriodKind.MONTH:
                return f"{self.year}-{self.index:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """What a report calls the period: "6 tháng đầu năm 2026", "quý II năm 2026"…"""
        match self.kind:
            case PeriodKind.YEAR:
                return _("year {year}").format(year=self.year)
            case PeriodKind.HALF:
                text = _("first 6 months of {year}") if self.index == 1 else _("last 6 months of {year}")
                return text.format(year=self.year)
            case PeriodKind.QUARTER:
                return _("quarter {roman} of {year}").format(roman=_ROMAN[self.index], year=self.year)
            case PeriodKind.MONTH:
                return _("month {month} of {year}").format(month=self.index, year=self.year)
        return _("from {start} to {end}").format(start=format_date(self.start), end=format_date(self.end))

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if self.kind is PeriodKind.RANGE:
            return date_range(self.start - timedelta(days=self.days), self.start - timedelta(days=1))
        if self.kind is PeriodKind.YEAR:
            return named(PeriodKind.YEAR, self.year - 1, 0, self.convention)
        count = 12 // _MONTHS_OF[self.kind]
        year, index = (self.year, self.index - 1) if self.index > 1 else (self.year - 1, count)
        return named(self.kind, year, index, self.convention)

    def next(self) -> Period:
        """The period of the same kind just after this one."""
        if self.kind is PeriodKind.RANGE:
            return date_range(self.end + timedelta(days=1), self.end + timedelta(days=self.days))
        if self.kind is PeriodKind.YEAR:
            return named(PeriodKind.YEAR, self.year + 1, 0, self.convention)
        count = 12 // _MONTHS_OF[self.kind]
        year, index = (self.year, self.index + 1) if self.index < count else (self.year + 1, 1)
        return named(self.kind, year, index, self.convention)


def _month_start(year: int, month: int) -> date:
    """First day of ``month`` of ``year``, where months may run past 12 or below 1."""
    year += (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def named(kind: PeriodKind, year: int, index: int = 0, convention: Convention = Convention.CUTOFF) -> Period:
    """A month, quarter, half or year (``index`` counts months, quarters or halves from 1)."""
    span = _MONTHS_OF[kind]
    first_month = 1 if kind is PeriodKind.YEAR else (index - 1) * span + 1
    if kind is not PeriodKind.YEAR and not 1 <= index <= 12 // span:
        raise ValueError(f"{kind} index {index} out of range")
    if convention is Convention.CUTOFF:
        start = _month_start(year, first_month - 1).replace(day=CUTOFF_DAY)
        end = _month_start(year, first_month + span - 1).replace(day=CUTOFF_DAY - 1)
    else:
        start = _month_start(year, first_month)
        end = _month_start(year, first_month + span) - timedelta(days=1)
    return Period(start, end, kind, year, index, convention)


def date_range(start: date, end: date) -> Period:
    """Any range of dates, both ends included."""
    if end < start:
        raise ValueError("end before start")
    return Period(start, end)


def containing(day: date, kind: PeriodKind, convention: Convention = Convention.CUTOFF) -> Period:
    """The period of ``kind`` that holds ``day`` (under the cut-off, 20/12/2026 is in year 2027)."""
    year, month = day.year, day.month
    if convention is Convention.CUTOFF and day.day >= CUTOFF_DAY:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if kind is PeriodKind.YEAR:
        return named(kind, year, 0, convention)
    span = _MONTHS_OF[kind]
    return named(kind, year, (month - 1) // span + 1, convention)


_PATTERNS = (
    (re.compile(r"(\d{4})"), PeriodKind.YEAR),
    (re.compile(r"(\d{4})-[Hh]([12])"), PeriodKind.HALF),
    (re.compile(r"(\d{4})-[Qq]([1-4])"), PeriodKind.QUARTER),
    (re.compile(r"(\d{4})-(0[1-9]|1[0-2])"), PeriodKind.MONTH),
)
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")
MIN_YEAR, MAX_YEAR = 1990, 2100


def parse(text: str, convention: Convention | str = Convention.CUTOFF) -> Period:
    """``2026-H1``, ``2026-H2``, ``2026``, ``2026-Q1``…``Q4``, ``2026-03`` or ``2026-01-01..2026-06-30``.

    Raises :class:`ValidationError` with a message naming the accepted forms.
    """
    convention = Convention(convention)
    text = text.strip()
    for pattern, kind in _PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            year = int(found.group(1))
            if MIN_YEAR <= year <= MAX_YEAR:
                index = int(found.group(2)) if kind is not PeriodKind.YEAR else 0
                return named(kind, year, index, convention)
    found = _RANGE.fullmatch(text)
    if found:
        try:
            start, end = date.fromisoformat(found.group(1)), date.fromisoformat(found.group(2))
        except ValueError:
            pass
        else:
            if start <= end:
                return date_range(start, end)
    raise ValidationError(
        [
            Issue(
                "period",
                _(
                    "“{text}” is not a period. Write 2026-H1, 2026-H2, 2026 (a year), 2026-Q1 … 2026-Q4, "
                    "2026-03 (a month) or 2026-01-01..2026-06-30."
                ).format(text=text),
            )
        ]
    )
