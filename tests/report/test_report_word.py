"""The periodic report as a Word document, read back with python-docx: the same words and figures as
the PDF, the Decree 30 page (A4, margins, Times New Roman, no number on page 1), ruled tables whose
header row repeats, charts as pictures."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree
from PIL import Image

from tests.report.test_report_pdf import H1, ISSUED, ward_book
from wardlog.core.book import Book
from wardlog.core.reports import ReportDetails
from wardlog.report import document, layout, word
from wardlog.report.model import ReportDocument

FONT = "Times New Roman"


@pytest.fixture
def ward(book: Book) -> Iterator[Book]:
    yield ward_book(book)


def report(book: Book, details: ReportDetails | None = None) -> ReportDocument:
    return document.build(book, H1, details or ReportDetails(number="5", issued_on=ISSUED))


def opened(data: bytes) -> WordDocument:
    return Document(io.BytesIO(data))


def blocks(doc: WordDocument) -> Iterator[Paragraph | Table]:
    """The body's paragraphs and tables, in order."""
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p"):
            yield Paragraph(element, doc)
        elif element.tag == qn("w:tbl"):
            yield Table(element, doc)


def words(doc: WordDocument) -> str:
    """The body as one line: each paragraph, and each table row with its cells joined by spaces
    (how the PDF's text reads back)."""
    parts: list[str] = []
    for block in blocks(doc):
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts += [" ".join(cell.text for cell in row.cells) for row in block.rows]
    return " ".join(" ".join(parts).split())


def built(book: Book, details: ReportDetails | None = None) -> tuple[WordDocument, str]:
    doc = opened(word.render(report(book, details)))
    return doc, words(doc)


def ruled_tables(doc: WordDocument) -> list[Table]:
    return [
        table for table in doc.tables if table._tbl.xpath("w:tblPr/w:tblBorders/w:insideH[@w:val='single']")
    ]


