"""Shared test helpers: fixtures, the project's own mkdocs.yml read as MkDocs reads it, one site build
per session, and the markers that let `make test-fast` leave out the slow tests.

Nothing here names Region 3 or a year: a regional office's fork (another `region:` or `site_name`
in mkdocs.yml, more dated entries in the rules) passes these tests unchanged.
"""

from __future__ import annotations

import functools
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings
from mkdocs.utils.yaml import yaml_load

from recert_core.rules import load_rules
from site_plugins.config import RecertConfig

# Property tests assert what is read, never how fast: no per-example deadline (Hypothesis's default, 200 ms,
# fails a slow example on a machine busy with the browsers, as CI's is). Speed is `make bench`'s.
settings.register_profile("recert", deadline=None)
settings.load_profile("recert")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
HEADER = "date,title,hours,approval,component,delivery"
PLUGIN = "recert"
# The date the shared site build takes as "today": the pages that depend on it are checked against it.
TODAY = "2026-11-21"
RULES = load_rules()
# Every cycle the rules data describes, first to last: tests take the years from here, not from literals.
YEARS = tuple(RULES.years)


@pytest.fixture(autouse=True)
def _collection_resumed() -> Iterator[None]:
    """What the checker's worker does after each answer (recert_core.browser.idle): a check in the
    browser leaves Python's cyclic garbage collection paused, for the worker to resume."""
    yield
    if not gc.isenabled():
        gc.enable()


def transcript(*rows: str, header: str = HEADER) -> bytes:
    """A transcript file from comma-separated row strings."""
    return ("\n".join((header, *rows)) + "\n").encode("utf-8")


@pytest.fixture
def fixture_bytes():
    return lambda name: (FIXTURES / name).read_bytes()


# --- mkdocs.yml -----------------------------------------------------------------------------------


def mkdocs_config(path: Path = ROOT / "mkdocs.yml") -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (its own YAML loader: `!ENV`, `!!python/name:` tags and INHERIT)."""
    with path.open("rb") as file:
        return yaml_load(file)


def _plugin_entries(config: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The `plugins:` setting as (name, options) pairs; MkDocs accepts a list or a mapping."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        return [(name, dict(options or {})) for name, options in plugins.items()]
    entries = []
    for item in plugins:
        if isinstance(item, str):
            entries.append((item, {}))
        else:
            ((name, options),) = item.items()
            entries.append((name, dict(options or {})))
    return entries


def plugin_options(config: dict[str, Any] | None = None) -> dict[str, Any]:
    """The `recert` plugin's options as this copy of the site sets them, defaults filled in."""
    config = mkdocs_config() if config is None else config
    options = dict(next((o for name, o in _plugin_entries(config) if name == PLUGIN), {}))
    for name, option in RecertConfig._schema:
        options.setdefault(name, option.default)
    return options


HOME_REGION: int = plugin_options()["region"]
HOME_OFFICE = RULES.regions[HOME_REGION]
SITE_NAME: str = mkdocs_config()["site_name"]


