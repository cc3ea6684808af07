"""The report's charts: built from real figures, Vietnamese intact, the shipped fonts, nothing cut or
overlapping, and a sensible drawing when a period has no activities."""

from __future__ import annotations

import itertools
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from wardlog.core import demo
from wardlog.core.book import Book
from wardlog.core.figures import ChannelFigures, Figures, GroupFigures, MonthFigures, Tally, compute
from wardlog.core.i18n import _, format_number
from wardlog.core.periods import Convention, PeriodKind, date_range, named
from wardlog.report import charts

CHARTS = (charts.month_bars, charts.group_bars, charts.channel_bars, charts.topic_bars)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def demo_book() -> Iterator[Book]:
    book = Book.in_memory()
    demo.generate(book, 2000, until=date(2026, 11, 23))
    yield book
    book.close()


@pytest.fixture
def year(demo_book: Book) -> Figures:
    return compute(demo_book, named(PeriodKind.YEAR, 2026))


@pytest.fixture
def everything(demo_book: Book) -> Figures:
    """Two years of demo activities: 23 months, and groups above a thousand activities."""
    return compute(demo_book, date_range(date(2025, 1, 1), date(2026, 11, 23)))


@pytest.fixture
def empty(demo_book: Book) -> Figures:
    return compute(demo_book, named(PeriodKind.HALF, 2020, 1))


def strings(drawing: Drawing | Group) -> list[String]:
    found: list[String] = []
    for shape in drawing.contents:
        if isinstance(shape, Group):
            found += strings(shape)
        elif isinstance(shape, String):
            found.append(shape)
    return found


def texts(drawing: Drawing) -> list[str]:
    return [string.text for string in strings(drawing)]


def bars(drawing: Drawing) -> list[Rect]:
    """The filled rectangles: bars and legend swatches (the no-data frame has no fill)."""
    return [shape for shape in drawing.contents if isinstance(shape, Rect) and shape.fillColor is not None]


def extent(string: String) -> tuple[float, float]:
    """Left and right ends of a string as drawn."""
    width = pdfmetrics.stringWidth(string.text, string.fontName, string.fontSize)
    left = {"start": string.x, "middle": string.x - width / 2, "end": string.x - width}[string.textAnchor]
    return left, left + width


def assert_inside(drawing: Drawing) -> None:
    for string in strings(drawing):
        left, right = extent(string)
        assert left >= -0.01 and right <= drawing.width + 0.01, string.text
        assert 0 <= string.y <= drawing.height - string.fontSize * 0.7, string.text


def svg_texts(svg: bytes) -> list[str]:
    return [element.text or "" for element in ET.fromstring(svg).iter(f"{SVG}text")]


# --- fonts ---------------------------------------------------------------------------------------


def test_every_string_is_in_the_registered_liberation_serif(year: Figures, empty: Figures) -> None:
    for build in CHARTS:
        for figures in (year, empty):
            for string in strings(build(figures)):
                assert string.fontName in (charts.FONT, charts.FONT_BOLD), string.fontName
                font = pdfmetrics.getFont(string.fontName)
                assert isinstance(font, TTFont)
                assert "LiberationSerif-" in str(font.face.filename)


def test_fonts_are_registered_once() -> None:
    assert charts.register_fonts() == charts.FONT
    first = pdfmetrics.getFont(charts.FONT)
    assert charts.register_fonts() == charts.FONT
    assert pdfmetrics.getFont(charts.FONT) is first


# --- month bars ----------------------------------------------------------------------------------


def test_month_bars_of_a_year_have_twelve_labelled_bars_with_their_values(year: Figures) -> None:
    drawing = charts.month_bars(year, 450, 170)
    assert (drawing.width, drawing.height) == (450, 170)
    assert len(bars(drawing)) == 12
    shown = texts(drawing)
    for month in year.by_month:
        assert _("M{month}").format(month=month.month) in shown
    values = [format_number(month.tally.activities) for month in year.by_month]
    assert [text for text in shown if text[0].isdigit()] == values
    assert sum(month.tally.activities for month in year.by_month) == year.total.activities
    assert_inside(drawing)


