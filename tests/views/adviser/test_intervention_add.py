"""Record support or a referral: `intervention-add`."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.views.form_errors import assert_form_error
from triage.models import AuditEvent, Intervention, InterventionType, InterventionUpdate, Partner


def url(person):
    return reverse("intervention-add", args=[person.ref])


def date_fields(name, value):
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def intervention_data(agreed_on, status="referred", status_date=None, **overrides):
    data = {
        "intervention_type": InterventionType.objects.get(code="employability_advice").pk,
        "partner": Partner.objects.get(abbreviation="SDS").pk,
        **date_fields("agreed_on", agreed_on),
        "status": status,
        "notes": "CV workshop on Tuesday",
    }
    if status_date:
        data.update(date_fields("status_date", status_date))
    data.update(overrides)
    return data


def assert_nothing_saved():
    assert not Intervention.objects.exists()
    assert not InterventionUpdate.objects.exists()


def test_adviser_records_support(adviser_a_client, adviser_a, person_a, today):
    """Issue #3: "type, delivering partner, status (offered, referred, started, completed, declined),
    dates, notes"."""
    assert adviser_a_client.get(url(person_a)).status_code == 200
    agreed = today - timedelta(days=2)

    response = adviser_a_client.post(url(person_a), intervention_data(agreed))

    assert response.status_code == 302
    assert response["Location"] == reverse("person-detail", args=[person_a.ref])
    intervention = Intervention.objects.get()
    assert intervention.person == person_a
    assert intervention.created_by == adviser_a
    assert intervention.partner.abbreviation == "SDS"
    assert (intervention.status, intervention.agreed_on, intervention.status_date) == ("referred", agreed, agreed)
    assert intervention.notes == "CV workshop on Tuesday"
    assert InterventionUpdate.objects.get().status == "referred"
    assert AuditEvent.objects.filter(action="intervention_added", person_ref=person_a.ref).exists()


def test_support_agreed_on_the_notified_date_is_accepted(adviser_a_client, person_a):
    response = adviser_a_client.post(url(person_a), intervention_data(person_a.situation.notified_date))
    assert response.status_code == 302


def test_referral_may_be_planned_for_a_later_date(adviser_a_client, person_a, today):
    """An offer or referral may be dated ahead; only started, completed and declined have happened."""
    planned = today + timedelta(days=7)
    response = adviser_a_client.post(url(person_a), intervention_data(today, "offered", planned))
    assert response.status_code == 302
    assert Intervention.objects.get().status_date == planned


def test_team_lead_records_support(client, team_lead_a, person_a, today):
    client.force_login(team_lead_a)
    assert client.post(url(person_a), intervention_data(today)).status_code == 302


# Bad input


def test_date_agreed_before_the_redundancy_was_notified_is_refused(adviser_a_client, person_a):
    """Issue #3, Bad input: "an intervention date before the situation's notified date"."""
    notified = person_a.situation.notified_date
    response = adviser_a_client.post(url(person_a), intervention_data(notified - timedelta(days=1)))
    assert_form_error(
        response,
        f"Date it was agreed must be on or after the redundancy was notified ({notified.day} {notified:%B %Y})",
    )
    assert_nothing_saved()


def test_date_agreed_in_the_future_is_refused(adviser_a_client, person_a, today):
    response = adviser_a_client.post(url(person_a), intervention_data(today + timedelta(days=1)))
    assert_form_error(response, "Date it was agreed must be today or in the past")
    assert_nothing_saved()


@pytest.mark.parametrize("status", ["completed", "started", "declined"])
def test_status_that_has_happened_dated_in_the_future_is_refused(adviser_a_client, person_a, today, status):
    """Issue #3, Bad input: an intervention date "in the future for a completed one"."""
    data = intervention_data(today - timedelta(days=2), status, today + timedelta(days=1))
    response = adviser_a_client.post(url(person_a), data)
    assert_form_error(response, f"Date it was {status} must be today or in the past")
    assert_nothing_saved()


