"""The report's parts about the annual plan: plan versus done, and the PAR-index self-assessment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wardlog.core.i18n import _, format_date, format_number, format_percent
from wardlog.core.plan_listing import amount
from wardlog.core.plans import PlanProgress
from wardlog.report.model import Align, Block, Column, Heading, Paragraph, Row, RowKind, Table

if TYPE_CHECKING:
    from wardlog.core.catalog import Catalog
    from wardlog.core.scoring import Assessment


def plan_blocks(progress: PlanProgress, catalog: Catalog, number: str, table: int) -> list[Block]:
    """“4. Kết quả thực hiện kế hoạch”: the sentence and the table of targets (nothing without a plan)."""
    if not progress.plans:
        return []
    plans = "; ".join(
        _("Plan No. {number} dated {date}").format(number=plan.number, date=format_date(plan.issued_on))
        if plan.number and plan.issued_on
        else _("the plan of {year}").format(year=plan.year)
        for plan in progress.plans
    )
    blocks: list[Block] = [Heading(f"{number}. " + _("Results against the plan"), 2)]
    if progress.completion is None:
        blocks.append(
            Paragraph(
                _("Carrying out {plans}: no target of the plan falls due in the period.").format(plans=plans)
            )
        )
        return blocks
    blocks.append(
        Paragraph(
            _("Carrying out {plans}, {done}/{total} targets were completed in the period, {percent}.").format(
                plans=plans,
                done=progress.done,
                total=len(progress.targets),
                percent=format_percent(progress.completion),
            )
        )
    )
    short = [t.label for t in progress.targets if not t.done]
    if short:
        blocks.append(Paragraph(_("Not yet completed: {targets}.").format(targets="; ".join(short))))
    columns = (
        Column(_("No."), 0.07, Align.CENTER),
        Column(_("Target"), 0.41, Align.LEFT),
        Column(_("Planned"), 0.14, Align.RIGHT),
        Column(_("Achieved"), 0.14, Align.RIGHT),
        Column(_("Rate"), 0.10, Align.RIGHT),
        Column(_("Assessment"), 0.14, Align.CENTER),
    )
    rows = [
        Row(
            (
                str(index),
                item.label + (f" ({item.target.due})" if item.target.due else ""),
                amount(item.target, item.target.quantity, catalog),
                amount(item.target, item.achieved, catalog),
                format_percent(item.ratio, decimals=0),
                _("Completed") if item.done else _("Not completed"),
            )
        )
        for index, item in enumerate(progress.targets, start=1)
    ]
    rows.append(
        Row(
            (
                "",
                _("Targets completed"),
                str(len(progress.targets)),
                str(progress.done),
                format_percent(progress.completion),
                "",
            ),
            RowKind.TOTAL,
        )
    )
    blocks.append(
        Table(
            _("Table {n}. Results against the plan").format(n=table),
            columns,
            tuple(rows),
            note=_("A target is completed when what was done reaches what was planned."),
        )
    )
    return blocks


def assessment_blocks(assessment: Assessment, number: str, table: int) -> list[Block]:
    """The self-assessment annex: each criterion's measure and score, and the evidence still missing."""
    blocks: list[Block] = [
        Heading(f"{number}. " + _("Self-assessment (PAR index)"), 2),
        Paragraph(_("Scoring table: {name}.").format(name=assessment.table.name)),
    ]
    rows = []
    for index, result in enumerate(assessment.results, start=1):
        criterion = result.criterion
        if result.measured is None:
            measured = _("no target due")
        elif criterion.kind == "completion":
            measured = format_percent(result.measured)
        else:
            measured = _("{used}/{families} families").format(
                used=int(result.measured), families=len(criterion.families)
            )
        rows.append(
            Row(
                (
                    str(index),
                    criterion.label + (" " + _("(with evidence)") if criterion.evidence else ""),
                    format_number(criterion.points),
                    measured,
                    format_number(result.score),
                )
            )
        )
    rows.append(
        Row(
            ("", _("Total"), format_number(assessment.table.points), "", format_number(assessment.score)),
            RowKind.TOTAL,
        )
    )
    blocks.append(
        Table(
            _("Table {n}. Self-assessment").format(n=table),
            (
                Column(_("No."), 0.07, Align.CENTER),
                Column(_("Criterion"), 0.49, Align.LEFT),
                Column(_("Points"), 0.12, Align.RIGHT),
                Column(_("Measured"), 0.18, Align.CENTER),
                Column(_("Score"), 0.14, Align.RIGHT),
            ),
            tuple(rows),
        )
    )
    for result in assessment.results:
        if result.criterion.kind == "variety" and result.families_used:
            blocks.append(
                Paragraph(
                    _("{criterion}: families used: {families}.").format(
                        criterion=result.criterion.label, families="; ".join(result.families_used)
                    )
                )
            )
        if result.missing_count:
            blocks.append(
                Paragraph(
                    _(
                        "{criterion}: {n} activities have no evidence attached; add photos, minutes or links:"
                    ).format(criterion=result.criterion.label, n=format_number(result.missing_count))
                )
            )
            listed = [f"{format_date_text(m.day)} – {m.channel}: {m.title}" for m in result.missing]
            if result.missing_count > len(result.missing):
                listed.append(
                    _("… and {n} more.").format(n=format_number(result.missing_count - len(result.missing)))
                )
            blocks += [Paragraph(f"- {line}", size=12.0) for line in listed]
    return blocks


def format_date_text(iso: str) -> str:
    from datetime import date

    return format_date(date.fromisoformat(iso))
