"""The Qt binding must not corrupt the interpreter (PySide6 6.12.0 under Python 3.11 lost a
reference to None on every void call and aborted the process after a few thousand calls)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(str)


def test_void_calls_and_emits_keep_reference_counts() -> None:
    emitter = _Emitter()
    received: list[str] = []
    emitter.fired.connect(received.append)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        emitter.setObjectName("x")
        emitter.fired.emit("activities")
    assert len(received) == 2000
    assert sys.getrefcount(None) >= none_before - 50
    assert sys.getrefcount(True) >= true_before - 50
