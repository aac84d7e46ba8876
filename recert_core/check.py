"""Checking a transcript against one level and cycle: the function the CLI and the browser call.

No I/O here: bytes in, a `Report` out, so the same call runs on CPython and on Pyodide.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from .allocation import PLACES, ZERO, Allocation, allocate
from .approval import Approval, judge_distributive, parse_approval
from .problems import Problem
from .report import ComponentResult, Reason, Report, RowResult, TopicResult, hours_text
from .rules import COMPONENTS, Cycle, Rules, default_rules
from .transcript import Course, Transcript, read_transcript

# The parameters a check depends on: a check is provisional when any of them is.
REQUIREMENT_PARAMETERS = ("component_hours", "distributive_limits", "approval_schemes", "window_start", "window_end")


class CheckError(Exception):
    """The level or cycle asked for does not exist. The message is meant for the user."""


@contextmanager
def steady_memory() -> Iterator[None]:
    """No cyclic garbage collection while a check builds its report.

    A check makes a few objects per row and no reference cycles, yet every few thousand objects
    Python would walk them all looking for cycles: an eighth of a long check's time. Reference
    counting still frees everything as usual; collection resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def resolve(level: str, cycle: int | str, rules: Rules | None = None) -> tuple[str, Cycle]:
    rules = rules or default_rules()
    level_id = str(level).strip().lower()
    if level_id not in rules.levels:
        raise CheckError(f"Unknown level {level!r}: choose one of {', '.join(rules.levels)}.")
    try:
        year = int(str(cycle).strip())
        return level_id, rules.cycle(year)
    except (ValueError, KeyError):
        raise CheckError(
            f"No rules for cycle {cycle!r}: choose an expiration year from "
            f"{rules.first_cycle} to {rules.last_cycle}."
        ) from None


def check(data: bytes, level: str, cycle: int | str, rules: Rules | None = None) -> Report:
    """Check a transcript file's bytes. Raises CheckError or TranscriptError for unusable input."""
    level, rule_set = resolve(level, cycle, rules)
    return judge(read_transcript(data), level, rule_set)


def judge(transcript: Transcript, level: str, rule_set: Cycle) -> Report:
    """Judge the courses of a transcript already read (one person's) against one level and cycle."""
    start, end = rule_set.window
    schemes = rule_set["approval_schemes"].value

    seen: dict[tuple[str, str, str], int] = {}
    for course in transcript.courses:
        _judge(course, schemes, start, end, seen)

    required = rule_set.hours(level)
    limits = rule_set.distributive_limits(level)
    valid = [c for c in transcript.courses if not c.rejected]
    allocation = allocate(
        ((c.line, c.component, c.distributive, c.hours) for c in valid), required, limits
    )

    why_not: dict = {}  # the "not counted" sentence is the same for every course of a class
    names = {c: rule_set.rules.components[c].name for c in COMPONENTS}
    rows = [_row(course, allocation, required, limits, names, why_not) for course in transcript.courses]
    components = {
        c: ComponentResult(
            required=required[c],
            counted=allocation.counted[c],
            distributive=allocation.distributive[c],
            distributive_limit=limits.per_component[c],
        )
        for c in COMPONENTS
    }
    topics = None
    reasons_from = list(REQUIREMENT_PARAMETERS)
    if "topic" in transcript.columns:
        topics = _topics(transcript.courses, allocation, rule_set.national_topics(level), rule_set.rules.topics)
        reasons_from.append("national_topics")
    return Report(
        level=level,
        level_name=rule_set.rules.levels[level].name,
        cycle=rule_set.year,
        window=(start, end),
        components=components,
        distributive_total=allocation.distributive_total,
        distributive_total_limit=limits.total,
        rows=rows,
        header=transcript.header,
        blank_lines=transcript.blank_lines,
        topics=topics,
        provisional_reasons=rule_set.provisional_reasons_for(*reasons_from),
        waivers=rule_set.waivers,
        encoding=transcript.encoding,
        delimiter=transcript.delimiter,
        columns=transcript.columns,
        ignored_columns=transcript.ignored_columns,
        notes=transcript.notes,
        format=transcript.format,
        header_line=transcript.header_line,
        sheet=transcript.sheet,
        files=transcript.files,
    )


