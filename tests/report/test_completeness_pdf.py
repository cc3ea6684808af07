"""The completeness table printed: every ward, every period, the totals, in Vietnamese."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from wardlog.core.completeness import Cell, Completeness, Status, WardRow, cell_text
from wardlog.core.periods import parse
from wardlog.report.completeness import render, write

H1, H2 = parse("2026-H1"), parse("2026-H2")


def cell(status: Status, delivered: date | None = None, *, final: bool = False, corrections: int = 0) -> Cell:
    return Cell(status, date(2026, 6, 21), delivered, final, corrections, int(delivered is not None))


def sample(wards: int = 3) -> Completeness:
    rows = [
        WardRow("00004", "Phường Ba Đình", "Thành phố Hà Nội",
                (cell(Status.ON_TIME, date(2026, 6, 18), final=True), cell(Status.PENDING))),
        WardRow("00008", "Phường Ngọc Hà", "Thành phố Hà Nội",
                (cell(Status.LATE, date(2026, 7, 3), corrections=1), cell(Status.PENDING))),
        WardRow("00025", "Phường Giảng Võ", "Thành phố Hà Nội", (cell(Status.MISSING), cell(Status.PENDING))),
    ]  # fmt: skip
    for n in range(wards - 3):
        rows.append(WardRow(f"{90000 + n}", f"Xã Thử Nghiệm {n}", "Tỉnh X", (cell(Status.MISSING),) * 2))
    return Completeness((H1, H2), tuple(rows), 7, date(2026, 11, 23))


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_the_table_says_who_delivered_what() -> None:
    text = text_of(render(sample(), unit_name="Sở Nội vụ thành phố Hà Nội"))
    for expected in (
        "SỞ NỘI VỤ THÀNH PHỐ HÀ NỘI",
        "TÌNH HÌNH",
        "Phường Ba Đình",
        "Phường Giảng Võ",
        "Đúng hạn",
        "18/06/2026",
        "Muộn 12 ngày",
        "Chưa gửi",
        "Chưa đến hạn",
        "6 tháng đầu năm 2026",
        "23/11/2026",
    ):
        assert expected in text, expected
    assert "2/3" in text and "1/3" in text  # delivered, of which late, missing


def test_cells_in_words() -> None:
    assert (
        cell_text(cell(Status.ON_TIME, date(2026, 6, 18), final=True)) == "Đúng hạn\n18/06/2026\nchính thức"
    )
    assert (
        cell_text(cell(Status.LATE, date(2026, 7, 3), corrections=1))
        == "Muộn 12 ngày\n03/07/2026\nđã đính chính"
    )


def test_a_long_table_runs_over_pages_with_its_header(tmp_path: Path) -> None:
    path = write(sample(126), tmp_path / "tinh-hinh.pdf")
    reader = PdfReader(str(path))
    assert len(reader.pages) > 2
    for page in reader.pages:
        assert "Phường/xã" in page.extract_text() or "Phường, xã" in page.extract_text()
    assert "Xã Thử Nghiệm 122" in text_of(path.read_bytes())
    assert not list(tmp_path.glob("*.partial"))
