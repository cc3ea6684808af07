"""The Plan window: the annual plan of a chosen year (its number, date, title and targets), the
progress against it for a chosen period, and the ward's PAR-index self-assessment.

The plan is edited in the window and written to the book only by Save, in one go; the core checks
it then and its refusals are shown above the targets, the rows in question tinted. Nothing typed is
lost without asking: changing the year or closing the window asks to save first.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.errors import ValidationError, WardLogError
from wardlog.core.i18n import _, format_number, ngettext
from wardlog.core.periods import Convention, PeriodKind, containing
from wardlog.core.plan_import import carry_identity, read_plan_file
from wardlog.core.plans import Plan
from wardlog.ui.assessment_window import AssessmentPage
from wardlog.ui.plan_progress import ProgressPage
from wardlog.ui.plan_targets import TargetsEditor, rows_named
from wardlog.ui.questions import ask
from wardlog.ui.session import CATALOG, PLANS, SETTINGS, Session

PLAN_TAB, PROGRESS_TAB, ASSESSMENT_TAB = range(3)
BANNER_STYLE = "QLabel { background: #fce8e6; color: #a50e0e; border: 1px solid #f1998e; padding: 6px; }"
SAVE, DISCARD, KEEP = "save", "discard", "keep"


def ask_to_save(parent: QWidget, text: str) -> str:
    """Save, discard or keep editing (Esc keeps): what the user chose."""
    box = QMessageBox(
        QMessageBox.Icon.Question, _("Save the plan?"), text, QMessageBox.StandardButton.NoButton, parent
    )
    save = box.addButton(_("&Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(keep)
    box.exec()
    return {save: SAVE, discard: DISCARD}.get(box.clickedButton(), KEEP)


def show_refusal(parent: QWidget, title: str, intro: str, message: str) -> None:
    """A refusal with many lines (every bad row of a file), in a box that scrolls."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    text = QPlainTextEdit(message, dialog)
    text.setReadOnly(True)
    text.setAccessibleName(title)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    label = QLabel(intro, dialog)
    label.setWordWrap(True)
    layout.addWidget(label)
    layout.addWidget(text)
    layout.addWidget(buttons)
    dialog.resize(720, 400)
    dialog.exec()


