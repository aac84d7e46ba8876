"""The checker's entry points in the browser's Web Worker (Pyodide): strings in, UTF-8 bytes out.

`run_check` answers `{"ok": true, "next": ..., "report": ...}`: the `report` is the JSON that
`recert check --format json` prints, with its first PAGE_ROWS rows only (`report_rows(start, count)`
gives the others as the page shows them), and `next` the cycle's deadlines and fees;
for a roster (a file listing several people) `{"ok": true, "next": ..., "roster": {level, cycle,
file, headline}, "people": [...]}`, one short summary line per person, while each person's report stays here
until the page opens that person's row (`person_report(i)`), so a roster of thousands reaches the
page as a table, not as thousands of reports; or `{"ok": false, "error": ...}` with a sentence for a
file that cannot be used. It takes one file's bytes, or several files read as one transcript, and an
optional column choice (which column is which, which are not read), one for all files or one per
file (and `page`, the same sentence for the page where the first speaks of the command line).
`preview` gives what the page's column step shows. `last_json()` is the JSON for download,
`last_csv()` the user's rows with the result added (a roster: one summary row a person), as the CLI
prints them. The page's transcript editor: `editor_rows()` gives the last transcript's courses in the
template's columns, `run_editor` checks the rows typed there (written as a CSV in those columns, so
row i is line i + 2; its report has every row), `editor_csv()` is that CSV for download. The
worker calls `idle()` after each answer it sends.

Why bytes: Pyodide hands a Python string with any non-ASCII character (a report's curly quotes)
to JavaScript character by character, which for a 10,000-row report took longer than the check;
bytes are copied at once, and the page decodes them natively. Nothing here touches the network
or the files.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import date
from fractions import Fraction
from typing import Any

from .check import CheckError, resolve, resume_collection, steady_memory
from .guide import next_steps
from .problems import sentence
from .report import Report, number, row_dict
from .roster import PersonResult, check_people, headline, judge_person, summary_csv_header, summary_csv_line
from .rules import Cycle, default_rules
from .spreadsheet import CsvWriter
from .template import COLUMNS as TEMPLATE_COLUMNS
from .transcript import (
    DAY_FIRST,
    FIELDS,
    MONTH_FIRST,
    ColumnChoice,
    Transcript,
    TranscriptError,
    column_choice,
    parse_mapping,
    read_people,
)
from .transcript import preview as preview_files
from .transcript.tables import last_read

# The page checks in the browser what a browser can hold: a longer file gets a clear answer at once
# instead of minutes of a blocked worker or a MemoryError (the command line takes up to 200 MB).
MAX_ROWS = 200_000
MAX_WORKBOOK_BYTES = 150 * 1024 * 1024  # uncompressed
# A check's answer carries the first rows the page draws (it shows a thousand at a time, as asked):
# encoding and decoding all the rows of a 10,000-row file was a fifth of its time to the verdict.
PAGE_ROWS = 1000


def too_large(what: str, file: str = "", workbook: bool = False) -> str:
    """Why a file is too large to check in the browser (`what`: its size, as the page can tell it)."""
    said = sentence(
        "report.browser.workbook-too-large" if workbook else "report.browser.too-large", what=what, limit=MAX_ROWS
    )
    return sentence("cli.in-file", file=file, error=said) if file else said


def _answer(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def _unusable(error: Exception) -> bytes:
    """A file that cannot be checked: the sentence the command line gives (`error`), and where it speaks
    of the command line, the one for the page (`page`: what its column step lets the reader do)."""
    answer = {"ok": False, "error": str(error)}
    if isinstance(error, TranscriptError) and error.page:
        answer["page"] = error.page
    return _answer(answer)


def _bytes(data) -> bytes:
    if hasattr(data, "to_bytes"):  # a Uint8Array from the worker
        return data.to_bytes()
    return bytes(data)


def _files(data, names) -> bytes | list[tuple[str, bytes]]:
    """One file's bytes, or several (name, bytes): the worker passes a Uint8Array or an array of them."""
    if isinstance(data, bytes | bytearray | memoryview) or hasattr(data, "to_bytes"):
        return _bytes(data)
    contents = [_bytes(item) for item in data]
    names = [str(n) for n in names] if names is not None else []
    names += [f"file {i + 1}" for i in range(len(names), len(contents))]
    return list(zip(names, contents, strict=False))


