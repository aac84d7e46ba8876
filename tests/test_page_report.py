"""The page says what the command line says (issue 18), and the report's details on a phone, on paper
and for a training officer (issue 22), on the real built site in Chromium, Firefox and WebKit.

How the file was read (every note of `file.notes`, by its code) right under the verdict with the way
to change the columns; the column step offering every field the reader knows and fitting a phone and a
desktop; the dates' other order a tap away where no date settled it (and remembered); the error box in
the page's words; a roster's level, cycle, topics, unverified hours, its filter and order, each value
named on a phone; the NREMT export's rows to fix first; the "Back to top" button clear of a second
check's verdict and the downloads after what to do next; a report printed on few pages; the comparison
page at 390 px. Assertions are on codes and values (the JSON the page downloads, which is the command
line's), not on English. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browsers import Driver, Unobservable, watching

from recert_core import browser
from recert_core.transcript.columns import FIELDS

pytestmark = pytest.mark.browser
READY = "#recert-checker[data-state=ready]"
PHONE = {"width": 390, "height": 844}
# WebKitGTK's MiniBrowser window is at least 447 px wide: its viewport is the width there.
PHONE_WIDEST = 447


@pytest.fixture
def page(engines, engine):
    with watching(engines.driver(engine)) as driver:
        yield driver


@pytest.fixture
def phone(engines, engine):
    with watching(engines.driver(engine, viewport=PHONE)) as driver:
        yield driver


def open_checker(page: Driver, site_url: str, query: str = "?level=emt&cycle=2026") -> None:
    page.goto(f"{site_url}/checker/{query}")
    page.wait_for(READY, timeout=60)


def send(page: Driver, tmp: Path, name: str, data: bytes) -> Path:
    """Choose a file and wait for its check (or its column step) to be shown."""
    before = page.text("#recert-status")
    path = tmp / name
    path.write_bytes(data)
    page.set_file("#recert-file", path)
    page.wait(
        "const s = document.querySelector('#recert-status').textContent;"
        " return s !== arguments[0] && !s.startsWith('Checking');",
        before,
    )
    return path


def checked_again(page: Driver, selector: str) -> None:
    """Click `selector` (which checks the files again) and wait for the new report."""
    page.js("window.__before = document.querySelector('#recert-report').firstChild")
    page.click(selector)
    page.wait(
        "return !document.querySelector('#recert-status').textContent.startsWith('Checking')"
        " && document.querySelector('#recert-report').firstChild !== window.__before"
    )


def cli(path: Path, *options: str, fmt: str = "json", env: dict[str, str] | None = None) -> str:
    command = [sys.executable, "-m", "recert_core", "check", str(path), "--level", "emt", "--cycle", "2026"]
    done = subprocess.run(
        [*command, "--format", fmt, *options],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LANG": "en_US.UTF-8", **(env or {})},
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def no_sideways_scrolling(page: Driver, within: str) -> None:
    width = page.js("return window.innerWidth")
    assert page.js("return document.documentElement.scrollWidth") <= width
    wider = (
        "return [...document.querySelectorAll(arguments[0] + ' *')]"
        ".filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5).map((e) => e.outerHTML.slice(0, 80))"
    )
    assert page.js(wider, within) == []


# A tracker whose hours are split over the components' columns, with a time-spent column and no title:
# each course named by its number, and dates no cell settles (read as the device writes them).
SPLIT = (
    b"Date Attended,CAPCE #,NCCR Hours,LCCR Hours,ICCR Hours,Time Spent\n"
    b"03/04/2025,24-WXYZ-F1-0101,2,,,2:10\n"
    b"05/06/2025,24-WXYZ-F1-0202,,1.5,,1:40\n"
    b"07/08/2025,24-WXYZ-F3-0303,,,1,1:05\n"
)
# Two columns whose headings say nothing: their cells say what they are.
BY_CELLS = (
    b"Date,Course,Hours,Misc,X\n"
    b"2025-05-14,Airway review,2,24-WXYZ-F1-0101,National\n"
    b"2025-06-01,Trauma triage,1,T2-4411,Local\n"
    b"2025-07-01,Cardiac arrest care,1,T2-4412,Individual\n"
)


def notes_shown(page: Driver) -> list[str]:
    return page.js(
        "return [...document.querySelectorAll('.recert-reading .recert-notes li')].map((li) => li.dataset.code)"
    )


@pytest.mark.parametrize(("name", "data"), [("split.csv", SPLIT), ("by-cells.csv", BY_CELLS)])
def test_every_note_on_how_the_file_was_read_is_shown_under_the_verdict(page, site_url, tmp_path, name, data):
    open_checker(page, site_url)
    send(page, tmp_path, name, data)
    report = json.loads(page.download("#recert-download-json"))
    codes = [n["code"] for n in report["file"]["notes"]]
    assert codes, "the file was meant to need notes"
    assert notes_shown(page) == codes
    messages = page.js(
        "return [...document.querySelectorAll('.recert-notes li')].map((li) => li.firstChild.textContent)"
    )
    assert messages == [n["message"] for n in report["file"]["notes"]]
    # Right under the verdict and its line of context, before the rows to fix and the tables.
    order = page.js(
        "const report = document.querySelector('#recert-report');"
        " return [...report.children].map((e) => e.id || e.className.split(' ')[0] || e.tagName)"
    )
    assert order[:3] == ["recert-verdict", "P", "recert-reading"]
    # Every row's reasons shown by their codes, as the JSON gives them.
    page.wait_for(".recert-rows[data-drawn=yes]")
    shown = page.js(
        "return [...document.querySelectorAll('.recert-rows tbody tr')].map((tr) =>"
        " [...tr.querySelectorAll('li[data-code]')].map((li) => li.dataset.code))"
    )
    assert shown == [[r["code"] for r in row["reasons"]] for row in report["rows"]]
    if name == "split.csv":
        assert {"no-title-column", "split-hours", "time-spent-not-read"} <= set(codes)
    else:
        assert codes == ["read-by-cells", "read-by-cells"]
        # The column step says which columns their cells decided.
        page.click("#recert-map-change")
        page.wait("return !document.querySelector('#recert-mapping').hidden")
        by_cells = page.js(
            "return [...document.querySelectorAll('.recert-map-columns [data-by-cells=yes] select')]"
            ".map((s) => [s.dataset.header, s.value])"
        )
        assert sorted(by_cells) == [["Misc", "approval"], ["X", "component"]]
    page.screenshot(f"page-notes-{Path(name).stem}")


WIDE = (
    b"Provider Name,Cert Level,Cert Expires,Session Name,Date Attended,NCCR Hours,LCCR Hours,ICCR Hours,"
    b"Online?,CAPCE #,Status,Accreditation,Time Spent\n"
    b"Pat Doe,EMT,03/31/2026,Airway management update,05/14/2025,2,,,No,24-WXYZ-F1-0101,Completed,CAPCE,02:10\n"
    b"Pat Doe,EMT,03/31/2026,Regional protocols,06/20/2025,,3,,No,MA-T1-2025-0007,Completed,State,03:00\n"
    b"Sam Lee,Paramedic,03/31/2027,Cardiac arrest care,07/10/2025,3,,,Yes,24-WXYZ-F3-0303,Completed,CAPCE,03:05\n"
    b"Sam Lee,Paramedic,03/31/2027,Pediatric review,08/03/2025,,,2,No,,Completed,Self-reported,02:00\n"
)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_column_step_offers_every_field_and_fits_the_screen(engines, engine, site_url, tmp_path, width):
    with watching(engines.driver(engine, viewport={"width": width, "height": 900})) as page:
        open_checker(page, site_url)
        send(page, tmp_path, "wide.csv", WIDE)
        # The columns line, with its way to change them, is within the first screen below the verdict.
        gap = page.js(
            "return document.querySelector('#recert-map-change').getBoundingClientRect().top"
            " - document.querySelector('#recert-verdict').getBoundingClientRect().bottom"
        )
        assert 0 < gap < page.js("return innerHeight")
        page.click("#recert-map-change")
        page.wait("return !document.querySelector('#recert-mapping').hidden")
        offered = page.js(
            "return [...document.querySelectorAll('#recert-map-0 option')].map((o) => o.value).filter(Boolean)"
        )
        assert offered == list(FIELDS)
        chosen = page.js(
            "return Object.fromEntries([...document.querySelectorAll('.recert-map-columns select')]"
            ".filter((s) => s.value).map((s) => [s.value, s.dataset.header]))"
        )
        assert chosen == json.loads(browser.preview(WIDE))["files"][0]["columns"]
        assert {"person", "level", "expires", "hours_national", "delivery", "status", "accreditation"} <= set(chosen)
        if width < 500:
            assert page.js("return innerWidth") <= PHONE_WIDEST
        no_sideways_scrolling(page, "#recert-mapping")
        page.js("document.querySelector('#recert-mapping').scrollIntoView()")
        page.screenshot(f"page-column-step-{width}")


AMBIGUOUS = (
    b"Date,Course Title,Hours,Approval Number,Component\n"
    b"03/04/2025,Airway and ventilation review,2,T2-4411,National\n"
    b"05/06/2025,Trauma triage,1.5,T3-5120,National\n"
    b"08/09/2025,Pediatric assessment,1,T3-5121,Individual\n"
)


def test_dates_no_cell_settles_are_read_as_the_device_writes_them_and_turned_in_one_tap(page, site_url, tmp_path):
    open_checker(page, site_url)
    path = send(page, tmp_path, "ambiguous.csv", AMBIGUOUS)
    device = page.js(
        "const parts = new Intl.DateTimeFormat().formatToParts(new Date(2025, 2, 19)).map((p) => p.type);"
        " return parts.indexOf('day') < parts.indexOf('month') ? 'day-first' : 'month-first'"
    )
    other = {"day-first": "month-first", "month-first": "day-first"}[device]
    report = json.loads(page.download("#recert-download-json"))
    (note,) = report["file"]["notes"]
    assert note["code"] == f"{device}-dates" and note["settled_by"] == "locale" and note["order"] == device
    assert page.attr("#recert-dates", "data-order") == other
    checked_again(page, "#recert-dates")
    expected = cli(path, "--columns", f"dates={other}")
    assert page.download("#recert-download-json") == expected
    turned = json.loads(expected)
    assert turned["file"]["notes"] == []  # the reader's own choice needs no note
    assert [r["date"] for r in turned["rows"]] != [r["date"] for r in report["rows"]]
    assert page.attr(".recert-dates-chosen", "data-order") == other
    # Remembered with the other column choices for this header: a later visit reads it so at once.
    page.goto(page.js("return location.href"))
    page.wait_for(READY, timeout=60)
    send(page, tmp_path, "ambiguous-again.csv", AMBIGUOUS)
    assert page.download("#recert-download-json") == expected
    assert page.visible(".recert-map-remembered")
    # And turned back in one tap.
    assert page.attr("#recert-dates", "data-order") == device
    checked_again(page, "#recert-dates")
    assert page.download("#recert-download-json") == cli(path, "--columns", f"dates={device}")
    page.screenshot("page-dates-turned")


@pytest.mark.parametrize(("locale", "order"), [("en-GB", "day-first"), ("en-US", "month-first")])
def test_the_page_passes_its_locales_date_order(engines, engine, site_url, tmp_path, locale, order):
    try:
        driver = engines.driver(engine, locale=locale)
    except Unobservable as reason:
        pytest.skip(str(reason))
    with watching(driver) as page:
        open_checker(page, site_url)
        path = send(page, tmp_path, "ambiguous.csv", AMBIGUOUS)
        report = json.loads(page.download("#recert-download-json"))
        assert [n["code"] for n in report["file"]["notes"]] == [f"{order}-dates"]
        lang = {"en-GB": "en_GB.UTF-8", "en-US": "en_US.UTF-8"}[locale]
        assert page.download("#recert-download-json") == cli(path, env={"LANG": lang})


def test_a_cell_that_settles_the_order_offers_no_other(page, site_url, tmp_path):
    open_checker(page, site_url)
    send(page, tmp_path, "day-first.csv", AMBIGUOUS.replace(b"08/09/2025", b"19/08/2025"))
    report = json.loads(page.download("#recert-download-json"))
    assert [(n["code"], n["settled_by"]) for n in report["file"]["notes"]] == [("day-first-dates", "cells")]
    assert notes_shown(page) == ["day-first-dates"]
    assert page.count("#recert-dates") == 0


MISSING_HOURS = b"Date,Course Title,Value,Approval Number\n2025-05-14,Airway review,2,T2-4411\n"


def test_the_error_box_speaks_to_the_pages_reader(page, site_url, tmp_path):
    open_checker(page, site_url)
    send(page, tmp_path, "value.csv", MISSING_HOURS)
    answer = json.loads(browser.run_check(MISSING_HOURS, "emt", "2026", "2026-11-21"))
    assert "--columns" in answer["error"] and "--" not in answer["page"]  # the command line's, and the page's
    text = page.text("#recert-error")
    assert answer["page"] in text and "--columns" not in text and "recert check" not in text
    assert page.visible("#recert-mapping")


def roster_file() -> bytes:
    """A training officer's roster with each person's level and card expiry: one person who meets the
    requirements, one who would once a course's approval number is found, two who do not (one a paramedic)."""
    full = [
        ("Airway review", 4, "National", "Airway"),
        ("Cardiology update", 5, "National", "Cardiology"),
        ("Trauma triage", 3, "National", "Trauma"),
        ("Medical emergencies", 6, "National", "Medical"),
        ("EMS operations", 2, "National", "Operations"),
        ("Regional protocols", 5, "Local", ""),
        ("Regional drills", 5, "Local", ""),
        ("Pediatric assessment", 5, "Individual", ""),
        ("Geriatric care", 5, "Individual", ""),
    ]
    # Cards expiring 2026 on need a pediatric share of National: the file says which courses are.
    lines = ["Employee Name,Cert Level,Cert Expires,Course Title,Completion Date,CEH,CAPCE #,Component,Topic,Pediatric"]
    people = [
        ("Ana Rivera", "EMT", full, None),
        ("Ben Okafor", "Paramedic", full[:3], None),
        ("Cal Diaz", "EMT", full, 7),
        ("Dee Park", "EMT", [full[0], *full[5:7]], None),
    ]
    for name, level, courses, unnumbered in people:
        expires = "03/31/2027" if level == "Paramedic" else "03/31/2026"
        for n, (title, hours, component, topic) in enumerate(courses):
            number = "" if n == unnumbered else f"24-WXYZ-F1-{len(lines):04d}"
            pediatric = "Yes" if title == "Airway review" else "No"
            day = f"2025-0{n % 9 + 1}-14"
            lines.append(f"{name},{level},{expires},{title},{day},{hours},{number},{component},{topic},{pediatric}")
    return ("\n".join(lines) + "\n").encode()


