"""Record a follow-up on a person's page (`follow-up-add`), and the follow-ups due (`follow-up-queue`)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.factories import make_situation, make_user, record_follow_up, register
from tests.views.form_errors import assert_form_error
from triage.access import Role
from triage.lib import outcomes
from triage.models import AuditEvent, FollowUp, Person


def url(person):
    return reverse("follow-up-add", args=[person.ref])


def follow_up_data(contacted_on, status="unemployed_looking", started_on=None, source="phone_call"):
    data = {
        "contacted_on_0": contacted_on.day,
        "contacted_on_1": contacted_on.month,
        "contacted_on_2": contacted_on.year,
        "status": status,
        "source": source,
    }
    if started_on:
        data |= {"started_on_0": started_on.day, "started_on_1": started_on.month, "started_on_2": started_on.year}
    return data


@pytest.fixture
def left(today):
    return today - timedelta(days=400)


@pytest.fixture
def person(adviser_a, team_a, glasgow, left):
    return register(adviser_a, make_situation(team_a, glasgow, left, employer="Forth Valley Paper"))


def test_adviser_records_a_12_month_follow_up_and_the_page_and_timeline_show_it(adviser_a_client, person, left):
    page = adviser_a_client.get(url(person)).content.decode()
    assert f"Their job ended on {left:%-d %B %Y}" in page and "The 3-month follow-up is overdue" in page
    contacted = left + timedelta(days=370)

    response = adviser_a_client.post(url(person), follow_up_data(contacted, started_on=left + timedelta(days=380 - 90)))

    assert response.status_code == 302 and response["Location"] == reverse("person-detail", args=[person.ref])
    follow_up = FollowUp.objects.get(person=person)
    assert (follow_up.months, follow_up.status, follow_up.source) == (12, "unemployed_looking", "phone_call")
    assert Person.objects.get(pk=person.pk).ltu_label == 0  # started on day 290
    detail = adviser_a_client.get(response["Location"]).content.decode()
    assert "Follow-up saved" in detail
    assert "12-month follow-up: unemployed and looking for work" in detail
    assert f"On {contacted:%-d %B %Y}, started work" in detail
    assert AuditEvent.objects.filter(action="follow_up_recorded", person_ref=person.ref).count() == 1


def test_a_date_before_the_first_follow_up_opens_is_refused_beside_the_field(adviser_a_client, person, left):
    response = adviser_a_client.post(url(person), follow_up_data(left + timedelta(days=30)))
    first = outcomes.due_from(left, 3)
    assert_form_error(
        response,
        f"Date of the follow-up must be on or after {first:%-d %B %Y}, two weeks before 3 months after their"
        f" job ended ({left:%-d %B %Y})",
    )
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": ""}, "Select what they were doing"),
        ({"source": "gossip"}, "Select one of the options listed"),
        ({"contacted_on_2": ""}, "Date of the follow-up must include a year"),
        (
            {"started_on_0": "40", "started_on_1": "1", "started_on_2": "2026"},
            "Date they started work must be a real date",
        ),
    ],
)
def test_bad_answers_are_shown_beside_their_fields_and_nothing_is_saved(adviser_a_client, person, left, data, message):
    response = adviser_a_client.post(url(person), follow_up_data(left + timedelta(days=100)) | data)
    assert_form_error(response, message)
    assert not FollowUp.objects.exists()


def test_a_start_after_the_follow_up_is_refused(adviser_a_client, person, left):
    contacted = left + timedelta(days=100)
    response = adviser_a_client.post(url(person), follow_up_data(contacted, "employed", contacted + timedelta(days=1)))
    assert_form_error(response, "Date they started work must be on or before the date of the follow-up")


def test_the_adviser_sees_their_people_due_and_the_number_overdue(adviser_a_client, adviser_a, team_a, person, today):
    colleague = make_user("adviser_a2", Role.ADVISER, team_a)
    theirs = register(colleague, person.situation, given_name="Eilidh", family_name="Ross")
    recent = register(adviser_a, make_situation(team_a, person.situation.council_area, today - timedelta(days=10)))

    page = adviser_a_client.get(reverse("follow-up-queue")).content.decode()

    assert person.ref in page and theirs.ref not in page and recent.ref not in page
    assert "1 overdue" in page and "1 follow-up due" in page


def test_the_team_lead_sees_the_teams_follow_ups_and_recording_one_moves_it_on(
    client, team_lead_a, adviser_a, team_a, person, left
):
    colleague = make_user("adviser_a2", Role.ADVISER, team_a)
    theirs = register(colleague, person.situation, given_name="Eilidh", family_name="Ross")
    client.force_login(team_lead_a)
    page = client.get(reverse("follow-up-queue")).content.decode()
    assert person.ref in page and theirs.ref in page and "2 overdue" in page

    for months in (3, 6, 12):
        record_follow_up(adviser_a, person, outcomes.point_date(left, months), "unknown")

    page = client.get(reverse("follow-up-queue")).content.decode()
    assert person.ref not in page and theirs.ref in page and "1 overdue" in page


def test_a_follow_up_not_yet_due_is_not_in_the_queue_and_one_due_soon_is_not_overdue(
    adviser_a_client, adviser_a, team_a, glasgow, today
):
    soon = register(adviser_a, make_situation(team_a, glasgow, outcomes.add_months(today, -3) + timedelta(days=10)))
    later = register(adviser_a, make_situation(team_a, glasgow, outcomes.add_months(today, -3) + timedelta(days=20)))
    page = adviser_a_client.get(reverse("follow-up-queue")).content.decode()
    assert soon.ref in page and later.ref not in page and "0 overdue" in page


def test_the_team_leads_home_counts_the_follow_ups_due_and_overdue(client, team_lead_a, person):
    client.force_login(team_lead_a)
    page = client.get(reverse("home")).content.decode()
    assert 'id="queue-follow_ups">1</strong>' in page and "(1 overdue)" in page
    assert f'href="{reverse("follow-up-queue")}"' in page
