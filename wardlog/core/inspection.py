"""Opening an exchange file from a ward as untrusted input, and refusing anything not exactly one.

:func:`opened` copies the file to a private temporary folder (so nobody changes it while it is read,
and the original is never touched), looks at the raw header before SQLite does, then opens the copy
read-only and immutable with ``trusted_schema=OFF`` and a cap on the size of any value, and checks,
in this order: the schema is exactly the exchange schema of a known version (no other table, view,
trigger or index), SQLite's ``integrity_check`` (the indexes agree with the tables), the manifest
(one row, every field of the right type and within bounds, a period whose code and dates agree),
the checksum recomputed over the content,
and the content itself (counts as the manifest says, every record within the period, every value of
the right type and within the limits the book itself enforces, every reference resolved, every
attachment's size and SHA-256 true, and from format 2 the plan's figures, :mod:`plan_exchange`). The
first failure raises :class:`RefusedFile` with a sentence for the user; nothing has been written
anywhere by then.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from wardlog.core import model, plan_exchange
from wardlog.core.attachments import MAX_BYTES, MEDIA_TYPES
from wardlog.core.errors import ValidationError, WardLogError
from wardlog.core.exchange_format import (
    APPLICATION_ID,
    FORMAT_NAME,
    FORMAT_VERSION,
    KNOWN_VERSIONS,
    Manifest,
    content_checksum,
    expected_schema,
)
from wardlog.core.i18n import _, format_number
from wardlog.core.periods import MAX_YEAR, MIN_YEAR, parse
from wardlog.core.schema import APPLICATION_ID as BOOK_APPLICATION_ID

MAX_FILE_BYTES = 4 * 1024**3  # far above a ward's activities with a year of photos
MAX_RECORDS = 2_000_000  # activities in one file (a ward logs hundreds to a few thousand a year)
MAX_CATALOG = 10_000  # entries per catalog list
MAX_VALUE_BYTES = MAX_BYTES + 1024 * 1024  # the largest attachment, with room to spare
MAX_THUMBNAIL = 2 * 1024 * 1024
MAX_TEXT = 1000  # identities, stamps and names in the manifest
FUTURE_TOLERANCE = timedelta(days=2)  # a ward PC's clock may be a little ahead; a file from the future is not
_HEADER = b"SQLite format 3\x00"
_UUID_GLOB = "-".join("[0-9a-f]" * n for n in (8, 4, 4, 4, 12))
_CODE_BAD = "(typeof({c}) <> 'text' OR length({c}) NOT BETWEEN 1 AND 40 OR {c} GLOB '*[^a-z0-9_]*')"
_STAMP_BAD = "(typeof({c}) <> 'text' OR length({c}) NOT BETWEEN 10 AND 40)"


class RefusedFile(WardLogError):
    """An exchange file was refused; nothing was changed. ``reason`` says why, ``path`` which file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(_("{name} was not merged: {reason}").format(name=Path(path).name, reason=reason))
        self.path = Path(path)
        self.reason = reason


@dataclass
class ExchangeFile:
    """A checked exchange file, open read-only on a private copy."""

    path: Path  # the file the user gave
    conn: sqlite3.Connection
    manifest: Manifest
    size: int
    copy: Path  # the private copy ``conn`` reads (nobody else can change it)
    content_checked: bool = True  # False: only its form and manifest (a file delivered before)

    @property
    def period_start(self) -> date:
        return date.fromisoformat(self.manifest.period_start)

    @property
    def period_end(self) -> date:
        return date.fromisoformat(self.manifest.period_end)


@contextlib.contextmanager
def opened(
    path: Path,
    *,
    progress: Callable[[int], None] | None = None,
    delivered: Callable[[Manifest], bool] | None = None,
) -> Iterator[ExchangeFile]:
    """The exchange file at ``path``, checked (see the module), open on a private read-only copy.

    Raises :class:`RefusedFile` when it is not exactly a sound WardLog exchange file. ``progress(rows)``
    is called while the checksum is recomputed (it may raise to stop). When ``delivered(manifest)``
    says the book already took this very file (its ward and checksum), its content is neither
    recomputed nor checked (``content_checked`` is False): nothing of it beyond the manifest is used.
    """
    path = Path(path)
    size = _size(path)
    folder = Path(tempfile.mkdtemp(prefix="wardlog-merge-"))
    conn: sqlite3.Connection | None = None
    try:
        if shutil.disk_usage(folder).free < size + 64 * 1024 * 1024:
            raise RefusedFile(path, _("there is not enough free disk space to check it."))
        copy = folder / "incoming.wlx"
        try:
            shutil.copyfile(path, copy)
        except OSError as error:
            raise RefusedFile(
                path, _("the file cannot be read: {reason}").format(reason=error.strerror or error)
            ) from error
        _check_header(path, copy)
        conn = _connect(copy)
        try:
            manifest, checked = _check(path, conn, progress, delivered)
        except sqlite3.DatabaseError as error:
            raise RefusedFile(path, _("it is damaged: {reason}").format(reason=error)) from error
        yield ExchangeFile(path, conn, manifest, size, copy, checked)
    finally:
        if conn is not None:
            conn.close()
        shutil.rmtree(folder, ignore_errors=True)


