"""A second start on the same book brings the first window forward instead of opening it twice."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from wardlog.ui.single_instance import SingleInstance, server_name


def test_second_start_hands_over_to_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    book = tmp_path / "so.wardlog"
    first = SingleInstance(book)
    assert first.claim()
    try:
        second = SingleInstance(tmp_path / "." / "so.wardlog")  # the same book, written differently
        with qtbot.waitSignal(first.raise_requested, timeout=3000):
            assert not second.claim()
    finally:
        first.release()


def test_other_books_and_released_claims_are_free(tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "a.wardlog")
    assert first.claim()
    other = SingleInstance(tmp_path / "b.wardlog")
    assert other.claim()
    assert server_name(tmp_path / "a.wardlog") != server_name(tmp_path / "b.wardlog")
    first.release()
    again = SingleInstance(tmp_path / "a.wardlog")
    assert again.claim()
    again.release()
    other.release()


def test_files_given_to_a_second_start_go_to_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    """A double-clicked exchange file while the app is open reaches the open window."""
    book = tmp_path / "so.wardlog"
    first = SingleInstance(book)
    assert first.claim()
    try:
        opened = [tmp_path / "Phường Hà Đông 2026.wlx", tmp_path / "b.wlx"]
        with qtbot.waitSignal(first.files_opened, timeout=3000) as signal:
            assert not SingleInstance(book).claim(opened)
        assert signal.args == [opened]
    finally:
        first.release()
