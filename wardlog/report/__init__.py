"""Documents built from a period's figures: charts now, the PDF report later (reportlab, no Qt).

Importing this package is cheap; reportlab loads only when a module that draws is imported
(e.g. :mod:`wardlog.report.charts`), so the app's start-up does not pay for it.
"""
