"""Rosters at a state's scale: read from disk in two passes (memory bounded by the largest person,
not by the file), every encoding and CSV quoting read the same way the second time, and the
placement's kept answers exactly the answers the programme gives afresh."""

from __future__ import annotations

import tracemalloc
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recert_core import allocation, cli
from recert_core.allocation import allocate
from recert_core.check import resolve
from recert_core.rules import COMPONENTS
from recert_core.transcript import read_people, read_transcript, table

HEADER = "Last Name,First Name,License #,Completion Date,Course Title,Hours,Approval Number,Component"


def roster(people: int, rows_each: int) -> bytes:
    """`people` providers with `rows_each` courses each, interleaved (each person's rows spread over
    the whole file, as in a roster sorted by date)."""
    lines = [HEADER]
    for i in range(rows_each):
        for p in range(people):
            lines.append(
                f'Provider{p:05d},Ada,E{p:06d},05/{1 + i % 28:02d}/2025,"Course {i}, part {i % 3}",1.5,'
                f"MA-T2-2025-{i:05d},{('National', 'Local', 'Individual', '')[(p + i) % 4]}"
            )
    return ("\r\n".join(lines) + "\r\n").encode()


def peak_reading(path: Path) -> tuple[int, int]:
    """The most memory (bytes, as tracemalloc counts it) reading a roster file person by person takes,
    and how many courses were read."""
    with path.open("rb", buffering=0) as file:
        tracemalloc.start()
        try:
            courses = sum(len(person.courses) for person in read_people(file))
            return tracemalloc.get_traced_memory()[1], courses
        finally:
            tracemalloc.stop()


def test_a_rosters_memory_grows_with_its_people_not_with_its_file(tmp_path):
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    small.write_bytes(roster(2_000, 3))
    large.write_bytes(roster(20_000, 3))
    peak_reading(small)  # the vocabulary and rules are read once per process: not part of either figure
    small_peak, small_courses = peak_reading(small)
    large_peak, large_courses = peak_reading(large)
    assert (small_courses, large_courses) == (6_000, 60_000)
    # Ten times the people and the file: what is held is where each person's rows are (a few bytes a
    # row, a name a person), not the rows. Holding the rows until grouped took ten times the memory.
    assert large_peak < 5 * small_peak, (small_peak, large_peak)


def test_a_rosters_second_pass_reads_the_same_cells_in_every_encoding_and_quoting(tmp_path):
    rows = [
        ["Last Name", "First Name", "Date", "Course Title", "Hours", "Approval Number"],
        ["Okafor", "Ada", "2025-01-02", 'Airway, "bag-valve" mask', "2", "T2-1"],
        ["Silva", "João", "2025-01-03", "Trauma\r\nday one", "1.5", "T2-2"],
        ["", "", "", "", "", ""],
        ["Okafor", "Ada", "2025-01-04", "Café; médecine", "1", "T2-3"],
        ["Nguyen", "Mai", "2025-01-05", "Pediatrics\nline two\nline three", "3", "T2-4"],
        ["Silva", "João", "2025-01-06", "Stroke", "2", "T2-5"],
    ]

    def text(delimiter: str, end: str) -> str:
        def cell(c: str) -> str:
            return '"' + c.replace('"', '""') + '"' if any(ch in c for ch in '",;\t\r\n') else c

        return "".join(delimiter.join(cell(c) for c in row) + end for row in rows)

    for data in (
        text(",", "\r\n").encode("utf-8"),
        b"\xef\xbb\xbf" + text(";", "\r\n").encode("utf-8"),
        text(",", "\n").encode("cp1252"),
        text("\t", "\r\n").encode("utf-16"),
        text(",", "\r\n").encode("utf-16-be"),
        text(",", "\r").replace("\n", "\r").encode("utf-8"),  # an old Mac file: CR alone ends a line
    ):
        path = tmp_path / "roster.csv"
        path.write_bytes(data)
        whole = read_transcript(data)
        with path.open("rb", buffering=0) as file:
            people = list(read_people(file))
        assert [p.person for p in people] == ["Ada Okafor", "João Silva", "Mai Nguyen"]
        assert people[-1].blank_lines == [4]
        by_line = {c.line: c.cells for c in whole.courses}
        read_again = {c.line: c.cells for p in people for c in p.courses}
        assert read_again == by_line and len(read_again) == 5
        assert {p.encoding for p in people} == {whole.encoding}


