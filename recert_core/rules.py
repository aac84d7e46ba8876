"""The Massachusetts recertification rules as dated, cited data.

The rules live in TOML files beside this module (read with the standard
library, so the package needs nothing else in the browser). Each parameter
holds a list of entries dated by the card expiration year they apply from,
each with its sources. Files are validated when loaded: a mistake raises
`RulesError` naming the file and the key, because regional offices edit them.

`Rules.cycle(year)` resolves every parameter for one expiration year. A year
that no source speaks for is resolved from the nearest stated rule and marked
provisional with the reason; so is a value whose source we cannot vouch for.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

COMPONENTS = ("national", "local", "individual")
CONFIDENCES = ("primary", "high", "medium-high", "medium", "check")
FEE_STATUSES = ("ma_only", "nremt")


class RulesError(Exception):
    """A rules file is missing, malformed or inconsistent. The message names file and key."""


# --- values -----------------------------------------------------------------


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
        if not self.exact:
            return self.when.strftime("%B %Y")
        return f"{self.when:%B} {self.when.day}, {self.when.year}"

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

    @property
    def locator(self) -> str:
        """Where a reader can find the source: its address, or a description of it."""
        return self.url or self.where


@dataclass(frozen=True)
class Entry:
    start: int  # `from` in the files
    until: int
    value: Any
    sources: tuple[Source, ...]
    note: str = ""
    waiver: str = ""
    provisional: str = ""

    def states(self, year: int) -> bool:
        return self.start <= year <= self.until

    def distance(self, year: int) -> int:
        return 0 if self.states(year) else min(abs(year - self.start), abs(year - self.until))

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


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    entries: tuple[Entry, ...]

    def at(self, year: int) -> Resolved:
        # Nearest entry by distance from the years it is stated for; on a tie the
        # later one, the more recent statement.
        entry = min(reversed(self.entries), key=lambda e: e.distance(year))
        reasons = []
        if not entry.states(year):
            titles = "; ".join(s.title for s in entry.sources)
            reasons.append(
                f"{self.description}: no source states this for cards expiring in {year}; "
                f"the rule stated for {entry.span} ({titles}) is used."
            )
        if entry.provisional:
            reasons.append(f"{self.description}: {entry.provisional}")
        for source in entry.sources:
            if source.confidence == "check":
                reasons.append(
                    f"{self.description}: “{source.title}” is not an official source; "
                    "check before relying on it."
                )
        return Resolved(self.name, self.description, self.unit, year, entry, tuple(reasons))


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    formerly: str
    prefix: str
    care: str  # BLS or ALS
    nremt_name: str
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
    hours: str = ""
    email: str = ""
    website: str = ""
    towns: tuple[str, ...] = ()


# --- schema -------------------------------------------------------------------
# A validator takes a raw TOML value and the key path where it stands, and
# returns the value as the engine uses it, or raises RulesError.

Validator = Callable[[Any, str], Any]


@dataclass
class _File:
    """The file being read, so that every error can name it."""

    name: str

    def error(self, key: str, problem: str) -> RulesError:
        return RulesError(f"{self.name}: {key}: {problem}")


def _describe(value: Any) -> str:
    kind = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a table"}
    return f"{kind.get(type(value), type(value).__name__)} ({value!r})"


class _Schema:
    def __init__(self, file: _File) -> None:
        self.file = file

    def number(self, value: Any, key: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.file.error(key, f"expected a number, found {_describe(value)}")
        if value < 0:
            raise self.file.error(key, f"expected a number of at least 0, found {value!r}")
        return Decimal(str(value))

    def cap(self, value: Any, key: str) -> Decimal | None:
        """A limit in hours, or "all" for no limit beyond the component's hours."""
        if value == "all":
            return None
        if isinstance(value, str):
            raise self.file.error(key, f'expected a number of hours or "all", found {value!r}')
        return self.number(value, key)

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.file.error(key, f"expected text, found {_describe(value)}")
        return value.strip()

    def year(self, value: Any, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
            raise self.file.error(key, f"expected a year such as 2024, found {_describe(value)}")
        return value

    _DATE = re.compile(r"Y(?P<offset>[+-]\d)?-(?P<month>\d{2})(?:-(?P<day>\d{2}))?")

    def date_template(self, value: Any, key: str) -> DateTemplate:
        match = self._DATE.fullmatch(value) if isinstance(value, str) else None
        if not match:
            raise self.file.error(
                key, f'expected a date such as "Y-03-31" or "Y-1-10-01", found {_describe(value)}'
            )
        offset = int(match["offset"] or 0)
        month, day = int(match["month"]), match["day"] and int(match["day"])
        try:
            date(2023, month, day or 1)  # a common year: February 29 is no deadline
        except ValueError:
            raise self.file.error(key, f"{value!r} is not a date in every year") from None
        return DateTemplate(value, offset, month, day)

    def table(self, fields: Mapping[str, Validator], optional: tuple[str, ...] = ()) -> Validator:
        def check(value: Any, key: str) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise self.file.error(key, f"expected a table, found {_describe(value)}")
            unknown = sorted(set(value) - set(fields))
            if unknown:
                raise self.file.error(
                    f"{key}.{unknown[0]}", f"unknown key; expected one of {', '.join(fields)}"
                )
            missing = [name for name in fields if name not in value and name not in optional]
            if missing:
                raise self.file.error(f"{key}.{missing[0]}", "missing")
            return {name: fields[name](value[name], f"{key}.{name}") for name in fields if name in value}

        return check

    def list_of(self, inner: Validator) -> Validator:
        def check(value: Any, key: str) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise self.file.error(key, f"expected a list, found {_describe(value)}")
            return tuple(inner(item, f"{key}[{i}]") for i, item in enumerate(value))

        return check


def _value_schemas(schema: _Schema, levels: tuple[str, ...]) -> dict[str, Validator]:
    """What each parameter's `value` must look like."""

    def per_level(inner: Validator) -> Validator:
        return schema.table(dict.fromkeys(levels, inner))

    hours = per_level(schema.table(dict.fromkeys(COMPONENTS, schema.number)))
    caps = per_level(schema.table(dict.fromkeys((*COMPONENTS, "total"), schema.cap)))
    codes = schema.list_of(schema.text)
    scheme = schema.table({"name": schema.text, "distributive": codes, "not_distributive": codes})
    topics = per_level(
        schema.table(
            dict.fromkeys(("airway", "cardiology", "trauma", "medical", "operations"), schema.number)
        )
    )
    step = schema.table({"title": schema.text, "detail": schema.text})
    return {
        "component_hours": hours,
        "distributive_limits": caps,
        "approval_schemes": schema.table({"oems": scheme, "capce": scheme}),
        "national_topics": topics,
        "special_credit": schema.text,
        "window_start": schema.date_template,
        "window_end": schema.date_template,
        "expiration": schema.date_template,
        "portal_opens": schema.date_template,
        "recommended_submission": schema.date_template,
        "last_day_without_late_fee": schema.date_template,
        "last_day_with_late_fee": schema.date_template,
        "instructor_examiner_deadline": schema.date_template,
        "alignment_recommended": schema.date_template,
        "alignment_late_deadline": schema.date_template,
        "training_profile_fee": per_level(schema.table(dict.fromkeys(FEE_STATUSES, schema.number))),
        "state_fee": schema.number,
        "late_fee": schema.number,
        "card_surcharge": schema.number,
        "returned_payment_fee": schema.number,
        "alignment_fee": schema.number,
        "alignment_late_fee": schema.number,
        "steps": schema.list_of(step),
    }


PARAMETER_FILES = ("requirements.toml", "dates.toml", "fees.toml", "process.toml")
UNITS = {"hours", "date", "usd", "percent", "text", "schemes", "steps"}


# --- loading ------------------------------------------------------------------


def _read(folder: Path, name: str) -> tuple[_File, dict[str, Any]]:
    file = _File(name)
    try:
        text = (folder / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulesError(f"{name}: file not found in {folder}") from None
    except UnicodeDecodeError as error:
        raise RulesError(f"{name}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    try:
        return file, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{name}: not valid TOML: {error}") from None


@dataclass(frozen=True)
class Rules:
    """Every rule, level, source and region, as read from one folder of TOML files."""

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


def shipped_folder() -> Path:
    """The folder of rules files shipped with this package."""
    return Path(str(resources.files(__package__) / "rules"))


def load_rules(folder: Path | str | None = None) -> Rules:
    """Read and validate the rules in `folder` (default: the data shipped with this package)."""
    folder = Path(folder) if folder is not None else shipped_folder()

    file, raw = _read(folder, "sources.toml")
    schema = _Schema(file)
    source_fields = {
        "title": schema.text, "publisher": schema.text, "confidence": schema.text,
        "about": schema.text, "published": schema.text, "url": schema.text, "where": schema.text,
    }
    sources = {}
    for source_id, body in schema.table({"sources": lambda v, k: v})(raw, "")["sources"].items():
        key = f"sources.{source_id}"
        fields = schema.table(source_fields, optional=("published", "url", "where"))(body, key)
        if fields["confidence"] not in CONFIDENCES:
            raise file.error(f"{key}.confidence", f"expected one of {', '.join(CONFIDENCES)}")
        if not fields.get("url") and not fields.get("where"):
            raise file.error(key, "give `url` or `where`, so a reader can find the source")
        sources[source_id] = Source(id=source_id, **fields)

    def cite(schema: _Schema, value: Any, key: str) -> tuple[Source, ...]:
        ids = schema.list_of(schema.text)(value, key)
        if not ids:
            raise schema.file.error(key, "cite at least one source")
        for i, source_id in enumerate(ids):
            if source_id not in sources:
                raise schema.file.error(f"{key}[{i}]", f"unknown source {source_id!r} (see sources.toml)")
        return tuple(sources[s] for s in ids)

    file, raw = _read(folder, "terms.toml")
    schema = _Schema(file)
    terms = schema.table(
        {"cycles": lambda v, k: v, "levels": lambda v, k: v, "components": lambda v, k: v,
         "topics": lambda v, k: v}
    )(raw, "terms")
    cycles = schema.table(
        {"first": schema.year, "last": schema.year, "newest_sourced": schema.year}
    )(terms["cycles"], "cycles")
    if not cycles["first"] <= cycles["newest_sourced"] <= cycles["last"]:
        raise file.error("cycles", "expected first <= newest_sourced <= last")
    level_fields = {
        "name": schema.text, "formerly": schema.text, "prefix": schema.text, "care": schema.text,
        "nremt_name": schema.text, "sources": lambda v, k: cite(schema, v, k),
    }
    if not isinstance(terms["levels"], dict) or not terms["levels"]:
        raise file.error("levels", "expected a table of levels")
    levels = {
        level_id: Level(id=level_id, **schema.table(level_fields)(body, f"levels.{level_id}"))
        for level_id, body in terms["levels"].items()
    }
    component_fields = {"name": schema.text, "abbreviation": schema.text, "about": schema.text}
    components = schema.table(dict.fromkeys(COMPONENTS, schema.table(component_fields)))(
        terms["components"], "components"
    )
    topic_ids = ("airway", "cardiology", "trauma", "medical", "operations")
    topics = schema.table(dict.fromkeys(topic_ids, schema.table({"name": schema.text})))(
        terms["topics"], "topics"
    )

    parameters: dict[str, Parameter] = {}
    for name in PARAMETER_FILES:
        file, raw = _read(folder, name)
        schema = _Schema(file)
        values = _value_schemas(schema, tuple(levels))
        for param_name, body in raw.items():
            if param_name not in values:
                raise file.error(param_name, f"unknown parameter; expected one of {', '.join(values)}")
            if param_name in parameters:
                raise file.error(param_name, "defined in two files")
            parameters[param_name] = _parameter(
                schema, param_name, body, values[param_name], cycles, lambda v, k, s=schema: cite(s, v, k)
            )
    missing = sorted(set(_value_schemas(_Schema(_File("")), tuple(levels))) - set(parameters))
    if missing:
        raise RulesError(f"{', '.join(PARAMETER_FILES)}: parameter {missing[0]!r} is missing")

    file, raw = _read(folder, "regions.toml")
    schema = _Schema(file)
    region_fields = {
        "name": schema.text, "short_name": schema.text, "address": schema.text, "phone": schema.text,
        "fax": schema.text, "hours": schema.text, "email": schema.text, "website": schema.text,
        "towns": schema.list_of(schema.text), "sources": lambda v, k: cite(schema, v, k),
    }
    optional = ("address", "phone", "fax", "hours", "email", "website", "towns")
    regions = {}
    for number, body in schema.table({"regions": lambda v, k: v})(raw, "")["regions"].items():
        if number not in {"1", "2", "3", "4", "5"}:
            raise file.error(f"regions.{number}", "expected a region number from 1 to 5")
        regions[int(number)] = Region(
            number=int(number), **schema.table(region_fields, optional)(body, f"regions.{number}")
        )
    if sorted(regions) != [1, 2, 3, 4, 5]:
        raise file.error("regions", "expected the five regions 1 to 5")

    rules = Rules(
        first_cycle=cycles["first"], last_cycle=cycles["last"], newest_sourced=cycles["newest_sourced"],
        sources=sources, levels=levels,
        components={cid: Component(id=cid, **body) for cid, body in components.items()},
        topics={tid: body["name"] for tid, body in topics.items()},
        parameters=parameters, regions=regions,
    )
    for cycle in rules.cycles():  # every cycle must resolve to a usable rule set
        cycle.check_consistency()
    return rules


def _parameter(
    schema: _Schema, name: str, body: Any, validate_value: Validator,
    cycles: dict[str, int], cite: Validator,
) -> Parameter:
    file = schema.file
    head = schema.table(
        {"description": schema.text, "unit": schema.text, "values": schema.list_of(lambda v, k: v)}
    )(body, name)
    if head["unit"] not in UNITS:
        raise file.error(f"{name}.unit", f"expected one of {', '.join(sorted(UNITS))}")
    if not head["values"]:
        raise file.error(f"{name}.values", "expected at least one dated value")
    entries: list[Entry] = []
    for i, raw_entry in enumerate(head["values"]):
        key = f"{name}.values[{i}]"
        fields = schema.table(
            {
                "from": schema.year, "until": schema.year, "value": validate_value, "sources": cite,
                "note": schema.text, "waiver": schema.text, "provisional": schema.text,
            },
            optional=("until", "note", "waiver", "provisional"),
        )(raw_entry, key)
        start, until = fields.pop("from"), fields.pop("until", None)
        until = start if until is None else until
        if not cycles["first"] <= start <= cycles["last"]:
            raise file.error(f"{key}.from", f"{start} is outside the cycles {cycles['first']}-{cycles['last']}")
        if until < start:
            raise file.error(f"{key}.until", f"{until} is before `from` ({start})")
        if entries and start <= entries[-1].until:
            raise file.error(
                f"{key}.from", f"{start} overlaps the previous entry ({entries[-1].span}); list entries in order"
            )
        entries.append(Entry(start=start, until=until, **fields))
    return Parameter(name, head["description"], head["unit"], tuple(entries))


@cache
def default_rules() -> Rules:
    """The rules shipped with the package, read once."""
    return load_rules()


# --- one cycle ------------------------------------------------------------------


@dataclass(frozen=True)
class DistributiveLimits:
    """Most DE hours that count: per component (None: no limit) and in total."""

    per_component: Mapping[str, Decimal | None]
    total: Decimal | None


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

    @property
    def window(self) -> tuple[date, date]:
        return self["window_start"].value.when, self["window_end"].value.when

    def hours(self, level: str) -> dict[str, Decimal]:
        return dict(self["component_hours"].value[level])

    def distributive_limits(self, level: str) -> DistributiveLimits:
        caps = self["distributive_limits"].value[level]
        return DistributiveLimits({c: caps[c] for c in COMPONENTS}, caps["total"])

    def national_topics(self, level: str) -> dict[str, Decimal]:
        return dict(self["national_topics"].value[level])

    @property
    def waivers(self) -> list[str]:
        return [r.entry.waiver for r in self if r.entry.waiver]

    @property
    def provisional_reasons(self) -> list[str]:
        return [reason for r in self for reason in r.provisional_reasons]

    def provisional_reasons_for(self, *names: str) -> list[str]:
        return [reason for name in names for reason in self[name].provisional_reasons]
