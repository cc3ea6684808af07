"""The Settings dialog, driven as a user drives it: tabs, typing, OK / Cancel / Apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from wardlog.core import i18n
from wardlog.core.book import Book
from wardlog.core.i18n import _
from wardlog.core.identity import set_identity
from wardlog.ui.session import Session
from wardlog.ui.settings_dialog import SettingsDialog, suggested_recipient

from .typing import type_text


@pytest.fixture
def ha_dong(book: Book) -> Book:
    """A book set up for Phường Hà Đông, as the wizard leaves it."""
    set_identity(book, ward_code="09556", unit_name="Phường Hà Đông", place="Hà Đông")
    book.update_settings(recipient="Sở Nội vụ thành phố Hà Nội", signer_name="Nguyễn Văn An")
    return book


def _dialog(qtbot: QtBot, session: Session) -> SettingsDialog:
    dialog = SettingsDialog(session)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def _tab(qtbot: QtBot, dialog: SettingsDialog, index: int) -> None:
    bar = dialog.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index


def _button(dialog: SettingsDialog, which: QDialogButtonBox.StandardButton) -> QAbstractButton:
    return dialog.buttons.button(which)


def _retype(qtbot: QtBot, editor: QLineEdit, text: str) -> None:
    """Select what the field holds and type over it, as a user does."""
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    if text:
        type_text(editor, text)


def _click_choice(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(10, button.height() // 2))
    assert button.isChecked()


def test_the_dialog_shows_the_book_settings(qtbot: QtBot, session: Session, ha_dong: Book) -> None:
    dialog = _dialog(qtbot, session)
    picker = dialog.form.ward.picker
    assert picker.ward is not None and picker.ward.code == "09556"
    assert picker.province_box.currentText() == "Thành phố Hà Nội"
    assert picker.ward_list.currentItem().text() == "Phường Hà Đông"  # shown where it is in the list
    assert dialog.form.heading._editors["unit_name"].text() == "Phường Hà Đông"
    assert dialog.form.signing._editors["signer_name"].text() == "Nguyễn Văn An"
    assert dialog.form.periods.buttons["cutoff"].isChecked()
    assert dialog.form.language.buttons["vi"].isChecked()
    assert "PHƯỜNG HÀ ĐÔNG" in dialog.preview.page.text()
    assert not dialog.apply_button.isEnabled()  # nothing to apply yet


def test_edit_the_signer_and_the_convention(qtbot: QtBot, session: Session, ha_dong: Book) -> None:
    dialog = _dialog(qtbot, session)
    _tab(qtbot, dialog, 1)
    signer = dialog.form.signing._editors["signer_name"]
    _retype(qtbot, signer, "Trần Thị Ngọc Ánh")
    assert dialog.apply_button.isEnabled()
    assert "Trần Thị Ngọc Ánh" in dialog.preview.page.text()
    _tab(qtbot, dialog, 2)
    _click_choice(qtbot, dialog.form.periods.buttons["calendar"])
    assert ha_dong.settings.signer_name == "Nguyễn Văn An"  # nothing written before OK

    with qtbot.waitSignal(session.changed) as notice:
        qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert notice.args == ["settings"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    settings = ha_dong.settings
    assert settings.signer_name == "Trần Thị Ngọc Ánh"
    assert settings.convention == "calendar"
    assert settings.ward_code == "09556" and settings.unit_name == "Phường Hà Đông"


def test_apply_writes_and_keeps_the_dialog_open(qtbot: QtBot, session: Session, ha_dong: Book) -> None:
    dialog = _dialog(qtbot, session)
    _tab(qtbot, dialog, 1)
    _retype(qtbot, dialog.form.signing._editors["document_code"], "  BC-UBND  ")
    _retype(qtbot, dialog.form.signing._editors["signer_title"], "Chủ  tịch")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert ha_dong.settings.signer_title == "Chủ tịch"  # cleaned as every text entering the book
    assert ha_dong.settings.document_code == "BC-UBND"
    assert not dialog.apply_button.isEnabled()


def test_cancel_discards_the_edits(qtbot: QtBot, session: Session, ha_dong: Book) -> None:
    before = ha_dong.settings
    dialog = _dialog(qtbot, session)
    _tab(qtbot, dialog, 1)
    _retype(qtbot, dialog.form.signing._editors["signer_name"], "Lê Văn Tám")
    with qtbot.assertNotEmitted(session.changed):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert ha_dong.settings == before


def test_an_empty_unit_name_is_refused_and_the_typing_kept(
    qtbot: QtBot, session: Session, ha_dong: Book
) -> None:
    before = ha_dong.settings
    dialog = _dialog(qtbot, session)
    _tab(qtbot, dialog, 1)
    _retype(qtbot, dialog.form.signing._editors["signer_name"], "Trần Văn Bình")
    _retype(qtbot, dialog.form.heading._editors["unit_name"], "")
    _tab(qtbot, dialog, 2)
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    assert dialog.isVisible()  # refused: still open
    assert dialog.tabs.currentIndex() == 1  # on the tab of the field concerned
    error = dialog.form.heading._errors["unit_name"]
    assert error.isVisible() and error.text() == _("The unit's name cannot be empty.")
    assert dialog.form.heading._editors["unit_name"].hasFocus()
    assert dialog.form.signing._editors["signer_name"].text() == "Trần Văn Bình"  # kept
    assert ha_dong.settings == before  # nothing written, not even the signer

    type_text(dialog.form.heading._editors["unit_name"], "Phường Hà Đông")
    assert not error.isVisible()
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert ha_dong.settings.signer_name == "Trần Văn Bình"


def test_a_book_without_a_ward_is_refused_on_the_ward_tab(qtbot: QtBot, session: Session, book: Book) -> None:
    dialog = _dialog(qtbot, session)
    _tab(qtbot, dialog, 2)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter accepts
    assert dialog.isVisible()
    assert dialog.tabs.currentIndex() == 0
    assert dialog.form.ward.picker.error_label.isVisible()
    assert dialog.form.ward.picker.error_label.text() == _("A ward code has exactly 5 digits, e.g. 09556.")
    assert book.settings.ward_code == ""


def test_choosing_another_ward_updates_what_followed_the_old_one(
    qtbot: QtBot, session: Session, ha_dong: Book
) -> None:
    ha_dong.update_settings(recipient="Sở Văn hóa, Thể thao và Du lịch")  # the user's own recipient
    dialog = _dialog(qtbot, session)
    picker = dialog.form.ward.picker
    qtbot.keyClicks(picker.search_box, "kien hung")
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Return)
    assert picker.ward is not None and picker.ward.name == "Phường Kiến Hưng"
    heading = dialog.form.heading._editors
    assert heading["unit_name"].text() == "Phường Kiến Hưng"  # it was the old ward's name: follows
    assert heading["place"].text() == "Kiến Hưng"
    assert dialog.form.signing._editors["recipient"].text() == "Sở Văn hóa, Thể thao và Du lịch"  # kept
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    settings = ha_dong.settings
    assert (settings.ward_code, settings.unit_name, settings.place) == (
        picker.ward.code,
        "Phường Kiến Hưng",
        "Kiến Hưng",
    )
    assert settings.province == "Thành phố Hà Nội"


def test_the_language_changes_after_ok(qtbot: QtBot, session: Session, ha_dong: Book) -> None:
    dialog = _dialog(qtbot, session)
    _tab(qtbot, dialog, 3)
    _click_choice(qtbot, dialog.form.language.buttons["en"])
    assert i18n.current_language() == "vi"  # not before OK
    qtbot.mouseClick(_button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert i18n.current_language() == "en"
    assert ha_dong.settings.language == "en"


def test_apply_translates_the_dialog_itself(qtbot: QtBot, session: Session, ha_dong: Book) -> None:
    dialog = _dialog(qtbot, session)
    example = dialog.form.periods._examples["cutoff"]
    assert "6 tháng đầu năm" in example.text()
    _tab(qtbot, dialog, 3)
    _click_choice(qtbot, dialog.form.language.buttons["en"])
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert "first 6 months of" in example.text()
    assert dialog.tabs.tabText(0) == "&Ward"
    assert dialog.windowTitle() == "Settings of the book"


def test_recipient_suggestion() -> None:
    assert suggested_recipient("Thành phố Hà Nội") == "Sở Nội vụ thành phố Hà Nội"
    assert suggested_recipient("Tỉnh Cà Mau") == "Sở Nội vụ tỉnh Cà Mau"
    assert suggested_recipient("") == ""


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_tab_fits_and_renders(
    qtbot: QtBot, session: Session, ha_dong: Book, tmp_path: Path, language: str
) -> None:
    i18n.set_language(language)
    dialog = _dialog(qtbot, session)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        page = dialog.tabs.currentWidget()
        hint = page.minimumSizeHint()
        assert hint.width() <= page.width() and hint.height() <= page.height(), index
        assert dialog.grab().save(str(tmp_path / f"tab{index}.png"))
