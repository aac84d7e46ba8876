"""More real-world shapes, with the truth of every line: families of files that `realistic.py` does not
make, from issue 18's list. Each family varies its headers from a thesaurus of the words people use
(not from the reader's own vocabulary), its date and hour forms, its extra columns and its format.

- form responses (Google Forms, Microsoft Forms): a timestamp, an e-mail, questions as headers, a
  yes/no "Was this course online?", sometimes a row number;
- LMS completion reports: enrollment statuses, blank dates for courses not finished, a course code
  that is not an approval number, a time-spent column that is not credit;
- LMS transcripts: pass/fail, retakes with an earlier enrollment marked historic;
- day-first locales: semicolons, decimal commas, dates day first (some settled by a day over 12, some
  only by the file's hints);
- Mac exports: CSV in Mac Roman with CR line endings;
- a tab per year: a workbook with a sheet per year (and an instructions sheet);
- hours split over component columns (NCCR / LCCR / ICCR), with or without a total column;
- footers below the table: a record count, a "generated on" line, a footnote;
- formulas without stored values: an hours column of formulas no spreadsheet computed, beside minutes;
- files without titles (a CAPCE completion upload, an agency's CEU export);
- the NREMT export with its source column and unassigned courses;
- rosters with a level column and a card expiry column.

`family_case(seed)` gives one Case, deterministic for its seed.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape

from realistic import (
    DELIVERY_FORMS,
    TITLES,
    TOPIC_NAMES,
    WINDOW,
    Case,
    Cell,
    Line,
    Sheet,
    expects_order_note,
    write_ods,
    write_xlsx,
)

# ---- A thesaurus of header wordings, by what the column holds -------------------------------------

WORDINGS = {
    "date": [
        "Date",
        "Completion Date",
        "Date Completed",
        "Completed On",
        "Finished On",
        "Date Attended",
        "Date of Course",
        "Course Date",
        "Class Date",
        "Session Date",
        "Date Finished",
        "Attended On",
        "Date Earned",
        "Earned On",
        "Training Date",
        "Date of Class",
        "What date did you complete the course?",
        "Date you attended",
        "Date Taken",
    ],
    "title": [
        "Session Name",
        "Module Title",
        "Class",
        "Event",
        "Training Title",
        "Course",
        "Name of Course",
        "What course did you take?",
        "Program",
        "Activity",
        "Lesson Name",
        "Offering",
        "Course Title",
        "Class Name",
        "Title of Training",
        "Module",
        "Webinar Title",
    ],
    "hours": [
        "Credits",
        "CE Hours",
        "CEUs",
        "Contact Hours",
        "CEH",
        "Hours Earned",
        "Number of CE hours",
        "How many hours?",
        "Credit Hours",
        "Training Hours",
        "Hrs",
        "CE Credit",
        "Hours Awarded",
        "Total CE Hrs",
        "# of Hours",
    ],
    "approval": [
        "Cert #",
        "CEU #",
        "Cert No",
        "CAPCE",
        "CAPCE #",
        "OEMS #",
        "Approval Number",
        "CAPCE or OEMS #",
        "Accreditation #",
        "Course Approval #",
        "State Approval No.",
        "CAPCE/OEMS Number",
        "Approval Code",
    ],
    "person": [
        "Please enter your full name",
        "Your Name",
        "Full Name",
        "Employee Name",
        "Participant",
        "Attendee Name",
        "Name (First Last)",
        "Learner",
        "User Name",
        "Student",
    ],
    "delivery_yes": ["Online?", "Was this course online?", "Online course?", "Distributive (Y/N)", "Self-paced?"],
    "delivery_live_yes": ["In person?", "Was this class in person?", "Live?", "Classroom?"],
    "delivery": ["Delivery", "Format", "Live or Online", "Modality", "Delivery Method", "Course Format"],
    "component": ["Comp", "Component", "Category", "Credit Type", "Requirement", "NREMT Category"],
    "status": ["Status", "Completion Status", "Result", "Passed?", "Course Status"],
    "enrollment": ["Enrollment Status", "Registration Status", "Enrollment"],
    "current": ["Active", "Record Status", "Current Enrollment", "Is Active"],
    "time_spent": ["Time Spent", "Time in Course", "Seat Time", "Total Time Spent", "Elapsed Time"],
    "course_code": ["Course Code", "Course ID", "Catalog #", "Module Code"],
    "level": ["Cert Level", "Certification Level", "Level", "License Type", "Provider Level"],
    "expires": ["Cert Expires", "Expiration Date", "Card Expires", "License Expiration"],
    "source": ["Source", "Course Source", "Accreditation"],
    "email": ["Email Address", "Email", "E-mail"],
    "timestamp": ["Timestamp", "Submitted At", "Start time"],
    "minutes": ["Minutes", "Duration (min)", "Length in Minutes", "Mins"],
}
SPLIT_WORDINGS = {
    "national": ["NCCR Hours", "National Hours", "NCCR", "National Hrs"],
    "local": ["LCCR Hours", "Local Hours", "LCCR", "State Hrs"],
    "individual": ["ICCR Hours", "Individual Hours", "ICCR", "Individual Hrs"],
}
EXTRAS = ["Instructor", "Location", "Notes", "Cost", "Comments", "Organization", "Upload your certificate", "Score"]
EXTRA_CELLS = ["", "Boston", "Pat O'Neil, NRP", "See cert", "$25.00", "100%", "https://example.org/cert.pdf"]


def spell(rng: random.Random, header: str) -> str:
    """A header as a person or an exporter spells it: case, a colon, an asterisk, spacing, a line break."""
    style = rng.randrange(8)
    if style == 0:
        return header.upper()
    if style == 1:
        return header.lower()
    if style == 2:
        return header + ("*" if "?" not in header else "")
    if style == 3:
        return header + ":" if not header.endswith("?") else header
    if style == 4 and " " in header:
        return header.replace(" ", "\n", 1)
    if style == 5:
        return f" {header} "
    return header


def wording(rng: random.Random, kind: str) -> str:
    return spell(rng, rng.choice(WORDINGS[kind]))


# ---- A course's truth, and its cells --------------------------------------------------------------

HOURS = [Decimal(h) / 100 for h in (25, 50, 75, 100, 100, 150, 150, 200, 300, 400)]


@dataclass
class Truth:
    title: str
    day: date
    hours: Decimal
    distributive: bool
    number: str  # an approval number, or "" (unverified)
    component: str | None = None
    topic: str | None = None


def a_course(rng: random.Random, title: str, index: int, numbered: float = 0.8) -> Truth:
    day = WINDOW[0] + timedelta(days=rng.randrange((WINDOW[1] - WINDOW[0]).days))
    distributive = rng.random() < 0.5
    number = ""
    if rng.random() < numbered:
        if rng.random() < 0.5:
            number = f"{rng.randrange(22, 26)}-ABCD-{'F3' if distributive else 'F1'}-{1000 + index:04d}"
        else:
            number = f"{'T3' if distributive else 'T1'}-2025-{200 + index:04d}"
    return Truth(title, day, rng.choice(HOURS), distributive, number)


def date_text(rng: random.Random, day: date, style: str) -> tuple[str, bool]:
    """(text, numeric): numeric dates are written in the file's order ("us" month first, "eu" day first)."""
    if style == "us" and rng.random() < 0.8:
        return rng.choice([f"{day.month}/{day.day}/{day.year}", f"{day.month:02d}/{day.day:02d}/{day.year}"]), True
    if style == "eu" and rng.random() < 0.8:
        return rng.choice([f"{day.day:02d}/{day.month:02d}/{day.year}", f"{day.day}.{day.month}.{day.year}"]), True
    return rng.choice(
        [
            day.isoformat(),
            f"{day:%B} {day.day}, {day.year}",
            f"{day.strftime('%A')}, {day.day} {day:%B} {day.year}, 02:30 PM",
            f"{day.day}-{day:%b}-{day.year % 100:02d}",
            f"{day.isoformat()} 14:30",
        ]
    ), False


