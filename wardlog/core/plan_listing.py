"""The plan and its progress in words: amounts (“30 tấm”, “500 lượt người dự”), the completion
sentence (“Hoàn thành 2/5 nhiệm vụ, đạt 40,00%”) and the table ``wardlog plan show`` prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from wardlog.core.catalog import Kind
from wardlog.core.i18n import _, format_date, format_number, format_percent, ngettext
from wardlog.core.listing import _fit
from wardlog.core.plans import Measure, Plan, PlanProgress, Target, TargetKind

if TYPE_CHECKING:
    from wardlog.core.catalog import Catalog
    from wardlog.core.periods import Period


def amount(target: Target, value: float, catalog: Catalog) -> str:
    """``value`` in the target's measure: “4 hoạt động”, “30 tấm”, “500 lượt người”, “600 phút”."""
    number = format_number(value, decimals=2)
    count = int(value) if value == int(value) else 2  # a fraction reads as plural
    match target.measure:
        case Measure.ACTIVITIES:
            return ngettext("{n} activity", "{n} activities", count).format(n=number)
        case Measure.QUANTITY:
            unit = catalog.label(Kind.UNIT, target.unit) if target.unit else ""
            return f"{number} {unit}".strip()
        case Measure.PARTICIPANTS:
            return ngettext("{n} attendance", "{n} attendances", count).format(n=number)
    return ngettext("{n} minute", "{n} minutes", count).format(n=number)


def kind_label(kind: TargetKind) -> str:
    return {
        TargetKind.CHANNEL: _("Channel"),
        TargetKind.TOPIC: _("Topic"),
        TargetKind.TASK: _("Task"),
    }[kind]


def with_note(label: str, target: Target) -> str:
    """A channel's or topic's label with the target's note, when it has one."""
    if target.title and target.kind is not TargetKind.TASK:
        return f"{label} — {target.title}"
    return label


def plan_heading(plan: Plan) -> str:
    """“Kế hoạch số 12/KH-UBND ngày 10/01/2026: …”, or “Kế hoạch năm 2026” without a number."""
    if plan.number and plan.issued_on:
        head = _("Plan No. {number} dated {date}").format(
            number=plan.number, date=format_date(plan.issued_on)
        )
    elif plan.number:
        head = _("Plan No. {number}").format(number=plan.number)
    else:
        head = _("Plan of {year}").format(year=plan.year)
    return f"{head}: {plan.title}" if plan.title else head


def completion_text(progress: PlanProgress) -> str:
    """“Hoàn thành 23/39 nhiệm vụ, đạt 58,97%”, or why there is nothing to count."""
    if not progress.plans:
        return _("There is no plan for this period.")
    if progress.completion is None:
        return _("No target of the plan falls due in this period.")
    return _("Completed {done}/{total} targets, {percent}").format(
        done=progress.done, total=len(progress.targets), percent=format_percent(progress.completion)
    )


def write_progress(out: TextIO, plan: Plan, progress: PlanProgress, period: Period, catalog: Catalog) -> None:
    """The plan versus what was done in ``period``, as an aligned table for a terminal."""
    out.write(plan_heading(plan) + "\n")
    out.write(
        _("Results in the {period} ({start} – {end}):").format(
            period=period.label, start=format_date(period.start), end=format_date(period.end)
        )
        + "\n"
    )
    mine = {target.uid for target in plan.targets}
    items = [item for item in progress.targets if item.target.uid in mine]
    widths = (4, 46, 8, 18, 18, 6, 16)
    head = (_("No."), _("Target"), _("Due"), _("Planned"), _("Achieved"), _("Rate"), _("Assessment"))
    out.write("  ".join(_fit(h, w) for h, w in zip(head, widths, strict=True)).rstrip() + "\n")
    for number, item in enumerate(items, start=1):
        target = item.target
        label = item.label + (
            f" — {target.title}" if target.title and target.kind is not TargetKind.TASK else ""
        )
        cells = (
            str(number).rjust(3),
            label,
            target.due,
            amount(target, target.quantity, catalog),
            amount(target, item.achieved, catalog),
            format_percent(item.ratio, decimals=0),
            _("Completed") if item.done else _("Not completed"),
        )
        out.write("  ".join(_fit(c, w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n")
    later = len(plan.targets) - len(items)
    if later:
        out.write(_("Targets not due in this period: {n}.").format(n=later) + "\n")
    mine_only = PlanProgress(period, (plan,), tuple(items))
    out.write(completion_text(mine_only) + ("." if items else "") + "\n")
