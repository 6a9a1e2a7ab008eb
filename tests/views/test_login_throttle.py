"""Issue #11: sign-in throttling that works behind a proxy and slows one address trying many usernames."""

import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from django.urls import reverse

from triage.throttle import client_address

LOGIN = reverse("login")
PASSWORD = "test-pass-123"  # every test user's (tests/factories.py)


def sign_in(username, password, client=None, **meta):
    return (client or Client()).post(LOGIN, {"username": username, "password": password}, **meta)


def fail(times, username="adviser_a", **meta):
    for _ in range(times):
        sign_in(username, "wrong", **meta)


def test_a_forged_forwarded_for_header_is_ignored_without_trusted_proxies(adviser_a, settings):
    """Without TRUSTED_PROXIES the client is the connection's address: a new X-Forwarded-For on
    each try does not reset the count."""
    settings.TRUSTED_PROXIES = []
    for i in range(5):
        sign_in("adviser_a", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")

    response = sign_in("adviser_a", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(adviser_a, settings):
    """With the proxy named, one client's wrong passwords lock that client out, not everyone
    whose requests come through the same proxy."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    fail(5, HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert sign_in("adviser_a", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert sign_in("adviser_a", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_behind_a_trusted_proxy_an_address_the_client_wrote_itself_is_ignored(adviser_a, settings):
    """The proxy appends the address it was sent from; whatever the client put to its left is its own."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for i in range(5):
        sign_in("adviser_a", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 203.0.113.7")

    assert sign_in("adviser_a", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.7").status_code == 429


def test_one_address_trying_many_usernames_is_locked_out(adviser_a, team_lead_a, settings):
    """A device guessing across usernames is stopped after AXES_ADDRESS_FAILURE_LIMIT failures,
    for every username, while other devices still sign in."""
    for i in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        sign_in(f"someone{i}", "wrong")  # never the same username twice: no pair reaches its limit

    response = sign_in("adviser_a", PASSWORD)
    assert response.status_code == 429
    assert sign_in("team_lead_a", PASSWORD).status_code == 429
    assert sign_in("adviser_a", PASSWORD, REMOTE_ADDR="192.0.2.44").status_code == 302


def test_a_few_typos_by_different_people_at_one_address_lock_no_one_out(adviser_a, settings):
    """A venue's shared address: failures across usernames below the address's limit stop no one."""
    for i in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        sign_in(f"someone{i % 6}", "wrong")  # under five each

    assert sign_in("adviser_a", PASSWORD).status_code == 302


def test_signing_in_to_one_account_does_not_clear_the_guesses_at_others(adviser_a, settings):
    for i in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        sign_in(f"someone{i}", "wrong")
    assert sign_in("adviser_a", PASSWORD).status_code == 302

    sign_in("someone-else", "wrong")
    assert sign_in("adviser_a", PASSWORD).status_code == 429


def test_the_lockout_page_says_what_happened_and_what_to_do(adviser_a):
    fail(5)
    response = sign_in("adviser_a", PASSWORD)

    html = response.content.decode()
    assert response.status_code == 429  # Too Many Requests: not a server error
    assert "<title>Signing in is paused for 15 minutes" in html
    assert "You cannot sign in for 15 minutes" in html
    assert "too many failed sign-ins from this device or network" in html
    assert "ask your team lead or the service owner to reset it" in html


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "client"),
    [
        ("127.0.0.1", "203.0.113.7", [], "127.0.0.1"),
        ("10.0.0.5", "203.0.113.7", ["10.0.0.0/24"], "203.0.113.7"),
        ("10.0.0.5", "203.0.113.7, 10.0.0.9", ["10.0.0.0/24"], "203.0.113.7"),  # two proxies of ours
        ("10.0.0.5", "203.0.113.7", ["10.0.1.0/24"], "10.0.0.5"),  # sent by someone not trusted
        ("10.0.0.5", "", ["10.0.0.5"], "10.0.0.5"),
        ("10.0.0.5", "not-an-address", ["10.0.0.5"], "10.0.0.5"),
        ("10.0.0.5", "203.0.113.7, garbage", ["10.0.0.5"], "10.0.0.5"),
        ("10.0.0.5", "10.0.0.6", ["10.0.0.0/24"], "10.0.0.6"),  # nothing but proxies: the farthest
        ("2001:db8::1", "2001:db8:ffff::7", ["2001:db8::/64"], "2001:db8:ffff::7"),
    ],
)
def test_the_client_is_the_first_address_no_trusted_proxy_vouches_for(settings, remote, forwarded, trusted, client):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().post(LOGIN, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client


def test_a_trusted_proxy_that_is_not_an_address_stops_start_up():
    env = {**os.environ, "TRUSTED_PROXIES": "10.0.0.1,proxy.example", "SECRET_KEY": "x" * 50}
    env["DJANGO_SETTINGS_MODULE"] = os.environ.get("DJANGO_SETTINGS_MODULE", django_settings.SETTINGS_MODULE)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'proxy.example' is not an IP address or network" in result.stderr
