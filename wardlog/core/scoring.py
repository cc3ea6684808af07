"""The ward's PAR-index self-assessment: a scoring table kept as data, evaluated on the book.

Provinces score “Thực hiện tuyên truyền về CCHC” differently from year to year, so the table is
data the officer can edit, not code. A criterion scores either the plan's completion (targets met ÷
targets due, :mod:`wardlog.core.plans`) or the variety of channels (how many families of channels
were used — electronic screens, websites and social networks, traditional channels), and may
require evidence: then a family counts only through activities that carry an attachment, and the
activities without one are listed as missing evidence.

The default is the example in ``domain.md``: a 2022 commune-level set giving 2 points, 1 for
completion (100 % → 1; from 90 % → 0.5; below 90 % → 0) and 1 for variety (3 families → 1,
2 → 0.5, 1 → 0.25), each backed by evidence.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from wardlog.core.activities import now_stamp
from wardlog.core.errors import Issue, ValidationError
from wardlog.core.i18n import _
from wardlog.core.text import clean

if TYPE_CHECKING:
    from wardlog.core.book import Book
    from wardlog.core.periods import Period

MISSING_SHOWN = 50  # activities listed as missing evidence, per criterion


class CriterionKind(StrEnum):
    COMPLETION = "completion"  # measured: targets met ÷ targets due (0–1)
    VARIETY = "variety"  # measured: families of channels used (0–n)


@dataclass(frozen=True)
class Family:
    label: str
    channels: tuple[str, ...]


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    kind: CriterionKind
    points: float  # the most it can score
    thresholds: tuple[tuple[float, float], ...]  # (at least this measure, scores these points), best first
    evidence: bool = False  # only activities with an attachment count
    families: tuple[Family, ...] = ()  # variety criteria


@dataclass(frozen=True)
class ScoringTable:
    name: str
    criteria: tuple[Criterion, ...] = field(default_factory=tuple)

    @property
    def points(self) -> float:
        return sum(criterion.points for criterion in self.criteria)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ScoringTable:
        """A table read back from the book or a file; ValidationError says what is wrong with it."""
        try:
            data = json.loads(text)
            criteria = tuple(
                Criterion(
                    code=str(item["code"]),
                    label=str(item["label"]),
                    kind=CriterionKind(item["kind"]),
                    points=float(item["points"]),
                    thresholds=tuple((float(a), float(b)) for a, b in item["thresholds"]),
                    evidence=bool(item.get("evidence", False)),
                    families=tuple(
                        Family(str(f["label"]), tuple(str(c) for c in f["channels"]))
                        for f in item.get("families", ())
                    ),
                )
                for item in data["criteria"]
            )
            return validate(cls(str(data["name"]), criteria))
        except (ValueError, KeyError, TypeError) as error:
            raise ValidationError(
                [
                    Issue(
                        "scoring",
                        _("The scoring table is not in the expected form ({reason}).").format(reason=error),
                    )
                ]
            ) from error


DEFAULT = ScoringTable(
    "Bộ chỉ số PAR INDEX cấp xã (mẫu năm 2022): Thực hiện tuyên truyền về CCHC",
    (
        Criterion(
            "completion",
            "Mức độ hoàn thành kế hoạch tuyên truyền CCHC",
            CriterionKind.COMPLETION,
            1.0,
            ((1.0, 1.0), (0.9, 0.5)),
            evidence=False,
        ),
        Criterion(
            "variety",
            "Đa dạng hình thức tuyên truyền CCHC",
            CriterionKind.VARIETY,
            1.0,
            ((3, 1.0), (2, 0.5), (1, 0.25)),
            evidence=True,
            families=(
                Family("Bảng điện tử, màn hình LED, bảng tin", ("man_hinh_led", "bang_tin")),
                Family(
                    "Trang thông tin điện tử, mạng xã hội, ứng dụng số",
                    ("cong_ttdt", "mang_xa_hoi", "ung_dung_so", "bao_chi"),
                ),
                Family(
                    "Hình thức truyền thống (loa, hội nghị, panô, tờ rơi…)",
                    (
                        "loa",
                        "hoi_nghi",
                        "hop_dan",
                        "sinh_hoat",
                        "cuoc_thi",
                        "toa_dam",
                        "mit_tinh",
                        "pano",
                        "khau_hieu",
                        "to_roi",
                    ),
                ),
            ),
        ),
    ),
)


def validate(table: ScoringTable) -> ScoringTable:
    issues: list[Issue] = []
    if not clean(table.name):
        issues.append(Issue("scoring", _("The scoring table needs a name.")))
    codes = [criterion.code for criterion in table.criteria]
    if len(set(codes)) != len(codes):
        issues.append(Issue("scoring", _("Two criteria have the same code.")))
    for criterion in table.criteria:
        if not 0 <= criterion.points <= 100:
            issues.append(
                Issue(
                    "scoring",
                    _("{criterion}: points must be between 0 and 100.").format(criterion=criterion.label),
                )
            )
        if any(points > criterion.points or points < 0 for _level, points in criterion.thresholds):
            issues.append(
                Issue(
                    "scoring",
                    _("{criterion}: a threshold gives more points than the criterion has.").format(
                        criterion=criterion.label
                    ),
                )
            )
        if criterion.kind is CriterionKind.VARIETY and not criterion.families:
            issues.append(
                Issue(
                    "scoring",
                    _("{criterion}: a variety criterion needs its families of channels.").format(
                        criterion=criterion.label
                    ),
                )
            )
    if issues:
        raise ValidationError(issues)
    ordered = tuple(  # best threshold first, which is how points_for reads them
        replace(criterion, thresholds=tuple(sorted(criterion.thresholds, key=lambda t: -t[0])))
        for criterion in table.criteria
    )
    return ScoringTable(clean(table.name), ordered)


@dataclass(frozen=True)
class MissingEvidence:
    activity_id: int
    day: str
    channel: str
    title: str


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    measured: float | None  # None: nothing to measure (no plan targets due in the period)
    score: float
    families_used: tuple[str, ...] = ()
    missing: tuple[MissingEvidence, ...] = ()  # activities that would count with an attachment
    missing_count: int = 0


@dataclass(frozen=True)
class Assessment:
    table: ScoringTable
    period: Period
    results: tuple[CriterionResult, ...]

    @property
    def score(self) -> float:
        return sum(result.score for result in self.results)


def points_for(criterion: Criterion, measured: float | None) -> float:
    """The points of the best threshold that ``measured`` reaches (0 below them all)."""
    if measured is None:
        return 0.0
    for level, points in criterion.thresholds:
        if measured + 1e-9 >= level:
            return points
    return 0.0


class Scoring:
    """The book's scoring table and its evaluation (``book.scoring``)."""

    def __init__(self, book: Book) -> None:
        self._book = book

    @property
    def table(self) -> ScoringTable:
        row = self._book.conn.execute("SELECT definition FROM scoring WHERE id = 1").fetchone()
        return ScoringTable.from_json(row[0]) if row else DEFAULT

    def save(self, table: ScoringTable) -> ScoringTable:
        table = validate(table)
        with self._book.atomic() as conn:
            conn.execute(
                "INSERT INTO scoring(id, definition, updated_at) VALUES (1, ?, ?)"
                " ON CONFLICT(id) DO UPDATE"
                " SET definition = excluded.definition, updated_at = excluded.updated_at",
                (table.to_json(), now_stamp()),
            )
        return table

    def reset(self) -> None:
        """Back to the default table."""
        with self._book.atomic() as conn:
            conn.execute("DELETE FROM scoring")

    def evaluate(self, period: Period, *, ward_code: str | None = None) -> Assessment:
        """The self-assessment of ``period`` (the book's own activities, or one merged ward's)."""
        results = []
        for criterion in self.table.criteria:
            if criterion.kind is CriterionKind.COMPLETION:
                measured = self._book.plans.progress(period, ward_code=ward_code).completion
                results.append(CriterionResult(criterion, measured, points_for(criterion, measured)))
            else:
                results.append(self._variety(criterion, period, ward_code))
        return Assessment(self.table, period, tuple(results))

    def _variety(self, criterion: Criterion, period: Period, ward_code: str | None) -> CriterionResult:
        conn = self._book.conn
        live = "a.deleted_at IS NULL AND a.date BETWEEN ? AND ? AND a.ward_code IS ?"
        params = [period.start.isoformat(), period.end.isoformat(), ward_code]
        evidence = "EXISTS (SELECT 1 FROM attachments t WHERE t.activity_id = a.id)"
        counted = dict(
            conn.execute(
                f"SELECT a.channel, count(*) FROM activities a WHERE {live}"
                + (f" AND {evidence}" if criterion.evidence else "")
                + " GROUP BY a.channel",
                params,
            ).fetchall()
        )
        used = tuple(f.label for f in criterion.families if any(counted.get(c) for c in f.channels))
        missing: tuple[MissingEvidence, ...] = ()
        missing_count = 0
        if criterion.evidence:
            channels = sorted({c for f in criterion.families for c in f.channels})
            marks = ", ".join("?" * len(channels))
            where = f"{live} AND a.channel IN ({marks}) AND NOT {evidence}"
            missing_count = conn.execute(
                f"SELECT count(*) FROM activities a WHERE {where}", [*params, *channels]
            ).fetchone()[0]
            missing = tuple(
                MissingEvidence(*row)
                for row in conn.execute(
                    "SELECT a.id, a.date, c.label, a.title"
                    f" FROM activities a JOIN channels c ON c.code = a.channel WHERE {where}"
                    f" ORDER BY a.date, a.id LIMIT {MISSING_SHOWN}",
                    [*params, *channels],
                )
            )
        return CriterionResult(
            criterion, float(len(used)), points_for(criterion, len(used)), used, missing, missing_count
        )