def roster_rows(page: Driver) -> list[dict]:
    return page.js(
        "return [...document.querySelectorAll('.recert-roster tbody tr:not(.recert-person)')].map((tr) => ({"
        " status: tr.dataset.status, person: tr.children[0].textContent,"
        " cells: [...tr.children].map((td) => [td.dataset.label, td.textContent]) }))"
    )


def test_a_roster_shows_each_persons_level_cycle_topics_and_unverified_hours_sorted_and_filtered(
    phone, site_url, tmp_path
):
    page = phone
    open_checker(page, site_url)
    data = roster_file()
    path = send(page, tmp_path, "roster.csv", data)
    page.wait_for(".recert-roster[data-drawn=all]")
    expected = cli(path)
    assert page.download("#recert-download-json") == expected
    summary = json.loads(browser.run_check(data, "emt", "2026", "2026-11-21"))
    people = summary["people"]
    head = page.js("return [...document.querySelectorAll('.recert-roster thead th')].map((th) => th.textContent)")
    rows = roster_rows(page)
    assert [r["person"] for r in rows] == [p["person"] for p in people]
    for row, person in zip(rows, people, strict=True):
        # Every value keeps its column's name (shown before it on a phone).
        assert [label for label, _ in row["cells"]] == head
        values = dict(row["cells"])
        assert values["Cycle"] == str(person["cycle"])
        assert values["Unverified"] == f"{person['unverified']} h"
        assert values["Topics short"] == "; ".join(f"{t} {h} h" for t, h in person["topics_short"].items())
        status = "met" if person["met"] else "met-if-verified" if person["met_if_verified"] else "not-met"
        assert row["status"] == status
    # Each at their own level and cycle; each status and a topic shortfall and unverified hours among them.
    assert [(p["level"], p["cycle"]) for p in people] == [
        ("emt", 2026),
        ("paramedic", 2027),
        ("emt", 2026),
        ("emt", 2026),
    ]
    assert {r["status"] for r in rows} == {"met", "met-if-verified", "not-met"}
    assert any(p["topics_short"] for p in people) and any(p["unverified"] for p in people)
    assert [dict(r["cells"])["Level"] for r in rows] == ["EMT", "Paramedic", "EMT", "EMT"]
    assert page.text("#recert-verdict") == summary["roster"]["headline"]
    # On a phone each value is a line of its own, after its column's name (a ::before of its data-label,
    # which engines report differently: Chromium resolves attr(), Firefox not); an empty one is not shown.
    labels = page.js(
        "return [...document.querySelectorAll('.recert-roster tbody tr:first-child td:not(:empty)')].map((td) =>"
        " [getComputedStyle(td).display, getComputedStyle(td, '::before').content, td.dataset.label])"
    )
    assert len(labels) >= len(head) - 1
    assert all(d == "block" and ("attr(data-label)" in b or label in b) for d, b, label in labels), labels
    page.screenshot("phone-roster")
    # Filtered by status, and sorted by the hours short.
    for status in ("not-met", "met", "met-if-verified"):
        page.select("#recert-roster-filter", status)
        page.wait("return document.querySelector('.recert-roster').dataset.drawn === 'all'")
        shown = roster_rows(page)
        assert [r["status"] for r in shown] == [s for s in (r["status"] for r in rows) if s == status]
    page.select("#recert-roster-filter", "")
    page.select("#recert-roster-sort", "short")
    page.wait("return document.querySelector('.recert-roster').dataset.drawn === 'all'")
    short = {p["person"]: sum(p["short"].values()) for p in people}
    order = [r["person"] for r in roster_rows(page)]
    assert [short[p] for p in order] == sorted(short.values(), reverse=True)
    # A person opened after sorting is still that person.
    page.click(".recert-roster tbody tr:first-child button")
    page.wait_for("tr.recert-person[data-loaded=yes]")
    assert page.attr("tr.recert-person", "data-person") == order[0]
    no_sideways_scrolling(page, "#recert-report")


