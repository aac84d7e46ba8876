"""Completion dates: every way exports write them, and the order of a numeric date's parts decided
for the whole column, never cell by cell.

A date such as 03/04/2025 is March 4 month first and 3 April day first. As dateutil and pandas
treat it, the order is a property of the column: one value that fits only one order (19/03/2025)
settles it for all of them; a column with values that fit only one order each way is inconsistent,
and its cells that could be read either way are refused rather than guessed. A column no cell
settles is read as the file hints (dotted dates, decimal commas or semicolons are European) or as
the reader's own locale says, and the report says so, with the other order one tap away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ..patterns import regex
from ..problems import Problem, say

MAX_CELL = 200  # longer cells are not dates
FIRST_YEAR, LAST_YEAR = 1970, 2100  # outside these, a date is a typo
MONTH_FIRST, DAY_FIRST = "month", "day"

MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january", "janv", "jän"),
            ("feb", "february", "febr", "fev", "févr"),
            ("mar", "march", "mars", "mär", "märz"),
            ("apr", "april", "avr", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin"),
            ("jul", "july", "juil", "juillet"),
            ("aug", "august", "aout", "août"),
            ("sep", "sept", "september"),
            ("oct", "october", "okt"),
            ("nov", "november"),
            ("dec", "december", "dez", "déc"),
        ),
        1,
    )
    for m in names
}
MONTH = r"([^\W\d_]{3,9})\.?"
DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# A time of day after the date, as exports write it: "12:00:00 AM", "T14:30:00Z", ", 02:30 PM", " at 9:15".
TIME = regex(
    r"(?:(?:,|\s+at|@)?\s*|T)\d{1,2}(?::\d{2}){1,2}(?:\.\d{1,9})?\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}|\(?[A-Z]{2,5}\)?)?\s*$|(?<=\d)Z$"
)
# A session's times after its date: "6:00 PM - 9:00 PM", "18:00–20:00", ", 7-9pm" (a range, so a lone
# number after a date is never taken for a time).
TIME_RANGE = regex(
    r"(?<=\d)(?:,|\s+at|@)?\s+\d{1,2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:-|–|—|to)\s*"
    r"\d{1,2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:\(?[A-Z]{2,5}\)?)?\s*$"
)
WEEKDAYS = {name: n for n, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
WEEKDAY = regex(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
# Forms that read one way only: (pattern, order of the parts).
FIXED = (
    (regex(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (regex(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})"), ("y", "m", "d")),
    (regex(r"(\d{4})(\d{2})(\d{2})"), ("y", "m", "d")),
    (regex(r"(\d{4})[\s/-]+" + MONTH + r"[\s/-]+" + DAY), ("y", "mon", "d")),  # 2025 Apr 18
    (regex(MONTH + r"[\s/.-]+" + DAY + r",?[\s/.-]+(\d{4})"), ("mon", "d", "y")),  # Mar 19, 2025
    (regex(DAY + r"(?:\s+of)?[\s/.-]+" + MONTH + r",?[\s/.-]+(\d{4})"), ("d", "mon", "y")),  # 19-Mar-2025
    (regex(DAY + r"[\s/.-]+" + MONTH + r"[\s/.-]+(\d{2})"), ("d", "mon", "yy")),  # 4-Mar-25
)
# Numeric forms whose order the column decides: (pattern, the hint its separator gives).
NUMERIC = regex(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
SERIAL = regex(r"(\d{5})(?:\.\d+)?")
SERIAL_RANGE = (25569, 73051)  # spreadsheet date numbers from 1970 to 2100 (1900 system)
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True, slots=True)
class DateCell:
    """What one date cell can be: a date that reads one way only (`fixed`), or a numeric date read
    month first and day first (None where that order is impossible), or a spreadsheet serial."""

    fixed: date | None = None
    month_first: date | None = None
    day_first: date | None = None
    dotted: bool = False  # 03.04.2025: a European way of writing, a hint for the column
    serial: date | None = None  # 45735 in a date column: a spreadsheet's date number
    year_out: int | None = None  # a year that cannot be a course's

    @property
    def evidence(self) -> str:
        """Which order this cell settles: MONTH_FIRST, DAY_FIRST, "either" or "" (it says nothing)."""
        if self.fixed or (self.month_first is None and self.day_first is None):
            return ""
        if self.day_first is None:
            return MONTH_FIRST
        if self.month_first is None:
            return DAY_FIRST
        return "either" if self.month_first != self.day_first else ""

    @property
    def is_date(self) -> bool:
        return bool(self.fixed or self.month_first or self.day_first)


def _bare(text: str) -> str:
    text = TIME_RANGE.sub("", text[:MAX_CELL].strip())
    return WEEKDAY.sub("", TIME.sub("", text)).strip().rstrip(",").strip()


@lru_cache(maxsize=8192)
def date_cell(text: str) -> DateCell:
    """Every reading of a date cell."""
    bare = _bare(text)
    if not bare:
        return DateCell()
    match = NUMERIC.fullmatch(bare)
    if match:
        first, separator, second, year_text = match.groups()
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return DateCell(year_out=year)
        month_first, day_first = _day(year, int(first), int(second)), _day(year, int(second), int(first))
        if month_first and day_first and month_first != day_first:
            # "Mon 06/01/2025": the weekday it names is one order's only (6 January 2025 was a Monday, 1 June a Sunday)
            weekday = WEEKDAYS.get(text.strip()[:3].lower()) if WEEKDAY.match(text.strip()) else None
            fits = [d for d in (month_first, day_first) if d.weekday() == weekday]
            if len(fits) == 1:
                month_first, day_first = (fits[0], None) if fits[0] is month_first else (None, fits[0])
        return DateCell(month_first=month_first, day_first=day_first, dotted=separator == ".")
    for pattern, order in FIXED:
        match = pattern.fullmatch(bare)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = MONTHS.get(parts["mon"].lower()) if "mon" in parts else int(parts["m"])
        if month is None:
            continue
        year = int(parts["y"]) if "y" in parts else 2000 + int(parts["yy"])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return DateCell(year_out=year)
        return DateCell(fixed=_day(year, month, int(parts["d"])))
    serial = SERIAL.fullmatch(bare)
    if serial and SERIAL_RANGE[0] <= int(serial[1]) < SERIAL_RANGE[1]:
        return DateCell(serial=EXCEL_EPOCH + timedelta(days=int(serial[1])))
    return DateCell()


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass
class DateOrder:
    """A date column's cells tallied: how many settle each order, and what the file hints."""

    month_only: int = 0
    day_only: int = 0
    either: int = 0
    dotted: int = 0
    serials: int = 0
    dated: int = 0  # cells that are a date some way
    first_month_only: str = ""  # an example of each, for the report's note
    first_day_only: str = ""
    first_either: str = ""

    def add(self, text: str) -> None:
        cell = date_cell(text)
        evidence = cell.evidence
        if evidence == MONTH_FIRST:
            self.month_only += 1
            self.first_month_only = self.first_month_only or text.strip()
        elif evidence == DAY_FIRST:
            self.day_only += 1
            self.first_day_only = self.first_day_only or text.strip()
        elif evidence == "either":
            self.either += 1
            self.first_either = self.first_either or text.strip()
        self.dotted += cell.dotted
        self.serials += cell.serial is not None
        self.dated += cell.is_date or cell.serial is not None


