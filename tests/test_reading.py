"""The reading layer, step by step: tables (CSV, workbooks), the header found, columns matched,
values parsed, rows that are not courses; and hostile values answered at once."""

from __future__ import annotations

import io
import re
import time
import zipfile
from datetime import date
from fractions import Fraction

import pytest
from conftest import FIXTURES

from recert_core import TranscriptError, check
from recert_core.transcript import parse_delivery, parse_mapping, read_people, read_transcript
from recert_core.transcript.columns import fold, match_columns
from recert_core.transcript.dates import read_date
from recert_core.transcript.values import clean_approval, parse_component, parse_hours, parse_topic

READING = FIXTURES / "reading"


def rows(*lines: str, header: str = "Date,Title,Hours,Approval Number") -> bytes:
    return ("\r\n".join((header, *lines)) + "\r\n").encode()


# ---- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("1h 30m", "1.5"),
        ("0h 45m", "0.75"),
        ("90 min", "1.5"),
        ("45 minutes", "0.75"),
        ("1:30", "1.5"),
        ("1.5 CEH", "1.5"),
        ("1.5 Hrs", "1.5"),
        ("1,5", "1.5"),
        ("2", "2"),
        ("2 contact hours", "2"),
        ("1.5 CEUs", "1.5"),
        ("1h30", "1.5"),
        ("1h 20m", "4/3"),
        ("20 min", "1/3"),
        ("0:20", "1/3"),
        (".5", "0.5"),
        ("2.0000000000000000000000000001", "2"),
    ],
)
def test_hours_forms_are_read_exactly(text, hours):
    value, _ = parse_hours(text)
    assert value == Fraction(hours)


def test_minutes_are_exact_with_no_note_and_long_courses_are_noted_or_rejected():
    assert parse_hours("1h 20m") == (Fraction(4, 3), ())  # nothing rounded, so nothing to say
    assert sum([parse_hours("20 min")[0]] * 30) == 10
    assert parse_hours("2")[1] == ()
    value, problems = parse_hours("30")
    assert value == 30 and [p.code for p in problems] == ["long-course"]
    value, problems = parse_hours("120")
    assert value is None and [p.code for p in problems] == ["implausible-hours"]


@pytest.mark.parametrize(
    "text", ["1e1000000", "1e5000", "1e-999999", "nan", "Infinity", "two", "1.5.2", "-", "9" * 5000]
)
def test_hostile_hours_are_a_finding_not_an_exception(text):
    start = time.perf_counter()
    value, problems = parse_hours(text)
    assert value is None and problems[0].code in ("bad-hours", "non-positive-hours")
    assert len(problems[0].message) < 200  # the cell is quoted short, never printed whole
    assert time.perf_counter() - start < 0.1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01-22-2026", date(2026, 1, 22)),
        ("2025 Apr 18", date(2025, 4, 18)),
        ("Mar 19, 2025", date(2025, 3, 19)),
        ("19-Mar-2025", date(2025, 3, 19)),
        ("March 19, 2025", date(2025, 3, 19)),
        ("2025-03-19T10:00:00Z", date(2025, 3, 19)),
        ("2025-03-19T10:00:00.000-04:00", date(2025, 3, 19)),
        ("3/19/2025 12:00:00 AM", date(2025, 3, 19)),
        ("20250326", date(2025, 3, 26)),
        ("2025-03-19 00:00:00", date(2025, 3, 19)),
        ("Wednesday, March 19, 2025", date(2025, 3, 19)),
        ("03/19/25", date(2025, 3, 19)),
        ("Mar-19-2025", date(2025, 3, 19)),
        ("19 Mar 2025", date(2025, 3, 19)),
    ],
)
def test_date_forms(text, expected):
    assert read_date(text)[0] == expected


def test_a_spreadsheet_date_number_in_text_is_not_guessed():
    when, problem = read_date("45736")
    assert when is None and problem.code == "bad-date"


