"""WardLog's benchmark: every everyday operation at 10,000, 100,000 and 1,000,000 activities of 126
wards, each beside its physical reference measured in the same run, and the targets of issue #7.

    .venv/bin/python tests/benchmarks/bench.py [--sizes 10000,100000,1000000] [--repeat 3]
                                               [--only start,list,reports,export,merge]

Setup, made once and kept in ``--cache`` (default: the temporary folder's ``wardlog-bench``) for
later runs with the same schema and exchange format, not timed:
- the upper-level book of each size: ``wardlog init`` then ``wardlog demo --activities N --wards 126``
  (dates up to 20/11/2026, seed 1);
- one book per ward holding that ward's share of the demo as its own activities, and its exchange
  file made by the real export (126 files); the book of the ward of median size is kept.

Then each figure, measured in a fresh process where its start or memory matters, beside its
reference: the same work without WardLog around it.
- start: ``wardlog --db BOOK`` until its main window has painted the first page of the list
  (offscreen; ``WARDLOG_QUIT_WHEN_SHOWN=1`` makes the app say so and close) / a bare PySide6 window
  shown the same way, until its first paint.
- open the list: the list switched to all dates (count, totals, first page), painted / the same SQL
  statements, traced, run directly on a plain sqlite3 connection.
- scroll the list: top to bottom in 100 steps, each painted; the rows held at the end / its statements.
- search while typing: "t", "tu", "tuy", "tuye", "tuyen" in turn over all dates, the slowest keystroke
  (the pause after a keystroke is not counted) / its statements.
- six-month report: 2026-H2 of the ward of median size, from its own book: figures, document and
  PDF, warm (after one run for the imports and fonts) / the statements of figures and document.
- consolidated report: the year 2026 over every ward of the upper-level book, the same way.
- export: that ward's exchange file (all its activities) / ``VACUUM INTO`` of its book.
- merge: the 126 ward files into an empty book (``merge_files``, without the backup the command takes
  first) / ``INSERT … SELECT`` of the same rows from each file, one transaction per file.
- re-merge: the same files again, nothing new / each file's activities matched by uid in one SELECT.
- GUI memory: the peak resident memory of the process that opened, scrolled and searched the list / a
  bare PySide6 window's.
The list's figures are the medians of ``--repeat`` runs of that process (its memory, the largest), as
are the start, the reports and the export; a merge is run once.

The app runs from compiled bytecode (``PYTHONPYCACHEPREFIX`` in the cache folder, as an installed app
has), in Vietnamese. The machine's other load moves wall times: the load average is printed.
Not a test: pytest does not collect this folder; figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

UNTIL = "2026-11-20"
HALF = "2026-H2"
YEAR = "2026"
TYPED = ("t", "tu", "tuy", "tuye", "tuyen")
SCROLL_STEPS = 100
TARGETS_AT = 1_000_000


# --- measuring ----------------------------------------------------------------------------------


@dataclass
class Figure:
    """One line of the table at one size."""

    seconds: float | None = None
    reference: float | None = None
    note: str = ""

    def cell(self, unit: str = "s") -> str:
        if self.seconds is None:
            return "–"
        value = f"{self.seconds:.2f} {unit}" if unit == "s" else f"{self.seconds:.0f} {unit}"
        if self.reference:
            reference = f"{self.reference:.2f}" if unit == "s" else f"{self.reference:.0f}"
            value += f" / {reference} (×{self.seconds / self.reference:.1f})"
        return value + (f" {self.note}" if self.note else "")


@dataclass
class Run:
    size: int
    figures: dict[str, Figure] = field(default_factory=dict)


def child_env(cache: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        PYTHONPATH=str(ROOT),
        PYTHONPYCACHEPREFIX=str(cache / "pycache"),
        WARDLOG_HOME=str(cache / "home"),
        QT_QPA_PLATFORM="offscreen",
        WARDLOG_LANG="vi",
    )
    return env


def run_child(cache: Path, *args: str) -> tuple[dict[str, Any], int]:
    """Run this script as a child (``--child …``); its RESULT line and its peak memory in MiB."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, text=True, env=child_env(cache)
    )
    assert process.stdout is not None
    result: dict[str, Any] = {}
    for line in process.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
        else:
            print("    " + line.rstrip(), flush=True)
    _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"child {args[0]} failed ({status})")
    return result, usage.ru_maxrss // 1024


