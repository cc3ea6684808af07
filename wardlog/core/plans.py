"""The ward's annual communication plan (Kế hoạch thông tin, tuyên truyền CCHC) and its targets.

A target asks for an amount of something in the plan's year, or within a due period of it: a
number of activities (or of a unit, of attendances, of minutes on air) on one channel, on one
topic, or for a named task (“Tổ chức 01 cuộc thi tìm hiểu dịch vụ công trực tuyến”) that
activities are linked to. :meth:`Plans.progress` measures the log against the targets of any
period, in SQL, and says how many were met — the “hoàn thành 23/39 nhiệm vụ, đạt 58,97%” of a
report and the completion that PAR-index scoring awards points for.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from wardlog.core.activities import now_stamp
from wardlog.core.catalog import Kind
from wardlog.core.errors import Issue, ValidationError, WardLogError
from wardlog.core.i18n import N_, _
from wardlog.core.periods import Convention, Period, PeriodKind, named, parse
from wardlog.core.text import clean

if TYPE_CHECKING:
    from collections.abc import Iterable

    from wardlog.core.book import Book

MAX_TARGETS = 500
MAX_TITLE = 500
MAX_QUANTITY = 10_000_000


class TargetKind(StrEnum):
    CHANNEL = "channel"  # activities on one channel
    TOPIC = "topic"  # activities on one topic
    TASK = "task"  # a named task; activities are linked to it


class Measure(StrEnum):
    """What a target counts."""

    ACTIVITIES = "activities"
    QUANTITY = "quantity"  # in the target's unit (e.g. 20 tấm); any unit when none is set
    PARTICIPANTS = "participants"
    MINUTES = "minutes"

    @property
    def label(self) -> str:
        return _(_MEASURE_LABELS[self])


_MEASURE_LABELS = {
    Measure.ACTIVITIES: N_("activities"),
    Measure.QUANTITY: N_("quantity"),
    Measure.PARTICIPANTS: N_("attendances"),
    Measure.MINUTES: N_("minutes on air"),
}


@dataclass(frozen=True)
class Target:
    """One target of a plan. ``due`` is a period code within the plan's year (``2026-Q1``), or
    empty for the whole year."""

    kind: TargetKind
    quantity: float
    title: str = ""  # the task's wording; for channel and topic targets an optional note
    measure: Measure = Measure.ACTIVITIES
    channel: str = ""
    topic: str = ""
    unit: str = ""
    due: str = ""
    id: int = 0
    uid: str = ""


@dataclass(frozen=True)
class Plan:
    year: int
    number: str = ""  # “45/KH-UBND”
    issued_on: date | None = None
    title: str = ""
    targets: tuple[Target, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    label: str  # what the target is about, as a report lists it
    achieved: float
    window: Period  # the dates measured: the period ∩ the plan's year ∩ the due period

    @property
    def done(self) -> bool:
        return self.achieved >= self.target.quantity

    @property
    def ratio(self) -> float:
        """Achieved ÷ planned; a target of zero asks for nothing and is fully met."""
        return self.achieved / self.target.quantity if self.target.quantity else 1.0


@dataclass(frozen=True)
class PlanProgress:
    period: Period
    plans: tuple[Plan, ...]  # the plans whose year meets the period
    targets: tuple[TargetProgress, ...]  # those due within the period

    @property
    def done(self) -> int:
        return sum(1 for target in self.targets if target.done)

    @property
    def completion(self) -> float | None:
        """Targets met ÷ targets due in the period; None when the period has no targets."""
        return self.done / len(self.targets) if self.targets else None


class Plans:
    """The plans of a book, one a year (``book.plans``)."""

    def __init__(self, book: Book) -> None:
        self._book = book

    # --- reading -------------------------------------------------------------------------------

    def years(self) -> list[int]:
        return [row[0] for row in self._book.conn.execute("SELECT year FROM plans ORDER BY year")]

    def get(self, year: int) -> Plan | None:
        conn = self._book.conn
        row = conn.execute("SELECT number, issued_on, title FROM plans WHERE year = ?", (year,)).fetchone()
        if row is None:
            return None
        targets = tuple(
            Target(
                TargetKind(kind),
                quantity,
                title,
                Measure(measure),
                channel or "",
                topic or "",
                unit or "",
                due or "",
                target_id,
                uid,
            )
            for target_id, uid, kind, quantity, title, measure, channel, topic, unit, due in conn.execute(
                "SELECT id, uid, kind, quantity, title, measure, channel, topic, unit, due FROM plan_targets"
                " WHERE year = ? ORDER BY position, id",
                (year,),
            )
        )
        issued = date.fromisoformat(row[1]) if row[1] else None
        return Plan(year, row[0], issued, row[2], targets)

    def tasks(self, year: int | None = None) -> list[Target]:
        """Task targets (what an activity can be linked to), of one year or of every plan."""
        plans = [self.get(year)] if year is not None else [self.get(y) for y in self.years()]
        return [t for plan in plans if plan for t in plan.targets if t.kind is TargetKind.TASK]

    def tasks_of(self, activity_id: int) -> list[int]:
        """The ids of the task targets an activity is linked to."""
        return [
            row[0]
            for row in self._book.conn.execute(
                "SELECT target_id FROM activity_tasks WHERE activity_id = ? ORDER BY target_id",
                (activity_id,),
            )
        ]

    # --- writing -------------------------------------------------------------------------------

    def save(self, plan: Plan) -> Plan:
        """Validate and store ``plan`` (replacing that year's), in one transaction.

        Targets keep their identity by ``uid``: links from activities to a task survive edits of
        the plan; a removed task loses its links.
        """
        plan = self.validate(plan)
        with self._book.atomic() as conn:
            conn.execute(
                "INSERT INTO plans(year, number, issued_on, title, updated_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(year) DO UPDATE SET number = excluded.number, issued_on = excluded.issued_on,"
                " title = excluded.title, updated_at = excluded.updated_at",
                (
                    plan.year,
                    plan.number,
                    plan.issued_on.isoformat() if plan.issued_on else None,
                    plan.title,
                    now_stamp(),
                ),
            )
            kept = {t.uid for t in plan.targets if t.uid}
            existing = {
                uid: target_id
                for target_id, uid in conn.execute(
                    "SELECT id, uid FROM plan_targets WHERE year = ?", (plan.year,)
                )
            }
            for uid, target_id in existing.items():
                if uid not in kept:
                    conn.execute("DELETE FROM plan_targets WHERE id = ?", (target_id,))
            for position, target in enumerate(plan.targets):
                values = (
                    target.kind.value,
                    target.quantity,
                    target.title,
                    target.measure.value,
                    target.channel or None,
                    target.topic or None,
                    target.unit or None,
                    target.due or None,
                    position,
                )
                if target.uid in existing:
                    conn.execute(
                        "UPDATE plan_targets SET kind = ?, quantity = ?, title = ?, measure = ?, channel = ?,"
                        " topic = ?, unit = ?, due = ?, position = ? WHERE uid = ?",
                        (*values, target.uid),
                    )
                else:
                    conn.execute(
                        "INSERT INTO plan_targets(kind, quantity, title, measure, channel, topic, unit, due,"
                        " position, uid, year) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*values, target.uid or str(uuid.uuid4()), plan.year),
                    )
        saved = self.get(plan.year)
        assert saved is not None
        return saved

    def delete(self, year: int) -> None:
        with self._book.atomic() as conn:
            conn.execute("DELETE FROM plans WHERE year = ?", (year,))

    def link(self, activity_id: int, target_ids: Iterable[int]) -> None:
        """Say which tasks ``activity_id`` fulfils (replacing its links), in one transaction."""
        target_ids = sorted(set(target_ids))
        conn = self._book.conn
        marks = ", ".join("?" * len(target_ids))
        known = {
            row[0]
            for row in conn.execute(
                f"SELECT id FROM plan_targets WHERE kind = 'task' AND id IN ({marks})", target_ids
            )
        }
        if set(target_ids) - known:
            raise WardLogError(_("An activity can only be linked to a task of a plan."))
        with self._book.atomic() as conn:
            conn.execute("DELETE FROM activity_tasks WHERE activity_id = ?", (activity_id,))
            conn.executemany(
                "INSERT INTO activity_tasks(activity_id, target_id) VALUES (?, ?)",
                [(activity_id, target_id) for target_id in target_ids],
            )

    # --- validation ----------------------------------------------------------------------------

    def validate(self, plan: Plan) -> Plan:
        """``plan`` cleaned (NFC, trimmed), or ValidationError naming every bad target by its row."""
        catalog = self._book.catalog
        issues: list[Issue] = []
        if not 2000 <= plan.year <= 2100:
            issues.append(Issue("year", _("The plan's year must be between 2000 and 2100.")))
        if len(plan.targets) > MAX_TARGETS:
            issues.append(Issue("targets", _("A plan holds at most {n} targets.").format(n=MAX_TARGETS)))
        year_period = named(PeriodKind.YEAR, plan.year, 0, Convention(self._book.settings.convention))
        targets = []
        for row, target in enumerate(plan.targets, start=1):
            target = replace(target, title=clean(target.title), due=clean(target.due))

            def refuse(message: str, row: int = row) -> None:
                issues.append(Issue("targets", _("Target {row}: {message}").format(row=row, message=message)))

            if target.kind is TargetKind.TASK and not target.title:
                refuse(_("a task needs its wording."))
            if len(target.title) > MAX_TITLE:
                refuse(_("the wording is longer than {n} characters.").format(n=MAX_TITLE))
            if target.kind is TargetKind.CHANNEL and catalog.get(Kind.CHANNEL, target.channel) is None:
                refuse(_("choose a channel."))
            if target.kind is TargetKind.TOPIC and catalog.get(Kind.TOPIC, target.topic) is None:
                refuse(_("choose a topic."))
            if target.unit and catalog.get(Kind.UNIT, target.unit) is None:
                refuse(_("there is no unit “{unit}”.").format(unit=target.unit))
            if not 0 <= target.quantity <= MAX_QUANTITY or target.quantity != target.quantity:
                refuse(_("the planned amount must be between 0 and {n}.").format(n=MAX_QUANTITY))
            if target.due:
                try:
                    due = parse(target.due, year_period.convention)
                except WardLogError as error:
                    refuse(error.message)
                else:
                    if due.start < year_period.start or due.end > year_period.end:
                        refuse(
                            _("the due period {due} is not within the plan's year.").format(due=target.due)
                        )
                    target = replace(target, due=due.code)
            target = replace(
                target,
                channel=target.channel if target.kind is TargetKind.CHANNEL else "",
                topic=target.topic if target.kind is TargetKind.TOPIC else "",
                unit=target.unit if target.measure is Measure.QUANTITY else "",
            )
            targets.append(target)
        if issues:
            raise ValidationError(issues)
        return replace(plan, number=clean(plan.number), title=clean(plan.title), targets=tuple(targets))

    # --- measuring -----------------------------------------------------------------------------

    def progress(self, period: Period, *, ward_code: str | None = None) -> PlanProgress:
        """Each target due within ``period`` with what the log achieved for it (the book's own
        activities, or one merged ward's with ``ward_code``)."""
        convention = period.convention
        plans = []
        results = []
        for year in range(period.start.year, period.end.year + 2):
            plan = self.get(year)
            if plan is None:
                continue
            span = named(PeriodKind.YEAR, year, 0, convention)
            if span.end < period.start or span.start > period.end:
                continue
            plans.append(plan)
            for target in plan.targets:
                due = parse(target.due, convention) if target.due else span
                start = max(period.start, span.start, due.start)
                end = min(period.end, span.end, due.end)
                if start > end:
                    continue  # due in another part of the year
                window = Period(start, end, PeriodKind.RANGE, convention=convention)
                results.append(
                    TargetProgress(
                        target, self.describe(target), self._achieved(target, window, ward_code), window
                    )
                )
        return PlanProgress(period, tuple(plans), tuple(results))

    def describe(self, target: Target) -> str:
        """What a target is about: the task's wording, or the channel's or topic's label."""
        catalog = self._book.catalog
        if target.kind is TargetKind.CHANNEL:
            return catalog.label(Kind.CHANNEL, target.channel)
        if target.kind is TargetKind.TOPIC:
            return catalog.label(Kind.TOPIC, target.topic)
        return target.title

    def _achieved(self, target: Target, window: Period, ward_code: str | None) -> float:
        measure = {
            Measure.ACTIVITIES: "count(*)",
            Measure.QUANTITY: "coalesce(sum(a.quantity), 0)",
            Measure.PARTICIPANTS: "coalesce(sum(a.participants), 0)",
            Measure.MINUTES: "coalesce(sum(a.minutes), 0)",
        }[target.measure]
        where = ["a.deleted_at IS NULL", "a.date BETWEEN ? AND ?"]
        params: list[object] = [window.start.isoformat(), window.end.isoformat()]
        where.append("a.ward_code IS ?")
        params.append(ward_code)
        if target.kind is TargetKind.CHANNEL:
            where.append("a.channel = ?")
            params.append(target.channel)
        elif target.kind is TargetKind.TOPIC:
            where.append(
                "EXISTS (SELECT 1 FROM activity_topics t WHERE t.activity_id = a.id AND t.topic = ?)"
            )
            params.append(target.topic)
        else:
            where.append(
                "EXISTS (SELECT 1 FROM activity_tasks k WHERE k.activity_id = a.id AND k.target_id = ?)"
            )
            params.append(target.id)
        if target.measure is Measure.QUANTITY and target.unit:
            where.append("a.unit = ?")
            params.append(target.unit)
        row = self._book.conn.execute(
            f"SELECT {measure} FROM activities a WHERE {' AND '.join(where)}", params
        ).fetchone()
        return float(row[0] or 0)
