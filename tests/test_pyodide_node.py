"""The same checks on the built site's Python (its Pyodide, standard library and recert_core bytecode,
run under Node.js) and on CPython give the same bytes: a difference between Python versions, or a
stale or broken bytecode file, is caught without a browser."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import FIXTURES, ROOT, TODAY

import recert_core.check
from recert_core.browser import run_check

CASES = [
    ("excel_semicolon_bom_crlf.csv", "emt", "2018"),
    ("windows1252_accents.csv", "emt", "2022"),
    ("excel_unicode_text.txt", "aemt", "2024"),
    ("tab_multiline.tsv", "paramedic", "2026"),
    ("every_problem.csv", "emt", "2018"),
    ("saved_as_xlsx.xlsx", "emt", "2018"),
    ("missing_columns.csv", "emt", "2018"),
    ("empty.csv", "emt", "2018"),
    ("every_problem.csv", "emt", "2031"),
]


@pytest.fixture(scope="module")
def site_python(built_site: Path):
    """Bytecode facts, then the checks' results, from the built site's own Python under Node."""
    if not shutil.which("node"):
        pytest.fail("Node.js is needed for this test (it is on every machine of this kind)")
    checker = built_site / "checker"
    worker = re.search(r'data-worker="([^"]+)"', (checker / "index.html").read_text())[1]
    files = parse_qs(urlsplit(html.unescape(worker)).query)
    lines = "\n".join(
        json.dumps({"file": str(FIXTURES / f), "level": lv, "cycle": cy, "today": TODAY}) for f, lv, cy in CASES
    )
    done = subprocess.run(
        [
            "node",
            str(ROOT / "tests/node/run_check.mjs"),
            str(checker / "pyodide"),
            str(checker / files["wheel"][0]),
            str(checker / files["bytecode"][0]),
        ],
        input=lines,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    facts, *results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(CASES)
    return facts, results


def test_the_site_ships_bytecode_built_from_the_sources_it_ships(site_python):
    facts, _ = site_python
    assert facts["python"].startswith("3.14")
    # The standard library is bytecode only, none of it checked against a source (PEP 552 flags 0b01).
    assert facts["stdlib_sources"] == []
    assert facts["stdlib_bytecode"] > 100 and facts["stdlib_flags"] == [0b01]
    assert facts["json_from"].endswith("python314.zip/json/__init__.pyc")
    # recert_core was imported from bytecode made from exactly the wheel's sources.
    assert {"recert_core.check", "recert_core.rules", "recert_core.browser"} <= set(facts["package"])
    assert all(module == {"flags": 0b01, "matches_source": True} for module in facts["package"].values())
    # Both were compiled as `python -OO` compiles (runtime.OPTIMIZE): no docstrings, in the standard
    # library or in recert_core, whose modules all have one in the source (so this list is not empty
    # when the bytecode keeps them).
    assert facts["docstrings"] == []
    assert recert_core.check.__doc__ and json.__doc__


def test_the_sites_zips_are_stored_for_the_transport_to_compress(built_site: Path):
    checker = built_site / "checker"
    zips = [
        checker / "pyodide" / "python_stdlib.zip",
        *(checker / "wheels").glob("*/*.whl"),
        *(checker / "wheels").glob("*/*.zip"),
    ]
    assert len(zips) == 3
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}, path.name


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_pyodide_and_cpython_give_the_same_result(site_python, index):
    result = site_python[1][index]
    name, level, cycle = CASES[index]
    cpython = run_check((FIXTURES / name).read_bytes(), level, cycle, TODAY).decode()
    assert result["payload"] == cpython
    unusable = name in ("saved_as_xlsx.xlsx", "missing_columns.csv", "empty.csv") or cycle == "2031"
    assert json.loads(cpython)["ok"] is not unusable
