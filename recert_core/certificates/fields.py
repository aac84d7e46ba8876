"""A certificate page's lines to course rows: each field with the certificate's own words it came from.

Fields are found by what they look like and the labels and sentences around them (`words.toml`), never
by where one template prints them: a date near "Date of Completion" or in the certificate's one
sentence with a date; hours with their unit (contact hours, CEH, minutes, CEU); a CAPCE or OEMS number
by its shape anywhere on the page, an older number only under a label that says it is one; the title
after "has successfully completed" or under "Course Title"; the attendee after "This certifies that".
A table of sessions (a conference) gives a row per session. What is not found stays blank, and what
could be read two ways is offered as a suggestion, never taken: the user confirms every certificate.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from functools import cache, lru_cache

from ..approval import Approval, parse_approval
from ..files import read_beside
from ..patterns import regex
from ..transcript import parse_delivery
from ..transcript.dates import DAY_FIRST, Decision, read_date
from .pdf import Line, PageText

FIELDS = ("date", "title", "hours", "approval", "delivery", "provider", "attendee")
HUNDREDTH = Decimal("0.01")
MAX_HOURS = Decimal(100)  # no single course gives this many: a number on a certificate that is not hours


@dataclass
class Field:
    """One field of a course row as read: `value` in the template's form ("" when not found), `words`
    the certificate's words it was read from, `suggestion` a reading not taken because it could be
    read two ways (for the user to accept), `note` a finding's code about how it was read."""

    value: str = ""
    words: str = ""
    page: int = 0
    suggestion: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, str | int]:
        return {
            "value": self.value,
            "words": self.words,
            "page": self.page,
            "suggestion": self.suggestion,
            "note": self.note,
        }


Row = dict[str, Field]


@dataclass
class Certificate:
    """One certificate: a page (or a conference's page of sessions), and the course rows read from it."""

    page: int
    rows: list[Row]
    kind: str = "certificate"  # "certificate", "sessions" (a conference: a row per session) or "scan"
    notes: list[str] = field(default_factory=list)  # codes (codes.toml) about the certificate


@cache
def words() -> dict:
    return tomllib.loads(read_beside(__file__, "words.toml").decode("utf-8"))


WORD = regex(r"[a-z0-9]+")


@lru_cache(maxsize=4096)  # the vocabulary's words are folded again for every line and cell: once is enough
def fold(text: str) -> str:
    """Compared as folded: "CAPCE Course #:" -> "capce course number"; "Approval No." -> "approval number"."""
    found = WORD.findall(text.lower().replace("#", " number "))
    return " ".join("number" if w in ("no", "num", "nbr") and i else w for i, w in enumerate(found))


@cache
def _labels() -> list[tuple[str, tuple[str, ...]]]:
    """(folded label, the fields it may name), longest first, so that "course title" wins over "course"
    ("Course:" may be a title or a number: its value decides)."""
    names: dict[str, list[str]] = {}
    for name, labels in words()["labels"].items():
        for label in labels:
            names.setdefault(fold(label), []).append(name)
    return sorted(((label, tuple(n)) for label, n in names.items()), key=lambda p: -len(p[0]))


@cache
def _phrases(kind: str) -> list[str]:
    return sorted((fold(p) for p in words()["phrases"][kind]), key=len, reverse=True)