def hours_text(rng: random.Random, hours: Decimal, european: bool) -> str:
    text = f"{hours.normalize():f}"
    forms = [text, f"{hours:.2f}", f"{text} hrs", f"{text} CEH"]
    if european:
        forms += [text.replace(".", ","), f"{hours:.2f}".replace(".", ",")]
    return rng.choice(forms)


# ---- Families -------------------------------------------------------------------------------------


@dataclass
class Built:
    """A family's file before it is written: its sheets (one, or a tab per year), its format, its truth."""

    sheets: dict[str, Sheet]
    fmt: str  # csv, xlsx, ods
    description: str
    style: str = "none"  # how numeric dates are written: "us", "eu" or "none"
    numeric: list[date] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","
    line_end: str = "\r\n"
    roster: bool = False
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> formula, no value
    notes: list[str] = field(default_factory=list)  # note codes the report must carry
    level_of: dict[str, str] = field(default_factory=dict)  # roster: person -> the level they are judged at


class Rows:
    """A sheet being built: a header of (kind, header text) columns, rows of cells, the truth per row."""

    def __init__(self, columns: list[tuple[str, str]]):
        self.columns = columns
        self.rows: list[list[Cell]] = [[Cell(h) for _, h in columns]]
        self.truth: list[Line | None] = [None]

    def add(self, cells: dict[str, Cell], truth: Line | None) -> None:
        self.rows.append([cells.get(kind, Cell("")) for kind, _ in self.columns])
        self.truth.append(truth)

    def raw(self, texts: list[str], truth: Line | None) -> None:
        self.rows.append([Cell(t) for t in texts])
        self.truth.append(truth)

    def sheet(self) -> Sheet:
        return Sheet(self.rows, self.truth, 0)


def _course_line(t: Truth, verified: bool | None = None, person: str | None = None) -> Line:
    return Line(
        0,
        "course",
        hours=t.hours,
        date=t.day,
        component=t.component,
        topic=t.topic,
        verified=bool(t.number) if verified is None else verified,
        title=t.title,
        person=person,
    )


