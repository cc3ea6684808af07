"""The periodic report as PDF, read back: every figure, the Decree 30 header and foot, the layout."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from wardlog.core.book import Book
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import parse
from wardlog.core.reports import Part, ReportDetails
from wardlog.report import document, pdf
from wardlog.report.layout import BOTTOM_MM, LEFT_MM, MM, RIGHT_MM, TOP_MM

H1 = parse("2026-H1")  # cut-off convention: 15/12/2025 – 14/06/2026
ISSUED = date(2026, 6, 16)


def ward_book(book: Book) -> Book:
    """A ward with known activities: 12 meetings (339 people), 3 broadcasts, 1 poster run, and noise."""
    book.update_settings(
        ward_code="09552",
        unit_name="Phường Hà Đông",
        place="Hà Đông",
        province="Thành phố Hà Nội",
        recipient="Sở Nội vụ thành phố Hà Nội",
        signer_name="Nguyễn Văn An",
    )
    for day in range(12):
        book.activities.add(
            ActivityDraft(
                date=date(2026, 1, 5 + day),
                channel="hoi_nghi",
                topics=("tthc",),
                title=f"Hội nghị giao ban tháng 1 lần {day + 1}",
                place="Hội trường UBND phường",
                participants=31 if day == 0 else 28,
            )
        )
    for day in (10, 11, 12):
        book.activities.add(
            ActivityDraft(
                date=date(2026, 3, day),
                channel="loa",
                topics=("chinh_quyen_so", "tthc"),
                title="Phát thanh về dịch vụ công trực tuyến",
                quantity=2,
                minutes=120,
            )
        )
    poster = book.activities.add(
        ActivityDraft(
            date=date(2025, 12, 15),  # the first day of the period
            channel="pano",
            topics=("chu_truong",),
            title="Treo panô “Đẩy mạnh cải cách hành chính” – Đức Nghĩa",
            place="Các tuyến đường chính",
            quantity=20,
        )
    )
    book.attachments.add_data(poster.id, "anh-pano.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 photo")
    book.activities.add(  # the day after the period: not counted
        ActivityDraft(date=date(2026, 6, 15), channel="loa", topics=("tthc",), title="Ngoài kỳ báo cáo")
    )
    deleted = book.activities.add(
        ActivityDraft(date=date(2026, 2, 2), channel="loa", topics=("tthc",), title="Bản ghi đã xóa")
    )
    book.activities.delete(deleted.id)
    return book


@pytest.fixture
def ward(book: Book) -> Iterator[Book]:
    yield ward_book(book)


def read(data: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


def built(book: Book, details: ReportDetails | None = None) -> tuple[PdfReader, list[str], str]:
    details = details or ReportDetails(number="5", issued_on=ISSUED)
    reader, pages = read(pdf.render(document.build(book, H1, details)))
    return reader, pages, " ".join(pages)


def test_the_header_title_and_addressee(ward: Book) -> None:
    _reader, pages, _text = built(ward)
    first = pages[0]
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG HÀ ĐÔNG",
        "Số: 05/BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Đông, ngày 16 tháng 6 năm 2026",
        "BÁO CÁO",
        "Kết quả công tác thông tin, tuyên truyền cải cách hành chính 6 tháng đầu năm 2026",
        "Kính gửi: Sở Nội vụ thành phố Hà Nội.",
        "(từ ngày 15/12/2025 đến ngày 14/06/2026)",
    ):
        assert expected in first


def test_every_figure_is_right_and_said_in_sentences(ward: Book) -> None:
    _reader, _pages, text = built(ward)
    assert "đã tổ chức 16 hoạt động tuyên truyền về cải cách hành chính, thu hút 339 lượt người" in text
    assert "sử dụng 3/16 hình thức thuộc 3/3 nhóm" in text
    assert "Lồng ghép tại hội nghị, cuộc họp, giao ban: 12 cuộc với 339 lượt người dự." in text
    assert "Hệ thống loa truyền thanh: 6 buổi phát (3 hoạt động), thời lượng 6 giờ." in text
    assert "Panô, áp phích: 20 tấm (1 hoạt động)." in text
    # Table 1 rows: activities, quantity, attendances, minutes
    assert "1 Lồng ghép tại hội nghị, cuộc họp, giao ban 12 12 cuộc 339 0" in text
    assert "1 Hệ thống loa truyền thanh 3 6 buổi phát 0 360" in text
    assert "Tổng cộng 16 – 339 360" in text
    # Table 2: an activity counts for each of its topics; shares are of all 16 activities
    assert "Cải cách thủ tục hành chính; một cửa, một cửa liên thông 15 93,75% 339" in text
    assert "Chính quyền điện tử, chính quyền số, dịch vụ công trực tuyến 3 18,75% 0" in text
    # Table 3: months of the cut-off convention, the poster in month 1 (15/12 – 14/01)
    assert "1/2026 15/12/2025 – 14/01/2026 11 283 0" in text
    assert "2/2026 15/01/2026 – 14/02/2026 2 56 0" in text
    assert "3/2026 15/02/2026 – 14/03/2026 3 0 360" in text
    assert "Ngoài kỳ báo cáo" not in text
    assert "Bản ghi đã xóa" not in text


def test_the_body_ends_and_the_foot_is_signed(ward: Book) -> None:
    _reader, _pages, text = built(ward)
    assert "6 tháng đầu năm 2026 của Ủy ban nhân dân phường Hà Đông./." in text
    for expected in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"):
        assert expected in text
    assert "Nơi nhận: - Như trên; - Đảng ủy, HĐND phường; - Lưu: VT." in text
    assert text.index("./.") < text.index("Nơi nhận:") < text.index("PHỤ LỤC")


def test_the_appendix_lists_every_activity_with_its_evidence(ward: Book) -> None:
    _reader, _pages, text = built(ward)
    appendix = text[text.index("PHỤ LỤC") :]
    assert "(Kèm theo Báo cáo số 05/BC-UBND ngày 16/06/2026 của Ủy ban nhân dân phường Hà Đông)" in appendix
    for n in range(1, 5):
        assert f"Biểu đồ {n}." in appendix
    assert "1 15/12/2025 Panô, áp phích Treo panô “Đẩy mạnh cải cách hành chính” – Đức Nghĩa" in appendix
    assert re.search(r"Các tuyến đường chính 20 tấm 1 ", appendix)  # quantity, then 1 evidence file
    assert "Hội nghị giao ban tháng 1 lần 12" in appendix
    assert re.search(r"\b16 12/03/2026 Hệ thống loa truyền thanh", appendix)  # 16 rows in date order


def test_the_officers_narrative_replaces_the_draft(ward: Book) -> None:
    _reader, _pages, drafted = built(ward)
    assert "Số liệu cho thấy" in drafted or "Các hình thức chưa được sử dụng" in drafted
    assert "(Nêu nguyên nhân của những tồn tại, hạn chế nêu trên" in drafted
    written = ReportDetails(number="5", issued_on=ISSUED).with_text(
        Part.CAUSES, "Kinh phí cho tuyên truyền còn hạn chế.\n\nMột số tổ dân phố chưa quan tâm."
    )
    ward.reports.save(H1, written)
    _reader, _pages, text = built(ward, ward.reports.get(H1))
    assert "3. Nguyên nhân Kinh phí cho tuyên truyền còn hạn chế. Một số tổ dân phố chưa quan tâm." in text
    assert "(Nêu nguyên nhân" not in text


def test_an_unknown_number_leaves_room_to_write_it(ward: Book) -> None:
    _reader, pages, _text = built(ward, ReportDetails(issued_on=ISSUED))
    assert re.search(r"Số: +/BC-UBND", pages[0].replace("\u00a0", " "))
    assert "(Kèm theo Báo cáo ngày 16/06/2026 của Ủy ban nhân dân phường Hà Đông)" in " ".join(pages)


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (date(2026, 3, 5), "Hà Đông, ngày 05 tháng 3 năm 2026"),
        (date(2026, 2, 16), "Hà Đông, ngày 16 tháng 02 năm 2026"),
        (date(2026, 1, 9), "Hà Đông, ngày 09 tháng 01 năm 2026"),
        (date(2026, 12, 31), "Hà Đông, ngày 31 tháng 12 năm 2026"),
    ],
)
def test_the_date_line_takes_the_decrees_leading_zeros(day: date, line: str) -> None:
    assert document.document_date_line("Hà Đông", day) == line


def test_a4_margins_embedded_fonts_and_page_numbers(ward: Book) -> None:
    reader, pages, _text = built(ward)
    assert len(pages) >= 3
    orientations = []
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((round(width, 1), round(height, 1))) == [595.3, 841.9]  # A4
        orientations.append("landscape" if width > height else "portrait")
        xs, ys = [], []

        def visit(text: str, cm, tm, font, size, xs=xs, ys=ys) -> None:
            if text.strip():
                xs.append(tm[4] * cm[0] + cm[4])
                ys.append(tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        first_line = page.extract_text().strip().splitlines()[0].strip()
        if number == 1:
            assert first_line != "1"
        else:
            assert first_line == str(number)  # centred in the top margin
            assert max(ys) > height - TOP_MM * MM
        body_ys = sorted(ys)[:-1] if number > 1 else ys
        assert min(xs) >= LEFT_MM * MM - 0.5
        assert max(body_ys) <= height - TOP_MM * MM + 1
        assert min(ys) >= BOTTOM_MM * MM - 1
        assert max(xs) < width - RIGHT_MM * MM
    # the letter and its charts stand upright; the wide list of activities lies across the page
    assert orientations[0] == "portrait" and orientations[-1] == "landscape"
    assert "PHỤ LỤC" in " ".join(pages[: orientations.index("landscape")])
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # the TrueType program is embedded
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts == {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }


def test_a_period_without_activities_still_makes_a_whole_report(book: Book) -> None:
    book.update_settings(unit_name="Xã Bình Minh", place="Bình Minh")
    _reader, _pages, text = built(book)
    assert "Trong kỳ chưa ghi nhận hoạt động tuyên truyền nào." in text
    assert "PHỤ LỤC" in text and "./." in text


def test_the_report_reads_in_english(ward: Book, english: None) -> None:
    _reader, pages, text = built(ward)
    assert "SOCIALIST REPUBLIC OF VIET NAM" in pages[0]
    assert "Hà Đông, 16 June 2026" in pages[0]
    assert "with 339 attendances" in text


def test_the_command_line_writes_the_report(ward: Book, book_path: Path, tmp_path: Path) -> None:
    from wardlog.cli import main

    ward.close()
    out = tmp_path / "bao-cao.pdf"
    assert (
        main(["--db", str(book_path), "report", "--period", "2026-H1", "--out", str(out), "--number", "7"])
        == 0
    )
    _reader, pages = read(out.read_bytes())
    assert "Số: 07/BC-UBND" in pages[0]
    assert (
        main(["--db", str(book_path), "report", "--period", "2026-H1", "--out", str(tmp_path / "x.txt")]) == 1
    )
    assert main(["--db", str(book_path), "report", "--out", str(out)]) == 1
    assert (
        main(["--db", str(book_path), "report", "--period", "2026-H1", "--out", str(out), "--number", "x"])
        == 1
    )
    assert not list(tmp_path.glob(".bao-cao-*"))  # no temporary file left behind


def test_a_report_file_is_an_ordinary_document(ward: Book, tmp_path: Path) -> None:
    import os
    import stat

    from wardlog.report.output import write_report

    old = os.umask(0o022)
    try:
        write_report(ward, H1, tmp_path / "bao-cao.pdf")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "bao-cao.pdf").stat().st_mode) == 0o644  # not private 0600
    assert not list(tmp_path.glob(".bao-cao-*"))  # no temporary file left
