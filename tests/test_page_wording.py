"""The page's wording is data: every sentence and label the checker page's scripts show is a template in
sentences.toml's page part, handed to the page by the build (site_plugins/pages.py) and said by
wording.mjs's say("key", { values }). Read from the modules' source with a small tokenizer, so a key
that does not exist, a value a template needs and is not given, a value given and never said, or a page
sentence no module uses fails here, before any reader could see it (and before any browser starts)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import string
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from recert_core.problems import fields_of, group
from site_plugins.pages import page_wording

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "site_plugins" / "assets"
MODULES = sorted(p for p in ASSETS.glob("*.mjs") if p.name != "wording.mjs")

# A JavaScript token, as far as reading say(...) calls needs: comments and strings skipped whole (a template
# literal's ${...} is read as code), names, and single characters of punctuation.
TOKEN = re.compile(
    r"""(?P<space>\s+|//[^\n]*|/\*.*?\*/)
      | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<name>[A-Za-z_$][\w$]*)
      | (?P<punct>.)""",
    re.VERBOSE | re.DOTALL,
)


@dataclass
class Call:
    module: str
    line: int
    key: str | None  # None: not a string literal
    names: set[str]
    spread: bool  # the values object has a ...spread, or is not an object literal

    def __str__(self) -> str:
        return f"{self.module}:{self.line}"


def tokens(source: str) -> list[tuple[str, str, int]]:
    """(kind, text, line) of every token but spaces and comments; a template literal's text parts are
    one "template" token each, its ${...} parts tokens of their own."""
    out: list[tuple[str, str, int]] = []
    line, i, braces = 1, 0, [0]  # braces: open { count within each template's ${...}, innermost last

    def template_part(start: int) -> int:  # from after ` or }, to after ` or ${
        j = start
        while j < len(source):
            ch = source[j]
            if ch == "\\":
                j += 2
                continue
            if ch == "`":
                return j + 1
            if source.startswith("${", j):
                braces.append(0)
                return j + 2
            j += 1
        raise AssertionError("unterminated template literal")

    while i < len(source):
        if source[i] == "`" or (source[i] == "}" and len(braces) > 1 and braces[-1] == 0):
            if source[i] == "}":
                braces.pop()
            end = template_part(i + 1)
            out.append(("template", source[i:end], line))
            line += source.count("\n", i, end)
            i = end
            continue
        m = TOKEN.match(source, i)
        assert m is not None
        kind = m.lastgroup or ""
        if kind == "punct" and m["punct"] == "{":
            braces[-1] += 1
        elif kind == "punct" and m["punct"] == "}":
            braces[-1] -= 1
        if kind != "space":
            out.append((kind, m.group(), line))
        line += m.group().count("\n")
        i = m.end()
    return out


def labels_calls(path: Path) -> list[tuple[str, int, str | None]]:
    """(module, line, prefix) of every labels("prefix") call: all of a table's labels, looked up by a value."""
    toks = tokens(path.read_text(encoding="utf-8"))
    return [
        (path.name, line, json.loads(toks[n + 2][1]) if toks[n + 2][0] == "string" and toks[n + 3][1] == ")" else None)
        for n, (kind, text, line) in enumerate(toks)
        if kind == "name" and text == "labels" and toks[n + 1][1] == "(" and toks[n - 1][1] not in {".", "function"}
    ]


def object_names(toks: list[tuple[str, str, int]], at: int) -> tuple[set[str], bool]:
    """The property names of the object literal opening at toks[at] ("{"), and whether it has a ...spread."""
    names: set[str] = set()
    spread, depth, j = False, 0, at
    while True:
        kind, text, _ = toks[j]
        if kind == "punct" and text in "([{":
            depth += 1
        elif kind == "punct" and text in ")]}":
            depth -= 1
            if depth == 0:
                return names, spread
        elif depth == 1 and kind == "punct" and text == "." and toks[j + 1][1] == ".":
            spread = True
        elif (
            depth == 1
            and kind in {"name", "string"}
            and toks[j - 1][1] in {"{", ","}
            and toks[j + 1][1] in {":", ",", "}"}
        ):
            names.add(json.loads(text) if kind == "string" else text)  # `name: value`, or `name` alone
        j += 1


def say_calls(path: Path, function: str = "say", table: str = "") -> list[Call]:
    """Every function("key", { values }) call of a module; its key as the page's wording has it, `table`
    (fault("code") is the sentence "fault.code")."""
    toks = tokens(path.read_text(encoding="utf-8"))
    found = []
    for n, (kind, text, line) in enumerate(toks):
        if kind != "name" or text != function or toks[n + 1][1] != "(":
            continue
        if n and toks[n - 1][1] in {".", "function"}:
            continue  # another object's say, or the definition
        arg = toks[n + 2]
        key = table + json.loads(arg[1]) if arg[0] == "string" and arg[1].startswith('"') else None
        names: set[str] = set()
        spread = toks[n + 3][1] not in {",", ")"}  # one argument that is not a literal, or more than two
        if toks[n + 3][1] == ",":
            if toks[n + 4][1] == "{":
                names, spread = object_names(toks, n + 4)
            else:
                spread = True  # values that are not an object literal
        found.append(Call(path.name, line, key, names, spread))
    return found


# The worker's faults (fault.mjs) are said by the page as the sentences of [page.fault]: read as say() is.
CALLS = [call for path in MODULES for call in say_calls(path) + say_calls(path, "fault", "fault.")]
LABELS = [found for path in MODULES for found in labels_calls(path)]
WORDING = group("page")