def _mapping(columns) -> ColumnChoice | list[ColumnChoice] | None:
    """The column choice: "hours=Duration,ignore=Category" text, or a dict field -> header (with
    "ignore": [headers]), or a list of those, one per file (each file's header gets its own)."""
    if not columns:
        return None
    if hasattr(columns, "to_py"):
        columns = columns.to_py()
    if isinstance(columns, list | tuple):
        return [_choice(c) for c in columns]
    return _choice(columns)


def _choice(columns) -> ColumnChoice:
    try:
        if not columns:
            return ColumnChoice()
        if isinstance(columns, dict):
            return column_choice({str(k): v for k, v in columns.items()})
        return parse_mapping(str(columns))
    except ValueError as error:
        raise TranscriptError(sentence("report.browser.columns", error=error)) from None


def _too_large(files: bytes | list[tuple[str, bytes]]) -> str | None:
    """Why the files are too large to check here, or None."""
    import io
    import zipfile

    rows = 0
    for name, data in [("", files)] if isinstance(files, bytes) else files:
        if data.startswith(b"PK\x03\x04"):
            try:
                size = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
            except (zipfile.BadZipFile, ValueError, OSError):
                continue  # the reader says what is wrong with it
            if size > MAX_WORKBOOK_BYTES:
                unpacked = sentence("report.browser.unpacked", size=f"{size / 2**20:,.0f}")
                return too_large(unpacked, name, workbook=True)
        else:
            rows += data.count(b"\n") or data.count(b"\r")
    if rows > MAX_ROWS:
        return too_large(sentence("report.browser.rows", rows=f"{rows:,}"))
    return None


def run_check(
    data, level: str, cycle: str, today: str, names=None, columns="", roles: str = "", assumed: str = ""
) -> bytes:
    """`data` is bytes or the worker's Uint8Array (one file), or a list of them (read as one transcript,
    named by `names`); `columns` an optional column choice ("hours=Duration,ignore=Category" text or a
    dict), or a list of them, one per file; `roles` the
    instructor and examiner roles the reader holds, comma-separated (their deadline is listed only then);
    `assumed` the order in which the reader's own device writes dates ("month" or "day", from the
    page's locale), for a date column no cell settles (the report then says so).
    The report carries its first PAGE_ROWS rows; `report_rows` gives the others."""
    return _run_check(data, level, cycle, today, names, columns, roles, PAGE_ROWS, assumed)


def _order(assumed: str) -> str:
    return DAY_FIRST if str(assumed).strip().lower().startswith("day") else MONTH_FIRST


def _run_check(
    data,
    level,
    cycle,
    today,
    names,
    columns,
    roles,
    first_rows: int | None,
    assumed: str = "",
    adjust=None,
    certificates=(),
) -> bytes:
    global _last, _last_csv, _last_transcript, _people, _last_files, _last_certificates
    transcript = None
    try:
        files = _files(data, names)
        problem = _too_large(files)
        if problem:
            return _answer({"ok": False, "error": problem})
        mapping = _mapping(columns)
        level_id, rule_set = resolve(level, cycle)
        day = _today(today)
        with steady_memory(resume=False):  # resumed by `idle()`, once the answer is sent
            people = read_people(files, columns=mapping, assumed=_order(assumed))
            if adjust is not None:  # rows read from certificates, before they are judged
                people = _adjusted(people, adjust)
            first = next(people)
            second = next(people, None) if first.person is not None else None
            if second is None:  # one person: a plain report
                report = judge_person(first, level_id, rule_set, day)
                body, documents, report_json, csv_of = None, None, report.to_json(first_rows), report.to_csv
                transcript = first
            else:
                report, report_json = None, ""
                body, documents, csv_of = _roster([first, second], people, level_id, rule_set, day)
    except (TranscriptError, CheckError) as error:
        return _unusable(error)
    except MemoryError:
        return _answer({"ok": False, "error": too_large(sentence("report.browser.out-of-memory"))})
    except Exception as error:  # a fault in the checker: one sentence with where it was, never a traceback
        return _answer({"ok": False, "error": _unexpected(error), "unexpected": True})
    _last, _last_csv, _last_transcript, _people = report, csv_of, transcript, documents
    _last_files = [("transcript", files)] if isinstance(files, bytes) else list(files)
    _last_certificates = list(certificates)
    holds_role = bool(roles.strip(","))
    steps = json.dumps(next_steps(rule_set, level_id, day, roles=holds_role), ensure_ascii=False)
    if body is not None:
        return f'{{"ok": true, "next": {steps}, {body}}}'.encode()
    # The report's JSON goes in as it is: encoding it again as a string would cost a fifth of the check.
    return f'{{"ok": true, "next": {steps}, "report": {report_json.rstrip()}}}'.encode()


