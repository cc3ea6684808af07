"""The desktop app (PySide6): a thin face over :mod:`wardlog.core`. Widgets never write SQL."""
