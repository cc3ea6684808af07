"""The upper level's record of each ward's plan versus done and self-assessment, from its files.

An exchange file of format 2 or later carries the ward's plan results for its period
(:mod:`plan_exchange`). When the file is merged, :func:`record` keeps them in
``ward_plan_results``, one row per ward and period (by the period's dates), in the merge's own
transaction: a newer file of the same ward and period replaces them, the same file again or an
older one leaves them as they are. A file of format 1 carries none and changes nothing here.
:func:`results` reads them back for the consolidated report.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wardlog.core.text import clean

if TYPE_CHECKING:
    from wardlog.core.book import Book
    from wardlog.core.inspection import ExchangeFile
    from wardlog.core.periods import Period


@dataclass(frozen=True)
class PlanHeading:
    year: int
    number: str
    issued_on: str | None  # ISO date
    title: str


@dataclass(frozen=True)
class ReceivedTarget:
    """A target due in the period, with what the ward achieved, as the ward measured it."""

    label: str
    kind: str  # channel, topic or task
    subject: str  # the channel or topic code
    measure: str
    unit: str
    due: str
    planned: float
    achieved: float
    done: bool


@dataclass(frozen=True)
class ReceivedCriterion:
    code: str
    label: str
    kind: str
    points: float
    measured: float | None
    score: float
    missing_evidence: int


@dataclass(frozen=True)
class WardPlanResult:
    """One ward's plan versus done and self-assessment for one period."""

    ward_code: str
    period: str
    convention: str
    file_created_at: str
    plans: tuple[PlanHeading, ...]
    targets_due: int
    targets_done: int
    completion: float | None  # None: no target of its plan falls due in the period
    scoring_table: str
    points: float
    score: float
    targets: tuple[ReceivedTarget, ...]
    criteria: tuple[ReceivedCriterion, ...]

    @property
    def has_plan(self) -> bool:
        return bool(self.plans)


def record(conn: sqlite3.Connection, exchange: ExchangeFile, delivery_id: int) -> bool:
    """Keep the checked file's plan results as its ward's for its period, unless those kept come
    from a file made at the same time or later; True when they were written."""
    manifest = exchange.manifest
    if manifest.format_version < 2:
        return False
    source = exchange.conn
    plans = [
        {"year": year, "number": clean(number), "issued_on": issued_on, "title": clean(title)}
        for year, number, issued_on, title in source.execute(
            "SELECT year, number, issued_on, title FROM plans ORDER BY year"
        )
    ]
    targets = [
        {"label": clean(label), "kind": kind, "subject": subject, "measure": measure, "unit": unit,
         "due": due, "planned": planned, "achieved": achieved, "done": bool(done)}
        for label, kind, subject, measure, unit, due, planned, achieved, done in source.execute(
            "SELECT label, kind, subject, measure, unit, due, planned, achieved, done FROM plan_targets"
            " ORDER BY year, position, uid"
        )
    ]  # fmt: skip
    criteria = [
        {"code": code, "label": clean(label), "kind": kind, "points": points, "measured": measured,
         "score": score, "missing_evidence": missing}
        for code, label, kind, points, measured, score, missing in source.execute(
            "SELECT code, label, kind, points, measured, score, missing_evidence FROM assessment_criteria"
            " ORDER BY position, code"
        )
    ]  # fmt: skip
    due, done, completion, table, points, score = source.execute(
        "SELECT targets_due, targets_done, completion, scoring_table, points, score FROM plan_summary"
    ).fetchone()
    cursor = conn.execute(
        "INSERT INTO ward_plan_results(ward_code, period_start, period_end, period, convention, delivery_id,"
        " file_created_at, plans, targets_due, targets_done, completion, scoring_table, points, score,"
        " targets, criteria) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(ward_code, period_start, period_end) DO UPDATE SET period = excluded.period,"
        " convention = excluded.convention, delivery_id = excluded.delivery_id,"
        " file_created_at = excluded.file_created_at, plans = excluded.plans,"
        " targets_due = excluded.targets_due, targets_done = excluded.targets_done,"
        " completion = excluded.completion, scoring_table = excluded.scoring_table,"
        " points = excluded.points, score = excluded.score, targets = excluded.targets,"
        " criteria = excluded.criteria WHERE excluded.file_created_at > ward_plan_results.file_created_at",
        [manifest.ward_code, manifest.period_start, manifest.period_end, manifest.period, manifest.convention,
         delivery_id, manifest.created_at, _json(plans), due, done, completion, clean(table), points, score,
         _json(targets), _json(criteria)],
    )  # fmt: skip
    return cursor.rowcount > 0


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def results(book: Book, period: Period) -> dict[str, WardPlanResult]:
    """ward code → its plan results for exactly ``period`` (its dates), for the wards that sent them."""
    rows = book.conn.execute(
        "SELECT ward_code, period, convention, file_created_at, plans, targets_due, targets_done, completion,"
        " scoring_table, points, score, targets, criteria FROM ward_plan_results"
        " WHERE period_start = ? AND period_end = ? ORDER BY ward_code",
        [period.start.isoformat(), period.end.isoformat()],
    )
    found = {}
    for row in rows:
        plans, targets, criteria = (json.loads(text) for text in (row[4], row[11], row[12]))
        found[row[0]] = WardPlanResult(
            *row[:4],
            tuple(PlanHeading(**plan) for plan in plans),
            *row[5:11],
            tuple(ReceivedTarget(**target) for target in targets),
            tuple(ReceivedCriterion(**criterion) for criterion in criteria),
        )
    return found
