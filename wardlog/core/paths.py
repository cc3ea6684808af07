"""The user's folders: where the book, backups and logs live. The one place tests redirect.

``WARDLOG_HOME`` moves everything (tests, portable installs); otherwise the platform's user data
folder is used (``%LOCALAPPDATA%\\WardLog`` on Windows, ``~/.local/share/WardLog`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "WardLog"
BOOK_FILE = "so-tuyen-truyen.wardlog"


def data_dir() -> Path:
    home = os.environ.get("WARDLOG_HOME")
    if home:
        return Path(home)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, roaming=False)


def default_book_path() -> Path:
    """The book used when neither ``--db`` nor ``WARDLOG_DB`` names one."""
    env = os.environ.get("WARDLOG_DB")
    if env:
        return Path(env)
    return data_dir() / BOOK_FILE


def backups_dir() -> Path:
    return data_dir() / "backups"


def logs_dir() -> Path:
    return data_dir() / "logs"
