"""The column choice (issue 11, "In the page"): a recognised column marked "Not used" is really not
read (`ignore=Header`), each file dropped with others gets its own choice, and a roster reaches the
page as a summary with each person's report asked for on its own. The CLI and the page's entry
points (recert_core.browser) take the same choice."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from recert_core import browser
from recert_core.transcript import ColumnChoice, TranscriptError, parse_mapping, preview, read_transcript

TODAY = "2026-11-21"
# A vendor export: the vocabulary reads "Category" (subjects) and "Course Number" without being asked.
VENDOR = (
    b"Course Number,Course Title,Date Completed,CEH,CAPCE #,Category\r\n"
    b"VND-0042,Respiratory distress in adults,2025-06-03,1.5,24-VNDR-F3-0042,Medicine\r\n"
    b"VND-0107,Cardiac arrest review,2025-07-19,2,24-VNDR-F3-0107,Cardiology\r\n"
)
TWO_HOURS = b"Date,Title,Hours,CE Credits,Approval\r\n2025-05-14,Airway review,2,1,T2-4411\r\n"


def answer(payload: bytes) -> dict:
    return json.loads(payload)


def test_ignore_is_parsed_repeatable_and_quoted():
    choice = parse_mapping('hours=CEH,ignore=Category,ignore="Course Number"')
    assert choice == ColumnChoice({"hours": "CEH"}, ("Category", "Course Number"))
    assert parse_mapping("ignore=Category").fields == {}


@pytest.mark.parametrize(
    ("text", "why"),
    [("ignore=", "expected field=Header or ignore=Header"), ("hours=CEH,ignore=ceh", "both read and ignored")],
)
def test_a_bad_ignore_says_why(text, why):
    with pytest.raises(ValueError, match=why):
        parse_mapping(text)


def test_a_recognised_column_that_is_ignored_is_not_read():
    read = read_transcript(VENDOR)
    assert read.columns["topic"] == "Category"  # subjects: read as the national topic where one is named
    assert read.courses[1].topic == "cardiology"
    ignored = read_transcript(VENDOR, columns=parse_mapping("ignore=Category"))
    assert "topic" not in ignored.columns and "component" not in ignored.columns
    assert "Category" in ignored.ignored_columns
    assert [c.topic for c in ignored.courses] == [None, None]


def test_ignoring_a_column_lets_the_next_best_be_read():
    read = read_transcript(TWO_HOURS, columns=parse_mapping("ignore=Hours,ignore=Approval"))
    assert read.columns == {"date": "Date", "title": "Title", "hours": "CE Credits"}
    assert read.courses[0].hours == 1 and read.courses[0].approval == ""
    assert read.ignored_columns == ["Hours", "Approval"]


def test_a_required_field_ignored_with_no_other_column_is_the_usual_missing_column():
    with pytest.raises(TranscriptError, match=r"^Missing column: hours .*Columns found: 'Date', 'Title', 'Hours'"):
        read_transcript(b"Date,Title,Hours\r\n2025-05-14,Airway review,2\r\n", columns=parse_mapping("ignore=Hours"))


def test_ignoring_a_column_the_file_does_not_have_is_said():
    with pytest.raises(TranscriptError, match="names “Categroy” as not to be read, but the file has no such column"):
        read_transcript(VENDOR, columns=parse_mapping("ignore=Categroy"))


def test_each_file_gets_its_own_choice():
    first = b"When,What,Time spent,Code\r\n2025-05-01,Airway,1h 30m,T2-1\r\n"
    second = b"Completed,Course,Credit Value\r\n2025-06-01,Trauma,2\r\n"
    files = [("mine.csv", first), ("vendor.csv", second)]
    # One choice for both files cannot fit both headers.
    with pytest.raises(TranscriptError, match=r"vendor\.csv: The column mapping names “When” for date"):
        read_transcript(files, columns=parse_mapping('date=When,title=What,hours="Time spent"'))
    choices = [
        {"date": "When", "title": "What", "hours": "Time spent", "approval": "Code"},
        {"date": "Completed", "hours": "Credit Value"},
    ]
    read = read_transcript(files, columns=choices)
    assert [(c.file, c.title, c.hours) for c in read.courses] == [
        ("mine.csv", "Airway", 1.5),
        ("vendor.csv", "Trauma", 2),
    ]
    with pytest.raises(TranscriptError, match="name 1 files, but 2 were given"):
        read_transcript(files, columns=choices[:1])
    shown = preview(files, columns=choices)
    assert [f["missing"] for f in shown] == [[], []]
    assert shown[1]["columns"] == {"date": "Completed", "title": "Course", "hours": "Credit Value"}


def test_the_page_entry_points_take_a_choice_per_file_and_the_single_file_call_still_works():
    first = b"When,What,Time spent,Code\r\n2025-05-01,Airway,1h 30m,T2-1\r\n"
    second = b"Completed,Course,Credit Value,Category\r\n2025-06-01,Trauma,2,Trauma\r\n"
    per_file = [
        {"date": "When", "title": "What", "hours": "Time spent"},
        {"hours": "Credit Value", "ignore": ["Category"]},
    ]
    result = answer(browser.run_check([first, second], "emt", "2026", TODAY, ["a.csv", "b.csv"], per_file))
    assert result["ok"], result
    assert [(r["file"], r["hours"]) for r in result["report"]["rows"]] == [("a.csv", 1.5), ("b.csv", 2)]
    assert "Category" in result["report"]["file"]["ignored_columns"]
    shown = answer(browser.preview([first, second], ["a.csv", "b.csv"], per_file))
    assert [f["missing"] for f in shown["files"]] == [[], []]
    assert "topic" not in shown["files"][1]["columns"]
    # One file, one choice, as text or as a dict with "ignore".
    single = answer(browser.run_check(TWO_HOURS, "emt", "2026", TODAY, None, "ignore=Hours"))
    assert single["report"]["rows"][0]["hours"] == 1
    single = answer(browser.run_check(TWO_HOURS, "emt", "2026", TODAY, None, {"ignore": ["Hours", "CE Credits"]}))
    assert single == {"ok": False, "error": single["error"], "page": single["page"]}
    assert single["error"].startswith("Missing column: hours") and "--columns" in single["error"]
    assert single["page"].startswith("Missing column: hours") and "--columns" not in single["page"]
    nothing = answer(browser.run_check(TWO_HOURS, "emt", "2026", TODAY, None, {"ignore": None, "approval": ""}))
    assert nothing["report"]["file"]["columns"]["approval"] == "Approval"
    bad = answer(browser.run_check(TWO_HOURS, "emt", "2026", TODAY, None, {"hours": "Hours", "ignore": "hours"}))
    assert bad["error"] == "Column choice: “hours” is both read and ignored: choose one."


def test_the_cli_takes_ignore_and_documents_it(tmp_path: Path):
    path = tmp_path / "two-numbers.csv"
    path.write_bytes(TWO_HOURS)
    command = [sys.executable, "-m", "recert_core", "check", str(path), "--level", "emt", "--cycle", "2026"]
    done = subprocess.run([*command, "--format", "json", "--columns", "ignore=Hours"], capture_output=True, text=True)
    report = json.loads(done.stdout)
    assert report["rows"][0]["hours"] == 1 and report["file"]["columns"]["hours"] == "CE Credits"
    done = subprocess.run([*command, "--columns", "ignore=Hours,ignore=CE Credits"], capture_output=True, text=True)
    assert done.returncode == 2 and "Missing column: hours" in done.stderr and "Traceback" not in done.stderr
    helped = subprocess.run([*command[:4], "--help"], capture_output=True, text=True).stdout
    assert "ignore=HEADER" in " ".join(helped.split())


def test_a_roster_answers_a_summary_and_each_report_on_demand():
    rows = ["Last Name,First Name,Course Title,Completion Date,CEH,CAPCE #,Component"]
    for person in range(300):
        for course in range(3):
            rows.append(
                f"Person{person:04d},Pat,Course {course},2025-0{course + 3}-10,2,24-WXYZ-F1-{person:04d},National"
            )
    data = ("\r\n".join(rows) + "\r\n").encode()
    result = answer(browser.run_check(data, "emt", "2026", TODAY))
    assert len(result["people"]) == 300 and "report" not in result["people"][0]
    assert result["roster"]["level"] == "emt" and result["roster"]["file"]["columns"]["last_name"] == "Last Name"
    assert set(result["people"][7]) == {
        "person",
        "met",
        "met_if_verified",
        "verdict",
        "level",
        "cycle",
        "short",
        "topics_short",
        "unverified",
        "pediatric_met",
    }
    # Each person's own report, as in the JSON download; the three courses share one approval number.
    download = json.loads(browser.last_json())["people"]
    for index in (0, 7, 299):
        report = answer(browser.person_report(index))["report"]
        assert report == download[index] and report["person"] == result["people"][index]["person"]
        assert [r["status"] for r in report["rows"]].count("rejected") == 2  # duplicates within the person
    assert answer(browser.person_report(300)) == {"ok": False, "error": "No such person in the last roster checked."}
    assert answer(browser.person_report("x"))["ok"] is False
