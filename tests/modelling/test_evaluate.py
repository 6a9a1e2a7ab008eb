"""Evaluation figures against values worked out by hand on tiny datasets."""

import math

import numpy as np
import pytest

from triage.modelling import evaluate

# Ten people, highest score first. LTU: the 1st, 3rd and 6th.
Y = np.array([1, 0, 1, 0, 0, 1, 0, 0, 0, 0])
SCORE = np.array([9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
P = SCORE / 10


def test_auc_counts_ordered_pairs():
    """Positives at 9, 7, 4 beat 7, 6 and 4 of the 7 negatives: 17 / 21."""
    assert evaluate.roc_auc(Y, SCORE) == pytest.approx(17 / 21)


def test_auc_counts_a_tie_as_half():
    """Pairs (pos, neg): (1,1) tie 0.5, (1,0) 1, (0,1) 0, (0,0) tie 0.5: 2 / 4."""
    assert evaluate.roc_auc(np.array([1, 0, 1, 0]), np.array([1, 1, 0, 0])) == pytest.approx(0.5)


def test_auc_is_nan_with_one_outcome():
    assert math.isnan(evaluate.roc_auc(np.array([0, 0]), np.array([1, 2])))


def test_brier_is_the_mean_squared_error():
    """(0.01 + 0.64 + 0.09 + 0.36 + 0.25 + 0.36 + 0.09 + 0.04 + 0.01 + 0) / 10."""
    assert evaluate.brier(Y, P) == pytest.approx(0.185)


def test_cutoff_table_on_distinct_scores():
    table = evaluate.cutoff_table(Y, SCORE)
    top = {row["share"]: row for row in table["highest"]}
    assert (top[0.08]["n"], top[0.08]["precision"], top[0.08]["recall"]) == (1, 1.0, pytest.approx(1 / 3))
    assert (top[0.10]["precision"], top[0.10]["recall"]) == (1.0, pytest.approx(1 / 3))
    assert (top[0.20]["precision"], top[0.20]["recall"]) == (0.5, pytest.approx(1 / 3))
    assert (top[0.30]["precision"], top[0.30]["recall"]) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    bottom = {row["share"]: row for row in table["lowest"]}
    assert bottom[0.08]["share_not_ltu"] == 1.0
    assert bottom[0.30]["share_not_ltu"] == 1.0


def test_cutoff_table_counts_a_tied_group_at_the_edge_in_proportion():
    """Top group: three people tied at 5, one of them LTU. Taking 1 or 2 of them counts 1/3 LTU each."""
    y = np.array([1, 0, 0, 1, 0, 0, 0, 0, 0, 0])
    score = np.array([5, 5, 5, 4, 3, 3, 3, 3, 3, 3])
    top = {row["share"]: row for row in evaluate.cutoff_table(y, score)["highest"]}
    assert top[0.10]["precision"] == pytest.approx(1 / 3)
    assert top[0.10]["recall"] == pytest.approx(1 / 6)
    assert top[0.20]["precision"] == pytest.approx(1 / 3)
    assert top[0.20]["recall"] == pytest.approx(1 / 3)
    assert top[0.30]["precision"] == pytest.approx(1 / 3)
    assert top[0.30]["recall"] == pytest.approx(1 / 2)
    # Row order inside the tie does not matter.
    flipped = {row["share"]: row for row in evaluate.cutoff_table(y[[2, 1, 0, *range(3, 10)]], score)["highest"]}
    assert flipped[0.10]["precision"] == pytest.approx(1 / 3)


def test_calibration_by_decile_on_ten_people():
    rows = evaluate.calibration_by_decile(Y, P)
    assert len(rows) == 10
    assert rows[0] == {"decile": 1, "n": 1, "mean_probability": 0.0, "observed_rate": 0.0}
    assert rows[-1] == {"decile": 10, "n": 1, "mean_probability": pytest.approx(0.9), "observed_rate": 1.0}


def test_calibration_slope_and_intercept_solve_the_saturated_fit():
    """Ten people at 20% estimated risk with 3 LTU, ten at 50% with 6: a + b logit(0.2) = logit(0.3) and
    a + b logit(0.5) = logit(0.6), so a = logit(0.6) = 0.405465 and b = (logit(0.3) - a) / logit(0.2) = 0.903678."""
    p = np.array([0.2] * 10 + [0.5] * 10)
    y = np.array([1] * 3 + [0] * 7 + [1] * 6 + [0] * 4)
    fit = evaluate.calibration_fit(y, p)
    assert fit["intercept"] == pytest.approx(0.405465, abs=1e-6)
    assert fit["slope"] == pytest.approx(0.903678, abs=1e-6)
    # Calibration-in-the-large c solves sum of logistic(logit(p) + c) = number of LTU (9).
    c = fit["in_the_large"]
    expected = 10 / (1 + math.exp(-(math.log(0.25) + c))) + 10 / (1 + math.exp(-c))
    assert expected == pytest.approx(9, abs=1e-9)
    assert c > 0  # observed 45% against 35% estimated


def test_a_perfectly_calibrated_score_has_slope_1_and_intercept_0():
    rng = np.random.default_rng(1)
    p = rng.uniform(0.01, 0.6, 200_000)
    y = (rng.random(len(p)) < p).astype(int)
    fit = evaluate.calibration_fit(y, p)
    assert fit["slope"] == pytest.approx(1, abs=0.03)
    assert fit["intercept"] == pytest.approx(0, abs=0.03)
    assert fit["in_the_large"] == pytest.approx(0, abs=0.02)


def test_fairness_measures_by_group():
    """Group a: LTU 1st and 3rd of five; flagged (score >= 7) the first three. Group b: none flagged."""
    groups = {"team": np.array(["a"] * 5 + ["b"] * 5)}
    flagged = SCORE >= 7
    result = evaluate.fairness(groups, Y, SCORE, P, flagged)["team"]
    a, b = result["a"], result["b"]
    assert a["n"] == 5
    assert a["auc"] == pytest.approx(5 / 6)
    assert a["share_flagged_high"] == pytest.approx(0.6)
    assert a["false_positive_rate"] == pytest.approx(1 / 3)
    assert a["false_negative_rate"] == 0.0
    assert a["calibration_in_the_large"] == pytest.approx(0.4 - 0.7)
    assert b["auc"] == 1.0
    assert b["share_flagged_high"] == 0.0
    assert b["false_negative_rate"] == 1.0
    assert b["false_positive_rate"] == 0.0


def test_fairness_reports_no_auc_for_a_group_with_one_outcome():
    result = evaluate.group_measures(np.array([0, 0]), np.array([1, 2]), np.array([0.1, 0.2]), np.array([False, True]))
    assert result["auc"] is None
    assert result["false_negative_rate"] is None
    assert result["false_positive_rate"] == 0.5


def test_bootstrap_intervals_bracket_the_estimate_and_are_reproducible():
    rng = np.random.default_rng(3)
    y = (rng.random(2_000) < 0.2).astype(int)
    good = y + rng.normal(0, 1, len(y))
    noise = rng.normal(0, 1, len(y))
    result = evaluate.bootstrap_auc(y, {"good": good, "noise": noise}, replicates=200, seed=1)
    low, high = result["good"]
    assert low < evaluate.roc_auc(y, good) < high
    assert result["difference_from_good"]["noise"][0] > 0  # good beats noise in every sense
    assert result == evaluate.bootstrap_auc(y, {"good": good, "noise": noise}, replicates=200, seed=1)
