"""The checker offline and installable (issue 12): the service worker, the web app manifest and its
icons, and the precompressed copies of the site's files, on the real built site.

The browser test visits the checker once online, waits for the service worker to control the page,
then takes the host away (the test's server is shut down, and Playwright's engines are also set
offline), opens the checker in a new page and checks a file: it must all come from the service
worker's cache.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import random
import re
import struct
import subprocess
import time
import urllib.request
import zlib
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browsers import PlaywrightDriver, SiteServer, headers_for, parse_headers_file
from conftest import ENGINES, FIXTURES, ROOT, SITE_NAME

from recert_core.browser import run_check
from site_plugins import offline, precompress
from site_plugins.plugin import PAGE_SCRIPTS

READY = "#recert-checker[data-state=ready]"


# --- the pieces, without a build ---------------------------------------------------------------------


def _png_pixels(data: bytes) -> tuple[int, list[bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length : at + 12 + length])[0] == zlib.crc32(kind + body)
        chunks[kind] = body
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (width, depth, colour) == (height, 8, 2) and b"IEND" in chunks
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = 1 + 3 * width
    assert len(raw) == stride * height and all(raw[y * stride] == 0 for y in range(height))
    return width, [raw[y * stride + 1 : (y + 1) * stride] for y in range(height)]


@pytest.mark.parametrize("size", [192, 512])
def test_the_icon_is_a_png_of_its_size_with_a_white_cross_on_the_sites_red(size):
    width, rows = _png_pixels(offline.png(size))
    pixel = lambda x, y: tuple(rows[y][3 * x : 3 * x + 3])  # noqa: E731
    assert width == size
    assert pixel(0, 0) == pixel(size - 1, size - 1) == offline.THEME
    assert pixel(size // 2, size // 2) == pixel(size // 2, size // 4) == (255, 255, 255)
    # Inside the safe zone of a maskable icon (a circle of 40 % of the size around the middle).
    assert pixel(size // 2, size // 2 - int(size * 0.4)) == offline.THEME


def test_the_manifest_starts_the_checker_standalone():
    manifest = json.loads(offline.manifest("Site", "What it is"))
    assert manifest["name"] == "Site" and manifest["start_url"] == "checker/" and manifest["display"] == "standalone"
    assert [icon["sizes"] for icon in manifest["icons"]] == ["192x192", "512x512"]


@pytest.mark.parametrize(
    ("accept", "sent"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("identity", None),
        ("", None),
    ],
)
def test_a_host_sends_the_copy_the_browser_accepts(tmp_path, accept, sent):
    original = tmp_path / "a.wasm"
    original.write_bytes(b"x" * 100)
    (tmp_path / "a.wasm.br").write_bytes(b"b")
    (tmp_path / "a.wasm.gz").write_bytes(b"g")
    copy, encoding = precompress.served_copy(original, accept)
    assert encoding == sent
    assert copy.name == {"br": "a.wasm.br", "gzip": "a.wasm.gz", None: "a.wasm"}[sent]


def test_precompressing_keeps_a_copy_only_where_it_pays_and_each_decodes_to_the_original(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "sub").mkdir(parents=True)
    text = ("<p>Continuing education hours, by component.</p>\n" * 200).encode()
    (site / "index.html").write_bytes(text)
    (site / "sub" / "big.wasm").write_bytes(text * 40)  # over the size whose results are cached
    (site / "random.zip").write_bytes(random.Random(0).randbytes(4096))  # does not compress
    (site / "image.png").write_bytes(b"\x89PNG" + b"\0" * 4000)  # not a type compressed
    written = precompress.precompress(site, cache)
    assert written == {"br": ["index.html", "sub/big.wasm"], "gz": ["index.html", "sub/big.wasm"]}
    for name in written["gz"]:
        assert gzip.decompress((site / f"{name}.gz").read_bytes()) == (site / name).read_bytes()
    assert _brotli_decoded(site / "index.html.br") == text
    assert len(list(cache.iterdir())) == 2  # the large file's brotli and gzip, reused by the next build
    (site / "sub" / "big.wasm.br").unlink()
    assert precompress.precompress(site, cache) == written
    assert _brotli_decoded(site / "sub" / "big.wasm.br") == text * 40


def _brotli_decoded(path: Path) -> bytes:
    script = "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(process.argv[1])))"
    return subprocess.run(["node", "-e", script, str(path)], capture_output=True, check=True).stdout


# --- the built site ----------------------------------------------------------------------------------


def service_worker_files(site: Path) -> dict[str, list]:
    """The service worker's list: path under the site -> [SHA-256, size, group]."""
    script = (site / "sw.js").read_text()
    return json.loads(re.search(r"const FILES = (\{.*?\n\});", script, re.DOTALL)[1])


