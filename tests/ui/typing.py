"""Typing as a user does, Vietnamese included.

``qtbot.keyClicks`` aborts the process on any non-ASCII character (Qt's qasciikey.cpp), so text is
sent as an input-method commit, the way a Vietnamese keyboard (Unikey, the OS IME) delivers it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Insert ``text`` at the cursor of ``widget`` as typed text (the widget's edit signals fire)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)
