"""The demo generator: deterministic, valid, realistic in shape, searchable, and all-or-nothing."""

from __future__ import annotations

import random
import unicodedata
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from wardlog.core import demo
from wardlog.core.book import Book
from wardlog.core.catalog import Kind
from wardlog.core.demo import DemoResult, generate
from wardlog.core.errors import WardLogError
from wardlog.core.model import validate
from wardlog.core.schema import SEARCH_TEXT_SQL
from wardlog.core.text import clean, fold
from wardlog.core.units import load_units

UNTIL = date(2026, 6, 30)  # fixed, so the tests do not depend on today
N = 2000
NewBook = Callable[[], Book]
TABLES = ("activities", "activity_topics", "activity_audiences", "wards", "settings")


def dump(book: Book) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables the demo writes, in a stable order."""
    return {table: book.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in TABLES}


def search_index(book: Book) -> list[tuple[int, str]]:
    return book.conn.execute("SELECT rowid, body FROM activity_search ORDER BY rowid").fetchall()


def expected_index(book: Book) -> list[tuple[int, str]]:
    """What the triggers would have put in the index."""
    return book.conn.execute(
        f"SELECT a.id, {SEARCH_TEXT_SQL.format(p='a')} FROM activities a ORDER BY a.id"
    ).fetchall()


def triggers(book: Book) -> list[tuple[str, str]]:
    return book.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ).fetchall()


@pytest.fixture(scope="module")
def demo_book() -> Iterator[Book]:
    """One ward's demo, shared by the read-only tests."""
    with Book.in_memory() as book:
        generate(book, N, seed=3, until=UNTIL)
        yield book


@pytest.fixture
def new_book() -> Iterator[NewBook]:
    """Makes empty books in memory, closed after the test."""
    books: list[Book] = []

    def make() -> Book:
        books.append(Book.in_memory())
        return books[-1]

    yield make
    for book in books:
        book.close()


@pytest.fixture(scope="module")
def channels(demo_book: Book) -> Counter[str]:
    return Counter(row[0] for row in demo_book.conn.execute("SELECT channel FROM activities"))


# --- determinism and counts ---------------------------------------------------------------------------


def test_same_arguments_give_the_same_rows(new_book: NewBook) -> None:
    books = [new_book(), new_book()]
    results = [generate(book, N, wards=3, seed=11, until=UNTIL) for book in books]
    first, second = (dump(book) for book in books)
    assert first == second
    assert len(first["activities"]) == N
    assert (results[0].first, results[0].last) == (results[1].first, results[1].last)
    assert search_index(books[0]) == search_index(books[1])


def test_another_seed_gives_other_rows(new_book: NewBook) -> None:
    one, other = new_book(), new_book()
    generate(one, 200, seed=1, until=UNTIL)
    generate(other, 200, seed=2, until=UNTIL)
    uids = {
        book: {row[0] for row in book.conn.execute("SELECT uid FROM activities")} for book in (one, other)
    }
    assert not uids[one] & uids[other]
    assert dump(one)["activities"] != dump(other)["activities"]


def test_the_count_is_exact(demo_book: Book) -> None:
    assert demo_book.activities.count() == N
    assert demo_book.conn.execute("SELECT count(*) FROM activities").fetchone()[0] == N


def test_result(new_book: NewBook) -> None:
    book = new_book()
    result = generate(book, 500, until=UNTIL)
    assert isinstance(result, DemoResult)
    assert (result.activities, result.wards) == (500, 1)
    low, high = book.conn.execute("SELECT min(date), max(date) FROM activities").fetchone()
    assert (result.first, result.last) == (date.fromisoformat(low), date.fromisoformat(high))
    assert result.seconds > 0


def test_zero_activities(new_book: NewBook) -> None:
    book = new_book()
    result = generate(book, 0, until=UNTIL)
    assert (result.activities, result.first, result.last) == (0, None, None)
    assert book.activities.count() == 0


def test_uids_are_version_4_uuids(demo_book: Book) -> None:
    rng = random.Random(5)
    for _ in range(100):
        bits = rng.getrandbits(128)
        assert demo._uid(bits) == str(uuid.UUID(int=bits, version=4))
    uids = [row[0] for row in demo_book.conn.execute("SELECT uid FROM activities")]
    assert all(uuid.UUID(uid).version == 4 for uid in uids)
    assert len(set(uids)) == N


def test_running_twice_on_one_book_adds_more(new_book: NewBook) -> None:
    book = new_book()
    generate(book, 300, until=UNTIL)
    generate(book, 300, until=UNTIL)  # same arguments: must not collide on uid
    assert book.activities.count() == 600
    assert search_index(book) == expected_index(book)


# --- validity -------------------------------------------------------------------------------------------


