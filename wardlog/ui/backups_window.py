"""The Backups window: the book's automatic and hand-made copies, a new one now, a restore of one.

Every copy is listed with when and why it was taken, its size and how many activities it holds
(counted in the background, so a year of copies of a large book lists at once). Restoring asks
first and says that the book as it is now is kept as a copy too, so a restore can itself be undone
from this window; the work runs as a Task with progress, then every view shows the restored book.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wardlog.core import backups
from wardlog.core.errors import WardLogError
from wardlog.core.i18n import _, format_date, format_number, ngettext
from wardlog.ui.questions import ask
from wardlog.ui.session import Session

WHEN, WHY, ACTIVITIES, SIZE = range(4)


def format_size(size: int) -> str:
    """``1,2 MB``, ``850 KB`` in the user's number format."""
    if size >= 1024 * 1024:
        return _("{n} MB").format(n=format_number(size / (1024 * 1024), decimals=1))
    return _("{n} KB").format(n=format_number(max(1, round(size / 1024)), decimals=0))


def format_moment(backup: backups.Backup) -> str:
    local = backup.taken_at.astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


class _Counter(QThread):
    """Counts the activities of each copy off the UI thread; stops when asked."""

    counted = Signal(str, int)  # path, activities (-1: unreadable)

    def __init__(self, paths: list[Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()
        self.wait()

    def run(self) -> None:
        for path in self._paths:
            if self._stop.is_set():
                return
            count = backups.count_activities(path)
            self.counted.emit(str(path), -1 if count is None else count)


class BackupsWindow(QDialog):
    """The copies of the session's book."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        assert session.book.path is not None
        self.folder = backups.folder_for(session.book.path)
        self.restored = False  # whether the book was replaced while the window was open
        self._counter: _Counter | None = None
        self.setWindowTitle(_("Backups"))

        intro = QLabel(
            _(
                "WardLog keeps copies of this book by itself: every half hour while you work, when you "
                "close it, and before every import, merge, restore or upgrade. Recent copies are all "
                "kept; older ones are thinned out to one a day, then one a week, for about a year."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Taken"), _("Why"), _("Activities"), _("Size")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHY, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ACTIVITIES, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SIZE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())

        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.backup_button = QPushButton(_("&Back up now"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(_("&Restore…"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button = QPushButton(_("Open &folder"))
        self.folder_button.clicked.connect(self.open_folder)
        actions = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.folder_button):
            actions.addWidget(button)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        actions.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.where)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        self.resize(820, 480)
        self.reload()

    # --- the list ------------------------------------------------------------------------------

    def reload(self) -> None:
        """List the copies again (newest first) and count their activities in the background."""
        self._stop_counting()
        found = backups.list_backups(self.folder)
        self.table.setRowCount(len(found))
        for row, backup in enumerate(found):
            cells = (format_moment(backup), backup.why, "…", format_size(backup.size))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (ACTIVITIES, SIZE):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
                self.table.setItem(row, column, item)
        self.where.setText(
            ngettext("{n} copy, kept in {folder}.", "{n} copies, kept in {folder}.", len(found)).format(
                n=format_number(len(found)), folder=self.folder
            )
            if found
            else _("No copies yet. They are kept in {folder}.").format(folder=self.folder)
        )
        if found:
            self.table.selectRow(0)
        self._update_buttons()
        self._counter = _Counter([b.path for b in found], self)
        self._counter.counted.connect(self._show_count)
        self._counter.start()

    def _show_count(self, path: str, count: int) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, ACTIVITIES)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == path:
                item.setText(format_number(count) if count >= 0 else _("unreadable"))

    def counts_done(self) -> bool:
        return self._counter is None or self._counter.isFinished()

    def _stop_counting(self) -> None:
        if self._counter is not None:
            self._counter.stop()
            self._counter = None

    def selected(self) -> tuple[Path, str] | None:
        """The chosen copy and its time as listed."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), WHEN)
        return Path(item.data(Qt.ItemDataRole.UserRole)), item.text()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    # --- actions -------------------------------------------------------------------------------

    def back_up_now(self) -> None:
        from wardlog.ui.tasks import Task

        task = Task(
            self,
            self.session.book.path,
            lambda book, _progress: backups.take(book, "manual"),
            label=_("Making a copy of the book…"),
        )
        try:
            made = task.run()
        except WardLogError as error:
            QMessageBox.warning(self, _("No copy was made"), error.message)
            return
        self.reload()
        self.status.setText(_("A copy was made: {name}.").format(name=made.path.name))

    def restore_selected(self) -> None:
        from wardlog.ui.tasks import Task

        chosen = self.selected()
        if chosen is None:
            return
        path, when = chosen
        if not ask(
            self,
            _("Restore a backup"),
            _(
                "Restore the book as it was on {when}?\n\nEverything entered since then will no longer be "
                "in the book. The book as it is now is backed up first, so you can come back to it from "
                "this window."
            ).format(when=when),
            _("Restore"),
            _("Cancel"),
            act_by_default=False,
        ):
            return
        task = Task(
            self,
            self.session.book.path,
            lambda book, _progress: backups.restore(book, path),
            label=_("Restoring the book…"),
        )
        try:
            before = task.run()
        except WardLogError as error:
            QMessageBox.warning(self, _("The book was not restored"), error.message)
            return
        self.session.reload()
        self.restored = True
        self.reload()
        count = self.session.book.activities.count()
        QMessageBox.information(
            self,
            _("Book restored"),
            _(
                "The book is back as it was on {when} ({n} activities). Its state before the restore is "
                "kept as the copy of {before}."
            ).format(when=when, n=format_number(count), before=format_moment(before)),
        )

    def open_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    # --- closing -------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        self._stop_counting()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_counting()
        super().closeEvent(event)
