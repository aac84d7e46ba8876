"""Synthetic transcripts of any length for the benchmarks: deterministic, realistic mix."""

from __future__ import annotations

import random
from datetime import date, timedelta


def synthetic_transcript(rows: int, cycle: int = 2026, seed: int = 7) -> bytes:
    """A transcript with `rows` courses inside the cycle's window, mixed components and formats."""
    rng = random.Random(seed)
    start = date(cycle - 2, 4, 1)
    lines = ["Date,Title,Hours,Approval Number,Component,Topic,Delivery"]
    components = ["National", "Local", "Individual", ""]
    topics = ["Airway", "Cardiology", "Trauma", "Medical", "Operations", ""]
    for i in range(rows):
        day = start + timedelta(days=rng.randrange(730))
        hours = rng.choice(["0.5", "1", "1.5", "2", "3", "4"])
        if rng.random() < 0.5:
            approval = f"{day.year % 100:02d}-ABC-F{rng.choice('1235')}-{i:05d}"
        else:
            approval = f"MA-T{rng.choice('12345')}-{day.year}-{i:05d}"
        lines.append(f'{day:%m/%d/%Y},"Course {i}, part {i % 7}",{hours},{approval},'
                     f"{rng.choice(components)},{rng.choice(topics)},")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
