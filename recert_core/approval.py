"""Approval numbers: which scheme issued them, and whether the course was distributive.

Massachusetts accepts OEMS numbers, which carry a T code (`T2-1234`,
`MA-T3-2023-0456`), and CAPCE numbers, `YY-ORG-Fn-NNNN` (`16-EMT-F3-0001`).
Older OEMS numbers (before April 2016) have no code: then the transcript's
delivery column must say how the course was given. Which codes are
distributive is data (`approval_schemes`), not code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .problems import Problem
from .transcript import parse_delivery

CAPCE = re.compile(r"\d{2}-[A-Z0-9]+-(?P<code>F\d)-\d+")
OEMS = re.compile(r"(?:[A-Z0-9]+-)*(?P<code>T\d)(?:-[A-Z0-9]+)+")
OEMS_UNCODED = re.compile(r"(?:MA-?)?\d{4,8}")
SPACES = re.compile(r"\s+")
# Parts joined by dashes, checked first with possessive quantifiers (linear time): without it, OEMS
# backtracks quadratically on a long near-miss such as "T1-T1-...-T1-!".
SHAPE = re.compile(r"[A-Z0-9]++(?:-[A-Z0-9]++)*+")


@dataclass(slots=True)
class Approval:
    number: str
    scheme: str  # "oems" or "capce"
    code: str | None  # "T3", "F1", ... or None for an older OEMS number


def parse_approval(text: str) -> Approval | Problem:
    if not text.strip():
        return Problem(
            "no-approval",
            "No approval number. Massachusetts accepts only courses with an OEMS or CAPCE number.",
        )
    number = SPACES.sub("", text).upper()
    for scheme, pattern in (("capce", CAPCE), ("oems", OEMS)) if SHAPE.fullmatch(number) else ():
        match = pattern.fullmatch(number)
        if match:
            return Approval(number, scheme, match["code"])
    if OEMS_UNCODED.fullmatch(number):
        return Approval(number, "oems", None)
    return Problem(
        "bad-approval",
        f"“{text}” is not an OEMS number (with a T code, such as T2-1234) or a CAPCE number "
        "(such as 16-EMT-F3-0001). Massachusetts accepts only those.",
    )


def judge_distributive(
    approval: Approval, delivery: str, schemes: Mapping[str, Any]
) -> tuple[bool | None, list[Problem]]:
    """Whether a course is distributive, and the problems found deciding it."""
    said = parse_delivery(delivery) if delivery else None
    problems = []
    if delivery and said is None:
        problems.append(
            Problem("unknown-delivery", f"Delivery “{delivery}” is not recognised "
                    "(use in person, live, virtual live, or online / self-paced).")
        )
    if approval.code is None:
        if said is None:
            problems.append(
                Problem("needs-delivery", f"{approval.number} has no T or F code and the file does not say how "
                        "the course was given, so it is counted as distributive (online), the cautious reading. "
                        "If it was in person or live, add a delivery column that says so.")
            )
            return True, problems
        return said, problems
    scheme = schemes[approval.scheme]
    if approval.code in scheme["distributive"]:
        distributive = True
    elif approval.code in scheme["not_distributive"]:
        distributive = False
    else:
        problems.append(
            Problem("unknown-format-code", f"{approval.number}: {approval.code} is not a format code "
                    f"Massachusetts recognises in {scheme['name']} numbers.")
        )
        return None, problems
    if said is not None and said != distributive:
        kind = "distributive" if distributive else "not distributive"
        problems.append(
            Problem("delivery-ignored", f"The delivery column says otherwise, but {approval.code} "
                    f"in the approval number means {kind}; the approval number decides.")
        )
    return distributive, problems
