"""Bytes to rows of cells: the only layer that knows file formats.

CSV and tab-separated text (UTF-8 with or without BOM, UTF-16, UTF-32, Windows-1252, Mac Roman;
comma, semicolon or tab) and workbooks (`.xlsx` read with zipfile and xml.etree alone, so it runs on
Pyodide; `.ods`). Formats we cannot read (`.xls`, a password-protected workbook, PDF, Word) are named
with what to do instead. Rows come out as (line, cells) with the line number a spreadsheet shows,
lazily. A text file is read from its file (bytes in memory, or a file on disk) a line at a time and
never held whole, and its rows can be read again by line (`Table.again`): a roster keeps where each
person's rows are, not the rows. A workbook's sheets are read as the zip unpacks them, never whole.

Everything is bounded by what a transcript can be (a state's roster at most): a small file that
would unpack to gigabytes, millions of rows, a row padded to the last column or thousands of sheets
is refused at once with a sentence, before a row is read. Whatever cannot be read part way through a
file ends the reading there with a note saying so: the rows before it are still in the report.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import posixpath
import re
import struct
import zipfile
import zlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import BinaryIO
from xml.etree import ElementTree
from xml.parsers import expat

from ..problems import Problem


class TranscriptError(Exception):
    """The file as a whole cannot be used. The message is meant for the user."""


# ---- What a transcript can be: a file beyond these is refused, not read ------------------------
MAX_ROWS = 1_048_576  # rows of a sheet: a spreadsheet's own last row (Excel, LibreOffice)
MAX_COLUMNS = 1024  # cells read in a row (LibreOffice's old last column, AMJ); beyond it, a note
MAX_CELLS = 1 << 24  # cells of a sheet: a roster of a million rows and sixteen columns
MAX_SHEETS = 256  # sheets of a workbook: a tab a month for twenty years
MAX_STRINGS = 1 << 21  # different texts of a workbook (its shared strings)
MAX_REPEATED_ROWS = 10_000  # copies of a repeated row that holds something (.ods): a real sheet has a few
MAX_FORMULAS = 1 << 20  # formulas without a stored value recorded (`Table.formulas`)
MAX_MEMBERS = 10_000  # parts of a workbook's zip
MAX_DIRECTORY = 4 << 20  # bytes of the zip's list of parts
MAX_PART = 256 << 20  # unpacked bytes of one part (a sheet)
MAX_SMALL_PART = 32 << 20  # unpacked bytes of a part read whole (workbook.xml, its relationships, styles)
MAX_UNPACKED = 512 << 20  # unpacked bytes of all the parts read
MAX_RATIO = 100  # unpacked bytes per packed byte, for a part larger than RATIO_GRACE
RATIO_GRACE = 8 << 20

TEMPLATE_HINT = "type the courses into the checker's editor or into the template (recert template)"
OLD_XLS = (
    "This is an old Excel workbook (.xls), which the checker cannot read. Open it in Excel, "
    "LibreOffice or Google Sheets and save it as .xlsx (Excel Workbook) or CSV, then check that file."
)
ENCRYPTED = (
    "This workbook is protected with a password, so the checker cannot read it. Open it in your "
    "spreadsheet with its password, remove the password (in Excel: File, Info, Protect Workbook, "
    "Encrypt with Password, and clear it), save it, then check that file."
)
DAMAGED = (
    "The file looks like a workbook (.xlsx) but is damaged or incomplete. "
    "Open it in your spreadsheet and save it again."
)
DAMAGED_PART = "The workbook is damaged (a part cannot be unpacked). Open it in your spreadsheet and save it again."
DAMAGED_XML = (
    "The workbook is damaged (a part of it is not readable XML). Open it in your spreadsheet and save it again."
)
DAMAGED_SHEET = "The workbook's sheet is damaged (not readable XML). Open it in your spreadsheet and save it again."


def _unsafe(name: str) -> TranscriptError:
    return TranscriptError(
        f"This workbook is damaged or unsafe: it holds a part named “{_cut(name)}”, outside the workbook, "
        "which no spreadsheet writes. It was not read. Open the original in your spreadsheet and save it again."
    )


def _too_big(what: str) -> TranscriptError:
    return TranscriptError(
        f"This workbook {what}: more than any transcript or roster, so it was not read (it may be damaged, "
        "or made to exhaust the checker). If it is your transcript, open it in your spreadsheet, delete what "
        "is not courses, and save it again, or save it as CSV."
    )


def _rest_note(after: int, why: str) -> Problem:
    return Problem(
        "unreadable-rest", f"The rows after line {after} could not be read ({why}); they are not in the report."
    )


def _cut(text: str, size: int = 80) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


Row = tuple[int, list[str]]


@dataclass
class Table:
    """The rows of one file (or one sheet), and how it was read."""

    rows: Iterator[Row]
    format: str  # "csv", "xlsx", "ods"
    encoding: str = ""  # a text file's: "utf-8", "utf-8-sig", "utf-16", "utf-32", "windows-1252", "mac-roman", ...
    delimiter: str = ""
    sheet: str = ""
    notes: list[Problem] = field(default_factory=list)  # filled as the rows are read
    text: TextFile | None = None  # a text file's rows can be read again from the file (`again`)
    # Cells holding a formula whose value was never computed (a file written by a program and never
    # opened in a spreadsheet): (line, column index) -> the formula; the cell's text is "". Filled as
    # the rows are read.
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    line: int = 0  # the line of the last row given out (0: none yet); see `last_read`
    source: object = None  # the file given to read_table or read_tables, to name it in a message

    def at(self, line: int) -> None:
        """The row now being used, when it is not the last one read (a reader that looks ahead at the
        first rows for the header): where a message about an unexpected error should point."""
        self.line = line
        _reading.table = self

    def again(self, lines: Sequence[int]) -> list[list[str]]:
        """The cells of rows already read, by line, read again from the file (text files only): a roster
        keeps where each person's rows are, not the rows themselves."""
        if self.text is None:
            raise ValueError("only a text file's rows can be read again")
        _reading.table = self
        self.line = lines[-1] if lines else self.line
        return self.text.records(lines, self.delimiter)


