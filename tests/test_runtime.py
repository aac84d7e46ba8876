"""The checker's runtime as the site build assembles it: the trimmed standard library and the
Content-Security-Policy of the checker page."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile

from site_plugins.runtime import trimmed_stdlib, with_csp


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


def test_the_checker_page_allows_its_own_inline_scripts_by_hash_and_nothing_else():
    html = ('<html><head><title>t</title></head><body><script>start()</script>'
            '<script type="application/json">{"a": 1}</script><script src="x.js"></script></body></html>')
    page = with_csp(html)
    policy = page[page.index('content="') + 9:page.index('">')]
    # The one inline script, by its hash; the JSON block and the external file need none.
    digest = base64.b64encode(hashlib.sha256(b"start()").digest()).decode()
    assert f"script-src 'self' 'wasm-unsafe-eval' 'sha256-{digest}';" in policy and policy.count("'sha256-") == 1
    assert "connect-src 'self'" in policy and "default-src 'self'" in policy
    assert page.index("Content-Security-Policy") < page.index("<title>")
