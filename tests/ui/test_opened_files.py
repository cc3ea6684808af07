"""A double-clicked exchange file: ``wardlog FILE.wlx`` (how Windows' file association starts the app)
opens the app, which offers to merge it; with the app already open, the open window gets the file."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.core.exchange_kit import WARDS, export_file, upper_book, ward_book
from tests.ui.boxes import answer_box
from wardlog.cli import _opened_files
from wardlog.ui import app as app_module
from wardlog.ui.main_window import MainWindow
from wardlog.ui.merge_results import MergeResultsDialog


@pytest.mark.parametrize(
    ("argv", "rest", "files"),
    [
        (["C:\\Users\\lan\\Downloads\\phuong.wlx"], [], ["C:\\Users\\lan\\Downloads\\phuong.wlx"]),
        (["--db", "so.wardlog", "a.WLX", "b.wlx"], ["--db", "so.wardlog"], ["a.WLX", "b.wlx"]),
        (["--lang=en", "a.wlx"], ["--lang=en"], ["a.wlx"]),
        (["merge", "a.wlx"], ["merge", "a.wlx"], []),  # the command, not the app
        (["list"], ["list"], []),
        ([], [], []),
        (["notes.txt"], ["notes.txt"], []),  # not an exchange file: argparse says so (exit 2)
    ],
)
def test_exchange_files_instead_of_a_command(argv: list[str], rest: list[str], files: list[str]) -> None:
    assert _opened_files(argv) == (rest, [Path(name) for name in files])


@pytest.mark.parametrize(
    ("argv", "app_with"),
    [
        ([], (None, [])),
        (["--db", "so.wardlog"], (Path("so.wardlog"), [])),
        (["--lang=en", "--db=so.wardlog", "a.wlx"], (Path("so.wardlog"), [Path("a.wlx")])),
        (["--lang", "xx"], "parser"),  # the parser says what is wrong
        (["--version"], "parser"),
        (["list"], "parser"),
    ],
)
def test_the_desktop_start_does_not_build_every_commands_parser(
    argv: list[str], app_with: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``wardlog [--db B] [--lang L] [FILE.wlx …]`` opens the app straight away; anything else is
    the parser's."""
    import wardlog.cli as cli

    calls: list[object] = []

    def parser() -> object:
        calls.append("parser")
        raise SystemExit(2)

    monkeypatch.setattr(cli, "build_parser", parser)
    monkeypatch.setattr(cli, "_run_app", lambda book, files: calls.append((book, list(files))) or 0)
    with contextlib.suppress(SystemExit):
        cli.main(argv)
    assert calls == [app_with]


def _close_results_when_shown(qtbot: QtBot) -> dict[str, bool]:
    seen = {"shown": False}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergeResultsDialog):
            QTimer.singleShot(10, look)
            return
        seen["shown"] = True
        dialog.close()

    QTimer.singleShot(0, look)
    return seen


def _windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


@pytest.fixture
def exchange(tmp_path: Path) -> Path:
    code, name = WARDS[1]
    with ward_book(tmp_path, code, name) as book:
        return export_file(book, tmp_path / "nhan")


@pytest.fixture
def upper(tmp_path: Path) -> Path:
    with upper_book(tmp_path) as book:
        return book.path  # type: ignore[return-value]


def test_starting_with_an_exchange_file_offers_to_merge_it(qtbot: QtBot, upper: Path, exchange: Path) -> None:
    asked = answer_box(qtbot, "Tổng hợp")
    results = _close_results_when_shown(qtbot)
    try:
        assert app_module.run(upper, exec_loop=False, open_files=[exchange]) == 0
        qtbot.waitUntil(lambda: results["shown"], timeout=15000)
        assert exchange.name in asked["text"]
        assert _windows()[0].session.book.activities.count() == 4  # the ward's activities of the period
    finally:
        for window in _windows():
            window.close()  # takes its exit backup first
            window.session.book.close()


def test_declining_merges_nothing_and_other_files_are_named(
    qtbot: QtBot, upper: Path, exchange: Path, tmp_path: Path
) -> None:
    from wardlog.ui.opened_files import offer_merge

    other = tmp_path / "bao-cao.pdf"
    other.write_bytes(b"%PDF-1.4")
    try:
        assert app_module.run(upper, exec_loop=False) == 0
        window = _windows()[0]
        warned = answer_box(qtbot)
        assert offer_merge(window, [other, tmp_path / "khong-co.wlx"]) is False
        assert "bao-cao.pdf" in warned["text"] and "khong-co.wlx" in warned["text"]
        asked = answer_box(qtbot, "Hủy")
        assert offer_merge(window, [exchange]) is False
        assert exchange.name in asked["text"]
        assert window.session.book.activities.count() == 0
    finally:
        for window in _windows():
            window.close()  # takes its exit backup first
            window.session.book.close()
