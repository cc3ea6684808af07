"""Crash safety: real WardLog processes killed with SIGKILL at random moments, many times.

After every kill the book is opened as the next start of WardLog would open it, must pass the full
check (``check_book``), and must hold all or none of the interrupted action:

- ``wardlog import big.csv`` (a real command): every row of the file, or none of them;
- ``wardlog merge`` of three wards' exchange files into an upper-level book: each file's records
  and its delivery wholly, or none of them (each file is its own transaction);
- the driver (``crash_driver.py``) doing edits, deletes, restores from the bin, series, catalog
  renames, backups and restores of backups through the core: the touched records wholly as before
  or wholly as after.

Every copy left in the backup folder must still be a sound book: a kill during a backup may leave a
``.partial`` file, never a broken copy under a real name. A killed process's marker beside the book
must not stop the next one.

Scenarios are data (:data:`CLI_SCENARIOS`, and the driver's ``ACTIONS``): another command joins
with a way to prepare a round and to judge the book after it.
The seed is printed on failure; ``WARDLOG_CRASH_SEED`` replays a run.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from wardlog.core import backups
from wardlog.core.book import Book
from wardlog.core.checks import check_book
from wardlog.core.holder import marker_path

sys.path.insert(0, str(Path(__file__).parent))
import crash_driver

ROOT = Path(__file__).resolve().parents[2]
IMPORT_KILLS = 10
MERGE_KILLS = 8
DRIVER_KILLS = 22
IMPORT_ROWS = 500
HEADER = (
    "Ngày,Hình thức,Nội dung,Tiêu đề,Địa điểm,Đối tượng,Số người tham dự,Số lượng,Thời lượng (phút),Ghi chú\n"
)


def kill_after(process: subprocess.Popen, delay: float) -> bool:
    """SIGKILL ``process`` after ``delay`` seconds; False when it had already finished by then."""
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return True


def examine(book_path: Path, checked: set[Path]) -> list[str]:
    """What the next start would find wrong: the full check, and every new backup being a sound book.

    ``checked`` holds the copies already found sound (a later kill cannot touch them); it grows.
    """
    problems: list[str] = []
    with Book.open(book_path) as book:  # recovers the WAL as any next start does
        problems += check_book(book)
    for copy in backups.list_backups(backups.folder_for(book_path)):
        if copy.path in checked:
            continue
        try:
            backups.check_backup(copy.path)
        except Exception as error:  # any failure is the finding
            problems.append(f"backup {copy.path.name}: {error}")
        else:
            checked.add(copy.path)
    return problems


# --- scenarios run as the real command ------------------------------------------------------------


@dataclass
class Round:
    command: list[str]
    verify: Callable[[sqlite3.Connection], str]  # "all", "none", or what is wrong
    writing: Callable[[], bool] = lambda: True  # whether the command has begun to write (to aim kills)


@dataclass(frozen=True)
class CliScenario:
    name: str
    kills: int
    prepare: Callable[[Path, Path, int], Round]  # (work folder, book, round number) → the round
    make_book: Callable[[Path], None]  # the book each round starts from
    sound: frozenset[str] = frozenset({"all", "none"})  # the outcomes that are all or none


def prepare_import(work: Path, book: Path, number: int) -> Round:
    tag = f"imp-{number}-"
    rows = "".join(
        f"{5 + i % 20:02d}/03/2026,loa,tthc;chinh_quyen_so,{tag}{i} Phát thanh về dịch vụ công,"
        f"Tổ dân phố {i % 9},nhan_dan,{i % 70},1,15,Ghi chú {i}\n"
        for i in range(IMPORT_ROWS)
    )
    sheet = work / f"big-{number}.csv"
    sheet.write_text(HEADER + rows, encoding="utf-8")

    def verify(conn: sqlite3.Connection) -> str:
        found = conn.execute("SELECT count(*) FROM activities WHERE title LIKE ?", [tag + "%"]).fetchone()[0]
        return {0: "none", IMPORT_ROWS: "all"}.get(found, f"{found} of {IMPORT_ROWS} rows imported")

    return Round(
        [sys.executable, "-m", "wardlog", "--db", str(book), "import", str(sheet)], verify, new_files_in(book)
    )


def new_files_in(book: Path) -> Callable[[], bool]:
    """Whether a file appeared in the book's backup folder: an import writes its safety copy first, then
    the activities, then commits; so from that moment on every instant is worth a kill."""
    folder = backups.folder_for(book)
    before = set(folder.iterdir()) if folder.is_dir() else set()

    def appeared() -> bool:
        return folder.is_dir() and any(path not in before for path in folder.iterdir())

    return appeared


WARDS = (("00004", "Phường Ba Đình"), ("00008", "Phường Ngọc Hà"), ("00025", "Phường Giảng Võ"))
WARD_ACTIVITIES = 250


def prepare_merge(work: Path, book: Path, number: int) -> Round:
    """``wardlog merge`` of three wards' exchange files into an upper-level book (made once)."""
    from datetime import date

    from wardlog.core.demo import generate
    from wardlog.core.exchange import export
    from wardlog.core.identity import set_identity
    from wardlog.core.periods import parse

    files = sorted((work / "exchange").glob("*.wlx"))
    if not files:
        for index, (code, name) in enumerate(WARDS):
            with Book.open(work / f"ward-{code}.wardlog") as ward:
                set_identity(ward, ward_code=code, unit_name=name)
                generate(ward, WARD_ACTIVITIES, until=date(2026, 6, 10), seed=index)
                (work / "exchange").mkdir(exist_ok=True)
                export(ward, work / "exchange", parse("2026-H1"))
        files = sorted((work / "exchange").glob("*.wlx"))
    expected: dict[str, int] = {}
    for path in files:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as exchange:
            code = exchange.execute("SELECT ward_code FROM manifest").fetchone()[0]
            expected[code] = exchange.execute("SELECT count(*) FROM activities").fetchone()[0]

    def verify(conn: sqlite3.Connection) -> str:
        outcome = set()
        for code, records in expected.items():
            found = conn.execute("SELECT count(*) FROM activities WHERE ward_code = ?", [code]).fetchone()[0]
            delivered = conn.execute(
                "SELECT count(*) FROM deliveries WHERE ward_code = ?", [code]
            ).fetchone()[0]
            if (found, delivered) == (records, 1):
                outcome.add("all")
            elif (found, delivered) == (0, 0):
                outcome.add("none")
            else:
                return f"ward {code}: {found} of {records} records, {delivered} deliveries"
        return outcome.pop() if len(outcome) == 1 else "some files"  # each file is one transaction

    command = [sys.executable, "-m", "wardlog", "--db", str(book), "merge", *map(str, files)]
    return Round(command, verify, new_files_in(book))


