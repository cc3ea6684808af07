"""Text at the boundary: NFC storage, diacritic-free folding for matching, and clean-up of user input.

Every string that enters the book passes through :func:`clean`; every comparison that must ignore
case and Vietnamese diacritics (labels, headers, search) passes both sides through :func:`fold`.
"""

from __future__ import annotations

import re
import unicodedata

# Đ/đ has no Unicode decomposition, so stripping combining marks leaves it alone: fold it by hand.
_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")
# C0/C1 control characters other than tab and newline; they break CSV, PDF and terminals alike.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def nfc(text: str) -> str:
    """The NFC form of ``text`` (what the book stores)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """A key for matching that ignores case, diacritics and đ/d, and collapses whitespace.

    ``fold("Đối thoại") == fold("doi  THOAI") == "doi thoai"``.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().casefold()


def clean(text: str | None, *, multiline: bool = False) -> str:
    """User text as the book stores it: NFC, no control characters, trimmed.

    Single-line fields also have their runs of whitespace collapsed to one space.
    """
    if text is None:
        return ""
    value = _CONTROLS.sub("", nfc(text))
    if multiline:
        value = "\n".join(
            line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        )
        return value.strip()
    return _SPACES.sub(" ", value).strip()
