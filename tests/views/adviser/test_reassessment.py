"""A reassessment starts from the last answers, and its result says what changed (issue #11)."""

import re

from django.urls import reverse
from django.utils.html import escape

from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, assess, register
from triage.models import Assessment
from triage.scorecard_files import live_scorecard
from triage.scoring import ITEMS, PREFER_NOT_TO_SAY


def checklist_url(person):
    return reverse("assessment-add", args=[person.ref])


def result_url(assessment):
    return reverse("assessment-detail", args=[assessment.person.ref, assessment.pk])


def checked(page):
    """The answer each question shows as chosen: name → value of the checked radio."""
    radios = re.findall(r"<input[^>]*type=\"radio\"[^>]*>", page, re.S)
    return {
        re.search(r'name="([^"]+)"', radio).group(1): re.search(r'value="([^"]+)"', radio).group(1)
        for radio in radios
        if "checked" in radio
    }


def changes_block(page):
    assert "What changed since the last checklist" in page
    return page.split('id="changes"', 1)[1].split('id="why"', 1)[0]


def test_first_checklist_starts_empty(adviser_a_client, person_a):
    page = adviser_a_client.get(checklist_url(person_a)).content.decode()
    assert checked(page) == {}
    assert 'id="previous-answers"' not in page


def test_reassessment_starts_from_the_latest_answers(adviser_a_client, adviser_a, person_a):
    assess(adviser_a, person_a, REFERENCE_ANSWERS)
    latest_answers = {**HIGH_RISK_ANSWERS, "q5_dependants": "yes", "q9b_disability": PREFER_NOT_TO_SAY}
    latest = assess(adviser_a, person_a, latest_answers)
    Assessment.objects.filter(pk=latest.pk).update(dependants_count=3)

    page = adviser_a_client.get(checklist_url(person_a)).content.decode()

    assert checked(page) == latest_answers
    assert re.search(r'name="dependants_count"[^>]*value="3"', page)
    assert f"from their last checklist, on {latest.created_at:%-d %B %Y}" in page


def test_reassessment_result_lists_each_changed_answer_with_its_points_and_the_bands(
    adviser_a_client, adviser_a, person_a
):
    first = assess(adviser_a, person_a, REFERENCE_ANSWERS)
    new_answers = {**REFERENCE_ANSWERS, **HIGH_RISK_ANSWERS, "q9b_disability": PREFER_NOT_TO_SAY}

    response = adviser_a_client.post(checklist_url(person_a), {**new_answers, "submission_token": ""})
    second = Assessment.objects.exclude(pk=first.pk).get()
    block = changes_block(adviser_a_client.get(response["Location"]).content.decode())

    card = live_scorecard()
    expected_time = ITEMS["q6b_expected_time"]
    assert escape(expected_time.answer("under_3_months").label) in block
    assert escape(expected_time.answer("over_12_months").label) in block
    difference = card.points["q6b_expected_time"]["over_12_months"] - card.points["q6b_expected_time"]["under_3_months"]
    assert re.search(rf"How long do you think.*?\+{difference} points", block, re.S)
    # The checklist's own words, never its codes.
    assert "Prefer not to say" in block
    for code in ("prefer_not_to_say", "over_12_months", "under_3_months", "q6b_expected_time"):
        assert code not in block
    # Unchanged answers are not listed: question 5 was "No" both times.
    assert ITEMS["q5_dependants"].label not in block
    # The band moved, and the totals say why.
    assert (first.effective_band, second.effective_band) == ("low", "high")
    assert re.search(r"Moved from.*Low risk.*to.*High risk", block, re.S)
    assert f"Total points {first.total_points} then, {second.total_points} now" in block


def test_reassessment_with_the_same_answers_says_nothing_changed(adviser_a_client, adviser_a, person_a):
    assess(adviser_a, person_a, REFERENCE_ANSWERS)
    second = assess(adviser_a, person_a, REFERENCE_ANSWERS)
    block = changes_block(adviser_a_client.get(result_url(second)).content.decode())
    assert "No answer changed." in block
    assert re.search(r"Stayed.*Low risk", block, re.S)


def test_first_result_has_no_changes_and_older_results_compare_with_the_one_before(
    adviser_a_client, adviser_a, person_a
):
    first = assess(adviser_a, person_a, REFERENCE_ANSWERS)
    second = assess(adviser_a, person_a, {**REFERENCE_ANSWERS, "q2b_vehicle": "no"})
    assess(adviser_a, person_a, HIGH_RISK_ANSWERS)

    assert "What changed since the last checklist" not in adviser_a_client.get(result_url(first)).content.decode()
    block = changes_block(adviser_a_client.get(result_url(second)).content.decode())
    assert ITEMS["q2b_vehicle"].label in block
    assert ITEMS["q1_qualifications"].label not in block


def test_changes_compare_only_with_the_same_persons_previous_checklist(
    adviser_a_client, adviser_a, person_a, situation_a
):
    someone_else = register(adviser_a, situation_a, given_name="Ailsa", family_name="Baird")
    assess(adviser_a, person_a, REFERENCE_ANSWERS)
    assess(adviser_a, someone_else, HIGH_RISK_ANSWERS)
    second = assess(adviser_a, person_a, REFERENCE_ANSWERS)

    block = changes_block(adviser_a_client.get(result_url(second)).content.decode())
    assert "No answer changed." in block
    assert "Ailsa" not in block
