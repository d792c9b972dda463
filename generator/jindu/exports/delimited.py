"""Delimited: the 台账 as CSV, UTF-8 with a byte-order mark (so Excel opens the Chinese text
correctly) and CRLF line ends. A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
return gets a leading `'`: a spreadsheet opening the file shows it as text and never runs it
as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io

from jindu.exports.rows import COLUMNS, LedgerRow
from jindu.words.locale import Words

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(value: str) -> str:
    """A cell value a spreadsheet will not evaluate."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def ledger_csv(rows: list[LedgerRow], words: Words) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([words(key) for key in COLUMNS])
    for row in rows:
        writer.writerow([defused(value) for value in row.cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
