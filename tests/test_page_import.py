"""The checker page takes the files people have (issue 11, "In the page"), in Chromium on the real built site.

A workbook upload, the column-mapping step (and its memory on this device), the transcript editor,
two files read as one, a roster, and axe on the new steps. The site is served as test_browser.py
serves it (tests/browsers.py: the site's headers, an error and download recorder, axe on the same
origin); the pages are Playwright's own, in Chromium, watched for requests off 127.0.0.1 and for
errors. Screenshots go to test-artifacts/ (desktop and a 390 px phone).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from browsers import ARTIFACTS, Engines, SiteServer
from conftest import FIXTURES
from playwright.sync_api import Page

from recert_core.browser import EDITOR_COLUMNS
from recert_core.cli import TEMPLATE

pytestmark = pytest.mark.browser
READY = "#recert-checker[data-state=ready]"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def site_url(built_site):
    server = SiteServer(built_site)
    yield server.url
    server.close()


@pytest.fixture(scope="module")
def engines():
    # Playwright's sync API allows one running instance: this module starts and stops its own.
    started = Engines()
    if missing := started.missing("chromium"):
        pytest.fail(missing)
    yield started
    started.close()


def watched(engines, viewport=None):
    driver = engines.driver("chromium", viewport=viewport)
    yield driver.page
    driver.close()
    assert driver.outside == [], "requests left 127.0.0.1"
    assert driver.errors == [], "the page logged errors"


@pytest.fixture
def page(engines):
    yield from watched(engines)


@pytest.fixture
def phone(engines):
    yield from watched(engines, {"width": 390, "height": 844})


def open_checker(page: Page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}/checker/{query}")
    page.wait_for_selector(READY, timeout=60_000)


def download_text(page: Page, button: str) -> str:
    with page.expect_download() as info:
        page.click(button)
    return Path(info.value.path()).read_text(encoding="utf-8-sig")


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def cli(files: list[Path], *options: str) -> str:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "recert_core",
            "check",
            *map(str, files),
            "--level",
            "emt",
            "--cycle",
            "2026",
            "--format",
            "json",
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def send(page: Page, *files: tuple[str, bytes, str]) -> None:
    """Choose files in the page's picker and wait for the check (or the mapping step) to finish."""
    before = page.evaluate("document.querySelector('#recert-status').textContent")
    page.set_input_files("#recert-file", [{"name": n, "mimeType": t, "buffer": b} for n, b, t in files])
    page.wait_for_function(
        "(before) => { const s = document.querySelector('#recert-status').textContent;"
        " return s !== before && !s.startsWith('Checking'); }",
        arg=before,
        timeout=30_000,
    )


def inline(value: str) -> str:
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>'


def xlsx(rows: list[list[str | float]]) -> bytes:
    """A minimal workbook zipped by hand: a title row above the header, inline strings, numbers and
    an Excel date serial with a date style, as spreadsheet exports write them."""
    sheet = []
    for cells in rows:
        sheet.append(
            "<row>"
            + "".join(f'<c s="1"><v>{v}</v></c>' if isinstance(v, float) else inline(v) for v in cells)
            + "</row>"
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
        )
        z.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Transcript" r:id="r1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="r1" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr(
            "xl/styles.xml",
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>',
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            f'2006/main"><sheetData>{"".join(sheet)}</sheetData></worksheet>',
        )
    return out.getvalue()