def time_until_shown(command: Sequence[str], cache: Path) -> tuple[float, int]:
    """Seconds from starting ``command`` to its ``shown`` line, and the process's peak memory (MiB)."""
    env = {**child_env(cache), "WARDLOG_QUIT_WHEN_SHOWN": "1"}
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    seconds = time.perf_counter() - began
    process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if line.strip() != "shown" or status != 0:
        raise SystemExit(f"{command[-1]} did not show its window ({line!r}, status {status})")
    return seconds, usage.ru_maxrss // 1024


# The reference of the start: a bare window, measured to the same moment as the app (its first paint).
BARE_WINDOW = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1100, 700)
def done():
    print("shown", flush=True)
    window.close()
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            window.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False
window.installEventFilter(FirstPaint(window))
window.show()
app.exec()
"""


def traced(conn: sqlite3.Connection, work: Callable[[], object]) -> tuple[float, list[str]]:
    """Time ``work`` and collect the SELECT statements it ran on ``conn`` (with their values)."""
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    began = time.perf_counter()
    try:
        work()
    finally:
        seconds = time.perf_counter() - began
        conn.set_trace_callback(None)
    return seconds, [s for s in statements if s.lstrip()[:6].upper() in ("SELECT", "WITH")]


def replay(
    path: Path, statements: list[str], prepare: Callable[[sqlite3.Connection], None] | None = None
) -> float:
    """The statements run directly on a plain read-only connection, every row fetched."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if prepare is not None:
            prepare(conn)
        began = time.perf_counter()
        for statement in statements:
            conn.execute(statement).fetchall()
        return time.perf_counter() - began
    finally:
        conn.close()


def median_of(repeat: int, work: Callable[[], float]) -> float:
    return statistics.median(work() for _ in range(repeat))


# --- setup (cached) -----------------------------------------------------------------------------


@dataclass
class Books:
    upper: Path
    ward: Path
    files: list[Path]


def cache_folder(cache: Path, size: int, wards: int) -> Path:
    from wardlog.core.exchange_format import FORMAT_VERSION
    from wardlog.core.schema import SCHEMA_VERSION

    return cache / f"schema{SCHEMA_VERSION}-format{FORMAT_VERSION}" / f"{size}-{wards}"


def setup(cache: Path, size: int, wards: int) -> Books:
    folder = cache_folder(cache, size, wards)
    books = Books(folder / "upper.wardlog", folder / "ward.wardlog", [])
    done = folder / "DONE"
    if not done.exists():
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        began = time.perf_counter()
        wardlog = [sys.executable, "-m", "wardlog", "--db", str(books.upper)]
        env = child_env(cache)
        subprocess.run([*wardlog, "init", "--ward-code", "09556", "--unit-name", "Phường Hà Đông"],
                       check=True, env=env, stdout=subprocess.DEVNULL)  # fmt: skip
        subprocess.run([*wardlog, "demo", "--activities", str(size), "--wards", str(wards), "--until", UNTIL],
                       check=True, env=env)  # fmt: skip
        _split(books.upper, folder, books.ward)
        print(f"  setup of {size:,}: {time.perf_counter() - began:.0f} s", flush=True)
        done.touch()
    books.files = sorted((folder / "files").glob("*.wlx"))
    return books