# --- values in running text ---------------------------------------------------------------------

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
ORDINAL = r"(?:st|nd|rd|th)?"
DATE_IN_TEXT = regex(
    r"(?<![\w/.-])(?:"
    r"\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})"
    r"|\d{1,2}\.\d{1,2}\.\d{4}"
    rf"|{MONTHS}\.?\s+\d{{1,2}}{ORDINAL}(?:\s*[-–—]\s*\d{{1,2}}{ORDINAL})?,?\s+\d{{4}}"
    rf"|\d{{1,2}}{ORDINAL}(?:\s+day\s+of)?\s+{MONTHS}\.?,?\s+\d{{4}}"
    rf"|\d{{1,2}}-{MONTHS}-\d{{2,4}}"
    r")(?![\w/-])",
    re.IGNORECASE,
)
RANGE = regex(rf"({MONTHS}\.?)\s+\d{{1,2}}{ORDINAL}\s*[-–—]\s*(\d{{1,2}}){ORDINAL}", re.IGNORECASE)
NUMBER = r"(\d{1,3}(?:[.,]\d{1,2})?|[.,]\d{1,2})"
CAPCE = regex(r"(?<![\w-])\d{2}\s?[-–—]\s?[A-Z0-9]{2,12}\s?[-–—]\s?F\d\s?[-–—]\s?\d{2,6}(?![\w])", re.IGNORECASE)
OEMS = regex(r"(?<![\w-])(?:MA\s?[-–—]\s?)?T\d\s?[-–—]\s?\d{2,6}(?:\s?[-–—]\s?\d{2,6})?(?![\w])", re.IGNORECASE)


DOTTED = Decision(DAY_FIRST, "hint", False)  # "14.03.2026": a dotted date is day first


def find_dates(text: str) -> list[tuple[date, str]]:
    """The dates written in a piece of text (a range "March 12-14, 2026" is its last day), with their words."""
    found = []
    for match in DATE_IN_TEXT.finditer(text):
        written = match.group()
        plain = RANGE.sub(r"\1 \2", written)
        plain = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", plain, flags=re.IGNORECASE)
        plain = re.sub(r"\s+day\s+of\s+", " ", plain, flags=re.IGNORECASE)
        day, _ = read_date(plain)  # month first, as Massachusetts writes dates; dotted ones day first
        if day is None and "." in plain:
            day, _ = read_date(plain, DOTTED)
        if day is not None:
            found.append((day, written))
    return found


@cache
def _unit_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    kinds = {fold(unit): kind for kind in ("hours", "minutes", "ceu", "unsure") for unit in words()["units"][kind]}
    alternatives = "|".join(re.escape(u).replace(r"\ ", r"\s+") for u in sorted(kinds, key=len, reverse=True))
    return re.compile(rf"(?<![\w.]){NUMBER}\)?\s*(?:\(|-)?\s*({alternatives})(?![a-z])", re.IGNORECASE), kinds


HOURS_AND_MINUTES = regex(
    r"(?<![\w.])(\d{1,2})\s*(?:hours?|hrs?|h)\.?,?\s*(?:and\s+)?(\d{1,2})\s*(?:minutes?|mins?|m)\b\.?", re.IGNORECASE
)


def find_hours(text: str) -> list[tuple[Decimal, str, str]]:
    """Numbers with a unit of time or credit in text: (number, kind, words); kind is hours, minutes, ceu
    or unsure, and minutes are given as hours ("1 hour 30 minutes" is one duration: 1.5 hours)."""
    pattern, kinds = _unit_pattern()
    found = []
    for match in HOURS_AND_MINUTES.finditer(text):
        total = Decimal(match.group(1)) + (Decimal(match.group(2)) / 60).quantize(HUNDREDTH, rounding=ROUND_DOWN)
        if Decimal(0) < total < MAX_HOURS:
            found.append((total, "hours", match.group()))
    text = HOURS_AND_MINUTES.sub(lambda m: " " * len(m.group()), text)
    for match in pattern.finditer(text):
        kind = kinds.get(fold(match.group(2)), "unsure")
        number = _number(match.group(1), minutes=kind == "minutes")
        if number is not None:
            found.append((number, kind, match.group()))
    return found


def _number(text: str, *, minutes: bool = False) -> Decimal | None:
    """Hours in a number (minutes made hours, to hundredths rounded down); None for none a course gives."""
    try:
        value = Decimal(text.replace(",", "."))
    except ArithmeticError:
        return None
    if minutes:
        value = (value / 60).quantize(HUNDREDTH, rounding=ROUND_DOWN)
    return value if Decimal(0) < value < MAX_HOURS else None


