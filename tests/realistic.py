"""Real-world-shaped transcript files, built from issue 11's header lists and value forms, with the truth.

Each `Case` is one file as a provider might have it (an NREMT export, a CE vendor's report, an agency
platform's download, a CAPCE completion sheet, a hand-kept Excel or Google Sheets tracker, an LMS
report, a roster), in one of the formats people save (CSV with comma, semicolon or tab; UTF-8 with or
without BOM, UTF-16, Windows-1252; .xlsx written by hand with zipfile; .ods), together with what
every line of it is: a course (its hours, date, component, topic, whether its approval number can be
verified), a line that is not a course (a total, a course not completed, a repeated header), or a
blank line. The values are our own; the shapes are the real ones. `tests/test_realistic_files.py`
checks that `recert check` agrees with the truth for many of them.
"""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape

WINDOW = (date(2024, 4, 1), date(2026, 3, 31))  # EMT, cards expiring in 2026
LEVEL, CYCLE = "emt", 2026

# ---- Headers, as the issue lists them (and a few more seen in exports) ------------------------

HEADERS = {
    "date": [
        "Date Course Completed",
        "Comp Date",
        "Completed Date",
        "Completion Date",
        "Date Completed",
        "Date Earned",
        "Course Date",
        "dateOfCompletion",
        "Date",
    ],
    "title": [
        "Name of Course",
        "Course Name",
        "Course Title",
        "Class Name",
        "Class",
        "Activity Title",
        "Program",
        "External Course Title",
        "Title",
    ],
    "hours": [
        "# of Hours",
        "No. of Hours",
        "Contact Hrs",
        "Total CEH",
        "Duration",
        "Contact Hours",
        "CEH",
        "CEH Hours",
        "CE Hours",
        "Credit Hours",
        "Hours Earned",
        "Credits Earned",
        "Units",
        "CEUs",
        "Hours",
    ],
    "approval": [
        "CAPCE# / OEMS#",
        "CAPCE #",
        "CAPCE Number",
        "CAPCE Course Number",
        "CAPCE / OEMS #",
        "OEMS Approval Number",
        "State Approval #",
        "Accreditation #",
        "Activity ID",
        "Approval Number",
    ],
    "component": ["Component", "NCCP Category", "NCCP Component", "NREMT Category", "Recert Category"],
    "topic_map": ["Recert Topic Map"],
    "delivery": ["Live/Distributive", "Course Type", "Delivery", "Format", "Take Type", "Method", "Modality"],
    "status": ["Status", "Complete", "Completion Status"],
}
EXTRA_HEADERS = [
    "Instructor",
    "Location",
    "Notes",
    "Score",
    "Certificate",
    "Organization",
    "Training Provider",
    "Cost",
    "Comments",
]
TITLES = [
    "Airway management update",
    "Pediatric assessment",
    "Stroke recognition",
    "Trauma triage review",
    "Opioid overdose response",
    "12-lead basics",
    "Hazmat awareness",
    "Documentation that holds up",
    "Behavioral emergencies",
    "OB emergencies in the field",
    "Sepsis screening",
    "Lifting and moving",
    "Infection control",
    "Mass casualty drill",
    "CPR for healthcare providers",
    "Diabetic emergencies",
    "Scene safety, again",
    'The "golden hour", revisited',
    "Bleeding control\n(Stop the Bleed)",
    "Café-style case reviews",
    "Spinal motion restriction",
    "Allergic reactions; anaphylaxis",
]
# NREMT topic names (the Recert Topic Map) and the topic each means.
TOPIC_NAMES = {
    "Airway, Respiration & Ventilation": "airway",
    "Cardiology & Resuscitation": "cardiology",
    "Trauma": "trauma",
    "Medical/Obstetrics/Gynecology": "medical",
    "EMS Operations": "operations",
}
COMPONENT_FORMS = {
    "national": ["National", "NATIONAL", "national", "National (NCCR)", "NCCR", "Nat'l"],
    "local": ["Local", "LOCAL", "Local (LCCR)", "State"],
    "individual": ["Individual", "Individual (ICCR)", "ICCR"],
    None: ["", "Elective", "N/A", "—"],
}
DELIVERY_FORMS = {
    False: ["Live", "Classroom", "In Person", "Instructor-led", "Virtual Instructor Led", "Live Online"],
    True: ["Distributive", "Online", "Self-paced", "On Demand", "Web-based", "Recorded webinar"],
}
DONE_STATUS = [
    "Complete",
    "Completed",
    "Passed",
    "Yes",
    "TRUE",
    "Approved",
    "Awarded",
    "Complete - Passed",
    "Passed (85%)",
    "Attended",
    "Completed Successfully",
    "Credit Awarded",
    "Y",
    "X",
]
NOT_DONE_STATUS = [
    "Incomplete",
    "In Progress",
    "Registered",
    "Not Started",
    "Enrolled",
    "Withdrawn",
    "In-Progress",
    "Failed - retake",
    "No Show",
    "Not Completed",
    "Pending Review",
    "Started 3/1/2025",
    "FALSE",
    "No",
]
EXTRA_VALUES = ["", "Boston", "Pat O'Neil, NRP", "100%", "See cert, p. 2", "Yes", "12.50"]
ORGANISATIONS = [
    "Boston MedFlight Education",
    "CentreLearn",
    "Prodigy EMS",
    "24-7 EMS",
    "Cape Cod Community College",
    "Acme CE Online",
    "Metro Fire Training Academy",
]
UNCLEAR_STATUS = ["Level 2", "See notes", "85", "Graded: B"]
NO_APPROVAL = ["", "N/A", "—", "-", "n/a", "Pending", "none"]


