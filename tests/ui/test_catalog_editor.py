"""The catalog editor, driven as a user drives it: every change reaches the book through the core,
refusals are shown as the core words them, and every change is announced with notify("catalog")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.ui.typing import type_text
from wardlog.core.activities import ActivityQuery
from wardlog.core.book import Book
from wardlog.core.catalog import Kind
from wardlog.core.errors import ValidationError
from wardlog.core.i18n import _
from wardlog.core.model import ActivityDraft
from wardlog.ui.catalog_editor import CODE, NAME, STATE, USES, CatalogEditor, CatalogPage, EntryDialog
from wardlog.ui.session import Session


@pytest.fixture
def editor(qtbot: QtBot, session: Session) -> Iterator[CatalogEditor]:
    dialog = CatalogEditor(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog


def _catalog_changed(what: str) -> bool:
    return what == "catalog"


def click_row(qtbot: QtBot, page: CatalogPage, code: str) -> None:
    """Click the name cell of ``code`` in the page's table."""
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=row_center(page, code))
    assert page.selected_code() == code


def row_center(page: CatalogPage, code: str) -> QPoint:
    """Where the name of ``code`` is on screen (scrolled into view)."""
    row = page.row_of(code)
    assert row >= 0, code
    index = page.table.model().index(row, 0)
    page.table.scrollTo(index)
    return page.table.visualRect(index).center()


def mnemonic(text: str) -> str:
    """The Alt+ letter of a translated label ("&Thêm…" → "t"), as a user presses it."""
    return text[text.index("&") + 1].lower()


