"""Issue #11: a write while SQLite stays busy is a clear "try again" page with the answers kept."""

import re

from django.db import OperationalError
from django.urls import reverse

from tests.views.adviser.test_person_add import person_data
from triage import services
from triage.models import Person


def _busy(**kwargs):
    raise OperationalError("database is locked")


def test_a_busy_database_keeps_the_answers_and_offers_to_send_them_again(
    adviser_a_client, situation_a, monkeypatch, caplog
):
    monkeypatch.setattr(services, "person_register", _busy)
    data = person_data(situation_a, given_name="Eilidh", email="eilidh@example.com")
    response = adviser_a_client.post(reverse("person-add"), data)

    assert response.status_code == 503
    html = response.content.decode()
    assert "The service is busy: try again" in html
    kept = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    assert kept["given_name"] == "Eilidh"
    assert kept["email"] == "eilidh@example.com"
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'action="{reverse("person-add")}"' in html
    assert not Person.objects.exists()
    assert "Eilidh" not in caplog.text  # the answers never reach the log


def test_sending_the_kept_answers_again_saves_them(adviser_a_client, situation_a, monkeypatch):
    real = services.person_register
    monkeypatch.setattr(services, "person_register", _busy)
    html = adviser_a_client.post(reverse("person-add"), person_data(situation_a)).content.decode()
    kept = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    monkeypatch.setattr(services, "person_register", real)

    response = adviser_a_client.post(reverse("person-add"), kept)
    assert response.status_code == 302
    assert Person.objects.get().given_name == "Eilidh"


def test_other_database_errors_are_not_hidden_as_busy(adviser_a_client, situation_a, monkeypatch):
    def broken(**kwargs):
        raise OperationalError("no such table: triage_person")

    monkeypatch.setattr(services, "person_register", broken)
    adviser_a_client.raise_request_exception = False
    assert adviser_a_client.post(reverse("person-add"), person_data(situation_a)).status_code == 500


def test_a_session_that_cannot_be_saved_while_busy_gives_the_busy_page(adviser_a_client, person_a, monkeypatch):
    """The search keeps its term in the session, saved after the view: busy there is a 503 too."""
    from django.contrib.sessions.backends.db import SessionStore

    monkeypatch.setattr(SessionStore, "save", lambda self, must_create=False: _busy())
    response = adviser_a_client.post(reverse("person-search"), {"q": "Morag Campbell"})

    assert response.status_code == 503
    html = response.content.decode()
    assert "The service is busy: try again" in html
    assert 'value="Morag Campbell"' in html  # kept in the page's form, to send again
    assert "may not have been saved" in html
    assert "script-src" in response["Content-Security-Policy"]  # the response's policy still stands
