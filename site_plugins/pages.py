"""Rendering the generated pages (Markdown) from the rules, with the Jinja2 templates beside this file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from recert_core.alignment import alignment_case
from recert_core.check import REQUIREMENT_PARAMETERS
from recert_core.cli import TEMPLATE
from recert_core.formatting import day_text, hours_text, money, runs
from recert_core.guide import (
    REGIONAL_OFFICE,
    changes,
    cycle_fees,
    cycle_steps,
    distributive_codes_text,
    distributive_limit_text,
    ended_text,
    fee_amount,
    office_contact,
    sample_transcript,
    shown_provisional_reasons,
    timeline,
    training_profile_fees,
    with_region,
)
from recert_core.links import contact_links as links_of
from recert_core.links import safe_href
from recert_core.problems import catalogue, group
from recert_core.rules import COMPONENTS, PARAMETERS, Cycle, Resolved, Rules

from .firstvisit import PLACEHOLDER as FIRST_VISIT

TEMPLATES = Path(__file__).parent / "templates"
CHECKER_PAGE = "checker/index.md"
STATIC_PAGES = ("glossary.md", "privacy.md")
MAINTAINERS_PAGE = "maintainers.md"  # generated, linked from the fork guide, not in the readers' navigation


def _environment() -> Environment:
    # Markdown out, but HTML in it runs: every value from the rules data is escaped (a regional
    # office's typo, or worse, must never become markup); filters that make links return Markup.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=True,
    )
    env.filters.update(
        hours=hours_text,
        usd=lambda v: money(v, "usd"),
        percent=lambda v: money(v, "percent"),
        cite=cite,
        mark=lambda r: " *(provisional)*" if r.provisional else "",
        day=day_text,
        contact=contact_links,
        link=web_link,
        region_x=with_region,
        fee_amount=fee_amount,
    )
    return env


def cite(resolved: Resolved | tuple, root: str) -> Markup:
    """Links to the sources page for a resolved value (or a tuple of sources)."""
    sources = resolved.sources if isinstance(resolved, Resolved) else resolved
    return Markup(", ").join(Markup("[{0}]({1}sources.md#{0})").format(s.id, root) for s in sources)


def web_link(address: str) -> Markup:
    """A web address from the data as a link where `safe_href` allows one ("massemt.org" links to
    https://massemt.org), else as text."""
    href = safe_href(address, web_address=True)
    return Markup("[{0}](<{1}>)").format(address, href) if href else Markup("{0}").format(address)


def contact_links(contact: dict, root: str = "") -> Markup:
    """A contact as Markdown links (`recert_core.links.contact_links`: mailto:, tel:, its web site); a field
    that only one of the contact's sources gives is followed by that source ("(from oems-alignment-2024)")."""
    given_by = contact.get("given_by", {})

    def cited(field: str, shown: Markup) -> Markup:
        if field not in given_by:
            return shown
        return shown + Markup(" (from [{0}]({1}sources.md#{0}))").format(given_by[field], root)

    ways = [
        cited(link["field"], Markup("[{0}](<{1}>)").format(link["text"], link["href"])) for link in links_of(contact)
    ]
    name = cited("name", Markup("**{0}**").format(contact["name"]))
    return name + (Markup(": ") + Markup(", ").join(ways) if ways else Markup(""))


def provisional_headline(cycle: Cycle) -> str:
    """One plain sentence for the top of a cycle page whose values are not all confirmed ("" if all are)."""
    if not shown_provisional_reasons(cycle):
        return ""
    if cycle.year > cycle.rules.newest_sourced:
        return (
            f"Not yet confirmed by OEMS for cards expiring in {cycle.year}: based on the "
            f"{cycle.rules.newest_sourced} rules."
        )
    return (
        f"Not all confirmed for cards expiring in {cycle.year}: some values are carried over from another "
        "cycle or come from a source that is not official."
    )


def provisional_values(rules: Rules) -> list[dict]:
    """Every provisional value of every cycle, grouped by parameter and entry, for the maintainers' page."""
    found: dict[tuple[str, int, str], dict] = {}
    for cycle in rules.cycles():
        for resolved in cycle:
            if not resolved.provisional:
                continue
            # One row per parameter, entry and standing (stated, extended back, carried forward): the
            # years in a row are provisional for the same reasons.
            item = found.setdefault(
                (resolved.name, resolved.entry.start, resolved.standing),
                {"resolved": resolved, "years": [], "settle": _settle(resolved)},
            )
            item["years"].append(cycle.year)
    for item in found.values():
        resolved = item["resolved"]
        item["years"] = _spans(item["years"])
        item["reasons"] = rules.parameters[resolved.name].provisional_reasons(
            resolved.entry, resolved.standing, item["years"]
        )
    return sorted(found.values(), key=lambda i: (i["resolved"].description, i["years"]))


def _settle(resolved: Resolved) -> str:
    if resolved.entry.settle:
        return resolved.entry.settle
    checked = [s.title for s in resolved.sources if s.confidence == "check"]
    if checked:
        return f"An official page confirming what “{'”, “'.join(checked)}” says."
    return (
        "An OEMS (or regional) document stating this value for the years listed, added as a dated entry "
        "with its source."
    )


def _spans(years: list[int]) -> str:
    """[2016, 2017, 2019] reads "2016-2017, 2019"."""
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs(years))


