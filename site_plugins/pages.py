"""Rendering the generated pages (Markdown) from the rules, with the Jinja2 templates beside this file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from recert_core.alignment import alignment_case
from recert_core.check import REQUIREMENT_PARAMETERS
from recert_core.cli import TEMPLATE
from recert_core.guide import (
    FEE_PARAMETERS,
    changes,
    distributive_limit_text,
    money,
    sample_transcript,
    timeline,
    training_profile_fees,
)
from recert_core.report import hours_text
from recert_core.rules import COMPONENTS, Resolved, Rules

TEMPLATES = Path(__file__).parent / "templates"
CHECKER_PAGE = "checker/index.md"
STATIC_PAGES = ("glossary.md", "privacy.md")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, autoescape=False,  # Markdown out; the values are our own data
    )
    env.filters.update(
        hours=hours_text,
        usd=lambda v: money(v, "usd"),
        percent=lambda v: money(v, "percent"),
        cite=cite,
        mark=lambda r: " *(provisional)*" if r.provisional else "",
        day=lambda d: f"{d:%B} {d.day}, {d.year}",
    )
    return env


def cite(resolved: Resolved | tuple, root: str) -> str:
    """Links to the sources page for a resolved value (or a tuple of sources)."""
    sources = resolved.sources if isinstance(resolved, Resolved) else resolved
    return ", ".join(f"[{s.id}]({root}sources.md#{s.id})" for s in sources)


def current_cycles(rules: Rules, today: date) -> list[int]:
    """The expiration years a provider renewing now is most likely in: the nearest two cycles whose cards
    have not expired yet. The pages mark them for `today` (the build's date); assets/now.mjs makes the
    same choice in the reader's browser, from each cycle's `expires` date."""
    return [year for year, day in expirations(rules).items() if day >= today.isoformat()][:2]


def expirations(rules: Rules) -> dict[int, str]:
    """Each cycle's card expiration date (YYYY-MM-DD), from the rules data."""
    return {cycle.year: cycle["expiration"].value.when.isoformat() for cycle in rules.cycles()}


def navigation(rules: Rules) -> list:
    cycles = [{f"Cards expiring {y}": f"cycles/{y}.md"} for y in reversed(rules.years)]
    return [
        {"Home": "index.md"},
        {"Your cycle": [*cycles, {"Compare cycles": "cycles/compare.md"}]},
        {"Plan & checker": "checker/index.md"},
        {"Pathways": "pathways.md"},
        {"NREMT alignment": "alignment.md"},
        {"Regions": "regions.md"},
        {"About": [{"Glossary": "glossary.md"}, {"Sources": "sources.md"}, {"Privacy": "privacy.md"},
                   {"Fork for your region": "fork.md"}]},
    ]


def render_checker_files(rules: Rules, today: date) -> dict[str, str]:
    """The checker's downloads: the CSV template and a sample transcript for the current cycle."""
    return {
        "checker/template.csv": TEMPLATE,
        "checker/sample.csv": sample_transcript(rules.cycle(_default_cycle(rules, today))),
    }


def _default_cycle(rules: Rules, today: date) -> int:
    return (current_cycles(rules, today) or [rules.last_cycle])[0]


def render_pages(rules: Rules, region: int, today: date, checker: dict[str, str], *, site_name: str) -> dict[str, str]:
    """Every generated page, by its path under docs/; `site_name` is mkdocs.yml's, the home page's heading."""
    env = _environment()
    common = {"rules": rules, "office": rules.regions[region], "COMPONENTS": COMPONENTS, "site_name": site_name,
              "expires": expirations(rules)}
    newest = rules.cycle(rules.newest_sourced)
    pages = {
        "index.md": env.get_template("index.md.j2").render(
            common, root="", current=current_cycles(rules, today), today=today),
        "cycles/compare.md": env.get_template("compare.md.j2").render(
            common, root="../", cycles=list(rules.cycles()), limit=distributive_limit_text,
            profile=training_profile_fees, fee_names=FEE_PARAMETERS),
        "pathways.md": env.get_template("pathways.md.j2").render(
            common, root="", cycle=newest, profile=training_profile_fees),
        "alignment.md": env.get_template("alignment.md.j2").render(
            common, root="", cases=_alignment_cases(rules)),
        "regions.md": env.get_template("regions.md.j2").render(common, root="", home=region),
        "sources.md": env.get_template("sources.md.j2").render(common, root="", cited_by=_cited_by(rules)),
        CHECKER_PAGE: env.get_template("checker.md.j2").render(
            common, root="../", checker=checker, default_cycle=_default_cycle(rules, today)),
    }
    for cycle in rules.cycles():
        previous = rules.cycle(cycle.year - 1) if cycle.year - 1 in rules.years else None
        pages[f"cycles/{cycle.year}.md"] = env.get_template("cycle.md.j2").render(
            common, root="../", cycle=cycle, timeline=timeline(cycle), limit=distributive_limit_text,
            profile=training_profile_fees, fee_names=FEE_PARAMETERS, previous=previous,
            changes=changes(previous, cycle) if previous else [],
            total=lambda hours: sum(hours.values(), Decimal(0)), requirement_names=REQUIREMENT_PARAMETERS,
        )
    for name in STATIC_PAGES:
        pages[name] = env.get_template(f"{name}.j2").render(common, root="")
    return pages


def _alignment_cases(rules: Rules) -> list[tuple[int, int | None, str, object]]:
    """The cases of the OEMS alignment page, by (Massachusetts year, NREMT year, NREMT status)."""
    newest = rules.newest_sourced
    rows = [
        (newest, newest, "current"), (newest, newest + 1, "current"), (newest + 1, newest, "current"),
        (newest + 1, newest + 2, "current"), (newest, newest + 3, "current"), (newest, None, "expired"),
        (newest, None, "never"),
    ]
    return [(ma, nr, status, alignment_case(rules.cycle(ma), nr, status)) for ma, nr, status in rows]


def _cited_by(rules: Rules) -> dict[str, list[str]]:
    """For each source, the parameters (and cycles) that cite it."""
    cited: dict[str, list[str]] = {s: [] for s in rules.sources}
    for parameter in rules.parameters.values():
        for entry in parameter.entries:
            for source in entry.sources:
                cited[source.id].append(f"{parameter.description} ({entry.span})")
    for level in rules.levels.values():
        for source in level.sources:
            cited[source.id].append(f"Level: {level.name}")
    for region in rules.regions.values():
        for source in region.sources:
            cited[source.id].append(f"Region {region.number} office")
    return cited



