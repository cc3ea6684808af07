"""The command line under hostile conditions: a sentence that says what happened, exit 1, nothing lost."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from wardlog import cli
from wardlog.core import book as book_module
from wardlog.core.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "mau-nhap-hoat-dong.csv"
ENGLISH = {"WARDLOG_LANG": "en"}


def wardlog(
    *args: str, book: Path, prefix: list[str] | None = None, lang: str = "en"
) -> subprocess.CompletedProcess:
    env = {**os.environ, "WARDLOG_LANG": lang, "PYTHONPATH": str(ROOT)}
    command = [*(prefix or []), sys.executable, "-m", "wardlog", "--db", str(book), *args]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT)


def count(book: Path) -> int:
    with sqlite3.connect(book) as conn:
        return conn.execute("SELECT count(*) FROM activities").fetchone()[0]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "b.wardlog"
    assert wardlog("import", str(SAMPLE), book=path).returncode == 0
    return path


HOLD = """
import sys
from wardlog.core.book import Book
book = Book.open(sys.argv[1])
book.claim("app")
print("holding", flush=True)
sys.stdin.read()
book.close()
"""


def hold(path: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout.readline().strip() == "holding"
    return process


def test_a_writing_command_on_a_book_open_elsewhere_is_refused_and_explained(book: Path) -> None:
    app = hold(book)
    try:
        result = wardlog("import", str(SAMPLE), book=book)
        assert result.returncode == 1
        assert result.stderr.startswith(
            f"The book {book} is already open in the WardLog app on the computer {socket.gethostname()}"
        )
        assert f"process {app.pid})" in result.stderr
        assert "Traceback" not in result.stderr
        assert count(book) == 7
        listed = wardlog("list", "--format", "json", book=book)  # reading is no harm
        assert listed.returncode == 0
        assert wardlog("check", book=book).returncode == 0
    finally:
        app.communicate("")
    assert wardlog("import", str(SAMPLE), book=book).returncode == 0
    assert count(book) == 14


def test_a_book_left_marked_by_a_killed_app_opens_normally(book: Path) -> None:
    app = hold(book)
    os.kill(app.pid, signal.SIGKILL)
    app.communicate()
    assert (book.parent / "b.wardlog-lock").exists()
    result = wardlog("import", str(SAMPLE), book=book)
    assert result.returncode == 0, result.stderr
    assert count(book) == 14
    assert not (book.parent / "b.wardlog-lock").exists()


def test_the_message_is_vietnamese_by_default(book: Path) -> None:
    app = hold(book)
    try:
        result = wardlog("import", str(SAMPLE), book=book, lang="vi")
    finally:
        app.communicate("")
    assert result.returncode == 1
    assert "đang được mở" in result.stderr


# --- in-process runs of the real main(), where the test must bend the machine -------------------


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_book_locked_by_another_program_says_so_not_database_is_locked(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(book_module, "BUSY_TIMEOUT_MS", 100)  # the real wait is 5 s
    tool = sqlite3.connect(book, isolation_level=None)  # a database tool with a change open
    try:
        tool.execute("BEGIN IMMEDIATE")
        tool.execute("UPDATE settings SET value = value")
        code, _out, err = run_main(capsys, "--db", str(book), "import", str(SAMPLE))
    finally:
        tool.execute("ROLLBACK")
        tool.close()
    assert code == 1
    assert err.startswith(f"Another program is using the book {book} right now")
    assert "database is locked" not in err
    assert count(book) == 7


def test_a_full_disk_refuses_the_import_and_keeps_the_book(
    book: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    prepare = book_module.Book._prepare

    def on_a_nearly_full_disk(self: book_module.Book) -> None:
        prepare(self)
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        self.conn.execute(f"PRAGMA max_page_count = {pages + 2}")

    monkeypatch.setattr(book_module.Book, "_prepare", on_a_nearly_full_disk)
    big = tmp_path / "big.csv"
    rows = [f"05/03/2026,loa,tthc,Hoạt động {i} {'z' * 300}" for i in range(300)]
    big.write_text("Ngày,Hình thức,Nội dung,Tiêu đề\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, _out, err = run_main(capsys, "--db", str(book), "import", str(big))
    assert code == 1
    assert err.startswith(f"The disk that holds {book.parent} is full.")
    assert count(book) == 7
    monkeypatch.undo()
    assert run_main(capsys, "--db", str(book), "check")[0] == 0


# --- read-only, damaged, newer ------------------------------------------------------------------


def unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="wardlog-shared-"))
    os.chmod(folder, 0o755)
    yield folder
    os.chmod(folder, 0o755)
    shutil.rmtree(folder)


def test_a_book_on_a_write_protected_stick(shared_folder: Path) -> None:
    path = shared_folder / "b.wardlog"
    assert wardlog("import", str(SAMPLE), book=path).returncode == 0
    os.chmod(path, 0o644)
    os.chmod(shared_folder, 0o555)
    listed = wardlog("list", book=path, prefix=unprivileged())
    imported = wardlog("import", str(SAMPLE), book=path, prefix=unprivileged())
    os.chmod(shared_folder, 0o755)
    for result in (listed, imported):
        assert result.returncode == 1
        assert result.stderr.startswith(
            f"WardLog may not write to {path}: the file or its folder is read-only"
        )
        assert "Traceback" not in result.stderr
    assert count(path) == 7


def scribble_on_the_activities(path: Path) -> None:
    """Overwrite the first page of the activities table, as a failing disk might."""
    conn = sqlite3.connect(path)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'activities'").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * 4096 + 8 : (root - 1) * 4096 + 520] = b"\xff" * 512
    path.write_bytes(bytes(data))


def test_a_damaged_book_is_explained_and_the_repair_says_what_it_cannot_do(tmp_path: Path) -> None:
    path = tmp_path / "b.wardlog"
    rows = [f"05/03/2026,loa,tthc,Hoạt động {i} {'z' * 300}" for i in range(300)]
    big = tmp_path / "big.csv"
    big.write_text("Ngày,Hình thức,Nội dung,Tiêu đề\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert wardlog("import", str(big), book=path).returncode == 0
    scribble_on_the_activities(path)

    listed = wardlog("list", book=path)
    assert listed.returncode == 1
    assert listed.stderr.startswith(f"The book's file {path} is damaged (")
    assert "Traceback" not in listed.stderr

    repaired = wardlog("check", "--repair", book=path)
    assert repaired.returncode == 1
    assert "A copy of the book as it was is kept in " in repaired.stdout
    assert "This damage cannot be repaired here: restore a backup" in repaired.stderr


def test_check_repair_mends_a_book_and_says_what_it_did(book: Path) -> None:
    with sqlite3.connect(book) as conn:  # break rules behind WardLog's back
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM activity_search WHERE rowid = 2")
        conn.execute("DELETE FROM activities WHERE id = 3")
    checked = wardlog("check", book=book)
    assert checked.returncode == 1
    assert "Problems found in" in checked.stderr

    repaired = wardlog("check", "--repair", book=book)
    assert repaired.returncode == 0, repaired.stderr
    assert "Repaired:" in repaired.stdout
    assert "- Rebuilt the search index (6 activities)." in repaired.stdout
    assert "record" in repaired.stdout and "left behind by activities that no longer exist" in repaired.stdout
    assert "The book is now sound (6 activities)." in repaired.stdout
    assert wardlog("check", book=book).returncode == 0


def test_a_book_from_a_newer_wardlog_is_refused_untouched(book: Path) -> None:
    conn = sqlite3.connect(book)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()  # checkpointed into the file
    before = book.read_bytes()
    for args in (["list"], ["import", str(SAMPLE)], ["check", "--repair"]):
        result = wardlog(*args, book=book)
        assert result.returncode == 1
        assert result.stderr.startswith("This book was written by a newer version of WardLog")
    assert book.read_bytes() == before