def test_a_roster_read_in_tiny_chunks_is_read_the_same(monkeypatch):
    """Lines and quoted cells cut across every read of the file, and a quotation mark never closed."""
    data = roster(7, 3) + b'Provider00001,Ada,E000001,05/09/2025,"never closed,1,T2-9,Local\r\nmore\r\n'
    expected = [(p.person, [(c.line, c.cells) for c in p.courses], p.notes) for p in read_people(data)]
    monkeypatch.setattr(table, "CHUNK", 5)
    assert [(p.person, [(c.line, c.cells) for c in p.courses], p.notes) for p in read_people(data)] == expected
    assert any(n.code == "unterminated-quote" for n in expected[0][2])


def test_the_cli_reads_a_roster_from_the_file_without_reading_it_whole(tmp_path, monkeypatch, capsys):
    path = tmp_path / "roster.csv"
    path.write_bytes(roster(30, 4))
    reads: list[int] = []
    real_open = cli.open_file

    def counting_open(name: str, limit: int = cli.MAX_FILE_BYTES):
        file = real_open(name, limit)
        real_read = file.read

        class Counting:
            def __getattr__(self, attribute):
                return getattr(file, attribute)

            def read(self, size: int = -1) -> bytes:
                reads.append(size)
                return real_read(size)

        return Counting()

    monkeypatch.setattr(cli, "open_file", counting_open)
    assert cli.main(["check", str(path), "--level", "emt", "--cycle", "2026", "--format", "csv"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 31 and lines[1].startswith("Ada Provider00000 E000000,emt,2026,no,")
    assert -1 not in reads and max(reads) <= table.CHUNK  # read in pieces, never "all of it"


# ---- the placement: kept answers are the programme's answers ----------------------------------

RULES = [resolve(level, year) for level, year in (("emt", 2026), ("paramedic", 2026), ("aemt", 2020))]
course = st.tuples(
    st.sampled_from(["national", "local", "individual", None]),
    st.booleans(),
    st.sampled_from([None, "airway", "cardiology", "trauma", "medical", "operations", "unknown"]),
    st.sampled_from([Fraction(h) for h in ("0.25", "0.5", "1", "1.5", "2", "2.75", "3", "8", "12.5")]),
)


def _placement(courses, level, rule_set, topics: bool):
    """The allocation as a comparable value."""
    found = allocate(
        ((i, *c) for i, c in enumerate(courses)),
        rule_set.hours(level),
        rule_set.distributive_limits(level),
        rule_set.national_topics(level) if topics else None,
    )
    return found.placed, found.counted, found.distributive, found.topics


def _unkept_placement(courses, level, rule_set, topics: bool):
    """The placement as allocation.allocate made it before answers were kept: the programme built
    from the classes in the order the rows give them, and solved, every time."""
    required, limits = rule_set.hours(level), rule_set.distributive_limits(level)
    topic_hours = dict(rule_set.national_topics(level) if topics else {})
    classes: dict = {}
    for key, (marked, distributive, topic, hours) in enumerate(courses):
        kept_topic = topic if marked == "national" and topic in topic_hours else None
        classes.setdefault(allocation.CourseClass(marked, distributive, kept_topic), []).append((key, hours))
    order = sorted(classes, key=lambda k: (k.marked or "~", k.distributive, k.topic or "~"))
    columns = [(cls, c, cost) for cls in order for c, cost in allocation.PLACES[cls.marked]]
    program = allocation._program(columns, classes, required, limits, topic_hours)
    hardness = {c: allocation.difficulty(c, limits) for c in COMPONENTS}
    topic_columns = range(len(columns), len(columns) + len(topic_hours))
    flows = program.maximise(
        [
            {j: 1 for j in range(len(columns))},
            dict.fromkeys(topic_columns, 1),
            {j: hardness[to] for j, (_, to, _) in enumerate(columns) if hardness[to]},
            {j: -cost for j, (_, _, cost) in enumerate(columns) if cost},
            {j: -1 for j, (k, to, _) in enumerate(columns) if k.distributive and limits.per_component[to] is not None},
        ]
    )
    found = allocation.Allocation(
        {},
        dict.fromkeys(COMPONENTS, Fraction(0)),
        dict.fromkeys(COMPONENTS, Fraction(0)),
        dict.fromkeys(topic_hours, Fraction(0)),
    )
    for cls in order:
        left = {to: flows[j] for j, (k, to, _) in enumerate(columns) if k == cls}
        for key, hours in classes[cls]:
            _share_out_in_fractions(found, cls, key, hours, left)
    return found.placed, found.counted, found.distributive, found.topics


def _share_out_in_fractions(found, cls, key, hours, left) -> None:
    """One course's share of its class's hours as allocation.py gave it before it counted in integers:
    in Fractions, course by course (the integers must give exactly this)."""
    shares = found.placed.setdefault(key, {})
    for c, _ in allocation.PLACES[cls.marked]:
        take = min(hours, left[c])
        if take <= 0:
            continue
        shares[c] = take
        left[c] -= take
        hours -= take
        found.counted[c] += take
        if cls.distributive:
            found.distributive[c] += take
        if c == "national" and cls.topic:
            found.topics[cls.topic] += take
        if c == "national" and cls.pediatric:
            found.pediatric += take


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(course, max_size=30), st.sampled_from(RULES), st.booleans(), st.randoms())
def test_a_kept_placement_is_the_placement_made_afresh(courses, rules, topics, rng):
    level, rule_set = rules
    allocation._solved.cache_clear()
    first = _placement(courses, level, rule_set, topics)  # made and kept
    again = _placement(courses, level, rule_set, topics)  # the kept answer
    assert allocation._solved.cache_info().hits >= 1
    assert again == first == _unkept_placement(courses, level, rule_set, topics)
    # Another person with the same classes and hours, the rows in another order: the answer kept for
    # them is theirs, as it would be made afresh.
    other = list(courses)
    rng.shuffle(other)
    _placement(other, level, rule_set, topics)
    assert _placement(other, level, rule_set, topics) == _unkept_placement(other, level, rule_set, topics)


def _fraction_simplex(program, objectives):
    """The lexicographic simplex of allocation._Program, in Fractions throughout (no scaling): the
    reference the integer tableau must match exactly."""
    m, n = len(program.rows), program.width
    size = n + m
    table = [
        [Fraction(x) for x in row] + [Fraction(int(i == r)) for i in range(m)] for r, row in enumerate(program.rows)
    ]
    rhs = [Fraction(b) for b in program.rhs]
    basis = list(range(n, size))
    profits = [[Fraction(o.get(j, 0)) for j in range(size)] for o in objectives]
    for stage, profit in enumerate(profits):
        while True:
            entering = next((j for j in range(size) if profit[j] > 0 and all(p[j] == 0 for p in profits[:stage])), None)
            if entering is None:
                break
            leaving, best = None, None
            for r in range(m):
                a = table[r][entering]
                if a > 0 and (best is None or rhs[r] / a < best or (rhs[r] / a == best and basis[r] < basis[leaving])):
                    leaving, best = r, rhs[r] / a
            a = table[leaving][entering]
            table[leaving] = [x / a for x in table[leaving]]
            rhs[leaving] /= a
            for other in range(m):
                factor = table[other][entering]
                if other != leaving and factor:
                    table[other] = [x - factor * y for x, y in zip(table[other], table[leaving], strict=True)]
                    rhs[other] -= factor * rhs[leaving]
            for p in profits:
                factor = p[entering]
                if factor:
                    p[:] = [x - factor * y for x, y in zip(p, table[leaving], strict=True)]
            basis[leaving] = entering
    values = [Fraction(0)] * size
    for r, j in enumerate(basis):
        values[j] = rhs[r]
    return values[:n]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.sampled_from([0, 0, 1, 1, -1, 2]), min_size=5, max_size=5), min_size=1, max_size=6),
    st.lists(st.decimals(min_value=0, max_value=40, places=2), min_size=6, max_size=6),
    st.lists(st.dictionaries(st.integers(0, 4), st.integers(-3, 3)), min_size=1, max_size=3),
)
def test_the_integer_tableau_gives_the_fractions_answer(rows, bounds, objectives):
    program = allocation._Program(5)
    for row, bound in zip(rows, bounds, strict=False):
        program.at_most(dict(enumerate(row)), bound)
    for j in range(5):  # every column bounded, as in the placement
        program.at_most({j: 1}, Fraction(10))
    assert program.maximise(objectives) == _fraction_simplex(program, objectives)


