"""The report window driven as the officer uses it: details and narrative typed and saved per period,
the preview's pages, printing, PDF and Word files, and the questions before unsaved work is lost."""

from __future__ import annotations

import errno
import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLabel, QLineEdit, QToolBar
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from tests.report.test_report_pdf import ward_book
from tests.ui.boxes import answer_box
from tests.ui.typing import type_text
from wardlog.core import i18n
from wardlog.core.book import Book
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import Convention, parse
from wardlog.core.reports import Part, validate
from wardlog.report import document, pdf
from wardlog.report.draft import narrative
from wardlog.ui.main_window import MainWindow
from wardlog.ui.report_printing import prepare
from wardlog.ui.report_window import ReportWindow
from wardlog.ui.session import ACTIVITIES, REPORTS, Session

H1 = parse("2026-H1")  # 15/12/2025 – 14/06/2026: the ward's known activities
SHORTCOMING = "Một số tổ dân phố chưa treo đủ panô; loa truyền thanh khu Đức Nghĩa hỏng 2 tuần."
OpenWindow = Callable[[], ReportWindow]


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def ward(book: Book) -> Book:
    return ward_book(book)


@pytest.fixture
def open_window(qtbot: QtBot, ward: Book) -> Iterator[OpenWindow]:
    """Open the report window on 2026-H1 of the known ward, shown, its first preview made."""
    session = Session(ward)
    opened: list[ReportWindow] = []

    def open_() -> ReportWindow:
        window = ReportWindow(session)
        window.set_period(H1)
        window.resize(1280, 760)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.waitUntil(lambda: window.preview.page_count > 0, timeout=30_000)
        opened.append(window)
        return window

    yield open_
    for window in opened:
        if isValid(window) and window.isVisible():
            if window.is_modified():
                answer_box(qtbot, "Bỏ thay đổi")
            window.close()


def expected_pages(window: ReportWindow) -> int:
    details = validate(window.current_details())
    data = pdf.render(document.build(window.session.book, H1, details, today=details.issued_on))
    return len(PdfReader(io.BytesIO(data)).pages)


def write_shortcoming(qtbot: QtBot, window: ReportWindow) -> None:
    """Go to the narrative, choose "Shortcomings" from the list, replace its draft with our text."""
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Nội &dung
    assert window.tabs.currentWidget() is window.narrative
    window.narrative.list.setFocus()
    qtbot.keyClick(window.narrative.list, Qt.Key.Key_Down)
    qtbot.keyClick(window.narrative.list, Qt.Key.Key_Down)
    part = window.narrative.parts[Part.SHORTCOMINGS]
    assert window.narrative.stack.currentWidget() is part
    part.editor.selectAll()
    qtbot.keyClick(part.editor, Qt.Key.Key_Delete)
    type_text(part.editor, SHORTCOMING)


# --- details and narrative, saved per period -----------------------------------------------------


