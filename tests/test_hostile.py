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
import json
import os
import struct
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from recert_core import cli
from recert_core.approval import Approval, parse_approval
from recert_core.check import check, judge, resolve
from recert_core.report import visible
from recert_core.transcript import TranscriptError, read_people, read_transcript
from recert_core.transcript import read as read_module
from recert_core.transcript.table import MAX_COLUMNS, MAX_ROWS, MAX_SHEETS, MAX_STRINGS, Table, last_read
from recert_core.transcript.tables import read_tables


def read_table(data: bytes) -> Table:
    """A file's first table (a text file's only one)."""
    return read_tables(data)[0]


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


@pytest.mark.parametrize("index", ["-1", "-4", "4", "99999999999999999999999", "1.0", "x", ""])
def test_a_shared_string_the_workbook_does_not_hold_is_an_empty_cell(index):
    strings = ["Airway lab", "T2-1001", "2025-03-01", "50"]  # the last, 50, is what index -1 would read
    row = (
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>0</v></c>'
        f'<c r="C2" t="s"><v>{index}</v></c><c r="D2" t="s"><v>1</v></c></row>'
    )
    data = xlsx(xrow(1, *HEADER[:4]) + row, strings=strings)
    t = read_transcript(data)
    (course,) = t.courses
    assert course.title == "Airway lab" and course.hours is None
    assert [n.code for n in t.notes] == ["damaged-cells"] and "line 2" in t.notes[0].message.lower()
    report = check(data, "emt", 2026)
    assert report.counted_total == 0 and report.rows[0].status == "rejected"


# ---- 2. small files that would exhaust memory or time --------------------------------------------


def test_a_small_workbook_of_more_rows_than_a_spreadsheet_holds_is_refused_at_once():
    rows = transcript_rows() + "".join(f'<row r="{i}"/>' for i in range(5, MAX_ROWS + 10))
    data = xlsx(rows)
    assert len(data) < 4 * MEGABYTE
    refused(data, "rows", f"{MAX_ROWS:,}")


def test_millions_of_identical_rows_packed_tight_are_refused_at_once():
    data = xlsx(transcript_rows() + "<row><c><v>1</v></c></row>" * 3_000_000)
    assert len(data) < MEGABYTE
    refused(data, "packed", "to 1")


def test_a_shared_strings_bomb_is_refused_at_once():
    refused(xlsx(transcript_rows(), strings=["x"] * 3_000_000), "packed")
    many = xlsx(transcript_rows(), strings=[f"{i:x}" for i in range(MAX_STRINGS + 10)])
    refused(many, "different texts")


def test_a_part_declaring_gigabytes_is_refused_before_it_is_unpacked():
    data = declared_size(xlsx(transcript_rows()), "xl/worksheets/sheet1.xml", 3_000_000_000)
    refused(data, "unpacks to 2,861 MB", memory=4 * MEGABYTE)


def test_a_row_padded_to_the_last_column_is_read_without_the_padding():
    pad = "".join(f'<row r="{i}"><c r="XFD{i}"><v>1</v></c></row>' for i in range(5, 20_005))
    wide = '<row r="20005"><c r="A20005" t="inlineStr"><is><t>x</t></is></c><c r="XFD20005"><v>9</v></c></row>'
    result, peak = measured(lambda: read_transcript(xlsx(transcript_rows() + pad + wide)))
    assert not isinstance(result, TranscriptError)
    assert sorted(course_lines(result)) == [2, 3, 4, 20005]
    assert max(len(c.cells) for c in result.courses) <= MAX_COLUMNS
    notes = [n for n in result.notes if n.code == "cells-beyond-last-column"]
    assert len(notes) == 1 and "AMJ" in notes[0].message
    assert peak < 64 * MEGABYTE


@pytest.mark.parametrize("repeat", ["1000000000", "2000000"])
def test_an_ods_row_repeated_past_what_a_transcript_holds_is_refused_at_once(repeat):
    data = ods(ods_transcript() + orow("2025-06-01", "Bomb", 1.0, "T2-9", "National", repeat=repeat))
    refused(data, "repeats a row")


