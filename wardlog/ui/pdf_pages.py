"""The pages of a PDF as images, drawn by PDFium (pypdfium2), for the preview and for printing.

Qt's own PDF module is not available to WardLog (see pyproject.toml), so the report's PDF is
rasterised here. PDFium is not thread-safe, not even across documents: every call into it holds
the process's PDFium lock (wardlog.report.pdfium.LOCK), which the Word export's chart drawing in
a worker also holds. The slow part of a report (building and writing it) runs in a worker; drawing
one screen page takes about 10 ms.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage

from wardlog.report.pdfium import LOCK

POINTS_PER_INCH = 72.0
BAND_BYTES = 32 * 1024 * 1024  # a print page is drawn in horizontal bands of at most this many bytes


class PdfPages:
    """A PDF held in memory, page by page. ``close()`` it when done (or use ``with``)."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2 as pdfium

        self._data = data  # PDFium reads from this buffer for as long as the document is open
        with LOCK:
            self._document = pdfium.PdfDocument(data)
            self._sizes = [QSizeF(*self._document.get_page_size(i)) for i in range(len(self._document))]

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        with LOCK:
            self._document.close()

    @property
    def data(self) -> bytes:
        return self._data

    @property
    def count(self) -> int:
        return len(self._sizes)

    def size(self, index: int) -> QSizeF:
        """The size of page ``index`` in points (1/72 inch)."""
        return self._sizes[index]

    def image(self, index: int, scale: float) -> QImage:
        """Page ``index`` drawn at ``scale`` pixels per point, on white."""
        return self._render(index, scale, (0, 0, 0, 0))

    def bands(self, index: int, scale: float) -> Iterator[tuple[int, QImage]]:
        """Page ``index`` at ``scale`` as horizontal bands, top first: (top pixel row, image).

        A page for a 600 dpi printer is 4961×7016 pixels (139 MB in one piece); in bands the memory
        stays small whatever the printer's resolution.
        """
        size = self._sizes[index]
        width = round(size.width() * scale)
        height = round(size.height() * scale)
        rows = max(1, BAND_BYTES // max(1, width * 4))
        top = 0
        while top < height:
            bottom = min(height, top + rows)
            # crop: points cut off at the left, bottom, right and top of the page
            crop = (0.0, (height - bottom) / scale, 0.0, top / scale)
            yield top, self._render(index, scale, crop)
            top = bottom

    def _render(self, index: int, scale: float, crop: tuple[float, float, float, float]) -> QImage:
        import pypdfium2.raw as pdfium_c

        with LOCK:
            page = self._document[index]
            try:
                bitmap = page.render(
                    scale=scale,
                    crop=crop,
                    force_bitmap_format=pdfium_c.FPDFBitmap_BGRx,
                    fill_color=(255, 255, 255, 255),
                    optimize_mode="print" if scale > 4 else None,
                )
            finally:
                page.close()
            try:
                # BGRx in memory is Qt's 0xffRRGGBB on little-endian machines (every desktop WardLog runs on)
                pixels = bytes(bitmap.buffer)
                image = QImage(pixels, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB32)
                return image.copy()  # detach from the Python bytes
            finally:
                bitmap.close()
