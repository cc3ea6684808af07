"""Where the files shipped with WardLog (fonts, catalogs, units data) are found.

The top-level ``resources/`` folder is installed as the package ``wardlog.resources``; in a source
tree that was never installed it is found beside the package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    """The folder that holds ``fonts/``, ``locale/``, ``units/`` …"""
    try:
        import wardlog.resources as package  # mapped from resources/ by pyproject.toml

        paths = list(getattr(package, "__path__", []))
        if paths:
            return Path(paths[0])
    except ImportError:
        pass
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """A path inside the resources folder (it may not exist)."""
    return resources_dir().joinpath(*parts)
