"""Failures the user must be told about, each with a message already in the user's language."""

from __future__ import annotations

from dataclasses import dataclass


class WardLogError(Exception):
    """A failure with a message fit for the user (translated when raised)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BookError(WardLogError):
    """The book cannot be opened or used as it is."""


class NotABookError(BookError):
    """The file is not a WardLog book (another application's database, or not a database at all)."""


class NewerBookError(BookError):
    """The book was written by a newer WardLog than this one."""


class StaleEditError(WardLogError):
    """The record was changed by someone else since it was read; the edit was not saved."""


class BookMissingError(BookError):
    """There is no book at the given path and the command does not create one."""


class StorageError(BookError):
    """The book's file could not be read or written: a full disk, a read-only or removed drive,
    another program holding it, a damaged file. ``kind`` says which (see :mod:`wardlog.core.failures`);
    the change being made was not saved, and what was saved before is untouched."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class BookInUseError(BookError):
    """Another WardLog process has the book open; ``holder`` says which (program, computer, process)."""

    def __init__(self, message: str, holder: object) -> None:
        super().__init__(message)
        self.holder = holder


@dataclass(frozen=True)
class Issue:
    """One reason a value was refused: which field, where in a file (when from a file), and why."""

    field: str
    message: str
    line: int | None = None
    column: str | None = None

    def describe(self) -> str:
        """One line for the user, naming the place in the file when there is one."""
        from wardlog.core.i18n import _

        if self.line is not None and self.column:
            return _("Line {line}, column “{column}”: {message}").format(
                line=self.line, column=self.column, message=self.message
            )
        if self.line is not None:
            return _("Line {line}: {message}").format(line=self.line, message=self.message)
        return self.message


class ValidationError(WardLogError):
    """Values refused: nothing was written. ``issues`` lists every reason."""

    def __init__(self, issues: list[Issue], summary: str | None = None) -> None:
        self.issues = list(issues)
        lines = [summary] if summary else []
        lines += [issue.describe() for issue in self.issues]
        super().__init__("\n".join(lines))
