"""The queries that must stay fast on a million activities use their indexes (query plans, not
timings: tests/benchmarks/bench.py measures the times), and a book from before those indexes gains them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wardlog.core import book as book_module
from wardlog.core import schema
from wardlog.core.activities import ActivityQuery, order_clause
from wardlog.core.book import Book
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import parse

ORDER = order_clause("-date")


def plan(book: Book, sql: str, params: list[object] | tuple[object, ...] = ()) -> str:
    return "\n".join(row[3] for row in book.conn.execute("EXPLAIN QUERY PLAN " + sql, list(params)))


def test_the_list_pages_in_date_order_without_sorting(book: Book) -> None:
    where, params = ActivityQuery(order="-date").where()
    found = plan(book, f"SELECT a.id FROM activities a WHERE {where} ORDER BY {ORDER} LIMIT 200", params)
    assert "activities_date" in found
    assert "TEMP B-TREE" not in found


def test_a_search_page_scans_by_date_instead_of_sorting_every_match(book: Book) -> None:
    where, params = ActivityQuery(order="-date", text="t").where()
    found = plan(book, f"SELECT a.id FROM activities a WHERE {where} ORDER BY {ORDER} LIMIT 200", params)
    assert "activities_date" in found
    assert "TEMP B-TREE" not in found


def test_the_figures_and_totals_read_their_index_alone_without_sorting(book: Book) -> None:
    found = plan(
        book,
        "SELECT a.channel, a.unit, a.date, count(*), sum(a.participants), sum(a.minutes), sum(a.quantity)"
        " FROM activities a WHERE a.deleted_at IS NULL AND a.date BETWEEN ? AND ? AND a.ward_code IS NOT NULL"
        " GROUP BY a.channel, a.unit, a.date",
        ["2026-01-01", "2026-12-31"],
    )
    assert "COVERING INDEX activities_figures" in found
    assert "TEMP B-TREE" not in found
    where, params = ActivityQuery(period=parse("2026"), text="t").where()
    found = plan(
        book,
        f"SELECT a.unit, count(*) FROM activities a WHERE {where} GROUP BY a.date, a.channel, a.unit",
        params,
    )
    assert "COVERING INDEX activities_figures" in found
    assert "TEMP B-TREE" not in found


def test_the_bin_has_its_own_index(book: Book) -> None:
    where, params = ActivityQuery(deleted=True, period=parse("2026-H1")).where()
    assert "activities_bin" in plan(book, f"SELECT count(*) FROM activities a WHERE {where}", params)


def test_a_book_from_before_the_indexes_gains_them_and_finds_one_letter(
    book_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as old_program:
        older = {version: step for version, step in schema.MIGRATIONS.items() if version < 7}
        old_program.setattr(book_module, "MIGRATIONS", older)
        old_program.setattr(book_module, "SCHEMA_VERSION", 6)
        with Book.open(book_path) as old:
            old.activities.add(ActivityDraft(date(2026, 3, 4), "loa", ("tthc",), "Đối thoại với nhân dân"))
            assert old.schema_version == 6
    with Book.open(book_path) as upgraded:
        assert upgraded.schema_version == schema.SCHEMA_VERSION
        assert [a.title for a in upgraded.activities.search("d")] == ["Đối thoại với nhân dân"]
        (create,) = upgraded.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'activity_search'")
        assert "prefix = 1" in create[0]
        columns = [row[2] for row in upgraded.conn.execute("PRAGMA index_info(activities_figures)")]
        assert columns[:3] == ["date", "channel", "unit"]