NREMT = (
    b"Course Title,Completed Date,Hours,Take Type,Recert Topic Map,Source\n"
    b"Airway management update,05/14/2025,2.00,Live,Airway Respiration and Ventilation,CAPCE Accredited\n"
    b"Trauma triage review,06/02/2025,1.50,Self-paced,Trauma,Self-reported\n"
    b"Cardiac arrest care,07/10/2025,3.00,Live,Cardiology,CAPCE\n"
    b"Pediatric assessment,08/03/2025,2.25,Live,Unassigned,Self-reported\n"
)


def test_the_nremt_export_puts_the_rows_to_fix_first(phone, site_url, tmp_path):
    page = phone
    open_checker(page, site_url)
    path = send(page, tmp_path, "nremt.csv", NREMT)
    expected = cli(path)
    assert page.download("#recert-download-json") == expected
    report = json.loads(expected)
    assert report["summary"]["counted"] == 0 and report["unverified"]  # none can count until numbered
    assert page.text("#recert-verdict") == report["verdict"]
    fixes = page.js("return [...document.querySelectorAll('.recert-fixes li')].map((li) => li.dataset.code)")
    assert fixes == [f["code"] for f in report["next_steps"]["fixes"]]
    assert fixes[0] in ("number-in-record", "no-approval")
    # The rows to fix come first: after the verdict and how the file was read, before anything else.
    order = page.js(
        "return [...document.querySelector('#recert-report').children].map((e) => e.id || e.classList[0] || e.tagName)"
    )
    assert order[:4] == ["recert-verdict", "P", "recert-reading", "recert-fixes"]
    assert order.index("recert-fixes") < order.index("recert-next") < order.index("recert-actions")
    page.js("document.querySelector('.recert-fixes').scrollIntoView()")
    page.screenshot("phone-nremt-fixes")


