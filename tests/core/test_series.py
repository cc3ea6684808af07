"""Recurring series: which dates a rule gives, and writing a whole series at once or not at all."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta

import pytest

from wardlog.core.book import Book
from wardlog.core.errors import ValidationError
from wardlog.core.model import ActivityDraft
from wardlog.core.series import MAX_DATES, WORKING_DAYS, add_series, series_dates, series_draft

BROADCAST = ActivityDraft(
    date=date(2026, 3, 2),
    channel="loa",
    topics=("chinh_quyen_so",),
    title="Phát thanh về dịch vụ công trực tuyến",
    place="Các tổ dân phố",
    quantity=1,
    minutes=15,
)


def fields_of(error: ValidationError) -> list[str]:
    return [issue.field for issue in error.issues]


# --- dates --------------------------------------------------------------------------------------


def test_working_days_of_a_month() -> None:
    dates = series_dates(date(2026, 3, 1), date(2026, 3, 31), weekdays=set(WORKING_DAYS))
    assert len(dates) == 22  # March 2026: 1 March is a Sunday
    assert dates[0] == date(2026, 3, 2) and dates[-1] == date(2026, 3, 31)
    assert all(day.weekday() < 5 for day in dates)
    assert dates == sorted(dates)


def test_start_and_end_are_included() -> None:
    monday, friday = date(2026, 3, 2), date(2026, 3, 6)
    assert series_dates(monday, friday, weekdays={0, 4}) == [monday, friday]
    assert series_dates(monday, monday, weekdays={0}) == [monday]


def test_every_second_week_counts_from_the_week_of_the_start() -> None:
    thursday = date(2026, 3, 5)
    dates = series_dates(thursday, date(2026, 4, 30), weekdays={1, 3}, every_n_weeks=2)
    # the week of 2 March (Thursday 5 only: Tuesday 3 is before the start),
    # then the weeks of 16 March, 30 March, 13 April and 27 April
    assert dates == [
        date(2026, 3, 5),
        date(2026, 3, 17),
        date(2026, 3, 19),
        date(2026, 3, 31),
        date(2026, 4, 2),
        date(2026, 4, 14),
        date(2026, 4, 16),
        date(2026, 4, 28),
        date(2026, 4, 30),
    ]


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        series_dates(date(2026, 3, 10), date(2026, 3, 9), weekdays={0})
    assert fields_of(caught.value) == ["until"]


def test_no_weekday_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        series_dates(date(2026, 3, 1), date(2026, 3, 31), weekdays=set())
    assert fields_of(caught.value) == ["weekdays"]


def test_both_mistakes_are_reported_together() -> None:
    with pytest.raises(ValidationError) as caught:
        series_dates(date(2026, 3, 10), date(2026, 3, 1), weekdays=set(), every_n_weeks=0)
    assert fields_of(caught.value) == ["until", "weekdays", "every_n_weeks"]


def test_weekdays_out_of_range_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        series_dates(date(2026, 3, 1), date(2026, 3, 31), weekdays={7})
    assert fields_of(caught.value) == ["weekdays"]


def test_a_range_without_a_chosen_weekday_is_refused() -> None:
    saturday, sunday = date(2026, 3, 7), date(2026, 3, 8)
    with pytest.raises(ValidationError) as caught:
        series_dates(saturday, sunday, weekdays=set(WORKING_DAYS))
    assert fields_of(caught.value) == ["weekdays"]


def test_at_most_a_thousand_dates(english: None) -> None:
    start = date(2026, 1, 1)
    assert (
        len(series_dates(start, start + timedelta(days=MAX_DATES - 1), weekdays=set(range(7)))) == MAX_DATES
    )
    with pytest.raises(ValidationError) as caught:
        series_dates(start, start + timedelta(days=MAX_DATES), weekdays=set(range(7)))
    assert fields_of(caught.value) == ["until"]
    assert "1,000" in caught.value.issues[0].message


def test_messages_are_translated() -> None:
    with pytest.raises(ValidationError) as caught:
        series_dates(date(2026, 3, 1), date(2026, 3, 31), weekdays=set())
    assert caught.value.issues[0].message  # Vietnamese when the catalog has it, the English source otherwise


# --- writing ------------------------------------------------------------------------------------


def test_add_series_writes_one_activity_per_date(book: Book) -> None:
    dates = series_dates(date(2026, 3, 1), date(2026, 3, 31), weekdays=set(WORKING_DAYS))
    added = add_series(book, BROADCAST, dates)
    assert [a.date for a in added] == dates
    assert book.activities.count() == 22
    assert {a.unit for a in added} == {"buoi_phat"}  # the channel's default unit, filled once
    assert len({a.uid for a in added}) == 22
    assert all(a.title == BROADCAST.title and a.quantity == 1 and a.minutes == 15 for a in added)


def test_times_per_day_multiply_quantity_and_minutes(book: Book) -> None:
    dates = series_dates(date(2026, 3, 2), date(2026, 3, 6), weekdays=set(WORKING_DAYS))
    added = add_series(book, BROADCAST, dates, times_per_day=2)
    assert len(added) == 5  # one row per day …
    assert all(a.quantity == 2 and a.minutes == 30 for a in added)  # … counting both broadcasts
    totals = book.activities.totals()
    assert totals.quantities == (("buoi_phat", 10.0),)
    assert totals.minutes == 150


def test_series_draft_keeps_unrecorded_minutes_unrecorded() -> None:
    assert series_draft(replace(BROADCAST, minutes=None), 3).minutes is None
    assert series_draft(BROADCAST, 3).quantity == 3


def test_add_series_refuses_a_bad_draft_and_writes_nothing(book: Book) -> None:
    dates = series_dates(date(2026, 3, 1), date(2026, 3, 31), weekdays=set(WORKING_DAYS))
    with pytest.raises(ValidationError) as caught:
        add_series(book, replace(BROADCAST, title="", topics=()), dates)
    assert sorted(fields_of(caught.value)) == ["title", "topics"]
    assert book.activities.count() == 0


def test_add_series_checks_the_last_date_too(book: Book) -> None:
    soon = date.today()
    dates = [soon, soon + timedelta(days=400)]  # the last one is more than a year ahead
    with pytest.raises(ValidationError) as caught:
        add_series(book, BROADCAST, dates)
    assert fields_of(caught.value) == ["until"]
    assert book.activities.count() == 0


def test_add_series_refuses_bad_times_per_day_and_empty_or_long_series(book: Book) -> None:
    with pytest.raises(ValidationError) as caught:
        add_series(book, BROADCAST, [date(2026, 3, 2)], times_per_day=0)
    assert fields_of(caught.value) == ["times_per_day"]
    with pytest.raises(ValidationError) as caught:
        add_series(book, BROADCAST, [])
    assert fields_of(caught.value) == ["weekdays"]
    many = [date(2024, 1, 1) + timedelta(days=n) for n in range(MAX_DATES + 1)]
    with pytest.raises(ValidationError) as caught:
        add_series(book, BROADCAST, many)
    assert fields_of(caught.value) == ["until"]
    assert book.activities.count() == 0


def test_add_series_is_one_transaction(book: Book, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure half-way (a full disk, a lock) leaves no part of the series behind."""
    dates = series_dates(date(2026, 3, 1), date(2026, 3, 31), weekdays=set(WORKING_DAYS))
    activities = book.activities
    original = activities._insert
    calls = 0

    def failing_insert(*args: object, **kwargs: object) -> int:
        nonlocal calls
        calls += 1
        if calls == 10:
            raise sqlite3.OperationalError("disk I/O error")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(activities, "_insert", failing_insert)
    with pytest.raises(sqlite3.OperationalError):
        add_series(book, BROADCAST, dates)
    assert book.activities.count() == 0


def test_add_series_keeps_each_date_once(book: Book) -> None:
    monday = date(2026, 3, 2)
    added = add_series(book, BROADCAST, [monday, monday, monday + timedelta(days=1)])
    assert [a.date for a in added] == [monday, monday + timedelta(days=1)]
