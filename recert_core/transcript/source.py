"""One file (or one sheet) being read: its table, the header found, its columns decided, and what is
known of each column as a whole before any row becomes a course (the order of its dates, the unit of
its hours, whether its "Category" holds subjects)."""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Callable, Iterator

from .blocks import block_facts
from .cells import looks_like_approval
from .columns import (
    HEADER_SCAN,
    PERSON_FIELDS,
    SAMPLE,
    ColumnChoice,
    Columns,
    decide_columns,
    find_header,
    folded_header,
    header_again,
    missing_sentence,
    repeats_header,
)
from .dates import MONTH_FIRST, DateOrder, Decision, date_cell, date_within, decide_order
from .headers import COMPONENT_FIELDS, MARK_FIELDS
from .table import Row, Table, TranscriptError
from .values import BARE_NUMBER, LONG_COURSE, heading_component, parse_component, parse_component_topic

# Minutes as learning systems give them (10, 15, 20, 30, 45, 60, 90): whole numbers a Duration column
# holds may be these, or whole hours.
MINUTE_STEP = 5


class Source:
    """A file being read, and what is known of its columns as a whole. (A plain class: a dataclass's
    generated methods cost the page's start-up, and none of them was used.)"""

    def __init__(
        self,
        name: str,  # how the report names this file: its name, and its sheet when a workbook gave several
        table: Table,
        header_line: int,
        columns: Columns,
        rows: Iterator[Row],  # the rows below the header, lazily
        sample: list[Row],  # the first of them, which voted on the columns
        choice: ColumnChoice,
        above: list[Row] | None = None,  # the rows above the header (a title, "User: Pat Doe")
    ) -> None:
        self.name = name
        self.table = table
        self.header_line = header_line
        self.columns = columns
        self.rows = rows
        self.sample = sample
        self.choice = choice
        self.above: list[Row] = [] if above is None else above
        self.assumed: str = MONTH_FIRST  # the reader's own order for dates no cell settles
        self.tally = DateOrder()
        self.dates = Decision(MONTH_FIRST, "")
        self.hinted = False  # the file writes as Europe does (semicolons, decimal commas): dates day first
        self.hours_unit = ""  # "minutes", "minutes, guessed", "unsaid", "ambiguous" or "" (hours)
        self.subjects = False  # the component column holds subjects (Medicine, Trauma), not components
        self.named: list[str] = []  # people named on lines of their own ("User: Pat Doe")
        self.group = ""  # the person the last such line named: the rows below it are theirs
        self.summary = False  # below a total or summary line, and no dated row since: a summary block
        self.person_of: Callable[[list[str]], str] | None = None  # a roster's person of a row
        self.split: tuple[tuple[str, str], ...] = ()  # (component, field) of each component's hours column
        self.marked = False  # the file marks a course's component in that component's own column
        # The component the rows below a heading ("NATIONAL COMPONENT (20 hrs)") or on a sheet named for one
        # are in, and where it was said: the heading's text and line, or the sheet's name and line 0.
        self.section = ""
        self.section_said: tuple[str, int] = ("", 0)
        self.block: dict[str, str] = {}  # the facts of the first block's course (above the header)
        self.block_said: tuple[int, str] = (0, "")  # that line: its number and what it says
        # The lines that start each later block, with its course's facts: {} where a line between the blocks
        # does not say them (a heading unlike the class lines, or the headings again right after a block's rows).
        self.blocks: dict[int, dict[str, str]] = {}
        self.block_lines: list[int] = []  # the same lines, in order
        self.in_block = False  # a row of people read since the last line that starts a block

    def tally_dates(self, line: int, cells: list[str]) -> None:
        """Count a row's date cell toward its column's order (and note a block's course line)."""
        if self.columns.given:
            self._note_block(line, [_plain(c) for c in cells])
            if "date" in self.columns.given:
                return
        at = self.columns.positions["date"]
        if at < len(cells):
            text = _plain(cells[at])
            self.tally.add(date_within(text) if self.columns.date_in_status else text)

    def _note_block(self, line: int, cells: list[str]) -> None:
        """A line that starts a block: a class's line of facts (its date counted toward the order), a
        heading of one cell unlike them, or the headings again with no class line since the last rows."""
        facts = block_facts(cells)
        filled = [i for i, c in enumerate(cells) if c]
        people = {self.columns.positions[f] for f in PERSON_FIELDS if f in self.columns.positions}
        heading = len(filled) == 1 and filled[0] not in people  # one cell, and not a person's name
        again = header_again(cells, self.columns)
        if not (facts or heading or (self.in_block and again)):
            self.in_block = self.in_block or not again
            return
        self.blocks[line] = facts
        self.block_lines.append(line)
        self.in_block = False
        date = facts.get("date", "")
        if "date" in self.columns.given and date and date_cell(date).serial is None:
            self.tally.add(date)  # never a bare number as a date: "Date: 45735" is refused, not guessed

    def block_of(self, line: int) -> dict[str, str] | None:
        """The facts of the course of the block a row is in (None: its class line could not be read)."""
        at = bisect_left(self.block_lines, line) - 1
        if at < 0:
            return self.block
        facts = self.blocks[self.block_lines[at]]
        return facts or None

    def decide_dates(self) -> None:
        """The order of the date column, once every date cell is counted."""
        self.dates = decide_order(self.tally, self.choice.dates, self.hinted, self.assumed)


