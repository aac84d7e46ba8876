"""The `recert` command: check transcripts, print a cycle's rules, print a CSV template.

Exit codes: 0 requirements met, 1 not met, 2 unusable input or arguments
(one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from .alignment import NREMT_STATUSES
from .check import CheckError, check, resolve, steady_memory
from .guide import rules_text
from .plan import ROLES, PlanError, Situation, make_plan
from .rules import RulesError
from .transcript import TranscriptError

TEMPLATE = """\
Date,Title,Hours,Approval Number,Component,Topic,Delivery
2025-05-14,Airway management update,2,T2-1234,National,Airway,In person
2025-09-03,Cardiology online module,1.5,25-ABC-F3-0012,National,Cardiology,Online
2026-01-20,Regional protocol update,3,MA-T1-2026-0456,Local,,In person
2026-02-11,Pediatric assessment (self-paced),2,T3-5678,Individual,,Online
"""

USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage + error
        self.exit(USAGE_ERROR, f"recert: {message} (see recert --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="recert", description="Massachusetts EMS recertification rules and transcript checker.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check_cmd = commands.add_parser("check", help="check one or more transcript CSV files")
    check_cmd.add_argument("files", nargs="+", metavar="FILE", help="transcript CSV file(s)")
    check_cmd.add_argument("--level", required=True, help="emt, aemt or paramedic")
    check_cmd.add_argument("--cycle", required=True, help="the year the card expires, e.g. 2026")
    check_cmd.add_argument("--format", choices=("text", "json", "csv"), default="text",
                           help="text: a summary; json: the report as data; csv: your rows with the result added")

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
    plan_cmd.add_argument("--region", required=True, type=int, metavar="N",
                          help="the EMS region you live in (its number in the rules data's regions.toml)")
    plan_cmd.add_argument("--role", action="append", default=[], choices=sorted(ROLES),
                          help="an instructor or examiner role you hold (repeat for several)")
    plan_cmd.add_argument("--today", type=_day, default=date.today(), help="YYYY-MM-DD (default: today)")
    plan_cmd.add_argument("--format", choices=("text", "json", "ics"), default="text")
    return parser


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
    args = _parser().parse_args(argv)
    try:
        if args.command == "template":
            sys.stdout.write(TEMPLATE)
            return 0
        if args.command == "plan":
            plan = make_plan(Situation(
                level=args.level.lower(), expires=args.expires, nremt_status=args.nremt,
                nremt_expires=args.nremt_expires, affiliated=args.affiliated == "yes", region=args.region,
                roles=tuple(dict.fromkeys(args.role)), today=args.today,
            ))
            sys.stdout.write({"text": plan.to_text, "json": plan.to_json, "ics": plan.to_ics}[args.format]())
            return 0
        if args.command == "rules":
            level, cycle = resolve(args.level, args.cycle)
            sys.stdout.write(rules_text(cycle, level))
            return 0
        resolve(args.level, args.cycle)
        if args.format == "csv" and len(args.files) > 1:
            raise CheckError("--format csv checks one file at a time")
        with steady_memory():
            return _check_files(args.files, args.level, args.cycle, args.format)
    except (CheckError, RulesError, PlanError) as error:
        print(f"recert: {error}", file=sys.stderr)
        return USAGE_ERROR


def _check_files(files: list[str], level: str, cycle: str, fmt: str) -> int:
    """Check every file; a bad file is reported and the others still checked."""
    worst = 0
    reports = []
    for name in files:
        try:
            data = Path(name).read_bytes()
        except FileNotFoundError:
            print(f"recert: {name}: no such file", file=sys.stderr)
            worst = USAGE_ERROR
            continue
        except (IsADirectoryError, PermissionError) as error:
            print(f"recert: {name}: cannot read ({error.strerror})", file=sys.stderr)
            worst = USAGE_ERROR
            continue
        try:
            report = check(data, level, cycle)
        except TranscriptError as error:
            print(f"recert: {name}: {error}", file=sys.stderr)
            worst = USAGE_ERROR
            continue
        worst = max(worst, 0 if report.met else 1)
        reports.append((name, report))

    if fmt == "csv":
        for _, report in reports:
            sys.stdout.write(report.to_csv())
    elif fmt == "json":
        if len(files) == 1:
            for _, report in reports:
                sys.stdout.write(report.to_json())
        else:
            documents = [{"path": name} | report.to_dict() for name, report in reports]
            sys.stdout.write(json.dumps(documents, ensure_ascii=False) + "\n")
    else:
        for i, (name, report) in enumerate(reports):
            if len(files) > 1:
                sys.stdout.write(("\n" if i else "") + f"== {name}\n")
            sys.stdout.write(report.to_text())
    return worst


if __name__ == "__main__":
    sys.exit(main())