def service_worker_constant(site: Path, name: str) -> str:
    return json.loads(re.search(rf"const {name} = (\".*?\");", (site / "sw.js").read_text())[1])


def test_the_service_worker_lists_every_page_and_the_checker_each_with_its_hash_and_size(built_site: Path):
    files = service_worker_files(built_site)
    for path, (digest, size, group) in files.items():
        content = (built_site / path).read_bytes()
        assert (hashlib.sha256(content).hexdigest(), len(content)) == (digest, size), path
        assert group == offline.group_of(path)
    # Every page, for reading offline, with what pages load; the checker's page among them.
    pages = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    assert len(pages) > 20 and {path for path, entry in files.items() if path.endswith(".html")} == pages
    assert all(files[page][2] == "pages" for page in pages)
    for page in pages:
        for stylesheet in re.findall(r'<link rel="stylesheet" href="([^"]+)"', (built_site / page).read_text()):
            # 404.html names its files from the site's root: MkDocs cannot know where it will be shown.
            target = (
                built_site / stylesheet[1:] if stylesheet.startswith("/") else (built_site / page).parent / stylesheet
            )
            assert target.resolve().relative_to(built_site.resolve()).as_posix() in files, (page, stylesheet)
    assert {"search/search_index.json", "manifest.webmanifest", "assets/offline.mjs"} <= set(files)
    # The checker's files, kept in the warm-up; the worker under the address the page starts it with.
    checker = built_site / "checker"
    worker = html.unescape(re.search(r'data-worker="([^"]+)"', (checker / "index.html").read_text())[1])
    assert service_worker_constant(built_site, "WORKER") == f"checker/{worker}"
    query = parse_qs(urlsplit(worker).query)
    needed = {"checker.mjs", "worker.mjs", "guard.mjs", query["wheel"][0], query["bytecode"][0]}
    needed |= {
        f"pyodide/{name}" for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
    }
    assert all(files[f"checker/{name}"][2] == "checker" for name in needed)
    assert not [path for path in files if path.endswith((".br", ".gz", ".map")) or path.endswith("sw.js")]


def test_files_a_check_needs_only_sometimes_are_kept_when_first_fetched_not_before():
    assert offline.group_of(f"{offline.ON_DEMAND}0123456789ab/pdf-reader.zip") == "demand"
    assert offline.group_of("checker/pyodide/pyodide.asm.wasm") == "checker"
    assert offline.group_of("checker/index.html") == "pages"
    assert offline.group_of("cycles/2026/index.html") == "pages"
    script = (ROOT / "site_plugins/assets/sw.js").read_text()
    # Only "pages" (install) and "checker" (warm-up) are ever kept as a group.
    assert sorted(re.findall(r'keepGroup\("(\w+)"', script)) == ["checker", "pages"]


def test_the_service_worker_carries_the_sites_policy(built_site: Path):
    header = headers_for(parse_headers_file((built_site / "_headers").read_text()), "/")["Content-Security-Policy"]
    assert service_worker_constant(built_site, "POLICY") == header
    assert "frame-ancestors 'none'" in header and "connect-src 'self'" in header


