"""The `recert` command: output formats, exit codes, and no traceback for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, TODAY, transcript

from recert_core import check
from recert_core.cli import TEMPLATE, main
from recert_core.rules import default_rules


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "recert_core", *args], capture_output=True, text=True, timeout=60)


def test_check_json_is_the_report_and_exit_0_when_met():
    path = FIXTURES / "excel_semicolon_bom_crlf.csv"
    result = run("check", str(path), "--level", "emt", "--cycle", "2018", "--format", "json", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert result.stdout == check(path.read_bytes(), "emt", 2018, today=date.fromisoformat(TODAY)).to_json()
    assert {"level", "cycle", "window", "met", "provisional", "components", "rows"} <= set(document)
    assert set(document["components"]["national"]) >= {"required", "counted", "short", "distributive"}
    assert set(document["rows"][0]) >= {"line", "status", "hours", "counted", "allocated", "reasons"}
    assert document["rows"][0]["line"] == 2


def test_exit_1_when_not_met_and_the_text_says_what_is_short():
    last_day = default_rules().cycle(2018).window[1].isoformat()  # the window still open: "yet"
    result = run("check", str(FIXTURES / "every_problem.csv"), "--level", "emt", "--cycle", "2018", "--today", last_day)
    assert result.returncode == 1
    assert result.stdout.startswith("Not met yet (EMT, cards expiring in 2018): short National 14 h")
    assert "Line 15 [rejected]" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "nope.csv", "--level", "emt", "--cycle", "2018"], "nope.csv: no such file"),
        (["check", str(FIXTURES / "empty.csv"), "--level", "emt", "--cycle", "2018"], "The file is empty."),
        (["check", str(FIXTURES / "saved_as_xlsx.xlsx"), "--level", "emt", "--cycle", "2018"], "parts missing"),
        (["check", str(FIXTURES / "missing_columns.csv"), "--level", "emt", "--cycle", "2018"], "Missing column"),
        (["check", str(FIXTURES), "--level", "emt", "--cycle", "2018"], "cannot read"),
        (["check", str(FIXTURES / "empty.csv"), "--level", "emr", "--cycle", "2018"], "Unknown level 'emr'"),
        (["check", str(FIXTURES / "empty.csv"), "--level", "emt", "--cycle", "2031"], "No rules for cycle '2031'"),
        (["check", str(FIXTURES / "empty.csv"), "--level", "emt", "--cycle", "soon"], "No rules for cycle 'soon'"),
        (["rules", "--level", "emt", "--cycle", "1999"], "No rules for cycle '1999'"),
        (["check", "--level", "emt"], "required"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_unusable_input_exits_2_with_one_line(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_several_files_one_bad(capsys, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(transcript("2017-01-01,A,20,T2-1,national,", "2017-01-01,B,20,T2-2,,"))
    code = main(
        ["check", str(good), str(FIXTURES / "empty.csv"), "--level", "emt", "--cycle", "2018", "--format", "json"]
    )
    out, err = capsys.readouterr()
    assert code == 2
    assert [d["path"] for d in json.loads(out)] == [str(good)]
    assert "empty.csv: The file is empty." in err


def test_rules_prints_requirements_and_dates():
    result = run("rules", "--level", "aemt", "--cycle", "2018")
    assert result.returncode == 0
    for text in (
        "National (NCCR)",
        "25 h",
        "12.5 h",
        "8 h",
        "April 1, 2016",
        "March 31, 2018",
        "April 30, 2018",
        "$125",
        "$50",
    ):
        assert text in result.stdout


def test_template_is_a_transcript_the_checker_accepts(tmp_path):
    result = run("template")
    assert result.returncode == 0 and result.stdout == TEMPLATE
    report = check(result.stdout.encode(), "emt", 2026)
    assert report.count("rejected") == 0 and len(report.rows) == 4


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "recert"
    result = subprocess.run([str(script), "template"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("Date,Title,Hours")


def test_version_names_the_package_and_the_rules_data():
    from importlib.metadata import version

    import recert_core

    rules = default_rules()
    result = run("--version")
    assert result.returncode == 0 and result.stderr == ""
    line = result.stdout
    assert line.count("\n") == 1 and line.startswith(f"recert {recert_core.__version__};")
    assert version("recert-core") == recert_core.__version__  # the installed metadata and the constant agree
    for value in (rules.version, rules.as_of.isoformat(), f"{rules.first_cycle}-{rules.last_cycle}"):
        assert value in line
    assert str(rules.newest_sourced) in line.split("sourced through")[1]


def test_version_with_a_broken_rules_file_still_names_the_package(monkeypatch, capsys):
    from recert_core import cli
    from recert_core.problems import DataError

    def broken():
        raise DataError("terms.toml: data.version: missing")

    monkeypatch.setattr(cli, "default_rules", broken)
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith(f"recert {cli.__version__}; terms.toml: data.version")
