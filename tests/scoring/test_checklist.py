"""The checklist definition: codes the forms and database rely on, age bands, input validation."""

from datetime import date

import pytest

from triage.scoring import (
    CHECKLIST_VERSION,
    CHOICE_ITEM_CODES,
    ITEMS,
    PREFER_NOT_TO_SAY,
    QUESTIONS,
    age_band,
    age_on,
    validate_answers,
)

# The contract with the Django forms and the database: item code -> answers in display order.
EXPECTED_ANSWERS = {
    "q1_qualifications": ("none", "scqf_1_4", "scqf_5_6", "scqf_7_8", "scqf_9_plus"),
    "q2a_licence": ("full_clean", "full_points", "provisional_or_none"),
    "q2b_vehicle": ("yes", "no"),
    "q3_age_band": ("under_25", "25_34", "35_44", "45_54", "55_plus"),
    "q4_household": ("partner", "alone", "others"),
    "q5_dependants": ("no", "yes"),
    "q6a_confidence": ("very", "fairly", "neither", "not_very", "not_at_all"),
    "q6b_expected_time": ("under_3_months", "3_to_6_months", "6_to_12_months", "over_12_months"),
    "q6c_luck_or_effort": ("effort", "both", "luck"),
    "q7_area_unemployment": (),
    "q8a_seeking": ("yes", "no"),
    "q8b_interviews": ("yes", "no"),
    "q8c_employer_contact": ("yes", "no"),
    "q9a_physical": ("good", "fair", "poor"),
    "q9b_disability": ("no", "yes"),
    "q9c_mental": ("good", "fair", "poor"),
    "q10_parent_work": ("yes", "no", "dont_know"),
}
EXPECTED_REFERENCE = {
    "q1_qualifications": "scqf_9_plus",
    "q2a_licence": "full_clean",
    "q2b_vehicle": "yes",
    "q3_age_band": "25_34",
    "q4_household": "partner",
    "q5_dependants": "no",
    "q6a_confidence": "very",
    "q6b_expected_time": "under_3_months",
    "q6c_luck_or_effort": "effort",
    "q8a_seeking": "yes",
    "q8b_interviews": "yes",
    "q8c_employer_contact": "yes",
    "q9a_physical": "good",
    "q9b_disability": "no",
    "q9c_mental": "good",
    "q10_parent_work": "yes",
}


def test_item_codes_and_answer_codes_are_the_agreed_contract():
    assert CHECKLIST_VERSION == "2.3.4-v1"
    assert list(ITEMS) == list(EXPECTED_ANSWERS)
    for code, answers in EXPECTED_ANSWERS.items():
        assert ITEMS[code].answer_codes == answers, code


def test_reference_answers_are_the_lowest_risk_levels_named_in_the_brief():
    assert {code: ITEMS[code].reference.code for code in CHOICE_ITEM_CODES} == EXPECTED_REFERENCE


def test_every_asked_item_offers_prefer_not_to_say_last_and_age_and_area_do_not():
    for item in ITEMS.values():
        if item.kind == "choice":
            assert item.declinable, item.code
            assert item.answers[-1].code == PREFER_NOT_TO_SAY, item.code
        else:
            assert not item.declinable, item.code
            assert PREFER_NOT_TO_SAY not in {a.code for a in item.answers}, item.code


def test_belief_items_label_prefer_not_to_say_as_dont_know():
    assert ITEMS["q6b_expected_time"].answer(PREFER_NOT_TO_SAY).label == "Don't know / prefer not to say"
    assert ITEMS["q1_qualifications"].answer(PREFER_NOT_TO_SAY).label == "Prefer not to say"


def test_dont_know_about_parent_is_an_answer_not_a_decline():
    """Q10 (report 2.3.4, *): "don't know" carries its own OR 1.1 in EVIDENCE.md section 4."""
    assert "dont_know" in ITEMS["q10_parent_work"].answer_codes


def test_questions_follow_the_report_numbering_and_stars():
    """Report 2.3.4: questions 1-6 are ***, 7-9 are ** and 10 is *."""
    assert [q.number for q in QUESTIONS] == list(range(1, 11))
    assert [q.evidence for q in QUESTIONS] == ["***"] * 6 + ["**"] * 3 + ["*"]
    assert QUESTIONS[0].items[0].label == "What qualifications do you have?"
    assert QUESTIONS[3].determinant == "Living alone is associated with a greater risk of LTU."
    for question in QUESTIONS:
        assert all(item.question_number == question.number for item in question.items)


def test_non_reference_answers_have_words_for_the_risks_list():
    for code in CHOICE_ITEM_CODES:
        item = ITEMS[code]
        for answer in item.answers:
            if answer.code in (PREFER_NOT_TO_SAY, item.reference.code, "under_25"):
                continue
            assert answer.risk_text, (code, answer.code)


@pytest.mark.parametrize(
    ("born", "on", "age", "band"),
    [
        (date(2000, 5, 17), date(2025, 5, 17), 25, "25_34"),  # 25th birthday today
        (date(2000, 5, 18), date(2025, 5, 17), 24, "under_25"),  # 25th birthday tomorrow
        (date(1990, 5, 17), date(2025, 5, 17), 35, "35_44"),
        (date(1990, 5, 18), date(2025, 5, 17), 34, "25_34"),
        (date(1980, 5, 17), date(2025, 5, 17), 45, "45_54"),
        (date(1970, 5, 18), date(2025, 5, 17), 54, "45_54"),
        (date(1970, 5, 17), date(2025, 5, 17), 55, "55_plus"),
        (date(2000, 2, 29), date(2025, 2, 28), 24, "under_25"),  # leap-day birthday falls on 1 March
        (date(2000, 2, 29), date(2025, 3, 1), 25, "25_34"),
    ],
)
def test_age_band_changes_on_the_birthday_itself(born, on, age, band):
    assert age_on(born, on) == age
    assert age_band(born, on) == band


def test_age_refuses_a_birth_date_after_the_assessment():
    with pytest.raises(ValueError, match="after"):
        age_on(date(2025, 1, 2), date(2025, 1, 1))


def test_validate_answers_accepts_a_full_valid_set(reference_answers):
    answers = dict(reference_answers, q2b_vehicle=PREFER_NOT_TO_SAY, q7_area_unemployment=None)
    assert validate_answers(answers) == {}


def test_validate_answers_flags_a_tampered_answer_code(reference_answers):
    answers = dict(reference_answers, q4_household="married", q9b_disability=True)
    assert set(validate_answers(answers)) == {"q4_household", "q9b_disability"}


def test_validate_answers_flags_unknown_items_and_declining_the_derived_age(reference_answers):
    answers = dict(reference_answers, q11_shoe_size="9", q3_age_band=PREFER_NOT_TO_SAY)
    assert set(validate_answers(answers)) == {"q11_shoe_size", "q3_age_band"}


@pytest.mark.parametrize("rate", [float("nan"), float("inf"), -0.1, 100.5, "4.9"])
def test_validate_answers_flags_a_rate_that_is_not_a_finite_percentage(reference_answers, rate):
    assert "q7_area_unemployment" in validate_answers(dict(reference_answers, q7_area_unemployment=rate))
