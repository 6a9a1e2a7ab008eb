"""Wilson intervals against Newcombe's published examples; the minimum-n rule; the count bootstrap."""

import numpy as np
import pytest

from triage.lib import intervals
from triage.lib.intervals import Estimate, NotEnough


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe RG (1998), Two-sided confidence intervals for the single proportion, Statistics in
        # Medicine 17:857-872, Table I, method 3 (score interval without continuity correction).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombes_table(successes, n, low, high):
    result = intervals.wilson(successes, n, min_n=1)
    assert isinstance(result, Estimate)
    assert result.value == pytest.approx(successes / n)
    assert (result.low, result.high) == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))
    assert result.n == n


def test_below_the_minimum_n_gives_not_enough_instead_of_a_number():
    result = intervals.wilson(3, intervals.MIN_N - 1)
    assert result == NotEnough(n=intervals.MIN_N - 1, min_n=intervals.MIN_N)
    assert str(result) == "not enough recorded outcomes yet"
    assert isinstance(intervals.wilson(10, intervals.MIN_N), Estimate)
    assert isinstance(intervals.wilson(0, 0, min_n=0), NotEnough)


@pytest.mark.parametrize(
    ("successes", "n", "shown"),
    [
        (9, 40, False),
        (10, 40, True),
        (30, 40, True),
        (31, 40, False),
        (0, 40, False),
        (40, 40, False),
        (9.5, 40, False),
    ],
)
def test_a_share_with_fewer_than_ten_people_on_either_side_is_not_shown(successes, n, shown):
    """Decision 0007's threshold on the numerator and on the rest: a share and its n never give
    back a count below 10 (decision 0024)."""
    assert intervals.MIN_COUNT == 10
    result = intervals.wilson(successes, n)
    assert isinstance(result, Estimate) is shown
    if not shown:
        assert str(result) == "not enough recorded outcomes yet"  # never which side is small
    assert isinstance(intervals.wilson(successes, n, min_count=0), Estimate)


def test_the_count_rule_scales_with_a_lowered_minimum_n():
    assert isinstance(intervals.wilson(3, 10, min_n=10), Estimate)  # 10 * 10 // 30 = 3
    assert isinstance(intervals.wilson(2, 10, min_n=10), NotEnough)
    assert isinstance(intervals.wilson(0, 5, min_n=1), Estimate)  # below 3, no count rule


def test_wilson_refuses_more_successes_than_people():
    with pytest.raises(ValueError, match="outside"):
        intervals.wilson(31, 30)


def test_a_nan_bootstrap_figure_says_why():
    result = intervals.bootstrap_estimate(float("nan"), [0.5, 0.6], 100)
    assert isinstance(result, NotEnough)
    assert "only one outcome" in str(result)


def test_resampled_counts_keep_the_total_and_are_reproducible():
    counts = np.array([700.0, 200.0, 100.0, 0.0])
    draws = intervals.resampled(counts, replicates=2_000, seed=4)
    assert draws.shape == (2_000, 4)
    assert (draws.sum(axis=1) == 1_000).all()
    assert (draws[:, 3] == 0).all()  # an empty cell stays empty
    assert draws.mean(axis=0) == pytest.approx(counts, rel=0.02)
    # Binomial variance of a cell: n p (1 - p) = 1000 * 0.2 * 0.8 = 160.
    assert draws[:, 1].var() == pytest.approx(160, rel=0.1)
    assert (draws == intervals.resampled(counts, replicates=2_000, seed=4)).all()


def test_percentile_interval_ignores_undefined_replicates():
    assert intervals.percentile_interval([np.nan, *range(101)]) == (pytest.approx(2.5), pytest.approx(97.5))


def test_a_withheld_figure_has_no_value_to_plot():
    assert intervals.shown_value(intervals.wilson(12, 40)) == pytest.approx(12 / 40)
    assert intervals.shown_value(intervals.wilson(3, 40)) is None  # three people: below the count rule
    assert intervals.shown_value(intervals.wilson(3, 4)) is None
    assert intervals.shown_value(intervals.SUPPRESSED) is None
