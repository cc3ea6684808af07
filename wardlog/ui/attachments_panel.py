"""The evidence (tài liệu kiểm chứng) of one activity: its photos, scans and documents as thumbnails.

Files come in through "Attach files…" or by dropping them from the file manager; each is checked by
the core (kind and size), and a refusal names the file while the others of the same batch are still
attached. Photos get a real thumbnail, made here once and stored in the book beside the file, so the
next showing is instant. "Open" (or a double-click, or Enter) writes a copy into the app's temporary
folder and hands it to the system's viewer. Attaching and removing are steps of the undo history.

An activity not saved yet has no place in the book for its files: the panel then keeps the chosen
files (checked, with their thumbnails) and :meth:`AttachmentsPanel.attach_pending` stores them once
the form has saved the activity.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QFileInfo,
    QIODevice,
    QMimeData,
    QPointF,
    QRect,
    QSettings,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QIcon,
    QImage,
    QImageReader,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QFileIconProvider,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.attachments import MEDIA_TYPES, Attachment
from wardlog.core.errors import ValidationError, WardLogError
from wardlog.core.i18n import _, format_number, ngettext
from wardlog.core.paths import data_dir
from wardlog.ui.questions import ask
from wardlog.ui.session import ACTIVITIES, Session
from wardlog.ui.undo import AddAttachments, FileToAttach, RemoveAttachments, push

ICON_PIXELS = 96  # thumbnails on screen
THUMBNAIL_PIXELS = 192  # thumbnails stored: sharp at 96 px on a screen at 200 %
ITEM_ROLE = Qt.ItemDataRole.UserRole
ERROR_COLOR = "#a50e0e"
DROP_STYLE = "QListWidget { border: 2px dashed #1e6b34; background: #eef7f0; }"
# badge colour by kind of document
_BADGES = {"pdf": "#c62828", "doc": "#1565c0", "docx": "#1565c0", "odt": "#1565c0", "xls": "#2e7d32"}
_BADGES["xlsx"] = _BADGES["xls"]
_QT_FORMATS = {
    "image/jpeg": b"jpeg",
    "image/png": b"png",
    "image/gif": b"gif",
    "image/bmp": b"bmp",
    "image/tiff": b"tiff",
    "image/webp": b"webp",
}


@dataclass(frozen=True)
class PendingFile:
    """A file chosen for an activity not saved yet: already checked; read again when it is stored."""

    path: Path
    name: str
    media_type: str
    size: int
    sha256: str
    thumbnail: bytes | None


def temp_folder() -> Path:
    """Where copies handed to the system's viewer are written."""
    return data_dir() / "tmp"


def file_filter() -> str:
    """The file dialog's filter: every kind the core accepts (both cases: Linux dialogs match exactly)."""
    patterns = " ".join(f"*{suffix} *{suffix.upper()}" for suffix in MEDIA_TYPES)
    # (no _() inside f-strings: the catalog extractor cannot see into them)
    documents, every_file = _("Photos, scans and documents"), _("All files")
    return f"{documents} ({patterns});;{every_file} (*)"


def size_text(size: int) -> str:
    """``2_400_000`` → ``2,3 MB``; small files in KB."""
    if size >= 1024 * 1024:
        return _("{n} MB").format(n=format_number(size / 1024 / 1024, decimals=1))
    return _("{n} KB").format(n=format_number(max(1, round(size / 1024)), decimals=0))


def image_format(data: bytes, media_type: str | None = None) -> bytes:
    """Qt's name for the format of an image: from its media type, else from its first bytes.

    Readers are always told the format rather than left to guess it from the content: guessing
    goes wrong in Qt when any translator answers "" for a text it does not know (the TGA reader then
    takes every file for its own).
    """
    if media_type in _QT_FORMATS:
        return _QT_FORMATS[media_type]
    return b"png" if data.startswith(b"\x89PNG") else b"jpeg"


def read_image(data: bytes, media_type: str | None = None) -> QImage:
    """The image in ``data`` (a null image when it is none)."""
    return QImage.fromData(data, image_format(data, media_type).decode())