def find_approvals(text: str) -> list[tuple[Approval, str]]:
    """CAPCE and OEMS numbers by their shape (a T or F code), anywhere in the text."""
    found = []
    for pattern in (CAPCE, OEMS):
        for match in pattern.finditer(text):
            approval = parse_approval(match.group())
            if isinstance(approval, Approval) and approval.code:
                found.append((approval, match.group()))
    return found


def printed(number: str) -> str:
    """An approval number as the certificate prints it (its zeros kept: the user compares it with the
    certificate), its dashes made plain and the spaces around them dropped."""
    return re.sub(r"\s*[-–—]\s*", "-", number.strip()).upper()


def printed_older(value: str, approval: Approval) -> str:
    """The number a label's value gives, as printed: its first word when that is the number read."""
    first = value.split()[0].strip(".,;:()") if value.split() else ""
    found = parse_approval(first) if first else None
    return printed(first) if isinstance(found, Approval) and found.number == approval.number else approval.number


def number_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


# --- labels ---------------------------------------------------------------------------------------


@dataclass
class Labelled:
    name: str  # the field the label names
    label: str  # the label as printed
    value: str  # the value after it ("" if none found)
    words: str  # the label and its value, as printed
    line: int


def _label_of(cell: str) -> tuple[tuple[str, ...], str, str] | None:
    """(fields, label as printed, the rest) when the cell starts with a label; "Course:" and "CAPCE #" too."""
    head, colon, rest = cell.partition(":")
    if colon:
        folded = fold(head)
        for label, names in _labels():
            if folded == label:
                return names, head.strip(), rest.strip()
        name = _keyword_field(folded)
        return ((name,), head.strip(), rest.strip()) if name else None
    tokens = cell.split()
    for size in range(min(len(tokens), 6), 0, -1):
        folded = fold(" ".join(tokens[:size]))
        for label, names in _labels():
            if folded == label:
                rest = " ".join(tokens[size:])
                if size == len(tokens) or any(_looks_like_value(name, rest) for name in names):
                    return names, " ".join(tokens[:size]), rest
    return None


def _keyword_field(folded: str) -> str | None:
    """The field of a label not in the lists, by its key words ("CE Hours Awarded" -> hours); a label
    naming a provider's or a person's number is none."""
    label_words = set(folded.split())
    if not label_words or len(label_words) > 6:
        return None
    keywords = words()["keywords"]
    for name in keywords["order"]:
        if label_words & {fold(w) for w in keywords[name]}:
            if name == "approval" and any(fold(w) in folded for w in words()["not_approval"]["labels"]):
                return None
            return name
    return None


def _looks_like_value(name: str, rest: str) -> bool:
    """Without a colon, "Course Number 26-ABC-F3-0001" is a label and value; "Course in pediatric care" is not."""
    if name == "date":
        return bool(find_dates(rest))
    if name == "hours":
        return bool(re.fullmatch(NUMBER + r"\s*\S*", rest.strip()))
    if name == "approval":
        return bool(re.search(r"\d{3}", rest))
    return False


def _labelled(lines: list[Line]) -> list[Labelled]:
    """Every label on the page with its value: the rest of its cell, else the next cell, else the line below."""
    found = []
    for index, line in enumerate(lines):
        cells = line.cells
        for position, cell in enumerate(cells):
            match = _label_of(cell)
            if match is None:
                continue
            names, label, value = match
            shown = cell
            if not value and position + 1 < len(cells) and _label_of(cells[position + 1]) is None:
                value = cells[position + 1]
                shown = f"{cell} {value}"
            elif not value and len(cells) == 1 and index + 1 < len(lines):
                below = lines[index + 1]
                if _label_of(below.cells[0]) is None:
                    value = below.text
                    shown = f"{cell} {value}"
            found += [Labelled(name, label, value.strip(), shown.strip(), index) for name in names]
    return found


def _excluded_date(text: str) -> bool:
    folded = fold(text)
    return any(re.search(rf"\b{fold(w)}\b", folded) for w in words()["not_completion_date"]["words"])


# --- one page -------------------------------------------------------------------------------------


