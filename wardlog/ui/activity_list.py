"""The activity list: filters (period, channel group or channel, topic, search as you type),
the table, and the totals of what is shown."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.activities import ActivityQuery, Totals
from wardlog.core.catalog import Kind
from wardlog.core.i18n import _, format_number, ngettext
from wardlog.core.model import Activity
from wardlog.ui.activity_model import (
    CHANNEL,
    COLUMNS,
    DATE,
    PLACE,
    TITLE,
    TOPICS,
    ActivityRole,
    ActivityTableModel,
)
from wardlog.ui.collation import install_collation
from wardlog.ui.period_picker import PeriodPicker
from wardlog.ui.session import ACTIVITIES, CATALOG, SETTINGS, Session
from wardlog.ui.totals_worker import TotalsWorker

SEARCH_DELAY_MS = 150
MIN_TITLE_WIDTH = 220  # the title is what people read; other text columns give way first
MIN_FLEXIBLE_WIDTH = 80


class ActivityListPage(QWidget):
    """Find and pick activities. ``open_requested`` fires on double-click or Enter on a row."""

    open_requested = Signal(object)  # Activity
    selection_changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None, *, deleted: bool = False) -> None:
        super().__init__(parent)
        self._session = session
        book = session.book
        collation = install_collation(book.conn)

        self.period_picker = PeriodPicker(book.settings.convention)
        self.channel_filter = QComboBox()
        self.channel_filter.setAccessibleName(_("Channel filter"))
        self.topic_filter = QComboBox()
        self.topic_filter.setAccessibleName(_("Topic filter"))
        self.topic_filter.setMinimumContentsLength(18)
        self.topic_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.channel_filter.setMinimumContentsLength(18)
        self.channel_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(_("Search (no need for diacritics)…"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(_("Search"))
        self._fill_filters()

        query = ActivityQuery(
            period=self.period_picker.period, deleted=deleted, order="-date", collation=collation
        )
        # The list opens on its first page; its whole count comes with the totals, after the paint.
        self.model = ActivityTableModel(book, query, self, first_page_only=True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # The indicator first, so that turning sorting on asks for the order the model already has
        # (asking for another would read the list again, twice, while the window opens).
        self.table.horizontalHeader().setSortIndicator(DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((92, 180, 0, 160, 140, 60, 110, 64)):
            if width:  # wide enough for its heading in either language
                self.table.setColumnWidth(
                    column, max(width, header.sectionSizeFromContents(column).width() + 8)
                )
        self.table.setAccessibleName(_("Activities"))
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)  # the units add up to more than a narrow window holds
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        first_row = QHBoxLayout()
        first_row.addWidget(self.period_picker)
        first_row.addStretch(1)
        first_row.addWidget(self.search_box, 1)
        second_row = QHBoxLayout()
        second_row.addWidget(self.channel_filter, 1)
        second_row.addWidget(self.topic_filter, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(first_row)
        layout.addLayout(second_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals_label)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.period_picker.period_changed.connect(self._apply_filters)
        self.channel_filter.currentIndexChanged.connect(self._apply_filters)
        self.topic_filter.currentIndexChanged.connect(self._apply_filters)
        self.table.doubleClicked.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self.selection_changed)
        self.model.modelReset.connect(self.selection_changed)
        session.changed.connect(self._book_changed)
        self._totals = TotalsWorker(book, self)
        self._totals.ready.connect(self._show_totals)
        self._totals.failed.connect(self._count_without_totals)
        # Asked for once the table has drawn its rows (a hidden page, the bin, asks when it is shown):
        # adding them up never competes with drawing the list.
        self._totals_timer = QTimer(self, singleShot=True, interval=0)
        self._totals_timer.timeout.connect(self._request_totals)
        self._totals_wanted = False
        self.table.viewport().installEventFilter(self)
        self._ask_totals()

    # --- public --------------------------------------------------------------------------------

    def selected_activities(self) -> list[Activity]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [activity for row in rows if (activity := self.model.activity(row)) is not None]

    def current_activity(self) -> Activity | None:
        index = self.table.currentIndex()
        return self.model.activity(index.row()) if index.isValid() else None

    def select_activity(self, activity_id: int) -> None:
        row = self.model.row_of(activity_id)
        if row >= 0:
            index = self.model.index(row, 0)
            self.table.setCurrentIndex(index)
            self.table.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            activity = self.current_activity()
            if activity is not None:
                self.open_requested.emit(activity)
                return
        super().keyPressEvent(event)

    # --- filters -------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._keep_title_readable)  # once the layout has sized the table

    def _keep_title_readable(self) -> None:
        """On a narrow window, narrow the channel, topic and place columns so the title stays readable."""
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != TITLE)
        shortfall = MIN_TITLE_WIDTH - (self.table.viewport().width() - others)
        if shortfall <= 0:
            return
        flexible = [c for c in (CHANNEL, TOPICS, PLACE) if header.sectionSize(c) > MIN_FLEXIBLE_WIDTH]
        room = sum(header.sectionSize(c) - MIN_FLEXIBLE_WIDTH for c in flexible)
        for column in flexible:
            share = (header.sectionSize(column) - MIN_FLEXIBLE_WIDTH) / room if room else 0
            header.resizeSection(
                column, max(MIN_FLEXIBLE_WIDTH, header.sectionSize(column) - round(shortfall * share))
            )

    def _fill_filters(self) -> None:
        catalog = self._session.book.catalog
        for combo in (self.channel_filter, self.topic_filter):
            combo.blockSignals(True)
        current_channel = self.channel_filter.currentData()
        current_topic = self.topic_filter.currentData()
        self.channel_filter.clear()
        self.channel_filter.addItem(_("All channels"), None)
        for group in catalog.groups():
            codes = tuple(c.code for c in catalog.channels(include_retired=True) if c.group == group.code)
            self.channel_filter.addItem(group.label, codes)
            for channel in catalog.channels():
                if channel.group == group.code:
                    self.channel_filter.addItem("    " + channel.label, (channel.code,))
        self.topic_filter.clear()
        self.topic_filter.addItem(_("All topics"), None)
        for topic in catalog.topics():
            self.topic_filter.addItem(topic.label, topic.code)
        for combo, current in ((self.channel_filter, current_channel), (self.topic_filter, current_topic)):
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def _apply_filters(self) -> None:
        channels = self.channel_filter.currentData() or ()
        topic = self.topic_filter.currentData()
        query = replace(
            self.model.query,
            period=self.period_picker.period,
            channels=tuple(channels),
            topics=(topic,) if topic else (),
            text=self.search_box.text(),
        )
        self.model.set_query(query)
        self._ask_totals()

    @property
    def totals_shown(self) -> bool:
        """The totals of what the list shows are on screen (they are added up beside the window)."""
        return not (self._totals_wanted or self._totals_timer.isActive() or self._totals.pending)

    def _ask_totals(self) -> None:
        """The number of activities at once (the list counted them), the rest when it is added up."""
        counted = self._count_text(self.model.rowCount()) + " · " if self.model.count_complete else ""
        self.totals_label.setText(counted + "…")
        self._totals_wanted = True
        if self.isVisible():
            self._totals_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and self._totals_wanted
            and not self._totals_timer.isActive()
            and watched is self.table.viewport()
        ):
            self._totals_timer.start()  # after this paint
        return False

    def _request_totals(self) -> None:
        if self._totals_wanted and self.isVisible():
            self._totals_wanted = False
            self._totals.request(self.model.query)

    def _count_text(self, count: int) -> str:
        return ngettext("{n} activity", "{n} activities", count).format(n=format_number(count))

    def _show_totals(self, totals: Totals) -> None:
        self.model.complete_count(totals.activities)
        catalog = self._session.book.catalog
        parts = [self._count_text(totals.activities)]
        if totals.participants:
            parts.append(_("{n} participants").format(n=format_number(totals.participants)))
        if totals.minutes:
            parts.append(_("{n} minutes on air").format(n=format_number(totals.minutes)))
        quantities = ", ".join(
            f"{format_number(total)} {catalog.label(Kind.UNIT, unit)}" for unit, total in totals.quantities
        )
        if quantities:
            parts.append(quantities)
        self.totals_label.setText(" · ".join(parts))

    def _count_without_totals(self, _error: object) -> None:
        """The totals failed (they are logged): the list still gets its whole count."""
        if not self.model.count_complete:
            self.model.complete_count(self._session.book.activities.count(self.model.query))
            self.totals_label.setText(self._count_text(self.model.rowCount()))

    def _book_changed(self, what: str) -> None:
        if what == CATALOG:
            self._fill_filters()
        if what == SETTINGS:
            self.period_picker.set_convention(self._session.book.settings.convention)
        if what in (ACTIVITIES, CATALOG):
            current = self.current_activity()
            self.model.reload()
            self._ask_totals()
            if current is not None:
                self.select_activity(current.id)

    def _open_index(self, index) -> None:
        activity = self.model.data(index, ActivityRole)
        if activity is not None:
            self.open_requested.emit(activity)


__all__ = ["COLUMNS", "ActivityListPage"]
