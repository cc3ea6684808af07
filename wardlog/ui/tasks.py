"""Long work (import of a large spreadsheet, a long report, a merge) off the UI thread.

The work runs in a worker thread on its own connection to the book, reports progress to a dialog,
and can be cancelled: cancelling raises :class:`Cancelled` inside the work at its next progress
report, so its transaction rolls back and the book is left as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from wardlog.core.book import Book
from wardlog.core.i18n import _

T = TypeVar("T")
Progress = Callable[[int, int], None]
Work = Callable[[Book, Progress], T]


class Cancelled(Exception):
    """The user cancelled the work; everything it did was rolled back."""


class _Worker(QThread, Generic[T]):
    progressed = Signal(int, int)

    def __init__(self, book_path: Path, work: Work[T]) -> None:
        super().__init__()
        self._book_path = book_path
        self._work = work
        self._cancel = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            with Book.open(self._book_path, create=False) as book:
                self.result = self._work(book, self._progress)
        except BaseException as error:  # handed to the UI thread, which decides what to show
            self.error = error


class Task(QObject, Generic[T]):
    """One long piece of work with a progress dialog. Call :meth:`run`; it returns when the work is done."""

    def __init__(self, parent: QWidget, book_path: Path, work: Work[T], *, label: str) -> None:
        super().__init__(parent)
        self._worker: _Worker[T] = _Worker(book_path, work)
        self._dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
        self._dialog.setWindowTitle(_("Please wait"))
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(300)
        self._dialog.setAutoClose(False)
        self._dialog.setAutoReset(False)
        self._dialog.canceled.connect(self._worker.cancel)
        self._worker.progressed.connect(self._show_progress)

    def _show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self._dialog.setMaximum(total)
            self._dialog.setValue(min(done, total))
        else:
            self._dialog.setMaximum(0)  # busy indicator when the total is unknown
            self._dialog.setLabelText(
                self._dialog.labelText().split("\n")[0] + "\n" + f"{done:,}".replace(",", ".")
            )

    def run(self) -> T:
        """Run the work, keeping the UI responsive; returns its result or raises its error (or Cancelled)."""
        from PySide6.QtCore import QEventLoop

        loop = QEventLoop()
        self._worker.finished.connect(loop.quit)
        self._worker.start()
        if not self._worker.isFinished():
            loop.exec()
        self._worker.wait()
        self._dialog.close()
        if self._worker.error is not None:
            raise self._worker.error
        return self._worker.result  # type: ignore[return-value]