def read_page(page: PageText) -> Certificate | None:
    """The certificate on a page, or None when the page shows no course (no hours, number, title or table)."""
    if page.scan:
        return Certificate(page.number, [_blank_row(page.number)], kind="scan", notes=["certificate-scan"])
    lines = page.lines
    labelled = _labelled(lines)
    common = {
        "attendee": _attendee(lines, labelled, page.number),
        "provider": _provider(lines, labelled, page.number),
    }
    table = _sessions(lines, page.number)
    if table:
        day = _date(lines, labelled, page.number, skip=set(table[1]))
        rows = []
        delivery = _delivery(labelled, page.number)
        for session in table[0]:
            if not session["date"].value:
                session["date"] = day
            if not session["delivery"].value:
                session["delivery"] = delivery
            rows.append(session | common)
        return Certificate(page.number, rows, kind="sessions")
    row: Row = {
        "date": _date(lines, labelled, page.number),
        "title": _title(lines, labelled, page.number, common),
        "hours": _hours(lines, labelled, page.number),
        "approval": _approval(lines, labelled, page.number),
        "delivery": _delivery(labelled, page.number),
        **common,
    }
    if not (row["hours"].value or row["hours"].suggestion or row["approval"].value or _phrase_line(lines, "title")):
        return None
    return Certificate(page.number, [row])


def _blank_row(page: int) -> Row:
    return {name: Field(page=page) for name in FIELDS}


def _date(lines: list[Line], labelled: list[Labelled], page: int, skip: set[int] | None = None) -> Field:
    """The completion date: under a completion label first (in the labels' order), else the page's one date."""
    order = {fold(label): rank for rank, label in enumerate(words()["labels"]["date"])}
    candidates = []
    for item in labelled:
        if item.name != "date" or _excluded_date(item.label):
            continue
        dates = find_dates(item.value)
        if dates:
            last = max(dates)  # "03/12/2026 - 03/14/2026": completed on the last day
            candidates.append((order.get(fold(item.label), 99), last[0], item.words))
    if candidates:
        _, completed, shown = min(candidates, key=lambda c: c[0])
        return Field(completed.isoformat(), shown, page)
    loose: dict[date, str] = {}
    for index, line in enumerate(lines):
        if skip and index in skip:
            continue
        for cell in line.cells:
            if _excluded_date(cell):
                continue
            for day, _ in find_dates(cell):
                loose.setdefault(day, cell)
    if len(loose) == 1:
        ((only, shown),) = loose.items()
        return Field(only.isoformat(), shown, page)
    if loose:  # several dates and none labelled: which is the completion is not guessed
        latest = max(loose)
        return Field("", "; ".join(loose.values()), page, suggestion=latest.isoformat(), note="certificate-date-unsure")
    return Field(page=page)


def _hours(lines: list[Line], labelled: list[Labelled], page: int) -> Field:
    """Hours as certificates write them; a reading that could be two things is a suggestion, not a value."""
    readings: list[tuple[Decimal, str, str]] = []
    for item in labelled:
        if item.name != "hours":
            continue
        found = find_hours(item.value)
        if found:
            readings += [(n, kind, item.words) for n, kind, _ in found]
            continue
        bare = re.fullmatch(NUMBER, item.value.strip())
        kinds = {fold(u): k for k in ("hours", "minutes", "ceu", "unsure") for u in words()["units"][k]}
        kind = kinds.get(fold(item.label), "hours" if "hour" in fold(item.label) else "unsure")
        number = _number(bare.group(1), minutes=kind == "minutes") if bare else None
        if number is not None:
            readings.append((number, kind, item.words))
    if not readings:
        for line in lines:
            readings += [(n, kind, line.text) for n, kind, _ in find_hours(line.text)]
    if not readings:
        return Field(page=page)
    iacet = any(fold(w) in fold(" ".join(line.text for line in lines)) for w in words()["units"]["iacet"])
    sure = {n: shown for n, kind, shown in readings if kind in ("hours", "minutes")}
    if len(sure) == 1:
        ((number, shown),) = sure.items()
        return Field(number_text(number), shown, page)
    if len(sure) > 1:
        return Field(
            "", "; ".join(dict.fromkeys(sure.values())), page, number_text(max(sure)), "certificate-hours-unsure"
        )
    ceu = {n: shown for n, kind, shown in readings if kind == "ceu"}
    if len(ceu) == 1 and not iacet and next(iter(ceu)) >= Decimal("0.5"):
        ((number, shown),) = ceu.items()
        return Field(number_text(number), shown, page, note="certificate-ceu")
    number, kind, shown = readings[0]
    if kind == "ceu" and iacet:  # an IACET CEU is ten contact hours: offered, not taken
        number = number * 10
    return Field("", shown, page, suggestion=number_text(number), note="certificate-hours-unsure")


