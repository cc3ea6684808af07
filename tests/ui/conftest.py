"""Fixtures for tests that drive the real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from wardlog.core.book import Book
from wardlog.ui.fonts import install_fonts
from wardlog.ui.session import Session


@pytest.fixture(scope="session")
def qapp_cls() -> type[QApplication]:
    return QApplication


@pytest.fixture(autouse=True)
def _fonts(qapp: QApplication) -> None:
    install_fonts(qapp)


@pytest.fixture
def session(book: Book) -> Iterator[Session]:
    yield Session(book)
