"""Bytes to rows of cells: the only layer that knows file formats.

CSV and tab-separated text (UTF-8 with or without BOM, UTF-16, Windows-1252; comma, semicolon or
tab) and workbooks (`.xlsx` read with zipfile and xml.etree alone, so it runs on Pyodide; `.ods`).
Formats we cannot read (`.xls`, PDF, Word) are named with what to do instead. Rows come out as
(line, cells) with the line number a spreadsheet shows, lazily. A text file is read from its file
(bytes in memory, or a file on disk) a line at a time and never held whole, and its rows can be
read again by line (`Table.again`): a roster keeps where each person's rows are, not the rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import BinaryIO
from xml.etree import ElementTree

from ..problems import Problem


class TranscriptError(Exception):
    """The file as a whole cannot be used. The message is meant for the user; `page` is the same
    sentence for the checker page's reader where the message speaks of the command line ("" when
    the message serves both)."""

    def __init__(self, message: str, page: str = "") -> None:
        super().__init__(message)
        self.page = page

    def named(self, name: str) -> TranscriptError:
        """The same error about the file called `name` (one of several read as one)."""
        if not name:
            return self
        return TranscriptError(f"{name}: {self}", f"{name}: {self.page}" if self.page else "")


MAX_WORKBOOK_XML = 512 * 1024 * 1024  # uncompressed bytes of one sheet: a zip bomb is refused
TEMPLATE_HINT = "type the courses into the checker's editor or into the template (recert template)"

Row = tuple[int, list[str]]


@dataclass
class Table:
    """The rows of one file (or one sheet), and how it was read."""

    rows: Iterator[Row]
    format: str  # "csv", "xlsx", "ods"
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    notes: list[Problem] = field(default_factory=list)  # filled as the rows are read
    text: TextFile | None = None  # a text file's rows can be read again from the file (`again`)

    def again(self, lines: Sequence[int]) -> list[list[str]]:
        """The cells of rows already read, by line, read again from the file (text files only): a roster
        keeps where each person's rows are, not the rows themselves."""
        if self.text is None:
            raise ValueError("only a text file's rows can be read again")
        return self.text.records(lines, self.delimiter)


Binary = bytes | bytearray | memoryview | BinaryIO
HEAD = 1 << 18  # bytes looked at to tell the format and the delimiter (65,536 characters and more)
CHUNK = 1 << 20  # bytes read at a time
SPACE = b"\r\n\t \x00\xef\xbb\xbf\xff\xfe"  # a file of nothing else is empty
NOT_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")  # the bytes Windows-1252 leaves undefined


def read_tables(data: Binary) -> list[Table]:
    """Every sheet of a workbook that is shown (in the workbook's order), each a Table named by its sheet,
    or the one table of a text file."""
    return _read_table(data, every_sheet=True)


def read_table(data: Binary) -> Table:
    """The table in a file, whatever its format; TranscriptError if it has none we can read.

    `data` is the file's bytes or a seekable binary file. A text file is read from the file a line at
    a time (twice: once for its encoding, once for its rows), never held whole (UTF-16 is copied as
    UTF-8 first, see `TextFile`); a workbook is read whole, as its sheet is XML that must be parsed.
    """
    return _read_table(data, every_sheet=False)[0]


def _read_table(data: Binary, every_sheet: bool) -> list[Table]:
    file = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
    file.seek(0)
    head = _read(file, HEAD)
    if head.startswith(b"PK\x03\x04"):
        content = bytes(data) if isinstance(data, bytes | bytearray | memoryview) else head + _read(file)
        return _workbook(content, every_sheet)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise TranscriptError(
            "This is an old Excel workbook (.xls), which the checker cannot read. Open it in Excel, "
            "LibreOffice or Google Sheets and save it as .xlsx (Excel Workbook) or CSV, then check that file."
        )
    if head.lstrip()[:5] == b"%PDF-":
        raise TranscriptError(
            "This is a PDF (a certificate or a printed transcript): its courses cannot be read from it. "
            f"To check them, {TEMPLATE_HINT}, with the date, title, hours and approval number of each."
        )
    if head.lstrip()[:5].lower() in (b"{\\rtf",):
        raise TranscriptError(
            "This is a word-processor document (RTF), not a table of courses. "
            f"Export the table as CSV, or {TEMPLATE_HINT}."
        )
    text = TextFile.open(file, head)
    start = text.head(65536)
    if start.lstrip()[:1] == "<" and re.match(r"\s*<(!doctype|html|\?xml)", start, re.IGNORECASE):
        raise TranscriptError(
            "This is a web page or XML file, not a table of courses. If it came from a "
            "website's Export button, look for an Excel or CSV export instead."
        )
    table = Table(rows=iter(()), format="csv", encoding=text.encoding, delimiter=_sniff_delimiter(start), text=text)
    table.rows = _csv_rows(text, table.delimiter, table.notes)
    return [table]


