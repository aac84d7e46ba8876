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

from .alignment import NREMT_STATUSES, alignment_case
from .guide import money, training_profile_fees
from .rules import Cycle, KeyDate, Resolved, Rules, Source, default_rules

ROLES = {"instructor": "Instructor/Coordinator", "examiner": "Examiner", "chief_examiner": "Chief Examiner"}


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
    contact: str = ""
    provisional_reasons: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sources = tuple({s.id: s for s in self.sources}.values())
        self.provisional_reasons = list(dict.fromkeys(self.provisional_reasons))

    def days_left(self, today: date) -> int | None:
        return (self.deadline.when - today).days if self.deadline and self.deadline.exact else None


@dataclass
class Plan:
    situation: Situation
    steps: list[Step]
    late: str  # the late-fee situation today, in a sentence ("" while nothing is late)

    @property
    def provisional_reasons(self) -> list[str]:
        return sorted({r for step in self.steps for r in step.provisional_reasons})

    def to_dict(self) -> dict:
        today = self.situation.today
        s = self.situation
        return {
            "situation": {
                "level": s.level, "expires": s.expires, "nremt_status": s.nremt_status,
                "nremt_expires": s.nremt_expires, "affiliated": s.affiliated, "region": s.region,
                "roles": list(s.roles), "today": today.isoformat(),
            },
            "late": self.late,
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
                    "passed": bool(step.deadline and step.deadline.exact and step.deadline.when < today),
                    "fees": step.fees,
                    "contact": step.contact,
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
        lines = [f"Renewal plan as of {today:%B} {today.day}, {today.year}:"]
        if self.late:
            lines += ["", self.late]
        for number, step in enumerate(self.steps, 1):
            lines += ["", f"{number}. {step.title}"]
            if step.deadline:
                left = step.days_left(today)
                when = f"{step.deadline}" + ("" if left is None else " (today)" if left == 0
                                             else f" ({left} days left)" if left > 0 else f" (passed {-left} days ago)")
                lines.append(f"   {step.deadline_label or 'By'}: {when}")
            lines.append(f"   {step.detail}")
            lines += [f"   Fee: {fee}" for fee in step.fees]
            if step.contact:
                lines.append(f"   Contact: {step.contact}")
            lines.append(f"   Sources: {', '.join(s.id for s in step.sources)}")
            lines += [f"   Provisional: {reason}" for reason in step.provisional_reasons]
        return "\n".join(lines) + "\n"

    def to_ics(self) -> str:
        """The deadlines as an iCalendar file: one all-day event per dated step."""
        stamp = f"{self.situation.today:%Y%m%d}T000000Z"
        events = []
        for step in self.steps:
            if not step.deadline or not step.deadline.exact:
                continue
            day = step.deadline.when
            uid = hashlib.sha256(f"{step.id}{day}{self.situation}".encode()).hexdigest()[:20]
            description = step.detail + "".join(f" Fee: {fee}." for fee in step.fees)
            events += [
                "BEGIN:VEVENT",
                f"UID:{uid}@ma-ems-recert",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_ics_text('EMS recertification: ' + step.title)}",
                f"DESCRIPTION:{_ics_text(description)}",
                "END:VEVENT",
            ]
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Massachusetts EMS recertification//plan//EN",
                 "CALSCALE:GREGORIAN", *events, "END:VCALENDAR"]
        return "".join(_fold(line) + "\r\n" for line in lines)


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
    if s.level not in rules.levels:
        raise PlanError(f"Unknown level {s.level!r}: choose one of {', '.join(rules.levels)}.")
    if s.expires not in rules.years:
        raise PlanError(f"No rules for cards expiring in {s.expires}: choose {rules.first_cycle}-{rules.last_cycle}.")
    if s.nremt_status not in NREMT_STATUSES:
        raise PlanError(f"Unknown NREMT status {s.nremt_status!r}: choose one of {', '.join(NREMT_STATUSES)}.")
    if s.nremt_status in ("current", "inactive") and s.nremt_expires is None:
        raise PlanError("Give the year your NREMT certification expires.")
    if s.region not in rules.regions:
        raise PlanError(f"Unknown region {s.region!r}: choose 1 to 5.")
    unknown = [r for r in s.roles if r not in ROLES]
    if unknown:
        raise PlanError(f"Unknown role {unknown[0]!r}: choose from {', '.join(ROLES)}.")

    cycle = rules.cycle(s.expires)
    src = rules.sources
    office = rules.regions[s.region]
    office_contact = f"{office.name}" + "".join(f", {x}" for x in (office.phone, office.email) if x)
    has_nremt = s.nremt_status in ("current", "inactive")
    steps: list[Step] = []

    if s.nremt_status == "expired":
        case = alignment_case(cycle, None, "expired")
        steps.append(Step("regain-nremt", "Regain your National Registry certification", case.summary, case.sources,
                          contact="NREMT: support@nremt.org"))

    alignment = alignment_case(cycle, s.nremt_expires, s.nremt_status) if has_nremt else None
    if alignment and alignment.id == "one-year":
        steps.append(Step(
            "one-year-alignment", alignment.title.replace("One-year alignment", "Submit the one-year alignment"),
            alignment.summary, alignment.sources,
            deadline=alignment.submit_by, deadline_label="Submit by",
            fees=[f"{money(alignment.fee, 'usd')} prorated recertification payment",
                  f"late: {money(alignment.late_fee, 'usd')} more ({money(alignment.fee + alignment.late_fee, 'usd')} "
                  f"in all), until {alignment.late_until}"],
            contact="OEMS: oems.recert@mass.gov (for the alignment form)",
            provisional_reasons=alignment.provisional_reasons,
        ))
        late = _late_alignment(s.today, alignment, cycle)
        return Plan(s, steps + _role_steps(s, cycle), late)
    if alignment and alignment.id in ("reverse", "unlisted"):
        steps.append(Step(f"alignment-{alignment.id}", alignment.title, alignment.summary, alignment.sources,
                          contact="OEMS: oems.recert@mass.gov", provisional_reasons=alignment.provisional_reasons))

    steps.append(_profile_step(s, cycle, office_contact, has_nremt))
    start, end = cycle.window
    steps.append(Step(
        "education", "Complete your continuing education",
        f"Courses from {start:%B} {start.day}, {start.year} to {end:%B} {end.day}, {end.year} count: "
        f"{_hours_summary(cycle, s.level)} Check your transcript with the checker.",
        cycle["component_hours"].sources + cycle["window_end"].sources,
        deadline=cycle["window_end"].value, deadline_label="Last day",
        provisional_reasons=_reasons(cycle["component_hours"], cycle["distributive_limits"], cycle["window_end"]),
    ))
    fees = training_profile_fees(cycle, s.level)
    fee = fees["nremt" if has_nremt else "ma_only"]
    profile = cycle["training_profile_fee"]
    recommended = cycle["recommended_submission"]
    steps.append(Step(
        "submit-education", "Enter your courses and submit the Recert Application",
        "In your training profile, enter and assign each course to National, Local or Individual, upload your "
        "certificates, then submit the Recert Application with its fee. Paying is not submitting: press Submit.",
        profile.sources + recommended.sources,
        deadline=recommended.value, deadline_label="Recommended by",
        fees=[f"{money(fee, 'usd')} training profile fee"],
        provisional_reasons=_reasons(profile, recommended),
    ))
    if s.affiliated:
        review = ("Your agency's training officer reviews and approves your education"
                  + (", and your medical director reviews your competency if you are active." if has_nremt else "."))
        steps.append(Step("review", "Training officer review", review, (src["oems-aemt-2018"], src["massgov-2024"]),
                          contact="Your agency's training officer"))
    elif not has_nremt:
        steps.append(Step(
            "review", f"Review by the Region {office.number} office",
            f"As an unaffiliated Massachusetts-only provider, {office.short_name} acts as your training officer and "
            "reviews your education. Send copies of your certificates if you did not upload them.",
            (src["wmems-2022"], *office.sources), contact=office_contact,
        ))
    if has_nremt:
        steps.append(Step(
            "renew-nremt", "Renew your National Registry certification" + ("" if s.affiliated else " as Inactive"),
            "Complete the National Registry renewal first; Massachusetts requires current NREMT certification "
            "for providers who hold it." + ("" if s.affiliated else " Unaffiliated providers renew as Inactive; "
                                              "inactive status does not affect the Massachusetts renewal."),
            (src["neems-2016"], src["wmems-2022"], src["massgov-2024"]),
            deadline=KeyDate(date(s.nremt_expires, 3, 31), exact=True) if s.nremt_expires else None,
            deadline_label="NREMT expires", contact="NREMT: support@nremt.org",
        ))
    steps += _role_steps(s, cycle)  # due before the state deadline
    state_fee, late_fee, surcharge = cycle["state_fee"], cycle["late_fee"], cycle["card_surcharge"]
    last = cycle["last_day_without_late_fee"]
    steps.append(Step(
        "state-renewal", "Submit the state renewal application and pay the state fee",
        "On the Health Professions Licensing Portal (eLicensing): link your certification with its prefix "
        f"letter ({rules.levels[s.level].prefix}), start the renewal application, pay, then submit. "
        "You need not wait for the education review to do this step.",
        state_fee.sources + last.sources,
        deadline=last.value, deadline_label="Without late fee, by",
        fees=[f"{money(state_fee.value, 'usd')} state fee",
              f"{money(surcharge.value, 'percent')} fee on credit or debit card payments (ACH eCheck is also accepted)",
              f"{money(late_fee.value, 'usd')} late fee after the deadline"],
        contact="eLicensing help desk: dph.elicensing_support@mass.gov",
        provisional_reasons=_reasons(state_fee, last, late_fee, surcharge),
    ))
    expiration = cycle["expiration"]
    steps.append(Step(
        "confirm", "Confirm that you have renewed",
        "You have renewed only when eLicensing shows your new expiration date. A new date on NREMT.org alone "
        "does not mean the state renewal is done.",
        expiration.sources, deadline=expiration.value, deadline_label="Card expires",
        provisional_reasons=_reasons(expiration),
    ))
    return Plan(s, steps, _late_renewal(s.today, cycle))


