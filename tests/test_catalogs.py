"""The message catalogs are in step with the code: the .pot holds every message, Vietnamese
translates each of them (no empty or fuzzy entry, same placeholders), and the .mo files are
compiled from the current .po files."""

from __future__ import annotations

import re
import sys
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"
sys.path.insert(0, str(ROOT / "installer"))
from catalogs import KEYWORDS  # noqa: E402

_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _keywords() -> dict[str, tuple[int, ...] | None]:
    result: dict[str, tuple[int, ...] | None] = {}
    for keyword in KEYWORDS:
        name, _, spec = keyword.partition(":")
        result[name] = tuple(int(n) for n in spec.split(",")) if spec else None
    return result


def _ids(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def test_pot_is_current_with_the_code() -> None:
    in_code = {
        _ids(message[2])
        for message in extract_from_dir(str(ROOT / "wardlog"), keywords=_keywords(), comment_tags=())
    }
    with (LOCALE / "wardlog.pot").open("rb") as handle:
        in_pot = {_ids(message.id) for message in read_po(handle) if message.id}
    assert in_code - in_pot == set(), "run: python installer/catalogs.py"
    assert in_pot - in_code == set(), "run: python installer/catalogs.py"


def _po(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "wardlog.po").open("rb") as handle:
        return read_po(handle, locale=language)


def test_vietnamese_translates_every_message() -> None:
    with (LOCALE / "wardlog.pot").open("rb") as handle:
        pot_ids = {_ids(message.id) for message in read_po(handle) if message.id}
    catalog = _po("vi")
    po_ids = {_ids(message.id) for message in catalog if message.id}
    assert pot_ids == po_ids, "run: python installer/catalogs.py update"
    untranslated, fuzzy, broken = [], [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        if not all(strings):
            untranslated.append(_ids(message.id))
        if message.fuzzy:
            fuzzy.append(_ids(message.id))
        # Vietnamese has one plural form, written from the English plural (which names {n})
        wanted = set(_PLACEHOLDER.findall(sources[-1]))
        if any(s and set(_PLACEHOLDER.findall(s)) != wanted for s in strings):
            broken.append(_ids(message.id))
    assert untranslated == []
    assert fuzzy == []
    assert broken == [], "placeholders differ between the English and Vietnamese text"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_mo_is_compiled_from_po(language: str) -> None:
    compiled = BytesIO()
    write_mo(compiled, _po(language))
    committed = (LOCALE / language / "LC_MESSAGES" / "wardlog.mo").read_bytes()
    assert compiled.getvalue() == committed, "run: python installer/catalogs.py compile"


def test_no_message_is_hidden_inside_an_f_string() -> None:
    """babel reads an f-string as one string token: a _() inside it never reaches the catalog, so
    the user would see English. Translate first, then format."""
    import tokenize

    hidden = []
    for path in sorted((ROOT / "wardlog").rglob("*.py")):
        with path.open("rb") as source:
            for token in tokenize.tokenize(source.readline):
                is_f_string = token.type == tokenize.STRING and token.string[:2].lower() in (
                    'f"',
                    "f'",
                    "rf",
                    "fr",
                )
                if is_f_string and re.search(r"\{\s*(_|ngettext)\(", token.string):
                    hidden.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert hidden == []
