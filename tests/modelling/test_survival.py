"""Kaplan-Meier time to work against a textbook example and hand computation."""

import math

import numpy as np
import pytest

from triage.lib.intervals import NotEnough
from triage.modelling.survival import SurvivalCurve, kaplan_meier, kaplan_meier_by_group

# Freireich et al. (1963) remission times in weeks, 6-MP group: 21 children, 9 relapses, "+" censored.
# 6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+
SIX_MP_TIMES = np.array([6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35])
SIX_MP_EVENTS = np.array([1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0])
# Placebo group: all 21 relapsed.
PLACEBO_TIMES = np.array([1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23])


def _event_steps(curve):
    return {s.day: s for s in curve.steps if s.started}


def test_six_mp_estimates_match_the_textbook():
    """Kaplan-Meier estimates for the 6-MP group as tabulated in Kleinbaum DG & Klein M (2012),
    Survival Analysis: A Self-Learning Text, 3rd ed., Springer, chapter 2 (remission data):
    t(j), n(j), m(j), S(t(j)) = 6, 21, 3, .8571; 7, 17, 1, .8067; 10, 15, 1, .7529; 13, 12, 1, .6902;
    16, 11, 1, .6275; 22, 7, 1, .5378; 23, 6, 1, .4482. Median 23 weeks."""
    curve = kaplan_meier(SIX_MP_TIMES, SIX_MP_EVENTS, min_n=1)
    published = {
        6: (21, 3, 0.8571),
        7: (17, 1, 0.8067),
        10: (15, 1, 0.7529),
        13: (12, 1, 0.6902),
        16: (11, 1, 0.6275),
        22: (7, 1, 0.5378),
        23: (6, 1, 0.4482),
    }
    steps = _event_steps(curve)
    assert sorted(steps) == sorted(published)
    for day, (at_risk, started, survival) in published.items():
        assert (steps[day].at_risk, steps[day].started) == (at_risk, started)
        assert steps[day].survival == pytest.approx(survival, abs=5e-5)
    assert curve.median == 23
    assert (curve.n, curve.started) == (21, 9)


def test_six_mp_greenwood_log_log_intervals():
    """Greenwood standard errors of S for the 6-MP group are .0764 .0869 .0963 .1068 .1141 .1282 .1346
    (S^2 sum d/(n(n-d)); at week 6: .8571^2 x 3/(21 x 18) = .005831, se .0764). The log-log 95%
    limits are those R's survival::survfit(conf.type = "log-log") prints for these data:
    .620-.952, .563-.923, .503-.889, .432-.849, .368-.805, .268-.747, .188-.680."""
    curve = kaplan_meier(SIX_MP_TIMES, SIX_MP_EVENTS, min_n=1)
    steps = _event_steps(curve)
    limits = {
        6: (0.620, 0.952),
        7: (0.563, 0.923),
        10: (0.503, 0.889),
        13: (0.432, 0.849),
        16: (0.368, 0.805),
        22: (0.268, 0.747),
        23: (0.188, 0.680),
    }
    for day, (low, high) in limits.items():
        assert steps[day].low == pytest.approx(low, abs=5e-4)
        assert steps[day].high == pytest.approx(high, abs=5e-4)
    # Worked through once by hand at week 6: se of log(-log S) = sqrt(3/378) / |log .8571|.
    s = 18 / 21
    se = math.sqrt(3 / (21 * 18)) / abs(math.log(s))
    assert steps[6].low == pytest.approx(s ** math.exp(1.959964 * se), abs=1e-6)
    # The median's interval: the lower limit first falls to .5 at week 13 (.432; .503 at week 10);
    # the upper limit never does (.680 at the last relapse), so the upper end is not reached.
    assert (curve.median_low, curve.median_high) == (13, None)


def test_placebo_group_median_is_eight_weeks():
    """Kleinbaum & Klein, same table: placebo group median 8 weeks; S falls to 0 at the last relapse."""
    curve = kaplan_meier(PLACEBO_TIMES, np.ones(21), min_n=1)
    assert curve.median == 8
    assert curve.steps[-1].survival == 0.0
    assert (curve.steps[-1].low, curve.steps[-1].high) == (0.0, 0.0)
    assert _event_steps(curve)[8].survival == pytest.approx(8 / 21, abs=1e-12)  # 21 -> 8 still in remission


