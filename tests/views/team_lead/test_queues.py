"""Queues: pre-filtered caseloads (`caseload?queue=…`) and their counts on the home page (`home`).

Issue #5, Queues: "high effective band with no intervention started after N working days (N is
reference data, default 10; Scottish bank holidays count as non-working days); overrides awaiting
review; incomplete assessments (too many unanswered items); people not reassessed in a configurable
period while still unemployed."

The rules are tested through CaseloadFilter with "today" passed in (STYLE: time comes in as an
argument); the pages, which use the real date, are tested with margins no calendar can upset.
"""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    HIGH_RISK_ANSWERS,
    REFERENCE_ANSWERS,
    add_intervention,
    add_queried_override,
    assess,
    make_user,
    register,
)
from triage import services
from triage.access import Role
from triage.filters import QUEUES, CaseloadFilter
from triage.models import CaseloadRules, Person
from triage.scoring import PREFER_NOT_TO_SAY

URL = reverse("caseload")
HOME = reverse("home")
DECLINED = ["q6a_confidence", "q6b_expected_time", "q9a_physical", "q9b_disability", "q9c_mental"]
INCOMPLETE_ANSWERS = {**REFERENCE_ANSWERS, **dict.fromkeys(DECLINED, PREFER_NOT_TO_SAY)}
REASON = "Caring for a parent full time, which the checklist does not ask about."

# Wednesday 2 December 2026: the Monday before was St Andrew's Day, a Scottish bank holiday.
WED_2_DEC = date(2026, 12, 2)


def assessed_at(person, moment: datetime) -> None:
    Person.objects.filter(pk=person.pk).update(assessed_at=timezone.make_aware(moment))


def assessed_on(person, day: date) -> None:
    assessed_at(person, datetime.combine(day, time(12)))


def in_queue(queue, team, *, today, **rules) -> set[str]:
    """Given names in `queue` for `team` on `today`, under CaseloadRules(**rules)."""
    filterset = CaseloadFilter(
        {"queue": queue},
        queryset=Person.objects.filter(team=team),
        team=team,
        today=today,
        rules=CaseloadRules(**rules),
    )
    return set(filterset.qs.values_list("given_name", flat=True))


def high(adviser, situation, given_name, day=None):
    """A person assessed high risk, on `day` at noon if given."""
    person = register(adviser, situation, given_name=given_name)
    assess(adviser, person, HIGH_RISK_ANSWERS)
    if day:
        assessed_on(person, day)
    return person


def test_every_queue_is_tested():
    assert set(QUEUES) == {"support_overdue", "incomplete", "reassess_due"}


# High band, no support started after N working days


def test_support_overdue_after_n_working_days_in_an_ordinary_fortnight(team_a, adviser_a, situation_a):
    """Thursday 15 October 2026, N = 10: Thursday 1 October is 10 working days ago, Friday 2nd only 9."""
    high(adviser_a, situation_a, "Ten", date(2026, 10, 1))
    high(adviser_a, situation_a, "Nine", date(2026, 10, 2))

    assert in_queue("support_overdue", team_a, today=date(2026, 10, 15), support_due_working_days=10) == {"Ten"}


def test_default_is_ten_working_days(team_a, adviser_a, situation_a):
    high(adviser_a, situation_a, "Ten", date(2026, 10, 1))
    high(adviser_a, situation_a, "Nine", date(2026, 10, 2))
    assert CaseloadRules.current().support_due_working_days == 10

    filterset = CaseloadFilter(
        {"queue": "support_overdue"},
        queryset=Person.objects.filter(team=team_a),
        team=team_a,
        today=date(2026, 10, 15),
        rules=CaseloadRules.current(),
    )
    assert {p.given_name for p in filterset.qs} == {"Ten"}


