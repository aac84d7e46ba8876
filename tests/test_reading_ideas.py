"""The reader's ideas found by the second probe of neighbouring shapes (issue 18), each as a property over
generated variants rather than one file: hours a course offers are not hours earned, a CEU column gives
way to contact hours, course names under a "Name" header are titles, a block beside the table is not the
table, one slip in a date column does not unsettle the rest, fractions written as one character, a
hand-typed CSV with a space after each comma, a component given by a heading or a sheet's name."""

from __future__ import annotations

import io
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recert_core.transcript import read_transcript
from recert_core.transcript.table import TranscriptError
from recert_core.transcript.values import VULGAR, parse_hours


def read(text: str):
    return read_transcript(io.BytesIO(text.encode()))


def codes(course) -> set[str]:
    return {p.code for p in course.problems}


@given(whole=st.integers(0, 40), char=st.sampled_from(sorted(VULGAR)), unit=st.sampled_from(["", " h", " hrs", " min"]))
def test_a_fraction_written_as_one_character_is_exact(whole, char, unit):
    text = f"{whole or ''}{' ' if whole and unit != ' min' else ''}{char}{unit}"
    expected = (whole + VULGAR[char]) / (60 if unit == " min" else 1)
    assert parse_hours(text)[0] == expected


@given(
    offered=st.sampled_from(["Hours Required", "Credits Available", "Course Length (hrs)", "Max Credits"]),
    earned=st.sampled_from(["Hours Completed", "Credits Awarded", "Approved Hours", "Credits Earned"]),
    earned_first=st.booleans(),
)
def test_the_earned_hours_column_is_read_whichever_side_it_is(offered, earned, earned_first):
    pair = [earned, offered] if earned_first else [offered, earned]
    values = ["1.5", "3"] if earned_first else ["3", "1.5"]
    t = read(f"Course,Date,{pair[0]},{pair[1]}\nAirway review,2025-03-19,{values[0]},{values[1]}\n")
    assert t.columns["hours"] == earned
    assert t.courses[0].hours == Fraction(3, 2)


def test_contact_hours_beside_ceus_are_the_hours():
    t = read("Course Title,Date Completed,CEUs,Contact Hours,CAPCE #\nStroke update,2025-03-19,0.15,1.5,T1-1234\n")
    assert t.columns["hours"] == "Contact Hours" and t.courses[0].hours == Fraction(3, 2)
    alone = read("Course Title,Date Completed,CEUs\nStroke update,2025-03-19,2\n")
    assert alone.columns["hours"] == "CEUs"


@given(header=st.sampled_from(["Name", "Assignment Name", "Item Name"]), count=st.integers(2, 6))
def test_course_names_under_a_name_header_are_titles_not_people(header, count):
    titles = [
        "Airway management review",
        "Cardiac arrest update",
        "Stroke assessment",
        "Trauma triage",
        "Pediatric seizures",
        "Opioid overdose",
    ][:count]
    body = "".join(f"{title},2025-0{i + 1}-10,1\n" for i, title in enumerate(titles))
    t = read(f"{header},Date,Hours\n{body}")
    assert t.person is None and t.columns["title"] == header
    assert [c.title for c in t.courses] == titles


@given(
    names=st.sampled_from(
        [("Pat Doe", "Sam Lee"), ("Ann", "Bob"), ("Nguyễn Văn An", "Đặng Thu"), ("Burns, Pat", "Head, Sam")]
    )
)
def test_people_under_a_name_header_stay_people(names):
    from recert_core.transcript import read_people

    body = "".join(f"{name!r},Airway review,2025-03-19,1\n".replace("'", '"') for name in names)
    people = list(read_people(io.BytesIO(f"Name,Course,Date,Hours\n{body}".encode())))
    assert [p.person for p in people] == list(names)


def test_a_block_beside_the_table_after_an_empty_column_is_not_the_table():
    t = read(
        "Date,Course,Hours,Component,,Component,Hours Done,Needed\n"
        "2025-01-05,Airway lecture,2,National,,National,3.5,20\n"
        "2025-02-05,Cardiac online,1.5,National,,Local,2,10\n"
    )
    assert t.columns["hours"] == "Hours" and [c.hours for c in t.courses] == [2, Fraction(3, 2)]


@given(settling=st.integers(2, 6), slip_at=st.integers(0, 6))
def test_one_slip_in_a_month_first_column_leaves_the_rest_month_first(settling, slip_at):
    days = [f"03/{13 + i}/2025" for i in range(settling)] + ["04/05/2025"]
    days.insert(min(slip_at, len(days)), "13/03/2025")
    body = "".join(f"Course {i},{d},1\n" for i, d in enumerate(days))
    t = read(f"Course,Date Completed,Hours\n{body}")
    by_text = {c.raw["date"]: c for c in t.courses}
    assert by_text["04/05/2025"].date == date(2025, 4, 5)
    assert by_text["13/03/2025"].date is None and "bad-date" in codes(by_text["13/03/2025"])


def test_a_hand_typed_csv_with_a_space_after_each_comma():
    t = read('"Course", "Date", "Hours"\n"Airway review", "03/19/2025", "2"\n')
    assert t.columns["date"] == "Date" and t.courses[0].date == date(2025, 3, 19) and t.courses[0].hours == 2


@given(heading=st.sampled_from(["NATIONAL COMPONENT (20 hrs)", "National (NCCR) - 20 hours", "National Component"]))
def test_a_component_heading_places_the_rows_below_it(heading):
    t = read(
        f"Date,Course,Hours\n{heading},,\n2025-03-19,Airway review,2\nLocal/State Component,,\n2025-04-01,Protocols,1\n"
    )
    courses = [c for c in t.courses if not c.skipped]
    assert [c.component for c in courses] == ["national", "local"]
    assert all("component-from-heading" in codes(c) for c in courses)
    marked = read(f"Date,Course,Hours,Component\n{heading},,,\n2025-03-19,Airway review,2,Individual\n")
    assert [c.component for c in marked.courses if not c.skipped] == ["individual"]  # the row's own word wins


