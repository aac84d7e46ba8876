"""The checker's runtime as the site build assembles it: the trimmed standard library and the wheel the
browser installs (the pages' Content-Security-Policy: test_headers.py)."""

from __future__ import annotations

import base64
import hashlib
import io
import subprocess
import zipfile
from importlib.metadata import entry_points
from pathlib import Path

from conftest import ROOT

from site_plugins.runtime import CERTIFICATE_READER, browser_wheel, trimmed_stdlib


def test_the_standard_library_keeps_listed_modules_and_packages_less_dropped_parts(tmp_path):
    full = tmp_path / "python_stdlib.zip"
    with zipfile.ZipFile(full, "w") as archive:
        for name in [
            "json/__init__.py",
            "json/decoder.py",
            "json/tool.py",
            "csv.py",
            "smtplib.py",
            "concurrent/__init__.py",
            "concurrent/futures/__init__.py",
            "concurrent/futures/process.py",
            "concurrent/interpreters/__init__.py",
            "concurrent/interpreters/_queues.py",
            "encodings/__init__.py",
            "encodings/cp1252.py",
            "encodings/koi8_r.py",
        ]:
            archive.writestr(name, f"# {name}\n")
    keep = tmp_path / "keep.txt"
    keep.write_text(
        "# comment\njson\ncsv\nconcurrent\nencodings/__init__\nencodings/cp1252\n"
        "-json/tool\n-concurrent/futures/process\n-concurrent/interpreters\n"
    )
    with zipfile.ZipFile(io.BytesIO(trimmed_stdlib(full, keep))) as trimmed:
        assert sorted(trimmed.namelist()) == [
            "concurrent/__init__.py",
            "concurrent/futures/__init__.py",
            "csv.py",
            "encodings/__init__.py",
            "encodings/cp1252.py",
            "json/__init__.py",
            "json/decoder.py",
        ]


def _record_of(archive: zipfile.ZipFile) -> dict[str, str]:
    record = next(n for n in archive.namelist() if n.endswith(".dist-info/RECORD"))
    rows = [line.split(",") for line in archive.read(record).decode().splitlines()]
    return {name: digest for name, digest, _ in rows}


def _digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def test_the_browser_wheel_keeps_the_package_and_a_true_record_and_drops_the_plugin():
    meta = "recert_core-0.1.0.dist-info/"
    full = io.BytesIO()
    with zipfile.ZipFile(full, "w") as wheel:
        wheel.writestr("recert_core/__init__.py", "x = 1\n")
        wheel.writestr("recert_core/rules/dates.toml", "[a]\n")
        wheel.writestr("site_plugins/plugin.py", "class RecertPlugin: ...\n")
        wheel.writestr(meta + "METADATA", "Metadata-Version: 2.4\nName: recert-core\n\n# README\nlong text\n")
        wheel.writestr(
            meta + "entry_points.txt",
            "[console_scripts]\nrecert = recert_core.cli:main\n\n"
            "[mkdocs.plugins]\nrecert = site_plugins.plugin:RecertPlugin\n",
        )
        wheel.writestr(meta + "RECORD", "stale,,\n")
    with zipfile.ZipFile(io.BytesIO(browser_wheel(full.getvalue()))) as stripped:
        names = stripped.namelist()
        assert names == [
            "recert_core/__init__.py",
            "recert_core/rules/dates.toml",
            meta + "METADATA",
            meta + "entry_points.txt",
            meta + "RECORD",
        ]
        assert stripped.read(meta + "METADATA") == b"Metadata-Version: 2.4\nName: recert-core\n"
        assert stripped.read(meta + "entry_points.txt") == b"[console_scripts]\nrecert = recert_core.cli:main\n"
        assert _record_of(stripped) == {**{n: _digest(stripped.read(n)) for n in names[:-1]}, meta + "RECORD": ""}


def test_the_sites_wheel_is_recert_core_as_in_the_repository_and_nothing_else(built_site: Path):
    (wheel,) = (built_site / "checker" / "wheels").rglob("*.whl")
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "recert_core"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # The certificate reader is left out: it comes with the PDF reader, fetched when a PDF is given
    # (tests/test_certificates_pyodide.py checks that bundle).
    tracked = [n for n in tracked if not n.startswith(CERTIFICATE_READER)]
    with zipfile.ZipFile(wheel) as archive:
        package = sorted(n for n in archive.namelist() if not n.startswith("recert_core-"))
        assert package == sorted(tracked)
        assert all(archive.read(name) == (ROOT / name).read_bytes() for name in package)
        tops = {n.split("/")[0] for n in archive.namelist()} - {"recert_core"}
        assert len(tops) == 1 and tops.pop().endswith(".dist-info")
        record = _record_of(archive)
        assert set(record) == set(archive.namelist())
        assert all(record[n] == _digest(archive.read(n)) for n in archive.namelist() if not n.endswith("RECORD"))


def test_the_installed_project_still_gives_mkdocs_its_plugin():
    (plugin,) = entry_points(group="mkdocs.plugins", name="recert")
    assert plugin.value == "site_plugins.plugin:RecertPlugin"
    assert plugin.load().__name__ == "RecertPlugin"
