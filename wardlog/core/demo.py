"""Realistic synthetic activities, for trying WardLog and for benchmarking it.

:func:`generate` fills a book with activities that look like a real ward's log: Vietnamese titles
composed from templates and the topics, places such as "Nhà văn hóa tổ dân phố số 7", responsible
units, audiences that match the channel, and figures in the ranges real reports show ("12 cuộc với
339 lượt người dự", broadcasts of 15–30 minutes, often twice a day). Activities follow the office's
calendar: weekdays far more than weekends, a lull around Tết and in summer, a rush before the
report cut-offs of 14 June and 14 December (Decree 09/2019).

The output is a pure function of ``(activities, wards, seed, until)`` and the state of the book
(its catalog, its identity, how many activities it already holds): every random choice, the UUIDs
and the stored time stamps come from one seeded generator, never from the clock, so a benchmark or a
bug report can be reproduced row for row.

It is built for size (a million activities with 126 wards in about 35 s on a 2-core machine): rows
are generated lazily, day by day in date order (so ids grow with dates, as in a real log), and
written with ``executemany`` in one transaction, so an interrupted demo leaves nothing behind. The
full-text index is filled once at the end instead of row by row through its trigger, which takes
half the time (see :data:`REBUILD_SEARCH_INDEX`); the trigger is dropped and recreated from its own
stored text inside that same transaction, so the index ends exactly as the triggers would have made it.
"""

from __future__ import annotations

import random
import sqlite3
import time
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

from wardlog.core.book import Book
from wardlog.core.catalog import Kind
from wardlog.core.errors import WardLogError
from wardlog.core.i18n import _
from wardlog.core.model import FUTURE_DAYS, MIN_DATE
from wardlog.core.schema import SEARCH_TEXT_SQL
from wardlog.core.units import Ward, load_units

__all__ = ["DemoResult", "generate"]

# The ward a new book becomes when it gets a demo of its own activities.
HOME_PROVINCE = "01"  # Thành phố Hà Nội
HOME_WARD_NAME = "Phường Hà Đông"
HOME_PLACE = "Hà Đông"

BATCH = 10_000  # rows per executemany, and how often progress is reported
# Fill the full-text index with one INSERT … SELECT at the end rather than through the insert trigger:
# measured with 126 wards, 2.6 s instead of 5.3 s for 100,000 activities, 31–34 s instead of 61 s for
# a million. Kept as a switch for benchmarking.
REBUILD_SEARCH_INDEX = True
SEARCH_INSERT_TRIGGER = "activities_search_insert"
# Page cache while generating, in KiB: the random UUIDs of the unique index touch pages all over it,
# and a larger cache keeps them in memory until the commit (a few per cent faster on a million).
CACHE_KIB = 64 * 1024

# The two-level local government (Law 72/2025/QH15) took effect on 1 July 2025: from then on
# the ward's one-stop desk is a public administrative service centre and its offices are renamed.
REFORM_DAY = date(2025, 7, 1)
# First day of the lunar new year (Tết Nguyên đán); an unknown year falls back to 5 February.
TET: dict[int, date] = {
    2018: date(2018, 2, 16), 2019: date(2019, 2, 5), 2020: date(2020, 1, 25), 2021: date(2021, 2, 12),
    2022: date(2022, 2, 1), 2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29),
    2026: date(2026, 2, 17), 2027: date(2027, 2, 6), 2028: date(2028, 1, 26), 2029: date(2029, 2, 13),
    2030: date(2030, 2, 3), 2031: date(2031, 1, 23), 2032: date(2032, 2, 11), 2033: date(2033, 1, 31),
    2034: date(2034, 2, 19), 2035: date(2035, 2, 8),
}  # fmt: skip
HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 1), (9, 2))  # (month, day) of the solar public holidays
_ROMAN = ("", "I", "II", "III", "IV")


@dataclass(frozen=True)
class DemoResult:
    """What :func:`generate` did."""

    activities: int
    wards: int  # wards the activities belong to (1: the book's own)
    first: date | None  # first and last date of the activities added (None when none were)
    last: date | None
    seconds: float


# --- the vocabulary ---------------------------------------------------------------------------------
# Placeholders, filled per row with str.format_map:
#   {u} the unit type ("phường", "xã", "đặc khu")      {cell} "tổ dân phố" / "khu dân cư", {Cell} capitalised
#   {y} the year, {py} the year before, {m} the month, {q} the quarter (I–IV)
#   {oc} the one-stop desk (before / after the 2025 reform), {vh} the culture and society office
#   {n} a residential group's number, {s} the topic's subject phrase, {r} the responsible unit

