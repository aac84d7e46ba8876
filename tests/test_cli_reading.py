"""`recert check` on the files providers actually have, on rosters, and on hostile paths and outputs:
every answer is a report or one line on stderr, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

READING = FIXTURES / "reading"
EMT_2026 = ["--level", "emt", "--cycle", "2026"]


def run(*args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "recert_core", *args], capture_output=True, text=True, timeout=timeout, **kwargs
    )


def report_of(name: str, *extra: str) -> dict:
    result = run("check", str(READING / name), *EMT_2026, "--format", "json", *extra)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def statuses(report: dict) -> dict[int, str]:
    return {row["line"]: row["status"] for row in report["rows"]}


def test_nremt_transcript_workbook():
    report = report_of("nremt_transcript.xlsx")
    assert report["file"]["format"] == "xlsx" and report["file"]["header_line"] == 3
    assert report["file"]["columns"]["topic_map"] == "Recert Topic Map"
    assert statuses(report)[9] == "unverified" and statuses(report)[11] == "skipped"
    assert report["topics_checked"] is True
    assert report["components"]["national"]["counted"] == 15


def test_nremt_copy_button_text_file_gives_the_same_rows():
    xlsx, text = report_of("nremt_transcript.xlsx"), report_of("nremt_transcript_copy.txt")
    assert xlsx["rows"] == text["rows"] and xlsx["components"] == text["components"]
    assert text["file"]["notes"] == []  # 11/20/2024 can only be month first: the column says so itself


def test_online_vendor_report_prefers_the_capce_column_and_skips_the_total():
    report = report_of("vendor_ce_report.csv")
    assert report["file"]["columns"]["approval"] == "CAPCE #"
    assert report["file"]["ignored_columns"] == ["Course Number"]
    assert [r["approval"] for r in report["rows"]][:2] == ["CAPCE # 24-VNDR-F3-0042", "24–VNDR–F3–0107"]
    assert statuses(report) == {2: "counted", 3: "counted", 4: "counted", 5: "counted", 6: "unverified", 7: "skipped"}
    assert [n["code"] for n in report["file"]["notes"]] == ["subjects-not-components"]
    assert report["rows"][3]["distributive"] is False  # "Live online", F2
    # A subject never makes a course National, and the note says so rather than promising a topic.
    assert report["components"]["national"]["counted"] == 0
    assert "never National" in report["file"]["notes"][0]["message"]


def test_vendor_export_workbook_with_camel_case_headers_and_iso_times():
    report = report_of("vendor_lms_export.xlsx")
    assert report["file"]["columns"]["date"] == "dateOfCompletion"
    assert [r["date"] for r in report["rows"]] == ["2025-04-02", "2025-04-09", "2025-05-30"]
    assert all(r["status"] == "counted" for r in report["rows"])


def test_agency_platform_semicolons_electives_and_spaced_numbers():
    report = report_of("agency_platform.csv")
    assert report["file"]["delimiter"] == "semicolon"
    rows = report["rows"]
    assert [r["component"] for r in rows] == ["national", "national", "local", None, None]
    assert rows[1]["status"] == "counted"  # "T2 4412"
    assert rows[3]["status"] == "unverified"  # "—": no number
    assert rows[4]["hours"] == 1.5  # "1,5"


def test_capce_completion_sheet_in_windows_1252():
    report = report_of("capce_completions.csv")
    assert report["file"]["columns"]["approval"] == "Accreditation #"
    assert [r["date"] for r in report["rows"]] == ["2025-03-19", "2025-04-02", "2025-05-17"]
    assert [r["distributive"] for r in report["rows"]] == [False, False, True]


def test_hand_kept_excel_tracker():
    report = report_of("excel_tracker.xlsx")
    assert report["file"]["sheet"] == "CE Log"
    assert statuses(report) == {5: "counted", 6: "counted", 7: "counted", 8: "counted", 9: "unverified", 10: "skipped"}


def test_google_sheets_tracker_hours_and_date_forms():
    report = report_of("google_sheets_tracker.csv")
    assert [r["hours"] for r in report["rows"]] == [1.5, 1.5, 3, 1.5, 2]
    assert [r["date"] for r in report["rows"]] == ["2024-04-15", "2024-05-20", "2026-01-22", "2025-04-18", "2025-03-26"]


def test_lms_report_is_a_roster_with_incomplete_courses_skipped():
    result = run("check", str(READING / "lms_report.csv"), *EMT_2026, "--format", "json")
    people = json.loads(result.stdout)["people"]
    assert [p["person"] for p in people] == ["Pat Rivera", "Lee Chen"]
    assert [statuses(p) for p in people] == [{2: "counted", 3: "skipped", 4: "counted"}, {5: "counted", 6: "skipped"}]


@pytest.mark.parametrize("name", ["roster.csv", "roster.xlsx"])
def test_roster_text_report_per_person_and_a_summary(name):
    result = run("check", str(READING / name), *EMT_2026)
    assert result.returncode == 1, result.stderr  # not everyone is done
    out = result.stdout
    assert out.count("== ") == 3 and "== Joao Silva E234567" in out
    summary = out[out.index("Roster: 3 people, 1 met, 0 more once") :].splitlines()
    assert summary[4].split() == [
        "Joao",
        "Silva",
        "E234567",
        "emt",
        "2026",
        "no",
        "no",
        "0",
        "h",
        "0",
        "h",
        "4",
        "h",
        "0",
        "h",
    ]


def test_roster_csv_is_one_summary_row_per_person_and_duplicates_are_per_person():
    result = run("check", str(READING / "roster.csv"), *EMT_2026, "--format", "csv")
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert (
        lines[0] == "Person,Level,Cycle,Met,Met if verified,National short (h),Local short (h),Individual short (h),"
        "Topics short,Unverified (h),Counted (h),Rows"
    )
    assert lines[1:] == [
        "Ada Okafor E123456,emt,2026,yes,yes,0,0,0,,0,40,3",
        "Joao Silva E234567,emt,2026,no,no,0,0,4,,0,36,4",
        "Mai Nguyen E345678,emt,2026,no,no,0,0,8,,0,32,3",
    ]
    people = json.loads(run("check", str(READING / "roster.csv"), *EMT_2026, "--format", "json").stdout)["people"]
    assert [r["reasons"][0]["code"] for r in people[1]["rows"] if r["status"] == "rejected"] == ["duplicate"]
    assert all(r["status"] == "counted" for r in people[0]["rows"])


def test_columns_option_maps_unknown_headers(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("When,What,Time spent,Code\n2025-05-01,Airway,20,T2-1\n")
    assert "Missing column" in run("check", str(path), *EMT_2026).stderr
    result = run(
        "check",
        str(path),
        *EMT_2026,
        "--format",
        "json",
        "--columns",
        'date=When,title=What,hours="Time spent",approval=Code',
    )
    assert json.loads(result.stdout)["rows"][0]["status"] == "counted"
    bad = run("check", str(path), *EMT_2026, "--columns", "colour=Code")
    assert bad.returncode == 2 and "unknown field 'colour'" in bad.stderr


def test_combine_reads_two_exports_as_one_transcript(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("Date,Title,Hours,Approval Number,Component\n2025-01-01,National day,20,T2-1,National\n")
    b.write_text(
        "Date,Title,Hours,Approval Number,Component\n2025-02-01,Local day,10,T1-2,Local\n"
        "2025-03-01,Electives,10,T2-3,Individual\n2025-01-01,National day,20,T2-1,National\n"
    )
    separate = run("check", str(a), str(b), *EMT_2026, "--format", "json")
    assert separate.returncode == 1 and len(json.loads(separate.stdout)) == 2
    combined = run("check", str(a), str(b), *EMT_2026, "--format", "json", "--combine")
    report = json.loads(combined.stdout)
    assert combined.returncode == 0, combined.stdout
    assert report["met"] is True and report["file"]["files"] == ["a.csv", "b.csv"]
    assert [r["status"] for r in report["rows"]] == ["counted", "counted", "counted", "rejected"]
    assert [(r["file"], r["line"]) for r in report["rows"]] == [("a.csv", 2), ("b.csv", 2), ("b.csv", 3), ("b.csv", 4)]
    text = run("check", str(a), str(b), *EMT_2026, "--combine").stdout
    assert "b.csv, line 4 [rejected] National day" in text


def test_template_json_is_unchanged_apart_from_new_fields(tmp_path):
    from recert_core import check
    from recert_core.cli import TEMPLATE

    path = tmp_path / "t.csv"
    path.write_text(TEMPLATE)
    result = run("check", str(path), *EMT_2026, "--format", "json")
    assert result.stdout == check(TEMPLATE.encode(), "emt", 2026).to_json()
    document = json.loads(result.stdout)
    assert document["file"]["columns"] == {
        "date": "Date",
        "title": "Title",
        "hours": "Hours",
        "approval": "Approval Number",
        "component": "Component",
        "topic": "Topic",
        "delivery": "Delivery",
    }
    assert (document["file"]["format"], document["file"]["notes"], document["file"]["files"]) == ("csv", [], [])
    assert [r["status"] for r in document["rows"]] == ["counted"] * 4


# ---- hostile paths ----------------------------------------------------------------------------


def one_line_error(result: subprocess.CompletedProcess, text: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert text in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_fifo_nobody_writes_to_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    one_line_error(run("check", str(fifo), *EMT_2026, timeout=20), "a pipe (FIFO), and nothing was written to it")


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        one_line_error(run("check", str(path), *EMT_2026), "a socket, not a regular file")
    finally:
        server.close()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/dev/urandom", "a device, not a regular file"),
        ("/dev/zero", "a device, not a regular file"),
        ("/", "a folder, not a regular file"),
    ],
)
def test_devices_and_folders_are_refused(path, message):
    one_line_error(run("check", path, *EMT_2026, timeout=20), message)


def test_symlink_loop_path_through_a_file_and_over_long_name(tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    one_line_error(run("check", str(loop), *EMT_2026), "a link points back to itself")
    through = FIXTURES / "empty.csv" / "x.csv"
    one_line_error(run("check", str(through), *EMT_2026), "a part of the path is a file")
    one_line_error(run("check", str(tmp_path / ("x" * 300)), *EMT_2026), "the name is too long")


def test_a_huge_sparse_file_is_refused_by_size(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.truncate(5 * 1024**3)
    one_line_error(run("check", str(path), *EMT_2026, timeout=20), "more than the 200 MB")


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path):
    path = tmp_path / "two\nlines.csv"
    path.write_bytes(b"")
    one_line_error(run("check", str(path), *EMT_2026), "two\\nlines.csv: The file is empty.")


def test_every_file_is_reported_when_some_are_bad(tmp_path):
    result = run(
        "check",
        str(READING / "certificate.pdf"),
        str(READING / "hand_zipped_1904.xlsx"),
        str(tmp_path / "missing.csv"),
        *EMT_2026,
        "--format",
        "json",
    )
    assert result.returncode == 2
    assert [d["path"] for d in json.loads(result.stdout)] == [str(READING / "hand_zipped_1904.xlsx")]
    assert len(result.stderr.splitlines()) == 2 and "PDF" in result.stderr and "no such file" in result.stderr


# ---- hostile outputs --------------------------------------------------------------------------


def shell(command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )


ROSTER = str(READING / "roster.csv")


def test_output_to_a_pipe_closed_early():
    result = shell(
        f"{sys.executable} -m recert_core check {ROSTER} {ROSTER} {ROSTER} --level emt --cycle 2026 "
        '| head -c 10 >/dev/null; echo "exit=${PIPESTATUS[0]}"'
    )
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr, result.stderr
    assert result.stdout.strip() in ("exit=0", "exit=1", "exit=2")


def test_output_to_a_full_disk():
    result = shell(f"{sys.executable} -m recert_core check {ROSTER} --level emt --cycle 2026 >/dev/full")
    assert result.returncode == 2
    assert result.stderr.strip() == "recert: cannot write the output (No space left on device)"


def test_standard_output_closed():
    result = shell(f"{sys.executable} -m recert_core check {ROSTER} --level emt --cycle 2026 >&-")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_person_column_naming_one_person_gives_a_plain_report(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "Name,Course Name,Date,Hours,Approval Number\nAda Okafor,Airway,2025-01-01,2,T2-1\n"
        "Ada Okafor,Cardiac,2025-02-01,3,T2-2\n"
    )
    document = json.loads(run("check", str(path), *EMT_2026, "--format", "json").stdout)
    assert "people" not in document and len(document["rows"]) == 2
    assert document["file"]["columns"]["person"] == "Name"


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    name = os.fsdecode(bytes(tmp_path) + b"/caf\xe9.csv")  # Latin-1 bytes in a name: not UTF-8
    with open(os.fsencode(name), "wb") as file:
        file.write(b"")
    result = run("check", name, *EMT_2026)
    one_line_error(result, "caf\\udce9.csv: The file is empty.")
    json_out = run("check", name, str(READING / "hand_zipped_1904.xlsx"), *EMT_2026, "--format", "json")
    assert "Traceback" not in json_out.stderr and json.loads(json_out.stdout)


def test_the_fuzzed_hours_and_dates_of_the_issue_through_the_cli(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text(
        "Date,Title,Hours,Approval Number\n2025-01-01,A,1e-999999,T2-1\n2025-01-01,B,1e5000,T2-2\n"
        "2025-01-01,C,1e1000000,T2-3\n0000-01-01,D,2.0000000000000000000000000001,T2-4\n"
        "2025-01-01,E,1,T1-" + "T1-" * 40_000 + "!\n"
    )
    for fmt in ("text", "json", "csv"):
        result = run("check", str(path), *EMT_2026, "--format", fmt, timeout=30)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert len(result.stdout) < 200_000  # nothing printed a megabyte a row
    rows = json.loads(run("check", str(path), *EMT_2026, "--format", "json").stdout)["rows"]
    assert [(r["status"], r["reasons"][0]["code"]) for r in rows][:4] == [
        ("rejected", "bad-hours"),
        ("rejected", "bad-hours"),
        ("rejected", "bad-hours"),
        ("rejected", "bad-date"),
    ]
    assert rows[3]["hours"] == 2 and len(rows) == 5  # the long approval cell is answered; its status is the judge's


def test_a_roster_from_exports_without_approval_numbers_says_who_would_be_met(tmp_path):
    path = tmp_path / "nremt_roster.csv"
    rows = ["Employee,Course Name,Date Completed,Hours,Component,Approval Number"]
    for person, approval in (("Ann Lee", ""), ("Bo Park", "T2-1")):
        rows += [
            f"{person},National hours,2025-01-01,20,National,{approval}",
            f"{person},Local day,2025-02-01,10,Local,T1-2",
            f"{person},Electives,2025-03-01,10,Individual,T2-3",
        ]
    path.write_text("\n".join(rows) + "\n")
    lines = run("check", str(path), *EMT_2026, "--format", "csv").stdout.lstrip("\ufeff").splitlines()
    assert [line.split(",")[:5] for line in lines[1:]] == [
        ["Ann Lee", "emt", "2026", "no", "yes"],
        ["Bo Park", "emt", "2026", "yes", "yes"],
    ]
