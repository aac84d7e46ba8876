"""The in-browser checker, end to end: the built site served on 127.0.0.1, driven in Debian's Chromium.

Every test also asserts that no request left 127.0.0.1 and that the page logged no error.
Screenshots of the reports are saved under test-artifacts/ to be looked at.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, build_site, transcript
from playwright.sync_api import Page, sync_playwright

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
READY = "#recert-checker[data-state=ready]"


def cli_json(path: Path, level: str, cycle: str) -> str:
    done = subprocess.run([sys.executable, "-m", "recert_core", "check", str(path), "--level", level,
                           "--cycle", cycle, "--format", "json"], capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def cli_error(path: Path, level: str, cycle: str) -> str:
    done = subprocess.run([sys.executable, "-m", "recert_core", "check", str(path), "--level", level,
                           "--cycle", cycle], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    return done.stderr.strip().split(": ", 2)[-1]


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """The real site, built with `mkdocs build` and served on an ephemeral loopback port."""
    out = tmp_path_factory.mktemp("browser-site")
    done = build_site(out)
    assert done.returncode == 0, done.stderr

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watch:
    """What a page did that it must not: requests off 127.0.0.1, console errors, page errors."""

    def __init__(self, page: Page):
        self.outside: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "blob:", "data:"))
                else self.outside.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture
def page(browser, request):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    watch = Watch(page)
    page.watch = watch
    yield page
    context.close()
    assert watch.outside == [], "requests left 127.0.0.1"
    assert watch.errors == [], "the page logged errors"


def open_checker(page: Page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}/checker/{query}")
    page.wait_for_selector(READY, timeout=60_000)


def upload(page: Page, path: Path | None = None, *, name: str = "", data: bytes = b"") -> None:
    before = page.evaluate("document.querySelector('#recert-status').textContent")
    if path is not None:
        page.set_input_files("#recert-file", str(path))
    else:
        page.set_input_files("#recert-file", {"name": name, "mimeType": "text/csv", "buffer": data})
    page.wait_for_function("(before) => { const s = document.querySelector('#recert-status').textContent;"
                           " return s !== before && !s.startsWith('Checking'); }", arg=before, timeout=30_000)


def download_text(page: Page, button: str) -> str:
    with page.expect_download() as info:
        page.click(button)
    return Path(info.value.path()).read_text(encoding="utf-8-sig")


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


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
    assert download_text(page, "#recert-download-json") == expected
    report = json.loads(expected)
    assert page.inner_text("#recert-verdict") == report["verdict"]
    assert page.get_attribute("#recert-checker", "data-result") == ("met" if report["met"] else "not-met")
    assert page.locator(".recert-rows tbody tr").count() == len(report["rows"])
    screenshot(page, f"report-{Path(name).stem}-{level}-{cycle}")


def test_the_url_presets_level_and_cycle(page, site_url):
    open_checker(page, site_url, "?level=paramedic&cycle=2019")
    assert page.input_value("#recert-level") == "paramedic"
    assert page.input_value("#recert-cycle") == "2019"


def test_changing_the_cycle_checks_the_file_again(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2018")
    upload(page, FIXTURES / "excel_semicolon_bom_crlf.csv")
    assert page.inner_text("#recert-verdict").startswith("Requirements met")
    page.select_option("#recert-cycle", "2020")
    page.wait_for_function("() => document.querySelector('#recert-verdict').textContent.includes('2020')")
    assert page.inner_text("#recert-verdict").startswith("Not met yet")


@pytest.mark.parametrize("name", ["empty.csv", "saved_as_xlsx.xlsx", "missing_columns.csv", "blank_lines_only.csv"])
def test_an_unusable_file_says_what_the_cli_says_and_another_can_follow(page, site_url, name):
    open_checker(page, site_url, "?level=emt&cycle=2018")
    upload(page, FIXTURES / name)
    assert page.is_visible("#recert-error")
    assert cli_error(FIXTURES / name, "emt", "2018") in page.inner_text("#recert-error")
    assert page.get_attribute("#recert-checker", "data-result") == "unusable"
    assert page.is_hidden("#recert-report")
    screenshot(page, f"error-{Path(name).stem}")
    upload(page, FIXTURES / "excel_semicolon_bom_crlf.csv")
    assert page.is_hidden("#recert-error") and page.is_visible("#recert-verdict")


def test_a_title_with_html_and_script_is_shown_literally_and_runs_nothing(page, site_url):
    evil = ['<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=2</script>", "=HYPERLINK(\"http://x\")"]
    rows = [f'2017-01-0{i + 1},"{t.replace(chr(34), chr(34) * 2)}",1,T2-{i},national,' for i, t in enumerate(evil)]
    open_checker(page, site_url, "?level=emt&cycle=2018")
    upload(page, name="evil.csv", data=transcript(*rows))
    cells = page.locator(".recert-rows tbody tr td:nth-child(3)").all_inner_texts()
    assert cells == evil
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#recert-report img, #recert-report script").count() == 0
    csv_text = download_text(page, "#recert-download-csv")
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text


def test_keyboard_only(page, site_url):
    # Listen for file choosers before the page opens: Playwright turns on interception when a
    # listener is added, without waiting for Chromium to confirm it, so interception turned on by
    # `expect_file_chooser` just before the key press could lose the race (puppeteer/puppeteer#6040).
    page.on("filechooser", lambda chooser: None)
    open_checker(page, site_url, "?level=emt&cycle=2018")

    def tab_to(element_id: str) -> None:
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == element_id:
                return
        raise AssertionError(f"#{element_id} cannot be reached with Tab")

    tab_to("recert-level")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#recert-level") == "aemt"
    tab_to("recert-file")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(str(FIXTURES / "excel_unicode_text.txt"))
    page.wait_for_selector("#recert-verdict")
    assert "Advanced EMT" in page.inner_text("#recert-verdict")
    tab_to("recert-download-json")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert json.loads(Path(info.value.path()).read_text())["level"] == "aemt"


def test_a_dropped_file_is_checked(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2024")
    data = list((FIXTURES / "excel_unicode_text.txt").read_bytes())
    page.evaluate("""(bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], 'dropped.txt', {type: 'text/plain'}));
        document.querySelector('main').dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true}));
    }""", data)
    page.wait_for_selector("#recert-verdict")
    assert page.inner_text("#recert-status") == "Checked “dropped.txt”."


def test_a_file_chosen_while_loading_is_checked_when_ready(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/checker/?level=emt&cycle=2018")
    assert page.get_attribute("#recert-checker", "data-state") == "loading"
    page.set_input_files("#recert-file", str(FIXTURES / "excel_semicolon_bom_crlf.csv"))
    page.wait_for_selector("#recert-verdict", timeout=60_000)
    assert page.inner_text("#recert-verdict").startswith("Requirements met")
    context.close()


def test_the_sample_transcript(page, site_url):
    open_checker(page, site_url)
    page.click("#recert-sample")
    page.wait_for_selector("#recert-verdict")
    assert page.locator(".recert-status-rejected").count() == 2  # a duplicate, and a course before the window
    screenshot(page, "report-sample")


def test_works_with_the_network_cable_pulled_after_load(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2018")
    page.context.set_offline(True)
    upload(page, FIXTURES / "every_problem.csv")
    assert page.inner_text("#recert-verdict").startswith("Not met yet")


def test_the_page_sets_a_content_security_policy(page, site_url):
    open_checker(page, site_url)
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "connect-src 'self'" in policy


def test_cycle_pages_do_not_load_the_runtime(page, site_url):
    urls = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(f"{site_url}/cycles/2027/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in urls if "pyodide" in u or u.endswith((".whl", ".wasm", "worker.mjs", "checker.mjs"))]


@pytest.mark.parametrize("path", ["checker/?level=emt&cycle=2018", "cycles/2018/", ""])
def test_no_serious_accessibility_violations(browser, site_url, path):
    context = browser.new_context(bypass_csp=True)  # to inject axe-core, for the scan only
    page = context.new_page()
    page.goto(f"{site_url}/{path}")
    if path.startswith("checker"):
        page.wait_for_selector(READY, timeout=60_000)
        page.set_input_files("#recert-file", str(FIXTURES / "every_problem.csv"))
        page.wait_for_selector("#recert-verdict")
    page.add_script_tag(path=str(ROOT / "node_modules/axe-core/axe.min.js"))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} - {[n['target'] for n in v['nodes']][:3]}"
               for v in results["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    assert not serious


def cli_plan(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "recert_core", "plan", *args], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_plan_waits_for_the_situation_then_follows_it(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2027")
    page.wait_for_timeout(300)
    assert page.is_hidden("#recert-plan")  # no plan for a situation the reader has not stated
    assert page.input_value("#recert-nremt-expires") == "2027"  # the aligned case by default
    page.click("#recert-plan-show")
    page.wait_for_selector("#recert-plan-title")
    assert page.locator("[data-step=renew-nremt]").count() == 1
    assert page.locator("[data-step=alignment-reverse], [data-step=one-year-alignment]").count() == 0
    assert page.locator('[data-step=renew-nremt] a[href="mailto:support@nremt.org"]').count() == 1
    page.select_option("#recert-nremt", "never")
    page.select_option("#recert-affiliated", "no")
    page.select_option("#recert-region", "1")
    page.wait_for_function("() => document.querySelector('#recert-plan').textContent.includes('Unaffiliated-Region 1')")
    assert page.is_disabled("#recert-nremt-expires")
    assert "413-586-6065" in page.inner_text("[data-step=review]")
    assert page.locator("[data-step=renew-nremt]").count() == 0
    screenshot(page, "plan-unaffiliated-region-1")


def test_the_plan_for_a_one_year_alignment_and_its_calendar(page, site_url):
    open_checker(page, site_url, "?level=paramedic&cycle=2024")
    page.select_option("#recert-nremt-expires", "2025")
    page.check('input[value="examiner"]')
    page.wait_for_selector("[data-step=one-year-alignment]")
    page.wait_for_selector("[data-step=roles]")
    text = page.inner_text("[data-step=one-year-alignment]")
    assert "$62.50" in text and "$112.50" in text and "March 31, 2025" in text
    ics = download_text(page, "#recert-calendar")
    assert ics == cli_plan("--level", "paramedic", "--expires", "2024", "--nremt", "current", "--nremt-expires",
                           "2025", "--affiliated", "yes", "--region", "3", "--role", "examiner", "--format", "ics")


def test_a_transcript_and_the_plan_share_the_page(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2018")
    upload(page, FIXTURES / "excel_semicolon_bom_crlf.csv")
    page.click("#recert-plan-show")
    page.wait_for_selector("#recert-plan-title")
    assert page.is_visible("#recert-plan-title") and page.is_visible("#recert-verdict")


def test_a_repeat_visit_starts_from_the_snapshot_and_checks_the_same(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2018")
    assert page.get_attribute("#recert-checker", "data-snapshot") == "no"
    # The first visit stores its snapshot in the background; Chromium makes a new Cache Storage entry
    # visible to later pages a moment after writing it. A visit before that simply starts from scratch.
    for _ in range(8):
        page.wait_for_timeout(1000)
        open_checker(page, site_url, "?level=emt&cycle=2018")
        if page.get_attribute("#recert-checker", "data-snapshot") == "yes":
            break
    assert page.get_attribute("#recert-checker", "data-snapshot") == "yes"
    upload(page, FIXTURES / "every_problem.csv")
    assert download_text(page, "#recert-download-json") == cli_json(FIXTURES / "every_problem.csv", "emt", "2018")
    assert "Line 15" not in download_text(page, "#recert-download-csv")  # the CSV has the file's own columns
    page.click("#recert-plan-show")
    page.wait_for_selector("#recert-plan-title")


def test_a_long_transcript_is_drawn_a_thousand_rows_at_a_time(page, site_url):
    rows = [f"2017-01-01,Course {i},1,T2-{i},,"for i in range(1500)]
    open_checker(page, site_url, "?level=emt&cycle=2018")
    upload(page, name="long.csv", data=transcript(*rows))
    assert page.locator(".recert-rows tbody tr").count() == 1000
    page.click("#recert-more-rows")
    assert page.locator(".recert-rows tbody tr").count() == 1500
    assert page.locator("#recert-more-rows").count() == 0
