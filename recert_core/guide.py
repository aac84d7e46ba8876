"""What a cycle asks of a provider, gathered for reading: the `recert rules` text and the site pages.

Both render from these functions, so the instructions cannot disagree with the checker.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .formatting import day_text, days_left_text, hours_text, money
from .problems import group, sentence
from .rules import COMPONENTS, Cycle, KeyDate, Region, Resolved, Source

DATE_PARAMETERS = (
    "portal_opens",
    "instructor_examiner_deadline",
    "recommended_submission",
    "window_end",
    "last_day_without_late_fee",
    "expiration",
    "last_day_with_late_fee",
)
FEE_PARAMETERS = ("state_fee", "late_fee", "card_surcharge", "returned_payment_fee")
LATE_FEES = ("late_fee", "alignment_late_fee")  # paid only after the deadline without them
CONDITIONAL_FEES = ("card_surcharge", "returned_payment_fee")  # paid only on some payments


ALIGNMENT_PARAMETERS = (
    "alignment",
    "alignment_not_yet_due",
    "alignment_fee",
    "alignment_late_fee",
    "alignment_recommended",
    "alignment_late_deadline",
    "nremt_expiration",
)


def shown_provisional_reasons(cycle: Cycle) -> list[str]:
    """The provisional reasons of the values a cycle's page shows: not those of fees its steps never
    name, nor the alignment's (on the alignment page)."""
    hidden = {*ALIGNMENT_PARAMETERS, *(set(FEE_PARAMETERS) - set(cycle_fees(cycle)))}
    return [reason for r in cycle if r.name not in hidden for reason in r.provisional_reasons]


def cycle_fees(cycle: Cycle) -> list[str]:
    """The fees (besides the training profile's) that this cycle's steps name, in FEE_PARAMETERS order.

    A fee that came with a later process (the 2024 portal's card surcharge) is not projected onto
    an earlier cycle whose steps never mention it.
    """
    named = {fee for step in cycle["steps"].value for fee in step.get("fees", ())}
    return [name for name in FEE_PARAMETERS if name in named]


@dataclass(frozen=True)
class Milestone:
    """A dated event in a cycle, for the timeline."""

    name: str
    label: str
    date: KeyDate
    resolved: Resolved


def timeline(cycle: Cycle) -> list[Milestone]:
    """The key dates of a cycle, in date order (the window's first day first)."""
    order = ("window_start", *DATE_PARAMETERS)
    events = [Milestone(n, cycle[n].description, cycle[n].value, cycle[n]) for n in order]
    return sorted(events, key=lambda m: (m.date.when, order.index(m.name)))


def training_profile_fees(cycle: Cycle, level: str) -> dict[str, Decimal]:
    return dict(cycle["training_profile_fee"].value[level])


def distributive_limit_text(cycle: Cycle, level: str, component: str) -> str:
    cap = cycle.distributive_limits(level).per_component[component]
    if cap is None:
        return sentence("guide.all")
    if cap == 0:
        return sentence("guide.none")
    return hours_text(cap)


def provisional_mark(provisional: bool) -> str:
    """ " (provisional)" after a value no source states for this cycle, "" after one a source states."""
    return " " + sentence("guide.provisional") if provisional else ""


