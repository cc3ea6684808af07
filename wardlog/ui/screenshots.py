"""``wardlog screenshot --out DIR``: each main screen of the app, with the book's own data, as PNG.

The README's pictures come from here, so they stay true to what the program shows. Rendering is
offscreen (no display needed) with the fonts WardLog ships.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

SIZE = (1280, 800)


def render_screens(book_path: Path, out_dir: Path) -> list[Path]:
    """Render every main screen of the book at ``book_path`` into ``out_dir``; returns the files."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QWidget

    from wardlog.core import i18n
    from wardlog.core.activities import ActivityQuery
    from wardlog.core.book import Book
    from wardlog.ui.activity_form import ActivityForm
    from wardlog.ui.app import create_application
    from wardlog.ui.catalog_editor import CatalogEditor
    from wardlog.ui.main_window import MainWindow
    from wardlog.ui.report_window import ReportWindow
    from wardlog.ui.session import Session
    from wardlog.ui.settings_dialog import SettingsDialog
    from wardlog.ui.setup_wizard import SetupWizard

    app = create_application()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    book = Book.open(book_path, create=False)
    i18n.set_language(book.settings.language)
    session = Session(book)

    def settle(widget: QWidget, wait_for: Callable[[], bool] | None = None) -> None:
        for _round in range(200):
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if wait_for is None or wait_for():
                break
            loop = QEventLoop()
            QTimer.singleShot(25, loop.quit)
            loop.exec()
        for _round in range(5):  # what the data brought: charts resized, layouts asked to run again
            QCoreApplication.sendPostedEvents()
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        widget.repaint()

    def save(widget: QWidget, name: str, wait_for: Callable[[], bool] | None = None) -> None:
        settle(widget, wait_for)
        path = out_dir / name
        if not widget.grab().save(str(path)):
            raise OSError(f"cannot write {path}")
        written.append(path)

    window = MainWindow(session)
    window.resize(*SIZE)
    window.show()
    save(window, "01-hoat-dong.png", lambda: window.activities_page.totals_shown)
    window.show_overview_action.trigger()
    save(
        window,
        "02-tong-quan.png",
        lambda: not window.overview_page.busy and window.overview_page.figures is not None,
    )

    latest = next(iter(book.activities.iterate(ActivityQuery(order="-date", limit=1))), None)
    form = ActivityForm(session, latest, window)
    form.show()
    save(form, "03-hoat-dong-chi-tiet.png")
    form.close()

    editor = CatalogEditor(session, window)
    editor.show()
    save(editor, "04-danh-muc.png")
    editor.close()

    settings = SettingsDialog(session, window)
    settings.show()
    save(settings, "05-cai-dat.png")
    settings.close()

    wizard = SetupWizard(session, window)
    wizard.show()
    wizard.next()
    save(wizard, "06-thiet-lap-lan-dau.png")
    wizard.close()

    report = ReportWindow(session, window)  # the current six months, its preview made in the worker
    report.resize(*SIZE)
    report.show()
    save(report, "07-bao-cao.png", lambda: report.preview.page_count > 0)
    report.close()

    window.close()
    book.close()
    del app
    return written
