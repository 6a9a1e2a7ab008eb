"""The cut-off explorer: what a cut-off on the points would have meant for people with outcomes.

A cut-off flags people whose points total is at or above it (`score >= cutoff`), as the live high
band does (Cutoffs.high_from). Chosen by share flagged, it is the points cut-off whose share
flagged is nearest the share asked for (the smaller share on a tie): whole points cannot flag
exactly 10% when many people share a total, and the page says which cut-off and share it used.

For each cut-off: how many are flagged, LTU people caught and missed, flagged people who found
work anyway (not LTU), and the adviser hours that flagging takes (hours per flagged person, a
parameter). The shares carry Wilson 95% intervals; below the minimum n of people with outcomes
the whole view is NotEnough. One pass over the distinct totals (np.unique), however many people.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from triage.lib.intervals import MIN_N, Figure, NotEnough, enough, wilson
from triage.modelling.cells import outcome_array


@dataclass(frozen=True)
class CutoffOption:
    """A cut-off the explorer can offer: flag people on `points` or more."""

    points: float
    flagged: int
    share_flagged: float


@dataclass(frozen=True)
class CutoffView:
    points: float  # flagged: points total at or above this
    n: int  # people with a recorded outcome
    ltu: int
    flagged: int
    ltu_caught: int  # flagged and LTU
    ltu_missed: int  # not flagged and LTU
    found_work_anyway: int  # flagged and not LTU
    share_flagged: Figure  # flagged / n
    share_of_flagged_ltu: Figure  # ltu_caught / flagged
    share_of_ltu_caught: Figure  # ltu_caught / ltu
    share_of_flagged_found_work: Figure  # found_work_anyway / flagged
    hours_per_flagged: float
    adviser_hours: float  # flagged x hours_per_flagged


def _from_top(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct totals, highest first, with the people and LTU at that total or above."""
    values, inverse = np.unique(np.asarray(score), return_inverse=True)
    people = np.bincount(inverse.ravel(), minlength=len(values))[::-1]
    ltu = np.bincount(inverse.ravel(), weights=y, minlength=len(values))[::-1]
    return values[::-1], np.cumsum(people), np.cumsum(ltu)


def cutoff_options(score: np.ndarray) -> tuple[CutoffOption, ...]:
    """Every cut-off that changes who is flagged, highest first, with the share each flags."""
    score = np.asarray(score)
    values, flagged, _ = _from_top(np.zeros(len(score)), score)
    n = len(score)
    return tuple(
        CutoffOption(points=float(v), flagged=int(f), share_flagged=float(f) / n)
        for v, f in zip(values, flagged, strict=True)
    )


def cutoff_by_points(
    y: np.ndarray, score: np.ndarray, points: float, *, hours_per_flagged: float, min_n: int = MIN_N
) -> CutoffView | NotEnough:
    """The explorer's figures for flagging everyone on `points` or more."""
    if hours_per_flagged < 0:
        raise ValueError("hours per flagged person must be 0 or more")
    y = outcome_array(y)
    score = np.asarray(score)
    n = len(y)
    if not enough(n, min_n):
        return NotEnough(n=n, min_n=min_n)
    is_flagged = score >= points
    flagged = int(is_flagged.sum())
    ltu = int(y.sum())
    caught = int(y[is_flagged].sum())
    return CutoffView(
        points=float(points),
        n=n,
        ltu=ltu,
        flagged=flagged,
        ltu_caught=caught,
        ltu_missed=ltu - caught,
        found_work_anyway=flagged - caught,
        share_flagged=wilson(flagged, n, min_n=min_n),
        share_of_flagged_ltu=wilson(caught, flagged, min_n=min_n),
        share_of_ltu_caught=wilson(caught, ltu, min_n=min_n),
        share_of_flagged_found_work=wilson(flagged - caught, flagged, min_n=min_n),
        hours_per_flagged=float(hours_per_flagged),
        adviser_hours=flagged * float(hours_per_flagged),
    )


def points_for_share(score: np.ndarray, share: float) -> float:
    """The points cut-off whose share flagged is nearest `share` (the smaller share on a tie)."""
    if not 0 < share <= 1:
        raise ValueError("the share flagged must be above 0 and at most 1")
    score = np.asarray(score)
    if not len(score):
        raise ValueError("no scores to choose a cut-off from")
    values, flagged, _ = _from_top(np.zeros(len(score)), score)
    distance = np.round(np.abs(flagged / len(score) - share), 12)  # so that equal distances tie exactly
    return float(values[int(np.argmin(distance))])  # argmin takes the first: the higher cut-off


def cutoff_by_share(
    y: np.ndarray, score: np.ndarray, share: float, *, hours_per_flagged: float, min_n: int = MIN_N
) -> CutoffView | NotEnough:
    """cutoff_by_points at the cut-off that flags nearest `share` of people."""
    if not enough(len(np.asarray(y)), min_n):
        return NotEnough(n=len(np.asarray(y)), min_n=min_n)
    points = points_for_share(score, share)
    return cutoff_by_points(y, score, points, hours_per_flagged=hours_per_flagged, min_n=min_n)
