"""Course-completion certificates (PDF) read on the device: PDF bytes to course rows with provenance.

Kept apart from judging, like the transcript reader: `pdf` turns a PDF's bytes into lines of text by
position (pypdf, the one library recert_core may use, imported only here and only when a PDF is given;
`aes` decrypts certificates that open without a password), `fields` finds each certificate's courses in
those lines (the vocabulary in `words.toml`), and this module gives the rows to the transcript reader
the one way it reads everything: as a CSV in the template's columns (`CertificateSource`), so a
certificate's row becomes a `Course` like any file's. The columns after the template's say where each
row came from; the reader leaves them unread and the report keeps them.

Nothing read from a certificate counts on a guess: every row is `unverified` (code
`certificate-unconfirmed`) until the user confirms its certificate (the page's Confirm button; on the
command line `--confirm`, or a CSV written with `--format csv`, checked, and given back).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..problems import Problem, group, say, sentence
from ..spreadsheet import CsvWriter
from ..template import COLUMNS as TEMPLATE_COLUMNS
from .fields import FIELDS, Certificate, Field, Row, read_page

__all__ = [
    "FIELDS",
    "TRANSCRIPT_COLUMNS",
    "Certificate",
    "CertificateError",
    "CertificateFile",
    "CertificateSource",
    "Field",
    "file_rows",
    "is_pdf",
    "mark_unconfirmed",
    "read_certificate",
    "source_of",
]

# The template's columns, then where the row came from: what `recert check --format csv` writes for
# certificates and what the page's rows become. The reader reads the template's and leaves the rest; a
# certificate never says whether a course is pediatric, so that cell stays empty (the user marks it).
PROVENANCE_COLUMNS = ["Course provider", "Certificate holder", "Certificate", "Read from"]
TRANSCRIPT_COLUMNS = [*TEMPLATE_COLUMNS, *PROVENANCE_COLUMNS]
TEMPLATE_FIELDS = ("date", "title", "hours", "approval", "component", "topic", "delivery", "pediatric")
SHOWN = ("date", "title", "hours", "approval", "delivery")  # the fields "Read from" names (reading.certificates.shown)


class CertificateError(Exception):
    """A PDF whose certificates cannot be read at all; `code` is the finding's (codes.toml)."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.code = code


def is_pdf(head: bytes) -> bool:
    return head.lstrip()[:5] == b"%PDF-"


@dataclass
class CertificateFile:
    """One PDF as read: its certificates, or why none could be read."""

    name: str
    sha256: str
    certificates: list[Certificate] = field(default_factory=list)
    encrypted: str = ""  # the cipher of a file opened without a password
    problem: str = ""  # a code (certificate-locked, -damaged, -not-course, -no-pypdf) when nothing was read
    text: str = ""  # the problem's sentence
    notes: list[str] = field(default_factory=list)  # sentences about the file (pages skipped, how opened)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sha256": self.sha256,
            "encrypted": self.encrypted,
            "problem": self.problem,
            "error": self.text,
            "notes": self.notes,
            "certificates": [
                {
                    "page": c.page,
                    "kind": c.kind,
                    "notes": [_note(code, c) for code in c.notes],
                    "rows": [
                        {name: f.to_dict() | {"message": _field_message(f)} for name, f in row.items()}
                        for row in c.rows
                    ],
                }
                for c in self.certificates
            ],
        }


def _note(code: str, certificate: Certificate) -> dict[str, str]:
    return {"code": code, "message": say(code, page=certificate.page).message}


def _field_message(item: Field) -> str:
    """The sentence of a field's note: how it was read, or why it is left for the user to fill in."""
    words, suggestion = item.words, item.suggestion
    if item.note == "certificate-ceu":
        return say("certificate-ceu", words=words, value=item.value).message
    if item.note == "certificate-hours-unsure" and suggestion:
        return say("certificate-hours-unsure", "perhaps", words=words, suggestion=suggestion).message
    if item.note == "certificate-hours-unsure":
        return say("certificate-hours-unsure", words=words).message
    if item.note == "certificate-date-unsure" and suggestion:
        return say("certificate-date-unsure", "perhaps", words=words, suggestion=suggestion).message
    if item.note == "certificate-date-unsure":
        return say("certificate-date-unsure", words=words).message
    return say(item.note, words=words).message if item.note else ""


def read_certificate(data: bytes, name: str = "") -> CertificateFile:
    """Every certificate in a PDF's bytes. Never raises for a bad PDF: `problem` says what is wrong."""
    result = CertificateFile(name, hashlib.sha256(data).hexdigest())
    try:
        from .pdf import PdfProblem, read_pdf
    except ImportError:
        return _without_pypdf(result)
    try:
        document = read_pdf(data)
    except PdfProblem as problem:
        return _refused(result, problem.problem)
    except ImportError:  # pypdf missing (the import above is lazy inside read_pdf)
        return _without_pypdf(result)
    result.encrypted = document.encrypted
    if document.encrypted:
        result.notes.append(sentence("reading.certificates.encrypted", cipher=document.encrypted))
    for page in document.pages:
        certificate = read_page(page)
        if certificate is None:
            result.notes.append(say("certificate-page-skipped", page=page.number).message)
        else:
            result.certificates.append(certificate)
    if not result.certificates:
        result.notes = []
        text = [line.text for page in document.pages for line in page.lines]
        pages = len(document.pages)
        if text:
            return _refused(result, say("certificate-not-course", pages=pages, start=" ".join(text)[:120]))
        return _refused(result, say("certificate-not-course", "no-text", pages=pages))
    return result


