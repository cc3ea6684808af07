"""How many activities are linked to each task of a plan (what removing a task would unlink)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wardlog.core.book import Book


def link_counts(book: Book, year: int) -> dict[int, int]:
    """Live activities linked to each task of the plan of ``year``, by target id (tasks without
    links are left out)."""
    rows = book.conn.execute(
        "SELECT k.target_id, count(*) FROM activity_tasks k"
        " JOIN plan_targets t ON t.id = k.target_id"
        " JOIN activities a ON a.id = k.activity_id"
        " WHERE t.year = ? AND a.deleted_at IS NULL GROUP BY k.target_id",
        (year,),
    )
    return dict(rows.fetchall())