def test_slash_and_dash_dates_no_cell_settles_are_read_as_the_locale_says_and_say_so_once():
    assert read_date("03/04/2025")[0] == date(2025, 3, 4)
    t = read_transcript(rows("03/04/2025,A,1,T2-1", "04/05/2025,B,1,T2-2"))
    assert [n.code for n in t.notes] == ["month-first-dates"]
    assert not read_transcript(rows("2025-03-04,A,1,T2-1")).notes


@pytest.mark.parametrize("text", ["0000-01-01", "0000-13-45", "19/03/2025", "1/1/0", "12/31/9999", "yesterday"])
def test_impossible_dates_are_bad_dates(text):
    when, problem = read_date(text)
    assert when is None and problem.code == "bad-date"


@pytest.mark.parametrize(
    ("text", "component"),
    [
        ("Elective", None),
        ("Individual (Elective)", None),
        ("Local/Individual", None),
        ("National Component", "national"),
        ("Nat'l", "national"),
        ("N/A", None),
        ("—", None),
        ("Individual/Local", None),
        ("NCCR", "national"),
        ("Local", "local"),
        ("State", "local"),
        ("Individual", "individual"),
        ("", None),
    ],
)
def test_component_words_including_electives(text, component):
    assert parse_component(text) == (component, True)


def test_an_unknown_component_is_not_understood():
    assert parse_component("Regional") == (None, False)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Airway, Respiration & Ventilation", "airway"),
        ("Cardiology & Resuscitation", "cardiology"),
        ("Medical/Obstetrics/Gynecology", "medical"),
        ("EMS Operations", "operations"),
        ("Trauma", "trauma"),
        ("Medicine", "medical"),
        ("Pediatrics", None),
    ],
)
def test_nremt_topic_names(text, topic):
    assert parse_topic(text) == topic


@pytest.mark.parametrize(
    ("text", "distributive"),
    [
        ("Online (self-paced)", True),
        ("Distributive Education", True),
        ("Webinar", True),
        ("Live online", False),
        ("Classroom/Lecture", False),
        ("Live", False),
        ("Distributive", True),
        ("In person", False),
        ("Virtual Instructor Led", False),
        ("On Demand", True),
        ("Hybrid", None),
        ("", None),
    ],
)
def test_delivery_words(text, distributive):
    assert parse_delivery(text) is distributive


@pytest.mark.parametrize("text", ["—", "N/A", "none", "n/a", " - ", "None"])
def test_approval_cells_that_mean_no_number(text):
    assert clean_approval(text) == ""


# ---- columns and header -----------------------------------------------------------------------


def test_headers_fold_case_spacing_punctuation_line_breaks_and_camel_case():
    assert fold("dateOfCompletion") == fold("Date of\ncompletion") == "date of completion"
    assert fold("CAPCE #") == fold("capce_number") == "capce number"
    assert fold("courseNo") == "course number"


def test_a_bracketed_note_in_a_header_is_ignored():
    columns = match_columns(["Date Completed (MM/DD/YYYY)", "Course/Class Name", "CE Hours (decimal)", "OEMS Course #"])
    assert list(columns.names) == ["date", "title", "hours", "approval"]


def test_the_better_column_wins():
    columns = match_columns(["Course Number", "Name", "Course Name", "Completed Date", "CEH", "CAPCE #"])
    assert columns.names["approval"] == "CAPCE #"  # not the vendor's Course Number
    assert columns.names["title"] == "Course Name" and columns.names["person"] == "Name"  # Name is a person
    assert columns.ignored == ["Course Number"]


def test_a_vendor_course_number_is_the_approval_only_when_nothing_better_is_there():
    assert match_columns(["Date", "Title", "Hours", "Course Number"]).names["approval"] == "Course Number"


def test_a_bare_name_is_the_title_when_there_is_no_course_name():
    columns = match_columns(["Date", "Name", "Hours"])
    assert columns.names == {"date": "Date", "title": "Name", "hours": "Hours"} and not columns.roster


