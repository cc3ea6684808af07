"""Evidence (tài liệu kiểm chứng) attached to activities: photos, scans, PDFs and office documents.

Files are kept inside the book, so a backup or an exchange file carries them with the records they
prove, and an attachment is added or removed in the same transaction as the activity's change of
revision (the upper level then sees that the activity changed). The app supplies thumbnails; the
core only stores them.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from wardlog.core.activities import now_stamp
from wardlog.core.errors import Issue, ValidationError, WardLogError
from wardlog.core.i18n import _, format_number
from wardlog.core.locks import note_changes
from wardlog.core.text import clean

if TYPE_CHECKING:
    from collections.abc import Iterable

    from wardlog.core.book import Book

MAX_BYTES = 50 * 1024 * 1024
MAX_NAME = 200

# suffix → media type; what officers attach as evidence: photos, scans, minutes, plans
MEDIA_TYPES: dict[str, str] = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
}
# the first bytes each kind of file must start with (a renamed file is refused, not stored as junk)
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/bmp": (b"BM",),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
    "image/webp": (b"RIFF",),  # and "WEBP" at byte 8, see _looks_like
    "application/pdf": (b"%PDF",),
    "application/msword": (b"\xd0\xcf\x11\xe0",),
    "application/vnd.ms-excel": (b"\xd0\xcf\x11\xe0",),
}
_ZIP = (b"PK\x03\x04",)


@dataclass(frozen=True)
class Attachment:
    """An attached file, without its bytes (read them with :meth:`Attachments.data`)."""

    id: int
    uid: str
    activity_id: int
    name: str
    media_type: str
    size: int
    sha256: str
    created_at: str
    has_thumbnail: bool

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


@dataclass(frozen=True)
class RemovedAttachment:
    """Everything needed to put a removed attachment back exactly (undo)."""

    attachment: Attachment
    data: bytes
    thumbnail: bytes | None


_COLUMNS = "id, uid, activity_id, name, media_type, size, sha256, created_at, thumbnail IS NOT NULL"


def media_type_of(name: str) -> str | None:
    return MEDIA_TYPES.get(Path(name).suffix.lower())


class Attachments:
    """The attachments of one book."""

    def __init__(self, book: Book) -> None:
        self._book = book

    def of(self, activity_id: int) -> list[Attachment]:
        rows = self._book.conn.execute(
            f"SELECT {_COLUMNS} FROM attachments WHERE activity_id = ? ORDER BY id", [activity_id]
        )
        return [Attachment(*row[:-1], bool(row[-1])) for row in rows]

    def get(self, attachment_id: int) -> Attachment | None:
        row = self._book.conn.execute(
            f"SELECT {_COLUMNS} FROM attachments WHERE id = ?", [attachment_id]
        ).fetchone()
        return Attachment(*row[:-1], bool(row[-1])) if row else None

    def counts(self, activity_ids: Iterable[int] | None = None) -> dict[int, int]:
        """How many attachments each activity has (activities without any are absent)."""
        conn = self._book.conn
        if activity_ids is None:
            rows = conn.execute("SELECT activity_id, count(*) FROM attachments GROUP BY activity_id")
            return dict(rows.fetchall())
        ids = list(activity_ids)
        found: dict[int, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT activity_id, count(*) FROM attachments WHERE activity_id IN ({marks})"
                " GROUP BY activity_id",
                chunk,
            )
            found.update(rows.fetchall())
        return found

    def data(self, attachment_id: int) -> bytes:
        row = self._book.conn.execute("SELECT data FROM attachments WHERE id = ?", [attachment_id]).fetchone()
        if row is None:
            raise WardLogError(_("The attachment no longer exists."))
        return bytes(row[0])

    def thumbnail(self, attachment_id: int) -> bytes | None:
        row = self._book.conn.execute(
            "SELECT thumbnail FROM attachments WHERE id = ?", [attachment_id]
        ).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def read_file(self, path: Path) -> tuple[str, str, bytes]:
        """A file checked for attaching: (name, media type, bytes), or :class:`ValidationError`."""
        name = clean(path.name)
        media_type = media_type_of(name)
        if media_type is None:
            raise ValidationError(
                [
                    Issue(
                        "file",
                        _("{name}: attach photos (JPG, PNG…), PDF, Word or Excel files.").format(name=name),
                    )
                ]
            )
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise ValidationError(
                    [
                        Issue(
                            "file",
                            _("{name} is too large ({size} MB; at most {limit} MB).").format(
                                name=name,
                                size=format_number(size / 1024 / 1024, decimals=1),
                                limit=MAX_BYTES // 1024 // 1024,
                            ),
                        )
                    ]
                )
            data = path.read_bytes()
        except OSError as error:
            raise WardLogError(
                _("Cannot read {path}: {reason}").format(path=path, reason=error.strerror)
            ) from error
        if not _looks_like(media_type, data):
            raise ValidationError(
                [
                    Issue(
                        "file",
                        _("{name} is not the kind of file its name says; it was not attached.").format(
                            name=name
                        ),
                    )
                ]
            )
        return name, media_type, data

    def add(self, activity_id: int, path: Path, *, thumbnail: bytes | None = None) -> Attachment:
        """Attach a file; the same file twice to one activity is kept once (the existing one is returned)."""
        name, media_type, data = self.read_file(path)
        return self.add_data(activity_id, name, media_type, data, thumbnail=thumbnail)

    def add_data(
        self,
        activity_id: int,
        name: str,
        media_type: str,
        data: bytes,
        *,
        thumbnail: bytes | None = None,
        uid: str | None = None,
        created_at: str | None = None,
        attachment_id: int | None = None,
    ) -> Attachment:
        """Attach bytes already checked (merges, undo); ``attachment_id`` asks for that row when free."""
        name = _shortened(clean(name)) or "tep"
        digest = hashlib.sha256(data).hexdigest()
        conn = self._book.conn
        with self._book.atomic():
            if conn.execute("SELECT 1 FROM activities WHERE id = ?", [activity_id]).fetchone() is None:
                raise ValidationError(
                    [Issue("id", _("There is no activity number {id}.").format(id=activity_id))]
                )
            existing = conn.execute(
                "SELECT id FROM attachments WHERE activity_id = ? AND sha256 = ?", [activity_id, digest]
            ).fetchone()
            if existing is not None:
                found = self.get(existing[0])
                assert found is not None
                return found
            if attachment_id is not None and self.get(attachment_id) is not None:
                attachment_id = None  # taken meanwhile: a new row
            cursor = conn.execute(
                "INSERT INTO attachments(id, uid, activity_id, name, media_type, size, sha256, created_at,"
                " thumbnail, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [attachment_id, uid or str(uuid.uuid4()), activity_id, name, media_type, len(data), digest,
                 created_at or now_stamp(), thumbnail, data],
            )  # fmt: skip
            _touch(conn, activity_id)
        attachment = self.get(int(cursor.lastrowid or 0))
        assert attachment is not None
        return attachment

    def remove(self, attachment_id: int) -> RemovedAttachment:
        """Remove an attachment; returns what :meth:`put_back` needs to undo it."""
        attachment = self.get(attachment_id)
        if attachment is None:
            raise WardLogError(_("The attachment no longer exists."))
        removed = RemovedAttachment(attachment, self.data(attachment_id), self.thumbnail(attachment_id))
        with self._book.atomic() as conn:
            conn.execute("DELETE FROM attachments WHERE id = ?", [attachment_id])
            _touch(conn, attachment.activity_id)
        return removed

    def put_back(self, removed: RemovedAttachment) -> Attachment:
        """Undo :meth:`remove`: the same file, name and identity, in the same row (so in its place)."""
        a = removed.attachment
        return self.add_data(
            a.activity_id, a.name, a.media_type, removed.data,
            thumbnail=removed.thumbnail, uid=a.uid, created_at=a.created_at, attachment_id=a.id,
        )  # fmt: skip

    def save_copy(self, attachment_id: int, folder: Path) -> Path:
        """Write the file into ``folder`` under its own name (to open it with the system's viewer).

        A copy already there with the same bytes is reused: on Windows a viewer that has the file
        open does not let it be overwritten, and the user may open the same attachment twice.
        """
        attachment = self.get(attachment_id)
        if attachment is None:
            raise WardLogError(_("The attachment no longer exists."))
        safe = "".join(ch if ch not in '<>:"/\\|?*' else "_" for ch in attachment.name).strip(". ") or "tep"
        target = folder / f"{attachment.id}-{safe}"
        try:
            if (
                target.is_file()
                and target.stat().st_size == attachment.size
                and hashlib.sha256(target.read_bytes()).hexdigest() == attachment.sha256
            ):
                return target
            folder.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.data(attachment_id))
        except OSError as error:
            raise WardLogError(
                _("Cannot write {path}: {reason}").format(path=target, reason=error.strerror)
            ) from error
        return target


def _looks_like(media_type: str, data: bytes) -> bool:
    """Whether ``data`` starts as a file of ``media_type`` must (a renamed file does not)."""
    signatures = _SIGNATURES.get(media_type)
    if signatures is None and media_type.startswith("application/vnd."):
        signatures = _ZIP  # .docx, .xlsx, .odt (the old .xls has its own signature above)
    if signatures and not data.startswith(signatures):
        return False
    return media_type != "image/webp" or data[8:12] == b"WEBP"  # RIFF also starts WAV and AVI files


def _shortened(name: str) -> str:
    """``name`` cut to :data:`MAX_NAME` characters, keeping its suffix (the viewer needs it)."""
    if len(name) <= MAX_NAME:
        return name
    suffix = Path(name).suffix
    if len(suffix) > 10:  # not a real suffix
        suffix = ""
    return name[: MAX_NAME - len(suffix)].rstrip() + suffix


def _touch(conn: object, activity_id: int) -> None:
    """The activity changed (its evidence did): a new revision, so merges see it."""
    conn.execute(  # type: ignore[attr-defined]
        "UPDATE activities SET updated_at = ?, revision = revision + 1 WHERE id = ?",
        [now_stamp(), activity_id],
    )
    note_changes(conn, [activity_id], "edit")  # type: ignore[arg-type]
