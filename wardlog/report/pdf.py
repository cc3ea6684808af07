"""The report as PDF (reportlab platypus), laid out as Decree 30/2020 wants an administrative document.

Every character is drawn in the shipped Liberation Serif, embedded in the file (subset), so the
document reads the same everywhere and no Vietnamese letter can fall back to a font without it.
Page numbers are centred in the top margin from page 2 on.
"""

from __future__ import annotations

import bisect
import io
import itertools
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import PageBreak as PdfPageBreak
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from wardlog import __version__
from wardlog.core.i18n import current_language
from wardlog.core.text import nfc
from wardlog.report import charts, layout
from wardlog.report.model import (
    Align,
    Block,
    Chart,
    ChartKind,
    Heading,
    PageBreak,
    Paragraph,
    ReportDocument,
    RowKind,
    Table,
)

MM = layout.MM
TEXT_WIDTH = layout.TEXT_WIDTH_MM * MM
LANDSCAPE_TEXT_WIDTH = layout.LANDSCAPE_TEXT_WIDTH_MM * MM
REGULAR, BOLD, ITALIC, BOLD_ITALIC = (
    charts.FONT,
    charts.FONT_BOLD,
    charts.FONT_ITALIC,
    charts.FONT_BOLD_ITALIC,
)
_ALIGN = {Align.LEFT: TA_LEFT, Align.CENTER: TA_CENTER, Align.RIGHT: TA_RIGHT}
_CHARTS = {
    ChartKind.MONTHS: charts.month_bars,
    ChartKind.GROUPS: charts.group_bars,
    ChartKind.CHANNELS: charts.channel_bars,
    ChartKind.TOPICS: charts.topic_bars,
}


def render(document: ReportDocument) -> bytes:
    """The PDF file's bytes."""
    charts.register_fonts()
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=layout.LEFT_MM * MM,
        rightMargin=layout.RIGHT_MM * MM,
        topMargin=layout.TOP_MM * MM,
        bottomMargin=layout.BOTTOM_MM * MM,
        title=document.title,
        author=document.author,
        subject=document.summary,
        creator=f"WardLog {__version__}",
        producer=f"WardLog {__version__} (reportlab)",
        lang=current_language(),
        # The canvas starts in our font: its default (Helvetica, without Vietnamese letters) would
        # otherwise be declared in every page's resources.
        initialFontName=REGULAR,
        initialFontSize=layout.BODY_SIZE,
    )
    template.addPageTemplates([_page_template(PORTRAIT, A4), _page_template(LANDSCAPE, landscape(A4))])
    template.build(_story(document))
    return buffer.getvalue()


def write(document: ReportDocument, path: Path) -> None:
    path.write_bytes(render(document))


# --- pages -------------------------------------------------------------------------------------

PORTRAIT, LANDSCAPE = "portrait", "landscape"


def _page_template(name: str, size: tuple[float, float]) -> PageTemplate:
    width, height = size
    frame = Frame(
        layout.LEFT_MM * MM,
        layout.BOTTOM_MM * MM,
        width - (layout.LEFT_MM + layout.RIGHT_MM) * MM,
        height - (layout.TOP_MM + layout.BOTTOM_MM) * MM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=name,
    )
    return PageTemplate(id=name, frames=[frame], onPage=_page_number, pagesize=size)


def _page_number(canvas, template) -> None:
    """The page number, centred in the top margin, from page 2 on (Decree 30)."""
    number = canvas.getPageNumber()
    if number == 1:
        return
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFont(REGULAR, layout.PAGE_NUMBER_SIZE)
    x = layout.LEFT_MM * MM + (width - (layout.LEFT_MM + layout.RIGHT_MM) * MM) / 2
    y = height - layout.TOP_MM * MM / 2 - layout.PAGE_NUMBER_SIZE / 3
    canvas.drawCentredString(x, y, str(number))
    canvas.restoreState()


# --- styles ------------------------------------------------------------------------------------


