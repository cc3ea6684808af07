"""The form to enter a new activity, change one, or enter one again (Duplicate).

The form only gathers what the user typed into an :class:`ActivityDraft`; the core decides what is
valid. A refusal (``ValidationError``) is shown under each field it names, with the field outlined,
the first bad field focused and everything typed kept. Writes go through the session's undo stack
(:mod:`wardlog.ui.undo`), so Ctrl+Z takes back a save.

Made for fast entry from the keyboard: fields in reading order, Enter saves (Ctrl+Enter inside the
notes), Esc cancels and asks first when something was typed, "Save and add another" keeps the date,
channel, unit, topics, audiences and responsible unit for the next activity. The channel box and the
topic filter ignore diacritics and đ/d ("loa", "dich vu cong" find their entries).

The "Evidence" tab holds the activity's photos, scans and documents (:mod:`wardlog.ui.attachments_panel`):
changes there are stored at once for an activity that exists; for a new one the files wait and are
attached right after it is saved.

A new activity can repeat (the "Repeat" section): one activity per chosen weekday up to an end date,
written in one transaction; several times a day multiply the quantity (see :mod:`wardlog.core.series`).
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QRegularExpressionValidator,
    QShortcut,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.catalog import Entry
from wardlog.core.errors import Issue, ValidationError, WardLogError
from wardlog.core.i18n import N_, _, current_language, format_date, format_number, ngettext
from wardlog.core.model import MAX_MINUTES, MAX_PARTICIPANTS, MAX_QUANTITY, MIN_DATE, Activity, ActivityDraft
from wardlog.core.series import MAX_EVERY_N_WEEKS, MAX_TIMES_PER_DAY, WORKING_DAYS, series_dates, series_draft
from wardlog.core.text import fold
from wardlog.ui.attachments_panel import AttachmentsPanel, EvidenceTabs
from wardlog.ui.questions import ask
from wardlog.ui.sent_periods import confirm_change
from wardlog.ui.session import Session
from wardlog.ui.undo import push

CODE_ROLE = Qt.ItemDataRole.UserRole
FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1
FORM_WIDTH = 820
LOUDSPEAKER = "loa"  # the channel whose minutes on air the reports quote ("được 6 giờ")
ERROR_COLOR = "#a50e0e"
STYLE = f"""
QLabel[role="error"] {{ color: {ERROR_COLOR}; }}
QLabel[role="status"] {{ color: #1e6b34; }}
QLabel[role="banner"] {{
    background: #fce8e6; color: {ERROR_COLOR}; border: 1px solid #f1998e; padding: 6px;
}}
QFrame#outline {{ border: 2px solid transparent; border-radius: 4px; }}
QFrame#outline[invalid="true"] {{ border: 2px solid {ERROR_COLOR}; }}
"""
DETAILS_PAGE, EVIDENCE_PAGE = 0, 1
WEEKDAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
_Index = QModelIndex | QPersistentModelIndex


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def ui_locale() -> QLocale:
    """The locale of number inputs: Vietnamese (``1,5``) unless the messages are in English."""
    if current_language() == "vi":
        return QLocale("vi_VN")
    return QLocale("en_GB")


def end_of_month(day: date) -> date:
    """The last day of ``day``'s month; the next month's last day when ``day`` is already the last."""
    first_of_next = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = first_of_next - timedelta(days=1)
    if last == day:
        last = (first_of_next + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return last


# --- small inputs --------------------------------------------------------------------------------


class FoldFilter(QSortFilterProxyModel):
    """Rows whose folded text (``FOLDED_ROLE``) holds every word typed, ignoring diacritics and đ/d.

    Rows without folded text (group headings) never match.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        folded = self.sourceModel().index(source_row, 0, source_parent).data(FOLDED_ROLE)
        if folded is None:
            return False
        return all(word in folded for word in self._words)


class ToggleOnClick(QStyledItemDelegate):
    """A click anywhere on a checkable row ticks it (not only on the small box)."""

    def editorEvent(
        self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem, index: QModelIndex
    ) -> bool:
        flags = index.flags()
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick) and (
            flags & Qt.ItemFlag.ItemIsUserCheckable
        ):
            return event.type() == QEvent.Type.MouseButtonDblClick  # the release toggles
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton
            and flags & Qt.ItemFlag.ItemIsUserCheckable
            and flags & Qt.ItemFlag.ItemIsEnabled
        ):
            checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
            new = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
            return model.setData(index, new.value, Qt.ItemDataRole.CheckStateRole)
        return super().editorEvent(event, model, option, index)


