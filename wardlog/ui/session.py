"""What every window of the app shares: the open book, the undo history and one change signal.

Views never poke each other: whoever changes the book calls :meth:`Session.notify`, and every view
that shows that kind of data listens to :attr:`Session.changed` and refreshes itself.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from wardlog.core.book import Book

# What changed, as carried by Session.changed
ACTIVITIES = "activities"
CATALOG = "catalog"
SETTINGS = "settings"
REPORTS = "reports"  # a period's report details (number, signer, narrative) were saved
PLANS = "plans"  # an annual plan, an activity's links to its tasks, or the scoring table


class Session(QObject):
    """One open book in the app."""

    changed = Signal(str)  # ACTIVITIES, CATALOG, SETTINGS, REPORTS or PLANS

    def __init__(self, book: Book, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.book = book
        self.undo_stack = QUndoStack(self)

    def notify(self, what: str) -> None:
        """Tell every view that ``what`` changed in the book."""
        if what == CATALOG:
            self.book.catalog.invalidate()
        self.changed.emit(what)

    def reload(self) -> None:
        """The book's content was replaced underneath (a restore of a backup, a repair): set up the
        connection again, forget the undo history (its steps refer to what is gone) and tell every view."""
        self.book.reopen()
        self.book.catalog.invalidate()
        self.undo_stack.clear()
        for what in (SETTINGS, CATALOG, REPORTS, PLANS, ACTIVITIES):
            self.changed.emit(what)
