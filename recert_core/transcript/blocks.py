"""A block's course said once above it: a sign-in sheet or attendance report lists each class as a line of
labelled facts ("Class: CPR Recertification", "Date: 03/19/2025", "Hours: 4", "OEMS #: T1-2201"), then the
people who attended it under their own headings. The facts are the course of every row below, up to the
next such line; the rows give the people (and their own hours or status where the table has them).

A line is a block's course only when it says, label by label, a date and the hours or the approval
number (and perhaps a title), each value of its field's kind (the date a date, the hours a number of
hours, the number an approval number): a person's details ("Name: Pat Doe", "Date: 03/04/2026") never are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .cells import looks_like_approval
from .dates import looks_like_a_date
from .headers import meanings
from .values import parse_hours

FACTS = ("title", "date", "hours", "approval")
LABELLED = re.compile(r"^\s*([^:=]{2,40}?)\s*[:=]\s*(\S.*?)\s*$")
PARTS = re.compile(r"\s+[|;•]\s+|\t")  # "Class: CPR | Date: 03/19/2025" in one cell


def _fits(name: str, value: str) -> bool:
    if name == "date":
        return looks_like_a_date(value)
    if name == "hours":
        return parse_hours(value)[0] is not None
    if name == "approval":
        return looks_like_approval(value)
    return any(ch.isalpha() for ch in value)


def block_facts(cells: Sequence[str]) -> dict[str, str]:
    """The course facts a line of labelled cells gives, by field ({} when it is not such a line)."""
    if sum(1 for c in cells if c.strip()) > len(FACTS) + 2:  # a row of a table, not a line of facts
        return {}
    facts: dict[str, str] = {}
    for cell in cells:
        for part in PARTS.split(cell.strip()):
            labelled = LABELLED.match(part)
            if not labelled:
                continue
            label, value = labelled.groups()
            name = next((m.field for m in meanings(label) if m.field in FACTS), "")
            if name and name not in facts and _fits(name, value):
                facts[name] = value
    if "date" not in facts or not facts.keys() & {"hours", "approval"}:
        return {}  # "Name: Pat Doe", "Date: 03/04/2026" are a person's details, not a course
    return facts
