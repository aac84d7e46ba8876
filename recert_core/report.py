"""The result of a check: data first, then rendered as JSON or as text.

The JSON is the contract between the CLI and the browser: both call
`Report.to_json()`, so a download from the page equals the CLI's output.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .formatting import hours_text, runs
from .problems import catalogue, kind

STATUSES = ("counted", "partial", "unused", "unverified", "rejected", "skipped")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def number(value: Decimal | None) -> int | float | None:
    """Hours as a JSON number: 20, not 20.0 or "20"."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def row_dict(row: RowResult) -> dict[str, Any]:
    """One row of a report as JSON data (the report's "rows")."""
    return {
        "line": row.line,
        "status": row.status,
        "date": row.date,
        "title": row.title,
        "approval": row.approval,
        "component": row.component,
        "topic": row.topic,
        "distributive": row.distributive,
        "hours": number(row.hours),
        "counted": number(row.counted),
        "allocated": {c: number(h) for c, h in row.allocated.items()},
        "reasons": [{"code": r.code, "message": r.message, "column": r.column} for r in row.reasons],
        "file": row.file,
    }


def _inert(cell: str) -> str:
    """A cell Excel shows as text, never runs as a formula (OWASP CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


# Reasons and rows are made once per row of a transcript (a hundred thousand for a long one):
# plain slotted classes, which build several times faster than frozen ones.
@dataclass(slots=True)
class Reason:
    code: str
    message: str
    column: str = ""  # the field the reason is about, as in the catalogue (codes.toml)


@dataclass(frozen=True)
class ComponentResult:
    required: Decimal
    counted: Decimal
    distributive: Decimal
    distributive_limit: Decimal | None

    @property
    def short(self) -> Decimal:
        return max(self.required - self.counted, Decimal(0))


@dataclass(frozen=True)
class TopicResult:
    topic: str
    name: str
    required: Decimal
    counted: Decimal

    @property
    def short(self) -> Decimal:
        return max(self.required - self.counted, Decimal(0))


@dataclass(slots=True)
class RowResult:
    line: int
    status: str
    date: str
    title: str
    approval: str
    component: str | None
    topic: str | None
    distributive: bool | None
    hours: Decimal | None
    counted: Decimal
    allocated: dict[str, Decimal]
    reasons: list[Reason]
    cells: list[str]
    file: str = ""  # the file the row comes from, when several are read as one transcript

    @classmethod
    def of(
        cls, course, status: str, counted: Decimal, allocated: dict[str, Decimal], reasons: list[Reason]
    ) -> RowResult:
        return cls(
            line=course.line,
            status=status,
            date=course.date.isoformat() if course.date else course.raw.get("date", ""),
            title=course.title,
            approval=course.approval,
            component=course.component,
            topic=course.topic,
            distributive=course.distributive,
            hours=course.hours,
            counted=counted,
            allocated=allocated,
            reasons=reasons,
            cells=course.cells,
            file=course.file,
        )


@dataclass(frozen=True)
class Report:
    level: str
    level_name: str
    cycle: int
    window: tuple[date, date]
    components: dict[str, ComponentResult]
    distributive_total: Decimal
    distributive_total_limit: Decimal | None
    rows: list[RowResult]
    header: list[str]
    blank_lines: list[int]
    topics: list[TopicResult] | None  # None when the national rows carry no topic
    topics_checked: bool
    met_if_verified: bool
    component_names: dict[str, str]
    provisional_reasons: list[str]
    waivers: list[str]
    encoding: str
    delimiter: str
    columns: dict[str, str]
    ignored_columns: list[str]
    # How the file was read (READER): notes about the file as a whole, its format, where the header was.
    notes: list = field(default_factory=list)  # Problems
    format: str = "csv"
    header_line: int = 1
    sheet: str = ""
    files: list[str] = field(default_factory=list)
    # What would still be short once every course waiting for its approval number has it.
    short_if_verified: dict[str, Decimal] = field(default_factory=dict)
    topics_short_if_verified: dict[str, Decimal] = field(default_factory=dict)

    @property
    def met(self) -> bool:
        """Every requirement the file can be judged on: component hours (within the distributive limits,
        which the placement never exceeds) and, when the national rows carry topics, the topic hours.
        Unverified courses never count toward it."""
        return all(c.short == 0 for c in self.components.values()) and self.topics_met is not False

    @property
    def topics_met(self) -> bool | None:
        return None if self.topics is None else all(t.short == 0 for t in self.topics)

    @property
    def required_total(self) -> Decimal:
        return sum((c.required for c in self.components.values()), Decimal(0))

    @property
    def counted_total(self) -> Decimal:
        return sum((c.counted for c in self.components.values()), Decimal(0))

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def unverified(self) -> list[RowResult]:
        return [row for row in self.rows if row.status == "unverified"]

    def shortfall(self, if_verified: bool = False) -> str:
        """What is short, as the tables below the verdict show it (`if_verified`: what would still be short
        once every course waiting for its approval number has it)."""
        components = self.short_if_verified if if_verified else {n: c.short for n, c in self.components.items()}
        parts = [f"{self.component_names[name]} {hours_text(short)}" for name, short in components.items() if short]
        topics = {t.name: t.short for t in self.topics or ()}
        if if_verified:
            topics = {t.name: self.topics_short_if_verified.get(t.topic, Decimal(0)) for t in self.topics or ()}
        named = [f"{name} {hours_text(short)}" for name, short in topics.items() if short]
        if named:
            parts.append("national topics: " + ", ".join(named))
        return "; ".join(parts)

    def verdict(self) -> str:
        """The result in one sentence, which never contradicts the tables."""
        who = f"{self.level_name}, cards expiring in {self.cycle}"
        if self.met:
            return f"Requirements met ({who}): {hours_text(self.counted_total)} counted."
        unverified = self.unverified
        if unverified and not self.counted_total:  # an NREMT export: hours found, no approval numbers
            found = sum((r.hours or Decimal(0) for r in unverified), Decimal(0))
            still = self.shortfall(if_verified=True)
            return (
                f"Not met yet ({who}): {hours_text(found)} found, but none can count until each course has its "
                "approval number; with them you would "
                + (f"still need {still}." if still else "meet the requirements.")
            )
        sentence = f"Not met yet ({who}): short {self.shortfall()}."
        if self.met_if_verified:
            n = len(self.unverified)
            sentence += (
                f" {n} course{'s' if n != 1 else ''} could not be verified from the file; "
                "if {} OEMS- or CAPCE-approved, the requirements would be met.".format(
                    "it is" if n == 1 else "they are"
                )
            )
        return sentence

    def fixes(self) -> list[dict[str, Any]]:
        """The rows the user can fix, with what to do, gathered at the top of the report: one entry per
        file and fix, naming its lines ("lines 5 to 10: add the approval number from the certificate")."""
        grouped: dict[tuple[str, str, str], list[int]] = {}
        for row in self.rows:
            for reason in row.reasons:
                fix = _fix(reason.code)
                if fix:
                    grouped.setdefault((row.file, reason.code, fix), []).append(row.line)
        return [
            {
                "file": file,
                "lines": lines,
                "code": code,
                "column": kind(code).column,
                "message": f"{file + ', ' if file else ''}{_lines_text(lines)}: {fix}",
            }
            for (file, code, fix), lines in grouped.items()
        ]

    def needs(self) -> list[dict[str, Any]]:
        """Per component and national topic, the hours still needed and how many may be online."""
        end = self.window[1]
        de_total_left = (
            None
            if self.distributive_total_limit is None
            else max(self.distributive_total_limit - self.distributive_total, Decimal(0))
        )

        def online(c: ComponentResult, short: Decimal) -> Decimal:
            allowed = [short]
            if c.distributive_limit is not None:
                allowed.append(max(c.distributive_limit - c.distributive, Decimal(0)))
            if de_total_left is not None:
                allowed.append(de_total_left)
            return min(allowed)

        needs = []
        for name, c in self.components.items():
            if c.short:
                may = online(c, c.short)
                needs.append(
                    {
                        "component": name,
                        "topic": None,
                        "name": self.component_names[name],
                        "hours": number(c.short),
                        "online": number(may),
                        "by": end.isoformat(),
                        "message": _need_text(self.component_names[name], c.short, may, end),
                    }
                )
        national = self.components["national"]
        for t in self.topics or ():
            if t.short:
                may = online(national, t.short)
                needs.append(
                    {
                        "component": "national",
                        "topic": t.topic,
                        "name": t.name,
                        "hours": number(t.short),
                        "online": number(may),
                        "by": end.isoformat(),
                        "message": "Of those National hours, " + _need_text(t.name, t.short, may, end),
                    }
                )
        return needs

    def to_dict(self, first_rows: int | None = None) -> dict[str, Any]:
        """The report as JSON data; with `first_rows`, only that many of its rows (the rest with
        `row_dict`): the page draws a page of rows at a time and asks for the next when shown."""
        return {
            "level": self.level,
            "cycle": self.cycle,
            "window": {"start": self.window[0].isoformat(), "end": self.window[1].isoformat()},
            "met": self.met,
            "met_if_verified": self.met_if_verified,
            "verdict": self.verdict(),
            "provisional": bool(self.provisional_reasons),
            "provisional_reasons": self.provisional_reasons,
            "waivers": self.waivers,
            "components": {
                name: {
                    "required": number(c.required),
                    "counted": number(c.counted),
                    "short": number(c.short),
                    "distributive": number(c.distributive),
                    "distributive_limit": number(c.distributive_limit),
                }
                for name, c in self.components.items()
            },
            "total": {
                "required": number(self.required_total),
                "counted": number(self.counted_total),
                "short": number(sum((c.short for c in self.components.values()), Decimal(0))),
            },
            "distributive_total": {
                "counted": number(self.distributive_total),
                "limit": number(self.distributive_total_limit),
            },
            "topics": None
            if self.topics is None
            else [
                {
                    "topic": t.topic,
                    "name": t.name,
                    "required": number(t.required),
                    "counted": number(t.counted),
                    "short": number(t.short),
                }
                for t in self.topics
            ],
            "topics_met": self.topics_met,
            "topics_checked": self.topics_checked,
            "topics_unchecked": None if self.topics is not None else TOPICS_UNCHECKED,
            "unverified": [{"line": r.line, "title": r.title, "hours": number(r.hours)} for r in self.unverified],
            "short_if_verified": {c: number(h) for c, h in self.short_if_verified.items()},
            "next_steps": {"needs": self.needs(), "fixes": self.fixes()},
            "summary": {status: self.count(status) for status in STATUSES}
            | {"rows": len(self.rows), "blank_lines": len(self.blank_lines)},
            "rows": [row_dict(row) for row in self.rows[:first_rows]],
            "blank_lines": self.blank_lines,
            "file": {
                "encoding": self.encoding,
                "delimiter": DELIMITER_NAMES.get(self.delimiter, ""),
                "columns": self.columns,
                "ignored_columns": self.ignored_columns,
                "format": self.format,
                "sheet": self.sheet,
                "header_line": self.header_line,
                "files": self.files,
                "notes": [
                    {"code": p.code, "message": p.message, "column": p.field} | dict(p.detail) for p in self.notes
                ],
            },
        }

    def to_json(self, first_rows: int | None = None) -> str:
        # Compact on purpose: with an indent, json falls back to its pure-Python encoder,
        # which is half the cost of a check. Pipe through `python -m json.tool` to read it.
        return json.dumps(self.to_dict(first_rows), ensure_ascii=False) + "\n"

    def to_csv(self) -> str:
        """The user's own rows with the result added, safe to open in Excel.

        Cells that a spreadsheet would run as a formula (starting with = + - @, tab or
        carriage return) are prefixed with an apostrophe; the byte-order mark makes Excel
        read the file as UTF-8.
        """
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        width = len(self.header)
        writer.writerow([_inert(c) for c in self.header] + ["Status", "Counted hours", "Counted toward", "Reasons"])
        # Several files read as one: their rows in order, each file's lines its own (no blank rows).
        rows = {(row.file, row.line): row for row in self.rows}
        blank = [] if self.files else [("", line) for line in self.blank_lines]
        for key in sorted([*rows, *blank], key=lambda k: (self.files.index(k[0]) if k[0] in self.files else 0, k[1])):
            row = rows.get(key)
            if row is None:
                writer.writerow([""] * width + ["blank", "", "", "Blank row, ignored."])
                continue
            cells = (row.cells + [""] * width)[:width]
            toward = "; ".join(f"{c.capitalize()} {hours_text(h)}" for c, h in row.allocated.items())
            reasons = " | ".join(r.message for r in row.reasons)
            writer.writerow([_inert(c) for c in cells] + [row.status, number(row.counted), toward, _inert(reasons)])
        return "\ufeff" + out.getvalue()

    def _reading_text(self) -> list[str]:
        """How the file was read: which column was taken as what, what was not used, notes."""
        where = f" (sheet “{self.sheet}”)" if self.sheet else ""
        read = ", ".join(f"{name} = “{header}”" for name, header in self.columns.items())
        lines = [f"Columns read{where}, header on line {self.header_line}: {read}."]
        if self.ignored_columns:
            lines.append("Columns not used: " + ", ".join(f"“{c}”" for c in self.ignored_columns) + ".")
        lines += [f"Note: {p.message}" for p in self.notes]
        return lines

    def to_text(self) -> str:
        """A summary a training officer can paste into an email."""
        start, end = self.window
        lines = [self.verdict()]
        fixes = self.fixes()
        if fixes:
            lines += ["", "Rows to fix:"] + [f"  - {fix['message']}" for fix in fixes]
        lines += [
            "",
            f"Continuing-education window: {start:%m/%d/%Y} to {end:%m/%d/%Y}.",
            "",
            f"{'Component':<12} {'Required':>9} {'Counted':>9} {'DE':>7} {'DE limit':>9} {'Short':>7}",
        ]
        for name, c in self.components.items():
            limit = hours_text(c.distributive_limit)  # None reads "no limit"
            lines.append(
                f"{self.component_names[name]:<12} {hours_text(c.required):>9} {hours_text(c.counted):>9} "
                f"{hours_text(c.distributive):>7} {limit:>9} {hours_text(c.short):>7}"
            )
        if self.distributive_total_limit is not None:
            lines.append(
                f"Distributive hours in total: {hours_text(self.distributive_total)} "
                f"of at most {hours_text(self.distributive_total_limit)}."
            )
        if self.topics is not None:
            lines += ["", "National topics (hours counted toward National):"]
            lines += [
                f"  {t.name}: {hours_text(t.counted)} of {hours_text(t.required)}"
                + (f", short {hours_text(t.short)}" if t.short else "")
                for t in self.topics
            ]
        else:
            lines += ["", TOPICS_UNCHECKED]
        if self.unverified:
            lines += ["", "Not counted until verified (look up each certificate's OEMS or CAPCE number):"]
            lines += [f"  Line {r.line}: {r.title or '(no title)'}, {hours_text(r.hours)}" for r in self.unverified]
        counts = ", ".join(f"{self.count(s)} {s}" for s in STATUSES)
        lines += ["", f"Rows: {len(self.rows)} ({counts}); {len(self.blank_lines)} blank lines ignored."]
        lines += self._reading_text()
        for row in self.rows:
            if row.status == "counted" and all(r.code == "counted" for r in row.reasons):
                continue
            where = f"{row.file}, line" if row.file else "Line"
            lines.append(f"  {where} {row.line} [{row.status}] {row.title or '(no title)'}")
            lines += [f"    - {r.message}" for r in row.reasons]
        needs = self.needs()
        if needs:
            lines += ["", "What to do next:"] + [f"  - {need['message']}" for need in needs]
        for waiver in self.waivers:
            lines += ["", f"Waiver: {waiver}"]
        if self.provisional_reasons:
            lines += ["", "Provisional: the rules for this cycle are not all confirmed by a source."]
            lines += [f"  - {reason}" for reason in self.provisional_reasons]
        return "\n".join(lines) + "\n"


TOPICS_UNCHECKED = (
    "National topic hours could not be checked: the national courses in the file do not say "
    "their topic (add a Topic column to check them)."
)


def _fix(code: str) -> str:
    """What the catalogue says to do about a finding ("" for results and findings nobody can fix)."""
    kind = catalogue().get(code)
    return kind.fix if kind else ""


def _lines_text(lines: list[int]) -> str:
    """ "line 5", "lines 5 and 9", "lines 5 to 10", "lines 2, 5 to 7 and 9"."""
    grouped = runs(lines)
    parts = [
        str(r[0]) if len(r) == 1 else f"{r[0]} and {r[1]}" if len(r) == 2 else f"{r[0]} to {r[-1]}" for r in grouped
    ]
    if len(grouped) == 1 and len(grouped[0]) == 1:
        return f"line {parts[0]}"
    return "lines " + (parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1])


def _need_text(name: str, short: Decimal, online: Decimal, by: date) -> str:
    when = f"{by:%B} {by.day}, {by.year}"
    if online >= short:
        how = "any of them may be online (distributive)"
    elif online == 0:
        how = "in person or live: none may be online (distributive)"
    else:
        how = f"at most {hours_text(online)} of them online (distributive), the rest in person or live"
    return f"{name}: {hours_text(short)} more by {when}; {how}."
