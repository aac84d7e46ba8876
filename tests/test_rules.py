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


@pytest.mark.parametrize("case", CASES, ids=[f"{c['parameter']}-{c['cycle']}-{c.get('level', 'all')}" for c in CASES])
def test_dated_values(case):
    resolved = default_rules().cycle(case["cycle"])[case["parameter"]]
    value = resolved.value
    if "level" in case:
        value = value[case["level"]]
    value = _plain(value)
    expect = case["expect"]
    if isinstance(expect, dict):
        assert {k: value[k] for k in expect} == {
            k: float(v) if not isinstance(v, str) else v for k, v in expect.items()
        }
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
    rules = default_rules()
    later = rules.cycle(rules.newest_sourced + 1)["state_fee"]
    reasons = later.provisional_reasons
    assert len(reasons) == 1
    assert str(later.year) in reasons[0] and later.entry.span in reasons[0]
    assert all(source.title in reasons[0] for source in later.sources)


def test_cycles_after_the_newest_source_are_provisional_throughout():
    rules = default_rules()
    for year in range(rules.newest_sourced + 1, rules.last_cycle + 1):
        cycle = rules.cycle(year)
        unconfirmed = [r.name for r in cycle if not r.provisional]
        # a value a source states for a later year (the 2026 expiration on the 2024 mass.gov page)
        assert all(cycle[name].entry.states(year) for name in unconfirmed), unconfirmed


def test_the_2022_waiver_is_listed():
    assert default_rules().cycle(2022).waivers == [
        "For cards expiring March 31, 2022, all continuing education may be completed online."
    ]
    assert default_rules().cycle(2021).waivers == []


def test_a_value_holds_from_its_year_until_the_next_entry():
    # portal_opens is stated for 2017, 2018 and 2022.
    rules = default_rules()
    assert rules.cycle(2019)["portal_opens"].entry.start == 2018
    assert rules.cycle(2021)["portal_opens"].entry.start == 2018  # never the later, nearer 2022 entry
    assert rules.cycle(2022)["portal_opens"].entry.start == 2022
    assert rules.cycle(2028)["portal_opens"].entry.start == 2022
    back = rules.cycle(2016)["portal_opens"]  # before the first entry: extended back, provisional
    assert back.entry.start == 2017 and "extended back" in back.provisional_reasons[0]


def _snapshot(rules):
    return {(y, r.name): (r.value, r.provisional_reasons) for y in rules.years for r in rules.cycle(y)}


@pytest.mark.parametrize(
    ("file", "parameter", "year", "value"),
    [
        ("fees.toml", "state_fee", 2026, "200"),
        (
            "fees.toml",
            "training_profile_fee",
            2026,
            "{ emt = { ma_only = 99, nremt = 98 }, aemt = { ma_only = 99, nremt = 98 }, "
            "paramedic = { ma_only = 99, nremt = 98 } }",
        ),
        ("dates.toml", "portal_opens", 2025, '"Y-1-09-15"'),
        (
            "requirements.toml",
            "component_hours",
            2027,
            "{ emt = { national = 21, local = 10, individual = 10 }, aemt = { national = 26, local = 12.5, "
            "individual = 12.5 }, paramedic = { national = 31, local = 15, individual = 15 } }",
        ),
    ],
)
def test_a_later_entry_never_changes_an_earlier_year(rules_copy, file, parameter, year, value):
    before = _snapshot(load_rules(rules_copy))
    path = rules_copy / file
    path.write_text(
        path.read_text() + f'\n[[{parameter}.values]]\nfrom = {year}\nsources = ["massgov-2024"]\nvalue = {value}\n'
    )
    after = _snapshot(load_rules(rules_copy))
    assert after[(year, parameter)] != before[(year, parameter)]  # the entry took effect
    earlier = {key: v for key, v in before.items() if key[0] < year}
    assert earlier == {key: after[key] for key in earlier}


