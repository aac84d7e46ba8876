"""The whole site offline and on a phone's home screen: its service worker, the web app manifest, the icons.

A provider opens the site on a phone, often on a weak signal. The service worker (`sw.js` at the site's
root, scope: the whole site; its workings are described in assets/sw.js) keeps every page after one
visit, keeps the checker's files once any page has loaded and the browser is idle, serves each kept
file only if it still has this build's SHA-256, and gives every response it serves the site's
Content-Security-Policy header, which hosts without header files (GitHub Pages) cannot send. Its list of
files names each by its content hash, size and group, and is written after the build from the files as
built: a new deploy is a new sw.js.

Each file is in one group:
- "pages": every page and every file a page loads (theme, search, icons, manifest): kept on install;
- "checker": the rest of checker/ (the page's modules, the worker, the Pyodide runtime, this build's
  wheel and bytecode, the sample and template): kept in the idle warm-up any page asks for;
- "demand": files a check needs only sometimes (under ON_DEMAND: the PDF reader), kept when first fetched.

Every page loads `assets/offline.mjs` (head_links), which registers the service worker and asks for the
warm-up. The manifest (`manifest.webmanifest`, linked from every page) lets the phone install the
checker as an app. Its two icons are drawn here with the standard library (zlib and struct): a white
cross on the site's red, inside the safe zone of a maskable icon.
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
SCRIPT = "assets/offline.mjs"  # every page's: registers the service worker, asks for the warm-up
# Files a page may load: its links and scripts, and Material's search worker, named in the page's
# configuration.
REFERENCE = re.compile(r'(?:href|src)="([^"#?]+)[^"]*"|"search":\s*"([^"]+)"')
# Never kept: precompressed copies (the browser asks for the original), the host's header files, the
# service workers themselves.
LEFT_OUT = re.compile(r"\.(br|gz)$|(^|/)(_headers|headers\.nginx\.conf|sw\.js)$")
# The folder of what the checker's worker fetches only for some checks (the PDF certificate reader, when
# a PDF is given): kept when first fetched, never at install nor in the warm-up (a phone's data is not
# spent on what most readers never use).
ON_DEMAND = "checker/pdf/"


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


def head_links(page_url: str, *, serving: bool = False) -> str:
    """What every page's <head> gains: the manifest, the theme colour, the icon for iOS's home screen,
    and the script that registers the service worker (which it finds in the meta tag a build writes:
    `mkdocs serve` writes none, so that no service worker keeps stale pages while one edits)."""
    script = get_relative_url("sw.js", page_url)
    worker = "" if serving else f'<meta name="recert-service-worker" content="{script}">\n    '
    return (
        f'<link rel="manifest" href="{get_relative_url(MANIFEST, page_url)}">\n'
        f'    <meta name="theme-color" content="{THEME_HEX}">\n'
        f'    <link rel="apple-touch-icon" href="{get_relative_url(ICONS[192], page_url)}">\n'
        f"    {worker}"
        f'<script type="module" src="{get_relative_url(SCRIPT, page_url)}"></script>\n'
    )


def _references(site: Path, page: Path) -> set[str]:
    """The site's files a page loads, as paths under the site."""
    found = set()
    root = site.resolve()
    for match in REFERENCE.finditer(page.read_text(encoding="utf-8")):
        reference = match[1] or match[2]
        if "://" in reference or reference.startswith(("data:", "mailto:", "tel:")):
            continue
        target = (page.parent / reference).resolve()
        if target.is_dir():
            target = target / "index.html"
        if target.is_file() and target.is_relative_to(root):
            found.add(target.relative_to(root).as_posix())
    return found


def group_of(path: str) -> str:
    """ "demand", "checker" or "pages" (see the module's docstring)."""
    if path.startswith(ON_DEMAND):
        return "demand"
    if path.startswith(CHECKER) and not path.endswith(".html"):
        return "checker"
    return "pages"


def offline_files(site: Path) -> dict[str, str]:
    """The files the service worker keeps, as paths under the site, each with its group: every page,
    what the pages load, and everything under checker/."""
    files = {p.relative_to(site).as_posix() for p in (site / CHECKER).rglob("*") if p.is_file()}
    for page in site.rglob("*.html"):
        files.add(page.relative_to(site).as_posix())
        files |= _references(site, page)
    for extra in (MANIFEST, *ICONS.values(), "search/search_index.json", SCRIPT):
        if (site / extra).is_file():
            files.add(extra)
    return {path: group_of(path) for path in sorted(files) if not LEFT_OUT.search(path)}


def service_worker(site: Path, policy: str) -> str:
    """sw.js for the site as built: the template with this build's files (each with its SHA-256, size
    and group), the site's Content-Security-Policy, and the checker's worker as the checker page starts
    it (its query names this build's wheel and bytecode)."""
    found = re.search(r'data-worker="([^"]+)"', (site / CHECKER / "index.html").read_text())
    if not found:
        raise ValueError("the checker page names no worker (data-worker)")
    files = {}
    for path, group in offline_files(site).items():
        content = (site / path).read_bytes()
        files[path] = [hashlib.sha256(content).hexdigest(), len(content), group]
    version = hashlib.sha256(json.dumps([files, policy], sort_keys=True).encode()).hexdigest()[:16]
    return (
        SERVICE_WORKER.read_text()
        .replace('"__VERSION__"', json.dumps(version))
        .replace('"__POLICY__"', json.dumps(policy))
        .replace('"__WORKER__"', json.dumps(CHECKER + html.unescape(found[1])))
        .replace("__FILES__", json.dumps(files, indent=1, sort_keys=True))
    )


# A service worker that removes itself and what it kept. Under `mkdocs serve`, at sw.js: a service
# worker a build left on the same address (127.0.0.1:8000) would keep serving that build's pages. In a
# build, at checker/sw.js: where earlier builds had the checker's own service worker (scope checker/),
# which would keep answering for the checker's pages. The browser checks a service worker's script on
# each visit in its scope, finds this one, which removes the files and itself; the next page comes from
# the server (or from the site's own service worker).
def retiring_worker(caches: str) -> str:
    """The script; `caches`: the prefix of the Cache Storage names it removes."""
    return f"""// Written by the build: removes this service worker and the files it kept.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {{
  event.waitUntil(
    (async () => {{
      for (const name of await caches.keys()) if (name.startsWith({json.dumps(caches)})) await caches.delete(name);
      await self.registration.unregister();
    }})(),
  );
}});
"""


RETIRING_CHECKER_WORKER = retiring_worker("recert-checker-")  # checker/sw.js, in a build
RETIRING_WORKER = retiring_worker("recert-")  # sw.js, under `mkdocs serve`
