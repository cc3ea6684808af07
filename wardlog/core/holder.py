"""Which WardLog process has a book open: a small marker beside the book, held with an OS lock.

The marker (``so.wardlog-lock`` beside ``so.wardlog``) says which program, computer, user and
process opened the book, and since when. Its holder keeps it open under an exclusive lock
(``flock`` on POSIX, ``msvcrt.locking`` on Windows). The operating system drops that lock when the
process ends, however it ends, so a marker left by a crashed or killed process is recognised as
stale and simply taken over. Where the disk cannot lock (some network shares) or the folder cannot
be written, there is no marker and nobody is stopped: the marker explains, it never guesses.

Claims are counted per process: the app and its worker threads are one holder.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from wardlog.core.errors import BookInUseError
from wardlog.core.i18n import _, format_date

MARKER_SUFFIX = "-lock"
APP = "app"  # the program name the desktop app writes; commands write "wardlog import" and so on
_LOCK_OFFSET = 1 << 30  # Windows locks byte ranges: lock one far past the text, so others can read it
_MAX_TEXT = 4096


@dataclass(frozen=True)
class Holder:
    """Who has a book open, as the marker says."""

    program: str
    host: str
    user: str
    pid: int
    since: str  # ISO 8601, UTC

    def describe(self) -> str:
        """``the WardLog app on the computer PC-01 (user lan, process 4321), open since 08:15 23/11/2026``."""
        program = _("the WardLog app") if self.program == APP else _("the command “{command}”")
        return _("{program} on the computer {host} (user {user}, process {pid}), open since {since}").format(
            program=program.format(command=self.program),
            host=self.host or "?",
            user=self.user or "?",
            pid=self.pid,
            since=_local_time(self.since),
        )

    def to_json(self) -> str:
        return json.dumps(
            {
                "program": self.program,
                "host": self.host,
                "user": self.user,
                "pid": self.pid,
                "since": self.since,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_text(cls, text: str) -> Holder:
        """The holder a marker names; an unreadable marker gives a holder with unknown details."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError
            return cls(
                str(data.get("program", "")),
                str(data.get("host", "")),
                str(data.get("user", "")),
                int(data.get("pid", 0)),
                str(data.get("since", "")),
            )
        except (ValueError, TypeError):
            return cls("", "", "", 0, "")


@dataclass
class _Claim:
    marker: Path
    fd: int | None  # None: no marker could be made (read-only folder, no locks); the claim still counts
    count: int = 1


_claims: dict[str, _Claim] = {}
_guard = threading.Lock()


def marker_path(book_path: Path) -> Path:
    book_path = Path(book_path)
    return book_path.with_name(book_path.name + MARKER_SUFFIX)


def claim(book_path: Path, program: str) -> None:
    """Mark the book as open by this process, or raise :class:`BookInUseError` naming the live holder."""
    key = _key(book_path)
    with _guard:
        existing = _claims.get(key)
        if existing is not None:
            existing.count += 1
            return
        marker = marker_path(book_path)
        fd = _acquire(marker, Holder(program, _host(), _user(), os.getpid(), _now()), book_path)
        _claims[key] = _Claim(marker, fd)


def release(book_path: Path) -> None:
    """Undo one :func:`claim`; the last one removes the marker and drops the lock."""
    key = _key(book_path)
    with _guard:
        held = _claims.get(key)
        if held is None:
            return
        held.count -= 1
        if held.count > 0:
            return
        del _claims[key]
        if held.fd is not None:
            _let_go(held.marker, held.fd)


def holder_of(book_path: Path) -> Holder | None:
    """The live process, other than this one, that has the book open; None when there is none."""
    if _key(book_path) in _claims:
        return None
    marker = marker_path(book_path)
    try:
        fd = os.open(marker, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        locked = _try_lock(fd)
        if locked is None:
            return None  # the disk cannot lock: the marker proves nothing
        if locked:
            _unlock(fd)
            return None  # stale: its process is gone
        return Holder.from_text(_read(fd))
    finally:
        os.close(fd)


def in_use_error(book_path: Path, holder: Holder) -> BookInUseError:
    return BookInUseError(
        _(
            "The book {path} is already open in {holder}. Two programs changing one book at once could "
            "undo each other's work, so it was not opened here. Close it there first, then try again."
        ).format(path=book_path, holder=holder.describe()),
        holder,
    )


# --- the marker ---------------------------------------------------------------------------------


def _acquire(marker: Path, me: Holder, book_path: Path) -> int | None:
    for _attempt in range(5):
        try:
            fd = os.open(marker, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        except OSError:
            return None  # a read-only or vanished folder: writing will say so, not the marker
        locked = _try_lock(fd)
        if locked is False:
            holder = Holder.from_text(_read(fd))
            os.close(fd)
            raise in_use_error(book_path, holder)
        if not _names(marker, fd):  # the holder before us removed it as we opened it: start again
            if locked:
                _unlock(fd)
            os.close(fd)
            continue
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, me.to_json().encode("utf-8"))
        except OSError:
            pass  # a marker without text still holds the lock
        return fd
    return None


def _let_go(marker: Path, fd: int) -> None:
    if sys.platform != "win32":
        if _names(marker, fd):
            marker.unlink(missing_ok=True)  # while still locked, so nobody takes a dying marker
        _unlock(fd)
        os.close(fd)
        return
    _unlock(fd)
    os.close(fd)
    with contextlib.suppress(OSError):  # another process has it open to read: it sees no lock all the same
        marker.unlink()


def _names(marker: Path, fd: int) -> bool:
    """Whether ``marker`` still names the file open as ``fd``."""
    try:
        here, there = os.fstat(fd), os.stat(marker)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _read(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, _MAX_TEXT).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _try_lock(fd: int) -> bool | None:
    """True: locked now by us; False: another process holds it; None: this disk cannot lock."""
    if sys.platform == "win32":
        import msvcrt

        try:
            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import errno
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as error:
        if error.errno in (errno.EAGAIN, errno.EACCES):
            return False
        return None
    return True


def _unlock(fd: int) -> None:
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


# --- small helpers ------------------------------------------------------------------------------


def _key(book_path: Path) -> str:
    return os.path.normcase(os.path.abspath(book_path))


def _host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _local_time(stamp: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return "?"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    return _("{time} on {date}").format(time=f"{local:%H:%M}", date=format_date(local.date()))
