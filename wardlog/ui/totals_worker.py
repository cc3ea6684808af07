"""The totals under the activity list, added up beside the window rather than before the list shows.

Totals read every activity the list holds (a third of a second for a million), where showing the
list reads one page; so they are computed in a thread on a connection of its own, and shown when
they arrive. Only the newest request counts: one that a newer request overtakes is interrupted
(typing a search asks for new totals at each pause), and its outcome is never shown. A book kept
in memory has no second connection: its totals are added up at once.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading

from PySide6.QtCore import QObject, Signal, Slot

from wardlog.core.activities import ActivityQuery, Totals
from wardlog.core.book import Book
from wardlog.core.logs import log


class TotalsWorker(QObject):
    """Computes the totals of the latest query asked for; ``ready`` carries them."""

    ready = Signal(object)  # Totals
    failed = Signal(object)  # the exception (it is logged)

    def __init__(self, book: Book, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._book = book
        self._wanted = 0  # the newest request
        self._busy = False
        self._query: ActivityQuery | None = None
        self._lock = threading.Lock()  # guards the running connection, interrupted from here
        self._running: sqlite3.Connection | None = None
        self._results = _Results(self)
        self._results.done.connect(self._done)

    @property
    def pending(self) -> bool:
        """Totals were asked for and have not been shown yet."""
        return self._busy

    def request(self, query: ActivityQuery) -> None:
        """Compute the totals of ``query`` (any earlier request is dropped)."""
        self._wanted += 1
        self._query = query
        if self._busy:  # overtaken: stop it; its end starts this one
            with self._lock:
                if self._running is not None:
                    self._running.interrupt()
            return
        self._start()

    def _start(self) -> None:
        generation, query, path = self._wanted, self._query, self._book.path
        assert query is not None
        self._busy = True
        if path is None:
            self._done(generation, self._book.activities.totals(query))
            return
        results, lock, worker = self._results, self._lock, self

        def work() -> None:
            outcome: Totals | Exception
            try:
                with Book.open(path, create=False) as book:
                    with lock:
                        worker._running = book.conn
                    try:
                        outcome = book.activities.totals(query)
                    finally:
                        with lock:
                            worker._running = None
            except Exception as error:  # handed to the window's thread, never lost here
                outcome = error
            with contextlib.suppress(RuntimeError):  # the list was closed meanwhile
                results.done.emit(generation, outcome)

        threading.Thread(target=work, name="wardlog-totals", daemon=True).start()

    @Slot(int, object)
    def _done(self, generation: int, outcome: object) -> None:
        if generation != self._wanted:  # asked for something newer meanwhile
            self._start()
            return
        self._busy = False
        if isinstance(outcome, Exception):
            log.warning("the totals of the list could not be computed: %s", outcome)
            self.failed.emit(outcome)
            return
        self.ready.emit(outcome)


class _Results(QObject):
    """Carries a thread's outcome back to the window's thread (a queued signal)."""

    done = Signal(int, object)  # generation, Totals or the exception raised
