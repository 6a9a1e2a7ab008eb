"""The training data of a card trained on the synthetic cohort, rebuilt and checked against its SHA-256."""

import json
from pathlib import Path

from triage.modelling.cohort import synthetic_cohort
from triage.modelling.dictionary import clean_frame, data_sha256
from triage.modelling.training_reference import rebuild
from triage.scoring import load_scorecard

MODELS = Path(__file__).resolve().parents[2] / "models"
CARD = load_scorecard(MODELS / "logistic-1.1" / "scorecard.toml")


def _metrics(rows, seed, sha=None):
    return {
        "synthetic": True,
        "command": f"python manage.py train_model --synthetic {rows} --seed {seed} --name logistic --version 9.9",
        "training_data_sha256": sha or data_sha256(clean_frame(synthetic_cohort(rows, seed=seed))),
    }


def test_a_small_cohort_is_rebuilt_split_as_training_split_it():
    reference = rebuild(_metrics(2000, 3), CARD)

    assert reference is not None and reference.rows == 2000 and reference.seed == 3
    assert sum(reference.answers["q3_age_band"].values()) == 1500  # the training split: 75%
    assert len(reference.training_totals()) == 1500
    labels, totals = reference.held_out_arrays()
    assert len(labels) == len(totals) == 500
    assert set(labels) <= {0.0, 1.0}


def test_data_that_is_not_the_cards_is_refused():
    assert rebuild(_metrics(2000, 3, sha="0" * 64), CARD) is None
    assert rebuild({**_metrics(2000, 3), "synthetic": False}, CARD) is None
    assert rebuild({"synthetic": True, "command": "python manage.py train_model --data outcomes.csv"}, CARD) is None


def test_the_live_cards_held_out_split_matches_its_model_card():
    metrics = json.loads((MODELS / "logistic-1.1" / "metrics.json").read_text())

    reference = rebuild(metrics, CARD)

    assert reference is not None
    labels, _ = reference.held_out_arrays()
    assert len(labels) == metrics["held_out"]["n"]
    assert labels.mean() == metrics["held_out"]["ltu_rate"]