class _Reading:
    """The table that gave out the last row read (or read rows again), whichever file it came from."""

    table: Table | None = None


_reading = _Reading()


def last_read() -> Table | None:
    """The table whose row was read last, with that row's line (`Table.line`): where the reading was
    when something unexpected stopped a check, for the message that says so."""
    return _reading.table


Binary = bytes | bytearray | memoryview | BinaryIO
HEAD = 1 << 18  # bytes looked at to tell the format and the delimiter (65,536 characters and more)
CHUNK = 1 << 20  # bytes read at a time
SPACE = b"\r\n\t \x00\xef\xbb\xbf\xff\xfe"  # a file of nothing else is empty
NOT_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")  # the bytes Windows-1252 leaves undefined
ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")  # a zip's first part, an empty zip, a spanned zip
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls, or a password-protected .xlsx inside its wrapper


def read_table(data: Binary) -> Table:
    """The table in a file, whatever its format; TranscriptError if it has none we can read.

    `data` is the file's bytes or a seekable binary file. A text file is read from the file a line at
    a time (twice: once for its encoding, once for its rows), never held whole (UTF-16 and UTF-32 are
    copied as UTF-8 first, see `TextFile`). Of a workbook's sheets, the first is read, unless a later
    one looks more like a transcript (see `read_tables` for all of them).
    """
    opened = _open(data)
    if isinstance(opened, Table):
        return opened
    return opened.best()


def read_tables(data: Binary) -> list[Table]:
    """Every table in a file: each visible sheet of a workbook, in order (each Table's `sheet` is its
    name, its rows read when asked for), or a text file's one table. TranscriptError as `read_table`."""
    opened = _open(data)
    if isinstance(opened, Table):
        return [opened]
    return [opened.table(index) for index in range(len(opened.sheets))]


