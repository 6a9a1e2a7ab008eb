"""Train, evaluate and write a logistic scorecard: the one function `manage.py train_model` calls.

Nothing is written until everything has worked: the folder is built in a hidden temporary folder
beside its destination and renamed into place at the end, so a failure leaves models/ untouched.
"""

import functools
import math
import re
import shutil
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd

from triage.modelling import evaluate, fit, points
from triage.modelling.artifacts import library_versions, write_calibration_png, write_metrics
from triage.modelling.cohort import EVIDENCE_VERSION, synthetic_cohort
from triage.modelling.dictionary import FAIRNESS_ATTRIBUTES, LABEL, clean_frame, data_sha256, read_csv
from triage.modelling.model_card import render_model_card
from triage.modelling.scorecard_file import DATE_KEY, render_scorecard
from triage.scoring.bulk import exact_log_odds_frame, score_frame
from triage.scoring.checklist import PREFER_NOT_TO_SAY
from triage.scoring.scorecard import (
    Scorecard,
    ScorecardError,
    check_declined_rule,
    load_scorecard,
    scorecard_from_dict,
)

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
VERSION_PATTERN = re.compile(r"^[0-9][a-z0-9_.]*$")
DEFAULT_SEED = 20261125
EQUIVALENCE_TOLERANCE = 1e-9
WITH_DECLINED = "with declined weights"  # the fitted model before its declined levels were dropped


class TrainingError(Exception):
    """Training cannot start or finish; the message says why."""


@dataclass(frozen=True)
class TrainResult:
    folder: Path
    metrics: dict
    seconds: float


class Progress:
    """Prints each stage as it starts and how long it took, so a long run shows where it is."""

    def __init__(self, write: Callable[[str], None]):
        self.write = write
        self.start = time.perf_counter()
        self._stage_start = self.start

    def stage(self, text: str) -> None:
        self._stage_start = time.perf_counter()
        self.write(f"[{self._stage_start - self.start:6.1f} s] {text}...")

    def done(self, detail: str = "") -> None:
        took = time.perf_counter() - self._stage_start
        self.write(f"         done in {took:.1f} s" + (f": {detail}" if detail else ""))


def command_line(
    *, data: Path | str | None, synthetic: int | None, seed: int, name: str, version: str, compare_with: str | None
) -> str:
    source = f"--data {data}" if data is not None else f"--synthetic {synthetic}"
    compare = "" if compare_with == "rules-1.0" else f" --compare-with {compare_with or 'none'}"
    return f"python manage.py train_model {source} --seed {seed} --name {name} --version {version}{compare}"


