"""Issue 20 in the browsers: what may leave the site, and whether a kept file can be swapped, on a host
that sends the site's headers and on one that sends none (as GitHub Pages), before and after the
service worker controls the page.

"Leaving the site" is measured at the other end: a second test server on another port stands for
another origin and logs every request that reaches it. A module worker (tests/browsers.py,
ESCAPE_PROBE) imports the checker's guard first, as the checker's worker does, then tries each way out
the hostile rounds found. docs/security.md states what each host gets; these tests hold it to it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from browsers import PlaywrightDriver, SiteServer
from conftest import ENGINES, FIXTURES

from recert_core.browser import run_check

pytestmark = [pytest.mark.browser, pytest.mark.site]

READY = "#recert-checker[data-state=ready]"
# What the guard cannot stop (patching a worker's globals cannot be complete); only the policy can.
GUARD_GAPS = {"/__test__/redirect-xhr", "/__test__/import.mjs"}


@pytest.fixture(scope="module")
def elsewhere(built_site: Path):
    """Another origin: the same files on another port, counting what reaches its /__test__/ names."""
    server = SiteServer(built_site, headers=False)
    yield server
    server.close()


def escape(driver, outside: SiteServer) -> dict[str, str]:
    """Runs the escape probe from the current page; what it says happened to each try."""
    outside.requests.clear()
    driver.js(
        """window.__escape = null;
        const probe = new Worker('/__test__/escape-probe.mjs?outside=' + encodeURIComponent(arguments[0]),
          {type: 'module'});
        probe.onmessage = (event) => { window.__escape = event.data; };
        probe.onerror = (event) => {
          event.preventDefault();
          window.__escape = {probe: 'failed: ' + event.message};
        };""",
        outside.url,
    )
    return driver.wait("return window.__escape", timeout=90)


def controlled(driver, timeout: float = 90) -> None:
    """Waits until the site's service worker controls the page (offline.mjs registers it)."""
    if not driver.js("return 'serviceWorker' in navigator"):
        pytest.skip(f"{driver.engine} here has no service workers (navigator.serviceWorker is undefined)")
    driver.wait("return !!navigator.serviceWorker.controller", timeout=timeout)


@pytest.mark.parametrize("engine", ENGINES)
def test_without_headers_a_first_visit_has_the_guard_alone_in_the_worker(built_site, engines, engine, elsewhere):
    """docs/security.md's promise for a first visit on a host without headers: the page's <meta> policy, and in
    the worker the guard only, which stops every way out but two."""
    if missing := engines.missing(engine):
        pytest.fail(missing)
    server = SiteServer(built_site, headers=False)
    driver = engines.driver(engine)
    try:
        driver.goto(f"{server.url}/checker/")  # a fresh browser: no service worker yet
        assert driver.js("return !navigator.serviceWorker || !navigator.serviceWorker.controller")
        outcome = escape(driver, elsewhere)
        reached = set(elsewhere.reached())
        assert reached <= GUARD_GAPS, outcome
        assert "/__test__/import.mjs" in reached, "a dynamic import() of another origin: only a policy stops it"
        stopped_by_the_guard = [case for case, result in outcome.items() if "outside-site " in result]
        assert len(stopped_by_the_guard) >= 9, outcome
    finally:
        driver.close()
        server.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_with_the_sites_headers_nothing_leaves_the_site_from_the_first_visit(built_site, engines, engine, elsewhere):
    if missing := engines.missing(engine):
        pytest.fail(missing)
    server = SiteServer(built_site, headers=True)
    driver = engines.driver(engine)
    try:
        driver.goto(f"{server.url}/checker/")
        outcome = escape(driver, elsewhere)
        assert elsewhere.reached() == [], outcome
        assert set(outcome) >= {"import()", "XMLHttpRequest redirected by the site"}
    finally:
        driver.close()
        server.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_without_headers_nothing_leaves_the_site_once_the_service_worker_controls_it(
    built_site, engines, engine, elsewhere
):
    if missing := engines.missing(engine):
        pytest.fail(missing)
    server = SiteServer(built_site, headers=False)
    driver = engines.driver(engine)
    try:
        driver.goto(f"{server.url}/")  # any page registers the service worker
        controlled(driver)
        outcome = escape(driver, elsewhere)
        assert elsewhere.reached() == [], outcome
        # The checker's own worker script is served with the policy too.
        worker = driver.js("return new URL('checker/' + arguments[0], location.href).href", "worker.mjs")
        policy = driver.js("return fetch(arguments[0]).then((r) => r.headers.get('Content-Security-Policy'))", worker)
        assert policy and "connect-src 'self'" in policy and "frame-ancestors 'none'" in policy
    finally:
        driver.close()
        server.close()