def make_thumbnail(
    data: bytes, media_type: str | None = None, pixels: int = THUMBNAIL_PIXELS
) -> bytes | None:
    """A small JPEG (PNG when transparent) of an image, upright as the camera meant; None when the
    bytes are not an image Qt can read."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(image_format(data, media_type)))
    reader.setAutoTransform(True)  # phone photos stand upright through their EXIF orientation
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > 2 * pixels:
        # decode at twice the size (fast for JPEG), then scale smoothly
        reader.setScaledSize(size.scaled(2 * pixels, 2 * pixels, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    if max(image.width(), image.height()) > pixels:
        image = image.scaled(
            pixels, pixels, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    transparent = image.hasAlphaChannel()
    out = QByteArray()
    target = QBuffer(out)
    target.open(QIODevice.OpenModeFlag.WriteOnly)
    if transparent:
        image.save(target, "PNG")
    else:
        image.convertToFormat(QImage.Format.Format_RGB32).save(target, "JPEG", 85)
    return bytes(out.data())


def dropped_paths(mime: QMimeData) -> list[Path]:
    """The local files a drag carries (from the file manager); empty for text or web links."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def _suffix(name: str) -> str:
    return Path(name).suffix.lstrip(".").lower()


def _canvas(device_ratio: float) -> QPixmap:
    side = round(ICON_PIXELS * device_ratio)
    pixmap = QPixmap(side, side)
    pixmap.setDevicePixelRatio(device_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    return pixmap


def photo_icon(thumbnail: bytes, device_ratio: float = 1.0) -> QIcon | None:
    """A thumbnail centred on a square (so every item of the grid lines up), with a thin frame."""
    image = read_image(thumbnail)
    if image.isNull():
        return None
    side = round(ICON_PIXELS * device_ratio)
    image = image.scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    pixmap = _canvas(device_ratio)
    width, height = image.width() / device_ratio, image.height() / device_ratio
    left, top = (ICON_PIXELS - width) / 2, (ICON_PIXELS - height) / 2
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(QRect(round(left), round(top), round(width), round(height)), image)
    painter.setPen(QPen(QColor(0, 0, 0, 60), 1))
    painter.drawRect(QRect(round(left), round(top), round(width) - 1, round(height) - 1))
    painter.end()
    return QIcon(pixmap)


def document_icon(name: str, style: QStyle, device_ratio: float = 1.0) -> QIcon:
    """A page with the system's icon for the kind of file (where it has one) and its suffix on a badge."""
    pixmap = _canvas(device_ratio)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    page = QRect(18, 6, 60, 84)
    fold = 16
    left, top, right, bottom = page.left(), page.top(), page.left() + page.width(), page.top() + page.height()
    painter.setPen(QPen(QColor("#9aa0a6"), 1.2))
    painter.setBrush(QColor("#ffffff"))
    outline = [(left, top), (right - fold, top), (right, top + fold), (right, bottom), (left, bottom)]
    painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in outline]))
    painter.setBrush(QColor("#e8eaed"))
    corner = [(right - fold, top), (right - fold, top + fold), (right, top + fold)]
    painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in corner]))
    system = QFileIconProvider().icon(QFileInfo(name))
    if system.isNull():
        system = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
    system.paint(painter, QRect(page.left() + 14, page.top() + 14, 32, 32))
    suffix = _suffix(name).upper()[:4] or "?"
    badge = QRect(left - 6, bottom - 30, page.width() + 12, 22)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_BADGES.get(suffix.lower(), "#5f6368")))
    painter.drawRoundedRect(badge, 3, 3)
    font = QFont(QApplication.font())
    font.setBold(True)
    font.setPixelSize(13)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, suffix)
    painter.end()
    return QIcon(pixmap)


# --- widgets ---------------------------------------------------------------------------------------


