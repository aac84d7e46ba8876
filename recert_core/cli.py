"""The `recert` command: check transcripts, print a cycle's rules, print a CSV template.

Exit codes: 0 requirements met, 1 not met, 2 unusable input or arguments, 3 an unexpected error (a
fault in the checker). Either of the last two is one line on stderr, never a traceback; an unexpected
error's line names the file and the row it was at.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import errno
import io
import itertools
import json
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from typing import BinaryIO, NoReturn

from . import __version__
from .alignment import NREMT_STATUSES
from .certificates import file_rows, is_pdf, mark_unconfirmed, read_certificate, source_of
from .check import CheckError, resolve, steady_memory
from .guide import rules_text
from .plan import ROLES, PlanError, Situation, make_plan
from .problems import DataError, sentence
from .progress import Progress
from .report import visible
from .roster import PersonResult, check_people, judge_person, summary_csv_header, summary_csv_line, summary_text
from .rules import Cycle, default_rules
from .template import TEMPLATE
from .transcript import FIELDS, ColumnChoice, Transcript, TranscriptError, order_of_locale, parse_mapping, read_people
from .transcript.tables import Table, last_read

USAGE_ERROR = 2
UNEXPECTED = 3
EXIT_CODES = (
    "exit codes: 0 requirements met, 1 not met, 2 unusable file or arguments, "
    "3 an unexpected error (a fault in the checker: please report it)"
)
MAX_FILE_BYTES = 200 * 1024 * 1024  # a state's roster of a million rows is about 90 MB
PIPE_WAIT = 30  # seconds a pipe may stay silent before it is given up


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage + error
        self.exit(USAGE_ERROR, sentence("cli.line", message=sentence("cli.usage", message=message)) + "\n")


class _Version(argparse.Action):
    """`--version`: the package's version and the rules data's, read only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> NoReturn:
        try:
            text = version_text()
        except DataError as error:  # a broken data file: the package's version still, and what is wrong
            broken = visible(str(error), one_line=True)
            parser.exit(USAGE_ERROR, sentence("cli.version-broken", version=__version__, error=broken) + "\n")
        _output.write(text + "\n")  # standard output, as argparse's own version action writes it
        _flush()
        parser.exit(0)


