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
            b"BT /%s %g Tf %s%g %g Td (%s) Tj ET" % (font.encode(), item.size, spacing, item.x, item.y, _escape(item.text))
        )
    return b"\n".join(parts)


def _gray_image(width: int, height: int) -> bytes:
    """A grey page with darker bands: what a scanned certificate looks like to a PDF reader (pixels)."""
    rows = bytearray()
    for y in range(height):
        rows += bytes(90 if (y // 6) % 5 == 0 and 10 < x < width - 10 else 235 for x in range(width))
    return zlib.compress(bytes(rows))


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
    fonts = {name: add(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % base.encode())
             for name, base in FONTS.items()}
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
                _gray_image(iw, ih) if not compress else _gray_image(iw, ih),
                b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8" % (iw, ih)
                + (b"" if compress else b" /Filter /FlateDecode"),
            )
            xobjects = b" /XObject << /Im1 %d 0 R >>" % image
        content = stream(_content(page))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R /Resources << /Font << %s >>%s >> >>"
                % (tree, w, h, content, font_dict, xobjects)
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
    out.write(b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, info_ref, xref))
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
