"""The checker page takes the files people have (issue 11, "In the page"), on the real built site, in
Chromium, Firefox and WebKit through one driver interface (tests/browsers.py).

A workbook upload, the column-mapping step ("Not used" really not read, a mapping per file, its memory
on this device), the transcript editor, two files read as one, a roster (a large one drawn from its
summary, each person's report asked for when opened), and axe on the new steps. The site is served as
test_browser.py serves it (the site's headers, an error and download recorder, axe on the same
origin); every test asserts that no request left 127.0.0.1 (Playwright engines; in WebKit the page's
CSP, whose violations are recorded, is the guard) and that the page logged no error. Screenshots go to
test-artifacts/, named by engine (desktop and a 390 px phone).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from browsers import Driver, watching
from conftest import FIXTURES, RULES

from recert_core.browser import EDITOR_COLUMNS
from recert_core.cli import TEMPLATE
from recert_core.formatting import hours_text

pytestmark = pytest.mark.browser
READY = "#recert-checker[data-state=ready]"
REMEMBERED = "return Object.keys(localStorage).filter((k) => k.startsWith('recert-columns-'))"


@pytest.fixture
def page(engines, engine):
    with watching(engines.driver(engine)) as driver:
        yield driver


@pytest.fixture
def phone(engines, engine):
    with watching(engines.driver(engine, viewport={"width": 390, "height": 844})) as driver:
        yield driver


def open_checker(page: Driver, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}/checker/{query}")
    page.wait_for(READY, timeout=60)


def reload(page: Driver) -> None:
    """A later visit: the same address opened anew (a reload would bring back the files chosen, as
    Firefox does, and check them before the test chooses its own)."""
    page.goto(page.js("return location.href"))
    page.wait_for(READY, timeout=60)


def cli(files: list[Path], *options: str, fmt: str = "json") -> str:
    command = [sys.executable, "-m", "recert_core", "check", *map(str, files), "--level", "emt", "--cycle", "2026"]
    done = subprocess.run([*command, "--format", fmt, *options], capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def page_today(page: Driver) -> str:
    """The date the page checks for (the reader's clock, as checker.mjs takes it): the command line and
    the worker's entry points are given the same, so their reports are the page's."""
    return page.js(
        "const n = new Date();"
        " return [n.getFullYear(), n.getMonth() + 1, n.getDate()].map((x) => String(x).padStart(2, '0')).join('-')"
    )


def send(page: Driver, tmp: Path, *files: tuple[str, bytes]) -> list[Path]:
    """Choose files in the page's picker and wait for the check (or the mapping step) to finish."""
    before = page.text("#recert-status")
    paths = []
    for name, data in files:
        (tmp / name).write_bytes(data)
        paths.append(tmp / name)
    page.set_files("#recert-file", paths)
    page.wait(
        "const s = document.querySelector('#recert-status').textContent;"
        " return s !== arguments[0] && !s.startsWith('Checking');",
        before,
    )
    return paths


def wait_checked_again(page: Driver, action) -> None:
    """Do `action` (a click that checks the files again) and wait until that check's answer is shown:
    a new report, or the mapping step drawn anew."""
    page.js(
        "window.__before = [document.querySelector('#recert-report').firstChild,"
        " document.querySelector('#recert-mapping').firstChild]"
    )
    action()
    page.wait(
        "const s = document.querySelector('#recert-status').textContent;"
        " const report = document.querySelector('#recert-report');"
        " const mapping = document.querySelector('#recert-mapping');"
        " return !s.startsWith('Checking') && (report.firstChild !== window.__before[0]"
        " || (!mapping.hidden && mapping.firstChild !== window.__before[1]));"
    )


def change_columns(page: Driver) -> None:
    """Ask for the mapping step on a file that was read, and wait until it is drawn."""
    page.js("window.__mapping = document.querySelector('#recert-mapping').firstChild")
    page.click("#recert-map-change")
    page.wait(
        "const mapping = document.querySelector('#recert-mapping');"
        " return !mapping.hidden && mapping.firstChild !== window.__mapping"
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
    open_checker(page, site_url, "?level=emt&cycle=2026")
    assert "xlsx" in page.attr("#recert-file", "accept")
    assert page.attr("#recert-file", "multiple") is not None
    (path,) = send(page, tmp_path, ("nremt.xlsx", data))
    expected = cli([path], "--today", page_today(page))
    assert page.download("#recert-download-json") == expected
    report = json.loads(expected)
    assert [r["status"] for r in report["rows"]] == ["counted", "counted", "skipped"]
    assert page.count(".recert-rows tbody tr") == 3
    read = page.text(".recert-columns-read")
    assert "Hours: “Contact Hours”" in read and "Date completed: “Completion Date”" in read
    assert "Workbook (.xlsx) read" in page.text(".recert-file")
    page.screenshot("page-workbook")


def test_an_ods_spreadsheet_is_read_as_the_cli_reads_it(page, site_url, tmp_path):
    path = FIXTURES / "reading" / "libreoffice.ods"
    open_checker(page, site_url, "?level=emt&cycle=2026")
    send(page, tmp_path, ("libreoffice.ods", path.read_bytes()))
    expected = cli([path], "--today", page_today(page))
    assert json.loads(expected)["file"]["format"] == "ods"
    assert page.download("#recert-download-json") == expected
    assert page.count(".recert-rows tbody tr") == len(json.loads(expected)["rows"])


UNKNOWN_HOURS = (
    b"Date,Course Title,Value,Approval Number,Component\n"
    b"2025-05-14,Airway and ventilation review,2,T2-4411,National\n"
    b"2025-09-03,Pediatric assessment,1.5,T3-5120,Individual\n"
)


def labels(page: Driver) -> list[str]:
    return page.js(
        "return [...document.querySelectorAll('#recert-mapping label[for^=recert-map-]')].map((l) => l.textContent)"
    )


def test_the_mapping_step_checks_remembers_and_forgets(page, site_url, tmp_path):
    open_checker(page, site_url, "?level=emt&cycle=2026")
    (path,) = send(page, tmp_path, ("tracker.csv", UNKNOWN_HOURS))
    # The check says what is missing (the CLI's sentence), and the mapping step offers the fix.
    assert page.visible("#recert-error") and "Missing column: hours" in page.text("#recert-error")
    assert page.visible("#recert-mapping")
    assert "hours" in page.text("#recert-mapping fieldset p")
    assert labels(page) == [
        "Column 1: “Date”",
        "Column 2: “Course Title”",
        "Column 3: “Value”",
        "Column 4: “Approval Number”",
        "Column 5: “Component”",
    ]
    assert page.value("#recert-map-1") == "title" and page.value("#recert-map-2") == ""
    assert page.count(".recert-map-preview tbody tr") == 2
    assert page.text(".recert-map-preview tbody tr td:nth-child(3)") == "2"
    assert page.axe_serious("#recert-mapping") == []
    page.screenshot("page-mapping")
    page.select("#recert-map-2", "hours")
    wait_checked_again(page, lambda: page.click("#recert-map-check"))
    page.wait_for("#recert-verdict")
    assert not page.visible("#recert-error") and not page.visible("#recert-mapping")
    expected = cli([path], "--columns", "hours=Value", "--today", page_today(page))
    assert page.download("#recert-download-json") == expected
    assert json.loads(expected)["file"]["columns"]["hours"] == "Value"
    assert "Hours: “Value”" in page.text(".recert-columns-read")
    assert page.visible(".recert-map-remembered")

    # The same header on a later visit: read as chosen, and said so.
    reload(page)
    send(page, tmp_path, ("tracker-2.csv", UNKNOWN_HOURS))
    assert page.visible("#recert-verdict") and not page.visible("#recert-mapping")
    assert "remembered on this device" in page.text(".recert-map-remembered")
    assert page.download("#recert-download-json") == expected
    # A different header is not read with it.
    send(page, tmp_path, ("other.csv", UNKNOWN_HOURS.replace(b"Value", b"Qty")))
    assert page.visible("#recert-mapping") and page.visible("#recert-error")

    # Forgotten on request: the same file then needs the mapping step again.
    send(page, tmp_path, ("tracker.csv", UNKNOWN_HOURS))
    page.click("#recert-map-forget")
    page.wait("return !document.querySelector('#recert-mapping').hidden")
    assert page.js(REMEMBERED) == []
    assert page.visible("#recert-error")


TWO_NUMBERS = b"Date,Title,Hours,CE Credits,Approval\n2025-05-14,Airway review,2,1,T2-4411\n"


def test_not_used_stops_a_recognised_column_being_read_and_is_remembered(page, site_url, tmp_path):
    open_checker(page, site_url, "?level=emt&cycle=2026")
    (path,) = send(page, tmp_path, ("two-numbers.csv", TWO_NUMBERS))
    report = json.loads(page.download("#recert-download-json"))
    assert report["rows"][0]["hours"] == 2 and report["file"]["columns"]["approval"] == "Approval"
    change_columns(page)
    assert page.visible("#recert-mapping")
    assert page.value("#recert-map-2") == "hours" and page.value("#recert-map-4") == "approval"
    page.select("#recert-map-2", "")
    page.select("#recert-map-3", "hours")
    page.select("#recert-map-4", "")  # a column the checker knows, marked "Not used": not read
    page.set_checked("#recert-map-remember", False)
    wait_checked_again(page, lambda: page.click("#recert-map-check"))
    page.wait("return document.querySelector('.recert-columns-read')?.textContent.includes('CE Credits')")
    expected = cli(
        [path],
        "--columns",
        "date=Date,title=Title,hours=CE Credits,ignore=Hours,ignore=Approval",
        "--today",
        page_today(page),
    )
    assert page.download("#recert-download-json") == expected
    report = json.loads(expected)
    assert report["rows"][0]["hours"] == 1 and "approval" not in report["file"]["columns"]
    assert report["rows"][0]["status"] == "unverified"  # with its approval number unread, it cannot count
    assert "Not used: “Hours”, “Approval”" in page.text(".recert-columns-read")
    assert page.count(".recert-map-override") == 0  # no note that a "Not used" column was read after all
    assert page.count(".recert-map-remembered") == 0 and page.js(REMEMBERED) == []

    # Chosen again and remembered: a later visit reads the file with "Not used" kept.
    change_columns(page)
    assert page.value("#recert-map-2") == "" and page.value("#recert-map-3") == "hours"
    assert page.value("#recert-map-4") == ""
    wait_checked_again(page, lambda: page.click("#recert-map-check"))
    assert len(page.js(REMEMBERED)) == 1
    reload(page)
    send(page, tmp_path, ("two-numbers-again.csv", TWO_NUMBERS))
    assert "remembered on this device" in page.text(".recert-map-remembered")
    assert page.download("#recert-download-json") == expected


def test_a_required_column_marked_not_used_is_the_usual_missing_column(page, site_url, tmp_path):
    open_checker(page, site_url, "?level=emt&cycle=2026")
    send(page, tmp_path, ("plain.csv", b"Date,Title,Hours\n2025-05-14,Airway review,2\n"))
    assert page.visible("#recert-verdict")
    change_columns(page)
    page.select("#recert-map-2", "")
    wait_checked_again(page, lambda: page.click("#recert-map-check"))
    page.wait("return !document.querySelector('#recert-mapping').hidden")
    assert page.visible("#recert-error") and "Missing column: hours" in page.text("#recert-error")
    assert page.text("#recert-map-problem") == "Choose the column for: hours."
    assert page.value("#recert-map-2") == ""  # the choice made is shown, to be corrected
    assert page.js(REMEMBERED) == []  # a choice that cannot be read is not remembered
    page.select("#recert-map-2", "hours")
    wait_checked_again(page, lambda: page.click("#recert-map-check"))
    page.wait_for("#recert-verdict")
    assert not page.visible("#recert-error") and not page.visible("#recert-mapping")


def test_each_file_dropped_together_gets_its_own_mapping(page, site_url, tmp_path):
    from recert_core import browser

    mine = b"Date,Course Title,Value,Approval Number\n2025-05-14,Airway and ventilation review,2,T2-4411\n"
    vendor = b"Completion Date,Class Name,Seat Time,Course Number,CAPCE #\n06/02/2025,Trauma triage,1.5,VND-7,T2-8802\n"
    open_checker(page, site_url, "?level=emt&cycle=2026")
    send(page, tmp_path, ("mine.csv", mine), ("vendor.csv", vendor))
    assert page.visible("#recert-error") and page.visible("#recert-mapping")
    # One block per file, each with its own columns.
    assert page.js("return [...document.querySelectorAll('.recert-map-file legend')].map((l) => l.textContent)") == [
        "“mine.csv”",
        "“vendor.csv”",
    ]
    assert labels(page)[2] == "Column 3 of “mine.csv”: “Value”"
    assert labels(page)[6] == "Column 3 of “vendor.csv”: “Seat Time”"
    page.select("#recert-map-2", "hours")
    page.select("#recert-map-1-2", "hours")
    page.select("#recert-map-1-3", "")  # the vendor's own course number, not an approval number
    wait_checked_again(page, lambda: page.click("#recert-map-check"))
    page.wait_for("#recert-verdict")
    choices = [
        {"date": "Date", "title": "Course Title", "hours": "Value", "approval": "Approval Number"},
        {"date": "Completion Date", "title": "Class Name", "hours": "Seat Time", "approval": "CAPCE #"},
    ]
    browser.run_check([mine, vendor], "emt", "2026", page_today(page), ["mine.csv", "vendor.csv"], choices)
    expected = browser.last_json().decode()
    assert page.download("#recert-download-json") == expected
    assert [r["hours"] for r in json.loads(expected)["rows"]] == [2, 1.5]
    assert len(page.js(REMEMBERED)) == 2
    # On request, every file's columns (both headers remembered: read at once on a later visit).
    reload(page)
    send(page, tmp_path, ("mine.csv", mine), ("vendor.csv", vendor))
    assert page.visible("#recert-verdict") and "remembered on this device" in page.text(".recert-map-remembered")
    assert page.download("#recert-download-json") == expected
    change_columns(page)
    assert page.count(".recert-map-file") == 2
    assert page.value("#recert-map-1-2") == "hours" and page.value("#recert-map-1-3") == ""
    assert page.axe_serious("#recert-mapping") == []
    page.screenshot("page-mapping-two-files")


def type_course(page: Driver, index: int, date: str, title: str, hours: str, approval: str, component: str) -> None:
    page.fill(f"#recert-edit-{index}-date", date)
    page.fill(f"#recert-edit-{index}-title", title)
    page.fill(f"#recert-edit-{index}-hours", hours)
    page.fill(f"#recert-edit-{index}-approval", approval)
    page.select(f"#recert-edit-{index}-component", component)


def wait_checked(page: Driver, index: int, status: str) -> None:
    page.wait(
        "return document.querySelector(`#recert-editor tbody tr[data-index='${arguments[0]}']`)?.dataset.status"
        " === arguments[1]",
        index,
        status,
        timeout=20,
    )


def national_counted(page: Driver) -> str:
    return page.text(".recert-components table tbody tr td:nth-child(3)")


def wait_national(page: Driver, text: str) -> None:
    page.wait(
        "return document.querySelector('.recert-components tbody tr td:nth-child(3)')?.textContent === arguments[0]",
        text,
        timeout=20,
    )


def test_the_editor_from_nothing(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2026")
    page.click("#recert-type")
    page.wait_for("#recert-edit-0-date")
    type_course(page, 0, "2025-05-14", "Airway and ventilation review", "2", "T2-4411", "National")
    wait_checked(page, 0, "counted")
    wait_national(page, "2 h")
    first_verdict = page.text("#recert-verdict")
    page.click("#recert-edit-add")
    type_course(page, 1, "2025-09-03", "Cardiac arrest management", "3", "", "National")
    # No approval number: not counted until verified, and the reason is shown in the row itself.
    wait_checked(page, 1, "unverified")
    assert "approval number" in page.text("#recert-editor tbody tr[data-index='1'] .recert-edit-reasons")
    assert national_counted(page) == "2 h"
    assert "Not counted until verified" in page.text("#recert-report")
    page.fill("#recert-edit-1-approval", "T2-5120")
    wait_checked(page, 1, "counted")
    wait_national(page, "5 h")
    assert page.text("#recert-verdict") != first_verdict
    # Cards expiring 2026 need a pediatric share of National: unmarked, it cannot be checked; marked, it
    # counts (the page's line is the report's own, as the command line writes it).
    pediatric = RULES.cycle(2026).pediatric_hours("emt")
    assert page.text(".recert-pediatric").endswith(f"0 h of {hours_text(pediatric)}")
    assert "Pediatric column" in page.text(".recert-needs")
    page.select("#recert-edit-0-pediatric", "Yes")
    page.select("#recert-edit-1-pediatric", "No")
    page.wait(
        "return document.querySelector('.recert-pediatric')?.textContent.includes(arguments[0])",
        f"{hours_text(min(pediatric, 2))} of {hours_text(pediatric)}",
        timeout=20,
    )
    assert page.axe_serious("#recert-editor") == []
    page.screenshot("page-editor")

    text = page.download("#recert-edit-download").removeprefix("\ufeff")
    lines = text.splitlines()
    assert lines[0] == TEMPLATE.splitlines()[0] == ",".join(EDITOR_COLUMNS)
    assert lines[1:] == [  # topic and delivery left blank
        "2025-05-14,Airway and ventilation review,2,T2-4411,National,,,Yes",
        "2025-09-03,Cardiac arrest management,3,T2-5120,National,,,No",
    ]
    # Nothing is kept unless asked.
    assert page.js("return localStorage.getItem('recert-editor-rows')") is None

    # Deleting a course checks again.
    page.click("#recert-editor tbody tr[data-index='0'] .recert-edit-delete")
    wait_national(page, "3 h")
    assert page.value("#recert-edit-0-title") == "Cardiac arrest management"


def test_the_editor_remembers_only_when_asked(page, site_url):
    open_checker(page, site_url, "?level=emt&cycle=2026")
    page.click("#recert-type")
    page.wait_for("#recert-edit-0-date")
    type_course(page, 0, "2025-05-14", "Airway and ventilation review", "2", "T2-4411", "National")
    wait_checked(page, 0, "counted")
    page.set_checked("#recert-editor-remember", True)
    reload(page)
    page.wait_for("#recert-edit-0-title")
    assert page.value("#recert-edit-0-title") == "Airway and ventilation review"
    assert page.js("return document.querySelector('#recert-editor-remember').checked")
    wait_checked(page, 0, "counted")
    page.set_checked("#recert-editor-remember", False)
    assert page.js("return localStorage.getItem('recert-editor-rows')") is None
    reload(page)
    assert not page.visible("#recert-editor")


def test_a_file_opened_in_the_editor_is_fixed_there(page, site_url, tmp_path):
    data = (
        b"Date,Course Name,CE Hours,CAPCE Number,Component,Status\n"
        b"2025-05-14,Airway and ventilation review,2,T2-4411,National,Complete\n"
        b"2025-06-02,Trauma triage,1.5,,National,Complete\n"
        b"2025-07-01,Stroke update,1,T2-7001,National,In Progress\n"
    )
    open_checker(page, site_url, "?level=emt&cycle=2026")
    send(page, tmp_path, ("lms.csv", data))
    page.click("#recert-edit")
    page.wait_for("#recert-edit-1-title")
    assert page.count("#recert-editor tbody tr") == 2  # the course in progress is left out, and said so
    assert "1 row(s)" in page.text("#recert-editor")
    wait_checked(page, 1, "unverified")
    page.fill("#recert-edit-1-approval", "T2-8802")
    wait_checked(page, 1, "counted")
    wait_national(page, "3.5 h")


def test_the_editor_on_a_phone(phone, site_url):
    page = phone
    open_checker(page, site_url, "?level=emt&cycle=2026")
    page.click("#recert-type")
    page.wait_for("#recert-edit-0-date")
    type_course(page, 0, "2025-05-14", "Airway and ventilation review", "2", "", "National")
    wait_checked(page, 0, "unverified")
    # Every field is labelled where it is, and the page does not scroll sideways.
    # (WebKitGTK's MiniBrowser window is at least 447 px wide: its viewport is the width there.)
    width = page.js("return window.innerWidth")
    assert width <= 447, "the phone viewport was not applied"
    assert page.visible("label[for='recert-edit-0-title']")
    assert page.js("return document.documentElement.scrollWidth <= window.innerWidth")
    box = page.js(
        "const r = document.querySelector('#recert-edit-0-title').getBoundingClientRect(); return [r.x, r.right]"
    )
    assert box[0] >= 0 and box[1] <= width
    # Typing goes on through the checks the typing starts (the page never takes the focus away).
    page.click("#recert-edit-0-approval")
    page.type_keys("#recert-edit-0-approval", "T2-44", delay=0.25)
    page.js("return new Promise((done) => setTimeout(done, 700))")
    page.type_keys("#recert-edit-0-approval", "11", delay=0.25)
    wait_checked(page, 0, "counted")
    assert page.js("return document.activeElement.id") == "recert-edit-0-approval"
    assert page.value("#recert-edit-0-approval") == "T2-4411"
    page.screenshot("page-editor-390")


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
    open_checker(page, site_url, "?level=emt&cycle=2026")
    paths = send(page, tmp_path, ("nremt.csv", nremt), ("vendor.csv", vendor))
    expected = cli(paths, "--combine")
    assert page.download("#recert-download-json") == expected
    report = json.loads(expected)
    assert report["summary"]["rows"] == 4 and report["file"]["files"] == ["nremt.csv", "vendor.csv"]
    assert [r["code"] for r in report["rows"][2]["reasons"]] == ["duplicate"]
    assert page.count(".recert-rows li[data-code=duplicate]") == 1
    assert "“nremt.csv”, “vendor.csv”" in page.text("#recert-status")


def open_person(page: Driver, index: int) -> None:
    page.click(f".recert-roster button[data-index='{index}']")
    page.wait_for(f"tr.recert-person[data-index='{index}'][data-loaded=yes]")


def test_a_roster_shows_each_person(page, site_url, tmp_path):
    roster = (
        b"Last Name,First Name,NREMT ID,Course Title,Completion Date,CEH,CAPCE #,Component\n"
        b"Rivera,Ana,E1234567,Airway and ventilation review,2025-05-14,2,24-WXYZ-F1-0101,National\n"
        b"Okafor,Ben,E7654321,Airway and ventilation review,2025-05-14,2,24-WXYZ-F1-0101,National\n"
        b"Rivera,Ana,E1234567,Airway and ventilation review,2025-05-14,2,24-WXYZ-F1-0101,National\n"
        b"Okafor,Ben,E7654321,Regional protocols,2025-08-01,3,MA-T1-2025-0007,Local\n"
    )
    open_checker(page, site_url, "?level=emt&cycle=2026")
    (path,) = send(page, tmp_path, ("roster.csv", roster))
    expected = cli([path], "--today", page_today(page))
    assert page.download("#recert-download-json") == expected
    people = json.loads(expected)["people"]
    assert page.attr("#recert-checker", "data-result") == "roster"
    assert page.count(".recert-roster tbody tr") == len(people) == 2
    assert page.js(
        "return [...document.querySelectorAll('.recert-roster tbody tr td:first-child')].map((td) => td.textContent)"
    ) == [p["person"] for p in people]
    short = page.js(
        "return document.querySelector('.recert-roster tbody tr:nth-child(2) td[data-label^=National]').textContent"
    )
    assert short == f"{people[1]['components']['national']['short']} h"
    assert page.count("tr.recert-person") == 0  # no report is drawn (or sent) until its row is opened
    open_person(page, 0)
    assert page.count("tr.recert-person[data-index='0'] .recert-person-rows tbody tr") == 2
    assert page.count("tr.recert-person[data-index='0'] li[data-code=duplicate]") == 1  # within one person
    assert page.text("tr.recert-person[data-index='0'] .recert-person-verdict") == people[0]["verdict"]
    open_person(page, 1)
    assert (
        page.count("tr.recert-person[data-index='1'] li[data-code=duplicate]") == 0
    )  # the same course, another person
    assert page.attr(".recert-roster button[data-index='1']", "aria-expanded") == "true"
    assert page.axe_serious("#recert-report") == []
    page.click(".recert-roster button[data-index='1']")  # closed again
    assert not page.visible("tr.recert-person[data-index='1']")
    summary_csv = page.download("#recert-download-csv").removeprefix("\ufeff")
    assert summary_csv.splitlines() == cli([path], "--today", page_today(page), fmt="csv").lstrip("\ufeff").splitlines()
    assert summary_csv.splitlines()[0].startswith("Person,Level,Cycle,Met,Met if verified,National short (h)")
    page.screenshot("page-roster")


def test_a_roster_of_two_thousand_people_draws_every_person_and_each_report_on_demand(page, site_url, tmp_path):
    from recert_core import browser

    lines = ["Employee,NREMT ID,Course Title,Completion Date,CEH,CAPCE #,Component"]
    for n in range(2000):
        person = f"Provider {n:04d}"
        lines.append(f"{person},E{n:07d},Airway review for {person},2025-05-14,2,24-WXYZ-F1-{n:04d},National")
        if n % 3 == 0:
            lines.append(f"{person},E{n:07d},Regional protocols,2025-08-01,{n % 7 + 1},MA-T1-2025-0007,Local")
    data = ("\n".join(lines) + "\n").encode()
    summary = json.loads(browser.run_check(data, "emt", "2026", "2026-11-21"))["people"]
    open_checker(page, site_url, "?level=emt&cycle=2026")
    path = tmp_path / "agency.csv"
    path.write_bytes(data)
    page.set_files("#recert-file", [path])
    page.wait("return document.querySelector('#recert-checker').dataset.result === 'roster'", timeout=180)
    assert page.text("#recert-verdict").startswith("Roster: 2000 people")
    # Drawn a batch at a time (each in its own task, so the page is never held): wait for the last.
    page.wait_for(".recert-roster[data-drawn=all]")
    names = page.js(
        "return [...document.querySelectorAll('.recert-roster tbody tr td:first-child')].map((td) => td.textContent)"
    )
    assert names == [p["person"] for p in summary] and len(set(names)) == 2000
    assert page.count(".recert-roster tbody tr[data-status=met]") == sum(p["met"] for p in summary)
    assert page.count("tr.recert-person") == 0
    # Opening one person asks the worker for that person's own report, and only theirs.
    open_person(page, 1234)
    titles = page.js(
        "return [...document.querySelectorAll(\"tr.recert-person[data-index='1234'] .recert-person-rows tbody tr\")]"
        ".map((tr) => tr.children[2].textContent)"
    )
    assert titles == ["Airway review for Provider 1234"]
    open_person(page, 1998)
    assert "Regional protocols" in page.text("tr.recert-person[data-index='1998'] .recert-person-rows")
    assert page.count("tr.recert-person") == 2
