"""The ward's book: one SQLite file that holds its settings, catalog and activities.

Opening a book checks that the file is one (``PRAGMA application_id``), refuses one written by a
newer WardLog, and migrates an older one forward in a single transaction (``PRAGMA user_version``).
The connection runs in WAL mode with ``synchronous=FULL`` (an office PC loses power) and foreign
keys on. Every write goes through :meth:`Book.atomic`, one transaction per user action; a write the
disk refuses (full, read-only, removed, held by another program, damaged) is rolled back and raised
as a :class:`StorageError` in plain words (:mod:`wardlog.core.failures`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from wardlog.core import catalog_defaults, failures
from wardlog.core.errors import BookError, BookMissingError, NewerBookError, NotABookError, StorageError
from wardlog.core.i18n import _
from wardlog.core.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from wardlog.core.settings import BookSettings

if TYPE_CHECKING:
    import sqlite_utils

    from wardlog.core.activities import Activities
    from wardlog.core.attachments import Attachments
    from wardlog.core.catalog import Catalog
    from wardlog.core.plans import Plans
    from wardlog.core.reports import Reports
    from wardlog.core.scoring import Scoring

BUSY_TIMEOUT_MS = 5000
JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024  # the -wal file shrinks back to this after a big transaction


class Book:
    """An open book. Use :meth:`open`; close it (or use it as a context manager) when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path
        self._savepoints = 0
        self._identity: tuple[int, int] | None = None  # the file opened, to notice it vanishing
        self._claimed = False

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """The same connection through sqlite-utils, imported when first asked for (its import takes
        0.07 s, which the app's start need not pay)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # --- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Book:
        """Open the book at ``path``, creating it (and its folder) when missing and ``create``."""
        path = Path(path)
        try:
            exists = path.exists()
        except OSError as error:  # a folder on the way may not be entered
            raise failures.explain(error, path, opening=True) or BookError(str(error)) from error
        if not exists:
            if not create:
                raise BookMissingError(_("There is no book at {path}.").format(path=path))
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise BookError(
                    _("Cannot create the folder {folder}: {reason}").format(
                        folder=path.parent, reason=error.strerror or error
                    )
                ) from error
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            explained = failures.explain(error, path, opening=True)
            if explained is not None:
                raise explained from error
            raise BookError(_("Cannot open {path}: {reason}").format(path=path, reason=error)) from error
        book = cls(conn, path)
        try:
            book._prepare()
        except sqlite3.Error as error:
            conn.close()
            explained = failures.explain(error, path, opening=True)
            if explained is None:
                raise
            raise explained from error
        except BaseException:
            conn.close()
            raise
        return book

    @classmethod
    def in_memory(cls) -> Book:
        """A new empty book that lives in memory (for tests and previews)."""
        book = cls(sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False), None)
        book._prepare()
        return book

    def reopen(self) -> None:
        """Check and set up the connection again after the file's content was replaced (a restore)."""
        self._prepare()

    def _prepare(self) -> None:
        conn = self.conn
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        except sqlite3.DatabaseError as error:
            if failures.kind_of(error, self.path) not in (failures.DAMAGED, None):
                raise  # a read-only, missing or locked file: Book.open says which
            raise NotABookError(
                _("{path} is not a WardLog book (it is not a database).").format(path=self.path)
            ) from error
        if application_id != APPLICATION_ID and (application_id != 0 or has_tables):
            raise NotABookError(
                _("{path} is not a WardLog book (it belongs to another program).").format(path=self.path)
            )
        if version > SCHEMA_VERSION:
            raise NewerBookError(
                _(
                    "This book was written by a newer version of WardLog (book format {found}, this "
                    "program knows up to {known}). Install the newer WardLog to open it; nothing was changed."
                ).format(found=version, known=SCHEMA_VERSION)
            )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if self.path is not None:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
        conn.execute("PRAGMA synchronous = FULL")
        self._identity = _identity(self.path)
        if 0 < version < SCHEMA_VERSION and self.path is not None:
            from wardlog.core.backups import take

            take(self, "before-upgrade")  # the old book stays readable by the old program
        if version < SCHEMA_VERSION:
            try:
                self._migrate()
            except StorageError:
                raise
            except sqlite3.Error as error:
                raise BookError(
                    _(
                        "The book could not be upgraded to this version of WardLog ({reason}); "
                        "it was left as it was."
                    ).format(reason=error)
                ) from error

    def _migrate(self) -> None:
        with self.atomic():
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
            is_new = version == 0
            for step in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[step](self.conn)
            if is_new:
                _seed_catalog(self.conn)
                BookSettings().save(self.conn)
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            # foreign keys are checked at the end of the step as a whole
            problems = self.conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise BookError(_("The book could not be upgraded: its references are inconsistent."))

    # --- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One transaction (a savepoint when nested): all of the block's writes or none of them."""
        conn = self.conn
        if conn.in_transaction:
            self._savepoints += 1
            name = f"wardlog_{self._savepoints}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self._check_in_place()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._failure(error) from error
        try:
            yield conn
        except BaseException as error:
            self._roll_back()
            if isinstance(error, sqlite3.Error) and failures.kind_of(error, self.path):
                raise self._failure(error) from error
            raise
        else:
            try:
                conn.execute("COMMIT")
            except BaseException as error:
                self._roll_back()
                if isinstance(error, sqlite3.Error) and failures.kind_of(error, self.path):
                    raise self._failure(error) from error
                raise

    def _roll_back(self) -> None:
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):  # a failing disk may refuse even this; SQLite
                self.conn.execute("ROLLBACK")  # then rolls back from its journal on the next open

    def _failure(self, error: sqlite3.Error) -> BaseException:
        return failures.explain(error, self.path) or error

    def _check_in_place(self) -> None:
        """Refuse to write when the file opened is no longer at its path (a removed USB stick, a moved
        folder, a file replaced behind our back): writes would go to a file nobody can see any more."""
        if self.path is None or self._identity in (None, (-1, -1)):
            return
        if _identity(self.path) != self._identity:
            raise StorageError(failures.message(failures.GONE, self.path), failures.GONE)

    # --- who has the book open -----------------------------------------------------------------

    def claim(self, program: str) -> None:
        """Mark the book as open by this process for ``program`` (``"app"``, ``"wardlog import"``…);
        raises :class:`BookInUseError` when another live WardLog process has it open. Released on close."""
        if self.path is None or self._claimed:
            return
        from wardlog.core import holder

        holder.claim(self.path, program)
        self._claimed = True

    # --- parts ---------------------------------------------------------------------------------

    @property
    def settings(self) -> BookSettings:
        return BookSettings.load(self.conn)

    def update_settings(self, **changes: object) -> BookSettings:
        """Change some settings in one transaction; returns the settings now in force."""
        with self.atomic():
            settings = replace(self.settings, **changes)
            settings.save(self.conn)
        return settings

    @cached_property
    def catalog(self) -> Catalog:
        from wardlog.core.catalog import Catalog

        return Catalog(self)

    @cached_property
    def attachments(self) -> Attachments:
        from wardlog.core.attachments import Attachments

        return Attachments(self)

    @cached_property
    def activities(self) -> Activities:
        from wardlog.core.activities import Activities

        return Activities(self)

    @cached_property
    def plans(self) -> Plans:
        from wardlog.core.plans import Plans

        return Plans(self)

    @cached_property
    def scoring(self) -> Scoring:
        from wardlog.core.scoring import Scoring

        return Scoring(self)

    @cached_property
    def reports(self) -> Reports:
        from wardlog.core.reports import Reports

        return Reports(self)

    def holds_wards(self) -> bool:
        """Whether the book holds other wards' data: an upper-level book (a consolidated report, the
        wards' page)."""
        return self.conn.execute("SELECT 1 FROM wards LIMIT 1").fetchone() is not None

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        if self._claimed:
            from wardlog.core import holder

            holder.release(self.path)  # type: ignore[arg-type]
            self._claimed = False
        self.conn.close()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _identity(path: Path | None) -> tuple[int, int] | None:
    """Which file ``path`` names: device and inode on POSIX, where an open file can be deleted or
    replaced under its name. Windows refuses to delete or replace a file SQLite holds open, and file
    indexes are not stable on every disk it mounts (FAT sticks), so there only presence counts."""
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return (-1, -1)  # not there (now)
    return (0, 0) if sys.platform == "win32" else (stat.st_dev, stat.st_ino)


def _seed_catalog(conn: sqlite3.Connection) -> None:
    conn.executemany(
        "INSERT INTO channel_groups(code, label, position) VALUES (?, ?, ?)",
        [(code, label, i) for i, (code, label) in enumerate(catalog_defaults.CHANNEL_GROUPS)],
    )
    conn.executemany(
        "INSERT INTO units(code, label, position) VALUES (?, ?, ?)",
        [(code, label, i) for i, (code, label) in enumerate(catalog_defaults.UNITS)],
    )
    conn.executemany(
        "INSERT INTO channels(group_code, code, label, default_unit, position) VALUES (?, ?, ?, ?, ?)",
        [(*row, i) for i, row in enumerate(catalog_defaults.CHANNELS)],
    )
    for table, rows in (("topics", catalog_defaults.TOPICS), ("audiences", catalog_defaults.AUDIENCES)):
        conn.executemany(
            f"INSERT INTO {table}(code, label, position) VALUES (?, ?, ?)",
            [(code, label, i) for i, (code, label) in enumerate(rows)],
        )
