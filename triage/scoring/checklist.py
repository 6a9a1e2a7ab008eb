"""The ten-question LTU risk checklist of report section 2.3.4, as data.

Question wording, "Determinants of risk" and evidence stars are the report's own; item and answer
codes are the contract with the Django forms and the database, so they never change within a
CHECKLIST_VERSION. Every other layer (forms, scorecards, explanations) is built from this module,
so each question's wording exists in one place.
"""

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

CHECKLIST_VERSION = "2.3.4-v1"

PREFER_NOT_TO_SAY = "prefer_not_to_say"
"""Offered on every declinable item; counts as unanswered and adds no points."""

_PNTS_LABEL = "Prefer not to say"
# Beliefs about the future can honestly be unknown, so these items offer "Don't know" too.
_PNTS_LABEL_KNOWLEDGE = "Don't know / prefer not to say"

ItemKind = Literal["choice", "derived", "numeric"]


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer option. The texts are plain words about the person, for the strengths/risks list.

    `absence` marks a strength that is only the absence of something ("Has no disability"): the
    adviser's points table may list it, but the person's support plan never offers it as a strength.
    """

    code: str
    label: str
    strength_text: str | None = None
    risk_text: str | None = None
    absence: bool = False


@dataclass(frozen=True, slots=True)
class Item:
    """One field of the checklist. A question may hold several items (Q2, Q6, Q8, Q9)."""

    code: str
    question_number: int
    label: str
    hint: str
    kind: ItemKind
    answers: tuple[Answer, ...]
    declinable: bool
    reference_code: str | None = None  # None: the first answer listed

    @property
    def reference(self) -> Answer | None:
        """The reference answer: 0 points, the level the scorecard's intercept describes."""
        if not self.answers:
            return None
        return self.answer(self.reference_code) if self.reference_code else self.answers[0]

    @property
    def answer_codes(self) -> tuple[str, ...]:
        """Codes of the real answers, without prefer-not-to-say: the ones a scorecard prices."""
        return tuple(a.code for a in self.answers if a.code != PREFER_NOT_TO_SAY)

    def answer(self, code: str) -> Answer:
        for answer in self.answers:
            if answer.code == code:
                return answer
        raise KeyError(f"{code!r} is not an answer to {self.code}")


@dataclass(frozen=True, slots=True)
class Question:
    number: int
    title: str
    evidence: Literal["***", "**", "*"]
    determinant: str
    items: tuple[Item, ...]


def _declinable(*answers: Answer, pnts_label: str = _PNTS_LABEL) -> tuple[Answer, ...]:
    return (*answers, Answer(PREFER_NOT_TO_SAY, pnts_label))


def _yes_no(yes_strength: str, no_risk: str) -> tuple[Answer, ...]:
    return _declinable(Answer("yes", "Yes", strength_text=yes_strength), Answer("no", "No", risk_text=no_risk))


def _ability(what: str) -> tuple[Answer, ...]:
    return _declinable(
        Answer("good", "Good", strength_text=f"Rates their {what} ability to work as good"),
        Answer("fair", "Fair", risk_text=f"Rates their {what} ability to work as fair"),
        Answer("poor", "Poor", risk_text=f"Rates their {what} ability to work as poor"),
    )


