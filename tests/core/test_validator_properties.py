"""The validators fed arbitrary values (hypothesis): a value or a refusal with reasons, never a crash.

``model.validate`` and the book's writes, the parsers of ``core/fields.py`` and the report details'
``reports.validate`` meet emoji, right-to-left text, control characters, enormous text, absurd
numbers and impossible dates. A value that passes is stored whole and reads back as it was cleaned.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from wardlog.core.book import Book
from wardlog.core.catalog import Kind
from wardlog.core.errors import ValidationError
from wardlog.core.fields import (
    FieldError,
    parse_date,
    parse_entries,
    parse_entry,
    parse_quantity,
    parse_whole,
)
from wardlog.core.model import FIELD_NAMES, ActivityDraft, validate
from wardlog.core.reports import Part, ReportDetails
from wardlog.core.reports import validate as validate_report


def examples(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["🙂👨‍👩‍👧🇻🇳", "שלום עולם", "مرحبا", "\u202eđảo\u202c", "Đối thoại",
         unicodedata.normalize("NFD", "Phường Hà Đông"), "\x00\x07\x1b[31m", "\r\n\r\n", "\u2028\u2029",
         "\ufeff", " ", "x" * 600, "Đ" * 6_000, "\U0010ffff"]
    ),
)  # fmt: skip
CODES = st.one_of(
    st.sampled_from(["loa", "pano", "tthc", "nhan_dan", "cuoc", "", " loa "]), st.text(max_size=12)
)
WHOLE = st.one_of(st.none(), st.integers(min_value=-(10**40), max_value=10**40))
QUANTITY = st.one_of(st.integers(min_value=-(10**40), max_value=10**40), st.floats())
DRAFTS = st.builds(
    ActivityDraft,
    date=st.dates(),
    channel=CODES,
    topics=st.lists(CODES, max_size=4).map(tuple),
    title=HOSTILE_TEXT,
    place=HOSTILE_TEXT,
    audiences=st.lists(CODES, max_size=3).map(tuple),
    participants=WHOLE,
    quantity=QUANTITY,
    unit=CODES,
    minutes=WHOLE,
    responsible=HOSTILE_TEXT,
    notes=HOSTILE_TEXT,
)


@pytest.fixture(scope="module")
def book() -> Iterator[Book]:
    with Book.in_memory() as shared:
        yield shared


@examples(200)
@given(draft=DRAFTS)
@example(draft=ActivityDraft(date.max, "loa", ("tthc",), "Ngày tận thế"))
@example(draft=ActivityDraft(date.min, "loa", ("tthc",), "Công nguyên"))
@example(draft=ActivityDraft(date(2026, 3, 5), "loa", ("tthc",), "x", quantity=math.nan, participants=10**30))
def test_validate_never_raises(book: Book, draft: ActivityDraft) -> None:
    checked, issues = validate(draft, book.catalog, today=date(2026, 11, 23))
    assert isinstance(checked, ActivityDraft)
    for issue in issues:
        assert issue.field in FIELD_NAMES
        assert issue.message and len(issue.message) < 500


@examples(200)
@given(draft=DRAFTS)
def test_a_write_stores_all_of_a_valid_activity_or_nothing(book: Book, draft: ActivityDraft) -> None:
    before = book.activities.count()
    try:
        stored = book.activities.add(draft)
    except ValidationError as error:
        assert error.issues
        assert book.activities.count() == before
        return
    assert book.activities.count() == before + 1
    again = book.activities.get(stored.id)
    assert again == stored
    expected = book.activities.check(draft)  # what the book promises to keep: the cleaned draft
    assert again.draft == expected
    for text in (again.title, again.place, again.responsible, again.notes):
        assert unicodedata.is_normalized("NFC", text)
    assert again.title and not any(unicodedata.category(ch) == "Cc" for ch in again.title)


ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),
    st.dates(),
    st.datetimes(),
    HOSTILE_TEXT,
    st.sampled_from(
        ["31/02/2026", "29/02/2025", "00/00/0000", "2026-13-45", "9999-12-31", "0000-01-01", "1e308", "1e999",
         "-0", "nan", "١٢٣", "１２", "²", "1" * 5_000, "9" * 400 + ",5", "1.000.000", "2,5", "12 000",
         ";" * 5_000, "a;" * 3_000]
    ),
)  # fmt: skip


@examples(300)
@given(value=ANYTHING)
def test_parsers_return_a_value_or_a_field_error(book: Book, value: object) -> None:
    for parse in (parse_date, parse_whole, parse_quantity):
        try:
            result = parse(value)
        except FieldError as error:
            assert error.message and len(error.message) < 500
            continue
        if parse is parse_date:
            assert isinstance(result, date)
        elif result is not None:
            assert result >= 0 and not (isinstance(result, float) and math.isnan(result))
    for kind in (Kind.TOPIC, Kind.AUDIENCE):
        try:
            codes = parse_entries(book.catalog, kind, value)
        except FieldError as error:
            assert len(error.message) < 1_000
        else:
            assert all(book.catalog.get(kind, code) for code in codes)
    for kind in (Kind.CHANNEL, Kind.UNIT):
        try:
            parse_entry(book.catalog, kind, value)
        except FieldError as error:
            assert len(error.message) < 500


def test_a_datetime_from_a_workbook_is_a_date() -> None:
    assert parse_date(datetime(2026, 3, 5, 14, 30)) == date(2026, 3, 5)


REPORT_TEXT = st.one_of(
    HOSTILE_TEXT, st.sampled_from(["05", "1", "99999", "100000", "0", "-1", "5.5", "", "x" * 21_000])
)
DETAILS = st.builds(
    ReportDetails,
    number=REPORT_TEXT,
    issued_on=st.one_of(st.none(), st.dates()),
    recipient=REPORT_TEXT,
    sign_on_behalf=REPORT_TEXT,
    sign_authority=REPORT_TEXT,
    signer_title=REPORT_TEXT,
    signer_name=REPORT_TEXT,
    copies_to=REPORT_TEXT,
    narrative=st.dictionaries(st.sampled_from([part.value for part in Part]), REPORT_TEXT, max_size=6),
)


@examples(150)
@given(details=DETAILS)
def test_report_details_are_cleaned_or_refused(details: ReportDetails) -> None:
    try:
        cleaned = validate_report(details)
    except ValidationError as error:
        assert error.issues
        return
    for text in (cleaned.number, cleaned.recipient, cleaned.signer_name, *cleaned.narrative.values()):
        assert unicodedata.is_normalized("NFC", text)
    assert cleaned.number == "" or 0 < int(cleaned.number) < 100_000


@pytest.mark.parametrize("number", ["²", "1" * 5_000])
def test_report_number_with_digits_int_cannot_read(number: str) -> None:
    with pytest.raises(ValidationError):
        validate_report(ReportDetails(number=number))
