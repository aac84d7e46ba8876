"""The README and the pages under docs/ stay short, reachable and true to the code: every relative link
goes to a file (and heading) that exists, the README stays within a five-minute read, every option of
`recert` and every key of its JSON report is named in the command-line reference, and every page in
docs/ is either a page of the readers' site or one the site leaves out on purpose."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import ROOT, mkdocs_config

from recert_core.cli import _parser, main
from recert_core.template import TEMPLATE

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
README_BUDGET = 200  # lines: what a newcomer reads in five minutes

CODE_BLOCK = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|<((?![a-z][a-z0-9+.-]*:)[^>\s]+\.md[^>\s]*)>")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def prose(text: str) -> str:
    """The Markdown without its code: a path in a code block or in backticks is not a link."""
    return INLINE_CODE.sub("", CODE_BLOCK.sub("", text))


def links(path: Path) -> list[str]:
    return [a or b for a, b in LINK.findall(prose(path.read_text(encoding="utf-8")))]


def slug(heading: str) -> str:
    """A heading's anchor as GitHub and MkDocs' toc both make it for the headings written here."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").lower()
    return re.sub(r"[^\w\- ]", "", text).strip().replace(" ", "-")


@cache
def anchors(path: Path) -> frozenset[str]:
    return frozenset(slug(h) for h in HEADING.findall(CODE_BLOCK.sub("", path.read_text(encoding="utf-8"))))


@cache
def generated_pages() -> frozenset[str]:
    """The pages the plugin writes into docs/ at build time (a docs page may link to them)."""
    from conftest import RULES, SITE_NAME

    from site_plugins.pages import render_pages

    pages = render_pages(RULES, 3, date(2026, 11, 21), {"pyodide": "0", "worker": "w.mjs"}, site_name=SITE_NAME)
    return frozenset(pages)


def broken(source: Path, target: str) -> str:
    """Why a relative link from `source` is broken, or "" when it is not."""
    if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:, tel:
        return ""
    address, _, fragment = unquote(target).partition("#")
    file = (source.parent / address).resolve() if address else source
    if not file.exists():
        generated = source.parent == DOCS and address in generated_pages()
        return "" if generated else f"{target}: no such file"
    if fragment and file.suffix == ".md" and fragment not in anchors(file):
        return (
            f"{target}: no heading #{fragment} in {file.relative_to(ROOT) if file.is_relative_to(ROOT) else file.name}"
        )
    return ""


@pytest.mark.parametrize("path", [README, *PAGES], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_points_to_a_file_that_exists(path):
    found = links(path)
    assert found or path.name == "benchmarks.md"  # the pattern finds this file's links at all
    assert [why for target in found if (why := broken(path, target))] == []


def test_the_link_check_sees_a_broken_link(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# A page\n\n[ok](page.md#a-page) [gone](missing.md) `[code](nowhere.md)` [bad](page.md#nope)\n")
    reasons = [broken(page, target) for target in links(page)]
    assert reasons[:2] == ["", "missing.md: no such file"] and len(reasons) == 3  # the code is no link
    assert reasons[2].startswith("page.md#nope: no heading #nope in ") and reasons[2].endswith("page.md")


def test_the_readme_reads_in_five_minutes():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_BUDGET


def test_the_readme_links_every_page_in_docs():
    linked = {(README.parent / target.partition("#")[0]).resolve() for target in links(README)}
    assert [page.name for page in PAGES if page.resolve() not in linked] == []


def test_every_page_in_docs_is_in_the_site_or_left_out_on_purpose():
    """A page under docs/ is either one of the site's (in the plugin's navigation) or excluded by name in
    mkdocs.yml's exclude_docs: a new page is a choice, never a strict-build failure or a stray page."""
    from conftest import RULES

    from site_plugins.pages import navigation

    def flatten(items) -> set[str]:
        found: set[str] = set()
        for item in items:
            for value in item.values():
                found |= flatten(value) if isinstance(value, list) else {value}
        return found

    in_site = flatten(navigation(RULES))
    excluded = set(mkdocs_config()["exclude_docs"].split())
    assert [page.name for page in PAGES if (page.name in in_site) == (page.name in excluded)] == []


def _options(parser: argparse.ArgumentParser) -> dict[str, set[str]]:
    """Every long option of `recert` and of each of its commands, by command ("" for `recert` itself)."""
    found: dict[str, set[str]] = {"": set()}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = {o for a in sub._actions for o in a.option_strings if o.startswith("--")}
        else:
            found[""] |= {o for o in action.option_strings if o.startswith("--")}
    return found


def test_every_command_and_option_is_in_the_command_line_reference():
    reference = (DOCS / "command-line.md").read_text(encoding="utf-8")
    options = _options(_parser())
    assert {"check", "rules", "plan", "template"} <= set(options)
    missing = [
        f"recert {name} {option}".replace("  ", " ")
        for name, found in options.items()
        for option in found
        if option != "--help" and f"`{option}" not in reference
    ]
    missing += [f"recert {name}" for name in options if name and f"`recert {name}" not in reference]
    assert missing == []
    readme = README.read_text(encoding="utf-8")
    assert [name for name in options if name and f"recert {name}" not in readme] == []


def test_every_key_of_the_json_report_is_in_the_command_line_reference(tmp_path, capsys):
    transcript = tmp_path / "t.csv"
    transcript.write_text(TEMPLATE, encoding="utf-8")
    main(["check", str(transcript), "--level", "emt", "--cycle", "2027", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    reference = (DOCS / "command-line.md").read_text(encoding="utf-8")
    keys = set(report) | set(report["file"]) | set(report["next_steps"]) | set(report["rows"][0])
    keys |= set(report["rows"][0]["reasons"][0]) | set(next(iter(report["components"].values())))
    assert sorted(key for key in keys if f"`{key}`" not in reference) == []
