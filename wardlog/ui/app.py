"""Starting the desktop app: QApplication, fonts, the book, first-run setup, the main window.

With ``WARDLOG_QUIT_WHEN_SHOWN=1`` in the environment the app prints ``shown`` on stdout and closes
as soon as its main window has painted the first page of the activity list: how the start-up time is
measured (``tests/benchmarks/bench.py``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from wardlog import __version__
from wardlog.core import i18n
from wardlog.core.errors import WardLogError
from wardlog.core.i18n import _

APP_NAME = "WardLog"
QUIT_WHEN_SHOWN = "WARDLOG_QUIT_WHEN_SHOWN"


def create_application(argv: list[str] | None = None):
    """The QApplication with WardLog's name, version and fonts (reused when one already exists)."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from wardlog.core.resources import resource_path
    from wardlog.ui.fonts import install_fonts
    from wardlog.ui.qt_translations import install_translator

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("WardLog — Sổ tuyên truyền CCHC")
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setWindowIcon(QIcon(str(resource_path("icons", "wardlog.png"))))
    install_fonts(app)
    install_translator(app)
    return app


def install_error_hook() -> None:
    """An unexpected error is logged with its traceback and told in a sentence, never shown raw."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from wardlog.core.logs import log, log_path, start_logging

    def hook(kind, error, trace) -> None:
        from wardlog.core.failures import explain

        start_logging()  # at once, if the error came before the window was drawn

        explained = explain(error, _open_book_path())
        if explained is not None:  # a full, read-only, removed or locked disk: a sentence says it all
            log.warning("storage failure: %s", error)
            QMessageBox.warning(QApplication.activeWindow(), APP_NAME, explained.message)
            return
        log.error("unexpected error", exc_info=(kind, error, trace))
        QMessageBox.critical(
            QApplication.activeWindow(),
            APP_NAME,
            _("Something went wrong: {reason}").format(reason=error)
            + "\n\n"
            + _("What was saved before is safe. Details are in {path}.").format(path=log_path()),
        )

    sys.excepthook = hook


def _open_book_path() -> Path | None:
    """The book of the app's main window, to name it in messages about its disk."""
    from PySide6.QtWidgets import QApplication

    from wardlog.ui.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            return widget.session.book.path
    return None


def run(book_path: Path | None = None, *, exec_loop: bool = True, open_files: Sequence[Path] = ()) -> int:
    """Open the book (the default one when ``book_path`` is None) in the main window; offer to merge
    ``open_files`` (exchange files the desktop opened WardLog with) into it."""
    from PySide6.QtWidgets import QMessageBox

    from wardlog.core.book import Book
    from wardlog.core.paths import default_book_path
    from wardlog.ui.main_window import MainWindow
    from wardlog.ui.qt_translations import apply_locale
    from wardlog.ui.session import Session
    from wardlog.ui.single_instance import SingleInstance

    app = create_application()
    install_error_hook()
    path = book_path or default_book_path()
    guard = SingleInstance(path, app)
    if not guard.claim(open_files):
        return 0  # the window already open on this book was asked to come forward
    try:
        book = Book.open(path)
    except WardLogError as error:
        guard.release()
        QMessageBox.critical(None, APP_NAME, _("The book cannot be opened.") + "\n\n" + error.message)
        return 1
    from wardlog.core.holder import APP

    try:
        book.claim(APP)  # another WardLog (another user, another computer) may have it open
    except WardLogError as error:
        book.close()
        guard.release()
        QMessageBox.critical(None, APP_NAME, error.message)
        return 1
    i18n.set_language(book.settings.language)
    apply_locale()
    session = Session(book)
    if not book.settings.ward_code:
        from wardlog.ui.setup_wizard import run_first_setup

        if not run_first_setup(session, None):
            book.close()
            return 0
    window = MainWindow(session)
    checks: list = []  # SQLite's check of the whole file, beside the window once it is drawn
    after_first_paint(window, _start_log)
    after_first_paint(window, lambda: checks.append(_start_check(window, path)))
    guard.raise_requested.connect(window.bring_forward)
    window.destroyed.connect(guard.release)
    window.show()
    from PySide6.QtCore import QTimer

    from wardlog.ui.opened_files import offer_merge

    guard.files_opened.connect(lambda files: offer_merge(window, files))
    if open_files:
        QTimer.singleShot(0, lambda: offer_merge(window, list(open_files)))
    if os.environ.get(QUIT_WHEN_SHOWN) == "1":
        after_first_paint(window, lambda: (print("shown", flush=True), window.close()))
    if not exec_loop:
        return 0
    code = app.exec()
    for check in checks:
        check.stop()
    guard.release()
    book.close()
    return code


def _start_log() -> None:
    """The log file (its module brings sockets and pickling: not on the way to the window)."""
    from wardlog.core.logs import log, start_logging

    start_logging()
    log.info("wardlog %s app", __version__)


def _start_check(window, path: Path):
    from wardlog.ui.start_check import StartCheck

    check = StartCheck(path, window)
    window.destroyed.connect(check.stop)
    return check


def after_first_paint(window, callback: Callable[[], object]) -> None:
    """Call ``callback`` once the window's activity table has painted its rows: the window is drawn
    and usable, and work started then no longer competes with drawing it."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    viewport = window.activities_page.table.viewport()

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                viewport.removeEventFilter(self)
                QTimer.singleShot(0, callback)  # after this paint has been handled
            return False

    viewport.installEventFilter(FirstPaint(window))
