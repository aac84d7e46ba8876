"""Checking transcripts: the worked examples, optimal placement, boundaries and every rejection."""

from __future__ import annotations

import json
from datetime import date, timedelta
from fractions import Fraction

import pytest
from conftest import FIXTURES, HEADER, YEARS, transcript

from recert_core import check
from recert_core.formatting import day_text
from recert_core.rules import COMPONENTS, default_rules

# Hours per level, written from the sources (NREMT NCCP; the 2018 AEMT sheet), not read from the data.
HOURS = {
    "emt": {"national": 20, "local": 10, "individual": 10},
    "aemt": {"national": 25, "local": 12.5, "individual": 12.5},
    "paramedic": {"national": 30, "local": 15, "individual": 15},
}


def rows_by_line(report):
    return {row["line"]: row for row in report.to_dict()["rows"]}


def test_worked_example_1_emt_2018():
    report = check(
        transcript(
            "2016-05-01,National in class,14,T2-1001,national,",
            "2017-01-10,National online,8,17-EMT-F3-0001,national,",
            "2017-02-01,Local in class,10,T1-2001,local,",
            "2017-03-01,Individual online,9,17-ABC-F3-0099,individual,",
        ),
        "emt",
        2018,
    ).to_dict()
    assert report["met"] is True
    assert report["window"] == {"start": "2016-04-01", "end": "2018-03-31"}
    national, local, individual = (report["components"][c] for c in COMPONENTS)
    assert national == {"required": 20, "counted": 20, "short": 0, "distributive": 6, "distributive_limit": 7}
    assert local["counted"] == 10 and local["distributive"] == 0
    assert individual == {"required": 10, "counted": 10, "short": 0, "distributive": 10, "distributive_limit": None}
    f3 = report["rows"][1]
    assert f3["status"] == "partial" and f3["hours"] == 8 and f3["counted"] == 7
    assert f3["allocated"] == {"national": 6, "individual": 1}
    assert {r["code"] for r in f3["reasons"]} == {"counted", "moved", "not-needed"}


def test_worked_example_2_local_online_hours_do_not_count_in_2018():
    # Individual is full with online hours, which cannot move to Local either.
    report = check(
        transcript(
            "2016-05-01,National in class,20,T2-1001,national,",
            "2016-06-01,Individual online,10,T3-1002,individual,",
            "2017-01-01,Local online A,5,T3-2001,local,",
            "2017-01-02,Local online B,5,16-EMT-F3-0002,local,",
        ),
        "emt",
        2018,
    ).to_dict()
    assert report["met"] is False
    assert report["components"]["local"]["short"] == 10
    assert [r["status"] for r in report["rows"][2:]] == ["unused", "unused"]
    message = report["rows"][2]["reasons"][-1]["message"]
    assert "Local accepts no distributive hours" in message and "Individual is full" in message


@pytest.mark.parametrize(
    # 2023: the 2016 primary page's limits "for 2017 and thereafter" (the 2022 waiver was 2022's alone)
    ("cycle", "local_counted"),
    [(2016, 10), (2017, 0), (2021, 0), (2022, 10), (2023, 0), (2024, 10)],
)
def test_local_online_hours_on_either_side_of_each_de_change(cycle, local_counted):
    year = cycle - 1
    report = check(transcript(f"{year}-01-01,Local online,10,T3-2001,local,"), "emt", cycle)
    assert report.components["local"].counted == local_counted


def test_2016_total_distributive_limit():
    report = check(
        transcript(
            "2015-01-01,National online,20,T3-1,national,",
            "2015-01-02,Local online,10,T3-2,local,",
            "2015-01-03,Individual online,10,T3-3,individual,",
        ),
        "emt",
        2016,
    )
    assert report.distributive_total == 13
    assert sum(c.counted for c in report.components.values()) == 13
    assert "the total distributive limit (13 h) is reached" in report.to_text()


MARKED_FIRST = {
    "national": ("national", "local", "individual"),
    "local": ("local", "individual"),
    "individual": ("individual", "local"),
}


def naive_greedy(courses, required, caps, order=MARKED_FIRST):
    """Each course in file order to the first component it may fill, in the given order of components."""
    counted = dict.fromkeys(COMPONENTS, 0)
    de = dict.fromkeys(COMPONENTS, 0)
    for marked, distributive, hours in courses:
        for c in order[marked]:
            room = required[c] - counted[c]
            if distributive and caps[c] is not None:
                room = min(room, caps[c] - de[c])
            take = max(0, min(room, hours))
            counted[c] += take
            de[c] += take if distributive else 0
            hours -= take
    return sum(required.values()) - sum(counted.values())


