"""Evidence, driven through the real widgets: the file dialog's button, files dropped from the file
manager, Remove with its question, Open with the system's viewer, undo; in the activity form (a new
activity keeps its files until it is saved) and as the count in the activity list."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt, QTranslator, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QImageIOHandler,
    QImageWriter,
    QPainter,
)
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.boxes import answer_box
from tests.ui.typing import type_text
from wardlog.core import paths
from wardlog.core.attachments import MAX_BYTES
from wardlog.core.model import Activity, ActivityDraft
from wardlog.ui.activity_form import DETAILS_PAGE, EVIDENCE_PAGE, ActivityForm
from wardlog.ui.activity_list import ActivityListPage
from wardlog.ui.activity_model import EVIDENCE, ActivityTableModel
from wardlog.ui.attachments_panel import THUMBNAIL_PIXELS, AttachmentsPanel, make_thumbnail, read_image
from wardlog.ui.session import Session
from wardlog.ui.undo import EditActivity, push

MEETING = ActivityDraft(
    date=date(2026, 3, 5),
    channel="hop_dan",
    topics=("tthc",),
    title="Họp tổ dân phố số 5",
    place="Nhà văn hóa tổ 5",
    audiences=("nhan_dan",),
    participants=60,
    quantity=1,
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# --- files as an officer has them ---------------------------------------------------------------------


def image_file(path: Path, width: int, height: int, color: str, *, alpha: bool = False) -> Path:
    image = QImage(width, height, QImage.Format.Format_ARGB32 if alpha else QImage.Format.Format_RGB32)
    image.fill(QColor(0, 0, 0, 0) if alpha else QColor(color))
    painter = QPainter(image)
    painter.fillRect(width // 4, height // 4, width // 2, height // 2, QColor(color))
    painter.end()
    assert image.save(str(path))
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "Ảnh và biên bản"
    folder.mkdir()
    docx = folder / "Kế hoạch.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    (folder / "setup.exe").write_bytes(b"MZ\x90\x00")
    (folder / "giả.jpg").write_bytes(b"not really a photo")
    (folder / "Biên bản họp.pdf").write_bytes(PDF)
    return {
        "photo": image_file(folder / "Ảnh buổi họp.jpg", 1200, 900, "#2e86de"),
        "poster": image_file(folder / "Pa nô.png", 300, 500, "#ee5253", alpha=True),
        "pdf": folder / "Biên bản họp.pdf",
        "docx": docx,
        "exe": folder / "setup.exe",
        "fake": folder / "giả.jpg",
    }


@pytest.fixture
def activity(session: Session) -> Activity:
    return session.book.activities.add(MEETING)


@pytest.fixture
def make_panel(qtbot: QtBot, session: Session) -> Callable[[int | None], AttachmentsPanel]:
    def maker(activity_id: int | None) -> AttachmentsPanel:
        panel = AttachmentsPanel(session, activity_id)
        qtbot.addWidget(panel)
        panel.resize(640, 320)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return maker


@pytest.fixture
def dialog_answers(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The file dialog returns the next list of paths put here; its arguments are recorded."""
    answers: list[Any] = []

    def get_open_file_names(*args: Any) -> tuple[list[str], str]:
        answers.append(("asked", args))
        return [str(path) for path in answers.pop(0)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(get_open_file_names))
    return answers


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[QUrl]]:
    """What was handed to the system's viewer (nothing really opens)."""
    urls: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    yield urls


