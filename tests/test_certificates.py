"""The certificate reader: a folder of real-shaped certificates (tests/certificate_pdfs.py) read into
rows with the words each field came from, encrypted ones opened without a password, scans, locked and
non-certificate PDFs answered with their codes, generated variants of the ideas, and `recert check`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from certificate_pdfs import CERTIFICATES, SHAPES, expected_rows, folder, pdf, variant
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recert_core.certificates import TRANSCRIPT_COLUMNS, file_rows, read_certificate, source_of
from recert_core.certificates.fields import find_dates, find_hours
from recert_core.template import COLUMNS as TEMPLATE_COLUMNS
from recert_core.transcript import read_people

EMT_2026 = ["--level", "emt", "--cycle", "2026"]
READABLE = [name for name, spec in CERTIFICATES.items() if "problem" not in spec]


@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> dict[str, Path]:
    return folder(tmp_path_factory.mktemp("certificates"))


def rows_of(path: Path) -> list[dict]:
    reading = read_certificate(path.read_bytes(), path.name)
    assert not reading.problem, reading.text
    return [row for certificate in reading.certificates for row in certificate.rows]


@pytest.mark.parametrize("name", READABLE)
def test_each_certificate_reads_to_its_rows(certificates, name):
    rows = rows_of(certificates[name])
    expected = expected_rows(name)
    assert len(rows) == len(expected)
    for row, wanted in zip(rows, expected, strict=True):
        assert {field: row[field].value for field in wanted} == wanted


@pytest.mark.parametrize("name", READABLE)
def test_every_field_read_keeps_the_certificates_own_words(certificates, name):
    for row in rows_of(certificates[name]):
        for field, item in row.items():
            if item.value:
                assert item.words and item.page >= 1, field
        if row["date"].value:
            assert find_dates(row["date"].words)
        if row["hours"].value:
            assert find_hours(row["hours"].words) or any(c.isdigit() for c in row["hours"].words)
        if row["approval"].value:
            compact = row["approval"].words.replace(" ", "").upper()
            assert row["approval"].value.replace("-", "") in compact.replace("-", "")


@pytest.mark.parametrize(
    ("name", "cipher"), [("aes128_no_copying.pdf", "AES-128"), ("aes256_no_copying.pdf", "AES-256")]
)
def test_no_copying_certificates_open_without_a_password(certificates, name, cipher):
    """Encrypted by pypdf with the `cryptography` package, decrypted by the reader's own AES."""
    assert b"/Encrypt" in certificates[name].read_bytes()
    reading = read_certificate(certificates[name].read_bytes(), name)
    assert reading.encrypted == cipher and not reading.problem
    plain = rows_of(certificates[CERTIFICATES[name]["same_as"]])
    assert [{k: f.value for k, f in r.items()} for r in rows_of(certificates[name])] == [
        {k: f.value for k, f in r.items()} for r in plain
    ]


@pytest.mark.parametrize("name", [n for n, spec in CERTIFICATES.items() if "problem" in spec])
def test_unreadable_pdfs_say_why(certificates, name):
    reading = read_certificate(certificates[name].read_bytes(), name)
    assert reading.problem == CERTIFICATES[name]["problem"] and reading.text and not reading.certificates


def test_what_a_non_certificate_holds_is_said(certificates):
    reading = read_certificate(certificates["invoice.pdf"].read_bytes(), "invoice.pdf")
    assert "INVOICE 10442" in reading.text


def test_a_scan_is_said_and_left_blank(certificates):
    reading = read_certificate(certificates["scan.pdf"].read_bytes(), "scan.pdf")
    (certificate,) = reading.certificates
    assert certificate.kind == "scan" and certificate.notes == ["certificate-scan"]
    assert not any(field.value for field in certificate.rows[0].values())


def test_hours_that_could_be_two_things_are_suggested_not_taken(certificates):
    second = rows_of(certificates["two_certificates.pdf"])[1]["hours"]
    assert second.value == "" and second.suggestion == "2" and second.note == "certificate-hours-unsure"