@dataclass(frozen=True)
class Decision:
    """The order a date column is read in, and why: "user" (the user chose), "cells" (a cell that fits
    one order only), "mixed" (cells that fit only one order each way: the either-way cells are refused),
    "hint" (the file's dotted dates, decimal commas or semicolons), "locale" (the reader's own), or ""
    (no cell could be read two ways: nothing to say). `serials`: the column's bare numbers are
    spreadsheet date numbers."""

    order: str
    why: str
    serials: bool = False


def decide_order(tally: DateOrder, chosen: str, hinted: bool, assumed: str) -> Decision:
    """The order for a whole column (`chosen`: the user's, `hinted`: the file writes as Europe does,
    `assumed`: the reader's locale's)."""
    serials = tally.serials > 0 and tally.serials * 2 >= tally.dated
    if chosen:
        return Decision(chosen, "user", serials)
    if tally.month_only and tally.day_only:  # the larger side, or on a tie what the file hints
        few, many = sorted((tally.month_only, tally.day_only))
        if few == 1 < many or few * 3 <= many:
            # one date (or a few) against the rest is a slip, not a second way of writing: the column is
            # read the way most of it is, and the others are refused as not dates in that order
            return Decision(MONTH_FIRST if tally.month_only > tally.day_only else DAY_FIRST, "cells", serials)
        if tally.month_only != tally.day_only:
            return Decision(MONTH_FIRST if tally.month_only > tally.day_only else DAY_FIRST, "mixed", serials)
        hint = tally.dotted * 2 > tally.month_only + tally.day_only + tally.either or hinted
        return Decision(DAY_FIRST if hint else assumed, "mixed", serials)
    if tally.month_only:
        return Decision(MONTH_FIRST, "cells", serials)
    if tally.day_only:
        return Decision(DAY_FIRST, "cells", serials)
    if not tally.either:
        return Decision(assumed, "", serials)
    if tally.dotted * 2 > tally.either or hinted:
        return Decision(DAY_FIRST, "hint", serials)
    return Decision(assumed, "locale", serials)