def form_responses(rng: random.Random) -> Built:
    columns = [("timestamp", wording(rng, "timestamp")), ("email", wording(rng, "email"))]
    if rng.random() < 0.3:
        columns.insert(0, ("row_id", "ID"))
    person = rng.random() < 0.7
    if person:
        columns.append(("person", wording(rng, "person")))
    body = [
        ("title", wording(rng, "title")),
        ("date", wording(rng, "date")),
        ("hours", wording(rng, "hours")),
        ("approval", wording(rng, "approval")),
        ("delivery", wording(rng, rng.choice(["delivery_yes", "delivery_live_yes"]))),
    ]
    rng.shuffle(body)
    columns += [*body, ("extra", rng.choice(EXTRAS))]
    kind = next(h for k, h in columns if k == "delivery")
    online_question = kind.strip().rstrip("*:").strip().lower() in [w.lower() for w in WORDINGS["delivery_yes"]]
    sheet = Rows(columns)
    style = rng.choice(["us", "none"])
    numeric = []
    for index, title in enumerate(rng.sample(TITLES, rng.randrange(3, 10))):
        t = a_course(rng, title, index)
        text, is_numeric = date_text(rng, t.day, style)
        numeric += [t.day] if is_numeric else []
        said = t.distributive if online_question else not t.distributive
        cells = {
            "row_id": Cell(str(index + 1)),
            "timestamp": Cell(f"{t.day + timedelta(days=rng.randrange(1, 20)):%m/%d/%Y} 14:02:11"),
            "email": Cell("pat.doe@example.org"),
            "person": Cell("Pat Doe"),
            "title": Cell(t.title),
            "date": Cell(text),
            "hours": Cell(hours_text(rng, t.hours, False)),
            "approval": Cell(t.number),
            "delivery": Cell(rng.choice(["Yes", "Y", "yes"]) if said else rng.choice(["No", "N", "no"])),
            "extra": Cell(rng.choice(EXTRA_CELLS)),
        }
        sheet.add(cells, _course_line(t))
    return Built({"Form Responses 1": sheet.sheet()}, rng.choice(["csv", "xlsx"]), f"form {columns}", style, numeric)


def lms_completion(rng: random.Random) -> Built:
    """An LMS completion report: enrollment statuses, dates only for finished courses, a course code that
    is not an approval number, time spent that is not credit. No approval numbers at all."""
    columns = [
        ("person", rng.choice(["User Name", "Learner", "Employee Name", "Student"])),
        ("course_code", wording(rng, "course_code")),
        ("title", wording(rng, "title")),
        ("enrollment", wording(rng, "enrollment")),
        ("date", rng.choice(["Completion Date", "Completed On", "Finished On", "Date Completed"])),
        ("hours", rng.choice(["Credits", "CE Credits", "CEUs", "Credit Hours"])),
        ("time_spent", wording(rng, "time_spent")),
    ]
    sheet = Rows(columns)
    for index, title in enumerate(rng.sample(TITLES, rng.randrange(4, 12))):
        t = a_course(rng, title, index, numbered=0)
        done = rng.random() < 0.7
        status = (
            rng.choice(["Completed", "Complete", "Passed"])
            if done
            else rng.choice(["Registered", "Withdrawn", "In Progress", "Not Started", "Enrolled", "Pending Approval"])
        )
        spent = f"{rng.randrange(0, 3):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
        cells = {
            "person": Cell("Pat Doe"),
            "course_code": Cell(f"EMS-{100 + index}"),
            "title": Cell(t.title),
            "enrollment": Cell(status),
            "date": Cell(t.day.isoformat() if done else ""),
            "hours": Cell(hours_text(rng, t.hours, False)),
            "time_spent": Cell(spent),
        }
        sheet.add(cells, _course_line(t, verified=False) if done else Line(0, "skipped"))
    return Built({"Report": sheet.sheet()}, rng.choice(["csv", "xlsx"]), f"lms-completion {columns}")


def lms_transcript(rng: random.Random) -> Built:
    """An LMS transcript: pass or fail, and a course retaken, its earlier enrollment marked historic."""
    columns = [
        ("person", rng.choice(["Learner", "User", "Student Name"])),
        ("title", rng.choice(["Module", "Course", "Module Title", "Lesson"])),
        ("status", rng.choice(["Status", "Result", "Completion Status"])),
        ("current", wording(rng, "current")),
        ("date", rng.choice(["Finished On", "Completed", "Date Completed"])),
        ("hours", rng.choice(["CEU", "Credits", "CE Hours"])),
        ("approval", rng.choice(["CAPCE #", "Approval Number", "CAPCE"])),
    ]
    sheet = Rows(columns)
    for index, title in enumerate(rng.sample(TITLES, rng.randrange(3, 9))):
        t = a_course(rng, title, index)
        base = {
            "person": Cell("Pat Doe"),
            "title": Cell(t.title),
            "hours": Cell(hours_text(rng, t.hours, False)),
            "approval": Cell(t.number),
        }
        if rng.random() < 0.3:  # taken before and failed (or left), marked historic
            before = t.day - timedelta(days=rng.randrange(1, 30))
            old = {
                **base,
                "status": Cell(rng.choice(["Passed", "Failed", "Incomplete"])),
                "current": Cell(rng.choice(["Historic", "Inactive", "No", "Archived"])),
                "date": Cell(max(before, WINDOW[0]).isoformat()),
            }
            sheet.add(old, Line(0, "skipped"))
        now = {**base, "status": Cell("Passed"), "current": Cell(rng.choice(["Active", "Yes", "Current"]))}
        now["date"] = Cell(t.day.isoformat())
        sheet.add(now, _course_line(t))
    return Built({"Transcript": sheet.sheet()}, rng.choice(["csv", "xlsx", "ods"]), f"lms-transcript {columns}")


