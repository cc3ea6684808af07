"""The completeness table on paper: which wards delivered which periods, who is late, who is missing.

One A4 landscape document (portrait when a single period fits), in the report's font (Liberation
Serif, which has every Vietnamese letter), repeating its header row on every page, with the totals
per period at the end and each page numbered.
"""

from __future__ import annotations

import os
import unicodedata
from io import BytesIO
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from wardlog.core.completeness import Completeness, Status, cell_text, due_date
from wardlog.core.errors import WardLogError
from wardlog.core.i18n import _, format_date, format_number
from wardlog.report.charts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts

MARGIN = 15 * mm
SIZE = 10
_FILLS = {
    Status.LATE: colors.Color(1.0, 0.93, 0.75),
    Status.MISSING: colors.Color(1.0, 0.85, 0.85),
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _style(name: str, *, font: str = FONT, size: float = SIZE, align: int = 0) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.25, alignment=align)


def _escape(text: str) -> str:
    return _nfc(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(table: Completeness, *, unit_name: str = "") -> bytes:
    """The PDF of ``table``."""
    register_fonts()
    wide = len(table.periods) > 1
    page = landscape(A4) if wide else A4
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=_nfc(_("Completeness of the wards' data")),
        author="WardLog",
    )
    title = _style("title", font=FONT_BOLD, size=14, align=1)
    note = _style("note", font=FONT_ITALIC, size=SIZE, align=1)
    story = []
    if unit_name:
        story.append(Paragraph(_escape(unit_name.upper()), _style("unit", font=FONT_BOLD, align=1)))
    story.append(Paragraph(_escape(_("COMPLETENESS OF THE WARDS' DATA")), title))
    story.append(
        Paragraph(
            _escape(
                _(
                    "As of {day}. A file is late when it was made more than {n} days after the end of "
                    "its period."
                ).format(day=format_date(table.today), n=table.late_after_days)
            ),
            note,
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(_table(table, page[0] - 2 * MARGIN))
    document.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def write(table: Completeness, path: Path, *, unit_name: str = "") -> Path:
    """Write the PDF at ``path``, replacing it only once it is complete."""
    path = Path(path)
    data = render(table, unit_name=unit_name)
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise WardLogError(
            _("Cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from error
    return path


def _table(table: Completeness, width: float) -> Table:
    head = _style("head", font=FONT_BOLD, align=1)
    body = _style("body")
    centre = _style("centre", align=1)
    bold_centre = _style("bold", font=FONT_BOLD, align=1)
    header = [
        Paragraph(_escape(_("No.")), head),
        Paragraph(_escape(_("Code")), head),
        Paragraph(_escape(_("Ward")), head),
    ]
    for period in table.periods:
        due = _("due {day}").format(day=format_date(due_date(period, table.late_after_days)))
        header.append(Paragraph(f"{_escape(period.label)}<br/>{_escape(due)}", head))
    rows = [header]
    fills = []
    for number, ward in enumerate(table.rows, 1):
        row = [
            Paragraph(str(number), centre),
            Paragraph(ward.code, centre),
            Paragraph(_escape(ward.name), body),
        ]
        for column, cell in enumerate(ward.cells, 3):
            row.append(Paragraph(_escape(cell_text(cell)).replace("\n", "<br/>"), centre))
            if cell.status in _FILLS:
                fills.append(("BACKGROUND", (column, number), (column, number), _FILLS[cell.status]))
        rows.append(row)
    for label, statuses in (
        (_("Delivered"), (Status.ON_TIME, Status.LATE)),
        (_("of which late"), (Status.LATE,)),
        (_("Missing"), (Status.MISSING,)),
    ):
        row = [Paragraph("", body), Paragraph("", body), Paragraph(_escape(label), head)]
        for index in range(len(table.periods)):
            row.append(
                Paragraph(
                    f"{format_number(table.count(index, *statuses))}/{format_number(len(table.rows))}",
                    bold_centre,
                )
            )
        rows.append(row)
    fixed = 12 * mm + 16 * mm
    name_width = max(50 * mm, min(80 * mm, width - fixed - 30 * mm * len(table.periods)))
    period_width = (width - fixed - name_width) / max(1, len(table.periods))
    widths = [12 * mm, 16 * mm, name_width] + [period_width] * len(table.periods)
    result = Table(rows, colWidths=widths, repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                *fills,
            ]
        )
    )
    return result


def _page_number(canvas: object, document: object) -> None:
    canvas.saveState()  # type: ignore[attr-defined]
    canvas.setFont(FONT, 9)  # type: ignore[attr-defined]
    width = document.pagesize[0]  # type: ignore[attr-defined]
    canvas.drawCentredString(width / 2, 8 * mm, str(canvas.getPageNumber()))  # type: ignore[attr-defined]
    canvas.restoreState()  # type: ignore[attr-defined]