@given(mark=st.sampled_from(["P", "F"]), header=st.sampled_from(["Pass/Fail", "P/F", "Result (P/F)"]))
def test_a_pass_fail_column_of_letters(mark, header):
    t = read(f"Course,Date,{header},Hours\nAirway review,2025-03-19,{mark},2\n")
    (course,) = t.courses
    assert course.skipped == (mark == "F") and ("not-completed" in codes(course)) == (mark == "F")


@given(status=st.sampled_from(["Present", "Checked In", "Signed In", "In attendance"]))
def test_attendance_that_says_they_were_there(status):
    (course,) = read(f"Course,Date,Attendance,Hours\nAirway review,2025-03-19,{status},2\n").courses
    assert not course.skipped and course.hours == 2


# ---- Markup: a vendor's "Excel" export that is a web page, Excel 2003's XML, a JSON export -----------

COURSES = [("Airway management review", "2025-03-19", "1.5", "T1-2201"), ("Stroke update", "2025-05-02", "2", "")]


def html_export(title_table: bool) -> str:
    rows = "".join(f"<tr><td>{t}</td><td>{d}</td><td>{h}</td><td>{n}</td></tr>" for t, d, h, n in COURSES)
    above = "<table><tr><td colspan=4><b>CE Transcript</b></td></tr><tr><td>Pat Doe</td></tr></table>" * title_table
    return (
        "<html><head><meta charset=utf-8></head><body>"
        + above
        + "<table border=1><tr><th>Course Title</th><th>Completion<br>Date</th>"
        + "<th>Credit Hours</th><th>CAPCE #</th></tr>"
        + rows
        + "</table></body></html>"
    )


def spreadsheet_ml() -> str:
    def cell(kind: str, value: str) -> str:
        return f'<Cell><Data ss:Type="{kind}">{value}</Data></Cell>'

    head = "".join(cell("String", h) for h in ("Course Title", "Date Completed", "Hours", "Approval Number"))
    body = "".join(
        "<Row>"
        + cell("String", t)
        + cell("DateTime", f"{d}T00:00:00.000")
        + cell("Number", h)
        + cell("String", n)
        + "</Row>"
        for t, d, h, n in COURSES
    )
    return (
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        f'<Worksheet ss:Name="Transcript"><Table><Row>{head}</Row>{body}</Table></Worksheet></Workbook>'
    )


def json_export(wrapped: bool) -> str:
    import json

    records = [
        {"courseTitle": t, "completedDate": d, "creditHours": float(h), "capceNumber": n} for t, d, h, n in COURSES
    ]
    return json.dumps({"learner": {"name": "Pat Doe"}, "completions": records} if wrapped else records)


@given(
    text=st.sampled_from(
        [html_export(False), html_export(True), spreadsheet_ml(), json_export(False), json_export(True)]
    )
)
def test_a_table_written_as_markup_is_read_as_a_sheet(text):
    t = read(text)
    assert [(c.title, c.date.isoformat(), c.hours) for c in t.courses] == [
        (title, day, Fraction(hours)) for title, day, hours, _ in COURSES
    ]


def test_a_web_page_without_a_table_is_refused():
    import pytest

    from recert_core import TranscriptError

    with pytest.raises(TranscriptError):
        read("<!doctype html><html><body><p>Your session has expired.</p></body></html>")


@given(by=st.sampled_from(["number", "title"]), order=st.booleans())
def test_a_credit_reversal_takes_back_the_course_it_names(by, order):
    from recert_core import check

    number = "25-ABCD-F1-1001" if by == "number" else ""
    rows = [
        f"2025-02-01,Medication errors,2,{number}",
        f"2025-02-20,Medication errors (credit reversal),-2,{number}",
        "2025-03-01,Stroke update,1.5,T1-2201",
    ]
    if order:
        rows[0], rows[1] = rows[1], rows[0]
    report = check(("Date,Course,Credit Hours,CAPCE #\n" + "\n".join(rows) + "\n").encode(), "emt", 2026)
    reasons = {row.title: {r.code for r in row.reasons} for row in report.rows}
    assert "reversed" in reasons["Medication errors"]
    assert "negative-hours" in reasons["Medication errors (credit reversal)"]
    assert sum(row.counted for row in report.rows) == Fraction(3, 2)


DATE_FORMS = {  # how a date is written inside a status, from the date it is
    "us": lambda d: f"{d.month}/{d.day}/{d.year}",
    "iso": lambda d: d.isoformat(),
    "named": lambda d: d.strftime("%b %d, %Y"),
    "day-named": lambda d: d.strftime("%d %B %Y"),
}


@given(
    days=st.lists(st.dates(date(2024, 4, 2), date(2026, 3, 30)), min_size=1, max_size=6),
    said=st.sampled_from(["Completed on {}", "Passed ({})", "Complete - {}", "Attended {}", "Completed {}"]),
    form=st.sampled_from(sorted(DATE_FORMS)),
    header=st.sampled_from(["Status", "Completion Status", "Result"]),
)
def test_a_status_that_carries_the_completion_date_gives_the_date(days, said, form, header):
    """No date column, and the status says when: each course's date is the one written in its status."""
    rows = "".join(
        f'Course {i},1,25-STDX-F3-{i:04},"{said.format(DATE_FORMS[form](day))}"\n' for i, day in enumerate(days, 1)
    )
    t = read(f"Course,Credits,CAPCE #,{header}\n{rows}")
    assert [c.date for c in t.courses] == days
    assert t.columns["date"] == header
    assert not any(codes(c) & {"no-date", "bad-date"} for c in t.courses)


