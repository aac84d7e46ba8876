"""The checker's entry points in the browser's Web Worker (Pyodide): strings in, UTF-8 bytes out.

`run_check` answers `{"ok": true, "next": ..., "report": ...}`: the `report` is the JSON that
`recert check --format json` prints, embedded as it is, and `next` the cycle's deadlines and fees;
or `{"ok": false, "error": ...}` with a sentence for a file that cannot be used. `last_json()` is
the report's JSON for download, `last_csv()` the user's rows with the result added.

Why bytes: Pyodide hands a Python string with any non-ASCII character (a report's curly quotes)
to JavaScript character by character, which for a 10,000-row report took longer than the check;
bytes are copied at once, and the page decodes them natively. Nothing here touches the network
or the files.
"""

from __future__ import annotations

import json
from datetime import date

from .check import CheckError, check, resolve, steady_memory
from .guide import next_steps
from .plan import PlanError, Situation, make_plan
from .report import Report
from .transcript import TranscriptError


def _answer(value: dict) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def run_check(data, level: str, cycle: str, today: str, roles: str = "") -> bytes:
    """`data` is bytes, or the worker's Uint8Array as Pyodide passes it; `roles` the instructor and
    examiner roles the reader holds, comma-separated (their deadline is listed only then)."""
    if hasattr(data, "to_bytes"):
        data = data.to_bytes()
    global _last, _last_json
    try:
        with steady_memory():
            report = check(data, level, cycle)
            report_json = report.to_json()
    except (TranscriptError, CheckError) as error:
        return _answer({"ok": False, "error": str(error)})
    _last, _last_json = report, report_json
    level_id, rule_set = resolve(level, cycle)
    steps = json.dumps(next_steps(rule_set, level_id, date.fromisoformat(today), roles=bool(roles.strip(","))),
                       ensure_ascii=False)
    # The report's JSON goes in as it is: encoding it again as a string would cost a fifth of the check.
    return f'{{"ok": true, "next": {steps}, "report": {report_json.rstrip()}}}'.encode()


_last: Report | None = None
_last_json = ""


def last_json() -> bytes:
    """The JSON download of the last report checked: byte for byte what `recert check --format json` prints."""
    return _last_json.encode()


def last_csv() -> bytes:
    """The CSV download of the last report checked (built on demand: it costs as much as the check's JSON)."""
    return _last.to_csv().encode() if _last else b""


def run_plan(level: str, expires: str, nremt_status: str, nremt_expires: str, affiliated: str, region: str,
             roles: str, today: str) -> bytes:
    """The renewal plan from the page's form values (all strings; `roles` comma-separated)."""
    try:
        situation = Situation(
            level=level, expires=int(expires), nremt_status=nremt_status,
            nremt_expires=int(nremt_expires) if nremt_expires and nremt_status in ("current", "inactive") else None,
            affiliated=affiliated == "yes", region=int(region),
            roles=tuple(r for r in roles.split(",") if r), today=date.fromisoformat(today),
        )
        plan = make_plan(situation)
    except (PlanError, ValueError) as error:
        return _answer({"ok": False, "error": str(error)})
    return _answer({"ok": True, "plan": plan.to_dict(), "ics": plan.to_ics()})
