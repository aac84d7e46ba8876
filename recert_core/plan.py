"""My renewal plan: the ordered steps that apply to one provider, with deadlines, fees and contacts.

The confusion in the source documents is less about hours than about which steps apply to
whom, in what order, by when and at what cost. A `Situation` (level, the two expirations,
NREMT status, affiliation, region, roles, today) gives a `Plan` of `Step`s, each dated from the
rules data and citing its sources; provisional rules stay flagged.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from .alignment import NREMT_STATUSES, AlignmentCase, alignment_case, alignment_words
from .formatting import day_text, days_left_text, hours_text, money
from .guide import REGIONAL_OFFICE, contact_text, cycle_steps, fee_text, office_contact, step_applies, with_region
from .links import contact_links
from .rules import Cycle, KeyDate, Resolved, Rules, Source, default_rules

ROLES = {"instructor": "Instructor/Coordinator", "examiner": "Examiner", "chief_examiner": "Chief Examiner"}


# The continuing-education step (hours for the level, the window) comes before the first of these.
EDUCATION_BEFORE = ("submit-education", "review", "renew-nremt", "state-renewal")


class PlanError(Exception):
    """The situation given cannot be planned (unknown level, year, status or region)."""


@dataclass(frozen=True)
class Situation:
    level: str
    expires: int  # the Massachusetts card's expiration year
    nremt_status: str  # current, inactive, expired or never
    nremt_expires: int | None
    affiliated: bool
    region: int
    roles: tuple[str, ...] = ()
    today: date = field(default_factory=date.today)


@dataclass
class Step:
    id: str
    title: str
    detail: str
    sources: tuple[Source, ...]
    deadline: KeyDate | None = None
    deadline_label: str = ""
    fees: list[str] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)
    provisional_reasons: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sources = tuple({s.id: s for s in self.sources}.values())
        self.provisional_reasons = list(dict.fromkeys(self.provisional_reasons))

    def days_left(self, today: date) -> int | None:
        return (self.deadline.when - today).days if self.deadline and self.deadline.exact else None

    def days_left_text(self, today: date) -> str:
        return days_left_text(self.deadline.when, today) if self.deadline and self.deadline.exact else ""


@dataclass
class Plan:
    situation: Situation
    steps: list[Step]
    late: str  # the late-fee situation today, in a sentence ("" while nothing is late)
    rules_version: str = ""

    @property
    def provisional_reasons(self) -> list[str]:
        return sorted({r for step in self.steps for r in step.provisional_reasons})

    def to_dict(self) -> dict:
        today = self.situation.today
        s = self.situation
        return {
            "situation": {
                "level": s.level,
                "expires": s.expires,
                "nremt_status": s.nremt_status,
                "nremt_expires": s.nremt_expires,
                "affiliated": s.affiliated,
                "region": s.region,
                "roles": list(s.roles),
                "today": today.isoformat(),
            },
            "late": self.late,
            "rules_version": self.rules_version,
            "provisional": bool(self.provisional_reasons),
            "provisional_reasons": self.provisional_reasons,
            "steps": [
                {
                    "id": step.id,
                    "title": step.title,
                    "detail": step.detail,
                    "deadline": step.deadline.iso() if step.deadline else None,
                    "deadline_text": str(step.deadline) if step.deadline else None,
                    "deadline_label": step.deadline_label,
                    "days_left": step.days_left(today),
                    "days_left_text": step.days_left_text(today),
                    "passed": bool(step.deadline and step.deadline.exact and step.deadline.when < today),
                    "fees": step.fees,
                    "contact": "; ".join(contact_text(c) for c in step.contacts),
                    "contacts": [{**c, "links": contact_links(c)} for c in step.contacts],
                    "sources": [source.id for source in step.sources],
                    "provisional_reasons": step.provisional_reasons,
                }
                for step in self.steps
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        today = self.situation.today
        lines = [f"Renewal plan as of {day_text(today)}:"]
        if self.late:
            lines += ["", self.late]
        for number, step in enumerate(self.steps, 1):
            lines += ["", f"{number}. {step.title}"]
            if step.deadline:
                lines.append(f"   {step.deadline_label or 'By'}: {step.deadline}{step.days_left_text(today)}")
            lines.append(f"   {step.detail}")
            lines += [f"   Fee: {fee}" for fee in step.fees]
            lines += [f"   Contact: {contact_text(contact)}" for contact in step.contacts]
            lines.append(f"   Sources: {', '.join(s.id for s in step.sources)}")
            lines += [f"   Provisional: {reason}" for reason in step.provisional_reasons]
        return "\n".join(lines) + "\n"

    def to_ics(self) -> str:
        """The deadlines as an iCalendar file (RFC 5545) that common calendars import: one all-day event per
        dated step, each with reminders that fire ahead of it (REMINDER_DAYS; those already past as of the
        plan's day are left out, so importing late does not set off stale alarms). A step's UID depends on
        the step, its day and the card, not on the day the plan was made, so importing the plan again
        updates the events instead of doubling them."""
        s = self.situation
        stamp = f"{s.today:%Y%m%d}T000000Z"
        events = []
        for step in self.steps:
            if not step.deadline or not step.deadline.exact:
                continue
            day = step.deadline.when
            uid = hashlib.sha256(f"{step.id}|{day}|{s.level}|{s.expires}|{s.nremt_expires}".encode()).hexdigest()[:20]
            description = step.detail + "".join(f" Fee: {fee}." for fee in step.fees)
            summary = "EMS recertification: " + step.title
            alarms = []
            for days in REMINDER_DAYS:
                if day - timedelta(days=days) <= s.today:
                    continue
                alarms += [
                    "BEGIN:VALARM",
                    "ACTION:DISPLAY",
                    f"DESCRIPTION:{_ics_text(REMINDER_TEXT.format(days=days, title=step.title, day=day_text(day)))}",
                    f"TRIGGER:-P{days}D",
                    "END:VALARM",
                ]
            events += [
                "BEGIN:VEVENT",
                f"UID:{uid}@ma-ems-recert",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_ics_text(summary)}",
                f"DESCRIPTION:{_ics_text(description)}",
                "TRANSP:TRANSPARENT",
                *alarms,
                "END:VEVENT",
            ]
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Massachusetts EMS recertification//plan//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{_ics_text('EMS recertification')}",
            *events,
            "END:VCALENDAR",
        ]
        return "".join(_fold(line) + "\r\n" for line in lines)


# The calendar's reminders: how many days before each deadline they fire, and what they say.
REMINDER_DAYS = (60, 14)
REMINDER_TEXT = "In {days} days ({day}): {title}"


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: lines of at most 75 octets, continued with a space."""
    out: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode()) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += char
    out.append(current)
    return "\r\n ".join(out)