def version_text() -> str:
    """One line: the package's version, the rules data's version and the day it was last checked against its
    sources, the cycles it resolves and the newest one a source describes."""
    rules = default_rules()
    return sentence(
        "cli.version",
        version=__version__,
        rules=rules.version,
        checked=rules.as_of.isoformat(),
        first=rules.first_cycle,
        last=rules.last_cycle,
        sourced=rules.newest_sourced,
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="recert", description="Massachusetts EMS recertification rules and transcript checker.", epilog=EXIT_CODES
    )
    parser.add_argument("--version", action=_Version, help="print the version of recert and of its rules data")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check_cmd = commands.add_parser(
        "check",
        help="check one or more transcript files (CSV, .xlsx, .ods) or course certificates (PDF)",
        epilog=EXIT_CODES,
    )
    check_cmd.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="transcript file(s): CSV or tab-separated text, .xlsx or .ods, a web page's table or an Excel 2003 "
        "XML spreadsheet saved as .xls, a JSON export, or course-completion certificates "
        f"(PDF); at most {MAX_FILE_BYTES // 2**20} MB each",
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
        "--today",
        type=_day,
        default=date.today(),
        help="YYYY-MM-DD (default: today): a cycle whose window has closed by then says so",
    )
    check_cmd.add_argument(
        "--combine",
        action="store_true",
        help="read all the files as one transcript (two exports of the same person's courses)",
    )
    check_cmd.add_argument(
        "--confirm",
        action="store_true",
        help="PDF certificates: you have checked the rows read from them against the certificates, so their "
        "hours count (without it they are listed as unverified, to confirm)",
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
        raise argparse.ArgumentTypeError(sentence("cli.errors.columns", error=error)) from None


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(sentence("cli.errors.year", text=text))
    return int(text)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(sentence("cli.errors.day", text=text)) from None


class OutputError(Exception):
    """The output cannot be written (a full disk, a closed descriptor): not the input's fault."""


class Unexpected(Exception):
    """An error nothing expected, while checking: where it happened, for the one line that says so."""

    def __init__(self, where: str, error: BaseException) -> None:
        super().__init__(where)
        self.where, self.error = where, error


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; an output that cannot be written (a closed pipe, a full disk) ends it quietly, and
    an unexpected error ends it with one line naming where it happened and exit code 3."""
    if sys.stdout is None:  # started with standard output closed
        _say(sentence("cli.errors.stdout-closed"))
        return USAGE_ERROR
    try:
        code = _main(argv)
        _flush()
        return code
    except BrokenPipeError:  # the reader went away (| head): not an error worth a word
        _detach_stdout()
        return USAGE_ERROR
    except OutputError as error:  # /dev/full, a closed descriptor
        _detach_stdout()
        _say(sentence("cli.errors.output", error=error))
        return USAGE_ERROR
    except Unexpected as error:
        _say(_unexpected(error.error, error.where))
        return UNEXPECTED
    except Exception as error:  # the promise: one line and its own exit code, never a traceback
        _say(_unexpected(error))
        return UNEXPECTED


def _unexpected(error: BaseException, where: str = "") -> str:
    """The one line for an unexpected error: where it was, what it was, and what to do."""
    if isinstance(error, MemoryError):
        said = sentence("cli.errors.memory")
    else:
        detail = " ".join(str(error).split())[:200]
        what = type(error).__name__ + (": " + detail if detail else "")
        said = sentence("cli.errors.unexpected", error=what)
    return sentence("cli.in-file", file=where, error=said) if where else said


def _say(message: str) -> None:
    """One line on stderr, what it quotes from a file or its name shown escaped, never acted on."""
    _output.progress.clear()
    with contextlib.suppress(OSError, ValueError):  # stderr closed too: nothing more to be done
        print(sentence("cli.line", message=visible(message, one_line=True)), file=sys.stderr)


class _Output:
    """Standard output for one command: text escaped for a terminal, errors writing it told apart."""

    def __init__(self) -> None:
        self.escape = False  # show control characters from files escaped (text, or CSV to a terminal)
        self.tty = False  # standard output is a terminal (which the progress line may be on too)
        self.progress = Progress(None)  # the progress line while files are checked (see `_check_files`)

    def write(self, text: str) -> None:
        if self.tty:
            self.progress.clear()
        if self.escape:
            text = visible(text.replace("\r\n", "\n"))  # a CSV's line ends, to a terminal, as lines
        try:
            sys.stdout.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(error.strerror or str(error)) from None


_output = _Output()


def _flush() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(error.strerror or str(error)) from None


def _configure_output(args: argparse.Namespace) -> None:
    """JSON, CSV and calendars are UTF-8 whatever the terminal's encoding (their formats say so); text
    for people in the terminal's encoding, a character it cannot hold shown escaped (\\u1ec5), not a
    crash. Text is shown escaped where a file's cells could act on the terminal."""
    shape = getattr(args, "format", "text")
    data = shape in ("json", "csv", "ics")
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            reconfigure(**({"encoding": "utf-8"} if data else {"errors": "backslashreplace"}))
    tty = False
    with contextlib.suppress(OSError, ValueError):
        tty = sys.stdout.isatty()
    _output.escape = not data or (shape == "csv" and tty)
    _output.tty = tty


def _detach_stdout() -> None:
    """Point standard output at nothing, so that Python's own flush at exit fails no more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _configure_output(args)
    try:
        if args.command == "template":
            _output.write(TEMPLATE)
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
            _output.write({"text": plan.to_text, "json": plan.to_json, "ics": plan.to_ics}[args.format]())
            return 0
        if args.command == "rules":
            level, cycle = resolve(args.level, args.cycle)
            _output.write(rules_text(cycle, level))
            return 0
        level, rule_set = resolve(args.level, args.cycle)
        if args.format == "csv" and len(args.files) > 1 and not certificates_only(args.files):
            raise CheckError(sentence("cli.errors.csv-one-file"))
        with steady_memory(), Progress(sys.stderr) as progress:  # a line on stderr, if it is a terminal
            _output.progress = progress
            try:
                return _check_files(args, level, rule_set)
            finally:
                _output.progress = Progress(None)
    except (CheckError, DataError, PlanError) as error:  # DataError: a broken data file, named (RulesError too)
        _say(str(error))
        return USAGE_ERROR


class InputError(Exception):
    """A file that cannot be read at all (not there, not a regular file, too large)."""


def shown(name: str) -> str:
    """A file name safe to print on one line: control characters and undecodable bytes escaped."""
    return visible(name, one_line=True)


OS_ERRORS = {  # an error's key in sentences.toml's [cli.os]
    errno.ENOENT: "no-such-file",
    errno.ENOTDIR: "not-a-folder",
    errno.ENAMETOOLONG: "name-too-long",
    errno.ELOOP: "link-loop",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.EISDIR: "is-a-folder",
}


PIPE = "pipe"  # a kind of file (see `_kind`): its words are sentences.toml's cli.kind.pipe


def open_file(name: str, limit: int = MAX_FILE_BYTES) -> BinaryIO:
    """A file open for reading: a regular file as it is (unbuffered: a roster's rows are read again by
    their place); a pipe (`/dev/stdin`, `<(...)`) or a file whose size the system does not know
    (`/proc`) read into memory first, up to `limit` bytes. InputError (one sentence) for anything else:
    a socket, a device, a folder, a loop of links, or more than `limit` bytes. Never waits on a pipe
    that nothing writes to, nor longer than PIPE_WAIT seconds on one that has stopped."""
    too_large = _cannot("cli.read.too-large", limit=limit // 2**20)
    try:
        info = os.stat(name)
        kind = _kind(info.st_mode)
        if kind and kind != PIPE:
            if kind == "other":  # a kind with no name of its own: said once ("it is not a regular file")
                raise InputError(_cannot("cli.read.changed"))
            raise InputError(_cannot("cli.read.not-regular", kind=sentence(f"cli.kind.{kind}")))
        if info.st_size > limit:
            raise InputError(_cannot("cli.read.larger", size=f"{info.st_size / 2**20:,.0f}", limit=limit // 2**20))
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        file = os.fdopen(fd, "rb", buffering=0)
        info = os.fstat(file.fileno())
        kind = _kind(info.st_mode)
        if (kind and kind != PIPE) or info.st_size > limit:  # replaced or grown between the two looks
            file.close()
            raise InputError(_cannot("cli.read.changed") if kind else too_large)
        if kind == PIPE or info.st_size == 0:
            with file:
                data = _read_all(file.fileno(), limit, too_large)
            if kind == PIPE and not data:
                raise InputError(_cannot("cli.read.empty-pipe"))
            return io.BytesIO(data)
    except OSError as error:
        known = OS_ERRORS.get(error.errno or 0)
        if known == "no-such-file":
            raise InputError(sentence("cli.os.no-such-file")) from None
        reason = sentence(f"cli.os.{known}") if known else error.strerror or sentence("cli.os.other")
        raise InputError(sentence("cli.cannot-read", why=reason)) from None
    except ValueError:  # an embedded NUL in the name
        raise InputError(_cannot("cli.read.bad-name")) from None
    return file


def _cannot(key: str, /, **values: object) -> str:
    """ "cannot read: " and why (sentences.toml's [cli.read])."""
    return sentence("cli.cannot-read", why=sentence(key, **values))


def _read_all(fd: int, limit: int, too_large: str) -> bytes:
    """Everything a pipe or an unsized file gives until its end, up to `limit` bytes; a pipe with no
    writer ends at once, one whose writer stops for PIPE_WAIT seconds is given up."""
    import select

    poller = select.poll()
    poller.register(fd, select.POLLIN)
    parts: list[bytes] = []
    size = 0
    while True:
        try:
            part = os.read(fd, 1 << 20)
        except BlockingIOError:
            if not poller.poll(PIPE_WAIT * 1000):
                raise InputError(_cannot("cli.read.pipe-silent", seconds=PIPE_WAIT)) from None
            continue
        if not part:
            return b"".join(parts)
        size += len(part)
        if size > limit:
            raise InputError(too_large)
        parts.append(part)


def _kind(mode: int) -> str:
    """The kind of a file that is not a regular one (its words: sentences.toml's [cli.kind]); "" for a regular
    file."""
    for test, kind in (
        (stat.S_ISDIR, "folder"),
        (stat.S_ISFIFO, PIPE),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "device"),
        (stat.S_ISBLK, "device"),
    ):
        if test(mode):
            return kind
    return "" if stat.S_ISREG(mode) else "other"


def _check_files(args: argparse.Namespace, level: str, rule_set: Cycle) -> int:
    """Check every file (or all of them as one, --combine); a bad file is reported and the others checked.
    Files are read from disk as they are checked, never held whole (see `read_people`)."""
    worst = 0
    units: list[tuple[str, list[tuple[str, BinaryIO]]]] = []
    args.certificates = {}  # the certificates' rows given to the reader, by the name it reads them under
    if args.format == "csv" and certificates_only(args.files):
        return write_certificates_csv(args, level, rule_set)
    if args.combine:
        opened = []
        for name in args.files:
            try:
                opened.append((os.path.basename(name), open_input(name, os.path.basename(name), args)))
            except InputError as error:
                _say(_in_file(shown(name), error))
                worst = USAGE_ERROR
        if worst:
            for _, file in opened:
                file.close()
            _say(sentence("cli.errors.combine"))
            return worst
        units = [("", opened)]
    several = len(args.files) > 1 and not args.combine
    documents = 0
    if args.format == "json" and several:
        _output.write("[")
    for name in [""] if args.combine else args.files:
        try:
            files = units[0][1] if args.combine else [("", open_input(name, "", args))]
        except InputError as error:
            _say(_in_file(shown(name), error))
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
        _output.write("]\n")
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
    """One file's (or the combined files') result written; its exit code, or None if it could not be read.
    An error nothing expected is raised as `Unexpected`, with the file and the row it happened at."""
    status = _Status(name, files)
    _output.progress.describe = status
    try:
        try:
            people = confirmed_or_not(
                read_people(files if args.combine else files[0][1], columns=_choice(args), assumed=_locale_order()),
                args,
            )
            first = next(people)
            status.people = 1
            people = status.counting(people)
        except TranscriptError as error:
            _say(_in_file(shown(name), error) if name else str(error))
            return None
        if args.format == "json" and several:
            _output.write(", " if documents else "")
        try:
            return _write_unit(
                shown(name), first, people, level, rule_set, args.format, several, documents > 0, args.today
            )
        except TranscriptError as error:  # a roster whose rest cannot be read
            _say(_in_file(shown(name), error))
            return USAGE_ERROR
    except (OutputError, BrokenPipeError, DataError):  # DataError: a broken data file, said as such by _main
        raise
    except OSError as error:  # reading the file failed (a disk error, a file gone from under us)
        _say(_in_file(shown(name) or _where(name, files), sentence("cli.cannot-read", why=error.strerror or error)))
        return None
    except Exception as error:
        raise Unexpected(_where(name, files), error) from error
    finally:
        _output.progress.describe = str  # this file is done: nothing to say of it any more ("")


@dataclasses.dataclass
class _Status:
    """What the progress line says while one file (or the combined files) is checked: the line the reading
    is at, then the person being checked. Read from the table layer (`last_read`) and the people given out,
    never from inside the reading or the judging."""

    name: str
    files: list[tuple[str, BinaryIO]]
    people: int = 0  # transcripts given out so far (0: still reading the file)

    def counting(self, people: Iterator[Transcript]) -> Iterator[Transcript]:
        for transcript in people:
            self.people += 1
            yield transcript

    def __call__(self) -> str:
        table = last_read()
        if self.people > 1:
            return sentence("cli.progress.person", file=self._file(None), person=f"{self.people:,}")
        if self.people == 1:
            return sentence("cli.progress.checking", file=self._file(None))
        if table is None or not table.line:
            return sentence("cli.progress.opening", file=self._file(None))
        return sentence("cli.progress.reading", file=self._file(table), line=f"{table.line:,}")

    def _file(self, table: Table | None) -> str:
        """The file (and sheet) the table was read from; the file checked, or the files combined."""
        for part, file in self.files:
            if table is not None and table.source is file:
                return _sheet(shown(part or self.name), table)
        return shown(self.name) or ", ".join(shown(part) for part, _ in self.files)


def _where(name: str, files: list[tuple[str, BinaryIO]]) -> str:
    """The file (and sheet) and the row the reading was at: the last row the table layer gave out."""
    table = last_read()
    for part, file in files:
        if table is not None and table.source is file:
            where = _sheet(shown(part or name), table)
            return sentence("cli.where.line", where=where, line=table.line) if table.line else where
    return shown(name) or ", ".join(shown(part) for part, _ in files)


def _sheet(file: str, table: Table) -> str:
    """A file's name, and the sheet a table is on."""
    return sentence("cli.where.sheet", file=file, sheet=table.sheet) if table.sheet else file


def _in_file(file: str, error: object) -> str:
    """An error about one file, after its name."""
    return sentence("cli.in-file", file=file, error=error)


def _write_unit(
    name: str,
    first: Transcript,
    people: Iterator[Transcript],
    level: str,
    rule_set: Cycle,
    fmt: str,
    several: bool,
    later: bool,
    today: date,
) -> int:
    """Write one file's result (one report, or a roster's reports and summary); the exit code it gives."""
    out = _output
    second = next(people, None) if first.person is not None else None
    if second is not None:
        everyone = itertools.chain((first, second), people)
        return _write_roster(name, everyone, level, rule_set, fmt, several, later, today)
    # one person's transcript (a person column naming one person is not a roster)
    report = judge_person(first, level, rule_set, today)
    if fmt == "csv":
        out.write(report.to_csv())
    elif fmt == "json":
        out.write(json.dumps({"path": name} | report.to_dict(), ensure_ascii=False) if several else report.to_json())
    else:
        out.write((("\n" if later else "") + f"== {name}\n" if several else "") + report.to_text())
    return 0 if report.met else 1


def _write_roster(
    name: str,
    everyone: Iterator[Transcript],
    level: str,
    rule_set: Cycle,
    fmt: str,
    several: bool,
    later: bool,
    today: date,
) -> int:
    """A roster: each person's report as it is judged, then (text) the summary. Nothing is kept of a
    person but their summary line, and that only for the text's summary table at the end."""
    out = _output
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
    for number, (person, report) in enumerate(check_people(everyone, level, rule_set, today)):
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


# --- certificates (PDF): read into the template's columns, then read and judged like any transcript ---


def certificates_only(names: Sequence[str]) -> bool:
    """Whether every file named is a PDF (by its first bytes; a file that cannot be read is not)."""
    for name in names:
        try:
            file = open_file(name)
        except InputError:
            return False
        try:
            if not is_pdf(file.read(1024)):
                return False
        finally:
            file.close()
    return True


def open_input(name: str, read_as: str, args: argparse.Namespace) -> BinaryIO:
    """A file to read: as it is, or for a PDF its certificates' rows in the template's columns (kept in
    `args.certificates` under `read_as`, the name the reader gives its rows, for `confirmed_or_not`)."""
    file = open_file(name)
    if not is_pdf(file.read(1024)):
        file.seek(0)
        return file
    file.seek(0)
    try:
        reading = read_certificate(_whole(file), os.path.basename(name))
    finally:
        file.close()
    if reading.problem:
        raise InputError(reading.text)
    source = source_of(file_rows([reading], confirmed=args.confirm), read_as)
    args.certificates[read_as] = source
    return io.BytesIO(source.csv)


def confirmed_or_not(people: Iterator[Transcript], args: argparse.Namespace) -> Iterator[Transcript]:
    """Each transcript as read, its rows from certificates not confirmed marked so (never counted on a guess)."""
    hinted = False
    for transcript in people:
        mark_unconfirmed(transcript, args.certificates)
        if not hinted and any(source.unconfirmed for source in args.certificates.values()):
            _say(sentence("reading.certificates.confirm-hint"))
            hinted = True
        yield transcript


def _whole(file: BinaryIO) -> bytes:
    """A PDF's bytes (read whole: a PDF's cross-reference table is at its end), a chunk at a time (the file
    is unbuffered)."""
    parts = []
    while chunk := file.read(1 << 20):
        parts.append(chunk)
    return b"".join(parts)


def write_certificates_csv(args: argparse.Namespace, level: str, rule_set: Cycle) -> int:
    """`--format csv` for certificates: their rows as a transcript in the template's columns, with where each
    came from, for a training officer to check and keep (`recert check` on it counts its rows: checked, they
    are the user's). The exit code is the check's, as if confirmed."""
    readings = []
    for name in args.files:
        try:
            file = open_file(name)
            try:
                reading = read_certificate(_whole(file), os.path.basename(name))
            finally:
                file.close()
        except InputError as error:
            _say(_in_file(shown(name), error))
            return USAGE_ERROR
        if reading.problem:
            _say(_in_file(shown(name), reading.text))
            return USAGE_ERROR
        readings.append(reading)
    rows = file_rows(readings, confirmed=True)
    _output.write("\ufeff" + source_of(rows, "", inert=True).csv.decode())
    report = judge_person(next(read_people(source_of(rows, "").csv)), level, rule_set)
    return 0 if report.met else 1


if __name__ == "__main__":
    sys.exit(main())
