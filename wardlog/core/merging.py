"""The upper level takes ward exchange files into its book, safely and repeatably.

Each file is first checked as untrusted input (:mod:`inspection`); a refused file changes nothing.
A file is merged wholly or not at all (its own transaction, or its own savepoint in a transaction
that several files share). Records are recognised by their uid:

- a uid the book does not have is added (a tombstone of one it never had is ignored);
- a uid whose revision in the file is not newer than the one last taken from the ward is unchanged,
  so the same file twice, or an older file after a newer one, changes nothing;
- a newer revision replaces the record (or removes it, for a tombstone: it goes to the bin), unless
  the upper level edited the record since the last merge: then it is a *conflict*, reported and kept
  aside in ``merge_conflicts`` with the ward's version, never written over the upper level's edit;
- a record of the ward that a newer file of a period covering its date no longer holds was removed
  by the ward (or moved out of the period) and goes to the bin (or is a conflict, as above).

For each merged record ``merged_activities`` keeps the ward's revision last taken and the book's
revision right after, the base that tells who changed what. Catalog entries are mapped by code; a
code the upper level does not know is added with the ward's label. A uid that belongs to another
ward, or to the book's own activities, refuses the whole file. The ward's plan results for the
period, which files of format 2 carry, are kept with the file's records (:mod:`ward_plans`).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wardlog.core import ward_plans
from wardlog.core.activities import now_stamp
from wardlog.core.attachments import _shortened
from wardlog.core.catalog import Kind
from wardlog.core.errors import WardLogError
from wardlog.core.exchange_format import Manifest
from wardlog.core.i18n import _
from wardlog.core.inspection import ExchangeFile, RefusedFile, opened
from wardlog.core.schema import SEARCH_TEXT_SQL
from wardlog.core.text import clean, fold

if TYPE_CHECKING:
    from wardlog.core.book import Book

Progress = Callable[[int, int], None]
CHUNK = 500
CHECK_SHARE = 0.3  # of a file's progress: checking it; the rest is merging its records
BYTES_PER_ROW = 150  # a rough guess of rows in a file from its size, for the progress of the check
SEARCH_INSERT_TRIGGER = "activities_search_insert"
CACHE_KIB = 64 * 1024  # page cache while merging
INCOMING = "incoming"  # the schema name of a file being merged on the book's connection (+ a number)
FTS_HASH = 32 * 1024 * 1024  # bytes of new search entries FTS5 holds in memory (its default: 1 MiB)
FILES_AT_ONCE = 8  # files merged in one transaction (SQLite attaches at most 10 databases)

_FIELDS = (
    "uid, date, channel, title, place, participants, quantity, unit, minutes, responsible, notes,"
    " created_at, updated_at, revision, deleted_at"
)


@dataclass(frozen=True)
class Conflict:
    """A record both the ward and the upper level changed since the last merge."""

    activity_id: int
    uid: str
    title: str  # as the upper level has it
    ward_removed: bool  # the ward deleted it (rather than changed it)


@dataclass(frozen=True)
class MergeResult:
    """What merging one file did (or why it was refused: then nothing was changed)."""

    path: Path
    manifest: Manifest | None = None
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    conflicts: tuple[Conflict, ...] = ()
    catalog_added: tuple[tuple[str, str, str], ...] = ()  # (list, code, label)
    already_merged: bool = False  # this very file was merged before
    refused: str | None = None  # why the file was refused

    @property
    def ok(self) -> bool:
        return self.refused is None


@dataclass
class _Tally:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    conflicts: list[tuple[Conflict, int, str]] = field(default_factory=list)  # + ward revision, record


@dataclass(frozen=True)
class _Local:
    id: int
    revision: int
    deleted: bool
    ward_revision: int  # the base: the ward's revision last taken
    local_revision: int  # the book's revision right after that
    title: str


def merge_files(
    book: Book,
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    on_file: Callable[[int, Path], None] | None = None,
    on_result: Callable[[MergeResult], None] | None = None,
    backup: bool = True,
) -> list[MergeResult]:
    """Merge several files; each wholly or not at all; a refused file is reported, not raised.

    A backup of the book is taken first. Files are checked and merged up to
    :data:`FILES_AT_ONCE` at a time in one transaction, each file in a savepoint of its own: the
    pages every file touches (the date indexes, the search index) are written once per group
    rather than once per file. ``progress(done, total)`` follows the files' bytes;
    ``on_file(index, path)`` is called as each file's check starts and again as its merge starts, and
    ``on_result(result)`` once its group is committed. An exception from ``progress`` (a
    cancellation) rolls back the file being merged and ends the run; the files merged before it stay
    merged. A failure of the disk or of SQLite rolls back the whole group and is raised.
    """
    paths = [Path(p) for p in paths]
    if backup and book.path is not None and paths:
        from wardlog.core.backups import take

        take(book, "before-merge")
    run = _Run(book, paths, progress, on_file, on_result)
    for first in range(0, len(paths), FILES_AT_ONCE):
        run.merge_group(range(first, min(first + FILES_AT_ONCE, len(paths))))
    if progress is not None and paths:
        progress(run.total, run.total)
    return run.results


class _Run:
    """The merge of several files: progress by bytes, and the results as groups are committed."""

    def __init__(
        self,
        book: Book,
        paths: list[Path],
        progress: Progress | None,
        on_file: Callable[[int, Path], None] | None,
        on_result: Callable[[MergeResult], None] | None,
    ) -> None:
        self.book, self.paths = book, paths
        self.progress, self.on_file, self.on_result = progress, on_file, on_result
        self.sizes = [_size_of(path) for path in paths]
        self.total = max(1, sum(self.sizes))
        self.done = 0.0  # bytes' worth of work finished (a file's check is a share of its size)
        self.results: list[MergeResult] = []

    def _report(self, part: float, fraction: float) -> None:
        if self.progress is not None:
            self.progress(min(self.total, int(self.done + part * min(1.0, max(0.0, fraction)))), self.total)

    def _check(self, stack: contextlib.ExitStack, index: int) -> ExchangeFile | MergeResult:
        path, size = self.paths[index], self.sizes[index]
        if self.on_file is not None:
            self.on_file(index, path)
        part = CHECK_SHARE * size
        estimated_rows = max(1, size // BYTES_PER_ROW)
        try:
            exchange = stack.enter_context(
                opened(
                    path,
                    progress=lambda rows: self._report(part, rows / estimated_rows),
                    delivered=lambda manifest: _delivered(self.book.conn, manifest),
                )
            )
            return _settled(self.book, exchange) or exchange
        except RefusedFile as error:
            return MergeResult(path, refused=error.reason)
        finally:
            self.done += part

    def merge_group(self, indexes: range) -> None:
        """Check the files, then merge them in one transaction, each in a savepoint."""
        book = self.book
        finished: list[MergeResult] = []
        stopped: BaseException | None = None
        with contextlib.ExitStack() as stack:
            checked = [(index, self._check(stack, index)) for index in indexes]
            to_merge = [(i, item) for i, item in checked if isinstance(item, ExchangeFile)]
            for number, (_index, exchange) in enumerate(to_merge):
                stack.enter_context(_attached(book.conn, exchange, f"{INCOMING}{number}"))
            schemas = {id(exchange): f"{INCOMING}{n}" for n, (_i, exchange) in enumerate(to_merge)}
            try:
                with book.atomic() as conn:
                    for index, item in checked:
                        if stopped is not None:
                            break
                        part = (1 - CHECK_SHARE) * self.sizes[index]
                        if isinstance(item, MergeResult):
                            finished.append(item)
                            self.done += part
                            continue
                        if self.on_file is not None:
                            self.on_file(index, item.path)

                        def fraction(value: float, part: float = part) -> None:
                            self._report(part, (value - CHECK_SHARE) / (1 - CHECK_SHARE))

                        try:
                            with book.atomic():  # a savepoint: this file wholly or not at all
                                finished.append(_merge_into(book, conn, item, schemas[id(item)], fraction))
                        except RefusedFile as error:
                            finished.append(MergeResult(item.path, refused=error.reason))
                        except sqlite3.Error:  # the disk or the file failed: the whole group goes
                            raise
                        except BaseException as error:  # a cancellation: the files before it stay
                            if not conn.in_transaction:
                                raise
                            stopped = error
                        self.done += part
            finally:
                book.catalog.invalidate()
        for result in finished:
            self.results.append(result)
            if self.on_result is not None:
                self.on_result(result)
        if stopped is not None:
            raise stopped


def _size_of(path: Path) -> int:
    try:
        return max(1, path.stat().st_size)
    except OSError:
        return 1


def merge_file(book: Book, path: Path, *, fraction: Callable[[float], None] | None = None) -> MergeResult:
    """Check and merge one exchange file in one transaction; raises :class:`RefusedFile`.

    ``fraction(0…1)`` reports how far it is (it may raise to cancel: nothing is then changed).
    """
    path = Path(path)
    estimated_rows = max(1, _size_of(path) // BYTES_PER_ROW)

    def checking(rows: int) -> None:
        if fraction is not None:
            fraction(CHECK_SHARE * min(1.0, rows / estimated_rows))

    def delivered(manifest: Manifest) -> bool:
        return _delivered(book.conn, manifest)

    with opened(path, progress=checking, delivered=delivered) as exchange:
        settled = _settled(book, exchange)
        if settled is not None:
            return settled
        try:
            with _attached(book.conn, exchange, INCOMING), book.atomic() as conn:
                return _merge_into(book, conn, exchange, INCOMING, fraction)
        finally:
            book.catalog.invalidate()


def _delivered(conn: sqlite3.Connection, manifest: Manifest) -> bool:
    """This very file (its ward and checksum) was merged before."""
    row = conn.execute(
        "SELECT 1 FROM deliveries WHERE ward_code = ? AND checksum = ?",
        [manifest.ward_code, manifest.checksum],
    ).fetchone()
    return row is not None


def _settled(book: Book, exchange: ExchangeFile) -> MergeResult | None:
    """The outcome of a file that needs no merging: this book's own ward's file (refused), or a file
    delivered before (everything in it was taken then); None for a file to merge."""
    manifest = exchange.manifest
    own = book.settings.ward_code
    if own and manifest.ward_code == own:
        raise RefusedFile(
            exchange.path,
            _(
                "it comes from this book's own ward ({code}); an upper-level book merges other wards' files."
            ).format(code=own),
        )
    if exchange.content_checked and not _delivered(book.conn, manifest):
        return None
    return MergeResult(
        exchange.path,
        manifest,
        unchanged=manifest.record_count + manifest.deleted_count,
        conflicts=_still_open(book.conn, manifest),
        already_merged=True,
    )


def _merge_into(
    book: Book,
    conn: sqlite3.Connection,
    exchange: ExchangeFile,
    src: str,
    fraction: Callable[[float], None] | None,
) -> MergeResult:
    """Merge a checked file attached as ``src``, inside the caller's transaction or savepoint."""
    try:
        return _merge(book, conn, exchange, src, fraction)
    except sqlite3.IntegrityError as error:  # a rule of the book the checks did not foresee
        raise RefusedFile(
            exchange.path, _("it does not fit this book: {reason}").format(reason=error)
        ) from error


