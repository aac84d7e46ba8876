"""Aligning the Massachusetts and National Registry expirations: which case a provider is in.

The cases are those of the OEMS one-year alignment page (2023-2024). A provider is placed by
two years: the Massachusetts card's expiration and the NREMT certification's, and by whether
the NREMT certification is current. The wording, fees and deadlines come from the rules data
(`alignment` in process.toml, fees.toml, dates.toml) for the Massachusetts year, so they carry
the data's sources and provisional flags; this module only decides which case applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .model import Cycle, KeyDate, Source
from .problems import sentence

NREMT_STATUSES = ("current", "inactive", "expired", "never")


@dataclass(frozen=True)
class AlignmentCase:
    id: str
    title: str
    summary: str
    sources: tuple[Source, ...]
    fee: Decimal | None = None  # when the case has an alignment payment
    late_fee: Decimal | None = None
    submit_by: KeyDate | None = None  # recommended: submitted by then, the new card comes before the old expires
    no_late_fee_until: KeyDate | None = None  # the card's expiration: no late fee until then
    late_until: KeyDate | None = None
    provisional_reasons: list[str] = field(default_factory=list)


def alignment_case(cycle: Cycle, nremt_year: int | None, nremt_status: str = "current") -> AlignmentCase:
    """The alignment case for a Massachusetts card expiring in `cycle.year`."""
    ma = cycle.year
    words_resolved = cycle["alignment"]
    newest = cycle.rules.newest_sourced
    years = {"ma": ma, "nremt": nremt_year, "nremt_next": (nremt_year or ma) + 2, "newest": newest}

    def words(key: str) -> str:
        return words_resolved.value[key].format(**years)

    cited = words_resolved.sources
    base_reasons = list(words_resolved.provisional_reasons)
    if nremt_status == "expired":
        return AlignmentCase(
            "nremt-expired", words("expired_title"), words("expired_summary"), cited, provisional_reasons=base_reasons
        )
    if nremt_status == "never" or nremt_year is None:
        return AlignmentCase(
            "ma-only", words("ma_only_title"), words("ma_only_summary"), cited, provisional_reasons=base_reasons
        )
    if nremt_year == ma:
        return AlignmentCase(
            "aligned", words("aligned_title"), words("aligned_summary"), cited, provisional_reasons=base_reasons
        )
    if nremt_year == ma + 1:
        fee, late_fee = cycle["alignment_fee"], cycle["alignment_late_fee"]
        reasons = [
            *base_reasons,
            *fee.provisional_reasons,
            *late_fee.provisional_reasons,
            *cycle["alignment_recommended"].provisional_reasons,
            *cycle["last_day_without_late_fee"].provisional_reasons,
            *cycle["alignment_late_deadline"].provisional_reasons,
        ]
        title, summary = words("one_year_title"), words("one_year_summary")
        not_yet_due = cycle["alignment_not_yet_due"]
        if not_yet_due.entry.states(ma):  # only for the years its source speaks of
            title = words("not_yet_due_title")
            summary += " " + not_yet_due.value
            cited = (*cited, *not_yet_due.sources)
            reasons.insert(0, sentence("plan.alignment.not-yet-due", said=not_yet_due.value))
        elif ma > newest:
            reasons.insert(0, sentence("plan.alignment.one-year-assumed", newest=newest, cycle=ma))
        return AlignmentCase(
            "one-year",
            title,
            summary,
            cited,
            fee=fee.value,
            late_fee=late_fee.value,
            submit_by=cycle["alignment_recommended"].value,
            no_late_fee_until=cycle["last_day_without_late_fee"].value,
            late_until=cycle["alignment_late_deadline"].value,
            provisional_reasons=list(dict.fromkeys(reasons)),
        )
    if nremt_year == ma - 1:
        fee = cycle["alignment_fee"]
        reasons = [*base_reasons, *fee.provisional_reasons]
        if ma > newest + 1:
            reasons.append(sentence("plan.alignment.reverse-assumed", nremt=newest, newest=newest + 1, cycle=ma))
        return AlignmentCase(
            "reverse",
            words("reverse_title"),
            words("reverse_summary"),
            cited,
            fee=fee.value,
            provisional_reasons=list(dict.fromkeys(reasons)),
        )
    return AlignmentCase(
        "unlisted", words("unlisted_title"), words("unlisted_summary"), cited, provisional_reasons=base_reasons
    )


def alignment_words(cycle: Cycle, key: str, **years: int) -> str:
    """One sentence of the `alignment` wording for this cycle, with its years filled in."""
    return cycle["alignment"].value[key].format(**years)
