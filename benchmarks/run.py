"""Benchmarks for the scoring core and the modelling pipeline: `make bench` (or python benchmarks/run.py).

Each figure is printed beside a baseline measured in the same run, on the same machine:

1. scoring one checklist in-process (triage.scoring.score) vs scikit-learn predict_proba on one row
   (target: at least 10x faster);
2. rescoring 1M rows through score_frame vs predict_proba on the same rows (target: under 5 s);
3. training the pipeline on 1M SYNTHETIC rows (5-fold CV over C, then refit) vs one plain
   LogisticRegression fit at the chosen C (target: under 60 s);
4. generating 1M SYNTHETIC rows vs independent draws from the §5 marginals alone (target: under 30 s).

Uses models/logistic-1.1, the live card (scorecard.toml and pipeline.joblib). Timings are the best of a few runs
for the fast steps and a single run for the slow ones.
"""

import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import joblib  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from triage.modelling import fit  # noqa: E402
from triage.modelling.cohort import synthetic_cohort  # noqa: E402
from triage.scoring import ITEMS, load_scorecard, score  # noqa: E402
from triage.scoring.bulk import score_frame  # noqa: E402

CARD_DIR = ROOT / "models" / "logistic-1.1"
N = 1_000_000


def best_of(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def once(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def per_call(fn, number: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


def fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def marginal_draws(n: int, seed: int) -> pd.DataFrame:
    """Baseline generator: every item drawn independently from uniform answer shares, no correlations."""
    rng = np.random.default_rng(seed)
    columns = {}
    for code, item in ITEMS.items():
        if item.kind == "numeric":
            columns[code] = rng.choice([1.6, 2.6, 3.4, 4.9], size=n)
        else:
            codes = [a.code for a in item.answers]
            columns[code] = pd.Categorical.from_codes(rng.integers(0, len(codes), n), categories=codes)
    columns["ltu"] = (rng.random(n) < 0.12).astype(np.int8)
    return pd.DataFrame(columns)


def main() -> None:
    card = load_scorecard(CARD_DIR)
    pipeline = joblib.load(CARD_DIR / "pipeline.joblib")
    rows: list[tuple[str, float, str, float, str]] = []

    print(f"Generating {N:,} SYNTHETIC rows...", flush=True)
    t_generate, cohort = once(lambda: synthetic_cohort(N, seed=1))
    t_marginal = best_of(lambda: marginal_draws(N, seed=1), repeat=1)
    rows.append(("generate 1M SYNTHETIC rows", t_generate, "independent marginal draws", t_marginal, "< 30 s"))

    print("Scoring one checklist...", flush=True)
    one = fit.features(cohort.head(1))
    answers = {k: v for k, v in one.astype(object).iloc[0].items() if not (isinstance(v, float) and np.isnan(v))}
    t_score = per_call(lambda: score(answers, card), 20_000)
    t_predict_one = per_call(lambda: pipeline.predict_proba(one), 200)
    rows.append(("score() one checklist", t_score, "predict_proba one row", t_predict_one, ">= 10x faster"))

    print("Rescoring 1M rows...", flush=True)
    features = fit.features(cohort)
    t_frame = best_of(lambda: score_frame(features, card))
    t_predict = best_of(lambda: pipeline.predict_proba(features))
    rows.append(("score_frame() 1M rows", t_frame, "predict_proba 1M rows", t_predict, "< 5 s"))

    print("Training on 1M rows (cross-validation over C, then refit)...", flush=True)
    t_train, fitted = once(lambda: fit.fit_pipeline(cohort, seed=1))
    C = fit.exact_weights(fitted).C
    encoded = fitted.named_steps["columns"].transform(features)
    y = cohort["ltu"].to_numpy()
    t_plain = best_of(
        lambda: LogisticRegression(C=C, solver="newton-cholesky", tol=1e-8).fit(encoded, y),
        repeat=1,
    )
    rows.append(("train pipeline, 1M rows, 5-fold CV", t_train, f"one fit at C={C:g}, pre-encoded", t_plain, "< 60 s"))

    print()
    header = ("measure", "time", "baseline (same run)", "baseline time", "ratio", "target")
    table = [header] + [
        (name, fmt(t), base, fmt(tb), f"{tb / t:.1f}x" if tb >= t else f"{t / tb:.1f}x slower", target)
        for name, t, base, tb, target in rows
    ]
    widths = [max(len(str(r[i])) for r in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print(" | ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)))
        if i == 0:
            print("-|-".join("-" * w for w in widths))
    print()
    print(f"Machine: {sys.platform}, Python {sys.version.split()[0]}; scorecard {card.label}; SYNTHETIC data.")


if __name__ == "__main__":
    main()
