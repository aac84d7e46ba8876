"""More real-world shapes (`tests/families.py`) through `recert check`, row by row against their truth:
form responses, LMS reports, day-first locales, Mac exports, a tab per year, split component hours,
footers, formulas without values, files without titles, the NREMT export, rosters with levels. And the
property the whole reader owes its users: nothing read in their favour, whatever the file."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from families import FAMILIES, family_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from realistic import CYCLE, LEVEL, WINDOW, Case, assert_line

from recert_core.cli import main

SEEDS_PER_FAMILY = 20


def run(tmp_path, capsys, case: Case) -> dict:
    path = tmp_path / case.name
    path.write_bytes(case.data)
    code = main(["check", str(path), "--level", LEVEL, "--cycle", str(CYCLE), "--format", "json"])
    out, err = capsys.readouterr()
    assert code in (0, 1), (case.description, err)
    return json.loads(out)


def reports(result: dict) -> list[tuple[str | None, dict]]:
    return [(p["person"], p) for p in result["people"]] if "people" in result else [(None, result)]


def rows_by_place(case: Case, result: dict) -> dict[tuple[str, int], tuple[str | None, dict]]:
    rows = {}
    sheets = any(t.sheet for t in case.lines)
    for person, report in reports(result):
        for row in report["rows"]:
            key = (row["file"] if sheets else "", row["line"])
            assert key not in rows or row["status"] != "skipped" or True
            rows.setdefault(key, (person, row))
    return rows


def agrees(case: Case, result: dict) -> None:
    rows = rows_by_place(case, result)
    for t in case.lines:
        if t.kind == "blank":
            continue
        where = (case.description, t.line, t.sheet)
        assert (t.sheet, t.line) in rows, where
        person, row = rows[(t.sheet, t.line)]
        assert_line(t, row, person, case.roster, (*where, row))
    notes = {n["code"] for _, r in reports(result) for n in r["file"]["notes"]}
    assert set(case.notes) <= notes, (case.description, notes)
    assert ("month-first-dates" in notes) == case.month_first, (case.description, notes)
    assert ("day-first-dates" in notes) == case.day_first, (case.description, notes)


@pytest.mark.parametrize(("family", "seed"), [(f, s) for f in sorted(FAMILIES) for s in range(SEEDS_PER_FAMILY)])
def test_a_family_file_is_read_as_its_truth(family, seed, tmp_path, capsys):
    case = family_case(seed, family)
    agrees(case, run(tmp_path, capsys, case))


def test_a_roster_with_levels_judges_each_person_at_their_own_level(tmp_path, capsys):
    case = family_case(3, "roster-levels")
    result = run(tmp_path, capsys, case)
    levels = {p["person"]: p["level"] for p in result["people"]}
    assert levels == {"Pat Doe": "emt", "Sam Lee": "paramedic", "Chris Park": "aemt"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**9), family=st.sampled_from(sorted(FAMILIES)))
def test_nothing_is_read_in_the_users_favour(seed, family, tmp_path_factory, capsys):
    """For any generated file: no row is counted with more hours than its truth, with a date its truth
    does not give, or as verified when its truth is not; a row that is not a course never counts."""
    case = family_case(seed, family)
    result = run(tmp_path_factory.mktemp("favour"), capsys, case)
    rows = rows_by_place(case, result)
    truth = {(t.sheet, t.line): t for t in case.lines}
    for key, (_, row) in rows.items():
        t = truth.get(key)
        counted = Decimal(str(row["counted"]))
        if t is None or t.kind != "course":
            assert counted == 0, (case.description, row)
            continue
        assert counted <= t.hours + Decimal("0.005"), (case.description, row)
        if counted:
            assert row["date"] == t.date.isoformat() and WINDOW[0] <= t.date <= WINDOW[1], (case.description, row)
            assert t.verified, (case.description, row)
