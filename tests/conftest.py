"""Shared fixtures: the same few users everywhere, and the switches that make optional tests mandatory.

Browser tests (marker `browser`) need Debian's Chromium; PostgreSQL tests (marker `postgres`)
need DATABASE_URL pointing at PostgreSQL. Elsewhere they skip with a message naming what to
install; `--require-browser` and `--require-postgres` (used by .ci/run) turn those skips into
failures.
"""

import shutil
import uuid
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from triage import services
from triage.access import Role
from triage.models import CouncilArea, Event, InterventionType, Partner, RedundancySituation, Team, User

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


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


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def team_a(db):
    return Team.objects.create(name="Team A")


@pytest.fixture
def team_b(db):
    return Team.objects.create(name="Team B")


def make_user(username, role, team=None, **extra):
    user = User.objects.create_user(username=username, password="test-pass-123", team=team, **extra)
    user.groups.add(Group.objects.get(name=role))
    return user


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
def adviser_a_client(client, adviser_a):
    client.force_login(adviser_a)
    return client


@pytest.fixture
def glasgow(db):
    return CouncilArea.objects.get(name="Glasgow City")


def make_situation(team, area, notified_date, employer="Clydeside Fabrication Ltd"):
    return RedundancySituation.objects.create(
        team=team,
        employer=employer,
        sector=RedundancySituation.Sector.MANUFACTURING,
        council_area=area,
        notified_date=notified_date,
        number_affected=120,
    )


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


def register(user, situation, **overrides):
    fields = {
        "given_name": "Morag",
        "family_name": "Campbell",
        "date_of_birth": date(1975, 3, 27),
        "council_area": situation.council_area,
        "postcode": "",
        "email": "",
        "phone": "",
        "ni_number": "",
        "sex": "",
        "situation": situation,
        "event": None,
        "consent_given": True,
    }
    fields.update(overrides)
    return services.person_register(acting_user=user, team=situation.team, **fields)


@pytest.fixture
def person_a(adviser_a, situation_a):
    return register(adviser_a, situation_a)


@pytest.fixture
def person_b(adviser_b, situation_b):
    return register(adviser_b, situation_b, given_name="Iain", family_name="Robertson")


# Every answer at the reference (lowest-risk) level, as an adviser would tick them.
REFERENCE_ANSWERS = {
    "q1_qualifications": "scqf_9_plus",
    "q2a_licence": "full_clean",
    "q2b_vehicle": "yes",
    "q4_household": "partner",
    "q5_dependants": "no",
    "q6a_confidence": "very",
    "q6b_expected_time": "under_3_months",
    "q6c_luck_or_effort": "effort",
    "q8a_seeking": "yes",
    "q8b_interviews": "yes",
    "q8c_employer_contact": "yes",
    "q9a_physical": "good",
    "q9b_disability": "no",
    "q9c_mental": "good",
    "q10_parent_work": "yes",
}

# A person with many risk factors together, including the multiple-complex-needs pattern.
HIGH_RISK_ANSWERS = {
    "q1_qualifications": "none",
    "q2a_licence": "provisional_or_none",
    "q2b_vehicle": "no",
    "q4_household": "alone",
    "q5_dependants": "no",
    "q6a_confidence": "not_at_all",
    "q6b_expected_time": "over_12_months",
    "q6c_luck_or_effort": "luck",
    "q8a_seeking": "no",
    "q8b_interviews": "no",
    "q8c_employer_contact": "no",
    "q9a_physical": "poor",
    "q9b_disability": "yes",
    "q9c_mental": "poor",
    "q10_parent_work": "no",
}


def assess(user, person, answers=None, today=None):
    from triage.scorecard_files import live_scorecard

    return services.assessment_create(
        person=person,
        answers=dict(answers or REFERENCE_ANSWERS),
        dependants_count=None,
        event=None,
        submission_token=uuid.uuid4(),
        acting_user=user,
        card=live_scorecard(),
        today=today or timezone.localdate(),
    )


@pytest.fixture
def assessment_a(adviser_a, person_a):
    return assess(adviser_a, person_a)


@pytest.fixture
def assessment_b(adviser_b, person_b):
    return assess(adviser_b, person_b)


def add_intervention(user, person, *, agreed_on=None, status="referred", status_date=None, **overrides):
    """Support agreed two days ago (or on `agreed_on`), delivered by Skills Development Scotland."""
    agreed_on = agreed_on or timezone.localdate() - timedelta(days=2)
    fields = {
        "intervention_type": InterventionType.objects.get(code="employability_advice"),
        "partner": Partner.objects.get(abbreviation="SDS"),
        "status": status,
        "agreed_on": agreed_on,
        "status_date": status_date or agreed_on,
        "notes": "",
    }
    fields.update(overrides)
    return services.intervention_add(person=person, acting_user=user, **fields)


@pytest.fixture
def intervention_a(adviser_a, person_a):
    return add_intervention(adviser_a, person_a)


@pytest.fixture
def intervention_b(adviser_b, person_b):
    return add_intervention(adviser_b, person_b)


def add_queried_override(adviser, team_lead, assessment, to_band="high"):
    """An override by `adviser` that `team_lead` has queried: it waits on the adviser's home page."""
    override = services.override_add(
        assessment=assessment,
        to_band=to_band,
        reason_category="adviser_knowledge",
        reason_text="Caring for a parent full time, which the checklist does not ask about.",
        acting_user=adviser,
    )
    services.override_review(
        override=override, kind="queried", comment="What support is the carer getting?", acting_user=team_lead
    )
    return override


@pytest.fixture
def team_lead_b(team_b):
    return make_user("team_lead_b", Role.TEAM_LEAD, team_b)


@pytest.fixture
def override_a(adviser_a, team_lead_a, assessment_a):
    return add_queried_override(adviser_a, team_lead_a, assessment_a)


@pytest.fixture
def override_b(adviser_b, team_lead_b, assessment_b):
    return add_queried_override(adviser_b, team_lead_b, assessment_b)
