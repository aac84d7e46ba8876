"""Real-world-shaped files through `recert check`: every line accounted for, hours and dates right.

The files come from `tests/realistic.py` (issue 11's header lists and value forms, our own values);
each knows what its lines are, and the CLI's JSON must agree. Seeds are fixed, so the test is
deterministic; a failure names its seed, and `make_case(seed)` rebuilds the file.
"""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

import pytest
from realistic import CYCLE, LEVEL, Case, assert_line, make_case

from recert_core.cli import main

SEEDS = range(400)


def run_check(tmp_path, capsys, name: str, data: bytes, *extra: str) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    code = main(["check", str(path), "--level", LEVEL, "--cycle", str(CYCLE), "--format", "json", *extra])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in err
    return json.loads(out)


def reports_of(result: dict) -> list[tuple[str | None, dict]]:
    if "people" in result:
        return [(p["person"], p) for p in result["people"]]
    return [(None, result)]


def assert_agrees(case: Case, result: dict) -> None:
    reports = reports_of(result)
    rows = {}
    blank: set[int] = set()
    for person, report in reports:
        assert report["file"]["header_line"] == case.header_line, case.description
        for row in report["rows"]:
            assert row["line"] not in rows, (case.description, row)
            rows[row["line"]] = (person, row)
        blank |= set(report["blank_lines"])
    truth = {t.line: t for t in case.lines}
    # Every line below the header is in the report (an .xlsx has no element for an empty row).
    expected = {t.line for t in case.lines if t.kind != "blank" or not case.name.endswith(".xlsx")}
    assert set(rows) | blank == expected, case.description
    for line, t in truth.items():
        if t.kind == "blank":
            assert line not in rows, (case.description, line)
            continue
        person, row = rows[line]
        assert_line(t, row, person, case.roster, (case.description, line, row))
    notes = [n["code"] for _, r in reports for n in r["file"]["notes"]]
    assert ("month-first-dates" in notes) == case.month_first, (case.description, notes)
    assert ("day-first-dates" in notes) == case.day_first, (case.description, notes)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_realistic_file_is_read_as_its_truth(seed, tmp_path, capsys):
    case = make_case(seed)
    assert_agrees(case, run_check(tmp_path, capsys, case.name, case.data))


# ---- Found by hand: odd but real things, each with what the reader does about it ---------------


def rows_by_line(result: dict) -> dict[int, dict]:
    return {row["line"]: row for row in result["rows"]}


def test_a_printed_export_repeats_its_headings_and_has_a_second_table_below(tmp_path, capsys):
    """Page breaks repeat the headings (with fewer trailing empty columns than the first header: it
    was read as a course and rejected before); a summary table below is accounted for, never counted."""
    text = (
        "Completion Date,Course Name,Contact Hours,CAPCE #,,\n"
        "03/19/2025,Airway one,1.5,24-ABCD-F3-0001,,\n"
        "Page 2 of 2\n"
        "Completion Date,Course Name,Contact Hours,CAPCE #\n"
        "04/19/2025,Airway two,2,24-ABCD-F3-0002,,\n"
        "\n"
        "Summary\n"
        "Component,Hours\n"
        "National,3.5\n"
    )
    rows = rows_by_line(run_check(tmp_path, capsys, "printed.csv", text.encode()))
    assert [rows[n]["status"] for n in (2, 4, 5)] == ["counted", "skipped", "counted"]
    assert rows[3]["reasons"][0]["code"] == "footer-row" and rows[4]["reasons"][0]["code"] == "repeated-header"
    assert rows[7]["status"] == "skipped"
    # The summary table's lines: shown, never counted, and not rows to fix.
    assert all(rows[n]["status"] == "skipped" and rows[n]["reasons"][0]["code"] == "total-row" for n in (8, 9))


@pytest.mark.parametrize(
    ("cell", "hours"),
    [
        ("2.0 CE", "2"),
        ("1 hr 15 min", "1.25"),
        ("1.25 hours", "1.25"),
        ("1h30m", "1.5"),
        ("1,5", "1.5"),
        (".75", "0.75"),
        ("45 mins", "0.75"),
        ("1.5 hrs.", "1.5"),
        ("2 hrs 30 mins", "2.5"),
    ],
)
def test_hours_forms(cell, hours, tmp_path, capsys):
    data = f'Date,Title,Hours,Approval\n2025-03-19,A,"{cell}",T2-1234\n'.encode()
    row = run_check(tmp_path, capsys, "h.csv", data)["rows"][0]
    assert Decimal(str(row["hours"])) == Decimal(hours) and row["status"] == "counted"


