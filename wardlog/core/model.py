"""Activities as values, and the rules every activity obeys wherever it comes from.

The command line, the importer and the desktop form all build an :class:`ActivityDraft` and pass it
through :func:`validate`, so the same bad value is refused the same way, with the same message.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from wardlog.core.errors import Issue
from wardlog.core.i18n import N_, _, format_number

if TYPE_CHECKING:
    from wardlog.core.catalog import Catalog

# Limits that catch typing slips (an extra zero, a pasted novel) rather than real activities.
MIN_DATE = date(2000, 1, 1)
FUTURE_DAYS = 366
MAX_TITLE = 500
MAX_LINE = 300  # place, responsible unit
MAX_NOTES = 5000
MAX_PARTICIPANTS = 1_000_000
MAX_QUANTITY = 10_000_000
MAX_MINUTES = 1_000_000

# Field names and their user-facing names (also the names of the import columns' meanings).
FIELD_NAMES: dict[str, str] = {
    "date": N_("Date"),
    "channel": N_("Channel"),
    "topics": N_("Topics"),
    "title": N_("Title"),
    "place": N_("Place"),
    "audiences": N_("Audiences"),
    "participants": N_("Participants"),
    "quantity": N_("Quantity"),
    "unit": N_("Unit"),
    "minutes": N_("Minutes on air"),
    "responsible": N_("Responsible unit"),
    "notes": N_("Notes"),
}


@dataclass(frozen=True)
class ActivityDraft:
    """What a person enters about one activity. Text is cleaned (NFC) before it gets here."""

    date: date
    channel: str
    topics: tuple[str, ...]
    title: str
    place: str = ""
    audiences: tuple[str, ...] = ()
    participants: int | None = None
    quantity: float = 1
    unit: str = ""  # empty: the channel's default unit
    minutes: int | None = None
    responsible: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Activity(ActivityDraft):
    """An activity as the book holds it: the draft plus its identity and history."""

    id: int = 0
    uid: str = ""
    ward_code: str | None = None
    created_at: str = ""
    updated_at: str = ""
    revision: int = 1
    deleted_at: str | None = field(default=None)

    @property
    def draft(self) -> ActivityDraft:
        return ActivityDraft(
            self.date,
            self.channel,
            self.topics,
            self.title,
            self.place,
            self.audiences,
            self.participants,
            self.quantity,
            self.unit,
            self.minutes,
            self.responsible,
            self.notes,
        )


def validate(
    draft: ActivityDraft,
    catalog: Catalog,
    *,
    today: date | None = None,
    allowed_retired: frozenset[str] = frozenset(),
) -> tuple[ActivityDraft, list[Issue]]:
    """Check a draft against the rules and the catalog.

    Returns the draft completed with defaults (the channel's unit) and every issue found. Retired
    catalog entries are refused unless their code is in ``allowed_retired`` (an edit that keeps the
    entry an activity already had).
    """
    from wardlog.core.catalog import Kind

    issues: list[Issue] = []
    today = today or date.today()

    if draft.date < MIN_DATE:
        issues.append(Issue("date", _("The date is before {d}.").format(d=MIN_DATE.strftime("%d/%m/%Y"))))
    elif draft.date > today + timedelta(days=FUTURE_DAYS):
        issues.append(Issue("date", _("The date is more than a year in the future.")))

    unit = draft.unit
    channel = catalog.get(Kind.CHANNEL, draft.channel) if draft.channel else None
    if not draft.channel:
        issues.append(Issue("channel", _("Choose a channel.")))
    elif channel is None:
        issues.append(Issue("channel", _("There is no channel “{value}”.").format(value=draft.channel)))
    elif channel.retired and channel.code not in allowed_retired:
        issues.append(Issue("channel", _("The channel “{value}” is retired.").format(value=channel.label)))
    elif not unit:
        unit = channel.default_unit

    if not draft.topics:
        issues.append(Issue("topics", _("Choose at least one topic.")))
    issues += _check_codes(catalog, Kind.TOPIC, "topics", draft.topics, allowed_retired)
    issues += _check_codes(catalog, Kind.AUDIENCE, "audiences", draft.audiences, allowed_retired)

    if not draft.title:
        issues.append(Issue("title", _("The title cannot be empty.")))
    issues += _check_length("title", draft.title, MAX_TITLE)
    issues += _check_length("place", draft.place, MAX_LINE)
    issues += _check_length("responsible", draft.responsible, MAX_LINE)
    issues += _check_length("notes", draft.notes, MAX_NOTES)

    issues += _check_number("participants", draft.participants, MAX_PARTICIPANTS)
    issues += _check_number("quantity", draft.quantity, MAX_QUANTITY)
    issues += _check_number("minutes", draft.minutes, MAX_MINUTES)

    if unit:
        entry = catalog.get(Kind.UNIT, unit)
        if entry is None:
            issues.append(Issue("unit", _("There is no unit “{value}”.").format(value=unit)))
        elif entry.retired and unit not in allowed_retired:
            issues.append(Issue("unit", _("The unit “{value}” is retired.").format(value=entry.label)))

    topics = _in_catalog_order(catalog, Kind.TOPIC, draft.topics)
    audiences = _in_catalog_order(catalog, Kind.AUDIENCE, draft.audiences)
    return replace(draft, unit=unit, topics=topics, audiences=audiences), issues


def _in_catalog_order(catalog: Catalog, kind: object, codes: tuple[str, ...]) -> tuple[str, ...]:
    """Codes without repeats, in the catalog's order (unknown codes last), as the book returns them."""

    def position(code: str) -> int:
        entry = catalog.get(kind, code)  # type: ignore[arg-type]
        return entry.position if entry else 1 << 30

    return tuple(sorted(dict.fromkeys(codes), key=position))


def _check_codes(
    catalog: Catalog, kind: object, name: str, codes: tuple[str, ...], allowed_retired: frozenset[str]
) -> list[Issue]:
    issues = []
    for code in codes:
        entry = catalog.get(kind, code)  # type: ignore[arg-type]
        if entry is None:
            issues.append(Issue(name, _("There is no entry “{value}”.").format(value=code)))
        elif entry.retired and code not in allowed_retired:
            issues.append(Issue(name, _("“{value}” is retired.").format(value=entry.label)))
    return issues


def _check_length(name: str, text: str, limit: int) -> list[Issue]:
    if len(text) > limit:
        return [Issue(name, _("Too long: {n} characters, at most {limit}.").format(n=len(text), limit=limit))]
    return []


def _check_number(name: str, value: float | None, limit: int) -> list[Issue]:
    if value is None:
        return []
    if value != value:  # NaN
        return [Issue(name, _("Not a number."))]
    if value < 0:
        return [Issue(name, _("Cannot be negative."))]
    if value > limit:
        return [Issue(name, _("Too large (at most {limit}).").format(limit=format_number(limit)))]
    return []
