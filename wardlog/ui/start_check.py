"""SQLite's quick check of the book at start, beside the window rather than before it.

The check reads the whole file, which takes two seconds for a million activities, so it runs in a
thread on a read-only connection of its own while the window is already in use; a damaged file is
told in a warning as soon as the check finds it (what it says is the same as it was before the
window opened: nothing is written meanwhile that the check would have prevented, and Check the book
is where the repairs are). Closing the app stops the check.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from wardlog.core.checks import quick_check
from wardlog.core.i18n import _


class StartCheck(QObject):
    """The quick check of the book at ``path``, started at once; ``found`` carries its findings, which
    are shown in a warning over ``window`` when there is one (and it is still open)."""

    found = Signal(list)  # sentences; empty when the file is sound

    def __init__(self, path: Path, window: QWidget | None = None) -> None:
        super().__init__()
        if window is not None:
            self.found.connect(_Warning(window).show)
        self._conn: sqlite3.Connection | None = sqlite3.connect(
            f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
        self._lock = threading.Lock()  # the connection is interrupted and closed from two threads
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wardlog-quick-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn = self._conn
        assert conn is not None
        try:
            problems = quick_check(conn)
        finally:
            with self._lock:
                conn.close()
                self._conn = None
        if not self._stopping.is_set():  # an interrupted check found nothing, whatever it says
            self.found.emit(problems)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        """Interrupt the check (the app is closing) and wait for its thread."""
        self._stopping.set()
        with self._lock:
            if self._conn is not None:
                self._conn.interrupt()
        self._thread.join()


class _Warning(QObject):
    """A child of the window: when the window goes, so does the warning's connection."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    @Slot(list)
    def show(self, problems: list[str]) -> None:
        if not problems:
            return
        from wardlog.ui.app import APP_NAME

        QMessageBox.warning(
            self._window,
            APP_NAME,
            "\n".join(problems)
            + "\n\n"
            + _(
                "Use Tools › Check the book… to repair what can be repaired, or go back to a copy in "
                "File › Backups…, before entering more work."
            ),
        )