def _today(text: str) -> date:
    """The page's date (YYYY-MM-DD, the reader's clock): CheckError for anything else."""
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise CheckError(sentence("report.browser.date", text=text)) from None


def prepare() -> None:
    """What a check needs and "ready" does not, which the worker runs just after answering "ready" and
    before it keeps its memory snapshot (so a later visit starts with all of it): the rules, the
    catalogues of sentences and findings, the planner's module, the reader's patterns, cp1252."""
    import encodings.cp1252  # noqa: F401  (the usual encoding of a spreadsheet's CSV)

    from . import plan  # noqa: F401
    from .patterns import compile_all
    from .problems import catalogue, sentences

    default_rules()
    sentences()
    catalogue()
    compile_all()


def idle() -> None:
    """What the worker runs once it has sent an answer: the garbage collection a check leaves paused
    (see `check.steady_memory`), so that it runs while the page draws the verdict, not before."""
    resume_collection()


def _roster(
    firsts: list[Transcript], people: Iterator[Transcript], level: str, rule_set: Cycle, today: date
) -> tuple[str, list[str], Callable[[], str]]:
    """A roster for the page: its summary (one short line per person, with what every person's report
    shares: level, cycle, the file read), each person's report as the JSON the CLI writes (kept here,
    sent to the page one at a time by `person_report`), and its CSV download as the CLI writes it."""
    summaries, documents, results = [], [], []
    shared = ""

    def everyone():
        yield from firsts
        yield from people

    for person, report in check_people(everyone(), level, rule_set, today):
        result = PersonResult.of(person, report)
        document = report.to_dict()
        if not shared:
            # How the file was read is everyone's; a note on the level and cycle one person is judged at
            # is that person's own (in their report).
            file = document["file"] | {"notes": [n for n in document["file"]["notes"] if n["code"] != "person-level"]}
            shared = json.dumps(
                {"level": document["level"], "cycle": document["cycle"], "file": file}, ensure_ascii=False
            )[1:-1]
        documents.append(json.dumps({"person": result.person} | document, ensure_ascii=False))
        summaries.append(
            {
                "person": result.person,
                "met": result.met,
                "met_if_verified": result.met_if_verified,
                "verdict": report.verdict(),
                "level": result.level,
                "cycle": result.cycle,
                "short": {c: number(h) for c, h in result.short.items()},
                "topics_short": {t: number(h) for t, h in result.topics_short.items()},
                "unverified": number(result.unverified),
                "pediatric_met": report.pediatric_met,
            }
        )
        results.append(result)
    csv_text = "\ufeff" + summary_csv_header() + "".join(summary_csv_line(r) for r in results)
    shared += f', "headline": {json.dumps(headline(results), ensure_ascii=False)}'
    body = f'"roster": {{{shared}}}, "people": {json.dumps(summaries, ensure_ascii=False)}'
    return body, documents, lambda: csv_text


def person_report(index) -> bytes:
    """One person's report from the last roster checked (the page asks when a person's row is opened):
    `{"ok": true, "report": {"person": ..., ...the report}}`, as in the JSON download."""
    try:
        document = _people[int(index)] if _people is not None and int(index) >= 0 else None
    except (IndexError, ValueError, TypeError):
        document = None
    if document is None:
        return _answer({"ok": False, "error": sentence("report.browser.no-person")})
    return f'{{"ok": true, "report": {document}}}'.encode()


