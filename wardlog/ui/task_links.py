"""Which tasks of the annual plan an activity fulfils, chosen in the activity form.

A button beside the form's tabs (“Nhiệm vụ kế hoạch (1)”) opens the tasks of the plan of the
activity's year to tick; it is not shown while that year's plan has no tasks. The links are written
with the activity, by the same undoable step (:class:`AddActivitiesWithTasks`,
:class:`EditActivityWithTasks`): undoing a new activity moves it to the bin, where it counts for no
task; undoing an edit puts its previous links back as well as its values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from wardlog.core.errors import WardLogError
from wardlog.core.i18n import _, format_number, ngettext
from wardlog.core.periods import Convention, PeriodKind, containing
from wardlog.core.plan_listing import amount
from wardlog.core.text import fold
from wardlog.ui.activity_form import CODE_ROLE, FOLDED_ROLE, CheckList
from wardlog.ui.plan_targets import due_label
from wardlog.ui.session import Session
from wardlog.ui.undo import AddActivities, EditActivity, short_title

if TYPE_CHECKING:
    from wardlog.core.model import Activity, ActivityDraft
    from wardlog.core.plans import Target

POPUP_WIDTH = 560
SHOWN_WORDING = 60  # characters of a task's wording on the button's tooltip


# --- the undoable steps --------------------------------------------------------------------------


class AddActivitiesWithTasks(AddActivities):
    """New activities linked to tasks of the plan in the same transaction (see :class:`AddActivities`).

    Undo moves them to the bin, where their links count for nothing; redo brings back the very same
    records, links included. Build with :meth:`single` or :meth:`series`, then :meth:`linking`.
    """

    target_ids: tuple[int, ...] = ()

    def linking(self, target_ids: Sequence[int]) -> AddActivitiesWithTasks:
        self.target_ids = tuple(target_ids)
        return self

    def _do(self, *, first: bool) -> None:
        if not (first and self.target_ids):
            super()._do(first=first)
            return
        book = self.session.book
        with book.atomic():
            super()._do(first=first)
            for activity_id in self.activity_ids:
                book.plans.link(activity_id, self.target_ids)


class EditActivityWithTasks(EditActivity):
    """Changed values and links of one activity; undo puts both back (see :class:`EditActivity`)."""

    def __init__(
        self,
        session: Session,
        activity: Activity,
        draft: ActivityDraft,
        before: Sequence[int],
        after: Sequence[int],
    ) -> None:
        super().__init__(session, activity, draft)
        self._tasks_before = tuple(sorted(before))
        self._tasks_after = tuple(sorted(after))
        if self._tasks_before != self._tasks_after and _same_values(session, activity, draft):
            self.setText(_("Link “{title}” to the plan").format(title=short_title(activity.title)))

    def _do(self, *, first: bool) -> None:
        with self.session.book.atomic():
            super()._do(first=first)
            self._link(self._tasks_after)

    def _undo(self) -> None:
        with self.session.book.atomic():
            super()._undo()
            self._link(self._tasks_before)

    def _link(self, target_ids: tuple[int, ...]) -> None:
        if self._tasks_before != self._tasks_after:
            self.session.book.plans.link(self.activity_id, target_ids)


def _same_values(session: Session, activity: Activity, draft: ActivityDraft) -> bool:
    """Whether ``draft`` would store the values ``activity`` has (only its links change)."""
    kept = frozenset({activity.channel, activity.unit, *activity.topics, *activity.audiences})
    try:
        return session.book.activities.check(draft, allowed_retired=kept) == activity.draft
    except WardLogError:
        return False  # refused: the step will not be taken anyway


# --- the chooser ---------------------------------------------------------------------------------


class TaskPopup(QFrame):
    """The tasks to tick, in a frame that closes when the user clicks elsewhere (or Esc, or Done)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.tasks = CheckList(_("Tasks of the plan"), searchable=True, rows=7, parent=self)
        self.tasks.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.done_button = QPushButton(_("Done"), self)
        self.done_button.setAutoDefault(False)
        self.done_button.clicked.connect(self.hide)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tasks, 1)
        layout.addLayout(bottom)
        self.setFixedWidth(POPUP_WIDTH)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.hide)


