"""The header thesaurus: each field's words crossed with prefixes, suffixes, punctuation and case are read
as that field, and a header made of one such wording per field gives every field its own column (no
two fields claim one column), with or without cells below it. The wordings are this test's own, not
the reader's vocabulary: a reader that had learned a list would fail them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recert_core.transcript.columns import decide_columns
from recert_core.transcript.headers import meanings

SUFFIXES = ["", ":", "*", " *", " (required)", "?"]
THESAURUS = {
    "date": (
        ["", "Course ", "Class ", "Training ", "Session "],
        ["Date", "Completion Date", "Date Completed", "Date Attended", "Date Earned", "Date Taken", "Date Finished"],
        ["", " (MM/DD/YYYY)", ":", "*", " (required)"],
    ),
    "title": (
        ["", "CE ", "Training "],
        [
            "Course Title",
            "Course Name",
            "Session Name",
            "Class Name",
            "Module Title",
            "Program Name",
            "Event Name",
            "Activity Title",
            "Course",
            "Class",
            "Module",
            "Webinar Title",
            "Lesson Name",
            "Name of Course",
        ],
        SUFFIXES,
    ),
    "hours": (
        ["", "Total ", "Approved ", "# of "],
        [
            "Hours",
            "CE Hours",
            "Credit Hours",
            "Contact Hours",
            "CEH",
            "CEUs",
            "Credits",
            "Hours Earned",
            "CE Credits",
            "Hrs",
            "Units",
            "CE Hrs",
        ],
        ["", " (decimal)", ":", "*", " earned"],
    ),
    "approval": (
        ["", "Course "],
        [
            "CAPCE #",
            "OEMS #",
            "Approval #",
            "Approval Number",
            "CEU #",
            "CAPCE",
            "Accreditation #",
            "CAPCE Course Number",
            "OEMS Approval No.",
            "CAPCE ID",
            "CAPCE/OEMS #",
        ],
        ["", ":", "*", " (if any)"],
    ),
    "person": (
        ["", "Please enter "],
        [
            "Full Name",
            "Employee Name",
            "Your Name",
            "Participant Name",
            "Attendee Name",
            "Student Name",
            "Learner Name",
            "Member Name",
        ],
        ["", ":", "*"],
    ),
    "delivery": (
        ["", "Course "],
        ["Delivery", "Format", "Modality", "Delivery Method", "Delivery Type", "Live or Online", "Live/Distributive"],
        ["", ":", "*"],
    ),
    "status": (
        ["", "Course "],
        ["Status", "Completion Status", "Result", "Pass/Fail"],
        ["", ":", "*"],
    ),
    "component": (
        ["", "Recert ", "CE "],
        ["Component", "NCCR Category", "Requirement", "Category", "NCCP Component"],
        ["", ":", "*"],
    ),
}
CELLS = {
    "date": ["2025-03-19", "04/02/2025", "Mar 3, 2025"],
    "title": ["Airway update", "Pediatric assessment", "Stroke recognition"],
    "hours": ["1.5", "2", "0.75"],
    "approval": ["24-ABCD-F3-0001", "T1-2025-0002", "24-ABCD-F1-0003"],
    "person": ["Pat Doe", "Pat Doe", "Pat Doe"],
    "delivery": ["Online", "Live", "In person"],
    "status": ["Completed", "Completed", "Passed"],
    "component": ["National", "Local", "Individual"],
}


def camel(text: str) -> str:
    words = re.findall(r"[A-Za-z0-9#]+", text)
    return words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:]) if words else text


CASES = [str.upper, str.lower, str.title, camel, lambda t: t.replace(" ", "_"), lambda t: t.replace(" ", "\n", 1)]


def wordings(field: str) -> list[str]:
    prefixes, cores, suffixes = THESAURUS[field]
    return [p + c + s for p in prefixes for c in cores for s in suffixes]


@pytest.mark.parametrize("field", sorted(THESAURUS))
def test_every_wording_of_a_field_is_read_as_that_field(field):
    wrong = []
    for text in wordings(field):
        for case in (str, *CASES):
            header = case(text)
            found = meanings(header)
            if not found or found[0].field != field:
                wrong.append((header, [(m.field, m.strength) for m in found]))
    assert not wrong, wrong[:10]


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    with_cells=st.booleans(),
)
def test_one_wording_per_field_gives_each_field_its_own_column(data, with_cells):
    fields = data.draw(st.lists(st.sampled_from(sorted(THESAURUS)), min_size=3, max_size=8, unique=True))
    for required in ("date", "title", "hours"):
        if required not in fields:
            fields.append(required)
    fields = data.draw(st.permutations(fields))
    header = [data.draw(st.sampled_from([*CASES, str]))(data.draw(st.sampled_from(wordings(f)))) for f in fields]
    rows = [(2 + i, [CELLS[f][i] for f in fields]) for i in range(3)] if with_cells else []
    columns = decide_columns(header, rows)
    assert columns.positions == {f: i for i, f in enumerate(fields)}, (header, columns.positions)
