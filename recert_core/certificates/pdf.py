"""PDF bytes to lines of text by position: the only module that knows PDFs (through pypdf).

A certificate's content stream draws its text in whatever order the tool that made it chose: the
signature first, the heading last, each label and value apart, a letter-spaced heading a letter at a
time. pypdf's text visitor gives each run of text with where it is drawn; here runs on one baseline
become a `Line`, left to right, lines top to bottom, with wide gaps kept as cell breaks (a table's
columns, a label and its value far apart). Ligatures (ﬁ, ﬂ, ﬃ) and other compatibility characters are
normalised (NFKC). A page with no text but images is a scan: said, never guessed at.

Encrypted files: one with an empty user password (any viewer opens it; AES-128 or AES-256 for "no
copying" certificates) is decrypted with `aes` (pure Python, the same in the browser); one that needs a
password cannot be read and is refused with what to do.
"""

from __future__ import annotations

import io
import itertools
import logging
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..problems import Problem, say
from .aes import pypdf_provider

MAX_PAGES = 60  # a certificate is a page or two; a conference's a few: more is not a certificate
CELL_GAP = 1.6  # a gap wider than this many font sizes separates two cells of a line
SPACE_GAP = 0.15  # a gap wider than this many font sizes is a space between words


class PdfProblem(Exception):
    """The PDF cannot be read: `problem` is the finding (its code in codes.toml) that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


@dataclass(slots=True)
class Run:
    x: float
    y: float
    end: float  # where the run's last glyph ends
    size: float
    text: str


@dataclass
class Line:
    """One baseline's text, left to right; `cells` split it where a wide gap is."""

    y: float
    size: float  # the largest font size on it
    cells: list[str]
    starts: list[float] = field(default_factory=list)  # where each cell begins (a table's columns)

    @property
    def text(self) -> str:
        return " ".join(self.cells)


@dataclass
class PageText:
    number: int  # from 1
    lines: list[Line] = field(default_factory=list)
    images: int = 0  # image drawings on the page
    landscape: bool = False

    @property
    def scan(self) -> bool:
        """No text to read, but images: a scanned or photographed certificate."""
        return not self.lines and self.images > 0


@dataclass
class PdfText:
    pages: list[PageText]
    encrypted: str = ""  # "", or the cipher of a file opened with an empty password (AES-128, AES-256, RC4)
    title: str = ""  # the document's own title (its metadata), if any


def read_pdf(data: bytes) -> PdfText:
    """The PDF's pages as lines of text; PdfProblem when it cannot be read at all."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    # pypdf logs what it mends ("EOF marker not found") where no handler is set: on the reader's terminal
    # before the certificate's own message. What a file lacks is said by this reader's problems alone.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with pypdf_provider(), _fonts_read_once():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            encrypted = ""
            if reader.is_encrypted:
                encrypted = _cipher(reader)
                # pypdf has tried the empty password already, as it opened the file: a viewer's try too.
                if not reader._encryption or not reader._encryption.is_decrypted():
                    raise PdfProblem(say("certificate-locked"))
            count = len(reader.pages)
            if count > MAX_PAGES:
                raise PdfProblem(say("certificate-not-course", "too-long", pages=count))
            pages = [_page(reader.pages[i], i + 1) for i in range(count)]
            title = ""
            try:
                metadata: Any = reader.metadata or {}
                title = str(metadata.get("/Title", "") or "")
            except (PyPdfError, ValueError, TypeError, KeyError):
                title = ""
        except PdfProblem:
            raise
        except (PyPdfError, PdfReadError, ValueError, TypeError, KeyError, IndexError, AttributeError,
                RecursionError, OSError, NotImplementedError) as error:  # fmt: skip
            raise PdfProblem(say("certificate-damaged", error=type(error).__name__)) from None
    return PdfText(pages, encrypted, unicodedata.normalize("NFKC", title).strip())


@contextmanager
def _fonts_read_once() -> Iterator[None]:
    """pypdf reads every font of a page before extracting its text, and `_width` needs the same fonts'
    widths: while the block runs, a font dictionary is read once (a quarter of a certificate's time went
    to reading its fonts a second time). The dictionaries are kept with their fonts, so that an id is
    never reused within the block; pypdf's function is put back afterwards."""
    from pypdf.generic._font import Font

    original = Font.__dict__["from_font_resource"]
    read: dict[int, tuple[Any, Any]] = {}

    def from_font_resource(cls: Any, pdf_font_dict: Any) -> Any:
        found = read.get(id(pdf_font_dict))
        if found is None or found[0] is not pdf_font_dict:
            found = read[id(pdf_font_dict)] = (pdf_font_dict, original.__func__(cls, pdf_font_dict))
        return found[1]

    Font.from_font_resource = classmethod(from_font_resource)  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        Font.from_font_resource = original  # type: ignore[method-assign]