def _open(data: Binary) -> Table | _Workbook:
    file = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
    file.seek(0)
    head = _read(file, HEAD)
    if head[:4] in ZIP:
        return _workbook(file, data)
    if head.startswith(OLE):
        raise TranscriptError(ENCRYPTED if _encrypted(file) else OLD_XLS)
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
    table = Table(
        rows=iter(()), format="csv", encoding=text.encoding, delimiter=_sniff_delimiter(start), text=text, source=data
    )
    table.rows = _csv_rows(table, text)
    return table


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


ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _encrypted(file: BinaryIO) -> bool:
    """An OLE2 compound file with an "EncryptedPackage" stream: an Office file saved with a password.
    The stream's name is looked for where the file's directory entries can be (every 128 bytes, with
    the name's length beside it), so a cell of an old .xls that says the word does not count."""
    size = len(ENCRYPTED_PACKAGE)
    offset, tail = 0, b""
    for chunk in _chunks(file):
        buffer = tail + chunk
        base = offset - len(tail)
        at = buffer.find(ENCRYPTED_PACKAGE)
        while at >= 0:
            where = base + at
            if where % 128 == 0:
                position = file.tell()
                file.seek(where + 64)
                length = file.read(2)
                file.seek(position)
                if length == struct.pack("<H", size + 2):
                    return True
            at = buffer.find(ENCRYPTED_PACKAGE, at + 1)
        offset += len(chunk)
        tail = buffer[-(size - 1) :]
    return False


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the name of its encoding; TranscriptError if it is not text."""
    text = TextFile.open(io.BytesIO(data), data[:HEAD])
    return text.records_text([(text.start, text.size)]), text.encoding


class TextFile:
    """A text file's bytes in a seekable binary file, read a line at a time, and read again by spans.

    UTF-8 and the one-byte encodings are read where they are: a line ends at a byte (LF, or CR in an
    old Mac file) that no other character contains, so a span of whole lines decodes on its own.
    UTF-16 and UTF-32 are first written out as UTF-8 to a temporary file (in memory while small), so
    the same holds. A line-break character of the other kind inside a line (one CR in a file of LF
    lines, or the other way round) is read as a space, and the rows after it are read as usual.
    """

    def __init__(self, file: BinaryIO, encoding: str, codec: str, start: int, size: int, facts: _Facts) -> None:
        self.file, self.encoding, self.codec, self.start, self.size = file, encoding, codec, start, size
        self.end_of_line = b"\r" if facts.lone_cr > facts.lf else b"\n"
        self.stray = facts.lone_cr > 0 and facts.lf > 0  # line breaks of both kinds: the fewer are mended
        self.mended = False  # the last line given by `lines` had a stray line break, read as a space
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
        if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
            return cls._transcoded(file, "utf-32", "The file says it is UTF-32 text but is not.")
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return cls._transcoded(file, "utf-16", "The file says it is UTF-16 text but is not.")
        sample = head[:4096]
        if len(sample) >= 8:  # UTF-32 and UTF-16 with no BOM: the zero bytes of ASCII letters
            for encoding, zeros in (
                ("utf-32-le", sample[1::4] + sample[2::4] + sample[3::4]),
                ("utf-32-be", sample[0::4] + sample[1::4] + sample[2::4]),
                ("utf-16-le", sample[1::2]),
                ("utf-16-be", sample[0::2]),
            ):
                if zeros.count(0) >= len(zeros) * 0.9:
                    return cls._transcoded(file, encoding, BINARY)
        if b"\x00" in sample:
            raise TranscriptError(BINARY)
        if facts.utf8:
            bom = head.startswith(b"\xef\xbb\xbf")
            return cls(file, "utf-8-sig" if bom else "utf-8", "utf-8", 3 if bom else 0, size, facts)
        # Windows-1252 unless Mac Roman reads better (and reads as text at all); Mac Roman defines every byte.
        samples = _samples(_chunks(file))
        mac = _plausibility(samples, "mac_roman")
        if mac > 0 and (not facts.cp1252 or mac > _plausibility(samples, "cp1252")):
            return cls(file, "mac-roman", "mac_roman", 0, size, facts)
        if facts.cp1252:
            return cls(file, "windows-1252", "cp1252", 0, size, facts)
        raise TranscriptError(
            "The file's text encoding is not UTF-8 or Windows-1252. Save it from your spreadsheet as CSV UTF-8."
        )

    @classmethod
    def _transcoded(cls, file: BinaryIO, encoding: str, error: str) -> TextFile:
        import tempfile  # here, not at the top: the browser's worker starts faster without it

        decoder = codecs.getincrementaldecoder(encoding)()
        copy = tempfile.SpooledTemporaryFile(max_size=CHUNK * 8)  # noqa: SIM115 (it lives as long as the table)
        try:
            for chunk in _chunks(file):
                copy.write(decoder.decode(chunk).encode("utf-8"))
            copy.write(decoder.decode(b"", final=True).encode("utf-8"))
        except UnicodeError:
            copy.close()
            raise TranscriptError(error) from None
        size = copy.tell()
        facts = _Facts.of(_chunks(copy))  # type: ignore[arg-type]
        return cls(copy, encoding, "utf-8", 0, size, facts)  # type: ignore[arg-type]

    def head(self, characters: int) -> str:
        """The first characters of the text (for the delimiter and the kind of file)."""
        self.file.seek(self.start)
        raw = _read(self.file, min(characters * 4, self.size - self.start))
        return codecs.getincrementaldecoder(self.codec)(errors="replace").decode(raw)[:characters]

    def lines(self) -> Iterator[str]:
        """The text's lines with their endings, one at a time; `position` is where the last one ends."""
        end_of_line, codec = self.end_of_line, self.codec
        mend = self._mend if self.stray else None
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
                yield mend(line.decode(codec)) if mend else line.decode(codec)
            while (end := chunk.find(end_of_line, begin)) >= 0:
                position += end + 1 - begin
                self.position = position
                text = chunk[begin : end + 1].decode(codec)
                yield mend(text) if mend else text
                begin = end + 1
            pending = chunk[begin:]
        if pending or pieces:
            line = b"".join([pending, *pieces])
            self.position = position + len(line)
            yield mend(line.decode(codec)) if mend else line.decode(codec)

    def _mend(self, line: str) -> str:
        """A line with a stray line break of the other kind inside read as a space (a CR line's leading
        LF is the rest of a CR LF ending, dropped); `mended` says whether there was one."""
        if self.end_of_line == b"\n":
            body = line[:-2] if line.endswith("\r\n") else line[:-1] if line.endswith("\n") else line
            if "\r" not in body:
                return line
            self.mended = True
            return body.replace("\r", " ") + line[len(body) :]
        if line.startswith("\n"):
            line = line[1:]
        if "\n" in line:
            self.mended = True
            return line.replace("\n", " ")
        return line

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
        split = _split(text, self.end_of_line.decode())
        records = list(csv.reader(map(self._mend, split) if self.stray else split, delimiter=delimiter))
        if len(records) != len(lines):  # cannot happen: each span is whole records
            raise TranscriptError("The file changed while it was being read. Check it again.")
        return records


