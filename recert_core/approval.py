"""Approval numbers: which scheme issued them, and whether the course was distributive.

Massachusetts accepts OEMS numbers, which carry a T code (`T2-1234`, `MA-T3-2023-0456`), and
CAPCE numbers, `YY-ORG-Fn-NNNN` (`16-EMT-F3-0001`). Older OEMS numbers (before April 2016) have
no code: then the transcript's delivery column says how the course was given, and without it the
course is counted as distributive, the cautious reading. Which codes are distributive is data
(`approval_schemes`), not code.

Numbers come as people and exports write them: with a prefix ("CAPCE #", "OEMS"), spaces or
Unicode dashes as separators, a note after them. They are read by splitting into tokens, never
with a backtracking pattern, so a hostile cell costs time in proportion to its length.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .patterns import regex
from .problems import Problem, say, sentence

# Cells that mean "no number": an export's placeholder, not a number to look up.
NO_NUMBER = {"", "-", "--", "n/a", "na", "none", "no", "nil", "null", "tbd", "pending", "unknown", "?"}
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d_/"
# What separates a number's parts: spaces, dashes (any of DASHES), "#" and ":", in runs.
SEPARATORS = regex(f"[\\s\\-#:{DASHES}]+")
# Words before the number: "CAPCE #", "OEMS No.", "Approval number:", "Course ID".
PREFIX_WORDS = {"CAPCE", "CECBEMS", "OEMS", "APPROVAL", "COURSE", "STATE", "NUMBER", "NO", "NUM", "ID", "ACCREDITATION"}
TOKEN = regex(r"[A-Z0-9]+|[^A-Z0-9\s-]+")
CODE = regex(r"([TF])(\d)")
LONGEST = 200  # characters of a cell looked at for its number: prefix words, the number, the start of a note


@dataclass(slots=True)
class Approval:
    number: str  # normalised: upper case, tokens joined by "-"
    scheme: str  # "oems" or "capce"
    code: str | None  # "T3", "F1", ... or None for an older OEMS number


def _tokens(text: str) -> list[str]:
    """The number's tokens: separators and prefix words dropped, stopping at a note after it. Only the
    start of a long cell is looked at (to its last whole word): a number is never further in."""
    if len(text) > LONGEST:
        text = text[:LONGEST].rsplit(None, 1)[0]
    words = [w for w in SEPARATORS.split(text.upper()) if w]
    start = 0
    while start < len(words) and words[start].rstrip(".") in PREFIX_WORDS:
        start += 1
    tokens = []
    for word in words[start:]:
        if not word.isalnum():  # "(renewed)", "T2-1234;" -> stop at the first non-number word
            head = TOKEN.match(word)
            if head and head.group().isalnum():
                tokens.append(head.group())
            break
        tokens.append(word)
    return tokens


# Numbers as most files write them, read at once (the same answer as token by token, `_read`):
# CAPCE's 16-EMT-F3-0001, and OEMS's T2-1234 or MA-T3-2023-0456.
CAPCE_AS_WRITTEN = regex(r"([0-9]{2})-([A-Z0-9]+)-(F[0-9])-([0-9]+)")
OEMS_AS_WRITTEN = regex(r"(?:MA-)?(T[0-9])((?:-[0-9]+)+)")


def parse_approval(text: str) -> Approval | Problem:
    """The approval number in a cell, or the finding that it has none or none we recognise."""
    if len(text) <= LONGEST:
        capce = CAPCE_AS_WRITTEN.fullmatch(text)
        if capce:
            return Approval(f"{capce[1]}-{capce[2]}-{capce[3]}-{_serial(capce[4])}", "capce", capce[3])
        oems = OEMS_AS_WRITTEN.fullmatch(text)
        if oems:
            return Approval("-".join([oems[1], *map(_serial, oems[2][1:].split("-"))]), "oems", oems[1])
    return _read(text)


def _read(text: str) -> Approval | Problem:
    """parse_approval's reading of any cell: its tokens, whatever the separators, prefixes and notes."""
    if text.strip().lower().strip(".") in NO_NUMBER or not text.strip("-\u2014\u2013 "):
        return say("no-approval")
    tokens = _tokens(text)
    if (
        len(tokens) >= 4
        and len(tokens[0]) == 2
        and tokens[0].isdigit()
        and CODE.fullmatch(tokens[2])
        and tokens[2][0] == "F"
        and tokens[3].isdigit()
    ):
        return Approval("-".join([*tokens[:3], _serial(tokens[3])]), "capce", tokens[2])
    for i, token in enumerate(tokens):
        if len(token) == 2 and token[0] == "T" and CODE.fullmatch(token):
            rest = []
            for after in tokens[i + 1 :]:  # the number after its code: digits only ("2023", "0456")
                if not after.isdigit():
                    break
                rest.append(after)
            if rest:  # MA-T1-3001, T1-3001 and T1-03001 are one number: the state's prefix and zeros left out
                return Approval("-".join([token, *map(_serial, rest)]), "oems", token)
            break
    if tokens and tokens[0] == "MA" and len(tokens) > 1:
        tokens = tokens[1:]
    if tokens and tokens[0].isdigit() and 4 <= len(tokens[0]) <= 8:  # an older OEMS number: 2015-0101
        digits = [t for t in tokens[:3] if t.isdigit()]
        return Approval("-".join(map(_serial, digits)), "oems", None)
    return say("bad-approval", text=text.strip()[:80])


