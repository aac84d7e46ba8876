"""Checking a transcript against one level and cycle: the function the CLI and the browser call.

No I/O here: bytes in, a `Report` out, so the same call runs on CPython and on Pyodide. Reading the
file (`transcript`) is kept apart from judging its courses (`judge`), so a roster or several files
read as one are judged the same way.

Every row ends with one status: `counted`, `partial`, `unused` (usable, not needed), `unverified`
(usable once its approval number is confirmed: its hours never make `met` true, only
`met_if_verified`), `rejected` (cannot count: outside the window, a duplicate, a bad cell) or
`skipped` (not a course: a total line, an incomplete course).
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Any

from .allocation import PLACES, ZERO, Allocation, PediatricHours, allocate
from .approval import delivery_said, judge_distributive, known_code, parse_approval, unrecognised_delivery
from .formatting import day_text
from .guide import ended_text, late_reasons, late_text
from .problems import Problem, say, sentence
from .report import (
    ComponentResult,
    CycleNote,
    PediatricResult,
    Reason,
    Report,
    RowResult,
    TopicResult,
    hours_text,
)
from .rules import COMPONENTS, Cycle, DistributiveLimits, Rules, default_rules
from .transcript import Course, Transcript, read_transcript

# The parameters a check depends on: a check is provisional when any of them is.
REQUIREMENT_PARAMETERS = ("component_hours", "distributive_limits", "approval_schemes", "window_start", "window_end")


# A course with no number in the file whose source column says who accredited it: the finding says where its
# number is (codes.toml: number-in-record, one variant each).
ACCREDITED = frozenset({"capce", "oems"})


class CheckError(Exception):
    """The level or cycle asked for does not exist. The message is meant for the user."""


@contextmanager
def steady_memory(*, resume: bool = True) -> Iterator[None]:
    """No cyclic garbage collection while a check builds its report.

    A check makes a few objects per row and almost no reference cycles, yet every few thousand
    objects Python would walk them all looking for cycles: an eighth of a long check's time.
    Reference counting still frees what it can as usual; collection resumes afterwards and frees
    the rest. Resuming sets off a collection of everything the check made (a sixth of a 10,000-row
    check's time): with `resume=False` it stays paused after the block, for the caller to resume
    with `resume_collection()` once its answer is out (the browser's worker does, after posting it).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled and resume:
            gc.enable()


def resume_collection() -> None:
    """Cyclic garbage collection again after `steady_memory(resume=False)`, with a collection now."""
    gc.enable()
    gc.collect(0)


def resolve(level: str, cycle: int | str, rules: Rules | None = None) -> tuple[str, Cycle]:
    rules = rules or default_rules()
    level_id = str(level).strip().lower()
    if level_id not in rules.levels:
        raise CheckError(sentence("report.errors.level", level=level, levels=", ".join(rules.levels)))
    try:
        year = int(str(cycle).strip())
        return level_id, rules.cycle(year)
    except (ValueError, KeyError):
        raise CheckError(
            sentence("report.errors.cycle", cycle=cycle, first=rules.first_cycle, last=rules.last_cycle)
        ) from None


def check(
    data: bytes, level: str, cycle: int | str, rules: Rules | None = None, *, today: date | None = None
) -> Report:
    """Check a transcript file's bytes. Raises CheckError or TranscriptError for unusable input. `today`: the
    reader's date, for what is past (see `judge`)."""
    level, rule_set = resolve(level, cycle, rules)
    return judge(read_transcript(data), level, rule_set, today=today)


NO_EFFECTS: frozenset[str] = frozenset()
NOT_USED = frozenset({"reject", "skip"})  # effects that keep a course out of the counting altogether


def _effects(course: Course) -> frozenset[str]:
    problems = course.problems
    return frozenset([p.effect for p in problems]) if problems else NO_EFFECTS  # most rows have none


def judge(transcript: Transcript, level: str, rule_set: Cycle, *, today: date | None = None) -> Report:
    """Judge the courses of a transcript already read (one person's) against one level and cycle. With
    `today` (the reader's date: the callers pass it, nothing here reads a clock), a cycle whose window has
    closed says so, with what can still be done, instead of asking for hours by a past date."""
    start, end = rule_set.window
    schemes = rule_set["approval_schemes"].value
    courses = transcript.courses
    numbers: dict[int, str] = {}  # course (its id: lines repeat across files) -> normalised approval number
    for course in courses:
        if "skip" not in _effects(course):
            _judge(course, schemes, start, end, numbers)
    _mark_reversals(courses, numbers)
    _mark_duplicates(courses, numbers)
    effects = [_effects(c) for c in courses]  # final from here: each course's, worked out once

    required = rule_set.hours(level)
    limits = rule_set.distributive_limits(level)
    usable = [c for c, e in zip(courses, effects, strict=True) if not e & NOT_USED]
    verified = [c for c, e in zip(courses, effects, strict=True) if not e & NOT_USED and "unverified" not in e]
    topic_hours = rule_set.national_topics(level)
    topics_checked = any(c.component == "national" and c.topic in topic_hours for c in usable)
    judged_topics = topic_hours if topics_checked else None
    pediatric_of = _pediatric_reading(courses)
    pediatric = None
    if rule_set.pediatric_hours(level):
        national = [c for c in usable if c.component == "national"]
        pediatric = PediatricHours(rule_set.pediatric_hours(level), all(pediatric_of(c) is not None for c in national))

    allocation = _allocate(verified, required, limits, judged_topics, pediatric, pediatric_of)
    if_verified = (
        _allocate(usable, required, limits, judged_topics, pediatric, pediatric_of)
        if len(verified) < len(usable)
        else allocation
    )

    placement = _Placement(
        allocation,
        if_verified,
        required,
        limits,
        {c: rule_set.rules.components[c].name for c in COMPONENTS},
        judged_topics,
        rule_set.rules.topics,
        pediatric,
        pediatric_of,
    )
    why_not: dict[tuple, str] = {}  # the "not counted" sentence, once per class
    rows = [_row(course, e, placement, why_not) for course, e in zip(courses, effects, strict=True)]
    names = placement.names
    components = {
        c: ComponentResult(
            required=required[c],
            counted=allocation.counted[c],
            distributive=allocation.distributive[c],
            distributive_limit=limits.per_component[c],
        )
        for c in COMPONENTS
    }
    reasons_from = list(REQUIREMENT_PARAMETERS)
    topics = None
    if judged_topics is not None:
        names_of_topics = rule_set.rules.topics
        topics = [TopicResult(t, names_of_topics[t], judged_topics[t], allocation.topics[t]) for t in judged_topics]
        reasons_from.append("national_topics")
    if pediatric is not None:
        reasons_from.append("national_pediatric")
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
        topics_checked=topics_checked,
        met_if_verified=_met(if_verified, required, judged_topics, pediatric),
        today=today,
        cycle_notes=_cycle_notes(rule_set, courses, effects, today),
        pediatric=None
        if pediatric is None
        else PediatricResult(pediatric.hours, allocation.pediatric, pediatric.checked),
        component_names=names,
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
        short_if_verified={c: max(required[c] - if_verified.counted[c], ZERO) for c in COMPONENTS},
        topics_short_if_verified={t: max(h - if_verified.topics[t], ZERO) for t, h in (judged_topics or {}).items()},
        pediatric_short_if_verified=max(pediatric.hours - if_verified.pediatric, ZERO) if pediatric else ZERO,
    )


def _cycle_notes(
    rule_set: Cycle, courses: list[Course], effects: list[frozenset[str]], today: date | None
) -> list[CycleNote]:
    """What the report says about the cycle itself: that its window has closed (with what can still be
    done), and that most of the file's dated courses fit another cycle's window ("did you mean 2026?")."""
    notes = []
    start, end = rule_set.window
    if today is not None and today > end:
        notes.append(
            CycleNote(
                "cycle-ended",
                ended_text(rule_set, today),
                {
                    "closed": end.isoformat(),
                    "late": late_text(rule_set, today),
                    "provisional_reasons": late_reasons(rule_set, today),
                },
            )
        )
    dated = [c.date for c, e in zip(courses, effects, strict=True) if c.date is not None and "skip" not in e]
    here = sum(1 for when in dated if start <= when <= end)
    windows = {cycle.year: cycle.window for cycle in rule_set.rules.cycles()}  # each worked out once
    fits = {year: sum(1 for when in dated if first <= when <= last) for year, (first, last) in windows.items()}
    most = max(fits.values(), default=0)
    if most > here and 2 * most > len(dated):
        years = [year for year, count in fits.items() if count == most]
        of, first, last = len(dated), day_text(start), day_text(end)
        other = rule_set.rules.cycle(years[0]).window
        opens, closes = day_text(other[0]), day_text(other[1])
        if len(years) > 1:
            found = say(
                "other-cycle", "several", years=_either(years), rows=most, of=of, here=here, start=first, end=last
            )
        elif today is not None and today > other[1]:
            found = say(
                "other-cycle",
                "closed",
                year=years[0],
                opens=opens,
                closes=closes,
                rows=most,
                of=of,
                here=here,
                start=first,
                end=last,
            )
        else:
            found = say(
                "other-cycle",
                year=years[0],
                opens=opens,
                closes=closes,
                rows=most,
                of=of,
                here=here,
                start=first,
                end=last,
            )
        notes.append(
            CycleNote(
                "other-cycle", found.message, {"cycles": years, "rows": most, "of": len(dated), "in_this_cycle": here}
            )
        )
    return notes


def _either(years: list[int]) -> str:
    """ "2024 or 2026"."""
    return functools.reduce(lambda first, then: sentence("report.or", first=first, then=then), map(str, years))


def _pediatric_reading(courses: list[Course]) -> Callable[[Course], bool | None]:
    """Whether each course is pediatric, as the file says: a pediatric column that says yes or no for some
    rows says no for its blank ones (a column of ticks leaves the others blank); a column with nothing in
    it, or no column, says nothing but what a title or topic says (the reader's `Course.pediatric`)."""
    column = any(c.raw.get("pediatric", "").strip() and c.pediatric is not None for c in courses)

    def reading(course: Course) -> bool | None:
        if course.pediatric is None and column and not course.raw.get("pediatric", "").strip():
            return False
        return course.pediatric

    return reading


def _allocate(
    courses: list[Course],
    required: dict[str, Fraction],
    limits: DistributiveLimits,
    topics: dict[str, Fraction] | None,
    pediatric: PediatricHours | None,
    pediatric_of: Callable[[Course], bool | None],
) -> Allocation:
    return allocate(
        ((id(c), c.component, bool(c.distributive), c.topic, c.hours or ZERO, pediatric_of(c)) for c in courses),
        required,
        limits,
        topics,
        pediatric,
    )


def _met(
    allocation: Allocation,
    required: dict[str, Fraction],
    topics: dict[str, Fraction] | None,
    pediatric: PediatricHours | None,
) -> bool:
    return (
        all(allocation.counted[c] >= required[c] for c in COMPONENTS)
        and (topics is None or all(allocation.topics[t] >= h for t, h in topics.items()))
        and (pediatric is None or allocation.pediatric >= pediatric.hours)
    )


def _judge(course: Course, schemes: Any, start: date, end: date, numbers: dict[int, str]) -> None:
    """Apply the cycle's rules to one course: the window and its approval number."""
    if course.date is not None and not start <= course.date <= end:
        course.problems.append(
            say("outside-window", date=f"{course.date:%m/%d/%Y}", start=f"{start:%m/%d/%Y}", end=f"{end:%m/%d/%Y}")
        )
    approval = parse_approval(course.approval)
    said, written = delivery_said(course.delivery, course.delivery_code, schemes), course.raw.get("delivery", "")
    if isinstance(approval, Problem):
        if approval.code == "no-approval" and course.accreditation in ACCREDITED:
            capce = course.accreditation == "capce"
            approval = say("number-in-record", "capce") if capce else say("number-in-record", "oems")
        course.problems.append(approval)
        course.problems.extend(unrecognised_delivery(said, written))
        course.distributive = True if said is None else said  # for `met_if_verified`; unknown: distributive
        return
    numbers[id(course)] = approval.number
    unknown = known_code(approval, schemes)
    if unknown:
        course.problems.append(unknown)
        course.distributive = True
        return
    course.distributive, problems = judge_distributive(approval, said, written, schemes)
    course.problems.extend(problems)


# Words a reversal's title adds to the course it takes back ("Medication Errors (credit reversal)").
REVERSAL_WORDS = frozenset({"credit", "reversal", "reversed", "refund", "refunded", "adjustment", "void", "voided"})


def _mark_reversals(courses: list[Course], numbers: dict[int, str]) -> None:
    """A row of negative hours takes back the credit of the course it names (the same approval number,
    or the same title): that course is not counted, one course per reversal."""

    def plain(title: str) -> str:
        words = re.sub(r"[(\[].*?[)\]]", " ", title).casefold().split()
        return " ".join(w for w in words if w.strip("-–—:,.") not in REVERSAL_WORDS)

    for reversal in [c for c in courses if any(p.code == "negative-hours" for p in c.problems)]:
        number, title = numbers.get(id(reversal)), plain(reversal.title)
        for course in courses:
            if course is reversal or _effects(course) & NOT_USED:
                continue
            if (number and numbers.get(id(course)) == number) or (title and plain(course.title) == title):
                course.problems.append(say("reversed", line=reversal.line))
                break


def _mark_duplicates(courses: list[Course], numbers: dict[int, str]) -> None:
    """A course counts once per cycle: the same approval number, or the same date and title where a copy
    has no number, is the same course. Usable copies are kept before unusable ones and verified before
    unverified ones, so a bad copy never hides a good one."""

    def title_key(course: Course) -> tuple[str, str] | None:
        if course.date is None:
            return None
        return course.date.isoformat(), " ".join(course.title.casefold().split())

    candidates = [(c, e) for c in courses if not (e := _effects(c)) & NOT_USED]
    candidates.sort(key=lambda ce: "unverified" in ce[1])  # stable: file order within each
    by_number: dict[str, Course] = {}
    by_title: dict[tuple[str, str], tuple[Course, bool]] = {}
    for course, _ in candidates:
        number = numbers.get(id(course))
        key = title_key(course)
        same = by_number.get(number) if number else None
        how = "report.duplicate.number"
        if same is None and key in by_title:
            first, had_number = by_title[key]
            if not (had_number and number):  # two different numbers on one day: two courses
                same, how = first, "report.duplicate.title"
        if same is not None and same.part and (same.file, same.line) == (course.file, course.line):
            same = None  # another component's hours of the same row: one course, split
        if same is not None:
            if same.file and same.file != course.file:
                found = say("duplicate", "other-file", line=same.line, file=same.file, how=sentence(how))
            else:
                found = say("duplicate", line=same.line, how=sentence(how))
            course.problems.append(found)
            continue
        if number:
            by_number[number] = course
        if key is not None and key not in by_title:
            by_title[key] = (course, bool(number))


_hours = lru_cache(maxsize=1024)(hours_text)


def _result(finding: Problem) -> Reason:
    """A row's result (counted, placed, moved, not needed, unverified) as a reason: about no one column."""
    return Reason(finding.code, finding.message, "", finding.values)


@lru_cache(maxsize=1024)
def _counted(hours: Fraction, component_name: str) -> Problem:
    return say("counted", hours=_hours(hours), component=component_name)


@lru_cache(maxsize=1024)
def _placed(hours: Fraction, component_name: str, said: str) -> Problem:
    if said:
        return say("placed", "elective", said=said, hours=_hours(hours), component=component_name)
    return say("placed", hours=_hours(hours), component=component_name)


class _Placement:
    """What a row's reasons are written from: where the hours went, against what. (A plain class: a
    dataclass's generated methods cost the page's start-up a millisecond each, and none is needed here.)"""

    __slots__ = (
        "allocation",
        "if_verified",
        "limits",
        "names",
        "pediatric",
        "pediatric_of",
        "required",
        "topic_names",
        "topics",
    )

    def __init__(
        self,
        allocation: Allocation,
        if_verified: Allocation,
        required: dict[str, Fraction],
        limits: DistributiveLimits,
        names: dict[str, str],  # component -> its name
        topics: dict[str, Fraction] | None,  # the national topic hours judged
        topic_names: Mapping[str, str],
        pediatric: PediatricHours | None,
        pediatric_of: Callable[[Course], bool | None],
    ) -> None:
        self.allocation = allocation
        self.if_verified = if_verified
        self.required = required
        self.limits = limits
        self.names = names
        self.topics = topics
        self.topic_names = topic_names
        self.pediatric = pediatric
        self.pediatric_of = pediatric_of


def _row(course: Course, effects: frozenset[str], placement: _Placement, why_not: dict[tuple, str]) -> RowResult:
    names, allocation = placement.names, placement.allocation
    reasons = [Reason(p.code, p.message, p.field, p.values) for p in course.problems]
    if "reject" in effects:
        return RowResult.of(course, "rejected", ZERO, {}, reasons)
    if "skip" in effects:
        return RowResult.of(course, "skipped", ZERO, {}, reasons)
    if "unverified" in effects:
        would = placement.if_verified.placed.get(id(course), {})
        where = "; ".join(sentence("report.toward", hours=_hours(h), component=names[c]) for c, h in would.items())
        found = say("unverified", where=where) if where else say("unverified", "nowhere")
        reasons.append(_result(found))
        return RowResult.of(course, "unverified", ZERO, {}, reasons)

    shares = allocation.placed.get(id(course), {})
    hours = course.hours or ZERO
    # Most rows go whole to one component (their share is their very hours: allocation's _share_out) or
    # are not needed at all: neither needs a sum or a comparison of Fractions.
    if not shares:
        counted, whole = ZERO, not hours
    else:
        counted = next(iter(shares.values())) if len(shares) == 1 else sum(shares.values(), ZERO)
        whole = counted is hours or counted == hours
    status = "counted" if whole else "partial" if counted > 0 else "unused"
    preferred = PLACES[course.component][0][0]
    for c, share in shares.items():
        if c == preferred and course.component is not None:
            reasons.append(_result(_counted(share, names[c])))
        elif course.component is None:
            reasons.append(_result(_placed(share, names[c], course.raw.get("component", ""))))
        else:
            why = _blocked(preferred, course, placement)
            moved = say("moved", marked=names[course.component], why=why, hours=_hours(share), component=names[c])
            reasons.append(_result(moved))
    if not whole and counted < hours:
        key = (course.component, course.distributive, course.topic, placement.pediatric_of(course))
        if key not in why_not:
            why_not[key] = "; ".join(_blocked(c, course, placement) for c, _ in PLACES[course.component])
        left = hours if counted is ZERO else hours - counted
        reasons.append(_result(say("not-needed", hours=_hours(left), why=why_not[key])))
    return RowResult.of(course, status, counted, shares, reasons)


def _blocked(c: str, course: Course, placement: _Placement) -> str:
    """Why component c takes no more of this course."""
    allocation, required, limits, names = placement.allocation, placement.required, placement.limits, placement.names
    if allocation.counted[c] >= required[c]:
        return sentence("report.blocked.full", component=names[c], hours=_hours(required[c]))
    if course.distributive:
        cap = limits.per_component[c]
        if cap is not None and allocation.distributive[c] >= cap:
            if cap == 0:
                return sentence("report.blocked.no-distributive", component=names[c])
            return sentence("report.blocked.distributive-limit", component=names[c], hours=_hours(cap))
        if limits.total is not None and allocation.distributive_total >= limits.total:
            return sentence("report.blocked.total-limit", hours=_hours(limits.total))
    if c == "national":
        topics, pediatric = placement.topics, placement.pediatric
        national = allocation.counted["national"]
        if topics is not None and national >= required["national"] - sum(
            (h - min(h, allocation.topics[t]) for t, h in topics.items()), ZERO
        ):  # National holds no more than its topics leave free
            if course.topic not in topics:
                return sentence("report.blocked.no-topic", component=names[c])
            needed = topics[course.topic]
            if allocation.topics[course.topic] >= needed:
                return sentence(
                    "report.blocked.topic-full",
                    topic=placement.topic_names[course.topic],
                    hours=_hours(needed),
                    component=names[c],
                )
        if (
            pediatric is not None
            and pediatric.checked
            and not placement.pediatric_of(course)
            and national >= required["national"] - (pediatric.hours - min(pediatric.hours, allocation.pediatric))
        ):
            return sentence("report.blocked.pediatric", component=names[c], hours=_hours(pediatric.hours))
    return sentence("report.blocked.filled", component=names[c])