def test_every_module_of_the_checker_page_is_served_preloaded_kept_offline_and_precompressed(built_site: Path):
    assets = ROOT / "site_plugins" / "assets"
    # Every script of assets/ is the page's but the worker's (worker.mjs and what it imports, even
    # on demand) and the other pages'.
    worker = (assets / "worker.mjs").read_text()
    workers = {"worker.mjs", *re.findall(r'import\(?[^;]*?"\./([\w.-]+\.mjs)"', worker)}
    assert "pdf-reader.mjs" in workers
    modules = {p.name for p in assets.glob("*.mjs")} - workers - {"checker.mjs", *PAGE_SCRIPTS}
    assert len(modules) >= 6
    imported = set()
    for name in modules | {"checker.mjs"}:
        imported |= set(re.findall(r'^import [^;]*?"\./([\w.-]+)";$', (assets / name).read_text(), re.MULTILINE))
    assert imported == modules  # each module is reached from checker.mjs (none is left over)
    checker = built_site / "checker"
    page = (checker / "index.html").read_text()
    preloaded = set(re.findall(r'<link rel="modulepreload" href="([^"]+)">', page))
    files = service_worker_files(built_site)
    for name in modules | {"checker.mjs"}:
        assert (checker / name).read_bytes() == (assets / name).read_bytes(), name
        assert f"checker/{name}" in files, name
        assert gzip.decompress((checker / f"{name}.gz").read_bytes()) == (assets / name).read_bytes()
        assert _brotli_decoded(checker / f"{name}.br") == (assets / name).read_bytes()
    # Fetched at once, not a level of imports at a time; checker.mjs is the page's own script.
    assert preloaded == modules
    assert '<script type="module" src="checker.mjs"></script>' in page


def test_the_manifest_is_linked_from_every_page_and_names_the_site_and_its_icons(built_site: Path):
    manifest = json.loads((built_site / "manifest.webmanifest").read_text())
    assert manifest["name"] == SITE_NAME
    assert (built_site / manifest["start_url"] / "index.html").is_file()
    for icon in manifest["icons"]:
        size = int(icon["sizes"].split("x")[0])
        assert _png_pixels((built_site / icon["src"]).read_bytes())[0] == size
    pages = [p for p in built_site.rglob("index.html")]
    assert len(pages) > 10
    for page in pages:
        link = re.search(r'<link rel="manifest" href="([^"]+)">', page.read_text())
        assert link, page
        assert (page.parent / link[1]).resolve() == (built_site / "manifest.webmanifest").resolve()


def test_the_site_has_precompressed_copies_of_the_runtime_and_pages(built_site: Path):
    runtime = built_site / "checker" / "pyodide"
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.zip"):
        original = (runtime / name).read_bytes()
        assert gzip.decompress((runtime / f"{name}.gz").read_bytes()) == original
        assert len((runtime / f"{name}.br").read_bytes()) < len((runtime / f"{name}.gz").read_bytes())
    assert _brotli_decoded(built_site / "checker" / "index.html.br") == (built_site / "checker/index.html").read_bytes()
    assert not list(built_site.rglob("*.png.*"))  # images do not compress: no copy


def test_the_manifest_and_a_precompressed_file_are_served_with_their_own_types(built_site: Path):
    server = SiteServer(built_site)
    try:
        with urllib.request.urlopen(f"{server.url}/manifest.webmanifest") as response:
            assert response.headers["Content-Type"] == "application/manifest+json"
            assert json.loads(response.read())["start_url"] == "checker/"
        request = urllib.request.Request(
            f"{server.url}/checker/pyodide/pyodide.asm.wasm", headers={"Accept-Encoding": "gzip, br"}
        )
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Type"] == "application/wasm"
            assert response.headers["Content-Encoding"] == "br"
            assert response.read() == (built_site / "checker/pyodide/pyodide.asm.wasm.br").read_bytes()
    finally:
        server.close()


# --- offline, in the browsers ------------------------------------------------------------------------


def take_the_host_away(driver, server: SiteServer) -> None:
    """The host is gone (its server shut down; Playwright's engines are set offline too, so nothing but
    the service worker can answer), and the page is left as a reader leaves it."""
    server.close()
    if isinstance(driver, PlaywrightDriver):
        driver.context.set_offline(True)
        driver.leave()
        driver.page.close()
        driver.page = driver.context.new_page()  # a new page, as when the site is opened again
        driver.page.on("pageerror", lambda e: driver.errors.append(str(e)))