def _still_open(conn: sqlite3.Connection, manifest: Manifest) -> tuple[Conflict, ...]:
    """The conflicts this file brought that still wait for a decision."""
    rows = conn.execute(  # in this order (CROSS JOIN): never a scan of the activities
        "SELECT a.id, a.uid, a.title, c.ward_record FROM deliveries d"
        " CROSS JOIN merge_conflicts c ON c.delivery_id = d.id"
        " CROSS JOIN activities a ON a.id = c.activity_id"
        " WHERE d.ward_code = ? AND d.checksum = ? ORDER BY a.uid",
        [manifest.ward_code, manifest.checksum],
    )
    conflicts = []
    for activity_id, uid, title, raw in rows:
        record = json.loads(raw)
        removed = bool(record.get("removed") or record.get("deleted_at"))
        conflicts.append(Conflict(activity_id, uid, title, removed))
    return tuple(conflicts)


@contextlib.contextmanager
def _attached(conn: sqlite3.Connection, exchange: ExchangeFile, src: str) -> Iterator[None]:
    """The checked private copy, read-only, as the schema ``src`` of the book's connection (outside
    any transaction, as SQLite requires): its new records are copied by SQLite itself, not row by
    row through Python."""
    # A plain path: a URI would need the book's connection opened for URIs, which Windows' SQLite
    # does not assume. Nothing writes to the copy; nobody else can reach it.
    conn.execute(f"ATTACH DATABASE ? AS {src}", [str(exchange.copy)])
    conn.create_function("wardlog_is_clean", 4, _is_clean, deterministic=True)
    try:
        yield
    finally:
        conn.execute(f"DETACH DATABASE {src}")


