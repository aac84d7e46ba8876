"""Reading a folder of rules files into `Rules`, validating every value on the way.

Kept apart from the model and the schema so that reading (files, TOML, error messages naming
the file and key) stays out of the engine's values. Regional offices edit these files: any
mistake is a `RulesError`, never a traceback.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from .files import beside
from .model import (
    COMPONENTS,
    CONFIDENCES,
    Component,
    Entry,
    Level,
    Parameter,
    Region,
    Rules,
    RulesError,
    Source,
)
from .schema import PARAMETER_FILES, PARAMETERS, TOPICS, RulesFile, Schema, Validator


def _read(folder: Path, name: str) -> tuple[RulesFile, dict[str, Any]]:
    file = RulesFile(name)
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


def shipped_folder() -> Path:
    """The folder of rules files shipped with this package."""
    return Path(beside(__file__, "rules"))


def _anything(value: Any, _key: str) -> Any:
    return value


def _sources(folder: Path) -> dict[str, Source]:
    file, raw = _read(folder, "sources.toml")
    schema = Schema(file)
    fields = {
        "title": schema.text,
        "publisher": schema.text,
        "confidence": schema.text,
        "about": schema.text,
        "published": schema.text,
        "url": schema.website,
        "where": schema.text,
    }
    body = schema.table({"sources": schema.table_of(_anything, "sources")})(raw, "")
    sources = {}
    for source_id, entry in body["sources"].items():
        key = f"sources.{source_id}"
        values = schema.table(fields, optional=("published", "url", "where"))(entry, key)
        if values["confidence"] not in CONFIDENCES:
            raise file.error(f"{key}.confidence", f"expected one of {', '.join(CONFIDENCES)}")
        if not values.get("url") and not values.get("where"):
            raise file.error(key, "give `url` or `where`, so a reader can find the source")
        sources[source_id] = Source(id=source_id, **values)
    return sources


def _citer(schema: Schema, sources: dict[str, Source]) -> Validator:
    def cite(value: Any, key: str) -> tuple[Source, ...]:
        ids = schema.list_of(schema.text)(value, key)
        if not ids:
            raise schema.file.error(key, "cite at least one source")
        for i, source_id in enumerate(ids):
            if source_id not in sources:
                raise schema.file.error(f"{key}[{i}]", f"unknown source {source_id!r} (see sources.toml)")
        return tuple(sources[s] for s in ids)

    return cite


def load_rules(folder: Path | str | None = None) -> Rules:
    """Read and validate the rules in `folder` (default: the data shipped with this package)."""
    folder = Path(folder) if folder is not None else shipped_folder()
    sources = _sources(folder)

    file, raw = _read(folder, "terms.toml")
    schema = Schema(file)
    cite = _citer(schema, sources)
    terms = schema.table(
        {"data": _anything, "cycles": _anything, "levels": _anything, "components": _anything, "topics": _anything}
    )(raw, "")
    data = schema.table({"version": schema.text, "as_of": schema.iso_date})(terms["data"], "data")
    cycles = schema.table({"first": schema.year, "last": schema.year, "newest_sourced": schema.year})(
        terms["cycles"], "cycles"
    )
    if not cycles["first"] <= cycles["newest_sourced"]:
        raise file.error("cycles.newest_sourced", f"{cycles['newest_sourced']} is before `first` ({cycles['first']})")
    if cycles["newest_sourced"] >= cycles["last"]:
        raise file.error(
            "cycles.last",
            f"{cycles['last']} must be later than newest_sourced ({cycles['newest_sourced']}): the site shows the "
            "cycle after the newest one a source describes (its NREMT alignment cases), so raise `last` too",
        )
    level_fields = {
        "name": schema.text,
        "formerly": schema.text,
        "prefix": schema.text,
        "care": schema.text,
        "sources": cite,
    }
    levels = {
        level_id: Level(id=level_id, **body)
        for level_id, body in schema.table_of(schema.table(level_fields), "levels")(terms["levels"], "levels").items()
    }
    component_fields = {"name": schema.text, "abbreviation": schema.text, "about": schema.text}
    components = schema.table(dict.fromkeys(COMPONENTS, schema.table(component_fields)))(
        terms["components"], "components"
    )
    topics = schema.table(dict.fromkeys(TOPICS, schema.table({"name": schema.text})))(terms["topics"], "topics")

    parameters: dict[str, Parameter] = {}
    for name in PARAMETER_FILES:
        file, raw = _read(folder, name)
        schema = Schema(file)
        for param_name, body in raw.items():
            spec = PARAMETERS.get(param_name)
            if spec is None or spec.file != name:
                expected = ", ".join(p for p, s in PARAMETERS.items() if s.file == name)
                where = f" (it belongs in {spec.file})" if spec else ""
                raise file.error(param_name, f"unknown parameter{where}; expected one of {expected}")
            parameters[param_name] = _parameter(
                schema, param_name, body, spec.unit, spec.value(schema, tuple(levels)), cycles, _citer(schema, sources)
            )
    missing = [name for name in PARAMETERS if name not in parameters]
    if missing:
        raise RulesError(f"{PARAMETERS[missing[0]].file}: {missing[0]}: parameter missing")
    _check_steps(parameters)
    _check_given_by(parameters)

    file, raw = _read(folder, "regions.toml")
    schema = Schema(file)
    region_fields = {
        "name": schema.text,
        "short_name": schema.text,
        "address": schema.text,
        "phone": schema.phone,
        "fax": schema.phone,
        "cmed": schema.phone,
        "hours": schema.text,
        "email": schema.email,
        "website": schema.website,
        "sources": _citer(schema, sources),
    }
    optional = ("address", "phone", "fax", "cmed", "hours", "email", "website")
    body = schema.table({"regions": schema.table_of(schema.table(region_fields, optional), "regions")})(raw, "")
    regions = {}
    for number, region in body["regions"].items():
        if not number.isdigit() or str(int(number)) != number:
            raise file.error(f"regions.{number}", "expected a region number such as 1")
        regions[int(number)] = Region(number=int(number), **region)
    if sorted(regions) != list(range(1, len(regions) + 1)):
        raise file.error("regions", f"expected regions numbered 1 to {len(regions)}, found {sorted(regions)}")

    rules = Rules(
        version=data["version"],
        as_of=data["as_of"],
        first_cycle=cycles["first"],
        last_cycle=cycles["last"],
        newest_sourced=cycles["newest_sourced"],
        sources=sources,
        levels=levels,
        components={cid: Component(id=cid, **body) for cid, body in components.items()},
        topics={tid: body["name"] for tid, body in topics.items()},
        parameters=parameters,
        regions=regions,
    )
    for cycle in rules.cycles():  # every cycle must resolve to a usable rule set
        cycle.check_consistency()
    return rules


def _parameter(
    schema: Schema,
    name: str,
    body: Any,
    unit: str,
    validate_value: Validator,
    cycles: dict[str, int],
    cite: Validator,
) -> Parameter:
    file = schema.file
    head = schema.table({"description": schema.text, "unit": schema.text, "values": schema.list_of(_anything)})(
        body, name
    )
    if head["unit"] != unit:
        raise file.error(f"{name}.unit", f"expected {unit!r} for this parameter, found {head['unit']!r}")
    if not head["values"]:
        raise file.error(f"{name}.values", "expected at least one dated value")
    entries: list[Entry] = []
    for i, raw_entry in enumerate(head["values"]):
        key = f"{name}.values[{i}]"
        fields = schema.table(
            {
                "from": schema.year,
                "until": schema.year,
                "value": validate_value,
                "sources": cite,
                "note": schema.text,
                "waiver": schema.text,
                "provisional": schema.text,
                "settle": schema.text,
            },
            optional=("until", "note", "waiver", "provisional", "settle"),
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


REGIONAL_OFFICE = "regional_office"  # in a step's contacts: the provider's own regional office


def _check_steps(parameters: dict[str, Parameter]) -> None:
    """A step's deadline, fees and contacts name parameters of the right unit."""
    wanted = {"deadline": ("date",), "fees": ("usd", "percent"), "contacts": ("contact",)}
    file = RulesFile(PARAMETERS["steps"].file)
    for i, entry in enumerate(parameters["steps"].entries):
        for j, step in enumerate(entry.value):
            for field, units in wanted.items():
                names = step.get(field, ())
                for k, ref in enumerate((names,) if isinstance(names, str) else names):
                    if field == "contacts" and ref == REGIONAL_OFFICE:
                        continue
                    if ref not in parameters or parameters[ref].unit not in units:
                        suffix = "" if isinstance(names, str) else f"[{k}]"
                        raise file.error(
                            f"steps.values[{i}].value[{j}].{field}{suffix}",
                            f"{ref!r} is not a parameter of unit {' or '.join(units)}",
                        )


def _check_given_by(parameters: dict[str, Parameter]) -> None:
    """A contact field's `given_by` names one of its entry's own sources."""
    for name, parameter in parameters.items():
        if parameter.unit != "contact":
            continue
        file = RulesFile(PARAMETERS[name].file)
        for i, entry in enumerate(parameter.entries):
            cited = {source.id for source in entry.sources}
            for field, source_id in entry.value.get("given_by", {}).items():
                if source_id not in cited:
                    raise file.error(
                        f"{name}.values[{i}].value.given_by.{field}",
                        f"{source_id!r} is not among this entry's sources ({', '.join(sorted(cited))})",
                    )


@cache
def default_rules() -> Rules:
    """The rules shipped with the package, read once."""
    return load_rules()
