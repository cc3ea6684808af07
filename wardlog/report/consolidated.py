"""The upper level's consolidated report: every ward's figures merged into one picture.

The same machinery as a ward's report (:mod:`wardlog.report.document`): the same Decree 30 frame,
the same tables by channel, topic and month, now over every ward the book holds, plus a table
that ranks the wards so they can be compared, and which wards have no data for the period; and,
when the wards' files carried them, each ward's plan completion and self-assessment
(:mod:`wardlog.report.plan_comparison`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from wardlog.core.errors import WardLogError
from wardlog.core.figures import WardFigures, by_ward, compute
from wardlog.core.i18n import _, format_date, format_percent
from wardlog.core.reports import Part, ReportDetails
from wardlog.core.ward_plans import WardPlanResult, results
from wardlog.report import draft
from wardlog.report.document import Writer, activities_phrase, assemble, count
from wardlog.report.model import Align, Block, Column, Heading, Paragraph, ReportDocument, Row, RowKind, Table
from wardlog.report.plan_comparison import plan_comparison_blocks

if TYPE_CHECKING:
    from wardlog.core.book import Book
    from wardlog.core.figures import Figures
    from wardlog.core.periods import Period
    from wardlog.core.settings import BookSettings

SHOWN = 3  # wards named as the most and the least active


def build(
    book: Book,
    period: Period,
    details: ReportDetails | None = None,
    *,
    today: date | None = None,
) -> ReportDocument:
    """The consolidated report of ``period`` over every ward merged into ``book``."""
    wards = by_ward(book, period)
    if not wards:
        raise WardLogError(
            _("This book holds no ward's data yet: take in the wards' exchange files first (wardlog merge).")
        )
    settings = book.settings
    stored = details if details is not None else book.reports.get(period)
    resolved = stored.resolved(settings, today or date.today())
    writer = _writer(book, period, wards)
    drafts = {**draft.narrative(writer.figures), **writer.drafts()}
    narrative = {part: resolved.text_of(part) or drafts[part] for part in Part}
    number_line = writer.number_line(resolved.number)
    return assemble(
        writer,
        resolved,
        body=writer.consolidated_body(narrative, resolved.issued_on or date.today()),
        appendix=tuple(writer.appendix_head(resolved, number_line)),
        activity_count=writer.figures.total.activities,
    )


def drafts(book: Book, period: Period) -> dict[Part, str]:
    """The drafts of the narrative parts of ``period``'s consolidated report (what the app pre-fills)."""
    writer = _writer(book, period, by_ward(book, period))
    return {**draft.narrative(writer.figures), **writer.drafts()}


def _writer(book: Book, period: Period, wards: tuple[WardFigures, ...]) -> ConsolidatedWriter:
    figures = compute(book, period, ward_codes=tuple(ward.code for ward in wards))
    units = {unit.code: unit.label for unit in book.catalog.units(include_retired=True)}
    return ConsolidatedWriter(book.settings, period, figures, units, wards, results(book, period))


