"""Search over activities: every word as a prefix, ignoring case, diacritics and đ/d (notes.md, FTS)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from wardlog.core.activities import ActivityQuery, search_expression
from wardlog.core.book import Book
from wardlog.core.model import Activity, ActivityDraft
from wardlog.core.periods import parse


def add(book: Book, title: str, *, day: date = date(2026, 3, 5), **fields: str) -> Activity:
    return book.activities.add(ActivityDraft(day, "toa_dam", ("tthc",), title, **fields))


def titles(activities: list[Activity]) -> set[str]:
    return {a.title for a in activities}


@pytest.fixture
def filled(book: Book) -> Book:
    add(book, "Đối thoại với doanh nghiệp", place="Hội trường UBND")
    add(book, "Tiếp xúc cử tri phường Đức Nghĩa", responsible="Mặt trận Tổ quốc")
    add(book, "Duc ket kinh nghiem mot cua", notes="viết không dấu")
    add(book, "Tuyên truyền dịch vụ công trực tuyến", notes="Phát trên loa buổi sáng\nvà buổi chiều")
    add(book, "Họp tổ dân phố số 7", place="Nhà văn hóa tổ 7", responsible="Người dân tự quản")
    add(book, "Hội nghị giao ban", notes="Ưu tiên hồ sơ đất đai; thơ ca")
    return book


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("doi thoai", {"Đối thoại với doanh nghiệp"}),
        ("ĐỐI THOẠI", {"Đối thoại với doanh nghiệp"}),
        ("Đối thoại", {"Đối thoại với doanh nghiệp"}),
        ("DUC NGHIA", {"Tiếp xúc cử tri phường Đức Nghĩa"}),
        ("duc nghia", {"Tiếp xúc cử tri phường Đức Nghĩa"}),
        ("đức", {"Tiếp xúc cử tri phường Đức Nghĩa", "Duc ket kinh nghiem mot cua"}),
        ("duc", {"Tiếp xúc cử tri phường Đức Nghĩa", "Duc ket kinh nghiem mot cua"}),
        ("Đúc kết", {"Duc ket kinh nghiem mot cua"}),
        ("tuyen tru", {"Tuyên truyền dịch vụ công trực tuyến"}),
        ("tuyên truyền", {"Tuyên truyền dịch vụ công trực tuyến"}),
        ("tru", {"Tuyên truyền dịch vụ công trực tuyến", "Đối thoại với doanh nghiệp"}),  # “trường”
        ("dich vu cong", {"Tuyên truyền dịch vụ công trực tuyến"}),
        ("nguoi", {"Họp tổ dân phố số 7"}),
        ("uu tien", {"Hội nghị giao ban"}),
        ("tho ca", {"Hội nghị giao ban"}),
        ("đất đai", {"Hội nghị giao ban"}),
        ("dat dai", {"Hội nghị giao ban"}),
        ("mot cua", {"Duc ket kinh nghiem mot cua"}),
    ],
)
def test_search_ignores_case_diacritics_and_d(filled: Book, query: str, expected: set[str]) -> None:
    assert titles(filled.activities.search(query)) == expected


def test_search_nfd_query(filled: Book) -> None:
    query = unicodedata.normalize("NFD", "Đối thoại")
    assert titles(filled.activities.search(query)) == {"Đối thoại với doanh nghiệp"}


def test_words_are_anded(filled: Book) -> None:
    assert titles(filled.activities.search("duc")) == {
        "Tiếp xúc cử tri phường Đức Nghĩa",
        "Duc ket kinh nghiem mot cua",
    }
    assert titles(filled.activities.search("duc nghia")) == {"Tiếp xúc cử tri phường Đức Nghĩa"}
    assert titles(filled.activities.search("duc kinh")) == {"Duc ket kinh nghiem mot cua"}
    assert filled.activities.search("duc doanh") == []
    # words may come in any order and from different fields
    assert titles(filled.activities.search("van hoa hop")) == {"Họp tổ dân phố số 7"}


def test_words_match_as_prefixes_not_in_the_middle(filled: Book) -> None:
    assert titles(filled.activities.search("truy")) == {"Tuyên truyền dịch vụ công trực tuyến"}
    assert filled.activities.search("uyen") == []  # the middle of “tuyên” / “truyền”
    assert filled.activities.search("thoaix") == []


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("hoi truong", "Đối thoại với doanh nghiệp"),  # place
        ("mat tran", "Tiếp xúc cử tri phường Đức Nghĩa"),  # responsible unit
        ("khong dau", "Duc ket kinh nghiem mot cua"),  # notes
        ("buoi chieu", "Tuyên truyền dịch vụ công trực tuyến"),  # the second line of the notes
        ("tu quan", "Họp tổ dân phố số 7"),  # responsible
    ],
)
def test_search_covers_title_place_responsible_and_notes(filled: Book, query: str, title: str) -> None:
    assert titles(filled.activities.search(query)) == {title}


def test_search_does_not_cover_codes(filled: Book) -> None:
    assert filled.activities.search("toa_dam") == []
    assert filled.activities.search("tthc") == []


def test_search_after_update_finds_the_new_text_not_the_old(filled: Book) -> None:
    (activity,) = filled.activities.search("doi thoai")
    draft = activity.draft
    updated = filled.activities.update(
        activity.id,
        ActivityDraft(**{**draft.__dict__, "title": "Gặp gỡ hộ kinh doanh", "place": "Sân đình Đông Lao"}),
    )
    assert filled.activities.search("doi thoai") == []
    assert filled.activities.search("hoi truong") == []
    assert [a.id for a in filled.activities.search("gap go kinh doanh")] == [updated.id]
    assert [a.id for a in filled.activities.search("dong lao")] == [updated.id]


def test_update_of_other_fields_keeps_the_index(filled: Book) -> None:
    (activity,) = filled.activities.search("doi thoai")
    draft = activity.draft
    filled.activities.update(
        activity.id, ActivityDraft(**{**draft.__dict__, "participants": 20, "channel": "hop_dan"})
    )
    assert [a.id for a in filled.activities.search("doi thoai")] == [activity.id]


def test_binned_activities_are_not_found_and_come_back_when_restored(filled: Book) -> None:
    (activity,) = filled.activities.search("doi thoai")
    filled.activities.delete(activity.id)
    assert filled.activities.search("doi thoai") == []
    assert filled.activities.search("doanh nghiep") == []
    # the bin itself can be searched
    assert [a.id for a in filled.activities.query(ActivityQuery(text="doi thoai", deleted=True))] == [
        activity.id
    ]
    filled.activities.restore(activity.id)
    assert [a.id for a in filled.activities.search("doi thoai")] == [activity.id]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        '"doi',
        'doi"thoai',
        "*",
        "doi*",
        "-doi",
        "doi -thoai",
        "OR",
        "doi OR thoai",
        "AND",
        "NOT",
        "doi NOT thoai",
        "NEAR(",
        "NEAR(doi thoai)",
        ":",
        "title:doi",
        "body:doi",
        "^doi",
        "(",
        ")",
        "{doi}",
        "[",
        "+",
        "'",
        "doi'); DROP TABLE activities; --",
        "_",
        "___",
        "a_b",
        "\\",
        "%",
        "\x00",
        "👍",
        "\u0301",
    ],
)
def test_query_syntax_characters_do_not_raise(filled: Book, query: str) -> None:
    found = filled.activities.search(query)
    assert isinstance(found, list)
    assert filled.activities.count() == 6  # and nothing happened to the book


def test_fts_operators_are_searched_as_words(filled: Book) -> None:
    add(filled, "Hội nghị OR NOT AND NEAR")
    assert titles(filled.activities.search("or")) == {"Hội nghị OR NOT AND NEAR"}
    assert titles(filled.activities.search("NOT and")) == {"Hội nghị OR NOT AND NEAR"}
    assert titles(filled.activities.search('"doi" thoai*')) == {"Đối thoại với doanh nghiệp"}
    assert titles(filled.activities.search("doi-thoai")) == {"Đối thoại với doanh nghiệp"}


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "!!!", '"*"', "-", "…", "–"])
def test_empty_query_returns_nothing(filled: Book, query: str) -> None:
    assert filled.activities.search(query) == []


def test_search_expression() -> None:
    assert search_expression("Đối thoại") == '"doi"* "thoai"*'
    assert search_expression('a "b" OR c*') == '"a"* "b"* "or"* "c"*'
    assert search_expression("") is None
    assert search_expression("?!") is None


def test_search_within_a_period_and_with_a_limit(book: Book) -> None:
    for day in (date(2026, 1, 10), date(2026, 6, 14), date(2026, 6, 15), date(2026, 12, 20)):
        add(book, f"Tuyên truyền ngày {day.isoformat()}", day=day)
    found = book.activities.search("tuyen truyen", period=parse("2026-H1"))
    assert [a.date for a in found] == [date(2026, 1, 10), date(2026, 6, 14)]
    assert len(book.activities.search("tuyen truyen", limit=3)) == 3
    assert len(book.activities.search("tuyen truyen")) == 4


def test_search_in_a_reopened_book(book_path: object) -> None:
    from pathlib import Path

    assert isinstance(book_path, Path)
    with Book.open(book_path) as first:
        add(first, "Đức Nghĩa")
    with Book.open(book_path) as again:
        assert titles(again.activities.search("duc nghia")) == {"Đức Nghĩa"}


ORDINALS = ("hai", "ba", "tư", "năm", "sáu", "bảy", "tám")


def test_search_of_many_activities_is_exact(book: Book) -> None:
    drafts = [
        book.activities.check(
            ActivityDraft(
                date(2026, 3, 1), "loa", ("tthc",), f"Phát thanh số {n}", notes=f"đợt thứ {ORDINALS[n % 7]}"
            )
        )
        for n in range(300)
    ]
    book.activities.add_many(drafts)
    assert len(book.activities.search("phat thanh")) == 300
    assert len(book.activities.search("dot tu")) == len([n for n in range(300) if n % 7 == 2])
    assert titles(book.activities.search("so 123")) == {"Phát thanh số 123"}
