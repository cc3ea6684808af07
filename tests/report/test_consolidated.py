"""The upper level's consolidated report: every ward's figures, ranked, and who sent nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.report.test_report_pdf import read
from wardlog.core.book import Book
from wardlog.core.errors import WardLogError
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import parse
from wardlog.core.reports import ReportDetails
from wardlog.report import consolidated, pdf

YEAR = parse("2026")  # cut-off: 15/12/2025 – 14/12/2026


def upper_book(book: Book) -> Book:
    book.update_settings(
        ward_code="",
        issuer="Ủy ban nhân dân",
        unit_name="Thành phố Hà Nội",
        place="Hà Nội",
        recipient="Bộ Nội vụ",
    )
    book.conn.executemany(
        "INSERT INTO wards(code, name, province) VALUES (?, ?, 'Thành phố Hà Nội')",
        [("09552", "Phường Hà Đông"), ("09556", "Phường Dương Nội"), ("09568", "Xã Đại Thanh")],
    )

    def add(
        ward: str, day: date, channel: str, participants: int | None = None, minutes: int | None = None
    ) -> None:
        book.activities.add(
            ActivityDraft(
                date=day,
                channel=channel,
                topics=("tthc",),
                title="Tuyên truyền dịch vụ công trực tuyến",
                participants=participants,
                minutes=minutes,
            ),
            ward_code=ward,
        )

    for month in range(1, 6):
        add("09556", date(2026, month, 3), "hoi_nghi", participants=40)
    add("09556", date(2026, 7, 1), "loa", minutes=45)
    add("09552", date(2026, 2, 3), "hoi_nghi", participants=100)
    add("09552", date(2026, 2, 4), "pano")
    add("09552", date(2027, 1, 5), "pano")  # next year's period
    return book


def test_wards_are_ranked_and_the_silent_ones_named(book: Book) -> None:
    document = consolidated.build(
        upper_book(book), YEAR, ReportDetails(number="12", issued_on=date(2026, 12, 20))
    )
    _reader, pages = read(pdf.render(document))
    text = " ".join(pages)
    assert (
        "Tổng hợp kết quả công tác thông tin, tuyên truyền cải cách hành chính của các phường, xã năm 2026"
        in text
    )
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in pages[0]
    assert "Số: 12/BC-UBND" in pages[0]
    assert "Kính gửi: Bộ Nội vụ." in pages[0]
    assert "Tính đến ngày 20/12/2026, đã tiếp nhận số liệu của 2/3 phường, xã." in text
    assert "Chưa có số liệu trong kỳ: Xã Đại Thanh." in text
    assert "đã tổ chức 8 hoạt động tuyên truyền về cải cách hành chính, thu hút 300 lượt người" in text
    # ranked: Dương Nội 6 activities (5 meetings + 1 broadcast), Hà Đông 2, Đại Thanh none
    assert "1 Phường Dương Nội 6 200 45 2/16 2/3 0%" in text
    assert "2 Phường Hà Đông 2 100 0 2/16 2/3 0%" in text
    assert "– Xã Đại Thanh 0 0 0 0/16 0/3 –" in text
    assert "Tổng cộng 8 300 45 3/16 3/3 0%" in text
    assert "./." in text and "PHỤ LỤC" in text


def test_a_book_without_wards_has_nothing_to_consolidate(book: Book) -> None:
    with pytest.raises(WardLogError, match="chưa có số liệu của phường, xã nào"):
        consolidated.build(book, YEAR)


def test_the_command_line_writes_the_consolidated_report(book: Book, book_path: Path, tmp_path: Path) -> None:
    from wardlog.cli import main

    upper_book(book).close()
    out = tmp_path / "tong-hop.pdf"
    args = ["--db", str(book_path), "report", "--period", "2026", "--consolidated", "--out", str(out)]
    assert main(args) == 0
    _reader, pages = read(out.read_bytes())
    assert "Kết quả theo từng phường, xã".upper() in " ".join(pages)
