"""The worker's entry points for certificates, pasted text and the audit packet (recert_core.browser),
run here under CPython as the worker runs them under Pyodide (tests/test_pyodide_*.py run the same code
there): certificates read with their words, checked once confirmed, the NREMT Copy text pasted, and a
packet whose manifest checks."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from certificate_pdfs import folder

from recert_core import browser
from recert_core.packet import MANIFEST, check_packet
from recert_core.problems import sentence
from recert_core.rules import default_rules

TODAY = "2026-03-20"
FIXTURES_READING = __import__("pathlib").Path(__file__).parent / "fixtures" / "reading"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    paths = folder(tmp_path_factory.mktemp("certificates"))
    return {name: path.read_bytes() for name, path in paths.items()}


def rows_for_page(answer: dict, confirm: bool) -> list[dict]:
    """What the page sends back: every row's values, as shown in the editor, confirmed or not."""
    rows = []
    for file in answer["files"]:
        for certificate in file["certificates"]:
            for row in certificate["rows"]:
                values = {name: field["value"] for name, field in row.items()}
                words = "; ".join(f"{n}: “{f['words']}”" for n, f in row.items() if f["words"])
                rows.append(
                    values
                    | {"file": file["name"], "page": certificate["page"], "read_from": words, "confirmed": confirm}
                )
    return rows


def test_read_certificates_gives_rows_with_their_words_and_problems(pdfs):
    names = ["conference.pdf", "locked.pdf", "scan.pdf", "aes128_no_copying.pdf"]
    answer = json.loads(browser.read_certificates([pdfs[n] for n in names], names))
    files = {f["name"]: f for f in answer["files"]}
    assert answer["ok"] and set(files) == set(names)
    assert files["locked.pdf"]["problem"] == "certificate-locked" and files["locked.pdf"]["error"]
    assert [c["kind"] for c in files["scan.pdf"]["certificates"]] == ["scan"]
    assert files["scan.pdf"]["certificates"][0]["notes"][0]["code"] == "certificate-scan"
    assert files["aes128_no_copying.pdf"]["encrypted"] == "AES-128"
    sessions = files["conference.pdf"]["certificates"][0]["rows"]
    assert [r["approval"]["value"] for r in sessions] == [f"25-SEMA-F1-210{i}" for i in range(1, 5)]
    assert all(r["hours"]["words"] for r in sessions)


def test_rows_count_once_confirmed(pdfs):
    names = ["capce_landscape.pdf", "conference.pdf", "oems_portrait.pdf"]
    answer = json.loads(browser.read_certificates([pdfs[n] for n in names], names))
    unconfirmed = json.loads(browser.run_certificates(json.dumps(rows_for_page(answer, False)), "emt", "2026", TODAY))
    assert unconfirmed["ok"]
    rows = unconfirmed["report"]["rows"]
    assert {r["status"] for r in rows} == {"unverified"} and sum(r["counted"] for r in rows) == 0
    assert all(any(x["code"] == "certificate-unconfirmed" for x in r["reasons"]) for r in rows)
    confirmed = json.loads(browser.run_certificates(json.dumps(rows_for_page(answer, True)), "emt", "2026", TODAY))
    assert sum(r["counted"] for r in confirmed["report"]["rows"]) == 2 + 6.5 + 1.5


def test_certificates_with_a_transcript_file(pdfs):
    answer = json.loads(browser.read_certificates([pdfs["oems_portrait.pdf"]], ["oems_portrait.pdf"]))
    tracker = b"Date,Title,Hours,Approval Number\n2025-05-14,Airway update,2,T2-1234\n"
    result = json.loads(
        browser.run_certificates(
            json.dumps(rows_for_page(answer, True)), "emt", "2026", TODAY, [tracker], ["tracker.csv"]
        )
    )
    assert {r["file"] for r in result["report"]["rows"]} == {"tracker.csv", browser.CERTIFICATES_FILE}
    assert sum(r["counted"] for r in result["report"]["rows"]) == 3.5


def test_nremt_copy_text_pasted_reads_like_the_file():
    text = (FIXTURES_READING / "nremt_transcript_copy.txt").read_text(encoding="utf-8")
    pasted = json.loads(browser.run_paste(text.replace(" ", "\u00a0", 3), "emt", "2026", TODAY))
    as_file = json.loads(
        browser.run_check((FIXTURES_READING / "nremt_transcript_copy.txt").read_bytes(), "emt", "2026", TODAY)
    )
    assert pasted["ok"] and as_file["ok"]
    assert [(r["date"], r["hours"], r["status"]) for r in pasted["report"]["rows"]] == [
        (r["date"], r["hours"], r["status"]) for r in as_file["report"]["rows"]
    ]
    assert json.loads(browser.run_paste("  \n\t\n", "emt", "2026", TODAY)) == {
        "ok": False,
        "error": sentence("report.browser.paste-empty"),
    }


def test_audit_packet_opens_and_its_manifest_checks(pdfs):
    names = ["capce_landscape.pdf", "two_certificates.pdf"]
    answer = json.loads(browser.read_certificates([pdfs[n] for n in names], names))
    tracker = b"Date,Title,Hours,Approval Number\n2025-05-14,Airway update,2,T2-1234\n"
    browser.run_certificates(json.dumps(rows_for_page(answer, True)), "emt", "2026", TODAY, [tracker], ["tracker.csv"])
    packet = browser.audit_packet(TODAY)
    manifest = check_packet(packet)
    rules = default_rules()
    assert (manifest["level"], manifest["cycle"], manifest["checked_on"]) == ("emt", 2026, TODAY)
    assert (manifest["rules_version"], manifest["rules_as_of"]) == (rules.version, rules.as_of.isoformat())
    with zipfile.ZipFile(io.BytesIO(packet)) as opened:
        listed = {entry["name"] for entry in manifest["files"]}
        assert {"report.html", "report.json", "report.csv", "files/tracker.csv", "files/capce_landscape.pdf"} <= listed
        assert opened.read("files/two_certificates.pdf") == pdfs["two_certificates.pdf"]
        assert json.loads(opened.read("report.json")) == json.loads(browser.last_json())
        page = opened.read("report.html").decode()
        assert "<script" not in page and "@media print" in page and "26-NSEMS-F1-0412" in page
        assert set(opened.namelist()) == listed | {MANIFEST}
    tampered = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(packet)) as source, zipfile.ZipFile(tampered, "w") as copy:
        for item in source.infolist():
            copy.writestr(item, source.read(item) + (b"x" if item.filename == "report.csv" else b""))
    with pytest.raises(ValueError, match=r"report\.csv"):
        check_packet(tampered.getvalue())


def test_no_packet_before_a_check(monkeypatch):
    monkeypatch.setattr(browser, "_last", None)
    assert browser.audit_packet(TODAY) == b""
    assert json.loads(browser.packet_error()) == {"ok": False, "error": sentence("report.browser.no-packet")}


def test_packet_of_a_pasted_check_holds_the_pasted_text():
    text = (FIXTURES_READING / "nremt_transcript_copy.txt").read_text(encoding="utf-8")
    browser.run_paste(text, "emt", "2026", TODAY)
    manifest = check_packet(browser.audit_packet(TODAY))
    assert "files/pasted.txt" in {entry["name"] for entry in manifest["files"]}
    assert date.fromisoformat(manifest["checked_on"]) == date(2026, 3, 20)