@dataclass
class Line:
    """What one line below the header is."""

    line: int
    kind: str  # "course", "skipped" or "blank"
    hours: Decimal | None = None
    date: date | None = None
    component: str | None = None
    topic: str | None = None
    verified: bool = True
    title: str = ""
    person: str | None = None
    sheet: str = ""  # a workbook read sheet by sheet: the sheet the line is on


@dataclass
class Case:
    name: str  # a file name with the format's extension
    data: bytes
    lines: list[Line]
    header_line: int
    description: str
    roster: bool = False
    month_first: bool = False  # the report says the numeric dates were read month first (no date settles it)
    day_first: bool = False  # the report says the numeric dates were read day first
    notes: list[str] = field(default_factory=list)


# ---- Cells: a value with how it may be written ---------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A typed cell: text everywhere, or a number / date a workbook stores as such."""

    text: str
    number: float | None = None  # a workbook stores this as a number (hours)
    day: date | None = None  # a workbook stores this as a date serial


def spell_header(rng: random.Random, header: str) -> str:
    """A header as an export might spell it: case, spacing, punctuation, a line break, camelCase."""
    style = rng.randrange(9)
    if style == 0:
        return header.upper()
    if style == 1:
        return header.lower()
    if style == 2 and " " in header and "#" not in header and "/" not in header:
        words = header.split()
        return words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])
    if style == 3 and " " in header:
        return header.replace(" ", "\n", 1)
    if style == 4:
        return f"  {header} "
    if style == 5 and " " in header:
        return header.replace(" ", "_")
    if style == 6:
        return header + ":"
    if style == 7 and " " in header:
        return header.replace(" ", "  ")
    return header


def hours_text(rng: random.Random, hours: Decimal, european: bool = False) -> str:
    minutes = int(hours * 60)
    h, m = divmod(minutes, 60)
    forms = [
        f"{hours:f}",
        f"{hours.normalize():f}",
        f"{hours:.2f}",
        f"{hours.normalize():f} CEH",
        f"{hours.normalize():f} Hrs",
        f"{hours.normalize():f} hours",
        f"{hours.normalize():f} CE",
        f"{hours.normalize():f} Contact Hours",
        f"{h}h {m}m",
        f"{minutes} min",
        f"{h} hr {m} min" if m else f"{h} hr",
    ]
    if h < 10:  # "16:00" could be minutes and seconds: a clock form is read only for a short course
        forms.append(f"{h}:{m:02d}")
    if european:  # a decimal comma: written only where dates are day first too
        forms.append(f"{hours.normalize():f}".replace(".", ","))
    if hours == hours.to_integral():
        forms.append(f"{int(hours)}.0 CE")
    return rng.choice(forms)


DATE_STYLES = ("us", "us", "us", "none", "eu-dots", "eu-slash")


