"""The activity form, driven as the officer drives it: typing (Vietnamese included), picking from the
channel box by a few letters, ticking topics, Enter to save, Esc to cancel. What counts is what ends
up in the book and what the screen says."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.boxes import answer_box
from tests.ui.typing import type_text
from wardlog.core.catalog import Kind
from wardlog.core.model import Activity, ActivityDraft
from wardlog.ui import activity_form
from wardlog.ui.activity_form import ActivityForm, duplicate_activity, duplicate_form
from wardlog.ui.session import Session

TITLE = "Phát thanh về dịch vụ công trực tuyến"
MEETING = ActivityDraft(
    date=date(2026, 3, 5),
    channel="hop_dan",
    topics=("tthc",),
    title="Họp tổ dân phố số 5",
    place="Nhà văn hóa tổ 5",
    audiences=("nhan_dan",),
    participants=60,
    quantity=1,
    responsible="Văn phòng HĐND-UBND",
    notes="Có biên bản",
)


@pytest.fixture
def open_form(qtbot: QtBot, session: Session) -> Iterator[Callable[..., ActivityForm]]:
    """Open a form as the app does (shown and active), cleaned up after the test."""

    def opener(activity: Activity | None = None, **kwargs: Any) -> ActivityForm:
        form = ActivityForm(session, activity, **kwargs)
        keep(qtbot, form)
        form.show()
        qtbot.waitExposed(form)
        form.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is form)  # as when a person sees it open
        return form

    yield opener


def keep(qtbot: QtBot, form: ActivityForm) -> None:
    """Let qtbot close ``form`` after the test without the "discard changes?" question."""
    qtbot.addWidget(form, before_close_func=lambda widget: widget.done(QDialog.DialogCode.Rejected))


def pick_channel(qtbot: QtBot, form: ActivityForm, letters: str) -> None:
    """Type a few letters in the channel box and take the first match with Enter."""
    line = form.channel_box.lineEdit()
    line.setFocus()
    qtbot.keyClicks(line, letters)
    popup = form.channel_box.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    # A window manager gives the activation back to the form when the list closes; offscreen does not.
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)


def tick_topic(qtbot: QtBot, form: ActivityForm, letters: str) -> None:
    """Filter the topics by ``letters`` (no diacritics), go down into the list, tick the first match."""
    assert form.topics.filter is not None
    form.topics.filter.clear()
    qtbot.keyClicks(form.topics.filter, letters)
    qtbot.keyClick(form.topics.filter, Qt.Key.Key_Down)
    assert form.topics.view.hasFocus()
    qtbot.keyClick(form.topics.view, Qt.Key.Key_Space)


def live(session: Session) -> list[Activity]:
    return session.book.activities.query()


# --- adding -------------------------------------------------------------------------------------


def test_add_an_activity_from_the_keyboard(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, english: None
) -> None:
    form = open_form()
    assert form.windowTitle() == "New activity"
    assert form.date_edit.date() == QDate.currentDate()
    assert form.date_edit.displayFormat() == "dd/MM/yyyy"

    pick_channel(qtbot, form, "loa")
    assert form.channel_box.currentText() == "Hệ thống loa truyền thanh"
    assert form.unit_box.currentText() == "buổi phát"  # the channel's unit, shown at once
    assert form._rows["minutes"].caption.font().bold()  # the loudspeakers' minutes count in reports

    decomposed = unicodedata.normalize("NFD", TITLE)  # as some keyboards deliver it
    type_text(form.title_edit, decomposed)
    tick_topic(qtbot, form, "dich vu cong")
    assert form.topics.checked() == ("chinh_quyen_so",)
    assert form.topics.count_label.text() == "1 chosen"
    type_text(form.minutes_edit, "15")

    with qtbot.waitSignal(session.changed) as changed:
        qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)  # Enter saves
    assert changed.args == ["activities"]
    assert form.result() == QDialog.DialogCode.Accepted
    [stored] = live(session)
    assert stored.title == TITLE and unicodedata.is_normalized("NFC", stored.title)
    assert (stored.channel, stored.unit, stored.topics, stored.minutes) == (
        "loa",
        "buoi_phat",
        ("chinh_quyen_so",),
        15,
    )
    assert stored.participants is None  # left empty: not recorded, which is not 0
    assert stored.quantity == 1
    assert stored.date == date.today()
    assert form.saved == [stored]
    assert session.undo_stack.undoText() == "Add activity"


def test_channel_box_ignores_diacritics_and_shows_groups(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], english: None
) -> None:
    form = open_form()
    line = form.channel_box.lineEdit()
    line.setFocus()
    qtbot.keyClicks(line, "doi thoai")
    popup = form.channel_box.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    model = popup.model()
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Tọa đàm, đối thoại, tiếp xúc cử tri"
    assert model.index(0, 1).data() == "Trực tiếp"  # the group beside the name
    qtbot.keyClick(popup, Qt.Key.Key_Escape)

    line.clear()
    type_text(line, "thông tin")  # with diacritics, as typed with Unikey
    qtbot.waitUntil(popup.isVisible)
    labels = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert labels == ["Cổng/Trang thông tin điện tử"]

    # leaving the box with a partial name that fits one channel completes it
    line.clear()
    qtbot.keyClicks(line, "pano")
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert form.channel_box.currentText() == "Panô, áp phích"
    assert form.unit_box.currentText() == "tấm"

    # the dropdown lists every channel under its group heading (headings cannot be chosen)
    headings = [
        form.channel_box.itemText(row)
        for row in range(form.channel_box.count())
        if not form.channel_box.model().item(row).isEnabled()
    ]
    assert headings == ["Trực tiếp", "Thông tin đại chúng", "Trực quan"]
    form.channel_box.set_code("mit_tinh")  # the last of its group
    qtbot.keyClick(line, Qt.Key.Key_Down)
    assert form.channel_box.code() == "loa"  # the arrow skips the next group's heading


def test_bad_input_shows_the_cores_messages_next_to_the_fields(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, english: None
) -> None:
    form = open_form()
    pick_channel(qtbot, form, "hop to")
    type_text(form.place_edit, "Nhà văn hóa tổ 5")
    type_text(form.participants_edit, "45")
    type_text(form.notes_edit, "Có biên bản, ảnh chụp")

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert live(session) == []
    assert form.isVisible()
    assert form.issue_text("title") == "The title cannot be empty."
    assert form.issue_text("topics") == "Choose at least one topic."
    assert form.issue_text("channel") == "" and form.issue_text("place") == ""
    assert form._rows["title"].outline.property("invalid") is True
    assert form._rows["place"].outline.property("invalid") is False
    assert form.title_edit.hasFocus()  # the first bad field
    assert form.title_edit.accessibleDescription() == "The title cannot be empty."
    # everything typed is still there
    assert form.place_edit.text() == "Nhà văn hóa tổ 5"
    assert form.participants_edit.text() == "45"
    assert form.notes_edit.toPlainText() == "Có biên bản, ảnh chụp"
    assert form.channel_box.code() == "hop_dan"
    assert session.undo_stack.count() == 0

    type_text(form.title_edit, "Họp tổ dân phố số 5")
    tick_topic(qtbot, form, "thu tuc")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [stored] = live(session)
    assert (stored.title, stored.topics, stored.participants) == ("Họp tổ dân phố số 5", ("tthc",), 45)
    assert stored.notes == "Có biên bản, ảnh chụp"


def test_an_unknown_channel_and_a_too_long_title_are_refused_in_the_cores_words(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, english: None
) -> None:
    form = open_form()
    qtbot.keyClicks(form.channel_box.lineEdit(), "radio xyz")
    form.title_edit.setText("x" * 501)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.issue_text("channel") == "There is no channel “radio xyz”."
    assert form.issue_text("title") == "Too long: 501 characters, at most 500."
    assert form.channel_box.lineEdit().hasFocus()
    assert form.channel_box.currentText() == "radio xyz"
    assert live(session) == []


def test_save_and_add_another_keeps_date_channel_and_topics(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, english: None
) -> None:
    form = open_form()
    form.date_edit.setDate(QDate(2026, 3, 5))
    pick_channel(qtbot, form, "hop to dan")
    tick_topic(qtbot, form, "thu tuc")
    type_text(form.title_edit, "Họp tổ dân phố số 1")
    type_text(form.place_edit, "Nhà văn hóa tổ 1")
    type_text(form.participants_edit, "1.200")  # grouped as people write it
    type_text(form.responsible_edit, "Công chức VH-XH")

    qtbot.mouseClick(form.another_button, Qt.MouseButton.LeftButton)

    [first] = live(session)
    assert (first.title, first.participants) == ("Họp tổ dân phố số 1", 1200)
    assert form.isVisible()
    assert (
        form.title_edit.text() == "" and form.place_edit.text() == "" and form.participants_edit.text() == ""
    )
    assert form.date_edit.date() == QDate(2026, 3, 5)
    assert form.channel_box.code() == "hop_dan"
    assert form.topics.checked() == ("tthc",)
    assert form.responsible_edit.text() == "Công chức VH-XH"
    assert "Họp tổ dân phố số 1" in form.status.text()
    assert form.title_edit.hasFocus()
    assert not form.is_modified()  # what was kept is not "typed"

    type_text(form.title_edit, "Họp tổ dân phố số 2")
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    assert form.result() == QDialog.DialogCode.Accepted
    titles = sorted(a.title for a in live(session))
    assert titles == ["Họp tổ dân phố số 1", "Họp tổ dân phố số 2"]
    assert {a.date for a in live(session)} == {date(2026, 3, 5)}
    assert [a.title for a in form.saved] == ["Họp tổ dân phố số 1", "Họp tổ dân phố số 2"]
    assert session.undo_stack.count() == 2


def test_unit_follows_the_channel_until_the_user_picks_one(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session
) -> None:
    form = open_form()
    pick_channel(qtbot, form, "hop to dan")
    assert form.unit_box.currentData() == "cuoc"
    form.unit_box.setFocus()
    form.unit_box.setCurrentIndex(form.unit_box.findData("luot") - 1)
    qtbot.keyClick(form.unit_box, Qt.Key.Key_Down)  # the user picks "lượt"
    assert form.unit_box.currentData() == "luot"
    form.channel_box.lineEdit().clear()
    pick_channel(qtbot, form, "loa")
    assert form.unit_box.currentData() == "luot"  # the user's choice stays
    type_text(form.title_edit, TITLE)
    form.topics.set_checked(("chinh_quyen_so",))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert live(session)[0].unit == "luot"


def test_ctrl_enter_in_the_notes_saves_and_enter_starts_a_line(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session
) -> None:
    form = open_form(template=MEETING)
    form.notes_edit.clear()
    qtbot.keyClicks(form.notes_edit, "Line one")
    qtbot.keyClick(form.notes_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(form.notes_edit, "Line two")
    assert form.isVisible() and live(session) == []
    qtbot.keyClick(form.notes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.result() == QDialog.DialogCode.Accepted
    [stored] = live(session)  # saved once
    assert stored.notes == "Line one\nLine two"


@pytest.mark.parametrize(
    "field", ["date_edit", "channel", "place_edit", "participants_edit", "quantity_box", "unit_box", "topics"]
)
def test_enter_saves_from_any_single_line_input(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, field: str
) -> None:
    form = open_form(template=MEETING)
    widget: QWidget = {
        "channel": form.channel_box.lineEdit(),
        "topics": form.topics.view,
    }.get(field) or getattr(form, field)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert form.result() == QDialog.DialogCode.Accepted
    assert len(live(session)) == 1


def test_a_book_that_cannot_be_written_keeps_the_form_open(
    qtbot: QtBot,
    open_form: Callable[..., ActivityForm],
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    english: None,
) -> None:
    def locked(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    form = open_form(template=MEETING)
    monkeypatch.setattr(session.book.activities, "add", locked)
    seen = answer_box(qtbot)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert seen["text"] == "The book could not be written: database is locked"
    assert form.isVisible() and form.title_edit.text() == MEETING.title
    assert session.undo_stack.count() == 0


# --- editing ------------------------------------------------------------------------------------


def test_editing_changes_the_activity_and_its_revision(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, english: None
) -> None:
    activity = session.book.activities.add(MEETING)
    form = open_form(activity)
    assert form.windowTitle() == "Edit activity"
    assert form.another_button.isHidden() and form.repeat_toggle.isHidden()
    assert form.title_edit.text() == MEETING.title
    assert form.topics.checked() == ("tthc",) and form.audiences.checked() == ("nhan_dan",)
    assert form.participants_edit.text() == "60"
    assert form.unit_box.currentData() == "cuoc"
    assert form.date_edit.date() == QDate(2026, 3, 5)

    form.title_edit.selectAll()
    type_text(form.title_edit, "Họp tổ dân phố số 5 (bổ sung)")
    form.participants_edit.clear()
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)

    assert form.result() == QDialog.DialogCode.Accepted
    changed = session.book.activities.get(activity.id)
    assert changed is not None
    assert changed.title == "Họp tổ dân phố số 5 (bổ sung)"
    assert changed.participants is None
    assert changed.revision == activity.revision + 1
    assert changed.uid == activity.uid
    assert session.undo_stack.undoText() == "Edit “Họp tổ dân phố số 5”"


def test_saving_an_unchanged_edit_writes_nothing(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session
) -> None:
    activity = session.book.activities.add(MEETING)
    form = open_form(activity)
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    assert form.result() == QDialog.DialogCode.Accepted
    assert session.book.activities.get(activity.id) == activity
    assert session.undo_stack.count() == 0


def test_a_stale_edit_is_refused_with_a_clear_message(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, english: None
) -> None:
    activity = session.book.activities.add(MEETING)
    form = open_form(activity)
    # meanwhile, another window changes the same activity
    session.book.activities.update(activity.id, replace(MEETING, place="Hội trường UBND phường"))

    form.title_edit.selectAll()
    type_text(form.title_edit, "Họp tổ dân phố số 5, lần 2")
    seen = answer_box(qtbot)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert seen["title"] == "Not saved"
    assert seen["text"] == "This activity was changed meanwhile; reopen it to see the latest version."
    assert form.isVisible()
    assert form.title_edit.text() == "Họp tổ dân phố số 5, lần 2"  # kept, to copy from
    stored = session.book.activities.get(activity.id)
    assert stored is not None
    assert (stored.title, stored.place, stored.revision) == (MEETING.title, "Hội trường UBND phường", 2)
    assert session.undo_stack.count() == 0


def test_retired_entries_are_hidden_unless_the_activity_uses_them(
    open_form: Callable[..., ActivityForm], session: Session, english: None
) -> None:
    activity = session.book.activities.add(MEETING)
    catalog = session.book.catalog
    catalog.set_retired(Kind.CHANNEL, "hop_dan")
    catalog.set_retired(Kind.TOPIC, "tthc")
    catalog.set_retired(Kind.TOPIC, "the_che")
    session.notify("catalog")

    new = open_form()
    assert "hop_dan" not in new.channel_box.channels
    topic_codes = [
        new.topics.model.item(row).data(activity_form.CODE_ROLE) for row in range(new.topics.model.rowCount())
    ]
    assert "tthc" not in topic_codes and "the_che" not in topic_codes

    edit = open_form(activity)
    assert edit.channel_box.code() == "hop_dan"
    assert edit.channel_box.currentText() == "Họp tổ dân phố, khu dân cư (retired)"
    topic_codes = [
        edit.topics.model.item(row).data(activity_form.CODE_ROLE)
        for row in range(edit.topics.model.rowCount())
    ]
    assert "tthc" in topic_codes and "the_che" not in topic_codes
    edit.title_edit.setText("Họp tổ dân phố số 5 — sửa")
    assert edit.save()  # keeping the retired entries it already had is allowed
    stored = session.book.activities.get(activity.id)
    assert stored is not None and stored.channel == "hop_dan"


# --- closing ------------------------------------------------------------------------------------


def test_esc_with_typed_changes_asks_before_discarding(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, english: None
) -> None:
    form = open_form()
    type_text(form.title_edit, "Tuyên truyền")

    seen = answer_box(qtbot, "Keep editing")
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Escape)
    assert seen["title"] == "Discard changes?"
    assert form.isVisible() and form.title_edit.text() == "Tuyên truyền"

    seen = answer_box(qtbot, "Discard")
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Escape)
    assert seen["title"] == "Discard changes?"
    assert form.result() == QDialog.DialogCode.Rejected and not form.isVisible()
    assert live(session) == []


def test_esc_without_changes_closes_at_once(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session
) -> None:
    activity = session.book.activities.add(MEETING)
    form = open_form(activity)
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Escape)  # no box: a question here would fail the test
    assert form.result() == QDialog.DialogCode.Rejected and not form.isVisible()


# --- repeating ----------------------------------------------------------------------------------


def test_repeat_monday_to_friday_for_a_month_in_one_transaction(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, english: None
) -> None:
    form = open_form()
    form.date_edit.setDate(QDate(2026, 3, 1))
    pick_channel(qtbot, form, "loa")
    type_text(form.title_edit, TITLE)
    tick_topic(qtbot, form, "chinh quyen so")
    type_text(form.minutes_edit, "15")

    qtbot.keyClick(form, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # R&epeat
    qtbot.waitUntil(form.repeat_toggle.isChecked)  # a mnemonic "clicks" the button for a moment
    assert form.repeat_panel.isVisible()
    qtbot.waitUntil(form.until_edit.hasFocus)
    assert form.weekdays() == {0, 1, 2, 3, 4}  # Mon–Fri preset
    form.until_edit.setDate(QDate(2026, 3, 31))
    form.times_box.setValue(2)
    assert form.repeat_preview.text().startswith(
        "22 activities will be created, from 2 Mar 2026 to 31 Mar 2026."
    )

    statements: list[str] = []
    session.book.conn.set_trace_callback(statements.append)
    seen = answer_box(qtbot)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    session.book.conn.set_trace_callback(None)

    assert seen["text"] == "22 activities were created."
    assert form.result() == QDialog.DialogCode.Accepted
    stored = live(session)
    assert len(stored) == 22
    assert all(a.date.weekday() < 5 and a.date.month == 3 for a in stored)
    assert {(a.quantity, a.minutes, a.unit) for a in stored} == {(2, 30, "buoi_phat")}  # twice a day
    assert sum(1 for s in statements if s.startswith("BEGIN")) == 1  # one transaction
    assert len({a.created_at for a in stored}) == 1
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Add 22 activities"


def test_the_repeat_end_follows_a_start_moved_past_it(open_form: Callable[..., ActivityForm]) -> None:
    form = open_form()
    form.repeat_toggle.setChecked(True)
    form.until_edit.setDate(QDate(2026, 3, 20))
    form.date_edit.setDate(QDate(2026, 3, 2))
    assert form.until_edit.date() == QDate(2026, 3, 20)  # still after the start: left alone
    form.date_edit.setDate(QDate(2026, 4, 6))
    assert form.until_edit.date() == QDate(2026, 4, 30)


def test_repeat_refusals_show_next_to_the_repeat_fields_with_the_drafts(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, english: None
) -> None:
    form = open_form()
    form.date_edit.setDate(QDate(2026, 3, 10))
    pick_channel(qtbot, form, "loa")
    qtbot.mouseClick(form.repeat_toggle, Qt.MouseButton.LeftButton)
    form.until_edit.setDate(QDate(2026, 3, 1))
    for box in form.weekday_boxes:
        box.setChecked(False)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.issue_text("until") == "The series must end on or after its first date."
    assert form.issue_text("weekdays") == "Choose at least one day of the week."
    assert form.issue_text("title") == "The title cannot be empty."  # the activity's own issues too
    assert form.title_edit.hasFocus()
    assert live(session) == []

    qtbot.mouseClick(form.working_days_button, Qt.MouseButton.LeftButton)
    assert form.weekdays() == {0, 1, 2, 3, 4}
    form.until_edit.setDate(QDate(2026, 3, 13))
    type_text(form.title_edit, TITLE)
    form.topics.set_checked(("chinh_quyen_so",))
    qtbot.mouseClick(form.another_button, Qt.MouseButton.LeftButton)  # no box: the form stays open
    assert len(live(session)) == 4  # Tue 10 – Fri 13
    assert form.status.text() == "4 activities were created."
    assert not form.repeat_toggle.isChecked()


# --- duplicating --------------------------------------------------------------------------------


def test_duplicate_prefills_today_and_adds_a_new_record(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, english: None
) -> None:
    original = session.book.activities.add(MEETING)
    form = duplicate_form(session, original)
    keep(qtbot, form)
    form.show()
    assert form.windowTitle() == "Duplicate activity"
    assert form.date_edit.date() == QDate.currentDate()
    assert form.title_edit.text() == MEETING.title
    assert form.channel_box.code() == "hop_dan" and form.topics.checked() == ("tthc",)
    assert not form.is_modified()  # the pre-filled values are not "typed"

    qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    copies = [a for a in live(session) if a.id != original.id]
    assert len(copies) == 1
    copy = copies[0]
    assert copy.uid != original.uid
    assert copy.draft == replace(original.draft, date=date.today())


def test_duplicate_activity_runs_the_form(qtbot: QtBot, session: Session) -> None:
    original = session.book.activities.add(MEETING)

    def save_it() -> None:
        form = QApplication.activeModalWidget()
        if not isinstance(form, ActivityForm):
            QTimer.singleShot(0, save_it)
            return
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, save_it)
    saved = duplicate_activity(session, original)
    assert len(saved) == 1 and saved[0].title == MEETING.title and saved[0].date == date.today()


# --- keyboard and look --------------------------------------------------------------------------


def test_tab_order_runs_top_to_bottom(open_form: Callable[..., ActivityForm]) -> None:
    form = open_form()
    expected: list[QWidget] = [
        form.date_edit,
        form.channel_box,
        form.title_edit,
        form.place_edit,
        form.topics.filter,  # type: ignore[list-item]
        form.topics.view,
        form.audiences.view,
        form.responsible_edit,
        form.participants_edit,
        form.quantity_box,
        form.unit_box,
        form.minutes_edit,
        form.notes_edit,
        form.repeat_toggle,
        form.until_edit,
    ]
    chain: list[QWidget] = []
    widget: QWidget = form.date_edit
    for _step in range(200):
        if widget in expected and widget not in chain:
            chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is form.date_edit:
            break
    assert chain == expected


def test_every_input_has_an_accessible_name(open_form: Callable[..., ActivityForm]) -> None:
    form = open_form()
    inputs = [
        form.date_edit, form.channel_box, form.title_edit, form.place_edit, form.topics.view,
        form.audiences.view, form.responsible_edit, form.participants_edit, form.quantity_box,
        form.unit_box, form.minutes_edit, form.notes_edit, form.until_edit, form.times_box, form.every_box,
    ]  # fmt: skip
    assert all(widget.accessibleName() for widget in inputs)


def test_screenshots(qtbot: QtBot, open_form: Callable[..., ActivityForm], tmp_path: Any) -> None:
    """Render the form (empty, with refusals, with the repeat open) for a person to look at."""
    form = open_form()
    form.resize(820, form.sizeHint().height())
    assert not form.grab().isNull()
    form.grab().save(str(tmp_path / "form_empty.png"))
    form.save()
    form.grab().save(str(tmp_path / "form_errors.png"))
    form.repeat_toggle.setChecked(True)
    form.grab().save(str(tmp_path / "form_repeat.png"))
    assert form.repeat_panel.isVisible()