def rules_text(cycle: Cycle, level: str) -> str:
    """`recert rules`: one level's requirements, dates and fees for one cycle, as text."""
    rules = cycle.rules
    lvl = rules.levels[level]
    start, end = cycle.window
    hours = cycle.hours(level)
    limits = cycle.distributive_limits(level)
    text = group("guide.rules")
    lines = [
        sentence(
            "guide.rules.level",
            level=lvl.name,
            formerly=lvl.formerly,
            prefix=lvl.prefix,
            care=lvl.care,
            cycle=cycle.year,
        ),
        sentence("guide.rules.window", start=day_text(start), end=day_text(end)),
        "",
        f"{text['component']:<22} {text['hours']:>7}  {text['distributive']}",
    ]
    for c in COMPONENTS:
        comp = rules.components[c]
        lines.append(
            f"{sentence('guide.rules.named', name=comp.name, abbreviation=comp.abbreviation):<22} "
            f"{hours_text(hours[c]):>7}  "
            f"{distributive_limit_text(cycle, level, c)}"
        )
    total = sum(hours.values(), Fraction(0))
    in_all = (
        sentence("guide.rules.no-total-limit")
        if limits.total is None
        else sentence("guide.rules.total-limit", hours=hours_text(limits.total))
    )
    lines.append(f"{text['total']:<22} {hours_text(total):>7}  {in_all}")
    topics = cycle["national_topics"]
    listed = ", ".join(
        sentence("report.short.part", name=rules.topics[t], hours=hours_text(h))
        for t, h in cycle.national_topics(level).items()
    )
    lines.append(sentence("guide.rules.topics", topics=listed) + provisional_mark(topics.provisional))
    pediatric = cycle["national_pediatric"]
    if cycle.pediatric_hours(level):
        lines.append(
            sentence(
                "guide.rules.pediatric",
                hours=hours_text(cycle.pediatric_hours(level)),
                share=money(pediatric.value, "percent"),
            )
            + provisional_mark(pediatric.provisional)
        )
    lines.append(sentence("guide.rules.de", codes=distributive_codes_text(cycle)))
    lines += [sentence("report.text.waiver", waiver=w) for w in cycle.waivers]
    lines += ["", text["dates"]]
    lines += [f"  {m.date}: {m.label}{provisional_mark(m.resolved.provisional)}" for m in timeline(cycle)]
    lines += ["", text["fees"]]
    fee = training_profile_fees(cycle, level)
    profile = cycle["training_profile_fee"]
    lines.append(
        "  "
        + sentence(
            "guide.rules.profile-fee",
            fee=profile.description,
            ma_only=money(fee["ma_only"], "usd"),
            nremt=money(fee["nremt"], "usd"),
        )
        + provisional_mark(profile.provisional)
    )
    for name in cycle_fees(cycle):
        r = cycle[name]
        lines.append(f"  {r.description}: {money(r.value, r.unit)}{provisional_mark(r.provisional)}")
    lines += ["", text["steps"]]
    lines += [f"  {i}. {step.title}{step.who_text}" for i, step in enumerate(cycle_steps(cycle), 1)]
    lines += [
        f"  {step.title}: {contact_text(c)}"
        for step in cycle_steps(cycle)
        for c in step.contacts
        if c["name"] != REGIONAL_OFFICE
    ]
    if shown_provisional_reasons(cycle):
        lines += ["", text["provisional"]]
        lines += [f"  - {reason}" for reason in dict.fromkeys(shown_provisional_reasons(cycle))]
    return "\n".join(lines) + "\n"


LABELS = group("guide.labels")  # how a rule's keys read in a change's description


def _describe(value, unit: str, names: dict[str, str], depth: int = 0) -> str:
    if isinstance(value, dict):
        parts = [
            f"{names.get(k) or LABELS.get(k) or k.replace('_', ' ').capitalize()}: "
            f"{_describe(v, unit, names, depth + 1)}"
            for k, v in value.items()
        ]
        return ("; " if depth == 0 else ", ").join(parts)
    if isinstance(value, tuple):
        if value and isinstance(value[0], dict):  # steps
            return " / ".join(step["title"] for step in value)
        return " ".join(value) or sentence("guide.none")
    if value is None:
        return sentence("guide.all")
    if isinstance(value, Fraction):
        return hours_text(value)
    if isinstance(value, Decimal):
        return money(value, unit)
    return str(value)


def changes(previous: Cycle, cycle: Cycle) -> list[tuple[Resolved, str, str]]:
    """What differs from the previous cycle: (parameter, before, after), for values that changed."""
    names = {
        **{k: v.name for k, v in cycle.rules.levels.items()},
        **{k: v.name for k, v in cycle.rules.components.items()},
        **cycle.rules.topics,
    }
    found = []
    for resolved in cycle:
        before = previous[resolved.name]
        if before.entry.value != resolved.entry.value:  # dates compare as templates: "Y-03-31"
            found.append(
                (resolved, _describe(before.value, before.unit, names), _describe(resolved.value, resolved.unit, names))
            )
    return found


def shown_date(resolved: Resolved) -> str:
    """A dated value as a reader sees it: "April 30, 2024", marked "(provisional)" when no source states it
    for this cycle (every place that shows a provisional value marks it)."""
    return f"{resolved.value}{provisional_mark(resolved.provisional)}"


def ended_text(cycle: Cycle, today: date) -> str:
    """That the cycle's window has closed by `today`, and what can still be done ("" while it is open)."""
    end = cycle.window[1]
    if today <= end:
        return ""
    late = late_text(cycle, today)
    if late:
        return sentence("guide.ended-late", cycle=cycle.year, closed=day_text(end), late=late)
    return sentence("guide.ended", cycle=cycle.year, closed=day_text(end))


def late_text(cycle: Cycle, today: date) -> str:
    """What a provider who has not renewed can still do, once the deadline without a late fee has passed
    ("" before it): from the cycle's dates and fees, each provisional value marked."""
    last, final, late_fee = cycle["last_day_without_late_fee"], cycle["last_day_with_late_fee"], cycle["late_fee"]
    if today <= last.value.when:
        return ""
    if today <= final.value.when:
        fee = money(late_fee.value, "usd")
        dates = {"last": shown_date(last), "final": shown_date(final), "rule": cycle["expiration_rule"].value}
        if not late_fee.provisional:
            return sentence("guide.late.fee", fee=fee, **dates)
        return sentence("guide.late.fee-unconfirmed", fee=fee, reasons="; ".join(late_fee.provisional_reasons), **dates)
    oems = cycle.contact("oems_help")
    return sentence("guide.late.passed", final=shown_date(final), office=oems["name"], ways=contact_ways(oems))


