"""Overrides against outcomes, on seven overrides worked through by hand."""

import numpy as np
import pytest

from triage.lib.intervals import NotEnough
from triage.modelling.override_outcomes import override_outcomes

# model band -> adviser band, reason, LTU; which side is right (high & LTU, or low & not LTU); toward?
ROWS = [
    ("low", "high", "health", 1),  # model wrong, adviser right, toward the outcome
    ("low", "medium", "health", 0),  # model right, adviser makes no call, away
    ("medium", "high", "caring", 0),  # model no call, adviser wrong, away
    ("high", "low", "job_prospects", 0),  # model wrong, adviser right, toward
    ("high", "medium", "job_prospects", 1),  # model right, adviser no call, away
    ("medium", "low", "job_prospects", 0),  # model no call, adviser right, toward
    (None, "high", "health", 1),  # no model band: left out
]
MODEL, ADVISER, REASON, Y = (np.array(column, dtype=object) for column in zip(*ROWS, strict=True))


def _rows(**kwargs):
    kwargs.setdefault("min_n", 1)
    kwargs.setdefault("replicates", 200)
    result = override_outcomes(MODEL, ADVISER, REASON, Y.astype(int), **kwargs)
    return {(r.direction, r.reason): r for r in result}


def test_each_side_right_by_direction_and_reason():
    rows = _rows()
    assert list(rows) == [
        ("raised", "all"),
        ("raised", "caring"),
        ("raised", "health"),
        ("lowered", "all"),
        ("lowered", "job_prospects"),
    ]
    raised = rows[("raised", "all")]
    assert (raised.n, raised.ltu) == (3, 1)
    assert raised.model_right.value == pytest.approx(1 / 3)
    assert raised.adviser_right.value == pytest.approx(1 / 3)
    assert raised.toward_outcome.value == pytest.approx(1 / 3)
    assert raised.difference.value == pytest.approx(0)
    health = rows[("raised", "health")]
    assert (health.n, health.model_right.value, health.adviser_right.value) == (2, 0.5, 0.5)
    caring = rows[("raised", "caring")]
    assert (caring.model_right.value, caring.adviser_right.value, caring.toward_outcome.value) == (0, 0, 0)
    lowered = rows[("lowered", "all")]
    assert lowered.n == 3
    assert lowered.model_right.value == pytest.approx(1 / 3)
    assert lowered.adviser_right.value == pytest.approx(2 / 3)
    assert lowered.toward_outcome.value == pytest.approx(2 / 3)
    assert lowered.difference.value == pytest.approx(1 / 3)
    assert lowered.difference.low <= lowered.difference.value <= lowered.difference.high


def test_the_paired_difference_interval_is_reproducible_and_brackets_a_clear_lead():
    rng = np.random.default_rng(2)
    n = 400
    model = np.full(n, "high", dtype=object)
    adviser = np.full(n, "low", dtype=object)
    y = (rng.random(n) < 0.2).astype(int)  # 80% did not become LTU: the advisers' low band was right
    first = override_outcomes(model, adviser, np.full(n, "job_prospects"), y, seed=4)
    assert first == override_outcomes(model, adviser, np.full(n, "job_prospects"), y, seed=4)
    raised, lowered = first[0], first[1]
    assert (raised.direction, raised.n, lowered.direction, lowered.reason) == ("raised", 0, "lowered", "all")
    assert isinstance(raised.model_right, NotEnough)  # no band was raised
    assert lowered.adviser_right.value == pytest.approx(1 - y.mean())
    assert 0 < lowered.difference.low < lowered.difference.value < lowered.difference.high
    assert lowered.difference.value == pytest.approx(1 - 2 * y.mean())


def test_small_groups_say_not_enough():
    rows = _rows(min_n=3)
    assert isinstance(rows[("raised", "health")].model_right, NotEnough)
    assert isinstance(rows[("raised", "health")].difference, NotEnough)
    assert rows[("raised", "all")].model_right.value == pytest.approx(1 / 3)


def test_an_override_to_the_same_band_or_an_unknown_band_is_refused():
    with pytest.raises(ValueError, match="another band"):
        override_outcomes(np.array(["low"]), np.array(["low"]), np.array(["other"]), np.array([0]), min_n=1)
    with pytest.raises(ValueError, match="unknown band 'severe'"):
        override_outcomes(np.array(["severe"]), np.array(["low"]), np.array(["other"]), np.array([0]), min_n=1)
