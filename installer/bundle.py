"""What goes into WardLog's one-folder bundle, and what PyInstaller's hooks collect that it does not need.

Used by ``installer/wardlog.spec``; kept here, free of PyInstaller, so the rules can be read and tested.
PyInstaller's Qt hooks take every plugin of a module's plugin types (Wayland, EGL, VNC, TLS, network
information …) and Qt's translations; babel's hook takes the data of all 1,000-odd locales. WardLog
uses a handful of each.
"""

from __future__ import annotations

import posixpath
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# PyInstaller collects the Qt modules wardlog/ui imports (QtCore, QtGui, QtWidgets, QtNetwork for the
# single-instance socket, QtSvg(Widgets) for the charts, and what they link to); nothing more is named here.

# Qt plugins kept, by plugin type; every other plugin (and every other type) is left out.
QT_PLUGINS: dict[str, tuple[str, ...]] = {
    # xcb for X11 and for Wayland desktops (through XWayland); offscreen for the screenshot command
    # and tests; minimal as Qt's last resort; windows and cocoa on those systems.
    "platforms": ("qxcb", "qoffscreen", "qminimal", "qwindows", "qcocoa"),
    # native file dialogs through the desktop portal (sandboxed desktops)
    "platformthemes": ("qxdgdesktopportal",),
    # typing Vietnamese on Linux goes through an input method (IBus with Unikey/Bamboo) or compose keys
    "platforminputcontexts": ("composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"),
    # evidence photos and pictures: PNG and BMP are built into QtGui; phones and Zalo also send these
    "imageformats": ("qjpeg", "qgif", "qwebp", "qico", "qsvg"),
    "iconengines": ("qsvgicon",),
    # the native look of widgets on Windows and macOS
    "styles": ("*",),
}

# babel's locale data: the locales WardLog formats with (wardlog/core/i18n.py, wardlog/report) and
# the ones babel falls back to from them (see babel_locales).
BABEL_LOCALES = ("vi_VN", "en_GB")

# Modules no code path of WardLog needs: Tk; TLS (WardLog never goes on the network); Pillow's optional
# parts (reportlab imports PIL.Image at start-up, but WardLog puts no pictures in documents through it):
# AVIF, WebP, colour management, its font renderer, and their libraries (8 MB); lxml's parts beyond
# lxml.etree (4 MB).
EXCLUDED_MODULES = (
    "tkinter", "_tkinter", "ssl", "_ssl", "unittest", "doctest", "pdb", "pydoc",
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL._imagingcms", "PIL.ImageCms",
    "PIL._imagingft", "PIL.ImageFont", "PIL._imagingtk", "PIL.ImageTk", "PIL.ImageQt", "PIL._imagingmath",
    "PIL.ImageMath", "PIL._imagingmorph", "PIL.ImageMorph",
    # lxml: python-docx and openpyxl use lxml.etree only
    "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.cssselect", "lxml.sax", "lxml.doctestcompare",
    "lxml.usedoctest",
)  # fmt: skip

# Modules imported in a way PyInstaller cannot see: reportlab loads its C accelerator (the rl_accel
# package) with exec(); without it text measuring runs in pure Python, twice as slow.
HIDDEN_IMPORTS = ("_rl_accel",)

# Modules that must also be present as files: python-docx finds its templates as
# docx/parts/../templates/…, which needs a real docx/parts folder in the bundle.
COLLECTION_MODES = {"docx.parts": "pyz+py"}

# Files of resources/ that a user's installation does not need: README pictures, the tool that
# rebuilt the units data, and catalog sources (the compiled .mo files are shipped).
_RESOURCES_LEFT_OUT = re.compile(r"^(screens/.*|units/build_units\.py|.*\.pot?)$")


def resource_files(resources: Path = ROOT / "resources") -> list[tuple[str, str]]:
    """``(source, destination folder)`` pairs that install ``resources/`` as ``wardlog/resources``."""
    pairs = []
    for path in sorted(resources.rglob("*")):
        relative = path.relative_to(resources).as_posix()
        if path.is_file() and "__pycache__" not in relative and not _RESOURCES_LEFT_OUT.match(relative):
            pairs.append((str(path), str(Path("wardlog/resources", relative).parent)))
    return pairs


def babel_locales(wanted: Iterable[str] = BABEL_LOCALES) -> set[str]:
    """The wanted locales and every locale babel reads beneath them (``en_GB`` → en_001, en, root)."""
    from babel.core import get_global

    parents = get_global("parent_exceptions")
    needed = {"root"}
    for name in wanted:
        while name != "root":
            needed.add(name)
            name = parents.get(name) or (name.rsplit("_", 1)[0] if "_" in name else "root")
    return needed


