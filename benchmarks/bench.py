"""`make bench`: how fast the site and the checker are, as a table (also written to docs/benchmarks.md).

Medians with min and max: this machine is noisy. Nothing here fails on a slow machine; it measures
and reports, and the targets of the "fast checker" issue are printed beside the figures.

Measured: the site build against a plain Material site with as many pages; the checker's start-up
in headless Chromium (cold: a fresh browser context; warm: a repeat visit); checking 100 to 100,000
rows in the browser (the worker's time) and with the CLI's function; the CLI's peak memory; the
bytes a reader downloads for the checker page and for a cycle page, raw and gzipped.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))
from browsers import CHROMIUM_ARGS  # noqa: E402  (the tests' Chromium flags)
from conftest import build_site  # noqa: E402  (the tests' way of building the real site)
from transcripts import synthetic_roster, synthetic_transcript  # noqa: E402

SIZES = (100, 1_000, 10_000, 100_000)
REPEATS = 5


def spread(samples: list[float], unit: str = "ms", scale: float = 1000) -> str:
    values = [s * scale for s in samples]
    return f"{statistics.median(values):,.0f} {unit} ({min(values):,.0f}-{max(values):,.0f})"


def timed(run, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        begin = time.perf_counter()
        run()
        samples.append(time.perf_counter() - begin)
    return samples


# --- site build -------------------------------------------------------------------------------


def site_build(tmp: Path) -> tuple[list[float], list[float], int]:
    (tmp / "ours").mkdir()
    ours = timed(lambda: _check(build_site(tmp / "ours")), 3)
    pages = sum(1 for _ in (tmp / "ours" / "site").rglob("index.html")) - 1  # less the 404 page's folder
    plain = tmp / "plain"
    (plain / "docs").mkdir(parents=True)
    paragraph = "Continuing education hours, components and limits, with sources. " * 40
    for i in range(pages):
        (plain / "docs" / ("index.md" if i == 0 else f"page-{i}.md")).write_text(
            f"# Page {i}\n\n" + "\n\n".join(f"## Section {j}\n\n{paragraph}" for j in range(8))
        )
    (plain / "mkdocs.yml").write_text("site_name: plain\ntheme:\n  name: material\n  font: false\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    theirs = timed(
        lambda: _check(
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain / "mkdocs.yml")],
                capture_output=True,
                text=True,
                env=env,
            )
        ),
        3,
    )
    return ours, theirs, pages


def _check(done: subprocess.CompletedProcess) -> None:
    if done.returncode:
        raise SystemExit(done.stderr)


# --- the browser ------------------------------------------------------------------------------


class QuietServer(ThreadingHTTPServer):
    """The bench's server: a browser dropping a connection it no longer needs (a page left while a file
    was still being sent) is not an error worth a traceback in the table's output."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def served(folder: Path):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = QuietServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


# The page's performance marks (checker.mjs): the start-up's steps ("recert-start:<step>", in order)
# and the latest check's, from the file chosen to its verdict painted ("recert:<step>").
START_STEPS = (
    "page-script",
    "worker-created",
    "worker-running",
    "snapshot-found",
    "snapshot-read",
    "snapshot-unpacked",
    "wasm-compiled",
    "wasm-received",
    "wasm-asked",
    "wasm-instantiated",
    "wasm-ready",
    "python-started",
    "wheel-installed",
    "imported",
    "answered",
    "ready",
)
CHECK_STEPS = ("chosen", "read", "posted", "python-start", "python-done", "answered", "parsed", "built", "painted")
MARKS = """(prefix) => Object.fromEntries(performance.getEntriesByType('mark')
    .filter((m) => m.name.startsWith(prefix)).map((m) => [m.name.slice(prefix.length), m.startTime]))"""
# The loopback targets, in seconds: start-up from the "site that feels finished" issue (cold ≤ 1.0 s,
# warm ≤ 0.4 s), checks from the "every browser, every phone" issue.
TARGETS = {"cold": 1.0, "warm": 0.4, 10_000: 0.4, 100: 0.1}

