"""A row below the header, read: a course (with its problems), or a row that is not a course (a
total, a footer line, a repeated header, a course not completed, an earlier enrollment), never a
row lost. Nothing here judges a course against a cycle's rules: that is `check.judge`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from ..patterns import regex
from ..problems import Problem, say
from .cells import accreditation_of, is_current, is_unassigned, level_of, looks_like_a_person, yes_or_no
from .columns import Columns, header_again, named_fields
from .course import Course
from .dates import date_within, looks_like_a_date, read_date
from .headers import COMPONENT_FIELDS, MARK_FIELDS
from .source import Source, _plain
from .values import (
    clean_approval,
    delivery_code,
    heading_component,
    is_empty,
    parse_component,
    parse_component_topic,
    parse_delivery,
    parse_hours_in,
    parse_status,
    parse_topic,
    says_pediatric,
    unit_of,
)
from .vocabulary import fold, vocabulary

MAX_TITLE = 300  # a longer title cell (a quote never closed swallows the file) is shown cut
PEDIATRIC_MARKED = ("title", "topic", "topic_map", "component")  # cells that may say a course is pediatric


def courses_of(source: Source, line: int, cells: list[str], person: str | None = None) -> list[Course]:
    """The courses a row holds: one, or one per component on a tracker that splits a row's hours over
    component columns ("NCCR Hours", "LCCR Hours"). A row that is not a course is one skipped Course."""
    positions = source.columns.positions
    raw = {name: _plain(cells[i]) if i < len(cells) else "" for name, i in positions.items()}
    if source.columns.date_in_status:
        raw["date"] = date_within(raw["date"])
    block: dict[str, str] | None = {}
    if source.columns.given:  # said once above the block, for each of its rows
        if line in source.blocks and not header_again(cells, source.columns):
            return [_block_line(source, line, cells, raw)]
        block = source.block_of(line)
        for name in source.columns.given:
            raw[name] = (block or {}).get(name, "")
    course = _course(source, line, cells, raw, person)
    if source.columns.given and not course.skipped:
        _attendance(source, course, raw, block)
    if course.skipped:
        _heading(source, line, cells)
        return [course]
    if not source.split:
        _section(source, course)
        return [course]
    split = [(c, f) for c, f in source.split if raw[f]]
    if not split:
        course.problems.append(say("no-hours", "split"))
        return [course]
    parts = []
    for component, name in split:
        part = replace(
            course,
            problems=list(course.problems),
            component=component,
            part=component,
            raw={**raw, "hours": raw[name], "component": component},
            topic=course.topic if component == "national" else None,
        )
        part.hours, found = parse_hours_in(raw[name], source.columns.units.get(name, ""))
        part.problems.extend(found)
        parts.append(part)
    return parts


def _block_line(source: Source, line: int, cells: list[str], raw: dict[str, str]) -> Course:
    """A line that starts a block: a class's line of facts ("Class: CPR | Date: 03/19/2025 | Hours: 4"), or
    a heading that does not say its class as they do (its rows are not counted): skipped, said as such."""
    text = " | ".join(c.strip() for c in cells if c.strip())
    course = Course(line=line, raw=raw, cells=cells, file=source.name, title=_cut(text, MAX_TITLE))
    if source.blocks[line]:
        course.problems = [say("block-course", text=_cut(text, 160))]
    elif is_footer(cells, source.columns, source):
        course.problems = [say("footer-row", text=_cut(text))]
    else:
        course.problems = [say("block-course", "unread", text=_cut(text, 160))]
    return course


def _attendance(source: Source, course: Course, raw: dict[str, str], block: dict[str, str] | None) -> None:
    """A row of a sign-in sheet: not counted when its block's class could not be read, nor when its
    attendance cell is blank (a sign-in sheet's blank is someone who did not sign in)."""
    if block is None:
        course.problems.append(say("block-unread"))
    if "status" in source.columns.positions and not raw["status"]:
        course.problems.append(say("not-completed", "unsigned", header=source.columns.names["status"]))


def _unit(source: Source, raw: dict[str, str]) -> str:
    """The unit of a row's hours: its unit column's ("Minutes" beside 90), else the hours column's."""
    said = raw.get("hours_unit", "")
    if not said:
        return source.hours_unit
    return {"minutes": "minutes", "hours": ""}.get(unit_of(said) or "", "unknown")


def _heading(source: Source, line: int, cells: list[str]) -> None:
    """A line that is only a heading naming a component ("NATIONAL COMPONENT (20 hrs)"): the rows below
    it are in that component, until the next such heading."""
    filled = _filled(cells)
    component = heading_component(filled[0]) if len(filled) == 1 else None
    if component:
        source.section, source.section_said = component, (_cut(filled[0]), line)


def _section(source: Source, course: Course) -> None:
    """A course that does not say its component, below a component's heading or on its sheet: in it."""
    if source.section and course.component is None and not course.raw.get("component") and not source.marked:
        course.component = source.section
        named, line = source.section_said
        component = source.section.capitalize()
        course.problems.append(
            say("component-from-heading", column="component", component=component, heading=named, line=line)
            if line
            else say("component-from-heading", "sheet", column="component", component=component, sheet=named)
        )


def _course(source: Source, line: int, cells: list[str], raw: dict[str, str], person: str | None) -> Course:
    columns = source.columns
    title = raw.get("title") or ("" if "title" in columns.positions else raw.get("approval", ""))
    title = title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"
    course = Course(line=line, raw=raw, cells=cells, file=source.name, title=title)
    if source.person_of:
        course.person = person if person is not None else source.person_of(cells) or None
    problems = course.problems
    course.date, problem = read_date(raw["date"], source.dates)
    if problem:
        problems.append(problem)
    if "hours" in raw:
        unit = _unit(source, raw)
        if unit == "unknown":
            problems.append(say("bad-hours", "unit", unit=_cut(raw["hours_unit"]), text=_cut(raw["hours"])))
        else:
            course.hours, found = parse_hours_in(raw["hours"], unit)
            problems.extend(found)
    course.approval = clean_approval(raw.get("approval", ""))
    if raw.get("accreditation"):
        course.accreditation = accreditation_of(raw["accreditation"])
    if raw.get("delivery"):
        course.delivery_code, words = delivery_code(raw["delivery"])
        course.delivery = _delivery(words, columns.units.get("delivery", ""))
    _component_and_topic(course, raw, source.subjects)
    if raw.get("pediatric"):
        course.pediatric = yes_or_no(raw["pediatric"])
    if course.pediatric is None and _marked_pediatric(raw):
        course.pediatric = True
    if source.marked:
        _marked(course, raw)
    if raw.get("level"):
        course.level = level_of(raw["level"])
    if raw.get("expires"):
        course.expires = read_date(raw["expires"], source.dates)[0]
    if source.table.formulas:
        _uncomputed(course, source, line)
    skip = not_a_course(raw, cells, columns, course.date is not None)
    if skip:  # its values are kept for the report, its findings replaced by the one that matters
        course.problems = [skip]
    return course


def _marked_pediatric(raw: dict[str, str]) -> bool:
    """A title, topic or component cell of the row says the course is pediatric."""
    for name in PEDIATRIC_MARKED:
        text = raw.get(name)
        if text and says_pediatric(text):
            return True
    return False


def _uncomputed(course: Course, source: Source, line: int) -> None:
    """A date or hours cell holding a formula that no spreadsheet computed (a file written by a program):
    say so, and how to fix it, instead of "no date" or "no hours"."""
    for name, empty in (("date", "no-date"), ("hours", "no-hours")):
        at = source.columns.positions.get(name)
        formula = source.table.formulas.get((line, at)) if at is not None else None
        if formula is None:
            continue
        said = [p for p in course.problems if p.code == empty]
        for problem in said:
            course.problems.remove(problem)
        if said:
            shown = _cut(formula.lstrip("="), 40)
            course.problems.append(
                say("formula-not-computed", column=name, formula=shown)
                if name == "date"
                else say("formula-not-computed", "hours", column=name, formula=shown)
            )


def _delivery(text: str, unit: str) -> bool | None:
    """How a course was given: its words ("Online", "In person"), or a yes/no to a question ("Online?")."""
    said = parse_delivery(text)
    if said is None and unit:
        yes = yes_or_no(text)
        if yes is not None:
            return yes if unit == "yes=distributive" else not yes
    return said


def _marked(course: Course, raw: dict[str, str]) -> None:
    """A tracker's mark in a component's own column ("X" under NCCR): the course's component."""
    marked = [c for c, f in MARK_FIELDS.items() if yes_or_no(raw.get(f, "")) is True]
    if len(marked) == 1:
        course.component = marked[0]
    elif len(marked) > 1:
        named = ", ".join(m.capitalize() for m in marked)
        course.problems.append(say("bad-component", "marked", components=named))


@cache
def _summary_start() -> re.Pattern[str]:
    """A cell that starts a total or summary line: "Total", "Grand total:", "TOTAL HOURS"."""
    return _starts(vocabulary()["values"]["summary"]["starts"])


@cache
def _footer_start() -> re.Pattern[str]:
    """A cell that starts a line about the report: "Records: 12", "Generated on ...", "Page 2 of 3"."""
    return _starts(vocabulary()["values"]["footer"]["starts"])


def _starts(words: list[str]) -> re.Pattern[str]:
    folded = sorted((fold(s) for s in words), key=len, reverse=True)
    alternatives = "|".join(r"\W*".join(map(re.escape, w.split())) for w in folded if w)
    return re.compile(rf"\W*(?:{alternatives})(?:\W|$)", re.IGNORECASE)


FOOTNOTE = regex(r"\s*(?:[*†‡§¹²³]|\(\d\)|\[\d\])")


def is_footer(cells: list[str], columns: Columns, source: Source) -> bool:
    """A line below the table about the report itself (a record count, when it was made, a footnote),
    never a course and never a person: one or two cells, no course date and no hours in their columns,
    and words that say so ("Records:", "Generated on", "* Hours are contact hours") or a sentence."""
    filled: list[str] = []
    for cell in cells:
        if cell.strip():
            if len(filled) == 2:  # a third cell: a course's row (most rows end here)
                return False
            filled.append(cell.strip())
    if not filled:
        return False
    positions = columns.positions
    for name in ("hours", *COMPONENT_FIELDS.values()):
        at = positions.get(name)
        if at is not None and at < len(cells) and cells[at].strip() and parse_hours_in(cells[at], "")[0] is not None:
            return False
    at = positions.get("date", len(cells))
    if at < len(cells) and cells[at].strip() == filled[0] and read_date(cells[at], source.dates)[0] is not None:
        return False
    first = filled[0]
    return bool(
        _footer_start().match(first)
        or FOOTNOTE.match(first)
        or (len(first.split()) >= 6 and first.rstrip()[-1:] in ".:!?)")
    )


def names_a_total(text: str, dated: bool = False) -> bool:
    """The cell starts a total line ("Total", "Grand total:") or, in a row with no date (`dated`), ends as
    a subtotal does ("Abbott, Rae Total", "National Subtotal"; a dated "Spinal Care: Sub-Total" is a course)."""
    if _summary_start().match(text):
        return True
    words = fold(text).split()
    return not dated and bool(words) and words[-1] in _summary_ends()


@cache
def _summary_ends() -> frozenset[str]:
    return frozenset(fold(w) for w in vocabulary()["values"]["summary"]["ends"])


def names_a_period(text: str) -> bool:
    """Words of a stretch of time ("Year One", "Current Cycle", "Spring Term"): a sheet so named is a period's."""
    return bool(set(fold(text).split()) & _periods())


@cache
def _periods() -> frozenset[str]:
    return frozenset(fold(w) for w in vocabulary()["values"]["periods"]["words"])


def not_a_course(raw: dict[str, str], cells: list[str], columns: Columns, dated: bool) -> Problem | None:
    """Why a row below the header is not a course, or None when it is one (`dated`: its date was read)."""
    first = cells[0] if cells[0].strip() else next(c for c in cells if c.strip())
    for text in (first, raw.get("title", "")) if not raw["date"] else (first,):
        if text and names_a_total(text, dated=bool(raw["date"])):
            return say("total-row", text=_cut(text))
    if (not dated and raw["date"] and _repeats_header(raw["date"], cells, columns)) or header_again(cells, columns):
        return say("repeated-header")
    for name in ("status", "request_status"):
        status = raw.get(name)
        if not status:
            continue
        done = parse_status(status)
        if done is None and name == "status" and len(status.strip()) == 1:
            done = _pass_or_fail(status, columns)
        if done is False:
            return say("not-completed", column="status", text=_cut(status))
        if done is None and name == "status":
            return say("status-unclear", column="status", text=_cut(status))
    if raw.get("current") and is_current(raw["current"]) is False:
        return say("earlier-enrollment", column="status", text=_cut(raw["current"]))
    if dated:
        return None
    when, title = raw["date"], raw.get("title") or raw.get("approval", "")
    if when and title and parse_status(when) is False:
        # an LMS with no status column writes it where the completion date would be
        return say("not-completed", "date", column="date", text=_cut(when))
    hours = any(raw.get(f) for f in ("hours", *COMPONENT_FIELDS.values()))
    filled = sum(1 for c in cells if c.strip()) if not hours else 0
    if not hours and filled <= 2 and (_footer_start().match(first) or FOOTNOTE.match(first)):
        return say("footer-row", text=_cut(first))
    if not hours and not (raw["date"] and title) and filled == 1:
        return say("not-a-course", text=_cut(first))
    if not title:
        return say("not-a-course", "untitled", text=_cut(first))
    return None


def _pass_or_fail(mark: str, columns: Columns) -> bool | None:
    """A "P" or an "F" under a header that says pass or fail ("Pass/Fail", "P/F", "Result (P/F)")."""
    header = fold(columns.header[columns.positions["status"]])
    if not re.search(r"\bpass\b.*\bfail|\bp\s*/?\s*f\b", header):
        return None
    return {"p": True, "f": False}.get(fold(mark))


def _repeats_header(date_cell: str, cells: list[str], columns: Columns) -> bool:
    """The column headings again, as a printed export repeats them on each page; or a heading's second
    row ("Title | Date | Hours | Number" under "Course | Completion | CE | CAPCE"): cells that name the
    date and two more fields, as a header does."""
    again = header_again(cells, columns)
    at = columns.positions.get("date")
    if at is not None and fold(date_cell) == fold(columns.header[at]) and again:
        return True
    named = named_fields(cells)
    return "date" in named_fields([date_cell]) and len(named) >= 3


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
    topic_text = raw.get("topic", "")
    if topic_text and is_empty(topic_text):
        topic_text = ""
    if subjects:
        if not topic_text and text:
            course.topic = parse_topic(text)  # a subject that names a national topic; others are dropped
    elif text:
        course.component, understood = parse_component(text)
        if not understood:
            course.component, course.topic, understood = parse_component_topic(text)
            if understood and course.topic is None and not topic_text:
                course.problems.append(say("unknown-topic", "component-none", column="topic", text=_cut(text)))
        if not understood:  # "ICCR - Elective", "Local: State protocols": the component before the dash
            course.component = heading_component(text)
            understood = course.component is not None
        if not understood and parse_delivery(text) is not None and "delivery" not in raw:
            # A "Type" column of component words and delivery words alike: "Online" says how the course
            # was given, and nothing of its component (placed where it helps, as a blank would be)
            course.delivery, understood = parse_delivery(text), True
        if not understood:
            course.problems.append(say("bad-component", text=_cut(text)))
    _topic_map(course, raw)
    if topic_text:
        course.topic = parse_topic(topic_text)
        if course.topic is None:
            course.problems.append(say("unknown-topic", text=_cut(topic_text)))


def _topic_map(course: Course, raw: dict[str, str]) -> None:
    """The NREMT Recert Topic Map: a national topic (the National component), Local or Individual, or a
    course not assigned yet."""
    topic_map = raw.get("topic_map", "")
    if topic_map and is_empty(topic_map):
        topic_map = ""
    if topic_map and is_unassigned(topic_map):
        course.problems.append(say("unassigned", column="component", text=_cut(topic_map)))
    elif topic_map:
        topic = parse_topic(topic_map)
        _, named, marked = parse_component_topic(topic_map)
        if topic or marked:
            course.component, course.topic = "national", topic or named
            if course.topic is None:
                course.problems.append(say("unknown-topic", "map-none", column="topic", text=_cut(topic_map)))
        else:
            component, understood = parse_component(topic_map)
            if understood:
                course.component = component or course.component
            else:
                course.problems.append(say("unknown-topic", "map", column="topic", text=_cut(topic_map)))


def note_summary(source: Source, course: Course) -> None:
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
        course.problems = [say("total-row", "summary", text=" ".join(first.split())[:60])]


# A line of its own naming a person, as a report grouped by person prints above each one's courses.
PERSON_WORDS = r"(?:name|user|employee|learner|student|participant|member|transcript for|personnel)(?:\s+name)?"
PERSON_LINE = regex(r"\s*" + PERSON_WORDS + r"\s*[:\-\u2013][\s,]*([^\s,].{0,78})", re.IGNORECASE)
# The same label in a cell of its own, its value in the next ("Name:", "Jane Doe", "Registry #:", "E1234567").
PERSON_LABEL = regex(r"\s*" + PERSON_WORDS + r"\s*:\s*", re.IGNORECASE)
# An unlabelled banner above a person's block: their name, then their credentials ("KELLY, PATRICK - EMT -
# Cert #: 884512"): the name up to the first dash, bar or bracket.
BANNER = regex(r"\s*([^\-\u2013\u2014|(\[]{3,80}?)\s*(?:[\-\u2013\u2014|(\[]\s*(.*))?")
CREDENTIAL = regex(r"(?:#|\bid\b|\bno\.|\bnumber\b|\bcert|\blicen[cs]e\b|\bregistry\b|\bexp)", re.IGNORECASE)


def person_named(filled: list[str]) -> str:
    """The person a line of its own names (its filled cells), or "": a label and the name ("User: Pat Doe";
    "Student: SMITH, SAM" unquoted in a CSV is two or three cells, the name all of them); a label in a cell
    of its own and the name in the next, among the person's other details; or a banner of a name and the
    person's credentials with their number ("KELLY, PATRICK - EMT - Cert #: 884512"): never a name alone, nor a
    name and a level ("Grand Rounds - Paramedic" is a section of one person's courses)."""
    match = PERSON_LINE.fullmatch(", ".join(filled)) if len(filled) <= 3 else None
    if match:
        return " ".join(match[1].split())
    for at, cell in enumerate(filled):
        match = PERSON_LINE.fullmatch(cell) if len(filled) > 3 else None
        if match:
            return " ".join(match[1].split())
        if PERSON_LABEL.fullmatch(cell) and at + 1 < len(filled) and looks_like_a_person(filled[at + 1]):
            return " ".join(filled[at + 1].split())
    if len(filled) > 3:
        return ""
    line = ", ".join(filled)
    banner = BANNER.fullmatch(line)
    if banner and banner[2] and looks_like_a_person(banner[1]):
        credentials = banner[2]
        if CREDENTIAL.search(credentials) and any(ch.isdigit() for ch in credentials):
            return " ".join(line.split())  # the whole banner, as a label's value is: its number tells people apart
    return ""


def note_person_line(source: Source, cells: list[str]) -> str:
    """The person a line names on its own ("User: Pat Doe"), remembered for the rows below it (a
    file with no person column), or "" when the line is not one."""
    filled = [text for c in cells if (text := c.strip())]
    if not filled or len(filled) > 8:
        return ""
    positions = source.columns.positions
    at = {f: positions[f] for f in ("date", "hours") if f in positions and positions[f] < len(cells)}
    date, hours = (cells[at[f]].strip() if f in at else "" for f in ("date", "hours"))
    if (date and date != filled[0] and looks_like_a_date(date)) or (hours and parse_hours_in(hours, "")[0] is not None):
        return ""  # a course's date or hours: a course row, whatever its first cell says
    name = person_named(filled)
    if not name:
        return ""
    source.group = name
    if name not in source.named and len(source.named) < 1000:  # for the file's note
        source.named.append(name)
    return name
