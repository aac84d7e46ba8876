"""Reading real-world transcript files: Excel and web exports, encodings, delimiters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import transcript

from recert_core import TranscriptError, check
from recert_core.approval import Approval, parse_approval
from recert_core.transcript import read_transcript


def test_excel_semicolons_bom_crlf_decimal_commas_and_trailing_empty_rows(fixture_bytes):
    data = fixture_bytes("excel_semicolon_bom_crlf.csv")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    t = read_transcript(data)
    assert (t.encoding, t.delimiter) == ("utf-8-sig", ";")
    assert t.columns["date"] == "Completion Date" and t.columns["approval"] == "CAPCE Number"
    assert [c.hours for c in t.courses][:3] == [Decimal("1.5"), Decimal(6), Decimal("1.5")]
    assert [c.date.isoformat() for c in t.courses][2:4] == ["2016-06-03", "2016-07-19"]  # M/D/YYYY, MM/DD/YY
    assert [c.component for c in t.courses][:3] == ["national"] * 3  # National, NCCR, N
    assert t.blank_lines == [9, 10]
    assert check(data, "emt", 2018).met


def test_windows_1252_accents_quoted_commas_and_old_numbers(fixture_bytes):
    data = fixture_bytes("windows1252_accents.csv")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    t = read_transcript(data)
    assert t.encoding == "windows-1252"
    titles = [c.title for c in t.courses]
    assert titles[0] == "Réanimation cardio-pulmonaire – révision"
    assert titles[1] == "Trauma, burns and shock"
    assert titles[4] == 'Café talk: "stroke" scales'
    report = check(data, "emt", 2022).to_dict()
    assert report["met"] is True
    old_live, old_online = report["rows"][3], report["rows"][5]
    assert (old_live["approval"], old_live["distributive"]) == ("150123", False)
    assert (old_online["approval"], old_online["distributive"]) == ("151234", True)


def test_excel_unicode_text_is_utf16_with_tabs(fixture_bytes):
    t = read_transcript(fixture_bytes("excel_unicode_text.txt"))
    assert (t.encoding, t.delimiter, len(t.courses)) == ("utf-16", "\t", 3)
    assert check(fixture_bytes("excel_unicode_text.txt"), "emt", 2024).met


def test_line_numbers_follow_spreadsheet_rows_across_a_multiline_cell(fixture_bytes):
    t = read_transcript(fixture_bytes("tab_multiline.tsv"))
    assert [c.line for c in t.courses] == [2, 3]
    assert t.courses[0].title == "Two-line\ntitle"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("saved_as_xlsx.xlsx", "workbook .* parts missing"),
        ("empty.csv", "The file is empty."),
        ("blank_lines_only.csv", "The file is empty."),
    ],
)
def test_unusable_files_give_one_clear_message(fixture_bytes, name, message):
    with pytest.raises(TranscriptError, match=message):
        read_transcript(fixture_bytes(name))


def test_an_encoding_that_is_neither_utf8_nor_windows_1252():
    # Bytes Windows-1252 leaves undefined, which read as symbols, not words, in Mac Roman too.
    with pytest.raises(TranscriptError, match="encoding"):
        read_transcript(b"date,title,hours,approval,component\n2020-01-01,\x81\xd7\xff\xc3,1,T2-1,\n")


@pytest.mark.parametrize(
    "header",
    [
        "Date,Title,Hours,Approval,Component",
        " DATE COMPLETED , Course Title , CE Hours , OEMS Number , Requirement ",
        "completion_date,course_name,credits,capce_number,category",
        "Date,Course,Credit Hours,Course Number,Category",
    ],
)
def test_header_synonyms_case_and_spaces(header):
    t = read_transcript(transcript("2017-01-01,A,1,T2-1,national", header=header))
    assert t.courses[0].component == "national" and t.courses[0].hours == 1


def test_extra_columns_are_listed_as_ignored():
    header = "date,title,hours,approval,component,Notes"
    t = read_transcript(transcript("2017-01-01,A,1,T2-1,national,x", header=header))
    assert t.ignored_columns == ["Notes"]


@pytest.mark.parametrize(
    ("text", "component"),
    [
        ("national", "national"),
        ("NCCR", "national"),
        ("n", "national"),
        ("National (NCCR)", "national"),
        ("local", "local"),
        ("LCCR", "local"),
        ("L", "local"),
        ("State", "local"),
        ("Local/State", "local"),
        ("individual", "individual"),
        ("ICCR", "individual"),
        ("i", "individual"),
        ("", None),
    ],
)
def test_component_values(text, component):
    course = read_transcript(transcript(f"2017-01-01,A,1,T2-1,{text}")).courses[0]
    assert course.component == component and not course.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-03-04", "2017-03-04"),
        ("03/04/2017", "2017-03-04"),
        ("3/4/2017", "2017-03-04"),
        ("03/04/17", "2017-03-04"),
        ("2017-03-04 00:00:00", "2017-03-04"),
        ("3/4/2017 12:00 AM", "2017-03-04"),
    ],
)
def test_date_formats(text, expected):
    assert read_transcript(transcript(f'"{text}",A,1,T2-1,')).courses[0].date.isoformat() == expected


@pytest.mark.parametrize(
    ("text", "hours"), [("2", 2), ("1.5", 1.5), ("0.25", 0.25), ("2 h", 2), ("3 hrs", 3), ('"1,5"', 1.5)]
)
def test_hours_formats(text, hours):
    assert read_transcript(transcript(f"2017-01-01,A,{text},T2-1,")).courses[0].hours == Decimal(str(hours))


@pytest.mark.parametrize("text", ["nan", "inf", "Infinity", "1e400x", "--1"])
def test_hours_that_are_not_numbers(text):
    course = read_transcript(transcript(f"2017-01-01,A,{text},T2-1,")).courses[0]
    assert [p.code for p in course.problems] == ["bad-hours"]


@pytest.mark.parametrize(
    ("text", "scheme", "code"),
    [
        ("16-EMT-F3-0001", "capce", "F3"),
        ("16-emt-f1-0001", "capce", "F1"),
        ("T2-1234", "oems", "T2"),
        ("MA-T3-2023-0456", "oems", "T3"),
        (" t5-77 ", "oems", "T5"),
        ("150123", "oems", None),
    ],
)
def test_approval_numbers(text, scheme, code):
    approval = parse_approval(text)
    assert isinstance(approval, Approval) and (approval.scheme, approval.code) == (scheme, code)


@pytest.mark.parametrize(
    ("approval", "delivery", "distributive"),
    [
        ("T3-1", "", True),
        ("16-EMT-F3-1", "", True),
        ("T1-1", "", False),
        ("T2-1", "", False),
        ("T4-1", "", False),
        ("T5-1", "", False),
        ("16-EMT-F1-1", "", False),
        ("16-EMT-F2-1", "", False),
        ("16-EMT-F5-1", "", False),
        ("150001", "In person", False),
        ("150001", "virtual live", False),
        ("150001", "classroom", False),
        ("150001", "Online", True),
        ("150001", "self-paced", True),
        ("150001", "distributive", True),
    ],
)
def test_what_is_distributive(approval, delivery, distributive):
    report = check(transcript(f"2017-01-01,A,1,{approval},,{delivery}"), "emt", 2018)
    assert report.rows[0].distributive is distributive and report.rows[0].status != "rejected"


def test_the_approval_number_wins_over_the_delivery_column():
    row = check(transcript("2017-01-01,A,1,T3-1,,classroom"), "emt", 2018).to_dict()["rows"][0]
    assert row["distributive"] is True
    assert row["reasons"][0]["code"] == "delivery-ignored"