BINARY = (
    "This is not a CSV file or a workbook the checker can read (it contains binary data). "
    "Use a CSV file or an Excel workbook (.xlsx)."
)
HIGH = re.compile(rb"[\x80-\xff]+")
SAMPLES = 4096  # runs of non-ASCII bytes looked at to tell Mac Roman from Windows-1252


@dataclass
class _Facts:
    """What a text file's encoding and line endings are decided by, found in one pass over its bytes."""

    blank: bool = True
    utf8: bool = True
    cp1252: bool = True
    lf: int = 0  # line feeds
    lone_cr: int = 0  # carriage returns not followed by a line feed (an old Mac file's line ends)
    last: bytes = b""  # the last byte that is not a line ending, a tab or a space

    @classmethod
    def of(cls, chunks: Iterator[bytes]) -> _Facts:
        facts = cls()
        decoder = codecs.getincrementaldecoder("utf-8")()
        previous = b""
        for chunk in chunks:
            if facts.utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    facts.utf8 = False
            facts.blank = facts.blank and not chunk.strip(SPACE)
            facts.cp1252 = facts.cp1252 and not any(b in chunk for b in NOT_CP1252)
            facts.lf += chunk.count(b"\n")
            facts.lone_cr += chunk.count(b"\r") - chunk.count(b"\r\n") - (previous == b"\r" and chunk[:1] == b"\n")
            previous = chunk[-1:]
            facts.last = chunk.rstrip(b"\r\n\t ")[-1:] or facts.last
        if facts.utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                facts.utf8 = False
        return facts


def _samples(chunks: Iterator[bytes]) -> list[bytes]:
    """The first runs of non-ASCII bytes of a text, each with the byte before it and four after."""
    samples: list[bytes] = []
    for chunk in chunks:
        for run in HIGH.finditer(chunk):
            samples.append(chunk[max(run.start() - 1, 0) : run.end() + 4])
            if len(samples) == SAMPLES:
                return samples
    return samples


CONTRACTION = re.compile(r"(?:s|t|d|m|ll|re|ve)(?![^\W\d_])", re.IGNORECASE)  # don’t, EMT’s, we’ll
PUNCTUATION = "’‘“”–—…•°©®™\u00a0·€"  # what a title's non-letters usually are