def test_an_ods_cell_repeated_across_the_sheet_is_read_to_the_last_column_with_a_note():
    data = ods(ods_transcript() + orow("2025-06-01", "Wide", 1.0, "T2-9", "x", cell_repeat="1000000000"))
    result, peak = measured(lambda: read_transcript(data))
    assert not isinstance(result, TranscriptError)
    assert course_lines(result)[5] == "Wide" and len(result.courses[-1].cells) == MAX_COLUMNS
    assert "cells-beyond-last-column" in [n.code for n in result.notes]
    assert peak < 32 * MEGABYTE


def test_libreoffices_empty_rest_of_the_sheet_is_still_read():
    empty = orow("", cell_repeat="1024", repeat="1048570")
    data = ods(ods_transcript() + empty)
    t = read_transcript(data)
    assert sorted(course_lines(t)) == [2, 3, 4] and not t.notes


@pytest.mark.parametrize("count", [5000, MAX_SHEETS + 1])
def test_thousands_of_sheets_are_refused_at_once(count):
    entries = "".join(f'<sheet name="S{i}" sheetId="{i + 1}" r:id="rId1"/>' for i in range(count))
    refused(xlsx(transcript_rows(), entries=entries), "sheets")
    many = ods(*[(f"S{i}", orow(f"sheet {i}")) for i in range(count)])
    refused(many, "sheets")


def test_two_sheets_on_one_part_are_a_damaged_workbook():
    entries = '<sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" r:id="rId1"/>'
    refused(xlsx(transcript_rows(), entries=entries), "damaged")


def test_a_zip_of_thousands_of_parts_is_refused_before_they_are_listed():
    parts = [(f"xl/media/image{i}.png", b"") for i in range(12_000)]
    refused(xlsx(transcript_rows(), extra=parts, compression=zipfile.ZIP_STORED), "parts")


def test_a_part_declaring_a_document_type_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<sst {MAIN}><si><t>&b;</t></si></sst>"
    )
    refused(xlsx(transcript_rows(), strings=bomb), "unsafe", "document type")


# ---- 3. tracebacks: damaged numbers where a spreadsheet writes numbers ------------------------------


def run(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "recert_core", *args],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        **kwargs,
    )


def test_damaged_row_numbers_are_read_in_order_with_a_note():
    rows = xrow(1, *HEADER) + xrow(2, *COURSES[0]).replace('r="2"', 'r="x"', 1)
    rows += xrow(2**63, *COURSES[1]) + xrow(3, *COURSES[2])
    t = read_transcript(xlsx(rows))
    assert course_lines(t) == {2: "Airway lab", 3: "Protocol update", 4: "Cardiology online"}
    assert any(n.code == "damaged-cells" and "row numbers" in n.message for n in t.notes)


def test_damaged_style_and_format_numbers_are_plain_numbers():
    styles = (
        f'<styleSheet {MAIN}><numFmts><numFmt numFmtId="x" formatCode="yyyy-mm-dd"/></numFmts>'
        '<cellXfs><xf numFmtId="y"/><xf numFmtId="14"/></cellXfs></styleSheet>'
    )
    row = xrow(2, *COURSES[0]).replace('<c r="C2">', '<c r="C2" s="abc">').replace('<c r="A2"', '<c r="A2" s="1"')
    t = read_transcript(xlsx(xrow(1, *HEADER) + row, styles=styles))
    assert t.courses[0].hours is not None and t.courses[0].hours == 2


def test_damaged_ods_repeat_numbers_are_read_as_one():
    rows = ods_transcript() + orow(*COURSES[0][:2], 2.0, *COURSES[0][3:], repeat="lots", cell_repeat="-3")
    t = read_transcript(ods(rows))
    assert sorted(course_lines(t)) == [2, 3, 4, 5]