def test_only_date_title_and_hours_are_required():
    t = read_transcript(b"Date,Course,Credits\r\n2025-05-01,Airway,2\r\n")
    assert t.courses[0].hours == 2 and t.courses[0].approval == ""
    with pytest.raises(TranscriptError, match=r"Missing column: hours.*Columns found: 'Date', 'Course'"):
        read_transcript(b"Date,Course\r\n2025-05-01,Airway\r\n")


def test_a_column_mapping_names_what_the_vocabulary_does_not_know():
    data = b"When,What,Time spent,Code\r\n2025-05-01,Airway,1h 30m,T2-1\r\n"
    with pytest.raises(TranscriptError, match="Missing column"):
        read_transcript(data)
    mapping = parse_mapping('date=When,title=What,hours="Time spent",approval=Code')
    t = read_transcript(data, columns=mapping)
    assert t.columns == {"date": "When", "title": "What", "hours": "Time spent", "approval": "Code"}
    assert t.courses[0].hours == Fraction("1.5")
    with pytest.raises(TranscriptError, match="no such column"):
        read_transcript(data, columns={"hours": "Duration"})


@pytest.mark.parametrize("text", ["hours", "bogus=X", "hours="])
def test_a_bad_mapping_says_why(text):
    with pytest.raises(ValueError):
        parse_mapping(text)


def test_the_header_is_found_below_title_and_blank_rows():
    data = b"My CE log\r\n\r\nPrinted 2025-06-01\r\nDate,Title,Hours\r\n2025-05-01,Airway,2\r\n"
    t = read_transcript(data)
    assert t.header_line == 4 and [c.line for c in t.courses] == [5]


def test_a_category_of_subjects_is_read_as_topic_with_one_note_and_rejects_nothing():
    t = read_transcript(
        rows(
            "2025-01-01,A,1,T2-1,Medicine",
            "2025-01-02,B,1,T2-2,Pediatrics",
            "2025-01-03,C,1,T2-3,Trauma",
            header="Date,Title,Hours,Approval Number,Category",
        )
    )
    assert [c.topic for c in t.courses] == ["medical", None, "trauma"]
    assert all(not c.problems for c in t.courses)
    assert [n.code for n in t.notes] == ["subjects-not-components"] and "component" not in t.columns


def test_a_category_of_components_stays_the_component():
    t = read_transcript(
        rows(
            "2025-01-01,A,1,T2-1,National",
            "2025-01-02,B,1,T2-2,Regional",
            "2025-01-03,C,1,T2-3,Local",
            header="Date,Title,Hours,Approval Number,Category",
        )
    )
    assert [c.component for c in t.courses] == ["national", None, "local"]
    assert [p.code for p in t.courses[1].problems] == ["bad-component"]


# ---- rows that are not courses ----------------------------------------------------------------


def test_totals_notes_repeated_headers_and_incomplete_courses_are_skipped_and_accounted_for():
    data = rows(
        "2025-01-01,A,1,T2-1,Completed",
        "2025-01-02,B,2,T2-2,Incomplete",
        "2025-01-03,C,2,T2-3,In progress",
        "2025-01-04,D,2,T2-4,Registered",
        "Date,Title,Hours,Approval Number,Status",
        ",Total,7,,",
        "Report generated by the LMS,,,,",
        ",,,,",
        header="Date,Title,Hours,Approval Number,Status",
    )
    t = read_transcript(data)
    codes = {c.line: [p.code for p in c.problems] for c in t.courses}
    assert codes == {
        2: [],
        3: ["not-completed"],
        4: ["not-completed"],
        5: ["not-completed"],
        6: ["repeated-header"],
        7: ["total-row"],
        8: ["footer-row"],
    }
    assert t.blank_lines == [9]
    report = check(data, "emt", 2026).to_dict()
    assert report["summary"]["skipped"] == 6 and report["summary"]["counted"] == 1