def _plausibility(samples: list[bytes], codec: str) -> int:
    """How much the non-ASCII bytes of a text read in `codec` look like text: lower-case letters inside
    or at the end of words and capitals in their word's case (Peña, José, not JosŽ), apostrophes in
    contractions and possessives (don’t, nurses’, not donÕt), dashes and quotation marks beside words
    (Trauma – Review, not Trauma Ð Review); letters on their own or starting a word in lower case,
    bytes the encoding leaves undefined and rare symbols count against it. Mac Roman and Windows-1252
    put letters and punctuation at each other's places, so the right one reads better."""
    score = 0
    for sample in samples:
        text = sample.decode(codec, errors="replace")
        for index, char in enumerate(text):
            if char < "\x80":
                continue
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if char == "\ufffd":
                score -= 10
            elif char == "’" and before.isalpha():
                possessive = before in "sS" and not after.isalpha()
                score += 3 if possessive or CONTRACTION.match(text, index + 1) else 1
            elif char.isalpha():
                score += _letter_score(char, before.isalpha() and before, after.isalpha())
            elif char in "‘“":  # opens a quotation: before a word, not after one
                score += 1 if after.isalnum() and not before.isalpha() else -1
            elif char in PUNCTUATION:
                score += -1 if before.isalpha() and after.isalpha() else 1
            else:
                score -= 2
    return score


# The accented letters of the names and titles Massachusetts providers write (English, Spanish,
# Portuguese, French, German, Scandinavian); others (š, ž, ð, ƒ, ı) are rarer.
COMMON_LETTERS = frozenset("áàâäãåçéèêëíìîïñóòôöõúùûüÿøæœß" + "áàâäãåçéèêëíìîïñóòôöõúùûüøæœ".upper())


def _letter_score(char: str, before: str | bool, after: bool) -> int:
    """A letter's plausibility by its neighbours (`before`: the letter before it, or False)."""
    if not before and not after:
        return -1  # a letter on its own
    if char.islower():
        score = 2 if before and after else 1 if before else -1  # words seldom start with an accented letter
    else:
        score = -2 if before and str(before).islower() else 1  # a capital after a small letter: JosŽ
    return score if score < 0 or char in COMMON_LETTERS else score - 1


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


def _csv_rows(table: Table, text: TextFile) -> Iterator[Row]:
    # A cell may be as long as the file (a quotation mark never closed swallows the rest): csv's
    # default limit of 128 KB would end the reading with an error instead of the warning below.
    csv.field_size_limit(max(csv.field_size_limit(), text.size + 1))
    reader = csv.reader(text.lines(), delimiter=table.delimiter)
    ends, notes, reading = text.ends, table.notes, _reading
    line = 0
    last: list[str] = []
    mended: list[int] = []
    try:
        for line, record in enumerate(reader, 1):
            ends.append(text.position)
            if text.mended:
                mended.append(line)
                text.mended = False
            last = record
            table.line = line
            reading.table = table
            yield line, record
    except csv.Error as error:
        notes.append(
            Problem(
                "unreadable-rest",
                f"Line {line + 1} and after could not be read as CSV ({error}); they are not in the report.",
            )
        )
        return
    finally:
        if mended:
            notes.append(_stray_note(mended, text.end_of_line))
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


def _stray_note(lines: list[int], end_of_line: bytes) -> Problem:
    kind = "a carriage return (CR)" if end_of_line == b"\n" else "a line feed (LF)"
    return Problem(
        "stray-line-break",
        f"{_lines_named(lines)}: {kind} inside a row, where this file does not end its lines with one, was "
        "read as a space, so the rows after it are read as usual. Check those rows.",
    )


def _lines_named(lines: list[int]) -> str:
    """ "Line 5", "Lines 5, 9 and 12", "Lines 5, 6, 7, 8, 9 and 1,200 more": each line once, in order."""
    found = list(dict.fromkeys(lines))
    shown = ", ".join(map(str, found[:5]))
    if len(found) > 5:
        return f"Lines {shown} and {len(found) - 5:,} more"
    return f"Line {shown}" if len(found) == 1 else f"Lines {shown.rsplit(', ', 1)[0]} and {found[-1]}"


# ---- Workbooks -------------------------------------------------------------------------------

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
DATE_CODE = re.compile(r"[dmy]")
CELL_REF = re.compile(r"([A-Z]+)(\d*)")
HEADER_SCAN = 30  # rows of each sheet looked at when choosing the sheet
XML_CHUNK = 1 << 16  # unpacked bytes given to the XML parser at a time


TOO_LARGE_SHEET = "holds more rows or cells than a transcript can"
REPEATS = "repeats a row more times than a transcript can hold"


def _sheet_too_large() -> _Unreadable:
    return _Unreadable(f"the sheet {TOO_LARGE_SHEET}", _too_big(f"has a sheet that {TOO_LARGE_SHEET}"))


class _Unreadable(Exception):
    """A sheet that cannot be read past a row: why, for the note, and the sentence, if no row was read."""

    def __init__(self, why: str, error: TranscriptError) -> None:
        super().__init__(why)
        self.why, self.error = why, error


