"""The ward's PAR-index self-assessment for a chosen period: each criterion of the scoring table
with what was measured and the points it earns, the total out of the maximum, the families of
channels used, and the activities still missing their evidence (a double-click opens one on its
evidence page, to attach the photo or minutes).

The scoring table is the book's (:attr:`Book.scoring`), edited in :mod:`wardlog.ui.scoring_editor`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.i18n import N_, _, format_date, format_number, format_percent, ngettext
from wardlog.core.periods import Convention, Period
from wardlog.core.plan_listing import completion_text
from wardlog.core.scoring import Assessment, CriterionKind, CriterionResult
from wardlog.ui.period_picker import PeriodPicker
from wardlog.ui.session import ACTIVITIES, CATALOG, PLANS, SETTINGS, Session

CRITERIA_COLUMNS = (N_("Criterion"), N_("Measured"), N_("Score"), N_("Notes"))
CRITERION, MEASURED, SCORE, NOTES = range(4)
MISSING_COLUMNS = (N_("Date"), N_("Channel"), N_("Title"))
ID_ROLE = Qt.ItemDataRole.UserRole


def points(value: float) -> str:
    return format_number(value, decimals=2)


def measured_text(result: CriterionResult) -> str:
    """“83,33%” for completion, “2/3 nhóm” for variety, or why nothing was measured."""
    criterion = result.criterion
    if result.measured is None:
        return _("no target due")
    if criterion.kind is CriterionKind.COMPLETION:
        return format_percent(result.measured)
    return _("{used}/{families} families").format(used=int(result.measured), families=len(criterion.families))


def notes_text(result: CriterionResult, completion: str = "") -> str:
    """What lies behind the measure: the targets completed, the families used, the evidence missing."""
    criterion = result.criterion
    lines = [completion] if criterion.kind is CriterionKind.COMPLETION and completion else []
    if criterion.kind is CriterionKind.VARIETY:
        used = "; ".join(result.families_used) if result.families_used else _("none")
        lines.append(_("Families used: {families}").format(families=used))
        unused = [f.label for f in criterion.families if f.label not in result.families_used]
        if unused:
            lines.append(_("Not yet used: {families}").format(families="; ".join(unused)))
    if criterion.evidence:
        if result.missing_count:
            lines.append(
                ngettext(
                    "{n} activity counts only once its evidence is attached.",
                    "{n} activities count only once their evidence is attached.",
                    result.missing_count,
                ).format(n=format_number(result.missing_count))
            )
        else:
            lines.append(_("Only activities with evidence attached count."))
    return "\n".join(lines)


class AssessmentPage(QWidget):
    """The self-assessment of a period; ``activity_requested`` carries the id of an activity to open."""

    activity_requested = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.assessment: Assessment | None = None
        self._stale = True

        self.period_picker = PeriodPicker(session.book.settings.convention, self, all_dates=False)
        period_label = QLabel(_("&Period:"), self)
        period_label.setBuddy(self.period_picker)
        self.edit_button = QPushButton(_("&Scoring table…"), self)
        self.edit_button.setToolTip(_("Criteria, points, thresholds and families of channels"))
        self.edit_button.setAutoDefault(False)
        self.edit_button.clicked.connect(self.edit_scoring)
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period_picker)
        top.addStretch(1)
        top.addWidget(self.edit_button)

        self.table_name = QLabel(self)
        self.table_name.setWordWrap(True)
        self.total = QLabel(self)
        font = QFont(self.total.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.total.setFont(font)
        self.total.setAccessibleName(_("Total score"))

        self.criteria = QTableWidget(0, len(CRITERIA_COLUMNS), self)
        self.criteria.setHorizontalHeaderLabels([_(title) for title in CRITERIA_COLUMNS])
        self.criteria.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.criteria.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.criteria.setWordWrap(True)
        self.criteria.verticalHeader().hide()
        self.criteria.setAccessibleName(_("Criteria"))
        header = self.criteria.horizontalHeader()
        header.setSectionResizeMode(CRITERION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MEASURED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SCORE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)

        self.missing_label = QLabel(self)
        self.missing_label.setWordWrap(True)
        self.missing = QTableWidget(0, len(MISSING_COLUMNS), self)
        self.missing.setHorizontalHeaderLabels([_(title) for title in MISSING_COLUMNS])
        self.missing.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.missing.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.missing.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.missing.verticalHeader().hide()
        self.missing.setAccessibleName(_("Activities missing evidence"))
        self.missing.setToolTip(_("Double-click (or Enter) to open the activity and attach its evidence"))
        header = self.missing.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.missing.activated.connect(lambda _index: self.open_current())  # a double-click, or Enter

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.missing_label)
        lower_layout.addWidget(self.missing, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.criteria)
        self.splitter.addWidget(lower)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table_name)
        layout.addWidget(self.total)
        layout.addWidget(self.splitter, 1)

        self.period_picker.period_changed.connect(lambda _period: self.refresh())
        session.changed.connect(self._book_changed)

    @property
    def period(self) -> Period:
        period = self.period_picker.period
        assert period is not None
        return period

    def set_period(self, period: Period) -> None:
        self.period_picker.set_period(period)

    def refresh(self) -> None:
        self._stale = True
        if self.isVisible():
            self._fill()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._fill()

    def _book_changed(self, what: str) -> None:
        if what == SETTINGS:
            self.period_picker.set_convention(Convention(self.session.book.settings.convention))
        if what in (ACTIVITIES, CATALOG, PLANS, SETTINGS):
            self.refresh()

    def _fill(self) -> None:
        self._stale = False
        assessment = self.session.book.scoring.evaluate(self.period)
        completion = completion_text(self.session.book.plans.progress(self.period))
        self.assessment = assessment
        self.table_name.setText(_("Scoring table: {name}").format(name=assessment.table.name))
        self.total.setText(
            _("Total: {score} of {points} points").format(
                score=points(assessment.score), points=points(assessment.table.points)
            )
        )
        self.criteria.setRowCount(len(assessment.results))
        for row, result in enumerate(assessment.results):
            texts = (
                result.criterion.label,
                measured_text(result),
                f"{points(result.score)}/{points(result.criterion.points)}",
                notes_text(result, completion),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column in (MEASURED, SCORE):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.criteria.setItem(row, column, item)
        self.criteria.resizeRowsToContents()

        missing = {m.activity_id: m for result in assessment.results for m in result.missing}
        count = max((result.missing_count for result in assessment.results), default=0)
        rows = sorted(missing.values(), key=lambda m: (m.day, m.activity_id))
        if not any(result.criterion.evidence for result in assessment.results):
            text = _("No criterion of this table asks for evidence.")
        elif count == 0:
            text = _("Every activity that counts has its evidence attached.")
        else:
            text = ngettext(
                "{n} activity has no evidence attached (photos, minutes, links). "
                "Double-click to open it and attach.",
                "{n} activities have no evidence attached (photos, minutes, links). "
                "Double-click one to open it and attach.",
                count,
            ).format(n=format_number(count))
            if count > len(rows):
                text += " " + _("The first {shown} are listed.").format(shown=len(rows))
        self.missing_label.setText(text)
        self.missing.setRowCount(len(rows))
        for row, item in enumerate(rows):
            texts = (format_date(date.fromisoformat(item.day)), item.channel, item.title)
            for column, value in enumerate(texts):
                cell = QTableWidgetItem(value)
                cell.setData(ID_ROLE, item.activity_id)
                self.missing.setItem(row, column, cell)
        self.missing.setVisible(bool(rows))

    def open_current(self) -> None:
        row = self.missing.currentRow()
        if row < 0:
            return
        item = self.missing.item(row, 0)
        if item is not None:
            self.activity_requested.emit(int(item.data(ID_ROLE)))

    def edit_scoring(self) -> None:
        from wardlog.ui.scoring_editor import ScoringEditor

        ScoringEditor(self.session, self).exec()