def date_text(rng: random.Random, day: date, style: str) -> tuple[str, bool]:
    """A date as exports write it in a file of one style ("us": numeric dates month first, "eu-dots" and
    "eu-slash": day first, "none": only forms that read one way), and whether the form's order of day
    and month depends on the column (a numeric date)."""
    mon, month = day.strftime("%b"), day.strftime("%B")
    fixed = [
        day.isoformat(),
        f"{day.year} {mon} {day.day}",
        f"{mon} {day.day}, {day.year}",
        f"{day.day:02d}-{mon}-{day.year}",
        f"{month} {day.day}, {day.year}",
        f"{day.isoformat()}T00:00:00.000Z",
        f"{day.isoformat()}T14:30:00",
        f"{day.isoformat()} 09:15:00",
        day.strftime("%Y%m%d"),
        f"{day.year}.{day.month:02d}.{day.day:02d}",
        f"{day.strftime('%A')}, {month} {day.day}, {day.year}",
        f"{day.strftime('%A')}, {day.day} {month} {day.year}, 02:30 PM",
        f"{day.day}-{mon}-{day.year % 100:02d}",
    ]
    numeric = {
        "us": [
            f"{day.month:02d}/{day.day:02d}/{day.year}",
            f"{day.month}/{day.day}/{day.year}",
            f"{day.month:02d}-{day.day:02d}-{day.year}",
            f"{day.month}/{day.day}/{day.year} 12:00:00 AM",
            f"{day.month}/{day.day}/{day.year} 3:45 PM",
            f"{day.month}/{day.day}/{day.year % 100:02d}",
        ],
        "eu-dots": [f"{day.day:02d}.{day.month:02d}.{day.year}", f"{day.day}.{day.month}.{day.year % 100:02d}"],
        "eu-slash": [f"{day.day:02d}/{day.month:02d}/{day.year}", f"{day.day}/{day.month}/{day.year} 14:05"],
        "none": [],
    }[style]
    if numeric and rng.random() < 0.7:
        return rng.choice(numeric), True
    return rng.choice(fixed), False


def approval_text(rng: random.Random, distributive: bool | None, number: int) -> tuple[str, bool]:
    """An approval cell and whether the number can be verified (`number`: the course's place in the file)."""
    if rng.random() < 0.2:
        return rng.choice(NO_APPROVAL), False
    year = rng.randrange(16, 26)
    serial = rng.randrange(0, 490) * 20 + number  # never the same twice in a file: that is the same course
    dash = rng.choice(["-", "-", "\u2013", "\u2011", "\u2014"])
    if rng.random() < 0.5:
        code = rng.choice(["F1", "F2", "F4", "F5"]) if distributive is False else "F3"
        org = rng.choice(["ABCD", "EMT", "BMF", "NAEMT"])
        number = dash.join([f"{year:02d}", org, code, f"{serial:04d}"])
        return rng.choice(["", "", "CAPCE # ", "CAPCE: ", "CAPCE "]) + number, True
    code = rng.choice(["T1", "T2", "T4"]) if distributive is False else "T3"
    number = rng.choice([f"{code}{dash}{serial:04d}", f"MA{dash}{code}{dash}20{year}{dash}{serial:04d}"])
    return rng.choice(["", "", "OEMS # ", "OEMS "]) + number, True


# ---- The file's rows -----------------------------------------------------------------------


@dataclass
class Sheet:
    """The rows of a file before it is written, with the truth per row (None above the header)."""

    rows: list[list[Cell]]
    truth: list[Line | None]
    header_index: int
    european: bool = False  # written where dates are day first: a semicolon may separate the cells