def day_first(rng: random.Random) -> Built:
    """A spreadsheet saved in a day-first locale: semicolons, decimal commas, dates day first."""
    columns = [
        ("date", rng.choice(["Date", "Date Completed", "Completion Date"])),
        ("title", wording(rng, "title")),
        ("hours", rng.choice(["Hours", "CE Hours", "Credits"])),
        ("approval", rng.choice(["CAPCE", "CAPCE #", "Approval Number"])),
    ]
    sheet = Rows(columns)
    numeric = []
    for index, title in enumerate(rng.sample(TITLES, rng.randrange(2, 9))):
        t = a_course(rng, title, index)
        text, is_numeric = date_text(rng, t.day, "eu")
        numeric += [t.day] if is_numeric else []
        cells = {"date": Cell(text), "title": Cell(t.title), "approval": Cell(t.number)}
        cells["hours"] = Cell(hours_text(rng, t.hours, True))
        sheet.add(cells, _course_line(t))
    built = Built({"Sheet1": sheet.sheet()}, "csv", f"day-first {columns}", "eu", numeric, delimiter=";")
    built.encoding = rng.choice(["utf-8-sig", "cp1252"])
    return built


def mac_export(rng: random.Random) -> Built:
    """A CSV from Excel for Mac: Mac Roman, CR line endings, accented titles and typographic dashes."""
    columns = [
        ("date", "Date"),
        ("title", rng.choice(["Course Title", "Course", "Class"])),
        ("hours", rng.choice(["Hours", "CEH"])),
        ("approval", rng.choice(["CAPCE #", "Approval #"])),
    ]
    sheet = Rows(columns)
    titles = ["Café-style case reviews", "Résumé of ALS", "Naïve airway myths", "Crème de la trauma", "Über shock"]
    numeric = []
    for index, title in enumerate(rng.sample(titles, rng.randrange(2, 5))):
        t = a_course(rng, title + rng.choice(["", " \u2013 part 2", " \u201cupdate\u201d"]), index)
        if t.number:
            t.number = t.number.replace("-", "\u2013", 1)
        text, is_numeric = date_text(rng, t.day, "us")
        numeric += [t.day] if is_numeric else []
        sheet.add(
            {
                "date": Cell(text),
                "title": Cell(t.title),
                "hours": Cell(hours_text(rng, t.hours, False)),
                "approval": Cell(t.number),
            },
            _course_line(t),
        )
    return Built({"Sheet1": sheet.sheet()}, "csv", f"mac {columns}", "us", numeric, encoding="mac_roman", line_end="\r")


def tabs_per_year(rng: random.Random) -> Built:
    """A tracker with a sheet per year under the same columns (and an instructions sheet first)."""
    columns = [
        ("date", rng.choice(["Date", "Date Completed"])),
        ("title", rng.choice(["Course Title", "Class", "Course"])),
        ("hours", rng.choice(["CE Hours", "Hours", "Credits"])),
        ("approval", rng.choice(["CAPCE #", "OEMS #", "Approval Number"])),
    ]
    sheets: dict[str, Sheet] = {}
    if rng.random() < 0.5:
        intro = Rows([("note", "Enter one course per row")])
        sheets["Instructions"] = Sheet(intro.rows, [None], 0)
    titles = rng.sample(TITLES, 9)
    for year in (2024, 2025, 2026):
        sheet = Rows(columns)
        for index in range(rng.randrange(1, 4)):
            t = a_course(rng, titles.pop(), year * 10 + index)
            t.day = t.day.replace(year=year, day=min(t.day.day, 28))
            if not WINDOW[0] <= t.day <= WINDOW[1]:
                t.day = min(max(t.day, WINDOW[0]), WINDOW[1])
            sheet.add(
                {
                    "date": Cell(t.day.isoformat(), day=t.day),
                    "title": Cell(t.title),
                    "hours": Cell(f"{t.hours.normalize():f}", number=float(t.hours)),
                    "approval": Cell(t.number),
                },
                _course_line(t),
            )
        sheets[str(year)] = sheet.sheet()
    return Built(sheets, "xlsx", f"tabs {columns}", notes=["sheets-read"])


