"""A scorecard's performance on recorded outcomes, every figure with its n and 95% interval.

For the evaluator's performance page, one call per scorecard version: AUC, Brier score, the
calibration table (by decile of estimated risk), calibration slope, intercept and in-the-large,
and the DWP cut-off table. Beside it, `training_figures` gives the same figures from the model
card's held-out evaluation (metrics.json), so the page can set "now" against "when trained".

Intervals: Wilson for the shares (each decile's observed LTU rate; the cut-off table's shares,
taking the band's size or the number of LTU people as fixed); a seeded bootstrap of people for
AUC, Brier and the calibration fit (triage.modelling.cells, so its cost does not grow with the
number of people). Below the minimum n (triage.lib.intervals.MIN_N, or `min_n`) a figure is
NotEnough: "not enough recorded outcomes yet". The conventions (ties, deciles, cut-offs) are
evaluate.py's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from triage.lib.intervals import (
    MIN_N,
    Estimate,
    Figure,
    NotEnough,
    bootstrap_estimate,
    enough,
    resampled,
    shown_value,
    wilson,
)
from triage.modelling import cells as cellular
from triage.modelling.evaluate import (
    BOOTSTRAP_REPLICATES,
    BOTTOM_SHARES,
    TOP_SHARES,
    _share_positive_in_extreme,
    calibration_by_decile,
)


@dataclass(frozen=True)
class CalibrationRow:
    decile: int
    n: int
    mean_probability: float  # the estimated risk, averaged over the decile
    observed_rate: Figure  # the share who became LTU, with its Wilson interval


@dataclass(frozen=True)
class HighestRow:
    """The highest-risk `share` of people (n of them): the share who became LTU, the share of all LTU caught."""

    share: float
    n: int
    share_ltu: Figure
    share_of_all_ltu: Figure


@dataclass(frozen=True)
class LowestRow:
    """The lowest-risk `share` of people (n of them): the share who did not become LTU."""

    share: float
    n: int
    share_not_ltu: Figure


@dataclass(frozen=True)
class Performance:
    n: int
    ltu: int
    ltu_rate: Figure
    mean_probability: float | None
    auc: Figure
    brier: Figure
    calibration_slope: Figure
    calibration_intercept: Figure
    calibration_in_the_large: Figure
    calibration_table: tuple[CalibrationRow, ...]
    highest: tuple[HighestRow, ...]
    lowest: tuple[LowestRow, ...]
    replicates: int
    seed: int


def calibration_points(rows: tuple[CalibrationRow, ...]) -> list[tuple[float, float | None]]:
    """(mean estimated risk, observed LTU rate) per decile for triage.lib.charts.line_chart; a
    decile with too few people is withheld (None), so the line breaks where the table says so."""
    return [(row.mean_probability, shown_value(row.observed_rate)) for row in rows]


def _calibration_rows(y: np.ndarray, probability: np.ndarray, min_n: int) -> tuple[CalibrationRow, ...]:
    return tuple(
        CalibrationRow(
            decile=row["decile"],
            n=row["n"],
            mean_probability=row["mean_probability"],
            observed_rate=wilson(round(row["observed_rate"] * row["n"]), row["n"], min_n=min_n),
        )
        for row in calibration_by_decile(y, probability)
    )


def _cutoff_rows(y: np.ndarray, score: np.ndarray, min_n: int) -> tuple[tuple[HighestRow, ...], tuple[LowestRow, ...]]:
    all_ltu = int(y.sum())
    highest = []
    for share in TOP_SHARES:
        caught, _, k = _share_positive_in_extreme(y, score, share, highest=True)
        highest.append(
            HighestRow(
                share=share,
                n=k,
                share_ltu=wilson(caught, k, min_n=min_n),
                share_of_all_ltu=wilson(caught, all_ltu, min_n=min_n),
            )
        )
    lowest = []
    for share in BOTTOM_SHARES:
        ltu, _, k = _share_positive_in_extreme(y, score, share, highest=False)
        lowest.append(LowestRow(share=share, n=k, share_not_ltu=wilson(k - ltu, k, min_n=min_n)))
    return tuple(highest), tuple(lowest)


def performance(
    y: np.ndarray,
    score: np.ndarray,
    probability: np.ndarray,
    *,
    min_n: int = MIN_N,
    replicates: int = BOOTSTRAP_REPLICATES,
    seed: int = 0,
) -> Performance:
    """Every figure of one scorecard version on the people with a recorded outcome (y = 1 for LTU).

    score ranks people (the points total); probability is the estimated risk shown for that score.
    """
    cells = cellular.make_cells(y, score, probability)
    y = cellular.outcome_array(y)
    score = np.asarray(score)
    probability = np.asarray(probability, dtype=np.float64)
    n = len(y)
    ltu = int(y.sum())
    observed = cells.count
    if enough(n, min_n):
        draws = resampled(observed, replicates=replicates, seed=seed)
        auc_draws = cellular.auc(cells, draws)
        brier_draws = cellular.brier(cells, draws)
        fit_draws = cellular.calibration(cells, draws)
    else:
        auc_draws = brier_draws = np.zeros(0)
        fit_draws = {"slope": auc_draws, "intercept": auc_draws, "in_the_large": auc_draws}
    fit = cellular.calibration(cells, observed)
    highest, lowest = _cutoff_rows(y, score, min_n)
    return Performance(
        n=n,
        ltu=ltu,
        ltu_rate=wilson(ltu, n, min_n=min_n),
        mean_probability=float(probability.mean()) if n else None,
        auc=bootstrap_estimate(float(cellular.auc(cells, observed)[0]), auc_draws, n, min_n=min_n),
        brier=bootstrap_estimate(float(cellular.brier(cells, observed)[0]), brier_draws, n, min_n=min_n),
        calibration_slope=bootstrap_estimate(float(fit["slope"][0]), fit_draws["slope"], n, min_n=min_n),
        calibration_intercept=bootstrap_estimate(float(fit["intercept"][0]), fit_draws["intercept"], n, min_n=min_n),
        calibration_in_the_large=bootstrap_estimate(
            float(fit["in_the_large"][0]), fit_draws["in_the_large"], n, min_n=min_n
        ),
        calibration_table=_calibration_rows(y, probability, min_n),
        highest=highest,
        lowest=lowest,
        replicates=replicates if enough(n, min_n) else 0,
        seed=seed,
    )


def performance_by_version(
    version: np.ndarray,
    y: np.ndarray,
    score: np.ndarray,
    probability: np.ndarray,
    *,
    min_n: int = MIN_N,
    replicates: int = BOOTSTRAP_REPLICATES,
    seed: int = 0,
) -> dict[str, Performance]:
    """performance() for the assessments each scorecard version scored (versions in sorted order).

    Each version's points have their own scale, so they are never pooled.
    """
    codes, labels = cellular.group_codes(version)
    y, score, probability = cellular.outcome_array(y), np.asarray(score), np.asarray(probability)
    return {
        str(label): performance(
            y[codes == i], score[codes == i], probability[codes == i], min_n=min_n, replicates=replicates, seed=seed
        )
        for i, label in enumerate(labels)
    }


@dataclass(frozen=True)
class TrainingFigures:
    """The model card's held-out figures (metrics.json), shaped like Performance for a side-by-side."""

    scorecard: str
    synthetic: bool
    source: str
    trained_on: str
    n: int
    ltu_rate: Figure
    mean_probability: float
    auc: Figure  # with the card's own bootstrap interval
    brier: float
    calibration_slope: float
    calibration_intercept: float
    calibration_in_the_large: float
    calibration_table: tuple[CalibrationRow, ...]
    highest: tuple[HighestRow, ...]
    lowest: tuple[LowestRow, ...]