def test_a_status_not_completed_is_skipped_whatever_date_it_carries():
    t = read(
        "Course,Credits,CAPCE #,Status\n"
        "Burns,1,25-STDX-F3-0001,Completed on 3/19/2025\n"
        "Drowning,1,25-STDX-F3-0002,In progress (started 4/1/2025)\n"
        "Poisoning,1,25-STDX-F3-0003,Completed\n"
    )
    burns, drowning, poisoning = t.courses
    assert burns.date == date(2025, 3, 19) and not burns.skipped
    assert drowning.skipped
    assert poisoning.date is None and "no-date" in codes(poisoning)  # no date said: refused, never guessed


@given(title_date=st.dates(date(2024, 4, 2), date(2026, 3, 30)))
def test_a_date_inside_a_title_is_never_the_completion_date(title_date):
    """ "Protocol changes effective 7/1/2024" names a date that is not when the course was done."""
    with_date = f"Protocol changes effective {title_date.month}/{title_date.day}/{title_date.year}"
    with pytest.raises(TranscriptError):  # no date column: the file is refused as such, no date is guessed
        read(f"Course,Credits,CAPCE #\n{with_date},1,25-STDX-F3-0001\n")


def test_a_status_with_two_dates_gives_none():
    """Which of two dates is the completion date cannot be told: that row is refused, not the file."""
    t = read(
        "Course,Credits,CAPCE #,Status\n"
        "Burns,1,25-STDX-F3-0001,Started 3/1/2025 completed 3/19/2025\n"
        "Drowning,1,25-STDX-F3-0002,Completed on 3/20/2025\n"
    )
    assert t.courses[0].date is None and codes(t.courses[0]) & {"no-date", "not-completed"}
    assert t.courses[1].date == date(2025, 3, 20)


COURSE_LABELS = {
    "title": ["Class", "Course", "Session", "Training", "Event"],
    "date": ["Date", "Class Date", "Course Date"],
    "hours": ["Hours", "Credit Hours", "CE Hours"],
    "approval": ["OEMS #", "CAPCE #", "Approval #", "Course #"],
}


@st.composite
def sign_in_sheets(draw):
    """An attendance report: each class a line of labelled facts (in one cell, " | " between them, or a
    cell each), then its own header and the people who signed in."""
    one_cell = draw(st.booleans())
    labels = {f: draw(st.sampled_from(v)) for f, v in COURSE_LABELS.items()}
    with_hours_column = draw(st.booleans())
    classes = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["CPR Recertification", "Stroke Scales", "Airway Review", "Trauma Update"]),
                st.dates(date(2024, 4, 2), date(2026, 3, 30)),
                st.integers(1, 6),
                st.lists(
                    st.sampled_from(["Doe,Jane", "Kelly,Pat", "Silva,Ana", "Nguyen,Lan"]),
                    min_size=1,
                    max_size=4,
                    unique=True,
                ),
            ),
            min_size=1,
            max_size=4,
        )
    )
    # The attendees by their names (two columns or one), and sometimes their own certification numbers,
    # whose column's header says "#" as an approval number's may ("Cert #": E123456).
    names = draw(st.sampled_from(["Last Name,First Name", "Name", "Attendee Name", "Participant"]))
    own_number = draw(
        st.sampled_from(["", "Cert #", "Cert Number", "EMT #", "Certification #", "License #", "NREMT #"])
    )
    shape = draw(st.sampled_from(["E{:06}", "{:07}", "P-{:05}", "NR{:07}", "{:06}"]))
    header = f"{names}{',' + own_number if own_number else ''},Signed In" + (
        ",Hours Credited" if with_hours_column else ""
    )
    lines = ["Training Attendance Report", ""]
    expected = []  # (person, title, date, hours)
    for number, (title, day, hours, people) in enumerate(classes, 1):
        facts = [
            f"{labels['title']}: {title}",
            f"{labels['date']}: {day.month:02}/{day.day:02}/{day.year}",
            f"{labels['hours']}: {hours}",
            f"{labels['approval']}: T1-{2200 + number}",
        ]
        lines.append(f'"{" | ".join(facts)}"' if one_cell else ",".join(facts))
        lines.append(header)
        for person in people:
            last, first = person.split(",")
            cells = f"{last},{first}" if "," in names else f"{first} {last}"
            own = shape.format(sum(map(ord, person)) * 37) if own_number else ""
            lines.append(f"{cells}{',' + own if own_number else ''},Yes" + (f",{hours}" if with_hours_column else ""))
            label = f"{first} {last} {own}".strip()  # a person's number, when given, is in their label
            expected.append((label, title, day, hours, f"T1-{2200 + number}"))
        lines.append("")
    return "\n".join(lines) + "\n", expected


@given(sheet=sign_in_sheets())
def test_a_sign_in_sheet_gives_each_person_the_class_named_above_their_block(sheet):
    from recert_core.transcript.people import read_people

    text, expected = sheet
    got = []
    for t in read_people(io.BytesIO(text.encode())):
        got += [(t.person, c.title, c.date, c.hours, c.approval) for c in t.courses if not c.skipped]
        assert all(not codes(c) & {"no-date", "bad-date", "no-hours", "bad-hours", "bad-approval"} for c in t.courses)
    assert sorted(got) == sorted(expected)


def test_one_who_did_not_sign_in_is_not_given_the_class():
    from recert_core.transcript.people import read_people

    text = (
        "Class: CPR | Date: 03/19/2025 | Hours: 4 | OEMS #: T1-2201\n"
        "Last Name,First Name,Signed In\nDoe,Jane,Yes\nKelly,Pat,No\n"
    )
    people = {t.person: t for t in read_people(io.BytesIO(text.encode()))}
    assert [c.hours for c in people["Jane Doe"].courses if not c.skipped] == [4]
    assert all(c.skipped for c in people["Pat Kelly"].courses)


def test_a_person_s_details_above_a_transcript_are_not_a_course():
    """ "Name: Pat Doe", "Date: 03/04/2026" above the header: a person's line, no course facts."""
    t = read("Name: Pat Doe,Date: 03/04/2026\nCourse,Date,Hours\nAirway,2025-03-19,2\n")
    assert [(c.title, c.date) for c in t.courses] == [("Airway", date(2025, 3, 19))]


