"""One catalogue of sentences: every finding's sentence is a template in codes.toml, every other sentence
a person reads is one in sentences.toml, and the code only names them. Read from the source, so a key
that does not exist, a value a template needs and is not given, a value given and never said, a sentence
nobody uses, or a finding written as English in the code, fails here before any user could read it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from recert_core.problems import (
    CATALOGUE,
    DataError,
    Problem,
    catalogue,
    fields_of,
    read_catalogue,
    read_sentences,
    say,
    sentence,
    sentences,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*(ROOT / "recert_core").rglob("*.py"), *(ROOT / "site_plugins").rglob("*.py")])
KEYWORDS = {"column", "detail"}  # say()'s own, not the template's


def calls(name: str) -> Iterator[tuple[Path, ast.Call]]:
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if called == name:
                    yield path, node


def literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def given(call: ast.Call) -> tuple[set[str], bool]:
    """The value names a call gives, and whether it passes more with **."""
    names = {k.arg for k in call.keywords if k.arg is not None} - KEYWORDS
    return names, any(k.arg is None for k in call.keywords)


def where(path: Path, call: ast.Call) -> str:
    return f"{path.relative_to(ROOT)}:{call.lineno}"


def said_codes() -> dict[tuple[str, str], list[str]]:
    """Every (code, variant) a say() call names literally, with where."""
    found: dict[tuple[str, str], list[str]] = {}
    for path, call in calls("say"):
        if path.name == "problems.py" or not call.args:
            continue
        code = literal(call.args[0])
        variant = literal(call.args[1]) if len(call.args) > 1 else ""
        if code is not None and variant is not None:
            found.setdefault((code, variant), []).append(where(path, call))
    return found


def test_every_say_names_a_finding_and_gives_exactly_its_values():
    wrong = []
    for path, call in calls("say"):
        if path.name == "problems.py":
            continue
        code = literal(call.args[0]) if call.args else None
        variant = literal(call.args[1]) if len(call.args) > 1 else ""
        if code is None or variant is None:
            continue  # a code chosen at run time: the templates it may name are checked below
        kind = catalogue().get(code)
        if kind is None or variant not in kind.messages:
            wrong.append(f"{where(path, call)}: no sentence for {code!r} variant {variant!r}")
            continue
        names, more = given(call)
        needed = fields_of(kind.messages[variant])
        if needed - names and not more:
            wrong.append(f"{where(path, call)}: {code} {variant!r} needs {sorted(needed - names)}")
        if names - needed:
            wrong.append(f"{where(path, call)}: {code} {variant!r} never says {sorted(names - needed)}")
    assert not wrong, "\n".join(wrong)


def test_every_sentence_key_exists_and_is_given_exactly_its_values():
    wrong = []
    for path, call in calls("sentence"):
        if path.name == "problems.py" or not call.args:
            continue
        key = literal(call.args[0])
        if key is None:
            continue
        if key not in sentences():
            wrong.append(f"{where(path, call)}: no sentence {key!r}")
            continue
        names, more = given(call)
        needed = fields_of(sentences()[key])
        if needed - names and not more:
            wrong.append(f"{where(path, call)}: {key} needs {sorted(needed - names)}")
        if names - needed:
            wrong.append(f"{where(path, call)}: {key} never says {sorted(names - needed)}")
    assert not wrong, "\n".join(wrong)


def test_no_finding_is_written_as_english_in_the_code():
    """A Problem is made by say(), never with its sentence written in place (copies of a Problem, such
    as a file's note with the file's name before it, build on a sentence say() made)."""
    written = [
        where(path, call)
        for path, call in calls("Problem")
        if path.name != "problems.py"
        and len(call.args) > 1
        and (literal(call.args[1]) is not None or isinstance(call.args[1], ast.JoinedStr))
    ]
    assert not written, "findings written in place, not from codes.toml:\n" + "\n".join(written)


def test_say_fills_the_template_and_keeps_the_values():
    problem = say("bad-approval", text="ABC-12")
    assert problem.code == "bad-approval"
    assert problem.value("text") == "ABC-12"
    assert "ABC-12" in problem.message
    assert problem.values == (("text", "ABC-12"),)
    with pytest.raises(KeyError):
        say("no-such-code")
    with pytest.raises(KeyError):
        say("bad-approval", "no-such-variant", text="x")
    with pytest.raises(KeyError):  # a value the template needs and was not given
        say("bad-approval")
    assert isinstance(problem, Problem)


def test_sentence_fills_the_template():
    key = next(k for k, t in sentences().items() if not fields_of(t))
    assert sentence(key) == sentences()[key]


CODE = '[codes.x]\neffect="note"\ncolumn=""\ntitle="T"\ndescription="D"\n'


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("message=3\n", "codes.x.message"),
        ('message="{}"\n', "codes.x.message"),
        ('message="{a"\n', "codes.x.message"),
        ("messages=3\n", "codes.x.messages"),
        ('[codes.x.messages]\nv=""\n', "codes.x.messages.v"),
        ('message="in {column}"\n', "codes.x.message"),
        ('[codes.x.messages]\nv="{detail}"\n', "codes.x.messages.v"),
    ],
)
def test_a_broken_template_names_its_key(text, key):
    with pytest.raises(DataError, match=f"^{CATALOGUE}: {key}"):
        read_catalogue((CODE + text).encode())


@pytest.mark.parametrize(("text", "key"), [('[a]\nb = "{0}"\n', "a.b"), ("[a]\nb = 2\n", "a.b"), ("", "no sentences")])
def test_a_broken_sentence_names_its_key(text, key):
    with pytest.raises(DataError, match=f"sentences.toml: {key}"):
        read_sentences(text.encode())


# Sentences said only by a say() whose code or variant is chosen at run time (not a literal the test can
# read), with why: none today (the certificates' notes name their codes at run time, but each of those
# is also said literally). A code added here must name the call that says it.
SAID_AT_RUN_TIME: dict[tuple[str, str], str] = {}


def test_every_sentence_of_a_finding_is_said_somewhere():
    """A (code, variant) in codes.toml that no say() names is a sentence no user can read: dead wording
    that drifts from what the code says."""
    said = said_codes()
    unused = [
        f"{code} {variant!r}"
        for code, kind in catalogue().items()
        for variant in kind.messages
        if (code, variant) not in said and (code, variant) not in SAID_AT_RUN_TIME
    ]
    assert not unused, "sentences in codes.toml that no say() call names:\n" + "\n".join(unused)
    stale = [key for key in SAID_AT_RUN_TIME if key[0] not in catalogue() or key[1] not in catalogue()[key[0]].messages]
    assert not stale, f"listed as said at run time but not in codes.toml: {stale}"


def test_a_sentence_said_in_two_places_is_written_once():
    """ "@key" is another key's sentence: the page's "no limit" is the report's, word for word."""
    assert sentences()["page.hours.none"] == sentences()["report.hours.no-limit"]
    text = read_sentences(b'[a]\nb = "Fee: {fee}"\n[c]\nd = "@a.b"\n')
    assert text == {"a.b": "Fee: {fee}", "c.d": "Fee: {fee}"}


@pytest.mark.parametrize("value", ["@a.missing", "@c.d"])
def test_a_sentence_naming_no_sentence_names_its_key(value):
    with pytest.raises(DataError, match=r"sentences\.toml: c\.e"):
        read_sentences(f'[a]\nb = "x"\n[c]\nd = "@a.b"\ne = "{value}"\n'.encode())
