"""Drafts of a report's narrative parts, written from the period's figures.

Only a person can assess a period, so these are a starting point that the officer edits in the
report window: what the figures say (how much was done, which channels, topics and months were
left out) put into the report's usual sentences. Parts the figures cannot speak to (causes,
proposals) get a short prompt in parentheses that says what to write there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wardlog.core.i18n import _
from wardlog.core.reports import Part

if TYPE_CHECKING:
    from wardlog.core.figures import Figures

TOP = 3  # channels and topics named as the most used


def narrative(figures: Figures) -> dict[Part, str]:
    """A draft for every narrative part of the report of ``figures.period``."""
    from wardlog.report.document import activities_phrase, count

    period = figures.period
    total = figures.total
    used = sorted((c for c in figures.by_channel if c.tally.activities), key=lambda c: -c.tally.activities)
    unused = [c.label for c in figures.by_channel if not c.tally.activities]
    covered = sorted((t for t in figures.by_topic if t.activities), key=lambda t: -t.activities)
    uncovered = [t.label for t in figures.by_topic if not t.activities]
    empty_months = [f"{m.month}/{m.year}" for m in figures.by_month if not m.tally.activities]

    direction = _(
        "The ward's People's Committee directed its departments, mass organisations and residential "
        "groups to carry out information and communication on administrative reform in the {period}, "
        "combining it with the meetings, conferences and activities held in the ward."
    ).format(period=period.label)

    if total.activities:
        strengths = [
            _(
                "Communication on administrative reform was carried out regularly: {activities} with "
                "{participants} attendances, through {channels} channels in {groups} groups of channels."
            ).format(
                activities=activities_phrase(total.activities),
                participants=count(total.participants),
                channels=figures.channels_used,
                groups=figures.groups_used,
            ),
            _("The channels used most: {channels}.").format(
                channels=", ".join(f"{c.label} ({activities_phrase(c.tally.activities)})" for c in used[:TOP])
            ),
            _("The topics communicated most: {topics}.").format(
                topics=", ".join(f"{t.label} ({activities_phrase(t.activities)})" for t in covered[:TOP])
            ),
        ]
    else:
        strengths = [_("No communication activity was recorded in the period.")]

    shortcomings = []
    if unused:
        shortcomings.append(
            _("Channels not used in the period: {channels}.").format(channels="; ".join(unused))
        )
    if uncovered:
        shortcomings.append(_("Topics not yet communicated: {topics}.").format(topics="; ".join(uncovered)))
    if empty_months and total.activities:
        shortcomings.append(
            _("Months without any activity: {months}.").format(months=", ".join(empty_months))
        )
    if not shortcomings:
        shortcomings.append(_("The figures show no channel, topic or month left out in the period."))

    next_steps = [
        _("In the {period}, continue the communication on administrative reform in the ward.").format(
            period=period.next().label
        )
    ]
    if used:
        next_steps.append(
            _("Keep up the channels that worked well: {channels}.").format(
                channels="; ".join(c.label for c in used[:TOP])
            )
        )
    if unused:
        next_steps.append(
            _("Make more use of channels not yet used: {channels}.").format(channels="; ".join(unused[:TOP]))
        )
    if uncovered:
        next_steps.append(_("Give attention to the topics: {topics}.").format(topics="; ".join(uncovered)))
    next_steps.append(
        _("Record every activity in the log with its evidence (photos, minutes, broadcast logs, links).")
    )

    return {
        Part.DIRECTION: direction,
        Part.STRENGTHS: "\n".join(strengths),
        Part.SHORTCOMINGS: "\n".join(shortcomings),
        Part.CAUSES: _("(State the causes of the shortcomings above: objective and subjective.)"),
        Part.NEXT_STEPS: "\n".join(next_steps),
        Part.PROPOSALS: _("(State the proposals and recommendations to the upper level, if any.)"),
    }