def test_typed_details_and_narrative_are_saved_and_come_back(
    qtbot: QtBot, open_window: OpenWindow, ward: Book
) -> None:
    window = open_window()
    seen: list[str] = []
    window.session.changed.connect(seen.append)
    assert window.windowTitle().startswith("Báo cáo 6 tháng đầu năm 2026 — Phường Hà Đông")
    # defaults from the book's settings, shown in the fields
    form = window.details_form
    assert form.recipient_edit.toPlainText() == "Sở Nội vụ thành phố Hà Nội"
    assert form.name_edit.text() == "Nguyễn Văn An"
    assert form.on_behalf_edit.text() == "TM. Ủy ban nhân dân"
    assert not window.is_modified()

    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # &Số văn bản
    assert form.number_edit.hasFocus()
    qtbot.keyClicks(form.number_edit, "7")
    form.name_edit.selectAll()
    type_text(form.name_edit, "Trần Thị Bình")
    write_shortcoming(qtbot, window)
    assert window.is_modified() and window.isWindowModified()
    assert not window.narrative.parts[Part.SHORTCOMINGS].is_draft
    assert window.narrative.parts[Part.STRENGTHS].is_draft

    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.is_modified() and not window.isWindowModified()
    assert REPORTS in seen
    assert "Đã lưu thông tin báo cáo 6 tháng đầu năm 2026." in window.statusBar().currentMessage()
    saved = ward.reports.get(H1)
    assert saved.number == "7"
    assert saved.signer_name == "Trần Thị Bình"
    assert saved.recipient == "Sở Nội vụ thành phố Hà Nội"
    # only the part the officer wrote is kept; the others stay drafts that follow the figures
    assert saved.narrative == {Part.SHORTCOMINGS.value: SHORTCOMING}

    window.close()  # without a question: nothing was left unsaved
    qtbot.waitUntil(lambda: not isValid(window))
    again = open_window()
    assert again.details_form.number_edit.text() == "7"
    assert again.details_form.name_edit.text() == "Trần Thị Bình"
    assert again.narrative.parts[Part.SHORTCOMINGS].text == SHORTCOMING
    assert not again.narrative.parts[Part.SHORTCOMINGS].is_draft
    assert again.narrative.parts[Part.STRENGTHS].is_draft
    assert "bản nháp" in again.narrative.list.item(1).text()
    assert "bản nháp" not in again.narrative.list.item(2).text()
    assert not again.is_modified()


def test_a_bad_number_is_refused_next_to_the_field(qtbot: QtBot, open_window: OpenWindow, ward: Book) -> None:
    window = open_window()
    form = window.details_form
    window.tabs.setCurrentIndex(1)
    qtbot.keyClicks(form.number_edit, "5a")
    window.save_action.trigger()
    assert window.tabs.currentIndex() == 0  # the tab with the wrong field is shown
    assert form.issue_text("number") == "Số văn bản phải là một số nguyên, ví dụ 05."
    assert form.number_edit.hasFocus()
    assert ward.reports.get(H1).number == ""  # nothing saved
    assert window.is_modified()
    # the preview is not made from a wrong number either
    assert not window.refresh_preview()

    form.number_edit.selectAll()
    qtbot.keyClicks(form.number_edit, "12")
    window.save_action.trigger()
    assert form.issue_text("number") == ""
    assert ward.reports.get(H1).number == "12"