def _approval(lines: list[Line], labelled: list[Labelled], page: int) -> Field:
    """A CAPCE or OEMS number by its shape (labelled ones first), else an older number under an approval label."""
    not_approval = [fold(w) for w in words()["not_approval"]["labels"]]
    usable = [
        item
        for item in labelled
        if item.name in ("approval", "title") and not any(w in fold(item.label) for w in not_approval)
    ]
    for item in usable:
        found = find_approvals(item.value)
        if found:
            return Field(printed(found[0][1]), item.words, page)
    for line in lines:
        for cell in line.cells:
            found = find_approvals(cell)
            if found and not any(w in fold(cell.split(found[0][1])[0]) for w in not_approval):
                return Field(printed(found[0][1]), cell, page)
    for item in usable:
        if item.name != "approval" or not item.value:
            continue
        approval = parse_approval(item.value)
        if isinstance(approval, Approval):
            return Field(printed_older(item.value, approval), item.words, page)
    return Field(page=page)


def _is_heading(text: str) -> bool:
    heading = {fold(w) for w in words()["page"]["heading"]}
    return all(w in heading for w in fold(text).split())


def _clean(text: str) -> str:
    return text.strip().strip("“”\"'‘’:,;-–— ").strip()


def _phrase_line(lines: list[Line], kind: str) -> tuple[int, str] | None:
    """The first line holding one of the kind's sentences: its index and the text after the sentence."""
    for index, line in enumerate(lines):
        text = line.text
        folded = fold(text)
        for phrase in _phrases(kind):
            found = re.search(rf"(?:^|\s){re.escape(phrase)}(?:\s|$)", folded)
            if found:
                # the words after the phrase, in the line's own spelling: skip as many words as it has
                before = len(folded[: found.end()].split())
                rest_words = _words_after(text, before)
                return index, rest_words
    return None


def _words_after(text: str, count: int) -> str:
    """The text after its first `count` folded words."""
    tokens = list(re.finditer(r"[A-Za-z0-9#]+", text))
    seen = 0
    for token in tokens:
        seen += len(fold(token.group()).split()) or 0
        if seen >= count:
            return text[token.end() :]
    return ""


def _next_text(lines: list[Line], index: int, avoid: set[str]) -> tuple[str, str]:
    """The line after `index` that is not a heading, a label or a phrase: (its text, the words shown)."""
    for line in lines[index + 1 : index + 4]:
        text = _clean(line.text)
        if not text or _is_heading(text) or _label_of(line.cells[0]) is not None or text in avoid:
            continue
        if find_dates(text) and len(text) < 40:
            return "", ""
        return text, line.text
    return "", ""


def _title(lines: list[Line], labelled: list[Labelled], page: int, common: Row) -> Field:
    avoid = {common["attendee"].value, common["provider"].value}
    for item in labelled:
        if (
            item.name == "title"
            and item.value
            and not find_approvals(item.value)
            and not find_dates(item.value)
            and (not re.fullmatch(NUMBER + r".*", item.value) or re.search(r"[A-Za-z]{4}", item.value))
        ):
            return Field(_clean(item.value), item.words, page)
    found = _phrase_line(lines, "title")
    if found:
        index, rest = found
        rest = _clean(_strip_trailing(rest))
        filler = {fold(w) for w in words()["phrases"]["title_filler"]}
        if any(w not in filler for w in fold(rest).split()):
            return Field(rest, lines[index].text, page)
        text, shown = _next_text(lines, index, avoid)
        if text:
            title, shown = _wrapped(lines, index, text, shown)
            return Field(_clean(_strip_trailing(title)), f"{lines[index].text} {shown}", page)
    return Field(page=page)


