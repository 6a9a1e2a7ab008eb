"""95% intervals and the minimum-n rule, for every figure an evaluator sees.

- A figure comes out as an `Estimate` (value, its 95% interval, and the n it counts), or as
  `NotEnough` when its n is below the minimum (`MIN_N`, or the `min_n` argument): the page shows
  "not enough recorded outcomes yet" instead of a number. `Suppressed` is the marker for a group
  too small to show at all (fairness); it carries no number, not even the group's size.
- Proportions: the Wilson score interval (Wilson 1927; Newcombe 1998, method 3), which stays inside
  0 to 1 and behaves at 0 and n successes. Successes may be fractional (a tie split in proportion).
- Bootstrap: rows resampled with replacement. When rows fall into a few distinct cells (integer
  points x outcome x group), resampling n rows is the same as drawing the cell counts from a
  multinomial with the observed shares, so `resample_counts` draws counts, not rows: the cost
  grows with the number of cells and the replicates, not with the number of people. Seeded.
  Intervals are percentile intervals (2.5th and 97.5th) of the replicates.

Plain Python and NumPy: no Django, nothing else from triage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

MIN_N: Final = 30
"""Below this many people (the figure's own denominator), a figure is `NotEnough`."""

MIN_COUNT: Final = 10
"""A share is also `NotEnough` when fewer than this many people are on either side of it (its
numerator, or its denominator less the numerator): decision 0007's disclosure threshold, so that
a share and its n never give back a count the pages withhold (decision 0024)."""

Z_95: Final = 1.959963984540054  # the 97.5th percentile of the standard normal
NOT_ENOUGH_TEXT: Final = "not enough recorded outcomes yet"
SUPPRESSED_TEXT: Final = "suppressed"

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Estimate:
    """A figure, its 95% interval (low, high) and the number of people it counts."""

    value: float
    low: float
    high: float
    n: int


@dataclass(frozen=True)
class NotEnough:
    """In place of a figure whose n is below the minimum (or that cannot be worked out, `reason`)."""

    n: int
    min_n: int
    reason: str = NOT_ENOUGH_TEXT

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class Suppressed:
    """In place of every figure of a group too small to show; carries no number."""

    def __str__(self) -> str:
        return SUPPRESSED_TEXT


SUPPRESSED: Final = Suppressed()

Figure = Estimate | NotEnough


def shown_value(figure: Estimate | NotEnough | Suppressed) -> float | None:
    """The figure's value, or None for NotEnough or Suppressed: a chart point that is withheld."""
    return figure.value if isinstance(figure, Estimate) else None


def enough(n: float, min_n: int = MIN_N) -> bool:
    """The one minimum-n rule: a figure is shown when its n is at least min_n."""
    return n >= min_n


def wilson(successes: float, n: int, *, min_n: int = MIN_N, min_count: int | None = None) -> Figure:
    """The share successes / n with its Wilson score 95% interval; NotEnough below min_n, or when
    successes or n - successes is below min_count: by default MIN_COUNT scaled with min_n (10 at
    the minimum n of 30), so a call that lowers the minimum n for a small study lowers it too."""
    if n <= 0 or not enough(n, min_n):
        return NotEnough(n=int(n), min_n=min_n)
    if not -1e-9 * n <= successes <= n * (1 + 1e-9):
        raise ValueError(f"successes {successes} outside 0 to {n}")
    successes = min(max(successes, 0.0), float(n))  # a share times n can land a hair outside
    smallest = min_n * MIN_COUNT // MIN_N if min_count is None else min_count
    if round(successes, 6) < smallest or round(n - successes, 6) < smallest:
        return NotEnough(n=int(n), min_n=min_n)
    p = successes / n
    z2 = Z_95 * Z_95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z_95 / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return Estimate(value=p, low=max(0.0, centre - half), high=min(1.0, centre + half), n=int(n))


def percentile_interval(draws: npt.ArrayLike) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of bootstrap replicates, ignoring NaN (an undefined replicate)."""
    values = np.asarray(draws, dtype=np.float64)
    values = values[~np.isnan(values)]
    if not len(values):
        return (math.nan, math.nan)
    low, high = np.quantile(values, [0.025, 0.975])
    return (float(low), float(high))


def bootstrap_estimate(value: float, draws: npt.ArrayLike, n: int, *, min_n: int = MIN_N) -> Figure:
    """An Estimate from a point value and its replicates; NotEnough below min_n or when value is NaN."""
    if not enough(n, min_n):
        return NotEnough(n=n, min_n=min_n)
    if math.isnan(value):
        return NotEnough(n=n, min_n=min_n, reason="cannot be worked out: only one outcome recorded")
    low, high = percentile_interval(draws)
    return Estimate(value=value, low=low, high=high, n=n)


def resampled(counts: npt.ArrayLike, *, replicates: int, seed: int) -> FloatArray:
    """Bootstrap replicates of cell counts, shape (replicates, cells).

    Each replicate draws as many people as `counts` holds from the cells in proportion to their
    counts: exactly a row bootstrap of the people behind them. The same seed gives the same draws.
    """
    base = np.asarray(counts, dtype=np.float64)
    total = int(np.rint(base.sum()))
    if total == 0 or base.size == 0:
        return np.zeros((replicates, base.size))
    rng = np.random.default_rng(seed)
    draws: FloatArray = rng.multinomial(total, base / base.sum(), size=replicates).astype(np.float64)
    return draws
