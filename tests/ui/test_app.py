"""Starting the app as a user does, and the screenshot command that keeps the README true."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from wardlog.core.book import Book
from wardlog.core.demo import generate
from wardlog.ui import app as app_module
from wardlog.ui.main_window import MainWindow


def test_start_on_a_set_up_book_opens_the_main_window(qtbot: QtBot, book_path: Path) -> None:
    with Book.open(book_path) as book:
        generate(book, 200, until=date(2026, 11, 23))
    assert app_module.run(book_path, exec_loop=False) == 0
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    assert windows and "Phường Hà Đông" in windows[0].windowTitle()
    for window in windows:
        window.session.book.close()
        window.close()


def test_first_start_without_a_ward_asks_for_setup(
    qtbot: QtBot, book_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []

    def cancel(session, parent) -> bool:
        asked.append(True)
        return False

    monkeypatch.setattr("wardlog.ui.setup_wizard.run_first_setup", cancel)
    assert app_module.run(book_path, exec_loop=False) == 0
    assert asked == [True]


def test_screenshot_command_renders_every_main_screen(tmp_path: Path) -> None:
    book = tmp_path / "b.wardlog"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = [sys.executable, "-m", "wardlog", "--db", str(book)]
    subprocess.run([*run, "demo", "--activities", "500", "--until", "2026-11-23"], check=True, env=env)
    out = tmp_path / "png"
    result = subprocess.run([*run, "screenshot", "--out", str(out)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    files = sorted(out.glob("*.png"))
    assert [f.name[:2] for f in files] == ["01", "02", "03", "04", "05", "06", "07"]
    assert QImage(str(files[0])) != QImage(str(files[1]))  # the overview, not the list again
    for file in files:
        image = QImage(str(file))
        assert image.width() >= 400 and image.height() >= 300
        # a real screen has many colours, not a blank or single-colour grab
        colours = {
            image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)
        }
        assert len(colours) > 5, file.name


def test_screenshot_of_a_missing_book_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wardlog",
            "--db",
            str(tmp_path / "none.wardlog"),
            "screenshot",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