def course_cells(
    rng: random.Random, fmt: str, fields: list[str], title: str, number: int, style: str
) -> tuple[dict[str, Cell], Line, date | None]:
    """One course's cells by field, its truth, and its date when written as a numeric date whose order
    the column decides (03/04/2025), else None."""
    written = None
    day = WINDOW[0] + timedelta(days=rng.randrange((WINDOW[1] - WINDOW[0]).days))
    if style == "eu-slash" and number == 0:  # a file written day first has a date only day first can be
        day = day.replace(day=rng.randrange(13, 29))
    hours = Decimal(rng.choice([25, 50, 75, 100, 100, 125, 150, 150, 200, 300, 400, 800, 1200, 1600])) / 100
    distributive = rng.choice([True, False])
    component = rng.choice([None, "national", "local", "individual"])
    topic = None
    line = Line(0, "course", hours=hours, date=day, title=title)
    cells: dict[str, Cell] = {}
    dtext, numeric = date_text(rng, day, style)
    if style == "eu-slash" and number == 0:
        dtext, numeric = f"{day.day:02d}/{day.month:02d}/{day.year}", True
    if fmt in ("xlsx", "ods") and rng.random() < 0.6 and not (style == "eu-slash" and number == 0):
        cells["date"] = Cell(day.isoformat(), day=day)
    else:
        cells["date"] = Cell(dtext)
        written = day if numeric else None
    cells["title"] = Cell(title)
    if fmt in ("xlsx", "ods") and rng.random() < 0.6:
        cells["hours"] = Cell(f"{hours.normalize():f}", number=float(hours))
    else:
        cells["hours"] = Cell(hours_text(rng, hours, european=style.startswith("eu")))
    if "approval" in fields:
        text, line.verified = approval_text(rng, distributive, number)
        cells["approval"] = Cell(text)
    else:
        line.verified = False
    if "delivery" in fields:
        cells["delivery"] = Cell(rng.choice(DELIVERY_FORMS[distributive]))
    if "status" in fields:
        cells["status"] = Cell(rng.choice(DONE_STATUS))
    if "component" in fields:
        cells["component"] = Cell(rng.choice(COMPONENT_FORMS[component]))
        if component == "national" and rng.random() < 0.3:  # "National: Trauma", "NCCR - Airway, ..."
            name = rng.choice(list(TOPIC_NAMES))
            cells["component"] = Cell(rng.choice(["National: {}", "NCCR - {}", "{} (National)"]).format(name))
            topic = TOPIC_NAMES[name]
        line.component = component
    elif "topic_map" in fields:
        if component == "national":
            name = rng.choice(list(TOPIC_NAMES))
            cells["topic_map"] = Cell(rng.choice(["{}", "{}", "National - {}", "NCCP: {}"]).format(name))
            topic = TOPIC_NAMES[name]
        elif component is None:
            cells["topic_map"] = Cell("")
        else:
            cells["topic_map"] = Cell(component.title())
        line.component = component
    line.topic = topic
    return cells, line, written


def roster_people(rng: random.Random) -> tuple[list[str], list[tuple[str, ...]]]:
    """A roster's person columns (Name; Last Name + First Name; Employee + NREMT ID) and its people."""
    style = rng.randrange(3)
    if style == 0:
        return ["Name"], [(n,) for n in ("Pat Doe", "Sam Lee", "Chris Park")]
    if style == 1:
        return ["Last Name", "First Name"], [("Doe", "Pat"), ("Lee", "Sam"), ("Park", "Chris")]
    return ["Employee", "NREMT ID"], [("Pat Doe", "E1234567"), ("Sam Lee", "E7654321"), ("Chris Park", "E1111111")]


def above_header(rng: random.Random) -> list[list[str]]:
    """Rows above the header: a title, the line a printed export adds, blank rows."""
    return rng.sample(
        [
            ["Continuing Education Transcript"],
            ["Printed on 03/04/2026 10:15 AM"],
            [],
            ["Report generated: 2026-01-05", "", "", "Page 1 of 1"],
            ["Transcript for: Pat Doe (NREMT E1234567)"],
            ["Name:", "Pat Doe", "NREMT #:", "E1234567", "Date:", "03/04/2026"],
            ["Level:", "EMT", "Expiration:", "03/31/2026"],
        ],
        rng.randrange(0, 4),
    )


def total_row(rng: random.Random, order: list[str], total: Decimal) -> list[Cell]:
    """The total line a spreadsheet or a printed export ends with: a label in the first cell or the title's."""
    cells = {h: Cell("") for h in order}
    label = rng.choice(["Total", "TOTAL HOURS", "Grand Total:", "Total CE Hours", "Totals"])
    cells[rng.choice([order[0], "title"])] = Cell(label)
    cells["hours"] = Cell(f"{total.normalize():f}", number=float(total))
    return [cells[h] for h in order]


