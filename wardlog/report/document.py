"""The periodic report's words and figures: a :class:`ReportDocument` built from the book.

Figures come from :func:`wardlog.core.figures.compute` (the same numbers as the overview screen),
over the ward's own activities. The narrative parts are the officer's text saved for the period,
or a draft built from the figures (:mod:`wardlog.report.draft`) where nothing was written. The
document is written in the language in force (Vietnamese by default), with that language's
number conventions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from wardlog.core.figures import ChannelFigures, Figures, Quantities, Tally, compute
from wardlog.core.i18n import _, current_language, format_date, format_number, format_percent, ngettext
from wardlog.core.reports import Part, ReportDetails
from wardlog.core.text import nfc
from wardlog.report.model import (
    Align,
    Block,
    Chart,
    ChartKind,
    Column,
    Heading,
    PageBreak,
    Paragraph,
    ReportDocument,
    Row,
    RowKind,
    SignatureBlock,
    Table,
)
from wardlog.report.plan_section import assessment_blocks, plan_blocks

if TYPE_CHECKING:
    from wardlog.core.book import Book
    from wardlog.core.periods import Period
    from wardlog.core.settings import BookSettings

BLANK = "…………"  # where the book does not know a name yet: left to be written by hand
OWN_WARD: tuple[str | None, ...] = (None,)  # the book's own activities (merged wards carry a code)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_LETTERS = "abcdeghiklmnopqrstuvxy"  # Vietnamese documents skip f, j, w, z


@dataclass(frozen=True)
class ActivityLine:
    """One row of the appendix: an activity of the period with its evidence count."""

    day: date
    channel: str
    title: str
    place: str
    participants: int | None
    quantity: float
    unit: str
    evidence: int


def build(
    book: Book,
    period: Period,
    details: ReportDetails | None = None,
    *,
    today: date | None = None,
) -> ReportDocument:
    """The report of ``period`` for the book's own ward, with ``details`` (else the saved ones)."""
    from wardlog.report import draft

    settings = book.settings
    stored = details if details is not None else book.reports.get(period)
    resolved = stored.resolved(settings, today or date.today())
    figures = compute(book, period, ward_codes=OWN_WARD)
    units = {unit.code: unit.label for unit in book.catalog.units(include_retired=True)}
    drafts = draft.narrative(figures)
    narrative = {part: resolved.text_of(part) or drafts[part] for part in Part}
    lines = activity_lines(book, period)
    writer = Writer(settings, period, figures, units)
    number_line = writer.number_line(resolved.number)
    plan = plan_blocks(book.plans.progress(period), book.catalog, "4", table=4)
    tables = 4 + any(isinstance(block, Table) for block in plan)
    assessment = assessment_blocks(book.scoring.evaluate(period), "2", table=tables)
    return assemble(
        writer,
        resolved,
        body=writer.body(narrative, plan),
        appendix=writer.appendix(lines, resolved, number_line, assessment, table=tables + 1),
        activity_count=len(lines),
    )


def assemble(
    writer: Writer,
    resolved: ReportDetails,
    *,
    body: tuple[Block, ...],
    appendix: tuple[Block, ...],
    activity_count: int,
) -> ReportDocument:
    """The Decree 30 frame around ``body``: header, title, addressee, foot (``resolved`` details)."""
    settings = writer.settings
    assert resolved.issued_on is not None
    return ReportDocument(
        agency=writer.agency(),
        number_line=writer.number_line(resolved.number),
        nation=_("SOCIALIST REPUBLIC OF VIET NAM"),
        motto=_("Independence - Freedom - Happiness"),
        place_date=document_date_line(settings.place or BLANK, resolved.issued_on),
        kind_title=_("REPORT"),
        summary=writer.summary(),
        recipient_label=_("To:"),
        recipients=tuple(line for line in resolved.recipient.splitlines() if line.strip()) or (BLANK,),
        body=body,
        copies_label=_("Recipients:"),
        copies_to=_copies_lines(resolved.copies_to),
        signature=SignatureBlock(
            lines=tuple(
                line.upper()
                for line in (resolved.sign_on_behalf, resolved.sign_authority, resolved.signer_title)
                if line
            ),
            name=resolved.signer_name,
        ),
        appendix=appendix,
        figures=writer.figures,
        title=nfc(_("Report") + " " + writer.summary()),
        author=writer.unit_phrase(),
        activity_count=activity_count,
    )


