"""Every call the checker page and its worker make to Python names a function of recert_core/browser.py
that takes the arguments given. The JavaScript is read as text (no browser, no Node.js), so a rename
or a new argument on either side fails here, in `make test-fast`, rather than as a runtime error in
a browser.

The page (site_plugins/assets/*.mjs) asks the worker in two ways: `pageCall("name", [args])`, which
the worker runs as `recert_core.browser.name(*args)` if its CALLS list names it, and `call("op",
args...)` (or `offer("op", ...)`, a download), which runs the worker's own operation `op`; an
operation calls `browser.function(...)` with its own arguments, or passes the page's on (`...values`).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from recert_core import browser

ASSETS = Path(__file__).resolve().parent.parent / "site_plugins" / "assets"
WORKER = "worker.mjs"


def page_sources() -> dict[str, str]:
    """The page's modules by file name: every module of assets/ but the worker's."""
    return {p.name: p.read_text() for p in sorted(ASSETS.glob("*.mjs")) if p.name not in (WORKER, "guard.mjs")}


# --- reading the JavaScript ----------------------------------------------------------------------

OPENING, CLOSING = "([{", ")]}"


def _skip_string(text: str, at: int) -> int:
    """The index after the string literal that starts at `at` (a template literal's ${} included)."""
    quote, at = text[at], at + 1
    while text[at] != quote:
        at += 2 if text[at] == "\\" else 1
    return at + 1


def arguments(text: str, opening: int) -> list[str]:
    """The top-level comma-separated items between the bracket at `opening` and its match."""
    items, depth, start, at = [], 0, opening + 1, opening + 1
    while True:
        char = text[at]
        if char in "\"'`":
            at = _skip_string(text, at)
            continue
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            if depth == 0:
                items.append(text[start:at])
                return [item.strip() for item in items if item.strip()]
            depth -= 1
        elif char == "," and depth == 0:
            items.append(text[start:at])
            start = at + 1
        at += 1


def calls_of(text: str, function: str) -> list[tuple[str, list[str]]]:
    """Each call `function("name", ...)` in `text` with a string literal first: (name, other arguments)."""
    found = []
    for match in re.finditer(rf'(?<![\w.]){re.escape(function)}\((?="(\w+)")', text):
        found.append((match[1], arguments(text, match.end() - 1)[1:]))
    return found


def page_calls(sources: dict[str, str]) -> list[tuple[str, str, int]]:
    """(module, name, number of arguments) of each `pageCall("name", [args])` of the page."""
    found = []
    for module, text in sources.items():
        for name, rest in calls_of(text, "pageCall"):
            assert rest and rest[0].startswith("["), f"{module}: pageCall({name!r}, ...) without an array of arguments"
            found.append((module, name, len(arguments(rest[0], 0))))
    return found


def page_operations(sources: dict[str, str]) -> list[tuple[str, str, int]]:
    """(module, op, number of arguments) of each `call("op", ...)` and `offer("op", ...)` of the page."""
    found = []
    for module, text in sources.items():
        found += [(module, op, len(rest)) for op, rest in calls_of(text, "call") if op != "call"]
        found += [(module, op, 0) for op, _ in calls_of(text, "offer")]  # offer(op) asks call(op)
    return found


def worker_calls(worker: str) -> list[str]:
    """The names the worker's CALLS lists: the only ones `pageCall` may run."""
    listed = re.search(r"const CALLS = \[(.*?)\];", worker, re.DOTALL)
    assert listed, "worker.mjs has no CALLS list"
    return re.findall(r'"(\w+)"', listed[1])


def worker_operations(worker: str) -> dict[str, tuple[list[str], list[tuple[str, list[str]]]]]:
    """The worker's operations, by name: (their parameters, the `browser.function(args)` each calls)."""
    operations = {}
    for match in re.finditer(r"^ {4}(\w+): \(([^)]*)\) =>", worker, re.MULTILINE):
        body_end = worker.find("\n    ", match.end())  # an operation's body ends where the next starts
        body = worker[match.end() : body_end if body_end != -1 else None]
        called = [(m[1], arguments(body, m.end() - 1)) for m in re.finditer(r"\bbrowser\.(\w+)\(", body)]
        params = [p.strip() for p in match[2].split(",") if p.strip()]
        operations[match[1]] = (params, called)
    assert operations, "worker.mjs's operations were not found"
    return operations


# --- what must agree -----------------------------------------------------------------------------


def _takes(name: str, count: int | None) -> str | None:
    """None when recert_core.browser has a public function `name` that takes `count` positional
    arguments (None: any number, the page's arguments passed on); else what is wrong."""
    function: Callable | None = getattr(browser, name, None)
    if name.startswith("_") or not inspect.isfunction(function):
        return f"recert_core.browser has no function {name}"
    if count is not None:
        try:
            inspect.signature(function).bind(*[None] * count)
        except TypeError as error:
            return f"recert_core.browser.{name} does not take {count} arguments ({error})"
    return None


def mismatches(sources: dict[str, str], worker: str) -> list[str]:
    """Every disagreement between the page's calls, the worker's and recert_core.browser's functions."""
    problems: list[str | None] = []
    listed = worker_calls(worker)
    made = page_calls(sources)
    for module, name, count in made:
        if name not in listed:
            problems.append(f"{module}: pageCall({name!r}) is not in worker.mjs's CALLS")
        problems.append(_in(f"{module}: pageCall({name!r})", _takes(name, count)))
    called = {name for _, name, _ in made}
    for name in listed:
        if name not in called:
            problems.append(f"worker.mjs: CALLS lists {name!r}, which the page never calls")
        problems.append(_in(f"worker.mjs: CALLS lists {name!r}", _takes(name, None)))
    operations = worker_operations(worker)
    for module, op, count in page_operations(sources):
        if op not in operations:
            problems.append(f"{module}: call({op!r}) is not an operation of worker.mjs")
            continue
        params, functions = operations[op]
        if not (params and params[-1].startswith("...")) and count != len(params):
            problems.append(f"{module}: call({op!r}) gives {count} arguments, worker.mjs's {op} takes {len(params)}")
        for function, args in functions:
            passed_on = [arg for arg in args if arg.startswith("...")]  # the page's arguments, passed on
            given = len(args) - len(passed_on) + (count if passed_on else 0)
            problems.append(_in(f"{module}: call({op!r}) -> worker.mjs's browser.{function}", _takes(function, given)))
    for op, (_, functions) in operations.items():  # the worker's own arguments, whether the page asks or not
        for function, args in functions:
            if not any(arg.startswith("...") for arg in args):
                problems.append(_in(f"worker.mjs's {op}", _takes(function, len(args))))
    return [problem for problem in problems if problem]


def _in(where: str, problem: str | None) -> str | None:
    return problem and f"{where}: {problem}"


def test_every_call_of_the_page_and_the_worker_names_a_function_of_browser_py_with_its_arguments():
    sources, worker = page_sources(), (ASSETS / WORKER).read_text()
    assert mismatches(sources, worker) == []
    # What was read: the calls the page makes, so that a reader that found nothing cannot pass.
    assert {"run_check", "preview", "run_editor"} <= {name for _, name, _ in page_calls(sources)}
    assert {"ready", "plan", "json", "csv"} <= {op for _, op, _ in page_operations(sources)}
    assert ("calls.mjs", "ready", 0) in page_operations(sources)


def _renamed(sources: dict[str, str], worker: str, old: str, new: str, *, in_worker: bool):
    if in_worker:
        return sources, worker.replace(old, new)
    return {module: text.replace(old, new) for module, text in sources.items()}, worker


@pytest.mark.parametrize(
    ("old", "new", "in_worker", "said"),
    [
        # The page asks for a function by another name than the worker's list.
        ('pageCall("run_check"', 'pageCall("run_checks"', False, "pageCall('run_checks') is not in worker.mjs's CALLS"),
        # The worker lists a name recert_core.browser does not have.
        ('"person_report"', '"person_reports"', True, "recert_core.browser has no function person_reports"),
        # An argument more than the function takes.
        ('pageCall("report_rows", [', 'pageCall("report_rows", [0, ', False, "does not take 3 arguments"),
        # An operation the worker does not have.
        ('call("ready")', 'call("started")', False, "call('started') is not an operation of worker.mjs"),
        # The plan's form values one short of run_plan's.
        (", localDate());", ");", False, "run_plan: recert_core.browser.run_plan does not take 7 arguments"),
        # A name the worker would run that the page never asks for.
        ('"editor_csv"]', '"editor_csv", "idle"]', True, "CALLS lists 'idle', which the page never calls"),
        # The worker's own call to a renamed function.
        ("browser.last_csv()", "browser.latest_csv()", True, "recert_core.browser has no function latest_csv"),
    ],
)
def test_a_rename_or_another_argument_on_either_side_is_found(old, new, in_worker, said):
    sources, worker = page_sources(), (ASSETS / WORKER).read_text()
    assert old in (worker if in_worker else "".join(sources.values()))
    problems = mismatches(*_renamed(sources, worker, old, new, in_worker=in_worker))
    assert any(said in problem for problem in problems), problems
