"""Cell values: hours, components, topics, delivery, approval numbers, completion status.

Each parser takes the cell's text and returns the value and, when the text cannot be used as it
is, a `Problem` saying why. Parsers are bounded: no pattern backtracks on long input, no number is
built from an exponent, so a hostile cell costs microseconds. Which words mean what is data
(`vocabulary.toml`).
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import cache, lru_cache

from ..formatting import hours_text
from ..patterns import regex
from ..problems import Problem, say
from .dates import looks_like_a_date
from .vocabulary import fold, forms, vocabulary

LONG_COURSE = Fraction(24)  # a course longer than a day is possible, but worth a second look
IMPLAUSIBLE = Fraction(100)  # no single course gives this many hours
MAX_CELL = 200  # longer cells are not dates or hours

NUMBER = r"(-?\d{1,6}(?:[.,]\d+)?|-?[.,]\d+)"
THOUSANDS = regex(r"-?\d{1,3},\d{3}")  # "1,000": one hour, or a thousand?
# Fractions written as one character ("1 ½", "¾ hr"): the whole number before it, if any, and the rest.
VULGAR = {"½": Fraction(1, 2), "¼": Fraction(1, 4), "¾": Fraction(3, 4), "⅓": Fraction(1, 3), "⅔": Fraction(2, 3)}
VULGAR_FORM = regex(r"(\d{1,6})?\s*([½¼¾⅓⅔])(\D*)")
HOURS_FORMS = (
    # "1.5", "1.5 h", "1.5 Hrs", "1.5 CEH", "1,5 hours", "2 contact hours", "1.5 CEUs"
    (
        regex(
            NUMBER + r"\s*(?:h|hr|hrs|hour|hours|ceh|cehs|ce|ces|ceu|ceus|credits?|contact hours?|"
            r"ce hours?|credit hours?|units?)?\.?",
            re.IGNORECASE,
        ),
        "hours",
    ),
    # "1h 30m", "0h 45m", "1 hr 30 min", "1 hour 30 minutes"
    (
        regex(
            r"(\d{1,4})\s*(?:h|hr|hrs|hour|hours)\.?,?\s*(\d{1,3})\s*(?:m|min|mins|minute|minutes)?\.?", re.IGNORECASE
        ),
        "hm",
    ),
    # "90 min", "45 minutes"
    (regex(r"(\d{1,6})\s*(?:m|min|mins|minute|minutes)\.?", re.IGNORECASE), "minutes"),
    # "1:30" (hours:minutes), "1:30:00"
    (regex(r"(\d{1,4}):([0-5]\d)(?::[0-5]\d)?"), "hm"),
)


@lru_cache(maxsize=4096)  # a transcript repeats its hours: parse each text once
def parse_hours(text: str) -> tuple[Fraction | None, tuple[Problem, ...]]:
    """Hours, exact (20 min is 1/3 h: thirty of them are 10 h, not 9.9), and what was wrong. They are
    rounded only when shown (`formatting.hours_text`)."""
    text = text.strip()
    if not text:
        return None, (say("no-hours"),)
    hours = None
    vulgar = VULGAR_FORM.fullmatch(text) if len(text) <= MAX_CELL else None
    if vulgar:  # "1 ½ hrs", "¾ hr", "½ min": the number times what one of the unit written after it is
        unit = parse_hours("1" + vulgar[3])[0]
        if unit is not None:
            hours = (int(vulgar[1] or 0) + VULGAR[vulgar[2]]) * unit
    if hours is None and not vulgar and len(text) <= MAX_CELL:
        for pattern, form in HOURS_FORMS:
            match = pattern.fullmatch(text)
            if not match:
                continue
            if form == "hours":
                if THOUSANDS.fullmatch(match[1]):
                    point, thousands = match[1].replace(",", "."), match[1].replace(",", "")
                    return None, (say("bad-hours", "thousands", text=_short(text), point=point, thousands=thousands),)
                hours = Fraction(_digits(match[1]))
            elif form == "hm":
                hours = Fraction(int(match[1])) + Fraction(int(match[2]), 60)
            else:
                hours = Fraction(int(match[1]), 60)
            break
    if hours is None:
        return None, (say("bad-hours", text=_short(text)),)
    if hours < 0:
        return None, (say("negative-hours", text=_short(text)),)
    if hours == 0:
        return None, (say("non-positive-hours", text=_short(text)),)
    if hours > IMPLAUSIBLE:
        return None, (say("implausible-hours", text=_short(text), limit=IMPLAUSIBLE),)
    problems = []
    if hours > LONG_COURSE:
        problems.append(say("long-course", hours=hours_text(hours).removesuffix(" h")))
    return hours, tuple(problems)


BARE_NUMBER = regex(NUMBER)


# "20:00", "45:00": hours and minutes, or minutes and seconds? A clock form whose first part is this
# large is more likely minutes, and too likely either way to be counted on a guess.
CLOCK = regex(r"\s*(\d{1,4}):([0-5]\d)(?::[0-5]\d)?\s*")
CLOCK_DOUBT = 10


@lru_cache(maxsize=4096)
def parse_hours_in(text: str, unit: str) -> tuple[Fraction | None, tuple[Problem, ...]]:
    """Hours from a cell of a column whose header says its unit: "minutes" or "minutes, guessed" (a bare
    90 is 1.5 hours), "unsaid" (a bare number over a day's course may be minutes: refused), "ambiguous"
    (a Duration of whole numbers such as 15 or 20: minutes or hours, refused until the user says) or ""
    (hours). A clock form such as "20:00" may be minutes and seconds: refused, never counted as 20 hours."""
    bare = BARE_NUMBER.fullmatch(text.strip()[:MAX_CELL]) is not None
    if unit.startswith("minutes") and bare:
        return parse_hours(text.strip() + " min")
    clock = CLOCK.fullmatch(text[:MAX_CELL])
    if clock and int(clock[1]) >= CLOCK_DOUBT:
        return None, (say("bad-hours", "clock", text=_short(text), first=int(clock[1]), second=clock[2]),)
    if unit == "ambiguous" and bare:
        return None, (say("bad-hours", "ambiguous", text=_short(text)),)
    hours, problems = parse_hours(text)
    if unit == "unsaid" and bare and hours is not None and hours > LONG_COURSE:
        return None, (say("bad-hours", "unsaid", text=_short(text)),)
    return hours, problems


def _digits(number: str) -> str:
    """A decimal as digits with a point: "1,5" -> "1.5", ".5" -> "0.5"; at most 12 decimals kept."""
    number = number.replace(",", ".")
    whole, _, decimals = number.partition(".")
    return f"{whole or '0'}.{decimals[:12] or '0'}"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@cache
def _words(kind: str) -> dict[str, set[str]]:
    return {
        key: {w for phrase in words for w in fold(phrase).split()} | {fold(p) for p in words}
        for key, words in vocabulary()["values"][kind].items()
    }


@cache
def _phrases(kind: str) -> dict[str, str]:
    return {fold(p): key for key, phrases in vocabulary()["values"][kind].items() for p in phrases}


@cache
def _filler() -> set[str]:
    return set(vocabulary()["values"]["filler"])


def _match_words(text: str, kind: str, filler: set[str] | frozenset[str] | None = None) -> str | None:
    """The one key whose words cover every word of `text` ("National (NCCR)" -> national)."""
    words = set(fold(text).split()) - (filler if filler is not None else _filler())
    matches = [key for key, known in _words(kind).items() if words and words <= known]
    return matches[0] if len(matches) == 1 else None


@lru_cache(maxsize=1024)
def parse_component(text: str) -> tuple[str | None, bool]:
    """("national" | "local" | "individual" | None, understood). None with True is an elective."""
    if is_empty(text):
        return None, True
    folded = fold(text)
    if _phrases("component_phrases").get(folded) == "elective":
        return None, True
    key = _match_words(text, "component")
    if key is None:
        return None, False
    return (None if key == "elective" else key), True


def unit_of(text: str) -> str | None:
    """ "minutes" or "hours" for a cell that is a unit alone ("Minutes", "min", "Hrs", "Hour(s)"), else None."""
    words = fold(text[:30]).split()
    if not 1 <= len(words) <= 2 or (len(words) == 2 and words[1] != "s"):
        return None
    form = forms().get(words[0], words[0])
    return form if form in ("minutes", "hours") else None


def heading_component(text: str) -> str | None:
    """The component a heading names ("NATIONAL COMPONENT (20 hrs)", "Local/State Component - 10 hours",
    a sheet named "Individual"): what is in brackets, after a dash or a colon, and numbers left aside.
    None when it names none, or an elective."""
    head = re.split(r"\s[-–—:]\s|:", re.sub(r"[(\[].*?[)\]]", " ", text[:MAX_CELL]))[0]
    words = [w for w in head.split() if not any(ch.isdigit() for ch in w)]
    return parse_component(" ".join(words))[0] if words else None


@lru_cache(maxsize=1024)
def parse_component_topic(text: str) -> tuple[str | None, str | None, bool]:
    """A cell naming the National component and a topic together ("National: Airway, Respiration &
    Ventilation", "NCCR - Trauma", "Trauma (National)"): ("national", the national topic or None when
    the rest names none, True). Any other cell is (None, None, False)."""
    words = [w for w in fold(text[:MAX_CELL]).split() if w not in _filler()]
    known = _words("component")
    marked = [w for w in words if w in known["national"] and len(w) > 1]  # "N" alone is too short to trust here
    rest = [w for w in words if w not in marked]
    if not marked or not rest or any(w in known[k] for w in rest for k in ("local", "individual", "elective")):
        return None, None, False
    return "national", parse_topic(" ".join(rest)), True


@lru_cache(maxsize=1024)
def parse_topic(text: str) -> str | None:
    """The national topic a cell names ("Airway, Respiration & Ventilation" -> airway), or None."""
    return _match_words(
        text,
        "topic",
        _filler() | {"emergencies", "emergency", "care", "management", "and", "review", "update"} - {"ems"},
    )


# A course format's code, written where the delivery is ("F1", "F5 - VILT", "T3 (online)"): CAPCE's F codes
# and OEMS's T codes, alone, never inside an approval number (24-ABCD-F3-1234). What each code means is the
# rules' (approval_schemes), read by the judge: the reader only finds it.
FORMAT_CODE = regex(r"(?<![\w-])[FT][0-9](?!\w)", re.IGNORECASE)


def delivery_code(text: str) -> tuple[str, str]:
    """The one format code a delivery cell writes, and the cell's words without it ("F5 - VILT" -> "F5",
    " - VILT"); ("", text) when it writes none, or several ("F1/F3": which one is not said)."""
    found = FORMAT_CODE.findall(text)
    if len(found) != 1:
        return "", text
    return found[0].upper(), FORMAT_CODE.sub(" ", text)


def topic_area(text: str) -> str | None:
    """The national topic area a cell is and nothing more ("Airway", "Airway, Respiration & Ventilation"),
    or None: a course about one ("Medical Emergencies Review") is not an area."""
    return _match_words(text, "topic")


@cache
def _delivery_filler() -> frozenset[str]:
    """Words beside a delivery word that say what kind of course it was or who accredited it, never how
    it was given ("Classroom Event", "Online Course", "CAPCE - Live"): vocabulary's delivery_filler."""
    return frozenset(fold(w) for w in vocabulary()["values"]["delivery_filler"]["words"])


