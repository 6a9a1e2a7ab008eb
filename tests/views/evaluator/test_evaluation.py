"""The evaluator's statistics pages: real figures from recorded outcomes, "not enough" below the minimum, nobody identifiable."""

import re
from datetime import timedelta

import numpy as np
import pytest
from django.core.cache import cache
from django.urls import reverse

import triage.selectors.evaluation as evaluation
from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, assess, make_situation, record_follow_up, register
from triage import services
from triage.lib.intervals import NOT_ENOUGH_TEXT
from triage.models import EvaluationSnapshot, ScorecardActivation
from triage.services.evaluation import evaluation_figures_refresh
from triage.tasks import refresh_evaluation_figures

PAGES = (
    "evaluation-performance",
    "evaluation-cutoffs",
    "evaluation-fairness",
    "evaluation-overrides",
    "evaluation-time-to-work",
    "evaluation-drift",
)
PEOPLE = 64


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def live_logistic(evaluator):
    ScorecardActivation.objects.create(label="logistic-1.1", activated_by=evaluator, note="tests")


def _answers(i):
    answers = dict(HIGH_RISK_ANSWERS if i % 2 else REFERENCE_ANSWERS)
    if i % 4 == 3:
        answers["q6a_confidence"] = "fairly"
    return answers


def make_followed_people(adviser, team, area, today):
    """64 fictional people who left a year and a half ago: the high-risk half mostly became LTU."""
    situation = make_situation(team, area, today - timedelta(days=540))
    people = []
    for i in range(PEOPLE):
        person = register(
            adviser,
            situation,
            given_name=f"Isla{i}",
            family_name=f"Zyxwvut{i}",
            email=f"isla{i}@example.org",
            phone=f"07700 900{i:03d}",
            postcode="G2 1AA" if i % 2 else "PA1 1XY",
            sex="female" if i % 3 else "male",
        )
        assessment = assess(adviser, person, _answers(i), today=today - timedelta(days=500))
        leaving = situation.notified_date
        became_ltu = (i % 2 == 1 and i % 8 != 1) or i % 16 == 4
        if became_ltu:
            record_follow_up(adviser, person, leaving + timedelta(days=370), "unemployed_looking", today=today)
        else:
            started = leaving + timedelta(days=20 + i)
            record_follow_up(adviser, person, leaving + timedelta(days=100), "employed", started, today=today)
        if i % 5 == 0:
            services.override_add(
                assessment=assessment,
                to_band="medium",
                reason_category="adviser_knowledge",
                reason_text="Fictional reason for a test.",
                acting_user=adviser,
            )
        people.append(person)
    return people


@pytest.fixture
def followed_people(live_logistic, adviser_a, team_a, glasgow, today):
    return make_followed_people(adviser_a, team_a, glasgow, today)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_shows_not_enough_without_outcomes(evaluator_client, adviser_a, situation_a, name):
    for i in range(3):
        assess(adviser_a, register(adviser_a, situation_a, family_name=f"Few{i}"))

    response = evaluator_client.get(reverse(name))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Figures computed at" in html
    if name not in ("evaluation-drift",):
        assert NOT_ENOUGH_TEXT in html.lower() or "not enough recorded outcomes yet" in html.lower()


def test_performance_shows_auc_with_interval_beside_the_model_card(evaluator_client, followed_people):
    html = evaluator_client.get(reverse("evaluation-performance")).content.decode()

    assert "Scorecard logistic-1.1" in html
    assert "64 of them have a recorded outcome" in html
    auc = re.search(r"AUC \(0.5 is chance[^<]*</th>\s*<td[^>]*>([0-9.]+) \(([0-9.]+) to ([0-9.]+)\)</td>", html)
    assert auc, "the AUC on recorded outcomes, with its interval"
    value, low, high = map(float, auc.groups())
    assert 0.7 < value <= 1 and low <= value <= high
    assert "0.7" in html  # the model card's held-out AUC is beside it
    assert "Calibration: estimated risk against what happened" in html and "<path" in html
    assert "Highest-risk 8%" in html and "Lowest-risk 30%" in html


