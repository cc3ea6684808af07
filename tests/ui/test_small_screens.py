"""Every window can be used on a small 1024×600 screen (netbooks and old office monitors)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from wardlog.core import i18n
from wardlog.ui.activity_form import ActivityForm
from wardlog.ui.catalog_editor import CatalogEditor
from wardlog.ui.main_window import MainWindow
from wardlog.ui.plan_targets import TargetDialog
from wardlog.ui.plan_window import PlanWindow
from wardlog.ui.report_window import ReportWindow
from wardlog.ui.scoring_editor import ScoringEditor
from wardlog.ui.session import Session
from wardlog.ui.settings_dialog import SettingsDialog
from wardlog.ui.setup_wizard import SetupWizard

SCREEN_WIDTH, SCREEN_HEIGHT = 1024, 600


def _fits(widget: QWidget) -> None:
    hint = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    assert hint.width() <= SCREEN_WIDTH, (type(widget).__name__, hint)
    assert hint.height() <= SCREEN_HEIGHT - 40, (type(widget).__name__, hint)  # room for the title bar


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_window_fits_a_small_screen(qtbot: QtBot, session: Session, language: str) -> None:
    i18n.set_language(language)
    form = ActivityForm(session)
    qtbot.addWidget(form)
    form.show()
    form.repeat_toggle.setChecked(True)  # the tallest state of the form
    _fits(form)
    form.done(0)  # closing through reject() would ask about the unsaved repeat settings
    for window in (
        MainWindow(session),
        CatalogEditor(session),
        SettingsDialog(session),
        SetupWizard(session),
        ReportWindow(session),
        PlanWindow(session),
        ScoringEditor(session),
    ):
        qtbot.addWidget(window)
        _fits(window)
    target = TargetDialog(MainWindow(session), session, 2026)
    qtbot.addWidget(target.parentWidget())
    _fits(target)
