"""Qt's own words (OK, Cancel, Yes, the wizard's Back/Next, the text-field context menu) in the
user's language.

Qt ships no Vietnamese catalog, so these few texts go through WardLog's gettext catalog instead:
a translator that Qt consults answers from the same ``.po`` file as the rest of the app, and
follows a language switch at once.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from wardlog.core.i18n import N_, _, current_language

# Qt's source texts that appear in WardLog's windows, by Qt's translation context.
QT_TEXTS: dict[str, tuple[str, ...]] = {
    "QPlatformTheme": (
        N_("OK"), N_("Save"), N_("Open"), N_("&Yes"), N_("&No"), N_("Abort"), N_("Retry"), N_("Ignore"),
        N_("Close"), N_("Cancel"), N_("Discard"), N_("Help"), N_("Apply"), N_("Reset"),
        N_("Restore Defaults"),
        N_("Don't Save"), N_("Yes to &All"), N_("N&o to All"), N_("Save All"),
    ),
    "QWizard": (N_("< &Back"), N_("&Next >"), N_("&Finish"), N_("Cancel"), N_("&Help"), N_("Go Back"),
                N_("Continue"), N_("Commit"), N_("Done")),
    "QMessageBox": (N_("Show Details..."), N_("Hide Details..."), N_("OK")),
    "QLineEdit": (N_("&Undo"), N_("&Redo"), N_("Cu&t"), N_("&Copy"), N_("&Paste"), N_("Delete"),
                  N_("Select All")),
    "QWidgetTextControl": (N_("&Undo"), N_("&Redo"), N_("Cu&t"), N_("&Copy"), N_("&Paste"), N_("Delete"),
                           N_("Select All"), N_("Copy &Link Location")),
    "QDialogButtonBox": (N_("OK"), N_("Cancel"), N_("Close"), N_("Apply"), N_("&Yes"), N_("&No")),
}  # fmt: skip
_KNOWN = {(context, text) for context, texts in QT_TEXTS.items() for text in texts}


class CatalogTranslator(QTranslator):
    """Answers Qt's requests for its own texts from WardLog's catalog."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        if (context, source) in _KNOWN and current_language() != "en":
            return _(source)
        # Not ours: answer Qt's own text. An empty answer would be taken as the translation (blank
        # buttons; Qt's image-format detection, which compares translated names, fails).
        return source

    def isEmpty(self) -> bool:
        return False


_installed: CatalogTranslator | None = None


def install_translator(app: QCoreApplication) -> None:
    """Let Qt's own texts follow WardLog's language; dates and numbers in Qt widgets too."""
    global _installed
    if _installed is None:
        _installed = CatalogTranslator(app)
        app.installTranslator(_installed)
    apply_locale()


def apply_locale() -> None:
    """Qt's default locale (calendar month names, number input) for the current language."""
    QLocale.setDefault(QLocale("vi_VN") if current_language() == "vi" else QLocale("en_GB"))
