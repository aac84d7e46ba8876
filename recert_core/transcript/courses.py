"""Rows to courses: the last reading step, and the only one that knows what a course is.

Every row below the header is accounted for: a course (with its problems), a row that is not a
course (a total, a note, a repeated header, a course not completed: `skipped` with a reason, never
counted), or a blank line. Nothing here judges a course against a cycle's rules: that is
`check.judge`.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from functools import cache

from ..problems import Problem
from .columns import (
    HEADER_SCAN,
    ColumnChoice,
    Columns,
    ColumnSpec,
    choices_for,
    find_header,
    fold,
    guess_columns,
    match_columns,
    vocabulary,
)
from .tables import Binary, Row, Table, TranscriptError, read_table
from .values import (
    BARE_NUMBER,
    LONG_COURSE,
    clean_approval,
    is_empty,
    parse_component,
    parse_component_topic,
    parse_date,
    parse_delivery,
    parse_hours_in,
    parse_pediatric,
    parse_status,
    parse_topic,
    says_pediatric,
)


@dataclass(slots=True)
class Course:
    """One row below the header: what it says, and what is wrong with it."""

    line: int  # as a spreadsheet numbers it (the header of a plain CSV is line 1)
    raw: dict[str, str]  # the cells read, by field name, as in the file
    cells: list[str] = field(default_factory=list)  # every cell of the row, as in the file
    file: str = ""  # the file's name; "" for one unnamed file
    date: date | None = None
    hours: Fraction | None = None  # exact: 20 min is 1/3 h
    component: str | None = None  # national, local, individual, or None for an elective or unmarked
    topic: str | None = None
    delivery: bool | None = None  # what the delivery column says: True distributive, False live, None not said
    pediatric: bool | None = None  # a pediatric column's yes or no, a title saying so; None: not said
    distributive: bool | None = None  # decided by the judge (approval number first, then delivery)
    approval: str = ""  # the approval number, cleaned: "" when the file gives none
    title: str = ""
    person: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        """Not a course at all (a total, a note, a course not completed)."""
        return any(p.effect == "skip" for p in self.problems)

    @property
    def rejected(self) -> bool:
        """Its hours cannot count as they stand: rejected, unverified or skipped."""
        return any(p.effect in ("reject", "unverified", "skip") for p in self.problems)


@dataclass
class Transcript:
    """One person's courses (or one file's), with how the file was read."""

    courses: list[Course]
    header: list[str]
    blank_lines: list[int]
    encoding: str
    delimiter: str  # "," ";" or tab for text; "" for a workbook
    columns: dict[str, str]  # field name -> header as written in the file
    ignored_columns: list[str]
    notes: list[Problem] = field(default_factory=list)  # about the file as a whole
    header_line: int = 1
    format: str = "csv"  # csv, xlsx or ods
    files: list[str] = field(default_factory=list)
    sheet: str = ""
    person: str | None = None


Files = Binary | Sequence[tuple[str, Binary]]  # one file's bytes or binary file, or several, named
MAX_TITLE = 300  # a longer title cell (a quote never closed swallows the file) is shown cut


@dataclass
class _Source:
    """One file being read: its table, the header found, and its column positions."""

    name: str
    table: Table
    header_line: int
    columns: Columns
    rows: Iterator[Row]
    subjects: bool = False  # the component column holds subjects (Medicine, Trauma), not components
    month_first: bool = False  # a slash or dash date was read month first
    day_first: bool = False  # a dotted date was read day first
    organisations: str = ""  # the header of a "Provider" column that names organisations, not people
    hours_unit: str = ""  # "minutes", "unsaid" (Duration: hours or minutes?) or "" (hours)
    named: list[str] = field(default_factory=list)  # people named on lines of their own ("User: Pat Doe")
    group: str = ""  # the person the last such line named: the rows below it are theirs
    summary: bool = False  # below a total or summary line, and no dated row since: a summary block
    person_of: Callable[[list[str]], str] | None = None  # a roster's person of a row


def _open(name: str, data: Binary, mapping: ColumnChoice) -> _Source:
    try:
        table = read_table(data)
    except TranscriptError as error:
        raise TranscriptError(f"{name}: {error}" if name else str(error)) from None
    head: list[Row] = []
    for row in table.rows:
        head.append(row)
        if len(head) == HEADER_SCAN:
            break
    try:
        index = find_header(head, mapping)
        columns = match_columns(list(head[index][1]), mapping)
    except TranscriptError as error:
        raise TranscriptError(f"{name}: {error}" if name else str(error)) from None
    rest = head[index + 1 :]
    organisations = _read_by_values(columns, rest, mapping.fields)
    source = _Source(name, table, head[index][0], columns, _chain(rest, table.rows))
    source.organisations = organisations
    source.hours_unit = _hours_unit(columns, rest)
    if columns.roster:
        source.person_of = _person_of(columns)
    else:
        for _, cells in head[:index]:
            _note_person_line(source, cells)
    if "component" in columns.positions:
        source.subjects = _holds_subjects(columns.positions["component"], rest)
    return source


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def _read_by_values(columns: Columns, rows: list[Row], mapping: Mapping[str, str]) -> str:
    """Where the first rows' cells overrule the header (the check and the page's column step alike):
    delivery and component swapped by what they hold, and a "Provider" column of organisations left
    unread (its header returned for the file's note, "" when none)."""
    _swap_by_values(columns, rows, mapping)
    return _organisations(columns, rows, mapping)


def _cells_in(position: int, rows: list[Row]) -> list[str]:
    """The column's cells that hold something, in the given rows."""
    return [cells[position] for _, cells in rows if position < len(cells) and cells[position].strip()]


def _swap_by_values(columns: Columns, rows: list[Row], mapping: Mapping[str, str]) -> None:
    """A column whose header says delivery but whose cells name components (a tracker's "Type":
    National, Local), or the other way round, is read as what its cells say, unless the user named it."""
    positions = columns.positions
    for said, meant, means in (("delivery", "component", _names_component), ("component", "delivery", _names_delivery)):
        if said in positions and said not in mapping and meant not in positions:
            values = _cells_in(positions[said], rows)
            if values and sum(map(means, values)) * 2 > len(values):
                positions[meant] = positions.pop(said)


def _hours_unit(columns: Columns, rows: list[Row]) -> str:
    """What a bare number in the hours column is: "minutes" when the header says so ("Duration (min)")
    or when a header that does not say ("Duration") holds whole numbers over a day's course (30, 45,
    90: an LMS's minutes, the cautious reading, with a note); "unsaid" when such a header holds
    numbers that could be either; "" (hours) otherwise."""
    spec = vocabulary()["columns"]["hours"]
    position = columns.positions["hours"]
    header = columns.header[position]
    words = set(fold(header).split())
    if words & {fold(w) for w in spec.get("minutes", [])} and not words & {"hour", "hours", "hr", "hrs", "ceh"}:
        return "minutes"
    if fold(header) not in {fold(h) for h in spec.get("unit_unsaid", [])}:
        return ""
    date_at = columns.positions["date"]
    bare = [  # from rows that are dated, so a total line's sum is not taken for a course's minutes
        c[position].strip()
        for _, c in rows
        if position < len(c)
        and BARE_NUMBER.fullmatch(c[position].strip())
        and date_at < len(c)
        and parse_date(_plain(c[date_at]))[0] is not None
    ]
    if bare and all(n.lstrip("-").isdigit() for n in bare) and any(int(n) > LONG_COURSE for n in bare):
        return "minutes, guessed"
    return "unsaid"


def _organisations(columns: Columns, rows: list[Row], mapping: Mapping[str, str]) -> str:
    """A person column under a header that may also mean the course's provider ("Provider Name"), whose
    cells name organisations (a CE vendor's or CAPCE's sheet), is not a person: it is left unread and
    its header returned for the file's note. The user's mapping wins."""
    position = columns.positions.get("person")
    if position is None or "person" in mapping:
        return ""
    header = columns.header[position]
    if fold(header) not in {fold(h) for h in vocabulary()["columns"]["person"].get("shared", [])}:
        return ""
    values = _cells_in(position, rows)
    if not values or sum(map(_looks_like_a_person, values)) * 2 > len(values):
        return ""
    del columns.positions["person"]
    columns.ignored.append(header.strip())
    return " ".join(header.split())


@cache
def _organisation_words() -> frozenset[str]:
    return frozenset(fold(w) for w in vocabulary()["values"]["organisation"]["words"])


def _looks_like_a_person(text: str) -> bool:
    """ "Pat Doe", "Doe, Pat J.", "Pat O'Neil, NRP": two to five words, no digits, no organisation word."""
    if any(ch.isdigit() for ch in text) or len(text) > 80:
        return False
    words = fold(text).split()
    return 2 <= len(words) <= 5 and not _organisation_words() & set(words)


def _names_component(text: str) -> bool:
    return parse_component(text)[0] is not None and parse_delivery(text) is None


def _names_delivery(text: str) -> bool:
    return parse_delivery(text) is not None and not parse_component(text)[1]


def _holds_subjects(position: int, rows: list[Row]) -> bool:
    """A "Category" column of subjects: most of its filled cells are not components."""
    values = _cells_in(position, rows)
    unknown = sum(1 for v in values if not parse_component(v)[1] and not parse_component_topic(v)[2])
    return bool(values) and unknown * 2 > len(values)


def _sources(data: Files, mapping: ColumnSpec | Sequence[ColumnSpec]) -> list[_Source]:
    if isinstance(data, bytes | bytearray | memoryview) or hasattr(data, "read"):
        return [_open("", data, choices_for(mapping, 1)[0])]  # type: ignore[arg-type]
    if not data:
        raise TranscriptError("No file was given.")
    choices = choices_for(mapping, len(data))
    return [_open(name, content, choice) for (name, content), choice in zip(data, choices, strict=True)]


def read_transcript(data: Files, *, columns: ColumnSpec | Sequence[ColumnSpec] = None) -> Transcript:
    """Read one file's bytes, or several (name, bytes) files as one transcript.

    `columns` maps fields to headers as the user named them (`{"hours": "Duration"}`) and wins over
    the vocabulary, and names the columns not to read (`ignore`); a list gives each file its own.
    Raises TranscriptError when a file as a whole cannot be used.
    """
    return _read(_sources(data, columns))


def _read(sources: list[_Source]) -> Transcript:
    transcript = _empty(sources)
    for source in sources:
        for item in _rows(source):
            if isinstance(item, int):
                transcript.blank_lines.append(item)
            else:
                transcript.courses.append(item)
        _finish(source, transcript.notes)
    return transcript


def read_people(data: Files, *, columns: ColumnSpec | Sequence[ColumnSpec] = None) -> Iterator[Transcript]:
    """A roster read person by person: one Transcript per person, in order of first appearance.

    Two passes over a text file: the first keeps only where each person's rows are (their line
    numbers, a few bytes a row), the second reads each person's rows again from the file when their
    turn comes. So memory grows with the largest person, not with the file. A workbook has no file to
    read its rows again from: its rows are kept packed as text until their person's turn. Rows with
    no person come last, as one transcript whose `person` is "(no name)". A file with no person
    column yields one transcript.
    """
    sources = _sources(data, columns)
    del data
    if not any(s.columns.roster for s in sources):
        transcript = _read(sources)
        if any(len(s.named) > 1 for s in sources):
            yield from _by_person_lines(transcript)
        else:
            yield transcript
        return
    notes: list[Problem] = []
    count = len(sources)
    people: dict[str, array[int]] = {}  # person -> their rows, each as line * count + source number
    kept: dict[int, str | list[str]] = {}  # a workbook's rows, each packed in one string "cell<US>cell..."
    blank: list[int] = []
    # Rows whose person cells are blank, by the person named last above them: a tracker that names
    # each person on their first row only. Given to that person only when the whole file has that
    # shape (see _carried_down); otherwise they are nobody's.
    after: dict[str, array[int]] = {}
    interleaved = False  # a person's rows come in more than one run: not grouped by person
    for number, source in enumerate(sources):
        key_of = source.person_of or (lambda _cells: "")
        date_at = source.columns.positions["date"]
        keep = source.table.text is None
        last, ended = "", set()
        for line, cells in source.rows:
            if not any(c.strip() for c in cells):
                blank.append(line)
                continue
            if date_at < len(cells):
                _note_order(source, parse_date(_plain(cells[date_at]))[2])
            code = line * count + number
            key = key_of(cells)
            if key and key != last:
                ended.add(last)
                interleaved = interleaved or key in ended
                last = key
            into, name = (after, last) if last and not key else (people, key)
            rows = into.get(name)
            if rows is None:
                rows = into[name] = array("q")
            rows.append(code)
            if keep:  # a tuple-free packing is a third of the memory; a cell holding the separator stays a list
                packed = "\x1f".join(cells)
                kept[code] = packed if packed.count("\x1f") == len(cells) - 1 else cells
        _finish(source, notes)
    _carried_down(people, after, interleaved, notes)
    if not people:  # a roster's header and no course: one empty transcript, reported as such
        transcript = _empty(sources)
        transcript.notes, transcript.blank_lines = notes, blank
        yield transcript
        return
    order = sorted(people, key=lambda p: p == "")
    for person in order:
        codes = people.pop(person)
        transcript = _empty(sources)
        transcript.notes = list(notes)
        transcript.person = person or "(no name)"
        for number, lines in _by_source(codes, count):
            source = sources[number]
            if source.table.text is not None:
                cells_of = source.table.again(lines)
            else:
                cells_of = [_unpack(kept.pop(line * count + number)) for line in lines]
            transcript.courses += [
                _course(source, line, cells, person or None) for line, cells in zip(lines, cells_of, strict=True)
            ]
        if not people:
            transcript.blank_lines = blank
        yield transcript


def _carried_down(
    people: dict[str, array[int]], after: dict[str, array[int]], interleaved: bool, notes: list[Problem]
) -> None:
    """Rows with blank person cells, given to the person named above them when the file names each
    person on their first row only: every person's rows in one run, and at least as many such rows
    as people (so most people have some). Otherwise they stay nobody's ("(no name)"): a row that
    merely lacks its name, in a roster sorted by date, could belong to anyone."""
    if not after:
        return
    unnamed = sum(len(rows) for rows in after.values())
    if interleaved or unnamed < len([p for p in people if p]):
        for rows in after.values():
            people.setdefault("", array("q")).extend(rows)
        return
    for person, rows in after.items():
        people[person] = array("q", sorted([*people[person], *rows]))
    notes.append(
        Problem(
            "person-carried-down",
            f"{unnamed:,} rows leave the person's name blank: the file names each person on their first row "
            "only, so each such row was taken as the courses of the person named above it.",
            "person",
        )
    )


def _by_person_lines(transcript: Transcript) -> Iterator[Transcript]:
    """A report grouped by person ("User: Pat Doe" on a line of its own above each one's courses, no
    person column) as a roster: each row belongs to the person named last above it, and each person
    is checked on their own. Rows above the first such line come last, as "(no name)". Read whole,
    in one pass: such reports come from one person's or one unit's export, not a state's roster."""
    notes = [n for n in transcript.notes if n.code != "several-people"]
    notes.append(
        Problem(
            "grouped-by-person",
            "Lines of their own name the person whose courses follow (such as “User: Pat Doe”), and the file "
            "has no person column: each row was taken as the courses of the person named last above it, and "
            "each person is checked on their own. Check that every person's courses sit under their name.",
            "person",
        )
    )
    people: dict[str, list[Course]] = {}
    for course in transcript.courses:
        people.setdefault(course.person or "", []).append(course)
    above = people.get("")
    if above is not None and all(c.skipped for c in above):  # a report's title lines: not anyone's courses
        first = next(p for p in people if p)
        at = {id(c): i for i, c in enumerate(transcript.courses)}
        people[first] = sorted(people.pop("") + people[first], key=lambda c: at[id(c)])
    order = sorted(people, key=lambda p: p == "")
    for index, person in enumerate(order):
        one = replace(transcript, courses=people[person], notes=list(notes), person=person or "(no name)")
        one.blank_lines = transcript.blank_lines if index == len(order) - 1 else []
        yield one


def _by_source(codes: array[int], count: int) -> Iterator[tuple[int, list[int]]]:
    """A person's rows as runs of (source number, lines), in file order."""
    run: list[int] = []
    current = -1
    for code in codes:
        line, number = divmod(code, count)
        if number != current and run:
            yield current, run
            run = []
        current = number
        run.append(line)
    if run:
        yield current, run


def _unpack(row: str | list[str]) -> list[str]:
    return row.split("\x1f") if isinstance(row, str) else row


def _empty(sources: list[_Source]) -> Transcript:
    first = sources[0]
    names: dict[str, str] = {}
    ignored: list[str] = []
    for source in sources:
        for name, header in source.columns.names.items():
            names.setdefault(name, header)
        ignored += [c for c in source.columns.ignored if c not in ignored]
    for source in sources:
        if source.subjects and "component" in names:
            names.setdefault("topic", names.pop("component"))
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
        files=[s.name for s in sources if s.name],
        sheet=first.table.sheet,
    )


