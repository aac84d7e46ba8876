"""The guidance site: built with the real plugin, read back as HTML."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import (
    HOME_OFFICE,
    PUBLISHED,
    ROOT,
    RULES,
    SITE_NAME,
    TODAY,
    YEARS,
    build_site,
    copy_project,
    edit_mkdocs_yml,
    mkdocs_config,
)

from recert_core.formatting import day_text
from site_plugins.pages import provisional_values


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    """The site as the project's mkdocs.yml builds it (one build for the whole test session)."""
    return built_site


def text_of(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text() if page else (site / "index.html").read_text()
    main = html[html.index("<article") : html.index("</article>")]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))  # "&#39;" reads "'"


# Facts as the source documents state them, checked on the page of their cycle.
PAGE_FACTS = {
    "cycles/2016": [
        "March 31, 2014",
        "March 31, 2016",
        "April 1, 2016",
        "13 h in all",
        "16.5 h in all",
        "20 h in all",
        "February 15, 2016",
        "$20",
        "$15",
        "$125",
        "one business day after all three steps",
        "pending with your training officer for more than 10 days",
        "the card is mailed",
        "A transition course",
        "counts toward the continuing-education hours",
    ],
    "cycles/2017": ["April 1, 2015", "7 h", "8 h", "10 h", "October 1, 2016", "February 15, 2017"],
    "cycles/2018": [
        "April 1, 2016",
        "March 31, 2018",
        "October 1, 2017",
        "February 15, 2018",
        "April 30, 2018",
        "25 h",
        "12.5 h",
        "8 h",
        "$125",
        "$50",
        "T1, T2, T4, T5",
        "F1, F2, F4, F5",
        "either the 2012 or the 2016 NCCR",
        "8 h is the cap stated for Advanced EMTs",
        "MASSEMT.ORG",
        "617-973-0935",
        "oems.recert@state.ma.us",
        "search by SSN and birth date",
        "batch printed and mailed",
        "All Advanced EMTs in Massachusetts must hold and renew NRAEMT",
        # the sources differ on the expiration: both shown, with their sources
        "4/1/2018",
        "The sources differ",
    ],
    # 2023: the 2016 primary page limits DE "for 2017 and thereafter"; the regional pages' "no limits" is named
    "cycles/2023": ["7 h", "The primary source wins"],
    "cycles/2022": ["all continuing education may be completed online", "October 2021", "special credit"],
    "cycles/2024": [
        "April 1, 2022",
        "March 31, 2024",
        "February 15, 2024",
        "January 31, 2024",
        "$25",
        "$26",
        "$32",
        "$125",
        "2.35%",
        "$15",
        "Health Professions Licensing Portal",
        "Paying is not submitting",
        "link each one at a time",
        "keep your course completion documents",
        "dph.elicensing_support@mass.gov",
        "The card is emailed to you",
        "keep your email address current in eLicensing",
        "nor sends paper reminders",
        "Massachusetts and the National Registry have the same continuing-education requirements",
        "https://forms.office.com/g/x59ZGNuUGW",
        "https://forms.office.com/g/Xab1GE569V",
        "https://madph.mylicense.com/eGov/ (from oems-alignment-2024",
    ],
    "cycles/2026": ["10%", "must be pediatric", "2 h", "2.5 h", "3 h"],
    "alignment": [
        "$62.50",
        "$112.50",
        "February 15, 2024",
        "March 31, 2025",
        "Reverse off-cycle",
        "Renew the NREMT certification to 2026",
        "Recommended by February 15, 2024; no late fee until March 31, 2024",
        "regain",
        "oems.recert@mass.gov",
    ],
    "pathways": [
        "Inactive",
        "Unaffiliated-Region X",
        HOME_OFFICE.phone,
        "January 31, 2024",
        "NRAEMT",
        "support@nremt.org",
    ],
    # Every office as the rules data gives it (the data's own sources are checked in test_rules).
    "regions": [
        *(fact for r in RULES.regions.values() for fact in (r.phone, r.address, r.name) if fact),
        "MassGIS",
        "CMED",
        "978-946-8130",
    ],
    "sources": ["NorthEast Emergency Medical Services", "http://www.mass.gov/dph/oems", "Confidence: check"],
    # The home office is the one mkdocs.yml names; "today" is conftest.TODAY, 2026-11-21.
    "": [
        SITE_NAME,
        "When does your card expire?",
        "Your renewal plan",
        # the two nearest cycles whose cards have not expired by TODAY
        *(
            f"Cards expiring {y}"
            for y in [y for y in YEARS if RULES.cycle(y)["expiration"].value.when.isoformat() >= TODAY][:2]
        ),
        f"Region {HOME_OFFICE.number}, {HOME_OFFICE.name}",
        HOME_OFFICE.phone,
        HOME_OFFICE.address,
        f"Rules data version {RULES.version}",
        f"as of {day_text(RULES.as_of)}",
    ],
}