def split_components(rng: random.Random) -> Built:
    """A tracker with a column of hours per component, and perhaps their total beside them."""
    columns = [
        ("date", rng.choice(["Date", "Date Completed", "Completion Date"])),
        ("title", rng.choice(["Course", "Course Title", "Class"])),
        *[(f"split_{c}", spell(rng, rng.choice(SPLIT_WORDINGS[c]))) for c in ("national", "local", "individual")],
    ]
    total = rng.random() < 0.5
    if total:
        columns.append(("total", rng.choice(["Total", "Total Hours", "Hours"])))
    columns.append(("approval", rng.choice(["CAPCE #", "OEMS #", "Approval"])))
    sheet = Rows(columns)
    for index, title in enumerate(rng.sample(TITLES, rng.randrange(3, 9))):
        t = a_course(rng, title, index)
        t.component = rng.choice(["national", "local", "individual"])
        if t.component == "national":
            t.topic = None
        cells = {
            "date": Cell(t.day.isoformat()),
            "title": Cell(t.title),
            f"split_{t.component}": Cell(f"{t.hours.normalize():f}"),
            "total": Cell(f"{t.hours.normalize():f}"),
            "approval": Cell(t.number),
        }
        sheet.add(cells, _course_line(t))
    return Built({"Tracker": sheet.sheet()}, rng.choice(["csv", "xlsx"]), f"split {columns}", notes=["split-hours"])


def footers(rng: random.Random) -> Built:
    """A one-person export (with or without a person column) and the lines a report prints below it."""
    columns = []
    if rng.random() < 0.6:
        columns.append(("person", rng.choice(["Name", "Employee Name", "Learner"])))
    columns += [
        ("date", rng.choice(["Date", "Completion Date"])),
        ("title", rng.choice(["Course", "Course Name"])),
        ("hours", rng.choice(["Hours", "CEH", "Credits"])),
        ("approval", rng.choice(["CAPCE #", "Approval Number"])),
    ]
    sheet = Rows(columns)
    for index, title in enumerate(rng.sample(TITLES, rng.randrange(2, 8))):
        t = a_course(rng, title, index)
        sheet.add(
            {
                "person": Cell("Pat Doe"),
                "date": Cell(t.day.isoformat()),
                "title": Cell(t.title),
                "hours": Cell(hours_text(rng, t.hours, False)),
                "approval": Cell(t.number),
            },
            _course_line(t),
        )
    count = len(sheet.rows) - 1
    for text in rng.sample(
        [
            f"Records: {count}",
            "Generated on 12/01/2026 10:32 AM",
            "* Hours shown are contact hours as reported by the provider.",
            f"Total records: {count}",
            "Report run by admin on 2026-12-01",
            "Confidential: for training records only.",
        ],
        rng.randrange(1, 4),
    ):
        sheet.raw([text], Line(0, "skipped"))
    return Built({"Export": sheet.sheet()}, rng.choice(["csv", "xlsx"]), f"footers {columns}")


def formulas(rng: random.Random) -> Built:
    """A workbook written by a program: an hours column of formulas with no stored value, beside the
    minutes they would be computed from."""
    columns = [
        ("date", "Date"),
        ("title", rng.choice(["Course", "Course Title"])),
        ("minutes", wording(rng, "minutes")),
        ("formula", rng.choice(["Hours", "CE Hours", "Credit Hours"])),
        ("approval", "CAPCE #"),
    ]
    if rng.random() < 0.5:
        columns[2], columns[3] = columns[3], columns[2]
    sheet = Rows(columns)
    built = Built({"Log": Sheet([], [], 0)}, "xlsx", f"formulas {columns}")
    formula_at = next(i for i, (k, _) in enumerate(columns) if k == "formula")
    minutes_at = next(i for i, (k, _) in enumerate(columns) if k == "minutes")
    for index, title in enumerate(rng.sample(TITLES, rng.randrange(2, 7))):
        t = a_course(rng, title, index)
        minutes = int(t.hours * 60)
        t.hours = Decimal(minutes) / 60
        sheet.add(
            {
                "date": Cell(t.day.isoformat()),
                "title": Cell(t.title),
                "minutes": Cell(str(minutes), number=minutes),
                "approval": Cell(t.number),
            },
            _course_line(t),
        )
        built.formulas[(len(sheet.rows), formula_at)] = f"{chr(65 + minutes_at)}{len(sheet.rows)}/60"
    built.sheets = {"Log": sheet.sheet()}
    return built


def untitled(rng: random.Random) -> Built:
    """A CAPCE completion upload or an agency's CEU export: course numbers, no titles."""
    capce = rng.random() < 0.5
    if capce:
        columns = [
            ("first", "First Name"),
            ("last", "Last Name"),
            ("person_id", "NREMT #"),
            ("approval", "Course Number"),
            ("date", "Completion Date"),
            ("hours", "CEH"),
        ]
    else:
        columns = [
            ("person_id", rng.choice(["Employee ID", "Badge #"])),
            ("approval", rng.choice(["Course #", "Cert #"])),
            ("date", "Date"),
            ("hours", rng.choice(["CEUs", "Hours"])),
        ]
    sheet = Rows(columns)
    for index in range(rng.randrange(2, 8)):
        t = a_course(rng, "", index, numbered=1)
        t.title = t.number
        sheet.add(
            {
                "first": Cell("Pat"),
                "last": Cell("Doe"),
                "person_id": Cell("E1234567" if capce else "1001"),
                "approval": Cell(t.number),
                "date": Cell(t.day.isoformat()),
                "hours": Cell(hours_text(rng, t.hours, False)),
            },
            _course_line(t),
        )
    return Built({"Upload": sheet.sheet()}, "csv", f"untitled {columns}", notes=["no-title-column"])


