"""The report as PDF (reportlab platypus), laid out as Decree 30/2020 wants an administrative document.

Every character is drawn in the shipped Liberation Serif, embedded in the file (subset), so the
document reads the same everywhere and no Vietnamese letter can fall back to a font without it.
Page numbers are centred in the top margin from page 2 on.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    LongTable,
    SimpleDocTemplate,
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
    template = SimpleDocTemplate(
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
    template.build(_story(document), onFirstPage=_first_page, onLaterPages=_later_page)
    return buffer.getvalue()


def write(document: ReportDocument, path: Path) -> None:
    path.write_bytes(render(document))


# --- pages -------------------------------------------------------------------------------------


def _first_page(canvas, template) -> None:  # no number on page 1
    pass


def _later_page(canvas, template) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, layout.PAGE_NUMBER_SIZE)
    x = layout.LEFT_MM * MM + TEXT_WIDTH / 2
    y = A4[1] - layout.TOP_MM * MM / 2 - layout.PAGE_NUMBER_SIZE / 3
    canvas.drawCentredString(x, y, str(canvas.getPageNumber()))
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
    for block in document.body:
        story += _block(block, document)
    story.append(_foot(document))
    for block in document.appendix:
        story += _block(block, document)
    return story


def _header(document: ReportDocument) -> list[Flowable]:
    left_width = TEXT_WIDTH * layout.HEADER_LEFT_SHARE
    right_width = TEXT_WIDTH - left_width
    agency = _style("agency", layout.AGENCY_SIZE, BOLD, TA_CENTER, after=0)
    longest_agency = max(stringWidth(nfc(line), BOLD, layout.AGENCY_SIZE) for line in document.agency)
    left: list[Flowable] = [_p(line, agency) for line in document.agency]
    left += [
        Rule(min(longest_agency, left_width) * layout.AGENCY_RULE_SHARE),
        Spacer(1, 5),
        _p(document.number_line, _style("number", layout.NUMBER_SIZE, REGULAR, TA_CENTER, after=0)),
    ]
    motto_width = stringWidth(nfc(document.motto), BOLD, layout.MOTTO_SIZE)
    right: list[Flowable] = [
        _p(document.nation, _style("nation", layout.NATION_SIZE, BOLD, TA_CENTER, after=0)),
        _p(document.motto, _style("motto", layout.MOTTO_SIZE, BOLD, TA_CENTER, after=0)),
        Rule(motto_width),
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


def _block(block: Block, document: ReportDocument) -> list[Flowable]:
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
            return _table(block)
        case Chart(kind=kind, caption=caption):
            assert document.figures is not None
            drawing = _CHARTS[kind](document.figures, width=TEXT_WIDTH)
            drawing.hAlign = "CENTER"
            return [KeepTogether([Spacer(1, 4), drawing, _p(caption, CAPTION)])]
        case PageBreak():
            return [PdfPageBreak()]
    raise TypeError(f"not a report block: {block!r}")


def _table(table: Table) -> list[Flowable]:
    """A ruled table; body cells are pre-wrapped strings, which reportlab measures and splits across
    pages far faster than paragraphs (a 2,000-row appendix would otherwise take seconds)."""
    size = table.size
    leading = size * 1.18
    pad = 3.0
    header_style = _style("th", size, BOLD, TA_CENTER, after=0, leading=leading)
    widths = [column.width * TEXT_WIDTH for column in table.columns]
    data: list[list[object]] = [[_p(column.title, header_style) for column in table.columns]]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 0), (-1, -1), REGULAR, size, leading),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f0f0")),
    ]
    for index, column in enumerate(table.columns):
        commands.append(("ALIGN", (index, 1), (index, -1), column.align.value.upper()))
    for number, row in enumerate(table.rows, start=1):
        font = REGULAR if row.kind is RowKind.BODY else BOLD
        data.append(
            [
                "\n".join(simpleSplit(nfc(text), font, size, width - 2 * pad)) if text else ""
                for text, width in zip(row.cells, widths, strict=True)
            ]
        )
        if row.kind is not RowKind.BODY:
            commands.append(("FONT", (0, number), (-1, number), BOLD, size, leading))
        if row.kind is RowKind.GROUP:
            commands.append(("BACKGROUND", (0, number), (-1, number), colors.HexColor("#f7f7f7")))
    pdf_table = LongTable(data, colWidths=widths, repeatRows=1, hAlign="CENTER")
    pdf_table.setStyle(TableStyle(commands))
    flowables: list[Flowable] = [
        CondPageBreak(6 * layout.BODY_SIZE),
        _p(table.caption, CAPTION),
        pdf_table,
    ]
    if table.note:
        flowables.append(_p(table.note, NOTE))
    flowables.append(Spacer(1, 6))
    return flowables


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
