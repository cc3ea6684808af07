"""The user's language: gettext catalogs (managed with babel) and locale-aware formatting.

``_`` translates now, ``N_`` only marks a string for extraction (translated later with ``_``),
``ngettext`` picks a plural form. The language is Vietnamese unless set otherwise; a missing
catalog falls back to the English source strings without failing.

Numbers, percentages and dates are formatted with babel's CLDR data for the current language
(``vi``: ``2.833``, ``58,97%``, ``05/03/2026``); babel is imported only when first needed.
"""

from __future__ import annotations

import gettext
import os
from datetime import date
from functools import cache

from wardlog.core.resources import resource_path

DOMAIN = "wardlog"
LANGUAGES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"

_language = DEFAULT_LANGUAGE
_translations: gettext.NullTranslations = gettext.NullTranslations()


def locale_dir() -> str:
    return str(resource_path("locale"))


@cache
def _load(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=locale_dir(), languages=[language], fallback=True)


def set_language(language: str | None) -> str:
    """Switch the language of messages and formatting; returns the language in force.

    ``None`` or an unknown code chooses ``WARDLOG_LANG`` from the environment, else Vietnamese.
    """
    global _language, _translations
    if language not in LANGUAGES:
        language = os.environ.get("WARDLOG_LANG", DEFAULT_LANGUAGE)
        if language not in LANGUAGES:
            language = DEFAULT_LANGUAGE
    _language = language
    _translations = _load(language)
    return language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """The message in the current language."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it yet."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def _babel_locale() -> str:
    return "vi_VN" if _language == "vi" else "en_GB"


def format_number(value: float | int, *, decimals: int = 2) -> str:
    """``2833`` → ``2.833``; ``2.5`` → ``2,5`` in Vietnamese (at most ``decimals`` decimals)."""
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e15 and str(value) != "-0.0"):
        # Whole numbers, most of what a list shows, without babel's parsing of the pattern and the
        # locale each time (8 µs instead of 140: a screenful of the list has a few hundred numbers).
        return f"{int(value):,}".replace(",", _group_symbol(_babel_locale()))
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_babel_locale())


def format_percent(ratio: float, *, decimals: int = 2) -> str:
    """``0.5897`` → ``58,97%`` in Vietnamese."""
    from babel.numbers import format_percent as babel_percent

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return babel_percent(ratio, format=pattern, locale=_babel_locale())


# The thousands separator of the app's two locales, as CLDR has them (a test holds them to babel's):
# written here, the app need not load babel and its locale data to show its first numbers.
_GROUP_SYMBOLS = {"vi_VN": ".", "en_GB": ","}


@cache
def _group_symbol(locale: str) -> str:
    if locale in _GROUP_SYMBOLS:
        return _GROUP_SYMBOLS[locale]
    from babel.numbers import get_group_symbol

    return get_group_symbol(locale)


def format_date(value: date) -> str:
    """A date on screen: ``05/03/2026`` in Vietnamese, ``5 Mar 2026`` in English."""
    if _language == "vi":  # babel's "dd/MM/y", written out (ten times faster)
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    from babel.dates import format_date as babel_date

    return babel_date(value, format="medium", locale=_babel_locale())


set_language(None)
