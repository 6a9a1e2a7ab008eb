"""Dashboard data shared by the figures' tests and both pages' tests: two teams' people, bands,
checklists, interventions and situations, built through the real services (a pytest plugin of
tests/conftest.py, so every test module can ask for these fixtures)."""

from datetime import timedelta

import pytest

from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, add_intervention, assess, make_situation, register
from triage import services
from triage.models import CouncilArea, InterventionType, RedundancySituation
from triage.scorecard_files import live_scorecard


def incomplete_answers():
    """More items declined than the live scorecard allows: the assessment has no band."""
    declined = list(HIGH_RISK_ANSWERS)[: live_scorecard().max_missing + 1]
    return {**REFERENCE_ANSWERS, **dict.fromkeys(declined, "prefer_not_to_say")}


def override(adviser, assessment, to_band):
    return services.override_add(
        assessment=assessment,
        to_band=to_band,
        reason_category="adviser_knowledge",
        reason_text="Caring for a parent full time, which the checklist does not ask about.",
        acting_user=adviser,
    )


def intervention(adviser, person, code, status):
    return add_intervention(adviser, person, status=status, intervention_type=InterventionType.objects.get(code=code))


@pytest.fixture
def edinburgh(db):
    return CouncilArea.objects.get(name="City of Edinburgh")


@pytest.fixture
def retail_situation_a(team_a, edinburgh, today):
    situation = make_situation(team_a, edinburgh, today - timedelta(days=10), employer="Leith Department Store")
    RedundancySituation.objects.filter(pk=situation.pk).update(sector="retail", number_affected=40)
    return situation


@pytest.fixture
def team_a_people(adviser_a, situation_a, retail_situation_a, edinburgh):
    """Six people in team A, covering every band case; hand counts are in the tests below.

    Clydeside Fabrication (manufacturing, Glasgow, 120 affected): low, high, high changed to medium,
    not assessed, incomplete. Leith Department Store (retail, 40 affected): one high, in Edinburgh.
    """
    low = register(adviser_a, situation_a, given_name="Ailsa", family_name="Drummond")
    high = register(adviser_a, situation_a, given_name="Hamish", family_name="Ferguson")
    changed = register(adviser_a, situation_a, given_name="Catriona", family_name="Urquhart")
    register(adviser_a, situation_a, given_name="Niall", family_name="Sinclair")
    incomplete = register(adviser_a, situation_a, given_name="Isla", family_name="Menzies")
    retail = register(adviser_a, retail_situation_a, given_name="Rory", family_name="Baillie", council_area=edinburgh)
    assess(adviser_a, low)
    assess(adviser_a, high, HIGH_RISK_ANSWERS)
    override(adviser_a, assess(adviser_a, changed, HIGH_RISK_ANSWERS), "medium")
    assess(adviser_a, incomplete, incomplete_answers())
    assess(adviser_a, retail, HIGH_RISK_ANSWERS)
    intervention(adviser_a, low, "employability_advice", "referred")
    intervention(adviser_a, high, "employability_advice", "started")
    intervention(adviser_a, high, "benefits", "offered")
    intervention(adviser_a, retail, "money", "completed")
    return {"low": low, "high": high, "changed": changed, "incomplete": incomplete, "retail": retail}


@pytest.fixture
def team_b_people(adviser_b, situation_b, person_b):
    """Team B: one high-band person with two interventions, who must never count for team A."""
    assess(adviser_b, person_b, HIGH_RISK_ANSWERS)
    intervention(adviser_b, person_b, "employability_advice", "started")
    intervention(adviser_b, person_b, "pensions", "declined")
    return [person_b]


@pytest.fixture
def team_lead_a_client(client, team_lead_a):
    client.force_login(team_lead_a)
    return client


@pytest.fixture
def evaluator_client(client, evaluator):
    client.force_login(evaluator)
    return client
