"""The checklist result: `assessment-detail`."""

import re
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, assess, register
from triage import services
from triage.models import AuditEvent
from triage.scoring import PREFER_NOT_TO_SAY, load_scorecard


def url(assessment):
    return reverse("assessment-detail", args=[assessment.person.ref, assessment.pk])


def override(assessment, user, to_band="medium"):
    return services.override_add(
        assessment=assessment,
        to_band=to_band,
        reason_category="job_prospects",
        reason_text="Has a confirmed job offer starting next month.",
        acting_user=user,
    )


def test_result_shows_band_probability_points_and_pathway(adviser_a_client, adviser_a, person_a):
    """Issue #3, Result: "the band as a tag; the probability [...] labelled as estimated from published
    evidence while the rules scorecard is live; the points table [...] strengths shown first"."""
    assessment = assess(adviser_a, person_a, {**HIGH_RISK_ANSWERS, "q4_household": "partner"})

    response = adviser_a_client.get(url(assessment))

    page = response.content.decode()
    assert response.status_code == 200
    assert "High risk" in page
    assert f"{assessment.probability * 100:.0f}%" in page
    assert "Estimated from published evidence" in page
    assert "Intensive early support" in page
    assert f"{assessment.total_points} points" in page
    assert page.index("Strengths: answers that add no risk or lower it") < page.index("What raises the risk")
    assert f">{assessment.scorecard_label}<" in page


def test_viewing_a_result_is_audited(adviser_a_client, adviser_a, assessment_a):
    adviser_a_client.get(url(assessment_a))
    assert AuditEvent.objects.filter(action="assessment_viewed", person_ref=assessment_a.person.ref).exists()


def test_incomplete_result_says_so_instead_of_a_band(adviser_a_client, adviser_a, person_a):
    """Issue #3: "Too many unanswered items → the page says the score is incomplete instead of showing
    a confident band"."""
    declined = ["q6a_confidence", "q6b_expected_time", "q9a_physical", "q9b_disability", "q9c_mental"]
    answers = {**REFERENCE_ANSWERS, **dict.fromkeys(declined, PREFER_NOT_TO_SAY)}
    assessment = assess(adviser_a, person_a, answers)

    page = adviser_a_client.get(url(assessment)).content.decode()

    assert "The score is incomplete: 5 answers were not given" in page
    assert "Chance of being out of work at 12 months" not in page
    assert "Set a band" in page
    assert "Low risk" not in page and "Medium risk" not in page and "High risk" not in page


def test_complex_needs_ask_for_judgement(adviser_a_client, adviser_a, person_a):
    """Issue #3: "A multiple-complex-needs pattern [...] asks the adviser to use judgement"."""
    assessment = assess(adviser_a, person_a, HIGH_RISK_ANSWERS)
    page = adviser_a_client.get(url(assessment)).content.decode()
    assert "Use your judgement: several needs together" in page


def test_low_risk_result_does_not_ask_for_judgement(adviser_a_client, assessment_a):
    page = adviser_a_client.get(url(assessment_a)).content.decode()
    assert "several needs together" not in page


def test_overrides_are_shown_with_who_and_when(adviser_a_client, adviser_a, person_a):
    """Issue #3, Override: "overrides are append-only, shown with who and when"."""
    assessment = assess(adviser_a, person_a, HIGH_RISK_ANSWERS)
    override(assessment, adviser_a, "medium")
    override(assessment, adviser_a, "low")

    page = adviser_a_client.get(url(assessment)).content.decode()

    assert "Changed by an adviser. The checklist suggested high." in page
    assert "High → Medium" in page
    assert "Medium → Low" in page
    assert "Ailsa MacLeod" in page
    assert "Low risk" in page


def test_team_lead_sees_the_result(client, team_lead_a, assessment_a):
    client.force_login(team_lead_a)
    assert client.get(url(assessment_a)).status_code == 200


def test_adviser_of_other_team_gets_404(adviser_a_client, assessment_b):
    response = adviser_a_client.get(url(assessment_b))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="assessment_viewed").exists()


def test_other_teams_assessment_under_own_persons_reference_is_404(adviser_a_client, person_a, assessment_b):
    """The assessment is looked up within the person, so a team-A reference cannot carry a team-B pk."""
    response = adviser_a_client.get(reverse("assessment-detail", args=[person_a.ref, assessment_b.pk]))
    assert response.status_code == 404


def test_assessment_of_another_person_in_the_team_is_404_under_this_reference(
    adviser_a_client, adviser_a, situation_a, person_a, assessment_a
):
    other = register(adviser_a, situation_a, given_name="Callum")
    response = adviser_a_client.get(reverse("assessment-detail", args=[other.ref, assessment_a.pk]))
    assert response.status_code == 404


