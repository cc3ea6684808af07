"""A PDF shown inside the app: its pages one under another in a scrollable view, with page
navigation (previous, next, “page x of n”) and zoom (fit width, larger, smaller).

Pages are drawn by :class:`~wardlog.ui.pdf_pages.PdfPages` when they come into view, at the
zoom and the screen's pixel ratio of the moment; a few recent pages are kept so scrolling back
does not draw them again. A 500-page report opens as fast as a 5-page one.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wardlog.core.i18n import _
from wardlog.ui.pdf_pages import POINTS_PER_INCH, PdfPages

GAP = 12  # pixels around and between pages
ZOOMS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
CACHED_PAGES = 8
BACKGROUND = QColor("#8a8d91")  # the grey desk the white pages lie on


class PageCanvas(QWidget):
    """The pages, stacked and centred, painted as they come into view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: PdfPages | None = None
        self.scale = 1.0  # screen pixels per point
        self._tops: list[int] = []
        self._rects: list[QRect] = []
        self._cache: OrderedDict[tuple[int, float], QImage] = OrderedDict()
        self.paused = False  # while True only pages already drawn are shown (PDFium is busy elsewhere)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_pages(self, pages: PdfPages | None) -> None:
        self.pages = pages
        self._cache.clear()
        self.lay_out(self.width())

    def set_scale(self, scale: float, width: int) -> None:
        self.scale = scale
        self._cache.clear()
        self.lay_out(width)

    def lay_out(self, available_width: int) -> None:
        """Place the pages at the current scale in a view ``available_width`` wide."""
        self._rects, self._tops = [], []
        widest, y = 0, GAP
        if self.pages is not None:
            for index in range(self.pages.count):
                size = self.pages.size(index)
                width, height = round(size.width() * self.scale), round(size.height() * self.scale)
                self._rects.append(QRect(0, y, width, height))
                self._tops.append(y)
                widest = max(widest, width)
                y += height + GAP
        canvas_width = max(available_width, widest + 2 * GAP)
        for rect in self._rects:  # centred in the view; a wider (landscape) page runs off to the right
            rect.moveLeft(max(GAP, (available_width - rect.width()) // 2))
        self.resize(canvas_width, y)
        self.update()

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        if not paused:
            self.update()

    def page_rect(self, index: int) -> QRect:
        return QRect(self._rects[index])

    def page_at(self, y: int) -> int:
        """The page that covers (or last started above) the height ``y`` of the canvas."""
        if not self._tops:
            return 0
        return max(0, bisect.bisect_right(self._tops, y) - 1)

    def sizeHint(self) -> QSize:
        return self.size()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), BACKGROUND)
        if self.pages is None:
            return
        first = self.page_at(event.rect().top())
        for index in range(first, len(self._rects)):
            rect = self._rects[index]
            if rect.top() > event.rect().bottom():
                break
            if not rect.intersects(event.rect()):
                continue
            painter.fillRect(rect.translated(2, 3), QColor(0, 0, 0, 70))  # a little shadow
            image = self._image(index)
            if image is None:
                painter.fillRect(rect, QColor("white"))
            else:
                painter.drawImage(QRectF(rect), image)
        painter.end()

    def _image(self, index: int) -> QImage | None:
        ratio = self.devicePixelRatioF()
        key = (index, round(self.scale * ratio, 4))
        image = self._cache.get(key)
        if image is None:
            if self.paused:
                return None  # drawn when rendering resumes (set_paused)
            assert self.pages is not None
            image = self.pages.image(index, self.scale * ratio)
            image.setDevicePixelRatio(ratio)
            self._cache[key] = image
            while len(self._cache) > CACHED_PAGES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return image