def activity_lines(book: Book, period: Period) -> list[ActivityLine]:
    """The ward's own activities of ``period`` in date order, each with its evidence count (one query)."""
    rows = book.conn.execute(
        "SELECT a.date, c.label, a.title, a.place, a.participants, a.quantity, u.label,"
        " (SELECT count(*) FROM attachments t WHERE t.activity_id = a.id)"
        " FROM activities a JOIN channels c ON c.code = a.channel JOIN units u ON u.code = a.unit"
        " WHERE a.deleted_at IS NULL AND a.ward_code IS NULL AND a.date BETWEEN ? AND ?"
        " ORDER BY a.date, a.id",
        (period.start.isoformat(), period.end.isoformat()),
    )
    return [
        ActivityLine(date.fromisoformat(day), channel, title, place, participants, quantity, unit, evidence)
        for day, channel, title, place, participants, quantity, unit, evidence in rows
    ]


# --- phrases -----------------------------------------------------------------------------------


def document_date_line(place: str, day: date) -> str:
    """“Hà Đông, ngày 05 tháng 3 năm 2026”: Decree 30 puts a zero before days below 10 and months 1–2."""
    if current_language() == "vi":
        month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
        return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
    from babel.dates import format_date as babel_date

    return f"{place}, {babel_date(day, format='d MMMM y', locale='en_GB')}"


def count(value: float) -> str:
    return format_number(value, decimals=0)


def amount(value: float) -> str:
    return format_number(value, decimals=2)


def duration(minutes: int) -> str:
    """``390`` → “6 giờ 30 phút”."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("{n} hour", "{n} hours", hours).format(n=count(hours)))
    if rest or not hours:
        parts.append(ngettext("{n} minute", "{n} minutes", rest).format(n=rest))
    return " ".join(parts)


def quantities_phrase(quantities: Quantities, units: dict[str, str]) -> str:
    """“12 cuộc”, or “20 tấm, 3 tờ” when a channel's activities were counted in several units."""
    return ", ".join(f"{amount(total)} {units.get(unit, unit)}" for unit, total in quantities)


def activities_phrase(n: int) -> str:
    return ngettext("{n} activity", "{n} activities", n).format(n=count(n))


def channel_sentence(channel: ChannelFigures, units: dict[str, str]) -> str:
    """“12 cuộc với 339 lượt người dự”, “45 buổi phát, thời lượng 6 giờ 30 phút”…"""
    tally = channel.tally
    text = quantities_phrase(tally.quantities, units)
    only_in_activities = len(tally.quantities) == 1 and tally.quantities[0][1] == tally.activities
    if not only_in_activities:
        text += f" ({activities_phrase(tally.activities)})"
    if tally.participants:
        text += " " + _("with {n} attendances").format(n=count(tally.participants))
    if tally.minutes:
        text += ", " + _("{time} on air").format(time=duration(tally.minutes))
    return text


def _copies_lines(text: str) -> tuple[str, ...]:
    lines = [line.strip().lstrip("-–").strip() for line in text.splitlines() if line.strip()]
    return tuple(f"- {line}" for line in lines)


def _paragraphs(text: str) -> list[Paragraph]:
    """The officer's text, one paragraph a line (blank lines only separate)."""
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def _end_list(items: list[str]) -> list[Paragraph]:
    """Enumerated lines “- …;” with the last one ending in a full stop."""
    return [Paragraph(f"- {item}{'.' if i == len(items) - 1 else ';'}") for i, item in enumerate(items)]


# --- the writer --------------------------------------------------------------------------------