@pytest.mark.parametrize("cell", ["1,000", "2,500", "1 1/2", "1.5 (CE)", "$25.00", "1.5/2"])
def test_hours_the_reader_cannot_be_sure_of_are_refused_with_a_reason(cell, tmp_path, capsys):
    """ "1,000" was read as one hour: a comma before three digits may as well separate thousands."""
    data = f'Date,Title,Hours,Approval\n2025-03-19,A,"{cell}",T2-1234\n'.encode()
    row = run_check(tmp_path, capsys, "h.csv", data)["rows"][0]
    assert row["status"] == "rejected" and row["reasons"][0]["code"] == "bad-hours" and row["counted"] == 0


def test_dotted_dates_are_read_day_first_and_the_report_says_so(tmp_path, capsys):
    """19.03.2025 was refused and 03.04.2025 read as March 4 (month first) without a word: dots are the
    European way, day first; the report now says so once. A column with a date only month first can
    be (03.19.2025) as well is written both ways: its either-way dates are refused, never guessed."""
    text = "Date,Title,Hours,Approval\n19.03.2025,A,1,T2-1234\n03.04.2025,B,1,T2-1235\n"
    result = run_check(tmp_path, capsys, "d.csv", text.encode())
    rows = rows_by_line(result)
    assert rows[2]["date"] == "2025-03-19" and rows[3]["date"] == "2025-04-03"
    assert [n["code"] for n in result["file"]["notes"]] == ["day-first-dates"]
    both = text + "03.19.2025,C,1,T2-1236\n"
    result = run_check(tmp_path, capsys, "d.csv", both.encode())
    rows = rows_by_line(result)
    assert rows[2]["date"] == "2025-03-19"  # a tie: the dots say day first
    assert rows[3]["status"] == "rejected" and rows[3]["reasons"][0]["code"] == "date-order-unknown"
    assert rows[4]["status"] == "rejected" and rows[4]["reasons"][0]["code"] == "bad-date"
    assert [n["code"] for n in result["file"]["notes"]] == ["dates-both-ways"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025-03-19T00:00:00.000Z", "2025-03-19"),
        ("2025-03-19T23:30:00-05:00", "2025-03-19"),
        ("2025.03.19", "2025-03-19"),
        ("Wednesday, March 19, 2025", "2025-03-19"),
        ("March 19th 2025", "2025-03-19"),
        ("3/19/2025 12:00:00 AM", "2025-03-19"),
    ],
)
def test_date_forms(cell, expected, tmp_path, capsys):
    data = f'Date,Title,Hours,Approval\n"{cell}",A,1,T2-1234\n'.encode()
    assert run_check(tmp_path, capsys, "d.csv", data)["rows"][0]["date"] == expected


@pytest.mark.parametrize(
    ("cell", "expected", "note"),
    [("19/03/2025", "2025-03-19", "day-first-dates"), ("45735", "2025-03-19", "date-numbers")],
)
def test_a_date_column_settles_its_own_reading(cell, expected, note, tmp_path, capsys):
    """19/03/2025 reads day first only, so the column is day first; a column of spreadsheet date numbers
    in a file that lost the date format is read as the dates they are, and the report says so."""
    data = f'Date,Title,Hours,Approval\n"{cell}",A,1,T2-1234\n'.encode()
    result = run_check(tmp_path, capsys, "d.csv", data)
    assert result["rows"][0]["date"] == expected and [n["code"] for n in result["file"]["notes"]] == [note]


