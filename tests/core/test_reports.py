"""The per-period details of a report: kept in the book, validated, filled from the settings."""

from __future__ import annotations

from datetime import date

import pytest

from wardlog.core.book import Book
from wardlog.core.errors import ValidationError
from wardlog.core.periods import Convention, parse
from wardlog.core.reports import Part, ReportDetails


def test_a_period_without_saved_details_has_empty_ones(book: Book) -> None:
    assert book.reports.get(parse("2026-H1")) == ReportDetails()


def test_details_are_kept_per_period_and_convention(book: Book) -> None:
    h1 = parse("2026-H1")
    details = ReportDetails(number="05", issued_on=date(2026, 6, 16), signer_name="Nguyễn Văn An")
    details = details.with_text(Part.STRENGTHS, "Công tác tuyên truyền được triển khai kịp thời.")
    book.reports.save(h1, details)

    assert book.reports.get(h1) == details
    assert book.reports.get(parse("2026-H1", Convention.CALENDAR)) == ReportDetails()
    assert book.reports.get(parse("2026-H2")) == ReportDetails()
    assert book.reports.saved_periods() == [("2026-H1", "cutoff")]


def test_saving_again_replaces_the_details(book: Book) -> None:
    h1 = parse("2026-H1")
    book.reports.save(h1, ReportDetails(number="05"))
    book.reports.save(h1, ReportDetails(number="07", recipient="Sở Nội vụ"))
    assert book.reports.get(h1) == ReportDetails(number="07", recipient="Sở Nội vụ")
    assert book.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 1


def test_text_is_stored_clean_and_nfc(book: Book) -> None:
    decomposed = "Ho\u0302\u0300i nghi\u0323"  # "Hồi nghị" typed as NFD
    saved = book.reports.save(
        parse("2026"),
        ReportDetails(signer_name="  Trần\x07 Thị  Bình ", narrative={"causes": f"{decomposed}\r\n\r\n"}),
    )
    assert saved.signer_name == "Trần Thị Bình"
    assert saved.text_of(Part.CAUSES) == "Hồi nghị"
    assert book.reports.get(parse("2026")).text_of(Part.CAUSES) == "Hồi nghị"


@pytest.mark.parametrize("number", ["5a", "-3", "0", "1234567", "05/BC"])
def test_a_document_number_must_be_a_whole_number(book: Book, number: str) -> None:
    with pytest.raises(ValidationError) as refused:
        book.reports.save(parse("2026-H1"), ReportDetails(number=number))
    assert "Số văn bản phải là một số nguyên" in str(refused.value)
    assert book.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 0


def test_enormous_narrative_is_refused_by_name(book: Book) -> None:
    details = ReportDetails().with_text(Part.PROPOSALS, "x" * 20_001)
    with pytest.raises(ValidationError) as refused:
        book.reports.save(parse("2026-H1"), details)
    assert "Đề xuất, kiến nghị" in str(refused.value)


def test_empty_choices_fall_back_to_the_book_settings(book: Book) -> None:
    book.update_settings(
        recipient="Sở Nội vụ thành phố Hà Nội",
        sign_on_behalf="TM. Ủy ban nhân dân",
        sign_authority="",
        signer_title="Chủ tịch",
        signer_name="Lê Văn Cường",
    )
    resolved = ReportDetails(number="05").resolved(book.settings, today=date(2026, 6, 16))
    assert resolved.issued_on == date(2026, 6, 16)
    assert resolved.recipient == "Sở Nội vụ thành phố Hà Nội"
    assert (resolved.sign_authority, resolved.signer_title, resolved.signer_name) == (
        "",
        "Chủ tịch",
        "Lê Văn Cường",
    )
    assert resolved.copies_to.splitlines()[0] == "Như trên;"
    assert resolved.copies_to.splitlines()[-1] == "Lưu: VT."

    own = ReportDetails(signer_title="Phó Chủ tịch", signer_name="Phạm Thị Dung")
    resolved = own.resolved(book.settings, today=date(2026, 6, 16))
    assert (resolved.sign_on_behalf, resolved.signer_title) == ("", "Phó Chủ tịch")


def test_details_written_by_a_newer_program_still_read(book: Book) -> None:
    book.conn.execute(
        "INSERT INTO reports VALUES ('2026-H1', 'cutoff', ?, '2026-06-01T00:00:00Z')",
        ('{"number": "05", "future_field": [1, 2], "narrative": {"causes": "Do thiếu kinh phí"}}',),
    )
    details = book.reports.get(parse("2026-H1"))
    assert details.number == "05"
    assert details.text_of(Part.CAUSES) == "Do thiếu kinh phí"
