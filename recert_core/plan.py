"""My renewal plan: the ordered steps that apply to one provider, with deadlines, fees and contacts.

The confusion in the source documents is less about hours than about which steps apply to
whom, in what order, by when and at what cost. A `Situation` (level, the two expirations,
NREMT status, affiliation, region, roles, today) gives a `Plan` of `Step`s, each dated from the
rules data and citing its sources, the cycle's key dates (the same timeline as the cycle's page)
and what the renewal costs in that situation. A provisional value is marked where it is shown (a
deadline, a fee, a contact), and a step is marked only when what it says to do is itself provisional.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .alignment import NREMT_STATUSES, AlignmentCase, alignment_case, alignment_words
from .formatting import day_text, days_left_text, hours_text, money
from .guide import (
    CONDITIONAL_FEES,
    LATE_FEES,
    REGIONAL_OFFICE,
    ROLE_DATES,
    contact_text,
    cycle_steps,
    distributive_limit_text,
    late_reasons,
    late_text,
    office_contact,
    provisional_mark,
    shown_date,
    step_applies,
    timeline,
    with_region,
)
from .links import contact_links
from .problems import group, sentence
from .rules import COMPONENTS, Cycle, KeyDate, Resolved, Rules, Source, default_rules

ROLES = group("plan.roles")  # instructor, examiner, chief_examiner: each role's name
ROLE_FORMS = {"instructor": "instructor_form", "examiner": "examiner_form", "chief_examiner": "examiner_form"}

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


@dataclass(frozen=True)
class Fee:
    """A fee of a step: what it is, its amount, and when it is paid: "due" (by everyone in this situation),
    "late" (only after the deadline without it) or "if" (a card surcharge, a returned payment)."""

    label: str
    amount: Decimal
    unit: str  # usd or percent
    when: str
    provisional_reasons: tuple[str, ...] = ()

    def __str__(self) -> str:
        return sentence("plan.fee", label=self.label, amount=money(self.amount, self.unit)) + provisional_mark(
            bool(self.provisional_reasons)
        )


@dataclass
class Step:
    id: str
    title: str
    detail: str
    sources: tuple[Source, ...]
    deadline: KeyDate | None = None
    deadline_label: str = ""
    fees: list[Fee] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)
    provisional_reasons: list[str] = field(default_factory=list)  # what the step says to do is provisional
    deadline_reasons: list[str] = field(default_factory=list)  # its deadline is provisional
    contact_reasons: list[str] = field(default_factory=list)  # a contact of it is provisional

    def __post_init__(self) -> None:
        self.sources = tuple({s.id: s for s in self.sources}.values())
        self.provisional_reasons = list(dict.fromkeys(self.provisional_reasons))

    @property
    def value_reasons(self) -> list[str]:
        """Why its deadline, fees or contacts are provisional: each value is marked, not the step."""
        found = [*self.deadline_reasons, *(r for fee in self.fees for r in fee.provisional_reasons)]
        return [r for r in dict.fromkeys([*found, *self.contact_reasons]) if r not in self.provisional_reasons]

    @property
    def deadline_text(self) -> str:
        if not self.deadline:
            return ""
        return f"{self.deadline}{provisional_mark(bool(self.deadline_reasons))}"

    def days_left(self, today: date) -> int | None:
        return (self.deadline.when - today).days if self.deadline and self.deadline.exact else None

    def days_left_text(self, today: date) -> str:
        return days_left_text(self.deadline.when, today) if self.deadline and self.deadline.exact else ""


@dataclass
class Plan:
    situation: Situation
    steps: list[Step]
    late: str  # the late-fee situation today, in a sentence ("" while nothing is late)
    late_reasons: list[str]  # the provisional reasons of the values `late` shows
    key_dates: list[Resolved]  # the cycle's timeline, as its page shows it (role dates only for those roles)
    cycle_year: int
    rules_version: str = ""
    waivers: list[str] = field(default_factory=list)

    @property
    def provisional_reasons(self) -> list[str]:
        found = {r for step in self.steps for r in (*step.provisional_reasons, *step.value_reasons)}
        found |= {r for d in self.key_dates for r in d.provisional_reasons} | set(self.late_reasons)
        return sorted(found)

    def cost(self) -> dict:
        """What renewing costs in this situation: the fees of its steps, those due in a total; the late fees
        where their source applies them (in a total once today is past the deadline without them; a late
        fee no source applies to this situation is named as possible, never added); the fees that apply
        only to some payments (a card surcharge) named beside."""
        fees = [fee for step in self.steps for fee in step.fees]
        due = [fee for fee in fees if fee.when == "due"]
        late = [fee for fee in fees if fee.when == "late" and not fee.provisional_reasons]
        total = sum((fee.amount for fee in due), Decimal(0))
        with_late = total + sum((fee.amount for fee in late), Decimal(0))
        return {
            "items": [
                {
                    "label": fee.label,
                    "amount": money(fee.amount, fee.unit),
                    "when": fee.when,
                    "provisional": bool(fee.provisional_reasons),
                }
                for fee in fees
            ],
            "total": money(total, "usd"),
            "total_amount": float(total),
            "late_total": money(with_late, "usd") if late else None,
            "late": bool(self.late) and bool(late),
            "provisional": any(fee.provisional_reasons for fee in due),
            "text": self.cost_text(),
        }

    def cost_text(self) -> str:
        """The cost in one paragraph (the text plan's and the page's)."""
        fees = [fee for step in self.steps for fee in step.fees]
        due = [fee for fee in fees if fee.when == "due"]
        if not due:
            return sentence("plan.cost.none")
        total = sum((fee.amount for fee in due), Decimal(0))
        parts = [sentence("plan.cost.part", label=fee.label, amount=money(fee.amount, fee.unit)) for fee in due]
        mark = provisional_mark(any(fee.provisional_reasons for fee in due))
        said = [sentence("plan.cost.total", total=money(total, "usd") + mark, fees=" + ".join(parts))]
        for fee in fees:
            if fee.when == "late" and fee.provisional_reasons:
                said.append(sentence("plan.cost.late-unconfirmed", fee=fee))
            elif fee.when == "late":
                said.append(sentence("plan.cost.late", total=money(total + fee.amount, "usd"), fee=fee))
            elif fee.when == "if":
                said.append(sentence("plan.cost.if", fee=fee))
        return " ".join(said)

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
            "waivers": self.waivers,
            "key_dates": [
                {
                    "date": d.value.iso(),
                    "text": shown_date(d),
                    "label": d.description,
                    "passed": d.value.when < today if d.value.exact else _month_passed(d.value, today),
                    "days_left_text": days_left_text(d.value.when, today) if d.value.exact else "",
                    "provisional": d.provisional,
                    "note": _date_note(d),
                    "sources": [source.id for source in d.sources],
                }
                for d in self.key_dates
            ],
            "cost": self.cost(),
            "steps": [
                {
                    "id": step.id,
                    "title": step.title,
                    "detail": step.detail,
                    "deadline": step.deadline.iso() if step.deadline else None,
                    "deadline_text": step.deadline_text or None,
                    "deadline_label": step.deadline_label,
                    "days_left": step.days_left(today),
                    "days_left_text": step.days_left_text(today),
                    "passed": bool(step.deadline and step.deadline.exact and step.deadline.when < today),
                    "fees": [str(fee) for fee in step.fees],
                    "contact": "; ".join(contact_text(c) for c in step.contacts),
                    "contacts": [{**c, "links": contact_links(c)} for c in step.contacts],
                    "sources": [source.id for source in step.sources],
                    "provisional_reasons": step.provisional_reasons,
                    "values_provisional_reasons": step.value_reasons,
                }
                for step in self.steps
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        today = self.situation.today
        text = group("plan.text")
        lines = [sentence("plan.text.title", today=day_text(today))]
        if self.late:
            lines += ["", self.late]
        lines += ["", sentence("plan.text.dates", cycle=self.cycle_year)]
        for d in self.key_dates:
            lines.append(
                f"  {shown_date(d)}{days_left_text(d.value.when, today) if d.value.exact else ''}: {d.description}"
            )
            lines += [f"    {note}" for note in [_date_note(d)] if note]
        lines += [sentence("report.text.waiver", waiver=waiver) for waiver in self.waivers]
        for number, step in enumerate(self.steps, 1):
            lines += ["", f"{number}. {step.title}{provisional_mark(bool(step.provisional_reasons))}"]
            if step.deadline:
                label = step.deadline_label or text["by"]
                lines.append(f"   {label}: {step.deadline_text}{step.days_left_text(today)}")
            lines.append(f"   {step.detail}")
            lines += ["   " + sentence("plan.text.fee", fee=fee) for fee in step.fees]
            lines += ["   " + sentence("plan.text.contact", contact=contact_text(contact)) for contact in step.contacts]
            lines.append("   " + sentence("plan.text.sources", sources=", ".join(s.id for s in step.sources)))
            lines += [
                "   " + sentence("plan.text.provisional", reason=reason)
                for reason in (*step.provisional_reasons, *step.value_reasons)
            ]
        lines += ["", sentence("plan.text.cost", cost=self.cost_text())]
        lines += [sentence("plan.text.provisional", reason=reason) for reason in self.late_reasons]
        return "\n".join(lines) + "\n"

    def to_ics(self) -> str:
        """The deadlines as an iCalendar file (RFC 5545) that common calendars import: one all-day event per
        dated step, and per key date that no step carries, each with reminders that fire ahead of it
        (REMINDER_DAYS; those already past as of the plan's day are left out, so importing late does not set
        off stale alarms). An event's UID depends on the step or date, its day and the card, not on the day
        the plan was made, so importing the plan again updates the events instead of doubling them."""
        import hashlib  # here, not at the top: the checker's start has no use for it

        s = self.situation
        stamp = f"{s.today:%Y%m%d}T000000Z"
        dated = [
            (step.id, step.deadline, step.title, step.detail + "".join(f" Fee: {fee}." for fee in step.fees))
            for step in self.steps
            if step.deadline
        ]
        carried = {deadline.when for _, deadline, _, _ in dated if deadline}
        dated += [
            (d.name, d.value, d.description, d.description) for d in self.key_dates if d.value.when not in carried
        ]
        events = []
        for key, deadline, title, description in dated:
            if not deadline or not deadline.exact:
                continue
            day = deadline.when
            uid = hashlib.sha256(f"{key}|{day}|{s.level}|{s.expires}|{s.nremt_expires}".encode()).hexdigest()[:20]
            alarms = []
            for days in REMINDER_DAYS:
                if day - timedelta(days=days) <= s.today:
                    continue
                alarms += [
                    "BEGIN:VALARM",
                    "ACTION:DISPLAY",
                    "DESCRIPTION:"
                    + _ics_text(sentence("plan.ics.reminder", days=days, title=title, day=day_text(day))),
                    f"TRIGGER:-P{days}D",
                    "END:VALARM",
                ]
            events += [
                "BEGIN:VEVENT",
                f"UID:{uid}@ma-ems-recert",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_ics_text(sentence('plan.ics.summary', title=title))}",
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
            f"X-WR-CALNAME:{_ics_text(sentence('plan.ics.calendar'))}",
            *events,
            "END:VCALENDAR",
        ]
        return "".join(_fold(line) + "\r\n" for line in lines)


# The calendar's reminders: how many days before each deadline they fire (what they say: plan.ics.reminder).
REMINDER_DAYS = (60, 14)


def _date_note(resolved: Resolved) -> str:
    """A key date's note (where sources differ, what each says), for the years its entry states."""
    return resolved.note if resolved.entry.states(resolved.year) else ""


