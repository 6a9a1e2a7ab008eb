"""Change a person's details: `person-edit`, with its history and the re-score it offers."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.factories import assess
from tests.views.form_errors import assert_form_error
from triage import services
from triage.models import AuditEvent, CouncilArea, Person, PersonChange

HIDDEN = "{} must not include hidden characters, like a control or text-direction mark"


def url(person):
    return reverse("person-edit", args=[person.ref])


def edit_data(person, **overrides):
    dob = overrides.pop("dob", person.date_of_birth)
    left = overrides.pop("left", person.leaving_date)
    data = {
        "leaving_date_0": left.day,
        "leaving_date_1": left.month,
        "leaving_date_2": left.year,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth_0": dob.day,
        "date_of_birth_1": dob.month,
        "date_of_birth_2": dob.year,
        "council_area": person.council_area_id,
        "postcode": person.postcode,
        "email": person.email,
        "phone": person.phone,
        "ni_number": person.ni_number,
        "reason": "",
        "seen_version": str(person.version),
    }
    data.update(overrides)
    return data


def assert_unchanged(person):
    saved = Person.objects.get(pk=person.pk)
    assert (saved.version, saved.email, saved.date_of_birth, saved.ni_number, saved.given_name) == (
        1,
        person.email,
        person.date_of_birth,
        person.ni_number,
        person.given_name,
    )
    assert not PersonChange.objects.filter(person=person).exists()


def test_the_form_opens_with_the_details_held_and_the_viewing_is_audited(adviser_a_client, person_a):
    html = adviser_a_client.get(url(person_a)).content.decode()
    assert 'value="Morag"' in html and 'value="1975"' in html
    assert 'name="seen_version" value="1"' in html
    assert AuditEvent.objects.filter(action="person_viewed", person_ref=person_a.ref, detail="change details").exists()


def test_adviser_changes_contact_details_and_the_history_shows_it(adviser_a_client, person_a):
    response = adviser_a_client.post(
        url(person_a), edit_data(person_a, email="morag@example.org", phone="01632 960 001")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("person-detail", args=[person_a.ref])
    person = Person.objects.get(pk=person_a.pk)
    assert (person.email, person.phone) == ("morag@example.org", "01632 960 001")
    page = adviser_a_client.get(response["Location"]).content.decode()
    assert "Details saved" in page
    assert "Details changed" in page
    assert "Changed: Email address, Phone number" in page


def test_team_lead_changes_details(client, team_lead_a, person_a):
    client.force_login(team_lead_a)
    assert client.post(url(person_a), edit_data(person_a, postcode="g2 1dh")).status_code == 302
    assert Person.objects.get(pk=person_a.pk).postcode == "G2 1DH"


def test_a_new_name_is_saved(adviser_a_client, person_a):
    response = adviser_a_client.post(url(person_a), edit_data(person_a, given_name="Mòrag"))
    assert response.status_code == 302
    assert Person.objects.get(pk=person_a.pk).given_name == "Mòrag"


def test_a_new_date_of_birth_without_a_reason_is_refused_beside_the_reason(adviser_a_client, person_a):
    response = adviser_a_client.post(url(person_a), edit_data(person_a, dob=date(1975, 3, 28)))
    assert_form_error(response, "Enter why the date of birth or National Insurance number is changing")
    assert_unchanged(person_a)


def test_a_new_ni_number_without_a_reason_is_refused(adviser_a_client, person_a):
    response = adviser_a_client.post(url(person_a), edit_data(person_a, ni_number="AB 12 34 56 C"))  # fictional-ni
    assert_form_error(response, "Enter why the date of birth or National Insurance number is changing")
    assert_unchanged(person_a)


def test_a_new_date_of_birth_with_a_reason_is_kept_without_the_old_date(adviser_a_client, person_a):
    data = edit_data(person_a, dob=date(1975, 3, 28), reason="The person showed their passport")
    assert adviser_a_client.post(url(person_a), data).status_code == 302

    assert Person.objects.get(pk=person_a.pk).date_of_birth == date(1975, 3, 28)
    page = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert "Changed: Date of birth" in page
    assert "Reason: The person showed their passport" in page
    assert "27 March 1975" not in page


def test_a_new_council_area_shows_both_areas_in_the_history(adviser_a_client, person_a):
    fife = CouncilArea.objects.get(name="Fife")
    assert adviser_a_client.post(url(person_a), edit_data(person_a, council_area=fife.pk)).status_code == 302
    page = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert "Council area: Glasgow City to Fife" in page


def test_nothing_changed_says_so_and_saves_nothing(adviser_a_client, person_a):
    response = adviser_a_client.post(url(person_a), edit_data(person_a), follow=True)
    assert "No details were changed" in response.content.decode()
    assert_unchanged(person_a)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"given_name": ""}, "Enter the person's first name"),
        ({"family_name": "Camp\u202ebell"}, HIDDEN.format("Last name")),
        ({"given_name": "Mo\x07rag"}, HIDDEN.format("First name")),
        ({"date_of_birth_0": "²⁷"}, "Date of birth must be a real date"),
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "Date of birth must be a real date"),
        ({"date_of_birth_2": ""}, "Date of birth must include a year"),
        ({"council_area": "999999"}, "Select a council area from the list"),
        ({"postcode": "NOT A CODE"}, "Enter a real postcode, like EH1 1YZ"),
        ({"email": "a" * 250 + "@example.org"}, "Email address must be 254 characters or fewer"),
        ({"email": "not-an-email"}, "Enter an email address in the correct format, like name@example.com"),
        ({"phone": "call me"}, "Enter a phone number, like 01632 960 001 or +44 808 157 0192"),
        (
            {"ni_number": "QQ123456Z", "reason": "Card shown"},
            "Enter a National Insurance number in the correct format, like QQ 12 34 56 C",  # fictional-ni
        ),
        ({"reason": "x" * 501}, "Reason must be 500 characters or fewer"),
        ({"reason": "Typed\u2066 wrongly", "email": "m@example.org"}, HIDDEN.format("Reason")),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_saves_nothing(adviser_a_client, person_a, overrides, message):
    response = adviser_a_client.post(url(person_a), edit_data(person_a, **overrides))
    assert_form_error(response, message)
    assert_unchanged(person_a)


def test_a_date_of_birth_in_the_future_is_refused(adviser_a_client, person_a, today):
    response = adviser_a_client.post(url(person_a), edit_data(person_a, dob=today + timedelta(days=1), reason="x"))
    assert_form_error(response, "Date of birth must be in the past")
    assert_unchanged(person_a)


def _seen_version(html: str) -> str:
    return re.search(r'name="seen_version" value="([^"]*)"', html).group(1)


def test_a_change_saved_by_someone_else_since_the_form_opened_is_not_overwritten(
    adviser_a_client, team_lead_a, person_a
):
    """Issue #11: two people edit the same person; the second to save sees the first's change."""
    seen = _seen_version(adviser_a_client.get(url(person_a)).content.decode())
    services.person_update(
        person=person_a,
        acting_user=team_lead_a,
        seen_version="1",
        reason="",
        **{k: v for k, v in edit_data(person_a).items() if k in ("given_name", "family_name", "postcode", "phone")},
        email="first@example.org",
    )

    response = adviser_a_client.post(url(person_a), edit_data(person_a, email="second@example.org", seen_version=seen))

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "This record was changed by someone else since you opened it" in html
    assert "What the record says now" in html and "first@example.org" in html
    saved = Person.objects.get(pk=person_a.pk)
    assert (saved.email, saved.version) == ("first@example.org", 2)
    # Having seen the record as it is, a second save goes ahead.
    fresh = _seen_version(html)
    assert fresh == "2"
    response = adviser_a_client.post(url(person_a), edit_data(person_a, email="second@example.org", seen_version=fresh))
    assert response.status_code == 302
    assert Person.objects.get(pk=person_a.pk).email == "second@example.org"