def _read(file: BinaryIO, size: int = -1) -> bytes:
    """Up to `size` bytes (all the rest: -1), however many reads it takes (a raw file may give fewer)."""
    parts = []
    while size:
        part = file.read(CHUNK if size < 0 else size)
        if not part:
            break
        parts.append(part)
        size -= 0 if size < 0 else len(part)
    return b"".join(parts)


def _chunks(file: BinaryIO, start: int = 0) -> Iterator[bytes]:
    file.seek(start)
    while chunk := file.read(CHUNK):
        yield chunk


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the name of its encoding; TranscriptError if it is not text."""
    text = TextFile.open(io.BytesIO(data), data[:HEAD])
    return text.records_text([(text.start, text.size)]), text.encoding


class TextFile:
    """A text file's bytes in a seekable binary file, read a line at a time, and read again by spans.

    UTF-8 and Windows-1252 are read where they are: a line ends at a byte (LF, or CR in an old Mac
    file) that no other character contains, so a span of whole lines decodes on its own. UTF-16 is
    first written out as UTF-8 to a temporary file (in memory while small), so the same holds.
    """

    def __init__(self, file: BinaryIO, encoding: str, codec: str, start: int, size: int, facts: _Facts) -> None:
        self.file, self.encoding, self.codec, self.start, self.size = file, encoding, codec, start, size
        self.end_of_line = b"\n" if facts.lf or not facts.cr else b"\r"
        self.closed_by_quote = facts.last == b'"'  # the text, less trailing blanks, ends with a quotation mark
        self.position = start  # where the last line given by `lines` ends
        self.ends = array("q", [start])  # filled by _csv_rows: where each record ends; [0]: where the first begins

    @classmethod
    def open(cls, file: BinaryIO, head: bytes) -> TextFile:
        """The file's text encoding found (TranscriptError if it is not text), reading the file once."""
        file.seek(0, io.SEEK_END)
        size = file.tell()
        facts = _Facts.of(_chunks(file))
        if facts.blank:
            raise TranscriptError("The file is empty.")
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return cls._utf16(file, "utf-16", "The file says it is UTF-16 text but is not.")
        sample = head[:4096]
        for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):  # UTF-16 with no BOM
            if len(sample) >= 4 and zeros.count(0) >= len(zeros) * 0.9:
                return cls._utf16(file, encoding, BINARY)
        if b"\x00" in sample:
            raise TranscriptError(BINARY)
        if facts.utf8:
            bom = head.startswith(b"\xef\xbb\xbf")
            return cls(file, "utf-8-sig" if bom else "utf-8", "utf-8", 3 if bom else 0, size, facts)
        if facts.cp1252:
            return cls(file, "windows-1252", "cp1252", 0, size, facts)
        raise TranscriptError(
            "The file's text encoding is not UTF-8 or Windows-1252. Save it from your spreadsheet as CSV UTF-8."
        )

    @classmethod
    def _utf16(cls, file: BinaryIO, encoding: str, error: str) -> TextFile:
        import tempfile  # here, not at the top: the browser's worker starts faster without it

        decoder = codecs.getincrementaldecoder(encoding)()
        copy = tempfile.SpooledTemporaryFile(max_size=CHUNK * 8)  # noqa: SIM115 (it lives as long as the table)
        try:
            for chunk in _chunks(file):
                copy.write(decoder.decode(chunk).encode("utf-8"))
            copy.write(decoder.decode(b"", final=True).encode("utf-8"))
        except UnicodeDecodeError:
            copy.close()
            raise TranscriptError(error) from None
        size = copy.tell()
        facts = _Facts.of(_chunks(copy))  # type: ignore[arg-type]
        return cls(copy, encoding, "utf-8", 0, size, facts)  # type: ignore[arg-type]

    def head(self, characters: int) -> str:
        """The first characters of the text (for the delimiter and the kind of file)."""
        self.file.seek(self.start)
        raw = _read(self.file, min(characters * 4, self.size - self.start))
        return codecs.getincrementaldecoder(self.codec)().decode(raw)[:characters]

    def lines(self) -> Iterator[str]:
        """The text's lines with their endings, one at a time; `position` is where the last one ends."""
        end_of_line, codec = self.end_of_line, self.codec
        position, pending = self.start, b""
        pieces: list[bytes] = []  # a line longer than a chunk, in parts (joined once: no quadratic copying)
        for chunk in _chunks(self.file, self.start):
            begin = 0
            if pieces or pending:
                end = chunk.find(end_of_line)
                if end < 0:
                    pieces.append(chunk)
                    continue
                line = b"".join([pending, *pieces, chunk[: end + 1]])
                pending, pieces, begin = b"", [], end + 1
                position += len(line)
                self.position = position
                yield line.decode(codec)
            while (end := chunk.find(end_of_line, begin)) >= 0:
                position += end + 1 - begin
                self.position = position
                yield chunk[begin : end + 1].decode(codec)
                begin = end + 1
            pending = chunk[begin:]
        if pending or pieces:
            line = b"".join([pending, *pieces])
            self.position = position + len(line)
            yield line.decode(codec)

    def records_text(self, spans: Sequence[tuple[int, int]]) -> str:
        """The text of the given spans of the file, one after the other."""
        file = self.file
        if isinstance(file, io.FileIO) and hasattr(os, "pread"):  # a file on disk: one call a span, not two
            fd = file.fileno()
            parts = [os.pread(fd, end - start, start) for start, end in spans]
            if all(len(part) == end - start for part, (start, end) in zip(parts, spans, strict=True)):
                return b"".join(parts).decode(self.codec)
        parts = []
        for start, end in spans:
            file.seek(start)
            parts.append(_read(file, end - start))
        return b"".join(parts).decode(self.codec)

    def records(self, lines: Sequence[int], delimiter: str) -> list[list[str]]:
        """Records read before (by their number, from 1), read again: the spans of whole records,
        parsed as they were, since a CSV record starts afresh after the end of the one before."""
        ends = self.ends
        text = self.records_text([(ends[line - 1], ends[line]) for line in lines])
        records = list(csv.reader(_split(text, self.end_of_line.decode()), delimiter=delimiter))
        if len(records) != len(lines):  # cannot happen: each span is whole records
            raise TranscriptError("The file changed while it was being read. Check it again.")
        return records