def build_site(
    tmp: Path, options: str = "", env: dict[str, str] | None = None, **settings: Any
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project's mkdocs.yml into tmp/site.

    `options` are extra `recert` plugin options as YAML ("region: 1"), replacing the project's;
    `env` environment variables for the build (SITE_URL, REPO_URL: mkdocs.yml reads them);
    `settings` are top-level settings (site_name=...). The project's file is inherited as it is
    (MkDocs' INHERIT), with only the plugin list and the folders written anew, so nothing in it needs
    to look a particular way.
    """
    config = mkdocs_config()
    extra = (yaml.safe_load(options) or {}) if options else {}
    plugins: list[Any] = []
    for name, given in _plugin_entries(config):
        if name == PLUGIN:
            given = {**given, "pyodide": str(ROOT / "node_modules" / "pyodide"), **extra}
        plugins.append({name: given} if given else name)
    child = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": str(ROOT / config.get("docs_dir", "docs")),
        "site_dir": str(tmp / "site"),
        "plugins": plugins,
        **settings,
    }
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(child, sort_keys=False))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        timeout=300,
    )


def copy_project(dest: Path) -> Path:
    """A copy of the project as a fork starts: its files (tracked, and new ones not ignored) in a fresh git
    repository, with the installed npm runtime linked in (node_modules is not part of the project)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    (dest / "node_modules").symlink_to((ROOT / "node_modules").resolve())
    git = ["git", "-c", "user.name=fork", "-c", "user.email=fork@example.org"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "fork"]):
        subprocess.run([*git, *command], cwd=dest, check=True, capture_output=True)
    return dest


def edit_mkdocs_yml(path: Path, *, region: int | None = None, site_name: str | None = None) -> None:
    """Change mkdocs.yml as a regional office does by hand: the `region:` line of the `recert` plugin and
    the `site_name:` line. The result is read back as MkDocs reads it to be sure the change took."""
    text = path.read_text()
    if site_name is not None:
        text, count = re.subn(r"^site_name:.*$", lambda _: f"site_name: {json.dumps(site_name)}", text, flags=re.M)
        assert count == 1, "mkdocs.yml has no single top-level site_name line"
    if region is not None:
        entry = re.search(rf"^(\s*)- {PLUGIN}:\s*$", text, flags=re.M)
        assert entry, f"mkdocs.yml has no '- {PLUGIN}:' plugin entry with options"
        text = text[: entry.end()] + re.sub(
            r"^(\s+region:\s*)\S+", rf"\g<1>{region}", text[entry.end() :], count=1, flags=re.M
        )
    path.write_text(text)
    config = mkdocs_config(path)
    assert region is None or plugin_options(config)["region"] == region, "the region line was not changed"
    assert site_name is None or config["site_name"] == site_name


# Where the session's site is published, as the Pages workflow gives it (mkdocs.yml's site_url, repo_url).
PUBLISHED = {"SITE_URL": "https://recert.example.org/", "REPO_URL": "https://github.com/example-ems/recert"}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session from the project's mkdocs.yml with `today` set to TODAY
    and the addresses it is published at (PUBLISHED); its folder (index.html, checker/, ...). Tests read
    it and never change it."""
    tmp = tmp_path_factory.mktemp("built-site")
    done = build_site(tmp, f"today: '{TODAY}'", env=PUBLISHED)
    assert done.returncode == 0, done.stderr
    return tmp / "site"


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """The session's built site served on an ephemeral loopback port; its address (http://127.0.0.1:PORT)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed while loading is no error
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# --- the browser engines ---------------------------------------------------------------------------
# tests/browsers.py drives them; these fixtures serve every browser test module.

ENGINES = ("chromium", "firefox", "webkit")


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served as a host serves it: its headers, its precompressed copies (SiteServer)."""
    from browsers import SiteServer

    server = SiteServer(built_site)
    yield server.url
    server.close()


@pytest.fixture(scope="module")
def engines():
    """The engines, started for one test module and stopped after it: Playwright's sync API allows one
    running instance in a process, so each module starts and stops its own."""
    from browsers import Engines

    started = Engines()
    yield started
    started.close()


@pytest.fixture(params=ENGINES)
def engine(request, engines) -> str:
    if missing := engines.missing(request.param):
        pytest.fail(missing)
    return request.param


# --- markers --------------------------------------------------------------------------------------
# Registered in pyproject.toml. Given here by file and by fixture, so test files need not carry them.

MARKERS_BY_FILE = {
    "test_browser.py": ("browser", "site"),
    "test_pyodide_node.py": ("node", "site"),
    "test_pyodide_reading.py": ("node",),
    "test_page_import.py": ("browser", "site"),
    "test_site.py": ("site",),
    "test_fork.py": ("site",),
    "test_now.py": ("browser", "site"),
    "test_serve.py": ("site",),  # runs `make serve` up to its port check
}
MARKERS_BY_FIXTURE = {
    "built_site": ("site",),
    "site": ("site",),
    "served_site": ("site",),
    "site_url": ("browser", "site"),
}


# WebKitGTK now and then dies under a long run (once in 2,295 tests of a CI run: "invalid session id"
# while the checker started). A test whose browser died has observed nothing, so it runs once more in a
# new browser (pytest-rerunfailures; the summary counts it as "rerun"). Only that error is run again: a
# test that fails in a living browser fails, and a browser that dies twice fails the test.
BROWSER_GONE = pytest.mark.flaky(reruns=1, only_rerun=["InvalidSessionIdException"])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(MARKERS_BY_FILE.get(item.path.name, ()))
        for fixture in getattr(item, "fixturenames", ()):
            names.update(MARKERS_BY_FIXTURE.get(fixture, ()))
        for name in sorted(names):
            item.add_marker(name)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("engine") == "webkit":
            item.add_marker(BROWSER_GONE)
