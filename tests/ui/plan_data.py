"""The known ward of tests/core/test_plans.py for the UI tests: its 2026 plan and H1 activities."""

from __future__ import annotations

from datetime import date

from tests.core.test_plans import add, plan_2026
from wardlog.core.book import Book


def known_plan(book: Book) -> Book:
    """5 broadcasts (plan 4, exceeded), 1 of 2 on the topic, 20 of 30 posters, a target of zero met,
    a task not done, a second-half rally: 2 of the 5 targets due in 2026-H1 are met."""
    for day in range(1, 6):
        add(book, date(2026, 3, day), "loa", minutes=30)
    add(book, date(2026, 4, 2), "hoi_nghi", topics=("chinh_quyen_so",), participants=50)
    add(book, date(2026, 5, 2), "pano", quantity=20)
    add(book, date(2026, 7, 2), "mit_tinh")
    book.plans.save(plan_2026())
    return book