def _finish(source: _Source, notes: list[Problem]) -> None:
    """File-level notes once the file is read (an unclosed quote is known only at the end)."""
    prefix = f"{source.name}: " if source.name else ""
    notes.extend(Problem(p.code, prefix + p.message, p.column) for p in source.table.notes)
    if source.month_first:
        notes.append(
            Problem(
                "month-first-dates",
                f"{prefix}Dates written with slashes or dashes (such as "
                "03/04/2025) were read month first: March 4, 2025.",
                "date",
            )
        )
    if source.day_first:
        notes.append(
            Problem(
                "day-first-dates",
                f"{prefix}Dates written with dots (such as 03.04.2025) were read day first, as in Europe: "
                "3 April 2025. If the file writes them month first, change them to YYYY-MM-DD.",
                "date",
            )
        )
    if len(source.named) > 1:
        shown = ", ".join(f"“{n}”" for n in source.named[:3]) + (" and others" if len(source.named) > 3 else "")
        notes.append(
            Problem(
                "several-people",
                f"{prefix}Lines of their own name more than one person ({shown}), but the file has no column "
                "saying whose each course is, so it was checked as ONE person's transcript: one person's courses "
                "may count for another. Check each person's courses in a file of their own, or add a column "
                "with the person's name (a roster).",
                "person",
            )
        )
    if source.hours_unit == "minutes, guessed":
        header = source.columns.names["hours"]
        notes.append(
            Problem(
                "minutes-column",
                f"{prefix}The column “{header}” holds whole numbers such as 30 or 90, as learning systems "
                "write minutes: they were read as minutes (90 = 1.5 hours). If they are hours, name the "
                "column Hours and check again.",
                "hours",
            )
        )
    if source.organisations:
        notes.append(
            Problem(
                "provider-not-person",
                f"{prefix}The column “{source.organisations}” names the courses' providers (organisations), not "
                "people, so it was not read and the file is checked as one person's transcript. If it is a "
                'roster of people, say so: recert check --columns person="' + source.organisations + '".',
                "person",
            )
        )
    if source.subjects:
        header = source.columns.names["component"]
        notes.append(
            Problem(
                "subjects-not-components",
                f"{prefix}The column “{header}” holds subjects (such as Medicine or Trauma), not National, Local "
                "or Individual. A subject does not say which component a course counts toward, so these courses "
                "count toward Local or Individual where they help, never National: to count one toward National, "
                "add a Component column (or use the editor) and mark it National.",
                "component",
            )
        )


