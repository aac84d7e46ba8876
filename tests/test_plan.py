"""My renewal plan: every pathway and alignment case of the sources, and each deadline's day before, of and after."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, timedelta

import pytest
from conftest import HOME_REGION, YEARS

from recert_core.plan import ROLES, PlanError, Situation, make_plan
from recert_core.rules import default_rules


def plan(**given):
    defaults = {
        "level": "emt",
        "expires": 2024,
        "nremt_status": "current",
        "nremt_expires": 2024,
        "affiliated": True,
        "region": 3,
        "roles": (),
        "today": date(2023, 11, 1),
    }
    return make_plan(Situation(**(defaults | given))).to_dict()


def step(result, step_id):
    return next(s for s in result["steps"] if s["id"] == step_id)


def ids(result):
    return [s["id"] for s in result["steps"]]


def test_affiliated_with_nremt_aligned():
    result = plan()
    assert ids(result) == [
        "training-profile",
        "education",
        "submit-education",
        "renew-nremt",
        "state-renewal",
        "confirm",
    ]
    assert step(result, "submit-education")["fees"] == ["Training profile (NREMT) submission fee: $25"]
    assert step(result, "submit-education")["deadline"] == "2024-02-15"
    assert step(result, "state-renewal")["fees"][0] == "State recertification fee (eLicensing): $125"
    assert step(result, "state-renewal")["fees"][1] == "Surcharge on credit and debit card payments: 2.35%"
    assert "dph.elicensing_support@mass.gov" in step(result, "state-renewal")["contact"]
    assert "support@nremt.org" in step(result, "renew-nremt")["contact"]
    assert "same continuing-education requirements" in step(result, "renew-nremt")["detail"]
    assert step(result, "renew-nremt")["deadline"] == "2024-03-31"
    # The late fee is flagged where it is shown: the 2024 sources state $50 only for a late alignment.
    late_fee = (
        "Late fee: the 2024 sources state a $50 late fee only for a late one-year alignment, not for a late full "
        "renewal."
    )
    assert late_fee in result["provisional_reasons"]
    assert "Late fee: $50 (provisional)" in step(result, "state-renewal")["fees"]
    state = step(result, "state-renewal")
    assert (
        state["provisional_reasons"] == [] and late_fee in state["values_provisional_reasons"]
    )  # the value, not the step
    # The other provisional values the plan shows are key dates of the cycle, each marked.
    marked = [d for d in result["key_dates"] if d["provisional"]]
    assert marked and all(d["text"].endswith("(provisional)") for d in marked)


def test_unaffiliated_with_nremt_renews_as_inactive():
    result = plan(affiliated=False, nremt_status="inactive")
    assert "renew it as Inactive" in step(result, "renew-nremt")["detail"]
    assert "review" not in ids(result)


def test_unaffiliated_massachusetts_only_goes_to_the_regional_office():
    result = plan(affiliated=False, nremt_status="never", nremt_expires=None, region=1)
    assert "Unaffiliated-Region 1" in step(result, "review")["detail"]
    assert "413-586-6065" in step(result, "review")["contact"]
    assert step(result, "review")["contacts"][0]["phone"] == "413-586-6065"
    assert "renew-nremt" not in ids(result)


@pytest.mark.parametrize(
    ("level", "status", "fee"),
    [
        ("emt", "never", "$20"),
        ("emt", "current", "$15"),
        ("aemt", "never", "$25"),
        ("paramedic", "current", "$20"),
    ],
)
def test_2016_training_profile_fees_by_bls_als_and_nremt(level, status, fee):
    result = plan(
        level=level,
        expires=2016,
        nremt_status=status,
        nremt_expires=2016 if status == "current" else None,
        today=date(2015, 11, 1),
    )
    assert step(result, "training-profile")["fees"] == [f"Training profile (NREMT) submission fee: {fee}"]


@pytest.mark.parametrize(("level", "fee"), [("emt", "$25"), ("aemt", "$26"), ("paramedic", "$32")])
def test_2024_submission_fees(level, fee):
    assert step(plan(level=level), "submit-education")["fees"] == [f"Training profile (NREMT) submission fee: {fee}"]


def test_expired_nremt_must_be_regained_first():
    result = plan(nremt_status="expired", nremt_expires=None)
    assert ids(result)[0] == "regain-nremt"
    assert "must regain" in result["steps"][0]["detail"]


def test_one_year_alignment_fees_and_deadlines():
    result = plan(expires=2024, nremt_expires=2025)
    alignment = step(result, "one-year-alignment")
    assert alignment["deadline"] == "2024-02-15" and alignment["deadline_label"] == "Recommended by"
    assert alignment["fees"] == [
        "One-year off-cycle alignment (prorated recertification payment): $62.50",
        "Late fee on a one-year alignment ($112.50 in all), after March 31, 2024 until March 31, 2025: $50",
    ]
    cost = result["cost"]
    assert (cost["total"], cost["late_total"]) == ("$62.50", "$112.50")
    assert "state-renewal" not in ids(result)
    assert alignment["provisional_reasons"] == [] and alignment["values_provisional_reasons"] == []


@pytest.mark.parametrize(
    ("today", "late"),
    [
        (date(2024, 2, 15), ""),
        # The recommended date is a recommendation: the card stays valid, without late fee, until it expires.
        (date(2024, 2, 16), "your card stays valid, and no late fee applies, until March 31, 2024"),
        (date(2024, 3, 31), "your card stays valid, and no late fee applies, until March 31, 2024"),
        (date(2024, 4, 1), "A late alignment costs $112.50, until March 31, 2025."),
        (date(2025, 3, 31), "A late alignment costs $112.50, until March 31, 2025."),
        (date(2025, 4, 1), "The late alignment deadline (March 31, 2025) has passed."),
    ],
)
def test_late_alignment_on_the_days_around_its_deadlines(today, late):
    result = plan(expires=2024, nremt_expires=2025, today=today)
    assert (late in result["late"]) if late else result["late"] == ""


def test_reverse_off_cycle_renews_nremt_then_aligns_with_no_full_renewal():
    result = plan(expires=2025, nremt_expires=2024, today=date(2024, 1, 10))
    assert ids(result) == ["renew-nremt", "alignment-reverse"]  # no state renewal, no training fee on top
    renew = step(result, "renew-nremt")
    assert renew["title"] == "Renew your National Registry certification to 2026"
    assert renew["deadline"] == "2024-03-31" and renew["provisional_reasons"] == []
    reverse = step(result, "alignment-reverse")
    assert "Renew the NREMT certification to 2026 first" in reverse["detail"]
    assert "fall of 2024" in reverse["detail"]
    # the $62.50 is stated for 2024 cards: the fee is marked
    assert reverse["fees"] == ["One-year off-cycle alignment (prorated recertification payment): $62.50 (provisional)"]
    assert reverse["values_provisional_reasons"]


def test_alignment_not_yet_due():
    result = plan(expires=2025, nremt_expires=2026, today=date(2024, 6, 1))
    alignment = step(result, "one-year-alignment")
    assert "not yet due" in alignment["title"]
    assert "instructions in the fall of 2024" in alignment["detail"]
    assert alignment["provisional_reasons"]


def test_instructors_and_examiners():
    result = plan(roles=("instructor", "chief_examiner"))
    roles = step(result, "roles")
    assert roles["title"] == "Renew your Instructor/Coordinator and Chief Examiner status"
    assert roles["deadline"] == "2024-01-31"
    assert ids(result).index("roles") < ids(result).index("state-renewal")


@pytest.mark.parametrize(
    ("today", "days_left", "passed", "late"),
    [
        (date(2018, 3, 30), 1, False, ""),
        (date(2018, 3, 31), 0, False, ""),
        (date(2018, 4, 1), -1, True, "a $50 late fee applies, and every step must be complete by April 30, 2018"),
        (date(2018, 4, 30), -30, True, "a $50 late fee applies"),
        (date(2018, 5, 1), -31, True, "Every renewal deadline of this cycle has passed"),
    ],
)
def test_state_deadline_and_late_fee_on_the_days_around_them(today, days_left, passed, late):
    result = plan(level="aemt", expires=2018, nremt_expires=2018, today=today)
    state = step(result, "state-renewal")
    assert (state["deadline"], state["days_left"], state["passed"]) == ("2018-03-31", days_left, passed)
    assert (late in result["late"]) if late else result["late"] == ""


@pytest.mark.parametrize(
    ("today", "days_left"), [(date(2024, 2, 14), 1), (date(2024, 2, 15), 0), (date(2024, 2, 16), -1)]
)
def test_recommended_date_around_its_day(today, days_left):
    assert step(plan(today=today), "submit-education")["days_left"] == days_left


LATER = default_rules().newest_sourced + 1  # the first cycle no source describes yet


def test_every_step_cites_a_source_and_provisional_rules_are_flagged():
    later = default_rules().cycle(LATER)
    result = plan(expires=LATER, nremt_expires=LATER, today=later.window[0])
    assert all(s["sources"] for s in result["steps"])
    assert result["provisional"] is True
    assert step(result, "state-renewal")["provisional_reasons"]


def test_calendar_file():
    ics = make_plan(Situation("emt", 2024, "current", 2024, True, 3, ("examiner",), date(2023, 11, 1))).to_ics()
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    # education, submit, roles, NREMT, state, expiration; and the key dates no step carries: the window's
    # first day, the last day with the late fee (the portal's opening is a month only, October 2023)
    assert ics.count("BEGIN:VEVENT") == 8
    assert "DTSTART;VALUE=DATE:20240131\r\nDTEND;VALUE=DATE:20240201" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    assert "\\," in ics  # commas in text are escaped


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"level": "emr"}, "Unknown level"),
        ({"expires": 2035}, "No rules for cards expiring in 2035"),
        ({"nremt_status": "lapsed"}, "Unknown NREMT status"),
        ({"nremt_expires": None}, "Give the year"),
        ({"region": 7}, "Unknown region 7: choose one of 1, 2, 3, 4, 5"),
        ({"roles": ("dean",)}, "Unknown role"),
    ],
)
def test_a_situation_that_cannot_be_planned(given, message):
    with pytest.raises(PlanError, match=message):
        plan(**given)


def test_plan_command():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "recert_core",
            "plan",
            "--level",
            "emt",
            "--expires",
            "2024",
            "--nremt",
            "current",
            "--nremt-expires",
            "2025",
            "--affiliated",
            "yes",
            "--region",
            "3",
            "--today",
            "2024-01-10",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Submit the one-year alignment" in done.stdout and "$62.50" in done.stdout
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "recert_core",
            "plan",
            "--level",
            "emt",
            "--expires",
            "2024",
            "--nremt",
            "current",
            "--affiliated",
            "yes",
            "--region",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "Give the year" in bad.stderr and "Traceback" not in bad.stderr
    region = subprocess.run(
        [
            sys.executable,
            "-m",
            "recert_core",
            "plan",
            "--level",
            "emt",
            "--expires",
            "2024",
            "--nremt",
            "never",
            "--affiliated",
            "no",
            "--region",
            "9",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert region.returncode == 2 and "Unknown region 9: choose one of 1, 2, 3, 4, 5." in region.stderr


# --- the plan and the cycle pages render from the same data and never disagree -------------

OFFICE_1 = "Western Massachusetts Emergency Medical Services"
SITUATIONS = [  # (NREMT status, affiliated)
    ("current", True),
    ("inactive", False),
    ("never", True),
    ("never", False),
]


@pytest.fixture(scope="module")
def cycle_pages():
    import html

    from site_plugins.pages import render_pages

    pages = render_pages(
        default_rules(),
        3,
        date(2026, 11, 21),
        {"pyodide": "0", "worker": "w.mjs"},
        site_name="Massachusetts EMS recertification",
    )
    return {path: html.unescape(text) for path, text in pages.items() if path.startswith("cycles/")}


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("level", ["emt", "aemt", "paramedic"])
def test_the_plan_and_the_cycle_page_agree_on_steps_fees_and_dates(cycle_pages, year, level):
    page = cycle_pages[f"cycles/{year}.md"]
    for status, affiliated in SITUATIONS:
        result = plan(
            level=level,
            expires=year,
            nremt_status=status,
            nremt_expires=year if status in ("current", "inactive") else None,
            affiliated=affiliated,
            region=1,
            today=date(year - 1, 11, 1),
        )
        for s in result["steps"]:
            if s["id"] in ("education", "aemt-needs-nremt"):
                continue
            title = s["title"].replace("Unaffiliated-Region 1", "Unaffiliated-Region X")
            detail = s["detail"].replace("Unaffiliated-Region 1", "Unaffiliated-Region X")
            assert f"**{title}.**" in page, (status, affiliated, title)
            assert detail in page, (status, affiliated, s["id"])
            if s["deadline_text"] and s["id"] != "renew-nremt":  # NREMT's date is the provider's own
                shown = s["deadline_text"].replace(" (provisional)", " *(provisional)*")  # marked alike
                assert f"{s['deadline_label']}: {shown}" in page, (s["id"], s["deadline_text"])
            for fee in s["fees"]:
                label, amount = fee.rsplit(": ", 1)
                plain = amount.removesuffix(" (provisional)")
                assert f"{label}: " in page and plain in page, fee
                if plain != amount:  # marked alike: the page's step shows the amount, or the level's in its table
                    shown = (f"{label}: {plain} *(provisional)*", f"{label}: by level (see Fees) *(provisional)*")
                    assert any(text in page for text in shown), fee
            for contact in s["contacts"]:
                if contact["name"] == OFFICE_1:  # the page, for everyone, links to the regional offices
                    assert "Contact: your [regional office](../regions.md)" in page
                    continue
                for way in ("email", "phone", "website"):
                    assert contact.get(way, "") in page, contact
        education = step(result, "education")
        end = education["deadline_text"].removesuffix(" (provisional)")
        assert f"**{end}**" + (" *(provisional)*" if end != education["deadline_text"] else "") in page
        for part in education["detail"].split(": ", 1)[1].split(". ")[0].split(", "):
            assert part.split(" ", 1)[1] in page, part  # "National 20 h": the page's table has 20 h


def test_2016_has_its_own_process_and_no_2024_portal_surcharge_or_returned_payment_fee():
    for status in ("current", "never"):
        result = plan(
            expires=2016,
            nremt_status=status,
            nremt_expires=2016 if status == "current" else None,
            today=date(2015, 11, 1),
        )
        text = str(result)
        for later in ("Health Professions Licensing Portal", "2.35%", "Returned payment", "emailed"):
            assert later not in text, later
        assert (
            "the card is mailed" in step(result, "training-profile")["detail"].lower()
            or "mailed" in step(result, "confirm")["detail"]
        )


def test_2018_elicensing_is_found_by_ssn_and_birth_date_and_cards_are_mailed():
    result = plan(level="aemt", expires=2018, nremt_expires=2018, today=date(2017, 11, 1))
    assert "first-time users search by SSN and birth date" in step(result, "state-renewal")["detail"]
    assert "mailed" in step(result, "confirm")["detail"]
    assert "617-973-0935" in step(result, "state-renewal")["contact"]
    assert "Health Professions Licensing Portal" not in str(result)


def test_2024_uses_the_licensing_portal_and_emails_cards():
    result = plan()
    assert "Health Professions Licensing Portal" in step(result, "state-renewal")["title"]
    assert "link each one at a time" in step(result, "state-renewal")["detail"]
    assert "The card is emailed to you" in step(result, "confirm")["detail"]


def test_an_emt_who_never_held_nremt_is_not_told_to_renew_it_in_2018():
    result = plan(level="emt", expires=2018, nremt_status="never", nremt_expires=None, today=date(2017, 11, 1))
    assert "renew-nremt" not in ids(result)
    assert not any("renew your National Registry" in s["title"] for s in result["steps"])
    entering = step(result, "submit-education")
    assert entering["provisional_reasons"] and "Advanced EMTs" in entering["provisional_reasons"][0]


@pytest.mark.parametrize("status", ["never", "expired"])
def test_an_advanced_emt_without_nremt_is_told_all_must_hold_nraemt(status):
    result = plan(level="aemt", nremt_status=status, nremt_expires=None)
    first = result["steps"][0]
    assert first["id"] == "aemt-needs-nremt"
    assert "All Advanced EMTs in Massachusetts must hold National Registry (NRAEMT) certification" in first["detail"]
    assert "oems-aemt-2018" in first["sources"]
    assert "aemt-needs-nremt" not in ids(plan(level="emt", nremt_status=status, nremt_expires=None))


def test_the_2024_late_fee_is_flagged_not_asserted():
    result = plan(expires=2024, nremt_expires=2024, today=date(2024, 4, 10))
    assert "a late fee may apply ($50 is not confirmed for this cycle" in result["late"]
    assert "only for a late one-year alignment" in result["late"]
    assert (
        "a $50 late fee applies"
        in plan(level="aemt", expires=2018, nremt_expires=2018, today=date(2018, 4, 10))["late"]
    )


def test_provisional_values_stay_provisional_in_the_plans_json():
    result = plan(expires=LATER, nremt_expires=LATER, today=default_rules().cycle(LATER).window[0])
    fee_step = step(result, "submit-education")
    reasons = fee_step["values_provisional_reasons"]  # its fee's: the value is marked, not the step
    assert reasons and any(str(LATER) in r for r in reasons) and fee_step["fees"][0].endswith("(provisional)")
    assert result["provisional"] is True and result["rules_version"]


@pytest.mark.parametrize("year", range(2016, 2024))
def test_no_2024_portal_fee_is_projected_onto_an_earlier_cycle_page(cycle_pages, year):
    page = cycle_pages[f"cycles/{year}.md"]
    assert "2.35%" not in page and "Returned payment fee" not in page
    assert "Health Professions Licensing Portal" not in page.split("## What changed since")[0]


def test_dates_hours_money_and_days_left_are_written_one_way():
    from decimal import Decimal

    from recert_core.formatting import day_text, days_left_text, hours_text, money, month_text

    assert day_text(date(2024, 3, 1)) == "March 1, 2024" and month_text(date(2021, 10, 1)) == "October 2021"
    assert hours_text(Decimal("12.50")) == "12.5 h" and hours_text(None) == "no limit"
    assert (money(Decimal("62.5"), "usd"), money(Decimal(125), "usd"), money(Decimal("2.35"), "percent")) == (
        "$62.50",
        "$125",
        "2.35%",
    )
    assert [days_left_text(date(2024, 2, 15), date(2024, 2, d)) for d in (13, 14, 15, 16, 18)] == [
        " (2 days left)",
        " (1 day left)",
        " (today)",
        " (passed 1 day ago)",
        " (passed 3 days ago)",
    ]
    result = plan(today=date(2024, 2, 14))
    assert step(result, "submit-education")["days_left_text"] == " (1 day left)"


# --- issue 19: the plan and the pages against the sources ---------------------------------------------

DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?: \d{1,2},)? \d{4}\b"
)


def _dates_shown(page: str) -> set[str]:
    """The dates a cycle page shows as its own (intro, timeline, steps, instructors), less the notice of the
    build's own date ("As of ..., this cycle has ended")."""
    page = re.sub(r'<div class="admonition danger" data-recert-ended.*?</div>', "", page, flags=re.S)
    intro = page.split("## Requirements")[0]
    sections = [intro] + [
        page.split(f"## {name}")[1].split("\n## ")[0] for name in ("Timeline", "Steps", "Instructors")
    ]
    return {found for text in sections for found in DATE.findall(text)}


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("level", ["emt", "aemt", "paramedic"])
def test_every_date_a_cycle_page_shows_is_in_the_plan(cycle_pages, year, level):
    page = cycle_pages[f"cycles/{year}.md"]
    shown = _dates_shown(page)
    assert shown
    for status, affiliated in SITUATIONS:
        result = make_plan(
            Situation(
                level,
                year,
                status,
                year if status in ("current", "inactive") else None,
                affiliated,
                HOME_REGION,
                tuple(ROLES),
                default_rules().cycle(year).window[0],
            )
        )
        text = result.to_text()
        assert [d for d in sorted(shown) if d not in text] == [], (status, affiliated)


