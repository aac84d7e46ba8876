"""What the report says about how a file was read, beyond its rows: the order its dates were read in
and why, a column read by its cells rather than its header, minutes, subjects, a provider column,
the people named on lines of their own. Every decision the reader made that the user may need to
correct is said here (frictionless reports its detector's decisions back the same way)."""

from __future__ import annotations

from dataclasses import replace

from ..problems import Problem, say
from .columns import FIELDS
from .dates import DAY_FIRST, MONTH_FIRST, DateOrder, Decision, date_cell
from .source import Source


def notes_for(source: Source) -> list[Problem]:
    """The file-level notes for one file, once it has been read (an unclosed quote is known only at
    the end)."""
    prefix = f"{source.name}: " if source.name else ""
    notes = [Problem(p.code, prefix + p.message, p.column) for p in source.table.notes]
    notes += [
        Problem(code, prefix + message, column, _detail(code, source)) for code, message, column in _notes(source)
    ]
    if source.columns.date_in_status:
        said = say("date-in-status", header=source.columns.names["date"])
        notes.append(replace(said, message=prefix + said.message))
    if source.columns.given:
        line, text = source.block_said
        fields = ", ".join(FIELDS.get(name, name) for name in source.columns.given)
        said = say("block-facts", fields=fields, text=text[:80], line=line)
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


def _notes(source: Source) -> list[tuple[str, str, str]]:
    columns = source.columns
    names = columns.names
    found: list[tuple[str, str, str]] = []
    found += _date_notes(source)
    for name in columns.by_cells:
        found.append(
            (
                "read-by-cells",
                f"The column “{names[name]}” was read as {FIELDS.get(name, name)}: its cells say so, whatever "
                "its heading says. If that is wrong, choose the column yourself.",
                name,
            )
        )
    if "title" not in columns.positions and "title" not in columns.given and "approval" in names:
        found.append(
            (
                "no-title-column",
                f"The file has no course title column: each course is named by its number (“{names['approval']}”).",
                "title",
            )
        )
    if columns.split_over:
        found.append(
            (
                "split-hours",
                f"The hours are split over each component's column ({', '.join(names[f] for f in _split(source))}): "
                f"each is read as that component's hours, and “{columns.split_over}” (their total) is not read.",
                "hours",
            )
        )
    elif _split(source):
        found.append(
            (
                "split-hours",
                f"The hours are split over each component's column ({', '.join(names[f] for f in _split(source))}): "
                "each is read as that component's hours.",
                "hours",
            )
        )
    if columns.uncomputed:
        found.append(
            (
                "formulas-not-computed",
                f"The column “{columns.uncomputed}” holds formulas that no spreadsheet has worked out (the file was "
                "written by a program), so it was not read. To read it, open the file in your spreadsheet and save "
                "it.",
                "hours",
            )
        )
    if columns.time_spent:
        found.append(
            (
                "time-spent-not-read",
                f"The column “{columns.time_spent}” is the time spent in each course, not the credit it gives: it "
                "is not counted.",
                "hours",
            )
        )
    if len(source.named) > 1:
        shown = ", ".join(f"“{n}”" for n in source.named[:3]) + (" and others" if len(source.named) > 3 else "")
        found.append(
            (
                "several-people",
                f"Lines of their own name more than one person ({shown}), but the file has no column saying whose "
                "each course is, so it was checked as ONE person's transcript: one person's courses may count for "
                "another. Check each person's courses in a file of their own, or add a column with the person's "
                "name (a roster).",
                "person",
            )
        )
    if source.hours_unit == "minutes, guessed":
        found.append(
            (
                "minutes-column",
                f"The column “{names['hours']}” holds whole numbers such as 30 or 90, as learning systems write "
                "minutes: they were read as minutes (90 = 1.5 hours). If they are hours, say so in the column step.",
                "hours",
            )
        )
    if source.hours_unit == "ambiguous":
        found.append(
            (
                "minutes-or-hours",
                f"The column “{names['hours']}” holds whole numbers such as 15 or 20 and its heading does not say "
                "hours or minutes, so its courses are not counted until you say which: choose it as hours or as "
                "minutes in the column step.",
                "hours",
            )
        )
    if columns.organisations:
        found.append(
            (
                "provider-not-person",
                f"The column “{columns.organisations}” names the courses' providers (organisations), not people, so "
                "it was not read and the file is checked as one person's transcript. If it is a roster of people, "
                f'say so: recert check --columns person="{columns.organisations}".',
                "person",
            )
        )
    if source.subjects:
        found.append(
            (
                "subjects-not-components",
                f"The column “{names['component']}” holds subjects (such as Medicine or Trauma), not National, "
                "Local or Individual. A subject does not say which component a course counts toward, so these "
                "courses count toward Local or Individual where they help, never National: to count one toward "
                "National, add a Component column (or use the editor) and mark it National.",
                "component",
            )
        )
    return found


def _split(source: Source) -> list[str]:
    return [f for f in ("hours_national", "hours_local", "hours_individual") if f in source.columns.positions]


def _date_notes(source: Source) -> list[tuple[str, str, str]]:
    decision, tally = source.dates, source.tally
    found = []
    if decision.serials and tally.serials:
        found.append(
            (
                "date-numbers",
                f"The column “{source.columns.names['date']}” holds spreadsheet date numbers (such as 45735), as a "
                "file saved without its date format does: they were read as the dates they stand for "
                "(45735 is March 19, 2025).",
                "date",
            )
        )
    return found + _order_notes(decision, tally)


def _order_notes(decision: Decision, tally: DateOrder) -> list[tuple[str, str, str]]:
    if decision.why == "mixed":
        return [
            (
                "dates-both-ways",
                f"The dates are written both ways: “{tally.first_month_only}” can only be month first and "
                f"“{tally.first_day_only}” only day first. Dates that could be read either way (such as "
                f"“{tally.first_either or '03/04/2025'}”) are not counted: write them as YYYY-MM-DD.",
                "date",
            )
        ]
    if decision.why == "cells" and decision.order == DAY_FIRST:
        return [
            (
                "day-first-dates",
                f"Dates were read day first (as in Europe): “{tally.first_day_only}” can only be day first, so "
                f"the column's other dates are read day first too ({_example(DAY_FIRST, tally)}).",
                "date",
            )
        ]
    if decision.why in ("hint", "locale"):
        code = "day-first-dates" if decision.order == DAY_FIRST else "month-first-dates"
        reason = {
            "hint": "the file is written as in Europe (dotted dates, decimal commas or semicolons)",
            "locale": "your device's settings write dates that way",
        }[decision.why]
        return [
            (
                code,
                f"Dates such as “{tally.first_either}” could be month first or day first, and no date in the file "
                f"settles it: they were read {'day' if decision.order == DAY_FIRST else 'month'} first, as "
                f"{reason} ({_example(decision.order, tally)}). If that is wrong, read them the other way (on "
                f"the command line: --dates {'month' if decision.order == DAY_FIRST else 'day'}-first).",
                "date",
            )
        ]
    return []


def _example(order: str, tally: DateOrder) -> str:
    """ "“03/04/2025” is 3 April 2025", for the column's first date that reads either way."""
    text = tally.first_either or "03/04/2025"
    cell = date_cell(text)
    day = cell.day_first if order == DAY_FIRST else cell.month_first
    if day is None:
        return ""
    shown = f"{day:%B} {day.day}, {day.year}" if order == MONTH_FIRST else f"{day.day} {day:%B} {day.year}"
    return f"“{text}” is {shown}"
