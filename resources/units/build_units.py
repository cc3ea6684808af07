"""Regenerate ``units.csv``, Viet Nam's administrative units after the 2025 reform, from vietnam-provinces.

Run by hand by a developer when the official list changes; the app itself only reads the generated CSV
(no network, no ``vietnam-provinces`` at run time). This script needs nothing but the standard library and
never imports the package: it reads the package's source with :mod:`ast`, so it runs on the project's
Python 3.11 although ``vietnam-provinces`` 2026.x declares Python >= 3.12.

Exact commands, from the project root (pip must be told the Python version, otherwise on 3.11 it picks
2025.10.1, whose codes differ for 114 wards)::

    pip download --no-deps --only-binary=:all: --python-version 3.12 -d /tmp/vp vietnam-provinces
    python resources/units/build_units.py /tmp/vp/vietnam_provinces-*.whl

The argument may be the wheel itself or a folder it was unpacked into (``python -m zipfile -e WHEEL DIR``).
The script writes ``resources/units/units.csv`` (``--output`` to change) and prints what it read; then
update ``SOURCE.md`` (version, date) and run ``pytest tests/core/test_units.py``.

Which data in the package: its Python lookup table ``vietnam_provinces/_lookup.py`` (``PROVINCE_MAPPING``,
``WARD_MAPPING``), which is what the package's own API serves. The JSON files under
``vietnam_provinces/data/`` are stale in 2026.9.0 (they still name Quảng Ninh, Bắc Ninh and Đồng Nai
"Tỉnh" and spell seven names with a typographic apostrophe); the script compares them and prints every
difference as a warning, so a reviewer sees what changed.

Output: UTF-8 (no BOM), NFC, ``\\n`` line ends, header
``province_code,province_name,ward_code,ward_name,ward_type``; codes zero-padded (2-digit province,
5-digit ward); one row per commune-level unit, sorted by province code then ward code.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "vietnam_provinces"
HEADER = ("province_code", "province_name", "ward_code", "ward_name", "ward_type")
WARD_TYPES = ("phường", "xã", "đặc khu")
PROVINCE_TYPES = ("tỉnh", "thành phố trung ương")
# The name of a unit starts with its type word; a centrally-run city is just "Thành phố".
PROVINCE_PREFIX = {"tỉnh": "Tỉnh ", "thành phố trung ương": "Thành phố "}
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "units.csv"


@dataclass(frozen=True)
class Row:
    """One commune-level unit as written to the CSV."""

    province_code: str
    province_name: str
    ward_code: str
    ward_name: str
    ward_type: str


def _reader(source: Path) -> Callable[[str], str]:
    """A function reading ``vietnam_provinces/<relative path>`` as text from a wheel or an unpacked folder."""
    if source.is_file():
        archive = zipfile.ZipFile(source)

        def read_zip(relative: str) -> str:
            return archive.read(f"{PACKAGE}/{relative}").decode("utf-8")

        return read_zip
    root = source / PACKAGE if (source / PACKAGE).is_dir() else source
    if not (root / "_lookup.py").is_file():
        raise SystemExit(f"{source}: no {PACKAGE}/_lookup.py here (is this vietnam-provinces >= 2026.1?)")

    def read_dir(relative: str) -> str:
        return (root / relative).read_text(encoding="utf-8")

    return read_dir


def _module_string(tree: ast.Module, name: str) -> str | None:
    """The value of a top-level ``name = '...'`` assignment, if any."""
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    return None


def _class_body(tree: ast.Module, name: str) -> list[ast.stmt]:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            return node.body
    raise SystemExit(f"base.py: class {name} not found; the package layout changed, update this script")


def _division_types(base: ast.Module) -> dict[str, str]:
    """``VietNamDivisionType`` member name -> value (``"XA"`` -> ``"xã"``)."""
    members = {}
    for node in _class_body(base, "VietNamDivisionType"):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
        ):
            members[node.targets[0].id] = node.value.value
    return members


def _field_names(base: ast.Module, class_name: str) -> list[str]:
    """The dataclass fields of ``class_name`` in declaration order (its positional arguments)."""
    return [
        node.target.id
        for node in _class_body(base, class_name)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    ]


def _value(node: ast.expr, types: dict[str, str]) -> object:
    """A literal, or an enum member: ``ProvinceCode.P_01`` -> 1, ``VietNamDivisionType.XA`` -> "xã"."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id == "VietNamDivisionType":
            return types[node.attr]
        if node.value.id in ("ProvinceCode", "WardCode"):
            return int(node.attr.split("_", 1)[1])
    raise SystemExit(f"_lookup.py line {node.lineno}: unexpected expression {ast.unparse(node)}")


def _mapping(lookup: ast.Module, name: str, fields: dict[str, list[str]], types: dict[str, str]) -> dict:
    """``{code: {field: value}}`` from a top-level ``NAME = {code: Class(...), ...}`` in ``_lookup.py``."""
    for node in lookup.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id == name and isinstance(node.value, ast.Dict):
            result = {}
            for key, call in zip(node.value.keys, node.value.values, strict=True):
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and not call.keywords):
                    raise SystemExit(f"_lookup.py line {call.lineno}: expected a positional constructor call")
                names = fields[call.func.id]
                args = [_value(arg, types) for arg in call.args]
                result[_value(key, types)] = dict(zip(names, args, strict=True))
            return result
    raise SystemExit(f"_lookup.py: {name} not found; the package layout changed, update this script")


def _type_prefix(unit_type: str) -> str:
    return unit_type[:1].upper() + unit_type[1:] + " "


