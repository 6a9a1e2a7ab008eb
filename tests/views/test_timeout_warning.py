"""Issue #11: a warning before the idle sign-out, with a way to stay signed in (WCAG 2.2.1). The
dialog and its script need the page to say the time left, and two endpoints: the time left (asked
before warning, so a tab stays quiet when another kept the session alive) and "Stay signed in"."""

import time

import pytest
from django.urls import reverse

from tests.views.adviser.test_person_add import person_data
from triage.middleware import IDLE_KEY, KEPT_KEY, PASSIVE_PATHS, SEEN_EVERY, SENT_AT_TIMEOUT
from triage.models import Person


def _last_seen(client, seconds_ago: int) -> None:
    session = client.session
    session[IDLE_KEY] = int(time.time()) - seconds_ago
    session.save()


@pytest.fixture
def signed_in(client, adviser_a, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    settings.SESSION_IDLE_WARNING = 120
    client.force_login(adviser_a)
    client.get(reverse("home"))
    return client


def test_keep_alive_starts_the_idle_clock_again_even_within_seen_every(signed_in):
    _last_seen(signed_in, SEEN_EVERY - 10)  # a page view now would not write the clock
    response = signed_in.post(reverse("session-keep-alive"))
    assert response.status_code == 204
    assert response.content == b""
    assert int(time.time()) - signed_in.session[IDLE_KEY] <= 1


def test_keep_alive_keeps_the_session_past_the_original_timeout(signed_in):
    _last_seen(signed_in, 29 * 60)
    assert signed_in.post(reverse("session-keep-alive")).status_code == 204
    session = signed_in.session
    session[IDLE_KEY] -= 5 * 60  # five minutes later: 34 minutes after the last page
    session.save()
    assert signed_in.get(reverse("caseload")).status_code == 200


def test_time_left_says_the_seconds_before_sign_out_and_does_not_count_as_use(signed_in):
    _last_seen(signed_in, 28 * 60)
    before = signed_in.session[IDLE_KEY]
    response = signed_in.get(reverse("session-time-left"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert 119 <= response.json()["seconds_left"] <= 120
    assert response.json() == {"seconds_left": response.json()["seconds_left"]}  # nothing about anyone
    assert signed_in.session[IDLE_KEY] == before
    assert reverse("session-time-left") in PASSIVE_PATHS


def test_time_left_after_another_tab_kept_the_session_alive(signed_in):
    _last_seen(signed_in, 29 * 60)
    signed_in.post(reverse("session-keep-alive"))  # the other tab
    assert signed_in.get(reverse("session-time-left")).json()["seconds_left"] >= 30 * 60 - 1


def test_when_the_time_is_up_time_left_says_so_and_the_next_page_ends_the_session(signed_in):
    _last_seen(signed_in, 30 * 60)
    response = signed_in.get(reverse("session-time-left"))
    assert (response.status_code, response.json()) == (200, {"seconds_left": 0})
    assert "_auth_user_id" in signed_in.session  # asking did not end it: the page's next request does
    response = signed_in.get(reverse("caseload"))
    assert response.status_code == 302
    assert "not used for 30 minutes" in signed_in.get(response["Location"]).content.decode()


def test_staying_signed_in_after_the_time_is_up_is_too_late(signed_in):
    _last_seen(signed_in, 31 * 60)
    assert signed_in.post(reverse("session-keep-alive")).status_code == 403
    assert signed_in.get(reverse("caseload")).status_code == 302


def test_a_form_the_script_sends_at_the_timeout_is_kept_never_saved(signed_in, situation_a):
    """Even if another tab renewed the session a moment before: nobody pressed the form's button."""
    url = reverse("person-add")
    data = {**person_data(situation_a, given_name="Eilidh"), SENT_AT_TIMEOUT: "1"}
    response = signed_in.post(url, data)
    assert response.status_code == 302
    assert not Person.objects.exists()
    kept = signed_in.session[KEPT_KEY]
    assert kept["path"] == url and ("given_name", "Eilidh") in [tuple(pair) for pair in kept["answers"]]
    assert SENT_AT_TIMEOUT not in {name for name, _ in kept["answers"]}


def test_signed_out_requests_get_403_not_a_redirect_or_an_error(client, db):
    assert client.get(reverse("session-time-left")).status_code == 403
    assert client.post(reverse("session-keep-alive")).status_code == 403
    assert IDLE_KEY not in client.session


def test_wrong_methods_are_refused(signed_in):
    assert signed_in.get(reverse("session-keep-alive")).status_code == 405
    assert signed_in.post(reverse("session-time-left")).status_code == 405


def test_keep_alive_needs_the_csrf_token(adviser_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(adviser_a)
    assert client.post(reverse("session-keep-alive")).status_code == 403


def test_the_page_tells_the_script_the_time_left_only_when_signed_in(signed_in, client, settings):
    _last_seen(signed_in, SEEN_EVERY // 2)  # seen recently: this page view does not write the clock
    page = signed_in.get(reverse("caseload")).content.decode()
    assert 'data-idle-timeout="1800"' in page
    assert 'data-idle-warning="120"' in page
    left = int(page.split('data-idle-left="')[1].split('"')[0])
    assert 30 * 60 - SEEN_EVERY // 2 - 1 <= left <= 30 * 60 - SEEN_EVERY // 2
    assert 'role="dialog"' not in page  # a native <dialog>: its role is its own
    assert '<dialog class="app-timeout-dialog" id="timeout-warning" aria-labelledby="timeout-warning-title"' in page
    assert "Stay signed in" in page
    signed_in.logout()
    login = signed_in.get(reverse("login")).content.decode()
    assert "data-idle-" not in login
    assert "timeout-warning" not in login


def test_the_warning_is_never_longer_than_half_the_timeout(signed_in, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    settings.SESSION_IDLE_WARNING = 120
    assert 'data-idle-warning="30"' in signed_in.get(reverse("caseload")).content.decode()


def test_the_accessibility_statement_says_the_warning_meets_2_2_1(client, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    settings.SESSION_IDLE_WARNING = 120
    page = client.get(reverse("accessibility-statement")).content.decode()
    assert "2 minutes before that, a message says how long is left" in page
    assert "This meets WCAG 2.2 success criterion 2.2.1" in page
    assert "fails WCAG 2.2 success criterion 2.2.1" not in page