def upper_book(path: Path) -> None:
    from wardlog.core.identity import set_identity

    base_book(path, 50)
    with Book.open(path) as book:
        set_identity(book, ward_code="00070", unit_name="Phường Hoàn Kiếm")


CLI_SCENARIOS: list[CliScenario] = [
    CliScenario("import", IMPORT_KILLS, prepare_import, lambda path: base_book(path)),
    CliScenario("merge", MERGE_KILLS, prepare_merge, upper_book, frozenset({"all", "none", "some files"})),
]


@pytest.fixture(scope="module")
def rng() -> random.Random:
    seed = int(os.environ.get("WARDLOG_CRASH_SEED") or time.time_ns() % 1_000_000)
    print(f"crash harness seed: {seed} (WARDLOG_CRASH_SEED={seed} replays it)")
    return random.Random(seed)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("crash-home")


@pytest.fixture
def env(home: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("WARDLOG_HOME", str(home))  # the backups this process examines
    return {**os.environ, "WARDLOG_HOME": str(home), "PYTHONPATH": str(ROOT)}


def base_book(path: Path, activities: int = 150) -> None:
    from datetime import date

    from wardlog.core.demo import generate

    with Book.open(path) as book:
        generate(book, activities, until=date(2026, 11, 23), seed=6)


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for(process: subprocess.Popen, event: Callable[[], bool]) -> float | None:
    """The moment ``event`` became true while ``process`` ran (polled every millisecond), or None."""
    while process.poll() is None:
        if event():
            return time.perf_counter()
        time.sleep(0.001)
    return None


def calibrate(round_: Round, env: dict[str, str]) -> tuple[float, float]:
    """How long an uninterrupted run takes here, and how long its writing part lasts."""
    started = time.perf_counter()
    process = start(round_.command, env)
    writing = wait_for(process, round_.writing)
    process.wait()
    ended = time.perf_counter()
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert process.returncode == 0, errors
    return ended - started, ended - (writing or started)


def run_killed(
    round_: Round, env: dict[str, str], timing: tuple[float, float], rng: random.Random
) -> tuple[subprocess.Popen, bool]:
    """Start the round's command and kill it: mostly at a random instant of its writing part (from
    the moment it starts to write until near its usual end), sometimes anywhere."""
    duration, writing = timing
    process = start(round_.command, env)
    if rng.random() < 0.75 and wait_for(process, round_.writing) is not None:
        delay = rng.uniform(0, writing * 0.9)
    else:
        delay = rng.uniform(0, duration * 0.9)
    return process, kill_after(process, delay)


@pytest.mark.parametrize("scenario", CLI_SCENARIOS, ids=lambda s: s.name)
def test_a_killed_command_leaves_all_or_nothing(
    scenario: CliScenario, tmp_path: Path, env: dict[str, str], rng: random.Random
) -> None:
    template = tmp_path / "template.wardlog"
    scenario.make_book(template)
    book = tmp_path / "book.wardlog"

    shutil.copy(template, book)
    timing = calibrate(scenario.prepare(tmp_path, book, 0), env)  # to aim the kills

    outcomes: Counter[str] = Counter()
    checked: set[Path] = set()
    for number in range(1, scenario.kills + 1):
        shutil.copy(template, book)
        for side in ("-wal", "-shm"):
            Path(f"{book}{side}").unlink(missing_ok=True)
        round_ = scenario.prepare(tmp_path, book, number)
        process, killed = run_killed(round_, env, timing, rng)
        errors = process.stderr.read().decode()
        process.stderr.close()
        assert process.returncode in (0, -signal.SIGKILL), f"round {number}: {errors}"
        problems = examine(book, checked)
        conn = sqlite3.connect(book)
        outcome = round_.verify(conn)
        conn.close()
        assert problems == [], f"round {number}: {problems}"
        assert outcome in scenario.sound, f"round {number}: {outcome}"
        if not killed:
            assert outcome == "all"
        outcomes[f"{outcome}{'' if killed else ' (finished first)'}"] += 1
    print(
        f"{scenario.name}: {dict(outcomes)}; an uninterrupted run takes {timing[0]:.2f} s,"
        f" {timing[1]:.2f} s of it writing"
    )
    killed_rounds = sum(n for outcome, n in outcomes.items() if "finished" not in outcome)
    assert killed_rounds >= scenario.kills // 3  # a busy machine may finish a few before the kill


# --- the driver: edits, deletes, series, catalog, backups, restores --------------------------------


def test_a_killed_session_leaves_every_action_all_or_nothing(
    tmp_path: Path, env: dict[str, str], rng: random.Random
) -> None:
    book = tmp_path / "book.wardlog"
    base_book(book)
    journal = tmp_path / "journal.jsonl"
    interrupted: Counter[str] = Counter()
    checked: set[Path] = set()
    for number in range(1, DRIVER_KILLS + 1):
        assert not (marker_path(book).exists() and number == 1)
        command = [
            sys.executable,
            str(Path(crash_driver.__file__)),
            str(book),
            str(journal),
            f"{rng.random()}",
        ]
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert process.stdout.readline().strip() == "ready", process.stderr.read()
        killed = kill_after(process, rng.uniform(0.01, 0.25))
        process.stdout.close()
        errors = process.stderr.read()
        process.stderr.close()
        assert killed, f"the driver stopped by itself: {errors}"
        assert "Traceback" not in errors, errors
        problems = examine(book, checked)
        assert problems == [], f"kill {number}: {problems}"
        conn = sqlite3.connect(book)
        action, wrong = crash_driver.verify(conn, journal)
        conn.close()
        assert wrong == [], f"kill {number}, during {action}: {wrong}"
        interrupted[action or "nothing yet"] += 1
    print(f"driver kills by interrupted action: {dict(interrupted)}")
    assert len(interrupted) >= 3  # the kills fell in several kinds of action
