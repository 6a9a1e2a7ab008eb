"""Benchmark for the evaluator's statistics at 1M assessments: python benchmarks/evaluation.py [--rows N].

Each figure is printed beside a baseline measured in the same run: the existing one-pass
evaluate.roc_auc on the same people (an AUC with no interval). The cores measured are the ones
the /evaluation/ pages call (decision 0018): performance (1,000 bootstrap replicates), the
fairness audit over the four attributes (1,000 replicates each), a cut-off explored by share,
Kaplan-Meier by sex, and PSI per item and for the points. The people are a SYNTHETIC cohort
scored with models/logistic-1.1; days to work and overrides are drawn at random (their timing
does not depend on their values). Target: each page's figures in under 10 s on 2 cores.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from triage.modelling import cutoff_explorer, drift, evaluate, fairness, fit, performance, survival  # noqa: E402
from triage.modelling.cohort import synthetic_cohort  # noqa: E402
from triage.modelling.dictionary import FAIRNESS_ATTRIBUTES  # noqa: E402
from triage.modelling.override_outcomes import override_outcomes  # noqa: E402
from triage.scoring import load_scorecard  # noqa: E402
from triage.scoring.bulk import score_frame  # noqa: E402

CARD_DIR = ROOT / "models" / "logistic-1.1"


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    card = load_scorecard(CARD_DIR)
    print(f"Generating and scoring {rows:,} SYNTHETIC rows...", flush=True)
    cohort = synthetic_cohort(rows, seed=3)
    totals = score_frame(fit.features(cohort), card)["total"].to_numpy()
    probability = 1.0 / (1.0 + np.exp(-(card.intercept + card.points_scale * totals)))
    flagged = totals >= card.cutoffs.high_from
    y = cohort["ltu"].to_numpy()
    groups = {name: cohort[column].astype(object).to_numpy() for name, column in FAIRNESS_ATTRIBUTES.items()}
    rng = np.random.default_rng(1)
    days = rng.integers(0, 366, rows)
    started = rng.random(rows) < 0.7
    overrides = rows // 20
    model_band = rng.choice(["low", "medium", "high"], overrides)
    adviser_band = np.where(model_band == "high", "medium", "high")
    reason = rng.choice(["health", "caring", "local_jobs", "job_prospects"], overrides)
    training = synthetic_cohort(rows // 4, seed=4)
    items = [c for c in fit.features(training).columns if training[c].dtype.name == "category"]
    expected = {item: drift.answer_counts(training[item].astype(object).to_numpy()) for item in items}
    actual = {item: cohort[item].astype(object).to_numpy() for item in items}
    training_totals = score_frame(fit.features(training), card)["total"].to_numpy()

    baseline = timed(lambda: evaluate.roc_auc(y, totals))
    measures = [
        ("performance(), 1000 replicates", lambda: performance.performance(y, totals, probability, seed=1)),
        ("fairness_audit(), 4 attributes", lambda: fairness.fairness_audit(groups, y, totals, probability, flagged)),
        ("cutoff_by_share(), 10%", lambda: cutoff_explorer.cutoff_by_share(y, totals, 0.1, hours_per_flagged=6)),
        ("kaplan_meier_by_group(), by sex", lambda: survival.kaplan_meier_by_group(days, started, groups["sex"])),
        (
            f"override_outcomes(), {overrides:,}",
            lambda: override_outcomes(model_band, adviser_band, reason, y[:overrides]),
        ),
        (f"items_drift(), {len(items)} items", lambda: drift.items_drift(expected, actual)),
        ("points_drift()", lambda: drift.points_drift(training_totals, totals)),
    ]
    print()
    print(f"baseline: evaluate.roc_auc, one pass, no interval: {baseline * 1e3:.0f} ms")
    for name, fn in measures:
        seconds = timed(fn)
        print(f"{name:<40} {seconds:7.2f} s   {seconds / baseline:6.1f}x the baseline")
    print(f"\n{rows:,} people; Python {sys.version.split()[0]}; scorecard {card.label}; SYNTHETIC data.")


if __name__ == "__main__":
    main()
