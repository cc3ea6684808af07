"""The activity table: a Qt model over the book that loads only the rows on screen.

The rows come a page at a time from :class:`wardlog.core.paging.ActivityPages`, which in the list's
usual date order reads neither the activities nor their ids ahead: a list of a million opens with a
count and one page, and memory stays flat however far it is scrolled (the model keeps the last
``PAGES_KEPT`` pages). The number of evidence files of a page's activities comes with the page.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from wardlog.core.activities import ActivityQuery
from wardlog.core.book import Book
from wardlog.core.catalog import Kind
from wardlog.core.i18n import N_, _, format_date, format_number, ngettext
from wardlog.core.model import Activity
from wardlog.core.paging import PAGE, ActivityPages

PAGES_KEPT = 40
_Index = QModelIndex | QPersistentModelIndex

# (heading, sort key of wardlog.core.activities.SORT_KEYS or None when the column does not sort)
COLUMNS: tuple[tuple[str, str | None], ...] = (
    (N_("Date"), "date"),
    (N_("Channel"), "channel"),
    (N_("Title"), "title"),
    (N_("Topics"), None),
    (N_("Place"), "place"),
    (N_("People"), "participants"),
    (N_("Quantity"), "quantity"),
    (N_("Evidence"), None),
)
DATE, CHANNEL, TITLE, TOPICS, PLACE, PARTICIPANTS, QUANTITY, EVIDENCE = range(len(COLUMNS))
ActivityRole = Qt.ItemDataRole.UserRole + 1
# The roles as plain numbers: a screenful of the list asks for a few thousand cells and roles, and
# most roles are none of the model's business, which it says before looking the activity up.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, _DECORATION, int(ActivityRole)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


@cache
def paperclip_icon() -> QIcon:
    """A paperclip beside the number of evidence files (drawn: the shipped fonts have no 📎)."""
    pixmap = QPixmap(32, 32)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#5f6368"), 1.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    path = QPainterPath(QPointF(9.5, 5.5))
    path.lineTo(9.5, 11.5)
    path.arcTo(QRectF(4.5, 9, 5, 5), 0, -180)
    path.lineTo(4.5, 4)
    path.arcTo(QRectF(4.5, 1.5, 7, 5), 180, -180)
    path.lineTo(11.5, 11)
    painter.drawPath(path)
    painter.end()
    return QIcon(pixmap)


class ActivityTableModel(QAbstractTableModel):
    """Activities matching an :class:`ActivityQuery`, in its order, paged from the book."""

    def __init__(
        self,
        book: Book,
        query: ActivityQuery | None = None,
        parent: Any = None,
        *,
        count: int | None = None,
        first_page_only: bool = False,
    ) -> None:
        """``first_page_only``: count no further than the first page for now (see
        :class:`ActivityPages`); :meth:`complete_count` gives the whole list's number later."""
        super().__init__(parent)
        self._book = book
        self._query = query or ActivityQuery()
        self._rows = ActivityPages(book, self._query, count=count, first_page_only=first_page_only)
        self._pages: OrderedDict[int, dict[int, Activity]] = OrderedDict()  # page → row → activity
        self._evidence: dict[int, dict[int, int]] = {}  # page → activity id → attachments

    # --- what is shown -------------------------------------------------------------------------

    @property
    def query(self) -> ActivityQuery:
        return self._query

    def set_query(self, query: ActivityQuery, *, count: int | None = None) -> None:
        """Show the activities of ``query``; ``count``: how many there are, when the caller knows."""
        self._query = query
        self.reload(count=count)

    def reload(self, *, count: int | None = None) -> None:
        """Read the list again (after a change to the book or the filters)."""
        self.beginResetModel()
        self._rows = ActivityPages(self._book, self._query, count=count)
        self._pages.clear()
        self._evidence.clear()
        self.endResetModel()

    @property
    def count_complete(self) -> bool:
        """Whether :meth:`rowCount` is the whole list (not only its first page, for now)."""
        return self._rows.complete

    def complete_count(self, count: int) -> None:
        """The whole list's number of rows, counted elsewhere (by the totals): the rows after the
        first page are added. A number that disagrees with what was read means the book changed
        meanwhile: the list is read again."""
        if self._rows.complete:
            return
        shown = self._rows.count
        if count < shown:
            self.reload()
            return
        if count > shown:
            self.beginInsertRows(QModelIndex(), shown, count - 1)
        self._rows.set_count(count)
        if count > shown:
            self.endInsertRows()

    @property
    def loaded_rows(self) -> int:
        """How many activities the model holds in memory now."""
        return sum(len(page) for page in self._pages.values())

    def activity(self, row: int) -> Activity | None:
        if not 0 <= row < self._rows.count:
            return None
        page_number = row // PAGE
        page = self._pages.get(page_number)
        if page is None:
            activities = self._rows.page(page_number)
            page = {page_number * PAGE + i: activity for i, activity in enumerate(activities)}
            self._pages[page_number] = page
            self._evidence[page_number] = self._book.attachments.counts([a.id for a in activities])
            while len(self._pages) > PAGES_KEPT:
                dropped, _page = self._pages.popitem(last=False)
                self._evidence.pop(dropped, None)
        else:
            self._pages.move_to_end(page_number)
        return page.get(row)

    def evidence_count(self, row: int) -> int:
        """How many files are attached to the activity of ``row`` (fetched with its page)."""
        activity = self.activity(row)
        if activity is None:
            return 0
        return self._evidence.get(row // PAGE, {}).get(activity.id, 0)

    def row_of(self, activity_id: int) -> int:
        """The row that shows ``activity_id``, or -1."""
        return self._rows.row_of(activity_id)

    # --- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows.count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section][0])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        row = index.row()
        activity = self.activity(row)
        if activity is None:
            return None
        column = index.column()
        if column == EVIDENCE:
            return self._evidence_data(row, role)
        if role == _DISPLAY:
            return self._display(activity, column)
        if role == _TOOLTIP and column in (TITLE, TOPICS, PLACE, CHANNEL):
            return self._display(activity, column)
        if role == _ALIGNMENT and column in (PARTICIPANTS, QUANTITY):
            return _RIGHT
        if role == ActivityRole:
            return activity
        return None

    def _evidence_data(self, row: int, role: int) -> Any:
        n = self.evidence_count(row)
        if role == _DISPLAY:
            return format_number(n) if n else ""
        if role == _DECORATION and n:
            return paperclip_icon()
        if role == _TOOLTIP and n:
            return ngettext("{n} evidence file", "{n} evidence files", n).format(n=format_number(n))
        if role == _ALIGNMENT:
            return _LEFT
        if role == ActivityRole:
            return self.activity(row)
        return None

    def _display(self, activity: Activity, column: int) -> str:
        catalog = self._book.catalog
        if column == DATE:
            return format_date(activity.date)
        if column == CHANNEL:
            return catalog.label(Kind.CHANNEL, activity.channel)
        if column == TITLE:
            return activity.title
        if column == TOPICS:
            return "; ".join(catalog.label(Kind.TOPIC, code) for code in activity.topics)
        if column == PLACE:
            return activity.place
        if column == PARTICIPANTS:
            return "" if activity.participants is None else format_number(activity.participants)
        if column == QUANTITY:
            return f"{format_number(activity.quantity)} {catalog.label(Kind.UNIT, activity.unit)}"
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        wanted = ("-" if descending else "") + key
        if wanted != self._query.order:  # the view asks again for the order it already has
            self.set_query(replace(self._query, order=wanted))