# Pyodide alone, as a floor for the start-up on this machine: a page whose module worker imports the
# site's own Pyodide files and awaits loadPyodide(), nothing of ours (no package, no snapshot, no
# WebAssembly compiled by the page). The page marks when the worker says Python is up.
FLOOR_PAGE = """<!doctype html><meta charset="utf-8"><title>Pyodide alone</title>
<script type="module">
const worker = new Worker("./floor-worker.mjs", { type: "module" });
worker.onmessage = ({ data }) => {
  document.body.dataset.readyMs = String(performance.now());
  document.body.dataset.error = data;
};
</script><body></body>"""
FLOOR_WORKER = """import { loadPyodide } from "./pyodide/pyodide.mjs";
loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href })
  .then(() => postMessage(""), (e) => postMessage(String(e)));
"""


def floor_figures(site: Path, browser, repeats: int = REPEATS) -> list[float]:
    """Seconds from navigation to Pyodide started, alone, in fresh contexts (see FLOOR_PAGE)."""
    samples = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "pyodide").symlink_to(site / "checker" / "pyodide", target_is_directory=True)
        (root / "index.html").write_text(FLOOR_PAGE)
        (root / "floor-worker.mjs").write_text(FLOOR_WORKER)
        with served(root) as url:
            for _ in range(repeats):
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{url}/")
                page.wait_for_selector("body[data-ready-ms]", state="attached", timeout=120_000)
                if page.get_attribute("body", "data-error"):
                    raise RuntimeError(page.get_attribute("body", "data-error"))
                samples.append(float(page.get_attribute("body", "data-ready-ms")) / 1000)
                context.close()
    return samples


def browser_figures(site: Path, sizes: tuple[int, ...] = SIZES) -> dict:
    """Start-up (cold: a fresh context; warm: a repeat visit, from the snapshot) and checks in headless
    Chromium on loopback, each with the page's own marks of where the time went."""
    from playwright.sync_api import sync_playwright

    ready = "#recert-checker[data-state=ready]"
    figures: dict = {"cold": [], "warm": [], "browser": {}, "shown": {}, "bytes": {}, "steps": {}, "floor": []}

    def started(kind: str, page) -> None:
        page.wait_for_selector(ready, timeout=120_000)
        figures[kind].append(int(page.get_attribute("#recert-checker", "data-ready-ms")) / 1000)
        figures["steps"].setdefault(kind, []).append(page.evaluate(MARKS, "recert-start:"))

    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        figures["floor"] = floor_figures(site, browser)
        for _ in range(REPEATS):  # cold: a fresh context has no cache and no snapshot
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{url}/checker/")
            started("cold", page)
            context.close()
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/checker/")
        page.wait_for_selector(ready, timeout=120_000)
        page.wait_for_timeout(3000)  # the first visit stores its snapshot in the background
        for _ in range(REPEATS):
            page.goto(f"{url}/checker/?level=emt&cycle=2026")
            started("warm", page)
            assert page.get_attribute("#recert-checker", "data-snapshot") == "yes"
        for rows in sizes:
            data = synthetic_transcript(rows)
            checks, shown, steps = [], [], []
            for i in range(REPEATS if rows < 100_000 else 2):
                page.set_input_files(
                    "#recert-file", {"name": f"t{rows}-{i}.csv", "mimeType": "text/csv", "buffer": data}
                )
                page.wait_for_function(
                    f"() => document.querySelector('#recert-status').textContent"
                    f".includes('t{rows}-{i}.csv') && !!document.querySelector('#recert-verdict')"
                    " && document.querySelector('#recert-status').textContent.startsWith('Checked')"
                    " && performance.getEntriesByName('recert:painted').length > 0",
                    timeout=300_000,
                )
                checks.append(int(page.get_attribute("#recert-checker", "data-check-ms")) / 1000)
                marks = page.evaluate(MARKS, "recert:")
                shown.append((marks["painted"] - marks["chosen"]) / 1000)
                steps.append(marks)
            figures["browser"][rows], figures["shown"][rows], figures["steps"][rows] = checks, shown, steps
        context.close()
        for name, path in (("checker page", "checker/"), ("cycle page", "cycles/2027/")):
            context = browser.new_context()
            page = context.new_page()
            urls: list[str] = []
            page.on("requestfinished", lambda r, urls=urls: urls.append(r.url))
            page.goto(f"{url}/{path}")
            if path.startswith("checker"):
                page.wait_for_selector(ready, timeout=120_000)
            page.wait_for_load_state("networkidle")
            raw = zipped = 0
            runtime = 0
            for address in urls:
                file = site / unquote(urlsplit(address).path.lstrip("/"))
                if file.is_dir():
                    file = file / "index.html"
                if file.is_file():
                    content = file.read_bytes()
                    raw += len(content)
                    zipped += len(gzip.compress(content, 9))
                    if "pyodide" in address or "/wheels/" in address or address.endswith("worker.mjs"):
                        runtime += len(content)
            figures["bytes"][name] = (raw, zipped, runtime)
            context.close()
        browser.close()
    return figures