@pytest.mark.parametrize("level,year", [("emt", 2026), ("paramedic", 2020)])
def test_a_rosters_people_who_share_class_hours_share_one_placement(level, year):
    level, rule_set = resolve(level, year)
    allocation._solved.cache_clear()
    courses = [("national", False, None, Fraction(2)), ("local", True, None, Fraction("1.5"))] * 5
    for _ in range(3):
        _placement(courses, level, rule_set, False)
    info = allocation._solved.cache_info()
    assert (info.misses, info.hits) == (1, 2)
    assert sum(_placement(courses, level, rule_set, False)[1][c] for c in COMPONENTS) == Fraction("17.5")


def test_a_workbook_and_a_text_file_combined_give_each_person_their_rows_in_file_order():
    """A workbook's rows are kept until their person's turn, a text file's are read again: together,
    each person still has every row of both files, in file order."""
    files = [(name, (FIXTURES / "reading" / name).read_bytes()) for name in ("roster.xlsx", "roster.csv")]
    whole = read_transcript(files)
    people = list(read_people(files))
    expected: dict[str, list] = {}
    for c in whole.courses:
        expected.setdefault(c.person, []).append((c.file, c.line, c.cells))
    assert {p.person: [(c.file, c.line, c.cells) for c in p.courses] for p in people} == expected
    assert [len(p.courses) for p in people] == [6, 8, 6]