def check_file(path: Path) -> Manifest:
    """Check an exchange file without merging it; returns its manifest or raises :class:`RefusedFile`."""
    with opened(path) as exchange:
        return exchange.manifest


# --- the raw file --------------------------------------------------------------------------------


def _size(path: Path) -> int:
    try:
        if not path.is_file():
            raise RefusedFile(path, _("there is no such file."))
        size = path.stat().st_size
    except OSError as error:
        raise RefusedFile(
            path, _("the file cannot be read: {reason}").format(reason=error.strerror or error)
        ) from error
    if size == 0:
        raise RefusedFile(path, _("the file is empty."))
    if size > MAX_FILE_BYTES:
        raise RefusedFile(
            path,
            _("it is too large to be an exchange file ({size} MB).").format(
                size=format_number(size / 1024**2, decimals=0)
            ),
        )
    return size


def _check_header(path: Path, copy: Path) -> None:
    """What the first 100 bytes say, read before SQLite is given the file."""
    with copy.open("rb") as handle:
        header = handle.read(100)
    size = copy.stat().st_size
    if len(header) < 100 or not header.startswith(_HEADER):
        raise RefusedFile(path, _("it is not a WardLog exchange file (it is not a SQLite database)."))
    (application_id,) = struct.unpack(">I", header[68:72])
    if application_id == BOOK_APPLICATION_ID:
        raise RefusedFile(
            path,
            _("it is a WardLog book, not an exchange file; the ward makes the exchange file with Export."),
        )
    if application_id != APPLICATION_ID:
        raise RefusedFile(path, _("it is not a WardLog exchange file (it belongs to another program)."))
    (version,) = struct.unpack(">I", header[60:64])
    if version > FORMAT_VERSION:
        raise RefusedFile(
            path,
            _(
                "it was made by a newer WardLog (exchange format {found}; this program reads up to "
                "{known}). Install the newer WardLog to merge it."
            ).format(found=version, known=FORMAT_VERSION),
        )
    if version not in KNOWN_VERSIONS:
        raise RefusedFile(path, _("it is not a WardLog exchange file of a known format."))
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise RefusedFile(path, _("it is damaged: its header is not valid."))
    if header[18] != 1 or header[19] != 1:  # what WardLog writes: a single file, no write-ahead log
        raise RefusedFile(path, _("it is not in the form WardLog writes (it needs a write-ahead log file)."))
    if struct.unpack(">I", header[56:60])[0] != 1:  # text in UTF-8, as WardLog writes it
        raise RefusedFile(path, _("it is not in the form WardLog writes (its text is not in UTF-8)."))
    change_counter, pages = struct.unpack(">I", header[24:28])[0], struct.unpack(">I", header[28:32])[0]
    valid_for = struct.unpack(">I", header[92:96])[0]
    if valid_for != change_counter or pages * page_size != size:
        raise RefusedFile(path, _("it is damaged: it is truncated or has bytes added."))


