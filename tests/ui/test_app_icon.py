"""WardLog's icon: one SVG, drawn into the PNG the windows use and the ICO of the Windows program."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from wardlog.core.resources import resource_path
from wardlog.ui.app import create_application

ROOT = Path(__file__).resolve().parents[2]


def _make_icons():
    spec = importlib.util.spec_from_file_location("wardlog_make_icons", ROOT / "installer" / "make_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_app_shows_the_icon_on_its_windows(qtbot: QtBot) -> None:
    app = create_application()
    assert isinstance(app, QApplication)
    icon = app.windowIcon()
    assert not icon.isNull()
    image = icon.pixmap(64, 64).toImage()
    assert image.width() == 64
    # the green cover of the book, not an empty or default picture
    cover = image.pixelColor(40, 16)
    assert cover.green() > cover.red() and cover.green() > cover.blue()


def test_the_ico_holds_every_size_windows_asks_for() -> None:
    with Image.open(resource_path("icons", "wardlog.ico")) as ico:
        sizes = {size for size, _ in ico.info["sizes"]}
    assert {16, 24, 32, 48, 256} <= sizes


@pytest.mark.parametrize("size", [16, 32, 256])
def test_committed_icons_are_drawn_from_the_svg(tmp_path: Path, size: int) -> None:
    """Changing the SVG without running installer/make_icons.py would leave stale copies behind."""
    make_icons = _make_icons()
    folder = tmp_path / "icons"
    folder.mkdir()
    (folder / "wardlog.svg").write_bytes(resource_path("icons", "wardlog.svg").read_bytes())
    make_icons.make_icons(folder)
    for name in ("wardlog.ico", "wardlog.png"):
        if name == "wardlog.png" and size != make_icons.PNG_SIZE:
            continue
        with Image.open(folder / name) as fresh, Image.open(resource_path("icons", name)) as committed:
            if name == "wardlog.ico":
                fresh.size = committed.size = (size, size)
            assert fresh.convert("RGBA").tobytes() == committed.convert("RGBA").tobytes(), (
                "run: python installer/make_icons.py"
            )