def _split(upper: Path, folder: Path, keep: Path) -> None:
    """One book per ward with its share of the demo as its own activities, exported; the book of the
    ward of median size is kept."""
    from wardlog.core.book import Book
    from wardlog.core.exchange import export

    with Book.open(upper) as source:
        registered = source.conn.execute(
            "SELECT w.code, w.name, w.province, count(a.id) FROM wards w"
            " LEFT JOIN activities a ON a.ward_code = w.code GROUP BY w.code ORDER BY count(a.id), w.code"
        ).fetchall()
    median = registered[len(registered) // 2][0]
    files = folder / "files"
    files.mkdir()
    for index, (code, name, province, _count) in enumerate(registered, 1):
        path = folder / f"ward-{code}.wardlog"
        with Book.open(path) as ward:
            ward.update_settings(ward_code=code, unit_name=name, province=province)
            _copy_ward(ward, upper, code)
            export(ward, files, None)
        if code == median:
            os.replace(path, keep)
        for made in folder.glob(f"ward-{code}.wardlog*"):
            made.unlink()
        if index % 21 == 0 or index == len(registered):
            print(f"  ward books and files: {index}/{len(registered)}", flush=True)


def _copy_ward(ward: object, source: Path, code: str) -> None:
    """The ward's activities of the demo book become the ward book's own (ward_code NULL)."""
    conn: sqlite3.Connection = ward.conn  # type: ignore[attr-defined]
    conn.execute("ATTACH DATABASE ? AS src", [str(source)])
    try:
        with ward.atomic():  # type: ignore[attr-defined]
            conn.execute(
                "INSERT INTO activities(uid, ward_code, date, channel, title, place, participants, quantity,"
                " unit, minutes, responsible, notes, created_at, updated_at, revision, deleted_at)"
                " SELECT uid, NULL, date, channel, title, place, participants, quantity, unit, minutes,"
                " responsible, notes, created_at, updated_at, revision, deleted_at FROM src.activities"
                " WHERE ward_code = ? ORDER BY id",
                [code],
            )
            for table, column in (("activity_topics", "topic"), ("activity_audiences", "audience")):
                conn.execute(
                    f"INSERT INTO {table}(activity_id, {column}) SELECT a.id, t.{column}"
                    f" FROM src.{table} t JOIN src.activities s ON s.id = t.activity_id"
                    " JOIN activities a ON a.uid = s.uid WHERE s.ward_code = ?",
                    [code],
                )
    finally:
        conn.execute("DETACH DATABASE src")


# --- children -----------------------------------------------------------------------------------


def child_gui(book_path: str) -> dict[str, object]:
    """The app on the book, as a user drives it: the list on all dates, scrolled, searched."""
    from PySide6.QtWidgets import QApplication

    from wardlog.ui import app as app_module
    from wardlog.ui.activity_list import ActivityListPage
    from wardlog.ui.collation import install_collation
    from wardlog.ui.main_window import MainWindow

    path = Path(book_path)
    app_module.run(path, exec_loop=False)
    sys.excepthook = sys.__excepthook__  # a failure here ends the child, rather than wait in a message box
    (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    window.resize(1280, 800)
    QApplication.processEvents()
    page: ActivityListPage = window.activities_page
    table, model = page.table, page.model
    conn = window.session.book.conn

    def paint() -> None:
        table.viewport().repaint()

    def totals_after(began: float) -> float:
        """Seconds from ``began`` until the totals under the list are shown (added up beside it)."""
        while not page.totals_shown:
            QApplication.processEvents()
            time.sleep(0.001)
        return time.perf_counter() - began

    def open_all() -> None:
        page.period_picker.set_period(None)
        paint()

    began = time.perf_counter()
    opened, opening = traced(conn, open_all)
    open_totals = totals_after(began)
    rows = model.rowCount()
    bar = table.verticalScrollBar()

    def scroll() -> None:
        for step in range(SCROLL_STEPS + 1):
            bar.setValue(round(step * bar.maximum() / SCROLL_STEPS))
            paint()

    scrolled, scrolling = traced(conn, scroll)
    rows_held = model.loaded_rows
    bar.setValue(0)
    searches = []
    for text in TYPED:
        page.search_box.blockSignals(True)  # the pause after a keystroke is not timed: the work is
        page.search_box.setText(text)
        page.search_box.blockSignals(False)
        began = time.perf_counter()
        seconds, statements = traced(conn, lambda: (page._apply_filters(), paint()))
        with_totals = totals_after(began)
        searches.append((seconds, replay(path, statements, install_collation), with_totals))
    slowest = max(searches)
    return {
        "rows": rows,
        "open": opened,
        "open_ref": replay(path, opening, install_collation),
        "scroll": scrolled,
        "scroll_ref": replay(path, scrolling, install_collation),
        "rows_held": rows_held,
        "search": slowest[0],
        "search_ref": slowest[1],
        "search_totals": max(s[2] for s in searches),
        "open_totals": open_totals,
        "searches": [round(s[0], 2) for s in searches],
    }


def child_report(book_path: str, period_code: str, consolidated: str, repeat: str) -> dict[str, object]:
    """Figures, document and PDF of a period, warm (after one run for imports and fonts)."""
    from datetime import date

    from wardlog.core import i18n
    from wardlog.core.book import Book
    from wardlog.core.periods import parse
    from wardlog.core.reports import ReportDetails
    from wardlog.report import consolidated as consolidated_report
    from wardlog.report import document, output

    i18n.set_language("vi")
    builder = consolidated_report.build if consolidated == "1" else document.build
    details = ReportDetails(number="5", issued_on=date(2026, 11, 20))
    with Book.open(Path(book_path), create=False) as book:
        period = parse(period_code, book.settings.convention)
        output.render(builder(book, period, details), ".pdf")  # warm-up
        times, references = [], []
        built: list[object] = []
        for _ in range(int(repeat)):
            built.clear()
            build, statements = traced(book.conn, lambda: built.append(builder(book, period, details)))
            began = time.perf_counter()
            data = output.render(built[0], ".pdf")
            times.append(build + time.perf_counter() - began)
            references.append(replay(Path(book_path), statements))
        activities = built[0].activity_count  # type: ignore[attr-defined]
    return {
        "seconds": statistics.median(times),
        "reference": statistics.median(references),
        "activities": activities,
        "kb": len(data) // 1024,
    }


def child_merge(book_path: str, listing: str) -> dict[str, object]:
    from wardlog.core.book import Book
    from wardlog.core.merging import merge_files

    files = [Path(line) for line in Path(listing).read_text(encoding="utf-8").splitlines()]
    with Book.open(Path(book_path)) as book:
        began = time.perf_counter()
        cpu = time.process_time()
        results = merge_files(book, files, backup=False)
        seconds = time.perf_counter() - began
        cpu = time.process_time() - cpu
        total, distinct = book.conn.execute("SELECT count(*), count(DISTINCT uid) FROM activities").fetchone()
    refused = [r for r in results if r.refused]
    return {
        "seconds": seconds,
        "cpu": cpu,
        "added": sum(r.added for r in results),
        "unchanged": sum(r.unchanged for r in results),
        "refused": len(refused),
        "activities": total,
        "duplicates": total - distinct,
    }


def child_raw_merge(book_path: str, listing: str, mode: str) -> dict[str, object]:
    """The reference: the files' rows copied with INSERT … SELECT (``insert``) or matched by uid
    (``match``), on a plain connection, one transaction per file."""
    files = [Path(line) for line in Path(listing).read_text(encoding="utf-8").splitlines()]
    conn = sqlite3.connect(book_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    began = time.perf_counter()
    matched = 0
    for path in files:
        conn.execute("ATTACH DATABASE ? AS f", [f"{path.resolve().as_uri()}?mode=ro"])
        conn.execute("BEGIN")
        if mode == "insert":
            code = conn.execute("SELECT ward_code FROM f.manifest").fetchone()[0]
            conn.execute("INSERT OR IGNORE INTO wards(code, name) VALUES (?, ?)", [code, code])
            conn.execute(
                "INSERT INTO activities(uid, ward_code, date, channel, title, place, participants, quantity,"
                " unit, minutes, responsible, notes, created_at, updated_at, revision, deleted_at)"
                " SELECT uid, ?, date, channel, title, place, participants, quantity, unit, minutes,"
                " responsible, notes, created_at, updated_at, revision, deleted_at FROM f.activities",
                [code],
            )
            for table, column in (("activity_topics", "topic"), ("activity_audiences", "audience")):
                conn.execute(
                    f"INSERT INTO {table}(activity_id, {column}) SELECT a.id, t.{column}"
                    f" FROM f.{table} t JOIN activities a ON a.uid = t.activity_uid"
                )
        else:
            matched += conn.execute(
                "SELECT count(*) FROM f.activities s JOIN activities a ON a.uid = s.uid"
                " AND a.revision = s.revision"
            ).fetchone()[0]
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE f")
    seconds = time.perf_counter() - began
    conn.close()
    return {"seconds": seconds, "matched": matched}


def child_export(book_path: str, out: str, repeat: str) -> dict[str, object]:
    from wardlog.core.book import Book
    from wardlog.core.exchange import export

    times, references = [], []
    target = Path(out)
    with Book.open(Path(book_path), create=False) as book:
        for _ in range(int(repeat)):
            for leftover in target.glob("*"):
                leftover.unlink()
            began = time.perf_counter()
            export(book, target, None)
            times.append(time.perf_counter() - began)
            copy = target / "vacuum.sqlite"
            began = time.perf_counter()
            raw = sqlite3.connect(book_path)
            raw.execute("VACUUM INTO ?", [str(copy)])
            raw.close()
            references.append(time.perf_counter() - began)
            copy.unlink()
        count = book.activities.count()
    return {
        "seconds": statistics.median(times),
        "reference": statistics.median(references),
        "activities": count,
    }


CHILDREN: dict[str, Callable[..., dict[str, object]]] = {
    "gui": child_gui,
    "report": child_report,
    "merge": child_merge,
    "raw-merge": child_raw_merge,
    "export": child_export,
}


# --- the run ------------------------------------------------------------------------------------


GROUPS = ("start", "list", "reports", "export", "merge")


def measure(size: int, books: Books, cache: Path, repeat: int, only: Sequence[str] = GROUPS) -> Run:
    run = Run(size)
    figures = run.figures
    work = cache / "run"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)

    bare = [sys.executable, "-c", BARE_WINDOW]
    bares = [time_until_shown(bare, cache) for _ in range(repeat)]
    if "start" in only:
        print(f"  start ({repeat}×)", flush=True)
        app = [sys.executable, "-m", "wardlog", "--db", str(books.upper)]
        time_until_shown(app, cache)  # warm-up: bytecode, disk cache
        starts = [time_until_shown(app, cache) for _ in range(repeat)]
        figures["start"] = Figure(
            statistics.median(s for s, _ in starts), statistics.median(s for s, _ in bares)
        )
    if "list" in only:
        _measure_list(figures, books, cache, statistics.median(m for _, m in bares), repeat)
    if "reports" in only:
        _measure_reports(figures, books, cache, repeat)
    if "export" in only:
        print("  export", flush=True)
        exported, _ = run_child(cache, "export", str(books.ward), str(work), str(repeat))
        note = f"({exported['activities']:,} activities)"
        figures["export"] = Figure(exported["seconds"], exported["reference"], note)
    if "merge" in only:
        _measure_merge(figures, books, cache, work)
    shutil.rmtree(work)
    return run


def _measure_list(
    figures: dict[str, Figure], books: Books, cache: Path, bare_memory: float, repeat: int
) -> None:
    print(f"  the list: open, scroll, search ({repeat}×)", flush=True)
    runs = [run_child(cache, "gui", str(books.upper)) for _ in range(repeat)]
    results = [result for result, _memory in runs]
    gui: dict[str, Any] = {
        key: statistics.median(r[key] for r in results) for key in results[0] if key != "searches"
    }
    typed = zip(*(r["searches"] for r in results), strict=True)
    gui["searches"] = [round(statistics.median(each), 2) for each in typed]
    gui_memory = max(memory for _, memory in runs)
    note = f"({int(gui['rows']):,} rows; totals in {gui['open_totals']:.2f} s)"
    figures["open"] = Figure(gui["open"], gui["open_ref"], note)
    figures["scroll"] = Figure(gui["scroll"], gui["scroll_ref"], f"({int(gui['rows_held']):,} rows held)")
    note = f"(each: {', '.join(map(str, gui['searches']))}; totals in {gui['search_totals']:.2f} s)"
    figures["search"] = Figure(gui["search"], gui["search_ref"], note)
    figures["memory"] = Figure(gui_memory, bare_memory)


def _measure_reports(figures: dict[str, Figure], books: Books, cache: Path, repeat: int) -> None:
    print("  reports", flush=True)
    for key, book, period, consolidated in (
        ("report", books.ward, HALF, "0"),
        ("consolidated", books.upper, YEAR, "1"),
    ):
        report, _ = run_child(cache, "report", str(book), period, consolidated, str(repeat))
        figures[key] = Figure(
            report["seconds"], report["reference"], f"({report['activities']:,} activities)"
        )


def _measure_merge(figures: dict[str, Figure], books: Books, cache: Path, work: Path) -> None:
    print(f"  merge of {len(books.files)} files, then again", flush=True)
    listing = work / "files.txt"
    listing.write_text("\n".join(str(f) for f in books.files), encoding="utf-8")
    merged, raw = work / "merged.wardlog", work / "raw.wardlog"
    from wardlog.core.book import Book

    for empty in (merged, raw):
        Book.open(empty).close()
    first, _ = run_child(cache, "merge", str(merged), str(listing))
    inserted, _ = run_child(cache, "raw-merge", str(raw), str(listing), "insert")
    note = f"({first['added']:,} added, {first['cpu']:.0f} s CPU)"
    figures["merge"] = Figure(first["seconds"], inserted["seconds"], note)
    again, _ = run_child(cache, "merge", str(merged), str(listing))
    matched, _ = run_child(cache, "raw-merge", str(merged), str(listing), "match")
    note = f"({again['added']} added, {again['duplicates']} duplicates)"
    figures["remerge"] = Figure(again["seconds"], matched["seconds"], note)


ROWS = (
    ("start", "app start to a usable main window / bare Qt window", "start ≤ 2× bare window"),
    ("open", "open the activity list, all dates / its SQL run directly", "< 0.3 s"),
    ("scroll", "scroll the list end to end (100 steps) / its SQL", "no full load"),
    ("search", "search while typing, slowest keystroke / its SQL", "≤ 3× start"),
    ("report", "six-month report of one ward (PDF) / its SQL", ""),
    ("consolidated", "yearly consolidated report (PDF) / its SQL", "< 5 s"),
    ("export", "export of one ward / VACUUM INTO", ""),
    ("merge", "merge of 126 ward files / INSERT … SELECT", "< 30 s"),
    ("remerge", "re-merge, nothing new / match by uid", ""),
    ("memory", "GUI peak memory (RSS) / bare Qt window", "< 300 MB"),
)


def table(runs: list[Run]) -> str:
    head = "| operation (WardLog / reference) | " + " | ".join(f"{r.size:,} activities" for r in runs)
    lines = [head + " | target at 1,000,000 |", "|---" * (len(runs) + 2) + "|"]
    for key, label, target in ROWS:
        cells = [r.figures.get(key, Figure()).cell("MB" if key == "memory" else "s") for r in runs]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")
    return "\n".join(lines)


def verdicts(runs: list[Run]) -> list[str]:
    big = next((r for r in runs if r.size == TARGETS_AT), None)
    if big is None:
        return []
    f: dict[str, Figure] = {key: big.figures.get(key, Figure()) for key, _label, _target in ROWS}
    start = f["start"].seconds
    checks = (
        ("search results within 3× the start", f["search"].seconds, 3 * start if start else None),
        ("yearly consolidated report under 5 s", f["consolidated"].seconds, 5.0),
        ("list opens under 0.3 s", f["open"].seconds, 0.3),
        ("start within 2× a bare Qt window", start, 2 * (f["start"].reference or 0)),
        ("GUI memory under 300 MB", f["memory"].seconds, 300),
        ("merge of 126 files under 30 s", f["merge"].seconds, 30.0),
    )
    return [
        f"- {name}: {value:.2f} against {limit:.2f}: {'met' if value <= limit else 'MISSED'}"
        for name, value, limit in checks
        if value is not None and limit is not None
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,1000000", help="activities, comma-separated")
    parser.add_argument("--wards", type=int, default=126)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each quick figure (median)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "wardlog-bench")
    parser.add_argument("--only", default=",".join(GROUPS), help="some of: " + ", ".join(GROUPS))
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        print("RESULT " + json.dumps(CHILDREN[kind](*rest)), flush=True)
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.cache.mkdir(parents=True, exist_ok=True)
    print(f"WardLog benchmark, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}", flush=True)
    runs = []
    for size in sizes:
        print(f"{size:,} activities, {args.wards} wards", flush=True)
        books = setup(args.cache, size, args.wards)
        runs.append(measure(size, books, args.cache, args.repeat, args.only.split(",")))
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}\n")
    print(table(runs))
    for line in verdicts(runs):
        print(line)


if __name__ == "__main__":
    main()
