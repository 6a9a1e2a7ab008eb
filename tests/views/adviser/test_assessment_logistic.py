"""With the trained logistic scorecard live: scored from its human-readable file, never a pickle."""

import pickle

import joblib
import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import HIGH_RISK_ANSWERS
from triage.models import Assessment
from triage.scorecard_files import live_scorecard
from triage.scoring import score


@pytest.fixture
def logistic_live(db, settings):
    settings.LIVE_SCORECARD = "rules-1.0"
    call_command("activate_scorecard", "logistic-1.1")


def test_checklist_is_scored_by_the_live_logistic_card_without_unpickling(
    adviser_a_client, person_a, logistic_live, monkeypatch
):
    def refuse(*args, **kwargs):
        raise AssertionError("the request path must not unpickle anything")

    monkeypatch.setattr(joblib, "load", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)

    response = adviser_a_client.post(reverse("assessment-add", args=[person_a.ref]), HIGH_RISK_ANSWERS)
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert (assessment.scorecard_name, assessment.scorecard_version) == ("logistic", "1.1")
    assert assessment.probability_basis == "synthetic"

    page = adviser_a_client.get(response["Location"]).content.decode()
    assert "trained on synthetic data" in page
    assert reverse("model-card", args=["logistic-1.1"]) in page
    assert f"{round(assessment.probability * 100)}%" in page


def test_shown_probability_comes_from_the_points_total(adviser_a, person_a, logistic_live):
    """Issue #4: the probability and band shown come from the total points, so what is shown adds up."""
    from tests.factories import assess

    assessment = assess(adviser_a, person_a, HIGH_RISK_ANSWERS)
    card = live_scorecard()
    assert assessment.total_points == sum(c["points"] for c in assessment.contributions)
    assert assessment.probability == pytest.approx(card.probability_for_total(assessment.total_points))
    assert assessment.model_band == card.band_for_total(assessment.total_points)
    answers = {**assessment.answers, "q7_area_unemployment": float(assessment.area_unemployment_rate)}
    assert score(answers, card).total == assessment.total_points


def test_logistic_model_card_page_shows_metrics_for_every_role(client, evaluator, logistic_live):
    client.force_login(evaluator)
    html = client.get(reverse("model-card", args=["logistic-1.1"])).content.decode()
    assert "AUC" in html
    assert "synthetic" in html.lower()
    assert "live for new assessments" in html