def _plugin_kept(plugin_type: str, file_name: str) -> bool:
    kept = QT_PLUGINS.get(plugin_type, ())
    stem = file_name.split(".", 1)[0]
    stem = stem[3:] if stem.startswith("lib") else stem
    return "*" in kept or stem in kept


def keeper(locales: set[str]) -> Callable[[str], bool]:
    """A test of a bundle path (as PyInstaller's TOC names it) that says whether to keep the file."""

    def keep(destination: str) -> bool:
        parts = Path(destination).as_posix().split("/")
        if parts[0] == "PySide6":
            # PySide6/Qt/plugins/… on Linux and macOS, PySide6/plugins/… on Windows
            qt = parts[2:] if parts[1:2] == ["Qt"] else parts[1:]
            if qt[:1] == ["translations"]:  # Qt's own texts come from WardLog's catalog (qt_translations.py)
                return False
            if qt[:1] == ["plugins"] and len(qt) == 3:
                return _plugin_kept(qt[1], qt[2])
        if parts[:2] == ["babel", "locale-data"] and len(parts) == 3:
            return parts[2].removesuffix(".dat") in locales
        return True

    return keep


def needed_libraries(
    roots: Iterable[Path], candidates: dict[str, Path], imports: Callable[[Path], Iterable[str]]
) -> set[str]:
    """Names of the ``candidates`` (shared libraries by file name) that ``roots`` load, directly or not.

    ``imports(path)`` lists the libraries a binary links against by name. A library that nothing
    kept links to was collected only for a file now left out (a Wayland plugin's client library,
    GTK for the GTK theme plugin): the bundle does not need it.
    """
    needed: set[str] = set()
    stack = list(roots)
    seen: set[Path] = set()
    while stack:
        path = stack.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in imports(path):
            if name in candidates and name not in needed:
                needed.add(name)
                stack.append(candidates[name])
    return needed


def is_plain_library(destination: str) -> bool:
    """A shared library that is not a Python extension nor a Qt plugin: kept only if something links to it."""
    path = Path(destination)
    name = path.name
    if not re.search(r"\.so(\.|$)", name):
        return False
    if "plugins" in path.parts or re.search(r"(\.abi3|\.cpython-\d+[^.]*)\.so$", name):
        return False
    # loaded by the program itself (libpython) or through ctypes (PDFium), not linked to
    return not name.startswith(("libpython", "libpdfium"))


Entry = tuple[str, str, str]  # PyInstaller's TOC entry: (path in the bundle, source, kind)


def prune_libraries(
    binaries: list[Entry], datas: list[Entry], imports: Callable[[Path], Iterable[str]]
) -> tuple[list[Entry], list[Entry]]:
    """``binaries`` and ``datas`` less the plain shared libraries that no kept binary loads, and the
    links to them (PyInstaller files its top-level links to libraries among the data)."""
    files = [entry for entry in binaries if entry[2] != "SYMLINK"]
    plain = {Path(dest).name: Path(src) for dest, src, _kind in files if is_plain_library(dest)}
    roots = [Path(src) for dest, src, _kind in files if not is_plain_library(dest)]
    needed = needed_libraries(roots, plain, imports)
    kept = [entry for entry in files if not is_plain_library(entry[0]) or Path(entry[0]).name in needed]
    dropped = {_bundle_path(entry[0]) for entry in files} - {_bundle_path(entry[0]) for entry in kept}

    def dangling(entry: Entry) -> bool:  # a link's target is relative to the link's folder
        dest, target, kind = entry
        return kind == "SYMLINK" and _bundle_path(posixpath.dirname(_bundle_path(dest)), target) in dropped

    kept += [entry for entry in binaries if entry[2] == "SYMLINK" and not dangling(entry)]
    return kept, [entry for entry in datas if not dangling(entry)]


def _bundle_path(*parts: str) -> str:
    return posixpath.normpath(posixpath.join(*(part.replace("\\", "/") for part in parts)))


def linux_imports(path: Path) -> list[str]:
    """The ``DT_NEEDED`` names of an ELF file (what ``ldd`` would resolve)."""
    from PyInstaller.depend import bindepend

    return [Path(name).name for name, _resolved in bindepend.get_imports(str(path))]


def is_linux() -> bool:
    return sys.platform.startswith("linux")