def test_a_tampered_version_is_treated_as_out_of_date(adviser_a_client, person_a):
    response = adviser_a_client.post(url(person_a), edit_data(person_a, email="m@example.org", seen_version="stale"))
    assert "This record was changed by someone else since you opened it" in response.content.decode()
    assert_unchanged(person_a)


# The re-score offered when something scored changes


def test_a_corrected_date_of_birth_that_moves_the_age_band_offers_a_rescore(
    adviser_a_client, adviser_a, person_a, today
):
    assessment = assess(adviser_a, person_a)
    page = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert "Score their answers again" not in page

    young = date(today.year - 22, 1, 1)
    adviser_a_client.post(url(person_a), edit_data(person_a, dob=young, reason="Typed wrongly"))

    page = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert "Their date of birth changed after their latest checklist was scored" in page
    assert reverse("assessment-rescore", args=[person_a.ref, assessment.pk]) in page


def test_a_date_of_birth_corrected_within_the_same_age_band_offers_no_rescore(adviser_a_client, adviser_a, person_a):
    assess(adviser_a, person_a)
    adviser_a_client.post(url(person_a), edit_data(person_a, dob=date(1975, 3, 20), reason="Typed wrongly"))
    page = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert "changed after their latest checklist was scored" not in page


def test_a_new_council_area_offers_a_rescore(adviser_a_client, adviser_a, person_a):
    assess(adviser_a, person_a)
    fife = CouncilArea.objects.get(name="Fife")
    adviser_a_client.post(url(person_a), edit_data(person_a, council_area=fife.pk))
    page = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert "Their council area changed after their latest checklist was scored" in page


# Roles and teams


def test_other_teams_person_is_404_and_nothing_changes(adviser_a_client, person_b):
    assert adviser_a_client.get(url(person_b)).status_code == 404
    assert adviser_a_client.post(url(person_b), edit_data(person_b, email="x@example.org")).status_code == 404
    assert_unchanged(person_b)


def test_evaluator_cannot_change_details(client, evaluator, person_a):
    client.force_login(evaluator)
    assert client.get(url(person_a)).status_code == 403
    assert client.post(url(person_a), edit_data(person_a, email="x@example.org")).status_code == 403
    assert_unchanged(person_a)


def test_the_leaving_date_is_changed_with_its_history_and_moves_the_next_follow_up(adviser_a_client, person_a):
    from triage.lib import outcomes

    left = person_a.leaving_date + timedelta(days=14)
    response = adviser_a_client.post(url(person_a), edit_data(person_a, left=left))

    assert response.status_code == 302
    person = Person.objects.get(pk=person_a.pk)
    assert (person.leaving_date, person.follow_up_on) == (left, outcomes.add_months(left, 3))
    page = adviser_a_client.get(response["Location"]).content.decode()
    assert f"Date their job ended: {person_a.leaving_date:%-d %B %Y} to {left:%-d %B %Y}" in page


def test_a_leaving_date_long_before_the_redundancy_is_refused(adviser_a_client, person_a):
    earliest = person_a.situation.notified_date - timedelta(days=365)
    response = adviser_a_client.post(url(person_a), edit_data(person_a, left=earliest - timedelta(days=1)))
    assert_form_error(
        response,
        f"Date their job ended must be on or after {earliest:%-d %B %Y}, a year before the redundancy was notified",
    )
    assert_unchanged(person_a)
