"""Update the status of support: `intervention-update`."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.views.form_errors import assert_form_error
from triage.models import AuditEvent, Intervention, InterventionUpdate


def url(intervention):
    return reverse("intervention-update", args=[intervention.person.ref, intervention.pk])


def update_data(status, status_date, **overrides):
    data = {
        "status": status,
        "status_date_0": status_date.day,
        "status_date_1": status_date.month,
        "status_date_2": status_date.year,
        "note": "",
    }
    data.update(overrides)
    return data


def assert_unchanged(intervention):
    """Only the update made when the support was recorded exists, and the status is as it was."""
    assert InterventionUpdate.objects.filter(intervention=intervention).count() == 1
    saved = Intervention.objects.get(pk=intervention.pk)
    assert (saved.status, saved.status_date) == (intervention.status, intervention.status_date)


def test_adviser_updates_the_status(adviser_a_client, adviser_a, intervention_a, today):
    """Issue #3: "the status can be updated later"; the change is kept on the timeline."""
    form = adviser_a_client.get(url(intervention_a))
    assert form.status_code == 200
    assert "Referred since" in form.content.decode()

    response = adviser_a_client.post(url(intervention_a), update_data("started", today, note="First session went well"))

    assert response.status_code == 302
    assert response["Location"] == reverse("person-detail", args=[intervention_a.person.ref])
    intervention_a.refresh_from_db()
    assert (intervention_a.status, intervention_a.status_date) == ("started", today)
    latest = InterventionUpdate.objects.filter(intervention=intervention_a).last()
    assert (latest.status, latest.note, latest.created_by) == ("started", "First session went well", adviser_a)
    assert AuditEvent.objects.filter(action="intervention_updated").exists()


def test_same_status_with_a_new_date_is_accepted(adviser_a_client, intervention_a, today):
    response = adviser_a_client.post(url(intervention_a), update_data("referred", today))
    assert response.status_code == 302


def test_completed_today_is_accepted(adviser_a_client, intervention_a, today):
    assert adviser_a_client.post(url(intervention_a), update_data("completed", today)).status_code == 302


def test_team_lead_updates_the_status(client, team_lead_a, intervention_a, today):
    client.force_login(team_lead_a)
    assert client.post(url(intervention_a), update_data("started", today)).status_code == 302


# Bad input


@pytest.mark.parametrize("status", ["completed", "started", "declined"])
def test_status_that_has_happened_dated_in_the_future_is_refused(adviser_a_client, intervention_a, today, status):
    """Issue #3, Bad input: an intervention date "in the future for a completed one"."""
    response = adviser_a_client.post(url(intervention_a), update_data(status, today + timedelta(days=1)))
    assert_form_error(response, f"Date it was {status} must be today or in the past")
    assert_unchanged(intervention_a)


def test_status_dated_before_it_was_agreed_is_refused(adviser_a_client, intervention_a):
    agreed = intervention_a.agreed_on
    response = adviser_a_client.post(url(intervention_a), update_data("started", agreed - timedelta(days=1)))
    assert_form_error(
        response, f"Date of this status must be on or after the date it was agreed ({agreed.day} {agreed:%B %Y})"
    )
    assert_unchanged(intervention_a)


def test_unchanged_status_and_date_is_refused(adviser_a_client, intervention_a):
    data = update_data(intervention_a.status, intervention_a.status_date)
    assert_form_error(adviser_a_client.post(url(intervention_a), data), "Select a new status or enter a new date")
    assert_unchanged(intervention_a)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"status": ""}, "Select a status"),
        ({"status": "cancelled"}, "Select one of the statuses listed"),
        ({"status_date_0": "", "status_date_1": "", "status_date_2": ""}, "Enter the date of this status"),
        ({"status_date_0": "31", "status_date_1": "2"}, "Date of this status must be a real date"),
        ({"status_date_2": "99999999999"}, "Year must include 4 numbers"),
        ({"status_date_2": ""}, "Date of this status must include a year"),
        ({"note": "x" * 2001}, "Note must be 2000 characters or fewer"),
    ],
)
def test_missing_or_tampered_value_is_refused(adviser_a_client, intervention_a, today, overrides, message):
    response = adviser_a_client.post(url(intervention_a), {**update_data("started", today), **overrides})
    assert_form_error(response, message)
    assert_unchanged(intervention_a)


# Roles and teams


def test_adviser_of_other_team_gets_404_and_nothing_changes(adviser_a_client, intervention_b, today):
    assert adviser_a_client.get(url(intervention_b)).status_code == 404
    assert adviser_a_client.post(url(intervention_b), update_data("completed", today)).status_code == 404
    assert_unchanged(intervention_b)


def test_other_teams_intervention_under_own_persons_reference_is_404(adviser_a_client, person_a, intervention_b, today):
    other_url = reverse("intervention-update", args=[person_a.ref, intervention_b.pk])
    assert adviser_a_client.post(other_url, update_data("completed", today)).status_code == 404
    assert_unchanged(intervention_b)


def test_evaluator_cannot_update_support(client, evaluator, intervention_a, today):
    client.force_login(evaluator)
    assert client.get(url(intervention_a)).status_code == 403
    assert client.post(url(intervention_a), update_data("completed", today)).status_code == 403
    assert_unchanged(intervention_a)


def _seen_version(client, intervention) -> str:
    html = client.get(url(intervention)).content.decode()
    return re.search(r'name="seen_version" value="([^"]+)"', html).group(1)


def test_a_change_saved_by_someone_else_since_the_form_opened_is_not_overwritten(
    adviser_a_client, team_lead_a, intervention_a, today
):
    """Issue #11: two people open the same support; the second to save sees the first's change."""
    from triage import services

    seen = _seen_version(adviser_a_client, intervention_a)
    services.intervention_update_status(
        intervention=intervention_a, status="started", status_date=today, note="", acting_user=team_lead_a
    )
    response = adviser_a_client.post(url(intervention_a), update_data("declined", today, seen_version=seen))

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Someone else changed this support since you opened this page: it is now started since" in html
    assert Intervention.objects.get(pk=intervention_a.pk).status == "started"
    # The page now shows the current state, and saving again, having seen it, goes ahead.
    fresh = re.search(r'name="seen_version" value="([^"]+)"', html).group(1)
    assert fresh != seen
    response = adviser_a_client.post(url(intervention_a), update_data("declined", today, seen_version=fresh))
    assert response.status_code == 302
    assert Intervention.objects.get(pk=intervention_a.pk).status == "declined"


def test_the_same_update_sent_twice_at_once_is_saved_once(adviser_a, intervention_a, today):
    """Issue #11: both requests of a double tap pass the form; the second, behind the row lock,
    finds the first saved and saves nothing more."""
    from triage import services
    from triage.selectors import intervention_version

    seen = intervention_version(intervention_a)
    for _ in range(2):
        services.intervention_update_status(
            intervention=intervention_a,
            status="started",
            status_date=today,
            note="",
            acting_user=adviser_a,
            seen_version=seen,
        )
    assert InterventionUpdate.objects.filter(intervention=intervention_a, status="started").count() == 1
