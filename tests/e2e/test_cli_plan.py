"""``wardlog plan import`` and ``wardlog plan show`` as a user runs them: a real process and files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.test_cli import ROOT, SAMPLE, wardlog

PLAN_SAMPLE = ROOT / "resources" / "samples" / "mau-ke-hoach.csv"


def test_import_a_plan_then_show_plan_versus_done(tmp_path: Path) -> None:
    book = tmp_path / "phuong.wardlog"
    assert wardlog("import", str(SAMPLE), book=book).returncode == 0  # 7 activities in Q1 2026
    result = wardlog(
        "plan", "import", str(PLAN_SAMPLE), "--year", "2026", "--number", "12/KH-UBND",
        "--date", "2026-01-10", "--title", "Kế hoạch thông tin, tuyên truyền CCHC năm 2026",
        book=book,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Kế hoạch năm 2026 nay có 14 chỉ tiêu lấy từ mau-ke-hoach.csv."
    with sqlite3.connect(book) as conn:
        assert conn.execute("SELECT number, issued_on FROM plans").fetchall() == [
            ("12/KH-UBND", "2026-01-10")
        ]
        assert conn.execute("SELECT count(*) FROM plan_targets").fetchone() == (14,)

    shown = wardlog("plan", "show", "--year", "2026", "--period", "2026-H1", book=book)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert (
        lines[0] == "Kế hoạch số 12/KH-UBND ngày 10/01/2026: Kế hoạch thông tin, tuyên truyền CCHC năm 2026"
    )
    assert lines[1] == "Kết quả thực hiện trong 6 tháng đầu năm 2026 (15/12/2025 – 14/06/2026):"
    loudspeaker = next(line for line in lines if "Thời lượng phát" in line)
    assert "1.440 phút" in loudspeaker and "30 phút" in loudspeaker and "Chưa hoàn thành" in loudspeaker
    banners = next(line for line in lines if line.lstrip().startswith("5 "))
    assert "30 tấm" in banners and "12 tấm" in banners and "40%" in banners
    assert "Số chỉ tiêu chưa đến hạn trong kỳ này: 2." in lines  # H2 and Q3
    assert lines[-1] == "Hoàn thành 0/12 nhiệm vụ, đạt 0,00%."

    whole_year = wardlog("plan", "show", "--year", "2026", book=book)
    assert "Kết quả thực hiện trong năm 2026" in whole_year.stdout
    assert whole_year.stdout.splitlines()[-1] == "Hoàn thành 0/14 nhiệm vụ, đạt 0,00%."

    english = wardlog("--lang", "en", "plan", "show", "--year", "2026", book=book)
    assert english.stdout.splitlines()[-1] == "Completed 0/14 targets, 0.00%."


def test_a_bad_plan_file_changes_nothing_and_says_where(tmp_path: Path) -> None:
    book = tmp_path / "phuong.wardlog"
    assert wardlog("plan", "import", str(PLAN_SAMPLE), "--year", "2026", book=book).returncode == 0
    bad = tmp_path / "sai.csv"
    bad.write_text(
        "Loại,Hình thức,Số lượng,Hạn\nhình thức,loa,4,\nhình thức,loa,bốn,2027-Q1\n", encoding="utf-8"
    )
    result = wardlog("plan", "import", str(bad), "--year", "2026", book=book)
    assert result.returncode == 1
    assert "Dòng 3, cột “Số lượng”" in result.stderr
    assert "Dòng 3, cột “Hạn”: 2027-Q1 không thuộc năm 2026 của kế hoạch." in result.stderr
    with sqlite3.connect(book) as conn:
        assert conn.execute("SELECT count(*) FROM plan_targets").fetchone() == (14,)


def test_plan_command_line_mistakes(tmp_path: Path) -> None:
    book = tmp_path / "phuong.wardlog"
    assert wardlog("plan", book=book).returncode == 2
    assert wardlog("plan", "show", book=book).returncode == 2  # --year is required
    assert wardlog("plan", "show", "--year", "hai nghìn", book=book).returncode == 2
    assert (
        wardlog("plan", "import", str(PLAN_SAMPLE), "--year", "2026", "--date", "10/01/2026").returncode == 2
    )
    assert wardlog("init", "--ward-code", "09556", "--unit-name", "Phường Hà Đông", book=book).returncode == 0
    missing = wardlog("plan", "show", "--year", "2025", book=book)
    assert (missing.returncode, missing.stderr.strip()) == (1, "Sổ chưa có kế hoạch năm 2025.")
    help_text = wardlog("plan", "--help").stdout
    assert "in kế hoạch của một năm và kết quả thực hiện" in help_text
