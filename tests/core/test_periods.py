"""Report periods under the cut-off convention of Decree 09/2019 (the default) and the calendar one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from wardlog.core.errors import ValidationError
from wardlog.core.periods import Convention, Period, PeriodKind, containing, date_range, named, parse

CUT, CAL = Convention.CUTOFF, Convention.CALENDAR
D = date

# code → (start, end) under the cut-off convention
CUTOFF_2026 = {
    "2026": (D(2025, 12, 15), D(2026, 12, 14)),
    "2026-H1": (D(2025, 12, 15), D(2026, 6, 14)),
    "2026-H2": (D(2026, 6, 15), D(2026, 12, 14)),
    "2026-Q1": (D(2025, 12, 15), D(2026, 3, 14)),
    "2026-Q2": (D(2026, 3, 15), D(2026, 6, 14)),
    "2026-Q3": (D(2026, 6, 15), D(2026, 9, 14)),
    "2026-Q4": (D(2026, 9, 15), D(2026, 12, 14)),
    "2026-01": (D(2025, 12, 15), D(2026, 1, 14)),
    "2026-02": (D(2026, 1, 15), D(2026, 2, 14)),
    "2026-03": (D(2026, 2, 15), D(2026, 3, 14)),
    "2026-04": (D(2026, 3, 15), D(2026, 4, 14)),
    "2026-05": (D(2026, 4, 15), D(2026, 5, 14)),
    "2026-06": (D(2026, 5, 15), D(2026, 6, 14)),
    "2026-07": (D(2026, 6, 15), D(2026, 7, 14)),
    "2026-08": (D(2026, 7, 15), D(2026, 8, 14)),
    "2026-09": (D(2026, 8, 15), D(2026, 9, 14)),
    "2026-10": (D(2026, 9, 15), D(2026, 10, 14)),
    "2026-11": (D(2026, 10, 15), D(2026, 11, 14)),
    "2026-12": (D(2026, 11, 15), D(2026, 12, 14)),
}

CALENDAR_2026 = {
    "2026": (D(2026, 1, 1), D(2026, 12, 31)),
    "2026-H1": (D(2026, 1, 1), D(2026, 6, 30)),
    "2026-H2": (D(2026, 7, 1), D(2026, 12, 31)),
    "2026-Q1": (D(2026, 1, 1), D(2026, 3, 31)),
    "2026-Q2": (D(2026, 4, 1), D(2026, 6, 30)),
    "2026-Q3": (D(2026, 7, 1), D(2026, 9, 30)),
    "2026-Q4": (D(2026, 10, 1), D(2026, 12, 31)),
    "2026-01": (D(2026, 1, 1), D(2026, 1, 31)),
    "2026-02": (D(2026, 2, 1), D(2026, 2, 28)),
    "2026-03": (D(2026, 3, 1), D(2026, 3, 31)),
    "2026-04": (D(2026, 4, 1), D(2026, 4, 30)),
    "2026-05": (D(2026, 5, 1), D(2026, 5, 31)),
    "2026-06": (D(2026, 6, 1), D(2026, 6, 30)),
    "2026-07": (D(2026, 7, 1), D(2026, 7, 31)),
    "2026-08": (D(2026, 8, 1), D(2026, 8, 31)),
    "2026-09": (D(2026, 9, 1), D(2026, 9, 30)),
    "2026-10": (D(2026, 10, 1), D(2026, 10, 31)),
    "2026-11": (D(2026, 11, 1), D(2026, 11, 30)),
    "2026-12": (D(2026, 12, 1), D(2026, 12, 31)),
}

KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR)
COUNTS = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.YEAR: 1}


def kind_of(code: str) -> tuple[PeriodKind, int]:
    if "-H" in code:
        return PeriodKind.HALF, int(code[-1])
    if "-Q" in code:
        return PeriodKind.QUARTER, int(code[-1])
    if "-" in code:
        return PeriodKind.MONTH, int(code[5:])
    return PeriodKind.YEAR, 0


# --- named periods at their boundaries ----------------------------------------------------------


@pytest.mark.parametrize(("code", "bounds"), CUTOFF_2026.items())
def test_cutoff_periods_of_2026(code: str, bounds: tuple[date, date]) -> None:
    start, end = bounds
    kind, index = kind_of(code)
    period = parse(code)
    assert (period.start, period.end) == (start, end)
    assert (period.kind, period.year, period.index, period.convention) == (kind, 2026, index, CUT)
    assert period == named(kind, 2026, index) == named(kind, 2026, index, CUT)
    assert period.code == code
    assert start in period and end in period
    assert start - timedelta(days=1) not in period and end + timedelta(days=1) not in period
    assert period.days == (end - start).days + 1


@pytest.mark.parametrize(("code", "bounds"), CALENDAR_2026.items())
def test_calendar_periods_of_2026(code: str, bounds: tuple[date, date]) -> None:
    start, end = bounds
    kind, index = kind_of(code)
    period = parse(code, CAL)
    assert (period.start, period.end) == (start, end)
    assert (period.kind, period.year, period.index, period.convention) == (kind, 2026, index, CAL)
    assert period == parse(code, "calendar") == named(kind, 2026, index, CAL)
    assert period.code == code
    assert start - timedelta(days=1) not in period and end + timedelta(days=1) not in period


def test_cutoff_is_the_default_convention() -> None:
    assert parse("2026-H1") == parse("2026-H1", "cutoff") == parse("2026-H1", CUT)
    assert parse("2026-H1") != parse("2026-H1", CAL)


def test_leap_february_2028() -> None:
    assert (parse("2028-02", CAL).start, parse("2028-02", CAL).end) == (D(2028, 2, 1), D(2028, 2, 29))
    assert parse("2028-02", CAL).days == 29
    assert parse("2027-02", CAL).days == 28
    assert (parse("2028-Q1", CAL).end, parse("2028-Q1", CAL).days) == (D(2028, 3, 31), 91)
    assert parse("2028", CAL).days == 366
    # under the cut-off, February 2028 runs 15/01 – 14/02 and the leap day falls in March's period
    assert (parse("2028-02").start, parse("2028-02").end) == (D(2028, 1, 15), D(2028, 2, 14))
    assert D(2028, 2, 29) in parse("2028-03")
    assert parse("2028-03").days == 29  # 15/02 – 14/03 of a leap year
    assert parse("2028").days == 366  # 15/12/2027 – 14/12/2028 holds 29/02/2028
    assert parse("2027").days == 365


def test_periods_of_a_kind_tile_the_years_without_gap_or_overlap() -> None:
    for convention in Convention:
        for kind in KINDS:
            period = containing(D(2023, 6, 1), kind, convention)
            for _ in range(5 * COUNTS[kind]):
                following = period.next()
                assert following.start == period.end + timedelta(days=1), (convention, kind, period)
                assert following.kind is kind and following.convention is convention
                period = following


def test_year_is_made_of_its_halves_quarters_and_months() -> None:
    for convention in Convention:
        year = named(PeriodKind.YEAR, 2026, 0, convention)
        for kind, count in ((PeriodKind.HALF, 2), (PeriodKind.QUARTER, 4), (PeriodKind.MONTH, 12)):
            parts = [named(kind, 2026, i, convention) for i in range(1, count + 1)]
            assert parts[0].start == year.start and parts[-1].end == year.end
            assert sum(p.days for p in parts) == year.days


def test_named_refuses_an_index_out_of_range() -> None:
    for kind, bad in (
        (PeriodKind.MONTH, 13),
        (PeriodKind.QUARTER, 5),
        (PeriodKind.HALF, 3),
        (PeriodKind.HALF, 0),
    ):
        with pytest.raises(ValueError):
            named(kind, 2026, bad)


# --- containing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "kind", "code"),
    [
        (D(2026, 6, 14), PeriodKind.HALF, "2026-H1"),
        (D(2026, 6, 15), PeriodKind.HALF, "2026-H2"),
        (D(2026, 12, 14), PeriodKind.HALF, "2026-H2"),
        (D(2026, 12, 15), PeriodKind.HALF, "2027-H1"),
        (D(2026, 12, 14), PeriodKind.YEAR, "2026"),
        (D(2026, 12, 15), PeriodKind.YEAR, "2027"),
        (D(2025, 12, 14), PeriodKind.YEAR, "2025"),
        (D(2025, 12, 15), PeriodKind.YEAR, "2026"),
        (D(2026, 3, 14), PeriodKind.QUARTER, "2026-Q1"),
        (D(2026, 3, 15), PeriodKind.QUARTER, "2026-Q2"),
        (D(2026, 9, 14), PeriodKind.QUARTER, "2026-Q3"),
        (D(2026, 9, 15), PeriodKind.QUARTER, "2026-Q4"),
        (D(2026, 1, 14), PeriodKind.MONTH, "2026-01"),
        (D(2026, 1, 15), PeriodKind.MONTH, "2026-02"),
        (D(2026, 1, 1), PeriodKind.MONTH, "2026-01"),
        (D(2026, 3, 14), PeriodKind.MONTH, "2026-03"),
        (D(2026, 3, 15), PeriodKind.MONTH, "2026-04"),
        (D(2026, 2, 28), PeriodKind.MONTH, "2026-03"),
        (D(2026, 12, 20), PeriodKind.YEAR, "2027"),
        (D(2026, 12, 20), PeriodKind.HALF, "2027-H1"),
        (D(2026, 12, 20), PeriodKind.QUARTER, "2027-Q1"),
        (D(2026, 12, 20), PeriodKind.MONTH, "2027-01"),
        (D(2026, 12, 31), PeriodKind.MONTH, "2027-01"),
        (D(2026, 11, 30), PeriodKind.MONTH, "2026-12"),
    ],
)
def test_containing_under_cutoff(day: date, kind: PeriodKind, code: str) -> None:
    period = containing(day, kind)
    assert period == containing(day, kind, CUT) == parse(code)
    assert day in period


@pytest.mark.parametrize(
    ("day", "kind", "code"),
    [
        (D(2026, 12, 20), PeriodKind.YEAR, "2026"),
        (D(2026, 12, 31), PeriodKind.HALF, "2026-H2"),
        (D(2027, 1, 1), PeriodKind.HALF, "2027-H1"),
        (D(2026, 6, 30), PeriodKind.HALF, "2026-H1"),
        (D(2026, 7, 1), PeriodKind.HALF, "2026-H2"),
        (D(2026, 6, 15), PeriodKind.QUARTER, "2026-Q2"),
        (D(2026, 12, 15), PeriodKind.MONTH, "2026-12"),
        (D(2028, 2, 29), PeriodKind.MONTH, "2028-02"),
    ],
)
def test_containing_under_calendar(day: date, kind: PeriodKind, code: str) -> None:
    period = containing(day, kind, CAL)
    assert period == parse(code, CAL)
    assert day in period


def test_containing_every_day_of_five_years() -> None:
    day = D(2024, 1, 1)
    while day <= D(2028, 12, 31):
        for convention in Convention:
            for kind in KINDS:
                period = containing(day, kind, convention)
                assert day in period, (day, kind, convention)
                assert period.kind is kind and period.convention is convention
                assert containing(period.start, kind, convention) == period
                assert containing(period.end, kind, convention) == period
        day += timedelta(days=1)


# --- previous / next ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "before", "after"),
    [
        ("2026-H1", "2025-H2", "2026-H2"),
        ("2026-H2", "2026-H1", "2027-H1"),
        ("2026-Q1", "2025-Q4", "2026-Q2"),
        ("2026-Q4", "2026-Q3", "2027-Q1"),
        ("2026-01", "2025-12", "2026-02"),
        ("2026-12", "2026-11", "2027-01"),
        ("2026", "2025", "2027"),
    ],
)
def test_previous_and_next_across_year_ends(code: str, before: str, after: str) -> None:
    for convention in Convention:
        period = parse(code, convention)
        assert period.previous() == parse(before, convention)
        assert period.next() == parse(after, convention)
        assert period.previous().next() == period == period.next().previous()
        assert period.previous().end + timedelta(days=1) == period.start
        assert period.next().start - timedelta(days=1) == period.end


def test_cutoff_year_end_neighbours() -> None:
    assert parse("2025-H2").end == D(2025, 12, 14)
    assert parse("2026-H1").previous().end + timedelta(days=1) == D(2025, 12, 15)
    assert parse("2026-12").next() == parse("2027-01")
    assert (parse("2027-01").start, parse("2027-01").end) == (D(2026, 12, 15), D(2027, 1, 14))


def test_previous_and_next_of_a_range() -> None:
    period = parse("2026-01-01..2026-01-10")
    assert period.previous() == date_range(D(2025, 12, 22), D(2025, 12, 31))
    assert period.next() == date_range(D(2026, 1, 11), D(2026, 1, 20))
    assert period.previous().next() == period == period.next().previous()
    one_day = parse("2026-03-01..2026-03-01")
    assert one_day.days == 1
    assert one_day.previous() == date_range(D(2026, 2, 28), D(2026, 2, 28))


# --- parse --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2026-h1", "2026-H1"),
        ("2026-q3", "2026-Q3"),
        ("  2026-H2 \n", "2026-H2"),
        ("1990", "1990"),
        ("2100-Q4", "2100-Q4"),
    ],
)
def test_parse_accepts_variants(text: str, code: str) -> None:
    assert parse(text).code == code


def test_parse_date_range() -> None:
    period = parse("2026-01-01..2026-06-30")
    assert (period.start, period.end, period.kind) == (D(2026, 1, 1), D(2026, 6, 30), PeriodKind.RANGE)
    assert period.code == "2026-01-01..2026-06-30"
    assert period.days == 181
    # a range is the same whatever the convention
    assert parse("2026-01-01..2026-06-30", CAL) == period
    assert parse("2026-05-05..2026-05-05").days == 1
    assert parse("2028-02-29..2028-03-01").days == 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2026-H3",
        "2026-H0",
        "2026-Q0",
        "2026-Q5",
        "2026-00",
        "2026-13",
        "2026-1",
        "26-H1",
        "1989",
        "2101",
        "20260",
        "H1-2026",
        "2026H1",
        "2026-S1",
        "2026-01-01",
        "01/01/2026..30/06/2026",
        "2026-01-01...2026-06-30",
        "2026-01-01..",
        "..2026-06-30",
        "2026-02-30..2026-03-31",
        "2027-02-29..2027-03-01",
        "2026-06-30..2026-01-01",  # reversed
        "2026-01-02..2026-01-01",  # reversed by one day
        "hai nghìn không trăm hai mươi sáu",
        "2026-Ｑ1",
    ],
)
def test_parse_refuses_bad_input(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse(text)
    issues = caught.value.issues
    assert len(issues) == 1
    assert issues[0].field == "period"
    assert text.strip() in issues[0].message
    assert str(caught.value) == issues[0].message


def test_parse_message_in_english(english: None) -> None:
    with pytest.raises(ValidationError) as caught:
        parse("2026-H3")
    assert str(caught.value) == (
        "“2026-H3” is not a period. Write 2026-H1, 2026-H2, 2026 (a year), 2026-Q1 … 2026-Q4, "
        "2026-03 (a month) or 2026-01-01..2026-06-30."
    )


def test_parse_refuses_unknown_convention() -> None:
    with pytest.raises(ValueError):
        parse("2026-H1", "lunar")


def test_date_range_refuses_reversed() -> None:
    with pytest.raises(ValueError):
        date_range(D(2026, 2, 1), D(2026, 1, 31))
    assert date_range(D(2026, 1, 31), D(2026, 1, 31)).days == 1


def test_codes_round_trip() -> None:
    for convention in Convention:
        for year in (1990, 2025, 2026, 2028, 2100):
            for kind in KINDS:
                indexes = range(1, COUNTS[kind] + 1) if kind is not PeriodKind.YEAR else (0,)
                for index in indexes:
                    period = named(kind, year, index, convention)
                    assert parse(period.code, convention) == period, period
    for text in ("2026-01-01..2026-06-30", "2025-12-15..2026-06-14", "2028-02-29..2028-02-29"):
        period = parse(text)
        assert period.code == text
        assert parse(period.code) == period


def test_period_contains_only_dates() -> None:
    period = parse("2026-H1")
    assert "2026-03-01" not in period
    assert None not in period
    assert D(2026, 3, 1) in period


def test_period_is_hashable_and_comparable() -> None:
    assert len({parse("2026-H1"), named(PeriodKind.HALF, 2026, 1), parse("2026-H1", CAL)}) == 2
    assert isinstance(parse("2026"), Period)


# --- labels (English until the Vietnamese catalog is written) -----------------------------------


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("2026", "year 2026"),
        ("2026-H1", "first 6 months of 2026"),
        ("2026-H2", "last 6 months of 2026"),
        ("2026-Q1", "quarter I of 2026"),
        ("2026-Q2", "quarter II of 2026"),
        ("2026-Q3", "quarter III of 2026"),
        ("2026-Q4", "quarter IV of 2026"),
        ("2026-03", "month 3 of 2026"),
        ("2026-12", "month 12 of 2026"),
        ("2026-01-01..2026-06-30", "from 1 Jan 2026 to 30 Jun 2026"),
    ],
)
def test_labels_in_english(english: None, code: str, label: str) -> None:
    assert parse(code).label == label
    assert parse(code, CAL).label == label  # the label names the period, not its convention
