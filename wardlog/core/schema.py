"""The book's schema and its history.

``PRAGMA user_version`` holds the schema version; each entry of :data:`MIGRATIONS` takes a book from
the version before it to its own, and all pending steps run in one transaction, so a book is never
left half-migrated. Add a step to change the schema; never edit a released one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x57444C47  # "WDLG": marks a file as a WardLog book

# Search text: what the index covers, with Đ/đ folded to D/d in SQL (FTS5's remove_diacritics
# cannot, Đ having no decomposition). Case and other diacritics are folded by the tokenizer.
SEARCH_TEXT_SQL = (
    "replace(replace({p}.title || ' ' || {p}.place || ' ' || {p}.responsible || ' ' || {p}.notes,"
    " 'Đ', 'D'), 'đ', 'd')"
)

_V1 = f"""
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
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
    retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
);

CREATE TABLE channels (
    code TEXT PRIMARY KEY,
    group_code TEXT NOT NULL REFERENCES channel_groups(code),
    label TEXT NOT NULL,
    default_unit TEXT NOT NULL REFERENCES units(code),
    position INTEGER NOT NULL,
    retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
);

CREATE TABLE topics (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    position INTEGER NOT NULL,
    retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
);

CREATE TABLE audiences (
    code TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    position INTEGER NOT NULL,
    retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
);

-- Wards whose activities this book holds besides its own (the upper level's merged wards,
-- or demo wards). The book's own activities have ward_code NULL.
CREATE TABLE wards (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    province TEXT NOT NULL DEFAULT ''
);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    ward_code TEXT REFERENCES wards(code),
    date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    channel TEXT NOT NULL REFERENCES channels(code),
    title TEXT NOT NULL CHECK (title <> ''),
    place TEXT NOT NULL DEFAULT '',
    participants INTEGER CHECK (participants >= 0),
    quantity REAL NOT NULL DEFAULT 1 CHECK (quantity >= 0),
    unit TEXT NOT NULL REFERENCES units(code),
    minutes INTEGER CHECK (minutes >= 0),
    responsible TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    deleted_at TEXT
);
CREATE INDEX activities_date ON activities(date) WHERE deleted_at IS NULL;
CREATE INDEX activities_channel_date ON activities(channel, date);
CREATE INDEX activities_ward_date ON activities(ward_code, date);

CREATE TABLE activity_topics (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    topic TEXT NOT NULL REFERENCES topics(code),
    PRIMARY KEY (activity_id, topic)
) WITHOUT ROWID;
CREATE INDEX activity_topics_topic ON activity_topics(topic, activity_id);

CREATE TABLE activity_audiences (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    audience TEXT NOT NULL REFERENCES audiences(code),
    PRIMARY KEY (activity_id, audience)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE activity_search USING fts5(
    body,
    tokenize = "unicode61 remove_diacritics 2"
);
CREATE TRIGGER activities_search_insert AFTER INSERT ON activities BEGIN
    INSERT INTO activity_search(rowid, body) VALUES (new.id, {SEARCH_TEXT_SQL.format(p="new")});
END;
CREATE TRIGGER activities_search_update
AFTER UPDATE OF title, place, responsible, notes ON activities BEGIN
    DELETE FROM activity_search WHERE rowid = old.id;
    INSERT INTO activity_search(rowid, body) VALUES (new.id, {SEARCH_TEXT_SQL.format(p="new")});
END;
CREATE TRIGGER activities_search_delete AFTER DELETE ON activities BEGIN
    DELETE FROM activity_search WHERE rowid = old.id;
END;
"""


def _to_v1(conn: sqlite3.Connection) -> None:
    for statement in _split(_V1):
        conn.execute(statement)


def _split(script: str) -> list[str]:
    """Statements of a script (executescript would commit the open transaction)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s]


_V2 = """
-- Evidence (tài liệu kiểm chứng): photos, scans and PDFs attached to an activity, kept inside the
-- book so that a backup or an exchange file carries them with the records they prove.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (name <> ''),
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    thumbnail BLOB,
    data BLOB NOT NULL,
    UNIQUE (activity_id, sha256)
);
CREATE INDEX attachments_activity ON attachments(activity_id);
"""


def _to_v2(conn: sqlite3.Connection) -> None:
    for statement in _split(_V2):
        conn.execute(statement)


