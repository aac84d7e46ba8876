"""The page's transcript editor in recert_core.browser, on CPython: a file's courses in the template's
columns, the typed rows checked as that CSV (row i is line i + 2), and its download."""

from __future__ import annotations

import json

from recert_core import browser
from recert_core.cli import TEMPLATE, main

TODAY = "2026-11-21"
LMS = (
    b"Date,Course Name,CE Hours,CAPCE Number,NCCP Category,Format,Status\r\n"
    b"05/14/2025,Airway and ventilation review,1h 30m,T2-4411,National,Live,Complete\r\n"
    b"2025-06-02,Trauma triage,2,,Medicine,Online,Complete\r\n"
    b"2025-07-01,Stroke update,1,T2-7001,National,Live,In Progress\r\n"
    b"Total,,4.5,,,,\r\n"
)


def answer(raw: bytes) -> dict:
    return json.loads(raw)


def test_the_editor_writes_the_templates_columns():
    assert ",".join(browser.EDITOR_COLUMNS) == TEMPLATE.splitlines()[0]


def test_a_files_courses_in_the_templates_columns_without_the_rows_that_are_not_courses():
    assert answer(browser.run_check(LMS, "emt", "2026", TODAY))["ok"]
    rows = answer(browser.editor_rows())
    assert rows["left_out"] == 2  # the course in progress and the total line
    assert rows["rows"] == [
        {
            "date": "2025-05-14",
            "title": "Airway and ventilation review",
            "hours": "1.5",
            "approval": "T2-4411",
            "component": "National",
            "topic": "",
            "delivery": "In person",
        },
        # a component the reader rejects stays as written, to be fixed in the editor, never dropped
        {
            "date": "2025-06-02",
            "title": "Trauma triage",
            "hours": "2",
            "approval": "",
            "component": "Medicine",
            "topic": "",
            "delivery": "Online",
        },
    ]


def test_a_roster_is_not_edited():
    roster = b"Name,Date,Course,Hours,Approval\r\nAnn,2025-05-01,Airway,2,T2-1\r\nBob,2025-05-01,Airway,2,T2-1\r\n"
    assert "people" in answer(browser.run_check(roster, "emt", "2026", TODAY))
    assert not answer(browser.editor_rows())["ok"]


def test_typed_rows_are_checked_as_the_template_csv_and_downloaded(tmp_path, capsys):
    rows = [
        {
            "date": "2025-05-14",
            "title": "Airway review",
            "hours": "2",
            "approval": "T2-4411",
            "component": "National",
            "topic": "Airway",
            "delivery": "In person",
        },
        {"date": "", "title": "", "hours": "", "approval": "", "component": "", "topic": "", "delivery": ""},
        {
            "date": "2025-09-03",
            "title": '=HYPERLINK("x")',
            "hours": "3",
            "approval": "",
            "component": "National",
            "topic": "",
            "delivery": "",
        },
    ]
    report = answer(browser.run_editor(json.dumps(rows), "emt", "2026", TODAY))["report"]
    assert [(r["line"], r["status"]) for r in report["rows"]] == [(2, "counted"), (4, "unverified")]
    assert report["rows"][1]["title"] == '=HYPERLINK("x")'  # checked as typed
    assert report["blank_lines"] == [3]
    text = browser.editor_csv().decode()
    assert text.splitlines() == [
        "\ufeffDate,Title,Hours,Approval Number,Component,Topic,Delivery",
        "2025-05-14,Airway review,2,T2-4411,National,Airway,In person",
        '2025-09-03,"\'=HYPERLINK(""x"")",3,,National,,',
    ]
    # The download is a transcript the command line reads as the page checked it (the title kept as text).
    (tmp_path / "edited.csv").write_text(text, encoding="utf-8")
    main(["check", str(tmp_path / "edited.csv"), "--level", "emt", "--cycle", "2026", "--format", "json"])
    cli = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in cli["rows"]] == ["counted", "unverified"]
    assert cli["components"] == report["components"]


def test_no_rows_or_only_empty_ones_are_not_a_check():
    assert answer(browser.run_editor("[]", "emt", "2026", TODAY)) == {"ok": True, "empty": True}
    assert answer(browser.run_editor(json.dumps([{"title": " "}]), "emt", "2026", TODAY))["empty"]
    assert not answer(browser.run_editor("{not json", "emt", "2026", TODAY))["ok"]
    assert not answer(browser.run_editor('{"a": 1}', "emt", "2026", TODAY))["ok"]


def test_the_headers_the_checker_page_names_are_the_readers():
    """The page's table of column names (checker.md.j2) says only what the vocabulary reads."""
    from pathlib import Path

    from recert_core.transcript.headers import meanings

    fields = {
        "Date": "date",
        "Title": "title",
        "Hours": "hours",
        "Approval": "approval",
        "Component": "component",
        "Delivery": "delivery",
        "Status": "status",
    }
    page = (Path(__file__).parent.parent / "site_plugins/templates/checker.md.j2").read_text()
    rows = [line.split("|")[1:3] for line in page.splitlines() if line.startswith("| ") and "---" not in line]
    checked = 0
    for column, names in rows:
        if column.strip() not in fields:
            continue
        for name in names.split(":")[0].split(","):
            read_as = [m.field for m in meanings(name.strip())]
            assert read_as and read_as[0] in (fields[column.strip()], "topic_map"), name
            checked += 1
    assert checked >= 25