@pytest.mark.parametrize("page", PAGE_FACTS)
def test_pages_state_the_facts_of_their_sources(site, page):
    text = text_of(site, page)
    missing = [fact for fact in PAGE_FACTS[page] if fact not in text]
    assert not missing


@pytest.mark.parametrize("year", YEARS)
def test_every_cycle_has_a_page_with_checker_links(site, year):
    html = (site / f"cycles/{year}/index.html").read_text()
    for level in ("emt", "aemt", "paramedic"):
        assert f'href="../../checker/?cycle={year}&amp;level={level}"' in html


def test_developer_pages_stay_out_of_the_readers_site(site):
    assert (ROOT / "docs" / "benchmarks.md").is_file()  # still in the repository, written by `make bench`
    pages = [name.removesuffix(".md") for name in mkdocs_config()["exclude_docs"].split()]
    assert "benchmarks" in pages and all((ROOT / "docs" / f"{page}.md").is_file() for page in pages)
    assert [page for page in pages if (site / page).exists()] == []
    assert not [path for path in site.rglob("*.html") for page in pages if f"{page}/" in path.read_text()]


def test_provisional_notices_are_one_plain_sentence_with_the_details_folded(site):
    newest, later = RULES.newest_sourced, RULES.newest_sourced + 1
    text = text_of(site, f"cycles/{later}")
    headline = f"Not yet confirmed by OEMS for cards expiring in {later}: based on the {newest} rules."
    assert text.index(headline) < 120
    html = (site / f"cycles/{later}/index.html").read_text()
    assert re.search(r"<details class=\"warning\">\s*<summary>Why, and what is not confirmed</summary>", html)
    assert "The requirements themselves are among them" in text_of(site, "cycles/2023")
    assert "Not all confirmed for cards expiring in 2023" in text_of(site, "cycles/2023")
    assert "The requirements themselves are among them" not in text_of(site, "cycles/2018")
    assert "(provisional)" in text_of(site, "cycles/2020")  # the 2020 state fee is carried over


def test_the_home_page_links_to_the_plan(site):
    assert 'href="checker/#recert-plan"' in (site / "index.html").read_text()


@pytest.mark.parametrize("year", YEARS)
def test_a_cycle_page_says_when_its_cycle_has_ended_as_of_the_build(site, year):
    from datetime import date

    end = RULES.cycle(year).window[1]
    text = text_of(site, f"cycles/{year}")
    ended = date.fromisoformat(TODAY) > end
    assert ("This cycle has ended" in text) is ended
    if ended:
        assert f"closed on {day_text(end)}" in text and "As of November 21, 2026" in text


def test_a_stated_expiration_is_not_marked_provisional(site):
    """The 2024 mass.gov page states the 2026 expiration; a year no source gives stays provisional."""
    stated = next(y for y in YEARS if y > RULES.newest_sourced and not RULES.cycle(y)["expiration"].provisional)
    expires = day_text(RULES.cycle(stated)["expiration"].value.when)
    assert f"The card expires {expires} (" in text_of(site, f"cycles/{stated}")
    carried = next(y for y in YEARS if RULES.cycle(y)["expiration"].provisional and y > RULES.newest_sourced)
    assert f"expires {day_text(RULES.cycle(carried)['expiration'].value.when)} (provisional)" in text_of(
        site, f"cycles/{carried}"
    )


