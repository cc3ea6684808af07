"""The self-assessment tab and the scoring table editor, driven as the officer uses them: the score of
a period on known data, evidence attached from the list of what is missing, a changed scoring table
that changes the score, a refusal shown in the editor, and the way back to the default table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QDoubleSpinBox, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from tests.core.test_plans import H1
from tests.ui.boxes import answer_box
from tests.ui.dialogs import when_open
from tests.ui.plan_data import known_plan
from tests.ui.test_attachments_panel import image_file
from wardlog.core.book import Book
from wardlog.core.scoring import DEFAULT, ScoringTable
from wardlog.ui.activity_form import EVIDENCE_PAGE, ActivityForm
from wardlog.ui.assessment_window import MEASURED, NOTES, SCORE, AssessmentPage
from wardlog.ui.plan_window import ASSESSMENT_TAB, PlanWindow
from wardlog.ui.scoring_editor import ScoringEditor
from wardlog.ui.session import Session

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(qtbot: QtBot, book: Book) -> Iterator[AssessmentPage]:
    """The self-assessment of 2026-H1 of the known ward, in the plan window."""
    known_plan(book)
    window = PlanWindow(Session(book))
    window.resize(1024, 560)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(ASSESSMENT_TAB)
    window.assessment_page.set_period(H1)
    yield window.assessment_page
    if isValid(window):
        window.close()


def double_click(qtbot: QtBot, widget: QWidget, pos: QPoint) -> None:
    """As a mouse does it: a click, then the second press that makes it a double-click."""
    qtbot.mouseClick(widget, LEFT, pos=pos)
    qtbot.mouseDClick(widget, LEFT, pos=pos)


def cells(page: AssessmentPage, row: int) -> tuple[str, str]:
    return page.criteria.item(row, MEASURED).text(), page.criteria.item(row, SCORE).text()


def test_the_score_of_a_period_and_the_evidence_missing(
    qtbot: QtBot, page: AssessmentPage, tmp_path: Path
) -> None:
    assert page.table_name.text() == f"Bảng điểm: {DEFAULT.name}"
    assert page.total.text() == "Tổng điểm tự chấm: 0/2 điểm"
    assert cells(page, 0) == ("40,00%", "0/1")  # below 90 %: no point
    assert page.criteria.item(0, NOTES).text() == "Hoàn thành 2/5 nhiệm vụ, đạt 40,00%"
    assert cells(page, 1) == ("0/3 nhóm", "0/1")  # nothing has evidence yet
    assert (
        "7 hoạt động chỉ được tính khi đã đính kèm tài liệu kiểm chứng."
        in page.criteria.item(1, NOTES).text()
    )
    assert page.missing_label.text().startswith("7 hoạt động chưa có tài liệu kiểm chứng")
    assert page.missing.rowCount() == 7
    titles = [page.missing.item(row, 1).text() for row in range(7)]
    poster_row = titles.index("Panô, áp phích")

    photo = image_file(tmp_path / "Ảnh panô.png", 80, 60, "#2e86de")

    def attach_photo(form: ActivityForm) -> None:
        assert form.tabs.currentIndex() == EVIDENCE_PAGE  # opened where the photo goes
        assert form.activity is not None and form.activity.channel == "pano"
        assert form.evidence.attach_paths([photo]) == 1
        form.reject()

    opened = when_open(ActivityForm, attach_photo)
    item = page.missing.item(poster_row, 2)
    page.missing.scrollToItem(item)
    double_click(qtbot, page.missing.viewport(), page.missing.visualItemRect(item).center())
    assert opened
    assert cells(page, 1) == ("1/3 nhóm", "0,25/1")  # the traditional channels count now
    assert "Nhóm hình thức đã dùng: Hình thức truyền thống" in page.criteria.item(1, NOTES).text()
    assert page.total.text() == "Tổng điểm tự chấm: 0,25/2 điểm"
    assert page.missing.rowCount() == 6


def set_cell(qtbot: QtBot, editor: ScoringEditor, row: int, column: int, text: str) -> None:
    """Double-click a threshold cell, type the number, Enter."""
    table = editor.thresholds
    item = table.item(row, column)
    table.scrollToItem(item)
    double_click(qtbot, table.viewport(), table.visualItemRect(item).center())
    spin = table.viewport().findChild(QDoubleSpinBox)
    assert spin is not None
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)  # (committed queued)
    assert editor.isVisible()  # Enter in a cell does not save the dialog


def test_a_changed_scoring_table_changes_the_score(qtbot: QtBot, page: AssessmentPage) -> None:
    book = page.session.book

    def edit(editor: ScoringEditor) -> None:
        editor.criteria_list.setCurrentRow(0)  # completion: 2 points, half of them from 40 %
        editor.points_box.setValue(2)
        assert editor.thresholds.horizontalHeaderItem(0).text() == "Từ mức (%)"
        assert editor.thresholds.item(1, 0).text() == "90"
        set_cell(qtbot, editor, 1, 0, "40")
        editor.criteria_list.setCurrentRow(1)  # variety: the loudspeakers join the screens' family
        editor.pages.setCurrentIndex(1)
        editor.family_list.setCurrentRow(0)
        assert editor.family_name.text() == "Bảng điện tử, màn hình LED, bảng tin"
        loudspeakers = next(
            editor.channels.model.item(row)
            for row in range(editor.channels.model.rowCount())
            if editor.channels.model.item(row).data(Qt.ItemDataRole.UserRole) == "loa"
        )
        loudspeakers.setCheckState(Qt.CheckState.Checked)
        editor.pages.setCurrentIndex(0)
        editor.evidence_box.setChecked(False)  # and every activity counts, evidence or not
        qtbot.mouseClick(editor.save_button, LEFT)

    seen = when_open(ScoringEditor, edit)
    qtbot.mouseClick(page.edit_button, LEFT)
    assert seen and not seen[0].isVisible()
    table = book.scoring.table
    completion, variety = table.criteria
    assert (completion.points, completion.thresholds) == (2.0, ((1.0, 1.0), (0.4, 0.5)))
    assert variety.families[0].channels == ("loa", "bang_tin", "man_hinh_led")  # in the catalog's order
    assert not variety.evidence
    assert cells(page, 0) == ("40,00%", "0,5/2")
    assert cells(page, 1) == ("2/3 nhóm", "0,5/1")  # loa in two families, the posters in one
    assert page.total.text() == "Tổng điểm tự chấm: 1/3 điểm"
    assert page.missing_label.text() == "Không có tiêu chí nào của bảng điểm yêu cầu tài liệu kiểm chứng."


def test_a_refused_table_is_explained_and_the_default_comes_back(qtbot: QtBot, page: AssessmentPage) -> None:
    book = page.session.book

    def refuse_then_reset(editor: ScoringEditor) -> None:
        editor.criteria_list.setCurrentRow(1)
        set_cell(qtbot, editor, 0, 1, "5")  # 5 points from a criterion worth 1
        qtbot.mouseClick(editor.save_button, LEFT)
        assert editor.isVisible() and editor.banner.isVisible()
        assert editor.banner.text().startswith(
            "Chưa lưu được bảng điểm:\nĐa dạng hình thức tuyên truyền CCHC:"
        )
        answer_box(qtbot, "Tiếp tục sửa")
        editor.reject()  # asked first: the change is kept
        assert editor.isVisible()
        answer_box(qtbot, "Dùng bảng mặc định")
        qtbot.mouseClick(editor.reset_button, LEFT)
        assert editor.thresholds.item(0, 1).text() == "1" and not editor.is_modified()
        editor.reject()

    book.scoring.save(ScoringTable("Bộ chỉ số tỉnh X", DEFAULT.criteria[:1]))
    page.refresh()
    assert page.criteria.rowCount() == 1 and page.table_name.text() == "Bảng điểm: Bộ chỉ số tỉnh X"
    seen = when_open(ScoringEditor, lambda editor: editor.reject())  # nothing changed: no question
    qtbot.mouseClick(page.edit_button, LEFT)
    assert seen and not seen[0].isVisible()

    book.scoring.save(ScoringTable("Bộ chỉ số tỉnh X", DEFAULT.criteria))
    seen = when_open(ScoringEditor, refuse_then_reset)
    qtbot.mouseClick(page.edit_button, LEFT)
    assert seen and book.scoring.table == DEFAULT
    assert page.criteria.rowCount() == 2
