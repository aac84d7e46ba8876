"""The checker's runtime as the site build assembles it: the trimmed standard library."""

from __future__ import annotations

import io
import zipfile

from site_plugins.runtime import trimmed_stdlib


def test_the_standard_library_keeps_listed_modules_and_packages_less_dropped_parts(tmp_path):
    full = tmp_path / "python_stdlib.zip"
    with zipfile.ZipFile(full, "w") as archive:
        for name in ["json/__init__.py", "json/decoder.py", "json/tool.py", "csv.py", "smtplib.py",
                     "concurrent/__init__.py", "concurrent/futures/__init__.py", "concurrent/futures/process.py",
                     "concurrent/interpreters/__init__.py", "concurrent/interpreters/_queues.py",
                     "encodings/__init__.py", "encodings/cp1252.py", "encodings/koi8_r.py"]:
            archive.writestr(name, f"# {name}\n")
    keep = tmp_path / "keep.txt"
    keep.write_text("# comment\njson\ncsv\nconcurrent\nencodings/__init__\nencodings/cp1252\n"
                    "-json/tool\n-concurrent/futures/process\n-concurrent/interpreters\n")
    with zipfile.ZipFile(io.BytesIO(trimmed_stdlib(full, keep))) as trimmed:
        assert sorted(trimmed.namelist()) == [
            "concurrent/__init__.py", "concurrent/futures/__init__.py", "csv.py",
            "encodings/__init__.py", "encodings/cp1252.py", "json/__init__.py", "json/decoder.py",
        ]