_V3 = """
-- What the officer sets and writes for one period's report: document number and date, signer,
-- recipients and the narrative parts only a person can write. One row per period as the command
-- line names it (2026-H1, 2026, 2026-01-01..2026-06-30) under a convention; the figures are never
-- stored, they are computed from the activities each time.
CREATE TABLE reports (
    period TEXT NOT NULL,
    convention TEXT NOT NULL CHECK (convention IN ('cutoff', 'calendar')),
    details TEXT NOT NULL CHECK (json_valid(details) AND json_type(details) = 'object'),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (period, convention)
);
"""


def _to_v3(conn: sqlite3.Connection) -> None:
    for statement in _split(_V3):
        conn.execute(statement)


_V4 = """
-- Exchange with the upper level (exchange.py, merging.py, completeness.py, locks.py).

-- The ward's side: each exchange file it wrote. A period exported as final has reached the upper
-- level; a later export of the same period is marked as a correction.
CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL,
    convention TEXT NOT NULL CHECK (convention IN ('cutoff', 'calendar')),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    final INTEGER NOT NULL CHECK (final IN (0, 1)),
    correction INTEGER NOT NULL CHECK (correction IN (0, 1)),
    created_at TEXT NOT NULL,
    records INTEGER NOT NULL,
    attachments INTEGER NOT NULL CHECK (attachments IN (0, 1)),
    checksum TEXT NOT NULL,
    file_name TEXT NOT NULL
);

-- The book's own activities changed after a final export covering their date (the upper level
-- holds the older version): one row per export and activity, with the first kind of change.
CREATE TABLE late_changes (
    export_id INTEGER NOT NULL REFERENCES exports(id) ON DELETE CASCADE,
    activity_uid TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add', 'edit', 'delete', 'restore')),
    first_changed_at TEXT NOT NULL,
    last_changed_at TEXT NOT NULL,
    changes INTEGER NOT NULL DEFAULT 1 CHECK (changes >= 1),
    PRIMARY KEY (export_id, activity_uid)
) WITHOUT ROWID;

-- The upper level's side: each ward file taken in (the completeness table reads these).
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    ward_code TEXT NOT NULL REFERENCES wards(code),
    period TEXT NOT NULL,
    convention TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    created_at TEXT NOT NULL,
    merged_at TEXT NOT NULL,
    final INTEGER NOT NULL CHECK (final IN (0, 1)),
    correction INTEGER NOT NULL CHECK (correction IN (0, 1)),
    records INTEGER NOT NULL,
    attachments INTEGER NOT NULL CHECK (attachments IN (0, 1)),
    program_version TEXT NOT NULL,
    catalog_version INTEGER NOT NULL,
    checksum TEXT NOT NULL,
    file_name TEXT NOT NULL,
    added INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    removed INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    conflicts INTEGER NOT NULL,
    UNIQUE (ward_code, checksum)
);
CREATE INDEX deliveries_ward_period ON deliveries(ward_code, period_start, period_end);

-- For each activity taken from a ward file: the ward's revision last taken (the base of the next
-- merge), this book's revision right after it (a different one now means the upper level edited
-- it), and when the ward made the file that brought it (an older file never removes it).
CREATE TABLE merged_activities (
    activity_id INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
    ward_revision INTEGER NOT NULL,
    local_revision INTEGER NOT NULL,
    file_created_at TEXT NOT NULL
);

-- Activities changed both by their ward and here since the last merge: the ward's version is kept
-- aside, not written over the upper level's, until someone decides.
CREATE TABLE merge_conflicts (
    activity_id INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
    delivery_id INTEGER REFERENCES deliveries(id) ON DELETE SET NULL,
    ward_revision INTEGER NOT NULL,
    ward_record TEXT NOT NULL CHECK (json_valid(ward_record)),
    found_at TEXT NOT NULL
);
"""


def _to_v4(conn: sqlite3.Connection) -> None:
    for statement in _split(_V4):
        conn.execute(statement)