def _note_order(source: _Source, read_as: str) -> None:
    """Remember that a numeric date was read one way round, for the file's note."""
    if read_as == "month":
        source.month_first = True
    elif read_as == "day":
        source.day_first = True


def _rows(source: _Source) -> Iterator[Course | int]:
    for line, cells in source.rows:
        if not any(c.strip() for c in cells):
            yield line
            continue
        named = _note_person_line(source, cells)
        course = _course(source, line, cells)
        if named:
            course.problems = [Problem("not-a-course", f"“{_cut(named)}”: the person whose courses follow.")]
        _note_summary(source, course)
        if source.group and source.person_of is None:
            course.person = source.group
        yield course


def _note_summary(source: _Source, course: Course) -> None:
    """A block of totals below the courses ("Summary", then "National, 20", "Hours remaining, 38"):
    after a total or summary line with no date, each row with no date is part of it and skipped, not
    a course with a bad date to fix. A dated row or the headings again end the block."""
    code = course.problems[0].code if course.problems else ""
    if code == "total-row" and course.date is None:
        source.summary = True
    elif course.date is not None or code == "repeated-header":
        source.summary = False
    elif source.summary and not course.skipped:
        first = next(c for c in course.cells if c.strip())
        said = f"“{_cut(first)}”: a line of the summary below the courses, not a course."
        course.problems = [Problem("total-row", said)]


