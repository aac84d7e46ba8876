"""Fuzzing the reader: any bytes, any cells, any workbook parts give a transcript or one
TranscriptError, every row below the header is accounted for once, and values stay in bounds."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recert_core import TranscriptError, check
from recert_core.transcript import read_people, read_transcript
from recert_core.transcript.dates import read_date
from recert_core.transcript.values import parse_hours

HOSTILE = [
    "1e1000000",
    "1e5000",
    "1e-999999",
    "2.0000000000000000000000000001",
    "0000-01-01",
    "T1-T1-T1-T1-!",
    "—",
    "N/A",
    "Total",
    "In progress",
    "Incomplete",
    "1h 30m",
    "90 min",
    "1:30",
    "Mar 19, 2025",
    "20250326",
    "Elective",
    "Nat'l",
    "Live online",
    '"',
    "\n",
    "\r",
    "=SUM(A1)",
    "\x00",
    "\ufeff",
    "-",
    "",
]
HEADERS = [
    "Date",
    "Completed Date",
    "Course Name",
    "Title",
    "Name",
    "Hours",
    "Duration",
    "CEH",
    "CAPCE #",
    "Course Number",
    "Category",
    "Recert Topic Map",
    "Take Type",
    "Status",
    "Last Name",
    "First Name",
    "NREMT ID",
    "Notes",
    "",
]
cells = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=10))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=800))
def test_any_bytes_give_a_transcript_or_one_error(data):
    try:
        t = read_transcript(data)
    except TranscriptError as error:
        assert str(error) and "\n" not in str(error)
        return
    lines = [c.line for c in t.courses] + t.blank_lines
    assert len(lines) == len(set(lines)) and all(line > t.header_line for line in lines)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
    st.lists(st.lists(cells, max_size=9), max_size=10),
    st.sampled_from([",", ";", "\t"]),
)
def test_every_row_below_the_header_is_accounted_for_once(header, rows, delimiter):
    def line(values):
        return delimiter.join('"' + v.replace('"', '""') + '"' for v in values)

    data = "".join(line(r) + "\r\n" for r in [header, *rows]).encode("utf-8")
    try:
        people = list(read_people(data))
    except TranscriptError:
        return
    lines = [c.line for p in people for c in p.courses] + [n for p in people for n in p.blank_lines]
    header_line = people[0].header_line
    assert sorted(lines) == list(range(header_line + 1, len(rows) + 2))
    for person in people:
        for course in person.courses:
            if course.hours is not None:
                assert Decimal(0) < course.hours <= 100 and course.hours.as_tuple().exponent >= -2
    report = check(data, "emt", 2026)
    json.loads(report.to_json())
    report.to_text()
    report.to_csv()


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE)))
def test_value_parsers_never_raise_and_stay_in_bounds(text):
    hours, problems = parse_hours(text)
    assert (hours is None) == any(p.effect == "reject" for p in problems)
    if hours is not None:
        assert 0 < hours <= 100
    when, problem = read_date(text)
    assert (when is None) != (problem is None)
    if when is not None:
        assert 1970 <= when.year <= 2100


parts = st.sampled_from(
    [
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
        "content.xml",
        "mimetype",
    ]
)
xml = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" r:id="r1"/></sheets>'
            "</workbook>",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            'Id="r1" Target="worksheets/sheet1.xml"/></Relationships>',
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
            '<c r="A1" t="s"><v>99</v></c><c r="XFD1" t="inlineStr"><is><t>Date</t></is></c><c r="B1" s="7"><v>'
            '1e308</v></c></row><row r="2"><c r="A2" t="b"><v>1</v></c></row></sheetData></worksheet>',
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Hours</t></si></sst>',
        ]
    ),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(parts, xml, max_size=7))
def test_any_workbook_parts_give_a_transcript_or_one_error(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    try:
        read_transcript(out.getvalue())
    except TranscriptError as error:
        assert str(error)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(["N/A", "n.a.", "Not Applicable", "notApplicable", "— none —", "NİL", "'none'", "#", "0", "x"]),
    )
)
def test_the_quick_empty_cell_test_agrees_with_folding(cell):
    from recert_core.transcript.values import _no_number, is_empty
    from recert_core.transcript.vocabulary import fold

    text = cell.strip()
    assert is_empty(cell) == (text in _no_number() or fold(text) in _no_number())