@pytest.mark.parametrize("year", YEARS)
def test_every_cycle_page_says_when_you_can_no_longer_staff_an_ambulance(site, year):
    text = text_of(site, f"cycles/{year}")
    assert (
        "After midnight on the day your card expires, if you have not recertified, you cannot staff an "
        "ambulance." in text
    )


@pytest.mark.parametrize(
    ("page", "links"),
    [
        (
            "cycles/2018",
            [
                'href="tel:+1-617-973-0935"',
                'href="tel:+1-614-888-4484"',
                'href="https://massemt.org"',
                'href="mailto:oems.recert@state.ma.us"',
                'href="https://onlineservices.hhs.state.ma.us"',
            ],
        ),
        (
            "cycles/2024",
            [
                'href="mailto:support@nremt.org"',
                'href="mailto:dph.elicensing_support@mass.gov"',
                'href="mailto:oems.recert@mass.gov"',
                'href="https://www.nremt.org"',
                'href="https://madph.mylicense.com/eGov/"',
                'href="https://www.mass.gov/service-details/ems-regions-in-Massachusetts"',
            ],
        ),
        ("regions", ['href="tel:+1-978-792-5477"', 'href="tel:+1-978-946-8130"', 'href="https://semaems.com"']),
        ("pathways", ['href="mailto:support@nremt.org"', f'href="tel:+1-{HOME_OFFICE.phone}"']),  # the home office
        ("alignment", ['href="mailto:oems.recert@mass.gov"']),
    ],
)
def test_contacts_are_links(site, page, links):
    html = (site / page / "index.html").read_text()
    assert [link for link in links if link not in html] == []


def test_the_maintainers_page_lists_provisional_values_and_is_not_in_the_readers_navigation(site):
    text = text_of(site, "maintainers")
    assert f"Rules data version {RULES.version}" in text
    # The 2024 late fee is stated only for a late alignment: listed, with what would settle it.
    assert "only for a late one-year alignment" in text
    assert "An OEMS statement of the late fee for a full renewal" in text
    assert f"{RULES.newest_sourced + 1}-{RULES.last_cycle}" in text and "What would settle it" in text
    # One table row per row of the data's grouping (parameter, entry, stated / extended back / carried on),
    # each with its years (tests/test_maintainers.py checks what the rows say).
    html = (site / "maintainers" / "index.html").read_text()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = provisional_values(RULES)
    assert body.count("<tr>") == len(rows)
    assert all(f"<td>{row['years']}</td>" in body for row in rows)
    assert "maintainers/" not in (site / "index.html").read_text()  # not in the navigation
    assert 'href="../maintainers/"' in (site / "fork/index.html").read_text()


def test_html_in_the_rules_data_is_shown_as_text_never_run(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "recert_core" / "rules", rules)
    path = rules / "process.toml"
    text = path.read_text().replace(
        'title = "Confirm your renewal"', 'title = "Confirm <script>alert(1)</script> <b>now</b>"', 1
    )
    path.write_text(text)
    result = build_site(tmp_path, f"rules: {rules}")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/cycles/2024/index.html").read_text()
    assert "<script>alert(1)</script>" not in html and "<b>now</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_what_changed_is_listed(site):
    text = text_of(site, "cycles/2017")
    assert "What changed since 2016" in text
    assert re.search(r"in total: 13 h.*in total: all", text)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                # A page's own published address (rel="canonical") is a name for the page, not a fetch.
                self.links.append(("canonical" if attrs.get("rel") == "canonical" else tag, attrs[name]))


def _pages(site: Path):
    for path in site.rglob("*.html"):
        parser = _Links()
        parser.feed(path.read_text())
        yield path, parser