class _Workbook:
    """An opened workbook: its visible sheets, each read as a Table when asked for."""

    sheets: list[tuple[str, str]]  # name, and where its rows are (a part, or a place in one)
    format: str
    source: object

    def rows(self, where: str, table: Table) -> Iterator[Row]:
        raise NotImplementedError

    def table(self, index: int) -> Table:
        """The sheet's table, its rows read as they are asked for."""
        name, where = self.sheets[index]
        table = Table(rows=iter(()), format=self.format, sheet=name, source=self.source)
        table.rows = _guarded(table, self.rows(where, table))
        return table

    def best(self) -> Table:
        """The first sheet, unless a later one looks more like a transcript (more known headers); with a
        note naming the other sheets that look like transcripts too (a tracker's sheet per year)."""
        if len(self.sheets) == 1:
            return self.table(0)
        from .columns import header_score  # the header layer judges what looks like a transcript

        scores = [
            max((header_score(cells) for _, cells in _first(self.table(index).rows, HEADER_SCAN)), default=0)
            for index in range(len(self.sheets))
        ]
        best = scores.index(max(scores))
        table = self.table(best)
        others = [self.sheets[i][0] for i, score in enumerate(scores) if i != best and score >= TRANSCRIPT_SCORE]
        if others:
            names = ", ".join(f"“{n}”" for n in others)
            table.notes.append(
                Problem(
                    "other-sheets",
                    f"Only the sheet “{table.sheet}” was read; the sheet(s) {names} look like courses too and "
                    "are not in this report. To check them as well, save each sheet as its own file and check "
                    "the files together (recert check --combine, or drop them on the page at once).",
                )
            )
        return table


TRANSCRIPT_SCORE = 6  # a header naming a date, a title and hours (each counts 2): a sheet of courses


def _first(rows: Iterator[Row], n: int) -> list[Row]:
    """The first `n` rows, and the rest left unread (the sheet's part closed)."""
    out = []
    for row in rows:
        out.append(row)
        if len(out) == n:
            break
    close = getattr(rows, "close", None)
    if close is not None:
        close()
    return out


def _guarded(table: Table, rows: Iterator[Row]) -> Iterator[Row]:
    """A sheet's rows, each remembered as it is given out (`Table.line`, `last_read`). A sheet found
    unreadable part way (damaged, or beyond the bounds) ends there with a note, so the rows before it
    are still reported; one found so before its first row is refused with a sentence."""
    reading, last = _reading, 0
    try:
        for row in rows:
            table.line = last = row[0]
            reading.table = table
            yield row
    except _Unreadable as error:
        if not last:
            raise error.error from None
        table.notes.append(_rest_note(last, error.why))


def _workbook(file: BinaryIO, source: object) -> _Workbook:
    _check_directory(file)
    try:
        archive = zipfile.ZipFile(file)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error, NotImplementedError):
        raise TranscriptError(DAMAGED) from None
    if len(infos) > MAX_MEMBERS:
        raise _too_big(f"holds {len(infos):,} parts")
    names = set()
    for info in infos:
        name = info.orig_filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or "\x00" in name or ":" in parts[0]:
            raise _unsafe(name)
        if name in names:
            raise TranscriptError(DAMAGED)  # two parts of one name: which is the workbook's is anyone's guess
        names.add(name)
    if "xl/workbook.xml" in names:
        return _Xlsx(archive, source)
    if any(n.startswith("xl/") for n in names):
        raise TranscriptError(
            "The file is an Excel workbook (.xlsx) with parts missing (no xl/workbook.xml). "
            "Open it in your spreadsheet and save it again."
        )
    if "content.xml" in names and b"opendocument.spreadsheet" in _member(archive, "mimetype", limit=200):
        return _Ods(archive, source)
    if "word/document.xml" in names or "content.xml" in names:
        raise TranscriptError(
            "This is a word-processor document, not a table of courses. "
            f"Copy its table into a spreadsheet and save it as .xlsx or CSV, or {TEMPLATE_HINT}."
        )
    raise TranscriptError("This is a zip archive, not a transcript. Unzip it and check the CSV or .xlsx file inside.")