class TaskLinks(QWidget):
    """The button that shows and changes which tasks of the plan the activity fulfils."""

    changed = Signal()

    def __init__(self, session: Session, activity: Activity | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.year = 0
        self.linked: tuple[int, ...] = tuple(session.book.plans.tasks_of(activity.id)) if activity else ()
        self._tasks: list[Target] = []
        self.button = QPushButton(self)
        self.button.setAutoDefault(False)
        self.button.setAccessibleName(_("Tasks of the plan this activity fulfils"))
        self.button.clicked.connect(self.open_popup)
        self.popup = TaskPopup(self)
        self.popup.tasks.model.itemChanged.connect(self._ticked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        self._checked: tuple[int, ...] = self.linked
        self._show_button()
        self.hide()

    def checked(self) -> tuple[int, ...]:
        """The ids of the tasks ticked, in the plan's order."""
        return self._checked

    def set_checked(self, target_ids: Sequence[int]) -> None:
        self.popup.tasks.set_checked(tuple(str(i) for i in target_ids))

    def set_date(self, day: date) -> None:
        """Offer the tasks of the plan of ``day``'s year (and any the activity is linked to already)."""
        convention = Convention(self.session.book.settings.convention)
        year = containing(day, PeriodKind.YEAR, convention).year
        if year == self.year:
            return
        self.year = year
        plans = self.session.book.plans
        tasks = plans.tasks(year)
        known = {task.id for task in tasks}
        # links the activity has to another year's tasks stay in sight, to be kept or unticked
        others = [task for task in plans.tasks() if task.id in self.linked and task.id not in known]
        self._tasks = tasks + others
        model = self.popup.tasks.model
        model.clear()  # (items are complete before they join the model: no itemChanged)
        for task in self._tasks:
            item = QStandardItem(self._describe(task))
            item.setData(str(task.id), CODE_ROLE)
            item.setData(fold(task.title), FOLDED_ROLE)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            )
            ticked = task.id in self._checked
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            item.setToolTip(task.title)
            model.appendRow(item)
        self.popup.tasks._update_count()
        self._ticked()
        self.popup.heading.setText(
            _("Which tasks of the plan of {year} does this activity carry out?").format(year=year)
        )
        self.setVisible(bool(self._tasks))

    def _describe(self, task: Target) -> str:
        wording = task.title
        if task.quantity != 1 or task.due:
            detail = amount(task, task.quantity, self.session.book.catalog)
            due = due_label(task.due, Convention(self.session.book.settings.convention)) if task.due else ""
            wording += f" ({detail}{', ' + due if due else ''})"
        return wording

    def _ticked(self, *_args: object) -> None:
        model = self.popup.tasks.model
        ticked = []
        for row in range(model.rowCount()):
            item = model.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ticked.append(int(item.data(CODE_ROLE)))
        checked = tuple(ticked)
        if checked != self._checked:
            self._checked = checked
            self.changed.emit()
        self._show_button()

    def _show_button(self) -> None:
        n = len(self._checked)
        text = (
            ngettext("Plan tas&ks ({n})…", "Plan tas&ks ({n})…", n).format(n=format_number(n))
            if n
            else _("Plan tas&ks…")
        )
        self.button.setText(text)
        names = [task.title for task in self._tasks if task.id in self._checked]
        if names:
            tip = "\n".join(
                "• " + (name if len(name) <= SHOWN_WORDING else name[: SHOWN_WORDING - 1] + "…")
                for name in names
            )
        else:
            tip = _("Link this activity to the tasks of the plan it carries out")
        self.button.setToolTip(tip)

    def open_popup(self) -> None:
        popup = self.popup
        if popup.tasks.filter is not None:
            popup.tasks.filter.clear()  # every task in sight again
        popup.adjustSize()
        below = self.button.mapToGlobal(QPoint(0, self.button.height()))
        screen = self.screen().availableGeometry()
        x = max(screen.left(), min(below.x(), screen.right() - popup.width()))
        y = (
            below.y()
            if below.y() + popup.height() <= screen.bottom()
            else self.button.mapToGlobal(QPoint()).y() - popup.height()
        )
        popup.move(x, max(screen.top(), y))
        popup.show()
        popup.tasks.focus_target().setFocus()

    # --- the undoable steps for the form -------------------------------------------------------

    def add_single(self, draft: ActivityDraft) -> AddActivitiesWithTasks:
        command = AddActivitiesWithTasks.single(self.session, draft)
        assert isinstance(command, AddActivitiesWithTasks)
        return command.linking(self._checked)

    def add_series(
        self, draft: ActivityDraft, dates: Sequence[date], times_per_day: int
    ) -> AddActivitiesWithTasks:
        command = AddActivitiesWithTasks.series(self.session, draft, dates, times_per_day)
        assert isinstance(command, AddActivitiesWithTasks)
        return command.linking(self._checked)

    def edit(self, activity: Activity, draft: ActivityDraft) -> EditActivityWithTasks:
        return EditActivityWithTasks(self.session, activity, draft, self.linked, self._checked)
