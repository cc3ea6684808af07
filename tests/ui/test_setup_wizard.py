"""The first-run wizard and the ward picker, driven as a user drives them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWizard
from pytestqt.qtbot import QtBot

from wardlog.core import i18n
from wardlog.core.book import Book
from wardlog.core.i18n import _
from wardlog.core.identity import set_identity
from wardlog.core.periods import Convention, PeriodKind, named
from wardlog.core.units import load_units
from wardlog.ui.session import Session
from wardlog.ui.settings_dialog import EXAMPLE_YEAR
from wardlog.ui.setup_wizard import SetupWizard, run_first_setup
from wardlog.ui.ward_picker import WardPicker

from .typing import type_text


def _wizard(qtbot: QtBot, session: Session) -> SetupWizard:
    wizard = SetupWizard(session)
    qtbot.addWidget(wizard)
    with qtbot.waitActive(wizard):
        wizard.show()
        wizard.activateWindow()
    return wizard


def _click(qtbot: QtBot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_choice(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a radio button on its text (a click right of the text does nothing, as in Qt)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(10, button.height() // 2))
    assert button.isChecked()


def _choose_ha_dong(qtbot: QtBot, wizard: SetupWizard) -> None:
    """On the ward page: type “ha dong”, go down into the list, Enter."""
    picker = wizard.form.ward.picker
    qtbot.keyClicks(picker.search_box, "ha dong")
    assert picker.ward_list.item(0).text().startswith("Phường Hà Đông")
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Down)
    assert picker.ward_list.hasFocus()
    qtbot.keyClick(picker.ward_list, Qt.Key.Key_Return)
    assert picker.ward is not None and picker.ward.code == "09556"


def test_the_wizard_from_start_to_finish(qtbot: QtBot, session: Session, book: Book) -> None:
    wizard = _wizard(qtbot, session)
    assert wizard.currentPage() is wizard.welcome_page
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    assert wizard.currentPage() is wizard.ward_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # no ward yet
    _choose_ha_dong(qtbot, wizard)
    assert "09556" in wizard.form.ward.picker.chosen_label.text()
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    heading = wizard.form.heading
    assert wizard.currentPage() is wizard.heading_page
    assert heading._editors["unit_name"].text() == "Phường Hà Đông"
    assert heading._editors["issuer"].text() == "Ủy ban nhân dân"
    assert heading._editors["place"].text() == "Hà Đông"
    assert "PHƯỜNG HÀ ĐÔNG" in heading.preview.page.text()
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    signing = wizard.form.signing
    assert wizard.currentPage() is wizard.signing_page
    assert signing._editors["recipient"].text() == "Sở Nội vụ thành phố Hà Nội"
    assert signing._editors["document_code"].text() == "BC-UBND"
    type_text(signing._editors["signer_name"], "Nguyễn Thị Hằng")
    assert "Nguyễn Thị Hằng" in signing.preview.page.text()
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    assert wizard.currentPage() is wizard.periods_page
    cutoff = named(PeriodKind.HALF, EXAMPLE_YEAR, 1, Convention.CUTOFF)
    examples = wizard.form.periods._examples
    assert cutoff.start.strftime("%d/%m/%Y") in examples["cutoff"].text()
    assert f"01/01/{EXAMPLE_YEAR} – 30/06/{EXAMPLE_YEAR}" in examples["calendar"].text()
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    summary = wizard.summary_page
    assert wizard.currentPage() is summary
    assert "Phường Hà Đông" in summary.values["ward"].text()
    assert summary.values["province"].text() == "Thành phố Hà Nội"
    assert "Nguyễn Thị Hằng" in summary.preview.page.text()
    assert book.settings.ward_code == ""  # nothing written before Finish

    with qtbot.waitSignal(session.changed) as notice:
        _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert notice.args == ["settings"]
    assert wizard.result() == QDialog.DialogCode.Accepted
    settings = book.settings
    assert settings.ward_code == "09556"
    assert settings.unit_name == "Phường Hà Đông"
    assert settings.place == "Hà Đông"
    assert settings.province == "Thành phố Hà Nội"
    assert settings.issuer == "Ủy ban nhân dân"
    assert settings.recipient == "Sở Nội vụ thành phố Hà Nội"
    assert settings.signer_name == "Nguyễn Thị Hằng"
    assert settings.signer_title == "Phó Chủ tịch"
    assert settings.document_code == "BC-UBND"
    assert settings.convention == "cutoff"
    assert settings.language == "vi"


def test_enter_picks_the_ward_then_goes_on(qtbot: QtBot, session: Session) -> None:
    wizard = _wizard(qtbot, session)
    qtbot.keyClick(wizard, Qt.Key.Key_Return)  # Enter accepts the page
    assert wizard.currentPage() is wizard.ward_page
    picker = wizard.form.ward.picker
    assert picker.search_box.hasFocus()
    qtbot.keyClicks(picker.search_box, "ha dong")
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Return)  # picks the best match, stays here
    assert picker.ward is not None and picker.ward.name == "Phường Hà Đông"
    assert wizard.currentPage() is wizard.ward_page
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Return)  # already chosen: Enter means Next
    assert wizard.currentPage() is wizard.heading_page


def test_cancel_leaves_the_book_unchanged(qtbot: QtBot, session: Session, book: Book) -> None:
    before = book.settings
    wizard = _wizard(qtbot, session)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _choose_ha_dong(qtbot, wizard)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    type_text(wizard.form.signing._editors["signer_name"], "Nguyễn Thị Hằng")
    _click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert wizard.result() == QDialog.DialogCode.Rejected
    assert book.settings == before


def test_switching_to_english_translates_the_wizard_live(qtbot: QtBot, session: Session, book: Book) -> None:
    wizard = _wizard(qtbot, session)
    example = wizard.form.periods._examples["cutoff"]
    assert "6 tháng đầu năm" in example.text()  # Vietnamese from the catalog
    english = wizard.form.language.buttons["en"]
    click_choice(qtbot, english)
    assert i18n.current_language() == "en"
    assert "first 6 months of" in example.text()
    assert wizard.welcome_page.title() == "Welcome to WardLog"
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Next >"
    assert wizard.form.ward.picker.province_box.itemText(0) == "All provinces"
    assert wizard.windowTitle() == "Setting up the book — WardLog"

    click_choice(qtbot, wizard.form.language.buttons["vi"])
    assert "6 tháng đầu năm" in example.text()
    click_choice(qtbot, english)
    _click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert i18n.current_language() == "vi"  # Cancel: back to the language in use before
    assert book.settings.language == "vi"


def test_the_language_chosen_is_saved(qtbot: QtBot, session: Session, book: Book) -> None:
    wizard = _wizard(qtbot, session)
    click_choice(qtbot, wizard.form.language.buttons["en"])
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _choose_ha_dong(qtbot, wizard)
    for _page in range(3):
        _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click_choice(qtbot, wizard.form.periods.buttons["calendar"])
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert "Calendar dates" in wizard.summary_page.values["periods"].text()
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert book.settings.language == "en"
    assert book.settings.convention == "calendar"
    assert i18n.current_language() == "en"


def test_an_empty_unit_name_is_refused_next_to_the_field(qtbot: QtBot, session: Session) -> None:
    wizard = _wizard(qtbot, session)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _choose_ha_dong(qtbot, wizard)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    unit_name = wizard.form.heading._editors["unit_name"]
    error = wizard.form.heading._errors["unit_name"]
    unit_name.selectAll()
    qtbot.keyClick(unit_name, Qt.Key.Key_Delete)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.heading_page
    assert error.isVisible()
    assert error.text() == _("The unit's name cannot be empty.")
    assert unit_name.accessibleDescription() == error.text()

    type_text(unit_name, "Phường Hà Đông")
    assert not error.isVisible()  # typing clears the message
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.signing_page


def test_a_name_the_user_typed_is_not_replaced_by_a_later_ward(qtbot: QtBot, session: Session) -> None:
    wizard = _wizard(qtbot, session)
    picker = wizard.form.ward.picker
    heading = wizard.form.heading._editors
    picker.pick(load_units().ward("09556"))
    heading["unit_name"].clear()
    type_text(heading["unit_name"], "Phường Hà Đông (thử)")
    picker.search_box.clear()
    qtbot.keyClicks(picker.search_box, "dong da")
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Return)
    assert picker.ward is not None and picker.ward.name == "Phường Đống Đa"
    assert heading["unit_name"].text() == "Phường Hà Đông (thử)"  # typed: kept
    assert heading["place"].text() == "Đống Đa"  # suggested: follows the ward


def test_run_first_setup_skips_a_book_that_has_its_ward(qtbot: QtBot, session: Session, book: Book) -> None:
    set_identity(book, ward_code="09556", unit_name="Phường Hà Đông")
    assert run_first_setup(session) is True


def test_run_first_setup_is_false_when_cancelled(qtbot: QtBot, session: Session, book: Book) -> None:
    shown: list[QWizard] = []

    def cancel() -> None:
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, SetupWizard)
        shown.append(wizard)
        wizard.reject()

    QTimer.singleShot(0, cancel)
    assert run_first_setup(session) is False
    assert shown and book.settings.ward_code == ""


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_fits_and_renders(qtbot: QtBot, session: Session, tmp_path: Path, language: str) -> None:
    i18n.set_language(language)
    wizard = _wizard(qtbot, session)
    wizard.form.ward.picker.pick(load_units().ward("09556"))
    for number in range(len(wizard.pages)):
        page = wizard.currentPage()
        hint = page.minimumSizeHint()
        assert hint.width() <= page.width() and hint.height() <= page.height(), type(page).__name__
        image = wizard.grab()
        assert image.save(str(tmp_path / f"page{number}.png"))
        if number < len(wizard.pages) - 1:
            wizard.next()
    assert wizard.currentPage() is wizard.summary_page


# --- the ward picker on its own ---------------------------------------------------------------------


def test_the_picker_lists_a_province_and_filters_without_diacritics(qtbot: QtBot) -> None:
    picker = WardPicker()
    qtbot.addWidget(picker)
    chosen: list[object] = []
    picker.ward_chosen.connect(chosen.append)
    assert picker.ward_list.count() == 0  # all provinces, nothing typed: nothing to list
    picker.province_box.setCurrentIndex(picker.province_box.findText("Thành phố Hà Nội"))
    assert picker.ward_list.count() == len(load_units().wards_of("01"))
    qtbot.keyClicks(picker.search_box, "ha dong")
    assert [picker.ward_list.item(i).text() for i in range(picker.ward_list.count())] == ["Phường Hà Đông"]
    picker.search_box.clear()
    qtbot.keyClicks(picker.search_box, "0955")
    assert "Phường Hà Đông" in [picker.ward_list.item(i).text() for i in range(picker.ward_list.count())]
    assert chosen == []
    qtbot.mouseClick(
        picker.ward_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=picker.ward_list.visualItemRect(picker.ward_list.item(0)).center(),
    )
    assert len(chosen) == 1 and chosen[0] is picker.ward


def test_up_from_the_top_of_the_list_returns_to_the_search_box(qtbot: QtBot) -> None:
    picker = WardPicker()
    qtbot.addWidget(picker)
    with qtbot.waitActive(picker):
        picker.show()
        picker.activateWindow()
    picker.search_box.setFocus()
    qtbot.keyClicks(picker.search_box, "ha")
    qtbot.keyClick(picker.search_box, Qt.Key.Key_Down)
    assert picker.ward_list.hasFocus() and picker.ward_list.currentRow() == 0
    qtbot.keyClick(picker.ward_list, Qt.Key.Key_Down)
    assert picker.ward_list.currentRow() == 1
    assert picker.ward is None  # moving does not pick
    qtbot.keyClick(picker.ward_list, Qt.Key.Key_Up)
    qtbot.keyClick(picker.ward_list, Qt.Key.Key_Up)
    assert picker.search_box.hasFocus()
