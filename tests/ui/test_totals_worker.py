"""The list's totals are added up beside the window: only the newest request is ever shown."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from wardlog.core.activities import ActivityQuery, Totals
from wardlog.core.book import Book
from wardlog.core.demo import generate
from wardlog.core.periods import parse
from wardlog.ui.activity_list import ActivityListPage
from wardlog.ui.session import Session
from wardlog.ui.totals_worker import TotalsWorker


def test_only_the_newest_request_is_shown(qtbot: QtBot, book: Book) -> None:
    generate(book, 3000, until=date(2026, 11, 20))
    worker = TotalsWorker(book)
    shown: list[Totals] = []
    worker.ready.connect(shown.append)
    queries = [ActivityQuery(text=text) for text in ("", "t", "tu", "tuyen")]
    for query in queries:  # typed faster than the totals are added up
        worker.request(query)
    assert worker.pending
    qtbot.waitUntil(lambda: not worker.pending)
    qtbot.wait(50)
    assert shown == [book.activities.totals(queries[-1])]


def test_a_book_in_memory_is_added_up_at_once(qtbot: QtBot) -> None:
    with Book.in_memory() as book:
        generate(book, 300, until=date(2026, 11, 20))
        worker = TotalsWorker(book)
        shown: list[Totals] = []
        worker.ready.connect(shown.append)
        query = ActivityQuery(period=parse("2026"))
        worker.request(query)
        assert not worker.pending
        assert shown == [book.activities.totals(query)]


def test_the_list_shows_its_count_at_once_and_the_totals_of_its_last_filter(
    qtbot: QtBot, session: Session
) -> None:
    generate(session.book, 3000, until=date(2026, 11, 20))
    page = ActivityListPage(session)
    qtbot.addWidget(page)
    page.show()
    page.period_picker.set_period(None)
    assert page.totals_label.text().startswith("3.000 hoạt động")  # before the rest is added up
    for text in ("t", "tu", "tuy", "tuyen"):
        page.search_box.setText(text)
    qtbot.waitUntil(lambda: page.model.query.text == "tuyen" and page.totals_shown)
    totals = session.book.activities.totals(page.model.query)
    assert page.totals_label.text().startswith(f"{totals.activities:,} hoạt động".replace(",", "."))
    assert f"{totals.participants:,} lượt người tham dự".replace(",", ".") in page.totals_label.text()


def test_a_hidden_list_adds_up_its_totals_once_shown(qtbot: QtBot, session: Session) -> None:
    generate(session.book, 500, until=date(2026, 11, 20))
    page = ActivityListPage(session)  # as the bin is, behind its tab
    qtbot.addWidget(page)
    page.period_picker.set_period(None)
    qtbot.wait(20)
    assert not page.totals_shown and page.totals_label.text() == "500 hoạt động · …"
    page.show()
    qtbot.waitUntil(lambda: page.totals_shown)
    assert " · …" not in page.totals_label.text()
