"""The annual plan's targets read from a ``.csv`` or ``.xlsx`` file, one target a row.

Headers are matched like the activity import's (ignoring case, diacritics and đ/d; in any order):

==============  ===============================================================================
``Loại``        ``hình thức`` (a channel), ``nội dung`` (a topic) or ``nhiệm vụ`` (a named task);
                when empty, what the row fills says it
``Hình thức``   a channel's code or label
``Nội dung``    a topic's code or label
``Nhiệm vụ``    the task's wording (for a channel or topic target, a note)
``Số lượng``    the planned amount (1 when empty; 0 is a target that asks for nothing)
``Đo bằng``     ``hoạt động``, ``số lượng``, ``lượt người`` or ``phút``; when empty, ``số lượng`` if
                a unit is given, else ``hoạt động``
``Đơn vị tính`` a unit (for ``số lượng``)
``Hạn``         a period of the plan's year (``2026-Q1``, ``2026-H1``, ``Q1``, ``quý II``,
                ``6 tháng đầu năm``); empty for the whole year
==============  ===============================================================================

All rows or none: every row is read and checked first, and a refusal names every bad row by line
and column, the way :mod:`wardlog.core.importing` does for activities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from wardlog.core.catalog import Kind
from wardlog.core.errors import Issue, ValidationError, WardLogError
from wardlog.core.fields import FieldError, parse_entry, parse_quantity, shown
from wardlog.core.i18n import _, ngettext
from wardlog.core.importing import MAX_CELL, SheetRow, read_rows
from wardlog.core.periods import Convention, PeriodKind, named, parse
from wardlog.core.plans import MAX_QUANTITY, MAX_TARGETS, MAX_TITLE, Measure, Plan, Target, TargetKind
from wardlog.core.sheet import IGNORED_HEADERS
from wardlog.core.text import clean, fold

if TYPE_CHECKING:
    from wardlog.core.book import Book

# field → (the header WardLog writes, other headers accepted)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "kind": ("Loại", ("kind", "loai chi tieu", "loai muc tieu")),
    "channel": ("Hình thức", ("channel", "hinh thuc tuyen truyen")),
    "topic": ("Nội dung", ("topic", "noi dung tuyen truyen")),
    "title": ("Nhiệm vụ", ("task", "title", "ten nhiem vu", "noi dung nhiem vu", "chi tieu")),
    "quantity": ("Số lượng", ("quantity", "so luong ke hoach")),
    "measure": ("Đo bằng", ("measure", "tinh theo", "don vi do")),
    "unit": ("Đơn vị tính", ("unit", "dvt")),
    "due": ("Hạn", ("due", "thoi han", "han hoan thanh", "ky han")),
}
HEADERS: tuple[str, ...] = tuple(header for header, _aliases in COLUMNS.values())
_BY_KEY = {fold(name): field for field, (header, aliases) in COLUMNS.items() for name in (header, *aliases)}

_KINDS = {
    **dict.fromkeys(("hinh thuc", "channel", "theo hinh thuc", "kenh"), TargetKind.CHANNEL),
    **dict.fromkeys(("noi dung", "topic", "theo noi dung", "chu de"), TargetKind.TOPIC),
    **dict.fromkeys(("nhiem vu", "task", "theo nhiem vu", "cong viec"), TargetKind.TASK),
}
_MEASURES = {
    **dict.fromkeys(("hoat dong", "so hoat dong", "activities", "activity", "lan"), Measure.ACTIVITIES),
    **dict.fromkeys(("so luong", "quantity", "don vi tinh"), Measure.QUANTITY),
    **dict.fromkeys(
        ("luot nguoi", "so nguoi", "luot nguoi du", "nguoi", "participants", "attendances"),
        Measure.PARTICIPANTS,
    ),
    **dict.fromkeys(("phut", "so phut", "thoi luong", "phut phat song", "minutes"), Measure.MINUTES),
}
_WHOLE_YEAR = frozenset({"ca nam", "nam", "whole year", "year"})
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER = re.compile(r"(?:q|quy|quarter) ?([1-4]|iv|iii|ii|i)(?: nam)?")
_HALF = re.compile(r"(?:h([12])|6 thang (dau|cuoi)(?: nam)?)")
_MONTH = re.compile(r"(?:thang|month) (1[0-2]|0?[1-9])")


@dataclass(frozen=True)
class PlanFile:
    """The targets a file holds, checked, in file order."""

    targets: tuple[Target, ...]
    ignored_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanImport:
    plan: Plan  # as saved
    replaced: int  # targets the year's plan had before (0: a new plan)
    ignored_columns: tuple[str, ...] = ()


def column_for(header: str) -> str | None:
    """The field a header names, ignoring case, diacritics, đ/d and extra spaces."""
    return _BY_KEY.get(fold(header))


def due_code(value: object, year: int, convention: Convention) -> str:
    """A due period as the plan stores it (``2026-Q1``), from the forms people write; "" for the year."""
    if isinstance(value, date):
        raise FieldError(_("Write the due period as text, e.g. {year}-Q1.").format(year=year))
    text = clean(str(value)) if value is not None else ""
    key = fold(text)
    if not key or key in _WHOLE_YEAR or key == str(year):
        return ""
    if found := _QUARTER.fullmatch(key):
        index = found.group(1)
        return f"{year}-Q{_ROMAN.get(index, index)}"
    if found := _HALF.fullmatch(key):
        half = found.group(1) or ("1" if found.group(2) == "dau" else "2")
        return f"{year}-H{half}"
    if found := _MONTH.fullmatch(key):
        return f"{year}-{int(found.group(1)):02d}"
    try:
        period = parse(text.upper(), convention)
    except ValidationError:
        raise FieldError(
            _(
                "“{value}” is not a period. Write {year}-Q1 … {year}-Q4, {year}-H1, {year}-H2, "
                "{year}-03 (a month), or leave it empty for the whole year."
            ).format(value=shown(text), year=year)
        ) from None
    year_span = named(PeriodKind.YEAR, year, 0, convention)
    if period.start < year_span.start or period.end > year_span.end:
        raise FieldError(
            _("{value} is not within the plan's year {year}.").format(value=shown(text), year=year)
        )
    return "" if period.kind is PeriodKind.YEAR else period.code


def read_plan_file(book: Book, path: str | Path, year: int) -> PlanFile:
    """The targets of the file for the plan of ``year``, or ValidationError naming every bad row."""
    path = Path(path)
    book.plans.validate(Plan(year))  # a year out of range is refused before the file is read
    rows = read_rows(path)
    header = next(rows, None)
    while header is not None and _blank(header.cells):
        header = next(rows, None)
    if header is None:
        raise WardLogError(_("{name} is empty.").format(name=path.name))
    positions, written, ignored = _read_header(header)
    convention = Convention(book.settings.convention)

    targets: list[Target] = []
    issues: list[Issue] = []
    bad_rows = 0
    for row in rows:
        if _blank(row.cells):
            continue
        values = {name: (row.cells[i] if i < len(row.cells) else "") for name, i in positions.items()}
        target, row_issues = _target(book, values, year, convention)
        if row_issues:
            bad_rows += 1
            for field, message in row_issues:
                column = written.get(field) or COLUMNS[field][0]
                issues.append(Issue(field, message, line=row.line, column=column))
        else:
            assert target is not None
            targets.append(target)
    if issues:
        raise ValidationError(
            issues,
            ngettext(
                "{name} was not imported: {n} row has errors. The plan was not changed.",
                "{name} was not imported: {n} rows have errors. The plan was not changed.",
                bad_rows,
            ).format(name=path.name, n=bad_rows),
        )
    if not targets:
        raise WardLogError(_("{name} has a header but no targets.").format(name=path.name))
    if len(targets) > MAX_TARGETS:
        raise WardLogError(
            _("{name} holds {n} targets; a plan holds at most {limit}.").format(
                name=path.name, n=len(targets), limit=MAX_TARGETS
            )
        )
    return PlanFile(tuple(targets), tuple(ignored))


def carry_identity(targets: tuple[Target, ...], previous: tuple[Target, ...]) -> tuple[Target, ...]:
    """``targets`` with the identity (id, uid) of the ``previous`` target each one repeats, so that
    activities linked to a task stay linked when a corrected file is imported again."""

    def key(target: Target) -> tuple[object, ...]:
        return (target.kind, target.channel, target.topic, fold(target.title))

    unused = list(previous)
    result = []
    for target in targets:
        match = next((old for old in unused if key(old) == key(target) and old.due == target.due), None)
        match = match or next((old for old in unused if key(old) == key(target)), None)
        if match is not None:
            unused.remove(match)
            target = replace(target, id=match.id, uid=match.uid)
        else:
            target = replace(target, id=0, uid="")
        result.append(target)
    return tuple(result)


def import_plan(
    book: Book,
    path: str | Path,
    year: int,
    *,
    number: str | None = None,
    issued_on: date | None = None,
    title: str | None = None,
) -> PlanImport:
    """Make the file's targets the targets of the plan of ``year`` (its number, date and title kept
    unless given), in one transaction; a copy of the book is taken first when a plan is replaced."""
    read = read_plan_file(book, path, year)
    old = book.plans.get(year)
    base = old or Plan(year)
    plan = Plan(
        year,
        base.number if number is None else number,
        base.issued_on if issued_on is None else issued_on,
        base.title if title is None else title,
        carry_identity(read.targets, old.targets if old else ()),
    )
    plan = book.plans.validate(plan)  # the number and title given on the command line
    if old is not None and old.targets and book.path is not None:
        from wardlog.core.backups import take

        take(book, "before-import")
    saved = book.plans.save(plan)
    return PlanImport(saved, len(old.targets) if old else 0, read.ignored_columns)


# --- one row -------------------------------------------------------------------------------------


def _target(
    book: Book, values: dict[str, object], year: int, convention: Convention
) -> tuple[Target | None, list[tuple[str, str]]]:
    """The target a row describes, or the (field, message) of everything wrong with it."""
    catalog = book.catalog
    issues: list[tuple[str, str]] = []
    parsed: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, str) and len(value) > MAX_CELL:
            issues.append((name, _("The cell is too long.")))
            values[name] = ""

    def read(name: str, parser: object) -> None:
        if name not in values:
            return
        try:
            parsed[name] = parser(values[name])  # type: ignore[operator]
        except FieldError as error:
            issues.append((name, error.message))

    read("channel", lambda v: parse_entry(catalog, Kind.CHANNEL, v))
    read("topic", lambda v: parse_entry(catalog, Kind.TOPIC, v))
    read("unit", lambda v: parse_entry(catalog, Kind.UNIT, v))
    read("quantity", parse_quantity)
    read("kind", _kind)
    read("measure", _measure)
    read("due", lambda v: due_code(v, year, convention))
    title = clean(_text(values.get("title")))
    channel = str(parsed.get("channel") or "")
    topic = str(parsed.get("topic") or "")
    unit = str(parsed.get("unit") or "")

    kind = parsed.get("kind")
    if kind is None and "kind" not in _fields(issues):
        kind = _inferred_kind(channel, topic, title)
        if kind is None:
            issues.append(
                ("kind", _("Say in this column whether the target is a channel, a topic or a task."))
            )
    if kind is TargetKind.CHANNEL and not channel and "channel" not in _fields(issues):
        issues.append(("channel", _("A target by channel needs its channel.")))
    if kind is TargetKind.TOPIC and not topic and "topic" not in _fields(issues):
        issues.append(("topic", _("A target by topic needs its topic.")))
    if kind is TargetKind.TASK and not title:
        issues.append(("title", _("A task needs its wording.")))
    if len(title) > MAX_TITLE:
        issues.append(("title", _("Longer than {n} characters.").format(n=MAX_TITLE)))

    quantity = parsed.get("quantity")
    quantity = 1.0 if quantity is None else float(quantity)  # type: ignore[arg-type]
    if quantity > MAX_QUANTITY:
        issues.append(("quantity", _("At most {n}.").format(n=MAX_QUANTITY)))
    measure = parsed.get("measure")
    if measure is None:
        measure = Measure.QUANTITY if unit else Measure.ACTIVITIES
    if unit and measure is not Measure.QUANTITY and "measure" not in _fields(issues):
        issues.append(
            (
                "unit",
                _("A unit counts only when the target is measured by quantity (“{measure}”).").format(
                    measure=Measure.QUANTITY.label
                ),
            )
        )
    if issues or not isinstance(kind, TargetKind):
        return None, issues
    target = Target(
        kind,
        quantity,
        title,
        measure,  # type: ignore[arg-type]
        channel=channel if kind is TargetKind.CHANNEL else "",
        topic=topic if kind is TargetKind.TOPIC else "",
        unit=unit,
        due=str(parsed.get("due") or ""),
    )
    try:  # what the plan itself refuses (the core has the last word)
        checked = book.plans.validate(Plan(year, targets=(target,)))
    except ValidationError as error:
        prefix = _("Target {row}: {message}").format(row=1, message="")
        return None, [("title", issue.message.removeprefix(prefix)) for issue in error.issues]
    return checked.targets[0], []


def _fields(issues: list[tuple[str, str]]) -> set[str]:
    return {field for field, _message in issues}


def _inferred_kind(channel: str, topic: str, title: str) -> TargetKind | None:
    """A row without a kind is what it names: a channel, a topic, or (naming neither) a task."""
    if channel and not topic:
        return TargetKind.CHANNEL
    if topic and not channel:
        return TargetKind.TOPIC
    if not channel and not topic and title:
        return TargetKind.TASK
    return None


def _kind(value: object) -> TargetKind | None:
    text = clean(_text(value))
    if not text:
        return None
    kind = _KINDS.get(fold(text))
    if kind is None:
        raise FieldError(
            _("“{value}” is not a kind of target; write “hình thức”, “nội dung” or “nhiệm vụ”.").format(
                value=shown(text)
            )
        )
    return kind


def _measure(value: object) -> Measure | None:
    text = clean(_text(value))
    if not text:
        return None
    measure = _MEASURES.get(fold(text))
    if measure is None:
        raise FieldError(
            _("“{value}” is not a measure; write “hoạt động”, “số lượng”, “lượt người” or “phút”.").format(
                value=shown(text)
            )
        )
    return measure


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _blank(cells: list[object]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _read_header(header: SheetRow) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """Positions of the known columns, the headers as written, and the headers ignored."""
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    issues: list[Issue] = []
    for index, cell in enumerate(header.cells):
        text = clean(str(cell))
        if not text:
            continue
        field = column_for(text)
        if field is None:
            if fold(text) not in IGNORED_HEADERS:
                ignored.append(text)
            continue
        if field in positions:
            issues.append(
                Issue(field, _("The column “{header}” appears twice.").format(header=text), line=header.line)
            )
            continue
        positions[field] = index
        written[field] = text
    if not {"channel", "topic", "title"} & positions.keys():
        issues.append(
            Issue(
                "title",
                _("A plan file needs at least one of the columns “{task}”, “{channel}” or “{topic}”.").format(
                    task=COLUMNS["title"][0], channel=COLUMNS["channel"][0], topic=COLUMNS["topic"][0]
                ),
                line=header.line,
            )
        )
    if issues:
        raise ValidationError(
            issues, _("The header row is not in the format of a plan; the plan was not changed.")
        )
    return positions, written, ignored
