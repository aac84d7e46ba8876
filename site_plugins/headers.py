"""The Content-Security-Policy of every page, and the header files that give hosts the same policy.

Each page carries its policy in a <meta> tag (any static host), allowing the theme's own inline
scripts by their hashes. A <meta> policy does not reach the Web Workers a page starts, nor can it
say `frame-ancestors`; so the build also writes the policy as a response header for hosts that
read header files: `_headers` (Netlify, Cloudflare Pages) and `headers.nginx.conf` (an nginx
snippet). The header is one policy for every path, the checker's worker included: hosts merge the
headers of overlapping rules, and two CSP headers would both be enforced.

Under `mkdocs serve` the inline live-reload script MkDocs adds to each response (a different one
per request) cannot be hashed: there, and only there, inline scripts are allowed.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)


def inline_script_hashes(html: str) -> set[str]:
    """The CSP source expressions of the page's inline scripts (JSON data blocks are not scripts)."""
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(m["body"].encode()).digest()).decode() + "'"
        for m in INLINE_SCRIPT.finditer(html)
        if "application/json" not in m["attrs"]
    }


def policy(script_sources: Iterable[str], *, serving: bool = False, header: bool = False) -> str:
    """Scripts and connections from the site itself only; WebAssembly may compile (the checker's
    Python); images from the site or data: URLs; nothing may frame the site (header only)."""
    scripts = ["'self'", "'wasm-unsafe-eval'", *(["'unsafe-inline'"] if serving else sorted(script_sources))]
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(scripts),
        "worker-src 'self'",
        "manifest-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "style-src 'self' 'unsafe-inline'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ]
    if header:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def with_csp(html: str, *, serving: bool = False) -> str:
    """The page with its Content-Security-Policy <meta> tag first in its head."""
    content = policy(inline_script_hashes(html), serving=serving)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    return html.replace("<head>", "<head>\n    " + meta, 1)


OTHER_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
# Types a host may not know: the runtime's WebAssembly must be application/wasm to compile as it
# streams; module scripts must be JavaScript.
TYPES = {
    "wasm": "application/wasm",
    "mjs": "text/javascript",
    "webmanifest": "application/manifest+json",
    "whl": "application/zip",
}
SUFFIX_TYPES = {f".{suffix}": kind for suffix, kind in TYPES.items()}  # as http.server's extensions_map has them


def headers_file(script_sources: Iterable[str]) -> str:
    """`_headers` for Netlify and Cloudflare Pages: one rule for every path."""
    lines = [
        "# Response headers for every file of the site (Netlify, Cloudflare Pages). Written by the build.",
        "/*",
        f"  Content-Security-Policy: {policy(script_sources, header=True)}",
    ]
    lines += [f"  {name}: {value}" for name, value in OTHER_HEADERS.items()]
    return "\n".join(lines) + "\n"


def nginx_snippet(script_sources: Iterable[str]) -> str:
    """Lines for the nginx `server { }` block that serves the site."""
    lines = [
        "# Include in the nginx server { } block that serves the site. Written by the build.",
        "# A location with add_header lines of its own drops these: repeat them there.",
        f'add_header Content-Security-Policy "{policy(script_sources, header=True)}" always;',
    ]
    lines += [f'add_header {name} "{value}" always;' for name, value in OTHER_HEADERS.items()]
    lines += [
        "# The build writes a brotli (x.br) and a gzip (x.gz) copy beside each file that compresses:",
        "# send them as they are, with the original's type, to browsers that accept them.",
        "gzip_static on;",
        "gzip_vary on;",
        "# With the ngx_brotli module loaded (load_module ...ngx_http_brotli_static_module.so), also:",
        "# brotli_static on;",
        "# Older mime.types files lack these (default_type applies only to unknown extensions):",
    ]
    lines += [f"location ~ \\.{ext}$ {{ default_type {kind}; }}" for ext, kind in TYPES.items()]
    return "\n".join(lines) + "\n"