def axe_serious(page: Page, selector: str) -> list[str]:
    """Serious and critical axe-core findings within `selector`, axe loaded from the test server."""
    page.add_script_tag(url="/__test__/axe.min.js")
    page.wait_for_function("() => typeof window.axe !== 'undefined'")
    results = page.evaluate("(s) => axe.run(s, {resultTypes: ['violations']})", selector)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} - {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_workbook_is_read_as_the_cli_reads_it(page, site_url, tmp_path):
    data = xlsx(
        [
            ["Continuing Education Transcript"],
            ["Course Title", "Completion Date", "Contact Hours", "CAPCE #", "NCCP Category"],
            ["Airway and ventilation review", 45790.0, "2", "24-WXYZ-F1-0101", "National"],  # 2025-05-14
            ["Regional trauma protocols", 45823.0, "1h 30m", "MA-T1-2025-0007", "Local"],
            ["Total", "", "3.5", "", ""],
        ]
    )
    (tmp_path / "nremt.xlsx").write_bytes(data)
    open_checker(page, site_url, "?level=emt&cycle=2026")
    assert "xlsx" in page.get_attribute("#recert-file", "accept")
    assert page.get_attribute("#recert-file", "multiple") is not None
    send(page, ("nremt.xlsx", data, XLSX))
    expected = cli([tmp_path / "nremt.xlsx"])
    assert download_text(page, "#recert-download-json") == expected
    report = json.loads(expected)
    assert [r["status"] for r in report["rows"]] == ["counted", "counted", "skipped"]
    assert page.locator(".recert-rows tbody tr").count() == 3
    read = page.inner_text(".recert-columns-read")
    assert "Hours from “Contact Hours”" in read and "Date completed from “Completion Date”" in read
    assert "Workbook (.xlsx) read" in page.inner_text(".recert-file")
    screenshot(page, "page-workbook")


def test_an_ods_spreadsheet_is_read_as_the_cli_reads_it(page, site_url):
    path = FIXTURES / "reading" / "libreoffice.ods"
    open_checker(page, site_url, "?level=emt&cycle=2026")
    send(page, ("libreoffice.ods", path.read_bytes(), "application/vnd.oasis.opendocument.spreadsheet"))
    expected = cli([path])
    assert json.loads(expected)["file"]["format"] == "ods"
    assert download_text(page, "#recert-download-json") == expected
    assert page.locator(".recert-rows tbody tr").count() == len(json.loads(expected)["rows"])


UNKNOWN_HOURS = (
    b"Date,Course Title,Credit Value,Approval Number,Component\n"
    b"2025-05-14,Airway and ventilation review,2,T2-4411,National\n"
    b"2025-09-03,Pediatric assessment,1.5,T3-5120,Individual\n"
)


def test_the_mapping_step_checks_remembers_and_forgets(page, site_url, tmp_path):
    (tmp_path / "tracker.csv").write_bytes(UNKNOWN_HOURS)
    open_checker(page, site_url, "?level=emt&cycle=2026")
    send(page, ("tracker.csv", UNKNOWN_HOURS, "text/csv"))
    # The check says what is missing (the CLI's sentence), and the mapping step offers the fix.
    assert page.is_visible("#recert-error") and "Missing column: hours" in page.inner_text("#recert-error")
    assert page.is_visible("#recert-mapping")
    assert "hours" in page.inner_text("#recert-mapping p")
    labels = page.locator("#recert-mapping label[for^=recert-map-]").all_inner_texts()
    assert labels == [
        "Column 1: “Date”",
        "Column 2: “Course Title”",
        "Column 3: “Credit Value”",
        "Column 4: “Approval Number”",
        "Column 5: “Component”",
    ]
    assert page.input_value("#recert-map-1") == "title" and page.input_value("#recert-map-2") == ""
    assert page.locator(".recert-map-preview tbody tr").count() == 2
    assert page.locator(".recert-map-preview tbody tr").first.inner_text().split("\t")[2] == "2"
    # Checking without an hours column is refused in place.
    page.click("#recert-map-check")
    page.wait_for_selector("#recert-map-problem:not(:empty)")
    assert page.inner_text("#recert-map-problem") == "Choose the column for: hours."
    assert axe_serious(page, "#recert-mapping") == []
    screenshot(page, "page-mapping")
    page.select_option("#recert-map-2", "hours")
    page.click("#recert-map-check")
    page.wait_for_selector("#recert-verdict")
    assert page.is_hidden("#recert-error") and page.is_hidden("#recert-mapping")
    expected = cli([tmp_path / "tracker.csv"], "--columns", "hours=Credit Value")
    assert download_text(page, "#recert-download-json") == expected
    assert json.loads(expected)["file"]["columns"]["hours"] == "Credit Value"
    assert "Hours from “Credit Value”" in page.inner_text(".recert-columns-read")
    assert page.is_visible(".recert-map-remembered")

    # The same header on a later visit: read as chosen, and said so.
    page.reload()
    page.wait_for_selector(READY, timeout=60_000)
    send(page, ("tracker-2.csv", UNKNOWN_HOURS, "text/csv"))
    assert page.is_visible("#recert-verdict") and page.is_hidden("#recert-mapping")
    assert "remembered on this device" in page.inner_text(".recert-map-remembered")
    assert download_text(page, "#recert-download-json") == expected
    # A different header is not read with it.
    other = UNKNOWN_HOURS.replace(b"Credit Value", b"Credit Amt")
    send(page, ("other.csv", other, "text/csv"))
    assert page.is_visible("#recert-mapping") and page.is_visible("#recert-error")

    # Forgotten on request: the same file then needs the mapping step again.
    send(page, ("tracker.csv", UNKNOWN_HOURS, "text/csv"))
    page.click("#recert-map-forget")
    page.wait_for_selector("#recert-mapping:not([hidden])")
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('recert-columns-'))") == []
    assert page.is_visible("#recert-error")