@pytest.mark.parametrize("cell", ["Mar 2025", "2025", "Spring 2025"])
def test_dates_the_reader_cannot_be_sure_of_are_refused(cell, tmp_path, capsys):
    data = f'Date,Title,Hours,Approval\n"{cell}",A,1,T2-1234\n'.encode()
    row = run_check(tmp_path, capsys, "d.csv", data)["rows"][0]
    assert row["status"] == "rejected" and row["reasons"][0]["code"] == "bad-date"


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("Completed", "unverified"),
        ("Complete - Passed", "unverified"),
        ("Passed (85%)", "unverified"),
        ("Attended 3/19/2025", "unverified"),
        ("3/19/2025", "unverified"),
        ("Failed - retake", "skipped"),  # was counted: only the whole cell "Failed" was known
        ("No Show", "skipped"),  # was counted
        ("Started 3/1/2025", "skipped"),  # was counted
        ("Pending review", "skipped"),  # was counted
        ("Not Completed", "skipped"),
        ("Submitted", "skipped"),  # awaiting grading
        ("See notes", "skipped"),  # says neither: not counted on a guess
        ("Level 2", "skipped"),
        ("Complete (Score: 80%)", "unverified"),
        ("\u2713", "unverified"),  # a tick
        ("\u2717", "skipped"),  # a cross: was counted, since it folds to nothing, like an empty cell
        ("\u2022", "skipped"),  # some other mark
        ("Score: 80%", "skipped"),
    ],
)
def test_a_status_cell_is_judged_by_its_words(cell, status, tmp_path, capsys):
    data = f'Date,Course Title,Status,Hours\n2025-03-19,A,"{cell}",1\n'.encode()
    row = run_check(tmp_path, capsys, "s.csv", data)["rows"][0]
    assert row["status"] == status, row
    if status == "skipped":
        assert (
            row["reasons"][0]["code"] in ("not-completed", "status-unclear") and row["reasons"][0]["column"] == "status"
        )


def test_a_status_that_says_neither_is_a_fix_to_make(tmp_path, capsys):
    data = b"Date,Course Title,Status,Hours\n2025-03-19,A,See notes,1\n"
    fixes = run_check(tmp_path, capsys, "s.csv", data)["next_steps"]["fixes"]
    assert [f["code"] for f in fixes] == ["status-unclear"]


@pytest.mark.parametrize("column", ["Recert Topic Map", "Component"])
@pytest.mark.parametrize(
    ("cell", "component", "topic"),
    [
        ("National: Airway, Respiration & Ventilation", "national", "airway"),
        ("National - Cardiology & Resuscitation", "national", "cardiology"),
        ("NCCR - Trauma", "national", "trauma"),
        ("Trauma (National)", "national", "trauma"),
        ("NCCP: Medical/Obstetrics/Gynecology", "national", "medical"),
        ("National - Pediatrics", "national", None),  # National, with a note that it names no national topic
        ("Local / State", "local", None),
    ],
)
def test_a_cell_naming_national_and_a_topic(column, cell, component, topic, tmp_path, capsys):
    """These were "not a national topic" (placed anywhere) in a topic map and rejected in a Component column."""
    data = f'Date,Title,Hours,Approval,{column}\n2025-03-19,A,1,T2-1234,"{cell}"\n'.encode()
    row = run_check(tmp_path, capsys, "c.csv", data)["rows"][0]
    assert (row["component"], row["topic"], row["status"]) == (component, topic, "counted")
    if cell == "National - Pediatrics":
        assert "unknown-topic" in [r["code"] for r in row["reasons"]]


@pytest.mark.parametrize("header", ["DATEOFCOMPLETION", "dateofcompletion", "COURSENAME", "completiondate"])
def test_a_camel_case_header_whose_case_was_lost(header, tmp_path, capsys):
    """Matched by the header's letters alone when its word breaks are gone."""
    cells = [header, "Title", "CEH"] if "date" in header.lower() else ["Date", header, "CEH"]
    data = (",".join(cells) + "\n2025-03-19,A,1\n").encode()
    result = run_check(tmp_path, capsys, "h.csv", data)
    assert result["rows"][0]["date"] == "2025-03-19" and result["rows"][0]["title"] == "A"


def test_hours_and_ceus_both_present_hours_win_and_ceus_is_shown_unread(tmp_path, capsys):
    data = b"Date,Course,Hours,CEUs,CAPCE #\n2025-03-19,A,1.5,0.15,24-ABCD-F3-0001\n"
    result = run_check(tmp_path, capsys, "u.csv", data)
    assert result["file"]["columns"]["hours"] == "Hours" and "CEUs" in result["file"]["ignored_columns"]
    assert result["rows"][0]["hours"] == 1.5


