"""Charts of a period's figures, drawn with reportlab.graphics (no Qt).

One :class:`~reportlab.graphics.shapes.Drawing` serves both outputs: the PDF report places it as a
flowable, and the overview screen shows it through :func:`to_svg`. Documents are printed in black and
white, so bars are shades of grey with a dark outline, every bar carries its value, and nothing
depends on colour. Text is drawn in the shipped Liberation Serif (registered once by
:func:`register_fonts`), never in reportlab's built-in Helvetica, which drops Vietnamese letters, and
it is normalized to NFC (decomposed text puts tone marks in the wrong place).

Sizes are in points (1/72 inch). Horizontal bar charts are as tall as their rows need unless a
height is given; a period without activities gives a framed "no data" drawing of the same kind.
"""

from __future__ import annotations

import math
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from wardlog.core.figures import Figures
from wardlog.core.i18n import _, format_number
from wardlog.core.resources import resource_path

# --- fonts -------------------------------------------------------------------------------------

FONT = "LiberationSerif"
FONT_BOLD = "LiberationSerif-Bold"
FONT_ITALIC = "LiberationSerif-Italic"
FONT_BOLD_ITALIC = "LiberationSerif-BoldItalic"
FONT_FAMILY = "Liberation Serif"  # the family named inside the files: what SVG viewers and Qt look for
_FONT_FILES = {
    FONT: "LiberationSerif-Regular.ttf",
    FONT_BOLD: "LiberationSerif-Bold.ttf",
    FONT_ITALIC: "LiberationSerif-Italic.ttf",
    FONT_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
# How each reportlab font name is written in SVG, so a viewer picks the same face.
_SVG_FONTS = {
    FONT: {"family": FONT_FAMILY},
    FONT_BOLD: {"family": FONT_FAMILY, "weight": "bold"},
    FONT_ITALIC: {"family": FONT_FAMILY, "style": "italic"},
    FONT_BOLD_ITALIC: {"family": FONT_FAMILY, "weight": "bold", "style": "italic"},
}
_registered = False
_register_lock = threading.Lock()


def register_fonts() -> str:
    """Register the document fonts (Liberation Serif, four styles) with reportlab, once per process.

    Returns the regular font's name. The PDF report uses the same names, so a chart and the text
    around it share one embedded font.
    """
    global _registered
    with _register_lock:
        if not _registered:
            known = set(pdfmetrics.getRegisteredFontNames())
            for name, file_name in _FONT_FILES.items():
                if name not in known:
                    pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
            pdfmetrics.registerFontFamily(
                FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
            )
            # reportlab's graphics start (and fall back) in Helvetica, which has no Vietnamese
            # letters; even unused, it would be declared in every PDF page that holds a chart.
            rl_config.defaultGraphicsFontName = FONT
            rl_config.canvas_basefontname = FONT
            _registered = True
    return FONT


# --- look --------------------------------------------------------------------------------------

FONT_SIZE = 9.0
VALUE_SIZE = 8.0  # values above month bars
MIN_FONT_SIZE = 6.0
LEADING = 1.2  # line height as a multiple of the font size
PAD = 4.0  # around the drawing
GAP = 6.0  # between a label and its bar
BAR = 10.0  # thickness of a horizontal bar
MIN_BAR_ROOM = 60.0  # the longest horizontal bar is never shorter than this
DEFAULT_WIDTH = 450.0  # about the text width of an A4 page with Decree 30 margins

INK = colors.black
AXIS = colors.HexColor("#4d4d4d")
MUTED = colors.HexColor("#6b6b6b")
OUTLINE = colors.HexColor("#262626")
FRAME = colors.HexColor("#b3b3b3")
MONTH_FILL = colors.HexColor("#595959")
TOPIC_FILL = colors.HexColor("#8c8c8c")
# Channel groups, in catalog order: dark, middle, light grey (outlined), then more greys.
GROUP_FILLS = tuple(
    colors.HexColor(code) for code in ("#404040", "#999999", "#e0e0e0", "#6b6b6b", "#c2c2c2", "#f5f5f5")
)


def group_fill(index: int) -> colors.Color:
    """The grey of the ``index``-th channel group (the same in every chart)."""
    return GROUP_FILLS[index % len(GROUP_FILLS)]


# --- text helpers ------------------------------------------------------------------------------


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _width(text: str, size: float, font: str = FONT) -> float:
    return pdfmetrics.stringWidth(_nfc(text), font, size)


def _whole(size: float) -> float:
    """Drawings have whole-point sizes: SVG output writes its viewBox in whole units."""
    return float(max(math.floor(size), 1))


def _count(value: float) -> str:
    return format_number(value, decimals=0)


def _string(
    x: float,
    y: float,
    text: str,
    *,
    size: float = FONT_SIZE,
    font: str = FONT,
    anchor: str = "start",
    color: colors.Color = INK,
) -> String:
    return String(x, y, _nfc(text), fontName=font, fontSize=size, fillColor=color, textAnchor=anchor)


def _fit(text: str, size: float, width: float, font: str = FONT) -> str:
    """``text``, cut and ended with “…” when it is wider than ``width``."""
    text = _nfc(text)
    if _width(text, size, font) <= width:
        return text
    while text and _width(text.rstrip(" ,;") + "…", size, font) > width:
        text = text[:-1]
    return text.rstrip(" ,;") + "…"


def _wrap(text: str, size: float, width: float, font: str = FONT) -> list[str]:
    """``text`` on one line of ``width``, else on two lines of about equal length (the second cut with
    “…” if it is still too long): a balanced break leaves no lone word on the second line."""
    text = _nfc(text)
    if _width(text, size, font) <= width:
        return [text]
    words = text.split()
    best: tuple[float, list[str]] | None = None
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        first_width = _width(first, size, font)
        if first_width > width:
            break
        longest = max(first_width, _width(second, size, font))
        if best is None or longest < best[0]:
            best = (longest, [first, second])
    if best is None:  # not even the first word fits
        return [_fit(text, size, width, font)]
    return [best[1][0], _fit(best[1][1], size, width, font)]


# --- the charts --------------------------------------------------------------------------------


def no_data(width: float = DEFAULT_WIDTH, height: float = 60.0, message: str | None = None) -> Drawing:
    """A framed drawing that says there is nothing to chart (instead of empty axes)."""
    register_fonts()
    width, height = _whole(width), _whole(height)
    drawing = Drawing(width, height)
    drawing.add(
        Rect(
            0.5,
            0.5,
            width - 1,
            height - 1,
            strokeColor=FRAME,
            strokeWidth=0.6,
            strokeDashArray=[3, 2],
            fillColor=None,
        )
    )
    text = _fit(message or _("No activities in this period."), FONT_SIZE, width - 2 * PAD)
    drawing.add(_string(width / 2, height / 2 - FONT_SIZE * 0.35, text, anchor="middle", color=MUTED))
    return drawing


def month_bars(figures: Figures, width: float = DEFAULT_WIDTH, height: float = 170.0) -> Drawing:
    """Activities per month of the period, one vertical bar a month with its value on top.

    Months are labelled “T1”, “T2”… (under the cut-off convention month M runs 15/(M-1)–14/M);
    when the period spans more than one year the year is written under its first month.
    """
    register_fonts()
    width, height = _whole(width), _whole(height)
    months = figures.by_month
    if not months or not figures.total.activities:
        return no_data(width, height)
    size, leading = FONT_SIZE, FONT_SIZE * LEADING
    values = [month.tally.activities for month in months]
    names = [_("M{month}").format(month=month.month) for month in months]
    several_years = len({month.year for month in months}) > 1

    left, right = PAD, width - PAD
    slot = (right - left) / len(months)
    texts = [_count(value) for value in values]
    widest = max(_width(text, VALUE_SIZE) for text in texts)
    value_size = VALUE_SIZE if widest <= slot - 2 else VALUE_SIZE * (slot - 2) / widest
    show_values = value_size >= MIN_FONT_SIZE
    top_value = max(values)
    ticks: list[int] = []
    if not show_values:  # too many months for a value on each bar: a value axis instead
        step = _nice_step(top_value)
        ticks = list(range(0, int(math.ceil(top_value / step) * step) + 1, step))
        top_value = ticks[-1]
        left = PAD + max(_width(_count(tick), VALUE_SIZE) for tick in ticks) + 4
        slot = (right - left) / len(months)

    bottom = PAD + (2 if several_years else 1) * leading + 2
    top_room = value_size + 4 if show_values else size / 2
    plot_height = max(height - bottom - PAD - top_room, 1)
    drawing = Drawing(width, height)

    for tick in ticks:
        y = bottom + plot_height * tick / top_value
        if tick:
            drawing.add(Line(left, y, right, y, strokeColor=FRAME, strokeWidth=0.4))
        drawing.add(_string(left - 3, y - VALUE_SIZE * 0.35, _count(tick), size=VALUE_SIZE, anchor="end"))

    bar_width = slot * 0.62
    label_step = max(1, math.ceil((max(_width(name, size) for name in names) + 4) / slot))
    for index, (value, text) in enumerate(zip(values, texts, strict=True)):
        center = left + slot * (index + 0.5)
        bar_height = plot_height * value / top_value if top_value else 0
        if bar_height > 0:
            drawing.add(
                Rect(
                    center - bar_width / 2,
                    bottom,
                    bar_width,
                    bar_height,
                    fillColor=MONTH_FILL,
                    strokeColor=OUTLINE,
                    strokeWidth=0.4,
                )
            )
        if show_values:
            drawing.add(
                _string(
                    center,
                    bottom + bar_height + 3,
                    text,
                    size=value_size,
                    anchor="middle",
                    color=INK if value else MUTED,
                )
            )
        if index % label_step == 0:
            drawing.add(_string(center, bottom - 2 - size, names[index], size=size, anchor="middle"))
    if several_years:
        _year_labels(drawing, figures, left, slot, bottom - 2 - size - leading)
    drawing.add(Line(left, bottom, right, bottom, strokeColor=AXIS, strokeWidth=0.7))
    return drawing


def _year_labels(drawing: Drawing, figures: Figures, left: float, slot: float, baseline: float) -> None:
    """The year under each January, and under the first month when there is room before the next."""
    months = figures.by_month
    firsts = [index for index, month in enumerate(months) if month.month == 1]
    if 0 not in firsts:
        room = left + slot * firsts[0] if firsts else math.inf
        if left + _width(str(months[0].year), FONT_SIZE) + 4 < room:
            firsts.insert(0, 0)
    for index in firsts:
        drawing.add(_string(left + slot * index + 1, baseline, str(months[index].year), color=MUTED))


def _nice_step(top: float, count: int = 4) -> int:
    """A round step (1, 2, 5 × 10ⁿ) that cuts 0 … ``top`` into about ``count`` parts."""
    raw = max(top / count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * magnitude:
            return max(int(multiple * magnitude), 1)
    return int(10 * magnitude)


@dataclass(frozen=True)
class _Row:
    label: str
    value: float
    fill: colors.Color


def group_bars(figures: Figures, width: float = DEFAULT_WIDTH, height: float | None = None) -> Drawing:
    """Activities per channel group (Trực tiếp, Thông tin đại chúng, Trực quan), horizontal bars."""
    register_fonts()
    if not figures.total.activities:
        return no_data(width, height or 60.0)
    rows = [
        _Row(group.label, group.tally.activities, group_fill(index))
        for index, group in enumerate(figures.by_group)
    ]
    return _horizontal_bars(rows, width, height)


def channel_bars(figures: Figures, width: float = DEFAULT_WIDTH, height: float | None = None) -> Drawing:
    """Activities per channel, only the channels used, most used first; greys tell the groups apart."""
    register_fonts()
    used = sorted(
        (channel for channel in figures.by_channel if channel.tally.activities),
        key=lambda channel: -channel.tally.activities,
    )
    if not used:
        return no_data(width, height or 60.0)
    groups = [group.code for group in figures.by_group]
    fills = {code: group_fill(index) for index, code in enumerate(groups)}
    rows = [_Row(c.label, c.tally.activities, fills.get(c.group, GROUP_FILLS[0])) for c in used]
    present = {channel.group for channel in used}
    legend = [(group.label, fills[group.code]) for group in figures.by_group if group.code in present]
    return _horizontal_bars(rows, width, height, legend)


def topic_bars(figures: Figures, width: float = DEFAULT_WIDTH, height: float | None = None) -> Drawing:
    """Activities per topic, only the topics covered, most covered first.

    An activity may cover several topics, so these add up to more than the activities.
    """
    register_fonts()
    used = sorted((topic for topic in figures.by_topic if topic.activities), key=lambda t: -t.activities)
    if not used:
        return no_data(width, height or 60.0)
    rows = [_Row(topic.label, topic.activities, TOPIC_FILL) for topic in used]
    return _horizontal_bars(rows, width, height)


def _horizontal_bars(
    rows: Sequence[_Row],
    width: float,
    height: float | None,
    legend: Sequence[tuple[str, colors.Color]] = (),
) -> Drawing:
    """Labels on the left (up to two lines), bars from one axis, each value just past its bar."""
    size, leading = FONT_SIZE, FONT_SIZE * LEADING
    width = _whole(width)
    texts = [_count(row.value) for row in rows]
    value_width = max(_width(text, size) for text in texts) + 3
    longest = max(_width(row.label, size) for row in rows)
    label_width = max(min(longest, width * 0.45, width - 2 * PAD - GAP - value_width - MIN_BAR_ROOM), 24)
    labels = [_wrap(row.label, size, label_width) for row in rows]
    axis_x = PAD + label_width + GAP
    bar_room = max(width - PAD - value_width - axis_x, 1)

    row_heights = [max(BAR + 7, len(lines) * leading + 5) for lines in labels]
    legend_height = leading + 8 if legend else 0
    if height is None:
        height = float(math.ceil(2 * PAD + sum(row_heights) + legend_height))
    else:  # spread (or squeeze) the rows over the height asked for
        height = _whole(height)
        stretch = max(height - 2 * PAD - legend_height, 1) / sum(row_heights)
        row_heights = [row_height * stretch for row_height in row_heights]
    drawing = Drawing(width, height)

    biggest = max(row.value for row in rows) or 1
    top = height - PAD
    for row, lines, text, row_height in zip(rows, labels, texts, row_heights, strict=True):
        center = top - row_height / 2
        thickness = min(BAR, row_height * 0.7)
        length = bar_room * row.value / biggest
        if length > 0:
            drawing.add(
                Rect(
                    axis_x,
                    center - thickness / 2,
                    length,
                    thickness,
                    fillColor=row.fill,
                    strokeColor=OUTLINE,
                    strokeWidth=0.4,
                )
            )
        baseline = center + (len(lines) - 1) * leading / 2 - size * 0.35
        for number, line in enumerate(lines):
            drawing.add(_string(PAD, baseline - number * leading, line))
        drawing.add(
            _string(axis_x + length + 3, center - size * 0.35, text, color=INK if row.value else MUTED)
        )
        top -= row_height
    drawing.add(Line(axis_x, height - PAD, axis_x, top, strokeColor=AXIS, strokeWidth=0.7))
    if legend:
        _legend(drawing, legend, axis_x, PAD + 2, width - PAD)
    return drawing


def _legend(
    drawing: Drawing, entries: Sequence[tuple[str, colors.Color]], left: float, bottom: float, right: float
) -> None:
    """Swatches with their names in one line from ``left`` (or further left when it does not fit)."""
    size = FONT_SIZE
    swatch, spacing = 8.0, 12.0
    widths = [swatch + 4 + _width(label, size) for label, _fill in entries]
    needed = sum(widths) + spacing * (len(entries) - 1)
    x = max(min(left, right - needed), PAD)
    fits = needed <= right - x
    room = (right - x - spacing * (len(entries) - 1)) / len(entries)
    for (label, fill), entry_width in zip(entries, widths, strict=True):
        drawing.add(Rect(x, bottom, swatch, swatch, fillColor=fill, strokeColor=OUTLINE, strokeWidth=0.4))
        text = label if fits else _fit(label, size, room - swatch - 4)
        drawing.add(_string(x + swatch + 4, bottom + 0.5, text))
        x += (entry_width if fits else room) + spacing


# --- output ------------------------------------------------------------------------------------


def to_svg(drawing: Drawing) -> bytes:
    """The drawing as SVG (UTF-8), its text in the family “Liberation Serif” for the screen to find."""
    register_fonts()
    if drawing.width != math.ceil(drawing.width) or drawing.height != math.ceil(drawing.height):
        drawing = drawing.copy()  # SVG output truncates the viewBox to whole units: round up instead
        drawing.width, drawing.height = math.ceil(drawing.width), math.ceil(drawing.height)
    # useClip: no <clipPath> element, which Qt's SVG renderer paints as a black rectangle
    return renderSVG.drawToString(drawing, fontHacks=_SVG_FONTS, useClip=True).encode("utf-8")


__all__ = [
    "FONT",
    "FONT_BOLD",
    "FONT_FAMILY",
    "channel_bars",
    "group_bars",
    "group_fill",
    "month_bars",
    "no_data",
    "register_fonts",
    "to_svg",
    "topic_bars",
]
