"""The training data a live card was fitted on, rebuilt from its synthetic cohort, for drift and the cut-off explorer.

metrics.json keeps no distribution of answers, which drift needs. A card trained on the SYNTHETIC
cohort can be rebuilt exactly: the cohort generator with the seed and row count of the card's
training command, split as training split it (fit.split, same seed). The rebuilt data's SHA-256
must equal the card's `training_data_sha256`, or nothing is returned: a reference that is not the
card's training data is never shown as if it were. A card trained on real outcomes (a CSV) cannot
be rebuilt here and gives None.

What is kept is small: answer counts per item on the training split (drift's "expected"), the
card's points total on the training split as counts per total (drift of the points), and the
held-out split's totals with their labels as counts (the cut-off explorer's "training cohort").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from triage.modelling import fit
from triage.modelling.cohort import synthetic_cohort
from triage.modelling.dictionary import LABEL, clean_frame, data_sha256
from triage.modelling.drift import answer_counts
from triage.scoring import Scorecard
from triage.scoring.bulk import score_frame
from triage.scoring.checklist import ITEMS

AREA_RATE = "q7_area_unemployment"

_SYNTHETIC = re.compile(r"--synthetic (\d+)")
_SEED = re.compile(r"--seed (\d+)")


@dataclass(frozen=True)
class TrainingReference:
    scorecard: str
    rows: int
    seed: int
    sha256: str
    answers: Mapping[str, Mapping[str, int]]  # item code -> answer -> people (training split)
    training_points: Mapping[float, int]  # points total -> people (training split)
    held_out: Mapping[tuple[float, int], int]  # (points total, LTU 1/0) -> people (held-out split)
    area_rates: Mapping[float, int]  # area unemployment rate -> people (training split)

    def training_rates(self) -> np.ndarray:
        """One area unemployment rate per person of the training split who has one."""
        rates = np.array(list(self.area_rates), dtype=np.float64)
        return np.repeat(rates, list(self.area_rates.values()))

    def training_totals(self) -> np.ndarray:
        """One points total per person of the training split."""
        totals = np.array(list(self.training_points), dtype=np.float64)
        return np.repeat(totals, list(self.training_points.values()))

    def held_out_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(LTU label, points total) per person of the held-out split, for the cut-off explorer."""
        keys = list(self.held_out)
        counts = list(self.held_out.values())
        totals = np.repeat(np.array([k[0] for k in keys], dtype=np.float64), counts)
        labels = np.repeat(np.array([k[1] for k in keys], dtype=np.float64), counts)
        return labels, totals


def _counts(values: np.ndarray) -> dict[Any, int]:
    unique, count = np.unique(values, return_counts=True, axis=0)
    return {
        (tuple(float(v) for v in u) if np.ndim(u) else float(u)): int(c) for u, c in zip(unique, count, strict=True)
    }


def rebuild(metrics: Mapping[str, Any], card: Scorecard) -> TrainingReference | None:
    """The card's training data, rebuilt and checked against its SHA-256; None when it cannot be."""
    command = str(metrics.get("command", ""))
    synthetic, seed = _SYNTHETIC.search(command), _SEED.search(command)
    if not metrics.get("synthetic") or synthetic is None or seed is None:
        return None
    rows, seed_value = int(synthetic.group(1)), int(seed.group(1))
    frame = clean_frame(synthetic_cohort(rows, seed=seed_value))
    digest = data_sha256(frame)
    if digest != metrics.get("training_data_sha256"):
        return None
    train, held_out = fit.split(frame, seed=seed_value)
    answers = {code: answer_counts(train[code].astype(object).to_numpy()) for code in ITEMS if code in train.columns}
    train_totals = score_frame(fit.features(train), card)["total"].to_numpy(dtype=np.float64)
    held_totals = score_frame(fit.features(held_out), card)["total"].to_numpy(dtype=np.float64)
    held_labels = held_out[LABEL].to_numpy(dtype=np.float64)
    rates = train[AREA_RATE].to_numpy(dtype=np.float64)
    return TrainingReference(
        scorecard=card.label,
        rows=rows,
        seed=seed_value,
        sha256=digest,
        answers=answers,
        training_points=_counts(train_totals),
        held_out={(k[0], int(k[1])): c for k, c in _counts(np.column_stack([held_totals, held_labels])).items()},
        area_rates=_counts(rates[~np.isnan(rates)]),
    )