# A line of its own naming a person, as a report grouped by person prints above each one's courses.
PERSON_LINE = re.compile(
    r"\s*(?:name|user|employee|learner|student|participant|member|transcript for|personnel)"
    r"(?:\s+name)?\s*[:\-\u2013]\s*(\S.{0,78})",
    re.IGNORECASE,
)


def _note_person_line(source: _Source, cells: list[str]) -> str:
    """The person a line names on its own ("User: Pat Doe"), remembered for the rows below it (a
    file with no person column), or "" when the line is not one."""
    filled = [text for c in cells if (text := c.strip())]
    if not filled or len(filled) > 3:
        return ""
    positions = source.columns.positions
    data_cells = [cells[positions[f]] for f in ("date", "hours") if f in positions and positions[f] < len(cells)]
    if any(c.strip() and c.strip() != filled[0] for c in data_cells):
        return ""  # a course's date or hours: a course row, whatever its first cell says
    # "Student: SMITH, SAM" unquoted in a CSV is two or three cells: the name is all of them.
    match = PERSON_LINE.fullmatch(", ".join(filled))
    if not match:
        return ""
    name = " ".join(match[1].split())
    source.group = name
    if name not in source.named and len(source.named) < 1000:  # for the file's note
        source.named.append(name)
    return name


