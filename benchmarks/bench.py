"""`make bench`: prints a table of how fast the checker is, and writes it to docs/benchmarks.md.

Medians with min and max over repeated runs: this machine is noisy. Nothing here fails on a
slow machine; it measures and reports.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from transcripts import synthetic_transcript

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 1_000, 10_000, 100_000)
REPEATS = 5


def summary(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:,.0f} ms ({min(samples) * 1000:,.0f}-{max(samples) * 1000:,.0f})"


def cli_in_process(sizes=SIZES) -> dict[int, list[float]]:
    """`check()` as the CLI calls it, excluding interpreter start-up."""
    from recert_core import check

    times = {}
    for rows in sizes:
        data = synthetic_transcript(rows)
        check(data, "emt", 2026)  # warm the rules cache, as a long-running CLI would
        samples = []
        for _ in range(REPEATS if rows < 100_000 else 3):
            begin = time.perf_counter()
            check(data, "emt", 2026).to_json()
            samples.append(time.perf_counter() - begin)
        times[rows] = samples
    return times


def cli_command(rows: int) -> tuple[list[float], int]:
    """The whole `recert check` command (start-up included), and its peak memory in KiB."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "transcript.csv"
        path.write_bytes(synthetic_transcript(rows))
        probe = (
            "import resource, sys; from recert_core.cli import main; "
            "sys.stdout = open(__import__('os').devnull, 'w'); "
            f"code = main(['check', {str(path)!r}, '--level', 'emt', '--cycle', '2026', '--format', 'json']); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
        )
        samples, peak = [], 0
        for _ in range(3):
            begin = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
            samples.append(time.perf_counter() - begin)
            peak = max(peak, int(done.stderr.strip().splitlines()[-1]))
        return samples, peak


def main() -> None:
    rows = ["| Measure | Median (min-max) |", "|---|---|"]
    in_process = cli_in_process()
    for size, samples in in_process.items():
        rows.append(f"| CLI check, {size:,} rows (in process) | {summary(samples)} |")
    samples, peak = cli_command(100_000)
    rows.append(f"| `recert check`, 100,000 rows (whole command) | {summary(samples)} |")
    rows.append(f"| `recert check`, 100,000 rows, peak memory | {peak / 1024:,.0f} MiB |")
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores"
    table = "\n".join(rows)
    print(table)
    print(f"\nMachine: {machine}")
    json.dumps(in_process)  # the samples stay plain numbers


if __name__ == "__main__":
    main()
