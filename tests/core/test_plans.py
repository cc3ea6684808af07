"""The annual plan, plan versus done, and the PAR-index self-assessment on known data."""

from __future__ import annotations

from datetime import date

import pytest

from wardlog.core.book import Book
from wardlog.core.errors import ValidationError, WardLogError
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import parse
from wardlog.core.plans import Measure, Plan, Target, TargetKind
from wardlog.core.scoring import DEFAULT, Criterion, CriterionKind, Family, ScoringTable

H1 = parse("2026-H1")  # 15/12/2025 – 14/06/2026
YEAR = parse("2026")  # 15/12/2025 – 14/12/2026


def add(book: Book, day: date, channel: str, **values: object) -> int:
    draft = ActivityDraft(
        date=day, channel=channel, topics=values.pop("topics", ("tthc",)), title="Hoạt động"
    )
    return book.activities.add(ActivityDraft(**{**draft.__dict__, **values})).id  # type: ignore[arg-type]


def plan_2026() -> Plan:
    return Plan(
        2026,
        number="12/KH-UBND",
        issued_on=date(2026, 1, 10),
        title="Kế hoạch thông tin, tuyên truyền CCHC năm 2026",
        targets=(
            Target(TargetKind.CHANNEL, 4, channel="loa", due="2026-H1"),  # exceeded: 5 done
            Target(TargetKind.TOPIC, 2, topic="chinh_quyen_so"),  # the whole year: 1 so far
            Target(TargetKind.TASK, 1, "Tổ chức 01 cuộc thi tìm hiểu dịch vụ công trực tuyến"),
            Target(TargetKind.CHANNEL, 30, channel="pano", measure=Measure.QUANTITY, unit="tam"),
            Target(TargetKind.CHANNEL, 0, channel="man_hinh_led"),  # a target of zero: met
            Target(TargetKind.CHANNEL, 2, channel="mit_tinh", due="2026-H2"),  # not due in H1
        ),
    )


@pytest.fixture
def planned(book: Book) -> Book:
    for day in range(1, 6):
        add(book, date(2026, 3, day), "loa", minutes=30)
    add(book, date(2026, 4, 2), "hoi_nghi", topics=("chinh_quyen_so",), participants=50)
    add(book, date(2026, 5, 2), "pano", quantity=20)  # 20 of 30 tấm
    add(book, date(2026, 7, 2), "mit_tinh")  # second half
    book.plans.save(plan_2026())
    return book


def test_a_plan_is_kept_with_its_targets(planned: Book) -> None:
    plan = planned.plans.get(2026)
    assert plan is not None
    assert (plan.number, plan.issued_on, len(plan.targets)) == ("12/KH-UBND", date(2026, 1, 10), 6)
    assert [t.kind for t in plan.targets][:3] == [TargetKind.CHANNEL, TargetKind.TOPIC, TargetKind.TASK]
    assert all(t.uid and t.id for t in plan.targets)
    assert planned.plans.years() == [2026]


def test_plan_versus_done_in_the_first_half(planned: Book) -> None:
    progress = planned.plans.progress(H1)
    by_label = {t.label: t for t in progress.targets}
    assert len(progress.targets) == 5  # the H2 target is not due yet
    loa = by_label["Hệ thống loa truyền thanh"]
    assert (loa.achieved, loa.done, loa.ratio) == (5, True, 1.25)  # exceeded
    topic = by_label["Chính quyền điện tử, chính quyền số, dịch vụ công trực tuyến"]
    assert (topic.achieved, topic.done) == (1, False)
    pano = by_label["Panô, áp phích"]
    assert (pano.achieved, pano.ratio) == (20, 2 / 3)
    zero = by_label["Màn hình LED"]
    assert (zero.achieved, zero.done, zero.ratio) == (0, True, 1.0)
    task = by_label["Tổ chức 01 cuộc thi tìm hiểu dịch vụ công trực tuyến"]
    assert task.achieved == 0
    assert (progress.done, progress.completion) == (2, 0.4)


def test_an_activity_linked_to_a_task_fulfils_it(planned: Book) -> None:
    contest = add(planned, date(2026, 5, 20), "cuoc_thi", participants=300)
    task = planned.plans.tasks(2026)[0]
    planned.plans.link(contest, [task.id])
    assert planned.plans.tasks_of(contest) == [task.id]
    progress = planned.plans.progress(YEAR)
    assert {t.label: t.done for t in progress.targets}[task.title] is True
    assert (progress.done, len(progress.targets)) == (
        3,
        6,
    )  # topic 1 of 2, 20 of 30 tấm, 1 of 2 mít tinh: short
    with pytest.raises(WardLogError):
        planned.plans.link(contest, [planned.plans.get(2026).targets[0].id])  # a channel target, not a task


