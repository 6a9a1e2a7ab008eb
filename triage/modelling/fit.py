"""Fit the logistic scorecard's scikit-learn pipeline and read its exact weights back out.

The pipeline: each choice item one-hot encoded with its categories taken from the checklist
definition (prefer_not_to_say is its own level; the reference answer is the dropped level, so every
weight is a log-odds ratio against the reference, as on the scorecard); the area rate as a number,
an unknown area filled with the Scottish centre 3.4% so it adds nothing; then a logistic regression
whose L2 strength C is chosen by stratified 5-fold cross-validation on log loss.

Then the rule of every scorecard, that a declined answer scores 0 (triage.scoring.scorecard):
`drop_declined_weights` sets each prefer_not_to_say coefficient to 0 and refits the intercept
alone on the training rows, so the average estimated risk still matches. The declined level is
fitted as its own level first, so the other weights are estimated among people who answered and
are not pulled towards the decliners; only the intercept moves.
"""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from triage.modelling.cohort import AREA_CENTRE
from triage.modelling.dictionary import LABEL, DataError
from triage.scoring.checklist import CHOICE_ITEM_CODES, ITEMS, NUMERIC_ITEM_CODES, PREFER_NOT_TO_SAY

FEATURES: tuple[str, ...] = (*CHOICE_ITEM_CODES, *NUMERIC_ITEM_CODES)
HELD_OUT_SHARE = 0.25
CV_FOLDS = 5
# From very strong shrinkage to practically none; with 10^5 rows the choice lands near the top.
CS: tuple[float, ...] = (1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0)
MIN_ROWS = 500
MIN_PER_CLASS = 50


@dataclass(frozen=True)
class FittedWeights:
    """The fitted model as a scorecard: log-odds = intercept + sum of answer weights + per_unit * (rate - centre)."""

    intercept: float
    choice: dict[str, dict[str, float]]  # item -> answer code (incl. prefer_not_to_say) -> log-odds; reference 0
    numeric: dict[str, tuple[float, float]]  # item -> (centre, per_unit)
    C: float


def check_trainable(df: pd.DataFrame, *, min_rows: int = MIN_ROWS, min_per_class: int = MIN_PER_CLASS) -> None:
    """Enough rows, and enough of each outcome, to fit, cross-validate and hold out a test split."""
    if len(df) < min_rows:
        raise DataError(f"too few rows: {len(df)} (training needs at least {min_rows})")
    positives = int(df[LABEL].sum())
    for value, count in ((1, positives), (0, len(df) - positives)):
        if count < min_per_class:
            raise DataError(
                f"column {LABEL!r}: too few rows with {LABEL} = {value}: {count} "
                f"(training needs at least {min_per_class} of each outcome)"
            )


