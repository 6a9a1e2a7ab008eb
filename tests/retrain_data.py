"""People with recorded outcomes for the retraining tests, built through the real services.

Each person is registered and assessed (services.person_register, services.assessment_create: the
real scoring core), with answers drawn from the synthetic cohort (triage.modelling.cohort) and a
label from the same cohort, so the answers carry signal a fit can find. Half are long-term
unemployed: a case-control sample, so a few hundred people give enough of each outcome. Labels
and their dates are set in one bulk update, as services.outcomes would leave them after the
12-month follow-ups (tests/services/test_outcomes.py covers that path).
"""

import shutil
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from tests.factories import assess, make_situation, register
from triage.modelling.cohort import synthetic_cohort
from triage.models import Person
from triage.scoring.checklist import NUMERIC_ITEM_CODES

MODELS = Path(__file__).resolve().parents[1] / "models"
SECRET_NAMES = ("Zebedeeqx", "Quorraqx")  # never on an evaluator's page
OUTCOMES_FROM = date(2026, 1, 12)


@pytest.fixture
def scorecard_dir(settings, tmp_path):
    """A copy of models/, so a candidate is written to a folder of the test's own."""
    folder = tmp_path / "models"
    shutil.copytree(MODELS, folder)
    settings.SCORECARD_DIR = folder
    settings.RETRAIN_BOOTSTRAP_REPLICATES = 200
    return folder


def cohort_answers(n_each: int, seed: int = 5):
    """n_each long-term unemployed and n_each not: (answers, sex, label) from the synthetic cohort."""
    cohort = synthetic_cohort(40 * n_each, seed=seed)
    y = cohort["ltu"].astype(int).to_numpy()
    rows = np.concatenate([np.flatnonzero(y == 1)[:n_each], np.flatnonzero(y == 0)[:n_each]])
    choice = [c for c in cohort.columns if c.startswith("q") and c not in NUMERIC_ITEM_CODES and c != "q3_age_band"]
    out = []
    for i in rows:
        record = cohort.iloc[int(i)]
        out.append(({code: str(record[code]) for code in choice}, str(record["sex"]), int(y[i])))
    return out


def labelled_people(adviser, team, area, *, n_each: int, seed: int = 5) -> list[Person]:
    situation = make_situation(team, area, date(2025, 1, 6))
    people = []
    labels: dict[int, list[int]] = {0: [], 1: []}
    for i, (answers, sex, label) in enumerate(cohort_answers(n_each, seed=seed)):
        person = register(
            adviser,
            situation,
            given_name=SECRET_NAMES[i % 2],
            family_name=f"Mac{SECRET_NAMES[(i + 1) % 2]}",
            sex=sex if sex != "prefer_not_to_say" else "",
        )
        assess(adviser, person, answers=answers)
        labels[label].append(person.pk)
        people.append(person)
    for label, ids in labels.items():
        for k, pk in enumerate(ids):
            Person.objects.filter(pk=pk).update(ltu_label=label, ltu_label_on=OUTCOMES_FROM + timedelta(days=k % 200))
    return people


@pytest.fixture
def recorded_outcomes(adviser_a, team_a, glasgow):
    """150 people of each outcome, assessed in Glasgow."""
    return labelled_people(adviser_a, team_a, glasgow, n_each=150)
