"""What a merge of ward files did, file by file: what was added, updated, removed, left as it was,
what conflicts, and why a refused file was refused."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.i18n import _, format_number, ngettext
from wardlog.core.merging import MergeResult

REFUSED = QColor(255, 220, 220)
CONFLICT = QColor(255, 240, 200)


def columns() -> tuple[str, ...]:
    return (
        _("File"), _("Ward"), _("Period"), _("Added"), _("Updated"), _("Removed"), _("Unchanged"),
        _("Conflicts"), _("Result"),
    )  # fmt: skip


def outcome(result: MergeResult) -> str:
    """The last column: merged, merged before, or why it was refused."""
    if result.refused is not None:
        return _("Refused: {reason}").format(reason=result.refused)
    if result.already_merged:
        return _("Merged before; nothing new")
    if result.conflicts:
        return ngettext(
            "Merged; {n} record changed both here and by the ward was kept as it is here",
            "Merged; {n} records changed both here and by the ward were kept as they are here",
            len(result.conflicts),
        ).format(n=len(result.conflicts))
    return _("Merged")


class MergeResultsDialog(QDialog):
    """One row per file; the selected file's full story below the table."""

    def __init__(
        self, results: Sequence[MergeResult], *, cancelled: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Ward files merged"))
        self.results = list(results)
        refused = sum(1 for r in results if r.refused is not None)
        merged = len(results) - refused
        lines = [
            ngettext("{n} file merged", "{n} files merged", merged).format(n=merged)
            + ", "
            + ngettext("{n} refused.", "{n} refused.", refused).format(n=refused)
        ]
        if refused:
            lines.append(_("Nothing was taken from a refused file; ask its ward for a new one."))
        if cancelled:
            lines.append(_("Cancelled: the file being merged was left out; the files before it are kept."))
        lines.append(_("A backup of the book was taken before merging."))
        self.summary = QLabel("\n".join(lines))
        self.summary.setWordWrap(True)

        self.table = QTableWidget(len(results), len(columns()))
        self.table.setHorizontalHeaderLabels(list(columns()))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        for row, result in enumerate(results):
            m = result.manifest
            counts = (result.added, result.updated, result.removed, result.unchanged, len(result.conflicts))
            values = [
                result.path.name,
                m.ward_name if m else "",
                m.period if m else "",
                *(format_number(n) if result.ok else "" for n in counts),
                outcome(result),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if 3 <= column <= 7:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if result.refused is not None:
                    item.setBackground(QBrush(REFUSED))
                elif result.conflicts:
                    item.setBackground(QBrush(CONFLICT))
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(columns()) - 1, QHeaderView.ResizeMode.Stretch)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(110)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.table.currentCellChanged.connect(lambda row, *_rest: self._show_details(row))
        if results:
            first_refused = next((i for i, r in enumerate(results) if not r.ok), 0)
            self.table.selectRow(first_refused)
            self._show_details(first_refused)
        self.resize(900, 460)

    def _show_details(self, row: int) -> None:
        if not 0 <= row < len(self.results):
            return
        result = self.results[row]
        lines = [str(result.path), outcome(result)]
        for conflict in result.conflicts:
            what = _("removed by the ward") if conflict.ward_removed else _("changed by the ward")
            text = _("Conflict: “{title}” ({what}; edited here too)")
            lines.append(text.format(title=conflict.title, what=what))
        for _kind, code, label in result.catalog_added:
            lines.append(_("New catalog entry: {label} ({code})").format(label=label, code=code))
        self.details.setPlainText("\n".join(lines))