def nremt_export(rng: random.Random) -> Built:
    """The NREMT transcript export: no approval numbers; a source column; some courses unassigned."""
    columns = [
        ("title", rng.choice(["Course Title", "External Course Title"])),
        ("date", "Completed Date"),
        ("hours", rng.choice(["Hours", "Duration"])),
        ("delivery_words", "Take Type"),
        ("topic_map", "Recert Topic Map"),
        ("source", wording(rng, "source")),
    ]
    sheet = Rows(columns)
    numeric = []
    for index, title in enumerate(rng.sample(TITLES, rng.randrange(3, 10))):
        t = a_course(rng, title, index, numbered=0)
        kind = rng.random()
        if kind < 0.5:
            name = rng.choice(list(TOPIC_NAMES))
            t.component, t.topic, topic_map = "national", TOPIC_NAMES[name], name
        elif kind < 0.7:
            t.component, topic_map = rng.choice([("local", "Local"), ("individual", "Individual")])
        else:
            topic_map = "Unassigned"
        text, is_numeric = date_text(rng, t.day, "us")
        numeric += [t.day] if is_numeric else []
        hours = f"{int(t.hours)}h {int(t.hours % 1 * 60)}m" if columns[2][1] == "Duration" else f"{t.hours:.2f}"
        sheet.add(
            {
                "title": Cell(t.title),
                "date": Cell(text),
                "hours": Cell(hours),
                "delivery_words": Cell(rng.choice(DELIVERY_FORMS[t.distributive][:2])),
                "topic_map": Cell(topic_map),
                "source": Cell(rng.choice(["CAPCE", "Self-reported", "CAPCE Accredited"])),
            },
            _course_line(t, verified=False),
        )
    built = Built({"Transcript": sheet.sheet()}, rng.choice(["csv", "xlsx"]), f"nremt {columns}", "us", numeric)
    return built


def roster_levels(rng: random.Random) -> Built:
    """A training officer's roster with each person's level and card expiry."""
    columns = [
        ("person", rng.choice(["Name", "Employee Name", "Provider Name"])),
        ("level", wording(rng, "level")),
        ("expires", wording(rng, "expires")),
        ("date", rng.choice(["Date", "Completion Date"])),
        ("title", rng.choice(["Course", "Course Title"])),
        ("hours", rng.choice(["Hours", "CEH"])),
        ("approval", rng.choice(["CAPCE #", "Approval Number"])),
    ]
    people = [("Pat Doe", "EMT", "emt"), ("Sam Lee", "Paramedic", "paramedic"), ("Chris Park", "AEMT", "aemt")]
    sheet = Rows(columns)
    built = Built({"Roster": Sheet([], [], 0)}, rng.choice(["csv", "xlsx"]), f"roster-levels {columns}", roster=True)
    titles = rng.sample(TITLES, 9)
    for name, level, level_id in people:
        built.level_of[name] = level_id
        for index in range(rng.randrange(1, 4)):
            t = a_course(rng, titles.pop(), index + len(sheet.rows))
            sheet.add(
                {
                    "person": Cell(name),
                    "level": Cell(level),
                    "expires": Cell("03/31/2026"),
                    "date": Cell(t.day.isoformat()),
                    "title": Cell(t.title),
                    "hours": Cell(hours_text(rng, t.hours, False)),
                    "approval": Cell(t.number),
                },
                _course_line(t, person=name),
            )
    built.sheets = {"Roster": sheet.sheet()}
    return built


# Words that say what a course offers or asks, and words that say what was earned: a file with both
# columns is read from the earned one (issue 18's second probe: five trackers read from the other).
OFFERED = [
    "Hours Required",
    "Credits Available",
    "CE Hours Offered",
    "Course Length (hrs)",
    "Credits Attempted",
    "Max Credits",
    "Possible Hours",
    "Scheduled Hours",
]
EARNED = [
    "Hours Completed",
    "Credits Awarded",
    "CE Hours Earned",
    "Time Credited (hrs)",
    "Credits Earned",
    "Approved Hours",
    "Hours Awarded",
    "Credit Received",
]


