"""Who the book belongs to: the ward's official code, its name on documents, its place name.

The setup wizard and ``wardlog init`` both come here, so both accept and refuse the same values.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from wardlog.core.errors import Issue, ValidationError
from wardlog.core.i18n import LANGUAGES, _
from wardlog.core.periods import Convention
from wardlog.core.settings import BookSettings
from wardlog.core.text import clean

if TYPE_CHECKING:
    from wardlog.core.book import Book

_WARD_CODE = re.compile(r"\d{5}")
_TYPE_WORDS = re.compile(r"^(ủy ban nhân dân|ubnd)?\s*(phường|xã|đặc khu|thị trấn)\s+", re.IGNORECASE)
MAX_NAME = 200


def place_from_unit_name(unit_name: str) -> str:
    """“Phường Hà Đông” → “Hà Đông”: the name a date line uses."""
    return _TYPE_WORDS.sub("", unit_name).strip() or unit_name


def identity_issues(
    *,
    ward_code: str,
    unit_name: str,
    convention: str | None = None,
    language: str | None = None,
    **_other: object,
) -> list[Issue]:
    """Every objection to these identity values, without touching any book (empty: acceptable)."""
    issues: list[Issue] = []
    code = ward_code.strip()
    name = clean(unit_name)
    if not _WARD_CODE.fullmatch(code):
        issues.append(Issue("ward_code", _("A ward code has exactly 5 digits, e.g. 09556.")))
    if not name:
        issues.append(Issue("unit_name", _("The unit's name cannot be empty.")))
    elif len(name) > MAX_NAME:
        issues.append(Issue("unit_name", _("The unit's name is too long.")))
    if convention is not None and convention not in {c.value for c in Convention}:
        issues.append(Issue("convention", _("The period convention is “cutoff” or “calendar”.")))
    if language is not None and language not in LANGUAGES:
        issues.append(Issue("language", _("The language is “vi” or “en”.")))
    return issues


def set_identity(
    book: Book,
    *,
    ward_code: str,
    unit_name: str,
    place: str | None = None,
    province: str | None = None,
    convention: str | None = None,
    language: str | None = None,
) -> tuple[BookSettings, list[str]]:
    """Record the ward's identity; returns the settings in force and notes for the user.

    A code absent from the official list (Decision 19/2025/QĐ-TTg) is accepted with a note, since
    the list shipped with the program may be older than a later change of boundaries.
    """
    issues = identity_issues(
        ward_code=ward_code, unit_name=unit_name, convention=convention, language=language
    )
    if issues:
        raise ValidationError(issues)
    notes: list[str] = []
    code = ward_code.strip()
    name = clean(unit_name)

    from wardlog.core.units import load_units

    official = load_units().ward(code)
    if official is None:
        notes.append(
            _("Note: {code} is not in the official list of wards shipped with WardLog.").format(code=code)
        )
    changes: dict[str, object] = {
        "ward_code": code,
        "unit_name": name,
        "place": clean(place) if place else place_from_unit_name(name),
    }
    if province:
        changes["province"] = clean(province)
    elif official is not None:
        changes["province"] = official.province_name
    if convention:
        changes["convention"] = convention
    if language:
        changes["language"] = language
    return book.update_settings(**changes), notes
