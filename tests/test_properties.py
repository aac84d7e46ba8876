"""Properties over generated input: the parser never fails in an undocumented way, every row
is accounted for, no limit is exceeded, and the placement equals a brute-force optimum."""

from __future__ import annotations

import itertools
from fractions import Fraction

from conftest import YEARS, transcript
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from recert_core import CheckError, TranscriptError, check
from recert_core.rules import COMPONENTS, default_rules

LEVELS = ("emt", "aemt", "paramedic")
CYCLES = st.sampled_from(YEARS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), st.sampled_from(LEVELS), CYCLES)
def test_any_bytes_give_a_report_or_a_transcript_error(data, level, cycle):
    try:
        check(data, level, cycle)
    except TranscriptError as error:
        assert str(error)


cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "national",
            "NCCR",
            "local",
            "i",
            "x",
            "T3-1",
            "16-EMT-F3-1",
            "T2-9",
            "150001",
            "online",
            "live",
            "2017-05-01",
            "1/2/2017",
            "2",
            "0",
            "-3",
            "1,5",
            "nan",
            "  ",
        ]
    ),
)
header = ["date", "title", "hours", "approval", "component", "delivery", "topic"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(cells, min_size=0, max_size=8), max_size=12),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(LEVELS),
    CYCLES,
)
def test_every_row_appears_once_and_no_limit_is_exceeded(rows, delimiter, level, cycle):
    def line(cells):
        return delimiter.join('"' + c.replace('"', '""') + '"' for c in cells)

    data = "".join(line(r) + "\r\n" for r in [header, *rows]).encode("utf-8")
    try:
        report = check(data, level, cycle)
    except TranscriptError:
        return
    lines = [r.line for r in report.rows] + report.blank_lines
    assert sorted(lines) == list(range(2, len(rows) + 2))
    rules = default_rules().cycle(cycle)
    limits = rules.distributive_limits(level)
    for c in COMPONENTS:
        result = report.components[c]
        assert result.counted <= result.required
        if limits.per_component[c] is not None:
            assert result.distributive <= limits.per_component[c]
    if limits.total is not None:
        assert report.distributive_total <= limits.total
    for row in report.rows:
        assert row.counted == sum(row.allocated.values(), Fraction(0))
        assert row.counted <= (row.hours or 0)
        assert row.reasons
        if row.status in ("rejected", "skipped"):
            assert row.counted == 0
        if row.component != "national":
            assert "national" not in row.allocated
    valid = sum((r.hours for r in report.rows if r.status not in ("rejected", "skipped")), Fraction(0))
    assert report.counted_total <= valid


TOPICS = ("airway", "trauma")


def brute_force_best(courses, required, per_component, total, topics):
    """The best (hours counted, topic hours met, hardest components filled) over every placement in half
    hours, compared in that order: slow, obviously correct. `topics` is None or topic -> hours; National
    then counts no more hours than the topic minimums leave free beyond the topic hours met."""
    from recert_core.allocation import difficulty
    from recert_core.rules import DistributiveLimits

    hardness = [difficulty(c, DistributiveLimits(per_component, total)) for c in COMPONENTS]
    half = {c: int(required[c] * 2) for c in COMPONENTS}
    # State: counted N, L, I; DE counted N, L, I; national hours per topic.
    states = {(0, 0, 0, 0, 0, 0, *(0 for _ in TOPICS))}
    for marked, distributive, topic, hours in courses:
        units = int(hours * 2)
        allowed = ("national", "local", "individual") if marked == "national" else ("local", "individual")
        eligible = [c in allowed for c in COMPONENTS]
        following = set()
        for state in states:
            for split in itertools.product(*(range(units + 1) if ok else (0,) for ok in eligible)):
                if sum(split) > units:
                    continue
                counted = [state[i] + split[i] for i in range(3)]
                de = [state[3 + i] + (split[i] if distributive else 0) for i in range(3)]
                if any(counted[i] > half[c] for i, c in enumerate(COMPONENTS)):
                    continue
                if any(per_component[c] is not None and de[i] > per_component[c] * 2 for i, c in enumerate(COMPONENTS)):
                    continue
                if total is not None and sum(de) > total * 2:
                    continue
                by_topic = [state[6 + i] + (split[0] if topic == t else 0) for i, t in enumerate(TOPICS)]
                following.add((*counted, *de, *by_topic))
        states = following

    def met(state):
        return sum(min(state[6 + i], int(topics[t] * 2)) for i, t in enumerate(TOPICS)) if topics else 0

    def counts(state):
        """National holds beyond the topic hours met only what the topic minimums leave free."""
        return not topics or state[0] <= half["national"] - int(sum(topics.values()) * 2) + met(state)

    def aims(state):
        return sum(state[:3]), met(state), sum(hardness[i] * state[i] for i in range(3))

    return max(aims(s) for s in states if counts(s))


