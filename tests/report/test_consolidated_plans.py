"""From the wards' books to the upper level's report: each ward's plan completion and self-assessment
travel in its exchange file, are merged, and are compared in the consolidated report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.core.exchange_kit import PERIOD, WARDS, export_file, upper_book, ward_book
from tests.core.test_plan_exchange import FORMAT_1, with_plan
from tests.report.test_report_pdf import read
from wardlog.core import ward_plans
from wardlog.core.merging import merge_files
from wardlog.core.reports import ReportDetails
from wardlog.report import consolidated, pdf


def test_the_consolidated_report_compares_the_wards_plans(tmp_path: Path) -> None:
    (planned_code, planned_name), (plain_code, plain_name) = WARDS[:2]
    with ward_book(tmp_path, planned_code, planned_name) as book:
        planned = export_file(with_plan(book, participants=100), tmp_path / "files")  # 4/4 targets
    with ward_book(tmp_path, plain_code, plain_name) as book:
        plain = export_file(book, tmp_path / "files")  # no plan
    with upper_book(tmp_path) as upper:
        results = merge_files(upper, [planned, plain, FORMAT_1], backup=False)
        assert [r.refused for r in results] == [None, None, None]
        stored = ward_plans.results(upper, PERIOD)
        assert sorted(stored) == ["00004", "00008"]  # the format-1 file of 00025 carries none
        assert (stored["00004"].targets_done, stored["00004"].completion, stored["00004"].score) == (
            4,
            1.0,
            1.25,
        )
        assert (stored["00008"].has_plan, stored["00008"].score) == (False, 0.0)
        document = consolidated.build(upper, PERIOD, ReportDetails(number="7", issued_on=date(2026, 6, 25)))
    _reader, pages = read(pdf.render(document))
    text = " ".join(pages)
    assert "Bảng 5. Kết quả thực hiện kế hoạch và tự đánh giá của các phường, xã" in text
    assert "Xếp hạng Phường, xã Kế hoạch Số nhiệm vụ hoàn thành Tự đánh giá" in text
    # best score first; the ward whose file carries no plan results last, unranked
    assert "1 Phường Ba Đình 12/KH-UBND 4/4, 100,00% 1,25/2" in text
    assert "2 Phường Ngọc Hà Chưa có kế hoạch – 0/2" in text
    assert "– Phường Giảng Võ – – –" in text
    assert "Phường, xã chưa có kế hoạch cho kỳ báo cáo: Phường Ngọc Hà." in text
    assert "Chưa nhận được kết quả thực hiện kế hoạch của Phường Giảng Võ" in text


def test_without_plan_results_the_report_has_no_plan_table(tmp_path: Path) -> None:
    with upper_book(tmp_path) as upper:
        merge_files(upper, [FORMAT_1], backup=False)
        document = consolidated.build(upper, PERIOD, ReportDetails(number="7", issued_on=date(2026, 6, 25)))
    text = " ".join(read(pdf.render(document))[1])
    assert "Phường Giảng Võ" in text and "Bảng 4." in text
    assert "Bảng 5." not in text and "tự đánh giá" not in text
