"""The rules data: expected values around every dated change, and loud, named errors."""

from __future__ import annotations

import shutil
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from recert_core.rules import RulesError, default_rules, load_rules

CASES = tomllib.loads((Path(__file__).parent / "rules_cases.toml").read_text())["case"]
RULES_DIR = Path(str(resources.files("recert_core") / "rules"))


def _plain(value):
    """A resolved value in the form the cases write it."""
    if value is None:
        return "all"
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "iso"):
        return value.iso()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c['parameter']}-{c['cycle']}-{c.get('level', 'all')}" for c in CASES]
)
def test_dated_values(case):
    resolved = default_rules().cycle(case["cycle"])[case["parameter"]]
    value = resolved.value
    if "level" in case:
        value = value[case["level"]]
    value = _plain(value)
    expect = case["expect"]
    if isinstance(expect, dict):
        assert {k: value[k] for k in expect} == {k: float(v) if not isinstance(v, str) else v
                                                 for k, v in expect.items()}
    else:
        assert value == (float(expect) if isinstance(expect, int | float) else expect)
    assert resolved.provisional is case["provisional"], resolved.provisional_reasons


def test_every_cycle_resolves_a_complete_rule_set():
    rules = default_rules()
    assert rules.years[0] == 2016 and rules.newest_sourced in rules.years  # later cycles come with their entries
    for cycle in rules.cycles():
        for level in rules.levels:
            assert sum(cycle.hours(level).values()) > 0
            cycle.distributive_limits(level)
            assert set(cycle.national_topics(level)) == set(rules.topics)
        assert cycle["steps"].value
        for resolved in cycle:
            assert resolved.sources, resolved.name


def test_provisional_reasons_name_the_year_and_the_rule_used():
    reasons = default_rules().cycle(2027)["state_fee"].provisional_reasons
    assert len(reasons) == 1
    assert "2027" in reasons[0] and "2024" in reasons[0] and "Renew your EMT" in reasons[0]


def test_cycles_after_the_newest_source_are_provisional_throughout():
    cycle = default_rules().cycle(2027)
    assert all(r.provisional for r in cycle), [r.name for r in cycle if not r.provisional]


def test_the_2022_waiver_is_listed():
    assert default_rules().cycle(2022).waivers == [
        "For cards expiring March 31, 2022, all continuing education may be completed online."
    ]
    assert default_rules().cycle(2021).waivers == []


def test_a_value_resolves_from_the_nearest_entry_the_later_on_a_tie():
    # portal_opens is stated for 2017, 2018 and 2022: 2020 is two years from 2018 and 2022.
    rules = default_rules()
    assert rules.cycle(2019)["portal_opens"].entry.start == 2018
    assert rules.cycle(2020)["portal_opens"].entry.start == 2022
    assert rules.cycle(2016)["portal_opens"].entry.start == 2017


# --- broken files fail loudly, naming file and key -------------------------------------


@pytest.fixture
def rules_copy(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    return folder


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


BROKEN = [
    ("unknown key", "requirements.toml", "from = 2016\nuntil = 2024", "from = 2016\nuntill = 2024",
     "requirements.toml: component_hours.values[0].untill: unknown key"),
    ("missing source", "fees.toml", 'sources = ["massgov-2024"]\nvalue = 15\n', "value = 15\n",
     "fees.toml: returned_payment_fee.values[0].sources: missing"),
    ("unknown source", "fees.toml", 'sources = ["massgov-2024"]\nvalue = 15\n',
     'sources = ["massgov-2042"]\nvalue = 15\n',
     "fees.toml: returned_payment_fee.values[0].sources[0]: unknown source 'massgov-2042'"),
    ("malformed date", "dates.toml", 'value = "Y-2-03-31"', 'value = "Y-2-03-32"',
     "dates.toml: window_start.values[0].value: 'Y-2-03-32' is not a date"),
    ("date as prose", "dates.toml", 'value = "Y-2-03-31"', 'value = "March 31, 2014"',
     "dates.toml: window_start.values[0].value: expected a date such as"),
    ("number where a list belongs", "requirements.toml", 'distributive = ["T3"]', "distributive = 3",
     "requirements.toml: approval_schemes.values[0].value.oems.distributive: expected a list"),
    ("text where a number belongs", "requirements.toml", "national = 20, local = 10", 'national = "20", local = 10',
     "requirements.toml: component_hours.values[0].value.emt.national: expected a number"),
    ("misspelt limit", "requirements.toml", 'national = "all", local = "all", individual = "all", total = 13',
     'national = "al", local = "all", individual = "all", total = 13',
     "requirements.toml: distributive_limits.values[0].value.emt.national: expected a number of hours or \"all\""),
    ("entries out of order", "fees.toml", "[[state_fee.values]]\nfrom = 2018", "[[state_fee.values]]\nfrom = 2016",
     "fees.toml: state_fee.values[1].from: 2016 overlaps the previous entry"),
    ("invalid TOML", "fees.toml", "value = 125", "value = 125 125", "fees.toml: not valid TOML"),
    ("unknown parameter", "fees.toml", "[state_fee]", "[state_fees]", "fees.toml: state_fees: unknown parameter"),
    ("missing level", "requirements.toml", "value.paramedic = { national = 30, local = 15, individual = 15 }\n", "",
     "requirements.toml: component_hours.values[0].value.paramedic: missing"),
    ("bad region", "regions.toml", "[regions.5]", "[regions.6]", "regions.toml: regions.6: expected a region number"),
    ("bad confidence", "sources.toml", 'confidence = "check"', 'confidence = "sure"',
     "sources.toml: sources.topics-2025-unofficial.confidence: expected one of"),
]


@pytest.mark.parametrize(("name", "file", "old", "new", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_rules_file_names_file_and_key(rules_copy, name, file, old, new, message):
    _edit(rules_copy, file, old, new)
    with pytest.raises(RulesError) as raised:
        load_rules(rules_copy)
    assert message in str(raised.value)


def test_the_unedited_copy_loads(rules_copy):
    assert load_rules(rules_copy).cycle(2018).hours("emt")["national"] == 20


def test_a_missing_file_is_named(rules_copy):
    (rules_copy / "dates.toml").unlink()
    with pytest.raises(RulesError, match=r"^dates\.toml: file not found"):
        load_rules(rules_copy)
