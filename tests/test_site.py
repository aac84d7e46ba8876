"""The guidance site: built with the real plugin, read back as HTML."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import HOME_OFFICE, ROOT, RULES, SITE_NAME, YEARS, build_site, copy_project, edit_mkdocs_yml


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    """The site as the project's mkdocs.yml builds it (one build for the whole test session)."""
    return built_site


def text_of(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text() if page else (site / "index.html").read_text()
    main = html[html.index('<article'):html.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&amp;", "&")


# Facts as the source documents state them, checked on the page of their cycle.
PAGE_FACTS = {
    "cycles/2016": ["March 31, 2014", "March 31, 2016", "April 1, 2016", "13 h in all", "16.5 h in all",
                    "20 h in all", "February 15, 2016", "$20", "$15", "$125"],
    "cycles/2017": ["April 1, 2015", "7 h", "8 h", "10 h", "October 1, 2016", "February 15, 2017"],
    "cycles/2018": ["April 1, 2016", "March 31, 2018", "October 1, 2017", "February 15, 2018", "April 30, 2018",
                    "25 h", "12.5 h", "8 h", "$125", "$50", "T1, T2, T4, T5", "F1, F2, F4, F5",
                    "either the 2012 or the 2016 NCCR"],
    "cycles/2022": ["all continuing education may be completed online", "October 2021", "special credit"],
    "cycles/2024": ["April 1, 2022", "March 31, 2024", "February 15, 2024", "January 31, 2024", "$25", "$26", "$32",
                    "$125", "2.35%", "$15", "Health Professions Licensing Portal", "Paying is not submitting"],
    "alignment": ["$62.50", "$112.50", "February 15, 2024", "March 31, 2025", "Reverse off-cycle",
                  "Renew the NREMT certification to 2026", "regain", "oems.recert@mass.gov"],
    "pathways": ["Inactive", "Unaffiliated-Region X", HOME_OFFICE.phone, "January 31, 2024", "NRAEMT",
                 "support@nremt.org"],
    # Every office as the rules data gives it (the data's own sources are checked in test_rules).
    "regions": [*(fact for r in RULES.regions.values() for fact in (r.phone, r.address, r.name) if fact), "MassGIS"],
    "sources": ["NorthEast Emergency Medical Services", "http://www.mass.gov/dph/oems", "Confidence: check"],
    # The home office is the one mkdocs.yml names; "today" is conftest.TODAY, 2026-11-21.
    "": [SITE_NAME, "When does your card expire?", "Cards expiring 2027", "Cards expiring 2028",
         f"Region {HOME_OFFICE.number}, {HOME_OFFICE.name}", HOME_OFFICE.phone, HOME_OFFICE.address],
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
    assert not (site / "benchmarks").exists()
    assert not [path for path in site.rglob("*.html") if "benchmarks/" in path.read_text()]


def test_provisional_requirements_are_announced(site):
    assert "The requirements for this cycle are provisional" in text_of(site, "cycles/2027")
    assert "The requirements for this cycle are provisional" in text_of(site, "cycles/2023")
    assert "The requirements for this cycle are provisional" not in text_of(site, "cycles/2018")
    assert "(provisional)" in text_of(site, "cycles/2020")  # the 2020 state fee is carried over


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
                self.links.append((tag, attrs[name]))


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
    external = [
        f"{path.relative_to(site)}: <{tag}> {url}"
        for path, parser in _pages(site) for tag, url in parser.links
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
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)], capture_output=True,
                           text=True, env=env, cwd=fork, timeout=300)
    assert built.returncode == 0, built.stderr
    home = text_of(fork / "site", "")
    assert f"Region {other.number}, {other.name}" in home and "413-555-0199" in home
    plan = subprocess.run([sys.executable, "-m", "recert_core", "plan", "--level", "emt", "--expires", "2027",
                           "--nremt", "never", "--affiliated", "no", "--region", str(other.number)],
                          capture_output=True, text=True, env=env, cwd=fork, timeout=60)
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