def test_the_header_title_and_addressee(ward: Book) -> None:
    doc, text = built(ward)
    header = doc.tables[0]
    agency, nation = (cell.text for cell in header.rows[0].cells)
    assert agency.splitlines() == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HÀ ĐÔNG", "", "Số: 05/BC-UBND"]
    assert nation.splitlines() == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        "Hà Đông, ngày 16 tháng 6 năm 2026",
    ]
    # borderless; the short rules are the bottom borders of empty paragraphs
    assert header._tbl.xpath("w:tblPr/w:tblBorders/*/@w:val") == ["nil"] * 6
    rules = [p for p in header._tbl.iter(qn("w:p")) if p.xpath("w:pPr/w:pBdr/w:bottom")]
    assert len(rules) == 2
    cells = header.rows[0].cells
    runs = {run.text: run for cell in cells for paragraph in cell.paragraphs for run in paragraph.runs}
    for bold_upper in ("ỦY BAN NHÂN DÂN", "PHƯỜNG HÀ ĐÔNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"):
        assert runs[bold_upper].bold
    assert runs["Độc lập - Tự do - Hạnh phúc"].bold and runs["Độc lập - Tự do - Hạnh phúc"].font.size == Pt(
        13
    )
    assert runs["Hà Đông, ngày 16 tháng 6 năm 2026"].italic
    assert runs["ỦY BAN NHÂN DÂN"].font.size == Pt(layout.AGENCY_SIZE)
    assert runs["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].font.size == Pt(layout.NATION_SIZE)
    # the motto's rule is as long as the motto (Liberation Serif has Times New Roman's metrics)
    motto_rule = rules[1].xpath("w:pPr/w:ind")[0]
    room = cells[1].width.pt * 20
    length = room - int(motto_rule.get(qn("w:left"))) - int(motto_rule.get(qn("w:right")))
    assert length == pytest.approx(word._width("Độc lập - Tự do - Hạnh phúc", 13, bold=True), abs=2)
    for expected in (
        "BÁO CÁO",
        "Kết quả công tác thông tin, tuyên truyền cải cách hành chính 6 tháng đầu năm 2026",
        "Kính gửi: Sở Nội vụ thành phố Hà Nội.",
        "(từ ngày 15/12/2025 đến ngày 14/06/2026)",
    ):
        assert expected in text
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold


def test_every_figure_is_right_and_said_in_sentences(ward: Book) -> None:
    _doc, text = built(ward)
    for expected in (
        "đã tổ chức 16 hoạt động tuyên truyền về cải cách hành chính, thu hút 339 lượt người",
        "sử dụng 3/16 hình thức thuộc 3/3 nhóm",
        "Lồng ghép tại hội nghị, cuộc họp, giao ban: 12 cuộc với 339 lượt người dự.",
        "Hệ thống loa truyền thanh: 6 buổi phát (3 hoạt động), thời lượng 6 giờ.",
        "Panô, áp phích: 20 tấm (1 hoạt động).",
        "1 Lồng ghép tại hội nghị, cuộc họp, giao ban 12 12 cuộc 339 0",
        "1 Hệ thống loa truyền thanh 3 6 buổi phát 0 360",
        "Tổng cộng 16 – 339 360",
        "Cải cách thủ tục hành chính; một cửa, một cửa liên thông 15 93,75% 339",
        "Chính quyền điện tử, chính quyền số, dịch vụ công trực tuyến 3 18,75% 0",
        "1/2026 15/12/2025 – 14/01/2026 11 283 0",
        "2/2026 15/01/2026 – 14/02/2026 2 56 0",
        "3/2026 15/02/2026 – 14/03/2026 3 0 360",
    ):
        assert expected in text
    assert "Ngoài kỳ báo cáo" not in text
    assert "Bản ghi đã xóa" not in text


def test_the_body_text_follows_decree_30(ward: Book) -> None:
    doc, _text = built(ward)
    body = doc.styles["Body Text"].paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.first_line_indent == Mm(12.7)
    assert body.space_after == Pt(6)
    assert body.line_spacing == pytest.approx(1.2)
    paragraph = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện nhiệm vụ"))
    assert paragraph.style.name == "Body Text" and paragraph.paragraph_format.first_line_indent is None
    heading = next(p for p in doc.paragraphs if p.text.startswith("II. "))
    assert heading.style.name == "Heading 1" and heading.text == heading.text.upper()
    assert heading.style.font.bold and heading.style.font.size == Pt(14)
    assert heading.style.font.color.rgb is None  # black, not the template's blue
    group = next(p for p in doc.paragraphs if p.text == "a) Trực tiếp")
    assert group.style.name == "Heading 3" and group.style.font.italic


def test_times_new_roman_everywhere_for_every_script(ward: Book) -> None:
    data = word.render(report(ward))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if name.startswith("word/")}
    styles = etree.fromstring(parts["word/styles.xml"])
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    scripts = ("ascii", "hAnsi", "eastAsia", "cs")
    assert {defaults.get(qn(f"w:{script}")) for script in scripts} == {FONT}
    checked = 0
    for name in ("word/styles.xml", "word/document.xml", "word/header1.xml", "word/header2.xml"):
        for fonts in etree.fromstring(parts[name]).iter(qn("w:rFonts")):
            assert {fonts.get(qn(f"w:{script}")) for script in scripts} == {FONT}
            assert not [
                key for key in fonts.attrib if "Theme" in key or "theme" in key
            ]  # no Calibri via the theme
            checked += 1
    assert checked > 10
    assert b"Calibri" not in parts["word/styles.xml"] and b"Cambria" not in parts["word/styles.xml"]
    assert "word/stylesWithEffects.xml" not in parts  # the template's second copy of its styles is gone


def test_a4_margins_and_a_page_number_from_page_2(ward: Book) -> None:
    doc, _text = built(ward)
    first = doc.sections[0]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert abs(first.page_width - Mm(210)) < Mm(0.1) and abs(first.page_height - Mm(297)) < Mm(0.1)
    for section in doc.sections:
        assert abs(section.top_margin - Mm(layout.TOP_MM)) < Mm(0.1)
        assert abs(section.bottom_margin - Mm(layout.BOTTOM_MM)) < Mm(0.1)
        assert abs(section.left_margin - Mm(layout.LEFT_MM)) < Mm(0.1)
        assert abs(section.right_margin - Mm(layout.RIGHT_MM)) < Mm(0.1)
        assert section.header_distance < section.top_margin  # the number sits in the top margin
    assert first.different_first_page_header_footer
    page_one = first.first_page_header
    assert not page_one.is_linked_to_previous
    assert page_one.paragraphs[0].text == ""
    assert not page_one._element.xpath(".//w:instrText") and not page_one._element.xpath(".//w:fldSimple")
    numbered = first.header
    (instruction,) = numbered._element.xpath(".//w:instrText")
    assert instruction.text.strip() == "PAGE"
    assert numbered.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert numbered.paragraphs[0].runs[0].font.size == Pt(layout.PAGE_NUMBER_SIZE)
    # the list of activities lies across A4 pages, as in the PDF, and numbers its first page too
    last = doc.sections[-1]
    assert len(doc.sections) == 2
    assert last.orientation == WD_ORIENT.LANDSCAPE
    assert abs(last.page_width - Mm(297)) < Mm(0.1) and abs(last.page_height - Mm(210)) < Mm(0.1)
    assert last.header.is_linked_to_previous and not last.different_first_page_header_footer