def _merge(
    book: Book,
    conn: sqlite3.Connection,
    exchange: ExchangeFile,
    src: str,
    fraction: Callable[[float], None] | None,
) -> MergeResult:
    manifest = exchange.manifest
    if _delivered(conn, manifest):  # the same file twice in one group
        settled = _settled(book, exchange)
        assert settled is not None  # a delivered file is settled
        return settled

    def step(share: float) -> None:
        if fraction is not None:
            fraction(CHECK_SHARE + (1 - CHECK_SHARE) * share)

    _register_ward(conn, manifest)
    catalog_added = _merge_catalog(conn, exchange.conn)
    # A ward's first file (the usual case, and the largest) has no record the book knows: nothing
    # to compare, its records are only added.
    known_ward = (
        conn.execute("SELECT 1 FROM activities WHERE ward_code = ? LIMIT 1", [manifest.ward_code]).fetchone()
        is not None
    )
    tally = _Tally()
    attachments = _attachment_index(exchange.conn) if manifest.attachment_count else {}
    first_new = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM activities").fetchone()[0]
    with _bulk_indexing(conn, first_new):
        if known_ward:
            _refuse_foreign(conn, exchange, src)
            _count_unchanged(conn, exchange, src, tally, attachments)
            step(0.1)
            _merge_newer(conn, exchange, src, tally, attachments)
        else:  # only deletions of records the book never had, unless they are another's
            _refuse_foreign(conn, exchange, src, deleted_only=True)
            tally.unchanged += manifest.deleted_count
        step(0.2)
        try:
            _add_new(conn, exchange, src, tally, attachments, first_new, known_ward=known_ward)
        except sqlite3.IntegrityError:  # a uid the book holds for another: the refusal names it
            if not known_ward:
                _refuse_foreign(conn, exchange, src)
            raise
        step(0.8)
    _remove_absent(conn, manifest, src, tally)
    delivery_id = _record_delivery(conn, exchange, tally)
    ward_plans.record(conn, exchange, delivery_id)
    for conflict, ward_revision, record in tally.conflicts:
        conn.execute(
            "INSERT INTO merge_conflicts(activity_id, delivery_id, ward_revision, ward_record, found_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(activity_id) DO UPDATE SET"
            " delivery_id = excluded.delivery_id, ward_revision = excluded.ward_revision,"
            " ward_record = excluded.ward_record, found_at = excluded.found_at"
            " WHERE excluded.ward_revision > merge_conflicts.ward_revision",
            [conflict.activity_id, delivery_id, ward_revision, record, now_stamp()],
        )
    step(1.0)
    return MergeResult(
        exchange.path,
        manifest,
        tally.added,
        tally.updated,
        tally.removed,
        tally.unchanged,
        tuple(conflict for conflict, _rev, _record in tally.conflicts),
        tuple(catalog_added),
    )