_V5 = """
-- The annual communication plan and its targets (plans.py), activities linked to the tasks they
-- fulfil, and the PAR-index scoring table the ward assesses itself with (scoring.py).
CREATE TABLE plans (
    year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    number TEXT NOT NULL DEFAULT '',
    issued_on TEXT CHECK (issued_on IS NULL OR issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    title TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);

CREATE TABLE plan_targets (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL REFERENCES plans(year) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('channel', 'topic', 'task')),
    channel TEXT REFERENCES channels(code),
    topic TEXT REFERENCES topics(code),
    title TEXT NOT NULL DEFAULT '',
    quantity REAL NOT NULL CHECK (quantity >= 0),
    measure TEXT NOT NULL CHECK (measure IN ('activities', 'quantity', 'participants', 'minutes')),
    unit TEXT REFERENCES units(code),
    due TEXT,
    CHECK ((kind = 'channel') = (channel IS NOT NULL)),
    CHECK ((kind = 'topic') = (topic IS NOT NULL)),
    CHECK (kind <> 'task' OR title <> '')
);
CREATE INDEX plan_targets_year ON plan_targets(year, position);

CREATE TABLE activity_tasks (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    target_id INTEGER NOT NULL REFERENCES plan_targets(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, target_id)
) WITHOUT ROWID;
CREATE INDEX activity_tasks_target ON activity_tasks(target_id, activity_id);

CREATE TABLE scoring (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    definition TEXT NOT NULL CHECK (json_valid(definition)),
    updated_at TEXT NOT NULL
);
"""


def _to_v5(conn: sqlite3.Connection) -> None:
    for statement in _split(_V5):
        conn.execute(statement)


_V6 = """
-- The upper level's side of the plan (ward_plans.py): each ward's plan versus done and
-- self-assessment for a period, as the newest of its exchange files for that period said (files
-- of format 2 on). The plans, targets and criteria are kept as the ward measured them (JSON arrays).
CREATE TABLE ward_plan_results (
    ward_code TEXT NOT NULL REFERENCES wards(code),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    period TEXT NOT NULL,
    convention TEXT NOT NULL CHECK (convention IN ('cutoff', 'calendar')),
    delivery_id INTEGER REFERENCES deliveries(id) ON DELETE SET NULL,
    file_created_at TEXT NOT NULL,
    plans TEXT NOT NULL CHECK (json_valid(plans) AND json_type(plans) = 'array'),
    targets_due INTEGER NOT NULL CHECK (targets_due >= 0),
    targets_done INTEGER NOT NULL CHECK (targets_done BETWEEN 0 AND targets_due),
    completion REAL CHECK (completion IS NULL OR completion BETWEEN 0 AND 1),
    scoring_table TEXT NOT NULL,
    points REAL NOT NULL CHECK (points >= 0),
    score REAL NOT NULL CHECK (score BETWEEN 0 AND points),
    targets TEXT NOT NULL CHECK (json_valid(targets) AND json_type(targets) = 'array'),
    criteria TEXT NOT NULL CHECK (json_valid(criteria) AND json_type(criteria) = 'array'),
    PRIMARY KEY (ward_code, period_start, period_end)
) WITHOUT ROWID;
"""


def _to_v6(conn: sqlite3.Connection) -> None:
    for statement in _split(_V6):
        conn.execute(statement)


_V7 = f"""
-- Speed at a million activities (issue #7, tests/benchmarks/bench.py).
-- The figures and the list's totals add up these columns of the live activities in a period: they
-- read this index alone, in date order, instead of every activity's row (0.12 s instead of 0.6 s for
-- a year of a million). deleted_at, always NULL here, is there so that SQLite sees the index covers
-- the condition too.
CREATE INDEX activities_figures
    ON activities(date, channel, unit, participants, minutes, quantity, ward_code, deleted_at)
    WHERE deleted_at IS NULL;
-- The bin, by date, without reading the live activities.
CREATE INDEX activities_bin ON activities(date) WHERE deleted_at IS NOT NULL;
-- Search: an index of one-letter prefixes, so the first letter typed does not have to gather every
-- word that starts with it (0.05 s instead of 0.9 s for "t" over a million activities).
DROP TABLE activity_search;
CREATE VIRTUAL TABLE activity_search USING fts5(
    body,
    tokenize = "unicode61 remove_diacritics 2",
    prefix = 1
);
INSERT INTO activity_search(rowid, body) SELECT a.id, {SEARCH_TEXT_SQL.format(p="a")} FROM activities a;
"""


def _to_v7(conn: sqlite3.Connection) -> None:
    for statement in _split(_V7):
        conn.execute(statement)


# version → the step that reaches it from the version before
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _to_v1,
    2: _to_v2,
    3: _to_v3,
    4: _to_v4,
    5: _to_v5,
    6: _to_v6,
    7: _to_v7,
}
SCHEMA_VERSION = max(MIGRATIONS)
