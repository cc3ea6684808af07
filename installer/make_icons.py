"""Render WardLog's icon, ``resources/icons/wardlog.svg``, to the PNG and ICO copies beside it.

The window uses ``wardlog.png``; the Windows program and setup use ``wardlog.ico``, which holds every
size Windows asks for (16 to 256 px), each drawn from the SVG at that size rather than scaled down
from a large one. Run after changing the SVG and commit the results:

    .venv/bin/python installer/make_icons.py
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
PNG_SIZE = 256


def render(svg: Path, size: int) -> bytes:
    """The SVG drawn at ``size`` × ``size`` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def make_icons(folder: Path = ICONS) -> list[Path]:
    """Write ``wardlog.png`` and ``wardlog.ico`` from ``wardlog.svg`` in ``folder``; return their paths."""
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = folder / "wardlog.svg"
    images = {size: Image.open(io.BytesIO(render(svg, size))).convert("RGBA") for size in ICO_SIZES}
    png = folder / "wardlog.png"
    images[PNG_SIZE].save(png, optimize=True)
    ico = folder / "wardlog.ico"
    largest = images[max(ICO_SIZES)]
    others = [images[size] for size in ICO_SIZES if size != max(ICO_SIZES)]
    largest.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=others)
    return [png, ico]


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in make_icons():
        print(path)
