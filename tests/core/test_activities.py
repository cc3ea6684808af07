"""Activities: adding, changing, binning and restoring, and the rules every activity obeys."""

from __future__ import annotations

import itertools
import sqlite3
import unicodedata
import uuid
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from wardlog.core import activities as activities_module
from wardlog.core.activities import ActivityQuery
from wardlog.core.book import Book
from wardlog.core.errors import ValidationError, WardLogError
from wardlog.core.model import MAX_LINE, MAX_NOTES, MAX_TITLE, ActivityDraft, validate
from wardlog.core.periods import parse

DRAFT = ActivityDraft(
    date=date(2026, 3, 5),
    channel="toa_dam",
    topics=("tthc",),
    title="Đối thoại với doanh nghiệp",
    place="Hội trường UBND phường",
    audiences=("doanh_nghiep",),
    participants=45,
    quantity=1,
    unit="",
    minutes=None,
    responsible="Văn phòng HĐND-UBND",
    notes="Có biên bản",
)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Deterministic change times: each call of now_stamp gives the next second."""
    seconds = itertools.count()
    stamps: list[str] = []

    def stamp() -> str:
        value = f"2026-11-23T08:00:{next(seconds):02d}.000Z"
        stamps.append(value)
        return value

    monkeypatch.setattr(activities_module, "now_stamp", stamp)
    return stamps


def fields_of(error: ValidationError) -> list[str]:
    return [issue.field for issue in error.issues]


# --- adding -------------------------------------------------------------------------------------


def test_add(book: Book, clock: list[str]) -> None:
    activity = book.activities.add(DRAFT)
    assert activity.id > 0
    assert uuid.UUID(activity.uid).version == 4
    assert (activity.revision, activity.deleted_at, activity.ward_code) == (1, None, None)
    assert activity.created_at == activity.updated_at == "2026-11-23T08:00:00.000Z"
    assert activity.draft == replace(DRAFT, unit="buoi")  # the channel's default unit filled in
    assert book.activities.get(activity.id) == activity
    assert book.activities.get_by_uid(activity.uid) == activity
    assert book.activities.count() == 1


def test_now_stamp_format() -> None:
    stamp = activities_module.now_stamp()
    assert len(stamp) == len("2026-11-23T08:00:00.000Z")
    assert stamp.endswith("Z") and stamp[10] == "T"


def test_same_values_twice_are_two_activities(book: Book) -> None:
    first, second = book.activities.add(DRAFT), book.activities.add(DRAFT)
    assert first.id != second.id and first.uid != second.uid
    assert first.draft == second.draft


def test_get_missing(book: Book) -> None:
    assert book.activities.get(999) is None
    assert book.activities.get_by_uid(str(uuid.uuid4())) is None


def test_multiple_topics_and_audiences(book: Book) -> None:
    draft = replace(
        DRAFT, topics=("tthc", "chinh_quyen_so", "tthc"), audiences=("nhan_dan", "can_bo", "nhan_dan")
    )
    activity = book.activities.add(draft)
    assert sorted(activity.topics) == ["chinh_quyen_so", "tthc"]
    assert sorted(activity.audiences) == ["can_bo", "nhan_dan"]


def test_explicit_unit_and_numbers_are_kept(book: Book) -> None:
    activity = book.activities.add(
        replace(DRAFT, channel="to_roi", quantity=1200, unit="to", participants=0, minutes=0)
    )
    assert (activity.quantity, activity.unit, activity.participants, activity.minutes) == (1200, "to", 0, 0)
    activity = book.activities.add(replace(DRAFT, quantity=2.5))
    assert activity.quantity == 2.5


def test_codes_are_trimmed(book: Book) -> None:
    activity = book.activities.add(
        replace(DRAFT, channel=" loa ", topics=(" tthc", ""), audiences=(" ",), unit=" luot ")
    )
    assert (activity.channel, activity.topics, activity.audiences, activity.unit) == (
        "loa",
        ("tthc",),
        (),
        "luot",
    )


def test_add_many_is_all_or_nothing(book: Book) -> None:
    good = book.activities.check(DRAFT)
    assert len(book.activities.add_many([good, good, good])) == 3
    assert book.activities.count() == 3
    unchecked_bad = replace(good, title="")  # never passed check(): the database itself refuses it
    with pytest.raises(sqlite3.IntegrityError):
        book.activities.add_many([good, good, unchecked_bad])
    assert book.activities.count() == 3
    assert book.conn.execute("SELECT count(*) FROM activity_topics").fetchone()[0] == 3


def test_add_many_stamps_all_alike(book: Book) -> None:
    good = book.activities.check(DRAFT)
    book.activities.add_many([good] * 5)
    stamps = {a.created_at for a in book.activities.query()}
    assert len(stamps) == 1
    assert len({a.uid for a in book.activities.query()}) == 5


# --- text ---------------------------------------------------------------------------------------


def test_text_is_stored_nfc(book: Book) -> None:
    nfd = {
        name: unicodedata.normalize("NFD", getattr(DRAFT, name))
        for name in ("title", "place", "responsible", "notes")
    }
    assert all(not unicodedata.is_normalized("NFC", value) for value in nfd.values())
    activity = book.activities.add(replace(DRAFT, **nfd))
    for name in nfd:
        value = getattr(activity, name)
        assert value == getattr(DRAFT, name)
        assert unicodedata.is_normalized("NFC", value)
    row = book.conn.execute("SELECT title FROM activities WHERE id = ?", [activity.id]).fetchone()
    assert row[0] == DRAFT.title


def test_control_characters_are_stripped(book: Book) -> None:
    activity = book.activities.add(
        replace(DRAFT, title="Đối\x00 thoại\x07", place="Hội\x1btrường", notes="dòng 1\x0c\ndòng\x7f 2\x85")
    )
    assert (activity.title, activity.place, activity.notes) == ("Đối thoại", "Hộitrường", "dòng 1\ndòng 2")


def test_spaces_collapse_except_in_notes(book: Book) -> None:
    activity = book.activities.add(
        replace(DRAFT, title="  Đối   thoại\t\n với DN ", responsible=" VP  ", notes="  a  b \r\n\r\nc  ")
    )
    assert (activity.title, activity.responsible, activity.notes) == ("Đối thoại với DN", "VP", "a  b\n\nc")


@pytest.mark.parametrize(
    "text",
    [
        "Đăng bài trên Zalo 👍🏽🎉 ✅",
        "مرحبا بالعالم",
        "שלום עולם",
        "Họp với bà con người Chăm: ꨌꩌ",
        "Hội nghị 中文 한국어",
        "\u200fنص\u200e mixed",
    ],
)
def test_emoji_and_right_to_left_text_are_kept_intact(book: Book, text: str) -> None:
    activity = book.activities.add(replace(DRAFT, title=text, notes=text + "\n" + text))
    assert activity.title == unicodedata.normalize("NFC", text)
    assert activity.notes == unicodedata.normalize("NFC", text) + "\n" + unicodedata.normalize("NFC", text)


# --- updating -----------------------------------------------------------------------------------


def test_update(book: Book, clock: list[str]) -> None:
    activity = book.activities.add(DRAFT)
    changed = replace(
        DRAFT,
        date=date(2026, 3, 6),
        channel="hop_dan",
        topics=("the_che", "bo_may"),
        audiences=(),
        title="Họp dân",
    )
    updated = book.activities.update(activity.id, changed)
    assert (updated.id, updated.uid, updated.created_at) == (activity.id, activity.uid, activity.created_at)
    assert updated.revision == 2
    assert updated.updated_at != activity.updated_at
    assert updated.updated_at > activity.updated_at
    assert updated.draft == replace(changed, unit="cuoc", topics=updated.topics)
    assert sorted(updated.topics) == ["bo_may", "the_che"]
    assert updated.audiences == ()
    assert book.activities.get(activity.id) == updated
    assert book.conn.execute("SELECT count(*) FROM activity_topics").fetchone()[0] == 2
    again = book.activities.update(activity.id, changed, expected_revision=2)
    assert again.revision == 3
    assert book.activities.count() == 1


def test_update_with_a_stale_revision_is_refused(book: Book) -> None:
    activity = book.activities.add(DRAFT)
    book.activities.update(activity.id, replace(DRAFT, title="Sửa lần một"), expected_revision=1)
    with pytest.raises(WardLogError) as caught:
        book.activities.update(activity.id, replace(DRAFT, title="Sửa từ bản cũ"), expected_revision=1)
    assert not isinstance(caught.value, ValidationError)
    current = book.activities.get(activity.id)
    assert current is not None
    assert (current.title, current.revision) == ("Sửa lần một", 2)


def test_stale_revision_message_in_english(english: None, book: Book) -> None:
    activity = book.activities.add(DRAFT)
    with pytest.raises(WardLogError) as caught:
        book.activities.update(activity.id, DRAFT, expected_revision=7)
    assert str(caught.value) == "This activity was changed meanwhile; reopen it to see the latest version."


def test_update_invalid_changes_nothing(book: Book) -> None:
    activity = book.activities.add(DRAFT)
    with pytest.raises(ValidationError) as caught:
        book.activities.update(activity.id, replace(DRAFT, title="", topics=()))
    assert fields_of(caught.value) == ["topics", "title"]
    assert book.activities.get(activity.id) == activity


def test_update_missing(book: Book, english: None) -> None:
    with pytest.raises(ValidationError) as caught:
        book.activities.update(42, DRAFT)
    assert [(i.field, i.message) for i in caught.value.issues] == [("id", "There is no activity number 42.")]


def test_update_keeps_an_explicit_unit_and_defaults_an_empty_one(book: Book) -> None:
    activity = book.activities.add(replace(DRAFT, unit="luot"))
    assert activity.unit == "luot"
    assert book.activities.update(activity.id, replace(DRAFT, unit="")).unit == "buoi"


# --- the bin ------------------------------------------------------------------------------------


def test_delete_and_restore(book: Book, clock: list[str]) -> None:
    activity = book.activities.add(DRAFT)
    other = book.activities.add(replace(DRAFT, title="Khác"))
    deleted = book.activities.delete(activity.id)
    assert deleted.deleted_at is not None
    assert deleted.revision == 2
    assert deleted.updated_at > activity.updated_at
    assert deleted.uid == activity.uid
    assert [a.id for a in book.activities.query()] == [other.id]
    assert book.activities.count() == 1
    assert [a.id for a in book.activities.query(ActivityQuery(deleted=True))] == [activity.id]
    assert book.activities.count(ActivityQuery(deleted=True)) == 1
    assert book.activities.get(activity.id) == deleted  # still readable by id
    restored = book.activities.restore(activity.id)
    assert restored.deleted_at is None
    assert restored.revision == 3
    assert restored.draft == activity.draft
    assert book.activities.count() == 2
    assert book.activities.count(ActivityQuery(deleted=True)) == 0


def test_delete_missing(book: Book) -> None:
    with pytest.raises(ValidationError):
        book.activities.delete(7)
    with pytest.raises(ValidationError):
        book.activities.restore(7)


# --- reading ------------------------------------------------------------------------------------


def test_query_filters_and_order(book: Book) -> None:
    days = [date(2025, 12, 14), date(2025, 12, 15), date(2026, 6, 14), date(2026, 6, 15), date(2026, 12, 15)]
    for n, day in enumerate(days):
        book.activities.add(
            replace(
                DRAFT,
                date=day,
                title=f"Số {n}",
                channel="loa" if n % 2 else "pano",
                topics=("tthc",) if n < 2 else ("gop_y",),
            )
        )
    query = book.activities.query
    assert [a.date for a in query(ActivityQuery(period=parse("2026-H1")))] == days[1:3]
    assert [a.date for a in query(ActivityQuery(period=parse("2026")))] == days[1:4]
    assert [a.title for a in query(ActivityQuery(order="-date"))] == ["Số 4", "Số 3", "Số 2", "Số 1", "Số 0"]
    assert [a.title for a in query(ActivityQuery(limit=2, offset=1))] == ["Số 1", "Số 2"]
    assert [a.title for a in query(ActivityQuery(channels=["loa"]))] == ["Số 1", "Số 3"]
    assert [a.title for a in query(ActivityQuery(topics=["tthc"]))] == ["Số 0", "Số 1"]
    assert [a.title for a in query(ActivityQuery(topics=["tthc", "gop_y"], channels=["pano"]))] == [
        "Số 0",
        "Số 2",
        "Số 4",
    ]
    assert book.activities.count(ActivityQuery(period=parse("2026-H2"))) == 1
    assert [a.title for a in book.activities.iterate(ActivityQuery(period=parse("2026-H2")))] == ["Số 3"]


def test_query_by_ward(book: Book) -> None:
    book.conn.execute("INSERT INTO wards(code, name) VALUES ('09556', 'Phường Hà Đông')")
    own = book.activities.add(DRAFT)
    theirs = book.activities.add(DRAFT, ward_code="09556")
    assert theirs.ward_code == "09556"
    query = book.activities.query
    assert [a.id for a in query(ActivityQuery(ward_codes=[None]))] == [own.id]
    assert [a.id for a in query(ActivityQuery(ward_codes=["09556"]))] == [theirs.id]
    assert [a.id for a in query(ActivityQuery(ward_codes=[None, "09556"]))] == [own.id, theirs.id]


def test_activities_survive_reopening(book_path: Path) -> None:
    with Book.open(book_path) as first:
        activity = first.activities.add(replace(DRAFT, notes="dòng 1\ndòng 2", quantity=2.5))
    with Book.open(book_path) as again:
        assert again.activities.get(activity.id) == activity


# --- the rules ----------------------------------------------------------------------------------


def test_date_limits(book: Book) -> None:
    today = date.today()
    for day in (date(2000, 1, 1), today, today + timedelta(days=366)):
        assert book.activities.add(replace(DRAFT, date=day)).date == day
    for day in (date(1999, 12, 31), date(1975, 4, 30), today + timedelta(days=367), date(2999, 1, 1)):
        with pytest.raises(ValidationError) as caught:
            book.activities.add(replace(DRAFT, date=day))
        assert fields_of(caught.value) == ["date"]
    assert book.activities.count() == 3


def test_validate_with_a_fixed_today(book: Book) -> None:
    today = date(2026, 1, 1)
    _, issues = validate(replace(DRAFT, date=date(2027, 1, 2)), book.catalog, today=today)
    assert issues == []
    _, issues = validate(replace(DRAFT, date=date(2027, 1, 3)), book.catalog, today=today)
    assert [i.field for i in issues] == ["date"]


def test_length_limits(book: Book) -> None:
    assert (MAX_TITLE, MAX_LINE, MAX_NOTES) == (500, 300, 5000)
    ok = replace(DRAFT, title="t" * 500, place="p" * 300, responsible="r" * 300, notes="n" * 5000)
    assert book.activities.add(ok).title == "t" * 500
    too_long = replace(DRAFT, title="t" * 501, place="p" * 301, responsible="r" * 301, notes="n" * 5001)
    with pytest.raises(ValidationError) as caught:
        book.activities.add(too_long)
    assert fields_of(caught.value) == ["title", "place", "responsible", "notes"]
    # the limit counts characters as stored (NFC), not as typed
    nfd_title = unicodedata.normalize("NFD", "ố" * 500)
    assert len(nfd_title) == 1500
    assert book.activities.add(replace(DRAFT, title=nfd_title)).title == "ố" * 500


# (changes, the field refused, the English message)
RULES = [
    ({"date": date(1999, 12, 31)}, "date", "The date is before 01/01/2000."),
    ({"date": date.today() + timedelta(days=400)}, "date", "The date is more than a year in the future."),
    ({"channel": ""}, "channel", "Choose a channel."),
    ({"channel": "bo_cau"}, "channel", "There is no channel “bo_cau”."),
    ({"topics": ()}, "topics", "Choose at least one topic."),
    ({"topics": ("tthc", "an_ninh")}, "topics", "There is no entry “an_ninh”."),
    ({"audiences": ("nguoi_ngoai",)}, "audiences", "There is no entry “nguoi_ngoai”."),
    ({"title": ""}, "title", "The title cannot be empty."),
    ({"title": " \t\x00 "}, "title", "The title cannot be empty."),
    ({"title": "x" * 501}, "title", "Too long: 501 characters, at most 500."),
    ({"place": "x" * 301}, "place", "Too long: 301 characters, at most 300."),
    ({"responsible": "x" * 301}, "responsible", "Too long: 301 characters, at most 300."),
    ({"notes": "x" * 5001}, "notes", "Too long: 5001 characters, at most 5000."),
    ({"participants": -1}, "participants", "Cannot be negative."),
    ({"participants": 1_000_001}, "participants", "Too large (at most 1,000,000)."),
    ({"quantity": -0.5}, "quantity", "Cannot be negative."),
    ({"quantity": float("nan")}, "quantity", "Not a number."),
    ({"quantity": float("inf")}, "quantity", "Too large (at most 10,000,000)."),
    ({"quantity": 10_000_001}, "quantity", "Too large (at most 10,000,000)."),
    ({"minutes": -30}, "minutes", "Cannot be negative."),
    ({"minutes": 1_000_001}, "minutes", "Too large (at most 1,000,000)."),
    ({"unit": "thung"}, "unit", "There is no unit “thung”."),
]


@pytest.mark.parametrize(("changes", "field", "message"), RULES)
def test_rule_in_english(
    english: None, book: Book, changes: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        book.activities.add(replace(DRAFT, **changes))  # type: ignore[arg-type]
    assert [(i.field, i.message) for i in caught.value.issues] == [(field, message)]
    assert str(caught.value) == message
    assert book.activities.count() == 0


@pytest.mark.parametrize(("changes", "field", "message"), RULES)
def test_rule_in_vietnamese_names_the_field(
    book: Book, changes: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        book.activities.add(replace(DRAFT, **changes))  # type: ignore[arg-type]
    assert fields_of(caught.value) == [field]
    assert caught.value.issues[0].message
    assert all(issue.line is None for issue in caught.value.issues)
    assert book.activities.count() == 0


def test_limits_themselves_are_accepted(book: Book) -> None:
    activity = book.activities.add(
        replace(DRAFT, participants=1_000_000, quantity=10_000_000, minutes=1_000_000)
    )
    assert (activity.participants, activity.quantity, activity.minutes) == (1_000_000, 10_000_000, 1_000_000)


def test_every_issue_is_listed_at_once(book: Book) -> None:
    bad = ActivityDraft(
        date=date(1999, 1, 1),
        channel="",
        topics=(),
        title="",
        audiences=("x",),
        participants=-1,
        quantity=-1,
        unit="y",
        minutes=-1,
    )
    with pytest.raises(ValidationError) as caught:
        book.activities.add(bad)
    assert fields_of(caught.value) == [
        "date",
        "channel",
        "topics",
        "audiences",
        "title",
        "participants",
        "quantity",
        "minutes",
        "unit",
    ]


def test_validate_completes_the_draft(book: Book) -> None:
    checked, issues = validate(replace(DRAFT, topics=("tthc", "tthc"), channel="to_roi"), book.catalog)
    assert issues == []
    assert (checked.unit, checked.topics) == ("to", ("tthc",))
    assert book.activities.check(replace(DRAFT, title="  a  b ")).title == "a b"


def test_add_many_stops_and_rolls_back_when_progress_raises(book: Book) -> None:
    """A cancelled import (its progress callback raises) leaves nothing half-written."""
    drafts = [
        book.activities.check(ActivityDraft(date(2026, 3, 5), "loa", ("tthc",), f"Phát {i}"))
        for i in range(1200)
    ]
    calls: list[int] = []

    def cancel_at_second_report(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        book.activities.add_many(drafts, progress=cancel_at_second_report)
    assert calls == [500, 1000]
    assert book.activities.count() == 0
    assert book.conn.execute("SELECT count(*) FROM activity_search").fetchone()[0] == 0
