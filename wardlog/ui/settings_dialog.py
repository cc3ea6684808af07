"""The book's settings, editable: the sections shared with the first-run wizard, and the Settings dialog.

Each section (language, ward, heading, signing, periods) is a widget that loads from
:class:`~wardlog.core.settings.BookSettings`, hands back its values, shows the core's messages next to its
fields and re-translates itself. :class:`SettingsForm` holds one of each and wires them together (choosing
a ward suggests the unit name, place and recipient); the wizard lays the sections out as pages, the dialog
as tabs. :func:`save_settings` is the one way both write: the core validates, one transaction, one notice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from html import escape

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.book import Book
from wardlog.core.errors import Issue, ValidationError
from wardlog.core.i18n import LANGUAGES, N_, _, current_language, set_language
from wardlog.core.identity import identity_issues, place_from_unit_name, set_identity
from wardlog.core.periods import Convention, PeriodKind, named
from wardlog.core.settings import BookSettings
from wardlog.core.text import clean
from wardlog.core.units import Ward, load_units
from wardlog.ui.session import SETTINGS, Session
from wardlog.ui.ward_picker import WardPicker

# Written through set_identity (which validates them); the others through book.update_settings.
IDENTITY_FIELDS = ("ward_code", "unit_name", "place", "province", "convention", "language")
ERROR_STYLE = "color: #b3261e;"
PREVIEW_STYLE = (
    "QLabel { background: white; color: black; border: 1px solid #b8b8b8; padding: 8px; font-size: 9pt; }"
)
# The example period under each convention: the first six months of this year.
EXAMPLE_YEAR = date.today().year


def suggested_recipient(province_name: str) -> str:
    """“Thành phố Hà Nội” → “Sở Nội vụ thành phố Hà Nội”: the usual recipient of a ward's CCHC report."""
    if not province_name:
        return ""
    return "Sở Nội vụ " + province_name[:1].lower() + province_name[1:]


def caption_words(caption: str) -> str:
    """“Signer's na&me:” → “Signer's name”: a caption as an accessible name."""
    return caption.replace("&", "").strip().rstrip(":").strip()


def short_date(day: date) -> str:
    """dd/mm/yyyy, whatever the language (the app's way of showing a date)."""
    return day.strftime("%d/%m/%Y")


def convention_example(convention: Convention | str) -> str:
    """“Example, first 6 months of 2026: 15/12/2025 – 14/06/2026” under ``convention``."""
    period = named(PeriodKind.HALF, EXAMPLE_YEAR, 1, Convention(convention))
    return _("Example, {period}: {start} – {end}").format(
        period=period.label, start=short_date(period.start), end=short_date(period.end)
    )


# --- previews of the document (Vietnamese: they show the document, whatever the program's language) -----


def heading_html(values: dict[str, str]) -> str:
    """The agency, the number and the date line as the report prints them (Decree 30/2020, Appendix I)."""
    place = values.get("place") or place_from_unit_name(values.get("unit_name", ""))
    number = f"<br>Số: …/{escape(values['document_code'])}" if values.get("document_code") else ""
    return (
        "<table width='100%' cellspacing='0'><tr>"
        f"<td width='38%' align='center'><b>{escape(values.get('issuer', '').upper())}<br>"
        f"{escape(values.get('unit_name', '').upper())}</b>{number}</td>"
        "<td align='center' nowrap><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b>"
        f"<br><i>{escape(place)}, ngày … tháng … năm …</i></td>"
        "</tr></table>"
    )


def signing_html(values: dict[str, str]) -> str:
    """The recipient and the signature block as the report prints them."""
    lines = [values.get(key, "").upper() for key in ("sign_on_behalf", "sign_authority", "signer_title")]
    block = "<br>".join(escape(line) for line in lines if line)
    name = escape(values.get("signer_name", "")) or "…"
    return (
        f"<p align='center'>Kính gửi: {escape(values.get('recipient', ''))}.</p>"
        "<p align='center' style='color:#888'>[…]</p>"
        "<table width='100%' cellspacing='0'><tr><td width='45%'></td>"
        f"<td align='center'><b>{block}</b><br><br><b>{name}</b></td></tr></table>"
    )