BINARY = (
    "This is not a CSV file or a workbook the checker can read (it contains binary data). "
    "Use a CSV file or an Excel workbook (.xlsx)."
)


@dataclass
class _Facts:
    """What a text file's encoding and line endings are decided by, found in one pass over its bytes."""

    blank: bool = True
    utf8: bool = True
    cp1252: bool = True
    lf: bool = False
    cr: bool = False
    last: bytes = b""  # the last byte that is not a line ending, a tab or a space

    @classmethod
    def of(cls, chunks: Iterator[bytes]) -> _Facts:
        facts = cls()
        decoder = codecs.getincrementaldecoder("utf-8")()
        for chunk in chunks:
            if facts.utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    facts.utf8 = False
            facts.blank = facts.blank and not chunk.strip(SPACE)
            facts.cp1252 = facts.cp1252 and not any(b in chunk for b in NOT_CP1252)
            facts.lf = facts.lf or b"\n" in chunk
            facts.cr = facts.cr or b"\r" in chunk
            facts.last = chunk.rstrip(b"\r\n\t ")[-1:] or facts.last
        if facts.utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                facts.utf8 = False
        return facts


def _sniff_delimiter(text: str) -> str:
    """The delimiter of the header: the one of , ; tab that splits the first lines most (outside quotes)."""
    counts = dict.fromkeys((",", ";", "\t"), 0)
    lines = 0
    for line in text[:65536].splitlines():
        if line.strip(" \t,;"):
            unquoted = re.sub(r'"[^"]*"', "", line)
            best = max(counts, key=unquoted.count)
            if unquoted.count(best):
                counts[best] += 1
            lines += 1
            if lines == 12:  # enough to get past a title row above the header
                break
    return max(counts, key=lambda d: (counts[d], d == ","))