def _judge(course: Course, schemes, start, end, seen: dict) -> None:
    """Apply the cycle's rules to one course: window, approval number, duplicates."""
    if course.skipped:  # not a course (a total, an incomplete course): nothing to judge, no duplicate key
        return
    if course.date is not None and not start <= course.date <= end:
        course.problems.append(
            Problem("outside-window", f"Completed {course.date:%m/%d/%Y}, outside the continuing-education "
                    f"window {start:%m/%d/%Y} to {end:%m/%d/%Y}.")
        )
    approval = parse_approval(course.approval)
    if isinstance(approval, Problem):
        course.problems.append(approval)
    else:
        course.distributive, problems = judge_distributive(approval, course.raw.get("delivery", ""), schemes)
        course.problems.extend(problems)
    if course.date is not None:
        number = approval.number if isinstance(approval, Approval) else course.approval.upper()
        key = (course.date.isoformat(), number, " ".join(course.title.casefold().split()))
        if key in seen:
            course.problems.append(
                Problem("duplicate", f"Same date, approval number and title as line {seen[key]}: "
                        "a course counts once.")
            )
        else:
            seen[key] = course.line


_hours = lru_cache(maxsize=1024)(hours_text)


@lru_cache(maxsize=1024)
def _counted(hours, component_name: str) -> str:
    return f"{_hours(hours)} count toward {component_name}."


def _row(course: Course, allocation: Allocation, required, limits, names: dict[str, str],
         why_not: dict) -> RowResult:
    reasons = [Reason(p.code, p.message) for p in course.problems]
    if course.rejected:
        return RowResult.of(course, "rejected", ZERO, {}, reasons)

    shares = allocation.placed.get(course.line, {})
    counted = sum(shares.values(), ZERO)
    status = "counted" if counted == course.hours else "partial" if counted > 0 else "unused"
    preferred = PLACES[course.component][0][0]

    def blocked(c: str) -> str:
        """Why component c takes no more of this course."""
        if allocation.counted[c] >= required[c]:
            return f"{names[c]} is full ({_hours(required[c])})"
        if course.distributive:
            cap = limits.per_component[c]
            if cap is not None and allocation.distributive[c] >= cap:
                return (f"{names[c]} accepts no distributive hours" if cap == 0
                        else f"{names[c]}'s distributive limit ({_hours(cap)}) is reached")
            if limits.total is not None and allocation.distributive_total >= limits.total:
                return f"the total distributive limit ({_hours(limits.total)}) is reached"
        return f"{names[c]} is filled by other courses"

    for c, hours in shares.items():
        if c == preferred and course.component is not None:
            reasons.append(Reason("counted", _counted(hours, names[c])))
        elif course.component is None:
            reasons.append(Reason("placed", f"No component marked: {_counted(hours, names[c])}"))
        else:
            reasons.append(
                Reason("moved", f"Marked {names[course.component]}, but {blocked(preferred)}: "
                       f"{_hours(hours)} count toward {names[c]} instead, where they reduce the shortfall.")
            )
    if counted < course.hours:
        key = (course.component, course.distributive)
        if key not in why_not:
            why_not[key] = "; ".join(blocked(c) for c, _ in PLACES[course.component])
        why = why_not[key]
        reasons.append(
            Reason("not-needed", f"{_hours(course.hours - counted)} not counted: {why}.")
        )
    return RowResult.of(course, status, counted, shares, reasons)


def _topics(courses: list[Course], allocation: Allocation, required, names) -> list[TopicResult]:
    """National topic hours: hours counted toward National, by the topic the transcript gives."""
    counted = dict.fromkeys(required, ZERO)
    for course in courses:
        if course.topic and not course.rejected:
            counted[course.topic] += allocation.placed.get(course.line, {}).get("national", ZERO)
    return [TopicResult(t, names[t], required[t], counted[t]) for t in required]