# Topic code → (base weight, subject phrases). tthc and chinh_quyen_so dominate real logs.
TOPICS: dict[str, tuple[float, tuple[str, ...]]] = {
    "chu_truong": (
        9,
        (
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
            "Kế hoạch cải cách hành chính năm {y} của UBND {u}",
            "Nghị quyết số 76/NQ-CP của Chính phủ về cải cách hành chính nhà nước",
            "chủ trương của Đảng, chính sách pháp luật của Nhà nước về cải cách hành chính",
            "Kế hoạch thông tin, tuyên truyền cải cách hành chính năm {y}",
        ),
    ),
    "chi_dao": (
        6,
        (
            "đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
            "công tác lãnh đạo, chỉ đạo, điều hành cải cách hành chính của UBND {u}",
            "khảo sát mức độ hài lòng về giải quyết thủ tục hành chính",
            "trách nhiệm của người đứng đầu trong cải cách hành chính",
        ),
    ),
    "the_che": (
        4,
        (
            "các văn bản quy phạm pháp luật mới có hiệu lực thi hành",
            "Luật Tổ chức chính quyền địa phương",
            "rà soát, hệ thống hóa văn bản quy phạm pháp luật",
        ),
    ),
    "tthc": (
        22,
        (
            "thủ tục hành chính theo cơ chế một cửa, một cửa liên thông",
            "niêm yết công khai thủ tục hành chính tại {oc}",
            "đơn giản hóa thủ tục hành chính",
            "thủ tục đăng ký khai sinh, kết hôn, khai tử",
            "chứng thực bản sao điện tử từ bản chính",
            "liên thông thủ tục đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ em dưới 6 tuổi",
            "giải quyết thủ tục hành chính không phụ thuộc địa giới hành chính",
            "quy trình tiếp nhận hồ sơ, trả kết quả tại {oc}",
        ),
    ),
    "bo_may": (
        5,
        (
            "sắp xếp đơn vị hành chính và tổ chức chính quyền địa phương hai cấp",
            "kiện toàn tổ chức bộ máy của UBND {u}",
            "tinh giản biên chế gắn với cơ cấu lại đội ngũ cán bộ, công chức",
        ),
    ),
    "cong_vu": (
        5,
        (
            "kỷ luật, kỷ cương hành chính trong thực thi công vụ",
            "Quy tắc ứng xử của cán bộ, công chức, viên chức",
            "văn hóa công vụ, tinh thần thái độ phục vụ nhân dân",
        ),
    ),
    "tai_chinh_cong": (
        2,
        (
            "công khai ngân sách {u} năm {y}",
            "thanh toán không dùng tiền mặt trong thu phí, lệ phí",
            "quản lý, sử dụng tài sản công",
        ),
    ),
    "chinh_quyen_so": (
        22,
        (
            "dịch vụ công trực tuyến toàn trình",
            "Đề án 06 (dữ liệu dân cư, định danh và xác thực điện tử)",
            "kích hoạt và sử dụng tài khoản định danh điện tử VNeID mức độ 2",
            "thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia",
            "nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia",
            "chuyển đổi số, xây dựng chính quyền số",
            "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            "phong trào “Bình dân học vụ số”",
        ),
    ),
    "dan_chu_co_so": (
        6,
        (
            "Luật Thực hiện dân chủ ở cơ sở",
            "những nội dung nhân dân bàn và quyết định",
            "công khai các nội dung để nhân dân biết, bàn, kiểm tra, giám sát",
        ),
    ),
    "chi_so": (
        5,
        (
            "kết quả Chỉ số cải cách hành chính (PAR INDEX) năm {py}",
            "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
            "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
            "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
        ),
    ),
    "mo_hinh": (
        4,
        (
            "mô hình mới, cách làm hay trong cải cách hành chính",
            "gương cán bộ, công chức tận tụy phục vụ nhân dân",
            "sáng kiến cải cách hành chính",
            "mô hình “Tổ công nghệ số cộng đồng”",
        ),
    ),
    "gop_y": (
        4,
        (
            "tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp",
            "đường dây nóng tiếp nhận phản ánh về thủ tục hành chính",
            "kết quả xử lý phản ánh, kiến nghị về quy định hành chính",
        ),
    ),
}
SECOND_TOPIC = 0.35  # share of activities with a second topic
# While the two-level government was being set up (spring–summer 2025), reorganisation was news.
REFORM_SEASON = (date(2025, 3, 1), date(2025, 9, 30))
REFORM_SEASON_BOOST = {"bo_may": 5.0, "the_che": 2.0}

_ANY = frozenset(range(1, 13))


T = TypeVar("T")
Random01 = Callable[[], float]  # random.random of the demo's generator
Figures = tuple[int | None, float, int | None]  # participants, quantity, minutes


@dataclass(frozen=True)
class _Channel:
    """How one channel's activities look: its share of the log and the words and figures used."""

    weekday: float  # relative share on working days
    weekend: float  # … on weekends and public holidays
    titles: tuple[tuple[str, frozenset[int], float], ...]  # (template, months, weight)
    places: tuple[str, ...]
    responsible: tuple[str, ...]
    audiences: tuple[tuple[tuple[str, ...], float], ...]
    figures: Callable[[Random01], Figures]
    notes: tuple[str, ...]
    topic_boost: tuple[tuple[str, float], ...] = ()


def _t(
    template: str, months: Sequence[int] | None = None, weight: float = 1.0
) -> tuple[str, frozenset[int], float]:
    """A title template, optionally restricted to some months (and then usually weighted up)."""
    return (template, frozenset(months) if months else _ANY, weight)


def _between(rand: Random01, low: int, high: int, skew: float = 1.0) -> int:
    """A whole number in ``low``…``high``; ``skew`` > 1 favours the low end."""
    return low + int(rand() ** skew * (high - low + 1))


def _loudspeaker(rand: Random01) -> Figures:
    """One row is a day's broadcasting: one or (often) two sessions (buổi phát) of 15–30 minutes each."""
    sessions = 2 if rand() < 0.6 else 1
    minutes = sum((15, 20, 20, 25, 30, 30)[int(rand() * 6)] for _session in range(sessions))
    return None, sessions, minutes