def _reasons(*resolved: Resolved) -> list[str]:
    return [reason for r in resolved for reason in r.provisional_reasons]


def make_plan(situation: Situation, rules: Rules | None = None) -> Plan:
    rules = rules or default_rules()
    s = situation
    _check_situation(s, rules)
    cycle = rules.cycle(s.expires)
    has_nremt = s.nremt_status in ("current", "inactive")
    steps = _nremt_steps(s, cycle, has_nremt)
    alignment = alignment_case(cycle, s.nremt_expires, s.nremt_status) if has_nremt else None
    if alignment and alignment.id == "one-year":  # the alignment replaces the renewal
        steps.append(_one_year_alignment_step(cycle, alignment))
        return Plan(s, steps + _role_steps(s, cycle), _late_alignment(s.today, alignment, cycle), rules.version)
    if alignment and alignment.id == "reverse":
        # Renew NREMT to two years on, then the one-year alignment with its payment: no full renewal on top.
        steps += _reverse_steps(s, cycle, alignment)
        return Plan(s, steps + _role_steps(s, cycle), _late_renewal(s.today, cycle), rules.version)
    if alignment and alignment.id == "unlisted":
        steps.append(
            Step(
                "alignment-unlisted",
                alignment.title,
                alignment.summary,
                alignment.sources,
                contacts=[cycle.contact("oems_help")],
                provisional_reasons=alignment.provisional_reasons + _reasons(cycle["oems_help"]),
            )
        )
    steps += _renewal_steps(s, cycle, has_nremt)
    return Plan(s, steps, _late_renewal(s.today, cycle), rules.version)


