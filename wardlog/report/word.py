"""The report as a Word document (.docx), for offices that finish their reports in Word.

The same :class:`~wardlog.report.model.ReportDocument` as the PDF, laid out the way an office types a
Decree 30/2020 document: A4 with the decree's margins, Times New Roman everywhere (named for the Latin,
East Asian and complex scripts alike, in the defaults and in every style, so Word never substitutes a
font without Vietnamese letters), the two-column header and the foot as borderless tables, body text
in the "Body Text" style, headings in Word's own heading styles (they fill the navigation pane),
ruled tables whose header row repeats on each page, charts as pictures, and the page number centred
at the top from page 2 on.

The package comes from python-docx's template, tidied; the body is written as WordprocessingML text
and parsed one paragraph or table at a time, which keeps a 2,000-row appendix well under a second
(python-docx's cell-by-cell API would take many). Charts are the reportlab drawings of
:mod:`wardlog.report.charts`, drawn to PDF and rasterised by PDFium (pypdfium2), so no system tool
is needed on any platform.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.section import CT_SectPr
from docx.oxml.text.paragraph import CT_P
from docx.shared import Mm, Pt
from lxml import etree
from reportlab.pdfbase.pdfmetrics import stringWidth

from wardlog import __version__
from wardlog.core.i18n import current_language
from wardlog.core.text import nfc
from wardlog.report import charts, layout, pdfium
from wardlog.report.model import (
    Align,
    Block,
    Chart,
    ChartKind,
    Column,
    Heading,
    PageBreak,
    Paragraph,
    ReportDocument,
    RowKind,
    Table,
)

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

FONT = layout.WORD_FONT
CHART_DPI = 200
TEXT_WIDTH_PT = layout.TEXT_WIDTH_MM * layout.MM
TEXT_WIDTH = round(TEXT_WIDTH_PT * 20)  # in twips (1/20 pt), Word's unit for widths and indents
LANDSCAPE_TEXT_WIDTH = round(layout.LANDSCAPE_TEXT_WIDTH_MM * layout.MM * 20)
KEEP_WHOLE_ROWS = 25  # a table this short moves to the next page whole rather than split
INDENT = round(layout.FIRST_LINE_INDENT_MM * layout.MM * 20)
RULE = 6  # rules and table borders: 3/4 pt (in eighths of a point)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_NS = nsdecls("w", "r", "wp", "a", "pic")
_ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}
_CHARTS = {
    ChartKind.MONTHS: charts.month_bars,
    ChartKind.GROUPS: charts.group_bars,
    ChartKind.CHANNELS: charts.channel_bars,
    ChartKind.TOPICS: charts.topic_bars,
}
_ROOT_TAG = re.compile(r"^<([\w:]+)")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def render(document: ReportDocument) -> bytes:
    """The .docx file's bytes."""
    charts.register_fonts()  # the Liberation metrics (Times New Roman's) that measure the rules
    word = Document()
    _page(word)
    _styles(word)
    _page_numbers(word)
    _metadata(word, document)
    _tidy_package(word)
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    last = body.sectPr
    writer = _Writer(word, document)
    elements = []
    for xml in writer.body():
        # Each element declares its own namespaces: lxml moves such a subtree into the document at
        # once, where children of a shared wrapper would have theirs fixed node by node (seconds).
        elements.append(parse_xml(_ROOT_TAG.sub(rf"<\1 {_NS}", xml, count=1)))
        last.addprevious(elements[-1])
    _sections(
        last, [(elements[index], landscape) for index, landscape in writer.section_ends], writer.landscape
    )
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- units and small pieces of WordprocessingML ------------------------------------------------


def _tw(points: float) -> int:
    """Points in twips."""
    return round(points * 20)


def _half(points: float) -> int:
    """Points in half-points (font sizes)."""
    return round(points * 2)


def _width(text: str, size: float, bold: bool = False) -> int:
    """The width of ``text`` set in Times New Roman, in twips (Liberation Serif has the same metrics)."""
    return _tw(stringWidth(nfc(text), charts.FONT_BOLD if bold else charts.FONT, size))


def _text(text: str) -> str:
    """Text for a run: NFC, escaped; tabs and line breaks as Word's own elements."""
    text = escape(_NOT_XML.sub("", nfc(text)))
    text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    return text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')


