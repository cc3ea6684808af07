"""The catalog editor: the book's channels, topics, audiences and units, one tab each.

Everything here goes through :attr:`Book.catalog`; the core decides what is allowed and its refusal
is shown to the user as it stands (next to the field in a dialog, or in a bar under the table).
Catalog changes are not undoable here, so nothing is pushed on the undo stack; after every change
the editor calls ``session.notify("catalog")`` and, like every other view, refreshes from that signal.

Codes never change and entries are never deleted: retiring hides an entry from the pickers while old
activities keep it, and "Bring back" undoes that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QFont, QHideEvent, QKeySequence, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.catalog import MAX_LABEL, Entry, Kind
from wardlog.core.errors import Issue, ValidationError, WardLogError
from wardlog.core.i18n import N_, _, format_number, ngettext
from wardlog.core.text import fold
from wardlog.ui.session import ACTIVITIES, CATALOG, Session

if TYPE_CHECKING:
    from wardlog.core.catalog import Catalog

# Tab titles, in the order the tabs appear (translated when shown).
TAB_TITLES: dict[Kind, str] = {
    Kind.CHANNEL: N_("Channels"),
    Kind.TOPIC: N_("Topics"),
    Kind.AUDIENCE: N_("Audiences"),
    Kind.UNIT: N_("Units"),
}

# Table columns (ids); which ones a list shows depends on its kind.
NAME, CODE, GROUP, UNIT, USES, STATE = "name", "code", "group", "unit", "uses", "state"
DEFAULT_OF = "default_of"
COLUMN_TITLES: dict[str, str] = {
    NAME: N_("Name"),
    CODE: N_("Code"),
    GROUP: N_("Group"),
    UNIT: N_("Default unit"),
    DEFAULT_OF: N_("Default unit of"),
    USES: N_("Activities"),
    STATE: N_("State"),
}
CODE_ROLE = Qt.ItemDataRole.UserRole

ERROR_STYLE = "color: #a50e0e;"
BAR_STYLE = "QLabel { background: #fce8e6; color: #a50e0e; border: 1px solid #f1998e; padding: 6px; }"


def columns_for(kind: Kind) -> list[str]:
    """The columns of one list: usage counts exist for channels and topics only; a unit shows the
    channels that start with it (why it cannot be retired)."""
    if kind is Kind.CHANNEL:
        return [NAME, CODE, GROUP, UNIT, USES, STATE]
    if kind is Kind.TOPIC:
        return [NAME, CODE, USES, STATE]
    if kind is Kind.UNIT:
        return [NAME, CODE, DEFAULT_OF, STATE]
    return [NAME, CODE, STATE]


def usage_counts(session: Session, kind: Kind) -> dict[str, int]:
    """How many live activities use each code of the list (one query for the whole list)."""
    return session.book.activities.usage(kind.value)


# --- dialogs -------------------------------------------------------------------------------------


class FormDialog(QDialog):
    """A small form whose OK hands the values to ``submit``; a refusal keeps the dialog open.

    ``submit`` calls the core and raises :class:`ValidationError` when it refuses: each issue is shown
    next to the field it names (issues for other fields above the form) and what the user typed stays.
    """

    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit: Callable[[], None] | None = None
        self._fields: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}

        self.general_error = QLabel(self)
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet(BAR_STYLE)
        self.general_error.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def add_field(self, field: str, text: str, widget: QWidget, note: str = "") -> None:
        """Add a labelled input (``text`` carries the mnemonic) with room under it for its error."""
        label = QLabel(text, self)
        label.setBuddy(widget)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        if note:
            hint = QLabel(note, self)
            hint.setWordWrap(True)
            hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            box.addWidget(hint)
        error = QLabel(self)
        error.setWordWrap(True)
        error.setStyleSheet(ERROR_STYLE)
        error.setAccessibleName(_("Error: {field}").format(field=label.text().replace("&", "").rstrip(":")))
        error.hide()
        box.addWidget(error)
        # the message goes as soon as the user starts correcting the field
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(error.hide)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(error.hide)
        self.form.addRow(label, box)
        self._fields[field] = widget
        self._errors[field] = error

    def error_text(self, field: str | None = None) -> str:
        """The refusal shown next to ``field`` (``None``: above the form); empty when none is shown."""
        label = self.general_error if field is None else self._errors[field]
        return "" if label.isHidden() else label.text()

    def clear_issues(self) -> None:
        for label in [self.general_error, *self._errors.values()]:
            label.clear()
            label.hide()

    def show_issues(self, issues: list[Issue]) -> None:
        """Show each issue beside its field and move the focus to the first field in trouble."""
        self.clear_issues()
        general: list[str] = []
        first: QWidget | None = None
        for issue in issues:
            label = self._errors.get(issue.field)
            if label is None:
                general.append(issue.describe())
                continue
            label.setText("\n".join(filter(None, [label.text(), issue.message])))
            label.show()
            first = first or self._fields[issue.field]
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        if first is not None:
            first.setFocus()
            if isinstance(first, QLineEdit):
                first.selectAll()

    def accept(self) -> None:
        """Try the change; close only when the core took it."""
        if self.submit is not None:
            try:
                self.submit()
            except ValidationError as error:
                self.show_issues(error.issues)
                return
            except WardLogError as error:
                self.show_issues([Issue("", error.message)])
                return
        super().accept()


def _choice(parent: QWidget, items: list[tuple[str, str]], current: str, name: str) -> QComboBox:
    """A combo of (code, label) pairs with ``current`` chosen (nothing chosen when it is empty)."""
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    combo.setPlaceholderText(_("Choose…"))
    for code, label in items:
        combo.addItem(label, code)
    combo.setCurrentIndex(combo.findData(current) if current else -1)
    return combo


class EntryDialog(FormDialog):
    """Add an entry (its name; for a channel also its group and default unit) or rename one."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        *,
        label: str = "",
        code: str = "",
        groups: list[tuple[str, str]] | None = None,
        group: str = "",
        units: list[tuple[str, str]] | None = None,
        unit: str = "",
    ) -> None:
        super().__init__(parent, title)
        self.name_edit = QLineEdit(label, self)
        self.name_edit.setMaxLength(MAX_LABEL)
        self.name_edit.setAccessibleName(_("Name"))
        self.name_edit.setMinimumWidth(380)
        self.name_edit.selectAll()
        if code:
            note = _("Code: {code}. The code never changes, so files and old activities keep their meaning.")
            note = note.format(code=code)
        else:
            note = _("A code is made from the name; it never changes afterwards.")
        self.add_field("label", _("&Name:"), self.name_edit, note)
        self.group_combo: QComboBox | None = None
        self.unit_combo: QComboBox | None = None
        if groups is not None:
            self.group_combo = _choice(self, groups, group, _("Group"))
            self.add_field("group", _("&Group:"), self.group_combo)
        if units is not None:
            self.unit_combo = _choice(self, units, unit, _("Default unit"))
            self.add_field("default_unit", _("Default &unit:"), self.unit_combo)
        self.name_edit.setFocus()

    @property
    def name(self) -> str:
        return self.name_edit.text()

    @property
    def group(self) -> str:
        return (self.group_combo.currentData() or "") if self.group_combo else ""

    @property
    def unit(self) -> str:
        return (self.unit_combo.currentData() or "") if self.unit_combo else ""


