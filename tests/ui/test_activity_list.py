"""The activity list driven as a user drives it: filters, search as you type, sorting, totals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.typing import type_text
from wardlog.core.book import Book
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import Convention, PeriodKind, containing
from wardlog.ui.activity_list import ActivityListPage
from wardlog.ui.activity_model import CHANNEL, TITLE
from wardlog.ui.session import Session

TODAY = date.today()


def _add(book: Book, day: date, channel: str, title: str, **values: object) -> int:
    draft = ActivityDraft(day, channel, values.pop("topics", ("tthc",)), title, **values)  # type: ignore[arg-type]
    return book.activities.add(draft).id


@pytest.fixture
def page(qtbot: QtBot, session: Session) -> ActivityListPage:
    book = session.book
    half = containing(TODAY, PeriodKind.HALF, Convention.CUTOFF)
    day = half.start
    _add(book, day, "loa", "Phát thanh về Đối thoại với nhân dân", quantity=2, minutes=30)
    _add(book, day, "hoi_nghi", "Lồng ghép tại hội nghị giao ban", participants=45)
    _add(book, day, "pano", "Zalo hướng dẫn dịch vụ công", quantity=12, topics=("chinh_quyen_so",))
    _add(book, day, "to_roi", "Ăn tết an toàn và thủ tục cư trú", quantity=500)
    _add(book, half.previous().start, "loa", "Đức Nghĩa phát thanh kỳ trước")
    widget = ActivityListPage(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    return widget


def _titles(page: ActivityListPage) -> list[str]:
    model = page.model
    return [model.data(model.index(row, TITLE)) for row in range(model.rowCount())]


def test_shows_the_current_half_year_with_totals(qtbot: QtBot, page: ActivityListPage) -> None:
    assert page.model.rowCount() == 4
    assert "Đức Nghĩa phát thanh kỳ trước" not in _titles(page)
    qtbot.waitUntil(lambda: page.totals_shown)
    totals = page.totals_label.text()
    assert "4" in totals and "45" in totals and "500 tờ" in totals and "12 tấm" in totals


def test_period_back_shows_the_previous_half(qtbot: QtBot, page: ActivityListPage) -> None:
    qtbot.mouseClick(page.period_picker._back, Qt.MouseButton.LeftButton)
    assert _titles(page) == ["Đức Nghĩa phát thanh kỳ trước"]


def test_search_as_you_type_ignores_diacritics_and_d(qtbot: QtBot, page: ActivityListPage) -> None:
    qtbot.keyClicks(page.search_box, "doi thoai")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert _titles(page) == ["Phát thanh về Đối thoại với nhân dân"]
    page.search_box.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    type_text(page.search_box, "Đối")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)


def test_search_all_dates_finds_dd(qtbot: QtBot, page: ActivityListPage) -> None:
    page.period_picker.set_period(None)
    qtbot.keyClicks(page.search_box, "duc nghia")
    qtbot.waitUntil(lambda: _titles(page) == ["Đức Nghĩa phát thanh kỳ trước"])


def test_channel_group_and_topic_filters(page: ActivityListPage) -> None:
    combo = page.channel_filter
    combo.setCurrentIndex(combo.findText("Trực quan"))
    assert sorted(_titles(page)) == ["Zalo hướng dẫn dịch vụ công", "Ăn tết an toàn và thủ tục cư trú"]
    combo.setCurrentIndex(combo.findText("    Hệ thống loa truyền thanh"))
    assert _titles(page) == ["Phát thanh về Đối thoại với nhân dân"]
    combo.setCurrentIndex(0)
    topics = page.topic_filter
    topics.setCurrentIndex(topics.findData("chinh_quyen_so"))
    assert _titles(page) == ["Zalo hướng dẫn dịch vụ công"]


def test_sorting_titles_follows_vietnamese_order(page: ActivityListPage) -> None:
    page.table.sortByColumn(TITLE, Qt.SortOrder.AscendingOrder)
    titles = _titles(page)
    # a ă â … l … p … z: "Ăn" after "A…"-less words starting earlier, "Zalo" last
    assert titles == [
        "Ăn tết an toàn và thủ tục cư trú",
        "Lồng ghép tại hội nghị giao ban",
        "Phát thanh về Đối thoại với nhân dân",
        "Zalo hướng dẫn dịch vụ công",
    ]
    page.table.sortByColumn(CHANNEL, Qt.SortOrder.DescendingOrder)
    assert _titles(page)[0] == "Ăn tết an toàn và thủ tục cư trú"  # Tờ rơi … sorts last among channels


def test_refreshes_when_the_book_changes(page: ActivityListPage, session: Session) -> None:
    _add(session.book, page.period_picker.period.start, "loa", "Mới thêm")
    session.notify("activities")
    assert "Mới thêm" in _titles(page)


def test_large_book_loads_only_pages_on_screen(qtbot: QtBot, book: Book) -> None:
    from wardlog.core.demo import generate

    generate(book, 3000, until=date(2026, 11, 23))
    widget = ActivityListPage(Session(book))
    qtbot.addWidget(widget)
    widget.period_picker.set_period(None)
    assert widget.model.rowCount() == 3000
    assert len(widget.model._pages) <= 2
    widget.table.scrollToBottom()
    assert widget.model.activity(2999) is not None
    assert len(widget.model._pages) <= 4


def test_title_stays_readable_in_a_narrow_window(qtbot: QtBot, page: ActivityListPage) -> None:
    page.resize(900, 600)
    qtbot.waitUntil(lambda: page.table.horizontalHeader().sectionSize(TITLE) >= 200)
    header = page.table.horizontalHeader()
    assert all(header.sectionSize(column) >= 80 for column in range(header.count()))


def test_a_long_list_opens_on_its_first_page_and_counts_the_rest_beside_it(qtbot: QtBot, book: Book) -> None:
    """The list does not wait for the count of a long list: it opens on its first page (and the
    row after it), and the rows after come with the totals, in the same order as a full count."""
    from wardlog.ui.activity_model import ActivityTableModel

    half = containing(TODAY, PeriodKind.HALF, Convention.CUTOFF)
    for number in range(450):
        _add(book, half.start + timedelta(days=number % 28), "loa", f"Phát thanh số {number}")
    widget = ActivityListPage(Session(book))
    qtbot.addWidget(widget)
    model = widget.model
    assert (model.rowCount(), model.count_complete) == (201, False)
    assert widget.totals_label.text() == "…"  # no count that would be wrong
    full = ActivityTableModel(book, model.query)
    assert model.activity(200).id == full.activity(200).id  # the row after the first page, read onwards
    widget.show()
    qtbot.waitUntil(lambda: widget.totals_shown)
    assert (model.rowCount(), model.count_complete) == (450, True)
    assert widget.totals_label.text().startswith("450 ")
    assert [model.activity(row).id for row in (0, 200, 201, 449)] == [
        full.activity(row).id for row in (0, 200, 201, 449)
    ]


def test_the_list_is_counted_even_when_its_totals_fail(
    qtbot: QtBot, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wardlog.core.activities import Activities

    half = containing(TODAY, PeriodKind.HALF, Convention.CUTOFF)
    for number in range(300):
        _add(book, half.start + timedelta(days=number % 28), "loa", f"Phát thanh số {number}")

    def broken(self: Activities, query: object) -> object:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(Activities, "totals", broken)
    widget = ActivityListPage(Session(book))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.count_complete)
    assert widget.model.rowCount() == 300
    assert widget.totals_label.text().startswith("300 ")
