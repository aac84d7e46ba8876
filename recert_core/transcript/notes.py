"""What the report says about how a file was read, beyond its rows: the order its dates were read in
and why, a column read by its cells rather than its header, minutes, subjects, a provider column,
the people named on lines of their own. Every decision the reader made that the user may need to
correct is said here (frictionless reports its detector's decisions back the same way)."""

from __future__ import annotations

from dataclasses import replace

from ..problems import Problem, say, sentence
from .columns import FIELDS
from .dates import DAY_FIRST, MONTH_FIRST, DateOrder, Decision, date_cell
from .source import Source


def notes_for(source: Source) -> list[Problem]:
    """The file-level notes for one file, once it has been read (an unclosed quote is known only at
    the end)."""
    prefix = f"{source.name}: " if source.name else ""
    notes = [Problem(p.code, prefix + p.message, p.column, p.detail, p.values) for p in source.table.notes]
    notes += [Problem(p.code, prefix + p.message, p.column, _detail(p.code, source), p.values) for p in _notes(source)]
    if source.columns.date_in_status:
        said = say("date-in-status", header=source.columns.names["date"])
        notes.append(replace(said, message=prefix + said.message))
    if source.columns.given:
        line, text = source.block_said
        fields = ", ".join(FIELDS.get(name, name) for name in source.columns.given)
        said = say("block-facts", fields=fields, text=text if len(text) <= 160 else text[:159] + "…", line=line)
        notes.append(replace(said, message=prefix + said.message))
    return notes


ASSUMED_ORDER = ("month-first-dates", "day-first-dates")


def _detail(code: str, source: Source) -> tuple[tuple[str, str], ...]:
    """For a note on the order the dates were read in: the file (its name when several were read as one,
    else ""), the order and what settled it ("cells", or "hint" and "locale" when no cell could), so
    the page can offer the other order where no cell settles it."""
    if code not in ASSUMED_ORDER:
        return ()
    order = "day-first" if source.dates.order == DAY_FIRST else "month-first"
    return (("file", source.name), ("order", order), ("settled_by", source.dates.why))


def _notes(source: Source) -> list[Problem]:
    columns = source.columns
    names = columns.names
    found: list[Problem] = []
    found += _date_notes(source)
    for name in columns.by_cells:
        found.append(say("read-by-cells", column=name, header=names[name], field=FIELDS.get(name, name)))
    if "title" not in columns.positions and "title" not in columns.given and "approval" in names:
        found.append(say("no-title-column", column="title", header=names["approval"]))
    split = ", ".join(names[f] for f in _split(source))
    if columns.split_over:
        found.append(say("split-hours", "total", column="hours", headers=split, total=columns.split_over))
    elif _split(source):
        found.append(say("split-hours", column="hours", headers=split))
    if columns.uncomputed:
        found.append(say("formulas-not-computed", column="hours", header=columns.uncomputed))
    if columns.time_spent:
        found.append(say("time-spent-not-read", column="hours", header=columns.time_spent))
    if len(source.named) > 1:
        shown = ", ".join(f"“{n}”" for n in source.named[:3])
        if len(source.named) > 3:
            found.append(say("several-people", "more", column="person", names=shown))
        else:
            found.append(say("several-people", column="person", names=shown))
    if source.hours_unit == "minutes, guessed":
        found.append(say("minutes-column", column="hours", header=names["hours"]))
    if source.hours_unit == "ambiguous":
        found.append(say("minutes-or-hours", column="hours", header=names["hours"]))
    if columns.organisations:
        found.append(say("provider-not-person", column="person", header=columns.organisations))
    if source.subjects:
        found.append(say("subjects-not-components", column="component", header=names["component"]))
    return found


def _split(source: Source) -> list[str]:
    return [f for f in ("hours_national", "hours_local", "hours_individual") if f in source.columns.positions]


def _date_notes(source: Source) -> list[Problem]:
    decision, tally = source.dates, source.tally
    found = []
    if decision.serials and tally.serials:
        found.append(say("date-numbers", column="date", header=source.columns.names.get("date", "")))
    return found + _order_notes(decision, tally)


def _order_notes(decision: Decision, tally: DateOrder) -> list[Problem]:
    if decision.why == "mixed":
        either = tally.first_either or "03/04/2025"
        return [
            say(
                "dates-both-ways",
                column="date",
                month_first=tally.first_month_only,
                day_first=tally.first_day_only,
                either=either,
            )
        ]
    if decision.why == "cells" and decision.order == DAY_FIRST:
        example = _example(DAY_FIRST, tally)
        return [say("day-first-dates", "cells", column="date", day_first=tally.first_day_only, example=example)]
    if decision.why in ("hint", "locale"):
        reason = sentence("reading.dates.hint") if decision.why == "hint" else sentence("reading.dates.locale")
        example = _example(decision.order, tally)
        either = tally.first_either
        if decision.order == DAY_FIRST:
            return [say("day-first-dates", column="date", either=either, reason=reason, example=example)]
        return [say("month-first-dates", column="date", either=either, reason=reason, example=example)]
    return []


def _example(order: str, tally: DateOrder) -> str:
    """ "“03/04/2025” is 3 April 2025", for the column's first date that reads either way."""
    text = tally.first_either or "03/04/2025"
    cell = date_cell(text)
    day = cell.day_first if order == DAY_FIRST else cell.month_first
    if day is None:
        return ""
    shown = f"{day:%B} {day.day}, {day.year}" if order == MONTH_FIRST else f"{day.day} {day:%B} {day.year}"
    return sentence("reading.dates.example", text=text, date=shown)
