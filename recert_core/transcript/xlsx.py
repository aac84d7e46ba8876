"""Excel workbooks (.xlsx), read with zipfile and xml.etree alone, so the browser reads them too: shared
strings, styles that mark dates and durations, the 1900 and 1904 date systems, formulas without a value."""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from xml.etree import ElementTree

from ..patterns import regex
from ..problems import sentence
from .table import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_FORMULAS,
    MAX_ROWS,
    MAX_SHEETS,
    MAX_STRINGS,
    Row,
    Table,
    TranscriptError,
    _cut,
    _too_big,
)
from .zipped import (
    UNPACK_ERRORS,
    _bounded,
    _damage_notes,
    _info,
    _int,
    _number_text,
    _parse,
    _scan,
    _sheet_too_large,
    _stream,
    _Unreadable,
    _Workbook,
)

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}


M = f"{{{NS['m']}}}"


ROW, CELL, VALUE, FORMULA, INLINE = (M + tag for tag in ("row", "c", "v", "f", "is"))


# Built-in number formats that are dates (ECMA-376 18.8.30).
DATE_FORMAT_IDS = {*range(14, 18), 22, *range(27, 37), *range(50, 59)}


TIME_FORMAT_IDS = {*range(18, 22), *range(45, 48)}  # a time of day or a duration ([h]:mm:ss)


DATE_CODE = regex(r"[dmy]")


CELL_REF = regex(r"([A-Z]+)(\d*)")