def test_a_naive_greedy_order_falls_short_where_the_optimal_placement_does_not():
    # Individual in class first, then Local online: greedy fills Individual with the
    # in-class hours, and the online hours cannot go to Local (no DE in 2018).
    courses = [("individual", False, 10), ("local", True, 10), ("national", False, 20)]
    assert naive_greedy(courses, HOURS["emt"], {"national": 7, "local": 0, "individual": None}) == 10
    report = check(
        transcript(
            "2017-01-01,Elective in class,10,T2-1,individual,",
            "2017-01-02,Elective online,10,T3-2,local,",
            "2017-01-03,National in class,20,T2-3,national,",
        ),
        "emt",
        2018,
    )
    assert report.met
    rows = rows_by_line(report)
    assert rows[2]["allocated"] == {"local": 10} and rows[2]["reasons"][0]["code"] == "moved"
    assert rows[3]["allocated"] == {"individual": 10}


def test_a_second_greedy_trap_national_online_overflow():
    # National online hours beyond the National DE limit can only go to Individual; greedy
    # that places the in-class national surplus in Individual first leaves them stranded.
    courses = [("national", False, 25), ("national", True, 10), ("local", False, 5)]
    required, caps = HOURS["emt"], {"national": 7, "local": 0, "individual": None}

    surplus_to_individual = {**MARKED_FIRST, "national": ("national", "individual", "local")}
    assert naive_greedy(courses, required, caps, surplus_to_individual) == 5
    report = check(
        transcript(
            "2017-01-01,National in class,25,T2-1,national,",
            "2017-01-02,National online,10,T3-2,national,",
            "2017-01-03,Local in class,5,T1-3,local,",
        ),
        "emt",
        2018,
    )
    assert report.met


def test_a_choice_is_honoured_where_it_costs_nothing():
    report = check(
        transcript(
            "2017-01-01,National,20,T2-1,national,",
            "2017-01-02,My local,10,T2-2,local,",
            "2017-01-03,My individual,10,T2-3,individual,",
            "2017-01-04,Unmarked,2,T2-4,,",
        ),
        "emt",
        2018,
    )
    rows = rows_by_line(report)
    assert rows[3]["allocated"] == {"local": 10}
    assert rows[4]["allocated"] == {"individual": 10}
    assert rows[5]["status"] == "unused"


def test_unmarked_courses_are_placed_and_say_where():
    report = check(transcript("2017-01-04,Unmarked,4,T2-4,,"), "emt", 2018)
    row = report.to_dict()["rows"][0]
    assert row["allocated"] == {"local": 4}
    assert (row["reasons"][0]["code"], row["reasons"][0]["column"]) == ("placed", "")
    assert dict(report.rows[0].reasons[0].values) == {"hours": "4 h", "component": "Local"}


def test_national_hours_only_from_national_rows():
    report = check(transcript("2017-01-01,Elective,30,T2-1,local,"), "emt", 2018)
    assert report.components["national"].counted == 0
    assert report.components["local"].counted == 10 and report.components["individual"].counted == 10


def test_the_result_does_not_depend_on_row_order():
    rows = [
        "2017-01-01,A,6,T3-1,national,",
        "2017-01-02,B,14,T2-2,national,",
        "2017-01-03,C,4,T3-3,,",
        "2017-01-04,D,9,T2-4,local,",
        "2017-01-05,E,3,T3-5,individual,",
        "2017-01-06,F,5,T2-6,,",
    ]
    first = check(transcript(*rows), "aemt", 2019)
    again = check(transcript(*rows), "aemt", 2019)
    reversed_ = check(transcript(*reversed(rows)), "aemt", 2019)
    assert first.to_json() == again.to_json()

    def totals(report):
        return {c: r.counted for c, r in report.components.items()}

    assert totals(first) == totals(reversed_)


def test_every_rejection(fixture_bytes):
    report = check(fixture_bytes("every_problem.csv"), "emt", 2018)
    codes = {row["line"]: [r["code"] for r in row["reasons"]] for row in report.to_dict()["rows"]}
    assert codes == {
        2: ["outside-window"],
        3: ["counted"],
        4: ["counted"],
        5: ["outside-window"],
        6: ["no-approval", "unverified"],
        7: ["bad-approval", "unverified"],
        8: ["needs-delivery", "counted"],
        9: ["unknown-format-code", "unverified"],
        10: ["bad-date"],
        11: ["non-positive-hours"],
        12: ["negative-hours"],
        13: ["bad-hours"],
        14: ["bad-component"],
        15: ["duplicate"],
        16: ["duplicate"],
    }
    statuses = {row.line: row.status for row in report.rows}
    assert [line for line, s in statuses.items() if s not in ("rejected", "unverified")] == [3, 4, 8]
    assert [line for line, s in statuses.items() if s == "unverified"] == [6, 7, 9]


@pytest.mark.parametrize("cycle", YEARS)
def test_window_ends_are_inclusive_in_every_cycle(cycle):
    start = date(cycle - 2, 3, 31) if cycle == 2016 else date(cycle - 2, 4, 1)
    end = date(cycle, 3, 31)
    days = [start - timedelta(1), start, start + timedelta(1), end - timedelta(1), end, end + timedelta(1)]
    report = check(
        transcript(*(f"{d.isoformat()},Course {i},1,T2-{i},national," for i, d in enumerate(days))), "emt", cycle
    )
    assert [row.status for row in report.rows] == ["rejected", "counted", "counted", "counted", "counted", "rejected"]