def _style(
    name: str,
    size: float = layout.BODY_SIZE,
    font: str = REGULAR,
    align: int = TA_JUSTIFY,
    *,
    indent: float = 0.0,
    before: float = 0.0,
    after: float = layout.PARAGRAPH_SPACE,
    leading: float | None = None,
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=leading or size * layout.LINE_SPACING,
        alignment=align,
        firstLineIndent=indent,
        spaceBefore=before,
        spaceAfter=after,
        textColor=colors.black,
    )


INDENT = layout.FIRST_LINE_INDENT_MM * MM
BODY = _style("body", indent=INDENT)
HEADINGS = {
    1: _style("h1", layout.HEADING_SIZE, BOLD, TA_JUSTIFY, indent=INDENT, before=4),
    2: _style("h2", layout.HEADING_SIZE, BOLD, TA_JUSTIFY, indent=INDENT, before=2),
    3: _style("h3", layout.HEADING_SIZE, ITALIC, TA_JUSTIFY, indent=INDENT),
}
CAPTION = _style("caption", layout.CAPTION_SIZE, BOLD, TA_CENTER, before=4, after=4)
NOTE = _style("note", layout.NOTE_SIZE, ITALIC, TA_LEFT, before=3)


def _p(text: str, style: ParagraphStyle) -> PdfParagraph:
    return PdfParagraph(escape(nfc(text)), style)


def _font(bold: bool, italic: bool) -> str:
    return {(False, False): REGULAR, (True, False): BOLD, (False, True): ITALIC, (True, True): BOLD_ITALIC}[
        (bold, italic)
    ]


class Rule(Flowable):
    """A horizontal rule of ``length`` points, centred in the space it is given (Decree 30's short rules)."""

    def __init__(self, length: float, *, space: float = 1.5, thickness: float = 0.6) -> None:
        super().__init__()
        self.length = length
        self.space = space
        self.thickness = thickness

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.space * 2

    def draw(self) -> None:
        x = (self.width - self.length) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x, self.space, x + self.length, self.space)


# --- the story ---------------------------------------------------------------------------------


def _story(document: ReportDocument) -> list[Flowable]:
    story: list[Flowable] = [*_header(document), *_title(document), *_addressee(document)]
    width = TEXT_WIDTH
    for block in document.body:
        story += _block(block, document, width)
    story.append(_foot(document))
    for block in document.appendix:
        if isinstance(block, PageBreak):
            width = LANDSCAPE_TEXT_WIDTH if block.landscape else TEXT_WIDTH
        story += _block(block, document, width)
    return story


def _header(document: ReportDocument) -> list[Flowable]:
    left_width = TEXT_WIDTH * layout.HEADER_LEFT_SHARE
    right_width = TEXT_WIDTH - left_width
    agency = _style("agency", layout.AGENCY_SIZE, BOLD, TA_CENTER, after=0)
    longest_agency = max(stringWidth(nfc(line), BOLD, layout.AGENCY_SIZE) for line in document.agency)
    left: list[Flowable] = [_p(line, agency) for line in document.agency]
    left += [
        Rule(min(longest_agency, left_width) * layout.AGENCY_RULE_SHARE, space=3.5),
        Spacer(1, 5),
        _p(document.number_line, _style("number", layout.NUMBER_SIZE, REGULAR, TA_CENTER, after=0)),
    ]
    motto_width = stringWidth(nfc(document.motto), BOLD, layout.MOTTO_SIZE)
    right: list[Flowable] = [
        _p(document.nation, _style("nation", layout.NATION_SIZE, BOLD, TA_CENTER, after=0)),
        _p(document.motto, _style("motto", layout.MOTTO_SIZE, BOLD, TA_CENTER, after=0)),
        Rule(motto_width, space=3.5),
        Spacer(1, 5),
        _p(document.place_date, _style("date", layout.DATE_SIZE, ITALIC, TA_CENTER, after=0)),
    ]
    table = PdfTable([[left, right]], colWidths=[left_width, right_width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), REGULAR),  # reportlab sets a cell's font even for flowables
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table]


def _title(document: ReportDocument) -> list[Flowable]:
    return [
        Spacer(1, 18),
        _p(document.kind_title, _style("title", layout.TITLE_SIZE, BOLD, TA_CENTER, after=0)),
        _p(document.summary, _style("summary", layout.SUMMARY_SIZE, BOLD, TA_CENTER, after=0)),
        Rule(TEXT_WIDTH / 4, space=3),
        Spacer(1, 8),
    ]


