"""What a cell looks like, whatever its column's header says: a person's name, an approval number,
a yes or a no, a mark, a level, an enrollment flag. The columns' vote (`columns.py`) and the rows'
reading (`rows.py`) both ask here, so a column is taken for what its cells are.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import pairwise

from ..patterns import regex
from .vocabulary import fold, vocabulary

MAX_CELL = 200

# An approval number's shape: a CAPCE number (24-ABCD-F3-1234) or an OEMS number with its T code
# (T2-1234, MA-T3-2023-0456), with Unicode dashes, spaces or a prefix word; an older OEMS number
# (MA-2015-0101, 2015-0101) too. Tokens, never a backtracking pattern.
DASHES = regex("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d_.]")
CODE = regex(r"[TF][1-5]")
PREFIXES = {"CAPCE", "CECBEMS", "OEMS", "APPROVAL", "NUMBER", "NO", "ID", "MA", "COURSE", "STATE", "ACCREDITATION"}


@lru_cache(maxsize=8192)
def looks_like_approval(text: str) -> bool:
    """A CAPCE number (24-ABCD-F3-1234), an OEMS number with its T code (T2-1234, MA-T3-2023-0456), or an
    older OEMS number (MA-2015-0101, 2015-0101), as exports write them; never a date or a time."""
    if not 4 <= len(text) <= 60 or ":" in text or "/" in text:
        return False
    tokens = [t for t in re.split(r"[\s\-#]+", DASHES.sub("-", text.upper())) if t]
    tokens = [t for t in tokens if t.rstrip(".") not in PREFIXES] or tokens
    if not 2 <= len(tokens) <= 6 or not all(t.isalnum() for t in tokens):
        return False
    coded = [i for i, t in enumerate(tokens) if CODE.fullmatch(t)]
    if coded:
        return any(t.isdigit() for t in tokens[coded[0] + 1 :])
    # An older OEMS number: a year and a serial, with or without the state's prefix
    year, *serial = tokens
    return len(serial) == 1 and serial[0].isdigit() and year.isdigit() and len(year) == 4 and year[:2] in ("19", "20")


def looks_like_a_person(text: str) -> bool:
    """ "Pat Doe", "Doe, Pat J.", "Pat O'Neil, NRP": two to five words, no digits, no organisation word."""
    if any(ch.isdigit() for ch in text) or len(text) > 80:
        return False
    words = fold(text).split()
    return 2 <= len(words) <= 5 and not (_organisation_words() | _course_words()) & set(words)


def looks_like_a_course(text: str) -> bool:
    """ "Airway Management Review", "CPR Recertification": words that course titles carry."""
    return bool(_course_words() & set(fold(text[:MAX_CELL]).split()))


@cache
def _course_words() -> frozenset[str]:
    return frozenset(fold(w) for w in vocabulary()["values"]["course_words"]["words"])


@cache
def _organisation_words() -> frozenset[str]:
    return frozenset(fold(w) for w in vocabulary()["values"]["organisation"]["words"])


@cache
def _yes_no() -> dict[str, bool]:
    spec = vocabulary()["values"]["yes_no"]
    return {**{fold(w): True for w in spec["yes"]}, **{fold(w): False for w in spec["no"]}}


def yes_or_no(text: str) -> bool | None:
    """True for yes, False for no, None for neither ("Yes", "N", "TRUE", "x", a tick)."""
    stripped = text.strip()
    if stripped in ("✓", "✔", "☑", "✅"):
        return True
    if stripped in ("✗", "✘", "❌", "☐"):
        return False
    return _yes_no().get(fold(stripped[:20])) if stripped else None


@cache
def _current() -> dict[str, bool]:
    spec = vocabulary()["values"]["current"]
    return {**{fold(w): True for w in spec["current"]}, **{fold(w): False for w in spec["not_current"]}}


def is_current(text: str) -> bool | None:
    """An enrollment flag: True current ("Active"), False an earlier enrollment ("Historic"), None neither."""
    return _current().get(fold(text[:40])) if text.strip() else None


@cache
def _levels() -> dict[str, str]:
    return {fold(w): level for level, words in vocabulary()["values"]["levels"].items() for w in words}


@lru_cache(maxsize=1024)
def level_of(text: str) -> str | None:
    """The rules' level id a cell names ("EMT-B" -> "emt", "Paramedic" -> "paramedic"), or None."""
    folded = fold(text[:60])
    if folded in _levels():
        return _levels()[folded]
    words = [w for w in folded.split() if w not in ("nr", "ma", "state", "certified", "licensed", "level")]
    return _levels().get(" ".join(words))


def is_row_number(values: list[str]) -> bool:
    """A column of 1, 2, 3...: the rows' own numbers, not an approval number or an ID."""
    numbers = [v.strip() for v in values]
    if len(numbers) < 2 or not all(n.isascii() and n.isdigit() and len(n) <= 6 for n in numbers):
        return False
    ints = [int(n) for n in numbers]
    return all(b - a == 1 for a, b in pairwise(ints))


TEXT = regex(r"[^\W\d_]{2,}")


def looks_like_text(text: str) -> bool:
    """Words, not a number or a code: a title, a name, a sentence."""
    return len(TEXT.findall(text[:MAX_CELL])) >= 1 and sum(ch.isalpha() for ch in text) >= 3


@cache
def _accreditations() -> dict[str, str]:
    return {fold(w): body for body, words in vocabulary()["values"]["accreditation"].items() for w in words}


def accreditation_of(text: str) -> str | None:
    """Who accredited a course, as a source column says it: "capce", "oems", "none" (entered by the
    person), or None when the cell does not say."""
    return _accreditations().get(fold(text[:60])) if text.strip() else None


@cache
def _unassigned() -> frozenset[str]:
    return frozenset(fold(w) for w in vocabulary()["values"]["unassigned"]["cells"])


def is_unassigned(text: str) -> bool:
    """A Recert Topic Map cell of a course NREMT has not placed in a component yet."""
    return fold(text[:40]) in _unassigned()