class ShortList(QListView):
    """A list view that asks for room for ``rows`` rows (QListView asks for 192 pixels whatever it holds)."""

    def __init__(self, rows: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = rows

    def sizeHint(self) -> QSize:
        row = max(self.sizeHintForRow(0), self.fontMetrics().height() + 4)
        return QSize(super().sizeHint().width(), row * self._rows + 2 * self.frameWidth() + 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class CheckList(QWidget):
    """A list of catalog entries to tick, with an optional filter line above it."""

    def __init__(self, name: str, *, searchable: bool, rows: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self.proxy = FoldFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = ShortList(rows, self)
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(ToggleOnClick(self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.setAccessibleName(name)
        self.filter: QLineEdit | None = None
        self.count_label = QLabel(self)
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        top = QHBoxLayout()
        if searchable:
            self.filter = QLineEdit(self)
            self.filter.setPlaceholderText(_("Type to filter, e.g. dich vu cong"))
            self.filter.setClearButtonEnabled(True)
            self.filter.setAccessibleName(_("Filter: {name}").format(name=name))
            self.filter.textChanged.connect(self.proxy.set_search)
            self.filter.installEventFilter(self)
            top.addWidget(self.filter, 1)
        else:
            top.addStretch(1)
        top.addWidget(self.count_label)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.model.itemChanged.connect(self._update_count)
        self._update_count()

    def set_entries(self, entries: list[Entry], checked: tuple[str, ...] = ()) -> None:
        """Show ``entries`` (retired ones marked) with ``checked`` ticked."""
        self.model.clear()
        for entry in entries:
            label = entry.label + (" " + _("(retired)") if entry.retired else "")
            item = QStandardItem(label)
            item.setData(entry.code, CODE_ROLE)
            item.setData(fold(entry.label) + " " + entry.code, FOLDED_ROLE)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(Qt.CheckState.Checked if entry.code in checked else Qt.CheckState.Unchecked)
            item.setToolTip(entry.label)
            self.model.appendRow(item)
        self._update_count()

    def checked(self) -> tuple[str, ...]:
        """The ticked codes, in the catalog's order."""
        codes = []
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                codes.append(item.data(CODE_ROLE))
        return tuple(codes)

    def set_checked(self, codes: tuple[str, ...]) -> None:
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            state = Qt.CheckState.Checked if item.data(CODE_ROLE) in codes else Qt.CheckState.Unchecked
            if item.checkState() != state:
                item.setCheckState(state)

    def focus_target(self) -> QWidget:
        return self.filter or self.view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the filter line moves into the list, on the first match."""
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key == Qt.Key.Key_Down and self.proxy.rowCount() > 0:
                self.view.setFocus()
                if not self.view.currentIndex().isValid():
                    self.view.setCurrentIndex(self.proxy.index(0, 0))
                return True
        return super().eventFilter(watched, event)

    def _update_count(self, *_args: object) -> None:
        n = len(self.checked())
        self.count_label.setText(ngettext("{n} chosen", "{n} chosen", n).format(n=n) if n else "")


class CountEdit(QLineEdit):
    """A whole number that may be left empty: empty means "not recorded", which is not 0."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # digits, optionally grouped with dots or spaces as people write them ("1.200")
        self.setValidator(QRegularExpressionValidator(r"[0-9][0-9. ]{0,11}", self))
        self.setAccessibleName(name)
        self.setPlaceholderText(_("not recorded"))

    def value(self) -> int | None:
        digits = re.sub(r"[. ]", "", self.text())
        return int(digits) if digits else None

    def set_value(self, value: int | None) -> None:
        self.setText("" if value is None else str(value))


class QuantityBox(QDoubleSpinBox):
    """A quantity with up to two decimals, shown without trailing zeros ("1", "2,5")."""

    def textFromValue(self, value: float) -> str:
        text = self.locale().toString(value, "f", self.decimals())
        decimal = self.locale().decimalPoint()
        if decimal in text:
            text = text.rstrip("0").rstrip(decimal)
        return text


class NotesEdit(QPlainTextEdit):
    """Notes: Enter starts a new line, Ctrl+Enter saves the form, Tab moves on."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class ChannelBox(QComboBox):
    """Pick a channel by typing part of its name (diacritics optional) or from the grouped list.

    The list shows each group as a heading; the completion popup shows the matching channels with
    their group beside them. ``channel_changed`` carries the code of the channel now chosen ("" when
    the text names none).
    """

    channel_changed = Signal(str)

    def __init__(
        self,
        channels: list[Entry],
        groups: dict[str, str],
        parent: QWidget | None = None,
        *,
        known: Sequence[Entry] = (),
    ) -> None:
        super().__init__(parent)
        self._code = ""
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.channels = {entry.code: entry for entry in channels}
        # channels not offered (retired) that a typed or pre-filled name may still name exactly, so the
        # core can say "retired" rather than "no such channel"
        self.known = {entry.code: entry for entry in known}
        self.source = QStandardItemModel(0, 2, self)
        grey = self.palette().color(QPalette.ColorRole.PlaceholderText)
        for group_code, group_label in groups.items():
            members = [entry for entry in channels if entry.group == group_code]
            if not members:
                continue
            heading = QStandardItem(group_label)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            font = QFont(self.font())
            font.setBold(True)
            heading.setFont(font)
            self.source.appendRow([heading, QStandardItem()])
            for entry in members:
                label = entry.label + (" " + _("(retired)") if entry.retired else "")
                item = QStandardItem(label)
                item.setData(entry.code, CODE_ROLE)
                item.setData(fold(entry.label) + " " + entry.code, FOLDED_ROLE)
                item.setToolTip(group_label)
                group = QStandardItem(group_label)
                group.setForeground(grey)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.source.appendRow([item, group])
        self.setModel(self.source)
        self.setModelColumn(0)

        self.matches = FoldFilter(self)
        self.matches.setSourceModel(self.source)
        completer = QCompleter(self)
        completer.setModel(self.matches)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCompletionColumn(0)
        popup = QTreeView()
        popup.setHeaderHidden(True)
        popup.setRootIsDecorated(False)
        popup.setUniformRowHeights(True)
        popup.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        completer.setPopup(popup)
        # the popup has its columns only once the completer gave it the model
        popup.header().setStretchLastSection(False)
        popup.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        popup.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setCompleter(completer)
        popup.installEventFilter(self)  # after the completer's own filter, so this one runs first
        completer.activated[QModelIndex].connect(self._on_completion)
        self.line = self.lineEdit()
        self.line.setPlaceholderText(_("Type part of the name, e.g. loa"))
        self.line.textEdited.connect(self._on_text_edited)
        self.line.editingFinished.connect(self.settle)
        self.currentIndexChanged.connect(self._on_index_changed)
        self.setCurrentIndex(-1)

    # --- reading and setting -------------------------------------------------------------------

    def code(self) -> str:
        """The code of the channel the text names; the text itself when it names none (the core
        then says there is no such channel); "" when empty."""
        text = self.line.text().strip()
        if not text:
            return ""
        current = self.currentIndex()
        if current >= 0 and self.itemText(current).strip() == text:  # chosen from the list
            return str(self.itemData(current, CODE_ROLE))
        entry = self._resolve(text)
        if entry is None:
            key = fold(text)
            entry = next((e for e in self.known.values() if key in (fold(e.label), e.code)), None)
        return entry.code if entry else text

    def set_code(self, code: str) -> None:
        row = self._row_of(code)
        self.setCurrentIndex(row)
        if row < 0:
            entry = self.known.get(code)
            self.line.setText(entry.label if entry else code)
        self._announce()

    def _row_of(self, code: str) -> int:
        for row in range(self.source.rowCount()):
            if self.source.item(row, 0).data(CODE_ROLE) == code:
                return row
        return -1

    def _resolve(self, text: str) -> Entry | None:
        """The channel ``text`` names: its exact label or code (diacritics optional), else the only
        channel whose label holds every typed word."""
        key = fold(text)
        for entry in self.channels.values():
            if key in (fold(entry.label), entry.code):
                return entry
        words = key.split()
        found = [
            entry
            for entry in self.channels.values()
            if all(word in fold(entry.label) + " " + entry.code for word in words)
        ]
        return found[0] if len(found) == 1 else None

    # --- reacting ------------------------------------------------------------------------------

    def _on_text_edited(self, text: str) -> None:
        self.matches.set_search(text)
        completer = self.completer()
        if not text.strip() or self.matches.rowCount() == 0:
            completer.popup().hide()
            self._announce()
            return
        completer.complete()
        self._announce()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the completion list with no row highlighted takes the first match (type "loa",
        press Enter), rather than closing the list and saving the form with a half-typed name."""
        completer = self.completer()
        if (
            completer is not None
            and watched is completer.popup()
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not completer.popup().currentIndex().isValid()
            and completer.completionModel().rowCount() > 0
        ):
            first = completer.completionModel().index(0, 0)
            completer.popup().hide()
            self._on_completion(first)
            return True
        return super().eventFilter(watched, event)

    def _on_completion(self, index: QModelIndex) -> None:
        code = index.siblingAtColumn(0).data(CODE_ROLE)
        if code:
            self.setCurrentIndex(self._row_of(code))
            self._announce()

    def _on_index_changed(self, _row: int) -> None:
        self._announce()

    def settle(self) -> None:
        """Leaving the box with a partial name that fits one channel completes it."""
        if not shiboken6.isValid(self.line):  # focus leaves as the window is destroyed
            return
        entry = self._resolve(self.line.text()) if self.line.text().strip() else None
        if entry is not None and self.line.text() != self.itemText(self._row_of(entry.code)):
            self.setCurrentIndex(self._row_of(entry.code))
        self._announce()

    def _announce(self) -> None:
        code = self.code()
        code = code if code in self.channels else ""
        if code != self._code:
            self._code = code
            self.channel_changed.emit(code)


# --- the form ------------------------------------------------------------------------------------


class FieldsScroll(QScrollArea):
    """The fields page: as tall as its fields when the screen allows, scrolled when it does not (the
    form must stay usable on a 1024×600 screen with the repeat section and the refusals shown)."""

    def __init__(self, fields: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(fields)
        fields.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The fields' needs changed (a refusal shown or cleared): the form learns the new size hint."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        fields = self.widget()
        return fields.sizeHint() if fields is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        fields = self.widget()
        if fields is None:
            return super().minimumSizeHint()
        return QSize(fields.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width(), 120)


@dataclass
class FieldRow:
    """One labelled input of the form: its caption, the frame outlined on error, the error line."""

    name: str
    container: QWidget
    caption: QLabel
    outline: QFrame
    error: QLabel
    focus: QWidget


class ActivityForm(QDialog):
    """Enter a new activity (``activity`` None; ``template`` pre-fills it) or change ``activity``.

    After the dialog closes, :attr:`saved` lists every activity it stored (several with "Save and add
    another" or a repeat).
    """

    def __init__(
        self,
        session: Session,
        activity: Activity | None = None,
        parent: QWidget | None = None,
        *,
        template: ActivityDraft | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.activity = activity
        self.saved: list[Activity] = []
        self._finished = False
        self._rows: dict[str, FieldRow] = {}
        self._details_focus: QWidget | None = None  # where to return from the evidence page
        catalog = session.book.catalog
        used = activity or template
        kept: frozenset[str] = frozenset()  # retired entries stay on offer for the activity that has them
        if activity is not None:
            kept = frozenset({activity.channel, activity.unit, *activity.topics, *activity.audiences})

        def shown(entries: list[Entry]) -> list[Entry]:
            return [entry for entry in entries if not entry.retired or entry.code in kept]

        self.setWindowTitle(_("Edit activity") if activity else _("New activity"))
        self.setStyleSheet(STYLE)
        self.setSizeGripEnabled(True)

        # --- inputs ----------------------------------------------------------------------------
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setMinimumDate(qdate(MIN_DATE))
        self.date_edit.setDate(qdate(date.today()))
        self.date_edit.setAccessibleName(_("Date"))

        groups = {group.code: group.label for group in catalog.groups()}
        all_channels = catalog.channels(include_retired=True)
        self.channel_box = ChannelBox(shown(all_channels), groups, self, known=all_channels)
        self.channel_box.setAccessibleName(_("Channel"))

        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName(_("Title"))
        self.title_edit.setPlaceholderText(_("What was done, e.g. Phát thanh về dịch vụ công trực tuyến"))

        self.topics = CheckList(_("Topics"), searchable=True, rows=6, parent=self)
        self.topics.set_entries(shown(catalog.topics(include_retired=True)))
        self.audiences = CheckList(_("Audiences"), searchable=False, rows=5, parent=self)
        self.audiences.set_entries(shown(catalog.audiences(include_retired=True)))

        self.place_edit = QLineEdit(self)
        self.place_edit.setAccessibleName(_("Place"))
        self.responsible_edit = QLineEdit(self)
        self.responsible_edit.setAccessibleName(_("Responsible unit"))

        self.participants_edit = CountEdit(_("Participants"), self)
        self.quantity_box = QuantityBox(self)
        self.quantity_box.setLocale(ui_locale())
        self.quantity_box.setDecimals(2)
        self.quantity_box.setRange(0, MAX_QUANTITY)
        self.quantity_box.setValue(1)
        self.quantity_box.setAccessibleName(_("Quantity"))
        self.unit_box = QComboBox(self)
        self.unit_box.setAccessibleName(_("Unit"))
        for entry in shown(catalog.units(include_retired=True)):
            self.unit_box.addItem(entry.label + (" " + _("(retired)") if entry.retired else ""), entry.code)
        self.unit_box.setCurrentIndex(-1)  # until a channel gives its default unit
        self.unit_box.setPlaceholderText(_("unit"))
        self.minutes_edit = CountEdit(_("Minutes on air"), self)
        self.participants_edit.setMaxLength(len(format_number(MAX_PARTICIPANTS)) + 2)
        self.minutes_edit.setMaxLength(len(format_number(MAX_MINUTES)) + 2)

        self.notes_edit = NotesEdit(self)
        self.notes_edit.setAccessibleName(_("Notes"))
        self.notes_edit.setPlaceholderText(_("Evidence kept (minutes, photos, links), remarks…"))
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 2 + 14)

        # --- layout ----------------------------------------------------------------------------
        self.banner = QLabel(self)
        self.banner.setProperty("role", "banner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        quantity_row = QHBoxLayout()
        quantity_row.setSpacing(4)
        quantity_row.addWidget(self.quantity_box, 2)
        quantity_row.addWidget(self.unit_box, 3)

        top = Qt.AlignmentFlag.AlignTop
        cells: list[tuple[QWidget, int, int, int, int]] = [
            (self._row("date", _("&Date"), self.date_edit), 0, 0, 1, 1),
            (self._row("channel", _("&Channel"), self.channel_box), 0, 1, 1, 2),
            (self._row("title", _("&Title"), self.title_edit), 1, 0, 1, 2),
            (self._row("place", _("P&lace"), self.place_edit), 1, 2, 1, 1),
            (self._row("topics", _("T&opics"), self.topics, focus=self.topics.focus_target()), 2, 0, 2, 2),
            (self._row("audiences", _("A&udiences"), self.audiences, focus=self.audiences.view), 2, 2, 1, 1),
            (self._row("responsible", _("&Responsible unit"), self.responsible_edit), 3, 2, 1, 1),
            (self._row("participants", _("Partic&ipants"), self.participants_edit), 4, 0, 1, 1),
            (self._row("quantity", _("&Quantity"), quantity_row, focus=self.quantity_box), 4, 1, 1, 1),
            (self._row("minutes", _("&Minutes on air"), self.minutes_edit), 4, 2, 1, 1),
            (self._row("notes", _("&Notes"), self.notes_edit), 5, 0, 1, 3),
        ]
        for widget, row, column, rows, columns in cells:
            # the topic list takes whatever height the window gives; the rest keep their own
            alignment = Qt.AlignmentFlag(0) if widget is self._rows["topics"].container else top
            grid.addWidget(widget, row, column, rows, columns, alignment)
        grid.setRowStretch(3, 1)
        self._rows["unit"] = self._rows["quantity"]  # the unit's refusals show under the quantity

        self.repeat_toggle = QToolButton(self)
        self.repeat_toggle.setText(_("R&epeat this activity…"))
        self.repeat_toggle.setCheckable(True)
        self.repeat_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.repeat_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.repeat_toggle.setAutoRaise(True)
        self.repeat_toggle.setAccessibleName(_("Repeat this activity"))
        self.repeat_toggle.toggled.connect(self._on_repeat_toggled)
        self.repeat_panel = self._repeat_panel()
        self.repeat_panel.hide()

        # the evidence is a second page in the place of the fields (the form keeps its height: it
        # must fit a 1024×600 screen), switched by tabs beside the repeat toggle
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addLayout(grid)
        self.evidence = AttachmentsPanel(session, activity.id if activity else None, self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(FieldsScroll(details, self))
        self.pages.addWidget(self.evidence)
        self.tabs = EvidenceTabs(self)
        self.tabs.addTab(_("Activity"))
        self.tabs.addTab("")
        self.tabs.setTabToolTip(DETAILS_PAGE, _("What was done, when, where and for whom (Ctrl+PgUp)"))
        self.tabs.setTabToolTip(
            EVIDENCE_PAGE, _("Photos, scans and documents that prove the activity took place (Ctrl+PgDown)")
        )
        self.tabs.setAccessibleName(_("Pages of the form"))
        self.tabs.currentChanged.connect(self._on_page_changed)
        self.tabs.files_dropped.connect(self._on_files_dropped)
        self.evidence.count_changed.connect(self._show_evidence_count)
        self._show_evidence_count(self.evidence.count())
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.tabs.setCurrentIndex(EVIDENCE_PAGE))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.tabs.setCurrentIndex(DETAILS_PAGE))

        self.status = QLabel(self)
        self.status.setProperty("role", "status")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(_("&Save"), self)
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip(_("Save (Enter; Ctrl+Enter in the notes)"))
        self.save_button.clicked.connect(lambda: self.save(add_another=False))
        self.another_button = QPushButton(_("Save and add &another"), self)
        self.another_button.setAutoDefault(False)
        self.another_button.setToolTip(
            _("Save, then enter the next activity with the same date, channel and topics")
        )
        self.another_button.clicked.connect(lambda: self.save(add_another=True))
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setToolTip(_("Close without saving (Esc)"))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.another_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        sections = QHBoxLayout()
        sections.setSpacing(12)
        sections.addWidget(self.tabs)
        sections.addWidget(self.repeat_toggle)
        from wardlog.ui.task_links import TaskLinks  # (it builds on this module's check list)

        self.task_links = TaskLinks(session, activity, self)  # the plan's tasks it carries out
        sections.addWidget(self.task_links)
        sections.addStretch(1)
        layout.addLayout(sections)
        layout.addWidget(self.repeat_panel)
        layout.addLayout(buttons)

        if activity is not None:  # the repeat and the fast entry are for new activities
            self.repeat_toggle.hide()
            self.another_button.hide()

        # --- behaviour -------------------------------------------------------------------------
        self._unit_follows_channel = True
        self.channel_box.channel_changed.connect(self._on_channel_changed)
        self.unit_box.activated.connect(self._on_unit_picked)
        self.notes_edit.submitted.connect(lambda: self.save(add_another=False))
        QShortcut(QKeySequence("Ctrl+Return"), self, lambda: self.save(add_another=False))
        QShortcut(QKeySequence("Ctrl+Enter"), self, lambda: self.save(add_another=False))
        self.date_edit.dateChanged.connect(self._keep_until_after_start)
        self.date_edit.dateChanged.connect(lambda day: self.task_links.set_date(pydate(day)))

        if used is not None:
            self._fill(used)
        self._on_channel_changed(self.channel_box.code())
        self.task_links.set_date(pydate(self.date_edit.date()))
        self._set_tab_order()
        self._baseline = self._snapshot()
        self.resize(max(self.sizeHint().width(), FORM_WIDTH), self.sizeHint().height())
        self._fit_height()
        (self.title_edit if activity is not None else self.date_edit).setFocus()

    # --- building ------------------------------------------------------------------------------

    def _row(
        self,
        name: str,
        caption: str,
        content: QWidget | QHBoxLayout,
        *,
        focus: QWidget | None = None,
    ) -> QWidget:
        """A labelled input: caption above (its mnemonic focuses the input), error line below."""
        container = QWidget(self)
        box = QVBoxLayout(container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        label = QLabel(caption, container)
        outline = QFrame(container)
        outline.setObjectName("outline")
        inner = QVBoxLayout(outline)
        inner.setContentsMargins(2, 2, 2, 2)
        if isinstance(content, QWidget):
            inner.addWidget(content)
            target = focus or content
        else:
            inner.addLayout(content)
            assert focus is not None
            target = focus
        label.setBuddy(target)
        error = QLabel(container)
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.hide()
        box.addWidget(label)
        box.addWidget(outline)
        box.addWidget(error)
        self._rows[name] = FieldRow(name, container, label, outline, error, target)
        return container

    def _repeat_panel(self) -> QFrame:
        panel = QFrame(self)
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(panel)
        grid.setHorizontalSpacing(12)

        self.until_edit = QDateEdit(panel)
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setDisplayFormat("dd/MM/yyyy")
        self.until_edit.setMinimumDate(qdate(MIN_DATE))
        self.until_edit.setDate(qdate(end_of_month(date.today())))
        self.until_edit.setAccessibleName(_("Repeat until"))

        days = QWidget(panel)
        days_layout = QHBoxLayout(days)
        days_layout.setContentsMargins(0, 0, 0, 0)
        self.weekday_boxes: list[QCheckBox] = []
        for number, name in enumerate(WEEKDAY_NAMES):
            box = QCheckBox(_(name), days)
            box.setChecked(number in WORKING_DAYS)
            box.setAccessibleName(_(name))
            box.toggled.connect(self._update_repeat_preview)
            days_layout.addWidget(box)
            self.weekday_boxes.append(box)
        self.working_days_button = QPushButton(_("Mon–Fri"), days)
        self.working_days_button.setAutoDefault(False)
        self.working_days_button.setToolTip(_("Choose Monday to Friday"))
        self.working_days_button.clicked.connect(self._choose_working_days)
        days_layout.addWidget(self.working_days_button)
        days_layout.addStretch(1)

        self.every_box = QSpinBox(panel)
        self.every_box.setRange(1, MAX_EVERY_N_WEEKS)
        self.every_box.setAccessibleName(_("Every how many weeks"))
        self.every_box.setSuffix(" " + _("week(s)"))
        self.times_box = QSpinBox(panel)
        self.times_box.setRange(1, MAX_TIMES_PER_DAY)
        self.times_box.setAccessibleName(_("Times per day"))
        self.times_box.setToolTip(
            _("Each day gets one activity; its quantity and minutes are multiplied by the times per day.")
        )
        self.repeat_preview = QLabel(panel)
        self.repeat_preview.setWordWrap(True)
        for widget in (self.until_edit, self.every_box, self.times_box):
            signal = widget.dateChanged if isinstance(widget, QDateEdit) else widget.valueChanged
            signal.connect(self._update_repeat_preview)
        self.quantity_box.valueChanged.connect(self._update_repeat_preview)
        self.unit_box.currentIndexChanged.connect(self._update_repeat_preview)

        top = Qt.AlignmentFlag.AlignTop
        grid.addWidget(self._row("until", _("Until"), self.until_edit), 0, 0, top)
        grid.addWidget(self._row("weekdays", _("On"), days, focus=self.weekday_boxes[0]), 0, 1, 1, 2, top)
        grid.addWidget(self._row("every_n_weeks", _("Every"), self.every_box), 1, 0, top)
        grid.addWidget(self._row("times_per_day", _("Times per day"), self.times_box), 1, 1, top)
        grid.addWidget(self.repeat_preview, 1, 2, Qt.AlignmentFlag.AlignBottom)
        grid.setColumnStretch(2, 1)
        return panel

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.date_edit,
            self.channel_box,
            self.title_edit,
            self.place_edit,
            self.topics.focus_target(),
            self.topics.view,
            self.audiences.view,
            self.responsible_edit,
            self.participants_edit,
            self.quantity_box,
            self.unit_box,
            self.minutes_edit,
            self.notes_edit,
            self.repeat_toggle,
            self.task_links.button,
            self.until_edit,
            *self.weekday_boxes,
            self.working_days_button,
            self.every_box,
            self.times_box,
            self.tabs,
            self.evidence.view,
            self.evidence.attach_button,
            self.evidence.open_button,
            self.evidence.remove_button,
            self.save_button,
            self.another_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            if first is not second:
                self.setTabOrder(first, second)

    # --- values --------------------------------------------------------------------------------

    def _fill(self, draft: ActivityDraft) -> None:
        self.date_edit.setDate(qdate(draft.date))
        self.channel_box.set_code(draft.channel)
        self.title_edit.setText(draft.title)
        self.topics.set_checked(draft.topics)
        self.audiences.set_checked(draft.audiences)
        self.place_edit.setText(draft.place)
        self.responsible_edit.setText(draft.responsible)
        self.participants_edit.set_value(draft.participants)
        self.quantity_box.setValue(draft.quantity)
        self.minutes_edit.set_value(draft.minutes)
        self.notes_edit.setPlainText(draft.notes)
        channel = self.channel_box.channels.get(draft.channel)
        default_unit = channel.default_unit if channel else ""
        if draft.unit:
            self._select_unit(draft.unit)
        self._unit_follows_channel = not draft.unit or draft.unit == default_unit

    def draft(self) -> ActivityDraft:
        """What the form holds, as the core takes it (the core cleans and checks it)."""
        unit = "" if self._unit_follows_channel else (self.unit_box.currentData() or "")
        return ActivityDraft(
            date=pydate(self.date_edit.date()),
            channel=self.channel_box.code(),
            topics=self.topics.checked(),
            title=self.title_edit.text(),
            place=self.place_edit.text(),
            audiences=self.audiences.checked(),
            participants=self.participants_edit.value(),
            quantity=self.quantity_box.value(),
            unit=unit,
            minutes=self.minutes_edit.value(),
            responsible=self.responsible_edit.text(),
            notes=self.notes_edit.toPlainText(),
        )

    def _snapshot(self) -> tuple[object, ...]:
        """Everything the user can change, to tell whether anything was typed."""
        return (
            self.date_edit.date(),
            self.channel_box.currentText(),
            self.title_edit.text(),
            self.topics.checked(),
            self.audiences.checked(),
            self.place_edit.text(),
            self.responsible_edit.text(),
            self.participants_edit.text(),
            self.quantity_box.value(),
            self.unit_box.currentIndex(),
            self.minutes_edit.text(),
            self.notes_edit.toPlainText(),
            self.repeat_toggle.isChecked(),
            tuple(waiting.sha256 for waiting in self.evidence.pending),
            self.task_links.checked(),
        )

    def is_modified(self) -> bool:
        return self._snapshot() != self._baseline

    def _select_unit(self, code: str) -> None:
        index = self.unit_box.findData(code)
        if index >= 0:
            self.unit_box.setCurrentIndex(index)

    # --- reactions -----------------------------------------------------------------------------

    def _on_channel_changed(self, code: str) -> None:
        channel = self.channel_box.channels.get(code)
        if channel is not None and self._unit_follows_channel:
            self._select_unit(channel.default_unit)
        loudspeaker = code == LOUDSPEAKER
        caption = self._rows["minutes"].caption
        font = caption.font()
        font.setBold(loudspeaker)
        caption.setFont(font)
        self.minutes_edit.setPlaceholderText(
            _("minutes of broadcast, e.g. 15") if loudspeaker else _("not recorded")
        )
        self.minutes_edit.setToolTip(
            _("Reports add up the time on air of the loudspeakers (“được 6 giờ”).") if loudspeaker else ""
        )

    def _on_unit_picked(self, _index: int) -> None:
        channel = self.channel_box.channels.get(self.channel_box.code())
        self._unit_follows_channel = (
            channel is not None and self.unit_box.currentData() == channel.default_unit
        )

    def _on_repeat_toggled(self, on: bool) -> None:
        self.repeat_toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.repeat_panel.setVisible(on)
        for name in ("until", "weekdays", "every_n_weeks", "times_per_day"):
            self._show_issue(name, None)
        self._update_repeat_preview()
        self._fit_height()
        if on:
            self.until_edit.setFocus()

    def _on_page_changed(self, page: int) -> None:
        """Show the page; the focus goes with it (back to the field it left on the fields page)."""
        focused = QApplication.focusWidget()
        details = self.pages.widget(DETAILS_PAGE)
        if focused is not None and details.isAncestorOf(focused):
            self._details_focus = focused
        self.pages.setCurrentIndex(page)
        if self.tabs.hasFocus():
            return
        if page == EVIDENCE_PAGE:
            self.evidence.view.setFocus()
        else:
            (self._details_focus or self.title_edit).setFocus()

    def show_evidence(self) -> None:
        self.tabs.setCurrentIndex(EVIDENCE_PAGE)

    def _show_evidence_count(self, n: int) -> None:
        text = _("E&vidence ({n})").format(n=format_number(n)) if n else _("E&vidence")
        self.tabs.setTabText(EVIDENCE_PAGE, text)

    def _on_files_dropped(self, paths: list[Path]) -> None:
        """Files dropped on the tabs: show the evidence and attach them."""
        self.show_evidence()
        self.evidence.attach_paths(paths)

    def _fit_height(self, *, grow_only: bool = False) -> None:
        """Grow or shrink to what the form needs (the repeat section opened or closed), within the
        screen (the fields scroll beyond it); the width the user chose stays."""
        fields_page = self.pages.widget(DETAILS_PAGE)
        fields = fields_page.widget() if isinstance(fields_page, FieldsScroll) else None
        if fields is not None and fields.layout() is not None:
            fields.layout().activate()  # refusals just shown count in the size hint at once
            fields_page.updateGeometry()
            self.pages.updateGeometry()
        layout = self.layout()
        if layout is not None:
            layout.activate()
        height = self.sizeHint().height()
        screen = self.screen()
        if screen is not None:
            height = min(height, screen.availableGeometry().height() - 40)
        if grow_only:
            height = max(height, self.height())
        self.resize(self.width(), max(height, self.minimumSizeHint().height()))

    def _keep_until_after_start(self, start: QDate) -> None:
        """A start moved past the repeat's end takes the end along (to the end of its month)."""
        if self.until_edit.date() < start:
            self.until_edit.setDate(qdate(end_of_month(pydate(start))))
        self._update_repeat_preview()

    def _choose_working_days(self) -> None:
        for number, box in enumerate(self.weekday_boxes):
            box.setChecked(number in WORKING_DAYS)

    def weekdays(self) -> set[int]:
        return {number for number, box in enumerate(self.weekday_boxes) if box.isChecked()}

    def _repeat_dates(self) -> list[date]:
        return series_dates(
            pydate(self.date_edit.date()),
            pydate(self.until_edit.date()),
            weekdays=self.weekdays(),
            every_n_weeks=self.every_box.value(),
        )

    def _update_repeat_preview(self, *_args: object) -> None:
        if not self.repeat_toggle.isChecked():
            return
        try:
            dates = self._repeat_dates()
        except ValidationError as error:
            self.repeat_preview.setText(error.issues[0].message)
            return
        n = len(dates)
        text = ngettext(
            "{n} activity will be created, from {first} to {last}.",
            "{n} activities will be created, from {first} to {last}.",
            n,
        ).format(n=format_number(n), first=format_date(dates[0]), last=format_date(dates[-1]))
        times = self.times_box.value()
        if times > 1:
            text += " " + _(
                "Each day is one activity counting {quantity} × {times} = {total} {unit}; "
                "minutes on air are multiplied as well."
            ).format(
                quantity=format_number(self.quantity_box.value()),
                times=times,
                total=format_number(self.quantity_box.value() * times),
                unit=self.unit_box.currentText(),
            )
        self.repeat_preview.setText(text)

    # --- saving --------------------------------------------------------------------------------

    def save(self, *, add_another: bool = False) -> bool:
        """Store what the form holds; on refusal show why and keep everything. True when stored."""
        if self._finished:  # a second Enter already on its way as the dialog closes
            return False
        self.channel_box.settle()
        self.clear_issues()
        draft = self.draft()
        repeating = self.activity is None and self.repeat_toggle.isChecked()
        try:
            if self.activity is not None:
                if not self.is_modified():
                    self.accept()
                    return True
                if not confirm_change(self, self.session.book, [self.activity.date, draft.date]):
                    return False
                command = push(self.session, self.task_links.edit(self.activity, draft))
                assert command.activity is not None
                stored = [command.activity]
            elif repeating:
                dates, times = self._checked_series(draft)
                if not confirm_change(self, self.session.book, dates):
                    return False
                stored = push(self.session, self.task_links.add_series(draft, dates, times)).activities
            else:
                if not confirm_change(self, self.session.book, [draft.date]):
                    return False
                stored = push(self.session, self.task_links.add_single(draft)).activities
        except ValidationError as error:
            self.show_issues(error.issues)
            return False
        except WardLogError as error:  # StaleEditError above all: changed meanwhile elsewhere
            QMessageBox.warning(self, _("Not saved"), error.message)
            return False
        except sqlite3.Error as error:  # a locked or broken file: say so, keep what was typed
            QMessageBox.warning(
                self, _("Not saved"), _("The book could not be written: {reason}").format(reason=error)
            )
            return False
        self.saved += stored
        evidence_note = self._attach_waiting_files(stored) if self.activity is None else ""
        if add_another and self.activity is None:
            self._ready_for_next(stored, repeating)
        else:
            if repeating:
                text = "\n\n".join(filter(None, [self._created_text(stored), evidence_note]))
                QMessageBox.information(self, _("Repeated activity saved"), text)
            self.accept()
        return True

    def _attach_waiting_files(self, stored: list[Activity]) -> str:
        """Attach the files chosen while the new activity was entered (to the first of a series).

        A file that cannot be attached does not undo the save: the user is told which and why.
        Returns a note for a series, saying which activity got the files.
        """
        if not self.evidence.pending or not stored:
            return ""
        first = min(stored, key=lambda activity: (activity.date, activity.id))
        problems = self.evidence.attach_pending(first.id)
        if problems:
            QMessageBox.warning(
                self,
                _("Files not attached"),
                _("The activity was saved, but these files were not attached to it:")
                + "\n\n"
                + "\n".join(problems)
                + "\n\n"
                + _("Open the activity again to attach them."),
            )
        if len(stored) > 1:
            return _("The evidence files were attached to the first of them, on {date}.").format(
                date=format_date(first.date)
            )
        return ""

    def _checked_series(self, draft: ActivityDraft) -> tuple[list[date], int]:
        """The dates of the repeat and the times per day, or every issue of the repeat and the draft."""
        issues: list[Issue] = []
        dates: list[date] = []
        times = self.times_box.value()
        try:
            dates = self._repeat_dates()
        except ValidationError as error:
            issues += error.issues
        try:
            self.session.book.activities.check(series_draft(draft, times))
        except ValidationError as error:
            issues = error.issues + issues
        if issues:
            raise ValidationError(issues)
        return dates, times

    def _created_text(self, stored: list[Activity]) -> str:
        n = len(stored)
        return ngettext("{n} activity was created.", "{n} activities were created.", n).format(
            n=format_number(n)
        )

    def _ready_for_next(self, stored: list[Activity], repeating: bool) -> None:
        """Clear what differs from one activity to the next; keep date, channel, unit, topics,
        audiences and responsible unit."""
        for edit in (self.title_edit, self.place_edit, self.participants_edit, self.minutes_edit):
            edit.clear()
        self.notes_edit.clear()
        self.quantity_box.setValue(1)
        if self.topics.filter is not None:
            self.topics.filter.clear()
        self.repeat_toggle.setChecked(False)
        if repeating:
            self.status.setText(self._created_text(stored))
        else:
            self.status.setText(_("Saved “{title}”. Enter the next activity.").format(title=stored[0].title))
        self._baseline = self._snapshot()
        self.title_edit.setFocus()

    # --- issues --------------------------------------------------------------------------------

    def clear_issues(self) -> None:
        for name in self._rows:
            self._show_issue(name, None)
        self.banner.hide()
        self.status.clear()

    def show_issues(self, issues: list[Issue]) -> None:
        """Each issue under its field (several for one field on separate lines); others in the banner."""
        self.tabs.setCurrentIndex(DETAILS_PAGE)
        by_field: dict[str, list[str]] = {}
        other: list[str] = []
        for issue in issues:
            if issue.field in self._rows:
                by_field.setdefault(issue.field, []).append(issue.message)
            else:
                other.append(issue.describe())
        for name, messages in by_field.items():
            self._show_issue(name, "\n".join(dict.fromkeys(messages)))
        if other:
            self.banner.setText("\n".join(other))
            self.banner.show()
        self._fit_height(grow_only=True)  # room for the messages, as far as the screen allows
        for row in self._ordered_rows():
            if row.name in by_field:
                row.focus.setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def _ordered_rows(self) -> list[FieldRow]:
        order = [
            "date", "channel", "title", "place", "topics", "audiences", "responsible", "participants",
            "quantity", "minutes", "notes", "until", "weekdays", "every_n_weeks", "times_per_day",
        ]  # fmt: skip
        return [self._rows[name] for name in order]

    def _show_issue(self, name: str, message: str | None) -> None:
        row = self._rows[name]
        row.error.setText(message or "")
        row.error.setVisible(bool(message))
        row.outline.setProperty("invalid", bool(message))
        row.outline.style().unpolish(row.outline)
        row.outline.style().polish(row.outline)
        row.focus.setAccessibleDescription(message or "")

    def issue_text(self, name: str) -> str:
        """The refusal shown under field ``name``; empty when none is shown."""
        row = self._rows[name]
        return "" if row.error.isHidden() else row.error.text()

    # --- closing -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self._finished = False
        super().showEvent(event)

    def done(self, result: int) -> None:
        self._finished = True
        super().done(result)

    def reject(self) -> None:
        """Esc, Cancel or the window's close box: ask first when something typed would be lost."""
        if self.is_modified() and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        return ask(
            self,
            _("Discard changes?"),
            _("What you typed in this form has not been saved. Discard it?"),
            _("&Discard"),
            _("&Keep editing"),
            act_by_default=False,
        )


def duplicate_form(session: Session, activity: Activity, parent: QWidget | None = None) -> ActivityForm:
    """A new-activity form pre-filled from ``activity``, dated today."""
    form = ActivityForm(session, parent=parent, template=replace(activity.draft, date=date.today()))
    form.setWindowTitle(_("Duplicate activity"))
    return form


def duplicate_activity(session: Session, activity: Activity, parent: QWidget | None = None) -> list[Activity]:
    """Enter ``activity`` again (today, unless the user changes the date); returns what was stored."""
    form = duplicate_form(session, activity, parent)
    form.exec()
    return form.saved