def _rpr(*, bold: bool = False, italic: bool = False, size: float | None = None) -> str:
    parts = []
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if size is not None:
        parts.append(f'<w:sz w:val="{_half(size)}"/><w:szCs w:val="{_half(size)}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _run(text: str, *, bold: bool = False, italic: bool = False, size: float | None = None) -> str:
    return (
        f'<w:r>{_rpr(bold=bold, italic=italic, size=size)}<w:t xml:space="preserve">{_text(text)}</w:t></w:r>'
    )


def _ppr(
    *,
    style: str | None = None,
    align: str | None = None,
    before: float | None = None,
    after: float | None = None,
    line: float | None = None,
    exact: float | None = None,
    left: int | None = None,
    right: int | None = None,
    first: int | None = None,
    keep_next: bool | None = None,
    break_before: bool = False,
    rule: bool = False,
    mark: str = "",
) -> str:
    """Paragraph properties, in the order the schema wants them (Word refuses files out of order).

    ``keep_next`` keeps the paragraph on the page of the next one (None: as its style says);
    ``line`` is a multiple of single spacing, ``exact`` a line height in points; ``mark`` the run
    properties of the paragraph mark (what an empty paragraph's height follows).
    """
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next is not None:  # False turns off what the style would keep
        parts.append("<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>')
    if break_before:
        parts.append("<w:pageBreakBefore/>")
    if rule:
        parts.append(
            f'<w:pBdr><w:bottom w:val="single" w:sz="{RULE}" w:space="1" w:color="000000"/></w:pBdr>'
        )
    spacing = []
    if before is not None:
        spacing.append(f'w:before="{_tw(before)}"')
    if after is not None:
        spacing.append(f'w:after="{_tw(after)}"')
    if exact is not None:
        spacing.append(f'w:line="{_tw(exact)}" w:lineRule="exact"')
    elif line is not None:
        spacing.append(f'w:line="{round(240 * line)}" w:lineRule="auto"')
    if spacing:
        parts.append(f"<w:spacing {' '.join(spacing)}/>")
    indent = [
        f'w:{name}="{value}"'
        for name, value in (("left", left), ("right", right), ("firstLine", first))
        if value is not None
    ]
    if indent:
        parts.append(f"<w:ind {' '.join(indent)}/>")
    if align:
        parts.append(f'<w:jc w:val="{align}"/>')
    parts.append(mark)
    return f"<w:pPr>{''.join(parts)}</w:pPr>"


def _p(runs: str = "", **properties) -> str:
    return f"<w:p>{_ppr(**properties)}{runs}</w:p>"


def _line(
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    before: float = 0,
    after: float = 0,
    **properties,
) -> str:
    """A paragraph of one run outside the body text: no indent, single spacing, its own size."""
    look = {"bold": bold, "italic": italic, "size": size}
    return _p(
        _run(text, **look),
        align=align,
        before=before,
        after=after,
        line=1.0,
        first=0,
        mark=_rpr(**look),
        **properties,
    )


def _rule(length: int, room: int, *, after: float = 0) -> str:
    """A short centred rule ``length`` twips long in a space ``room`` twips wide: the bottom border of
    an empty paragraph indented from both sides, as offices draw Decree 30's rules."""
    side = max((room - length) // 2, 0)
    return _p(
        rule=True,
        before=0,
        after=after,
        exact=3,
        left=side,
        right=side,
        first=0,
        mark=_rpr(size=2),
    )


def _borderless_table(widths: Iterable[int], cells: Iterable[str], *, align: str = "left") -> str:
    """One row of cells without borders or padding: the header and the foot of the document."""
    widths = list(widths)
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    nil = "".join(
        f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    row = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>'
        for width, content in zip(widths, cells, strict=True)
    )
    margins = "".join(f'<w:{side} w:w="0" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="{align}"/>'
        f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{nil}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar>{margins}</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0"'
        ' w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>{row}</w:tr></w:tbl>"
    )


# --- the package: page, styles, page numbers, metadata -----------------------------------------


def _page(word: WordDocument) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(layout.PAGE_WIDTH_MM), Mm(layout.PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(layout.TOP_MM), Mm(layout.BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(layout.LEFT_MM), Mm(layout.RIGHT_MM)
    section.header_distance = Mm(8)  # the number sits in the top margin, as in the PDF
    section.footer_distance = Mm(8)
    section.gutter = Mm(0)


_FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'


def _language() -> str:
    return "vi-VN" if current_language() == "vi" else "en-GB"


def _styles(word: WordDocument) -> None:
    """Times New Roman in the defaults and in every style; the styles the report uses, restyled."""
    styles = word.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for name in list(fonts.attrib):
            del fonts.attrib[name]  # drops the theme fonts (Calibri, Cambria) with the rest
        for script in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{script}"), FONT)
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(
        defaults,
        parse_xml(
            f"<w:docDefaults {_NS}><w:rPrDefault><w:rPr>{_FONTS}"
            f'<w:sz w:val="{_half(layout.BODY_SIZE)}"/><w:szCs w:val="{_half(layout.BODY_SIZE)}"/>'
            f'<w:lang w:val="{_language()}" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            "</w:pPrDefault></w:docDefaults>"
        ),
    )
    body = _ppr(align="both", before=0, after=layout.PARAGRAPH_SPACE, line=layout.LINE_SPACING, first=INDENT)
    heading_size = (
        f'<w:sz w:val="{_half(layout.HEADING_SIZE)}"/><w:szCs w:val="{_half(layout.HEADING_SIZE)}"/>'
    )
    caption_size = (
        f'<w:sz w:val="{_half(layout.CAPTION_SIZE)}"/><w:szCs w:val="{_half(layout.CAPTION_SIZE)}"/>'
    )
    new = {
        "Normal": (
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
            '<w:name w:val="Normal"/><w:qFormat/>'
            f'<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr>{_FONTS}'
            f'<w:sz w:val="{_half(layout.BODY_SIZE)}"/><w:szCs w:val="{_half(layout.BODY_SIZE)}"/></w:rPr>'
            "</w:style>"
        ),
        "BodyText": (
            '<w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="1"/><w:qFormat/>'
            f"{body}</w:style>"
        ),
        "Caption": (
            '<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="35"/><w:qFormat/>'
            '<w:pPr><w:keepNext/><w:spacing w:before="80" w:after="80"/><w:jc w:val="center"/></w:pPr>'
            f"<w:rPr><w:b/><w:bCs/>{caption_size}</w:rPr></w:style>"
        ),
        "Header": (
            '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/>'
            '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            f'<w:pPr><w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/>'
            f'<w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs><w:jc w:val="center"/></w:pPr>'
            f'<w:rPr><w:sz w:val="{_half(layout.PAGE_NUMBER_SIZE)}"/>'
            f'<w:szCs w:val="{_half(layout.PAGE_NUMBER_SIZE)}"/></w:rPr></w:style>'
        ),
    }
    # Headings as in the PDF: “I. …” bold, “1. …” bold, “a) …” italic, at the body's indent.
    for level, (before, look) in enumerate(
        ((4, "<w:b/><w:bCs/>"), (2, "<w:b/><w:bCs/>"), (0, "<w:i/><w:iCs/>")), 1
    ):
        new[f"Heading{level}"] = (
            f'<w:style w:type="paragraph" w:styleId="Heading{level}"><w:name w:val="heading {level}"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:uiPriority w:val="9"/><w:qFormat/>'
            f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="{_tw(before)}"'
            f' w:after="{_tw(layout.PARAGRAPH_SPACE)}" w:line="{round(240 * layout.LINE_SPACING)}"'
            f' w:lineRule="auto"/><w:ind w:firstLine="{INDENT}"/><w:jc w:val="both"/>'
            f'<w:outlineLvl w:val="{level - 1}"/></w:pPr><w:rPr>{look}{heading_size}</w:rPr></w:style>'
        )
    for link in list(styles.iter(qn("w:link"))):  # “Heading 1 Char” and the like: left unlinked, unused
        if link.get(qn("w:val")) in new:
            link.getparent().remove(link)
    for style_id, xml in new.items():
        replacement = parse_xml(xml.replace("<w:style ", f"<w:style {_NS} ", 1))
        old = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        if old is not None:
            styles.replace(old, replacement)
        else:
            styles.append(replacement)


def _page_numbers(word: WordDocument) -> None:
    """The page number centred at the top from page 2 on; page 1 has a header of its own, empty."""
    section = word.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    size = _rpr(size=layout.PAGE_NUMBER_SIZE)
    field = (
        f'<w:r>{size}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{size}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{size}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{size}<w:t>2</w:t></w:r>"
        f'<w:r>{size}<w:fldChar w:fldCharType="end"/></w:r>'
    )
    for header, runs in ((first, ""), (section.header, field)):
        part = header._element
        for child in list(part):
            part.remove(child)
        paragraph = _p(runs, style="Header", align="center", mark=size)
        part.append(parse_xml(paragraph.replace("<w:p>", f"<w:p {_NS}>", 1)))


def _sections(last: CT_SectPr, ends: list[tuple[CT_P, bool]], landscape: bool) -> None:
    """Section breaks where the pages turn (a wide table on landscape pages): each section's
    properties go in the paragraph that ends it. The first section keeps the page-number headers
    and its header-less first page; the later ones inherit the headers and number every page."""
    first = copy.deepcopy(last)
    for number, (paragraph, turned) in enumerate(ends):
        properties = copy.deepcopy(first)
        if number:
            _inherit_headers(properties)
        _orient(properties, turned)
        paragraph.get_or_add_pPr().append(properties)
    if ends:
        _inherit_headers(last)
    _orient(last, landscape)


def _inherit_headers(section: CT_SectPr) -> None:
    """A later section: the headers of the one before, and a number on its first page too."""
    for reference in section.xpath("w:headerReference|w:footerReference"):
        section.remove(reference)
    section.titlePg_val = False


def _orient(section: CT_SectPr, landscape: bool) -> None:
    long, short = Mm(layout.PAGE_HEIGHT_MM), Mm(layout.PAGE_WIDTH_MM)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)


def _metadata(word: WordDocument, document: ReportDocument) -> None:
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties = word.core_properties
    properties.title = nfc(document.title)
    properties.subject = nfc(document.summary)
    properties.author = nfc(document.author)
    properties.last_modified_by = nfc(document.author)
    properties.comments = f"WardLog {__version__}"
    properties.keywords = ""
    properties.category = ""
    properties.language = _language()
    properties.created = now
    properties.modified = now
    properties.revision = 1


def _tidy_package(word: WordDocument) -> None:
    """Leave out what the template carries that is not this document: its blank-page thumbnail, its
    application properties (“Microsoft Macintosh Word”) and a stale second copy of its styles; and let
    Word check the spelling instead of being told it is already checked; open as a current Word
    document rather than in “Compatibility Mode”."""
    package_rels = word.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            package_rels.pop(rel_id)
    for rel_id, rel in list(word.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            word.part.rels.pop(rel_id)
    settings = word.settings.element
    for proof in settings.findall(qn("w:proofState")):
        settings.remove(proof)
    for mode in settings.xpath("w:compat/w:compatSetting[@w:name='compatibilityMode']"):
        mode.set(qn("w:val"), "15")  # a current Word document, not one opened in “Compatibility Mode”


# --- charts ------------------------------------------------------------------------------------


def chart_png(drawing: Drawing, dpi: int = CHART_DPI) -> bytes:
    """A reportlab drawing as a PNG picture at ``dpi``: drawn to PDF, rasterised by PDFium."""
    import pypdfium2
    from reportlab.graphics import renderPDF

    data = renderPDF.drawToString(drawing)
    with pdfium.LOCK:  # shared with the app's preview: PDFium is not thread-safe
        pdf = pypdfium2.PdfDocument(data)
        try:
            page = pdf[0]
            try:
                image = page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
        finally:
            pdf.close()
    buffer = io.BytesIO()
    image.convert("L").save(buffer, "PNG", dpi=(dpi, dpi))  # the charts are grey: one channel is enough
    return buffer.getvalue()


# --- the body ----------------------------------------------------------------------------------


class _Writer:
    """Writes one document's body as WordprocessingML."""

    def __init__(self, word: WordDocument, document: ReportDocument) -> None:
        self.word = word
        self.document = document
        self.pictures = 0
        self.break_pending = False  # a PageBreak block: the next paragraph starts a page
        self.landscape = False  # the pages being written lie across
        self.width = TEXT_WIDTH  # the text width of those pages, in twips
        self.section_ends: list[tuple[int, bool]] = []  # (element that ends a section, landscape)

    def body(self) -> list[str]:
        """The body's elements (paragraphs and tables), each a string of WordprocessingML."""
        document = self.document
        parts = [self.header(), *self.title(), *self.addressee()]
        for index, block in enumerate(document.body):
            # the closing paragraph (“… ./.”) goes with the signature, which never stands alone
            self.add(parts, block, keep_next=index == len(document.body) - 1)
        parts.append(self.foot())
        for block in document.appendix:
            self.add(parts, block)
        if self.break_pending:
            parts.append(_p(break_before=True))
        return parts

    def add(self, parts: list[str], block: Block, *, keep_next: bool = False) -> None:
        if isinstance(block, PageBreak) and block.landscape != self.landscape:
            self.turn(parts, block.landscape)
        else:
            parts += self.block(block, keep_next=keep_next)

    def turn(self, parts: list[str], landscape: bool) -> None:
        """End the section at the last element written; the next one starts a page turned to
        ``landscape`` (a section break starts a new page by itself)."""
        if not parts[-1].startswith("<w:p>"):  # a table cannot end a section: an empty line can
            parts.append(_p(exact=1, mark=_rpr(size=1)))
        self.section_ends.append((len(parts) - 1, self.landscape))
        self.landscape = landscape
        self.width = LANDSCAPE_TEXT_WIDTH if landscape else TEXT_WIDTH
        self.break_pending = False

    def _break(self) -> bool:
        pending, self.break_pending = self.break_pending, False
        return pending

    # header, title, addressee

    def header(self) -> str:
        document = self.document
        left = round(TEXT_WIDTH * layout.HEADER_LEFT_SHARE)
        right = TEXT_WIDTH - left
        longest = max(_width(line, layout.AGENCY_SIZE, bold=True) for line in document.agency)
        agency = "".join(_line(line, layout.AGENCY_SIZE, bold=True) for line in document.agency)
        agency += _rule(round(min(longest, left) * layout.AGENCY_RULE_SHARE), left, after=5)
        agency += _line(document.number_line, layout.NUMBER_SIZE)
        nation = _line(document.nation, layout.NATION_SIZE, bold=True)
        nation += _line(document.motto, layout.MOTTO_SIZE, bold=True)
        nation += _rule(min(_width(document.motto, layout.MOTTO_SIZE, bold=True), right), right, after=5)
        nation += _line(document.place_date, layout.DATE_SIZE, italic=True)
        return _borderless_table((left, right), (agency, nation))

    def title(self) -> list[str]:
        document = self.document
        return [
            _line(document.kind_title, layout.TITLE_SIZE, bold=True, before=18, keep_next=True),
            _line(document.summary, layout.SUMMARY_SIZE, bold=True, keep_next=True),
            _rule(TEXT_WIDTH // 4, TEXT_WIDTH, after=8),
        ]

    def addressee(self) -> list[str]:
        document = self.document
        recipients = document.recipients
        if len(recipients) == 1:
            line = f"{document.recipient_label} {recipients[0].rstrip('.;')}."
            return [_line(line, layout.BODY_SIZE, after=10)]
        items = [
            f"- {name.rstrip('.;')}{'.' if i == len(recipients) - 1 else ';'}"
            for i, name in enumerate(recipients)
        ]
        label_width = _width(document.recipient_label, layout.BODY_SIZE) + _tw(6)
        list_width = min(
            max(_width(item, layout.BODY_SIZE) for item in items) + _tw(6), round(TEXT_WIDTH * 0.7)
        )
        label = _line(document.recipient_label, layout.BODY_SIZE, align="left")
        listed = "".join(_line(item, layout.BODY_SIZE, align="left") for item in items)
        return [
            _borderless_table((label_width, list_width), (label, listed), align="center"),
            _p(exact=10, mark=_rpr(size=2)),
        ]

    # blocks

    def block(self, block: Block, *, keep_next: bool = False) -> list[str]:
        match block:
            case Heading(text=text, level=level):
                return [_p(_run(text), style=f"Heading{min(level, 3)}", break_before=self._break())]
            case Paragraph(text=text, italic=italic, bold=bold, align=align, size=size):
                look = {"italic": italic, "bold": bold, "align": align, "size": size}
                return [self.paragraph(text, **look, keep_next=keep_next or None)]
            case Table():
                return self.table(block)
            case Chart():
                return self.chart(block)
            case PageBreak():
                self.break_pending = True
                return []
        raise TypeError(f"not a report block: {block!r}")

    def paragraph(
        self,
        text: str,
        *,
        italic: bool,
        bold: bool,
        align: Align | None,
        size: float | None,
        keep_next: bool | None = None,
    ) -> str:
        look = {"bold": bold, "italic": italic, "size": size}
        own = {
            "style": "BodyText",
            "keep_next": keep_next,
            "break_before": self._break(),
            "mark": _rpr(**look),
        }
        if align is None:  # body text; the style holds the indent, the spacing and the justification
            return _p(_run(text, **look), **own)
        return _p(_run(text, **look), align=_ALIGN[align], first=0, after=2, **own)

    def chart(self, chart: Chart) -> list[str]:
        assert self.document.figures is not None
        drawing = _CHARTS[chart.kind](self.document.figures, width=self.width / 20)
        self.pictures += 1
        inline = self.word.part.new_pic_inline(io.BytesIO(chart_png(drawing)), width=Pt(drawing.width))
        inline.docPr.set("id", str(self.pictures))
        inline.docPr.set("name", f"Chart {self.pictures}")
        inline.docPr.set("descr", nfc(chart.caption))  # the alternative text
        picture = f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"
        return [
            _p(
                picture,
                align="center",
                before=4,
                line=1.0,
                first=0,
                keep_next=True,
                break_before=self._break(),
            ),
            # the caption sits under its chart and is not kept with the next chart
            _p(_run(chart.caption), style="Caption", keep_next=False),
        ]

    def table(self, table: Table) -> list[str]:
        widths = _column_widths(table.columns, self.width)
        whole = len(table.rows) <= KEEP_WHOLE_ROWS
        caption = _p(_run(table.caption), style="Caption", break_before=self._break())
        cells = _CellWriter(table.size, widths)
        header = cells.row(
            (column.title for column in table.columns),
            ("center",) * len(widths),
            bold=True,
            fill="F0F0F0",
            heading=True,
            keep_next=True,
        )
        aligns = tuple(_ALIGN[column.align] for column in table.columns)
        rows = [
            cells.row(
                row.cells,
                aligns,
                bold=row.kind is not RowKind.BODY,
                fill="F7F7F7" if row.kind is RowKind.GROUP else None,
                keep_next=whole or index == 0,  # a long table keeps at least one row under its header
            )
            for index, row in enumerate(table.rows)
        ]
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
        borders = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        xml = (
            f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="60" w:type="dxa"/>'
            '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
            ' w:noHBand="1" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{header}{''.join(rows)}</w:tbl>"
        )
        if table.note:
            after = _line(
                table.note,
                layout.NOTE_SIZE,
                italic=True,
                align="left",
                before=3,
                after=layout.PARAGRAPH_SPACE,
            )
        else:  # a table cannot carry space after it: an empty line of that height does
            after = _p(exact=layout.PARAGRAPH_SPACE, mark=_rpr(size=2))
        return [caption, xml, after]

    # foot

    def foot(self) -> str:
        document = self.document
        left = round(self.width * 0.45)
        right = self.width - left
        copies = _line(
            document.copies_label, layout.COPIES_LABEL_SIZE, bold=True, italic=True, align="left", before=10
        )
        copies += "".join(_line(line, layout.COPIES_SIZE, align="left") for line in document.copies_to)
        lines = document.signature.lines
        sign = "".join(
            _line(line, layout.SIGNATURE_SIZE, bold=True, before=10 if index == 0 else 0)
            for index, line in enumerate(lines)
        )
        sign += _p(exact=layout.SIGNATURE_ROOM_MM * layout.MM, mark=_rpr(size=2))  # room to sign and stamp
        if document.signature.name:
            sign += _line(document.signature.name, layout.SIGNATURE_SIZE, bold=True)
        return _borderless_table((left, right), (copies, sign))


def _column_widths(columns: Iterable[Column], width: int) -> list[int]:
    """Each column's share of ``width`` in twips, the last one taking what rounding left."""
    shares = [column.width for column in columns]
    widths = [round(width * share / sum(shares)) for share in shares]
    widths[-1] += width - sum(widths)
    return widths


class _CellWriter:
    """Rows of a ruled table; the properties every cell repeats are made once."""

    def __init__(self, size: float, widths: list[int]) -> None:
        self.widths = widths
        self.size = size
        self.marks = {bold: _rpr(bold=bold, size=size) for bold in (False, True)}

    def row(
        self,
        texts: Iterable[str],
        aligns: tuple[str, ...],
        *,
        bold: bool = False,
        fill: str | None = None,
        heading: bool = False,
        keep_next: bool = False,
    ) -> str:
        mark = self.marks[bold]
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        keep = "<w:keepNext/>" if keep_next else ""
        cells = []
        for text, width, align in zip(texts, self.widths, aligns, strict=True):
            run = f'<w:r>{mark}<w:t xml:space="preserve">{_text(text)}</w:t></w:r>' if text else ""
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}<w:vAlign w:val="center"/></w:tcPr>'
                f'<w:p><w:pPr>{keep}<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                f'<w:ind w:firstLine="0"/><w:jc w:val="{align}"/>{mark}</w:pPr>{run}</w:p></w:tc>'
            )
        header = "<w:tblHeader/>" if heading else ""
        return f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{''.join(cells)}</w:tr>"


__all__ = ["chart_png", "render"]
