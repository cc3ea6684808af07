"""The overview of a period: its totals, how many different channels were used (the variety that PAR
scoring counts), figures per channel group, and charts by month, channel group, channel and topic.

The figures come from :func:`wardlog.core.figures.compute`, the same function the report reads, so the
screen and the document never disagree. They are computed on a worker thread with its own connection
to the book (a large upper-level book takes a second or more), and only while the page is shown: a
change that arrives while it is hidden is remembered and the page recomputes when it is shown again.
The charts are the report's own reportlab drawings (:mod:`wardlog.report.charts`), shown as SVG;
reportlab is imported only when the first chart is drawn, never at start-up.
"""

from __future__ import annotations

import contextlib
import math
import threading
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette, QResizeEvent, QShowEvent
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.activities import ActivityQuery
from wardlog.core.book import Book
from wardlog.core.catalog import Catalog, Kind
from wardlog.core.figures import Figures, Tally, compute
from wardlog.core.i18n import _, format_number
from wardlog.core.periods import Convention, Period, PeriodKind, date_range
from wardlog.core.resources import resource_path
from wardlog.ui.period_picker import PeriodPicker
from wardlog.ui.session import ACTIVITIES, CATALOG, SETTINGS, Session

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

CHART_FONT_FILES = ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf")
MONTH_CHART_HEIGHT = 170.0  # points
REDRAW_DELAY_MS = 50  # charts are redrawn at their new width once resizing pauses
BUSY_NOTICE_MS = 300  # say "Counting…" only when the figures take longer than this
SCREEN_ZOOM = 1.1  # chart text a little larger on the screen than on paper, to sit with the interface font
NUMBER_COLUMNS = (1, 2, 3)


# --- what the page computes (no Qt) ------------------------------------------------------------


def figures_for(book: Book, period: Period | None, today: date | None = None) -> Figures:
    """The figures of ``period``; ``None`` (all dates) runs from the book's first activity to its last."""
    if period is None:
        first = book.activities.query(ActivityQuery(order="date", limit=1))
        last = book.activities.query(ActivityQuery(order="-date", limit=1))
        today = today or date.today()
        period = date_range(first[0].date, last[0].date) if first else date_range(today, today)
    return compute(book, period)