def test_editing_the_plan_keeps_links_to_unchanged_tasks(planned: Book) -> None:
    contest = add(planned, date(2026, 5, 20), "cuoc_thi")
    plan = planned.plans.get(2026)
    task = plan.targets[2]
    planned.plans.link(contest, [task.id])
    edited = Plan(plan.year, plan.number, plan.issued_on, plan.title, (plan.targets[2], plan.targets[0]))
    saved = planned.plans.save(edited)
    assert [t.uid for t in saved.targets] == [task.uid, plan.targets[0].uid]
    assert planned.plans.tasks_of(contest) == [task.id]
    planned.plans.save(Plan(2026, targets=(plan.targets[0],)))
    assert planned.plans.tasks_of(contest) == []  # the task is gone, and so is the link


def test_bad_targets_are_refused_by_row(book: Book) -> None:
    bad = Plan(
        2026,
        targets=(
            Target(TargetKind.TASK, 1, "  "),
            Target(TargetKind.CHANNEL, -1, channel="loa"),
            Target(TargetKind.TOPIC, 1, topic="khong_co"),
            Target(TargetKind.CHANNEL, 1, channel="loa", due="2027-Q1"),
        ),
    )
    with pytest.raises(ValidationError) as refused:
        book.plans.save(bad)
    message = str(refused.value)
    for row in (1, 2, 3, 4):
        assert f"Chỉ tiêu {row}:" in message
    assert book.plans.get(2026) is None


def test_the_default_self_assessment(planned: Book) -> None:
    assessment = planned.scoring.evaluate(H1)
    completion, variety = assessment.results
    assert (completion.measured, completion.score) == (0.4, 0.0)  # below 90 %
    # nothing has evidence yet: no family counts, and every activity of those channels is listed
    assert (variety.measured, variety.score, variety.missing_count) == (0.0, 0.0, 7)
    poster = planned.conn.execute("SELECT id FROM activities WHERE channel = 'pano'").fetchone()[0]
    broadcast = planned.conn.execute("SELECT id FROM activities WHERE channel = 'loa' LIMIT 1").fetchone()[0]
    for activity in (poster, broadcast):
        planned.attachments.add_data(activity, "anh.jpg", "image/jpeg", b"\xff\xd8\xff photo")
    variety = planned.scoring.evaluate(H1).results[1]
    assert variety.families_used == ("Hình thức truyền thống (loa, hội nghị, panô, tờ rơi…)",)
    assert (variety.measured, variety.score, variety.missing_count) == (1.0, 0.25, 5)
    assert assessment.table.points == 2.0


def test_a_changed_scoring_table_changes_the_score(planned: Book) -> None:
    lenient = ScoringTable(
        "Bộ chỉ số tỉnh X năm 2026",
        (
            Criterion(
                "completion", "Hoàn thành kế hoạch", CriterionKind.COMPLETION, 2.0, ((0.4, 2.0), (0.2, 1.0))
            ),
            Criterion(
                "variety",
                "Đa dạng hình thức",
                CriterionKind.VARIETY,
                1.0,
                ((1, 1.0),),
                evidence=False,
                families=(Family("Truyền thống", ("loa", "pano")),),
            ),
        ),
    )
    planned.scoring.save(lenient)
    assessment = planned.scoring.evaluate(H1)
    assert [r.score for r in assessment.results] == [2.0, 1.0]
    assert assessment.score == 3.0
    assert planned.scoring.table == lenient
    planned.scoring.reset()
    assert planned.scoring.table == DEFAULT


def test_a_scoring_table_from_a_file_is_checked(book: Book) -> None:
    with pytest.raises(ValidationError):
        ScoringTable.from_json('{"name": "x", "criteria": [{"code": "a"}]}')
    with pytest.raises(ValidationError):
        ScoringTable.from_json("not json")
    assert ScoringTable.from_json(DEFAULT.to_json()) == DEFAULT


def test_no_plan_scores_no_completion(book: Book) -> None:
    add(book, date(2026, 3, 1), "loa")
    progress = book.plans.progress(H1)
    assert progress.completion is None and progress.targets == ()
    assert book.scoring.evaluate(H1).results[0].score == 0.0