def choose_fields(rng: random.Random) -> list[str]:
    """The file's fields: the three required, some optional ones, a component column or a topic map."""
    fields = ["date", "title", "hours"]
    fields += [f for f in ("approval", "delivery", "status") if rng.random() < 0.6]
    kind = rng.random()
    if kind < 0.5:
        fields.append("component")
    elif kind < 0.75:
        fields.append("topic_map")
    return fields


def not_done_row(rng: random.Random, fields: list[str], cells: dict[str, Cell], title: str) -> dict[str, Cell] | None:
    """An incomplete course below a course, now and then: its status says so, or (no status column) the
    date cell does."""
    skipped = dict(cells)
    skipped["title"] = Cell(title + " (part 2)")
    if "status" in fields and rng.random() < 0.2:
        skipped["status"] = Cell(rng.choice(NOT_DONE_STATUS + UNCLEAR_STATUS))
        return skipped
    if "status" not in fields and rng.random() < 0.1:
        skipped["date"] = Cell(rng.choice(["In Progress", "Incomplete", "Not Completed", "Registered"]))
        return skipped
    return None


def build_sheet(rng: random.Random, fmt: str, roster: bool = False) -> tuple[Sheet, str, str, list[date]]:
    fields = choose_fields(rng)
    style = rng.choice(DATE_STYLES)
    headers = {f: rng.choice(HEADERS[f]) for f in fields}
    extras = rng.sample(EXTRA_HEADERS, rng.randrange(0, 3))
    if not roster and rng.random() < 0.2:  # a CE vendor's or CAPCE's column of course providers
        extras.append(rng.choice(["Provider", "Provider Name"]))
    people: list[tuple[str, ...]] = []
    person_headers: list[str] = []
    if roster:
        person_headers, people = roster_people(rng)
    order: list[str] = [*person_headers, *fields, *extras]
    rng.shuffle(order)
    header = [h if h in person_headers else spell_header(rng, headers[h]) if h in headers else h for h in order]
    description = f"{fmt} header={header!r}"

    rows: list[list[Cell]] = []
    truth: list[Line | None] = []
    for above in above_header(rng):
        rows.append([Cell(t) for t in above])
        truth.append(None)
    header_index = len(rows)
    rows.append([Cell(h) for h in header])
    truth.append(None)

    numeric: list[date] = []
    titles = rng.sample(TITLES, k=min(len(TITLES), rng.randrange(3, 14)))
    total = Decimal(0)
    for number, title in enumerate(titles):
        if rng.random() < 0.1:
            rows.append([])
            truth.append(Line(0, "blank"))
        if number and rng.random() < 0.05:  # a printed export's page break: a page line, the headings again
            rows.append([Cell(f"Page {number + 1}")])
            truth.append(Line(0, "skipped"))
            rows.append(list(rows[header_index]))
            truth.append(Line(0, "skipped"))
        cells, line, written = course_cells(rng, fmt, fields, title, number, style)
        if written is not None:
            numeric.append(written)
        hours = line.hours or Decimal(0)
        for extra in extras:
            values = ORGANISATIONS if extra.startswith("Provider") else EXTRA_VALUES
            cells[extra] = Cell(rng.choice(values))
        if roster:
            person = people[number % len(people)]
            for h, value in zip(person_headers, person, strict=True):
                cells[h] = Cell(value)
            named = dict(zip(person_headers, person, strict=True))  # as the reader names a person
            line.person = " ".join(
                named[h] for h in ("First Name", "Last Name", "Name", "Employee", "NREMT ID") if h in named
            )
        rows.append([cells.get(h, Cell("")) for h in order])
        truth.append(line)
        total += hours
        not_done = not_done_row(rng, fields, cells, title)
        if not_done is not None:
            rows.append([not_done.get(h, Cell("")) for h in order])
            truth.append(Line(0, "skipped", person=line.person))
    if rng.random() < 0.5:  # the total line a spreadsheet or a printed export ends with
        rows.append(total_row(rng, order, total))
        truth.append(Line(0, "skipped"))
    if rng.random() < 0.3:  # trailing empty columns
        for row in rows:
            row.extend([Cell("")] * rng.randrange(1, 4))
    sheet = Sheet(rows, truth, header_index, european=style.startswith("eu"))
    return sheet, f"{description} dates={style}", style, numeric


# ---- Writers ---------------------------------------------------------------------------------


