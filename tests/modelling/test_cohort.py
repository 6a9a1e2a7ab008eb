"""The SYNTHETIC cohort follows EVIDENCE.md §5-§7: distributions, correlations, effects, prevalence."""

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from triage.modelling import cohort
from triage.modelling.cohort import (
    AREA_CENTRE,
    AREA_OR_PER_POINT,
    DEPENDANTS_OR_BY_SEX,
    INTERCEPT,
    MISSING_RATES,
    ODDS_RATIOS,
    synthetic_cohort,
)
from triage.modelling.dictionary import validate_frame
from triage.scoring.checklist import ITEMS, PREFER_NOT_TO_SAY

# EVIDENCE.md §5, the marginal distributions the §6 conditional tables must reproduce.
MARGINALS = {
    "q3_age_band": {"under_25": 0.08, "25_34": 0.20, "35_44": 0.22, "45_54": 0.27, "55_plus": 0.23},
    "q1_qualifications": {"none": 0.06, "scqf_1_4": 0.11, "scqf_5_6": 0.32, "scqf_7_8": 0.23, "scqf_9_plus": 0.28},
    "q2a_licence": {"full_clean": 0.71, "full_points": 0.08, "provisional_or_none": 0.21},
    "q2b_vehicle": {"yes": 0.72, "no": 0.28},
    "q4_household": {"alone": 0.15, "partner": 0.66, "others": 0.19},
    "q5_dependants": {"yes": 0.27, "no": 0.73},
    "q9b_disability": {"yes": 0.17, "no": 0.83},
    "q9a_physical": {"good": 0.77, "fair": 0.18, "poor": 0.05},
    "q9c_mental": {"good": 0.82, "fair": 0.14, "poor": 0.04},
    "q6a_confidence": {"very": 0.13, "fairly": 0.29, "neither": 0.25, "not_very": 0.19, "not_at_all": 0.14},
    "q6b_expected_time": {
        "under_3_months": 0.46,
        "3_to_6_months": 0.28,
        "6_to_12_months": 0.15,
        "over_12_months": 0.11,
    },
    "q6c_luck_or_effort": {"effort": 0.60, "both": 0.25, "luck": 0.15},
    "q8a_seeking": {"yes": 0.69, "no": 0.31},
    "q8b_interviews": {"yes": 0.35, "no": 0.65},
    "q8c_employer_contact": {"yes": 0.44, "no": 0.56},
    "q10_parent_work": {"yes": 0.85, "no": 0.10, "dont_know": 0.05},
    "sex": {"male": 0.60, "female": 0.40},
}


def _answered_shares(df: pd.DataFrame, column: str) -> pd.Series:
    values = df[column].astype(object)
    return values[values != PREFER_NOT_TO_SAY].value_counts(normalize=True)


@pytest.mark.parametrize("column", sorted(MARGINALS))
def test_marginals_follow_evidence_section_5(large_cohort, column):
    """EVIDENCE.md §5 distributions, among people who answered, within 1.5 percentage points."""
    shares = _answered_shares(large_cohort, column)
    for answer, expected in MARGINALS[column].items():
        assert shares.get(answer, 0.0) == pytest.approx(expected, abs=0.015), answer


def test_prevalence_is_12_percent(large_cohort):
    """EVIDENCE.md §7 step 4: prevalence 12% ± 1 pp."""
    assert large_cohort["ltu"].mean() == pytest.approx(0.12, abs=0.01)


def test_55_plus_are_at_least_1_8_times_as_likely_as_under_25_to_be_ltu(large_cohort):
    """EVIDENCE.md §7 step 4 (simulation: 18.4% vs 8.3%); report 2.3.4: "Under 25s have the lowest risk"."""
    rate = large_cohort.groupby("q3_age_band", observed=True)["ltu"].mean()
    assert rate["55_plus"] >= 1.8 * rate["under_25"]


@pytest.mark.parametrize(
    ("column", "riskier", "safer"),
    [
        ("q1_qualifications", "none", "scqf_9_plus"),
        ("q2a_licence", "provisional_or_none", "full_clean"),
        ("q4_household", "alone", "partner"),
        ("q6a_confidence", "not_at_all", "very"),
        ("q6b_expected_time", "over_12_months", "under_3_months"),
        ("q8a_seeking", "no", "yes"),
        ("q9b_disability", "yes", "no"),
        ("q9a_physical", "poor", "good"),
        ("q10_parent_work", "no", "yes"),
        ("area_tercile", "high", "low"),
    ],
)
def test_effect_directions_follow_the_report(large_cohort, column, riskier, safer):
    rate = large_cohort.groupby(column, observed=True)["ltu"].mean()
    assert rate[riskier] > rate[safer]


