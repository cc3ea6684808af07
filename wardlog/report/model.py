"""The report as a document, before it is drawn: what every output (PDF, Word) renders the same way.

The builder (:mod:`wardlog.report.document`) decides the words and figures; the renderers
(:mod:`wardlog.report.pdf`, :mod:`wardlog.report.word`) decide only how they look, following the
Decree 30/2020 layout in :mod:`wardlog.report.layout`. Text here is final: translated, formatted
with the document's number conventions, and NFC.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wardlog.core.figures import Figures


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Heading:
    """``level`` 1: “I. KẾT QUẢ …” (upper case, bold); 2: “1. Ưu điểm” (bold); 3: “a) …” (italic)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Body text: justified, first line indented, unless it is a centred caption or note."""

    text: str
    italic: bool = False
    bold: bool = False
    align: Align | None = None  # None: justified body text with a first-line indent
    size: float | None = None  # None: the body size


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # a share of the text width; the shares of a table add up to 1
    align: Align = Align.LEFT


class RowKind(StrEnum):
    BODY = "body"
    GROUP = "group"  # a sub-heading row spanning the table (“Trực tiếp”)
    TOTAL = "total"  # bold totals


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    kind: RowKind = RowKind.BODY


@dataclass(frozen=True)
class Table:
    caption: str  # “Bảng 1. …”, above the table
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    size: float = 12.0  # the font size of the cells
    note: str = ""  # a line in italics under the table


class ChartKind(StrEnum):
    MONTHS = "months"
    GROUPS = "groups"
    CHANNELS = "channels"
    TOPICS = "topics"


@dataclass(frozen=True)
class Chart:
    """One of the charts of :mod:`wardlog.report.charts`, drawn from the report's figures."""

    kind: ChartKind
    caption: str


@dataclass(frozen=True)
class PageBreak:
    """A new page; ``landscape`` turns the pages from here on (Decree 30 allows it for wide tables)."""

    landscape: bool = False


Block = Heading | Paragraph | Table | Chart | PageBreak


@dataclass(frozen=True)
class SignatureBlock:
    """Right of the foot: “TM. ỦY BAN NHÂN DÂN” / “KT. CHỦ TỊCH” / “PHÓ CHỦ TỊCH”, room to sign, name."""

    lines: tuple[str, ...]  # upper case, bold
    name: str  # bold; may be empty, leaving the name to be written by hand


@dataclass(frozen=True)
class ReportDocument:
    """A Decree 30 report: header, title, addressee, body, foot, appendix."""

    agency: tuple[str, ...]  # upper-case lines of the issuing body: "ỦY BAN NHÂN DÂN", "PHƯỜNG HÀ ĐÔNG"
    number_line: str  # “Số: 05/BC-UBND”
    nation: str  # “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”
    motto: str  # “Độc lập - Tự do - Hạnh phúc”
    place_date: str  # “Hà Đông, ngày 16 tháng 6 năm 2026”
    kind_title: str  # “BÁO CÁO”
    summary: str  # “Kết quả công tác … 6 tháng đầu năm 2026”
    recipient_label: str  # “Kính gửi:”
    recipients: tuple[str, ...]
    body: tuple[Block, ...]
    copies_label: str  # “Nơi nhận:”
    copies_to: tuple[str, ...]  # each line as printed, “- Như trên;”
    signature: SignatureBlock
    appendix: tuple[Block, ...] = ()
    figures: Figures | None = None  # what the charts are drawn from
    title: str = ""  # the file's metadata title
    author: str = ""  # the file's metadata author (the ward)
    activity_count: int = 0  # activities listed in the appendix