def training_figures(metrics: Mapping[str, Any], label: str | None = None, *, min_n: int = MIN_N) -> TrainingFigures:
    """The held-out figures of card `label` (default: the card the folder holds) from a metrics.json dict.

    metrics.json stores no intervals but the AUC's; the shares get Wilson intervals from the stored
    n and rates, as on the performance page.
    """
    label = label or metrics["scorecard"]
    card = metrics["cards"][label]
    n = int(metrics["held_out"]["n"])
    all_ltu = round(card["ltu_rate"] * n)
    auc = card["auc"]
    low, high = card.get("auc_95ci") or (math.nan, math.nan)
    calibration = card["calibration"]
    return TrainingFigures(
        scorecard=label,
        synthetic=bool(metrics.get("synthetic")),
        source=str(metrics.get("source", "")),
        trained_on=str(metrics.get("trained_on", "")),
        n=n,
        ltu_rate=wilson(all_ltu, n, min_n=min_n),
        mean_probability=float(card["mean_probability"]),
        auc=Estimate(value=auc, low=low, high=high, n=n) if enough(n, min_n) else NotEnough(n=n, min_n=min_n),
        brier=float(card["brier"]),
        calibration_slope=float(calibration["slope"]),
        calibration_intercept=float(calibration["intercept"]),
        calibration_in_the_large=float(calibration["in_the_large"]),
        calibration_table=tuple(
            CalibrationRow(
                decile=row["decile"],
                n=row["n"],
                mean_probability=row["mean_probability"],
                observed_rate=wilson(round(row["observed_rate"] * row["n"]), row["n"], min_n=min_n),
            )
            for row in card["calibration_by_decile"]
        ),
        highest=tuple(
            HighestRow(
                share=row["share"],
                n=row["n"],
                share_ltu=wilson(row["precision"] * row["n"], row["n"], min_n=min_n),
                share_of_all_ltu=wilson(row["precision"] * row["n"], all_ltu, min_n=min_n),
            )
            for row in card["cutoffs"]["highest"]
        ),
        lowest=tuple(
            LowestRow(
                share=row["share"],
                n=row["n"],
                share_not_ltu=wilson(row["share_not_ltu"] * row["n"], row["n"], min_n=min_n),
            )
            for row in card["cutoffs"]["lowest"]
        ),
    )