def test_ties_and_censoring_on_the_same_day_by_hand():
    """Seven people: days 2, 2, 2+, 3, 5, 5+, 8+. The one censored on day 2 is at risk on day 2.
    Day 2: 7 at risk, 2 start, S = 5/7. Day 3: 4 at risk, 1 starts, S = 5/7 x 3/4 = 15/28.
    Day 5: 3 at risk, 1 starts, S = 15/28 x 2/3 = 5/14. Day 8: censored, S stays 5/14.
    Greenwood sums: 2/35, + 1/12, + 1/6. Median: S first at or below .5 on day 5."""
    curve = kaplan_meier(np.array([2, 2, 2, 3, 5, 5, 8]), np.array([1, 1, 0, 1, 1, 0, 0]), min_n=1)
    rows = [(s.day, s.at_risk, s.started, s.censored) for s in curve.steps]
    assert rows == [(2, 7, 2, 1), (3, 4, 1, 0), (5, 3, 1, 1), (8, 1, 0, 1)]
    assert [s.survival for s in curve.steps] == pytest.approx([5 / 7, 15 / 28, 5 / 14, 5 / 14])
    s, greenwood = 5 / 14, 2 / 35 + 1 / 12 + 1 / 6
    se = math.sqrt(greenwood) / abs(math.log(s))
    assert curve.steps[2].low == pytest.approx(s ** math.exp(1.959964 * se), abs=1e-6)
    assert curve.steps[2].high == pytest.approx(s ** math.exp(-1.959964 * se), abs=1e-6)
    assert curve.steps[3].low == curve.steps[2].low  # a censoring alone moves nothing
    assert curve.median == 5
    assert curve.survival_at(1) == 1.0
    assert curve.survival_at(4) == pytest.approx(15 / 28)


def test_number_at_risk_at_chosen_days():
    """At risk on day t: time t or later. Days 2, 2, 2+, 3, 5, 5+, 8+."""
    curve = kaplan_meier(
        np.array([2, 2, 2, 3, 5, 5, 8]), np.array([1, 1, 0, 1, 1, 0, 0]), at_days=[0, 2, 3, 4, 6, 9], min_n=1
    )
    assert curve.at_risk == ((0, 7), (2, 7), (3, 4), (4, 3), (6, 1), (9, 0))


def test_curves_by_group_and_the_minimum_n():
    days = np.concatenate([SIX_MP_TIMES, PLACEBO_TIMES, [5, 9]])
    observed = np.concatenate([SIX_MP_EVENTS, np.ones(21), [1, 0]])
    groups = np.array(["6-MP"] * 21 + ["placebo"] * 21 + ["tiny"] * 2, dtype=object)
    curves = kaplan_meier_by_group(days, observed, groups, min_n=10)
    assert list(curves) == ["6-MP", "placebo", "tiny"]
    assert isinstance(curves["6-MP"], SurvivalCurve) and curves["6-MP"].median == 23
    assert curves["placebo"].median == 8
    assert curves["tiny"] == NotEnough(n=2, min_n=10)
    assert isinstance(kaplan_meier(SIX_MP_TIMES, SIX_MP_EVENTS), NotEnough)  # 21 < MIN_N


def test_a_curve_that_never_falls_to_half_has_no_median():
    curve = kaplan_meier(np.arange(40), np.r_[np.ones(5), np.zeros(35)])
    assert curve.median is None


def test_bad_times_are_refused():
    with pytest.raises(ValueError, match="0 or more"):
        kaplan_meier(np.array([1.0, -2.0]), np.array([1, 1]), min_n=1)
    with pytest.raises(ValueError, match="times for"):
        kaplan_meier(np.array([1.0]), np.array([1, 1]), min_n=1)


def test_curve_points_start_at_day_0_with_everyone_out_of_work():
    curve = kaplan_meier(np.array([2, 2, 2, 3, 5, 5, 8]), np.array([1, 1, 0, 1, 1, 0, 0]), min_n=1)
    assert curve.points() == [(0, 1), (2, 5 / 7), (3, 15 / 28), (5, 5 / 14), (8, 5 / 14)]
