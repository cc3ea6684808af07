"""Writing the exchange file a ward sends to the upper level (the format is in :mod:`exchange_format`).

The file is made from a consistent snapshot of the book (``VACUUM INTO`` a temporary file, so the
book stays free for other work and nothing half-written is read), then shaped: a new file with the
exchange tables is filled from the snapshot with the ward's own activities of the period (deleted
ones as tombstones, so the upper level learns of deletions), the catalog, unless left out, the
attachments, and the plan versus done and self-assessment measured on the same snapshot
(:mod:`plan_exchange`). Its checksum is computed from the finished content, the file is checked,
written beside its final name and renamed into place. The book then records the export (:mod:`locks`).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from wardlog import __version__
from wardlog.core.errors import WardLogError
from wardlog.core.exchange_format import (
    APPLICATION_ID,
    FORMAT_NAME,
    FORMAT_VERSION,
    SUFFIX,
    Manifest,
    content_checksum,
    create_schema,
)
from wardlog.core.i18n import _
from wardlog.core.locks import final_export_of
from wardlog.core.periods import Period, date_range
from wardlog.core.plan_exchange import PlanRows, measure, write
from wardlog.core.text import fold

if TYPE_CHECKING:
    from wardlog.core.book import Book

Progress = Callable[[int, int], None]
STEPS = 5  # progress is reported as steps of this many


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: Manifest

    @property
    def records(self) -> int:
        return self.manifest.record_count


def stamp(moment: datetime) -> str:
    """A time as the manifest writes it: UTC, ISO 8601, milliseconds."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def whole_book_period(book: Book, today: date | None = None) -> Period:
    """From the first of the book's own activities to today (or its last, if later)."""
    today = today or date.today()
    first, last = book.conn.execute(
        "SELECT min(date), max(date) FROM activities WHERE ward_code IS NULL"
    ).fetchone()
    start = date.fromisoformat(first) if first else today
    end = max(today, date.fromisoformat(last)) if last else today
    return date_range(min(start, end), end)


def _name_part(text: str) -> str:
    """“Phường Hà Đông” → “Phuong-Ha-Dong”: diacritics folded, safe in any file system."""
    words = "".join(ch if ch.isalnum() else " " for ch in fold(text)).split()
    return "-".join(word.capitalize() for word in words)


def suggested_name(ward_code: str, ward_name: str, period: Period, created: date, *, correction: bool) -> str:
    """A file name that tells a person what the file is, e.g.
    ``WardLog_09556_Phuong-Ha-Dong_2026-H1_20260620.wlx`` (``_dinh-chinh`` before the date for a correction).
    """
    parts = ["WardLog", ward_code, _name_part(ward_name) or "Don-vi", period.code.replace("..", "_")]
    if correction:
        parts.append("dinh-chinh")
    parts.append(f"{created:%Y%m%d}")
    return "_".join(parts) + SUFFIX


