"""The spreadsheet form of activities (``interfaces.md``, “Import format”), shared by import and list.

One table: a header row, then one activity per row. Headers are matched ignoring case and
diacritics; columns may come in any order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from wardlog.core.text import fold

if TYPE_CHECKING:
    from wardlog.core.catalog import Catalog
    from wardlog.core.model import Activity


@dataclass(frozen=True)
class Column:
    field: str  # the activity field it fills
    header: str  # the header as WardLog writes it
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headers accepted (English, short forms)


COLUMNS: tuple[Column, ...] = (
    Column("date", "Ngày", True, ("date",)),
    Column("channel", "Hình thức", True, ("channel", "hinh thuc tuyen truyen")),
    Column("topics", "Nội dung", True, ("topics", "topic", "noi dung tuyen truyen")),
    Column("title", "Tiêu đề", True, ("title", "ten hoat dong")),
    Column("place", "Địa điểm", False, ("place",)),
    Column("audiences", "Đối tượng", False, ("audiences", "audience")),
    Column("participants", "Số người tham dự", False, ("participants", "so nguoi", "so nguoi du")),
    Column("quantity", "Số lượng", False, ("quantity",)),
    Column("unit", "Đơn vị tính", False, ("unit",)),
    Column("minutes", "Thời lượng (phút)", False, ("minutes", "thoi luong", "so phut")),
    Column("responsible", "Đơn vị thực hiện", False, ("responsible", "responsible unit")),
    Column("notes", "Ghi chú", False, ("notes", "note")),
)
HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)
# Headers that spreadsheets commonly carry and the import may skip without comment.
IGNORED_HEADERS = frozenset({"stt", "tt", "so tt", "no", "#", "id", "uid"})

_BY_KEY: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        _BY_KEY[fold(_name)] = _column


def column_for(header: str) -> Column | None:
    """The column a header names, ignoring case, diacritics, đ/d and extra spaces."""
    return _BY_KEY.get(fold(header))


def format_quantity(value: float) -> str:
    """A quantity as the sheet writes it: ``12``, ``2,5`` (no grouping, Vietnamese decimal comma)."""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f").replace(".", ",")  # never "1e-05"


def activity_row(activity: Activity, catalog: Catalog) -> list[str]:
    """One activity as the sheet's cells, in the order of :data:`HEADERS`; labels, not codes."""
    from wardlog.core.catalog import Kind

    def labels(kind: Kind, codes: tuple[str, ...]) -> str:
        entries = sorted(
            (catalog.get(kind, code) for code in codes), key=lambda e: e.position if e else 1 << 30
        )
        return "; ".join(entry.label for entry in entries if entry)

    return [
        activity.date.strftime("%d/%m/%Y"),
        catalog.label(Kind.CHANNEL, activity.channel),
        labels(Kind.TOPIC, activity.topics),
        activity.title,
        activity.place,
        labels(Kind.AUDIENCE, activity.audiences),
        "" if activity.participants is None else str(activity.participants),
        format_quantity(activity.quantity),
        catalog.label(Kind.UNIT, activity.unit),
        "" if activity.minutes is None else str(activity.minutes),
        activity.responsible,
        activity.notes,
    ]


def rows(activities: Iterator[Activity], catalog: Catalog) -> Iterator[list[str]]:
    yield list(HEADERS)
    for activity in activities:
        yield activity_row(activity, catalog)
