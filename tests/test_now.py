""" "Now" in the reader's browser: the home page's "renewing now" and the checker's default cycle follow the
reader's clock, not the build's date (conftest.TODAY), and without JavaScript the build's choice stays.
Driven in Debian's Chromium with Playwright's clock set to dates after the build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TODAY, YEARS
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def open_at(chromium: Browser, url: str, now: str | None, *, javascript: bool = True) -> tuple[Page, list[str]]:
    """The page at `url` with the browser's clock at `now` (local time); and the errors it logs."""
    context = chromium.new_context(java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    if now:
        page.clock.set_fixed_time(now)
    page.goto(url)
    return page, errors


def renewing_now(page: Page) -> tuple[list[str], str, str]:
    """The visible "renewing now" buttons, the primary one, and the date the page says it is as of."""
    group = page.locator("[data-recert-now]")
    buttons = group.locator(".md-button:visible")
    primary = group.locator(".md-button--primary:visible")
    return (
        buttons.all_inner_texts(),
        primary.inner_text() if primary.count() else "",
        page.locator("[data-recert-today]").inner_text(),
    )


def test_without_javascript_the_home_page_keeps_the_builds_date(chromium, served_site):
    page, errors = open_at(chromium, served_site + "/", None, javascript=False)
    assert TODAY == "2026-11-21"
    assert renewing_now(page) == (
        ["Cards expiring 2027", "Cards expiring 2028"],
        "Cards expiring 2027",
        "November 21, 2026",
    )
    assert not errors
    page.context.close()


@pytest.mark.parametrize(
    ("now", "shown", "as_of"),
    [
        ("2026-12-02T09:00:00", ["Cards expiring 2027", "Cards expiring 2028"], "December 2, 2026"),
        ("2027-03-31T23:00:00", ["Cards expiring 2027", "Cards expiring 2028"], "March 31, 2027"),
        ("2027-04-01T08:00:00", ["Cards expiring 2028"], "April 1, 2027"),
    ],
)
def test_the_home_page_says_who_renews_now_by_the_readers_clock(chromium, served_site, now, shown, as_of):
    assert YEARS[-1] == 2028, "the cases assume the rules describe cycles up to 2028"
    page, errors = open_at(chromium, served_site + "/", now)
    assert renewing_now(page) == (shown, shown[0], as_of)
    assert not errors
    page.context.close()


def test_after_the_last_cycle_the_home_page_shows_no_renewing_now(chromium, served_site):
    page, errors = open_at(chromium, served_site + "/", f"{YEARS[-1]}-06-01T12:00:00")
    assert page.locator("[data-recert-now]").is_hidden()
    assert page.get_by_text("Every cycle:").is_visible()
    assert not errors
    page.context.close()


def test_the_checker_defaults_to_the_readers_cycle_and_the_address_still_wins(chromium, served_site):
    errors = []
    for now, cycle in [("2026-12-01T12:00:00", "2027"), ("2027-05-01T12:00:00", "2028")]:
        page, logged = open_at(chromium, served_site + "/checker/", now)
        assert page.locator("#recert-cycle").input_value() == cycle
        page.wait_for_selector("#recert-checker[data-state=ready]", timeout=60_000)
        assert page.locator("#recert-nremt-expires").input_value() == cycle  # checker.mjs: it follows the cycle
        errors += logged
        page.context.close()
    page, more = open_at(chromium, served_site + "/checker/?cycle=2024&level=aemt", "2027-05-01T12:00:00")
    assert page.locator("#recert-cycle").input_value() == "2024"
    assert page.locator("#recert-level").input_value() == "aemt"
    assert not errors and not [e for e in more if "Content Security Policy" in e]
    page.context.close()