def test_correlations_follow_evidence_section_6(large_cohort):
    df = large_cohort.astype({c: object for c in large_cohort.columns if c not in ("q7_area_unemployment", "ltu")})

    def share(mask, column, answer):
        return (df.loc[mask, column] == answer).mean()

    old, young = df["q3_age_band"] == "55_plus", df["q3_age_band"] == "25_34"
    assert share(old, "q1_qualifications", "scqf_9_plus") < share(young, "q1_qualifications", "scqf_9_plus") - 0.1
    assert share(df["q3_age_band"] == "under_25", "q4_household", "others") > 0.55
    assert share(df["q4_household"] == "alone", "q5_dependants", "yes") == 0
    disabled, not_disabled = df["q9b_disability"] == "yes", df["q9b_disability"] == "no"
    assert share(disabled, "q9a_physical", "poor") > 5 * share(not_disabled, "q9a_physical", "poor")
    assert share(disabled, "q6a_confidence", "not_at_all") > share(not_disabled, "q6a_confidence", "not_at_all")
    very, not_at_all = df["q6a_confidence"] == "very", df["q6a_confidence"] == "not_at_all"
    assert share(very, "q8a_seeking", "yes") > share(not_at_all, "q8a_seeking", "yes") + 0.2
    assert share(df["q1_qualifications"] == "scqf_9_plus", "q2a_licence", "provisional_or_none") < share(
        df["q1_qualifications"] == "none", "q2a_licence", "provisional_or_none"
    )


def test_prefer_not_to_say_is_drawn_at_the_section_5_rates(large_cohort):
    for column, rate in MISSING_RATES.items():
        if column == "q7_area_unemployment":
            declined = large_cohort[column].isna().mean()
        else:
            declined = (large_cohort[column].astype(object) == PREFER_NOT_TO_SAY).mean()
        assert declined == pytest.approx(rate, abs=0.003), column
    assert (large_cohort["q3_age_band"].astype(object) != PREFER_NOT_TO_SAY).all()


def test_area_rates_are_the_council_areas_weighted_by_working_age_population(large_cohort):
    """reference/council_areas.csv [S]: the working-age-weighted mean rate is 3.4%."""
    rates = large_cohort["q7_area_unemployment"].dropna()
    assert rates.mean() == pytest.approx(3.385, abs=0.01)
    assert set(rates.unique()) <= {
        1.6,
        1.7,
        1.9,
        2.0,
        2.2,
        2.4,
        2.5,
        2.6,
        2.8,
        3.1,
        3.2,
        3.4,
        3.5,
        3.6,
        3.8,
        4.0,
    }.union({4.1, 4.7, 4.9})


def test_the_cohort_satisfies_the_data_dictionary(large_cohort):
    validate_frame(large_cohort)


def test_the_same_seed_gives_the_same_cohort_and_missingness_does_not_move_answers_or_labels():
    a = synthetic_cohort(2_000, seed=3)
    pd.testing.assert_frame_equal(a, synthetic_cohort(2_000, seed=3))
    full = synthetic_cohort(2_000, seed=3, missingness=False)
    assert (a["ltu"] == full["ltu"]).all()
    for code in ITEMS:
        shown = a[code].notna() if code == "q7_area_unemployment" else a[code].astype(object) != PREFER_NOT_TO_SAY
        assert (a.loc[shown, code].astype(object) == full.loc[shown, code].astype(object)).all(), code
    assert not synthetic_cohort(2_000, seed=4)["ltu"].equals(a["ltu"])


def test_intercept_is_the_solved_one():
    """EVIDENCE.md §7 step 3: beta0 makes the mean of logistic(eta) 12% (re-solved on a smaller draw)."""
    answers, extra = cohort.draw_answers(300_000, np.random.default_rng(2))
    beta0 = cohort.solve_intercept(cohort.true_eta(answers, extra, intercept=0.0))
    assert beta0 == pytest.approx(INTERCEPT, abs=0.02)


def _design(df: pd.DataFrame) -> tuple[np.ndarray, list[tuple[str, float]]]:
    """A correctly specified design: reference-coded answers, centred area, dependants by sex."""
    columns, truth = [], []
    for item, ors in ODDS_RATIOS.items():
        values = df[item].astype(object).to_numpy()
        for answer, odds_ratio in ors.items():
            if answer == ITEMS[item].reference.code:
                continue
            if item == "q5_dependants":
                for sex, sex_or in DEPENDANTS_OR_BY_SEX.items():
                    columns.append((values == answer) & (df["sex"].astype(object).to_numpy() == sex))
                    truth.append((f"{item}={answer}|{sex}", math.log(sex_or)))
                continue
            columns.append(values == answer)
            truth.append((f"{item}={answer}", math.log(odds_ratio)))
    columns.append(df["q7_area_unemployment"].to_numpy() - AREA_CENTRE)
    truth.append(("q7 per point", math.log(AREA_OR_PER_POINT)))
    return np.column_stack(columns).astype(np.float64), truth


def test_a_logistic_fit_on_200k_rows_recovers_each_generating_log_odds_within_0_1():
    """EVIDENCE.md §7 step 4: a correctly specified fit on 200k rows recovers each ln(OR) within ±0.1."""
    df = synthetic_cohort(200_000, seed=7, missingness=False)
    x, truth = _design(df)
    model = LogisticRegression(C=np.inf, solver="newton-cholesky", max_iter=50).fit(x, df["ltu"].to_numpy())
    assert len(truth) == x.shape[1] == 35
    for (name, expected), got in zip(truth, model.coef_.ravel(), strict=True):
        assert got == pytest.approx(expected, abs=0.1), name
    assert model.intercept_[0] == pytest.approx(INTERCEPT, abs=0.1)


def test_generator_refuses_an_empty_cohort():
    with pytest.raises(ValueError, match="at least 1"):
        synthetic_cohort(0, seed=1)
