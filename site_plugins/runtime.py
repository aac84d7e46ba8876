"""The checker's runtime files for the built site: Pyodide (from the npm package) and our wheel.

Only what the checker page loads is shipped: the standard library trimmed to what the checker
imports, and both it and recert_core as bytecode, so that the browser never compiles Python
source. The wheel is built with the standard PEP 517 build (`python -m build --wheel`), offline,
cut down to recert_core (`browser_wheel`: the MkDocs plugin stays out), and placed with its
bytecode under a folder named by its content hash, so a browser never keeps a stale copy.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import urlencode

COMPILER = Path(__file__).parent / "node" / "compile_python.mjs"
# What pyodide.mjs fetches to start Python; the rest of the npm package is not shipped.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# The bytecode the browser imports is compiled as `python -OO` compiles: without docstrings (a sixth of
# the standard library's bytes) and asserts. Nothing the checker runs reads a docstring (recert_core
# never reads `__doc__`; dataclasses writes one of its own where a class has none), and recert_core's
# few asserts only narrow types for mypy. tests/test_pyodide_node.py compares the results with CPython's.
OPTIMIZE = 2


class RuntimeMissing(Exception):
    """The runtime cannot be assembled; the message says how to fix it."""


def pyodide_files(folder: Path) -> dict[str, Path]:
    """The runtime files by name, from an installed npm `pyodide` package."""
    missing = [name for name in PYODIDE_FILES if not (folder / name).is_file()]
    if missing:
        raise RuntimeMissing(
            f"the Pyodide runtime is not installed ({folder / missing[0]} is missing): run `make install`, "
            "which runs `npm ci`"
        )
    return {name: folder / name for name in PYODIDE_FILES}


# The files a first start downloads and the page counts as they come (worker.mjs's { received }): the
# page shows that download as bytes of their total.
COUNTED = ("pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.zip", "pyodide-lock.json")


def start_download(runtime_files: dict[str, Path], generated: dict[str, bytes], *packages: bytes) -> int:
    """The bytes of the files a first start downloads, as built (a host that compresses sends fewer):
    the runtime's (`generated`: those the build writes anew) and our package's (wheel, bytecode)."""
    sizes = [len(generated[name]) if name in generated else runtime_files[name].stat().st_size for name in COUNTED]
    return sum(sizes) + sum(len(package) for package in packages)


def pyodide_version(folder: Path) -> str:
    return json.loads((folder / "package.json").read_text())["version"]


def build_wheel(project: Path) -> tuple[str, bytes]:
    """Build the project's pure-Python wheel; its file name and bytes (all of it: see browser_wheel)."""
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, str(project)],
            capture_output=True,
            text=True,
            check=False,
        )
        wheels = list(Path(out).glob("*-py3-none-any.whl"))
        if done.returncode != 0 or len(wheels) != 1:
            raise RuntimeMissing(f"building the recert_core wheel failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        return wheels[0].name, wheels[0].read_bytes()


def browser_wheel(wheel: bytes, package: str = "recert_core", exclude: tuple[str, ...] = ()) -> bytes:
    """The project's wheel as the browser needs it: `package` and its metadata only.

    The project's one wheel also carries the MkDocs plugin (site_plugins) and its entry point, and the
    README as the long description: about a third of its bytes, none of it run in the browser. They
    are left out here, and RECORD is written anew, so the result is still a valid wheel. It is stored
    uncompressed, like the bytecode zips: the host's transport compression does better across files.
    Paths starting with one of `exclude` are left out too (the certificate reader, shipped on demand).
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(wheel)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as stripped,
    ):
        record = next(name for name in source.namelist() if name.endswith(".dist-info/RECORD"))
        meta = record.removesuffix("RECORD")
        lines = []
        for info in source.infolist():
            name = info.filename
            if name == record or not (name.startswith(f"{package}/") or name.startswith(meta)):
                continue
            if name.startswith(exclude):
                continue
            data = source.read(name)
            if name == f"{meta}METADATA":
                data = data.split(b"\n\n", 1)[0] + b"\n"  # the headers, without the README after them
            elif name == f"{meta}entry_points.txt":
                data = _without_section(data.decode(), "mkdocs.plugins").encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            lines.append(f"{name},sha256={digest},{len(data)}")
            stripped.writestr(zipfile.ZipInfo(name, date_time=info.date_time), data)
        lines.append(f"{record},,")
        stripped.writestr(
            zipfile.ZipInfo(record, date_time=source.getinfo(record).date_time),
            "\n".join(lines) + "\n",
        )
    return out.getvalue()


def _without_section(ini: str, section: str) -> str:
    """An entry_points.txt without one of its [sections]."""
    kept, skipping = [], False
    for line in ini.splitlines(keepends=True):
        if line.startswith("["):
            skipping = line.strip() == f"[{section}]"
        if not skipping:
            kept.append(line)
    return "".join(kept).rstrip("\n") + "\n"


def worker_url(**files: str) -> str:
    """The checker worker's address relative to the checker page, naming the files it loads."""
    return "worker.mjs?" + urlencode({name: uri.removeprefix("checker/") for name, uri in files.items()})


# A static import of a module beside the importing one: `import { a } from "./x.mjs"`, `import "./x.mjs"`.
SIBLING_IMPORT = re.compile(r"^import\s+(?:[^\"';]*?\sfrom\s*)?\"\./([\w.-]+\.mjs)\"", re.MULTILINE)


def page_modules(entry: Path) -> list[str]:
    """The modules `entry` imports, directly or through another, by file name in the order first met.
    The checker page preloads them all at once, rather than finding each level of imports only once
    the level above has arrived (a round trip each on a phone's network)."""
    found: list[str] = []
    waiting = [entry.name]
    while waiting:
        source = (entry.parent / waiting.pop(0)).read_text()
        for name in SIBLING_IMPORT.findall(source):
            if name != entry.name and name not in found:
                found.append(name)
                waiting.append(name)
    return found


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def trimmed_stdlib(full_zip: Path, keep_list: Path) -> bytes:
    """Pyodide's python_stdlib.zip with only the modules the checker loads (see stdlib-keep.txt)."""
    lines = [line.strip() for line in keep_list.read_text().splitlines() if line.strip() and not line.startswith("#")]
    keep = [line for line in lines if not line.startswith("-")]
    packages = {k for k in keep if "/" not in k}
    files = {k for k in keep if "/" in k}
    dropped = tuple(line[1:] for line in lines if line.startswith("-"))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(full_zip) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as trimmed,
    ):
        for info in source.infolist():
            name = info.filename
            stem = name.removesuffix(".pyc").removesuffix(".py")
            if any(stem == d or stem.startswith(d + "/") for d in dropped):
                continue
            if name.split("/")[0].removesuffix(".pyc").removesuffix(".py") in packages or stem in files:
                trimmed.writestr(info, source.read(name), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def trimmed_lockfile(full_lock: Path) -> bytes:
    """pyodide-lock.json without its package list: the checker loads no package from it, only our wheel."""
    lock = json.loads(full_lock.read_text())
    lock["packages"] = {}
    return json.dumps(lock, separators=(",", ":")).encode()


def compiled_python(pyodide: Path, sources: bytes, mode: str) -> bytes:
    """The zip `sources` with its Python files compiled to bytecode by the Pyodide in `pyodide`.

    Python in the browser then imports bytecode rather than compiling source at every start, which
    halves the checker's cold start (bytecode is bigger than source, but compiling the source in the
    browser costs more time than the extra bytes do, on a phone too). See node/compile_python.mjs
    for the two modes. The zip is stored uncompressed, for the transport to compress. Compiling needs
    Node.js and takes a few seconds, so results are kept in node_modules/.cache, by content.
    """
    settings = f"{mode}-O{OPTIMIZE}"
    key = content_hash(
        b"\0".join([pyodide_version(pyodide).encode(), COMPILER.read_bytes(), settings.encode(), sources])
    )
    cached = pyodide.parent / ".cache" / "recert-python" / f"{settings}-{key}.zip"
    if cached.is_file():
        return cached.read_bytes()
    if not shutil.which("node"):
        raise RuntimeMissing("Node.js is needed to compile the checker's Python: run `make install`")
    with tempfile.TemporaryDirectory() as work:
        given, made = Path(work) / "sources.zip", Path(work) / "bytecode.zip"
        given.write_bytes(sources)
        done = subprocess.run(
            ["node", str(COMPILER), str(pyodide), mode, str(OPTIMIZE), str(given), str(made)],
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        if done.returncode != 0 or not made.is_file():
            raise RuntimeMissing(f"compiling Python for the browser failed:\n{done.stderr[-2000:]}")
        bytecode = made.read_bytes()
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".partial")
    partial.write_bytes(bytecode)
    partial.replace(cached)
    return bytecode


def package_sources(wheel: bytes, package: str) -> bytes:
    """A zip of the Python files of `package` in the wheel: what the browser compiles and imports."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(wheel)) as source, zipfile.ZipFile(out, "w") as sources:
        for name in source.namelist():
            if name.startswith(f"{package}/") and name.endswith(".py"):
                sources.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), source.read(name))
    return out.getvalue()


# --- the PDF certificate reader, fetched by the checker only when a PDF is given ---------------------

PDF_LIBRARY = "pypdf"  # the one pure-Python PDF library recert_core may use (pyproject.toml's `pdf` extra)
CERTIFICATE_READER = "recert_core/certificates/"  # in the reader's bundle, not in the checker's wheel


def pinned_pdf_library(project: Path) -> str:
    """The PDF library's exact version, as pyproject.toml's `pdf` extra pins it."""
    import tomllib

    extras = tomllib.loads((project / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for requirement in extras.get("pdf", []):
        name, _, version = requirement.partition("==")
        if name.strip() == PDF_LIBRARY and version:
            return version.strip()
    raise RuntimeMissing(f"pyproject.toml's `pdf` extra pins no exact {PDF_LIBRARY} version")


def pdf_library_files(version: str) -> dict[str, bytes]:
    """The installed PDF library's Python files and licence, by path: the very files `make install`
    installed from the lock (with their hashes), so the browser runs what the tests ran."""
    from importlib import metadata

    try:
        distribution = metadata.distribution(PDF_LIBRARY)
    except metadata.PackageNotFoundError:
        raise RuntimeMissing(f"{PDF_LIBRARY} is not installed: run `make install`") from None
    if distribution.version != version:
        raise RuntimeMissing(
            f"{PDF_LIBRARY} {distribution.version} is installed but pyproject.toml pins {version}: run `make install`"
        )
    files: dict[str, bytes] = {}
    for path in distribution.files or []:
        name = str(path)
        if name.startswith(f"{PDF_LIBRARY}/") and name.endswith(".py"):
            files[name] = path.read_binary()
        elif name.endswith(("LICENSE", "LICENSE.txt")):
            files[f"{PDF_LIBRARY}-{version}.LICENSE.txt"] = path.read_binary()
    if not any(n.endswith("/__init__.py") for n in files):
        raise RuntimeMissing(f"{PDF_LIBRARY}'s files were not found in its installation")
    return files


def pdf_reader_sources(wheel: bytes, full_stdlib: Path, keep_list: Path, library: dict[str, bytes]) -> bytes:
    """The PDF reader's bundle, as sources: the PDF library, recert_core's certificate reader (from the
    project's wheel) and the standard-library modules it needs that the checker does not ship (keep_list,
    in stdlib-keep.txt's form). Compiled like the checker's Python (`compiled_python`, mode "stdlib")."""
    stdlib = trimmed_stdlib(full_stdlib, keep_list)
    out = io.BytesIO()
    stamp = (1980, 1, 1, 0, 0, 0)
    with (
        zipfile.ZipFile(io.BytesIO(wheel)) as project,
        zipfile.ZipFile(io.BytesIO(stdlib)) as extra,
        zipfile.ZipFile(out, "w") as bundle,
    ):
        parts = [(n, project.read(n)) for n in project.namelist() if n.startswith(CERTIFICATE_READER)]
        parts += [(n, extra.read(n)) for n in extra.namelist() if not n.endswith("/")]
        parts += sorted(library.items())
        for name, data in parts:
            bundle.writestr(zipfile.ZipInfo(name, date_time=stamp), data)
    return out.getvalue()
