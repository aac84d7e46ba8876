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
from typing import Any

from .check import CheckError, resolve, resume_collection, steady_memory
from .guide import next_steps
from .plan import PlanError, Situation, make_plan
from .report import Report, number, row_dict
from .roster import PersonResult, check_people, headline, judge_person, summary_csv_header, summary_csv_line
from .rules import Cycle
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

# The page checks in the browser what a browser can hold: a longer file gets a clear answer at once
# instead of minutes of a blocked worker or a MemoryError (the command line takes up to 200 MB).
MAX_ROWS = 200_000
MAX_WORKBOOK_BYTES = 150 * 1024 * 1024  # uncompressed
# A check's answer carries the first rows the page draws (it shows a thousand at a time, as asked):
# encoding and decoding all the rows of a 10,000-row file was a fifth of its time to the verdict.
PAGE_ROWS = 1000
TOO_LARGE = (
    "is too large to check in the browser ({what}; the page checks up to {limit:,} rows). "
    "Check it with the command line (recert check), or split it into smaller files."
)


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
        raise TranscriptError(f"Column choice: {error}.") from None


def _too_large(files: bytes | list[tuple[str, bytes]]) -> str | None:
    """Why the files are too large to check here, or None."""
    import io
    import zipfile

    rows = 0
    for name, data in [("", files)] if isinstance(files, bytes) else files:
        label = f"{name}: " if name else ""
        if data.startswith(b"PK\x03\x04"):
            try:
                size = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
            except (zipfile.BadZipFile, ValueError, OSError):
                continue  # the reader says what is wrong with it
            if size > MAX_WORKBOOK_BYTES:
                return (
                    label + "The workbook " + TOO_LARGE.format(what=f"{size / 2**20:,.0f} MB unpacked", limit=MAX_ROWS)
                )
        else:
            rows += data.count(b"\n") or data.count(b"\r")
    if rows > MAX_ROWS:
        return "The file " + TOO_LARGE.format(what=f"about {rows:,} rows", limit=MAX_ROWS)
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


def _run_check(data, level, cycle, today, names, columns, roles, first_rows: int | None, assumed: str = "") -> bytes:
    global _last, _last_csv, _last_transcript, _people
    transcript = None
    try:
        files = _files(data, names)
        problem = _too_large(files)
        if problem:
            return _answer({"ok": False, "error": problem})
        mapping = _mapping(columns)
        level_id, rule_set = resolve(level, cycle)
        with steady_memory(resume=False):  # resumed by `idle()`, once the answer is sent
            people = read_people(files, columns=mapping, assumed=_order(assumed))
            first = next(people)
            second = next(people, None) if first.person is not None else None
            if second is None:  # one person: a plain report
                report = judge_person(first, level_id, rule_set)
                body, documents, report_json, csv_of = None, None, report.to_json(first_rows), report.to_csv
                transcript = first
            else:
                report, report_json = None, ""
                body, documents, csv_of = _roster([first, second], people, level_id, rule_set)
    except (TranscriptError, CheckError) as error:
        return _unusable(error)
    except MemoryError:
        return _answer(
            {"ok": False, "error": "The file " + TOO_LARGE.format(what="the browser ran out of memory", limit=MAX_ROWS)}
        )
    _last, _last_csv, _last_transcript, _people = report, csv_of, transcript, documents
    holds_role = bool(roles.strip(","))
    steps = json.dumps(next_steps(rule_set, level_id, date.fromisoformat(today), roles=holds_role), ensure_ascii=False)
    if body is not None:
        return f'{{"ok": true, "next": {steps}, {body}}}'.encode()
    # The report's JSON goes in as it is: encoding it again as a string would cost a fifth of the check.
    return f'{{"ok": true, "next": {steps}, "report": {report_json.rstrip()}}}'.encode()


def idle() -> None:
    """What the worker runs once it has sent an answer: the garbage collection a check leaves paused
    (see `check.steady_memory`), so that it runs while the page draws the verdict, not before."""
    resume_collection()


def _roster(
    firsts: list[Transcript], people: Iterator[Transcript], level: str, rule_set: Cycle
) -> tuple[str, list[str], Callable[[], str]]:
    """A roster for the page: its summary (one short line per person, with what every person's report
    shares: level, cycle, the file read), each person's report as the JSON the CLI writes (kept here,
    sent to the page one at a time by `person_report`), and its CSV download as the CLI writes it."""
    summaries, documents, results = [], [], []
    shared = ""

    def everyone():
        yield from firsts
        yield from people

    for person, report in check_people(everyone(), level, rule_set):
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
        return _answer({"ok": False, "error": "No such person in the last roster checked."})
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
        return _answer(
            {"ok": False, "error": "The file " + TOO_LARGE.format(what="the browser ran out of memory", limit=MAX_ROWS)}
        )
    return _answer({"ok": True, "fields": FIELDS, "files": answer})


_last: Report | None = None
_last_csv: Callable[[], str] | None = None  # the last check's CSV, built on demand
_last_transcript: Transcript | None = None  # the last one-person transcript checked, for the editor
_people: list[str] | None = None  # the last roster's reports, one JSON document a person

EDITOR_COLUMNS = TEMPLATE_COLUMNS  # what the editor's CSV download writes: the template's columns
EDITOR_FIELDS = ("date", "title", "hours", "approval", "component", "topic", "delivery")
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
        "hours": str(number(course.hours)) if course.hours is not None else raw.get("hours", ""),
        "approval": raw.get("approval", ""),
        "component": component,
        "topic": (course.topic or "").capitalize(),
        "delivery": delivery,
    }


def editor_rows() -> bytes:
    """The last transcript's courses for the editor. Rows that are not courses (totals, courses not
    completed) are left out, and counted, since the template's columns cannot say so."""
    if _last_transcript is None:
        return _answer({"ok": False, "error": "Only one person's transcript can be edited."})
    courses = _last_transcript.courses
    return _answer(
        {
            "ok": True,
            "rows": [_editor_row(c, _last_transcript) for c in courses if not c.skipped],
            "left_out": sum(1 for c in courses if c.skipped),
        }
    )


def _editor_text(rows: list[dict[str, Any]], inert: bool = False) -> str:
    """The rows in the template's columns; `inert` (the download) keeps a cell that Excel would run
    as a formula as text (OWASP CSV injection), which the check itself must not see."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EDITOR_COLUMNS)
    for row in rows:
        cells = [" ".join(str(row.get(f, "") or "").split()) for f in EDITOR_FIELDS]
        writer.writerow(["'" + c if inert and c[:1] in ("=", "+", "@") else c for c in cells])
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
        return _answer({"ok": False, "error": f"The editor's rows could not be read ({error})."})
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