@pytest.mark.parametrize("level", HOURS)
@pytest.mark.parametrize("cycle", YEARS)
def test_verdict_for_every_cycle_and_level(cycle, level):
    hours = HOURS[level]
    day = f"{cycle - 1}-06-01"
    header = HEADER + ",pediatric"  # a national course of pediatric content: the pediatric share too, when asked
    just_enough = [
        f"{day},National {level},{hours['national']},T2-1,national,,yes",
        f"{day},Local {level},{hours['local']},T1-2,local,,no",
        f"{day},Individual {level},{hours['individual']},T2-3,individual,,no",
    ]
    assert check(transcript(*just_enough, header=header), level, cycle).met
    short = [*just_enough[:1], f"{day},Local {level},{hours['local'] - 0.5},T1-2,local,,no", just_enough[2]]
    report = check(transcript(*short, header=header), level, cycle)
    assert not report.met
    # Where Local takes no online hours, the shortfall is left in Individual, which online courses can fill.
    easier = (
        "individual" if default_rules().cycle(cycle).distributive_limits(level).per_component["local"] == 0 else "local"
    )
    assert report.components[easier].short == Fraction("0.5")
    assert report.to_dict()["provisional"] is (cycle == 2023 or cycle > 2024)  # 2023: DE limits


def test_thirty_twenty_minute_modules_meet_a_ten_hour_need():
    """Hours stay exact until shown: 30 x 20 min is 10 h, not 30 x 0.33 = 9.9 h."""
    rules = default_rules()
    rule_set = rules.cycle(rules.newest_sourced)
    day = rule_set.window[0].isoformat()
    required = rule_set.hours("emt")
    ten_hours = next(c for c in COMPONENTS if required[c] == 10)
    others = [c for c in COMPONENTS if c != ten_hours]
    modules = [f"{day},Module {i},20 min,T2-{100 + i},{ten_hours}," for i in range(30)]
    rest = [f"{day},{c} course,{required[c]},T2-{i},{c}," for i, c in enumerate(others)]
    report = check(transcript(*modules, *rest), "emt", rule_set.year)
    assert report.met and report.outcome == "met"
    assert report.components[ten_hours].counted == 10 and report.components[ten_hours].short == 0
    assert report.to_dict()["components"][ten_hours] | {"distributive_limit": None} == {
        "required": 10,
        "counted": 10,
        "short": 0,
        "distributive": 0,
        "distributive_limit": None,
    }
    assert [r.code for r in report.rows[0].reasons] == ["counted"]  # no note about rounding: nothing is rounded
    assert report.rows[0].hours == Fraction(1, 3)
    assert report.to_dict()["rows"][0]["hours"] == 0.33  # shown to hundredths


def test_topic_hours_are_reported_against_the_cycle():
    report = check(
        transcript(
            "2017-01-01,Airway,1.5,T2-1,national,,Airway",
            "2017-01-02,Cardiac,4,T2-2,national,,Cardiovascular",
            "2017-01-03,Stroke,2,T2-3,national,,Neurology",
            header="date,title,hours,approval,component,delivery,topic",
        ),
        "emt",
        2018,
    ).to_dict()
    topics = {t["topic"]: t for t in report["topics"]}
    assert topics["airway"]["short"] == 0
    assert topics["cardiology"] == {
        "topic": "cardiology",
        "name": "Cardiology",
        "required": 6,
        "counted": 4,
        "short": 2,
    }
    assert report["topics_met"] is False
    assert report["rows"][2]["reasons"][0]["code"] == "unknown-topic"
    assert report["rows"][2]["status"] == "counted"


def test_no_topic_column_no_topic_report():
    report = check(transcript("2017-01-01,Airway,1.5,T2-1,national,"), "emt", 2018).to_dict()
    assert report["topics"] is None and report["topics_met"] is None


def test_json_numbers_are_numbers():
    data = json.loads(check(transcript("2017-01-01,A,1.25,T2-1,national,"), "emt", 2018).to_json())
    row = data["rows"][0]
    assert row["hours"] == 1.25 and isinstance(row["hours"], float)
    required = data["components"]["national"]["required"]
    assert required == 20 and isinstance(required, int)


def test_provisional_reasons_come_with_the_report():
    later = default_rules().cycle(default_rules().newest_sourced + 1)  # no source describes it yet
    report = check(transcript(f"{later.window[0]},A,1,T2-1,national,"), "emt", later.year).to_dict()
    assert report["provisional"] is True
    assert any(str(later.year) in reason for reason in report["provisional_reasons"])


def test_rules_of_a_cycle_reach_the_report():
    assert default_rules().cycle(2022).waivers == check(transcript("2021-01-01,A,1,T2-1,,"), "emt", 2022).waivers