class _Xlsx(_Workbook):
    format = "xlsx"

    def __init__(self, archive: zipfile.ZipFile, source: object) -> None:
        self.archive, self.source = archive, source
        workbook = _parse(archive, "xl/workbook.xml")
        if workbook is None:
            raise TranscriptError(sentence("reading.refused.damaged"))
        pr = workbook.find("m:workbookPr", NS)
        date1904 = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
        self.epoch = date(1904, 1, 1) if date1904 else date(1899, 12, 30)
        rels = {}
        rels_xml = _parse(archive, "xl/_rels/workbook.xml.rels")
        for rel in [] if rels_xml is None else rels_xml.iterfind("pr:Relationship", NS):
            target = rel.get("Target", "")
            if rel.get("Type", "").endswith("/chartsheet"):
                continue
            rels[rel.get("Id")] = posixpath.normpath(target.lstrip("/") if target.startswith("/") else "xl/" + target)
        sheets = []
        for sheet in workbook.iterfind("m:sheets/m:sheet", NS):
            part = rels.get(sheet.get(f"{{{NS['r']}}}id", ""))
            if part and sheet.get("state", "visible") == "visible":
                sheets.append((sheet.get("name", ""), part))
                if len(sheets) > MAX_SHEETS:
                    raise _too_big(sentence("reading.too-big.sheets", count=MAX_SHEETS))
        if not sheets:
            raise TranscriptError(sentence("reading.refused.no-sheet"))
        if len({path for _, path in sheets}) < len(sheets):
            raise TranscriptError(
                sentence("reading.refused.damaged")
            )  # two sheets on one part: no spreadsheet writes that
        self.sheets = sheets
        strings, styles = "xl/sharedStrings.xml", "xl/styles.xml"
        _bounded(archive, ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", styles, strings, *(p for _, p in sheets)])
        for name, path in sheets:
            if _info(archive, path) is None:
                continue
            rows, cells = _scan(archive, path, (b"row", b"c"))
            if rows > MAX_ROWS:
                raise _too_big(sentence("reading.too-big.rows", sheet=_cut(name), count=rows, limit=MAX_ROWS))
            if cells > MAX_CELLS:
                raise _too_big(sentence("reading.too-big.cells", sheet=_cut(name), count=cells))
        self.strings = _shared_strings(archive, strings)
        self.date_styles = _date_styles(archive, styles)

    def rows(self, where: str, table: Table) -> Iterator[Row]:
        if _info(self.archive, where) is None:
            return
        strings, date_styles, epoch, formulas = self.strings, self.date_styles, self.epoch, table.formulas
        count, cells_read, previous = 0, 0, 0
        masters: dict[str, str] = {}  # shared formulas, by their index
        renumbered: list[int] = []
        missing: list[int] = []  # lines with a cell pointing at a text the workbook does not hold
        beyond: list[int] = []  # lines with cells beyond the last column read
        with _stream(self.archive, where) as stream:
            try:
                for _, element in ElementTree.iterparse(stream, events=("end",)):
                    if element.tag != ROW:
                        continue
                    line = _int(element.get("r"), 0)
                    if not previous < line <= MAX_ROWS:  # damaged: the row after the one before
                        line = previous + 1
                        renumbered.append(line)
                    previous = line
                    cells: list[str] = []
                    for cell in element.iterfind(CELL):
                        ref = CELL_REF.match(cell.get("r", ""))
                        position = _column_index(ref[1]) if ref else len(cells)
                        value, formula, found = _cell_value(cell, strings, date_styles, epoch, masters)
                        if not found:
                            missing.append(line)
                        if position >= MAX_COLUMNS:
                            if value or formula is not None:
                                beyond.append(line)
                            continue
                        if formula is not None and len(formulas) < MAX_FORMULAS:
                            formulas[(line, position)] = formula
                        if position >= len(cells):
                            cells.extend([""] * (position + 1 - len(cells)))
                        cells[position] = value
                    element.clear()
                    count += 1
                    cells_read += len(cells)
                    if count > MAX_ROWS or cells_read > MAX_CELLS:
                        raise _sheet_too_large()
                    if cells:  # a row of no cells (written for its height or style) is as if not written
                        yield line, cells
            except ElementTree.ParseError:
                raise _Unreadable(
                    sentence("reading.unreadable.damaged"), TranscriptError(sentence("reading.refused.damaged-sheet"))
                ) from None
            except UNPACK_ERRORS:
                raise _Unreadable(
                    sentence("reading.unreadable.damaged"), TranscriptError(sentence("reading.refused.damaged-part"))
                ) from None
            finally:
                _damage_notes(table, renumbered, missing, beyond)


def _text_of(element: ElementTree.Element) -> str:
    """The text of a string item: plain <t>, or rich-text runs <r><t>, less phonetic hints."""
    parts = []
    for child in element:
        if child.tag == M + "t":
            parts.append(child.text or "")
        elif child.tag == M + "r":
            parts.extend(t.text or "" for t in child.iter(M + "t"))
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, name: str) -> list[str]:
    """The workbook's texts, which cells point at by their place; counted before they are read."""
    if _info(archive, name) is None:
        return []
    (count,) = _scan(archive, name, (b"si",))
    if count > MAX_STRINGS:
        raise _too_big(sentence("reading.too-big.texts", count=count))
    strings: list[str] = []
    item = M + "si"
    with _stream(archive, name) as stream:
        try:
            context = ElementTree.iterparse(stream, events=("start", "end"))
            _, root = next(context)
            for event, element in context:
                if event == "end" and element.tag == item:
                    strings.append(_text_of(element))
                    root.clear()
        except ElementTree.ParseError:
            raise TranscriptError(sentence("reading.refused.damaged-named", part="sharedStrings.xml")) from None
        except UNPACK_ERRORS:
            raise TranscriptError(sentence("reading.refused.damaged-part")) from None
    return strings


