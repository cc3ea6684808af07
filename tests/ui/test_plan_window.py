"""The Plan window driven as the officer uses it: a year's plan typed in (Vietnamese included),
its targets added, changed, reordered and removed, refusals shown where they belong, a spreadsheet
imported, nothing lost without asking; and plan versus done for a chosen period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from tests.core.test_plans import H1, YEAR, add
from tests.ui.boxes import answer_box
from tests.ui.dialogs import when_open
from tests.ui.plan_data import known_plan
from tests.ui.typing import type_text
from wardlog.core.book import Book
from wardlog.core.model import ActivityDraft
from wardlog.core.plans import Measure, Target, TargetKind
from wardlog.ui.main_window import MainWindow
from wardlog.ui.plan_progress import ACHIEVED, PLANNED, RATIO_ROLE, STATE, TARGET
from wardlog.ui.plan_progress import PROGRESS as PROGRESS_COLUMN
from wardlog.ui.plan_targets import BAD_ROW, TargetDialog
from wardlog.ui.plan_targets import DUE as DUE_COLUMN
from wardlog.ui.plan_targets import PLANNED as PLANNED_COLUMN
from wardlog.ui.plan_targets import TARGET as TARGET_COLUMN
from wardlog.ui.plan_window import ASSESSMENT_TAB, PROGRESS_TAB, PlanWindow
from wardlog.ui.session import Session
from wardlog.ui.undo import AddActivities, push

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "mau-ke-hoach.csv"
CONTEST = "Tổ chức 01 cuộc thi tìm hiểu dịch vụ công trực tuyến"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def planned(book: Book) -> Book:
    return known_plan(book)


@pytest.fixture
def window(qtbot: QtBot, session: Session) -> Iterator[PlanWindow]:
    """The plan window on 2026, shown; closed after the test without the question about changes."""
    shown = PlanWindow(session)  # (deletes itself on close: not handed to qtbot)
    shown.resize(1024, 560)
    shown.show()
    qtbot.waitExposed(shown)
    shown.year_box.setValue(2026)
    yield shown
    if isValid(shown):
        shown.load(shown.year)  # what a test left unsaved is dropped without the question
        shown.close()


def ok(qtbot: QtBot, dialog: TargetDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)


def texts(window: PlanWindow, column: int) -> list[str]:
    table = window.targets.table
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_enter_a_plan_and_save_it(qtbot: QtBot, window: PlanWindow, session: Session) -> None:
    assert window.year == 2026
    assert window.years_label.text().startswith("Sổ chưa có kế hoạch năm 2026.")
    type_text(window.number_edit, "12/KH-UBND")
    window.dated_box.setChecked(True)
    window.date_edit.setDate(QDate(2026, 1, 10))
    type_text(window.title_edit, "Kế hoạch thông tin, tuyên truyền CCHC năm 2026")
    assert window.isWindowModified()

    def loudspeakers(dialog: TargetDialog) -> None:
        assert dialog.windowTitle() == "Thêm chỉ tiêu"
        qtbot.keyClicks(dialog.channel_box.lineEdit(), "loa")
        dialog.channel_box.settle()
        dialog.quantity_box.setValue(4)
        dialog.due_box.setCurrentIndex(dialog.due_box.findData("2026-H1"))
        ok(qtbot, dialog)

    when_open(TargetDialog, loudspeakers)
    qtbot.mouseClick(window.targets.add_button, LEFT)

    def task_without_wording(dialog: TargetDialog) -> None:
        dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("task"))
        assert not dialog.channel_box.isVisibleTo(dialog) and dialog.title_edit.isVisibleTo(dialog)
        ok(qtbot, dialog)  # refused: a task needs its wording
        assert dialog.isVisible()
        assert dialog.error_text("title") == "nhiệm vụ cần có nội dung."
        type_text(dialog.title_edit, CONTEST)
        ok(qtbot, dialog)

    refused = when_open(TargetDialog, task_without_wording)
    qtbot.mouseClick(window.targets.add_button, LEFT)
    assert refused and refused[0].result() == QDialog.DialogCode.Accepted

    assert texts(window, TARGET_COLUMN) == ["Hệ thống loa truyền thanh", CONTEST]
    assert texts(window, PLANNED_COLUMN) == ["4 hoạt động", "1 hoạt động"]
    assert texts(window, DUE_COLUMN) == ["6 tháng đầu năm 2026", "Cả năm"]
    with qtbot.waitSignal(session.changed) as changed:
        qtbot.mouseClick(window.save_button, LEFT)
    assert changed.args == ["plans"]
    plan = session.book.plans.get(2026)
    assert plan is not None
    assert (plan.number, plan.issued_on, plan.title) == (
        "12/KH-UBND",
        date(2026, 1, 10),
        "Kế hoạch thông tin, tuyên truyền CCHC năm 2026",
    )
    assert [(t.kind, t.quantity, t.channel, t.title, t.due) for t in plan.targets] == [
        (TargetKind.CHANNEL, 4, "loa", "", "2026-H1"),
        (TargetKind.TASK, 1, "", CONTEST, ""),
    ]
    assert window.status.text() == "Đã lưu kế hoạch năm 2026 (2 chỉ tiêu)."
    assert not window.isWindowModified() and not window.is_modified()
    assert window.windowTitle().startswith("Kế hoạch năm 2026")


def test_change_reorder_and_remove_targets_from_the_keyboard(
    qtbot: QtBot, planned: Book, window: PlanWindow
) -> None:
    window.load(2026)
    table = window.targets.table
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # loa goes second
    topic = "Chính quyền điện tử, chính quyền số, dịch vụ công trực tuyến"
    assert texts(window, TARGET_COLUMN)[:2] == [topic, "Hệ thống loa truyền thanh"]
    assert window.targets.current_row() == 1

    def double_it(dialog: TargetDialog) -> None:
        assert dialog.windowTitle() == "Sửa chỉ tiêu"
        assert dialog.channel_box.code() == "loa" and dialog.due_box.currentData() == "2026-H1"
        dialog.quantity_box.setValue(8)
        dialog.measure_box.setCurrentIndex(dialog.measure_box.findData("minutes"))
        ok(qtbot, dialog)

    when_open(TargetDialog, double_it)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert texts(window, PLANNED_COLUMN)[1] == "8 phút"

    contest = window.targets.targets()[2]
    activity = add(planned, date(2026, 5, 20), "cuoc_thi")
    planned.plans.link(activity, [contest.id])
    table.selectRow(2)
    # A window manager gives the activation back to the window when the dialog closes; offscreen does not.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    table.setFocus()
    seen = answer_box(qtbot, "Gỡ bỏ")  # the task has a linked activity: asked first
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert "Có 1 hoạt động đang gắn với nhiệm vụ “Tổ chức 01 cuộc thi" in seen["text"]
    assert CONTEST not in texts(window, TARGET_COLUMN)
    assert planned.plans.tasks_of(activity) == [contest.id]  # nothing written before Save

    qtbot.mouseClick(window.save_button, LEFT)
    plan = planned.plans.get(2026)
    assert plan is not None
    assert [t.kind for t in plan.targets][:2] == [TargetKind.TOPIC, TargetKind.CHANNEL]
    assert (plan.targets[1].quantity, plan.targets[1].measure) == (8, Measure.MINUTES)
    assert len(plan.targets) == 5 and planned.plans.tasks_of(activity) == []


def test_a_refused_plan_names_its_rows_and_keeps_everything(
    qtbot: QtBot, session: Session, window: PlanWindow
) -> None:
    good = Target(TargetKind.CHANNEL, 4, channel="loa")
    window.targets.set_targets(
        2026, (good, Target(TargetKind.TASK, 1, "x" * 501), Target(TargetKind.CHANNEL, 2, channel="khong_co"))
    )
    window._edited()
    qtbot.mouseClick(window.save_button, LEFT)
    assert window.banner.isVisible()
    banner = window.banner.text()
    assert banner.startswith("Chưa lưu được kế hoạch. Hãy sửa những chỗ được đánh dấu:")
    assert "Chỉ tiêu 2: nội dung dài quá 500 ký tự." in banner
    assert "Chỉ tiêu 3: hãy chọn hình thức tuyên truyền." in banner
    table = window.targets.table
    tinted = [table.item(row, TARGET_COLUMN).background().color() == QColor(BAD_ROW) for row in range(3)]
    assert tinted == [False, True, True]
    assert window.targets.current_row() == 1
    assert table.item(2, TARGET_COLUMN).toolTip() == "hãy chọn hình thức tuyên truyền."
    assert session.book.plans.get(2026) is None
    assert len(window.targets.targets()) == 3 and window.is_modified()


def test_nothing_is_lost_on_close_or_when_the_year_changes(
    qtbot: QtBot, session: Session, window: PlanWindow
) -> None:
    type_text(window.number_edit, "05/KH-UBND")
    seen = answer_box(qtbot, "Tiếp tục sửa")
    window.year_box.setValue(2027)
    assert seen["text"] == "Kế hoạch năm 2026 có thay đổi chưa lưu. Lưu lại trước?"
    assert (window.year, window.year_box.value(), window.number_edit.text()) == (2026, 2026, "05/KH-UBND")

    answer_box(qtbot, "Tiếp tục sửa")
    assert not window.close()
    assert window.isVisible()

    answer_box(qtbot, "Lưu")
    assert window.close()
    plan = session.book.plans.get(2026)
    assert plan is not None and plan.number == "05/KH-UBND"


def test_changing_the_year_may_discard(qtbot: QtBot, planned: Book, window: PlanWindow) -> None:
    window.year_box.setValue(2027)
    window.year_box.setValue(2026)
    assert len(window.targets.targets()) == 6
    assert window.years_label.text() == "Sổ đã có kế hoạch năm 2026."
    window.targets.table.selectRow(0)
    window.targets.remove()
    answer_box(qtbot, "Bỏ thay đổi")
    window.year_box.setValue(2025)
    assert window.year == 2025 and window.targets.targets() == ()
    assert window.years_label.text().startswith("Sổ chưa có kế hoạch năm 2025. Kế hoạch các năm khác: 2026.")
    assert len(planned.plans.get(2026).targets) == 6


def test_import_targets_from_a_spreadsheet(
    qtbot: QtBot, session: Session, window: PlanWindow, tmp_path: Path
) -> None:
    assert window.import_path(SAMPLE)
    assert len(window.targets.targets()) == 14
    assert window.status.text() == "Đã đưa 14 chỉ tiêu từ mau-ke-hoach.csv vào bảng; bấm Lưu để ghi vào sổ."
    assert session.book.plans.get(2026) is None  # not before Save
    assert window.save()
    assert len(session.book.plans.get(2026).targets) == 14

    two = tmp_path / "bo-sung.csv"
    two.write_text(
        "Nhiệm vụ,Số lượng\nTổ chức hội nghị đối thoại,1\nPhát hành sổ tay CCHC,500\n", encoding="utf-8"
    )
    seen = answer_box(qtbot, "Thêm vào sau")
    assert window.import_path(two)
    assert seen["text"].startswith("Bảng đang có 14 chỉ tiêu. Thay bằng 2 chỉ tiêu của bo-sung.csv")
    assert len(window.targets.targets()) == 16
    answer_box(qtbot, "Thay thế")
    assert window.import_path(two)
    assert [t.title for t in window.targets.targets()] == [
        "Tổ chức hội nghị đối thoại",
        "Phát hành sổ tay CCHC",
    ]

    bad = tmp_path / "sai.csv"
    bad.write_text("Loại,Hình thức,Số lượng\nhình thức,loa,bốn\nhình thức,không có,1\n", encoding="utf-8")
    shown: list[str] = []

    def read_and_close(dialog: QDialog) -> None:
        shown.append(dialog.findChild(QPlainTextEdit).toPlainText())
        dialog.reject()

    when_open(QDialog, read_and_close)
    assert not window.import_path(bad)
    assert "Dòng 2, cột “Số lượng”" in shown[0] and "Dòng 3, cột “Hình thức”" in shown[0]
    assert len(window.targets.targets()) == 2  # the table kept what it had


def test_plan_versus_done_for_a_chosen_period(qtbot: QtBot, planned: Book, window: PlanWindow) -> None:
    window.tabs.setCurrentIndex(PROGRESS_TAB)
    page = window.progress_page
    page.set_period(H1)
    assert page.summary.text() == "Hoàn thành 2/5 nhiệm vụ, đạt 40,00%."
    table = page.table
    rows = {table.item(row, TARGET).text(): row for row in range(table.rowCount())}
    assert len(rows) == 5
    loa = rows["Hệ thống loa truyền thanh"]
    assert (table.item(loa, PLANNED).text(), table.item(loa, ACHIEVED).text()) == (
        "4 hoạt động",
        "5 hoạt động",
    )
    assert table.item(loa, PROGRESS_COLUMN).data(RATIO_ROLE) == 1.25  # exceeded
    assert table.item(loa, STATE).text() == "Hoàn thành"
    poster = rows["Panô, áp phích"]
    assert (table.item(poster, PLANNED).text(), table.item(poster, ACHIEVED).text()) == ("30 tấm", "20 tấm")
    assert table.item(poster, STATE).text() == "Chưa hoàn thành"
    assert table.item(rows["Màn hình LED"], STATE).text() == "Hoàn thành"  # a target of zero
    assert page.later.text() == "Số chỉ tiêu chưa đến hạn trong kỳ này: 1."

    # a second activity on the topic, entered elsewhere: the page follows
    session = window.session
    push(
        session,
        AddActivities.single(
            session,
            ActivityDraft(
                date=date(2026, 5, 4), channel="loa", topics=("chinh_quyen_so",), title="Phát thanh"
            ),
        ),
    )
    assert page.summary.text() == "Hoàn thành 3/5 nhiệm vụ, đạt 60,00%."
    page.set_period(YEAR)
    assert page.summary.text() == "Hoàn thành 3/6 nhiệm vụ, đạt 50,00%." and page.later.isHidden()

    window.tabs.setCurrentIndex(0)
    window.targets.table.selectRow(0)
    window.targets.remove()
    assert page.note.isVisibleTo(page) and "chưa lưu" in page.note.text()


def test_no_plan_says_so(window: PlanWindow) -> None:
    window.tabs.setCurrentIndex(PROGRESS_TAB)
    window.progress_page.set_period(H1)
    assert window.progress_page.summary.text() == "Chưa có kế hoạch cho kỳ này."
    assert window.progress_page.table.rowCount() == 0


def test_the_main_window_opens_the_plan_and_asks_before_closing(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = MainWindow(session)
    qtbot.addWidget(main)
    main.show()
    menu = next(a.menu() for a in main.menuBar().actions() if a.text() == "&Báo cáo")
    texts_ = [a.text() for a in menu.actions()]
    assert "&Kế hoạch năm và tiến độ…" in texts_ and "&Tự đánh giá (chỉ số PAR INDEX)…" in texts_
    main.assessment_action.trigger()
    window = main.plan_window
    assert window.isVisible() and window.tabs.currentIndex() == ASSESSMENT_TAB
    main.plan_action.trigger()
    assert main.plan_window is window and window.tabs.currentIndex() == 0
    type_text(window.title_edit, "Kế hoạch năm")
    answer_box(qtbot, "Tiếp tục sửa")
    assert not main.close()
    assert main.isVisible() and window.isVisible()
    window.load(window.year)  # the officer discards the change
    assert main.close()


def test_the_report_preview_learns_of_a_saved_plan(qtbot: QtBot, planned: Book, window: PlanWindow) -> None:
    from wardlog.ui.report_window import ReportWindow

    report = ReportWindow(window.session)
    report.set_period(H1)
    report.show()
    qtbot.waitUntil(lambda: report.preview.page_count > 0, timeout=30_000)
    assert not report.stale_notice.isVisible()
    window.load(2026)
    window.targets.table.selectRow(0)
    window.targets.remove()
    assert window.save()
    assert report.stale_notice.isVisible()  # its plan versus done is out of date
    report.close()
