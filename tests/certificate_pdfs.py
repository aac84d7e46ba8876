"""Certificate PDFs shaped like real ones, written by hand (no PDF library): the test fixtures of the
certificate reader, the page's tests and the bench.

What real course-completion certificates do, and these do too: portrait and landscape pages; text drawn
in whatever order the tool that made them drew it (signature and footer first, the heading last); a
heading letter-spaced by character spacing or drawn a letter at a time; ligature glyphs (fi, ffi)
from a font's own encoding; labels and values in separate text objects, beside or below each other;
several certificates in one file (a page each); a conference's list of sessions; an image-only page
(a scan); files encrypted with an empty user password (they open in any viewer: AES-128 and AES-256,
encrypted by pypdf with the `cryptography` package, an AES other than the reader's own) and a file
locked with a real password. The values (names, courses, numbers) are made up.

`folder(path)` writes the whole set; `CERTIFICATES` says what each file holds, for the tests.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path

PORTRAIT = (612, 792)
LANDSCAPE = (792, 612)
FONTS = {  # resource name -> base font (the standard 14: no font file needed)
    "F1": "Helvetica",
    "F2": "Helvetica-Bold",
    "F3": "Times-Roman",
    "F4": "Times-BoldItalic",
}
LIGATURES = {"ﬁ": 0x1F, "ﬂ": 0x1E, "ﬃ": 0x1D}  # drawn from the ligature font (F5): codes with /fi, /fl, /ffi


@dataclass
class Text:
    x: float
    y: float
    text: str
    size: float = 12
    font: str = "F1"
    spacing: float = 0  # character spacing (Tc), as letter-spaced headings are set
    one_by_one: bool = False  # each letter its own text object, placed by hand (another way of spacing)


@dataclass
class Page:
    texts: list[Text] = field(default_factory=list)
    size: tuple[int, int] = PORTRAIT
    image: bool = False  # a scan: one image, no text at all

    def add(self, *texts: Text) -> Page:
        self.texts.extend(texts)
        return self


def _escape(text: str) -> bytes:
    out = bytearray()
    for char in text:
        if char in LIGATURES:
            out.append(LIGATURES[char])
        elif char in "()\\":
            out += b"\\" + char.encode()
        else:
            out += char.encode("cp1252")
    return bytes(out)


def _width(text: str, size: float, font: str) -> float:
    """The text's advance in a standard font (a tool placing letters one by one uses the font's widths)."""
    from pypdf.generic._font import Font

    return Font.from_core_font_name("/" + FONTS.get(font, "Times-Roman")).get_text_width(text) * size / 1000


def _content(page: Page) -> bytes:
    if page.image:
        w, h = page.size
        return f"q {w - 72} 0 0 {h - 72} 36 36 cm /Im1 Do Q".encode()
    parts = []
    for item in page.texts:
        font = "F5" if any(c in LIGATURES for c in item.text) else item.font
        if item.one_by_one:
            x = item.x
            for char in item.text:
                parts.append(b"BT /%s %g Tf %g %g Td (%s) Tj ET" % (font.encode(), item.size, x, item.y, _escape(char)))
                x += _width(char, item.size, font) + item.spacing
            continue
        spacing = b"%g Tc " % item.spacing if item.spacing else b""
        parts.append(
            b"BT /%s %g Tf %s%g %g Td (%s) Tj ET"
            % (font.encode(), item.size, spacing, item.x, item.y, _escape(item.text))
        )
    return b"\n".join(parts)


def _gray_image(width: int, height: int) -> bytes:
    """A grey page with darker bands: what a scanned certificate looks like to a PDF reader (pixels)."""
    rows = bytearray()
    for y in range(height):
        rows += bytes(90 if (y // 6) % 5 == 0 and 10 < x < width - 10 else 235 for x in range(width))
    return bytes(rows)


def pdf(pages: list[Page], *, compress: bool = True, info: dict[str, str] | None = None) -> bytes:
    """The PDF of these pages: one catalog, one page tree, the fonts, a content stream per page."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: bytes = b"") -> int:
        if compress:
            data = zlib.compress(data)
            extra += b" /Filter /FlateDecode"
        return add(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data))

    catalog = add(b"")  # filled below
    tree = add(b"")
    fonts = {
        name: add(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % base.encode())
        for name, base in FONTS.items()
    }
    fonts["F5"] = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding << /Type /Encoding "
        b"/BaseEncoding /WinAnsiEncoding /Differences [29 /ffi /fl /fi] >> >>"
    )
    font_dict = b" ".join(b"/%s %d 0 R" % (name.encode(), number) for name, number in fonts.items())
    kids = []
    for page in pages:
        w, h = page.size
        xobjects = b""
        if page.image:
            iw, ih = 120, 90
            image = stream(
                _gray_image(iw, ih),
                b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8"
                % (iw, ih),
            )
            xobjects = b" /XObject << /Im1 %d 0 R >>" % image
        content = stream(_content(page))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << %s >>%s >> >>" % (tree, w, h, content, font_dict, xobjects)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info_ref = b""
    if info:
        entries = b" ".join(b"/%s (%s)" % (k.encode(), _escape(v)) for k, v in info.items())
        info_ref = b" /Info %d 0 R" % add(b"<< %s >>" % entries)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, catalog, info_ref, xref)
    )
    return out.getvalue()