class AttachmentView(QListWidget):
    """The grid of thumbnails. Enter opens the current file, Delete removes the selected ones; when
    empty it says how to add files."""

    open_requested = Signal()
    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)  # after the view mode, which turns moving on
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setWordWrap(True)
        self.setUniformItemSizes(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setIconSize(QSize(ICON_PIXELS, ICON_PIXELS))
        line = self.fontMetrics().lineSpacing()
        self.setGridSize(QSize(ICON_PIXELS + 40, ICON_PIXELS + 2 * line + 14))
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(False)
        self.setAcceptDrops(False)  # drops go to the panel, which checks and attaches them
        self.viewport().setAcceptDrops(False)
        self.empty_text = ""

    def item_size(self) -> QSize:
        return QSize(self.gridSize().width() - 8, ICON_PIXELS + 2 * self.fontMetrics().lineSpacing() + 6)

    def sizeHint(self) -> QSize:
        """Room for one row of four files; more rows scroll."""
        grid = self.gridSize()
        frame = 2 * self.frameWidth() + 2 * self.spacing()
        scroll = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return QSize(4 * grid.width() + frame + scroll, grid.height() + frame + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.gridSize().width() + 40, self.sizeHint().height())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.open_requested.emit()  # not the dialog's default button
            event.accept()
            return
        if key == Qt.Key.Key_Delete and self.selectedItems():
            self.remove_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect().adjusted(12, 8, -12, -8)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(area, int(flags), self.empty_text)
            painter.end()


class EvidenceTabs(QTabBar):
    """The tabs that switch a form between its fields and its evidence. Dragging files over the
    evidence tab opens it; files dropped on the tabs are attached (``files_dropped``)."""

    files_dropped = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setShape(QTabBar.Shape.RoundedSouth)  # under the page, like the sheets of a workbook
        self.setExpanding(False)
        self.setDrawBase(False)
        self.setAcceptDrops(True)
        self.setChangeCurrentOnDrag(True)

    def tabSizeHint(self, index: int) -> QSize:
        """As high as a button of the row beside it (the form must fit a 600-pixel screen)."""
        size = super().tabSizeHint(index)
        return QSize(size.width(), min(size.height(), self.fontMetrics().height() + 7))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        super().dragMoveEvent(event)  # switches to the tab under the pointer
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            event.ignore()


class AttachmentsPanel(QWidget):
    """The evidence of the activity ``activity_id``; of a new activity (None) until it is saved."""

    count_changed = Signal(int)

    def __init__(
        self, session: Session, activity_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.activity_id = activity_id
        self._pending: list[PendingFile] = []
        self._icons: dict[str, QIcon] = {}  # by uid or sha256: thumbnails are made once

        self.view = AttachmentView(self)
        self.view.setAccessibleName(_("Evidence files"))
        self.view.empty_text = _(
            "No files yet. Drop photos, scans or PDF files here, or click “Attach files…”."
        )
        self.attach_button = QPushButton(_("Attach &files…"), self)
        self.attach_button.setToolTip(_("Choose photos, scans, PDF, Word or Excel files (up to 50 MB each)"))
        self.open_button = QPushButton(_("O&pen"), self)
        self.open_button.setToolTip(_("Open with the program this computer uses for the file (Enter)"))
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setToolTip(_("Remove the selected files from this activity (Delete)"))
        for button in (self.attach_button, self.open_button, self.remove_button):
            button.setAutoDefault(False)
        self.note = QLabel(self)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.note.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.setAcceptDrops(True)

        self.attach_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.view.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.view.open_requested.connect(self.open_selected)
        self.view.remove_requested.connect(self.remove_selected)
        self.view.itemSelectionChanged.connect(self._update_buttons)
        session.changed.connect(self._book_changed)
        self.reload()

    # --- what is shown -------------------------------------------------------------------------

    def count(self) -> int:
        return self.view.count()

    @property
    def pending(self) -> list[PendingFile]:
        """The files waiting for the new activity to be saved."""
        return list(self._pending)

    def names(self) -> list[str]:
        """The names shown, in order."""
        return [self.view.item(row).text() for row in range(self.view.count())]

    def set_activity(self, activity_id: int | None) -> None:
        self.activity_id = activity_id
        self.reload()

    def reload(self) -> None:
        """Show the activity's attachments (or the files waiting for a new one); keep the selection."""
        selected = {self._key(item.data(ITEM_ROLE)) for item in self.view.selectedItems()}
        self.view.clear()
        entries: Sequence[Attachment | PendingFile]
        if self.activity_id is None:
            entries = self._pending
        else:
            entries = self.session.book.attachments.of(self.activity_id)
        for entry in entries:
            item = QListWidgetItem(self._icon(entry), entry.name)
            item.setData(ITEM_ROLE, entry)
            item.setToolTip(f"{entry.name}\n{size_text(entry.size)}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            item.setSizeHint(self.view.item_size())  # the name gets two lines, then "…"
            self.view.addItem(item)
            if self._key(entry) in selected:
                item.setSelected(True)
        pending = self.activity_id is None and bool(self._pending)
        self.note.setText(
            _("The files are stored in the book when the activity is saved.") if pending else ""
        )
        self._update_buttons()
        self.count_changed.emit(self.view.count())

    def _key(self, entry: Attachment | PendingFile) -> str:
        return entry.uid if isinstance(entry, Attachment) else entry.sha256

    def _icon(self, entry: Attachment | PendingFile) -> QIcon:
        key = self._key(entry)
        icon = self._icons.get(key)
        if icon is None:
            icon = self._make_icon(entry)
            self._icons[key] = icon
        return icon

    def _make_icon(self, entry: Attachment | PendingFile) -> QIcon:
        ratio = self.devicePixelRatioF()
        if entry.media_type.startswith("image/"):
            if isinstance(entry, PendingFile):
                thumbnail = entry.thumbnail
            else:
                attachments = self.session.book.attachments
                thumbnail = attachments.thumbnail(entry.id) if entry.has_thumbnail else None
                if thumbnail is None:  # attached elsewhere (a merge, the command line): make one now
                    thumbnail = make_thumbnail(attachments.data(entry.id), entry.media_type)
            icon = photo_icon(thumbnail, ratio) if thumbnail else None
            if icon is not None:
                return icon
        return document_icon(entry.name, self.style(), ratio)

    def _update_buttons(self) -> None:
        chosen = bool(self.view.selectedItems())
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _book_changed(self, what: str) -> None:
        if what == ACTIVITIES and self.activity_id is not None:
            self.reload()

    def show_message(self, lines: Sequence[str], *, error: bool = True) -> None:
        """Say what happened to the last files (refusals in red); nothing to say hides the line."""
        self.message.setText("\n".join(dict.fromkeys(lines)))  # a file dropped twice is named once
        self.message.setStyleSheet(f"color: {ERROR_COLOR};" if error else "")
        self.message.setVisible(bool(lines))

    def message_text(self) -> str:
        return "" if self.message.isHidden() else self.message.text()

    # --- attaching -----------------------------------------------------------------------------

    def choose_files(self) -> None:
        """Ask for files with the system's dialog, then attach them."""
        settings = QSettings()
        start = str(settings.value("evidence/last_folder", str(Path.home())))
        names, _chosen_filter = QFileDialog.getOpenFileNames(self, _("Attach evidence"), start, file_filter())
        if not names:
            return
        settings.setValue("evidence/last_folder", str(Path(names[0]).parent))
        self.attach_paths([Path(name) for name in names])

    def attach_paths(self, paths: Sequence[Path]) -> int:
        """Check and attach ``paths`` (to the book, or to the waiting list of a new activity).

        Refused files are named in the message line; the others are attached all the same.
        Returns how many files were newly attached.
        """
        problems: list[str] = []
        files: list[tuple[Path, FileToAttach]] = []
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for path in paths:
                try:
                    files.append((path, self._prepare(path)))
                except ValidationError as error:
                    problems += [issue.message for issue in error.issues]
                except WardLogError as error:
                    problems.append(error.message)
            if self.activity_id is None:
                added, notes = self._keep_for_later(files)
            else:
                added, notes, failure = self._store(self.activity_id, [file for _path, file in files])
                problems += failure
        finally:
            QApplication.restoreOverrideCursor()
        self.show_message(problems + notes, error=bool(problems))
        return added

    def _prepare(self, path: Path) -> FileToAttach:
        name, media_type, data = self.session.book.attachments.read_file(path)
        thumbnail = make_thumbnail(data, media_type) if media_type.startswith("image/") else None
        return FileToAttach(name, media_type, data, thumbnail)

    def _keep_for_later(self, files: Sequence[tuple[Path, FileToAttach]]) -> tuple[int, list[str]]:
        known = {pending.sha256 for pending in self._pending}
        notes: list[str] = []
        added = 0
        for path, file in files:
            digest = hashlib.sha256(file.data).hexdigest()
            if digest in known:
                notes.append(_("“{name}” is already attached.").format(name=file.name))
                continue
            known.add(digest)
            self._pending.append(
                PendingFile(path, file.name, file.media_type, len(file.data), digest, file.thumbnail)
            )
            added += 1
        self.reload()
        return added, notes

    def _store(self, activity_id: int, files: Sequence[FileToAttach]) -> tuple[int, list[str], list[str]]:
        """Attach ``files`` as one undoable step: (how many were new, notes, failures)."""
        if not files:
            return 0, [], []
        try:
            command = push(self.session, AddAttachments(self.session, activity_id, files))
        except WardLogError as error:
            return 0, [], [error.message]
        except sqlite3.Error as error:
            return 0, [], [_("The book could not be written: {reason}").format(reason=error)]
        notes = [_("“{name}” is already attached.").format(name=name) for name in command.already]
        return len(command.attachments), notes, []

    def attach_pending(self, activity_id: int) -> list[str]:
        """Store the waiting files with the activity just saved; returns what could not be attached.

        The panel then waits for the next new activity (the form's "Save and add another").
        """
        pending, self._pending = self._pending, []
        problems: list[str] = []
        files: list[FileToAttach] = []
        for waiting in pending:
            try:
                files.append(self._prepare(waiting.path))
            except ValidationError as error:
                problems += [issue.message for issue in error.issues]
            except WardLogError as error:
                problems.append(error.message)
        _added, _notes, failure = self._store(activity_id, files)
        self.show_message([], error=False)
        self.reload()
        return problems + failure

    # --- drag and drop -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
            self.view.setStyleSheet(DROP_STYLE)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.view.setStyleSheet("")
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.view.setStyleSheet("")
        paths = dropped_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.attach_paths(paths)

    # --- opening and removing ------------------------------------------------------------------

    def selected(self) -> list[Attachment | PendingFile]:
        return [item.data(ITEM_ROLE) for item in self.view.selectedItems()]

    def open_selected(self) -> None:
        """Open each selected file with the system's viewer (a copy from the book)."""
        for entry in self.selected():
            try:
                if isinstance(entry, PendingFile):
                    path = entry.path
                else:
                    path = self.session.book.attachments.save_copy(entry.id, temp_folder())
            except WardLogError as error:
                QMessageBox.warning(self, _("Cannot open"), error.message)
                continue
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                QMessageBox.warning(
                    self,
                    _("Cannot open"),
                    _("No program on this computer opens “{name}”. A copy is in {folder}.").format(
                        name=entry.name, folder=path.parent
                    ),
                )

    def remove_selected(self) -> None:
        """Remove the selected files (after asking, for files already in the book); undoable."""
        chosen = self.selected()
        if not chosen:
            return
        waiting = [entry for entry in chosen if isinstance(entry, PendingFile)]
        if waiting:
            self._pending = [entry for entry in self._pending if entry not in waiting]
            self.show_message([], error=False)
            self.reload()
        stored = [entry for entry in chosen if isinstance(entry, Attachment)]
        if not stored or not self._confirm_removal(stored):
            return
        try:
            push(self.session, RemoveAttachments(self.session, stored))
        except WardLogError as error:
            QMessageBox.warning(self, _("Not removed"), error.message)
        except sqlite3.Error as error:
            QMessageBox.warning(
                self, _("Not removed"), _("The book could not be written: {reason}").format(reason=error)
            )
        else:
            self.show_message([], error=False)

    def _confirm_removal(self, attachments: Sequence[Attachment]) -> bool:
        n = len(attachments)
        if n == 1:
            question = _("Remove “{name}” from the evidence of this activity?").format(
                name=attachments[0].name
            )
        else:
            question = ngettext(
                "Remove {n} file from the evidence of this activity?",
                "Remove {n} files from the evidence of this activity?",
                n,
            ).format(n=n)
        return ask(
            self,
            _("Remove evidence?"),
            question + "\n" + _("Edit › Undo (Ctrl+Z) in the main window takes it back."),
            _("&Remove"),
            _("Cancel"),
            act_by_default=True,
        )
