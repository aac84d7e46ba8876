"""The checker offline and on a phone's home screen: its service worker, the web app manifest, the icons.

A provider opens the checker on a phone, often on a weak signal. After one visit the service worker
(`checker/sw.js`, scope `checker/`) has kept the checker page, the assets it loads, the Pyodide
runtime, the standard library and our wheel and bytecode, so a repeat visit and an offline one
need no network. Its list of files names each by its content hash and is written after the build
from the files as built: a new deploy is a new sw.js, which the browser installs beside the old
one (verifying every file against its hash), and whose activation removes the old cache.

The manifest (`manifest.webmanifest`, linked from every page) lets the phone install the checker
as an app. Its two icons are drawn here with the standard library (zlib and struct): a white cross
on the site's red, inside the safe zone of a maskable icon.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import struct
import zlib
from pathlib import Path

from mkdocs.utils import get_relative_url

SERVICE_WORKER = Path(__file__).parent / "assets" / "sw.js"
CHECKER = "checker/"
MANIFEST = "manifest.webmanifest"
ICONS = {192: "assets/icons/icon-192.png", 512: "assets/icons/icon-512.png"}
THEME = (0xB7, 0x1C, 0x1C)  # the site's primary red (docs/assets/extra.css)
THEME_HEX = "#{:02x}{:02x}{:02x}".format(*THEME)
# Files of the site a checker page may load: its links and scripts, and Material's search worker,
# named in the page's configuration.
REFERENCE = re.compile(r'(?:href|src)="([^"#?]+)[^"]*"|"search":\s*"([^"]+)"')
# Fetched only when needed (the PDF certificate reader, when a PDF is given), and kept by the service
# worker then, never at its install: a first visit carries none of their bytes.
ON_DEMAND = "checker/pdf/"
# Never kept: precompressed copies (the browser asks for the original), the host's header files.
LEFT_OUT = re.compile(r"\.(br|gz)$|(^|/)(_headers|headers\.nginx\.conf|sw\.js)$")


def png(size: int, background: tuple[int, int, int] = THEME, mark: tuple[int, int, int] = (255, 255, 255)) -> bytes:
    """A square RGB PNG of `size` pixels: a cross of `mark` (a fifth wide, three fifths long) on `background`."""
    bar, arm = size // 5, size * 3 // 10
    middle = size // 2
    rows = []
    for y in range(size):
        row = bytearray(b"\0")  # filter type 0 (none) for each row
        for x in range(size):
            across = abs(y - middle) < bar // 2 and abs(x - middle) < arm
            down = abs(x - middle) < bar // 2 and abs(y - middle) < arm
            row += bytes(mark if across or down else background)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8 bits, RGB, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def manifest(site_name: str, description: str) -> str:
    """The web app manifest: the checker, standalone, with the site's name, colour and icons."""
    return json.dumps(
        {
            "name": site_name,
            "short_name": "EMS recert",
            "description": description,
            "start_url": CHECKER,
            "scope": CHECKER,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": THEME_HEX,
            "icons": [
                {"src": path, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any maskable"}
                for size, path in ICONS.items()
            ],
        },
        indent=2,
    )


def head_links(page_url: str) -> str:
    """What every page's <head> gains: the manifest, the theme colour, the icon for iOS's home screen."""
    return (
        f'<link rel="manifest" href="{get_relative_url(MANIFEST, page_url)}">\n'
        f'    <meta name="theme-color" content="{THEME_HEX}">\n'
        f'    <link rel="apple-touch-icon" href="{get_relative_url(ICONS[192], page_url)}">\n'
    )


def offline_files(site: Path) -> list[str]:
    """The files the checker needs, as paths under the site: everything under checker/ (the page, its
    scripts, the runtime, this build's wheel) and what the checker page references elsewhere."""
    files = {p.relative_to(site).as_posix() for p in (site / CHECKER).rglob("*") if p.is_file()}
    page = (site / CHECKER / "index.html").read_text()
    for match in REFERENCE.finditer(page):
        reference = match[1] or match[2]
        if "://" in reference or reference.startswith(("data:", "mailto:")):
            continue
        target = (site / CHECKER / reference).resolve()
        if target.is_file() and target.is_relative_to(site.resolve()):
            files.add(target.relative_to(site.resolve()).as_posix())
    for extra in (MANIFEST, *ICONS.values(), "search/search_index.json"):
        if (site / extra).is_file():
            files.add(extra)
    return sorted(f for f in files if not LEFT_OUT.search(f) and not f.startswith(ON_DEMAND))


def on_demand_files(site: Path) -> list[str]:
    """The files the checker fetches only when needed (under ON_DEMAND), as paths under the site."""
    folder = site / ON_DEMAND
    found = (p.relative_to(site).as_posix() for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else ()
    return sorted(f for f in found if not LEFT_OUT.search(f))


def service_worker(site: Path) -> str:
    """checker/sw.js for the site as built: the template with the files to keep and their hashes.
    The worker is listed under the address the page starts it with (its query names the files)."""
    found = re.search(r'data-worker="([^"]+)"', (site / CHECKER / "index.html").read_text())
    if not found:
        raise ValueError("the checker page names no worker (data-worker)")
    worker = html.unescape(found[1])
    files = {}
    for path in offline_files(site):
        url = get_relative_url(path, CHECKER)
        files[worker if url == worker.split("?")[0] else url] = hashlib.sha256((site / path).read_bytes()).hexdigest()
    later = {
        get_relative_url(path, CHECKER): hashlib.sha256((site / path).read_bytes()).hexdigest()
        for path in on_demand_files(site)
    }
    version = hashlib.sha256(json.dumps([files, later], sort_keys=True).encode()).hexdigest()[:16]
    return (
        SERVICE_WORKER.read_text()
        .replace('"__VERSION__"', json.dumps(version))
        .replace("__FILES__", json.dumps(files, indent=1, sort_keys=True))
        .replace("__ON_DEMAND__", json.dumps(later, indent=1, sort_keys=True))
    )


# Under `mkdocs serve`: a service worker a build left on the same address (127.0.0.1:8000) would keep
# serving that build's checker page. The browser checks sw.js on each visit, finds this one, which
# removes the kept files and itself; the page after it comes from the server.
RETIRING_WORKER = """// Written by `mkdocs serve`: removes the checker's service worker and the files it kept.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("recert-checker-")) await caches.delete(name);
      await self.registration.unregister();
    })(),
  );
});
"""