def encrypted(data: bytes, *, user: str, owner: str, algorithm: str) -> bytes:
    """The PDF encrypted by pypdf (AES with the `cryptography` package, not the reader's own AES)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf._crypt_providers import crypt_provider

    if algorithm.startswith("AES") and crypt_provider[0] != "cryptography":
        raise RuntimeError("the AES fixtures are written with the cryptography package (a dev dependency)")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- the folder of certificates -------------------------------------------------------------------


def _capce_landscape() -> bytes:
    """Landscape, drawn out of reading order (signature, footer and values before the heading), the
    heading letter-spaced a letter at a time, the title set with ligature glyphs."""
    page = Page(size=LANDSCAPE).add(
        Text(520, 90, "Dana K. Whitfield, NRP", 10, "F3"),
        Text(520, 76, "Education Coordinator", 9, "F3"),
        Text(90, 150, "CAPCE Course #", 10, "F2"),
        Text(200, 150, "26-NSEMS-F1-0412", 10),
        Text(90, 170, "Date of Completion:", 10, "F2"),
        Text(200, 170, "March 14, 2026", 10),
        Text(430, 170, "Contact Hours:", 10, "F2"),
        Text(530, 170, "2.0 CEH", 10),
        Text(190, 500, "CERTIFICATE OF COMPLETION", 26, "F2", spacing=5, one_by_one=True),
        Text(300, 300, "has successfully completed", 12, "F3"),
        Text(230, 265, "Pediatric Airway: Eﬃcient Diﬃcult-Airway Workﬂows", 17, "F2"),
        Text(320, 430, "This certifies that", 12, "F3"),
        Text(300, 390, "Jordan A. Rivera", 24, "F4"),
        Text(90, 130, "Provider: Northshore EMS Education", 10),
        Text(90, 40, "Northshore EMS Education is accredited by CAPCE. CAPCE Provider # 4471.", 8),
    )
    return pdf([page], info={"Title": "Certificate"})


def _oems_portrait() -> bytes:
    """Portrait, labels above their values, a heading letter-spaced by character spacing, minutes."""
    page = Page().add(
        Text(150, 700, "CERTIFICATE OF ATTENDANCE", 22, "F2", spacing=4),
        Text(72, 600, "Name:", 11, "F2"),
        Text(160, 600, "Jordan Rivera", 11),
        Text(72, 560, "Course Title:", 11, "F2"),
        Text(72, 542, "Trauma Assessment and Hemorrhage Control", 13),
        Text(72, 500, "Course Date:", 11, "F2"),
        Text(160, 500, "06/02/2025", 11),
        Text(72, 480, "Length:", 11, "F2"),
        Text(160, 480, "90 minutes", 11),
        Text(72, 460, "OEMS Approval Number:", 11, "F2"),
        Text(230, 460, "MA-T2-2025-0312", 11),
        Text(72, 440, "Format:", 11, "F2"),
        Text(160, 440, "Classroom", 11),
        Text(72, 420, "Sponsored by:", 11, "F2"),
        Text(160, 420, "Cape Ann Regional Training Center", 11),
        Text(72, 120, "Certificate printed 06/03/2025. Keep this certificate for four years.", 8),
    )
    return pdf([page])


def _older_number() -> bytes:
    """An OEMS number from before the T codes, under a label; CEU as a vendor prints hours; online."""
    page = Page().add(
        Text(180, 690, "Certificate of Completion", 24, "F4"),
        Text(72, 620, "This is to certify that", 12, "F3"),
        Text(72, 600, "Jordan Rivera", 16, "F2"),
        Text(72, 570, "has completed the online course", 12, "F3"),
        Text(72, 548, "“Stroke Recognition Update”", 15, "F2"),
        Text(72, 500, "Completed on", 11),
        Text(200, 500, "22-Jan-2026", 11),
        Text(72, 480, "CEUs:", 11),
        Text(200, 480, "1.5", 11),
        Text(72, 460, "State Approval No.", 11),
        Text(200, 460, "604127", 11),
        Text(72, 440, "Delivery:", 11),
        Text(200, 440, "Online self-paced", 11),
        Text(72, 420, "Offered by BayState CE Online", 11),
    )
    return pdf([page])


def _conference() -> bytes:
    """A conference's certificate: a table of sessions, one wrapped onto two lines, and a total."""
    page = Page(size=LANDSCAPE).add(
        Text(170, 540, "Southeastern Massachusetts EMS Conference", 22, "F2"),
        Text(300, 510, "Certificate of Attendance", 16, "F4"),
        Text(72, 470, "Awarded to:", 11, "F2"),
        Text(170, 470, "Jordan A. Rivera", 11),
        Text(430, 470, "Dates:", 11, "F2"),
        Text(490, 470, "October 17-18, 2025", 11),
        Text(72, 420, "Session", 10, "F2"),
        Text(360, 420, "Date", 10, "F2"),
        Text(450, 420, "CAPCE Course #", 10, "F2"),
        Text(620, 420, "CEH", 10, "F2"),
        Text(72, 400, "Keynote: Crew Resource Management", 10),
        Text(360, 400, "10/17/2025", 10),
        Text(450, 400, "25-SEMA-F1-2101", 10),
        Text(624, 400, "1.0", 10),
        Text(72, 382, "Cardiac Arrest Care After ROSC", 10),
        Text(360, 382, "10/17/2025", 10),
        Text(450, 382, "25-SEMA-F1-2102", 10),
        Text(624, 382, "1.5", 10),
        Text(72, 364, "Multi-System Trauma in the Elderly:", 10),
        Text(360, 364, "10/18/2025", 10),
        Text(450, 364, "25-SEMA-F1-2103", 10),
        Text(624, 364, "2.0", 10),
        Text(72, 352, "Case Reviews", 10),
        Text(72, 334, "Pediatric Medication Safety", 10),
        Text(360, 334, "10/18/2025", 10),
        Text(450, 334, "25-SEMA-F1-2104", 10),
        Text(624, 334, "2.0", 10),
        Text(72, 310, "Total", 10, "F2"),
        Text(624, 310, "6.5", 10, "F2"),
        Text(72, 120, "Presented by the Southeastern Massachusetts EMS Council", 9),
    )
    return pdf([page])


