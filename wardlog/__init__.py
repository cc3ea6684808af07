"""WardLog — Sổ tuyên truyền CCHC: a ward's log of communication on administrative reform."""


def _installed_version() -> str:
    """The Version of this installation's package metadata.

    Found as :mod:`importlib.metadata` finds it (the first folder of ``sys.path`` with a
    ``wardlog-….dist-info`` or ``wardlog.egg-info``), without importing it: that import (email, csv,
    zipfile…) costs the app's start 0.04 s. Anything unusual is left to importlib.metadata.
    """
    import os
    import sys

    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            low = name.lower()
            if (
                not low.endswith((".dist-info", ".egg-info"))
                or low.rpartition(".")[0].partition("-")[0] != "wardlog"
            ):
                continue
            for file_name in ("METADATA", "PKG-INFO"):
                try:
                    with open(os.path.join(folder, name, file_name), encoding="utf-8") as file:
                        for line in file:
                            if line.startswith("Version:"):
                                return line.partition(":")[2].strip()
                            if not line.strip():  # the end of the headers
                                break
                except OSError:
                    continue
            return _from_importlib()
    return _from_importlib()


def _from_importlib() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wardlog")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


__version__ = _installed_version()