def _addressee(document: ReportDocument) -> list[Flowable]:
    recipients = document.recipients
    if len(recipients) == 1:
        line = f"{document.recipient_label} {recipients[0].rstrip('.;')}."
        return [_p(line, _style("to", layout.BODY_SIZE, REGULAR, TA_CENTER, after=10))]
    label = document.recipient_label
    label_width = stringWidth(nfc(label), REGULAR, layout.BODY_SIZE) + 6
    items = [
        f"- {name.rstrip('.;')}{'.' if i == len(recipients) - 1 else ';'}"
        for i, name in enumerate(recipients)
    ]
    item_style = _style("to-item", layout.BODY_SIZE, REGULAR, TA_LEFT, after=0)
    widest = max(stringWidth(nfc(item), REGULAR, layout.BODY_SIZE) for item in items)
    list_width = min(widest + 6, TEXT_WIDTH * 0.7)
    table = PdfTable(
        [[_p(label, item_style), [_p(item, item_style) for item in items]]],
        colWidths=[label_width, list_width],
        hAlign="CENTER",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), REGULAR),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, Spacer(1, 10)]


def _block(block: Block, document: ReportDocument, width: float) -> list[Flowable]:
    match block:
        case Heading(text=text, level=level):
            return [CondPageBreak(3 * layout.BODY_SIZE * layout.LINE_SPACING), _p(text, HEADINGS[level])]
        case Paragraph(text=text, italic=italic, bold=bold, align=align, size=size):
            if align is None and not (italic or bold) and size is None:
                return [_p(text, BODY)]
            style = _style(
                f"p-{bold}-{italic}-{align}",
                size or layout.BODY_SIZE,
                _font(bold, italic),
                _ALIGN[align] if align else TA_JUSTIFY,
                indent=0 if align else INDENT,
                after=2 if align else layout.PARAGRAPH_SPACE,
            )
            return [_p(text, style)]
        case Table():
            return _table(block, width)
        case Chart(kind=kind, caption=caption):
            assert document.figures is not None
            drawing = _CHARTS[kind](document.figures, width=width)
            drawing.hAlign = "CENTER"
            return [KeepTogether([Spacer(1, 4), drawing, _p(caption, CAPTION)])]
        case PageBreak(landscape=turn):
            return [NextPageTemplate(LANDSCAPE if turn else PORTRAIT), PdfPageBreak()]
    raise TypeError(f"not a report block: {block!r}")


TOP_PAD, BOTTOM_PAD, SIDE_PAD = 2.0, 3.0, 3.0
HEADER_FILL = colors.HexColor("#f0f0f0")
GROUP_FILL = colors.HexColor("#f7f7f7")


def _table(table: Table, width: float) -> list[Flowable]:
    flowables: list[Flowable] = [
        CondPageBreak(6 * layout.BODY_SIZE),
        _p(table.caption, CAPTION),
        _PagedTable(table, width),
    ]
    if table.note:
        flowables.append(_p(table.note, NOTE))
    flowables.append(Spacer(1, 6))
    return flowables


@dataclass(frozen=True)
class _Measured:
    rows: list[tuple[list[str], RowKind, float]]  # pre-wrapped cells, kind, height
    heights: list[float]  # cumulative: heights[i] is the height of rows 0..i
    header_height: float


