"""Held-out evaluation of a risk score: discrimination, calibration, DWP cut-offs and fairness.

Pure NumPy, so every figure can be checked by hand on a tiny dataset (tests/modelling). A score
ranks people (higher = more at risk); a probability is the estimated risk shown; `flagged` marks
who lands in the high band. Conventions:

- AUC counts a tie between an LTU and a non-LTU person as half (Mann-Whitney).
- Cut-off table: the highest-risk k% is the first round(k% x n) people by score; when the edge
  falls inside a group of tied scores, that group counts in proportion (the expected value if ties
  were broken at random), so integer points are not flattered or penalised by row order.
- Calibration by decile: people sorted by probability (ties kept in row order) and cut into ten
  groups as equal in size as possible. Calibration slope b and intercept a come from the
  logistic fit y ~ a + b logit(p); calibration-in-the-large is the intercept with b fixed at 1.
- Fairness, per group: AUC, calibration-in-the-large as observed rate minus mean probability
  (positive: the score under-estimates the group's risk), share flagged high, false positive
  rate (flagged among those not LTU) and false negative rate (not flagged among LTU).
"""

import math

import numpy as np
import pandas as pd

TOP_SHARES = (0.08, 0.10, 0.20, 0.30)
BOTTOM_SHARES = (0.08, 0.30)
BOOTSTRAP_REPLICATES = 1000


def _tie_groups(score: np.ndarray) -> np.ndarray:
    """Rank of each row's score among the distinct scores (0 = lowest)."""
    return np.unique(score, return_inverse=True)[1].ravel()