def late_reasons(cycle: Cycle, today: date) -> list[str]:
    """The provisional reasons of the values `late_text` shows on `today`."""
    if not late_text(cycle, today):
        return []
    names = ("last_day_without_late_fee", "last_day_with_late_fee", "late_fee", "oems_help")
    return cycle.provisional_reasons_for(*names)


# Dates that concern only providers who hold an instructor or examiner role.
ROLE_DATES = ("instructor_examiner_deadline",)


def next_steps(cycle: Cycle, level: str, today: date, *, roles: bool = False) -> dict:
    """What to do next and by when, for the checker's report: deadlines, fees and steps of the cycle.

    The instructor and examiner deadline is listed only for a provider who holds such a role.
    """
    fees = training_profile_fees(cycle, level)
    profile = cycle["training_profile_fee"]
    return {
        "deadlines": [
            {
                "date": m.date.iso(),
                "text": str(m.date),
                "label": m.label,
                "days_left": (m.date.when - today).days if m.date.exact else None,
                "when": str(m.date) + (days_left_text(m.date.when, today) if m.date.exact else ""),
                "passed": m.date.when < today
                if m.date.exact
                else m.date.when.year * 12 + m.date.when.month < today.year * 12 + today.month,
                "provisional": m.resolved.provisional,
            }
            for m in timeline(cycle)
            if m.name != "window_start" and (roles or m.name not in ROLE_DATES)
        ],
        "fees": [
            {
                "label": sentence("guide.fee.ma-only", fee=profile.description),
                "amount": money(fees["ma_only"], "usd"),
                "provisional": profile.provisional,
            },
            {
                "label": sentence("guide.fee.nremt", fee=profile.description),
                "amount": money(fees["nremt"], "usd"),
                "provisional": profile.provisional,
            },
        ]
        + [
            {
                "label": cycle[n].description,
                "amount": money(cycle[n].value, cycle[n].unit),
                "provisional": cycle[n].provisional,
            }
            for n in cycle_fees(cycle)
        ],
        "steps": [
            {
                "title": with_region(step.title) + step.who_text,
                "detail": with_region(step.detail),
                "who": step.who_label,
            }
            for step in cycle_steps(cycle)
        ],
        "steps_provisional": cycle["steps"].provisional,
    }


def sample_transcript(cycle: Cycle) -> str:
    """A sample transcript for the checker page: a plausible EMT record with a few mistakes in it."""
    start, end = cycle.window
    y = start.year
    rows = [
        "Date,Title,Hours,Approval Number,Component,Topic,Delivery",
        f"{start:%m/%d/%Y},Airway and ventilation update,4,T2-{y}-0101,National,Airway,In person",
        f"06/12/{y},Cardiology: ACS and stroke,6,{y % 100:02d}-ABC-F1-0202,National,Cardiology,In person",
        f"09/20/{y},Trauma triage (online),2,{y % 100:02d}-ABC-F3-0303,National,Trauma,Online",
        f"11/02/{y},Medical emergencies,6,T1-{y}-0404,National,Medical,In person",
        f"01/15/{y + 1},EMS operations,2,T2-{y + 1}-0505,National,Operations,In person",
        f"03/03/{y + 1},Regional protocol update,6,T1-{y + 1}-0606,Local,,In person",
        f"03/03/{y + 1},Regional protocol update,6,T1-{y + 1}-0606,Local,,In person",
        f"05/18/{y + 1},Pediatric assessment (self-paced),5,T3-{y + 1}-0707,Individual,,Online",
        f"{end:%m/%d/%Y},Documentation,3,T2-{end.year}-0808,,,In person",
        f"{start.year - 1}-12-01,Course before the window,2,T2-{start.year - 1}-0909,Individual,,In person",
        "",
    ]
    return "\r\n".join(rows)


def distributive_codes_text(cycle: Cycle) -> str:
    """ "T3 (OEMS) or F3 (CAPCE)": the approval codes of distributive courses, from the data."""
    schemes = cycle["approval_schemes"].value
    return functools.reduce(
        lambda first, then: sentence("report.or", first=first, then=then),
        (
            sentence("guide.codes", codes="/".join(s["distributive"]), scheme=s["name"].split(" (")[0])
            for s in schemes.values()
        ),
    )


# --- steps: the cycle pages and the renewal plan render the same steps ---------------------

REGIONAL_OFFICE = "regional_office"
WHO_TEXT = group("guide.who")  # whom a step is for: nremt, ma_only, affiliated, unaffiliated


