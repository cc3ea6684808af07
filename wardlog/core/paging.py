"""A list of activities read a page at a time, however long it is.

In date order, the list's usual order, nothing is read ahead: the number of rows comes from a count,
and a page from the date index, starting at the first row of that page when it is known (the row
after the previous page, remembered as pages are read) or skipping rows from the nearest known page
or from whichever end of the list is nearer. Scrolling on reads one page at a time; a jump to the
middle of a million activities skips half a million index entries (about 20 ms).

In any other order (by title in Vietnamese order, by place…) SQLite has no index to read it by, so
the ids are sorted once and kept, 8 bytes each, and pages are read by id.
"""

from __future__ import annotations

from array import array
from dataclasses import replace
from typing import TYPE_CHECKING

from wardlog.core.activities import ActivityQuery

if TYPE_CHECKING:
    from wardlog.core.book import Book
    from wardlog.core.model import Activity

PAGE = 200


class ActivityPages:
    """The activities matching ``query``, in its order, by page number (0 is the top of the list).

    ``first_page_only``: in date order, count no further than one row past the first page (a list
    opening on a million activities need not wait for their count). ``complete`` then says whether
    ``count`` is the whole list; until :meth:`set_count` gives the real number, pages are read from
    the top only.
    """

    def __init__(
        self,
        book: Book,
        query: ActivityQuery,
        *,
        count: int | None = None,
        page_size: int = PAGE,
        first_page_only: bool = False,
    ) -> None:
        self._book = book
        self._query = replace(query, limit=None, offset=0)
        self.page_size = page_size
        self._starts: dict[int, tuple[str, int]] = {}  # page → (date, id) of its first row
        self._ids: array[int] | None = None
        self.complete = True
        if query.order.lstrip("-") == "date":
            if count is not None:
                self.count = count
            elif first_page_only:
                self.count = book.activities.count(self._query, at_most=page_size + 1)
                self.complete = self.count <= page_size
            else:
                self.count = book.activities.count(self._query)
        else:
            self._ids = array("q", book.activities.ids(self._query))
            self.count = len(self._ids)

    @property
    def pages(self) -> int:
        return -(-self.count // self.page_size)

    def set_count(self, count: int) -> None:
        """The whole list's number of rows, counted elsewhere (after ``first_page_only``)."""
        self.count = count
        self.complete = True

    def page(self, number: int) -> list[Activity]:
        """The activities of page ``number`` (fewer on the last page; none past the end)."""
        if not 0 <= number < self.pages:
            return []
        if self._ids is not None:
            ids = self._ids[number * self.page_size : (number + 1) * self.page_size]
            found = self._book.activities.get_many(ids)
            return [found[i] for i in ids if i in found]
        return self._page_by_date(number)

    def _page_by_date(self, number: int) -> list[Activity]:
        size = self.page_size
        activities = self._book.activities
        known = max((p for p in self._starts if p <= number), default=None)
        skip_from_top = (number - known) * size if known is not None else number * size
        rows_after = self.count - (number + 1) * size  # rows below this page
        if rows_after < skip_from_top and self.complete:  # nearer the bottom: count from there
            length = min(size, self.count - number * size)
            rows = activities.page(self._query, offset=max(0, rows_after), limit=length, from_end=True)
        else:
            start = self._starts.get(known) if known is not None else None
            rows = activities.page(self._query, start=start, offset=skip_from_top, limit=size + 1)
            if len(rows) > size:  # the first row of the next page, to start it from
                following = rows.pop()
                self._starts[number + 1] = (following.date.isoformat(), following.id)
        if rows:
            self._starts[number] = (rows[0].date.isoformat(), rows[0].id)
        return rows

    def row_of(self, activity_id: int) -> int:
        """The row of ``activity_id`` in the list, or -1."""
        if self._ids is not None:
            try:
                return self._ids.index(activity_id)
            except ValueError:
                return -1
        position = self._book.activities.position(self._query, activity_id)
        return -1 if position is None else position