def labelled(prefix: str) -> list[str]:
    return [key for key in WORDING if key.startswith(prefix + ".")]


def test_the_modules_say_things():
    assert len(CALLS) > 100  # the tokenizer found the calls (a broken one would find none, and pass)
    assert {call.module for call in CALLS} >= {"report.mjs", "roster.mjs", "columns.mjs", "checker.mjs"}
    # The worker's scripts, which have no wording, tell the reader what failed by a fault's code.
    faults = {call.module for call in CALLS if call.key and call.key.startswith("fault.")}
    assert faults == {"worker.mjs", "guard.mjs", "pdf-reader.mjs"}


def test_every_say_names_a_page_sentence_and_gives_exactly_its_values():
    wrong = []
    for call in CALLS:
        if call.key is None:
            wrong.append(f"{call}: say()'s key must be a string literal (the test reads it)")
        elif call.key not in WORDING:
            wrong.append(f"{call}: no page sentence {call.key!r} in sentences.toml's [page.*]")
        elif call.spread:
            wrong.append(f"{call}: say()'s values must be an object literal of names (the test reads them)")
        else:
            needed = fields_of(WORDING[call.key])
            if needed - call.names:
                wrong.append(f"{call}: {call.key} needs {sorted(needed - call.names)}")
            if call.names - needed:
                wrong.append(f"{call}: {call.key} never says {sorted(call.names - needed)}")
    assert not wrong, "\n".join(wrong)


def test_every_labels_table_exists_and_has_no_placeholders():
    wrong = []
    for module, line, prefix in LABELS:
        if prefix is None:
            wrong.append(f"{module}:{line}: labels()'s table must be one string literal")
        elif not labelled(prefix):
            wrong.append(f"{module}:{line}: no page table {prefix!r}")
        else:
            wrong += [f"{module}:{line}: {key} has placeholders" for key in labelled(prefix) if fields_of(WORDING[key])]
    assert not wrong, "\n".join(wrong)


def test_no_page_sentence_is_unused():
    used = {call.key for call in CALLS} | {key for _, _, prefix in LABELS if prefix for key in labelled(prefix)}
    unused = sorted(set(WORDING) - used)
    assert not unused, f"page sentences no module says: {unused}"


def test_page_templates_use_names_only():
    """wording.mjs fills {name} (and {{ }}), as str.format does; a conversion or a format spec it does not."""
    wrong = [
        key
        for key, text in WORDING.items()
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None and (spec or conversion)
    ]
    assert not wrong


def test_the_page_part_is_only_under_its_ruler():
    """The page's tables sit in the page part of sentences.toml (merges of parallel branches stay clean)."""
    text = (ROOT / "recert_core" / "sentences.toml").read_text(encoding="utf-8")
    ruler = text.index("# The page (site_plugins/assets/*.mjs)")
    tables = [m.start() for m in re.finditer(r"^\[page[.\]]", text, re.MULTILINE)]
    assert tables and all(at > ruler for at in tables)


def test_the_wording_block_is_the_page_part_and_cannot_close_itself():
    block = str(page_wording())
    assert json.loads(block) == WORDING
    assert "<" not in block and ">" not in block and "&" not in block


@pytest.mark.node
def test_say_fills_as_str_format_does():
    """wording.mjs's say() against Python's str.format, on templates with braces, repeats and unicode."""
    templates = {
        "a": "“{name}” will be checked…",
        "b": "{{literal}} {x} and {x} again, {y_2}{{",
        "c": "nothing to fill",
        "d": "{n} of {total} MB",
    }
    values = {"name": "a }{ b", "x": "$&", "y_2": 0.5, "n": 3, "total": "13.2"}
    script = f"""
globalThis.document = {{ getElementById: () => ({{ textContent: {json.dumps(json.dumps(templates))} }}) }};
const {{ say }} = await import({json.dumps((ASSETS / "wording.mjs").as_uri())});
const values = {json.dumps(values)};
console.log(JSON.stringify(Object.fromEntries(Object.keys({json.dumps(templates)}).map((k) => [k, say(k, values)]))));
let failed = "";
try {{ say("d", {{ n: 1 }}); }} catch (error) {{ failed = error.message; }}
console.log(failed);
"""
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    said, failed = done.stdout.splitlines()
    expected = {key: t.format_map({**values, "y_2": 0.5}) for key, t in templates.items()}
    assert json.loads(said) == expected
    assert "value-missing: d {total}" in failed


def test_the_built_checker_page_carries_the_wording_as_data(built_site: Path):
    """The checker page holds the page part as a JSON data block before its modules, which the page's
    Content-Security-Policy need not (and does not) list: it is not a script."""
    html = (built_site / "checker" / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="recert-wording">(.*?)</script>', html, re.DOTALL)
    assert found is not None
    assert json.loads(found[1]) == WORDING
    assert html.index('id="recert-wording"') < html.index('src="checker.mjs"')
    scripts = re.search(r'http-equiv="Content-Security-Policy" content="[^"]*script-src ([^;"]*)', html)
    assert scripts is not None
    digest = base64.b64encode(hashlib.sha256(found[1].encode()).digest()).decode()
    assert "'sha256-" in scripts[1]  # the page's inline scripts are listed by their hashes...
    assert digest not in scripts[1]  # ...and the wording, data, is not one of them
    assert "'unsafe-inline'" not in scripts[1]