def train_model(
    *,
    scorecard_dir: Path,
    name: str,
    version: str,
    seed: int = DEFAULT_SEED,
    data: Path | str | None = None,
    synthetic: int | None = None,
    compare_with: str | None = "rules-1.0",
    force: bool = False,
    today: date | None = None,
    bootstrap_replicates: int = evaluate.BOOTSTRAP_REPLICATES,
    write: Callable[[str], None] = print,
) -> TrainResult:
    """Fit on a training split, evaluate on the held-out split, write scorecard_dir/NAME-VERSION/.

    Exactly one of `data` (a CSV in the data dictionary's columns) and `synthetic` (rows of the
    SYNTHETIC cohort) is given. `compare_with` names a scorecard under scorecard_dir evaluated on the
    same held-out rows (None: no comparison). Raises DataError for bad data and TrainingError for
    anything else that stops training; in both cases nothing is written.
    """
    progress = Progress(write)
    scorecard_dir = Path(scorecard_dir)
    if (data is None) == (synthetic is None):
        raise TrainingError("give either a data file or a number of synthetic rows, not both or neither")
    if not NAME_PATTERN.match(name):
        raise TrainingError(f"name {name!r}: use lower-case letters, digits and _ (for example logistic)")
    if not VERSION_PATTERN.match(version):
        raise TrainingError(f"version {version!r}: start with a digit (for example 1.0)")
    label = f"{name}-{version}"
    folder = scorecard_dir / label
    if folder.exists() and not force:
        raise TrainingError(f"{folder} already exists; choose a new version, or pass --force to replace it")
    comparison = _comparison_card(scorecard_dir, compare_with)
    today = today or date.today()
    command = command_line(
        data=data, synthetic=synthetic, seed=seed, name=name, version=version, compare_with=compare_with
    )

    if synthetic is not None:
        if synthetic < 1:
            raise TrainingError("--synthetic needs a positive number of rows")
        progress.stage(f"Generating {synthetic:,} rows of the SYNTHETIC cohort (seed {seed})")
        raw = synthetic_cohort(synthetic, seed=seed)
    else:
        progress.stage(f"Reading {data}")
        raw = read_csv(data)
    frame = clean_frame(raw)
    fit.check_trainable(frame)
    left_out = frame.attrs["left_out"]
    skipped = "".join(
        f"; {n:,} {why} left out"
        for n, why in (
            (left_out.earlier_assessments, "earlier assessments of the same PACE ID"),
            (left_out.unknown_label, "rows of unknown label"),
        )
        if n
    )
    progress.done(f"{len(frame):,} rows, LTU rate {frame[LABEL].mean():.1%}{skipped}")

    progress.stage("Hashing the training data")
    data_hash = data_sha256(frame)
    progress.done(data_hash[:12])

    train, held_out = fit.split(frame, seed=seed)
    progress.stage(
        f"Fitting on {len(train):,} rows: {fit.CV_FOLDS}-fold cross-validation over {len(fit.CS)} values of C, then refit"
    )
    synthetic_data = synthetic is not None
    source = (
        f"SYNTHETIC cohort (triage/modelling/cohort.py, from EVIDENCE.md §4-§7), {len(frame)} rows, seed {seed}"
        if synthetic_data
        else f"outcome data {Path(str(data)).name}, {len(frame)} rows"
    )
    card = fit_card(
        train,
        rows=len(frame),
        held_out_rows=len(held_out),
        name=name,
        version=version,
        seed=seed,
        synthetic=synthetic_data,
        evidence=EVIDENCE_VERSION if synthetic_data else "",
        source=source,
        command=command,
        data_hash=data_hash,
        today=today,
    )
    pipeline, fitted, weights, scorecard = card.pipeline, card.fitted, card.weights, card.scorecard
    toml_text, points_card, versions = card.toml_text, card.points_card, card.versions
    progress.done(f"C = {weights.C:g}; declined answers' weights dropped, intercept refitted")

    progress.stage(f"Evaluating on {len(held_out):,} held-out rows ({bootstrap_replicates} bootstrap replicates)")
    metrics = evaluate_cards(
        held_out,
        pipeline=pipeline,
        card=scorecard,
        comparison=comparison,
        seed=seed,
        replicates=bootstrap_replicates,
        fitted=fitted,
    )
    metrics = {
        "scorecard": label,
        "synthetic": synthetic_data,
        "note": (
            "Every figure is computed on SYNTHETIC data drawn from EVIDENCE.md's [A] assumptions, "
            "not on PACE clients' outcomes."
            if synthetic_data
            else "Computed on the held-out split of the outcome data named in source."
        ),
        "source": source,
        DATE_KEY: today.isoformat(),
        "command": command,
        "training_data_sha256": data_hash,
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
    rounding = metrics["rounding"]
    rule = metrics["declined_rule"]
    progress.done(
        f"AUC {metrics['cards'][label]['auc']:.3f} (exact model {rounding['auc_exact']:.3f}, rounding cost "
        f"{rounding['cost']:.4f}; with the declined weights {rule['auc_with_declined_weights']:.4f}, "
        f"without {rule['auc_without_declined_weights']:.4f})"
    )
    for code, group in rule["calibration_among_decliners"].items():
        write(
            f"         declined {code}: n {group['n']:,}, observed {group['observed_rate']:.1%}, "
            f"estimated {group['mean_probability']:.1%} (with the declined weight "
            f"{group['mean_probability_with_declined_weights']:.1%})"
        )
    if rounding["cost"] >= points.MAX_ROUNDING_COST:
        raise TrainingError(
            f"integer points cost {rounding['cost']:.4f} AUC against the exact model "
            f"(limit {points.MAX_ROUNDING_COST}); nothing written"
        )

    progress.stage(f"Writing {folder}")
    write_folder(
        folder,
        force=force,
        toml_text=toml_text,
        pipeline=pipeline,
        metrics=metrics,
        model_card=render_model_card(metrics=metrics, scorecard=scorecard, weights=weights),
    )
    progress.done()
    return TrainResult(folder=folder, metrics=metrics, seconds=time.perf_counter() - progress.start)


@dataclass(frozen=True)
class CardFit:
    """A fitted scorecard in integer points, checked against the declined-answers rule."""

    pipeline: Any
    fitted: Any  # the exact weights before the declined levels were dropped
    weights: Any
    points_card: Any
    toml_text: str
    scorecard: Scorecard
    versions: dict[str, str]


def fit_card(
    train: pd.DataFrame,
    *,
    rows: int,
    held_out_rows: int,
    name: str,
    version: str,
    seed: int,
    synthetic: bool,
    evidence: str,
    source: str,
    command: str,
    data_hash: str,
    today: date,
) -> CardFit:
    """Fit the logistic model on `train`, drop the declined levels' weights and refit the intercept
    (a declined answer scores 0: decision 0008), turn the weights into integer points with the
    intercept recalibrated on the training rows, and check the card keeps the declined rule. Used
    by train_model and by retraining in the service (modelling/retrain.py)."""
    label = f"{name}-{version}"
    pipeline = fit.fit_pipeline(train, seed=seed)
    # The declined levels are fitted as their own levels, then dropped (a declined answer scores 0)
    # with the intercept refitted: the other weights stay as estimated among people who answered.
    fitted = fit.exact_weights(pipeline)
    fit.drop_declined_weights(pipeline, train)
    weights = fit.without_declined(fit.exact_weights(pipeline))
    versions = library_versions()
    meta = {
        "synthetic": synthetic,
        "evidence": evidence,
        "training_data_sha256": data_hash,
        "rows": rows,
        "training_rows": len(train),
        "held_out_rows": held_out_rows,
        "seed": seed,
        "cv_folds": fit.CV_FOLDS,
        "C": weights.C,
        DATE_KEY: today.isoformat(),
        "command": command,
        "versions": versions,
    }
    render = functools.partial(
        render_scorecard, name=name, version=version, weights=weights, meta=meta, synthetic=synthetic, source=source
    )
    provisional = points.points_card(weights)
    training_totals = score_frame(fit.features(train), load_text(render(card=provisional), label))["total"]
    points_card = points.points_card(
        weights, intercept=points.recalibrate_intercept(training_totals.to_numpy(), train[LABEL].to_numpy())
    )
    toml_text = render(card=points_card)
    scorecard = load_text(toml_text, label)
    try:
        check_declined_rule(scorecard)
    except ScorecardError as e:  # a bug: drop_declined_weights did not run
        raise TrainingError(str(e)) from e
    return CardFit(pipeline, fitted, weights, points_card, toml_text, scorecard, versions)


def load_text(toml_text: str, label: str) -> Scorecard:
    try:
        return scorecard_from_dict(tomllib.loads(toml_text))
    except (ScorecardError, tomllib.TOMLDecodeError) as e:  # a bug here, not bad input
        raise TrainingError(f"the scorecard written for {label} does not load: {e}") from e


def _comparison_card(scorecard_dir: Path, compare_with: str | None) -> Scorecard | None:
    if not compare_with:
        return None
    try:
        return load_scorecard(scorecard_dir / compare_with)
    except ScorecardError as e:
        raise TrainingError(f"cannot compare with {compare_with}: {e}") from None


def _probability(card: Scorecard, totals: np.ndarray) -> np.ndarray:
    # Incomplete rows still get a probability here, so every held-out row is evaluated.
    return 1.0 / (1.0 + np.exp(-(card.intercept + card.points_scale * totals)))


def _band_outcomes(card: Scorecard, totals: np.ndarray, y: np.ndarray) -> dict[str, dict[str, float]]:
    """Per band: people, the share of them who became LTU, and the share of all LTU the band holds."""
    masks = {
        "low": totals < card.cutoffs.medium_from,
        "medium": (totals >= card.cutoffs.medium_from) & (totals < card.cutoffs.high_from),
        "high": totals >= card.cutoffs.high_from,
    }
    all_ltu = float(y.sum())
    return {
        band: {
            "n": int(mask.sum()),
            "ltu_rate": float(y[mask].mean()) if mask.any() else math.nan,
            "share_of_all_ltu": float(y[mask].sum()) / all_ltu if all_ltu else math.nan,
        }
        for band, mask in masks.items()
    }


def _declined_rule(
    held_out: pd.DataFrame,
    y: np.ndarray,
    *,
    card_probability: np.ndarray,
    with_declined: np.ndarray,
    without_declined: np.ndarray,
    fitted: fit.FittedWeights,
) -> dict:
    """What scoring a declined answer as 0 costs: AUC with and without the declined weights, and
    calibration among the people who declined each item (observed against estimated, with n)."""
    with_probability = fit.logistic(with_declined)
    groups = {}
    for code, table in fitted.choice.items():
        if PREFER_NOT_TO_SAY not in table:
            continue
        mask = (held_out[code].astype(object) == PREFER_NOT_TO_SAY).to_numpy()
        n = int(mask.sum())
        groups[code] = {
            "n": n,
            "declined_weight": table[PREFER_NOT_TO_SAY],
            "observed_rate": float(y[mask].mean()) if n else math.nan,
            "mean_probability": float(card_probability[mask].mean()) if n else math.nan,
            "mean_probability_with_declined_weights": float(with_probability[mask].mean()) if n else math.nan,
        }
    auc_with = evaluate.roc_auc(y, with_declined)
    auc_without = evaluate.roc_auc(y, without_declined)
    return {
        "auc_with_declined_weights": auc_with,
        "auc_without_declined_weights": auc_without,
        "cost": auc_with - auc_without,
        "intercept_with_declined_weights": fitted.intercept,
        "calibration_among_decliners": groups,
    }


def _band_shares(card: Scorecard, totals: np.ndarray, missing: np.ndarray) -> dict[str, float]:
    return {
        "low": float(np.mean(totals < card.cutoffs.medium_from)),
        "medium": float(np.mean((totals >= card.cutoffs.medium_from) & (totals < card.cutoffs.high_from))),
        "high": float(np.mean(totals >= card.cutoffs.high_from)),
        "incomplete": float(np.mean(missing > card.max_missing)),
    }


def evaluate_cards(
    held_out: pd.DataFrame,
    *,
    pipeline,
    card: Scorecard,
    comparison: Scorecard | None,
    seed: int,
    replicates: int,
    fitted: fit.FittedWeights | None = None,
) -> dict:
    """Held-out metrics of the card's integer points, its exact weights and the comparison card;
    with `fitted` (the weights before the declined levels were dropped), what that rule costs."""
    y = held_out[LABEL].to_numpy(dtype=np.float64)
    answers = fit.features(held_out)
    pipeline_probability = pipeline.predict_proba(answers)[:, 1]
    exact = exact_log_odds_frame(answers, card)
    gap = float(np.max(np.abs(fit.logistic(exact) - pipeline_probability))) if len(y) else 0.0
    if gap > EQUIVALENCE_TOLERANCE:
        raise TrainingError(f"the scorecard's exact weights differ from the pipeline by {gap:.2e}")
    groups = {name: held_out[column].astype(object).to_numpy() for name, column in FAIRNESS_ATTRIBUTES.items()}

    cards: dict[str, dict] = {}
    scores: dict[str, np.ndarray] = {}
    for each in [card] + ([comparison] if comparison is not None else []):
        scored = score_frame(answers, each)
        totals = scored["total"].to_numpy()
        probability = _probability(each, totals)
        flagged = totals >= each.cutoffs.high_from
        result = evaluate.evaluate_score(y, totals, probability, flagged)
        result["kind"] = each.kind
        result["bands"] = _band_shares(each, totals, scored["missing"].to_numpy())
        result["band_outcomes"] = _band_outcomes(each, totals, y)
        result["fairness"] = evaluate.fairness(groups, y, totals, probability, flagged)
        cards[each.label] = result
        scores[each.label] = totals
    exact_result = evaluate.evaluate_score(y, exact, fit.logistic(exact))
    scores[f"{card.label} exact"] = exact
    rule = None
    if fitted is not None:
        with_declined = fit.exact_log_odds(held_out, fitted)
        scores[f"{card.label} {WITH_DECLINED}"] = with_declined
        rule = _declined_rule(
            held_out,
            y,
            card_probability=_probability(card, scores[card.label]),
            with_declined=with_declined,
            without_declined=exact,
            fitted=fitted,
        )
    intervals = evaluate.bootstrap_auc(y, scores, replicates=replicates, seed=seed)
    for label, result in cards.items():
        result["auc_95ci"] = intervals[label]
    exact_result["auc_95ci"] = intervals[f"{card.label} exact"]
    return {
        "held_out": {"n": len(y), "ltu_rate": float(y.mean())},
        "cards": cards,
        "exact_model": exact_result,
        "auc_differences_95ci": intervals[f"difference_from_{card.label}"],
        "bootstrap_replicates": replicates,
        "rounding": points.rounding_cost(y, exact, scores[card.label]),
        "pipeline_equivalence_max_gap": gap,
        **({"declined_rule": rule} if rule is not None else {}),
    }


def write_folder(folder: Path, *, force: bool, toml_text: str, pipeline, metrics: dict, model_card: str) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        (temporary / "scorecard.toml").write_text(toml_text, encoding="utf-8")
        joblib.dump(pipeline, temporary / "pipeline.joblib", compress=3)
        write_metrics(temporary / "metrics.json", metrics)
        curves = {label: result["calibration_by_decile"] for label, result in metrics["cards"].items()}
        title = f"{folder.name} calibration on held-out data"
        if metrics["synthetic"]:
            title += "\nSYNTHETIC cohort (EVIDENCE.md assumptions), not real outcomes"
        write_calibration_png(temporary / "calibration.png", curves, title=title)
        (temporary / "model_card.md").write_text(model_card, encoding="utf-8")
        temporary.chmod(0o755)
        if folder.exists():
            if not force:
                raise TrainingError(f"{folder} appeared while training; nothing written")
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
            old.rmdir()
            folder.rename(old)
            temporary.rename(folder)
            shutil.rmtree(old)
        else:
            temporary.rename(folder)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