class ConsolidatedWriter(Writer):
    """Writes the parts of the consolidated report."""

    def __init__(
        self,
        settings: BookSettings,
        period: Period,
        figures: Figures,
        units: dict[str, str],
        wards: tuple[WardFigures, ...],
        plans: dict[str, WardPlanResult] | None = None,
    ) -> None:
        super().__init__(settings, period, figures, units)
        self.wards = wards
        self.plans = plans or {}  # ward code → its plan results for the period
        self.reporting = [ward for ward in wards if ward.activities]
        self.silent = [ward for ward in wards if not ward.activities]

    def summary(self) -> str:
        return _(
            "Summary of the results of information and communication on administrative reform "
            "of the wards and communes in the {period}"
        ).format(period=self.period.label)

    def drafts(self) -> dict[Part, str]:
        """Drafts of the parts that speak about the wards rather than about one ward's work."""
        most = ", ".join(f"{w.name} ({activities_phrase(w.activities)})" for w in self.reporting[:SHOWN])
        least = ", ".join(
            f"{w.name} ({activities_phrase(w.activities)})" for w in self.reporting[-SHOWN:][::-1]
        )
        strengths = [
            _(
                "{reporting}/{wards} wards and communes held {activities} of communication on "
                "administrative reform, reaching {participants} attendances."
            ).format(
                reporting=len(self.reporting),
                wards=len(self.wards),
                activities=activities_phrase(self.figures.total.activities),
                participants=count(self.figures.total.participants),
            )
        ]
        if most:
            strengths.append(_("The most active: {wards}.").format(wards=most))
        shortcomings = []
        if len(self.reporting) > SHOWN and least:
            shortcomings.append(_("The least active: {wards}.").format(wards=least))
        if self.silent:
            shortcomings.append(
                _("Wards and communes without data for the period: {wards}.").format(
                    wards=", ".join(w.name for w in self.silent)
                )
            )
        narrow = [w.name for w in self.reporting if w.groups_used < len(self.figures.by_group)]
        if narrow:
            shortcomings.append(
                _("Wards and communes that did not use every group of channels: {wards}.").format(
                    wards=", ".join(narrow)
                )
            )
        if not shortcomings:
            shortcomings.append(_("Every ward and commune reported and used every group of channels."))
        return {Part.STRENGTHS: "\n".join(strengths), Part.SHORTCOMINGS: "\n".join(shortcomings)}

    def consolidated_body(self, narrative: dict[Part, str], as_of: date) -> tuple[Block, ...]:
        def paragraphs(part: Part) -> list[Block]:
            return [Paragraph(line.strip()) for line in narrative[part].splitlines() if line.strip()]

        received = _(
            "As of {date}, data have been received from {reporting}/{wards} wards and communes."
        ).format(date=format_date(as_of), reporting=len(self.reporting), wards=len(self.wards))
        blocks: list[Block] = [
            Heading("I. " + _("Data received").upper()),
            Paragraph(received),
        ]
        if self.silent:
            blocks.append(
                Paragraph(
                    _("Without data for the period: {wards}.").format(
                        wards=", ".join(w.name for w in self.silent)
                    )
                )
            )
        blocks += [
            Heading("II. " + _("Overall results").upper()),
            *self.results(),
            Heading("III. " + _("Results by ward and commune").upper()),
            self.ward_table(4),
            *plan_comparison_blocks(self.wards, self.plans, 5),
            Heading("IV. " + _("Overall assessment").upper()),
            Heading("1. " + Part.STRENGTHS.title, 2),
            *paragraphs(Part.STRENGTHS),
            Heading("2. " + Part.SHORTCOMINGS.title, 2),
            *paragraphs(Part.SHORTCOMINGS),
            Heading("V. " + Part.PROPOSALS.title.upper()),
            *paragraphs(Part.PROPOSALS),
            Paragraph(
                _(
                    "Above is the summary of the results of information and communication on administrative "
                    "reform of the wards and communes in the {period}"
                ).format(period=self.period.label)
                + "./."
            ),
        ]
        return tuple(blocks)

    def ward_table(self, number: int) -> Table:
        channels, groups = len(self.figures.by_channel), len(self.figures.by_group)
        columns = (
            Column(_("Rank"), 0.07, Align.CENTER),
            Column(_("Ward or commune"), 0.27, Align.LEFT),
            Column(_("Activities"), 0.11, Align.RIGHT),
            Column(_("Attendances"), 0.13, Align.RIGHT),
            Column(_("Minutes on air"), 0.12, Align.RIGHT),
            Column(_("Channels used"), 0.11, Align.CENTER),
            Column(_("Groups used"), 0.09, Align.CENTER),
            Column(_("With evidence"), 0.10, Align.RIGHT),
        )
        rows = [
            Row(
                (
                    str(rank) if ward.activities else "–",
                    ward.name,
                    count(ward.activities),
                    count(ward.participants),
                    count(ward.minutes),
                    f"{ward.channels_used}/{channels}",
                    f"{ward.groups_used}/{groups}",
                    format_percent(ward.with_evidence / ward.activities, decimals=0)
                    if ward.activities
                    else "–",
                )
            )
            for rank, ward in enumerate(self.wards, start=1)
        ]
        total = self.figures.total
        evidence = sum(ward.with_evidence for ward in self.wards)
        rows.append(
            Row(
                (
                    "",
                    _("Total"),
                    count(total.activities),
                    count(total.participants),
                    count(total.minutes),
                    f"{self.figures.channels_used}/{channels}",
                    f"{self.figures.groups_used}/{groups}",
                    format_percent(evidence / total.activities, decimals=0) if total.activities else "–",
                ),
                RowKind.TOTAL,
            )
        )
        return Table(
            _("Table {n}. Results by ward and commune, most active first").format(n=number),
            columns,
            tuple(rows),
            size=11.0,
            note=_("With evidence: the share of activities with at least one evidence file."),
        )