def preview(data, names=None, columns="") -> bytes:
    """The page's column step: per file, the header found, its first rows, the columns guessed (by their
    headers and cells, as the check decides) and the required fields missing;
    `{"ok": true, "fields": {field: meaning}, "files": [...]}`."""
    try:
        answer = preview_files(_files(data, names), columns=_mapping(columns))
    except TranscriptError as error:
        return _unusable(error)
    except MemoryError:
        return _answer({"ok": False, "error": too_large(sentence("report.browser.out-of-memory"))})
    except Exception as error:  # a fault in the checker: one sentence with where it was
        return _answer({"ok": False, "error": _unexpected(error), "unexpected": True})
    return _answer({"ok": True, "fields": dict(FIELDS), "files": answer})


def _unexpected(error: Exception) -> str:
    """The sentence for a fault in the checker, naming the row it was reading (as the CLI's exit 3 does)."""
    table = last_read()
    name = type(error).__name__
    if table is not None and table.line and table.sheet:
        return sentence("report.browser.unexpected-in-sheet", line=table.line, sheet=table.sheet, error=name)
    if table is not None and table.line:
        return sentence("report.browser.unexpected-at", line=table.line, error=name)
    return sentence("report.browser.unexpected", error=name)


_last: Report | None = None
_last_files: list[tuple[str, bytes]] = []  # the files of the last check, for the audit packet
_last_certificates: list[dict[str, Any]] = []  # the certificate rows of the last check, as confirmed
_last_csv: Callable[[], str] | None = None  # the last check's CSV, built on demand
_last_transcript: Transcript | None = None  # the last one-person transcript checked, for the editor
_people: list[str] | None = None  # the last roster's reports, one JSON document a person

EDITOR_COLUMNS = TEMPLATE_COLUMNS  # what the editor's CSV download writes: the template's columns
EDITOR_FIELDS = ("date", "title", "hours", "approval", "component", "topic", "delivery", "pediatric")
COMPONENT_WORDS = {"national": "National", "local": "Local", "individual": "Individual"}
_editor: list[dict[str, Any]] = []


def _editor_row(course, transcript: Transcript) -> dict[str, str]:
    """A course in the template's columns: its values as read, or as written when they could not be."""
    raw = course.raw
    component = COMPONENT_WORDS.get(course.component or "", "")
    if not component and "component" in transcript.columns:  # an unreadable component stays, to be fixed
        component = raw.get("component", "")
    delivery = {True: "Online", False: "In person"}.get(course.delivery, raw.get("delivery", ""))
    return {
        "date": course.date.isoformat() if course.date else raw.get("date", ""),
        "title": course.title,
        # as read when shown exactly ("1.5"), else as written ("20 min" is 1/3 h, which 0.33 is not)
        "hours": str(number(course.hours))
        if course.hours is not None and Fraction(str(number(course.hours))) == course.hours
        else raw.get("hours", ""),
        "approval": raw.get("approval", ""),
        "component": component,
        "topic": (course.topic or "").capitalize(),
        "delivery": delivery,
        "pediatric": {True: "Yes", False: "No"}.get(course.pediatric, raw.get("pediatric", "")),
    }


def editor_rows() -> bytes:
    """The last transcript's courses for the editor. Rows that are not courses (totals, courses not
    completed) are left out, and counted, since the template's columns cannot say so."""
    if _last_transcript is None:
        return _answer({"ok": False, "error": sentence("report.browser.edit-one-person")})
    courses = _last_transcript.courses
    return _answer(
        {
            "ok": True,
            "rows": [_editor_row(c, _last_transcript) for c in courses if not c.skipped],
            "left_out": sum(1 for c in courses if c.skipped),
        }
    )


def _editor_text(rows: list[dict[str, Any]], inert: bool = False) -> str:
    """The rows in the template's columns; `inert` (the download) keeps a cell that a spreadsheet would
    run as a formula as text (`spreadsheet.inert`), which the check itself must not see."""
    out = io.StringIO()
    writer = CsvWriter(out) if inert else csv.writer(out, lineterminator="\r\n")
    writer.writerow(EDITOR_COLUMNS)
    for row in rows:
        writer.writerow([" ".join(str(row.get(f, "") or "").split()) for f in EDITOR_FIELDS])
    return out.getvalue()