def _refused(result: CertificateFile, problem: Problem) -> CertificateFile:
    result.problem, result.text = problem.code, problem.message
    return result


def _without_pypdf(result: CertificateFile) -> CertificateFile:
    """A PDF given where pypdf is not installed: said, as a file refused (its code is not a finding's)."""
    result.problem, result.text = "certificate-no-pypdf", sentence("reading.certificates.no-pypdf")
    return result


# --- rows for the transcript reader -------------------------------------------------------------------


@dataclass
class CertificateSource:
    """Certificate rows written as a CSV in the template's columns (with provenance), for the transcript
    reader; `unconfirmed` maps each row's line (as the reader numbers it) to its certificate (file, page)."""

    name: str
    csv: bytes
    unconfirmed: dict[int, tuple[str, int]]
    scans: dict[int, tuple[str, int]] = field(default_factory=dict)  # rows of scanned pages: to be typed


def row_values(file: str, certificate: Certificate, row: Row) -> dict[str, Any]:
    """A certificate's row as the page's editor and the CSV take it: field -> text, and where it came from."""
    values: dict[str, Any] = {name: row[name].value for name in FIELDS}
    values |= {"file": file, "page": str(certificate.page), "read_from": read_from(row)}
    if certificate.kind == "scan":
        values["scan"] = True
    return values


def read_from(row: Row) -> str:
    """Where the row's fields came from, in the certificate's own words: "date: “Date of Completion: …”"."""
    names = group("reading.certificates.shown")
    return "; ".join(
        sentence("reading.certificates.read-from", field=names[n], words=row[n].words)
        for n in SHOWN
        if n in row and row[n].words
    )


def source_of(rows: Sequence[dict[str, Any]], name: str, *, inert: bool = False) -> CertificateSource:
    """Rows (dicts of the template's fields plus provider, attendee, file, page, read_from, confirmed) as
    a CSV for the reader: row i is line i + 2. `inert` (a file to keep) keeps a cell that a spreadsheet
    would run as a formula as text (`spreadsheet.inert`); the reader itself must see the words."""
    out = io.StringIO()
    writer = CsvWriter(out) if inert else csv.writer(out, lineterminator="\r\n")
    writer.writerow(TRANSCRIPT_COLUMNS)
    unconfirmed, scans = {}, {}
    for index, row in enumerate(rows):
        certificate = str(row.get("file", "") or "")
        page = int(str(row.get("page", "") or 0) or 0)
        cells = [_cell(row.get(f, "")) for f in TEMPLATE_FIELDS] + [
            _cell(row.get("provider", "")),
            _cell(row.get("attendee", "")),
            _where(certificate, page),
            _cell(row.get("read_from", "")),
        ]
        writer.writerow(cells)
        if not row.get("confirmed"):
            unconfirmed[index + 2] = (certificate, page)
        if row.get("scan") and not any(_cell(row.get(f, "")) for f in TEMPLATE_FIELDS):
            scans[index + 2] = (certificate, page)
    return CertificateSource(name, out.getvalue().encode(), unconfirmed, scans)


def _where(certificate: str, page: int) -> str:
    """The "Certificate" cell: the file and the page, or the file alone."""
    return sentence("reading.certificates.where", file=certificate, page=page) if certificate and page else certificate


def _cell(value: object) -> str:
    return " ".join(str(value or "").split())


def file_rows(files: Iterable[CertificateFile], *, confirmed: bool) -> list[dict[str, Any]]:
    """Every row of the files read, with the confirmation the command line gives (`--confirm`)."""
    return [
        row_values(f.name, c, row) | {"confirmed": confirmed} for f in files for c in f.certificates for row in c.rows
    ]


def mark_unconfirmed(transcript: Any, sources: dict[str, CertificateSource]) -> None:
    """The rows of a transcript that came from certificates not yet confirmed become `unverified` (their
    hours count only in `met_if_verified`); `sources` by the name the reader gave their file ("" alone)."""
    if not sources:
        return
    for course in transcript.courses:
        source = sources.get(course.file)
        if source is None:
            continue
        scan = source.scans.get(course.line)
        if scan is not None:  # a blank row the reader calls a note: it is a certificate to type
            course.problems[:] = [say("certificate-scan", page=scan[1])]
            continue
        where = source.unconfirmed.get(course.line)
        if where is not None and not course.skipped:
            course.problems.append(say("certificate-unconfirmed", file=where[0], page=where[1]))