def test_the_2018_and_2022_plans_have_their_openings_recommendations_and_waiver():
    rules = default_rules()
    plan_2018 = plan(level="aemt", expires=2018, nremt_expires=2018, today=rules.cycle(2018).window[0])
    texts = {d["label"]: d["text"] for d in plan_2018["key_dates"]}
    assert texts[rules.cycle(2018)["recommended_submission"].description] == "February 15, 2018"
    assert texts[rules.cycle(2018)["portal_opens"].description] == "October 1, 2017"
    plan_2022 = plan(expires=2022, nremt_expires=2022, today=rules.cycle(2022).window[0])
    assert {d["text"] for d in plan_2022["key_dates"]} >= {"October 2021"}
    (waiver,) = rules.cycle(2022).waivers
    assert plan_2022["waivers"] == [waiver] and waiver in step(plan_2022, "education")["detail"]


def test_a_provisional_late_path_is_marked_where_the_plan_states_it():
    rules = default_rules()
    year = rules.newest_sourced
    final = rules.cycle(year)["last_day_with_late_fee"]
    assert final.provisional  # stated only by the 2018 sheet
    result = plan(expires=year, nremt_expires=year, today=final.value.when - timedelta(days=5))
    assert f"{final.value} (provisional)" in result["late"]
    assert set(final.provisional_reasons) <= set(result["provisional_reasons"])


