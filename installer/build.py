"""Build WardLog's self-contained folder for this operating system: ``dist/wardlog/``.

    python installer/build.py              # the bundle (PyInstaller, installer/wardlog.spec)
    python installer/build.py --installer  # on Windows, then dist/WardLog-Setup-<version>.exe (Inno Setup)

Run it with the project's venv, which has WardLog and the ``build`` extra installed
(``pip install -e ".[gui,report,build]"``). The program ``dist/wardlog/wardlog`` (``wardlog.exe``) then
runs every command of the ``wardlog`` CLI, and the desktop app, with no Python installed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer" / "wardlog.spec"
ISS = ROOT / "installer" / "wardlog.iss"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "wardlog"
STAMP = WORK / "inputs.sha256"
LOCK = ROOT / "build" / "bundle.lock"
WINDOWS = sys.platform == "win32"


def program(bundle: Path = BUNDLE) -> Path:
    """The bundle's command-line program."""
    return bundle / ("wardlog.exe" if WINDOWS else "wardlog")


def project_version() -> str:
    """The version in pyproject.toml: the one place it is written."""
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def installed_version() -> str | None:
    """The version in the installed package metadata, which the bundle copies."""
    try:
        return metadata.version("wardlog")
    except metadata.PackageNotFoundError:
        return None


def inputs_digest() -> str:
    """A digest of everything the bundle is made from: a bundle built from the same digest is current."""
    digest = hashlib.sha256()
    files = [ROOT / "pyproject.toml", SPEC, ROOT / "installer" / "bundle.py"]
    files += sorted((ROOT / "wardlog").rglob("*.py"))
    files += sorted(path for path in (ROOT / "resources").rglob("*") if path.is_file())
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    packages = sorted({f"{d.metadata['Name']}=={d.version}".lower() for d in metadata.distributions()})
    digest.update("\n".join([sys.version, *packages]).encode())
    return digest.hexdigest()


def is_current(bundle: Path = BUNDLE) -> bool:
    """True when ``bundle`` was built by this script from the sources as they are now."""
    return program(bundle).exists() and STAMP.exists() and STAMP.read_text().strip() == inputs_digest()


@contextmanager
def locked() -> Iterator[None]:
    """One build (or copy of the bundle) at a time on this machine: test runs may overlap."""
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with open(LOCK, "a") as file:
        if not WINDOWS:
            import fcntl

            fcntl.flock(file, fcntl.LOCK_EX)
        yield


def folder_size(folder: Path) -> int:
    """Bytes of the files in ``folder`` (links not counted twice)."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def build(*, clean: bool = False) -> Path:
    """Run PyInstaller; check that the result starts and knows its version; return the bundle."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit('PyInstaller is missing: pip install -e ".[gui,report,build]"') from None
    wanted, installed = project_version(), installed_version()
    if installed != wanted:
        # the bundle copies the installed metadata, which wardlog.__version__ reads
        raise SystemExit(
            f"The installed WardLog says version {installed}, pyproject.toml says {wanted}: "
            'reinstall it first (pip install -e ".[gui,report,build]").'
        )
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    if clean:
        command.insert(3, "--clean")
    STAMP.unlink(missing_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run(command, cwd=WORK, check=True)  # not ROOT: its wardlog.egg-info may be stale
    result = subprocess.run(
        [str(program()), "--version"], capture_output=True, text=True, env=_bare_environment(), check=False
    )
    if result.returncode != 0 or result.stdout.strip() != f"WardLog {wanted}":
        raise SystemExit(f"The bundle does not start:\n{result.stdout}{result.stderr}")
    STAMP.write_text(inputs_digest() + "\n")
    return BUNDLE


def _bare_environment() -> dict[str, str]:
    keep = ("PATH", "HOME", "SYSTEMROOT", "TEMP", "TMP", "USERPROFILE", "LOCALAPPDATA", "APPDATA")
    return {name: os.environ[name] for name in keep if name in os.environ}


def find_iscc() -> Path | None:
    """Inno Setup's command-line compiler."""
    found = shutil.which("iscc")
    if found:
        return Path(found)
    for variable in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        base = os.environ.get(variable)
        for folder in ("Inno Setup 6", "Programs/Inno Setup 6"):
            if base and (candidate := Path(base) / folder / "ISCC.exe").exists():
                return candidate
    return None


def build_installer(version: str) -> Path:
    """``dist/WardLog-Setup-<version>.exe`` from the Windows bundle (Inno Setup 6)."""
    if not WINDOWS:
        raise SystemExit("The setup program is made on Windows (Inno Setup runs there).")
    iscc = find_iscc()
    if iscc is None:
        raise SystemExit("ISCC.exe not found: install Inno Setup 6 (https://jrsoftware.org/isdl.php).")
    subprocess.run([str(iscc), f"/DAppVersion={version}", str(ISS)], cwd=ROOT, check=True)
    return DIST / f"WardLog-Setup-{version}.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build WardLog's self-contained folder, dist/wardlog/.")
    parser.add_argument("--clean", action="store_true", help="rebuild from scratch (PyInstaller's cache too)")
    parser.add_argument("--installer", action="store_true", help="then the Windows setup (Inno Setup)")
    parser.add_argument("--if-stale", action="store_true", help="do nothing when dist/wardlog/ is current")
    args = parser.parse_args(argv)
    with locked():
        if args.if_stale and not args.clean and is_current():
            print(f"{BUNDLE} is current.")
        else:
            build(clean=args.clean)
            size = folder_size(BUNDLE) / 1024 / 1024
            print(f"Built {program()} (WardLog {project_version()}), {size:.0f} MB.")
    if args.installer:
        print(f"Built {build_installer(project_version())}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