def earned_hours(rng: random.Random) -> Built:
    """A tracker with the hours a course offers beside the hours the person earned, in either order."""
    hours = [("offered", rng.choice(OFFERED)), ("hours", rng.choice(EARNED))]
    rng.shuffle(hours)
    columns = [("title", rng.choice(["Course", "Course Title", "Class"])), ("date", rng.choice(["Date", "Completed"]))]
    columns += [*hours, ("approval", rng.choice(["CAPCE #", "Approval Number"]))]
    sheet = Rows(columns)
    for index, title in enumerate(rng.sample(TITLES, rng.randrange(2, 8))):
        t = a_course(rng, title, index)
        offered = t.hours + rng.choice([Decimal(0), Decimal("0.5"), Decimal(1), Decimal(2)])
        sheet.add(
            {
                "title": Cell(t.title),
                "date": Cell(t.day.isoformat()),
                "offered": Cell(f"{offered.normalize():f}"),
                "hours": Cell(f"{t.hours.normalize():f}"),
                "approval": Cell(t.number),
            },
            _course_line(t),
        )
    return Built({"Tracker": sheet.sheet()}, rng.choice(["csv", "xlsx"]), f"earned-hours {columns}")


def course_names(rng: random.Random) -> Built:
    """An LMS export whose course titles sit under a "Name" header (no person column): one person's."""
    columns = [
        ("title", rng.choice(["Name", "Assignment Name", "Item Name", "Activity Name", "Name of Item"])),
        ("date", rng.choice(["Completion Date", "Date Completed", "Date"])),
        ("hours", rng.choice(["Credit Hours", "Hours", "CE Hours"])),
        ("approval", rng.choice(["Approval Number", "CAPCE #", "Number"])),
    ]
    if rng.random() < 0.5:
        columns.insert(1, ("kind", rng.choice(["Assignment Type", "Type"])))
    sheet = Rows(columns)
    for index, title in enumerate(rng.sample(TITLES, rng.randrange(2, 8))):
        t = a_course(rng, title, index)
        sheet.add(
            {
                "title": Cell(t.title),
                "kind": Cell(rng.choice(["Course", "Online Course", "Module"])),
                "date": Cell(t.day.isoformat()),
                "hours": Cell(f"{t.hours.normalize():f}"),
                "approval": Cell(t.number),
            },
            _course_line(t),
        )
    return Built({"Export": sheet.sheet()}, rng.choice(["csv", "xlsx"]), f"course-names {columns}")


HEADINGS = {
    "national": ["NATIONAL COMPONENT (20 hrs)", "National Component", "National (NCCR) - 20 hours", "NCCR"],
    "local": ["LOCAL COMPONENT (10 hrs)", "Local/State Component", "State (LCCR)", "Local - 10 hours required"],
    "individual": ["INDIVIDUAL COMPONENT (10 hrs)", "Individual Component", "Individual (ICCR)", "Individual"],
}


def sections(rng: random.Random) -> Built:
    """A tracker that groups its courses under a heading per component, or puts each on its own sheet."""
    columns = [
        ("date", rng.choice(["Date", "Date Completed"])),
        ("title", rng.choice(["Course", "Course Title"])),
        ("approval", rng.choice(["Approval #", "CAPCE #"])),
        ("hours", rng.choice(["Hours", "CE Hours"])),
    ]
    titles = rng.sample(TITLES, 9)
    by_sheet = rng.random() < 0.4
    sheets: dict[str, Sheet] = {}
    sheet = Rows(columns)
    numbered = 0
    for component in ("national", "local", "individual"):
        if by_sheet:
            sheet = Rows(columns)
        else:
            sheet.raw([rng.choice(HEADINGS[component])], Line(0, "skipped"))
        for _ in range(rng.randrange(1, 4)):
            numbered += 1
            t = a_course(rng, titles.pop(), numbered)
            t.component = component
            sheet.add(
                {
                    "date": Cell(t.day.isoformat()),
                    "title": Cell(t.title),
                    "approval": Cell(t.number),
                    "hours": Cell(f"{t.hours.normalize():f}"),
                },
                _course_line(t),
            )
        if by_sheet:
            sheets[rng.choice([component.capitalize(), component.upper(), f"{component.capitalize()} Component"])] = (
                sheet.sheet()
            )
    if not by_sheet:
        sheets["Tracker"] = sheet.sheet()
    fmt = "xlsx" if by_sheet else rng.choice(["csv", "xlsx"])
    return Built(sheets, fmt, f"sections by_sheet={by_sheet} {columns}", notes=["sheets-read"] if by_sheet else [])


def attendance(rng: random.Random) -> Built:
    """An agency's sign-in export: who was there (Present, Checked In) and who was not (Absent), or a
    pass/fail column of P and F."""
    pass_fail = rng.random() < 0.4
    columns = [
        ("date", rng.choice(["Session Date", "Class Date", "Date"])),
        ("title", rng.choice(["Session", "Class", "Course"])),
        (
            "status",
            rng.choice(["Pass/Fail", "P/F", "Result (P/F)"]) if pass_fail else rng.choice(["Attendance", "Status"]),
        ),
        ("hours", rng.choice(["CE Hours", "Hours"])),
        ("approval", rng.choice(["OEMS #", "CAPCE #"])),
    ]
    yes = ["P"] if pass_fail else ["Present", "Checked In", "Attended", "Signed In"]
    no = ["F"] if pass_fail else ["Absent", "Excused", "No Show"]
    sheet = Rows(columns)
    for index, title in enumerate(rng.sample(TITLES, rng.randrange(3, 9))):
        t = a_course(rng, title, index)
        there = rng.random() < 0.75
        sheet.add(
            {
                "date": Cell(t.day.isoformat()),
                "title": Cell(t.title),
                "status": Cell(rng.choice(yes if there else no)),
                "hours": Cell(f"{t.hours.normalize():f}"),
                "approval": Cell(t.number),
            },
            _course_line(t) if there else Line(0, "skipped"),
        )
    return Built({"Sign-in": sheet.sheet()}, rng.choice(["csv", "xlsx"]), f"attendance {columns}")


