"""Why a person got their score: the card's points table, split into strengths, risks and the rest.

The report asks for a strengths-based model of support, so strengths (what lowers the person's
risk) are listed first, then risks, largest first. The explanation is the score itself read back,
not a separate model: every row is one of the result's contributions.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from triage.scoring.checklist import ITEMS, PREFER_NOT_TO_SAY, QUESTION_BY_NUMBER
from triage.scoring.score import Contribution, ScoreResult
from triage.scoring.scorecard import Scorecard


@dataclass(frozen=True, slots=True)
class ExplanationRow:
    question_number: int
    item_code: str
    item_label: str
    answer_label: str
    points: int
    plain_text: str


@dataclass(frozen=True, slots=True)
class Explanation:
    strengths: tuple[ExplanationRow, ...]  # checklist order
    risks: tuple[ExplanationRow, ...]  # most points first
    neutral: tuple[ExplanationRow, ...]  # checklist order


def points_table(result: ScoreResult, card: Scorecard | None = None) -> Explanation:
    """Split the result's contributions into strengths, risks and neutral rows.

    A strength is an answer at the item's best level: points below 0, or 0 when no answer to that
    item scores lower. A declined answer is never a strength (only a card fitted before the rule
    that declining scores 0 has a row for one at all; `for_display` moves it to "not answered"). Deciding "lowest" needs the card; without it, an answer scoring 0 counts
    as a strength when the checklist words it as one (the reference answers, except 25 to 34,
    which scores above under 25). The area item with 0 or fewer points is a strength.
    """
    strengths: list[ExplanationRow] = []
    risks: list[ExplanationRow] = []
    neutral: list[ExplanationRow] = []
    for contribution in result.contributions:
        item = ITEMS[contribution.item_code]
        row = ExplanationRow(
            question_number=contribution.question_number,
            item_code=contribution.item_code,
            item_label=item.label,
            answer_label=contribution.answer_label,
            points=contribution.points,
            plain_text=_plain_text(contribution, card),
        )
        if contribution.points > 0:
            risks.append(row)
        elif contribution.answer_code == PREFER_NOT_TO_SAY:
            neutral.append(row)  # declining is never a strength, whatever it scores
        elif _is_strength(contribution, card):
            strengths.append(row)
        else:
            neutral.append(row)
    risks.sort(key=lambda row: -row.points)  # stable: ties keep checklist order
    return Explanation(strengths=tuple(strengths), risks=tuple(risks), neutral=tuple(neutral))


def _is_strength(contribution: Contribution, card: Scorecard | None) -> bool:
    if contribution.points < 0:
        return True
    item = ITEMS[contribution.item_code]
    if item.kind == "numeric":
        # An area rate that adds nothing is neither here nor there; only a lower rate is a strength.
        return False
    if card is not None:
        return contribution.points <= min(card.points[item.code].values())
    return item.answer(contribution.answer_code).strength_text is not None


def _plain_text(contribution: Contribution, card: Scorecard | None) -> str:
    item = ITEMS[contribution.item_code]
    if item.kind == "numeric":
        return _area_text(contribution, card)
    answer = item.answer(contribution.answer_code)
    if contribution.answer_code == PREFER_NOT_TO_SAY:
        # Only a card fitted before the rule that declining scores 0 (logistic-1.0) has this row.
        return f"Chose not to answer about {QUESTION_BY_NUMBER[item.question_number].title.lower()}"
    if contribution.points > 0:
        text = answer.risk_text or answer.strength_text
    else:
        text = answer.strength_text or answer.risk_text
    return text or f"{QUESTION_BY_NUMBER[item.question_number].title}: {answer.label}"


def _area_text(contribution: Contribution, card: Scorecard | None) -> str:
    text = f"Lives in an area where unemployment is {contribution.answer_label}"
    scale = card.numeric.get(contribution.item_code) if card is not None else None
    if scale is None:
        return text
    rate = float(contribution.answer_code)
    middle = f"the Scottish middle of {scale.centre:g}%"
    if rate > scale.centre:
        return f"{text}, above {middle}"
    if rate < scale.centre:
        return f"{text}, below {middle}"
    return f"{text}, at {middle}"


FrozenRow = Mapping[str, Any]  # an ExplanationRow as frozen onto an assessment (dataclasses.asdict)


@dataclass(frozen=True, slots=True)
class DisplayedExplanation:
    """A frozen explanation as the result page lists it: declined answers under "not answered"."""

    strengths: tuple[FrozenRow, ...]
    risks: tuple[FrozenRow, ...]
    neutral: tuple[FrozenRow, ...]
    not_answered: tuple[FrozenRow, ...]  # rows of declined items that a card priced; checklist order


def declined(answers: Mapping[str, object], item_code: str) -> bool:
    """Whether the person declined (or did not give) the item: absent, None or prefer-not-to-say."""
    item = ITEMS.get(item_code)
    if item is None or item.kind == "numeric":
        return False
    value = answers.get(item_code)
    return value is None or value == PREFER_NOT_TO_SAY


def for_display(explanation: Mapping[str, Sequence[FrozenRow]], answers: Mapping[str, object]) -> DisplayedExplanation:
    """Split a frozen explanation for the result page, keeping the points it was scored with.

    Assessments keep the explanation they were given; one scored by a card that priced declining
    (logistic-1.0) may hold a declined answer among its strengths. Every row of a declined item is
    listed under "not answered" instead, with its frozen points, so the rows still add up.
    """
    parts: dict[str, list[FrozenRow]] = {"strengths": [], "risks": [], "neutral": []}
    not_answered: list[FrozenRow] = []
    for part, rows in parts.items():
        for row in explanation.get(part, ()):
            (not_answered if declined(answers, str(row.get("item_code"))) else rows).append(row)
    order = {code: i for i, code in enumerate(ITEMS)}
    not_answered.sort(key=lambda row: order.get(str(row.get("item_code")), len(order)))
    return DisplayedExplanation(
        strengths=tuple(parts["strengths"]),
        risks=tuple(parts["risks"]),
        neutral=tuple(parts["neutral"]),
        not_answered=tuple(not_answered),
    )


def plan_strengths(strengths: Sequence[FrozenRow], answers: Mapping[str, object]) -> list[FrozenRow]:
    """The strengths a person's support plan tells them they have: what they have going for them.

    Never a declined answer, never the absence of something ("Has no disability": Answer.absence),
    and never the area's unemployment rate, which is not the person's own strength.
    """
    kept = []
    for row in strengths:
        code = str(row.get("item_code"))
        item = ITEMS.get(code)
        if item is None or item.kind == "numeric" or declined(answers, code):
            continue
        value = answers.get(code)
        answer = next((a for a in item.answers if a.code == value), None)
        if answer is None or answer.absence:
            continue
        kept.append(row)
    return kept
