"""The first run: a wizard that tells a new book which ward it belongs to and how its documents look.

Pages: welcome and language — the ward — the unit on documents — addressing and signing — report
periods — summary. The editors are the sections of :mod:`wardlog.ui.settings_dialog`, the same ones the
Settings dialog shows later. Nothing is written until Finish, which writes everything in one transaction
through :func:`~wardlog.ui.settings_dialog.save_settings`; Cancel leaves the book (and the language)
as they were.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from wardlog.core.errors import Issue, ValidationError
from wardlog.core.i18n import LANGUAGES, N_, _, current_language, set_language
from wardlog.core.units import load_units
from wardlog.ui.session import Session
from wardlog.ui.settings_dialog import (
    ERROR_STYLE,
    DocumentPreview,
    Section,
    SettingsForm,
    check_identity,
    convention_example,
    document_html,
    save_settings,
)

BUTTONS = (
    (QWizard.WizardButton.BackButton, N_("< &Back")),
    (QWizard.WizardButton.NextButton, N_("&Next >")),
    (QWizard.WizardButton.FinishButton, N_("&Finish")),
    (QWizard.WizardButton.CancelButton, N_("Cancel")),
)


class SetupPage(QWizardPage):
    """A page showing some sections of the wizard's form, with a title and subtitle to translate."""

    def __init__(self, title: str, subtitle: str, sections: tuple[Section, ...] = ()) -> None:
        super().__init__()
        self._title = title
        self._subtitle = subtitle
        self.sections = sections
        self.body = QVBoxLayout(self)
        for section in sections:
            self.body.addWidget(section)

    def setup_wizard(self) -> SetupWizard:
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        return wizard

    def retranslate(self) -> None:
        self.setTitle(_(self._title))
        self.setSubTitle(_(self._subtitle))

    def focus_first_field(self) -> None:
        """Put the cursor where the user starts on this page (QWizard's own choice is the first child)."""
        if self.sections:
            first = self.sections[0]
            first.focus_field(first.fields[0] if first.fields else "")


class WelcomePage(SetupPage):
    """What the wizard is for, and the language to speak."""

    def __init__(self, form: SettingsForm) -> None:
        super().__init__(
            N_("Welcome to WardLog"),
            N_("A few questions and the book is ready to use."),
            (form.language,),
        )
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.body.insertWidget(0, self._intro)
        self.body.insertSpacing(1, 12)

    def retranslate(self) -> None:
        super().retranslate()
        self._intro.setText(
            _(
                "This book does not know yet which ward it belongs to. The next pages ask for your "
                "ward, how your reports are headed and signed, and how report periods are counted. "
                "Nothing is saved until you press Finish, and everything can be changed later in "
                "Settings."
            )
        )


class WardPage(SetupPage):
    """The ward; Next stays disabled until one is chosen."""

    def __init__(self, form: SettingsForm) -> None:
        super().__init__(
            N_("Your ward"),
            N_("Choose the province or city, then type part of the ward's name; accents are optional."),
            (form.ward,),
        )
        self._form = form
        form.ward.picker.ward_chosen.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self._form.ward.values()["ward_code"])


class HeadingPage(SetupPage):
    """The unit's name, issuing body and place; the core checks them before going on."""

    def __init__(self, form: SettingsForm) -> None:
        super().__init__(
            N_("The unit on documents"),
            N_("How the heading of your reports names the unit, and the place written before the date."),
            (form.heading,),
        )

    def validatePage(self) -> bool:
        wizard = self.setup_wizard()
        wizard.form.clear_issues()
        issues = check_identity(wizard.session.book, wizard.form.values())
        if issues:
            wizard.show_issues(issues)
        return not issues