def open_source(name: str, table: Table, choice: ColumnChoice, assumed: str = MONTH_FIRST) -> Source:
    """The header found and the columns decided (TranscriptError naming the file when it cannot be)."""
    head: list[Row] = []
    for row in table.rows:
        head.append(row)
        if len(head) == HEADER_SCAN + SAMPLE:
            break
    try:
        index = find_header(head[:HEADER_SCAN], choice)
        sample = head[index + 1 :]
        columns, (line, cells, block) = columns_of(head, index, choice)
        if columns.missing:
            raise TranscriptError(
                missing_sentence(columns), missing_sentence(columns, page=True), missing=tuple(columns.missing)
            )
    except TranscriptError as error:
        raise error.named(name) from None
    source = Source(name, table, head[index][0], columns, _chain(sample, table.rows), sample, choice, head[:index])
    source.assumed = assumed
    source.block = dict(block)
    if "date" in columns.given and date_cell(block["date"]).serial is None:
        source.tally.add(block["date"])
    if columns.given:
        source.block_said = (line, " | ".join(c for c in cells if c))
    sheet_component = heading_component(table.sheet) if table.sheet else None
    if sheet_component:
        source.section, source.section_said = sheet_component, (table.sheet, 0)
    _instead_of_formulas(columns, sample, table.formulas, choice)
    source.hours_unit = _hours_unit(columns, sample)
    source.hinted = table.delimiter == ";" or _decimal_commas(columns, sample)
    if columns.roster:
        source.person_of = _person_of(columns)
    source.split = tuple((c, f) for c, f in COMPONENT_FIELDS.items() if f in columns.positions)
    source.marked = any(f in columns.positions for f in MARK_FIELDS.values())
    if "component" in columns.positions:
        source.subjects = _holds_subjects(columns.positions["component"], sample)
    return source


def columns_of(
    head: list[Row], index: int, choice: ColumnChoice
) -> tuple[Columns, tuple[int, list[str], dict[str, str]]]:
    """The columns of a table whose header is `head[index]` (the check's, and the page's column step's),
    with the class line above the header that its rows may take their course from (class_line_above)."""
    header = [_plain(c) for c in head[index][1]]
    above = class_line_above(head, index)
    rows = voters(header, head[index + 1 :])
    columns = decide_columns(header, rows, choice, above[2])
    take_class_line(columns, above[2], rows)
    return columns, above


def class_line_above(head: list[Row], index: int) -> tuple[int, list[str], dict[str, str]]:
    """The nearest line above the header (at `index`) that names a class's facts ("Class: CPR | Date:
    03/19/2025 | ..."): its line number, cells and facts; (0, [], {}) when there is none."""
    lines = ((n, [_plain(c) for c in cells]) for n, cells in reversed(head[:index]))
    return next(((n, c, f) for n, c in lines if (f := block_facts(c))), (0, [], {}))


def voters(header: list[str], rows: list[Row]) -> list[tuple[int, list[str]]]:
    """The rows below the header whose cells vote on what each column is: not a class's line of facts
    nor the header again (a sign-in sheet's next class), whose cells say nothing of the columns'."""
    wanted = folded_header(header)
    plain = ((n, [_plain(c) for c in cells]) for n, cells in rows)
    again = functools.partial(repeats_header, wanted=wanted, width=len(header))
    return [(n, cells) for n, cells in plain if not again(cells) and not block_facts(cells)]


def take_class_line(columns: Columns, block: dict[str, str], sample: list[tuple[int, list[str]]]) -> None:
    """An attendance list (its columns name people) under a class line: its rows take the course's facts
    the line says and no column gives (`columns.given`)."""
    if columns.roster:
        _attendees_numbers(columns, block, sample)
        columns.given = {name: value for name, value in block.items() if name not in columns.positions}


def _attendees_numbers(columns: Columns, block: dict[str, str], sample: list[tuple[int, list[str]]]) -> None:
    """A sign-in sheet whose class line gives the course's approval number ("OEMS #: T1-2201") and whose
    table has a column read as approval numbers of which no cell is one ("Cert #": E123456, 1234567):
    that column holds the attendees' own certification numbers, and the course's number is the class
    line's. (A column with any approval number in it stays the approval column: a row's own number
    is never replaced by the line above.)"""
    at = columns.positions.get("approval")
    if at is None or not looks_like_approval(block.get("approval", "")):
        return
    cells = [cells[at] for _, cells in sample if at < len(cells) and cells[at]]  # (voters: plain already)
    if not cells or any(looks_like_approval(cell) for cell in cells):
        return
    del columns.positions["approval"]
    columns.positions.setdefault("person_id", at)