def _month_passed(when: KeyDate, today: date) -> bool:
    return when.when.year * 12 + when.when.month < today.year * 12 + today.month


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


def fee_of(resolved: Resolved, level: str, has_nremt: bool, label: str = "", amount: Decimal | None = None) -> Fee:
    """A fee parameter as a step's fee, for this level and NREMT status."""
    if amount is None:
        amount = (
            resolved.value[level]["nremt" if has_nremt else "ma_only"]
            if resolved.name == "training_profile_fee"
            else resolved.value
        )
    when = "late" if resolved.name in LATE_FEES else "if" if resolved.name in CONDITIONAL_FEES else "due"
    return Fee(label or resolved.description, amount, resolved.unit, when, tuple(resolved.provisional_reasons))


def make_plan(situation: Situation, rules: Rules | None = None) -> Plan:
    rules = rules or default_rules()
    s = situation
    _check_situation(s, rules)
    cycle = rules.cycle(s.expires)
    has_nremt = s.nremt_status in ("current", "inactive")
    steps = _nremt_steps(s, cycle, has_nremt)
    alignment = alignment_case(cycle, s.nremt_expires, s.nremt_status) if has_nremt else None

    def plan(steps: list[Step], late: str, reasons: list[str]) -> Plan:
        dates = [m.resolved for m in timeline(cycle) if s.roles or m.name not in ROLE_DATES]
        return Plan(s, steps, late, reasons, dates, cycle.year, rules.version, cycle.waivers)

    if alignment and alignment.id == "one-year":  # the alignment replaces the renewal
        steps.append(_one_year_alignment_step(cycle, alignment))
        late, reasons = _late_alignment(s.today, alignment, cycle)
        return plan(steps + _role_steps(s, cycle), late, reasons)
    if alignment and alignment.id == "reverse":
        # Renew NREMT to two years on, then the one-year alignment with its payment: no full renewal on top.
        steps += _reverse_steps(s, cycle, alignment)
        return plan(steps + _role_steps(s, cycle), late_text(cycle, s.today), late_reasons(cycle, s.today))
    if alignment and alignment.id == "unlisted":
        steps.append(
            Step(
                "alignment-unlisted",
                alignment.title,
                alignment.summary,
                alignment.sources,
                contacts=[cycle.contact("oems_help")],
                provisional_reasons=alignment.provisional_reasons,
                contact_reasons=_reasons(cycle["oems_help"]),
            )
        )
    steps += _renewal_steps(s, cycle, has_nremt)
    return plan(steps, late_text(cycle, s.today), late_reasons(cycle, s.today))


