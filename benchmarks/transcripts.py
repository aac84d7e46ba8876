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
        lines.append(
            f'{day:%m/%d/%Y},"Course {i}, part {i % 7}",{hours},{approval},'
            f"{rng.choice(components)},{rng.choice(topics)},"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def synthetic_roster(people: int, rows_per_person: int, cycle: int = 2026, seed: int = 11) -> bytes:
    """A training officer's roster: `people` providers with `rows_per_person` courses each, sorted by date
    (so each person's rows are spread over the whole file, the hard case for memory)."""
    rng = random.Random(seed)
    start = date(cycle - 2, 4, 1)
    components = ["National", "Local", "Individual", ""]
    body = []
    for p in range(people):
        last, first, licence = f"Provider{p:05d}", rng.choice(["Ada", "Joao", "Mai", "Sam", "Lee"]), f"E{p:06d}"
        for i in range(rows_per_person):
            day = start + timedelta(days=rng.randrange(730))
            approval = f"MA-T{rng.choice('12345')}-{day.year}-{i:05d}"
            body.append(
                (
                    day,
                    f'{last},{first},{licence},{day:%m/%d/%Y},"Course {i}",{rng.choice(["1", "1.5", "2"])},'
                    f"{approval},{rng.choice(components)}",
                )
            )
    body.sort(key=lambda item: item[0])
    lines = ["Last Name,First Name,License #,Completion Date,Course Title,Hours,Approval Number,Component"]
    lines += [text for _, text in body]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