def format_duration(minutes: int) -> str:
    """Minutes on air as hours and minutes: ``6 h``, ``1 h 30 min``, ``45 min`` (Vietnamese: ``6 giờ``…)."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    if not rest:
        return _("{hours} h").format(hours=format_number(hours))
    return _("{hours} h {minutes} min").format(hours=format_number(hours), minutes=rest)


def format_quantities(tally: Tally, catalog: Catalog) -> str:
    """Quantities per unit, largest first: ``1.200 tờ, 12 tấm`` (units do not add up)."""
    return ", ".join(
        f"{format_number(total)} {catalog.label(Kind.UNIT, unit)}" for unit, total in tally.quantities
    )


# --- pieces of the page ------------------------------------------------------------------------

_chart_fonts_installed = False


def _install_chart_fonts() -> None:
    """Give Qt the documents' font, so the charts' SVG text is drawn in it (and not in boxes)."""
    global _chart_fonts_installed
    if not _chart_fonts_installed:
        for name in CHART_FONT_FILES:
            QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        _chart_fonts_installed = True


class Tile(QFrame):
    """One big figure with its caption under it."""

    def __init__(self, caption: str, tip: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setStyleSheet(
            "QFrame#tile { background: palette(base); border: 1px solid palette(mid); border-radius: 4px; }"
        )
        self.value_label = QLabel("–")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value_label.setFont(font)
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption_label = QLabel(caption)
        self.caption_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        if tip:
            self.setToolTip(tip)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    @property
    def value(self) -> str:
        return self.value_label.text()

    def set_value(self, text: str) -> None:
        self.value_label.setText(text)
        self.setAccessibleName(f"{self.caption_label.text()}: {text}")


class ChartView(QSvgWidget):
    """One chart of :mod:`wardlog.report.charts`, redrawn for the width it gets so its text keeps one
    size whatever the window's width (a point of the drawing is about 1.5 pixels on the screen)."""

    def __init__(self, chart: str, name: str, height: float | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._chart = chart  # the name of a function of wardlog.report.charts
        self._height = height
        self._figures: Figures | None = None
        self._drawn_width = -1
        self.drawing: Drawing | None = None
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(260)
        self.setAccessibleName(name)
        self.setAutoFillBackground(True)  # charts are drawn for paper: black on white in every theme
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        self.setPalette(palette)
        self._redraw_timer = QTimer(self, singleShot=True, interval=REDRAW_DELAY_MS)
        self._redraw_timer.timeout.connect(self._draw)

    def set_figures(self, figures: Figures) -> None:
        self._figures = figures
        self._draw()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._drawn_width and self._figures is not None:
            self._redraw_timer.start()

    def _draw(self) -> None:
        if self._figures is None:
            return
        from wardlog.report import charts

        _install_chart_fonts()
        scale = self.logicalDpiX() / 72 * SCREEN_ZOOM
        width = max(self.width(), self.minimumWidth())
        build = getattr(charts, self._chart)
        args = (self._figures, width / scale) + ((self._height,) if self._height else ())
        self.drawing = build(*args)
        self.load(QByteArray(charts.to_svg(self.drawing)))
        self.setFixedHeight(math.ceil(self.drawing.height * scale))
        self._drawn_width = width


class _Results(QObject):
    """Carries a worker's figures back to the UI thread (a queued signal)."""

    ready = Signal(int, object)  # generation, Figures or the exception raised


# --- the page ----------------------------------------------------------------------------------


class OverviewPage(QWidget):
    """The figures of one period at a glance."""

    refreshed = Signal()  # new figures are on the screen

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._convention = Convention(session.book.settings.convention)
        self._figures: Figures | None = None
        self._stale = True
        self._wanted = 0  # generation of the figures asked for last
        self._busy = False
        self._results = _Results(self)
        self._results.ready.connect(self._deliver)
        self._busy_notice = QTimer(self, singleShot=True, interval=BUSY_NOTICE_MS)
        self._busy_notice.timeout.connect(lambda: self.status_label.setText(_("Counting…")))

        self.period_picker = PeriodPicker(self._convention)
        self.status_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.period_picker)
        top.addStretch(1)
        top.addWidget(self.status_label)

        self.activities_tile = Tile(_("Activities"))
        self.participants_tile = Tile(_("Participants"), _("People who attended, added over the activities"))
        self.time_tile = Tile(_("Time on air"), _("Minutes of broadcast (loudspeakers, radio, television)"))
        self.channels_tile = Tile(
            _("Channels used"),
            _("How many different channels were used: the variety that PAR INDEX scoring counts"),
        )
        self.groups_tile = Tile(
            _("Channel groups used"), _("Direct, mass media and visual: how many of the groups were used")
        )
        tiles = QHBoxLayout()
        for tile in self.tiles:
            tiles.addWidget(tile, 1)
        self.unused_label = QLabel()
        self.unused_label.setWordWrap(True)
        self.unused_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.month_chart = ChartView("month_bars", _("Activities by month"), MONTH_CHART_HEIGHT)
        self.month_note = QLabel()
        self.month_note.setWordWrap(True)
        self.group_chart = ChartView("group_bars", _("Activities by channel group"))
        self.channel_chart = ChartView("channel_bars", _("Activities by channel"))
        self.topic_chart = ChartView("topic_bars", _("Activities by topic"))
        self.group_table = self._make_group_table()

        left = QVBoxLayout()
        left.addWidget(_heading(_("Activities by month")))
        left.addWidget(self.month_chart)
        left.addWidget(self.month_note)
        left.addSpacing(8)
        left.addWidget(_heading(_("Activities by channel group")))
        left.addWidget(self.group_chart)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(_heading(_("Activities by channel (channels used)")))
        right.addWidget(self.channel_chart)
        right.addStretch(1)
        below = QVBoxLayout()
        below.addSpacing(8)
        below.addWidget(_heading(_("Figures by channel group")))
        below.addWidget(self.group_table)
        below.addSpacing(8)
        below.addWidget(_heading(_("Activities by topic (an activity may have several)")))
        below.addWidget(self.topic_chart)
        below.addStretch(1)
        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 4, 8, 8)
        grid.setHorizontalSpacing(24)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addLayout(below, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2, 1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        self.scroll_area.setAccessibleName(_("Charts"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addWidget(self.unused_label)
        layout.addWidget(self.scroll_area, 1)

        self.period_picker.period_changed.connect(lambda _period: self.refresh())
        session.changed.connect(self._book_changed)

    # --- public --------------------------------------------------------------------------------

    @property
    def tiles(self) -> tuple[Tile, ...]:
        return (
            self.activities_tile,
            self.participants_tile,
            self.time_tile,
            self.channels_tile,
            self.groups_tile,
        )

    @property
    def figures(self) -> Figures | None:
        """The figures on the screen (None until the page was first shown)."""
        return self._figures

    @property
    def busy(self) -> bool:
        """Figures are being computed."""
        return self._busy

    def refresh(self) -> None:
        """Compute the figures again now if the page is shown, else when it is next shown."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._wanted += 1
        if not self._busy:  # a computation under way is followed by this one when it ends
            self._start(self._wanted)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # --- computing -----------------------------------------------------------------------------

    def _book_changed(self, what: str) -> None:
        if what == SETTINGS:
            convention = Convention(self._session.book.settings.convention)
            if convention is not self._convention:
                self._convention = convention
                self.period_picker.set_convention(convention)  # emits period_changed: a refresh
        elif what in (ACTIVITIES, CATALOG):
            self.refresh()

    def _start(self, generation: int) -> None:
        period = self.period_picker.period
        path = self._session.book.path
        if path is None:  # a book in memory has no second connection: compute here
            try:
                outcome: Figures | Exception = figures_for(self._session.book, period)
            except Exception as error:
                outcome = error
            self._busy = True
            self._deliver(generation, outcome)
            return
        self._busy = True
        self._busy_notice.start()
        results = self._results

        def work() -> None:
            try:
                with Book.open(path, create=False) as book:
                    outcome: Figures | Exception = figures_for(book, period)
            except Exception as error:  # shown on the page, never lost in the thread
                outcome = error
            with contextlib.suppress(RuntimeError):  # the page was closed meanwhile
                results.ready.emit(generation, outcome)

        threading.Thread(target=work, name="wardlog-overview", daemon=True).start()

    def _deliver(self, generation: int, outcome: object) -> None:
        self._busy = False
        self._busy_notice.stop()
        if generation != self._wanted:  # asked for something newer meanwhile
            self._start(self._wanted)
            return
        if isinstance(outcome, Exception):
            self.status_label.setText(_("The figures could not be computed: {reason}").format(reason=outcome))
            return
        self.status_label.clear()
        assert isinstance(outcome, Figures)
        self._show(outcome)

    # --- showing -------------------------------------------------------------------------------

    def _show(self, figures: Figures) -> None:
        self._figures = figures
        total = figures.total
        self.activities_tile.set_value(format_number(total.activities))
        self.participants_tile.set_value(format_number(total.participants))
        self.time_tile.set_value(format_duration(total.minutes))
        self.channels_tile.set_value(f"{figures.channels_used}/{len(figures.by_channel)}")
        self.groups_tile.set_value(f"{figures.groups_used}/{len(figures.by_group)}")

        unused = [channel.label for channel in figures.by_channel if not channel.tally.activities]
        if not total.activities:
            self.unused_label.setText(_("No activities in this period."))
        elif unused:
            self.unused_label.setText(_("Channels not used: {channels}.").format(channels="; ".join(unused)))
        else:
            self.unused_label.setText(_("Every channel was used in this period."))

        period = figures.period
        if period.kind is PeriodKind.RANGE:  # all dates: say which
            note = _("Activities dated {range}; calendar months.").format(range=period.label)
        elif period.convention is Convention.CUTOFF:
            note = _("Month M runs from the 15th of the month before to the 14th of M (Decree 09/2019).")
        else:
            note = ""
        self.month_note.setText(note)
        self.month_note.setVisible(bool(note and total.activities))
        for chart in (self.month_chart, self.group_chart, self.channel_chart, self.topic_chart):
            chart.set_figures(figures)
        self._fill_group_table(figures)
        self.refreshed.emit()

    def _make_group_table(self) -> QTableWidget:
        table = QTableWidget(0, 5)
        table.setHorizontalHeaderLabels(
            [_("Channel group"), _("Channels used"), _("Activities"), _("Participants"), _("Quantities")]
        )
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(True)
        table.setAccessibleName(_("Figures by channel group"))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return table

    def _fill_group_table(self, figures: Figures) -> None:
        catalog = self._session.book.catalog
        table = self.group_table
        rows = [
            (group.label, f"{group.channels_used}/{_channels_in(figures, group.code)}", group.tally)
            for group in figures.by_group
        ]
        rows.append((_("Total"), f"{figures.channels_used}/{len(figures.by_channel)}", figures.total))
        table.setRowCount(len(rows))
        bold = QFont(table.font())
        bold.setBold(True)
        for row, (label, channels, tally) in enumerate(rows):
            texts = (
                label,
                channels,
                format_number(tally.activities),
                format_number(tally.participants),
                format_quantities(tally, catalog),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column in NUMBER_COLUMNS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 4:
                    item.setToolTip(text)
                if row == len(rows) - 1:
                    item.setFont(bold)
                table.setItem(row, column, item)
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(row) for row in range(table.rowCount()))
        table.setFixedHeight(height)


def _channels_in(figures: Figures, group: str) -> int:
    return sum(1 for channel in figures.by_channel if channel.group == group)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


__all__ = ["ChartView", "OverviewPage", "Tile", "figures_for", "format_duration", "format_quantities"]