def _check_situation(s: Situation, rules: Rules) -> None:
    if s.level not in rules.levels:
        raise PlanError(sentence("report.errors.level", level=s.level, levels=", ".join(rules.levels)))
    if s.expires not in rules.years:
        raise PlanError(
            sentence("plan.errors.expires", expires=s.expires, first=rules.first_cycle, last=rules.last_cycle)
        )
    if s.nremt_status not in NREMT_STATUSES:
        raise PlanError(sentence("plan.errors.nremt", status=s.nremt_status, statuses=", ".join(NREMT_STATUSES)))
    if s.nremt_status in ("current", "inactive") and s.nremt_expires is None:
        raise PlanError(sentence("plan.errors.nremt-expires"))
    if s.region not in rules.regions:
        raise PlanError(sentence("plan.errors.region", region=s.region, regions=", ".join(map(str, rules.regions))))
    unknown = [r for r in s.roles if r not in ROLES]
    if unknown:
        raise PlanError(sentence("plan.errors.role", role=unknown[0], roles=", ".join(ROLES)))


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
                provisional_reasons=_reasons(words),
                contact_reasons=_reasons(oems_help),
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
                provisional_reasons=case.provisional_reasons,
                contact_reasons=_reasons(nremt_help),
            )
        )
    return steps


