"""Tables written as markup rather than as a spreadsheet: what many course vendors' "Excel" exports are
(a web page's table saved as .xls), Excel 2003's XML spreadsheet (SpreadsheetML, also saved as .xls),
and a learning system's JSON export (a list of records). Each gives rows of cells, one table per web
page table, worksheet or list of records, read from then on as a sheet of a workbook is. Markup that
holds none of these is refused, as a web page or XML file always was.

Parsing stays within the standard library: `html.parser` for web pages, `xml.etree` (expat, which
fetches nothing and refuses runaway entity expansion) for SpreadsheetML, `json` for records.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from ..problems import sentence
from .table import MAX_COLUMNS, MAX_ROWS, TranscriptError

SPREADSHEET_ML = "urn:schemas-microsoft-com:office:spreadsheet"
MAX_SPAN = 64  # a cell's colspan beyond this is a page's layout, not a table's columns


def markup_tables(text: str) -> list[tuple[str, str, list[list[str]]]]:
    """(format, name, rows) for each table the text holds: "html", "spreadsheetml" or "json"; [] when
    it holds none (a web page without a table, an XML file of another kind, JSON without records)."""
    start = text.lstrip()[:2000].lower()
    if start.startswith(("{", "[")):
        return _json_tables(text)
    if "urn:schemas-microsoft-com:office:spreadsheet" in text[:20000] and "<html" not in start:
        return _spreadsheet_ml(text)
    if "<table" in text.lower():
        return _html_tables(text)
    return []


class _Tables(HTMLParser):
    """The tables of a web page: each a list of rows of cell texts (a line break in a cell is a space)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.open: list[list[list[str]]] = []  # tables being read (a table inside a cell nests)
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._end_cell()
            self.open.append([])
        elif tag == "tr" and self.open:
            self._end_row()
            self.row = []
        elif tag in ("td", "th") and self.open:
            self._end_cell()
            if self.row is None:
                self.row = []
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.span = min(int(span), MAX_SPAN) if span.isdigit() and int(span) > 0 else 1
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table" and self.open:
            self._end_row()
            rows = self.open.pop()
            if rows:
                self.tables.append(rows)

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def _end_cell(self) -> None:
        if self.cell is not None and self.row is not None and len(self.row) < MAX_COLUMNS:
            self.row.append(" ".join("".join(self.cell).split()))
            self.row += [""] * (self.span - 1)
        self.cell, self.span = None, 1

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None and self.open and len(self.open[-1]) < MAX_ROWS:
            self.open[-1].append(self.row[:MAX_COLUMNS])
        self.row = None


def _html_tables(text: str) -> list[tuple[str, str, list[list[str]]]]:
    parser = _Tables()
    parser.feed(text)
    parser.close()
    return [("html", "", rows) for rows in parser.tables if len(rows) >= 2]


def _spreadsheet_ml(text: str) -> list[tuple[str, str, list[list[str]]]]:
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return []
    ns = f"{{{SPREADSHEET_ML}}}"
    tables = []
    for sheet in root.iter(f"{ns}Worksheet"):
        rows: list[list[str]] = []
        for row in sheet.iter(f"{ns}Row"):
            at = row.get(f"{ns}Index")
            while at and at.isdigit() and len(rows) < min(int(at) - 1, MAX_ROWS):
                rows.append([])  # rows left out are empty rows
            cells: list[str] = []
            for cell in row.findall(f"{ns}Cell"):
                index = cell.get(f"{ns}Index")
                if index and index.isdigit():
                    cells += [""] * max(0, min(int(index), MAX_COLUMNS) - 1 - len(cells))
                data = cell.find(f"{ns}Data")
                cells.append(" ".join("".join(data.itertext()).split()) if data is not None else "")
            if len(rows) < MAX_ROWS:
                rows.append(cells[:MAX_COLUMNS])
        if len(rows) >= 2:
            tables.append(("spreadsheetml", sheet.get(f"{ns}Name", ""), rows))
    return tables


def _json_tables(text: str) -> list[tuple[str, str, list[list[str]]]]:
    """A JSON export's records as a table; [] for text that is not JSON (read as a CSV then), and
    TranscriptError for JSON that holds no list of records or nests deeper than Python reads."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise TranscriptError(sentence("reading.refused.json-nested")) from None
    except ValueError:
        return []
    records = _records(data)
    if not records:
        raise TranscriptError(sentence("reading.refused.json-no-records"))
    header: list[str] = []
    for record in records[:MAX_ROWS]:
        header += [key for key in record if key not in header][: MAX_COLUMNS - len(header)]
    try:  # a value nested as deep as Python reads is written out again to be shown: as deep
        rows = [header] + [[_value(record.get(key)) for key in header] for record in records[:MAX_ROWS]]
    except RecursionError:
        raise TranscriptError(sentence("reading.refused.json-nested")) from None
    return [("json", "", rows)]


def _records(data: Any) -> list[dict[str, Any]]:
    """The list of records a JSON export holds: itself, or the first list of objects in its top object
    ({"data": [...]}, {"completions": [...]})."""
    if isinstance(data, list):
        return [item for item in data if isinstance(item, dict)] if any(isinstance(i, dict) for i in data) else []
    if isinstance(data, dict):
        for value in data.values():
            found = _records(value) if isinstance(value, list) else []
            if found:
                return found
    return []


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (dict, list)):
        return re.sub(r"\s+", " ", json.dumps(value, ensure_ascii=False))[:1000]
    return " ".join(str(value).split())