@pytest.mark.parametrize(
    ("n", "assessed", "overdue"),
    [
        # Friday 27 Nov → Wed 2 Dec: Sat 28, Sun 29 and St Andrew's Day (Mon 30) do not count, so only
        # Tue 1 and Wed 2 are working days since: 2, though 5 calendar days have passed.
        (2, date(2026, 11, 27), True),
        (3, date(2026, 11, 27), False),
        (3, date(2026, 11, 26), True),  # Thursday: + Friday 27th = 3
        (2, date(2026, 11, 30), True),  # assessed on the bank holiday itself: Tue and Wed since
        (2, date(2026, 12, 1), False),  # Tuesday: N - 1 working days ago
        (1, date(2026, 12, 1), True),
        (1, date(2026, 12, 2), False),  # today
    ],
    ids=["fri_n2_in", "fri_n3_out", "thu_n3_in", "holiday_n2_in", "tue_n2_out", "tue_n1_in", "today_n1_out"],
)
def test_working_days_skip_the_weekend_and_st_andrews_day(team_a, adviser_a, situation_a, n, assessed, overdue):
    """Issue #5: "Scottish bank holidays count as non-working days"; St Andrew's Day 2026 is Monday 30 Nov."""
    high(adviser_a, situation_a, "Morag", assessed)
    expected = {"Morag"} if overdue else set()
    assert in_queue("support_overdue", team_a, today=WED_2_DEC, support_due_working_days=n) == expected


def test_late_on_the_due_day_is_in_and_early_the_next_day_is_out(team_a, adviser_a, situation_a):
    late = high(adviser_a, situation_a, "Late")
    early = high(adviser_a, situation_a, "Early")
    assessed_at(late, datetime(2026, 11, 30, 23, 59))  # N = 2 working days before Wednesday 2 Dec
    assessed_at(early, datetime(2026, 12, 1, 0, 1))

    assert in_queue("support_overdue", team_a, today=WED_2_DEC, support_due_working_days=2) == {"Late"}


@pytest.mark.parametrize(
    ("status", "overdue"),
    [("offered", True), ("referred", True), ("declined", True), ("started", False), ("completed", False)],
)
def test_only_support_started_takes_a_person_out(team_a, adviser_a, situation_a, status, overdue):
    person = high(adviser_a, situation_a, "Morag")
    add_intervention(adviser_a, person, status=status)
    assessed_on(person, date(2026, 11, 2))

    expected = {"Morag"} if overdue else set()
    assert in_queue("support_overdue", team_a, today=WED_2_DEC, support_due_working_days=10) == expected


def test_starting_a_referred_intervention_takes_a_person_out(team_a, adviser_a, situation_a, today):
    person = high(adviser_a, situation_a, "Morag")
    referral = add_intervention(adviser_a, person, status="referred")
    assessed_on(person, date(2026, 11, 2))
    assert in_queue("support_overdue", team_a, today=WED_2_DEC) == {"Morag"}

    services.intervention_update_status(
        intervention=referral, status="started", status_date=today, note="", acting_user=adviser_a
    )

    assert in_queue("support_overdue", team_a, today=WED_2_DEC) == set()


def test_queue_follows_the_effective_band_not_the_checklists(team_a, adviser_a, situation_a):
    """An override to high puts a person in the queue; an override from high takes them out."""
    raised = register(adviser_a, situation_a, given_name="Raised")
    services.override_add(
        assessment=assess(adviser_a, raised),
        to_band="high",
        reason_category="caring",
        reason_text=REASON,
        acting_user=adviser_a,
    )
    lowered = register(adviser_a, situation_a, given_name="Lowered")
    services.override_add(
        assessment=assess(adviser_a, lowered, HIGH_RISK_ANSWERS),
        to_band="medium",
        reason_category="job_prospects",
        reason_text="Has a confirmed job offer starting next month.",
        acting_user=adviser_a,
    )
    medium_or_low = register(adviser_a, situation_a, given_name="Low")
    assess(adviser_a, medium_or_low)
    not_assessed = register(adviser_a, situation_a, given_name="Unassessed")
    for person in (raised, lowered, medium_or_low, not_assessed):
        assessed_on(person, date(2026, 11, 2))

    assert in_queue("support_overdue", team_a, today=WED_2_DEC) == {"Raised"}


# Incomplete assessments


def test_incomplete_queue_holds_people_whose_latest_checklist_has_too_many_unanswered(team_a, adviser_a, situation_a):
    incomplete = register(adviser_a, situation_a, given_name="Incomplete")
    assess(adviser_a, incomplete, INCOMPLETE_ANSWERS)
    complete = register(adviser_a, situation_a, given_name="Complete")
    assess(adviser_a, complete)
    completed_later = register(adviser_a, situation_a, given_name="Later")
    assess(adviser_a, completed_later, INCOMPLETE_ANSWERS)
    assess(adviser_a, completed_later)
    register(adviser_a, situation_a, given_name="Unassessed")

    assert in_queue("incomplete", team_a, today=WED_2_DEC) == {"Incomplete"}


