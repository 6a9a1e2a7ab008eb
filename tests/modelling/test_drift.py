"""Population stability index against values worked out by hand."""

import math

import numpy as np
import pytest

from triage.lib.intervals import NotEnough
from triage.modelling import drift


def test_psi_of_a_two_answer_item_by_hand():
    """Training 50/50, now 25/75: (0.25 - 0.5) ln(0.25/0.5) + (0.75 - 0.5) ln(0.75/0.5) = 0.274653."""
    assert drift.psi(np.array([500, 500]), np.array([10, 30])) == pytest.approx(0.274653, abs=1e-6)
    assert drift.psi(np.array([3, 7]), np.array([30, 70])) == 0.0


def test_an_empty_bin_is_floored_at_epsilon():
    """Nobody answered b in training, 10% do now: shares (1, 0.0001) against (0.9, 0.1):
    (0.9 - 1) ln 0.9 + (0.1 - 0.0001) ln(0.1 / 0.0001) = 0.0105361 + 0.6900847 = 0.7006208."""
    value = drift.psi(np.array([100, 0]), np.array([90, 10]))
    assert value == pytest.approx((0.9 - 1) * math.log(0.9) + (0.1 - 1e-4) * math.log(0.1 / 1e-4))
    assert value == pytest.approx(0.7006208, abs=1e-7)
    assert math.isfinite(drift.psi(np.array([100, 0]), np.array([100, 0])))


@pytest.mark.parametrize(("value", "status"), [(0.0, "stable"), (0.0999, "stable"), (0.1, "watch"), (0.25, "act")])
def test_status_thresholds(value, status):
    assert drift.drift_status(value) == status


def test_item_drift_names_each_answer_and_its_share():
    actual = np.array(["no"] * 30 + ["yes"] * 10)
    result = drift.category_drift("q9b_disability", {"no": 500, "yes": 500}, actual)
    assert result.psi == pytest.approx(0.274653, abs=1e-6)
    assert result.status == "act"
    assert (result.n_expected, result.n_actual) == (1000, 40)
    assert [(b.label, b.expected_share, b.actual_share) for b in result.bins] == [("no", 0.5, 0.75), ("yes", 0.5, 0.25)]
    assert sum(b.contribution for b in result.bins) == pytest.approx(result.psi)


def test_an_answer_new_this_period_gets_its_own_bin():
    actual = np.array(["no"] * 36 + ["prefer_not_to_say"] * 4)
    result = drift.category_drift("q9b_disability", {"no": 100}, actual)
    assert [b.label for b in result.bins] == ["no", "prefer_not_to_say"]
    assert result.psi == pytest.approx(0.7006208, abs=1e-7)


def test_items_drift_and_the_minimum_n():
    expected = {"a": {"x": 1, "y": 1}, "b": {"x": 1}, "missing": {"x": 1}}
    result = drift.items_drift(expected, {"a": np.array(["x", "y"] * 20), "b": np.array(["x"] * 5)})
    assert list(result) == ["a", "b"]
    assert result["a"].psi == 0.0
    assert result["b"] == NotEnough(n=5, min_n=30)


def test_points_bins_at_the_training_deciles():
    """Training totals 0-99 once each: edges at 10, 20, ... 90. Now everyone scores 95 or more:
    the top bin holds 100% against 10%, the others 0 (floored) against 10% each."""
    training = np.arange(100)
    result = drift.points_drift(training, np.full(50, 97))
    assert [b.label for b in result.bins][:2] == ["under 10", "10 to under 20"]
    assert result.bins[-1].label == "90 or more"
    assert [b.expected_share for b in result.bins] == pytest.approx([0.1] * 10)
    expected = 9 * (1e-4 - 0.1) * math.log(1e-4 / 0.1) + (1 - 0.1) * math.log(1 / 0.1)
    assert result.psi == pytest.approx(expected)
    assert drift.points_drift(training, np.arange(100)).psi == 0.0


def test_tied_training_totals_give_fewer_bins():
    training = np.array([0] * 50 + [5] * 30 + [9] * 20)
    edges = drift.points_edges(training)
    assert list(edges) == [5, 9]
    result = drift.points_drift(training, np.array([0] * 20 + [5] * 12 + [9] * 8), min_n=1)
    assert [b.label for b in result.bins] == ["under 5", "5 to under 9", "9 or more"]
    assert result.psi == pytest.approx(0.0)


def test_an_unanswered_item_counts_as_an_answer_of_its_own():
    assert drift.answer_counts(np.array(["yes", None, "yes", np.nan], dtype=object)) == {"unanswered": 2, "yes": 2}
