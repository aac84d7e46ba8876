"""Reading a continuing-education transcript (CSV) into courses.

Files come from Excel and web exports: UTF-8 with or without a byte-order mark,
UTF-16 ("Unicode text"), Windows-1252, CRLF, comma, semicolon or tab delimiters,
quoted fields, trailing empty rows. A file that cannot be read at all raises
`TranscriptError`; a row with a bad cell becomes a `Course` carrying its
`Problem`s, so that every row of the file is accounted for in the report.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .problems import Problem


class TranscriptError(Exception):
    """The file as a whole cannot be used. The message is meant for the user."""


# Header names, compared after lower-casing and folding spaces, dashes and underscores.
COLUMNS = {
    "date": ("date", "date completed", "completion date", "completed", "course date", "date of course"),
    "title": ("title", "course", "course title", "course name", "name", "description"),
    "hours": ("hours", "credit hours", "ce hours", "credits", "hours awarded", "ceh", "ceus"),
    "approval": (
        "approval", "approval number", "approval #", "approval no", "course number", "course #",
        "capce number", "capce #", "oems number", "oems #", "course id",
    ),
    "component": ("component", "category", "requirement", "nccp component", "credit type"),
    "topic": ("topic", "national topic", "nccr topic", "topic area"),
    "delivery": ("delivery", "delivery method", "format", "method", "type"),
}
REQUIRED = ("date", "title", "hours", "approval", "component")

COMPONENT_WORDS = {
    "national": {"national", "nccr", "n", "ncc"},
    "local": {"local", "lccr", "l", "state"},
    "individual": {"individual", "iccr", "i"},
}
TOPIC_WORDS = {
    "airway": {"airway", "respiration", "ventilation", "respiratory", "arv"},
    "cardiology": {"cardiology", "cardiovascular", "cardiac", "cardio"},
    "trauma": {"trauma"},
    "medical": {"medical"},
    "operations": {"operations", "ops", "operational"},
}
DELIVERY_WORDS = {
    False: {"in person", "inperson", "live", "classroom", "class", "virtual live", "live virtual", "vilt",
            "instructor led", "hands on", "lab", "skills"},
    True: {"distributive", "de", "online", "on line", "self paced", "selfpaced", "on demand", "recorded",
           "web based", "asynchronous"},
}
FILLER_WORDS = {"and", "the", "of", "a"}

DATE_FORMATS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), ("m", "d", "y")),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2})"), ("m", "d", "yy")),
)
TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?[AaPp][Mm])?$")
HOURS_UNIT = re.compile(r"\s*(h|hr|hrs|hour|hours)\.?$", re.IGNORECASE)
DECIMAL_COMMA = re.compile(r"\d+,\d+")


@dataclass
class Course:
    """One row of the transcript: what it says, and what is wrong with it."""

    line: int  # as a spreadsheet numbers it: header 1, first course 2
    raw: dict[str, str]  # the cells we read, by field name
    cells: list[str] = field(default_factory=list)  # every cell of the row, as in the file
    date: date | None = None
    hours: Decimal | None = None
    component: str | None = None  # national, local, individual, or None for an elective
    topic: str | None = None
    distributive: bool | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.raw.get("title", "")

    @property
    def approval(self) -> str:
        return self.raw.get("approval", "")

    @property
    def rejected(self) -> bool:
        return any(p.effect in ("reject", "unverified") for p in self.problems)


@dataclass
class Transcript:
    courses: list[Course]
    header: list[str]
    blank_lines: list[int]
    encoding: str
    delimiter: str
    columns: dict[str, str]  # field name -> header as written in the file
    ignored_columns: list[str]


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the name of its encoding; TranscriptError if it is not text."""
    if not data.strip(b"\r\n\t \x00\xef\xbb\xbf\xff\xfe"):
        raise TranscriptError("The file is empty.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise TranscriptError("The file says it is UTF-16 text but is not.") from None
    if b"\x00" in data[:4096]:
        raise TranscriptError(
            "This is not a CSV file (it contains binary data). "
            "In Excel, use File > Save As > CSV (Comma delimited)."
        )
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        raise TranscriptError(
            "The file's text encoding is not UTF-8 or Windows-1252. Save it from your spreadsheet as CSV UTF-8."
        ) from None


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[\s_\-.:]+", " ", text).lower().split())


def _sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the one of , ; tab that splits it most (outside quotes)."""
    for line in text.splitlines():
        if line.strip(" \t,;"):
            unquoted = re.sub(r'"[^"]*"', "", line)
            return max((",", ";", "\t"), key=unquoted.count)
    return ","


def read_transcript(data: bytes) -> Transcript:
    """Parse a transcript file. Rows are checked cell by cell; the window and rules come later."""
    text, encoding = decode(data)
    delimiter = _sniff_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise TranscriptError(f"The file is not valid CSV: {error}.") from None

    header_index = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_index is None:
        raise TranscriptError("The file is empty.")
    header = records[header_index]
    columns: dict[str, int] = {}
    names: dict[str, str] = {}
    ignored = []
    synonyms = {_fold(s): name for name, words in COLUMNS.items() for s in words}
    for position, cell in enumerate(header):
        name = synonyms.get(_fold(cell))
        if name and name not in columns:
            columns[name] = position
            names[name] = cell.strip()
        elif cell.strip():
            ignored.append(cell.strip())
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        found = ", ".join(repr(c.strip()) for c in header if c.strip()) or "none"
        wanted = "; ".join(f"{m} (a header such as “{COLUMNS[m][0].title()}” or “{COLUMNS[m][1].title()}”)"
                           for m in missing)
        raise TranscriptError(f"Missing column: {wanted}. Columns found: {found}.")

    courses, blank = [], []
    for index in range(header_index + 1, len(records)):
        record = records[index]
        line = index + 1
        if not any(cell.strip() for cell in record):
            blank.append(line)
            continue
        raw = {name: record[pos].strip() if pos < len(record) else "" for name, pos in columns.items()}
        courses.append(_read_course(line, raw, record))
    return Transcript(courses, [c.strip() for c in header], blank, encoding, delimiter, names, ignored)


def _read_course(line: int, raw: dict[str, str], cells: list[str]) -> Course:
    course = Course(line=line, raw=raw, cells=cells)
    course.date = _parse_date(raw["date"], course.problems)
    course.hours = _parse_hours(raw["hours"], course.problems)
    course.component = _parse_component(raw["component"], course.problems)
    topic = raw.get("topic", "")
    if topic:
        course.topic = _topic_of(topic)
        if course.topic is None:
            course.problems.append(
                Problem("unknown-topic", f"Topic “{topic}” is not one of the national topics; "
                        "it is not counted toward topic hours.")
            )
    return course


def _parse_date(text: str, problems: list[Problem]) -> date | None:
    when, problem = _date_of(text)
    if problem:
        problems.append(problem)
    return when


@lru_cache(maxsize=4096)  # a transcript repeats its dates: parse each text once
def _date_of(text: str) -> tuple[date | None, Problem | None]:
    if not text:
        return None, Problem("no-date", "No completion date.")
    bare = TIME_SUFFIX.sub("", text.strip())
    for pattern, order in DATE_FORMATS:
        match = pattern.fullmatch(bare)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            year = parts.get("y") or 2000 + parts["yy"]
            try:
                return date(year, parts["m"], parts["d"]), None
            except ValueError:
                break
    return None, Problem("bad-date", f"Date “{text}” is not a date (use YYYY-MM-DD or MM/DD/YYYY).")


def _parse_hours(text: str, problems: list[Problem]) -> Decimal | None:
    hours, problem = _hours_of(text)
    if problem:
        problems.append(problem)
    return hours


@lru_cache(maxsize=4096)  # hours repeat as dates do: parse each text once
def _hours_of(text: str) -> tuple[Decimal | None, Problem | None]:
    if not text:
        return None, Problem("no-hours", "No hours.")
    bare = HOURS_UNIT.sub("", text.strip())
    if DECIMAL_COMMA.fullmatch(bare):  # a decimal comma, as European Excel writes it
        bare = bare.replace(",", ".")
    try:
        hours = Decimal(bare)
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite():
        return None, Problem("bad-hours", f"Hours “{text}” is not a number.")
    if hours <= 0:
        return None, Problem("non-positive-hours", f"Hours must be more than 0 (found {text}).")
    return hours, None


@lru_cache(maxsize=1024)
def _component_of(text: str) -> str | None:
    return _match_words(text, COMPONENT_WORDS)


@lru_cache(maxsize=1024)
def _topic_of(text: str) -> str | None:
    return _match_words(text, TOPIC_WORDS)


def _match_words(text: str, vocabulary: dict[str, set[str]]) -> str | None:
    """The one key whose words cover every word of `text` ("National (NCCR)" -> national)."""
    words = set(re.findall(r"[a-z]+", text.lower())) - FILLER_WORDS
    matches = [key for key, known in vocabulary.items() if words and words <= known]
    return matches[0] if len(matches) == 1 else None


def _parse_component(text: str, problems: list[Problem]) -> str | None:
    if not text:
        return None
    component = _component_of(text)
    if component is None:
        problems.append(
            Problem("bad-component", f"Component “{text}” is not National, Local or Individual "
                    "(leave it blank to let the checker place the course).")
        )
    return component


def parse_delivery(text: str) -> bool | None:
    """True for distributive, False for live, None when the words say neither."""
    folded = _fold(text)
    for distributive, words in DELIVERY_WORDS.items():
        if folded in words:
            return distributive
    return None