def _check_directory(file: BinaryIO) -> None:
    """The zip's list of parts, bounded before it is read (zipfile reads it whole, a part at a time)."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    start = max(0, size - (65535 + 22))
    file.seek(start)
    tail = _read(file, size - start)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return  # zipfile will say it is not a zip
    entries, directory = struct.unpack("<HL", tail[at + 10 : at + 16])
    locator = tail[at - 20 : at] if at >= 20 else b""
    if (entries == 0xFFFF or directory == 0xFFFFFFFF) and locator[:4] == b"PK\x06\x07":
        (where,) = struct.unpack("<Q", locator[8:16])
        if where < size:
            file.seek(where)
            record = file.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                entries, directory = struct.unpack("<QQ", record[32:48])
    if entries > MAX_MEMBERS or directory > MAX_DIRECTORY:
        raise _too_big(f"holds {entries:,} parts")


def _member(archive: zipfile.ZipFile, name: str, limit: int = MAX_SMALL_PART) -> bytes:
    """A small part, read whole ("" when the workbook has none)."""
    info = _info(archive, name)
    if info is None:
        return b""
    if info.file_size > limit:
        raise _too_big(f"has a part ({_cut(name)}) of {info.file_size / 2**20:,.0f} MB")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib.error):
        raise TranscriptError(DAMAGED_PART) from None


def _info(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo | None:
    try:
        return archive.getinfo(name)
    except KeyError:
        return None


def _bounded(archive: zipfile.ZipFile, names: Sequence[str]) -> None:
    """The parts to be read within the bounds before any is read: each part and all of them unpacked,
    and packed no tighter than a real workbook's (a part of a few kilobytes that unpacks to a gigabyte)."""
    total = 0
    for name in dict.fromkeys(names):
        info = _info(archive, name)
        if info is None:
            continue
        size = info.file_size
        if size > MAX_PART:
            raise _too_big(f"has a part that unpacks to {size / 2**20:,.0f} MB")
        if size > RATIO_GRACE and size > MAX_RATIO * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise _too_big(
                f"is packed {ratio:,} to 1 (a part of {info.compress_size / 2**20:,.1f} MB unpacks to "
                f"{size / 2**20:,.0f} MB)"
            )
        total += size
    if total > MAX_UNPACKED:
        raise _too_big(f"unpacks to {total / 2**20:,.0f} MB")


def _stream(archive: zipfile.ZipFile, name: str) -> BinaryIO:
    try:
        return archive.open(name)  # type: ignore[return-value]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, KeyError):
        raise TranscriptError(DAMAGED_PART) from None


UNPACK_ERRORS = (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib.error)


def _scan(archive: zipfile.ZipFile, name: str, tags: Sequence[bytes]) -> list[int]:
    """One pass over a part as it unpacks, before any of it is parsed: how many elements of each tag it
    holds (an upper bound: a longer tag with the same start counts too), and that it unpacks whole (a
    damaged part is found here, not after rows were read). A part that declares a document type (whose
    entities can multiply a few bytes into gigabytes) is refused: no spreadsheet writes one."""
    counts = [0] * len(tags)
    with _stream(archive, name) as stream:
        try:
            first = stream.read(CHUNK)
            prefix = _root_prefix(first)
            patterns = [b"<" + prefix + tag for tag in tags]
            keep = max((len(p) for p in patterns), default=1) - 1
            tail, chunk = b"", first
            while chunk:
                buffer = tail + chunk
                for index, pattern in enumerate(patterns):
                    counts[index] += buffer.count(pattern)
                tail = buffer[len(buffer) - keep :]
                chunk = stream.read(CHUNK)
        except UNPACK_ERRORS:
            raise TranscriptError(DAMAGED_PART) from None
    return counts


ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*")


def _root_prefix(data: bytes) -> bytes:
    """The namespace prefix of an XML part's first element (b"x:" for <x:worksheet>, b"" for none), from
    its first bytes; TranscriptError for a document type declaration, or for no element there."""
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while data[position : position + 1].isspace():
            position += 1
        if data.startswith((b"<!--", b"<?"), position):
            closing = b"-->" if data.startswith(b"<!--", position) else b"?>"
            end = data.find(closing, position)
            if end < 0:
                raise TranscriptError(DAMAGED_XML)
            position = end + len(closing)
        elif data.startswith(b"<!", position):
            raise _unsafe_xml()
        else:
            match = ROOT_TAG.match(data, position)
            if match is None:
                raise TranscriptError(DAMAGED_XML)
            return match[1] or b""


def _unsafe_xml() -> TranscriptError:
    return TranscriptError(
        "This workbook is damaged or unsafe: a part of it declares a document type, which no spreadsheet "
        "writes, so it was not read. Open the original in your spreadsheet and save it again."
    )