class DefaultUnitDialog(FormDialog):
    """Choose the unit new activities of one channel start with."""

    def __init__(self, parent: QWidget, channel: Entry, units: list[tuple[str, str]]) -> None:
        super().__init__(parent, _("Default unit"))
        intro = QLabel(
            _("New activities of “{channel}” are counted in this unit unless you choose another.").format(
                channel=channel.label
            ),
            self,
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.unit_combo = _choice(self, units, channel.default_unit, _("Default unit"))
        self.add_field("default_unit", _("Default &unit:"), self.unit_combo)
        self.unit_combo.setFocus()

    @property
    def unit(self) -> str:
        return self.unit_combo.currentData() or ""


# --- one list ------------------------------------------------------------------------------------


class CatalogPage(QWidget):
    """One list of the catalog: a filterable table and the buttons that change it."""

    def __init__(self, session: Session, kind: Kind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kind = kind
        self.columns = columns_for(kind)
        self.dialog: QDialog | None = None  # the dialog this page has open, if any
        # How many activities use each entry: counted when the tab is first shown and again only when
        # activities change (renaming or retiring does not change them; counting a large book takes time).
        self._uses: dict[str, int] | None = None

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(_("Type part of a name or code"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(_("Filter"))
        filter_label = QLabel(_("&Filter:"), self)
        filter_label.setBuddy(self.filter_edit)
        self.shown_label = QLabel(self)
        self.shown_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.table = QTableWidget(0, len(self.columns), self)
        self.table.setAccessibleName(_(TAB_TITLES[kind]))
        self.table.setHorizontalHeaderLabels([_(COLUMN_TITLES[c]) for c in self.columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        stretched = DEFAULT_OF if kind is Kind.UNIT else NAME  # unit names are short
        for index, column in enumerate(self.columns):
            if column == stretched:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        if kind is Kind.UNIT:
            header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("M") * 6)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        if USES in self.columns:
            header.model().setHeaderData(
                self.columns.index(USES),
                Qt.Orientation.Horizontal,
                _("How many activities use this entry (activities in the bin are not counted)"),
                Qt.ItemDataRole.ToolTipRole,
            )

        self.message = QLabel(self)  # the core's refusal of the last change, when there is one
        self.message.setWordWrap(True)
        self.message.setStyleSheet(BAR_STYLE)
        self.message.setAccessibleName(_("Error"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.add_button = QPushButton(_("&Add…"), self)
        self.rename_button = QPushButton(_("&Rename…"), self)
        self.rename_button.setToolTip(_("Change the name (F2 or double-click). The code stays."))
        self.retire_button = QPushButton(_("Re&tire…"), self)
        self.unit_button: QPushButton | None = None
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.retire_button):
            buttons.addWidget(button)
        if kind is Kind.CHANNEL:
            self.unit_button = QPushButton(_("&Default unit…"), self)
            buttons.addWidget(self.unit_button)
            self.unit_button.clicked.connect(self.change_default_unit)
        buttons.addStretch(1)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.shown_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        # F2, Enter or a double-click on a row renames it (a double-click on a default unit changes it)
        rename_action = QAction(self)
        rename_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_F2), QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        rename_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        rename_action.triggered.connect(self.rename)
        self.table.addAction(rename_action)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.filter_edit.returnPressed.connect(self._filter_enter)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemSelectionChanged.connect(self.clear_refusal)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.setTabOrder(self.filter_edit, self.table)

        self.refresh()

    # --- reading ---------------------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        return self.session.book.catalog

    def refresh(self) -> None:
        """Reload the list from the book, keeping the selection, the filter and the scroll position."""
        current = self.selected_code()
        scroll = self.table.verticalScrollBar().value()
        entries = self.catalog.entries(self.kind, include_retired=True)
        groups = {g.code: g.label for g in self.catalog.groups()} if self.kind is Kind.CHANNEL else {}
        grey = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        default_of: dict[str, list[str]] = {}
        if self.kind is Kind.UNIT:
            for channel in self.catalog.channels(include_retired=True):
                default_of.setdefault(channel.default_unit, []).append(channel.label)
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(entries))
            for row, entry in enumerate(entries):
                values = {
                    NAME: entry.label,
                    CODE: entry.code,
                    GROUP: groups.get(entry.group, entry.group),
                    UNIT: self.catalog.label(Kind.UNIT, entry.default_unit) if entry.default_unit else "",
                    DEFAULT_OF: "; ".join(default_of.get(entry.code, [])),
                    STATE: "⊘ " + _("retired") if entry.retired else "",
                }
                uses = self.uses(entry.code)
                values[USES] = format_number(uses, decimals=0) if uses is not None else ""
                for column, name in enumerate(self.columns):
                    item = QTableWidgetItem(values[name])
                    item.setData(CODE_ROLE, entry.code)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    if name in (NAME, DEFAULT_OF) and values[name]:
                        item.setToolTip(values[name])
                    if name == USES:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if entry.retired:
                        item.setForeground(grey)
                        font = QFont(self.table.font())
                        font.setItalic(True)
                        item.setFont(font)
                        item.setToolTip(_("Retired: not offered for new activities; old activities keep it."))
                    self.table.setItem(row, column, item)
        self.apply_filter()
        self.select(current)
        self.table.verticalScrollBar().setValue(scroll)
        self._update_buttons()

    def uses(self, code: str, *, count_now: bool = False) -> int | None:
        """How many activities use ``code`` (``None``: not counted for this list, or not yet).

        Counting waits until the tab is on screen unless ``count_now``.
        """
        if USES not in self.columns:
            return None
        if self._uses is None:
            if not (self.isVisible() or count_now):
                return None
            self._uses = usage_counts(self.session, self.kind)
        return self._uses.get(code, 0)

    def activities_changed(self) -> None:
        """Forget the usage counts (recounted now if the tab is on screen, else when it is shown)."""
        self._uses = None
        if USES in self.columns:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if USES in self.columns and self._uses is None:
            self.refresh()

    def row_of(self, code: str) -> int:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(CODE_ROLE) == code:
                return row
        return -1

    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.table.item(rows[0].row(), 0).data(CODE_ROLE)

    def selected_entry(self) -> Entry | None:
        code = self.selected_code()
        return self.catalog.get(self.kind, code) if code else None

    def visible_codes(self) -> list[str]:
        """The codes of the rows the filter lets through, top to bottom."""
        return [
            self.table.item(row, 0).data(CODE_ROLE)
            for row in range(self.table.rowCount())
            if not self.table.isRowHidden(row)
        ]

    def select(self, code: str | None) -> None:
        """Select the row of ``code`` (clearing the filter when it hides that row)."""
        row = self.row_of(code) if code else -1
        if row < 0:
            visible = self.visible_codes()
            row = self.row_of(visible[0]) if visible else -1
        elif self.table.isRowHidden(row):
            self.filter_edit.clear()
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))
        else:
            self.table.clearSelection()

    # --- filtering -------------------------------------------------------------------------------

    def apply_filter(self) -> None:
        """Show the rows whose name or code contains the filter, ignoring case, diacritics and đ/d."""
        needle = fold(self.filter_edit.text())
        shown = 0
        for row in range(self.table.rowCount()):
            name = self.table.item(row, self.columns.index(NAME)).text()
            code = self.table.item(row, self.columns.index(CODE)).text()
            hidden = bool(needle) and needle not in fold(name) and needle not in fold(code)
            self.table.setRowHidden(row, hidden)
            shown += not hidden
        total = self.table.rowCount()
        if needle and shown == 0:
            self.shown_label.setText(_("Nothing matches"))
        elif needle:
            self.shown_label.setText(_("{shown} of {total}").format(shown=shown, total=total))
        else:
            self.shown_label.clear()
        selected = self.selected_code()
        if selected is None or self.table.isRowHidden(self.row_of(selected)):
            visible = self.visible_codes()
            if visible:
                self.table.selectRow(self.row_of(visible[0]))
            else:
                self.table.clearSelection()

    def _filter_enter(self) -> None:
        if self.visible_codes():
            self.table.setFocus()

    # --- changing --------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        self.rename_button.setEnabled(entry is not None)
        self.retire_button.setEnabled(entry is not None)
        self.retire_button.setText(_("&Bring back") if entry and entry.retired else _("Re&tire…"))
        if self.unit_button is not None:
            self.unit_button.setEnabled(entry is not None)

    def _double_clicked(self, row: int, column: int) -> None:
        self.table.selectRow(row)
        if self.columns[column] == UNIT:
            self.change_default_unit()
        else:
            self.rename()

    def show_refusal(self, error: WardLogError) -> None:
        """Show why the core refused the last change, under the table."""
        if isinstance(error, ValidationError):
            text = "\n".join(issue.describe() for issue in error.issues)
        else:
            text = error.message
        self.message.setText(text)
        self.message.show()

    def clear_refusal(self) -> None:
        self.message.clear()
        self.message.hide()

    def _changed(self, code: str) -> None:
        """After the core took a change: tell every view (this one refreshes from it) and show the entry."""
        self.clear_refusal()
        self.session.notify(CATALOG)
        self.select(code)

    def _busy(self) -> bool:
        """Whether a dialog of this page is already open (one at a time; a stray key must not stack them)."""
        return self.dialog is not None

    def _open(self, dialog: FormDialog, submit: Callable[[], None]) -> None:
        dialog.submit = submit
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        self.clear_refusal()
        dialog.open()

    def _dialog_closed(self) -> None:
        self.dialog = None
        self.table.setFocus()

    def _units(self) -> list[tuple[str, str]]:
        return [(u.code, u.label) for u in self.catalog.units()]

    def add(self) -> None:
        """Ask for a new entry's name (and for a channel its group and default unit), then add it."""
        if self._busy():
            return
        groups = units = None
        group = ""
        if self.kind is Kind.CHANNEL:
            groups = [(g.code, g.label) for g in self.catalog.groups()]
            units = self._units()
            selected = self.selected_entry()
            group = selected.group if selected else ""
        title = _("Add to “{list}”").format(list=_(TAB_TITLES[self.kind]))
        dialog = EntryDialog(self, title, groups=groups, group=group, units=units)

        def submit() -> None:
            entry = self.catalog.add(self.kind, dialog.name, group=dialog.group, default_unit=dialog.unit)
            self._changed(entry.code)

        self._open(dialog, submit)

    def rename(self) -> None:
        """Ask for a new name of the selected entry; its code stays."""
        if self._busy():
            return
        entry = self.selected_entry()
        if entry is None:
            return
        dialog = EntryDialog(self, _("Rename"), label=entry.label, code=entry.code)

        def submit() -> None:
            self.catalog.rename(self.kind, entry.code, dialog.name)
            self._changed(entry.code)

        self._open(dialog, submit)

    def change_default_unit(self) -> None:
        """Choose the default unit of the selected channel."""
        if self._busy():
            return
        entry = self.selected_entry()
        if entry is None or self.kind is not Kind.CHANNEL:
            return
        dialog = DefaultUnitDialog(self, entry, self._units())

        def submit() -> None:
            self.catalog.set_default_unit(entry.code, dialog.unit)
            self._changed(entry.code)

        self._open(dialog, submit)

    def toggle_retired(self) -> None:
        """Bring back a retired entry at once; retire an active one after the user confirms."""
        if self._busy():
            return
        entry = self.selected_entry()
        if entry is None:
            return
        if entry.retired:
            self._set_retired(entry.code, False)
            return
        uses = self.uses(entry.code, count_now=True)
        details = [
            _(
                "It will no longer be offered when you enter new activities. Activities that already use it "
                "keep it, and reports still count them. Its code does not change, and you can bring it back "
                "at any time."
            )
        ]
        if uses:
            details.insert(
                0,
                ngettext("{n} activity uses it.", "{n} activities use it.", uses).format(
                    n=format_number(uses, decimals=0)
                ),
            )
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Retire"))
        box.setText(_("Retire “{label}”?").format(label=entry.label))
        box.setInformativeText(" ".join(details))
        retire = box.addButton(_("&Retire"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(retire)
        box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 420px; }")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered() -> None:
            self.dialog = None
            if box.clickedButton() is retire:
                self._set_retired(entry.code, True)
            self.table.setFocus()

        box.finished.connect(answered)
        self.dialog = box
        self.clear_refusal()
        box.open()

    def _set_retired(self, code: str, retired: bool) -> None:
        try:
            self.catalog.set_retired(self.kind, code, retired)
        except WardLogError as error:
            self.show_refusal(error)
            return
        self._changed(code)


# --- the dialog ----------------------------------------------------------------------------------


class CatalogEditor(QDialog):
    """Edit the book's lists: channels, topics, audiences and units (one tab each)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Lists: channels, topics, audiences, units"))
        intro = QLabel(
            _(
                "Names can be changed at any time; codes never change. An entry that is no longer needed is "
                "retired: it is hidden when entering new activities, and old activities keep it."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.pages: dict[Kind, CatalogPage] = {}
        for kind, title in TAB_TITLES.items():
            page = CatalogPage(session, kind, self.tabs)
            self.pages[kind] = page
            self.tabs.addTab(page, _(title))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(_("Close"))
        # No default button: Enter in the filter or on a row must not close the editor (Esc does).
        self.close_button.setAutoDefault(False)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(980, 560)  # fits a 1024×600 screen with its title bar

        find = QAction(self)
        find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find.triggered.connect(lambda: self.current_page().filter_edit.setFocus())
        self.addAction(find)
        self.tabs.currentChanged.connect(lambda _index: self.current_page().table.setFocus())
        session.changed.connect(self._book_changed)
        self.pages[Kind.CHANNEL].table.setFocus()

    def page(self, kind: Kind) -> CatalogPage:
        return self.pages[kind]

    def current_page(self) -> CatalogPage:
        page = self.tabs.currentWidget()
        assert isinstance(page, CatalogPage)
        return page

    def show_page(self, kind: Kind) -> CatalogPage:
        """Bring the tab of ``kind`` to the front."""
        self.tabs.setCurrentWidget(self.pages[kind])
        return self.pages[kind]

    def hideEvent(self, event: QHideEvent) -> None:
        """Close a question or form left open on a tab, so none outlives the editor (or its book)."""
        for page in self.pages.values():
            if page.dialog is not None:
                page.dialog.reject()
        super().hideEvent(event)

    def _book_changed(self, what: str) -> None:
        for page in self.pages.values():
            if what == CATALOG:
                page.refresh()
            elif what == ACTIVITIES:
                page.activities_changed()