QUESTIONS: tuple[Question, ...] = (
    Question(
        number=1,
        title="Qualifications",
        evidence="***",
        determinant="Lower level or no qualifications are substantial risk factors for LTU.",
        items=(
            Item(
                code="q1_qualifications",
                question_number=1,
                label="What qualifications do you have?",
                hint="Choose the highest level on the Scottish Credit and Qualifications Framework (SCQF).",
                kind="choice",
                declinable=True,
                reference_code="scqf_9_plus",
                answers=_declinable(
                    Answer("none", "No qualifications", risk_text="Has no qualifications"),
                    Answer(
                        "scqf_1_4",
                        "SCQF level 1 to 4, for example National 1 to 4 or Standard Grade General or Foundation",
                        risk_text="Highest qualification is at SCQF level 1 to 4",
                    ),
                    Answer(
                        "scqf_5_6",
                        "SCQF level 5 or 6, for example National 5, Higher, SVQ 2 or SVQ 3",
                        risk_text="Highest qualification is at SCQF level 5 or 6",
                    ),
                    Answer(
                        "scqf_7_8",
                        "SCQF level 7 or 8, for example Advanced Higher, HNC, HND or SVQ 4",
                        risk_text="Highest qualification is at SCQF level 7 or 8",
                    ),
                    Answer(
                        "scqf_9_plus",
                        "SCQF level 9 or above, for example a degree or professional qualification",
                        strength_text="Has qualifications at degree level (SCQF 9) or above",
                    ),
                ),
            ),
        ),
    ),
    Question(
        number=2,
        title="Driving licence and vehicle",
        evidence="***",
        determinant=(
            "Possessing a full clean driving licence reduces the risk of LTU substantially, "
            "and ownership of a vehicle may reduce risk slightly."
        ),
        items=(
            Item(
                code="q2a_licence",
                question_number=2,
                label="Do you have a full clean driving licence?",
                hint="",
                kind="choice",
                declinable=True,
                answers=_declinable(
                    Answer("full_clean", "Yes, a full clean licence", strength_text="Has a full clean driving licence"),
                    Answer(
                        "full_points",
                        "A full licence with penalty points",
                        risk_text="Has penalty points on their driving licence",
                    ),
                    Answer(
                        "provisional_or_none",
                        "A provisional licence or no licence",
                        risk_text="Has no full driving licence",
                    ),
                ),
            ),
            Item(
                code="q2b_vehicle",
                question_number=2,
                label="Do you own a motor vehicle?",
                hint="Or have the use of one, for example a household car.",
                kind="choice",
                declinable=True,
                answers=_yes_no("Owns or has the use of a motor vehicle", "Has no motor vehicle"),
            ),
        ),
    ),
    Question(
        number=3,
        title="Age",
        evidence="***",
        determinant=(
            "Risk of LTU increases with age. Under 25s have the lowest risk of LTU, "
            "those aged 45 and over are at greatest risk."
        ),
        items=(
            Item(
                code="q3_age_band",
                question_number=3,
                label="How old are you?",
                hint="Worked out from the date of birth on the day of the assessment; not asked again.",
                kind="derived",
                declinable=False,
                # 25 to 34 is the reference, although under 25 has the lower risk (report 2.3.4).
                reference_code="25_34",
                answers=(
                    Answer("under_25", "Under 25", strength_text="Is under 25, the age group most likely to find work"),
                    Answer("25_34", "25 to 34"),
                    Answer("35_44", "35 to 44", risk_text="Is aged 35 to 44"),
                    Answer("45_54", "45 to 54", risk_text="Is aged 45 to 54; risk is greatest from 45"),
                    Answer("55_plus", "55 or over", risk_text="Is aged 55 or over; risk is greatest from 45"),
                ),
            ),
        ),
    ),
    Question(
        number=4,
        title="Household",
        evidence="***",
        determinant="Living alone is associated with a greater risk of LTU.",
        items=(
            Item(
                code="q4_household",
                question_number=4,
                label="Do you live alone or with a partner?",
                hint="",
                kind="choice",
                declinable=True,
                answers=_declinable(
                    Answer("partner", "With a partner", strength_text="Lives with a partner"),
                    Answer("alone", "Alone", risk_text="Lives alone"),
                    Answer(
                        "others",
                        "With other people, but not a partner",
                        risk_text="Lives with other people but not a partner",
                    ),
                ),
            ),
        ),
    ),
    Question(
        number=5,
        title="Dependants",
        evidence="***",
        determinant="Having children living with you is associated with a greater risk of LTU.",
        items=(
            Item(
                code="q5_dependants",
                question_number=5,
                label="Do you have dependants under the age of 18 living with you?",
                hint="",
                kind="choice",
                declinable=True,
                answers=_declinable(
                    Answer("no", "No", strength_text="Has no dependants under 18 to arrange care for", absence=True),
                    Answer("yes", "Yes", risk_text="Has dependants under 18 living with them"),
                ),
            ),
        ),
    ),
    Question(
        number=6,
        title="Confidence and expectations",
        evidence="***",
        determinant=(
            "Less confidence, lower expectations and believing that finding a job is based on luck "
            "are all associated with a greater risk of LTU."
        ),
        items=(
            Item(
                code="q6a_confidence",
                question_number=6,
                label="Do you feel confident that you will be employed soon?",
                hint="",
                kind="choice",
                declinable=True,
                answers=_declinable(
                    Answer("very", "Very confident", strength_text="Feels very confident of being employed soon"),
                    Answer(
                        "fairly",
                        "Fairly confident",
                        risk_text="Feels fairly, but not very, confident of being employed soon",
                    ),
                    Answer(
                        "neither",
                        "Neither confident nor unconfident",
                        risk_text="Is unsure about being employed soon",
                    ),
                    Answer(
                        "not_very",
                        "Not very confident",
                        risk_text="Is not very confident of being employed soon",
                    ),
                    Answer(
                        "not_at_all",
                        "Not at all confident",
                        risk_text="Is not at all confident of being employed soon",
                    ),
                    pnts_label=_PNTS_LABEL_KNOWLEDGE,
                ),
            ),
            Item(
                code="q6b_expected_time",
                question_number=6,
                # Worded as the question its answers reply to (issue #11): a yes/no question with
                # lengths of time for answers read oddly aloud.
                label="How long do you think it will take you to find work?",
                hint="",
                kind="choice",
                declinable=True,
                answers=_declinable(
                    Answer(
                        "under_3_months",
                        "Within 3 months",
                        strength_text="Expects to find work within 3 months",
                    ),
                    Answer("3_to_6_months", "In 3 to 6 months", risk_text="Expects finding work to take 3 to 6 months"),
                    Answer(
                        "6_to_12_months",
                        "In 6 to 12 months",
                        risk_text="Expects finding work to take 6 to 12 months",
                    ),
                    Answer(
                        "over_12_months",
                        "More than 12 months, or not expecting to find work",
                        risk_text="Expects to be out of work for over 12 months, or not to find work",
                    ),
                    pnts_label=_PNTS_LABEL_KNOWLEDGE,
                ),
            ),
            Item(
                code="q6c_luck_or_effort",
                question_number=6,
                label="Do you feel that finding a job is based on luck or effort?",
                hint="",
                kind="choice",
                declinable=True,
                answers=_declinable(
                    Answer("effort", "Mostly effort", strength_text="Believes finding a job comes down to effort"),
                    Answer("both", "Both luck and effort", risk_text="Believes finding a job is partly luck"),
                    Answer("luck", "Mostly luck", risk_text="Believes finding a job is mostly luck"),
                    pnts_label=_PNTS_LABEL_KNOWLEDGE,
                ),
            ),
        ),
    ),
    Question(
        number=7,
        title="Where they live",
        evidence="**",
        determinant="Living in an area with higher levels of unemployment is associated with a greater risk of LTU.",
        items=(
            Item(
                code="q7_area_unemployment",
                question_number=7,
                label="Where do you live?",
                hint=(
                    "Choose the council area; its unemployment rate (per cent) comes from the reference table. "
                    "Unknown if no area is recorded."
                ),
                kind="numeric",
                declinable=False,
                answers=(),
            ),
        ),
    ),
    Question(
        number=8,
        title="Job search",
        evidence="**",
        determinant="Greater job search activity may indicate a lower risk of LTU.",
        items=(
            Item(
                code="q8a_seeking",
                question_number=8,
                label="Have you been actively seeking a job recently?",
                hint="",
                kind="choice",
                declinable=True,
                answers=_yes_no("Has been actively looking for work", "Has not been looking for work yet"),
            ),
            Item(
                code="q8b_interviews",
                question_number=8,
                label="Have you had any job interviews?",
                hint="",
                kind="choice",
                declinable=True,
                answers=_yes_no("Has had job interviews", "Has not had a job interview yet"),
            ),
            Item(
                code="q8c_employer_contact",
                question_number=8,
                label="Have you had contact with an employer?",
                hint="About a job, for example an application, a phone call or a visit.",
                kind="choice",
                declinable=True,
                answers=_yes_no("Has been in contact with an employer", "Has not been in contact with an employer yet"),
            ),
        ),
    ),
    Question(
        number=9,
        title="Health and disability",
        evidence="**",
        determinant="Poor self-assessed health and having a disability may indicate a greater risk of LTU.",
        items=(
            Item(
                code="q9a_physical",
                question_number=9,
                label="How would you rate your physical ability to do work?",
                hint="",
                kind="choice",
                declinable=True,
                answers=_ability("physical"),
            ),
            Item(
                code="q9b_disability",
                question_number=9,
                label="Do you have any disabilities?",
                hint=(
                    "A physical or mental condition that has a substantial and long-term effect on "
                    "day-to-day activities (Equality Act 2010)."
                ),
                kind="choice",
                declinable=True,
                answers=_declinable(
                    Answer("no", "No", strength_text="Has no disability", absence=True),
                    Answer("yes", "Yes", risk_text="Has a disability"),
                ),
            ),
            Item(
                code="q9c_mental",
                question_number=9,
                label=(
                    "How would you rate your mental ability to do work, "
                    "based on the mental demands of the work you are seeking?"
                ),
                hint="",
                kind="choice",
                declinable=True,
                answers=_ability("mental"),
            ),
        ),
    ),
    Question(
        number=10,
        title="Parent or guardian in work",
        evidence="*",
        determinant=(
            "Having a parent/guardian in paid work until 16-years-old may reduce the risk of LTU. "
            "Having a father with A-level qualifications may reduce the risk of LTU slightly."
        ),
        items=(
            Item(
                code="q10_parent_work",
                question_number=10,
                label="Was a parent or guardian in paid work until you were 16 years old?",
                hint="",
                kind="choice",
                declinable=True,
                answers=_declinable(
                    Answer(
                        "yes",
                        "Yes",
                        strength_text="A parent or guardian was in paid work until they were 16",
                    ),
                    Answer(
                        "no",
                        "No",
                        risk_text="No parent or guardian was in paid work until they were 16",
                    ),
                    # A real answer with its own odds ratio (EVIDENCE.md section 4, OR 1.1), not "missing".
                    Answer(
                        "dont_know",
                        "Don't know",
                        risk_text="Does not know whether a parent or guardian was in paid work",
                    ),
                ),
            ),
        ),
    ),
)

