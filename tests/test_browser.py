"""The in-browser checker, end to end: the built site served on 127.0.0.1, driven in Chromium,
Firefox and WebKit (tests/browsers.py: one test body, a small driver interface per engine).

Every test also asserts that no request left 127.0.0.1 (Playwright engines; in WebKit the page's
CSP, whose violations are recorded, is the guard) and that the page logged no error.
Screenshots land under test-artifacts/, named by engine, to be looked at.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from browsers import Driver, SiteServer, Unobservable, watching
from conftest import FIXTURES, HOME_OFFICE, build_site, transcript

from recert_core import browser

pytestmark = pytest.mark.browser
READY = "#recert-checker[data-state=ready]"


def cli_json(path: Path, level: str, cycle: str) -> str:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "recert_core",
            "check",
            str(path),
            "--level",
            level,
            "--cycle",
            cycle,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def cli_error(path: Path, level: str, cycle: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "recert_core", "check", str(path), "--level", level, "--cycle", cycle],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    return done.stderr.strip().split(": ", 2)[-1]


@pytest.fixture
def page(engines, engine):
    with watching(engines.driver(engine)) as driver:
        yield driver


def open_checker(page: Driver, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}/checker/{query}")
    page.wait_for(READY, timeout=60)


def upload(page: Driver, path: Path | None = None, *, name: str = "", data: bytes = b"", tmp: Path | None = None):
    before = page.text("#recert-status")
    if path is None:
        assert tmp is not None
        path = tmp / name
        path.write_bytes(data)
    page.set_file("#recert-file", path)
    page.wait(
        "const s = document.querySelector('#recert-status').textContent;"
        " return s !== arguments[0] && !s.startsWith('Checking');",
        before,
    )


CHECKS = [
    ("excel_semicolon_bom_crlf.csv", "emt", "2018"),
    ("windows1252_accents.csv", "emt", "2022"),
    ("excel_unicode_text.txt", "aemt", "2024"),
    ("every_problem.csv", "emt", "2018"),
    ("tab_multiline.tsv", "paramedic", "2027"),
]


@pytest.mark.parametrize(("name", "level", "cycle"), CHECKS)
def test_the_downloaded_json_is_the_clis(page, site_url, name, level, cycle):
    open_checker(page, site_url, f"?level={level}&cycle={cycle}")
    upload(page, FIXTURES / name)
    expected = cli_json(FIXTURES / name, level, cycle)
    assert page.download("#recert-download-json") == expected
    report = json.loads(expected)
    assert page.text("#recert-verdict") == report["verdict"]
    assert page.attr("#recert-checker", "data-result") == ("met" if report["met"] else "not-met")
    assert page.count(".recert-rows tbody tr") == len(report["rows"])
    page.screenshot(f"report-{Path(name).stem}-{level}-{cycle}")


def test_the_url_presets_level_and_cycle(page, site_url):
    open_checker(page, site_url, "?level=paramedic&cycle=2019")
    assert page.value("#recert-level") == "paramedic"
    assert page.value("#recert-cycle") == "2019"


def test_changing_the_cycle_checks_the_file_again(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2018")
    upload(page, FIXTURES / "excel_semicolon_bom_crlf.csv")
    assert page.text("#recert-verdict").startswith("Requirements met")
    page.select("#recert-cycle", "2020")
    page.wait("return document.querySelector('#recert-verdict').textContent.includes('2020')")
    assert page.text("#recert-verdict").startswith("Not met")  # "Not met" once the cycle has ended by the reader's date


@pytest.mark.parametrize("name", ["empty.csv", "saved_as_xlsx.xlsx", "missing_columns.csv", "blank_lines_only.csv"])
def test_an_unusable_file_says_what_the_cli_says_and_another_can_follow(page, site_url, name):
    open_checker(page, site_url, "?level=emt&cycle=2018")
    upload(page, FIXTURES / name)
    assert page.visible("#recert-error")
    # The command line's sentence, or where it speaks of the command line, the same for the page.
    answer = json.loads(browser.run_check((FIXTURES / name).read_bytes(), "emt", "2018", "2026-11-21"))
    assert answer.get("page", cli_error(FIXTURES / name, "emt", "2018")) in page.text("#recert-error")
    assert page.attr("#recert-checker", "data-result") == "unusable"
    assert not page.visible("#recert-report")
    page.screenshot(f"error-{Path(name).stem}")
    upload(page, FIXTURES / "excel_semicolon_bom_crlf.csv")
    assert not page.visible("#recert-error") and page.visible("#recert-verdict")


def test_a_title_with_html_and_script_is_shown_literally_and_runs_nothing(page, site_url, tmp_path):
    evil = ['<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=2</script>", '=HYPERLINK("http://x")']
    rows = [f'2017-01-0{i + 1},"{t.replace(chr(34), chr(34) * 2)}",1,T2-{i},national,' for i, t in enumerate(evil)]
    open_checker(page, site_url, "?level=emt&cycle=2018")
    upload(page, name="evil.csv", data=transcript(*rows), tmp=tmp_path)
    cells = page.js(
        "return [...document.querySelectorAll('.recert-rows tbody tr td:nth-child(3)')].map((td) => td.textContent)"
    )
    assert cells == evil
    assert page.js("return window.__pwned === undefined")
    assert page.count("#recert-report img, #recert-report script") == 0
    csv_text = page.download("#recert-download-csv").removeprefix("\ufeff")
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text


def test_keyboard_only(page, site_url):
    if page.engine == "webkit":
        pytest.skip("Selenium cannot answer the native file dialog the Enter key opens in WebKitGTK")
    # Listen for file choosers before the page opens: Playwright turns on interception when a
    # listener is added, without waiting for the browser to confirm it, so interception turned on
    # by `expect_file_chooser` just before the key press could lose the race (puppeteer/puppeteer#6040).
    keyboard = page.page
    keyboard.on("filechooser", lambda chooser: None)
    open_checker(page, site_url, "?level=emt&cycle=2018")

    def tab_to(element_id: str) -> None:
        for _ in range(60):
            keyboard.keyboard.press("Tab")
            if page.js("return document.activeElement.id") == element_id:
                return
        raise AssertionError(f"#{element_id} cannot be reached with Tab")

    tab_to("recert-level")
    keyboard.keyboard.press("ArrowDown")
    assert page.value("#recert-level") == "aemt"
    tab_to("recert-file")
    with keyboard.expect_file_chooser() as chooser:
        keyboard.keyboard.press("Enter")
    chooser.value.set_files(str(FIXTURES / "excel_unicode_text.txt"))
    page.wait_for("#recert-verdict")
    assert "Advanced EMT" in page.text("#recert-verdict")
    tab_to("recert-download-json")
    before = page.js("return window.__recertTest.downloads.length")
    keyboard.keyboard.press("Enter")
    page.wait("return window.__recertTest.downloads.length > arguments[0]", before)
    assert page.js("return window.__recertTest.downloads.at(-1).name") == "recert-aemt-2018.json"


def test_a_dropped_file_is_checked(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2024")
    data = list((FIXTURES / "excel_unicode_text.txt").read_bytes())
    page.js(
        """const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(arguments[0])], 'dropped.txt', {type: 'text/plain'}));
        const drop = new DragEvent('drop', {dataTransfer: transfer, bubbles: true});
        document.querySelector('main').dispatchEvent(drop);""",
        data,
    )
    page.wait_for("#recert-verdict")
    assert page.text("#recert-status") == "Checked “dropped.txt”."


def test_a_file_chosen_while_loading_is_checked_when_ready(page, site_url):
    page.goto(f"{site_url}/checker/?level=emt&cycle=2018")
    assert page.attr("#recert-checker", "data-state") == "loading"
    page.set_file("#recert-file", FIXTURES / "excel_semicolon_bom_crlf.csv")
    page.wait_for("#recert-verdict", timeout=60)
    assert page.text("#recert-verdict").startswith("Requirements met")


def test_the_sample_transcript(page, site_url):
    open_checker(page, site_url)
    page.click("#recert-sample")
    page.wait_for("#recert-verdict")
    assert page.count(".recert-status-rejected") == 2  # a duplicate, and a course before the window
    page.screenshot("report-sample")


def test_works_with_the_server_gone_after_load(page, built_site):
    server = SiteServer(built_site)  # a server of this test's own, stopped once the page is ready
    try:
        open_checker(page, server.url, "?level=emt&cycle=2018")
        # Loaded means the page's own last requests too: the service worker it registers once ready, and
        # the checker's files it keeps then (assets/offline.mjs).
        ended = "return ['done', 'incomplete', 'failed'].includes(document.documentElement.dataset.recertWarm)"
        page.wait(ended, timeout=60)
    finally:
        server.close()
    upload(page, FIXTURES / "every_problem.csv")
    assert page.text("#recert-verdict").startswith("Not met")  # "Not met" once the cycle has ended by the reader's date


def test_the_page_sets_a_content_security_policy(page, site_url):
    open_checker(page, site_url)
    policy = page.attr('meta[http-equiv="Content-Security-Policy"]', "content")
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "connect-src 'self'" in policy


def test_the_worker_guard_refuses_urls_outside_the_site_even_without_a_csp_header(page, site_url, built_site):
    elsewhere = SiteServer(built_site)  # another origin: another port on 127.0.0.1
    try:
        page.goto(f"{site_url}/checker/")
        inside, outside = f"{site_url}/checker/sample.csv", f"{elsewhere.url}/checker/sample.csv"
        page.js(
            """window.__probe = null;
            const probe = new Worker(`/__test__/guard-probe.mjs?try=${encodeURIComponent(arguments[0])}`
              + `&try=${encodeURIComponent(arguments[1])}`, {type: 'module'});
            probe.onmessage = (event) => { window.__probe = event.data; };""",
            inside,
            outside,
        )
        outcome = page.wait("return window.__probe")
    finally:
        elsewhere.close()
    assert outcome[f"fetch {inside}"] == "reached" and outcome[f"xhr {inside}"] == "opened"
    assert outcome[f"fetch {outside}"].startswith("refused: outside-site ")
    assert outcome[f"xhr {outside}"].startswith("refused: outside-site ")
    assert elsewhere.requests == []


def test_the_worker_and_pages_are_served_with_the_sites_csp_header(page, site_url):
    open_checker(page, site_url)
    for path in ["/checker/", "/checker/worker.mjs", "/cycles/2027/"]:
        policy = page.js("return fetch(arguments[0]).then((r) => r.headers.get('Content-Security-Policy'))", path)
        assert "connect-src 'self'" in policy and "frame-ancestors 'none'" in policy, path


def test_cycle_pages_do_not_load_the_runtime(page, site_url):
    # Not while they load: the checker is warmed only once the browser is idle (tests/test_offline.py).
    page.goto(f"{site_url}/cycles/2027/")
    page.wait("return document.readyState === 'complete'")
    urls = page.js(
        "const loaded = performance.getEntriesByType('navigation')[0].loadEventEnd;"
        " return performance.getEntriesByType('resource').filter((e) => e.startTime <= loaded).map((e) => e.name)"
    )
    assert urls, "the page loaded nothing at all"
    assert not [u for u in urls if "pyodide" in u or u.endswith((".whl", ".wasm", "worker.mjs", "checker.mjs"))]


def axe_violations(page: Driver) -> list[str]:
    """Serious and critical axe-core findings, axe loaded from the test server (same origin)."""
    page.js("const s = document.createElement('script'); s.src = '/__test__/axe.min.js'; document.head.append(s);")
    page.wait("return typeof window.axe !== 'undefined'")
    page.js("""window.__axe = null; axe.run(document, {resultTypes: ['violations']}).then((r) => {
        window.__axe = r.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
          .map((v) => `${v.id} (${v.impact}): ${v.help} - ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
    });""")
    page.wait("return window.__axe !== null", timeout=60)
    return page.js("return window.__axe")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["checker/?level=emt&cycle=2018", "cycles/2018/", ""])
def test_no_serious_accessibility_violations(engines, engine, site_url, path, scheme):
    try:
        driver = engines.driver(engine, color_scheme=scheme)
    except Unobservable as reason:
        pytest.skip(str(reason))
    with watching(driver) as page:
        page.goto(f"{site_url}/{path}")
        if scheme == "dark" and not page.js("return matchMedia('(prefers-color-scheme: dark)').matches"):
            pytest.skip(f"Playwright cannot give {engine} the dark colour scheme here")
        if path.startswith("checker"):
            page.wait_for(READY, timeout=60)
            upload(page, FIXTURES / "every_problem.csv")
            page.wait_for("#recert-verdict")
        assert axe_violations(page) == []


def cli_plan(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "recert_core", "plan", *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_plan_waits_for_the_situation_then_follows_it(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2027")
    page.js("return new Promise((done) => setTimeout(done, 300))")
    assert not page.visible("#recert-plan")  # no plan for a situation the reader has not stated
    assert page.value("#recert-nremt-expires") == "2027"  # the aligned case by default
    page.click("#recert-plan-show")
    page.wait_for("#recert-plan-title")
    assert page.count("[data-step=renew-nremt]") == 1
    assert page.count("[data-step=alignment-reverse], [data-step=one-year-alignment]") == 0
    assert page.count('[data-step=renew-nremt] a[href="mailto:support@nremt.org"]') == 1
    page.select("#recert-nremt", "never")
    page.select("#recert-affiliated", "no")
    page.select("#recert-region", "1")
    page.wait("return document.querySelector('#recert-plan').textContent.includes('Unaffiliated-Region 1')")
    assert page.js("return document.querySelector('#recert-nremt-expires').disabled")
    assert "413-586-6065" in page.text("[data-step=review]")
    assert page.count("[data-step=renew-nremt]") == 0
    page.screenshot("plan-unaffiliated-region-1")


def test_the_plan_for_a_one_year_alignment_and_its_calendar(page, site_url):
    open_checker(page, site_url, "?level=paramedic&cycle=2024")
    page.select("#recert-nremt-expires", "2025")
    page.click('input[value="examiner"]')
    page.wait_for("[data-step=one-year-alignment]")
    page.wait_for("[data-step=roles]")
    text = page.text("[data-step=one-year-alignment]")
    assert "$62.50" in text and "$112.50" in text and "March 31, 2025" in text
    ics = page.download("#recert-calendar")
    assert ics == cli_plan(
        "--level",
        "paramedic",
        "--expires",
        "2024",
        "--nremt",
        "current",
        "--nremt-expires",
        "2025",
        "--affiliated",
        "yes",
        "--region",
        str(HOME_OFFICE.number),  # the page's region starts at the site's home region
        "--role",
        "examiner",
        "--format",
        "ics",
    )


def test_a_transcript_and_the_plan_share_the_page(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2018")
    upload(page, FIXTURES / "excel_semicolon_bom_crlf.csv")
    page.click("#recert-plan-show")
    page.wait_for("#recert-plan-title")
    assert page.visible("#recert-plan-title") and page.visible("#recert-verdict")


def test_a_repeat_visit_of_the_same_address_starts_from_the_snapshot_and_checks_the_same(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2018")
    assert page.attr("#recert-checker", "data-snapshot") == "no"
    # The first visit stores its snapshot in the background (a few seconds in WebKit); a visit
    # before that has finished simply starts from scratch.
    for _ in range(15):
        page.js("return new Promise((done) => setTimeout(done, 1000))")
        open_checker(page, site_url, "?level=emt&cycle=2018")
        if page.attr("#recert-checker", "data-snapshot") == "yes":
            break
    assert page.attr("#recert-checker", "data-snapshot") == "yes"
    upload(page, FIXTURES / "every_problem.csv")
    assert page.download("#recert-download-json") == cli_json(FIXTURES / "every_problem.csv", "emt", "2018")
    assert "Line 15" not in page.download("#recert-download-csv")  # the CSV has the file's own columns
    page.click("#recert-plan-show")
    page.wait_for("#recert-plan-title")


def test_a_long_transcript_is_drawn_a_thousand_rows_at_a_time(page, site_url, tmp_path):
    rows = [f"2017-01-01,Course {i},1,T2-{i},," for i in range(2300)]
    open_checker(page, site_url, "?level=emt&cycle=2018")
    upload(page, name="long.csv", data=transcript(*rows), tmp=tmp_path)
    # The verdict comes with the first rows; the rest of the first thousand follow a batch at a time.
    page.wait_for(".recert-rows[data-drawn=yes]")
    assert page.count(".recert-rows tbody tr") == 1000
    assert "1000 of 2300 shown" in page.text("#recert-more-rows")
    # The answer carried those thousand rows only: each "Show more" asks the worker for the next.
    for shown in (2000, 2300):
        page.click("#recert-more-rows")
        page.wait_for(f".recert-rows tbody tr:nth-child({shown})")
        assert page.count(".recert-rows tbody tr") == shown
        last = page.text(f".recert-rows tbody tr:nth-child({shown})")
        assert f"Course {shown - 1}" in last and str(shown + 1) in last  # row i is line i + 2
    assert page.count("#recert-more-rows") == 0
    # The download still holds every row.
    assert len(json.loads(page.download("#recert-download-json"))["rows"]) == 2300


def test_make_serve_works_under_the_csp_with_its_live_reload(engines, tmp_path):
    """`mkdocs serve` (what `make serve` runs) adds an inline live-reload script to every page."""
    import os
    import socket
    import time

    done = build_site(tmp_path)  # writes the project's configuration, as the tests build it, to tmp_path
    assert done.returncode == 0, done.stderr
    config = tmp_path / "mkdocs.yml"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, server.stderr.read().decode()
            time.sleep(0.5)
        with watching(engines.driver("chromium")) as page:
            open_checker(page, f"http://127.0.0.1:{port}", "?level=emt&cycle=2018")
            assert page.js("return typeof window.livereload") == "function"  # the inline script ran
            assert "'unsafe-inline'" in page.attr('meta[http-equiv="Content-Security-Policy"]', "content")
    finally:
        server.terminate()
        server.wait(30)


@pytest.fixture
def phone(engines, engine):
    with watching(engines.driver(engine, viewport={"width": 390, "height": 844})) as driver:
        yield driver


def test_on_a_phone_the_report_fits_and_the_verdict_is_brought_into_view(phone, site_url):
    open_checker(phone, site_url, "?level=emt&cycle=2018")
    upload(phone, FIXTURES / "every_problem.csv")
    assert phone.js("return document.activeElement.id") == "recert-verdict"
    top = phone.js("return document.querySelector('#recert-verdict').getBoundingClientRect().top")
    header = phone.js("return document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header <= top < 844, f"the verdict is at {top} px, out of view or under the {header} px header"
    # No sideways scrolling: each course's title and its reasons are within the screen's width.
    # (WebKitGTK's MiniBrowser window is at least 447 px wide: its viewport is the width there.)
    width = phone.js("return window.innerWidth")
    assert width <= 447
    assert phone.js("return document.documentElement.scrollWidth") <= width
    edges = phone.js("""return [...document.querySelectorAll('.recert-rows tbody tr')].flatMap((tr) =>
        [tr.children[2], tr.children[6]].map((td) => td.getBoundingClientRect().right))""")
    assert edges and max(edges) <= width
    phone.screenshot("phone-report")


# Tables that scroll sideways, or reach past the screen's right edge: each one's caption or first heading.
WIDE_TABLES = """return [...document.querySelectorAll(arguments[0])].filter((table) => {
    const box = table.closest('.md-typeset__scrollwrap') ?? table.parentElement;
    return table.scrollWidth > table.clientWidth || box.scrollWidth > box.clientWidth
        || table.getBoundingClientRect().right > window.innerWidth + 0.5;
}).map((table) => (table.querySelector('caption') ?? table.querySelector('th')).textContent)"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_no_table_of_the_report_or_the_cycle_pages_scrolls_sideways(engines, engine, site_url, scheme):
    try:
        driver = engines.driver(engine, viewport={"width": 390, "height": 844}, color_scheme=scheme)
    except Unobservable as reason:
        pytest.skip(str(reason))
    with watching(driver) as page:
        open_checker(page, site_url, "?level=emt&cycle=2018")
        if scheme == "dark" and not page.js("return matchMedia('(prefers-color-scheme: dark)').matches"):
            pytest.skip(f"Playwright cannot give {engine} the dark colour scheme here")
        upload(page, FIXTURES / "every_problem.csv")
        page.wait_for(".recert-rows[data-drawn=yes]")
        # (WebKitGTK's MiniBrowser window is at least 447 px wide: its viewport is the width there.)
        width = page.js("return window.innerWidth")
        assert width <= 447
        assert page.count("#recert-report table") >= 3  # components, fees, courses
        assert page.js(WIDE_TABLES, "#recert-report table") == []
        wider = (
            "return [...document.querySelectorAll('#recert-report *')]"
            ".filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5)"
        )
        assert page.js(wider + ".length") == 0, page.js(wider + ".map((e) => e.outerHTML.slice(0, 80))")
        # The component table: a block per component, each value after its column's name (a ::before
        # of the cell's data-label, which engines report differently: Chromium resolves attr(), Firefox not).
        cells = page.js(
            "return [...document.querySelectorAll('.recert-stack tbody tr:first-child td')].map((td) =>"
            " [td.dataset.label, getComputedStyle(td).display, getComputedStyle(td, '::before').content])"
        )
        assert [label for label, _, _ in cells][:2] == ["Component", "Required"]
        assert all(
            display == "block" and ("attr(data-label)" in before or label in before) for label, display, before in cells
        )
        # (WebKit's screenshots are of the viewport: the table is scrolled to, under the theme's header.)
        page.js("scrollTo(0, document.querySelector('.recert-stack').getBoundingClientRect().top + scrollY - 60)")
        page.screenshot(f"phone-components-{scheme}")
        for year in ("2018", "2024", "2027"):  # fees, the timeline and the changes from the cycle before
            page.goto(f"{site_url}/cycles/{year}/")
            assert page.count(".md-content table") >= 3
            assert page.js(WIDE_TABLES, ".md-content table") == [], f"cycles/{year}/"
        page.js("scrollTo(0, document.getElementById('fees').getBoundingClientRect().top + scrollY - 60)")
        page.screenshot(f"phone-cycle-fees-{scheme}")


def test_print_keeps_the_why_column_and_opens_folded_notes(page, site_url):
    if page.engine == "webkit":
        pytest.skip("WebKitWebDriver cannot switch the page to print media")
    open_checker(page, site_url, "?level=emt&cycle=2018")
    upload(page, FIXTURES / "every_problem.csv")
    page.page.emulate_media(media="print")
    if not page.js("return matchMedia('print').matches"):
        pytest.skip(f"Playwright cannot switch {page.engine} to print media here")
    width = page.js("return document.querySelector('.md-content').getBoundingClientRect().right")
    why = page.js("""return [...document.querySelectorAll('.recert-rows tbody tr td:nth-child(7)')]
        .map((td) => td.getBoundingClientRect()).map((r) => [r.right, r.width])""")
    assert why and all(w > 0 and right <= width + 1 for right, w in why), "the Why column is cut off in print"
    page.goto(f"{site_url}/cycles/2018/")
    # Each level's tab prints under its level's name (the tab labels themselves are not printed).
    labels = page.js(
        "return [...document.querySelectorAll('.tabbed-block')].map((b) => b.querySelector("
        "'.recert-print-only')).map((p) => p && p.offsetHeight > 0 ? p.textContent.trim() : null)"
    )
    assert labels == ["EMT", "Advanced EMT", "Paramedic"]
    folded = page.js(
        "return [...document.querySelectorAll('details')].map((d) => "
        "d.children[1] ? d.children[1].getBoundingClientRect().height : -1)"
    )
    assert folded, "the cycle page has no folded note to print"
    assert all(h > 0 for h in folded), "a folded note prints closed"
    page.screenshot("print-cycle-2018")


def test_reload_and_back_keep_the_level_cycle_and_plan_answers(page, site_url):
    open_checker(page, site_url, "?level=paramedic&cycle=2024")
    page.select("#recert-nremt", "never")
    page.select("#recert-affiliated", "no")
    page.click('input[value="examiner"]')
    page.wait("return location.search.includes('roles=examiner')")
    page.goto(page.js("return location.href"))  # as a reload, and as a link shared by the reader
    page.wait_for(READY, timeout=60)
    assert [page.value(s) for s in ("#recert-level", "#recert-cycle", "#recert-nremt", "#recert-affiliated")] == [
        "paramedic",
        "2024",
        "never",
        "no",
    ]
    assert page.js("return document.querySelector('input[value=examiner]').checked")
    upload(page, FIXTURES / "every_problem.csv")
    verdict = page.text("#recert-verdict")
    page.js("window.__recertKept = true")  # gone on a fresh load; still there when the page was kept whole
    page.goto(f"{site_url}/cycles/2027/")
    page.js("setTimeout(() => history.back(), 0)")
    page.wait("return location.pathname.endsWith('/checker/') && document.readyState === 'complete'")
    page.wait_for(READY, timeout=60)
    assert page.value("#recert-level") == "paramedic"
    # A page the browser kept whole (its back-forward cache) is the page as it was left: its report the
    # file's. Otherwise a file name the browser brings back is checked again: never a name over an empty
    # report, nor a report with no file.
    kept = page.js("return window.__recertKept === true")
    restored = page.js("return document.querySelector('#recert-file').files.length")
    if kept:
        assert page.text("#recert-verdict") == verdict
    elif restored:
        page.wait_for("#recert-verdict")
    else:
        assert not page.visible("#recert-report")