def _two_certificates() -> bytes:
    """Two certificates in one file, a page each: the first's hours in its sentence, the second's as
    credits that do not say hours (read as a suggestion, not a value)."""
    first = Page().add(
        Text(160, 700, "CERTIFICATE", 28, "F2", spacing=8),
        Text(72, 620, "This certificate is awarded to Jordan Rivera for completing", 12, "F3"),
        Text(72, 596, "Geriatric Falls and Lift Assists", 16, "F2"),
        Text(72, 570, "for 1.5 contact hours on January 9, 2026.", 12, "F3"),
        Text(72, 540, "Approval: T1-8830", 11),
    )
    second = Page().add(
        Text(72, 540, "Credits: 2", 11),
        Text(72, 560, "Course: Opioid Overdose and Naloxone", 12),
        Text(72, 520, "Date: 2025-11-20", 11),
        Text(72, 500, "CAPCE #: 25-MEDU-F3-7781", 11),
        Text(140, 700, "Certificate of Completion", 24, "F2"),
        Text(72, 620, "Participant: Jordan Rivera", 12),
    )
    return pdf([first, second])


def _scan() -> bytes:
    return pdf([Page(image=True)])


def _not_certificate() -> bytes:
    page = Page().add(
        Text(72, 720, "INVOICE 10442", 20, "F2"),
        Text(72, 680, "Bill to: Jordan Rivera, 12 Harbor Street, Salem MA 01970", 11),
        Text(72, 640, "Item: Annual membership", 11),
        Text(72, 620, "Amount due: $45.00", 11),
        Text(72, 600, "Date: 01/05/2026", 11),
    )
    return pdf([page])


