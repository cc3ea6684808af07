"""Undoable changes to activities: commands for the session's ``QUndoStack`` that go through the core.

The Qt way is kept: ``undo_stack.push(command)`` calls the command's first ``redo()``, and that is
what writes to the book. Use :func:`push`, which also hands back what the write refused: a command
whose first write fails marks itself obsolete, so Qt drops it instead of stacking an action that
never happened, and :func:`push` re-raises the core's error (``ValidationError``, ``StaleEditError``)
for the form to show next to its fields.

Undo never erases: undoing an addition moves the activities to the bin, and redoing restores the very
same records (same ids and uids), so exchange files and merges keep recognising them. Every step
goes through ``book.activities`` in one transaction and then calls ``session.notify("activities")``.
Revisions grow with every step, as they do for any change; what undo brings back is the content.

When a later undo or redo cannot be done (someone else changed the activity meanwhile), the command
drops out of the history and the user is told why; the book is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QMessageBox

from wardlog.core.attachments import Attachment, RemovedAttachment
from wardlog.core.errors import WardLogError
from wardlog.core.i18n import _, ngettext
from wardlog.core.model import Activity, ActivityDraft
from wardlog.core.series import add_series
from wardlog.ui.session import ACTIVITIES, Session

TITLE_IN_TEXT = 40  # characters of a title shown in "Edit “…”"

Command = TypeVar("Command", bound="BookCommand")


def report_failure(title: str, message: str) -> None:
    """Tell the user that an undo or redo could not be done (shown once the stack is idle)."""

    def show() -> None:
        QMessageBox.warning(QApplication.activeWindow(), title, message)

    QTimer.singleShot(0, show)


def push(session: Session, command: Command) -> Command:
    """Push ``command`` on the session's undo stack, which performs it; raise what the core refused.

    On failure nothing was written and nothing was added to the history (what could be redone is
    forgotten, as after any new action: that is how ``QUndoStack.push`` works).
    """
    session.undo_stack.push(command)
    if command.error is not None:
        raise command.error
    return command


def short_title(title: str, limit: int = TITLE_IN_TEXT) -> str:
    """A title cut to ``limit`` characters for menus ("Undo Edit “Phát thanh về…”")."""
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


class BookCommand(QUndoCommand):
    """A change to the book's activities that knows how to take itself back.

    Subclasses implement :meth:`_do` (the first time: ``first`` is true) and :meth:`_undo`.
    """

    def __init__(self, session: Session, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.error: Exception | None = None  # what the first write refused, for push() to raise
        self._done_once = False

    def redo(self) -> None:
        first = not self._done_once
        self._done_once = True
        try:
            self._do(first=first)
        except Exception as error:  # the core's refusal or a database failure: nothing was written
            self.setObsolete(True)  # Qt drops the command instead of keeping a step that did not happen
            if first:
                self.error = error
            else:
                report_failure(_("Cannot redo"), self._failure_text(error))
            return
        self.session.notify(ACTIVITIES)

    def undo(self) -> None:
        try:
            self._undo()
        except Exception as error:
            self.setObsolete(True)
            report_failure(_("Cannot undo"), self._failure_text(error))
            return
        self.session.notify(ACTIVITIES)

    def _failure_text(self, error: Exception) -> str:
        return "\n\n".join(
            [self.text(), str(error), _("This step was removed from the undo history; nothing was changed.")]
        )

    def _do(self, *, first: bool) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class AddActivities(BookCommand):
    """New activities. Undo moves them to the bin; redo restores the same records.

    Given ``write``, the first redo performs it (the form). Given only ``activity_ids``, the activities
    are already in the book (an import run on a worker) and the first redo has nothing left to do.
    """

    def __init__(
        self,
        session: Session,
        activity_ids: Sequence[int] = (),
        *,
        text: str | None = None,
        write: Callable[[], list[Activity]] | None = None,
        count: int | None = None,
    ) -> None:
        n = count if count is not None else len(activity_ids)
        if text is None:
            text = ngettext("Add {n} activity", "Add {n} activities", n).format(n=n)
        super().__init__(session, text)
        self._write = write
        self.activity_ids: list[int] = list(activity_ids)
        self.activities: list[Activity] = []  # what the first redo stored (when it wrote)

    @classmethod
    def single(cls, session: Session, draft: ActivityDraft) -> AddActivities:
        """Add one activity (the book's own: no ward code)."""
        return cls(session, text=_("Add activity"), write=lambda: [session.book.activities.add(draft)])

    @classmethod
    def series(
        cls, session: Session, draft: ActivityDraft, dates: Sequence[date], times_per_day: int = 1
    ) -> AddActivities:
        """Add a recurring series in one transaction (see :func:`wardlog.core.series.add_series`)."""
        return cls(
            session,
            write=lambda: add_series(session.book, draft, dates, times_per_day),
            count=len(set(dates)),
        )

    def _do(self, *, first: bool) -> None:
        if first and self._write is not None:
            self.activities = self._write()
            self.activity_ids = [activity.id for activity in self.activities]
        elif not first:
            _move_to_bin(self.session, self.activity_ids, to_bin=False)

    def _undo(self) -> None:
        _move_to_bin(self.session, self.activity_ids, to_bin=True)


class EditActivity(BookCommand):
    """Changed values of one activity. Undo puts the previous values back.

    Each step states the revision it expects, so an undo never overwrites a change made meanwhile
    elsewhere (another window, an import): that undo is refused and dropped from the history. A change
    of evidence only (attachments added or removed, which also counts as a revision) leaves the values
    as this step knows them, so it does not stand in the way.
    """

    def __init__(self, session: Session, activity: Activity, draft: ActivityDraft) -> None:
        super().__init__(session, _("Edit “{title}”").format(title=short_title(activity.title)))
        self.activity_id = activity.id
        self._before = activity.draft
        self._after = draft
        self._revision = activity.revision  # the revision the next step expects to find
        self._known = activity  # the activity as the latest step left it
        self.activity: Activity | None = None  # the activity after the latest step

    def _do(self, *, first: bool) -> None:
        self._apply(self._after)
        if first and self.activity is not None:
            self._after = self.activity.draft  # as stored (cleaned, unit filled), for exact redos

    def _undo(self) -> None:
        self._apply(self._before)

    def _apply(self, draft: ActivityDraft) -> None:
        activities = self.session.book.activities
        expected = self._revision
        current = activities.get(self.activity_id)
        if (
            current is not None
            and current.revision != expected
            and (current.draft, current.deleted_at) == (self._known.draft, self._known.deleted_at)
        ):
            expected = current.revision  # only its evidence changed meanwhile
        self.activity = activities.update(self.activity_id, draft, expected_revision=expected)
        self._revision = self.activity.revision
        self._known = self.activity


class DeleteActivities(BookCommand):
    """Activities moved to the bin. Undo restores them."""

    def __init__(self, session: Session, activity_ids: Sequence[int]) -> None:
        n = len(activity_ids)
        super().__init__(session, ngettext("Delete {n} activity", "Delete {n} activities", n).format(n=n))
        self.activity_ids = list(activity_ids)

    def _do(self, *, first: bool) -> None:
        _move_to_bin(self.session, self.activity_ids, to_bin=True)

    def _undo(self) -> None:
        _move_to_bin(self.session, self.activity_ids, to_bin=False)


class RestoreActivities(BookCommand):
    """Activities brought back from the bin. Undo returns them to the bin."""

    def __init__(self, session: Session, activity_ids: Sequence[int]) -> None:
        n = len(activity_ids)
        super().__init__(session, ngettext("Restore {n} activity", "Restore {n} activities", n).format(n=n))
        self.activity_ids = list(activity_ids)

    def _do(self, *, first: bool) -> None:
        _move_to_bin(self.session, self.activity_ids, to_bin=False)

    def _undo(self) -> None:
        _move_to_bin(self.session, self.activity_ids, to_bin=True)


def _move_to_bin(session: Session, activity_ids: Sequence[int], *, to_bin: bool) -> None:
    """Move activities to the bin or back, all in one transaction."""
    activities = session.book.activities
    with session.book.atomic():
        for activity_id in activity_ids:
            if to_bin:
                activities.delete(activity_id)
            else:
                activities.restore(activity_id)


# --- evidence (attachments) ----------------------------------------------------------------------


@dataclass(frozen=True)
class FileToAttach:
    """A file already checked by ``book.attachments.read_file``, with the thumbnail the app made."""

    name: str
    media_type: str
    data: bytes
    thumbnail: bytes | None = None


class AddAttachments(BookCommand):
    """Files attached to one activity, as one step. Undo removes them; redo puts the very same ones back.

    A file the activity already has is not attached twice: its name is listed in :attr:`already`, and
    a step that attached nothing new drops out of the history.
    """

    def __init__(self, session: Session, activity_id: int, files: Sequence[FileToAttach]) -> None:
        n = len(files)
        super().__init__(session, ngettext("Attach {n} file", "Attach {n} files", n).format(n=n))
        self.activity_id = activity_id
        self._files = list(files)
        self.attachments: list[Attachment] = []  # what the first redo attached (new ones only)
        self.already: list[str] = []  # names of the files the activity had already
        self._removed: list[RemovedAttachment] = []

    def _do(self, *, first: bool) -> None:
        book = self.session.book
        with book.atomic():
            if first:
                known = {attachment.id for attachment in book.attachments.of(self.activity_id)}
                for file in self._files:
                    attachment = book.attachments.add_data(
                        self.activity_id, file.name, file.media_type, file.data, thumbnail=file.thumbnail
                    )
                    if attachment.id in known:
                        self.already.append(file.name)
                    else:
                        known.add(attachment.id)
                        self.attachments.append(attachment)
            else:
                self.attachments = [book.attachments.put_back(removed) for removed in self._removed]
        self._files = []  # the book has them now; the history keeps only what undo needs
        self._removed = []
        if first and not self.attachments:
            self.setObsolete(True)  # nothing new: nothing to undo

    def _undo(self) -> None:
        book = self.session.book
        with book.atomic():
            self._removed = [book.attachments.remove(_current_id(self.session, a)) for a in self.attachments]


class RemoveAttachments(BookCommand):
    """Attachments removed from their activity. Undo puts the very same files back, in their place."""

    def __init__(self, session: Session, attachments: Sequence[Attachment]) -> None:
        n = len(attachments)
        if n == 1:
            text = _("Remove “{name}”").format(name=short_title(attachments[0].name))
        else:
            text = ngettext("Remove {n} attached file", "Remove {n} attached files", n).format(n=n)
        super().__init__(session, text)
        self.attachments = list(attachments)
        self._removed: list[RemovedAttachment] = []

    def _do(self, *, first: bool) -> None:
        book = self.session.book
        with book.atomic():
            self._removed = [book.attachments.remove(_current_id(self.session, a)) for a in self.attachments]

    def _undo(self) -> None:
        book = self.session.book
        with book.atomic():
            self.attachments = [book.attachments.put_back(removed) for removed in self._removed]
        self._removed = []


def _current_id(session: Session, attachment: Attachment) -> int:
    """The row that holds ``attachment`` now (found by its uid, which never changes)."""
    for candidate in session.book.attachments.of(attachment.activity_id):
        if candidate.uid == attachment.uid:
            return candidate.id
    raise WardLogError(_("The attachment no longer exists."))
