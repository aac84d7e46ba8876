"""The plan's calendar file (`recert plan --format ics`, `Plan.to_ics`): valid iCalendar (RFC 5545: CRLF,
folded lines, UID, DTSTAMP) whose events carry reminders that fire ahead of each deadline."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from recert_core.plan import REMINDER_DAYS, Situation, make_plan

SITUATIONS = [
    Situation("emt", 2027, "current", 2027, True, 3, (), date(2026, 1, 10)),
    Situation("paramedic", 2026, "never", None, False, 1, ("instructor",), date(2025, 6, 1)),
    Situation("aemt", 2028, "inactive", 2028, True, 5, ("examiner",), date(2027, 12, 1)),
]


def parse(ics: str) -> list[tuple[str, dict[str, str], str]]:
    """Content lines (name, parameters, value) after checking the wire format: CRLF only, at most 75
    octets a line, continuation lines starting with a space."""
    assert ics.endswith("\r\n") and "\n" not in ics.replace("\r\n", "") and "\r" not in ics.replace("\r\n", "")
    physical = ics.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in physical)
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    out = []
    for line in logical:
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        assert re.fullmatch(r"[A-Z][A-Z0-9-]*", name), line
        out.append((name, dict(p.split("=", 1) for p in params), value))
    return out


def components(lines):
    """The nested components, each as (kind, its properties, its children), checking BEGIN/END balance."""
    stack = [("ROOT", {}, [])]
    for name, params, value in lines:
        if name == "BEGIN":
            stack.append((value, {}, []))
        elif name == "END":
            kind, props, children = stack.pop()
            assert kind == value
            stack[-1][2].append((kind, props, children))
        else:
            stack[-1][1].setdefault(name, []).append((params, value))
    assert len(stack) == 1
    return stack[0][2]


@pytest.mark.parametrize("situation", SITUATIONS)
def test_calendar_is_valid_and_reminds_ahead_of_each_deadline(situation):
    plan = make_plan(situation)
    (calendar,) = components(parse(plan.to_ics()))
    kind, props, events = calendar
    assert kind == "VCALENDAR" and props["VERSION"][0][1] == "2.0" and "PRODID" in props
    dated = [s for s in plan.steps if s.deadline and s.deadline.exact]
    assert len(events) == len(dated) > 0
    uids = set()
    for (kind, props, alarms), step in zip(events, dated, strict=True):
        assert kind == "VEVENT"
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
            assert len(props[required]) == 1
        assert re.fullmatch(r"\d{8}T\d{6}Z", props["DTSTAMP"][0][1])
        params, start = props["DTSTART"][0]
        assert params == {"VALUE": "DATE"} and start == f"{step.deadline.when:%Y%m%d}"
        uids.add(props["UID"][0][1])
        fired = []
        for alarm_kind, alarm, _ in alarms:
            assert alarm_kind == "VALARM" and alarm["ACTION"][0][1] == "DISPLAY" and alarm["DESCRIPTION"][0][1]
            days = int(re.fullmatch(r"-P(\d+)D", alarm["TRIGGER"][0][1]).group(1))
            fired.append(days)
            assert step.deadline.when - timedelta(days=days) > situation.today  # none already past
        expected = [d for d in REMINDER_DAYS if step.deadline.when - timedelta(days=d) > situation.today]
        assert fired == expected
    assert len(uids) == len(events)


def test_reminders_before_60_and_14_days_when_the_deadline_is_far():
    situation = SITUATIONS[0]
    ics = make_plan(situation).to_ics()
    assert REMINDER_DAYS == (60, 14)
    assert ics.count("TRIGGER:-P60D") >= 1 and ics.count("TRIGGER:-P14D") >= 1


def test_the_same_plan_made_another_day_keeps_its_event_ids():
    first = SITUATIONS[0]
    later = Situation(**{**first.__dict__, "today": first.today + timedelta(days=30)})
    ids = [re.findall(r"UID:(\S+)", make_plan(s).to_ics()) for s in (first, later)]
    assert ids[0] == ids[1]