# What each file holds: its rows (the fields the reader must find, "" where it must find nothing),
# or the code of why it cannot be read. Checked against cycle 2026 (window 04/01/2024-03/31/2026).
ATTENDEE = "Jordan Rivera"
CERTIFICATES: dict[str, dict] = {
    "capce_landscape.pdf": {
        "make": _capce_landscape,
        "rows": [
            {
                "date": "2026-03-14",
                "title": "Pediatric Airway: Efficient Difficult-Airway Workflows",
                "hours": "2",
                "approval": "26-NSEMS-F1-0412",
                "provider": "Northshore EMS Education",
                "attendee": "Jordan A. Rivera",
            },
        ],
    },
    "oems_portrait.pdf": {
        "make": _oems_portrait,
        "rows": [
            {
                "date": "2025-06-02",
                "title": "Trauma Assessment and Hemorrhage Control",
                "hours": "1.5",
                "approval": "MA-T2-2025-0312",
                "delivery": "Classroom",
                "provider": "Cape Ann Regional Training Center",
                "attendee": "Jordan Rivera",
            },
        ],
    },
    "older_number.pdf": {
        "make": _older_number,
        "rows": [
            {
                "date": "2026-01-22",
                "title": "Stroke Recognition Update",
                "hours": "1.5",
                "approval": "604127",
                "delivery": "Online self-paced",
                "provider": "BayState CE Online",
                "attendee": "Jordan Rivera",
            },
        ],
    },
    "conference.pdf": {
        "make": _conference,
        "rows": [
            {
                "date": "2025-10-17",
                "title": "Keynote: Crew Resource Management",
                "hours": "1",
                "approval": "25-SEMA-F1-2101",
            },
            {
                "date": "2025-10-17",
                "title": "Cardiac Arrest Care After ROSC",
                "hours": "1.5",
                "approval": "25-SEMA-F1-2102",
            },
            {
                "date": "2025-10-18",
                "title": "Multi-System Trauma in the Elderly: Case Reviews",
                "hours": "2",
                "approval": "25-SEMA-F1-2103",
            },
            {
                "date": "2025-10-18",
                "title": "Pediatric Medication Safety",
                "hours": "2",
                "approval": "25-SEMA-F1-2104",
                "attendee": "Jordan A. Rivera",
            },
        ],
    },
    "two_certificates.pdf": {
        "make": _two_certificates,
        "rows": [
            {
                "date": "2026-01-09",
                "title": "Geriatric Falls and Lift Assists",
                "hours": "1.5",
                "approval": "T1-8830",
                "attendee": "Jordan Rivera",
            },
            {
                "date": "2025-11-20",
                "title": "Opioid Overdose and Naloxone",
                "hours": "",
                "approval": "25-MEDU-F3-7781",
                "attendee": "Jordan Rivera",
            },
        ],
    },
    "scan.pdf": {"make": _scan, "rows": [{"date": "", "title": "", "hours": "", "approval": ""}], "kind": "scan"},
    "aes128_no_copying.pdf": {
        "make": lambda: encrypted(_oems_portrait(), user="", owner="owner-secret", algorithm="AES-128"),
        "same_as": "oems_portrait.pdf",
        "encrypted": "AES-128",
    },
    "aes256_no_copying.pdf": {
        "make": lambda: encrypted(_capce_landscape(), user="", owner="owner-secret", algorithm="AES-256"),
        "same_as": "capce_landscape.pdf",
        "encrypted": "AES-256",
    },
    "locked.pdf": {
        "make": lambda: encrypted(_older_number(), user="open-sesame", owner="owner-secret", algorithm="AES-128"),
        "problem": "certificate-locked",
    },
    "invoice.pdf": {"make": _not_certificate, "problem": "certificate-not-course"},
}


def folder(path: Path) -> dict[str, Path]:
    """Write every certificate into `path`; their paths by name."""
    path.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, spec in CERTIFICATES.items():
        written[name] = path / name
        written[name].write_bytes(spec["make"]())
    return written


def expected_rows(name: str) -> list[dict[str, str]]:
    spec = CERTIFICATES[name]
    return CERTIFICATES[spec["same_as"]]["rows"] if "same_as" in spec else spec.get("rows", [])


