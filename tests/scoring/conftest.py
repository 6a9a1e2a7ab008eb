"""Fixtures for the scoring core: no database, no Django."""

from pathlib import Path

import pytest

from triage.scoring import CHOICE_ITEM_CODES, ITEMS, load_scorecard

RULES_DIR = Path(__file__).resolve().parents[2] / "models" / "rules-1.0"


@pytest.fixture(scope="session")
def rules_dir() -> Path:
    return RULES_DIR


@pytest.fixture(scope="session")
def rules_card():
    return load_scorecard(RULES_DIR)


@pytest.fixture
def rules_toml() -> str:
    """The rules card's text, for tests that write broken copies of it."""
    return (RULES_DIR / "scorecard.toml").read_text()


@pytest.fixture
def reference_answers() -> dict:
    """A person giving every reference answer, living in an area at the centre rate (3.4%)."""
    answers: dict = {code: ITEMS[code].reference.code for code in CHOICE_ITEM_CODES}
    answers["q7_area_unemployment"] = 3.4
    return answers
