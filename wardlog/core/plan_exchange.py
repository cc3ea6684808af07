"""The ward's plan and self-assessment in an exchange file (format 2): written at export, and the
rules the upper level checks them against before a merge.

At export, plan versus done and the self-assessment are measured on the same snapshot of the book
that the activities are copied from, so the figures are those of the records the file carries. The
upper level does not measure them again (the links of activities to tasks do not travel, and how a
target is measured is the ward's program's business), but it refuses figures that cannot be true:
a value of the wrong type or out of bounds, a target achieved beyond what all the file's activities
add up to, a target marked done (or not) against its own figures, a summary that does not count its
targets, a completion that is not done ÷ due, a score that is not the sum of its criteria or more than
its points, a plan of a year outside the period, a target due outside it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wardlog.core.errors import ValidationError
from wardlog.core.i18n import _
from wardlog.core.periods import MAX_YEAR, MIN_YEAR, Convention, PeriodKind, named, parse
from wardlog.core.plans import MAX_QUANTITY, MAX_TARGETS, Measure, TargetKind

if TYPE_CHECKING:
    from wardlog.core.book import Book
    from wardlog.core.exchange_format import Manifest
    from wardlog.core.periods import Period

MAX_NUMBER = 200  # a plan's number (“45/KH-UBND”)
MAX_PLAN_TITLE = 1000
MAX_LABEL = 500  # a target's wording or label, a criterion's label, the scoring table's name
MAX_CODE = 200  # a criterion's code
MAX_PLANS = 200  # plans in one file (a whole-book export spans a few years)
MAX_CRITERIA = 1000
MAX_CRITERION_POINTS = 100  # as scoring.validate allows
MAX_MEASURED = 1_000_000  # families of channels a variety criterion counts
TOLERANCE = 1e-6  # sums of reals added up in another order
_DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
_UUID_GLOB = "-".join("[0-9a-f]" * n for n in (8, 4, 4, 4, 12))
_NUMBER = "typeof({c}) NOT IN ('integer', 'real')"

# table → the column that names a bad row in a refusal (None: the table has one row)
KEYS: dict[str, str | None] = {
    "plans": "year",
    "plan_targets": "uid",
    "plan_summary": None,
    "assessment_criteria": "code",
}


@dataclass(frozen=True)
class PlanRows:
    """What the plan tables of an exchange file hold, row by row, in their columns' order."""

    plans: tuple[tuple[object, ...], ...]
    targets: tuple[tuple[object, ...], ...]
    summary: tuple[object, ...]
    criteria: tuple[tuple[object, ...], ...]


# --- export ----------------------------------------------------------------------------------------


def measure(book: Book, period: Period) -> PlanRows:
    """The plans meeting ``period``, their targets due within it with what the book's own activities
    achieved, and the self-assessment of ``period``, as rows of the exchange tables."""
    progress = book.plans.progress(period)
    assessment = book.scoring.evaluate(period)
    year_of = {target.uid: plan.year for plan in progress.plans for target in plan.targets}
    position_of = {target.uid: i for plan in progress.plans for i, target in enumerate(plan.targets)}
    plans = tuple(
        (
            plan.year,
            plan.number[:MAX_NUMBER],
            plan.issued_on.isoformat() if plan.issued_on else None,
            plan.title[:MAX_PLAN_TITLE],
        )
        for plan in progress.plans
    )
    targets = []
    for item in progress.targets:
        target = item.target
        subject = target.channel or target.topic
        targets.append(
            (
                target.uid,
                year_of[target.uid],
                position_of[target.uid],
                target.kind.value,
                subject,
                (item.label or subject)[:MAX_LABEL],
                target.measure.value,
                target.unit,
                target.due,
                float(target.quantity),
                float(item.achieved),
                int(item.done),
            )
        )
    criteria = tuple(
        (
            result.criterion.code[:MAX_CODE],
            position,
            (result.criterion.label or result.criterion.code)[:MAX_LABEL],
            result.criterion.kind.value,
            int(result.criterion.evidence),
            float(result.criterion.points),
            None if result.measured is None else float(result.measured),
            float(result.score),
            result.missing_count,
        )
        for position, result in enumerate(assessment.results)
    )
    summary = (
        len(progress.targets),
        progress.done,
        progress.completion,
        assessment.table.name[:MAX_LABEL],
        float(assessment.table.points),
        float(assessment.score),
    )
    return PlanRows(plans, tuple(targets), summary, criteria)


