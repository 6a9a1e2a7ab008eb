"""Team leads change a person's named adviser: `person-reassign`."""

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.views.form_errors import assert_form_error
from triage.access import Role
from triage.models import AuditEvent, Person, PersonChange


def url(person):
    return reverse("person-reassign", args=[person.ref])


@pytest.fixture
def rory(team_a):
    return make_user("adviser_a2", Role.ADVISER, team_a, first_name="Rory", last_name="Munro")


@pytest.fixture
def lead_client(client, team_lead_a):
    client.force_login(team_lead_a)
    return client


def assert_unchanged(person):
    assert Person.objects.get(pk=person.pk).adviser_id == person.adviser_id
    assert not PersonChange.objects.filter(person=person).exists()


def test_team_lead_names_another_adviser_and_the_history_shows_it(lead_client, person_a, rory):
    form = lead_client.get(url(person_a)).content.decode()
    assert "Rory Munro" in form and "Ailsa MacLeod" in form

    response = lead_client.post(url(person_a), {"adviser": rory.pk})

    assert response.status_code == 302
    assert Person.objects.get(pk=person_a.pk).adviser == rory
    assert AuditEvent.objects.filter(action="adviser_reassigned", person_ref=person_a.ref).exists()
    page = lead_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert "Named adviser changed" in page
    assert "Named adviser: Ailsa MacLeod to Rory Munro" in page


def test_only_the_teams_advisers_and_leads_are_offered(lead_client, person_a, adviser_b, team_a):
    make_user("evaluator_a", Role.EVALUATOR, team_a, first_name="Evie", last_name="Vale")
    make_user("gone_a", Role.ADVISER, team_a, first_name="Gone", last_name="Away", is_active=False)
    form = lead_client.get(url(person_a)).content.decode()
    assert "team_lead_a" in form
    for name in ("adviser_b", "Evie Vale", "Gone Away"):
        assert name not in form


def test_an_adviser_of_another_team_is_refused(lead_client, person_a, adviser_b):
    response = lead_client.post(url(person_a), {"adviser": adviser_b.pk})
    assert_form_error(response, "Select an adviser or team lead of this team")
    assert_unchanged(person_a)


@pytest.mark.parametrize(("value", "message"), [("", "Select their new named adviser"), ("x", None)])
def test_missing_or_tampered_choice_is_refused(lead_client, person_a, value, message):
    response = lead_client.post(url(person_a), {"adviser": value})
    assert_form_error(response, message or "Select an adviser or team lead of this team")
    assert_unchanged(person_a)


def test_the_same_adviser_is_refused(lead_client, person_a, adviser_a):
    response = lead_client.post(url(person_a), {"adviser": adviser_a.pk})
    assert_form_error(response, "They already have this named adviser: select someone else")
    assert_unchanged(person_a)


def test_advisers_cannot_reassign_and_see_no_change_link(adviser_a_client, person_a, rory):
    assert adviser_a_client.get(url(person_a)).status_code == 403
    assert adviser_a_client.post(url(person_a), {"adviser": rory.pk}).status_code == 403
    assert_unchanged(person_a)
    page = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert url(person_a) not in page


def test_team_lead_sees_the_change_link(lead_client, person_a):
    page = lead_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    assert url(person_a) in page


def test_other_teams_person_is_404(lead_client, person_b, rory):
    assert lead_client.get(url(person_b)).status_code == 404
    assert lead_client.post(url(person_b), {"adviser": rory.pk}).status_code == 404
    assert_unchanged(person_b)


def test_the_person_moves_to_the_new_advisers_caseload(client, lead_client, person_a, adviser_a, rory):
    lead_client.post(url(person_a), {"adviser": rory.pk})

    client.force_login(rory)
    assert person_a.ref in client.get(reverse("caseload") + "?scope=mine").content.decode()
    client.force_login(adviser_a)
    assert person_a.ref not in client.get(reverse("caseload") + "?scope=mine").content.decode()
