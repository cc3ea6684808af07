"""The details of one period's report that a person decides: number, date, addressees, signature
lines and where copies go. The narrative is :mod:`wardlog.ui.report_narrative`'s.

The fields are filled with what the report will print: the values saved for the period, and for
anything not saved, the book's settings (and today's date). A field emptied here falls back to the
settings again when the report is made; the four signature lines go together (see
:meth:`ReportDetails.resolved`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.errors import Issue
from wardlog.core.i18n import _
from wardlog.core.reports import MAX_LINE, ReportDetails
from wardlog.core.settings import BookSettings

ERROR_COLOR = "#a50e0e"
LINE_FIELDS = ("number", "sign_on_behalf", "sign_authority", "signer_title", "signer_name")
TEXT_FIELDS = ("recipient", "copies_to")
FIELD_ORDER = ("number", "issued_on", "recipient", "copies_to", *LINE_FIELDS[1:])  # as on the screen


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def lines_edit(lines: int, name: str) -> QPlainTextEdit:
    """A small multi-line input in which Tab moves on (a report's lists never hold tabs)."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setAccessibleName(name)
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    height = edit.fontMetrics().lineSpacing() * lines + 2 * edit.frameWidth() + 8
    edit.setFixedHeight(height)
    return edit


class DetailsForm(QWidget):
    """Number, date, recipients, signature lines and copies of one report."""

    changed = Signal()
    fill_requested = Signal()  # the user asked to fill the fields from the book's settings again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(f'QLabel[role="error"] {{ color: {ERROR_COLOR}; }}')
        self._errors: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}

        self.number_edit = QLineEdit()
        self.number_edit.setMaxLength(MAX_LINE)
        self.number_edit.setPlaceholderText(_("e.g. 05"))
        self.number_edit.setToolTip(_("The number in “No.: 05/BC-UBND”; left empty, it is written by hand"))
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setDateRange(QDate(2000, 1, 1), QDate(2100, 12, 31))
        self.recipient_edit = lines_edit(3, _("Recipients (To:)"))
        self.recipient_edit.setPlaceholderText(_("One recipient a line"))
        self.on_behalf_edit = QLineEdit()
        self.authority_edit = QLineEdit()
        self.authority_edit.setPlaceholderText(_("Empty when the chairman signs"))
        self.title_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.copies_edit = lines_edit(4, _("Copies to"))
        self.copies_edit.setPlaceholderText(_("One a line, e.g. Archive: VT."))
        for edit in (self.on_behalf_edit, self.authority_edit, self.title_edit, self.name_edit):
            edit.setMaxLength(MAX_LINE)

        intro = QLabel(
            _(
                "Filled in with what the report will print: what was saved for this period, else the "
                "book's settings. Changes here apply to this report only; a field left empty takes the "
                "settings' value."
            )
        )
        intro.setWordWrap(True)

        document = QGroupBox(_("Document"))
        form = self._form(document)
        self._row(form, "number", _("Document n&umber:"), self.number_edit)
        self._row(form, "issued_on", _("Da&te:"), self.date_edit)
        self._row(form, "recipient", _("T&o:"), self.recipient_edit)
        self._row(form, "copies_to", _("&Copies to:"), self.copies_edit)

        signature = QGroupBox(_("Signature"))
        form = self._form(signature)
        self._row(form, "sign_on_behalf", _("On &behalf of:"), self.on_behalf_edit)
        self._row(form, "sign_authority", _("Signing &authority:"), self.authority_edit)
        self._row(form, "signer_title", _("Signer's t&itle:"), self.title_edit)
        self._row(form, "signer_name", _("Signer's na&me:"), self.name_edit)

        self.fill_button = QPushButton(_("&Fill in from the settings"))
        self.fill_button.setToolTip(
            _("Put the recipient, signature lines and copies from the book's settings back in these fields")
        )
        self.fill_button.clicked.connect(self.fill_requested)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(document)
        layout.addWidget(signature)
        layout.addWidget(self.fill_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        chain = [self._inputs[name] for name in FIELD_ORDER] + [self.fill_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

        for edit in (
            self.number_edit,
            self.on_behalf_edit,
            self.authority_edit,
            self.title_edit,
            self.name_edit,
        ):
            edit.textChanged.connect(self.changed)
        for text_edit in (self.recipient_edit, self.copies_edit):
            text_edit.textChanged.connect(self.changed)
        self.date_edit.dateChanged.connect(self.changed)

    # --- values --------------------------------------------------------------------------------

    def details(self) -> ReportDetails:
        """What the fields say (no narrative)."""
        return ReportDetails(
            number=self.number_edit.text(),
            issued_on=pydate(self.date_edit.date()),
            recipient=self.recipient_edit.toPlainText(),
            sign_on_behalf=self.on_behalf_edit.text(),
            sign_authority=self.authority_edit.text(),
            signer_title=self.title_edit.text(),
            signer_name=self.name_edit.text(),
            copies_to=self.copies_edit.toPlainText(),
        )

    def set_details(self, details: ReportDetails) -> None:
        """Show ``details`` (already resolved: every choice made); only changed fields are touched."""
        _set_line(self.number_edit, details.number)
        if details.issued_on is not None and pydate(self.date_edit.date()) != details.issued_on:
            self.date_edit.setDate(qdate(details.issued_on))
        _set_text(self.recipient_edit, details.recipient)
        _set_line(self.on_behalf_edit, details.sign_on_behalf)
        _set_line(self.authority_edit, details.sign_authority)
        _set_line(self.title_edit, details.signer_title)
        _set_line(self.name_edit, details.signer_name)
        _set_text(self.copies_edit, details.copies_to)

    def fill_from(self, settings: BookSettings) -> None:
        """The recipient, signature lines and copies of the book's settings (undoable in each field)."""
        filled = replace(
            self.details(),
            recipient="",
            sign_on_behalf="",
            sign_authority="",
            signer_title="",
            signer_name="",
            copies_to="",
        ).resolved(settings, pydate(self.date_edit.date()))
        for edit, value in (
            (self.on_behalf_edit, filled.sign_on_behalf),
            (self.authority_edit, filled.sign_authority),
            (self.title_edit, filled.signer_title),
            (self.name_edit, filled.signer_name),
        ):
            if edit.text() != value:
                edit.selectAll()
                edit.insert(value)
        for text_edit, value in (
            (self.recipient_edit, filled.recipient),
            (self.copies_edit, filled.copies_to),
        ):
            if text_edit.toPlainText() != value:
                cursor = text_edit.textCursor()
                cursor.select(cursor.SelectionType.Document)
                cursor.insertText(value)

    def set_fallbacks(self, settings: BookSettings) -> None:
        """Placeholders saying what an emptied recipient field falls back to."""
        if settings.recipient:
            self.recipient_edit.setPlaceholderText(
                _("Empty: {value}").format(value=settings.recipient.replace("\n", "; "))
            )

    # --- messages ------------------------------------------------------------------------------

    def show_issues(self, issues: list[Issue]) -> list[Issue]:
        """Each issue under its field; returns the issues that are not about these fields."""
        by_field: dict[str, list[str]] = {}
        rest = []
        for issue in issues:
            if issue.field in self._errors:
                by_field.setdefault(issue.field, []).append(issue.message)
            else:
                rest.append(issue)
        for name, label in self._errors.items():
            message = "\n".join(dict.fromkeys(by_field.get(name, [])))
            label.setText(message)
            label.setVisible(bool(message))
            self._inputs[name].setAccessibleDescription(message)
        for name in FIELD_ORDER:
            if name in by_field:
                self._inputs[name].setFocus(Qt.FocusReason.OtherFocusReason)
                break
        return rest

    def clear_issues(self) -> None:
        self.show_issues([])

    def issue_text(self, name: str) -> str:
        """The message shown under field ``name``; empty when none is."""
        label = self._errors[name]
        return "" if label.isHidden() else label.text()

    # --- layout --------------------------------------------------------------------------------

    def _form(self, box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _row(self, form: QFormLayout, name: str, caption: str, widget: QWidget) -> None:
        label = QLabel(caption)
        label.setBuddy(widget)
        error = QLabel()
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.hide()
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(error)
        if not widget.accessibleName():
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
        form.addRow(label, holder)
        self._errors[name] = error
        self._inputs[name] = widget


def _set_line(edit: QLineEdit, value: str) -> None:
    if edit.text() != value:
        edit.setText(value)


def _set_text(edit: QPlainTextEdit, value: str) -> None:
    if edit.toPlainText() != value:
        edit.setPlainText(value)


__all__ = ["DetailsForm", "pydate", "qdate"]
