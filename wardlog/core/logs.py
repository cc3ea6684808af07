"""A rotating log file for diagnosis: what WardLog did and every unexpected error, with its traceback.

Users never see a traceback; they see a sentence and where this file is.
"""

from __future__ import annotations

import logging
from pathlib import Path

from wardlog.core.paths import logs_dir

LOG_FILE = "wardlog.log"
MAX_BYTES = 1024 * 1024
KEPT_FILES = 5

log = logging.getLogger("wardlog")


def log_path() -> Path:
    return logs_dir() / LOG_FILE


def start_logging() -> Path | None:
    """Send WardLog's log to the rotating file (once); returns its path, or None if it cannot be written."""
    import logging.handlers  # with socket and pickle: not on the way to the window

    path = log_path()
    if any(getattr(h, "baseFilename", None) == str(path) for h in log.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=KEPT_FILES, encoding="utf-8", delay=True
        )
    except OSError:
        return None  # a read-only profile must not stop the program
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for old in [h for h in log.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        log.removeHandler(old)
        old.close()
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return path