def write(out: sqlite3.Connection, rows: PlanRows) -> None:
    """Fill the plan tables of a new exchange file (in its open transaction)."""
    out.executemany("INSERT INTO plans(year, number, issued_on, title) VALUES (?, ?, ?, ?)", rows.plans)
    out.executemany(
        "INSERT INTO plan_targets(uid, year, position, kind, subject, label, measure, unit, due, planned,"
        " achieved, done) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows.targets,
    )
    out.execute(
        "INSERT INTO plan_summary(targets_due, targets_done, completion, scoring_table, points, score)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows.summary,
    )
    out.executemany(
        "INSERT INTO assessment_criteria(code, position, label, kind, evidence, points, measured, score,"
        " missing_evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows.criteria,
    )


# --- checks at the upper level ---------------------------------------------------------------------


def size_problem(conn: sqlite3.Connection) -> str | None:
    """Why the plan tables cannot be a ward's (absurd sizes, not one summary), or None."""
    plans, targets, summaries, criteria = conn.execute(
        "SELECT (SELECT count(*) FROM plans), (SELECT count(*) FROM plan_targets),"
        " (SELECT count(*) FROM plan_summary), (SELECT count(*) FROM assessment_criteria)"
    ).fetchone()
    if plans > MAX_PLANS or targets > MAX_TARGETS * max(1, plans) or criteria > MAX_CRITERIA:
        return _("its plan or its scoring table is absurdly large.")
    if summaries != 1:
        return _("its plan summary is missing or has more than one row.")
    return None


