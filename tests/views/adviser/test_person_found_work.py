"""Record that a person started work: `person-found-work`."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.views.form_errors import assert_form_error
from triage.models import AuditEvent, Person, WorkStart


def url(person):
    return reverse("person-found-work", args=[person.ref])


def work_data(started_on, **overrides):
    data = {
        "started_on_0": started_on.day,
        "started_on_1": started_on.month,
        "started_on_2": started_on.year,
        "sector": "health",
        "job_type": "employed_full_time",
        "source": "person",
    }
    data.update(overrides)
    return data


def assert_nothing_recorded(person):
    assert not WorkStart.objects.filter(person=person).exists()
    assert Person.objects.get(pk=person.pk).found_work_on is None


def test_adviser_records_work_and_the_page_and_timeline_show_it(adviser_a_client, adviser_a, person_a, today):
    assert "Record that they started work" in adviser_a_client.get(url(person_a)).content.decode()
    started = today - timedelta(days=4)

    response = adviser_a_client.post(url(person_a), work_data(started))

    assert response.status_code == 302
    assert response["Location"] == reverse("person-detail", args=[person_a.ref])
    work = WorkStart.objects.get(person=person_a)
    assert (work.started_on, work.sector, work.job_type, work.source, work.created_by) == (
        started,
        "health",
        "employed_full_time",
        "person",
        adviser_a,
    )
    assert Person.objects.get(pk=person_a.pk).found_work_on == started
    assert AuditEvent.objects.filter(action="work_start_recorded", person_ref=person_a.ref).exists()
    page = adviser_a_client.get(response["Location"]).content.decode()
    when = f"{started.day} {started:%B %Y}"
    assert f"{when}: employed full-time, health and social care" in page
    assert "Started work: employed full-time" in page
    assert f"Health and social care, from {when} (the person told us)" in page


def test_team_lead_records_work(client, team_lead_a, person_a, today):
    client.force_login(team_lead_a)
    assert client.post(url(person_a), work_data(today, job_type="apprenticeship")).status_code == 302
    assert WorkStart.objects.get(person=person_a).job_type == "apprenticeship"


def test_a_start_in_the_future_is_refused(adviser_a_client, person_a, today):
    response = adviser_a_client.post(url(person_a), work_data(today + timedelta(days=1)))
    assert_form_error(response, "Date they started work must be today or in the past")
    assert_nothing_recorded(person_a)


def test_a_start_over_a_year_before_the_redundancy_is_refused(adviser_a_client, person_a):
    notified = person_a.situation.notified_date
    earliest = notified - timedelta(days=365)
    response = adviser_a_client.post(url(person_a), work_data(earliest - timedelta(days=1)))
    assert_form_error(
        response,
        f"Date they started work must be on or after {earliest.day} {earliest:%B %Y}, "
        "a year before the redundancy was notified",
    )
    assert_nothing_recorded(person_a)


def test_a_start_shortly_before_the_redundancy_is_accepted(adviser_a_client, person_a):
    started = person_a.situation.notified_date - timedelta(days=20)
    assert adviser_a_client.post(url(person_a), work_data(started)).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"started_on_0": "", "started_on_1": "", "started_on_2": ""}, "Enter the date they started work"),
        ({"started_on_0": "30", "started_on_1": "2"}, "Date they started work must be a real date"),
        ({"started_on_2": "²⁰²⁶"}, "Date they started work must be a real date"),
        ({"sector": ""}, "Select the sector of the job"),
        ({"sector": "mining"}, "Select a sector from the list"),
        ({"job_type": ""}, "Select the kind of work"),
        ({"job_type": "astronaut"}, "Select one of the kinds of work listed"),
        ({"source": ""}, "Select how you know"),
    ],
)
def test_bad_input_is_refused_beside_its_field(adviser_a_client, person_a, today, overrides, message):
    response = adviser_a_client.post(url(person_a), work_data(today, **overrides))
    assert_form_error(response, message)
    assert_nothing_recorded(person_a)


def test_other_teams_person_is_404(adviser_a_client, person_b, today):
    assert adviser_a_client.get(url(person_b)).status_code == 404
    assert adviser_a_client.post(url(person_b), work_data(today)).status_code == 404
    assert_nothing_recorded(person_b)


def test_evaluator_cannot_record_work(client, evaluator, person_a, today):
    client.force_login(evaluator)
    assert client.post(url(person_a), work_data(today)).status_code == 403
    assert_nothing_recorded(person_a)
