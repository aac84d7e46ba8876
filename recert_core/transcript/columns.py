"""Finding the header row and deciding which column is which field: the header is the hint, the
cells are the evidence.

The header is found, not assumed (as messytables guesses headers): the first rows are scanned and
the row naming the most known fields wins, so title rows, blank rows and the page title the NREMT
export puts above its header are passed over. Each header is read by the words it carries
(`headers.py`); then each column's first cells vote (as frictionless and pandas infer a type from
the values): a header's reading its cells contradict is dropped (a "Comp" column of National and
Local is the component, not a completion status), and a column whose cells are unmistakably one
thing (approval numbers, component words) is read as that thing when its header said otherwise or
nothing. The user's choice always wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..problems import group, sentence
from .blocks import block_facts
from .cells import (
    accreditation_of,
    is_current,
    is_row_number,
    level_of,
    looks_like_a_course,
    looks_like_a_person,
    looks_like_approval,
    looks_like_text,
    yes_or_no,
)
from .dates import DAY_FIRST, MONTH_FIRST, date_within, looks_like_a_date
from .headers import COMPONENT_FIELDS, MARK_FIELDS, NOT_READ, Meaning, header_words, meanings
from .table import TranscriptError, _cut
from .values import (
    BARE_NUMBER,
    parse_component,
    parse_component_topic,
    parse_delivery,
    parse_hours,
    parse_status,
    parse_topic,
    topic_area,
    unit_of,
)
from .vocabulary import classes, fold

HEADER_SCAN = 30  # rows looked at for the header
SAMPLE = 200  # rows below the header whose cells vote on what each column is
REQUIRED = ("date", "hours")  # and the course named: a title, or its approval or course number
# Fields a user may name in a column mapping (--columns, the page's column step), and what each means.
# Every field a column can be, in the order the command line lists them; what each is, in words, is in
# the catalogue of sentences (reading.fields).
FIELDS = group(
    "reading.fields",
    (
        "date",
        "title",
        "hours",
        "minutes",
        "approval",
        "component",
        "topic_map",
        "topic",
        "delivery",
        "status",
        "current",
        "request_status",
        "hours_unit",
        "hours_national",
        "hours_local",
        "hours_individual",
        "pediatric",
        "person",
        "last_name",
        "first_name",
        "person_id",
        "accreditation",
        "level",
        "expires",
    ),
)
PERSON_FIELDS = ("person", "last_name", "first_name", "person_id")
SPLIT_HOURS = tuple(COMPONENT_FIELDS.values())
MARKS = tuple(MARK_FIELDS.values())
IGNORE = "ignore"  # `ignore=Header` in a mapping: a column not to read, whatever its name says
DATES = "dates"  # `dates=day-first` in a mapping: the order of the file's numeric dates
DATE_ORDERS = {"month-first": MONTH_FIRST, "day-first": DAY_FIRST, "month": MONTH_FIRST, "day": DAY_FIRST}


@dataclass(frozen=True)
class ColumnChoice:
    """The user's say on a file's columns: which header is which field, which headers are not read at
    all (a column the reader knows, marked "Not used"), and which way round its dates are. What it
    leaves unsaid is found from the header and the cells."""

    fields: dict[str, str] = field(default_factory=dict)  # field -> header as the user named it
    ignore: tuple[str, ...] = ()  # headers as the user named them
    dates: str = ""  # MONTH_FIRST, DAY_FIRST or "" (found from the cells)

    def __bool__(self) -> bool:
        return bool(self.fields or self.ignore or self.dates)


# A column choice as callers give it: a ColumnChoice, a plain mapping field -> header (with an optional
# "ignore" key: one header or a list of them, and "dates": "day-first"), or none.
ColumnSpec = ColumnChoice | Mapping[str, Any] | None


def column_choice(spec: ColumnSpec) -> ColumnChoice:
    """Any column choice as a ColumnChoice; ValueError with a sentence for an unknown field."""
    if isinstance(spec, ColumnChoice):
        return spec
    fields: dict[str, str] = {}
    ignore: list[str] = []
    dates = ""
    for name, value in (spec or {}).items():
        if name == IGNORE:
            listed = [value] if isinstance(value, str) else list(value or [])
            ignore += [str(v) for v in listed if str(v).strip()]
        elif name == DATES:
            if value and str(value).strip().lower() not in DATE_ORDERS:
                raise ValueError(sentence("reading.columns.dates", value=repr(value)))
            dates = DATE_ORDERS.get(str(value or "").strip().lower(), "")
        elif name not in FIELDS:
            raise ValueError(sentence("reading.columns.unknown-field", name=repr(name), fields=", ".join(FIELDS)))
        elif value:
            fields[name] = str(value)
    both = {fold(h) for h in fields.values()} & {fold(h) for h in ignore}
    if both:
        header = next(h for h in ignore if fold(h) in both)
        raise ValueError(sentence("reading.columns.both", header=header))
    return ColumnChoice(fields, tuple(ignore), dates)


def _choice(spec: ColumnSpec) -> ColumnChoice:
    try:
        return column_choice(spec)
    except ValueError as error:
        raise TranscriptError(sentence("reading.refused.column-choice", error=error)) from None


def choices_for(spec: ColumnSpec | Sequence[ColumnSpec], count: int) -> list[ColumnChoice]:
    """One column choice per file: a list gives each file its own (in the files' order), a single
    choice applies to every file."""
    if spec is None or isinstance(spec, ColumnChoice | Mapping):
        return [_choice(spec)] * count
    if len(spec) != count:
        raise TranscriptError(sentence("reading.refused.choices-count", choices=len(spec), files=count))
    return [_choice(s) for s in spec]


def parse_mapping(text: str) -> ColumnChoice:
    """`hours=Duration,approval="CAPCE #",ignore=Category,dates=day-first` as a ColumnChoice:
    field=Header says which column is which; ignore=Header (repeatable) says a column is not read at
    all; dates= says which way round the numeric dates are. ValueError with a sentence."""
    fields: dict[str, Any] = {}
    ignore: list[str] = []
    for part in re.findall(r'(?:[^,"]|"[^"]*")+', text):
        if not part.strip():
            continue
        name, sep, header = part.partition("=")
        name = name.strip().lower()
        if not sep or not header.strip():
            raise ValueError(sentence("reading.columns.not-a-pair", text=repr(part.strip())))
        header = header.strip().strip('"').strip()
        if name == IGNORE:
            ignore.append(header)
        else:
            fields[name] = header
    return column_choice({**fields, IGNORE: ignore})


# ---- The header row ---------------------------------------------------------------------------


def _looks_like_a_value(cell: str) -> bool:
    """A cell that is a course's value (a date, hours, an approval number, a yes), not a heading."""
    text = cell.strip()
    return bool(text) and (
        looks_like_a_date(text)
        or parse_hours(text)[0] is not None
        or looks_like_approval(text)
        or yes_or_no(text) is not None
    )


def named_fields(cells: Sequence[str], strength: int = 2) -> set[str]:
    """The fields a row's cells name with at least the given strength (3: outright), leaving out the
    cells that look like a course's values (a data row's "2 Contact Hours" is not a heading)."""
    named = {
        m.field for cell in cells if not _looks_like_a_value(cell) for m in meanings(cell) if m.strength >= strength
    }
    return named | ({"hours"} if named & set(SPLIT_HOURS) else set())


def header_score(cells: Sequence[str]) -> int:
    """How much a row looks like a transcript's header: the required fields count double."""
    return sum(2 if f in REQUIRED or f == "title" else 1 for f in named_fields(cells))


def find_header(rows: Sequence[tuple[int, list[str]]], mapping: ColumnSpec = None) -> int:
    """Index in `rows` of the header: the row naming the most required fields outright, then at all, then
    the most fields (the first of equals). A line of the person's details above the header ("Name:",
    "Pat Doe", "Date:", "03/04/2026") names a date and a person, never date, hours and a course together;
    a data row's cells are values, not headings."""
    choice = _choice(mapping)
    wanted = {fold(h) for h in (*choice.fields.values(), *choice.ignore)}
    mapped = {fold(h): name for name, h in choice.fields.items()}
    best, best_score = None, (False, 0, 0, 0)
    needed = {*REQUIRED, "title", "approval"}
    for index, (_, cells) in enumerate(rows[:HEADER_SCAN]):
        if not any(c.strip() for c in cells) or block_facts(cells):
            continue  # a line of a block's course ("Class: CPR", "Date: 03/19/2025") is above the header
        folded = {fold(c) for c in cells}
        by_user = {mapped[c] for c in folded & set(mapped)}
        if "minutes" in by_user:
            by_user.add("hours")
        outright = (named_fields(cells, 3) | by_user) & needed
        named = (named_fields(cells) | by_user) & needed
        # a line of one cell (the report's title) is a header only where no line of several cells names a field
        several = bool(named) and sum(1 for c in cells if c.strip()) > 1
        score = (several, len(outright) + len(named), header_score(cells) + 3 * len(wanted & folded), -index)
        if score[:3] > best_score[:3]:
            best, best_score = index, score
    if best is None:
        first = next((i for i, (_, cells) in enumerate(rows) if any(c.strip() for c in cells)), None)
        if first is None:
            raise TranscriptError(sentence("reading.refused.empty"))
        return first
    return best


# ---- Which column is which ----------------------------------------------------------------------


@dataclass
class Columns:
    """Which column is which field: positions in the row, the headers as written, and how each was
    decided (for the report's note on how the file was read)."""

    header: list[str]
    positions: dict[str, int]  # field -> column index
    ignored: list[str] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # field -> what the header says of its cells
    by_cells: list[str] = field(default_factory=list)  # fields whose column the cells decided, not the header
    time_spent: str = ""  # a learning system's time-in-course column: reported, never counted
    organisations: str = ""  # a "Provider" column of organisations: not a person, not read
    split_over: str = ""  # a plain hours column left unread because the hours are split by component
    # The next best columns for a field, in order, with what their header says of their cells.
    alternatives: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    uncomputed: str = ""  # a column of formulas no spreadsheet computed, left for another (its header)
    # No date column, and the date is read from inside the status ("Completed on 3/19/2025"): the
    # date's position is the status column's, and each cell's date is the one written inside it.
    date_in_status: bool = False
    # Fields no column gives and a line of facts above the rows does ("Class: CPR", "Date: 03/19/2025"),
    # with what that line says: each block's rows take them from the line above the block.
    given: dict[str, str] = field(default_factory=dict)
    # Columns no field reads whose cells are dates or hours (a tracker with a column per course, people
    # down the side): named when a required column is missing, since no column choice can read them.
    per_course: list[str] = field(default_factory=list)

    @property
    def names(self) -> dict[str, str]:
        ordered = sorted(self.positions.items(), key=lambda item: item[1])
        return {name: " ".join(self.header[i].split()) for name, i in ordered}

    @property
    def missing(self) -> list[str]:
        split = any(f in self.positions for f in SPLIT_HOURS)
        found = self.positions.keys() | self.given.keys()
        missing = [name for name in REQUIRED if name not in found and not (name == "hours" and split)]
        if "title" not in found and "approval" not in found:
            missing.append("title")
        return missing

    @cached_property
    def folded_header(self) -> list[str]:
        """The headings folded (vocabulary.fold), less the empty ones at the end: what a row that is the
        header again reads as (`header_again`), worked out once, not once a row."""
        return folded_header(self.header)

    @property
    def roster(self) -> bool:
        return any(f in self.positions for f in PERSON_FIELDS)


class Profile:
    """What a column's cells look like: counts over its filled cells in the first rows. (A plain class: a
    dataclass's generated methods cost the page's start-up, and none of them was used.)"""

    def __init__(self, filled: int = 0, distinct: int = 0, row_numbers: bool = False) -> None:
        self.filled = filled
        self.distinct = distinct
        self.row_numbers = row_numbers
        self.dates = 0
        self.hours = 0
        self.numbers = 0  # bare numbers
        self.approvals = 0
        self.components = 0
        self.deliveries = 0
        self.statuses = 0
        self.yes_no = 0
        self.current = 0
        self.people = 0
        self.levels = 0
        self.accreditations = 0
        self.topics = 0
        self.areas = 0  # a topic area and nothing else ("Airway", "Trauma"), not a course about one
        self.texts = 0
        self.units = 0  # a unit alone ("Minutes", "hrs")
        self.courses = 0  # words course titles carry ("Airway Review")

    def share(self, count: int) -> float:
        return count / self.filled if self.filled else 0.0


def profile(values: list[str]) -> Profile:
    """The cells of one column, sorted into what they look like."""
    cells = [v.strip() for v in values if v.strip()]
    p = Profile(filled=len(cells), distinct=len(set(cells)), row_numbers=is_row_number(cells))
    for v in cells:
        if len(v) > 200:
            p.texts += 1
            continue
        date_like = looks_like_a_date(v)
        p.dates += date_like
        number = BARE_NUMBER.fullmatch(v) is not None
        p.numbers += number
        p.hours += not date_like and parse_hours(v)[0] is not None
        p.approvals += looks_like_approval(v)
        p.components += parse_component(v)[0] is not None or parse_component_topic(v)[2]
        p.deliveries += parse_delivery(v) is not None  # a bare code (T1: Tower 1?) only under a delivery heading
        p.yes_no += yes_or_no(v) is not None
        p.statuses += not date_like and parse_status(v) is not None and not number
        p.current += is_current(v) is not None
        p.people += looks_like_a_person(v)
        p.levels += level_of(v) is not None
        p.accreditations += accreditation_of(v) is not None
        p.topics += parse_topic(v) is not None
        p.areas += topic_area(v) is not None
        p.texts += looks_like_text(v) and not date_like
        p.units += unit_of(v) is not None
        p.courses += looks_like_a_course(v)
    return p


# Readings that cells of approval numbers contradict: what kind of credit, how it was given, its topic...
APPROVAL_CONTRADICTS = frozenset(
    {"component", "delivery", "topic", "topic_map", "status", "accreditation", "level", "current", "pediatric"}
)


def support(meaning: Meaning, p: Profile) -> int:  # noqa: C901 (one field a branch)
    """What a column's cells say of one reading of its header: 1 they confirm it, -1 they contradict
    it, 0 they cannot tell (too few cells, or cells that fit anything)."""
    if p.filled == 0:
        return 0
    few = p.filled < 3
    f, share = meaning.field, p.share
    if f in APPROVAL_CONTRADICTS and share(p.approvals) >= 0.6:
        return -1  # "CAPCE 24-TSOL-F3-0201" under "Credit Type": approval numbers, whatever the heading says
    if f in ("date", "expires"):
        return 1 if share(p.dates) >= 0.5 else -1 if not few and share(p.dates) <= 0.1 else 0
    if f == "hours" or f in SPLIT_HOURS:
        if f in SPLIT_HOURS and share(p.yes_no) >= 0.6 and share(p.hours) < 0.6:
            return -1  # marks, not hours
        if f in SPLIT_HOURS and not p.hours and not p.yes_no:
            return -1  # "State" over "MA": a component's word over words, not its hours (however few rows)
        if share(p.units) >= 0.8:
            return -1  # "Units" over Minutes and Hours: the unit of another column's numbers
        return 1 if share(p.hours) >= 0.5 else -1 if not few and share(p.hours) <= 0.1 else 0
    if f in MARKS:
        return 1 if share(p.yes_no) >= 0.6 else -1 if share(p.hours) >= 0.5 else 0
    if f == "approval":
        if p.row_numbers or share(p.dates) >= 0.5 or (not few and not p.approvals and p.distinct == 1):
            return -1
        return 1 if share(p.approvals) >= 0.3 else 0
    if f == "component":
        if share(p.components) >= 0.5:
            return 1
        if share(p.topics) >= 0.7 and not p.components:
            return -1  # "Sub Category" of Airway, Cardiovascular, Trauma: the national topics
        if share(p.deliveries) >= 0.5 or share(p.yes_no) >= 0.6 or share(p.hours) >= 0.6 or share(p.dates) >= 0.5:
            return -1
        return 0
    if f == "delivery":
        if share(p.deliveries) >= 0.5 or (meaning.unit and share(p.yes_no) >= 0.6):
            return 1
        return -1 if share(p.components) >= 0.5 or share(p.dates) >= 0.5 or share(p.hours) >= 0.6 else 0
    if f in ("status", "request_status"):
        if share(p.dates) >= 0.5 or share(p.components) >= 0.5:
            return -1
        return 1 if share(p.statuses + p.yes_no) >= 0.5 else 0
    if f == "current":
        if not p.current and p.statuses:
            return -1  # "Record Status" over Incomplete and Completed: whether each was done
        return 1 if share(p.current) >= 0.6 else -1 if not few else 0
    if f == "person_id" and meaning.strength == 1:
        # "Cert #" over numbers that differ on every row: each certificate's own, not a person's (a
        # person's number repeats over their courses)
        return -1 if p.filled >= 2 and p.distinct == p.filled else 0
    if f == "person":
        if p.statuses and not p.people:
            return -1  # "Learner State" over Completed, Incomplete: whether each was done, never who
        people = share(p.people) * 2 > 1
        if meaning.unit == "shared":
            return 1 if people else -1  # "Provider": organisations on a vendor's sheet
        if p.distinct == p.filled and ((p.filled >= 4 and not people) or (p.filled >= 2 and share(p.courses) >= 0.5)):
            return -1  # a "Name" over all-different non-names ("Airway Review"): the courses' names
        return 1 if people else 0
    if f == "title":
        if share(p.dates) >= 0.5 or share(p.hours) >= 0.6 or share(p.approvals) >= 0.5:
            return -1
        return 1 if share(p.texts) >= 0.6 else 0
    if f in ("topic", "topic_map"):
        return 1 if share(p.topics + p.components) >= 0.4 else 0
    if f == "accreditation":
        return 1 if share(p.accreditations) >= 0.6 else -1 if not few and share(p.accreditations) < 0.2 else 0
    if f == "level":
        return 1 if share(p.levels) >= 0.6 else -1 if not few and not p.levels else 0
    if f == "pediatric":
        return 1 if share(p.yes_no) >= 0.6 else -1 if not few and share(p.yes_no) < 0.2 else 0
    return 0


def names_courses(p: Profile) -> bool:
    """The cells are courses' own names: free texts, each its own, none a topic area or a component
    ("Medical Emergencies Review", "Region 4 Protocol Changes" under "Topic"; a column with "Airway" or
    "Trauma" in it holds topics, and stays the topic)."""
    return (
        p.filled >= 2
        and p.distinct == p.filled
        and p.share(p.texts) >= 0.6
        and not p.areas
        and not p.components
        and not p.dates
        and not p.hours
    )


def _by_cells(p: Profile) -> list[Meaning]:
    """What a column is when its cells alone say so (its header said nothing, or was contradicted)."""
    if p.filled < 2:
        return []
    found = []
    if p.share(p.units) >= 0.8:
        found.append(Meaning("hours_unit", 3))  # "Minutes", "hr" beside a bare number: that number's unit
    if p.share(p.approvals) >= 0.6:
        found.append(Meaning("approval", 2))
    if p.share(p.components) >= 0.7 and p.share(p.yes_no) < 0.5:
        found.append(Meaning("component", 3))
    if p.share(p.deliveries) >= 0.7 and p.share(p.components) < 0.3:
        found.append(Meaning("delivery", 2))
    if p.share(p.levels) >= 0.8:
        found.append(Meaning("level", 1))
    if p.share(p.topics) >= 0.7 and not p.components:
        found.append(Meaning("topic", 1))
    if p.share(p.statuses) >= 0.7 and p.share(p.yes_no) < 0.5 and not p.dates:
        found.append(Meaning("status", 1))  # Completed, Incomplete, Not Started under "Progress": the status
    if p.share(p.dates) >= 0.9:
        found.append(Meaning("date", 1))
    if p.share(p.current) >= 0.8 and p.share(p.yes_no) < 0.5:
        found.append(Meaning("current", 1))
    return found


SIDE_BLOCK = 20  # what a column right of an empty one loses against the first block's (a strength and more)


def _cell(row: list[str], position: int) -> str:
    return row[position].strip() if position < len(row) else ""


def decide_columns(  # noqa: C901 (the header's readings, then the cells' vote on each)
    header: list[str],
    rows: Sequence[tuple[int, list[str]]],
    mapping: ColumnSpec = None,
    above: Mapping[str, str] | None = None,
) -> Columns:
    """Which column is which field, from the header's words and the first rows' cells. The user's
    mapping wins, and a column it ignores is never read; TranscriptError only when the mapping names a
    column the file does not have. `above`: the course's facts a class line above the header says
    (blocks.block_facts), if any."""
    choice = _choice(mapping)
    positions, units = _mapped(header, choice.fields)
    unread = set(_mapped(header, {h: h for h in choice.ignore}, ignoring=True)[0].values())
    sample = rows[:SAMPLE]
    candidates: list[tuple[int, int, int, int, Meaning]] = []  # (-score, -strength, extra words, position, meaning)
    time_spent = organisations = ""
    by_cells: set[tuple[int, str]] = set()
    named: set[int] = set()  # "Topic" columns whose cells are the courses' own names
    profiles: dict[int, Profile] = {}  # each column's cells as the vote saw them
    # A column with no header and no cells splits the sheet: what is right of it is a block of its own
    # (a tracker's summary beside the courses), read only for what the first block does not give.
    gap = next(
        (i for i, cell in enumerate(header) if i and not cell.strip() and not any(_cell(r, i) for _, r in sample)),
        len(header),
    )
    for position, cell in enumerate(header):
        if position in positions.values() or position in unread:
            continue
        aside = SIDE_BLOCK if position > gap else 0
        readings = [m for m in meanings(cell) if m.field not in NOT_READ]
        if any(m.field == "time_spent" for m in meanings(cell)):
            time_spent = time_spent or " ".join(cell.split())
        cells = profiles[position] = profile([c[position] for _, c in sample if position < len(c)])
        if any(m.field == "topic" for m in readings) and names_courses(cells):
            named.add(position)
        extra = len(header_words(cell))
        kept = []
        for meaning in readings:
            vote = support(meaning, cells)
            if meaning.field == "approval" and meaning.strength == 1 and cells.filled >= 2 and not cells.approvals:
                vote = -1  # a vendor's own course code (EMS-101), not an approval number: it may name the course
            if vote < 0 and meaning.field == "person" and meaning.unit != "shared":
                # Course names under a "... Name" header: never people (each would be a person of one
                # course); the title where no other column says it is.
                if not any(m.field == "title" for m in readings) and set(header_words(cell)) & classes()["title"]:
                    candidates.append((-10, -1, extra, position, Meaning("title", 1)))
                continue
            if vote < 0 and meaning.strength < 3:
                if meaning.unit == "shared":  # a "Provider" column of organisations: noted, never a person
                    organisations = organisations or " ".join(cell.split())
                continue
            kept.append(meaning)
            candidates.append((aside - (10 * meaning.strength + 6 * vote), -meaning.strength, extra, position, meaning))
        if not kept or all(support(m, cells) < 0 for m in kept):
            for meaning in _by_cells(cells):
                if meaning.field in {m.field for m in readings}:
                    continue
                by_cells.add((position, meaning.field))  # behind a header of the same strength that says so
                candidates.append((aside - (10 * meaning.strength + 5), -meaning.strength, extra, position, meaning))
    taken = set(positions.values())
    alternatives: dict[str, list[tuple[int, str]]] = {}
    for *_, position, meaning in sorted(candidates, key=lambda c: c[:4]):
        if meaning.field in positions or position in taken:
            if position not in taken:  # the next best column for a field already taken
                alternatives.setdefault(meaning.field, []).append((position, meaning.unit))
            continue
        positions[meaning.field] = position
        taken.add(position)
        if meaning.unit:
            units[meaning.field] = meaning.unit
    columns = Columns(header, positions, units=units, time_spent=time_spent, organisations=organisations)
    people = {positions[f] for f in PERSON_FIELDS if f in positions}
    columns.per_course = [
        " ".join(cell.split())
        for at, cell in enumerate(header)
        if at not in people
        and at not in unread
        and _a_course_of_its_own(cell)
        and _dates_or_hours(profiles.get(at) or profile([c[at] for _, c in sample if at < len(c)]))
    ]
    columns.by_cells = [f for f, p in positions.items() if (p, f) in by_cells]
    columns.alternatives = alternatives
    _settle(columns, candidates, choice, above or {}, named)
    if "date" not in positions:
        _date_in_status(columns, sample, choice.ignore)
    used = set(positions.values())
    columns.ignored += [c.strip() for i, c in enumerate(header) if i not in used and c.strip()]
    return columns


def _settle(
    columns: Columns,
    candidates: list[tuple[int, int, int, int, Meaning]],
    choice: ColumnChoice,
    above: Mapping[str, str],
    named: set[int],
) -> None:
    """After the vote: a "Topic" column of the courses' own names (`named`) names the course when no
    column does; a bare "Name" is the course's when no column and no class line above names the course;
    hours split over component columns leave a plain total unread; the time spent in a course is never
    its hours."""
    positions = columns.positions
    if "title" not in positions and positions.get("topic") in named and "topic" not in choice.fields:
        positions["title"] = positions.pop("topic")
    if "title" not in positions and "approval" not in positions:  # a course code names the course
        taken = set(positions.values())
        codes = sorted(p for *_, p, m in candidates if m.field == "approval" and p not in taken)
        code = codes[0] if codes else None
        if code is not None:
            positions["title"] = code
    if "title" not in positions and "approval" not in positions and "person" in positions:
        at = positions["person"]
        offers_title = any(m.field == "title" and p == at for *_, p, m in candidates)
        others = [f for f in PERSON_FIELDS if f in positions and f != "person"]
        named_above = above.keys() & {"title", "approval"}  # a sign-in sheet's "Class: CPR": "Name" is who
        if offers_title and not others and not named_above and "person" not in choice.fields:
            positions["title"] = positions.pop("person")
    split = [f for f in SPLIT_HOURS if f in positions]
    if split and "hours" in positions and "hours" not in choice.fields:
        columns.split_over = " ".join(columns.header[positions.pop("hours")].split())
        columns.units.pop("hours", None)
    if "minutes" in positions:  # the user's "this column is minutes"
        positions["hours"] = positions.pop("minutes")
        columns.units["hours"] = "minutes"


def folded_header(header: Sequence[str]) -> list[str]:
    """The headings folded (vocabulary.fold), less the empty ones at the end."""
    wanted = [fold(h) for h in header]
    while wanted and not wanted[-1]:
        wanted.pop()
    return wanted


def header_again(cells: list[str], columns: Columns) -> bool:
    """The row is the header again, cell for cell (a printed export's next page, a sign-in sheet's next class)."""
    return repeats_header(cells, columns.folded_header, len(columns.header))


def repeats_header(cells: list[str], wanted: list[str], width: int) -> bool:
    """The row's cells are the headings again (`wanted`: `folded_header` of the `width` headings).

    Cell by cell, stopping at the first that differs (a course's row: its first cell), so a row's cells are
    not all folded: the same answer as comparing the rows' folded cells, less the empty ones at the end."""
    cells = cells[:width]
    if len(cells) < len(wanted):
        return False
    for cell, header in zip(cells, wanted, strict=False):
        if fold(cell) != header:
            return False
    return not any(fold(c) for c in cells[len(wanted) :])


def _date_in_status(columns: Columns, sample: Sequence[tuple[int, list[str]]], ignore: Sequence[str]) -> None:
    """No column of dates, and a status column that writes the completion date in its words
    ("Completed on 3/19/2025", "Passed (2025-03-19)"): the date is read from there. Only a status: a
    date in a title or a note ("Protocol changes effective 7/1/2024") is not when the course was done.
    The status column the vote chose first, else a column whose words besides the date are a status."""
    positions = columns.positions
    taken = set(positions.values())
    ignored = {fold(h) for h in ignore}
    if "status" in positions:  # the status column, or none: never a second column over the chosen status
        order = [positions["status"]]
    else:
        order = [p for p in range(len(columns.header)) if p not in taken and fold(columns.header[p]) not in ignored]
    for at in order:
        filled = [c for c in (_cell(row, at) for _, row in sample) if c]
        inside = [(c, date_within(c)) for c in filled]
        dated = [c.replace(d, " ") for c, d in inside if d]
        if not dated or len(dated) * 2 < len(filled):
            continue
        if any(parse_status(words) is None for words in dated):
            continue  # words beside the date that are not a status
        positions["date"] = at
        if at not in taken:
            positions["status"] = at
        columns.date_in_status = True
        return


def _mapped(
    header: list[str], mapping: Mapping[str, str], ignoring: bool = False
) -> tuple[dict[str, int], dict[str, str]]:
    """The positions the user's mapping names (`ignoring`: the columns not to read), and the units the
    headers they named give (a column named minutes, or a question "Online?")."""
    folded = [fold(c) for c in header]
    positions: dict[str, int] = {}
    units: dict[str, str] = {}
    for name, wanted in mapping.items():
        try:
            positions[name] = folded.index(fold(wanted))
        except ValueError:
            found = headings_found(header)
            if ignoring:
                raise TranscriptError(sentence("reading.refused.no-such-ignored", header=wanted, found=found)) from None
            raise TranscriptError(
                sentence("reading.refused.no-such-column", header=wanted, field=name, found=found)
            ) from None
        unit = next((m.unit for m in meanings(header[positions[name]]) if m.field == name and m.unit), "")
        if unit:
            units[name] = unit
    return positions, units


def match_columns(header: list[str], rows: Sequence[tuple[int, list[str]]] = (), mapping: ColumnSpec = None) -> Columns:
    """Which column is which field; TranscriptError when a required field has no column."""
    columns = decide_columns(header, rows, mapping)
    if columns.missing:
        raise TranscriptError(missing_sentence(columns), missing_sentence(columns, page=True))
    return columns


EXAMPLES = {
    "date": ("Completion Date", "Date Attended"),
    "hours": ("Hours", "CE Credits"),
    "title": ("Course Title", "Course Number"),
}


HEADINGS_SHOWN = 40  # a message names at most this many of a file's headings, each cut to a line's width


def headings_found(header: Sequence[str]) -> str:
    """The file's headings as a message names them: quoted, each cut short, the first few only."""
    filled = [repr(_cut(" ".join(c.split()))) for c in header if c.strip()]
    shown = ", ".join(filled[:HEADINGS_SHOWN]) + (", …" if len(filled) > HEADINGS_SHOWN else "")
    return shown or sentence("reading.missing.none")


def _a_course_of_its_own(heading: str) -> bool:
    """A heading that names a course ("Airway Management (2 hrs)", "CPR Recert") or a class's date ("3/8/2025")."""
    return bool(heading.strip()) and (looks_like_a_course(heading) or looks_like_a_date(heading.strip()))


def _dates_or_hours(cells: Profile) -> bool:
    return cells.filled >= 1 and cells.share(cells.dates + cells.hours) >= 0.6


def missing_sentence(columns: Columns, *, page: bool = False) -> str:
    """The sentence for a file that lacks a required column: what is missing, what was found, and how
    to say which column it is (on the command line, or on the page: its column step)."""
    found = headings_found(columns.header)
    wanted = "; ".join(
        sentence("reading.missing.wanted", field=missing_name(m), example=EXAMPLES[m][0], other=EXAMPLES[m][1])
        for m in columns.missing
    )
    spent = ""
    if "hours" in columns.missing and columns.time_spent:
        spent = sentence("reading.missing.time-spent", header=columns.time_spent)
    hint = (
        sentence("reading.missing.page-hint")
        if page
        else sentence("reading.missing.cli-hint", field=columns.missing[0])
    )
    if len(columns.per_course) >= 2:  # a column per course: no column choice reads it, a row per course does
        named = ", ".join(f"“{_cut(h)}”" for h in columns.per_course[:4]) + (
            ", …" if len(columns.per_course) > 4 else ""
        )
        hint = sentence("reading.missing.per-course", columns=named)
    return sentence("reading.missing.sentence", wanted=wanted, spent=spent, found=found, hint=hint)


def missing_name(field: str) -> str:
    """A required field as the sentence for a missing column names it."""
    return sentence("reading.missing.title") if field == "title" else field
