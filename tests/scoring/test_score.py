"""score(): the sum over the card, unanswered items, the area rate, complex needs."""

import math
import timeit

import pytest

from triage.scoring import ITEMS, PREFER_NOT_TO_SAY, complex_needs_found, score


def test_fully_reference_person_scores_zero_at_the_intercept(rules_card, reference_answers):
    """EVIDENCE.md section 7 step 5: the intercept (-3.98) is the log-odds of a person with every
    reference answer and area rate 3.4%."""
    result = score(reference_answers, rules_card)
    assert result.total == 0
    assert result.probability == pytest.approx(1 / (1 + math.exp(3.98)))
    assert result.band == "low"
    assert result.missing == 0
    assert len(result.contributions) == 17
    assert all(c.points == 0 for c in result.contributions)
    assert result.scorecard_label == "rules-1.0"


def test_contributions_sum_to_the_total_in_checklist_order(rules_card, reference_answers):
    answers = dict(
        reference_answers,
        q1_qualifications="none",
        q3_age_band="55_plus",
        q4_household="alone",
        q9b_disability="yes",
        q7_area_unemployment=4.9,
    )
    result = score(answers, rules_card)
    assert result.total == sum(c.points for c in result.contributions) == 13 + 10 + 5 + 8 + 3
    assert [c.item_code for c in result.contributions] == list(ITEMS)
    assert result.band == "high"
    assert result.probability == pytest.approx(rules_card.probability_for_total(39))
    q1 = result.contributions[0]
    assert (q1.question_number, q1.answer_code, q1.answer_label, q1.points) == (1, "none", "No qualifications", 13)


def test_unanswered_items_add_nothing_and_are_counted(rules_card, reference_answers):
    answers = dict(reference_answers, q1_qualifications="none", q2b_vehicle=None, q4_household=PREFER_NOT_TO_SAY)
    del answers["q10_parent_work"]
    answers["q7_area_unemployment"] = None
    result = score(answers, rules_card)
    assert result.missing == 4
    assert result.missing_items == ("q2b_vehicle", "q4_household", "q7_area_unemployment", "q10_parent_work")
    assert result.total == 13
    assert result.band == "low"
    assert result.probability is not None
    assert {c.item_code for c in result.contributions}.isdisjoint(result.missing_items)


def test_more_unanswered_than_the_card_allows_gives_no_band_and_no_probability(rules_card, reference_answers):
    declined = ["q2b_vehicle", "q4_household", "q5_dependants", "q6a_confidence", "q6b_expected_time"]
    assert len(declined) == rules_card.max_missing + 1
    result = score(dict(reference_answers, **dict.fromkeys(declined, PREFER_NOT_TO_SAY)), rules_card)
    assert result.missing == 5
    assert result.band is None
    assert result.probability is None
    assert not result.is_complete
    assert result.total == 0


def test_an_empty_checklist_is_incomplete_not_low_risk(rules_card):
    result = score({}, rules_card)
    assert result.missing == 17
    assert result.band is None
    assert result.contributions == ()


@pytest.mark.parametrize(
    ("rate", "points"),
    [(4.9, 3), (1.6, -4), (3.4, 0), (3.65, 1), (3.15, -1), (2.5, -2), (4.0, 1), (3.7, 1), (3.6, 0)],
)
def test_area_rate_points_round_half_away_from_zero(rules_card, reference_answers, rate, points):
    """Q7 (report 2.3.4, **): 2.0 points per percentage point above 3.4%, rounded half away from zero."""
    result = score(dict(reference_answers, q7_area_unemployment=rate), rules_card)
    area = next(c for c in result.contributions if c.item_code == "q7_area_unemployment")
    assert area.points == points
    assert area.answer_label == f"{rate:g}%"


@pytest.mark.parametrize("rate", [None, float("nan")])
def test_unknown_area_rate_is_missing(rules_card, reference_answers, rate):
    result = score(dict(reference_answers, q7_area_unemployment=rate), rules_card)
    assert result.missing_items == ("q7_area_unemployment",)


@pytest.mark.parametrize(
    "change",
    [
        {"q4_household": "married"},
        {"q3_age_band": PREFER_NOT_TO_SAY},  # derived from the date of birth, never declined
        {"q9b_disability": ["yes"]},
        {"q7_area_unemployment": "4.9"},
        {"q7_area_unemployment": 101.0},
        {"q11_shoe_size": "9"},
    ],
)
def test_answers_outside_the_checklist_raise(rules_card, reference_answers, change):
    with pytest.raises(ValueError):
        score(dict(reference_answers, **change), rules_card)


def test_complex_needs_flag_three_needs(rules_card, reference_answers):
    """Report 2.3.4: "Profiling models are less well equipped to compute people with multiple
    complex needs, reinforcing the need for caseworker discretion." """
    answers = dict(reference_answers, q9a_physical="poor", q1_qualifications="none", q6a_confidence="not_very")
    assert score(answers, rules_card).complex_needs
    assert complex_needs_found(answers) == (
        "Rates their physical or mental ability to work as poor",
        "Has no qualifications, or none above SCQF level 4",
        "Is not confident of finding work soon",
    )


def test_two_needs_are_not_complex(rules_card, reference_answers):
    # Poor physical and poor mental ability are one need, so this is two needs, not three.
    answers = dict(reference_answers, q9a_physical="poor", q9c_mental="poor", q9b_disability="yes")
    assert len(complex_needs_found(answers)) == 2
    assert not score(answers, rules_card).complex_needs
    assert not score(reference_answers, rules_card).complex_needs


def test_declined_answers_are_not_needs(rules_card, reference_answers):
    answers = dict(reference_answers, q9a_physical=PREFER_NOT_TO_SAY, q9b_disability=PREFER_NOT_TO_SAY)
    assert complex_needs_found(answers) == ()


def test_result_is_frozen(rules_card, reference_answers):
    result = score(reference_answers, rules_card)
    with pytest.raises(AttributeError):
        result.total = 99


def test_scoring_one_checklist_takes_microseconds_not_milliseconds(rules_card, reference_answers):
    # A loose guard against an accidental slow path (e.g. rebuilding the table per call); the real
    # figure (about 5 microseconds) is for a benchmark, not a timed test.
    answers = dict(reference_answers, q7_area_unemployment=4.9)
    seconds = min(timeit.repeat(lambda: score(answers, rules_card), number=1000, repeat=3)) / 1000
    assert seconds < 200e-6
