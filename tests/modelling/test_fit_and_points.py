"""Fitting the pipeline on a small fixture, reading its weights back, and rounding them to points."""

import math

import numpy as np
import pytest

from triage.modelling import fit, points
from triage.modelling.dictionary import DataError
from triage.scoring.checklist import CHOICE_ITEM_CODES, ITEMS, PREFER_NOT_TO_SAY


@pytest.fixture(scope="module")
def fitted(small_cohort):
    train, held_out = fit.split(small_cohort, seed=1)
    return train, held_out, fit.fit_pipeline(train, seed=1)


def test_split_holds_out_a_stratified_quarter(small_cohort):
    train, held_out = fit.split(small_cohort, seed=1)
    assert len(held_out) == 750
    assert len(train) + len(held_out) == len(small_cohort)
    assert abs(train["ltu"].mean() - held_out["ltu"].mean()) < 0.005
    assert not set(train.index) & set(held_out.index)


def test_encoder_categories_come_from_the_checklist_with_prefer_not_to_say_as_a_level(fitted):
    pipeline = fitted[2]
    encoder = pipeline.named_steps["columns"].named_transformers_["answers"]
    for code, categories in zip(CHOICE_ITEM_CODES, encoder.categories_, strict=True):
        assert list(categories) == [a.code for a in ITEMS[code].answers]
    assert PREFER_NOT_TO_SAY in encoder.categories_[0]


def test_regularisation_is_chosen_by_cross_validation(fitted):
    model = fitted[2].named_steps["model"]
    assert model.scores_.shape == (fit.CV_FOLDS, 1, len(fit.CS))
    assert fit.exact_weights(fitted[2]).C in fit.CS


def test_exact_weights_reproduce_predict_proba(fitted):
    _, held_out, pipeline = fitted
    weights = fit.exact_weights(pipeline)
    for code in CHOICE_ITEM_CODES:
        assert weights.choice[code][ITEMS[code].reference.code] == 0.0
    expected = pipeline.predict_proba(fit.features(held_out))[:, 1]
    np.testing.assert_allclose(fit.logistic(fit.exact_log_odds(held_out, weights)), expected, rtol=0, atol=1e-12)


def test_a_small_fixture_already_finds_the_strongest_effects(fitted):
    weights = fit.exact_weights(fitted[2])
    assert weights.choice["q1_qualifications"]["none"] > 0
    assert weights.choice["q3_age_band"]["55_plus"] > 0
    assert weights.choice["q9b_disability"]["yes"] > 0


@pytest.mark.parametrize(
    ("n", "positives", "message"),
    [(400, 60, "too few rows: 400"), (2000, 30, "ltu = 1: 30"), (2000, 1980, "ltu = 0: 20")],
)
def test_too_few_rows_or_cases_are_refused(small_cohort, n, positives, message):
    df = small_cohort.head(n).copy()
    df["ltu"] = np.r_[np.ones(positives), np.zeros(n - positives)].astype(np.int8)
    with pytest.raises(DataError, match=message):
        fit.check_trainable(df)


def test_points_are_rounded_log_odds_on_the_ln2_over_10_scale():
    assert pytest.approx(math.log(2) / 10) == points.POINTS_SCALE
    assert points.points_for(math.log(2)) == 10
    assert points.points_for(math.log(1.2)) == 3  # 2.63
    assert points.points_for(-math.log(1.25)) == -3  # -3.22
    assert points.points_for(0.5 * points.POINTS_SCALE) == 1  # half rounds away from zero


def test_band_cut_off_is_the_first_total_reaching_the_risk():
    intercept = -3.98
    medium = points.cutoff_for_risk(0.06, intercept=intercept)
    p = lambda total: 1 / (1 + math.exp(-(intercept + points.POINTS_SCALE * total)))  # noqa: E731
    assert p(medium) >= 0.06 > p(medium - 1)
    assert medium == 18  # the rules card's medium_from at the same intercept


def test_recalibrated_intercept_matches_the_mean_risk_to_the_ltu_rate():
    rng = np.random.default_rng(4)
    totals = rng.integers(0, 60, 20_000)
    y = (rng.random(len(totals)) < 0.1).astype(int)
    a = points.recalibrate_intercept(totals, y)
    assert np.mean(1 / (1 + np.exp(-(a + points.POINTS_SCALE * totals)))) == pytest.approx(y.mean(), abs=1e-9)


def test_dropping_the_declined_weights_keeps_the_others_and_refits_the_intercept(small_cohort):
    """Issue 11: fit the declined level, drop its weight, refit the intercept; other weights unchanged."""
    train, held_out = fit.split(small_cohort, seed=1)
    pipeline = fit.fit_pipeline(train, seed=1)
    before = fit.exact_weights(pipeline)
    fit.drop_declined_weights(pipeline, train)
    after = fit.exact_weights(pipeline)

    for code, table in before.choice.items():
        for answer, weight in table.items():
            expected = 0.0 if answer == PREFER_NOT_TO_SAY else weight
            assert after.choice[code][answer] == expected
    assert after.numeric == before.numeric
    assert after.intercept != before.intercept
    # The refitted intercept is the maximum-likelihood one: mean estimated risk = LTU rate on training rows.
    probability = pipeline.predict_proba(fit.features(train))[:, 1]
    assert probability.mean() == pytest.approx(train["ltu"].mean(), abs=1e-9)
    # And the pipeline predicts what the card's exact weights (declined levels left out) give.
    card_weights = fit.without_declined(after)
    assert all(PREFER_NOT_TO_SAY not in table for table in card_weights.choice.values())
    eta = fit.exact_log_odds(held_out, after)
    assert np.max(np.abs(fit.logistic(eta) - pipeline.predict_proba(fit.features(held_out))[:, 1])) < 1e-12


def test_weights_with_a_declined_level_left_in_are_refused_for_the_card(fitted):
    with pytest.raises(ValueError, match="declined level still has a weight"):
        fit.without_declined(fit.exact_weights(fitted[2]))
