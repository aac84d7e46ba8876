"""A regional office's fork passes the project's own tests: a copy of the repository with another home
region and another site name runs the site tests, which take what they expect from that copy's
mkdocs.yml and rules data."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import HOME_OFFICE, RULES, copy_project, edit_mkdocs_yml, mkdocs_config, plugin_options


def test_a_fork_with_another_region_and_site_name_passes_the_site_tests(tmp_path):
    fork = copy_project(tmp_path / "fork")
    other = next(number for number in RULES.regions if number != HOME_OFFICE.number)
    edit_mkdocs_yml(fork / "mkdocs.yml", region=other, site_name=f"Region {other} EMS recertification")
    assert plugin_options(mkdocs_config(fork / "mkdocs.yml"))["region"] == other
    # The fork's own code and tests, as its owners run them: its folder first on the path.
    env = {**os.environ, "PYTHONPATH": str(fork), "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--basetemp={tmp_path / 'pytest'}",
            "tests/test_site.py",
        ],
        cwd=fork,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " failed" not in done.stdout and " skipped" not in done.stdout