def _parse(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """A small part parsed whole (None when the workbook has none)."""
    xml = _member(archive, name)
    if not xml:
        return None
    _root_prefix(xml[:CHUNK])
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise TranscriptError(
            f"The workbook is damaged ({posixpath.basename(name)} is not readable XML). "
            "Open it in your spreadsheet and save it again."
        ) from None


def _int(text: str | None, default: int) -> int:
    """A number attribute as written by a spreadsheet; `default` for a missing or damaged one."""
    if text is None:
        return default
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 19 else default


class _Xlsx(_Workbook):
    format = "xlsx"

    def __init__(self, archive: zipfile.ZipFile, source: object) -> None:
        self.archive, self.source = archive, source
        workbook = _parse(archive, "xl/workbook.xml")
        if workbook is None:
            raise TranscriptError(DAMAGED)
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
                    raise _too_big(f"has more than {MAX_SHEETS} sheets")
        if not sheets:
            raise TranscriptError("The workbook has no sheet to read.")
        if len({path for _, path in sheets}) < len(sheets):
            raise TranscriptError(DAMAGED)  # two sheets on one part: no spreadsheet writes that
        self.sheets = sheets
        strings, styles = "xl/sharedStrings.xml", "xl/styles.xml"
        _bounded(archive, ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", styles, strings, *(p for _, p in sheets)])
        for name, path in sheets:
            if _info(archive, path) is None:
                continue
            rows, cells = _scan(archive, path, (b"row", b"c"))
            if rows > MAX_ROWS:
                raise _too_big(f"has a sheet (“{_cut(name)}”) of {rows:,} rows; a spreadsheet holds {MAX_ROWS:,}")
            if cells > MAX_CELLS:
                raise _too_big(f"has a sheet (“{_cut(name)}”) of {cells:,} cells")
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
                raise _Unreadable("the sheet is damaged there", TranscriptError(DAMAGED_SHEET)) from None
            except UNPACK_ERRORS:
                raise _Unreadable("the sheet is damaged there", TranscriptError(DAMAGED_PART)) from None
            finally:
                _damage_notes(table, renumbered, missing, beyond)


def _damage_notes(table: Table, renumbered: list[int], missing: list[int], beyond: list[int]) -> None:
    """The notes about the rows of a sheet read as well as they could be (each line listed once)."""

    if renumbered:
        table.notes.append(
            Problem(
                "damaged-cells",
                f"{_lines_named(renumbered)}: the workbook's row numbers there are damaged, so these rows are numbered "
                "by their place in the sheet. Open the workbook in your spreadsheet and save it again.",
            )
        )
    if missing:
        table.notes.append(
            Problem(
                "damaged-cells",
                f"{_lines_named(missing)}: a cell points at a text the workbook does not hold (a damaged "
                "workbook), so it was read as empty. Open the workbook in your spreadsheet and save it again.",
            )
        )
    if beyond:
        table.notes.append(
            Problem(
                "cells-beyond-last-column",
                f"{_lines_named(beyond)}: cells beyond column {_column_name(MAX_COLUMNS - 1)}, further right than a "
                "transcript goes, were not read.",
            )
        )


def _column_name(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
        raise _too_big(f"holds {count:,} different texts")
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
            raise TranscriptError(
                "The workbook is damaged (sharedStrings.xml is not readable XML). Open it in your spreadsheet and "
                "save it again."
            ) from None
        except UNPACK_ERRORS:
            raise TranscriptError(DAMAGED_PART) from None
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
            raise TranscriptError(DAMAGED_XML) from None
        except UNPACK_ERRORS:
            raise TranscriptError(DAMAGED_PART) from None
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
ODS_CELLS = (T + "table-cell", T + "covered-table-cell")
CONTENT = "content.xml"


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
            raise TranscriptError("The spreadsheet has no sheet to read.")

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
                            raise _Unreadable(f"the sheet {REPEATS}", _too_big(REPEATS))
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
                raise _Unreadable("the sheet is damaged there", TranscriptError(DAMAGED_SHEET)) from None
            except UNPACK_ERRORS:
                raise _Unreadable("the sheet is damaged there", TranscriptError(DAMAGED_PART)) from None
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
                raise TranscriptError(DAMAGED_XML) from None
            except UNPACK_ERRORS:
                raise TranscriptError(DAMAGED_PART) from None
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
                    raise _too_big(f"has more than {MAX_SHEETS} sheets")
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
                raise _too_big(REPEATS)
            if self.cells > MAX_CELLS:
                raise _too_big(f"has a sheet that {TOO_LARGE_SHEET}")


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
