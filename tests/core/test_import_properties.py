"""The importer fed arbitrary input (hypothesis): a clean import or a refusal, never a crash, never half.

Whatever the bytes, the text or the cell values, :func:`import_file` either adds every row of the
file or raises a :class:`WardLogError` (a :class:`ValidationError` naming the bad rows) having
added nothing. What it adds is stored cleaned: NFC, no control characters.
"""

from __future__ import annotations

import csv
import io
import itertools
import time
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from wardlog.core.book import Book
from wardlog.core.errors import ValidationError, WardLogError
from wardlog.core.importing import import_file
from wardlog.core.sheet import HEADERS


def examples(n: int) -> settings:
    """``n`` examples, no deadline (a busy machine is not a bug); the fixtures hold no per-example state."""
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


_names = itertools.count()

# Text users and files really carry, and text that breaks naive programs.
EMOJI = st.sampled_from(["🙂", "👨‍👩‍👧", "🇻🇳", "✅", "\U0001f9d1\u200d\U0001f4bb"])
RTL = st.sampled_from(["שלום", "مرحبا بالعالم", "\u202eđảo ngược\u202c", "\u200fعربي"])
CONTROLS = st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1, max_size=5)
VIETNAMESE = st.sampled_from(["Tuyên truyền CCHC", "Đối thoại", "Phường Hà Đông", "tổ dân phố 3"])
DECOMPOSED = VIETNAMESE.map(lambda text: unicodedata.normalize("NFD", text))
ENORMOUS = st.sampled_from(["x" * 20_001, "Đ" * 5_000, ";" * 19_000, "1" * 5_000, "a;" * 9_000, "9" * 4_400])
ABSURD_NUMBERS = st.sampled_from(
    ["-1", "-0", "1e308", "1e999", "inf", "-inf", "nan", "NaN", "99999999999999999999999",
     "1.000.000.000.000", "0,0000001", "1,5", "1.5", "2.500", "١٢٣", "１２", "0x10", " 12 ",
     "12 000", "1_000", "+5", "5-"]
)  # fmt: skip
IMPOSSIBLE_DATES = st.sampled_from(
    ["31/02/2026", "29/02/2025", "00/00/0000", "2026-13-45", "0000-01-01", "9999-12-31", "32/01/2026",
     "05/03/26", "2026/03/05", "5.3.2026", "05-03-2026", "1/1/1", "2026-02-29", "31/04/2026", "hôm qua"]
)  # fmt: skip
VALID = {
    "Ngày": st.sampled_from(["05/03/2026", "2026-03-05", "1/2/2026"]),
    "Hình thức": st.sampled_from(["loa", "Hệ thống loa truyền thanh", "he thong loa truyen thanh", "pano"]),
    "Nội dung": st.sampled_from(
        ["tthc", "chinh_quyen_so; tthc", "Cải cách thủ tục hành chính; một cửa, một cửa liên thông"]
    ),
    "Tiêu đề": VIETNAMESE,
    "Số người tham dự": st.sampled_from(["", "0", "120", "1.200"]),
    "Số lượng": st.sampled_from(["", "1", "2,5", "3"]),
    "Thời lượng (phút)": st.sampled_from(["", "15", "90"]),
}  # fmt: skip
HOSTILE = st.one_of(
    st.text(max_size=40),
    EMOJI,
    RTL,
    CONTROLS,
    VIETNAMESE,
    DECOMPOSED,
    ENORMOUS,
    ABSURD_NUMBERS,
    IMPOSSIBLE_DATES,
)


@pytest.fixture(scope="module")
def book() -> Iterator[Book]:
    with Book.in_memory() as shared:  # a book that lives through every example: nothing may stick
        yield shared


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("import-properties")


def attempt(book: Book, path: Path, rows: int | None = None) -> str:
    """Import ``path``; check the all-or-none promise either way. Returns "added" or "refused"."""
    before = book.activities.count()
    last_id = book.conn.execute("SELECT coalesce(max(id), 0) FROM activities").fetchone()[0]
    try:
        result = import_file(book, path)
    except WardLogError as error:
        assert error.message.strip(), "a refusal says why"
        if isinstance(error, ValidationError):
            assert error.issues
        assert book.activities.count() == before, "a refused file added something"
        return "refused"
    assert result.added > 0
    assert book.activities.count() == before + result.added
    if rows is not None:
        assert result.added == rows
    for activity in book.activities.get_many(result.ids).values():
        assert activity.id > last_id
        for text in (activity.title, activity.place, activity.responsible, activity.notes):
            assert unicodedata.is_normalized("NFC", text)
            assert not any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text)
        assert activity.title
    return "added"


def csv_file(folder: Path, data: bytes) -> Path:
    path = folder / f"{next(_names)}.csv"
    path.write_bytes(data)
    return path


@examples(150)
@given(data=st.binary(max_size=2000))
@example(data=b"\xef\xbb\xbf")  # a BOM and nothing else
@example(data=b"\x00" * 50)
@example(data='Ngày,Hình thức,Nội dung,Tiêu đề\n05/03/2026,loa,tthc,"không đóng ngoặc\n'.encode())
@example(data="Ngày;Hình thức;Nội dung;Tiêu đề\r\n05/03/2026;loa;tthc;Dấu chấm phẩy\r\n".encode("utf-16"))
def test_arbitrary_bytes(book: Book, folder: Path, data: bytes) -> None:
    attempt(book, csv_file(folder, data))