def auc_from_counts(positives: np.ndarray, negatives: np.ndarray) -> np.ndarray:
    """AUC from the LTU and not-LTU counts at each distinct score, lowest score first (last axis).

    Works on a batch: shape (..., scores) in, shape (...) out; NaN where one outcome is absent.
    """
    positives = np.asarray(positives, dtype=np.float64)
    negatives = np.asarray(negatives, dtype=np.float64)
    total_pos, total_neg = positives.sum(axis=-1), negatives.sum(axis=-1)
    below = np.cumsum(negatives, axis=-1) - negatives
    wins = np.sum(positives * (below + 0.5 * negatives), axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((total_pos > 0) & (total_neg > 0), wins / (total_pos * total_neg), np.nan)


def _auc_from_groups(groups: np.ndarray, y: np.ndarray, weights: np.ndarray | None, n_groups: int) -> float:
    w = np.ones(len(y)) if weights is None else weights
    positives = np.bincount(groups, weights=w * y, minlength=n_groups)
    negatives = np.bincount(groups, weights=w * (1 - y), minlength=n_groups)
    return float(auc_from_counts(positives, negatives))


def roc_auc(y: np.ndarray, score: np.ndarray) -> float:
    """Area under the ROC curve; NaN when only one outcome is present."""
    y = np.asarray(y, dtype=np.float64)
    groups = _tie_groups(np.asarray(score))
    return _auc_from_groups(groups, y, None, int(groups.max()) + 1 if len(groups) else 0)


def bootstrap_auc(
    y: np.ndarray, scores: dict[str, np.ndarray], *, replicates: int = BOOTSTRAP_REPLICATES, seed: int
) -> dict[str, object]:
    """Percentile 95% intervals for each score's AUC and for each difference from the first score.

    Every score is resampled with the same rows in each replicate, so the differences are paired.
    """
    y = np.asarray(y, dtype=np.float64)
    n = len(y)
    rng = np.random.default_rng(seed)
    prepared = {name: _tie_groups(np.asarray(s)) for name, s in scores.items()}
    sizes = {name: int(g.max()) + 1 for name, g in prepared.items()}
    draws = {name: np.empty(replicates) for name in scores}
    for r in range(replicates):
        weights = np.bincount(rng.integers(0, n, n), minlength=n).astype(np.float64)
        for name, groups in prepared.items():
            draws[name][r] = _auc_from_groups(groups, y, weights, sizes[name])
    first = next(iter(scores))
    out: dict[str, object] = {
        name: [float(np.quantile(d, 0.025)), float(np.quantile(d, 0.975))] for name, d in draws.items()
    }
    out["difference_from_" + first] = {
        name: [float(np.quantile(draws[first] - d, 0.025)), float(np.quantile(draws[first] - d, 0.975))]
        for name, d in draws.items()
        if name != first
    }
    out["replicates"] = replicates
    return out


def brier(y: np.ndarray, probability: np.ndarray) -> float:
    y = np.asarray(y, dtype=np.float64)
    return float(np.mean((np.asarray(probability) - y) ** 2))


def calibration_by_decile(y: np.ndarray, probability: np.ndarray, groups: int = 10) -> list[dict[str, float]]:
    y = np.asarray(y, dtype=np.float64)
    probability = np.asarray(probability, dtype=np.float64)
    order = np.argsort(probability, kind="stable")
    rows = []
    for i, part in enumerate(np.array_split(order, groups), start=1):
        if len(part) == 0:
            continue
        rows.append(
            {
                "decile": i,
                "n": len(part),
                "mean_probability": float(probability[part].mean()),
                "observed_rate": float(y[part].mean()),
            }
        )
    return rows


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def fit_logistic(x: np.ndarray | None, y: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """Maximum-likelihood (a, b) of y ~ a + b x + offset, or (a,) when x is None; Newton's method."""
    design = np.ones((len(y), 1)) if x is None else np.column_stack([np.ones(len(y)), x])
    beta = np.zeros(design.shape[1])
    for _ in range(100):
        eta = offset + design @ beta
        p = 1 / (1 + np.exp(-eta))
        gradient = design.T @ (y - p)
        hessian = design.T @ (design * (p * (1 - p))[:, None])
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.max(np.abs(step)) < 1e-12:
            break
    return beta


def calibration_fit(y: np.ndarray, probability: np.ndarray) -> dict[str, float]:
    """Calibration slope and intercept (logistic recalibration) and calibration-in-the-large."""
    y = np.asarray(y, dtype=np.float64)
    lp = _logit(np.asarray(probability, dtype=np.float64))
    a, b = fit_logistic(lp, y, np.zeros(len(y)))
    (citl,) = fit_logistic(None, y, lp)
    return {"slope": float(b), "intercept": float(a), "in_the_large": float(citl)}


def _share_positive_in_extreme(
    y: np.ndarray, score: np.ndarray, share: float, *, highest: bool
) -> tuple[float, float, int]:
    """(positives, people) among the highest (or lowest) share by score, ties counted in proportion."""
    y = np.asarray(y, dtype=np.float64)
    values, groups = np.unique(np.asarray(score), return_inverse=True)
    counts = np.bincount(groups, minlength=len(values)).astype(np.float64)
    positives = np.bincount(groups, weights=y, minlength=len(values))
    if highest:
        counts, positives = counts[::-1], positives[::-1]
    k = round(share * len(y))
    cum = np.cumsum(counts)
    full = int(np.searchsorted(cum, k, side="right"))  # groups wholly inside the band
    taken_counts = cum[full - 1] if full else 0.0
    taken_positives = positives[:full].sum()
    if taken_counts < k:
        taken_positives += (k - taken_counts) * positives[full] / counts[full]
    return float(taken_positives), float(y.sum()), k


def cutoff_table(y: np.ndarray, score: np.ndarray) -> dict[str, list[dict[str, float]]]:
    """The DWP 2013 table: precision and recall in the highest-risk bands, share not LTU in the lowest."""
    top = []
    for share in TOP_SHARES:
        caught, all_ltu, k = _share_positive_in_extreme(y, score, share, highest=True)
        top.append(
            {
                "share": share,
                "n": k,
                "precision": caught / k if k else math.nan,
                "recall": caught / all_ltu if all_ltu else math.nan,
            }
        )
    bottom = []
    for share in BOTTOM_SHARES:
        ltu, _, k = _share_positive_in_extreme(y, score, share, highest=False)
        bottom.append({"share": share, "n": k, "share_not_ltu": 1 - ltu / k if k else math.nan})
    return {"highest": top, "lowest": bottom}


def _rate(numerator: np.ndarray, mask: np.ndarray) -> float | None:
    return float(numerator[mask].mean()) if mask.any() else None


def group_measures(
    y: np.ndarray, score: np.ndarray, probability: np.ndarray, flagged: np.ndarray
) -> dict[str, float | int | None]:
    y = np.asarray(y, dtype=np.float64)
    flagged = np.asarray(flagged, dtype=bool)
    auc = roc_auc(y, score)
    positive, negative = y == 1, y == 0
    return {
        "n": len(y),
        "ltu_rate": float(y.mean()),
        "mean_probability": float(np.mean(probability)),
        "calibration_in_the_large": float(y.mean() - np.mean(probability)),
        "auc": None if math.isnan(auc) else auc,
        "share_flagged_high": float(flagged.mean()),
        "false_positive_rate": _rate(flagged, negative),
        "false_negative_rate": _rate(~flagged, positive),
    }


def fairness(
    groups: dict[str, np.ndarray], y: np.ndarray, score: np.ndarray, probability: np.ndarray, flagged: np.ndarray
) -> dict[str, dict[str, dict]]:
    """group_measures for each value of each fairness attribute (values in first-seen sorted order)."""
    out: dict[str, dict[str, dict]] = {}
    for attribute, values in groups.items():
        values = np.asarray(values, dtype=object)
        by_value = {}
        for value in pd.unique(values):
            mask = values == value
            by_value[str(value)] = group_measures(y[mask], score[mask], probability[mask], flagged[mask])
        out[attribute] = dict(sorted(by_value.items()))
    return out


def evaluate_score(
    y: np.ndarray, score: np.ndarray, probability: np.ndarray, flagged: np.ndarray | None = None
) -> dict[str, object]:
    """Every whole-population figure for one score."""
    y = np.asarray(y, dtype=np.float64)
    out: dict[str, object] = {
        "auc": roc_auc(y, score),
        "brier": brier(y, probability),
        "mean_probability": float(np.mean(probability)),
        "ltu_rate": float(y.mean()),
        "calibration": calibration_fit(y, probability),
        "calibration_by_decile": calibration_by_decile(y, probability),
        "cutoffs": cutoff_table(y, score),
    }
    if flagged is not None:
        out["share_flagged_high"] = float(np.mean(flagged))
    return out
