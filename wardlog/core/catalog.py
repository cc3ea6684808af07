"""The book's catalog: channel groups, channels, topics, audiences and units.

Entries have a stable ``code`` (what files and imports use) and a Vietnamese ``label`` (what people
see; renamable). Entries are never deleted: a retired one is hidden from pickers but keeps giving
old activities their meaning. Every change bumps the book's catalog version.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from wardlog.core.errors import Issue, ValidationError
from wardlog.core.i18n import _
from wardlog.core.text import clean, fold

if TYPE_CHECKING:
    from wardlog.core.book import Book

MAX_LABEL = 200


class Kind(StrEnum):
    """The four editable lists of the catalog (value = table name)."""

    CHANNEL = "channels"
    TOPIC = "topics"
    AUDIENCE = "audiences"
    UNIT = "units"


@dataclass(frozen=True)
class Entry:
    """One catalog entry. ``group`` and ``default_unit`` are set for channels only."""

    kind: Kind
    code: str
    label: str
    position: int
    retired: bool = False
    group: str = ""
    default_unit: str = ""


@dataclass(frozen=True)
class Group:
    code: str
    label: str
    position: int


class Catalog:
    """Read and change the catalog of one book. Reads are cached until the next change."""

    def __init__(self, book: Book) -> None:
        self._book = book
        self._cache: dict[Kind, dict[str, Entry]] | None = None
        self._folded: dict[Kind, dict[str, str]] = {}

    # --- reading -------------------------------------------------------------------------------

    def _entries(self) -> dict[Kind, dict[str, Entry]]:
        if self._cache is None:
            conn = self._book.conn
            cache: dict[Kind, dict[str, Entry]] = {}
            for kind in Kind:
                extra = ", group_code, default_unit" if kind is Kind.CHANNEL else ", '', ''"
                rows = conn.execute(
                    f"SELECT code, label, position, retired{extra} FROM {kind.value} ORDER BY position, code"
                ).fetchall()
                cache[kind] = {
                    row[0]: Entry(kind, row[0], row[1], row[2], bool(row[3]), row[4], row[5]) for row in rows
                }
            self._cache = cache
            self._folded = {}
        return self._cache

    def invalidate(self) -> None:
        """Forget cached entries (after a change made outside this object, e.g. a merge)."""
        self._cache = None

    def entries(self, kind: Kind, *, include_retired: bool = False) -> list[Entry]:
        """Entries of one list in their display order."""
        return [e for e in self._entries()[kind].values() if include_retired or not e.retired]

    def get(self, kind: Kind, code: str) -> Entry | None:
        return self._entries()[kind].get(code)

    def label(self, kind: Kind, code: str) -> str:
        """The label of ``code``, or the code itself when it is unknown."""
        entry = self.get(kind, code)
        return entry.label if entry else code

    def groups(self) -> list[Group]:
        rows = self._book.conn.execute(
            "SELECT code, label, position FROM channel_groups ORDER BY position"
        ).fetchall()
        return [Group(*row) for row in rows]

    def channels(self, *, include_retired: bool = False) -> list[Entry]:
        return self.entries(Kind.CHANNEL, include_retired=include_retired)

    def topics(self, *, include_retired: bool = False) -> list[Entry]:
        return self.entries(Kind.TOPIC, include_retired=include_retired)

    def audiences(self, *, include_retired: bool = False) -> list[Entry]:
        return self.entries(Kind.AUDIENCE, include_retired=include_retired)

    def units(self, *, include_retired: bool = False) -> list[Entry]:
        return self.entries(Kind.UNIT, include_retired=include_retired)

    def match(self, kind: Kind, text: str) -> Entry | None:
        """The entry whose code or label is ``text``, ignoring case, diacritics and đ/d."""
        entries = self._entries()[kind]
        if text in entries:
            return entries[text]
        folded = self._folded.get(kind)
        if folded is None:
            folded = {}
            for entry in entries.values():  # labels first, so a code never shadows a label
                folded.setdefault(fold(entry.label), entry.code)
            for entry in entries.values():
                folded.setdefault(fold(entry.code), entry.code)
            self._folded[kind] = folded
        code = folded.get(fold(text))
        return entries[code] if code else None

    # --- changing ------------------------------------------------------------------------------

    def rename(self, kind: Kind, code: str, label: str) -> Entry:
        """Give an entry a new label (its code, and so its meaning in files, stays)."""
        entry = self._existing(kind, code)
        label = self._checked_label(kind, label, ignore=code)
        with self._book.atomic() as conn:
            conn.execute(f"UPDATE {kind.value} SET label = ? WHERE code = ?", [label, code])
            self._bump(conn)
        return self._changed(kind, entry.code)

    def add(
        self, kind: Kind, label: str, *, code: str | None = None, group: str = "", default_unit: str = ""
    ) -> Entry:
        """Add an entry at the end of its list; its code is made from the label unless given."""
        label = self._checked_label(kind, label)
        issues: list[Issue] = []
        if kind is Kind.CHANNEL:
            if group not in {g.code for g in self.groups()}:
                issues.append(Issue("group", _("Choose the channel's group.")))
            unit = self.get(Kind.UNIT, default_unit)
            if unit is None or unit.retired:
                issues.append(Issue("default_unit", _("Choose the channel's default unit.")))
        if code is not None:
            code = code.strip()
            if not re.fullmatch(r"[a-z0-9_]{1,40}", code):
                issues.append(
                    Issue("code", _("A code has 1 to 40 characters: small letters a–z, digits and _."))
                )
            elif code in self._entries()[kind]:
                issues.append(Issue("code", _("The code “{code}” is already used.").format(code=code)))
        if issues:
            raise ValidationError(issues)
        code = code or self._new_code(kind, label)
        position = max((e.position for e in self._entries()[kind].values()), default=-1) + 1
        with self._book.atomic() as conn:
            if kind is Kind.CHANNEL:
                conn.execute(
                    "INSERT INTO channels(code, group_code, label, default_unit, position)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [code, group, label, default_unit, position],
                )
            else:
                conn.execute(
                    f"INSERT INTO {kind.value}(code, label, position) VALUES (?, ?, ?)",
                    [code, label, position],
                )
            self._bump(conn)
        return self._changed(kind, code)

    def set_retired(self, kind: Kind, code: str, retired: bool = True) -> Entry:
        """Retire an entry (hidden from pickers, kept for old data) or bring it back."""
        self._existing(kind, code)
        if retired and kind is Kind.UNIT:
            users = [c.label for c in self.channels(include_retired=True) if c.default_unit == code]
            if users:
                raise ValidationError(
                    [
                        Issue(
                            "retired",
                            _("This unit is the default unit of: {channels}. Change those first.").format(
                                channels="; ".join(users)
                            ),
                        )
                    ]
                )
        with self._book.atomic() as conn:
            conn.execute(f"UPDATE {kind.value} SET retired = ? WHERE code = ?", [int(retired), code])
            self._bump(conn)
        return self._changed(kind, code)

    def set_default_unit(self, channel: str, unit: str) -> Entry:
        self._existing(Kind.CHANNEL, channel)
        entry = self.get(Kind.UNIT, unit)
        if entry is None or entry.retired:
            raise ValidationError([Issue("default_unit", _("Choose the channel's default unit."))])
        with self._book.atomic() as conn:
            conn.execute("UPDATE channels SET default_unit = ? WHERE code = ?", [unit, channel])
            self._bump(conn)
        return self._changed(Kind.CHANNEL, channel)

    # --- helpers -------------------------------------------------------------------------------

    def _existing(self, kind: Kind, code: str) -> Entry:
        entry = self.get(kind, code)
        if entry is None:
            raise ValidationError(
                [Issue("code", _("There is no entry with the code “{code}”.").format(code=code))]
            )
        return entry

    def _checked_label(self, kind: Kind, label: str, *, ignore: str | None = None) -> str:
        label = clean(label)
        if not label:
            raise ValidationError([Issue("label", _("The name cannot be empty."))])
        if len(label) > MAX_LABEL:
            raise ValidationError(
                [Issue("label", _("The name is too long (at most {n} characters).").format(n=MAX_LABEL))]
            )
        key = fold(label)
        for entry in self._entries()[kind].values():
            if entry.code != ignore and fold(entry.label) == key:
                raise ValidationError(
                    [Issue("label", _("“{label}” is already in the list.").format(label=entry.label))]
                )
        return label

    def _new_code(self, kind: Kind, label: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")[:32].rstrip("_") or "muc"
        code, n = base, 2
        while code in self._entries()[kind]:
            code, n = f"{base}_{n}", n + 1
        return code

    def _bump(self, conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalog_version'")

    def _changed(self, kind: Kind, code: str) -> Entry:
        self.invalidate()
        entry = self.get(kind, code)
        assert entry is not None
        return entry