def test_a_roster_with_a_row_numbered_two_to_the_63rd_through_the_command(tmp_path):
    header = xrow(1, "Name", *HEADER)
    rows = header + xrow(2, "Pat Doe", *COURSES[0]) + xrow(2**63, "Sam Roe", *COURSES[1])
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx(rows))
    result = run("check", str(path), *EMT_2026, "--format", "json")
    assert result.returncode == 1 and b"Traceback" not in result.stderr, result.stderr
    people = json.loads(result.stdout)["people"]
    assert sorted(p["person"] for p in people) == ["Pat Doe", "Sam Roe"]


def test_a_terminal_that_cannot_show_a_name_gets_it_escaped(tmp_path):
    path = tmp_path / "roster.csv"
    rows = ["Name,Date,Course Title,Hours,Approval Number", "Nguyễn Văn An,2025-03-01,Airway,2,T2-1001"]
    path.write_text("\n".join([*rows, "Đặng Thu,2025-03-02,CPR,1,T2-1002"]) + "\n", encoding="utf-8")
    env = {"PYTHONIOENCODING": "cp1252"}
    text = run("check", str(path), *EMT_2026, env=env)
    assert text.returncode == 1 and b"Traceback" not in text.stderr, text.stderr
    assert b"Nguy\\u1ec5n" in text.stdout
    data = run("check", str(path), *EMT_2026, "--format", "json", env=env)
    assert data.returncode == 1 and "Nguyễn Văn An" in data.stdout.decode("utf-8")
    named = run("check", str(tmp_path / "Đặng.csv"), *EMT_2026, env=env)
    assert named.returncode == 2 and named.stderr.count(b"\n") == 1 and b"Traceback" not in named.stderr


