"""A WardLog process at work, for the crash harness (test_crash.py) to kill at random moments.

    python tests/e2e/crash_driver.py BOOK JOURNAL SEED

It opens the book through the core, says "ready", then performs user actions one after another
forever (edit, delete, restore from the bin, add a series, catalog rename, backup, restore of a
backup). Before each action it appends its *intent* to JOURNAL — the action and the state of what
it touches before and after, as the book will hold it — and after the action commits it appends
*done*. After a kill, :func:`verify` reads the last intent: the book must hold its state before
or after, wholly.

New kinds of action (merges, once built) join by adding an :class:`Action` to :data:`ACTIONS`.
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from wardlog.core import backups  # noqa: E402
from wardlog.core.book import Book  # noqa: E402
from wardlog.core.catalog import Kind  # noqa: E402
from wardlog.core.model import ActivityDraft  # noqa: E402

TOPICS = ("chu_truong", "tthc", "chinh_quyen_so", "cong_vu", "dan_chu_co_so")
AUDIENCES = ("can_bo", "nhan_dan", "doanh_nghiep")
WORDS = ("Tuyên truyền", "dịch vụ công", "trực tuyến", "Đối thoại", "cải cách", "hành chính", "🙂", "שלום")


# --- the state an action is judged by --------------------------------------------------------------


def activity_state(conn: sqlite3.Connection, activity_id: int) -> dict[str, Any] | None:
    """Everything one activity is, as stored, including its links."""
    row = conn.execute(
        "SELECT date, channel, title, place, participants, quantity, unit, minutes, responsible, notes,"
        " revision, deleted_at IS NOT NULL FROM activities WHERE id = ?",
        [activity_id],
    ).fetchone()
    if row is None:
        return None
    names = ("date", "channel", "title", "place", "participants", "quantity", "unit", "minutes",
             "responsible", "notes", "revision", "deleted")  # fmt: skip
    state = dict(zip(names, row, strict=True))
    state["deleted"] = bool(state["deleted"])
    state["topics"] = sorted(
        r[0] for r in conn.execute("SELECT topic FROM activity_topics WHERE activity_id = ?", [activity_id])
    )
    state["audiences"] = sorted(
        r[0]
        for r in conn.execute("SELECT audience FROM activity_audiences WHERE activity_id = ?", [activity_id])
    )
    return state


def fingerprint(conn: sqlite3.Connection) -> str:
    """The whole book's activities in one hash (for restores)."""
    digest = hashlib.sha256()
    for row in conn.execute("SELECT uid, revision, deleted_at IS NULL, title FROM activities ORDER BY uid"):
        digest.update(repr(row).encode("utf-8"))
    return digest.hexdigest()


def label_of(conn: sqlite3.Connection, table: str, code: str) -> str:
    return conn.execute(f"SELECT label FROM {table} WHERE code = ?", [code]).fetchone()[0]