def controlled(driver) -> None:
    if not driver.js("return 'serviceWorker' in navigator"):
        pytest.skip(f"{driver.engine} here has no service workers (navigator.serviceWorker is undefined)")
    driver.wait("return !!navigator.serviceWorker.controller", timeout=90)


def warmed(driver, timeout: float = 240) -> None:
    """Waits for the page's warm-up (assets/offline.mjs) to end, and says how it ended."""
    ended = "return ['done', 'incomplete', 'failed', 'save-data'].includes(document.documentElement.dataset.recertWarm)"
    driver.wait(ended, timeout=timeout)
    assert driver.js("return document.documentElement.dataset.recertWarm") == "done"


def check_the_fixture(driver) -> None:
    driver.set_file("#recert-file", FIXTURES / "excel_semicolon_bom_crlf.csv")
    driver.wait_for("#recert-verdict", timeout=60)
    data = (FIXTURES / "excel_semicolon_bom_crlf.csv").read_bytes()
    expected = json.loads(run_check(data, "emt", "2018", date.today().isoformat()))  # the page's today
    assert driver.text("#recert-verdict") == expected["report"]["verdict"]


@pytest.mark.browser
@pytest.mark.parametrize("engine", ENGINES)
def test_after_one_visit_the_checker_opens_and_checks_a_file_offline(built_site: Path, engines, engine):
    if missing := engines.missing(engine):
        pytest.fail(missing)
    server = SiteServer(built_site)
    driver = engines.driver(engine)
    try:
        checker = f"{server.url}/checker/?level=emt&cycle=2018"
        driver.goto(checker)
        driver.wait_for(READY, timeout=120)
        controlled(driver)
        warmed(driver)  # on the checker page: its files, from the browser's HTTP cache
        take_the_host_away(driver, server)
        driver.goto(checker)
        driver.wait_for(READY, timeout=120)
        check_the_fixture(driver)
        driver.screenshot("offline-report")
        assert driver.page_errors() == []
    finally:
        driver.close()
        server.close()


@pytest.mark.browser
@pytest.mark.parametrize("engine", ENGINES)
def test_after_one_visit_to_any_page_every_page_reads_offline(built_site: Path, engines, engine):
    if missing := engines.missing(engine):
        pytest.fail(missing)
    server = SiteServer(built_site)
    driver = engines.driver(engine)
    pages = sorted(path for path, entry in service_worker_files(built_site).items() if path.endswith("index.html"))
    try:
        driver.goto(f"{server.url}/glossary/")
        controlled(driver)  # installed: every page kept
        take_the_host_away(driver, server)
        for page in pages:
            driver.goto(f"{server.url}/{page.removesuffix('index.html')}")
            heading = re.search(r"<h1[^>]*>(.*?)<", (built_site / page).read_text(encoding="utf-8"), re.DOTALL)
            assert heading, page
            driver.wait("return !!document.querySelector('h1')", timeout=20)
            assert driver.text("h1").startswith(html.unescape(heading[1]).strip()[:20]), page
        driver.goto(f"{server.url}/no-such-page/")  # not a page of the site: its "not found" page
        driver.wait("return !!document.querySelector('h1')", timeout=20)
        assert "404" in driver.text("h1")
        assert len(pages) > 20
    finally:
        driver.close()
        server.close()


@pytest.mark.browser
@pytest.mark.parametrize("engine", ENGINES)
def test_a_page_left_open_makes_the_checker_ready_before_it_is_asked_for(built_site: Path, engines, engine):
    """Issue 22's warm-up: a cycle page, once the browser is idle, has the service worker keep the
    checker's files and Python start once for its snapshot; the checker then opens offline, from the
    snapshot, without ever having been visited."""
    if missing := engines.missing(engine):
        pytest.fail(missing)
    server = SiteServer(built_site)
    driver = engines.driver(engine)
    try:
        driver.goto(f"{server.url}/cycles/2018/")
        controlled(driver)
        warmed(driver)
        assert not [path for path in server.requests if path.startswith("/checker/?") or path == "/checker/"]
        take_the_host_away(driver, server)
        driver.goto(f"{server.url}/checker/?level=emt&cycle=2018")
        driver.wait_for(READY, timeout=120)
        assert driver.attr("#recert-checker", "data-snapshot") == "yes"
        check_the_fixture(driver)
        assert driver.page_errors() == []
    finally:
        driver.close()
        server.close()


