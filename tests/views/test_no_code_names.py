"""Issue 11: no code names (25_34, prefer_not_to_say, q1_qualifications) anywhere a person reads."""

import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, add_intervention, assess
from triage import services
from triage.scoring import ITEMS, PREFER_NOT_TO_SAY, load_scorecard

# Every item code, and every answer code that is not also a plain word ("yes", "none", "good").
CODE_NAMES = sorted(
    {*ITEMS, *(a.code for item in ITEMS.values() for a in item.answers if not a.code.isalpha())},
    key=len,
    reverse=True,
)
CODE_NAME = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, CODE_NAMES)) + r")(?![\w-])")


def readable_text(response) -> str:
    """The words of the page's main content a person reads: no tags, no attributes, no URLs."""
    html = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_code_name_pattern_finds_codes_and_not_plain_words():
    assert CODE_NAME.search("age band 25_34, scqf_9_plus")
    assert CODE_NAME.search("`prefer_not_to_say`") and CODE_NAME.search("q1_qualifications")
    assert not CODE_NAME.search("25 to 34, Prefer not to say, none, yes, logistic-1.1")


@pytest.mark.parametrize("label", ["logistic-1.1", "logistic-1.0", "rules-1.0"])
def test_the_model_card_page_has_no_code_names(adviser_a_client, label):
    response = adviser_a_client.get(reverse("model-card", args=[label]))
    assert response.status_code == 200
    text = readable_text(response)
    assert "In short" in text
    assert CODE_NAME.findall(text) == []


def test_the_live_model_card_opens_with_its_plain_words_summary(adviser_a_client):
    text = readable_text(adviser_a_client.get(reverse("model-card", args=["logistic-1.1"])))
    assert text.index("In short, for advisers and team leads") < text.index("Metrics on held-out data")
    assert re.search(r"of every 10 people it flags, about \d+ become long-term unemployed", text)
    assert re.search(r"it finds about \d+ in 10 of all who do", text)
    assert "Declining a question never raises the score" in text


def test_the_result_page_and_support_plan_have_no_code_names(adviser_a_client, adviser_a, person_a):
    answers = {**HIGH_RISK_ANSWERS, "q3_age_band": "25_34", "q4_household": PREFER_NOT_TO_SAY}
    assessment = services.assessment_create(  # scored by the retired card, which priced declining
        person=person_a,
        answers=answers,
        dependants_count=None,
        event=None,
        submission_token=uuid.uuid4(),
        acting_user=adviser_a,
        card=load_scorecard(Path(settings.SCORECARD_DIR) / "logistic-1.0"),
        today=timezone.localdate(),
    )
    add_intervention(adviser_a, person_a)
    result = readable_text(adviser_a_client.get(reverse("assessment-detail", args=[person_a.ref, assessment.pk])))
    assert "Do you live alone or with a partner?" in result
    assert CODE_NAME.findall(result) == []
    assess(adviser_a, person_a, {**REFERENCE_ANSWERS, "q5_dependants": PREFER_NOT_TO_SAY})
    plan = readable_text(adviser_a_client.get(reverse("support-plan", args=[person_a.ref])))
    assert "You live with a partner" in plan
    assert CODE_NAME.findall(plan) == []