def test_every_internal_link_resolves(site):
    ids = {path: parser.ids for path, parser in _pages(site)}
    broken = []
    for path, parser in _pages(site):
        base = "http://site/" + str(path.relative_to(site))
        for _, url in parser.links:
            parts = urlsplit(urljoin(base, url))
            if parts.netloc != "site":
                continue
            target = site / unquote(parts.path.lstrip("/"))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {url}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in ids[target]:
                broken.append(f"{path.relative_to(site)}: {url} (no such anchor)")
    assert not broken


def test_no_page_references_an_external_asset(site):
    canonical = [url for _, parser in _pages(site) for tag, url in parser.links if tag == "canonical"]
    assert canonical and all(url.startswith(PUBLISHED["SITE_URL"]) for url in canonical)
    external = [
        f"{path.relative_to(site)}: <{tag}> {url}"
        for path, parser in _pages(site)
        for tag, url in parser.links
        if tag in ("script", "link", "img", "iframe", "source") and re.match(r"(https?:)?//", url)
    ]
    assert not external
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text()), css


def test_the_region_setting_changes_the_home_office(tmp_path):
    other = next(region for number, region in RULES.regions.items() if number != HOME_OFFICE.number)
    result = build_site(tmp_path, f"region: {other.number}")
    assert result.returncode == 0, result.stderr
    text = text_of(tmp_path / "site", "")
    assert f"Region {other.number}, {other.name}" in text
    assert other.phone in text and HOME_OFFICE.phone not in text


def test_a_broken_rules_file_fails_the_build_by_name(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "recert_core" / "rules", rules)
    path = rules / "fees.toml"
    path.write_text(path.read_text().replace("value = 125", 'value = "125 dollars"', 1))
    result = build_site(tmp_path, f"rules: {rules}")
    assert result.returncode != 0
    assert "fees.toml: state_fee.values[0].value: expected a number" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_region_option_is_named(tmp_path):
    result = build_site(tmp_path, "region: 9")
    assert result.returncode != 0
    assert "option 'region' must be a region number from 1 to 5" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_watches_the_rules_folder():
    from site_plugins.plugin import RecertPlugin

    plugin = RecertPlugin()
    plugin.load_config({"region": 2})

    class Config(dict):
        nav = None
        config_file_path = str(ROOT / "mkdocs.yml")
        markdown_extensions: list = []  # noqa: RUF012 (one config, one test)
        theme = SimpleNamespace(dirs=[], custom_dir=None)

    plugin.on_config(Config())
    watched = []

    class Server:
        def watch(self, path):
            watched.append(Path(path))

    plugin.on_serve(Server(), config=None, builder=None)
    assert watched == [ROOT / "recert_core" / "rules", ROOT / "site_plugins" / "assets"]
    assert (watched[0] / "requirements.toml").exists()