def split(df: pd.DataFrame, *, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training and held-out rows (25%), stratified on the label, reproducible from the seed."""
    train, held_out = train_test_split(df, test_size=HELD_OUT_SHARE, random_state=seed, stratify=df[LABEL])
    return train.sort_index(), held_out.sort_index()


def build_pipeline(*, seed: int, n_jobs: int | None = None) -> Pipeline:
    choice_categories = [[a.code for a in ITEMS[code].answers] for code in CHOICE_ITEM_CODES]
    references = [ITEMS[code].reference.code for code in CHOICE_ITEM_CODES]
    encoder = OneHotEncoder(
        categories=choice_categories,
        drop=references,
        handle_unknown="error",
        sparse_output=True,
        dtype=np.float64,
    )
    area = SimpleImputer(strategy="constant", fill_value=AREA_CENTRE)
    columns = ColumnTransformer(
        [("answers", encoder, list(CHOICE_ITEM_CODES)), ("area", area, list(NUMERIC_ITEM_CODES))],
        sparse_threshold=1.0,
    )
    model = LogisticRegressionCV(
        Cs=list(CS),
        l1_ratios=(0.0,),
        cv=StratifiedKFold(CV_FOLDS, shuffle=True, random_state=seed),
        scoring="neg_log_loss",
        solver="newton-cholesky",
        tol=1e-8,
        max_iter=100,
        n_jobs=n_jobs,
        random_state=seed,
        use_legacy_attributes=False,
    )
    return Pipeline([("columns", columns), ("model", model)])


def fit_pipeline(train: pd.DataFrame, *, seed: int, n_jobs: int | None = None) -> Pipeline:
    """Fit on training rows in the dictionary's clean form (dictionary.clean_frame)."""
    pipeline = build_pipeline(seed=seed, n_jobs=n_jobs)
    pipeline.fit(features(train), train[LABEL].to_numpy())
    return pipeline


def features(df: pd.DataFrame) -> pd.DataFrame:
    return df.loc[:, list(FEATURES)]


def exact_weights(pipeline: Pipeline) -> FittedWeights:
    """The pipeline's coefficients as answer weights, reference answers at 0, area centred at 3.4%.

    The logistic regression sees the raw rate, so centring moves per_unit * 3.4 into the intercept:
    the intercept is then the log-odds of a person giving every reference answer in an area at 3.4%.
    """
    model = pipeline.named_steps["model"]
    coef = model.coef_.ravel()
    encoder = pipeline.named_steps["columns"].named_transformers_["answers"]
    choice: dict[str, dict[str, float]] = {}
    position = 0
    for code, categories, dropped in zip(CHOICE_ITEM_CODES, encoder.categories_, encoder.drop_idx_, strict=True):
        item_weights: dict[str, float] = {}
        for i, answer in enumerate(categories):
            if i == dropped:
                item_weights[answer] = 0.0
            else:
                item_weights[answer] = float(coef[position])
                position += 1
        choice[code] = item_weights
    numeric: dict[str, tuple[float, float]] = {}
    intercept = float(model.intercept_[0])
    for code in NUMERIC_ITEM_CODES:
        per_unit = float(coef[position])
        position += 1
        numeric[code] = (AREA_CENTRE, per_unit)
        intercept += per_unit * AREA_CENTRE
    if position != len(coef):
        raise AssertionError("pipeline has features the scorecard does not describe")
    C = float(np.ravel(model.C_)[0])
    return FittedWeights(intercept=intercept, choice=choice, numeric=numeric, C=C)


def _declined_positions(pipeline: Pipeline) -> list[int]:
    """Positions in the model's coefficients of the prefer_not_to_say levels, as exact_weights walks them."""
    encoder = pipeline.named_steps["columns"].named_transformers_["answers"]
    positions = []
    position = 0
    for categories, dropped in zip(encoder.categories_, encoder.drop_idx_, strict=True):
        for i, answer in enumerate(categories):
            if i == dropped:
                continue
            if answer == PREFER_NOT_TO_SAY:
                positions.append(position)
            position += 1
    return positions


def drop_declined_weights(pipeline: Pipeline, train: pd.DataFrame) -> None:
    """Give every declined level 0 weight and refit the intercept on `train`; changes `pipeline` in place.

    The intercept is the maximum-likelihood one with every other coefficient held as fitted, so the
    pipeline's mean estimated risk on the training rows equals their LTU rate again. The pipeline
    then predicts what the scorecard scores, and exact_weights reads the declined weights as 0.
    """
    from triage.modelling.evaluate import fit_logistic

    model = pipeline.named_steps["model"]
    coef = model.coef_.copy()
    coef[0, _declined_positions(pipeline)] = 0.0
    design = pipeline.named_steps["columns"].transform(features(train))
    # Newton's method starts from the fitted intercept (a start of 0 can overshoot and diverge), so
    # it solves for the shift: intercept = fitted + shift.
    fitted = float(model.intercept_[0])
    offset = np.asarray(design @ coef.ravel()).ravel() + fitted
    (shift,) = fit_logistic(None, train[LABEL].to_numpy(dtype=np.float64), offset)
    model.coef_ = coef
    model.intercept_ = np.array([fitted + float(shift)])


def without_declined(weights: FittedWeights) -> FittedWeights:
    """The weights with the (zero) declined levels left out, so the card scores declining as unanswered."""
    for code, table in weights.choice.items():
        if table.get(PREFER_NOT_TO_SAY, 0.0) != 0.0:
            raise ValueError(f"{code}: the declined level still has a weight; call drop_declined_weights first")
    choice = {
        code: {answer: w for answer, w in table.items() if answer != PREFER_NOT_TO_SAY}
        for code, table in weights.choice.items()
    }
    return FittedWeights(intercept=weights.intercept, choice=choice, numeric=weights.numeric, C=weights.C)


def exact_log_odds(df: pd.DataFrame, weights: FittedWeights) -> np.ndarray:
    """Log-odds from the exact weights, vectorised; equals the pipeline's decision function."""
    eta = np.full(len(df), weights.intercept)
    for code, table in weights.choice.items():
        column = df[code]
        categories = list(column.cat.categories) if isinstance(column.dtype, pd.CategoricalDtype) else None
        if categories is not None:
            lookup = np.array([table[c] for c in categories])
            eta += lookup[column.cat.codes.to_numpy()]
        else:
            eta += column.map(table).to_numpy(dtype=np.float64)
    for code, (centre, per_unit) in weights.numeric.items():
        rate = df[code].to_numpy(dtype=np.float64, na_value=np.nan)
        eta += np.where(np.isnan(rate), 0.0, per_unit * (rate - centre))
    return eta


def logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def log_odds_to_or(weight: float) -> float:
    return math.exp(weight)