def current_cycles(rules: Rules, today: date) -> list[int]:
    """The expiration years a provider renewing now is most likely in: the nearest two cycles whose cards
    have not expired yet. The pages mark them for `today` (the build's date); assets/now.mjs makes the
    same choice in the reader's browser, from each cycle's `expires` date."""
    return [year for year, day in expirations(rules).items() if day >= today.isoformat()][:2]


# How much higher the theme's search ranks the pages of the cycles a provider renewing now is in: the
# nearest cycle first, then the next (Material's `search: boost:` front matter).
SEARCH_BOOSTS = (3, 2)


def search_boosts(rules: Rules, today: date) -> dict[int, int]:
    """The cycle pages the search ranks first, by expiration year, for `today` (the build's date: the
    search index is built with the site, so unlike assets/now.mjs's "renewing now", which follows the
    reader's clock, the boost follows the build's; the Pages workflow rebuilds every week)."""
    return dict(zip(current_cycles(rules, today), SEARCH_BOOSTS, strict=False))


def front_matter(description: str, boost: int | None = None) -> str:
    """A page's front matter: its description (the social cards' and search engines'), and its search
    boost if any."""
    lines = [f"description: {json.dumps(description, ensure_ascii=False)}"]
    if boost:
        lines += ["search:", f"  boost: {boost}"]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


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
        {
            "About": [
                {"Glossary": "glossary.md"},
                {"Sources": "sources.md"},
                {"Privacy": "privacy.md"},
                {"What the checker's findings mean": "codes.md"},
                {"Fork for your region": "fork.md"},
            ]
        },
    ]


def render_checker_files(rules: Rules, today: date) -> dict[str, str]:
    """The checker's downloads: the CSV template and a sample transcript for the current cycle."""
    return {
        "checker/template.csv": TEMPLATE,
        "checker/sample.csv": sample_transcript(rules.cycle(_default_cycle(rules, today))),
    }


def _default_cycle(rules: Rules, today: date) -> int:
    return (current_cycles(rules, today) or [rules.last_cycle])[0]


