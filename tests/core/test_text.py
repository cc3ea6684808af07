"""Text at the boundary: folding for matching (diacritics, case, đ/d) and clean-up of user input."""

from __future__ import annotations

import unicodedata

import pytest

from wardlog.core.text import clean, fold, nfc

# Vietnamese vowels (with their base letter) and the five tone marks.
VOWELS = {"a": "a", "ă": "a", "â": "a", "e": "e", "ê": "e", "i": "i", "o": "o", "ô": "o", "ơ": "o", "u": "u"}
VOWELS |= {"ư": "u", "y": "y"}
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, huyền, sắc, hỏi, ngã, nặng


def all_vietnamese_vowels() -> list[tuple[str, str]]:
    letters = []
    for vowel, base in VOWELS.items():
        for tone in TONES:
            letter = unicodedata.normalize("NFC", vowel + tone)
            letters.append((letter, base))
            letters.append((letter.upper(), base))
    return letters


def test_every_vietnamese_vowel_folds_to_its_base_letter() -> None:
    letters = all_vietnamese_vowels()
    assert len(letters) == 144
    for letter, base in letters:
        assert len(letter) == 1, letter  # every one of them has a precomposed form
        assert fold(letter) == base, letter
        assert fold(unicodedata.normalize("NFD", letter)) == base, letter


@pytest.mark.parametrize("letter", ["đ", "Đ"])
def test_d_with_stroke_folds_to_d(letter: str) -> None:
    assert unicodedata.decomposition(letter) == ""  # the reason it needs its own rule
    assert fold(letter) == "d"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đối thoại", "doi thoai"),
        ("doi  THOAI", "doi thoai"),
        ("Đức Nghĩa", "duc nghia"),
        ("DUC NGHIA", "duc nghia"),
        ("Người dân ở phường", "nguoi dan o phuong"),
        ("Thơ ca, chữ nghĩa", "tho ca, chu nghia"),
        ("ƯU TIÊN", "uu tien"),
        ("  Tuyên\ttruyền \n CCHC  ", "tuyen truyen cchc"),
        ("Hệ thống loa truyền thanh", "he thong loa truyen thanh"),
        ("", ""),
    ],
)
def test_fold_examples(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_same_for_nfc_and_nfd() -> None:
    text = "Cải cách thủ tục hành chính; một cửa, Đảng viên, Ứng dụng số"
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert fold(nfd) == fold(text) == "cai cach thu tuc hanh chinh; mot cua, dang vien, ung dung so"


def test_fold_keeps_non_latin_text_and_digits() -> None:
    assert fold("Năm 2026 – 中文 👍") == "nam 2026 – 中文 👍"


def test_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Phường Hà Đông")
    assert nfc(nfd) == "Phường Hà Đông"
    assert unicodedata.is_normalized("NFC", nfc(nfd))


def test_clean_gives_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Tọa đàm, đối thoại")
    cleaned = clean(nfd)
    assert cleaned == "Tọa đàm, đối thoại"
    assert unicodedata.is_normalized("NFC", cleaned)
    assert clean(unicodedata.normalize("NFD", "ghi\nchú"), multiline=True) == "ghi\nchú"


def test_clean_none_and_blank() -> None:
    assert clean(None) == ""
    assert clean(None, multiline=True) == ""
    assert clean("   \t ") == ""
    assert clean("\n\n  \n", multiline=True) == ""


@pytest.mark.parametrize(
    "control", ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f"]
)
def test_clean_strips_control_characters(control: str) -> None:
    assert clean(f"Hội{control}nghị") == "Hộinghị"
    assert clean(f"dòng 1{control}\ndòng 2", multiline=True) == "dòng 1\ndòng 2"


def test_clean_collapses_spaces_in_single_line() -> None:
    assert clean("  Họp   tổ\tdân\n\nphố  ") == "Họp tổ dân phố"
    assert clean("a\r\nb") == "a b"


def test_clean_multiline_keeps_newlines() -> None:
    text = "  Dòng một   \r\nDòng  hai\t\rDòng ba\n\n\nDòng bốn  \n\n"
    assert clean(text, multiline=True) == "Dòng một\nDòng  hai\nDòng ba\n\n\nDòng bốn"


def test_clean_keeps_emoji_and_right_to_left_text() -> None:
    text = "Zalo 👍🏽 — مرحبا שלום"
    assert clean(text) == text
    assert clean(text, multiline=True) == text
