"""A book opened by another WardLog process is detected and explained; a dead one's marker is ignored."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from wardlog.core import holder
from wardlog.core.book import Book
from wardlog.core.errors import BookInUseError

ROOT = Path(__file__).resolve().parents[2]

HOLD = """
import sys
from wardlog.core.book import Book
book = Book.open(sys.argv[1])
book.claim(sys.argv[2])
print("holding", flush=True)
sys.stdin.read()
book.close()
"""


def start_holder(path: Path, program: str = "app") -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), program],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert process.stdout.readline().strip() == "holding"
    return process


def test_a_book_open_in_another_process_is_refused_with_who_has_it(book: Book, english: None) -> None:
    other = start_holder(book.path, "app")
    try:
        with pytest.raises(BookInUseError) as caught:
            book.claim("wardlog import")
        found = caught.value.holder
        assert (found.program, found.pid, found.host) == ("app", other.pid, socket.gethostname())
        message = caught.value.message
        assert message.startswith(
            f"The book {book.path} is already open in the WardLog app on the computer {socket.gethostname()}"
        )
        assert f"process {other.pid}), open since " in message
        assert message.endswith("Close it there first, then try again.")
        assert holder.holder_of(book.path) == found
    finally:
        other.communicate("")
    book.claim("wardlog import")  # it closed the book: the way is free
    assert holder.holder_of(book.path) is None  # this process is no other process


def test_the_marker_of_a_killed_process_is_ignored(book: Book) -> None:
    other = start_holder(book.path, "wardlog import")
    os.kill(other.pid, signal.SIGKILL)
    other.communicate()
    marker = holder.marker_path(book.path)
    assert json.loads(marker.read_text(encoding="utf-8"))["pid"] == other.pid  # left behind
    assert holder.holder_of(book.path) is None
    book.claim("app")
    assert json.loads(marker.read_text(encoding="utf-8"))["pid"] == os.getpid()


def test_the_marker_goes_when_the_book_is_closed(book_path: Path) -> None:
    book = Book.open(book_path)
    book.claim("app")
    marker = holder.marker_path(book_path)
    assert marker.name == "so.wardlog-lock"
    text = json.loads(marker.read_text(encoding="utf-8"))
    assert text["program"] == "app" and text["pid"] == os.getpid() and text["host"] == socket.gethostname()
    book.close()
    assert not marker.exists()


def test_claims_within_one_process_are_counted(book_path: Path) -> None:
    first, second = Book.open(book_path), Book.open(book_path)  # the app and one of its workers
    first.claim("app")
    second.claim("app")
    second.close()
    assert holder.marker_path(book_path).exists()
    first.close()
    assert not holder.marker_path(book_path).exists()


def test_a_garbled_marker_without_a_holder_is_stale(book: Book) -> None:
    holder.marker_path(book.path).write_bytes(b"\x00\xffnot json")
    assert holder.holder_of(book.path) is None
    book.claim("app")


def test_no_marker_can_be_made_and_nobody_is_stopped(book: Book) -> None:
    holder.marker_path(book.path).mkdir()  # whatever stops the file being made (a read-only folder)
    book.claim("app")
    assert holder.holder_of(book.path) is None


def test_reading_commands_do_not_claim(book: Book) -> None:
    other = start_holder(book.path)
    try:
        with Book.open(book.path) as reader:
            assert reader.activities.count() == 0
    finally:
        other.communicate("")


@pytest.mark.parametrize(
    ("text", "program"),
    [("[]", ""), ('{"pid": "x"}', ""), ('{"program": "app", "pid": 7}', "app")],
)
def test_marker_text_is_read_defensively(text: str, program: str) -> None:
    assert holder.Holder.from_text(text).program == program


def test_the_holder_is_described_in_vietnamese() -> None:
    found = holder.Holder("wardlog import", "MAY-VHXH", "lan", 4321, "2026-11-23T01:15:00+00:00")
    text = found.describe()
    assert "wardlog import" in text and "MAY-VHXH" in text and "4321" in text
    assert text.startswith("lệnh")
