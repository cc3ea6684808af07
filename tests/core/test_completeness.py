"""Which wards delivered which periods, on time or late, and which are missing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.core.exchange_kit import PERIOD, WARDS, export_file, upper_book, ward_book
from wardlog.core.book import Book
from wardlog.core.completeness import Status, compute, due_date, expected_wards, recent_periods
from wardlog.core.exchange import export
from wardlog.core.merging import merge_files
from wardlog.core.periods import PeriodKind, parse

H2 = PERIOD.next()  # 2026-H2: 15/06/2026 – 14/12/2026
ON_TIME = datetime(2026, 6, 18, 9, 0, tzinfo=UTC)  # four days after the end of 2026-H1
LATE = datetime(2026, 7, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def upper(tmp_path: Path) -> Iterator[Book]:
    """Ba Đình sent 2026-H1 on time and final, Ngọc Hà late, Giảng Võ the year so far (in June)."""
    files = []
    for (code, name), when in zip(WARDS[:2], (ON_TIME, LATE), strict=True):
        with ward_book(tmp_path, code, name) as book:
            files.append(export_file(book, tmp_path / "files", when=when, final=code == "00004"))
    code, name = WARDS[2]
    with ward_book(tmp_path, code, name) as book:
        files.append(export(book, tmp_path / "files", parse("2026"), now=ON_TIME).path)
    with upper_book(tmp_path) as book:
        merge_files(book, files, backup=False)
        yield book


def test_delivered_late_and_missing(upper: Book) -> None:
    table = compute(upper, [PERIOD, H2], today=date(2026, 11, 23))
    assert [row.code for row in table.rows] == ["00004", "00008", "00025"]
    assert table.late_after_days == 7
    ba_dinh, ngoc_ha, giang_vo = (row.cells for row in table.rows)
    assert ba_dinh[0].status is Status.ON_TIME and ba_dinh[0].final
    assert ba_dinh[0].delivered_on == date(2026, 6, 18) and ba_dinh[0].latest_records == 4
    assert ba_dinh[0].latest_file.startswith("WardLog_00004_Phuong-Ba-Dinh_2026-H1_")
    assert ngoc_ha[0].status is Status.LATE and not ngoc_ha[0].final
    assert ngoc_ha[0].days_late == (date(2026, 7, 3) - date(2026, 6, 21)).days == 12
    assert giang_vo[0].status is Status.ON_TIME  # its year's file covers the first half …
    assert [c.status for c in (ba_dinh[1], ngoc_ha[1], giang_vo[1])] == [
        Status.PENDING
    ] * 3  # … not the second
    assert table.delivered(0) == 3 and table.count(0, Status.LATE) == 1


def test_a_period_past_its_due_day_is_missing(upper: Book) -> None:
    table = compute(upper, [H2], today=due_date(H2, 7) + timedelta(days=1))
    assert {row.cells[0].status for row in table.rows} == {Status.MISSING}
    year = compute(upper, [parse("2026")], today=date(2027, 1, 30))
    assert [row.cells[0].status for row in year.rows] == [Status.MISSING] * 3  # made before the year ended


def test_late_is_a_setting(upper: Book) -> None:
    upper.update_settings(late_after_days=30)
    table = compute(upper, [PERIOD], today=date(2026, 11, 23))
    assert table.rows[1].cells[0].status is Status.ON_TIME
    assert compute(upper, [PERIOD], late_after_days=0).rows[0].cells[0].status is Status.LATE


def test_the_whole_province_can_be_expected(upper: Book) -> None:
    assert len(expected_wards(upper)) == 3
    upper.update_settings(completeness_scope="province")
    wards = expected_wards(upper)
    assert len(wards) == 126 - 1  # Hà Nội's wards, without the upper level's own identity
    table = compute(upper, [PERIOD], today=date(2026, 11, 23))
    assert table.delivered(0) == 3 and table.count(0, Status.MISSING) == 122


def test_a_correction_is_counted(upper: Book, tmp_path: Path) -> None:
    code, _name = WARDS[0]
    with Book.open(tmp_path / f"phuong-{code}.wardlog") as book:
        again = export_file(book, tmp_path / "again", when=LATE, final=True)
    merge_files(upper, [again], backup=False)
    cell = compute(upper, [PERIOD], today=date(2026, 11, 23)).rows[0].cells[0]
    assert (cell.status, cell.files, cell.corrections) == (Status.ON_TIME, 2, 1)


def test_recent_periods() -> None:
    halves = recent_periods(PeriodKind.HALF, 3, today=date(2026, 11, 23))
    assert [p.code for p in halves] == ["2025-H2", "2026-H1", "2026-H2"]
    assert [p.code for p in recent_periods(PeriodKind.YEAR, 1, today=date(2026, 12, 20))] == ["2027"]
