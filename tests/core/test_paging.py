"""A list read a page at a time gives the same rows, in the same order, as reading it whole, whatever
order the pages are asked for in (scrolling on, jumping, starting from the bottom)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

import pytest

from wardlog.core.activities import ActivityQuery
from wardlog.core.book import Book
from wardlog.core.demo import generate
from wardlog.core.paging import ActivityPages
from wardlog.core.periods import parse


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    with Book.open(tmp_path_factory.mktemp("paging") / "so.wardlog") as book:
        generate(book, 1200, wards=3, until=date(2026, 11, 20))  # many activities share a day
        for activity_id in (5, 77, 300, 301, 900):
            book.activities.delete(activity_id)
        yield book


QUERIES = [
    ActivityQuery(order="-date"),
    ActivityQuery(order="date"),
    ActivityQuery(order="-date", period=parse("2026-H1")),
    ActivityQuery(order="-date", text="tuyen truyen"),
    ActivityQuery(order="date", text="zalo", channels=("mang_xa_hoi", "ung_dung_so")),
    ActivityQuery(order="-date", deleted=True),
    ActivityQuery(order="-title", collation=None),
    ActivityQuery(order="participants", period=parse("2026")),
]


def read_all(pages: ActivityPages, numbers: list[int]) -> list[int]:
    got: dict[int, list[int]] = {n: [a.id for a in pages.page(n)] for n in numbers}
    return [activity_id for n in range(pages.pages) for activity_id in got[n]]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.order}-{q.text or q.period or q.deleted}")
def test_pages_in_any_order_make_the_whole_list(filled: Book, query: ActivityQuery) -> None:
    whole = [a.id for a in filled.activities.query(query)]
    assert whole, "the query must find something for the test to mean anything"
    for page_size in (7, 50):
        pages = ActivityPages(filled, query, page_size=page_size)
        assert pages.count == len(whole)
        numbers = list(range(pages.pages))
        assert read_all(pages, numbers) == whole  # scrolling down
        fresh = ActivityPages(filled, query, page_size=page_size)
        assert read_all(fresh, numbers[::-1]) == whole  # from the bottom up
        jumping = ActivityPages(filled, query, page_size=page_size)
        random.Random(page_size).shuffle(numbers)
        assert read_all(jumping, numbers) == whole  # dragging the scroll bar about
        assert pages.page(pages.pages) == [] and pages.page(-1) == []


@pytest.mark.parametrize("query", QUERIES[:4] + QUERIES[6:7], ids=str)
def test_the_row_of_an_activity(filled: Book, query: ActivityQuery) -> None:
    whole = [a.id for a in filled.activities.query(query)]
    pages = ActivityPages(filled, query, page_size=7)
    for row in (0, 1, len(whole) // 2, len(whole) - 1):
        assert pages.row_of(whole[row]) == row
    assert pages.row_of(5) == -1  # in the bin, not in the list


def test_a_known_count_is_taken_as_given(filled: Book) -> None:
    query = ActivityQuery(order="-date")
    pages = ActivityPages(filled, query, count=filled.activities.totals(query).activities, page_size=100)
    assert pages.count == 1195
    assert [a.id for a in pages.page(11)] == [a.id for a in filled.activities.query(query)][1100:]
