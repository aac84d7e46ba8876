"""A table of rows read from a file, what the reader refuses and why, and the bounds of what a transcript
can be: the values every format's reader shares (`tables.py` chooses the reader)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from ..problems import Problem, say, sentence

if TYPE_CHECKING:
    from .text import TextFile


class TranscriptError(Exception):
    """The file as a whole cannot be used. The message is meant for the user; `page` is the same
    sentence for the checker page's reader where the message speaks of the command line ("" when
    the message serves both)."""

    def __init__(self, message: str, page: str = "", missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.page = page
        self.missing = missing  # the required fields the file has no column for, where that is why

    def named(self, name: str) -> TranscriptError:
        """The same error about the file called `name` (one of several read as one)."""
        if not name:
            return self
        return TranscriptError(f"{name}: {self}", f"{name}: {self.page}" if self.page else "", self.missing)


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


def _unsafe(name: str) -> TranscriptError:
    return TranscriptError(sentence("reading.refused.unsafe-part", name=_cut(name)))


def _too_big(what: str) -> TranscriptError:
    """A workbook refused for its size; `what` is what it holds (a reading.too-big sentence)."""
    return TranscriptError(sentence("reading.refused.too-big", what=what))


def _rest_note(after: int, why: str) -> Problem:
    return say("unreadable-rest", "sheet", line=after, why=why)


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


def _lines_named(lines: list[int]) -> str:
    """ "Line 5", "Lines 5, 9 and 12", "Lines 5, 6, 7, 8, 9 and 1,200 more": each line once, in order."""
    found = list(dict.fromkeys(lines))
    if len(found) > 5:
        return sentence("reading.lines.many", lines=", ".join(map(str, found[:5])), more=len(found) - 5)
    if len(found) == 1:
        return sentence("reading.lines.one", line=found[0])
    return sentence("reading.lines.some", lines=", ".join(map(str, found[:-1])), last=found[-1])
