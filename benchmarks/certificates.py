"""`make bench`'s rows for the PDF certificate reader (issue 21): what it adds in bytes, how long it
takes to load on loopback and on the phone profile, and the time per certificate.

- Bytes: the reader's bundle as the build writes it (raw, and the .br/.gz copies a host sends), and
  the checker's first visit, which must not fetch it.
- Load and read in the page (when the page has the certificates step): 20 certificates chosen in the
  checker's picker, from the change to the 20 shown for confirmation; the first time includes fetching
  and installing the reader, the second not (target: 20 within 2 s on loopback once it is loaded).
- Load on the phone profile: the bundle fetched by the checker page at 1.6 Mbit/s and 150 ms round trip
  (CDP), brotli from the build's copies; then installed, as the worker installs it.
- The reader under the built site's own Pyodide in Node.js (tests/node/run_certificates.mjs): install
  time and time per certificate, without a browser, in wall time and in the process's CPU time (this
  machine is shared: the CPU time is the figure that compares from one run to the next).
- The reader under this CPython (`read_certificate`), process time per certificate.

Only these rows: `python benchmarks/bench.py certificates`.
"""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench import CHROMIUM_ARGS, PHONE_NETWORK, ROOT, served, served_compressed, spread

READY = "#recert-checker[data-state=ready]"
COUNT = 20  # a provider's year of certificates
TURNS = 5  # the 20 chosen this many times in the page: the first with the reader's load, the rest without


def certificate_set(folder: Path, count: int = COUNT) -> list[Path]:
    """`count` certificates: the fixture folder's readable ones, then generated variants."""
    from certificate_pdfs import CERTIFICATES, variant
    from certificate_pdfs import folder as write_folder

    written = write_folder(folder / "fixtures")
    paths = [p for n, p in written.items() if "problem" not in CERTIFICATES[n]]
    seed = 0
    while len(paths) < count:
        data, _ = variant(seed)
        paths.append(folder / f"variant-{seed}.pdf")
        paths[-1].write_bytes(data)
        seed += 1
    return paths[:count]


def bundle(site: Path) -> Path:
    (found,) = (site / "checker" / "pdf").glob("*/pdf-reader.zip")
    return found


def node_figures(site: Path, paths: list[Path]) -> dict:
    import html
    import re
    from urllib.parse import parse_qs, urlsplit

    checker = site / "checker"
    worker = re.search(r'data-worker="([^"]+)"', (checker / "index.html").read_text())[1]
    files = {k: v[0] for k, v in parse_qs(urlsplit(html.unescape(worker)).query).items()}
    done = subprocess.run(
        ["node", str(ROOT / "tests/node/run_certificates.mjs"), str(checker / "pyodide"), str(checker / files["wheel"]),
         str(checker / files["bytecode"]), str(checker / files["pdf"]), *map(str, paths)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError("\n".join(line for line in done.stderr.splitlines() if len(line) < 300)[-2000:])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "install": result["install_ms"] / 1000,
        "each": [ms / 1000 for ms in result["ms"]],
        "cpu": [ms / 1000 for ms in result["cpu_ms"]],
    }


def cpython_figures(paths: list[Path], repeats: int = 3) -> dict[str, float]:
    """`read_certificate` under this CPython, each certificate's best process time of `repeats` (the
    machine is shared: process time, not wall time), after one read that imports the reader."""
    from recert_core.certificates import read_certificate

    read_certificate(paths[0].read_bytes(), paths[0].name)
    figures = {}
    for path in paths:
        data = path.read_bytes()
        samples = []
        for _ in range(repeats):
            began = time.process_time()
            read_certificate(data, path.name)
            samples.append(time.process_time() - began)
        figures[path.name] = min(samples)
    return figures


def page_figures(site: Path, paths: list[Path]) -> dict:
    """In headless Chromium on loopback: the first visit's requests (no reader), then 20 certificates
    chosen twice (with the reader's load, then without), when the page has the certificates step."""
    from playwright.sync_api import sync_playwright

    figures: dict = {}
    shown = (
        "(n) => document.querySelectorAll('#recert-certificates .recert-certificate:not(.recert-certificate-problem)')"
        ".length >= n && document.querySelector('#recert-certificates').dataset.read !== window.__readBefore"
    )
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.goto(f"{url}/checker/?level=emt&cycle=2026")
        page.wait_for_selector(READY, timeout=120_000)
        page.wait_for_timeout(2000)
        figures["first_visit_fetches_reader"] = any(urlsplit(u).path.endswith("pdf-reader.zip") for u in requested)
        if page.query_selector("#recert-certificates") is None:
            figures["drops"] = None
        else:
            drops = []
            certificates = len(paths)
            for turn in range(TURNS):
                page.evaluate(
                    "() => { window.__readBefore = document.querySelector('#recert-certificates').dataset.read; }"
                )
                began = time.perf_counter()
                # Each time in another order: the picker gives no change event for the very same choice.
                page.set_input_files("#recert-file", [str(p) for p in (paths if turn % 2 == 0 else paths[::-1])])
                page.wait_for_function(shown, arg=certificates - 2, timeout=300_000)
                drops.append(time.perf_counter() - began)
            figures["drops"] = drops
        context.close()
        browser.close()
    return figures


def phone_fetch(site: Path) -> dict:
    """The reader's bundle fetched by the checker page on the phone profile's network (brotli copies)."""
    from playwright.sync_api import sync_playwright

    relative = bundle(site).relative_to(site).as_posix()
    with served_compressed(site, "precompressed") as (url, sent), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        # No service worker: it would fetch the file itself, outside the page's emulated network.
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, service_workers="block"
        )
        page = context.new_page()
        page.goto(f"{url}/checker/")
        page.wait_for_selector(READY, timeout=300_000)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
        before = sum(sent.values())
        seconds = page.evaluate(
            "async (path) => { const t = performance.now(); const r = await fetch('/' + path, {cache: 'no-store'});"
            " await r.arrayBuffer(); return (performance.now() - t) / 1000; }",
            relative,
        )
        transferred = sum(sent.values()) - before
        context.close()
        browser.close()
    return {"seconds": seconds, "bytes": transferred}


