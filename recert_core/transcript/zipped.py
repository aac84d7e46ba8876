"""What the workbook readers share: a zip opened within bounds (parts, sizes, ratios and names checked
before anything is unpacked), XML parsed safely, and a sheet's rows given out with where they were."""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from typing import BinaryIO
from xml.etree import ElementTree

from ..problems import say, sentence
from .table import (
    CHUNK,
    MAX_COLUMNS,
    MAX_DIRECTORY,
    MAX_MEMBERS,
    MAX_PART,
    MAX_RATIO,
    MAX_SMALL_PART,
    MAX_UNPACKED,
    RATIO_GRACE,
    Row,
    Table,
    TranscriptError,
    _cut,
    _lines_named,
    _read,
    _reading,
    _rest_note,
    _too_big,
)

XML_CHUNK = 1 << 16  # unpacked bytes given to the XML parser at a time


def _sheet_too_large() -> _Unreadable:
    return _Unreadable(sentence("reading.unreadable.too-large"), _too_big(sentence("reading.too-big.sheet")))


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
        raise _too_big(sentence("reading.too-big.parts", count=entries))


def _member(archive: zipfile.ZipFile, name: str, limit: int = MAX_SMALL_PART) -> bytes:
    """A small part, read whole ("" when the workbook has none)."""
    info = _info(archive, name)
    if info is None:
        return b""
    if info.file_size > limit:
        raise _too_big(sentence("reading.too-big.part", name=_cut(name), size=info.file_size / 2**20))
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib.error):
        raise TranscriptError(sentence("reading.refused.damaged-part")) from None


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
            raise _too_big(sentence("reading.too-big.part-unpacks", size=size / 2**20))
        if size > RATIO_GRACE and size > MAX_RATIO * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            packed, unpacked = info.compress_size / 2**20, size / 2**20
            raise _too_big(sentence("reading.too-big.packed", ratio=ratio, packed=packed, size=unpacked))
        total += size
    if total > MAX_UNPACKED:
        raise _too_big(sentence("reading.too-big.unpacks", size=total / 2**20))


def _stream(archive: zipfile.ZipFile, name: str) -> BinaryIO:
    try:
        return archive.open(name)  # type: ignore[return-value]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, KeyError):
        raise TranscriptError(sentence("reading.refused.damaged-part")) from None


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
            raise TranscriptError(sentence("reading.refused.damaged-part")) from None
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
                raise TranscriptError(sentence("reading.refused.damaged-xml"))
            position = end + len(closing)
        elif data.startswith(b"<!", position):
            raise _unsafe_xml()
        else:
            match = ROOT_TAG.match(data, position)
            if match is None:
                raise TranscriptError(sentence("reading.refused.damaged-xml"))
            return match[1] or b""


def _unsafe_xml() -> TranscriptError:
    return TranscriptError(sentence("reading.refused.unsafe-xml"))


def _parse(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """A small part parsed whole (None when the workbook has none)."""
    xml = _member(archive, name)
    if not xml:
        return None
    _root_prefix(xml[:CHUNK])
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise TranscriptError(sentence("reading.refused.damaged-named", part=posixpath.basename(name))) from None


def _int(text: str | None, default: int) -> int:
    """A number attribute as written by a spreadsheet; `default` for a missing or damaged one."""
    if text is None:
        return default
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 19 else default


def _damage_notes(table: Table, renumbered: list[int], missing: list[int], beyond: list[int]) -> None:
    """The notes about the rows of a sheet read as well as they could be (each line listed once)."""

    if renumbered:
        table.notes.append(say("damaged-cells", "renumbered", lines=_lines_named(renumbered)))
    if missing:
        table.notes.append(say("damaged-cells", lines=_lines_named(missing)))
    if beyond:
        last = _column_name(MAX_COLUMNS - 1)
        table.notes.append(say("cells-beyond-last-column", lines=_lines_named(beyond), column_name=last))


def _column_name(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