def _filled(row: dict[str, Any]) -> bool:
    return any(str(v).strip() for v in row.values())


def run_editor(rows_json: str, level: str, cycle: str, today: str) -> bytes:
    """The editor's rows (JSON, a list of {date, title, hours, approval, component, topic, delivery})
    checked as a CSV in the template's columns; `{"ok": true, "empty": true}` when none is filled."""
    global _editor
    try:
        rows = json.loads(rows_json)
        if not isinstance(rows, list):
            raise ValueError("not a list")
    except ValueError as error:
        return _answer({"ok": False, "error": sentence("report.browser.editor-rows", error=error)})
    _editor = [row for row in rows if isinstance(row, dict)]
    if not any(_filled(row) for row in _editor):
        return _answer({"ok": True, "empty": True})
    # Every row: the editor marks each of its rows with that row's status and reasons.
    return _run_check(_editor_text(_editor).encode(), level, cycle, today, None, "", "", None)


def editor_csv() -> bytes:
    """The editor's courses as a CSV in the template's columns (with a BOM, for Excel)."""
    return ("\ufeff" + _editor_text([row for row in _editor if _filled(row)], inert=True)).encode()


def last_json() -> bytes:
    """The JSON download of the last report checked: byte for byte what `recert check --format json` prints."""
    if _people is not None:
        return ('{"people": [' + ", ".join(_people) + "]}\n").encode()
    return _last.to_json().encode() if _last is not None else b""


def report_rows(start, count) -> bytes:
    """Rows `start` to `start + count` of the last report checked (one person's), as its "rows" are
    in the JSON: the page asks for them as it shows them."""
    rows = _last.rows[int(start) : int(start) + int(count)] if _last is not None and int(start) >= 0 else []
    return json.dumps([row_dict(row) for row in rows], ensure_ascii=False).encode()


def last_csv() -> bytes:
    """The CSV download of the last report checked (built on demand: it costs as much as the check's JSON)."""
    return _last_csv().encode() if _last_csv else b""


def run_plan(
    level: str,
    expires: str,
    nremt_status: str,
    nremt_expires: str,
    affiliated: str,
    region: str,
    roles: str,
    today: str,
) -> bytes:
    """The renewal plan from the page's form values (all strings; `roles` comma-separated)."""
    from .plan import PlanError, Situation, make_plan  # the planner's: not imported before the checker is ready

    try:
        situation = Situation(
            level=level,
            expires=int(expires),
            nremt_status=nremt_status,
            nremt_expires=int(nremt_expires) if nremt_expires and nremt_status in ("current", "inactive") else None,
            affiliated=affiliated == "yes",
            region=int(region),
            roles=tuple(r for r in roles.split(",") if r),
            today=date.fromisoformat(today),
        )
        plan = make_plan(situation)
    except (PlanError, ValueError) as error:
        return _answer({"ok": False, "error": str(error)})
    return _answer({"ok": True, "plan": plan.to_dict(), "ics": plan.to_ics()})


# --- certificates (PDF), pasted text, the audit packet ---------------------------------------------


def _adjusted(people: Iterator[Transcript], adjust: Callable[[Transcript], None]) -> Iterator[Transcript]:
    for transcript in people:
        adjust(transcript)
        yield transcript


def install_pdf_reader(folder: str) -> None:
    """Make the PDF reader's bundle, unpacked in `folder` by the worker, importable: its top-level modules
    (pypdf, a few standard-library ones) from the folder, and its parts of packages already imported
    (recert_core's certificate reader, xml.dom, an encoding) as parts of those packages. Then import it,
    so that a failure is said at once."""
    import importlib
    import sys

    if folder not in sys.path:
        sys.path.append(folder)
    for name in ("recert_core", "encodings", "xml"):
        package = importlib.import_module(name)
        part = f"{folder}/{name}"
        if part not in package.__path__:
            package.__path__.append(part)
    # (no importlib.invalidate_caches(): the folders are new to Python, and it would import importlib.metadata)
    importlib.import_module("pypdf")
    importlib.import_module("recert_core.certificates.pdf")


