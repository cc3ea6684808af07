"""The catalog: the guideline's defaults, renaming, adding, retiring; codes keep their meaning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wardlog.core import catalog_defaults
from wardlog.core.book import Book
from wardlog.core.catalog import Entry, Kind
from wardlog.core.errors import ValidationError
from wardlog.core.model import ActivityDraft


def version(book: Book) -> int:
    return book.settings.catalog_version


def codes(entries: list[Entry]) -> list[str]:
    return [entry.code for entry in entries]


# --- defaults -----------------------------------------------------------------------------------


def test_default_groups(book: Book) -> None:
    groups = book.catalog.groups()
    assert [(g.code, g.label) for g in groups] == [
        ("truc_tiep", "Trực tiếp"),
        ("dai_chung", "Thông tin đại chúng"),
        ("truc_quan", "Trực quan"),
    ]


def test_default_channels(book: Book) -> None:
    channels = book.catalog.channels()
    assert len(channels) == 16
    assert codes(channels) == [
        "hoi_nghi",
        "hop_dan",
        "sinh_hoat",
        "cuoc_thi",
        "toa_dam",
        "mit_tinh",
        "loa",
        "bao_chi",
        "cong_ttdt",
        "mang_xa_hoi",
        "ung_dung_so",
        "pano",
        "khau_hieu",
        "to_roi",
        "bang_tin",
        "man_hinh_led",
    ]
    by_group: dict[str, int] = {}
    for channel in channels:
        by_group[channel.group] = by_group.get(channel.group, 0) + 1
        assert channel.kind is Kind.CHANNEL and not channel.retired
    assert by_group == {"truc_tiep": 6, "dai_chung": 5, "truc_quan": 5}
    loa = book.catalog.get(Kind.CHANNEL, "loa")
    assert loa is not None
    assert (loa.label, loa.group, loa.default_unit) == ("Hệ thống loa truyền thanh", "dai_chung", "buoi_phat")


@pytest.mark.parametrize(("group", "code", "label", "unit"), catalog_defaults.CHANNELS)
def test_default_channel_matches_the_domain_table(
    book: Book, group: str, code: str, label: str, unit: str
) -> None:
    entry = book.catalog.get(Kind.CHANNEL, code)
    assert entry is not None
    assert (entry.group, entry.label, entry.default_unit) == (group, label, unit)
    assert book.catalog.get(Kind.UNIT, unit) is not None


def test_default_topics_audiences_units(book: Book) -> None:
    catalog = book.catalog
    assert len(catalog.topics()) == 12
    assert codes(catalog.topics()) == [code for code, _ in catalog_defaults.TOPICS]
    assert catalog.label(Kind.TOPIC, "tthc") == "Cải cách thủ tục hành chính; một cửa, một cửa liên thông"
    assert catalog.label(Kind.TOPIC, "chi_so") == "Kết quả các chỉ số PAR INDEX, SIPAS, PAPI, PCI"
    assert codes(catalog.audiences()) == ["can_bo", "dang_vien", "doan_vien", "nhan_dan", "doanh_nghiep"]
    assert catalog.label(Kind.AUDIENCE, "nhan_dan") == "Nhân dân"
    assert [(u.code, u.label) for u in catalog.units()] == [
        ("cuoc", "cuộc"),
        ("cuoc_thi", "cuộc thi"),
        ("buoi", "buổi"),
        ("buoi_phat", "buổi phát"),
        ("tin_bai", "tin, bài"),
        ("bai_dang", "bài đăng"),
        ("luot", "lượt"),
        ("tam", "tấm"),
        ("to", "tờ"),
    ]


def test_every_default_channel_unit_is_a_unit() -> None:
    units = {code for code, _ in catalog_defaults.UNITS}
    assert {unit for *_, unit in catalog_defaults.CHANNELS} <= units


def test_label_of_an_unknown_code_is_the_code(book: Book) -> None:
    assert book.catalog.label(Kind.CHANNEL, "khong_co") == "khong_co"
    assert book.catalog.get(Kind.TOPIC, "khong_co") is None


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        (Kind.CHANNEL, "loa", "loa"),
        (Kind.CHANNEL, "LOA", "loa"),
        (Kind.CHANNEL, "  Hệ   thống loa truyền thanh ", "loa"),
        (Kind.CHANNEL, "he thong loa truyen thanh", "loa"),
        (Kind.CHANNEL, "Mít tinh, cổ động", "mit_tinh"),
        (Kind.CHANNEL, "mit tinh, co dong", "mit_tinh"),
        (Kind.CHANNEL, "Màn hình LED", "man_hinh_led"),
        (Kind.TOPIC, "Thực hiện dân chủ ở cơ sở", "dan_chu_co_so"),
        (Kind.TOPIC, "thuc hien dan chu o co so", "dan_chu_co_so"),
        (Kind.AUDIENCE, "dang vien", "dang_vien"),
        (Kind.AUDIENCE, "ĐẢNG VIÊN", "dang_vien"),
        (Kind.UNIT, "tam", "tam"),
        (Kind.UNIT, "TẤM", "tam"),
    ],
)
def test_match(book: Book, kind: Kind, text: str, code: str) -> None:
    entry = book.catalog.match(kind, text)
    assert entry is not None
    assert entry.code == code


def test_match_unknown(book: Book) -> None:
    assert book.catalog.match(Kind.CHANNEL, "bồ câu") is None
    assert book.catalog.match(Kind.TOPIC, "loa") is None  # a channel code is not a topic
    assert book.catalog.match(Kind.CHANNEL, "") is None


# --- renaming -----------------------------------------------------------------------------------


def test_rename_keeps_the_code_and_bumps_the_version(book: Book) -> None:
    before = version(book)
    entry = book.catalog.rename(Kind.CHANNEL, "loa", "  Loa  truyền thanh phường ")
    assert (entry.code, entry.label, entry.group, entry.default_unit) == (
        "loa",
        "Loa truyền thanh phường",
        "dai_chung",
        "buoi_phat",
    )
    assert book.catalog.get(Kind.CHANNEL, "loa") == entry
    assert version(book) == before + 1
    assert book.catalog.match(Kind.CHANNEL, "loa truyen thanh phuong") == entry
    assert book.catalog.match(Kind.CHANNEL, "Hệ thống loa truyền thanh") is None
    assert codes(book.catalog.channels()).index("loa") == 6  # same place in the list


def test_rename_shows_on_existing_activities(book: Book) -> None:
    activity = book.activities.add(ActivityDraft(date(2026, 1, 5), "loa", ("tthc",), "Phát thanh"))
    book.catalog.rename(Kind.TOPIC, "tthc", "Thủ tục hành chính")
    again = book.activities.get(activity.id)
    assert again is not None
    assert again.topics == ("tthc",)
    assert book.catalog.label(Kind.TOPIC, again.topics[0]) == "Thủ tục hành chính"


def test_rename_to_a_different_spelling_of_its_own_label(book: Book) -> None:
    entry = book.catalog.rename(Kind.AUDIENCE, "nhan_dan", "NHÂN DÂN")
    assert entry.label == "NHÂN DÂN"


def test_rename_is_kept_in_the_file(book_path: Path) -> None:
    with Book.open(book_path) as first:
        first.catalog.rename(Kind.UNIT, "to", "tờ rơi")
    with Book.open(book_path) as again:
        assert again.catalog.label(Kind.UNIT, "to") == "tờ rơi"
        assert again.settings.catalog_version == 2


@pytest.mark.parametrize(
    "label",
    ["", "   ", "x" * 201, "Nhân dân", "nhan dan", "NHÂN  DÂN"],
)
def test_rename_refused(book: Book, label: str) -> None:
    before = version(book)
    with pytest.raises(ValidationError) as caught:
        book.catalog.rename(Kind.AUDIENCE, "dang_vien", label)
    assert caught.value.issues[0].field == "label"
    assert book.catalog.label(Kind.AUDIENCE, "dang_vien") == "Đảng viên"
    assert version(book) == before


def test_rename_unknown_code(book: Book) -> None:
    with pytest.raises(ValidationError) as caught:
        book.catalog.rename(Kind.CHANNEL, "khong_co", "Gì đó")
    assert caught.value.issues[0].field == "code"


def test_rename_messages_in_english(english: None, book: Book) -> None:
    with pytest.raises(ValidationError) as caught:
        book.catalog.rename(Kind.AUDIENCE, "dang_vien", "nhan dan")
    assert str(caught.value) == "“Nhân dân” is already in the list."
    with pytest.raises(ValidationError) as caught:
        book.catalog.rename(Kind.AUDIENCE, "dang_vien", " ")
    assert str(caught.value) == "The name cannot be empty."
    with pytest.raises(ValidationError) as caught:
        book.catalog.rename(Kind.AUDIENCE, "dang_vien", "x" * 201)
    assert str(caught.value) == "The name is too long (at most 200 characters)."
    with pytest.raises(ValidationError) as caught:
        book.catalog.rename(Kind.AUDIENCE, "ai_do", "Ai đó")
    assert str(caught.value) == "There is no entry with the code “ai_do”."


# --- adding -------------------------------------------------------------------------------------


def test_add_channel_makes_a_code_from_the_label(book: Book) -> None:
    before = version(book)
    entry = book.catalog.add(Kind.CHANNEL, "Loa di động", group="dai_chung", default_unit="buoi_phat")
    assert (entry.code, entry.label, entry.group, entry.default_unit, entry.retired) == (
        "loa_di_dong",
        "Loa di động",
        "dai_chung",
        "buoi_phat",
        False,
    )
    assert codes(book.catalog.channels())[-1] == "loa_di_dong"
    assert entry.position > max(c.position for c in book.catalog.channels()[:-1])
    assert version(book) == before + 1
    assert book.catalog.match(Kind.CHANNEL, "loa di dong") == entry
    activity = book.activities.add(ActivityDraft(date(2026, 1, 5), "loa_di_dong", ("tthc",), "Loa lưu động"))
    assert activity.unit == "buoi_phat"


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Đường dây nóng", "duong_day_nong"),
        ("An ninh, trật tự", "an_ninh_trat_tu"),
        ("Người cao tuổi", "nguoi_cao_tuoi"),
        ("  Ứng   dụng VNeID ", "ung_dung_vneid"),
        ("Cải cách hành chính & chuyển đổi số (2026)", "cai_cach_hanh_chinh_chuyen_doi_s"),  # cut at 32
        ("!!!", "muc"),
        (
            "Thông tin về các kết quả của việc thực hiện cải cách hành chính",
            "thong_tin_ve_cac_ket_qua_cua_vie",
        ),
    ],
)
def test_add_topic_code_from_label(book: Book, label: str, code: str) -> None:
    entry = book.catalog.add(Kind.TOPIC, label)
    assert entry.code == code
    assert len(entry.code) <= 40


def test_add_makes_a_free_code_when_the_made_one_is_taken(book: Book) -> None:
    first = book.catalog.add(Kind.CHANNEL, "Loa", group="dai_chung", default_unit="buoi_phat")
    assert first.code == "loa_2"  # “loa” is the loudspeaker system's code
    second = book.catalog.add(Kind.TOPIC, "Cải cách thể chế mới")
    third = book.catalog.add(Kind.TOPIC, "Cai cach the che moi!")  # folds differently: “moi!” vs “moi”
    assert (second.code, third.code) == ("cai_cach_the_che_moi", "cai_cach_the_che_moi_2")


def test_add_with_an_explicit_code(book: Book) -> None:
    entry = book.catalog.add(Kind.AUDIENCE, "Người cao tuổi", code="nguoi_gia")
    assert entry.code == "nguoi_gia"
    assert book.catalog.match(Kind.AUDIENCE, "nguoi_gia") == entry


@pytest.mark.parametrize("code", ["Loa", "có dấu", "a-b", "", "x" * 41, "nhan_dan"])
def test_add_with_a_bad_or_taken_code(book: Book, code: str) -> None:
    before = len(book.catalog.audiences())
    with pytest.raises(ValidationError) as caught:
        book.catalog.add(Kind.AUDIENCE, "Người cao tuổi", code=code)
    assert [issue.field for issue in caught.value.issues] == ["code"]
    assert len(book.catalog.audiences()) == before


@pytest.mark.parametrize(
    "label", ["Hệ thống loa truyền thanh", "he thong loa truyen thanh", "HỆ THỐNG LOA  TRUYỀN THANH"]
)
def test_add_duplicate_label_refused_ignoring_diacritics(book: Book, label: str) -> None:
    before = version(book)
    with pytest.raises(ValidationError) as caught:
        book.catalog.add(Kind.CHANNEL, label, group="dai_chung", default_unit="buoi_phat")
    assert caught.value.issues[0].field == "label"
    assert len(book.catalog.channels(include_retired=True)) == 16
    assert version(book) == before


def test_add_duplicate_of_a_new_entry_refused(book: Book) -> None:
    book.catalog.add(Kind.CHANNEL, "Loa di động", group="dai_chung", default_unit="buoi_phat")
    with pytest.raises(ValidationError):
        book.catalog.add(Kind.CHANNEL, "Loa di dong", group="dai_chung", default_unit="buoi_phat")


def test_add_duplicate_of_a_retired_entry_refused(book: Book) -> None:
    book.catalog.set_retired(Kind.TOPIC, "the_che")
    with pytest.raises(ValidationError):
        book.catalog.add(Kind.TOPIC, "Cải cách thể chế")


def test_same_label_in_different_lists_is_fine(book: Book) -> None:
    entry = book.catalog.add(Kind.TOPIC, "Hệ thống loa truyền thanh")
    assert entry.code == "he_thong_loa_truyen_thanh"


def test_add_channel_needs_a_group_and_a_usable_unit(book: Book) -> None:
    with pytest.raises(ValidationError) as caught:
        book.catalog.add(Kind.CHANNEL, "Loa di động")
    assert {issue.field for issue in caught.value.issues} == {"group", "default_unit"}
    with pytest.raises(ValidationError) as caught:
        book.catalog.add(Kind.CHANNEL, "Loa di động", group="khong_co", default_unit="thung")
    assert {issue.field for issue in caught.value.issues} == {"group", "default_unit"}
    book.catalog.add(Kind.UNIT, "chuyến")
    book.catalog.set_retired(Kind.UNIT, "chuyen")
    with pytest.raises(ValidationError) as caught:
        book.catalog.add(Kind.CHANNEL, "Loa di động", group="dai_chung", default_unit="chuyen")
    assert [issue.field for issue in caught.value.issues] == ["default_unit"]
    assert len(book.catalog.channels(include_retired=True)) == 16


def test_add_messages_in_english(english: None, book: Book) -> None:
    with pytest.raises(ValidationError) as caught:
        book.catalog.add(Kind.CHANNEL, "Loa di động", code="Loa")
    assert str(caught.value).splitlines() == [
        "Choose the channel's group.",
        "Choose the channel's default unit.",
        "A code has 1 to 40 characters: small letters a–z, digits and _.",
    ]
    with pytest.raises(ValidationError) as caught:
        book.catalog.add(Kind.TOPIC, "Mới", code="tthc")
    assert str(caught.value) == "The code “tthc” is already used."


# --- retiring -----------------------------------------------------------------------------------


def test_retire_hides_but_keeps(book: Book) -> None:
    before = version(book)
    entry = book.catalog.set_retired(Kind.CHANNEL, "pano")
    assert entry.retired
    assert "pano" not in codes(book.catalog.channels())
    assert len(book.catalog.channels()) == 15
    assert "pano" in codes(book.catalog.channels(include_retired=True))
    assert len(book.catalog.channels(include_retired=True)) == 16
    assert book.catalog.label(Kind.CHANNEL, "pano") == "Panô, áp phích"
    assert book.catalog.match(Kind.CHANNEL, "pano") == entry  # still recognised, refused later by the rules
    assert version(book) == before + 1
    back = book.catalog.set_retired(Kind.CHANNEL, "pano", False)
    assert not back.retired
    assert codes(book.catalog.channels()) == codes(book.catalog.channels(include_retired=True))
    assert version(book) == before + 2


@pytest.mark.parametrize(
    ("kind", "code"), [(Kind.TOPIC, "gop_y"), (Kind.AUDIENCE, "doanh_nghiep"), (Kind.UNIT, "to")]
)
def test_retire_other_lists(book: Book, kind: Kind, code: str) -> None:
    if kind is Kind.UNIT:
        book.catalog.set_default_unit("to_roi", "tam")
    book.catalog.set_retired(kind, code)
    assert code not in codes(book.catalog.entries(kind))
    assert code in codes(book.catalog.entries(kind, include_retired=True))


def test_retired_channel_refused_for_a_new_activity(book: Book) -> None:
    book.catalog.set_retired(Kind.CHANNEL, "pano")
    with pytest.raises(ValidationError) as caught:
        book.activities.add(ActivityDraft(date(2026, 2, 3), "pano", ("tthc",), "Treo panô"))
    assert [issue.field for issue in caught.value.issues] == ["channel"]
    assert book.activities.count() == 0


def test_retired_entries_refused_for_a_new_activity_in_english(english: None, book: Book) -> None:
    book.catalog.set_retired(Kind.CHANNEL, "pano")
    book.catalog.set_retired(Kind.TOPIC, "the_che")
    book.catalog.set_retired(Kind.AUDIENCE, "dang_vien")
    book.catalog.add(Kind.UNIT, "chuyến")
    book.catalog.set_retired(Kind.UNIT, "chuyen")
    draft = ActivityDraft(
        date(2026, 2, 3), "pano", ("the_che",), "Treo panô", audiences=("dang_vien",), unit="chuyen"
    )
    with pytest.raises(ValidationError) as caught:
        book.activities.add(draft)
    assert [(i.field, i.message) for i in caught.value.issues] == [
        ("channel", "The channel “Panô, áp phích” is retired."),
        ("topics", "“Cải cách thể chế” is retired."),
        ("audiences", "“Đảng viên” is retired."),
        ("unit", "The unit “chuyến” is retired."),
    ]


def test_existing_activity_with_a_retired_channel_can_still_be_edited(book: Book) -> None:
    activity = book.activities.add(
        ActivityDraft(date(2026, 2, 3), "pano", ("the_che",), "Treo panô", audiences=("dang_vien",))
    )
    book.catalog.set_retired(Kind.CHANNEL, "pano")
    book.catalog.set_retired(Kind.TOPIC, "the_che")
    book.catalog.set_retired(Kind.AUDIENCE, "dang_vien")
    book.catalog.set_default_unit("pano", "luot")
    book.catalog.set_default_unit("khau_hieu", "luot")
    book.catalog.set_retired(Kind.UNIT, "tam")
    assert activity.unit == "tam"
    updated = book.activities.update(
        activity.id,
        ActivityDraft(
            date(2026, 2, 4),
            "pano",
            ("the_che",),
            "Treo panô (sửa)",
            audiences=("dang_vien",),
            quantity=3,
            unit="tam",
        ),
    )
    assert (updated.title, updated.channel, updated.topics, updated.unit, updated.quantity) == (
        "Treo panô (sửa)",
        "pano",
        ("the_che",),
        "tam",
        3,
    )
    # but an edit cannot bring in another retired entry
    book.catalog.set_retired(Kind.TOPIC, "gop_y")
    with pytest.raises(ValidationError) as caught:
        book.activities.update(
            activity.id, ActivityDraft(date(2026, 2, 4), "pano", ("the_che", "gop_y"), "Treo panô")
        )
    assert [issue.field for issue in caught.value.issues] == ["topics"]


def test_retiring_a_default_unit_is_refused(book: Book) -> None:
    before = version(book)
    with pytest.raises(ValidationError) as caught:
        book.catalog.set_retired(Kind.UNIT, "tam")
    assert caught.value.issues[0].field == "retired"
    assert "Panô, áp phích" in caught.value.issues[0].message
    assert "Khẩu hiệu, băng rôn, phướn" in caught.value.issues[0].message
    unit = book.catalog.get(Kind.UNIT, "tam")
    assert unit is not None and not unit.retired
    assert version(book) == before


def test_retiring_a_default_unit_message_in_english(english: None, book: Book) -> None:
    with pytest.raises(ValidationError) as caught:
        book.catalog.set_retired(Kind.UNIT, "cuoc")
    assert str(caught.value) == (
        "This unit is the default unit of: Lồng ghép tại hội nghị, cuộc họp, giao ban; "
        "Họp tổ dân phố, khu dân cư; Sinh hoạt chi bộ, MTTQ và các đoàn thể. Change those first."
    )


def test_unit_can_be_retired_once_no_channel_defaults_to_it(book: Book) -> None:
    book.catalog.set_default_unit("cuoc_thi", "cuoc")
    entry = book.catalog.set_retired(Kind.UNIT, "cuoc_thi")
    assert entry.retired


def test_set_default_unit(book: Book) -> None:
    before = version(book)
    entry = book.catalog.set_default_unit("loa", "luot")
    assert entry.default_unit == "luot"
    assert version(book) == before + 1
    activity = book.activities.add(ActivityDraft(date(2026, 1, 5), "loa", ("tthc",), "Phát thanh"))
    assert activity.unit == "luot"
    with pytest.raises(ValidationError):
        book.catalog.set_default_unit("loa", "thung")
    with pytest.raises(ValidationError):
        book.catalog.set_default_unit("khong_co", "luot")


def test_retire_unknown_code(book: Book) -> None:
    with pytest.raises(ValidationError):
        book.catalog.set_retired(Kind.TOPIC, "khong_co")


def test_changes_seen_by_another_catalog_after_invalidate(book_path: Path) -> None:
    with Book.open(book_path) as first, Book.open(book_path) as second:
        assert second.catalog.label(Kind.CHANNEL, "loa") == "Hệ thống loa truyền thanh"
        first.catalog.rename(Kind.CHANNEL, "loa", "Loa phường")
        second.catalog.invalidate()
        assert second.catalog.label(Kind.CHANNEL, "loa") == "Loa phường"
        assert second.catalog.match(Kind.CHANNEL, "loa phuong") is not None


def test_retiring_the_default_unit_of_a_retired_channel_is_refused(book: Book) -> None:
    """A retired channel can be brought back; its default unit must still be usable then."""
    book.catalog.set_retired(Kind.CHANNEL, "pano")
    book.catalog.set_retired(Kind.CHANNEL, "khau_hieu")
    with pytest.raises(ValidationError) as caught:
        book.catalog.set_retired(Kind.UNIT, "tam")
    assert "Panô, áp phích" in caught.value.issues[0].message
    unit = book.catalog.get(Kind.UNIT, "tam")
    assert unit is not None and not unit.retired