def test_a_summary_line_without_title_or_date_is_skipped():
    t = read_transcript(rows("2025-01-01,A,1,T2-1", "Hours earned this cycle:,,40,"))
    assert [p.code for p in t.courses[1].problems] == ["not-a-course"]


def test_a_row_with_a_title_and_no_date_is_rejected_not_skipped():
    course = read_transcript(rows(",Airway,2,T2-1")).courses[0]
    assert [p.code for p in course.problems] == ["no-date"]


# ---- workbooks and other formats --------------------------------------------------------------


def test_nremt_excel_export_page_title_topic_map_take_type_and_real_dates():
    t = read_transcript((READING / "nremt_transcript.xlsx").read_bytes())
    assert (t.format, t.sheet, t.header_line, t.delimiter) == ("xlsx", "Transcript", 3, "")
    first = t.courses[0]
    assert (first.line, first.date, first.hours, first.component, first.topic, first.delivery) == (
        4,
        date(2024, 6, 12),
        Fraction("1.5"),
        "national",
        "airway",
        False,
    )
    assert [c.component for c in t.courses][-3:] == ["local", "national", "individual"]
    assert t.courses[-2].skipped and [p.code for p in t.courses[-2].problems] == ["not-completed"]


def test_the_nremt_copy_button_text_reads_the_same():
    xlsx = read_transcript((READING / "nremt_transcript.xlsx").read_bytes())
    text = read_transcript((READING / "nremt_transcript_copy.txt").read_bytes())
    assert text.delimiter == "\t"
    same = [(c.line, c.date, c.hours, c.component, c.topic, c.delivery, c.approval) for c in xlsx.courses]
    assert same == [(c.line, c.date, c.hours, c.component, c.topic, c.delivery, c.approval) for c in text.courses]


def test_hand_kept_excel_tracker_picks_the_log_sheet_and_reads_text_numbers_and_dates():
    t = read_transcript((READING / "excel_tracker.xlsx").read_bytes())
    assert t.sheet == "CE Log" and t.header_line == 4 and t.columns["hours"] == "CE Hours"
    assert [c.hours for c in t.courses[:5]] == [10, 10, 10, 8, 2]
    assert t.courses[0].date == date(2024, 4, 20) and t.courses[3].component is None  # Elective
    assert [p.code for p in t.courses[-1].problems] == ["total-row"]
    assert t.ignored_columns == ["Notes"]


def test_hand_zipped_workbook_inline_strings_and_the_1904_system():
    t = read_transcript((READING / "hand_zipped_1904.xlsx").read_bytes())
    assert [c.date for c in t.courses] == [date(2024, 6, 12), date(2025, 2, 3), date(2025, 9, 9)]
    assert [c.line for c in t.courses] == [2, 3, 5] and t.blank_lines == []
    assert t.courses[0].title == "Airway & breathing" and t.courses[1].hours == 10
    report = check((READING / "hand_zipped_1904.xlsx").read_bytes(), "emt", 2026)
    assert report.met_but_pediatric and report.pediatric_met is None  # 2026 asks pediatric hours, not marked


def _xlsx(sheet_rows: str, date1904: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<workbookPr date1904="{int(date1904)}"/><sheets><sheet name="S" r:id="r1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="r1" Target="worksheets/s.xml"/></Relationships>',
        )
        z.writestr(
            "xl/worksheets/s.xml",
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            f'main"><sheetData>{sheet_rows}</sheetData></worksheet>',
        )
    return out.getvalue()


def test_a_damaged_sheet_is_one_message():
    with pytest.raises(TranscriptError, match="damaged"):
        read_transcript(_xlsx("<row><c><v>1</v></c>"))


