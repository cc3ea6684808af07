"""Undo and redo of activity changes: every step goes through the core, brings back the same records,
and is announced with notify("activities"). A step that cannot be done leaves the book as it was."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from wardlog.core.activities import ActivityQuery
from wardlog.core.errors import StaleEditError, ValidationError
from wardlog.core.model import ActivityDraft
from wardlog.core.series import WORKING_DAYS, series_dates
from wardlog.ui import undo
from wardlog.ui.session import Session
from wardlog.ui.undo import AddActivities, DeleteActivities, EditActivity, RestoreActivities, push

MEETING = ActivityDraft(
    date=date(2026, 3, 5),
    channel="hop_dan",
    topics=("tthc",),
    title="Họp tổ dân phố số 5",
    place="Nhà văn hóa tổ 5",
    audiences=("nhan_dan",),
    participants=60,
    responsible="Văn phòng HĐND-UBND",
    notes="Có biên bản",
)
BROADCAST = ActivityDraft(
    date=date(2026, 3, 2),
    channel="loa",
    topics=("chinh_quyen_so",),
    title="Phát thanh về dịch vụ công trực tuyến",
    minutes=15,
)

Snapshot = dict[str, tuple[object, ...]]


def book_state(session: Session) -> tuple[Snapshot, Snapshot]:
    """The live activities and the bin, each by uid, with everything a person or a merge sees of them.

    Revisions and change times are left out on purpose: they grow with every step, undo included,
    so that another copy of the book can tell the newest version.
    """

    def snapshot(deleted: bool) -> Snapshot:
        return {
            a.uid: (a.id, a.draft, a.ward_code, a.created_at)
            for a in session.book.activities.query(ActivityQuery(deleted=deleted))
        }

    return snapshot(False), snapshot(True)


@pytest.fixture
def failures(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the user would be told about an undo or redo that could not be done."""
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(undo, "report_failure", lambda title, message: told.append((title, message)))
    return told


def test_add_then_undo_and_redo_restore_the_book_exactly(
    qtbot: QtBot, session: Session, english: None
) -> None:
    session.book.activities.add(MEETING)
    before = book_state(session)
    stack = session.undo_stack

    with qtbot.waitSignal(session.changed, check_params_cb=lambda what: what == "activities"):
        command = push(session, AddActivities.single(session, BROADCAST))
    [added] = command.activities
    after = book_state(session)
    assert added.uid in after[0] and len(after[0]) == 2
    assert stack.undoText() == "Add activity"

    with qtbot.waitSignal(session.changed, check_params_cb=lambda what: what == "activities"):
        stack.undo()
    assert book_state(session)[0] == before[0]
    assert added.uid in book_state(session)[1]  # in the bin, not erased

    with qtbot.waitSignal(session.changed, check_params_cb=lambda what: what == "activities"):
        stack.redo()
    assert book_state(session) == after  # the same record: same id, uid and creation time
    restored = session.book.activities.get(added.id)
    assert restored is not None and restored.revision > added.revision


def test_a_refused_add_writes_nothing_and_leaves_the_history_alone(session: Session, english: None) -> None:
    push(session, AddActivities.single(session, MEETING))
    before = book_state(session)
    with pytest.raises(ValidationError) as caught:
        push(session, AddActivities.single(session, replace(MEETING, title="", topics=())))
    assert sorted(issue.field for issue in caught.value.issues) == ["title", "topics"]
    assert book_state(session) == before
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Add activity"


def test_edit_then_undo_and_redo(qtbot: QtBot, session: Session, english: None) -> None:
    activity = session.book.activities.add(MEETING)
    before = book_state(session)
    changed_draft = replace(MEETING, title="Họp tổ dân phố số 5 (bổ sung)", participants=None, audiences=())

    command = push(session, EditActivity(session, activity, changed_draft))
    assert session.undo_stack.undoText() == "Edit “Họp tổ dân phố số 5”"
    assert command.activity is not None and command.activity.revision == activity.revision + 1
    after = book_state(session)
    assert after[0][activity.uid][1] == replace(changed_draft, unit="cuoc")

    with qtbot.waitSignal(session.changed, check_params_cb=lambda what: what == "activities"):
        session.undo_stack.undo()
    assert book_state(session) == before
    with qtbot.waitSignal(session.changed, check_params_cb=lambda what: what == "activities"):
        session.undo_stack.redo()
    assert book_state(session) == after
    session.undo_stack.undo()
    assert book_state(session) == before
    stored = session.book.activities.get(activity.id)
    assert stored is not None and stored.revision == activity.revision + 4  # every step is a change