def test_a_fork_changes_region_and_phone_and_finds_them_on_the_home_page_and_the_plan(tmp_path):
    fork = copy_project(tmp_path / "fork")
    other = next(region for number, region in RULES.regions.items() if number != HOME_OFFICE.number)
    config = fork / "mkdocs.yml"
    edit_mkdocs_yml(config, region=other.number)
    regions = fork / "recert_core/rules/regions.toml"
    regions.write_text(regions.read_text().replace(f'phone = "{other.phone}"', 'phone = "413-555-0199"'))
    env = {**os.environ, "PYTHONPATH": str(fork), "NO_MKDOCS_2_WARNING": "1"}
    # Run from the fork, as its owners do: its own recert_core and plugin come first on the path.
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
        capture_output=True,
        text=True,
        env=env,
        cwd=fork,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    home = text_of(fork / "site", "")
    assert f"Region {other.number}, {other.name}" in home and "413-555-0199" in home
    plan = subprocess.run(
        [
            sys.executable,
            "-m",
            "recert_core",
            "plan",
            "--level",
            "emt",
            "--expires",
            "2027",
            "--nremt",
            "never",
            "--affiliated",
            "no",
            "--region",
            str(other.number),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=fork,
        timeout=60,
    )
    assert "413-555-0199" in plan.stdout
    wheel = next((fork / "site/checker/wheels").rglob("*.whl"))  # the plan in the browser reads this copy
    with zipfile.ZipFile(wheel) as archive:
        assert 'phone = "413-555-0199"' in archive.read("recert_core/rules/regions.toml").decode()


def test_a_typo_in_a_forks_region_data_fails_the_build_by_name(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "recert_core" / "rules", rules)
    path = rules / "regions.toml"
    typo = path.read_text().replace(f'phone = "{HOME_OFFICE.phone}"', f'phnoe = "{HOME_OFFICE.phone}"')
    assert typo != path.read_text()
    path.write_text(typo)
    result = build_site(tmp_path, f"rules: {rules}")
    assert result.returncode != 0
    assert f"regions.toml: regions.{HOME_OFFICE.number}.phnoe: unknown key" in result.stderr


@pytest.mark.parametrize("year", [2016, 2018, 2024])
def test_each_step_is_one_numbered_item_with_its_dates_fees_and_contacts_inside(site, year):
    from recert_core.guide import cycle_steps
    from recert_core.rules import default_rules

    steps = cycle_steps(default_rules().cycle(year))
    html = (site / f"cycles/{year}/index.html").read_text()
    section = html[html.index('id="steps"') : html.index("Source:", html.index('id="steps"'))]
    items = re.findall(r"<li>\s*<p><strong>(.*?)\.</strong>", section)
    assert items == [step.title.replace("'", "&#39;") for step in steps]
    with_details = [s for s in steps if s.deadline or s.fees or s.contacts]
    assert section.count("<ul>") == len(with_details) == section.count("</ul>")


def test_every_result_code_is_documented_on_its_page(site):
    from recert_core.problems import catalogue

    text = text_of(site, "codes")
    for kind in catalogue().values():
        assert f"{kind.code} {kind.effect}" in text and kind.title in text
    assert "add the approval number from the certificate or your NREMT course record" in text


def _in_copy(project: Path, *command: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """A command run in a copy of the project, as its owners run it: its own code first on the path."""
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, *command], capture_output=True, text=True, env=env, cwd=project, timeout=timeout
    )


