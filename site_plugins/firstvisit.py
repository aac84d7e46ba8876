"""What the checker's first visit downloads, in bytes as the build sends them, for the page to say.

The checker page tells a reader how much a first visit fetches ("about 4.3 MB the first time"). The
figure is taken from the built site, not written by hand: the page itself and the styles and scripts
it links, the theme's search index and worker (the theme loads them on every page), the checker's
worker and the modules it imports, Pyodide's files and this build's wheel and bytecode. Each is
counted as a host that sends the build's precompressed copies sends it (`precompress`): its brotli
copy where the build writes one, else the file itself. A host that compresses on the fly with gzip
sends more (`make bench`'s phone rows measure both); `mkdocs serve` sends every file uncompressed,
so there the figure is the files' own size.

The page is rendered before the site is built, so it carries a placeholder that `fill` replaces
once the other files are written (and before the service worker lists the page and the copies are
made). The status line is left out of the search index (`data-search-exclude`).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

from . import precompress, runtime

PLACEHOLDER = "<!-- recert:first-visit -->"
PAGE = "checker/index.html"
# The theme's search, which it starts on every page: its index and its worker.
SEARCH = ("search/search_index.json", "assets/javascripts/workers/search.*.min.js")
# What a page links to that the browser fetches at once: styles, scripts, preloaded modules.
LINKED = re.compile(r'<(?:script|link)\b[^>]*?\s(?:src|href)="([^"]+\.(?:css|js|mjs)(?:\?[^"]*)?)"')
WORKER = re.compile(r'data-worker="([^"]+)"')


def files(site: Path) -> list[Path]:
    """The files of the checker's first visit, each once, in a stable order."""
    page = site / PAGE
    html = page.read_text(encoding="utf-8")
    base = f"/{PAGE}"
    found = {page}
    for ref in LINKED.findall(html):
        found.add(_local(site, urljoin(base, ref)))
    for pattern in SEARCH:
        found.update(site.glob(pattern))
    worker = WORKER.search(html)
    if worker:
        address = urljoin(base, worker.group(1).replace("&amp;", "&"))
        script = _local(site, address)
        found.add(script)
        found.update(script.parent / name for name in runtime.page_modules(script))
        for names in parse_qs(urlsplit(address).query).values():
            found.update(_local(site, urljoin(address, name)) for name in names)
        found.update(script.parent / "pyodide" / name for name in runtime.PYODIDE_FILES)
    return sorted(p for p in found if p.is_file())


def _local(site: Path, address: str) -> Path:
    return site / urlsplit(address).path.lstrip("/")


def sent_bytes(site: Path, cache: Path | None) -> int:
    """The bytes a first visit receives: each file's brotli copy where one pays (as `precompress`
    writes them, from the same cache), else the file; with no cache (`mkdocs serve`), the files."""
    listed = files(site)
    if cache is None:
        return sum(p.stat().st_size for p in listed)
    compressed = precompress.brotli(listed, cache)
    return sum(len(compressed[p]) if precompress.pays(compressed[p], p) else p.stat().st_size for p in listed)


def megabytes(size: int) -> str:
    """ "about 4.3 MB" (10^6 bytes, as browsers and phones count a download)."""
    return f"about {size / 1e6:.1f} MB"


def fill(site: Path, cache: Path | None) -> int:
    """Write the first visit's size into the checker page in place of its placeholder; the size."""
    page = site / PAGE
    size = sent_bytes(site, cache)
    page.write_text(page.read_text(encoding="utf-8").replace(PLACEHOLDER, megabytes(size)), encoding="utf-8")
    return size
