"""The shipped list of administrative units (Decision 19/2025/QĐ-TTg) and its loader."""

from __future__ import annotations

import csv
import time
import unicodedata
from pathlib import Path

import pytest

from wardlog.core.units import WARD_TYPES, AdministrativeUnits, Province, Ward, load_units, units_csv

CSV_PATH = Path(__file__).resolve().parents[2] / "resources" / "units" / "units.csv"


@pytest.fixture(scope="module")
def units() -> AdministrativeUnits:
    return load_units()


def test_counts(units: AdministrativeUnits) -> None:
    assert len(units.provinces) == 34
    assert len(units.wards) == len(units) == 3321
    assert sum(len(units.wards_of(p.code)) for p in units.provinces) == 3321


def test_ha_noi(units: AdministrativeUnits) -> None:
    ha_noi = units.province("01")
    assert ha_noi == Province("01", "Thành phố Hà Nội")
    assert ha_noi.short_name == "Hà Nội"
    assert len(units.wards_of("01")) == 126


def test_phuong_ha_dong(units: AdministrativeUnits) -> None:
    ward = units.ward("09556")
    assert ward == Ward("09556", "Phường Hà Đông", "phường", "01", "Thành phố Hà Nội")
    assert ward.short_name == "Hà Đông"
    assert ward in units.wards_of("01")


def test_codes_are_zero_padded_strings(units: AdministrativeUnits) -> None:
    assert units.provinces[0].code == "01"
    assert units.wards[0].code == "00004"  # Phường Ba Đình
    for province in units.provinces:
        assert isinstance(province.code, str) and len(province.code) == 2 and province.code.isdigit()
    for ward in units.wards:
        assert isinstance(ward.code, str) and len(ward.code) == 5 and ward.code.isdigit()
        assert units.province(ward.province_code).name == ward.province_name
    assert units.ward(9556) is None  # type: ignore[arg-type]  # an int is not a code


def test_names_and_types(units: AdministrativeUnits) -> None:
    types = {w.type for w in units.wards}
    assert types == set(WARD_TYPES)
    for ward in units.wards:
        assert unicodedata.is_normalized("NFC", ward.name)
        assert ward.name == f"{ward.type[0].upper()}{ward.type[1:]} {ward.short_name}"
    assert units.ward("06325").name == "Xã Bắc Sơn"  # lower-case "xã" upstream, fixed by build_units.py
    assert units.ward("26732").type == "đặc khu"  # Côn Đảo
    assert all(p.name.startswith(("Tỉnh ", "Thành phố ")) for p in units.provinces)


def test_order(units: AdministrativeUnits) -> None:
    assert [p.code for p in units.provinces] == sorted(p.code for p in units.provinces)
    keys = [(w.province_code, w.code) for w in units.wards]
    assert keys == sorted(keys)


def test_unknown_codes(units: AdministrativeUnits) -> None:
    assert units.ward("99999") is None
    assert units.ward("") is None
    assert units.province("00") is None
    assert units.wards_of("00") == ()
    assert units.search("ha dong", province_code="00") == []


@pytest.mark.parametrize("query", ["ha dong", "Hà Đông", "HA ĐONG", "phuong ha dong", "  Phường  hà đông "])
def test_search_ignores_case_diacritics_and_type(units: AdministrativeUnits, query: str) -> None:
    results = units.search(query, province_code="01")
    assert [w.code for w in results] == ["09556"]


def test_search_d_for_dj(units: AdministrativeUnits) -> None:
    names = [w.name for w in units.search("dien bien phu")]
    assert names[0] == "Phường Điện Biên Phủ"
    assert units.search("con dao")[0].name == "Đặc khu Côn Đảo"
    assert units.search("dac khu con dao")[0].name == "Đặc khu Côn Đảo"


def test_search_across_provinces_and_type_word(units: AdministrativeUnits) -> None:
    both = units.search("ha dong")
    assert [(w.code, w.province_code) for w in both[:2]] == [("09556", "01"), ("10882", "31")]
    assert [w.name for w in units.search("xa ha dong")] == ["Xã Hà Đông"]
    assert [w.province_code for w in units.search("ha dong", province_code="31")] == ["31"]


def test_search_restricted_to_province(units: AdministrativeUnits) -> None:
    results = units.search("tan", province_code="79")
    assert results
    assert all(w.province_code == "79" for w in results)
    assert len(units.search("tan")) > len(results)


def test_search_ranking(units: AdministrativeUnits) -> None:
    results = units.search("ha dong", province_code="01")
    assert results[0].short_name == "Hà Đông"
    results = units.search("ba dinh")
    ranks = []
    for w in results:
        key = w.short_name.lower()
        ranks.append(0 if key == "ba đình" else 1 if key.startswith("ba đình") else 2)
    assert ranks == sorted(ranks)
    assert ranks[0] == 0


def test_search_apostrophes_hyphens_blank_and_limit(units: AdministrativeUnits) -> None:
    assert [w.name for w in units.search("ea hleo")] == ["Xã Ea H'Leo"]
    assert [w.name for w in units.search("Ea H’Leo")] == ["Xã Ea H'Leo"]
    assert [w.name for w in units.search("van mieu quoc tu giam")] == ["Phường Văn Miếu - Quốc Tử Giám"]
    assert units.search("") == []
    assert units.search("   ") == []
    assert len(units.search("a", limit=5)) == 5
    assert units.search("no such place xyz") == []


def test_load_is_cached_and_fast() -> None:
    assert load_units() is load_units()
    text = CSV_PATH.read_text(encoding="utf-8")
    start = time.perf_counter()
    AdministrativeUnits.from_csv(text)
    assert time.perf_counter() - start < 0.5  # about 10 ms in practice; generous for slow CI machines


def test_csv_file_is_utf8_nfc_and_modest() -> None:
    data = CSV_PATH.read_bytes()
    assert len(data) < 400_000
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == ["province_code", "province_name", "ward_code", "ward_name", "ward_type"]
    assert len(rows) == 3322


def test_units_csv_is_found() -> None:
    assert units_csv().is_file()


def test_from_csv_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="columns"):
        AdministrativeUnits.from_csv("code,name\n01,x\n")
    header = "province_code,province_name,ward_code,ward_name,ward_type\n"
    with pytest.raises(ValueError, match="line 2"):
        AdministrativeUnits.from_csv(header + "01,Thành phố Hà Nội,00004\n")
    row = "01,Thành phố Hà Nội,00004,Phường Ba Đình,phường\n"
    with pytest.raises(ValueError, match="duplicate"):
        AdministrativeUnits.from_csv(header + row + row)
    small = AdministrativeUnits.from_csv("\ufeff" + header + row)  # a BOM left by a spreadsheet is fine
    assert small.ward("00004").short_name == "Ba Đình"
