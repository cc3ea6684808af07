"""The exchange file a ward sends to the upper level: its schema, its manifest and its checksum.

An exchange file is one SQLite file in rollback-journal mode (a single file, readable by any SQLite
tool) marked with its own ``application_id`` (:data:`APPLICATION_ID`, "WDLX", not the book's "WDLG")
and its format version in ``user_version`` (:data:`FORMAT_VERSION`). It holds exactly the tables of
its format (:func:`schema_of`) and nothing else: a one-row ``manifest`` that says which ward, which
period, when, by which program and catalog version, how many records and whether attachments are
included; the ward's catalog (codes with their labels); the ward's activities of the period, with
their uid and revision, deleted ones included as tombstones; their topics and audiences; unless left
out, their attachments; and (format 2) the plan and the self-assessment, below.

The checksum (:func:`content_checksum`) is a SHA-256 over the content in a canonical form, so the
upper level can recompute it whatever SQLite wrote on disk: for each table in :func:`tables_of` order,
its name and column names, then each row in primary-key order, each value as a type tag and its
bytes — ``N`` for NULL; ``I`` and ``R`` with the decimal text of an integer or real (Python's
``repr``, the shortest text that reads back the same); ``T`` (UTF-8) and ``B`` with the byte length,
``:`` and the bytes. The manifest comes first, without its ``checksum`` column.

Format versions: 1 holds the activities and the catalog; 2 (:data:`FORMAT_VERSION`) adds the ward's
plan versus done and its self-assessment for the period (:data:`PLAN_SCHEMA`): the plans whose year
meets the period, their targets due within it with what the ward achieved (``done`` is 1 when the
achieved figure reaches the planned one), one ``plan_summary`` row (targets due and done, the
completion ratio or NULL when no target falls due, the scoring table's name, its points and the
score) and the score of each criterion. Their tables come after those of version 1 in the checksum.
The upper level reads every known version.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import astuple, dataclass, fields

APPLICATION_ID = 0x57444C58  # "WDLX": a WardLog exchange file (a book is "WDLG")
FORMAT_VERSION = 2
KNOWN_VERSIONS = (1, 2)
FORMAT_NAME = "WardLog exchange"
SUFFIX = ".wlx"

SCHEMA = """
CREATE TABLE manifest (
    format TEXT NOT NULL,
    format_version INTEGER NOT NULL,
    ward_code TEXT NOT NULL,
    ward_name TEXT NOT NULL,
    province TEXT NOT NULL,
    period TEXT NOT NULL,
    convention TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    created_at TEXT NOT NULL,
    program_version TEXT NOT NULL,
    book_schema_version INTEGER NOT NULL,
    catalog_version INTEGER NOT NULL,
    record_count INTEGER NOT NULL,
    deleted_count INTEGER NOT NULL,
    attachment_count INTEGER NOT NULL,
    attachments_included INTEGER NOT NULL,
    final INTEGER NOT NULL,
    correction INTEGER NOT NULL,
    checksum TEXT NOT NULL
);
CREATE TABLE channel_groups (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE units (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    position INTEGER NOT NULL,
    retired INTEGER NOT NULL
);
CREATE TABLE channels (
    code TEXT PRIMARY KEY,
    group_code TEXT NOT NULL REFERENCES channel_groups(code),
    label TEXT NOT NULL,
    default_unit TEXT NOT NULL REFERENCES units(code),
    position INTEGER NOT NULL,
    retired INTEGER NOT NULL
);
CREATE TABLE topics (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    position INTEGER NOT NULL,
    retired INTEGER NOT NULL
);
CREATE TABLE audiences (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    position INTEGER NOT NULL,
    retired INTEGER NOT NULL
);
CREATE TABLE activities (
    uid TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    channel TEXT NOT NULL REFERENCES channels(code),
    title TEXT NOT NULL,
    place TEXT NOT NULL,
    participants INTEGER,
    quantity REAL NOT NULL,
    unit TEXT NOT NULL REFERENCES units(code),
    minutes INTEGER,
    responsible TEXT NOT NULL,
    notes TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL,
    deleted_at TEXT
);
CREATE TABLE activity_topics (
    activity_uid TEXT NOT NULL REFERENCES activities(uid),
    topic TEXT NOT NULL REFERENCES topics(code),
    PRIMARY KEY (activity_uid, topic)
) WITHOUT ROWID;
CREATE TABLE activity_audiences (
    activity_uid TEXT NOT NULL REFERENCES activities(uid),
    audience TEXT NOT NULL REFERENCES audiences(code),
    PRIMARY KEY (activity_uid, audience)
) WITHOUT ROWID;
CREATE TABLE attachments (
    uid TEXT PRIMARY KEY,
    activity_uid TEXT NOT NULL REFERENCES activities(uid),
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    thumbnail BLOB,
    data BLOB NOT NULL
);
"""

# Added by format 2: what the ward's plan asked of the period, what was done, and its self-assessment.
PLAN_SCHEMA = """
CREATE TABLE plans (
    year INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    issued_on TEXT,
    title TEXT NOT NULL
);
CREATE TABLE plan_targets (
    uid TEXT PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES plans(year),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    label TEXT NOT NULL,
    measure TEXT NOT NULL,
    unit TEXT NOT NULL,
    due TEXT NOT NULL,
    planned REAL NOT NULL,
    achieved REAL NOT NULL,
    done INTEGER NOT NULL
);
CREATE TABLE plan_summary (
    targets_due INTEGER NOT NULL,
    targets_done INTEGER NOT NULL,
    completion REAL,
    scoring_table TEXT NOT NULL,
    points REAL NOT NULL,
    score REAL NOT NULL
);
CREATE TABLE assessment_criteria (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    evidence INTEGER NOT NULL,
    points REAL NOT NULL,
    measured REAL,
    score REAL NOT NULL,
    missing_evidence INTEGER NOT NULL
);
"""

# table → (columns in order, primary-key columns): the canonical order of the checksum
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "channel_groups": (("code", "label", "position"), ("code",)),
    "units": (("code", "label", "position", "retired"), ("code",)),
    "channels": (("code", "group_code", "label", "default_unit", "position", "retired"), ("code",)),
    "topics": (("code", "label", "position", "retired"), ("code",)),
    "audiences": (("code", "label", "position", "retired"), ("code",)),
    "activities": (
        (
            "uid",
            "date",
            "channel",
            "title",
            "place",
            "participants",
            "quantity",
            "unit",
            "minutes",
            "responsible",
            "notes",
            "created_at",
            "updated_at",
            "revision",
            "deleted_at",
        ),
        ("uid",),
    ),
    "activity_topics": (("activity_uid", "topic"), ("activity_uid", "topic")),
    "activity_audiences": (("activity_uid", "audience"), ("activity_uid", "audience")),
    "attachments": (
        ("uid", "activity_uid", "name", "media_type", "size", "sha256", "created_at", "thumbnail", "data"),
        ("uid",),
    ),
}

# The tables format 2 adds, in the same form (the one-row summary is ordered by its rowid)
PLAN_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "plans": (("year", "number", "issued_on", "title"), ("year",)),
    "plan_targets": (
        (
            "uid",
            "year",
            "position",
            "kind",
            "subject",
            "label",
            "measure",
            "unit",
            "due",
            "planned",
            "achieved",
            "done",
        ),
        ("uid",),
    ),
    "plan_summary": (
        ("targets_due", "targets_done", "completion", "scoring_table", "points", "score"),
        ("rowid",),
    ),
    "assessment_criteria": (
        ("code", "position", "label", "kind", "evidence", "points", "measured", "score", "missing_evidence"),
        ("code",),
    ),
}


@dataclass(frozen=True)
class Manifest:
    """What an exchange file says about itself (its ``manifest`` row)."""

    format: str
    format_version: int
    ward_code: str
    ward_name: str
    province: str
    period: str  # as the command line writes it: 2026-H1, 2026, 2026-01-01..2026-06-30
    convention: str  # cutoff or calendar
    period_start: str  # ISO dates, both included
    period_end: str
    created_at: str  # UTC, ISO 8601
    program_version: str
    book_schema_version: int
    catalog_version: int
    record_count: int  # live activities
    deleted_count: int  # activities the ward deleted (tombstones)
    attachment_count: int
    attachments_included: int  # 0 or 1
    final: int  # 0 or 1: the ward's final data for the period
    correction: int  # 0 or 1: the period was exported as final before
    checksum: str

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return tuple(field.name for field in fields(cls))

    def values(self) -> tuple[object, ...]:
        return astuple(self)


def schema_of(version: int = FORMAT_VERSION) -> str:
    """The SQL that creates the tables of an exchange file of format ``version``."""
    if version not in KNOWN_VERSIONS:
        raise ValueError(f"unknown exchange format {version}")
    return SCHEMA + (PLAN_SCHEMA if version >= 2 else "")


def tables_of(version: int = FORMAT_VERSION) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The content tables of format ``version`` in checksum order (the manifest aside)."""
    return {**TABLES, **(PLAN_TABLES if version >= 2 else {})}


def create_schema(conn: sqlite3.Connection, version: int = FORMAT_VERSION) -> None:
    """The exchange tables of format ``version``, in the open transaction of an empty database."""
    for statement in schema_of(version).split(";\n"):
        if statement.strip():
            conn.execute(statement)


def expected_schema(version: int = FORMAT_VERSION) -> set[tuple[str, str, str, str | None]]:
    """``(type, name, tbl_name, sql)`` of every schema object a genuine exchange file of format
    ``version`` holds."""
    conn = sqlite3.connect(":memory:")
    try:
        create_schema(conn, version)
        return set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        conn.close()


def _encode(row: tuple[object, ...]) -> bytes:
    out = bytearray()
    for value in row:
        if value is None:
            out += b"N;"
        elif isinstance(value, int):
            out += b"I%d;" % value
        elif isinstance(value, float):
            out += b"R" + repr(value).encode("ascii") + b";"
        elif isinstance(value, str):
            data = value.encode("utf-8")
            out += b"T%d:" % len(data) + data
        else:
            data = bytes(value)  # type: ignore[arg-type]
            out += b"B%d:" % len(data) + data
    return bytes(out)


def _value_sql(column: str) -> str:
    """SQL that writes one value in the canonical form. A real is written as Python's ``repr`` does:
    by SQLite for a whole number from 1 to 10^15 (``12.0``, most quantities), by ``repr`` itself
    for any other (``0.1``, ``-0.0``, ``1e+16``)."""
    return (
        f"CASE typeof({column}) WHEN 'null' THEN 'N;' WHEN 'integer' THEN 'I' || {column} || ';'"
        f" WHEN 'real' THEN 'R' || CASE WHEN {column} >= 1 AND {column} < 1e15"
        f" AND {column} = CAST({column} AS INTEGER) THEN printf('%.1f', {column})"
        f" ELSE wardlog_real({column}) END || ';'"
        f" WHEN 'text' THEN 'T' || length(CAST({column} AS BLOB)) || ':' || {column}"
        f" ELSE 'B' || length({column}) || ':' || {column} END"
    )


def _real(value: object) -> str:
    return repr(float(value))  # type: ignore[arg-type]


def content_checksum(
    conn: sqlite3.Connection, progress: Callable[[int], None] | None = None, *, version: int | None = None
) -> str:
    """The SHA-256 (hex) of an exchange file's content in the canonical form (see the module).

    Each row is put into its canonical bytes by SQLite itself (only reals are formatted by Python),
    which is several times faster than encoding value by value in Python; :func:`reference_checksum`
    is the plain statement of the same form. ``progress(rows)`` is called every few thousand rows
    (it may raise to stop). ``version`` is the file's format (by default its ``user_version``).
    """
    digest = hashlib.sha256()
    conn.create_function("wardlog_real", 1, _real, deterministic=True)
    text_factory = conn.text_factory
    conn.text_factory = bytes  # the bytes as stored, whatever they are
    try:
        rows = 0
        for table, names, key in _canonical_tables(_version(conn, version)):
            digest.update(_encode((table, *names)))
            expression = " || ".join(_value_sql(name) for name in names)
            for (row,) in conn.execute(f"SELECT {expression} FROM {table} ORDER BY {key}"):
                digest.update(row)
                rows += 1
                if progress is not None and rows % 5000 == 0:
                    progress(rows)
    finally:
        conn.text_factory = text_factory
    return digest.hexdigest()


def reference_checksum(conn: sqlite3.Connection, *, version: int | None = None) -> str:
    """:func:`content_checksum` computed value by value in Python: the definition, for tests."""
    digest = hashlib.sha256()
    for table, names, key in _canonical_tables(_version(conn, version)):
        digest.update(_encode((table, *names)))
        for row in conn.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {key}"):
            digest.update(_encode(tuple(row)))
    return digest.hexdigest()


def _version(conn: sqlite3.Connection, version: int | None) -> int:
    return version if version is not None else int(conn.execute("PRAGMA user_version").fetchone()[0])


def _canonical_tables(version: int) -> list[tuple[str, tuple[str, ...], str]]:
    manifest = tuple(c for c in Manifest.columns() if c != "checksum")
    tables = [("manifest", manifest, "rowid")]
    tables += [(table, names, ", ".join(key)) for table, (names, key) in tables_of(version).items()]
    return tables