def test_every_activity_passes_validation(demo_book: Book) -> None:
    catalog = demo_book.catalog
    for activity in demo_book.activities.iterate():
        stored = demo_book.activities.get(activity.id)
        assert stored is not None
        draft = stored.draft
        checked, issues = validate(draft, catalog, today=UNTIL)
        assert issues == [], (draft, issues)
        assert checked == draft  # nothing left for validate to complete: unit set, codes unique
        for text in (draft.title, draft.place, draft.responsible, draft.notes):
            assert text == unicodedata.normalize("NFC", text) == clean(text)
        assert stored.ward_code is None
        assert stored.revision == 1 and stored.deleted_at is None


def test_retired_catalog_entries_are_not_used(new_book: NewBook) -> None:
    book = new_book()
    book.catalog.set_retired(Kind.CHANNEL, "pano")
    book.catalog.set_retired(Kind.TOPIC, "the_che")
    book.catalog.set_retired(Kind.AUDIENCE, "doanh_nghiep")
    generate(book, 1000, until=UNTIL)
    for activity in book.activities.iterate():
        assert validate(activity.draft, book.catalog, today=UNTIL)[1] == []
        assert activity.channel != "pano" and "the_che" not in activity.topics
        assert "doanh_nghiep" not in activity.audiences


def test_time_stamps_follow_the_dates(demo_book: Book) -> None:
    rows = demo_book.conn.execute("SELECT date, created_at, updated_at FROM activities").fetchall()
    for day, created, updated in rows:
        assert created == updated
        assert created.endswith("Z") and len(created) == len("2026-01-01T00:00:00.000Z")
        lag = (date.fromisoformat(created[:10]) - date.fromisoformat(day)).days
        assert 0 <= lag <= 3
        assert created[:10] <= UNTIL.isoformat()


def test_ids_follow_the_dates(demo_book: Book) -> None:
    dates = [row[0] for row in demo_book.conn.execute("SELECT date FROM activities ORDER BY id")]
    assert dates == sorted(dates)


# --- identity and wards ---------------------------------------------------------------------------------


def test_an_empty_book_becomes_phuong_ha_dong(demo_book: Book) -> None:
    settings = demo_book.settings
    ward = load_units().ward(settings.ward_code)
    assert ward is not None and ward.name == "Phường Hà Đông" and ward.province_code == "01"
    assert settings.unit_name == "Phường Hà Đông"
    assert settings.place == "Hà Đông"
    assert settings.province == "Thành phố Hà Nội"


def test_a_book_keeps_its_identity_and_its_kind_of_unit(new_book: NewBook) -> None:
    book = new_book()
    xa = next(w for w in load_units().wards_of("01") if w.type == "xã")
    book.update_settings(ward_code=xa.code, unit_name=xa.name, place=xa.short_name, province=xa.province_name)
    generate(book, 500, until=UNTIL)
    assert book.settings.ward_code == xa.code and book.settings.unit_name == xa.name
    places = " ".join(row[0] for row in book.conn.execute("SELECT place FROM activities"))
    assert "UBND xã" in places and "phường" not in places


def test_many_wards_share_the_activities_unevenly(new_book: NewBook) -> None:
    book = new_book()
    result = generate(book, N, wards=10, seed=4, until=UNTIL)
    assert result.wards == 10
    ha_noi = load_units().wards_of("01")[:10]
    rows = book.conn.execute("SELECT code, name, province FROM wards ORDER BY code").fetchall()
    assert rows == sorted((w.code, w.name, w.province_name) for w in ha_noi)
    counts = Counter(row[0] for row in book.conn.execute("SELECT ward_code FROM activities"))
    assert set(counts) == {w.code for w in ha_noi}  # every activity has a ward, and every ward has some
    assert max(counts.values()) > 2 * min(counts.values())


def test_more_wards_than_ha_noi_has_continue_into_the_next_provinces(new_book: NewBook) -> None:
    book = new_book()
    generate(book, 300, wards=130, until=UNTIL)
    provinces = Counter(row[0] for row in book.conn.execute("SELECT province FROM wards"))
    assert provinces["Thành phố Hà Nội"] == 126
    assert sum(provinces.values()) == 130
    assert book.conn.execute("SELECT count(*) FROM activities WHERE ward_code IS NULL").fetchone()[0] == 0


def test_wards_already_registered_are_kept(new_book: NewBook) -> None:
    book = new_book()
    generate(book, 100, wards=3, until=UNTIL)
    generate(book, 100, wards=5, until=UNTIL)
    assert book.conn.execute("SELECT count(*) FROM wards").fetchone()[0] == 5
    assert book.activities.count() == 200


# --- realism --------------------------------------------------------------------------------------------