def test_a_second_check_is_not_covered_by_back_to_top_and_what_to_do_comes_before_the_downloads(
    phone, site_url, tmp_path
):
    page = phone
    open_checker(page, site_url)
    send(page, tmp_path, "first.csv", AMBIGUOUS)
    page.js("scrollTo(0, document.body.scrollHeight)")  # read to the end, then check another file
    send(page, tmp_path, "second.csv", NREMT)
    page.wait("return document.activeElement && document.activeElement.id === 'recert-verdict'")
    page.js("return new Promise((done) => setTimeout(done, 400))")  # the theme's button fades in
    verdict = page.js("return document.querySelector('#recert-verdict').getBoundingClientRect().top")
    header = page.js("return document.querySelector('.md-header').getBoundingClientRect().bottom")
    covering = page.js(
        "const top = document.querySelector('.md-top');"
        " return top && !top.hidden && getComputedStyle(top).display !== 'none'"
        " && getComputedStyle(top).opacity !== '0' ? top.getBoundingClientRect().bottom : 0"
    )
    assert verdict >= max(header, covering), (verdict, header, covering)
    page.screenshot("phone-second-check")
    # What to do next comes before the downloads, which are not the page's primary buttons.
    assert page.js(
        "const next = document.querySelector('.recert-next'), actions = document.querySelector('.recert-actions');"
        " return !!(next.compareDocumentPosition(actions) & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert page.count(".recert-actions .md-button--primary") == 0


SEVEN = (
    b"Date,Course Title,Hours,Approval Number,Component,Delivery\n"
    b"2025-05-14,Airway management and ventilation in adults and children,2,T2-4411,National,In person\n"
    b"2025-06-02,Trauma triage and field decisions for multiple casualties,1.5,T3-5120,National,Online\n"
    b"2025-07-10,Cardiac arrest care update,3,24-WXYZ-F1-0101,National,In person\n"
    b"2025-08-03,Pediatric assessment review,2.25,,Individual,In person\n"
    b"2025-09-01,Regional protocols for Region III,3.5,MA-T1-2025-0007,Local,In person\n"
    b"2025-10-11,Stroke scales and destination decisions,1,24-WXYZ-F3-0303,National,Online\n"
    b"2023-01-05,Old course outside the window,2,T2-4419,National,In person\n"
)


def test_a_report_prints_as_a_record_on_few_pages(page, site_url, tmp_path):
    if page.engine == "webkit":
        pytest.skip("WebKitWebDriver cannot switch the page to print media")
    open_checker(page, site_url)
    send(page, tmp_path, "seven.csv", SEVEN)
    page.wait_for(".recert-rows[data-drawn=yes]")
    if page.engine == "chromium":  # the only engine whose driver prints to PDF
        pdf = page.page.pdf(format="Letter")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 3, f"a 7-course report prints on {pages} pages"
        (Path(__file__).parent.parent / "test-artifacts").mkdir(exist_ok=True)
        (Path(__file__).parent.parent / "test-artifacts" / "print-report-chromium.pdf").write_bytes(pdf)
    page.page.emulate_media(media="print")
    if not page.js("return matchMedia('print').matches"):
        pytest.skip(f"Playwright cannot switch {page.engine} to print media here")
    # The help and the form are not printed; the verdict, the tables and the courses are.
    hidden = page.js(
        "return ['.recert-help', '#recert-form', '.recert-private', '.recert-actions', '#recert-map-change',"
        " '#the-files-it-reads'].map((s) => { const e = document.querySelector(s);"
        " return !e || e.getClientRects().length === 0; })"
    )
    assert all(hidden), hidden
    assert page.visible("#recert-verdict") and page.visible(".recert-components") and page.visible(".recert-rows")
    # The "Why" column is wide enough to read: no reason broken a word a line.
    widths = page.js(
        "const table = document.querySelector('.recert-rows table').getBoundingClientRect().width;"
        " return [...document.querySelectorAll('.recert-rows tbody td:nth-child(7)')]"
        ".map((td) => td.getBoundingClientRect().width / table)"
    )
    assert widths and min(widths) >= 0.3, widths
    page.screenshot("print-report")


def test_the_comparison_page_fits_a_phone(phone, site_url):
    phone.goto(f"{site_url}/cycles/compare/")
    assert phone.js("return innerWidth") <= PHONE_WIDEST
    assert phone.count(".md-content table") >= 2
    wide = phone.js(
        "return [...document.querySelectorAll('.md-content table')].filter((table) => {"
        " const box = table.closest('.md-typeset__scrollwrap') ?? table.parentElement;"
        " return table.scrollWidth > table.clientWidth || box.scrollWidth > box.clientWidth"
        " || table.getBoundingClientRect().right > innerWidth + 0.5; }).length"
    )
    assert wide == 0
    assert phone.js("return document.documentElement.scrollWidth <= innerWidth")
    phone.screenshot("phone-compare")