class _PagedTable(Flowable):
    """A ruled table that splits across pages in linear time, its header row repeated on each page.

    reportlab's own tables re-measure every remaining row at each page break, which made a
    2,000-row appendix take seconds. Here body cells are pre-wrapped strings, so each row's height
    is known up front (lines × leading + padding); a split cuts at the last row that fits and hands
    reportlab a table of one page's rows.
    """

    def __init__(self, table: Table, width: float, measured: _Measured | None = None, start: int = 0) -> None:
        super().__init__()
        self.table = table
        self.size = table.size
        self.leading = table.size * 1.18
        self.widths = [column.width * width for column in table.columns]
        self.hAlign = "CENTER"
        if measured is None:  # measured once; the parts of a split share it
            rows = [self._measure(row.cells, row.kind) for row in table.rows]
            header_height = self._build([]).wrap(sum(self.widths), 10_000)[1]
            heights = list(itertools.accumulate(height for _cells, _kind, height in rows))
            measured = _Measured(rows, heights, header_height)
        self.measured = measured
        self.start = start
        self.rows = measured.rows[start:]
        self.header_height = measured.header_height

    def _height_before(self, index: int) -> float:
        """The height of the rows of the whole table before ``index``."""
        return self.measured.heights[index - 1] if index > 0 else 0.0

    def _measure(self, cells: tuple[str, ...], kind: RowKind) -> tuple[list[str], RowKind, float]:
        font = REGULAR if kind is RowKind.BODY else BOLD
        wrapped = [
            "\n".join(simpleSplit(nfc(text), font, self.size, width - 2 * SIDE_PAD)) if text else ""
            for text, width in zip(cells, self.widths, strict=True)
        ]
        lines = max((cell.count("\n") + 1 for cell in wrapped), default=1)
        return wrapped, kind, lines * self.leading + TOP_PAD + BOTTOM_PAD

    def _build(self, rows: list[tuple[list[str], RowKind, float]]) -> PdfTable:
        header_style = _style("th", self.size, BOLD, TA_CENTER, after=0, leading=self.leading)
        data: list[list[object]] = [[_p(column.title, header_style) for column in self.table.columns]]
        commands: list[tuple] = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONT", (0, 0), (-1, -1), REGULAR, self.size, self.leading),
            ("LEFTPADDING", (0, 0), (-1, -1), SIDE_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), SIDE_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), TOP_PAD),
            ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PAD),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ]
        for index, column in enumerate(self.table.columns):
            commands.append(("ALIGN", (index, 1), (index, -1), column.align.value.upper()))
        for number, (cells, kind, _height) in enumerate(rows, start=1):
            data.append(cells)
            if kind is not RowKind.BODY:
                commands.append(("FONT", (0, number), (-1, number), BOLD, self.size, self.leading))
            if kind is RowKind.GROUP:
                commands.append(("BACKGROUND", (0, number), (-1, number), GROUP_FILL))
        built = PdfTable(data, colWidths=self.widths, hAlign="CENTER")
        built.setStyle(TableStyle(commands))
        return built

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        end = len(self.measured.rows)
        self.height = self.header_height + self._height_before(end) - self._height_before(self.start)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        room = available_height - self.header_height + self._height_before(self.start)
        last = bisect.bisect_right(self.measured.heights, room)  # rows [start, last) fit
        if last <= self.start:
            return []  # not even one row here: the whole table moves to the next page
        if last >= len(self.measured.rows):
            return [self._build(self.rows)]
        return [
            self._build(self.measured.rows[self.start : last]),
            _PagedTable(self.table, sum(self.widths), self.measured, last),
        ]

    def draw(self) -> None:
        built = self._build(self.rows)
        built.wrapOn(self.canv, self.width, self.height)
        built.drawOn(self.canv, 0, 0)


def _foot(document: ReportDocument) -> Flowable:
    half = TEXT_WIDTH * 0.45
    label = _style("copies-label", layout.COPIES_LABEL_SIZE, BOLD_ITALIC, TA_LEFT, after=0)
    item = _style("copies", layout.COPIES_SIZE, REGULAR, TA_LEFT, after=0, leading=layout.COPIES_SIZE * 1.15)
    left = [_p(document.copies_label, label), *(_p(line, item) for line in document.copies_to)]
    sign = _style("sign", layout.SIGNATURE_SIZE, BOLD, TA_CENTER, after=0)
    right: list[Flowable] = [_p(line, sign) for line in document.signature.lines]
    right.append(Spacer(1, layout.SIGNATURE_ROOM_MM * MM))
    if document.signature.name:
        right.append(_p(document.signature.name, sign))
    table = PdfTable([[left, right]], colWidths=[half, TEXT_WIDTH - half])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), REGULAR),  # reportlab sets a cell's font even for flowables
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 10), table])