def _check_situation(s: Situation, rules: Rules) -> None:
    if s.level not in rules.levels:
        raise PlanError(f"Unknown level {s.level!r}: choose one of {', '.join(rules.levels)}.")
    if s.expires not in rules.years:
        raise PlanError(f"No rules for cards expiring in {s.expires}: choose {rules.first_cycle}-{rules.last_cycle}.")
    if s.nremt_status not in NREMT_STATUSES:
        raise PlanError(f"Unknown NREMT status {s.nremt_status!r}: choose one of {', '.join(NREMT_STATUSES)}.")
    if s.nremt_status in ("current", "inactive") and s.nremt_expires is None:
        raise PlanError("Give the year your NREMT certification expires.")
    if s.region not in rules.regions:
        raise PlanError(f"Unknown region {s.region!r}: choose one of {', '.join(map(str, rules.regions))}.")
    unknown = [r for r in s.roles if r not in ROLES]
    if unknown:
        raise PlanError(f"Unknown role {unknown[0]!r}: choose from {', '.join(ROLES)}.")


def _nremt_steps(s: Situation, cycle: Cycle, has_nremt: bool) -> list[Step]:
    """First things first: an Advanced EMT without NRAEMT, an expired NREMT certification."""
    steps = []
    nremt_help, oems_help = cycle["nremt_help"], cycle["oems_help"]
    if s.level == "aemt" and not has_nremt:
        words = cycle["alignment"]
        steps.append(
            Step(
                "aemt-needs-nremt",
                alignment_words(cycle, "aemt_title"),
                alignment_words(cycle, "aemt_summary"),
                words.sources + oems_help.sources,
                contacts=[cycle.contact("oems_help")],
                provisional_reasons=_reasons(words, oems_help),
            )
        )
    if s.nremt_status == "expired":
        case = alignment_case(cycle, None, "expired")
        steps.append(
            Step(
                "regain-nremt",
                case.title,
                case.summary,
                case.sources + nremt_help.sources,
                contacts=[cycle.contact("nremt_help")],
                provisional_reasons=case.provisional_reasons + _reasons(nremt_help),
            )
        )
    return steps


def _one_year_alignment_step(cycle: Cycle, alignment: AlignmentCase) -> Step:
    assert alignment.fee is not None and alignment.late_fee is not None
    oems_help = cycle["oems_help"]
    title = alignment_words(cycle, "one_year_step") + alignment.title.removeprefix(
        alignment_words(cycle, "one_year_title")
    )
    return Step(
        "one-year-alignment",
        title,
        alignment.summary,
        alignment.sources + oems_help.sources,
        deadline=alignment.submit_by,
        deadline_label="Submit by",
        fees=[
            f"{cycle['alignment_fee'].description}: {money(alignment.fee, 'usd')}",
            f"{cycle['alignment_late_fee'].description}: {money(alignment.late_fee, 'usd')} more "
            f"({money(alignment.fee + alignment.late_fee, 'usd')} in all), until {alignment.late_until}",
        ],
        contacts=[cycle.contact("oems_help")],
        provisional_reasons=alignment.provisional_reasons + _reasons(oems_help),
    )


def _reverse_steps(s: Situation, cycle: Cycle, alignment: AlignmentCase) -> list[Step]:
    assert s.nremt_expires is not None
    rules, oems_help = cycle.rules, cycle["oems_help"]
    nremt_cycle = rules.cycle(s.nremt_expires) if s.nremt_expires in rules.years else cycle
    nremt_deadline, nremt_help = nremt_cycle["nremt_expiration"], nremt_cycle["nremt_help"]
    years = {"ma": s.expires, "nremt": s.nremt_expires, "nremt_next": s.nremt_expires + 2}
    return [
        Step(
            "renew-nremt",
            alignment_words(cycle, "reverse_renew_title", **years),
            alignment_words(cycle, "reverse_renew_detail", **years),
            alignment.sources + nremt_help.sources,
            deadline=nremt_deadline.entry.value.on(s.nremt_expires),
            deadline_label="NREMT expires",
            contacts=[dict(nremt_help.value)],
            provisional_reasons=_reasons(nremt_deadline, nremt_help),
        ),
        Step(
            "alignment-reverse",
            alignment.title,
            alignment.summary,
            alignment.sources + oems_help.sources,
            fees=[fee_text(cycle["alignment_fee"])],
            contacts=[cycle.contact("oems_help")],
            provisional_reasons=alignment.provisional_reasons + _reasons(oems_help),
        ),
    ]