@contextlib.contextmanager
def _bulk_indexing(conn: sqlite3.Connection, first_new: int) -> Iterator[None]:
    """Index the search text of the added activities in one statement at the end, not row by row.

    Inside the merge's transaction the search index's insert trigger is dropped and then recreated
    from its own stored text (twice as fast for a large file, as for the demo); a rollback brings
    everything back as it was. A larger page cache meanwhile keeps the uid index in memory.
    """
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [SEARCH_INSERT_TRIGGER]
    ).fetchone()
    trigger = str(row[0]) if row and SEARCH_TEXT_SQL.format(p="new") in row[0] else None
    if trigger is not None:
        conn.execute(f"DROP TRIGGER {SEARCH_INSERT_TRIGGER}")
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {cache}")
    if trigger is not None:
        # FTS5 gathers new entries in memory up to this size before it writes them as a segment (and
        # at each savepoint): a file's entries make one segment rather than several small ones to be
        # merged later. The setting stays with the book (an upper-level book merges in bulk again).
        conn.execute("INSERT INTO activity_search(activity_search, rank) VALUES ('hashsize', ?)", [FTS_HASH])
        conn.execute(
            "INSERT INTO activity_search(rowid, body)"
            f" SELECT a.id, {SEARCH_TEXT_SQL.format(p='a')} FROM activities a WHERE a.id >= ?",
            [first_new],
        )
        conn.execute(trigger)


def _linked_chunks(
    exchange: ExchangeFile, rows: Iterable[tuple[object, ...]]
) -> Iterator[tuple[list[tuple[object, ...]], dict[str, list[str]], dict[str, list[str]]]]:
    """Records (their uid first) a chunk at a time, with their topics and audiences in the file."""
    for chunk in _chunks(rows):
        uids = [row[0] for row in chunk]
        topics = _links(exchange.conn, "activity_topics", "topic", uids)
        yield chunk, topics, _links(exchange.conn, "activity_audiences", "audience", uids)


def _chunks(rows: Iterable[tuple[object, ...]]) -> Iterator[list[tuple[object, ...]]]:
    chunk: list[tuple[object, ...]] = []
    for row in rows:
        chunk.append(tuple(row))
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- ward and catalog ----------------------------------------------------------------------------


def _register_ward(conn: sqlite3.Connection, manifest: Manifest) -> None:
    """The ward in the book's ``wards``: its official name when the code is in the official list."""
    from wardlog.core.units import load_units

    official = load_units().ward(manifest.ward_code)
    name = official.name if official else clean(manifest.ward_name)[:200]
    province = official.province_name if official else clean(manifest.province)[:200]
    conn.execute(
        "INSERT INTO wards(code, name, province) VALUES (?, ?, ?) ON CONFLICT(code) DO UPDATE SET"
        " name = excluded.name, province = excluded.province"
        " WHERE name IS NOT excluded.name OR province IS NOT excluded.province",
        [manifest.ward_code, name, province],
    )


