"""The checker's fast paths give exactly what the plain definitions give.

Each shortcut taken for speed (a cell ruled out before it is folded, a number split in one pass,
hours shared out in integers) is checked here against the definition it stands for, written out
plainly, on generated values. Speed itself is `make bench`'s to measure, never a test's.
"""

from __future__ import annotations

import re
import sys
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_roster import _share_out_in_fractions

from recert_core import allocation, approval
from recert_core.allocation import PediatricHours
from recert_core.check import resolve
from recert_core.rules import COMPONENTS
from recert_core.transcript.columns import Columns
from recert_core.transcript.rows import header_again
from recert_core.transcript.source import INVISIBLE, SPACES, _plain
from recert_core.transcript.values import says_pediatric
from recert_core.transcript.vocabulary import fold, vocabulary

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text like a title, a topic or an approval cell: words of the vocabulary's kinds (pediatric and other
# ages among them), in any case, run together or apart, with apostrophes, dashes and invisible marks.
WORDS = [
    *vocabulary()["values"]["pediatric"]["words"],
    *vocabulary()["values"]["pediatric"]["other_ages"],
    "Course",
    "airway",
    "Cardiology",
    "no",
    "MA",
    "T3",
    "F1",
    "CAPCE",
    "OEMS",
    "#",
    "2025",
    "0042",
    "16",
    "EMT",
]
SEPARATORS = [" ", "", "-", "\u2013", "\u2014", "/", "_", ":", "#", "'", "\u2019", "(", ")", ". ", ", ", "\u200b", "\t"]


def _variant(word: str, style: int, cut: int) -> str:
    """The word in one of five cases, with an apostrophe inside it when `cut` falls within it ("pe’ds")."""
    word = [word, word.upper(), word.capitalize(), word.lower(), word[:1].upper() + word[1:].lower()][style]
    return word[:cut] + "’'"[cut % 2] + word[cut:] if 0 < cut < len(word) else word


text_like = st.lists(
    st.tuples(st.sampled_from(WORDS), st.integers(0, 4), st.sampled_from(SEPARATORS), st.integers(0, 16)),
    max_size=8,
).map(lambda parts: "".join(_variant(w, style, cut) + sep for w, style, sep, cut in parts))
cells = st.one_of(text_like, st.text(max_size=40), text_like.map(lambda t: t * 30))


def says_pediatric_by_definition(text: str) -> bool:
    words = set(fold(text[:200]).split())
    pediatric = vocabulary()["values"]["pediatric"]
    return bool(words & set(pediatric["words"])) and not words & set(pediatric["other_ages"])


@SETTINGS
@given(cells)
def test_a_cell_ruled_out_before_folding_is_one_folding_would_rule_out(text):
    assert says_pediatric(text) == says_pediatric_by_definition(text)


def tokens_by_definition(text: str) -> list[str]:
    """approval._tokens as written before its separators were one pattern: dashes made "-", "#" and ":"
    made spaces, then split at spaces and dashes."""
    if len(text) > approval.LONGEST:
        text = text[: approval.LONGEST].rsplit(None, 1)[0]
    dashes = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d_/]")
    cleaned = dashes.sub("-", text.upper()).replace("#", " ").replace(":", " ")
    words = [w for w in re.split(r"[\s-]+", cleaned) if w]
    start = 0
    while start < len(words) and words[start].rstrip(".") in approval.PREFIX_WORDS:
        start += 1
    tokens = []
    for word in words[start:]:
        if not word.isalnum():
            head = approval.TOKEN.match(word)
            if head and head.group().isalnum():
                tokens.append(head.group())
            break
        tokens.append(word)
    return tokens


@SETTINGS
@given(cells)
def test_an_approval_number_splits_as_its_definition_says(text):
    assert approval._tokens(text) == tokens_by_definition(text)


def test_the_generated_cells_reach_both_answers():
    """The strategies above are not vacuous: they give pediatric cells and numbers of each scheme."""
    assert says_pediatric("Pediatric airway") and not says_pediatric("Adult and pediatric airway")
    assert says_pediatric("PEPP-Children's Emergencies") == says_pediatric_by_definition("PEPP-Children's Emergencies")
    assert approval.parse_approval("CAPCE # 16-EMT-F3-0001").code == "F3"
    assert approval.parse_approval("MA\u2013T3\u20132023\u20130456").number == "T3-2023-456"


hours = st.one_of(
    st.integers(1, 48).map(lambda n: Fraction(n, 4)),
    st.integers(1, 600).map(lambda n: Fraction(n, 60)),  # minutes
    st.integers(1, 30).map(lambda n: Fraction(n, 3)),
    st.integers(1, 2000).map(lambda n: Fraction(n, 100)),
)


