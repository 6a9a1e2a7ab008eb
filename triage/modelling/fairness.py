"""Fairness by sex, age band, disability and area-unemployment tercile, at the live cut-off.

For the evaluator's fairness page. Per attribute, each group's measures come from fairlearn's
MetricFrame, run on the cells of identical people (triage.modelling.cells) with their counts as
sample weights, so a million people cost no more than a few hundred rows:

- AUC (a tie counts half); NotEnough, saying why, in a group with only one outcome (AUC is NaN);
- calibration-in-the-large as observed LTU rate minus mean estimated risk (positive: the score
  under-estimates the group's risk), as in evaluate.group_measures;
- share flagged high; false positive rate (flagged among those not LTU); false negative rate (not
  flagged among the LTU), `flagged` being the high band at the live cut-off.

Intervals: Wilson for the three shares (denominator: the group, its not-LTU, its LTU); a seeded
bootstrap of people for AUC and calibration-in-the-large. Gaps: each group's measure minus
everyone's, with a bootstrap interval (the same resampled people give the group's and everyone's
value, so the overlap between them is respected). A gap is flagged when its size (the point
estimate) is beyond the attribute's threshold, `GAP_THRESHOLDS`; the interval says how sure.
`largest_gap` is the largest minus the smallest of the groups' figures shown (MetricFrame's
difference() between groups, without the figures the page withholds).

Small groups: below the minimum n (triage.lib.intervals.MIN_N, or `min_n`) a group's every figure,
its size included, is SUPPRESSED and it takes no part in the largest gap. A figure whose own
denominator (the group's LTU, say) is below the minimum is NotEnough.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
from fairlearn.metrics import MetricFrame

from triage.lib.intervals import (
    MIN_N,
    SUPPRESSED,
    Estimate,
    Figure,
    NotEnough,
    Suppressed,
    bootstrap_estimate,
    enough,
    percentile_interval,
    resampled,
    wilson,
)
from triage.modelling import cells as cellular
from triage.modelling.evaluate import BOOTSTRAP_REPLICATES, _auc_from_groups

# How big a gap from everyone is worth a second look. A choice for this service (decision 0018),
# not a convention: 0.05 of AUC; 2 percentage points of calibration; 5 points of a share or rate.
GAP_THRESHOLDS: Final[Mapping[str, float]] = {
    "auc": 0.05,
    "calibration_in_the_large": 0.02,
    "share_flagged_high": 0.05,
    "false_positive_rate": 0.05,
    "false_negative_rate": 0.05,
}
MEASURES: Final = tuple(GAP_THRESHOLDS)

FairnessFigure = Figure | Suppressed


@dataclass(frozen=True)
class GroupFairness:
    group: str
    n: int | Suppressed
    measures: Mapping[str, FairnessFigure]  # by MEASURES name, with 95% intervals
    gaps: Mapping[str, FairnessFigure]  # the group's measure minus everyone's, with 95% intervals
    flagged: tuple[str, ...]  # measures whose gap is beyond the threshold


@dataclass(frozen=True)
class AttributeFairness:
    attribute: str
    n: int
    overall: Mapping[str, Figure]
    groups: tuple[GroupFairness, ...]
    largest_gap: Mapping[str, float | None]  # between the groups shown; None with fewer than two
    flagged: tuple[str, ...]  # measures whose largest gap is beyond the threshold
    thresholds: Mapping[str, float]
    replicates: int
    seed: int


def _weighted_rate(numerator: np.ndarray, denominator: np.ndarray, weight: np.ndarray) -> float:
    total = float(np.sum(weight * denominator))
    return float(np.sum(weight * numerator * denominator)) / total if total > 0 else math.nan


def _metric_functions(n_scores: int) -> dict[str, object]:
    """The measures as MetricFrame callables: (y_true, y_pred = flagged, **cell columns)."""

    # MetricFrame passes y_true and y_pred to every metric, used or not.
    def auc(y_true, y_pred, *, sample_weight, score_rank):
        return _auc_from_groups(np.asarray(score_rank), np.asarray(y_true, dtype=np.float64), sample_weight, n_scores)

    def calibration_in_the_large(y_true, y_pred, *, sample_weight, probability):
        return _weighted_rate(np.asarray(y_true) - np.asarray(probability), np.ones(len(y_true)), sample_weight)

    def share_flagged_high(y_true, y_pred, *, sample_weight):
        return _weighted_rate(np.asarray(y_pred, dtype=np.float64), np.ones(len(y_true)), sample_weight)

    def false_positive_rate(y_true, y_pred, *, sample_weight):
        return _weighted_rate(np.asarray(y_pred, dtype=np.float64), 1 - np.asarray(y_true), sample_weight)

    def false_negative_rate(y_true, y_pred, *, sample_weight):
        return _weighted_rate(1 - np.asarray(y_pred, dtype=np.float64), np.asarray(y_true), sample_weight)

    def people(y_true, y_pred, *, sample_weight):
        return float(np.sum(sample_weight))

    def ltu(y_true, y_pred, *, sample_weight):
        return float(np.sum(sample_weight * np.asarray(y_true)))

    return {
        "auc": auc,
        "calibration_in_the_large": calibration_in_the_large,
        "share_flagged_high": share_flagged_high,
        "false_positive_rate": false_positive_rate,
        "false_negative_rate": false_negative_rate,
        "n": people,
        "ltu": ltu,
    }


def _metric_frame(cells: cellular.Cells) -> MetricFrame:
    weight = {"sample_weight": cells.count}
    return MetricFrame(
        metrics=_metric_functions(cells.n_scores),
        y_true=cells.y,
        y_pred=cells.flagged,
        sensitive_features=cells.group_values[cells.group].astype(str),
        sample_params={
            "auc": {**weight, "score_rank": cells.score_rank},
            "calibration_in_the_large": {**weight, "probability": cells.probability},
            "share_flagged_high": weight,
            "false_positive_rate": weight,
            "false_negative_rate": weight,
            "n": weight,
            "ltu": weight,
        },
    )


def _draws(cells: cellular.Cells, counts: np.ndarray) -> dict[str, np.ndarray]:
    """Every measure for each replicate of counts (replicates, cells)."""
    f, y = cells.flagged.astype(np.float64), cells.y
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "auc": cellular.auc(cells, counts),
            "calibration_in_the_large": cellular.mean_of(cells, counts, y - cells.probability),
            "share_flagged_high": cellular.mean_of(cells, counts, f),
            "false_positive_rate": (counts @ (f * (1 - y))) / (counts @ (1 - y)),
            "false_negative_rate": (counts @ ((1 - f) * y)) / (counts @ y),
        }


def _figures(values: Mapping[str, float], draws: Mapping[str, np.ndarray], min_n: int) -> dict[str, Figure]:
    n, ltu = round(values["n"]), round(values["ltu"])
    return {
        "auc": bootstrap_estimate(values["auc"], draws["auc"], n, min_n=min_n),
        "calibration_in_the_large": bootstrap_estimate(
            values["calibration_in_the_large"], draws["calibration_in_the_large"], n, min_n=min_n
        ),
        "share_flagged_high": wilson(values["share_flagged_high"] * n, n, min_n=min_n),
        "false_positive_rate": wilson(values["false_positive_rate"] * (n - ltu), n - ltu, min_n=min_n)
        if n > ltu
        else NotEnough(n=0, min_n=min_n),
        "false_negative_rate": wilson(values["false_negative_rate"] * ltu, ltu, min_n=min_n)
        if ltu
        else NotEnough(n=0, min_n=min_n),
    }


def _gap(group: Figure, everyone: Figure, draws: np.ndarray) -> Figure:
    if not isinstance(group, Estimate) or not isinstance(everyone, Estimate):
        return group if isinstance(group, NotEnough) else everyone
    low, high = percentile_interval(draws)
    return Estimate(value=group.value - everyone.value, low=low, high=high, n=group.n)


def fairness_by_attribute(
    attribute: str,
    values: np.ndarray,
    y: np.ndarray,
    score: np.ndarray,
    probability: np.ndarray,
    flagged: np.ndarray,
    *,
    min_n: int = MIN_N,
    thresholds: Mapping[str, float] = GAP_THRESHOLDS,
    replicates: int = BOOTSTRAP_REPLICATES,
    seed: int = 0,
) -> AttributeFairness:
    """The fairness table of one attribute; values: each person's group (a label such as 'unknown' for none)."""
    cells = cellular.make_cells(y, score, probability, flagged, group=values)
    frame = _metric_frame(cells)
    by_group = frame.by_group
    draws = resampled(cells.count, replicates=replicates, seed=seed)
    everyone_draws = _draws(cells, draws)
    overall = _figures(frame.overall.to_dict(), everyone_draws, min_n)
    groups = []
    for code, name in enumerate(cells.group_values):
        row = by_group.loc[str(name)].to_dict()
        if not enough(row["n"], min_n):
            groups.append(
                GroupFairness(
                    group=str(name),
                    n=SUPPRESSED,
                    measures=dict.fromkeys(MEASURES, SUPPRESSED),
                    gaps=dict.fromkeys(MEASURES, SUPPRESSED),
                    flagged=(),
                )
            )
            continue
        mask = cells.group == code
        group_draws = _draws(cells.subset(mask), draws[:, mask])
        measures = _figures(row, group_draws, min_n)
        gaps = {m: _gap(measures[m], overall[m], group_draws[m] - everyone_draws[m]) for m in MEASURES}
        beyond = tuple(m for m in MEASURES if isinstance(gaps[m], Estimate) and abs(gaps[m].value) > thresholds[m])
        groups.append(GroupFairness(group=str(name), n=round(row["n"]), measures=measures, gaps=gaps, flagged=beyond))
    # Largest minus smallest of the figures shown: what MetricFrame.difference() gives over by_group,
    # leaving out what the page withholds (a suppressed group; a figure below its own minimum, such as
    # the AUC of a group with one outcome). Fewer than two figures shown: no gap.
    largest: dict[str, float | None] = {}
    for m in MEASURES:
        shown_values = [g.measures[m].value for g in groups if isinstance(g.measures[m], Estimate)]
        largest[m] = max(shown_values) - min(shown_values) if len(shown_values) >= 2 else None
    return AttributeFairness(
        attribute=attribute,
        n=round(frame.overall["n"]),
        overall=overall,
        groups=tuple(groups),
        largest_gap=largest,
        flagged=tuple(m for m in MEASURES if largest[m] is not None and largest[m] > thresholds[m]),
        thresholds=dict(thresholds),
        replicates=replicates,
        seed=seed,
    )


def fairness_audit(
    attributes: Mapping[str, np.ndarray],
    y: np.ndarray,
    score: np.ndarray,
    probability: np.ndarray,
    flagged: np.ndarray,
    *,
    min_n: int = MIN_N,
    thresholds: Mapping[str, float] = GAP_THRESHOLDS,
    replicates: int = BOOTSTRAP_REPLICATES,
    seed: int = 0,
) -> dict[str, AttributeFairness]:
    """fairness_by_attribute for each attribute (dictionary.FAIRNESS_ATTRIBUTES names them), in order."""
    return {
        name: fairness_by_attribute(
            name,
            values,
            y,
            score,
            probability,
            flagged,
            min_n=min_n,
            thresholds=thresholds,
            replicates=replicates,
            seed=seed,
        )
        for name, values in attributes.items()
    }
