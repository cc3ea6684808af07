"""Files the desktop hands to WardLog: a double-clicked exchange file opens the app (or reaches the
window already open, see single_instance.py), which offers to merge it into the book."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from wardlog.core.exchange_format import SUFFIX
from wardlog.core.i18n import _, ngettext
from wardlog.ui.questions import ask

if TYPE_CHECKING:
    from wardlog.ui.main_window import MainWindow


def offer_merge(window: MainWindow, paths: Sequence[Path]) -> bool:
    """Ask whether to merge the exchange files in ``paths`` into the window's book, and do it.

    Returns True when a merge was started. Files that are missing or are not exchange files are
    named and left alone.
    """
    window.bring_forward()
    usable = [path for path in paths if path.suffix.lower() == SUFFIX and path.is_file()]
    unusable = [path for path in paths if path not in usable]
    if unusable:
        QMessageBox.warning(
            window,
            _("Merge ward files"),
            _("WardLog cannot open these files; it opens exchange files ({suffix}) from the wards:").format(
                suffix=SUFFIX
            )
            + "\n\n"
            + "\n".join(str(path) for path in unusable),
        )
    if not usable:
        return False
    question = (
        ngettext(
            "Merge this ward file into the book?",
            "Merge these {n} ward files into the book?",
            len(usable),
        ).format(n=len(usable))
        + "\n\n"
        + "\n".join(path.name for path in usable)
        + "\n\n"
        + _("Merging the same file again changes nothing; a newer file from a ward updates its data.")
    )
    if not ask(window, _("Merge ward files"), question, _("Merge"), _("Cancel"), act_by_default=True):
        return False
    window.show_wards_page().merge(usable)  # the upper level's page, which merges with a progress bar
    return True
