"""Import of the annual plan's targets from a spreadsheet: good files, bad rows named by line and
column, all rows or none, and links to tasks kept when a corrected file is imported again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.core.test_importing import write_xlsx
from wardlog.core.backups import folder_for, list_backups
from wardlog.core.book import Book
from wardlog.core.errors import ValidationError, WardLogError
from wardlog.core.model import ActivityDraft
from wardlog.core.periods import parse
from wardlog.core.plan_import import due_code, import_plan, read_plan_file
from wardlog.core.plans import Measure, Plan, Target, TargetKind

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "mau-ke-hoach.csv"
HEADER = "Loại,Hình thức,Nội dung,Nhiệm vụ,Số lượng,Đo bằng,Đơn vị tính,Hạn"


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def test_the_sample_file_is_a_whole_plan(book: Book) -> None:
    result = import_plan(book, SAMPLE, 2026, number="12/KH-UBND", issued_on=date(2026, 1, 10))
    plan = book.plans.get(2026)
    assert plan == result.plan
    assert (plan.number, plan.issued_on, len(plan.targets), result.replaced) == (
        "12/KH-UBND",
        date(2026, 1, 10),
        14,
        0,
    )
    kinds = [t.kind for t in plan.targets]
    assert kinds.count(TargetKind.CHANNEL) == 8 and kinds.count(TargetKind.TASK) == 3
    posters = plan.targets[3]
    assert (posters.channel, posters.quantity, posters.measure, posters.unit, posters.due) == (
        "pano",
        20,
        Measure.QUANTITY,
        "tam",
        "2026-H1",  # “6 tháng đầu năm”
    )
    contest = plan.targets[11]
    assert (contest.kind, contest.due) == (TargetKind.TASK, "2026-Q3")  # “quý III”
    assert plan.targets[1].measure is Measure.MINUTES
    assert plan.targets[13].measure is Measure.PARTICIPANTS


def test_headers_without_diacritics_in_any_order_and_kinds_inferred(book: Book, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "kh.csv",
        "so luong;NHIEM VU;hinh thuc;noi dung;don vi tinh;han;STT;Ghi chú riêng",
        "4;;loa;;;Q1;1;x",
        "30;;pano;;tấm;;2;",
        "2;;;Chính quyền số;;2026-H2;3;",  # not a label: labels are matched whole
        "1;Tổ chức 01 cuộc thi tìm hiểu;;;;;4;",
        "0;;man_hinh_led;;;;5;",
    )
    with pytest.raises(ValidationError) as refused:
        read_plan_file(book, path, 2026)
    assert "Dòng 4, cột “noi dung”" in str(refused.value)

    path = write_csv(
        tmp_path / "kh.csv",
        "so luong;NHIEM VU;hinh thuc;noi dung;don vi tinh;han;STT;Ghi chú riêng",
        "4;;loa;;;Q1;1;x",
        "30;;pano;;tấm;;2;",
        "2;;;chinh_quyen_so;;2026-H2;3;",
        "1;Tổ chức 01 cuộc thi tìm hiểu;;;;;4;",
        "0;;man_hinh_led;;;;5;",
        ";;;;;;;",
    )
    read = read_plan_file(book, path, 2026)
    assert read.ignored_columns == ("Ghi chú riêng",)
    assert [(t.kind, t.quantity, t.measure, t.due) for t in read.targets] == [
        (TargetKind.CHANNEL, 4, Measure.ACTIVITIES, "2026-Q1"),
        (TargetKind.CHANNEL, 30, Measure.QUANTITY, ""),  # a unit given: measured by quantity
        (TargetKind.TOPIC, 2, Measure.ACTIVITIES, "2026-H2"),
        (TargetKind.TASK, 1, Measure.ACTIVITIES, ""),
        (TargetKind.CHANNEL, 0, Measure.ACTIVITIES, ""),  # a target of zero is allowed
    ]


def test_an_xlsx_file(book: Book, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "kh.xlsx",
        [
            HEADER.split(","),
            ["nhiệm vụ", None, None, "Tổ chức 01 buổi đối thoại", 1, "hoạt động", None, "6 tháng cuối năm"],
            ["hình thức", "Hệ thống loa truyền thanh", None, None, 600.0, "phút", None, None],
            ["nội dung", None, "tthc", None, 2.5, "số lượng", "buổi", "tháng 3"],
        ],
    )
    targets = read_plan_file(book, path, 2026).targets
    assert [(t.kind, t.quantity, t.measure, t.unit, t.due) for t in targets] == [
        (TargetKind.TASK, 1, Measure.ACTIVITIES, "", "2026-H2"),
        (TargetKind.CHANNEL, 600, Measure.MINUTES, "", ""),
        (TargetKind.TOPIC, 2.5, Measure.QUANTITY, "buoi", "2026-03"),
    ]


def test_every_bad_row_is_named_and_nothing_changes(book: Book, tmp_path: Path) -> None:
    book.plans.save(Plan(2026, number="01/KH-UBND", targets=(Target(TargetKind.CHANNEL, 4, channel="loa"),)))
    path = write_csv(
        tmp_path / "sai.csv",
        HEADER,
        "hình thức,loa,,,4,hoạt động,,",  # line 2: good
        "kênh lạ,loa,,,4,,,",  # 3: no such kind
        "hình thức,không có,,,4,,,",  # 4: no such channel
        "nội dung,,,,2,,,",  # 5: a topic target without its topic
        "nhiệm vụ,,,,1,,,",  # 6: a task without wording
        "hình thức,loa,,,-3,,,",  # 7: negative
        "hình thức,loa,,,mười,,,",  # 8: not a number
        "hình thức,loa,,,4,giờ,,",  # 9: no such measure
        "hình thức,pano,,,4,hoạt động,tấm,",  # 10: a unit but measured by activities
        "hình thức,loa,,,4,,,2027-Q1",  # 11: outside the year
        "hình thức,loa,,,4,,,sớm",  # 12: not a period
        ",loa,tthc,,4,,,",  # 13: channel and topic but no kind
        "hình thức,pano,,,4,số lượng,cái bát,",  # 14: no such unit
    )
    with pytest.raises(ValidationError) as refused:
        import_plan(book, path, 2026)
    message = str(refused.value)
    assert message.startswith("Chưa nhập được sai.csv: 12 dòng có lỗi. Kế hoạch không thay đổi.")
    expected = {
        3: "Loại",
        4: "Hình thức",
        5: "Nội dung",
        6: "Nhiệm vụ",
        7: "Số lượng",
        8: "Số lượng",
        9: "Đo bằng",
        10: "Đơn vị tính",
        11: "Hạn",
        12: "Hạn",
        13: "Loại",
        14: "Đơn vị tính",
    }
    places = {(issue.line, issue.column) for issue in refused.value.issues}
    assert places == set(expected.items())
    assert "Dòng 2" not in message
    assert "2027-Q1 không thuộc năm 2026 của kế hoạch" in message
    plan = book.plans.get(2026)
    assert plan is not None and plan.number == "01/KH-UBND" and len(plan.targets) == 1


def test_a_file_that_is_not_a_plan(book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "hd.csv", "Ngày,Tiêu đề", "05/01/2026,Phát thanh")
    with pytest.raises(ValidationError) as refused:
        read_plan_file(book, path, 2026)
    assert "Nhiệm vụ" in str(refused.value) and "Dòng 1" in str(refused.value)
    with pytest.raises(WardLogError, match="không có chỉ tiêu"):
        read_plan_file(book, write_csv(tmp_path / "rong.csv", HEADER), 2026)
    with pytest.raises(ValidationError, match="2000"):
        read_plan_file(book, SAMPLE, 1999)


def test_importing_again_keeps_links_to_the_same_tasks(book: Book, tmp_path: Path) -> None:
    first = import_plan(book, SAMPLE, 2026).plan
    contest = first.targets[11]
    activity = book.activities.add(
        ActivityDraft(date=date(2026, 8, 1), channel="cuoc_thi", topics=("chinh_quyen_so",), title="Cuộc thi")
    )
    book.plans.link(activity.id, [contest.id])
    lines = SAMPLE.read_text(encoding="utf-8-sig").splitlines()
    corrected = write_csv(tmp_path / "sua.csv", lines[0], lines[12], lines[3].replace(",12,", ",15,"))
    result = import_plan(book, corrected, 2026, title="Kế hoạch sửa đổi")
    assert result.replaced == 14
    assert result.plan.targets[0].uid == contest.uid
    assert book.plans.tasks_of(activity.id) == [result.plan.targets[0].id]
    assert result.plan.targets[1].quantity == 15
    assert result.plan.title == "Kế hoạch sửa đổi"
    assert [b.reason for b in list_backups(folder_for(book.path))] == ["before-import"]
    progress = book.plans.progress(parse("2026"))
    assert {t.label: t.done for t in progress.targets}[contest.title] is True


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", ""),
        ("Cả năm", ""),
        ("2026", ""),
        ("q2", "2026-Q2"),
        ("Quý IV", "2026-Q4"),
        ("H1", "2026-H1"),
        ("6 tháng cuối năm", "2026-H2"),
        ("tháng 3", "2026-03"),
        ("2026-h2", "2026-H2"),
        ("2026-03", "2026-03"),
    ],
)
def test_due_periods_as_people_write_them(text: str, code: str) -> None:
    from wardlog.core.periods import Convention

    assert due_code(text, 2026, Convention.CUTOFF) == code
