"""Writing a report file: the format follows the file's suffix (``.pdf``, ``.docx``).

The file is written beside its final name and renamed into place, so an interrupted write never
leaves a half-written report where an older good one was.
"""

from __future__ import annotations

import os
import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from wardlog.core.errors import WardLogError
from wardlog.core.i18n import _

if TYPE_CHECKING:
    from wardlog.core.book import Book
    from wardlog.core.periods import Period
    from wardlog.core.reports import ReportDetails
    from wardlog.report.model import ReportDocument

SUFFIXES = (".pdf", ".docx")


def check_suffix(path: Path) -> str:
    """The lower-case suffix of ``path`` if it names a report format; else a WardLogError naming them."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise WardLogError(
            _("A report can be written as {formats}, not as “{name}”.").format(
                formats=", ".join(SUFFIXES), name=path.name
            )
        )
    return suffix


def render(document: ReportDocument, suffix: str) -> bytes:
    """The document as the bytes of a ``suffix`` (``.pdf``, ``.docx``) file."""
    if suffix.lower() == ".docx":
        from wardlog.report import word

        return word.render(document)
    from wardlog.report import pdf

    return pdf.render(document)


def write_report(
    book: Book,
    period: Period,
    path: Path,
    *,
    details: ReportDetails | None = None,
    today: date | None = None,
    consolidated: bool = False,
) -> ReportDocument:
    """Build the report of ``period`` and write it to ``path``; returns the document written.

    ``consolidated``: the upper level's report over every ward merged into the book.
    """
    from wardlog.report import consolidated as upper
    from wardlog.report import document as ward

    suffix = check_suffix(path)
    build = upper.build if consolidated else ward.build
    document = build(book, period, details, today=today)
    data = render(document, suffix)
    write_atomically(path, data)
    return document


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` into ``path`` through a temporary file in the same folder, then one rename.

    The temporary file is created with mode 0666 less the user's umask (unlike mkstemp's private
    0600): a report is an ordinary document that others in the office may open.
    """
    folder = path.parent if str(path.parent) else Path(".")
    temporary = folder / f".{path.stem}-{uuid.uuid4().hex[:12]}{path.suffix}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
