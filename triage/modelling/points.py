"""Integer points from a fitted model's exact weights, so what the adviser sees adds up.

points = round-half-away-from-zero(weight / points_scale) per answer, with points_scale = ln(2)/10
as on the rules card: 10 points double the odds, whichever card is live. The probability shown is
logistic(intercept + points_scale * total), computed from the integer total, never from the exact
weights. Rounding shifts the average total a little (most weights round down or up together), so
the intercept is refitted on the training rows with the points total as a fixed offset: the card's
average estimated risk then matches the training LTU rate. The fitted model's own intercept (the
log-odds of a person giving every reference answer in an area at 3.4%) stays in [weights]. Bands are cut on the total where the estimated risk first reaches 6% and 20%,
the risks at the rules card's cut-offs (rules-1.0: 18 points ~ 6.1%, 38 points ~ 20.7%).
"""

import math
from dataclasses import dataclass

from triage.modelling.fit import FittedWeights
from triage.scoring.scorecard import round_half_away_from_zero

POINTS_SCALE = math.log(2) / 10
BAND_RISKS = (0.06, 0.20)  # medium from, high from [A], as the rules card
POINTS_PER_UNIT_DECIMALS = 2
MAX_ROUNDING_COST = 0.005  # held-out AUC the integer points may lose against the exact model


@dataclass(frozen=True)
class PointsCard:
    intercept: float
    points_scale: float
    points: dict[str, dict[str, int]]  # item -> answer (incl. prefer_not_to_say) -> points
    numeric: dict[str, tuple[float, float]]  # item -> (centre, points_per_unit)
    medium_from: int
    high_from: int


def points_for(weight: float, scale: float = POINTS_SCALE) -> int:
    return round_half_away_from_zero(weight / scale)


def cutoff_for_risk(risk: float, *, intercept: float, scale: float = POINTS_SCALE) -> int:
    """The smallest points total whose probability logistic(intercept + scale * total) reaches `risk`."""
    total = math.ceil((math.log(risk / (1 - risk)) - intercept) / scale - 1e-9)
    return total


def recalibrate_intercept(totals, y, *, scale: float = POINTS_SCALE) -> float:
    """Maximum-likelihood intercept a of P(LTU) = logistic(a + scale * total), the slope held at scale."""
    import numpy as np

    from triage.modelling.evaluate import fit_logistic

    totals = np.asarray(totals, dtype=np.float64)
    (a,) = fit_logistic(None, np.asarray(y, dtype=np.float64), scale * totals)
    return float(a)


def points_card(weights: FittedWeights, *, scale: float = POINTS_SCALE, intercept: float | None = None) -> PointsCard:
    """Integer points from exact weights; `intercept` defaults to the fitted model's own."""
    intercept = weights.intercept if intercept is None else intercept
    points = {
        item: {answer: points_for(w, scale) for answer, w in table.items()} for item, table in weights.choice.items()
    }
    numeric = {
        item: (centre, round(per_unit / scale, POINTS_PER_UNIT_DECIMALS))
        for item, (centre, per_unit) in weights.numeric.items()
    }
    medium_from, high_from = (cutoff_for_risk(risk, intercept=intercept, scale=scale) for risk in BAND_RISKS)
    return PointsCard(
        intercept=intercept,
        points_scale=scale,
        points=points,
        numeric=numeric,
        medium_from=medium_from,
        high_from=high_from,
    )


def rounding_cost(y, exact_log_odds, totals) -> dict[str, float]:
    """Held-out AUC of the exact model and of the integer points total, and what rounding cost."""
    from triage.modelling.evaluate import roc_auc

    auc_exact = roc_auc(y, exact_log_odds)
    auc_points = roc_auc(y, totals)
    return {
        "auc_exact": auc_exact,
        "auc_points": auc_points,
        "cost": auc_exact - auc_points,
        "max_allowed": MAX_ROUNDING_COST,
    }
