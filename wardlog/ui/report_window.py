"""The report window: one period's report — its details, its narrative, a preview of the document,
printing, and saving it as PDF or Word.

What the officer sets (number, date, signer, narrative) is saved in the book per period (Ctrl+S);
the figures are counted again every time the document is made. The document is built and written
in a worker (:class:`~wardlog.ui.tasks.Task`) on its own connection to the book, from what the
window shows at that moment, saved or not; the preview's pages are then drawn on the screen by
PDFium (:mod:`wardlog.ui.pdf_preview`), and printing draws them again at the printer's resolution
(:mod:`wardlog.ui.report_printing`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.book import Book
from wardlog.core.errors import ValidationError, WardLogError
from wardlog.core.i18n import N_, _, ngettext
from wardlog.core.periods import Convention, Period, PeriodKind, named
from wardlog.core.reports import Part, ReportDetails, validate
from wardlog.ui.pdf_pages import PdfPages
from wardlog.ui.pdf_preview import PdfPreview
from wardlog.ui.period_picker import PeriodPicker
from wardlog.ui.questions import ask
from wardlog.ui.report_details_form import DetailsForm
from wardlog.ui.report_narrative import NarrativeEditor
from wardlog.ui.session import ACTIVITIES, CATALOG, PLANS, REPORTS, SETTINGS, Session
from wardlog.ui.tasks import Cancelled, Progress, Task

T = TypeVar("T")
PDF, WORD = ".pdf", ".docx"
FILE_STEM = "BaoCao_CCHC_{period}"  # BaoCao_CCHC_2026-H1.pdf: no diacritics, safe on every disk and mail
AUTO_PREVIEW_MS = 400  # a new period is previewed once the choice rests this long
CONVENTIONS = (
    (Convention.CUTOFF, N_("Cut-off dates (Decree 09/2019)")),
    (Convention.CALENDAR, N_("Calendar dates")),
)
NOTICE_STYLE = "background: #fff4ce; color: #4d3800; border: 1px solid #e8cf7d; border-radius: 3px;"


def report_bytes(
    book: Book,
    period: Period,
    details: ReportDetails,
    suffix: str,
    progress: Progress,
    *,
    consolidated: bool = False,
) -> bytes:
    """The report of ``period`` with ``details`` as a ``suffix`` file's bytes (runs in the worker).

    ``consolidated``: the upper level's report over every ward merged into the book.
    """
    from wardlog.report import consolidated as upper
    from wardlog.report import document as ward
    from wardlog.report.output import render

    build = upper.build if consolidated else ward.build
    progress(0, 2)
    document = build(book, period, details, today=details.issued_on)
    progress(1, 2)
    data = render(document, suffix)
    progress(2, 2)
    return data


def default_folder() -> Path:
    """Where reports were last saved, else the user's Documents folder."""
    remembered = QSettings().value("report/folder")
    if remembered and Path(str(remembered)).is_dir():
        return Path(str(remembered))
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


def file_name(period: Period, suffix: str) -> str:
    return FILE_STEM.format(period=period.code) + suffix