def test_the_browser_gets_the_cli_report_and_downloads_it_byte_for_byte():
    from recert_core import browser

    data = (FIXTURES / "every_problem.csv").read_bytes()
    answer = browser.run_check(data, "emt", "2018", "2026-11-21")
    assert isinstance(answer, bytes)  # UTF-8: Pyodide hands bytes to JavaScript at once
    parsed = json.loads(answer)
    cli_json = check(data, "emt", "2018", today=date(2026, 11, 21)).to_json()  # the page's date
    assert parsed["ok"] is True and parsed["report"] == json.loads(cli_json)
    deadlines = parsed["next"]["deadlines"]
    assert deadlines[0] == {
        "date": "2017-10-01",
        "text": "October 1, 2017",
        "days_left": -3338,
        "passed": True,
        "when": "October 1, 2017 (passed 3338 days ago)",
        "label": "Training profile and state application open",
        "provisional": False,
    }
    assert browser.last_json() == cli_json.encode()
    assert browser.last_csv().decode().startswith("\ufeff")
    unusable = json.loads(browser.run_check(b"\x00\x01binary", "emt", "2018", "2026-11-21"))
    assert unusable == {"ok": False, "error": unusable["error"]} and "not a CSV file" in unusable["error"]


# --- issue 10: the verdict a provider can trust ----------------------------------------------------

TOPIC_HEADER = "date,title,hours,approval,component,delivery,topic"


def test_topic_minimums_are_met_before_other_national_hours():
    # Medical 12 h and Operations 8 h listed first would fill National on their own; the Airway,
    # Cardiology and Trauma courses must count instead of being left unused while their topics are short.
    report = check(
        transcript(
            "2017-01-01,Medical marathon,12,T2-1,national,,Medical",
            "2017-01-02,Operations day,8,T2-2,national,,Operations",
            "2017-01-03,Airway lab,1.5,T2-3,national,,Airway",
            "2017-01-04,Cardiology update,6,T2-4,national,,Cardiology",
            "2017-01-05,Trauma review,1.5,T2-5,national,,Trauma",
            "2017-02-01,Local,10,T1-6,local,,",
            "2017-02-02,Individual,10,T2-7,individual,,",
            header=TOPIC_HEADER,
        ),
        "emt",
        2018,
    )
    rows = rows_by_line(report)
    assert [rows[line]["status"] for line in (4, 5, 6)] == ["counted"] * 3
    assert report.to_dict()["topics_met"] is True and report.met
    assert {t.topic: t.counted for t in report.topics} == {
        "airway": Fraction("1.5"),
        "cardiology": 6,
        "trauma": Fraction("1.5"),
        "medical": 6,
        "operations": 5,
    }


def test_a_topic_course_is_never_unused_while_its_topic_is_short():
    report = check(
        transcript(
            "2017-01-01,Medical marathon,20,T2-1,national,,Medical",
            "2017-01-03,Airway lab,1,T2-3,national,,Airway",
            header=TOPIC_HEADER,
        ),
        "emt",
        2018,
    )
    airway = rows_by_line(report)[3]
    assert airway["status"] == "counted" and airway["allocated"] == {"national": 1}
    assert not report.met and report.to_dict()["topics_met"] is False
    assert report.outcome == "short" and not report.ended
    assert {t.topic: t.short for t in report.topics or ()}["airway"] == Fraction("0.5")


def test_a_topics_surplus_is_not_another_topics_hours():
    """Paramedic 2024: 10 h of cardiology (8.5 needed), 2 h of airway (3.5 needed). National is short the
    1.5 h of airway, not full; the 1.5 h of cardiology beyond its minimum count toward Individual, where
    they are needed; one 1.5 h airway course is exactly what is missing."""
    rule_set = default_rules().cycle(2024)
    topics, hours = rule_set.national_topics("paramedic"), rule_set.hours("paramedic")
    day = rule_set.window[0].isoformat()
    national = {
        **topics,
        "cardiology": topics["cardiology"] + Fraction(3, 2),
        "airway": topics["airway"] - Fraction(3, 2),
    }
    rows = [f"{day},{t} course,{float(h)},T2-{i},national,,{t}" for i, (t, h) in enumerate(national.items())]
    rows += [
        f"{day},Local course,{float(hours['local'])},T1-20,local,,",
        f"{day},Individual course,{float(hours['individual'] - Fraction(3, 2))},T2-21,individual,,",
    ]
    report = check(transcript(*rows, header=TOPIC_HEADER), "paramedic", 2024)
    document = report.to_dict()
    assert document["components"]["national"]["short"] == 1.5 and document["total"]["short"] == 1.5
    assert document["components"]["individual"]["short"] == 0
    assert [(n["component"], n["topic"], n["hours"]) for n in document["next_steps"]["needs"]] == [
        ("national", None, 1.5),
        ("national", "airway", 1.5),
    ]
    cardiology = rows_by_line(report)[3]
    assert cardiology["allocated"] == {"national": 8.5, "individual": 1.5}
    assert "Cardiology already has its 8.5 h in National" in cardiology["reasons"][1]["message"]
    airway_course = f"{day},Airway lab,1.5,T2-30,national,,airway"
    assert check(transcript(*rows, airway_course, header=TOPIC_HEADER), "paramedic", 2024).met


