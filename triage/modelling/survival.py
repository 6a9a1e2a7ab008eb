"""Time to work: Kaplan-Meier curves of days from leaving to starting work, with censoring.

Written here because lifelines pins pandas < 3; checked against the Freireich 6-MP data's published
estimates (tests/modelling/test_survival.py) and against hand computation.

- A person either started work on day `days` (`observed` true) or is censored there: still out of
  work at their last follow-up. The curve is the share still out of work, S(t).
- Ties: at a day with both starts and censorings, the censored people count as at risk for that
  day's starts (they were still being followed), the usual convention.
- S(t) = product over start days u <= t of (1 - d_u / n_u), with d_u starts among n_u at risk
  (time >= u). Greenwood's variance: S(t)^2 sum d_u / (n_u (n_u - d_u)). The 95% interval is the
  log-log one, exp(-exp(log(-log S) +- 1.96 se)) with se = sqrt(sum d_u / (n_u (n_u - d_u))) /
  |log S|: it stays inside 0 to 1. Where S is 1 (no start yet) the interval is 1 to 1; where it is
  0, 0 to 0.
- Median: the first day S falls to 0.5 or below; None if it never does ("not reached"). Its interval:
  the first days the interval's upper and lower limits fall to 0.5 or below (Brookmeyer-Crowley
  style, read off the pointwise interval).
- Number at risk on day t: people whose time is t or later (not yet started work, still followed).
- Below the minimum n (triage.lib.intervals.MIN_N) a curve is NotEnough.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from triage.lib.intervals import MIN_N, Z_95, NotEnough, enough
from triage.modelling.cells import group_codes


@dataclass(frozen=True)
class SurvivalStep:
    """One day on which someone started work or was censored."""

    day: float
    at_risk: int
    started: int
    censored: int
    survival: float  # share still out of work just after this day
    low: float
    high: float


@dataclass(frozen=True)
class SurvivalCurve:
    n: int
    started: int
    steps: tuple[SurvivalStep, ...]
    median: float | None  # None: not reached
    median_low: float | None
    median_high: float | None
    at_risk: tuple[tuple[float, int], ...]  # (day, number at risk) at the days asked for

    def points(self) -> list[tuple[float, float]]:
        """(day, share still out of work) from day 0, for triage.lib.charts.line_chart(steps=True)."""
        start = [] if self.steps and self.steps[0].day == 0 else [(0.0, 1.0)]
        return start + [(s.day, s.survival) for s in self.steps]

    def survival_at(self, day: float) -> float:
        """S(day): the share still out of work after `day` (1 before the first start)."""
        index = int(np.searchsorted([s.day for s in self.steps], day, side="right")) - 1
        return self.steps[index].survival if index >= 0 else 1.0


def _first_at_or_below_half(days: np.ndarray, values: np.ndarray) -> float | None:
    below = np.flatnonzero(values <= 0.5)
    return float(days[below[0]]) if len(below) else None


def kaplan_meier(
    days: np.ndarray, observed: np.ndarray, *, at_days: Sequence[float] = (), min_n: int = MIN_N
) -> SurvivalCurve | NotEnough:
    """The Kaplan-Meier curve of time to work, its 95% intervals, median and numbers at risk."""
    days = np.asarray(days, dtype=np.float64)
    observed = np.asarray(observed, dtype=bool)
    if len(days) != len(observed):
        raise ValueError(f"{len(days)} times for {len(observed)} outcomes")
    if np.isnan(days).any() or (days < 0).any():
        raise ValueError("days must be recorded and 0 or more")
    n = len(days)
    if not enough(n, min_n):
        return NotEnough(n=n, min_n=min_n)
    times, inverse = np.unique(days, return_inverse=True)
    started = np.bincount(inverse, weights=observed, minlength=len(times))
    leaving = np.bincount(inverse, minlength=len(times)).astype(np.float64)
    at_risk = n - (np.cumsum(leaving) - leaving)
    factor = 1 - started / at_risk
    survival = np.cumprod(factor)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(started > 0, started / (at_risk * (at_risk - started)), 0.0)
        greenwood = np.cumsum(terms)  # inf once everyone at risk has started (S = 0)
        log_s = np.log(survival)
        se = np.sqrt(greenwood) / np.abs(log_s)
        centre = np.log(-log_s)
        low = np.exp(-np.exp(centre + Z_95 * se))
        high = np.exp(-np.exp(centre - Z_95 * se))
    low = np.where(survival >= 1, 1.0, np.where(survival <= 0, 0.0, low))
    high = np.where(survival >= 1, 1.0, np.where(survival <= 0, 0.0, high))
    steps = tuple(
        SurvivalStep(
            day=float(t),
            at_risk=int(r),
            started=int(d),
            censored=int(c - d),
            survival=float(s),
            low=float(lo),
            high=float(hi),
        )
        for t, r, d, c, s, lo, hi in zip(times, at_risk, started, leaving, survival, low, high, strict=True)
    )
    sorted_days = np.sort(days)
    risk_table = tuple((float(day), int(n - np.searchsorted(sorted_days, day, side="left"))) for day in at_days)
    return SurvivalCurve(
        n=n,
        started=int(started.sum()),
        steps=steps,
        median=_first_at_or_below_half(times, survival),
        median_low=_first_at_or_below_half(times, low),
        median_high=_first_at_or_below_half(times, high),
        at_risk=risk_table,
    )


def kaplan_meier_by_group(
    days: np.ndarray,
    observed: np.ndarray,
    groups: np.ndarray,
    *,
    at_days: Sequence[float] = (),
    min_n: int = MIN_N,
) -> dict[str, SurvivalCurve | NotEnough]:
    """A curve for each group (in sorted order; a missing value is "unknown"); below min_n, NotEnough."""
    days = np.asarray(days, dtype=np.float64)
    observed = np.asarray(observed, dtype=bool)
    codes, values = group_codes(groups)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(values) + 1))
    return {
        str(value): kaplan_meier(
            days[order[bounds[i] : bounds[i + 1]]],
            observed[order[bounds[i] : bounds[i + 1]]],
            at_days=at_days,
            min_n=min_n,
        )
        for i, value in enumerate(values)
    }
