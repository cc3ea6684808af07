"""The rules that decide what goes into the self-contained bundle (installer/bundle.py)."""

from __future__ import annotations

import codecs
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from wardlog.core import i18n

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"wardlog_installer_{name}", ROOT / "installer" / f"{name}.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = _load("bundle")


def test_babel_keeps_the_locales_wardlog_formats_with_and_their_parents() -> None:
    kept = bundle.babel_locales()
    assert kept == {"root", "vi", "vi_VN", "en", "en_001", "en_GB"}
    for language in i18n.LANGUAGES:
        i18n.set_language(language)
        assert i18n._babel_locale() in kept
    # the Word report's English date line
    assert "en_GB" in kept


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
        ("PySide6/Qt/translations/qtbase_en.qm", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        # Windows wheels have no Qt/ level
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        ("PySide6/plugins/generic/qtuiotouchplugin.dll", False),
        ("PySide6/translations/qt_fr.qm", False),
        ("babel/locale-data/vi.dat", True),
        ("babel/locale-data/en_001.dat", True),
        ("babel/locale-data/fr.dat", False),
        ("babel/locale-data/en_US.dat", False),
        ("babel/global.dat", True),
        ("wardlog/resources/fonts/LiberationSerif-Regular.ttf", True),
    ],
)
def test_keeper(path: str, kept: bool) -> None:
    assert bundle.keeper(bundle.babel_locales())(path) is kept


def test_resources_are_shipped_without_the_developers_files() -> None:
    files = {
        Path(source).relative_to(ROOT / "resources").as_posix(): dest
        for source, dest in bundle.resource_files()
    }
    assert files["fonts/LiberationSerif-Regular.ttf"] == str(Path("wardlog/resources/fonts"))
    assert files["locale/vi/LC_MESSAGES/wardlog.mo"] == str(Path("wardlog/resources/locale/vi/LC_MESSAGES"))
    assert "units/units.csv" in files and "samples/mau-nhap-hoat-dong.csv" in files
    assert "icons/wardlog.png" in files and "icons/wardlog.ico" in files
    assert "fonts/LICENSE-LiberationSerif.txt" in files  # the licence travels with the font
    assert not [name for name in files if name.startswith("screens/") or name.endswith((".po", ".pot"))]
    assert "units/build_units.py" not in files


def test_libraries_only_left_out_files_needed_are_pruned() -> None:
    links = {
        "/src/PySide6/Qt/plugins/platforms/libqxcb.so": ["libQt6XcbQpa.so.6", "libc.so.6"],
        "/src/PySide6/Qt/lib/libQt6XcbQpa.so.6": ["libxcb-cursor.so.0"],
        "/src/libxcb-cursor.so.0": [],
        "/src/PySide6/Qt/lib/libQt6WaylandClient.so.6": ["libwayland-client.so.0"],
        "/src/libwayland-client.so.0": [],
        "/src/pypdfium2_raw/libpdfium.so": [],
    }
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/PySide6/Qt/plugins/platforms/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/src/PySide6/Qt/lib/libQt6XcbQpa.so.6", "BINARY"),
        ("libxcb-cursor.so.0", "/src/libxcb-cursor.so.0", "BINARY"),
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6", "/src/PySide6/Qt/lib/libQt6WaylandClient.so.6", "BINARY"),
        ("libwayland-client.so.0", "/src/libwayland-client.so.0", "BINARY"),
        ("pypdfium2_raw/libpdfium.so", "/src/pypdfium2_raw/libpdfium.so", "BINARY"),
    ]
    # PyInstaller files its links to libraries among the data
    datas = [
        ("libQt6XcbQpa.so.6", "PySide6/Qt/lib/libQt6XcbQpa.so.6", "SYMLINK"),
        ("libQt6WaylandClient.so.6", "PySide6/Qt/lib/libQt6WaylandClient.so.6", "SYMLINK"),
        ("wardlog/resources/units/units.csv", "/src/units.csv", "DATA"),
    ]
    kept_binaries, kept_datas = bundle.prune_libraries(binaries, datas, lambda path: links[str(path)])
    assert {dest for dest, _src, _kind in kept_binaries} == {
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "libxcb-cursor.so.0",
        "pypdfium2_raw/libpdfium.so",  # loaded through ctypes: nothing links to it
    }
    assert {dest for dest, _src, _kind in kept_datas} == {
        "libQt6XcbQpa.so.6",
        "wardlog/resources/units/units.csv",
    }


def test_the_windows_setup_script_matches_the_bundle() -> None:
    """installer/wardlog.iss cannot be compiled here (Inno Setup runs on Windows): check what ties it
    to the rest of WardLog."""
    from wardlog.core.exchange_format import SUFFIX

    raw = (ROOT / "installer" / "wardlog.iss").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)  # Inno Setup before 6.3 reads UTF-8 only with a BOM
    text = raw.decode("utf-8-sig")
    defines = dict(re.findall(r'^#define (\w+) "([^"]*)"', text, re.MULTILINE))
    assert defines["ExchangeExt"] == SUFFIX  # the association opens the files export writes
    spec = (ROOT / "installer" / "wardlog.spec").read_text(encoding="utf-8")
    for program in (defines["GuiExe"], defines["CliExe"]):
        assert f'program("{program.removesuffix(".exe")}"' in spec
    assert '"""{app}\\{#GuiExe}"" ""%1"""' in text  # the file is handed to the windowed program
    files = re.findall(r"\{#Here\}\.\.\\([^\s;\"]+\.\w+)", text)
    assert files == ["resources\\icons\\wardlog.ico"]
    assert (ROOT / "resources" / "icons" / "wardlog.ico").is_file()
    # Windows knows WardLog by this id across versions: it never changes
    assert "AppId={{9E20179E-65DE-456F-BE6F-D1DA5C922B43}" in text
    # the messages WardLog adds, in both languages; the others come with Inno Setup's .isl files
    used = set(re.findall(r"\{cm:(\w+)", text)) | set(re.findall(r"CustomMessage\('(\w+)'\)", text))
    own = {name for _lang, name in re.findall(r"^(vi|en)\.(\w+)=", text, re.MULTILINE)}
    assert used - own == {"CreateDesktopIcon", "AdditionalIcons", "AssocFileExtension", "LaunchProgram"}
    for name in own:
        assert f"\nvi.{name}=" in text and f"\nen.{name}=" in text
    # the uninstaller removes the program only, never the user's books and backups
    assert "[UninstallDelete]" not in text and "DelTree" not in text
