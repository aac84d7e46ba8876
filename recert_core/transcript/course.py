"""What reading a file gives: `Course`s (one per row below the header, or per component's hours on a
tracker that splits them) and the `Transcript` holding them with how the file was read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from ..problems import Problem


@dataclass(slots=True)
class Course:
    """One row below the header: what it says, and what is wrong with it."""

    line: int  # as a spreadsheet numbers it (the header of a plain CSV is line 1)
    raw: dict[str, str]  # the cells read, by field name, as in the file
    cells: list[str] = field(default_factory=list)  # every cell of the row, as in the file
    file: str = ""  # the file's name (and sheet, "file.xlsx › 2025"); "" for one unnamed file
    date: date | None = None
    hours: Fraction | None = None  # exact: 20 min is 1/3 h
    component: str | None = None  # national, local, individual, or None for an elective or unmarked
    topic: str | None = None
    delivery: bool | None = None  # what the file says: True distributive, False live, None not said
    delivery_code: str = ""  # a format code the delivery cell writes ("F5"), which the judge reads by the rules
    pediatric: bool | None = None  # a pediatric column's yes or no, a title saying so; None: not said
    distributive: bool | None = None  # decided by the judge (approval number first, then delivery)
    approval: str = ""  # the approval number, cleaned: "" when the file gives none
    accreditation: str | None = None  # who the file says accredited it: "capce", "oems", "none" or not said
    title: str = ""
    person: str | None = None
    part: str = ""  # a row whose hours are split over component columns: the component of this part
    level: str | None = None  # a roster's level column: the rules' level id this person holds
    expires: datetime.date | None = None  # a roster's expiry column: when this person's card expires
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        """Not a course at all (a total, a note, a course not completed)."""
        return any(p.effect == "skip" for p in self.problems)


@dataclass
class Transcript:
    """One person's courses (or one file's), with how the file was read."""

    courses: list[Course]
    header: list[str]
    blank_lines: list[int]
    encoding: str
    delimiter: str  # "," ";" or tab for text; "" for a workbook
    columns: dict[str, str]  # field name -> header as written in the file
    ignored_columns: list[str]
    notes: list[Problem] = field(default_factory=list)  # about the file as a whole
    header_line: int = 1
    format: str = "csv"  # csv, xlsx or ods
    files: list[str] = field(default_factory=list)
    sheet: str = ""
    person: str | None = None
    level: str | None = None  # a roster's: the level its level column gives this person
    expires: date | None = None  # a roster's: the card expiry its expiry column gives this person