def test_ceu_from_an_ems_vendor_is_hours_with_a_note(certificates):
    hours = rows_of(certificates["older_number.pdf"])[0]["hours"]
    assert (hours.value, hours.note) == ("1.5", "certificate-ceu")


@pytest.mark.parametrize(
    "garbage",
    [
        b"%PDF-1.7\n",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        b"%PDF-" + bytes(range(256)) * 20,
    ],
)
def test_broken_pdfs_never_raise(garbage):
    reading = read_certificate(garbage, "broken.pdf")
    assert reading.problem in ("certificate-damaged", "certificate-not-course") and reading.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9))
def test_generated_certificates(seed):
    """Labels, date and hour forms, number schemes, portrait or landscape, values beside or below their
    labels, the text drawn in any order: the reader finds the same fields."""
    data, expected = variant(seed)
    reading = read_certificate(data, "variant.pdf")
    assert not reading.problem, reading.text
    (certificate,) = reading.certificates
    (row,) = certificate.rows
    assert {field: row[field].value for field in expected} == expected


def test_rows_become_courses_through_the_transcript_reader(certificates):
    readings = [read_certificate(certificates[n].read_bytes(), n) for n in READABLE if "same_as" not in CERTIFICATES[n]]
    rows = file_rows(readings, confirmed=False)
    source = source_of(rows, "certificates")
    lines = list(csv.reader(io.StringIO(source.csv.decode("utf-8-sig"))))
    assert lines[0] == TRANSCRIPT_COLUMNS and {len(line) for line in lines} == {len(TRANSCRIPT_COLUMNS)}
    transcript = next(read_people([("certificates", io.BytesIO(source.csv))]))
    assert transcript.columns.keys() >= {"date", "title", "hours", "approval", "delivery"}
    assert "person" not in transcript.columns  # the attendee is shown, never read as a roster's person
    assert set(transcript.ignored_columns) == set(TRANSCRIPT_COLUMNS[len(TEMPLATE_COLUMNS) :])
    assert len(transcript.courses) == len(rows) == len(source.unconfirmed)
    assert "pediatric" in transcript.columns