@lru_cache(maxsize=1024)
def parse_delivery(text: str) -> bool | None:
    """True for distributive, False for live, None when the words say neither."""
    folded = fold(text)
    if not folded:
        return None
    phrases = _phrases("delivery_phrases")
    filler = _delivery_filler()
    phrase = phrases.get(folded) or phrases.get(" ".join(w for w in folded.split() if w not in filler))
    if phrase:
        return phrase == "distributive"
    key = _match_words(text, "delivery", filler)
    return None if key is None else key == "distributive"


@cache
def _status_words() -> tuple[set[str], re.Pattern[str], set[str]]:
    """The whole cells that say not complete, a pattern finding a longer not-complete phrase inside a
    cell, and the words that say complete."""
    words = vocabulary()["values"]["status"]
    whole = {fold(w) for w in words["not_complete"]}
    inside = sorted((w for w in whole if len(w) > 3), key=len, reverse=True)
    pattern = re.compile(r"(?:^| )(?:" + "|".join(map(re.escape, inside)) + r")(?: |$)")
    return whole, pattern, {fold(w) for w in words["complete"]}


@lru_cache(maxsize=1024)
def parse_status(text: str) -> bool | None:
    """Whether a status cell says the course was finished: True, False (incomplete, in progress,
    failed, a no-show), or None when its words say neither ("Submitted for grading" is judged by its
    words; "Attended 3/19/2025" is complete; "Level 2" says nothing)."""
    folded = fold(text[:MAX_CELL])
    if not folded:
        marks = vocabulary()["values"]["status"]
        mark = text.strip()
        if not mark:
            return True  # an empty status says nothing against the course; its other cells are judged
        return True if mark in marks["complete_marks"] else False if mark in marks["not_complete_marks"] else None
    whole, inside, complete = _status_words()
    if folded in whole or inside.search(folded):
        return False
    neutral = _neutral_status_words()
    words = [w for w in folded.split() if not w.isdigit() and w not in neutral]  # a score or a date beside it
    if folded in complete or (words and all(w in complete for w in words)) or looks_like_a_date(text):
        return True
    return None


