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

import io
import re
import struct
from typing import TYPE_CHECKING, BinaryIO

from ..problems import sentence
from .table import (
    HEAD,
    MAX_MEMBERS,
    OLE,
    ZIP,
    Binary,
    Row,
    Table,
    TranscriptError,
    _chunks,
    _read,
    _too_big,
    _unsafe,
    last_read,
)
from .text import TextFile, _csv_rows, _sniff_delimiter, decode

if TYPE_CHECKING:  # the workbook readers are imported when a workbook is given (a CSV's start stays lean)
    from .zipped import _Workbook

__all__ = ["Binary", "Row", "Table", "TranscriptError", "decode", "last_read", "read_tables"]


def read_tables(data: Binary) -> list[Table]:
    """Every table in a file: each visible sheet of a workbook, in order (each Table's `sheet` is its
    name, its rows read when asked for), or a text file's one table. TranscriptError for a file that
    has no table the checker can read."""
    opened = _open(data)
    if isinstance(opened, Table):
        return [opened]
    if isinstance(opened, list):
        return opened
    return [opened.table(index) for index in range(len(opened.sheets))]


def _open(data: Binary) -> Table | list[Table] | _Workbook:
    file = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
    file.seek(0)
    head = _read(file, HEAD)
    if head[:4] in ZIP:
        return _workbook(file, data)
    if head.startswith(OLE):
        raise TranscriptError(
            sentence("reading.refused.encrypted") if _encrypted(file) else sentence("reading.refused.old-xls")
        )
    if head.lstrip()[:5] == b"%PDF-":
        raise TranscriptError(sentence("reading.refused.pdf", hint=sentence("reading.refused.template-hint")))
    if head.lstrip()[:5].lower() in (b"{\\rtf",):
        raise TranscriptError(sentence("reading.refused.rtf", hint=sentence("reading.refused.template-hint")))
    text = TextFile.open(file, head)
    start = text.head(65536)
    markup = start.lstrip()[:1] == "<" and re.match(r"\s*<(!doctype|html|\?xml|table)", start, re.IGNORECASE)
    if markup or start.lstrip()[:1] in ("{", "["):
        tables = _markup(text, data)
        if tables:
            return tables
    if markup:
        raise TranscriptError(sentence("reading.refused.web-page"))
    table = Table(
        rows=iter(()), format="csv", encoding=text.encoding, delimiter=_sniff_delimiter(start), text=text, source=data
    )
    table.rows = _csv_rows(table, text)
    return table


def _markup(text: TextFile, source: object) -> list[Table]:
    """A web page's tables, an XML spreadsheet's sheets or a JSON export's records, as tables."""
    from .markup import markup_tables

    found = markup_tables("".join(text.lines()))
    return [
        Table(rows=iter(list(enumerate(rows, 1))), format=kind, encoding=text.encoding, sheet=name, source=source)
        for kind, name, rows in found
    ]


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


def _workbook(file: BinaryIO, source: object) -> _Workbook:
    import zipfile

    from .ods import _Ods
    from .xlsx import _Xlsx
    from .zipped import _check_directory, _member

    _check_directory(file)
    try:
        archive = zipfile.ZipFile(file)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error, NotImplementedError):
        raise TranscriptError(sentence("reading.refused.damaged")) from None
    if len(infos) > MAX_MEMBERS:
        raise _too_big(sentence("reading.too-big.parts", count=len(infos)))
    names = set()
    for info in infos:
        name = info.orig_filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or "\x00" in name or ":" in parts[0]:
            raise _unsafe(name)
        if name in names:
            raise TranscriptError(
                sentence("reading.refused.damaged")
            )  # two parts of one name: which is the workbook's is anyone's guess
        names.add(name)
    if "xl/workbook.xml" in names:
        return _Xlsx(archive, source)
    if any(n.startswith("xl/") for n in names):
        raise TranscriptError(sentence("reading.refused.parts-missing"))
    if "content.xml" in names and b"opendocument.spreadsheet" in _member(archive, "mimetype", limit=200):
        return _Ods(archive, source)
    if "word/document.xml" in names or "content.xml" in names:
        raise TranscriptError(sentence("reading.refused.word", hint=sentence("reading.refused.template-hint")))
    raise TranscriptError(sentence("reading.refused.zip"))