def test_cutoff_explorer_counts_caught_and_missed(evaluator_client, followed_people):
    response = evaluator_client.get(
        reverse("evaluation-cutoffs"), {"basis": "share", "share": "50", "hours": "2", "source": "recorded"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "People with an outcome" in html and ">64<" in html
    assert "Share of all LTU people caught" in html
    assert "Flagged, became LTU (caught)" in html
    assert "hours (2 hours for each flagged person)" in html


def test_cutoff_explorer_ignores_the_field_not_chosen(evaluator_client, followed_people):
    html = evaluator_client.get(
        reverse("evaluation-cutoffs"),
        {"basis": "share", "share": "30", "points": "lots", "hours": "3", "source": "recorded"},
    ).content.decode()

    assert "govuk-error-summary" not in html
    assert "Share of all LTU people caught" in html


def test_cutoff_explorer_on_the_training_cohort_says_so(evaluator_client, followed_people):
    html = evaluator_client.get(
        reverse("evaluation-cutoffs"), {"basis": "points", "points": "40", "hours": "3", "source": "training"}
    ).content.decode()

    assert "training cohort" in html and ">100,000<" in html


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"basis": "points", "points": "lots", "hours": "3", "source": "recorded"},
            "points",
            "Enter the points cut-off as a whole number",
        ),
        (
            {"basis": "share", "share": "", "hours": "3", "source": "recorded"},
            "share",
            "Enter the share of people flagged",
        ),
        (
            {"basis": "share", "share": "250", "hours": "3", "source": "recorded"},
            "share",
            "Enter a share flagged of 100% or less",
        ),
        (
            {"basis": "points", "points": "40", "hours": "-1", "source": "recorded"},
            "hours",
            "Enter adviser hours of 0 or more",
        ),
        ({"basis": "sideways", "hours": "3", "source": "recorded"}, "basis", "Select points or share flagged"),
        (
            {"basis": "points", "points": "40", "hours": "3", "source": "moon"},
            "source",
            "Select recorded outcomes or the training cohort",
        ),
    ],
)
def test_cutoff_explorer_bad_input_has_a_message_beside_the_field(
    evaluator_client, followed_people, query, field, message
):
    response = evaluator_client.get(reverse("evaluation-cutoffs"), query)

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf'id="{field}-error"|id="id_{field}_error"|{field}.*govuk-error-message', html, re.S)
    assert message in html
    assert "<title>Error:" in html


def test_fairness_by_sex_and_a_suppressed_group(evaluator_client, followed_people):
    html = evaluator_client.get(reverse("evaluation-fairness")).content.decode()

    assert "By sex" in html and "Female" in html
    assert "By area unemployment tercile" in html
    assert "suppressed: too few people" in html  # the male group has 21 people: under 30


def test_overrides_and_time_to_work_and_drift_show_figures(evaluator_client, followed_people):
    overrides = evaluator_client.get(reverse("evaluation-overrides")).content.decode()
    assert "Band lowered by an adviser" in overrides

    time_to_work = evaluator_client.get(reverse("evaluation-time-to-work")).content.decode()
    assert "Time to work by band" in time_to_work and "Median days to work" in time_to_work
    assert "<path" in time_to_work

    drift = evaluator_client.get(reverse("evaluation-drift")).content.decode()
    assert "synthetic" in drift and "Population stability index" in drift


def _add_followed_person(adviser, situation, today):
    person = register(adviser, situation, family_name="Later")
    assess(adviser, person, today=today - timedelta(days=500))
    leaving = person.situation.notified_date
    record_follow_up(
        adviser, person, leaving + timedelta(days=100), "employed", leaving + timedelta(days=5), today=today
    )
    return person


def test_a_page_shows_the_stored_figures_being_refreshed_until_the_refresh_has_run(
    evaluator_client, followed_people, adviser_a, today
):
    first = evaluator_client.get(reverse("evaluation-time-to-work")).content.decode()
    _add_followed_person(adviser_a, followed_people[0].situation, today)

    stale = evaluator_client.get(reverse("evaluation-time-to-work")).content.decode()
    refresh_evaluation_figures.call()
    fresh = evaluator_client.get(reverse("evaluation-time-to-work")).content.decode()

    assert "64 people with a leaving date" in first and "being refreshed" not in first
    assert "64 people with a leaving date" in stale  # the stored figures, not worked out in the request
    assert re.search(r"Figures as at \d\d:\d\d on \d+ \w+ \d{4}; being refreshed", stale)
    assert "65 people with a leaving date" in fresh
    assert "being refreshed" not in fresh and "Figures computed at" in fresh


