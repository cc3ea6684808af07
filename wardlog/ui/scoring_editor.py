"""The scoring table editor: the criteria of the self-assessment, their points and thresholds, the
evidence they ask for, and (for variety) the families of channels.

Provinces score differently from year to year, so the table is the book's data. The editor works on
a copy and writes it by Save; the core checks it then (:func:`wardlog.core.scoring.validate`) and
its refusals are shown above the form. "Reset to default" puts back the table WardLog ships with.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.errors import ValidationError, WardLogError
from wardlog.core.i18n import N_, _, format_number
from wardlog.core.scoring import DEFAULT, Criterion, CriterionKind, Family, ScoringTable
from wardlog.ui.activity_form import CheckList, QuantityBox, ui_locale
from wardlog.ui.catalog_editor import BAR_STYLE
from wardlog.ui.questions import ask
from wardlog.ui.session import PLANS, Session

KINDS = (
    (CriterionKind.COMPLETION, N_("Completion of the plan (%)")),
    (CriterionKind.VARIETY, N_("Families of channels used")),
)
VALUE_ROLE = Qt.ItemDataRole.UserRole
_Index = QModelIndex | QPersistentModelIndex


class NumberDelegate(QStyledItemDelegate):
    """Numbers in a table edited in a spin box with the decimal comma of the user's language."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        box = QuantityBox(parent)
        box.setLocale(ui_locale())
        box.setDecimals(2)
        box.setRange(0, 1000)
        return box

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        editor.setValue(float(index.data(VALUE_ROLE) or 0))

    def setModelData(self, editor: QWidget, model: object, index: _Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), VALUE_ROLE)  # type: ignore[attr-defined]
        model.setData(index, format_number(editor.value()), Qt.ItemDataRole.DisplayRole)  # type: ignore[attr-defined]