def breakdown(samples: list[dict[str, float]], steps: tuple[str, ...], since_navigation: bool = False) -> str:
    """Median milliseconds from each step to the next over the samples, or, for steps that overlap (the
    start-up's), each step's median time since navigation, in time order; a step some samples lack
    (no snapshot when cold) is left out."""
    present = [step for step in steps if all(step in sample for sample in samples)]
    if since_navigation:
        times = sorted((statistics.median(s[step] for s in samples), step) for step in present)
        return ", ".join(f"{step} {at:,.0f}" for at, step in times)
    parts = [present[0]] if present else []
    for before, step in itertools.pairwise(present):
        parts.append(f"{step} +{statistics.median(s[step] - s[before] for s in samples):,.0f}")
    return ", ".join(parts)


def loopback_rows(browser: dict) -> list[str]:
    """The loopback rows of the table: start-up and checks, each with where its time goes (medians)."""
    ok = lambda met: "met" if met else "**not met**"  # noqa: E731
    rows = []
    for kind, label in (("cold", "cold (fresh browser context)"), ("warm", "warm (repeat visit)")):
        median = statistics.median(browser[kind])
        rows.append(
            f"| Checker start-up, {label}: navigation to ready | {spread(browser[kind])} "
            f"| ≤ {TARGETS[kind] * 1000:,.0f} ms: {ok(median <= TARGETS[kind])} |"
        )
        rows.append(f"| when each step ended (ms) | {breakdown(browser['steps'][kind], START_STEPS, True)} | |")
        samples = browser["steps"][kind]
        files = sorted({step for sample in samples for step in sample if step.startswith("fetched:")})
        arrived = ", ".join(f"{f[8:]} {statistics.median(s[f] for s in samples if f in s):,.0f}" for f in files)
        rows.append(f"| files arrived (ms from navigation) | {arrived} | |")
        if kind == "cold" and browser.get("floor"):
            ours = statistics.median(browser["cold"]) - statistics.median(browser["floor"])
            rows.append(
                f"| Pyodide alone, cold (its own files from this site, nothing of ours): navigation to Python "
                f"started | {spread(browser['floor'])} | the floor on this machine; ours adds {ours * 1000:,.0f} ms |"
            )
    for size, shown in browser["shown"].items():
        median = statistics.median(shown)
        target = f"≤ {TARGETS[size] * 1000:,.0f} ms: {ok(median <= TARGETS[size])}" if size in TARGETS else ""
        rows.append(f"| Check {size:,} rows: browser (worker) | {spread(browser['browser'][size])} | |")
        rows.append(f"| Check {size:,} rows: file chosen to verdict on screen | {spread(shown)} | {target} |")
        rows.append(f"| where it goes (ms) | {breakdown(browser['steps'][size], CHECK_STEPS)} | |")
    return rows


# --- a phone --------------------------------------------------------------------------------------
# A phone on a weak signal: Chromium on a mobile network (1.6 Mbit/s down, 750 kbit/s up, 150 ms
# round trip, emulated over CDP) and a slow CPU: a CPU quota on the whole browser (a cgroup v1 `cpu`
# group: CDP's CPU throttling reaches the page but not the Web Worker where Python runs). The site is
# served as hosts serve it: from the precompressed `.br`/`.gz` copies the build writes (nginx
# brotli_static/gzip_static, Caddy `precompressed`), or gzipped on the fly (level 6, as nginx's
# `gzip on` or GitHub Pages, which serves no `.br`).

PHONE_CPU = 0.5  # of one core
PHONE_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".wasm", ".zip", ".csv", ".svg", ".whl", ".txt", ".webmanifest")
HOSTS = {"precompressed": "precompressed .br/.gz", "gzip": "gzip on the fly"}