@dataclass(frozen=True)
class CycleStep:
    """One step of a cycle's process (process.toml), with its dates, fees and contacts resolved."""

    id: str
    title: str
    detail: str
    who: tuple[str, ...]
    deadline: Resolved | None
    deadline_label: str
    fees: tuple[Resolved, ...]
    contacts: tuple[dict[str, str], ...]  # {"name": REGIONAL_OFFICE} stands for the provider's office
    contacts_provisional: tuple[bool, ...]  # each contact's value is provisional for this cycle
    sources: tuple[Source, ...]
    provisional_reasons: tuple[str, ...]  # the step's own: what it says to do is not stated for this cycle
    value_reasons: tuple[str, ...] = ()  # its deadline's, fees' and contacts': each value is marked, not the step
    contact_reasons: tuple[str, ...] = ()  # its contacts' alone

    @property
    def who_label(self) -> str:
        return ", ".join(WHO_TEXT[w] for w in self.who)

    @property
    def who_text(self) -> str:
        return " " + sentence("guide.for-providers", who=self.who_label) if self.who else ""


def cycle_steps(cycle: Cycle) -> list[CycleStep]:
    steps = cycle["steps"]
    found = []
    for raw in steps.value:
        deadline = cycle[raw["deadline"]] if "deadline" in raw else None
        fees = tuple(cycle[name] for name in raw.get("fees", ()))
        contacts = tuple(
            {"name": REGIONAL_OFFICE} if name == REGIONAL_OFFICE else cycle.contact(name)
            for name in raw.get("contacts", ())
        )
        contact_params = [cycle[name] for name in raw.get("contacts", ()) if name != REGIONAL_OFFICE]
        reasons = [*steps.provisional_reasons]
        if "provisional" in raw:
            reasons.append(f"{raw['title']}: {raw['provisional']}")
        values = [
            r
            for resolved in (*([deadline] if deadline else []), *fees, *contact_params)
            for r in resolved.provisional_reasons
        ]
        sources = {s.id: s for s in steps.sources}
        for resolved in (*([deadline] if deadline else []), *fees, *contact_params):
            sources |= {s.id: s for s in resolved.sources}
        found.append(
            CycleStep(
                id=raw["id"],
                title=raw["title"],
                detail=raw["detail"],
                who=tuple(raw.get("who", ())),
                deadline=deadline,
                deadline_label=raw.get("deadline_label", ""),
                fees=fees,
                contacts=contacts,
                contacts_provisional=tuple(
                    name != REGIONAL_OFFICE and cycle[name].provisional for name in raw.get("contacts", ())
                ),
                sources=tuple(sources.values()),
                provisional_reasons=tuple(dict.fromkeys(reasons)),
                value_reasons=tuple(r for r in dict.fromkeys(values) if r not in reasons),
                contact_reasons=tuple(dict.fromkeys(r for c in contact_params for r in c.provisional_reasons)),
            )
        )
    return found


def with_region(text: str, region: int | str = "X") -> str:
    """A step's text with {region} filled in: the provider's region, or "X" on a page for everyone."""
    return text.replace("{region}", str(region))


def step_applies(step: CycleStep, has_nremt: bool, affiliated: bool) -> bool:
    holds = {"nremt" if has_nremt else "ma_only", "affiliated" if affiliated else "unaffiliated"}
    return all(w in holds for w in step.who)


def fee_amount(fee: Resolved, level: str | None = None, has_nremt: bool = False) -> str:
    """A fee's amount; the training-profile fee for one level and NREMT status."""
    if fee.name == "training_profile_fee":
        if level is None:
            return sentence("guide.fee.by-level")
        return money(fee.value[level]["nremt" if has_nremt else "ma_only"], "usd")
    return money(fee.value, fee.unit)


def office_contact(office: Region) -> dict[str, str]:
    found = {"name": office.name}
    for key in ("phone", "email", "website"):
        if getattr(office, key):
            found[key] = getattr(office, key)
    return found


def contact_text(contact: dict) -> str:
    """A contact in one line: its name, then its email, phone and web site; a field that only one of the
    contact's sources gives is followed by that source ("(from oems-alignment-2024)")."""
    ways = contact_ways(contact)
    return sentence("guide.contact", name=_cited(contact, "name"), ways=ways) if ways else _cited(contact, "name")


def contact_ways(contact: dict) -> str:
    """A contact's email, phone and web site, in one line, each cited as `contact_text` cites it."""
    return ", ".join(_cited(contact, key) for key in ("email", "phone", "website") if contact.get(key))


def _cited(contact: dict, key: str) -> str:
    given_by = contact.get("given_by", {})
    return contact[key] + (" " + sentence("guide.from", source=given_by[key]) if key in given_by else "")