def test_dates_lie_within_the_two_years(demo_book: Book) -> None:
    low, high = demo_book.conn.execute("SELECT min(date), max(date) FROM activities").fetchone()
    assert date(2025, 1, 1).isoformat() <= low < "2025-01-15"
    assert "2026-06-15" < high <= UNTIL.isoformat()
    assert demo.span(date(2026, 3, 5)) == (date(2025, 1, 1), date(2026, 3, 5))


def test_loudspeaker_is_the_most_frequent_channel(channels: Counter[str]) -> None:
    assert channels.most_common(1)[0][0] == "loa"
    assert channels["loa"] > 0.25 * N
    for code in ("hoi_nghi", "hop_dan", "sinh_hoat", "cong_ttdt", "mang_xa_hoi", "khau_hieu", "to_roi"):
        assert channels[code] > 0, code


def test_weekdays_dominate(demo_book: Book) -> None:
    days = [date.fromisoformat(row[0]) for row in demo_book.conn.execute("SELECT date FROM activities")]
    weekend = sum(day.weekday() >= 5 for day in days)
    assert weekend < 0.15 * len(days)


def test_the_calendar_has_its_seasons() -> None:
    weekday = date(2025, 10, 15)  # an ordinary Wednesday
    assert demo.day_weight(weekday) == 1.0
    assert demo.day_weight(date(2025, 10, 18)) < 0.5  # Saturday
    assert demo.day_weight(date(2025, 10, 19)) < demo.day_weight(date(2025, 10, 18))  # Sunday
    assert demo.day_weight(date(2026, 2, 17)) < 0.15  # Tết 2026, a Tuesday
    assert demo.day_weight(date(2025, 7, 16)) < 1.0  # summer
    assert demo.day_weight(date(2025, 6, 11)) > 1.0  # before the 6-month cut-off
    assert demo.day_weight(date(2025, 12, 10)) > 1.0  # before the year's cut-off


def test_busier_before_the_cut_off_than_at_tet(new_book: NewBook) -> None:
    book = new_book()
    generate(book, 5000, until=date(2025, 12, 31))

    def per_day(start: date, end: date) -> float:
        count = book.conn.execute(
            "SELECT count(*) FROM activities WHERE date BETWEEN ? AND ?", [start.isoformat(), end.isoformat()]
        ).fetchone()[0]
        return count / ((end - start).days + 1)

    cut_off = per_day(date(2025, 12, 1), date(2025, 12, 14))
    assert cut_off > 1.3 * per_day(date(2025, 7, 1), date(2025, 8, 31))
    assert cut_off > 3 * per_day(date(2025, 1, 26), date(2025, 2, 4))  # Tết 2025


def test_figures_fit_the_channel(demo_book: Book) -> None:
    rows = demo_book.conn.execute(
        "SELECT channel, participants, quantity, unit, minutes FROM activities"
    ).fetchall()
    for channel, participants, quantity, unit, minutes in rows:
        if channel == "loa":
            assert unit == "buoi_phat" and quantity in (1, 2) and participants is None
            assert 15 * quantity <= minutes <= 30 * quantity
        else:
            assert minutes is None
        if channel in ("hoi_nghi", "hop_dan", "sinh_hoat", "toa_dam"):
            assert 20 <= participants <= 300 and quantity == 1
        if channel == "cuoc_thi":
            assert participants >= 100
        if channel == "khau_hieu":
            assert unit == "tam" and 2 <= quantity <= 30
        if channel == "to_roi":
            assert unit == "to" and 100 <= quantity <= 2000
    loa = [row for row in rows if row[0] == "loa"]
    assert sum(row[2] == 2 for row in loa) > 0.4 * len(loa)  # often twice a day


def test_topics_and_audiences(demo_book: Book) -> None:
    topics = Counter(row[0] for row in demo_book.conn.execute("SELECT topic FROM activity_topics"))
    assert {code for code, _ in topics.most_common(2)} == {"tthc", "chinh_quyen_so"}
    per_activity = Counter(
        row[0] for row in demo_book.conn.execute("SELECT count(*) FROM activity_topics GROUP BY activity_id")
    )
    assert set(per_activity) == {1, 2} and sum(per_activity.values()) == N
    audiences = demo_book.conn.execute(
        "SELECT a.channel, group_concat(u.audience) FROM activities a"
        " JOIN activity_audiences u ON u.activity_id = a.id GROUP BY a.id"
    ).fetchall()
    assert len(audiences) == N  # every activity names its audience
    for channel, codes in audiences:
        if channel == "loa":
            assert codes == "nhan_dan"
        if channel == "hoi_nghi":
            assert "can_bo" in codes.split(",")


