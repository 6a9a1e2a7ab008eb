"""The fairness audit against values worked out by hand on ten people."""

import numpy as np
import pytest

from triage.lib.intervals import SUPPRESSED, Estimate, NotEnough
from triage.modelling import cells, evaluate, fairness

# Ten people, highest score first; LTU the 1st, 3rd and 6th; flagged high: score 7 or more.
Y = np.array([1, 0, 1, 0, 0, 1, 0, 0, 0, 0])
SCORE = np.array([9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
P = SCORE / 10
FLAGGED = SCORE >= 7
TEAM = np.array(["a"] * 5 + ["b"] * 5)


def _audit(values=TEAM, **kwargs):
    kwargs.setdefault("min_n", 1)
    kwargs.setdefault("replicates", 200)
    kwargs.setdefault("seed", 3)
    return fairness.fairness_by_attribute("team", values, Y, SCORE, P, FLAGGED, **kwargs)


def test_group_measures_match_the_hand_computation():
    """Group a (scores 9-5, LTU 1st and 3rd, first three flagged): AUC 5/6, 60% flagged, FPR 1/3,
    FNR 0, calibration 0.4 - 0.7. Group b (scores 4-0, LTU the first, none flagged): AUC 1, FNR 1."""
    result = _audit()
    a, b = result.groups
    assert (a.group, a.n, b.group, b.n) == ("a", 5, "b", 5)
    assert a.measures["auc"].value == pytest.approx(5 / 6)
    assert a.measures["share_flagged_high"].value == pytest.approx(0.6)
    assert a.measures["false_positive_rate"].value == pytest.approx(1 / 3)
    assert a.measures["false_negative_rate"].value == 0.0
    assert a.measures["calibration_in_the_large"].value == pytest.approx(0.4 - 0.7)
    assert b.measures["auc"].value == 1.0
    assert b.measures["false_negative_rate"].value == 1.0
    assert b.measures["false_positive_rate"].value == 0.0
    # The same figures as evaluate.fairness, which the model card uses.
    card = evaluate.fairness({"team": TEAM}, Y, SCORE, P, FLAGGED)["team"]
    for group in (a, b):
        for measure in fairness.MEASURES:
            assert group.measures[measure].value == pytest.approx(card[group.group][measure])


def test_everyone_and_the_gaps_from_everyone():
    """Everyone: AUC 17/21, 30% flagged, FPR 1/7, FNR 1/3, calibration 0.3 - 0.45.
    Group a's gaps: AUC 5/6 - 17/21 = 1/42 (under 0.05, not flagged); flagged 0.6 - 0.3 = 0.3 and
    calibration -0.3 + 0.15 = -0.15 (both beyond their thresholds)."""
    result = _audit()
    assert result.n == 10
    assert result.overall["auc"].value == pytest.approx(17 / 21)
    assert result.overall["share_flagged_high"].value == pytest.approx(0.3)
    assert result.overall["false_positive_rate"].value == pytest.approx(1 / 7)
    assert result.overall["false_negative_rate"].value == pytest.approx(1 / 3)
    a = result.groups[0]
    assert a.gaps["auc"].value == pytest.approx(1 / 42)
    assert a.gaps["share_flagged_high"].value == pytest.approx(0.3)
    assert a.gaps["calibration_in_the_large"].value == pytest.approx(-0.15)
    assert "auc" not in a.flagged
    assert {"share_flagged_high", "calibration_in_the_large"} <= set(a.flagged)
    for gap in a.gaps.values():
        assert gap.low <= gap.high


def test_largest_gap_between_groups_is_fairlearns_difference():
    """b - a: AUC 1 - 5/6; flagged 0.6 - 0; FPR 1/3 - 0; FNR 1 - 0; calibration 0 - (-0.3)."""
    result = _audit()
    frame = fairness._metric_frame(cells.make_cells(Y, SCORE, P, FLAGGED, group=TEAM))
    assert result.largest_gap == pytest.approx(
        frame.difference(method="between_groups")[list(fairness.MEASURES)].to_dict()
    )
    assert result.largest_gap == pytest.approx(
        {
            "auc": 1 / 6,
            "share_flagged_high": 0.6,
            "false_positive_rate": 1 / 3,
            "false_negative_rate": 1.0,
            "calibration_in_the_large": 0.3,
        }
    )
    assert set(result.flagged) == set(fairness.MEASURES)
    relaxed = _audit(thresholds=dict.fromkeys(fairness.MEASURES, 0.5))
    assert set(relaxed.flagged) == {"share_flagged_high", "false_negative_rate"}


def test_a_small_group_is_suppressed_and_leaves_the_largest_gap():
    values = np.array(["a"] * 5 + ["b"] * 3 + ["c"] * 2)
    result = _audit(values, min_n=3)
    c = result.groups[2]
    assert c.n is SUPPRESSED
    assert all(v is SUPPRESSED for v in c.measures.values())
    assert all(v is SUPPRESSED for v in c.gaps.values())
    assert str(c.measures["auc"]) == "suppressed"
    # Between a and b only: b (scores 4, 3, 2; LTU the first; none flagged) has AUC 1.
    assert result.largest_gap["auc"] == pytest.approx(1 - 5 / 6)


def test_a_group_with_one_outcome_has_no_auc_and_says_why():
    """Group b below: scores 3-0, nobody LTU. AUC is NaN in fairlearn; here a NotEnough with a reason."""
    values = np.array(["a"] * 6 + ["b"] * 4)
    result = _audit(values)
    b = result.groups[1]
    assert isinstance(b.measures["auc"], NotEnough)
    assert "only one outcome" in str(b.measures["auc"])
    assert isinstance(b.measures["false_negative_rate"], NotEnough)  # no LTU to miss
    assert isinstance(b.gaps["auc"], NotEnough)
    assert "auc" not in b.flagged
    assert isinstance(b.measures["share_flagged_high"], Estimate)
    assert result.largest_gap["auc"] is None  # one group with an AUC is no comparison


def test_figures_below_their_own_minimum_say_not_enough():
    result = _audit(min_n=4)  # groups of 5 are shown; group a has 2 LTU, below 4
    a = result.groups[0]
    assert a.n == 5
    assert isinstance(a.measures["false_negative_rate"], NotEnough)
    assert isinstance(a.measures["share_flagged_high"], Estimate)
    assert result.largest_gap["false_negative_rate"] is None  # 2 and 1 LTU: neither figure is shown
    # Group b has none flagged: 0 of 5 is a count under the count rule (1 at a minimum n of 4).
    assert isinstance(result.groups[1].measures["share_flagged_high"], NotEnough)
    assert result.largest_gap["share_flagged_high"] is None


def test_the_audit_covers_each_attribute_and_is_reproducible():
    rng = np.random.default_rng(8)
    n = 20_000
    score = rng.integers(0, 30, n)
    p = 1 / (1 + np.exp(-(score - 25) / 4))
    y = (rng.random(n) < p).astype(int)
    attributes = {"sex": rng.choice(["female", "male", "unknown"], n), "age band": rng.choice(["16_24", "25_34"], n)}
    first = fairness.fairness_audit(attributes, y, score, p, score >= 20, replicates=100, seed=1)
    assert list(first) == ["sex", "age band"]
    assert first == fairness.fairness_audit(attributes, y, score, p, score >= 20, replicates=100, seed=1)
    female = first["sex"].groups[0]
    assert female.measures["auc"].low < female.measures["auc"].value < female.measures["auc"].high
    assert female.gaps["auc"].low < 0 < female.gaps["auc"].high  # no real difference was drawn
