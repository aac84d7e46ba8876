"""Reading whole files into a `Transcript`: the entry points, and the page's column-step preview.

Each file (or each sheet of a workbook that shares the transcript's header: a tracker's tab per
year) becomes a `Source`; the whole date column is counted before any row becomes a course, so the
order of its dates is the column's, not each cell's; then every row is accounted for: a course, a
row that is not one (skipped, with its reason), or a blank line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..problems import say, sentence
from .columns import (
    HEADER_SCAN,
    SAMPLE,
    ColumnChoice,
    ColumnSpec,
    choices_for,
    find_header,
    fold,
    header_score,
    missing_name,
)
from .course import Course, Transcript
from .dates import MONTH_FIRST
from .notes import notes_for
from .rows import courses_of, is_footer, note_person_line, note_summary
from .source import Source, columns_of, open_source
from .tables import Binary, Row, Table, TranscriptError, read_tables

Files = Binary | Sequence[tuple[str, Binary]]  # one file's bytes or binary file, or several, named
TRANSCRIPT_SCORE = 6  # a header naming a date, hours and a course (each counts 2): a sheet of courses
SHEET_MARK = " › "  # "tracker.xlsx › 2025": a row's file and sheet, when a workbook gave several


def sources(data: Files, mapping: ColumnSpec | Sequence[ColumnSpec], assumed: str = MONTH_FIRST) -> list[Source]:
    """Every file given opened: its header found and its columns decided (a workbook: each sheet that
    holds the transcript's courses)."""
    if isinstance(data, bytes | bytearray | memoryview) or hasattr(data, "read"):
        return _open("", data, choices_for(mapping, 1)[0], assumed)  # type: ignore[arg-type]
    if not data:
        raise TranscriptError(sentence("reading.refused.no-file"))
    choices = choices_for(mapping, len(data))
    opened: list[Source] = []
    for (name, content), choice in zip(data, choices, strict=True):
        opened += _open(name, content, choice, assumed)
    return opened


def _open(name: str, data: Binary, choice: ColumnChoice, assumed: str) -> list[Source]:
    try:
        tables = read_tables(data)
    except TranscriptError as error:
        raise error.named(name) from None
    opened = (
        [open_source(name, tables[0], choice, assumed)] if len(tables) == 1 else _sheets(name, tables, choice, assumed)
    )
    for source in opened:
        if not source.columns.roster:  # "User: Pat Doe" above the header: the person of the rows below
            for _, cells in source.above:
                note_person_line(source, cells)
    return opened


def _sheets(name: str, tables: list[Table], choice: ColumnChoice, assumed: str) -> list[Source]:
    """A workbook's sheets: the one that looks most like a transcript, and every other sheet with the same
    header (a tracker's tab per year), each read; sheets of courses under another header are named in a
    note, not read."""
    opened: list[tuple[int, Source]] = []
    failed: list[tuple[int, TranscriptError]] = []
    for index, table in enumerate(tables):
        label = f"{name}{SHEET_MARK}{table.sheet}" if name else table.sheet
        try:
            source = open_source(label, table, choice, assumed)
        except TranscriptError as error:
            failed.append((index, error))
            continue
        opened.append((header_score(source.columns.header), source))
    if not opened:
        # the sheet that came closest (the fewest columns missing; a cover sheet lacks them all), else the first
        closest = min(failed, key=lambda item: (not item[1].missing, len(item[1].missing), item[0]))[1]
        raise _sheet_error(name, closest) from None
    # the sheets that look like transcripts; where none does clearly (a sign-in sheet names few fields),
    # every sheet that could be read, so that a sheet like the one read is never left out in silence
    good = [(score, s) for score, s in opened if score >= TRANSCRIPT_SCORE] or opened
    best = max(good, key=lambda item: item[0])[1]
    same = [s for _, s in good if _same_header(s, best)]
    others = [s for _, s in good if not _same_header(s, best)]
    if len(same) == 1:
        best.name = name  # one sheet read: its rows are the file's, as for any workbook
    if others:
        named = ", ".join(f"“{s.table.sheet}”" for s in others)
        read = ", ".join(f"“{s.table.sheet}”" for s in same)
        best.table.notes.append(say("other-sheets", read=read, others=named))
    if len(same) > 1:
        named = ", ".join(f"“{s.table.sheet}”" for s in same)
        best.table.notes.append(say("sheets-read", count=len(same), sheets=named))
    for index, refusal in failed:  # a sheet of courses but for one column: its courses are not in the report
        if len(refusal.missing) == 1:
            field = missing_name(refusal.missing[0])
            best.table.notes.append(say("sheet-unreadable", sheet=tables[index].sheet, field=field))
    return same


def _same_header(a: Source, b: Source) -> bool:
    def cells(source: Source) -> list[str]:
        folded = [fold(c) for c in source.columns.header]
        while folded and not folded[-1]:
            folded.pop()
        return folded

    return cells(a) == cells(b)


def _sheet_error(name: str, error: TranscriptError) -> TranscriptError:
    return error if not name or str(error).startswith(name) else error.named(name)


def read_transcript(
    data: Files, *, columns: ColumnSpec | Sequence[ColumnSpec] = None, assumed: str = MONTH_FIRST
) -> Transcript:
    """Read one file's bytes, or several (name, bytes) files as one transcript.

    `columns` maps fields to headers as the user named them (`{"hours": "Duration"}`) and wins over
    the header and the cells, and names the columns not to read (`ignore`) and the order of the dates
    (`dates`); a list gives each file its own. `assumed` is the order of dates no cell settles (the
    reader's own locale's), said in a note. Raises TranscriptError when a file as a whole cannot be used.
    """
    return read_sources(sources(data, columns, assumed))


def read_sources(opened: list[Source]) -> Transcript:
    """The courses of files already opened, as one transcript."""
    transcript = empty_transcript(opened)
    for source in opened:
        rows = list(source.rows)  # each cell is kept by its course anyway: the date column is counted first
        for line, cells in rows:
            source.tally_dates(line, cells)
        source.decide_dates()
        for item in row_courses(source, iter(rows)):
            if isinstance(item, int):
                transcript.blank_lines.append(item)
            else:
                transcript.courses.append(item)
        transcript.notes += notes_for(source)
    return transcript


def row_courses(source: Source, rows: Iterator[Row]) -> Iterator[Course | int]:
    """Each row's courses (a blank line: its number), with the person a line of its own names above it."""
    for line, cells in rows:
        source.table.at(line)  # the row in use, for a message about an unexpected error (the rows were read ahead)
        if not any(c.strip() for c in cells):
            yield line
            continue
        found = courses_of(source, line, cells)
        first = found[0]
        # A row with a course's date or hours is a course; only the others may be a person's line or a footer.
        named = note_person_line(source, cells) if first.date is None and first.hours is None else ""
        if named:
            found = found[:1]
            found[0].problems = [say("not-a-course", "person", text=named[:60])]
        elif (
            first.date is None
            and first.hours is None
            and not first.skipped
            and is_footer(cells, source.columns, source)
        ):
            text = next(c for c in cells if c.strip()).strip()
            found = found[:1]
            found[0].problems = [say("footer-row", "roster", text=text[:60])]
        for course in found:
            note_summary(source, course)
            if source.group and source.person_of is None:
                course.person = source.group
            yield course


def empty_transcript(opened: list[Source]) -> Transcript:
    first = opened[0]
    names: dict[str, str] = {}
    ignored: list[str] = []
    for source in opened:
        for name, header in source.columns.names.items():
            names.setdefault(name, header)
        ignored += [c for c in source.columns.ignored if c not in ignored]
    for source in opened:
        if source.subjects and "component" in names:
            names.setdefault("topic", names.pop("component"))
    files = list(dict.fromkeys(s.name for s in opened if s.name))
    return Transcript(
        courses=[],
        header=[c.strip() for c in first.columns.header],
        blank_lines=[],
        encoding=first.table.encoding,
        delimiter=first.table.delimiter,
        columns=names,
        ignored_columns=ignored,
        header_line=first.header_line,
        format=first.table.format,
        files=files,
        sheet=first.table.sheet,
    )


PREVIEW_ROWS = 10


def preview(
    data: bytes | Sequence[tuple[str, bytes]],
    *,
    columns: ColumnSpec | Sequence[ColumnSpec] = None,
) -> list[dict]:
    """What the page's column step shows, per file: the header found, its first rows, which column was
    taken as what (the header's words and the first rows' cells, as the check decides), and which
    required fields are missing (`columns`: one choice, or one per file). TranscriptError for a file
    that has no table."""
    files = [("", bytes(data))] if isinstance(data, bytes | bytearray | memoryview) else list(data)
    out = []
    for (name, content), choice in zip(files, choices_for(columns, len(files)), strict=True):
        try:
            table = _best_table(bytes(content))
            head: list[Row] = []
            for row in table.rows:
                head.append(row)
                if len(head) == HEADER_SCAN + SAMPLE:
                    break
            index = find_header(head[:HEADER_SCAN], choice)
            below = head[index + 1 :]
            guessed = columns_of(head, index, choice)[0]
        except TranscriptError as error:
            raise error.named(name) from None
        out.append(
            {
                "name": name,
                "format": table.format,
                "sheet": table.sheet,
                "header_line": head[index][0],
                "header": [" ".join(c.split()) for c in guessed.header],
                "rows": [{"line": line, "cells": cells} for line, cells in below[:PREVIEW_ROWS]],
                "columns": guessed.names,
                "by_cells": guessed.by_cells,
                "missing": guessed.missing,
                "ignored": guessed.ignored,
                "roster": guessed.roster,
            }
        )
    return out


def _best_table(content: bytes) -> Table:
    """The sheet the check would read first (the column step shows it)."""
    tables = read_tables(content)
    if len(tables) == 1:
        return tables[0]
    scored = []
    for index, table in enumerate(tables):
        head: list[Row] = []
        for row in table.rows:
            head.append(row)
            if len(head) == HEADER_SCAN:
                break
        score = max((header_score(cells) for _, cells in head), default=0)
        scored.append((score, -index))
    best = -max(scored)[1]
    return read_tables(content)[best]