def read_date(text: str, decision: Decision | None = None) -> tuple[date | None, Problem | None]:
    """The date in a cell, read in its column's order (month first when no decision is given)."""
    order = decision.order if decision else MONTH_FIRST
    return _read(text, order, decision.why if decision else "", bool(decision and decision.serials))


@lru_cache(maxsize=8192)
def _read(text: str, order: str, why: str, serials: bool) -> tuple[date | None, Problem | None]:
    if not text.strip():
        return None, say("no-date")
    cell = date_cell(text)
    if cell.fixed:
        return cell.fixed, None
    if cell.year_out is not None:
        return None, say("bad-date", "year", text=_short(text), year=cell.year_out)
    if cell.serial is not None:
        if serials:
            return cell.serial, None
        return None, say("bad-date", "serial", text=_short(text))
    if cell.evidence == "either" and why == "mixed":
        return None, say("date-order-unknown", text=_short(text))
    value = cell.month_first if order == MONTH_FIRST else cell.day_first
    if value is not None:
        return value, None
    if cell.month_first or cell.day_first:
        if order == MONTH_FIRST:
            return None, say("bad-date", "month-first", text=_short(text))
        return None, say("bad-date", "day-first", text=_short(text))
    return None, say("bad-date", text=_short(text))


# A date written inside words ("Completed on 3/19/2025", "Passed (2025-03-19)", "done Mar 19, 2025"):
# the forms above, found anywhere between word boundaries rather than filling the cell.
WITHIN = regex(
    r"(?<![\w/.-])(?:\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})|\d{4}([/.-])\d{1,2}\2\d{1,2}"
    r"|[^\W\d_]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?[\s-]+[^\W\d_]{3,9}\.?,?[\s-]+\d{4})"
    r"(?![\w/.-]*\d)"
)


@lru_cache(maxsize=4096)
def date_within(text: str) -> str:
    """The one date written inside a cell of words, as written ("Completed on 3/19/2025" -> "3/19/2025"),
    or "" when the cell holds no date, is a date and nothing else, or holds two dates (which one is the
    completion date cannot be told)."""
    found = [m.group() for m in WITHIN.finditer(text[:MAX_CELL]) if date_cell(m.group()).is_date]
    if len(found) != 1 or found[0] == text.strip():
        return ""
    return found[0]


def looks_like_a_date(text: str) -> bool:
    """The cell is a date some way (for the cells' vote on what a column is)."""
    cell = date_cell(text)
    return cell.is_date or cell.serial is not None


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Territories whose people write the month first (03/04/2025 is March 4); every other writes the day
# first. A locale we cannot read is taken as the United States' (this is a Massachusetts checker).
MONTH_FIRST_TERRITORIES = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI", "CA"})


def order_of_locale(name: str) -> str:
    """MONTH_FIRST or DAY_FIRST for a locale name ("en_GB.UTF-8", "fr-CA", "C")."""
    parts = re.split(r"[-_.@]", name.strip())
    territory = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
    if not territory:
        return MONTH_FIRST if parts[0].lower() in ("", "c", "posix", "en") else DAY_FIRST
    return MONTH_FIRST if territory in MONTH_FIRST_TERRITORIES else DAY_FIRST