def test_banding_an_incomplete_checklist_by_hand_leaves_it_incomplete(team_a, adviser_a, situation_a):
    """An adviser's band does not answer the checklist's unanswered items."""
    person = register(adviser_a, situation_a, given_name="Morag")
    services.override_add(
        assessment=assess(adviser_a, person, INCOMPLETE_ANSWERS),
        to_band="medium",
        reason_category="caring",
        reason_text=REASON,
        acting_user=adviser_a,
    )
    assert in_queue("incomplete", team_a, today=WED_2_DEC) == {"Morag"}


# Not reassessed while still out of work


def test_reassess_due_after_the_configured_days_while_still_unemployed(team_a, adviser_a, situation_a):
    """90 days before Wednesday 2 December 2026 is Thursday 3 September."""
    due = register(adviser_a, situation_a, given_name="Due")
    assess(adviser_a, due)
    assessed_on(due, date(2026, 9, 3))
    not_yet = register(adviser_a, situation_a, given_name="NotYet")
    assess(adviser_a, not_yet)
    assessed_on(not_yet, date(2026, 9, 4))
    in_work = register(adviser_a, situation_a, given_name="InWork")
    assess(adviser_a, in_work)
    assessed_on(in_work, date(2026, 1, 5))
    Person.objects.filter(pk=in_work.pk).update(found_work_on=date(2026, 3, 1))
    register(adviser_a, situation_a, given_name="Unassessed")

    assert in_queue("reassess_due", team_a, today=WED_2_DEC, reassess_after_days=90) == {"Due"}
    assert in_queue("reassess_due", team_a, today=WED_2_DEC, reassess_after_days=91) == set()
    assert in_queue("reassess_due", team_a, today=WED_2_DEC, reassess_after_days=89) == {"Due", "NotYet"}


def test_a_new_assessment_takes_a_person_out_of_reassess_due(team_a, adviser_a, situation_a, today):
    person = register(adviser_a, situation_a, given_name="Morag")
    assess(adviser_a, person)
    assessed_on(person, today - timedelta(days=200))
    assert in_queue("reassess_due", team_a, today=today) == {"Morag"}

    assess(adviser_a, person)

    assert in_queue("reassess_due", team_a, today=today) == set()


# The queue pages and the home page's counts


@pytest.fixture
def team_lead_a_client(client, team_lead_a):
    client.force_login(team_lead_a)
    return client


@pytest.fixture
def queues_a(adviser_a, team_lead_a, situation_a, today):
    """Team A under the default rules (10 working days, 90 days), with margins that hold on any date.

    support_overdue: Overdue, Incomplete High (an incomplete checklist banded high)   = 2
    incomplete:      Incomplete High, Incomplete                                        = 2
    reassess_due:    Overdue, Incomplete High (both 200 days ago, not in work)          = 2
    overrides awaiting review: Incomplete High's override, and an answered query on Recent = 2
    """
    long_ago = today - timedelta(days=200)
    high(adviser_a, situation_a, "Overdue", long_ago)

    incomplete_high = register(adviser_a, situation_a, given_name="IncompleteHigh")
    services.override_add(
        assessment=assess(adviser_a, incomplete_high, INCOMPLETE_ANSWERS),
        to_band="high",
        reason_category="caring",
        reason_text=REASON,
        acting_user=adviser_a,
    )
    assessed_on(incomplete_high, long_ago)

    incomplete = register(adviser_a, situation_a, given_name="Incomplete")
    assess(adviser_a, incomplete, INCOMPLETE_ANSWERS)

    recent = register(adviser_a, situation_a, given_name="Recent")  # changed to medium today: in no queue
    override = add_queried_override(adviser_a, team_lead_a, assess(adviser_a, recent, HIGH_RISK_ANSWERS), "medium")
    services.override_answer(override=override, comment="The carer has respite twice a week.", acting_user=adviser_a)

    supported = high(adviser_a, situation_a, "Supported")
    add_intervention(adviser_a, supported, status="started")
    assessed_on(supported, long_ago - timedelta(days=1))
    Person.objects.filter(pk=supported.pk).update(found_work_on=today - timedelta(days=30))
    return {
        "support_overdue": {"Overdue", "IncompleteHigh"},
        "incomplete": {"IncompleteHigh", "Incomplete"},
        "reassess_due": {"Overdue", "IncompleteHigh"},
    }