def read_certificates(data, names=None) -> bytes:
    """The certificates in PDFs, for the page to show beside the editor's fields and have confirmed:
    `{"ok": true, "files": [{name, sha256, encrypted, problem, error, notes, certificates: [{page, kind,
    notes, rows: [{field: {value, words, page, suggestion, note, message}}]}]}]}`. Needs the PDF reader
    (pypdf), which the worker installs when the first PDF is given."""
    from .certificates import read_certificate

    files = _files(data, names)
    named = [("certificate.pdf", files)] if isinstance(files, bytes) else files
    _certificate_files[:] = named  # for the audit packet: the certificates the user gave
    return _answer({"ok": True, "files": [read_certificate(content, name).to_dict() for name, content in named]})


def run_certificates(
    rows_json: str, level: str, cycle: str, today: str, data=None, names=None, roles: str = "", assumed: str = ""
) -> bytes:
    """Check the certificates' rows as the user confirmed them (JSON: a list of {date, title, hours, approval,
    delivery, provider, attendee, file, page, read_from, confirmed}), read as a CSV in the template's columns
    by the transcript reader, with the other files given (`data`, `names`), as one transcript. Rows not
    confirmed are `unverified`: they count only once confirmed. The report has every row, as the editor's."""
    from .certificates import mark_unconfirmed, source_of

    try:
        rows = json.loads(rows_json)
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ValueError("not a list of rows")
    except ValueError as error:
        return _answer({"ok": False, "error": sentence("report.browser.certificate-rows", error=error)})
    source = source_of(rows, CERTIFICATES_FILE)
    others = [] if data is None else _files(data, names)
    files = ([("transcript", others)] if isinstance(others, bytes) else list(others)) + [(source.name, source.csv)]
    given = [(n, c) for n, c in files if n != source.name]
    answer = _run_check(
        [c for _, c in files],
        level,
        cycle,
        today,
        [n for n, _ in files],
        "",
        roles,
        None,
        assumed,
        adjust=lambda transcript: mark_unconfirmed(transcript, {source.name: source}),
        certificates=rows,
    )
    _last_files[:] = given + _certificate_files
    return answer


CERTIFICATES_FILE = "certificates"  # the name the certificates' rows are read under (the report's file column)
_certificate_files: list[tuple[str, bytes]] = []  # the PDFs last read, for the audit packet


# Characters a phone's copy puts in a table's text that a file would not have: no-break and zero-width
# spaces, and line separators.
PASTE_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u200b": "", "\ufeff": "", "\u2028": "\n"})


def run_paste(text: str, level: str, cycle: str, today: str, columns="", roles: str = "", assumed: str = "") -> bytes:
    """Text pasted into the page (the NREMT transcript's Copy button, a table copied from a web page or a
    spreadsheet, on a phone too) read as a file: tab-separated rows, as the reader reads a .txt."""
    cleaned = "\n".join(line.rstrip() for line in str(text).translate(PASTE_SPACES).splitlines())
    if not cleaned.strip():
        return _answer({"ok": False, "error": sentence("report.browser.paste-empty")})
    return _run_check([cleaned.encode()], level, cycle, today, [PASTED_FILE], columns, roles, PAGE_ROWS, assumed)


PASTED_FILE = "pasted.txt"


def audit_packet(today: str) -> bytes:
    """The audit packet of the last check (one person's): a zip made here, in the browser, as bytes;
    `b""` when there is none (then `packet_error()` says why)."""
    from .packet import audit_packet as make_packet

    if _last is None:
        return b""
    report = _last.to_dict()
    return make_packet(
        report,
        _last.to_json(),
        _last.to_csv(),
        _last_files,
        date.fromisoformat(today),
        certificates=_last_certificates,
    )


def packet_error() -> bytes:
    return _answer(
        {"ok": _last is not None, "error": "" if _last is not None else sentence("report.browser.no-packet")}
    )
