"""The worker's entry points for the reading layer (recert_core.browser), on CPython: several files,
a column mapping, rosters, the column step's preview, and files too large for a browser. The same
calls run on the site's own Pyodide in test_pyodide_reading.py."""

from __future__ import annotations

import gc
import json

from conftest import FIXTURES, transcript

from recert_core import browser
from recert_core.cli import main

READING = FIXTURES / "reading"
TODAY = "2026-11-21"


def answer(raw: bytes) -> dict:
    assert isinstance(raw, bytes)
    return json.loads(raw)


def test_one_workbook_gives_the_cli_report_and_downloads(capsys):
    data = (READING / "nremt_transcript.xlsx").read_bytes()
    result = answer(browser.run_check(data, "emt", "2026", TODAY))
    assert result["ok"] and result["report"]["file"]["format"] == "xlsx"
    main(["check", str(READING / "nremt_transcript.xlsx"), "--level", "emt", "--cycle", "2026", "--format", "json"])
    assert browser.last_json().decode() == capsys.readouterr().out


def test_several_files_are_one_transcript_named_and_a_mapping_applies():
    a = b"When,What,Time spent,Code\r\n2025-01-01,National day,20,T2-1\r\n"
    b = b"When,What,Time spent,Code\r\n2025-02-01,Local day,10,T1-2\r\n2025-01-01,National day,20,T2-1\r\n"
    unmapped = answer(browser.run_check([a, b], "emt", "2026", TODAY, names=["a.csv", "b.csv"]))
    assert not unmapped["ok"] and unmapped["error"].startswith("a.csv: Missing column")
    mapping = "date=When,title=What,hours=Time spent,approval=Code"
    result = answer(browser.run_check([a, b], "emt", "2026", TODAY, names=["a.csv", "b.csv"], columns=mapping))
    report = result["report"]
    assert report["file"]["files"] == ["a.csv", "b.csv"]
    assert [r["hours"] for r in report["rows"]] == [20, 10, 20]
    assert report["rows"][2]["status"] == "rejected" and report["rows"][2]["reasons"][0]["code"] == "duplicate"
    as_dict = answer(
        browser.run_check(
            [a, b],
            "emt",
            "2026",
            TODAY,
            names=["a.csv", "b.csv"],
            columns={"date": "When", "title": "What", "hours": "Time spent", "approval": "Code"},
        )
    )
    assert as_dict["report"] == report


def test_a_roster_gives_people_and_the_cli_downloads(capsys):
    data = (READING / "roster.csv").read_bytes()
    result = answer(browser.run_check(data, "emt", "2026", TODAY))
    assert result["ok"] and "report" not in result
    people = result["people"]
    assert [(p["person"], p["met"], p["short"]["individual"]) for p in people] == [
        ("Ada Okafor E123456", True, 0),
        ("Joao Silva E234567", False, 4),
        ("Mai Nguyen E345678", False, 8),
    ]
    assert "report" not in people[1]  # each person's report is asked for on its own
    assert answer(browser.person_report(1))["report"]["person"] == "Joao Silva E234567"
    path = str(READING / "roster.csv")
    main(["check", path, "--level", "emt", "--cycle", "2026", "--format", "json"])
    assert browser.last_json().decode() == capsys.readouterr().out
    main(["check", path, "--level", "emt", "--cycle", "2026", "--format", "csv"])
    assert browser.last_csv().decode() == capsys.readouterr().out


def test_preview_shows_header_rows_guess_and_what_is_missing():
    data = b"Report title\r\n\r\nWhen,Course Name,Time spent,CAPCE #\r\n2025-01-01,Airway,1h 30m,24-X-F1-1\r\n"
    result = answer(browser.preview([data], ["log.csv"]))
    assert result["ok"] and set(result["fields"]) >= {"date", "title", "hours", "approval"}
    (file,) = result["files"]
    assert (file["name"], file["format"], file["header_line"]) == ("log.csv", "csv", 3)
    assert file["header"] == ["When", "Course Name", "Time spent", "CAPCE #"]
    assert file["rows"] == [{"line": 4, "cells": ["2025-01-01", "Airway", "1h 30m", "24-X-F1-1"]}]
    assert file["columns"] == {"date": "When", "title": "Course Name", "approval": "CAPCE #"}
    assert file["missing"] == ["hours"] and file["ignored"] == ["Time spent"]  # time spent is not credit
    mapped = answer(browser.preview(data, None, "date=When,hours=Time spent"))
    assert mapped["files"][0]["missing"] == [] and mapped["files"][0]["columns"]["hours"] == "Time spent"


