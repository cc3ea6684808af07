"""The core and the command line must work without Qt: import them all in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import wardlog.core


def test_core_and_cli_do_not_load_qt() -> None:
    modules = [f"wardlog.core.{info.name}" for info in pkgutil.iter_modules(wardlog.core.__path__)]
    assert "wardlog.core.book" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {[*modules, 'wardlog.cli']!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_cli_start_does_not_import_heavy_modules() -> None:
    """Start-up stays fast: openpyxl and babel's number formatting load only when used."""
    code = (
        "import sys\n"
        "import wardlog.cli\n"
        "print(sorted(m for m in ('openpyxl', 'babel.numbers', 'reportlab') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
