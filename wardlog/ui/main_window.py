"""The main window: menus and toolbar, the activity list, the overview and the bin."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from wardlog import __version__
from wardlog.core.errors import ValidationError, WardLogError
from wardlog.core.i18n import _, format_number, ngettext
from wardlog.core.model import Activity
from wardlog.ui.activity_list import ActivityListPage
from wardlog.ui.lazy_page import LazyPage, page_of
from wardlog.ui.sent_periods import confirm_change
from wardlog.ui.session import ACTIVITIES, Session

if TYPE_CHECKING:
    from wardlog.ui.overview import OverviewPage
    from wardlog.ui.wards_page import WardsPage

BACKUP_INTERVAL_MS = 30 * 60 * 1000


class MainWindow(QMainWindow):
    """One book's window. Only the activity list is built as it opens; the other tabs' pages are
    built when first shown (or asked for through :attr:`overview_page`, :attr:`bin_page`,
    :attr:`wards_page`)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._show_title()
        self.setMinimumSize(900, 560)

        self.activities_page = ActivityListPage(session)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._overview_tab = LazyPage(self._build_overview)
        self._bin_tab = LazyPage(self._build_bin)
        self._wards_tab: LazyPage[WardsPage] | None = None  # the upper level's, once the book holds wards
        self.tabs.addTab(self.activities_page, _("Activities"))
        self.tabs.addTab(self._overview_tab, _("Overview"))
        self.tabs.addTab(self._bin_tab, _("Bin"))
        self.setCentralWidget(self.tabs)

        self._make_actions()
        self._make_menus()
        self.statusBar().showMessage(str(session.book.path or ""))

        self.activities_page.open_requested.connect(self.edit_activity)
        self.activities_page.selection_changed.connect(self._update_actions)
        self.tabs.currentChanged.connect(self._update_actions)
        if session.book.holds_wards():
            self._add_wards_tab()
        self._update_actions()
        self._restore_geometry()

        # Automatic backups: every half hour while there are changes, and on exit.
        self.changed_since_backup = False
        session.changed.connect(self._book_changed)
        self.backup_timer = QTimer(self, interval=BACKUP_INTERVAL_MS)
        self.backup_timer.timeout.connect(lambda: self.backup_if_changed("auto"))
        self.backup_timer.start()

    # --- pages ---------------------------------------------------------------------------------

    @property
    def overview_page(self) -> OverviewPage:
        return self._overview_tab.page()

    @property
    def bin_page(self) -> ActivityListPage:
        return self._bin_tab.page()

    @property
    def wards_page(self) -> WardsPage | None:
        """The upper level's page, or None while the book holds no other ward's data."""
        return self._wards_tab.page() if self._wards_tab is not None else None

    def current_page(self) -> QWidget:
        """The page of the tab shown."""
        return page_of(self.tabs.currentWidget()) or self.activities_page

    def _build_overview(self) -> OverviewPage:
        from wardlog.ui.overview import OverviewPage

        return OverviewPage(self.session)

    def _build_bin(self) -> ActivityListPage:
        page = ActivityListPage(self.session, deleted=True)
        page.open_requested.connect(lambda _activity: self.restore_selected())
        page.selection_changed.connect(self._update_actions)
        return page

    def _build_wards(self) -> WardsPage:
        from wardlog.ui.wards_page import WardsPage

        return WardsPage(self.session)

    def _add_wards_tab(self) -> LazyPage[WardsPage]:
        if self._wards_tab is None:
            self._wards_tab = LazyPage(self._build_wards)
            self.tabs.addTab(self._wards_tab, _("Wards"))
        return self._wards_tab

    def show_wards_page(self) -> WardsPage:
        """The upper level's page, shown (and added as a tab the first time it is needed)."""
        tab = self._add_wards_tab()
        self.tabs.setCurrentWidget(tab)
        return tab.page()

    # --- actions -------------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        stack = self.session.undo_stack
        self.undo_action = stack.createUndoAction(self, _("Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, _("Redo"))
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")])
        self.new_action = self._action(_("&New activity…"), self.new_activity, QKeySequence.StandardKey.New,
                                       _("Log a new activity"))  # fmt: skip
        self.edit_action = self._action(
            _("&Edit…"), self.edit_selected, "F2", _("Change the selected activity")
        )
        self.duplicate_action = self._action(_("D&uplicate…"), self.duplicate_selected, "Ctrl+D",
                                             _("A new activity filled in like the selected one"))  # fmt: skip
        self.delete_action = self._action(_("&Delete"), self.delete_selected, QKeySequence.StandardKey.Delete,
                                          _("Move the selected activities to the bin"))  # fmt: skip
        self.restore_action = self._action(_("&Restore from the bin"), self.restore_selected, "Ctrl+Shift+R",
                                           _("Bring the selected activities back from the bin"))  # fmt: skip
        self.import_action = self._action(_("&Import from Excel or CSV…"), self.import_file, "Ctrl+I",
                                          _("Add activities from a spreadsheet"))  # fmt: skip
        self.export_action = self._action(_("E&xport the list…"), self.export_list, "Ctrl+E",
                                          _("Save the activities shown as Excel, CSV or JSON"))  # fmt: skip
        self.catalog_action = self._action(_("&Catalog…"), self.open_catalog, None,
                                           _("Channels, topics, audiences and units"))  # fmt: skip
        self.settings_action = self._action(
            _("&Settings…"), self.open_settings, QKeySequence.StandardKey.Preferences
        )
        self.check_action = self._action(
            _("C&heck the book…"), self.check_book, None, _("Check the file and records; repair what is safe")
        )
        self.backups_action = self._action(
            _("&Backups…"), self.open_backups, None, _("The book's copies: make one now, or go back to one")
        )
        self.report_action = self._action(
            _("&Periodic report…"), self.open_report, "Ctrl+R", _("Write, preview and print the report")
        )
        self.plan_action = self._action(_("Annual &plan and progress…"), lambda: self.open_plan(), None,
                                        _("The plan's targets and how much of them was done"))  # fmt: skip
        self.assessment_action = self._action(
            _("&Self-assessment (PAR index)…"),
            self.open_assessment,
            None,
            _("The score of the ward's communication on reform"),
        )
        self.about_action = self._action(_("&About WardLog"), self.about)
        self.quit_action = self._action(_("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.show_activities_action = self._action(
            _("&Activities"), lambda: self.tabs.setCurrentIndex(0), "Ctrl+1"
        )
        self.show_overview_action = self._action(
            _("&Overview"), lambda: self.tabs.setCurrentWidget(self._overview_tab), "Ctrl+2"
        )
        self.show_bin_action = self._action(
            _("&Bin"), lambda: self.tabs.setCurrentWidget(self._bin_tab), "Ctrl+3"
        )
        self.exchange_action = self._action(_("Export for the &upper level…"), self.export_for_upper_level,
                                            None, _("One file with the ward's data of a period"))  # fmt: skip
        self.merge_action = self._action(_("&Merge ward files…"), self.merge_ward_files, None,
                                         _("(Upper level) take in the files the wards sent"))  # fmt: skip
        self.show_wards_action = self._action(_("&Wards"), lambda: self.show_wards_page(), "Ctrl+4",
                                              _("Which wards delivered which periods"))  # fmt: skip

    def _make_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu(_("&File"))
        file_menu.addActions([self.import_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addActions([self.exchange_action, self.merge_action])
        file_menu.addSeparator()
        file_menu.addAction(self.backups_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu(_("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.new_action, self.edit_action, self.duplicate_action, self.delete_action])
        edit_menu.addAction(self.restore_action)
        view_menu = menus.addMenu(_("&View"))
        view_menu.addActions([self.show_activities_action, self.show_overview_action, self.show_bin_action])
        view_menu.addAction(self.show_wards_action)
        report_menu = menus.addMenu(_("&Report"))
        report_menu.addAction(self.report_action)
        report_menu.addActions([self.plan_action, self.assessment_action])
        tools_menu = menus.addMenu(_("&Tools"))
        tools_menu.addActions([self.catalog_action, self.settings_action, self.check_action])
        help_menu = menus.addMenu(_("&Help"))
        help_menu.addAction(self.about_action)

        toolbar = QToolBar(_("Main toolbar"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.setMovable(False)
        toolbar.addActions([self.new_action, self.edit_action, self.duplicate_action, self.delete_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addActions([self.import_action, self.export_action])
        toolbar.addSeparator()
        toolbar.addAction(self.report_action)
        self.addToolBar(toolbar)

    def _update_actions(self) -> None:
        in_bin = self.tabs.currentWidget() is self._bin_tab
        in_list = self.tabs.currentWidget() is self.activities_page
        page = self.bin_page if in_bin else self.activities_page
        selected = len(page.selected_activities()) if (in_bin or in_list) else 0
        self.edit_action.setEnabled(in_list and selected == 1)
        self.duplicate_action.setEnabled(in_list and selected == 1)
        self.delete_action.setEnabled(in_list and selected > 0)
        self.restore_action.setEnabled(in_bin and selected > 0)

    # --- activities ----------------------------------------------------------------------------

    def new_activity(self) -> None:
        from wardlog.ui.activity_form import ActivityForm

        ActivityForm(self.session, parent=self).exec()

    def edit_activity(self, activity: Activity) -> None:
        from wardlog.ui.activity_form import ActivityForm

        ActivityForm(self.session, activity, parent=self).exec()

    def edit_selected(self) -> None:
        selected = self.activities_page.selected_activities()
        if len(selected) == 1:
            self.edit_activity(selected[0])

    def duplicate_selected(self) -> None:
        from wardlog.ui.activity_form import duplicate_activity

        selected = self.activities_page.selected_activities()
        if len(selected) == 1:
            duplicate_activity(self.session, selected[0], self)

    def delete_selected(self) -> None:
        from wardlog.ui.undo import DeleteActivities, push

        selected = self.activities_page.selected_activities()
        if selected and confirm_change(self, self.session.book, [a.date for a in selected]):
            try:
                push(self.session, DeleteActivities(self.session, [a.id for a in selected]))
            except WardLogError as error:
                QMessageBox.warning(self, _("The activities were not deleted"), error.message)
                return
            message = ngettext(
                "{n} activity moved to the bin (Ctrl+Z to undo).",
                "{n} activities moved to the bin (Ctrl+Z to undo).",
                len(selected),
            )
            self.statusBar().showMessage(message.format(n=len(selected)), 8000)

    def restore_selected(self) -> None:
        from wardlog.ui.undo import RestoreActivities, push

        selected = self.bin_page.selected_activities()
        if selected and confirm_change(self, self.session.book, [a.date for a in selected]):
            try:
                push(self.session, RestoreActivities(self.session, [a.id for a in selected]))
            except WardLogError as error:
                QMessageBox.warning(self, _("The activities were not restored"), error.message)

    # --- files ---------------------------------------------------------------------------------

    def export_for_upper_level(self) -> None:
        from wardlog.ui.export_dialog import ExportDialog

        ExportDialog(self.session, self).exec()

    def merge_ward_files(self) -> None:
        self.show_wards_page().merge()

    def import_file(self) -> None:
        from wardlog.core.importing import import_file
        from wardlog.ui.tasks import Cancelled, Task
        from wardlog.ui.undo import AddActivities

        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import activities"), self._last_folder(), _("Spreadsheets (*.xlsx *.csv)")
        )
        if not name:
            return
        self._remember_folder(name)
        path = Path(name)
        task = Task(
            self,
            self.session.book.path,
            lambda book, progress: import_file(book, path, progress=progress),
            label=_("Importing {name}…").format(name=path.name),
        )
        try:
            result = task.run()
        except Cancelled:
            self.statusBar().showMessage(_("Import cancelled; nothing was added."), 8000)
            return
        except ValidationError as error:
            self._show_refusal(_("The file was not imported"), error)
            return
        except WardLogError as error:
            QMessageBox.warning(self, _("The file was not imported"), error.message)
            return
        self.session.undo_stack.push(
            AddActivities(self.session, result.ids, text=_("Import {name}").format(name=path.name))
        )
        message = ngettext(
            "Added {n} activity from {name}.", "Added {n} activities from {name}.", result.added
        )
        QMessageBox.information(
            self, _("Import finished"), message.format(n=format_number(result.added), name=path.name)
        )

    def export_list(self) -> None:
        from wardlog.core.listing import write_file

        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export the list"), str(Path(self._last_folder()) / "hoat-dong.xlsx"),
            _("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv);;JSON (*.json)"),
        )  # fmt: skip
        if not name:
            return
        self._remember_folder(name)
        page = self.activities_page
        try:
            count = write_file(
                Path(name), self.session.book.activities.iterate(page.model.query), self.session.book.catalog
            )
        except WardLogError as error:
            QMessageBox.warning(self, _("The list was not exported"), error.message)
            return
        self.statusBar().showMessage(
            ngettext("Wrote {n} activity to {path}.", "Wrote {n} activities to {path}.", count).format(
                n=format_number(count), path=name
            ),
            8000,
        )

    def _show_refusal(self, title: str, error: ValidationError) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(title)
        text = QPlainTextEdit(error.message)
        text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        intro = QLabel(_("Nothing was added. Correct these rows in the file and import it again:"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(text)
        layout.addWidget(buttons)
        dialog.resize(720, 420)
        dialog.exec()

    # --- tools ---------------------------------------------------------------------------------

    def open_catalog(self) -> None:
        from wardlog.ui.catalog_editor import CatalogEditor

        CatalogEditor(self.session, self).exec()

    def open_settings(self) -> None:
        from wardlog.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.session, self).exec()
        self._show_title()

    def open_report(self) -> None:
        """The report window (one per main window; asking again brings it forward)."""
        from wardlog.ui.report_window import ReportWindow

        window = getattr(self, "report_window", None)
        if window is None:
            window = ReportWindow(self.session, self)
            window.destroyed.connect(lambda: setattr(self, "report_window", None))
            self.report_window = window
        window.show()
        window.raise_()
        window.activateWindow()

    def open_plan(self, tab: int = 0) -> None:
        """The plan window (one per main window; asking again brings it forward)."""
        from wardlog.ui.plan_window import PlanWindow

        window = getattr(self, "plan_window", None)
        if window is None:
            window = PlanWindow(self.session, self)
            window.destroyed.connect(lambda: setattr(self, "plan_window", None))
            self.plan_window = window
        window.show_tab(tab)
        window.show()
        window.raise_()
        window.activateWindow()

    def open_assessment(self) -> None:
        from wardlog.ui.plan_window import ASSESSMENT_TAB

        self.open_plan(ASSESSMENT_TAB)

    def check_book(self) -> None:
        from wardlog.ui.check_dialog import run_check

        dialog = run_check(self.session, self)
        if dialog is not None and dialog.result is not None:
            self._show_title()

    def open_backups(self) -> None:
        from wardlog.ui.backups_window import BackupsWindow

        if self.session.book.path is None:
            return
        window = BackupsWindow(self.session, self)
        window.exec()
        if window.restored:
            self._show_title()
            self.changed_since_backup = False  # the book is as the copy was; the copy before is kept

    def about(self) -> None:
        from wardlog.core.logs import log_path

        QMessageBox.about(
            self,
            _("About WardLog"),
            "<b>WardLog — Sổ tuyên truyền CCHC</b><br>"
            + _("Version {version}").format(version=__version__)
            + "<br><br>"
            + _("Book: {path}").format(path=self.session.book.path)
            + "<br>"
            + _("Log file: {path}").format(path=log_path()),
        )

    def bring_forward(self) -> None:
        """Another start of the app on this book asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def _show_title(self) -> None:
        name = self.session.book.settings.unit_name or _("New book")
        self.setWindowTitle(f"{name} — WardLog")

    # --- window state --------------------------------------------------------------------------

    def _last_folder(self) -> str:
        return str(QSettings().value("last_folder", str(Path.home())))

    def _remember_folder(self, name: str) -> None:
        QSettings().setValue("last_folder", str(Path(name).parent))

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:  # first start: a comfortable size that still fits a small screen
            screen = self.screen().availableGeometry()
            self.resize(min(1200, screen.width()), min(720, screen.height()))
            self.move(screen.topLeft())

    def _book_changed(self, _what: str) -> None:
        self.changed_since_backup = True

    def backup_if_changed(self, reason: str) -> None:
        """A copy into the book's backup folder when something changed since the last one."""
        from wardlog.core.backups import take

        if not self.changed_since_backup or self.session.book.path is None:
            return
        try:
            take(self.session.book, reason)
        except WardLogError as error:
            self.statusBar().showMessage(
                _("Automatic backup failed: {reason}").format(reason=error.message), 15000
            )
            return
        self.changed_since_backup = False

    def closeEvent(self, event: QCloseEvent) -> None:
        report = getattr(self, "report_window", None)
        if report is not None and not report.close():  # its unsaved changes: the user kept them
            event.ignore()
            return
        plan = getattr(self, "plan_window", None)
        if plan is not None and not plan.close():  # its unsaved plan: the user kept it
            event.ignore()
            return
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        self.backup_timer.stop()
        self.backup_if_changed("exit")
        super().closeEvent(event)


__all__ = ["ACTIVITIES", "MainWindow"]
