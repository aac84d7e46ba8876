"""Security headers: every page's CSP <meta>, and the header files the build writes for hosts."""

from __future__ import annotations

import base64
import hashlib
import re

from browsers import headers_for, parse_headers_file
from conftest import ROOT

from site_plugins.headers import headers_file, nginx_snippet, policy, with_csp

HTML = (
    "<html><head><title>t</title></head><body><script>start()</script>"
    '<script type="application/json">{"a": 1}</script><script src="x.js"></script></body></html>'
)
DIGEST = "'sha256-" + base64.b64encode(hashlib.sha256(b"start()").digest()).decode() + "'"


def meta_policy(page: str) -> str:
    return re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)[1]


def test_a_page_allows_its_own_inline_scripts_by_hash_and_nothing_else():
    page = with_csp(HTML)
    found = meta_policy(page)
    # The one inline script, by its hash; the JSON block and the external file need none.
    assert f"script-src 'self' 'wasm-unsafe-eval' {DIGEST};" in found and found.count("'sha256-") == 1
    assert "connect-src 'self'" in found and "default-src 'self'" in found and "object-src 'none'" in found
    assert "frame-ancestors" not in found  # ignored in a <meta>: header only
    assert page.index("Content-Security-Policy") < page.index("<title>")


def test_under_mkdocs_serve_inline_scripts_are_allowed_for_its_live_reload():
    found = meta_policy(with_csp(HTML, serving=True))
    assert "script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline';" in found and "sha256" not in found


def test_the_headers_file_gives_every_path_one_policy_the_worker_included():
    rules = parse_headers_file(headers_file({DIGEST}))
    assert [pattern for pattern, _ in rules] == ["/*"]
    for path in ["/", "/checker/", "/checker/worker.mjs", "/checker/pyodide/pyodide.asm.wasm"]:
        found = headers_for(rules, path)
        assert found["Content-Security-Policy"] == policy({DIGEST}, header=True)
        assert "frame-ancestors 'none'" in found["Content-Security-Policy"]
        assert found["X-Content-Type-Options"] == "nosniff"


def test_the_nginx_snippet_sends_the_same_policy_and_the_types():
    snippet = nginx_snippet({DIGEST})
    assert f'add_header Content-Security-Policy "{policy({DIGEST}, header=True)}" always;' in snippet
    assert "location ~ \\.wasm$ { default_type application/wasm; }" in snippet


def test_every_built_page_has_a_policy_and_the_header_file_allows_its_scripts(built_site):
    site = built_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    header = headers_for(parse_headers_file((site / "_headers").read_text()), "/")["Content-Security-Policy"]
    assert header in (site / "headers.nginx.conf").read_text()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if html.count("<head>") == 0:
            continue  # a redirect stub
        found = meta_policy(html)
        hashes = re.findall(r"'sha256-[^']+'", found)
        assert hashes, f"{page}: no inline script allowed (the theme has some)"
        # The header, one policy for every page, allows every page's inline scripts.
        assert all(h in header for h in hashes), page


def test_the_worker_imports_its_guard_before_anything_else():
    worker = (ROOT / "site_plugins/assets/worker.mjs").read_text()
    imports = re.findall(r'^import .*?"([^"]+)";', worker, re.MULTILINE)
    assert imports[0] == "./guard.mjs"
    assert imports[1:] == ["./fault.mjs", "./pyodide/pyodide.mjs"]  # the faults the page words; Pyodide