def test_tables_are_ruled_with_a_header_row_repeated_on_each_page(ward: Book) -> None:
    doc, _text = built(ward)
    tables = ruled_tables(doc)
    assert len(tables) == 5  # by channel, by topic, by month, the self-assessment, the list of activities
    for table in tables:
        rows = table._tbl.tr_lst
        assert rows[0].xpath("w:trPr/w:tblHeader")
        assert not any(row.xpath("w:trPr/w:tblHeader") for row in rows[1:])
        assert all(run.bold for cell in table.rows[0].cells for p in cell.paragraphs for run in p.runs)
    channels = tables[0]
    total = channels.rows[-1]
    assert [cell.text for cell in total.cells] == ["", "Tổng cộng", "16", "–", "339", "360"]
    assert all(run.bold for cell in total.cells for p in cell.paragraphs for run in p.runs)
    group = channels.rows[1]
    assert group.cells[1].text == "Trực tiếp" and group.cells[1].paragraphs[0].runs[0].bold
    body = channels.rows[2]
    assert body.cells[1].paragraphs[0].runs[0].bold is None
    assert [cell.paragraphs[0].alignment for cell in body.cells] == [
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.LEFT,
        *[WD_ALIGN_PARAGRAPH.RIGHT] * 4,
    ]
    widths = [cell.width for cell in body.cells]
    assert abs(sum(widths) - Mm(layout.TEXT_WIDTH_MM)) < Mm(0.1)
    listing = tables[4]
    assert abs(sum(cell.width for cell in listing.rows[1].cells) - Mm(layout.LANDSCAPE_TEXT_WIDTH_MM)) < Mm(
        0.1
    )
    assert listing.rows[1].cells[0].paragraphs[0].runs[0].font.size == Pt(10)
    note = next(p for p in doc.paragraphs if p.text.startswith("Số lượng được cộng theo từng đơn vị tính"))
    assert note.runs[0].italic


def test_the_body_ends_and_the_foot_is_signed(ward: Book) -> None:
    doc, text = built(ward)
    assert "6 tháng đầu năm 2026 của Ủy ban nhân dân phường Hà Đông./." in text
    assert "Nơi nhận: - Như trên; - Đảng ủy, HĐND phường; - Lưu: VT." in text
    assert text.index("./.") < text.index("Nơi nhận:") < text.index("PHỤ LỤC")
    closing = next(p for p in doc.paragraphs if p.text.endswith("./."))
    assert closing.paragraph_format.keep_with_next  # never a signature alone on a page
    foot = next(table for table in doc.tables if table.rows[0].cells[0].text.startswith("Nơi nhận:"))
    copies, signature = foot.rows[0].cells
    label, *listed = copies.paragraphs
    assert label.runs[0].bold and label.runs[0].italic and label.runs[0].font.size == Pt(12)
    assert [p.text for p in listed] == ["- Như trên;", "- Đảng ủy, HĐND phường;", "- Lưu: VT."]
    assert {p.runs[0].font.size for p in listed} == {Pt(11)}
    lines = [p for p in signature.paragraphs if p.text]
    assert [p.text for p in lines] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    assert all(p.runs[0].bold and p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in lines)
    room = [p for p in signature.paragraphs if not p.text]
    assert sum(p.paragraph_format.line_spacing for p in room) >= Mm(layout.SIGNATURE_ROOM_MM) - Mm(0.1)
    assert foot._tbl.xpath("w:tblPr/w:tblBorders/*/@w:val") == ["nil"] * 6


