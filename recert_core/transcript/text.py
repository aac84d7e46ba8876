"""Text files: CSV and tab-separated text in any common encoding (UTF-8 with or without BOM, UTF-16,
UTF-32, Windows-1252, Mac Roman, told apart by their bytes), read a line at a time and never held whole,
and read again by line (`Table.again`): a roster keeps where each person's rows are, not the rows."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from ..patterns import regex
from ..problems import Problem, say, sentence
from .table import (
    CHUNK,
    HEAD,
    MAX_COLUMNS,
    NOT_CP1252,
    SPACE,
    Row,
    Table,
    TranscriptError,
    _chunks,
    _lines_named,
    _read,
    _reading,
)


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
        # An old Mac file ends its lines with CR alone (a stray LF or two among them is mended); a file whose
        # lines end with CRLF is a Windows file, whatever carriage returns its quoted cells hold.
        self.end_of_line = b"\r" if facts.lone_cr > facts.lf and facts.crlf < 2 else b"\n"
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
            raise TranscriptError(sentence("reading.refused.empty"))
        if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
            return cls._transcoded(file, "utf-32", sentence("reading.refused.not-encoding", encoding="UTF-32"))
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return cls._transcoded(file, "utf-16", sentence("reading.refused.not-encoding", encoding="UTF-16"))
        sample = head[:4096].rstrip(b"\x00")  # zero bytes after the text (a download padded) say nothing
        if len(sample) >= 8:  # UTF-32 and UTF-16 with no BOM: the zero bytes of ASCII letters
            for encoding, zeros in (
                ("utf-32-le", sample[1::4] + sample[2::4] + sample[3::4]),
                ("utf-32-be", sample[0::4] + sample[1::4] + sample[2::4]),
                ("utf-16-le", sample[1::2]),
                ("utf-16-be", sample[0::2]),
            ):
                if zeros.count(0) >= len(zeros) * 0.9:
                    return cls._transcoded(file, encoding, sentence("reading.refused.binary"))
        nul = sample.count(0)
        if not sample or nul > 4 or nul * 100 > len(sample):  # more than a stray zero byte or two: not text
            raise TranscriptError(sentence("reading.refused.binary"))
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
        raise TranscriptError(sentence("reading.refused.encoding"))

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
        records = list(
            csv.reader(map(self._mend, split) if self.stray else split, delimiter=delimiter, skipinitialspace=True)
        )
        if len(records) != len(lines):  # cannot happen: each span is whole records
            raise TranscriptError(sentence("reading.refused.changed"))
        return records


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
    crlf: int = 0  # carriage returns followed by a line feed (a Windows file's line ends)
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
            pairs = chunk.count(b"\r\n") + (previous == b"\r" and chunk[:1] == b"\n")
            facts.crlf += pairs
            facts.lone_cr += chunk.count(b"\r") - pairs
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


CONTRACTION = regex(r"(?:s|t|d|m|ll|re|ve)(?![^\W\d_])", re.IGNORECASE)  # don’t, EMT’s, we’ll


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


LAST_COLUMN_NAME = "AMJ"  # the MAX_COLUMNS-th column, as a spreadsheet names it


def _csv_rows(table: Table, text: TextFile) -> Iterator[Row]:
    # A cell may be as long as the file (a quotation mark never closed swallows the rest): csv's
    # default limit of 128 KB would end the reading with an error instead of the warning below.
    csv.field_size_limit(max(csv.field_size_limit(), text.size + 1))
    # skipinitialspace: a hand-typed `"Course", "Date"` has its quotes read as quotes, not kept in the cell
    reader = csv.reader(text.lines(), delimiter=table.delimiter, skipinitialspace=True)
    ends, notes, reading = text.ends, table.notes, _reading
    line = 0
    last: list[str] = []
    mended: list[int] = []
    beyond: list[int] = []  # lines with cells further right than a transcript goes: cut there, as a workbook's
    try:
        for line, record in enumerate(reader, 1):
            ends.append(text.position)
            if text.mended:
                mended.append(line)
                text.mended = False
            if len(record) > MAX_COLUMNS:
                if any(cell.strip() for cell in record[MAX_COLUMNS:]):
                    beyond.append(line)
                record = record[:MAX_COLUMNS]
            last = record
            table.line = line
            reading.table = table
            yield line, record
    except csv.Error as error:
        notes.append(say("unreadable-rest", line=line + 1, error=error))
        return
    finally:
        if mended:
            notes.append(_stray_note(mended, text.end_of_line))
        if beyond:
            notes.append(say("cells-beyond-last-column", lines=_lines_named(beyond), column_name=LAST_COLUMN_NAME))
    # csv swallows everything after a quote that is never closed into one cell: say so.
    if last and any("\n" in cell for cell in last) and not text.closed_by_quote:
        swallowed = max(cell.rstrip("\r\n").count("\n") for cell in last)
        notes.append(say("unterminated-quote", line=line, count=swallowed))


def _stray_note(lines: list[int], end_of_line: bytes) -> Problem:
    if end_of_line == b"\n":
        return say("stray-line-break", lines=_lines_named(lines))
    return say("stray-line-break", "line-feed", lines=_lines_named(lines))