def document_html(values: dict[str, str]) -> str:
    """Heading, title and signature together: the first page of a report in miniature."""
    return heading_html(values) + "<p align='center'><b>BÁO CÁO</b></p>" + signing_html(values)


class DocumentPreview(QWidget):
    """“On the document:” and a white page showing how the values will be printed."""

    def __init__(self, render: Callable[[dict[str, str]], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._render = render
        self.caption = QLabel()
        self.page = QLabel()
        self.page.setTextFormat(Qt.TextFormat.RichText)
        self.page.setWordWrap(True)
        self.page.setStyleSheet(PREVIEW_STYLE)
        self.page.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.page)
        self.retranslate()

    def set_values(self, values: dict[str, str]) -> None:
        self.page.setText(self._render(values))

    def retranslate(self) -> None:
        self.caption.setText(_("On the document:"))


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class FieldMessage(QLabel):
    """The core's message under a field: wraps at the field's width instead of reserving two lines.

    A word-wrapped QLabel asks a form layout for the height of a narrow guess at its width; this one
    measures itself at the width of the field above it.
    """

    def __init__(self, field: QWidget) -> None:
        super().__init__()
        self._field = field
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = self._field.width()
        if width > 0:
            hint.setHeight(self.heightForWidth(width))
        return hint


# --- sections ----------------------------------------------------------------------------------------


class Section(QWidget):
    """A group of settings: loads, gives back values, shows the core's messages, re-translates.

    Texts are registered once with their English source (:meth:`_translated`), so :meth:`retranslate`
    can set them again in whatever language is current.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts: list[tuple[Callable[[str], object], str]] = []
        self._editors: dict[str, QLineEdit] = {}
        self._errors: dict[str, QLabel] = {}
        self._suggested: dict[str, str] = {}
        self._captions: list[QLabel] = []
        self._forms: dict[str, QFormLayout] = {}

    @property
    def fields(self) -> tuple[str, ...]:
        """The settings this section edits (and whose messages it shows)."""
        return tuple(self._errors)

    def load(self, settings: BookSettings) -> None:
        """Show the values of ``settings``."""
        for field, editor in self._editors.items():
            editor.setText(str(getattr(settings, field)))

    def values(self) -> dict[str, str]:
        """The values as typed (the core cleans and checks them)."""
        return {field: editor.text() for field, editor in self._editors.items()}

    def show_issue(self, field: str, message: str) -> bool:
        """Show ``message`` next to ``field`` (empty: clear it); ``False`` if the field is not here."""
        error = self._errors.get(field)
        if error is None:
            return False
        error.setText(message)
        form = self._forms.get(field)
        if form is not None:
            form.setRowVisible(error, bool(message))
        else:
            error.setVisible(bool(message))
        editor = self._editors.get(field)
        if editor is not None:
            editor.setAccessibleDescription(message)
        return True

    def clear_issues(self) -> None:
        for field in self._errors:
            self.show_issue(field, "")

    def focus_field(self, field: str) -> None:
        editor = self._editors.get(field)
        (editor or self).setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        """Set every registered text again in the current language."""
        for setter, source in self._texts:
            setter(_(source))

    def suggest(self, field: str, value: str) -> None:
        """Fill ``field`` with ``value`` unless the user typed something of their own there."""
        editor = self._editors[field]
        if editor.text() in ("", self._suggested.get(field)):
            editor.setText(value)
        self._suggested[field] = value

    def captions(self) -> list[QLabel]:
        """The captions of the line edits, so a dialog can line up several sections."""
        return self._captions

    def _translated(self, setter: Callable[[str], object], source: str) -> None:
        self._texts.append((setter, source))
        setter(_(source))

    def _line_edit(self, form: QFormLayout, field: str, caption: str, placeholder: str = "") -> QLineEdit:
        """A captioned line edit with its error line under it, added to ``form``."""
        editor = QLineEdit()
        editor.setObjectName(field)
        label = QLabel()
        label.setBuddy(editor)
        form.addRow(label, editor)
        # The message goes on a row of its own under the field, shown only while there is one.
        error = FieldMessage(editor)
        form.addRow("", error)
        form.setRowVisible(error, False)
        self._forms[field] = form
        self._captions.append(label)
        self._translated(label.setText, caption)
        self._translated(lambda text: editor.setAccessibleName(caption_words(text)), caption)
        if placeholder:
            self._translated(editor.setPlaceholderText, placeholder)
        editor.textChanged.connect(self.edited)
        editor.textEdited.connect(lambda _text: self.show_issue(field, ""))
        self._editors[field] = editor
        self._errors[field] = error
        return editor

    def _choices(self, field: str, options: list[tuple[str, QRadioButton]], group: QButtonGroup) -> QLabel:
        """Register radio buttons whose object names are the values of ``field``; returns its error line."""
        for value, button in options:
            button.setObjectName(value)
            group.addButton(button)
        group.buttonToggled.connect(lambda _button, checked: checked and self.edited.emit())
        self._errors[field] = _error_label()
        return self._errors[field]


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return form


class LanguageSection(Section):
    """Tiếng Việt or English: the language of the program's texts and messages."""

    language_chosen = Signal(str)  # a key of LANGUAGES, when the user picks it

    def __init__(self, *, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self.buttons = {code: QRadioButton(name) for code, name in LANGUAGES.items()}
        caption = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        for button in self.buttons.values():
            layout.addWidget(button)
        error = self._choices("language", list(self.buttons.items()), self._group)
        layout.addWidget(error)
        self._translated(caption.setText, N_("Language of the program and its messages:"))
        if note:
            note_label = QLabel()
            note_label.setWordWrap(True)
            layout.addSpacing(8)
            layout.addWidget(note_label)
            self._translated(note_label.setText, note)
        layout.addStretch(1)
        self._group.buttonToggled.connect(self._toggled)

    def load(self, settings: BookSettings) -> None:
        self.choose(settings.language)

    def choose(self, language: str) -> None:
        """Show ``language`` as chosen without emitting :attr:`language_chosen`."""
        button = self.buttons.get(language)
        if button is not None:
            self._group.blockSignals(True)
            button.setChecked(True)
            self._group.blockSignals(False)

    def values(self) -> dict[str, str]:
        checked = self._group.checkedButton()
        return {"language": checked.objectName() if checked else current_language()}

    def focus_field(self, field: str) -> None:
        (self._group.checkedButton() or self).setFocus(Qt.FocusReason.OtherFocusReason)

    def _toggled(self, button: QRadioButton, checked: bool) -> None:
        if checked:
            self.language_chosen.emit(button.objectName())


class WardSection(Section):
    """The ward, chosen from the official list (:class:`WardPicker`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = WardPicker()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker)
        self._errors = {"ward_code": self.picker.error_label, "province": self.picker.error_label}
        self._stored = {"ward_code": "", "province": ""}
        self.picker.ward_chosen.connect(self.edited)

    def load(self, settings: BookSettings) -> None:
        # A code missing from the shipped list (accepted by the core with a note) is kept as it is.
        self._stored = {"ward_code": settings.ward_code, "province": settings.province}
        self.picker.set_ward(load_units().ward(settings.ward_code))

    def values(self) -> dict[str, str]:
        ward = self.picker.ward
        if ward is None:
            return dict(self._stored)
        return {"ward_code": ward.code, "province": ward.province_name}

    def show_issue(self, field: str, message: str) -> bool:
        if field not in self._errors:
            return False
        self.picker.show_error(message)
        return True

    def focus_field(self, field: str) -> None:
        self.picker.search_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        self.picker.retranslate()


class DocumentSection(Section):
    """Fields printed on the report, over a preview of how they print (kept up to date)."""

    def __init__(self, render: Callable[[dict[str, str]], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = _form()
        self.preview = DocumentPreview(render)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.preview)
        layout.addStretch(1)
        self.edited.connect(lambda: self.preview.set_values(self.values()))

    def load(self, settings: BookSettings) -> None:
        super().load(settings)
        self.preview.set_values(self.values())

    def retranslate(self) -> None:
        super().retranslate()
        self.preview.retranslate()


class HeadingSection(DocumentSection):
    """How the unit heads its documents: its name, the issuing body above it, the place of the date line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(heading_html, parent)
        form = self.form
        self._line_edit(form, "unit_name", N_("&Unit name:"), N_("e.g. Phường Hà Đông"))
        self._line_edit(form, "issuer", N_("&Issuing body:"), N_("e.g. Ủy ban nhân dân"))
        self._line_edit(form, "place", N_("P&lace on the date line:"), N_("Empty: taken from the unit name"))
        self.preview.set_values(self.values())

    def suggest_from(self, ward: Ward) -> None:
        self.suggest("unit_name", ward.name)
        self.suggest("place", ward.short_name)

    def remember(self, ward: Ward | None) -> None:
        """Treat the names derived from ``ward`` as suggestions, so a new ward replaces them."""
        if ward is not None:
            self._suggested.update(unit_name=ward.name, place=ward.short_name)


class SigningSection(DocumentSection):
    """How the report is addressed and signed, and its number's type code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(signing_html, parent)
        form = self.form
        self._line_edit(form, "recipient", N_("Sent &to (Kính gửi):"), N_("e.g. Sở Nội vụ thành phố Hà Nội"))
        self._line_edit(form, "sign_on_behalf", N_("Signature line &1:"), N_("e.g. TM. Ủy ban nhân dân"))
        self._line_edit(
            form,
            "sign_authority",
            N_("Signature line &2:"),
            N_("e.g. KT. Chủ tịch; empty if the Chairman signs"),
        )
        self._line_edit(form, "signer_title", N_("Signer's titl&e:"), N_("e.g. Phó Chủ tịch"))
        self._line_edit(form, "signer_name", N_("Signer's na&me:"), N_("e.g. Nguyễn Văn An"))
        self._line_edit(form, "document_code", N_("Document &code:"), N_("e.g. BC-UBND (Số: 05/BC-UBND)"))
        self.preview.set_values(self.values())

    def suggest_from(self, ward: Ward) -> None:
        self.suggest("recipient", suggested_recipient(ward.province_name))

    def remember(self, ward: Ward | None) -> None:
        if ward is not None:
            self._suggested["recipient"] = suggested_recipient(ward.province_name)


class PeriodSection(Section):
    """Which dates a report period covers: Decree 09's cut-off (default) or calendar months."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._group = QButtonGroup(self)
        self.buttons = {Convention.CUTOFF.value: QRadioButton(), Convention.CALENDAR.value: QRadioButton()}
        self._examples: dict[str, QLabel] = {}
        texts = {
            Convention.CUTOFF.value: (
                N_("&Cut-off dates (Decree 09/2019/NĐ-CP), the usual rule"),
                N_(
                    "A period's figures run from the 15th of the month before it to the 14th of its "
                    "last month, so there is time to write and send the report."
                ),
            ),
            Convention.CALENDAR.value: (
                N_("Ca&lendar dates, if your province asks for them"),
                N_("A period's figures run from the first to the last day of its months."),
            ),
        }
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for value, button in self.buttons.items():
            caption, explanation = texts[value]
            text = QLabel()
            text.setWordWrap(True)
            example = QLabel()
            example.setStyleSheet("font-weight: bold;")
            details = QVBoxLayout()
            details.setContentsMargins(26, 0, 0, 10)
            details.addWidget(text)
            details.addWidget(example)
            layout.addWidget(button)
            layout.addLayout(details)
            self._translated(button.setText, caption)
            self._translated(text.setText, explanation)
            self._examples[value] = example
        layout.addWidget(self._choices("convention", list(self.buttons.items()), self._group))
        layout.addStretch(1)
        self._show_examples()

    def load(self, settings: BookSettings) -> None:
        self.buttons.get(settings.convention, self.buttons[Convention.CUTOFF.value]).setChecked(True)

    def values(self) -> dict[str, str]:
        checked = self._group.checkedButton()
        return {"convention": checked.objectName() if checked else Convention.CUTOFF.value}

    def focus_field(self, field: str) -> None:
        (self._group.checkedButton() or self).setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        super().retranslate()
        self._show_examples()

    def _show_examples(self) -> None:
        for value, label in self._examples.items():
            label.setText(convention_example(value))


# --- the form: every section, wired -------------------------------------------------------------------


class SettingsForm(QObject):
    """One editor of each section, wired together; laid out by the wizard or the dialog."""

    edited = Signal()

    def __init__(self, parent: QObject | None = None, *, language_note: str = "") -> None:
        super().__init__(parent)
        self.language = LanguageSection(note=language_note)
        self.ward = WardSection()
        self.heading = HeadingSection()
        self.signing = SigningSection()
        self.periods = PeriodSection()
        for section in self.sections:
            section.edited.connect(self.edited)
        self.ward.picker.ward_chosen.connect(self._ward_chosen)

    @property
    def sections(self) -> tuple[Section, ...]:
        return (self.language, self.ward, self.heading, self.signing, self.periods)

    def load(self, settings: BookSettings) -> None:
        for section in self.sections:
            section.load(settings)
        ward = self.ward.picker.ward
        self.heading.remember(ward)
        self.signing.remember(ward)

    def values(self) -> dict[str, str]:
        """Every setting as the user has it now."""
        result: dict[str, str] = {}
        for section in self.sections:
            result.update(section.values())
        return result

    def section_of(self, field: str) -> Section | None:
        return next((section for section in self.sections if field in section.fields), None)

    def show_issues(self, issues: list[Issue]) -> list[Issue]:
        """Show each issue next to its field; returns those no section shows."""
        left = []
        for issue in issues:
            section = self.section_of(issue.field)
            if section is None or not section.show_issue(issue.field, issue.message):
                left.append(issue)
        return left

    def clear_issues(self) -> None:
        for section in self.sections:
            section.clear_issues()

    def retranslate(self) -> None:
        for section in self.sections:
            section.retranslate()

    def _ward_chosen(self, ward: Ward) -> None:
        self.heading.suggest_from(ward)
        self.signing.suggest_from(ward)


# --- writing -----------------------------------------------------------------------------------------


def check_identity(book: Book, values: dict[str, str]) -> list[Issue]:
    """The core's objections to the identity part of ``values`` (the book is not touched)."""
    del book  # the rules do not depend on the book's content
    identity = {key: values[key] for key in IDENTITY_FIELDS if key in values}
    return identity_issues(**identity)  # type: ignore[arg-type]


def save_settings(session: Session, values: dict[str, str]) -> bool:
    """Write ``values`` in one transaction (the core validates); returns whether anything changed.

    Raises :class:`ValidationError` with nothing written. A change of language takes effect at once.
    """
    book = session.book
    before = book.settings
    known = {field.name for field in fields(BookSettings)}
    identity = {key: values.get(key, str(getattr(before, key))) for key in IDENTITY_FIELDS}
    others = {
        key: clean(value) for key, value in values.items() if key in known and key not in IDENTITY_FIELDS
    }
    with book.atomic():
        # Notes from set_identity only concern a code missing from the shipped list, which the picker
        # cannot produce: such a code can only be the one already in the book, accepted when it was set.
        set_identity(book, **identity)  # type: ignore[arg-type]
        if others:
            book.update_settings(**others)
        after = book.settings
    if after == before:
        return False
    if after.language != before.language:
        set_language(after.language)
    session.notify(SETTINGS)
    return True


def align_captions(*sections: Section) -> None:
    """Give the captions of ``sections`` one width, so stacked forms line up."""
    labels = [label for section in sections for label in section.captions()]
    for label in labels:
        label.setMinimumWidth(0)
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


# --- the dialog --------------------------------------------------------------------------------------

TABS = (N_("&Ward"), N_("&Document"), N_("&Periods"), N_("Lan&guage"))


class SettingsDialog(QDialog):
    """The book's settings in tabs — Ward, Document, Periods, Language — with OK, Cancel and Apply."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.form = SettingsForm(
            self,
            language_note=N_(
                "The new language is used as soon as you press OK or Apply. Windows that are already "
                "open switch when you open them again."
            ),
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self._page(self.form.ward), "")
        self.tabs.addTab(self._document_page(), "")
        self.tabs.addTab(self._page(self.form.periods), "")
        self.tabs.addTab(self._page(self.form.language), "")
        self._pages: dict[Section, int] = {
            self.form.ward: 0,
            self.form.heading: 1,
            self.form.signing: 1,
            self.form.periods: 2,
            self.form.language: 3,
        }
        self.message = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        self.form.load(session.book.settings)
        self._saved = self.form.values()
        self.form.edited.connect(self._update_buttons)
        self.retranslate()
        self._update_buttons()
        self.resize(1000, 560)  # fits a 1024×600 screen with its title bar

    @property
    def apply_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Apply)

    def retranslate(self) -> None:
        """Set every text of the dialog in the current language."""
        self.setWindowTitle(_("Settings of the book"))
        for index, source in enumerate(TABS):
            self.tabs.setTabText(index, _(source))
        self._heading_box.setTitle(_("Heading of documents"))
        self._signing_box.setTitle(_("Addressing and signing"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.apply_button.setText(_("&Apply"))
        self.form.retranslate()
        self.preview.retranslate()
        self.preview.set_values(self.form.values())
        align_captions(self.form.heading, self.form.signing)

    def apply(self) -> bool:
        """Write the settings; on refusal show why next to the fields and keep what was typed."""
        self.form.clear_issues()
        self.message.hide()
        language = current_language()
        try:
            save_settings(self.session, self.form.values())
        except ValidationError as error:
            self._show_issues(error.issues)
            return False
        self._saved = self.form.values()
        if current_language() != language:
            self.retranslate()
        self._update_buttons()
        return True

    def accept(self) -> None:
        if self.apply():
            super().accept()

    def _show_issues(self, issues: list[Issue]) -> None:
        left = self.form.show_issues(issues)
        if left:
            self.message.setText("\n".join(issue.describe() for issue in left))
            self.message.show()
        first = next((self.form.section_of(issue.field) for issue in issues), None)
        if first is not None:
            self.tabs.setCurrentIndex(self._pages[first])
            first.focus_field(issues[0].field)

    def _update_buttons(self) -> None:
        self.apply_button.setEnabled(self.form.values() != self._saved)

    def _document_page(self) -> QWidget:
        """Heading and signing fields on the left, the page as it will print on the right."""
        self._heading_box = QGroupBox()
        QVBoxLayout(self._heading_box).addWidget(self.form.heading)
        self._signing_box = QGroupBox()
        QVBoxLayout(self._signing_box).addWidget(self.form.signing)
        for section in (self.form.heading, self.form.signing):
            section.preview.hide()  # one preview of the whole page instead
        self.preview = DocumentPreview(document_html)
        self.preview.setMinimumWidth(400)
        self.form.edited.connect(lambda: self.preview.set_values(self.form.values()))
        fields_column = QVBoxLayout()
        fields_column.addWidget(self._heading_box)
        fields_column.addWidget(self._signing_box)
        fields_column.addStretch(1)
        preview_column = QVBoxLayout()
        preview_column.addWidget(self.preview)
        preview_column.addStretch(1)
        page = QWidget()
        row = QHBoxLayout(page)
        row.addLayout(fields_column, 1)
        row.addLayout(preview_column, 1)
        return page

    @staticmethod
    def _page(section: Section) -> QWidget:
        page = QWidget()
        QVBoxLayout(page).addWidget(section)
        return page


def edit_settings(session: Session, parent: QWidget | None = None) -> bool:
    """Show the Settings dialog; ``True`` if the user closed it with OK."""
    return SettingsDialog(session, parent).exec() == QDialog.DialogCode.Accepted
