"""The PDF reader as the browser runs it: the built site's own Pyodide under Node.js, its trimmed standard
library, the checker's wheel (which leaves the certificate reader out) and the PDF reader's bundle fetched
on demand (pypdf, the certificate reader and the standard-library modules they need, as bytecode). Every
certificate of the folder reads to what CPython reads, AES-128 and AES-256 ones included, with no compiled
crypto; and the checker's first visit does not carry the reader."""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from certificate_pdfs import CERTIFICATES, folder

from recert_core import browser
from recert_core.packet import check_packet

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.node  # (and "site", from the built_site fixture): left out by make test-fast


def worker_files(built_site: Path) -> dict[str, str]:
    page = (built_site / "checker" / "index.html").read_text()
    worker = re.search(r'data-worker="([^"]+)"', page)[1]
    return {name: values[0] for name, values in parse_qs(urlsplit(html.unescape(worker)).query).items()}


def test_the_checkers_wheel_leaves_the_reader_out_and_the_bundle_has_it(built_site):
    files = worker_files(built_site)
    checker = built_site / "checker"
    with zipfile.ZipFile(checker / files["wheel"]) as wheel:
        assert not [n for n in wheel.namelist() if n.startswith("recert_core/certificates/")]
    with zipfile.ZipFile(checker / files["pdf"]) as bundle:
        names = set(bundle.namelist())
    assert {
        "pypdf/__init__.pyc",
        "recert_core/certificates/__init__.pyc",
        "recert_core/certificates/words.toml",
    } <= names
    assert {"secrets.pyc", "xml/dom/minidom.pyc"} <= names and not [n for n in names if n.endswith(".py")]
    assert any(n.startswith("pypdf-") and n.endswith("LICENSE.txt") for n in names)  # BSD: the notice goes with it
    listed = json.loads(re.search(r"const FILES = (\{.*?\n\});", (built_site / "sw.js").read_text(), re.S)[1])
    assert listed[f"checker/{files['pdf']}"][2] == "demand"  # kept once fetched, never at install nor warmed


def test_certificates_read_in_the_browsers_python_as_in_cpython(built_site, tmp_path):
    if not shutil.which("node"):
        pytest.fail("Node.js is needed for this test (it is on every machine of this kind)")
    paths = folder(tmp_path)
    names = list(CERTIFICATES)
    files = worker_files(built_site)
    checker = built_site / "checker"
    done = subprocess.run(
        [
            "node",
            str(ROOT / "tests/node/run_certificates.mjs"),
            str(checker / "pyodide"),
            str(checker / files["wheel"]),
            str(checker / files["bytecode"]),
            str(checker / files["pdf"]),
            *[str(paths[n]) for n in names],
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, "\n".join(line for line in done.stderr.splitlines() if len(line) < 300)[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    answer = result["answer"]
    expected = json.loads(browser.read_certificates([paths[n].read_bytes() for n in names], names))
    assert answer == expected
    by_name = {f["name"]: f for f in answer["files"]}
    assert (
        by_name["aes256_no_copying.pdf"]["encrypted"] == "AES-256" and not by_name["aes256_no_copying.pdf"]["problem"]
    )
    assert by_name["locked.pdf"]["problem"] == "certificate-locked"
    # Checked as confirmed, and the audit packet made, with the browser's trimmed standard library.
    assert result["report"]["ok"] and sum(r["counted"] for r in result["report"]["report"]["rows"]) > 0
    manifest = check_packet(base64.b64decode(result["packet"]))
    assert {f"files/{n}" for n in names} <= {entry["name"] for entry in manifest["files"]}