def _connect(copy: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{quote(str(copy))}?mode=ro&immutable=1", uri=True, isolation_level=None)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    for pragma in ("trusted_schema = OFF", "cell_size_check = ON", "query_only = ON", "mmap_size = 0"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


# --- the database ---------------------------------------------------------------------------------


def _check(
    path: Path,
    conn: sqlite3.Connection,
    progress: Callable[[int], None] | None,
    delivered: Callable[[Manifest], bool] | None,
) -> tuple[Manifest, bool]:
    """The manifest, and whether the content was checked too."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version not in KNOWN_VERSIONS:  # the header said otherwise: it changed under us
        raise RefusedFile(path, _("it is not a WardLog exchange file of a known format."))
    _check_schema(path, conn, version)
    # integrity_check, not quick_check: the merge reads the file through its indexes, so they must
    # hold what the tables hold (for a ward's file, a few milliseconds more).
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check(100)")]
    if problems != ["ok"]:
        raise RefusedFile(path, _("it is damaged: {reason}").format(reason="; ".join(problems[:3])))
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        raise RefusedFile(path, _("it is not a WardLog exchange file (it belongs to another program)."))
    manifest = _read_manifest(path, conn, version)
    if delivered is not None and delivered(manifest):
        return manifest, False
    if content_checksum(conn, progress, version=version) != manifest.checksum:
        raise RefusedFile(
            path,
            _(
                "its checksum does not match its content: it was changed or damaged after the ward "
                "made it. Ask the ward to export it again."
            ),
        )
    _check_content(path, conn, manifest)
    return manifest, True


def _describe(kind: str, name: str) -> str:
    template = {
        "table": _("a table “{name}”"),
        "view": _("a view “{name}”"),
        "trigger": _("a trigger “{name}”"),
        "index": _("an index “{name}”"),
    }.get(kind, _("an object “{name}”"))
    return template.format(name=name)


def _check_schema(path: Path, conn: sqlite3.Connection, version: int) -> None:
    found = set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    expected = expected_schema(version)
    extra = sorted(found - expected, key=lambda row: (row[0], row[1]))
    missing = sorted(expected - found, key=lambda row: (row[0], row[1]))
    expected_names = {(kind, name) for kind, name, _table, _sql in expected}
    changed = [row for row in extra if (row[0], row[1]) in expected_names]
    added = [row for row in extra if (row[0], row[1]) not in expected_names]
    if added:
        items = ", ".join(_describe(kind, name) for kind, name, _t, _s in added[:5])
        raise RefusedFile(path, _("it holds what an exchange file never holds: {items}.").format(items=items))
    if changed:
        items = ", ".join(_describe(kind, name) for kind, name, _t, _s in changed[:5])
        raise RefusedFile(
            path, _("parts of it are not defined as in an exchange file: {items}.").format(items=items)
        )
    if missing:
        items = ", ".join(_describe(kind, name) for kind, name, _t, _s in missing[:5])
        raise RefusedFile(path, _("it lacks parts of an exchange file: {items}.").format(items=items))


def _read_manifest(path: Path, conn: sqlite3.Connection, version: int) -> Manifest:
    columns = Manifest.columns()
    rows = conn.execute(f"SELECT {', '.join(columns)} FROM manifest LIMIT 2").fetchall()
    if len(rows) != 1:
        raise RefusedFile(path, _("its manifest is missing or has more than one row."))
    values = dict(zip(columns, rows[0], strict=True))

    def bad(name: str, problem: str) -> RefusedFile:
        return RefusedFile(
            path, _("its manifest is not valid ({field}: {problem}).").format(field=name, problem=problem)
        )

    for name in columns:
        value = values[name]
        wanted = Manifest.__dataclass_fields__[name].type
        if wanted == "int":
            if type(value) is not int:
                raise bad(name, _("not a whole number"))
            if not 0 <= value <= MAX_RECORDS:
                raise bad(name, _("out of range"))
        elif type(value) is not str or len(value) > MAX_TEXT:
            raise bad(name, _("not a text of a sensible length"))
    manifest = Manifest(**values)
    if manifest.format != FORMAT_NAME or manifest.format_version != version:
        raise bad("format", _("not a WardLog exchange file of a known format"))
    if not re.fullmatch(r"\d{5}", manifest.ward_code):
        raise bad("ward_code", _("a ward code has exactly 5 digits"))
    if not manifest.ward_name.strip():
        raise bad("ward_name", _("empty"))
    for name in ("attachments_included", "final", "correction"):
        if values[name] not in (0, 1):
            raise bad(name, _("must be 0 or 1"))
    if not re.fullmatch(r"[0-9a-f]{64}", manifest.checksum):
        raise bad("checksum", _("not a SHA-256 in hexadecimal"))
    _check_period(manifest, bad)
    created = _parse_stamp(manifest.created_at)
    if created is None or created.year < MIN_YEAR:
        raise bad("created_at", _("not a time"))
    if created > datetime.now(UTC) + FUTURE_TOLERANCE:
        raise bad(
            "created_at",
            _("made in the future ({time}); the ward's computer clock must be set right").format(
                time=manifest.created_at
            ),
        )
    return manifest


def _check_period(manifest: Manifest, bad: Callable[[str, str], RefusedFile]) -> None:
    if manifest.convention not in ("cutoff", "calendar"):
        raise bad("convention", _("not “cutoff” or “calendar”"))
    try:
        start = date.fromisoformat(manifest.period_start)
        end = date.fromisoformat(manifest.period_end)
    except ValueError:
        raise bad("period_start", _("not a date")) from None
    if not (MIN_YEAR <= start.year <= MAX_YEAR and MIN_YEAR <= end.year <= MAX_YEAR and start <= end):
        raise bad("period_end", _("not a sensible period"))
    try:
        period = parse(manifest.period, manifest.convention)
    except ValidationError:
        raise bad("period", _("not a period")) from None
    if (period.start, period.end) != (start, end):
        raise bad("period", _("its dates are not those of {period}").format(period=manifest.period))


def _parse_stamp(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _check_content(path: Path, conn: sqlite3.Connection, manifest: Manifest) -> None:
    """Counts as the manifest says, values within the book's own limits, references resolved."""
    live, deleted = conn.execute(
        "SELECT count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL)"
        " FROM activities"
    ).fetchone()
    files = conn.execute("SELECT count(*) FROM attachments").fetchone()[0]
    for claimed, actual, what in (
        (manifest.record_count, live, _("activities")),
        (manifest.deleted_count, deleted, _("deleted activities")),
        (manifest.attachment_count, files, _("attachments")),
    ):
        if claimed != actual:
            raise RefusedFile(
                path,
                _("its manifest says it holds {claimed} {what} but it holds {actual}.").format(
                    claimed=format_number(claimed), what=what, actual=format_number(actual)
                ),
            )
    if files and not manifest.attachments_included:
        raise RefusedFile(path, _("its manifest says it has no attachments, but it has some."))
    for table in ("channel_groups", "units", "channels", "topics", "audiences"):
        if conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > MAX_CATALOG:
            raise RefusedFile(path, _("its catalog is absurdly large."))
    _enforce(path, conn, _rules(manifest))
    for uid, digest, data in conn.execute("SELECT uid, sha256, data FROM attachments"):
        if hashlib.sha256(data).hexdigest() != digest:
            raise RefusedFile(
                path, _("the attached file {uid} is not the file its checksum says.").format(uid=uid)
            )
    if manifest.format_version >= 2:
        problem = plan_exchange.size_problem(conn)
        if problem is None:
            _enforce(path, conn, plan_exchange.rules())
            problem = plan_exchange.period_problem(conn, manifest)
        if problem is not None:
            raise RefusedFile(path, problem)


# table → the column that names a bad row in a refusal (None: nothing names it)
_KEYS: dict[str, str | None] = {
    "activities": "uid",
    "attachments": "uid",
    "activity_topics": "activity_uid",
    "activity_audiences": "activity_uid",
    **plan_exchange.KEYS,
}


def _enforce(path: Path, conn: sqlite3.Connection, rules: list[tuple[str, str, str]]) -> None:
    """Refuse the file if any row meets the condition of a rule (see :func:`_rules`)."""
    for table in dict.fromkeys(table for table, _condition, _what in rules):
        mine = [(condition, what) for name, condition, what in rules if name == table]
        # one pass over the table counts the breaches of all its rules
        counts = conn.execute(
            f"SELECT {', '.join(f'count(*) FILTER (WHERE {c})' for c, _w in mine)} FROM {table}"
        ).fetchone()
        for (condition, what), n in zip(mine, counts, strict=True):
            if not n:
                continue
            key = _KEYS.get(table, "code")
            if key is None:
                message = _("{n} of its records break the rules ({rule}).")
                raise RefusedFile(path, message.format(n=format_number(n), rule=what))
            example = conn.execute(f"SELECT min({key}) FROM {table} WHERE {condition}").fetchone()[0]
            example = str(example) if isinstance(example, str | int) and len(str(example)) <= 60 else "?"
            raise RefusedFile(
                path,
                _("{n} of its records break the rules ({rule}), e.g. {example}.").format(
                    n=format_number(n), rule=what, example=example
                ),
            )


def _rules(manifest: Manifest) -> list[tuple[str, str, str]]:
    """(table, SQL condition that a bad row meets, what the rule is) for every value in the file."""
    start, end = manifest.period_start, manifest.period_end
    label_bad = "(typeof(label) <> 'text' OR length(label) NOT BETWEEN 1 AND 200)"
    flags_bad = "(typeof(position) <> 'integer' OR abs(position) > 1000000 OR retired NOT IN (0, 1)"
    flags_bad += " OR typeof(retired) <> 'integer')"
    media = ", ".join(f"'{media_type}'" for media_type in sorted(set(MEDIA_TYPES.values())))
    rules = [
        ("channel_groups", f"{_CODE_BAD.format(c='code')} OR {label_bad} OR typeof(position) <> 'integer'",
         _("catalog code or label")),
        ("units", f"{_CODE_BAD.format(c='code')} OR {label_bad} OR {flags_bad}", _("catalog code or label")),
        ("topics", f"{_CODE_BAD.format(c='code')} OR {label_bad} OR {flags_bad}", _("catalog code or label")),
        ("audiences", f"{_CODE_BAD.format(c='code')} OR {label_bad} OR {flags_bad}",
         _("catalog code or label")),
        ("channels", f"{_CODE_BAD.format(c='code')} OR {label_bad} OR {flags_bad}"
         " OR group_code NOT IN (SELECT code FROM channel_groups)"
         " OR default_unit NOT IN (SELECT code FROM units)", _("catalog code or label")),
        ("activities", f"typeof(uid) <> 'text' OR uid NOT GLOB '{_UUID_GLOB}'", _("identifier")),
        ("activities", "typeof(date) <> 'text' OR date NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
         " OR date(date, '+0 days') IS NOT date", _("date")),
        ("activities", f"date NOT BETWEEN '{start}' AND '{end}'", _("date within the period")),
        ("activities", "channel NOT IN (SELECT code FROM channels)", _("channel")),
        ("activities", "unit NOT IN (SELECT code FROM units)", _("unit")),
        ("activities", f"typeof(title) <> 'text' OR length(title) NOT BETWEEN 1 AND {model.MAX_TITLE}"
         f" OR typeof(place) <> 'text' OR length(place) > {model.MAX_LINE}"
         f" OR typeof(responsible) <> 'text' OR length(responsible) > {model.MAX_LINE}"
         f" OR typeof(notes) <> 'text' OR length(notes) > {model.MAX_NOTES}", _("text")),
        ("activities", "participants IS NOT NULL AND (typeof(participants) <> 'integer'"
         f" OR participants NOT BETWEEN 0 AND {model.MAX_PARTICIPANTS})", _("participants")),
        ("activities", "typeof(quantity) NOT IN ('integer', 'real')"
         f" OR NOT (quantity BETWEEN 0 AND {model.MAX_QUANTITY})", _("quantity")),
        ("activities", "minutes IS NOT NULL AND (typeof(minutes) <> 'integer'"
         f" OR minutes NOT BETWEEN 0 AND {model.MAX_MINUTES})", _("minutes")),
        ("activities", f"{_STAMP_BAD.format(c='created_at')} OR {_STAMP_BAD.format(c='updated_at')}"
         f" OR (deleted_at IS NOT NULL AND {_STAMP_BAD.format(c='deleted_at')})", _("time stamps")),
        ("activities", "typeof(revision) <> 'integer' OR revision NOT BETWEEN 1 AND 2147483647",
         _("revision")),
        ("activities", "deleted_at IS NULL AND uid NOT IN (SELECT activity_uid FROM activity_topics)",
         _("at least one topic")),
        ("activity_topics", "activity_uid NOT IN (SELECT uid FROM activities)"
         " OR topic NOT IN (SELECT code FROM topics)", _("topic")),
        ("activity_audiences", "activity_uid NOT IN (SELECT uid FROM activities)"
         " OR audience NOT IN (SELECT code FROM audiences)", _("audience")),
        ("attachments", f"typeof(uid) <> 'text' OR uid NOT GLOB '{_UUID_GLOB}'"
         " OR activity_uid NOT IN (SELECT uid FROM activities WHERE deleted_at IS NULL)",
         _("attachment of an activity")),
        ("attachments", "typeof(name) <> 'text' OR length(name) NOT BETWEEN 1 AND 200"
         f" OR media_type NOT IN ({media}) OR {_STAMP_BAD.format(c='created_at')}", _("attachment name")),
        ("attachments", "typeof(data) <> 'blob' OR typeof(size) <> 'integer' OR size <> length(data)"
         f" OR size > {MAX_BYTES} OR (thumbnail IS NOT NULL AND (typeof(thumbnail) <> 'blob'"
         f" OR length(thumbnail) > {MAX_THUMBNAIL}))", _("attachment size")),
        ("attachments", "typeof(sha256) <> 'text' OR sha256 NOT GLOB '" + "[0-9a-f]" * 64 + "'",
         _("attachment checksum")),
    ]  # fmt: skip
    return rules
