"""The maintainers' page's rows of provisional values (site_plugins.pages.provisional_values), grouped by
data: one row per parameter, entry and standing (stated, extended back, carried forward), so that what a
row says is true of every year it lists."""

from __future__ import annotations

import pytest

from recert_core.model import CARRIED_FORWARD, EXTENDED_BACK, STATED
from recert_core.rules import default_rules
from site_plugins.pages import provisional_values

RULES = default_rules()
ROWS = provisional_values(RULES)


def years_of(spans: str) -> list[int]:
    """ "2016-2017, 2019" is [2016, 2017, 2019]."""
    years: list[int] = []
    for span in spans.split(", "):
        first, _, last = span.partition("-")
        years += range(int(first), int(last or first) + 1)
    return years


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row['resolved'].name}:{row['years']}")
def test_a_row_says_of_its_years_what_each_years_own_rules_say(row):
    name, standing, spans = row["resolved"].name, row["resolved"].standing, row["years"]
    for year in years_of(spans):
        own = RULES.cycle(year)[name]
        assert own.entry == row["resolved"].entry and own.standing == standing
        # The row's sentences are that year's, said of the row's years.
        assert [reason.replace(spans, str(year)) for reason in row["reasons"]] == list(own.provisional_reasons)


def test_every_provisional_value_of_every_cycle_is_in_one_row_and_only_one():
    listed = [(row["resolved"].name, year) for row in ROWS for year in years_of(row["years"])]
    provisional = [(r.name, cycle.year) for cycle in RULES.cycles() for r in cycle if r.provisional]
    assert sorted(listed) == sorted(provisional)


def test_a_value_stated_for_some_years_and_carried_on_to_others_is_two_rows():
    # A provisional entry both stated and carried forward exists in the data (the 2024 late fee, today),
    # so the first test sees the case: its stated years and its carried years are rows of their own.
    rows: dict[tuple[str, int], dict[str, list[int]]] = {}
    for row in ROWS:
        resolved = row["resolved"]
        rows.setdefault((resolved.name, resolved.entry.start), {})[resolved.standing] = years_of(row["years"])
    both = {key: by for key, by in rows.items() if {STATED, CARRIED_FORWARD} <= set(by)}
    assert both, "the data has no provisional entry that is stated and also carried forward"
    for (name, _), by in both.items():
        entry = RULES.cycle(by[STATED][0])[name].entry
        assert all(entry.states(year) for year in by[STATED])
        assert not any(entry.states(year) for year in by[CARRIED_FORWARD] + by.get(EXTENDED_BACK, []))
