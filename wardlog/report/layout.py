"""The Decree 30/2020 page (Appendix I): A4 geometry, fonts and sizes, shared by the PDF and Word outputs.

Margins sit inside the decree's ranges (top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm).
Sizes are in points; the body is 14 pt, within the decree's 13–14. The font is Liberation Serif,
metric-compatible with the Times New Roman the decree names and shipped with the program, so a PDF
looks the same on every machine; the Word copy names Times New Roman, which every office PC has.
"""

from __future__ import annotations

MM = 72 / 25.4  # points per millimetre

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
TOP_MM = 20.0
BOTTOM_MM = 20.0
LEFT_MM = 30.0
RIGHT_MM = 15.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - LEFT_MM - RIGHT_MM  # 165 mm
LANDSCAPE_TEXT_WIDTH_MM = PAGE_HEIGHT_MM - LEFT_MM - RIGHT_MM  # 252 mm: the appendix's list of activities

WORD_FONT = "Times New Roman"

AGENCY_SIZE = 13.0  # “ỦY BAN NHÂN DÂN / PHƯỜNG …”, upper case, bold
NUMBER_SIZE = 13.0  # “Số: 05/BC-UBND”
NATION_SIZE = 12.5  # “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”, upper case, bold (12–13; 12.5 fits the column)
MOTTO_SIZE = 13.0  # “Độc lập - Tự do - Hạnh phúc”, bold
DATE_SIZE = 14.0  # the place and date, italic
TITLE_SIZE = 14.0  # “BÁO CÁO”, bold
SUMMARY_SIZE = 14.0  # the summary line, bold
BODY_SIZE = 14.0
HEADING_SIZE = 14.0
PAGE_NUMBER_SIZE = 13.0
SIGNATURE_SIZE = 14.0  # the authority lines, bold upper case, and the signer's name
COPIES_LABEL_SIZE = 12.0  # “Nơi nhận:”, bold italic
COPIES_SIZE = 11.0  # its list
CAPTION_SIZE = 13.0  # “Bảng 1. …”, bold, centred
NOTE_SIZE = 12.0  # the italic note under a table

LINE_SPACING = 1.2  # single to 1.5
PARAGRAPH_SPACE = 6.0  # at least 6 pt between paragraphs
FIRST_LINE_INDENT_MM = 12.7  # 1–1.27 cm
HEADER_LEFT_SHARE = 0.42  # the agency column; the national title takes the rest
AGENCY_RULE_SHARE = 0.4  # the rule under the agency: a third to a half of the name's line
SIGNATURE_ROOM_MM = 25.0  # room to sign (and stamp) above the name
