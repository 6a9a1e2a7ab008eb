"""Issue #11: an idle session ends after 30 minutes (a setting), says why, and loses no answers."""

import re
import time

import pytest
from django.urls import reverse

from tests.views.adviser.test_person_add import person_data
from triage.middleware import IDLE_KEY
from triage.models import Person


@pytest.fixture
def idle_client(client, adviser_a, settings):
    """Signed in, last seen 31 minutes ago."""
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client.force_login(adviser_a)
    client.get(reverse("home"))
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 31 * 60
    session.save()
    return client


def test_a_page_after_the_idle_timeout_signs_out_and_says_why(idle_client):
    response = idle_client.get(reverse("caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    login = idle_client.get(response["Location"]).content.decode()
    assert "You were signed out because PACE Triage was not used for 30 minutes" in login
    assert idle_client.get(reverse("caseload")).status_code == 302  # still signed out


def test_a_page_within_the_idle_timeout_carries_on(client, adviser_a, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client.force_login(adviser_a)
    client.get(reverse("home"))
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("caseload")).status_code == 200


def test_a_form_sent_after_the_timeout_is_kept_and_sent_once_signed_in_again(idle_client, adviser_a, situation_a):
    url = reverse("person-add")
    response = idle_client.post(url, person_data(situation_a, given_name="Eilidh"))
    assert response.status_code == 302
    assert not Person.objects.exists()
    login = idle_client.get(response["Location"]).content.decode()
    assert "The answers you were sending were kept" in login

    idle_client.force_login(adviser_a)  # signs in again as the same person
    page = idle_client.get(url).content.decode()
    assert "Your answers were kept" in page
    kept = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    assert kept["given_name"] == "Eilidh"
    assert idle_client.post(url, kept).status_code == 302
    assert Person.objects.get().given_name == "Eilidh"
    assert "Your answers were kept" not in idle_client.get(url).content.decode()  # offered once


def test_kept_answers_are_never_offered_to_someone_else(idle_client, adviser_a, team_lead_a, situation_a):
    url = reverse("person-add")
    idle_client.post(url, person_data(situation_a, given_name="Eilidh"))
    idle_client.force_login(team_lead_a)
    page = idle_client.get(url).content.decode()
    assert "Your answers were kept" not in page
    assert "Eilidh" not in page