def test_every_toml_header_states_the_dating_rule():
    for path in RULES_DIR.glob("*.toml"):
        text = path.read_text()
        if "[[" in text and ".values]]" in text:
            assert "holds from that year until the next" in text and "extended back" in text, path.name


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
    (
        "unknown key",
        "requirements.toml",
        "from = 2016\nuntil = 2024",
        "from = 2016\nuntill = 2024",
        "requirements.toml: component_hours.values[0].untill: unknown key",
    ),
    (
        "missing source",
        "fees.toml",
        'sources = ["massgov-2024"]\nvalue = 15\n',
        "value = 15\n",
        "fees.toml: returned_payment_fee.values[0].sources: missing",
    ),
    (
        "unknown source",
        "fees.toml",
        'sources = ["massgov-2024"]\nvalue = 15\n',
        'sources = ["massgov-2042"]\nvalue = 15\n',
        "fees.toml: returned_payment_fee.values[0].sources[0]: unknown source 'massgov-2042'",
    ),
    (
        "malformed date",
        "dates.toml",
        'value = "Y-2-03-31"',
        'value = "Y-2-03-32"',
        "dates.toml: window_start.values[0].value: 'Y-2-03-32' is not a date",
    ),
    (
        "date as prose",
        "dates.toml",
        'value = "Y-2-03-31"',
        'value = "March 31, 2014"',
        "dates.toml: window_start.values[0].value: expected a date such as",
    ),
    (
        "number where a list belongs",
        "requirements.toml",
        'distributive = ["T3"]',
        "distributive = 3",
        "requirements.toml: approval_schemes.values[0].value.oems.distributive: expected a list",
    ),
    (
        "text where a number belongs",
        "requirements.toml",
        "national = 20, local = 10",
        'national = "20", local = 10',
        "requirements.toml: component_hours.values[0].value.emt.national: expected a number",
    ),
    (
        "misspelt limit",
        "requirements.toml",
        'national = "all", local = "all", individual = "all", total = 13',
        'national = "al", local = "all", individual = "all", total = 13',
        'requirements.toml: distributive_limits.values[0].value.emt.national: expected a number of hours or "all"',
    ),
    (
        "entries out of order",
        "fees.toml",
        "[[state_fee.values]]\nfrom = 2018",
        "[[state_fee.values]]\nfrom = 2016",
        "fees.toml: state_fee.values[1].from: 2016 overlaps the previous entry",
    ),
    ("invalid TOML", "fees.toml", "value = 125", "value = 125 125", "fees.toml: not valid TOML"),
    ("unknown parameter", "fees.toml", "[state_fee]", "[state_fees]", "fees.toml: state_fees: unknown parameter"),
    (
        "missing level",
        "requirements.toml",
        "value.paramedic = { national = 30, local = 15, individual = 15 }\n",
        "",
        "requirements.toml: component_hours.values[0].value.paramedic: missing",
    ),
    (
        "bad region",
        "regions.toml",
        "[regions.5]",
        "[regions.6]",
        "regions.toml: regions: expected regions numbered 1 to 5, found [1, 2, 3, 4, 6]",
    ),
    (  # a town list is not kept (the regions page links to the official one): a fork's says so at once
        "towns of a region",
        "regions.toml",
        'short_name = "NorthEast EMS"\n',
        'short_name = "NorthEast EMS"\ntowns = ["Amesbury"]\n',
        "regions.toml: regions.3.towns: unknown key",
    ),
    (  # nothing shows a level's NREMT credential name: not kept
        "a level's NREMT name",
        "terms.toml",
        'prefix = "P"\n',
        'prefix = "P"\nnremt_name = "NRP"\n',
        "terms.toml: levels.paramedic.nremt_name: unknown key",
    ),
    (
        "wrong unit",
        "fees.toml",
        'description = "Late fee"\nunit = "usd"',
        'description = "Late fee"\nunit = "hours"',
        "fees.toml: late_fee.unit: expected 'usd' for this parameter, found 'hours'",
    ),
    (
        "nan hours",
        "requirements.toml",
        "national = 20, local = 10",
        "national = nan, local = 10",
        "requirements.toml: component_hours.values[0].value.emt.national: expected a number, found nan",
    ),
    (
        "infinite fee",
        "fees.toml",
        "value = 125",
        "value = inf",
        "fees.toml: state_fee.values[0].value: expected a number, found inf",
    ),
    (
        "absurd hours",
        "requirements.toml",
        "national = 20, local = 10",
        "national = 2000, local = 10",
        "requirements.toml: component_hours.values[0].value.emt.national: 2000 is more than 200",
    ),
    (
        "absurd fee",
        "fees.toml",
        "value = 125",
        "value = 125000",
        "fees.toml: state_fee.values[0].value: 125000 is more than 10000",
    ),
    (
        "negative fee",
        "fees.toml",
        "value = 125",
        "value = -125",
        "fees.toml: state_fee.values[0].value: expected a number of at least 0",
    ),
    (
        "unknown source in a region",
        "regions.toml",
        'sources = ["regional-sites"]',
        'sources = ["regional-site"]',
        "regions.toml: regions.2.sources[0]: unknown source 'regional-site'",
    ),
    (
        "unknown source in a contact",
        "contacts.toml",
        'sources = ["oems-aemt-2018"]\nvalue = { name = "OEMS"',
        'sources = ["oems-2018"]\nvalue = { name = "OEMS"',
        "contacts.toml: oems_help.values[0].sources[0]: unknown source 'oems-2018'",
    ),
    (
        "bad phone",
        "contacts.toml",
        '"617-973-0935"',
        '"617 973 09"',
        "contacts.toml: licensing_help.values[0].value.phone: expected a phone number written",
    ),
    (
        "bad email",
        "contacts.toml",
        '"oems.recert@mass.gov"',
        '"oems.recert at mass.gov"',
        "contacts.toml: oems_help.values[1].value.email: expected an email address",
    ),
    (
        "step fee not a fee",
        "process.toml",
        'fees = ["state_fee", "late_fee"]',
        'fees = ["state_fee", "expiration"]',
        "process.toml: steps.values[1].value[4].fees[1]: 'expiration' is not a parameter of unit usd or percent",
    ),
    (
        "parameter in the wrong file",
        "fees.toml",
        "[state_fee]",
        "[window_end]",
        "fees.toml: window_end: unknown parameter (it belongs in dates.toml)",
    ),
    (
        "a contact field cited to a source the entry does not cite",
        "contacts.toml",
        'given_by = { name = "massgov-2024", website = "oems-alignment-2024" }',
        'given_by = { name = "massgov-2024", website = "wmems-2022" }',
        "contacts.toml: licensing_portal.values[1].value.given_by.website: 'wmems-2022' is not among this entry's",
    ),
    (
        "topic hours beyond National",
        "requirements.toml",
        "value.emt = { airway = 1.5, cardiology = 6,",
        "value.emt = { airway = 2.5, cardiology = 6,",
        "requirements.toml: national_topics: the emt topic hours for cycle 2016 add up to 21 h",
    ),
    (
        "bad confidence",
        "sources.toml",
        'confidence = "check"',
        'confidence = "sure"',
        "sources.toml: sources.topics-2025-unofficial.confidence: expected one of",
    ),
]