def click_item(qtbot: QtBot, panel: AttachmentsPanel, row: int, *, double: bool = False) -> None:
    view = panel.view
    center = view.visualItemRect(view.item(row)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    if double:  # as a mouse does it: a click, then the second press that makes it a double-click
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def drop(widget: QWidget, paths: list[Path], *, text_only: bool = False) -> tuple[bool, bool]:
    """Drag ``paths`` from the file manager onto ``widget`` and let go: (entry accepted, drop accepted)."""
    mime = QMimeData()
    if text_only:
        mime.setText("just some text")
    else:
        mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    where = QPointF(widget.rect().center())
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        where.toPoint(), action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False, False
    dropped = QDropEvent(where, action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, dropped)
    return True, dropped.isAccepted()


def stored(session: Session, activity_id: int) -> list[tuple[str, bytes]]:
    attachments = session.book.attachments
    return [(a.name, attachments.data(a.id)) for a in attachments.of(activity_id)]


# --- the panel on its own --------------------------------------------------------------------------------


def test_attach_photos_and_a_pdf_through_the_file_dialog(
    qtbot: QtBot,
    make_panel: Callable[[int | None], AttachmentsPanel],
    session: Session,
    activity: Activity,
    files: dict[str, Path],
    dialog_answers: list[Any],
    english: None,
) -> None:
    panel = make_panel(activity.id)
    assert panel.count() == 0 and not panel.open_button.isEnabled() and not panel.remove_button.isEnabled()
    dialog_answers.append([files["photo"], files["poster"], files["pdf"]])

    with qtbot.waitSignal(session.changed, check_params_cb=lambda what: what == "activities"):
        qtbot.mouseClick(panel.attach_button, Qt.MouseButton.LeftButton)

    [(_asked, (_parent, title, _folder, file_filter))] = dialog_answers
    assert title == "Attach evidence"
    assert "*.jpg" in file_filter and "*.JPG" in file_filter and "*.pdf" in file_filter
    names = ["Ảnh buổi họp.jpg", "Pa nô.png", "Biên bản họp.pdf"]
    assert panel.names() == names
    assert stored(session, activity.id) == [(n, (files["photo"].parent / n).read_bytes()) for n in names]
    assert panel.message_text() == ""

    # photos got real thumbnails, stored in the book; the PDF shows a document icon
    photo, poster, pdf = session.book.attachments.of(activity.id)
    assert photo.has_thumbnail and poster.has_thumbnail and not pdf.has_thumbnail
    small = read_image(session.book.attachments.thumbnail(photo.id) or b"")
    assert (small.width(), small.height()) == (THUMBNAIL_PIXELS, THUMBNAIL_PIXELS * 3 // 4)
    assert small.pixelColor(small.width() // 2, small.height() // 2).blue() > 200  # the picture itself
    transparent = read_image(session.book.attachments.thumbnail(poster.id) or b"")
    assert (
        transparent.hasAlphaChannel() and max(transparent.width(), transparent.height()) == THUMBNAIL_PIXELS
    )
    for row in range(3):
        icon = panel.view.item(row).icon()
        assert not icon.isNull()
        assert icon.actualSize(panel.view.iconSize()).width() == 96
    assert "MB" in panel.view.item(0).toolTip() or "KB" in panel.view.item(0).toolTip()

    assert session.undo_stack.undoText() == "Attach 3 files"
    revision = session.book.activities.get(activity.id).revision  # type: ignore[union-attr]
    assert revision > activity.revision  # the activity changed: merges will see it
    uids = [a.uid for a in session.book.attachments.of(activity.id)]
    session.undo_stack.undo()
    assert panel.count() == 0 and stored(session, activity.id) == []
    session.undo_stack.redo()
    assert panel.names() == names
    assert [a.uid for a in session.book.attachments.of(activity.id)] == uids  # the very same ones


def test_drop_files_from_the_file_manager(
    qtbot: QtBot,
    make_panel: Callable[[int | None], AttachmentsPanel],
    session: Session,
    activity: Activity,
    files: dict[str, Path],
) -> None:
    panel = make_panel(activity.id)
    assert not panel.view.acceptDrops() and not panel.view.viewport().acceptDrops()  # the panel takes them
    assert drop(panel, [], text_only=True) == (False, False)  # dragged text is not a file

    with qtbot.waitSignal(session.changed):
        assert drop(panel, [files["pdf"], files["docx"]]) == (True, True)
    assert panel.names() == ["Biên bản họp.pdf", "Kế hoạch.docx"]
    assert stored(session, activity.id)[1] == ("Kế hoạch.docx", files["docx"].read_bytes())
    assert panel.view.styleSheet() == ""  # the drop highlight is gone


def test_refused_files_are_named_and_the_others_attached(
    qtbot: QtBot,
    make_panel: Callable[[int | None], AttachmentsPanel],
    session: Session,
    activity: Activity,
    files: dict[str, Path],
    english: None,
) -> None:
    big = files["pdf"].parent / "Bản chụp rất lớn.pdf"
    big.write_bytes(b"%PDF-1.4\n")
    with big.open("r+b") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse
    panel = make_panel(activity.id)
    drop(panel, [files["exe"], files["photo"], files["fake"], big])

    assert panel.names() == ["Ảnh buổi họp.jpg"]
    message = panel.message_text()
    assert message.splitlines() == [
        "setup.exe: attach photos (JPG, PNG…), PDF, Word or Excel files.",
        "giả.jpg is not the kind of file its name says; it was not attached.",
        "Bản chụp rất lớn.pdf is too large (50 MB; at most 50 MB).",
    ]
    assert panel.message.isVisible() and "a50e0e" in panel.message.styleSheet()

    drop(panel, [files["pdf"]])  # the next success clears the refusals
    assert panel.message_text() == ""


def test_the_same_file_again_is_not_attached_twice(
    qtbot: QtBot,
    make_panel: Callable[[int | None], AttachmentsPanel],
    session: Session,
    activity: Activity,
    files: dict[str, Path],
    english: None,
) -> None:
    panel = make_panel(activity.id)
    drop(panel, [files["pdf"]])
    copy = files["pdf"].parent / "bản sao.pdf"
    copy.write_bytes(PDF)
    drop(panel, [copy])
    assert panel.names() == ["Biên bản họp.pdf"]
    assert panel.message_text() == "“bản sao.pdf” is already attached."
    assert session.undo_stack.count() == 1  # nothing happened, nothing to undo


def test_remove_asks_first_and_undo_puts_the_file_back_in_its_place(
    qtbot: QtBot,
    make_panel: Callable[[int | None], AttachmentsPanel],
    session: Session,
    activity: Activity,
    files: dict[str, Path],
    english: None,
) -> None:
    panel = make_panel(activity.id)
    drop(panel, [files["photo"], files["pdf"], files["docx"]])
    before = session.book.attachments.of(activity.id)

    click_item(qtbot, panel, 1)
    assert panel.remove_button.isEnabled()
    seen = answer_box(qtbot, "Cancel")
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert seen["text"].startswith("Remove “Biên bản họp.pdf” from the evidence of this activity?")
    assert session.book.attachments.of(activity.id) == before

    seen = answer_box(qtbot)  # Enter: Remove (undo is there to take it back)
    with qtbot.waitSignal(session.changed):
        qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert seen["title"] == "Remove evidence?"
    assert panel.names() == ["Ảnh buổi họp.jpg", "Kế hoạch.docx"]
    assert [a.name for a in session.book.attachments.of(activity.id)] == panel.names()
    assert session.undo_stack.undoText() == "Remove “Biên bản họp.pdf”"

    session.undo_stack.undo()
    assert session.book.attachments.of(activity.id) == before  # same ids, uids, order
    assert panel.names() == ["Ảnh buổi họp.jpg", "Biên bản họp.pdf", "Kế hoạch.docx"]
    assert session.book.attachments.data(before[1].id) == PDF

    # Delete on the keyboard removes the selection, several at once
    panel.view.setFocus()
    panel.view.selectAll()
    answer_box(qtbot)
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert panel.count() == 0 and session.book.attachments.of(activity.id) == []
    assert session.undo_stack.undoText() == "Remove 3 attached files"
    session.undo_stack.undo()
    assert session.book.attachments.of(activity.id) == before
    # and the whole history unwinds: the attach step still finds its files
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.book.attachments.of(activity.id) == []
    assert session.undo_stack.index() == 0


def test_open_hands_a_copy_to_the_system_viewer(
    qtbot: QtBot,
    make_panel: Callable[[int | None], AttachmentsPanel],
    activity: Activity,
    files: dict[str, Path],
    opened: list[QUrl],
) -> None:
    panel = make_panel(activity.id)
    drop(panel, [files["photo"], files["pdf"]])

    click_item(qtbot, panel, 1, double=True)
    [url] = opened
    copy = Path(url.toLocalFile())
    assert copy.is_file() and copy.read_bytes() == files["pdf"].read_bytes()
    assert copy.parent == paths.data_dir() / "tmp"
    assert copy.name.endswith("Biên bản họp.pdf")

    click_item(qtbot, panel, 0)
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)  # Enter opens too
    assert Path(opened[1].toLocalFile()).read_bytes() == files["photo"].read_bytes()
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert opened[2] == opened[1]  # the same copy again (a viewer may still hold it)


def test_no_program_to_open_the_file_is_explained(
    qtbot: QtBot,
    make_panel: Callable[[int | None], AttachmentsPanel],
    activity: Activity,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    english: None,
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    panel = make_panel(activity.id)
    drop(panel, [files["docx"]])
    click_item(qtbot, panel, 0)
    seen = answer_box(qtbot)
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert seen["title"] == "Cannot open"
    assert "“Kế hoạch.docx”" in seen["text"] and str(paths.data_dir() / "tmp") in seen["text"]


def test_attachments_made_elsewhere_get_a_thumbnail_on_screen(
    make_panel: Callable[[int | None], AttachmentsPanel],
    session: Session,
    activity: Activity,
    files: dict[str, Path],
) -> None:
    """A photo attached without a thumbnail (command line, a merge) still shows as a picture."""
    name, media_type, data = session.book.attachments.read_file(files["photo"])
    session.book.attachments.add_data(activity.id, name, media_type, data)
    panel = make_panel(activity.id)
    pixmap = panel.view.item(0).icon().pixmap(96, 96).toImage()
    assert pixmap.pixelColor(48, 48).blue() > 200


def test_make_thumbnail_refuses_what_is_not_an_image() -> None:
    assert make_thumbnail(PDF, "application/pdf") is None
    assert make_thumbnail(b"", "image/jpeg") is None
    assert make_thumbnail(b"\xff\xd8\xff but cut short", "image/jpeg") is None


def test_a_photo_taken_upright_gets_an_upright_thumbnail(tmp_path: Path) -> None:
    """Phones store the pixels sideways with an EXIF orientation; the thumbnail follows the orientation."""
    image = QImage(400, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#10ac84"))
    writer = QImageWriter(str(tmp_path / "dọc.jpg"), b"jpeg")
    writer.setTransformation(QImageIOHandler.Transformation.TransformationRotate90)
    assert writer.write(image), writer.errorString()
    thumbnail = read_image(make_thumbnail((tmp_path / "dọc.jpg").read_bytes(), "image/jpeg") or b"")
    assert (thumbnail.width(), thumbnail.height()) == (THUMBNAIL_PIXELS // 2, THUMBNAIL_PIXELS)


def test_thumbnails_do_not_depend_on_guessing_the_format(
    qapp: QApplication, files: dict[str, Path], english: None
) -> None:
    """A translator that answers "" for texts it does not know breaks Qt's guessing of image formats;
    thumbnails are made with the format named."""

    class Silent(QTranslator):
        def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
            return ""

    silent = Silent()
    qapp.installTranslator(silent)
    try:
        thumbnail = make_thumbnail(files["photo"].read_bytes(), "image/jpeg")
        assert thumbnail is not None and not read_image(thumbnail).isNull()
    finally:
        qapp.removeTranslator(silent)


# --- in the activity form ----------------------------------------------------------------------------------


@pytest.fixture
def open_form(qtbot: QtBot, session: Session) -> Callable[..., ActivityForm]:
    def opener(activity: Activity | None = None) -> ActivityForm:
        form = ActivityForm(session, activity)
        qtbot.addWidget(form, before_close_func=lambda widget: widget.done(QDialog.DialogCode.Rejected))
        form.show()
        qtbot.waitExposed(form)
        form.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
        return form

    return opener


def click_tab(qtbot: QtBot, form: ActivityForm, page: int) -> None:
    qtbot.mouseClick(form.tabs, Qt.MouseButton.LeftButton, pos=form.tabs.tabRect(page).center())
    assert form.pages.currentIndex() == page


def fill_meeting(qtbot: QtBot, form: ActivityForm, title: str = "Họp tổ dân phố số 7") -> None:
    """A valid new activity typed in: the channel by a few letters, the title in Vietnamese, a topic."""
    line = form.channel_box.lineEdit()
    line.setFocus()
    qtbot.keyClicks(line, "hop to dan")
    popup = form.channel_box.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    type_text(form.title_edit, title)
    assert form.topics.filter is not None
    qtbot.keyClicks(form.topics.filter, "thu tuc hanh chinh")
    qtbot.keyClick(form.topics.filter, Qt.Key.Key_Down)
    qtbot.keyClick(form.topics.view, Qt.Key.Key_Space)
    assert form.topics.checked() == ("tthc",)


def test_a_new_activity_keeps_its_files_until_it_is_saved(
    qtbot: QtBot,
    open_form: Callable[..., ActivityForm],
    session: Session,
    files: dict[str, Path],
    dialog_answers: list[Any],
    english: None,
) -> None:
    form = open_form()
    assert form.tabs.tabText(EVIDENCE_PAGE) == "E&vidence"
    fill_meeting(qtbot, form)
    click_tab(qtbot, form, EVIDENCE_PAGE)
    assert form.evidence.isVisible() and not form.title_edit.isVisible()
    assert form.evidence.view.hasFocus()

    dialog_answers.append([files["photo"], files["pdf"]])
    qtbot.mouseClick(form.evidence.attach_button, Qt.MouseButton.LeftButton)
    assert form.evidence.names() == ["Ảnh buổi họp.jpg", "Biên bản họp.pdf"]
    assert form.tabs.tabText(EVIDENCE_PAGE) == "E&vidence (2)"
    assert form.evidence.note.text() == "The files are stored in the book when the activity is saved."
    assert session.book.attachments.counts() == {}  # nothing in the book before the activity is
    assert session.undo_stack.count() == 0
    assert form.is_modified()

    with qtbot.waitSignal(session.changed):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.result() == QDialog.DialogCode.Accepted
    [saved] = session.book.activities.query()
    assert saved.title == "Họp tổ dân phố số 7"
    assert stored(session, saved.id) == [
        ("Ảnh buổi họp.jpg", files["photo"].read_bytes()),
        ("Biên bản họp.pdf", PDF),
    ]
    assert session.book.attachments.of(saved.id)[0].has_thumbnail
    assert [session.undo_stack.text(i) for i in range(session.undo_stack.count())] == [
        "Add activity",
        "Attach 2 files",
    ]


def test_files_that_fail_after_the_save_are_named_and_the_activity_stays(
    qtbot: QtBot,
    open_form: Callable[..., ActivityForm],
    session: Session,
    files: dict[str, Path],
    english: None,
) -> None:
    form = open_form()
    fill_meeting(qtbot, form)
    drop(form.tabs, [files["pdf"], files["docx"]])  # dropped on the tabs: the evidence page opens
    assert form.pages.currentIndex() == EVIDENCE_PAGE
    assert form.evidence.names() == ["Biên bản họp.pdf", "Kế hoạch.docx"]
    files["docx"].unlink()  # moved away before the activity was saved

    seen = answer_box(qtbot)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert seen["title"] == "Files not attached"
    assert "The activity was saved" in seen["text"] and "Kế hoạch.docx" in seen["text"]
    [saved] = session.book.activities.query()
    assert [name for name, _data in stored(session, saved.id)] == ["Biên bản họp.pdf"]
    assert form.result() == QDialog.DialogCode.Accepted


def test_save_and_add_another_attaches_and_starts_empty(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], session: Session, files: dict[str, Path]
) -> None:
    form = open_form()
    fill_meeting(qtbot, form)
    drop(form.evidence, [files["photo"]])
    qtbot.mouseClick(form.another_button, Qt.MouseButton.LeftButton)
    [saved] = session.book.activities.query()
    assert session.book.attachments.counts() == {saved.id: 1}
    assert form.evidence.count() == 0 and form.evidence.pending == []
    assert form.tabs.tabText(EVIDENCE_PAGE) == form.tabs.tabText(EVIDENCE_PAGE).split(" (")[0]
    assert not form.is_modified()


def test_a_series_gets_its_files_on_its_first_day(
    qtbot: QtBot,
    open_form: Callable[..., ActivityForm],
    session: Session,
    files: dict[str, Path],
    english: None,
) -> None:
    form = open_form()
    form.date_edit.setDate(QDate(2026, 3, 2))
    fill_meeting(qtbot, form)
    form.repeat_toggle.setChecked(True)
    form.until_edit.setDate(QDate(2026, 3, 6))
    drop(form.evidence, [files["pdf"]])
    seen = answer_box(qtbot)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert seen["text"] == (
        "5 activities were created.\n\nThe evidence files were attached to the first of them, on 2 Mar 2026."
    )
    first = min(session.book.activities.query(), key=lambda a: a.date)
    assert session.book.attachments.counts() == {first.id: 1}


def test_an_existing_activity_changes_its_evidence_at_once_and_still_saves(
    qtbot: QtBot,
    open_form: Callable[..., ActivityForm],
    session: Session,
    activity: Activity,
    files: dict[str, Path],
    english: None,
) -> None:
    session.book.attachments.add(activity.id, files["pdf"])
    form = open_form(session.book.activities.get(activity.id))
    assert form.tabs.tabText(EVIDENCE_PAGE) == "E&vidence (1)"
    form.title_edit.setFocus()
    qtbot.keyClick(form, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)  # E&vidence
    qtbot.waitUntil(lambda: form.pages.currentIndex() == EVIDENCE_PAGE)
    drop(form.evidence, [files["photo"]])
    assert [name for name, _data in stored(session, activity.id)] == ["Biên bản họp.pdf", "Ảnh buổi họp.jpg"]
    assert form.tabs.tabText(EVIDENCE_PAGE) == "E&vidence (2)"
    assert form.evidence.note.text() == ""

    qtbot.keyClick(form, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)  # back to the fields
    assert form.pages.currentIndex() == DETAILS_PAGE and form.title_edit.hasFocus()
    type_text(form.title_edit, " (bổ sung)")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.result() == QDialog.DialogCode.Accepted  # the new revision from the evidence is no conflict
    changed = session.book.activities.get(activity.id)
    assert changed is not None and changed.title == "Họp tổ dân phố số 5 (bổ sung)"

    # the history unwinds in order: the edit, then the attached photo
    session.undo_stack.undo()
    assert session.book.activities.get(activity.id).title == MEETING.title  # type: ignore[union-attr]
    session.undo_stack.undo()
    assert [name for name, _data in stored(session, activity.id)] == ["Biên bản họp.pdf"]


def test_enter_on_a_file_opens_it_and_does_not_close_the_form(
    qtbot: QtBot,
    open_form: Callable[..., ActivityForm],
    session: Session,
    activity: Activity,
    files: dict[str, Path],
    opened: list[QUrl],
) -> None:
    session.book.attachments.add(activity.id, files["pdf"])
    form = open_form(session.book.activities.get(activity.id))
    click_tab(qtbot, form, EVIDENCE_PAGE)
    click_item(qtbot, form.evidence, 0)
    qtbot.keyClick(form.evidence.view, Qt.Key.Key_Return)
    assert len(opened) == 1 and form.isVisible()


def test_a_refusal_of_the_fields_brings_them_back_into_view(
    qtbot: QtBot, open_form: Callable[..., ActivityForm], files: dict[str, Path]
) -> None:
    form = open_form()
    click_tab(qtbot, form, EVIDENCE_PAGE)
    drop(form.evidence, [files["pdf"]])
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # no channel, no title
    assert form.pages.currentIndex() == DETAILS_PAGE
    assert form.issue_text("title") and form.isVisible()
    assert form.evidence.names() == ["Biên bản họp.pdf"]  # kept, like everything typed


def test_evidence_changes_do_not_block_undoing_an_earlier_edit(
    session: Session, activity: Activity, files: dict[str, Path]
) -> None:
    push(session, EditActivity(session, activity, replace(MEETING, place="Hội trường")))
    panel = AttachmentsPanel(session, activity.id)
    panel.attach_paths([files["pdf"]])
    session.undo_stack.undo()  # the attachment
    session.undo_stack.undo()  # the edit, although the revision moved on twice since
    back = session.book.activities.get(activity.id)
    assert back is not None and back.place == MEETING.place
    assert session.undo_stack.index() == 0 and session.undo_stack.count() == 2


def test_the_form_fits_a_small_screen_with_the_evidence_open(
    qtbot: QtBot,
    open_form: Callable[..., ActivityForm],
    session: Session,
    activity: Activity,
    files: dict[str, Path],
    tmp_path: Path,
) -> None:
    for name in ("photo", "poster", "pdf", "docx"):
        session.book.attachments.add(activity.id, files[name], thumbnail=None)
    form = open_form(session.book.activities.get(activity.id))
    height = form.height()
    click_tab(qtbot, form, EVIDENCE_PAGE)
    assert form.height() == height  # a page in place of the fields: the form does not grow
    assert form.minimumSizeHint().height() <= 560  # a 1024×600 screen less its task bar
    assert form.evidence.count() == 4
    item = form.evidence.view.visualItemRect(form.evidence.view.item(3))
    assert form.evidence.view.viewport().rect().contains(item)  # one row of four fits
    form.grab().save(str(tmp_path / "form_evidence.png"))


# --- in the list -------------------------------------------------------------------------------------------


def test_the_list_shows_how_many_files_each_activity_has(
    qtbot: QtBot,
    session: Session,
    activity: Activity,
    files: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    english: None,
) -> None:
    today = replace(MEETING, date=date.today())  # in the list's period
    session.book.activities.update(activity.id, today)
    other = session.book.activities.add(replace(today, title="Họp tổ dân phố số 6"))
    panel = AttachmentsPanel(session, activity.id)
    qtbot.addWidget(panel)
    page = ActivityListPage(session)
    qtbot.addWidget(page)
    calls: list[list[int]] = []
    counts = session.book.attachments.counts
    monkeypatch.setattr(
        session.book.attachments, "counts", lambda ids: calls.append(list(ids)) or counts(ids)
    )
    model = page.model

    def shown(activity_id: int) -> str:
        return model.index(model.row_of(activity_id), EVIDENCE).data() or ""

    assert model.headerData(EVIDENCE, Qt.Orientation.Horizontal) == "Evidence"
    panel.attach_paths([files["photo"], files["pdf"]])  # the list learns of it through the session
    assert shown(activity.id) == "2" and shown(other.id) == ""
    index = model.index(model.row_of(activity.id), EVIDENCE)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "2 evidence files"
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert len(calls) == 1 and sorted(calls[0]) == sorted([activity.id, other.id])  # one query a page


def test_evidence_counts_are_fetched_a_page_at_a_time(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = session.book.activities.add_many([session.book.activities.check(MEETING)] * 450)
    session.book.attachments.add_data(ids[-1], "a.pdf", "application/pdf", PDF)
    model = ActivityTableModel(session.book)
    calls: list[int] = []
    counts = session.book.attachments.counts
    monkeypatch.setattr(
        session.book.attachments, "counts", lambda page: calls.append(len(page)) or counts(page)
    )
    texts = [model.index(row, EVIDENCE).data() for row in range(model.rowCount())]
    assert calls == [200, 200, 50]
    assert texts.count("1") == 1 and texts.count("") == 449
