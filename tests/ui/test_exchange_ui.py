"""Exchange with the upper level in the app: the export dialog, the upper level's page that merges
ward files (progress, cancel, results, refusals explained) and shows the completeness table, and the
question before changing a period already sent as final."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.core.exchange_kit import (
    FIRST_EXPORT,
    PERIOD,
    WARDS,
    draft,
    dump,
    export_file,
    upper_book,
    ward_book,
)
from tests.ui.boxes import answer_box
from wardlog.core.book import Book
from wardlog.core.completeness import Status
from wardlog.core.inspection import check_file
from wardlog.core.locks import final_exports_covering
from wardlog.ui import tasks
from wardlog.ui.activity_form import ActivityForm
from wardlog.ui.export_dialog import ExportDialog
from wardlog.ui.main_window import MainWindow
from wardlog.ui.merge_results import MergeResultsDialog
from wardlog.ui.session import Session
from wardlog.ui.wards_page import WardsPage


@pytest.fixture
def ward_session(tmp_path: Path) -> Iterator[Session]:
    code, name = WARDS[0]
    with ward_book(tmp_path, code, name) as book:
        yield Session(book)


@pytest.fixture
def upper_session(tmp_path: Path) -> Iterator[Session]:
    with upper_book(tmp_path) as book:
        yield Session(book)


@pytest.fixture
def ward_files(tmp_path: Path) -> list[Path]:
    files = []
    for code, name in WARDS[1:]:
        with ward_book(tmp_path, code, name) as book:
            files.append(export_file(book, tmp_path / "gui-len", final=True))
    return files


def when_dialog_opens(qtbot: QtBot, kind: type, handle: Callable[[QDialog], None]) -> dict[str, bool]:
    """Run ``handle`` on the next modal dialog of ``kind`` once it opens (it runs its own loop)."""
    seen = {"done": False}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(10, look)
            return
        handle(dialog)
        seen["done"] = True
        dialog.close()

    QTimer.singleShot(0, look)
    return seen


# --- export ---------------------------------------------------------------------------------------


def test_the_export_dialog_writes_a_final_file(qtbot: QtBot, ward_session: Session, tmp_path: Path) -> None:
    dialog = ExportDialog(ward_session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.picker.set_period(PERIOD)
    assert Path(dialog.path_edit.text()).name == (
        f"WardLog_00004_Phuong-Ba-Dinh_2026-H1_{date.today():%Y%m%d}.wlx"
    )  # a name that says what the file is, following the period
    target = tmp_path / "gui" / Path(dialog.path_edit.text()).name
    target.parent.mkdir()
    dialog.path_edit.setText(str(target))
    for box in (dialog.final_box, dialog.attachments_box):  # a click on the box itself
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    seen = answer_box(qtbot)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "title" in seen)
    assert "4" in seen["text"] and str(target) in seen["text"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    manifest = check_file(target)
    assert (manifest.period, manifest.final, manifest.attachments_included, manifest.record_count) == (
        "2026-H1", 1, 0, 4,
    )  # fmt: skip
    assert final_exports_covering(ward_session.book, [PERIOD.start])

    again = ExportDialog(ward_session)
    qtbot.addWidget(again)
    again.picker.set_period(PERIOD)
    assert "đính chính" in again.notice.text()
    assert "dinh-chinh" in Path(again.path_edit.text()).name


def test_exporting_needs_a_place(qtbot: QtBot, ward_session: Session) -> None:
    dialog = ExportDialog(ward_session)
    qtbot.addWidget(dialog)
    dialog.path_edit.clear()
    seen = answer_box(qtbot)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "title" in seen)
    assert dialog.result() != QDialog.DialogCode.Accepted


# --- merge and completeness -------------------------------------------------------------------------


def test_merging_files_shows_results_and_fills_the_table(
    qtbot: QtBot, upper_session: Session, ward_files: list[Path], tmp_path: Path
) -> None:
    broken = tmp_path / "hong.wlx"
    broken.write_bytes(ward_files[0].read_bytes()[:3000])
    page = WardsPage(upper_session)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 0 and "Chưa" in page.summary.text()
    rows: list[list[str]] = []

    def read(dialog: QDialog) -> None:
        table = dialog.table  # type: ignore[attr-defined]
        rows.extend(
            [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
        )
        assert "1" in dialog.summary.text()  # type: ignore[attr-defined]
        assert "hong.wlx" in dialog.details.toPlainText()  # type: ignore[attr-defined]  # the refusal first

    seen = when_dialog_opens(qtbot, MergeResultsDialog, read)
    results = page.merge([*ward_files, broken])
    assert seen["done"]
    assert [r.added for r in results] == [4, 4, 0] and results[2].refused
    assert rows[0][:8] == [ward_files[0].name, "Phường Ngọc Hà", "2026-H1", "4", "0", "0", "0", "0"]
    assert rows[2][0] == "hong.wlx" and rows[2][-1].startswith("Bị từ chối") and "cắt" in rows[2][-1]
    assert page.table.rowCount() == 2
    assert [page.table.item(r, 1).text() for r in range(2)] == ["Phường Ngọc Hà", "Phường Giảng Võ"]
    statuses = {page.table.item(r, c).data(Qt.ItemDataRole.UserRole) for r in range(2) for c in range(2, 6)}
    assert Status.ON_TIME.value in statuses or Status.LATE.value in statuses


def test_cancel_leaves_the_book_as_it_was(
    qtbot: QtBot, upper_session: Session, ward_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = tasks.Task.__init__

    def cancelled_at_once(self: tasks.Task, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        self._dialog.canceled.emit()  # the user pressed Cancel: the work stops at its next report

    monkeypatch.setattr(tasks.Task, "__init__", cancelled_at_once)
    page = WardsPage(upper_session)
    qtbot.addWidget(page)
    before = dump(upper_session.book)
    texts: list[str] = []
    seen = when_dialog_opens(qtbot, MergeResultsDialog, lambda d: texts.append(d.summary.text()))  # type: ignore[attr-defined]
    assert page.merge(ward_files) == []
    assert seen["done"] and "Đã hủy" in texts[0]
    assert dump(upper_session.book) == before


def test_the_table_follows_the_late_setting_and_prints(
    qtbot: QtBot, upper_session: Session, ward_files: list[Path], tmp_path: Path
) -> None:
    page = WardsPage(upper_session)
    qtbot.addWidget(page)
    when_dialog_opens(qtbot, MergeResultsDialog, lambda d: None)
    page.merge(ward_files)
    page.count_box.setValue(2)  # the two latest halves
    page.late_box.setValue(0)  # the files were made on the 20th: with no grace they are late
    assert upper_session.book.settings.late_after_days == 0
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    column = next(c for c, text in enumerate(headers) if text.startswith(PERIOD.label))
    assert page.table.item(0, column).data(Qt.ItemDataRole.UserRole) == Status.LATE.value
    page.late_box.setValue(30)
    assert page.table.item(0, column).data(Qt.ItemDataRole.UserRole) == Status.ON_TIME.value
    seen = answer_box(qtbot)
    written = page.save_pdf(tmp_path / "tinh-hinh.pdf")
    qtbot.waitUntil(lambda: "title" in seen)
    assert written is not None
    text = "\n".join(p.extract_text() for p in PdfReader(str(written)).pages)
    assert "Phường Ngọc Hà" in text and "Đúng hạn" in text


def test_every_ward_of_the_province(qtbot: QtBot, upper_session: Session, ward_files: list[Path]) -> None:
    page = WardsPage(upper_session)
    qtbot.addWidget(page)
    page.scope_box.setChecked(True)
    assert upper_session.book.settings.completeness_scope == "province"
    assert page.table.rowCount() == 125  # Hà Nội's wards but the upper level's own identity


def test_the_main_window_offers_export_merge_and_the_wards_page(
    qtbot: QtBot, upper_session: Session, ward_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(upper_session)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert {window.exchange_action, window.merge_action} <= set(file_menu.actions())
    assert window.wards_page is None  # a ward's own book has no such page until it merges
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(p) for p in ward_files], ""))
    )
    window.activities_page.period_picker.set_period(PERIOD)
    assert window.activities_page.model.rowCount() == 0
    when_dialog_opens(qtbot, MergeResultsDialog, lambda d: None)
    window.merge_action.trigger()
    assert window.wards_page is not None and window.current_page() is window.wards_page
    assert window.wards_page.table.rowCount() == 2
    assert window.activities_page.model.rowCount() == 8  # the list follows: the merged activities
    reopened = MainWindow(upper_session)
    qtbot.addWidget(reopened)
    wards_tab = reopened.tabs.widget(reopened.tabs.count() - 1)
    assert reopened.tabs.tabText(reopened.tabs.count() - 1) == "Danh sách phường, xã"  # an upper-level book
    assert not wards_tab.is_built  # and builds its page when it is first shown
    assert reopened.wards_page is not None and wards_tab.is_built


# --- a period already sent --------------------------------------------------------------------------


@pytest.fixture
def sent(ward_session: Session, tmp_path: Path) -> Session:
    export_file(ward_session.book, tmp_path / "da-gui", final=True)
    return ward_session


def late_changes(book: Book) -> int:
    return book.conn.execute("SELECT count(*) FROM late_changes").fetchone()[0]


def test_editing_a_sent_period_asks_first(qtbot: QtBot, sent: Session) -> None:
    book = sent.book
    activity = book.activities.query()[0]
    form = ActivityForm(sent, activity)
    qtbot.addWidget(form, before_close_func=lambda w: w.done(QDialog.DialogCode.Rejected))
    form.show()
    form.title_edit.setText("Sửa sau khi đã gửi")
    seen = answer_box(qtbot, "Hủy")
    assert form.save() is False
    assert "Cấp trên đã nhận" in seen["text"] and "6 tháng đầu năm 2026" in seen["text"]
    assert book.activities.get(activity.id).title == activity.title and late_changes(book) == 0
    answer_box(qtbot, "Vẫn sửa")
    assert form.save() is True
    assert book.activities.get(activity.id).title == "Sửa sau khi đã gửi" and late_changes(book) == 1


def test_a_new_activity_outside_the_sent_period_does_not_ask(qtbot: QtBot, sent: Session) -> None:
    form = ActivityForm(sent)
    qtbot.addWidget(form, before_close_func=lambda w: w.done(QDialog.DialogCode.Rejected))
    form._fill(draft(PERIOD.end + timedelta(days=5), "Kỳ sau"))
    assert form.save() is True  # no question was asked (a box would have blocked here)
    assert late_changes(sent.book) == 0


def test_deleting_in_a_sent_period_asks_first(
    qtbot: QtBot, sent: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    window = MainWindow(sent)
    qtbot.addWidget(window)
    window.show()
    window.activities_page.period_picker.set_period(PERIOD)
    window.activities_page.table.selectRow(0)
    before = sent.book.activities.count()
    answer_box(qtbot, "Hủy")
    window.delete_action.trigger()
    assert sent.book.activities.count() == before
    answer_box(qtbot, "Vẫn sửa")
    window.delete_action.trigger()
    assert sent.book.activities.count() == before - 1 and late_changes(sent.book) == 1


def test_a_draft_export_does_not_lock(qtbot: QtBot, ward_session: Session, tmp_path: Path) -> None:
    export_file(ward_session.book, tmp_path / "nhap", final=False)
    activity = ward_session.book.activities.query()[0]
    form = ActivityForm(ward_session, activity)
    qtbot.addWidget(form, before_close_func=lambda w: w.done(QDialog.DialogCode.Rejected))
    form._fill(replace(activity.draft, participants=5))
    assert form.save() is True


def test_conflicts_are_shown_and_decided(
    qtbot: QtBot, upper_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wardlog.ui.conflicts_dialog import ConflictsDialog

    code, name = WARDS[1]
    upper = upper_session.book
    page = WardsPage(upper_session)
    qtbot.addWidget(page)
    with ward_book(tmp_path, code, name) as ward:
        when_dialog_opens(qtbot, MergeResultsDialog, lambda d: None)
        page.merge([export_file(ward, tmp_path / "a")])
        assert page.conflicts_button.isHidden()
        first, second = ward.activities.query()[:2]
        for activity in (first, second):
            ours = upper.activities.get_by_uid(activity.uid)
            upper.activities.update(ours.id, replace(ours.draft, title=f"Cấp trên sửa {activity.id}"))
            ward.activities.update(activity.id, replace(activity.draft, title=f"Phường sửa {activity.id}"))
        newer = export_file(ward, tmp_path / "b", when=FIRST_EXPORT + timedelta(days=2))
    texts: list[str] = []
    when_dialog_opens(qtbot, MergeResultsDialog, lambda d: texts.append(d.table.item(0, 8).text()))  # type: ignore[attr-defined]
    [result] = page.merge([newer])
    assert len(result.conflicts) == 2 and "giữ nguyên như ở cấp trên" in texts[0]
    assert not page.conflicts_button.isHidden() and "2" in page.conflicts_button.text()
    assert "2 bản ghi" in page.summary.text()

    dialog = ConflictsDialog(upper_session)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2 and not dialog.take_button.isEnabled()
    rows = {dialog.table.item(r, 1).text(): r for r in range(2)}
    dialog.table.selectRow(rows[f"Cấp trên sửa {first.id}"])
    qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)
    assert upper.activities.get_by_uid(first.uid).title == f"Phường sửa {first.id}"
    assert dialog.table.rowCount() == 1
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert upper.activities.get_by_uid(second.uid).title == f"Cấp trên sửa {second.id}"
    assert dialog.table.rowCount() == 0
    page.refresh()
    assert page.conflicts_button.isHidden()


def test_the_page_catches_up_when_shown(qtbot: QtBot, upper_session: Session, ward_files: list[Path]) -> None:
    from wardlog.core.merging import merge_files
    from wardlog.ui.session import ACTIVITIES

    page = WardsPage(upper_session)
    qtbot.addWidget(page)
    merge_files(upper_session.book, ward_files, backup=False)  # elsewhere (e.g. the command line)
    upper_session.notify(ACTIVITIES)
    assert page.table.rowCount() == 0  # hidden: nothing computed for nothing
    page.show()
    qtbot.waitExposed(page)
    assert page.table.rowCount() == 2