def test_the_report_says_the_dates_were_read_from_the_status():
    t = read("Course,Credits,CAPCE #,Status\nBurns,1,25-STDX-F3-0001,Completed on 3/19/2025\n")
    (note,) = [n for n in t.notes if n.code == "date-in-status"]
    assert note.value("header") == "Status"


def _people(text: str) -> dict:
    from recert_core.transcript.people import read_people

    return {t.person: t for t in read_people(io.BytesIO(text.encode()))}


def _may_count(course) -> bool:
    """Read as a course that may count: not skipped, and nothing found that rejects it."""
    return not course.skipped and not any(p.effect == "reject" for p in course.problems)


NAMES = ["Jane Doe", "Pat Kelly", "Ana Silva", "Lan Nguyen", "Ada Okafor"]


@given(
    marks=st.lists(st.sampled_from(["Yes", "No", ""]), min_size=1, max_size=5),
    second=st.sampled_from(["Date: 04/09/2025", "Date: TBD", "Date: 45756", "none", "unlabelled"]),
)
def test_a_sign_in_sheet_never_gives_a_course_to_who_did_not_attend_it(marks, second):
    """Only a Yes under a class whose line says it as the others do is attendance: a No, a blank, a class
    whose date cannot be read, a block whose line is of another shape or missing, are never counted."""
    rows = "".join(f"{n.split()[1]},{n.split()[0]},{mark}\n" for n, mark in zip(NAMES, marks, strict=False))
    line = {"none": "", "unlabelled": "Stroke Scales - April 9 2025 - 1 hr\n"}.get(
        second, f"Class: Stroke Scales | {second} | Hours: 1 | OEMS #: T1-2202\n"
    )
    text = (
        "Class: CPR | Date: 03/19/2025 | Hours: 4 | OEMS #: T1-2201\nLast Name,First Name,Signed In\n"
        "Doe,Jane,Yes\n" + line + "Last Name,First Name,Signed In\n" + rows
    )
    counted = {(person, c.title, c.date) for person, t in _people(text).items() for c in t.courses if _may_count(c)}
    expected = {("Jane Doe", "CPR", date(2025, 3, 19))}
    if second == "Date: 04/09/2025":
        expected |= {
            (n, "Stroke Scales", date(2025, 4, 9)) for n, mark in zip(NAMES, marks, strict=False) if mark == "Yes"
        }
    assert counted == expected


@pytest.mark.parametrize(
    "above",
    ["Report Date: 01/15/2026,Total Hours: 24", "Run Date: 01/15/2026,Hours: 24", "Name: Pat Doe,Date: 01/15/2026"],
)
def test_a_report_s_own_line_is_never_a_class(above):
    """A report's date and total, or a person's details, above a table that lacks those columns: the
    file is refused as lacking them, never read with the report's date and hours on every row."""
    with pytest.raises(TranscriptError):
        read(f"{above}\nLast Name,First Name,Course,Approval Number\nDoe,Pat,Airway Review,MA-T3-2025-0456\n")
    with pytest.raises(TranscriptError):
        read(f"{above}\nCourse,Approval Number\nAirway Review,MA-T3-2025-0456\n")


def test_a_date_in_an_ignored_column_is_never_read():
    text = "Course,Hours,Approval Number,Notes\nAirway,2,MA-T3-2025-0456,Passed on 3/19/2025\n"
    assert read(text).courses[0].date == date(2025, 3, 19)
    with pytest.raises(TranscriptError):
        read_transcript(io.BytesIO(text.encode()), columns={"ignore": "Notes"})


@given(sheet=sign_in_sheets())
def test_the_column_step_sees_a_sign_in_sheet_as_the_check_reads_it(sheet):
    """The page's column step (preview) asks for no column the check does not need: a class line's facts
    are given, and the columns it shows are the ones the check reads."""
    from recert_core.transcript.read import preview

    text, _ = sheet
    (shown,) = preview(text.encode())
    assert shown["missing"] == [] and shown["roster"]
    assert "approval" not in shown["columns"]  # the class line's, never the attendees' own numbers


@pytest.mark.parametrize("header", ["Cert #", "Course #", "Approval #"])
def test_a_row_s_own_approval_number_is_never_replaced_by_the_class_line(header):
    """A column of the table holding approval numbers stays the approval column under a class line: each
    row keeps its own number (and one that differs from the line's is the row's, not the line's)."""
    text = (
        "Class: CPR | Date: 03/19/2025 | Hours: 4 | OEMS #: T1-2201\n"
        f"Name,{header},Signed In\nJane Doe,T1-2299,Yes\nPat Kelly,T1-2201,Yes\n"
    )
    got = {t.person: [c.approval for c in t.courses if not c.skipped] for t in _people(text).values()}
    assert got == {"Jane Doe": ["T1-2299"], "Pat Kelly": ["T1-2201"]}


# --- the third probe's ideas: what a "Topic" column holds, a format code where the delivery is, a
# weekday beside a date, and which sheet of a workbook came closest ------------------------------------

TOPIC_TITLES = [
    "Medical Emergencies Review",
    "Region 4 Protocol Changes",
    "Spinal motion restriction lab",
    "Opioid overdose response",
    "Ambulance operations safety",
]


@given(
    header=st.sampled_from(["Topic", "Topic Area", "Subject Area", "TOPIC"]),
    count=st.integers(2, 5),
    numbered=st.booleans(),
)
def test_course_names_under_a_topic_header_name_the_course(header, count, numbered):
    titles = TOPIC_TITLES[:count]
    numbers = [f"T2-{4100 + i}" for i in range(count)]
    body = "".join(
        f"0{i + 2}/1{i}/2025,{title},{1 + i % 2}" + (f",{numbers[i]}" if numbered else "") + "\n"
        for i, title in enumerate(titles)
    )
    t = read(f"Date Attended,{header},Hours" + (",OEMS #" if numbered else "") + "\n" + body)
    assert t.columns["title"] == header and "topic" not in t.columns
    assert [c.title for c in t.courses] == titles  # never the approval number in the title's place
    assert [c.approval for c in t.courses] == (numbers if numbered else [""] * count)