def test_a_duplicate_header_name_reads_the_first_and_shows_the_second_unread(tmp_path, capsys):
    data = b"Date,Course,Hours,Hours\n2025-03-19,A,1.5,\n2025-03-20,B,,2\n"
    result = run_check(tmp_path, capsys, "u.csv", data)
    rows = rows_by_line(result)
    assert (
        rows[2]["hours"] == 1.5 and rows[3]["status"] == "rejected" and result["file"]["ignored_columns"] == ["Hours"]
    )


def test_a_provider_column_of_organisations_is_not_a_roster(tmp_path, capsys):
    """A CAPCE completion sheet's "Provider Name" (the CE organisation) split one person's courses into a
    'roster' of organisations; it is now left unread, with a note, when its cells are not people's names."""
    data = (
        b"Course Title,Provider Name,Completion Date,Credit Hours,CAPCE Course Number\n"
        b"Airway,Boston MedFlight,2025-03-19,1.5,24-ABCD-F3-0001\n"
        b"Cardio,CentreLearn,2025-03-20,2,24-EFGH-F3-0002\n"
        b"Trauma,Boston MedFlight,2025-03-21,1,24-ABCD-F1-0003\n"
    )
    result = run_check(tmp_path, capsys, "capce.csv", data)
    assert "people" not in result and len(result["rows"]) == 3
    assert result["file"]["ignored_columns"] == ["Provider Name"]
    assert [n["code"] for n in result["file"]["notes"]] == ["provider-not-person"]


def test_a_provider_column_of_people_is_a_roster_and_the_user_may_say_so(tmp_path, capsys):
    people = (
        b'Course Title,Provider Name,Completion Date,Credit Hours\nA,Pat Doe,2025-03-19,1\nB,"Lee, Sam",2025-03-20,2\n'
    )
    assert [p["person"] for p in run_check(tmp_path, capsys, "r.csv", people)["people"]] == ["Pat Doe", "Lee, Sam"]
    orgs = (
        b"Course Title,Provider,Completion Date,Credit Hours\nA,Prodigy EMS,2025-03-19,1\nB,CentreLearn,2025-03-20,2\n"
    )
    result = run_check(tmp_path, capsys, "o.csv", orgs, "--columns", "person=Provider")
    assert [p["person"] for p in result["people"]] == ["Prodigy EMS", "CentreLearn"]


def small_workbook(rows: list[str] | dict[str, list[str]], number_format: str = "0.00") -> bytes:
    """An .xlsx (one sheet, or named sheets) whose style 1 has the given number format (numFmtId 164)."""
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    quoted = escape(number_format, {'"': "&quot;"})
    sheets = rows if isinstance(rows, dict) else {"CE": rows}
    listed = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(sheets, 1))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", f"<workbook {main} {rel}><sheets>{listed}</sheets></workbook>")
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, sheet_rows in enumerate(sheets.values(), 1):
            body = "".join(f'<row r="{n}">{cells}</row>' for n, cells in enumerate(sheet_rows, 1))
            archive.writestr(
                f"xl/worksheets/sheet{i}.xml", f"<worksheet {main}><sheetData>{body}</sheetData></worksheet>"
            )
        archive.writestr(
            "xl/styles.xml",
            f'<styleSheet {main}><numFmts count="1">'
            f'<numFmt numFmtId="164" formatCode="{quoted}"/>'
            '</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs>'
            "</styleSheet>",
        )
    return buffer.getvalue()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


@pytest.mark.parametrize(
    ("number_format", "stored", "hours"),
    [
        ('0.00 "hrs"', "1.5", "1.5"),  # was read as 1.5 days: 36 hours
        ('0.0 "hours"', "2", "2"),  # was 48 hours
        ('#,##0.00" CEH"', "1.25", "1.25"),
        ("0.0\\h", "1", "1"),
        ("[h]:mm", "0.0625", "1.5"),  # a real duration: 1:30
        ("h:mm", "0.03125", "0.75"),
    ],
)
def test_a_workbook_hours_format_with_a_unit_in_quotes_is_not_a_time(number_format, stored, hours, tmp_path, capsys):
    """Excel's custom format 0.00 "hrs" shows 1.5 as "1.50 hrs"; the h inside the quotes made the
    reader take the cell for a duration in days and count 36 hours."""
    rows = [
        inline("A1", "Date") + inline("B1", "Course Title") + inline("C1", "CE Hours") + inline("D1", "CAPCE #"),
        '<c r="A2" s="2"><v>45735</v></c>'
        + inline("B2", "Airway")
        + f'<c r="C2" s="1"><v>{stored}</v></c>'
        + inline("D2", "24-ABCD-F1-0001"),
    ]
    row = run_check(tmp_path, capsys, "ce.xlsx", small_workbook(rows, number_format))["rows"][0]
    assert row["date"] == "2025-03-19" and Decimal(str(row["hours"])) == Decimal(hours), row