ITEMS: dict[str, Item] = {item.code: item for question in QUESTIONS for item in question.items}

CHOICE_ITEM_CODES: tuple[str, ...] = tuple(code for code, item in ITEMS.items() if item.kind != "numeric")
"""Items answered with a code from a fixed list, including the derived age band: the items a
scorecard prices answer by answer. Forms show only `kind == "choice"`."""

NUMERIC_ITEM_CODES: tuple[str, ...] = tuple(code for code, item in ITEMS.items() if item.kind == "numeric")

QUESTION_BY_NUMBER: dict[int, Question] = {question.number: question for question in QUESTIONS}

_AGE_BANDS: tuple[tuple[int, str], ...] = ((25, "under_25"), (35, "25_34"), (45, "35_44"), (55, "45_54"))


def age_on(date_of_birth: date, on: date) -> int:
    """Whole years of age on `on`. A 29 February birthday falls on 1 March in other years."""
    if date_of_birth > on:
        raise ValueError("date of birth is after the assessment date")
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)


def age_band(date_of_birth: date, on: date) -> str:
    """Q3 answer code for the person's age on `on`; derived so the person is never asked twice."""
    age = age_on(date_of_birth, on)
    for upper, code in _AGE_BANDS:
        if age < upper:
            return code
    return "55_plus"


def item_answer_codes(item: Item) -> frozenset[str]:
    """Every code the item accepts, prefer-not-to-say included where it is offered."""
    return frozenset(a.code for a in item.answers)


def numeric_error(value: object) -> str | None:
    """Why `value` is not a usable area unemployment rate (per cent), or None if it is (None = unknown)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "Enter the unemployment rate as a number"
    if not math.isfinite(value) or not 0 <= value <= 100:
        return "Unemployment rate must be between 0 and 100 per cent"
    return None


def validate_answers(answers: dict[str, object]) -> dict[str, str]:
    """Errors by item code for item codes or answer codes the checklist does not define.

    The forms only offer defined answers, so an error here means tampered or stale input.
    Absent items are not errors: unanswered items are counted by `score`, not refused.
    """
    errors: dict[str, str] = {}
    for code, value in answers.items():
        item = ITEMS.get(code)
        if item is None:
            errors[code] = "Not a question on this checklist"
        elif item.kind == "numeric":
            message = numeric_error(value)
            if message:
                errors[code] = message
        elif value is not None and (not isinstance(value, str) or value not in item_answer_codes(item)):
            errors[code] = "Select one of the answers shown"
    return errors
