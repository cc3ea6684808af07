"""Values typed as text (a spreadsheet cell, a command-line argument) turned into activity values.

Each parser returns the value or raises :class:`FieldError` with a message for the user. Numbers
follow Vietnamese habits: ``1.200`` is one thousand two hundred, ``2,5`` is two and a half.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from wardlog.core.errors import Issue
from wardlog.core.i18n import _
from wardlog.core.model import ActivityDraft
from wardlog.core.text import clean

if TYPE_CHECKING:
    from wardlog.core.catalog import Catalog, Kind


class FieldError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


MAX_DIGITS = 300  # beyond what a float holds (1.8e308); the model refuses far smaller numbers anyway
SHOWN = 60  # characters of a refused value quoted back in a message


def shown(value: object) -> str:
    """A value as a message quotes it: cut short when long (a cell may hold 20,000 characters)."""
    text = str(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1].rstrip() + "…"


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_WHOLE = re.compile(r"\d{1,3}(?:([. ])\d{3})?(?:\1\d{3})*|\d+")
_DECIMAL = re.compile(r"(\d+)[,.](\d+)")


def parse_date(value: object) -> date:
    """``05/03/2026``, ``5/3/2026``, ``2026-03-05`` or a spreadsheet date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = "" if value is None else str(value).strip()
    if not text:
        raise FieldError(_("The date is missing."))
    found = _DMY.fullmatch(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
    else:
        found = _ISO.fullmatch(text)
        if not found:
            raise FieldError(
                _("“{value}” is not a date; write it as dd/mm/yyyy (05/03/2026) or yyyy-mm-dd.").format(
                    value=shown(text)
                )
            )
        year, month, day = (int(g) for g in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldError(_("{value} does not exist in the calendar.").format(value=shown(text))) from None


def parse_whole(value: object) -> int | None:
    """A whole number ≥ 0 (``1.200`` and ``1 200`` mean 1200); empty gives ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise FieldError(_("“{value}” is not a whole number.").format(value=value))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise FieldError(_("“{value}” is not a whole number.").format(value=value))
        number = int(value)
    else:
        text = str(value).strip()
        if not text:
            return None
        if text.startswith("-"):
            raise FieldError(_("Cannot be negative."))
        if not _WHOLE.fullmatch(text):
            raise FieldError(_("“{value}” is not a whole number.").format(value=shown(text)))
        digits = re.sub(r"[. ]", "", text).lstrip("0")
        if len(digits) > MAX_DIGITS:
            raise FieldError(_("“{value}” is too large a number.").format(value=shown(text)))
        number = int(digits or "0")
    if number < 0:
        raise FieldError(_("Cannot be negative."))
    return number


def parse_quantity(value: object) -> float | None:
    """A number ≥ 0: ``12``, ``1.200`` (grouped), ``2,5`` or ``2.5`` (decimal); empty gives ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # a whole number beyond any float, from a workbook
            raise FieldError(_("“{value}” is too large a number.").format(value=shown(value))) from None
    else:
        text = str(value).strip()
        if not text:
            return None
        if text.startswith("-"):
            raise FieldError(_("Cannot be negative."))
        if _WHOLE.fullmatch(text):
            digits = re.sub(r"[. ]", "", text)
        elif _DECIMAL.fullmatch(text):
            digits = text.replace(",", ".")
        else:
            raise FieldError(_("“{value}” is not a number.").format(value=shown(text)))
        if len(digits.split(".")[0].lstrip("0")) > MAX_DIGITS:
            raise FieldError(_("“{value}” is too large a number.").format(value=shown(text)))
        number = float(digits)
    if number != number:
        raise FieldError(_("“{value}” is not a number.").format(value=shown(value)))
    if number in (float("inf"), float("-inf")):
        raise FieldError(_("“{value}” is too large a number.").format(value=shown(value)))
    if number < 0:
        raise FieldError(_("Cannot be negative."))
    return number


def parse_entries(catalog: Catalog, kind: Kind, value: object) -> tuple[str, ...]:
    """Codes or labels separated by ``;`` → codes, ignoring case and diacritics.

    Labels that themselves contain ``;`` (“Cải cách thủ tục hành chính; một cửa, …”) are recognised
    by trying the longest run of pieces first.
    """
    text = clean(str(value)) if value is not None else ""
    pieces = [piece.strip() for piece in text.split(";")]
    # a label spans at most as many pieces as the longest label holds: try no longer runs than that
    # (a cell of thousands of pieces would otherwise take hours)
    longest = 1 + max(
        (entry.label.count(";") for entry in catalog.entries(kind, include_retired=True)), default=0
    )
    codes: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(pieces):
        if not pieces[i]:
            i += 1
            continue
        for j in range(min(len(pieces), i + longest), i, -1):
            entry = catalog.match(kind, "; ".join(pieces[i:j]))
            if entry is not None:
                codes.append(entry.code)
                i = j
                break
        else:
            unknown.append(pieces[i])
            i += 1
    if unknown:
        listed = ", ".join(f"“{shown(u)}”" for u in unknown[:5]) + (", …" if len(unknown) > 5 else "")
        raise FieldError(_("Not in the list: {values}.").format(values=listed))
    return tuple(dict.fromkeys(codes))


def parse_entry(catalog: Catalog, kind: Kind, value: object) -> str:
    """One code or label → its code (empty stays empty)."""
    text = clean(str(value)) if value is not None else ""
    if not text:
        return ""
    entry = catalog.match(kind, text)
    if entry is None:
        raise FieldError(_("“{value}” is not in the list.").format(value=shown(text)))
    return entry.code


def draft_from_values(
    values: Mapping[str, object], catalog: Catalog
) -> tuple[ActivityDraft | None, list[Issue]]:
    """A draft from raw field values keyed by field name (``date``, ``channel`` …).

    Returns the draft (``None`` when a value could not even be read) and the issues of reading.
    The draft still has to pass :func:`wardlog.core.model.validate`.
    """
    from wardlog.core.catalog import Kind

    issues: list[Issue] = []
    parsed: dict[str, object] = {}

    def read(name: str, parser: object) -> None:
        try:
            parsed[name] = parser(values.get(name))  # type: ignore[operator]
        except FieldError as error:
            issues.append(Issue(name, error.message))

    read("date", parse_date)
    read("channel", lambda v: parse_entry(catalog, Kind.CHANNEL, v))
    read("topics", lambda v: parse_entries(catalog, Kind.TOPIC, v))
    read("audiences", lambda v: parse_entries(catalog, Kind.AUDIENCE, v))
    read("participants", parse_whole)
    read("quantity", parse_quantity)
    read("unit", lambda v: parse_entry(catalog, Kind.UNIT, v))
    read("minutes", parse_whole)
    for name in ("title", "place", "responsible"):
        parsed[name] = clean(_text(values.get(name)))
    parsed["notes"] = clean(_text(values.get("notes")), multiline=True)
    if issues:
        return None, issues
    quantity = parsed.pop("quantity")
    draft = ActivityDraft(quantity=1 if quantity is None else quantity, **parsed)  # type: ignore[arg-type]
    return draft, issues


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
