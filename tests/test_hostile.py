"""Hostile files, built here in code, against the reader and `recert check`: each is answered with a
report or one clear sentence, promptly and without large memory, never a traceback, never in the
user's favour, and every row it reads is accounted for.

The files are made the way a program (or an attacker) writes them: workbooks by hand with zipfile,
text in the encodings and line endings of the machines that write it. A case table at the end runs
every one through the command in-process; the cases that need a real process (a terminal's
encoding, pipes, /proc) run it as a subprocess.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from recert_core.approval import Approval, parse_approval
from recert_core.check import check
from recert_core.transcript import TranscriptError, read_transcript

ROOT = Path(__file__).resolve().parent.parent
EMT_2026 = ["--level", "emt", "--cycle", "2026"]
HEADER = ("Date", "Course Title", "Hours", "Approval Number", "Component")
COURSES = [
    ("2025-03-01", "Airway lab", "2", "T2-1001", "National"),
    ("2025-04-02", "Protocol update", "3", "T1-1002", "Local"),
    ("2025-05-03", "Cardiology online", "1.5", "T3-1003", "Individual"),
]
MEGABYTE = 1 << 20


# ---- building workbooks ------------------------------------------------------------------------

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"


def column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xrow(line: int, *values: str | float) -> str:
    """An xlsx row: numbers as numbers, text inline (as exporters write it)."""
    cells = []
    for index, value in enumerate(values):
        ref = f"{column(index)}{line}"
        if isinstance(value, int | float):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        elif value:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
    return f'<row r="{line}">{"".join(cells)}</row>'


def shared_transcript(hours_index: str) -> bytes:
    """A transcript whose texts are shared strings, the first course's hours pointing at `hours_index`."""
    strings = [*HEADER, *(v for c in COURSES for v in c), "50"]
    rows = []
    for line, values in enumerate([HEADER, *COURSES], 1):
        cells = "".join(
            f'<c r="{column(i)}{line}" t="s"><v>{hours_index if (line, i) == (2, 2) else strings.index(v)}</v></c>'
            for i, v in enumerate(values)
        )
        rows.append(f'<row r="{line}">{cells}</row>')
    return xlsx("".join(rows), strings=strings)


def transcript_rows(first_line: int = 1) -> str:
    """A header and three courses (10.5 h), from `first_line`."""
    lines = [xrow(first_line, *HEADER)]
    lines += [xrow(first_line + 1 + i, *course) for i, course in enumerate(COURSES)]
    return "".join(lines)