def test_a_national_course_without_a_topic_counts_toward_national_only_where_the_topics_leave_room():
    rule_set = default_rules().cycle(2024)
    day = rule_set.window[0].isoformat()
    rows = [
        f"{day},{t} course,{float(h)},T2-{i},national,,{t}"
        for i, (t, h) in enumerate(rule_set.national_topics("emt").items())
    ]
    report = check(
        transcript(*rows[1:], f"{day},Untitled national,5,T2-9,national,,", header=TOPIC_HEADER), "emt", 2024
    )
    untopiced = rows_by_line(report)[6]
    assert "national" not in untopiced["allocated"]
    assert "names none of them" in untopiced["reasons"][0]["message"]
    assert report.components["national"].short == rule_set.national_topics("emt")["airway"]


def test_the_shortfall_is_left_where_the_easiest_courses_fill_it():
    # 2018: Local takes no online hours, Individual any. A live elective fills Local; Individual short 1 h
    # (any online course fills it) beats Local short 1 h (a classroom course only).
    report = check(
        transcript(
            "2017-01-01,National,20,T2-1,national,",
            "2017-01-02,Live elective,9,T2-2,,",
            "2017-01-03,Live individual,10,T2-3,individual,",
        ),
        "emt",
        2018,
    )
    assert report.components["local"].short == 0
    assert report.components["individual"].short == 1
    assert "Individual: 1 h more by March 31, 2018; any of them may be online" in report.to_text()


def test_one_verdict_never_met_with_topics_short():
    data = transcript(
        "2017-01-01,All national medical,20,T2-1,national,,Medical",
        "2017-02-01,Local,10,T1-6,local,,",
        "2017-02-02,Individual,10,T2-7,individual,,",
        header=TOPIC_HEADER,
    )
    report = check(data, "emt", 2018)
    assert report.met is False
    assert report.outcome == "short" and report.to_dict()["topics_met"] is False
    assert "topic hours are short" not in report.to_text()


def test_topics_not_given_are_said_plainly_and_do_not_decide():
    report = check(
        transcript(
            "2017-01-01,National,20,T2-1,national,",
            "2017-02-01,Local,10,T1-6,local,",
            "2017-02-02,Individual,10,T2-7,individual,",
        ),
        "emt",
        2018,
    )
    document = report.to_dict()
    assert document["met"] is True and document["topics_checked"] is False and document["topics"] is None
    assert "National topic hours could not be checked" in report.to_text()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "2017-01-01,CPR refresher,2,T2-4411,national,",
            "2017-06-09,C.P.R. Refresher (online copy),2,t2 4411,national,",
        ),
        ("2017-01-01,Stroke,2,16-EMT-F1-0001,national,", "2017-03-01,Stroke scales,2,16–EMT–F1–0001,national,"),
    ],
)
def test_the_same_approval_number_is_the_same_course_whatever_its_date_or_title(first, second):
    report = check(transcript(first, second), "emt", 2018)
    assert rows_by_line(report)[3]["status"] == "rejected"
    (reason,) = report.rows[1].reasons
    assert (reason.code, reason.value("line"), reason.value("how")) == ("duplicate", "2", "same approval number")


def test_an_unusable_row_never_hides_a_usable_copy_of_itself():
    report = check(
        transcript(
            "2017-01-01,CPR refresher,two,T2-4411,national,",
            "2017-01-01,CPR refresher,2,T2-4411,national,",
            "2017-01-01,CPR refresher,2,,national,",
        ),
        "emt",
        2018,
    )
    rows = rows_by_line(report)
    assert rows[2]["status"] == "rejected" and rows[2]["reasons"][0]["code"] == "bad-hours"
    assert rows[3]["status"] == "counted"
    duplicate = report.rows[2].reasons[-1]
    assert rows[4]["status"] == "rejected" and (duplicate.code, duplicate.value("line")) == ("duplicate", "3")


def test_two_numbers_on_one_day_with_one_title_are_two_courses():
    rows = rows_by_line(
        check(transcript("2017-01-01,CE night,2,T2-1,national,", "2017-01-01,CE night,2,T2-2,national,"), "emt", 2018)
    )
    assert rows[2]["status"] == rows[3]["status"] == "counted"


def test_an_old_number_without_delivery_counts_as_distributive_with_a_note():
    report = check(
        transcript("2017-01-01,Old course,5,150123,local,"),
        "emt",
        2018,
    )
    row = report.to_dict()["rows"][0]
    # Counted as online: Local takes none in 2018, so it goes to Individual.
    assert row["status"] == "counted" and row["distributive"] is True and row["allocated"] == {"individual": 5}
    assert row["reasons"][0]["code"] == "needs-delivery"
    # Where there are no limits, it simply counts.
    assert check(transcript("2021-06-01,Old course,5,150123,local,"), "emt", 2022).components["local"].counted == 5


