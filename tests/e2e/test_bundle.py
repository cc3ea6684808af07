"""The self-contained bundle (``python installer/build.py`` → ``dist/wardlog/``) as a ward office gets it:
no Python, no venv, an empty environment. Every command runs, and the app starts.

The bundle is built once (about a minute) and reused while the sources it is made from are unchanged.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "mau-nhap-hoat-dong.csv"
UNIT = "Phường Hà Đông"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the test drives the Linux bundle"),
]


def _load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wardlog_installer_build", ROOT / "installer" / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundle's program, built now unless the one in dist/ was built from the current sources,
    and copied elsewhere, as a setup program would: it must not depend on where it was built."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail('PyInstaller is missing: pip install -e ".[build]" (.ci/setup does)')
    script = ROOT / "installer" / "build.py"
    subprocess.run([sys.executable, str(script), "--if-stale"], check=True, timeout=900)
    installed = tmp_path_factory.mktemp("programs") / "WardLog"
    with build.locked():  # another test run may be rebuilding dist/ right now
        shutil.copytree(build.BUNDLE, installed, symlinks=True)
    yield build.program(installed)
    shutil.rmtree(installed, ignore_errors=True)  # 150 MB


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bundle")


def bare_env(place: Path, **extra: str) -> dict[str, str]:
    """What ``env -i`` leaves, plus a home: no venv, no PYTHONPATH, no display."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(place / "home"),
        "WARDLOG_HOME": str(place / "data"),
        "QT_QPA_PLATFORM": "offscreen",
        **extra,
    }


def run(program: Path, place: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(program), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=bare_env(place),
        cwd=place,
        timeout=timeout,
    )
    return result


def ok(program: Path, place: Path, *args: str) -> str:
    result = run(program, place, *args)
    assert result.returncode == 0, f"wardlog {' '.join(args)}: {result.stdout}{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def ward_book(program: Path, place: Path) -> Path:
    """The default book of the bare environment, set up and filled from the sample file."""
    out = ok(
        program, place, "init", "--ward-code", "09556", "--unit-name", UNIT, "--province", "Thành phố Hà Nội"
    )
    assert "Đã khai báo sổ" in out  # the Vietnamese catalog is in the bundle
    out = ok(program, place, "import", str(SAMPLE))
    rows = len(list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8-sig")))))
    assert f"Đã nhập {rows} hoạt động" in out
    return place / "data" / "so-tuyen-truyen.wardlog"


def test_version_comes_from_the_package_metadata(program: Path, place: Path) -> None:
    assert ok(program, place, "--version").strip() == f"WardLog {build.project_version()}"


def test_list_search_and_formatting_in_both_languages(program: Path, place: Path, ward_book: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(ok(program, place, "list", "--format", "csv"))))
    sample = list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8-sig"))))
    assert sorted(row["Tiêu đề"] for row in rows) == sorted(row["Tiêu đề"] for row in sample)
    records = json.loads(ok(program, place, "list", "--format", "json"))
    assert len(records) == len(sample)
    # babel's trimmed locale data still formats dates both ways
    assert "05/01/2026" in ok(program, place, "list")
    assert "5 Jan 2026" in ok(program, place, "--lang", "en", "list")
    found = ok(program, place, "search", "dich vu cong")  # no diacritics
    assert "dịch vụ công" in found
    assert "sound (7 activities)" in ok(program, place, "--lang", "en", "check")
    assert "không có lỗi" in ok(program, place, "check")


def test_thousands_in_vietnamese(program: Path, place: Path) -> None:
    out = ok(program, place, "--db", str(place / "demo.wardlog"), "demo", "--activities", "1200")
    assert "1.200" in out  # vi: a dot groups thousands


def _venv_wardlog(place: Path, *args: str) -> None:
    env = {**os.environ, **bare_env(place), "PATH": os.environ.get("PATH", "")}
    subprocess.run(
        [sys.executable, "-m", "wardlog", *args], check=True, env=env, cwd=ROOT, capture_output=True
    )


def test_report_pdf_is_the_same_document_as_from_the_sources(
    program: Path, place: Path, ward_book: Path
) -> None:
    from pypdf import PdfReader

    out = ok(program, place, "report", "--period", "2026", "--out", "bao-cao.pdf", "--date", "2026-11-20")
    assert "bao-cao.pdf" in out
    _venv_wardlog(
        place, "report", "--period", "2026", "--out", str(place / "nguon.pdf"), "--date", "2026-11-20"
    )
    bundled = [page.extract_text() for page in PdfReader(place / "bao-cao.pdf").pages]
    source = [page.extract_text() for page in PdfReader(place / "nguon.pdf").pages]
    assert bundled == source
    assert "Hà Đông" in "\n".join(bundled)


@pytest.mark.skipif(not (ROOT / "wardlog" / "report" / "word.py").exists(), reason="no Word report yet")
def test_report_docx(program: Path, place: Path, ward_book: Path) -> None:
    from docx import Document

    ok(program, place, "report", "--period", "2026", "--out", "bao-cao.docx", "--date", "2026-11-20")
    _venv_wardlog(
        place, "report", "--period", "2026", "--out", str(place / "nguon.docx"), "--date", "2026-11-20"
    )
    bundled = [p.text for p in Document(str(place / "bao-cao.docx")).paragraphs]
    source = [p.text for p in Document(str(place / "nguon.docx")).paragraphs]
    assert bundled == source
    assert any("Hà Đông" in text for text in bundled)