def test_change_how_columns_are_read_on_a_file_that_was_read(page, site_url):
    data = b"Date,Title,Hours,CE Credits,Approval\n2025-05-14,Airway review,2,1,T2-4411\n"
    open_checker(page, site_url, "?level=emt&cycle=2026")
    send(page, ("two-numbers.csv", data, "text/csv"))
    assert json.loads(download_text(page, "#recert-download-json"))["rows"][0]["hours"] == 2
    page.click("#recert-map-change")
    assert page.is_visible("#recert-mapping")
    assert page.input_value("#recert-map-2") == "hours"
    page.select_option("#recert-map-2", "")
    page.select_option("#recert-map-3", "hours")
    page.select_option("#recert-map-4", "")  # a known column marked "Not used" is still read, and the page says so
    page.uncheck("#recert-map-remember")
    page.click("#recert-map-check")
    page.wait_for_function("() => document.querySelector('.recert-columns-read')?.textContent.includes('CE Credits')")
    report = json.loads(download_text(page, "#recert-download-json"))
    assert report["rows"][0]["hours"] == 1 and report["file"]["columns"]["approval"] == "Approval"
    assert "“Approval” was read as approval number (oems or capce) although you chose “Not used”" in page.inner_text(
        ".recert-map-override"
    )
    assert page.locator(".recert-map-remembered").count() == 0
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('recert-columns-'))") == []


def row_status(page: Page, index: int) -> str:
    return page.get_attribute(f"#recert-editor tbody tr[data-index='{index}']", "data-status") or ""


def type_course(page: Page, index: int, date: str, title: str, hours: str, approval: str, component: str) -> None:
    page.fill(f"#recert-edit-{index}-date", date)
    page.fill(f"#recert-edit-{index}-title", title)
    page.fill(f"#recert-edit-{index}-hours", hours)
    page.fill(f"#recert-edit-{index}-approval", approval)
    page.select_option(f"#recert-edit-{index}-component", component)


def wait_checked(page: Page, index: int, status: str) -> None:
    page.wait_for_function(
        "([i, s]) => document.querySelector(`#recert-editor tbody tr[data-index='${i}']`)?.dataset.status === s",
        arg=[index, status],
        timeout=20_000,
    )


def national_counted(page: Page) -> str:
    return page.locator(".recert-report table").first.locator("tbody tr").first.locator("td").nth(2).inner_text()


def wait_national(page: Page, text: str) -> None:
    page.wait_for_function(
        "(t) => document.querySelector('.recert-report table tbody tr td:nth-child(3)')?.textContent === t",
        arg=text,
        timeout=20_000,
    )


