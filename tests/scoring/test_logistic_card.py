"""Logistic scorecards: priced "prefer not to say", exact [weights], and the rules card unchanged."""

import math
from pathlib import Path

import numpy as np
import pytest

from tests.scoring.test_bulk import _assert_same_as_single_path, _random_frame
from triage.scoring import PREFER_NOT_TO_SAY, ScorecardError, load_scorecard, score
from triage.scoring.bulk import exact_log_odds_frame, score_frame

LOGISTIC_DIR = Path(__file__).resolve().parents[2] / "models" / "logistic-1.0"


@pytest.fixture(scope="module")
def logistic_card():
    return load_scorecard(LOGISTIC_DIR)


@pytest.fixture
def logistic_toml() -> str:
    return (LOGISTIC_DIR / "scorecard.toml").read_text()


def _write(tmp_path, text):
    (tmp_path / "scorecard.toml").write_text(text)
    return tmp_path


def test_logistic_card_loads_with_points_weights_and_a_priced_prefer_not_to_say(logistic_card):
    assert logistic_card.kind == "logistic"
    assert logistic_card.points_scale == pytest.approx(math.log(2) / 10)
    assert logistic_card.weights is not None
    assert PREFER_NOT_TO_SAY in logistic_card.points["q1_qualifications"]
    assert PREFER_NOT_TO_SAY not in logistic_card.points["q3_age_band"]  # derived, never declined
    assert logistic_card.cutoffs.medium_from < logistic_card.cutoffs.high_from


def test_an_unanswered_item_scores_the_prefer_not_to_say_points_and_is_counted(logistic_card, reference_answers):
    declined = logistic_card.points["q6a_confidence"][PREFER_NOT_TO_SAY]
    assert declined != 0
    for value in (PREFER_NOT_TO_SAY, None, float("nan")):
        result = score(dict(reference_answers, q6a_confidence=value), logistic_card)
        assert result.total == declined
        assert result.missing == 1 and result.missing_items == ("q6a_confidence",)
        row = next(c for c in result.contributions if c.item_code == "q6a_confidence")
        assert (row.answer_code, row.points) == (PREFER_NOT_TO_SAY, declined)
    absent = dict(reference_answers)
    del absent["q6a_confidence"]
    assert score(absent, logistic_card).total == declined


def test_what_the_adviser_sees_adds_up(logistic_card, reference_answers):
    answers = dict(
        reference_answers, q1_qualifications="none", q4_household=PREFER_NOT_TO_SAY, q7_area_unemployment=4.9
    )
    result = score(answers, logistic_card)
    assert result.total == sum(c.points for c in result.contributions)
    expected = 1 / (1 + math.exp(-(logistic_card.intercept + logistic_card.points_scale * result.total)))
    assert result.probability == pytest.approx(expected, rel=1e-15)


def test_vectorised_scores_equal_the_single_path_on_a_logistic_card(logistic_card):
    frame = _random_frame(np.random.default_rng(7), 2000)
    _assert_same_as_single_path(frame, score_frame(frame, logistic_card), logistic_card)
    # An absent column is unanswered in every row, and scores the declined points too.
    out = score_frame(frame.drop(columns=["q10_parent_work"]), logistic_card)
    assert (out["total"] == score_frame(frame.assign(q10_parent_work=None), logistic_card)["total"]).all()


def test_exact_log_odds_single_and_vectorised_agree(logistic_card):
    frame = _random_frame(np.random.default_rng(8), 500)
    vectorised = exact_log_odds_frame(frame, logistic_card)
    for i, (_, row) in enumerate(frame.iterrows()):
        answers = {k: v for k, v in row.items() if v is not None}
        assert logistic_card.exact_log_odds(answers) == pytest.approx(vectorised[i], abs=1e-12)


def test_reference_person_exact_log_odds_is_the_weights_intercept(logistic_card, reference_answers):
    assert logistic_card.exact_log_odds(reference_answers) == pytest.approx(logistic_card.weights.intercept)


def test_exact_log_odds_refuses_unknown_answers_and_cards_without_weights(logistic_card, rules_card, reference_answers):
    with pytest.raises(ValueError, match="'married' is not an answer to q4_household"):
        logistic_card.exact_log_odds(dict(reference_answers, q4_household="married"))
    with pytest.raises(ValueError, match="q3_age_band"):
        logistic_card.exact_log_odds(dict(reference_answers, q3_age_band=PREFER_NOT_TO_SAY))
    with pytest.raises(ScorecardError, match="no \\[weights\\]"):
        rules_card.exact_log_odds(reference_answers)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "[weights.q5_dependants]\nno = 0.0",
            "[weights.q5_dependants]\nno = 0.5",
            r"weights\.q5_dependants\.no is the reference",
        ),
        (
            "[weights.q5_dependants]\nno = 0.0",
            "[weights.q5_dependants]\nno = 0.0\nmaybe = 0.1",
            r"weights\.q5_dependants\.maybe: no such answer",
        ),
        (
            "[weights.q7_area_unemployment]\ncentre = 3.4",
            "[weights.q7_area_unemployment]\ncentre = 'x'",
            r"weights\.q7_area_unemployment\.centre must be a number",
        ),
        ("[weights.q5_dependants]\n", "[weights.q55_shoe_size]\n", r"weights\.q55_shoe_size"),
    ],
)
def test_malformed_weights_are_refused_by_name(tmp_path, logistic_toml, old, new, message):
    assert old in logistic_toml
    with pytest.raises(ScorecardError, match=message):
        load_scorecard(_write(tmp_path, logistic_toml.replace(old, new, 1)))


def test_prefer_not_to_say_points_may_not_be_fractional(tmp_path, logistic_toml):
    text = logistic_toml.replace("[points.q4_household]", "[points.q4_household]\n", 1)
    start = text.index("[points.q4_household]")
    line_start = text.index("prefer_not_to_say = ", start)
    line_end = text.index("\n", line_start)
    text = text[:line_start] + "prefer_not_to_say = 1.5" + text[line_end:]
    with pytest.raises(ScorecardError, match=r"points\.q4_household\.prefer_not_to_say must be a whole number"):
        load_scorecard(_write(tmp_path, text))


def test_a_rules_card_still_may_not_price_prefer_not_to_say(tmp_path, logistic_toml):
    with pytest.raises(ScorecardError, match="counts as unanswered and must score 0"):
        load_scorecard(_write(tmp_path, logistic_toml.replace('kind = "logistic"', 'kind = "rules"', 1)))