def _person_of(columns: Columns) -> Callable[[list[str]], str]:
    """A function from a row's cells to the person it is about (name, and ID when there is one)."""
    positions = [
        columns.positions[f] for f in ("first_name", "last_name", "person", "person_id") if f in columns.positions
    ]

    def key(cells: list[str]) -> str:
        parts = [" ".join(_plain(cells[p]).split()) for p in positions if p < len(cells) and cells[p].strip()]
        return " ".join(parts)

    return key


def _course(source: _Source, line: int, cells: list[str], person: str | None = None) -> Course:
    positions = source.columns.positions
    raw = {name: _plain(cells[i]) if i < len(cells) else "" for name, i in positions.items()}
    title = raw["title"] if len(raw["title"]) <= MAX_TITLE else raw["title"][: MAX_TITLE - 1] + "…"
    course = Course(line=line, raw=raw, cells=cells, file=source.name, title=title)
    if source.person_of:
        course.person = person if person is not None else source.person_of(cells) or None
    problems = course.problems
    course.date, problem, read_as = parse_date(raw["date"])
    _note_order(source, read_as)
    if problem:
        problems.append(problem)
    course.hours, found = parse_hours_in(raw["hours"], source.hours_unit)
    problems.extend(found)
    course.approval = clean_approval(raw.get("approval", ""))
    if raw.get("delivery"):
        course.delivery = parse_delivery(raw["delivery"])
    _component_and_topic(course, raw, source.subjects)
    if raw.get("pediatric"):
        course.pediatric = parse_pediatric(raw["pediatric"])
    if course.pediatric is None and any(says_pediatric(raw.get(f, "")) for f in PEDIATRIC_MARKED):
        course.pediatric = True
    skip = _not_a_course(raw, cells, source.columns)
    if skip:  # its values are kept for the report, its findings replaced by the one that matters
        course.problems = [skip]
    return course


