"""A tab whose page is built the first time it is shown or asked for, not when the window opens.

The main window starts with only the activity list built; the overview, the bin and the wards' page
(each with its imports, widgets and queries) wait until the user opens their tab.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

PageT = TypeVar("PageT", bound=QWidget)


class LazyPage(QWidget, Generic[PageT]):
    """Holds the page ``build()`` makes, once: on the first show, or on the first :meth:`page` call."""

    def __init__(self, build: Callable[[], PageT], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._page: PageT | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        return self._page is not None

    def page(self) -> PageT:
        """The page, built now if it was not yet."""
        if self._page is None:
            self._page = self._build()
            self._layout.addWidget(self._page)
        return self._page

    def showEvent(self, event: QShowEvent) -> None:
        self.page()
        super().showEvent(event)


def page_of(widget: QWidget | None) -> QWidget | None:
    """The page a tab shows: the built page of a :class:`LazyPage`, any other widget itself."""
    return widget.page() if isinstance(widget, LazyPage) else widget