def _merge_catalog(conn: sqlite3.Connection, source: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """Add the catalog codes the book does not know, with the ward's labels; known codes keep theirs."""
    added: list[tuple[str, str, str]] = []
    plan = (  # groups and units first: channels refer to them
        ("channel_groups", "code, label"),
        (Kind.UNIT.value, "code, label, retired"),
        (Kind.CHANNEL.value, "code, label, retired, group_code, default_unit"),
        (Kind.TOPIC.value, "code, label, retired"),
        (Kind.AUDIENCE.value, "code, label, retired"),
    )
    for table, columns in plan:
        known = {code: label for code, label in conn.execute(f"SELECT code, label FROM {table}")}
        labels = {fold(label) for label in known.values()}
        position = conn.execute(f"SELECT coalesce(max(position), -1) FROM {table}").fetchone()[0]
        for row in source.execute(f"SELECT {columns} FROM {table} ORDER BY position, code"):
            code, label = row[0], clean(row[1])[:200] or row[0]
            if code in known:
                continue
            if fold(label) in labels:  # the name is taken by another code: say which one this is
                label = f"{label} ({code})"
            position += 1
            if table == "channel_groups":
                conn.execute(
                    "INSERT INTO channel_groups(code, label, position) VALUES (?, ?, ?)",
                    [code, label, position],
                )
            elif table == Kind.CHANNEL.value:
                conn.execute(
                    "INSERT INTO channels(code, label, retired, group_code, default_unit, position)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [code, label, row[2], row[3], row[4], position],
                )
            else:
                conn.execute(
                    f"INSERT INTO {table}(code, label, retired, position) VALUES (?, ?, ?, ?)",
                    [code, label, row[2], position],
                )
            known[code] = label
            labels.add(fold(label))
            added.append((table, code, label))
    if added:
        conn.execute("UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog_version'")
    return added


# --- activities ----------------------------------------------------------------------------------


def _attachment_index(source: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """activity uid → its attachments in the file, without their bytes."""
    index: dict[str, list[tuple[object, ...]]] = {}
    for row in source.execute(
        "SELECT activity_uid, uid, name, media_type, size, sha256, created_at FROM attachments ORDER BY uid"
    ):
        index.setdefault(row[0], []).append(tuple(row[1:]))
    return index


def _links(
    source: sqlite3.Connection, table: str, column: str, uids: Sequence[object]
) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for uid, code in source.execute(
        f"SELECT activity_uid, {column} FROM {table} WHERE activity_uid IN ({', '.join('?' * len(uids))})",
        list(uids),
    ):
        found.setdefault(uid, []).append(code)
    return found


def _clean(text: object, *, multiline: bool = False) -> str:
    """:func:`clean`, with a fast way through for text that is already as the book stores it."""
    value = str(text)
    if (
        value.isprintable()
        and "  " not in value
        and value.strip(" ") == value
        and unicodedata.is_normalized("NFC", value)
    ):
        return value
    return clean(value, multiline=multiline)


def _cleaned(path: Path, row: tuple[object, ...]) -> tuple[object, ...]:
    """The record's text as the book stores it (NFC, no control characters)."""
    (uid, day, channel, title, place, participants, quantity, unit, minutes, responsible, notes,
     created, updated, revision, deleted) = row  # fmt: skip
    title = _clean(title)
    if not title:
        raise RefusedFile(path, _("the activity {uid} has no title.").format(uid=uid))
    return (uid, day, channel, title, _clean(place), participants, float(quantity), unit,  # type: ignore[arg-type]
            minutes, _clean(responsible), _clean(notes, multiline=True), created, updated,
            revision, deleted)  # fmt: skip


def _is_clean(title: object, place: object, responsible: object, notes: object) -> bool:
    """The record's text is surely as the book stores it (what WardLog's own export writes), checked
    in a few string operations. A record it doubts goes through :func:`clean` instead: the same text,
    more slowly."""
    if not (type(title) is type(place) is type(responsible) is type(notes) is str):
        return False
    for value in (title, place, responsible, notes):
        if not value.isprintable() or "  " in value or value[:1] == " " or value[-1:] == " ":
            return False  # notes of several lines go through clean() as well
    return title != "" and unicodedata.is_normalized("NFC", "\n".join((title, place, responsible, notes)))


def _known(src: str) -> str:
    """The file's records the book has, each beside its copy (``a``) and its merge base (``m``)."""
    return (
        f"FROM {src}.activities s JOIN activities a ON a.uid = s.uid"
        " LEFT JOIN merged_activities m ON m.activity_id = a.id"
    )


_BASE = "coalesce(m.ward_revision, a.revision)"  # the ward's revision last taken
_UNKNOWN = "NOT EXISTS (SELECT 1 FROM activities a WHERE a.uid = s.uid)"


def _refuse_foreign(
    conn: sqlite3.Connection, exchange: ExchangeFile, src: str, *, deleted_only: bool = False
) -> None:
    """A record of another ward, or of the book's own, refuses the whole file (``deleted_only``:
    looked for among its deletions only)."""
    deleted = " AND s.deleted_at IS NOT NULL" if deleted_only else ""
    row = conn.execute(
        f"SELECT min(s.uid) FROM {src}.activities s JOIN activities a ON a.uid = s.uid"
        f" WHERE a.ward_code IS NOT ?{deleted}",
        [exchange.manifest.ward_code],
    ).fetchone()
    if row[0] is not None:
        raise RefusedFile(
            exchange.path,
            _("it holds a record ({uid}) that belongs to another ward or to this book itself.").format(
                uid=row[0]
            ),
        )


def _count_unchanged(
    conn: sqlite3.Connection,
    exchange: ExchangeFile,
    src: str,
    tally: _Tally,
    attachments: dict[str, list[tuple[object, ...]]],
) -> None:
    """Records not newer than the revision last taken, and deletions of records never taken, change
    nothing; an unchanged record still gets the file's attachments it lacks."""
    known = conn.execute(f"SELECT count(*) {_known(src)} WHERE s.revision <= {_BASE}").fetchone()[0]
    never = conn.execute(
        f"SELECT count(*) FROM {src}.activities s WHERE s.deleted_at IS NOT NULL AND {_UNKNOWN}"
    ).fetchone()[0]
    tally.unchanged += known + never
    if attachments:
        rows = conn.execute(
            f"SELECT a.id, s.uid {_known(src)} WHERE s.revision <= {_BASE} AND s.deleted_at IS NULL"
            f" AND s.uid IN (SELECT activity_uid FROM {src}.attachments)"
        ).fetchall()
        for activity_id, uid in rows:
            _add_attachments(conn, exchange, activity_id, attachments[uid])


def _merge_newer(
    conn: sqlite3.Connection,
    exchange: ExchangeFile,
    src: str,
    tally: _Tally,
    attachments: dict[str, list[tuple[object, ...]]],
) -> None:
    """Records the book has, in a newer revision than the one last taken: updated (or removed), or a
    conflict when the upper level changed them too."""
    columns = ", ".join(f"s.{name.strip()}" for name in _FIELDS.split(","))
    rows = conn.execute(
        f"SELECT {columns}, a.id, a.revision, a.deleted_at IS NOT NULL, {_BASE},"
        f" coalesce(m.local_revision, a.revision), a.title {_known(src)} WHERE s.revision > {_BASE}"
        " ORDER BY s.uid"
    )
    file_time = exchange.manifest.created_at
    for chunk, topics, audiences in _linked_chunks(exchange, rows):
        for found in chunk:
            row, local = found[:15], found[15:]
            mine = _Local(*local)  # type: ignore[arg-type]
            uid, revision, deleted = str(row[0]), int(row[13]), row[14] is not None  # type: ignore[call-overload]
            row = _cleaned(exchange.path, row)
            if mine.revision != mine.local_revision:  # edited here since the last merge, and by the ward
                record = _record_json(row, topics.get(uid, []), audiences.get(uid, []), removed=False)
                tally.conflicts.append((Conflict(mine.id, uid, mine.title, deleted), revision, record))
                continue
            new_revision = revision if revision > mine.revision else mine.revision + 1
            conn.execute(
                "UPDATE activities SET date = ?, channel = ?, title = ?, place = ?, participants = ?,"
                " quantity = ?, unit = ?, minutes = ?, responsible = ?, notes = ?, created_at = ?,"
                " updated_at = ?, revision = ?, deleted_at = ? WHERE id = ?",
                [*row[1:13], new_revision, row[14], mine.id],
            )
            _replace_links(conn, mine.id, topics.get(uid, []), audiences.get(uid, []))
            _set_base(conn, mine.id, revision, new_revision, file_time)
            if exchange.manifest.attachments_included and not deleted:
                _sync_attachments(conn, exchange, mine.id, attachments.get(uid, []))
            if deleted and not mine.deleted:
                tally.removed += 1
            else:
                tally.updated += 1


def _add_new(
    conn: sqlite3.Connection,
    exchange: ExchangeFile,
    src: str,
    tally: _Tally,
    attachments: dict[str, list[tuple[object, ...]]],
    first_new: int,
    *,
    known_ward: bool,
) -> None:
    """The live records the book does not have: copied by SQLite from the checked file, with their
    topics, audiences and merge base; a record whose text needs cleaning first goes through Python.
    For a ward the book has no record of (``known_ward`` False) every live record is new: a uid the
    book holds (another's) stops the insert with an IntegrityError."""
    manifest = exchange.manifest
    columns = ", ".join(
        "CAST(s.quantity AS REAL)" if name.strip() == "quantity" else f"s.{name.strip()}"
        for name in _FIELDS.split(",")
    )
    unknown = f" AND {_UNKNOWN}" if known_ward else ""
    added = conn.execute(
        f"INSERT INTO activities(ward_code, {_FIELDS}) SELECT ?, {columns} FROM {src}.activities s"
        f" WHERE s.deleted_at IS NULL{unknown}"
        " AND wardlog_is_clean(s.title, s.place, s.responsible, s.notes) ORDER BY s.uid",
        [manifest.ward_code],
    ).rowcount
    if added:
        for table, column in (("activity_topics", "topic"), ("activity_audiences", "audience")):
            conn.execute(
                f"INSERT INTO {table}(activity_id, {column}) SELECT a.id, t.{column}"
                f" FROM activities a JOIN {src}.{table} t ON t.activity_uid = a.uid WHERE a.id >= ?",
                [first_new],
            )
        conn.execute(
            "INSERT INTO merged_activities(activity_id, ward_revision, local_revision, file_created_at)"
            " SELECT id, revision, revision, ? FROM activities WHERE id >= ?",
            [manifest.created_at, first_new],
        )
        if attachments:
            rows = conn.execute(
                "SELECT id, uid FROM activities WHERE id >= ?"
                f" AND uid IN (SELECT activity_uid FROM {src}.attachments)",
                [first_new],
            ).fetchall()
            for activity_id, uid in rows:
                _add_attachments(conn, exchange, activity_id, attachments[uid])
    tally.added += added
    # what is left: records whose text is cleaned (or refused) as the book's own rules say
    if known_ward:
        left = _UNKNOWN
    elif added < manifest.record_count:
        left = "NOT wardlog_is_clean(s.title, s.place, s.responsible, s.notes)"
    else:
        return
    rows = conn.execute(
        f"SELECT {_FIELDS} FROM {src}.activities s WHERE s.deleted_at IS NULL AND {left} ORDER BY s.uid"
    )
    for chunk, topics, audiences in _linked_chunks(exchange, rows):
        cleaned = [_cleaned(exchange.path, row) for row in chunk]
        _insert(conn, exchange, cleaned, topics, audiences, attachments)
        tally.added += len(chunk)


def _insert(
    conn: sqlite3.Connection,
    exchange: ExchangeFile,
    rows: list[tuple[object, ...]],
    topics: dict[str, list[str]],
    audiences: dict[str, list[str]],
    attachments: dict[str, list[tuple[object, ...]]],
) -> None:
    ward = exchange.manifest.ward_code
    conn.executemany(
        f"INSERT INTO activities(ward_code, {_FIELDS}) VALUES (?{', ?' * 15})", [(ward, *row) for row in rows]
    )
    uids = [row[0] for row in rows]
    ids = dict(
        conn.execute(f"SELECT uid, id FROM activities WHERE uid IN ({', '.join('?' * len(uids))})", uids)
    )
    conn.executemany(
        "INSERT INTO activity_topics(activity_id, topic) VALUES (?, ?)",
        [(ids[uid], code) for uid in uids for code in topics.get(str(uid), [])],
    )
    conn.executemany(
        "INSERT INTO activity_audiences(activity_id, audience) VALUES (?, ?)",
        [(ids[uid], code) for uid in uids for code in audiences.get(str(uid), [])],
    )
    conn.executemany(
        "INSERT INTO merged_activities(activity_id, ward_revision, local_revision, file_created_at)"
        " VALUES (?, ?, ?, ?)",
        [(ids[row[0]], row[13], row[13], exchange.manifest.created_at) for row in rows],
    )
    for uid in uids:
        if attachments.get(str(uid)):
            _add_attachments(conn, exchange, ids[uid], attachments[str(uid)])


def _replace_links(
    conn: sqlite3.Connection, activity_id: int, topics: list[str], audiences: list[str]
) -> None:
    conn.execute("DELETE FROM activity_topics WHERE activity_id = ?", [activity_id])
    conn.execute("DELETE FROM activity_audiences WHERE activity_id = ?", [activity_id])
    conn.executemany(
        "INSERT INTO activity_topics(activity_id, topic) VALUES (?, ?)", [(activity_id, t) for t in topics]
    )
    conn.executemany(
        "INSERT INTO activity_audiences(activity_id, audience) VALUES (?, ?)",
        [(activity_id, a) for a in audiences],
    )


def _set_base(
    conn: sqlite3.Connection, activity_id: int, ward_revision: int, local_revision: int, file_time: str | None
) -> None:
    conn.execute(
        "INSERT INTO merged_activities(activity_id, ward_revision, local_revision, file_created_at)"
        " VALUES (?, ?, ?, coalesce(?, '')) ON CONFLICT(activity_id) DO UPDATE SET"
        " ward_revision = excluded.ward_revision, local_revision = excluded.local_revision,"
        " file_created_at = max(file_created_at, excluded.file_created_at)",
        [activity_id, ward_revision, local_revision, file_time],
    )


def _record_json(row: tuple[object, ...], topics: list[str], audiences: list[str], *, removed: bool) -> str:
    names = [name.strip() for name in _FIELDS.split(",")]
    record = dict(zip(names, row, strict=True))
    record.update(topics=topics, audiences=audiences, removed=removed)
    return json.dumps(record, ensure_ascii=False)


# --- attachments ---------------------------------------------------------------------------------


def _add_attachments(
    conn: sqlite3.Connection, exchange: ExchangeFile, activity_id: int, files: list[tuple[object, ...]]
) -> None:
    """Add the file's attachments this activity lacks (by uid; the same bytes twice are kept once)."""
    have = {
        uid for (uid,) in conn.execute("SELECT uid FROM attachments WHERE activity_id = ?", [activity_id])
    }
    for uid, name, media_type, size, digest, created in files:
        if uid in have:
            continue
        data, thumbnail = exchange.conn.execute(
            "SELECT data, thumbnail FROM attachments WHERE uid = ?", [uid]
        ).fetchone()
        conn.execute(
            "INSERT INTO attachments(uid, activity_id, name, media_type, size, sha256, created_at, thumbnail,"
            " data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [uid, activity_id, _shortened(clean(str(name))) or "tep", media_type, size, digest, created,
             thumbnail, data],
        )  # fmt: skip


def _sync_attachments(
    conn: sqlite3.Connection, exchange: ExchangeFile, activity_id: int, files: list[tuple[object, ...]]
) -> None:
    """Make the activity's attachments those of the file (the ward removed some, or added)."""
    wanted = [str(f[0]) for f in files]
    conn.execute(
        f"DELETE FROM attachments WHERE activity_id = ? AND uid NOT IN ({', '.join('?' * len(wanted))})",
        [activity_id, *wanted],
    )
    _add_attachments(conn, exchange, activity_id, files)


# --- what the ward no longer has -----------------------------------------------------------------


def _remove_absent(conn: sqlite3.Connection, manifest: Manifest, src: str, tally: _Tally) -> None:
    """The ward's records of the file's period that the file no longer holds go to the bin.

    Only records brought by an older file: an older file arriving late removes nothing.
    """
    older = conn.execute(
        "SELECT 1 FROM deliveries WHERE ward_code = ? AND created_at < ? LIMIT 1",
        [manifest.ward_code, manifest.created_at],
    ).fetchone()
    if older is None:  # no earlier file of this ward: nothing of it can have gone
        return
    rows = conn.execute(
        "SELECT a.id, a.uid, a.revision, m.local_revision, a.title FROM activities a"
        " JOIN merged_activities m ON m.activity_id = a.id"
        " WHERE a.ward_code = ? AND a.deleted_at IS NULL AND a.date BETWEEN ? AND ?"
        f" AND m.file_created_at < ? AND NOT EXISTS (SELECT 1 FROM {src}.activities s"
        " WHERE s.uid = a.uid)",
        [manifest.ward_code, manifest.period_start, manifest.period_end, manifest.created_at],
    ).fetchall()
    stamp = now_stamp()
    for activity_id, uid, revision, local_revision, title in rows:
        if revision != local_revision:  # the base stays: the record may come back in another file
            record = json.dumps({"uid": uid, "removed": True})
            ward_revision = conn.execute(
                "SELECT ward_revision FROM merged_activities WHERE activity_id = ?", [activity_id]
            ).fetchone()[0]
            tally.conflicts.append((Conflict(activity_id, uid, title, True), ward_revision, record))
            continue
        conn.execute(
            "UPDATE activities SET deleted_at = ?, updated_at = ?, revision = revision + 1 WHERE id = ?",
            [stamp, stamp, activity_id],
        )
        conn.execute(
            "UPDATE merged_activities SET local_revision = ?, file_created_at = ? WHERE activity_id = ?",
            [revision + 1, manifest.created_at, activity_id],
        )
        tally.removed += 1


def _record_delivery(conn: sqlite3.Connection, exchange: ExchangeFile, tally: _Tally) -> int:
    m = exchange.manifest
    cursor = conn.execute(
        "INSERT INTO deliveries(ward_code, period, convention, period_start, period_end, created_at,"
        " merged_at, final, correction, records, attachments, program_version, catalog_version, checksum,"
        " file_name, added, updated, removed, unchanged, conflicts)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [m.ward_code, m.period, m.convention, m.period_start, m.period_end, m.created_at, now_stamp(),
         m.final, m.correction, m.record_count, m.attachments_included, m.program_version,
         m.catalog_version, m.checksum, exchange.path.name[:250], tally.added, tally.updated,
         tally.removed, tally.unchanged, len(tally.conflicts)],
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


# --- conflicts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenConflict:
    activity_id: int
    uid: str
    ward_code: str
    title: str
    ward_revision: int
    ward_record: dict[str, object]
    found_at: str


def open_conflicts(book: Book) -> list[OpenConflict]:
    """Records waiting for a decision between the ward's version and the upper level's."""
    rows = book.conn.execute(
        "SELECT c.activity_id, a.uid, a.ward_code, a.title, c.ward_revision, c.ward_record, c.found_at"
        " FROM merge_conflicts c JOIN activities a ON a.id = c.activity_id ORDER BY a.ward_code, a.date"
    )
    return [OpenConflict(*row[:5], json.loads(row[5]), row[6]) for row in rows]


def resolve_conflict(book: Book, activity_id: int, *, take_ward: bool) -> None:
    """Settle a conflict: keep the upper level's version, or take the ward's (it then counts as merged)."""
    conn = book.conn
    with book.atomic():
        found = conn.execute(
            "SELECT c.ward_revision, c.ward_record, a.revision FROM merge_conflicts c"
            " JOIN activities a ON a.id = c.activity_id WHERE c.activity_id = ?",
            [activity_id],
        ).fetchone()
        if found is None:
            raise WardLogError(_("There is no conflict for this activity."))
        ward_revision, raw, revision = found
        record = json.loads(raw)
        local_revision = revision
        if take_ward:
            local_revision = max(ward_revision, revision + 1)
            stamp = now_stamp()
            if record.get("removed") or record.get("deleted_at"):
                conn.execute(
                    "UPDATE activities SET deleted_at = ?, updated_at = ?, revision = ? WHERE id = ?",
                    [record.get("deleted_at") or stamp, stamp, local_revision, activity_id],
                )
            else:
                conn.execute(
                    "UPDATE activities SET date = ?, channel = ?, title = ?, place = ?, participants = ?,"
                    " quantity = ?, unit = ?, minutes = ?, responsible = ?, notes = ?, updated_at = ?,"
                    " revision = ?, deleted_at = NULL WHERE id = ?",
                    [record["date"], record["channel"], record["title"], record["place"],
                     record["participants"], record["quantity"], record["unit"], record["minutes"],
                     record["responsible"], record["notes"], record["updated_at"], local_revision,
                     activity_id],
                )  # fmt: skip
                _replace_links(conn, activity_id, record["topics"], record["audiences"])
        _set_base(conn, activity_id, ward_revision, local_revision, None)
        conn.execute("DELETE FROM merge_conflicts WHERE activity_id = ?", [activity_id])
