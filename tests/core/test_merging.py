"""Merging ward files at the upper level: in any order, twice, newer files, deletions, conflicts."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from tests.core.exchange_kit import (
    FIRST_EXPORT,
    PERIOD,
    WARDS,
    draft,
    dump,
    export_file,
    tamper,
    upper_book,
    ward_book,
)
from wardlog.core import figures
from wardlog.core.book import Book
from wardlog.core.catalog import Kind
from wardlog.core.merging import merge_file, merge_files, open_conflicts, resolve_conflict

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(90))
LATER = FIRST_EXPORT + timedelta(days=10)


@pytest.fixture
def wards(tmp_path: Path) -> Iterator[list[Book]]:
    books = [ward_book(tmp_path, code, name, count=3 + i) for i, (code, name) in enumerate(WARDS)]
    yield books
    for book in books:
        book.close()


@pytest.fixture
def files(wards: list[Book], tmp_path: Path) -> list[Path]:
    return [export_file(book, tmp_path / "files") for book in wards]


def live_titles(book: Book, ward_code: str) -> list[str]:
    rows = book.conn.execute(
        "SELECT title FROM activities WHERE ward_code = ? AND deleted_at IS NULL ORDER BY title", [ward_code]
    )
    return [row[0] for row in rows]


def totals(book: Book) -> tuple[int, int, int]:
    count, distinct, participants = book.conn.execute(
        "SELECT count(*), count(DISTINCT uid), coalesce(sum(participants), 0) FROM activities"
        " WHERE deleted_at IS NULL"
    ).fetchone()
    return count, distinct, participants


def test_every_order_gives_the_same_book_and_twice_changes_nothing(files: list[Path], tmp_path: Path) -> None:
    seen = set()
    for number, order in enumerate(itertools.permutations(files)):
        with upper_book(tmp_path, f"tong-hop-{number}.wardlog") as upper:
            results = merge_files(upper, order)
            assert [r.added for r in results] == [_count(p) for p in order]
            once = dump(upper)
            again = merge_files(upper, order)
            assert [(r.added, r.updated, r.removed, len(r.conflicts)) for r in again] == [(0, 0, 0, 0)] * 3
            assert all(r.already_merged and r.unchanged == r.manifest.record_count for r in again)
            assert dump(upper) == once  # byte for byte the same content
            assert totals(upper) == (3 + 4 + 5, 3 + 4 + 5, 60 + 100 + 150)
            seen.add(_content(upper))
    assert len(seen) == 1  # the order made no difference to what the upper level holds


def _count(path: Path) -> int:
    return {"00004": 3, "00008": 4, "00025": 5}[path.name.split("_")[1]]


def _content(book: Book) -> tuple:
    rows = book.conn.execute(
        "SELECT uid, ward_code, date, channel, title, participants, revision, deleted_at IS NULL,"
        " (SELECT group_concat(topic) FROM activity_topics t WHERE t.activity_id = a.id)"
        " FROM activities a ORDER BY uid"
    )
    return tuple(rows)


def test_the_wards_are_registered_and_their_figures_match(wards: list[Book], files: list[Path],
                                                          tmp_path: Path) -> None:  # fmt: skip
    with upper_book(tmp_path) as upper:
        merge_files(upper, files)
        registered = upper.conn.execute("SELECT code, name, province FROM wards ORDER BY code").fetchall()
        assert registered == [(code, name, "Thành phố Hà Nội") for code, name in WARDS]
        for ward, (code, _name) in zip(wards, WARDS, strict=True):
            theirs = figures.compute(ward, PERIOD, ward_codes=(None,))
            ours = figures.compute(upper, PERIOD, ward_codes=(code,))
            assert ours.total == theirs.total
            assert [c.tally for c in ours.by_channel] == [c.tally for c in theirs.by_channel]
        everyone = figures.compute(upper, PERIOD)
        assert everyone.total.activities == 12


def test_a_newer_file_updates_adds_and_removes(wards: list[Book], files: list[Path], tmp_path: Path) -> None:
    ward = wards[1]
    with upper_book(tmp_path) as upper:
        merge_files(upper, files)
        mine = ward.activities.query()
        changed, deleted = mine[0], mine[1]
        ward.activities.update(changed.id, replace(changed.draft, title="Tiêu đề đã sửa", participants=77))
        ward.activities.delete(deleted.id)
        ward.activities.add(draft(PERIOD.start + timedelta(days=60), "Hoạt động mới bổ sung"))
        newer = export_file(ward, tmp_path / "newer", when=LATER)
        result = merge_file(upper, newer)
        assert (result.added, result.updated, result.removed, result.unchanged) == (1, 1, 1, 2)
        assert result.conflicts == ()
        titles = live_titles(upper, "00008")
        assert "Tiêu đề đã sửa" in titles and "Hoạt động mới bổ sung" in titles
        assert deleted.title not in titles and changed.title not in titles
        assert len(titles) == 4
        theirs = upper.activities.get_by_uid(changed.uid)
        assert theirs is not None and theirs.revision == ward.activities.get(changed.id).revision
        assert upper.activities.get_by_uid(deleted.uid).deleted_at is not None  # in the bin, not erased
        assert totals(upper)[0] == totals(upper)[1] == 3 + 4 + 5  # no duplicates
        # the older file arriving late changes nothing
        before = dump(upper)
        late = merge_file(upper, files[1])
        assert (late.added, late.updated, late.removed) == (0, 0, 0)
        assert dump(upper) == before


def test_a_record_moved_out_of_the_period_leaves_it(
    wards: list[Book], files: list[Path], tmp_path: Path
) -> None:
    ward = wards[0]
    with upper_book(tmp_path) as upper:
        merge_files(upper, files)
        moved = ward.activities.query()[0]
        ward.activities.update(moved.id, replace(moved.draft, date=PERIOD.end + timedelta(days=20)))
        result = merge_file(upper, export_file(ward, tmp_path / "newer", when=LATER))
        assert (result.removed, result.unchanged) == (1, 2)
        assert moved.title not in live_titles(upper, "00004")


def test_the_search_index_covers_merged_activities(files: list[Path], tmp_path: Path) -> None:
    from wardlog.core.checks import check_book

    with upper_book(tmp_path) as upper:
        merge_files(upper, files)
        assert len(upper.activities.search("phat thanh cchc giang vo")) == 5
        assert check_book(upper) == []


def test_an_edit_on_both_sides_is_a_conflict(wards: list[Book], files: list[Path], tmp_path: Path) -> None:
    ward = wards[2]
    with upper_book(tmp_path) as upper:
        merge_files(upper, files)
        theirs = ward.activities.query()[0]
        ours = upper.activities.get_by_uid(theirs.uid)
        upper.activities.update(ours.id, replace(ours.draft, title="Sửa ở cấp trên"))
        ward.activities.update(theirs.id, replace(theirs.draft, title="Sửa ở phường"))
        result = merge_file(upper, export_file(ward, tmp_path / "newer", when=LATER))
        assert [c.title for c in result.conflicts] == ["Sửa ở cấp trên"]
        assert (result.updated, result.unchanged) == (0, 4)
        assert upper.activities.get(ours.id).title == "Sửa ở cấp trên"  # not silently overwritten
        [waiting] = open_conflicts(upper)
        assert waiting.ward_record["title"] == "Sửa ở phường" and waiting.ward_code == "00025"
        # merging the same file again reports it again and changes nothing
        before = dump(upper)
        assert len(merge_file(upper, result.path).conflicts) == 1
        assert dump(upper) == before
        resolve_conflict(upper, ours.id, take_ward=True)
        assert upper.activities.get(ours.id).title == "Sửa ở phường"
        assert open_conflicts(upper) == []
        assert merge_file(upper, result.path).conflicts == ()


def test_keeping_the_upper_levels_version(wards: list[Book], files: list[Path], tmp_path: Path) -> None:
    ward = wards[2]
    with upper_book(tmp_path) as upper:
        merge_files(upper, files)
        theirs = ward.activities.query()[0]
        ours = upper.activities.get_by_uid(theirs.uid)
        upper.activities.update(ours.id, replace(ours.draft, title="Giữ bản cấp trên"))
        ward.activities.delete(theirs.id)
        newer = export_file(ward, tmp_path / "newer", when=LATER)
        [conflict] = merge_file(upper, newer).conflicts
        assert conflict.ward_removed
        resolve_conflict(upper, ours.id, take_ward=False)
        assert upper.activities.get(ours.id).title == "Giữ bản cấp trên"
        result = merge_file(upper, newer)
        assert (result.conflicts, result.unchanged) == ((), 5)


def test_an_edit_only_at_the_upper_level_is_kept(
    wards: list[Book], files: list[Path], tmp_path: Path
) -> None:
    ward = wards[0]
    with upper_book(tmp_path) as upper:
        merge_files(upper, files)
        ours = upper.activities.get_by_uid(ward.activities.query()[0].uid)
        upper.activities.update(ours.id, replace(ours.draft, participants=5))
        other = ward.activities.query()[1]
        ward.activities.update(other.id, replace(other.draft, participants=500))
        result = merge_file(upper, export_file(ward, tmp_path / "newer", when=LATER))
        assert (result.updated, result.unchanged, result.conflicts) == (1, 2, ())
        assert upper.activities.get(ours.id).participants == 5


def test_unknown_catalog_codes_are_added_and_labels_mapped_by_code(wards: list[Book], tmp_path: Path) -> None:
    ward = wards[0]
    ward.catalog.add(Kind.UNIT, "Buổi chiếu phim", code="buoi_chieu")
    ward.catalog.add(Kind.CHANNEL, "Chiếu phim lưu động", code="chieu_phim", group="truc_tiep",
                     default_unit="buoi_chieu")  # fmt: skip
    ward.catalog.add(Kind.TOPIC, "Cải cách hành chính nói chung", code="cchc_chung")
    ward.catalog.rename(Kind.CHANNEL, "loa", "Loa của phường Ba Đình")
    ward.activities.add(
        draft(PERIOD.start + timedelta(days=9), "Chiếu phim về dịch vụ công", channel="chieu_phim",
              topics=("cchc_chung", "chinh_quyen_so"))
    )  # fmt: skip
    with upper_book(tmp_path) as upper:
        before_version = upper.settings.catalog_version
        result = merge_file(upper, export_file(ward, tmp_path / "f"))
        assert ("channels", "chieu_phim", "Chiếu phim lưu động") in result.catalog_added
        assert ("units", "buoi_chieu", "Buổi chiếu phim") in result.catalog_added
        assert upper.catalog.get(Kind.CHANNEL, "chieu_phim").default_unit == "buoi_chieu"
        assert upper.catalog.label(Kind.CHANNEL, "loa") == "Hệ thống loa truyền thanh"  # its own label stays
        assert upper.settings.catalog_version == before_version + 1
        [merged] = [a for a in upper.activities.query() if a.channel == "chieu_phim"]
        assert set(merged.topics) == {"cchc_chung", "chinh_quyen_so"}
        again = merge_file(upper, result.path)
        assert again.catalog_added == () and upper.settings.catalog_version == before_version + 1


def test_a_label_taken_by_another_code_says_which_code(wards: list[Book], tmp_path: Path) -> None:
    ward = wards[0]
    ward.catalog.add(Kind.TOPIC, "Góp ý của nhân dân về dịch vụ công", code="gop_y_dvc")
    with upper_book(tmp_path) as upper:
        upper.catalog.add(Kind.TOPIC, "Góp ý của Nhân dân về dịch vụ công", code="y_kien_dvc")
        merge_file(upper, export_file(ward, tmp_path / "f"))
        assert (
            upper.catalog.label(Kind.TOPIC, "gop_y_dvc") == "Góp ý của nhân dân về dịch vụ công (gop_y_dvc)"
        )
        assert upper.catalog.label(Kind.TOPIC, "y_kien_dvc") == "Góp ý của Nhân dân về dịch vụ công"


def test_attachments_are_merged_and_kept_in_step(wards: list[Book], tmp_path: Path) -> None:
    ward = wards[1]
    first = ward.activities.query()[0]
    photo = ward.attachments.add_data(first.id, "anh.png", "image/png", PNG)
    with upper_book(tmp_path) as upper:
        light = merge_file(upper, export_file(ward, tmp_path / "a", attachments=False))
        ours = upper.activities.get_by_uid(first.uid)
        assert light.added == 4 and upper.attachments.of(ours.id) == []
        full = merge_file(upper, export_file(ward, tmp_path / "b", when=LATER))
        assert full.unchanged == 4
        [attached] = upper.attachments.of(ours.id)
        assert (attached.uid, attached.sha256) == (photo.uid, photo.sha256)
        assert upper.attachments.data(attached.id) == PNG
        ward.attachments.remove(photo.id)  # the ward takes it back: the activity's revision grows
        result = merge_file(upper, export_file(ward, tmp_path / "c", when=LATER + timedelta(days=1)))
        assert result.updated == 1 and upper.attachments.of(ours.id) == []


def test_a_merge_takes_a_backup_first(files: list[Path], tmp_path: Path) -> None:
    from wardlog.core.backups import folder_for, list_backups

    with upper_book(tmp_path) as upper:
        merge_files(upper, files)
        assert upper.path is not None
        assert [b.reason for b in list_backups(folder_for(upper.path))] == ["before-merge"]


def test_a_cancelled_merge_leaves_the_file_out(files: list[Path], tmp_path: Path) -> None:
    class Stop(Exception):
        pass

    def progress(done: int, total: int) -> None:
        if done * 3 > total:  # during the second file
            raise Stop

    with upper_book(tmp_path) as upper:
        with pytest.raises(Stop):
            merge_files(upper, files, progress=progress, backup=False)
        assert upper.conn.execute("SELECT count(DISTINCT ward_code) FROM activities").fetchone()[0] <= 1
        assert upper.conn.execute("SELECT count(*) FROM deliveries").fetchone()[0] <= 1
        assert not upper.conn.in_transaction
        assert {r.added for r in merge_files(upper, files, backup=False)} <= {0, 3, 4, 5}
        assert totals(upper)[0] == 12


def test_no_private_copy_is_left_behind(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file is checked on a private copy (the next one while the current one merges); every
    copy goes, whether the file was merged, refused, or the run was cancelled."""
    import tempfile

    private = tmp_path / "private"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    broken = tmp_path / "broken.wlx"
    broken.write_bytes(files[0].read_bytes()[:2048])
    with upper_book(tmp_path) as upper:
        results = merge_files(upper, [files[0], broken, files[1]], backup=False)
        assert [r.ok for r in results] == [True, False, True]
        assert list(private.iterdir()) == []

        def stop(done: int, total: int) -> None:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            merge_files(upper, [files[2], files[0]], progress=stop, backup=False)
        assert list(private.iterdir()) == []
        assert upper.conn.execute("SELECT count(*) FROM deliveries").fetchone()[0] == 2