# --- actions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """``plan`` picks what to do and records the states before and after; ``run`` does it;
    ``verify`` says what is wrong with the book after a kill during it (empty: all or none held)."""

    name: str
    weight: int
    plan: Callable[[Book, random.Random, int], dict[str, Any] | None]
    run: Callable[[Book, dict[str, Any]], None]
    verify: Callable[[sqlite3.Connection, dict[str, Any]], list[str]]


def _draft(rng: random.Random, tag: str) -> ActivityDraft:
    words = " ".join(rng.sample(WORDS, 3))
    return ActivityDraft(
        date(2026, 1, 1) + timedelta(days=rng.randrange(300)),
        rng.choice(("loa", "hoi_nghi", "pano", "mang_xa_hoi")),
        tuple(rng.sample(TOPICS, rng.randint(1, 3))),
        f"{tag} {words}",
        place=rng.choice(("", "Tổ dân phố 3", "Nhà văn hóa khu 5")),
        audiences=tuple(rng.sample(AUDIENCES, rng.randint(0, 2))),
        participants=rng.choice((None, rng.randrange(500))),
        quantity=float(rng.randint(1, 20)),
        minutes=rng.choice((None, rng.randrange(120))),
        notes=rng.choice(("", "Ghi chú\ndòng hai", "x" * rng.randrange(2000))),
    )


def _pick(conn: sqlite3.Connection, rng: random.Random, deleted: bool) -> int | None:
    ids = [r[0] for r in conn.execute(
        f"SELECT id FROM activities WHERE deleted_at IS {'NOT ' if deleted else ''}NULL AND ward_code IS NULL"
    )]  # fmt: skip
    return rng.choice(ids) if ids else None


def _expected(draft: ActivityDraft, checked: ActivityDraft, before: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": checked.date.isoformat(), "channel": checked.channel, "title": checked.title,
        "place": checked.place, "participants": checked.participants, "quantity": checked.quantity,
        "unit": checked.unit, "minutes": checked.minutes, "responsible": checked.responsible,
        "notes": checked.notes, "revision": before["revision"] + 1, "deleted": before["deleted"],
        "topics": sorted(checked.topics), "audiences": sorted(checked.audiences),
    }  # fmt: skip


def plan_edit(book: Book, rng: random.Random, n: int) -> dict[str, Any] | None:
    activity_id = _pick(book.conn, rng, deleted=False)
    if activity_id is None:
        return None
    before = activity_state(book.conn, activity_id)
    draft = _draft(rng, f"edit-{n}")
    checked = book.activities.check(draft)
    return {"id": activity_id, "before": before, "after": _expected(draft, checked, before),
            "draft": _draft_json(draft), "revision": before["revision"]}  # fmt: skip


def run_edit(book: Book, intent: dict[str, Any]) -> None:
    book.activities.update(intent["id"], _draft_from(intent["draft"]), expected_revision=intent["revision"])


def verify_one(conn: sqlite3.Connection, intent: dict[str, Any]) -> list[str]:
    now = activity_state(conn, intent["id"])
    if now in (intent["before"], intent["after"]):
        return []
    return [f"activity {intent['id']} is neither as before nor as after: {now}"]


def plan_delete(book: Book, rng: random.Random, n: int, *, deleted: bool = False) -> dict[str, Any] | None:
    activity_id = _pick(book.conn, rng, deleted=deleted)
    if activity_id is None:
        return None
    before = activity_state(book.conn, activity_id)
    after = {**before, "deleted": not deleted, "revision": before["revision"] + 1}
    return {"id": activity_id, "before": before, "after": after}


def run_delete(book: Book, intent: dict[str, Any]) -> None:
    book.activities.delete(intent["id"])


def run_undelete(book: Book, intent: dict[str, Any]) -> None:
    book.activities.restore(intent["id"])


def plan_series(book: Book, rng: random.Random, n: int) -> dict[str, Any] | None:
    size = rng.randint(20, 200)
    tag = f"series-{rng.getrandbits(48):012x}-"  # unique across processes
    return {"tag": tag, "size": size, "drafts": [_draft_json(_draft(rng, f"{tag}{i}")) for i in range(size)]}


def run_series(book: Book, intent: dict[str, Any]) -> None:
    drafts = [book.activities.check(_draft_from(d)) for d in intent["drafts"]]
    book.activities.add_many(drafts)


def verify_series(conn: sqlite3.Connection, intent: dict[str, Any]) -> list[str]:
    found = conn.execute(
        "SELECT count(*) FROM activities WHERE title LIKE ?", [intent["tag"] + "%"]
    ).fetchone()[0]
    return (
        []
        if found in (0, intent["size"])
        else [f"{found} of the series' {intent['size']} activities are in the book"]
    )


def plan_rename(book: Book, rng: random.Random, n: int) -> dict[str, Any] | None:
    code = rng.choice(TOPICS)
    before = label_of(book.conn, "topics", code)
    base = before.split(" (")[0]
    return {"code": code, "before": before, "after": f"{base} ({n})"}


def run_rename(book: Book, intent: dict[str, Any]) -> None:
    book.catalog.rename(Kind.TOPIC, intent["code"], intent["after"])


def verify_rename(conn: sqlite3.Connection, intent: dict[str, Any]) -> list[str]:
    label = label_of(conn, "topics", intent["code"])
    return (
        []
        if label in (intent["before"], intent["after"])
        else [f"topic {intent['code']} is labelled {label!r}"]
    )


def plan_backup(book: Book, rng: random.Random, n: int) -> dict[str, Any] | None:
    return {"fingerprint": fingerprint(book.conn)}


def run_backup(book: Book, intent: dict[str, Any]) -> None:
    backups.take(book, "manual")


def verify_backup(conn: sqlite3.Connection, intent: dict[str, Any]) -> list[str]:
    now = fingerprint(conn)
    return [] if now == intent["fingerprint"] else ["a backup changed the book"]


def plan_restore(book: Book, rng: random.Random, n: int) -> dict[str, Any] | None:
    assert book.path is not None
    copies = [b for b in backups.list_backups(backups.folder_for(book.path)) if b.reason == "manual"]
    if not copies:
        return None
    source = rng.choice(copies).path
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy:
        after = fingerprint(copy)
    return {"source": str(source), "before": fingerprint(book.conn), "after": after}


def run_restore(book: Book, intent: dict[str, Any]) -> None:
    backups.restore(book, Path(intent["source"]))


def verify_restore(conn: sqlite3.Connection, intent: dict[str, Any]) -> list[str]:
    now = fingerprint(conn)
    return (
        []
        if now in (intent["before"], intent["after"])
        else ["the book is neither as before nor as the backup"]
    )


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action("edit", 8, plan_edit, run_edit, verify_one),
        Action("delete", 3, plan_delete, run_delete, verify_one),
        Action(
            "restore-from-bin",
            2,
            lambda b, r, n: plan_delete(b, r, n, deleted=True),
            run_undelete,
            verify_one,
        ),
        Action("series", 3, plan_series, run_series, verify_series),
        Action("rename-topic", 1, plan_rename, run_rename, verify_rename),
        Action("backup", 1, plan_backup, run_backup, verify_backup),
        Action("restore-backup", 1, plan_restore, run_restore, verify_restore),
        # Action("merge", …): once merging exists, plan which exchange file, record the ward's
        # records before; verify that the ward's records are all as before or all as in the file.
    )
}


def _draft_json(draft: ActivityDraft) -> dict[str, Any]:
    return {**draft.__dict__, "date": draft.date.isoformat(), "topics": list(draft.topics),
            "audiences": list(draft.audiences)}  # fmt: skip


def _draft_from(data: dict[str, Any]) -> ActivityDraft:
    return ActivityDraft(**{**data, "date": date.fromisoformat(data["date"]), "topics": tuple(data["topics"]),
                            "audiences": tuple(data["audiences"])})  # fmt: skip


# --- after a kill -------------------------------------------------------------------------------


def last_intent(journal: Path) -> tuple[dict[str, Any] | None, bool]:
    """The last action begun, and whether it was recorded as done."""
    intent, done = None, False
    if not journal.exists():
        return None, False
    for line in journal.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by the kill
        if "intent" in entry:
            intent, done = entry["intent"], False
        elif intent is not None and entry.get("done") == intent["n"]:
            done = True
    return intent, done


def verify(conn: sqlite3.Connection, journal: Path) -> tuple[str | None, list[str]]:
    """The interrupted action's name and what is wrong with it (empty when it held all or none)."""
    intent, done = last_intent(journal)
    if intent is None:
        return None, []
    action = ACTIONS[intent["action"]]
    problems = action.verify(conn, intent)
    if done and action.verify is verify_one and activity_state(conn, intent["id"]) != intent["after"]:
        problems.append(f"{action.name} {intent['n']} was done but the book does not show it")
    return action.name, problems


# --- the process ----------------------------------------------------------------------------------


def main(book_path: str, journal_path: str, seed: str) -> None:
    rng = random.Random(seed)
    book = Book.open(book_path)
    names = list(ACTIONS)
    weights = [ACTIONS[name].weight for name in names]
    with open(journal_path, "a", encoding="utf-8") as journal:
        print("ready", flush=True)
        n = 0
        while True:
            n += 1
            action = ACTIONS[rng.choices(names, weights)[0]]
            intent = action.plan(book, rng, n)
            if intent is None:
                continue
            intent.update(action=action.name, n=n)
            journal.write(json.dumps({"intent": intent}, ensure_ascii=False) + "\n")
            journal.flush()  # in the OS's hands: a killed process does not lose it
            action.run(book, intent)
            journal.write(json.dumps({"done": n}) + "\n")
            journal.flush()


if __name__ == "__main__":
    main(*sys.argv[1:4])
