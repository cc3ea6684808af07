"""``wardlog export`` and ``wardlog merge`` as a ward and an upper level run them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.test_cli import SAMPLE, wardlog
from wardlog.core.completeness import recent_periods
from wardlog.core.periods import PeriodKind


def make_ward(folder: Path, code: str, name: str) -> Path:
    book = folder / f"{code}.wardlog"
    assert wardlog("init", "--ward-code", code, "--unit-name", name, book=book).returncode == 0
    assert wardlog("import", str(SAMPLE), book=book).returncode == 0
    return book


def test_export_then_merge_twice(tmp_path: Path) -> None:
    files = tmp_path / "gui-len"
    files.mkdir()
    for code, name in (("00004", "Phường Ba Đình"), ("00008", "Phường Ngọc Hà")):
        book = make_ward(tmp_path, code, name)
        result = wardlog("export", "--out", str(files), "--final", book=book)
        assert result.returncode == 0, result.stderr
        assert "7" in result.stdout
    written = sorted(files.iterdir())
    assert [p.name.split("_")[:3] for p in written] == [
        ["WardLog", "00004", "Phuong-Ba-Dinh"],
        ["WardLog", "00008", "Phuong-Ngoc-Ha"],
    ]
    upper = tmp_path / "so-tong-hop.wardlog"
    result = wardlog("--lang", "en", "merge", *map(str, written), book=upper)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("7 added, 0 updated, 0 removed, 0 unchanged, 0 conflicts") == 2
    again = wardlog("--lang", "en", "merge", *map(str, written), book=upper)
    assert again.returncode == 0
    assert again.stdout.count("0 added, 0 updated, 0 removed, 7 unchanged, 0 conflicts") == 2
    with sqlite3.connect(upper) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT uid) FROM activities").fetchone() == (14, 14)


def test_a_refused_file_exits_1_and_the_rest_is_merged(tmp_path: Path) -> None:
    book = make_ward(tmp_path, "00025", "Phường Giảng Võ")
    good = tmp_path / "tot.wlx"
    assert (
        wardlog("export", "--out", str(good), "--period", "2026", "--no-attachments", book=book).returncode
        == 0
    )
    bad = tmp_path / "hong.wlx"
    bad.write_bytes(good.read_bytes()[:5000])
    upper = tmp_path / "so-tong-hop.wardlog"
    result = wardlog("merge", str(bad), str(good), book=upper)
    assert result.returncode == 1
    assert "hong.wlx" in result.stderr and "tot.wlx" in result.stdout
    assert "Traceback" not in result.stderr


def test_export_needs_an_identity_and_a_valid_period(tmp_path: Path) -> None:
    book = tmp_path / "moi.wardlog"
    assert wardlog("demo", "--activities", "5", book=book).returncode == 0
    result = wardlog("export", "--out", str(tmp_path), "--period", "2026-H3", book=book)
    assert result.returncode == 1 and "2026-H3" in result.stderr


def test_completeness_as_text_and_as_pdf(tmp_path: Path) -> None:
    book = make_ward(tmp_path, "00004", "Phường Ba Đình")
    sent = tmp_path / "ba-dinh.wlx"
    assert wardlog("export", "--out", str(sent), "--period", "2025", book=book).returncode == 0
    upper = tmp_path / "so-tong-hop.wardlog"
    assert wardlog("merge", str(sent), book=upper).returncode == 0
    result = wardlog("completeness", "--kind", "year", "--count", "2", book=upper)
    assert result.returncode == 0, result.stderr
    header, row = result.stdout.splitlines()
    years = [p.code for p in recent_periods(PeriodKind.YEAR, 2)]
    assert header.split("\t") == ["Mã", "Phường, xã", *years]
    cells = dict(zip(years, row.split("\t")[2:], strict=True))
    assert row.startswith("00004\tPhường Ba Đình\t")
    if "2025" in cells:
        assert cells["2025"].startswith("Muộn")  # the year 2025 sent only now
    assert "xã, phường đã gửi" in result.stderr
    pdf = tmp_path / "tinh-hinh.pdf"
    assert wardlog("completeness", "--out", str(pdf), book=upper).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")
