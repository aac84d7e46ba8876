"""The checker's entry points in the browser's Web Worker (Pyodide): strings in, a JSON string out.

The page gets `json` (exactly what `recert check --format json` prints) and the cycle's deadlines
and fees, or an `error` sentence for a file that cannot be used; `last_csv()` gives the user's rows
with the result added, made only when asked for. Nothing here touches the network or the files.
"""

from __future__ import annotations

import json
from datetime import date

from .check import CheckError, check, resolve
from .guide import next_steps
from .plan import PlanError, Situation, make_plan
from .report import Report
from .transcript import TranscriptError


def run_check(data, level: str, cycle: str, today: str) -> str:
    """`data` is bytes, or the worker's Uint8Array as Pyodide passes it."""
    if hasattr(data, "to_bytes"):
        data = data.to_bytes()
    try:
        report = check(data, level, cycle)
    except (TranscriptError, CheckError) as error:
        return json.dumps({"ok": False, "error": str(error)})
    global _last
    _last = report
    level_id, rule_set = resolve(level, cycle)
    return json.dumps({
        "ok": True,
        "json": report.to_json(),
        "next": next_steps(rule_set, level_id, date.fromisoformat(today)),
    })


_last: Report | None = None


def last_csv() -> str:
    """The CSV download of the last report checked (built on demand: it costs as much as the check's JSON)."""
    return _last.to_csv() if _last else ""


def run_plan(level: str, expires: str, nremt_status: str, nremt_expires: str, affiliated: str, region: str,
             roles: str, today: str) -> str:
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
        return json.dumps({"ok": False, "error": str(error)})
    return json.dumps({"ok": True, "plan": plan.to_dict(), "ics": plan.to_ics()})
