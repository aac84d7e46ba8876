"""Finding the header row and deciding which column is which field.

The header is found, not assumed (as messytables guesses headers): the first rows are scanned and
the row naming the most known columns wins, so title rows, blank rows and the page title the
NREMT export puts above its header are passed over. Header names are compared folded (case,
spacing, punctuation, line breaks and camelCase ignored); the vocabulary is data
(`vocabulary.toml`), in order of preference, so the better of two candidate columns wins.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from .tables import TranscriptError

HEADER_SCAN = 30  # rows looked at for the header
REQUIRED = ("date", "title", "hours")
# Fields a user may name in a column mapping (--columns), and what each means.
FIELDS = {
    "date": "the date the course was completed",
    "title": "the course title",
    "hours": "the hours (CEH)",
    "approval": "the OEMS or CAPCE approval number",
    "component": "National, Local, Individual or elective",
    "topic_map": "the NREMT Recert Topic Map",
    "topic": "the national topic",
    "delivery": "how the course was given (live or online)",
    "status": "whether the course was completed",
    "pediatric": "whether the course is pediatric (yes or no)",
    "person": "the person's name (a roster)",
    "last_name": "the person's last name (a roster)",
    "first_name": "the person's first name (a roster)",
    "person_id": "the person's NREMT or license number (a roster)",
}
PERSON_FIELDS = ("person", "last_name", "first_name", "person_id")
IGNORE = "ignore"  # `ignore=Header` in a mapping: a column not to read, whatever its name says


@dataclass(frozen=True)
class ColumnChoice:
    """The user's say on a file's columns: which header is which field, and which headers are not read
    at all (a column the vocabulary knows, marked "Not used"). What it leaves unsaid is guessed."""

    fields: dict[str, str] = field(default_factory=dict)  # field -> header as the user named it
    ignore: tuple[str, ...] = ()  # headers as the user named them

    def __bool__(self) -> bool:
        return bool(self.fields or self.ignore)


# A column choice as callers give it: a ColumnChoice, a plain mapping field -> header (with an optional
# "ignore" key: one header or a list of them), or none.
ColumnSpec = ColumnChoice | Mapping[str, Any] | None


def column_choice(spec: ColumnSpec) -> ColumnChoice:
    """Any column choice as a ColumnChoice; ValueError with a sentence for an unknown field."""
    if isinstance(spec, ColumnChoice):
        return spec
    fields: dict[str, str] = {}
    ignore: list[str] = []
    for name, value in (spec or {}).items():
        if name == IGNORE:
            listed = [value] if isinstance(value, str) else list(value or [])
            ignore += [str(v) for v in listed if str(v).strip()]
        elif name not in FIELDS:
            raise ValueError(f"unknown field {name!r}: choose from {', '.join(FIELDS)} (or ignore)")
        elif value:
            fields[name] = str(value)
    both = {fold(h) for h in fields.values()} & {fold(h) for h in ignore}
    if both:
        header = next(h for h in ignore if fold(h) in both)
        raise ValueError(f"“{header}” is both read and ignored: choose one")
    return ColumnChoice(fields, tuple(ignore))


def _choice(spec: ColumnSpec) -> ColumnChoice:
    try:
        return column_choice(spec)
    except ValueError as error:
        raise TranscriptError(f"Column choice: {error}.") from None


def choices_for(spec: ColumnSpec | Sequence[ColumnSpec], count: int) -> list[ColumnChoice]:
    """One column choice per file: a list gives each file its own (in the files' order), a single
    choice applies to every file."""
    if spec is None or isinstance(spec, ColumnChoice | Mapping):
        return [_choice(spec)] * count
    if len(spec) != count:
        raise TranscriptError(f"The column choices name {len(spec)} files, but {count} were given.")
    return [_choice(s) for s in spec]


@cache
def vocabulary() -> dict[str, Any]:
    return tomllib.loads((resources.files(__package__) / "vocabulary.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """A header or value as compared: "dateOfCompletion", "Date of\\ncompletion" -> "date of completion"."""
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    text = text.lower().replace("#", " number ").replace("'", "")
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join("number" if w in ("no", "num", "nbr") and i else w for i, w in enumerate(words))


@cache
def _synonyms() -> dict[str, list[tuple[str, int, bool]]]:
    """Folded header -> every (field, rank, weak) it may mean; lower rank is preferred."""
    table: dict[str, list[tuple[str, int, bool]]] = {}
    for name, spec in vocabulary()["columns"].items():
        for weak, headers in ((False, spec.get("headers", [])), (True, spec.get("weak", []))):
            for rank, header in enumerate(headers):
                table.setdefault(fold(header), []).append((name, rank + (1000 if weak else 0), weak))
    return table


@cache
def _squashed() -> dict[str, list[tuple[str, int, bool]]]:
    """The same, keyed by the folded header with no spaces: a camelCase name whose case was lost
    ("DATEOFCOMPLETION", "coursename") has no word breaks left to find."""
    table: dict[str, list[tuple[str, int, bool]]] = {}
    for folded, meanings in _synonyms().items():
        table.setdefault(folded.replace(" ", ""), meanings)
    return table


@cache
def _loose() -> dict[frozenset[str], list[tuple[str, int, bool]]]:
    """The same, keyed by the header's words in any order, less filler words and with word forms made
    one (vocabulary `[headers]`): "Name of Course" = "Course Name", "# of Hours" = "Hours",
    "Date Course Completed" = "Course Completion Date", "Contact Hrs" = "Contact Hours"."""
    table: dict[frozenset[str], list[tuple[str, int, bool]]] = {}
    for folded, meanings in _synonyms().items():
        key = _loose_key(folded)
        if key:
            known = table.setdefault(key, [])
            known += [m for m in meanings if m not in known]
    return table


@cache
def _forms() -> tuple[dict[str, str], frozenset[str]]:
    spec = vocabulary()["headers"]
    return {word: one for one, words in spec["forms"].items() for word in words}, frozenset(spec["filler"])


@lru_cache(maxsize=4096)
def _loose_key(folded: str) -> frozenset[str]:
    forms, filler = _forms()
    folded = re.sub(r"^(?:number|no) of ", "", folded)  # "# of Hours", "No. of Hours": the hours
    return frozenset(forms.get(w, w) for w in folded.split() if w not in filler)


def _meanings(cell: str) -> list[tuple[str, int, bool]]:
    """What a header cell may mean: as written, or without a bracketed note ("Hours (decimal)")."""
    if len(cell) > 80:
        return []
    found = _synonyms().get(fold(cell))
    if found is None and ("(" in cell or "[" in cell):
        found = _synonyms().get(fold(re.sub(r"\([^)]*\)|\[[^]]*\]", " ", cell)))
    if found is None:
        found = _squashed().get(fold(cell).replace(" ", ""))
    if found is None:
        found = _loose().get(_loose_key(fold(re.sub(r"\([^)]*\)|\[[^]]*\]", " ", cell))))
    return found or []


def header_score(cells: Sequence[str]) -> int:
    """How much a row looks like a transcript's header: required fields count double."""
    fields = set()
    for cell in cells:
        for name, _, _ in _meanings(cell):
            fields.add(name)
    return sum(2 if f in REQUIRED else 1 for f in fields)


@dataclass
class Columns:
    """Which column is which field: positions in the row, and the headers as written."""

    header: list[str]
    positions: dict[str, int]  # field -> column index
    ignored: list[str] = field(default_factory=list)

    @property
    def names(self) -> dict[str, str]:
        ordered = sorted(self.positions.items(), key=lambda item: item[1])
        return {name: " ".join(self.header[i].split()) for name, i in ordered}

    @property
    def missing(self) -> list[str]:
        return [name for name in REQUIRED if name not in self.positions]

    @property
    def roster(self) -> bool:
        return any(f in self.positions for f in PERSON_FIELDS)


def parse_mapping(text: str) -> ColumnChoice:
    """`hours=Duration,approval="CAPCE #",ignore=Category` as a ColumnChoice: field=Header says which
    column is which; ignore=Header (repeatable) says a column is not read at all. ValueError with a
    sentence."""
    fields: dict[str, str] = {}
    ignore: list[str] = []
    for part in re.findall(r'(?:[^,"]|"[^"]*")+', text):
        if not part.strip():
            continue
        name, sep, header = part.partition("=")
        name = name.strip().lower()
        if not sep or not header.strip():
            raise ValueError(f"expected field=Header or ignore=Header, not {part.strip()!r}")
        header = header.strip().strip('"').strip()
        if name == IGNORE:
            ignore.append(header)
        else:
            fields[name] = header
    return column_choice({**fields, IGNORE: ignore})


def find_header(rows: Sequence[tuple[int, list[str]]], mapping: ColumnSpec = None) -> int:
    """Index in `rows` of the header: the row that names the most known columns (the first of equals)."""
    choice = _choice(mapping)
    wanted = {fold(h) for h in (*choice.fields.values(), *choice.ignore)}
    mapped = {fold(h): name for name, h in choice.fields.items()}
    best, best_score = None, (0, 0)
    for index, (_, cells) in enumerate(rows[:HEADER_SCAN]):
        if not any(c.strip() for c in cells):
            continue
        folded = {fold(c) for c in cells}
        # The row naming the most required fields wins, then the one naming the most fields: a line of
        # the person's details above the header ("Name:", "Pat Doe", "Date:", "03/04/2026") names a
        # date and a title-or-person, never all three.
        found = {name for cell in cells for name, _, _ in _meanings(cell)} | {mapped[c] for c in folded & set(mapped)}
        score = (len(found & set(REQUIRED)), header_score(cells) + 3 * len(wanted & folded))
        if score > best_score:
            best, best_score = index, score
    if best is None:
        first = next((i for i, (_, cells) in enumerate(rows) if any(c.strip() for c in cells)), None)
        if first is None:
            raise TranscriptError("The file is empty.")
        return first
    return best


def match_columns(header: list[str], mapping: ColumnSpec = None) -> Columns:
    """Which column is which field; TranscriptError when a required field has no column."""
    columns = guess_columns(header, mapping)
    if columns.missing:
        found = ", ".join(repr(c.strip()) for c in header if c.strip()) or "none"
        spec = vocabulary()["columns"]
        wanted = "; ".join(
            f"{m} (a header such as “{spec[m]['headers'][0]}” or “{spec[m]['headers'][2]}”)" for m in columns.missing
        )
        raise TranscriptError(
            f"Missing column: {wanted}. Columns found: {found}. If one of these is it, say which: the checker's "
            "column choice, or recert check --columns hours=Duration."
        )
    return columns


def guess_columns(header: list[str], mapping: ColumnSpec = None) -> Columns:
    """Decide which column is which field, as far as the header tells. A user's mapping wins over the
    vocabulary, and a column it ignores is never read; TranscriptError only when the mapping names a
    column the file does not have."""
    choice = _choice(mapping)
    positions = _mapped(header, choice.fields)
    unread = set(_mapped(header, {h: h for h in choice.ignore}, ignoring=True).values())
    candidates = sorted(  # (weak, rank, position, field): strong matches first, each by preference
        (weak, rank, position, name)
        for position, cell in enumerate(header)
        if position not in positions.values() and position not in unread
        for name, rank, weak in _meanings(cell)
    )
    for _, _, position, name in candidates:
        if name not in positions and position not in positions.values():
            positions[name] = position
    _required_take_weak(positions, candidates, choice.fields)
    used = set(positions.values())
    ignored = [c.strip() for i, c in enumerate(header) if i not in used and c.strip()]
    return Columns(header=header, positions=positions, ignored=ignored)


def _mapped(header: list[str], mapping: Mapping[str, str], ignoring: bool = False) -> dict[str, int]:
    """The positions the user's mapping names (`ignoring`: the columns not to read)."""
    folded = [fold(c) for c in header]
    positions = {}
    for name, wanted in mapping.items():
        try:
            positions[name] = folded.index(fold(wanted))
        except ValueError:
            found = ", ".join(repr(c.strip()) for c in header if c.strip()) or "none"
            what = "as not to be read" if ignoring else f"for {name}"
            raise TranscriptError(
                f"The column mapping names “{wanted}” {what}, but the file has no such column. Columns found: {found}."
            ) from None
    return positions


def _required_take_weak(
    positions: dict[str, int], candidates: list[tuple[bool, int, int, str]], mapping: Mapping[str, str]
) -> None:
    """A required field left without a column takes a weak match that an optional field took
    ("Name" with no course-name column is the title, not a person)."""
    for name in REQUIRED:
        if name in positions:
            continue
        for weak, _, position, other in candidates:
            if other != name or not weak:
                continue
            holder = next((f for f, p in positions.items() if p == position), None)
            if holder is None or (holder not in REQUIRED and holder not in mapping):
                positions.pop(holder or "", None)
                positions[name] = position
                break
