"""`recert check`'s progress line: on a terminal's stderr only (a pty here), redrawn in place and cleared at
the end; nothing at all when stderr is a pipe, a file or a capture."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

import pytest
from test_roster import roster

from recert_core import cli, progress

COLUMNS = 300  # the terminal's width: a line longer would wrap, and could not be drawn over
ARGS = ("--level", "emt", "--cycle", "2026", "--format", "csv", "--today", "2026-01-15")


@pytest.fixture
def roster_file(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes(roster(400, 6))
    return path


def check_on_a_terminal(args: list[str], monkeypatch, capsys) -> tuple[int, str, str]:
    """`recert check` with stderr a pty's terminal end: the exit code, what stdout got, what the terminal got."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, COLUMNS, 0, 0))
    got: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # the terminal end closed
                return
            if not data:
                return
            got.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    terminal = open(slave, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 (closed below)
    monkeypatch.setattr(progress, "INTERVAL", 0.002)
    monkeypatch.setattr(sys, "stderr", terminal)
    try:
        code = cli.main(["check", *args])
    finally:
        terminal.close()
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    return code, capsys.readouterr().out, b"".join(got).decode("utf-8")


def test_a_terminal_sees_a_progress_line_redrawn_in_place_and_cleared_at_the_end(roster_file, monkeypatch, capsys):
    code, out, shown = check_on_a_terminal([str(roster_file), *ARGS], monkeypatch, capsys)
    assert code == 1 and len(out.splitlines()) == 401  # the summary: a header and one line per person
    assert "\n" not in shown  # one line, drawn over and over: never a line of its own
    lines = [line for line in shown.split("\r") if line]
    assert lines, "no progress line was drawn"
    assert all(line.endswith("\x1b[K") for line in lines)  # each drawing erases what a longer one left
    assert shown.endswith(progress.CLEAR)  # cleared at the end: the terminal is left as it was
    drawn = [line.removesuffix("\x1b[K") for line in lines if line != "\x1b[K"]
    assert drawn and all(str(roster_file) in line for line in drawn)  # each names the file
    numbers = [
        int(word.rstrip("…").replace(",", "")) for line in drawn for word in line.split()[-1:] if word[0].isdigit()
    ]
    assert numbers, f"no line says how far it got: {drawn[:3]}"
    assert all(0 < number <= 2_401 for number in numbers)  # a line of the file (2,401) or a person (400)


def test_the_line_is_cleared_before_a_message_on_the_same_terminal(roster_file, tmp_path, monkeypatch, capsys):
    missing = tmp_path / "gone.csv"
    json_args = [*ARGS[:-4], "--format", "json"]  # several files: one JSON list
    code, out, shown = check_on_a_terminal([str(roster_file), str(missing), *json_args], monkeypatch, capsys)
    assert code == 2 and out.startswith("[")
    before, message = shown.split("recert: ")
    assert message == f"{missing}: no such file\r\n"  # (the terminal writes a line end as \\r\\n)
    assert before == "" or before.endswith(progress.CLEAR)  # said on a clean line, not after the progress


def test_not_a_terminal_gets_nothing_extra(roster_file, monkeypatch, capsys):
    monkeypatch.setattr(progress, "INTERVAL", 0.0005)
    assert cli.main(["check", str(roster_file), *ARGS]) == 1
    captured = capsys.readouterr()
    assert captured.err == "" and len(captured.out.splitlines()) == 401


def test_a_pipe_gets_nothing_extra(roster_file):
    done = subprocess.run(
        [sys.executable, "-m", "recert_core", "check", str(roster_file), *ARGS], capture_output=True, timeout=120
    )
    assert done.returncode == 1 and done.stderr == b""