def rules() -> list[tuple[str, str, str]]:
    """(table, SQL condition that a bad row meets, what the rule is) for every value of the plan
    tables; the activities and the catalog have passed their own rules."""
    live = "(SELECT {e} FROM activities WHERE deleted_at IS NULL)"
    bound = (  # the most a target can have achieved: all the file's activities together
        "CASE measure WHEN 'activities' THEN " + live.format(e="count(*)")
        + " WHEN 'quantity' THEN " + live.format(e="coalesce(sum(quantity), 0)")
        + " WHEN 'participants' THEN " + live.format(e="coalesce(sum(participants), 0)")
        + " ELSE " + live.format(e="coalesce(sum(minutes), 0)") + " END"
    )  # fmt: skip
    kinds = ", ".join(f"'{kind.value}'" for kind in TargetKind)
    measures = ", ".join(f"'{m.value}'" for m in Measure)
    criteria_sum = "(SELECT coalesce(sum({c}), 0) FROM assessment_criteria)"
    return [
        ("plans", f"typeof(year) <> 'integer' OR year NOT BETWEEN {MIN_YEAR} AND {MAX_YEAR}", _("plan year")),
        ("plans", f"typeof(number) <> 'text' OR length(number) > {MAX_NUMBER}"
         f" OR typeof(title) <> 'text' OR length(title) > {MAX_PLAN_TITLE}", _("plan number or title")),
        ("plans", "issued_on IS NOT NULL AND (typeof(issued_on) <> 'text'"
         f" OR issued_on NOT GLOB '{_DATE_GLOB}' OR date(issued_on, '+0 days') IS NOT issued_on)",
         _("plan date")),
        ("plan_targets", f"typeof(uid) <> 'text' OR uid NOT GLOB '{_UUID_GLOB}'"
         " OR year NOT IN (SELECT year FROM plans)"
         f" OR typeof(position) <> 'integer' OR position NOT BETWEEN 0 AND {MAX_TARGETS}",
         _("target of a plan in the file")),
        ("plan_targets", f"kind NOT IN ({kinds}) OR typeof(subject) <> 'text'"
         " OR (kind = 'channel' AND subject NOT IN (SELECT code FROM channels))"
         " OR (kind = 'topic' AND subject NOT IN (SELECT code FROM topics))"
         " OR (kind = 'task' AND subject <> '')", _("target's channel or topic")),
        ("plan_targets", f"typeof(label) <> 'text' OR length(label) NOT BETWEEN 1 AND {MAX_LABEL}",
         _("target's wording")),
        ("plan_targets", f"measure NOT IN ({measures}) OR typeof(unit) <> 'text'"
         " OR (unit <> '' AND (measure <> 'quantity' OR unit NOT IN (SELECT code FROM units)))",
         _("target's measure and unit")),
        ("plan_targets", "typeof(due) <> 'text' OR length(due) > 40", _("target's due period")),
        ("plan_targets", f"{_NUMBER.format(c='planned')} OR NOT (planned BETWEEN 0 AND {MAX_QUANTITY})",
         _("planned amount")),
        ("plan_targets", f"{_NUMBER.format(c='achieved')} OR NOT (achieved >= 0)"
         f" OR achieved > ({bound}) * (1 + {TOLERANCE}) + {TOLERANCE}",
         _("achieved amount within what the file's activities add up to")),
        ("plan_targets", "typeof(done) <> 'integer' OR done IS NOT (achieved >= planned)",
         _("done when the achieved amount reaches the planned one")),
        ("plan_summary", "typeof(targets_due) <> 'integer' OR typeof(targets_done) <> 'integer'"
         " OR targets_due <> (SELECT count(*) FROM plan_targets)"
         " OR targets_done <> (SELECT count(*) FROM plan_targets WHERE done = 1)",
         _("targets due and done as its targets say")),
        ("plan_summary", "(targets_due = 0 AND completion IS NOT NULL) OR (targets_due > 0"
         f" AND ({_NUMBER.format(c='completion')}"
         " OR NOT (abs(completion - 1.0 * targets_done / targets_due) <= 1e-9)))",
         _("completion: targets done ÷ targets due")),
        ("plan_summary", "typeof(scoring_table) <> 'text'"
         f" OR length(scoring_table) NOT BETWEEN 1 AND {MAX_LABEL}", _("scoring table's name")),
        ("plan_summary", f"{_NUMBER.format(c='points')} OR {_NUMBER.format(c='score')}"
         f" OR NOT (points BETWEEN 0 AND {MAX_CRITERIA * MAX_CRITERION_POINTS})"
         " OR NOT (score BETWEEN 0 AND points)"
         f" OR NOT (abs(points - {criteria_sum.format(c='points')}) <= {TOLERANCE})"
         f" OR NOT (abs(score - {criteria_sum.format(c='score')}) <= {TOLERANCE})",
         _("score: the sum of its criteria, within its points")),
        ("assessment_criteria", f"typeof(code) <> 'text' OR length(code) NOT BETWEEN 1 AND {MAX_CODE}"
         f" OR typeof(label) <> 'text' OR length(label) NOT BETWEEN 1 AND {MAX_LABEL}"
         f" OR typeof(position) <> 'integer' OR position NOT BETWEEN 0 AND {MAX_CRITERIA}",
         _("criterion's code or label")),
        ("assessment_criteria", "kind NOT IN ('completion', 'variety') OR typeof(evidence) <> 'integer'"
         " OR evidence NOT IN (0, 1)", _("criterion's kind")),
        ("assessment_criteria", f"{_NUMBER.format(c='points')} OR {_NUMBER.format(c='score')}"
         f" OR NOT (points BETWEEN 0 AND {MAX_CRITERION_POINTS}) OR NOT (score BETWEEN 0 AND points)"
         " OR (measured IS NULL AND score <> 0)", _("criterion's score within its points")),
        ("assessment_criteria", f"measured IS NOT NULL AND ({_NUMBER.format(c='measured')}"
         f" OR NOT (measured BETWEEN 0 AND {MAX_MEASURED}))", _("criterion's measure")),
        ("assessment_criteria", "kind = 'completion' AND ((measured IS NULL)"
         " <> ((SELECT completion FROM plan_summary) IS NULL)"
         " OR NOT (coalesce(abs(measured - (SELECT completion FROM plan_summary)), 0) <= 1e-9))",
         _("completion criterion measuring the plan's completion")),
        ("assessment_criteria", "typeof(missing_evidence) <> 'integer' OR missing_evidence NOT BETWEEN 0 AND"
         " (SELECT count(*) FROM activities WHERE deleted_at IS NULL)", _("count of missing evidence")),
    ]  # fmt: skip


def period_problem(conn: sqlite3.Connection, manifest: Manifest) -> str | None:
    """Why a plan or a target in the file cannot belong to the file's period, or None (after
    :func:`rules`: the years are whole numbers and the due periods short texts)."""
    convention = Convention(manifest.convention)
    start, end = manifest.period_start, manifest.period_end
    spans = {}
    for (year,) in conn.execute("SELECT year FROM plans ORDER BY year"):
        span = named(PeriodKind.YEAR, year, 0, convention)
        if span.end.isoformat() < start or span.start.isoformat() > end:
            return _("its plan of {year} is not a plan of the file's period.").format(year=year)
        spans[year] = span
    targets = conn.execute("SELECT uid, year, due FROM plan_targets WHERE due <> '' ORDER BY uid")
    for uid, year, due in targets:
        span = spans[year]
        try:
            window = parse(due, convention)
        except ValidationError:
            window = None
        if (
            window is None
            or window.start < span.start
            or window.end > span.end
            or window.end.isoformat() < start
            or window.start.isoformat() > end
        ):
            return _("its target {uid} is not due within the file's period.").format(uid=uid)
    return None
