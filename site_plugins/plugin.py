"""MkDocs plugin `recert`: writes the guidance pages from recert_core's rules data.

Thin on purpose: read the options, load the rules, hand the pages that `pages.py` renders
to MkDocs as generated files (so `mkdocs build` and `mkdocs serve` agree), and watch the
rules folder so that `mkdocs serve` reloads when the data changes.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from recert_core.rules import Rules, RulesError, load_rules

from .config import RecertConfig
from .pages import navigation, render_pages

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class RecertPlugin(BasePlugin[RecertConfig]):
    rules: Rules
    rules_folder: Path

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        if not 1 <= self.config.region <= 5:
            raise PluginError(f"recert: option 'region' must be a region number from 1 to 5, not {self.config.region}")
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
        self.rules_folder = Path(self.config.rules or Path(__file__).parent.parent / "recert_core" / "rules")
        if not config.nav:
            config.nav = navigation(self.rules)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        for src_uri, content in render_pages(self.rules, self.config.region, self.today).items():
            if files.get_file_from_path(src_uri):
                log.warning(f"recert: docs/{src_uri} is replaced by the generated page")
                files.remove(files.get_file_from_path(src_uri))
            files.append(File.generated(config, src_uri, content=content))
        return files

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.config.enabled:
            server.watch(str(self.rules_folder))
        return server