class _Scroller(QScrollArea):
    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class PdfPreview(QWidget):
    """A PDF's pages with navigation and zoom. :meth:`set_pdf` shows a document; None shows ``message``."""

    page_changed = Signal(int, int)  # current page (0-based), page count

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: PdfPages | None = None
        self._zoom = 1.0
        self._fit_width = True
        self._current = 0

        self.previous_action = self._make_action(_("&Previous page"), "Ctrl+PgUp", self.previous_page)
        self.next_action = self._make_action(_("&Next page"), "Ctrl+PgDown", self.next_page)
        self.zoom_in_action = self._make_action(_("Zoom &in"), QKeySequence.StandardKey.ZoomIn, self.zoom_in)
        self.zoom_out_action = self._make_action(
            _("Zoom &out"), QKeySequence.StandardKey.ZoomOut, self.zoom_out
        )
        self.fit_width_action = self._make_action(_("&Fit width"), "Ctrl+0", self.fit_width)
        self.fit_width_action.setCheckable(True)
        self.fit_width_action.setChecked(True)
        self.addActions(self.actions_for_menu)  # their keys work wherever the window has focus
        # A second key for zooming in where "+" needs Shift (Ctrl+= on most keyboards)
        self.zoom_in_action.setShortcuts([*self.zoom_in_action.shortcuts(), QKeySequence("Ctrl+=")])

        self.page_box = QSpinBox()
        self.page_box.setRange(1, 1)
        self.page_box.setAccessibleName(_("Page"))
        self.page_box.setToolTip(_("Page to show (type a number and press Enter)"))
        self.page_box.setKeyboardTracking(False)
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_box.valueChanged.connect(lambda value: self.go_to(value - 1))
        page_label = QLabel(_("Pa&ge"))
        page_label.setBuddy(self.page_box)
        self.count_label = QLabel()
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("400%") + 6)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(4)
        controls.addWidget(self._button(self.previous_action, "◀"))
        controls.addWidget(page_label)
        controls.addWidget(self.page_box)
        controls.addWidget(self.count_label)
        controls.addWidget(self._button(self.next_action, "▶"))
        controls.addStretch(1)
        controls.addWidget(self._button(self.zoom_out_action, "−"))
        controls.addWidget(self.zoom_label)
        controls.addWidget(self._button(self.zoom_in_action, "+"))
        controls.addWidget(self._button(self.fit_width_action, _("Fit width")))

        self.canvas = PageCanvas()
        self.scroll_area = _Scroller()
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # always there, so fitting the width does not make it appear and the width change again
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll_area.setAccessibleName(_("Pages of the report"))
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.scroll_area.resized.connect(self._viewport_resized)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setMargin(24)
        self.message_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message_label)
        self.stack.addWidget(self.scroll_area)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.stack, 1)
        self._update_controls()

    # --- public --------------------------------------------------------------------------------

    @property
    def actions_for_menu(self) -> list[QAction]:
        return [self.previous_action, self.next_action, self.zoom_in_action, self.zoom_out_action,
                self.fit_width_action]  # fmt: skip

    @property
    def page_count(self) -> int:
        return self._pages.count if self._pages is not None else 0

    @property
    def current_page(self) -> int:
        """The page mostly in view, counted from 0."""
        return self._current

    @property
    def zoom(self) -> float:
        """1.0 shows a page at its size on paper."""
        return self._zoom

    @property
    def pdf(self) -> bytes | None:
        return self._pages.data if self._pages is not None else None

    def set_pdf(self, data: bytes | None, message: str = "") -> None:
        """Show the PDF ``data`` (kept at the same page where it can be), or ``message`` when None."""
        keep = self._current
        if self._pages is not None:
            self.canvas.set_pages(None)
            self._pages.close()
            self._pages = None
        if data is None:
            self.message_label.setText(message)
            self.stack.setCurrentWidget(self.message_label)
            self._current = 0
        else:
            self._pages = PdfPages(data)
            self.canvas.set_pages(self._pages)
            self.stack.setCurrentWidget(self.scroll_area)
            self._apply_zoom()
            self.go_to(min(keep, self._pages.count - 1))
        self._update_controls()

    def set_message(self, message: str) -> None:
        """The text shown while there is no document."""
        self.message_label.setText(message)

    def go_to(self, index: int) -> None:
        """Scroll so that page ``index`` (from 0) starts at the top of the view."""
        if self._pages is None or not 0 <= index < self._pages.count:
            return
        self.scroll_area.verticalScrollBar().setValue(self.canvas.page_rect(index).top() - GAP // 2)
        self._set_current(index)

    def next_page(self) -> None:
        self.go_to(self._current + 1)

    def previous_page(self) -> None:
        self.go_to(self._current - 1)

    def zoom_in(self) -> None:
        self._set_zoom(next((z for z in ZOOMS if z > self._zoom + 0.001), ZOOMS[-1]))

    def zoom_out(self) -> None:
        self._set_zoom(next((z for z in reversed(ZOOMS) if z < self._zoom - 0.001), ZOOMS[0]))

    def fit_width(self) -> None:
        self._fit_width = True
        self._apply_zoom()

    # --- inside --------------------------------------------------------------------------------

    def _make_action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str, slot
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _button(self, action: QAction, text: str) -> QToolButton:
        """A compact button (``text``: ◀, +…) that does what ``action`` does and follows its state."""
        button = QToolButton()
        button.setText(text)
        button.setCheckable(action.isCheckable())
        button.clicked.connect(lambda _checked=False: action.trigger())

        def follow() -> None:
            button.setEnabled(action.isEnabled())
            button.setChecked(action.isChecked())

        action.changed.connect(follow)
        follow()
        name = action.text().replace("&", "")
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{name} ({keys})")
        button.setAccessibleName(name)
        button.setAutoRaise(True)
        return button

    def _set_zoom(self, zoom: float) -> None:
        self._fit_width = False
        self._zoom = zoom
        self._apply_zoom()

    def _screen_scale(self) -> float:
        """Screen pixels per point at 100%."""
        return self.logicalDpiX() / POINTS_PER_INCH

    def _apply_zoom(self) -> None:
        anchor = self._anchor()
        viewport = self.scroll_area.viewport().width()
        if self._fit_width and self._pages is not None and self._pages.count:
            # the first page's width: the report's body (a landscape appendix may be wider)
            width = self._pages.size(0).width()
            self._zoom = max(ZOOMS[0], (viewport - 2 * GAP) / (width * self._screen_scale()))
        self.canvas.set_scale(self._zoom * self._screen_scale(), viewport)
        self._restore(anchor)
        self._update_controls()

    def _anchor(self) -> tuple[int, float]:
        """Where the view is: the current page and how far down it the top of the view is (0–1)."""
        if self._pages is None or not self._pages.count:
            return 0, 0.0
        rect = self.canvas.page_rect(self._current)
        offset = self.scroll_area.verticalScrollBar().value() - rect.top()
        return self._current, max(0.0, offset / max(1, rect.height()))

    def _restore(self, anchor: tuple[int, float]) -> None:
        index, fraction = anchor
        if self._pages is None or not 0 <= index < self._pages.count:
            return
        rect = self.canvas.page_rect(index)
        self.scroll_area.verticalScrollBar().setValue(rect.top() + round(fraction * rect.height()))

    def _viewport_resized(self) -> None:
        if self._fit_width:
            self._apply_zoom()
        else:
            self.canvas.lay_out(self.scroll_area.viewport().width())

    def _scrolled(self, value: int) -> None:
        if self._pages is None:
            return
        # the page that holds the line a third of the way down the view
        self._set_current(self.canvas.page_at(value + self.scroll_area.viewport().height() // 3))

    def _set_current(self, index: int) -> None:
        if index == self._current and self.page_box.value() == index + 1:
            return
        self._current = index
        self._update_controls()
        self.page_changed.emit(index, self.page_count)

    def _update_controls(self) -> None:
        count = self.page_count
        has = count > 0
        self.page_box.blockSignals(True)
        self.page_box.setRange(1, max(1, count))
        digits = self.page_box.fontMetrics().horizontalAdvance("9" * len(str(max(1, count))))
        self.page_box.setMinimumWidth(digits + 36)  # the digits, the frame and the up/down arrows
        self.page_box.setValue(self._current + 1)
        self.page_box.blockSignals(False)
        self.page_box.setEnabled(has)
        self.count_label.setText(_("of {n}").format(n=count) if has else "")
        self.previous_action.setEnabled(has and self._current > 0)
        self.next_action.setEnabled(has and self._current < count - 1)
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_width_action):
            action.setEnabled(has)
        self.zoom_in_action.setEnabled(has and self._zoom < ZOOMS[-1] - 0.001)
        self.zoom_out_action.setEnabled(has and self._zoom > ZOOMS[0] + 0.001)
        self.fit_width_action.setChecked(self._fit_width)
        self.zoom_label.setText(f"{round(self._zoom * 100)}%" if has else "")


__all__ = ["PageCanvas", "PdfPreview"]