PEDIATRIC_MARKED = ("title", "topic", "topic_map", "component")  # cells that may say a course is pediatric


EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)  # ="0001": an export's way to keep Excel from reading a number


def _plain(cell: str) -> str:
    """A cell's text, less spaces around it and the ="…" wrapper some exports put on every cell."""
    cell = cell.strip()
    match = EXCEL_TEXT.fullmatch(cell) if cell.startswith('="') else None
    return match[1].replace('""', '"').strip() if match else cell


@cache
def _summary_start() -> re.Pattern[str]:
    """A cell that starts a total or summary line: "Total", "Grand total:", "TOTAL HOURS"."""
    words = sorted((fold(s) for s in vocabulary()["values"]["summary"]["starts"]), key=len, reverse=True)
    alternatives = "|".join(r"\W*".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"\W*(?:{alternatives})(?:\W|$)", re.IGNORECASE)


def _not_a_course(raw: dict[str, str], cells: list[str], columns: Columns) -> Problem | None:
    """Why a row below the header is not a course, or None when it is one."""
    first = next(c for c in cells if c.strip())
    for text in (first, raw["title"]) if not raw["date"] else (first,):
        if _summary_start().match(text):
            return Problem("total-row", f"“{_cut(text)}” is a total or summary line, not a course.")
    date_at = columns.positions["date"]
    if (
        raw["date"]
        and fold(raw["date"]) == fold(columns.header[date_at])
        and _filled([fold(c) for c in cells[: len(columns.header)]]) == _filled([fold(h) for h in columns.header])
    ):
        return Problem("repeated-header", "The column headings again (a new page of the export), not a course.")
    status = raw.get("status", "")
    done = parse_status(status) if status else True
    if done is False:
        return Problem(
            "not-completed", f"Status “{_cut(status)}”: the course was not completed, so it does not count.", "status"
        )
    if done is None:
        return Problem(
            "status-unclear",
            f"Status “{_cut(status)}” does not say the course was completed, so it is not counted. If it was "
            "completed, change the status to Completed (or use the editor).",
            "status",
        )
    when = raw["date"]
    if when and raw["title"] and parse_date(when)[0] is None and parse_status(when) is False:
        return Problem(  # an LMS with no status column writes it where the completion date would be
            "not-completed",
            f"Completion date “{_cut(when)}”: the course was not completed, so it does not count.",
            "date",
        )
    if not raw["hours"] and not (raw["date"] and raw["title"]) and sum(1 for c in cells if c.strip()) == 1:
        return Problem("not-a-course", f"Only “{_cut(first)}” on this line: a note or a heading, not a course.")
    if not raw["title"] and parse_date(raw["date"])[0] is None:
        return Problem("not-a-course", f"No title and no date (“{_cut(first)}”): a summary or a note, not a course.")
    return None


