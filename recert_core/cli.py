"""The `recert` command: check transcripts, print a cycle's rules, print a CSV template.

Exit codes: 0 requirements met, 1 not met, 2 unusable input or arguments
(one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import dataclasses
import errno
import itertools
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from typing import BinaryIO, NoReturn

from .alignment import NREMT_STATUSES
from .check import CheckError, resolve, steady_memory
from .guide import rules_text
from .plan import ROLES, PlanError, Situation, make_plan
from .roster import PersonResult, check_people, judge_person, summary_csv_header, summary_csv_line, summary_text
from .rules import Cycle, RulesError
from .template import TEMPLATE
from .transcript import FIELDS, ColumnChoice, Transcript, TranscriptError, order_of_locale, parse_mapping, read_people

USAGE_ERROR = 2
MAX_FILE_BYTES = 200 * 1024 * 1024  # a state's roster of a million rows is about 90 MB


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage + error
        self.exit(USAGE_ERROR, f"recert: {message} (see recert --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="recert", description="Massachusetts EMS recertification rules and transcript checker.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check_cmd = commands.add_parser("check", help="check one or more transcript files (CSV, .xlsx, .ods)")
    check_cmd.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=f"transcript file(s): CSV or tab-separated text, .xlsx or .ods; at most {MAX_FILE_BYTES // 2**20} MB each",
    )
    check_cmd.add_argument("--level", required=True, help="emt, aemt or paramedic")
    check_cmd.add_argument("--cycle", required=True, help="the year the card expires, e.g. 2026")
    check_cmd.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        help="text: a summary; json: the report as data; csv: your rows with the result "
        "added (a roster: one summary row per person)",
    )
    check_cmd.add_argument(
        "--columns",
        metavar="FIELD=HEADER,...",
        type=_mapping,
        help="which column is which, when the checker cannot tell: e.g. "
        f'hours=Duration,approval="CAPCE #". Fields: {", ".join(FIELDS)}. '
        "ignore=HEADER (repeatable) leaves a column unread, even one whose name the checker knows: "
        'e.g. ignore=Category,ignore="Course Number"',
    )
    check_cmd.add_argument(
        "--dates",
        choices=("month-first", "day-first"),
        help="how the files write dates such as 03/04/2025 (month-first: March 4; day-first: 3 April), when "
        "no date in a column settles it; without it the checker reads the column's own dates, then your "
        "locale (LC_TIME or LANG), and says so",
    )
    check_cmd.add_argument(
        "--combine",
        action="store_true",
        help="read all the files as one transcript (two exports of the same person's courses)",
    )

    rules_cmd = commands.add_parser("rules", help="print a cycle's requirements and dates")
    rules_cmd.add_argument("--level", required=True, help="emt, aemt or paramedic")
    rules_cmd.add_argument("--cycle", required=True, help="the year the card expires")

    commands.add_parser("template", help="print a CSV transcript template")

    plan_cmd = commands.add_parser("plan", help="your renewal steps, deadlines, fees and contacts")
    plan_cmd.add_argument("--level", required=True, help="emt, aemt or paramedic")
    plan_cmd.add_argument("--expires", required=True, type=_year, help="the year your Massachusetts card expires")
    plan_cmd.add_argument("--nremt", required=True, choices=NREMT_STATUSES, help="your NREMT certification")
    plan_cmd.add_argument("--nremt-expires", type=_year, help="the year your NREMT certification expires")
    plan_cmd.add_argument("--affiliated", required=True, choices=("yes", "no"), help="with an EMS agency?")
    plan_cmd.add_argument(
        "--region",
        required=True,
        type=int,
        metavar="N",
        help="the EMS region you live in (its number in the rules data's regions.toml)",
    )
    plan_cmd.add_argument(
        "--role",
        action="append",
        default=[],
        choices=sorted(ROLES),
        help="an instructor or examiner role you hold (repeat for several)",
    )
    plan_cmd.add_argument("--today", type=_day, default=date.today(), help="YYYY-MM-DD (default: today)")
    plan_cmd.add_argument("--format", choices=("text", "json", "ics"), default="text")
    return parser


def _choice(args: argparse.Namespace) -> ColumnChoice | None:
    """The column choice with --dates in it (the user's word on the order of the files' dates)."""
    if not args.dates:
        return args.columns
    return dataclasses.replace(args.columns or ColumnChoice(), dates=args.dates.split("-")[0])


def _locale_order() -> str:
    """The order the user's locale writes numeric dates in (LC_ALL, LC_TIME or LANG), for a date column no
    cell settles."""
    name = next((os.environ[v] for v in ("LC_ALL", "LC_TIME", "LANG") if os.environ.get(v)), "")
    return order_of_locale(name)


def _mapping(text: str) -> ColumnChoice:
    try:
        return parse_mapping(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"--columns: {error}") from None


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"expected a year such as 2027, not {text!r}")
    return int(text)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date such as 2026-11-21, not {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; an output that cannot be written (a closed pipe, a full disk) ends it quietly."""
    if sys.stdout is None:  # started with standard output closed
        print("recert: standard output is closed; nothing can be printed", file=sys.stderr)
        return USAGE_ERROR
    try:
        code = _main(argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:  # the reader went away (| head): not an error worth a word
        _detach_stdout()
        return USAGE_ERROR
    except OSError as error:  # /dev/full, a closed descriptor
        _detach_stdout()
        print(f"recert: cannot write the output ({error.strerror or error})", file=sys.stderr)
        return USAGE_ERROR


def _detach_stdout() -> None:
    """Point standard output at nothing, so that Python's own flush at exit fails no more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "template":
            sys.stdout.write(TEMPLATE)
            return 0
        if args.command == "plan":
            plan = make_plan(
                Situation(
                    level=args.level.lower(),
                    expires=args.expires,
                    nremt_status=args.nremt,
                    nremt_expires=args.nremt_expires,
                    affiliated=args.affiliated == "yes",
                    region=args.region,
                    roles=tuple(dict.fromkeys(args.role)),
                    today=args.today,
                )
            )
            sys.stdout.write({"text": plan.to_text, "json": plan.to_json, "ics": plan.to_ics}[args.format]())
            return 0
        if args.command == "rules":
            level, cycle = resolve(args.level, args.cycle)
            sys.stdout.write(rules_text(cycle, level))
            return 0
        level, rule_set = resolve(args.level, args.cycle)
        if args.format == "csv" and len(args.files) > 1:
            raise CheckError("--format csv checks one file at a time")
        with steady_memory():
            return _check_files(args, level, rule_set)
    except (CheckError, RulesError, PlanError) as error:
        print(f"recert: {error}", file=sys.stderr)
        return USAGE_ERROR


class InputError(Exception):
    """A file that cannot be read at all (not there, not a regular file, too large)."""


def shown(name: str) -> str:
    """A file name safe to print on one line: control characters and undecodable bytes escaped."""
    name = re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m[0])[1:-1], name)
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


OS_ERRORS = {
    errno.ENOENT: "no such file",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many symbolic links (a link points back to itself)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a folder, not a file",
}


def open_file(name: str, limit: int = MAX_FILE_BYTES) -> BinaryIO:
    """A regular file, open for reading (unbuffered: a roster's rows are read again by their place);
    InputError (one sentence) for anything else: a FIFO, a socket, a device, a folder, a loop of links,
    or more than `limit` bytes. Never blocks on a pipe."""
    try:
        info = os.stat(name)
        kind = _kind(info.st_mode)
        if kind:
            raise InputError(f"cannot read: it is {kind}, not a regular file")
        if info.st_size > limit:
            raise InputError(
                f"cannot read: {info.st_size / 2**20:,.0f} MB is more than the {limit // 2**20} MB the checker reads"
            )
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        file = os.fdopen(fd, "rb", buffering=0)
        info = os.fstat(file.fileno())
        if _kind(info.st_mode) or info.st_size > limit:  # replaced or grown between the two looks
            file.close()
            raise InputError(
                "cannot read: it is not a regular file"
                if _kind(info.st_mode)
                else f"cannot read: more than the {limit // 2**20} MB the checker reads"
            )
    except OSError as error:
        reason = OS_ERRORS.get(error.errno or 0, error.strerror or "cannot read")
        raise InputError(reason if error.errno == errno.ENOENT else f"cannot read: {reason}") from None
    except ValueError:  # an embedded NUL in the name
        raise InputError("cannot read: the name is not a valid file name") from None
    return file


def _kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    ):
        if test(mode):
            return kind
    return "" if stat.S_ISREG(mode) else "not a regular file"


def _check_files(args: argparse.Namespace, level: str, rule_set: Cycle) -> int:
    """Check every file (or all of them as one, --combine); a bad file is reported and the others checked.
    Files are read from disk as they are checked, never held whole (see `read_people`)."""
    worst = 0
    units: list[tuple[str, list[tuple[str, BinaryIO]]]] = []
    if args.combine:
        opened = []
        for name in args.files:
            try:
                opened.append((os.path.basename(name), open_file(name)))
            except InputError as error:
                print(f"recert: {shown(name)}: {error}", file=sys.stderr)
                worst = USAGE_ERROR
        if worst:
            for _, file in opened:
                file.close()
            print("recert: --combine: not checked, since a file could not be read", file=sys.stderr)
            return worst
        units = [("", opened)]
    several = len(args.files) > 1 and not args.combine
    documents = 0
    if args.format == "json" and several:
        sys.stdout.write("[")
    for name in [""] if args.combine else args.files:
        try:
            files = units[0][1] if args.combine else [("", open_file(name))]
        except InputError as error:
            print(f"recert: {shown(name)}: {error}", file=sys.stderr)
            worst = USAGE_ERROR
            continue
        try:
            code = _check_unit(name, files, args, level, rule_set, several, documents)
        finally:
            for _, file in files:
                file.close()
        if code is None:
            worst = USAGE_ERROR
            continue
        documents += 1
        worst = max(worst, code)
    if args.format == "json" and several:
        sys.stdout.write("]\n")
    return worst


def _check_unit(
    name: str,
    files: list[tuple[str, BinaryIO]],
    args: argparse.Namespace,
    level: str,
    rule_set: Cycle,
    several: bool,
    documents: int,
) -> int | None:
    """One file's (or the combined files') result written; its exit code, or None if it could not be read."""
    try:
        people = read_people(files if args.combine else files[0][1], columns=_choice(args), assumed=_locale_order())
        first = next(people)
    except TranscriptError as error:
        print(f"recert: {shown(name)}: {error}" if name else f"recert: {error}", file=sys.stderr)
        return None
    if args.format == "json" and several:
        sys.stdout.write(", " if documents else "")
    try:
        return _write_unit(shown(name), first, people, level, rule_set, args.format, several, documents > 0)
    except TranscriptError as error:  # a roster whose rest cannot be read
        print(f"recert: {shown(name)}: {error}", file=sys.stderr)
        return USAGE_ERROR


def _write_unit(
    name: str,
    first: Transcript,
    people: Iterator[Transcript],
    level: str,
    rule_set: Cycle,
    fmt: str,
    several: bool,
    later: bool,
) -> int:
    """Write one file's result (one report, or a roster's reports and summary); the exit code it gives."""
    out = sys.stdout
    second = next(people, None) if first.person is not None else None
    if second is not None:
        return _write_roster(name, itertools.chain((first, second), people), level, rule_set, fmt, several, later)
    # one person's transcript (a person column naming one person is not a roster)
    report = judge_person(first, level, rule_set)
    if fmt == "csv":
        out.write(report.to_csv())
    elif fmt == "json":
        out.write(json.dumps({"path": name} | report.to_dict(), ensure_ascii=False) if several else report.to_json())
    else:
        out.write((("\n" if later else "") + f"== {name}\n" if several else "") + report.to_text())
    return 0 if report.met else 1


def _write_roster(
    name: str, everyone: Iterator[Transcript], level: str, rule_set: Cycle, fmt: str, several: bool, later: bool
) -> int:
    """A roster: each person's report as it is judged, then (text) the summary. Nothing is kept of a
    person but their summary line, and that only for the text's summary table at the end."""
    out = sys.stdout
    results: list[PersonResult] = []  # for the text's summary
    everyone_met = True
    if fmt == "json":
        out.write(
            ("{" + json.dumps("path") + ": " + json.dumps(name, ensure_ascii=False) + ", " if several else "{")
            + '"people": ['
        )
    elif fmt == "csv":
        out.write("\ufeff" + summary_csv_header())
    elif several:
        out.write(("\n" if later else "") + f"== {name}\n")
    for number, (person, report) in enumerate(check_people(everyone, level, rule_set)):
        result = PersonResult.of(person, report)
        if fmt == "json":
            out.write((", " if number else "") + json.dumps({"person": person} | report.to_dict(), ensure_ascii=False))
        elif fmt == "csv":
            out.write(summary_csv_line(result))
        else:
            out.write(f"== {person}\n{report.to_text()}\n")
            results.append(result)
        everyone_met = everyone_met and result.met
    if fmt == "json":
        out.write("]}" if several else "]}\n")
    elif fmt == "text":
        out.write(summary_text(results))
    return 0 if everyone_met else 1


if __name__ == "__main__":
    sys.exit(main())