def test_month_bars_are_as_tall_as_their_values(year: Figures) -> None:
    drawing = charts.month_bars(year)
    heights = [bar.height for bar in bars(drawing)]
    values = [month.tally.activities for month in year.by_month]
    biggest = values.index(max(values))
    assert heights.index(max(heights)) == biggest
    for height, value in zip(heights, values, strict=True):
        assert height / heights[biggest] == pytest.approx(value / values[biggest])


def test_month_labels_name_months_in_the_interface_language(year: Figures, english: None) -> None:
    assert "M1" in texts(charts.month_bars(year))


def test_month_bars_over_two_years_write_each_year_once(everything: Figures) -> None:
    drawing = charts.month_bars(everything)
    assert len(bars(drawing)) == 23
    shown = texts(drawing)
    assert shown.count("2025") == 1 and shown.count("2026") == 1
    assert_inside(drawing)
    for row in {string.y for string in strings(drawing) if not string.text[0].isdigit()}:
        assert_no_overlap([string for string in strings(drawing) if string.y == row])


def test_month_bars_of_many_years_use_a_value_axis_instead_of_crowded_values(demo_book: Book) -> None:
    figures = compute(demo_book, date_range(date(2021, 1, 1), date(2026, 11, 23)))
    assert len(figures.by_month) == 71
    drawing = charts.month_bars(figures, 450, 170)
    assert_inside(drawing)
    month_labels = [s for s in strings(drawing) if s.text.startswith(_("M{month}").format(month=""))]
    assert 0 < len(month_labels) < 71  # thinned out
    assert_no_overlap(month_labels)
    assert "0" in texts(drawing)  # the axis starts at zero


def assert_no_overlap(row: list[String]) -> None:
    spans = sorted(extent(string) for string in row)
    for (_left, right), (next_left, _right) in itertools.pairwise(spans):
        assert right <= next_left + 0.01


def test_cut_off_months_follow_the_period(demo_book: Book) -> None:
    cutoff = compute(demo_book, named(PeriodKind.HALF, 2026, 1, Convention.CUTOFF))
    assert [m.month for m in cutoff.by_month] == [1, 2, 3, 4, 5, 6]
    shown = texts(charts.month_bars(cutoff))
    assert [t for t in shown if not t[0].isdigit()] == [_("M{month}").format(month=m) for m in range(1, 7)]


# --- horizontal bars -----------------------------------------------------------------------------


def test_group_bars_show_the_vietnamese_group_names_and_their_values(everything: Figures) -> None:
    drawing = charts.group_bars(everything, 450)
    shown = texts(drawing)
    for group in everything.by_group:
        assert group.label in shown
        assert format_number(group.tally.activities) in shown
    assert any("." in text for text in shown if text[0].isdigit())  # 1.167: Vietnamese thousands
    assert len(bars(drawing)) == len(everything.by_group)
    assert_inside(drawing)


def test_channel_bars_show_only_the_channels_used_most_used_first(year: Figures) -> None:
    figures = _without(year, "cuoc_thi", "man_hinh_led")
    drawing = charts.channel_bars(figures, 450)
    used = sorted((c for c in figures.by_channel if c.tally.activities), key=lambda c: -c.tally.activities)
    assert len(used) == 14
    top_down = sorted(bars(drawing), key=lambda bar: -bar.y)[: len(used)]
    assert [bar.width for bar in top_down] == sorted((bar.width for bar in top_down), reverse=True)
    labels = [s.text for s in sorted(strings(drawing), key=lambda s: -s.y) if s.x == charts.PAD]
    joined = " ".join(labels)
    for channel in used:
        assert channel.label in joined
    assert "Cuộc thi tìm hiểu" not in joined and "Màn hình LED" not in joined
    legend = [s.text for s in strings(drawing) if s.y < 15]
    assert legend == [group.label for group in figures.by_group]


