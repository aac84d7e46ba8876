"""Real-world-shaped files through `recert check`: every line accounted for, hours and dates right.

The files come from `tests/realistic.py` (issue 11's header lists and value forms, our own values);
each knows what its lines are, and the CLI's JSON must agree. Seeds are fixed, so the test is
deterministic; a failure names its seed, and `make_case(seed)` rebuilds the file.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from realistic import CYCLE, LEVEL, Case, collapse, make_case

from recert_core.cli import main

SEEDS = range(400)
USABLE = {"counted", "partial", "unused"}


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
        where = (case.description, line, row)
        if t.kind == "skipped":
            assert row["status"] == "skipped", where
            continue
        assert row["status"] in (USABLE if t.verified else {"unverified"}), where
        assert Decimal(str(row["hours"])) == t.hours, where
        assert row["date"] == t.date.isoformat(), where
        assert row["component"] == t.component, where
        assert row["topic"] == t.topic, where
        assert collapse(row["title"]) == collapse(t.title), where
        if case.roster:
            assert person == t.person, where
    notes = [n["code"] for _, r in reports for n in r["file"]["notes"]]
    assert ("month-first-dates" in notes) == case.month_first, (case.description, notes)
    assert ("day-first-dates" in notes) == case.day_first, (case.description, notes)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_realistic_file_is_read_as_its_truth(seed, tmp_path, capsys):
    case = make_case(seed)
    assert_agrees(case, run_check(tmp_path, capsys, case.name, case.data))