def export(
    book: Book,
    target: Path,
    period: Period | None = None,
    *,
    attachments: bool = True,
    final: bool = False,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the exchange file of ``period`` (None: all the ward's activities) at ``target``.

    ``target`` may be a folder: the file then gets its :func:`suggested_name` there. An existing
    file is replaced only once the new one is complete and checked.
    """
    settings = book.settings
    if not settings.ward_code or not settings.unit_name:
        raise WardLogError(
            _("Set the ward's identity (Settings) first: the upper level needs its code and name.")
        )
    moment = now or datetime.now(UTC)
    period = period or whole_book_period(book, moment.date())
    correction = final_export_of(book, period.start, period.end) is not None
    target = Path(target)
    if target.is_dir():
        target = target / suggested_name(
            settings.ward_code, settings.unit_name, period, moment.date(), correction=correction
        )
    manifest = Manifest(
        format=FORMAT_NAME,
        format_version=FORMAT_VERSION,
        ward_code=settings.ward_code,
        ward_name=settings.unit_name,
        province=settings.province,
        period=period.code,
        convention=period.convention.value,
        period_start=period.start.isoformat(),
        period_end=period.end.isoformat(),
        created_at=stamp(moment),
        program_version=__version__,
        book_schema_version=book.schema_version,
        catalog_version=settings.catalog_version,
        record_count=0,
        deleted_count=0,
        attachment_count=0,
        attachments_included=int(attachments),
        final=int(final),
        correction=int(correction),
        checksum="",
    )
    step = _stepper(progress)
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        with tempfile.TemporaryDirectory(prefix="wardlog-export-") as folder:
            snapshot = Path(folder) / "snapshot.sqlite"
            book.conn.execute("VACUUM INTO ?", [str(snapshot)])
            plan = _measure_plan(snapshot, period)
            step()
            manifest = _write(partial, snapshot, manifest, period, attachments, plan, step)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise WardLogError(
            _("The exchange file could not be written to {path}: {reason}").format(
                path=target, reason=error.strerror or error
            )
        ) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _record(book, manifest, target.name)
    step()
    return ExportResult(target, manifest)


def _stepper(progress: Progress | None) -> Callable[[], None]:
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(min(done, STEPS), STEPS)

    return step


def _measure_plan(snapshot: Path, period: Period) -> PlanRows:
    """Plan versus done and the self-assessment of ``period``, measured on the snapshot (read-only)."""
    from wardlog.core.book import Book

    conn = sqlite3.connect(f"file:{quote(str(snapshot))}?mode=ro", uri=True, isolation_level=None)
    try:
        return measure(Book(conn, None), period)
    finally:
        conn.close()


def _write(
    path: Path,
    snapshot: Path,
    manifest: Manifest,
    period: Period,
    attachments: bool,
    plan: PlanRows,
    step: Callable[[], None],
) -> Manifest:
    out = sqlite3.connect(path, isolation_level=None)
    try:
        out.execute("PRAGMA journal_mode = DELETE")  # a single file, readable anywhere
        out.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        out.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
        out.execute("ATTACH DATABASE ? AS book", [str(snapshot)])
        out.execute("BEGIN")
        create_schema(out)
        _fill(out, period, attachments)
        write(out, plan)
        step()
        records, deleted = out.execute(
            "SELECT count(*) FILTER (WHERE deleted_at IS NULL),"
            " count(*) FILTER (WHERE deleted_at IS NOT NULL) FROM activities"
        ).fetchone()
        files = out.execute("SELECT count(*) FROM attachments").fetchone()[0]
        manifest = replace(manifest, record_count=records, deleted_count=deleted, attachment_count=files)
        columns = Manifest.columns()
        out.execute(
            f"INSERT INTO manifest({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            manifest.values(),
        )
        out.execute("COMMIT")
        out.execute("DETACH DATABASE book")
        manifest = replace(manifest, checksum=content_checksum(out, version=FORMAT_VERSION))
        out.execute("UPDATE manifest SET checksum = ?", [manifest.checksum])
        step()
        if out.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise WardLogError(_("The exchange file did not pass its check; it was discarded."))
        step()
    finally:
        out.close()
    return manifest


def _fill(out: sqlite3.Connection, period: Period, attachments: bool) -> None:
    """Copy the catalog and the ward's own activities of the period from the snapshot."""
    out.execute("INSERT INTO channel_groups SELECT code, label, position FROM book.channel_groups")
    for table in ("units", "topics", "audiences"):
        out.execute(f"INSERT INTO {table} SELECT code, label, position, retired FROM book.{table}")
    out.execute(
        "INSERT INTO channels"
        " SELECT code, group_code, label, default_unit, position, retired FROM book.channels"
    )
    own = "a.ward_code IS NULL AND a.date BETWEEN ? AND ?"
    dates = [period.start.isoformat(), period.end.isoformat()]
    out.execute(
        "INSERT INTO activities SELECT a.uid, a.date, a.channel, a.title, a.place, a.participants,"
        " a.quantity, a.unit, a.minutes, a.responsible, a.notes, a.created_at, a.updated_at, a.revision,"
        f" a.deleted_at FROM book.activities a WHERE {own}",
        dates,
    )
    out.execute(
        "INSERT INTO activity_topics SELECT a.uid, t.topic FROM book.activity_topics t"
        f" JOIN book.activities a ON a.id = t.activity_id WHERE {own}",
        dates,
    )
    out.execute(
        "INSERT INTO activity_audiences SELECT a.uid, u.audience FROM book.activity_audiences u"
        f" JOIN book.activities a ON a.id = u.activity_id WHERE {own}",
        dates,
    )
    if attachments:  # the evidence of live activities; a tombstone needs none
        out.execute(
            "INSERT INTO attachments SELECT f.uid, a.uid, f.name, f.media_type, f.size, f.sha256,"
            " f.created_at, f.thumbnail, f.data FROM book.attachments f"
            f" JOIN book.activities a ON a.id = f.activity_id WHERE {own} AND a.deleted_at IS NULL",
            dates,
        )


def _record(book: Book, manifest: Manifest, file_name: str) -> None:
    with book.atomic() as conn:
        conn.execute(
            "INSERT INTO exports(period, convention, period_start, period_end, final, correction, created_at,"
            " records, attachments, checksum, file_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [manifest.period, manifest.convention, manifest.period_start, manifest.period_end,
             manifest.final, manifest.correction, manifest.created_at, manifest.record_count,
             manifest.attachments_included, manifest.checksum, file_name],
        )  # fmt: skip
