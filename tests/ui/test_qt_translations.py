"""Qt's own buttons speak the app's language (Qt ships no Vietnamese catalog)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from wardlog.core import i18n
from wardlog.ui.qt_translations import install_translator


def test_standard_buttons_follow_the_language(qtbot: QtBot, qapp: QApplication) -> None:
    install_translator(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {button.text() for button in box.buttons()}
    assert texts == {"Đồng ý", "Hủy"}
    i18n.set_language("en")
    english = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(english)
    assert {button.text() for button in english.buttons()} == {"OK", "Cancel"}


def test_message_box_buttons_in_vietnamese(qtbot: QtBot, qapp: QApplication) -> None:
    install_translator(qapp)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "WardLog",
        "?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    qtbot.addWidget(box)
    texts = {button.text().replace("&", "") for button in box.buttons()}
    assert texts == {i18n._("&Yes").replace("&", ""), i18n._("&No").replace("&", "")}
    assert "Yes" not in texts