def recert(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "recert_core", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


FOLDER = ["capce_landscape.pdf", "oems_portrait.pdf", "older_number.pdf", "conference.pdf", "two_certificates.pdf",
          "aes128_no_copying.pdf", "scan.pdf"]  # fmt: skip


def test_cli_certificates_count_only_once_confirmed(certificates):
    paths = [str(certificates[n]) for n in FOLDER]
    unconfirmed = recert("check", *paths, "--combine", *EMT_2026, "--format", "json")
    assert unconfirmed.returncode == 1 and "Traceback" not in unconfirmed.stderr
    assert "--confirm" in unconfirmed.stderr
    report = json.loads(unconfirmed.stdout)
    read = [r for r in report["rows"] if r["file"] != "scan.pdf"]
    assert all(r["counted"] == 0 for r in report["rows"])
    assert sum(1 for r in read if any(x["code"] == "certificate-unconfirmed" for x in r["reasons"])) == 10
    scan = [r for r in report["rows"] if r["file"] == "scan.pdf"]
    assert [r["status"] for r in scan] == ["rejected"] and scan[0]["reasons"][0]["code"] == "certificate-scan"

    confirmed = json.loads(recert("check", *paths, "--combine", "--confirm", *EMT_2026, "--format", "json").stdout)
    counted = {r["line"]: r["counted"] for r in confirmed["rows"] if r["file"] == "conference.pdf"}
    assert sum(counted.values()) == 6.5
    assert not any(x["code"] == "certificate-unconfirmed" for r in confirmed["rows"] for x in r["reasons"])


def test_cli_csv_is_a_transcript_to_keep_and_check_again(certificates, tmp_path):
    paths = [str(certificates[n]) for n in FOLDER[:5]]
    written = recert("check", *paths, *EMT_2026, "--format", "csv")
    assert written.returncode in (0, 1), written.stderr
    table = list(csv.reader(io.StringIO(written.stdout.lstrip("\ufeff"))))
    assert table[0] == TRANSCRIPT_COLUMNS and len(table) == 1 + 9
    certificate, read_from = TRANSCRIPT_COLUMNS.index("Certificate"), TRANSCRIPT_COLUMNS.index("Read from")
    assert all(not row[certificate].startswith("“") and "“" in row[read_from] for row in table[1:])  # where from
    kept = tmp_path / "certificates.csv"
    kept.write_text(written.stdout, encoding="utf-8")
    again = json.loads(recert("check", str(kept), *EMT_2026, "--format", "json").stdout)
    assert sum(r["counted"] for r in again["rows"]) == sum(
        r["counted"]
        for r in json.loads(recert("check", *paths, "--combine", "--confirm", *EMT_2026, "--format", "json").stdout)[
            "rows"
        ]
    )


def test_cli_mixes_certificates_and_transcripts(certificates, tmp_path):
    transcript = tmp_path / "tracker.csv"
    transcript.write_text("Date,Title,Hours,Approval Number\n2025-05-14,Airway update,2,T2-1234\n")
    result = recert(
        "check",
        str(transcript),
        str(certificates["oems_portrait.pdf"]),
        "--combine",
        "--confirm",
        *EMT_2026,
        "--format",
        "json",
    )
    report = json.loads(result.stdout)
    assert {r["file"] for r in report["rows"]} == {"tracker.csv", "oems_portrait.pdf"}
    assert all(r["status"] in ("counted", "partial") for r in report["rows"])


@pytest.mark.parametrize("name", ["locked.pdf", "invoice.pdf"])
def test_cli_refuses_an_unreadable_pdf_in_one_line(certificates, name):
    result = recert("check", str(certificates[name]), *EMT_2026)
    assert result.returncode == 2 and not result.stdout and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and name in result.stderr


def test_reading_needs_no_compiled_crypto(certificates):
    """As in the browser: AES certificates open with `cryptography` and `Crypto` unimportable."""
    code = (
        "import sys; sys.modules['cryptography'] = None; sys.modules['Crypto'] = None\n"
        "from recert_core.certificates import read_certificate\n"
        f"r = read_certificate(open({str(certificates['aes256_no_copying.pdf'])!r}, 'rb').read())\n"
        "print(r.encrypted, r.certificates[0].rows[0]['approval'].value)\n"
        "assert 'cryptography.hazmat' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["AES-256", "26-NSEMS-F1-0412"]


def test_an_aes256_file_with_a_real_password_is_locked():
    """The reader's one-hash check for AES-256 never opens a file that needs a password."""
    from certificate_pdfs import _capce_landscape, encrypted

    locked = encrypted(_capce_landscape(), user="open-sesame", owner="owner-secret", algorithm="AES-256")
    assert read_certificate(locked, "locked256.pdf").problem == "certificate-locked"


@pytest.mark.parametrize("shape", list(SHAPES))
def test_more_shapes(shape):
    page, expected = SHAPES[shape]
    reading = read_certificate(pdf([page]), "shape.pdf")
    (certificate,) = reading.certificates
    (row,) = certificate.rows
    got = {f: row[f].value or (f"?{row[f].suggestion}" if row[f].suggestion else "") for f in expected}
    assert got == expected


@pytest.mark.parametrize("name", ["capce_landscape.pdf", "conference.pdf", "two_certificates.pdf"])
def test_fonts_read_once_change_nothing_read(certificates, name, monkeypatch):
    """Each font is read once per document (pypdf's reading reused for the text's widths): the same lines,
    cells and cell positions as reading them twice, and pypdf's own function back afterwards."""
    import contextlib

    from pypdf.generic._font import Font

    from recert_core.certificates import pdf as reader

    original = Font.__dict__["from_font_resource"]
    data = certificates[name].read_bytes()
    once = reader.read_pdf(data)
    assert Font.__dict__["from_font_resource"] is original
    monkeypatch.setattr(reader, "_fonts_read_once", contextlib.nullcontext)
    twice = reader.read_pdf(data)
    assert [(p.number, [(line.cells, line.starts) for line in p.lines]) for p in once.pages] == [
        (p.number, [(line.cells, line.starts) for line in p.lines]) for p in twice.pages
    ]
