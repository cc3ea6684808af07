"""Exporting the ward's data for the upper level: which period, with or without the attached files,
final or not, and where the file goes (a name that says what it is is suggested)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.errors import WardLogError
from wardlog.core.exchange import ExportResult, export, suggested_name, whole_book_period
from wardlog.core.exchange_format import SUFFIX
from wardlog.core.i18n import _, format_date, format_number, ngettext
from wardlog.core.locks import final_export_of, late_change_count
from wardlog.core.periods import Period, PeriodKind, containing
from wardlog.ui.period_picker import PeriodPicker
from wardlog.ui.session import Session

# A report is exported in the days after its period ends: the period that ended up to this many
# days ago is offered first.
RECENT_DAYS = 20


class ExportDialog(QDialog):
    """File ▸ Export for the upper level."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.exported: ExportResult | None = None
        settings = session.book.settings
        self.setWindowTitle(_("Export for the upper level"))

        intro = QLabel(
            _(
                "One file with {unit}'s activities of a period, to send to the upper level (by e-mail, "
                "USB stick…). The upper level merges it; sending a newer file later is safe."
            ).format(unit=settings.unit_name or _("the ward"))
        )
        intro.setWordWrap(True)
        self.picker = PeriodPicker(settings.convention)
        self.picker.set_period(containing(date.today() - timedelta(days=RECENT_DAYS), PeriodKind.HALF,
                                          settings.convention))  # fmt: skip
        self.attachments_box = QCheckBox(_("Include the attached files (evidence)"))
        self.attachments_box.setChecked(True)
        self.attachments_box.setToolTip(_("Leave them out for a smaller file; the records still go."))
        self.final_box = QCheckBox(_("This is the final data of the period"))
        self.final_box.setToolTip(
            _("Later changes to the period will ask first, and a new export will be a correction.")
        )
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(_("File"))
        self.browse_button = QPushButton(_("Choose…"))
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        form = QFormLayout()
        form.addRow(_("Period:"), self.picker)
        form.addRow("", self.attachments_box)
        form.addRow("", self.final_box)
        form.addRow(_("File:"), path_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(_("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self.choose_file)
        self.picker.period_changed.connect(lambda _period: self._period_changed())
        self.path_edit.setText(str(Path(self._folder()) / self._suggested_name()))
        self._period_changed()

    # --- what will be written ------------------------------------------------------------------

    def period(self) -> Period:
        return self.picker.period or whole_book_period(self.session.book)

    def _correction(self) -> bool:
        period = self.period()
        return final_export_of(self.session.book, period.start, period.end) is not None

    def _suggested_name(self) -> str:
        settings = self.session.book.settings
        return suggested_name(
            settings.ward_code or "00000", settings.unit_name, self.period(), date.today(),
            correction=self._correction(),
        )  # fmt: skip

    def _folder(self) -> str:
        current = self.path_edit.text().strip()
        if current:
            return str(Path(current).parent)
        return str(QSettings().value("exchange/folder", QSettings().value("last_folder", str(Path.home()))))

    def _period_changed(self) -> None:
        """Follow the period in the suggested name, and say when it would be a correction."""
        current = Path(self.path_edit.text().strip())
        if not current.name or current.name.startswith("WardLog_"):
            self.path_edit.setText(str(Path(self._folder()) / self._suggested_name()))
        period = self.period()
        sent = final_export_of(self.session.book, period.start, period.end)
        if sent is None:
            self.notice.setText("")
            return
        changes = late_change_count(self.session.book, sent.id)
        text = _("This period was sent as final on {day}: this file will be marked as a correction.").format(
            day=format_date(date.fromisoformat(sent.created_at[:10]))
        )
        if changes:
            text += " " + ngettext(
                "{n} activity changed since.", "{n} activities changed since.", changes
            ).format(n=format_number(changes))
        self.notice.setText(text)

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export for the upper level"), self.path_edit.text(),
            _("WardLog exchange files (*{suffix})").format(suffix=SUFFIX),
        )  # fmt: skip
        if name:
            if not name.endswith(SUFFIX):
                name += SUFFIX
            self.path_edit.setText(name)

    # --- writing -------------------------------------------------------------------------------

    def accept(self) -> None:
        from wardlog.ui.tasks import Cancelled, Task

        text = self.path_edit.text().strip()
        if not text:
            QMessageBox.warning(self, _("Export for the upper level"), _("Choose where to save the file."))
            return
        path = Path(text)
        period = self.picker.period
        attachments, final = self.attachments_box.isChecked(), self.final_box.isChecked()
        book_path = self.session.book.path
        if book_path is None:
            return
        task = Task(
            self,
            book_path,
            lambda book, progress: export(
                book, path, period, attachments=attachments, final=final, progress=progress
            ),
            label=_("Writing {name}…").format(name=path.name),
        )
        try:
            self.exported = task.run()
        except Cancelled:
            return
        except WardLogError as error:
            QMessageBox.warning(self, _("The file was not written"), error.message)
            return
        QSettings().setValue("exchange/folder", str(path.parent))
        m = self.exported.manifest
        lines = [
            _("{n} activities of {period} were written to:").format(
                n=format_number(m.record_count), period=self.period().label
            ),
            str(self.exported.path),
        ]
        if m.correction:
            lines.append(_("It is marked as a correction of the file sent before."))
        QMessageBox.information(self, _("Exported"), "\n".join(lines))
        super().accept()