def _meeting(low: int, high: int) -> Callable[[Random01], Figures]:
    """One meeting with ``low``…``high`` participants, small meetings being commoner."""
    return lambda rand: (_between(rand, low, high, 1.6), 1, None)


def _count(low: int, high: int, step: int = 1, skew: float = 1.0) -> Callable[[Random01], Figures]:
    """A quantity (posters, leaflets, showings) in ``low``…``high``, in multiples of ``step``."""

    def figures(rand: Random01) -> Figures:
        return None, _between(rand, low // step, high // step, skew) * step, None

    return figures


def _posts(rand: Random01) -> Figures:
    """Usually one post or article, sometimes a few."""
    return None, 1 if rand() < 0.75 else 2 + int(rand() * 3), None


_DIRECT_NOTES = ("Có biên bản, ảnh chụp kèm theo", "Tài liệu kiểm chứng: ảnh, danh sách người dự")
_VISUAL_NOTES = ("Có ảnh chụp kèm theo", "Tài liệu kiểm chứng: ảnh chụp")
_ONLINE_NOTES = ("Đường dẫn bài viết lưu trong hồ sơ kiểm chứng", "Có ảnh chụp màn hình kèm theo")
_OFFICE = ("Văn phòng HĐND-UBND", "{vh}")

CHANNELS: dict[str, _Channel] = {
    "loa": _Channel(
        weekday=30,
        weekend=45,
        titles=(
            _t("Phát thanh tuyên truyền về {s}", weight=4),
            _t("Phát thanh tin, bài về {s} trên hệ thống loa truyền thanh {u}", weight=2),
            _t("Phát thanh chuyên mục cải cách hành chính: {s}"),
            _t("Phát thông báo hướng dẫn người dân về {s}"),
            _t("Phát thanh buổi sáng, buổi chiều tuyên truyền về {s}"),
            _t("Phát thanh tuyên truyền hưởng ứng Ngày Chuyển đổi số quốc gia 10/10", (10,), 3),
            _t("Phát thanh tuyên truyền hưởng ứng Ngày Pháp luật Việt Nam 9/11", (11,), 3),
        ),
        places=("Hệ thống loa truyền thanh {u}", "Đài truyền thanh {u}", "Cụm loa {cell} số {n}"),
        responsible=(*_OFFICE, "Đài truyền thanh {u}"),
        audiences=((("nhan_dan",), 1),),
        figures=_loudspeaker,
        notes=("Lịch phát lưu trong sổ nhật ký truyền thanh",),
    ),
    "hoi_nghi": _Channel(
        weekday=9,
        weekend=0.5,
        titles=(
            _t("Lồng ghép tuyên truyền CCHC tại hội nghị giao ban tháng {m}", weight=3),
            _t("Lồng ghép tuyên truyền {s} tại cuộc họp giao ban cán bộ, công chức", weight=3),
            _t("Quán triệt {s} tại hội nghị cán bộ chủ chốt {u}", weight=2),
            _t("Lồng ghép tuyên truyền {s} tại giao ban quý {q}"),
            _t("Hội nghị triển khai kế hoạch cải cách hành chính năm {y}", (1, 2, 3), 3),
            _t("Hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm {y}", (6, 7), 3),
            _t("Hội nghị tổng kết công tác cải cách hành chính năm {y}", (12,), 3),
            _t("Hội nghị tổng kết công tác cải cách hành chính năm {py}", (1,), 3),
        ),
        places=(
            "Hội trường UBND {u}",
            "Phòng họp UBND {u}",
            "Hội trường Đảng ủy {u}",
            "Phòng họp trực tuyến UBND {u}",
        ),
        responsible=(*_OFFICE, "Đảng ủy {u}"),
        audiences=((("can_bo",), 5), (("can_bo", "dang_vien"), 3), (("can_bo", "doan_vien"), 1)),
        figures=_meeting(20, 150),
        notes=_DIRECT_NOTES,
        topic_boost=(("chu_truong", 2), ("chi_dao", 2), ("cong_vu", 2), ("bo_may", 1.5)),
    ),
    "hop_dan": _Channel(
        weekday=8,
        weekend=12,
        titles=(
            _t("Lồng ghép tuyên truyền {s} tại cuộc họp {cell}", weight=3),
            _t("Họp {cell} số {n} phổ biến {s}", weight=2),
            _t("Tuyên truyền {s} tại hội nghị nhân dân {cell}"),
            _t("Hướng dẫn người dân về {s} tại buổi họp {cell}"),
        ),
        places=("Nhà văn hóa {cell} số {n}", "{Cell} số {n}", "Nhà văn hóa khu dân cư số {n}"),
        responsible=("{Cell} số {n}", "Ban công tác Mặt trận {cell} số {n}", "MTTQ {u}"),
        audiences=((("nhan_dan",), 6), (("nhan_dan", "dang_vien"), 2), (("nhan_dan", "doan_vien"), 1)),
        figures=_meeting(25, 200),
        notes=_DIRECT_NOTES,
        topic_boost=(("dan_chu_co_so", 3), ("gop_y", 2)),
    ),
    "sinh_hoat": _Channel(
        weekday=7,
        weekend=3,
        titles=(
            _t("Lồng ghép tuyên truyền {s} trong sinh hoạt {r}", weight=3),
            _t("Lồng ghép tuyên truyền CCHC trong sinh hoạt chi bộ tháng {m}"),
            _t("Sinh hoạt chuyên đề về {s}"),
        ),
        places=("Nhà văn hóa {cell} số {n}", "Hội trường UBND {u}", "Trụ sở Đảng ủy {u}"),
        responsible=(
            "Chi bộ {cell} số {n}",
            "Hội Phụ nữ",
            "Đoàn Thanh niên",
            "Hội Cựu chiến binh",
            "MTTQ {u}",
        ),
        audiences=((("dang_vien",), 4), (("doan_vien",), 4), (("dang_vien", "doan_vien"), 1)),
        figures=_meeting(20, 120),
        notes=_DIRECT_NOTES,
        topic_boost=(("chu_truong", 2), ("dan_chu_co_so", 2)),
    ),
    "cuoc_thi": _Channel(
        weekday=0.4,
        weekend=0.3,
        titles=(
            _t("Cuộc thi tìm hiểu về {s}", weight=2),
            _t("Tổ chức Cuộc thi tìm hiểu dịch vụ công trực tuyến cho đoàn viên, thanh niên"),
            _t("Cuộc thi trực tuyến tìm hiểu về cải cách hành chính năm {y}"),
        ),
        places=("Hội trường UBND {u}", "Trực tuyến", "Nhà văn hóa {u}"),
        responsible=("Đoàn Thanh niên", "Hội Phụ nữ", "Văn phòng HĐND-UBND"),
        audiences=(
            (("doan_vien",), 3),
            (("nhan_dan",), 2),
            (("can_bo", "doan_vien"), 1),
            (("nhan_dan", "doan_vien"), 2),
        ),
        figures=_meeting(100, 1500),
        notes=("Có thể lệ, danh sách đạt giải kèm theo",),
        topic_boost=(("chinh_quyen_so", 2), ("chu_truong", 2)),
    ),
    "toa_dam": _Channel(
        weekday=1.2,
        weekend=0.5,
        titles=(
            _t("Tọa đàm về {s}", weight=2),
            _t("Đối thoại giữa Chủ tịch UBND {u} với nhân dân về {s}", weight=2),
            _t("Tiếp xúc cử tri, lồng ghép tuyên truyền {s}"),
            _t("Đối thoại với doanh nghiệp trên địa bàn về {s}"),
        ),
        places=("Hội trường UBND {u}", "Nhà văn hóa {cell} số {n}", "{oc}"),
        responsible=("Văn phòng HĐND-UBND", "MTTQ {u}", "Công an {u}"),
        audiences=(
            (("nhan_dan",), 4),
            (("doanh_nghiep",), 2),
            (("nhan_dan", "doanh_nghiep"), 2),
            (("can_bo", "nhan_dan"), 1),
        ),
        figures=_meeting(40, 300),
        notes=_DIRECT_NOTES,
        topic_boost=(("gop_y", 4), ("dan_chu_co_so", 2)),
    ),
    "mit_tinh": _Channel(
        weekday=0.6,
        weekend=1,
        titles=(
            _t("Ra quân cổ động tuyên truyền về {s}", weight=2),
            _t("Diễu hành cổ động tuyên truyền cải cách hành chính năm {y}"),
            _t("Mít tinh hưởng ứng Ngày Chuyển đổi số quốc gia 10/10", (10,), 6),
        ),
        places=("Sân vận động {u}", "Quảng trường trung tâm {u}", "Trụ sở UBND {u}"),
        responsible=("Đoàn Thanh niên", "MTTQ {u}", "{vh}"),
        audiences=((("nhan_dan", "doan_vien"), 3), (("nhan_dan",), 2), (("can_bo", "nhan_dan"), 1)),
        figures=_meeting(100, 300),
        notes=_VISUAL_NOTES,
    ),
    "bao_chi": _Channel(
        weekday=1.5,
        weekend=0.5,
        titles=(
            _t("Phối hợp với cơ quan báo chí đưa tin về {s}"),
            _t("Gửi tin, bài về {s} đăng trên báo, đài địa phương"),
        ),
        places=("",),
        responsible=_OFFICE,
        audiences=((("nhan_dan",), 3), (("nhan_dan", "doanh_nghiep"), 2)),
        figures=_posts,
        notes=_ONLINE_NOTES,
    ),
    "cong_ttdt": _Channel(
        weekday=10,
        weekend=4,
        titles=(
            _t("Đăng tin, bài về {s} trên Trang thông tin điện tử {u}", weight=3),
            _t("Đăng tải kết quả giải quyết thủ tục hành chính tháng {m}"),
            _t("Cập nhật chuyên mục cải cách hành chính: {s}", weight=2),
        ),
        places=("Trang thông tin điện tử {u}",),
        responsible=(*_OFFICE, "{oc}"),
        audiences=((("nhan_dan", "doanh_nghiep"), 4), (("nhan_dan",), 3), (("can_bo",), 1)),
        figures=_posts,
        notes=_ONLINE_NOTES,
        topic_boost=(("chi_so", 2),),
    ),
    "mang_xa_hoi": _Channel(
        weekday=12,
        weekend=18,
        titles=(
            _t("Đăng bài tuyên truyền về {s}", weight=3),
            _t("Chia sẻ bài viết về {s}", weight=2),
            _t("Đăng video hướng dẫn về {s}"),
        ),
        places=("Trang Zalo UBND {u}", "Fanpage Facebook UBND {u}", "Nhóm Zalo {cell} số {n}"),
        responsible=(*_OFFICE, "Đoàn Thanh niên", "Công an {u}"),
        audiences=((("nhan_dan",), 6), (("nhan_dan", "doan_vien"), 2), (("nhan_dan", "doanh_nghiep"), 1)),
        figures=_posts,
        notes=_ONLINE_NOTES,
        topic_boost=(("chinh_quyen_so", 1.5),),
    ),
    "ung_dung_so": _Channel(
        weekday=3,
        weekend=2,
        titles=(
            _t("Gửi tin nhắn tuyên truyền về {s} qua Zalo OA của UBND {u}", weight=2),
            _t("Thông báo về {s} trên ứng dụng công dân số"),
        ),
        places=("Zalo OA UBND {u}", "Ứng dụng công dân số"),
        responsible=(*_OFFICE, "Công an {u}"),
        audiences=((("nhan_dan",), 4), (("nhan_dan", "doanh_nghiep"), 1)),
        figures=_count(50, 3000, 10, 1.8),
        notes=(),
        topic_boost=(("chinh_quyen_so", 2),),
    ),
    "pano": _Channel(
        weekday=2,
        weekend=1,
        titles=(
            _t("Lắp đặt panô tuyên truyền về {s}", weight=2),
            _t("Dán áp phích tuyên truyền về {s}"),
            _t("Thay mới panô tuyên truyền cải cách hành chính năm {y}", (1, 2, 3)),
        ),
        places=(
            "Trụ sở UBND {u}",
            "Các tuyến đường chính trên địa bàn {u}",
            "{oc}",
            "Nhà văn hóa {cell} số {n}",
        ),
        responsible=(*_OFFICE, "Đoàn Thanh niên"),
        audiences=((("nhan_dan",), 5), (("nhan_dan", "doanh_nghiep"), 1)),
        figures=_count(2, 10, 1, 1.5),
        notes=_VISUAL_NOTES,
    ),
    "khau_hieu": _Channel(
        weekday=3,
        weekend=2,
        titles=(
            _t("Treo băng rôn, khẩu hiệu tuyên truyền về {s}", weight=2),
            _t("Treo băng rôn, khẩu hiệu hưởng ứng Ngày Chuyển đổi số quốc gia 10/10", (9, 10), 8),
            _t("Treo băng rôn, khẩu hiệu hưởng ứng Ngày Pháp luật Việt Nam 9/11", (11,), 6),
            _t("Treo phướn, băng rôn tuyên truyền cải cách hành chính năm {y}", (1, 2, 3), 2),
        ),
        places=("Các tuyến đường chính trên địa bàn {u}", "Trụ sở UBND {u}", "{oc}", "{Cell} số {n}"),
        responsible=(*_OFFICE, "Đoàn Thanh niên", "Hội Phụ nữ", "Công an {u}"),
        audiences=((("nhan_dan",), 5), (("nhan_dan", "doanh_nghiep"), 1)),
        figures=_count(2, 30, 1, 1.6),
        notes=_VISUAL_NOTES,
    ),
    "to_roi": _Channel(
        weekday=4,
        weekend=3,
        titles=(
            _t("Phát tờ rơi tuyên truyền về {s}", weight=2),
            _t("Phát tờ rơi hướng dẫn {s}"),
            _t("In, phát tờ gấp về {s} đến các hộ gia đình"),
            _t("Cấp phát sổ tay hỏi đáp về {s}"),
        ),
        places=("{oc}", "Các hộ gia đình {cell} số {n}", "Nhà văn hóa {cell} số {n}"),
        responsible=(*_OFFICE, "Hội Phụ nữ", "Đoàn Thanh niên", "{Cell} số {n}"),
        audiences=((("nhan_dan",), 5), (("nhan_dan", "doanh_nghiep"), 1), (("doanh_nghiep",), 1)),
        figures=_count(100, 2000, 50, 1.7),
        notes=_VISUAL_NOTES,
    ),
    "bang_tin": _Channel(
        weekday=5,
        weekend=1,
        titles=(
            _t("Niêm yết công khai thủ tục hành chính tại {oc}", weight=2),
            _t("Cập nhật bảng tin tuyên truyền về {s}", weight=2),
            _t("Niêm yết kết quả giải quyết hồ sơ thủ tục hành chính tháng {m}"),
        ),
        places=("{oc}", "Bảng tin {cell} số {n}", "Trụ sở UBND {u}"),
        responsible=(*_OFFICE, "{oc}"),
        audiences=((("nhan_dan", "doanh_nghiep"), 3), (("nhan_dan",), 3)),
        figures=_count(1, 3, 1, 2.0),
        notes=_VISUAL_NOTES,
        topic_boost=(("tthc", 3), ("tai_chinh_cong", 3)),
    ),
    "man_hinh_led": _Channel(
        weekday=3,
        weekend=3,
        titles=(
            _t("Trình chiếu nội dung tuyên truyền về {s} trên màn hình LED", weight=2),
            _t("Chạy chữ tuyên truyền về {s} trên màn hình LED"),
        ),
        places=("{oc}", "Trụ sở UBND {u}", "Màn hình LED tại ngã tư trung tâm {u}"),
        responsible=_OFFICE,
        audiences=((("nhan_dan",), 4), (("nhan_dan", "doanh_nghiep"), 1)),
        figures=_count(5, 60, 1, 1.4),
        notes=_VISUAL_NOTES,
    ),
}
NOTE_SHARE = 0.25  # share of activities with a note


# --- the calendar -----------------------------------------------------------------------------------


def span(until: date) -> tuple[date, date]:
    """The demo's dates: the two calendar years ending at ``until`` (1 January of the year before …)."""
    return date(until.year - 1, 1, 1), until


def day_weight(day: date) -> float:
    """How busy a day is relative to an ordinary working day (1.0).

    Weekends and public holidays are quiet, Tết nearly empty and the weeks around it thin, summer
    slower, and the fortnights before the 14 June and 14 December cut-offs busy.
    """
    weight = (1.0, 1.0, 1.0, 1.0, 1.0, 0.3, 0.15)[day.weekday()]
    if (day.month, day.day) in HOLIDAYS:
        weight = 0.15
    tet = TET.get(day.year, date(day.year, 2, 5))
    offset = (day - tet).days
    if -3 <= offset <= 6:
        weight *= 0.12  # the Tết holiday itself
    elif -14 <= offset <= 13:
        weight *= 0.65  # the run-up and the slow restart
    if day.month in (7, 8):
        weight *= 0.75
    if (day.month in (6, 12) and day.day <= 14) or (day.month in (5, 11) and day.day >= 20):
        weight *= 1.5 if day.month in (6, 12) else 1.2
    elif day.month == 12:
        weight *= 0.85  # after the year's cut-off
    return weight


def _is_rest_day(day: date) -> bool:
    return day.weekday() >= 5 or (day.month, day.day) in HOLIDAYS


# --- generation -------------------------------------------------------------------------------------


class _Table(Generic[T]):
    """Weighted choice by bisection over cumulative weights (what random.choices does, without the
    per-call overhead)."""

    __slots__ = ("cum", "hi", "items", "total")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        pairs = [(item, w) for item, w in zip(items, weights, strict=True) if w > 0]
        if not pairs:
            raise ValueError("nothing to choose from")
        self.items = [item for item, _weight in pairs]
        self.cum: list[float] = []
        total = 0.0
        for _item, weight in pairs:
            total += weight
            self.cum.append(total)
        self.total = total
        self.hi = len(self.items) - 1

    def pick(self, rand: Random01) -> T:
        return self.items[bisect(self.cum, rand() * self.total, 0, self.hi)]


def _uid(bits: int) -> str:
    """The text of ``uuid.UUID(int=bits, version=4)``, formatted directly (several times faster)."""
    bits = (bits & ~(0xF000 << 64) & ~(0xC000 << 48)) | (0x4000 << 64) | (0x8000 << 48)
    h = f"{bits:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@dataclass(frozen=True)
class _DemoWard:
    code: str | None  # None: the book's own ward
    type: str  # "phường", "xã", "đặc khu"
    cells: int  # residential groups (tổ dân phố / khu dân cư)


def _context(ward_type: str, day: date) -> dict[str, object]:
    """The placeholders that depend on the ward's type and the day."""
    reformed = day >= REFORM_DAY
    cell = "tổ dân phố" if ward_type == "phường" else "khu dân cư"
    one_stop = "Trung tâm Phục vụ hành chính công" if reformed else "Bộ phận Một cửa"
    return {
        "u": ward_type,
        "cell": cell,
        "Cell": cell[0].upper() + cell[1:],
        "y": day.year,
        "py": day.year - 1,
        "m": day.month,
        "q": _ROMAN[(day.month - 1) // 3 + 1],
        "oc": f"{one_stop} {ward_type}",
        "vh": "Phòng Văn hóa - Xã hội" if reformed else "Công chức Văn hóa - Xã hội",
        "n": 1,
        "s": "",
        "r": "",
    }


class _Generator:
    """Rows for the three activity tables, lazily, day by day in date order."""

    def __init__(
        self,
        book: Book,
        total: int,
        wards: list[_DemoWard],
        ward_weights: list[float],
        seed: int,
        start: date,
        end: date,
        first_id: int,
    ) -> None:
        self.rng = random.Random(seed)
        self.total = total
        self.wards = wards
        self.ward_table = _Table(list(range(len(wards))), ward_weights)
        self.start, self.end = start, end
        self.first_id = first_id
        catalog = book.catalog
        channels = {
            code: entry
            for code in CHANNELS
            if (entry := catalog.get(Kind.CHANNEL, code)) is not None
            and not entry.retired
            and (unit := catalog.get(Kind.UNIT, entry.default_unit)) is not None
            and not unit.retired
        }
        if not channels:
            raise WardLogError(_("The catalog has none of the channels the demo uses."))
        self.units = {code: entry.default_unit for code, entry in channels.items()}
        topics = {c for c in TOPICS if (e := catalog.get(Kind.TOPIC, c)) is not None and not e.retired}
        if not topics:
            raise WardLogError(_("The catalog has none of the topics the demo uses."))
        audiences = {
            c
            for c in ("can_bo", "dang_vien", "doan_vien", "nhan_dan", "doanh_nghiep")
            if (e := catalog.get(Kind.AUDIENCE, c)) is not None and not e.retired
        }
        codes = list(channels)
        self.channel_tables = (
            _Table(codes, [CHANNELS[c].weekday for c in codes]),
            _Table(codes, [CHANNELS[c].weekend for c in codes]),
        )
        self.topic_tables = {
            (code, season): self._topic_table(code, topics, season)
            for code in codes
            for season in (False, True)
        }
        self.title_tables = {
            (code, month): _Table(
                [t for t, _m, _w in spec.titles], [w if month in m else 0 for _t, m, w in spec.titles]
            )
            for code, spec in CHANNELS.items()
            if code in channels
            for month in range(1, 13)
        }
        self.audience_tables: dict[str, _Table[tuple[str, ...]] | None] = {}
        for code in codes:
            options = [
                (tuple(a for a in group if a in audiences), w) for group, w in CHANNELS[code].audiences
            ]
            options = [(group, w) for group, w in options if group]
            self.audience_tables[code] = (
                _Table([g for g, _w in options], [w for _g, w in options]) if options else None
            )

    @staticmethod
    def _topic_table(channel: str, topics: set[str], season: bool) -> _Table[str]:
        boost = dict(CHANNELS[channel].topic_boost)
        weights = []
        for code, (weight, _phrases) in TOPICS.items():
            factor = boost.get(code, 1.0) * (REFORM_SEASON_BOOST.get(code, 1.0) if season else 1.0)
            weights.append(weight * factor if code in topics else 0)
        return _Table(list(TOPICS), weights)

    def day_counts(self) -> Iterator[tuple[date, int]]:
        """How many activities each day gets: ``total`` spread over the span by :func:`day_weight`,
        with a slight growth over the span (the work intensifies year after year)."""
        days = (self.end - self.start).days + 1
        weights = [
            day_weight(self.start + timedelta(days=i)) * (0.9 + 0.2 * i / max(days - 1, 1))
            for i in range(days)
        ]
        counts = [0] * days
        for i in self.rng.choices(range(days), weights=weights, k=self.total):
            counts[i] += 1
        for i, count in enumerate(counts):
            if count:
                yield self.start + timedelta(days=i), count

    def rows(self) -> Iterator[tuple[tuple[object, ...], list[tuple[int, str]], list[tuple[int, str]]]]:
        """``(activity row, topic rows, audience rows)`` for every activity, in date order."""
        rng = self.rng
        rand = rng.random
        getrandbits = rng.getrandbits
        wards = self.wards
        single = len(wards) == 1
        ward_table = self.ward_table
        units = self.units
        activity_id = self.first_id
        season_start, season_end = REFORM_SEASON
        for day, count in self.day_counts():
            iso = day.isoformat()
            channel_table = self.channel_tables[1 if _is_rest_day(day) else 0]
            season = season_start <= day <= season_end
            contexts = {t: _context(t, day) for t in {w.type for w in wards}}
            for _row in range(count):
                ward = wards[0] if single else wards[ward_table.pick(rand)]
                ctx = contexts[ward.type]
                ctx["n"] = 1 + int(rand() * ward.cells)
                code = channel_table.pick(rand)
                spec = CHANNELS[code]
                topic = self.topic_tables[code, season].pick(rand)
                topics = [topic]
                if rand() < SECOND_TOPIC:
                    other = self.topic_tables[code, season].pick(rand)
                    if other != topic:
                        topics.append(other)
                phrases = TOPICS[topic][1]
                ctx["s"] = phrases[int(rand() * len(phrases))].format_map(ctx)
                ctx["r"] = spec.responsible[int(rand() * len(spec.responsible))].format_map(ctx)
                place = spec.places[int(rand() * len(spec.places))].format_map(ctx)
                title = self.title_tables[code, day.month].pick(rand).format_map(ctx)
                participants, quantity, minutes = spec.figures(rand)
                notes = (
                    spec.notes[int(rand() * len(spec.notes))] if spec.notes and rand() < NOTE_SHARE else ""
                )
                audience_table = self.audience_tables[code]
                audiences = audience_table.pick(rand) if audience_table else ()
                # Logged the same day or a few days later, during office hours (UTC+7).
                lag = 0 if rand() < 0.7 else 1 + int(rand() * 3)
                logged = min(day + timedelta(days=lag), self.end) if lag else day
                seconds = 1800 + int(rand() * 36000)  # 07:30–17:30 local = 00:30–10:30 UTC
                stamp = (
                    f"{logged.isoformat()}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
                    f".{int(rand() * 1000):03d}Z"
                )
                yield (
                    (
                        activity_id,
                        _uid(getrandbits(128)),
                        ward.code,
                        iso,
                        code,
                        title,
                        place,
                        participants,
                        quantity,
                        units[code],
                        minutes,
                        ctx["r"],
                        notes,
                        stamp,
                        stamp,
                    ),
                    [(activity_id, t) for t in topics],
                    [(activity_id, a) for a in audiences],
                )
                activity_id += 1


def _demo_wards(
    book: Book, count: int, rng: random.Random
) -> tuple[list[_DemoWard], list[float], list[Ward]]:
    """The wards the activities belong to, their relative activity and, for an upper-level book,
    the units to register in ``wards``."""
    units = load_units()
    if count == 1:
        own = units.ward(book.settings.ward_code)
        ward_type = own.type if own else "phường"
        return [_DemoWard(None, ward_type, 12 + int(rng.random() * 40))], [1.0], []
    ha_noi = units.wards_of(HOME_PROVINCE)
    rest = [w for w in units.wards if w.province_code != HOME_PROVINCE]
    chosen = [*ha_noi, *rest][:count]
    if len(chosen) < count:
        raise WardLogError(_("There are only {n} wards in the country.").format(n=len(chosen)))
    demo_wards, weights = [], []
    for ward in chosen:
        demo_wards.append(_DemoWard(ward.code, ward.type, 8 + int(rng.random() * 50)))
        # Wards differ in size and diligence: a log-normal spread, the busiest logging many times more.
        weights.append(rng.lognormvariate(0.0, 0.6) * (1.0 if ward.type == "phường" else 0.8))
    return demo_wards, weights, chosen


def _drop_search_trigger(conn: sqlite3.Connection) -> str | None:
    """Drop the FTS insert trigger and return its text (to recreate it), or ``None`` when it is not
    the one this module knows how to replace (then it stays and fills the index row by row)."""
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [SEARCH_INSERT_TRIGGER]
    ).fetchone()
    if row is None or SEARCH_TEXT_SQL.format(p="new") not in row[0]:
        return None
    conn.execute(f"DROP TRIGGER {SEARCH_INSERT_TRIGGER}")
    return str(row[0])


def generate(
    book: Book,
    activities: int,
    *,
    wards: int = 1,
    seed: int = 1,
    until: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoResult:
    """Add ``activities`` synthetic activities to ``book``, dated over the two calendar years ending at
    ``until`` (default today), all in one transaction.

    ``wards == 1``: the activities are the book's own (``ward_code`` NULL); a book with no identity
    becomes Phường Hà Đông, Hà Nội. ``wards > 1``: an upper-level book; that many wards (Hà Nội's first,
    then the next provinces') are registered and share the activities unevenly. ``progress(done,
    total)`` is called about every 10,000 activities and once at the end. The same arguments on the
    same kind of book give the same rows, UUIDs included.
    """
    began = time.perf_counter()
    until = until or date.today()
    start, end = span(until)
    if activities < 0:
        raise WardLogError(_("The number of activities cannot be negative."))
    if wards < 1:
        raise WardLogError(_("There must be at least one ward."))
    if start < MIN_DATE or end > date.today() + timedelta(days=FUTURE_DAYS):
        raise WardLogError(
            _("The demo's dates must lie between {a} and a year from today.").format(a=MIN_DATE.year)
        )
    conn = book.conn
    with book.atomic():
        first_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM activities").fetchone()[0]
        # Everything random comes from this generator. A book that already holds activities gets
        # other rows (and so other UUIDs): running the same demo twice on one book must not collide.
        rng = random.Random(f"wardlog-demo:{seed}:{activities}:{wards}:{until.isoformat()}:{first_id}")
        if wards == 1 and not book.settings.ward_code:
            home = next(w for w in load_units().wards_of(HOME_PROVINCE) if w.name == HOME_WARD_NAME)
            book.update_settings(
                ward_code=home.code, unit_name=home.name, place=HOME_PLACE, province=home.province_name
            )
        demo_wards, weights, registered = _demo_wards(book, wards, rng)
        conn.executemany(
            "INSERT INTO wards(code, name, province) VALUES (?, ?, ?) ON CONFLICT(code) DO NOTHING",
            [(w.code, w.name, w.province_name) for w in registered],
        )
        generator = _Generator(
            book, activities, demo_wards, weights, rng.getrandbits(64), start, end, first_id
        )
        trigger = _drop_search_trigger(conn) if REBUILD_SEARCH_INDEX and activities else None
        cache_kib = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
        try:
            first, last = _write(conn, generator, progress)
        finally:
            conn.execute(f"PRAGMA cache_size = {cache_kib}")
        if trigger is not None:
            conn.execute(
                "INSERT INTO activity_search(rowid, body)"
                f" SELECT a.id, {SEARCH_TEXT_SQL.format(p='a')} FROM activities a WHERE a.id >= ?",
                [first_id],
            )
            conn.execute(trigger)
    if book.path is not None and not conn.in_transaction:
        # The commit copied the pages into the book; empty the write-ahead log now rather than leave a
        # file as large as the demo beside the book until it is closed (harmless if a reader blocks it).
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    if progress is not None:
        progress(activities, activities)
    return DemoResult(activities, wards, first, last, time.perf_counter() - began)


def _write(
    conn: sqlite3.Connection, generator: _Generator, progress: Callable[[int, int], None] | None
) -> tuple[date | None, date | None]:
    """Insert the generator's rows in batches; returns the first and last date written."""
    insert_activity = (
        "INSERT INTO activities(id, uid, ward_code, date, channel, title, place, participants, quantity,"
        " unit, minutes, responsible, notes, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    total = generator.total
    done = 0
    first: str | None = None
    last: str | None = None
    rows: list[tuple[object, ...]] = []
    topics: list[tuple[int, str]] = []
    audiences: list[tuple[int, str]] = []
    for row, row_topics, row_audiences in generator.rows():
        rows.append(row)
        topics += row_topics
        audiences += row_audiences
        if len(rows) >= BATCH:
            first = first or str(rows[0][3])
            last = str(rows[-1][3])
            _flush(conn, insert_activity, rows, topics, audiences)
            done += len(rows)
            rows, topics, audiences = [], [], []
            if progress is not None and done < total:
                progress(done, total)
    if rows:
        first = first or str(rows[0][3])
        last = str(rows[-1][3])
        _flush(conn, insert_activity, rows, topics, audiences)
    return (date.fromisoformat(first) if first else None, date.fromisoformat(last) if last else None)


def _flush(
    conn: sqlite3.Connection,
    insert_activity: str,
    rows: list[tuple[object, ...]],
    topics: list[tuple[int, str]],
    audiences: list[tuple[int, str]],
) -> None:
    conn.executemany(insert_activity, rows)
    conn.executemany("INSERT INTO activity_topics(activity_id, topic) VALUES (?, ?)", topics)
    conn.executemany("INSERT INTO activity_audiences(activity_id, audience) VALUES (?, ?)", audiences)