@examples(150)
@given(
    body=st.text(max_size=1500),
    header=st.sampled_from(["", "Ngày,Hình thức,Nội dung,Tiêu đề\n", "Ngày;Hình thức;Nội dung;Tiêu đề\n"]),
)
def test_arbitrary_text_after_a_header(book: Book, folder: Path, header: str, body: str) -> None:
    attempt(book, csv_file(folder, (header + body).encode("utf-8", errors="surrogatepass")))


def rows_strategy() -> st.SearchStrategy[list[dict[str, str]]]:
    """Rows of an otherwise valid file, any cell of which may hold a hostile value."""
    cell = {header: st.one_of(VALID.get(header, st.just("")), HOSTILE) for header in HEADERS}
    return st.lists(st.fixed_dictionaries(cell), min_size=1, max_size=4)


@examples(120)
@given(rows=rows_strategy(), bom=st.booleans(), delimiter=st.sampled_from([",", ";"]))
def test_arbitrary_cells_in_a_valid_file(
    book: Book, folder: Path, rows: list[dict[str, str]], bom: bool, delimiter: str
) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([row[h] for h in HEADERS])
    data = out.getvalue().encode("utf-8", errors="surrogatepass")
    outcome = attempt(book, csv_file(folder, (b"\xef\xbb\xbf" if bom else b"") + data))
    if outcome == "added":  # nothing hostile landed in a column that would refuse it
        assert book.activities.count() >= len(rows)


XLSX_CELLS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
    st.dates(min_value=date(1900, 3, 1)),
    st.booleans(),
    HOSTILE.filter(lambda text: len(text) < 32_000 and "\x00" not in text),
)


@examples(25)
@given(rows=st.lists(st.lists(XLSX_CELLS, min_size=4, max_size=12), min_size=1, max_size=3))
def test_arbitrary_typed_cells_in_a_workbook(book: Book, folder: Path, rows: list[list[object]]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    for row in rows:
        try:
            sheet.append(row)
        except (ValueError, openpyxl.utils.exceptions.IllegalCharacterError):
            return  # a value Excel itself cannot hold
    path = folder / f"{next(_names)}.xlsx"
    workbook.save(path)
    attempt(book, path)


def test_a_date_cell_outside_excels_calendar_is_refused_quietly(book: Book, folder: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Ngày", "Hình thức", "Nội dung", "Tiêu đề"])
    sheet.append([1e10, "loa", "tthc", "Ngày quá xa"])
    sheet["A2"].number_format = "dd/mm/yyyy"
    path = folder / "ngay-ngoai-lich.xlsx"
    workbook.save(path)
    assert attempt(book, path) == "refused"  # no warning escapes either (warnings are errors here)


@pytest.mark.parametrize(
    "cell",
    ["1" * 5_000, "a;" * 9_000, ";" * 19_000, "9" * 4_400 + ",5", "Đ" * 19_000],
    ids=["5000 digits", "9000 topics", "19000 semicolons", "4400-digit decimal", "19000 letters"],
)
def test_enormous_cells_are_handled_promptly(book: Book, folder: Path, cell: str) -> None:
    header = ",".join(HEADERS)
    values = {"Ngày": "05/03/2026", "Hình thức": "loa", "Nội dung": "tthc", "Tiêu đề": "Hoạt động"}
    for column in HEADERS:
        row = {**values, column: cell}
        out = io.StringIO(newline="")
        csv.writer(out).writerow([row.get(h, "") for h in HEADERS])
        path = csv_file(folder, (header + "\n" + out.getvalue()).encode("utf-8"))
        started = time.perf_counter()
        try:
            import_file(book, path)
        except ValidationError as error:  # the message quotes the value, not 19,000 characters of it
            assert len(error.message) < 1_000, column
        assert time.perf_counter() - started < 2, column


def test_hostile_but_acceptable_text_is_stored_clean_and_found(book: Book, folder: Path) -> None:
    titles = [
        "Tuyên truyền 🙂 dịch vụ công 🇻🇳",
        "שלום — đối thoại với người dân",
        unicodedata.normalize("NFD", "Đối thoại chính quyền số"),
        "Chuông\x07 báo\x1b[31m đỏ\u0085",
    ]
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["Ngày", "Hình thức", "Nội dung", "Tiêu đề", "Ghi chú"])
    for title in titles:
        writer.writerow(["05/03/2026", "loa", "tthc", title, "dòng một\r\ndòng hai\x00"])
    result = import_file(book, csv_file(folder, out.getvalue().encode("utf-8")))
    stored = [book.activities.get(i) for i in result.ids]
    assert [a.title for a in stored] == [
        "Tuyên truyền 🙂 dịch vụ công 🇻🇳",
        "שלום — đối thoại với người dân",
        "Đối thoại chính quyền số",
        "Chuông báo[31m đỏ",
    ]
    assert {a.notes for a in stored} == {"dòng một\ndòng hai"}
    assert result.ids[2] in [a.id for a in book.activities.search("doi thoai chinh quyen so")]