def test_instructor_and_examiner_forms_are_in_the_plan_and_on_the_cycle_page(cycle_pages):
    rules = default_rules()
    year = rules.newest_sourced
    cycle = rules.cycle(year)
    forms = {
        role: cycle.contact(name)["website"]
        for role, name in (("instructor", "instructor_form"), ("examiner", "examiner_form"))
    }
    for role, website in forms.items():
        roles = step(plan(expires=year, nremt_expires=year, roles=(role,)), "roles")
        assert [c["website"] for c in roles["contacts"]] == [website]
        assert website in cycle_pages[f"cycles/{year}.md"].split("## Instructors")[1].split("\n## ")[0]
    both = step(plan(expires=year, nremt_expires=year, roles=("instructor", "chief_examiner")), "roles")
    assert [c["website"] for c in both["contacts"]] == list(forms.values())


def test_step_b_cites_the_page_that_gives_the_portals_address(cycle_pages):
    year = default_rules().newest_sourced
    portal = default_rules().cycle(year).contact("licensing_portal")
    given = portal["given_by"]["website"]
    state = step(plan(expires=year, nremt_expires=year), "state-renewal")
    assert f"{portal['website']} (from {given})" in state["contact"]
    assert f"{portal['website']}>) (from [{given}](../sources.md#{given}))" in cycle_pages[f"cycles/{year}.md"]


def test_the_plan_says_what_renewal_costs_in_the_readers_situation():
    rules = default_rules()
    year = rules.newest_sourced
    cycle = rules.cycle(year)
    result = plan(expires=year, nremt_expires=year, today=cycle.window[0])
    profile, state = cycle["training_profile_fee"].value["emt"]["nremt"], cycle["state_fee"].value
    cost = result["cost"]
    assert cost["total"] == f"${profile + state:,.0f}" and cost["late_total"] is None  # the late fee is not stated
    assert "may apply" in cost["text"]
    # 2018: the sheet applies its late fee to the renewal, so a late renewal's total includes it.
    old = plan(level="aemt", expires=2018, nremt_expires=2018, today=rules.cycle(2018).window[1] + timedelta(days=3))
    late_fee = rules.cycle(2018)["late_fee"].value
    assert old["cost"]["late"] is True
    assert old["cost"]["late_total"] == f"${rules.cycle(2018)['state_fee'].value + late_fee:,.0f}"