def test_draft_button_replaces_the_text_and_ctrl_z_takes_it_back(
    qtbot: QtBot, open_window: OpenWindow
) -> None:
    window = open_window()
    write_shortcoming(qtbot, window)
    part = window.narrative.parts[Part.SHORTCOMINGS]
    assert not part.mark.isVisibleTo(window) and not part.is_draft
    qtbot.mouseClick(part.draft_button, Qt.MouseButton.LeftButton)
    assert part.text == part.draft and part.is_draft
    assert part.mark.isVisibleTo(window)
    qtbot.keyClick(part.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert part.text == SHORTCOMING and not part.is_draft


def test_new_activities_update_untouched_drafts_and_mark_the_preview_stale(
    qtbot: QtBot, open_window: OpenWindow, ward: Book
) -> None:
    window = open_window()
    strengths = window.narrative.parts[Part.STRENGTHS]
    assert "16 hoạt động" in strengths.text
    assert not window.stale_notice.isVisibleTo(window)
    write_shortcoming(qtbot, window)
    ward.activities.add(ActivityDraft(parse("2026-03").start, "to_roi", ("tthc",), "Phát tờ rơi"))
    window.session.notify(ACTIVITIES)
    assert "17 hoạt động" in strengths.text  # the untouched draft follows the figures
    assert window.narrative.parts[Part.SHORTCOMINGS].text == SHORTCOMING  # the officer's text stays
    assert window.stale_notice.isVisibleTo(window)
    window.refresh_action.trigger()
    assert not window.stale_notice.isVisibleTo(window)
    assert "17 hoạt động" in pdf_text(window.preview.pdf or b"")


# --- the period ----------------------------------------------------------------------------------


def test_period_defaults_to_the_current_half_and_the_other_convention_can_be_chosen(
    qtbot: QtBot, ward: Book
) -> None:
    from datetime import date

    from wardlog.core.periods import PeriodKind, containing

    window = ReportWindow(Session(ward))
    qtbot.addWidget(window)
    assert window.period == containing(date.today(), PeriodKind.HALF, Convention.CUTOFF)
    window.set_period(H1)
    window.convention_box.setCurrentIndex(1)
    assert window.period == parse("2026-H1", Convention.CALENDAR)
    assert window.period_picker.period == window.period
    assert "01/01/2026" in window.period_picker._label.text()


def test_changing_the_period_with_unsaved_changes_asks_first(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    qtbot.keyClicks(window.details_form.number_edit, "3")
    seen = answer_box(qtbot, "Tiếp tục sửa")
    qtbot.mouseClick(window.period_picker._back, Qt.MouseButton.LeftButton)
    assert seen["title"] == "Bỏ các thay đổi?"
    assert window.period == H1 and window.period_picker.period == H1
    assert window.details_form.number_edit.text() == "3"

    answer_box(qtbot, "Bỏ thay đổi")
    qtbot.mouseClick(window.period_picker._back, Qt.MouseButton.LeftButton)
    assert window.period == parse("2025-H2")
    assert window.details_form.number_edit.text() == ""
    assert not window.is_modified()


def test_closing_with_unsaved_changes_asks_first(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    type_text(window.details_form.name_edit, " Bình")
    seen = answer_box(qtbot, "Tiếp tục sửa")
    window.close_action.trigger()
    assert seen["title"] == "Bỏ các thay đổi?"
    assert "6 tháng đầu năm 2026" in seen["text"]
    assert isValid(window) and window.isVisible()

    answer_box(qtbot, "Bỏ thay đổi")
    window.close()
    qtbot.waitUntil(lambda: not isValid(window))


# --- the preview ---------------------------------------------------------------------------------


def test_the_preview_shows_every_page_and_navigates(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    preview = window.preview
    pages = expected_pages(window)
    assert pages >= 3
    assert preview.page_count == pages
    assert preview.count_label.text() == f"/ {pages}"
    assert preview.current_page == 0 and not preview.previous_action.isEnabled()

    # the first page is drawn: dark text on white inside the page's rectangle
    image = preview.canvas.grab().toImage()
    rect = preview.canvas.page_rect(0)
    colours = {
        QColor(image.pixel(x, y)).lightness()
        for x in range(rect.left() + 5, rect.right() - 5, 7)
        for y in range(rect.top() + 5, min(rect.bottom(), image.height()) - 5, 5)
    }
    assert 255 in colours and min(colours) < 100

    preview.next_action.trigger()
    assert preview.current_page == 1 and preview.page_box.value() == 2
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert preview.current_page == 2
    preview.page_box.setFocus()
    preview.page_box.selectAll()
    qtbot.keyClicks(preview.page_box, str(pages))
    qtbot.keyClick(preview.page_box, Qt.Key.Key_Return)
    assert preview.current_page == pages - 1 and not preview.next_action.isEnabled()
    preview.previous_action.trigger()
    assert preview.current_page == pages - 2

    fitted = preview.zoom
    page_width = preview.canvas.page_rect(0).width()
    assert abs(page_width - (preview.scroll_area.viewport().width() - 24)) <= 2  # fits the width
    preview.zoom_in_action.trigger()
    assert preview.zoom > fitted and not preview.fit_width_action.isChecked()
    assert preview.canvas.page_rect(0).width() > page_width
    assert preview.current_page == pages - 2  # zooming keeps the page in view
    preview.zoom_out_action.trigger()
    preview.zoom_out_action.trigger()
    assert preview.zoom < fitted
    preview.fit_width_action.trigger()
    assert preview.zoom == pytest.approx(fitted) and preview.fit_width_action.isChecked()


def test_the_preview_shows_what_is_typed_once_refreshed(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    assert SHORTCOMING not in pdf_text(window.preview.pdf or b"")
    write_shortcoming(qtbot, window)
    assert window.stale_notice.isVisibleTo(window)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert SHORTCOMING in pdf_text(window.preview.pdf or b"")
    assert not window.stale_notice.isVisibleTo(window)
    assert window.is_modified()  # previewing does not save


# --- files and paper -----------------------------------------------------------------------------


def test_save_as_pdf_writes_the_typed_narrative(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window()
    write_shortcoming(qtbot, window)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "bao-cao"  # the suffix is added when the user leaves it out
    asked: dict[str, str] = {}

    def choose(parent, title, default, kinds):
        asked.update(title=title, default=default, kinds=kinds)
        return str(target), kinds

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    window.pdf_action.trigger()
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert asked["default"] == str(Path(documents) / "BaoCao_CCHC_2026-H1.pdf")
    assert asked["kinds"] == "Tài liệu PDF (*.pdf)"
    written = folder / "bao-cao.pdf"
    text = pdf_text(written.read_bytes())
    assert SHORTCOMING in text
    assert "Kính gửi: Sở Nội vụ thành phố Hà Nội." in text
    assert str(written) in window.statusBar().currentMessage()
    assert [p.name for p in folder.iterdir()] == ["bao-cao.pdf"]  # no temporary file left behind

    window.pdf_action.trigger()  # the next dialog opens where the last report went
    assert asked["default"] == str(folder / "BaoCao_CCHC_2026-H1.pdf")


def test_save_as_word_writes_the_same_report(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window()
    write_shortcoming(qtbot, window)
    target = tmp_path / "BaoCao_CCHC_2026-H1.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args: (str(target), args[-1])))
    window.word_action.trigger()
    paragraphs = [p.text for p in Document(str(target)).paragraphs]
    assert SHORTCOMING in paragraphs
    assert str(target) in window.statusBar().currentMessage()


def test_a_failed_write_is_told_and_leaves_nothing(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window()

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(os, "fsync", full)
    seen = answer_box(qtbot)
    assert not window.write_report(folder / "bao-cao.pdf")
    assert seen["title"] == "Chưa lưu được báo cáo"
    assert "ổ đĩa đã đầy" in seen["text"] and "bao-cao.pdf" in seen["text"]
    assert list(folder.iterdir()) == []


def test_printing_sends_every_page_at_its_size(qtbot: QtBot, open_window: OpenWindow, tmp_path: Path) -> None:
    window = open_window()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare(printer)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "in.pdf"))
    printer.setResolution(150)
    assert window.print_to(printer)
    printed = PdfReader(str(tmp_path / "in.pdf")).pages
    report = PdfReader(io.BytesIO(window.preview.pdf or b"")).pages
    assert len(printed) == len(report) == window.preview.page_count
    for sheet, page in zip(printed, report, strict=True):  # A4, portrait or landscape as the page is
        assert round(float(sheet.mediabox.width)) == round(float(page.mediabox.width))
        assert round(float(sheet.mediabox.height)) == round(float(page.mediabox.height))
    assert {round(float(p.mediabox.width)) for p in printed} <= {595, 842}
    assert "Đã gửi" in window.statusBar().currentMessage()


def test_printing_a_page_range(qtbot: QtBot, open_window: OpenWindow, tmp_path: Path) -> None:
    window = open_window()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    prepare(printer)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "in.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert window.print_to(printer)
    assert len(PdfReader(str(tmp_path / "in.pdf")).pages) == 2


# --- the main window -----------------------------------------------------------------------------


def test_ctrl_r_in_the_main_window_opens_one_report_window(qtbot: QtBot, ward: Book) -> None:
    main = MainWindow(Session(ward))
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    qtbot.keyClick(main, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    report = main.report_window
    assert isinstance(report, ReportWindow) and report.isVisible()
    main.report_action.trigger()
    assert main.report_window is report  # brought forward, not opened twice
    qtbot.waitUntil(lambda: report.preview.page_count > 0 or report.preview.pdf is None, timeout=30_000)
    report.close()
    qtbot.waitUntil(lambda: main.report_window is None)


def test_drafts_come_from_the_figures(open_window: OpenWindow, ward: Book) -> None:
    from wardlog.core.figures import compute

    window = open_window()
    drafts = narrative(compute(ward, H1, ward_codes=(None,)))
    for part in Part:
        assert window.narrative.parts[part].text == drafts[part]


def test_fill_in_from_the_settings_is_undoable(qtbot: QtBot, open_window: OpenWindow) -> None:
    window = open_window()
    form = window.details_form
    form.name_edit.selectAll()
    type_text(form.name_edit, "Lê Văn Cường")
    form.recipient_edit.selectAll()
    type_text(form.recipient_edit, "Sở Văn hóa, Thể thao và Du lịch")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # Điền &lại theo Cài đặt
    qtbot.waitUntil(lambda: form.name_edit.text() == "Nguyễn Văn An")  # a mnemonic clicks after a beat
    assert form.recipient_edit.toPlainText() == "Sở Nội vụ thành phố Hà Nội"
    assert not window.is_modified()
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert form.name_edit.text() == "Lê Văn Cường"


def mnemonics(window: ReportWindow) -> list[str]:
    """The Alt+letter keys of what is on the screen now: menus, tabs, labelled fields, buttons."""
    texts = [action.text() for action in window.menuBar().actions()]
    texts += [window.tabs.tabText(i) for i in range(window.tabs.count())]
    texts += [
        label.text()
        for label in window.findChildren(QLabel)
        if label.buddy() is not None and label.isVisibleTo(window)
    ]
    texts += [
        button.text()
        for button in window.findChildren(QAbstractButton)
        if button.isVisibleTo(window) and not isinstance(button.parent(), QToolBar)
    ]
    found = [re.search(r"&(\w)", text) for text in texts]
    return [match.group(1).lower() for match in found if match]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_mnemonic_on_the_screen_is_unique(qtbot: QtBot, ward: Book, language: str) -> None:
    i18n.set_language(language)
    window = ReportWindow(Session(ward))
    qtbot.addWidget(window)
    window.show()
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        keys = mnemonics(window)
        assert len(keys) >= (12 if tab == 0 else 8)
        assert len(keys) == len(set(keys)), (tab, sorted(keys))
    qtbot.waitUntil(lambda: window.preview.page_count > 0, timeout=30_000)


def test_print_through_the_print_dialog(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+P opens the system's print dialog; here (no printer) it prints to a PDF file."""
    monkeypatch.setattr("wardlog.ui.report_printing.MAX_DPI", 100)  # a 1200 dpi PDF "printer" is slow
    window = open_window()
    target = tmp_path / "qua-hop-thoai.pdf"
    seen: list[str] = []

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintDialog):
            QTimer.singleShot(20, fill_in)
            return
        seen.append(dialog.windowTitle())
        dialog.findChild(QLineEdit, "filename").setText(str(target))
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["In báo cáo"]
    assert len(PdfReader(str(target)).pages) == window.preview.page_count


def test_an_upper_level_book_makes_the_consolidated_report(qtbot: QtBot, book: Book) -> None:
    from tests.report.test_consolidated import upper_book

    session = Session(upper_book(book))
    window = ReportWindow(session)
    qtbot.addWidget(window)
    window.set_period(parse("2026"))
    assert window.kind_box.isVisibleTo(window) and window.consolidated
    assert (
        "Phường Dương Nội (6 hoạt động)" in window.narrative.parts[Part.STRENGTHS].text
    )  # the drafts speak of wards
    assert window.refresh_preview()
    text = pdf_text(window.preview.pdf)
    assert "KẾT QUẢ THEO TỪNG PHƯỜNG, XÃ" in text
    assert "1 Phường Dương Nội 6 200 45" in text
    window.kind_box.setCurrentIndex(0)  # the book's own ward: it has none of its own activities
    assert not window.consolidated
    assert "Phường Dương Nội" not in window.narrative.parts[Part.STRENGTHS].text
    assert window.refresh_preview()
    assert "Trong kỳ chưa ghi nhận hoạt động tuyên truyền nào." in pdf_text(window.preview.pdf)


def test_a_ward_book_offers_no_consolidated_report(open_window: OpenWindow) -> None:
    window = open_window()
    assert not window.kind_box.isVisibleTo(window) and not window.consolidated