def test_a_stale_edit_is_refused_before_anything_is_stacked(session: Session) -> None:
    activity = session.book.activities.add(MEETING)
    session.book.activities.update(activity.id, replace(MEETING, place="Hội trường"))
    with pytest.raises(StaleEditError):
        push(session, EditActivity(session, activity, replace(MEETING, title="Khác")))
    assert session.undo_stack.count() == 0
    stored = session.book.activities.get(activity.id)
    assert stored is not None and stored.title == MEETING.title and stored.place == "Hội trường"


def test_undo_after_a_change_made_elsewhere_is_refused_and_dropped(
    session: Session, failures: list[tuple[str, str]], english: None
) -> None:
    activity = session.book.activities.add(MEETING)
    push(session, EditActivity(session, activity, replace(MEETING, title="Sửa lần 1")))
    # another window (or an import) changes the activity without going through this history
    current = session.book.activities.get(activity.id)
    assert current is not None
    session.book.activities.update(activity.id, replace(current.draft, place="Hội trường"))
    before = book_state(session)

    session.undo_stack.undo()

    assert book_state(session) == before  # the other change is not overwritten
    assert session.undo_stack.count() == 0  # the step is gone from the history
    [(title, message)] = failures
    assert title == "Cannot undo"
    assert message.split("\n\n") == [
        "Edit “Họp tổ dân phố số 5”",
        "This activity was changed meanwhile; reopen it to see the latest version.",
        "This step was removed from the undo history; nothing was changed.",
    ]


def test_delete_then_undo_and_redo(qtbot: QtBot, session: Session, english: None) -> None:
    keep = session.book.activities.add(MEETING)
    first = session.book.activities.add(BROADCAST)
    second = session.book.activities.add(replace(BROADCAST, date=date(2026, 3, 3)))
    before = book_state(session)

    push(session, DeleteActivities(session, [first.id, second.id]))
    assert session.undo_stack.undoText() == "Delete 2 activities"
    after = book_state(session)
    assert set(after[0]) == {keep.uid} and set(after[1]) == {first.uid, second.uid}

    with qtbot.waitSignal(session.changed, check_params_cb=lambda what: what == "activities"):
        session.undo_stack.undo()
    assert book_state(session) == before
    session.undo_stack.redo()
    assert book_state(session) == after
    assert DeleteActivities(session, [keep.id]).text() == "Delete 1 activity"


def test_restore_from_the_bin_then_undo(session: Session, english: None) -> None:
    activity = session.book.activities.add(MEETING)
    session.book.activities.delete(activity.id)
    binned = book_state(session)
    push(session, RestoreActivities(session, [activity.id]))
    assert session.undo_stack.undoText() == "Restore 1 activity"
    restored = book_state(session)
    assert set(restored[0]) == {activity.uid}
    session.undo_stack.undo()
    assert book_state(session) == binned
    session.undo_stack.redo()
    assert book_state(session) == restored


def test_a_series_is_one_step(session: Session, english: None) -> None:
    before = book_state(session)
    dates = series_dates(date(2026, 3, 1), date(2026, 3, 31), weekdays=set(WORKING_DAYS))
    command = push(session, AddActivities.series(session, BROADCAST, dates, 2))
    assert len(command.activities) == 22
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Add 22 activities"
    after = book_state(session)
    session.undo_stack.undo()
    assert book_state(session)[0] == before[0] == {}
    session.undo_stack.redo()
    assert book_state(session) == after


def test_activities_added_elsewhere_can_be_taken_back(session: Session, english: None) -> None:
    """An import writes on a worker, then stacks what it added: the first redo has nothing to do."""
    ids = session.book.activities.add_many(
        [session.book.activities.check(MEETING), session.book.activities.check(BROADCAST)]
    )
    after = book_state(session)
    session.undo_stack.push(AddActivities(session, ids, text="Import so.xlsx"))
    assert book_state(session) == after  # pushing wrote nothing more
    assert session.undo_stack.undoText() == "Import so.xlsx"
    session.undo_stack.undo()
    assert book_state(session)[0] == {}
    session.undo_stack.redo()
    assert book_state(session) == after
    assert AddActivities(session, ids).text() == "Add 2 activities"


def test_long_titles_are_shortened_in_the_menu(session: Session, english: None) -> None:
    activity = session.book.activities.add(replace(MEETING, title="Tuyên truyền " * 10))
    text = EditActivity(session, activity, MEETING).text()
    assert text.startswith("Edit “Tuyên truyền") and text.endswith("…”")
    assert len(text) < 60