def _date_styles(archive: zipfile.ZipFile, name: str) -> dict[int, str]:
    """The cell styles whose number format is a date ("date") or a time of day or duration ("time").
    Read as the part unpacks: a workbook's styles can run to megabytes of copies."""
    if _info(archive, name) is None:
        return {}
    _scan(archive, name, ())
    custom: dict[int, str] = {}
    formats: list[int] = []  # the number format of each style of the list being read
    cell_formats: list[int] = []  # ... of the cells' styles (cellXfs), which cells point at by place
    with _stream(archive, name) as stream:
        try:
            for _, element in ElementTree.iterparse(stream, events=("end",)):
                tag = element.tag
                if tag == M + "numFmt":
                    kind = _format_kind(element.get("formatCode", ""))
                    if kind:
                        custom[_int(element.get("numFmtId"), -1)] = kind
                elif tag == M + "xf":
                    formats.append(_int(element.get("numFmtId"), 0))
                elif tag == M + "cellXfs":
                    cell_formats, formats = formats, []
                elif tag == M + "cellStyleXfs":
                    formats = []
                else:
                    continue
                element.clear()
        except ElementTree.ParseError:
            raise TranscriptError(sentence("reading.refused.damaged-xml")) from None
        except UNPACK_ERRORS:
            raise TranscriptError(sentence("reading.refused.damaged-part")) from None
    result = {}
    for index, fid in enumerate(cell_formats):
        kind = "time" if fid in TIME_FORMAT_IDS else "date" if fid in DATE_FORMAT_IDS else custom.get(fid, "")
        if kind:
            result[index] = kind
    return result


def _format_kind(format_code: str) -> str:
    """ "date", "time" (a time of day or a duration) or "" for a custom number format's code."""
    original = format_code.lower()
    code = re.sub(r'"[^"]*"|\[[^]]*\]|\\.', "", original)
    if re.search(r"[dy]", code):
        return "date"
    if re.search(r"[hs]", code) or re.search(r"\[(?:h+|m+|s+)\]", original):  # "hrs" in quotes is a unit
        return "time"
    if DATE_CODE.search(code) and "0" not in code:
        return "date"
    return ""


def _column_index(letters: str) -> int:
    if len(letters) > 3:  # beyond XFD, the last column of any spreadsheet
        return MAX_COLUMNS + 16384
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _cell_value(
    cell: ElementTree.Element, strings: list[str], date_styles: dict[int, str], epoch: date, masters: dict[str, str]
) -> tuple[str, str | None, bool]:
    """A cell's text; its formula when it has one and no stored value (else None); and whether what it
    points at was there (False for a shared-string number the workbook does not hold: read as "")."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(INLINE)
        return ("" if inline is None else _text_of(inline)), None, True
    stored = cell.find(VALUE)
    if stored is None:
        formula = cell.find(FORMULA)
        if formula is None:
            return "", None, True
        text, shared = formula.text or "", formula.get("si")
        if shared is not None and len(masters) < MAX_FORMULAS:
            if text:
                masters[shared] = text
            else:  # a copy of a shared formula: the first cell's, as written there
                text = masters.get(shared, "")
        return "", text, True
    value = stored.text or ""
    if kind == "s":
        number = value.strip()
        index = int(number) if number.isdigit() and len(number) < 19 else -1
        if 0 <= index < len(strings):
            return strings[index], None, True
        return "", None, False
    if kind == "b":
        return ("TRUE" if value == "1" else "FALSE"), None, True
    if kind in ("str", "e", "d"):
        return value, None, True
    if not value:
        return "", None, True
    shown_as = date_styles.get(_int(cell.get("s"), 0))
    if shown_as == "date":
        return _serial_date(value, epoch) or value, None, True
    if shown_as == "time":  # a duration in days, as hours and minutes ("1h 30m")
        return _duration(value) or value, None, True
    return _number_text(value), None, True


def _serial_date(value: str, epoch: date) -> str | None:
    """An Excel date serial as ISO text (a time of day is dropped)."""
    try:
        serial = float(value)
    except ValueError:
        return None
    if not 0 < serial < 2958466:  # Excel's range: up to 9999-12-31
        return None
    days = int(serial)
    if epoch.year == 1899 and days < 61:  # Excel counts a 29 February 1900 that never was
        days += 1
    try:
        return (epoch + timedelta(days=days)).isoformat()
    except OverflowError:
        return None


def _duration(value: str) -> str | None:
    """A time or duration (a fraction of a day) as hours and minutes ("12h 00m"), to the minute: the cell's
    format says hours, which "12:00" would no longer say (it may be minutes and seconds)."""
    try:
        minutes = round(float(value) * 24 * 60)
    except (ValueError, OverflowError):
        return None
    return f"{minutes // 60}h {minutes % 60:02d}m" if 0 <= minutes < 10**7 else None
