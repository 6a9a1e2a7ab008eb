"""Performance on recorded outcomes against values worked out by hand on tiny datasets."""

import json

import numpy as np
import pytest

from triage.lib.intervals import Estimate, NotEnough
from triage.modelling import performance
from triage.modelling.evaluate import BOOTSTRAP_REPLICATES

from .conftest import LOGISTIC_DIR

# Ten people, highest score first. LTU: the 1st, 3rd and 6th (as in test_evaluate.py).
Y = np.array([1, 0, 1, 0, 0, 1, 0, 0, 0, 0])
SCORE = np.array([9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
P = SCORE / 10


def test_figures_on_ten_people_match_the_hand_computation():
    result = performance.performance(Y, SCORE, P, min_n=1, replicates=200, seed=1)
    assert (result.n, result.ltu) == (10, 3)
    assert result.auc.value == pytest.approx(17 / 21)  # positives at 9, 7, 4 beat 7, 6 and 4 negatives
    assert result.brier.value == pytest.approx(0.185)
    assert result.ltu_rate.value == pytest.approx(0.3)
    assert result.mean_probability == pytest.approx(0.45)
    top = {row.share: row for row in result.highest}
    assert top[0.30].n == 3
    assert top[0.30].share_ltu.value == pytest.approx(2 / 3)
    assert top[0.30].share_of_all_ltu.value == pytest.approx(2 / 3)
    assert top[0.08].share_ltu.value == 1.0
    bottom = {row.share: row for row in result.lowest}
    assert bottom[0.30].share_not_ltu.value == 1.0
    assert [row.n for row in result.calibration_table] == [1] * 10
    assert result.calibration_table[-1].observed_rate.value == 1.0
    assert result.calibration_table[-1].mean_probability == pytest.approx(0.9)


def test_calibration_fit_and_its_bootstrap_interval():
    """Saturated fit (test_evaluate.py): a = logit(0.6) = 0.405465, b = 0.903678."""
    p = np.array([0.2] * 10 + [0.5] * 10)
    y = np.array([1] * 3 + [0] * 7 + [1] * 6 + [0] * 4)
    result = performance.performance(y, p * 10, p, min_n=1, replicates=300, seed=2)
    assert result.calibration_intercept.value == pytest.approx(0.405465, abs=1e-6)
    assert result.calibration_slope.value == pytest.approx(0.903678, abs=1e-6)
    for figure in (result.calibration_slope, result.calibration_intercept, result.auc, result.brier):
        assert isinstance(figure, Estimate)
        assert figure.low <= figure.value <= figure.high
        assert figure.n == 20


def test_the_bootstrap_intervals_cover_the_estimate_and_are_reproducible():
    rng = np.random.default_rng(5)
    score = rng.integers(0, 40, 5_000)
    p = 1 / (1 + np.exp(-(score - 30) / 6))
    y = (rng.random(len(score)) < p).astype(int)
    first = performance.performance(y, score, p, replicates=300, seed=7)
    assert first == performance.performance(y, score, p, replicates=300, seed=7)
    assert first.auc.low < first.auc.value < first.auc.high
    assert first.auc.high - first.auc.low < 0.05
    # A well-calibrated score: the slope's interval holds 1.
    assert first.calibration_slope.low < 1 < first.calibration_slope.high
    assert first.replicates == 300


def test_below_the_minimum_n_every_figure_says_not_enough():
    result = performance.performance(Y, SCORE, P, min_n=11)
    for figure in (result.auc, result.brier, result.calibration_slope, result.ltu_rate):
        assert isinstance(figure, NotEnough)
        assert str(figure) == "not enough recorded outcomes yet"
    assert all(isinstance(row.share_ltu, NotEnough) for row in result.highest)
    assert result.replicates == 0


def test_one_outcome_only_gives_no_auc_but_says_why():
    result = performance.performance(np.zeros(40), np.arange(40), np.full(40, 0.1), replicates=50)
    assert isinstance(result.auc, NotEnough)
    assert "only one outcome" in str(result.auc)
    assert result.brier.value == pytest.approx(0.01)


def test_missing_outcomes_are_refused():
    with pytest.raises(ValueError, match="0 or 1"):
        performance.performance(np.array([1, np.nan]), np.array([1, 2]), np.array([0.1, 0.2]))


def test_training_figures_come_from_the_model_card_metrics():
    metrics = json.loads((LOGISTIC_DIR / "metrics.json").read_text(encoding="utf-8"))
    card = metrics["cards"]["logistic-1.1"]
    figures = performance.training_figures(metrics)
    assert figures.scorecard == "logistic-1.1"
    assert figures.synthetic is True
    assert figures.n == metrics["held_out"]["n"]
    assert (figures.auc.value, figures.auc.low, figures.auc.high) == (card["auc"], *card["auc_95ci"])
    assert figures.brier == card["brier"]
    assert figures.calibration_slope == card["calibration"]["slope"]
    assert len(figures.calibration_table) == 10
    top = figures.highest[0]
    assert top.share == 0.08
    assert top.share_ltu.value == pytest.approx(card["cutoffs"]["highest"][0]["precision"])
    assert top.share_of_all_ltu.value == pytest.approx(card["cutoffs"]["highest"][0]["recall"], abs=1e-4)
    assert figures.lowest[0].share_not_ltu.low < figures.lowest[0].share_not_ltu.value
    assert performance.training_figures(metrics, "rules-1.0").scorecard == "rules-1.0"
    assert metrics["bootstrap_replicates"] == BOOTSTRAP_REPLICATES


def test_calibration_points_withhold_small_deciles():
    result = performance.performance(Y, SCORE, P, min_n=1, replicates=10)
    points = performance.calibration_points(result.calibration_table)
    assert points[0] == (0.0, 0.0)
    assert points[-1] == (pytest.approx(0.9), 1.0)
    strict = performance.performance(Y, SCORE, P, min_n=2, replicates=10)
    assert all(y is None for _, y in performance.calibration_points(strict.calibration_table))


def test_each_scorecard_version_is_evaluated_on_its_own_people():
    version = np.array(["rules-1.0"] * 10 + ["logistic-1.1"] * 10)
    y = np.concatenate([Y, Y[::-1]])  # the second version ranks them backwards: AUC 1 - 17/21
    score = np.concatenate([SCORE, SCORE * 3])  # another scale: never pooled
    p = np.concatenate([P, P])
    result = performance.performance_by_version(version, y, score, p, min_n=1, replicates=50)
    assert list(result) == ["logistic-1.1", "rules-1.0"]
    assert result["rules-1.0"].auc.value == pytest.approx(17 / 21)
    assert result["logistic-1.1"].auc.value == pytest.approx(4 / 21)
    assert result["logistic-1.1"].n == 10