def _one_year_alignment_step(cycle: Cycle, alignment: AlignmentCase) -> Step:
    assert alignment.fee is not None and alignment.late_fee is not None and alignment.no_late_fee_until
    oems_help = cycle["oems_help"]
    title = alignment_words(cycle, "one_year_step") + alignment.title.removeprefix(
        alignment_words(cycle, "one_year_title")
    )
    fee, late_fee = cycle["alignment_fee"], cycle["alignment_late_fee"]
    return Step(
        "one-year-alignment",
        title,
        alignment.summary,
        alignment.sources + oems_help.sources,
        deadline=alignment.submit_by,
        deadline_label=sentence("plan.deadline.recommended"),
        fees=[
            fee_of(fee, "", False),
            fee_of(
                late_fee,
                "",
                False,
                label=sentence(
                    "plan.late-alignment-fee",
                    fee=late_fee.description,
                    total=money(alignment.fee + alignment.late_fee, "usd"),
                    after=alignment.no_late_fee_until,
                    until=alignment.late_until,
                ),
            ),
        ],
        contacts=[cycle.contact("oems_help")],
        provisional_reasons=alignment.provisional_reasons,
        deadline_reasons=_reasons(cycle["alignment_recommended"]),
        contact_reasons=_reasons(oems_help),
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
            deadline_label=sentence("plan.deadline.nremt"),
            contacts=[dict(nremt_help.value)],
            deadline_reasons=_reasons(nremt_deadline),
            contact_reasons=_reasons(nremt_help),
        ),
        Step(
            "alignment-reverse",
            alignment.title,
            alignment.summary,
            alignment.sources + oems_help.sources,
            fees=[fee_of(cycle["alignment_fee"], s.level, True)],
            contacts=[cycle.contact("oems_help")],
            provisional_reasons=alignment.provisional_reasons,
            contact_reasons=_reasons(oems_help),
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
        deadline_reasons = list(step.deadline.provisional_reasons) if step.deadline else []
        if step.id == "renew-nremt" and s.nremt_expires and deadline is None:
            nremt_deadline = cycle["nremt_expiration"]
            deadline, label = nremt_deadline.entry.value.on(s.nremt_expires), sentence("plan.deadline.nremt")
            deadline_reasons = list(nremt_deadline.provisional_reasons)
        steps.append(
            Step(
                step.id,
                with_region(step.title, s.region),
                with_region(step.detail, s.region),
                step.sources,
                deadline=deadline,
                deadline_label=label,
                fees=[fee_of(fee, s.level, has_nremt) for fee in step.fees],
                contacts=[office if c["name"] == REGIONAL_OFFICE else c for c in step.contacts],
                provisional_reasons=list(step.provisional_reasons),
                deadline_reasons=deadline_reasons,
                contact_reasons=list(step.contact_reasons),
            )
        )
    if not any(st.id == "roles" for st in steps):
        steps += _role_steps(s, cycle)
    return steps


def _education_step(s: Situation, cycle: Cycle) -> Step:
    """The hours this level needs in this cycle's window (the Requirements of the cycle page): hours, how
    many may be online, the national topics and pediatric share, and the cycle's waivers."""
    start, end = cycle.window
    hours = cycle.hours(s.level)
    names = cycle.rules.components
    part = "report.short.part"
    parts = ", ".join(sentence(part, name=names[c].name, hours=hours_text(h)) for c, h in hours.items())
    online = "; ".join(
        sentence(part, name=names[c].name, hours=distributive_limit_text(cycle, s.level, c)) for c in COMPONENTS
    )
    total = cycle.distributive_limits(s.level).total
    if total is not None:
        online = sentence("plan.education.in-all", limits=online, total=hours_text(total))
    topics = ", ".join(
        sentence(part, name=cycle.rules.topics[t], hours=hours_text(h))
        for t, h in cycle.national_topics(s.level).items()
    )
    said = [
        sentence(
            "plan.education.detail", start=day_text(start), end=day_text(end), hours=parts, online=online, topics=topics
        )
    ]
    if cycle.pediatric_hours(s.level):
        said.append(sentence("plan.education.pediatric", hours=hours_text(cycle.pediatric_hours(s.level))))
    said += cycle.waivers
    said.append(sentence("plan.education.check"))
    detail = " ".join(said)
    used = ("component_hours", "distributive_limits", "national_topics", "national_pediatric", "window_end")
    return Step(
        "education",
        sentence("plan.education.title"),
        detail,
        tuple(source for name in used for source in cycle[name].sources),
        deadline=cycle["window_end"].value,
        deadline_label=sentence("plan.deadline.last-day"),
        provisional_reasons=_reasons(*(cycle[name] for name in used[:-1])),
        deadline_reasons=_reasons(cycle["window_end"]),
    )


def _role_steps(s: Situation, cycle: Cycle) -> list[Step]:
    if not s.roles:
        return []
    deadline = cycle["instructor_examiner_deadline"]
    names = functools.reduce(
        lambda first, then: sentence("report.and", first=first, then=then), (ROLES[r] for r in s.roles)
    )
    forms = list(dict.fromkeys(ROLE_FORMS[r] for r in s.roles))
    return [
        Step(
            "roles",
            sentence("plan.roles-step.title", roles=names),
            sentence("plan.roles-step.detail", deadline=deadline.description, note=deadline.note),
            deadline.sources + tuple(source for form in forms for source in cycle[form].sources),
            deadline=deadline.value,
            deadline_label=sentence("plan.deadline.deadline"),
            contacts=[cycle.contact(form) for form in forms],
            deadline_reasons=_reasons(deadline),
            contact_reasons=_reasons(*(cycle[form] for form in forms)),
        )
    ]


def _late_alignment(today: date, case: AlignmentCase, cycle: Cycle) -> tuple[str, list[str]]:
    """The alignment's situation today, and the provisional reasons of what it shows. Its recommended date
    is a recommendation: until the card expires, the alignment is on time and costs no late fee."""
    assert case.late_until is not None and case.fee is not None and case.late_fee is not None  # a one-year case
    assert case.submit_by is not None and case.no_late_fee_until is not None
    recommended, free, final = (
        cycle["alignment_recommended"],
        cycle["last_day_without_late_fee"],
        cycle["alignment_late_deadline"],
    )
    reasons = _reasons(recommended, free, final)
    if today <= case.submit_by.when:
        return "", []
    if today <= case.no_late_fee_until.when:
        return (
            sentence("plan.alignment.recommended-passed", recommended=shown_date(recommended), free=shown_date(free)),
            reasons,
        )
    if today <= case.late_until.when:
        total = money(case.fee + case.late_fee, "usd")
        return sentence("plan.alignment.expired", free=shown_date(free), total=total, final=shown_date(final)), reasons
    return (
        sentence(
            "plan.alignment.late-passed", final=shown_date(final), contact=contact_text(cycle.contact("oems_help"))
        ),
        reasons + _reasons(cycle["oems_help"]),
    )