PENDING: set[str] = set()  # families built but not run yet: none
ALL_FAMILIES: dict[str, Callable[[random.Random], Built]] = {
    "form": form_responses,
    "lms-completion": lms_completion,
    "lms-transcript": lms_transcript,
    "day-first": day_first,
    "mac": mac_export,
    "tabs": tabs_per_year,
    "split": split_components,
    "footers": footers,
    "formulas": formulas,
    "untitled": untitled,
    "nremt": nremt_export,
    "roster-levels": roster_levels,
    "earned-hours": earned_hours,
    "course-names": course_names,
    "sections": sections,
    "attendance": attendance,
}
FAMILIES = {name: build for name, build in ALL_FAMILIES.items() if name not in PENDING}


# ---- Writing --------------------------------------------------------------------------------------


def write_csv(built: Built, rng: random.Random) -> tuple[bytes, list[int]]:
    (sheet,) = built.sheets.values()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=built.delimiter, lineterminator=built.line_end)
    for row in sheet.rows:
        writer.writerow([c.text for c in row])
    return out.getvalue().encode(built.encoding), list(range(1, len(sheet.rows) + 1))


def write_workbook(built: Built, rng: random.Random) -> tuple[bytes, list[int]]:
    """Several sheets or formulas: written here; one plain sheet: by realistic.py's writers."""
    if len(built.sheets) == 1 and not built.formulas:
        (sheet,) = built.sheets.values()
        writer = write_xlsx if built.fmt == "xlsx" else write_ods
        data, _, lines = writer(rng, sheet)
        return data, lines
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    buffer = io.BytesIO()
    lines: list[int] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        names = list(built.sheets)
        listed = "".join(
            f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names)
        )
        archive.writestr(
            "xl/workbook.xml", f'<?xml version="1.0"?><workbook {main} {rel}><sheets>{listed}</sheets></workbook>'
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{kind}" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(names))
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, sheet in enumerate(built.sheets.values()):
            body = []
            for r, row in enumerate(sheet.rows, 1):
                cells = []
                for c, cell in enumerate(row):
                    ref = f"{chr(65 + c)}{r}"
                    formula = built.formulas.get((r, c))
                    if formula:
                        cells.append(f'<c r="{ref}"><f>{formula}</f></c>')
                    elif cell.number is not None:
                        cells.append(f'<c r="{ref}"><v>{cell.number!r}</v></c>')
                    elif cell.text:
                        cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(cell.text)}</t></is></c>')
                body.append(f'<row r="{r}">{"".join(cells)}</row>')
            archive.writestr(
                f"xl/worksheets/sheet{i + 1}.xml",
                f'<?xml version="1.0"?><worksheet {main}><sheetData>{"".join(body)}</sheetData></worksheet>',
            )
            if sheet.truth and any(t is not None for t in sheet.truth):
                lines += list(range(1, len(sheet.rows) + 1))
    return buffer.getvalue(), lines


def family_case(seed: int, family: str | None = None) -> Case:
    rng = random.Random(seed)
    name = family or rng.choice(sorted(FAMILIES))
    built = ALL_FAMILIES[name](rng)
    if built.fmt == "csv":
        data, numbers = write_csv(built, rng)
        file_name = "export.csv"
    else:
        if built.fmt == "ods" and (len(built.sheets) > 1 or built.formulas):
            built.fmt = "xlsx"
        data, numbers = write_workbook(built, rng)
        file_name = f"export.{built.fmt}"
    lines = []
    if len(built.sheets) == 1:
        (sheet,) = built.sheets.values()
        for t, number in zip(sheet.truth, numbers, strict=True):
            if t is not None:
                t.line = number
                lines.append(t)
    else:  # each sheet numbers its own lines; a row names its sheet
        for name, sheet in built.sheets.items():
            for number, t in enumerate(sheet.truth, 1):
                if t is not None:
                    t.line, t.sheet = number, name
                    lines.append(t)
    return Case(
        name=file_name,
        data=data,
        lines=lines,
        header_line=1,
        description=f"seed={seed} family={name} {built.fmt} {built.encoding} {built.description}",
        roster=built.roster,
        month_first=built.style == "us" and expects_order_note(built.numeric, settle=False),
        day_first=built.style == "eu" and expects_order_note(built.numeric, settle=True),
        notes=built.notes,
    )
