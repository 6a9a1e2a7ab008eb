"""Fixtures for the modelling tests: SYNTHETIC cohorts, the committed cards. No database."""

from pathlib import Path

import pytest

from triage.modelling.cohort import synthetic_cohort
from triage.modelling.dictionary import clean_frame
from triage.scoring import load_scorecard

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "models"
LOGISTIC_DIR = MODELS / "logistic-1.1"
RULES_DIR = MODELS / "rules-1.0"


@pytest.fixture(scope="session")
def large_cohort():
    """200,000 SYNTHETIC people with the §5 missingness: for distributions and effect directions."""
    return synthetic_cohort(200_000, seed=11)


@pytest.fixture(scope="session")
def small_cohort():
    """3,000 SYNTHETIC people in the dictionary's clean form: a training fixture."""
    # Small, so that the tests which fit it stay cheap; large enough for fit.MIN_ROWS after a held-out quarter.
    return clean_frame(synthetic_cohort(3_000, seed=5))


@pytest.fixture(scope="session")
def logistic_card():
    return load_scorecard(LOGISTIC_DIR)


@pytest.fixture(scope="session")
def rules_card():
    return load_scorecard(RULES_DIR)


@pytest.fixture
def models_dir(tmp_path, settings):
    """An empty SCORECARD_DIR holding only a copy of rules-1.0 (the default comparison card)."""
    import shutil

    shutil.copytree(RULES_DIR, tmp_path / "rules-1.0")
    settings.SCORECARD_DIR = tmp_path
    return tmp_path


def tree(path: Path) -> list[str]:
    """Every file and folder under path, hidden ones included, so a test sees a stray temporary folder."""
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))
