"""Import of activities from .csv and .xlsx files (interfaces.md, “Import format”): all rows or none."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from wardlog.core import listing
from wardlog.core.activities import ActivityQuery
from wardlog.core.book import Book
from wardlog.core.errors import ValidationError, WardLogError
from wardlog.core.importing import import_file
from wardlog.core.model import Activity, ActivityDraft

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "mau-nhap-hoat-dong.csv"
HEADER = [
    "Ngày",
    "Hình thức",
    "Nội dung",
    "Tiêu đề",
    "Địa điểm",
    "Đối tượng",
    "Số người tham dự",
    "Số lượng",
    "Đơn vị tính",
    "Thời lượng (phút)",
    "Đơn vị thực hiện",
    "Ghi chú",
]
TTHC_LABEL = "Cải cách thủ tục hành chính; một cửa, một cửa liên thông"

# A good row, by header.
GOOD = {
    "Ngày": "05/01/2026",
    "Hình thức": "loa",
    "Nội dung": "chinh_quyen_so",
    "Tiêu đề": "Phát thanh tuyên truyền dịch vụ công trực tuyến",
    "Địa điểm": "Các tổ dân phố",
    "Đối tượng": "Nhân dân",
    "Số người tham dự": "",
    "Số lượng": "2",
    "Đơn vị tính": "",
    "Thời lượng (phút)": "30",
    "Đơn vị thực hiện": "Văn phòng HĐND-UBND",
    "Ghi chú": "",
}


def row(**changes: str) -> list[str]:
    """The good row with some cells changed (keyword = header with spaces as _ and no parentheses)."""
    values = dict(GOOD)
    keys = {h.replace(" ", "_").replace("(", "").replace(")", ""): h for h in HEADER}
    for key, value in changes.items():
        values[keys[key]] = value
    return [values[h] for h in HEADER]


def write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    bom: bool = True,
    delimiter: str = ",",
    newline: str = "\n",
) -> Path:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8-sig" if bom else "utf-8"))
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for number, cells in enumerate(rows, start=1):
        for column, value in enumerate(cells, start=1):
            if value is not None and value != "":
                sheet.cell(row=number, column=column, value=value)
    workbook.save(path)
    return path


def everything(book: Book) -> list[Activity]:
    return book.activities.query(ActivityQuery(order="date"))


def comparable(activity: Activity) -> ActivityDraft:
    """The activity's values, with topic and audience order made irrelevant."""
    draft = activity.draft
    return ActivityDraft(
        **{
            **draft.__dict__,
            "topics": tuple(sorted(draft.topics)),
            "audiences": tuple(sorted(draft.audiences)),
        }
    )


def issues_of(error: ValidationError) -> list[tuple[int | None, str | None, str]]:
    return [(issue.line, issue.column, issue.field) for issue in error.issues]


@pytest.fixture
def other_book(tmp_path: Path) -> Iterator[Book]:
    with Book.open(tmp_path / "other" / "so2.wardlog") as opened:
        yield opened


# --- good files ---------------------------------------------------------------------------------


def test_good_csv_imports_every_row(book: Book, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "tot.csv",
        [
            HEADER,
            row(),
            row(
                Ngày="2026-01-12",
                Hình_thức="Lồng ghép tại hội nghị, cuộc họp, giao ban",
                Nội_dung=f"{TTHC_LABEL}; the_che",
                Tiêu_đề="Hội nghị giao ban",
                Đối_tượng="Cán bộ, công chức, viên chức, người lao động; dang vien",
                Số_người_tham_dự="1.200",
                Số_lượng="",
                Thời_lượng_phút="",
                Ghi_chú="Có ảnh",
            ),
            row(Ngày="3/2/2026", Hình_thức="to_roi", Số_lượng="2,5", Đơn_vị_tính="tờ", Thời_lượng_phút=""),
        ],
    )
    result = import_file(book, path)
    assert result.added == 3
    assert result.ignored_columns == []
    first, second, third = everything(book)

    assert first.draft == ActivityDraft(
        date=date(2026, 1, 5),
        channel="loa",
        topics=("chinh_quyen_so",),
        title="Phát thanh tuyên truyền dịch vụ công trực tuyến",
        place="Các tổ dân phố",
        audiences=("nhan_dan",),
        participants=None,
        quantity=2,
        unit="buoi_phat",  # the channel's default unit
        minutes=30,
        responsible="Văn phòng HĐND-UBND",
        notes="",
    )
    assert second.date == date(2026, 1, 12)
    assert second.channel == "hoi_nghi"
    assert set(second.topics) == {"tthc", "the_che"}
    assert set(second.audiences) == {"can_bo", "dang_vien"}
    assert (second.participants, second.quantity, second.unit, second.minutes) == (1200, 1, "cuoc", None)
    assert second.notes == "Có ảnh"
    assert (third.date, third.channel, third.quantity, third.unit) == (date(2026, 2, 3), "to_roi", 2.5, "to")
    assert len({first.uid, second.uid, third.uid}) == 3


