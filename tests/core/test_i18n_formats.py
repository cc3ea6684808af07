"""Numbers and dates on screen: the quick ways of writing whole numbers and Vietnamese dates give
exactly what babel gives."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from babel.dates import format_date as babel_date
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from wardlog.core import i18n


@contextmanager
def speaking(language: str) -> Iterator[None]:
    before = i18n.current_language()
    i18n.set_language(language)
    try:
        yield
    finally:
        i18n.set_language(before)


@pytest.fixture(params=["vi", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    with speaking(request.param):
        yield request.param


def babel_number(value: float, language: str) -> str:
    return format_decimal(value, format="#,##0.##", locale="vi_VN" if language == "vi" else "en_GB")


@given(st.sampled_from(["vi", "en"]), st.integers(min_value=-(10**14), max_value=10**14))
def test_whole_numbers(language: str, value: int) -> None:
    with speaking(language):
        assert i18n.format_number(value) == babel_number(value, language)
        assert i18n.format_number(float(value)) == babel_number(float(value), language)


@given(st.sampled_from(["vi", "en"]), st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_any_number(language: str, value: float) -> None:
    with speaking(language):
        assert i18n.format_number(value) == babel_number(value, language)


@given(st.dates(min_value=date(1, 1, 1)))
def test_vietnamese_dates(value: date) -> None:
    with speaking("vi"):
        assert i18n.format_date(value) == babel_date(value, format="dd/MM/y", locale="vi_VN")


def test_examples(language: str) -> None:
    assert i18n.format_number(2833) == ("2.833" if language == "vi" else "2,833")
    assert i18n.format_number(2.5) == ("2,5" if language == "vi" else "2.5")
    assert i18n.format_number(-1234567.0) == ("-1.234.567" if language == "vi" else "-1,234,567")
    assert i18n.format_date(date(2026, 3, 5)) == ("05/03/2026" if language == "vi" else "5 Mar 2026")


def test_the_thousands_separators_written_in_are_babels() -> None:
    from babel.numbers import get_group_symbol

    assert {locale: get_group_symbol(locale) for locale in i18n._GROUP_SYMBOLS} == i18n._GROUP_SYMBOLS
