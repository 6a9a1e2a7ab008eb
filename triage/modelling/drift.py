"""Drift: has the population answering the checklist moved away from the one the model was trained on?

The population stability index per checklist item (its answers, an unanswered item, None,
counted as the answer UNANSWERED) and for the points total, this period ("actual") against the
training data ("expected"):

    PSI = sum over bins of (actual share - expected share) x ln(actual share / expected share)

- Conventional reading (e.g. Siddiqi, Credit Risk Scorecards, 2006): under 0.1 stable; 0.1 to under
  0.25 watch (`PSI_WATCH`); 0.25 or more act (`PSI_ACT`).
- Empty bins: a share of 0 makes the logarithm infinite, so every share is floored at
  `PSI_EPSILON` (0.0001, i.e. 0.01%) before the sum, without renormalising. An answer nobody gave
  in training but somebody gives now therefore counts as a large, finite shift: 10% giving it now
  adds about 0.1 x ln(0.1 / 0.0001) = 0.69 on its own.
- Points: ten bins cut at the training deciles (fewer when tied totals make deciles coincide);
  the lowest bin is open below and the highest open above, so no total falls outside.
- Below the minimum n (triage.lib.intervals.MIN_N) of people this period, NotEnough. PSI has no
  interval here: it is a screening figure, read against its thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Final, Literal

import numpy as np
import pandas as pd

from triage.lib.intervals import MIN_N, NotEnough, enough

PSI_WATCH: Final = 0.1
PSI_ACT: Final = 0.25
PSI_EPSILON: Final = 1e-4
POINTS_BINS: Final = 10
UNANSWERED: Final = "unanswered"

Status = Literal["stable", "watch", "act"]


@dataclass(frozen=True)
class DriftBin:
    label: str
    expected_share: float
    actual_share: float
    contribution: float  # this bin's term of the sum


@dataclass(frozen=True)
class Drift:
    name: str
    psi: float
    status: Status
    n_expected: int
    n_actual: int
    bins: tuple[DriftBin, ...]


def psi_terms(expected: np.ndarray, actual: np.ndarray, *, epsilon: float = PSI_EPSILON) -> np.ndarray:
    """Each bin's term of the PSI, from counts (or shares) per bin in the same order."""
    e = np.asarray(expected, dtype=np.float64)
    a = np.asarray(actual, dtype=np.float64)
    if e.shape != a.shape or e.sum() <= 0 or a.sum() <= 0:
        raise ValueError("expected and actual need the same bins and someone in each")
    e_share = np.maximum(e / e.sum(), epsilon)
    a_share = np.maximum(a / a.sum(), epsilon)
    terms: np.ndarray = (a_share - e_share) * np.log(a_share / e_share)
    return terms


def psi(expected: np.ndarray, actual: np.ndarray, *, epsilon: float = PSI_EPSILON) -> float:
    return float(psi_terms(expected, actual, epsilon=epsilon).sum())


def drift_status(value: float) -> Status:
    if value >= PSI_ACT:
        return "act"
    if value >= PSI_WATCH:
        return "watch"
    return "stable"


def _drift(name: str, labels: list[str], expected: np.ndarray, actual: np.ndarray, epsilon: float) -> Drift:
    terms = psi_terms(expected, actual, epsilon=epsilon)
    value = float(terms.sum())
    return Drift(
        name=name,
        psi=value,
        status=drift_status(value),
        n_expected=int(expected.sum()),
        n_actual=int(actual.sum()),
        bins=tuple(
            DriftBin(label=label, expected_share=float(e), actual_share=float(a), contribution=float(t))
            for label, e, a, t in zip(labels, expected / expected.sum(), actual / actual.sum(), terms, strict=True)
        ),
    )


def answer_counts(values: np.ndarray) -> dict[str, int]:
    """People per answer (None or NaN counted as UNANSWERED), e.g. the training data's distribution."""
    counts = pd.Series(np.asarray(values, dtype=object)).value_counts(dropna=False, sort=False)
    out: dict[str, int] = {}
    for answer, count in counts.items():  # one step per distinct answer, not per person
        label = UNANSWERED if pd.isna(answer) else str(answer)
        out[label] = out.get(label, 0) + int(count)
    return dict(sorted(out.items()))


def category_drift(
    name: str,
    expected_counts: Mapping[str, float],
    actual_values: np.ndarray,
    *,
    min_n: int = MIN_N,
    epsilon: float = PSI_EPSILON,
) -> Drift | NotEnough:
    """PSI of one checklist item: training counts per answer against this period's answers.

    Answers seen in only one of the two get a bin each (with the epsilon floor on the other side).
    """
    actual_counts = answer_counts(actual_values)
    n = sum(actual_counts.values())
    if not enough(n, min_n):
        return NotEnough(n=n, min_n=min_n)
    labels = sorted(set(expected_counts) | set(actual_counts))
    expected = np.array([float(expected_counts.get(label, 0)) for label in labels])
    actual = np.array([float(actual_counts.get(label, 0)) for label in labels])
    return _drift(name, labels, expected, actual, epsilon)


def items_drift(
    expected: Mapping[str, Mapping[str, float]],
    actual: Mapping[str, np.ndarray],
    *,
    min_n: int = MIN_N,
    epsilon: float = PSI_EPSILON,
) -> dict[str, Drift | NotEnough]:
    """category_drift for each item in `expected` that `actual` has, in expected's order."""
    return {
        item: category_drift(item, counts, actual[item], min_n=min_n, epsilon=epsilon)
        for item, counts in expected.items()
        if item in actual
    }


def points_edges(expected_points: np.ndarray, bins: int = POINTS_BINS) -> np.ndarray:
    """Bin edges at the training deciles; a total t falls in bin searchsorted(edges, t, 'right')."""
    values = np.asarray(expected_points, dtype=np.float64)
    if not len(values):
        raise ValueError("no training points to cut bins from")
    inner = np.quantile(values, np.linspace(0, 1, bins + 1)[1:-1], method="higher")
    edges: np.ndarray = np.unique(inner[inner > values.min()])  # a bin below the lowest total would be empty
    return edges


def _points_labels(edges: np.ndarray) -> list[str]:
    if not len(edges):
        return ["all totals"]
    labels = [f"under {edges[0]:g}"]
    labels += [f"{lo:g} to under {hi:g}" for lo, hi in pairwise(edges)]
    return [*labels, f"{edges[-1]:g} or more"]


def points_drift(
    expected_points: np.ndarray,
    actual_points: np.ndarray,
    *,
    bins: int = POINTS_BINS,
    min_n: int = MIN_N,
    epsilon: float = PSI_EPSILON,
) -> Drift | NotEnough:
    """PSI of the points total, in bins cut at the training deciles."""
    actual_points = np.asarray(actual_points, dtype=np.float64)
    if not enough(len(actual_points), min_n):
        return NotEnough(n=len(actual_points), min_n=min_n)
    edges = points_edges(expected_points, bins)
    size = len(edges) + 1
    expected = np.bincount(np.searchsorted(edges, np.asarray(expected_points), side="right"), minlength=size)
    actual = np.bincount(np.searchsorted(edges, actual_points, side="right"), minlength=size)
    return _drift("points", _points_labels(edges), expected.astype(np.float64), actual.astype(np.float64), epsilon)
