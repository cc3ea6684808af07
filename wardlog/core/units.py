"""Viet Nam's administrative units after the 2025 reform: 34 provinces, 3,321 communes/wards/special zones.

The list (Decision 19/2025/QĐ-TTg and later changes of name) ships with the app as
``resources/units/units.csv``, generated from the ``vietnam-provinces`` package by
``resources/units/build_units.py`` (see ``resources/units/SOURCE.md``); nothing is fetched at run time.

Codes are strings, zero-padded and stable: 2 digits for a province (``"01"``), 5 for a commune-level unit
(``"09556"``). Names are NFC and in full official form (``"Thành phố Hà Nội"``, ``"Phường Hà Đông"``).

>>> units = load_units()
>>> units.ward("09556").short_name
'Hà Đông'
>>> [w.name for w in units.search("ha dong", province_code="01")]
['Phường Hà Đông']
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from wardlog.core.resources import resource_path
from wardlog.core.text import fold, nfc

__all__ = ["WARD_TYPES", "AdministrativeUnits", "Province", "Ward", "load_units", "units_csv"]

_COLUMNS = ("province_code", "province_name", "ward_code", "ward_name", "ward_type")
# Kinds of commune-level unit, and of province, as their names begin ("Đặc khu Côn Đảo", "Thành phố Huế").
WARD_TYPES = ("phường", "xã", "đặc khu")
_PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")
# Apostrophes in names of the Central Highlands ("Xã Ea H'Leo") are dropped and hyphens become spaces, so
# "ea hleo", "Ea H’Leo" and "van mieu quoc tu giam" all match.
_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
_HYPHENS = re.compile(r"\s*[-‐‑–—]\s*")


def _strip_type(name: str, prefix: str) -> str:
    """``name`` without its leading type word ``prefix`` (case-insensitive), or ``name`` if absent."""
    head = name[: len(prefix)]
    if head.casefold() == prefix.casefold() and name[len(prefix) : len(prefix) + 1] == " ":
        return name[len(prefix) + 1 :]
    return name


@dataclass(frozen=True, slots=True)
class Province:
    """A province-level unit: ``Province(code="01", name="Thành phố Hà Nội")``."""

    code: str
    name: str

    @property
    def short_name(self) -> str:
        """The name without "Tỉnh" / "Thành phố": ``"Hà Nội"``."""
        for prefix in _PROVINCE_PREFIXES:
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


@dataclass(frozen=True, slots=True)
class Ward:
    """A commune-level unit (phường, xã or đặc khu) and the province it belongs to."""

    code: str
    name: str
    type: str
    province_code: str
    province_name: str

    @property
    def short_name(self) -> str:
        """The name without its type word: ``"Hà Đông"`` for ``"Phường Hà Đông"``."""
        return _strip_type(self.name, self.type)


def _search_key(text: str) -> str:
    """``fold`` plus apostrophes dropped and hyphens as spaces: ``"Xã Ea H’Leo"`` -> ``"xa ea hleo"``."""
    return fold(_HYPHENS.sub(" ", _APOSTROPHES.sub("", text)))


class AdministrativeUnits:
    """The whole list, read once; immutable. Obtain it with :func:`load_units`.

    Wards keep the file's order (province code, then ward code) wherever a method returns several.
    """

    __slots__ = ("_by_code", "_by_province", "_keys", "_provinces", "_provinces_by_code", "_wards")

    def __init__(self, wards: Iterable[Ward]) -> None:
        self._wards: tuple[Ward, ...] = tuple(sorted(wards, key=lambda w: (w.province_code, w.code)))
        self._by_code: dict[str, Ward] = {w.code: w for w in self._wards}
        if len(self._by_code) != len(self._wards):
            raise ValueError("duplicate ward codes in the list of administrative units")
        grouped: dict[str, list[Ward]] = {}
        provinces: dict[str, Province] = {}
        for w in self._wards:
            grouped.setdefault(w.province_code, []).append(w)
            provinces.setdefault(w.province_code, Province(w.province_code, w.province_name))
        self._by_province: dict[str, tuple[Ward, ...]] = {code: tuple(ws) for code, ws in grouped.items()}
        self._provinces_by_code = provinces
        self._provinces: tuple[Province, ...] = tuple(provinces[code] for code in sorted(provinces))
        # Search keys, computed on the first search: most runs never search.
        self._keys: dict[str, tuple[str, str]] | None = None

    @classmethod
    def from_csv(cls, text: str) -> AdministrativeUnits:
        """Parse the CSV text of ``units.csv`` (header ``province_code,province_name,ward_code,...``)."""
        reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
        header = next(reader, None)
        if header is None or tuple(header) != _COLUMNS:
            raise ValueError(f"units.csv: expected columns {','.join(_COLUMNS)}, got {header}")
        wards = []
        for line, row in enumerate(reader, start=2):
            if len(row) != len(_COLUMNS):
                raise ValueError(f"units.csv line {line}: {len(row)} fields, expected {len(_COLUMNS)}")
            province_code, province_name, ward_code, ward_name, ward_type = row
            wards.append(Ward(ward_code, nfc(ward_name), nfc(ward_type), province_code, nfc(province_name)))
        return cls(wards)

    @property
    def provinces(self) -> tuple[Province, ...]:
        """The provinces, by code."""
        return self._provinces

    @property
    def wards(self) -> tuple[Ward, ...]:
        """Every commune-level unit, by province code then code."""
        return self._wards

    def province(self, code: str) -> Province | None:
        """The province with this 2-digit code, or ``None``."""
        return self._provinces_by_code.get(code)

    def wards_of(self, province_code: str) -> tuple[Ward, ...]:
        """The wards of one province, by code; empty for an unknown province code."""
        return self._by_province.get(province_code, ())

    def ward(self, code: str) -> Ward | None:
        """The ward with this 5-digit code, or ``None``."""
        return self._by_code.get(code)

    def search(self, text: str, province_code: str | None = None, *, limit: int | None = None) -> list[Ward]:
        """Wards whose name matches ``text``, ignoring case, diacritics, đ/d, apostrophes and hyphens.

        ``text`` may include the type word or not: ``"ha dong"`` and ``"phuong ha dong"`` both find
        "Phường Hà Đông", and ``"xa ha dong"`` finds "Xã Hà Đông" only. Exact names come first, then names
        starting with ``text``, then names containing it; ties keep the file's order. ``province_code``
        restricts the search to one province; blank ``text`` finds nothing; ``limit`` caps the result.
        """
        query = _search_key(text)
        if not query:
            return []
        keys = self._search_keys()
        wards = self._wards if province_code is None else self.wards_of(province_code)
        ranked: list[tuple[int, int, Ward]] = []
        for position, ward in enumerate(wards):
            full, short = keys[ward.code]
            if query in (full, short):
                rank = 0
            elif full.startswith(query) or short.startswith(query):
                rank = 1
            elif query in full:
                rank = 2
            else:
                continue
            ranked.append((rank, position, ward))
        ranked.sort(key=lambda item: (item[0], item[1]))
        return [ward for _, _, ward in ranked[:limit]]

    def _search_keys(self) -> dict[str, tuple[str, str]]:
        if self._keys is None:
            type_prefixes = {t: _search_key(t) + " " for t in {w.type for w in self._wards}}
            keys = {}
            for w in self._wards:
                full = _search_key(w.name)  # one fold per ward: the short key is a suffix of the full one
                prefix = type_prefixes[w.type]
                keys[w.code] = (full, full[len(prefix) :] if full.startswith(prefix) else full)
            self._keys = keys
        return self._keys

    def __len__(self) -> int:
        return len(self._wards)

    def __repr__(self) -> str:
        return f"<AdministrativeUnits: {len(self._provinces)} provinces, {len(self._wards)} wards>"


def units_csv() -> Path:
    """Where ``units.csv`` is (``resources/units/units.csv``, installed as ``wardlog.resources``)."""
    return resource_path("units", "units.csv")


@cache
def load_units() -> AdministrativeUnits:
    """The administrative units, read from ``units.csv`` on the first call and shared afterwards.

    Raises :class:`FileNotFoundError` if the file is missing (a broken install).
    """
    resource = units_csv()
    if not resource.is_file():
        raise FileNotFoundError(f"list of administrative units not found: {resource}")
    with resource.open("r", encoding="utf-8", newline="") as handle:
        return AdministrativeUnits.from_csv(handle.read())