def _profile_step(s: Situation, cycle: Cycle, office_contact: str, has_nremt: bool) -> Step:
    src = cycle.rules.sources
    office = cycle.rules.regions[s.region]
    if s.affiliated:
        detail = ("Log in at NREMT.org, update your email and mailing address, and affiliate with the agency you "
                  "work or volunteer with most (Certification Dashboard).")
        contact = "Your agency's training officer"
    elif has_nremt:
        detail = ("Log in at NREMT.org and update your email and mailing address. Without an agency, you will renew "
                  "your NREMT certification as Inactive.")
        contact = "NREMT: support@nremt.org"
    else:
        detail = (f"Log in at NREMT.org (or create your training profile), update your email and mailing address, "
                  f"and affiliate with “Unaffiliated-Region {office.number}”, the office for where you live. "
                  "Then contact the office with your contact information.")
        contact = office_contact
    return Step("training-profile", "Your National Registry training profile", detail,
                (src["neems-2016"], src["massgov-2024"], *((office.sources) if not s.affiliated else ())),
                contact=contact)


def _role_steps(s: Situation, cycle: Cycle) -> list[Step]:
    if not s.roles:
        return []
    deadline = cycle["instructor_examiner_deadline"]
    names = " and ".join(ROLES[r] for r in s.roles)
    return [Step(
        "roles", f"Renew your {names} status",
        "Submit a renewal application, with its supporting documents, for each role. Nothing is accepted after the "
        "deadline; the applications stay pending until your certification has renewed.",
        deadline.sources, deadline=deadline.value, deadline_label="Deadline",
        provisional_reasons=_reasons(deadline),
    )]


