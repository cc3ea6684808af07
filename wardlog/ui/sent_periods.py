"""Before changing a period the upper level already has as final: ask, and say what follows.

The core records every such change (:mod:`wardlog.core.locks`); the app's part is to ask first.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtWidgets import QWidget

from wardlog.core.book import Book
from wardlog.core.errors import ValidationError
from wardlog.core.i18n import _, format_date
from wardlog.core.locks import ExportRecord, final_exports_covering
from wardlog.core.periods import parse
from wardlog.ui.questions import ask


def period_name(record: ExportRecord) -> str:
    """“6 tháng đầu năm 2026” for an export of 2026-H1 (the code itself for a range)."""
    try:
        return parse(record.period, record.convention).label
    except (ValidationError, ValueError):
        return record.period


def confirm_change(parent: QWidget, book: Book, days: Iterable[date]) -> bool:
    """True when no final export covers ``days``, or when the user chooses to change it anyway."""
    sent = final_exports_covering(book, days)
    if not sent:
        return True
    periods = "; ".join(
        _("{period} (sent on {day})").format(
            period=period_name(record), day=format_date(date.fromisoformat(record.created_at[:10]))
        )
        for record in sent
    )
    return ask(
        parent,
        _("Already sent to the upper level"),
        _(
            "The upper level already has the final data of {periods}. Change it anyway? "
            "The change is noted, and the next export of that period will be marked as a correction."
        ).format(periods=periods),
        _("Change anyway"),
        _("Cancel"),
        act_by_default=False,
    )