def _instead_of_formulas(
    columns: Columns, rows: list[Row], formulas: dict[tuple[int, int], str], choice: ColumnChoice
) -> None:
    """An hours (or date) column of formulas that no spreadsheet computed (a file written by a program)
    holds no value: the next best column for the field is read instead where it has values (minutes
    beside a formula that would make them hours). The user's own choice is kept."""
    for name in ("hours", "date"):
        at = columns.positions.get(name)
        if at is None or name in choice.fields or not formulas:
            continue
        uncomputed = sum(1 for line, _ in rows if (line, at) in formulas)
        if not uncomputed or uncomputed * 2 < len(_cells_in(at, rows)) + uncomputed:
            continue
        for other, unit in columns.alternatives.get(name, []):
            if len(_cells_in(other, rows)) > uncomputed // 2 and not any((line, other) in formulas for line, _ in rows):
                columns.uncomputed = " ".join(columns.header[at].split())
                columns.positions[name] = other
                columns.units.pop(name, None)
                if unit:
                    columns.units[name] = unit
                columns.ignored.append(columns.header[at].strip())
                if columns.header[other].strip() in columns.ignored:
                    columns.ignored.remove(columns.header[other].strip())
                break
    if not columns.uncomputed and formulas:  # a column not read because its formulas hold no value: say so
        used = set(columns.positions.values())
        for at, header in enumerate(columns.header):
            if at not in used and any((line, at) in formulas for line, _ in rows) and not _cells_in(at, rows):
                columns.uncomputed = " ".join(header.split())
                break


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# Every character str.strip() takes off (those str.isspace() calls spaces), the invisible ones, and the
# "=" that starts a ="…" wrapper: a cell that neither starts nor ends with one of these is its own text.
SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
EDGES = frozenset(SPACES + INVISIBLE + "=")


def _plain(cell: str) -> str:
    """A cell's text, less spaces (and invisible characters: zero-width spaces, a stray byte-order mark)
    around it and the ="…" wrapper some exports put on every cell."""
    if cell and cell[0] not in EDGES and cell[-1] not in EDGES:  # most cells: nothing to take off
        return cell
    cell = cell.strip().strip(INVISIBLE).strip()
    if cell.startswith('="') and cell.endswith('"') and len(cell) >= 3:
        return cell[2:-1].replace('""', '"').strip()
    return cell


def _cells_in(position: int, rows: list[Row]) -> list[str]:
    """The column's cells that hold something, in the given rows."""
    return [_plain(cells[position]) for _, cells in rows if position < len(cells) and cells[position].strip()]


def _hours_unit(columns: Columns, rows: list[Row]) -> str:
    """What a bare number in the hours column is: "minutes" when the header says so ("Duration (min)") or
    the user does; for a header that does not say ("Duration"), "minutes, guessed" when it holds whole
    numbers over a day's course (30, 45, 90: an LMS's minutes, the cautious reading, with a note),
    "ambiguous" when it holds only whole numbers in steps of minutes (15, 20, 10: minutes or hours? each
    is refused with a reason, never counted as 45 hours), "unsaid" otherwise; "" (hours) for the rest."""
    unit = columns.units.get("hours", "")
    if unit != "unsaid" or "hours" not in columns.positions or "date" not in columns.positions:
        return unit
    position, date_at = columns.positions["hours"], columns.positions["date"]
    from .dates import looks_like_a_date  # the dated rows only: a total line's sum is not a course's minutes

    bare = [
        _plain(c[position])
        for _, c in rows
        if position < len(c)
        and BARE_NUMBER.fullmatch(_plain(c[position]))
        and date_at < len(c)
        and looks_like_a_date(_plain(c[date_at]))
    ]
    whole = [int(n) for n in bare if n.lstrip("-").isdigit()]
    if not bare or len(whole) < len(bare):
        return "unsaid"
    if any(n > LONG_COURSE for n in whole):
        return "minutes, guessed"
    if all(n >= 2 * MINUTE_STEP and n % MINUTE_STEP == 0 for n in whole):
        return "ambiguous"
    return "unsaid"


def _decimal_commas(columns: Columns, rows: list[Row]) -> bool:
    """The hours are written with a decimal comma (1,5): a European file, whose dates are day first."""
    if "hours" not in columns.positions:
        return False
    values = _cells_in(columns.positions["hours"], rows)
    return any("," in v and v.replace(",", "", 1).strip().isdigit() and not v.endswith(",000") for v in values)


def _holds_subjects(position: int, rows: list[Row]) -> bool:
    """A "Category" column of subjects: most of its filled cells are not components."""
    values = _cells_in(position, rows)
    unknown = sum(1 for v in values if not parse_component(v)[1] and not parse_component_topic(v)[2])
    return bool(values) and unknown * 2 > len(values)


def _person_of(columns: Columns) -> Callable[[list[str]], str]:
    """A function from a row's cells to the person it is about (name, and ID when there is one)."""
    positions = [
        columns.positions[f] for f in ("first_name", "last_name", "person", "person_id") if f in columns.positions
    ]

    def key(cells: list[str]) -> str:
        parts = [" ".join(_plain(cells[p]).split()) for p in positions if p < len(cells) and cells[p].strip()]
        return " ".join(parts)

    return key
