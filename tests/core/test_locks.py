"""After a final export, changes to that period are recorded, and the next export is a correction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from tests.core.exchange_kit import FIRST_EXPORT, PERIOD, WARDS, draft, export_file, ward_book
from wardlog.core.book import Book
from wardlog.core.locks import exports, final_exports_covering, late_change_count, note_changes

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(30))
INSIDE = PERIOD.start + timedelta(days=30)
OUTSIDE = PERIOD.end + timedelta(days=30)


@pytest.fixture
def ward(tmp_path: Path) -> Iterator[Book]:
    code, name = WARDS[0]
    with ward_book(tmp_path, code, name) as book:
        yield book


def changes(book: Book) -> list[tuple[str, str, int]]:
    return book.conn.execute(
        "SELECT activity_uid, action, changes FROM late_changes ORDER BY first_changed_at, activity_uid"
    ).fetchall()


def test_nothing_is_recorded_before_a_final_export(ward: Book, tmp_path: Path) -> None:
    export_file(ward, tmp_path / "draft", final=False)
    ward.activities.add(draft(INSIDE, "Sau bản nháp"))
    assert final_exports_covering(ward, [INSIDE]) == []
    assert changes(ward) == []


def test_changes_after_a_final_export_are_recorded(ward: Book, tmp_path: Path) -> None:
    export_file(ward, tmp_path / "final", final=True)
    [export] = final_exports_covering(ward, [INSIDE, OUTSIDE])
    assert (export.period, export.final) == ("2026-H1", True)
    assert final_exports_covering(ward, [OUTSIDE]) == []

    added = ward.activities.add(draft(INSIDE, "Bổ sung sau khi gửi"))
    outside = ward.activities.add(draft(OUTSIDE, "Kỳ sau, không liên quan"))
    existing = ward.activities.query()[0]
    ward.activities.update(existing.id, replace(existing.draft, participants=99))
    ward.activities.update(existing.id, replace(existing.draft, participants=98))
    removed = ward.activities.query()[1]
    ward.activities.delete(removed.id)
    ward.attachments.add_data(ward.activities.query()[2].id, "anh.png", "image/png", PNG)
    recorded = {uid: (action, count) for uid, action, count in changes(ward)}
    assert recorded[added.uid] == ("add", 1)
    assert recorded[existing.uid] == ("edit", 2)
    assert recorded[removed.uid] == ("delete", 1)
    assert outside.uid not in recorded
    assert late_change_count(ward, export.id) == 4


def test_moving_an_activity_out_of_a_sent_period_is_recorded(ward: Book, tmp_path: Path) -> None:
    export_file(ward, tmp_path / "final", final=True)
    moved = ward.activities.query()[0]
    ward.activities.update(moved.id, replace(moved.draft, date=OUTSIDE))
    assert [(uid, action) for uid, action, _n in changes(ward)] == [(moved.uid, "edit")]


def test_series_and_imports_are_recorded(ward: Book, tmp_path: Path) -> None:
    from wardlog.core.series import add_series

    export_file(ward, tmp_path / "final", final=True)
    add_series(ward, draft(INSIDE, "Phát thanh hằng ngày"), [INSIDE, INSIDE + timedelta(days=1)])
    assert [action for _uid, action, _n in changes(ward)] == ["add", "add"]


def test_other_wards_activities_are_not_the_wards_own(ward: Book, tmp_path: Path) -> None:
    export_file(ward, tmp_path / "final", final=True)
    ward.conn.execute("INSERT INTO wards(code, name) VALUES ('00008', 'Phường Ngọc Hà')")
    other = ward.activities.add(draft(INSIDE, "Của phường khác"), ward_code="00008")
    note_changes(ward.conn, [other.id], "edit")
    assert changes(ward) == []


def test_a_re_export_is_a_correction(ward: Book, tmp_path: Path) -> None:
    export_file(ward, tmp_path / "final", final=True)
    ward.activities.add(draft(INSIDE, "Bổ sung"))
    again = export_file(ward, tmp_path / "again", when=FIRST_EXPORT + timedelta(days=3), final=True)
    assert "dinh-chinh" in again.name
    assert [(e.final, e.correction) for e in exports(ward)] == [(True, True), (True, False)]
    latest = final_exports_covering(ward, [INSIDE])[0]
    assert latest.correction and late_change_count(ward, latest.id) == 0
