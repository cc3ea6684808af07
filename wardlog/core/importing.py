"""Import of activities from ``.csv`` and ``.xlsx`` files in the format of ``interfaces.md``.

All rows or none: every row is read and validated first; if any row is wrong, nothing is written
and the error names every bad row by line and column with the reason.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wardlog.core.errors import Issue, ValidationError, WardLogError
from wardlog.core.fields import draft_from_values
from wardlog.core.i18n import _, ngettext
from wardlog.core.model import FIELD_NAMES, ActivityDraft, validate
from wardlog.core.sheet import COLUMNS, IGNORED_HEADERS, column_for
from wardlog.core.text import clean, fold

if TYPE_CHECKING:
    from wardlog.core.book import Book

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_CELL = 20_000
Progress = Callable[[int, int], None]  # (rows done, rows in all; 0 when unknown)


@dataclass
class ImportResult:
    added: int
    ignored_columns: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)  # of the activities added, in file order


@dataclass(frozen=True)
class SheetRow:
    line: int  # as the user sees it: the CSV line or the spreadsheet row number
    cells: list[object]


def read_rows(path: Path) -> Iterator[SheetRow]:
    """The rows of a ``.csv`` or ``.xlsx`` file, header first, with their line numbers."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as error:
        raise WardLogError(
            _("Cannot read {path}: {reason}").format(path=path, reason=error.strerror)
        ) from error
    if size > MAX_FILE_BYTES:
        raise WardLogError(_("{path} is too large to import.").format(path=path))
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    raise WardLogError(_("WardLog imports .csv and .xlsx files; {name} is neither.").format(name=path.name))


def _csv_rows(path: Path) -> Iterator[SheetRow]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WardLogError(
            _("{name} is not in UTF-8. In Excel, save it as “CSV UTF-8 (Comma delimited)”.").format(
                name=path.name
            )
        ) from None
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            yield SheetRow(line, list(cells))
            line = reader.line_num + 1
    except csv.Error as error:
        raise WardLogError(
            _("Line {line}: the file is not valid CSV ({reason}).").format(line=line, reason=error)
        ) from None


def _xlsx_rows(path: Path) -> Iterator[SheetRow]:
    from zipfile import BadZipFile

    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as error:
        raise WardLogError(_("{name} is not a readable Excel workbook.").format(name=path.name)) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        number = 0
        while True:
            with warnings.catch_warnings():  # openpyxl warns of what it cannot read (a date beyond the
                warnings.simplefilter("ignore")  # calendar becomes "#VALUE!"); the checks below say it
                cells = next(rows, None)
            if cells is None:
                break
            number += 1
            yield SheetRow(number, ["" if cell is None else cell for cell in cells])
    finally:
        workbook.close()


def import_file(book: Book, path: str | Path, *, progress: Progress | None = None) -> ImportResult:
    """Add every activity of the file to the book in one transaction, or none of them."""
    path = Path(path)
    rows = read_rows(path)
    header = next(rows, None)
    while header is not None and _blank(header.cells):
        header = next(rows, None)
    if header is None:
        raise WardLogError(_("{name} is empty.").format(name=path.name))
    positions, headers, ignored = _read_header(header)

    catalog = book.catalog
    drafts: list[ActivityDraft] = []
    issues: list[Issue] = []
    bad_rows = 0
    for row in rows:
        if _blank(row.cells):
            continue
        values: dict[str, object] = {}
        row_issues: list[Issue] = []
        for name, index in positions.items():
            value = row.cells[index] if index < len(row.cells) else ""
            if isinstance(value, str) and len(value) > MAX_CELL:
                row_issues.append(Issue(name, _("The cell is too long.")))
                value = ""
            values[name] = value
        draft, read_issues = draft_from_values(values, catalog)
        row_issues += read_issues
        if draft is not None:
            draft, checked_issues = validate(draft, catalog)
            row_issues += checked_issues
        if row_issues:
            bad_rows += 1
            for issue in row_issues:
                column = headers.get(issue.field) or _(FIELD_NAMES.get(issue.field, issue.field))
                issues.append(Issue(issue.field, issue.message, line=row.line, column=column))
        elif draft is not None:
            drafts.append(draft)
        if progress and (len(drafts) + bad_rows) % 500 == 0:
            progress(len(drafts) + bad_rows, 0)
    if issues:
        summary = ngettext(
            "{name} was not imported: {n} row has errors. Nothing was added.",
            "{name} was not imported: {n} rows have errors. Nothing was added.",
            bad_rows,
        ).format(name=path.name, n=bad_rows)
        raise ValidationError(issues, summary)
    if not drafts:
        raise WardLogError(_("{name} has a header but no activities.").format(name=path.name))
    if book.path is not None and book.activities.count() > 0:
        from wardlog.core.backups import take

        take(book, "before-import")
    ids = book.activities.add_many(drafts, progress=progress)
    if progress:
        progress(len(ids), len(ids))
    return ImportResult(len(ids), ignored, ids)


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
        column = column_for(text)
        if column is None:
            if fold(text) not in IGNORED_HEADERS:
                ignored.append(text)
            continue
        if column.field in positions:
            issues.append(
                Issue(
                    column.field,
                    _("The column “{header}” appears twice.").format(header=text),
                    line=header.line,
                )
            )
            continue
        positions[column.field] = index
        written[column.field] = text
    for column in COLUMNS:
        if column.required and column.field not in positions:
            issues.append(
                Issue(
                    column.field,
                    _("The required column “{header}” is missing.").format(header=column.header),
                    line=header.line,
                )
            )
    if issues:
        raise ValidationError(issues, _("The header row is not in the import format; nothing was added."))
    return positions, written, ignored