def test_unknown_assessment_is_404(adviser_a_client, person_a):
    assert adviser_a_client.get(reverse("assessment-detail", args=[person_a.ref, 999999])).status_code == 404


def test_evaluator_cannot_see_a_result(client, evaluator, assessment_a):
    client.force_login(evaluator)
    assert client.get(url(assessment_a)).status_code == 403


def test_query_count_does_not_grow_with_overrides(adviser_a_client, adviser_a, person_a):
    assessment = assess(adviser_a, person_a, HIGH_RISK_ANSWERS)
    counts = []
    bands = iter(["medium", "low", "high", "medium", "low"])
    made = 0
    for n in (1, 5):
        for _ in range(made, n):
            override(assessment, adviser_a, next(bands))
        made = n
        with CaptureQueriesContext(connection) as queries:
            assert adviser_a_client.get(url(assessment)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_few_unanswered_questions_are_named_beside_the_band(adviser_a_client, adviser_a, person_a):
    answers = {**REFERENCE_ANSWERS, "q4_household": PREFER_NOT_TO_SAY, "q9b_disability": PREFER_NOT_TO_SAY}
    assessment = assess(adviser_a, person_a, answers)
    page = adviser_a_client.get(url(assessment)).content.decode()
    assert "<li>Do you live alone or with a partner?</li><li>Do you have any disabilities?</li>" in page
    assert "The band is less certain" in page


def _table(page: str, caption_start: str) -> str:
    """The points table whose caption starts with `caption_start`, or '' when the page has none."""
    match = re.search(r"<table[^>]*>\s*<caption[^>]*>" + re.escape(caption_start) + r".*?</table>", page, re.S)
    return match.group(0) if match else ""


def _scored_by_logistic_1_0(adviser, person, answers):
    """An assessment scored before the rule, by the retired card that priced declining; frozen as it was."""
    card = load_scorecard(Path(settings.SCORECARD_DIR) / "logistic-1.0")
    return services.assessment_create(
        person=person,
        answers=answers,
        dependants_count=None,
        event=None,
        submission_token=uuid.uuid4(),
        acting_user=adviser,
        card=card,
        today=timezone.localdate(),
    )


def test_a_declined_answer_is_listed_as_not_answered_never_as_a_strength(adviser_a_client, adviser_a, person_a):
    """Issue 11: under logistic-1.0 a declined 'Do you own a motor vehicle?' scored 0 and showed as a strength."""
    answers = {**REFERENCE_ANSWERS, "q2b_vehicle": PREFER_NOT_TO_SAY, "q6a_confidence": PREFER_NOT_TO_SAY}
    assessment = _scored_by_logistic_1_0(adviser_a, person_a, answers)
    # Frozen as an assessment made before the fix would have been: the declined 0 among the strengths.
    declined_row = {
        "question_number": 2,
        "item_code": "q2b_vehicle",
        "item_label": "Do you own a motor vehicle?",
        "answer_label": "Prefer not to say",
        "points": 0,
        "plain_text": "Chose not to answer about driving licence and vehicle",
    }
    assessment.explanation["strengths"].append(declined_row)
    assessment.save(update_fields=["explanation"])

    page = adviser_a_client.get(url(assessment)).content.decode()

    strengths = _table(page, "Strengths")
    assert strengths and "Has a full clean driving licence" in strengths
    assert "Do you own a motor vehicle?" not in strengths
    assert "Prefer not to say" not in strengths and "Chose not to answer" not in strengths
    not_answered = _table(page, "Not answered")
    assert "Do you own a motor vehicle?" in not_answered
    assert "Do you feel confident that you will be employed soon?" in not_answered
    summary = re.search(r'id="not-answered".*?</div>', page, re.S).group(0)
    assert "Do you own a motor vehicle?" in summary
    assert "Declining a question never raises the score" in summary


def test_an_incomplete_result_still_lists_what_was_not_answered(adviser_a_client, adviser_a, person_a):
    declined = ["q1_qualifications", "q2a_licence", "q2b_vehicle", "q4_household", "q5_dependants"]
    assessment = assess(adviser_a, person_a, {**REFERENCE_ANSWERS, **dict.fromkeys(declined, PREFER_NOT_TO_SAY)})
    assert assessment.is_incomplete
    page = adviser_a_client.get(url(assessment)).content.decode()
    summary = re.search(r'id="not-answered".*?</div>', page, re.S).group(0)
    assert "What qualifications do you have?" in summary
    assert "Do you have dependants under the age of 18 living with you?" in summary
