"""Score one checklist with a scorecard: a sum over the card's table. Standard library only.

This is the path every assessment takes, so it is kept to dictionary look-ups over a table built
once per scorecard (a few microseconds per call); bulk.py holds the vectorised twin.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from triage.scoring.checklist import ITEMS, PREFER_NOT_TO_SAY, numeric_error
from triage.scoring.scorecard import Band, NumericScale, Scorecard

AnswerValue = str | float | None


@dataclass(frozen=True, slots=True)
class Contribution:
    """One answered item's points, as frozen onto an assessment."""

    item_code: str
    question_number: int
    answer_code: str  # for the numeric area item: the rate as given, e.g. "4.9"
    answer_label: str
    points: int


@dataclass(frozen=True, slots=True)
class ScoreResult:
    # One per answered item, in checklist order; on a card that prices "prefer not to say" (fitted
    # before the rule that it scores 0: logistic-1.0) unanswered items appear too, with those points,
    # so the rows add up to the total.
    contributions: tuple[Contribution, ...]
    total: int
    probability: float | None  # None when incomplete
    band: Band | None  # None when more than the card's max_missing items are unanswered
    missing: int
    missing_items: tuple[str, ...]
    complex_needs: bool
    scorecard_label: str

    @property
    def is_complete(self) -> bool:
        return self.band is not None


@dataclass(frozen=True, slots=True)
class ComplexNeed:
    """A need present when any listed item has any listed answer."""

    code: str
    description: str
    answers: tuple[tuple[str, frozenset[str]], ...]

    def present(self, answers: Mapping[str, AnswerValue]) -> bool:
        return any(answers.get(item_code) in codes for item_code, codes in self.answers)


COMPLEX_NEEDS_THRESHOLD = 3
"""Report 2.3.4: "Profiling models are less well equipped to compute people with multiple complex
needs, reinforcing the need for caseworker discretion." Three or more needs flag the assessment
for the adviser's judgement; the score is still shown."""

COMPLEX_NEEDS: tuple[ComplexNeed, ...] = (
    ComplexNeed(
        "poor_health",
        "Rates their physical or mental ability to work as poor",
        (("q9a_physical", frozenset({"poor"})), ("q9c_mental", frozenset({"poor"}))),
    ),
    ComplexNeed("disability", "Has a disability", (("q9b_disability", frozenset({"yes"})),)),
    ComplexNeed(
        "low_qualifications",
        "Has no qualifications, or none above SCQF level 4",
        (("q1_qualifications", frozenset({"none", "scqf_1_4"})),),
    ),
    ComplexNeed(
        "low_confidence",
        "Is not confident of finding work soon",
        (("q6a_confidence", frozenset({"not_very", "not_at_all"})),),
    ),
    ComplexNeed(
        "long_expected_time",
        "Expects to be out of work for over 12 months, or not to find work",
        (("q6b_expected_time", frozenset({"over_12_months"})),),
    ),
)


def complex_needs_found(answers: Mapping[str, AnswerValue]) -> tuple[str, ...]:
    """Plain-word descriptions of the complex needs present, so the page can name them."""
    return tuple(need.description for need in COMPLEX_NEEDS if need.present(answers))


# (item code, question number, answer -> Contribution or None for the numeric item, declinable, scale,
#  the Contribution of an unanswered item or None when the card does not price it)
# The lookup is keyed by answer codes but looked up with any answer value: a miss is a KeyError.
_Lookup = dict[AnswerValue, Contribution]
_Entry = tuple[str, int, _Lookup | None, bool, NumericScale | None, Contribution | None]
_ITEM_CODES = frozenset(ITEMS)
_TABLES: dict[int, tuple[Scorecard, tuple[_Entry, ...]]] = {}
_MAX_TABLES = 64