@cache
def _neutral_status_words() -> frozenset[str]:
    return frozenset(fold(w) for w in vocabulary()["values"]["status"]["neutral"])


@cache
def _no_number() -> set[str]:
    return {fold(n) or n for n in vocabulary()["values"]["empty"]["cells"]}


NOT_LETTERS = regex(r"[^a-z0-9]+")
DATABASE_NULL = "\\N"  # how a database's export writes an empty value (MySQL, PostgreSQL's COPY)


@cache
def _empty_letters() -> frozenset[str]:
    """The letters and digits of each "nothing" cell, folded ("n/a" -> "na"): a cell whose own
    letters and digits are none of these cannot fold into one."""
    return frozenset(NOT_LETTERS.sub("", fold(c)) for c in vocabulary()["values"]["empty"]["cells"])


@cache
def _pediatric_words() -> tuple[frozenset[str], frozenset[str], re.Pattern[str]]:
    """The words that say pediatric, those of other ages, and a pattern finding any of the first inside a
    cell's lower-case letters: a cell with none of them inside cannot fold into one (folding only adds
    spaces between letters and takes apostrophes out), so most titles are ruled out without folding."""
    pediatric = vocabulary()["values"]["pediatric"]
    words = frozenset(pediatric["words"])
    inside = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    return words, frozenset(pediatric["other_ages"]), inside


