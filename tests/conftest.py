"""Shared helpers: the fixture folder and a small CSV builder for hand-written transcripts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
HEADER = "date,title,hours,approval,component,delivery"


def transcript(*rows: str, header: str = HEADER) -> bytes:
    """A transcript file from comma-separated row strings."""
    return ("\n".join((header, *rows)) + "\n").encode("utf-8")


@pytest.fixture
def fixture_bytes():
    return lambda name: (FIXTURES / name).read_bytes()


def build_site(tmp: Path, plugin_options: str = "") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project's mkdocs.yml into tmp/site, with extra `recert` options
    (YAML lines, indented as in mkdocs.yml) such as "region: 1"."""
    text = (ROOT / "mkdocs.yml").read_text()
    options = f"pyodide: {ROOT / 'node_modules/pyodide'}\n" + plugin_options
    lines = "".join(f"      {line}\n" for line in options.strip().splitlines())
    text = text.replace("      region: 3\n", lines if "region:" in plugin_options else "      region: 3\n" + lines)
    config = tmp / "mkdocs.yml"
    config.write_text(text + f"\ndocs_dir: {ROOT / 'docs'}\nsite_dir: {tmp / 'site'}\n")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