class PlanWindow(QMainWindow):
    """The plan of one year at a time, its progress, and the self-assessment."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session = session
        self.year = 0
        self._baseline: Plan | None = None
        self._loading = False
        self._notifying = False

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._plan_page(), _("Plan"))
        self.progress_page = ProgressPage(session, self)
        self.tabs.addTab(self.progress_page, _("Progress"))
        self.assessment_page = AssessmentPage(session, self)
        self.tabs.addTab(self.assessment_page, _("Self-assessment"))
        self.setCentralWidget(self.tabs)
        self._make_actions()

        self.assessment_page.activity_requested.connect(self.open_activity)
        session.changed.connect(self._book_changed)
        convention = Convention(session.book.settings.convention)
        self.load(containing(date.today(), PeriodKind.YEAR, convention).year)
        self._restore_geometry()

    # --- building ------------------------------------------------------------------------------

    def _plan_page(self) -> QWidget:
        page = QWidget(self)
        self.year_box = QSpinBox(page)
        self.year_box.setRange(2000, 2100)
        self.year_box.setKeyboardTracking(False)  # typing 2027 does not visit 2, 20, 202
        self.year_box.setAccessibleName(_("Year of the plan"))
        self.year_box.valueChanged.connect(self._year_chosen)
        self.years_label = QLabel(page)
        self.years_label.setWordWrap(True)
        self.number_edit = QLineEdit(page)
        self.number_edit.setPlaceholderText(_("e.g. 45/KH-UBND"))
        self.number_edit.setAccessibleName(_("Plan number"))
        self.dated_box = QCheckBox(_("&Date of issue:"), page)
        self.date_edit = QDateEdit(page)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setAccessibleName(_("Date of issue"))
        self.dated_box.toggled.connect(self.date_edit.setEnabled)
        self.title_edit = QLineEdit(page)
        self.title_edit.setPlaceholderText(
            _("e.g. Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2026")
        )
        self.title_edit.setAccessibleName(_("Title of the plan"))

        year_label = QLabel(_("&Year:"), page)
        year_label.setBuddy(self.year_box)
        number_label = QLabel(_("&Number:"), page)
        number_label.setBuddy(self.number_edit)
        title_label = QLabel(_("&Title:"), page)
        title_label.setBuddy(self.title_edit)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.addWidget(year_label, 0, 0)
        grid.addWidget(self.year_box, 0, 1)
        grid.addWidget(self.years_label, 0, 2, 1, 4)
        grid.addWidget(number_label, 1, 0)
        grid.addWidget(self.number_edit, 1, 1, 1, 2)
        grid.addWidget(self.dated_box, 1, 3)
        grid.addWidget(self.date_edit, 1, 4)
        grid.addWidget(title_label, 2, 0)
        grid.addWidget(self.title_edit, 2, 1, 1, 5)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(5, 2)

        self.banner = QLabel(page)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        self.targets = TargetsEditor(self.session, page)
        targets_label = QLabel(_("Targets of the p&lan:"), page)
        targets_label.setBuddy(self.targets.table)

        self.import_button = QPushButton(_("&Import from a spreadsheet…"), page)
        self.import_button.setToolTip(_("Targets from a .xlsx or .csv file (sample: mau-ke-hoach.csv)"))
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self.import_file)
        self.status = QLabel(page)
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #1e6b34;")
        self.save_button = QPushButton(_("&Save the plan"), page)
        self.save_button.setToolTip(_("Write the plan to the book (Ctrl+S)"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(page)
        layout.addLayout(grid)
        layout.addWidget(self.banner)
        layout.addWidget(targets_label)
        layout.addWidget(self.targets, 1)
        layout.addLayout(bottom)

        for edit in (self.number_edit, self.title_edit):
            edit.textChanged.connect(self._edited)
        self.dated_box.toggled.connect(self._edited)
        self.date_edit.dateChanged.connect(self._edited)
        self.targets.changed.connect(self._edited)
        return page

    def _make_actions(self) -> None:
        def action(text: str, slot: object, keys: QKeySequence | str | None = None) -> QAction:
            made = QAction(text, self)
            if keys is not None:
                made.setShortcut(QKeySequence(keys))
            made.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
            return made

        self.save_action = action(_("&Save the plan"), self.save, QKeySequence.StandardKey.Save)
        self.import_action = action(_("&Import from a spreadsheet…"), self.import_file, "Ctrl+I")
        self.delete_action = action(_("&Delete the plan of this year…"), self.delete_plan)
        self.close_action = action(_("&Close"), self.close, QKeySequence.StandardKey.Close)
        menu = self.menuBar().addMenu(_("&Plan"))
        menu.addActions([self.save_action, self.import_action])
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.addSeparator()
        menu.addAction(self.close_action)
        view = self.menuBar().addMenu(_("&View"))
        for index, text in enumerate((_("The &plan"), _("P&rogress"), _("Self-&assessment"))):
            view.addAction(
                action(text, lambda index=index: self.tabs.setCurrentIndex(index), f"Ctrl+{index + 1}")
            )

    # --- the plan of a year --------------------------------------------------------------------

    def current_plan(self) -> Plan:
        """The plan as the window shows it (not yet checked by the core)."""
        issued = None
        if self.dated_box.isChecked():
            value = self.date_edit.date()
            issued = date(value.year(), value.month(), value.day())
        return Plan(
            self.year, self.number_edit.text(), issued, self.title_edit.text(), self.targets.targets()
        )

    def is_modified(self) -> bool:
        return self._baseline is not None and self.current_plan() != self._baseline

    def load(self, year: int) -> None:
        """Show the saved plan of ``year`` (an empty one when the book has none)."""
        plan = self.session.book.plans.get(year)
        self.year = year
        self._loading = True
        try:
            self.year_box.blockSignals(True)
            self.year_box.setValue(year)
            self.year_box.blockSignals(False)
            self.number_edit.setText(plan.number if plan else "")
            self.title_edit.setText(plan.title if plan else "")
            self.dated_box.setChecked(bool(plan and plan.issued_on))
            self.date_edit.setEnabled(self.dated_box.isChecked())
            issued = plan.issued_on if plan and plan.issued_on else date.today()
            self.date_edit.setDate(QDate(issued.year, issued.month, issued.day))
            self.targets.set_targets(year, plan.targets if plan else ())
        finally:
            self._loading = False
        self._baseline = self.current_plan()
        self.banner.hide()
        self.status.clear()
        self._show_years(plan is not None)
        self._edited()

    def _show_years(self, exists: bool) -> None:
        years = self.session.book.plans.years()
        text = (
            _("The plan of {year} is in the book.") if exists else _("The book has no plan for {year} yet.")
        ).format(year=self.year)
        others = [str(y) for y in years if y != self.year]
        if others:
            text += " " + _("Other plans: {years}.").format(years=", ".join(others))
        if not exists:
            text += " " + _("Add its targets or import them from a spreadsheet, then save.")
        self.years_label.setText(text)
        self.delete_action.setEnabled(exists)

    def _year_chosen(self, year: int) -> None:
        if year == self.year:
            return
        if not self._may_leave(
            _("The plan of {year} has unsaved changes. Save them first?").format(year=self.year)
        ):
            self.year_box.blockSignals(True)
            self.year_box.setValue(self.year)
            self.year_box.blockSignals(False)
            return
        self.load(year)

    def _may_leave(self, question: str) -> bool:
        """True when the plan shown may go: unchanged, saved now, or its changes discarded."""
        if not self.is_modified():
            return True
        answer = ask_to_save(self, question)
        if answer == SAVE:
            return self.save()
        return answer == DISCARD

    def _edited(self) -> None:
        if self._loading:
            return
        modified = self.is_modified()
        self.setWindowModified(modified)
        self.progress_page.set_unsaved(modified)
        self._show_title()
        if modified:
            self.status.clear()

    def save(self) -> bool:
        """Write the plan to the book; False when the core refused it (shown above the targets)."""
        plan = self.current_plan()
        try:
            saved = self.session.book.plans.save(plan)
        except ValidationError as error:
            problems = rows_named(error.issues, len(plan.targets))
            self.banner.setText(
                "\n".join(
                    [_("The plan was not saved. Correct what is marked:"), *(i.message for i in error.issues)]
                )
            )
            self.banner.show()
            self.targets.mark_refused(problems)
            self.tabs.setCurrentIndex(PLAN_TAB)
            return False
        except WardLogError as error:
            QMessageBox.warning(self, _("Not saved"), error.message)
            return False
        self.load(saved.year)
        self.status.setText(
            ngettext(
                "Saved the plan of {year} ({n} target).",
                "Saved the plan of {year} ({n} targets).",
                len(saved.targets),
            ).format(year=saved.year, n=format_number(len(saved.targets)))
        )
        self._notifying = True
        try:
            self.session.notify(PLANS)
        finally:
            self._notifying = False
        return True

    def delete_plan(self) -> None:
        if self.session.book.plans.get(self.year) is None:
            return
        if not ask(
            self,
            _("Delete the plan?"),
            _(
                "Delete the plan of {year} with all its targets? Activities stay, but they are no longer "
                "linked to its tasks."
            ).format(year=self.year),
            _("&Delete"),
            _("&Keep"),
            act_by_default=False,
        ):
            return
        try:
            self.session.book.plans.delete(self.year)
        except WardLogError as error:
            QMessageBox.warning(self, _("Not deleted"), error.message)
            return
        self.load(self.year)
        self.status.setText(_("The plan of {year} was deleted.").format(year=self.year))
        self.session.notify(PLANS)

    def import_file(self) -> None:
        """Targets from a spreadsheet into the table (written to the book by Save)."""
        self.tabs.setCurrentIndex(PLAN_TAB)
        folder = str(QSettings().value("last_folder", str(Path.home())))
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import the plan's targets"), folder, _("Spreadsheets (*.xlsx *.csv)")
        )
        if name:
            QSettings().setValue("last_folder", str(Path(name).parent))
            self.import_path(Path(name))

    def import_path(self, path: Path) -> bool:
        try:
            read = read_plan_file(self.session.book, path, self.year)
        except ValidationError as error:
            show_refusal(
                self,
                _("The file was not imported"),
                _("The table was not changed. Correct these rows in the file and import it again:"),
                error.message,
            )
            return False
        except WardLogError as error:
            QMessageBox.warning(self, _("The file was not imported"), error.message)
            return False
        current = self.targets.targets()
        targets = read.targets
        if current:
            choice = self._ask_replace(len(current), len(targets), path.name)
            if choice is None:
                return False
            targets = carry_identity(targets, current) if choice else current + carry_identity(targets, ())
        self.targets.set_targets(self.year, targets)
        self._edited()
        self.status.setText(
            ngettext(
                "{n} target from {name} is in the table; save to keep it.",
                "{n} targets from {name} are in the table; save to keep them.",
                len(read.targets),
            ).format(n=format_number(len(read.targets)), name=path.name)
        )
        return True

    def _ask_replace(self, current: int, new: int, name: str) -> bool | None:
        """Replace the table's targets (True), add after them (False), or not import (None)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Import the plan's targets"),
            _(
                "The table has {current} targets. Replace them with the {new} targets of {name}, "
                "or add these after them?"
            ).format(current=current, new=new, name=name),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        replace_button = box.addButton(_("&Replace"), QMessageBox.ButtonRole.DestructiveRole)
        add_button = box.addButton(_("&Add after them"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(add_button)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is replace_button:
            return True
        if clicked is add_button:
            return False
        return None

    # --- activities ----------------------------------------------------------------------------

    def open_activity(self, activity_id: int) -> None:
        """An activity missing its evidence, opened in the form on its evidence page."""
        from wardlog.ui.activity_form import ActivityForm

        activity = self.session.book.activities.get(activity_id)
        if activity is None:
            return
        form = ActivityForm(self.session, activity, parent=self)
        form.show_evidence()
        form.exec()

    # --- the book changing ---------------------------------------------------------------------

    def _book_changed(self, what: str) -> None:
        if what == PLANS and not self._notifying:
            if self.is_modified():
                self._show_years(self.session.book.plans.get(self.year) is not None)
            else:
                self.load(self.year)
        elif what in (CATALOG, SETTINGS):
            self.targets.refresh()
        self._show_title()

    # --- the window ----------------------------------------------------------------------------

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def _show_title(self) -> None:
        unit = self.session.book.settings.unit_name or _("New book")
        self.setWindowTitle(_("Plan of {year}").format(year=self.year) + f" — {unit}[*]")

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("plan_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry()
            self.resize(min(1100, screen.width()), min(720, screen.height() - 40))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_leave(
            _("The plan of {year} has unsaved changes. Save them before closing?").format(year=self.year)
        ):
            event.ignore()
            return
        QSettings().setValue("plan_window/geometry", self.saveGeometry())
        super().closeEvent(event)


__all__ = ["ASSESSMENT_TAB", "PLAN_TAB", "PROGRESS_TAB", "PlanWindow"]