def write_text(rng: random.Random, sheet: Sheet) -> tuple[bytes, str, list[int]]:
    """CSV or tab text, and the line number (record) of each row as the reader counts them."""
    delimiter = rng.choice([",", ";", ";", "\t"] if sheet.european else [",", ",", "\t"])
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=delimiter,
        lineterminator=rng.choice(["\r\n", "\n"]),
        quoting=rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    )
    wrapped = rng.random() < 0.1  # ="…" around each cell below the header, to keep Excel from reading numbers
    for index, row in enumerate(sheet.rows):
        cells = [c.text for c in row]
        if wrapped and index > sheet.header_index:
            cells = [f'="{c}"' if c and "\n" not in c and '"' not in c else c for c in cells]
        writer.writerow(cells)
    text = out.getvalue()
    encoding = rng.choice(["utf-8", "utf-8-sig", "utf-16", "cp1252"])
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # a non-breaking hyphen has no Windows-1252 byte: such a file is UTF-8
        encoding, data = "utf-8", text.encode("utf-8")
    name = "export.tsv" if delimiter == "\t" else "export.csv"
    return data, f"{name} {encoding} {delimiter!r} wrapped={wrapped}", list(range(1, len(sheet.rows) + 1))


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def write_xlsx(rng: random.Random, sheet: Sheet) -> tuple[bytes, str, list[int]]:
    """A workbook as Excel, Google Sheets or a vendor's exporter writes it, by hand with zipfile."""
    date1904 = rng.random() < 0.2
    inline = rng.random() < 0.3
    epoch = date(1904, 1, 1) if date1904 else date(1899, 12, 30)
    strings: list[str] = []
    index: dict[str, int] = {}
    body = []
    merged = []
    lines = []
    for r, row in enumerate(sheet.rows, 1):
        lines.append(r)
        if not row or not any(c.text for c in row):
            continue  # Excel writes no element for an empty row
        cells = []
        for c, cell in enumerate(row):
            ref = f"{_col(c)}{r}"
            if cell.day is not None:
                cells.append(f'<c r="{ref}" s="1"><v>{(cell.day - epoch).days}</v></c>')
            elif cell.number is not None and rng.random() < 0.8:  # 0.00, or 0.00 "hrs" (a unit, not a time)
                cells.append(f'<c r="{ref}" s="{rng.choice([2, 3])}"><v>{cell.number!r}</v></c>')
            elif cell.number is not None and rng.random() < 0.5:  # a duration: a fraction of a day, shown [h]:mm
                cells.append(f'<c r="{ref}" s="4"><v>{cell.number / 24!r}</v></c>')
            elif not cell.text:
                continue
            elif inline:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(cell.text)}</t></is></c>')
            else:
                if cell.text not in index:
                    index[cell.text] = len(strings)
                    strings.append(cell.text)
                cells.append(f'<c r="{ref}" t="s"><v>{index[cell.text]}</v></c>')
        if r - 1 < sheet.header_index and len([c for c in row if c.text]) == 1 and rng.random() < 0.5:
            merged.append(f'<mergeCell ref="A{r}:{_col(max(3, len(sheet.rows[sheet.header_index]) - 1))}{r}"/>')
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    merges = f'<mergeCells count="{len(merged)}">{"".join(merged)}</mergeCells>' if merged else ""
    sheet_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {main}>'
        f"<sheetData>{''.join(body)}</sheetData>{merges}</worksheet>"
    )
    sst = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    date_format = rng.choice(
        [
            '<numFmt numFmtId="164" formatCode="mm/dd/yyyy"/>',
            '<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd;@"/>',
            "",
        ]
    )
    date_id = 164 if date_format else 14
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {main}>'
        + f'<numFmts count="3">{date_format}<numFmt numFmtId="165" formatCode="0.00 &quot;hrs&quot;"/>'
        + '<numFmt numFmtId="166" formatCode="[h]:mm"/></numFmts>'
        + f'<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="{date_id}" applyNumberFormat="1"/>'
        + '<xf numFmtId="2"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>'
    )
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    sheets = '<sheet name="Transcript" sheetId="1" r:id="rId1"/>'
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    rels = f'<Relationship Id="rId1" Type="{kind}" Target="worksheets/sheet1.xml"/>'
    if rng.random() < 0.2:  # an instructions sheet first, as some trackers have
        sheets = '<sheet name="Instructions" sheetId="2" r:id="rId2"/>' + sheets
        rels += f'<Relationship Id="rId2" Type="{kind}" Target="worksheets/sheet2.xml"/>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {main} {rel}>{pr}<sheets>{sheets}</sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        archive.writestr(
            "xl/worksheets/sheet2.xml",
            f'<?xml version="1.0"?><worksheet {main}><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
            "<t>Enter one course per row. Dates as MM/DD/YYYY.</t></is></c></row></sheetData></worksheet>",
        )
        if strings:
            archive.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst {main}>{sst}</sst>')
        archive.writestr("xl/styles.xml", styles)
    return buffer.getvalue(), f"xlsx 1904={date1904} inline={inline}", lines


