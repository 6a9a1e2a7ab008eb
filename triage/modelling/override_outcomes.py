"""Overrides against outcomes: when an adviser changed the band, which side turned out right?

One row per overridden assessment with a recorded outcome: the model's band, the adviser's band
(the band the override left it in), the override's reason category and the outcome (1 = LTU).
Assessments without a model band (too many items unanswered) are left out: there is no model call
to compare.

What "right" means (decision 0018):

- A band makes a call: **high** says "will become LTU", **low** says "will not"; **medium** makes
  no call. A side is right when its band's call happened: high and LTU, or low and not LTU. A
  medium band is never right (nor wrong), so "right" counts only the calls made.
- Because the two bands always differ, one side is always the higher: `toward_outcome` is the
  share of overrides that moved the band towards what happened (raised and LTU, or lowered and
  not LTU). It needs no view on medium, and it is the fairest single head-to-head figure.

Rows come by direction (raised, lowered) and reason category, with each direction's total first
(reason "all"). Shares carry Wilson 95% intervals; `difference` (adviser right minus model right,
on the same people) carries a seeded paired bootstrap interval. Below the minimum n a figure is
NotEnough.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from triage.lib.bands import BAND_RANK
from triage.lib.intervals import (
    MIN_N,
    Estimate,
    Figure,
    NotEnough,
    enough,
    percentile_interval,
    resampled,
    wilson,
)
from triage.modelling.cells import outcome_array
from triage.modelling.evaluate import BOOTSTRAP_REPLICATES

ALL_REASONS = "all"
RAISED, LOWERED = "raised", "lowered"


@dataclass(frozen=True)
class OverrideOutcomes:
    direction: str  # "raised" or "lowered"
    reason: str  # a reason category, or "all"
    n: int
    ltu: int
    model_right: Figure
    adviser_right: Figure
    difference: Figure  # adviser right minus model right
    toward_outcome: Figure


def _ranks(bands: np.ndarray) -> np.ndarray:
    """BAND_RANK of each band: 0 for none (None or ""), 1 low to 3 high."""
    series = pd.Series(np.asarray(bands, dtype=object)).fillna("")
    codes = series.map({(band or ""): rank for band, rank in BAND_RANK.items()})
    if codes.isna().any():
        raise ValueError(f"unknown band {series[codes.isna()].iloc[0]!r}")
    return codes.to_numpy(dtype=np.int64)


def _right(rank: np.ndarray, y: np.ndarray) -> np.ndarray:
    high, low = BAND_RANK["high"], BAND_RANK["low"]
    return ((rank == high) & (y == 1)) | ((rank == low) & (y == 0))


def _row(
    direction: str,
    reason: str,
    model_right: np.ndarray,
    adviser_right: np.ndarray,
    toward: np.ndarray,
    y: np.ndarray,
    *,
    min_n: int,
    replicates: int,
    seed: int,
) -> OverrideOutcomes:
    n = len(y)
    difference: Figure = NotEnough(n=n, min_n=min_n)
    if enough(n, min_n):
        # The four cells of (model right, adviser right): a paired bootstrap of the people.
        cell = model_right.astype(np.int64) * 2 + adviser_right.astype(np.int64)
        counts = np.bincount(cell, minlength=4).astype(np.float64)
        draws = resampled(counts, replicates=replicates, seed=seed)
        diffs = (draws[:, 1] - draws[:, 2]) / n  # (adviser only right) - (model only right)
        low, high = percentile_interval(diffs)
        difference = Estimate(value=float(adviser_right.mean() - model_right.mean()), low=low, high=high, n=n)
    return OverrideOutcomes(
        direction=direction,
        reason=reason,
        n=n,
        ltu=int(y.sum()),
        model_right=wilson(int(model_right.sum()), n, min_n=min_n),
        adviser_right=wilson(int(adviser_right.sum()), n, min_n=min_n),
        difference=difference,
        toward_outcome=wilson(int(toward.sum()), n, min_n=min_n),
    )


def override_outcomes(
    model_band: np.ndarray,
    adviser_band: np.ndarray,
    reason: np.ndarray,
    y: np.ndarray,
    *,
    min_n: int = MIN_N,
    replicates: int = BOOTSTRAP_REPLICATES,
    seed: int = 0,
) -> tuple[OverrideOutcomes, ...]:
    """For raised then lowered bands: every reason together, then each reason category in sorted order."""
    y = outcome_array(y)
    model_rank, adviser_rank = _ranks(model_band), _ranks(adviser_band)
    reason = np.asarray(reason, dtype=object).astype(str)
    if not len(model_rank) == len(adviser_rank) == len(reason) == len(y):
        raise ValueError("model bands, adviser bands, reasons and outcomes must have one entry per override")
    keep = model_rank > 0  # a model band to compare
    if (model_rank[keep] == adviser_rank[keep]).any() or (adviser_rank == 0).any():
        raise ValueError("an override changes the band to another band")
    model_rank, adviser_rank, reason, y = model_rank[keep], adviser_rank[keep], reason[keep], y[keep]
    raised = adviser_rank > model_rank
    model_right, adviser_right = _right(model_rank, y), _right(adviser_rank, y)
    toward = np.where(raised, y == 1, y == 0)
    rows = []
    for direction, mask in ((RAISED, raised), (LOWERED, ~raised)):
        parts = [(ALL_REASONS, mask)] + [(r, mask & (reason == r)) for r in sorted(set(reason[mask]))]
        for name, part in parts:
            rows.append(
                _row(
                    direction,
                    name,
                    model_right[part],
                    adviser_right[part],
                    toward[part],
                    y[part],
                    min_n=min_n,
                    replicates=replicates,
                    seed=seed,
                )
            )
    return tuple(rows)
