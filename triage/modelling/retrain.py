"""Retrain the scorecard on the service's recorded outcomes, and set the candidate beside the live card.

The service's retraining job (services.retraining) reads one row per person with a known LTU label
(selectors.retraining, in the data dictionary's columns) and calls `retrain`. The fit is
train.py's, step for step: a seeded split stratified on the label (fit.split, a quarter held out),
the cross-validated pipeline, the declined levels dropped and the intercept refitted (decision
0008), integer points with the intercept recalibrated, the rounding-cost limit, and the folder
written all at once (train.write_folder). What differs is the data and what is said about it:
the model card opens with where the rows came from (recorded outcomes, how many people, the dates
of the outcomes, the held-out size), and `compare` sets the live scorecard and the candidate side
by side on the same held-out people:

- AUC of each, and the paired difference (candidate minus live) with a percentile bootstrap
  interval: every replicate resamples the same people for both cards (evaluate.bootstrap_auc);
- calibration (slope, intercept, in-the-large, the table by decile) and the DWP cut-off table,
  each figure with its interval (performance.performance, same seed for both cards);
- fairness by sex, age band, disability and area tercile at each card's own high cut-off
  (fairness.fairness_audit: fairlearn's MetricFrame), summarised as the largest gap per measure.

Everything comes out as JSON-ready dicts, kept on the job. No Django.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from triage.lib.intervals import Estimate, NotEnough, Suppressed
from triage.modelling import evaluate, fit, points
from triage.modelling.dictionary import FAIRNESS_ATTRIBUTES, LABEL, clean_frame, data_sha256
from triage.modelling.fairness import MEASURES, fairness_audit
from triage.modelling.model_card import render_model_card
from triage.modelling.performance import performance
from triage.modelling.scorecard_file import DATE_KEY
from triage.modelling.train import TrainingError, evaluate_cards, fit_card, write_folder
from triage.scoring.bulk import score_frame
from triage.scoring.scorecard import Scorecard

RECORDED_OUTCOMES = "recorded outcomes in PACE Triage, not the synthetic cohort"
# train.py refuses integer points that cost points.MAX_ROUNDING_COST of held-out AUC. On a few
# hundred held-out people one tie moves the AUC by more than that, so the limit is applied from
# this many held-out people; below it the cost is reported (model card, metrics) but refuses nothing
# (decision 0021).
ROUNDING_CHECK_MIN_HELD_OUT = 2000


@dataclass(frozen=True)
class TrainingData:
    """What the rows are: how many people of each outcome, and the dates of those outcomes."""

    ltu: int
    not_ltu: int
    outcomes_from: date | None
    outcomes_to: date | None

    @property
    def people(self) -> int:
        return self.ltu + self.not_ltu


@dataclass(frozen=True)
class RetrainResult:
    label: str
    folder: Path
    training_rows: int
    held_out_rows: int
    comparison: dict[str, Any]


def retrain(
    raw: pd.DataFrame,
    *,
    scorecard_dir: Path,
    name: str,
    version: str,
    live: Scorecard,
    data: TrainingData,
    seed: int,
    job: int,
    today: date,
    replicates: int = evaluate.BOOTSTRAP_REPLICATES,
    step: Callable[[int, str], None] = lambda percent, text: None,
) -> RetrainResult:
    """Fit a candidate on `raw` (the dictionary's columns), write scorecard_dir/NAME-VERSION/ and
    compare it with `live` on the held-out people. Raises DataError or TrainingError; then nothing
    is written. `step(percent, text)` is told where it is."""
    label = f"{name}-{version}"
    folder = Path(scorecard_dir) / label
    if folder.exists():
        raise TrainingError(f"A scorecard {label} already exists; nothing written")
    step(5, "Checking the recorded outcomes")
    frame = clean_frame(raw)
    data_hash = data_sha256(frame)
    train, held_out = fit.split(frame, seed=seed)

    step(15, f"Fitting on {len(train)} people")
    source = f"{RECORDED_OUTCOMES}: {data.people} people, retraining job {job}"
    command = f"retraining job {job} in the service (seed {seed}), against {live.label}"
    card = fit_card(
        train,
        rows=len(frame),
        held_out_rows=len(held_out),
        name=name,
        version=version,
        seed=seed,
        synthetic=False,
        evidence="",
        source=source,
        command=command,
        data_hash=data_hash,
        today=today,
    )
    pipeline, fitted, weights, candidate = card.pipeline, card.fitted, card.weights, card.scorecard
    toml_text, points_card, versions = card.toml_text, card.points_card, card.versions

    step(55, f"Evaluating on {len(held_out)} held-out people")
    metrics = evaluate_cards(
        held_out,
        pipeline=pipeline,
        card=candidate,
        comparison=live,
        seed=seed,
        replicates=replicates,
        fitted=fitted,
    )
    rounding = metrics["rounding"]
    if rounding["cost"] >= points.MAX_ROUNDING_COST and len(held_out) >= ROUNDING_CHECK_MIN_HELD_OUT:
        raise TrainingError(
            f"Integer points cost {rounding['cost']:.4f} of AUC against the exact model "
            f"(limit {points.MAX_ROUNDING_COST}); nothing written"
        )
    metrics = {
        "scorecard": label,
        "synthetic": False,
        "note": "Computed on the held-out part of the recorded outcomes named in source.",
        "source": source,
        DATE_KEY: today.isoformat(),
        "command": command,
        "training_data_sha256": data_hash,
        "training_data": _training_data_json(data),
        "rows": {"all": len(frame), "training": len(train), "held_out": len(held_out)},
        "model": {
            "C": weights.C,
            "cv_folds": fit.CV_FOLDS,
            "Cs": list(fit.CS),
            "points_scale": points_card.points_scale,
        },
        "versions": versions,
        **metrics,
    }

    step(70, "Setting the candidate beside the live scorecard")
    comparison = compare(held_out, live=live, candidate=candidate, seed=seed, replicates=replicates)

    step(90, f"Writing {label}")
    card_text = render_model_card(metrics=metrics, scorecard=candidate, weights=weights)
    write_folder(
        folder,
        force=False,
        toml_text=toml_text,
        pipeline=pipeline,
        metrics=metrics,
        model_card=with_training_data(card_text, data=data, training_rows=len(train), held_out_rows=len(held_out)),
    )
    return RetrainResult(
        label=label, folder=folder, training_rows=len(train), held_out_rows=len(held_out), comparison=comparison
    )


def _training_data_json(data: TrainingData) -> dict[str, Any]:
    return {
        "kind": "recorded outcomes",
        "people": data.people,
        "ltu": data.ltu,
        "not_ltu": data.not_ltu,
        "outcomes_from": data.outcomes_from.isoformat() if data.outcomes_from else None,
        "outcomes_to": data.outcomes_to.isoformat() if data.outcomes_to else None,
    }


def _day(d: date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d else "unknown"


def training_data_text(data: TrainingData, *, training_rows: int, held_out_rows: int) -> str:
    """The model card's opening paragraph on where the rows came from, in plain words."""
    return (
        "## What it was trained on\n\n"
        f"Trained on recorded outcomes, not the synthetic cohort: the {data.people:,} people in PACE Triage "
        f"whose long-term unemployment outcome was known ({data.ltu:,} long-term unemployed, "
        f"{data.not_ltu:,} not), with outcomes recorded from {_day(data.outcomes_from)} to "
        f"{_day(data.outcomes_to)}. Each person counts once, with the answers of their latest "
        f"assessment. {training_rows:,} people were used to fit it and {held_out_rows:,} were held out "
        "to evaluate it (chosen at random, in the same proportion of each outcome). No name, contact "
        "detail, NI number, postcode or date of birth was read.\n"
    )


def with_training_data(card_text: str, *, data: TrainingData, training_rows: int, held_out_rows: int) -> str:
    """The model card with the training-data paragraph after its title."""
    title, _, rest = card_text.partition("\n")
    section = training_data_text(data, training_rows=training_rows, held_out_rows=held_out_rows)
    return f"{title}\n\n{section}\n{rest.lstrip()}"


# -- the comparison -----------------------------------------------------------------------------


def _figure(value: Any) -> Any:
    if isinstance(value, Estimate):
        return {"value": value.value, "low": value.low, "high": value.high, "n": value.n}
    if isinstance(value, NotEnough):
        return {"not_enough": str(value), "n": value.n}
    if isinstance(value, Suppressed):
        return {"suppressed": True}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _figure(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _figure(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_figure(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, np.generic):
        return _figure(value.item())
    return value


def _scored(held_out: pd.DataFrame, card: Scorecard) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    totals = score_frame(fit.features(held_out), card)["total"].to_numpy()
    probability = 1.0 / (1.0 + np.exp(-(card.intercept + card.points_scale * totals)))
    return totals, probability, totals >= card.cutoffs.high_from


def compare(
    held_out: pd.DataFrame, *, live: Scorecard, candidate: Scorecard, seed: int, replicates: int
) -> dict[str, Any]:
    """Live and candidate on the same held-out people, JSON-ready (see the module's docstring)."""
    y = held_out[LABEL].to_numpy(dtype=np.float64)
    groups = {name: held_out[column].astype(str).to_numpy(dtype=object) for name, column in FAIRNESS_ATTRIBUTES.items()}
    cards: dict[str, Any] = {}
    totals: dict[str, np.ndarray] = {}
    for role, card in (("candidate", candidate), ("live", live)):
        score, probability, flagged = _scored(held_out, card)
        totals[role] = score
        audit = fairness_audit(groups, y, score, probability, flagged, replicates=replicates, seed=seed)
        cards[role] = {
            "label": card.label,
            "kind": card.kind,
            "high_from": card.cutoffs.high_from,
            "performance": _figure(performance(y, score, probability, replicates=replicates, seed=seed)),
            "fairness": {
                name: {
                    "largest_gap": _figure(dict(result.largest_gap)),
                    "flagged": list(result.flagged),
                    "groups_shown": sum(1 for g in result.groups if not isinstance(g.n, Suppressed)),
                    "groups": len(result.groups),
                }
                for name, result in audit.items()
            },
        }
    intervals = evaluate.bootstrap_auc(
        y, {"candidate": totals["candidate"], "live": totals["live"]}, replicates=replicates, seed=seed
    )
    difference = evaluate.roc_auc(y, totals["candidate"]) - evaluate.roc_auc(y, totals["live"])
    low, high = intervals["difference_from_candidate"]["live"]  # type: ignore[index]
    return {
        "held_out": {"n": len(y), "ltu": int(y.sum())},
        "seed": seed,
        "replicates": replicates,
        "measures": list(MEASURES),
        "cards": cards,
        "auc_difference": _figure({"value": difference, "low": low, "high": high}),
    }


# -- for the page -------------------------------------------------------------------------------

_PERFORMANCE_ROWS = (
    ("AUC: how well it ranks people (0.5 is a coin toss, 1 is perfect)", "auc", "number"),
    ("Brier score: average squared error of the chance shown (lower is better)", "brier", "number"),
    ("Calibration slope (1 is ideal; below 1, the chances shown are too extreme)", "calibration_slope", "number"),
    ("Calibration intercept (0 is ideal)", "calibration_intercept", "number"),
    (
        "Calibration-in-the-large (0 is ideal; above 0, the chances shown are too low)",
        "calibration_in_the_large",
        "number",
    ),
)
_MEASURE_NAMES = {
    "auc": "AUC",
    "calibration_in_the_large": "calibration-in-the-large",
    "share_flagged_high": "share flagged high",
    "false_positive_rate": "false positive rate",
    "false_negative_rate": "false negative rate",
}


def side_by_side(comparison: Mapping[str, Any]) -> dict[str, Any]:
    """The comparison as rows of (what, live, candidate) for the job's page; {} before it exists."""
    if not comparison:
        return {}
    live, candidate = comparison["cards"]["live"], comparison["cards"]["candidate"]
    lp, cp = live["performance"], candidate["performance"]
    performance_rows = [
        {"name": name, "style": style, "live": lp[key], "candidate": cp[key]} for name, key, style in _PERFORMANCE_ROWS
    ]
    highest = [
        {"share": lo["share"], "n": lo["n"], "live": lo, "candidate": co}
        for lo, co in zip(lp["highest"], cp["highest"], strict=True)
    ]
    lowest = [
        {"share": lo["share"], "n": lo["n"], "live": lo, "candidate": co}
        for lo, co in zip(lp["lowest"], cp["lowest"], strict=True)
    ]
    fairness_rows = []
    unshown = []  # attributes with fewer than two groups big enough to show, on both cards
    for attribute, live_result in live["fairness"].items():
        candidate_result = candidate["fairness"][attribute]
        gaps = [*live_result["largest_gap"].values(), *candidate_result["largest_gap"].values()]
        if all(gap is None for gap in gaps):
            unshown.append(attribute)
            continue
        for measure in comparison["measures"]:
            fairness_rows.append(
                {
                    "attribute": attribute,
                    "measure": _MEASURE_NAMES.get(measure, measure),
                    "live": live_result["largest_gap"].get(measure),
                    "candidate": candidate_result["largest_gap"].get(measure),
                    "live_flagged": measure in live_result["flagged"],
                    "candidate_flagged": measure in candidate_result["flagged"],
                }
            )
    difference = comparison["auc_difference"]
    low, high = difference.get("low"), difference.get("high")
    if low is not None and low > 0:
        verdict = "better"
    elif high is not None and high < 0:
        verdict = "worse"
    else:
        verdict = "unclear"
    return {
        "live": live,
        "candidate": candidate,
        "performance": performance_rows,
        "highest": highest,
        "lowest": lowest,
        "fairness": fairness_rows,
        "fairness_unshown": unshown,
        "difference": difference,
        "verdict": verdict,
    }