def test_a_rosters_headline_counts_and_each_persons_own_level_are_values_not_english():
    """The headline's numbers and the note that a person was judged at their own level, pinned as values:
    the sentences are the catalogue's (roster.headline, person-level)."""
    from recert_core.roster import PersonResult, check_people, headline, headline_counts
    from recert_core.transcript import read_people

    level, rule_set = resolve("emt", 2026)
    start = rule_set.window[0].isoformat()
    need = rule_set.hours("paramedic")
    rows = ["Name,Level,Date,Title,Hours,Approval Number,Component"]
    rows += [f"Ada Met,paramedic,{start},{c} course,{need[c]},T2-{i},{c}" for i, c in enumerate(COMPONENTS)]
    rows += [f"Bo Short,,{start},Airway,2,T2-9,national"]
    people = list(check_people(read_people("\n".join(rows).encode()), level, rule_set))
    (ada, ada_report), (bo, bo_report) = people
    assert (ada, bo) == ("Ada Met", "Bo Short")
    (note,) = [n for n in ada_report.notes if n.code == "person-level"]
    assert (note.value("level"), note.value("cycle"), note.field) == ("Paramedic", "2026", "person")
    assert ada_report.level == "paramedic" and bo_report.level == "emt"
    assert not [n for n in bo_report.notes if n.code == "person-level"]
    results = [PersonResult.of(person, report) for person, report in people]
    counts = headline_counts(results)
    assert [r.met for r in results] == [ada_report.met, False]
    assert (counts["people"], counts["met"], counts["verified"]) == (2, int(ada_report.met), 0)
    assert counts["unchecked"] == sum(r.pediatric is not None and r.pediatric.met is None for r in results)
    assert str(counts["people"]) in headline(results)