def _filled(cells: list[str]) -> list[str]:
    """The cells less the empty ones at the end (a row's trailing empty columns vary)."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _cut(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _component_and_topic(course: Course, raw: dict[str, str], subjects: bool) -> None:
    text = raw.get("component", "")
    topic_text = "" if is_empty(raw.get("topic", "")) else raw.get("topic", "")
    if subjects:
        if not topic_text and text:
            course.topic = parse_topic(text)  # a subject that names a national topic; others are dropped
    elif text:
        course.component, understood = parse_component(text)
        if not understood:
            course.component, course.topic, understood = parse_component_topic(text)
            if understood and course.topic is None and not topic_text:
                course.problems.append(_no_topic(text, "Component"))
        if not understood:
            course.problems.append(
                Problem(
                    "bad-component",
                    f"Component “{_cut(text)}” is not National, Local, Individual or an elective "
                    "(leave it blank to let the checker place the course).",
                )
            )
    topic_map = "" if is_empty(raw.get("topic_map", "")) else raw.get("topic_map", "")
    if topic_map:
        topic = parse_topic(topic_map)
        _, named, marked = parse_component_topic(topic_map)
        if topic or marked:
            course.component, course.topic = "national", topic or named
            if course.topic is None:
                course.problems.append(_no_topic(topic_map, "Recert Topic Map"))
        else:
            component, understood = parse_component(topic_map)
            if understood:
                course.component = component or course.component
            else:
                course.problems.append(
                    Problem(
                        "unknown-topic",
                        f"Recert Topic Map “{_cut(topic_map)}” is not a national topic or a "
                        "component; the course is placed where it helps but not counted toward topic hours.",
                        "topic",
                    )
                )
    if topic_text:
        course.topic = parse_topic(topic_text)
        if course.topic is None:
            course.problems.append(
                Problem(
                    "unknown-topic",
                    f"Topic “{_cut(topic_text)}” is not one of the national topics; it is not "
                    "counted toward topic hours.",
                )
            )


def _no_topic(text: str, column: str) -> Problem:
    return Problem(
        "unknown-topic",
        f"{column} “{_cut(text)}” says National but names none of the national topics; the course counts "
        "toward National, not toward topic hours.",
        "topic",
    )


PREVIEW_ROWS = 10


def preview(
    data: bytes | Sequence[tuple[str, bytes]], *, columns: ColumnSpec | Sequence[ColumnSpec] = None
) -> list[dict]:
    """What the page's column step shows, per file: the header found, its first rows, which column was
    taken as what, and which required fields are missing (`columns`: one choice, or one per file).
    TranscriptError for a file that has no table."""
    files = [("", bytes(data))] if isinstance(data, bytes | bytearray | memoryview) else list(data)
    out = []
    for (name, content), choice in zip(files, choices_for(columns, len(files)), strict=True):
        try:
            table = read_table(bytes(content))
            head: list[Row] = []
            for row in table.rows:
                head.append(row)
                if len(head) == HEADER_SCAN + PREVIEW_ROWS:
                    break
            index = find_header(head, choice)
            guessed = guess_columns(list(head[index][1]), choice)
            _read_by_values(guessed, head[index + 1 :], choice.fields)
        except TranscriptError as error:
            raise TranscriptError(f"{name}: {error}" if name else str(error)) from None
        out.append(
            {
                "name": name,
                "format": table.format,
                "sheet": table.sheet,
                "header_line": head[index][0],
                "header": [" ".join(c.split()) for c in guessed.header],
                "rows": [{"line": line, "cells": cells} for line, cells in head[index + 1 : index + 1 + PREVIEW_ROWS]],
                "columns": guessed.names,
                "missing": guessed.missing,
                "ignored": guessed.ignored,
                "roster": guessed.roster,
            }
        )
    return out
