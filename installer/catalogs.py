"""Keep the message catalogs in step with the code (babel): extract, update, compile.

    python installer/catalogs.py          # all three steps
    python installer/catalogs.py extract  # wardlog/**.py → resources/locale/wardlog.pot
    python installer/catalogs.py update   # .pot → resources/locale/<lang>/LC_MESSAGES/wardlog.po
    python installer/catalogs.py compile  # .po → .mo (what the program loads)

Run it after changing any user-facing string, translate the new entries of ``vi``'s ``.po``
(English is the source language, so ``en``'s stays empty), and commit the ``.pot``, ``.po`` and
``.mo`` files together. The tests fail when any of them is out of step with the code.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"
POT = LOCALE / "wardlog.pot"
DOMAIN = "wardlog"
LANGUAGES = ("vi", "en")
KEYWORDS = ("_", "N_", "ngettext:1,2")


def _babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    _babel(
        "extract", "--no-default-keywords", *keywords, "--add-location=file", "--sort-by-file",
        "--project=WardLog", "--copyright-holder=WardLog developers", "--charset=UTF-8",
        "-o", str(POT.relative_to(ROOT)), "wardlog",
    )  # fmt: skip


def update() -> None:
    for language in LANGUAGES:
        po = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            _babel(
                "update",
                "-i",
                str(POT),
                "-o",
                str(po),
                "-l",
                language,
                "--no-fuzzy-matching",
                "--ignore-obsolete",
            )
        else:
            _babel("init", "-i", str(POT), "-o", str(po), "-l", language)


def compile_catalogs() -> None:
    for language in LANGUAGES:
        po = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        _babel("compile", "-i", str(po), "-o", str(po.with_suffix(".mo")), "-l", language)


STEPS = {"extract": extract, "update": update, "compile": compile_catalogs}


def main(argv: list[str]) -> int:
    os.chdir(ROOT)  # locations in the catalogs are relative to the project
    steps = argv or list(STEPS)
    for step in steps:
        if step not in STEPS:
            print(f"unknown step {step!r}; choose from {', '.join(STEPS)}", file=sys.stderr)
            return 2
        STEPS[step]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