def test_the_appendix_follows_a_page_break_with_charts_as_pictures(ward: Book) -> None:
    doc, text = built(ward)
    appendix = text[text.index("PHỤ LỤC") :]
    assert "(Kèm theo Báo cáo số 05/BC-UBND ngày 16/06/2026 của Ủy ban nhân dân phường Hà Đông)" in appendix
    assert "1 15/12/2025 Panô, áp phích Treo panô “Đẩy mạnh cải cách hành chính” – Đức Nghĩa" in appendix
    assert "Các tuyến đường chính 20 tấm 1" in appendix  # quantity, then 1 evidence file
    assert "16 12/03/2026 Hệ thống loa truyền thanh" in appendix  # 16 rows in date order
    title = next(p for p in doc.paragraphs if p.text == "PHỤ LỤC")
    assert title.paragraph_format.page_break_before
    pictures = doc.inline_shapes
    assert len(pictures) == 4
    captions = [f"Biểu đồ {n}." for n in range(1, 5)]
    descriptions = [shape._inline.docPr.get("descr") for shape in pictures]
    assert [d.split(" Số")[0] for d in descriptions] == captions
    for caption in captions:
        assert caption in appendix
    for shape in pictures:
        assert Mm(150) < shape.width <= Mm(layout.TEXT_WIDTH_MM) + Mm(0.5)
        blob = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        image = doc.part.related_parts[blob].image
        assert image.content_type == "image/png"
        assert image.horz_dpi == pytest.approx(word.CHART_DPI, abs=1)
        picture = Image.open(io.BytesIO(image.blob))
        assert picture.getpixel((1, 1)) == 255  # white paper, not a transparent box
        assert picture.getextrema()[0] < 80  # and something dark drawn on it


def test_metadata_and_text_in_nfc(ward: Book) -> None:
    built_report = report(ward)
    decomposed = unicodedata.normalize("NFD", built_report.summary)
    assert decomposed != built_report.summary
    doc = opened(word.render(replace(built_report, summary=decomposed)))
    properties = doc.core_properties
    assert properties.title == built_report.title
    assert properties.author == "Ủy ban nhân dân phường Hà Đông"
    assert properties.language == "vi-VN"
    assert "python-docx" not in (properties.comments or "")
    assert built_report.summary in words(doc)  # written composed
    assert decomposed not in words(doc)


def test_several_recipients_are_listed_under_kinh_gui(ward: Book) -> None:
    details = ReportDetails(
        number="5", issued_on=ISSUED, recipient="Sở Nội vụ thành phố Hà Nội\nỦy ban nhân dân thành phố"
    )
    _doc, text = built(ward, details)
    assert "Kính gửi: - Sở Nội vụ thành phố Hà Nội; - Ủy ban nhân dân thành phố." in text


def test_an_unknown_number_leaves_room_to_write_it(ward: Book) -> None:
    doc, _text = built(ward, ReportDetails(issued_on=ISSUED))
    agency = doc.tables[0].rows[0].cells[0].text
    assert agency.splitlines()[-1] == "Số: " + "\u00a0" * 8 + "/BC-UBND"


def test_a_period_without_activities_still_makes_a_whole_report(book: Book) -> None:
    book.update_settings(unit_name="Xã Bình Minh", place="Bình Minh")
    doc, text = built(book)
    assert "Trong kỳ chưa ghi nhận hoạt động tuyên truyền nào." in text
    assert "PHỤ LỤC" in text and "./." in text
    assert len(doc.inline_shapes) == 4  # framed “no data” charts


def test_the_report_reads_in_english(ward: Book, english: None) -> None:
    doc, text = built(ward)
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text
    assert "Hà Đông, 16 June 2026" in text
    assert "with 339 attendances" in text
    assert doc.core_properties.language == "en-GB"


def test_the_command_line_writes_the_word_report(ward: Book, book_path: Path, tmp_path: Path) -> None:
    from wardlog.cli import main

    ward.close()
    out = tmp_path / "bao-cao.docx"
    assert (
        main(["--db", str(book_path), "report", "--period", "2026-H1", "--out", str(out), "--number", "7"])
        == 0
    )
    doc = opened(out.read_bytes())
    assert doc.tables[0].rows[0].cells[0].text.splitlines()[-1] == "Số: 07/BC-UBND"
    assert "Tổng cộng 16 – 339 360" in words(doc)
    assert not list(tmp_path.glob(".bao-cao-*"))