def _hours_summary(cycle: Cycle, level: str) -> str:
    hours = cycle.hours(level)
    parts = ", ".join(f"{cycle.rules.components[c].name} {h.normalize():f} h" for c, h in hours.items())
    return f"{parts}."


def _late_renewal(today: date, cycle: Cycle) -> str:
    last = cycle["last_day_without_late_fee"].value.when
    final = cycle["last_day_with_late_fee"].value.when
    fee = money(cycle["late_fee"].value, "usd")
    if today <= last:
        return ""
    if today <= final:
        return (f"The deadline without a late fee ({last:%B} {last.day}, {last.year}) has passed: a {fee} late fee "
                f"applies, and every step must be complete by {final:%B} {final.day}, {final.year}. Until you have "
                "renewed, you cannot staff an ambulance.")
    return (f"Every renewal deadline of this cycle has passed ({final:%B} {final.day}, {final.year} was the last "
            "day with the late fee). Contact your training officer or regional office about your certification.")


def _late_alignment(today: date, case, cycle: Cycle) -> str:
    expiration = cycle["expiration"].value.when
    if today <= expiration:
        return ""
    if today <= case.late_until.when:
        return (f"Your card expired on {expiration:%B} {expiration.day}, {expiration.year}: you cannot staff an "
                f"ambulance until you align. A late alignment costs {money(case.fee + case.late_fee, 'usd')}, "
                f"until {case.late_until}.")
    return (f"The late alignment deadline ({case.late_until}) has passed. Contact OEMS (oems.recert@mass.gov) "
            "about your certification.")
