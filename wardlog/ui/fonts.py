"""The fonts shipped in ``resources/fonts`` registered with Qt, so Vietnamese renders on any machine."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from wardlog.core.resources import resource_path

UI_FAMILY_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf")
UI_POINT_SIZE = 10


def install_fonts(app: QApplication) -> str | None:
    """Register the interface fonts and make them the application's default; returns the family."""
    family = None
    for name in UI_FAMILY_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else None)
    if family:
        font = QFont(family, UI_POINT_SIZE)
        app.setFont(font)
    return family
