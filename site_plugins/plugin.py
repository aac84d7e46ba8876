"""MkDocs plugin `recert`: writes the guidance pages and the checker from recert_core's rules data.

Thin on purpose: read the options, load the rules, hand the pages that `pages.py` renders, the
runtime files that `runtime.py` gathers and the scripts in assets/ to MkDocs as generated files
(so `mkdocs build` and `mkdocs serve` agree), put the Content-Security-Policy on the checker page,
and watch the rules and assets folders so that `mkdocs serve` reloads on a change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from recert_core.problems import catalogue, sentences
from recert_core.rules import Rules, RulesError, load_rules, shipped_folder
from recert_core.transcript.vocabulary import vocabulary

from . import firstvisit, headers, offline, precompress, runtime
from .config import RecertConfig
from .links import LinkPolicyExtension
from .pages import navigation, render_checker_files, render_pages

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
# Every data file under recert_core besides the rules (read above, with their own folder option), each with
# what reads it: a broken one fails the build with its name and key, never a traceback.
DATA_FILES: tuple[tuple[str, str, Callable[[], object]], ...] = (
    ("codes.toml", "the catalogue of result codes", catalogue),
    ("sentences.toml", "the catalogue of sentences", sentences),
    ("transcript/vocabulary.toml", "the reading vocabulary", vocabulary),
)
ASSETS = Path(__file__).parent / "assets"
STDLIB_KEEP = Path(__file__).parent / "stdlib-keep.txt"
OVERRIDES = Path(__file__).parent / "overrides"
STDLIB_PDF = Path(__file__).parent / "stdlib-pdf.txt"  # what the PDF reader needs beyond it
# Scripts of the pages in general (assets/), not of the checker (checker/): "now" from the reader's clock,
# and the service worker's registration and warm-up.
PAGE_SCRIPTS = ("now.mjs", "offline.mjs")
# Material's search dialog has no accessible name (axe: aria-dialog-name); give it one.
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


class RecertPlugin(BasePlugin[RecertConfig]):
    rules: Rules
    rules_folder: Path
    today: date  # "today" for the pages: the option, or the build's date
    project: Path  # the folder of mkdocs.yml

    serving = False
    script_sources: set[str]

    def on_startup(self, *, command: str, dirty: bool) -> None:  # noqa: ARG002
        self.serving = command == "serve"  # MkDocs' live-reload script then needs inline scripts

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        try:
            self.today = date.fromisoformat(self.config.today) if self.config.today else date.today()
        except ValueError:
            raise PluginError(
                f"recert: option 'today' must be a date such as 2026-11-21, not {self.config.today!r}"
            ) from None
        try:
            self.rules = load_rules(self.config.rules)
        except RulesError as error:
            raise PluginError(f"recert: the rules data is invalid: {error}") from None
        for name, what, load in DATA_FILES:  # the other data files: broken, they would ship a checker that cannot work
            try:
                load()
            except ValueError as error:  # a DataError, a TOML error, any value error from reading the file
                said = str(error)
                named = said if said.startswith(Path(name).name) else f"{name}: {said}"
                raise PluginError(f"recert: {what} is invalid: {named}") from None
        regions = sorted(self.rules.regions)  # the regions the data lists, not a range written here
        if self.config.region not in regions:
            raise PluginError(
                f"recert: option 'region' must be a region number from {regions[0]} to {regions[-1]}, "
                f"not {self.config.region}"
            )
        self.rules_folder = Path(self.config.rules) if self.config.rules else shipped_folder()
        self.project = Path(config.config_file_path).parent
        if not config.nav:
            config.nav = navigation(self.rules)
        config.markdown_extensions.append(LinkPolicyExtension())  # links from data: safe_href's only
        # The plugin's own theme templates (social-card meta tags, a repository link that asks no other
        # site), after a custom_dir the site sets and before the theme's.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        pyodide = self.project / self.config.pyodide
        try:
            runtime_files = runtime.pyodide_files(pyodide)
            wheel_name, full_wheel = runtime.build_wheel(Path(__file__).parent.parent)
            # recert_core only: the plugin stays out of the browser, and the certificate reader comes on demand
            wheel = runtime.browser_wheel(full_wheel, exclude=(runtime.CERTIFICATE_READER,))
            # Python in the browser imports bytecode, compiled here once, not source at every start.
            stdlib = runtime.compiled_python(
                pyodide, runtime.trimmed_stdlib(runtime_files["python_stdlib.zip"], STDLIB_KEEP), "stdlib"
            )
            bytecode = runtime.compiled_python(pyodide, runtime.package_sources(wheel, "recert_core"), "pycache")
            pdf_reader = runtime.compiled_python(
                pyodide,
                runtime.pdf_reader_sources(
                    full_wheel,
                    runtime_files["python_stdlib.zip"],
                    STDLIB_PDF,
                    runtime.pdf_library_files(runtime.pinned_pdf_library(Path(__file__).parent.parent)),
                ),
                "stdlib",
            )
        except runtime.RuntimeMissing as error:
            raise PluginError(f"recert: {error}") from None
        folder = f"checker/wheels/{runtime.content_hash(wheel)}"
        wheel_uri, bytecode_uri = f"{folder}/{wheel_name}", f"{folder}/recert_core-bytecode.zip"
        # The PDF reader: fetched by the worker when a PDF is given, never before (offline.ON_DEMAND).
        pdf_uri = f"{offline.ON_DEMAND}{runtime.content_hash(pdf_reader)}/pdf-reader.zip"
        version = runtime.pyodide_version(pyodide)
        runtime_id = runtime.content_hash(version.encode() + wheel + bytecode + stdlib)  # names the cached snapshot
        generated_runtime = {
            "python_stdlib.zip": stdlib,
            "pyodide-lock.json": runtime.trimmed_lockfile(runtime_files["pyodide-lock.json"]),
        }
        checker = {
            "pyodide": version,
            "download_bytes": str(runtime.start_download(runtime_files, generated_runtime, wheel, bytecode)),
            "worker": runtime.worker_url(wheel=wheel_uri, bytecode=bytecode_uri, runtime=runtime_id, pdf=pdf_uri),
            "modules": runtime.page_modules(ASSETS / "checker.mjs"),  # preloaded by the page
        }
        generated: dict[str, str | bytes] = {}
        generated |= render_pages(self.rules, self.config.region, self.today, checker, site_name=config.site_name)
        generated |= render_checker_files(self.rules, self.today)
        generated[wheel_uri] = wheel
        generated[bytecode_uri] = bytecode
        generated[pdf_uri] = pdf_reader
        generated[offline.MANIFEST] = offline.manifest(config.site_name, config.site_description or "")
        generated |= {path: offline.png(size) for size, path in offline.ICONS.items()}
        for src_uri, content in generated.items():
            if existing := files.get_file_from_path(src_uri):
                log.warning(f"recert: docs/{src_uri} is replaced by the generated page")
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))
        for name, path in runtime_files.items():
            if name in generated_runtime:
                files.append(File.generated(config, f"checker/pyodide/{name}", content=generated_runtime[name]))
            else:
                files.append(File.generated(config, f"checker/pyodide/{name}", abs_src_path=str(path)))
        for path in ASSETS.glob("*.mjs"):
            folder = "assets" if path.name in PAGE_SCRIPTS else "checker"
            files.append(File.generated(config, f"{folder}/{path.name}", abs_src_path=str(path)))
        return files

    # MkDocs passes its hooks' arguments by keyword, so each keeps its name, used or not (ARG002).
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:  # noqa: ARG002
        if not self.config.enabled:
            return output
        output = output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search">')
        output = output.replace("</head>", offline.head_links(page.url, serving=self.serving) + "  </head>", 1)
        self.script_sources |= headers.inline_script_hashes(output)
        return headers.with_csp(output, serving=self.serving)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:  # noqa: ARG002
        if not self.config.enabled or not template_name.endswith(".html"):
            return output_content
        self.script_sources |= headers.inline_script_hashes(output_content)
        return headers.with_csp(output_content, serving=self.serving)  # 404.html

    def on_pre_build(self, *, config: MkDocsConfig) -> None:  # noqa: ARG002
        self.script_sources = set()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        site = Path(config.site_dir)
        (site / "_headers").write_text(headers.headers_file(self.script_sources))
        (site / "headers.nginx.conf").write_text(headers.nginx_snippet(self.script_sources))
        # Where earlier builds had the checker's own service worker: one that removes itself.
        (site / offline.CHECKER / "sw.js").write_text(offline.RETIRING_CHECKER_WORKER)
        cache = (self.project / self.config.pyodide).parent / ".cache" / "recert-brotli"
        if self.serving:  # MkDocs' server sends no precompressed files; no service worker (see on_files)
            firstvisit.fill(site, None)
            (site / "sw.js").write_text(offline.RETIRING_WORKER)  # but one a build left
            return
        try:
            # The checker page's size sentence first: the service worker lists the page as it is then.
            size = firstvisit.fill(site, cache)
            policy = headers.policy(self.script_sources, header=True)
            (site / "sw.js").write_text(offline.service_worker(site, policy))
            written = precompress.precompress(site, cache)
        except runtime.RuntimeMissing as error:
            raise PluginError(f"recert: {error}") from None
        log.info(f"recert: precompressed {len(written['br'])} files (.br) and {len(written['gz'])} (.gz)")
        log.info(f"recert: the checker's first visit sends {size:,} bytes (brotli where it pays)")

    def on_serve(
        self,
        server: LiveReloadServer,
        *,
        config: MkDocsConfig,  # noqa: ARG002
        builder: Callable[..., Any],  # noqa: ARG002
    ) -> LiveReloadServer | None:
        if self.config.enabled:
            server.watch(str(self.rules_folder))
            server.watch(str(ASSETS))
        return server
