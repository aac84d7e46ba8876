"""Rosters: a file of several people's courses, read person by person.

A person column (Name, Employee, Last Name + First Name, NREMT ID, an e-mail) makes a roster; so do
lines of their own naming a person above their courses ("User: Pat Doe"), a report grouped by person.
Lines about the report itself (a record count, when it was made) are never a person. A roster is read
in two passes over a text file: the first keeps only where each person's rows are (a few bytes a row)
and counts the date column, the second reads each person's rows again when their turn comes, so
memory follows the largest person, not the file.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import replace

from ..patterns import regex
from ..problems import Problem, say
from .cells import looks_like_a_person
from .columns import ColumnSpec, header_again
from .course import Course, Transcript
from .dates import MONTH_FIRST
from .notes import notes_for
from .read import Files, empty_transcript, read_sources, sources
from .rows import courses_of, is_footer, names_a_period, names_a_total
from .source import Source


def read_people(
    data: Files, *, columns: ColumnSpec | Sequence[ColumnSpec] = None, assumed: str = MONTH_FIRST
) -> Iterator[Transcript]:
    """A roster read person by person: one Transcript per person, in order of first appearance.

    Rows with no person come last, as one transcript whose `person` is "(no name)". A file with no
    person column yields one transcript (or, grouped by lines naming a person, one per person).
    """
    opened = sources(data, columns, assumed)
    del data
    if not any(s.columns.roster for s in opened) and _sheets_are_people(opened):
        yield from _by_sheet(opened)
        return
    if not any(s.columns.roster for s in opened):
        transcript = read_sources(opened)
        if any(len(s.named) > 1 for s in opened):
            yield from _by_person_lines(transcript)
        else:
            yield transcript
        return
    yield from _roster(opened)


NAME_WORD = regex(r"\w+")  # a word of a name, in any script


def _sheets_are_people(opened: list[Source]) -> bool:
    """A workbook of a sheet per person ("Smith, Pat", "Jones, Lee"), each with the same columns and no
    person column: the sheets of one file, each named as a person is and none as a period is ("Year One",
    "Current Cycle"), each its own name. (Files given together are one transcript, as always.)"""
    names = [s.table.sheet for s in opened]
    return (
        len(opened) > 1
        and len({id(s.table.source) for s in opened}) == 1
        and len(set(names)) == len(names)
        and all(name and looks_like_a_person(name) and not names_a_period(name) for name in names)
    )


def _by_sheet(opened: list[Source]) -> Iterator[Transcript]:
    """A sheet per person, read as a roster: each sheet's courses are the person's its name says."""
    sheets = ", ".join(f"“{s.table.sheet}”" for s in opened[:5]) + (", …" if len(opened) > 5 else "")
    for source in opened:
        transcript = read_sources([source])
        transcript.notes = [n for n in transcript.notes if n.code != "sheets-read"]
        transcript.notes.append(say("sheets-are-people", column="person", sheets=sheets))
        transcript.person = " ".join(source.table.sheet.split())
        yield transcript


def _roster(opened: list[Source]) -> Iterator[Transcript]:
    notes: list[Problem] = []
    count = len(opened)
    people: dict[str, array[int]] = {}  # person -> their rows, each as line * count + source number
    kept: dict[int, str | list[str]] = {}  # a workbook's rows, each packed in one string "cell<US>cell..."
    blank: list[int] = []
    footers: list[tuple[int, int]] = []  # (source number, line): lines about the report, nobody's
    # Rows whose person cells are blank, by the person named last above them: a tracker that names
    # each person on their first row only. Given to that person only when the whole file has that
    # shape (see _carried_down); otherwise they are nobody's.
    after: dict[str, array[int]] = {}
    interleaved = False  # a person's rows come in more than one run: not grouped by person
    for number, source in enumerate(opened):
        key_of = source.person_of or (lambda _cells: "")
        keep = source.table.text is None
        last, ended = "", set()
        for line, cells in source.rows:
            if not any(c.strip() for c in cells):
                blank.append(line)
                continue
            source.tally_dates(line, cells)
            code = line * count + number
            key = key_of(cells)
            if _nobodys(source, line, cells, key):
                footers.append((number, line))
                if keep:
                    kept[code] = cells
                continue
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
        source.decide_dates()
        notes += notes_for(source)
    # one person written two ways: their rows come in more than one run, whatever each spelling's did
    merged = _same_people(people, notes)
    _carried_down(people, after, interleaved or merged, notes)
    if not people:  # a roster's header and no course: one empty transcript, reported as such
        transcript = empty_transcript(opened)
        transcript.notes, transcript.blank_lines = notes, blank
        transcript.courses = _footer_courses(opened, footers, kept, count)
        yield transcript
        return
    order = sorted(people, key=lambda p: p == "")
    for person in order:
        codes = people.pop(person)
        transcript = empty_transcript(opened)
        transcript.notes = list(notes)
        transcript.person = person or "(no name)"
        for number, lines in _by_source(codes, count):
            source = opened[number]
            cells_of = _cells(source, lines, kept, count, number)
            for line, cells in zip(lines, cells_of, strict=True):
                source.table.at(line)  # where a message about an unexpected error points
                transcript.courses += courses_of(source, line, cells, person or None)
        _person_facts(transcript)
        if not people:
            transcript.blank_lines = blank
            transcript.courses += _footer_courses(opened, footers, kept, count)
        yield transcript


def _same_people(people: dict[str, array[int]], notes: list[Problem]) -> bool:
    """A person whose name is written more than one way ("Pat Smith", then "Smith, Pat" or "PAT SMITH"):
    one person, under the name as first written, with a note; whether any was. Done once the rows are
    placed, holding a number a person (the plain name's hash; names whose hashes meet but differ stay
    apart). Only case, spacing, punctuation and the order "Last, First" are set aside: letters, accents
    included, are never ("Hùng" and "Hưng" are two people)."""
    first: dict[int, str] = {}
    respelled: list[str] = []
    for name in list(people):
        plain = _plain_name(name)
        if not plain:
            continue
        kept = first.setdefault(hash(plain), name)
        if kept == name or _plain_name(kept) != plain:
            continue
        people[kept] = array("q", sorted([*people[kept], *people.pop(name)]))
        if len(respelled) < 5:
            respelled.append(f"“{name}” as “{kept}”")
    if respelled:
        notes.append(say("person-spellings", column="person", names=", ".join(respelled)))
    return bool(respelled)


def _plain_name(name: str) -> str:
    """A person's name as compared: its words in any case, without punctuation, "Last, First" turned round
    ("SMITH, Pat" is "Pat Smith"; a name with a number in it, an ID, keeps its order). "" for no words."""
    if name.count(",") == 1 and not any(ch.isdigit() for ch in name):
        last, first = name.split(",")
        name = f"{first} {last}"
    return " ".join(NAME_WORD.findall(name.casefold()))


def _nobodys(source: Source, line: int, cells: list[str], key: str) -> bool:
    """A line of the roster that is no one's: a class line above a block, the headings again, a line about
    the report, or a subtotal under each person ("Abbott, Rae Total", with no date)."""
    if line in source.blocks or header_again(cells, source.columns) or is_footer(cells, source.columns, source):
        return True
    at = source.columns.positions.get("date")
    dated = at is not None and at < len(cells) and bool(cells[at].strip())
    return bool(key) and not dated and names_a_total(key, dated=False)


def _cells(
    source: Source, lines: list[int], kept: dict[int, str | list[str]], count: int, number: int
) -> list[list[str]]:
    if source.table.text is not None:
        return source.table.again(lines)
    return [_unpack(kept.pop(line * count + number)) for line in lines]


def _footer_courses(
    opened: list[Source], footers: list[tuple[int, int]], kept: dict[int, str | list[str]], count: int
) -> list[Course]:
    """The lines about the report, as skipped rows of the last person's report (every row accounted for)."""
    found = []
    for number, line in footers:
        source = opened[number]
        (cells,) = _cells(source, [line], kept, count, number)
        course = courses_of(source, line, cells)[0]
        first = next(c for c in cells if c.strip()).strip()
        course.person = None
        if course.skipped:  # a block's course line ("Class: CPR | Date: ..."), the headings again: said as such
            found.append(course)
            continue
        course.problems = [say("footer-row", "roster", text=first[:60])]
        found.append(course)
    return found


def _person_facts(transcript: Transcript) -> None:
    """A person's level and card expiry, from a roster's level and expiry columns: the value most of
    their rows give (a row that gives none says nothing)."""
    for attribute in ("level", "expires"):
        values = [getattr(c, attribute) for c in transcript.courses if getattr(c, attribute) is not None]
        if values:
            setattr(transcript, attribute, max(set(values), key=values.count))


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
    notes.append(say("person-carried-down", column="person", count=unnamed))


def _by_person_lines(transcript: Transcript) -> Iterator[Transcript]:
    """A report grouped by person ("User: Pat Doe" on a line of its own above each one's courses, no
    person column) as a roster: each row belongs to the person named last above it, and each person
    is checked on their own. Rows above the first such line come last, as "(no name)". Read whole,
    in one pass: such reports come from one person's or one unit's export, not a state's roster."""
    notes = [n for n in transcript.notes if n.code != "several-people"]
    notes.append(say("grouped-by-person", column="person"))
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
