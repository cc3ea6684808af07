"""Benchmark: build the six-month report of a ward with about 2,000 activities in the period.

    .venv/bin/python tests/benchmarks/bench_report.py [--activities 5900] [--repeat 3]

Prints the time to compute the figures and build the document, to render the PDF (and the Word
copy when it is available), the page count and the peak memory. Issue #4's target: about a second.
Not a test: timings belong here, printed, not asserted.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from wardlog.core import demo, i18n
from wardlog.core.book import Book
from wardlog.core.periods import parse
from wardlog.core.reports import ReportDetails
from wardlog.report import document, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=5900, help="activities over the demo's 17.5 months")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    i18n.set_language("vi")
    book = Book.in_memory()
    demo.generate(book, args.activities, until=date(2026, 6, 14))
    period = parse("2026-H1")
    details = ReportDetails(number="5", issued_on=date(2026, 6, 16))
    suffixes = [".pdf"]
    try:
        import wardlog.report.word  # noqa: F401

        suffixes.append(".docx")
    except ImportError:
        pass
    output.render(document.build(book, period, details), ".pdf")  # warm-up: fonts, imports
    builds, renders = [], {suffix: [] for suffix in suffixes}
    for _ in range(args.repeat):
        began = time.perf_counter()
        doc = document.build(book, period, details)
        builds.append(time.perf_counter() - began)
        for suffix in suffixes:
            began = time.perf_counter()
            data = output.render(doc, suffix)
            renders[suffix].append(time.perf_counter() - began)
            if suffix == ".pdf":
                pdf_bytes = data
    from io import BytesIO

    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(pdf_bytes)).pages)
    print(f"activities in {period.code}: {doc.activity_count} (book: {args.activities})")
    print(f"figures + document: {statistics.median(builds):.3f} s (median of {args.repeat})")
    for suffix, times in renders.items():
        print(f"render {suffix}: {statistics.median(times):.3f} s")
    total = statistics.median(builds) + statistics.median(renders[".pdf"])
    print(f"PDF report end to end: {total:.3f} s, {pages} pages, {len(pdf_bytes) // 1024} KB")
    print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