def _allocate_in_fractions(courses, required, limits, topics, pediatric):
    """allocation.allocate as it shared out hours before it counted in integers: the programme's answer
    given out course by course, in file order, in Fractions."""
    topic_hours = dict(topics or {})
    classes: dict = {}
    for key, marked, distributive, topic, h, mark in courses:
        kept_topic = topic if marked == "national" and topic in topic_hours else None
        kept_pediatric = bool(mark) and marked == "national" and pediatric is not None
        classes.setdefault(allocation.CourseClass(marked, distributive, kept_topic, kept_pediatric), []).append(
            (key, h)
        )
    order = allocation._order(classes)
    columns = [(cls, c) for cls in order for c, _ in allocation.PLACES[cls.marked]]
    flows = allocation._solved(
        tuple((cls, sum((h for _, h in members), Fraction(0))) for cls, members in classes.items()),
        tuple(required[c] for c in COMPONENTS),
        (tuple(limits.per_component[c] for c in COMPONENTS), limits.total),
        tuple(topic_hours.items()),
        pediatric,
    )
    zero = Fraction(0)
    found = allocation.Allocation({}, dict.fromkeys(COMPONENTS, zero), dict.fromkeys(COMPONENTS, zero), {})
    found.topics = dict.fromkeys(topic_hours, zero)
    for cls in order:
        left = {to: flows[j] for j, (k, to) in enumerate(columns) if k is cls}
        for key, h in classes[cls]:
            _share_out_in_fractions(found, cls, key, h, left)
    return found


RULES = [resolve(level, year) for level, year in (("emt", 2026), ("paramedic", 2026), ("aemt", 2020), ("emt", 2018))]
course = st.tuples(
    st.sampled_from(["national", "local", "individual", None]),
    st.booleans(),
    st.sampled_from([None, "airway", "cardiology", "trauma", "medical", "operations"]),
    hours,
    st.sampled_from([None, True, False]),
)


@SETTINGS
@given(st.lists(course, max_size=40), st.sampled_from(RULES), st.booleans(), st.sampled_from([None, True, False]))
def test_hours_shared_out_in_integers_are_the_fractions_exactly(courses, rules, topics, pediatric_checked):
    """Every course's shares, every component's, topic's and the pediatric sum: equal to the Fractions,
    for quarter hours, minutes, thirds and hundredths alike; a course given whole keeps its own value."""
    level, rule_set = rules
    required, limits = rule_set.hours(level), rule_set.distributive_limits(level)
    topic_hours = rule_set.national_topics(level) if topics else None
    wanted = rule_set.pediatric_hours(level)
    pediatric = PediatricHours(wanted, pediatric_checked) if wanted and pediatric_checked is not None else None
    given_courses = [(i, *c) for i, c in enumerate(courses)]
    fast = allocation.allocate(iter(given_courses), required, limits, topic_hours, pediatric)
    plain = _allocate_in_fractions(given_courses, required, limits, topic_hours, pediatric)
    assert fast.placed == plain.placed
    assert (fast.counted, fast.distributive, fast.topics, fast.pediatric) == (
        plain.counted,
        plain.distributive,
        plain.topics,
        plain.pediatric,
    )
    for key, *_, h, _ in given_courses:
        shares = fast.placed[key]
        assert all(isinstance(v, Fraction) for v in shares.values())
        if list(shares.values()) == [h]:
            assert next(iter(shares.values())) is h


def test_the_spaces_a_cell_may_start_or_end_with_are_every_space_python_strips():
    assert set(SPACES) == {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}


def plain_by_definition(cell: str) -> str:
    cell = cell.strip().strip(INVISIBLE).strip()
    if cell.startswith('="') and cell.endswith('"') and len(cell) >= 3:
        return cell[2:-1].replace('""', '"').strip()
    return cell


edge = st.sampled_from([*SPACES, *INVISIBLE, "=", '="', '"', "", "a", "1"])


@SETTINGS
@given(st.tuples(st.lists(edge, max_size=3), cells, st.lists(edge, max_size=3)))
def test_a_cell_left_as_it_is_is_its_plain_text(parts):
    before, middle, after = parts
    cell = "".join(before) + middle + "".join(after)
    assert _plain(cell) == plain_by_definition(cell)


as_written = st.one_of(
    st.tuples(st.from_regex(r"[0-9]{2}-[A-Z0-9]{1,5}-F[0-9]-[0-9]{1,6}", fullmatch=True)),
    st.tuples(st.from_regex(r"(MA-)?T[0-9](-[0-9]{1,6}){1,3}", fullmatch=True)),
).map(lambda t: t[0])


@SETTINGS
@given(st.one_of(as_written, as_written.map(lambda t: t + "-X"), as_written.map(str.lower), cells))
def test_a_number_as_most_files_write_it_is_read_as_token_by_token(text):
    assert approval.parse_approval(text) == approval._read(text)


def header_again_by_definition(cells: list[str], header: list[str]) -> bool:
    def filled(folded: list[str]) -> list[str]:
        while folded and not folded[-1]:
            folded = folded[:-1]
        return folded

    return filled([fold(c) for c in cells[: len(header)]]) == filled([fold(h) for h in header])


header_cells = st.lists(
    st.sampled_from(["Date", "date ", "Course Title", "Hours", "", " ", "1.5", "N/A", "#"]), max_size=6
)


@SETTINGS
@given(header_cells, header_cells)
def test_a_row_is_the_header_again_as_its_definition_says(cells, header):
    columns = Columns(header=header, positions={})
    assert header_again(cells, columns) == header_again_by_definition(cells, header)
    again = [*header[:-1], " "] if header else []  # the header again, its last cell blank
    assert header_again(again, columns) == header_again_by_definition(again, header)
