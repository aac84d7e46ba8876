"""A site that follows the conventions (issue 22): the search ranks the reader's cycle first, the published
address and the repository come from the configuration (sitemap, canonical links, social cards, the
repository link that asks no other site), and the checker's size sentence is the build's own figure.

The session's site is built with TODAY as its date and PUBLISHED as its addresses (conftest.py), as the
Pages workflow builds it; the browser tests search it and open the checker as a first visit would.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsers import SiteServer, watching
from conftest import PUBLISHED, RULES, SITE_NAME, TODAY, mkdocs_config

from site_plugins import firstvisit
from site_plugins.pages import SEARCH_BOOSTS, current_cycles
from site_plugins.precompress import served_copy

# The cycles a provider renewing on the build's date is in, nearest first: their pages are boosted.
CURRENT = current_cycles(RULES, date.fromisoformat(TODAY))


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def meta(document: str) -> dict[str, str]:
    """A page's meta tags by property or name."""
    found = {}
    for tag in re.findall(r"<meta\s[^>]*>", document):
        key = re.search(r'(?:property|name)="([^"]+)"', tag)
        value = re.search(r'content="([^"]*)"', tag)
        if key and value:
            found[key.group(1)] = value.group(1).replace("&amp;", "&")
    return found


def test_the_search_ranks_the_cycles_a_provider_renews_in_first(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    boosts: dict[str, set] = {}
    for doc in index["docs"]:
        boosts.setdefault(doc["location"].split("#")[0], set()).add(doc.get("boost"))
    assert len(CURRENT) == 2
    for year, boost in zip(CURRENT, SEARCH_BOOSTS, strict=True):
        assert boosts[f"cycles/{year}/"] == {boost}
    boosted = {page for page, values in boosts.items() if values != {None}}
    assert boosted == {f"cycles/{year}/" for year in CURRENT}


def test_published_address_sitemap_canonical_links_and_social_cards(built_site):
    base = PUBLISHED["SITE_URL"]
    sitemap = ET.parse(built_site / "sitemap.xml").getroot()
    listed = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for page in ("", "checker/", "cycles/compare/", *(f"cycles/{year}/" for year in RULES.years)):
        assert base + page in listed
        document = html(built_site, page)
        assert f'<link rel="canonical" href="{base}{page}">' in document
        tags = meta(document)
        assert tags["og:url"] == base + page and tags["og:site_name"] == SITE_NAME
        assert tags["og:title"] == tags["twitter:title"] and tags["twitter:card"] == "summary"
        assert tags["og:title"].endswith(SITE_NAME)
        assert tags["og:description"] == tags["twitter:description"] == tags["description"]
        # An image only from the site itself, and one that is there.
        image = tags["og:image"]
        assert image.startswith(base) and (built_site / image.removeprefix(base)).is_file()
    year = CURRENT[0]
    cycle = meta(html(built_site, f"cycles/{year}/"))
    assert cycle["og:title"].startswith(f"Cards expiring {year}") and str(year) in cycle["og:description"]


def test_the_repository_is_linked_and_no_page_asks_another_site_about_it(built_site):
    for page in ("", "checker/", f"cycles/{CURRENT[0]}/"):
        document = html(built_site, page)
        assert f'href="{PUBLISHED["REPO_URL"]}"' in document
        # The theme's script asks the GitHub API about a repository linked with this attribute.
        assert 'data-md-component="source"' not in document
        assert 'rel="edit"' not in document  # generated pages have no file of their own to edit


def test_without_an_address_the_configuration_gives_none(monkeypatch):
    for name in PUBLISHED:
        monkeypatch.delenv(name, raising=False)
    config = mkdocs_config()
    assert config["site_url"] is None and config["repo_url"] is None
    monkeypatch.setenv("SITE_URL", "https://region1.example.org/recert/")
    assert mkdocs_config()["site_url"] == "https://region1.example.org/recert/"
    assert os.environ["SITE_URL"]


def test_the_size_sentence_is_the_builds_figure(built_site):
    status = re.search(r'id="recert-status"[^>]*>([^<]*)<', html(built_site, "checker/")).group(1)
    sent = sum(copy.stat().st_size for copy in (served_copy(path, "br")[0] for path in firstvisit.files(built_site)))
    assert status == f"Loading the checker ({firstvisit.megabytes(sent)} the first time)…"
    assert 2e6 < sent < 8e6  # Pyodide's WebAssembly alone is 2.77 MB brotli; the raw files are over 13 MB
    # Every file the worker fetches to start is counted.
    names = {p.name for p in firstvisit.files(built_site)}
    assert {"pyodide.asm.wasm", "python_stdlib.zip", "worker.mjs", "checker.mjs", "index.html"} <= names
    assert any(name.endswith(".whl") for name in names) and "search_index.json" in names


READY = "#recert-checker[data-state=ready]"


@pytest.fixture
def page(engines, engine):
    with watching(engines.driver(engine)) as driver:
        yield driver


def test_a_first_visit_fetches_what_the_size_sentence_counts(engines, engine, built_site):
    """What the browser asks for until the checker is ready is what the build counted (images and the
    manifest aside: a few kB)."""
    server = SiteServer(built_site)  # its own, to see this visit's requests only
    try:
        with watching(engines.driver(engine)) as page:
            page.goto(f"{server.url}/checker/?level=emt&cycle=2026")
            page.wait_for(READY, timeout=90)
            asked = {urlsplit(r).path for r in server.requests if not r.startswith("/__test__/")}
    finally:
        server.close()
    counted = {"/" + p.relative_to(built_site).as_posix() for p in firstvisit.files(built_site)}
    counted.add("/checker/")  # the page, asked for by its folder
    # (The service worker, registered once the checker is ready, keeps these files from the HTTP cache;
    # Firefox prefetches the page the theme's <link rel="next"> names, a few kB the checker does not need.)
    small = (".png", ".svg", ".ico", ".webmanifest", "sw.js", "/")
    fetched = {path for path in asked if path == "/checker/" or not path.endswith(small)}
    assert fetched - counted == set(), "the first visit fetched files the size sentence does not count"


def test_searching_finds_the_readers_cycle_first(page, site_url):
    page.goto(f"{site_url}/")
    page.click(".md-search__input")
    # The theme's search is ready once its worker has the index ("Initializing search" until then).
    page.wait(
        "const meta = document.querySelector('.md-search-result__meta');"
        " return meta && meta.textContent.trim() !== '' && !/initializ/i.test(meta.textContent)",
        timeout=60,
    )
    page.type_keys(".md-search__input", "distributive")  # keys, as a reader types: the theme searches on keyup
    page.wait("return document.querySelectorAll('.md-search-result__item').length > 0", timeout=60)
    first = page.js("return document.querySelector('.md-search-result__item a').getAttribute('href')")
    assert f"cycles/{CURRENT[0]}/" in first, first
    page.screenshot("search-distributive")


def test_the_checker_page_builds_the_search_index_after_the_checker_has_started(page, site_url):
    """The theme's search index (built in a worker of its own, as much CPU as Python's warm start) waits
    on the checker page until the checker is ready; the search works there afterwards."""
    page.goto(f"{site_url}/checker/")
    page.wait_for(READY, timeout=90)
    page.wait("return performance.getEntriesByName('recert-search:started').length > 0", timeout=30)
    started = page.js("return performance.getEntriesByName('recert-search:started')[0].startTime")
    ready = page.js("return Number(document.getElementById('recert-checker').dataset.readyMs)")
    assert started + 1 >= ready  # (readyMs is rounded to the millisecond)
    page.click(".md-search__input")
    page.type_keys(".md-search__input", "distributive")
    page.wait("return document.querySelectorAll('.md-search-result__item').length > 0", timeout=60)
