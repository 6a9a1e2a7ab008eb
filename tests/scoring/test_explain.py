"""points_table(): strengths first, risks by size, and the rest."""

from dataclasses import asdict
from pathlib import Path

from triage.scoring import PREFER_NOT_TO_SAY, for_display, load_scorecard, plan_strengths, points_table, score


def test_strengths_are_answers_at_the_best_level(rules_card, reference_answers):
    """Report 2.3.4: profiling must "not go against a strengths-based model of support"."""
    explanation = points_table(score(dict(reference_answers, q3_age_band="under_25"), rules_card), rules_card)
    codes = [row.item_code for row in explanation.strengths]
    assert "q3_age_band" in codes
    assert "q1_qualifications" in codes
    assert explanation.risks == ()
    under_25 = next(row for row in explanation.strengths if row.item_code == "q3_age_band")
    assert (under_25.points, under_25.plain_text) == (-3, "Is under 25, the age group most likely to find work")


def test_a_zero_that_is_not_the_lowest_answer_is_neutral(rules_card, reference_answers):
    # 25 to 34 scores 0, but under 25 scores -3: not a strength, not a risk.
    # So is an area rate at the Scottish middle (3.4%): only a lower rate is a strength.
    explanation = points_table(score(reference_answers, rules_card), rules_card)
    assert [row.item_code for row in explanation.neutral] == ["q3_age_band", "q7_area_unemployment"]
    assert explanation.neutral[0].plain_text == "Age: 25 to 34"


def test_an_area_with_lower_unemployment_is_a_strength_and_higher_a_risk(rules_card, reference_answers):
    low = points_table(score(dict(reference_answers, q7_area_unemployment=1.6), rules_card), rules_card)
    high = points_table(score(dict(reference_answers, q7_area_unemployment=4.9), rules_card), rules_card)
    assert "q7_area_unemployment" in [row.item_code for row in low.strengths]
    assert "q7_area_unemployment" in [row.item_code for row in high.risks]


def test_risks_are_sorted_by_points_descending_with_plain_words(rules_card, reference_answers):
    answers = dict(reference_answers, q1_qualifications="scqf_7_8", q9b_disability="yes", q2a_licence="full_points")
    answers["q3_age_band"] = "55_plus"
    explanation = points_table(score(answers, rules_card), rules_card)
    assert [(row.item_code, row.points) for row in explanation.risks] == [
        ("q3_age_band", 10),
        ("q9b_disability", 8),
        ("q1_qualifications", 3),
        ("q2a_licence", 1),
    ]
    assert explanation.risks[1].plain_text == "Has a disability"
    assert explanation.risks[1].item_label == "Do you have any disabilities?"
    assert explanation.risks[1].answer_label == "Yes"
    assert explanation.risks[1].question_number == 9


def test_area_text_compares_the_rate_with_the_scottish_middle(rules_card, reference_answers):
    high = points_table(score(dict(reference_answers, q7_area_unemployment=4.9), rules_card), rules_card)
    area = next(row for row in high.risks if row.item_code == "q7_area_unemployment")
    assert area.points == 3
    assert area.plain_text == "Lives in an area where unemployment is 4.9%, above the Scottish middle of 3.4%"

    low = points_table(score(dict(reference_answers, q7_area_unemployment=2.5), rules_card), rules_card)
    area = next(row for row in low.strengths if row.item_code == "q7_area_unemployment")
    assert area.plain_text == "Lives in an area where unemployment is 2.5%, below the Scottish middle of 3.4%"


def test_every_answered_item_appears_once_and_declined_items_not_at_all(rules_card, reference_answers):
    answers = dict(reference_answers, q5_dependants="prefer_not_to_say", q6a_confidence="fairly")
    result = score(answers, rules_card)
    explanation = points_table(result, rules_card)
    rows = explanation.strengths + explanation.risks + explanation.neutral
    assert sorted(row.item_code for row in rows) == sorted(c.item_code for c in result.contributions)
    assert "q5_dependants" not in {row.item_code for row in rows}


def test_without_the_card_the_checklist_wording_decides_strengths(rules_card, reference_answers):
    with_card = points_table(score(reference_answers, rules_card), rules_card)
    without = points_table(score(reference_answers, rules_card))
    assert [row.item_code for row in without.strengths] == [row.item_code for row in with_card.strengths]
    area = next(row for row in without.neutral if row.item_code == "q7_area_unemployment")
    assert area.plain_text == "Lives in an area where unemployment is 3.4%"


LOGISTIC_1_0 = Path(__file__).resolve().parents[2] / "models" / "logistic-1.0"


def test_a_declined_answer_is_never_a_strength_even_where_a_card_scores_it_0(reference_answers):
    """Issue 11: logistic-1.0 scores a declined 'Do you own a motor vehicle?' 0, its lowest points."""
    card = load_scorecard(LOGISTIC_1_0)
    assert card.points["q2b_vehicle"][PREFER_NOT_TO_SAY] == 0
    explanation = points_table(score(dict(reference_answers, q2b_vehicle=PREFER_NOT_TO_SAY), card), card)
    assert "q2b_vehicle" not in {row.item_code for row in explanation.strengths}
    assert "q2b_vehicle" in {row.item_code for row in explanation.neutral}


def test_for_display_lists_declined_rows_as_not_answered_with_their_frozen_points(reference_answers):
    """A frozen explanation from before the fix, with a declined answer among the strengths."""
    strength = {"item_code": "q2b_vehicle", "points": 0, "plain_text": "Chose not to answer about driving"}
    risk = {"item_code": "q1_qualifications", "points": 4, "plain_text": "Chose not to answer about qualifications"}
    kept = {"item_code": "q2a_licence", "points": 0, "plain_text": "Has a full clean driving licence"}
    frozen = {"strengths": [kept, strength], "risks": [risk], "neutral": []}
    answers = dict(reference_answers, q2b_vehicle=PREFER_NOT_TO_SAY, q1_qualifications=PREFER_NOT_TO_SAY)
    shown = for_display(frozen, answers)
    assert shown.strengths == (kept,)
    assert shown.risks == ()
    assert shown.not_answered == (risk, strength)  # checklist order, points kept so the total adds up


def test_the_support_plan_offers_no_declined_answer_and_no_absence_as_a_strength(rules_card, reference_answers):
    answers = dict(reference_answers, q2b_vehicle=PREFER_NOT_TO_SAY, q7_area_unemployment=2.0)
    rows = [asdict(row) for row in points_table(score(answers, rules_card), rules_card).strengths]
    texts = {row["plain_text"] for row in rows}
    assert {"Has no disability", "Has no dependants under 18 to arrange care for"} <= texts
    kept = {row["plain_text"] for row in plan_strengths(rows, answers)}
    assert "Has no disability" not in kept
    assert "Has no dependants under 18 to arrange care for" not in kept
    assert not any("area" in text for text in kept)
    assert {"Has a full clean driving licence", "Lives with a partner"} <= kept
