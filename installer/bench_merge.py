"""Benchmark: the upper level merges 126 ward exchange files holding about a million activities.

    .venv/bin/python installer/bench_merge.py [--activities 1000000] [--wards 126] [--work DIR]

Setup (not timed): a demo upper-level book with that many activities spread over that many wards
(``wardlog demo``), split into one ward book per ward (each ward's activities become its own), and
each ward book exported with the real ``export``. The ward files are kept in ``--work`` and reused
by a later run with the same figures.

Then, each in a fresh process so that its peak memory is its own: the merge of every file into an
empty upper-level book, with a progress line per file, and the same merge again (which must change
nothing). Prints the time, the peak resident memory, the totals and a check for duplicates.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(work: Path, activities: int, wards: int) -> list[Path]:
    """The ward files (made once per work folder and figures)."""
    from wardlog.core.book import Book
    from wardlog.core.demo import generate
    from wardlog.core.exchange import export

    files_dir = work / f"files-{activities}-{wards}"
    done_mark = files_dir / "DONE"
    if done_mark.exists():
        return sorted(files_dir.glob("*.wlx"))
    files_dir.mkdir(parents=True, exist_ok=True)
    source_path = work / f"source-{activities}-{wards}.wardlog"
    source_path.unlink(missing_ok=True)
    began = time.perf_counter()
    with Book.open(source_path) as source:
        result = generate(source, activities, wards=wards, seed=1)
        print(f"demo: {result.activities:,} activities in {result.wards} wards, {result.seconds:.1f} s")
        registered = source.conn.execute("SELECT code, name, province FROM wards ORDER BY code").fetchall()
    books_dir = work / "ward-books"
    books_dir.mkdir(exist_ok=True)
    for index, (code, name, province) in enumerate(registered, 1):
        path = books_dir / f"{code}.wardlog"
        path.unlink(missing_ok=True)
        with Book.open(path) as ward:
            ward.update_settings(ward_code=code, unit_name=name, province=province)
            _copy_ward(ward, source_path, code)
            export(ward, files_dir, None)
        path.unlink()
        if index % 21 == 0 or index == len(registered):
            print(f"ward books and files: {index}/{len(registered)}", flush=True)
    print(f"setup: {time.perf_counter() - began:.1f} s")
    source_path.unlink()
    done_mark.touch()
    return sorted(files_dir.glob("*.wlx"))


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


def merge(book_path: Path, files: list[Path]) -> None:
    """Run in a child process: merge the files, a progress line per file, the figures at the end."""
    from wardlog.core.book import Book
    from wardlog.core.merging import merge_files

    started = time.perf_counter()
    state = {"index": 0, "name": ""}
    last_percent = [-1]

    def on_file(index: int, path: Path) -> None:
        state["index"], state["name"] = index, path.name

    def progress(done: int, total: int) -> None:
        percent = int(100 * done / total)
        if percent != last_percent[0]:
            last_percent[0] = percent
            elapsed = time.perf_counter() - started
            print(f"  {percent:3d}%  file {state['index'] + 1:3d}/{len(files)}  {elapsed:6.1f} s", flush=True)

    with Book.open(book_path) as book:
        results = merge_files(book, files, progress=progress, on_file=on_file, backup=False)
        seconds = time.perf_counter() - started
        refused = [r for r in results if r.refused]
        total, uids = book.conn.execute("SELECT count(*), count(DISTINCT uid) FROM activities").fetchone()
        live = book.activities.count()
    added = sum(r.added for r in results)
    unchanged = sum(r.unchanged for r in results)
    print(
        f"RESULT seconds={seconds:.1f} files={len(results)} refused={len(refused)} added={added:,}"
        f" unchanged={unchanged:,} activities={total:,} live={live:,} distinct_uids={uids:,}"
    )


def run_child(book: Path, files: list[Path]) -> tuple[float, float, int]:
    """Merge in a child process; (wall seconds, CPU seconds, peak resident memory in MiB).

    The CPU time hardly depends on what else the machine is doing; the wall time does.
    """
    import resource

    list_file = book.with_suffix(".files")
    list_file.write_text("\n".join(str(f) for f in files), encoding="utf-8")
    began = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, __file__, "--child-merge", str(book), str(list_file)],
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu, max(after.ru_maxrss, before.ru_maxrss) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--wards", type=int, default=126)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wardlog-bench-merge")
    parser.add_argument("--child-merge", nargs=2, metavar=("BOOK", "LIST"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_merge:
        book, listing = args.child_merge
        merge(Path(book), [Path(line) for line in Path(listing).read_text(encoding="utf-8").splitlines()])
        return
    os.environ.setdefault("WARDLOG_HOME", str(args.work / "home"))
    args.work.mkdir(parents=True, exist_ok=True)
    files = setup(args.work, args.activities, args.wards)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} ward files, {size / 1024**2:,.0f} MB in all")
    upper = args.work / "upper.wardlog"
    for leftover in args.work.glob("upper.wardlog*"):
        leftover.unlink()
    print("first merge into an empty upper-level book:")
    seconds, cpu, peak = run_child(upper, files)
    print(f"first merge: {seconds:.1f} s wall (with start-up), {cpu:.1f} s CPU, peak memory {peak} MiB")
    print("the same files again (nothing may change):")
    seconds, cpu, peak = run_child(upper, files)
    print(f"second merge: {seconds:.1f} s wall, {cpu:.1f} s CPU, peak memory {peak} MiB")
    print(f"upper-level book: {upper.stat().st_size / 1024**2:,.0f} MB")


if __name__ == "__main__":
    main()