def test_preview_and_check_say_what_cannot_be_read():
    for call in (
        browser.preview((READING / "certificate.pdf").read_bytes()),
        browser.run_check((READING / "old_excel.xls").read_bytes(), "emt", "2026", TODAY),
    ):
        result = answer(call)
        assert not result["ok"] and ("PDF" in result["error"] or ".xls" in result["error"])
    bad = answer(browser.run_check(b"Date,Title,Hours\r\n", "emt", "2026", TODAY, columns="colour=Red"))
    assert not bad["ok"] and "colour" in bad["error"]


def test_a_file_too_long_for_a_browser_is_answered_at_once():
    data = b"Date,Title,Hours\r\n" + b"2025-01-01,A,1\r\n" * (browser.MAX_ROWS + 1)
    result = answer(browser.run_check(data, "emt", "2026", TODAY))
    assert not result["ok"] and "too large to check in the browser" in result["error"]
    assert "recert check" in result["error"]


def test_the_csv_download_of_several_files_keeps_every_row():
    a = b"Date,Title,Hours,Approval Number\r\n2025-01-01,First,2,T2-1\r\n"
    b = b"Date,Title,Hours,Approval Number\r\n2025-02-01,Second,3,T2-2\r\n"
    answer(browser.run_check([a, b], "emt", "2026", TODAY, names=["a.csv", "b.csv"]))
    lines = browser.last_csv().decode().lstrip("\ufeff").splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == ["First", "Second"]


def test_a_check_leaves_collection_paused_until_idle():
    """The garbage collection a check defers runs when the worker calls idle() after answering,
    not before the answer: a check that re-enabled it on its way out spent a sixth of its time there."""
    data = (READING / "nremt_transcript.xlsx").read_bytes()
    assert gc.isenabled()
    assert answer(browser.run_check(data, "emt", "2026", TODAY))["ok"]
    assert not gc.isenabled()
    browser.idle()
    assert gc.isenabled()
    assert answer(browser.run_check(b"not,a\ntranscript,at all\n", "emt", "2026", TODAY))
    browser.idle()
    assert gc.isenabled()


def test_a_check_answers_with_the_first_page_of_rows_and_gives_the_rest_on_request(tmp_path, capsys):
    count = browser.PAGE_ROWS + 234
    data = transcript(*(f"2017-0{1 + i % 9}-01,Course {i},1,T2-{i},," for i in range(count)))
    report = answer(browser.run_check(data, "emt", "2018", TODAY))["report"]
    assert len(report["rows"]) == browser.PAGE_ROWS and report["summary"]["rows"] == count
    path = tmp_path / "long.csv"
    path.write_bytes(data)
    main(["check", str(path), "--level", "emt", "--cycle", "2018", "--format", "json"])
    cli = capsys.readouterr().out
    full = json.loads(cli)
    assert report["rows"] == full["rows"][: browser.PAGE_ROWS]
    assert {k: v for k, v in report.items() if k != "rows"} == {k: v for k, v in full.items() if k != "rows"}
    rest = answer(browser.report_rows(browser.PAGE_ROWS, 1000))
    assert rest == full["rows"][browser.PAGE_ROWS :] and len(rest) == 234
    assert answer(browser.report_rows(count, 10)) == []
    assert browser.last_json().decode() == cli  # the download: every row
    # The editor marks every one of its rows: its report has them all.
    typed = [{"date": "2017-01-01", "title": f"Typed {i}", "hours": "1", "approval": f"T2-{i}"} for i in range(count)]
    assert len(answer(browser.run_editor(json.dumps(typed), "emt", "2018", TODAY))["report"]["rows"]) == count


def test_a_fault_in_the_checker_is_one_sentence_naming_the_row_never_a_traceback(monkeypatch):
    """Any unexpected error in the worker's check is answered with a sentence (and where the reading was),
    as the CLI's exit 3 is: the page can say what happened and go on."""
    from recert_core.transcript import rows

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a fault")

    monkeypatch.setattr(rows, "_component_and_topic", broken)
    result = answer(browser.run_check(b"Date,Title,Hours\r\n2025-01-01,Airway,2\r\n", "emt", "2026", TODAY))
    assert result["ok"] is False and result["unexpected"] is True
    assert "line 2" in result["error"] and "Traceback" not in result["error"]