def number_item(value: float) -> QTableWidgetItem:
    item = QTableWidgetItem(format_number(value))
    item.setData(VALUE_ROLE, value)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class ScoringEditor(QDialog):
    """Edit the book's scoring table; Save writes it, Cancel asks before dropping changes."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Scoring table"))
        self.setSizeGripEnabled(True)
        self._criteria: list[Criterion] = []
        self._row = -1  # the criterion shown in the form
        self._family = -1  # the family whose channels are shown
        self._loading = False
        self._baseline = session.book.scoring.table

        self.banner = QLabel(self)
        self.banner.setStyleSheet(BAR_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(_("Name of the scoring table"))
        name_label = QLabel(_("Table &name:"), self)
        name_label.setBuddy(self.name_edit)
        name_row = QHBoxLayout()
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)

        # --- the criteria ----------------------------------------------------------------------
        self.criteria_list = QListWidget(self)
        self.criteria_list.setAccessibleName(_("Criteria"))
        self.criteria_list.setWordWrap(True)
        self.criteria_list.currentRowChanged.connect(self._criterion_chosen)
        self.add_button = QPushButton(_("&Add"), self)
        self.remove_button = QPushButton(_("Re&move"), self)
        self.up_button = QPushButton("▲", self)
        self.up_button.setToolTip(_("Move up"))
        self.down_button = QPushButton("▼", self)
        self.down_button.setToolTip(_("Move down"))
        list_buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)
            list_buttons.addWidget(button)
        self.add_button.clicked.connect(self.add_criterion)
        self.remove_button.clicked.connect(self.remove_criterion)
        self.up_button.clicked.connect(lambda: self.move_criterion(-1))
        self.down_button.clicked.connect(lambda: self.move_criterion(1))
        criteria_label = QLabel(_("C&riteria:"), self)
        criteria_label.setBuddy(self.criteria_list)
        left = QVBoxLayout()
        left.addWidget(criteria_label)
        left.addWidget(self.criteria_list, 1)
        left.addLayout(list_buttons)

        # --- one criterion ---------------------------------------------------------------------
        form_widget = QWidget(self)
        self.label_edit = QLineEdit(form_widget)
        self.label_edit.setAccessibleName(_("Criterion"))
        self.kind_box = QComboBox(form_widget)
        for kind, label in KINDS:
            self.kind_box.addItem(_(label), kind.value)
        self.kind_box.setAccessibleName(_("Measured by"))
        self.points_box = QuantityBox(form_widget)
        self.points_box.setLocale(ui_locale())
        self.points_box.setDecimals(2)
        self.points_box.setRange(0, 100)
        self.points_box.setAccessibleName(_("Points"))
        self.evidence_box = QCheckBox(_("Only activities with &evidence attached count"), form_widget)
        self.thresholds = QTableWidget(0, 2, form_widget)
        self.thresholds.setAccessibleName(_("Thresholds"))
        self.thresholds.setItemDelegate(NumberDelegate(self.thresholds))
        self.thresholds.verticalHeader().hide()
        self.thresholds.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.thresholds.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.thresholds.setMinimumHeight(100)
        self.thresholds.setMaximumHeight(160)
        self.threshold_hint = QLabel(form_widget)
        self.threshold_hint.setWordWrap(True)
        self.threshold_hint.setStyleSheet("color: #555;")
        self.add_threshold_button = QPushButton(_("Add a &level"), form_widget)
        self.remove_threshold_button = QPushButton(_("Remove the level"), form_widget)
        threshold_buttons = QHBoxLayout()
        for button in (self.add_threshold_button, self.remove_threshold_button):
            button.setAutoDefault(False)
            threshold_buttons.addWidget(button)
        threshold_buttons.addStretch(1)
        self.add_threshold_button.clicked.connect(self.add_threshold)
        self.remove_threshold_button.clicked.connect(self.remove_threshold)
        thresholds_box = QVBoxLayout()
        thresholds_box.addWidget(self.thresholds)
        thresholds_box.addWidget(self.threshold_hint)
        thresholds_box.addLayout(threshold_buttons)

        self.families_frame = QFrame(form_widget)
        self.family_list = QListWidget(self.families_frame)
        self.family_list.setAccessibleName(_("Families of channels"))
        self.family_list.setWordWrap(True)
        self.family_list.currentRowChanged.connect(self._family_chosen)
        self.family_name = QLineEdit(self.families_frame)
        self.family_name.setAccessibleName(_("Name of the family"))
        self.family_name.setPlaceholderText(_("Name of the family"))
        self.channels = CheckList(
            _("Channels of the family"), searchable=True, rows=8, parent=self.families_frame
        )
        self.channels.set_entries(session.book.catalog.channels(include_retired=True))
        self.add_family_button = QPushButton(_("Add a &family"), self.families_frame)
        self.remove_family_button = QPushButton(_("Remove the family"), self.families_frame)
        family_buttons = QHBoxLayout()
        for button in (self.add_family_button, self.remove_family_button):
            button.setAutoDefault(False)
            family_buttons.addWidget(button)
        self.add_family_button.clicked.connect(self.add_family)
        self.remove_family_button.clicked.connect(self.remove_family)
        families_left = QVBoxLayout()
        families_left.setContentsMargins(0, 0, 0, 0)
        families_left.addWidget(self.family_list, 1)
        families_left.addLayout(family_buttons)
        families_right = QVBoxLayout()
        families_right.setContentsMargins(0, 0, 0, 0)
        families_right.addWidget(self.family_name)
        families_right.addWidget(self.channels, 1)
        families_layout = QHBoxLayout(self.families_frame)
        families_layout.addLayout(families_left, 2)
        families_layout.addLayout(families_right, 3)
        families_note = QLabel(
            _("A family counts as used when the period has an activity on one of its channels."),
            self.families_frame,
        )
        families_note.setWordWrap(True)
        families_note.setStyleSheet("color: #555;")
        families_page = QWidget(self)
        families_page_layout = QVBoxLayout(families_page)
        families_page_layout.addWidget(families_note)
        families_page_layout.addWidget(self.families_frame, 1)

        form_outer = QVBoxLayout(form_widget)
        self.form = QFormLayout()
        form_outer.addLayout(self.form)
        form_outer.addStretch(1)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[str, QWidget | QHBoxLayout | QVBoxLayout, QWidget]] = [
            (_("Cr&iterion:"), self.label_edit, self.label_edit),
            (_("Measured &by:"), self.kind_box, self.kind_box),
            (_("&Points:"), self.points_box, self.points_box),
            ("", self.evidence_box, self.evidence_box),
            (_("&Thresholds:"), thresholds_box, self.thresholds),
        ]
        for text, field, buddy in rows:
            label = QLabel(text, form_widget)
            label.setBuddy(buddy)
            self.form.addRow(label, field)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_widget)
        self.pages = QTabWidget(self)
        self.pages.addTab(scroll, _("The criterion"))
        self.pages.addTab(families_page, _("Families of channels"))
        self.pages.setTabToolTip(1, _("For a criterion measured by the families of channels used"))

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(self.pages, 3)

        self.reset_button = QPushButton(_("Reset to &default…"), self)
        self.reset_button.setToolTip(
            _("Put back the table WardLog ships with (the 2022 commune-level example)")
        )
        self.save_button = QPushButton(_("&Save"), self)
        # no default button: Enter commits a threshold being typed, it does not save the dialog
        self.cancel_button = QPushButton(_("Cancel"), self)
        for button in (self.reset_button, self.save_button, self.cancel_button):
            button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.reset_to_default)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(name_row)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

        self.label_edit.textEdited.connect(self._criterion_edited)
        self.kind_box.currentIndexChanged.connect(self._criterion_edited)
        self.points_box.valueChanged.connect(self._criterion_edited)
        self.evidence_box.toggled.connect(self._criterion_edited)
        self.thresholds.itemChanged.connect(self._criterion_edited)
        self.family_name.textEdited.connect(self._family_edited)
        self.channels.model.itemChanged.connect(self._family_edited)

        self.load(self._baseline)
        self.resize(960, 580)

    # --- the table -----------------------------------------------------------------------------

    def load(self, table: ScoringTable) -> None:
        self._loading = True
        try:
            self.name_edit.setText(table.name)
            self._criteria = list(table.criteria)
            self._row = -1
            self.criteria_list.clear()
            for criterion in self._criteria:
                self.criteria_list.addItem(criterion.label)
        finally:
            self._loading = False
        self.criteria_list.setCurrentRow(0 if self._criteria else -1)
        self._criterion_chosen(self.criteria_list.currentRow())
        self.banner.hide()

    def table(self) -> ScoringTable:
        """The table as the editor shows it (not yet checked)."""
        return ScoringTable(self.name_edit.text(), tuple(self._criteria))

    def is_modified(self) -> bool:
        return self.table() != self._baseline

    # --- criteria ------------------------------------------------------------------------------

    def _criterion_chosen(self, row: int) -> None:
        if self._loading:
            return
        self._row = row
        criterion = self._criteria[row] if 0 <= row < len(self._criteria) else None
        self._loading = True
        try:
            for widget in (
                self.label_edit,
                self.kind_box,
                self.points_box,
                self.evidence_box,
                self.thresholds,
            ):
                widget.setEnabled(criterion is not None)
            if criterion is None:
                self.label_edit.clear()
                self.thresholds.setRowCount(0)
                self.families_frame.setEnabled(False)
                return
            self.label_edit.setText(criterion.label)
            self.kind_box.setCurrentIndex(self.kind_box.findData(criterion.kind.value))
            self.points_box.setValue(criterion.points)
            self.evidence_box.setChecked(criterion.evidence)
            self._show_thresholds(criterion)
            self.family_list.clear()
            for family in criterion.families:
                self.family_list.addItem(family.label)
        finally:
            self._loading = False
        self._show_kind(criterion.kind)
        self.family_list.setCurrentRow(0 if criterion.families else -1)
        self._family_chosen(self.family_list.currentRow())
        self._update_buttons()

    def _show_thresholds(self, criterion: Criterion) -> None:
        percent = criterion.kind is CriterionKind.COMPLETION
        self.thresholds.setHorizontalHeaderLabels(
            [_("From (%)") if percent else _("From (families)"), _("Scores (points)")]
        )
        self.thresholds.setRowCount(len(criterion.thresholds))
        for row, (level, score) in enumerate(criterion.thresholds):
            self.thresholds.setItem(row, 0, number_item(round(level * 100, 2) if percent else level))
            self.thresholds.setItem(row, 1, number_item(score))

    def _show_kind(self, kind: CriterionKind) -> None:
        variety = kind is CriterionKind.VARIETY
        self.pages.setTabEnabled(1, variety)
        self.families_frame.setEnabled(variety)
        if variety:
            hint = _("E.g. all 3 families used: 1 point; 2 families: 0.5. Below every level: 0 points.")
        else:
            hint = _("E.g. from 100%: 1 point; from 90%: 0.5. Below every level: 0 points.")
        self.threshold_hint.setText(hint)

    def _thresholds(self, kind: CriterionKind) -> tuple[tuple[float, float], ...]:
        scale = 100 if kind is CriterionKind.COMPLETION else 1
        levels = []
        for row in range(self.thresholds.rowCount()):
            cells = [self.thresholds.item(row, column) for column in (0, 1)]
            values = [float(cell.data(VALUE_ROLE) or 0) if cell else 0.0 for cell in cells]
            levels.append((values[0] / scale, values[1]))
        return tuple(levels)

    def _criterion_edited(self, *_args: object) -> None:
        if self._loading or not 0 <= self._row < len(self._criteria):
            return
        old = self._criteria[self._row]
        kind = CriterionKind(self.kind_box.currentData())
        thresholds = self._thresholds(old.kind)
        if kind is not old.kind:  # the levels mean something else now: start from the usual ones
            default = next((c for c in DEFAULT.criteria if c.kind is kind), None)
            thresholds = default.thresholds if default else ()
        criterion = replace(
            old,
            label=self.label_edit.text(),
            kind=kind,
            points=self.points_box.value(),
            evidence=self.evidence_box.isChecked(),
            thresholds=thresholds,
            families=old.families if kind is CriterionKind.VARIETY else (),
        )
        if kind is CriterionKind.VARIETY and not criterion.families:
            default = next((c for c in DEFAULT.criteria if c.kind is kind), None)
            criterion = replace(criterion, families=default.families if default else ())
        self._criteria[self._row] = criterion
        self.criteria_list.item(self._row).setText(criterion.label)
        if kind is not old.kind:
            self._criterion_chosen(self._row)

    def add_criterion(self) -> None:
        codes = {criterion.code for criterion in self._criteria}
        number = len(self._criteria) + 1
        while f"criterion_{number}" in codes:
            number += 1
        template = DEFAULT.criteria[0]
        criterion = replace(template, code=f"criterion_{number}", label=_("New criterion"))
        self._criteria.append(criterion)
        self.criteria_list.addItem(criterion.label)
        self.criteria_list.setCurrentRow(len(self._criteria) - 1)
        self.label_edit.setFocus()
        self.label_edit.selectAll()

    def remove_criterion(self) -> None:
        row = self._row
        if not 0 <= row < len(self._criteria):
            return
        del self._criteria[row]
        self._row = -1
        self.criteria_list.takeItem(row)
        self.criteria_list.setCurrentRow(min(row, len(self._criteria) - 1))
        self._update_buttons()

    def move_criterion(self, step: int) -> None:
        row, other = self._row, self._row + step
        if not (0 <= row < len(self._criteria) and 0 <= other < len(self._criteria)):
            return
        self._criteria[row], self._criteria[other] = self._criteria[other], self._criteria[row]
        self._loading = True
        try:
            for index in (row, other):
                self.criteria_list.item(index).setText(self._criteria[index].label)
        finally:
            self._loading = False
        self._row = -1
        self.criteria_list.setCurrentRow(other)
        self._criterion_chosen(other)

    def add_threshold(self) -> None:
        row = self.thresholds.rowCount()
        self._loading = True
        try:
            self.thresholds.insertRow(row)
            self.thresholds.setItem(row, 0, number_item(0))
            self.thresholds.setItem(row, 1, number_item(0))
        finally:
            self._loading = False
        self._criterion_edited()
        self.thresholds.setCurrentCell(row, 0)
        self.thresholds.editItem(self.thresholds.item(row, 0))

    def remove_threshold(self) -> None:
        row = self.thresholds.currentRow()
        if row >= 0:
            self.thresholds.removeRow(row)
            self._criterion_edited()

    # --- families ------------------------------------------------------------------------------

    def _family_chosen(self, row: int) -> None:
        if self._loading:
            return
        self._family = row
        criterion = self._current()
        family = criterion.families[row] if criterion and 0 <= row < len(criterion.families) else None
        self._loading = True
        try:
            self.family_name.setText(family.label if family else "")
            self.family_name.setEnabled(family is not None)
            self.channels.setEnabled(family is not None)
            self.channels.set_checked(family.channels if family else ())
        finally:
            self._loading = False
        self.remove_family_button.setEnabled(family is not None)

    def _current(self) -> Criterion | None:
        return self._criteria[self._row] if 0 <= self._row < len(self._criteria) else None

    def _set_families(self, families: tuple[Family, ...]) -> None:
        criterion = self._current()
        if criterion is not None:
            self._criteria[self._row] = replace(criterion, families=families)

    def _family_edited(self, *_args: object) -> None:
        criterion = self._current()
        if self._loading or criterion is None or not 0 <= self._family < len(criterion.families):
            return
        families = list(criterion.families)
        families[self._family] = Family(self.family_name.text(), self.channels.checked())
        self._set_families(tuple(families))
        self.family_list.item(self._family).setText(self.family_name.text())

    def add_family(self) -> None:
        criterion = self._current()
        if criterion is None:
            return
        self._set_families((*criterion.families, Family(_("New family"), ())))
        self.family_list.addItem(_("New family"))
        self.family_list.setCurrentRow(self.family_list.count() - 1)
        self.family_name.setFocus()
        self.family_name.selectAll()

    def remove_family(self) -> None:
        criterion = self._current()
        row = self._family
        if criterion is None or not 0 <= row < len(criterion.families):
            return
        self._set_families(criterion.families[:row] + criterion.families[row + 1 :])
        self._family = -1
        self.family_list.takeItem(row)
        self.family_list.setCurrentRow(min(row, self.family_list.count() - 1))

    def _update_buttons(self) -> None:
        row = self._row
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(self._criteria) - 1)

    # --- saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        try:
            saved = self.session.book.scoring.save(self.table())
        except ValidationError as error:
            self.banner.setText(
                "\n".join([_("The scoring table was not saved:"), *(issue.message for issue in error.issues)])
            )
            self.banner.show()
            return False
        except WardLogError as error:
            QMessageBox.warning(self, _("Not saved"), error.message)
            return False
        self._baseline = saved
        self.session.notify(PLANS)
        self.accept()
        return True

    def reset_to_default(self) -> None:
        if not ask(
            self,
            _("Reset the scoring table?"),
            _("Replace the book's scoring table with the one WardLog ships with? The current table is lost."),
            _("&Reset"),
            _("&Keep"),
            act_by_default=False,
        ):
            return
        try:
            self.session.book.scoring.reset()
        except WardLogError as error:
            QMessageBox.warning(self, _("Not saved"), error.message)
            return
        self._baseline = self.session.book.scoring.table
        self.load(self._baseline)
        self.session.notify(PLANS)

    def reject(self) -> None:
        if self.is_modified() and not ask(
            self,
            _("Discard changes?"),
            _("The changes to the scoring table have not been saved. Discard them?"),
            _("&Discard"),
            _("&Keep editing"),
            act_by_default=False,
        ):
            return
        super().reject()
