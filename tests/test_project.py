"""The project's own housekeeping, checked like its code: installs are reproducible (every Python tool
locked with hashes, the build backend pinned), GitHub Actions are pinned by commit, and the files a
fork's maintainers need are there."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import ROOT, edit_mkdocs_yml, mkdocs_config, plugin_options

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
LOCK = (ROOT / "requirements-dev.lock").read_text()


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _locked() -> dict[str, tuple[str, list[str]]]:
    """The lock file's packages: name -> (version, hashes)."""
    entries = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", LOCK):
        if match := re.match(r"([A-Za-z0-9._-]+)==(\S+)", block):
            entries[match[1].lower().replace("_", "-")] = (match[2], re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return entries


def test_every_dev_tool_is_pinned_and_locked_at_that_version_with_hashes():
    dev = PYPROJECT["project"]["optional-dependencies"]["dev"]
    locked = _locked()
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+==[0-9][0-9A-Za-z.]*", r.split(";")[0].strip()) for r in dev), dev
    stale = [r for r in dev if locked.get(_name(r), ("",))[0] != r.split("==")[1]]
    assert not stale, "pyproject.toml's dev list changed: run `make lock`"
    assert len(locked) > len(dev)  # their dependencies are locked too
    assert all(hashes for _, hashes in locked.values())
    assert "pip" in locked  # the installer itself, too


def test_the_build_backend_is_pinned_and_is_the_locked_one():
    (backend,) = PYPROJECT["build-system"]["requires"]
    name, version = backend.split("==")
    assert _locked()[name][0] == version


def test_github_actions_are_pinned_by_commit_with_their_tag_beside():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    for path in workflows:
        text = path.read_text()
        uses = re.findall(r"uses:\s*(\S+)(.*)", text)
        assert uses, path
        for action, comment in uses:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{path.name}: {action}"
            assert re.fullmatch(r"\s*#\s*v\d+(\.\d+)*", comment), f"{path.name}: {action} has no tag comment"
        yaml.safe_load(text)


def test_the_site_is_rebuilt_on_a_schedule():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"] and all("cron" in entry for entry in triggers["schedule"])


def test_license_contributing_and_changelog_are_there():
    assert PYPROJECT["project"]["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    assert "make test" in contributing and "sources.toml" in contributing
    assert (ROOT / "CHANGELOG.md").read_text().startswith("# Changelog")


def test_the_tests_read_mkdocs_yml_as_mkdocs_does_tags_and_all(tmp_path):
    """A fork's mkdocs.yml may use MkDocs' YAML tags and write the plugin list its own way."""
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: 'Western Mass EMS recertification'\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n"
        "  - search\n"
        "  - recert:\n"
        "      pyodide: node_modules/pyodide\n"
        "      region: 3   # the home region\n"
    )
    config = mkdocs_config(path)
    assert plugin_options(config)["region"] == 3 and plugin_options(config)["today"] is None
    edit_mkdocs_yml(path, region=1, site_name="Region 1: EMS recertification")
    config = mkdocs_config(path)
    assert plugin_options(config)["region"] == 1 and plugin_options(config)["pyodide"] == "node_modules/pyodide"
    assert config["site_name"] == "Region 1: EMS recertification"
    assert callable(config["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"])
    # A plugin list given as a mapping, and a plugin left at its defaults, read the same.
    path.write_text("site_name: x\nplugins:\n  search: {}\n  recert:\n")
    assert plugin_options(mkdocs_config(path))["region"] == 3  # the plugin's default (site_plugins/config.py)