class SummaryPage(SetupPage):
    """Everything chosen, as it will be used; Finish saves it."""

    ROWS = (
        ("language", N_("Language:")),
        ("ward", N_("Ward:")),
        ("province", N_("Province or city:")),
        ("periods", N_("Report periods:")),
    )

    def __init__(self, form: SettingsForm) -> None:
        super().__init__(
            N_("Ready"),
            N_("Check what you chose. Finish saves it in the book; Settings can change it later."),
        )
        self._form = form
        self._captions: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, (key, _source) in enumerate(self.ROWS):
            caption, value = QLabel(), QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            self._captions[key] = caption
            self.values[key] = value
        self.preview = DocumentPreview(document_html)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.body.addLayout(grid)
        self.body.addWidget(self.preview)
        self.body.addWidget(self.message)
        self.body.addStretch(1)

    def initializePage(self) -> None:
        self.refresh()

    def retranslate(self) -> None:
        super().retranslate()
        for key, source in self.ROWS:
            self._captions[key].setText(_(source))
        self.preview.retranslate()
        self.refresh()

    def refresh(self) -> None:
        """Show the form's values now."""
        values = self._form.values()
        ward = load_units().ward(values["ward_code"])
        convention = values["convention"]
        button_text = self._form.periods.buttons[convention].text().replace("&", "")
        self.values["language"].setText(LANGUAGES.get(values["language"], values["language"]))
        self.values["ward"].setText(
            _("{ward} (code {code})").format(ward=ward.name if ward else "", code=values["ward_code"])
        )
        self.values["province"].setText(values["province"])
        self.values["periods"].setText(f"{button_text}\n{convention_example(convention)}")
        self.preview.set_values(values)


class SetupWizard(QWizard):
    """The first-run wizard for a book whose ward is not set yet."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._language_before = current_language()
        self.form = SettingsForm(self)
        self.form.load(session.book.settings)
        self.form.language.choose(current_language())  # the wizard speaks the language in use

        self.welcome_page = WelcomePage(self.form)
        self.ward_page = WardPage(self.form)
        self.heading_page = HeadingPage(self.form)
        self.signing_page = SetupPage(
            N_("Addressing and signing"),
            N_("Who the reports are sent to, who signs them, and the type code in their number."),
            (self.form.signing,),
        )
        self.periods_page = SetupPage(
            N_("Report periods"),
            N_("Which dates a six-month, quarterly or yearly report counts. Ask your upper level if unsure."),
            (self.form.periods,),
        )
        self.summary_page = SummaryPage(self.form)
        self.pages: tuple[SetupPage, ...] = (
            self.welcome_page,
            self.ward_page,
            self.heading_page,
            self.signing_page,
            self.periods_page,
            self.summary_page,
        )
        self._page_ids = {page: self.addPage(page) for page in self.pages}

        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.form.language.language_chosen.connect(self.switch_language)
        self.currentIdChanged.connect(self._page_shown)
        self.retranslate()
        self.resize(780, 560)  # fits a 1024×600 screen with its title bar

    def _page_shown(self, page_id: int) -> None:
        page = self.page(page_id)
        if isinstance(page, SetupPage):
            page.focus_first_field()

    def switch_language(self, language: str) -> None:
        """Speak ``language`` from now on (the book learns it on Finish)."""
        set_language(language)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text of the wizard in the current language."""
        self.setWindowTitle(_("Setting up the book — WardLog"))
        for button, source in BUTTONS:
            self.setButtonText(button, _(source))
        self.form.retranslate()
        for page in self.pages:
            page.retranslate()

    def show_issues(self, issues: list[Issue]) -> None:
        """Show the core's messages next to their fields and go back to the first page concerned."""
        left = self.form.show_issues(issues)
        self.summary_page.message.setText("\n".join(issue.describe() for issue in left))
        self.summary_page.message.setVisible(bool(left))
        section = next((self.form.section_of(issue.field) for issue in issues), None)
        target = next((page for page in self.pages if section in page.sections), None)
        if target is None:
            return
        target_id = self._page_ids[target]
        while self.currentId() > target_id:
            self.back()
        section.focus_field(issues[0].field)  # type: ignore[union-attr]

    def accept(self) -> None:
        """Finish: write everything in one go, or show why not and stay open."""
        self.form.clear_issues()
        try:
            save_settings(self.session, self.form.values())
        except ValidationError as error:
            self.show_issues(error.issues)
            return
        super().accept()

    def reject(self) -> None:
        """Cancel: nothing was written; the language goes back to what it was."""
        if current_language() != self._language_before:
            set_language(self._language_before)
        super().reject()


def run_first_setup(session: Session, parent: QWidget | None = None) -> bool:
    """Run the wizard if the book has no ward yet; ``True`` when the book has one afterwards."""
    if session.book.settings.ward_code:
        return True
    return SetupWizard(session, parent).exec() == QDialog.DialogCode.Accepted