def test_an_unexpected_error_exits_3_with_one_line_naming_the_file_and_row(tmp_path, monkeypatch, capsys):
    path = tmp_path / "log.csv"
    path.write_text(
        "Date,Title,Hours,Approval\n" + "".join(f"2025-03-0{d},Course {d},1,T2-100{d}\n" for d in range(1, 8))
    )
    course = read_module.courses_of

    def failing(source, line, cells, *args):
        if line == 5:
            raise KeyError("boom")
        return course(source, line, cells, *args)

    monkeypatch.setattr(read_module, "courses_of", failing)
    assert cli.main(["check", str(path), *EMT_2026]) == cli.UNEXPECTED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{path}, line 5: unexpected error (KeyError" in err and "please report it" in err


def test_an_unexpected_error_after_reading_names_the_last_row_read_and_the_file_combined(tmp_path, monkeypatch, capsys):
    first, second = tmp_path / "a.csv", tmp_path / "b.xlsx"
    first.write_text("Date,Title,Hours,Approval\n2025-03-01,A,1,T2-1001\n")
    second.write_bytes(xlsx(("CE", transcript_rows())))

    def failing(*args, **kwargs):
        raise RuntimeError("judging failed")

    monkeypatch.setattr(cli, "judge_person", failing)
    assert cli.main(["check", str(first), str(second), "--combine", *EMT_2026]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "b.xlsx, sheet “CE”, line 4: unexpected error (RuntimeError: judging failed)" in err


def test_the_exit_codes_are_in_the_help_and_the_readme():
    result = run("check", "--help")
    assert b"3 an unexpected error" in result.stdout.replace(b"\n", b" ").replace(b"  ", b" ")
    readme = (ROOT / "README.md").read_text()
    assert "`3`" in readme and "unexpected" in readme


def test_the_table_layer_remembers_the_last_row_it_gave_out():
    table = read_table(xlsx(("Log", transcript_rows())))
    assert table.line == 0
    rows = iter(table.rows)
    next(rows), next(rows)
    assert table.line == 2 and last_read() is table
    text = read_table(b"a,b\n1,2\n3,4\n")
    assert [line for line, _ in text.rows] == [1, 2, 3] and text.line == 3 and last_read() is text


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


@pytest.mark.parametrize(
    ("encoding", "bom", "named"),
    [
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32"),
        ("utf-32-be", b"\x00\x00\xfe\xff", "utf-32"),
        ("utf-32-le", b"", "utf-32-le"),
        ("utf-32-be", b"", "utf-32-be"),
    ],
)
def test_utf32_files_are_read(encoding, bom, named):
    t = read_transcript(bom + CSV_TEXT.encode(encoding))
    assert t.encoding == named and course_lines(t) == {2: "Renée’s airway lab", 3: "CPR"}


def test_an_old_mac_file_with_one_stray_line_feed_keeps_every_row():
    lines = list(NUMBERED)
    lines[4] = lines[4].replace("Course 4", "Course\n4")
    t = read_transcript(("\r".join(lines) + "\r").encode())
    assert sorted(course_lines(t)) == list(range(2, 10)) and course_lines(t)[5] == "Course 4"
    assert [n.code for n in t.notes] == ["stray-line-break"] and "Line 5" in t.notes[0].message


def test_a_stray_carriage_return_in_an_unquoted_cell_keeps_the_rows_after_it():
    lines = list(NUMBERED)
    lines[2] = lines[2].replace("Course 2", "Course\r2")
    t = read_transcript(("\n".join(lines) + "\n").encode())
    assert sorted(course_lines(t)) == list(range(2, 10)) and course_lines(t)[3] == "Course 2"
    assert [n.code for n in t.notes] == ["stray-line-break"]
    crlf = read_transcript(("\r\n".join(lines) + "\r\n").encode())
    assert sorted(course_lines(crlf)) == list(range(2, 10))
    people = list(
        read_people(
            ("\n".join(["Name," + lines[0], *(f"P{i % 2}," + x for i, x in enumerate(lines[1:]))]) + "\n").encode()
        )
    )
    assert sorted(c.line for p in people for c in p.courses) == list(range(2, 10))


@pytest.mark.parametrize("name", ["../../x", "/etc/cron.d/x", "xl\\..\\..\\x", "C:/x"])
def test_a_part_named_outside_the_workbook_is_refused_as_unsafe(name):
    refused(xlsx(transcript_rows(), extra=[(name, "x")]), "damaged or unsafe", "outside the workbook")


def ole_with(stream: str) -> bytes:
    """An OLE2 compound file whose directory holds the named streams (a password-protected Office file
    holds "EncryptionInfo" and "EncryptedPackage")."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(22) + struct.pack("<H", 9) + bytes(512 - 32)

    def entry(name: str) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return encoded.ljust(64, b"\x00") + struct.pack("<H", len(encoded)) + bytes(62)

    directory = entry("Root Entry") + entry("EncryptionInfo") + entry(stream) + entry("")
    return header + directory + os.urandom(4096)


def test_a_password_protected_workbook_is_named_so_with_what_to_do():
    message = refused(ole_with("EncryptedPackage"), "password")
    assert "remove the password" in message and ".xls" not in message
    assert "old Excel workbook (.xls)" in refused(ole_with("Workbook"), ".xls")


def test_files_whose_size_the_system_does_not_know_and_pipes_are_read():
    status = run("check", "/proc/self/status", *EMT_2026)
    assert status.returncode == 2 and b"cannot write" not in status.stderr
    assert status.stderr.count(b"\n") == 1 and b"Missing column" in status.stderr
    data = ("Date,Title,Hours,Approval\n" + "".join(f"2025-03-0{d},C{d},1,T2-100{d}\n" for d in range(1, 5))).encode()
    piped = run("check", "/dev/stdin", *EMT_2026, "--format", "json", input=data)
    assert piped.returncode == 1 and len(json.loads(piped.stdout)["rows"]) == 4


# ---- 6. terminal safety -------------------------------------------------------------------------------

CONTROL = ["\x1b]0;pwned\x07", "\x1b[2J\x1b[H", "\x07", "\x9b31m", "\u202e", "\r"]


def test_the_text_report_shows_what_cells_would_do_to_a_terminal_escaped():
    rows = [f"2025-03-0{i + 1},Title {i}{c} end,{c}1,T2-100{i}{c}" for i, c in enumerate(CONTROL)]
    data = ("Date,Title,Hours,Approval\n" + "\n".join(rows) + "\n").encode()
    text = check(data, "emt", 2026).to_text()
    assert not any(c in text for c in CONTROL)
    assert "\\x1b]0;pwned\\x07" in text and "\\u202e" in text
    assert visible(visible("a\x1bb")) == "a\\x1bb"


def test_the_command_never_prints_a_cells_control_characters(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(
        "Name,Date,Title,Hours,Approval\n\x1b]0;x\x07Pat,2025-03-01,A\x1b[2J,1,T2-1\nSam,2025-03-01,B,1,T2-2\n"
    )
    out = run("check", str(path), *EMT_2026)
    assert out.returncode == 1 and b"\x1b" not in out.stdout and b"\\x1b]0;x\\x07Pat" in out.stdout
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(transcript_rows(), extra=[("../\x1b[2J\x07x", "x")]))
    err = run("check", str(bad), *EMT_2026)
    assert err.returncode == 2 and b"\x1b" not in err.stderr and b"\x07" not in err.stderr
    assert b"../\\x1b[2J\\x07x" in err.stderr


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
    "‘Stop the Bleed’ refresher",
    "Nurses’ and medics’ skills day",
    "Díaz: ACLS – “megacode” practice",
    "MUÑOZ PEDIATRIC SKILLS",
    "Atención: 90° angle drill",
]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize(("codec", "named"), [("mac_roman", "mac-roman"), ("cp1252", "windows-1252")])
def test_mac_roman_and_windows_1252_are_told_apart_by_their_bytes(title, codec, named):
    text = f"Date,Course Title,Hours,Approval Number\n2025-03-01,{title},2,T1–3001\n2025-03-02,CPR,1,T2-1002\n"
    t = read_transcript(text.encode(codec))
    assert t.encoding == named
    assert t.courses[0].title == title
    report = judge(t, *resolve("emt", 2026))
    assert report.rows[0].approval == "T1–3001" and report.rows[0].status != "unverified"


WORDS = [
    "Airway",
    "management",
    "José",
    "Peña",
    "Muñoz",
    "café",
    "naïve",
    "résumé",
    "Müller",
    "Über",
    "Atención",
    "niños",
    "Díaz",
    "García",
    "Gómez",
    "Pérez",
    "Ramírez",
    "Ibáñez",
    "Françoise",
    "Zoë",
    "Chloé",
    "Renée",
    "Noël",
    "Björn",
    "Søren",
    "Ångström",
    "crème",
    "brûlée",
    "façade",
    "trauma",
    "cardiology",
    "pediatric",
    "review",
    "update",
    "lab",
    "skills",
    "EMT",
    "ALS",
    "JOSÉ",
    "MUÑOZ",
    "T1-3001",
    "2.5",
]
MARKS = [" – ", " — ", "’s", "’", "“", "‘", "…", " • ", "°", "®", "™"]


def generated_title(rng) -> str:
    words = []
    for _ in range(rng.randint(1, 6)):
        word, mark = rng.choice(WORDS), rng.choice(MARKS) if rng.random() < 0.3 else ""
        words.append(f"{mark}{word}{'”’'[mark == '‘']}" if mark in ("“", "‘") else word + mark)
    return " ".join(words)


def test_generated_titles_are_read_in_the_encoding_they_were_written_in():
    import random

    rng = random.Random(18)
    wrong = {"mac-roman": 0, "windows-1252": 0}
    written = dict.fromkeys(wrong, 0)
    for _ in range(1500):
        title = generated_title(rng)
        for codec, named in (("mac_roman", "mac-roman"), ("cp1252", "windows-1252")):
            data = f"Date,Title,Hours\n2025-01-01,{title},1\n".encode(codec, "ignore")
            if data.isascii() or data.decode("mac_roman") == data.decode("cp1252", "replace"):
                continue  # the same text either way
            try:
                data.decode("utf-8")
                continue  # a few Windows-1252 bytes are UTF-8 too, and read as such (as before)
            except UnicodeDecodeError:
                pass
            written[named] += 1
            wrong[named] += read_table(data).encoding != named
    assert wrong["windows-1252"] == 0 and written["windows-1252"] > 1000
    assert wrong["mac-roman"] <= written["mac-roman"] // 200, wrong


def test_an_excel_for_mac_export_reads_its_titles_and_approval_numbers():
    rows = [
        "Date,Course Title,Hours,Approval Number,Component",
        "03/01/2025,Trauma Assessment – Adult,2,T2–3001,National",
        "03/02/2025,Atención al paciente,1,T1–3002,Local",
        "03/03/2025,Müller’s 12-lead,1.5,T3–3003,Individual",
    ]
    data = "\r".join(rows).encode("mac_roman") + b"\r"
    t = read_transcript(data)
    assert t.encoding == "mac-roman"
    assert [c.title for c in t.courses] == ["Trauma Assessment – Adult", "Atención al paciente", "Müller’s 12-lead"]
    report = check(data, "emt", 2026)
    assert [r.status for r in report.rows] == ["counted"] * 3


# ---- 7b. every sheet --------------------------------------------------------------------------------


def test_read_tables_gives_every_visible_sheet_and_read_table_still_chooses_one():
    entries = (
        '<sheet name="2024" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" r:id="rId2" state="hidden"/>'
        '<sheet name="2025" sheetId="3" r:id="rId3"/>'
    )
    data = xlsx(transcript_rows(), xrow(1, "secret"), transcript_rows(3), entries=entries)
    tables = read_tables(data)
    assert [(t.format, t.sheet, t.line) for t in tables] == [("xlsx", "2024", 0), ("xlsx", "2025", 0)]
    assert [line for line, _ in tables[1].rows] == [3, 4, 5, 6]
    assert [line for line, _ in tables[0].rows] == [1, 2, 3, 4]
    both = read_transcript(data)
    assert [n.code for n in both.notes] == ["sheets-read"] and {c.file for c in both.courses} == {"2024", "2025"}
    assert [(t.format, t.sheet) for t in read_tables(b"a,b\n1,2\n")] == [("csv", "")]
    in_ods = read_tables(ods(("2024", ods_transcript()), ("2025", orow("x") + ods_transcript())))
    assert [t.sheet for t in in_ods] == ["2024", "2025"]
    assert [[line for line, _ in t.rows] for t in reversed(in_ods)] == [[1, 2, 3, 4, 5], [1, 2, 3, 4]]


# ---- 7c. formulas without their values ----------------------------------------------------------------


def test_formulas_never_computed_are_empty_cells_recorded_by_the_table():
    rows = xrow(1, *HEADER) + "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>2025-03-0{n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>Course {n}</t></is></c>{cell}</row>'
        for n, cell in [
            (2, '<c r="C2"><f>SUM(F2:G2)</f></c>'),
            (3, '<c r="C3"><f t="shared" ref="C3:C4" si="0">F3*2</f></c>'),
            (4, '<c r="C4"><f t="shared" si="0"/></c>'),
            (5, '<c r="C5"><f>F5*2</f><v>3</v></c>'),
        ]
    )
    table = read_table(xlsx(rows))
    read = dict(table.rows)
    assert [read[n][2] for n in (2, 3, 4, 5)] == ["", "", "", "3"]
    assert table.formulas == {(2, 2): "SUM(F2:G2)", (3, 2): "F3*2", (4, 2): "F3*2"}
    in_ods = read_table(
        ods(
            orow(*HEADER) + '<table:table-row><table:table-cell office:value-type="string"><text:p>2025-03-01</text:p>'
            '</table:table-cell><table:table-cell table:formula="of:=[.F2]*2"/>'
            '<table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2">'
            "<text:p>2</text:p></table:table-cell></table:table-row>"
        )
    )
    assert dict(in_ods.rows)[2] == ["2025-03-01", "", "2"] and in_ods.formulas == {(2, 1): "of:=[.F2]*2"}


# ---- 8. every row accounted for ---------------------------------------------------------------------


def test_a_sheet_damaged_part_way_keeps_the_rows_before_it_with_a_note():
    broken = transcript_rows() + '<row r="5"><c r="A5"><v>1</v></row>' + xrow(6, *COURSES[0])
    t = read_transcript(xlsx(broken))
    assert sorted(course_lines(t)) == [2, 3, 4]
    (note,) = [n for n in t.notes if n.code == "unreadable-rest"]
    assert "after line 4" in note.message and "not in the report" in note.message
    with pytest.raises(TranscriptError, match="damaged"):
        read_transcript(xlsx('<row r="1"><c r="A1"><v>1</v></row>'))


# ---- every hostile case through `recert check` ------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    words: str = ""  # refused: the words its one line holds; "" for a report
    rows: int = 0  # a report: the rows it accounts for at least


CASES = [
    Case("negative-shared-string.xlsx", lambda: shared_transcript("-1"), rows=3),
    Case("rows.xlsx", lambda: xlsx("".join(f'<row r="{i}"/>' for i in range(1, MAX_ROWS + 5))), "rows"),
    Case("tight.xlsx", lambda: xlsx("<row><c><v>1</v></c></row>" * 1_000_000), "packed"),
    Case("strings.xlsx", lambda: xlsx(transcript_rows(), strings=["x"] * 3_000_000), "packed"),
    Case("sheets.xlsx", lambda: xlsx("", entries='<sheet name="S" sheetId="1" r:id="rId1"/>' * 5000), "sheets"),
    Case("repeat.ods", lambda: ods(ods_transcript() + orow("2025-01-01", "x", 1.0, repeat="999999999")), "repeats"),
    Case("columns.ods", lambda: ods(ods_transcript() + orow("2025-01-01", "x", 1.0, cell_repeat="99999999")), rows=4),
    Case("letters.xlsx", lambda: xlsx(transcript_rows().replace('r="2"', 'r="two"')), rows=3),
    Case(
        "styles.xlsx",
        lambda: xlsx(transcript_rows().replace("<c r=", '<c s="?" r='), styles=f"<styleSheet {MAIN}/>"),
        rows=3,
    ),
    Case("zip-slip.xlsx", lambda: xlsx(transcript_rows(), extra=[("../../x", "x")]), "unsafe"),
    Case("encrypted.xlsx", lambda: ole_with("EncryptedPackage"), "password"),
    Case("utf32.csv", lambda: b"\xff\xfe\x00\x00" + CSV_TEXT.encode("utf-32-le"), rows=2),
    Case("mac.csv", lambda: CSV_TEXT.replace("’", "–").encode("mac_roman").replace(b"\n", b"\r"), rows=2),
    Case("stray-lf.csv", lambda: CSV_TEXT.replace("\n", "\r").replace("CPR", "C\nPR").encode(), rows=2),
    Case("stray-cr.csv", lambda: CSV_TEXT.replace("CPR", "C\rPR").encode(), rows=2),
    Case("control.csv", lambda: CSV_TEXT.replace("CPR", "\x1b]2;x\x07CPR").encode(), rows=2),
    Case("approval.csv", lambda: CSV_TEXT.replace("T2-1002", "NO " * 650_000).encode(), rows=2),
    # the fifth probe's: nesting Python's JSON reader cannot follow, JSON of no records, a line of 200,000
    # cells (read to the 1,024th, as a workbook is), a 10 MB heading (named cut short), zero bytes in a cell
    # or after the text
    Case("nested.json", lambda: b"[" * 100_000 + b"]" * 100_000, "nests deeper"),
    Case("records-none.json", lambda: b'{"status": "ok", "data": [1, 2, 3]}', "no list of course records"),
    Case("wide.csv", lambda: CSV_TEXT.replace("Approval Number", "Approval Number" + ",x" * 200_000).encode(), rows=2),
    Case("long-heading.csv", lambda: ("Course," + "x" * 10_000_000 + "\nCPR,1\n").encode(), "Missing column"),
    Case("nul.csv", lambda: CSV_TEXT.replace("CPR", "C\x00PR").encode(), rows=2),
    Case("padded.csv", lambda: CSV_TEXT.encode() + b"\x00" * 3000, rows=2),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_recert_check_answers_every_hostile_file_cleanly(case, tmp_path, capsys):
    path = tmp_path / case.name
    path.write_bytes(case.build())
    code = cli.main(["check", str(path), *EMT_2026, "--format", "json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if case.words:
        assert code == 2 and err.count("\n") == 1 and case.words in err, err[:2000]
        assert len(err) < 2000  # one sentence a person reads, whatever the file holds
        assert "The file is empty" not in err
        return
    assert code in (0, 1), err
    report = json.loads(out)
    assert len(report["rows"]) >= case.rows
    assert report["total"]["counted"] <= 10.5  # never more than the file's own courses


def test_a_damaged_pdf_is_said_in_one_line_without_the_pdf_librarys_own_words(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)  # no trailer, no EOF marker
    done = subprocess.run(
        [sys.executable, "-m", "recert_core", "check", str(path), *EMT_2026], capture_output=True, text=True
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr


def test_the_reading_layers_api_for_the_course_layer():
    assert {"formulas", "line", "sheet", "source"} <= set(Table.__dataclass_fields__)
    assert read_table(b"a\n1\n").formulas == {}


# ---- the same in the browser's Python ---------------------------------------------------------------


@pytest.mark.node
def test_the_browsers_python_reads_hostile_files_as_cpython_does(built_site, tmp_path):
    """Pyodide with the site's trimmed standard library: Mac Roman and UTF-32 codecs, expat for .ods
    sheets, the bounds, answer as on CPython."""
    import html
    import re
    import shutil
    from urllib.parse import parse_qs, urlsplit

    from recert_core import browser

    files = {
        "mac.csv": "\r".join(NUMBERED).replace("Course 1", "Trauma – Adult").encode("mac_roman"),
        "utf32.csv": b"\xff\xfe\x00\x00" + CSV_TEXT.encode("utf-32-le"),
        "tabs.ods": ods(("2024", ods_transcript()), ("Notes", orow("x"))),
        "rows.xlsx": xlsx(transcript_rows() + "".join(f'<row r="{i}"/>' for i in range(5, MAX_ROWS + 10))),
        "stray.csv": CSV_TEXT.replace("CPR", "C\rPR").encode(),
    }
    cases = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        cases.append({"call": "check", "files": [str(tmp_path / name)], "names": None, "columns": ""})
    assert shutil.which("node"), "Node.js is needed for this test (it is on every machine of this kind)"
    checker = built_site / "checker"
    worker = re.search(r'data-worker="([^"]+)"', (checker / "index.html").read_text())[1]
    query = parse_qs(urlsplit(html.unescape(worker)).query)
    done = subprocess.run(
        [
            "node",
            str(ROOT / "tests/node/run_reading.mjs"),
            str(checker / "pyodide"),
            str(checker / query["wheel"][0]),
            str(checker / query["bytecode"][0]),
        ],
        input="\n".join(json.dumps(c | {"level": "emt", "cycle": "2026", "today": "2026-11-21"}) for c in cases),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line)["payload"] for line in done.stdout.splitlines()]
    for (name, data), answer in zip(files.items(), answers, strict=True):
        assert answer == browser.run_check(data, "emt", "2026", "2026-11-21", None, "").decode(), name
        parsed = json.loads(answer)
        assert parsed["ok"] is (name != "rows.xlsx"), (name, parsed)
    assert json.loads(answers[0])["report"]["file"]["encoding"] == "mac-roman"
    assert json.loads(answers[1])["report"]["file"]["encoding"] == "utf-32"


def test_a_windows_file_whose_quoted_cells_hold_carriage_returns_keeps_its_line_ends():
    """Found by the property run: a CRLF file with a carriage return inside each quoted cell of a row had
    more lone CRs than line feeds, was read as an old Mac file, and gained a line."""
    t = read_transcript(b'date,title,hours\r\n"\r","\r","\r"\r\n2025-01-02,"Air\rway",2\r\n')
    assert [c.line for c in t.courses] == [3] and t.blank_lines == [2] and t.courses[0].title == "Air way"
