"""One lock for every use of PDFium (pypdfium2) in the process.

PDFium is not thread-safe: the Word export rasterises charts with it in a worker thread while the
app's preview and printing draw report pages with it, so every call into it holds :data:`LOCK`.
"""

from __future__ import annotations

import threading

LOCK = threading.RLock()
