"""The version is written once, in pyproject.toml; the package metadata carries it to ``--version``,
the About window and the exchange files (and, through it, to the bundle and the Windows setup)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from pytestqt.qtbot import QtBot

import wardlog
from tests.ui.boxes import answer_box
from wardlog.ui.main_window import MainWindow
from wardlog.ui.session import Session

ROOT = Path(__file__).resolve().parents[2]


def _project_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def test_one_version_everywhere(qtbot: QtBot, session: Session) -> None:
    version = _project_version()
    assert metadata.version("wardlog") == version, "reinstall: pip install -e ."
    assert wardlog.__version__ == version
    result = subprocess.run([sys.executable, "-m", "wardlog", "--version"], capture_output=True, text=True)
    assert result.stdout.strip() == f"WardLog {version}"
    window = MainWindow(session)
    qtbot.addWidget(window)
    about = answer_box(qtbot)
    window.about()
    assert f"Phiên bản {version}" in about["text"]


def test_the_version_is_read_as_importlib_reads_it_without_importing_it() -> None:
    code = "import sys, wardlog; print(wardlog.__version__, 'importlib.metadata' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.split() == [metadata.version("wardlog"), "False"]
    assert wardlog._from_importlib() == wardlog.__version__