def test_the_editor_from_nothing(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2026")
    page.click("#recert-type")
    page.wait_for_selector("#recert-edit-0-date")
    type_course(page, 0, "2025-05-14", "Airway and ventilation review", "2", "T2-4411", "National")
    wait_checked(page, 0, "counted")
    assert national_counted(page) == "2 h"
    first_verdict = page.inner_text("#recert-verdict")
    page.click("#recert-edit-add")
    type_course(page, 1, "2025-09-03", "Cardiac arrest management", "3", "", "National")
    # No approval number: not counted until verified, and the reason is shown in the row itself.
    wait_checked(page, 1, "unverified")
    assert "approval number" in page.inner_text("#recert-editor tbody tr[data-index='1'] .recert-edit-reasons")
    assert national_counted(page) == "2 h"
    assert "Not counted until verified" in page.inner_text("#recert-report")
    page.fill("#recert-edit-1-approval", "T2-5120")
    wait_checked(page, 1, "counted")
    wait_national(page, "5 h")
    assert page.inner_text("#recert-verdict") != first_verdict
    assert axe_serious(page, "#recert-editor") == []
    screenshot(page, "page-editor")

    text = download_text(page, "#recert-edit-download")
    lines = text.splitlines()
    assert lines[0] == TEMPLATE.splitlines()[0] == ",".join(EDITOR_COLUMNS)
    assert lines[1:] == [
        "2025-05-14,Airway and ventilation review,2,T2-4411,National,,",
        "2025-09-03,Cardiac arrest management,3,T2-5120,National,,",
    ]
    # Nothing is kept unless asked.
    assert page.evaluate("localStorage.getItem('recert-editor-rows')") is None

    # Deleting a course checks again.
    page.click("#recert-editor tbody tr[data-index='0'] .recert-edit-delete")
    wait_national(page, "3 h")
    assert page.input_value("#recert-edit-0-title") == "Cardiac arrest management"


def test_the_editor_remembers_only_when_asked(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2026")
    page.click("#recert-type")
    type_course(page, 0, "2025-05-14", "Airway and ventilation review", "2", "T2-4411", "National")
    wait_checked(page, 0, "counted")
    page.check("#recert-editor-remember")
    page.reload()
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector("#recert-edit-0-title")
    assert page.input_value("#recert-edit-0-title") == "Airway and ventilation review"
    assert page.is_checked("#recert-editor-remember")
    wait_checked(page, 0, "counted")
    page.uncheck("#recert-editor-remember")
    assert page.evaluate("localStorage.getItem('recert-editor-rows')") is None
    page.reload()
    page.wait_for_selector(READY, timeout=60_000)
    assert page.is_hidden("#recert-editor")


def test_a_file_opened_in_the_editor_is_fixed_there(page, site_url):
    data = (
        b"Date,Course Name,CE Hours,CAPCE Number,Component,Status\n"
        b"2025-05-14,Airway and ventilation review,2,T2-4411,National,Complete\n"
        b"2025-06-02,Trauma triage,1.5,,National,Complete\n"
        b"2025-07-01,Stroke update,1,T2-7001,National,In Progress\n"
    )
    open_checker(page, site_url, "?level=emt&cycle=2026")
    send(page, ("lms.csv", data, "text/csv"))
    page.click("#recert-edit")
    page.wait_for_selector("#recert-edit-1-title")
    assert page.locator("#recert-editor tbody tr").count() == 2  # the course in progress is left out, and said so
    assert "1 row(s)" in page.inner_text("#recert-editor")
    wait_checked(page, 1, "unverified")
    page.fill("#recert-edit-1-approval", "T2-8802")
    wait_checked(page, 1, "counted")
    assert national_counted(page) == "3.5 h"


def test_the_editor_on_a_phone(phone, site_url):
    page = phone
    open_checker(page, site_url, "?level=emt&cycle=2026")
    page.click("#recert-type")
    type_course(page, 0, "2025-05-14", "Airway and ventilation review", "2", "", "National")
    wait_checked(page, 0, "unverified")
    # Every field is labelled where it is, and the page does not scroll sideways.
    assert page.is_visible("label[for='recert-edit-0-title']")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = page.locator("#recert-edit-0-title").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    # Typing goes on through the checks the typing starts (the page never takes the focus away).
    page.click("#recert-edit-0-approval")
    page.keyboard.type("T2-44", delay=250)
    page.wait_for_timeout(700)
    page.keyboard.type("11", delay=250)
    wait_checked(page, 0, "counted")
    assert page.evaluate("document.activeElement.id") == "recert-edit-0-approval"
    assert page.input_value("#recert-edit-0-approval") == "T2-4411"
    screenshot(page, "page-editor-390")


def test_two_files_are_read_as_one_and_a_duplicate_across_them_is_caught(page, site_url, tmp_path):
    nremt = (
        b"Course Name,Date Completed,Hours,CAPCE #,Category\n"
        b"Airway and ventilation review,2025-05-14,2,24-WXYZ-F1-0101,National\n"
        b"Trauma triage,2025-06-02,1.5,24-WXYZ-F1-0202,National\n"
    )
    vendor = (
        b"Completion Date,Course Title,Credit Hours,CAPCE Course Number\n"
        b"05/14/2025,Airway and ventilation review,2,24-WXYZ-F1-0101\n"
        b"08/20/2025,Pediatric assessment,1,24-WXYZ-F3-0303\n"
    )
    (tmp_path / "nremt.csv").write_bytes(nremt)
    (tmp_path / "vendor.csv").write_bytes(vendor)
    open_checker(page, site_url, "?level=emt&cycle=2026")
    send(page, ("nremt.csv", nremt, "text/csv"), ("vendor.csv", vendor, "text/csv"))
    expected = cli([tmp_path / "nremt.csv", tmp_path / "vendor.csv"], "--combine")
    assert download_text(page, "#recert-download-json") == expected
    report = json.loads(expected)
    assert report["summary"]["rows"] == 4 and report["file"]["files"] == ["nremt.csv", "vendor.csv"]
    assert [r["code"] for r in report["rows"][2]["reasons"]] == ["duplicate"]
    assert page.locator(".recert-rows li[data-code=duplicate]").count() == 1
    assert "“nremt.csv”, “vendor.csv”" in page.inner_text("#recert-status")


def test_a_roster_shows_each_person(page, site_url, tmp_path):
    roster = (
        b"Last Name,First Name,NREMT ID,Course Title,Completion Date,CEH,CAPCE #,Component\n"
        b"Rivera,Ana,E1234567,Airway and ventilation review,2025-05-14,2,24-WXYZ-F1-0101,National\n"
        b"Okafor,Ben,E7654321,Airway and ventilation review,2025-05-14,2,24-WXYZ-F1-0101,National\n"
        b"Rivera,Ana,E1234567,Airway and ventilation review,2025-05-14,2,24-WXYZ-F1-0101,National\n"
        b"Okafor,Ben,E7654321,Regional protocols,2025-08-01,3,MA-T1-2025-0007,Local\n"
    )
    (tmp_path / "roster.csv").write_bytes(roster)
    open_checker(page, site_url, "?level=emt&cycle=2026")
    send(page, ("roster.csv", roster, "text/csv"))
    expected = cli([tmp_path / "roster.csv"])
    assert download_text(page, "#recert-download-json") == expected
    people = json.loads(expected)["people"]
    assert page.get_attribute("#recert-checker", "data-result") == "roster"
    rows = page.locator(".recert-roster tbody tr")
    assert rows.count() == len(people) == 2
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(2)] == [p["person"] for p in people]
    assert rows.nth(1).locator("td").nth(2).inner_text() == f"{people[1]['components']['national']['short']} h"
    details = page.locator("details.recert-person")
    assert details.count() == 2
    details.nth(0).locator("summary").click()
    page.wait_for_selector("details.recert-person[open] .recert-person-rows")  # drawn when opened (the toggle event)
    person_rows = details.nth(0).locator(".recert-person-rows tbody tr")
    assert person_rows.count() == 2  # a duplicate within one person's courses
    assert details.nth(0).locator("li[data-code=duplicate]").count() == 1
    details.nth(1).locator("summary").click()
    page.wait_for_function("() => document.querySelectorAll('details[open] .recert-person-rows').length === 2")
    assert details.nth(1).locator("li[data-code=duplicate]").count() == 0  # the same course, another person
    summary_csv = download_text(page, "#recert-download-csv")
    cli_csv = subprocess.run(
        [
            sys.executable,
            "-m",
            "recert_core",
            "check",
            str(tmp_path / "roster.csv"),
            "--level",
            "emt",
            "--cycle",
            "2026",
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert summary_csv.splitlines() == cli_csv.stdout.lstrip("\ufeff").splitlines()
    assert summary_csv.splitlines()[0].startswith("Person,Met,Met if verified,National short (h)")
    screenshot(page, "page-roster")