@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_csv_with_and_without_bom(book: Book, tmp_path: Path, bom: bool, newline: str) -> None:
    path = write_csv(tmp_path / "a.csv", [HEADER, row(), row(Tiêu_đề="Lần hai")], bom=bom, newline=newline)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") is bom
    assert import_file(book, path).added == 2
    assert [a.title for a in everything(book)] == [GOOD["Tiêu đề"], "Lần hai"]


def test_semicolon_delimited_csv(book: Book, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "excel-vi.csv",
        [HEADER, row(Hình_thức="Tọa đàm, đối thoại, tiếp xúc cử tri", Nội_dung=f"{TTHC_LABEL};the_che")],
        delimiter=";",
    )
    assert import_file(book, path).added == 1
    (activity,) = everything(book)
    assert activity.channel == "toa_dam"
    assert set(activity.topics) == {"tthc", "the_che"}
    assert activity.unit == "buoi"


def test_semicolon_csv_with_an_empty_first_row_as_excel_writes_it(book: Book, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "excel-vi.csv", [[""] * 12, HEADER, row(Tiêu_đề="Có dấu phẩy, ở đây")], delimiter=";"
    )
    assert path.read_text(encoding="utf-8-sig").startswith(";;;;;;;;;;;\n")
    assert import_file(book, path).added == 1
    assert everything(book)[0].title == "Có dấu phẩy, ở đây"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_semicolon_csv_with_blank_lines_before_the_header(book: Book, tmp_path: Path, newline: str) -> None:
    """Blank lines before the header are skipped, so the delimiter must be judged on the header itself."""
    path = tmp_path / "blank-first.csv"
    body = write_csv(
        tmp_path / "tmp.csv", [HEADER, row(Tiêu_đề="Có dấu phẩy, ở đây")], delimiter=";", newline=newline
    )
    path.write_bytes(b"\xef\xbb\xbf" + newline.encode() * 2 + body.read_bytes()[3:])
    assert import_file(book, path).added == 1
    assert everything(book)[0].title == "Có dấu phẩy, ở đây"


def test_headers_in_any_order_any_case_without_diacritics(book: Book, tmp_path: Path) -> None:
    header = [
        "TIEU DE",
        "ghi chu",
        "ngay",
        "Noi Dung",
        "so luong",
        "HINH THUC",
        "don vi tinh",
        "thoi luong (phut)",
    ]
    header += ["  Dia   diem ", "doi tuong", "so nguoi tham du", "DON VI THUC HIEN"]
    cells = ["Tiêu đề X", "Ghi chú X", "20/01/2026", "tthc", "3", "hop_dan", "buổi", "45"]
    cells += ["Nhà văn hóa", "nhan_dan", "62", "Tổ dân phố số 7"]
    assert import_file(book, write_csv(tmp_path / "x.csv", [header, cells])).added == 1
    (activity,) = everything(book)
    assert activity.draft == ActivityDraft(
        date=date(2026, 1, 20),
        channel="hop_dan",
        topics=("tthc",),
        title="Tiêu đề X",
        place="Nhà văn hóa",
        audiences=("nhan_dan",),
        participants=62,
        quantity=3,
        unit="buoi",
        minutes=45,
        responsible="Tổ dân phố số 7",
        notes="Ghi chú X",
    )


def test_only_required_columns(book: Book, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "min.csv",
        [["Nội dung", "Tiêu đề", "Ngày", "Hình thức"], ["tthc", "T", "01/02/2026", "pano"]],
    )
    assert import_file(book, path).added == 1
    (activity,) = everything(book)
    assert (activity.quantity, activity.unit, activity.participants, activity.minutes) == (
        1,
        "tam",
        None,
        None,
    )
    assert (activity.place, activity.audiences, activity.responsible, activity.notes) == ("", (), "", "")