def page_wording() -> Markup:
    """Every sentence and label of the page's scripts (sentences.toml's page part), as the JSON of an
    inline `<script type="application/json">` block (wording.mjs reads it): data, not script, so it is
    there before Python has loaded, offline (the page is cached whole), and under the page's CSP. `<`,
    `>` and `&` are written as JSON escapes, so no sentence can close the block or open a tag."""
    text = json.dumps(dict(group("page")), ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def render_pages(
    rules: Rules, region: int, today: date, checker: Mapping[str, object], *, site_name: str
) -> dict[str, str]:
    """Every generated page, by its path under docs/; `site_name` is mkdocs.yml's, the home page's heading."""
    env = _environment()
    newest = rules.cycle(rules.newest_sourced)
    common = {
        "rules": rules,
        "office": rules.regions[region],
        "COMPONENTS": COMPONENTS,
        "site_name": site_name,
        "expires": expirations(rules),
        "office_contact": office_contact,
        "REGIONAL_OFFICE": REGIONAL_OFFICE,
        "de_codes": distributive_codes_text(newest),
        "regions_page": rules.sources["massgis-regions"],
    }
    pages = {
        "index.md": env.get_template("index.md.j2").render(
            common, root="", current=current_cycles(rules, today), today=today
        ),
        "cycles/compare.md": env.get_template("compare.md.j2").render(
            common,
            root="../",
            cycles=list(rules.cycles()),
            limit=distributive_limit_text,
            profile=training_profile_fees,
            fees_of=cycle_fees,
        ),
        "pathways.md": env.get_template("pathways.md.j2").render(
            common, root="", cycle=newest, profile=training_profile_fees
        ),
        "alignment.md": env.get_template("alignment.md.j2").render(
            common, root="", cases=_alignment_cases(rules), newest=newest
        ),
        MAINTAINERS_PAGE: env.get_template("maintainers.md.j2").render(
            common, root="", values=provisional_values(rules), PARAMETERS=PARAMETERS
        ),
        "regions.md": env.get_template("regions.md.j2").render(common, root="", home=region),
        "sources.md": env.get_template("sources.md.j2").render(common, root="", cited_by=_cited_by(rules)),
        "codes.md": env.get_template("codes.md.j2").render(common, root="", kinds=list(catalogue().values())),
        CHECKER_PAGE: env.get_template("checker.md.j2").render(
            common,
            root="../",
            checker=checker,
            default_cycle=_default_cycle(rules, today),
            first_visit=Markup(FIRST_VISIT),
            wording=page_wording(),
        ),
    }
    boosts = search_boosts(rules, today)
    for cycle in rules.cycles():
        previous = rules.cycle(cycle.year - 1) if cycle.year - 1 in rules.years else None
        description = (
            f"What renewing a Massachusetts EMT, Advanced EMT or Paramedic card that expires in {cycle.year} "
            "takes: the hours, the window, the fees and the steps, with their sources."
        )
        pages[f"cycles/{cycle.year}.md"] = front_matter(description, boosts.get(cycle.year)) + env.get_template(
            "cycle.md.j2"
        ).render(
            common,
            root="../",
            cycle=cycle,
            timeline=timeline(cycle),
            limit=distributive_limit_text,
            profile=training_profile_fees,
            fee_names=cycle_fees(cycle),
            previous=previous,
            changes=changes(previous, cycle) if previous else [],
            total=lambda hours: sum(hours.values(), Fraction(0)),
            requirement_names=REQUIREMENT_PARAMETERS,
            headline=provisional_headline(cycle),
            today=today,
            ended=ended_text(cycle, today),
            steps=cycle_steps(cycle),
            shown_reasons=shown_provisional_reasons(cycle),
        )
    for name in STATIC_PAGES:
        pages[name] = env.get_template(f"{name}.j2").render(common, root="")
    return pages


def _alignment_cases(rules: Rules) -> list[tuple[int, int | None, str, object]]:
    """The cases of the OEMS alignment page, by (Massachusetts year, NREMT year, NREMT status)."""
    newest = rules.newest_sourced
    rows = [
        (newest, newest, "current"),
        (newest, newest + 1, "current"),
        (newest + 1, newest, "current"),
        (newest + 1, newest + 2, "current"),
        (newest, newest + 3, "current"),
        (newest, None, "expired"),
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