def test_a_topic_column_with_a_topic_area_in_it_stays_the_topic():
    text = "Course,Date,Hours,Topic\nCourse 1,2025-03-11,1,Airway\nCourse 2,2025-03-12,1,Region 4 protocol changes\n"
    text += "Course 3,2025-03-13,1,Trauma\n"
    t = read(text)
    assert t.columns["title"] == "Course" and t.columns["topic"] == "Topic"
    with pytest.raises(TranscriptError):  # never the course's name, when one of its cells is a topic area
        read("Date,Hours,Topic\n2025-03-11,1,Airway\n2025-03-12,1,Region 4 protocol changes\n")


@given(areas=st.permutations(["Airway", "Cardiology", "Trauma", "Medical", "Operations"]))
def test_topic_areas_under_a_topic_header_stay_topics_and_never_name_a_course(areas):
    body = "".join(f"Course {i},2025-03-1{i},1,{area}\n" for i, area in enumerate(areas))
    t = read(f"Course,Date,Hours,Topic\n{body}")
    assert t.columns["topic"] == "Topic" and t.columns["title"] == "Course"
    assert [c.topic for c in t.courses] == [a.casefold() for a in areas]
    alone = "".join(f"2025-03-1{i},1,{area}\n" for i, area in enumerate(areas))
    with pytest.raises(TranscriptError):  # a topic area is not the course's name: the title is missing
        read(f"Date,Hours,Topic\n{alone}")


# The 2026 cycle's approval schemes (rules data, from CAPCE's and OEMS's own pages): F3 and T3 online,
# the other codes live (F5 live virtual); F7 is no code of either.
CODED = {"F1": False, "F2": False, "F3": True, "F4": False, "F5": False, "T1": False, "T2": False, "T3": True}
CODED |= {"T5": False, "F7": None}


@given(
    code=st.sampled_from(sorted(CODED)),
    words=st.sampled_from([("", None), (" - Live", False), (" (online)", True), (" - VILT", False), (" DE", True)]),
    lower=st.booleans(),
    header=st.sampled_from(["Format", "Format (F1/F3/F5)", "Delivery Method", "Fmt"]),
)
def test_a_format_code_where_the_delivery_is_written_is_read_by_the_rules(code, words, lower, header):
    """CAPCE's F codes and OEMS's T codes mean what the cycle's approval schemes say (F3 online, F5 live
    virtual); words beside a code that say otherwise, or a code no scheme defines, say nothing: such a
    course counts as distributive, and the row says its delivery was not recognised."""
    from recert_core.check import check

    said, cell = words[1], (code.lower() if lower else code) + words[0]
    coded = CODED[code]
    data = f"Course,Date Completed,Credit Hrs,{header}\nHemorrhage control skills,2025-01-08,2.0,{cell}\n"
    row = check(data.encode(), "emt", 2026, today=date(2026, 1, 15)).rows[0]
    agreed = coded is not None and said in (None, coded)
    assert row.distributive is (coded if agreed else True)
    assert ("unknown-delivery" in {r.code for r in row.reasons}) is (not agreed)


def test_a_format_code_the_approval_number_contradicts_gives_way_to_the_number():
    from recert_core.check import check

    data = "Course,Date Completed,Credit Hrs,CAPCE #,Format\nTrauma rounds,2025-03-26,1.5,25-ABCD-F3-0101,F1\n"
    row = check(data.encode(), "emt", 2026, today=date(2026, 1, 15)).rows[0]
    assert row.distributive is True and "delivery-ignored" in {r.code for r in row.reasons}


@given(
    day=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    day_first=st.booleans(),
    form=st.sampled_from(["%a", "%A", "%a.", "%A,"]),
)
def test_a_weekday_beside_a_numeric_date_says_its_order(day, day_first, form):
    from hypothesis import assume

    from recert_core.transcript.dates import date_cell

    assume(day.day <= 12 and day.day != day.month)
    other = date(day.year, day.day, day.month)  # the same digits read the other way
    assume(other.weekday() != day.weekday())
    digits = f"{day:%d/%m/%Y}" if day_first else f"{day:%m/%d/%Y}"
    weekday = day.strftime(form.rstrip(".,")) + form[-1] * (form[-1] in ".,")
    cell = date_cell(f"{weekday} {digits}")
    assert (cell.day_first, cell.month_first) == ((day, None) if day_first else (None, day))
    # the whole column follows: "Mon 06/01/2025" is 6 January, whatever the reader's own order
    t = read(f'Class Date,Class,Hrs\n"{weekday} {digits}",Cervical collar sizing,2\n')
    assert t.courses[0].date == day


def test_a_weekday_that_fits_both_readings_settles_nothing():
    from recert_core.transcript.dates import date_cell

    cell = date_cell("Tue 07/01/2025")  # 1 July and 7 January 2025 were both Tuesdays
    assert cell.month_first == date(2025, 7, 1) and cell.day_first == date(2025, 1, 7)


