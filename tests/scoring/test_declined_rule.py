"""The rule of every scorecard: a declined answer scores 0, so declining never raises the score."""

from pathlib import Path

import pytest

from triage.scoring import (
    CHOICE_ITEM_CODES,
    ITEMS,
    PREFER_NOT_TO_SAY,
    ScorecardError,
    check_declined_rule,
    declined_rule_breaches,
    load_scorecard,
    score,
)

MODELS = Path(__file__).resolve().parents[2] / "models"
# Fitted before the rule; kept so the assessments it scored and its model card still read.
RETIRED = {"logistic-1.0"}
DECLINABLE = [code for code in CHOICE_ITEM_CODES if ITEMS[code].declinable]


def _cards():
    return sorted(p.name for p in MODELS.iterdir() if (p / "scorecard.toml").is_file())


@pytest.mark.parametrize("label", [label for label in _cards() if label not in RETIRED])
def test_every_scorecard_in_models_follows_the_rule(label):
    card = load_scorecard(MODELS / label)
    assert declined_rule_breaches(card) == ()
    check_declined_rule(card)


@pytest.mark.parametrize("label", [label for label in _cards() if label not in RETIRED])
@pytest.mark.parametrize("item_code", DECLINABLE)
def test_declining_any_question_adds_nothing_to_anyones_score(label, item_code, reference_answers):
    card = load_scorecard(MODELS / label)
    for answers in (reference_answers, {**reference_answers, "q1_qualifications": "none", "q9b_disability": "yes"}):
        answered = score(answers, card)
        declined = score({**answers, item_code: PREFER_NOT_TO_SAY}, card)
        given = next(c.points for c in answered.contributions if c.item_code == item_code)
        assert declined.total == answered.total - given
        assert item_code in declined.missing_items
        assert item_code not in {c.item_code for c in declined.contributions}


def test_logistic_1_0_breaks_the_rule_and_the_message_names_the_questions_in_plain_words():
    card = load_scorecard(MODELS / "logistic-1.0")
    assert "q1_qualifications" in declined_rule_breaches(card)
    with pytest.raises(ScorecardError) as raised:
        check_declined_rule(card)
    message = str(raised.value)
    assert message.startswith("logistic-1.0 breaks the rule that a declined answer scores 0 points")
    assert "‘Prefer not to say’ on questions 1, 2a, 2b" in message
    assert "prefer_not_to_say" not in message and "q1_" not in message


def test_a_card_that_prices_one_declined_answer_breaks_the_rule(tmp_path, rules_toml):
    # A logistic card may carry points for a declined answer (logistic-1.0 did); the rule refuses it.
    text = rules_toml.replace('kind = "rules"', 'kind = "logistic"', 1)
    text = text.replace(
        "[points.q5_dependants]  # Q5 ***\n", "[points.q5_dependants]  # Q5 ***\nprefer_not_to_say = 2\n"
    )
    (tmp_path / "scorecard.toml").write_text(text)
    card = load_scorecard(tmp_path)
    assert declined_rule_breaches(card) == ("q5_dependants",)
    with pytest.raises(ScorecardError, match="on question 5\\. "):
        check_declined_rule(card)


def test_a_declined_answer_written_as_0_points_follows_the_rule(tmp_path, rules_toml):
    text = rules_toml.replace(
        "[points.q5_dependants]  # Q5 ***\n", "[points.q5_dependants]  # Q5 ***\nprefer_not_to_say = 0\n"
    )
    (tmp_path / "scorecard.toml").write_text(text)
    assert declined_rule_breaches(load_scorecard(tmp_path)) == ()


def test_a_declined_weight_breaks_the_rule_even_when_its_points_round_to_0(tmp_path):
    text = (MODELS / "logistic-1.1" / "scorecard.toml").read_text()
    text = text.replace("[weights.q8b_interviews]\n", "[weights.q8b_interviews]\nprefer_not_to_say = 0.01\n")
    (tmp_path / "scorecard.toml").write_text(text)
    assert declined_rule_breaches(load_scorecard(tmp_path)) == ("q8b_interviews",)