def _split(text: str, end_of_line: str) -> Iterator[str]:
    """A text's lines with their endings, one at a time (io.StringIO would copy it at four bytes a
    character)."""
    start, size = 0, len(text)
    while start < size:
        end = text.find(end_of_line, start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _csv_rows(text: TextFile, delimiter: str, notes: list[Problem]) -> Iterator[Row]:
    # A cell may be as long as the file (a quotation mark never closed swallows the rest): csv's
    # default limit of 128 KB would end the reading with an error instead of the warning below.
    csv.field_size_limit(max(csv.field_size_limit(), text.size + 1))
    reader = csv.reader(text.lines(), delimiter=delimiter)
    ends = text.ends
    line = 0
    last: list[str] = []
    try:
        for line, record in enumerate(reader, 1):
            ends.append(text.position)
            last = record
            yield line, record
    except csv.Error as error:
        notes.append(
            Problem(
                "unreadable-rest",
                f"Line {line + 1} and after could not be read as CSV ({error}); they are not in the report.",
            )
        )
        return
    # csv swallows everything after a quote that is never closed into one cell: say so.
    if last and any("\n" in cell for cell in last) and not text.closed_by_quote:
        swallowed = max(cell.rstrip("\r\n").count("\n") for cell in last)
        notes.append(
            Problem(
                "unterminated-quote",
                f'Line {line}: a quotation mark (") opens a cell that is never closed, so the '
                f"{swallowed} line(s) after it were read as part of that one cell and not as courses. "
                "Remove or close the quotation mark and check the file again.",
            )
        )


# ---- Workbooks -------------------------------------------------------------------------------

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
M = f"{{{NS['m']}}}"
# Built-in number formats that are dates (ECMA-376 18.8.30).
DATE_FORMAT_IDS = {*range(14, 18), 22, *range(27, 37), *range(50, 59)}
TIME_FORMAT_IDS = {*range(18, 22), *range(45, 48)}  # a time of day or a duration ([h]:mm:ss)
DATE_CODE = re.compile(r"[dmy]")
CELL_REF = re.compile(r"([A-Z]+)(\d+)")
HEADER_SCAN = 30  # rows of each sheet looked at when choosing the sheet


def _workbook(data: bytes, every_sheet: bool) -> list[Table]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TranscriptError(
            "The file looks like a workbook (.xlsx) but is damaged or incomplete. "
            "Open it in your spreadsheet and save it again."
        ) from None
    if "xl/workbook.xml" in names:
        return _xlsx(archive, every_sheet)
    if any(n.startswith("xl/") for n in names):
        raise TranscriptError(
            "The file is an Excel workbook (.xlsx) with parts missing (no xl/workbook.xml). "
            "Open it in your spreadsheet and save it again."
        )
    if "content.xml" in names and b"opendocument.spreadsheet" in _member(archive, "mimetype", limit=200):
        return _ods(archive, every_sheet)
    if "word/document.xml" in names or "content.xml" in names:
        raise TranscriptError(
            "This is a word-processor document, not a table of courses. "
            f"Copy its table into a spreadsheet and save it as .xlsx or CSV, or {TEMPLATE_HINT}."
        )
    raise TranscriptError("This is a zip archive, not a transcript. Unzip it and check the CSV or .xlsx file inside.")


def _member(archive: zipfile.ZipFile, name: str, limit: int = MAX_WORKBOOK_XML) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    if info.file_size > limit:
        raise TranscriptError(f"The workbook's part {name} is too large to read ({info.file_size:,} bytes).")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        raise TranscriptError(
            "The workbook is damaged (a part cannot be unpacked). Open it in your spreadsheet and save it again."
        ) from None


def _parse(xml: bytes, name: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise TranscriptError(
            f"The workbook is damaged ({name} is not readable XML). Open it in your spreadsheet and save it again."
        ) from None


def _xlsx(archive: zipfile.ZipFile, every_sheet: bool) -> list[Table]:
    workbook = _parse(_member(archive, "xl/workbook.xml"), "workbook.xml")
    pr = workbook.find("m:workbookPr", NS)
    date1904 = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
    rels = {}
    rels_xml = _member(archive, "xl/_rels/workbook.xml.rels")
    if rels_xml:
        for rel in _parse(rels_xml, "workbook.xml.rels").findall("pr:Relationship", NS):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            rels[rel.get("Id")] = target
    sheets = []
    for sheet in workbook.iterfind("m:sheets/m:sheet", NS):
        path = rels.get(sheet.get(f"{{{NS['r']}}}id", ""))
        if path and sheet.get("state", "visible") == "visible":
            sheets.append((sheet.get("name", ""), path))
    if not sheets:
        raise TranscriptError("The workbook has no sheet to read.")
    strings = _shared_strings(archive)
    date_styles = _date_styles(archive)
    epoch = date(1904, 1, 1) if date1904 else date(1899, 12, 30)

    def rows_of(path: str) -> Iterator[Row]:
        return _xlsx_rows(_member(archive, path), strings, date_styles, epoch)

    if every_sheet:
        return [Table(rows=rows_of(path), format="xlsx", sheet=name) for name, path in sheets]
    (name, path), notes = _choose_sheet(sheets, rows_of)
    return [Table(rows=rows_of(path), format="xlsx", sheet=name, notes=notes)]


TRANSCRIPT_SCORE = 6  # a header naming a date, a title and hours (each counts 2): a sheet of courses


def _choose_sheet(sheets, rows_of) -> tuple[tuple[str, str], list[Problem]]:
    """The first sheet, unless a later one looks more like a transcript (more known headers); and a
    note naming the other sheets that look like transcripts too (a tracker's sheet per year), which
    are not read."""
    if len(sheets) == 1:
        return sheets[0], []
    from .columns import header_score  # the header layer judges what looks like a transcript

    best, best_score = sheets[0], -1
    scores = []
    for sheet in sheets:
        rows = rows_of(sheet[1])
        score = max((header_score(cells) for _, cells in _first(rows, HEADER_SCAN)), default=0)
        scores.append(score)
        if score > best_score:
            best, best_score = sheet, score
    others = [s[0] for s, score in zip(sheets, scores, strict=True) if s != best and score >= TRANSCRIPT_SCORE]
    if not others:
        return best, []
    names = ", ".join(f"“{n}”" for n in others)
    return best, [
        Problem(
            "other-sheets",
            f"Only the sheet “{best[0]}” was read; the sheet(s) {names} look like courses too and are not in "
            "this report. To check them as well, save each sheet as its own file and check the files "
            "together (recert check --combine, or drop them on the page at once).",
        )
    ]


def _first(rows: Iterator[Row], n: int) -> list[Row]:
    out = []
    for row in rows:
        out.append(row)
        if len(out) == n:
            break
    return out


def _text_of(element: ElementTree.Element) -> str:
    """The text of a string item: plain <t>, or rich-text runs <r><t>, less phonetic hints."""
    parts = []
    for child in element:
        if child.tag == M + "t":
            parts.append(child.text or "")
        elif child.tag == M + "r":
            parts.extend(t.text or "" for t in child.iter(M + "t"))
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    xml = _member(archive, "xl/sharedStrings.xml")
    if not xml:
        return []
    return [_text_of(item) for item in _parse(xml, "sharedStrings.xml").iterfind("m:si", NS)]


def _date_styles(archive: zipfile.ZipFile) -> dict[int, str]:
    """The cell styles whose number format is a date ("date") or a time of day or duration ("time")."""
    xml = _member(archive, "xl/styles.xml")
    if not xml:
        return {}
    styles = _parse(xml, "styles.xml")
    custom = {}
    for fmt in styles.iterfind("m:numFmts/m:numFmt", NS):
        original = fmt.get("formatCode", "").lower()
        code = re.sub(r'"[^"]*"|\[[^]]*\]|\\.', "", original)
        if re.search(r"[dy]", code):
            custom[int(fmt.get("numFmtId", "-1"))] = "date"
        elif re.search(r"[hs]", code) or re.search(r"\[(?:h+|m+|s+)\]", original):  # "hrs" in quotes is a unit
            custom[int(fmt.get("numFmtId", "-1"))] = "time"
        elif DATE_CODE.search(code) and "0" not in code:
            custom[int(fmt.get("numFmtId", "-1"))] = "date"
    result = {}
    for index, xf in enumerate(styles.iterfind("m:cellXfs/m:xf", NS)):
        fid = int(xf.get("numFmtId", "0") or 0)
        kind = "time" if fid in TIME_FORMAT_IDS else "date" if fid in DATE_FORMAT_IDS else custom.get(fid)
        if kind:
            result[index] = kind
    return result


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _xlsx_rows(xml: bytes, strings: list[str], date_styles: dict[int, str], epoch: date) -> Iterator[Row]:
    if not xml:
        return
    try:
        context = ElementTree.iterparse(io.BytesIO(xml), events=("end",))
        next_line = 1
        for _, element in context:
            if element.tag != M + "row":
                continue
            line = int(element.get("r") or next_line)
            next_line = line + 1
            cells: list[str] = []
            for cell in element.iterfind(M + "c"):
                ref = CELL_REF.match(cell.get("r", ""))
                position = _column_index(ref[1]) if ref else len(cells)
                if position > 16383:
                    continue
                if position >= len(cells):
                    cells.extend([""] * (position + 1 - len(cells)))
                cells[position] = _cell_value(cell, strings, date_styles, epoch)
            element.clear()
            yield line, cells
    except ElementTree.ParseError:
        raise TranscriptError(
            "The workbook's sheet is damaged (not readable XML). Open it in your spreadsheet and save it again."
        ) from None


def _cell_value(cell: ElementTree.Element, strings: list[str], date_styles: dict[int, str], epoch: date) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(M + "is")
        return "" if inline is None else _text_of(inline)
    value = cell.findtext(M + "v") or ""
    if kind == "s":
        try:
            return strings[int(value)]
        except (ValueError, IndexError):
            return ""
    if kind == "b":
        return "TRUE" if value == "1" else "FALSE"
    if kind in ("str", "e", "d"):
        return value
    if not value:
        return ""
    style = int(cell.get("s", "0") or 0)
    shown_as = date_styles.get(style)
    if shown_as == "date":
        return _serial_date(value, epoch) or value
    if shown_as == "time":  # a duration in days, as hours:minutes ("1:30")
        return _duration(value) or value
    return _number_text(value)


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


def _number_text(value: str) -> str:
    """A stored number as a person would type it: 1.5, not 1.5000000000000002; 2, not 2.0."""
    try:
        number = float(value)
    except ValueError:
        return value
    if number != number or number in (float("inf"), float("-inf")):
        return value
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.10g}" if "e" not in f"{number:.10g}" else value


# ---- OpenDocument spreadsheets ---------------------------------------------------------------

ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
T, OFF, X = (f"{{{ODS[k]}}}" for k in ("table", "office", "text"))
MAX_REPEAT = 1000  # LibreOffice writes the empty rest of a sheet as one cell repeated a million times


def _ods(archive: zipfile.ZipFile, every_sheet: bool) -> list[Table]:
    root = _parse(_member(archive, "content.xml"), "content.xml")
    tables = root.findall(f".//{T}table")
    if not tables:
        raise TranscriptError("The spreadsheet has no sheet to read.")
    sheets = [(t.get(T + "name", ""), str(i)) for i, t in enumerate(tables)]

    def rows_of(index: str) -> Iterator[Row]:
        return _ods_rows(tables[int(index)])

    if every_sheet:
        return [Table(rows=rows_of(index), format="ods", sheet=name) for name, index in sheets]
    (name, index), notes = _choose_sheet(sheets, rows_of)
    return [Table(rows=rows_of(index), format="ods", sheet=name, notes=notes)]


def _ods_rows(table: ElementTree.Element) -> Iterator[Row]:
    line = 0
    for row in table.iter(T + "table-row"):
        repeat = min(int(row.get(T + "number-rows-repeated", "1") or 1), MAX_REPEAT)
        cells: list[str] = []
        for cell in row:
            if cell.tag not in (T + "table-cell", T + "covered-table-cell"):
                continue
            times = min(int(cell.get(T + "number-columns-repeated", "1") or 1), MAX_REPEAT)
            kind = cell.get(OFF + "value-type", "")
            if kind == "date":
                value = cell.get(OFF + "date-value", "")[:10]
            elif kind in ("float", "percentage", "currency"):
                value = _number_text(cell.get(OFF + "value", ""))
            else:
                value = "\n".join("".join(p.itertext()) for p in cell.iter(X + "p"))
            cells.extend([value] * times)
        while cells and not cells[-1]:
            cells.pop()
        for _ in range(repeat):
            line += 1
            if cells or repeat == 1:
                yield line, list(cells)