def test_a_course_without_an_approval_number_is_unverified_never_met():
    data = transcript(
        "2017-01-01,National,20,T2-1,national,",
        "2017-02-01,Local from the NREMT export,10,,local,live",
        "2017-02-02,Individual online,10,T3-7,individual,",
    )
    report = check(data, "emt", 2018)
    document = report.to_dict()
    assert document["met"] is False and document["met_if_verified"] is True
    assert document["rows"][1]["status"] == "unverified" and document["rows"][1]["counted"] == 0
    assert document["unverified"] == [{"line": 3, "title": "Local from the NREMT export", "hours": 10}]
    assert document["components"]["local"]["short"] == 10
    assert report.outcome == "short-one-unverified"
    assert document["next_steps"]["fixes"] == [
        {
            "file": "",
            "lines": [3],
            "code": "no-approval",
            "column": "approval",
            "message": "line 3: add the approval number from the certificate or your NREMT course record",
        }
    ]
    assert report.to_text().splitlines()[2:4] == [
        "Rows to fix:",
        "  - line 3: add the approval number from the certificate or your NREMT course record",
    ]


def test_met_if_verified_is_false_when_verification_would_not_be_enough():
    report = check(transcript("2017-02-01,Local,10,,local,"), "emt", 2018).to_dict()
    assert report["met"] is False and report["met_if_verified"] is False


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("CAPCE # 16-EMT-F3-0001", "16-EMT-F3-1"),
        ("CAPCE: 16 EMT F3 0001", "16-EMT-F3-1"),
        ("OEMS T2-1234", "T2-1234"),
        ("OEMS No. T2–1234", "T2-1234"),
        ("T2 1234", "T2-1234"),
        ("T2\u20141234 (renewed in 2017)", "T2-1234"),
        ("MA-T3-2023-0456; see certificate", "T3-2023-456"),
        ("ma-150123", "150123"),
        ("MA-2015-0101", "2015-101"),
    ],
)
def test_approval_numbers_as_people_write_them(cell, number):
    from recert_core.approval import Approval, parse_approval

    parsed = parse_approval(cell)
    assert isinstance(parsed, Approval) and parsed.number == number


def test_one_number_written_two_ways_is_one_course_counted_once():
    """ "MA-T1-3001" in one row and "T1-3001" (or "T1-03001") in another were two courses, counted twice:
    the state's prefix and the zeros before a serial name no other course."""
    rows = ("2025-01-10,Airway,2,MA-T1-3001,,", "2025-02-10,Airway again,2,T1-03001,,")
    report = check(transcript(*rows), "emt", 2026).to_dict()
    assert [r["status"] for r in report["rows"]][1] == "rejected"
    assert report["rows"][1]["reasons"][0]["code"] == "duplicate"
    older = ("2025-01-10,Old course,2,MA-2015-0101,,live", "2025-01-10,Other old course,2,MA-2015-0102,,live")
    assert [r["status"] for r in check(transcript(*older), "emt", 2026).to_dict()["rows"]] != ["rejected"] * 2
    assert "duplicate" not in [
        r["reasons"][0]["code"] for r in check(transcript(*older), "emt", 2026).to_dict()["rows"]
    ]


@pytest.mark.parametrize("cell", ["—", "N/A", "none", "n/a", "-", ""])
def test_placeholders_mean_no_approval_number(cell):
    from recert_core.approval import parse_approval

    assert parse_approval(cell).code == "no-approval"


def test_a_hostile_approval_cell_is_read_in_linear_time():
    from recert_core.approval import parse_approval

    finding = parse_approval("T1-" * 40_000 + "!")  # the old pattern backtracked quadratically: minutes for this
    assert finding.code == "bad-approval"  # and it is no number: one T code, then digits


def test_next_steps_say_what_may_be_online_and_by_when():
    report = check(
        transcript(
            "2017-01-01,National online,5,T3-1,national,",
            "2017-01-02,National live,10,T2-2,national,",
        ),
        "emt",
        2018,
    )
    needs = {n["component"]: n for n in report.to_dict()["next_steps"]["needs"]}
    assert needs["national"]["hours"] == 5 and needs["national"]["online"] == 2  # 7 h DE cap, 5 used
    assert needs["local"]["online"] == 0 and needs["individual"]["online"] == 10
    assert needs["local"]["by"] == "2018-03-31"
    assert "National: 5 h more by March 31, 2018; at most 2 h of them online" in needs["national"]["message"]


def test_every_code_the_checker_writes_is_in_the_catalogue(fixture_bytes):
    from recert_core.problems import catalogue

    written = {
        r["code"]
        for row in check(fixture_bytes("every_problem.csv"), "emt", 2018).to_dict()["rows"]
        for r in row["reasons"]
    }
    assert written <= set(catalogue())


def test_the_instructor_deadline_is_listed_only_for_those_roles():
    import json

    from recert_core.browser import run_check

    data = transcript("2023-01-01,National,20,T2-1,national,")
    for roles, listed in (("", False), ("instructor", True)):
        answer = json.loads(run_check(data, "emt", "2024", "2023-11-01", roles=roles))
        labels = [d["label"] for d in answer["next"]["deadlines"]]
        assert any("Instructor" in label for label in labels) is listed