def modal(qtbot: QtBot) -> Any:
    """The dialog that has just opened on top of the editor."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # as when a person sees it open
    return dialog


def cell(page: CatalogPage, code: str, column: str) -> str:
    return page.table.item(page.row_of(code), page.columns.index(column)).text()


def version(book: Book) -> int:
    return book.settings.catalog_version


def test_rename_a_topic_typing_vietnamese(qtbot: QtBot, editor: CatalogEditor, session: Session) -> None:
    book = session.book
    before = version(book)
    page = editor.show_page(Kind.TOPIC)
    click_row(qtbot, page, "the_che")
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    dialog = modal(qtbot)
    assert isinstance(dialog, EntryDialog)
    assert dialog.name == "Cải cách thể chế"
    assert dialog.name_edit.selectedText() == "Cải cách thể chế"  # typing replaces the old name

    type_text(dialog.name_edit, "Cải cách thể chế, pháp luật")
    with qtbot.waitSignal(session.changed, check_params_cb=_catalog_changed):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    entry = book.catalog.get(Kind.TOPIC, "the_che")
    assert entry is not None and entry.label == "Cải cách thể chế, pháp luật"
    assert book.catalog.match(Kind.TOPIC, "Cải cách thể chế") is None
    assert version(book) == before + 1
    assert not dialog.isVisible()
    assert cell(page, "the_che", NAME) == "Cải cách thể chế, pháp luật"
    assert cell(page, "the_che", CODE) == "the_che"
    assert page.selected_code() == "the_che"
    assert session.undo_stack.count() == 0


def test_rename_by_double_click_and_cancel_with_escape(
    qtbot: QtBot, editor: CatalogEditor, session: Session
) -> None:
    page = editor.show_page(Kind.AUDIENCE)
    click_row(qtbot, page, "nhan_dan")
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=row_center(page, "nhan_dan"))
    dialog = modal(qtbot)
    type_text(dialog.name_edit, "Người dân")
    with qtbot.assertNotEmitted(session.changed):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert session.book.catalog.label(Kind.AUDIENCE, "nhan_dan") == "Nhân dân"


def test_add_a_channel_with_its_group_and_default_unit(
    qtbot: QtBot, editor: CatalogEditor, session: Session
) -> None:
    book = session.book
    before = version(book)
    page = editor.page(Kind.CHANNEL)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = modal(qtbot)
    assert isinstance(dialog, EntryDialog)
    assert dialog.group_combo is not None and dialog.unit_combo is not None

    type_text(dialog.name_edit, "Loa di động")
    dialog.group_combo.setCurrentIndex(dialog.group_combo.findText("Thông tin đại chúng"))
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findText("buổi phát"))
    save = dialog.buttons.buttons()[0]
    with qtbot.waitSignal(session.changed, check_params_cb=_catalog_changed):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    entry = book.catalog.get(Kind.CHANNEL, "loa_di_dong")
    assert entry is not None
    assert (entry.label, entry.group, entry.default_unit) == ("Loa di động", "dai_chung", "buoi_phat")
    assert version(book) == before + 1
    assert not dialog.isVisible()
    assert page.selected_code() == "loa_di_dong"
    assert cell(page, "loa_di_dong", NAME) == "Loa di động"
    assert cell(page, "loa_di_dong", "group") == "Thông tin đại chúng"
    assert cell(page, "loa_di_dong", "unit") == "buổi phát"
    assert cell(page, "loa_di_dong", USES) == "0"
    assert session.undo_stack.count() == 0


def test_a_channel_needs_its_default_unit(qtbot: QtBot, editor: CatalogEditor, session: Session) -> None:
    page = editor.page(Kind.CHANNEL)
    click_row(qtbot, page, "loa")  # the new channel starts in the selected channel's group
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = modal(qtbot)
    assert dialog.group == "dai_chung"
    type_text(dialog.name_edit, "Loa di động")
    with qtbot.assertNotEmitted(session.changed):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    with pytest.raises(ValidationError) as refused:
        session.book.catalog.add(Kind.CHANNEL, "Loa di động", group="dai_chung", default_unit="")
    assert dialog.error_text("default_unit") == refused.value.issues[0].message
    assert dialog.name == "Loa di động"  # nothing the user typed is lost
    assert session.book.catalog.get(Kind.CHANNEL, "loa_di_dong") is None


def test_duplicate_label_is_refused_and_nothing_changes(
    qtbot: QtBot, editor: CatalogEditor, session: Session
) -> None:
    book = session.book
    before = version(book)
    topics = [(e.code, e.label) for e in book.catalog.entries(Kind.TOPIC, include_retired=True)]
    page = editor.show_page(Kind.TOPIC)
    qtbot.keyClick(page.table, mnemonic(page.add_button.text()), Qt.KeyboardModifier.AltModifier)
    dialog = modal(qtbot)
    qtbot.keyClicks(dialog.name_edit, "cai cach THE CHE")  # the same name without its accents
    with qtbot.assertNotEmitted(session.changed):
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)

    with pytest.raises(ValidationError) as refused:
        book.catalog.add(Kind.TOPIC, "cai cach THE CHE")
    message = refused.value.issues[0].message
    assert "Cải cách thể chế" in message
    assert dialog.isVisible()
    assert dialog.error_text("label") == message
    assert dialog.name == "cai cach THE CHE"
    qtbot.keyClicks(dialog.name_edit, " moi")  # correcting the name takes the message away
    assert dialog.error_text("label") == ""
    assert [(e.code, e.label) for e in book.catalog.entries(Kind.TOPIC, include_retired=True)] == topics
    assert version(book) == before
    assert page.table.rowCount() == len(topics)


def test_retire_and_bring_back_a_channel(qtbot: QtBot, editor: CatalogEditor, session: Session) -> None:
    book = session.book
    book.activities.add(ActivityDraft(date(2026, 3, 2), "pano", ("tthc",), "Treo panô về dịch vụ công"))
    session.notify("activities")
    page = editor.page(Kind.CHANNEL)
    assert cell(page, "pano", USES) == "1"
    assert cell(page, "loa", USES) == "0"
    topics = editor.show_page(Kind.TOPIC)  # counted when the tab is shown
    assert cell(topics, "tthc", USES) == "1"
    assert cell(topics, "the_che", USES) == "0"
    editor.show_page(Kind.CHANNEL)
    click_row(qtbot, page, "pano")

    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    box = modal(qtbot)
    assert isinstance(box, QMessageBox)
    assert "Panô, áp phích" in box.text()
    assert "1" in box.informativeText()  # how many activities keep it
    retire = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    with qtbot.waitSignal(session.changed, check_params_cb=_catalog_changed):
        qtbot.mouseClick(retire, Qt.MouseButton.LeftButton)

    entry = book.catalog.get(Kind.CHANNEL, "pano")
    assert entry is not None and entry.retired
    assert "pano" not in [c.code for c in book.catalog.channels()]
    assert book.activities.count(ActivityQuery(channels=["pano"])) == 1  # the old activity keeps it
    row = page.row_of("pano")
    assert row >= 0 and not page.table.isRowHidden(row)  # still listed
    grey = page.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert page.table.item(row, 0).foreground().color() == grey
    assert cell(page, "pano", STATE) != ""
    assert page.selected_code() == "pano"
    assert page.retire_button.text() != "Re&tire…"

    with qtbot.waitSignal(session.changed, check_params_cb=_catalog_changed):
        qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)  # bring back: no question asked
    entry = book.catalog.get(Kind.CHANNEL, "pano")
    assert entry is not None and not entry.retired
    assert cell(page, "pano", STATE) == ""
    assert page.table.item(page.row_of("pano"), 0).foreground().color() != grey
    assert session.undo_stack.count() == 0


def test_cancelling_the_question_retires_nothing(
    qtbot: QtBot, editor: CatalogEditor, session: Session
) -> None:
    page = editor.show_page(Kind.AUDIENCE)
    click_row(qtbot, page, "doanh_nghiep")
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    box = modal(qtbot)
    with qtbot.assertNotEmitted(session.changed):
        qtbot.keyClick(box, Qt.Key.Key_Escape)
    entry = session.book.catalog.get(Kind.AUDIENCE, "doanh_nghiep")
    assert entry is not None and not entry.retired


def test_retiring_a_channels_default_unit_is_refused(
    qtbot: QtBot, editor: CatalogEditor, session: Session
) -> None:
    book = session.book
    before = version(book)
    page = editor.show_page(Kind.UNIT)
    assert cell(page, "to", "default_of") == "Tờ rơi, tờ gấp, tài liệu, sổ tay"
    click_row(qtbot, page, "to")
    qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
    box = modal(qtbot)
    retire = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    with qtbot.assertNotEmitted(session.changed):
        qtbot.mouseClick(retire, Qt.MouseButton.LeftButton)

    with pytest.raises(ValidationError) as refused:
        book.catalog.set_retired(Kind.UNIT, "to", True)
    qtbot.waitUntil(page.message.isVisible)
    assert page.message.text() == refused.value.issues[0].message
    assert "Tờ rơi, tờ gấp, tài liệu, sổ tay" in page.message.text()
    entry = book.catalog.get(Kind.UNIT, "to")
    assert entry is not None and not entry.retired
    assert version(book) == before
    assert cell(page, "to", STATE) == ""


def test_change_a_channels_default_unit(qtbot: QtBot, editor: CatalogEditor, session: Session) -> None:
    page = editor.page(Kind.CHANNEL)
    click_row(qtbot, page, "to_roi")
    assert page.unit_button is not None
    qtbot.mouseClick(page.unit_button, Qt.MouseButton.LeftButton)
    dialog = modal(qtbot)
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findText("tấm"))
    with qtbot.waitSignal(session.changed, check_params_cb=_catalog_changed):
        qtbot.keyClick(dialog.unit_combo, Qt.Key.Key_Return)
    entry = session.book.catalog.get(Kind.CHANNEL, "to_roi")
    assert entry is not None and entry.default_unit == "tam"
    assert cell(page, "to_roi", "unit") == "tấm"
    units = editor.page(Kind.UNIT)
    assert cell(units, "to", "default_of") == ""  # the units tab follows the change

    # now "tờ" is nobody's default and can be retired
    editor.show_page(Kind.UNIT)
    click_row(qtbot, units, "to")
    qtbot.mouseClick(units.retire_button, Qt.MouseButton.LeftButton)
    box = modal(qtbot)
    with qtbot.waitSignal(session.changed, check_params_cb=_catalog_changed):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    entry = session.book.catalog.get(Kind.UNIT, "to")
    assert entry is not None and entry.retired
    assert not units.message.isVisible()


def test_enter_in_the_filter_goes_to_the_list_and_enter_on_a_row_renames(
    qtbot: QtBot, editor: CatalogEditor
) -> None:
    page = editor.page(Kind.CHANNEL)
    filter_label = _("&Filter:")
    qtbot.keyClick(editor, mnemonic(filter_label), Qt.KeyboardModifier.AltModifier)
    assert page.filter_edit.hasFocus()
    qtbot.keyClicks(page.filter_edit, "bang tin")
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Return)
    assert editor.isVisible()
    assert page.table.hasFocus()
    assert page.selected_code() == "bang_tin"
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = modal(qtbot)
    assert isinstance(dialog, EntryDialog) and dialog.name == "Bảng tin, bảng niêm yết công khai"
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and editor.isVisible()
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_filter_ignores_case_and_diacritics(qtbot: QtBot, editor: CatalogEditor) -> None:
    page = editor.page(Kind.CHANNEL)
    qtbot.keyClicks(page.filter_edit, "loa")
    assert page.visible_codes() == ["loa"]
    assert page.selected_code() == "loa"
    page.filter_edit.clear()
    assert len(page.visible_codes()) == page.table.rowCount() == 16

    topics = editor.show_page(Kind.TOPIC)
    type_text(topics.filter_edit, "THỂ chế")
    assert topics.visible_codes() == ["the_che"]
    topics.filter_edit.clear()
    qtbot.keyClicks(topics.filter_edit, "chinh quyen")  # no accents typed
    assert topics.visible_codes() == ["chinh_quyen_so"]
    topics.filter_edit.clear()
    qtbot.keyClicks(topics.filter_edit, "tai_chinh")  # codes match too
    assert topics.visible_codes() == ["tai_chinh_cong"]
    topics.filter_edit.clear()
    qtbot.keyClicks(topics.filter_edit, "xyz")
    assert topics.visible_codes() == []
    assert topics.selected_code() is None
    assert not topics.rename_button.isEnabled()


def test_each_tab_lists_its_entries(editor: CatalogEditor, book: Book) -> None:
    assert editor.tabs.count() == 4
    for kind in Kind:
        page = editor.page(kind)
        assert page.visible_codes() == [e.code for e in book.catalog.entries(kind, include_retired=True)]
    assert USES not in editor.page(Kind.AUDIENCE).columns
    assert USES in editor.page(Kind.TOPIC).columns


def test_a_change_made_elsewhere_shows_up(editor: CatalogEditor, session: Session) -> None:
    session.book.catalog.rename(Kind.UNIT, "luot", "lượt xem")
    session.notify("catalog")
    assert cell(editor.page(Kind.UNIT), "luot", NAME) == "lượt xem"
    assert cell(editor.page(Kind.CHANNEL), "bang_tin", "unit") == "lượt xem"


def test_closing_the_editor_closes_its_open_dialog(qtbot: QtBot, editor: CatalogEditor) -> None:
    page = editor.page(Kind.CHANNEL)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = modal(qtbot)
    editor.close()
    assert not dialog.isVisible()
    assert page.dialog is None


def test_buttons_have_mnemonics(editor: CatalogEditor) -> None:
    page = editor.page(Kind.CHANNEL)
    for button in (page.add_button, page.rename_button, page.retire_button, page.unit_button):
        assert isinstance(button, QPushButton) and "&" in button.text()
