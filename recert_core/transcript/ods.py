"""OpenDocument spreadsheets (.ods): one pass records where each sheet starts, then a sheet is read
from its own start; repeated rows and columns are bounded."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree
from xml.parsers import expat

from ..problems import sentence
from .table import (
    CHUNK,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_FORMULAS,
    MAX_REPEATED_ROWS,
    MAX_ROWS,
    MAX_SHEETS,
    Row,
    Table,
    TranscriptError,
    _too_big,
)
from .zipped import (
    UNPACK_ERRORS,
    XML_CHUNK,
    _bounded,
    _damage_notes,
    _int,
    _number_text,
    _sheet_too_large,
    _stream,
    _Unreadable,
    _unsafe_xml,
    _Workbook,
)

ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


T, OFF, X = (f"{{{ODS[k]}}}" for k in ("table", "office", "text"))


ODS_CELLS = (T + "table-cell", T + "covered-table-cell")


CONTENT = "content.xml"


def _too_many_repeats() -> _Unreadable:
    return _Unreadable(sentence("reading.unreadable.repeats"), _too_big(sentence("reading.too-big.repeats")))


class _Ods(_Workbook):
    """An .ods: its sheets are the tables of one part, content.xml. A first pass over it (expat, as it
    unpacks) finds where each table starts and checks the bounds, so each sheet is then read from its
    own start: reading one sheet, or all of them, never parses the part more than once a sheet."""

    format = "ods"

    def __init__(self, archive: zipfile.ZipFile, source: object) -> None:
        self.archive, self.source = archive, source
        _bounded(archive, [CONTENT])
        self.sheets, self.preamble = _OdsIndex().read(archive)
        if not self.sheets:
            raise TranscriptError(sentence("reading.refused.no-sheet-ods"))

    def rows(self, where: str, table: Table) -> Iterator[Row]:
        formulas = table.formulas
        line = count = repeated = 0
        beyond: list[int] = []
        with _stream(self.archive, CONTENT) as stream:
            try:
                stream.seek(int(where))
                parser: ElementTree.XMLPullParser = ElementTree.XMLPullParser(events=("start", "end"))
                parser.feed(self.preamble)
                open_elements: list[ElementTree.Element] = []
                while chunk := stream.read(XML_CHUNK):
                    parser.feed(chunk)
                    for event, element in parser.read_events():  # type: ignore[misc]
                        if event == "start":
                            open_elements.append(element)  # type: ignore[arg-type]
                            continue
                        open_elements.pop()
                        if len(open_elements) == 1:  # the end of the table: the rest is other sheets
                            return
                        if element.tag != T + "table-row":  # type: ignore[union-attr]
                            continue
                        times = max(1, _int(element.get(T + "number-rows-repeated"), 1))  # type: ignore[union-attr]
                        cells, found = _ods_cells(element, line + 1, beyond)  # type: ignore[arg-type]
                        open_elements[-1].remove(element)  # type: ignore[arg-type]
                        if not cells and not found and times > 1:  # the empty rest of a sheet, as LibreOffice writes it
                            line += times
                            continue
                        if line + times > MAX_ROWS or repeated + times - 1 > MAX_REPEATED_ROWS:
                            raise _too_many_repeats()
                        repeated += times - 1
                        count += len(cells) * times
                        if count > MAX_CELLS:
                            raise _sheet_too_large()
                        for _ in range(times):
                            line += 1
                            for position, formula in found:
                                if len(formulas) < MAX_FORMULAS:
                                    formulas[(line, position)] = formula
                            yield line, list(cells)
            except ElementTree.ParseError:
                raise _Unreadable(
                    sentence("reading.unreadable.damaged"), TranscriptError(sentence("reading.refused.damaged-sheet"))
                ) from None
            except UNPACK_ERRORS:
                raise _Unreadable(
                    sentence("reading.unreadable.damaged"), TranscriptError(sentence("reading.refused.damaged-part"))
                ) from None
            finally:
                _damage_notes(table, [], [], beyond)


VALUED = {
    "date": OFF + "date-value",
    "float": OFF + "value",
    "percentage": OFF + "value",
    "currency": OFF + "value",
}


def _ods_cells(row: ElementTree.Element, line: int, beyond: list[int]) -> tuple[list[str], list[tuple[int, str]]]:
    """A row's cells, repeated ones written out up to the last column read (an empty repeated cell is
    not written out at all), and the cells with a formula but no value (position, formula)."""
    cells: list[str] = []
    formulas: list[tuple[int, str]] = []
    position = 0
    for cell in row:
        if cell.tag not in ODS_CELLS:
            continue
        times = max(1, _int(cell.get(T + "number-columns-repeated"), 1))
        kind = cell.get(OFF + "value-type", "")
        formula = cell.get(T + "formula")
        if kind == "date":
            value = cell.get(OFF + "date-value", "")[:10]
        elif kind in VALUED:
            value = _number_text(cell.get(OFF + "value", ""))
        else:
            value = "\n".join("".join(p.itertext()) for p in cell.iter(X + "p")) or cell.get(OFF + "string-value", "")
        if formula is not None and not value and (not kind or (kind in VALUED and VALUED[kind] not in cell.attrib)):
            formulas.extend((at, formula) for at in range(position, min(position + times, MAX_COLUMNS)))
        if value:
            if position + times > MAX_COLUMNS:
                beyond.append(line)
            if position < MAX_COLUMNS:
                cells.extend([""] * (position - len(cells)))
                cells.extend([value] * (min(position + times, MAX_COLUMNS) - position))
        position += times
    return cells, formulas


class _OdsIndex:
    """The first pass over an .ods's content.xml (expat, as it unpacks): where each sheet's table starts,
    the namespaces declared above it, and the bounds checked (rows that hold something, with their
    repeats, and their cells), so that a repeated-row bomb is refused before a row is read."""

    TABLE, ROW = f"{ODS['table']} table", f"{ODS['table']} table-row"
    CELLS = (f"{ODS['table']} table-cell", f"{ODS['table']} covered-table-cell")
    PARAGRAPH = f"{ODS['text']} p"
    FORMULA, NAME = f"{ODS['table']} formula", f"{ODS['table']} name"
    VALUES = tuple(f"{ODS['office']} {kind}" for kind in ("value", "date-value", "time-value", "boolean-value"))
    ROWS_REPEATED = f"{ODS['table']} number-rows-repeated"
    COLUMNS_REPEATED = f"{ODS['table']} number-columns-repeated"

    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.sheets: list[tuple[str, str]] = []
        self.namespaces: dict[str, str] = {}
        self.depth = 0  # tables open (a table inside a table is part of its sheet)
        self.repeat = self.content = self.position = 0  # of the row being read
        self.paragraphs = 0  # text paragraphs open in a cell of the sheet
        self.rows = self.repeated = self.cells = 0  # of the sheet being read
        parser = self.parser
        parser.StartNamespaceDeclHandler = self.declare
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        parser.StartDoctypeDeclHandler = self.refuse
        parser.EntityDeclHandler = self.refuse

    def read(self, archive: zipfile.ZipFile) -> tuple[list[tuple[str, str]], bytes]:
        """The sheets (name, where its table starts) and what to give the XML parser before reading from
        there; TranscriptError for a part that is damaged, declares a document type, or holds too much."""
        with _stream(archive, CONTENT) as stream:
            try:
                while chunk := stream.read(CHUNK):
                    self.parser.Parse(chunk, False)
                self.parser.Parse(b"", True)
            except expat.ExpatError:
                raise TranscriptError(sentence("reading.refused.damaged-xml")) from None
            except UNPACK_ERRORS:
                raise TranscriptError(sentence("reading.refused.damaged-part")) from None
        declarations = " ".join(
            f'xmlns{":" + prefix if prefix else ""}="{_attribute(uri)}"' for prefix, uri in self.namespaces.items()
        )
        return self.sheets, f"<recert-sheet {declarations}>".encode()

    def declare(self, prefix: str | None, uri: str) -> None:
        if not self.sheets:
            self.namespaces[prefix or ""] = uri

    def refuse(self, *_: object) -> None:
        raise _unsafe_xml()

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == self.TABLE:
            self.depth += 1
            if self.depth == 1:
                self.sheets.append((attributes.get(self.NAME, ""), str(self.parser.CurrentByteIndex)))
                if len(self.sheets) > MAX_SHEETS:
                    raise _too_big(sentence("reading.too-big.sheets", count=MAX_SHEETS))
                self.rows = self.repeated = self.cells = 0
        elif self.depth != 1:
            return
        elif name == self.ROW:
            self.repeat = max(1, _int(attributes.get(self.ROWS_REPEATED), 1))
            self.content = self.position = 0
        elif name in self.CELLS:
            self.position += max(1, _int(attributes.get(self.COLUMNS_REPEATED), 1))
            if self.FORMULA in attributes or any(attributes.get(v, "").strip() for v in self.VALUES):
                self.content = min(self.position, MAX_COLUMNS)
        elif name == self.PARAGRAPH:
            self.paragraphs += 1

    def text(self, data: str) -> None:
        if self.paragraphs and not data.isspace():
            self.content = max(self.content, min(self.position, MAX_COLUMNS))

    def end(self, name: str) -> None:
        if name == self.TABLE:
            self.depth -= 1
        elif name == self.PARAGRAPH and self.paragraphs:
            self.paragraphs -= 1
        elif name == self.ROW and self.depth == 1 and self.content:
            self.rows += self.repeat
            self.repeated += self.repeat - 1
            self.cells += self.content * self.repeat
            if self.rows > MAX_ROWS or self.repeated > MAX_REPEATED_ROWS:
                raise _too_big(sentence("reading.too-big.repeats"))
            if self.cells > MAX_CELLS:
                raise _too_big(sentence("reading.too-big.sheet"))


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