def _cipher(reader: Any) -> str:
    try:
        encrypt = reader.trailer["/Encrypt"].get_object()
        version = int(encrypt.get("/V", 0))
        revision = int(encrypt.get("/R", 0))
    except (KeyError, ValueError, TypeError, AttributeError):
        return "unknown"
    if revision >= 5:
        return "AES-256"
    if version == 4:
        filters = str(encrypt.get("/CF", {}).get("/StdCF", {}).get("/CFM", ""))
        return "AES-128" if filters == "/AESV2" else "RC4"
    return "RC4"


def _page(page: Any, number: int) -> PageText:
    runs: list[Run] = []
    widths: dict[int, Any] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        text = text.replace("\n", " ").replace("\r", " ")
        if not text.strip():
            return
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        if abs(b) > abs(a) * 0.2:  # turned text (a watermark, a side note): not part of the lines
            return
        scale = (a * a + b * b) ** 0.5 or 1.0
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        stripped = text.lstrip()
        size = abs(size * scale) or 1.0
        x += _width(widths, font, text[: len(text) - len(stripped)], size)
        stripped = stripped.rstrip()
        runs.append(Run(x, y, x + _width(widths, font, stripped, size), size, stripped))

    page.extract_text(visitor_text=visit)
    box = page.mediabox
    rotate = int(page.get("/Rotate", 0) or 0) % 180
    landscape = (float(box.width) > float(box.height)) != bool(rotate)
    return PageText(number, _lines(runs), _images(page), landscape)


def _width(cache: dict[int, Any], font: Any, text: str, size: float) -> float:
    """The text's width on the page: the font's own widths where pypdf can read them, else half an em
    a character (near enough to tell a space from a column's gap)."""
    if not text:
        return 0.0
    metrics = cache.get(id(font), False) if font is not None else None
    if metrics is False:
        try:
            from pypdf.generic._font import Font

            metrics = Font.from_font_resource(font)
        except Exception:
            metrics = None
        cache[id(font)] = metrics
    if metrics is not None:
        try:
            return float(metrics.get_text_width(text)) * size / 1000
        except Exception:
            pass
    return len(text) * size * 0.5


def _images(page: Any) -> int:
    try:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        if not xobjects:
            return 0
        return sum(1 for ref in xobjects.get_object().values() if ref.get_object().get("/Subtype") == "/Image")
    except (AttributeError, KeyError, TypeError, ValueError):
        return 0


def _lines(runs: list[Run]) -> list[Line]:
    """Runs on one baseline make a line: lines top to bottom, runs left to right."""
    runs.sort(key=lambda r: (-r.y, r.x))
    groups: list[list[Run]] = []
    for run in runs:
        if groups and abs(groups[-1][0].y - run.y) <= 0.4 * min(run.size, groups[-1][0].size):
            groups[-1].append(run)
        else:
            groups.append([run])
    lines = []
    for group in groups:
        group.sort(key=lambda r: r.x)
        cells = _cells(_dedup(group))
        if cells:
            lines.append(Line(group[0].y, max(r.size for r in group), [c for _, c in cells], [x for x, _ in cells]))
    return lines


def _dedup(runs: list[Run]) -> list[Run]:
    """Text drawn twice at the same place (a fake bold: the same run offset by a fraction of a point) once."""
    kept: list[Run] = []
    for run in runs:
        if kept and kept[-1].text == run.text and abs(kept[-1].x - run.x) < 0.2 * run.size:
            continue
        kept.append(run)
    return kept


def _cells(runs: list[Run]) -> list[tuple[float, str]]:
    """The runs of one line joined into words and cells (each with where it begins). A letter-spaced
    heading drawn a letter at a time is read as words: its letters' gaps are alike, and only a wider
    one is a space."""
    singles = sum(1 for r in runs if len(r.text) == 1)
    gaps = [max(0.0, b.x - a.end) for a, b in itertools.pairwise(runs)]
    spaced = len(runs) >= 4 and singles * 10 >= len(runs) * 7
    letter_gap = sorted(gaps)[len(gaps) // 2] if spaced and gaps else 0.0  # the median (no `statistics` in the browser)
    cells: list[tuple[float, str]] = []
    start, current = (runs[0].x, runs[0].text) if runs else (0.0, "")
    for run, gap in zip(runs[1:], gaps, strict=False):
        size = run.size
        if gap > CELL_GAP * size + letter_gap:
            cells.append((start, current))
            start, current = run.x, run.text
        elif (gap > letter_gap + 0.25 * size) if spaced else (gap > SPACE_GAP * size):
            current += " " + run.text
        else:
            current += run.text
    cells.append((start, current))
    return [(x, " ".join(unicodedata.normalize("NFKC", c).split())) for x, c in cells if c.strip()]