def test_a_duration_column_that_does_not_say_its_unit(tmp_path, capsys):
    """An LMS's "Duration: 90" was counted as 90 hours (with only a note). Whole numbers over a day in a
    column that does not say its unit are minutes, the cautious reading, and the report says so; a
    heading that names minutes is minutes; a lone large number among hours is refused with a reason."""
    minutes = (
        b"Date,Course,Duration,Approval\n2025-03-19,A,15,T2-1234\n2025-03-20,B,90,T2-1235\n2025-03-21,C,2h,T2-1236\n"
    )
    result = run_check(tmp_path, capsys, "lms.csv", minutes)
    assert [r["hours"] for r in result["rows"]] == [0.25, 1.5, 2]
    assert [n["code"] for n in result["file"]["notes"]] == ["minutes-column"]
    named = b"Date,Course,Duration (min),Approval\n2025-03-19,A,90,T2-1234\n2025-03-20,B,45,T2-1235\n"
    assert [r["hours"] for r in run_check(tmp_path, capsys, "m.csv", named)["rows"]] == [1.5, 0.75]
    mixed = b"Date,Course,Duration,Approval\n2025-03-19,A,1.5,T2-1234\n2025-03-20,B,30,T2-1235\n"
    rows = run_check(tmp_path, capsys, "x.csv", mixed)["rows"]
    assert rows[0]["hours"] == 1.5 and rows[1]["status"] == "rejected" and "minutes" in rows[1]["reasons"][0]["message"]
    total = b"Date,Course,Duration,Approval\n2025-03-19,A,16,T2-1234\n2025-03-20,B,12,T2-1235\n,Total,28,\n"
    result = run_check(tmp_path, capsys, "t.csv", total)  # a total line's 28 is not a course's minutes
    assert [r["hours"] for r in result["rows"][:2]] == [16, 12] and result["file"]["notes"] == []
    hours = b"Date,Course,Contact Hours,Approval\n2025-03-19,A,30,T2-1234\n"
    assert run_check(tmp_path, capsys, "h.csv", hours)["rows"][0]["hours"] == 30  # the heading says hours


def test_a_workbook_with_a_sheet_per_year_reads_every_sheet_with_the_same_columns(tmp_path, capsys):
    """A tracker with a sheet per year: only the first was read. Every sheet with the transcript's columns
    is read now, each row naming its sheet, and the report says which; an instructions sheet is not."""
    header = inline("A1", "Date") + inline("B1", "Course Title") + inline("C1", "CE Hours")
    sheets = {
        "Instructions": [inline("A1", "One course per row")],
        "2024": [header, inline("A2", "2024-06-01") + inline("B2", "Airway") + inline("C2", "2")],
        "2025": [header, inline("A2", "2025-03-19") + inline("B2", "Trauma") + inline("C2", "1")],
    }
    result = run_check(tmp_path, capsys, "tracker.xlsx", small_workbook(sheets))
    assert [(r["file"], r["line"], r["date"]) for r in result["rows"]] == [
        ("2024", 2, "2024-06-01"),  # one file given: each row names its sheet
        ("2025", 2, "2025-03-19"),
    ]
    notes = result["file"]["notes"]
    assert [n["code"] for n in notes] == ["sheets-read"] and "“2025”" in notes[0]["message"]
    assert "Instructions" not in notes[0]["message"]
    columns = inline("A1", "Class") + inline("B1", "Completed On") + inline("C1", "Credits")
    row = inline("A2", "Shock") + inline("B2", "2026-01-01") + inline("C2", "1")
    other = {**sheets, "2026": [columns, row]}
    result = run_check(tmp_path, capsys, "tracker.xlsx", small_workbook(other))
    codes = [n["code"] for n in result["file"]["notes"]]
    assert "other-sheets" in codes and len(result["rows"]) == 2  # other columns: named, not read


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("# of Hours", "hours"),
        ("No. of Hours", "hours"),
        ("Total CEH", "hours"),
        ("CEH Earned", "hours"),
        ("Contact Hrs", "hours"),
        ("Date Course Completed", "date"),
        ("Completion Dt", "date"),
        ("Name of Course", "title"),
        ("Title of Course", "title"),
        ("CAPCE# / OEMS#", "approval"),
        ("CAPCE Accreditation", "approval"),
        ("Live/Distributive", "delivery"),
        ("Last, First", "person"),
        ("NREMT Registry #", "person_id"),
    ],
)
def test_header_spellings_found_in_exports(header, field):
    """Each was unmatched ("Missing column" for the required ones): matched now in any word order, less
    filler words, with word forms made one (the vocabulary's [headers] table)."""
    from recert_core.transcript.columns import decide_columns

    assert decide_columns([header], []).positions == {field: 0}