def test_text_the_book_would_not_store_is_cleaned_on_the_way_in(files: list[Path], tmp_path: Path) -> None:
    """Records are copied by SQLite when their text is already as the book keeps it; the others (a
    forged or foreign file: decomposed Vietnamese, a control character) are cleaned first."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Tuyên truyền thủ tục")
    tamper(
        files[0],
        "UPDATE activities SET title = ?, place = ? WHERE uid = (SELECT min(uid) FROM activities)",
        params=(decomposed, "Nhà\u0007 văn hoá"),
    )
    with upper_book(tmp_path) as upper:
        [result] = merge_files(upper, [files[0]], backup=False)
        assert (result.added, result.refused) == (3, None)
        title, place = upper.conn.execute(
            "SELECT title, place FROM activities WHERE title LIKE 'Tuy%thủ tục'"
        ).fetchone()
        assert title == "Tuyên truyền thủ tục" and unicodedata.is_normalized("NFC", title)
        assert place == "Nhà văn hoá"
        # every added record has its topics, its merge base and its search entry
        counts = upper.conn.execute(
            "SELECT (SELECT count(*) FROM activities),"
            " (SELECT count(DISTINCT activity_id) FROM activity_topics),"
            " (SELECT count(*) FROM merged_activities),"
            " (SELECT count(*) FROM activity_search WHERE activity_search MATCH 'tuyen')"
        ).fetchone()
        assert counts[:3] == (3, 3, 3) and counts[3] >= 1


def test_a_file_merged_before_is_not_read_again(files: list[Path], tmp_path: Path) -> None:
    """The same file twice: the second time only its manifest is read (its ward and checksum are
    known), so even a later change to its content cannot slip in through it."""
    with upper_book(tmp_path) as upper:
        merge_files(upper, [files[0]], backup=False)
        before = dump(upper)
        tamper(files[0], "UPDATE activities SET title = 'Đổi sau khi gửi'", fix_checksum=False)
        [again] = merge_files(upper, [files[0]], backup=False)
        assert again.already_merged and (again.added, again.updated, again.unchanged) == (0, 0, 3)
        assert dump(upper) == before


def test_files_merge_in_groups_each_file_wholly_or_not_at_all(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several files share a transaction, each in a savepoint: a file refused while merging (here a
    record that is another ward's) leaves the others of its group merged, the same file twice in a
    group is merged once, and a cancellation keeps the files merged before it, reported as such."""
    import wardlog.core.merging as merging

    monkeypatch.setattr(merging, "FILES_AT_ONCE", 2)
    stolen = tmp_path / "stolen.wlx"
    stolen.write_bytes(files[1].read_bytes())
    tamper(stolen, "UPDATE manifest SET ward_code = '00004'")  # ward 00004's file of 00008's records
    with upper_book(tmp_path) as upper:
        reported: list[str] = []
        results = merge_files(
            upper,
            [files[1], stolen, files[0], files[0]],
            backup=False,
            on_result=lambda r: reported.append(r.path.name),
        )
        assert [(r.added, r.already_merged, r.refused is None) for r in results] == [
            (4, False, True), (0, False, False), (3, False, True), (0, True, True),
        ]  # fmt: skip
        first_uid = upper.conn.execute(
            "SELECT min(uid) FROM activities WHERE ward_code = '00008'"
        ).fetchone()[0]
        assert first_uid in (results[1].refused or "")  # it names the record that is not its own
        assert reported == [r.path.name for r in results]
        assert sorted(code for (code,) in upper.conn.execute("SELECT ward_code FROM deliveries")) == [
            "00004", "00008",
        ]  # fmt: skip

    monkeypatch.setattr(merging, "FILES_AT_ONCE", 3)  # the three files in one group
    with upper_book(tmp_path, "second.wardlog") as upper:
        sizes = [path.stat().st_size for path in files]
        reported.clear()

        def cancel_in_the_third(done: int, total: int) -> None:
            if done > sizes[0] + sizes[1] + sizes[2] // 2:  # past the check of the third file
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            merge_files(
                upper, files, backup=False, progress=cancel_in_the_third,
                on_result=lambda r: reported.append(r.manifest.ward_code if r.manifest else ""),
            )  # fmt: skip
        delivered = sorted(code for (code,) in upper.conn.execute("SELECT ward_code FROM deliveries"))
        assert delivered == sorted(reported) == ["00004", "00008"]
        assert totals(upper)[0] == 3 + 4


def test_a_failing_disk_rolls_back_the_whole_group_and_says_so(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unlike a cancellation, an error of SQLite (a full or failing disk) may have ended the
    transaction itself: nothing of the group is kept, and the error is raised, not hidden."""
    import sqlite3

    import wardlog.core.merging as merging

    real = merging._add_new
    calls: list[int] = []

    def failing(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(merging, "_add_new", failing)
    with upper_book(tmp_path) as upper:
        progress: list[tuple[int, int]] = []
        with pytest.raises(sqlite3.OperationalError):
            merge_files(upper, files, backup=False, progress=lambda d, t: progress.append((d, t)))
        assert upper.conn.execute("SELECT count(*) FROM deliveries").fetchone()[0] == 0
        assert totals(upper)[0] == 0 and not upper.conn.in_transaction
        monkeypatch.setattr(merging, "_add_new", real)
        progress.clear()
        merge_files(upper, files, backup=False, progress=lambda d, t: progress.append((d, t)))
        done = [d for d, _total in progress]
        assert done == sorted(done) and progress[-1][0] == progress[-1][1]  # onwards, to a full bar