def test_english_headers(book: Book, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "en.csv",
        [["date", "channel", "topics", "title", "notes"], ["2026-02-01", "pano", "tthc", "T", "n"]],
    )
    assert import_file(book, path).added == 1
    assert everything(book)[0].notes == "n"


def test_unknown_columns_are_reported_and_usual_ones_skipped(book: Book, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "stt.csv",
        [["STT", *HEADER, "Người ký", ""], ["1", *row(), "Ông A", ""], ["2", *row(), "Bà B", ""]],
    )
    result = import_file(book, path)
    assert result.added == 2
    assert result.ignored_columns == ["Người ký"]


def test_unit_defaults_to_the_channels_default_and_quantity_to_one(book: Book, tmp_path: Path) -> None:
    channels = {"hoi_nghi": "cuoc", "cuoc_thi": "cuoc_thi", "loa": "buoi_phat", "mang_xa_hoi": "bai_dang"}
    channels |= {"pano": "tam", "to_roi": "to", "bang_tin": "luot", "toa_dam": "buoi"}
    rows = [HEADER] + [row(Hình_thức=code, Số_lượng="", Đơn_vị_tính="") for code in channels]
    assert import_file(book, write_csv(tmp_path / "u.csv", rows)).added == len(channels)
    assert [(a.channel, a.unit, a.quantity) for a in everything(book)] == [
        (code, unit, 1) for code, unit in channels.items()
    ]


def test_explicit_unit_is_kept(book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "u.csv", [HEADER, row(Hình_thức="loa", Đơn_vị_tính="lượt")])
    import_file(book, path)
    assert everything(book)[0].unit == "luot"


def test_blank_rows_are_skipped(book: Book, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "blank.csv",
        [[], HEADER, [""] * 12, row(), [], ["", " ", ""], row(Tiêu_đề="Hai"), [" "] * 12, []],
    )
    assert import_file(book, path).added == 2
    assert [a.title for a in everything(book)] == [GOOD["Tiêu đề"], "Hai"]


def test_blank_lines_do_not_shift_line_numbers(book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "blank.csv", [HEADER, [], row(), ["", ""], [], row(Ngày="31/02/2026")])
    with pytest.raises(ValidationError) as caught:
        import_file(book, path)
    assert issues_of(caught.value) == [(6, "Ngày", "date")]


def test_nfd_input_is_stored_nfc(book: Book, tmp_path: Path) -> None:
    rows = [HEADER, row(Hình_thức="Hệ thống loa truyền thanh", Nội_dung=TTHC_LABEL, Ghi_chú="Ghi chú ở đây")]
    path = tmp_path / "nfd.csv"
    write_csv(path, rows)
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8-sig")), encoding="utf-8")
    assert import_file(book, path).added == 1
    (activity,) = everything(book)
    assert (activity.channel, activity.topics) == ("loa", ("tthc",))
    for text in (activity.title, activity.place, activity.responsible, activity.notes):
        assert unicodedata.is_normalized("NFC", text)
    assert activity.title == GOOD["Tiêu đề"]
    assert activity.notes == "Ghi chú ở đây"


def test_multiline_notes_keep_line_numbers_of_the_following_rows(book: Book, tmp_path: Path) -> None:
    rows = [
        HEADER,
        row(Ghi_chú="dòng 1\ndòng 2\n\ndòng 4"),
        row(Hình_thức="bồ câu"),
        row(Ghi_chú="a\nb"),
        row(Số_lượng="x"),
    ]
    path = write_csv(tmp_path / "ml.csv", rows)
    # line 1 header, 2–5 the first row, 6 the second, 7–8 the third, 9 the fourth
    with pytest.raises(ValidationError) as caught:
        import_file(book, path)
    assert issues_of(caught.value) == [(6, "Hình thức", "channel"), (9, "Số lượng", "quantity")]
    assert book.activities.count() == 0
    # and once the bad rows are fixed, the notes keep their lines
    rows[2], rows[4] = row(), row()
    import_file(book, write_csv(path, rows))
    assert [a.notes for a in everything(book)] == ["dòng 1\ndòng 2\n\ndòng 4", "", "a\nb", ""]


def test_windows_line_endings_inside_notes(book: Book, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "crlf.csv", [HEADER, row(Ghi_chú="một\r\nhai"), row(Ngày="x")], newline="\r\n"
    )
    with pytest.raises(ValidationError) as caught:
        import_file(book, path)
    assert issues_of(caught.value) == [(4, "Ngày", "date")]