def test_cells_wrapped_to_keep_excel_from_reading_them(tmp_path, capsys):
    """Some exports write every cell as ="…" so Excel keeps it as text: the date, hours and approval
    number were all refused (or left unverified)."""
    data = b'Date,Course,Hours,CAPCE #,NREMT ID,Name\n="03/19/2025",A,="1.5",="24-ABCD-F3-0001",="E123",Pat Doe\n'
    data += b'2025-03-20,B,1,"=""24-ABCD-F3-0002""",="E123",Pat Doe\n'
    result = run_check(tmp_path, capsys, "x.csv", data)
    assert [(r["date"], r["hours"], r["status"]) for r in result["rows"]] == [
        ("2025-03-19", 1.5, "counted"),
        ("2025-03-20", 1, "counted"),
    ]
    assert "people" not in result  # one person, whichever way the ID is written


def test_a_line_of_the_persons_details_above_the_header(tmp_path, capsys):
    """ "Name:, Pat Doe, NREMT #:, E1234567, Date:, 03/04/2026" above a three-column header named as many
    known columns and was taken for the header ("Missing column: hours"): the row naming all three
    required fields wins now."""
    data = (
        b"Continuing Education Transcript\n"
        b"Name:,Pat Doe,NREMT #:,E1234567,Date:,03/04/2026\n"
        b"Level:,EMT,Expiration:,03/31/2026\n\n"
        b"Date,Title,Hours\n2025-03-19,Airway,1.5\n"
    )
    result = run_check(tmp_path, capsys, "nremt.csv", data)
    assert result["file"]["header_line"] == 5 and result["rows"][0]["hours"] == 1.5


