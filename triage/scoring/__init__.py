"""PACE Triage scoring core: the report's checklist, scorecards, scoring and explanations.

Plain Python with no Django import, so one form or a million rows are scored by the same table.
NumPy and pandas load only when `score_frame` is first used.
"""

from typing import TYPE_CHECKING

from triage.lib.bands import BANDS
from triage.scoring.checklist import (
    CHECKLIST_VERSION,
    CHOICE_ITEM_CODES,
    ITEMS,
    NUMERIC_ITEM_CODES,
    PREFER_NOT_TO_SAY,
    QUESTIONS,
    Answer,
    Item,
    Question,
    age_band,
    age_on,
    validate_answers,
)
from triage.scoring.explain import (
    DisplayedExplanation,
    Explanation,
    ExplanationRow,
    for_display,
    plan_strengths,
    points_table,
)
from triage.scoring.score import (
    COMPLEX_NEEDS,
    COMPLEX_NEEDS_THRESHOLD,
    ComplexNeed,
    Contribution,
    ScoreResult,
    complex_needs_found,
    score,
)
from triage.scoring.scorecard import (
    DECLINED_RULE,
    Cutoffs,
    NumericScale,
    Scorecard,
    ScorecardError,
    check_declined_rule,
    declined_rule_breaches,
    load_scorecard,
)

if TYPE_CHECKING:
    from triage.scoring.bulk import score_frame

__all__ = [
    "BANDS",
    "CHECKLIST_VERSION",
    "CHOICE_ITEM_CODES",
    "COMPLEX_NEEDS",
    "COMPLEX_NEEDS_THRESHOLD",
    "DECLINED_RULE",
    "ITEMS",
    "NUMERIC_ITEM_CODES",
    "PREFER_NOT_TO_SAY",
    "QUESTIONS",
    "Answer",
    "ComplexNeed",
    "Contribution",
    "Cutoffs",
    "DisplayedExplanation",
    "Explanation",
    "ExplanationRow",
    "Item",
    "NumericScale",
    "Question",
    "ScoreResult",
    "Scorecard",
    "ScorecardError",
    "age_band",
    "age_on",
    "check_declined_rule",
    "complex_needs_found",
    "declined_rule_breaches",
    "for_display",
    "load_scorecard",
    "plan_strengths",
    "points_table",
    "score",
    "score_frame",
    "validate_answers",
]


def __getattr__(name: str) -> object:
    # Lazy so a web request that scores one form never pays for importing pandas.
    if name == "score_frame":
        from triage.scoring.bulk import score_frame

        return score_frame
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