@pytest.mark.parametrize("name", PAGES)
def test_a_second_worker_reads_the_stored_figures_without_computing_them(
    evaluator_client, followed_people, monkeypatch, name
):
    first = evaluator_client.get(reverse(name)).content.decode()
    cache.clear()  # another worker's local cache, or this one's after a restart

    def never(inputs):
        raise AssertionError("the figures were computed again")

    monkeypatch.setattr(evaluation, "FIGURE_SETS", dict.fromkeys(evaluation.FIGURE_SETS, never))
    second = evaluator_client.get(reverse(name)).content.decode()

    assert EvaluationSnapshot.objects.count() == 1
    # What differs between two page views anyway: the CSRF token, the nonce, and the idle
    # timeout's seconds left (a second may pass between the two).
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"|data-idle-left="[0-9]+"')
    assert strip.sub("", second) == strip.sub("", first)


def test_a_worker_decodes_stored_figures_once(followed_people, django_assert_num_queries, today):
    evaluation_figures_refresh(names=["fairness"])
    version = evaluation.snapshot_version(today)
    cache.clear()

    with django_assert_num_queries(2):  # the row's version, then its payload
        first = evaluation.stored_figures("fairness", version=version)
    with django_assert_num_queries(1):  # the version alone: the decoded figures are in this worker's cache
        again = evaluation.stored_figures("fairness", version=version)

    assert not first.stale and first.figures.n == again.figures.n == 64


def test_figures_this_code_cannot_read_are_worked_out_again(evaluator_client, followed_people):
    evaluation_figures_refresh(names=["overrides"])
    EvaluationSnapshot.objects.filter(name="overrides").update(
        payload='{"__dataclass__": "triage.modelling.override_outcomes:Gone", "fields": {}}'
    )
    cache.clear()

    html = evaluator_client.get(reverse("evaluation-overrides")).content.decode()

    assert "Band lowered by an adviser" in html and "being refreshed" not in html


@pytest.mark.parametrize("name", PAGES)
def test_no_page_shows_who_anyone_is(evaluator_client, followed_people, name):
    html = evaluator_client.get(reverse(name)).content.decode()

    for person in followed_people:
        for value in (person.given_name, person.family_name, person.email, person.phone, person.ref):
            assert value not in html
        assert person.date_of_birth.strftime("%-d %B %Y") not in html
        assert person.date_of_birth.isoformat() not in html
    assert "G2 1AA" not in html and "PA1 1XY" not in html
    assert re.search(r"\bP-[0-9A-Z]{6}\b", html) is None


def test_cutoff_explorer_withholds_counts_below_ten_and_the_shares_that_give_them_away(
    evaluator_client, followed_people
):
    html = evaluator_client.get(
        reverse("evaluation-cutoffs"), {"basis": "points", "points": "1000", "hours": "3", "source": "recorded"}
    ).content.decode()

    flagged = re.search(r"People flagged</dt><dd[^>]*>([^<]+)</dd>", html).group(1)
    assert flagged == "withheld"
    caught = re.search(r"Flagged, became LTU \(caught\)</th>\s*<td[^>]*>([^<]+)</td>", html).group(1)
    assert caught == "withheld"
    assert "withheld (3 hours for each flagged person)" in html  # the hours would give the number away


def test_time_to_work_lists_bands_highest_risk_first_and_draws_at_most_four_types():
    """Seen on the demo at 768 px: bands came alphabetically (High, Low, Medium) and thirteen
    intervention types were drawn as lines nobody could tell apart, their legend cut off."""
    from triage.modelling.survival import kaplan_meier_by_group
    from triage.selectors.evaluation import SurvivalFigures
    from triage.views.evaluator.evaluation import _survival_charts

    rng = np.random.default_rng(7)
    days = rng.integers(1, 400, 600).astype(float)
    started = rng.random(600) < 0.7
    bands = np.array(["low", "medium", "high"] * 200, dtype=object)
    types = np.array([f"type {k}" for k in range(6)] * 100, dtype=object)
    figures = SurvivalFigures(
        n=600,
        started=int(started.sum()),
        by_band=kaplan_meier_by_group(days, started, bands, at_days=(91, 182, 365)),
        by_type=kaplan_meier_by_group(days, started, types, at_days=(91, 182, 365)),
    )
    charts = _survival_charts(figures)
    assert [row[0] for row in charts["by_band"].table.rows] == ["High", "Medium", "Low"]
    assert len(charts["by_type"].lines) == 4 and len(charts["by_type"].legend) == 4
    assert len(charts["by_type"].table.rows) == 6  # the table keeps every group
    assert "draws the 4 largest groups" in charts["by_type"].description