def _build_copy(project: Path) -> subprocess.CompletedProcess:
    return _in_copy(project, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"))


def test_adding_a_cycle_as_contributing_says(tmp_path):
    """CONTRIBUTING.md's task, step by step, on a copy of the project: OEMS publishes the next cycle's
    instructions; add the document as a source, dated entries (an unchanged fee too), raise
    newest_sourced (and `last`), then build, check a transcript, and run the rules tests of the copy."""
    project = copy_project(tmp_path / "project")
    rules = project / "recert_core" / "rules"
    year = RULES.newest_sourced + 1

    def recert(*args: str) -> subprocess.CompletedProcess:
        return _in_copy(project, "-m", "recert_core", *args)

    before = recert("rules", "--level", "emt", "--cycle", str(year)).stdout
    state_fee = RULES.cycle(year)["state_fee"]
    assert f"{state_fee.description}: ${state_fee.value:,.0f} (provisional)" in before  # step 1: the to-do list

    # Step 2: the document as a source.
    with (rules / "sources.toml").open("a") as file:
        file.write(
            f'\n[sources.oems-{year}]\ntitle = "Recertification instructions {year}"\n'
            'publisher = "Massachusetts Office of Emergency Medical Services"\n'
            f'published = "{year - 1}"\nwhere = "mass.gov (a copy kept by the maintainers)"\n'
            'confidence = "primary"\nabout = "The state fee and the recommended date, as before."\n'
        )
    # Step 3: a dated entry for each value it states, unchanged ones too; newest_sourced and last raised.
    with (rules / "fees.toml").open("a") as file:
        file.write(f'\n[[state_fee.values]]\nfrom = {year}\nsources = ["oems-{year}"]\nvalue = {state_fee.value}\n')
    with (rules / "dates.toml").open("a") as file:
        file.write(
            f'\n[[recommended_submission.values]]\nfrom = {year}\nsources = ["oems-{year}"]\n'
            f'value = "{RULES.cycle(year)["recommended_submission"].entry.value.text}"\n'
        )
    terms = (rules / "terms.toml").read_text()
    terms = terms.replace(f"newest_sourced = {RULES.newest_sourced}", f"newest_sourced = {year}")
    terms = terms.replace(f"last = {RULES.last_cycle}", f"last = {max(RULES.last_cycle, year + 1)}")
    terms = terms.replace(f'version = "{RULES.version}"', f'version = "{RULES.version}.1"')
    (rules / "terms.toml").write_text(terms)

    from recert_core.rules import load_rules

    added = load_rules(rules)
    assert added.newest_sourced == year and not added.cycle(year)["state_fee"].provisional
    assert added.cycle(year + 1)["state_fee"].provisional  # the next year: carried over, and says so
    unchanged = [
        (y, r.name)
        for y in range(RULES.first_cycle, year)
        for r in RULES.cycle(y)
        if (r.value, r.provisional_reasons)
        != (added.cycle(y)[r.name].value, added.cycle(y)[r.name].provisional_reasons)
    ]
    assert unchanged == []  # no earlier cycle changed

    # Step 4: the copy's rules tests pass as they are (they take their years from the data).
    tests = _in_copy(
        project,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--basetemp={tmp_path / 'pytest'}",
        "tests/test_rules.py",
    )
    assert tests.returncode == 0, tests.stdout[-3000:]

    # Step 5: the notices for what the document states went away; the rest stays provisional.
    after = recert("rules", "--level", "emt", "--cycle", str(year)).stdout
    assert f"{state_fee.description}: ${state_fee.value:,.0f}\n" in after
    recommended = added.cycle(year)["recommended_submission"]
    assert f"{recommended.value}: {recommended.description}\n" in after
    built = _build_copy(project)
    assert built.returncode == 0, built.stderr[-3000:]
    page = text_of(project / "site", f"cycles/{year}")
    assert f"Not all confirmed for cards expiring in {year}" in page  # no longer "not yet confirmed by OEMS"
    assert f"{state_fee.description} ${state_fee.value:,.0f}" in page.replace("|", " ").replace("  ", " ")
    transcript = project / "t.csv"
    start = added.cycle(year).window[0]
    transcript.write_text(f"Date,Title,Hours,Approval Number,Component\n{start},Airway,2,T2-1,National\n")
    checked = recert("check", str(transcript), "--level", "emt", "--cycle", str(year), "--today", str(start))
    assert checked.returncode == 1 and checked.stdout.startswith("Not met yet") and "Traceback" not in checked.stderr


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "recert_core/codes.toml",
            'effect = "reject"',
            'effect = "rejct"',
            "codes.toml: codes.no-date.effect: expected one of reject, unverified, skip, note, result",
        ),
        ("recert_core/codes.toml", "[codes.no-date]", "[codes.no-date", "codes.toml: not valid TOML"),
        (
            "recert_core/transcript/vocabulary.toml",
            "[headers.forms]",
            "[headers.forms",
            "vocabulary.toml: not valid TOML",
        ),
    ],
    ids=["codes: a bad effect", "codes: not TOML", "vocabulary: not TOML"],
)
def test_every_data_file_fails_the_build_by_name(tmp_path, file, old, new, message):
    project = copy_project(tmp_path / "project")
    path = project / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    built = _build_copy(project)
    assert built.returncode != 0 and message in built.stderr and "Traceback" not in built.stderr, built.stderr[-2000:]
    if file.endswith("codes.toml"):  # and the command line names it too
        transcript = project / "t.csv"
        transcript.write_text(f"Date,Title,Hours\n{RULES.cycle(RULES.newest_sourced).window[0]},A,1\n")
        checked = _in_copy(
            project,
            "-m",
            "recert_core",
            "check",
            str(transcript),
            "--level",
            "emt",
            "--cycle",
            str(RULES.newest_sourced),
        )
        assert checked.returncode == 2 and message in checked.stderr and "Traceback" not in checked.stderr
