"""Exporting the ward's exchange file: one self-describing SQLite file with a checksum."""

from __future__ import annotations

import sqlite3
import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.core.exchange_kit import FIRST_EXPORT, PERIOD, WARDS, draft, export_file, ward_book
from wardlog.core.book import Book
from wardlog.core.errors import WardLogError
from wardlog.core.exchange import export, suggested_name
from wardlog.core.exchange_format import (
    APPLICATION_ID,
    FORMAT_VERSION,
    _encode,
    _value_sql,
    content_checksum,
    expected_schema,
    reference_checksum,
)
from wardlog.core.inspection import check_file
from wardlog.core.locks import exports
from wardlog.core.periods import parse
from wardlog.core.schema import APPLICATION_ID as BOOK_APPLICATION_ID

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


@pytest.fixture
def ward(tmp_path: Path) -> Book:
    code, name = WARDS[0]
    with ward_book(tmp_path, code, name) as book:
        yield book


def read(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_file_is_a_single_sqlite_file_that_says_what_it_is(ward: Book, tmp_path: Path) -> None:
    path = export_file(ward, tmp_path / "out", final=True)
    assert path.name == "WardLog_00004_Phuong-Ba-Dinh_2026-H1_20260620.wlx"
    assert list(path.parent.iterdir()) == [path]  # no -journal, -wal or .partial left beside it
    header = path.read_bytes()[:100]
    assert header[18] == header[19] == 1  # rollback journal: everything is in this one file
    assert struct.unpack(">I", header[68:72])[0] == APPLICATION_ID != BOOK_APPLICATION_ID
    assert struct.unpack(">I", header[60:64])[0] == FORMAT_VERSION
    assert set(read(path, "SELECT type, name, tbl_name, sql FROM sqlite_master")) == expected_schema()
    [manifest] = read(
        path,
        "SELECT ward_code, ward_name, province, period, convention, period_start, period_end, created_at,"
        " record_count, deleted_count, attachments_included, final, correction FROM manifest",
    )
    assert manifest == (
        "00004", "Phường Ba Đình", "Thành phố Hà Nội", "2026-H1", "cutoff", "2025-12-15", "2026-06-14",
        "2026-06-20T08:00:00.000Z", 4, 0, 1, 1, 0,
    )  # fmt: skip
    assert check_file(path).record_count == 4


def test_only_the_wards_own_activities_of_the_period_travel(ward: Book, tmp_path: Path) -> None:
    ward.activities.add(draft(PERIOD.start - timedelta(days=1), "Trước kỳ"))
    ward.conn.execute("INSERT INTO wards(code, name) VALUES ('00008', 'Phường Ngọc Hà')")
    ward.activities.add(draft(PERIOD.start + timedelta(days=3), "Của phường khác"), ward_code="00008")
    path = export_file(ward, tmp_path / "out")
    titles = [row[0] for row in read(path, "SELECT title FROM activities ORDER BY date")]
    assert titles == [f"Phát thanh CCHC số {i} của Phường Ba Đình" for i in range(1, 5)]
    uids = {a.uid: a.revision for a in ward.activities.query() if a.ward_code is None}
    for uid, revision in read(path, "SELECT uid, revision FROM activities"):
        assert uids[uid] == revision  # identity and revision kept


def test_deleted_activities_travel_as_tombstones(ward: Book, tmp_path: Path) -> None:
    gone = ward.activities.query()[0]
    ward.activities.delete(gone.id)
    path = export_file(ward, tmp_path / "out")
    assert read(path, "SELECT record_count, deleted_count FROM manifest") == [(3, 1)]
    assert read(path, "SELECT uid, revision FROM activities WHERE deleted_at IS NOT NULL") == [
        (gone.uid, gone.revision + 1)
    ]


def test_the_catalog_travels_with_codes_and_labels(ward: Book, tmp_path: Path) -> None:
    from wardlog.core.catalog import Kind

    ward.catalog.add(Kind.TOPIC, "Chuyển đổi số cộng đồng", code="cds_cong_dong")
    ward.catalog.rename(Kind.CHANNEL, "loa", "Loa phát thanh phường")
    path = export_file(ward, tmp_path / "out")
    topics = dict(read(path, "SELECT code, label FROM topics"))
    assert topics["cds_cong_dong"] == "Chuyển đổi số cộng đồng"
    assert dict(read(path, "SELECT code, label FROM channels"))["loa"] == "Loa phát thanh phường"
    assert read(path, "SELECT catalog_version FROM manifest") == [(ward.settings.catalog_version,)]


def test_attachments_travel_unless_left_out(ward: Book, tmp_path: Path) -> None:
    first = ward.activities.query()[0]
    ward.attachments.add_data(first.id, "anh-hop-dan.png", "image/png", PNG)
    with_files = export_file(ward, tmp_path / "a")
    assert read(with_files, "SELECT attachments_included, attachment_count FROM manifest") == [(1, 1)]
    assert read(with_files, "SELECT activity_uid, name, data FROM attachments") == [
        (first.uid, "anh-hop-dan.png", PNG)
    ]
    without = export_file(ward, tmp_path / "b", attachments=False)
    assert read(without, "SELECT attachments_included, attachment_count FROM manifest") == [(0, 0)]
    assert read(without, "SELECT count(*) FROM attachments") == [(0,)]


def test_the_checksum_is_the_canonical_one(ward: Book, tmp_path: Path) -> None:
    ward.activities.add(draft(PERIOD.start + timedelta(days=2), "Số lượng lẻ", quantity=2.5))
    path = export_file(ward, tmp_path / "out")
    conn = sqlite3.connect(path)
    try:
        stored = conn.execute("SELECT checksum FROM manifest").fetchone()[0]
        assert stored == content_checksum(conn) == reference_checksum(conn)
        conn.execute("UPDATE activities SET quantity = 2.5000000001 WHERE quantity = 2.5")
        assert content_checksum(conn) != stored  # a change anywhere in the content shows
        assert content_checksum(conn) == reference_checksum(conn)
    finally:
        conn.close()


def test_a_final_export_is_recorded_and_a_re_export_is_a_correction(ward: Book, tmp_path: Path) -> None:
    export_file(ward, tmp_path / "a", final=False)
    assert read(export_file(ward, tmp_path / "b", final=True), "SELECT correction FROM manifest") == [(0,)]
    later = FIRST_EXPORT + timedelta(days=5)
    again = export_file(ward, tmp_path / "c", when=later)
    assert again.name == "WardLog_00004_Phuong-Ba-Dinh_2026-H1_dinh-chinh_20260625.wlx"
    assert read(again, "SELECT final, correction FROM manifest") == [(0, 1)]
    history = exports(ward)
    assert [(e.final, e.correction) for e in history] == [(False, True), (True, False), (False, False)]
    assert history[0].file_name == again.name and history[0].records == 4


def test_another_period_is_not_a_correction(ward: Book, tmp_path: Path) -> None:
    export_file(ward, tmp_path / "a", final=True)
    year = export(ward, tmp_path / "b", parse("2026"), now=FIRST_EXPORT)
    assert year.manifest.correction == 0 and year.manifest.record_count == 5


def test_without_a_period_the_whole_book_goes(ward: Book, tmp_path: Path) -> None:
    result = export(ward, tmp_path, None, now=datetime(2026, 11, 2, tzinfo=UTC))
    m = result.manifest
    assert (m.period_start, m.record_count) == ("2025-12-16", 5)
    assert m.period_end >= "2026-11-02" and m.period == f"{m.period_start}..{m.period_end}"
    assert check_file(result.path).record_count == 5


def test_an_explicit_file_name_is_used_and_replaced_whole(ward: Book, tmp_path: Path) -> None:
    target = tmp_path / "gui-len-phuong.wlx"
    target.write_text("cũ")
    export(ward, target, PERIOD)
    assert check_file(target).ward_code == "00004"


def test_a_book_without_identity_cannot_export(book: Book, tmp_path: Path) -> None:
    with pytest.raises(WardLogError, match=r"định danh|Cài đặt"):
        export(book, tmp_path, PERIOD)
    assert list(tmp_path.glob("*.wlx")) == []


def test_suggested_names_fold_diacritics() -> None:
    day = datetime(2026, 11, 23).date()
    assert (
        suggested_name("26734", "Xã Đắk Mil", parse("2026-H2"), day, correction=False)
        == "WardLog_26734_Xa-Dak-Mil_2026-H2_20261123.wlx"
    )
    assert (
        suggested_name("00004", "Phường Ba Đình", parse("2026-01-01..2026-03-31"), day, correction=True)
        == "WardLog_00004_Phuong-Ba-Dinh_2026-01-01_2026-03-31_dinh-chinh_20261123.wlx"
    )


@pytest.mark.parametrize(
    "quantity",
    [1.0, 12.0, 999999999999999.0, 1e15, 1e16, 0.0, -0.0, 0.1, 2.5, 3.0000000000000004, 1e300, 7],
)
def test_every_quantity_is_written_as_python_writes_it(quantity: float) -> None:
    """SQLite writes the whole numbers itself, Python the rest: both must give ``repr``'s text."""
    conn = sqlite3.connect(":memory:")
    conn.create_function("wardlog_real", 1, lambda value: repr(float(value)))
    try:
        written = conn.execute(f"SELECT {_value_sql('v')} FROM (SELECT ? AS v)", [quantity]).fetchone()[0]
    finally:
        conn.close()
    assert written.encode() == _encode((quantity,))
