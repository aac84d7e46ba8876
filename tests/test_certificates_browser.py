"""Certificates, pasted text and the audit packet on the checker page, in Chromium, Firefox and WebKit
(tests/browsers.py): a folder of real-shaped certificates (tests/certificate_pdfs.py) dropped on the
page's picker goes to rows shown for confirmation (each field with the certificate's words, scans and
locked or non-certificate PDFs said plainly), counts only once confirmed, and gives the verdict the
command line gives with --confirm; the NREMT Copy text pasted reads as the file; the audit packet opens
and its manifest checks; the PDF reader is not fetched until a PDF is given."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from browsers import Driver, watching
from certificate_pdfs import folder
from conftest import FIXTURES

from recert_core.packet import check_packet

pytestmark = pytest.mark.browser
READY = "#recert-checker[data-state=ready]"
GIVEN = [  # what a provider's folder holds: certificates of every shape, a transcript export beside them
    "capce_landscape.pdf",
    "oems_portrait.pdf",
    "older_number.pdf",
    "conference.pdf",
    "two_certificates.pdf",
    "aes128_no_copying.pdf",
    "scan.pdf",
    "locked.pdf",
    "invoice.pdf",
]
FETCHED_READER = (
    "return performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname.endsWith('pdf-reader.zip'))"
)
READ = [n for n in GIVEN if n not in ("locked.pdf", "invoice.pdf")]  # the rest are refused, said why


@pytest.fixture
def page(engines, engine):
    with watching(engines.driver(engine)) as driver:
        yield driver


def open_checker(page: Driver, site_url: str) -> None:
    page.goto(f"{site_url}/checker/?level=emt&cycle=2026")
    page.wait_for(READY, timeout=90)


def cli_confirmed(paths: list[Path]) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "recert_core", "check", *map(str, paths), "--combine", "--confirm",
         "--level", "emt", "--cycle", "2026", "--format", "json"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def wait_report(page: Driver, before: object = None) -> None:
    """Wait until a check's answer is on the page (a report drawn after `before`, the report's node then)."""
    page.wait(
        "const r = document.querySelector('#recert-report');"
        " return !r.hidden && r.firstChild && r.firstChild !== window.__before"
        " && !document.querySelector('#recert-status').textContent.startsWith('Checking');",
        timeout=120,
    )


def mark_report(page: Driver) -> None:
    page.js("window.__before = document.querySelector('#recert-report').firstChild")


def report_json(page: Driver) -> dict:
    return json.loads(page.download("#recert-download-json"))


def test_a_folder_of_certificates_from_drop_to_confirmed_rows_to_verdict(page, site_url, tmp_path):
    paths = folder(tmp_path)
    open_checker(page, site_url)
    assert page.js(FETCHED_READER) is False  # the checker's first visit: no PDF reader
    mark_report(page)
    page.set_files("#recert-file", [paths[n] for n in GIVEN])
    page.wait("return document.querySelectorAll('#recert-certificates .recert-certificate').length > 0", timeout=120)
    wait_report(page)
    blocks = page.js(
        "return [...document.querySelectorAll('#recert-certificates .recert-certificate')].map((b) =>"
        " [b.dataset.file, b.dataset.page || '', b.dataset.kind || '', b.dataset.problem || ''])"
    )
    problems = {file: problem for file, _, _, problem in blocks if problem}
    assert problems == {"locked.pdf": "certificate-locked", "invoice.pdf": "certificate-not-course"}
    read = [(file, page_, kind) for file, page_, kind, problem in blocks if not problem]
    assert ("two_certificates.pdf", "1", "certificate") in read and ("two_certificates.pdf", "2", "certificate") in read
    assert ("conference.pdf", "1", "sessions") in read and ("scan.pdf", "1", "scan") in read
    # Each field beside the certificate's own words; what was not found is blank, to fill in.
    capce = "#recert-certificates .recert-certificate[data-file='capce_landscape.pdf']"
    assert page.value(f"{capce} input[data-field=approval]") == "26-NSEMS-F1-0412"
    assert "CAPCE Course # 26-NSEMS-F1-0412" in page.text(f"{capce} .recert-certificate-field[data-field=approval]")
    scan = "#recert-certificates .recert-certificate[data-file='scan.pdf']"
    assert page.value(f"{scan} input[data-field=date]") == "" and "scan" in page.text(scan).lower()
    page.screenshot("certificates-confirm")
    # Not confirmed: nothing read from a certificate counts.
    unconfirmed = report_json(page)
    assert sum(r["counted"] for r in unconfirmed["rows"]) == 0
    assert any(x["code"] == "certificate-unconfirmed" for r in unconfirmed["rows"] for x in r["reasons"])
    # Confirmed: the rows count, as the command line counts them with --confirm.
    mark_report(page)
    page.click("#recert-certificates-confirm-all")
    wait_report(page)
    confirmed = report_json(page)
    expected = cli_confirmed([paths[n] for n in READ])
    assert [(r["status"], r["counted"]) for r in confirmed["rows"]] == [
        (r["status"], r["counted"]) for r in expected["rows"]
    ]
    assert confirmed["met"] == expected["met"] and confirmed["components"] == expected["components"]
    page.screenshot("certificates-verdict")
    # The audit packet: made on the device; it opens and its manifest checks.
    packet = download_bytes(page, "#recert-packet")
    manifest = check_packet(packet)
    assert (manifest["level"], manifest["cycle"]) == ("emt", 2026)
    names = {entry["name"] for entry in manifest["files"]}
    assert {f"files/{n}" for n in READ} <= names and {"report.html", "report.json", "report.csv"} <= names
    with zipfile.ZipFile(io.BytesIO(packet)) as opened:
        assert opened.read("files/conference.pdf") == paths["conference.pdf"].read_bytes()


def test_a_typed_correction_counts_once_confirmed(page, site_url, tmp_path):
    """The second certificate of two_certificates.pdf gives credits, not hours: blank, with the reading
    offered; the user takes it, confirms, and its hours count."""
    paths = folder(tmp_path)
    open_checker(page, site_url)
    mark_report(page)
    page.set_files("#recert-file", [paths["two_certificates.pdf"]])
    page.wait("return document.querySelectorAll('#recert-certificates .recert-certificate').length === 2", timeout=120)
    wait_report(page)
    second = "#recert-certificates .recert-certificate[data-page='2']"
    assert page.value(f"{second} input[data-field=hours]") == ""
    mark_report(page)
    page.fill(f"{second} input[data-field=hours]", "2")
    wait_report(page)
    mark_report(page)
    page.click("#recert-certificates-confirm-all")
    wait_report(page)
    assert sum(r["counted"] for r in report_json(page)["rows"]) == 1.5 + 2


def test_pasted_nremt_copy_text_is_checked_like_the_file(page, site_url):
    text = (FIXTURES / "reading" / "nremt_transcript_copy.txt").read_text(encoding="utf-8")
    open_checker(page, site_url)
    page.js("document.querySelector('#recert-paste-box').open = true")
    page.js("const box = document.querySelector('#recert-paste'); box.value = arguments[0];", text)
    mark_report(page)
    page.click("#recert-paste-check")
    wait_report(page)
    pasted = report_json(page)
    done = subprocess.run(
        [sys.executable, "-m", "recert_core", "check", str(FIXTURES / "reading" / "nremt_transcript_copy.txt"),
         "--level", "emt", "--cycle", "2026", "--format", "json"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    expected = json.loads(done.stdout)
    assert [(r["date"], r["status"], r["counted"]) for r in pasted["rows"]] == [
        (r["date"], r["status"], r["counted"]) for r in expected["rows"]
    ]


def test_the_folder_picker_takes_folders_where_the_browser_does(page, site_url):
    open_checker(page, site_url)
    supported = page.js("return 'webkitdirectory' in document.createElement('input')")
    assert page.js("return document.querySelector('#recert-folder') !== null") is True
    assert page.js("return document.querySelector('#recert-folder').webkitdirectory === true") is supported
    accept = page.attr("#recert-file", "accept")
    assert ".pdf" in accept and "application/pdf" in accept


def download_bytes(page: Driver, selector: str) -> bytes:
    """The bytes of the file a button offers (a zip: the recorder keeps downloads as text)."""
    page.js(
        "window.__bytes = null; const made = URL.createObjectURL;"
        " URL.createObjectURL = function (blob) { const url = made.apply(URL, arguments);"
        "  if (blob instanceof Blob) blob.arrayBuffer().then((b) => { const v = new Uint8Array(b); let s = '';"
        "   for (let i = 0; i < v.length; i += 8192) s += String.fromCharCode(...v.subarray(i, i + 8192));"
        "   window.__bytes = btoa(s); });"
        "  return url; };"
    )
    page.click(selector)
    encoded = page.wait("return window.__bytes", timeout=60)
    return base64.b64decode(encoded)
