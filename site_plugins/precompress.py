"""Precompressed copies of the built site's files: `x.br` (brotli) and `x.gz` (gzip) beside `x`.

Hosts that serve such copies (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`) send
them to browsers that accept the encoding, with the original's Content-Type, so a reader gets
brotli at its highest level, which is too slow for a server to do on the fly: the checker's
runtime is about a quarter smaller than with gzip, the difference that matters on a phone's slow
network. Hosts that do not look for them ignore them.

gzip comes from the standard library; brotli from Node.js's zlib (node/brotli.mjs), which the
build needs anyway. Brotli at level 11 is slow (about 20 s for the 9.6 MB WebAssembly file), so
large files' results (brotli and gzip) are kept in a cache folder by content, like the compiled
bytecode. A copy is kept only where it pays: at most 90 % of the original's size.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from .runtime import RuntimeMissing

BROTLI = Path(__file__).parent / "node" / "brotli.mjs"
# The files worth compressing: text, and the runtime's WebAssembly and zips (stored, see runtime.py).
COMPRESSIBLE = frozenset(
    {".html", ".css", ".js", ".mjs", ".json", ".map", ".svg", ".txt", ".xml", ".csv", ".wasm", ".zip", ".whl"}
    | {".webmanifest", ".ico"}
)
PAYS = 0.9  # a copy is kept when it is at most this share of the original
CACHED_FROM = 256 * 1024  # brotli results of files this large are kept in the cache folder


def compressible(site: Path) -> list[Path]:
    """The files of the site to precompress, in a stable order."""
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in COMPRESSIBLE)


def precompress(site: Path, cache: Path) -> dict[str, list[str]]:
    """Write `.br` and `.gz` beside each compressible file of `site` where they pay; what was written."""
    files = compressible(site)
    compressed = brotli(files, cache)
    written: dict[str, list[str]] = {"br": [], "gz": []}
    for path in files:
        data = path.read_bytes()
        for encoding, copy in (("br", compressed[path]), ("gz", _gzip(data, cache))):
            if pays(copy, path):
                path.with_name(path.name + "." + encoding).write_bytes(copy)
                written[encoding].append(path.relative_to(site).as_posix())
    return written


def pays(copy: bytes, original: Path) -> bool:
    """Whether a compressed copy is worth keeping beside its original (at most PAYS of its size)."""
    return len(copy) <= PAYS * original.stat().st_size


def _gzip(data: bytes, cache: Path) -> bytes:
    """gzip at level 9 (no timestamp, so a build gives the same bytes); large files' from the cache."""
    if len(data) < CACHED_FROM:
        return gzip.compress(data, 9, mtime=0)
    key = cache / (hashlib.sha256(data).hexdigest()[:24] + ".gz")
    if not key.is_file():
        _keep(key, gzip.compress(data, 9, mtime=0))
    return key.read_bytes()


def _keep(key: Path, data: bytes) -> None:
    key.parent.mkdir(parents=True, exist_ok=True)
    partial = key.with_suffix(".partial")
    partial.write_bytes(data)
    partial.replace(key)


def brotli(files: list[Path], cache: Path) -> dict[Path, bytes]:
    """Each file's brotli: large ones from the cache where it has them, the rest made in one Node run."""
    if not shutil.which("node"):
        raise RuntimeMissing("Node.js is needed to precompress the site: run `make install`")
    result: dict[Path, bytes] = {}
    keys: dict[Path, Path] = {}
    with tempfile.TemporaryDirectory() as work:
        jobs = []
        for i, path in enumerate(files):
            if path.stat().st_size >= CACHED_FROM:
                key = cache / (hashlib.sha256(BROTLI.read_bytes() + path.read_bytes()).hexdigest()[:24] + ".br")
                if key.is_file():
                    result[path] = key.read_bytes()
                    continue
                keys[path] = key
            jobs.append((path, Path(work) / f"{i}.br"))
        if jobs:
            done = subprocess.run(
                ["node", str(BROTLI)],
                input="".join(json.dumps({"from": str(p), "to": str(t)}) + "\n" for p, t in jobs),
                capture_output=True,
                text=True,
                check=False,
                timeout=900,
            )
            if done.returncode != 0:
                raise RuntimeMissing(f"brotli compression failed:\n{done.stderr[-2000:]}")
            for path, made in jobs:
                result[path] = made.read_bytes()
    for path, key in keys.items():
        _keep(key, result[path])
    return result


# Content-Encoding by the suffix of a precompressed copy, in the order a host prefers them.
ENCODINGS = {".br": "br", ".gz": "gzip"}


def accepted(accept_encoding: str) -> set[str]:
    """The content codings an Accept-Encoding header accepts (those not given q=0)."""
    codings = set()
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        quality = params.strip().removeprefix("q=").strip() if params.strip().startswith("q=") else "1"
        try:
            if float(quality) > 0:
                codings.add(name.strip().lower())
        except ValueError:
            continue
    return codings


def served_copy(path: Path, accept_encoding: str) -> tuple[Path, str | None]:
    """What a host with precompressed files sends for `path`: the `.br` copy if the browser accepts br,
    else the `.gz` if it accepts gzip, else the file itself; and the Content-Encoding to send (its
    Content-Type stays the original's). As nginx `brotli_static`/`gzip_static` and Caddy do."""
    codings = accepted(accept_encoding)
    for suffix, coding in ENCODINGS.items():
        copy = path.with_name(path.name + suffix)
        if coding in codings and copy.is_file():
            return copy, coding
    return path, None
