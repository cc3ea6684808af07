"""Linking an activity to the tasks of the plan of its year, in the activity form: shown only when that
plan has tasks, saved with the activity, and taken back by undo together with it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.core.test_plans import YEAR, add
from tests.ui.boxes import answer_box
from tests.ui.plan_data import known_plan
from tests.ui.test_activity_form import keep, pick_channel, tick_topic
from tests.ui.typing import type_text
from wardlog.core.book import Book
from wardlog.core.model import Activity
from wardlog.core.plans import Plan, Target, TargetKind
from wardlog.ui.activity_form import ActivityForm
from wardlog.ui.session import Session

CONTEST = "Tổ chức 01 cuộc thi tìm hiểu dịch vụ công trực tuyến"
DIALOGUE = "Tổ chức 01 buổi đối thoại về cải cách hành chính"


@pytest.fixture
def tasks(session: Session) -> list[Target]:
    """The known plan of 2026 with a second task."""
    book = known_plan(session.book)
    plan = book.plans.get(2026)
    assert plan is not None
    book.plans.save(
        Plan(
            2026,
            plan.number,
            plan.issued_on,
            plan.title,
            (*plan.targets, Target(TargetKind.TASK, 1, DIALOGUE)),
        )
    )
    return book.plans.tasks(2026)


@pytest.fixture
def open_form(qtbot: QtBot, session: Session) -> Callable[..., ActivityForm]:
    """Open a form as the app does (shown and active); closed after the test without questions."""

    def opener(activity: Activity | None = None) -> ActivityForm:
        form = ActivityForm(session, activity)
        keep(qtbot, form)
        form.show()
        qtbot.waitExposed(form)
        form.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
        return form

    return opener


def contest_done(book: Book) -> bool:
    return {t.label: t.done for t in book.plans.progress(YEAR).targets}[CONTEST]


def tick_task(qtbot: QtBot, form: ActivityForm, letters: str) -> None:
    """Open the plan's tasks, filter by ``letters``, tick the first match with Space, close with Done."""
    links = form.task_links
    qtbot.mouseClick(links.button, Qt.MouseButton.LeftButton)
    popup = links.popup
    qtbot.waitUntil(popup.isVisible)
    check_list = popup.tasks
    assert check_list.filter is not None
    qtbot.keyClicks(check_list.filter, letters)
    qtbot.keyClick(check_list.filter, Qt.Key.Key_Down)
    qtbot.keyClick(check_list.view, Qt.Key.Key_Space)
    qtbot.mouseClick(popup.done_button, Qt.MouseButton.LeftButton)
    assert not popup.isVisible()
    form.activateWindow()  # (a window manager gives the activation back when the popup closes)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)


def test_a_new_activity_fulfils_a_task_and_undo_takes_it_back(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, tasks: list[Target]
) -> None:
    book = session.book
    form = open_form()
    form.date_edit.setDate(QDate(2026, 8, 20))
    links = form.task_links
    assert links.isVisibleTo(form)
    assert links.button.text() == "Th&uộc nhiệm vụ kế hoạch…"
    assert links.popup.heading.text() == "Hoạt động này thực hiện nhiệm vụ nào của kế hoạch năm 2026?"
    assert [links.popup.tasks.model.item(r).text() for r in range(2)] == [
        CONTEST,
        DIALOGUE,
    ]
    pick_channel(qtbot, form, "cuoc thi")
    type_text(form.title_edit, "Cuộc thi tìm hiểu dịch vụ công trực tuyến")
    tick_topic(qtbot, form, "dich vu cong")
    tick_task(qtbot, form, "cuoc thi")
    assert links.checked() == (tasks[0].id,)
    assert links.button.text() == "Th&uộc nhiệm vụ kế hoạch (1)…"
    assert CONTEST in links.button.toolTip()
    assert not contest_done(book)

    qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    [stored] = form.saved
    assert book.plans.tasks_of(stored.id) == [tasks[0].id]
    assert contest_done(book)
    stack = session.undo_stack
    assert stack.undoText() == "Thêm hoạt động"  # one step for the activity and its link
    stack.undo()
    assert not contest_done(book)  # in the bin it counts for nothing
    stack.redo()
    assert contest_done(book) and book.plans.tasks_of(stored.id) == [tasks[0].id]


def test_only_a_year_with_tasks_offers_them(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, tasks: list[Target]
) -> None:
    form = open_form()
    form.date_edit.setDate(QDate(2027, 3, 1))
    assert not form.task_links.isVisibleTo(form)  # no plan for 2027
    form.date_edit.setDate(QDate(2025, 12, 20))  # the cut-off puts 20/12/2025 in the year 2026
    assert form.task_links.isVisibleTo(form) and form.task_links.year == 2026


def test_no_plan_no_button(open_form: Callable[..., ActivityForm]) -> None:
    form = open_form()
    assert not form.task_links.isVisibleTo(form)
    assert not form.is_modified()


def test_changing_the_links_of_an_activity_is_undoable(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, tasks: list[Target]
) -> None:
    book = session.book
    contest = book.activities.get(add(book, date(2026, 8, 20), "cuoc_thi", title="Cuộc thi tìm hiểu"))
    assert isinstance(contest, Activity)
    book.plans.link(contest.id, [tasks[0].id])
    form = open_form(contest)
    assert form.task_links.checked() == (tasks[0].id,) and not form.is_modified()
    tick_task(qtbot, form, "doi thoai")  # the dialogue as well
    tick_task(qtbot, form, "cuoc thi")  # and not the contest after all
    assert form.is_modified()
    qtbot.keyClick(form.title_edit, Qt.Key.Key_Return)
    assert book.plans.tasks_of(contest.id) == [tasks[1].id]
    stack = session.undo_stack
    assert stack.undoText() == "Gắn “Cuộc thi tìm hiểu” với nhiệm vụ kế hoạch"
    stack.undo()
    assert book.plans.tasks_of(contest.id) == [tasks[0].id]
    assert book.activities.get(contest.id).title == "Cuộc thi tìm hiểu"
    stack.redo()
    assert book.plans.tasks_of(contest.id) == [tasks[1].id]


def test_a_repeated_activity_links_every_day(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, tasks: list[Target]
) -> None:
    book = session.book
    form = open_form()
    form.date_edit.setDate(QDate(2026, 9, 7))  # a Monday
    pick_channel(qtbot, form, "toa dam")
    type_text(form.title_edit, "Đối thoại với Nhân dân về thủ tục hành chính")
    tick_topic(qtbot, form, "thu tuc")
    tick_task(qtbot, form, "doi thoai")
    form.repeat_toggle.setChecked(True)
    form.until_edit.setDate(QDate(2026, 9, 11))
    seen = answer_box(qtbot)  # “5 activities were created”
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert seen["title"] == "Đã lưu hoạt động lặp lại"
    stored = form.saved
    assert len(stored) == 5
    assert all(book.plans.tasks_of(activity.id) == [tasks[1].id] for activity in stored)
    assert {t.label: t.achieved for t in book.plans.progress(YEAR).targets}[DIALOGUE] == 5
