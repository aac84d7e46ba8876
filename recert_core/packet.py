"""The audit packet: everything an audit asks for, in one zip made on the device (Python's zipfile).

What a training officer files and what OEMS asks a provider to keep: the report as a readable page
that prints well (`report.html`, no scripts, its own styles), the same report as data (`report.json`,
exactly what `recert check --format json` prints) and as a spreadsheet (`report.csv`), the files the
user gave (transcripts and certificates, under `files/`, byte for byte), and `manifest.json`: each
file's name, size and SHA-256, the rules version and the day they were last checked against their
sources, the level, the cycle and the day of the check. Nothing is uploaded: the browser's worker
builds it and the page hands it to the user as a download.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from datetime import date
from typing import Any

from .problems import group
from .rules import Rules, default_rules

MANIFEST = "manifest.json"
FORMAT = "recert-audit-packet/1"
# Every word the packet's page shows, in one place: sentences.toml's [report.packet].
TEXT = group("report.packet")
STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;
padding:0 1rem;color:#111}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #999}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .4rem;
text-align:left;vertical-align:top}th{background:#eee}td.n{text-align:right;white-space:nowrap}
.verdict{font-size:1.1rem;font-weight:600;padding:.5rem;border:2px solid #111}code{font-size:.85em;word-break:break-all}
@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}tr{break-inside:avoid}
thead{display:table-header-group}a{color:inherit;text-decoration:none}}
"""


def _escape(text: str) -> str:
    """Text for HTML (the standard library's `html` is not in the browser's trimmed standard library)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _safe_name(name: str, taken: set[str]) -> str:
    """A file's name inside the zip: its own name, less any folder, made unique."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "file"
    base = "".join(c if c.isprintable() and c not in '<>:"|?*' else "_" for c in base)
    candidate, number = base, 2
    while candidate in taken:
        stem, dot, ext = base.rpartition(".")
        candidate = f"{stem} ({number}).{ext}" if dot else f"{base} ({number})"
        number += 1
    taken.add(candidate)
    return candidate


