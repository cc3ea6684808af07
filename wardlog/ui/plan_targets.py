"""The targets of a plan being edited: a table to add, change, reorder and remove them, and the
dialog for one target.

Nothing here writes to the book: the plan window saves the whole plan at once (the core checks it
then). The dialog asks the core about the one target as the user leaves it, so a wrong target is
corrected where it was typed.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.errors import Issue, ValidationError
from wardlog.core.i18n import N_, _, format_date, format_number
from wardlog.core.periods import Convention, PeriodKind, named, parse
from wardlog.core.plan_listing import amount, kind_label, with_note
from wardlog.core.plan_tasks import link_counts
from wardlog.core.plans import MAX_QUANTITY, Measure, Plan, Target, TargetKind
from wardlog.ui.activity_form import ChannelBox, QuantityBox, ui_locale
from wardlog.ui.catalog_editor import FormDialog
from wardlog.ui.questions import ask
from wardlog.ui.session import Session

KINDS = (
    (TargetKind.CHANNEL, N_("By channel (hình thức)")),
    (TargetKind.TOPIC, N_("By topic (nội dung)")),
    (TargetKind.TASK, N_("A named task")),
)
COLUMNS = (N_("No."), N_("Kind"), N_("Target"), N_("Planned"), N_("Due"))
NUMBER, KIND, TARGET, PLANNED, DUE = range(5)
BAD_ROW = QColor("#fce8e6")


def due_label(code: str, convention: Convention) -> str:
    """What a due period is called: “quý I năm 2026”; the whole year when empty."""
    if not code:
        return _("Whole year")
    try:
        return parse(code, convention).label
    except ValidationError:
        return code


def due_choices(year: int, convention: Convention) -> list[tuple[str, str]]:
    """(code, label) of the periods a target of ``year`` may fall due in: the year, its halves,
    quarters and months, each with its dates."""
    choices = [("", _("Whole year"))]
    for kind, count in ((PeriodKind.HALF, 2), (PeriodKind.QUARTER, 4), (PeriodKind.MONTH, 12)):
        for index in range(1, count + 1):
            period = named(kind, year, index, convention)
            dates = f"{format_date(period.start)} – {format_date(period.end)}"
            choices.append((period.code, f"{period.label} ({dates})"))
    return choices


def row_prefix(row: int) -> str:
    """How the core starts a refusal about the target in ``row`` (“Chỉ tiêu 3: ”)."""
    return _("Target {row}: {message}").format(row=row, message="")


def rows_named(issues: list[Issue], count: int) -> dict[int, list[str]]:
    """The refusals of a plan by target row (1-based); row 0 holds the others."""
    found: dict[int, list[str]] = {}
    for issue in issues:
        row = next((r for r in range(1, count + 1) if issue.message.startswith(row_prefix(r))), 0)
        found.setdefault(row, []).append(
            issue.message.removeprefix(row_prefix(row)) if row else issue.message
        )
    return found


# --- one target ----------------------------------------------------------------------------------


class TargetDialog(FormDialog):
    """Enter or change one target of the plan of ``year``."""

    def __init__(self, parent: QWidget, session: Session, year: int, target: Target | None = None) -> None:
        super().__init__(parent, _("Change the target") if target else _("New target"))
        self.session = session
        self.year = year
        self.target: Target | None = None  # what OK accepted
        self._original = target or Target(TargetKind.CHANNEL, 1)
        book = session.book
        catalog = book.catalog
        convention = Convention(book.settings.convention)
        original = self._original

        self.kind_box = QComboBox(self)
        for kind, label in KINDS:
            self.kind_box.addItem(_(label), kind.value)
        self.kind_box.setAccessibleName(_("Kind of target"))
        groups = {group.code: group.label for group in catalog.groups()}
        channels = [
            e for e in catalog.channels(include_retired=True) if not e.retired or e.code == original.channel
        ]
        self.channel_box = ChannelBox(channels, groups, self, known=catalog.channels(include_retired=True))
        self.channel_box.setAccessibleName(_("Channel"))
        self.topic_box = QComboBox(self)
        self.topic_box.setAccessibleName(_("Topic"))
        self.topic_box.setPlaceholderText(_("Choose a topic"))
        for entry in catalog.topics(include_retired=True):
            if not entry.retired or entry.code == original.topic:
                self.topic_box.addItem(entry.label, entry.code)
        self.topic_box.setCurrentIndex(-1)
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName(_("Wording"))
        self.quantity_box = QuantityBox(self)
        self.quantity_box.setLocale(ui_locale())
        self.quantity_box.setDecimals(2)
        self.quantity_box.setRange(0, MAX_QUANTITY)
        self.quantity_box.setAccessibleName(_("Planned amount"))
        self.measure_box = QComboBox(self)
        for measure in Measure:
            self.measure_box.addItem(measure.label, measure.value)
        self.measure_box.setAccessibleName(_("Measured by"))
        self.unit_box = QComboBox(self)
        self.unit_box.addItem(_("any unit"), "")
        for entry in catalog.units(include_retired=True):
            if not entry.retired or entry.code == original.unit:
                self.unit_box.addItem(entry.label, entry.code)
        self.unit_box.setAccessibleName(_("Unit"))
        amount_row = QWidget(self)
        amount_layout = QHBoxLayout(amount_row)
        amount_layout.setContentsMargins(0, 0, 0, 0)
        amount_layout.addWidget(self.quantity_box, 2)
        amount_layout.addWidget(self.measure_box, 3)
        amount_layout.addWidget(self.unit_box, 3)
        self.due_box = QComboBox(self)
        self.due_box.setAccessibleName(_("Due"))
        for code, label in due_choices(year, convention):
            self.due_box.addItem(label, code)
        if original.due and self.due_box.findData(original.due) < 0:
            self.due_box.addItem(due_label(original.due, convention), original.due)

        self.add_field("kind", _("&Kind:"), self.kind_box)
        self.add_field("channel", _("&Channel:"), self.channel_box)
        self.add_field("topic", _("T&opic:"), self.topic_box)
        self.add_field("title", _("&Wording:"), self.title_edit)
        self.add_field(
            "quantity",
            _("&Planned:"),
            amount_row,
            _("Zero asks for nothing: the target counts as met."),
        )
        self.add_field("due", _("D&ue:"), self.due_box)
        self._rows = {
            name: row for row, name in enumerate(("kind", "channel", "topic", "title", "quantity", "due"))
        }
        self._fields["measure"] = self.measure_box
        self._fields["unit"] = self.unit_box
        self._errors["measure"] = self._errors["unit"] = self._errors["quantity"]
        self.setMinimumWidth(640)

        self.kind_box.setCurrentIndex(self.kind_box.findData(original.kind.value))
        self.channel_box.set_code(original.channel)
        if original.topic:
            self.topic_box.setCurrentIndex(self.topic_box.findData(original.topic))
        self.title_edit.setText(original.title)
        self.quantity_box.setValue(original.quantity)
        self.measure_box.setCurrentIndex(self.measure_box.findData(original.measure.value))
        self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(original.unit)))
        self.due_box.setCurrentIndex(max(0, self.due_box.findData(original.due)))
        self.kind_box.currentIndexChanged.connect(self._show_kind)
        self.measure_box.currentIndexChanged.connect(self._show_measure)
        self.channel_box.channel_changed.connect(self._channel_chosen)
        self._show_kind()
        self._show_measure()
        self.submit = self._submit
        (self.title_edit if target and target.kind is TargetKind.TASK else self.kind_box).setFocus()

    def kind(self) -> TargetKind:
        return TargetKind(self.kind_box.currentData())

    def current(self) -> Target:
        """The target as the dialog shows it (not yet checked)."""
        kind = self.kind()
        return replace(
            self._original,
            kind=kind,
            quantity=self.quantity_box.value(),
            title=self.title_edit.text(),
            measure=Measure(self.measure_box.currentData()),
            channel=self.channel_box.code() if kind is TargetKind.CHANNEL else "",
            topic=(self.topic_box.currentData() or "") if kind is TargetKind.TOPIC else "",
            unit=self.unit_box.currentData() or "",
            due=self.due_box.currentData() or "",
        )

    def _show_kind(self) -> None:
        kind = self.kind()
        self.form.setRowVisible(self._rows["channel"], kind is TargetKind.CHANNEL)
        self.form.setRowVisible(self._rows["topic"], kind is TargetKind.TOPIC)
        for error in self._errors.values():  # showing a row shows its (empty) error line as well
            error.setVisible(bool(error.text()))
        label = self.form.itemAt(self._rows["title"], self.form.ItemRole.LabelRole).widget()
        if kind is TargetKind.TASK:
            label.setText(_("&Wording:"))
            self.title_edit.setPlaceholderText(_("e.g. Tổ chức 01 cuộc thi tìm hiểu dịch vụ công trực tuyến"))
        else:
            label.setText(_("&Note:"))
            self.title_edit.setPlaceholderText(_("optional, e.g. Phát thanh về dịch vụ công trực tuyến"))

    def _show_measure(self) -> None:
        by_quantity = Measure(self.measure_box.currentData()) is Measure.QUANTITY
        self.unit_box.setVisible(by_quantity)
        if by_quantity and not self.unit_box.currentData():
            self._channel_chosen(self.channel_box.code())

    def _channel_chosen(self, code: str) -> None:
        """Counting by quantity on a channel: its usual unit, until the user picks another."""
        channel = self.channel_box.channels.get(code)
        by_quantity = Measure(self.measure_box.currentData()) is Measure.QUANTITY
        if channel is not None and by_quantity and not self.unit_box.currentData():
            self.unit_box.setCurrentIndex(max(0, self.unit_box.findData(channel.default_unit)))

    def _submit(self) -> None:
        self.channel_box.settle()
        target = self.current()
        try:
            checked = self.session.book.plans.validate(Plan(self.year, targets=(target,)))
        except ValidationError as error:
            raise ValidationError(
                [Issue(self._field_of(m), m) for m in rows_named(error.issues, 1).get(1, [])]
            ) from None
        self.target = replace(checked.targets[0], id=target.id, uid=target.uid)

    def _field_of(self, message: str) -> str:
        """Which field a refusal of the core is about (by its wording)."""
        starts = {
            "channel": _("choose a channel."),
            "topic": _("choose a topic."),
            "title": _("a task needs its wording."),
            "unit": _("there is no unit “{unit}”.").split("{")[0],
            "quantity": _("the planned amount must be between 0 and {n}.").split("{")[0],
            "due": _("the due period {due} is not within the plan's year.").split("{")[0],
        }
        for field, start in starts.items():
            if message.startswith(start):
                return field
        if message.startswith(_("the wording is longer than {n} characters.").split("{")[0]):
            return "title"
        return ""


# --- the table -----------------------------------------------------------------------------------


class TargetsEditor(QWidget):
    """The plan's targets in order; ``changed`` after every edit."""

    changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.year = 0
        self._targets: list[Target] = []
        self._bad: dict[int, str] = {}  # row (0-based) → the core's refusal

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([_(title) for title in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_("Targets of the plan"))
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 5)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PLANNED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DUE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(_("&Add…"), self)
        self.add_button.setToolTip(_("A new target after the selected one (Insert)"))
        self.edit_button = QPushButton(_("Chan&ge…"), self)
        self.edit_button.setToolTip(_("Change the selected target (Enter)"))
        self.delete_button = QPushButton(_("Re&move"), self)
        self.delete_button.setToolTip(_("Remove the selected target (Delete)"))
        self.up_button = QPushButton(_("Move &up"), self)
        self.up_button.setToolTip(_("Move the selected target up (Ctrl+Up)"))
        self.down_button = QPushButton(_("Move do&wn"), self)
        self.down_button.setToolTip(_("Move the selected target down (Ctrl+Down)"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.up_button,
            self.down_button,
        ):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        shortcuts = (
            ("Insert", self.add),
            ("Return", self.edit),
            ("Enter", self.edit),
            ("F2", self.edit),
            ("Delete", self.remove),
            ("Ctrl+Up", lambda: self.move(-1)),
            ("Ctrl+Down", lambda: self.move(1)),
        )
        for keys, slot in shortcuts:
            shortcut = QShortcut(QKeySequence(keys), self.table, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    # --- content -------------------------------------------------------------------------------

    def targets(self) -> tuple[Target, ...]:
        return tuple(self._targets)

    def set_targets(self, year: int, targets: tuple[Target, ...]) -> None:
        self.year = year
        self._targets = list(targets)
        self._bad = {}
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        """Show the targets (the catalog's labels may have changed); select row ``select``."""
        book = self.session.book
        convention = Convention(book.settings.convention)
        if select is None:
            select = self.current_row()
        self.table.setRowCount(len(self._targets))
        for row, target in enumerate(self._targets):
            texts = (
                str(row + 1),
                kind_label(target.kind),
                with_note(book.plans.describe(target), target),
                amount(target, target.quantity, book.catalog),
                due_label(target.due, convention),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column in (NUMBER, PLANNED):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                problem = self._bad.get(row)
                item.setToolTip(problem or (text if column == TARGET else ""))
                if problem:
                    item.setBackground(QBrush(BAD_ROW))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if self._targets and select is not None and select >= 0:
            self.table.selectRow(min(select, len(self._targets) - 1))
        self._update_buttons()

    def mark_refused(self, problems: dict[int, list[str]]) -> None:
        """Tint the rows the core refused (``problems`` by 1-based row) and select the first."""
        self._bad = {row - 1: "\n".join(messages) for row, messages in problems.items() if row > 0}
        first = min(self._bad) if self._bad else None
        self.refresh(select=first)
        if first is not None:
            self.table.scrollToItem(self.table.item(first, TARGET))

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _update_buttons(self) -> None:
        row = self.current_row()
        self.edit_button.setEnabled(row >= 0)
        self.delete_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(self._targets) - 1)

    def _changed(self, select: int) -> None:
        self._bad.pop(select, None)
        self.refresh(select=select)
        self.table.setFocus()
        self.changed.emit()

    # --- actions -------------------------------------------------------------------------------

    def add(self) -> None:
        row = self.current_row()
        template = self._targets[row] if row >= 0 else None
        start = Target(template.kind, 1, measure=template.measure) if template else None
        dialog = TargetDialog(self, self.session, self.year, start)
        dialog.setWindowTitle(_("New target"))
        if dialog.exec() and dialog.target is not None:
            position = row + 1 if row >= 0 else len(self._targets)
            self._targets.insert(position, replace(dialog.target, id=0, uid=""))
            self._bad = {(r + 1 if r >= position else r): m for r, m in self._bad.items()}
            self._changed(position)

    def edit(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        dialog = TargetDialog(self, self.session, self.year, self._targets[row])
        if dialog.exec() and dialog.target is not None:
            self._targets[row] = dialog.target
            self._changed(row)

    def remove(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        target = self._targets[row]
        linked = link_counts(self.session.book, self.year).get(target.id, 0) if target.id else 0
        if linked and not ask(
            self,
            _("Remove the task?"),
            _(
                "{n} activities are linked to “{task}”. When the plan is saved without it, "
                "they are no longer linked to any task."
            ).format(n=format_number(linked), task=target.title),
            _("&Remove"),
            _("&Keep"),
            act_by_default=False,
        ):
            return
        del self._targets[row]
        self._bad = {(r - 1 if r > row else r): m for r, m in self._bad.items() if r != row}
        self._changed(min(row, len(self._targets) - 1))

    def move(self, step: int) -> None:
        row = self.current_row()
        other = row + step
        if row < 0 or not 0 <= other < len(self._targets):
            return
        self._targets[row], self._targets[other] = self._targets[other], self._targets[row]
        self._bad = {({row: other, other: row}.get(r, r)): m for r, m in self._bad.items()}
        self._changed(other)