def test_imports_add_to_what_is_there(book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [HEADER, row()])
    import_file(book, path)
    import_file(book, path)
    assert book.activities.count() == 2


def test_progress_is_reported(book: Book, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    import_file(
        book,
        write_csv(tmp_path / "p.csv", [HEADER, row(), row()]),
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls[-1] == (2, 2)


def test_sample_file_imports(book: Book) -> None:
    result = import_file(book, SAMPLE)
    assert result.added == 7
    activities = everything(book)
    assert [a.channel for a in activities] == [
        "loa",
        "hoi_nghi",
        "hop_dan",
        "khau_hieu",
        "mang_xa_hoi",
        "cuoc_thi",
        "to_roi",
    ]
    assert set(activities[2].topics) == {"tthc", "dan_chu_co_so"}
    assert set(activities[4].audiences) == {"nhan_dan", "doanh_nghiep"}
    assert (activities[5].participants, activities[5].unit) == (339, "cuoc_thi")
    assert (activities[6].quantity, activities[6].unit) == (1200, "to")
    assert activities[0].minutes == 30


# --- the header ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("missing", "field"),
    [("Ngày", "date"), ("Hình thức", "channel"), ("Nội dung", "topics"), ("Tiêu đề", "title")],
)
def test_missing_required_column_is_refused(book: Book, tmp_path: Path, missing: str, field: str) -> None:
    keep = [i for i, h in enumerate(HEADER) if h != missing]
    path = write_csv(tmp_path / "m.csv", [[HEADER[i] for i in keep], [row()[i] for i in keep]])
    with pytest.raises(ValidationError) as caught:
        import_file(book, path)
    (issue,) = caught.value.issues
    assert (issue.field, issue.line) == (field, 1)
    assert f"“{missing}”" in issue.message
    assert book.activities.count() == 0


def test_missing_columns_all_named_in_english(english: None, book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [["Địa điểm", "Ghi chú"], ["x", "y"]])
    with pytest.raises(ValidationError) as caught:
        import_file(book, path)
    assert str(caught.value).splitlines() == [
        "The header row is not in the import format; nothing was added.",
        "Line 1: The required column “Ngày” is missing.",
        "Line 1: The required column “Hình thức” is missing.",
        "Line 1: The required column “Nội dung” is missing.",
        "Line 1: The required column “Tiêu đề” is missing.",
    ]


def test_duplicate_column_is_refused(book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", [[*HEADER, "NGAY"], [*row(), "06/01/2026"]])
    with pytest.raises(ValidationError) as caught:
        import_file(book, path)
    (issue,) = caught.value.issues
    assert (issue.field, issue.line) == ("date", 1)
    assert "NGAY" in issue.message
    assert book.activities.count() == 0


def test_duplicate_column_message_in_english(english: None, book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", [["Ngày", "Hình thức", "Nội dung", "Tiêu đề", "title"], row()[:5]])
    with pytest.raises(ValidationError) as caught:
        import_file(book, path)
    assert [i.describe() for i in caught.value.issues] == ["Line 1: The column “title” appears twice."]


# --- bad rows -----------------------------------------------------------------------------------

# (changes to the good row, the field refused)
BAD_ROWS = [
    ({"Ngày": "31/02/2026"}, "date"),
    ({"Ngày": "hôm qua"}, "date"),
    ({"Ngày": ""}, "date"),
    ({"Ngày": "31/12/1999"}, "date"),
    ({"Ngày": "01/01/2999"}, "date"),
    ({"Hình thức": "bồ câu đưa thư"}, "channel"),
    ({"Hình thức": ""}, "channel"),
    ({"Nội dung": "an ninh quốc phòng"}, "topics"),
    ({"Nội dung": ""}, "topics"),
    ({"Nội dung": "tthc; không có"}, "topics"),
    ({"Tiêu đề": ""}, "title"),
    ({"Tiêu đề": "   "}, "title"),
    ({"Tiêu đề": "x" * 501}, "title"),
    ({"Địa điểm": "x" * 301}, "place"),
    ({"Đối tượng": "người ngoài hành tinh"}, "audiences"),
    ({"Số người tham dự": "-5"}, "participants"),
    ({"Số người tham dự": "1,5"}, "participants"),
    ({"Số người tham dự": "nhiều"}, "participants"),
    ({"Số người tham dự": "2.000.000"}, "participants"),
    ({"Số lượng": "hai"}, "quantity"),
    ({"Số lượng": "-1"}, "quantity"),
    ({"Số lượng": "99.000.000"}, "quantity"),
    ({"Đơn vị tính": "thùng"}, "unit"),
    ({"Thời lượng (phút)": "-10"}, "minutes"),
    ({"Thời lượng (phút)": "1,5"}, "minutes"),
    ({"Đơn vị thực hiện": "x" * 301}, "responsible"),
    ({"Ghi chú": "x" * 5001}, "notes"),
]


@pytest.mark.parametrize(("changes", "field"), BAD_ROWS)
def test_each_bad_row_is_refused_as_last_row(
    book: Book, tmp_path: Path, changes: dict[str, str], field: str
) -> None:
    bad = dict(GOOD) | changes
    path = write_csv(tmp_path / "bad.csv", [HEADER, row(), row(), [bad[h] for h in HEADER]])
    with pytest.raises(ValidationError) as caught:
        import_file(book, path)
    column = next(h for h in HEADER if h in changes)
    assert issues_of(caught.value) == [(4, column, field)]
    assert book.activities.count() == 0
    assert book.activities.count(ActivityQuery(deleted=True)) == 0


def test_every_bad_row_is_listed_with_the_header_as_written(book: Book, tmp_path: Path) -> None:
    header = ["ngay", "HINH THUC", "noi dung", "Tieu de", "So luong", "don vi tinh", "so nguoi tham du"]
    header += ["Thoi luong (phut)", "doi tuong"]
    good = ["05/01/2026", "loa", "tthc", "Tiêu đề", "1", "", "", "", ""]

    def bad(index: int, value: str) -> list[str]:
        cells = list(good)
        cells[index] = value
        return cells

    rows = [
        header,
        good,  # 2
        bad(0, "31/02/2026"),  # 3
        bad(1, "bồ câu"),  # 4
        good,  # 5
        bad(2, "an ninh"),  # 6
        bad(3, ""),  # 7
        bad(6, "-3"),  # 8
        bad(4, "abc"),  # 9
        bad(5, "thùng"),  # 10
        bad(7, "-1"),  # 11
        bad(8, "ai đó"),  # 12
        good,  # 13
    ]
    with pytest.raises(ValidationError) as caught:
        import_file(book, write_csv(tmp_path / "many.csv", rows))
    assert issues_of(caught.value) == [
        (3, "ngay", "date"),
        (4, "HINH THUC", "channel"),
        (6, "noi dung", "topics"),
        (7, "Tieu de", "title"),
        (8, "so nguoi tham du", "participants"),
        (9, "So luong", "quantity"),
        (10, "don vi tinh", "unit"),
        (11, "Thoi luong (phut)", "minutes"),
        (12, "doi tuong", "audiences"),
    ]
    assert book.activities.count() == 0
    assert "many.csv" in str(caught.value).splitlines()[0]


def test_one_row_with_several_problems_lists_them_all(english: None, book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [HEADER, row(Ngày="x", Hình_thức="y", Số_lượng="z")])
    with pytest.raises(ValidationError) as caught:
        import_file(book, path)
    assert str(caught.value).splitlines() == [
        "r.csv was not imported: 1 row has errors. Nothing was added.",
        "Line 2, column “Ngày”: “x” is not a date; write it as dd/mm/yyyy (05/03/2026) or yyyy-mm-dd.",
        "Line 2, column “Hình thức”: “y” is not in the list.",
        "Line 2, column “Số lượng”: “z” is not a number.",
    ]


def test_rule_messages_in_english(english: None, book: Book, tmp_path: Path) -> None:
    rows = [
        HEADER,
        row(Tiêu_đề=""),
        row(Số_người_tham_dự="-3"),
        row(Nội_dung=""),
        row(Đơn_vị_tính="thùng"),
        row(Ngày="31/12/1999"),
        row(Nội_dung="an ninh"),
    ]
    with pytest.raises(ValidationError) as caught:
        import_file(book, write_csv(tmp_path / "en.csv", rows))
    assert str(caught.value).splitlines() == [
        "en.csv was not imported: 6 rows have errors. Nothing was added.",
        "Line 2, column “Tiêu đề”: The title cannot be empty.",
        "Line 3, column “Số người tham dự”: Cannot be negative.",
        "Line 4, column “Nội dung”: Choose at least one topic.",
        "Line 5, column “Đơn vị tính”: “thùng” is not in the list.",
        "Line 6, column “Ngày”: The date is before 01/01/2000.",
        "Line 7, column “Nội dung”: Not in the list: “an ninh”.",
    ]


def test_short_row_is_read_as_empty_cells(book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", [HEADER, row(), ["05/01/2026", "loa"]])
    with pytest.raises(ValidationError) as caught:
        import_file(book, path)
    assert issues_of(caught.value) == [(3, "Nội dung", "topics"), (3, "Tiêu đề", "title")]


def test_overlong_cell_is_refused(book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "long.csv", [HEADER, row(Ghi_chú="x" * 20_001)])
    with pytest.raises(ValidationError) as caught:
        import_file(book, path)
    assert issues_of(caught.value) == [(2, "Ghi chú", "notes")]


def test_a_retired_channel_is_refused(book: Book, tmp_path: Path) -> None:
    from wardlog.core.catalog import Kind

    book.catalog.set_retired(Kind.CHANNEL, "loa")
    with pytest.raises(ValidationError) as caught:
        import_file(book, write_csv(tmp_path / "r.csv", [HEADER, row()]))
    assert issues_of(caught.value) == [(2, "Hình thức", "channel")]


# --- files that are not in the format -----------------------------------------------------------


def test_empty_file(book: Book, tmp_path: Path, english: None) -> None:
    for content in (b"", b"\xef\xbb\xbf", b"\n\n", b",,,\n , ,\n"):
        path = tmp_path / "rong.csv"
        path.write_bytes(content)
        with pytest.raises(WardLogError) as caught:
            import_file(book, path)
        assert not isinstance(caught.value, ValidationError)
        assert str(caught.value) == "rong.csv is empty."


def test_header_only_file(book: Book, tmp_path: Path, english: None) -> None:
    path = write_csv(tmp_path / "tieude.csv", [HEADER, [], [""] * 12])
    with pytest.raises(WardLogError) as caught:
        import_file(book, path)
    assert str(caught.value) == "tieude.csv has a header but no activities."


def test_not_utf8_file(book: Book, tmp_path: Path, english: None) -> None:
    path = tmp_path / "cp1258.csv"
    path.write_bytes(
        ",".join(HEADER).encode("cp1258", errors="replace") + b"\n05/01/2026,loa,tthc,Ti\xeau \xf0\xea\n"
    )
    with pytest.raises(WardLogError) as caught:
        import_file(book, path)
    assert (
        str(caught.value) == "cp1258.csv is not in UTF-8. In Excel, save it as “CSV UTF-8 (Comma delimited)”."
    )
    assert book.activities.count() == 0


def test_not_utf8_file_in_vietnamese(book: Book, tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("Ngày,Tiêu đề\n".encode("latin-1", errors="replace") + b"\xff\xfe\n")
    with pytest.raises(WardLogError) as caught:
        import_file(book, path)
    assert "latin.csv" in str(caught.value)


@pytest.mark.parametrize("name", ["hoat-dong.txt", "hoat-dong.xls", "hoat-dong.ods", "hoat-dong"])
def test_unsupported_suffix(book: Book, tmp_path: Path, english: None, name: str) -> None:
    path = tmp_path / name
    path.write_text(",".join(HEADER) + "\n" + ",".join(row()) + "\n", encoding="utf-8")
    with pytest.raises(WardLogError) as caught:
        import_file(book, path)
    assert str(caught.value) == f"WardLog imports .csv and .xlsx files; {name} is neither."
    assert book.activities.count() == 0


def test_upper_case_suffix_is_fine(book: Book, tmp_path: Path) -> None:
    assert import_file(book, write_csv(tmp_path / "A.CSV", [HEADER, row()])).added == 1


def test_missing_file(book: Book, tmp_path: Path) -> None:
    with pytest.raises(WardLogError) as caught:
        import_file(book, tmp_path / "khong-co.csv")
    assert "khong-co.csv" in str(caught.value)


def test_broken_xlsx(book: Book, tmp_path: Path, english: None) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(WardLogError) as caught:
        import_file(book, path)
    assert str(caught.value) == "hong.xlsx is not a readable Excel workbook."


# --- xlsx ---------------------------------------------------------------------------------------


def test_good_xlsx_imports_every_row(book: Book, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        HEADER,
        [
            datetime(2026, 1, 5),
            "loa",
            "chinh_quyen_so",
            "Phát thanh",
            "Loa",
            "Nhân dân",
            None,
            2,
            None,
            30,
            "VP",
            None,
        ],
        ["12/01/2026", "hoi_nghi", TTHC_LABEL, 2026, None, None, 45.0, 2.5, "cuộc", None, None, "a\nb"],
        [
            date(2026, 1, 20),
            "hop_dan",
            "tthc; dan_chu_co_so",
            "Họp",
            None,
            "nhan dan",
            62,
            None,
            None,
            None,
            None,
            None,
        ],
    ]
    assert import_file(book, write_xlsx(tmp_path / "tot.xlsx", rows)).added == 3
    first, second, third = everything(book)
    assert (first.date, first.quantity, first.unit, first.minutes, first.participants) == (
        date(2026, 1, 5),
        2,
        "buoi_phat",
        30,
        None,
    )
    assert (second.title, second.participants, second.quantity, second.unit, second.notes) == (
        "2026",
        45,
        2.5,
        "cuoc",
        "a\nb",
    )
    assert (third.date, set(third.topics), third.quantity) == (
        date(2026, 1, 20),
        {"tthc", "dan_chu_co_so"},
        1,
    )


def test_xlsx_bad_rows_named_by_row_number(book: Book, tmp_path: Path) -> None:
    good: list[object] = [datetime(2026, 1, 5), "loa", "tthc", "T"]
    rows: list[list[object]] = [
        ["ngay", "hinh thuc", "noi dung", "tieu de", "so luong", "so nguoi tham du"],
        good,  # 2
        [],  # 3 blank
        [*good, "abc"],  # 4
        [],  # 5 blank
        [],  # 6 blank
        [*good, 1, -5],  # 7
        [datetime(1999, 1, 1), "loa", "tthc", "T"],  # 8
        [*good[:3], None],  # 9
        good,  # 10
    ]
    with pytest.raises(ValidationError) as caught:
        import_file(book, write_xlsx(tmp_path / "bad.xlsx", rows))
    assert issues_of(caught.value) == [
        (4, "so luong", "quantity"),
        (7, "so nguoi tham du", "participants"),
        (8, "ngay", "date"),
        (9, "tieu de", "title"),
    ]
    assert book.activities.count() == 0


def test_xlsx_header_not_on_the_first_row(book: Book, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [],
        [],
        HEADER[:4],
        ["05/01/2026", "loa", "tthc", "T"],
        ["x", "loa", "tthc", "T"],
    ]
    with pytest.raises(ValidationError) as caught:
        import_file(book, write_xlsx(tmp_path / "h.xlsx", rows))
    assert issues_of(caught.value) == [(5, "Ngày", "date")]


def test_xlsx_empty_and_header_only(book: Book, tmp_path: Path, english: None) -> None:
    with pytest.raises(WardLogError) as caught:
        import_file(book, write_xlsx(tmp_path / "rong.xlsx", []))
    assert str(caught.value) == "rong.xlsx is empty."
    with pytest.raises(WardLogError) as caught:
        import_file(book, write_xlsx(tmp_path / "dau.xlsx", [HEADER]))
    assert str(caught.value) == "dau.xlsx has a header but no activities."


def test_xlsx_reads_the_first_sheet(book: Book, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.append(HEADER[:4])
    first.append(["05/01/2026", "pano", "tthc", "Một"])
    second = workbook.create_sheet("Khác")
    second.append(HEADER[:4])
    second.append(["x", "x", "x", "x"])
    workbook.save(tmp_path / "hai.xlsx")
    assert import_file(book, tmp_path / "hai.xlsx").added == 1


# --- round trips --------------------------------------------------------------------------------


def round_trip_rows() -> list[list[str]]:
    return [
        HEADER,
        row(),
        row(
            Ngày="2026-01-12",
            Hình_thức="hoi_nghi",
            Nội_dung=f"{TTHC_LABEL}; chi_dao; the_che",
            Tiêu_đề='Hội nghị "giao ban", tháng 1; kỳ 2',
            Đối_tượng="can_bo; dang_vien; doan_vien",
            Số_người_tham_dự="0",
            Số_lượng="2,5",
            Đơn_vị_tính="buổi",
            Thời_lượng_phút="",
            Đơn_vị_thực_hiện="",
            Ghi_chú="Dòng một\nDòng hai, có dấu phẩy; và chấm phẩy\n\n“trích dẫn”",
        ),
        row(
            Ngày="14/12/2026",
            Hình_thức="to_roi",
            Số_lượng="1.200",
            Đơn_vị_tính="tờ",
            Tiêu_đề="Tờ rơi 👍 مرحبا",
        ),
        row(Ngày="15/12/2025", Hình_thức="mang_xa_hoi", Số_lượng="0", Đối_tượng="", Địa_điểm="Zalo OA"),
        row(
            Ngày="29/02/2024",
            Hình_thức="cuoc_thi",
            Số_người_tham_dự="339",
            Số_lượng="0,125",
            Ghi_chú="- gạch đầu dòng",
        ),
    ]


def assert_same_activities(left: Book, right: Book) -> None:
    ours, theirs = everything(left), everything(right)
    assert len(ours) == len(theirs) > 0
    assert [comparable(a) for a in ours] == [comparable(a) for a in theirs]


def test_round_trip_through_csv(book: Book, other_book: Book, tmp_path: Path) -> None:
    assert import_file(book, write_csv(tmp_path / "in.csv", round_trip_rows())).added == 5
    out = io.StringIO()
    assert listing.write_csv(out, everything(book), book.catalog) == 5
    exported = tmp_path / "out.csv"
    exported.write_text(out.getvalue(), encoding="utf-8")
    assert import_file(other_book, exported).added == 5
    assert_same_activities(book, other_book)


def test_round_trip_through_csv_file_with_bom(book: Book, other_book: Book, tmp_path: Path) -> None:
    import_file(book, write_csv(tmp_path / "in.csv", round_trip_rows()))
    listing.write_file(tmp_path / "out.csv", everything(book), book.catalog)
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    import_file(other_book, tmp_path / "out.csv")
    assert_same_activities(book, other_book)


def test_round_trip_through_xlsx(book: Book, other_book: Book, tmp_path: Path) -> None:
    import_file(book, write_csv(tmp_path / "in.csv", round_trip_rows()))
    assert listing.write_file(tmp_path / "out.xlsx", everything(book), book.catalog) == 5
    assert import_file(other_book, tmp_path / "out.xlsx").added == 5
    assert_same_activities(book, other_book)


def test_round_trip_of_the_sample(book: Book, other_book: Book, tmp_path: Path) -> None:
    import_file(book, SAMPLE)
    listing.write_file(tmp_path / "mau.xlsx", everything(book), book.catalog)
    import_file(other_book, tmp_path / "mau.xlsx")
    assert_same_activities(book, other_book)


def test_round_trip_after_renaming_catalog_entries(book: Book, other_book: Book, tmp_path: Path) -> None:
    """Exported labels are the book's own; the receiving book knows the codes' default labels only,
    so a renamed entry must still be recognisable — here by a label that folds the same."""
    from wardlog.core.catalog import Kind

    book.catalog.rename(Kind.CHANNEL, "loa", "HỆ THỐNG LOA TRUYỀN THANH")
    import_file(book, write_csv(tmp_path / "in.csv", [HEADER, row()]))
    out = io.StringIO()
    listing.write_csv(out, everything(book), book.catalog)
    assert "HỆ THỐNG LOA TRUYỀN THANH" in out.getvalue()
    (tmp_path / "out.csv").write_text(out.getvalue(), encoding="utf-8")
    import_file(other_book, tmp_path / "out.csv")
    assert everything(other_book)[0].channel == "loa"


@pytest.mark.parametrize("quantity", [0.5, 0.001, 0.0001, 0.00001, 1234567.25])
def test_round_trip_through_csv_keeps_any_valid_quantity(
    book: Book, other_book: Book, tmp_path: Path, quantity: float
) -> None:
    book.activities.add(ActivityDraft(date(2026, 3, 1), "to_roi", ("tthc",), "Tờ rơi", quantity=quantity))
    out = io.StringIO()
    listing.write_csv(out, everything(book), book.catalog)
    (tmp_path / "q.csv").write_text(out.getvalue(), encoding="utf-8")
    import_file(other_book, tmp_path / "q.csv")
    assert everything(other_book)[0].quantity == pytest.approx(quantity)


@pytest.mark.parametrize("notes", ["=> Đã phát lại 2 buổi", "=1+1", "= tổng 3 buổi"])
def test_round_trip_through_xlsx_keeps_text_starting_with_equals(
    book: Book, other_book: Book, tmp_path: Path, notes: str
) -> None:
    book.activities.add(ActivityDraft(date(2026, 3, 1), "loa", ("tthc",), "Phát thanh", notes=notes))
    listing.write_file(tmp_path / "eq.xlsx", everything(book), book.catalog)
    import_file(other_book, tmp_path / "eq.xlsx")
    assert everything(other_book)[0].notes == notes