def test_a_report_grouped_by_person_with_no_person_column_is_read_as_a_roster(tmp_path, capsys):
    """An LMS report prints "User: Pat Doe" above each person's courses and has no person column: it was
    checked as one transcript, so one person's courses could count for another (a false "met"). Each
    person is now checked on their own, with the rows below their line, and every row is accounted for."""
    title = b"Training Completion Report\nPrinted 03/04/2026\n\n"
    pat = (
        b"User: Pat Doe\nDate,Course,Hours,CAPCE #\n2025-03-19,Airway,1.5,24-ABCD-F3-0001\n"
        b"2025-04-02,Shock,2,24-ABCD-F3-0002\n\n"
    )
    sam = b"Student: SMITH, SAM (ID 4471)\nDate,Course,Hours,CAPCE #\n2025-03-21,Trauma,1,24-ABCD-F3-0003\n"
    result = run_check(tmp_path, capsys, "lms.csv", title + pat + sam)
    people = dict(reports_of(result))
    assert list(people) == ["Pat Doe", "SMITH, SAM (ID 4471)"]
    pat_rows, sam_rows = people["Pat Doe"]["rows"], people["SMITH, SAM (ID 4471)"]["rows"]
    assert [r["title"] for r in pat_rows if r["status"] != "skipped"] == ["Airway", "Shock"]
    assert [r["title"] for r in sam_rows if r["status"] != "skipped"] == ["Trauma"]
    assert sum(r["counted"] for r in pat_rows) == 3.5 and sum(r["counted"] for r in sam_rows) == 1  # no mixing
    lines = sorted(r["line"] for _, report in reports_of(result) for r in report["rows"])
    blank = {line for _, report in reports_of(result) for line in report["blank_lines"]}
    assert pat_rows[0]["line"] == 6 and sorted([*lines, *blank]) == list(range(6, 12))  # every line below the header
    skipped = [r["reasons"][0]["code"] for r in sam_rows if r["status"] == "skipped"]
    assert skipped == ["not-a-course", "repeated-header"]
    assert "grouped-by-person" in [n["code"] for n in people["Pat Doe"]["file"]["notes"]]
    # One person line: one person's transcript, named nowhere else, with no note.
    one = b"Transcript for: Pat Doe\nDate,Course,Hours\n2025-03-19,Airway,1.5\n"
    alone = run_check(tmp_path, capsys, "one.csv", one)
    assert "people" not in alone and alone["file"]["notes"] == []
    # Courses above the first person line are nobody's: kept, as "(no name)", never given to a person.
    persons = b"User: Pat Doe\n2025-03-19,Airway,1.5\nUser: Sam Lee\n2025-03-21,Trauma,1\n"
    early = b"Date,Course,Hours\n2025-01-05,Orphan,1\n" + persons
    people = dict(reports_of(run_check(tmp_path, capsys, "early.csv", early)))
    assert list(people) == ["Pat Doe", "Sam Lee", "(no name)"]
    assert [r["title"] for r in people["(no name)"]["rows"]] == ["Orphan"]
    # Lines above the first person line that are not courses (a repeated heading) go with the first person.
    heading = b"Date,Course,Hours\nDate,Course,Hours\n" + persons
    people = dict(reports_of(run_check(tmp_path, capsys, "heading.csv", heading)))
    assert list(people) == ["Pat Doe", "Sam Lee"] and [r["line"] for r in people["Pat Doe"]["rows"]] == [2, 3, 4]


def test_a_completion_date_that_says_the_course_is_not_finished(tmp_path, capsys):
    """An LMS with no status column writes "In Progress" where the completion date would be: the course
    was rejected as having a bad date (with a fix "correct the completion date"); it is not completed."""
    data = b"Completion Date,Course Title,Credit Hours\nIn Progress,A,1\nIncomplete,B,1\nN/A,C,1\n,D,1\n"
    rows = run_check(tmp_path, capsys, "lms.csv", data)["rows"]
    assert [(r["status"], r["reasons"][0]["code"]) for r in rows] == [
        ("skipped", "not-completed"),
        ("skipped", "not-completed"),
        ("rejected", "bad-date"),
        ("rejected", "no-date"),
    ]


def test_a_roster_naming_each_person_on_their_first_row_only(tmp_path, capsys):
    """A tracker writes each person's name once, on their first row, and leaves it blank below: those
    rows went to "(no name)". When the whole file has that shape, a blank name is the person above."""
    csv = (
        b"Name,License #,Date,Course,Hours\n"
        b"Pat Doe,E1001,2025-03-19,Airway,1.5\n,,2025-04-02,Shock,2\n,,2025-05-10,Stroke,1\n\n"
        b"Sam Lee,E1002,2025-03-21,Trauma,1\n,,2025-06-01,Burns,0.5\n"
    )
    workbook = small_workbook(
        [
            "".join(inline(f"{c}1", h) for c, h in zip("ABCD", ["Name", "Date", "Course", "Hours"], strict=True)),
            inline("A2", "Pat Doe") + inline("B2", "2025-03-19") + inline("C2", "Airway") + '<c r="D2"><v>1.5</v></c>',
            inline("B3", "2025-04-02") + inline("C3", "Shock") + '<c r="D3"><v>2</v></c>',
            inline("A4", "Sam Lee") + inline("B4", "2025-03-21") + inline("C4", "Trauma") + '<c r="D4"><v>1</v></c>',
            inline("B5", "2025-06-01") + inline("C5", "Burns") + '<c r="D5"><v>0.5</v></c>',
        ]
    )
    for name, data, pat, sam in (
        ("tracker.csv", csv, ["Airway", "Shock", "Stroke"], ["Trauma", "Burns"]),
        ("tracker.xlsx", workbook, ["Airway", "Shock"], ["Trauma", "Burns"]),
    ):
        result = run_check(tmp_path, capsys, name, data)
        people = reports_of(result)
        assert len(people) == 2 and people[0][0].startswith("Pat Doe") and people[1][0].startswith("Sam Lee")
        pat_report, sam_report = people[0][1], people[1][1]
        assert [r["title"] for r in pat_report["rows"]] == pat and [r["title"] for r in sam_report["rows"]] == sam
        assert "person-carried-down" in [n["code"] for n in pat_report["file"]["notes"]]


