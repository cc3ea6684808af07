"""The ward's plan versus done and its self-assessment travel in the exchange file (format 2); the
upper level checks them as untrusted input and keeps the newest per ward and period."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.core.exchange_kit import (
    FIRST_EXPORT,
    PERIOD,
    WARDS,
    draft,
    dump,
    export_file,
    tamper,
    upper_book,
    ward_book,
)
from wardlog.core import merging, ward_plans
from wardlog.core.book import Book
from wardlog.core.catalog import Kind
from wardlog.core.exchange_format import content_checksum, reference_checksum
from wardlog.core.inspection import RefusedFile, check_file
from wardlog.core.merging import merge_file
from wardlog.core.plans import Measure, Plan, Target, TargetKind
from wardlog.core.scoring import DEFAULT

FORMAT_1 = Path(__file__).parent / "data" / "format-1_WardLog_00025_Phuong-Giang-Vo_2026-H1_20260618.wlx"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
TASK = "Tổ chức 01 hội nghị đối thoại về thủ tục hành chính"


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """Messages in English here, so the tests can say which refusal they expect."""


def with_plan(book: Book, participants: float = 150) -> Book:
    """Plan 2026 of a ward book from :func:`ward_book` (4 broadcasts on tthc, 100 attendances in
    2026-H1): in H1, 3 of its 4 targets due are met; the first broadcast carries evidence."""
    book.plans.save(
        Plan(
            2026,
            number="12/KH-UBND",
            issued_on=date(2026, 1, 10),
            title="Kế hoạch thông tin, tuyên truyền CCHC năm 2026",
            targets=(
                Target(TargetKind.CHANNEL, 4, channel="loa"),  # 4 done: met
                Target(TargetKind.TOPIC, participants, topic="tthc", measure=Measure.PARTICIPANTS),  # 100
                Target(TargetKind.TASK, 1, TASK, due="2026-Q1"),  # linked below: met
                Target(TargetKind.CHANNEL, 0, channel="pano"),  # a target of zero: met
                Target(TargetKind.CHANNEL, 2, channel="mit_tinh", due="2026-H2"),  # not due in H1
            ),
        )
    )
    first = min(book.activities.query(), key=lambda a: a.date)
    [task] = book.plans.tasks(2026)
    book.plans.link(first.id, [task.id])
    book.attachments.add_data(first.id, "bien-ban.png", "image/png", PNG)
    return book


def read(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def ward(tmp_path: Path) -> Iterator[Book]:
    code, name = WARDS[0]
    with ward_book(tmp_path, code, name) as book:
        yield with_plan(book)


@pytest.fixture
def upper(tmp_path: Path) -> Iterator[Book]:
    with upper_book(tmp_path) as book:
        yield book


def test_the_plan_and_the_score_travel(ward: Book, tmp_path: Path) -> None:
    path = export_file(ward, tmp_path / "out")
    assert read(path, "SELECT year, number, issued_on, title FROM plans") == [
        (2026, "12/KH-UBND", "2026-01-10", "Kế hoạch thông tin, tuyên truyền CCHC năm 2026")
    ]
    plan = ward.plans.get(2026)
    assert plan is not None
    uids = [target.uid for target in plan.targets]
    tthc = ward.catalog.label(Kind.TOPIC, "tthc")
    assert read(
        path,
        "SELECT uid, year, position, kind, subject, label, measure, unit, due, planned, achieved, done"
        " FROM plan_targets ORDER BY position",
    ) == [
        (uids[0], 2026, 0, "channel", "loa", "Hệ thống loa truyền thanh", "activities", "", "", 4.0, 4.0, 1),
        (uids[1], 2026, 1, "topic", "tthc", tthc, "participants", "", "", 150.0, 100.0, 0),
        (uids[2], 2026, 2, "task", "", TASK, "activities", "", "2026-Q1", 1.0, 1.0, 1),
        (uids[3], 2026, 3, "channel", "pano", "Panô, áp phích", "activities", "", "", 0.0, 0.0, 1),
    ]  # the target due in the second half stays at home
    assert read(path, "SELECT * FROM plan_summary") == [(4, 3, 0.75, DEFAULT.name, 2.0, 0.25)]
    # completion 75 % < 90 %: 0 points; one family of channels with evidence: 0.25; three
    # broadcasts still lack evidence
    criteria = "SELECT code, position, kind, evidence, points, measured, score, missing_evidence"
    assert read(path, criteria + " FROM assessment_criteria ORDER BY position") == [
        ("completion", 0, "completion", 0, 1.0, 0.75, 0.0, 0),
        ("variety", 1, "variety", 1, 1.0, 1.0, 0.25, 3),
    ]
    conn = sqlite3.connect(path)
    try:
        stored = conn.execute("SELECT checksum FROM manifest").fetchone()[0]
        assert stored == content_checksum(conn) == reference_checksum(conn)
        conn.execute("UPDATE plan_targets SET achieved = 4.000001 WHERE achieved = 4")
        assert content_checksum(conn) != stored  # the plan's figures are covered by the checksum
    finally:
        conn.close()
    assert check_file(path).format_version == 2


def test_a_ward_without_a_plan_sends_its_score_alone(tmp_path: Path) -> None:
    code, name = WARDS[1]
    with ward_book(tmp_path, code, name) as book:
        path = export_file(book, tmp_path / "out")
    assert (
        read(path, "SELECT count(*) FROM plans") == read(path, "SELECT count(*) FROM plan_targets") == [(0,)]
    )
    assert read(path, "SELECT * FROM plan_summary") == [(0, 0, None, DEFAULT.name, 2.0, 0.0)]
    assert read(path, "SELECT code, measured, score FROM assessment_criteria ORDER BY position") == [
        ("completion", None, 0.0),
        ("variety", 0.0, 0.0),  # no evidence attached: no family counts
    ]
    check_file(path)


def test_the_upper_level_keeps_the_newest_summary_per_ward_and_period(
    ward: Book, upper: Book, tmp_path: Path
) -> None:
    first = export_file(ward, tmp_path / "a")
    assert merge_file(upper, first).added == 4
    [result] = ward_plans.results(upper, PERIOD).values()
    assert (result.ward_code, result.period, result.convention) == ("00004", "2026-H1", "cutoff")
    assert [(p.year, p.number, p.issued_on) for p in result.plans] == [(2026, "12/KH-UBND", "2026-01-10")]
    assert (result.targets_due, result.targets_done, result.completion) == (4, 3, 0.75)
    assert (result.scoring_table, result.points, result.score) == (DEFAULT.name, 2.0, 0.25)
    assert [(t.label, t.planned, t.achieved, t.done) for t in result.targets][1:3] == [
        (ward.catalog.label(Kind.TOPIC, "tthc"), 150.0, 100.0, False),
        (TASK, 1.0, 1.0, True),
    ]
    assert [(c.code, c.score, c.missing_evidence) for c in result.criteria] == [
        ("completion", 0.0, 0),
        ("variety", 0.25, 3),
    ]
    assert ward_plans.results(upper, PERIOD.next()) == {}  # another period has none

    before = dump(upper)
    assert merge_file(upper, first).already_merged
    assert dump(upper) == before  # the same file twice: nothing changes

    ward.activities.add(draft(PERIOD.start + timedelta(days=40), "Đối thoại về một cửa", participants=60))
    newer = export_file(ward, tmp_path / "b", when=FIRST_EXPORT + timedelta(days=3))
    merge_file(upper, newer)
    [result] = ward_plans.results(upper, PERIOD).values()
    assert (result.targets_done, result.completion, result.score) == (4, 1.0, 1.25)  # 160 attendances
    assert result.file_created_at == "2026-06-23T08:00:00.000Z"

    # an older file arriving after a newer one leaves the newer figures
    with upper_book(tmp_path, "khac.wardlog") as other:
        merge_file(other, newer)
        merge_file(other, first)
        assert ward_plans.results(other, PERIOD)["00004"].score == 1.25


def test_the_summary_is_kept_in_the_merges_transaction(
    ward: Book, upper: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = export_file(ward, tmp_path / "a")
    real = ward_plans.record

    def record_then_fail(*args: object) -> bool:
        assert real(*args)  # type: ignore[arg-type]
        raise sqlite3.IntegrityError("a rule of the book")

    monkeypatch.setattr(merging.ward_plans, "record", record_then_fail)
    before = dump(upper)
    with pytest.raises(RefusedFile, match="a rule of the book"):
        merge_file(upper, path)
    assert dump(upper) == before  # neither the activities nor the summary


def test_a_format_1_file_still_merges(upper: Book) -> None:
    """A file written by WardLog before plans travelled (kept as it was made)."""
    manifest = check_file(FORMAT_1)
    assert (manifest.format_version, manifest.ward_code, manifest.record_count, manifest.deleted_count) == (
        1, "00025", 2, 1,
    )  # fmt: skip
    conn = sqlite3.connect(f"file:{FORMAT_1}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert content_checksum(conn) == reference_checksum(conn) == manifest.checksum
    finally:
        conn.close()
    result = merge_file(upper, FORMAT_1)
    assert (result.added, result.refused) == (2, None)
    assert upper.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 1
    assert ward_plans.results(upper, PERIOD) == {}  # it says nothing about a plan
    before = dump(upper)
    merge_file(upper, FORMAT_1)
    assert dump(upper) == before


# --- hostile plan data ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("genuine-plan")
    code, name = WARDS[0]
    with ward_book(folder, code, name) as book:
        path = export_file(with_plan(book), folder / "files", final=True)
    return path


@pytest.fixture
def candidate(genuine: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(genuine, tmp_path / genuine.name))


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("UPDATE plan_targets SET achieved = 1000 WHERE kind = 'channel'", "achieved amount"),
        ("UPDATE plan_targets SET achieved = 101 WHERE kind = 'topic'", "achieved amount"),
        ("UPDATE plan_targets SET achieved = -1 WHERE kind = 'task'", "achieved amount"),
        ("UPDATE plan_targets SET achieved = 9e999", "achieved amount"),
        ("UPDATE plan_targets SET done = 1 WHERE kind = 'topic'", "done when"),
        ("UPDATE plan_targets SET done = 2 WHERE kind = 'task'", "done when"),
        ("UPDATE plan_targets SET planned = 1e12", "planned amount"),
        ("UPDATE plan_targets SET planned = 'nhiều'", "planned amount"),
        ("UPDATE plan_targets SET label = ''", "wording"),
        ("UPDATE plan_targets SET uid = 'not-a-uuid' WHERE kind = 'task'", "target of a plan"),
        ("UPDATE plan_targets SET year = 2027", "target of a plan"),
        ("UPDATE plan_targets SET subject = 'unknown' WHERE kind = 'channel'", "channel or topic"),
        ("UPDATE plan_targets SET kind = 'wish' WHERE kind = 'task'", "channel or topic"),
        ("UPDATE plan_targets SET measure = 'hours'", "measure and unit"),
        ("UPDATE plan_targets SET unit = 'tam' WHERE kind = 'task'", "measure and unit"),
        ("UPDATE plan_targets SET due = '2026-H2' WHERE kind = 'task'", "not due within"),
        ("UPDATE plan_targets SET due = 'soon' WHERE kind = 'task'", "not due within"),
        ("UPDATE plan_targets SET due = '2025-Q1' WHERE kind = 'task'", "not due within"),
        ("UPDATE plans SET year = 2031; UPDATE plan_targets SET year = 2031", "plan of 2031"),
        ("UPDATE plans SET year = 1800; UPDATE plan_targets SET year = 1800", "plan year"),
        ("UPDATE plans SET issued_on = '2026-02-30'", "plan date"),
        ("UPDATE plans SET number = printf('%.*c', 300, 'x')", "plan number"),
        ("UPDATE plan_summary SET targets_done = targets_due", "targets due and done"),
        ("UPDATE plan_summary SET targets_due = 40", "targets due and done"),
        ("UPDATE plan_summary SET completion = 1.0", "completion"),
        ("UPDATE plan_summary SET completion = NULL", "completion"),
        ("UPDATE plan_summary SET score = points", "score"),
        ("UPDATE plan_summary SET score = 5, points = 2", "score"),
        ("UPDATE plan_summary SET scoring_table = ''", "scoring table"),
        # the summary adds up, but the criterion scores more than it has
        ("UPDATE assessment_criteria SET score = 1.5 WHERE code = 'variety';"
         " UPDATE plan_summary SET score = 1.5", "criterion's score"),
        ("UPDATE assessment_criteria SET points = 1e300, score = 1e300 WHERE code = 'variety';"
         " UPDATE plan_summary SET points = 1e300 + 1, score = 1e300", "score"),
        ("UPDATE assessment_criteria SET measured = 0.5 WHERE kind = 'completion'", "completion criterion"),
        ("UPDATE assessment_criteria SET missing_evidence = 99", "missing evidence"),
        ("UPDATE assessment_criteria SET kind = 'bribe' WHERE code = 'variety'", "criterion's kind"),
        ("DELETE FROM plan_summary", "summary is missing"),
        ("INSERT INTO plan_summary SELECT * FROM plan_summary", "more than one row"),
        ("INSERT INTO plans WITH RECURSIVE n(y) AS (SELECT 1800 UNION ALL SELECT y + 1 FROM n WHERE y < 2010)"
         " SELECT y, '', NULL, '' FROM n", "absurdly large"),
    ],
)  # fmt: skip
def test_plan_data_that_lies_is_refused(upper: Book, candidate: Path, statement: str, reason: str) -> None:
    """The checksum is rewritten to match, as a careful forger would: the plan's rules must catch it."""
    tamper(candidate, *statement.split("; "))
    before = dump(upper)
    with pytest.raises(RefusedFile, match=reason):
        merge_file(upper, candidate)
    assert dump(upper) == before


def test_plan_data_changed_without_the_checksum_is_refused(upper: Book, candidate: Path) -> None:
    tamper(candidate, "UPDATE plan_summary SET score = 2", fix_checksum=False)
    before = dump(upper)
    with pytest.raises(RefusedFile, match="checksum"):
        merge_file(upper, candidate)
    assert dump(upper) == before


def test_the_genuine_file_with_a_plan_is_accepted(upper: Book, candidate: Path) -> None:
    assert merge_file(upper, candidate).added == 4
    assert ward_plans.results(upper, PERIOD)["00004"].targets_done == 3
