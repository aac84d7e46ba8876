"""The same checks on Pyodide's Python (under Node.js, from the npm package the site ships) and on
CPython give the same bytes: a difference between Python versions is caught without a browser."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from recert_core.browser import run_check

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-21"
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
def pyodide_results(tmp_path_factory):
    if not shutil.which("node"):
        pytest.fail("Node.js is needed for this test (it is on every machine of this kind)")
    sys.path.insert(0, str(ROOT))
    from site_plugins.runtime import build_wheel

    name, wheel = build_wheel(ROOT)
    path = tmp_path_factory.mktemp("wheel") / name
    path.write_bytes(wheel)
    lines = "\n".join(json.dumps({"file": str(FIXTURES / f), "level": lv, "cycle": cy, "today": TODAY})
                      for f, lv, cy in CASES)
    done = subprocess.run(["node", str(ROOT / "tests/node/run_check.mjs"), str(path)], input=lines,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(CASES)
    return results


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_pyodide_and_cpython_give_the_same_result(pyodide_results, index):
    result = pyodide_results[index]
    assert result["python"].startswith("3.14")
    name, level, cycle = CASES[index]
    cpython = run_check((FIXTURES / name).read_bytes(), level, cycle, TODAY)
    assert result["payload"] == cpython
    unusable = name in ("saved_as_xlsx.xlsx", "missing_columns.csv", "empty.csv") or cycle == "2031"
    assert json.loads(cpython)["ok"] is not unusable