@pytest.mark.parametrize(("name", "file", "old", "new", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_rules_file_names_file_and_key(rules_copy, name, file, old, new, message):
    _edit(rules_copy, file, old, new)
    with pytest.raises(RulesError) as raised:
        load_rules(rules_copy)
    assert message in str(raised.value)


NEWEST = f"newest_sourced = {default_rules().newest_sourced}"


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (default_rules().last_cycle, "terms.toml: cycles.last: {year} must be later than newest_sourced ({year})"),
        (default_rules().first_cycle - 1, "terms.toml: cycles.newest_sourced: {year} is before `first`"),
    ],
    ids=["newest sourced cycle is the last", "newest sourced cycle before the first"],
)
def test_the_newest_sourced_cycle_is_a_named_error_outside_the_cycles(rules_copy, year, message):
    """Raising newest_sourced to `last` (a regional office adding a cycle, forgetting `last`) is named."""
    _edit(rules_copy, "terms.toml", NEWEST, f"newest_sourced = {year}")
    with pytest.raises(RulesError) as raised:
        load_rules(rules_copy)
    assert message.format(year=year) in str(raised.value)


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        ("sources.toml", "sources = 5\n", "sources.toml: sources: expected a table of sources, found a number (5)"),
        ("regions.toml", 'regions = "all"\n', "regions.toml: regions: expected a table of regions, found text ('all')"),
        ("fees.toml", "state_fee = 5\n", "fees.toml: state_fee: expected a table, found a number (5)"),
        (
            "terms.toml",
            "data = 1\ncycles = 2\nlevels = 3\ncomponents = 4\ntopics = 5\n",
            "terms.toml: data: expected a table, found a number (1)",
        ),
        (
            "contacts.toml",
            '[oems_help]\ndescription = "OEMS"\nunit = "contact"\nvalues = "none"\n',
            "contacts.toml: oems_help.values: expected a list, found text ('none')",
        ),
    ],
)
def test_a_scalar_where_a_table_belongs_is_named_not_a_traceback(rules_copy, file, text, message):
    (rules_copy / file).write_text(text)
    with pytest.raises(RulesError) as raised:
        load_rules(rules_copy)
    assert message in str(raised.value)


def test_the_unedited_copy_loads(rules_copy):
    assert load_rules(rules_copy).cycle(2018).hours("emt")["national"] == 20


def test_a_missing_file_is_named(rules_copy):
    (rules_copy / "dates.toml").unlink()
    with pytest.raises(RulesError, match=r"^dates\.toml: file not found"):
        load_rules(rules_copy)


# --- the codes catalogue, a data file like the rules ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[codes.x]\neffect = "note"\ncolumn = ""\ntitle = "X"\n', "codes.toml: codes.x.description: missing"),
        (
            '[codes.x]\neffect = "note"\ncolumn = ""\ntitle = "X"\ndescription = "D"\nfx = "f"\n',
            "codes.toml: codes.x.fx: unknown key",
        ),
        ('[codes.x]\neffect = "drop"\ncolumn = ""\ntitle = "X"\ndescription = "D"\n', "codes.toml: codes.x.effect"),
        (
            '[codes.x]\neffect = 3\ncolumn = ""\ntitle = "X"\ndescription = "D"\n',
            "codes.toml: codes.x.effect: expected text",
        ),
        ("codes = 1\n", "codes.toml: codes: expected one table"),
        ("[codes.x\n", "codes.toml: not valid TOML"),
    ],
)
def test_a_broken_codes_catalogue_names_file_and_key(text, message):
    from recert_core.problems import DataError, read_catalogue

    with pytest.raises(DataError) as raised:
        read_catalogue(text.encode())
    assert message in str(raised.value)


def test_the_shipped_catalogue_reads_and_every_rules_error_is_a_data_error():
    from recert_core.problems import CATALOGUE, DataError, catalogue, read_catalogue

    assert read_catalogue((Path(str(resources.files("recert_core"))) / CATALOGUE).read_bytes()) == catalogue()
    assert issubclass(RulesError, DataError) and issubclass(DataError, ValueError)