def test_a_course_in_two_exports_counts_once_and_says_where_the_other_is():
    from recert_core.check import judge, resolve
    from recert_core.transcript import read_transcript

    nremt = b"Course Name,Completed Date,Duration\nCPR refresher,01/05/2017,2\n"  # no approval column
    vendor = transcript("2017-01-05,CPR Refresher,2,T2-4411,national,")
    level, cycle = resolve("emt", 2018)
    report = judge(read_transcript([("nremt.csv", nremt), ("vendor.csv", vendor)]), level, cycle)
    by_status = {row.status for row in report.rows}
    assert by_status == {"counted", "rejected"}  # the verified copy is kept, the unverified one is the duplicate
    rejected = next(row for row in report.rows if row.status == "rejected").reasons[-1]
    assert rejected.code == "duplicate"
    assert dict(rejected.values) == {"line": "2", "file": "vendor.csv", "how": "same date and title"}


def test_rows_to_fix_are_gathered_by_what_to_do():
    report = check(
        transcript(
            *(f"2017-01-0{i},Course {i},1,,national," for i in range(1, 7)),
            "2017-02-01,Bad date,1,T2-9,national,",
            "2017-13-01,Bad date,1,T2-8,national,",
            "2017-02-03,No number,1,,local,",
        ),
        "emt",
        2018,
    )
    assert [fix["message"] for fix in report.fixes()] == [
        "lines 2 to 7 and 10: add the approval number from the certificate or your NREMT course record",
        "line 9: correct the completion date (for example 2025-03-19)",
    ]


# --- issue 19: the pediatric share of National, for the cycles that ask it --------------------------

PEDIATRIC_CYCLE = next(y for y in YEARS if default_rules().cycle(y).pediatric_hours("emt"))
BEFORE_PEDIATRIC = PEDIATRIC_CYCLE - 1
PEDIATRIC_HEADER = "date,title,hours,approval,component,delivery,topic,pediatric"


def _every_topic_met(year: int, pediatric: dict[str, str] | None = None, titles: dict[str, str] | None = None):
    """An EMT transcript meeting every component and topic of `year`, each national course marked as
    `pediatric` says (a topic -> "yes"/"no"/"" cell) and titled as `titles` says."""
    rule_set = default_rules().cycle(year)
    day = rule_set.window[0].isoformat()
    marks, names = pediatric or {}, titles or {}
    rows = [
        f"{day},{names.get(t, t + ' update')},{float(h)},T2-{i},national,,{t},{marks.get(t, '')}"
        for i, (t, h) in enumerate(rule_set.national_topics("emt").items())
    ]
    hours = rule_set.hours("emt")
    rows += [f"{day},Local day,{float(hours['local'])},T1-20,local,,,", f"{day},Electives,10,T2-21,individual,,,"]
    return transcript(*rows, header=PEDIATRIC_HEADER)


def test_a_file_that_does_not_mark_pediatric_courses_is_never_met_in_a_cycle_that_asks_them():
    report = check(_every_topic_met(PEDIATRIC_CYCLE), "emt", PEDIATRIC_CYCLE)
    document = report.to_dict()
    required = default_rules().cycle(PEDIATRIC_CYCLE).pediatric_hours("emt")
    assert report.met is False and document["met"] is False and document["met_if_verified"] is False
    assert document["total"]["short"] == 0 and document["topics_met"] is True  # every other requirement is met
    assert document["pediatric_met"] is None
    assert document["pediatric"] == {
        "required": float(required),
        "counted": 0,
        "short": float(required),
        "checked": False,
    }
    assert report.outcome == "not-confirmed" and document["pediatric_met"] is None
    (need,) = document["next_steps"]["needs"]
    assert (need["pediatric"], need["checked"], need["hours"]) == (True, False, float(required))
    assert need["message"] == document["pediatric_unchecked"] and "Pediatric column" in need["message"]
    assert document["pediatric_unchecked"] in report.to_text()


def test_a_pediatric_column_settles_it_either_way():
    topics = list(default_rules().cycle(PEDIATRIC_CYCLE).national_topics("emt"))
    none = check(_every_topic_met(PEDIATRIC_CYCLE, dict.fromkeys(topics, "no")), "emt", PEDIATRIC_CYCLE)
    assert none.pediatric_met is False and not none.met and "pediatric" in none.shortfall()
    short = none.pediatric.short
    assert none.components["national"].short == short  # the pediatric hours are National's
    assert [n["checked"] for n in none.to_dict()["next_steps"]["needs"] if n["pediatric"]] == [True]
    # One course of enough hours marked yes, the blank cells below it read as no: met.
    one = {topics[0]: "yes"}
    marked = check(_every_topic_met(PEDIATRIC_CYCLE, one), "emt", PEDIATRIC_CYCLE)
    hours = default_rules().cycle(PEDIATRIC_CYCLE).national_topics("emt")[topics[0]]
    assert marked.pediatric.checked is True
    assert marked.met is (hours >= marked.pediatric.required)