@pytest.mark.browser
@pytest.mark.parametrize("engine", ["chromium", "firefox"])
def test_with_save_data_a_page_downloads_nothing_for_the_checker(built_site: Path, engines, engine):
    if missing := engines.missing(engine):
        pytest.fail(missing)
    server = SiteServer(built_site)
    driver = engines.driver(engine)
    assert isinstance(driver, PlaywrightDriver)
    try:
        # The browser's data saver, as the page reads it (navigator.connection.saveData; Chromium's
        # setting, which neither driver can turn on).
        driver.context.add_init_script(
            "Object.defineProperty(Navigator.prototype, 'connection', {configurable: true,"
            " get: () => ({saveData: true, addEventListener() {}, removeEventListener() {}})});"
        )
        driver.goto(f"{server.url}/cycles/2018/")
        controlled(driver)
        driver.wait("return document.documentElement.dataset.recertWarm === 'save-data'", timeout=60)
        driver.js("return new Promise((resolve) => setTimeout(resolve, 2000))")
        assert not [path for path in server.requests if path.startswith("/checker/") and path != "/checker/index.html"]
    finally:
        driver.close()
        server.close()


def test_the_service_worker_script_is_the_template_filled_in():
    template = (ROOT / "site_plugins" / "assets" / "sw.js").read_text()
    assert template.count("__FILES__") == 1
    for name in ("VERSION", "POLICY", "WORKER"):
        assert template.count(f'"__{name}__"') == 1


def test_a_left_service_worker_removes_its_files_and_itself(built_site: Path):
    cache = re.search(r'const CACHE = "([a-z-]+)";', (ROOT / "site_plugins/assets/sw.js").read_text())[1]
    # Under `mkdocs serve`, at sw.js: removes the site's service worker's cache, and itself.
    assert cache.startswith(re.search(r'name\.startsWith\("([a-z-]+)"\)', offline.RETIRING_WORKER)[1])
    # In a build, at checker/sw.js: where earlier builds' checker service worker was.
    retiring = (built_site / "checker" / "sw.js").read_text()
    assert retiring == offline.RETIRING_CHECKER_WORKER and 'name.startsWith("recert-checker-")' in retiring
    for script in (offline.RETIRING_WORKER, retiring):
        assert "self.registration.unregister()" in script


@pytest.mark.browser
@pytest.mark.parametrize("engine", ENGINES)
def test_a_first_visit_straight_to_the_checker_shows_how_much_of_its_download_has_come(
    built_site: Path, engines, engine
):
    """Issue 22: bytes of the total, not a spinner. The server sends its files at 1 MB/s (a slow network)."""
    if missing := engines.missing(engine):
        pytest.fail(missing)
    server = SiteServer(built_site, rate=1_000_000)
    driver = engines.driver(engine)
    total = int(re.search(r'data-download-bytes="(\d+)"', (built_site / "checker/index.html").read_text())[1])
    seen: list[str] = []
    try:
        driver.goto(f"{server.url}/checker/")
        while not driver.js("return !!document.querySelector(arguments[0])", READY):
            text = driver.js("return document.querySelector('#recert-status').textContent")
            if text not in seen[-1:]:
                seen.append(text)
            time.sleep(0.05)
    finally:
        driver.close()
        server.close()
    counts = [re.fullmatch(r"Downloading the checker: ([\d.]+) of ([\d.]+) MB…", text) for text in seen]
    counts = [(float(found[1]), float(found[2])) for found in counts if found]
    assert len(counts) >= 3, seen
    assert {of for _, of in counts} == {round(total / 1e6, 1)}
    assert [got for got, _ in counts] == sorted(got for got, _ in counts) and counts[0][0] < counts[-1][0]