# --- generated variants: the ideas, not one template ------------------------------------------------

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]  # fmt: skip
DATE_FORMS = (
    lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    lambda d: f"{d.month}/{d.day}/{d.year}",
    lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{MONTH_NAMES[d.month - 1][:3]} {d.day}, {d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{d.day:02d}-{MONTH_NAMES[d.month - 1][:3]}-{d.year}",
)
DATE_LABELS = (
    "Date of Completion:",
    "Completion Date:",
    "Completed on",
    "Date:",
    "Course Date:",
    "Date Completed:",
    "Course Completion Date:",
    "Date Course Completed:",
)
HOURS_FORMS = (  # (how it is printed, with or without a label), given the hours in quarters
    lambda h: ("Contact Hours:", f"{h:.1f}"),
    lambda h: ("", f"{h:g} CEH"),
    lambda h: ("Hours:", f"{h:g}"),
    lambda h: ("Length:", f"{int(h * 60)} minutes"),
    lambda h: ("CE Hours:", f"{h:g}"),
    lambda h: ("", f"Approved for {h:g} contact hours"),
    lambda h: ("CEUs:", f"{h:g}"),
    lambda h: ("CE Hours Awarded:", f"{h:.2f}"),
    lambda h: ("Total Contact Hours:", f"{h:g}"),
    lambda h: (
        "Duration:",
        f"{int(h)} hour{'s' if int(h) != 1 else ''} {int(h * 60) % 60} minutes" if h % 1 else f"{h:g} hours",
    ),
)
APPROVAL_LABELS = ("CAPCE Course #", "CAPCE #:", "Course Number:", "Approval Number:", "OEMS Approval #:", "Approval:")
TITLES = (
    "Airway Management Update",
    "Cardiology Review for BLS Providers",
    "Pediatric Assessment Triangle",
    "Hazardous Materials Awareness",
    "Behavioral Emergencies and De-escalation",
    "Obstetric Emergencies",
)
NAMES = ("Pat Doe", "Sam Okafor", "Maria Santos-Reyes", "Lee Chen")


def variant(seed: int) -> tuple[bytes, dict[str, str]]:
    """A certificate drawn from the ideas above (labels, date and hour forms, numbers, layout, order),
    and what the reader must find on it."""
    import random
    from datetime import date, timedelta

    rng = random.Random(seed)
    size = rng.choice([PORTRAIT, LANDSCAPE])
    width = size[0]
    day = date(2024, 4, 1) + timedelta(days=rng.randrange(700))
    hours = rng.choice([0.5, 1, 1.5, 2, 2.5, 3, 4, 6, 8])
    title = rng.choice(TITLES)
    name = rng.choice(NAMES)
    if rng.random() < 0.5:
        organisation = rng.choice(["NSEMS", "MEDU", "EMSCE", "CMED"])
        number = f"{day.year % 100:02d}-{organisation}-F{rng.randint(1, 5)}-{rng.randint(1, 9999):04d}"
    else:
        number = rng.choice(
            [
                f"T{rng.randint(1, 5)}-{rng.randint(1000, 9999)}",
                f"MA-T{rng.randint(1, 5)}-{day.year}-{rng.randint(1, 9999):04d}",
            ]
        )
    texts = [
        Text(
            width / 2 - 150,
            size[1] - 90,
            rng.choice(["CERTIFICATE OF COMPLETION", "Certificate of Attendance", "CERTIFICATE"]),
            22,
            "F2",
            spacing=rng.choice([0, 3, 6]),
            one_by_one=rng.random() < 0.3,
        )
    ]
    y = size[1] - 160
    if rng.random() < 0.5:
        texts += [Text(80, y, "This certifies that", 12, "F3"), Text(80, y - 28, name, 20, "F4")]
        y -= 70
    else:
        texts += [Text(80, y, "Name:", 11, "F2"), Text(180, y, name, 11)]
        y -= 40
    if rng.random() < 0.5:
        texts += [Text(80, y, "has successfully completed", 12, "F3"), Text(80, y - 24, title, 16, "F2")]
    else:
        texts += [Text(80, y, "Course Title:", 11, "F2"), Text(180, y, title, 11)]
    y -= 70
    fields = []
    label = rng.choice(DATE_LABELS)
    fields.append((label, DATE_FORMS[rng.randrange(len(DATE_FORMS))](day)))
    fields.append(HOURS_FORMS[rng.randrange(len(HOURS_FORMS))](hours))
    fields.append((rng.choice(APPROVAL_LABELS), number))
    rng.shuffle(fields)
    below = rng.random() < 0.3  # each value under its label rather than beside it
    for label, value in fields:
        if not label:
            texts.append(Text(80, y, value, 11))
        elif below:
            texts += [Text(80, y, label, 9, "F2"), Text(80, y - 13, value, 11)]
            y -= 13
        else:
            texts += [Text(80, y, label, 11, "F2"), Text(80 + len(label) * 6 + 30, y, value, 11)]
        y -= 26
    texts.append(
        Text(width - 250, 70, rng.choice(["Director of Education", "Course Coordinator", "Program Director"]), 10, "F3")
    )
    rng.shuffle(texts)  # drawn in any order
    expected = {"date": day.isoformat(), "title": title, "hours": f"{hours:g}", "approval": number, "attendee": name}
    return pdf([Page(texts, size)]), expected


SENTENCE = "This is to certify that Jordan Rivera has successfully completed Pediatric Airway Management"
# More shapes, each a page, with what must be read from it ("?x": blank, with x offered).
SHAPES = {
    "one sentence over two lines": (
        Page().add(
            Text(150, 700, "Certificate of Completion", 24, "F2"),
            Text(72, 600, SENTENCE, 11),
            Text(72, 585, "on March 14, 2026 for 2.0 contact hours (CAPCE Course Number 26-NEMS-F1-0101).", 11),
        ),
        {"date": "2026-03-14", "title": "Pediatric Airway Management", "hours": "2", "approval": "26-NEMS-F1-0101",
         "attendee": "Jordan Rivera"},
    ),
    "labels and values in two columns, no colons": (
        Page(size=LANDSCAPE).add(
            Text(200, 540, "CERTIFICATE OF COMPLETION", 24, "F2"),
            Text(100, 420, "Participant", 11, "F2"), Text(300, 420, "Jordan Rivera", 11),
            Text(100, 400, "Program", 11, "F2"), Text(300, 400, "Hazmat Awareness Refresher", 11),
            Text(100, 380, "Completion Date", 11, "F2"), Text(300, 380, "12/02/2025", 11),
            Text(100, 360, "Credit Hours", 11, "F2"), Text(300, 360, "4.0", 11),
            Text(100, 340, "Mass. OEMS Approval", 11, "F2"), Text(300, 340, "T2-5521", 11),
            Text(100, 320, "Instructor", 11, "F2"), Text(300, 320, "Alex Morgan", 11),
        ),
        {"date": "2025-12-02", "title": "Hazmat Awareness Refresher", "hours": "4", "approval": "T2-5521",
         "attendee": "Jordan Rivera"},
    ),
    "the day of the month written out": (
        Page().add(
            Text(150, 700, "Certificate", 24, "F2"),
            Text(72, 600, "Awarded to Jordan Rivera", 14), Text(72, 570, "for completing", 11),
            Text(72, 550, "Behavioral Emergencies", 14, "F2"), Text(72, 500, "this 14th day of March, 2026", 11),
            Text(72, 480, "1.5 CEH", 11), Text(72, 460, "Approval # 25-ABCD-F3-0042", 11),
        ),
        {"date": "2026-03-14", "title": "Behavioral Emergencies", "hours": "1.5", "approval": "25-ABCD-F3-0042"},
    ),
    "IACET CEU, not read as hours": (
        Page().add(
            Text(150, 700, "Certificate of Completion", 24, "F2"), Text(72, 600, "Name: Jordan Rivera", 11),
            Text(72, 580, "Course: Stroke Update", 11), Text(72, 560, "Date: 01/15/2026", 11),
            Text(72, 540, "0.2 CEU (IACET)", 11), Text(72, 520, "CAPCE #: 26-ABCD-F3-0001", 11),
        ),
        {"date": "2026-01-15", "title": "Stroke Update", "hours": "?2", "approval": "26-ABCD-F3-0001"},
    ),
    "hours and minutes together, a label not in the lists": (
        Page().add(
            Text(150, 700, "Certificate of Completion", 24, "F2"),
            Text(72, 600, "Name of Participant: Jordan Rivera", 11),
            Text(72, 580, "Session Attended: Mass Casualty Triage", 11),
            Text(72, 560, "Date Course Completed: 02/03/2026", 11),
            Text(72, 540, "Time Credited: 1 hour 45 minutes", 11), Text(72, 520, "OEMS Course Approval #: T4-2231", 11),
        ),
        {"date": "2026-02-03", "title": "Mass Casualty Triage", "hours": "1.75", "approval": "T4-2231",
         "attendee": "Jordan Rivera"},
    ),
}  # fmt: skip
