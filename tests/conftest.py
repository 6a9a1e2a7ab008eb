"""Shared fixtures: the same few users everywhere, and the switches that make optional tests mandatory.

Browser tests (marker `browser`) need Debian's Chromium; PostgreSQL tests (marker `postgres`)
need DATABASE_URL pointing at PostgreSQL. Elsewhere they skip with a message naming what to
install; `--require-browser` and `--require-postgres` (used by .ci/run) turn those skips into
failures.
"""

import shutil
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    add_intervention,
    add_queried_override,
    assess,
    make_partner_user,
    make_situation,
    make_user,
    register,
)
from triage.access import Role
from triage.models import CouncilArea, Event, Team

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Fixtures of two teams' people for the dashboard figures and pages (selectors and views tests).
pytest_plugins = ["tests.dashboard_data", "tests.services.export_data", "tests.retrain_data"]


def pytest_addoption(parser):
    parser.addoption("--require-browser", action="store_true", help="fail, not skip, when Chromium is missing")
    parser.addoption("--require-postgres", action="store_true", help="fail, not skip, when not on PostgreSQL")


def _unavailable(item) -> tuple[str, str] | None:
    if item.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        return "--require-browser", "needs Debian's Chromium: apt-get install chromium chromium-driver"
    if item.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            return (
                "--require-postgres",
                "needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/pace_triage",
            )
    return None


def pytest_runtest_setup(item):
    missing = _unavailable(item)
    if missing:
        switch, message = missing
        if item.config.getoption(switch):
            pytest.fail(f"{message} ({switch} was given)")
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


TEST_PSEUDONYM_KEY = "test-only-pseudonym-key-of-more-than-32-bytes"


@pytest.fixture(autouse=True)
def _exports(settings, tmp_path_factory):
    """Exports run in the test (django-tasks' immediate backend), keyed, into a folder of their own."""
    settings.PSEUDONYM_KEY = TEST_PSEUDONYM_KEY
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EXPORT_DIR = tmp_path_factory.mktemp("exports")
    # The immediate backend would refresh the evaluator's figures after every write of a test that
    # commits (browser tests): tests/services/test_evaluation_refresh.py turns it on.
    settings.EVALUATION_REFRESH_AFTER_WRITES = False


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def team_a(db):
    return Team.objects.create(name="Team A")


@pytest.fixture
def team_b(db):
    return Team.objects.create(name="Team B")


@pytest.fixture
def adviser_a(team_a):
    return make_user("adviser_a", Role.ADVISER, team_a, first_name="Ailsa", last_name="MacLeod")


@pytest.fixture
def adviser_b(team_b):
    return make_user("adviser_b", Role.ADVISER, team_b)


@pytest.fixture
def team_lead_a(team_a):
    return make_user("team_lead_a", Role.TEAM_LEAD, team_a)


@pytest.fixture
def evaluator(db):
    return make_user("evaluator", Role.EVALUATOR)


@pytest.fixture
def admin_user(db):
    return make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def partner_dwp(db):
    return make_partner_user("partner_dwp", "DWP")


@pytest.fixture
def partner_cas(db):
    return make_partner_user("partner_cas", "CAS")


@pytest.fixture
def adviser_a_client(client, adviser_a):
    client.force_login(adviser_a)
    return client


@pytest.fixture
def glasgow(db):
    return CouncilArea.objects.get(name="Glasgow City")


@pytest.fixture
def situation_a(team_a, glasgow, today):
    return make_situation(team_a, glasgow, today - timedelta(days=30))


@pytest.fixture
def situation_b(team_b, glasgow, today):
    return make_situation(team_b, glasgow, today - timedelta(days=30), employer="Tayside Jute Works")


@pytest.fixture
def event_a(situation_a, today):
    return Event.objects.create(
        situation=situation_a, kind=Event.Kind.ON_SITE, held_on=today - timedelta(days=20), location="Canteen"
    )


@pytest.fixture
def person_a(adviser_a, situation_a):
    return register(adviser_a, situation_a)


@pytest.fixture
def person_b(adviser_b, situation_b):
    return register(adviser_b, situation_b, given_name="Iain", family_name="Robertson")


@pytest.fixture
def assessment_a(adviser_a, person_a):
    return assess(adviser_a, person_a)


@pytest.fixture
def assessment_b(adviser_b, person_b):
    return assess(adviser_b, person_b)


@pytest.fixture
def intervention_a(adviser_a, person_a):
    return add_intervention(adviser_a, person_a)


@pytest.fixture
def intervention_b(adviser_b, person_b):
    return add_intervention(adviser_b, person_b)


@pytest.fixture
def team_lead_b(team_b):
    return make_user("team_lead_b", Role.TEAM_LEAD, team_b)


@pytest.fixture
def override_a(adviser_a, team_lead_a, assessment_a):
    return add_queried_override(adviser_a, team_lead_a, assessment_a)


@pytest.fixture
def override_b(adviser_b, team_lead_b, assessment_b):
    return add_queried_override(adviser_b, team_lead_b, assessment_b)


@pytest.fixture
def reference_data_again(transactional_db):
    """A transactional test starts after others' flushes: put the migrations' reference data back."""
    from django.apps import apps

    from triage.reference_loader import load_reference_data

    load_reference_data(apps)
