"""Fixtures shared by every test: a private data folder, a fresh book, Vietnamese messages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from wardlog.core import i18n
from wardlog.core.book import Book

# pytest-qt's application is made once per session, before any function fixture runs, so the
# platform must be chosen here: a bare `pytest` on a machine without a display would abort.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own WardLog data folder; no test touches the user's real books."""
    home = tmp_path_factory.mktemp("wardlog-home")
    monkeypatch.setenv("WARDLOG_HOME", str(home))
    monkeypatch.delenv("WARDLOG_DB", raising=False)
    monkeypatch.delenv("WARDLOG_LANG", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))  # QSettings of the app
    return home


@pytest.fixture(autouse=True)
def vietnamese() -> Iterator[None]:
    """Messages in Vietnamese (the default) unless a test switches; restored afterwards."""
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return tmp_path / "so.wardlog"


@pytest.fixture
def book(book_path: Path) -> Iterator[Book]:
    """A fresh book in a file (WAL, like the real thing)."""
    with Book.open(book_path) as opened:
        yield opened
