"""`make serve`: on the port given (`make serve PORT=8001`, 8000 by default), and a port already taken said
in one line before MkDocs starts, not as its traceback. Runs make itself (`-o install`: the tools are
installed already, and this is not a test of installing them)."""

from __future__ import annotations

import os
import re
import socket
import subprocess

from conftest import ROOT

# Make's own closing line for a failed target ("make: ***", "make[1]: ***" when `make test` runs this).
MAKE_FAILED = re.compile(r"make(\[\d+\])?: \*\*\*")


def make_serve(*args: str, dry: bool = False) -> subprocess.CompletedProcess:
    """`make serve` as a newcomer runs it: a make of its own, not a sub-make of `make test`'s."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    command = ["make", "--no-print-directory", *(["-n"] if dry else []), "-o", "install", "serve", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)


def test_serve_uses_the_port_given_and_8000_by_default():
    given, default = make_serve("PORT=8123", dry=True), make_serve(dry=True)
    assert given.returncode == 0 and default.returncode == 0, given.stderr + default.stderr
    assert "mkdocs serve --strict -a 127.0.0.1:8123" in given.stdout
    assert "mkdocs serve --strict -a 127.0.0.1:8000" in default.stdout


def test_a_port_taken_is_said_in_one_line_before_mkdocs_starts():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = make_serve(f"PORT={port}")
    assert done.returncode != 0
    ours = [line for line in done.stderr.splitlines() if not MAKE_FAILED.match(line)]
    assert len(ours) == 1 and f"port {port}" in ours[0] and "taken" in ours[0], done.stderr
    assert f"PORT={port + 1}" in ours[0]  # the way out: another port
    assert "Traceback" not in done.stderr and "Building documentation" not in done.stderr + done.stdout


def test_a_port_that_is_not_a_number_is_said_in_one_line():
    done = make_serve("PORT=http")
    ours = [line for line in done.stderr.splitlines() if not MAKE_FAILED.match(line)]
    assert done.returncode != 0 and len(ours) == 1 and "PORT=http" in ours[0], done.stderr