class PhoneLink:
    """A phone's downlink emulated at the server, shared by every request the browser makes, its service
    worker's and workers' included (CDP's emulation reaches the page it is set on only): each answer
    waits `delay` seconds (the round trip), then its body goes out at no more than `rate` bytes a
    second, all answers together."""

    CHUNK = 16_384

    def __init__(self, rate: float, delay: float):
        self.rate, self.delay = rate, delay
        self.lock = threading.Lock()
        self.free = time.monotonic()  # when the link is next free

    def send(self, out, body: bytes) -> None:
        time.sleep(self.delay)
        for at in range(0, len(body), self.CHUNK):
            chunk = body[at : at + self.CHUNK]
            with self.lock:
                self.free = max(self.free, time.monotonic()) + len(chunk) / self.rate
                done = self.free
            time.sleep(max(0.0, done - time.monotonic()))
            out.write(chunk)


@contextlib.contextmanager
def served_compressed(folder: Path, host: str = "precompressed", link: PhoneLink | None = None):
    """The folder served as a host serves it (HOSTS); `sent` counts the body bytes by Content-Encoding;
    through `link` when given."""
    from site_plugins.headers import SUFFIX_TYPES
    from site_plugins.precompress import served_copy

    sent: dict[str, int] = {}
    cache: dict[Path, bytes] = {}

    class Compressing(SimpleHTTPRequestHandler):
        extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **SUFFIX_TYPES}

        def log_message(self, *args):
            pass

        def do_GET(self):
            file = Path(self.translate_path(self.path.split("?", 1)[0]))
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                return super().do_GET()
            accept = self.headers.get("Accept-Encoding", "")
            encoding = None
            if host == "precompressed":
                copy, encoding = served_copy(file, accept)
                body = copy.read_bytes()
            else:
                body = file.read_bytes()
            if host == "gzip" and "gzip" in accept and file.suffix in COMPRESSED:
                body, encoding = cache.setdefault(file, gzip.compress(body, 6)), "gzip"
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(file)))  # the original's type, always
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.send_header("Last-Modified", self.date_time_string(int(file.stat().st_mtime)))
            self.send_header("Vary", "Accept-Encoding")
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.end_headers()
            if link:
                link.send(self.wfile, body)
            else:
                self.wfile.write(body)
            sent[encoding or "identity"] = sent.get(encoding or "identity", 0) + len(body)

    server = QuietServer(("127.0.0.1", 0), functools.partial(Compressing, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", sent
    finally:
        server.shutdown()


@contextlib.contextmanager
def slow_chromium(tmp: Path):
    """A Chromium launcher whose every process runs in a CPU-quota cgroup, or plain Chromium (and
    None) when this machine gives no writable cgroup v1 `cpu` controller."""
    group = Path(f"/sys/fs/cgroup/cpu/recert-phone-{os.getpid()}")
    try:
        group.mkdir()
        (group / "cpu.cfs_period_us").write_text("100000")
        (group / "cpu.cfs_quota_us").write_text(str(int(100000 * PHONE_CPU)))
    except OSError:
        yield "/usr/bin/chromium", None
        return
    launcher = tmp / "chromium-slow"
    launcher.write_text(f'#!/bin/sh\necho $$ > {group}/cgroup.procs\nexec /usr/bin/chromium "$@"\n')
    launcher.chmod(0o755)
    try:
        yield str(launcher), PHONE_CPU
    finally:
        for _ in range(50):  # the browser's processes leave the group as they exit
            with contextlib.suppress(OSError):
                group.rmdir()
                break
            time.sleep(0.1)


def warm_figures(site: Path, tmp: Path) -> dict:
    """The warm-up alone (`python benchmarks/bench.py warm`), on the phone profile, precompressed host."""
    from playwright.sync_api import sync_playwright

    with slow_chromium(tmp) as (chromium, cpu), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        link = PhoneLink(PHONE_NETWORK["downloadThroughput"], PHONE_NETWORK["latency"] / 1000)
        with served_compressed(site, "precompressed", link) as (url, sent):
            warm = phone_warm(browser, url, sent, "#recert-checker[data-state=ready]")
        browser.close()
    return {"cpu": cpu, "precompressed": {"warm": warm}}


def phone_figures(site: Path, tmp: Path, hosts: tuple[str, ...] = tuple(HOSTS)) -> dict:
    """The phone profile for each kind of host: a first visit; for the first kind of host also the
    service worker keeping the files, a repeat visit and an offline one. The first visit's requests
    (the waterfall) are kept too, for `bench.py phone`."""
    from playwright.sync_api import sync_playwright

    ready = "#recert-checker[data-state=ready]"
    figures: dict = {}
    with slow_chromium(tmp) as (chromium, cpu), sync_playwright() as playwright:
        figures["cpu"] = cpu
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for host in hosts:
            with served_compressed(site, host) as (url, sent):
                figures[host] = _phone_visits(browser, url, sent, ready, repeat=host == hosts[0])
            if host == hosts[0]:
                link = PhoneLink(PHONE_NETWORK["downloadThroughput"], PHONE_NETWORK["latency"] / 1000)
                with served_compressed(site, host, link) as (url, sent):
                    figures[host]["warm"] = phone_warm(browser, url, sent, ready)
        browser.close()
    return figures


def _phone_visits(browser, url: str, sent: dict[str, int], ready: str, *, repeat: bool) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
    waterfall: list[tuple[float, float, str]] = []
    context.on(
        "requestfinished",
        lambda r: waterfall.append(
            (r.timing["startTime"], r.timing["startTime"] + r.timing["responseEnd"], r.url.split("?")[0])
        ),
    )
    # Every text the status line shows, for the first visit's download shown as MB of the total.
    page.add_init_script(
        "window.__statuses = []; new MutationObserver(() => { const s = document.getElementById('recert-status');"
        " if (s && window.__statuses.at(-1) !== s.textContent) window.__statuses.push(s.textContent); })"
        ".observe(document, { subtree: true, childList: true, characterData: true });"
    )
    figures: dict = {}
    visits = ("first", "offline-ready", "repeat", "offline") if repeat else ("first",)
    for visit in visits:
        before = dict(sent)
        if visit == "offline-ready":  # the service worker keeps the files once the checker is ready
            page.wait_for_function(f"() => {WARM_ENDED}", timeout=300_000)
        else:
            if visit == "offline":
                cdp.send("Network.emulateNetworkConditions", {**PHONE_NETWORK, "offline": True})
            try:
                page.goto(f"{url}/checker/", wait_until="commit", timeout=300_000 if visit != "offline" else 30_000)
                page.wait_for_selector(ready, timeout=300_000 if visit != "offline" else 60_000)
            except Exception as error:  # the page may never come (offline): say so in the table
                figures[visit] = {"ready": None, "error": str(error).splitlines()[0][:160]}
                continue
        usable = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
        figures[visit] = {
            "usable": usable / 1000,
            "ready": int(page.get_attribute("#recert-checker", "data-ready-ms")) / 1000,
            "snapshot": page.get_attribute("#recert-checker", "data-snapshot"),
            "bytes": sum(sent.values()) - sum(before.values()),
            "encodings": sorted(k for k in sent if sent[k] > before.get(k, 0)),
        }
        if visit == "first":
            statuses = page.evaluate("window.__statuses")
            figures[visit]["shown"] = [text for text in statuses if text.startswith("Downloading the checker:")]
            timed = [w for w in waterfall if w[0] > 0]  # a request answered without the network has no timing
            begin = min(start for start, _, _ in timed) if timed else 0
            figures["waterfall"] = sorted((s - begin, e - begin, u) for s, e, u in timed)
    context.close()
    return figures


# The page's warm-up (assets/offline.mjs) has ended, however it ended.
WARM_ENDED = "['done', 'incomplete', 'failed', 'save-data'].includes(document.documentElement.dataset.recertWarm)"
WARM_STAY = 60  # seconds on a cycle page before the checker is opened (issue 22's target)


def phone_warm(browser, url: str, sent: dict[str, int], ready: str) -> dict:
    """Issue 22's "warm before it is needed": a fresh phone opens a cycle page, stays WARM_STAY seconds,
    then opens the checker. How the warm-up ended, when, and what it sent; then the checker's ready.
    The network is the server's PhoneLink (the service worker's downloads are the warm-up's)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    before = sum(sent.values())
    begin = time.perf_counter()
    page.goto(f"{url}/cycles/2026/", wait_until="commit", timeout=300_000)
    try:
        page.wait_for_function(f"() => {WARM_ENDED}", timeout=WARM_STAY * 1000)
        warm_seconds = time.perf_counter() - begin
    except Exception:  # still warming when the reader moves on
        warm_seconds = None
    outcome = page.evaluate("document.documentElement.dataset.recertWarm") or "not started"
    page.wait_for_timeout(max(0, WARM_STAY * 1000 - (time.perf_counter() - begin) * 1000))
    warm_bytes = sum(sent.values()) - before
    page.goto(f"{url}/checker/", wait_until="commit", timeout=300_000)
    page.wait_for_selector(ready, timeout=300_000)
    figures = {
        "warm": outcome,
        "warm_seconds": warm_seconds,
        "warm_bytes": warm_bytes,
        "ready": int(page.get_attribute("#recert-checker", "data-ready-ms")) / 1000,
        "snapshot": page.get_attribute("#recert-checker", "data-snapshot"),
        "bytes": sum(sent.values()) - before - warm_bytes,
        "steps": page.evaluate(MARKS, "recert-start:"),
    }
    context.close()
    return figures


def phone_rows(figures: dict) -> list[str]:
    ok = lambda met: "met" if met else "**not met**"  # noqa: E731
    cpu = f"CPU quota {figures['cpu']} core" if figures["cpu"] else "CPU not throttled (no writable cgroup here)"
    rows = []
    for host, name in HOSTS.items():
        if host not in figures:
            continue
        visits = figures[host]
        first = visits["first"]
        profile = f"phone ({cpu}; 1.6 Mbit/s, 150 ms; {name}: {'+'.join(first['encodings'])})"
        usable = first["usable"]
        rows.append(f"| Checker, {profile}: form usable, first visit | {usable:.1f} s | ≤ 3 s: {ok(usable <= 3)} |")
        rows.append(
            f"| Checker, {profile}: ready, first visit | {first['ready']:.1f} s, {first['bytes'] / 1e6:.2f} MB sent "
            f"| ≤ 20 s: {ok(first['ready'] <= 20)} |"
        )
        shown = first.get("shown", [])
        last = f" (the last: “{shown[-1]}”)" if shown else ""
        rows.append(
            f"| Checker, {profile}: first visit, the download shown as MB of the total | {len(shown)} updates{last} "
            f"| shown: {ok(len(shown) >= 2)} |"
        )
        if "repeat" in visits:
            kept, repeat, offline = visits["offline-ready"], visits["repeat"], visits["offline"]
            rows.append(
                f"| Checker, {profile}: the service worker keeps the files, after ready | "
                f"{_phone_figure(kept, ready=False)} | |"
            )
            rows.append(
                f"| Checker, {profile}: ready, repeat visit | {_phone_figure(repeat)} "
                f"| ≤ 3 s: {ok(repeat['ready'] is not None and repeat['ready'] <= 3)} |"
            )
            works = offline["ready"] is not None  # with the network off
            offline_row = f"| Checker, {profile}: ready, offline visit | {_phone_figure(offline)}"
            rows.append(f"{offline_row} | works offline: {ok(works)} |")
    return rows


def warm_rows(figures: dict) -> list[str]:
    """Issue 22's warm-up row (phone_warm), for the first kind of host."""
    ok = lambda met: "met" if met else "**not met**"  # noqa: E731
    cpu = f"CPU quota {figures['cpu']} core" if figures["cpu"] else "CPU not throttled (no writable cgroup here)"
    host = next(iter(HOSTS))
    if "warm" not in figures.get(host, {}):
        return []
    warm = figures[host]["warm"]
    took = (
        f"ended “{warm['warm']}” after {warm['warm_seconds']:.0f} s"
        if warm["warm_seconds"]
        else f"“{warm['warm']}” still, at {WARM_STAY} s"
    )
    return [
        f"| Checker, phone ({cpu}; 1.6 Mbit/s and 150 ms emulated at the server, the service worker's "
        f"downloads included; {HOSTS[host]}): a cycle page open {WARM_STAY} s (warm-up {took}, "
        f"{warm['warm_bytes'] / 1e6:.2f} MB sent), then the checker: ready | {warm['ready']:.1f} s, "
        f"{warm['bytes'] / 1e6:.2f} MB sent, snapshot {warm['snapshot']} | ≤ 3 s: {ok(warm['ready'] <= 3)} |"
    ]


def _phone_figure(visit: dict, *, ready: bool = True) -> str:
    if visit["ready"] is None:
        return f"never ready ({visit['error']})"
    sent = f"{visit['bytes'] / 1e6:.2f} MB sent"
    return f"{visit['ready']:.1f} s, {sent}, snapshot {visit['snapshot']}" if ready else sent


def waterfall_lines(figures: dict) -> list[str]:
    """The first visit's requests on the phone profile: start and end (s from the first request), path."""
    lines = []
    for host in HOSTS:
        if host in figures:
            lines.append(f"First visit's requests, {HOSTS[host]} (start, end in s from the first request):")
            for start, end, address in figures[host]["waterfall"]:
                lines.append(f"  {start / 1000:6.2f} {end / 1000:6.2f}  {urlsplit(address).path}")
    return lines


# --- the CLI ----------------------------------------------------------------------------------


def cli_figures() -> tuple[dict[int, list[float]], int]:
    from recert_core import check
    from recert_core.check import steady_memory

    def cli_check(data: bytes) -> str:
        with steady_memory():  # as `recert check` runs
            return check(data, "emt", 2026).to_json()

    times = {}
    for rows in SIZES:
        data = synthetic_transcript(rows)
        check(data, "emt", 2026)  # the rules are read once per process, as in a long-running CLI
        times[rows] = timed(lambda data=data: cli_check(data), REPEATS if rows < 100_000 else 3)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "transcript.csv"
        path.write_bytes(synthetic_transcript(100_000))
        probe = (
            "import os, resource, sys; from recert_core.cli import main; sys.stdout = open(os.devnull, 'w'); "
            f"main(['check', {str(path)!r}, '--level', 'emt', '--cycle', '2026', '--format', 'json']); "
            f"{PEAK_PROBE}; print(peak_kib, file=sys.stderr)"
        )
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        peak_kib = int(done.stderr.strip().splitlines()[-1])
    return times, peak_kib


# --- a roster (READER) -------------------------------------------------------------------------

ROSTER_PEOPLE, ROSTER_ROWS_EACH = 25_000, 40  # a state's worth: 1,000,000 rows


# The peak of the checking process alone. ru_maxrss is not that: a child started by fork or vfork and
# exec keeps its parent's high-water mark (here the benchmark's, which built the roster in memory).
# Linux's VmHWM starts afresh at exec; ru_maxrss stands in elsewhere.
PEAK_PROBE = (
    "import os, re, resource; linux = os.path.exists('/proc/self/status'); "
    "hwm = re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()) if linux else None; "
    "peak_kib = int(hwm[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss"
)


def roster_figures(people: int = ROSTER_PEOPLE, rows_each: int = ROSTER_ROWS_EACH) -> tuple[float, int, int]:
    """`recert check ROSTER --format csv` as a user runs it: wall time (s), peak memory of that process
    (KiB), file bytes. Each person's rows are spread over the whole file (sorted by date), the hard
    case for memory."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.csv"
        path.write_bytes(synthetic_roster(people, rows_each))
        size = path.stat().st_size
        probe = (
            "import os, sys, time; from recert_core.cli import main; "
            "sys.stdout = open(os.devnull, 'w'); start = time.perf_counter(); "
            f"main(['check', {str(path)!r}, '--level', 'emt', '--cycle', '2026', '--format', 'csv']); "
            f"seconds = time.perf_counter() - start; {PEAK_PROBE}; print(seconds, peak_kib, file=sys.stderr)"
        )
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        seconds, peak_kib = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(peak_kib), size


def roster_rows(people: int = ROSTER_PEOPLE, rows_each: int = ROSTER_ROWS_EACH) -> list[str]:
    seconds, peak, size = roster_figures(people, rows_each)
    return [
        f"| `recert check`, roster: {people:,} people, {people * rows_each:,} rows, {size / 1e6:.0f} MB: "
        f"time / peak memory of the process | {seconds:.1f} s / {peak / 1024:,.0f} MiB | bounded by the largest "
        "person (two passes over the file) |"
    ]


def certificate_rows(site: Path) -> list[str]:
    from certificates import certificate_rows as rows  # benchmarks/certificates.py (it imports this module)

    return rows(site)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        ours, plain, pages = site_build(tmp)
        site = tmp / "ours" / "site"
        browser = browser_figures(site)
        phone = phone_figures(site, tmp)
        certificates = certificate_rows(site)
        cli, peak = cli_figures()
        shutil.rmtree(tmp / "plain", ignore_errors=True)

    ok = lambda met: "met" if met else "**not met**"  # noqa: E731
    rows = [
        "| Measure | Median (min-max) | Target |",
        "|---|---|---|",
        f"| Site build, {pages} pages (`mkdocs build`) | {spread(ours, 's', 1)} | |",
        f"| Plain Material site, {pages} pages | {spread(plain, 's', 1)} | |",
        f"| Ratio, ours / plain | {statistics.median(ours) / statistics.median(plain):.1f}x | |",
    ]
    rows += loopback_rows(browser)
    for size in SIZES:
        b, c = statistics.median(browser["browser"][size]), statistics.median(cli[size])
        target = ""
        if size == 10_000:
            target = f"≤ 300 ms and ≤ 3x CLI: {ok(b <= 0.3 and b <= 3 * c)}"
        rows.append(f"| Check {size:,} rows: CLI function | {spread(cli[size])} | |")
        rows.append(f"| Check {size:,} rows: browser (worker) / CLI | {b / c:.1f}x | {target} |")
    rows.append(f"| `recert check`, 100,000 rows: peak memory | {peak / 1024:,.0f} MiB | |")
    rows += roster_rows()
    rows += phone_rows(phone)
    rows += warm_rows(phone)
    rows += certificates
    for name, (raw, zipped, runtime) in browser["bytes"].items():
        target = ""
        if name == "checker page":
            target = f"≤ 6 MB gzip: {ok(zipped <= 6_000_000)}"
        else:
            target = f"no runtime bytes: {ok(runtime == 0)}"
        rows.append(f"| Bytes, {name}: raw / gzip | {raw / 1e6:.2f} MB / {zipped / 1e6:.2f} MB | {target} |")
    machine = (
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
        f"headless Chromium on 127.0.0.1, {date.today():%Y-%m-%d}"
    )
    table = "\n".join(rows)
    print(table)
    print(f"\n{machine}")
    (ROOT / "docs" / "benchmarks.md").write_text(
        "# Benchmarks\n\nWritten by `make bench` (benchmarks/bench.py); re-run it to reproduce. "
        f"Measured on {machine}. Browser check times are the worker's own time for a check: the check, "
        "its JSON and the next steps, handed to the page as bytes; the CLI time is `check()` and its JSON, "
        'as `recert check` runs them. "File chosen to verdict on screen" is the page\'s own measure (its '
        "performance marks, from the file input's change to the first frame painted with the verdict in "
        'view); "where it goes" gives the median milliseconds between its steps.\n\n'
        f"{table}\n\nWhat the rows measure, and what was tried to make them fast: [speed.md](speed.md).\n"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["roster"]:  # only the roster row: python benchmarks/bench.py roster
        print("\n".join(roster_rows()))
    elif sys.argv[1:] == ["loopback"]:  # only the loopback rows: python benchmarks/bench.py loopback
        with tempfile.TemporaryDirectory() as folder:
            _check(build_site(Path(folder)))
            print("\n".join(loopback_rows(browser_figures(Path(folder) / "site", (100, 10_000)))))
    elif sys.argv[1:] == ["warm"]:  # only the warm-up's row: python benchmarks/bench.py warm
        with tempfile.TemporaryDirectory() as folder:
            _check(build_site(Path(folder)))
            figures = warm_figures(Path(folder) / "site", Path(folder))
            print("\n".join(warm_rows(figures)))
            steps = figures["precompressed"]["warm"]["steps"]
            ended = sorted(steps.items(), key=lambda step: step[1])
            print("when each step ended (ms):", ", ".join(f"{name} {at:,.0f}" for name, at in ended))
    elif sys.argv[1:] == ["certificates"]:  # only the PDF reader's rows: python benchmarks/bench.py certificates
        with tempfile.TemporaryDirectory() as folder:
            _check(build_site(Path(folder)))
            print("\n".join(certificate_rows(Path(folder) / "site")))
    elif sys.argv[1:] == ["phone"]:  # only the phone profile: python benchmarks/bench.py phone
        with tempfile.TemporaryDirectory() as folder:
            done = build_site(Path(folder))
            _check(done)
            figures = phone_figures(Path(folder) / "site", Path(folder))
            print("\n".join(phone_rows(figures) + warm_rows(figures)))
            print("\n".join(waterfall_lines(figures)))
    else:
        main()