def _aes256(names: list[str], seconds: list[float]) -> str:
    """The AES-256 certificate's share: its key check is most of the time."""
    aes256 = [s for name, s in zip(names, seconds, strict=True) if name == "aes256_no_copying.pdf"]
    return f"AES-256 {1000 * aes256[0]:,.0f} ms" if aes256 else "no AES-256 certificate"


def certificate_rows(site: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        paths = certificate_set(Path(folder))
        names = [path.name for path in paths]
        cpython = cpython_figures(paths)
        node = node_figures(site, paths)
        page = page_figures(site, paths)
        phone = phone_fetch(site)
    zipped = bundle(site)
    raw, br, gz = (zipped.stat().st_size, Path(f"{zipped}.br").stat().st_size, Path(f"{zipped}.gz").stat().st_size)
    ok = lambda met: "met" if met else "**not met**"  # noqa: E731
    fetched = page["first_visit_fetches_reader"]
    shown = f"{COUNT} certificates chosen to shown for confirmation"
    rows = [
        f"| PDF reader: bytes it adds, only when a PDF is given (raw / brotli / gzip) | "
        f"{raw / 1e6:.2f} MB / {br / 1e6:.2f} MB / {gz / 1e6:.2f} MB | |",
        f"| PDF reader fetched on the checker's first visit | {'yes' if fetched else 'no'} | "
        f"no extra bytes: {ok(not fetched)} |",
    ]
    if page["drops"]:
        first, *again = page["drops"]
        loaded = statistics.median(again)
        rows += [
            f"| {shown}, reader not yet loaded (loopback) | {first:.2f} s | |",
            f"| {shown}, reader loaded (loopback; median of {len(again)}) | {loaded:.2f} s ({min(again):.2f}-"
            f"{max(again):.2f}) | ≤ 2 s: {ok(loaded <= 2)} |",
            f"| PDF reader load on loopback (first minus loaded) | {max(0.0, first - loaded):.2f} s | |",
            f"| Time per certificate in the page, reader loaded | {loaded / COUNT * 1000:.0f} ms | |",
        ]
    else:
        rows.append("| Certificates in the page | not measured: this build's page has no certificates step yet | |")
    rows += [
        f"| PDF reader: fetch on the phone profile (1.6 Mbit/s, 150 ms; brotli) | {phone['seconds']:.1f} s, "
        f"{phone['bytes'] / 1e6:.2f} MB | |",
        f"| PDF reader: unpack and import, site's Pyodide in Node.js | {node['install']:.2f} s | |",
        f"| Time per certificate, site's Pyodide in Node.js ({COUNT}; AES-256 among them) | "
        f"{spread(node['each'])} (total {sum(node['each']):.1f} s) | |",
        f"| The same, the process's CPU time (the machine's load left out) | {spread(node['cpu'])} "
        f"(total {sum(node['cpu']):.2f} s; {_aes256(names, node['cpu'])}) | |",
        f"| Time per certificate, CPython {platform.python_version()} (`read_certificate`, process time) | "
        f"{spread(list(cpython.values()))} (total {sum(cpython.values()):.2f} s; "
        f"{_aes256(names, list(cpython.values()))}) | |",
    ]
    return rows