class Writer:
    """Writes the parts of one report; holds what every part needs."""

    def __init__(
        self, settings: BookSettings, period: Period, figures: Figures, units: dict[str, str]
    ) -> None:
        self.settings = settings
        self.period = period
        self.figures = figures
        self.units = units

    # header

    def agency(self) -> tuple[str, ...]:
        return ((self.settings.issuer or BLANK).upper(), (self.settings.unit_name or BLANK).upper())

    def number_line(self, number: str) -> str:
        # an unknown number leaves room to write it by hand
        shown = f"{int(number):02d}" if re.fullmatch(r"[0-9]{1,5}", number) else "\u00a0" * 8
        return _("No.: {number}/{code}").format(number=shown, code=self.settings.document_code or "BC")

    def summary(self) -> str:
        return _("Results of information and communication on administrative reform in the {period}").format(
            period=self.period.label
        )

    def unit_phrase(self) -> str:
        """“Ủy ban nhân dân phường Hà Đông”: the issuer and the unit as written inside a sentence."""
        unit = self.settings.unit_name or BLANK
        unit = unit[:1].lower() + unit[1:] if unit[:1].isupper() and " " in unit else unit
        return f"{self.settings.issuer} {unit}".strip()

    # body

    def body(self, narrative: dict[Part, str], plan: Sequence[Block] = ()) -> tuple[Block, ...]:
        """The report's body; ``plan`` (the plan-versus-done part) follows the results."""
        period = self.period
        blocks: list[Block] = [
            Paragraph(
                _(
                    "Carrying out the tasks of information and communication on state administrative reform, "
                    "the {unit} reports the results of the {period} (from {start} to {end}) as follows:"
                ).format(
                    unit=self.unit_phrase(),
                    period=period.label,
                    start=format_date(period.start),
                    end=format_date(period.end),
                )
            ),
            Heading(f"I. {Part.DIRECTION.title.upper()}"),
            *_paragraphs(narrative[Part.DIRECTION]),
            Heading("II. " + _("Results").upper()),
            *self.results(),
            *plan,
            Heading("III. " + _("Overall assessment").upper()),
            Heading(f"1. {Part.STRENGTHS.title}", 2),
            *_paragraphs(narrative[Part.STRENGTHS]),
            Heading(f"2. {Part.SHORTCOMINGS.title}", 2),
            *_paragraphs(narrative[Part.SHORTCOMINGS]),
            Heading(f"3. {Part.CAUSES.title}", 2),
            *_paragraphs(narrative[Part.CAUSES]),
            Heading(f"IV. {Part.NEXT_STEPS.title.upper()}"),
            *_paragraphs(narrative[Part.NEXT_STEPS]),
            Heading(f"V. {Part.PROPOSALS.title.upper()}"),
            *_paragraphs(narrative[Part.PROPOSALS]),
            Paragraph(
                _(
                    "Above is the report on the results of information and communication on administrative "
                    "reform in the {period} of the {unit}"
                ).format(period=period.label, unit=self.unit_phrase())
                + "./."  # Decree 30: the body ends with “./.”
            ),
        ]
        return tuple(blocks)

    def results(self) -> list[Block]:
        figures = self.figures
        total = figures.total
        channels_in_use = len(figures.by_channel)
        blocks: list[Block] = []
        if not total.activities:
            blocks.append(Paragraph(_("No communication activity was recorded in the period.")))
        else:
            blocks.append(
                Paragraph(
                    _(
                        "In the period, {activities} of communication on administrative reform were held, "
                        "reaching {participants} attendances, through {channels}/{channel_total} channels "
                        "in {groups}/{group_total} groups of channels. In detail:"
                    ).format(
                        activities=activities_phrase(total.activities),
                        participants=count(total.participants),
                        channels=figures.channels_used,
                        channel_total=channels_in_use,
                        groups=figures.groups_used,
                        group_total=len(figures.by_group),
                    )
                )
            )
        blocks.append(Heading("1. " + _("Results by channel"), 2))
        letter = 0
        for group in figures.by_group:
            used = [c for c in figures.by_channel if c.group == group.code and c.tally.activities]
            if not used:
                continue
            blocks.append(Heading(f"{_LETTERS[letter]}) {group.label}", 3))
            letter += 1
            blocks += _end_list([f"{c.label}: {channel_sentence(c, self.units)}" for c in used])
        blocks.append(self.channel_table(1))
        blocks.append(Heading("2. " + _("Results by topic"), 2))
        covered = sorted((t for t in figures.by_topic if t.activities), key=lambda t: -t.activities)
        if covered:
            most = ", ".join(f"{t.label} ({activities_phrase(t.activities)})" for t in covered[:3])
            blocks.append(Paragraph(_("The topics most communicated: {topics}.").format(topics=most)))
        missing = [t.label for t in figures.by_topic if not t.activities]
        if total.activities and missing:
            blocks.append(
                Paragraph(
                    _("Topics not yet communicated in the period: {topics}.").format(
                        topics="; ".join(missing)
                    )
                )
            )
        blocks.append(self.topic_table(2))
        blocks.append(Heading("3. " + _("Results by month"), 2))
        blocks.append(self.month_table(3))
        return blocks

    def channel_table(self, number: int) -> Table:
        columns = (
            Column(_("No."), 0.07, Align.CENTER),
            Column(_("Channel"), 0.39, Align.LEFT),
            Column(_("Activities"), 0.12, Align.RIGHT),
            Column(_("Quantity"), 0.18, Align.RIGHT),
            Column(_("Attendances"), 0.12, Align.RIGHT),
            Column(_("Minutes on air"), 0.12, Align.RIGHT),
        )
        rows: list[Row] = []
        for index, group in enumerate(self.figures.by_group):
            rows.append(
                Row(
                    (_ROMAN[index % len(_ROMAN)], group.label, *self._tally_cells(group.tally)), RowKind.GROUP
                )
            )
            members = [c for c in self.figures.by_channel if c.group == group.code]
            for position, channel in enumerate(members, start=1):
                rows.append(Row((str(position), channel.label, *self._tally_cells(channel.tally))))
        rows.append(Row(("", _("Total"), *self._tally_cells(self.figures.total)), RowKind.TOTAL))
        return Table(
            _("Table {n}. Results by channel").format(n=number),
            columns,
            tuple(rows),
            note=_("Quantities are added up per unit of count; “–”: several units, not added up."),
        )

    def _tally_cells(self, tally: Tally) -> tuple[str, str, str, str]:
        # tờ and tấm do not add up: a sum over several units is left out rather than printed as a list
        quantity = quantities_phrase(tally.quantities, self.units) if len(tally.quantities) == 1 else ""
        return (
            count(tally.activities),
            quantity or ("–" if tally.quantities else "0"),
            count(tally.participants),
            count(tally.minutes),
        )

    def topic_table(self, number: int) -> Table:
        total = self.figures.total.activities
        columns = (
            Column(_("No."), 0.07, Align.CENTER),
            Column(_("Topic"), 0.51, Align.LEFT),
            Column(_("Activities"), 0.14, Align.RIGHT),
            Column(_("Share"), 0.13, Align.RIGHT),
            Column(_("Attendances"), 0.15, Align.RIGHT),
        )
        rows = tuple(
            Row(
                (
                    str(index),
                    topic.label,
                    count(topic.activities),
                    format_percent(topic.activities / total) if total else "–",
                    count(topic.participants),
                )
            )
            for index, topic in enumerate(self.figures.by_topic, start=1)
        )
        return Table(
            _("Table {n}. Results by topic").format(n=number),
            columns,
            rows,
            note=_(
                "An activity may cover several topics, so the topics add up to more than the activities; "
                "the share is of all activities of the period."
            ),
        )

    def month_table(self, number: int) -> Table:
        from wardlog.core.periods import Convention, PeriodKind

        cutoff = self.period.convention is Convention.CUTOFF and self.period.kind is not PeriodKind.RANGE
        columns = (
            Column(_("Month"), 0.16, Align.CENTER),
            Column(_("Dates"), 0.36, Align.CENTER),
            Column(_("Activities"), 0.16, Align.RIGHT),
            Column(_("Attendances"), 0.16, Align.RIGHT),
            Column(_("Minutes on air"), 0.16, Align.RIGHT),
        )
        rows = []
        for month in self.figures.by_month:
            first, last = _month_dates(month.year, month.month, cutoff)
            first, last = max(first, self.period.start), min(last, self.period.end)
            rows.append(
                Row(
                    (
                        f"{month.month}/{month.year}",
                        f"{format_date(first)} – {format_date(last)}",
                        count(month.tally.activities),
                        count(month.tally.participants),
                        count(month.tally.minutes),
                    )
                )
            )
        total = self.figures.total
        rows.append(
            Row(
                (_("Total"), "", count(total.activities), count(total.participants), count(total.minutes)),
                RowKind.TOTAL,
            )
        )
        note = (
            _("Months run from the 15th of the month before to the 14th (Decree 09/2019).") if cutoff else ""
        )
        return Table(_("Table {n}. Results by month").format(n=number), columns, tuple(rows), note=note)

    # appendix

    def appendix_head(self, details: ReportDetails, number_line: str) -> list[Block]:
        """The appendix's title, the report it belongs to, and the charts."""
        assert details.issued_on is not None
        number = number_line.split(":", 1)[-1].strip()
        attached = (
            _("(Attached to Report No. {number} dated {date} of the {unit})")
            if details.number
            else _("(Attached to the Report dated {date} of the {unit})")
        ).format(number=number, date=format_date(details.issued_on), unit=self.unit_phrase())
        return [
            PageBreak(),
            Paragraph(_("APPENDIX"), bold=True, align=Align.CENTER),
            Paragraph(self.summary().upper(), bold=True, align=Align.CENTER),
            Paragraph(attached, italic=True, align=Align.CENTER),
            Heading("1. " + _("Charts"), 2),
            Chart(ChartKind.MONTHS, _("Chart {n}. Activities by month").format(n=1)),
            Chart(ChartKind.GROUPS, _("Chart {n}. Activities by group of channels").format(n=2)),
            Chart(ChartKind.CHANNELS, _("Chart {n}. Activities by channel").format(n=3)),
            Chart(ChartKind.TOPICS, _("Chart {n}. Activities by topic").format(n=4)),
        ]

    def appendix(
        self,
        lines: list[ActivityLine],
        details: ReportDetails,
        number_line: str,
        assessment: Sequence[Block] = (),
        table: int = 4,
    ) -> tuple[Block, ...]:
        """Title and charts, then ``assessment`` (numbered 2 when given), then the list of activities
        (its table numbered ``table``)."""
        blocks: list[Block] = [
            *self.appendix_head(details, number_line),
            *assessment,
            PageBreak(landscape=True),  # eight columns read far better across the page
            Heading(f"{3 if assessment else 2}. " + _("List of activities"), 2),
        ]
        if not lines:
            blocks.append(Paragraph(_("No communication activity was recorded in the period.")))
            return tuple(blocks)
        columns = (
            Column(_("No."), 0.045, Align.CENTER),
            Column(_("Date"), 0.08, Align.CENTER),
            Column(_("Channel"), 0.16, Align.LEFT),
            Column(_("Title"), 0.385, Align.LEFT),
            Column(_("Place"), 0.15, Align.LEFT),
            Column(_("Attendances"), 0.06, Align.RIGHT),
            Column(_("Quantity"), 0.07, Align.RIGHT),
            Column(_("Evidence"), 0.05, Align.CENTER),
        )
        rows = tuple(
            Row(
                (
                    str(index),
                    format_date(line.day),
                    line.channel,
                    line.title,
                    line.place,
                    count(line.participants) if line.participants is not None else "",
                    f"{amount(line.quantity)} {line.unit}",
                    str(line.evidence) if line.evidence else "",
                )
            )
            for index, line in enumerate(lines, start=1)
        )
        blocks.append(
            Table(
                _("Table {n}. Communication activities of the period").format(n=table),
                columns,
                rows,
                size=10.0,
                note=_("Evidence: the number of files (photos, minutes, documents) kept with the activity."),
            )
        )
        return tuple(blocks)


def _month_dates(year: int, month: int, cutoff: bool) -> tuple[date, date]:
    """First and last day of a report month: 15/(M-1) – 14/M under the cut-off, else the calendar month."""
    from calendar import monthrange

    if not cutoff:
        return date(year, month, 1), date(year, month, monthrange(year, month)[1])
    before = (year - 1, 12) if month == 1 else (year, month - 1)
    return date(before[0], before[1], 15), date(year, month, 14)
