"""Plan versus done for a chosen period: each target due in it with what was planned, what the log
achieved, a progress bar and done or not, and “Hoàn thành x/y nhiệm vụ, đạt z%”.

Measured by the core (:meth:`Plans.progress`) on the saved plan and the live activities; the page
follows every change of the book and refreshes itself when it is next seen.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.i18n import N_, _, format_percent
from wardlog.core.periods import Convention, Period
from wardlog.core.plan_listing import amount, completion_text, with_note
from wardlog.core.plans import PlanProgress
from wardlog.ui.period_picker import PeriodPicker
from wardlog.ui.plan_targets import due_label
from wardlog.ui.session import ACTIVITIES, CATALOG, PLANS, SETTINGS, Session

RATIO_ROLE = Qt.ItemDataRole.UserRole + 10
COLUMNS = (
    N_("No."),
    N_("Target"),
    N_("Due"),
    N_("Planned"),
    N_("Achieved"),
    N_("Progress"),
    N_("Assessment"),
)
NUMBER, TARGET, DUE, PLANNED, ACHIEVED, PROGRESS, STATE = range(7)
DONE_COLOR = QColor("#1e6b34")
SHORT_COLOR = QColor("#a50e0e")
BAR_BACKGROUND = QColor("#e3e3e3")
DONE_BAR = QColor("#3c9a52")
SHORT_BAR = QColor("#3d7cc9")
_Index = QModelIndex | QPersistentModelIndex


class ProgressBarDelegate(QStyledItemDelegate):
    """A bar in the cell, full at 100 % (green when the target is met), and the percentage beside it
    in the text colour, readable whatever the bar covers."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        ratio = index.data(RATIO_ROLE)
        if ratio is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)  # selection
        text = format_percent(ratio, decimals=0)
        metrics = option.fontMetrics
        text_width = metrics.horizontalAdvance("1.000%")
        area = option.rect.adjusted(6, 0, -6, 0)
        bar = QRect(area.left(), area.center().y() - 5, max(10, area.width() - text_width - 6), 10)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BAR_BACKGROUND)
        painter.drawRoundedRect(bar, 3, 3)
        filled = QRect(bar.left(), bar.top(), round(bar.width() * max(0.0, min(1.0, ratio))), bar.height())
        if filled.width() > 0:
            painter.setBrush(DONE_BAR if ratio >= 1 else SHORT_BAR)
            painter.drawRoundedRect(filled, 3, 3)
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(role))
        text_rect = QRect(bar.right() + 6, area.top(), area.right() - bar.right() - 6, area.height())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 150), hint.height())


class ProgressPage(QWidget):
    """The plan versus what was done in a period."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.progress: PlanProgress | None = None
        self._stale = True

        self.period_picker = PeriodPicker(session.book.settings.convention, self, all_dates=False)
        period_label = QLabel(_("&Period:"), self)
        period_label.setBuddy(self.period_picker)
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period_picker)
        top.addStretch(1)

        self.summary = QLabel(self)
        font = QFont(self.summary.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.summary.setFont(font)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Completion"))
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8a5300;")
        self.note.hide()

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([_(title) for title in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_("Plan versus done"))
        self.table.setItemDelegateForColumn(PROGRESS, ProgressBarDelegate(self.table))
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.Stretch)
        self.later = QLabel(self)
        self.later.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.later)

        self.period_picker.period_changed.connect(lambda _period: self.refresh())
        session.changed.connect(self._book_changed)

    @property
    def period(self) -> Period:
        period = self.period_picker.period
        assert period is not None  # the picker offers no "all dates" here
        return period

    def set_period(self, period: Period) -> None:
        self.period_picker.set_period(period)

    def set_unsaved(self, unsaved: bool) -> None:
        """Say that the plan being edited differs from the saved one this page measures."""
        self.note.setText(_("The plan has unsaved changes; the progress is that of the saved plan."))
        self.note.setVisible(unsaved)

    def refresh(self) -> None:
        """Measure the period again (at once when shown, else when next shown)."""
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
        book = self.session.book
        progress = book.plans.progress(self.period)
        self.progress = progress
        text = completion_text(progress)
        self.summary.setText(text + ("." if progress.completion is not None else ""))
        self.table.setRowCount(len(progress.targets))
        convention = self.period.convention
        for row, item in enumerate(progress.targets):
            target = item.target
            texts = (
                str(row + 1),
                with_note(item.label, target),
                due_label(target.due, convention),
                amount(target, target.quantity, book.catalog),
                amount(target, item.achieved, book.catalog),
                "",
                _("Completed") if item.done else _("Not completed"),
            )
            for column, value in enumerate(texts):
                cell = QTableWidgetItem(value)
                if column in (NUMBER, PLANNED, ACHIEVED):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == TARGET:
                    cell.setToolTip(value)
                if column == PROGRESS:
                    cell.setData(RATIO_ROLE, item.ratio)
                    cell.setToolTip(format_percent(item.ratio))
                if column == STATE:
                    cell.setForeground(QBrush(DONE_COLOR if item.done else SHORT_COLOR))
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        planned = sum(len(plan.targets) for plan in progress.plans)
        later = planned - len(progress.targets)
        self.later.setText(_("Targets not due in this period: {n}.").format(n=later) if later else "")
        self.later.setVisible(bool(later))