def xlsx(
    *sheets: str | tuple[str, str],
    strings: Sequence[str] | str | None = None,
    styles: str | None = None,
    entries: str | None = None,
    extra: Sequence[tuple[str, str | bytes]] = (),
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A workbook as a program writes one: each sheet's rows (the inside of <sheetData>), or (name,
    rows); shared strings as a list or as the part's own XML; `entries` replaces the <sheet> list."""
    named = [(s, f"Sheet{i + 1}") if isinstance(s, str) else (s[1], s[0]) for i, s in enumerate(sheets)]
    listed = entries or "".join(
        f'<sheet name="{escape(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (_, name) in enumerate(named)
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{WORKSHEET}" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(named))
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("xl/workbook.xml", f"<workbook {MAIN} {REL}><sheets>{listed}</sheets></workbook>")
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{RELATIONSHIPS}">{rels}</Relationships>')
        for i, (rows, _) in enumerate(named):
            archive.writestr(
                f"xl/worksheets/sheet{i + 1}.xml", f"<worksheet {MAIN}><sheetData>{rows}</sheetData></worksheet>"
            )
        if isinstance(strings, str):
            archive.writestr("xl/sharedStrings.xml", strings)
        elif strings is not None:
            items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
            archive.writestr("xl/sharedStrings.xml", f"<sst {MAIN}>{items}</sst>")
        if styles is not None:
            archive.writestr("xl/styles.xml", styles)
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def orow(*values: str | float, repeat: int | str | None = None, cell_repeat: str | None = None) -> str:
    """An .ods row, as LibreOffice writes it; `repeat` its number-rows-repeated, `cell_repeat` the last
    cell's number-columns-repeated."""
    cells = []
    for index, value in enumerate(values):
        times = f' table:number-columns-repeated="{cell_repeat}"' if cell_repeat and index == len(values) - 1 else ""
        if isinstance(value, int | float):
            cells.append(
                f'<table:table-cell{times} office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        else:
            cells.append(
                f'<table:table-cell{times} office:value-type="string">'
                f"<text:p>{escape(value)}</text:p></table:table-cell>"
            )
    times = f' table:number-rows-repeated="{repeat}"' if repeat is not None else ""
    return f"<table:table-row{times}>{''.join(cells)}</table:table-row>"


def ods_transcript() -> str:
    return orow(*HEADER) + "".join(orow(*c[:2], float(c[2]), *c[3:]) for c in COURSES)


def ods(*tables: str | tuple[str, str]) -> bytes:
    named = [(t, f"Sheet{i + 1}") if isinstance(t, str) else (t[1], t[0]) for i, t in enumerate(tables)]
    body = "".join(f'<table:table table:name="{escape(name)}">{rows}</table:table>' for rows, name in named)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}><office:body>'
        f"<office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def declared_size(data: bytes, name: str, size: int) -> bytes:
    """The workbook with one part's unpacked size, as its zip directory declares it, changed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    encoded, at = name.encode(), 0
    while True:  # the central directory entry of `name`
        at = data.index(b"PK\x01\x02", at)
        (length,) = struct.unpack("<H", data[at + 28 : at + 30])
        if data[at + 46 : at + 46 + length] == encoded:
            break
        at += 4
    assert struct.unpack("<L", data[at + 24 : at + 28])[0] == info.file_size
    return data[: at + 24] + struct.pack("<L", size) + data[at + 28 :]


def measured(read: Callable[[], object]) -> tuple[object, int]:
    """What `read` gives (or the TranscriptError it raises), and the most memory it held at once."""
    tracemalloc.start()
    try:
        try:
            result: object = read()
        except TranscriptError as error:
            result = error
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def refused(data: bytes, *words: str, memory: int = 64 * MEGABYTE) -> str:
    """The sentence a file is refused with, checked to hold `words` and to have needed little memory."""
    result, peak = measured(lambda: read_transcript(data))
    assert isinstance(result, TranscriptError), result
    for word in words:
        assert word in str(result), str(result)
    assert peak < memory, f"{peak / MEGABYTE:.0f} MB"
    return str(result)


def course_lines(t) -> dict[int, str]:
    return {c.line: c.title for c in t.courses}


# ---- 1. counted in the user's favour: a text the workbook does not hold ------------------------------


# ---- 2. small files that would exhaust memory or time --------------------------------------------


# ---- 3. tracebacks: damaged numbers where a spreadsheet writes numbers ------------------------------


def run(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "recert_core", *args],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        **kwargs,
    )


# ---- 4. slow: an approval cell megabytes long ------------------------------------------------------


def test_a_cell_megabytes_long_is_not_an_approval_number():
    assert not isinstance(parse_approval("CAPCE # " * 250_000 + "T2-1234"), Approval)  # 2 MB: not a number
    assert not isinstance(parse_approval("NO " * 650_000), Approval)
    found = parse_approval("T2-1234 " + "(renewed) " * 200_000)
    assert isinstance(found, Approval) and found.number == "T2-1234"
    report = check(f"Date,Title,Hours,Approval\n2025-03-01,A,1,{'NO ' * 650_000}\n".encode(), "emt", 2026)
    assert [(r.status, r.reasons[0].code) for r in report.rows] == [("unverified", "bad-approval")]


# ---- 5. wrong words --------------------------------------------------------------------------------

NUMBERED = ["Date,Course Title,Hours,Approval Number"]
NUMBERED += [f"2025-03-{d:02d},Course {d},1,T2-10{d:02d}" for d in range(1, 9)]
CSV_TEXT = (
    "Date,Course Title,Hours,Approval Number\n2025-03-01,Renée’s airway lab,2,T2-1001\n2025-03-02,CPR,1,T2-1002\n"
)


def ole_with(stream: str) -> bytes:
    """An OLE2 compound file whose directory holds the named streams (a password-protected Office file
    holds "EncryptionInfo" and "EncryptedPackage")."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(22) + struct.pack("<H", 9) + bytes(512 - 32)

    def entry(name: str) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return encoded.ljust(64, b"\x00") + struct.pack("<H", len(encoded)) + bytes(62)

    directory = entry("Root Entry") + entry("EncryptionInfo") + entry(stream) + entry("")
    return header + directory + os.urandom(4096)


# ---- 6. terminal safety -------------------------------------------------------------------------------

CONTROL = ["\x1b]0;pwned\x07", "\x1b[2J\x1b[H", "\x07", "\x9b31m", "\u202e", "\r"]


# ---- 7a. Mac Roman -------------------------------------------------------------------------------------

TITLES = [
    "Pediatric Emergencies – Review",
    "José Peña’s “Airway” lab",
    "Children’s trauma — what’s new",
    "Naïve cardiology… refresher",
    "Crème brûlée burns • Café",
    "Protocolo de atención prehospitalaria",
    "Señales de alarma en niños",
    "Müller’s ECG Überblick",
]


# ---- 7b. every sheet --------------------------------------------------------------------------------


# ---- 7c. formulas without their values ----------------------------------------------------------------


# ---- 8. every row accounted for ---------------------------------------------------------------------


# ---- every hostile case through `recert check` ------------------------------------------------------


# ---- the same in the browser's Python ---------------------------------------------------------------