def _renewal_steps(s: Situation, cycle: Cycle, has_nremt: bool) -> list[Step]:
    """The cycle's own steps (process.toml) that apply to this provider, as the cycle page shows them."""
    office = office_contact(cycle.rules.regions[s.region])
    data_steps = [step for step in cycle_steps(cycle) if step_applies(step, has_nremt, s.affiliated)]
    education_before = next((d.id for d in data_steps if d.id in EDUCATION_BEFORE), None)
    steps: list[Step] = []
    for step in data_steps:
        if step.id == education_before:
            steps.append(_education_step(s, cycle))
        if step.id == "state-renewal":
            steps += _role_steps(s, cycle)  # due before the state deadline
        deadline, label = (step.deadline.value, step.deadline_label) if step.deadline else (None, "")
        reasons = list(step.provisional_reasons)
        if step.id == "renew-nremt" and s.nremt_expires and deadline is None:
            nremt_deadline = cycle["nremt_expiration"]
            deadline, label = nremt_deadline.entry.value.on(s.nremt_expires), "NREMT expires"
            reasons += nremt_deadline.provisional_reasons
        steps.append(
            Step(
                step.id,
                with_region(step.title, s.region),
                with_region(step.detail, s.region),
                step.sources,
                deadline=deadline,
                deadline_label=label,
                fees=[fee_text(fee, s.level, has_nremt) for fee in step.fees],
                contacts=[office if c["name"] == REGIONAL_OFFICE else c for c in step.contacts],
                provisional_reasons=reasons,
            )
        )
    if not any(st.id == "roles" for st in steps):
        steps += _role_steps(s, cycle)
    return steps


def _education_step(s: Situation, cycle: Cycle) -> Step:
    """The hours this level needs in this cycle's window (the Requirements of the cycle page)."""
    start, end = cycle.window
    hours = cycle.hours(s.level)
    parts = ", ".join(f"{cycle.rules.components[c].name} {hours_text(h)}" for c, h in hours.items())
    return Step(
        "education",
        "Complete your continuing education",
        f"Courses from {day_text(start)} to {day_text(end)} count: {parts}. Check your transcript with the checker.",
        cycle["component_hours"].sources + cycle["window_end"].sources,
        deadline=cycle["window_end"].value,
        deadline_label="Last day",
        provisional_reasons=_reasons(cycle["component_hours"], cycle["distributive_limits"], cycle["window_end"]),
    )


def _role_steps(s: Situation, cycle: Cycle) -> list[Step]:
    if not s.roles:
        return []
    deadline = cycle["instructor_examiner_deadline"]
    names = " and ".join(ROLES[r] for r in s.roles)
    return [
        Step(
            "roles",
            f"Renew your {names} status",
            f"{deadline.description}: submit a renewal application, with its supporting documents, for each role. "
            f"{deadline.note}",
            deadline.sources,
            deadline=deadline.value,
            deadline_label="Deadline",
            provisional_reasons=_reasons(deadline),
        )
    ]


def _late_renewal(today: date, cycle: Cycle) -> str:
    last = cycle["last_day_without_late_fee"].value.when
    final = cycle["last_day_with_late_fee"].value.when
    late_fee = cycle["late_fee"]
    if today <= last:
        return ""
    rule = cycle["expiration_rule"].value
    if today <= final:
        fee = money(late_fee.value, "usd")
        stated = (
            f"a {fee} late fee applies"
            if not late_fee.provisional
            else f"a late fee may apply ({fee} is not confirmed for this cycle: "
            f"{'; '.join(late_fee.provisional_reasons)})"
        )
        return (
            f"The deadline without a late fee ({day_text(last)}) has passed: {stated}, and every step must be "
            f"complete by {day_text(final)}. {rule}"
        )
    return (
        f"Every renewal deadline of this cycle has passed ({day_text(final)} was the last day with the late "
        "fee). Contact your training officer or regional office about your certification."
    )


def _late_alignment(today: date, case: AlignmentCase, cycle: Cycle) -> str:
    expiration = cycle["expiration"].value.when
    if today <= expiration:
        return ""
    assert case.late_until is not None and case.fee is not None and case.late_fee is not None  # a one-year case
    if today <= case.late_until.when:
        return (
            f"Your card expired on {day_text(expiration)}: you cannot staff an ambulance until you align. "
            f"A late alignment costs {money(case.fee + case.late_fee, 'usd')}, until {case.late_until}."
        )
    return (
        f"The late alignment deadline ({case.late_until}) has passed. Contact OEMS "
        f"({contact_text(cycle.contact('oems_help'))}) about your certification."
    )