@lru_cache(maxsize=4096)
def says_pediatric(text: str) -> bool:
    """A title, topic or category that says the course is pediatric ("Pediatric assessment", "PEPP
    refresher"), and no other age group ("Adult and pediatric airway" is not all pediatric)."""
    text = text[:MAX_CELL]
    pediatric, other_ages, inside = _pediatric_words()
    if not inside.search(text.lower().replace("'", "").replace("\u2019", "")):
        return False
    words = set(fold(text).split())
    return bool(words & pediatric) and not words & other_ages


def is_empty(text: str) -> bool:
    """The cell says nothing was entered ("", "N/A", "—", "none")."""
    text = text.strip()
    if text in _no_number() or text == DATABASE_NULL:
        return True
    # Folding keeps a cell's letters and digits, in order: most cells (approval numbers, titles) are
    # ruled out by those alone, without folding them (which a cache of values cannot spare).
    return NOT_LETTERS.sub("", text.lower()) in _empty_letters() and fold(text) in _no_number()


@lru_cache(maxsize=4096)
def clean_approval(text: str) -> str:
    """The approval cell as the judge reads it: "" when it says there is none ("N/A", "—", "none").

    Prefixes, odd dashes and notes around a number are the judge's to read (`approval.parse_approval`).
    """
    return "" if is_empty(text) else text.strip()