def test_titles_and_places_read_like_a_ward_log(demo_book: Book) -> None:
    rows = demo_book.conn.execute("SELECT channel, title, place, responsible FROM activities").fetchall()
    assert all("{" not in title + place + responsible for _, title, place, responsible in rows)
    titles = [row[1] for row in rows]
    assert any(title.startswith("Phát thanh tuyên truyền về ") for title in titles)
    assert any(
        title.startswith("Lồng ghép tuyên truyền CCHC tại hội nghị giao ban tháng ") for title in titles
    )
    places = {row[2] for row in rows}
    assert any(place.startswith("Nhà văn hóa tổ dân phố số ") for place in places)
    assert "Hội trường UBND phường" in places
    assert {row[3] for row in rows} >= {"Văn phòng HĐND-UBND", "Đoàn Thanh niên", "Hội Phụ nữ", "MTTQ phường"}
    # the one-stop desk got its new name with the two-level government on 1 July 2025
    desks = demo_book.conn.execute(
        "SELECT date, place FROM activities"
        " WHERE place LIKE 'Bộ phận Một cửa%' OR place LIKE 'Trung tâm Phục vụ%'"
    ).fetchall()
    assert desks
    assert all((day >= "2025-07-01") == place.startswith("Trung tâm") for day, place in desks)


def test_event_titles_come_in_their_month(demo_book: Book) -> None:
    months = {
        int(row[0][5:7])
        for row in demo_book.conn.execute(
            "SELECT date FROM activities WHERE title LIKE '%Ngày Chuyển đổi số quốc gia 10/10%'"
        )
    }
    assert months <= {9, 10}


# --- search index ---------------------------------------------------------------------------------------


def test_search_finds_demo_titles_without_diacritics(demo_book: Book) -> None:
    found = demo_book.activities.search("dich vu cong")
    assert found
    assert all("dich vu cong" in fold(f"{a.title} {a.place} {a.responsible} {a.notes}") for a in found)
    assert demo_book.activities.search("doan thanh nien")  # đ folded to d
    assert len(demo_book.activities.search("phat thanh")) > N // 10


def test_the_index_is_what_the_triggers_make(new_book: NewBook, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = new_book(), new_book()
    before = triggers(fast)
    generate(fast, 500, wards=2, until=UNTIL)
    monkeypatch.setattr(demo, "REBUILD_SEARCH_INDEX", False)
    generate(slow, 500, wards=2, until=UNTIL)
    assert dump(fast) == dump(slow)
    assert search_index(fast) == search_index(slow) == expected_index(fast)
    assert triggers(fast) == before  # recreated exactly as the schema made them
    # and the recreated trigger keeps indexing what is added afterwards
    activity = fast.activities.get(1)
    assert activity is not None
    added = fast.activities.add(activity.draft)
    assert (
        fast.conn.execute("SELECT count(*) FROM activity_search WHERE rowid = ?", [added.id]).fetchone()[0]
        == 1
    )
    assert search_index(fast) == expected_index(fast)


def test_the_index_covers_activities_that_were_already_there(new_book: NewBook) -> None:
    book = new_book()
    generate(book, 200, until=UNTIL)
    generate(book, 200, wards=2, until=UNTIL)
    assert search_index(book) == expected_index(book)


# --- transactions, progress, arguments ------------------------------------------------------------------


def test_progress_is_reported_in_batches(new_book: NewBook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "BATCH", 500)
    calls: list[tuple[int, int]] = []
    generate(new_book(), 1800, until=UNTIL, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(500, 1800), (1000, 1800), (1500, 1800), (1800, 1800)]


def test_an_interrupted_demo_leaves_nothing(new_book: NewBook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "BATCH", 100)
    book = new_book()
    before, before_triggers = dump(book), triggers(book)

    def interrupt(done: int, total: int) -> None:
        if done >= 300:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate(book, 1000, wards=3, until=UNTIL, progress=interrupt)
    assert dump(book) == before  # no activities, no wards, no identity
    assert triggers(book) == before_triggers
    assert search_index(book) == []
    assert not book.conn.in_transaction


def test_a_file_book(book: Book, book_path: Path) -> None:
    result = generate(book, 1000, wards=4, until=UNTIL)
    assert result.activities == book.activities.count() == 1000
    wal = book_path.with_name(book_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # the log was emptied after the commit
    assert book.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert book.conn.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize(
    ("activities", "wards", "until"),
    [
        (-1, 1, UNTIL),
        (10, 0, UNTIL),
        (10, 4000, UNTIL),
        (10, 1, date.today() + timedelta(days=400)),
        (10, 1, date(2000, 6, 1)),
    ],
)
def test_bad_arguments_are_refused(new_book: NewBook, activities: int, wards: int, until: date) -> None:
    book = new_book()
    with pytest.raises(WardLogError):
        generate(book, activities, wards=wards, until=until)
    assert book.activities.count() == 0
    assert book.settings.ward_code == ""