def test_a_workbook_without_the_required_columns_says_which():
    data = _xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row>')
    with pytest.raises(TranscriptError, match=r"Missing column: hours.*title or course number"):
        read_transcript(data)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("old_excel.xls", r"old Excel workbook \(.xls\).*save it as .xlsx"),
        ("certificate.pdf", "PDF.*type the courses into the checker's editor or into the template"),
    ],
)
def test_formats_we_cannot_read_are_named_with_what_to_do(name, message):
    with pytest.raises(TranscriptError, match=message) as error:
        read_transcript((READING / name).read_bytes())
    if name.endswith(".pdf"):
        assert "Save As" not in str(error.value) and "CSV" not in str(error.value)


def test_an_unclosed_quote_is_warned_about():
    t = read_transcript((READING / "unclosed_quote.csv").read_bytes())
    assert [n.code for n in t.notes] == ["unterminated-quote"] and t.notes[0].value("line") == "3"


# ---- several files, rosters -------------------------------------------------------------------


def test_several_files_read_as_one_keep_their_file_and_line_and_duplicates_are_caught():
    a = rows("2025-01-01,Airway,2,T2-1")
    b = rows("2025-02-01,Cardiac,3,T2-2", "2025-01-01,Airway,2,T2-1")
    t = read_transcript([("a.csv", a), ("b.xlsx.csv", b)])
    assert [(c.file, c.line) for c in t.courses] == [("a.csv", 2), ("b.xlsx.csv", 2), ("b.xlsx.csv", 3)]
    assert t.files == ["a.csv", "b.xlsx.csv"]
    from recert_core.check import judge, resolve

    report = judge(t, *resolve("emt", 2026))
    assert [r.status for r in report.rows][2] == "rejected"
    assert report.rows[2].reasons[0].code == "duplicate"


def test_a_roster_is_read_person_by_person_with_duplicates_per_person():
    people = list(read_people((READING / "roster.csv").read_bytes()))
    assert [p.person for p in people] == ["Ada Okafor E123456", "Joao Silva E234567", "Mai Nguyen E345678"]
    assert [len(p.courses) for p in people] == [3, 4, 3]
    assert all(c.person == p.person for p in people for c in p.courses)


def test_a_file_without_a_person_column_is_one_transcript():
    people = list(read_people(rows("2025-01-01,Airway,2,T2-1")))
    assert len(people) == 1 and people[0].person is None


# ---- the whole reader against any input -------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "1e1000000",
        "1e5000",
        "1e-999999",
        "2.0000000000000000000000000001",
        "T1-" * 40000 + "!",
        "0000-00-00",
    ],
)
def test_hostile_cells_in_every_column_answer_within_seconds(cell):
    quoted = '"' + cell + '"'
    data = rows(",".join([quoted] * 4), f"2025-01-01,A,{quoted},{quoted}", f"{quoted},A,1,T2-1")
    start = time.perf_counter()
    report = check(data, "emt", 2026)
    report.to_json()
    report.to_text()
    assert time.perf_counter() - start < 3
    assert len(report.rows) == 3


def test_a_roster_cell_holding_the_packing_separator_is_kept_whole():
    data = rows(
        "Ann,2025-01-01,A\x1fB,2,T2-1",
        "Bob,2025-01-02,C,2,T2-2",
        "Ann,2025-01-03,D,1,T2-3",
        header="Name,Date,Course Name,Hours,Approval Number",
    )
    people = list(read_people(data))
    assert [(p.person, [c.title for c in p.courses]) for p in people] == [("Ann", ["A\x1fB", "D"]), ("Bob", ["C"])]
    assert people[0].courses[0].cells == ["Ann", "2025-01-01", "A\x1fB", "2", "T2-1"]


def test_old_mac_line_endings_and_quoted_line_breaks():
    t = read_transcript(b'Date,Title,Hours\r2025-01-01,A,1\r2025-01-02,"B\rb",2\r')
    assert [(c.line, c.title, c.hours) for c in t.courses] == [(2, "A", 1), (3, "B\rb", 2)]