@pytest.fixture
def queues_b(adviser_b, team_lead_b, situation_b, today):
    """Team B's people sit in every queue; none may be counted or listed for team A."""
    iain = register(adviser_b, situation_b, given_name="Iain", family_name="Robertson")
    assessment = assess(adviser_b, iain, INCOMPLETE_ANSWERS)
    services.override_add(
        assessment=assessment, to_band="high", reason_category="health", reason_text=REASON, acting_user=adviser_b
    )
    assessed_on(iain, today - timedelta(days=300))
    return iain


def home_counts(client) -> dict[str, int]:
    page = client.get(HOME).content.decode()
    return {key: int(n) for key, n in re.findall(r'id="queue-([a-z_]+)">(\d+)</strong>', page)}


@pytest.mark.parametrize("queue", list(QUEUES))
def test_queue_page_lists_the_teams_people_in_the_queue(team_lead_a_client, queues_a, queues_b, queue):
    response = team_lead_a_client.get(URL, {"queue": queue})
    assert response.status_code == 200
    assert {p["given_name"] for p in response.context["page"].object_list} == queues_a[queue]
    assert f'<h1 class="govuk-heading-l">{QUEUES[queue]}</h1>' in response.content.decode()


@pytest.mark.parametrize("queue", ["support_overdue", "reassess_due"])
def test_waiting_queues_put_who_has_waited_longest_first(team_lead_a_client, adviser_a, situation_a, today, queue):
    for given_name, days in [("Middle", 150), ("Longest", 400), ("Shortest", 100)]:
        high(adviser_a, situation_a, given_name, today - timedelta(days=days))
    response = team_lead_a_client.get(URL, {"queue": queue})
    assert [p["given_name"] for p in response.context["page"].object_list] == ["Longest", "Middle", "Shortest"]
    assert 'aria-sort="ascending"><a class="govuk-link app-sort-link" href="?queue=' in response.content.decode()
    # A sort the team lead picks still applies.
    response = team_lead_a_client.get(URL, {"queue": queue, "sort": "-assessed"})
    assert [p["given_name"] for p in response.context["page"].object_list] == ["Shortest", "Middle", "Longest"]


def test_incomplete_queue_puts_the_highest_band_first(team_lead_a_client, queues_a):
    response = team_lead_a_client.get(URL, {"queue": "incomplete"})
    assert [p["given_name"] for p in response.context["page"].object_list] == ["IncompleteHigh", "Incomplete"]


def test_home_counts_match_the_queues_for_the_team_lead(team_lead_a_client, queues_a, queues_b):
    counts = home_counts(team_lead_a_client)

    assert counts == {
        "support_overdue": 2,
        "overrides": 2,
        "incomplete": 2,
        "reassess_due": 2,
        "not_assessed": 0,
        "follow_ups": 0,
    }
    for queue in QUEUES:
        listed = team_lead_a_client.get(URL, {"queue": queue}).context["page"].paginator.count
        assert counts[queue] == listed == len(queues_a[queue]), queue


def test_home_count_of_overrides_matches_the_review_list(team_lead_a_client, queues_a, queues_b):
    """The count links to the list of overrides awaiting review, answered queries included."""
    listed = team_lead_a_client.get(reverse("override-list")).context["page"].paginator.count
    assert home_counts(team_lead_a_client)["overrides"] == listed == 2


def test_home_links_each_count_to_its_queue(team_lead_a_client, queues_a):
    page = team_lead_a_client.get(HOME).content.decode()
    for queue in QUEUES:
        assert f'href="{URL}?scope=team&amp;queue={queue}"' in page
    assert f'href="{reverse("override-list")}"' in page


def test_other_teams_lead_counts_only_their_own(client, team_lead_b, queues_a, queues_b):
    client.force_login(team_lead_b)
    assert home_counts(client) == {
        "support_overdue": 1,
        "overrides": 1,
        "incomplete": 1,
        "reassess_due": 1,
        "not_assessed": 0,
        "follow_ups": 0,
    }


