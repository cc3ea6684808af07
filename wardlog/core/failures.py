"""The one place that turns SQLite's and the operating system's failures into plain sentences.

A write that fails because the disk is full, the drive is read-only or was removed, another program
holds the book, or the file is damaged becomes a :class:`StorageError` whose message says what
happened, that the change was not saved while everything saved before is safe, and what to do.
The core raises these from :meth:`Book.atomic`; the command line and the app use :func:`describe`
for anything else that escapes.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from wardlog.core.errors import StorageError, WardLogError
from wardlog.core.i18n import _

DISK_FULL = "disk-full"
READ_ONLY = "read-only"
GONE = "gone"  # the file or its drive is no longer there (a removed USB stick)
LOCKED = "locked"  # another program holds the book
DAMAGED = "damaged"
DISK_ERROR = "disk-error"

# SQLite's primary result codes (the low byte of the extended code Python reports)
_SQLITE_KINDS = {
    3: READ_ONLY,  # SQLITE_PERM
    5: LOCKED,  # SQLITE_BUSY
    6: LOCKED,  # SQLITE_LOCKED
    8: READ_ONLY,  # SQLITE_READONLY
    10: DISK_ERROR,  # SQLITE_IOERR
    11: DAMAGED,  # SQLITE_CORRUPT
    13: DISK_FULL,  # SQLITE_FULL
    14: GONE,  # SQLITE_CANTOPEN
    23: READ_ONLY,  # SQLITE_AUTH
    26: DAMAGED,  # SQLITE_NOTADB
}
_SQLITE_READONLY_DBMOVED = 1032  # the file was moved or deleted while open
_OS_KINDS = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: READ_ONLY,
    errno.EPERM: READ_ONLY,
    errno.ENOENT: GONE,
    errno.ENODEV: GONE,
    errno.ENXIO: GONE,
    errno.ESTALE: GONE,
    errno.EIO: DISK_ERROR,
}
_WINDOWS_KINDS = {
    19: READ_ONLY,  # ERROR_WRITE_PROTECT
    21: GONE,  # ERROR_NOT_READY (the drive was removed)
    55: GONE,  # ERROR_DEV_NOT_EXIST
    112: DISK_FULL,  # ERROR_DISK_FULL
    1117: DISK_ERROR,  # ERROR_IO_DEVICE
    1167: GONE,  # ERROR_DEVICE_NOT_CONNECTED
}


def kind_of(error: BaseException, path: Path | None = None) -> str | None:
    """Which storage failure ``error`` is, or None when it is not one (a bug, a refusal)."""
    if isinstance(error, StorageError):
        return error.kind
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if code is None:
            return None
        if code == _SQLITE_READONLY_DBMOVED:
            return GONE
        kind = _SQLITE_KINDS.get(code & 0xFF)
        if kind == GONE and path is not None and _folder_exists(path):
            return READ_ONLY  # the folder is there but the file may not be opened or made: permissions
        if kind == DISK_ERROR and path is not None and not _file_exists(path):
            return GONE
        return kind
    if isinstance(error, OSError):
        kind = _WINDOWS_KINDS.get(getattr(error, "winerror", None) or 0) or _OS_KINDS.get(error.errno or 0)
        if kind == DISK_ERROR and path is not None and not _file_exists(path):
            return GONE
        return kind
    return None


def explain(error: BaseException, path: Path | None = None, *, opening: bool = False) -> StorageError | None:
    """A :class:`StorageError` telling the user about ``error``, or None when it is no storage failure.

    ``opening``: the failure came while opening the book rather than saving a change.
    """
    if isinstance(error, StorageError):
        return error
    kind = kind_of(error, path)
    if kind is None:
        return None
    return StorageError(message(kind, path, reason=_reason(error), opening=opening), kind)


def message(kind: str, path: Path | None, *, reason: str = "", opening: bool = False) -> str:
    """The sentences for one kind of failure of the book at ``path``: what happened, what it did to
    the book, what to do."""
    where = str(path) if path is not None else _("the book")
    folder = str(Path(path).parent) if path is not None else _("the book's folder")
    if opening:
        outcome = _("The book was not opened; nothing in it was changed.")
    elif kind == GONE:
        outcome = _("The last change was not saved; everything saved before is still in the book's file.")
    else:
        outcome = _("The last change was not saved; everything saved before is safe.")
    if kind == DISK_FULL:
        parts = [
            _("The disk that holds {folder} is full.").format(folder=folder),
            outcome,
            _("Free some space on that disk (move or delete files you do not need), then try again."),
        ]
    elif kind == READ_ONLY:
        parts = [
            _(
                "WardLog may not write to {path}: the file or its folder is read-only (a write-protected USB "
                "stick, a CD, or a shared folder you may only read)."
            ).format(path=where),
            outcome,
            _(
                "Copy the book to a folder on this computer and open the copy, or remove the write "
                "protection."
            ),
        ]
    elif kind == GONE:
        parts = [
            _(
                "The book {path} can no longer be reached: was the USB stick removed, or the folder moved "
                "or renamed?"
            ).format(path=where),
            outcome,
            _("Put the stick back (or move the book back), then open the book again."),
        ]
    elif kind == LOCKED:
        parts = [
            _(
                "Another program is using the book {path} right now (another WardLog, or a tool reading "
                "the file)."
            ).format(path=where),
            outcome,
            _("Close the other program and try again."),
        ]
        holder = _holder(path)
        if holder is not None:
            parts.append(_("It is open in {holder}.").format(holder=holder.describe()))
    elif kind == DAMAGED:
        parts = [
            _("The book's file {path} is damaged ({reason}).").format(path=where, reason=reason or "?"),
            _("Nothing more was written to it.") if not opening else outcome,
            _(
                "Run the book's check with repair (Tools › Check the book…, or wardlog check --repair), "
                "or restore a backup."
            ),
        ]
    else:
        parts = [
            _(
                "The disk that holds {path} could not be read or written ({reason}): a removed USB stick "
                "or a failing disk."
            ).format(path=where, reason=reason or "?"),
            outcome,
            _("Check the disk, then open the book again."),
        ]
    return " ".join(parts)


def cause(error: BaseException, path: Path | None = None) -> str:
    """A few words on why a file could not be written, for sentences about files other than the book
    (a backup, an export): ``the disk is full``, ``the folder is read-only``…"""
    kind = kind_of(error, path)
    causes = {
        DISK_FULL: _("the disk is full"),
        READ_ONLY: _("the file or its folder is read-only"),
        GONE: _("the folder can no longer be reached (a removed USB stick?)"),
        LOCKED: _("another program is using it"),
        DAMAGED: _("the file is damaged"),
        DISK_ERROR: _("the disk could not be read or written"),
    }
    return causes.get(kind or "", "") or _reason(error)


def describe(error: BaseException, path: Path | None = None) -> str:
    """A sentence for any failure: the storage explanation, the core's own message, or the error's text."""
    if isinstance(error, WardLogError):
        return error.message
    explained = explain(error, path)
    if explained is not None:
        return explained.message
    return _("WardLog could not finish: {reason}").format(reason=_reason(error))


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def _folder_exists(path: Path) -> bool:
    try:
        return Path(path).parent.is_dir()
    except OSError:
        return False


def _file_exists(path: Path) -> bool:
    try:
        return Path(path).exists()
    except OSError:
        return False


def _holder(path: Path | None):  # -> Holder | None
    if path is None:
        return None
    from wardlog.core.holder import holder_of

    try:
        return holder_of(path)
    except OSError:
        return None