def test_a_workbook_no_sheet_of_which_can_be_read_names_the_sheet_that_came_closest():
    import openpyxl

    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "About"
    cover.append(["Name", "Jordan Lee"])
    log = book.create_sheet("CE Log")
    log.append(["Date Attended", "Course", "Notes"])
    log.append(["02/06/2025", "Airway review", "good"])
    log.append(["03/13/2025", "Trauma update", ""])
    book.create_sheet("Notes").append(["Remember to renew"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(TranscriptError) as refused:
        read_transcript(out.getvalue())
    assert refused.value.missing == ("hours",) and "CE Log" in str(refused.value)


def test_a_sheet_of_courses_but_for_one_column_is_named_in_a_note_never_dropped_in_silence():
    import openpyxl

    book = openpyxl.Workbook()
    read_sheet = book.active
    read_sheet.title = "2025"
    read_sheet.append(["Date", "Course", "Hours"])
    read_sheet.append(["2025-02-06", "Airway review", 2])
    lacking = book.create_sheet("2024")
    lacking.append(["Date Attended", "Course", "Notes"])  # no hours
    lacking.append(["02/06/2024", "Trauma update", "ok"])
    book.create_sheet("About").append(["Name", "Jordan Lee"])  # a cover: lacks more than one column
    out = io.BytesIO()
    book.save(out)
    t = read_transcript(out.getvalue())
    assert [c.title for c in t.courses] == ["Airway review"]
    unread = [dict(n.values) for n in t.notes if n.code == "sheet-unreadable"]
    assert unread == [{"sheet": "2024", "field": "hours"}]


@given(
    date_header=st.sampled_from(["Date", "Date de fin", "Fecha", "Fecha de finalización"]),
    title_header=st.sampled_from(["Cours", "Titre du cours", "Curso", "Título", "Nombre del curso"]),
    hours_header=st.sampled_from(["Heures", "Durée (heures)", "Horas", "Horas de crédito"]),
    order=st.permutations([0, 1, 2]),
)
def test_a_transcript_headed_in_french_or_spanish_is_read(date_header, title_header, hours_header, order):
    """The header words of a Canadian or Spanish-speaking agency's export (day-first dates, decimal commas,
    semicolons), each as the field it names, in any order."""
    headers = [date_header, title_header, hours_header]
    rows = [("19/03/2025", "Réanimation cardio-respiratoire", "1,5"), ("02/04/2025", "Trauma", "2")]
    lines = [";".join(headers[i] for i in order)] + [";".join(row[i] for i in order) for row in rows]
    t = read("\n".join(lines) + "\n")
    assert (t.columns["date"], t.columns["title"], t.columns["hours"]) == (date_header, title_header, hours_header)
    assert [(c.date, c.hours) for c in t.courses] == [(date(2025, 3, 19), Fraction(3, 2)), (date(2025, 4, 2), 2)]


# --- the fourth probe's ideas: who a block of rows belongs to in a training officer's files, a
# date's end, a vendor's "Assignment", delivery words among others ------------------------------------


def _persons(text: str | bytes) -> dict[str, list[str]]:
    from recert_core.transcript import read_people

    data = text.encode() if isinstance(text, str) else text
    return {t.person or "": [c.title for c in t.courses if not c.skipped] for t in read_people(io.BytesIO(data))}


PEOPLE = [("Jane Doe", "E1234567"), ("Patrick Kelly", "E2345678"), ("Ana Silva", "E3456789")]


@given(
    label=st.sampled_from(["Name:", "Employee Name:", "Learner:", "Member:", "Student Name:"]),
    number=st.sampled_from(["Registry #:", "NREMT #:", "Cert #:", "ID:"]),
    count=st.integers(2, 3),
    apart=st.booleans(),
)
def test_a_label_and_a_name_in_cells_of_their_own_above_each_block_name_its_person(label, number, count, apart):
    """NREMT exports pasted one after another: "Name:", "Jane Doe", "Registry #:", "E1234567" above each."""
    blocks = []
    for i, (name, registry) in enumerate(PEOPLE[:count]):
        line = f"{label},{name},{number},{registry}" if apart else f'"{label} {name}",{number} {registry}'
        blocks.append(f"{line}\nCourse Title,Completed Date,Hours\nCourse {i} airway review,01/2{i}/2025,2\n")
    people = _persons(",\n".join(blocks))
    # the person as the line names them (in one cell with their number, the number too: it tells people apart)
    assert [(who.split(",")[0], courses) for who, courses in people.items()] == [
        (name, [f"Course {i} airway review"]) for i, (name, _) in enumerate(PEOPLE[:count])
    ]


@given(
    level=st.sampled_from(["EMT", "Paramedic", "AEMT", "EMT-B"]),
    dash=st.sampled_from([" - ", " \u2014 ", " | "]),
    credential=st.sampled_from(["Cert #: 884512", "ID 4411", "Exp: 03/31/2026", "License 12345"]),
)
def test_a_banner_of_a_name_and_credentials_above_each_block_names_its_person(level, dash, credential):
    tail = dash + level + dash + credential
    text = "".join(
        f'"{last}, {first}{tail}"\nDate,Course,Hours\n01/2{i}/2025,Course {i} trauma update,1.5\n\n'
        for i, (last, first) in enumerate([("KELLY", "PATRICK"), ("MORALES", "TINA")])
    )
    people = _persons(text)
    assert len(people) == 2 and all(courses for courses in people.values())
    assert [p.split(",")[0] for p in people] == ["KELLY", "MORALES"]


@pytest.mark.parametrize(
    "line",
    [
        "North Shore - Quarterly report",
        "Airway Management - Adult",
        "Pat Doe",
        "Grand Rounds - Paramedic",  # a section of one person's courses, with a level but no number
        "Required Courses - EMT",
        "Pat Doe - Paramedic",
    ],
)
def test_a_line_that_is_not_a_name_with_credentials_names_nobody(line):
    from recert_core.transcript.rows import person_named

    assert person_named([line]) == ""


@given(
    names=st.sampled_from(
        [
            ("Pat Smith", "Smith, Pat"),
            ("Ana Silva", "SILVA, ANA"),
            ("José Núñez", "NÚÑEZ, JOSÉ"),
            ("Lee Park", "lee park"),
        ]
    )
)
def test_one_person_written_two_ways_in_a_roster_is_one_person_with_a_note(names):
    from recert_core.transcript import read_people

    first, second = names
    text = f'Name,Course,Date,Hours\n"{first}",Allergic reactions,1/14/2025,1\n"Other, Person",Stroke,1/15/2025,1\n'
    text += f'"{second}",Childbirth in the field,2/25/2025,2\n'
    people = list(read_people(io.BytesIO(text.encode())))
    assert [(p.person, len(p.courses)) for p in people] == [(first, 2), ("Other, Person", 1)]
    assert any(n.code == "person-spellings" for n in people[0].notes)


@pytest.mark.parametrize(
    "names", [("王伟", "李娜", "Иван Петров"), ("Nguyễn Văn Hùng", "Nguyễn Văn Hưng"), ("José Núñez", "Jose Nunez")]
)
def test_names_that_differ_in_a_letter_or_an_accent_are_never_one_person(names):
    text = "Name,Course,Date,Hours\n" + "".join(f"{n},Course {i},1/1{i}/2025,1\n" for i, n in enumerate(names))
    assert list(_persons(text)) == list(names)


def test_different_ids_keep_namesakes_apart():
    text = 'Name,NREMT ID,Course,Date,Hours\nPat Smith,E1,Airway,1/14/2025,1\n"Smith, Pat",E2,Stroke,1/15/2025,1\n'
    assert len(_persons(text)) == 2


@given(form=st.sampled_from(["{} Total", "{} Subtotal", "Total for {}", "{} - Total"]))
def test_a_subtotal_under_each_person_is_nobody(form):
    text = "Employee Name,Course,Date,CE Hours\n"
    for name in ("Abbott, Rae", "Baker, Sam"):
        text += f'"{name}",Airway review,1/14/2025,2\n"{form.format(name)}",,,2\n'
    text += "Grand Total,,,4\n"
    assert set(_persons(text)) == {"Abbott, Rae", "Baker, Sam"}


@given(
    sheets=st.sampled_from([("Smith, Pat", "Jones, Lee"), ("Pat Smith", "Lee Jones", "Ana Silva")]),
)
def test_a_workbook_of_a_sheet_per_person_is_a_roster(sheets):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for i, name in enumerate(sheets):
        sheet = book.create_sheet(name)
        sheet.append(["Date", "Course", "Hours"])
        sheet.append([date(2025, 1, 9), "Bleeding control", 1])  # the same course: each person's own
        sheet.append([date(2025, 2, 1 + i), f"Course {i}", 2])
    out = io.BytesIO()
    book.save(out)
    people = _persons(out.getvalue())
    assert people == {name: ["Bleeding control", f"Course {i}"] for i, name in enumerate(sheets)}


@pytest.mark.parametrize("names", [("2024", "2025"), ("Year One", "Year Two"), ("Current Cycle", "Previous Cycle")])
def test_sheets_named_for_periods_stay_one_persons_tabs(names):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for year, name in zip((2024, 2025), names, strict=True):
        sheet = book.create_sheet(name)
        sheet.append(["Date", "Course", "Hours"])
        sheet.append([date(year, 3, 1), f"Course {year}", 1])
    out = io.BytesIO()
    book.save(out)
    assert list(_persons(out.getvalue()).values()) == [["Course 2024", "Course 2025"]]


@given(
    pair=st.sampled_from([("Start", "End"), ("Begin", "End"), ("Start", "Ended"), ("Started", "Finish")]),
    swapped=st.booleans(),
)
def test_a_course_over_days_is_dated_by_its_end_never_its_start(pair, swapped):
    start, end = pair
    headers, cells = [start, end], ["3/1/2025 8:00", "3/2/2025 17:00"]
    if swapped:
        headers, cells = headers[::-1], cells[::-1]
    t = read(f"Class,{headers[0]},{headers[1]},Hours\nEVOC refresher,{cells[0]},{cells[1]},16\n")
    assert t.columns["date"] == end and t.courses[0].date == date(2025, 3, 2)


@given(header=st.sampled_from(["Assignment", "Assignment Name", "Assignment Title"]), count=st.integers(1, 4))
def test_a_vendors_assignment_is_the_course(header, count):
    body = "".join(f"Course {i} respiratory emergencies,2025-03-0{i + 1},1.5\n" for i in range(count))
    t = read(f"{header},Completed Date,Credit Hours\n{body}")
    assert t.columns["title"] == header and len(t.courses) == count


@given(
    cell=st.sampled_from(
        [
            ("Classroom Event", False),
            ("CAPCE - Live", False),
            ("CAPCE - VILT", False),
            ("Online Module", True),
            ("OEMS - Self-paced", True),
            ("Live Session", False),
            ("On demand activity", True),
            ("Text-based", True),
            ("Enduring Material", True),
            ("Self-Study", True),
            ("Podcast", True),
            ("Webcast", True),
            ("Live Webcast", False),
            ("Journal Article", True),
            ("Class", False),
            ("Lab", False),
            ("Module", True),
            ("Simulation", None),
        ]
    )
)
def test_the_words_that_say_how_a_course_was_given_among_words_of_its_kind_or_accreditor(cell):
    from recert_core.transcript.values import parse_delivery

    text, live_or_online = cell
    assert parse_delivery(text) is live_or_online


# --- the fifth probe's ideas: the national topics under any heading, approval numbers under a heading
# of the credit's kind, more ways of saying how a course was given -----------------------------------

TOPIC_CELLS = [
    ("Airway, Respiration & Ventilation", "airway"),
    ("Cardiovascular", "cardiology"),
    ("Trauma", "trauma"),
    ("Medical", "medical"),
    ("EMS Operations", "operations"),
]


@given(header=st.sampled_from(["Sub Category", "Subcategory", "Area", "NCCP Section"]), shift=st.integers(0, 4))
def test_the_national_topics_are_read_from_their_cells_under_any_heading(header, shift):
    cells = TOPIC_CELLS[shift:] + TOPIC_CELLS[:shift]
    body = "".join(
        f'Course {i},0{i + 1}/14/2025,1,National,"{text}",25-ECSI-F3-04{i}0\n' for i, (text, _) in enumerate(cells)
    )
    t = read(f"Course Name,Course Date,Hours,Category,{header},Approval Number\n{body}")
    assert t.columns["component"] == "Category" and t.columns["topic"] == header
    assert [c.topic for c in t.courses] == [topic for _, topic in cells]


@given(
    header=st.sampled_from(["Credit Type", "CE Type", "Type", "Category", "Credit Category"]),
    prefix=st.sampled_from(["", "CAPCE ", "OEMS ", "CAPCE #"]),
)
def test_approval_numbers_under_a_heading_of_the_credits_kind_are_the_approval_numbers(header, prefix):
    numbers = ["24-TSOL-F3-0201", "T1-30551", "25-ABCD-F1-0011"]
    body = "".join(f"Course {i},0{i + 1}/20/2025,1.00,{prefix}{n}\n" for i, n in enumerate(numbers))
    t = read(f"Activity,Completion Date,Credit Hours,{header}\n{body}")
    assert t.columns["approval"] == header
    assert [c.approval.replace(" ", "").endswith(n) for c, n in zip(t.courses, numbers, strict=True)] == [True] * 3


@given(
    courses=st.sampled_from(
        [
            ["CPR Recert", "Geriatric Trauma", "Hazmat Ops Refresher"],
            ["Airway Management (2 hrs)", "Stroke Update (1.5 hrs)"],
        ]
    ),
    person=st.sampled_from(["Name", "Member", "Employee"]),
    cells=st.sampled_from(["hours", "dates"]),
)
def test_a_tracker_with_a_column_per_course_is_refused_saying_what_to_do_not_which_column_to_choose(
    courses, person, cells
):
    """People down the side, a course a column: no column choice reads it, so the refusal says so (a row per
    course, or the editor) rather than asking which column is the date."""
    from recert_core.problems import sentence
    from recert_core.transcript.columns import decide_columns

    value = (lambda i: f"{i + 2}/1{i}/2025") if cells == "dates" else (lambda i: str(1 + i % 2))
    rows = [
        (n + 2, [who] + [value(i) for i in range(len(courses))]) for n, who in enumerate(["Brooks, Tyler", "Chen, May"])
    ]
    assert decide_columns([person, *courses], rows).per_course == courses
    text = ",".join([person, *courses]) + "\n" + "".join(",".join(f'"{c}"' for c in r) + "\n" for _, r in rows)
    with pytest.raises(TranscriptError) as refused:
        read(text)
    named = ", ".join(f"“{c}”" for c in courses)
    assert sentence("reading.missing.per-course", columns=named) in str(refused.value)


def test_a_transcript_missing_its_title_is_not_taken_for_a_tracker_of_courses():
    from recert_core.transcript.columns import decide_columns

    rows = [(2, ["2025-01-01", "2", "0.2"]), (3, ["2025-02-01", "1", "0.1"])]
    assert decide_columns(["Date", "Hours", "CEUs"], rows).per_course == []


@pytest.mark.parametrize("heading", ["Hora", "Heure", "Until", "Through", "Closed"])
def test_a_time_of_day_or_a_validity_is_never_the_hours_or_the_completion_date(heading):
    from recert_core.transcript.headers import meanings

    assert not [m for m in meanings(heading) if m.field in ("hours", "date")]


def test_files_given_together_with_a_sheet_each_are_one_transcript():
    import openpyxl

    from recert_core.transcript import read_people

    files = []
    for i in range(2):
        book = openpyxl.Workbook()
        book.active.title = "Transcript Export"
        book.active.append(["Date", "Course", "Hours"])
        book.active.append([date(2025, 1, 9 + i), f"Course {i}", 1])
        out = io.BytesIO()
        book.save(out)
        files.append((f"part{i}.xlsx", out.getvalue()))
    assert len(list(read_people(files))) == 1


# --- the sixth probe's ideas (neighbours of shapes already read) -------------------------------------


@given(
    header=st.sampled_from(["Progress", "Record Status", "Learner State", "Completion", "Course Progress", "Col5"]),
    few=st.booleans(),
)
def test_a_column_of_status_words_says_whether_each_course_was_done_whatever_its_heading(header, few):
    """Completed, Incomplete, Not Started under a heading the reader does not know, or one it reads as
    something else: the status, so a course not finished is never counted, however few the rows."""
    states = [("Incomplete", False), ("Completed", True)] + ([] if few else [("Not Started", False), ("Done", True)])
    body = "".join(f"Course {i},{state},2025-10-0{i + 1},1\n" for i, (state, _) in enumerate(states))
    t = read(f"Course Name,{header},Completed On,Hours\n{body}")
    assert [not c.skipped for c in t.courses] == [done for _, done in states]


@given(rows=st.integers(1, 4), value=st.sampled_from(["MA", "NH", "Massachusetts"]))
def test_a_component_word_over_words_never_takes_the_hours_column(rows, value):
    """A plain "State" (the course's US state) is not the Local component's hours, even on one row."""
    body = "".join(f"Course {i},10/0{i + 1}/2025,1,{value}\n" for i in range(rows))
    t = read(f"Course,Date,Hours,State\n{body}")
    assert t.columns["hours"] == "Hours" and [c.hours for c in t.courses] == [1] * rows


@given(
    colon=st.sampled_from(["", ":"]),
    labels=st.sampled_from(
        [("Class", "Date", "Hours"), ("Course", "Class Date", "CE Hours"), ("Training", "Date", "Hrs")]
    ),
)
def test_a_class_line_written_a_label_and_a_value_a_cell_each_gives_its_course_to_the_block(colon, labels):
    title, day, hours = labels
    text = f"{title}{colon},CPR Recertification,{day}{colon},03/19/2025,{hours}{colon},4\n"
    text += 'Name,Signed In\n"Doe, Jane",Yes\n"Kelly, Pat",Yes\n'
    people = _persons(text)
    assert people == {"Doe, Jane": ["CPR Recertification"], "Kelly, Pat": ["CPR Recertification"]}


def test_a_tables_headings_are_never_a_class_line():
    from recert_core.transcript.blocks import block_facts

    assert block_facts(["Course", "Date", "Hours", "Approval"]) == {}
    assert block_facts(["Class", "Date", "Hours", "4"]) == {}  # a date that is no date
