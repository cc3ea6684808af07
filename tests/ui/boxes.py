"""Answering the message boxes the app asks, as a user does."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot


def answer_box(qtbot: QtBot, button: str | None = None) -> dict[str, str]:
    """Answer the next message box once it opens (it runs its own event loop, so this is queued first).

    ``button`` is the text of the button to click (without "&"); None presses Enter (its default).
    Returns the box's title and text once answered.
    """
    seen: dict[str, str] = {}

    def handle() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(0, handle)
            return
        seen["title"] = box.windowTitle()
        seen["text"] = box.text()
        if button is None:
            qtbot.keyClick(box, Qt.Key.Key_Return)
            return
        for candidate in box.buttons():
            if candidate.text().replace("&", "") == button:
                qtbot.mouseClick(candidate, Qt.MouseButton.LeftButton)
                return
        raise AssertionError(f"no button {button!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, handle)
    return seen