def _serial(digits: str) -> str:
    """A number's digits without the zeros before them ("0042" -> "42")."""
    return digits.lstrip("0") or "0"


def judge_distributive(
    approval: Approval, said: bool | None, delivery: str, schemes: Mapping[str, Any]
) -> tuple[bool, list[Problem]]:
    """Whether a course counts as distributive, and what was found deciding it (`said`: what the file's
    delivery cell says, as the reader read it; `delivery`: the cell as written)."""
    problems = unrecognised_delivery(said, delivery)
    if approval.code is None:
        if said is None:
            problems.append(say("needs-delivery", number=approval.number))
            return True, problems
        return said, problems
    scheme = schemes[approval.scheme]
    distributive = approval.code in scheme["distributive"]
    if said is not None and said != distributive:
        kind = sentence("approval.distributive" if distributive else "approval.not-distributive")
        problems.append(say("delivery-ignored", code=approval.code, kind=kind))
    return distributive, problems


def unrecognised_delivery(said: bool | None, delivery: str) -> list[Problem]:
    """The finding for a delivery cell that says neither live nor online (`said`: as read), if it is one."""
    return [say("unknown-delivery", delivery=delivery)] if delivery and said is None else []


def delivery_said(said: bool | None, code: str, schemes: Mapping[str, Any]) -> bool | None:
    """What a delivery cell says, its format code ("F5 - VILT": `code` F5, `said` the words' live) read by
    the cycle's schemes (CAPCE's F5 is live): None when the code is one no scheme defines, or its words
    say otherwise ("F3 - Live"), so that nothing is taken in the reader's favour."""
    if not code:
        return said
    formats = {
        code in scheme["distributive"]
        for scheme in schemes.values()
        if code in (*scheme["distributive"], *scheme["not_distributive"])
    }
    if len(formats) != 1:
        return None
    coded = formats.pop()
    return coded if said is None or said == coded else None


def known_code(approval: Approval, schemes: Mapping[str, Any]) -> Problem | None:
    """The finding for a T or F code the cycle's approval schemes do not define, if it is one."""
    scheme = schemes[approval.scheme]
    if approval.code is None or approval.code in (*scheme["distributive"], *scheme["not_distributive"]):
        return None
    return say("unknown-format-code", number=approval.number, code=approval.code, scheme=scheme["name"])