class ReportWindow(QMainWindow):
    """One period's report at a time; the period is chosen at the top."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session = session
        self._period: Period | None = None
        self._baseline: ReportDetails | None = None
        self._loading = False
        self._reverting = False
        self._busy = False
        self._notifying = False
        self._preview_of: tuple[Period, ReportDetails] | None = None  # what the preview shows
        self._preview_stale = True
        self._auto_preview = QTimer(self, singleShot=True, interval=AUTO_PREVIEW_MS)
        self._auto_preview.timeout.connect(self._preview_if_stale)

        convention = Convention(session.book.settings.convention)
        self.period_picker = PeriodPicker(convention, all_dates=False)
        self.convention_box = QComboBox()
        for value, label in CONVENTIONS:
            self.convention_box.addItem(_(label), value.value)
        self.convention_box.setCurrentIndex([value for value, _label in CONVENTIONS].index(convention))
        self.convention_box.setToolTip(
            _("Which dates a period covers. The book's usual choice is in Settings; this is for this window.")
        )
        period_label = QLabel(_("Report &period:"))
        period_label.setBuddy(self.period_picker)
        convention_label = QLabel(_("Dat&es:"))
        convention_label.setBuddy(self.convention_box)
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period_picker)
        top.addSpacing(12)
        top.addWidget(convention_label)
        top.addWidget(self.convention_box)
        # An upper-level book (it holds wards' merged data) also makes the consolidated report.
        self.kind_box = QComboBox()
        self.kind_box.addItem(_("The ward's own report"), False)
        self.kind_box.addItem(_("Consolidated report of the wards"), True)
        self.kind_box.setToolTip(
            _("The consolidated report ranks the wards whose files were merged into this book.")
        )
        kind_label = QLabel(_("&Kind:"))
        kind_label.setBuddy(self.kind_box)
        if session.book.holds_wards():
            self.kind_box.setCurrentIndex(1)
            top.addSpacing(12)
            top.addWidget(kind_label)
            top.addWidget(self.kind_box)
        else:
            self.kind_box.hide()
            kind_label.hide()
        top.addStretch(1)

        self.details_form = DetailsForm()
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        details_scroll.setWidget(self.details_form)
        details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.narrative = NarrativeEditor()
        self.tabs = QTabWidget()
        self.tabs.addTab(details_scroll, _("&Details"))
        self.tabs.addTab(self.narrative, _("&Narrative"))
        self.tabs.setMinimumWidth(340)

        self.preview = PdfPreview()
        self.preview.set_pdf(None, _("The preview appears here."))
        self.refresh_action = self._action(_("&Refresh preview"), self.refresh_preview, "F5")
        self.stale_notice = QFrame()
        self.stale_notice.setObjectName("stale_notice")
        self.stale_notice.setStyleSheet(f"QFrame#stale_notice {{ {NOTICE_STYLE} }}")
        stale_label = QLabel(_("The preview does not show the latest changes yet."))
        stale_label.setWordWrap(True)
        refresh_button = QPushButton(_("Refresh (F5)"))
        refresh_button.setAutoDefault(False)
        refresh_button.clicked.connect(self.refresh_preview)
        notice = QHBoxLayout(self.stale_notice)
        notice.setContentsMargins(6, 2, 2, 2)
        notice.addWidget(stale_label, 1)
        notice.addWidget(refresh_button)
        self.stale_notice.hide()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.stale_notice)
        right_layout.addWidget(self.preview, 1)
        right.setMinimumWidth(360)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self._make_actions()
        self._make_menus()
        self.setTabOrder(self.period_picker, self.convention_box)
        self.setTabOrder(self.convention_box, self.tabs)

        self.period_picker.period_changed.connect(self._period_chosen)
        self.convention_box.currentIndexChanged.connect(self._convention_chosen)
        self.kind_box.currentIndexChanged.connect(self._kind_chosen)
        self.details_form.changed.connect(self._edited)
        self.details_form.fill_requested.connect(lambda: self.details_form.fill_from(session.book.settings))
        self.narrative.changed.connect(self._edited)
        session.changed.connect(self._book_changed)

        period = self.period_picker.period
        assert period is not None
        self._load(period)
        self._restore_geometry()
        self.statusBar().showMessage(
            _("Ctrl+S saves the details; F5 refreshes the preview; Ctrl+P prints."), 10000
        )

    # --- actions -------------------------------------------------------------------------------

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _make_actions(self) -> None:
        self.save_action = self._action(_("&Save"), self.save, QKeySequence.StandardKey.Save)
        self.save_action.setToolTip(_("Keep the details and narrative of this period's report in the book"))
        self.print_action = self._action(_("&Print…"), self.print_report, QKeySequence.StandardKey.Print)
        self.pdf_action = self._action(_("Save as P&DF…"), lambda: self.save_as(PDF), "Ctrl+Shift+S")
        self.word_action = self._action(_("Save as &Word…"), lambda: self.save_as(WORD), "Ctrl+Shift+W")
        self.close_action = self._action(_("&Close"), self.close, QKeySequence.StandardKey.Close)
        self.output_actions = (self.save_action, self.refresh_action, self.print_action, self.pdf_action,
                               self.word_action)  # fmt: skip

    def _make_menus(self) -> None:
        report_menu = self.menuBar().addMenu(_("&Report"))
        report_menu.addAction(self.save_action)
        report_menu.addSeparator()
        report_menu.addActions([self.refresh_action, self.print_action, self.pdf_action, self.word_action])
        report_menu.addSeparator()
        report_menu.addAction(self.close_action)
        view_menu = self.menuBar().addMenu(_("&View"))
        view_menu.addActions(self.preview.actions_for_menu)

        toolbar = QToolBar(_("Report toolbar"))
        toolbar.setObjectName("report_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.save_action)
        toolbar.addSeparator()
        toolbar.addActions([self.refresh_action, self.print_action, self.pdf_action, self.word_action])
        self.addToolBar(toolbar)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for action in self.output_actions:
            action.setEnabled(not busy)
        self.preview.canvas.set_paused(busy)  # PDFium may be at work in the worker (Word's charts)

    # --- the period ----------------------------------------------------------------------------

    @property
    def period(self) -> Period:
        assert self._period is not None
        return self._period

    def set_period(self, period: Period) -> bool:
        """Show ``period``'s report (asking first about unsaved changes); False when the user keeps them."""
        if self._period == period:
            return True
        if self.is_modified() and not self._confirm_discard():
            self._show_period_choice(self.period)
            return False
        self._show_period_choice(period)
        self._load(period)
        return True

    def _period_chosen(self, period: Period | None) -> None:
        if self._reverting or period is None:
            return
        self.set_period(period)

    def _convention_chosen(self, index: int) -> None:
        if self._reverting:
            return
        convention = CONVENTIONS[index][0]
        current = self.period
        if current.kind is PeriodKind.RANGE:  # not offered by the picker; kept for completeness
            return
        self.set_period(named(current.kind, current.year, current.index, convention))

    @property
    def consolidated(self) -> bool:
        """Whether the window makes the upper level's consolidated report rather than the ward's."""
        return bool(self.kind_box.currentData())

    def _kind_chosen(self, _index: int) -> None:
        """Another kind of report: same details, other drafts and figures."""
        self.narrative.set_drafts(self._drafts(self.period))
        self._mark_stale()
        if self.isVisible():
            self._auto_preview.start()

    def _show_period_choice(self, period: Period) -> None:
        """Put the picker and the convention box on ``period`` without reacting to it."""
        self._reverting = True
        try:
            index = [value for value, _label in CONVENTIONS].index(period.convention)
            self.convention_box.setCurrentIndex(index)
            self.period_picker.set_convention(period.convention)
            self.period_picker.set_period(period)
        finally:
            self._reverting = False

    def _load(self, period: Period) -> None:
        book = self.session.book
        saved = book.reports.get(period)
        self._period = period
        self._loading = True
        try:
            self.details_form.set_details(saved.resolved(book.settings, date.today()))
            self.details_form.set_fallbacks(book.settings)
            self.narrative.load(saved.narrative, self._drafts(period))
        finally:
            self._loading = False
        self.details_form.clear_issues()
        self.narrative.show_issues([])
        self._baseline = self.current_details()
        self._preview_of = None
        self._preview_stale = True
        self.stale_notice.hide()
        self.preview.set_pdf(None, _("Preparing the preview…"))
        self._show_title()
        if self.isVisible():
            self._auto_preview.start()

    def _drafts(self, period: Period) -> dict[Part, str]:
        if self.consolidated:
            from wardlog.report.consolidated import drafts

            return drafts(self.session.book, period)
        from wardlog.core.figures import compute
        from wardlog.report.document import OWN_WARD
        from wardlog.report.draft import narrative

        return narrative(compute(self.session.book, period, ward_codes=OWN_WARD))

    # --- the details ---------------------------------------------------------------------------

    def current_details(self) -> ReportDetails:
        """What the window shows now, saved or not."""
        return replace(self.details_form.details(), narrative=self.narrative.texts())

    def is_modified(self) -> bool:
        return self._baseline is not None and self.current_details() != self._baseline

    def _edited(self) -> None:
        if self._loading:
            return
        self.setWindowModified(self.is_modified())
        self._mark_stale()

    def _validated(self) -> ReportDetails | None:
        """The window's details cleaned, or None after showing what is wrong next to the fields."""
        try:
            details = validate(self.current_details())
        except ValidationError as error:
            self._show_issues(error)
            return None
        self.details_form.clear_issues()
        self.narrative.show_issues([])
        return details

    def _show_issues(self, error: ValidationError) -> None:
        parts = {part.value for part in Part}
        about_details = any(issue.field not in parts for issue in error.issues)
        self.tabs.setCurrentIndex(0 if about_details else 1)
        rest = self.narrative.show_issues(error.issues)
        rest = self.details_form.show_issues(rest)  # last: the first wrong field of the tab shown has focus
        self.statusBar().showMessage(
            " ".join([_("Not saved: correct what is marked in red."), *(issue.describe() for issue in rest)]),
            15000,
        )

    def save(self) -> bool:
        """Keep the window's details in the book for the period; False when refused or not written."""
        if self._busy:
            return False
        try:
            saved = self.session.book.reports.save(self.period, self.current_details())
        except ValidationError as error:
            self._show_issues(error)
            return False
        except WardLogError as error:
            QMessageBox.warning(self, _("Not saved"), error.message)
            return False
        self.details_form.clear_issues()
        self.narrative.show_issues([])
        self._loading = True
        try:  # show what was kept (trimmed, NFC) where it differs from what was typed
            self.details_form.set_details(
                replace(saved, issued_on=saved.issued_on or self.details_form.details().issued_on)
            )
            self.narrative.set_texts(saved.narrative)
        finally:
            self._loading = False
        self._baseline = self.current_details()
        self.setWindowModified(False)
        self._notifying = True
        try:
            self.session.notify(REPORTS)
        finally:
            self._notifying = False
        self.statusBar().showMessage(
            _("Saved the report details of the {period}.").format(period=self.period.label), 8000
        )
        return True

    def _confirm_discard(self) -> bool:
        return ask(
            self,
            _("Discard changes?"),
            _("The changes to the report of the {period} have not been saved. Discard them?").format(
                period=self.period.label
            ),
            _("&Discard"),
            _("&Keep editing"),
            act_by_default=False,
        )

    # --- the preview ---------------------------------------------------------------------------

    def _mark_stale(self) -> None:
        self._preview_stale = True
        self.stale_notice.setVisible(self.preview.pdf is not None)

    def _preview_if_stale(self) -> None:
        if self._preview_stale and not self._busy and self.isVisible():
            self.refresh_preview()

    def refresh_preview(self) -> bool:
        """Build the report from what the window shows and show its pages; False if it was not made."""
        self._auto_preview.stop()
        if self._busy:
            return False
        details = self._validated()
        if details is None:
            self.preview.set_message(_("Correct what is marked in red, then refresh the preview (F5)."))
            return False
        period = self.period
        consolidated = self.consolidated
        try:
            data = self._run(
                lambda book, progress: report_bytes(
                    book, period, details, PDF, progress, consolidated=consolidated
                ),
                _("Preparing the report of the {period}…").format(period=period.label),
            )
        except Cancelled:
            self.statusBar().showMessage(_("Preview cancelled."), 8000)
            return False
        except Exception as error:  # shown in the pane; the window stays usable
            self.preview.set_pdf(None, _("The preview could not be made: {reason}").format(reason=error))
            return False
        self.preview.set_pdf(data)
        self._preview_of = (period, details)
        self._preview_stale = False
        self.stale_notice.hide()
        count = self.preview.page_count
        self.statusBar().showMessage(
            ngettext("Preview ready: {n} page.", "Preview ready: {n} pages.", count).format(n=count), 8000
        )
        return True

    def _fresh_pdf(self) -> bytes | None:
        """The PDF of what the window shows: the preview's when it is current, else made now."""
        details = self._validated()
        if details is None:
            return None
        current = (self.period, details)
        if (self._preview_stale or self._preview_of != current) and not self.refresh_preview():
            return None
        return self.preview.pdf

    def _run(self, work: Callable[[Book, Progress], T], label: str) -> T:
        """``work`` in a worker on its own connection, with progress; the window waits, responsive."""
        self._set_busy(True)
        try:
            path = self.session.book.path
            if path is None:  # a book in memory has no second connection
                return work(self.session.book, lambda _done, _total: None)
            task: Task[T] = Task(self, path, work, label=label)
            try:
                return task.run()
            finally:
                task.deleteLater()
        finally:
            self._set_busy(False)

    # --- files and paper -----------------------------------------------------------------------

    def save_as(self, suffix: str) -> bool:
        """Ask where, then write the report there as ``suffix`` (``.pdf``, ``.docx``)."""
        if self._busy:
            return False
        if self._validated() is None:
            return False
        if suffix == PDF:
            title, kinds = _("Save the report as PDF"), _("PDF document (*.pdf)")
        else:
            title, kinds = _("Save the report as Word"), _("Word document (*.docx)")
        default = default_folder() / file_name(self.period, suffix)
        name, _filter = QFileDialog.getSaveFileName(self, title, str(default), kinds)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        return self.write_report(path)

    def write_report(self, path: Path) -> bool:
        """Write the report as ``path``'s suffix says, atomically, in the worker; tell where it went."""
        from wardlog.report.output import check_suffix, write_atomically

        suffix = check_suffix(path)
        details = self._validated()
        if details is None:
            return False
        period = self.period
        data = self._fresh_pdf() if suffix == PDF else None
        if suffix == PDF and data is None:
            return False
        consolidated = self.consolidated

        def work(book: Book, progress: Progress) -> None:
            payload = (
                data
                if data is not None
                else report_bytes(book, period, details, suffix, progress, consolidated=consolidated)
            )
            write_atomically(path, payload)

        try:
            self._run(work, _("Writing {name}…").format(name=path.name))
        except Cancelled:
            self.statusBar().showMessage(_("Cancelled; no file was written."), 8000)
            return False
        except OSError as error:
            from wardlog.core.failures import cause

            QMessageBox.warning(
                self,
                _("The report was not saved"),
                _("The report could not be written to {path}: {reason}.").format(
                    path=path, reason=cause(error, path)
                )
                + "\n\n"
                + _("Choose another folder (for example Documents) and save again."),
            )
            return False
        except WardLogError as error:
            QMessageBox.warning(self, _("The report was not saved"), error.message)
            return False
        QSettings().setValue("report/folder", str(path.parent))
        self.statusBar().showMessage(_("The report was saved as {path}.").format(path=path), 20000)
        return True

    def print_report(self) -> bool:
        """The system's print dialog, then the chosen pages on the chosen printer."""
        if self._busy:
            return False
        data = self._fresh_pdf()
        if data is None:
            return False
        from wardlog.ui.report_printing import prepare

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare(printer)
        printer.setDocName(file_name(self.period, ""))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the report"))
        dialog.setOptions(
            QAbstractPrintDialog.PrintDialogOption.PrintPageRange
            | QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage
            | QAbstractPrintDialog.PrintDialogOption.PrintToFile
            | QAbstractPrintDialog.PrintDialogOption.PrintShowPageSize
        )
        dialog.setMinMax(1, self.preview.page_count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.print_to(printer, data)

    def print_to(self, printer: QPrinter, data: bytes | None = None) -> bool:
        """Print the report (``data``, else the current preview) on ``printer`` as it is set up."""
        from wardlog.ui.report_printing import PrintingFailed, chosen_pages, print_pages

        data = data if data is not None else self._fresh_pdf()
        if data is None:
            return False
        progress = QProgressDialog(_("Printing…"), _("Cancel"), 0, 0, self)
        progress.setWindowTitle(_("Print the report"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(
                _("Printing page {n} of {total}…").format(n=min(done + 1, total), total=total)
            )
            return not progress.wasCanceled()

        self._set_busy(True)
        try:
            with PdfPages(data) as pages:
                indexes = chosen_pages(printer, pages.count, self.preview.current_page)
                finished = print_pages(printer, pages, indexes, step)
        except PrintingFailed as error:
            QMessageBox.warning(self, _("Not printed"), error.args[0])
            return False
        finally:
            progress.close()
            self._set_busy(False)
        if not finished:
            self.statusBar().showMessage(_("Printing cancelled."), 8000)
            return False
        self.statusBar().showMessage(
            ngettext("Sent {n} page to the printer.", "Sent {n} pages to the printer.", len(indexes)).format(
                n=len(indexes)
            ),
            8000,
        )
        return True

    # --- the book changing ---------------------------------------------------------------------

    def _book_changed(self, what: str) -> None:
        if self._period is None:
            return
        if what in (ACTIVITIES, CATALOG):
            self._loading = True
            try:
                self.narrative.set_drafts(self._drafts(self.period))
            finally:
                self._loading = False
            self._mark_stale()
        elif what == PLANS:  # the report's plan versus done and its self-assessment annex
            self._mark_stale()
        elif what in (SETTINGS, REPORTS) and not self._notifying:
            if self.is_modified():
                self._mark_stale()
            else:
                self._reload()
        self._show_title()

    def _reload(self) -> None:
        period = self.period
        self._period = None
        self._load(period)

    # --- the window ----------------------------------------------------------------------------

    def _show_title(self) -> None:
        unit = self.session.book.settings.unit_name or _("New book")
        period = self._period.label if self._period is not None else ""
        self.setWindowTitle(_("Report of the {period}").format(period=period) + f" — {unit}[*]")

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("report_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry()
            self.resize(min(1280, screen.width()), min(800, screen.height()))
        splitter = settings.value("report_window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._preview_stale and self.preview.pdf is None:
            self._auto_preview.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy or (self.is_modified() and not self._confirm_discard()):
            event.ignore()
            return
        self._auto_preview.stop()
        settings = QSettings()
        settings.setValue("report_window/geometry", self.saveGeometry())
        settings.setValue("report_window/splitter", self.splitter.saveState())
        self.preview.set_pdf(None)
        super().closeEvent(event)


__all__ = ["ReportWindow", "default_folder", "file_name", "report_bytes"]
