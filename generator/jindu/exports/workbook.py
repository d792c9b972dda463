"""Workbook: the 台账 as an XLSX file (XlsxWriter), readable in Excel and WPS.

A 台账 sheet with a frozen, filtered header row and set column widths, and a 汇总 sheet of
milestones by state. Every cell is written as a string or a number, never through XlsxWriter's
guessing `write()`: a plan title starting with `=` stays text, never a formula or a link. The
document properties carry the as-of date, and XlsxWriter dates the zip entries 1980-01-01, so
the same rows give the same bytes.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, datetime, time

import xlsxwriter

from jindu.exports.rows import COLUMNS, LedgerRow
from jindu.status.verdicts import State
from jindu.words.locale import Words

# Column widths in characters (a CJK character counts about two).
WIDTHS = (24, 20, 8, 36, 16, 20, 14, 12, 11, 48, 30, 10, 40, 11, 30, 10, 30)
FONT = "宋体"  # present in Excel and WPS on Chinese Windows; others substitute their CJK font


def ledger_workbook(title: str, rows: list[LedgerRow], words: Words, as_of: date) -> bytes:
    """The XLSX bytes of one ledger (a plan's or a department's)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    stamp = datetime.combine(as_of, time(0, 0))
    book.set_properties(
        {"title": title, "author": "jindu", "created": stamp, "comments": words("as_of") + " " + as_of.isoformat()}
    )
    book.formats[0].set_font_name(FONT)
    head = book.add_format(
        {"bold": True, "bg_color": "#E7ECF3", "border": 1, "text_wrap": True, "valign": "top", "font_name": FONT}
    )
    cell = book.add_format({"text_wrap": True, "valign": "top", "font_name": FONT})
    sheet = book.add_worksheet(words("ledger_sheet"))
    for col, (key, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True)):
        sheet.write_string(0, col, words(key), head)
        sheet.set_column(col, col, width, cell)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row.cells):
            sheet.write_string(r, col, value, cell)
    sheet.freeze_panes(1, 4)
    sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
    _summary(book, title, rows, words, as_of, head, cell)
    book.close()
    return buffer.getvalue()


def _summary(book, title: str, rows: list[LedgerRow], words: Words, as_of: date, head, cell) -> None:
    sheet = book.add_worksheet(words("ledger_summary"))
    sheet.set_column(0, 0, 20, cell)
    sheet.set_column(1, 1, 12, cell)
    sheet.write_string(0, 0, title, head)
    sheet.write_string(1, 0, words("as_of"), cell)
    sheet.write_string(1, 1, as_of.isoformat(), cell)
    sheet.write_string(3, 0, words("status"), head)
    sheet.write_string(3, 1, words("milestone_count"), head)
    counts = Counter(row.state for row in rows)
    line = 4
    for state in State:
        if counts.get(state.value):
            sheet.write_string(line, 0, words.state(state), cell)
            sheet.write_number(line, 1, counts[state.value], cell)
            line += 1
    sheet.write_string(line, 0, words("count_total"), head)
    sheet.write_number(line, 1, len(rows), head)
