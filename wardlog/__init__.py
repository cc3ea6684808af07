"""WardLog — Sổ tuyên truyền CCHC: a ward's log of communication on administrative reform."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("wardlog")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