def _tamper(driver, path: str, how: str) -> None:
    """Rewrites the service worker's kept copy of `path` as another page of the origin could."""
    driver.js(
        """const [path, how] = arguments;
        window.__tampered = null;
        (async () => {
          const cache = await caches.open('recert-site');
          const key = (await cache.keys()).find((r) => new URL(r.url).pathname.endsWith('/' + path));
          const text = await (await cache.match(key)).text();
          const body = how === 'cut' ? text.slice(0, Math.floor(text.length / 2))
            : how === 'page' ? text.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
                .replace('</head>', '<script>window.__injected = "page"</script></head>')
            : text + '\\nwindow.__injected = "module";';
          const type = how === 'page' ? 'text/html' : 'text/javascript';
          await cache.put(key, new Response(body, {headers: {'Content-Type': type}}));
          window.__tampered = key.url;
        })().catch((error) => { window.__tampered = 'failed: ' + error; });""",
        path,
        how,
    )
    assert driver.wait("return window.__tampered").startswith("http"), path


@pytest.mark.parametrize("engine", ENGINES)
def test_a_kept_file_rewritten_by_another_page_is_never_served(built_site, engines, engine):
    """The checker page without its policy and with a script added, its module with a line added, its
    worker cut off: none of them runs; each is fetched again from the host and kept again."""
    if missing := engines.missing(engine):
        pytest.fail(missing)
    server = SiteServer(built_site, headers=False)
    driver = engines.driver(engine)
    try:
        driver.goto(f"{server.url}/checker/?level=emt&cycle=2018")
        driver.wait_for(READY, timeout=120)
        controlled(driver)
        driver.wait("return document.documentElement.dataset.recertWarm === 'done'", timeout=120)
        _tamper(driver, "checker/index.html", "page")
        _tamper(driver, "checker/checker.mjs", "module")
        _tamper(driver, "checker/worker.mjs", "cut")
        server.requests.clear()
        driver.goto(f"{server.url}/checker/?level=emt&cycle=2018")
        driver.wait_for(READY, timeout=120)
        assert driver.js("return window.__injected === undefined")
        assert driver.js("return !!document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')")
        swapped = {"/checker/index.html", "/checker/checker.mjs", "/checker/worker.mjs"}
        fetched = {path.split("?")[0] for path in server.requests}
        assert swapped <= fetched, sorted(fetched)
        driver.set_file("#recert-file", FIXTURES / "excel_semicolon_bom_crlf.csv")
        driver.wait_for("#recert-verdict", timeout=60)
        data = (FIXTURES / "excel_semicolon_bom_crlf.csv").read_bytes()
        expected = json.loads(run_check(data, "emt", "2018", date.today().isoformat()))
        assert driver.text("#recert-verdict") == expected["report"]["verdict"]
        # Kept again, from the host: the next visit needs no request for them.
        server.requests.clear()
        driver.goto(f"{server.url}/checker/?level=emt&cycle=2018")
        driver.wait_for(READY, timeout=120)
        assert not {p.split("?")[0] for p in server.requests} & {
            "/checker/",
            "/checker/checker.mjs",
            "/checker/worker.mjs",
        }
        assert driver.page_errors() == []
    finally:
        driver.close()
        server.close()


@pytest.mark.parametrize("engine", ["chromium", "firefox"])
def test_no_page_of_another_origin_can_frame_the_site_once_the_service_worker_controls_it(
    built_site, engines, engine, elsewhere
):
    """frame-ancestors works only as a header: on a host without headers, the service worker's."""
    if missing := engines.missing(engine):
        pytest.fail(missing)
    server = SiteServer(built_site, headers=False)
    driver = engines.driver(engine)
    assert isinstance(driver, PlaywrightDriver)
    try:
        driver.goto(f"{server.url}/")
        controlled(driver)
        driver.js("return navigator.serviceWorker.ready")
        driver.goto(f"{elsewhere.url}/__test__/blank.html")  # a page of another origin
        driver.js(
            "const f = document.createElement('iframe'); f.src = arguments[0]; document.body.append(f);",
            f"{server.url}/glossary/",
        )
        driver.page.wait_for_timeout(3000)
        framed = [frame for frame in driver.page.frames if frame != driver.page.main_frame]
        assert framed
        titles = [frame.evaluate("document.title") if not frame.is_detached() else "" for frame in framed]
        assert not [t for t in titles if "Glossary" in t], titles
    finally:
        driver.close()
        server.close()