course = st.tuples(
    st.sampled_from(["national", "local", "individual", ""]),
    st.booleans(),
    st.sampled_from([None, *TOPICS]),
    st.integers(1, 6).map(lambda n: Fraction(n) / 2),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(course, min_size=1, max_size=4), st.sampled_from([2016, 2018, 2022]), st.booleans())
def test_the_placement_is_optimal_in_the_issues_order(courses, cycle, with_topics):
    """Least shortfall first; then the topic minimums; then the shortfall left where it is easiest to fill."""
    from recert_core.allocation import allocate, difficulty
    from recert_core.rules import DistributiveLimits

    # Small requirements so that a short transcript can reach the limits: scale the rules down.
    limits = default_rules().cycle(cycle).distributive_limits("emt")
    required = {c: Fraction(h) for c, h in zip(COMPONENTS, (5, 3, 3), strict=True)}
    per_component = {c: None if v is None else min(v, Fraction(2)) for c, v in limits.per_component.items()}
    total = None if limits.total is None else Fraction(4)
    topics = {"airway": Fraction(1), "trauma": Fraction("1.5")} if with_topics else None
    scaled = DistributiveLimits(per_component, total)

    given = ((i, marked or None, de, topic, hours) for i, (marked, de, topic, hours) in enumerate(courses))
    allocation = allocate(given, required, scaled, topics)
    counted = sum(allocation.counted.values())
    met = sum(min(allocation.topics[t], h) for t, h in topics.items()) if topics else 0
    hard = sum(difficulty(c, scaled) * allocation.counted[c] for c in COMPONENTS)
    best = brute_force_best(
        [(m or "local", de, topic if m == "national" else None, h) for m, de, topic, h in courses],
        required,
        per_component,
        total,
        topics,
    )
    assert (counted * 2, met * 2, hard * 2) == best
    for c in COMPONENTS:  # and the placement keeps every limit
        assert allocation.counted[c] <= required[c]
        if per_component[c] is not None:
            assert allocation.distributive[c] <= per_component[c]


def test_check_rejects_an_unknown_level_with_its_own_error():
    try:
        check(b"date,title,hours,approval,component\n", "emr", 2018)
    except CheckError as error:
        assert "emr" in str(error)
    else:
        raise AssertionError("no CheckError")


# --- what the report asks for is exactly what is missing (issue 19) --------------------------------

PEDIATRIC_YEAR = next(y for y in YEARS if default_rules().cycle(y).pediatric_hours("emt"))
NO_PEDIATRIC_YEAR = max(y for y in YEARS if not default_rules().cycle(y).pediatric_hours("emt"))

asked_course = st.tuples(
    st.sampled_from(["national", "national", "local", "individual", ""]),
    st.sampled_from(["T2", "T3"]),  # live or distributive
    st.sampled_from([None, "airway", "cardiology", "trauma", "medical", "operations"]),
    st.integers(1, 16).map(lambda n: Fraction(n, 2)),
    st.sampled_from(["yes", "no"]),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(asked_course, max_size=12),
    st.sampled_from(LEVELS),
    st.sampled_from([PEDIATRIC_YEAR, NO_PEDIATRIC_YEAR]),
)
def test_adding_the_courses_the_report_asks_for_meets_the_requirements(courses, level, cycle):
    """The report's needs, taken as live courses (a course for each topic asked, marked pediatric for the
    pediatric hours asked), meet every requirement, and add up to the shortfall the report states: it
    never asks for more than is missing (a topic's surplus is not another topic's hours)."""
    rule_set = default_rules().cycle(cycle)
    day = rule_set.window[0].isoformat()
    header = "date,title,hours,approval,component,delivery,topic,pediatric"

    def row(i, component, code, topic, hours, pediatric):
        return f"{day},Course {i},{float(hours)},{code}-{i},{component},,{topic or ''},{pediatric}"

    given = [row(i, *c) for i, c in enumerate(courses)]
    report = check(transcript(*given, header=header), level, cycle)
    assume(report.topics is not None)  # the topics are judged: the file names some
    needs = report.to_dict()["next_steps"]["needs"]
    pediatric = next((Fraction(str(n["hours"])) for n in needs if n["pediatric"]), Fraction(0))
    added = []
    for need in needs:
        hours = Fraction(str(need["hours"]))
        if need["pediatric"] or (need["component"] == "national" and need["topic"] is None):
            continue  # the topics asked cover National's hours, and carry the pediatric ones
        marked = min(pediatric, hours) if need["topic"] else Fraction(0)
        pediatric -= marked
        for part, mark in ((marked, "yes"), (hours - marked, "no")):
            if part:
                added.append(row(100 + len(added), need["component"], "T2", need["topic"], part, mark))
    assert pediatric == 0
    asked = sum((Fraction(str(c["short"])) for c in report.to_dict()["components"].values()), Fraction(0))
    assert sum(Fraction(line.split(",")[2]) for line in added) == asked
    after = check(transcript(*given, *added, header=header), level, cycle)
    assert after.met, after.to_text()
