"""The rules as the engine uses them: dated, cited values and one cycle's view of them.

These are plain values; `schema.py` says what a rules file must look like and `load.py` reads
the files into these. A parameter holds a list of entries dated by the card expiration year
they apply from (OpenFisca's rule): an entry holds from its `from` year until the next entry,
so adding a later entry never changes an earlier year. Years before the first entry take the
first entry, extended back. A year that no source states (after an entry's `until`, or before
the first entry) is marked provisional with the reason; so is a value whose source we cannot
vouch for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from .formatting import day_text, month_text
from .problems import DataError

COMPONENTS = ("national", "local", "individual")
CONFIDENCES = ("primary", "high", "medium-high", "medium", "check")
FEE_STATUSES = ("ma_only", "nremt")


class RulesError(DataError):
    """A rules file is missing, malformed or inconsistent. The message names file and key."""


@dataclass(frozen=True)
class DateTemplate:
    """A date written relative to the expiration year Y, such as "Y-2-04-01"."""

    text: str
    year_offset: int
    month: int
    day: int | None  # None: the source gives only the month

    def on(self, year: int) -> KeyDate:
        when = date(year + self.year_offset, self.month, self.day or 1)
        return KeyDate(when, exact=self.day is not None)


@dataclass(frozen=True)
class KeyDate:
    when: date
    exact: bool  # False: only the month is known

    def __str__(self) -> str:
        return day_text(self.when) if self.exact else month_text(self.when)

    def iso(self) -> str:
        return self.when.isoformat() if self.exact else self.when.strftime("%Y-%m")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    confidence: str
    about: str
    published: str = ""
    url: str = ""
    where: str = ""


STATED, EXTENDED_BACK, CARRIED_FORWARD = "stated", "extended back", "carried forward"


@dataclass(frozen=True)
class Entry:
    start: int  # `from` in the files
    until: int
    value: Any
    sources: tuple[Source, ...]
    note: str = ""
    waiver: str = ""
    provisional: str = ""
    settle: str = ""  # what source would settle a provisional entry

    def states(self, year: int) -> bool:
        return self.start <= year <= self.until

    def standing(self, year: int) -> str:
        """How the entry holds in `year`: STATED by its sources, EXTENDED_BACK before its first year (the
        earliest entry), or CARRIED_FORWARD after its last (no later entry yet)."""
        if year < self.start:
            return EXTENDED_BACK
        return STATED if year <= self.until else CARRIED_FORWARD

    @property
    def span(self) -> str:
        return str(self.start) if self.start == self.until else f"{self.start}-{self.until}"


@dataclass(frozen=True)
class Resolved:
    """One parameter's value for one cycle, with everything needed to cite it."""

    name: str
    description: str
    unit: str
    year: int
    entry: Entry
    provisional_reasons: tuple[str, ...]

    @property
    def value(self) -> Any:
        if self.unit == "date":
            return self.entry.value.on(self.year)
        return self.entry.value

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.entry.sources

    @property
    def note(self) -> str:
        return self.entry.note

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_reasons)

    @property
    def standing(self) -> str:
        return self.entry.standing(self.year)


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    entries: tuple[Entry, ...]  # in order of `from`, never overlapping

    def entry_for(self, year: int) -> Entry:
        """The entry that holds in `year`: the latest one starting in or before it, else the first."""
        holding = [entry for entry in self.entries if entry.start <= year]
        return holding[-1] if holding else self.entries[0]

    def at(self, year: int) -> Resolved:
        entry = self.entry_for(year)
        reasons = self.provisional_reasons(entry, entry.standing(year), str(year))
        return Resolved(self.name, self.description, self.unit, year, entry, reasons)

    def provisional_reasons(self, entry: Entry, standing: str, years: str) -> tuple[str, ...]:
        """Why the entry's value is provisional in the cycles `years` ("2027", or "2025-2028" for the
        maintainers' page), where it holds as `standing` says (Entry.standing): () if it is not."""
        reasons = []
        titles = "; ".join(s.title for s in entry.sources)
        if standing == EXTENDED_BACK:
            reasons.append(
                f"{self.description}: no source states this for cards expiring in {years}; "
                f"the rule first stated for {entry.span} ({titles}) is extended back."
            )
        elif standing == CARRIED_FORWARD:
            reasons.append(
                f"{self.description}: no source states this for cards expiring in {years}; "
                f"the rule stated for {entry.span} ({titles}) is used."
            )
        if entry.provisional:
            reasons.append(f"{self.description}: {entry.provisional}")
        for source in entry.sources:
            if source.confidence == "check":
                reasons.append(
                    f"{self.description}: “{source.title}” is not an official source; check before relying on it."
                )
        return tuple(reasons)


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    formerly: str
    prefix: str
    care: str  # BLS or ALS
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    abbreviation: str
    about: str


