"""Tools › Check the book…: the full check as a Task, its findings in plain words, and the safe repair.

A sound book gets a short note. Otherwise a window lists what is wrong and offers to repair what is
safe to repair (a copy of the book is made first); afterwards it says what was repaired and what, if
anything, is still wrong, and every view shows the repaired book.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.checks import check_book
from wardlog.core.errors import WardLogError
from wardlog.core.i18n import _, format_number
from wardlog.core.repair import RepairResult, repair_book
from wardlog.ui.session import Session


def run_check(session: Session, parent: QWidget) -> CheckDialog | None:
    """Check the book; say it is sound, or open the findings window (returned, already closed)."""
    from wardlog.ui.tasks import Task

    task = Task(
        parent, session.book.path, lambda book, _progress: check_book(book), label=_("Checking the book…")
    )
    try:
        findings = task.run()
    except WardLogError as error:
        QMessageBox.warning(parent, _("Check the book"), error.message)
        return None
    if not findings:
        QMessageBox.information(
            parent,
            _("Check the book"),
            _(
                "The book is sound ({n} activities): its file, its records and its search index were all "
                "checked."
            ).format(n=format_number(session.book.activities.count())),
        )
        return None
    dialog = CheckDialog(session, findings, parent)
    dialog.exec()
    return dialog


class CheckDialog(QDialog):
    """What the check found, and the repair."""

    def __init__(self, session: Session, findings: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.findings = findings
        self.result: RepairResult | None = None
        self.setWindowTitle(_("Check the book"))
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.repair_button = QPushButton(_("&Repair"))
        self.buttons.addButton(self.repair_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.repair_button.clicked.connect(self.repair)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.advice)
        layout.addWidget(self.buttons)
        self.resize(720, 420)
        self._show_findings()

    def _show_findings(self) -> None:
        self.heading.setText(_("The check found these problems in the book:"))
        self.text.setHtml(_bullets(self.findings))
        self.advice.setText(
            _(
                "WardLog can repair what is safe to repair: rebuild the search index and damaged indexes, "
                "put text into the standard Unicode form, remove records left behind by deleted activities "
                "and bring back missing catalog entries. A copy of the book as it is now is made first."
            )
        )
        self.repair_button.setDefault(True)

    def repair(self) -> None:
        from wardlog.ui.tasks import Task

        task = Task(
            self,
            self.session.book.path,
            lambda book, progress: repair_book(book, progress=progress),
            label=_("Repairing the book…"),
        )
        try:
            result = task.run()
        except WardLogError as error:
            QMessageBox.warning(self, _("The book was not repaired"), error.message)
            return
        self.result = result
        self.session.reload()
        self._show_result(result)

    def _show_result(self, result: RepairResult) -> None:
        parts = []
        if result.repaired:
            parts.append(f"<p><b>{escape(_('Repaired:'))}</b></p>" + _bullets(result.repaired))
        if result.remaining:
            parts.append(f"<p><b>{escape(_('Still wrong:'))}</b></p>" + _bullets(result.remaining))
        self.text.setHtml("".join(parts))
        if result.remaining:
            self.heading.setText(_("Some problems could not be repaired."))
        else:
            self.heading.setText(
                _("The book is sound again ({n} activities).").format(
                    n=format_number(self.session.book.activities.count())
                )
            )
        self.advice.setText(
            _("A copy of the book as it was before the repair is kept in {path}.").format(path=result.backup)
            if result.backup
            else ""
        )
        self.repair_button.hide()
        self.close_button.setDefault(True)


def _bullets(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"
