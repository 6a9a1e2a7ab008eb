"""People folded into cells of identical rows, so figures and their bootstraps cost little at 1M people.

A cell is one distinct (group, score, probability, flagged, outcome): every person in it counts the
same in every figure here, so a figure is a function of the cell counts, and a row bootstrap is a
multinomial draw of those counts (triage.lib.intervals.resampled). With integer points there are a
few hundred cells whatever the number of people. Every statistic takes counts of shape (cells,) or
(replicates, cells) and gives one value per replicate.

Conventions as in evaluate.py: AUC counts a tie as half; calibration slope b and intercept a come
from the logistic fit y ~ a + b logit(p), calibration-in-the-large from the fit with b fixed at 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from triage.modelling.evaluate import _logit, auc_from_counts


@dataclass(frozen=True)
class Cells:
    """Distinct rows with their counts, sorted by group code, then score, probability, flagged, outcome."""

    group: np.ndarray  # int code of the group (0 when there are no groups)
    group_values: np.ndarray  # the group value of each code
    score_rank: np.ndarray  # rank of the score among all distinct scores, 0 = lowest
    n_scores: int
    probability: np.ndarray
    flagged: np.ndarray  # bool
    y: np.ndarray  # 0.0 or 1.0
    count: np.ndarray  # float, people in the cell

    def subset(self, mask: np.ndarray) -> Cells:
        return Cells(
            group=self.group[mask],
            group_values=self.group_values,
            score_rank=self.score_rank[mask],
            n_scores=self.n_scores,
            probability=self.probability[mask],
            flagged=self.flagged[mask],
            y=self.y[mask],
            count=self.count[mask],
        )


def outcome_array(y: np.ndarray) -> np.ndarray:
    """y as floats, refusing anything but 0 and 1 (a missing outcome must be dropped by the caller)."""
    values = np.asarray(y, dtype=np.float64)
    if values.size and not np.isin(values, (0.0, 1.0)).all():
        raise ValueError("outcomes must be 0 or 1; drop people without a recorded outcome first")
    return values


UNKNOWN_GROUP = "unknown"


def group_codes(group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each person's group code and the labels (as text, sorted); a missing value joins 'unknown'."""
    # Hash-based on the values themselves: no million-string conversion or sort.
    codes, uniques = pd.factorize(pd.Series(np.asarray(group, dtype=object)))
    labels = [str(u) for u in uniques]
    if (codes < 0).any():
        if UNKNOWN_GROUP not in labels:
            labels.append(UNKNOWN_GROUP)
        codes = np.where(codes < 0, labels.index(UNKNOWN_GROUP), codes)
    order = np.argsort(np.array(labels, dtype=object), kind="stable")
    rank = np.empty(len(labels), dtype=np.int64)
    rank[order] = np.arange(len(labels))
    merged, inverse = np.unique(np.array(labels, dtype=object)[order], return_inverse=True)
    # Distinct values with the same text (1 and "1") share a group.
    return inverse.ravel()[rank[codes]].astype(np.int64), np.asarray(merged, dtype=object)


def make_cells(
    y: np.ndarray,
    score: np.ndarray,
    probability: np.ndarray | None = None,
    flagged: np.ndarray | None = None,
    group: np.ndarray | None = None,
) -> Cells:
    """Fold people into cells. probability defaults to 0 and flagged to False; group to one group
    ("all"); a missing group value (None, NaN) joins the group "unknown"."""
    outcome = outcome_array(y)
    n = len(outcome)
    score = np.asarray(score)
    if len(score) != n:
        raise ValueError(f"{len(score)} scores for {n} outcomes")
    probability = np.zeros(n) if probability is None else np.asarray(probability, dtype=np.float64)
    flagged = np.zeros(n, dtype=bool) if flagged is None else np.asarray(flagged, dtype=bool)
    if group is None:
        group_values, group_code = np.array(["all"], dtype=object), np.zeros(n, dtype=np.int64)
    else:
        group_code, group_values = group_codes(group)
    score_code, _ = pd.factorize(score, sort=True)
    probability_code, probability_values = pd.factorize(probability, sort=True)
    n_scores = int(score_code.max()) + 1 if n else 0
    n_probabilities = len(probability_values)
    key = (
        (
            (group_code.ravel().astype(np.int64) * max(n_scores, 1) + score_code.ravel()) * max(n_probabilities, 1)
            + probability_code.ravel()
        )
        * 4
        + flagged.astype(np.int64) * 2
        + outcome.astype(np.int64)
    )
    keys, counts = np.unique(key, return_counts=True)
    rest, y_code = np.divmod(keys, 2)
    rest, flagged_code = np.divmod(rest, 2)
    rest, probability_cell = np.divmod(rest, max(n_probabilities, 1))
    group_cell, score_cell = np.divmod(rest, max(n_scores, 1))
    return Cells(
        group=group_cell,
        group_values=np.asarray(group_values, dtype=object),
        score_rank=score_cell,
        n_scores=n_scores,
        probability=np.asarray(probability_values, dtype=np.float64)[probability_cell] if n else np.zeros(0),
        flagged=flagged_code.astype(bool),
        y=y_code.astype(np.float64),
        count=counts.astype(np.float64),
    )