def test_a_title_that_says_pediatric_counts_and_a_mixed_one_does_not():
    topics = default_rules().cycle(PEDIATRIC_CYCLE).national_topics("emt")
    biggest = max(topics, key=topics.get)
    pediatric = check(
        _every_topic_met(PEDIATRIC_CYCLE, titles={biggest: "Pediatric emergencies"}), "emt", PEDIATRIC_CYCLE
    )
    assert pediatric.met and pediatric.pediatric.counted >= pediatric.pediatric.required
    mixed = check(
        _every_topic_met(PEDIATRIC_CYCLE, titles={biggest: "Adult and pediatric emergencies"}), "emt", PEDIATRIC_CYCLE
    )
    assert mixed.pediatric_met is None and not mixed.met


def test_cycles_before_the_pediatric_share_ask_none():
    report = check(_every_topic_met(BEFORE_PEDIATRIC), "emt", BEFORE_PEDIATRIC)
    assert report.met and report.pediatric is None and report.to_dict()["pediatric"] is None


def test_the_cli_exits_not_met_when_pediatric_hours_cannot_be_checked(tmp_path):
    from recert_core.cli import main

    path = tmp_path / "t.csv"
    path.write_bytes(_every_topic_met(PEDIATRIC_CYCLE))
    assert main(["check", str(path), "--level", "emt", "--cycle", str(PEDIATRIC_CYCLE)]) == 1


@pytest.mark.parametrize(
    ("cell", "pediatric"),
    [("Yes", True), ("y", True), ("✓", True), ("No", False), ("N", False), ("✗", False), ("", None), ("maybe", None)],
)
def test_a_pediatric_cell_says_yes_no_or_nothing(cell, pediatric):
    from recert_core.transcript import read_transcript

    data = transcript(f"2025-01-01,A,1,T2-1,national,,{cell}", header=HEADER + ",pediatric")
    assert read_transcript(data).courses[0].pediatric is pediatric


# --- issue 19: the cycle the reader is in (dates from the data, `today` passed, never the clock) -------


def _short_transcript(year: int) -> bytes:
    start = default_rules().cycle(year).window[0]
    return transcript(f"{start.isoformat()},National day,5,T2-1,national,")


def test_a_past_deadline_is_never_a_next_step():
    year = YEARS[-3]
    rule_set = default_rules().cycle(year)
    end = rule_set.window[1]
    final = rule_set["last_day_with_late_fee"].value.when
    still_open = check(_short_transcript(year), "emt", year, today=end)
    assert still_open.outcome == "short" and not still_open.ended
    open_report = still_open.to_dict()
    assert open_report["next_steps"]["cycle"] == []
    dated = [n for n in open_report["next_steps"]["needs"] if n.get("checked", True)]  # not "mark them"
    assert dated and all(day_text(end) in n["message"] and not n["passed"] for n in dated)

    late = check(_short_transcript(year), "emt", year, today=end + timedelta(days=1)).to_dict()
    (ended,) = late["next_steps"]["cycle"]
    assert ended["code"] == "cycle-ended" and ended["closed"] == end.isoformat()
    assert day_text(final) in ended["late"] and ended["late"] in ended["message"]
    if rule_set["last_day_with_late_fee"].provisional:  # a provisional value is marked where it is shown
        assert f"{day_text(final)} (provisional)" in ended["late"] and ended["provisional_reasons"]

    after_report = check(_short_transcript(year), "emt", year, today=final + timedelta(days=250))
    assert after_report.outcome == "short" and after_report.ended  # said "Not met", with no "yet"
    after = after_report.to_dict()
    (ended,) = after["next_steps"]["cycle"]
    assert "Every renewal deadline of this cycle has passed" in ended["message"]
    assert rule_set.contact("oems_help")["email"] in ended["message"]
    for need in after["next_steps"]["needs"]:
        assert need["passed"] is True
        assert f"short when the window closed on {day_text(end)}" in need["message"] or not need.get("checked", True)


def test_courses_that_fit_another_cycle_say_which():
    earlier, checked = YEARS[-3], YEARS[-2]
    rules = default_rules()
    before_overlap = rules.cycle(checked).window[0] - timedelta(days=30)  # in the earlier window only
    in_both = rules.cycle(earlier).window[1] - timedelta(days=30)
    rows = [f"{before_overlap.isoformat()},Course {i},2,T2-{i},national," for i in range(5)]
    rows += [f"{in_both.isoformat()},Course {i},2,T2-{i},national," for i in range(5, 7)]
    report = check(transcript(*rows), "emt", checked, today=in_both)
    (note,) = report.to_dict()["next_steps"]["cycle"]
    assert note["code"] == "other-cycle" and note["cycles"] == [earlier]
    assert (note["rows"], note["of"], note["in_this_cycle"]) == (7, 7, 2)
    assert report.cycle_notes[0].code == "other-cycle" and str(earlier) in note["message"]
    assert note["message"] in report.to_text()
    # Checked for the cycle they fit: nothing to say.
    assert check(transcript(*rows), "emt", earlier, today=in_both).to_dict()["next_steps"]["cycle"] == []
    # Seen after that cycle has ended: the suggestion says so.
    later = rules.cycle(earlier).window[1] + timedelta(days=1)
    (note,) = check(transcript(*rows), "emt", checked, today=later).to_dict()["next_steps"]["cycle"]
    assert "That cycle's window closed" in note["message"]
