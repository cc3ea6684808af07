"""Recurring activities: the dates of a series, and writing a whole series in one transaction.

A ward repeats some activities on a fixed rhythm: the loudspeakers broadcast every working day,
the electronic board shows the same notice each week. Rather than typing each one, the officer
enters the activity once with a repeat rule (until when, on which weekdays, every how many weeks,
how many times a day) and the book gets one activity per date.

**Several times a day = one activity per day with a larger quantity.** The guideline counts
loudspeaker work in *buổi phát* and result reports quote totals per unit (“hệ thống truyền thanh
phát được 240 buổi, thời lượng 60 giờ”), computed as the sum of ``quantity`` per unit and the sum of
``minutes``. Two broadcasts a day stored as one row with quantity 2 (and twice the minutes) give
exactly the same totals as two rows with quantity 1, while keeping one row per day in the list: the
day's broadcast log (the evidence a scorer asks for) is one page per day, a correction is one edit,
and the number of activities counts days of work rather than doubling with each extra slot. So
:func:`add_series` multiplies the draft's quantity and minutes by ``times_per_day``; the entry form
says so next to the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from wardlog.core.errors import Issue, ValidationError
from wardlog.core.i18n import _, format_number
from wardlog.core.model import Activity, ActivityDraft, validate

if TYPE_CHECKING:
    from wardlog.core.book import Book

MAX_DATES = 1000  # a series longer than this is almost surely a mistyped year
MAX_TIMES_PER_DAY = 24
MAX_EVERY_N_WEEKS = 52
WORKING_DAYS = frozenset({0, 1, 2, 3, 4})  # Monday to Friday, the usual preset


def series_dates(
    start: date, end: date, *, weekdays: set[int] | frozenset[int], every_n_weeks: int = 1
) -> list[date]:
    """The dates from ``start`` to ``end`` (both included) that fall on one of ``weekdays``.

    ``weekdays`` uses Python's numbering (0 = Monday … 6 = Sunday). With ``every_n_weeks`` = n the
    series keeps the week of ``start`` and every n-th week after it (weeks run Monday to Sunday), so
    “every 2 weeks on Tuesday” starting on a Thursday next falls on the Tuesday 12 days later.

    Raises :class:`ValidationError` (fields ``until``, ``weekdays``, ``every_n_weeks``) when the end
    is before the start, no weekday is chosen, no chosen weekday falls in the range, or the series
    would have more than :data:`MAX_DATES` dates.
    """
    issues: list[Issue] = []
    if end < start:
        issues.append(Issue("until", _("The series must end on or after its first date.")))
    if not weekdays:
        issues.append(Issue("weekdays", _("Choose at least one day of the week.")))
    elif any(day not in range(7) for day in weekdays):
        issues.append(Issue("weekdays", _("Days of the week are numbered 0 (Monday) to 6 (Sunday).")))
    if not 1 <= every_n_weeks <= MAX_EVERY_N_WEEKS:
        issues.append(
            Issue(
                "every_n_weeks",
                _("Repeat every 1 to {limit} weeks.").format(limit=MAX_EVERY_N_WEEKS),
            )
        )
    if issues:
        raise ValidationError(issues)

    first_monday = start - timedelta(days=start.weekday())
    dates: list[date] = []
    day = start
    while day <= end:
        week = (day - first_monday).days // 7
        if day.weekday() in weekdays and week % every_n_weeks == 0:
            dates.append(day)
            if len(dates) > MAX_DATES:
                raise ValidationError(
                    [
                        Issue(
                            "until",
                            _("A series can have at most {limit} dates; choose an earlier end.").format(
                                limit=format_number(MAX_DATES)
                            ),
                        )
                    ]
                )
        day += timedelta(days=1)
    if not dates:
        raise ValidationError(
            [Issue("weekdays", _("None of the chosen days of the week falls between the two dates."))]
        )
    return dates


def series_draft(draft: ActivityDraft, times_per_day: int) -> ActivityDraft:
    """The draft each date of the series gets: quantity and minutes multiplied by ``times_per_day``."""
    return replace(
        draft,
        quantity=draft.quantity * times_per_day,
        minutes=None if draft.minutes is None else draft.minutes * times_per_day,
    )


def add_series(
    book: Book,
    draft: ActivityDraft,
    dates: Sequence[date],
    times_per_day: int = 1,
    *,
    ward_code: str | None = None,
) -> list[Activity]:
    """Store one activity per date of ``dates`` (usually from :func:`series_dates`), all or none.

    The draft is validated once, its date replaced by the first and by the last date (which covers
    the date rules for every date between; a last date out of range is reported on the field
    ``until``). ``times_per_day`` multiplies quantity and minutes (see the module's notes). The
    writes share one transaction (``add_many``), so a failure leaves no part of the series behind.
    Returns the new activities in date order. Raises :class:`ValidationError`.
    """
    issues: list[Issue] = []
    if not 1 <= times_per_day <= MAX_TIMES_PER_DAY:
        issues.append(
            Issue(
                "times_per_day",
                _("Times per day must be between 1 and {limit}.").format(limit=MAX_TIMES_PER_DAY),
            )
        )
    if not dates:
        issues.append(Issue("weekdays", _("The series has no dates.")))
    elif len(dates) > MAX_DATES:
        issues.append(
            Issue(
                "until",
                _("A series can have at most {limit} dates; choose an earlier end.").format(
                    limit=format_number(MAX_DATES)
                ),
            )
        )
    if issues:
        raise ValidationError(issues)

    ordered = sorted(set(dates))
    scaled = series_draft(draft, times_per_day)
    checked = book.activities.check(replace(scaled, date=ordered[0]))
    if ordered[-1] != ordered[0]:
        last_issues = validate(replace(checked, date=ordered[-1]), book.catalog)[1]
        # the last date is the series' end: report it there, not on the first date
        date_issues = [Issue("until", issue.message) for issue in last_issues if issue.field == "date"]
        if date_issues:
            raise ValidationError(date_issues)
    ids = book.activities.add_many([replace(checked, date=day) for day in ordered], ward_code=ward_code)
    found = book.activities.get_many(ids)
    return [found[activity_id] for activity_id in ids]