def test_queue_thresholds_are_read_from_the_reference_data(team_lead_a_client, adviser_a, situation_a, today):
    """Issue #5: "N is reference data"; a service owner changes it in the admin."""
    person = high(adviser_a, situation_a, "Morag", today - timedelta(days=20))
    assert home_counts(team_lead_a_client)["reassess_due"] == 0

    CaseloadRules.objects.update(support_due_working_days=60, reassess_after_days=14)  # the one row

    assert home_counts(team_lead_a_client)["support_overdue"] == 0
    assert home_counts(team_lead_a_client)["reassess_due"] == 1
    listed = team_lead_a_client.get(URL, {"queue": "reassess_due"}).context["page"].object_list
    assert [p["ref"] for p in listed] == [person.ref]


def test_adviser_home_shows_no_queue_counts(adviser_a_client, queues_a):
    page = adviser_a_client.get(HOME).content.decode()
    assert 'id="queue-' not in page


def test_home_query_count_does_not_grow_with_people(team_lead_a_client, adviser_a, situation_a, today):
    counts = []
    made = 0
    for n in (3, 30):
        for i in range(made, n):
            person = high(adviser_a, situation_a, f"Person{i:02d}", today - timedelta(days=i * 10))
            if i % 3 == 0:
                add_intervention(adviser_a, person, status="started")
        made = n
        with CaptureQueriesContext(connection) as queries:
            assert team_lead_a_client.get(HOME).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Queried overrides on the adviser's home page


def test_queried_override_shows_on_the_advisers_home_until_answered(adviser_a_client, adviser_a, override_a):
    """Issue #5: "a queried override shows on the adviser's home page until the adviser answers"."""
    answer_url = reverse("override-answer", args=[override_a.pk])
    page = adviser_a_client.get(HOME).content.decode()
    assert "Your team lead has queried 1 band change" in page
    assert f'href="{answer_url}"' in page
    assert override_a.assessment.person.ref in page

    services.override_answer(override=override_a, comment="The carer has respite twice a week.", acting_user=adviser_a)

    page = adviser_a_client.get(HOME).content.decode()
    assert "has queried" not in page
    assert answer_url not in page


def test_query_shows_only_to_the_adviser_who_made_the_override(client, team_a, team_lead_a, override_a, override_b):
    colleague = make_user("adviser_a2", Role.ADVISER, team_a)
    client.force_login(colleague)
    assert "has queried" not in client.get(HOME).content.decode()
    client.force_login(team_lead_a)
    assert "has queried" not in client.get(HOME).content.decode()


def test_other_teams_query_is_not_shown(adviser_a_client, override_b):
    page = adviser_a_client.get(HOME).content.decode()
    assert "has queried" not in page
    assert override_b.assessment.person.ref not in page


def test_agreed_override_is_not_shown_to_the_adviser(adviser_a_client, adviser_a, team_lead_a, assessment_a):
    override = services.override_add(
        assessment=assessment_a, to_band="high", reason_category="caring", reason_text=REASON, acting_user=adviser_a
    )
    services.override_review(override=override, kind="agreed", comment="", acting_user=team_lead_a)
    assert "has queried" not in adviser_a_client.get(HOME).content.decode()


def test_counts_in_the_thousands_are_easy_to_read(team_lead_a_client, adviser_a, situation_a):
    """'1,200', not '1200': the home page's queue counts and the caseload's total."""
    person = register(adviser_a, situation_a)
    copy = {f.attname: getattr(person, f.attname) for f in Person._meta.concrete_fields if f.name not in {"id", "ref"}}
    Person.objects.bulk_create(Person(**{**copy, "ref": f"P-T{i:05d}", "incomplete": True}) for i in range(1200))
    assert 'id="queue-incomplete">1,200</strong>' in team_lead_a_client.get(HOME).content.decode()
    page = team_lead_a_client.get(URL, {"scope": "team"}).content.decode()
    assert "<strong>1,201</strong> people" in page
    assert "Page 1 of 49" in page


def test_queue_keeps_the_filters_folded_until_one_is_applied(team_lead_a_client, queues_a):
    """On a tablet the queue's list comes first; a filter applied to the queue opens them again."""
    page = team_lead_a_client.get(URL, {"queue": "incomplete"}).content.decode()
    assert '<details class="govuk-details">' in page
    page = team_lead_a_client.get(URL, {"queue": "incomplete", "band": "high"}).content.decode()
    assert '<details class="govuk-details" open>' in page
