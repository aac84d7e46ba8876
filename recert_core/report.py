"""The result of a check: data first, then rendered as JSON or as text.

The JSON is the contract between the CLI and the browser: both call
`Report.to_json()`, so a download from the page equals the CLI's output.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from .formatting import day_text, hours_number, hours_text, runs
from .patterns import regex
from .problems import catalogue, group, kind, sentence
from .spreadsheet import CsvWriter

STATUSES = ("counted", "partial", "unused", "unverified", "rejected", "skipped")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


number = hours_number  # hours as JSON numbers (to hundredths; every sum and `met` is exact)
ZERO = Fraction(0)


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


# What a terminal would act on rather than show: control characters (an escape sequence clears the
# screen or sets the window's title, a bell rings, a carriage return hides what came before it), the
# marks that reverse the direction of text, and lone surrogates (from an undecodable file name).
UNSEEN = "\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
UNSEEN_IN_LINES = regex(f"[{UNSEEN}]")
UNSEEN_ON_A_LINE = regex(f"[\n{UNSEEN}]")


def visible(text: str, *, one_line: bool = False) -> str:
    """Text safe to print on a terminal: what it would act on shown escaped, as Python writes it
    (\\x1b, \\u202e); line feeds kept, unless `one_line` (then \\n). A backslash is left as it is, so
    showing text twice changes nothing."""
    return (UNSEEN_ON_A_LINE if one_line else UNSEEN_IN_LINES).sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return repr(match[0])[1:-1]


# Reasons and rows are made once per row of a transcript (a hundred thousand for a long one):
# plain slotted classes, which build several times faster than frozen ones.
@dataclass(slots=True)
class Reason:
    code: str
    message: str
    column: str = ""  # the field the reason is about, as in the catalogue (codes.toml)
    values: tuple[tuple[str, str], ...] = ()  # what its sentence was filled in with (`Problem.values`)

    def value(self, name: str) -> str:
        """The value its sentence was filled in with under `name` (KeyError if none)."""
        return dict(self.values)[name]


@dataclass(frozen=True)
class ComponentResult:
    required: Fraction
    counted: Fraction
    distributive: Fraction
    distributive_limit: Fraction | None

    @property
    def short(self) -> Fraction:
        return max(self.required - self.counted, ZERO)


@dataclass(frozen=True)
class TopicResult:
    topic: str
    name: str
    required: Fraction
    counted: Fraction

    @property
    def short(self) -> Fraction:
        return max(self.required - self.counted, ZERO)


@dataclass(frozen=True)
class CycleNote:
    """Something the report says about the cycle checked: its window has closed ("cycle-ended"), the file's
    courses fit another cycle ("other-cycle"). `data` is what the page needs besides the sentence."""

    code: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PediatricResult:
    """The pediatric hours National must hold, and those of courses the file marks pediatric counted there.
    `checked`: the file says of every national course whether it is pediatric; otherwise a shortfall
    cannot be told from a course the file does not mark."""

    required: Fraction
    counted: Fraction
    checked: bool

    @property
    def short(self) -> Fraction:
        return max(self.required - self.counted, ZERO)

    @property
    def met(self) -> bool | None:
        """True, False, or None when the file does not say enough to tell."""
        if not self.short:
            return True
        return False if self.checked else None


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
    hours: Fraction | None
    counted: Fraction
    allocated: dict[str, Fraction]
    reasons: list[Reason]
    cells: list[str]
    file: str = ""  # the file the row comes from, when several are read as one transcript

    @classmethod
    def of(
        cls, course, status: str, counted: Fraction, allocated: dict[str, Fraction], reasons: list[Reason]
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


class Report:
    """A check's result. A plain class, not a dataclass: its generated methods cost the page's start-up
    (and none of them was used); every field is given by name."""

    def __init__(
        self,
        *,
        level: str,
        level_name: str,
        cycle: int,
        window: tuple[date, date],
        components: dict[str, ComponentResult],
        distributive_total: Fraction,
        distributive_total_limit: Fraction | None,
        rows: list[RowResult],
        header: list[str],
        blank_lines: list[int],
        topics: list[TopicResult] | None,  # None when the national rows carry no topic
        topics_checked: bool,
        met_if_verified: bool,
        component_names: dict[str, str],
        provisional_reasons: list[str],
        waivers: list[str],
        encoding: str,
        delimiter: str,
        columns: dict[str, str],
        ignored_columns: list[str],
        # How the file was read (READER): notes about the file as a whole, its format, where the header was.
        notes: list | None = None,  # Problems
        format: str = "csv",
        header_line: int = 1,
        sheet: str = "",
        files: list[str] | None = None,
        pediatric: PediatricResult | None = None,  # None when the cycle asks no pediatric hours
        today: date | None = None,  # the reader's date, when given: what is past is said to be
        cycle_notes: list[CycleNote] | None = None,
        # What would still be short once every course waiting for its approval number has it.
        short_if_verified: dict[str, Fraction] | None = None,
        topics_short_if_verified: dict[str, Fraction] | None = None,
        pediatric_short_if_verified: Fraction = ZERO,
    ) -> None:
        self.level = level
        self.level_name = level_name
        self.cycle = cycle
        self.window = window
        self.components = components
        self.distributive_total = distributive_total
        self.distributive_total_limit = distributive_total_limit
        self.rows = rows
        self.header = header
        self.blank_lines = blank_lines
        self.topics = topics
        self.topics_checked = topics_checked
        self.met_if_verified = met_if_verified
        self.component_names = component_names
        self.provisional_reasons = provisional_reasons
        self.waivers = waivers
        self.encoding = encoding
        self.delimiter = delimiter
        self.columns = columns
        self.ignored_columns = ignored_columns
        self.notes = [] if notes is None else notes
        self.format = format
        self.header_line = header_line
        self.sheet = sheet
        self.files = [] if files is None else files
        self.pediatric = pediatric
        self.today = today
        self.cycle_notes = [] if cycle_notes is None else cycle_notes
        self.short_if_verified = {} if short_if_verified is None else short_if_verified
        self.topics_short_if_verified = {} if topics_short_if_verified is None else topics_short_if_verified
        self.pediatric_short_if_verified = pediatric_short_if_verified

    @property
    def ended(self) -> bool:
        """The cycle's continuing-education window closed before `today`."""
        return self.today is not None and self.today > self.window[1]

    @property
    def met(self) -> bool:
        """Every requirement the file can be judged on: component hours (within the distributive limits,
        which the placement never exceeds), when the national rows carry topics, the topic hours, and the
        pediatric hours, which must be shown met (a file that does not say which courses are pediatric is
        never "met"). Unverified courses never count toward it."""
        return self.met_but_pediatric and self.pediatric_met is not False and self.pediatric_met is not None

    @property
    def met_but_pediatric(self) -> bool:
        """Every requirement met, leaving the pediatric hours aside."""
        return all(c.short == 0 for c in self.components.values()) and self.topics_met is not False

    @property
    def pediatric_met(self) -> bool | None:
        """True when there is nothing to meet or it is met; None when the file cannot tell."""
        return True if self.pediatric is None else self.pediatric.met

    def pediatric_text(self) -> str:
        """The pediatric hours in one line (the text report's and the page's): counted of required, and
        the shortfall where the file says which courses are pediatric."""
        p = self.pediatric
        assert p is not None
        counted, required = hours_text(p.counted), hours_text(p.required)
        if p.short and p.checked:
            return sentence(
                "report.pediatric.short",
                name=sentence("report.pediatric.name"),
                counted=counted,
                required=required,
                short=hours_text(p.short),
            )
        return sentence(
            "report.pediatric.line", name=sentence("report.pediatric.name"), counted=counted, required=required
        )

    @property
    def topics_met(self) -> bool | None:
        return None if self.topics is None else all(t.short == 0 for t in self.topics)

    @property
    def required_total(self) -> Fraction:
        return sum((c.required for c in self.components.values()), ZERO)

    @property
    def counted_total(self) -> Fraction:
        return sum((c.counted for c in self.components.values()), ZERO)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def unverified(self) -> list[RowResult]:
        return [row for row in self.rows if row.status == "unverified"]

    def shortfall(self, if_verified: bool = False) -> str:
        """What is short, as the tables below the verdict show it (`if_verified`: what would still be short
        once every course waiting for its approval number has it)."""
        components = self.short_if_verified if if_verified else {n: c.short for n, c in self.components.items()}
        parts = [_named_hours(self.component_names[name], short) for name, short in components.items() if short]
        topics = {t.name: t.short for t in self.topics or ()}
        if if_verified:
            topics = {t.name: self.topics_short_if_verified.get(t.topic, ZERO) for t in self.topics or ()}
        named = [_named_hours(name, short) for name, short in topics.items() if short]
        if named:
            parts.append(sentence("report.short.topics", topics=", ".join(named)))
        if self.pediatric_met is None:
            parts.append(sentence("report.short.pediatric-unchecked"))
        elif self.pediatric is not None:
            short = self.pediatric_short_if_verified if if_verified else self.pediatric.short
            if short:
                parts.append(sentence("report.short.pediatric", hours=hours_text(short)))
        return "; ".join(parts)

    @property
    def outcome(self) -> str:
        """Which verdict this is (its key in sentences.toml's [report.verdict]): "met", "not-confirmed" (all
        but the pediatric hours, which the file cannot show), "none-counted" / "none-counted-short" (hours
        found, none with an approval number; with them met, or still short), "short", or
        "short-one-unverified" / "short-unverified" (short, met once the unverified courses are verified)."""
        if self.met:
            return "met"
        if self.met_but_pediatric and self.pediatric_met is None:
            return "not-confirmed"
        if self.unverified and not self.counted_total:  # an NREMT export: hours found, no approval numbers
            return "none-counted-short" if self.shortfall(if_verified=True) else "none-counted"
        if not self.met_if_verified:
            return "short"
        return "short-one-unverified" if len(self.unverified) == 1 else "short-unverified"

    def verdict(self) -> str:
        """The result in one sentence, which never contradicts the tables."""
        outcome = self.outcome
        who = sentence("report.verdict.who", level=self.level_name, cycle=self.cycle)
        if outcome == "met":
            return sentence("report.verdict.met", who=who, hours=hours_text(self.counted_total))
        if outcome == "not-confirmed":
            return sentence("report.verdict.not-confirmed", who=who, hours=hours_text(self.counted_total))
        not_met = sentence("report.verdict.not-met-ended" if self.ended else "report.verdict.not-met", who=who)
        unverified = self.unverified
        if outcome == "none-counted-short":
            found = hours_text(sum((r.hours or ZERO for r in unverified), ZERO))
            still = self.shortfall(if_verified=True)
            return sentence("report.verdict.none-counted-short", not_met=not_met, found=found, still=still)
        if outcome == "none-counted":
            found = hours_text(sum((r.hours or ZERO for r in unverified), ZERO))
            return sentence("report.verdict.none-counted", not_met=not_met, found=found)
        short = self.shortfall()
        if outcome == "short":
            return sentence("report.verdict.short", not_met=not_met, short=short)
        if outcome == "short-one-unverified":
            return sentence("report.verdict.short-one-unverified", not_met=not_met, short=short, count=1)
        return sentence("report.verdict.short-unverified", not_met=not_met, short=short, count=len(unverified))

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
                "message": sentence("report.fix-in-file", file=file, lines=_lines_text(lines), fix=fix)
                if file
                else sentence("report.fix", lines=_lines_text(lines), fix=fix),
            }
            for (file, code, fix), lines in grouped.items()
        ]

    def needs(self) -> list[dict[str, Any]]:
        """Per component and national topic, the hours still needed and how many may be online."""
        end = self.window[1]
        de_total_left = (
            None
            if self.distributive_total_limit is None
            else max(self.distributive_total_limit - self.distributive_total, ZERO)
        )

        def online(c: ComponentResult, short: Fraction) -> Fraction:
            allowed = [short]
            if c.distributive_limit is not None:
                allowed.append(max(c.distributive_limit - c.distributive, ZERO))
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
                        "pediatric": False,
                        "name": self.component_names[name],
                        "hours": number(c.short),
                        "online": number(may),
                        "by": end.isoformat(),
                        "passed": self.ended,
                        "message": _need_text(self.component_names[name], c.short, may, end, self.ended),
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
                        "pediatric": False,
                        "name": t.name,
                        "hours": number(t.short),
                        "online": number(may),
                        "by": end.isoformat(),
                        "passed": self.ended,
                        "message": sentence(
                            "report.need.of-national", need=_need_text(t.name, t.short, may, end, self.ended)
                        ),
                    }
                )
        pediatric = self.pediatric
        if pediatric is not None and pediatric.short:
            may = online(national, pediatric.short)
            needs.append(
                {
                    "component": "national",
                    "topic": None,
                    "pediatric": True,
                    "checked": pediatric.checked,
                    "name": sentence("report.pediatric.name"),
                    "hours": number(pediatric.short),
                    "online": number(may),
                    "by": end.isoformat(),
                    "passed": self.ended,
                    "message": sentence(
                        "report.need.of-national",
                        need=_need_text(sentence("report.pediatric.name"), pediatric.short, may, end, self.ended),
                    )
                    if pediatric.checked
                    else pediatric_unchecked(pediatric),
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
                "short": number(sum((c.short for c in self.components.values()), ZERO)),
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
            "topics_unchecked": None if self.topics is not None else sentence("report.topics-unchecked"),
            "pediatric": None
            if self.pediatric is None
            else {
                "required": number(self.pediatric.required),
                "counted": number(self.pediatric.counted),
                "short": number(self.pediatric.short),
                "checked": self.pediatric.checked,
            },
            "pediatric_met": self.pediatric_met,
            "pediatric_text": None if self.pediatric is None else self.pediatric_text(),
            "pediatric_unchecked": pediatric_unchecked(self.pediatric)
            if self.pediatric is not None and self.pediatric_met is None
            else None,
            "unverified": [{"line": r.line, "title": r.title, "hours": number(r.hours)} for r in self.unverified],
            "short_if_verified": {c: number(h) for c, h in self.short_if_verified.items()},
            "today": self.today.isoformat() if self.today else None,
            "next_steps": {
                "cycle": [{"code": n.code, "message": n.message} | n.data for n in self.cycle_notes],
                "needs": self.needs(),
                "fixes": self.fixes(),
            },
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

        Cells that a spreadsheet would run as a formula are written as text
        (`spreadsheet.inert`); the byte-order mark makes Excel read the file as UTF-8.
        """
        out = io.StringIO()
        writer = CsvWriter(out)
        width = len(self.header)
        heading = group("report.csv")
        writer.writerow([*self.header, heading["status"], heading["counted"], heading["toward"], heading["reasons"]])
        # Several files read as one: their rows in order, each file's lines its own (no blank rows).
        rows = {(row.file, row.line): row for row in self.rows}
        blank = [] if self.files else [("", line) for line in self.blank_lines]
        for key in sorted([*rows, *blank], key=lambda k: (self.files.index(k[0]) if k[0] in self.files else 0, k[1])):
            row = rows.get(key)
            if row is None:
                writer.writerow([""] * width + ["blank", "", "", heading["blank"]])
                continue
            cells = (row.cells + [""] * width)[:width]
            toward = "; ".join(_named_hours(c.capitalize(), h) for c, h in row.allocated.items())
            reasons = " | ".join(r.message for r in row.reasons)
            writer.writerow([*cells, row.status, number(row.counted), toward, reasons])
        return "\ufeff" + out.getvalue()

    def _reading_text(self) -> list[str]:
        """How the file was read: which column was taken as what, what was not used, notes."""
        read = ", ".join(
            sentence("report.reading.column", name=name, header=header) for name, header in self.columns.items()
        )
        if self.sheet:
            lines = [sentence("report.reading.sheet", sheet=self.sheet, line=self.header_line, columns=read)]
        else:
            lines = [sentence("report.reading.columns", line=self.header_line, columns=read)]
        if self.ignored_columns:
            quoted = ", ".join(sentence("report.quoted", text=c) for c in self.ignored_columns)
            lines.append(sentence("report.reading.unused", columns=quoted))
        lines += [sentence("report.reading.note", note=p.message) for p in self.notes]
        return lines

    def to_text(self) -> str:
        """A summary a training officer can paste into an email, safe to print on a terminal (what the
        file's cells hold is shown, never acted on: see `visible`)."""
        start, end = self.window
        untitled = sentence("report.text.untitled")
        lines = [self.verdict(), *(note.message for note in self.cycle_notes)]
        text = group("report.text")
        fixes = self.fixes()
        if fixes:
            lines += ["", text["fixes"]] + [f"  - {fix['message']}" for fix in fixes]
        head = group("report.table")
        lines += [
            "",
            sentence("report.text.window", start=f"{start:%m/%d/%Y}", end=f"{end:%m/%d/%Y}"),
            "",
            f"{head['component']:<12} {head['required']:>9} {head['counted']:>9} {head['de']:>7} "
            f"{head['de-limit']:>9} {head['short']:>7}",
        ]
        for name, c in self.components.items():
            limit = hours_text(c.distributive_limit)  # None reads "no limit"
            lines.append(
                f"{self.component_names[name]:<12} {hours_text(c.required):>9} {hours_text(c.counted):>9} "
                f"{hours_text(c.distributive):>7} {limit:>9} {hours_text(c.short):>7}"
            )
        if self.distributive_total_limit is not None:
            lines.append(
                sentence(
                    "report.text.distributive-total",
                    counted=hours_text(self.distributive_total),
                    limit=hours_text(self.distributive_total_limit),
                )
            )
        if self.topics is not None:
            lines += ["", text["topics"]]
            lines += [
                "  "
                + (
                    sentence("report.text.topic-short", **_topic_values(t), short=hours_text(t.short))
                    if t.short
                    else sentence("report.text.topic", **_topic_values(t))
                )
                for t in self.topics
            ]
        else:
            lines += ["", sentence("report.topics-unchecked")]
        if self.pediatric is not None:
            lines.append(self.pediatric_text())
            if self.pediatric_met is None:
                lines.append(pediatric_unchecked(self.pediatric))
        if self.unverified:
            lines += ["", text["unverified"]]
            lines += [
                "  "
                + sentence(
                    "report.text.unverified-row", line=r.line, title=r.title or untitled, hours=hours_text(r.hours)
                )
                for r in self.unverified
            ]
        counts = ", ".join(sentence("report.text.count", count=self.count(s), status=s) for s in STATUSES)
        lines += ["", sentence("report.text.rows", rows=len(self.rows), counts=counts, blank=len(self.blank_lines))]
        lines += self._reading_text()
        for row in self.rows:
            if row.status == "counted" and all(r.code == "counted" for r in row.reasons):
                continue
            title = row.title or untitled
            if row.file:
                said = sentence("report.text.row-in-file", file=row.file, line=row.line, status=row.status, title=title)
            else:
                said = sentence("report.text.row", line=row.line, status=row.status, title=title)
            lines.append("  " + said)
            lines += [f"    - {r.message}" for r in row.reasons]
        needs = self.needs()
        if needs:
            lines += ["", text["next"]] + [f"  - {need['message']}" for need in needs]
        for waiver in self.waivers:
            lines += ["", sentence("report.text.waiver", waiver=waiver)]
        if self.provisional_reasons:
            lines += ["", text["provisional"]]
            lines += [f"  - {reason}" for reason in self.provisional_reasons]
        return "\n".join(visible(line, one_line=True) for line in lines) + "\n"


def _named_hours(name: str, hours: Fraction) -> str:
    """ "National 2 h": a component's or topic's name and its hours, as a shortfall lists them."""
    return sentence("report.short.part", name=name, hours=hours_text(hours))


def _topic_values(t: TopicResult) -> dict[str, str]:
    return {"name": t.name, "counted": hours_text(t.counted), "required": hours_text(t.required)}


def pediatric_unchecked(pediatric: PediatricResult) -> str:
    """What to do when the file does not say which courses are pediatric (the one sentence for it)."""
    return sentence(
        "report.pediatric.unchecked", required=hours_text(pediatric.required), counted=hours_text(pediatric.counted)
    )


def _fix(code: str) -> str:
    """What the catalogue says to do about a finding ("" for results and findings nobody can fix)."""
    kind = catalogue().get(code)
    return kind.fix if kind else ""


def _lines_text(lines: list[int]) -> str:
    """ "line 5", "lines 5 and 9", "lines 5 to 10", "lines 2, 5 to 7 and 9"."""
    grouped = runs(lines)
    parts = [
        str(r[0])
        if len(r) == 1
        else sentence("report.and", first=r[0], then=r[1])
        if len(r) == 2
        else sentence("report.lines.run", first=r[0], last=r[-1])
        for r in grouped
    ]
    if len(grouped) == 1 and len(grouped[0]) == 1:
        return sentence("report.lines.one", line=parts[0])
    listed = parts[0] if len(parts) == 1 else sentence("report.and", first=", ".join(parts[:-1]), then=parts[-1])
    return sentence("report.lines.many", lines=listed)


def _need_text(name: str, short: Fraction, online: Fraction, by: date, passed: bool = False) -> str:
    values = {"name": name, "hours": hours_text(short), "day": day_text(by)}
    if passed:  # a past deadline is never a next step
        return sentence("report.need.passed", **values)
    if online >= short:
        return sentence("report.need.any-online", **values)
    if online == 0:
        return sentence("report.need.none-online", **values)
    return sentence("report.need.some-online", **values, online=hours_text(online))
