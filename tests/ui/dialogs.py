"""Working a modal dialog the app opens (it runs its own event loop, so the work is queued first)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

W = TypeVar("W", bound=QWidget)


def when_open(kind: type[W], work: Callable[[W], None]) -> list[W]:
    """Run ``work`` on the next modal ``kind`` once it is open; the list gets the dialog that was seen."""
    seen: list[W] = []

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isVisible():
            QTimer.singleShot(10, handle)
            return
        seen.append(dialog)
        try:
            work(dialog)
        except BaseException:
            if dialog.isVisible():  # a failed check must not leave the test waiting on the dialog
                dialog.close()
            raise

    QTimer.singleShot(0, handle)
    return seen