def _wrapped(lines: list[Line], index: int, text: str, shown: str) -> tuple[str, str]:
    """A title set on two lines of the same size (wrapped) is one title."""
    at = next(i for i in range(index + 1, len(lines)) if lines[i].text == shown)
    if at + 1 < len(lines):
        line, after = lines[at], lines[at + 1]
        close = line.y - after.y <= 1.6 * line.size and abs(after.size - line.size) < 0.5
        if (
            close
            and _label_of(after.cells[0]) is None
            and not _phrase_line([after], "title")
            and not find_dates(after.text)
            and not find_hours(after.text)
            and not find_approvals(after.text)
            and not _phrase_line([after], "provider")
        ):
            return f"{text} {_clean(after.text)}", f"{shown} {after.text}"
    return text, shown


def _strip_trailing(text: str) -> str:
    """A title's sentence goes on ("… on March 14, 2026", "… for 2 contact hours"): the title ends before."""
    for cut in (r"\s+on\s+" + DATE_IN_TEXT.pattern, r"\s+\(?" + NUMBER + r"\s*(?:contact|ceh|hours?|ceus?)\b"):
        text = re.split(cut, text, maxsplit=1, flags=re.IGNORECASE)[0]
    return text


def _before_phrase(text: str, kind: str) -> str:
    """The text up to the first of the kind's sentences in it ("Jordan Rivera for completing" -> "Jordan Rivera")."""
    for phrase in _phrases(kind):
        pattern = r"\s+".join(re.escape(w) for w in phrase.split())
        text = re.split(rf"(?:^|\s){pattern}(?:\s|$)", text, maxsplit=1, flags=re.IGNORECASE)[0]
    return text


def _attendee(lines: list[Line], labelled: list[Labelled], page: int) -> Field:
    for item in labelled:
        if item.name == "attendee" and item.value and not re.search(r"\d", item.value):
            return Field(_clean(item.value), item.words, page)
    found = _phrase_line(lines, "attendee")
    if found:
        index, rest = found
        rest = _clean(_before_phrase(rest, "title"))
        if rest and re.search(r"[A-Za-z]{2,}", rest):
            return Field(rest, lines[index].text, page)
        text, shown = _next_text(lines, index, set())
        if text and not re.search(r"\d", text):
            return Field(text, f"{lines[index].text} {shown}", page)
    return Field(page=page)


def _provider(lines: list[Line], labelled: list[Labelled], page: int) -> Field:
    for item in labelled:
        if item.name == "provider" and item.value:
            return Field(
                _clean(re.split(r"\s+(?:capce|provider)\s*(?:#|id|number)", item.value, flags=re.I)[0]),
                item.words,
                page,
            )
    found = _phrase_line(lines, "provider")
    if found:
        index, rest = found
        if _clean(rest):
            return Field(_clean(rest), lines[index].text, page)
    return Field(page=page)


def _delivery(labelled: list[Labelled], page: int) -> Field:
    for item in labelled:
        if item.name == "delivery" and item.value and parse_delivery(item.value) is not None:
            return Field(_clean(item.value), item.words, page)
    return Field(page=page)


# --- a table of sessions (a conference) ------------------------------------------------------------


def _table_column(cell: str) -> str | None:
    folded = fold(cell)
    for name, headers in _table_headers():
        if folded in headers:
            return name
    return None


@cache
def _table_headers() -> list[tuple[str, frozenset[str]]]:
    """Each column of a table of sessions with its headers, folded (in words.toml's order)."""
    table = words()["table"]
    return [(name, frozenset(fold(h) for h in headers)) for name, headers in table.items() if name != "total"]


