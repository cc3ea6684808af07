"""Consistent copies of a book, kept thinned over about a year, and restoring one.

A copy is taken with SQLite's online backup API (never a raw copy of a live file), written beside
its final name and renamed into place, turned into a single self-contained file (rollback
journal), and checked before it counts. Attachments live in the book, so they come along.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from wardlog.core import failures
from wardlog.core.errors import BookError, NotABookError, WardLogError
from wardlog.core.i18n import N_, _
from wardlog.core.paths import backups_dir
from wardlog.core.schema import APPLICATION_ID, SCHEMA_VERSION

if TYPE_CHECKING:
    from wardlog.core.book import Book

SUFFIX = ".wardlog"
_NAME = re.compile(r"(\d{8}-\d{6})-([a-z-]+)\.wardlog$")
# Thinning: every copy of the last day, then the newest of each day for a month, of each week for
# a year; older ones go. At most about 24 + 30 + 48 files per book.
KEEP_ALL = timedelta(days=1)
DAILY_FOR = timedelta(days=31)
WEEKLY_FOR = timedelta(days=366)


# Why a copy was taken (the last part of its name) → what the Backups window says.
REASONS: dict[str, str] = {
    "auto": N_("Every half hour, while there are changes"),
    "exit": N_("On closing the app"),
    "manual": N_("Made by hand"),
    "before-import": N_("Before an import"),
    "before-merge": N_("Before a merge"),
    "before-restore": N_("Before a restore"),
    "before-upgrade": N_("Before an upgrade of the book"),
    "before-repair": N_("Before a repair"),
}


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC
    reason: str
    size: int

    @property
    def why(self) -> str:
        """The reason in the user's words."""
        return _(REASONS[self.reason]) if self.reason in REASONS else self.reason


def folder_for(book_path: Path) -> Path:
    """Where the automatic copies of one book are kept (one folder per book)."""
    return backups_dir() / book_path.stem


def copy_book(book: Book, target: Path, *, verify: bool = True) -> Path:
    """A consistent, checked, single-file copy of ``book`` at ``target`` (replaced atomically).

    ``verify=False`` keeps a copy that fails SQLite's check: the copy taken before repairing a
    damaged book must be taken all the same.
    """
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            book.conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one file, readable anywhere
            if verify and copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BookError(_("The copy of the book did not pass its check; it was discarded."))
        finally:
            copy.close()
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, sqlite3.Error) and failures.kind_of(error, partial) is None:
            raise
        raise WardLogError(
            _("The backup could not be written to {path}: {reason}").format(
                path=target, reason=failures.cause(error, target)
            )
        ) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def take(book: Book, reason: str = "manual", *, now: datetime | None = None, verify: bool = True) -> Backup:
    """An automatic copy in the book's backup folder, named by time and reason; then thin the folder."""
    if book.path is None:
        raise WardLogError(_("A book kept in memory has no backups."))
    now = now or datetime.now(UTC)
    folder = folder_for(book.path)
    path = copy_book(book, folder / f"{now:%Y%m%d-%H%M%S}-{reason}{SUFFIX}", verify=verify)
    thin(folder, now=now)
    return Backup(path, now, reason, path.stat().st_size)


def count_activities(path: Path) -> int | None:
    """How many live activities a copy holds (None when it cannot be read)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM activities WHERE deleted_at IS NULL").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def list_backups(folder: Path) -> list[Backup]:
    """The copies in ``folder``, newest first."""
    found = []
    for path in folder.glob(f"*{SUFFIX}") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match:
            taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
            found.append(Backup(path, taken, match.group(2), path.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def thin(folder: Path, *, now: datetime | None = None) -> list[Path]:
    """Remove copies no longer needed (see the module's keeping rules); returns what was removed."""
    now = now or datetime.now(UTC)
    kept_buckets: set[tuple[str, int]] = set()
    removed = []
    for backup in list_backups(folder):  # newest first: the newest of each bucket stays
        age = now - backup.taken_at
        if age <= KEEP_ALL:
            continue
        if age <= DAILY_FOR:
            bucket = ("day", backup.taken_at.toordinal())
        elif age <= WEEKLY_FOR:
            bucket = ("week", backup.taken_at.toordinal() // 7)
        else:
            bucket = ("gone", 0)
        if bucket[0] != "gone" and bucket not in kept_buckets:
            kept_buckets.add(bucket)
            continue
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def check_backup(path: Path) -> None:
    """Refuse anything that is not a sound WardLog book this program can open."""
    if not path.is_file():
        raise WardLogError(_("There is no file {path}.").format(path=path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            sound = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise NotABookError(
            _("{path} is not a WardLog book (it is not a database).").format(path=path)
        ) from error
    if application_id != APPLICATION_ID:
        raise NotABookError(
            _("{path} is not a WardLog book (it belongs to another program).").format(path=path)
        )
    if version > SCHEMA_VERSION:
        raise BookError(_("{path} was written by a newer version of WardLog.").format(path=path))
    if not sound:
        raise BookError(_("{path} is damaged; it cannot be restored.").format(path=path))


def restore(book: Book, source: Path) -> Backup:
    """Replace the book's content with the copy at ``source``; the state before is backed up first.

    Returns that safety copy. The replacement is one step of SQLite's backup API into the open
    book, so the book is either wholly the old one or wholly the restored one.
    """
    source = Path(source)
    check_backup(source)
    before = take(book, "before-restore")
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        conn.backup(book.conn)
    finally:
        conn.close()
    book.reopen()  # pragmas again, and an older copy is migrated forward
    book.catalog.invalidate()
    return before