def test_a_row_that_only_lacks_its_name_is_nobodys(tmp_path, capsys):
    """In a roster sorted by date (a person's rows in several runs), or where blank names are rare, a row
    without a name could be anyone's: it stays "(no name)" and counts for no one."""
    by_date = (
        b"Name,Date,Course,Hours\nPat Doe,2025-01-05,A,1\nSam Lee,2025-01-06,B,1\n,2025-01-07,C,1\n"
        b"Pat Doe,2025-01-08,D,1\n,2025-01-09,E,1\nSam Lee,2025-01-10,F,1\n"
    )
    rare = (
        b"Name,Date,Course,Hours\nPat Doe,2025-01-05,A,1\nPat Doe,2025-01-06,B,1\n,2025-01-07,C,1\n"
        b"Sam Lee,2025-01-08,D,1\n"
    )
    for data, nobody in ((by_date, ["C", "E"]), (rare, ["C"])):
        people = dict(reports_of(run_check(tmp_path, capsys, "roster.csv", data)))
        assert list(people)[-1] == "(no name)"
        assert [r["title"] for r in people["(no name)"]["rows"]] == nobody
        assert all("person-carried-down" not in [n["code"] for n in p["file"]["notes"]] for p in people.values())


def test_a_summary_block_below_the_courses_is_skipped_not_rejected(tmp_path, capsys):
    """Below the courses a report prints a block of totals ("Summary", then a label and a number a
    line): those lines were rejected as courses with bad dates ("rows to fix"). They are not courses."""
    data = (
        b"Date,Course,Hours,Component\n2025-03-19,Airway,1.5,National\n2025-04-02,Shock,2,Local\n\n"
        b"Summary\nNational,1.5\nLocal,2\nRequired hours remaining,38\n"
        b"2025-05-01,Total Body Assessment,2,Local\nNo date given,Burns,1,Local\n"
    )
    rows = rows_by_line(run_check(tmp_path, capsys, "report.csv", data))
    assert [rows[n]["status"] for n in (5, 6, 7, 8)] == ["skipped"] * 4
    assert {rows[n]["reasons"][0]["code"] for n in (5, 6, 7, 8)} == {"total-row"}
    # A dated row ends the block: a course is never skipped as a total, whatever its title.
    assert rows[9]["title"] == "Total Body Assessment" and rows[9]["status"] != "skipped"
    assert rows[10]["status"] == "rejected" and rows[10]["reasons"][0]["code"] == "bad-date"


def test_formulas_no_spreadsheet_computed_are_said_per_row_and_another_column_is_read(tmp_path, capsys):
    """A workbook written by a program: its Hours column is formulas with no stored value. Beside minutes
    they would be made from, the minutes are read (with a note); alone, each row says the value was never
    worked out and how to fix it, rather than "no hours"."""
    header = inline("A1", "Date") + inline("B1", "Course") + inline("C1", "Minutes") + inline("D1", "Hours")
    row = inline("A2", "2025-03-19") + inline("B2", "Airway") + '<c r="C2"><v>90</v></c><c r="D2"><f>C2/60</f></c>'
    result = run_check(tmp_path, capsys, "f.xlsx", small_workbook([header, row]))
    assert result["rows"][0]["hours"] == 1.5 and result["file"]["columns"]["hours"] == "Minutes"
    assert [n["code"] for n in result["file"]["notes"]] == ["formulas-not-computed"]
    alone = [
        inline("A1", "Date") + inline("B1", "Course") + inline("C1", "Hours"),
        inline("A2", "2025-03-19") + inline("B2", "Airway") + '<c r="C2"><f>1.5*1</f></c>',
    ]
    row = run_check(tmp_path, capsys, "g.xlsx", small_workbook(alone))["rows"][0]
    assert row["status"] == "rejected" and row["reasons"][0]["code"] == "formula-not-computed"
