"""What a header names, read by the words it carries: the idea of a date column, a title, an
approval number, not a list of the headers seen so far.

A header is folded (case, spacing, punctuation and camelCase ignored), its word forms made one
("Hrs" = "Hours", "Completed" = "Completion"), a form's question around the words that matter left
out ("Please enter your full name" = "full name"), and then read by which classes of words it
carries (vocabulary `[headers.classes]`): a date word makes a date column unless a word says it is
another date (a start, a registration, an expiry); a number word beside an approval word is the
approval number; hours words with a component's name are that component's hours; and so on (the
rules in `meanings`, most specific first).

Each meaning has a strength: 3 the header names the field outright, 2 it names it with words that
may mean something else (the column's cells decide, see `columns.py`), 1 only when no other column
names the field. The cells then vote (`columns.py`): the header is a hint, the cells the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..patterns import regex
from .vocabulary import classes, fold, forms, segment, vocabulary

MAX_HEADER = 120  # a longer cell is a sentence, not a header


@dataclass(frozen=True, slots=True)
class Meaning:
    """One field a header may name, how surely, and what its words say about the cells."""

    field: str
    strength: int  # 4 outright and preferred, 3 outright, 2 the cells decide, 1 only when no other column names it
    unit: str = ""  # hours: "minutes" or "unsaid" (Duration: hours or minutes?); delivery: "yes=live"


# Fields a header can name that the reader does not count from: reported, never read as hours.
NOT_READ = ("time_spent",)
COMPONENT_FIELDS = {"national": "hours_national", "local": "hours_local", "individual": "hours_individual"}
# Hours words that are also a modifier ("CE Course Title", "CE Category"): hours only alone or with hours words.
MODIFIERS = frozenset({"ce", "contact"})
# Beside hours words, these make a header about the kind of credit, not the amount ("CE Type", "Credit Category").
NOT_HOURS = frozenset({"type", "kind", "category", "requirement", "component", "classification", "bucket"})
# A form's mark that an answer is required: "(required)", "[Required]", "Required*".
REQUIRED_MARK = regex(r"[(\[]\s*required\s*[)\]]|required\s*\*|\*\s*required", re.IGNORECASE)
MARK_FIELDS = {"national": "mark_national", "local": "mark_local", "individual": "mark_individual"}


@cache
def _phrases() -> list[tuple[re.Pattern[str], str]]:
    table = vocabulary()["headers"]["phrases"]
    ordered = sorted(table.items(), key=lambda item: -len(fold(item[0])))
    return [(re.compile(rf"(?:^| ){re.escape(fold(p))}(?= |$)"), " " + fold(w)) for p, w in ordered]


@cache
def _filler() -> frozenset[str]:
    return frozenset(fold(w) for w in vocabulary()["headers"]["filler"])


@lru_cache(maxsize=8192)
def header_words(header: str) -> tuple[str, ...]:
    """The words a header is read by, in order: folded, phrases and word forms made one, words run
    together split ("DATEOFCOMPLETION"), "number of" before a count left out."""
    folded = fold(header[:MAX_HEADER])
    for pattern, replacement in _phrases():
        folded = pattern.sub(replacement, folded)
    words: list[str] = []
    for word in folded.split():
        words += segment(word) or [word]
    same = forms()
    words = [same.get(w, w) for w in words]
    if len(words) > 2 and words[0] in ("number", "no", "count") and words[1] == "of":
        words = words[2:]  # "# of Hours", "No. of Hours": the hours
    return tuple(words)


@lru_cache(maxsize=8192)
def meanings(header: str) -> tuple[Meaning, ...]:
    """Every field a header may name, strongest first; () when it names none the reader uses."""
    if len(header) > MAX_HEADER:
        return ()
    filler = _filler()
    if "required" in filler and not REQUIRED_MARK.search(header):
        filler = filler - {"required"}  # "Hours Required" asks; only a form's "(required)" is filler
    words = frozenset(header_words(header)) - filler
    if not words:
        return ()
    return tuple(sorted(_read(words), key=lambda m: -m.strength))


def _read(w: frozenset[str]) -> list[Meaning]:  # noqa: C901 (one rule a branch)
    c = classes()

    def has(name: str) -> bool:
        if name == "hours":  # "CE" and "Contact" name hours alone, and are a modifier beside other words
            found = w & c["hours"]
            return bool(found - MODIFIERS or (found and w <= c["hours"] | c["done"] | {"approved"}))
        return bool(w & c[name])

    if has("spent") and (has("unsaid") or has("hours") or has("minutes") or has("time")):
        return [Meaning("time_spent", 3)]  # time in the course, not credit
    if has("pediatric"):  # "Pediatric", "Peds (Y/N)": yes or no; "Pediatric Hours" is not read
        return [] if has("hours") or has("minutes") else [Meaning("pediatric", 3)]
    if w - {"address"} <= {"license", "licence", "nremt", "registry", "ssn", "email", "username", "badge", "login"}:
        return [Meaning("person_id", 2)]  # "License", "NREMT", "Email Address"
    if has("others") and not (has("course") or has("date") or has("hours") or has("number")):
        return []  # an instructor, a sponsor, a location: not the person, not the course
    component = _component_named(w)
    if component and (has("hours") or has("minutes") or has("unsaid")) and not has("number"):
        return [Meaning(COMPONENT_FIELDS[component], 3, "minutes" if has("minutes") else "")]
    if component and w <= c[component]:
        # "NCCR", "Local": a tracker's column per component, of hours or of marks (the cells say which)
        return [Meaning(COMPONENT_FIELDS[component], 2), Meaning(MARK_FIELDS[component], 2)]
    if has("number"):
        return _numbered(w)
    if has("date"):
        return _dated(w)
    if has("expires"):
        return [Meaning("expires", 3)]
    if w & {"end", "ended", "ending"} and w <= c["end"] | _filler():
        return [Meaning("date", 2)]  # "End", "Ended": a course over several days ends on its last (cells vote)
    if w & {"start", "begin", "began", "starting"} and w <= c["not_completion"] | _filler():
        return [Meaning("date", 1)]  # "Start", "Begin": a date only when no other column gives one
    if has("time") and not (has("hours") or has("minutes")):
        if has("done"):
            return [Meaning("date", 1)]  # "Completion time": a form's own clock, a date only when no other
        return [Meaning("hours", 1, "unsaid")] if w <= c["time"] | c["unsaid"] and "time" in w else []
    if (has("hours") or has("minutes") or has("unsaid")) and not w & NOT_HOURS:
        # How surely: what a course offers or asks only when no other column gives hours; a tenth-of-an-hour
        # unit (CEU) after hours that say they are hours; hours that say they were earned before all others.
        # Time alone ("Duration [min]", "Minutes") gives way to credit ("Credit (hrs.)"), wherever it sits.
        sure = (
            1
            if has("offered")
            else 2
            if (w & c["hours"] and w & c["hours"] <= c["units_only"]) or not w & c["hours"]
            else 4
            if has("done") or has("earned")
            else 3
        )
        if has("minutes"):
            return [Meaning("hours", sure, "minutes")]
        if has("hours"):
            return [Meaning("hours", sure)]
        return [Meaning("hours", min(sure, 2), "unsaid")]
    if has("accreditation") and not w & {"approval", "capce", "oems", "cecbems"}:
        return [Meaning("accreditation", 2), Meaning("approval", 1)]  # "Source", "Accreditation": the cells say
    if w & {"approval", "capce", "oems", "cecbems", "sanction"}:
        return [Meaning("approval", 3)]  # "CAPCE Approval", "OEMS Approval"
    if has("done") and w & {"on", "at", "when"}:
        return [Meaning("date", 3)]  # "Completed On", "Finished At"
    if has("request") and has("status"):
        return [Meaning("request_status", 3)]
    flag = w & c["current"]
    if flag and not has("done") and (flag - {"enrollment", "enrolment"} or not has("status")):
        return [Meaning("current", 2), Meaning("status", 1)]  # "Active", "Record Status": cells decide
    if has("status") or (has("done") and w <= c["done"] | {"yes", "no", "y", "n", "last", "latest", "most", "recent"}):
        if has("status"):
            return [Meaning("status", 3)]
        return [Meaning("date", 2), Meaning("status", 2)]  # "Completed": a date or a yes/no, the cells say
    if has("topic"):
        if has("map"):
            return [Meaning("topic_map", 3)]
        if has("course") and not (has("national") or has("component")):
            return [Meaning("title", 2)]  # "Course Topic"
        return [Meaning("topic", 3)]
    if has("level") and not has("course"):
        return [Meaning("level", 3 if len(w) > 1 else 2)]
    if has("component") and has("delivery"):  # "Credit Type", "Course Type", "CE Type": the cells decide
        if w & {"credits", "ncc", "nccr", "nccp", "recert", "requirement", "component", "category"}:
            return [Meaning("component", 2), Meaning("delivery", 1)]
        return [Meaning("delivery", 2), Meaning("component", 1)]
    if has("component"):
        if w <= {"comp"} | _filler():
            return [Meaning("component", 2), Meaning("status", 1)]  # "Comp": component or complete
        return [Meaning("component", 3 if w & c["component"] - {"type", "kind", "comp"} else 2)]
    if has("delivery"):
        return [Meaning("delivery", 3, _yes_means(w))]
    if (has("first_name") or has("last_name")) and (w <= c["first_name"] | c["last_name"] | {"name"}):
        if has("first_name") and has("last_name"):
            return [Meaning("person", 3)]  # "Last, First"
        return [Meaning("first_name" if has("first_name") else "last_name", 3)]
    if has("shared") and not has("course"):
        return [Meaning("person", 2, "shared")]  # "Provider": a person on a roster, an organisation elsewhere
    if has("person") and not has("course"):
        if "name" in w and len(w) == 1:
            return [Meaning("person", 2), Meaning("title", 1)]  # a bare "Name": a person, or the course's
        return [Meaning("person", 3)]
    if has("course") or has("title"):
        if has("course") and ("title" in w or "name" in w or len(w) == 1 or w <= c["course"] | c["title"]):
            return [Meaning("title", 3)]
        if "title" in w or "subject" in w:
            return [Meaning("title", 3 if "title" in w else 2)]
        if has("course") and has("done"):
            return [Meaning("title", 2), Meaning("date", 2), Meaning("status", 1)]  # "Course Completed"
        if has("course"):
            return [Meaning("title", 2)]
        return [Meaning("title", 1)]  # "Description", "Name"
    return []


def _component_named(w: frozenset[str]) -> str:
    c = classes()
    named = [name for name in ("national", "local", "individual") if w & c[name]]
    return named[0] if len(named) == 1 else ""


def _yes_means(w: frozenset[str]) -> str:
    """What "yes" means in a delivery column asked as a question ("Online?", "In person?")."""
    c = classes()
    if w & c["distributive"]:
        return "yes=distributive"
    if w & c["live"]:
        return "yes=live"
    return ""


def _numbered(w: frozenset[str]) -> list[Meaning]:
    """A header with a number word ("#", "No.", "ID", "Code"): whose number is it?"""
    c = classes()
    if w & (c["hours"] - MODIFIERS) and not w & (c["approval"] | c["cert"]):
        return [Meaning("hours", 3)]  # "Number of CE hours" after a question's words
    if "certification" in w and not w & {"course", "class", "activity", "capce"}:
        return [Meaning("person_id", 3)]  # "Certification #", "OEMS Certification #": the person's
    if w & c["cert"]:
        if w & (c["approval"] | c["course"]) - {"oems"}:
            return [Meaning("approval", 3)]  # "CAPCE Cert #", "Course Cert No."
        if w & c["holder"] or w & c["person"] - {"name"}:
            return [Meaning("person_id", 3)]  # "State Cert #", "OEMS Cert #": the person's certification
        return [Meaning("approval", 2), Meaning("person_id", 1)]  # "Cert #": the certificate's, the cells say
    if w & c["approval"]:
        return [Meaning("approval", 3)]
    if w & c["person_id"] or w & c["person"] - {"name"} or w & c["holder"] - {"state", "oems", "ma"}:
        return [Meaning("person_id", 3)]
    if w & c["course"]:
        return [Meaning("approval", 2 if "activity" in w else 1)]  # a vendor's "Course Number"
    if w <= c["number"] | _filler():
        return [Meaning("approval", 1)]  # a bare "#" or "Number": a row index unless the cells say otherwise
    return []  # a phone number, an invoice number


def _dated(w: frozenset[str]) -> list[Meaning]:
    """A header with a date word: the completion date, unless it says another date."""
    c = classes()
    if w & c["expires"]:
        return [Meaning("expires", 3)]
    if w & c["not_completion"]:
        return [Meaning("date", 1)]  # a start, a registration, a due date: only when no other date
    if w & c["end"] and not w & c["done"]:
        return [Meaning("date", 2)]  # "End Date": a course over several days ends on its last
    return [Meaning("date", 3)]