def _table_for(card: Scorecard) -> tuple[_Entry, ...]:
    # Keyed by id() because a Scorecard holds mappings and cannot be hashed; the entry keeps the
    # card alive, so its id cannot be reused while cached.
    entry = _TABLES.get(id(card))
    if entry is not None and entry[0] is card:
        return entry[1]
    rows: list[_Entry] = []
    for code, item in ITEMS.items():
        if item.kind == "numeric":
            rows.append((code, item.question_number, None, False, card.numeric[code], None))
            continue
        lookup: _Lookup = {
            answer.code: Contribution(
                code, item.question_number, answer.code, answer.label, card.points[code][answer.code]
            )
            for answer in item.answers
            if answer.code != PREFER_NOT_TO_SAY
        }
        unanswered_points = card.unanswered_points(code)
        unanswered = None
        if item.declinable and unanswered_points is not None:
            declined = item.answer(PREFER_NOT_TO_SAY)
            unanswered = Contribution(code, item.question_number, declined.code, declined.label, unanswered_points)
        rows.append((code, item.question_number, lookup, item.declinable, None, unanswered))
    table = tuple(rows)
    if len(_TABLES) >= _MAX_TABLES:
        _TABLES.clear()
    _TABLES[id(card)] = (card, table)
    return table


def score(answers: Mapping[str, AnswerValue], card: Scorecard) -> ScoreResult:
    """Sum the card's points per answer; an unanswered item adds nothing and is counted.

    Unanswered means absent, None, prefer-not-to-say or NaN (pandas' missing value, so a row of
    a DataFrame scores as bulk.score_frame scores it). A card that prices prefer-not-to-say (one
    fitted before the rule that it scores 0, logistic-1.0, kept for the assessments it scored) adds
    those points for an unanswered item, as a contribution of its own. An unknown item code or answer code raises
    ValueError: the app validates input first with checklist.validate_answers, so here it means a
    bug, and a misspelt item must not silently count as unanswered.
    """
    if not _ITEM_CODES.issuperset(answers):
        unknown = sorted(str(code) for code in answers if code not in _ITEM_CODES)
        raise ValueError(f"not checklist items: {', '.join(unknown)}")
    contributions: list[Contribution] = []
    missing_items: list[str] = []
    total = 0
    for code, question_number, lookup, declinable, scale, unanswered in _table_for(card):
        value = answers.get(code)
        if lookup is not None:
            if value is None or (declinable and value == PREFER_NOT_TO_SAY):
                missing_items.append(code)
                if unanswered is not None:
                    contributions.append(unanswered)
                    total += unanswered.points
                continue
            try:
                contribution = lookup[value]
            except (KeyError, TypeError):
                if isinstance(value, float) and math.isnan(value):  # pandas' missing value
                    missing_items.append(code)
                    if unanswered is not None:
                        contributions.append(unanswered)
                        total += unanswered.points
                    continue
                raise ValueError(f"{value!r} is not an answer to {code}") from None
        else:
            if value is None or (isinstance(value, float) and math.isnan(value)):
                missing_items.append(code)
                continue
            error = numeric_error(value)
            if error or not isinstance(value, int | float):  # numeric_error refuses every non-number
                raise ValueError(f"{code}: {error}, not {value!r}")
            assert scale is not None  # every numeric entry carries its scale
            shown = f"{value:g}"
            contribution = Contribution(code, question_number, shown, f"{shown}%", scale.points_for(value))
        contributions.append(contribution)
        total += contribution.points
    missing = len(missing_items)
    complete = missing <= card.max_missing
    needs = 0
    for need in COMPLEX_NEEDS:  # a plain loop: any() over a generator costs more than the scoring
        for item_code, codes in need.answers:
            if answers.get(item_code) in codes:
                needs += 1
                break
    return ScoreResult(
        contributions=tuple(contributions),
        total=total,
        probability=card.probability_for_total(total) if complete else None,
        band=card.band_for_total(total) if complete else None,
        missing=missing,
        missing_items=tuple(missing_items),
        complex_needs=needs >= COMPLEX_NEEDS_THRESHOLD,
        scorecard_label=card.label,
    )