def read_units(source: Path) -> tuple[list[Row], dict[str, str], list[str]]:
    """Rows, package facts (version, data date) and warnings read from the package at ``source``.

    Warnings include the fixes made on the way (a type word in lower case) and the differences from the
    package's JSON files.
    """
    read = _reader(source)
    init = ast.parse(read("__init__.py"))
    base = ast.parse(read("base.py"))
    lookup = ast.parse(read("_lookup.py"))
    facts = {
        "version": _module_string(init, "__version__") or "?",
        "data_version": _module_string(init, "__data_version__") or "?",
    }
    types = _division_types(base)
    fields = {cls: _field_names(base, cls) for cls in ("Province", "Ward")}
    provinces = _mapping(lookup, "PROVINCE_MAPPING", fields, types)
    wards = _mapping(lookup, "WARD_MAPPING", fields, types)

    problems: list[str] = []
    fixes: list[str] = []
    rows: list[Row] = []
    for code, ward in wards.items():
        name = " ".join(unicodedata.normalize("NFC", ward["name"]).split())
        ward_type = ward["division_type"]
        prefix = _type_prefix(ward_type)
        if name.lower().startswith(prefix.lower()) and not name.startswith(prefix):
            # 2026.9.0 has "xã Bắc Sơn" (06325): the type word is capitalised in every other name.
            fixes.append(f"ward {code:05d}: {name!r} -> {prefix + name[len(prefix) :]!r}")
            name = prefix + name[len(prefix) :]
        province = provinces.get(ward["province_code"])
        if ward["code"] != code or not 0 < code < 100_000:
            problems.append(f"ward {code}: bad code {ward['code']}")
        if ward_type not in WARD_TYPES:
            problems.append(f"ward {code} {name}: unknown type {ward_type!r}")
        elif not name.startswith(prefix):
            problems.append(f"ward {code} {name}: name does not start with its type {ward_type!r}")
        if province is None:
            problems.append(f"ward {code} {name}: unknown province {ward['province_code']}")
            continue
        rows.append(
            Row(
                province_code=f"{province['code']:02d}",
                province_name=unicodedata.normalize("NFC", province["name"]).strip(),
                ward_code=f"{code:05d}",
                ward_name=name,
                ward_type=ward_type,
            )
        )
    for code, province in provinces.items():
        prefix = PROVINCE_PREFIX.get(province["division_type"])
        if province["code"] != code or not 0 < code < 100:
            problems.append(f"province {code}: bad code {province['code']}")
        if prefix is None or not province["name"].startswith(prefix):
            problems.append(f"province {code} {province['name']}: type {province['division_type']!r}")
    empty = set(provinces) - {w["province_code"] for w in wards.values()}
    problems += [f"province {code}: no wards" for code in sorted(empty)]
    if problems:
        raise SystemExit("Inconsistent data, nothing written:\n  " + "\n  ".join(problems))
    rows.sort(key=lambda r: (r.province_code, r.ward_code))
    return rows, facts, fixes + _compare_with_json(read, rows)


def _compare_with_json(read: Callable[[str], str], rows: list[Row]) -> list[str]:
    """Differences between the rows and the package's ``data/nested-divisions.json`` (stale in 2026.9.0)."""
    try:
        nested = json.loads(read("data/nested-divisions.json"))
    except (KeyError, FileNotFoundError):
        return ["data/nested-divisions.json absent: no cross-check"]
    warnings = []
    ours = {r.ward_code: r for r in rows}
    theirs = {f"{w['code']:05d}": (p, w) for p in nested for w in p["wards"]}
    for code in sorted(set(ours) ^ set(theirs)):
        warnings.append(f"ward {code}: only in {'_lookup.py' if code in ours else 'the JSON'}")
    seen_provinces = set()
    for code in sorted(set(ours) & set(theirs)):
        row, (province, ward) = ours[code], theirs[code]
        if f"{province['code']:02d}" != row.province_code:
            warnings.append(f"ward {code}: province {row.province_code}, JSON says {province['code']:02d}")
        elif province["name"] != row.province_name and row.province_code not in seen_provinces:
            seen_provinces.add(row.province_code)
            warnings.append(f"province {row.province_code}: {row.province_name!r}, JSON {province['name']!r}")
        if ward["name"] != row.ward_name or ward["division_type"] != row.ward_type:
            warnings.append(f"ward {code}: {row.ward_name!r} ({row.ward_type}), JSON {ward['name']!r}")
    return warnings


def write_csv(rows: list[Row], output: Path) -> bytes:
    """Write the rows to ``output`` (UTF-8, NFC, ``\\n``); returns the bytes written."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows((r.province_code, r.province_name, r.ward_code, r.ward_name, r.ward_type) for r in rows)
    data = unicodedata.normalize("NFC", buffer.getvalue()).encode("utf-8")
    output.write_bytes(data)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="vietnam-provinces wheel, or its unpacked folder")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"default: {DEFAULT_OUTPUT}")
    args = parser.parse_args(argv)
    rows, facts, warnings = read_units(args.source)
    data = write_csv(rows, args.output)
    provinces = {r.province_code for r in rows}
    by_type: dict[str, int] = {}
    for r in rows:
        by_type[r.ward_type] = by_type.get(r.ward_type, 0) + 1
    print(f"vietnam-provinces {facts['version']} (data retrieved {facts['data_version']})")
    print(f"{len(provinces)} provinces, {len(rows)} wards {by_type}")
    print(f"wrote {args.output} ({len(data):,} bytes)")
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if len(provinces) != 34 or len(rows) != 3321:
        print("note: counts differ from Decision 19/2025/QĐ-TTg (34 / 3,321): check before committing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
