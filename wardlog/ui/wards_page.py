"""The upper level's page: merge the wards' files, and see which wards delivered which periods.

Merging runs as a :class:`~wardlog.ui.tasks.Task` (its own connection, a progress bar, Cancel) and
ends with the results per file. The completeness table follows the book: every merge, and every
change of the period kind, the number of periods, the days after which a file is late or the wards
expected, redraws it; it can be saved as a PDF to print.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wardlog.core import completeness
from wardlog.core.completeness import Completeness, Status, cell_text
from wardlog.core.errors import WardLogError
from wardlog.core.exchange_format import SUFFIX
from wardlog.core.i18n import N_, _, format_date, format_number, ngettext
from wardlog.core.periods import PeriodKind
from wardlog.ui.session import ACTIVITIES, CATALOG, SETTINGS, Session

if TYPE_CHECKING:
    from wardlog.core.merging import MergeResult

FILLS = {
    Status.ON_TIME: QColor(220, 240, 220),
    Status.LATE: QColor(255, 237, 190),
    Status.MISSING: QColor(255, 215, 215),
}
KINDS: tuple[tuple[PeriodKind, str], ...] = (
    (PeriodKind.HALF, N_("Six months")),
    (PeriodKind.YEAR, N_("Year")),
    (PeriodKind.QUARTER, N_("Quarter")),
    (PeriodKind.MONTH, N_("Month")),
)


class WardsPage(QWidget):
    """Merge ward files; the completeness table."""

    merged = Signal(list)  # the MergeResults of a merge

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.table_data: Completeness | None = None
        self._stale = False
        settings = session.book.settings

        self.merge_button = QPushButton(_("Merge ward files…"))
        self.merge_button.setToolTip(_("Take in the exchange files the wards sent (several at once)"))
        self.conflicts_button = QPushButton()
        self.conflicts_button.setToolTip(
            _("Records changed both here and by their ward: decide which stands")
        )
        self.pdf_button = QPushButton(_("Save as PDF…"))
        self.pdf_button.setToolTip(_("The table below, to print"))
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName(_("Kind of period"))
        for _kind, label in KINDS:
            self.kind_box.addItem(_(label))
        self.count_box = QSpinBox(minimum=1, maximum=12, value=4)
        self.count_box.setAccessibleName(_("Number of periods"))
        self.late_box = QSpinBox(
            minimum=0, maximum=completeness.MAX_LATE_DAYS, value=settings.late_after_days
        )
        self.late_box.setSuffix(" " + _("days"))
        self.late_box.setToolTip(_("A file made more than this many days after its period's end is late"))
        self.scope_box = QCheckBox(_("Every ward of the province"))
        self.scope_box.setToolTip(_("List the wards of {province} that have sent nothing yet as well").format(
            province=settings.province or _("the province")))  # fmt: skip
        self.scope_box.setChecked(settings.completeness_scope == "province")

        top = QHBoxLayout()
        top.addWidget(self.merge_button)
        top.addWidget(self.conflicts_button)
        top.addStretch(1)
        top.addWidget(QLabel(_("Periods:")))
        top.addWidget(self.kind_box)
        top.addWidget(self.count_box)
        top.addWidget(QLabel(_("Late after:")))
        top.addWidget(self.late_box)
        top.addWidget(self.scope_box)
        top.addWidget(self.pdf_button)

        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

        self.merge_button.clicked.connect(lambda: self.merge())
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.conflicts_button.clicked.connect(self.open_conflicts)
        self.kind_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count_box.valueChanged.connect(lambda _n: self.refresh())
        self.late_box.valueChanged.connect(self._late_changed)
        self.scope_box.toggled.connect(self._scope_changed)
        session.changed.connect(self._book_changed)
        self.refresh()

    # --- the table -----------------------------------------------------------------------------

    def periods(self) -> list:
        kind = KINDS[self.kind_box.currentIndex()][0]
        return completeness.recent_periods(
            kind, self.count_box.value(), convention=self.session.book.settings.convention
        )

    def refresh(self) -> None:
        self._stale = False
        data = completeness.compute(self.session.book, self.periods())
        self.table_data = data
        headers = [_("Code"), _("Ward")]
        for period in data.periods:
            due = format_date(completeness.due_date(period, data.late_after_days))
            headers.append(f"{period.label}\n" + _("due {day}").format(day=due))
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(data.rows))
        for row, ward in enumerate(data.rows):
            self.table.setItem(row, 0, QTableWidgetItem(ward.code))
            self.table.setItem(row, 1, QTableWidgetItem(ward.name))
            for column, cell in enumerate(ward.cells, 2):
                item = QTableWidgetItem(cell_text(cell).replace("\n", " · "))
                item.setData(Qt.ItemDataRole.UserRole, cell.status.value)
                if cell.latest_file:
                    item.setToolTip(
                        _("Latest file: {name} ({n} activities)").format(
                            name=cell.latest_file, n=format_number(cell.latest_records)
                        )
                    )
                if cell.status in FILLS:
                    item.setBackground(QBrush(FILLS[cell.status]))
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.summary.setText(self._summary(data))
        conflicts = self._conflict_count()
        self.conflicts_button.setText(_("Conflicts ({n})…").format(n=format_number(conflicts)))
        self.conflicts_button.setVisible(conflicts > 0)

    def _conflict_count(self) -> int:
        return int(self.session.book.conn.execute("SELECT count(*) FROM merge_conflicts").fetchone()[0])

    def open_conflicts(self) -> None:
        from wardlog.ui.conflicts_dialog import ConflictsDialog

        ConflictsDialog(self.session, self).exec()
        self.refresh()

    def _summary(self, data: Completeness) -> str:
        if not data.rows:
            return _("No ward has sent a file yet. Merge the files the wards sent (Merge ward files…).")
        last = len(data.periods) - 1
        text = _("{period}: {delivered} of {wards} wards delivered ({late} late), {missing} missing.").format(
            period=data.periods[last].label,
            delivered=format_number(data.delivered(last)),
            wards=format_number(len(data.rows)),
            late=format_number(data.count(last, Status.LATE)),
            missing=format_number(data.count(last, Status.MISSING)),
        )
        conflicts = self._conflict_count()
        if conflicts:
            text += " " + ngettext(
                "{n} record was changed both here and by its ward: the version here was kept.",
                "{n} records were changed both here and by their wards: the versions here were kept.",
                conflicts,
            ).format(n=format_number(conflicts))
        return text

    def _late_changed(self, days: int) -> None:
        if days != self.session.book.settings.late_after_days:
            self.session.book.update_settings(late_after_days=days)
        self.refresh()

    def _scope_changed(self, every_ward: bool) -> None:
        self.session.book.update_settings(completeness_scope="province" if every_ward else "merged")
        self.refresh()

    def _book_changed(self, what: str) -> None:
        if what in (ACTIVITIES, SETTINGS):
            if self.isVisible():
                self.refresh()
            else:  # a large upper-level book takes a moment: only when the page is seen
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # --- merging -------------------------------------------------------------------------------

    def merge(self, paths: Sequence[Path] | None = None) -> list[MergeResult]:
        """Ask for the files (unless given), merge them with a progress bar, show what happened."""
        from wardlog.core.merging import merge_files  # with the exchange checks: not at start-up
        from wardlog.ui.merge_results import MergeResultsDialog
        from wardlog.ui.tasks import Cancelled, Task

        if paths is None:
            folder = str(QSettings().value("exchange/merge_folder", QSettings().value("last_folder", "")))
            names, _filter = QFileDialog.getOpenFileNames(
                self, _("Merge ward files"), folder,
                _("WardLog exchange files (*{suffix});;All files (*)").format(suffix=SUFFIX),
            )  # fmt: skip
            if not names:
                return []
            QSettings().setValue("exchange/merge_folder", str(Path(names[0]).parent))
            paths = [Path(name) for name in names]
        book_path = self.session.book.path
        if book_path is None:
            return []
        results: list[MergeResult] = []
        cancelled = False

        def work(book: object, progress: object) -> None:
            nonlocal cancelled
            try:
                merge_files(book, list(paths), progress=progress, on_result=results.append)  # type: ignore[arg-type]
            except Cancelled:
                cancelled = True

        task = Task(
            self,
            book_path,
            work,
            label=ngettext("Merging {n} file…", "Merging {n} files…", len(paths)).format(n=len(paths)),
        )
        try:
            task.run()
        except WardLogError as error:
            QMessageBox.warning(self, _("The files were not merged"), error.message)
            return results
        self.session.notify(CATALOG)
        self.session.notify(ACTIVITIES)
        self.refresh()
        self.merged.emit(results)
        MergeResultsDialog(results, cancelled=cancelled, parent=self).exec()
        return results

    # --- printing ------------------------------------------------------------------------------

    def save_pdf(self, path: Path | None = None) -> Path | None:
        if self.table_data is None:
            return None
        if path is None:
            folder = Path(str(QSettings().value("last_folder", str(Path.home()))))
            name, _filter = QFileDialog.getSaveFileName(
                self, _("Save as PDF"), str(folder / "tinh-hinh-gui-du-lieu.pdf"), _("PDF (*.pdf)")
            )
            if not name:
                return None
            path = Path(name)
        from wardlog.report.completeness import write

        settings = self.session.book.settings
        try:
            written = write(self.table_data, path, unit_name=settings.unit_name)
        except WardLogError as error:
            QMessageBox.warning(self, _("Not saved"), error.message)
            return None
        QMessageBox.information(self, _("Saved"), _("Saved to {path}.").format(path=written))
        return written