@dataclass(frozen=True)
class Region:
    number: int
    name: str
    short_name: str
    sources: tuple[Source, ...]
    address: str = ""
    phone: str = ""
    fax: str = ""
    cmed: str = ""  # the region's CMED (central medical emergency direction) line
    hours: str = ""
    email: str = ""
    website: str = ""


@dataclass(frozen=True)
class Rules:
    """Every rule, level, source and region, as read from one folder of TOML files."""

    version: str
    as_of: date
    first_cycle: int
    last_cycle: int
    newest_sourced: int
    sources: Mapping[str, Source]
    levels: Mapping[str, Level]
    components: Mapping[str, Component]
    topics: Mapping[str, str]
    parameters: Mapping[str, Parameter]
    regions: Mapping[int, Region]
    _cycles: dict[int, Cycle] = field(default_factory=dict, compare=False, repr=False)

    @property
    def years(self) -> range:
        return range(self.first_cycle, self.last_cycle + 1)

    def cycle(self, year: int) -> Cycle:
        if year not in self.years:
            raise KeyError(year)
        if year not in self._cycles:
            self._cycles[year] = Cycle(self, year)
        return self._cycles[year]

    def cycles(self) -> Iterator[Cycle]:
        return (self.cycle(year) for year in self.years)


@dataclass(frozen=True)
class DistributiveLimits:
    """Most DE hours that count: per component (None: no limit) and in total."""

    per_component: Mapping[str, Fraction | None]
    total: Fraction | None


class Cycle:
    """The rules for cards expiring in one year."""

    def __init__(self, rules: Rules, year: int) -> None:
        self.rules = rules
        self.year = year
        self._resolved = {name: p.at(year) for name, p in rules.parameters.items()}

    def __getitem__(self, name: str) -> Resolved:
        return self._resolved[name]

    def __iter__(self) -> Iterator[Resolved]:
        return iter(self._resolved.values())

    def check_consistency(self) -> None:
        for name in ("window_start", "window_end"):
            if not self[name].value.exact:
                raise RulesError(f"dates.toml: {name}: the window needs a day, not only a month")
        start, end = self.window
        if start >= end:
            raise RulesError(f"dates.toml: window_start: cycle {self.year} starts on or after it ends")
        for level in self.rules.levels:  # the topic minimums fit in National (the placement relies on it)
            national = self.hours(level)["national"]
            topics = sum(self.national_topics(level).values(), Fraction(0))
            if topics > national:
                raise RulesError(
                    f"requirements.toml: national_topics: the {level} topic hours for cycle {self.year} add up to "
                    f"{topics} h, more than the {national} h of National"
                )

    @property
    def window(self) -> tuple[date, date]:
        """The first and last day of the cycle's continuing-education window (worked out once: every
        person of a roster asks for every cycle's, to tell which their dates fit)."""
        window = self.__dict__.get("_window")
        if window is None:
            window = self._window = (self["window_start"].value.when, self["window_end"].value.when)
        return window

    def hours(self, level: str) -> dict[str, Fraction]:
        return dict(self["component_hours"].value[level])

    def distributive_limits(self, level: str) -> DistributiveLimits:
        caps = self["distributive_limits"].value[level]
        return DistributiveLimits({c: caps[c] for c in COMPONENTS}, caps["total"])

    def national_topics(self, level: str) -> dict[str, Fraction]:
        return dict(self["national_topics"].value[level])

    def pediatric_hours(self, level: str) -> Fraction:
        """The National hours that must be pediatric: the cycle's share of the level's National hours (0: none)."""
        return self.hours(level)["national"] * Fraction(self["national_pediatric"].value) / 100

    @property
    def waivers(self) -> list[str]:
        return [r.entry.waiver for r in self if r.entry.waiver]

    @property
    def provisional_reasons(self) -> list[str]:
        return [reason for r in self for reason in r.provisional_reasons]

    def provisional_reasons_for(self, *names: str) -> list[str]:
        return [reason for name in names for reason in self[name].provisional_reasons]

    def contact(self, name: str) -> dict[str, str]:
        """A contact of this cycle (contacts.toml), such as "nremt_help"."""
        return dict(self[name].value)