def _batch(counts: np.ndarray) -> np.ndarray:
    return np.atleast_2d(np.asarray(counts, dtype=np.float64))


def auc(cells: Cells, counts: np.ndarray) -> np.ndarray:
    """AUC per replicate (NaN where one outcome is absent)."""
    d = _batch(counts)
    positives = np.zeros((len(d), cells.n_scores))
    negatives = np.zeros((len(d), cells.n_scores))
    is_pos = cells.y == 1
    # Columns are few (cells), so adding them column by column is cheap and keeps memory flat.
    np.add.at(positives.T, cells.score_rank[is_pos], d[:, is_pos].T)
    np.add.at(negatives.T, cells.score_rank[~is_pos], d[:, ~is_pos].T)
    return np.asarray(auc_from_counts(positives, negatives), dtype=np.float64).reshape(len(d))


def mean_of(cells: Cells, counts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The count-weighted mean of a per-cell value, per replicate (NaN with nobody)."""
    d = _batch(counts)
    total = d.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, d @ values / total, np.nan)


def brier(cells: Cells, counts: np.ndarray) -> np.ndarray:
    return mean_of(cells, counts, (cells.probability - cells.y) ** 2)


def _logistic_batch(x: np.ndarray | None, offset: np.ndarray, y: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted ML fit of y ~ a + b x + offset for every row of weights at once: (replicates, 1 or 2).

    Newton's method from zero; a replicate that does not converge (all one outcome) gives NaN.
    """
    design = np.ones((len(y), 1)) if x is None else np.column_stack([np.ones(len(y)), x])
    k = design.shape[1]
    beta = np.zeros((len(weights), k))
    converged = np.zeros(len(weights), dtype=bool)
    failed = np.zeros(len(weights), dtype=bool)
    for _ in range(50):
        eta = offset + beta @ design.T  # (R, C)
        p = 1 / (1 + np.exp(-np.clip(eta, -700, 700)))
        gradient = ((y - p) * weights) @ design  # (R, k)
        w = weights * p * (1 - p)
        hessian = np.einsum("rc,ci,cj->rij", w, design, design)
        with np.errstate(divide="ignore", invalid="ignore"):
            if k == 1:
                step = gradient / hessian[:, :, 0]
            else:
                det = hessian[:, 0, 0] * hessian[:, 1, 1] - hessian[:, 0, 1] ** 2
                step = np.column_stack(
                    [
                        (hessian[:, 1, 1] * gradient[:, 0] - hessian[:, 0, 1] * gradient[:, 1]) / det,
                        (hessian[:, 0, 0] * gradient[:, 1] - hessian[:, 0, 1] * gradient[:, 0]) / det,
                    ]
                )
        failed |= ~np.isfinite(step).all(axis=1)  # a singular fit: one outcome, or one risk value
        step = np.where(np.isfinite(step), step, 0.0)
        beta = np.where((converged | failed)[:, None], beta, beta + step)
        converged |= np.max(np.abs(step), axis=1) < 1e-10
        if (converged | failed).all():
            break
    return np.where((converged & ~failed)[:, None] & (np.abs(beta) < 50), beta, np.nan)


def calibration(cells: Cells, counts: np.ndarray) -> dict[str, np.ndarray]:
    """Calibration slope, intercept and in-the-large (logit scale), one value per replicate."""
    d = _batch(counts)
    lp = _logit(cells.probability)
    a_b = _logistic_batch(lp, np.zeros(len(lp)), cells.y, d)
    citl = _logistic_batch(None, lp, cells.y, d)
    return {"slope": a_b[:, 1], "intercept": a_b[:, 0], "in_the_large": citl[:, 0]}
