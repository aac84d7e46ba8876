"""A block's course said once above it: a sign-in sheet or attendance report lists each class as a line of
labelled facts ("Class: CPR Recertification", "Date: 03/19/2025", "Hours: 4", "OEMS #: T1-2201"), then the
people who attended it under their own headings. The facts are the course of every row below, up to the
next such line or the headings again; the rows give the people (and their own hours or status where the
table has them).

Only an attendance list is read this way (the table's columns name people), and a line is a class's only
when every cell is labelled and the labels name the course (a title or an approval number), its date, and
its hours or approval number, and none names a person: a person's details ("Name: Pat Doe", "Date:
03/04/2026") and a report's own line ("Report Date: 01/15/2026, Total Hours: 24") never are. The values are
kept as written: a class's "Date: TBD" gives its rows a date to refuse, never the class above's.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..patterns import regex
from .cells import looks_like_approval
from .dates import looks_like_a_date
from .headers import meanings
from .values import parse_hours

FACTS = ("title", "date", "hours", "approval")
PERSON = frozenset({"person", "last_name", "first_name", "person_id"})
LABELLED = regex(r"^\s*([^:=]{2,40}?)\s*[:=]\s*(\S.*?)\s*$")
PARTS = regex(r"\s+[|;•]\s+|\t")  # "Class: CPR | Date: 03/19/2025" in one cell


def block_facts(cells: Sequence[str]) -> dict[str, str]:
    """The course facts a line of labelled cells gives, by field, as written ({} when it is not such a line)."""
    filled = [c.strip() for c in cells if c.strip()]
    if not filled or len(filled) > len(FACTS) + 4:  # a row of a table, not a line of facts
        return {}
    pairs: list[tuple[str, str]] = []
    for cell in filled:
        for part in PARTS.split(cell):
            labelled = LABELLED.match(part)
            if not labelled:
                return _paired(filled)  # a cell that is not "Label: value": the labels may be cells of their own
            pairs.append((labelled[1], labelled[2]))
    return _facts(pairs)


def _facts(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The course facts of (label, value) pairs, or {} when they are not a class's line."""
    facts: dict[str, str] = {}
    for label, value in pairs:
        said = {m.field: m.strength for m in meanings(label)}
        if said.keys() & PERSON:
            return {}  # "Name: Pat Doe": a person's line
        name = next((f for f in FACTS if said.get(f, 0) >= (2 if f == "date" else 1)), "")
        if name and name not in facts:
            facts[name] = value
    if "date" not in facts or not facts.keys() & {"title", "approval"} or not facts.keys() & {"hours", "approval"}:
        return {}
    return facts


def _paired(filled: Sequence[str]) -> dict[str, str]:
    """A class's line written a label and its value a cell each ("Class", "CPR", "Date:", "03/19/2025",
    "Hours", "4"): read only where the values are a course's (a date that reads as one, hours or an
    approval number), so a table's headings ("Course", "Date", "Hours", "Approval") never are one."""
    if len(filled) % 2:
        return {}
    facts = _facts([(filled[i].rstrip(":= "), filled[i + 1]) for i in range(0, len(filled), 2)])
    if not facts or not looks_like_a_date(facts["date"]):
        return {}
    hours, number = facts.get("hours", ""), facts.get("approval", "")
    if not (parse_hours(hours)[0] is not None or looks_like_approval(number)):
        return {}
    return facts
