"""Records changed both at the upper level and by their ward since the last merge: the ward's
version waits beside the upper level's until someone decides which one stands."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.errors import WardLogError
from wardlog.core.i18n import _, format_date
from wardlog.core.merging import OpenConflict, open_conflicts, resolve_conflict
from wardlog.ui.session import ACTIVITIES, Session


def ward_version(conflict: OpenConflict) -> str:
    """The ward's side in a few words: removed, or its date and title."""
    record = conflict.ward_record
    if record.get("removed") or record.get("deleted_at"):
        return _("removed by the ward")
    try:
        day = format_date(date.fromisoformat(str(record.get("date", ""))))
    except ValueError:
        day = str(record.get("date", ""))
    return f"{day} · {record.get('title', '')}"


class ConflictsDialog(QDialog):
    """The open conflicts; keep the upper level's version or take the ward's, for the selected rows."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Conflicts with the wards' files"))
        intro = QLabel(
            _(
                "These records were changed here and by their ward since the last merge. The version here "
                "was kept; choose for each which one stands."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Ward"), _("Here"), _("The ward's version"), _("Found")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.keep_button = QPushButton(_("Keep the version here"))
        self.take_button = QPushButton(_("Take the ward's version"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.take_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.keep_button.clicked.connect(lambda: self.resolve(take_ward=False))
        self.take_button.clicked.connect(lambda: self.resolve(take_ward=True))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.conflicts: list[OpenConflict] = []
        self.refresh()
        self.resize(860, 420)

    def refresh(self) -> None:
        self.conflicts = open_conflicts(self.session.book)
        names = dict(self.session.book.conn.execute("SELECT code, name FROM wards"))
        self.table.setRowCount(len(self.conflicts))
        for row, conflict in enumerate(self.conflicts):
            found = format_date(date.fromisoformat(conflict.found_at[:10]))
            ward = names.get(conflict.ward_code, conflict.ward_code)
            values = (ward, conflict.title, ward_version(conflict), found)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.keep_button.setEnabled(chosen)
        self.take_button.setEnabled(chosen)

    def resolve(self, *, take_ward: bool) -> None:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        try:
            with self.session.book.atomic():
                for row in rows:
                    resolve_conflict(self.session.book, self.conflicts[row].activity_id, take_ward=take_ward)
        except WardLogError as error:
            QMessageBox.warning(self, _("Not done"), error.message)
        self.session.notify(ACTIVITIES)
        self.refresh()