def audit_packet(
    report: dict[str, Any],
    report_json: str,
    report_csv: str,
    files: Sequence[tuple[str, bytes]],
    checked_on: date,
    certificates: Sequence[dict[str, Any]] = (),
    rules: Rules | None = None,
) -> bytes:
    """The packet's zip. `report` is the report as data (`Report.to_dict()`, every row), `report_json` and
    `report_csv` its JSON and CSV as the CLI writes them, `files` the files the user gave, `certificates`
    the certificate rows as confirmed (each a dict of the template's fields with file, page, read_from,
    confirmed)."""
    rules = rules or default_rules()
    taken: set[str] = set()
    given = [(f"files/{_safe_name(name, taken)}", data) for name, data in files]
    page = report_html(report, checked_on, rules, certificates, [(n, d) for n, d in given])
    parts: list[tuple[str, bytes]] = [
        ("report.html", page.encode()),
        ("report.json", report_json.encode()),
        ("report.csv", report_csv.encode()),
        *given,
    ]
    manifest = {
        "format": FORMAT,
        "level": report.get("level"),
        "cycle": report.get("cycle"),
        "checked_on": checked_on.isoformat(),
        "rules_version": rules.version,
        "rules_as_of": rules.as_of.isoformat(),
        "met": report.get("met"),
        "verdict": report.get("verdict"),
        "files": [{"name": name, "bytes": len(data), "sha256": _sha256(data)} for name, data in parts],
    }
    out = io.BytesIO()
    stamp = (checked_on.year, checked_on.month, checked_on.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as packet:
        for name, data in [*parts, (MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            packet.writestr(info, data)
    return out.getvalue()


def check_packet(data: bytes) -> dict[str, Any]:
    """The manifest of a packet, after checking that every file it lists is there with its size and SHA-256
    (and no file is there that it does not list); ValueError saying which file does not match."""
    with zipfile.ZipFile(io.BytesIO(data)) as packet:
        manifest = json.loads(packet.read(MANIFEST))
        listed = {entry["name"]: entry for entry in manifest["files"]}
        present = set(packet.namelist()) - {MANIFEST}
        if present != set(listed):
            raise ValueError(f"files not in the manifest or missing: {sorted(present ^ set(listed))}")
        for name, entry in listed.items():
            content = packet.read(name)
            if len(content) != entry["bytes"] or _sha256(content) != entry["sha256"]:
                raise ValueError(f"{name} does not match the manifest")
    return manifest


def _table(head: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = ()) -> str:
    cells = "".join(f"<th>{_escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{_escape(str(v))}</td>' if i in numeric else f"<td>{_escape(str(v))}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def report_html(
    report: dict[str, Any],
    checked_on: date,
    rules: Rules,
    certificates: Sequence[dict[str, Any]],
    files: Sequence[tuple[str, bytes]],
) -> str:
    """The report as a page that reads and prints well: facts, verdict, hours, courses, certificates, files."""
    t = TEXT
    window = report.get("window") or {}
    facts = [
        (t["level"], str(report.get("level", "")).upper()),
        (t["cycle"], report.get("cycle", "")),
        (t["window"], f"{window.get('start', '')} – {window.get('end', '')}"),
        (t["checked"], checked_on.isoformat()),
        (t["rules"], f"{rules.version} ({rules.as_of.isoformat()})"),
    ]
    parts = [
        f"<h1>{_escape(t['title'])}</h1><p>{_escape(t['intro'])}</p>",
        _table(["", ""], facts),
        f'<h2>{_escape(t["verdict"])}</h2><p class="verdict">{_escape(str(report.get("verdict", "")))}</p>',
        f"<h2>{_escape(t['components'])}</h2>",
        _table(
            [t["component"], t["required"], t["counted"], t["short"]],
            [
                (name.capitalize(), c["required"], c["counted"], c["short"])
                for name, c in (report.get("components") or {}).items()
            ],
            numeric=(1, 2, 3),
        ),
    ]
    if report.get("topics"):
        parts += [
            f"<h2>{_escape(t['topics'])}</h2>",
            _table(
                [t["topic"], t["required"], t["counted"], t["short"]],
                [(x["name"], x["required"], x["counted"], x["short"]) for x in report["topics"]],
                numeric=(1, 2, 3),
            ),
        ]
    parts += [
        f"<h2>{_escape(t['rows'])}</h2>",
        _table(
            [
                t["file"],
                t["line"],
                t["date"],
                t["course"],
                t["hours"],
                t["approval"],
                t["status"],
                t["counted"],
                t["reasons"],
            ],
            [
                (
                    r.get("file", ""),
                    r["line"],
                    r.get("date") or "",
                    r.get("title", ""),
                    r.get("hours", ""),
                    r.get("approval", ""),
                    r["status"],
                    r.get("counted", ""),
                    " ".join(x["message"] for x in r.get("reasons", [])),
                )
                for r in report.get("rows", [])
            ],
            numeric=(1, 4, 7),
        ),
    ]
    if certificates:
        parts += [
            f"<h2>{_escape(t['certificates'])}</h2>",
            _table(
                [
                    t["file"],
                    t["page"],
                    t["course"],
                    t["date"],
                    t["hours"],
                    t["approval"],
                    t["confirmed"],
                    t["read_from"],
                ],
                [
                    (
                        c.get("file", ""),
                        c.get("page", ""),
                        c.get("title", ""),
                        c.get("date", ""),
                        c.get("hours", ""),
                        c.get("approval", ""),
                        t["yes"] if c.get("confirmed") else t["no"],
                        c.get("read_from", ""),
                    )
                    for c in certificates
                ],
            ),
        ]
    if report.get("provisional_reasons"):
        items = "".join(f"<li>{_escape(r)}</li>" for r in report["provisional_reasons"])
        parts.append(f"<h2>{_escape(t['provisional'])}</h2><ul>{items}</ul>")
    parts += [
        f"<h2>{_escape(t['files'])}</h2>",
        _table(
            [t["name"], t["size"], t["sha256"]],
            [(name, len(data), _sha256(data)) for name, data in files],
            numeric=(1,),
        ),
    ]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_escape(t['title'])}</title><style>{STYLE}</style></head><body>" + "".join(parts) + "</body></html>\n"
    )
