"""The ``wardlog`` command as a user runs it: a real process, real files, exit codes and messages."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "mau-nhap-hoat-dong.csv"


def wardlog(
    *args: str, book: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    command = [sys.executable, "-m", "wardlog"]
    if book is not None:
        command += ["--db", str(book)]
    return subprocess.run([*command, *args], capture_output=True, text=True, encoding="utf-8", env=full_env)


def test_version_and_help_name_every_command() -> None:
    result = wardlog("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("WardLog ")
    help_text = wardlog("--help").stdout
    for command in ("init", "import", "list", "search", "check", "backup", "restore", "screenshot", "demo"):
        assert command in help_text
        assert wardlog(command, "--help").returncode == 0


def test_bad_command_line_exits_2() -> None:
    assert wardlog("frobnicate").returncode == 2
    assert wardlog("list", "--format", "xml").returncode == 2
    assert wardlog("demo", "--activities", "-5").returncode == 2


def test_init_then_import_list_search_check(tmp_path: Path) -> None:
    book = tmp_path / "phuong.wardlog"
    result = wardlog("init", "--ward-code", "09556", "--unit-name", "Phường Hà Đông", book=book)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(book) as conn:
        settings = dict(conn.execute("SELECT key, value FROM settings"))
    assert settings["ward_code"] == "09556"
    assert settings["place"] == "Hà Đông"
    assert settings["province"] == "Thành phố Hà Nội"

    result = wardlog("import", str(SAMPLE), book=book)
    assert result.returncode == 0, result.stderr
    assert "7" in result.stdout

    listed = wardlog("list", "--period", "2026-Q1", "--format", "json", "--convention", "calendar", book=book)
    records = json.loads(listed.stdout)
    assert [r["date"] for r in records] == sorted(r["date"] for r in records)
    assert all("2026-01-01" <= r["date"] <= "2026-03-31" for r in records)
    assert len(records) == 6

    found = wardlog("search", "dang ky cu tru", "--format", "json", book=book)
    assert [r["title"] for r in json.loads(found.stdout)] == ["Phát tờ rơi hướng dẫn thủ tục đăng ký cư trú"]

    assert wardlog("check", book=book).returncode == 0


def test_list_csv_round_trips_through_import(tmp_path: Path) -> None:
    first, second = tmp_path / "a.wardlog", tmp_path / "b.wardlog"
    assert wardlog("import", str(SAMPLE), book=first).returncode == 0
    exported = wardlog("list", "--format", "csv", book=first).stdout
    (tmp_path / "out.csv").write_text(exported, encoding="utf-8")
    result = wardlog("import", str(tmp_path / "out.csv"), book=second)
    assert result.returncode == 0, result.stderr
    assert wardlog("list", "--format", "csv", book=second).stdout == exported


def test_refused_import_exits_1_and_changes_nothing(tmp_path: Path) -> None:
    book = tmp_path / "b.wardlog"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Ngày,Hình thức,Nội dung,Tiêu đề\n05/03/2026,loa,tthc,Phát thanh\n31/02/2026,loa,tthc,Ngày sai\n",
        encoding="utf-8",
    )
    result = wardlog("import", str(bad), book=book)
    assert result.returncode == 1
    assert "3" in result.stderr and "Ngày" in result.stderr
    assert wardlog("list", "--format", "json", book=book).stdout.strip() == "[]"


def test_messages_follow_the_language(tmp_path: Path) -> None:
    book = tmp_path / "b.wardlog"
    wardlog("import", str(SAMPLE), book=book)
    vi = wardlog("list", "--period", "H1", book=book)
    en = wardlog("--lang", "en", "list", "--period", "H1", book=book)
    assert vi.returncode == en.returncode == 1
    assert "is not a period" in en.stderr
    assert vi.stderr != en.stderr


def test_list_on_a_missing_book_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "none.wardlog"
    result = wardlog("list", book=missing)
    assert result.returncode == 1
    assert str(missing) in result.stderr
    assert not missing.exists()


def test_book_from_environment(tmp_path: Path) -> None:
    book = tmp_path / "env.wardlog"
    assert wardlog("import", str(SAMPLE), env={"WARDLOG_DB": str(book)}).returncode == 0
    assert book.exists()


def test_default_book_lives_in_the_data_folder(private_home: Path) -> None:
    assert wardlog("import", str(SAMPLE)).returncode == 0
    assert (private_home / "so-tuyen-truyen.wardlog").exists()


def test_other_files_are_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t(x)")
    before = other.read_bytes()
    result = wardlog("list", book=other)
    assert result.returncode == 1
    assert other.read_bytes() == before
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    assert wardlog("import", str(SAMPLE), book=text).returncode == 1
    assert text.read_text(encoding="utf-8") == "hello"


def test_check_reports_a_damaged_book(tmp_path: Path) -> None:
    book = tmp_path / "b.wardlog"
    assert wardlog("import", str(SAMPLE), book=book).returncode == 0
    with sqlite3.connect(book) as conn:  # break a rule behind WardLog's back
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DELETE FROM activity_topics")
    result = wardlog("check", book=book)
    assert result.returncode == 1
    assert "7" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_search_without_words_is_refused(tmp_path: Path, fmt: str) -> None:
    result = wardlog("search", "***", "--format", fmt, book=tmp_path / "b.wardlog")
    assert result.returncode == 1


def test_backup_and_restore_commands(tmp_path: Path, private_home: Path) -> None:
    book = tmp_path / "b.wardlog"
    assert wardlog("import", str(SAMPLE), book=book).returncode == 0
    copy = tmp_path / "copy.wardlog"
    assert wardlog("backup", "--out", str(copy), book=book).returncode == 0
    automatic = wardlog("backup", book=book)
    assert automatic.returncode == 0
    assert list((private_home / "backups" / "b").glob("*-manual.wardlog"))
    (tmp_path / "more.csv").write_text(
        "Ngày,Hình thức,Nội dung,Tiêu đề\n05/03/2026,loa,tthc,Thêm\n", encoding="utf-8"
    )
    assert wardlog("import", str(tmp_path / "more.csv"), book=book).returncode == 0
    restored = wardlog("restore", str(copy), book=book)
    assert restored.returncode == 0, restored.stderr
    assert len(json.loads(wardlog("list", "--format", "json", book=book).stdout)) == 7
    assert list((private_home / "backups" / "b").glob("*-before-restore.wardlog"))
    refused = wardlog("restore", str(SAMPLE), book=book)
    assert refused.returncode == 1
    assert len(json.loads(wardlog("list", "--format", "json", book=book).stdout)) == 7


def test_commands_leave_a_log_for_diagnosis(tmp_path: Path, private_home: Path) -> None:
    book = tmp_path / "b.wardlog"
    assert wardlog("import", str(SAMPLE), book=book).returncode == 0
    assert wardlog("list", "--period", "H1", book=book).returncode == 1
    log = (private_home / "logs" / "wardlog.log").read_text(encoding="utf-8")
    assert " import" in log and "refused: " in log


def test_an_unwritable_place_gives_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    book = tmp_path / "b.wardlog"
    assert wardlog("import", str(SAMPLE), book=book).returncode == 0
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    result = wardlog("backup", "--out", str(blocked / "copy.wardlog"), book=book)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert str(blocked) in result.stderr


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    """`wardlog list | head`: the pipe closes under us; that is the reader's choice, not a failure."""
    book = str(tmp_path / "so.wardlog")
    assert wardlog("--db", book, "demo", "--activities", "3000", "--until", "2026-06-30").returncode == 0
    listing = subprocess.Popen(
        [sys.executable, "-m", "wardlog", "--db", book, "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUTF8": "1"},
    )
    assert listing.stdout is not None and listing.stderr is not None
    listing.stdout.read(200)
    listing.stdout.close()
    assert listing.wait(timeout=60) == 0
    with listing.stderr:
        assert listing.stderr.read() == b""