def test_libreoffice_ods_dates_numbers_and_the_empty_rest_of_the_sheet():
    t = read_transcript((READING / "libreoffice.ods").read_bytes())
    assert (t.format, t.sheet) == ("ods", "CE")
    assert [(c.line, c.date, c.hours, c.component) for c in t.courses] == [
        (2, date(2024, 9, 14), 20, "national"),
        (3, date(2025, 3, 2), 10, "local"),
        (5, date(2025, 10, 20), 10, "individual"),
    ]
    assert t.blank_lines == [4]


def test_a_quote_never_closed_in_a_long_file_is_a_warning_not_an_error():
    data = b'Date,Title,Hours\r\n2025-01-01,"A,1\r\n' + b"2025-01-02,B,1\r\n" * 20_000
    t = read_transcript(data)
    assert [n.code for n in t.notes] == ["unterminated-quote"] and t.notes[0].value("count") == "20000"
    assert len(t.courses) == 1 and len(t.courses[0].title) == 300 and len(t.courses[0].raw["title"]) > 300_000


def test_workbook_durations_formatted_as_time_are_hours_and_dates_stay_dates():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Title", "Duration"])
    sheet.append([date(2025, 1, 2), "Airway", 1.5 / 24])
    sheet.append([date(2025, 1, 3), "Cardiac", 2.75 / 24])
    sheet["A2"].number_format = sheet["A3"].number_format = "mm/dd/yyyy"
    sheet["C2"].number_format = "[h]:mm"
    sheet["C3"].number_format = "h:mm"
    out = io.BytesIO()
    book.save(out)
    t = read_transcript(out.getvalue())
    assert [(c.date, c.hours) for c in t.courses] == [
        (date(2025, 1, 2), Fraction("1.5")),
        (date(2025, 1, 3), Fraction("2.75")),
    ]


def test_completed_is_the_date_alone_and_the_status_beside_a_date():
    assert match_columns(["Completed", "Title", "Hours"]).names["date"] == "Completed"
    columns = match_columns(["Date Completed", "Title", "Hours", "Completed"])
    assert (columns.names["date"], columns.names["status"]) == ("Date Completed", "Completed")
    t = read_transcript(rows("2025-01-01,A,1,Yes", "2025-01-02,B,1,No", header="Date Completed,Title,Hours,Completed"))
    assert [c.skipped for c in t.courses] == [False, True]


def test_a_header_that_may_name_two_fields_is_settled_by_its_cells():
    header = "Date,Title,Hours,Comp"
    t = read_transcript(rows("2025-01-01,Airway,2,National", "2025-01-02,Cardiac,1,Local", header=header))
    assert t.columns["component"] == "Comp" and "status" not in t.columns
    assert [c.component for c in t.courses] == ["national", "local"]
    t = read_transcript(rows("2025-01-01,Airway,2,Yes", "2025-01-02,Cardiac,1,No", header=header))
    assert t.columns["status"] == "Comp" and [c.skipped for c in t.courses] == [False, True]


def test_utf16_without_a_byte_order_mark():
    text = "Date\tTitle\tHours\r\n2025-01-01\tAirway\t2\r\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        t = read_transcript(text.encode(encoding))
        assert (t.encoding, t.delimiter, t.courses[0].title) == (encoding, "\t", "Airway")


def test_a_column_is_read_as_what_its_cells_say_when_the_header_says_otherwise():
    # A tracker's "Type" holds components; a "Category" holding delivery words is the delivery.
    by_type = read_transcript(
        rows("2025-01-05,Refresher,8,National", "2025-02-14,Peds,2,Local", header="Date,Class,Hours,Type")
    )
    assert "component" in by_type.columns and "delivery" not in by_type.columns
    assert [c.component for c in by_type.courses] == ["national", "local"]
    by_category = read_transcript(
        rows(
            "2025-01-05,Refresher,8,Online self-paced",
            "2025-02-14,Peds,2,In person",
            header="Date,Class,Hours,Category",
        )
    )
    assert "delivery" in by_category.columns and "component" not in by_category.columns
    assert [c.delivery for c in by_category.courses] == [True, False]
    # Named by the user, a column means what the user said.
    kept = read_transcript(
        rows("2025-01-05,Refresher,8,National", header="Date,Class,Hours,Type"), columns={"delivery": "Type"}
    )
    assert "delivery" in kept.columns and "component" not in kept.columns


