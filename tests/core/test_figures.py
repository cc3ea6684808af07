"""The figures of a period, computed in SQL: totals, channels, groups, topics, months and wards."""

from __future__ import annotations

from datetime import date

from wardlog.core.book import Book
from wardlog.core.figures import Tally, by_ward, compute
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import Convention, parse


def add(book: Book, day: date, channel: str, *, ward: str | None = None, **values: object) -> None:
    draft = ActivityDraft(
        date=day, channel=channel, topics=values.pop("topics", ("tthc",)), title="Hoạt động"
    )
    book.activities.add(
        ActivityDraft(**{**draft.__dict__, **values}),  # type: ignore[arg-type]
        ward_code=ward,
    )


def test_tallies_by_channel_group_topic_and_month(book: Book) -> None:
    add(book, date(2025, 12, 15), "pano", quantity=20)  # first day of 2026-H1 (cut-off): month 1
    add(book, date(2026, 1, 14), "hoi_nghi", participants=30)  # still month 1
    add(book, date(2026, 1, 15), "hoi_nghi", participants=25, topics=("tthc", "chinh_quyen_so"))  # month 2
    add(book, date(2026, 3, 1), "loa", quantity=2, minutes=90)
    add(book, date(2026, 3, 2), "loa", quantity=1, unit="luot", minutes=30)  # counted in another unit
    add(book, date(2026, 6, 15), "loa", minutes=999)  # after the period
    figures = compute(book, parse("2026-H1"))

    assert figures.total == Tally(
        5, 55, 120, (("tam", 20.0), ("buoi_phat", 2.0), ("cuoc", 2.0), ("luot", 1.0))
    )
    channels = {c.code: c.tally for c in figures.by_channel}
    assert channels["hoi_nghi"] == Tally(2, 55, 0, (("cuoc", 2.0),))
    assert channels["loa"] == Tally(2, 0, 120, (("buoi_phat", 2.0), ("luot", 1.0)))
    assert channels["mit_tinh"] == Tally()
    assert len(figures.by_channel) == 16 and figures.channels_used == 3
    groups = {g.code: (g.tally.activities, g.channels_used) for g in figures.by_group}
    assert groups == {"truc_tiep": (2, 1), "dai_chung": (2, 1), "truc_quan": (1, 1)}
    topics = {t.code: (t.activities, t.participants) for t in figures.by_topic if t.activities}
    assert topics == {"tthc": (5, 55), "chinh_quyen_so": (1, 25)}
    months = [(m.year, m.month, m.tally.activities) for m in figures.by_month]
    assert months == [(2026, 1, 2), (2026, 2, 1), (2026, 3, 2), (2026, 4, 0), (2026, 5, 0), (2026, 6, 0)]

    calendar = compute(book, parse("2026-H1", Convention.CALENDAR))  # 01/01 – 30/06
    assert calendar.total.activities == 5  # the 15/12 poster is out, the 15/06 broadcast is in
    assert [(m.month, m.tally.activities) for m in calendar.by_month][:3] == [(1, 2), (2, 0), (3, 2)]


def test_figures_per_ward_ranked_with_evidence(book: Book) -> None:
    book.conn.executemany(
        "INSERT INTO wards(code, name) VALUES (?, ?)",
        [("00001", "Phường Một"), ("00002", "Phường Hai"), ("00003", "Xã Ba")],
    )
    add(book, date(2026, 2, 1), "loa", ward="00002", minutes=10)
    add(book, date(2026, 2, 2), "pano", ward="00002")
    add(book, date(2026, 2, 3), "hoi_nghi", ward="00001", participants=40)
    add(book, date(2026, 2, 4), "hoi_nghi")  # the book's own: not a ward of the upper level
    broadcast = book.conn.execute("SELECT id FROM activities WHERE channel = 'loa'").fetchone()[0]
    book.attachments.add_data(broadcast, "nhat-ky.pdf", "application/pdf", b"%PDF-1.4 broadcast log")
    wards = by_ward(book, parse("2026-H1"))
    assert [(w.code, w.activities, w.channels_used, w.groups_used) for w in wards] == [
        ("00002", 2, 2, 2),
        ("00001", 1, 1, 1),
        ("00003", 0, 0, 0),
    ]
    assert (wards[0].minutes, wards[0].with_evidence, wards[1].participants) == (10, 1, 40)


def test_every_ward_named_counts_what_each_ward_alone_counts(book: Book) -> None:
    from wardlog.core.demo import generate

    generate(book, 1500, wards=4, until=date(2026, 11, 20))
    add(book, date(2026, 3, 3), "loa", minutes=45)  # the book's own: not one of the wards
    codes = tuple(row[0] for row in book.conn.execute("SELECT code FROM wards ORDER BY code"))
    period = parse("2026")
    every = compute(book, period, ward_codes=codes)  # read as "any ward"
    one_by_one = [compute(book, period, ward_codes=(code,)) for code in codes]
    assert every.total.activities == sum(f.total.activities for f in one_by_one) > 0
    assert every.total.minutes == sum(f.total.minutes for f in one_by_one)
    for month, parts in zip(every.by_month, zip(*(f.by_month for f in one_by_one), strict=True), strict=True):
        assert month.tally.activities == sum(part.tally.activities for part in parts)
    with_own = compute(book, period, ward_codes=(*codes, None))
    assert with_own.total.activities == every.total.activities + 1 == compute(book, period).total.activities
    assert compute(book, period, ward_codes=codes[:2]).total.activities == sum(
        f.total.activities for f in one_by_one[:2]
    )
    wards = {w.code: w for w in by_ward(book, period)}
    assert [wards[code].activities for code in codes] == [f.total.activities for f in one_by_one]
    assert [wards[code].channels_used for code in codes] == [f.channels_used for f in one_by_one]
