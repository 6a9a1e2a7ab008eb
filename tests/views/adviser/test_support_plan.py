"""The printable support plan: `support-plan`."""

import re

from django.urls import reverse

from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, add_intervention, assess
from triage import services
from triage.models import AuditEvent, InterventionType, Partner
from triage.scoring import PREFER_NOT_TO_SAY
from triage.templatetags.triage_tags import second_person

# The area's rate is not the person's strength; "no dependants" and "no disability" are absences.
NOT_ON_THE_PLAN = {"q7_area_unemployment", "q5_dependants", "q9b_disability"}


def url(person):
    return reverse("support-plan", args=[person.ref])


def main_content(response) -> str:
    """The page's own content, without the header and navigation shared by every page."""
    html = response.content.decode()
    return re.search(r"<main.*?</main>", html, re.S).group(0)


def test_plan_lists_strengths_support_and_adviser_contact(adviser_a_client, adviser_a, person_a):
    """Issue #3: "a printable 'your support plan' page for the person to take away (their strengths,
    the support agreed and who delivers it, contact for the adviser; no score jargon)"."""
    adviser_a.email = "ailsa.macleod@example.org"
    adviser_a.save()
    assessment = assess(adviser_a, person_a, {**HIGH_RISK_ANSWERS, "q1_qualifications": "scqf_9_plus"})
    add_intervention(adviser_a, person_a)

    response = adviser_a_client.get(url(person_a))

    page = main_content(response)
    assert response.status_code == 200
    assert assessment.explanation["strengths"]
    assert "Morag Campbell" in page
    assert person_a.ref in page
    shown = [s for s in assessment.explanation["strengths"] if s["item_code"] not in NOT_ON_THE_PLAN]
    assert shown
    for strength in shown:
        assert second_person(strength["plain_text"]) in page
    assert "Employability advice" in page
    assert "Skills Development Scotland" in page
    assert "Ailsa MacLeod" in page
    assert "ailsa.macleod@example.org" in page


def test_plan_has_no_score_jargon(adviser_a_client, adviser_a, person_a):
    assessment = assess(adviser_a, person_a, HIGH_RISK_ANSWERS)
    services.override_add(
        assessment=assessment,
        to_band="medium",
        reason_category="job_prospects",
        reason_text="Has a confirmed job offer starting next month.",
        acting_user=adviser_a,
    )
    add_intervention(adviser_a, person_a)

    page = main_content(adviser_a_client.get(url(person_a))).lower()

    for jargon in ("points", "band", "risk", "probability", "scorecard", "override", "%"):
        assert jargon not in page, jargon
    assert "job offer" not in page  # an adviser's override reason is not for the person


def test_declined_support_is_left_out(adviser_a_client, adviser_a, person_a):
    add_intervention(
        adviser_a,
        person_a,
        intervention_type=InterventionType.objects.get(code="employability_advice"),
        status="declined",
    )
    add_intervention(adviser_a, person_a, partner=Partner.objects.exclude(abbreviation="SDS").first())
    plan = adviser_a_client.get(url(person_a)).context["plan"]
    assert [i.status for i in plan.interventions] == ["referred"]


def test_plan_before_any_checklist_or_support_still_helps(adviser_a_client, person_a):
    page = main_content(adviser_a_client.get(url(person_a)))
    assert "Your adviser will agree support with you" in page
    assert "Talk with your adviser about the skills and experience" in page


def test_plan_uses_the_latest_checklist(adviser_a_client, adviser_a, person_a):
    assess(adviser_a, person_a, HIGH_RISK_ANSWERS)
    latest = assess(adviser_a, person_a, REFERENCE_ANSWERS)
    plan = adviser_a_client.get(url(person_a)).context["plan"]
    assert plan.strengths == [s for s in latest.explanation["strengths"] if s["item_code"] not in NOT_ON_THE_PLAN]


def test_viewing_the_plan_is_audited(adviser_a_client, person_a):
    adviser_a_client.get(url(person_a))
    assert AuditEvent.objects.filter(action="support_plan_viewed", person_ref=person_a.ref).exists()


def test_team_lead_sees_the_plan(client, team_lead_a, person_a):
    client.force_login(team_lead_a)
    assert client.get(url(person_a)).status_code == 200


def test_adviser_of_other_team_gets_404(adviser_a_client, person_b):
    response = adviser_a_client.get(url(person_b))
    assert response.status_code == 404
    assert "Iain" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="support_plan_viewed").exists()


def test_evaluator_cannot_see_the_plan(client, evaluator, person_a):
    client.force_login(evaluator)
    response = client.get(url(person_a))
    assert response.status_code == 403
    assert "Morag" not in response.content.decode()


def test_plan_speaks_to_the_person_and_leaves_out_the_area_rate(adviser_a_client, adviser_a, person_a):
    assess(adviser_a, person_a)
    page = adviser_a_client.get(reverse("support-plan", args=[person_a.ref])).content.decode()
    assert "You have a full clean driving licence" in page
    assert "Has a full clean driving licence" not in page
    assert "unemployment is" not in page


def test_plan_never_offers_an_absence_or_a_declined_answer_as_a_strength(adviser_a_client, adviser_a, person_a):
    """Issue 11: "You have no disability" is not something a person has going for them."""
    assessment = assess(adviser_a, person_a, {**REFERENCE_ANSWERS, "q2b_vehicle": PREFER_NOT_TO_SAY})
    strengths = {row["plain_text"] for row in assessment.explanation["strengths"]}
    assert {"Has no disability", "Has no dependants under 18 to arrange care for"} <= strengths

    page = main_content(adviser_a_client.get(url(person_a)))

    assert "You have a full clean driving licence" in page
    assert "You live with a partner" in page
    assert "disability" not in page
    assert "dependants" not in page
    assert "motor vehicle" not in page and "not to answer" not in page
