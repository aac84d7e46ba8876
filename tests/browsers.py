"""One browser-test body, three engines: a small driver interface over Playwright and Selenium.

Chromium and Firefox are driven by Playwright (Firefox over WebDriver BiDi, no geckodriver);
WebKit by Selenium's WebKitGTK driver (WebKitWebDriver + MiniBrowser) under an Xvfb display the
tests start themselves. What no driver can see the same way in all three (page errors, Content
Security Policy violations, the file a download button offers) is recorded by a same-origin script
that the test server adds to every page (`/__test__/record.js`), so the site's own CSP allows it.

The test server serves the built site as a host would: the headers of the site's own `_headers`
file (the CSP for pages and the worker), `.wasm` as application/wasm, the build's precompressed
`.br`/`.gz` copies where the browser accepts them (pages excepted: the recorder is added to them),
and axe-core same-origin for the accessibility scans (Firefox over BiDi ignores `bypass_csp`).
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import hashlib
import json
import os
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

from conftest import ROOT

from site_plugins.headers import SUFFIX_TYPES
from site_plugins.precompress import served_copy

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
XVFB = "/usr/bin/Xvfb"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALLED_BY = {"chromium": "chromium", "firefox": "firefox-esr", "webkit": "webkit2gtk-driver and xvfb"}

# Added to every HTML page the test server sends, first in <head>: errors, unhandled rejections and
# CSP violations go into window.__recertTest.errors; each Blob the page links for download is kept
# by its object URL, and each download link clicked is listed, so a test can read the offered file.
RECORDER = """
(() => {
  const state = window.__recertTest = { errors: [], blobs: {}, downloads: [] };
  addEventListener("error", (e) => state.errors.push(`error: ${e.message} (${e.filename}:${e.lineno})`));
  addEventListener("unhandledrejection", (e) => state.errors.push(`unhandled rejection: ${e.reason}`));
  document.addEventListener("securitypolicyviolation", (e) =>
    state.errors.push(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = function (blob) {
    const url = createObjectURL.call(URL, blob);
    if (blob instanceof Blob) blob.text().then((text) => { state.blobs[url] = text; });
    return url;
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (this.hasAttribute("download")) state.downloads.push({ name: this.download, url: this.href });
    return click.call(this);
  };
})();
"""

# A module worker with no CSP of its own (as from a host that sends no headers) that imports the
# checker's guard, then tries to reach each URL of its `try` parameters; it posts what happened.
GUARD_PROBE = """
import "/checker/guard.mjs";
const outcome = {};
for (const url of new URL(import.meta.url).searchParams.getAll("try")) {
  try {
    await fetch(url);
    outcome["fetch " + url] = "reached";
  } catch (error) {
    outcome["fetch " + url] = "refused: " + error.message;
  }
  try {
    const request = new XMLHttpRequest();
    request.open("GET", url);
    outcome["xhr " + url] = "opened";
  } catch (error) {
    outcome["xhr " + url] = "refused: " + error.message;
  }
}
postMessage(outcome);
"""


# A module worker that imports the checker's guard first, as the checker's worker does, then tries every
# way out found by the hostile rounds against another origin (its `outside` parameter: another test
# server, which counts what reaches it), and posts { case: outcome }. "reached" means the request left
# (the outside server also logs it); anything else says how it was stopped. Served with the site's
# headers where the test server sends them, and given the policy by the service worker where it
# controls the page; with neither, only the guard stands in the way.
ESCAPE_PROBE = """
import "/checker/guard.mjs";
const outside = new URL(import.meta.url).searchParams.get("outside");
const site = new URL("/", import.meta.url).href;
const to = (name) => `${outside}/__test__/${name}`;
const outcome = {};
const attempt = async (name, run) => {
  try {
    await run();
    outcome[name] = "reached";
  } catch (error) {
    outcome[name] = `stopped: ${error?.name ?? ""} ${error?.message ?? error}`.slice(0, 160);
  }
};
const settle = (request) => new Promise((resolve, reject) => {
  request.onload = resolve;
  request.onerror = () => reject(new Error("network error"));
  request.send();
});
const nested = (url) => new Promise((resolve, reject) => {
  const worker = new Worker(url, { type: "module" });
  worker.onmessage = resolve;
  worker.onerror = (event) => { event.preventDefault(); reject(new Error("nested worker failed")); };
  setTimeout(() => reject(new Error("nested worker: no answer")), 3000);
});
const prototypeFetch = Object.getPrototypeOf(Object.getPrototypeOf(globalThis)).fetch;
await attempt("fetch", () => fetch(to("fetch")));
await attempt("fetch on WorkerGlobalScope.prototype", () => prototypeFetch.call(globalThis, to("prototype")));
await attempt("fake Request", () => {
  const fake = Object.create(Request.prototype, { url: { get: () => site }, toString: { value: () => to("fake") } });
  return fetch(fake);
});
await attempt("URL answering differently the second time", () => {
  let asked = 0;
  return fetch({ toString: () => (asked++ ? to("second") : site) });
});
const redirect = (name) => `${site}__test__/redirect?to=${encodeURIComponent(to(name))}`;
await attempt("fetch redirected by the site", () => fetch(redirect("redirect-fetch")));
await attempt("XMLHttpRequest redirected by the site", () => {
  const request = new XMLHttpRequest();
  request.open("GET", redirect("redirect-xhr"));
  return settle(request);
});
await attempt("XMLHttpRequest", () => {
  const request = new XMLHttpRequest();
  request.open("GET", to("xhr"));
  return settle(request);
});
await attempt("import()", () => import(to("import.mjs")));
await attempt("caches.add", async () => (await caches.open("recert-probe")).add(to("cache")));
await attempt("WebSocket", () => new Promise((resolve, reject) => {
  const socket = new WebSocket(to("socket").replace(/^http/, "ws"));
  socket.onopen = resolve;
  socket.onerror = () => reject(new Error("socket failed"));
}));
await attempt("EventSource", () => new Promise((resolve, reject) => {
  const source = new EventSource(to("events"));
  source.onopen = resolve;
  source.onerror = () => { source.close(); reject(new Error("event source failed")); };
}));
const leak = (name) => `fetch(${JSON.stringify(to(name))}).then(() => postMessage(1), () => postMessage(0));`;
await attempt("nested blob: worker", () =>
  nested(URL.createObjectURL(new Blob([leak("blob")], { type: "text/javascript" }))));
await attempt("nested data: worker", () => nested(`data:text/javascript,${encodeURIComponent(leak("data"))}`));
postMessage(outcome);
"""


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a Netlify / Cloudflare Pages `_headers` file: (path pattern, [(name, value)])."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules: list[tuple[str, list[tuple[str, str]]]], path: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for pattern, headers in rules:
        if fnmatch.fnmatchcase(path, pattern.replace(":splat", "*")):
            found.update(dict(headers))
    return found


def with_recorder(html: str) -> str:
    """A page as the test server sends it: the recorder first in its <head>."""
    recorder = '<script src="/__test__/record.js"></script>'
    return html.replace('<meta charset="utf-8">', f'<meta charset="utf-8">{recorder}', 1)


def service_worker_as_sent(script: str, site: Path) -> str:
    """The site's sw.js as the test server sends it: since the server adds the recorder to each page, the
    service worker is given those pages' hashes (it serves a page only if it has the hash it lists)."""
    found = re.search(r"const FILES = (\{.*?\n\});", script, re.DOTALL)
    if not found:
        return script
    files = json.loads(found[1])
    for path, entry in files.items():
        if path.endswith(".html"):
            page = with_recorder((site / path).read_text(encoding="utf-8")).encode()
            entry[0], entry[1] = hashlib.sha256(page).hexdigest(), len(page)
    return script.replace(found[1], json.dumps(files, indent=1))


class SiteHandler(SimpleHTTPRequestHandler):
    """The test server's answers: the site's files with the headers of its `_headers` rules (`rules`),
    pages with the recorder, the build's precompressed copies, and the tests' own files under /__test__/:
    `/__test__/redirect?to=URL` redirects to URL; any name it does not know answers a module anyone may
    read or import (another origin's server, for the tests of what may leave the site)."""

    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **SUFFIX_TYPES}
    rules: ClassVar[list[tuple[str, list[tuple[str, str]]]]] = []
    requests: ClassVar[list[str]] = []
    # The checker's worker as the server sends it, changed by a test (SiteServer.change_worker).
    worker_change: ClassVar[list[Callable[[str], str]]] = []
    # Ends of paths answered "404 Not Found", as a host that lost a file answers (SiteServer.lose).
    lost: ClassVar[list[str]] = []
    rate: ClassVar[float] = 0  # bytes a second for each answer the server sends itself; 0: at once

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        self.requests.append(self.path)
        if path.startswith("/__test__/"):
            return self.test_file(path)
        if any(path.endswith(end) for end in self.lost):
            return self.send_error(404)
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            html = with_recorder(file.read_text(encoding="utf-8"))
            return self.send_bytes(html.encode(), "text/html; charset=utf-8")
        if self.worker_change and path.endswith("/checker/worker.mjs") and file.is_file():
            script = self.worker_change[0](file.read_text(encoding="utf-8"))
            return self.send_bytes(script.encode(), "text/javascript")
        if file.name == "sw.js" and file.parent == Path(self.directory) and file.is_file():
            script = service_worker_as_sent(file.read_text(encoding="utf-8"), Path(self.directory))
            return self.send_bytes(script.encode(), "text/javascript")
        copy, encoding = served_copy(file, self.headers.get("Accept-Encoding", ""))
        if encoding and file.is_file():  # the build's .br/.gz copy, as nginx and Caddy send it
            return self.send_bytes(copy.read_bytes(), self.guess_type(str(file)), encoding)
        return super().do_GET()

    def test_file(self, path: str) -> None:
        if path == "/__test__/redirect":
            self.send_response(302)
            self.send_header("Location", parse_qs(urlsplit(self.path).query)["to"][0])
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            return None
        if path == "/__test__/blank.html":  # a page of this server's origin with nothing in it
            return self.send_bytes(b"<!doctype html><title>blank</title><body></body>", "text/html")
        own = {
            "/__test__/record.js": RECORDER.encode(),
            "/__test__/guard-probe.mjs": GUARD_PROBE.encode(),
            "/__test__/escape-probe.mjs": ESCAPE_PROBE.encode(),
        }
        if path == "/__test__/axe.min.js":
            own[path] = (ROOT / "node_modules/axe-core/axe.min.js").read_bytes()
        self.send_bytes(own.get(path, b'export default "reached";'), "text/javascript", cors=path not in own)
        return None

    def end_headers(self):
        path = self.path.split("?", 1)[0]
        # The tests' own files get no headers from the site, except the escape probe, which stands for the
        # checker's worker.
        if not path.startswith("/__test__/") or path == "/__test__/escape-probe.mjs":
            for name, value in headers_for(self.rules, path).items():
                self.send_header(name, value)
        super().end_headers()

    def send_bytes(self, body: bytes, content_type: str, encoding: str | None = None, cors: bool = False):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        step = int(self.rate / 20) if self.rate else len(body) or 1  # a twentieth of a second's worth
        for at in range(0, len(body), step):
            self.wfile.write(body[at : at + step])
            if self.rate:
                time.sleep(0.05)


class SiteServer:
    """The built site on an ephemeral loopback port (SiteHandler), with the headers its `_headers` file
    names, or with none (`headers=False`), as GitHub Pages serves it (which cannot send a site's own
    headers); `rate`: bytes a second for the build's precompressed files, as a slow network sends them.
    `requests`: every path asked for, in order."""

    def __init__(self, site: Path, *, headers: bool = True, rate: float = 0):
        headers_file = site / "_headers"
        rules = parse_headers_file(headers_file.read_text()) if headers_file.exists() and headers else []
        self.requests: list[str] = []
        self.worker_change: list[Callable[[str], str]] = []
        self.lost: list[str] = []
        handler = type(
            "Handler",
            (SiteHandler,),
            {
                "rules": rules,
                "requests": self.requests,
                "worker_change": self.worker_change,
                "lost": self.lost,
                "rate": rate,
            },
        )
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def change_worker(self, change: Callable[[str], str] | None) -> None:
        """From now on the checker's worker is sent as `change` makes it (None: as built): a test's way to
        give the page a worker that hangs or fails, as a bug or a hostile file could make it."""
        self.worker_change[:] = [change] if change else []

    def lose(self, *ends: str) -> None:
        """From now on the site's files whose paths end so answer 404, as from a host that lost them."""
        self.lost[:] = ends

    def reached(self) -> list[str]:
        """The tests' outside addresses asked for (this server standing for another origin)."""
        own = ("/__test__/record.js", "/__test__/axe.min.js", "/__test__/guard-probe.mjs", "/__test__/escape-probe.mjs")
        own += ("/__test__/blank.html",)
        return [path for path in self.requests if path.startswith("/__test__/") and not path.startswith(own)]


class Unobservable(Exception):
    """This engine's driver cannot observe what the test asks for (the reason is the message)."""


class Driver:
    """What a test does with a page, the same in every engine. Scripts are function bodies that
    read their arguments from `arguments`, as in WebDriver."""

    engine: str

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []

    # -- engine specific --
    def goto(self, url: str) -> None:
        raise NotImplementedError

    def _js(self, body: str, args: list[Any]) -> Any:
        raise NotImplementedError

    def gone(self, error: Exception) -> bool:
        """Whether `error` says the browser itself has gone (crashed, or lost by its driver): then no
        page can answer and waiting longer is pointless."""
        return False

    def set_file(self, selector: str, path: Path) -> None:
        raise NotImplementedError

    def select(self, selector: str, value: str) -> None:
        raise NotImplementedError

    def set_files(self, selector: str, paths: list[Path]) -> None:
        """Choose several files at once in a `multiple` file input (they replace what it held)."""
        raise NotImplementedError

    def fill(self, selector: str, text: str) -> None:
        """Replace a text field's value as a person types it (input events)."""
        raise NotImplementedError

    def type_keys(self, selector: str, text: str, delay: float = 0) -> None:
        """Type at the end of a field already focused by a click, a key at a time, `delay` seconds apart."""
        raise NotImplementedError

    def click(self, selector: str) -> None:
        raise NotImplementedError

    def screenshot(self, name: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def download(self, selector: str) -> str:
        """The text of the file the button downloads. Where the driver cannot see the browser's
        download (Firefox over BiDi, WebKitGTK), the file the page offers: the Blob behind the
        download link it clicked, recorded in the page."""
        before = self.js("return window.__recertTest.downloads.length")
        self.click(selector)
        self.wait(
            "return window.__recertTest.downloads.length > arguments[0] && "
            "window.__recertTest.blobs[window.__recertTest.downloads.at(-1).url] !== undefined",
            before,
        )
        text = self.js("return window.__recertTest.blobs[window.__recertTest.downloads.at(-1).url]")
        return text.replace("\r\n", "\n")  # read as Python reads a text file, like the saved download

    # -- shared --
    def js(self, body: str, *args: Any) -> Any:
        return self._js(body, list(args))

    def wait(self, body: str, *args: Any, timeout: float = 30) -> Any:
        deadline = time.monotonic() + timeout
        failure: Exception | None = None
        while True:
            try:
                value = self.js(body, *args)
            except Exception as error:  # a page in the middle of navigating: ask the next one
                if self.gone(error):
                    raise
                failure, value = error, None
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.engine}: timed out after {timeout} s waiting for: {body}") from failure
            time.sleep(0.05)

    def wait_for(self, selector: str, timeout: float = 30) -> None:
        self.wait("return !!document.querySelector(arguments[0])", selector, timeout=timeout)

    def text(self, selector: str) -> str:
        return self.js("const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null", selector)

    def attr(self, selector: str, name: str) -> str | None:
        return self.js(
            "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null",
            selector,
            name,
        )

    def value(self, selector: str) -> str:
        return self.js("return document.querySelector(arguments[0]).value", selector)

    def count(self, selector: str) -> int:
        return self.js("return document.querySelectorAll(arguments[0]).length", selector)

    def visible(self, selector: str) -> bool:
        return self.js(
            "const e = document.querySelector(arguments[0]);"
            " return !!e && !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length)",
            selector,
        )

    def page_errors(self) -> list[str]:
        """Errors the recorder saw on the current page (kept when the page is left)."""
        with contextlib.suppress(Exception):
            return list(self.js("return window.__recertTest ? window.__recertTest.errors : []") or [])
        return []

    def leave(self) -> None:
        self.errors += self.page_errors()

    def set_checked(self, selector: str, on: bool) -> None:
        if bool(self.js("return document.querySelector(arguments[0]).checked", selector)) != on:
            self.click(selector)

    def axe_serious(self, selector: str) -> list[str]:
        """Serious and critical axe-core findings within `selector`, axe loaded from the test server
        (same origin, so the site's CSP allows it in every engine)."""
        self.js(
            "if (window.axe) return; const s = document.createElement('script');"
            " s.src = '/__test__/axe.min.js'; document.head.append(s);"
        )
        self.wait("return typeof window.axe !== 'undefined'")
        self.js(
            "window.__axe = null; axe.run(arguments[0], {resultTypes: ['violations']})"
            ".then((r) => { window.__axe = r.violations; }, (e) => { window.__axe = [{id: 'axe failed', "
            "impact: 'critical', help: String(e), nodes: []}]; });",
            selector,
        )
        violations = self.wait("return window.__axe && {found: window.__axe}", timeout=60)["found"]
        return [
            f"{v['id']} ({v['impact']}): {v['help']} - {[n['target'] for n in v['nodes']][:3]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]


class PlaywrightDriver(Driver):
    def __init__(
        self, engine: str, browser, viewport: dict[str, int], color_scheme: str = "light", locale: str | None = None
    ):
        super().__init__()
        self.engine = engine
        self.context = browser.new_context(
            accept_downloads=True, viewport=viewport, color_scheme=color_scheme, locale=locale
        )
        self.page = self.context.new_page()
        self.page.on(
            "request",
            lambda r: None if r.url.startswith(("http://127.0.0.1", "blob:", "data:")) else self.outside.append(r.url),
        )
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def goto(self, url: str) -> None:
        self.leave()
        self.page.goto(url)

    def _js(self, body: str, args: list[Any]) -> Any:
        return self.page.evaluate(f"(args) => (function () {{ {body} }}).apply(null, args)", args)

    def set_file(self, selector: str, path: Path) -> None:
        self.page.set_input_files(selector, str(path))

    def select(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)

    def set_files(self, selector: str, paths: list[Path]) -> None:
        self.page.set_input_files(selector, [str(p) for p in paths])

    def fill(self, selector: str, text: str) -> None:
        self.page.fill(selector, text)

    def type_keys(self, selector: str, text: str, delay: float = 0) -> None:
        self.page.keyboard.type(text, delay=delay * 1000)

    def click(self, selector: str) -> None:
        self.page.click(selector)

    def download(self, selector: str) -> str:
        if self.engine != "chromium":
            return super().download(selector)
        with self.page.expect_download() as info:
            self.page.click(selector)
        return Path(info.value.path()).read_text(encoding="utf-8-sig")

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}-{self.engine}.png"), full_page=True)

    def close(self) -> None:
        self.leave()
        self.context.close()


class SeleniumDriver(Driver):
    """WebKitGTK through WebKitWebDriver. Its screenshots are of the viewport only."""

    engine = "webkit"

    def __init__(self, display: str, viewport: dict[str, int]):
        super().__init__()
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.service import Service

        # Without a working display, creating a session hangs with no error: a hard time limit. On a busy
        # machine a session now and then never starts (once in this round's full runs): a second driver is tried
        # before the test is failed.
        for _ in range(2):
            service = Service(executable_path=WEBKIT_DRIVER, env={**os.environ, "DISPLAY": display})
            made: list[Any] = []  # each try its own: a hung session that wakes late is not taken
            failed: list[BaseException] = []

            def start(service=service, made=made, failed=failed):
                try:
                    made.append(webdriver.WebKitGTK(options=webdriver.WebKitGTKOptions(), service=service))
                except BaseException as error:
                    failed.append(error)

            starter = threading.Thread(target=start, daemon=True)
            starter.start()
            starter.join(60)
            if made or failed:
                break
            with contextlib.suppress(Exception):
                service.stop()  # the driver that hung, and its browser
        if failed:
            raise failed[0]
        if not made:
            raise AssertionError(f"WebKitWebDriver did not start a session within 2 x 60 s on DISPLAY={display}")
        self.driver = made[0]
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(30)
        self.driver.set_window_size(viewport["width"], viewport["height"])

    def goto(self, url: str) -> None:
        self.leave()
        self.driver.get(url)

    def _js(self, body: str, args: list[Any]) -> Any:
        return self.driver.execute_script(body, *args)

    def gone(self, error: Exception) -> bool:
        from selenium.common.exceptions import InvalidSessionIdException

        return isinstance(error, InvalidSessionIdException)

    def element(self, selector: str):
        """The element, scrolled to the middle of the viewport: WebKitWebDriver scrolls an element
        to the top, under the theme's fixed header, which then takes the click."""
        from selenium.webdriver.common.by import By

        found = self.driver.find_element(By.CSS_SELECTOR, selector)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", found)
        return found

    def set_file(self, selector: str, path: Path) -> None:
        element = self.element(selector)
        # WebDriver adds to what a `multiple` file input holds: empty it first, so the file replaces the
        # last one as a person's new choice does.
        element.clear()
        element.send_keys(str(path))

    def select(self, selector: str, value: str) -> None:
        from selenium.webdriver.support.select import Select

        Select(self.element(selector)).select_by_value(value)

    def set_files(self, selector: str, paths: list[Path]) -> None:
        element = self.element(selector)
        element.clear()
        element.send_keys("\n".join(str(p) for p in paths))  # WebDriver's way to give several files

    def fill(self, selector: str, text: str) -> None:
        element = self.element(selector)
        element.clear()
        if text:  # WebKitWebDriver refuses to send no keys
            element.send_keys(text)

    def type_keys(self, selector: str, text: str, delay: float = 0) -> None:
        element = self.element(selector)
        for key in text:
            element.send_keys(key)
            time.sleep(delay)

    def click(self, selector: str) -> None:
        self.element(selector).click()

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.driver.save_screenshot(str(ARTIFACTS / f"{name}-{self.engine}.png"))

    def close(self) -> None:
        self.leave()
        try:
            self.driver.quit()
        except Exception as error:  # a browser that died under the test: its driver has stopped all the same
            if not self.gone(error):
                raise


class Xvfb:
    """A virtual X display of the tests' own, on a free display number Xvfb picks."""

    def __init__(self) -> None:
        read, write = os.pipe()
        command = [XVFB, "-displayfd", str(write), "-screen", "0", "1280x1000x24", "-nolisten", "tcp"]
        quiet = subprocess.DEVNULL
        self.process = subprocess.Popen(command, pass_fds=(write,), stdout=quiet, stderr=quiet)
        os.close(write)
        number = b""
        deadline = time.monotonic() + 20
        with os.fdopen(read, "rb") as pipe:
            while not number.endswith(b"\n") and time.monotonic() < deadline:
                chunk = pipe.read(1)
                if not chunk:
                    break
                number += chunk
        if not number.strip():
            self.process.kill()
            raise AssertionError("Xvfb did not start")
        self.display = f":{number.decode().strip()}"

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Engines:
    """Browsers started on first use and closed at the end of the session."""

    def __init__(self) -> None:
        self.playwright = None
        self.browsers: dict[str, Any] = {}
        self.xvfb: Xvfb | None = None
        self.tmp = tempfile.mkdtemp(prefix="engines-")

    def missing(self, engine: str) -> str | None:
        needed = {"chromium": [CHROMIUM], "firefox": [FIREFOX], "webkit": [WEBKIT_DRIVER, XVFB]}[engine]
        absent = [path for path in needed if not Path(path).exists()]
        if absent:
            return f"{', '.join(absent)} missing: `make test` installs Debian's {INSTALLED_BY[engine]}"
        return None

    def driver(
        self,
        engine: str,
        viewport: dict[str, int] | None = None,
        color_scheme: str = "light",
        locale: str | None = None,
    ) -> Driver:
        """A page in `engine`; `locale` (such as "en-GB") is the browser's language and date order."""
        viewport = viewport or {"width": 1280, "height": 1000}
        if engine == "webkit" and locale:
            raise Unobservable("WebKitWebDriver cannot set the browser's locale")
        if engine == "webkit":
            if self.xvfb is None:
                self.xvfb = Xvfb()
            driver = SeleniumDriver(self.xvfb.display, viewport)
            if color_scheme != "light":
                driver.close()
                raise Unobservable("WebKitWebDriver cannot emulate a dark colour scheme")
            return driver
        if engine not in self.browsers:
            if self.playwright is None:
                from playwright.sync_api import sync_playwright

                self.playwright = sync_playwright().start()
            if engine == "chromium":
                self.browsers[engine] = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            else:
                # Over WebDriver BiDi; Playwright 1.65 fails on every new context with Firefox 153.
                self.browsers[engine] = self.playwright.firefox.launch(channel="moz-firefox", executable_path=FIREFOX)
        return PlaywrightDriver(engine, self.browsers[engine], viewport, color_scheme, locale)

    def close(self) -> None:
        for browser in self.browsers.values():
            with contextlib.suppress(Exception):
                browser.close()
        if self.playwright is not None:
            self.playwright.stop()
        if self.xvfb is not None:
            self.xvfb.close()


@contextlib.contextmanager
def watching(driver: Driver) -> Iterator[Driver]:
    """The driver, closed at the end; then no request may have left 127.0.0.1 and no error been logged."""
    try:
        yield driver
    finally:
        driver.close()
    assert driver.outside == [], "requests left 127.0.0.1"
    assert driver.errors == [], f"the page logged errors: {driver.errors}"
