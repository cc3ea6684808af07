"""Values typed as text (spreadsheet cells, command-line arguments) turned into activity values."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from wardlog.core.book import Book
from wardlog.core.catalog import Kind
from wardlog.core.fields import (
    FieldError,
    draft_from_values,
    parse_date,
    parse_entries,
    parse_entry,
    parse_quantity,
    parse_whole,
)
from wardlog.core.model import ActivityDraft

TTHC_LABEL = "Cải cách thủ tục hành chính; một cửa, một cửa liên thông"
CHI_DAO_LABEL = "Lãnh đạo, chỉ đạo, điều hành CCHC; đo lường sự hài lòng"


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05/03/2026", date(2026, 3, 5)),
        ("5/3/2026", date(2026, 3, 5)),
        ("31/12/2026", date(2026, 12, 31)),
        ("29/02/2028", date(2028, 2, 29)),
        ("05.03.2026", date(2026, 3, 5)),
        ("05-03-2026", date(2026, 3, 5)),
        ("2026-03-05", date(2026, 3, 5)),
        ("2026-3-5", date(2026, 3, 5)),
        ("2026-03-05 00:00:00", date(2026, 3, 5)),
        ("2026-03-05T00:00", date(2026, 3, 5)),
        ("  05/03/2026  ", date(2026, 3, 5)),
        (date(2026, 3, 5), date(2026, 3, 5)),
        (datetime(2026, 3, 5, 14, 30), date(2026, 3, 5)),
        (datetime(2026, 3, 5), date(2026, 3, 5)),
    ],
)
def test_parse_date_accepts(value: object, expected: date) -> None:
    parsed = parse_date(value)
    assert parsed == expected
    assert type(parsed) is date


@pytest.mark.parametrize(
    "value",
    [
        "31/02/2026",
        "29/02/2027",
        "00/01/2026",
        "32/01/2026",
        "01/13/2026",
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
    ],
)
def test_parse_date_refuses_days_not_in_the_calendar(value: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_date(value)
    assert value in caught.value.message


@pytest.mark.parametrize(
    "value",
    ["hôm qua", "05/03/26", "2026/03/05", "05/03", "5 tháng 3 năm 2026", "2026-03-05 10:30", "45000", "x"],
)
def test_parse_date_refuses_garbage(value: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_date(value)
    assert value in caught.value.message


@pytest.mark.parametrize("value", ["", "   "])
def test_parse_date_refuses_empty(value: str) -> None:
    with pytest.raises(FieldError):
        parse_date(value)


def test_parse_date_messages_in_english(english: None) -> None:
    with pytest.raises(FieldError) as caught:
        parse_date("31/02/2026")
    assert caught.value.message == "31/02/2026 does not exist in the calendar."
    with pytest.raises(FieldError) as caught:
        parse_date("hôm qua")
    assert (
        caught.value.message == "“hôm qua” is not a date; write it as dd/mm/yyyy (05/03/2026) or yyyy-mm-dd."
    )
    with pytest.raises(FieldError) as caught:
        parse_date("")
    assert caught.value.message == "The date is missing."


# --- whole numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("0", 0),
        ("1.200", 1200),
        ("1 200", 1200),
        ("1.200.000", 1_200_000),
        ("1 200 000", 1_200_000),
        ("12000", 12000),
        (" 339 ", 339),
        ("007", 7),
        (45, 45),
        (45.0, 45),
        (0, 0),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_parse_whole_accepts(value: object, expected: int | None) -> None:
    assert parse_whole(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "-3",
        "-0",
        "1,5",
        "1.20",
        "1.2000",
        "12.34.567",
        "1.200 000",
        "1,200",
        "abc",
        "3 người",
        "1e3",
        "½",
        True,
        2.5,
    ],
)
def test_parse_whole_refuses(value: object) -> None:
    with pytest.raises(FieldError):
        parse_whole(value)


def test_parse_whole_refuses_negative_int() -> None:
    with pytest.raises(FieldError):
        parse_whole(-3)


def test_parse_whole_messages_in_english(english: None) -> None:
    with pytest.raises(FieldError) as caught:
        parse_whole("-3")
    assert caught.value.message == "Cannot be negative."
    with pytest.raises(FieldError) as caught:
        parse_whole("1,5")
    assert caught.value.message == "“1,5” is not a whole number."


# --- quantities ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2,5", 2.5),
        ("2.5", 2.5),
        ("1.200", 1200.0),
        ("1 200", 1200.0),
        ("1.200.000", 1_200_000.0),
        ("12", 12.0),
        ("0", 0.0),
        ("0,25", 0.25),
        ("1.20", 1.2),
        (3, 3.0),
        (2.5, 2.5),
        ("", None),
        (None, None),
        ("   ", None),
    ],
)
def test_parse_quantity_accepts(value: object, expected: float | None) -> None:
    assert parse_quantity(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "-1",
        "-2,5",
        "2,5,5",
        "1.200,5",
        "2 tờ",
        "1e3",
        "nan",
        "inf",
        float("nan"),
        float("inf"),
        -1,
        True,
    ],
)
def test_parse_quantity_refuses(value: object) -> None:
    with pytest.raises(FieldError):
        parse_quantity(value)


def test_parse_quantity_messages_in_english(english: None) -> None:
    with pytest.raises(FieldError) as caught:
        parse_quantity("abc")
    assert caught.value.message == "“abc” is not a number."
    with pytest.raises(FieldError) as caught:
        parse_quantity("-2")
    assert caught.value.message == "Cannot be negative."


# --- catalog entries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (TTHC_LABEL, ("tthc",)),
        ("tthc", ("tthc",)),
        ("TTHC", ("tthc",)),
        ("cai cach the che", ("the_che",)),
        ("CẢI CÁCH THỂ CHẾ", ("the_che",)),
        (unicodedata.normalize("NFD", TTHC_LABEL), ("tthc",)),
        ("cai cach thu tuc hanh chinh; mot cua, mot cua lien thong", ("tthc",)),
        ("Cải cách thủ tục hành chính;một cửa,  một cửa liên thông", ("tthc",)),
        (f"{TTHC_LABEL}; the_che", ("tthc", "the_che")),
        (f"the_che; {TTHC_LABEL}", ("the_che", "tthc")),
        (f"{CHI_DAO_LABEL}; {TTHC_LABEL}", ("chi_dao", "tthc")),
        (f"chinh_quyen_so;{TTHC_LABEL};cai cach the che", ("chinh_quyen_so", "tthc", "the_che")),
        ("tthc; tthc; " + TTHC_LABEL, ("tthc",)),
        ("tthc;; ;the_che;", ("tthc", "the_che")),
        ("", ()),
        (None, ()),
    ],
)
def test_parse_entries_topics(book: Book, value: object, expected: tuple[str, ...]) -> None:
    assert parse_entries(book.catalog, Kind.TOPIC, value) == expected


def test_parse_entries_audiences(book: Book) -> None:
    catalog = book.catalog
    value = "Cán bộ, công chức, viên chức, người lao động; nhan dan; doanh_nghiep"
    assert parse_entries(catalog, Kind.AUDIENCE, value) == ("can_bo", "nhan_dan", "doanh_nghiep")
    assert parse_entries(catalog, Kind.AUDIENCE, "Dang vien") == ("dang_vien",)


def test_parse_entries_names_every_unknown_value(book: Book) -> None:
    with pytest.raises(FieldError) as caught:
        parse_entries(book.catalog, Kind.TOPIC, f"tthc; môi trường; {TTHC_LABEL}; an ninh")
    assert "“môi trường”" in caught.value.message
    assert "“an ninh”" in caught.value.message
    assert "tthc" not in caught.value.message


def test_parse_entries_half_of_a_label_is_unknown(book: Book) -> None:
    with pytest.raises(FieldError) as caught:
        parse_entries(book.catalog, Kind.TOPIC, "Cải cách thủ tục hành chính")
    assert "Cải cách thủ tục hành chính" in caught.value.message


def test_parse_entries_message_in_english(english: None, book: Book) -> None:
    with pytest.raises(FieldError) as caught:
        parse_entries(book.catalog, Kind.TOPIC, "an ninh; quốc phòng")
    assert caught.value.message == "Not in the list: “an ninh”, “quốc phòng”."


@pytest.mark.parametrize(
    ("kind", "value", "code"),
    [
        (Kind.CHANNEL, "loa", "loa"),
        (Kind.CHANNEL, "Hệ thống loa truyền thanh", "loa"),
        (Kind.CHANNEL, "he thong loa truyen thanh", "loa"),
        (Kind.CHANNEL, "Mạng xã hội (Zalo, Facebook…)", "mang_xa_hoi"),
        (Kind.CHANNEL, "Tọa đàm, đối thoại, tiếp xúc cử tri", "toa_dam"),
        (Kind.CHANNEL, "toa dam, doi thoai, tiep xuc cu tri", "toa_dam"),
        (Kind.UNIT, "tờ", "to"),
        (Kind.UNIT, "to", "to"),
        (Kind.UNIT, "buổi phát", "buoi_phat"),
        (Kind.UNIT, "tin, bài", "tin_bai"),
        (Kind.UNIT, "cuộc thi", "cuoc_thi"),
        (Kind.UNIT, "", ""),
        (Kind.UNIT, None, ""),
    ],
)
def test_parse_entry(book: Book, kind: Kind, value: object, code: str) -> None:
    assert parse_entry(book.catalog, kind, value) == code


def test_parse_entry_unknown_names_the_value(english: None, book: Book) -> None:
    with pytest.raises(FieldError) as caught:
        parse_entry(book.catalog, Kind.CHANNEL, "bồ câu đưa thư")
    assert caught.value.message == "“bồ câu đưa thư” is not in the list."


# --- a draft from raw values --------------------------------------------------------------------


def test_draft_from_values(book: Book) -> None:
    values = {
        "date": "05/01/2026",
        "channel": "Hệ thống loa truyền thanh",
        "topics": f"{TTHC_LABEL}; chinh_quyen_so",
        "title": "  Phát   thanh  ",
        "place": unicodedata.normalize("NFD", "Tổ dân phố số 7"),
        "audiences": "nhan dan",
        "participants": "1.200",
        "quantity": "2,5",
        "unit": "buổi phát",
        "minutes": 30.0,
        "responsible": "Văn phòng",
        "notes": "dòng 1  \r\ndòng 2",
    }
    draft, issues = draft_from_values(values, book.catalog)
    assert issues == []
    assert draft == ActivityDraft(
        date=date(2026, 1, 5),
        channel="loa",
        topics=("tthc", "chinh_quyen_so"),
        title="Phát thanh",
        place="Tổ dân phố số 7",
        audiences=("nhan_dan",),
        participants=1200,
        quantity=2.5,
        unit="buoi_phat",
        minutes=30,
        responsible="Văn phòng",
        notes="dòng 1\ndòng 2",
    )


def test_draft_from_values_defaults(book: Book) -> None:
    draft, issues = draft_from_values(
        {"date": "2026-01-05", "channel": "loa", "topics": "tthc", "title": 2026.0}, book.catalog
    )
    assert issues == []
    assert draft is not None
    assert (draft.quantity, draft.unit, draft.participants, draft.minutes, draft.audiences) == (
        1,
        "",
        None,
        None,
        (),
    )
    assert draft.title == "2026"


def test_draft_from_values_lists_every_reading_issue(book: Book) -> None:
    values = {
        "date": "31/02/2026",
        "channel": "bồ câu",
        "topics": "an ninh",
        "audiences": "người ngoài hành tinh",
        "participants": "-3",
        "quantity": "abc",
        "unit": "thùng",
        "minutes": "1,5",
        "title": "x",
    }
    draft, issues = draft_from_values(values, book.catalog)
    assert draft is None
    assert [issue.field for issue in issues] == [
        "date",
        "channel",
        "topics",
        "audiences",
        "participants",
        "quantity",
        "unit",
        "minutes",
    ]
    assert all(issue.line is None for issue in issues)


def test_parse_quantity_refuses_a_number_too_big_for_a_float() -> None:
    assert parse_quantity("9" * 20) == 1e20  # large but finite: the model's limits refuse it later
    with pytest.raises(FieldError):
        parse_quantity("9" * 400)