def test_status_dated_before_it_was_agreed_is_refused(adviser_a_client, person_a, today):
    data = intervention_data(today - timedelta(days=2), "started", today - timedelta(days=5))
    response = adviser_a_client.post(url(person_a), data)
    assert_form_error(response, "Date of this status must be on or after the date it was agreed")
    assert_nothing_saved()


@pytest.mark.parametrize(
    ("field", "day", "month", "year", "message"),
    [
        ("agreed_on", "31", "2", "2026", "Date agreed must be a real date"),
        ("agreed_on", "1", "1", "99999999999", "Year must include 4 numbers"),
        ("agreed_on", "", "", "", "Enter the date it was agreed"),
        ("status_date", "31", "2", "2026", "Date of this status must be a real date"),
        ("status_date", "1", "1", "99999999999", "Year must include 4 numbers"),
    ],
)
def test_impossible_date_is_an_error_not_a_server_error(
    adviser_a_client, person_a, today, field, day, month, year, message
):
    """Issue #3, Bad input: "No input gives a server error"."""
    data = intervention_data(today - timedelta(days=2))
    data.update({f"{field}_0": day, f"{field}_1": month, f"{field}_2": year})
    assert_form_error(adviser_a_client.post(url(person_a), data), message)
    assert_nothing_saved()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("intervention_type", "", "Select the support agreed"),
        ("intervention_type", "999999", "Select support from the list"),
        ("intervention_type", "abc", "Select support from the list"),
        ("partner", "", "Select who will deliver it"),
        ("partner", "999999", "Select a partner from the list"),
        ("status", "", "Select a status"),
        ("status", "cancelled", "Select one of the statuses listed"),
        ("notes", "x" * 2001, "Notes must be 2000 characters or fewer"),
    ],
)
def test_missing_or_tampered_value_is_refused(adviser_a_client, person_a, today, field, value, message):
    data = intervention_data(today - timedelta(days=2), **{field: value})
    assert_form_error(adviser_a_client.post(url(person_a), data), message)
    assert_nothing_saved()


# Roles and teams


def test_adviser_of_other_team_gets_404_and_nothing_is_saved(adviser_a_client, person_b, today):
    assert adviser_a_client.get(url(person_b)).status_code == 404
    assert adviser_a_client.post(url(person_b), intervention_data(today)).status_code == 404
    assert_nothing_saved()


def test_evaluator_cannot_record_support(client, evaluator, person_a, today):
    client.force_login(evaluator)
    assert client.get(url(person_a)).status_code == 403
    assert client.post(url(person_a), intervention_data(today)).status_code == 403
    assert_nothing_saved()


def test_part_filled_optional_date_is_an_error_not_dropped(adviser_a_client, person_a, today):
    """A day typed without month and year must not be silently replaced by the agreed date."""
    data = intervention_data(today, status_date_0="19", status_date_1="", status_date_2="")
    response = adviser_a_client.post(url(person_a), data)
    assert_form_error(response, "Date of this status must include a month and a year")
    assert not Intervention.objects.exists()


def test_a_planned_referral_is_shown_as_planned_not_as_referred_since_a_future_date(adviser_a_client, person_a, today):
    """Issue #11: a referral dated ahead has not happened: "planned for", never "since" a future date."""
    planned = today + timedelta(days=7)
    adviser_a_client.post(url(person_a), intervention_data(today, "referred", planned))
    intervention = Intervention.objects.get()
    person_page = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert f"planned for {planned:%-d %b %Y}" in person_page
    assert f"since {planned:%-d %b %Y}" not in person_page
    update_page = adviser_a_client.get(
        reverse("intervention-update", args=[person_a.ref, intervention.pk])
    ).content.decode()
    assert f"Referred, planned for {planned:%-d %B %Y}" in update_page


def test_a_status_dated_today_or_earlier_is_shown_since_its_date(adviser_a_client, person_a, today):
    adviser_a_client.post(url(person_a), intervention_data(today, "referred", today))
    person_page = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert f"since {today:%-d %b %Y}" in person_page
