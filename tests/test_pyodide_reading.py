"""The reading layer on the built site's own Python (Pyodide under Node.js, as the page's worker runs
it): workbooks (.xlsx with xml.etree and zipfile from the trimmed standard library, .ods), several
files passed as an array, a column mapping, a roster and the column step's preview give the same
bytes as on CPython."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import FIXTURES

from recert_core import browser

ROOT = Path(__file__).resolve().parent.parent
READING = FIXTURES / "reading"
TODAY = "2026-11-21"
CASES = [
    {"call": "check", "files": ["nremt_transcript.xlsx"], "names": None, "columns": ""},
    {"call": "check", "files": ["hand_zipped_1904.xlsx"], "names": None, "columns": ""},
    {"call": "check", "files": ["libreoffice.ods"], "names": None, "columns": ""},
    {"call": "check", "files": ["excel_tracker.xlsx"], "names": None, "columns": ""},
    {"call": "check", "files": ["roster.xlsx"], "names": None, "columns": ""},
    {
        "call": "check",
        "files": ["vendor_ce_report.csv", "agency_platform.csv"],
        "names": ["v.csv", "a.csv"],
        "columns": "",
    },
    {"call": "check", "files": ["google_sheets_tracker.csv"], "names": None, "columns": "hours=Units,title=Program"},
    {"call": "check", "files": ["certificate.pdf"], "names": None, "columns": ""},
    {"call": "preview", "files": ["nremt_transcript_copy.txt"], "names": ["copy.txt"], "columns": ""},
]


def cpython(case: dict) -> str:
    contents = [(READING / f).read_bytes() for f in case["files"]]
    data = contents[0] if len(contents) == 1 and not case["names"] else contents
    if case["call"] == "preview":
        return browser.preview(data, case["names"], case["columns"]).decode()
    return browser.run_check(data, "emt", "2026", TODAY, case["names"], case["columns"]).decode()


pytestmark = pytest.mark.node  # (and "site", from the built_site fixture): left out by make test-fast


@pytest.fixture(scope="module")
def pyodide_answers(built_site: Path):
    if not shutil.which("node"):
        pytest.fail("Node.js is needed for this test (it is on every machine of this kind)")
    checker = built_site / "checker"
    worker = re.search(r'data-worker="([^"]+)"', (checker / "index.html").read_text())[1]
    files = parse_qs(urlsplit(html.unescape(worker)).query)
    lines = "\n".join(
        json.dumps(
            case | {"files": [str(READING / f) for f in case["files"]], "level": "emt", "cycle": "2026", "today": TODAY}
        )
        for case in CASES
    )
    done = subprocess.run(
        [
            "node",
            str(ROOT / "tests/node/run_reading.mjs"),
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
    answers = [json.loads(line)["payload"] for line in done.stdout.splitlines()]
    assert len(answers) == len(CASES)
    return answers


@pytest.mark.parametrize("index", range(len(CASES)), ids=[f"{c['call']}-{'+'.join(c['files'])}" for c in CASES])
def test_pyodide_reads_as_cpython_does(pyodide_answers, index):
    answer = pyodide_answers[index]
    assert answer == cpython(CASES[index])
    parsed = json.loads(answer)
    assert parsed["ok"] is (CASES[index]["files"] != ["certificate.pdf"])
