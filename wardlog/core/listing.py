"""Activities written out: the import format as CSV or XLSX, JSON for scripts, a table for people."""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from wardlog.core.errors import WardLogError
from wardlog.core.i18n import _, format_date, format_number, ngettext
from wardlog.core.sheet import HEADERS, activity_row

if TYPE_CHECKING:
    from wardlog.core.catalog import Catalog
    from wardlog.core.model import Activity


def write_csv(out: TextIO, activities: Iterable[Activity], catalog: Catalog) -> int:
    """The import format, so that the output imports back into another book."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    count = 0
    for activity in activities:
        writer.writerow(activity_row(activity, catalog))
        count += 1
    return count


def activity_record(activity: Activity, catalog: Catalog) -> dict[str, object]:
    """An activity for scripts: codes and labels, identity and history."""
    from wardlog.core.catalog import Kind

    return {
        "uid": activity.uid,
        "ward_code": activity.ward_code,
        "date": activity.date.isoformat(),
        "channel": activity.channel,
        "channel_label": catalog.label(Kind.CHANNEL, activity.channel),
        "topics": list(activity.topics),
        "title": activity.title,
        "place": activity.place,
        "audiences": list(activity.audiences),
        "participants": activity.participants,
        "quantity": activity.quantity,
        "unit": activity.unit,
        "unit_label": catalog.label(Kind.UNIT, activity.unit),
        "minutes": activity.minutes,
        "responsible": activity.responsible,
        "notes": activity.notes,
        "created_at": activity.created_at,
        "updated_at": activity.updated_at,
        "revision": activity.revision,
    }


def write_json(out: TextIO, activities: Iterable[Activity], catalog: Catalog) -> int:
    """A JSON array, streamed one activity at a time."""
    count = 0
    out.write("[")
    for activity in activities:
        out.write(",\n " if count else "\n ")
        out.write(json.dumps(activity_record(activity, catalog), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _fit(text: str, width: int) -> str:
    text = text.replace("\n", " ")
    if _width(text) > width:
        while _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - _width(text))


def write_table(out: TextIO, activities: Iterable[Activity], catalog: Catalog) -> int:
    """An aligned table for a terminal, with the number of activities at the end."""
    from wardlog.core.catalog import Kind

    widths = (10, 28, 50, 14, 7)
    head = (_("Date"), _("Channel"), _("Title"), _("Quantity"), _("People"))
    out.write("  ".join(_fit(h, w) for h, w in zip(head, widths, strict=True)).rstrip() + "\n")
    count = participants = 0
    for activity in activities:
        quantity = f"{format_number(activity.quantity)} {catalog.label(Kind.UNIT, activity.unit)}"
        people = "" if activity.participants is None else format_number(activity.participants)
        cells = (
            format_date(activity.date),
            catalog.label(Kind.CHANNEL, activity.channel),
            activity.title,
            quantity,
            people,
        )
        out.write("  ".join(_fit(c, w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n")
        count += 1
        participants += activity.participants or 0
    out.write(
        ngettext("{n} activity", "{n} activities", count).format(n=format_number(count))
        + (_(", {n} participants").format(n=format_number(participants)) if participants else "")
        + "\n"
    )
    return count


def write_file(path: Path, activities: Iterable[Activity], catalog: Catalog) -> int:
    """Write a ``.csv`` (UTF-8 with BOM, so Excel reads the diacritics), ``.xlsx`` or ``.json`` file."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open("w", encoding="utf-8-sig", newline="") as out:
                return write_csv(out, activities, catalog)
        if suffix == ".json":
            with path.open("w", encoding="utf-8") as out:
                return write_json(out, activities, catalog)
        if suffix == ".xlsx":
            return _write_xlsx(path, activities, catalog)
    except OSError as error:
        raise WardLogError(
            _("Cannot write {path}: {reason}").format(path=path, reason=error.strerror)
        ) from error
    raise WardLogError(_("Write to a .csv, .xlsx or .json file."))


def _write_xlsx(path: Path, activities: Iterable[Activity], catalog: Catalog) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Activities"))
    sheet.append(list(HEADERS))
    count = 0

    def text_cell(value: object) -> object:
        if isinstance(value, str) and value.startswith("="):  # text, never a formula
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value

    for activity in activities:
        row: list[object] = [text_cell(value) for value in activity_row(activity, catalog)]
        row[0] = activity.date  # a real date cell
        row[6] = activity.participants
        row[7] = activity.quantity
        row[9] = activity.minutes
        sheet.append(row)
        count += 1
    workbook.save(path)
    return count