def test_backup_export_and_merge(program: Path, place: Path, ward_book: Path) -> None:
    out = ok(program, place, "backup")
    backup = Path(re.search(r"vào (.+\.wardlog)\.", out).group(1))  # type: ignore[union-attr]
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT count(*) FROM activities").fetchone()[0] == 7
    out = ok(program, place, "export", "--out", str(place))
    exchange = next(place.glob("*.wlx"))
    with sqlite3.connect(exchange) as conn:  # the file says which WardLog made it
        assert conn.execute("SELECT program_version FROM manifest").fetchone()[0] == build.project_version()
    upper = place / "upper.wardlog"
    ok(program, place, "--db", str(upper), "merge", str(exchange))
    assert len(json.loads(ok(program, place, "--db", str(upper), "list", "--format", "json"))) == 7
    # restore: the book as the backup has it, its state before kept as a backup
    ok(program, place, "--db", str(upper), "restore", str(backup))
    assert len(json.loads(ok(program, place, "--db", str(upper), "list", "--format", "json"))) == 7


def test_excel_out_and_back_in(program: Path, place: Path, ward_book: Path) -> None:
    ok(program, place, "list", "--out", "hoat-dong.xlsx")
    copy = place / "ban-sao.wardlog"
    ok(program, place, "--db", str(copy), "init", "--ward-code", "09556", "--unit-name", UNIT)
    assert "Đã nhập 7 hoạt động" in ok(program, place, "--db", str(copy), "import", "hoat-dong.xlsx")


def test_screenshots_of_every_main_screen(program: Path, place: Path, ward_book: Path) -> None:
    ok(program, place, "screenshot", "--out", "shots")
    shots = sorted((place / "shots").glob("*.png"))
    assert len(shots) >= 6
    assert [shot.name[:2] for shot in shots] == [f"{n:02d}" for n in range(1, len(shots) + 1)]
    assert all(shot.stat().st_size > 10_000 for shot in shots)


@pytest.fixture
def app(program: Path, place: Path, ward_book: Path) -> Iterator[subprocess.Popen]:
    with open(place / "app.log", "wb") as output:
        process = subprocess.Popen(
            [str(program)], env=bare_env(place), cwd=place, stdout=output, stderr=subprocess.STDOUT
        )
        yield process
        process.terminate()
        process.wait(timeout=30)


def test_the_app_starts_offscreen_and_a_second_start_hands_over(
    app: subprocess.Popen, program: Path, place: Path, ward_book: Path
) -> None:
    marker = ward_book.with_name(ward_book.name + "-lock")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and app.poll() is None:
        if marker.exists() and json.loads(marker.read_text() or "{}").get("pid") == app.pid:
            break
        time.sleep(0.2)
    assert app.poll() is None, (place / "app.log").read_text(errors="replace")
    assert json.loads(marker.read_text())["program"] == "app"
    # the app holds the book: a second start asks it to come forward and leaves at once
    second = run(program, place, timeout=30)
    assert second.returncode == 0, second.stderr
    time.sleep(0.5)
    assert app.poll() is None


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs Xvfb (.ci/setup installs it)")
def test_the_app_opens_its_window_on_an_x_server(program: Path, place: Path, ward_book: Path) -> None:
    script = (
        f'"{program}" --db "{place / "x.wardlog"}" & app=$!\n'
        "windows() { LC_ALL=C.UTF-8 xwininfo -root -tree | grep 'WardLog'; }\n"
        "for i in $(seq 120); do windows >/dev/null && break; sleep 0.5; done\n"
        "windows\n"
        "kill $app; wait $app\n"
    )
    ok(program, place, "--db", str(place / "x.wardlog"), "init", "--ward-code", "09556", "--unit-name", UNIT)
    env = {**bare_env(place), "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=place,
        timeout=120,
    )
    assert f"{UNIT} — WardLog" in result.stdout, result.stdout + result.stderr


def test_every_library_finds_what_it_links_to(program: Path) -> None:
    internal = program.parent / "_internal"
    folders = sorted({str(path.parent) for path in internal.rglob("*.so*")})
    env = {"PATH": "/usr/bin:/bin", "LD_LIBRARY_PATH": ":".join(folders)}
    missing = []
    for path in internal.rglob("*.so*"):
        if path.is_symlink():
            continue
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        missing += [
            f"{path.relative_to(internal)}: {line.strip()}"
            for line in result.stdout.splitlines()
            if "not found" in line
        ]
    assert missing == []


def test_only_what_is_used_is_shipped(program: Path) -> None:
    internal = program.parent / "_internal"
    names = [path.relative_to(internal).as_posix() for path in internal.rglob("*")]
    unused = re.compile(
        r"Qt6?(Qml|Quick|WebEngine|Pdf|3D|Multimedia|Designer|Wayland|Charts|Sql)|qtvirtualkeyboard"
    )
    assert [name for name in names if unused.search(name)] == []
    assert not (internal / "PySide6" / "Qt" / "translations").exists()
    assert sorted(path.stem for path in (internal / "babel" / "locale-data").iterdir()) == sorted(
        _load_bundle_rules().babel_locales()
    )
    assert (internal / "wardlog" / "resources" / "locale" / "vi" / "LC_MESSAGES" / "wardlog.mo").exists()
    assert list(internal.glob("_rl_accel*.so"))  # reportlab's accelerator, which it loads through exec()
    assert (internal / f"wardlog-{build.project_version()}.dist-info" / "METADATA").exists()


def _load_bundle_rules() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "wardlog_installer_bundle", ROOT / "installer" / "bundle.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