def _without(figures: Figures, *codes: str) -> Figures:
    """The figures with some channels unused (as if nothing had been done on them)."""
    channels = tuple(
        ChannelFigures(c.code, c.label, c.group, Tally()) if c.code in codes else c
        for c in figures.by_channel
    )
    return replace(figures, by_channel=channels)


def test_labels_never_run_into_the_bars_and_values_stay_inside(year: Figures) -> None:
    for width in (450, 300, 220):
        for build in (charts.group_bars, charts.channel_bars, charts.topic_bars):
            drawing = build(year, width)
            assert drawing.width == width
            assert_inside(drawing)
            axis = min(bar.x for bar in bars(drawing) if bar.width > 0 and bar.height > 9)
            for string in strings(drawing):
                left, right = extent(string)
                if string.y < 10:  # the legend, under the bars
                    continue
                if string.x == charts.PAD:  # a label
                    assert right <= axis - 1, string.text
                else:  # a value, just past its bar, or a legend entry
                    assert left >= axis, string.text


def test_long_labels_wrap_onto_two_lines_in_balance() -> None:
    long = "Chính quyền điện tử, chính quyền số, dịch vụ công trực tuyến"
    figures = _single_channel(long, 12)
    drawing = charts.channel_bars(figures, 300)
    lines = [s.text for s in strings(drawing) if s.x == charts.PAD]
    assert len(lines) == 2
    assert " ".join(lines) == long
    widths = [pdfmetrics.stringWidth(line, charts.FONT, charts.FONT_SIZE) for line in lines]
    assert min(widths) > max(widths) / 2  # no lone word on the second line


def test_text_is_drawn_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Hệ thống loa truyền thanh")
    drawing = charts.channel_bars(_single_channel(decomposed, 3))
    assert "Hệ thống loa truyền thanh" in texts(drawing)
    assert all(unicodedata.is_normalized("NFC", text) for text in texts(drawing))


def _single_channel(label: str, activities: int) -> Figures:
    period = named(PeriodKind.YEAR, 2026)
    tally = Tally(activities)
    return Figures(
        period,
        tally,
        (ChannelFigures("loa", label, "dai_chung", tally),),
        (GroupFigures("dai_chung", "Thông tin đại chúng", tally, 1),),
        (),
        (MonthFigures(2026, 1, tally),),
    )


# --- no data -------------------------------------------------------------------------------------


def test_an_empty_period_gives_a_no_data_drawing_of_the_asked_size(empty: Figures) -> None:
    assert empty.total.activities == 0
    for build in CHARTS:
        drawing = build(empty, 400)
        assert drawing.width == 400 and drawing.height > 30
        assert texts(drawing) == [_("No activities in this period.")]
        assert bars(drawing) == []
        assert svg_texts(charts.to_svg(drawing)) == [_("No activities in this period.")]
    assert charts.month_bars(empty, 400, 150).height == 150


# --- SVG -----------------------------------------------------------------------------------------


def test_svg_keeps_the_vietnamese_labels_values_and_font(everything: Figures) -> None:
    svg = charts.to_svg(charts.group_bars(everything))
    assert svg.startswith(b"<?xml")
    shown = svg_texts(svg)
    assert "Trực tiếp" in shown and "Thông tin đại chúng" in shown and "Trực quan" in shown
    for group in everything.by_group:
        assert format_number(group.tally.activities) in shown
    assert "Thông tin đại chúng".encode() in svg  # UTF-8, NFC, not escaped away
    assert b"font-family: Liberation Serif" in svg
    assert b"Helvetica" not in svg
    assert b"<clipPath" not in svg  # Qt's SVG renderer paints a clip path as a black box


def test_svg_size_matches_the_drawing(year: Figures) -> None:
    drawing = charts.channel_bars(year, 333.7)
    root = ET.fromstring(charts.to_svg(drawing))
    assert root.get("viewBox") == f"0 0 {int(drawing.width)} {int(drawing.height)}"
    assert drawing.width == int(drawing.width) and drawing.height == int(drawing.height)


def test_charts_do_not_load_qt() -> None:
    code = (
        "import sys, wardlog.report.charts\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
