"""What the checker's start-up leaves for later: importing recert_core.browser reads no catalogue of
sentences and compiles none of the package's patterns (both are Python code that runs slowly on the
browser's not-yet-optimised WebAssembly); `browser.prepare()`, which the worker runs just after
"ready" and before its snapshot, does both. And a lazily compiled pattern is the pattern."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from recert_core import browser, patterns
from recert_core.problems import DataError, Group, group, sentence, sentences

ROOT = Path(__file__).resolve().parent.parent

FRESH = """
import recert_core.browser
from recert_core import patterns, problems
print(problems.sentences.cache_info().currsize, problems.catalogue.cache_info().currsize,
      sum("match" in vars(p) for p in patterns._MADE), len(patterns._MADE))
recert_core.browser.prepare()
print(problems.sentences.cache_info().currsize, problems.catalogue.cache_info().currsize,
      sum("match" in vars(p) for p in patterns._MADE), len(patterns._MADE))
"""


def test_the_import_reads_no_sentences_and_compiles_no_pattern_and_prepare_does_both():
    done = subprocess.run([sys.executable, "-c", FRESH], cwd=ROOT, capture_output=True, text=True, check=True)
    imported, prepared = ([int(n) for n in line.split()] for line in done.stdout.splitlines())
    assert imported[:3] == [0, 0, 0]
    assert imported[3] >= 30  # the package's module-level patterns, all waiting
    assert prepared == [1, 1, prepared[3], prepared[3]]  # read once each, and every pattern compiled


def test_a_lazy_pattern_is_the_pattern_it_stands_for():
    browser.prepare()
    assert patterns._MADE
    for lazy in patterns._MADE:
        compiled = re.compile(lazy._source, lazy._flags)
        assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (
            compiled.pattern,
            compiled.flags,
            compiled.groups,
            compiled.groupindex,
        )


@pytest.mark.parametrize("text", ["", "abc 123", "12:30 PM", "2025-03-19", "T1-2201 and F3-0001", "x" * 300])
def test_a_fresh_lazy_pattern_answers_as_re_compile_from_its_first_use(text):
    for source, flags in (
        (r"(\d+)", 0),
        (r"[a-z]+", re.IGNORECASE),
        (r"(?P<h>\d{1,2}):(?P<m>\d{2})", 0),
        (r"\s+", 0),
    ):
        fresh, compiled = patterns.regex(source, flags), re.compile(source, flags)
        assert [m.span() for m in fresh.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        assert fresh.sub("#", text) == compiled.sub("#", text)
        assert fresh.split(text) == compiled.split(text)
        assert bool(fresh.fullmatch(text)) == bool(compiled.fullmatch(text))


def test_a_group_is_its_table_in_order_or_the_keys_named():
    whole = group("reading.fields")
    assert dict(whole) == {
        k[len("reading.fields.") :]: v for k, v in sentences().items() if k.startswith("reading.fields.")
    }
    named = Group("reading.fields", ("title", "date"))
    assert list(named) == ["title", "date"] and len(named) == 2
    assert "hours" not in named and "date" in named
    assert named["date"] == sentence("reading.fields.date")
    assert group("reading.fields") is whole  # made once


def test_a_group_naming_a_key_the_catalogue_lacks_fails_when_read():
    missing = Group("reading.fields", ("date", "no-such-field"))
    assert list(missing) == ["date", "no-such-field"]  # not read yet
    with pytest.raises(DataError, match="no-such-field"):
        missing["date"]
