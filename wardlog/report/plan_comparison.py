"""The consolidated report's comparison of the wards' plans: each ward's plan completion and
self-assessment score, as its newest exchange file of the period said (:mod:`wardlog.core.ward_plans`),
best score first, and which wards have no plan or sent no plan results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wardlog.core.i18n import _, format_number, format_percent
from wardlog.report.model import Align, Block, Column, Paragraph, Row, Table

if TYPE_CHECKING:
    from wardlog.core.figures import WardFigures
    from wardlog.core.ward_plans import WardPlanResult


def plan_comparison_blocks(
    wards: tuple[WardFigures, ...], results: dict[str, WardPlanResult], number: int
) -> list[Block]:
    """Table ``number`` and the sentences naming the wards without a plan (nothing when no ward's
    file carried plan results for the period)."""
    if not results:
        return []

    def rank_key(ward: WardFigures) -> tuple[object, ...]:
        result = results.get(ward.code)
        if result is None:
            return (1, 0.0, 0.0, ward.name)
        share = result.score / result.points if result.points else 0.0
        return (0, -share, -(result.completion if result.completion is not None else -1.0), ward.name)

    rows = []
    for rank, ward in enumerate(sorted(wards, key=rank_key), start=1):
        result = results.get(ward.code)
        if result is None:
            rows.append(Row(("–", ward.name, "–", "–", "–")))
            continue
        cells = (str(rank), ward.name, _plan_text(result), _completion_text(result), score_text(result))
        rows.append(Row(cells))
    blocks: list[Block] = [
        Table(
            _("Table {n}. Plan completion and self-assessment by ward and commune").format(n=number),
            (
                Column(_("Rank"), 0.08, Align.CENTER),
                Column(_("Ward or commune"), 0.30, Align.LEFT),
                Column(_("Plan"), 0.20, Align.LEFT),
                Column(_("Targets completed"), 0.22, Align.CENTER),
                Column(_("Self-assessment"), 0.20, Align.CENTER),
            ),
            tuple(rows),
            size=11.0,
            note=_(
                "As each ward's newest exchange file of the period says; each ward scores itself with "
                "its own scoring table."
            ),
        )
    ]
    without = [ward.name for ward in wards if ward.code in results and not results[ward.code].has_plan]
    if without:
        sentence = _("Wards and communes without a plan for the period: {wards}.")
        blocks.append(Paragraph(sentence.format(wards=", ".join(without))))
    unknown = [ward.name for ward in wards if ward.code not in results]
    if unknown:
        blocks.append(
            Paragraph(
                _(
                    "No plan results were received from {wards} (no file for the period, or a file made "
                    "by an older WardLog)."
                ).format(wards=", ".join(unknown))
            )
        )
    return blocks


def score_text(result: WardPlanResult) -> str:
    """“1,25/2”: the score and the points of the ward's scoring table."""
    return f"{format_number(result.score)}/{format_number(result.points)}"


def _plan_text(result: WardPlanResult) -> str:
    if not result.has_plan:
        return _("No plan")
    return "; ".join(plan.number or _("Plan of {year}").format(year=plan.year) for plan in result.plans)


def _completion_text(result: WardPlanResult) -> str:
    """“3/4, 75,00%”."""
    if result.completion is None:
        return _("No target due") if result.has_plan else "–"
    return f"{result.targets_done}/{result.targets_due}, {format_percent(result.completion)}"