def _sessions(lines: list[Line], page: int) -> tuple[list[Row], list[int]] | None:
    """A table of sessions: its header (three or more columns, a title and hours or a number), then a row a
    line until a total or the table's end. The rows, and the lines they took."""
    for index, line in enumerate(lines):
        columns = [_table_column(c) for c in line.cells]
        named = {c for c in columns if c}
        if len(named) < 3 or "title" not in named or not named & {"hours", "approval"}:
            continue
        header = [(x, name, text) for x, name, text in zip(line.starts, columns, line.cells, strict=True) if name]
        rows: list[Row] = []
        used = [index]
        for at in range(index + 1, len(lines)):
            row_line = lines[at]
            if fold(row_line.cells[0]).split()[:1] and fold(row_line.cells[0]).split()[0] in {
                fold(t) for t in words()["table"]["total"]
            }:
                used.append(at)
                break
            cells = _by_column(row_line, header)
            if len(row_line.cells) == 1 and rows and set(cells) == {"title"}:  # a title wrapped onto a second line
                rows[-1]["title"].value += " " + row_line.cells[0]
                rows[-1]["title"].words += " " + row_line.text
                used.append(at)
                continue
            if len(row_line.cells) < 2 or "title" not in cells:
                break
            rows.append(_session(cells, row_line.text, page, {n: t for _, n, t in header}))
            used.append(at)
        for row in rows:
            row["title"].value = _clean(row["title"].value)
        if rows:
            return rows, used
    return None


def _by_column(line: Line, header: list[tuple[float, str, str]]) -> dict[str, str]:
    """Each cell under the header cell that begins nearest to its left (right-aligned numbers a little right)."""
    cells: dict[str, str] = {}
    for x, text in zip(line.starts, line.cells, strict=True):
        left = [h for h in header if h[0] <= x + 1.5 * line.size]
        name = (max(left, key=lambda h: h[0]) if left else header[0])[1]
        cells[name] = (cells.get(name, "") + " " + text).strip()
    return cells


def _unit_of(header: str) -> str:
    """What a bare number under this header is: hours (also when the header does not say), minutes, ceu, unsure."""
    kinds = {fold(u): k for k in ("hours", "minutes", "ceu", "unsure") for u in words()["units"][k]}
    return kinds.get(fold(header), "hours")


def _session(cells: dict[str, str], shown: str, page: int, headers: dict[str, str]) -> Row:
    row = _blank_row(page)
    row["title"] = Field(cells.get("title", "").strip(), shown, page)
    dates = find_dates(cells.get("date", ""))
    if dates:
        row["date"] = Field(max(dates)[0].isoformat(), shown, page)
    if "hours" in cells:
        found = find_hours(cells["hours"])
        bare = re.fullmatch(NUMBER, cells["hours"].strip())
        if found and found[0][1] in ("hours", "minutes"):
            row["hours"] = Field(number_text(found[0][0]), shown, page)
        elif bare and (number := _number(bare.group(1), minutes=_unit_of(headers.get("hours", "")) == "minutes")):
            kind = _unit_of(headers.get("hours", ""))
            if kind in ("hours", "minutes"):
                row["hours"] = Field(number_text(number), shown, page)
            elif kind == "ceu" and number >= Decimal("0.5"):
                row["hours"] = Field(number_text(number), shown, page, note="certificate-ceu")
            else:
                row["hours"] = Field("", shown, page, number_text(number), "certificate-hours-unsure")
        elif found:
            row["hours"] = Field("", shown, page, number_text(found[0][0]), "certificate-hours-unsure")
    if "approval" in cells:
        approval = parse_approval(cells["approval"])
        if isinstance(approval, Approval):
            row["approval"] = Field(printed_older(cells["approval"], approval), shown, page)
    if "delivery" in cells and parse_delivery(cells["delivery"]) is not None:
        row["delivery"] = Field(cells["delivery"], shown, page)
    return row