def write_ods(rng: random.Random, sheet: Sheet) -> tuple[bytes, str, list[int]]:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    body = []
    for row in sheet.rows:
        cells = []
        for cell in row:
            if cell.day is not None:
                cells.append(
                    f'<table:table-cell office:value-type="date" office:date-value="{cell.day.isoformat()}">'
                    f"<text:p>{cell.day:%m/%d/%Y}</text:p></table:table-cell>"
                )
            elif cell.number is not None:
                cells.append(
                    f'<table:table-cell office:value-type="float" office:value="{cell.number!r}">'
                    f"<text:p>{cell.text}</text:p></table:table-cell>"
                )
            elif cell.text:
                paragraphs = "".join(f"<text:p>{escape(p)}</text:p>" for p in cell.text.split("\n"))
                cells.append(f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>')
            else:
                cells.append("<table:table-cell/>")
        cells.append('<table:table-cell table:number-columns-repeated="1020"/>')
        body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    body.append(
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:spreadsheet>'
        f'<table:table table:name="Sheet1">{"".join(body)}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return buffer.getvalue(), "ods", list(range(1, len(sheet.rows) + 1))


def make_case(seed: int, roster: bool | None = None) -> Case:
    rng = random.Random(seed)
    fmt = rng.choice(["csv", "csv", "csv", "xlsx", "xlsx", "ods"])
    if roster is None:
        roster = rng.random() < 0.15
    sheet, description, style, numeric = build_sheet(rng, fmt, roster)
    writer = {"csv": write_text, "xlsx": write_xlsx, "ods": write_ods}[fmt]
    data, how, numbers = writer(rng, sheet)
    lines = []
    for truth, number in zip(sheet.truth, numbers, strict=True):
        if truth is not None:
            truth.line = number
            lines.append(truth)
    name = how.split()[0] if fmt == "csv" else f"export.{fmt}"
    return Case(
        name=name,
        data=data,
        lines=lines,
        header_line=numbers[sheet.header_index],
        description=f"seed={seed} {how} {description}",
        roster=roster,
        month_first=style == "us" and expects_order_note(numeric, settle=False),
        day_first=style.startswith("eu") and expects_order_note(numeric, settle=True),
    )


def expects_order_note(numeric: list[date], settle: bool) -> bool:
    """Whether the report says which way round the file's numeric dates were read: a day-first column
    always (settled by a date only day first can be, or hinted by its dots); a month-first column only
    when no date settles it (every day 12 or less), as the reader's locale then decides."""
    either = [d for d in numeric if d.day <= 12 and d.day != d.month]
    settled = [d for d in numeric if d.day > 12]
    return bool(either or settled) if settle else bool(either) and not settled


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


USABLE = {"counted", "partial", "unused"}


def assert_line(t: Line, row: dict, person: str | None, roster: bool, where: tuple) -> None:
    """A report's row agrees with what its line truly is (a line that is not a course: skipped)."""
    if t.kind == "skipped":
        assert row["status"] == "skipped", where
        return
    assert row["status"] in (USABLE if t.verified else {"unverified"}), where
    assert t.hours is not None and abs(Decimal(str(row["hours"])) - t.hours) < Decimal("0.005"), where
    assert t.date is not None and row["date"] == t.date.isoformat(), where
    assert row["component"] == t.component, where
    assert row["topic"] == t.topic, where
    assert collapse(row["title"]) == collapse(t.title), where
    if roster:
        assert person == t.person, where
