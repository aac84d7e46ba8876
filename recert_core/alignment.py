"""Aligning the Massachusetts and National Registry expirations: which case a provider is in.

The cases are those of the OEMS one-year alignment page (2023-2024). A provider is placed by
two years: the Massachusetts card's expiration and the NREMT certification's, and by whether
the NREMT certification is current. Fees and deadlines come from the rules data for the
Massachusetts year, so they carry the data's sources and provisional flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .rules import Cycle, KeyDate, Source

NREMT_STATUSES = ("current", "inactive", "expired", "never")


@dataclass(frozen=True)
class AlignmentCase:
    id: str
    title: str
    summary: str
    sources: tuple[Source, ...]
    fee: object = None  # Decimal, when the case has an alignment payment
    late_fee: object = None
    submit_by: KeyDate | None = None
    late_until: KeyDate | None = None
    provisional_reasons: list[str] = field(default_factory=list)


def alignment_case(cycle: Cycle, nremt_year: int | None, nremt_status: str = "current") -> AlignmentCase:
    """The alignment case for a Massachusetts card expiring in `cycle.year`."""
    ma = cycle.year
    source = cycle.rules.sources["oems-alignment-2024"]
    cited = (source,)
    if nremt_status == "expired":
        return AlignmentCase(
            "nremt-expired", "Expired NREMT: regain it first",
            "If you held National Registry certification and it has expired, you must regain it to be "
            "eligible to recertify in Massachusetts. Without it, the Massachusetts certification cannot be "
            "renewed. The National Registry's web site explains how to regain certification.",
            cited,
        )
    if nremt_status == "never" or nremt_year is None:
        return AlignmentCase(
            "ma-only", "Massachusetts only: no alignment",
            "Without National Registry certification there is nothing to align. You still keep a "
            "National Registry training profile to enter your education.",
            (cycle.rules.sources["massgov-2024"],),
        )
    if nremt_year == ma:
        return AlignmentCase(
            "aligned", "Already aligned",
            "Both expire in the same year: renew the National Registry certification, then the "
            "Massachusetts one, as usual.",
            cited,
        )
    if nremt_year == ma + 1:
        fee, late_fee = cycle["alignment_fee"], cycle["alignment_late_fee"]
        reasons = [*fee.provisional_reasons, *late_fee.provisional_reasons,
                   *cycle["alignment_recommended"].provisional_reasons,
                   *cycle["alignment_late_deadline"].provisional_reasons]
        if ma > cycle.rules.newest_sourced:
            reasons.insert(0, f"One-year alignment: the OEMS page describes it for cards expiring in "
                           f"{cycle.rules.newest_sourced}; for {ma} the same process is assumed.")
        title = "One-year alignment"
        summary = (f"Your Massachusetts card (expiring {ma}) is extended one year to match your NREMT "
                   f"certification ({nremt_year}): submit the alignment form with a prorated recertification "
                   "payment instead of a full renewal. After the expiration date your certification has "
                   "expired and you cannot staff an ambulance; a late alignment costs the late fee as well.")
        if ma == 2025:
            title = "One-year alignment (not yet due when OEMS last wrote)"
            summary += (" When OEMS last wrote (2024), providers with cards expiring in 2025 and NREMT in 2026 "
                        "were not yet due, and were to receive instructions in the fall of 2024.")
        return AlignmentCase(
            "one-year", title, summary, cited,
            fee=fee.value, late_fee=late_fee.value,
            submit_by=cycle["alignment_recommended"].value,
            late_until=cycle["alignment_late_deadline"].value,
            provisional_reasons=reasons,
        )
    if nremt_year == ma - 1:
        return AlignmentCase(
            "reverse", "Reverse off-cycle: renew NREMT first",
            f"Your NREMT certification ({nremt_year}) expires a year before your Massachusetts card ({ma}). "
            f"Renew the NREMT certification to {nremt_year + 2} first; then complete the one-year alignment "
            f"process in the fall of {nremt_year}.",
            cited,
            provisional_reasons=[] if ma <= cycle.rules.newest_sourced + 1 else [
                f"Reverse off-cycle: the OEMS page describes it for NREMT {cycle.rules.newest_sourced} / "
                f"Massachusetts {cycle.rules.newest_sourced + 1}; the same order is assumed for {ma}."],
        )
    return AlignmentCase(
        "unlisted", "A case no source describes",
        f"Your NREMT ({nremt_year}) and Massachusetts ({ma}) expirations are more than a year apart. No source "
        "we hold describes this case: email OEMS at oems.recert@mass.gov for the alignment form and instructions.",
        cited,
    )
