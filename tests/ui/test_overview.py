"""The overview page: the right totals for known activities, new figures when the period changes or an
activity is added, nothing computed while hidden, and reportlab left unloaded until a chart is drawn."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QToolButton
from pytestqt.qtbot import QtBot

from wardlog.core.book import Book
from wardlog.core.i18n import _, format_number
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import Convention, Period, PeriodKind, containing
from wardlog.ui.overview import OverviewPage, format_duration
from wardlog.ui.session import Session

WAIT_MS = 10_000


@pytest.fixture
def period() -> Period:
    """The period the page opens on: the six months that hold today."""
    return containing(date.today(), PeriodKind.HALF)


def add(book: Book, day: date, channel: str, **fields: object) -> None:
    draft = ActivityDraft(day, channel, ("tthc",), f"Tuyên truyền {channel}", **fields)  # type: ignore[arg-type]
    book.activities.add(draft)


@pytest.fixture
def known(book: Book, period: Period) -> Book:
    """Three activities in the current period, one in the period before."""
    day = period.start + timedelta(days=3)
    add(book, day, "hop_dan", participants=40)
    add(book, day, "loa", quantity=2, minutes=90)
    add(book, day + timedelta(days=1), "to_roi", quantity=1200)
    add(book, period.start - timedelta(days=10), "hoi_nghi", participants=25)
    return book


def shown_page(session: Session, qtbot: QtBot) -> OverviewPage:
    page = OverviewPage(session)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    with qtbot.waitSignal(page.refreshed, timeout=WAIT_MS):
        page.show()
    return page


def button(page: OverviewPage, text: str) -> QToolButton:
    return next(b for b in page.period_picker.findChildren(QToolButton) if b.text() == text)


def group_row(page: OverviewPage, label: str) -> list[str]:
    table = page.group_table
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == label:
            return [table.item(row, column).text() for column in range(table.columnCount())]
    raise AssertionError(f"no row {label}")


def test_the_page_shows_the_totals_of_the_period(known: Book, session: Session, qtbot: QtBot) -> None:
    page = shown_page(session, qtbot)
    assert page.activities_tile.value == "3"
    assert page.participants_tile.value == "40"
    assert page.time_tile.value == format_duration(90)
    assert page.channels_tile.value == "3/16"
    assert page.groups_tile.value == "3/3"
    assert "Màn hình LED" in page.unused_label.text()
    assert "Hệ thống loa truyền thanh" not in page.unused_label.text()

    assert group_row(page, "Trực tiếp")[1:4] == ["1/6", "1", "40"]
    assert group_row(page, "Thông tin đại chúng")[4] == "2 buổi phát"
    assert group_row(page, "Trực quan")[4] == "1.200 tờ"
    total = group_row(page, _("Total"))
    assert total[1:4] == ["3/16", "3", "40"]
    assert total[4] == "1.200 tờ, 2 buổi phát, 1 cuộc"


def test_the_charts_draw_the_same_figures(known: Book, session: Session, qtbot: QtBot) -> None:
    page = shown_page(session, qtbot)
    channel_texts = [s.text for s in page.channel_chart.drawing.contents if hasattr(s, "text")]
    assert "Họp tổ dân phố, khu dân cư" in channel_texts
    assert "Hệ thống loa truyền thanh" in channel_texts
    assert "Màn hình LED" not in channel_texts  # only the channels used
    group_texts = [s.text for s in page.group_chart.drawing.contents if hasattr(s, "text")]
    assert "Thông tin đại chúng" in group_texts
    assert len(page.month_chart.drawing.contents) > 6
    for chart in (page.month_chart, page.group_chart, page.channel_chart, page.topic_chart):
        assert chart.renderer().isValid()
        assert chart.height() > 20


def test_charts_are_redrawn_for_a_new_width(known: Book, session: Session, qtbot: QtBot) -> None:
    page = shown_page(session, qtbot)
    wide = page.channel_chart.drawing.width
    page.resize(900, 700)
    qtbot.waitUntil(lambda: page.channel_chart.drawing.width < wide - 50, timeout=WAIT_MS)
    assert page.channel_chart.height() > 20


def test_stepping_back_shows_the_period_before(known: Book, session: Session, qtbot: QtBot) -> None:
    page = shown_page(session, qtbot)
    with qtbot.waitSignal(page.refreshed, timeout=WAIT_MS):
        qtbot.mouseClick(button(page, "◀"), Qt.MouseButton.LeftButton)
    assert page.figures is not None and page.figures.period.end < date.today()
    assert page.activities_tile.value == "1"
    assert page.participants_tile.value == "25"
    assert page.channels_tile.value == "1/16"
    assert page.groups_tile.value == "1/3"
    with qtbot.waitSignal(page.refreshed, timeout=WAIT_MS):
        qtbot.mouseClick(button(page, "▶"), Qt.MouseButton.LeftButton)
    assert page.activities_tile.value == "3"


def test_all_dates_cover_the_first_to_the_last_activity(
    known: Book, session: Session, qtbot: QtBot, period: Period
) -> None:
    page = shown_page(session, qtbot)
    kinds = page.period_picker.findChild(QComboBox)
    with qtbot.waitSignal(page.refreshed, timeout=WAIT_MS):
        kinds.setCurrentIndex(kinds.count() - 1)  # All dates
    assert page.period_picker.period is None
    assert page.activities_tile.value == "4"
    assert page.figures is not None
    assert page.figures.period.start == period.start - timedelta(days=10)
    assert page.figures.period.end == period.start + timedelta(days=4)


def test_an_added_activity_shows_after_the_notice(
    known: Book, session: Session, qtbot: QtBot, period: Period
) -> None:
    page = shown_page(session, qtbot)
    add(known, period.start + timedelta(days=5), "man_hinh_led", quantity=3)
    assert page.activities_tile.value == "3"  # views refresh on the notice, not on their own
    with qtbot.waitSignal(page.refreshed, timeout=WAIT_MS):
        session.notify("activities")
    assert page.activities_tile.value == "4"
    assert page.channels_tile.value == "4/16"
    assert "Màn hình LED" not in page.unused_label.text()


def test_a_hidden_page_computes_when_it_is_shown_again(
    known: Book, session: Session, qtbot: QtBot, period: Period
) -> None:
    page = shown_page(session, qtbot)
    page.hide()
    add(known, period.start + timedelta(days=5), "pano", quantity=4)
    session.notify("activities")
    session.notify("catalog")
    assert not page.busy  # nothing computed while hidden
    assert page.activities_tile.value == "3"
    with qtbot.waitSignal(page.refreshed, timeout=WAIT_MS):
        page.show()
    assert page.activities_tile.value == "4"


def test_a_catalog_rename_shows_in_the_charts(known: Book, session: Session, qtbot: QtBot) -> None:
    from wardlog.core.catalog import Kind

    page = shown_page(session, qtbot)
    known.catalog.rename(Kind.CHANNEL, "loa", "Loa phường")
    with qtbot.waitSignal(page.refreshed, timeout=WAIT_MS):
        session.notify("catalog")
    assert "Loa phường" in [s.text for s in page.channel_chart.drawing.contents if hasattr(s, "text")]


def test_changing_the_convention_changes_the_period(known: Book, session: Session, qtbot: QtBot) -> None:
    page = shown_page(session, qtbot)
    known.update_settings(convention="calendar")
    with qtbot.waitSignal(page.refreshed, timeout=WAIT_MS):
        session.notify("settings")
    assert page.figures is not None
    assert page.figures.period.convention is Convention.CALENDAR
    assert page.figures.period.start.day == 1


def test_an_empty_book_shows_zeros_and_says_so(session: Session, qtbot: QtBot) -> None:
    page = shown_page(session, qtbot)
    assert page.activities_tile.value == "0"
    assert page.channels_tile.value == "0/16"
    assert page.unused_label.text() == _("No activities in this period.")
    texts = [s.text for s in page.month_chart.drawing.contents if hasattr(s, "text")]
    assert texts == [_("No activities in this period.")]


def test_a_book_in_memory_is_computed_in_place(qtbot: QtBot) -> None:
    book = Book.in_memory()
    add(book, containing(date.today(), PeriodKind.HALF).start, "loa", minutes=30)
    page = shown_page(Session(book), qtbot)
    assert page.activities_tile.value == "1"
    assert page.time_tile.value == format_duration(30)
    book.close()


def test_durations_read_as_hours_and_minutes(english: None) -> None:
    assert format_duration(0) == "0 min"
    assert format_duration(45) == "45 min"
    assert format_duration(360) == "6 h"
    assert format_duration(90) == "1 h 30 min"
    assert format_duration(60 * 1234 + 5) == f"{format_number(1234)} h 5 min"


def test_opening_the_page_module_does_not_load_reportlab() -> None:
    code = "import sys, wardlog.ui.overview\nprint('reportlab' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
