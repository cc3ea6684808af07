"""Printing a PDF's pages on a printer (or into a PDF file through Qt's printer), page by page.

Each page is drawn by PDFium at the printer's own resolution (up to :data:`MAX_DPI`) and placed at
its true size from the paper's corner: an A4 report on A4 paper comes out exactly as the PDF, with
the margins of Decree 30, no "fit to page" shrinking. A landscape page (the appendix's wide table)
is printed on a sheet turned to landscape. Only a page larger than the paper (A4 on Letter) is
shrunk to fit, and centred.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from wardlog.core.i18n import _
from wardlog.ui.pdf_pages import POINTS_PER_INCH, PdfPages

MAX_DPI = 600  # finer than this shows nothing more of 13-point text, and costs memory and time


class PrintingFailed(Exception):
    """The printer could not be started (no printer, a file that cannot be written)."""


def prepare(printer: QPrinter) -> None:
    """A4 portrait, the whole sheet addressable: the PDF's own margins are the only margins."""
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    printer.setFullPage(True)


def _turn(printer: QPrinter, pages: PdfPages, index: int) -> None:
    """The sheet for page ``index`` turned as the page is: portrait, or landscape for a wide page."""
    size = pages.size(index)
    wide = size.width() > size.height()
    orientation = QPageLayout.Orientation.Landscape if wide else QPageLayout.Orientation.Portrait
    if printer.pageLayout().orientation() != orientation:
        printer.setPageOrientation(orientation)


def chosen_pages(printer: QPrinter, count: int, current: int) -> list[int]:
    """The pages (from 0) that the print dialog's range asks for, in order."""
    match printer.printRange():
        case QPrinter.PrintRange.PageRange:
            first, last = max(1, printer.fromPage()), min(count, printer.toPage() or count)
            return list(range(first - 1, last))
        case QPrinter.PrintRange.CurrentPage:
            return [current]
    return list(range(count))


def print_pages(
    printer: QPrinter,
    pages: PdfPages,
    indexes: list[int],
    progress: Callable[[int, int], bool] | None = None,
) -> bool:
    """Print ``indexes`` of ``pages``; ``progress(done, total)`` returning False cancels.

    Returns False when cancelled (the printer's job is aborted); raises PrintingFailed when the
    printer cannot start.
    """
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    sequence = [index for _copy in range(copies) for index in indexes]
    if not sequence:
        return True
    _turn(printer, pages, sequence[0])
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintingFailed(_("The printer could not be started."))
    try:
        device_per_point = printer.resolution() / POINTS_PER_INCH
        render_per_point = min(printer.resolution(), MAX_DPI) / POINTS_PER_INCH
        for done, index in enumerate(sequence):
            if progress is not None and not progress(done, len(sequence)):
                printer.abort()
                return False
            if done:
                _turn(printer, pages, index)
                printer.newPage()
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            size = pages.size(index)
            width, height = size.width() * device_per_point, size.height() * device_per_point
            fit = min(1.0, paper.width() / width, paper.height() / height)
            left = (paper.width() - width * fit) / 2 if fit < 1.0 else 0.0
            top = (paper.height() - height * fit) / 2 if fit < 1.0 else 0.0
            ratio = device_per_point * fit / render_per_point  # device pixels per rendered pixel
            for band_top, image in pages.bands(index, render_per_point):
                target = QRectF(left, top + band_top * ratio, image.width() * ratio, image.height() * ratio)
                painter.drawImage(target, image)
        if progress is not None:
            progress(len(sequence), len(sequence))
        return True
    finally:
        painter.end()