# ---- the vocabulary itself ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda t: t.replace("[headers.classes]", "[headers.klasses]"), "headers.classes"),
        (lambda t: t.replace('filler = ["please"', 'filler = "please"\nold = ["please"'), "headers.filler"),
        (lambda t: t.replace('date = ["date", "day"', 'date = ["date of", "day"'), "headers.classes.date"),
        (lambda t: t.replace("[values.status]", "[values.status"), "not valid TOML"),
        (lambda t: t.replace("spent = [", "spent_time = ["), "headers.classes.spent"),
    ],
)
def test_a_broken_vocabulary_is_named_by_its_key(change, key):
    from importlib import resources

    from recert_core.transcript.vocabulary import VocabularyError, check_vocabulary

    text = (resources.files("recert_core.transcript") / "vocabulary.toml").read_text(encoding="utf-8")
    check_vocabulary(text)  # the shipped one is sound
    with pytest.raises(VocabularyError, match=re.escape(key)):
        check_vocabulary(change(text))


def test_a_broken_vocabulary_fails_the_site_build_by_name(tmp_path, monkeypatch):
    from importlib import resources

    from mkdocs.exceptions import PluginError

    from recert_core.transcript import vocabulary as module
    from site_plugins.plugin import RecertPlugin

    text = (resources.files("recert_core.transcript") / "vocabulary.toml").read_text(encoding="utf-8")
    broken = tmp_path / "vocabulary.toml"
    broken.write_text(text.replace("[headers.forms]", "[headers.formz]"), encoding="utf-8")
    monkeypatch.setattr(module, "FILE", str(broken))
    module.vocabulary.cache_clear()
    try:
        plugin = RecertPlugin()
        plugin.load_config({})
        config = type("Config", (), {"config_file_path": str(tmp_path / "mkdocs.yml"), "nav": ["x"]})()
        with pytest.raises(PluginError, match=r"reading vocabulary is invalid: .*headers\.forms"):
            plugin.on_config(config)
    finally:
        module.vocabulary.cache_clear()


def test_a_date_column_no_cell_settles_is_read_as_the_locale_says_and_the_user_may_turn_it(tmp_path, monkeypatch):
    """04/02/2025 and 03/04/2025 fit both orders: read as the reader's locale writes dates (the CLI's
    LANG, the page's own), with a note; --dates (the page's button) turns the order."""
    from recert_core.cli import main

    path = tmp_path / "d.csv"
    path.write_bytes(rows("04/02/2025,A,2,T2-1", "03/04/2025,B,1,T2-2"))

    def dates(*extra: str) -> tuple[list[str], list[str]]:
        import contextlib
        import io as io_module
        import json

        out = io_module.StringIO()
        with contextlib.redirect_stdout(out):
            main(["check", str(path), "--level", "emt", "--cycle", "2026", "--format", "json", *extra])
        report = json.loads(out.getvalue())
        return [r["date"] for r in report["rows"]], [n["code"] for n in report["file"]["notes"]]

    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert dates() == (["2025-04-02", "2025-03-04"], ["month-first-dates"])
    assert dates("--dates", "day-first") == (["2025-02-04", "2025-04-03"], [])
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert dates() == (["2025-02-04", "2025-04-03"], ["day-first-dates"])
    assert dates("--dates", "month-first") == (["2025-04-02", "2025-03-04"], [])
