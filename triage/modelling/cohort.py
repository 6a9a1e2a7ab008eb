"""A SYNTHETIC cohort of newly redundant people in Scotland, drawn from /work/shared/EVIDENCE.md.

It stands in for real outcomes until they exist. Nothing drawn here is evidence: the odds ratios
are EVIDENCE.md §4's "value" column (every one tagged [A], assumed), the distributions are §5
and the correlations §6 (mostly [A]); only the council areas' rates and populations are [S].
Every output made from this cohort must say that it is synthetic.

The data-generating process, in EVIDENCE.md §7's order:

1. answers (§5 marginals through §6's conditional tables): age band; qualifications by age;
   full licence = logistic(logit(p_age) + 0.25 (q - 2.5)), 10% of full licences with points;
   vehicle 88% with a licence, 10% without; household by age; dependants by age (never when
   living alone); disability by age; physical and mental ability by disability; one latent
   outlook factor z = N(0,1) - 0.35 disabled - 0.08 (age index - 2) + 0.12 (q - 2.5)
   - 0.2 [physical not good] cut into confidence, expected time and luck/effort and driving the
   three job-search items; parent in work, council area (weighted by working-age population) and
   sex independent;
2. log-odds eta = INTERCEPT + sum of ln(OR) over the TRUE answers + ln(1.15) (rate - 3.4), with
   the optional §4 row 5 interaction (dependants: women OR 1.35, men 1.1) so the fairness audit
   has something real to find; sex itself is never scored;
3. ltu ~ Bernoulli(logistic(eta));
4. "prefer not to say" at random (§5: disability 5%, health 4%, confidence items 3%, household and
   dependants 2%, the rest 1%, area 1% as an unknown area): the true answer still drives LTU,
   the data show it as missing.

Answers, labels and missingness come from separate streams of one seed, so switching
missingness off leaves every answer and label unchanged (the recovery test relies on this).
Vectorised over columns, so a large cohort is drawn in one pass (`make bench` times it).
"""

import csv
import math

import numpy as np
import pandas as pd

from triage.modelling.dictionary import COLUMNS, COUNCIL_AREAS_CSV, LABEL, area_tercile
from triage.scoring.checklist import ITEMS, PREFER_NOT_TO_SAY

EVIDENCE_VERSION = "shared/EVIDENCE.md: §4 odds ratios, §5 marginals, §6 correlations, §7 recipe"
BASE_RATE = 0.12  # §1 [A]
AREA_CENTRE = 3.4  # §4 row 7: working-age-weighted Scottish mean rate [S]
AREA_OR_PER_POINT = 1.15  # §4 row 7 [A]

# EVIDENCE.md §7 step 3 [D]: beta0 solved (solve_intercept) so the mean of logistic(eta) is 0.12 on
# draw_answers(2_000_000, default_rng(1)) with the sex interaction (-3.96936); EVIDENCE.md's own
# simulation gave about -3.98. A test re-solves it on a smaller draw.
INTERCEPT = -3.9694

# §4, odds ratio against the reference answer (the reference is 1). All [A].
ODDS_RATIOS: dict[str, dict[str, float]] = {
    "q1_qualifications": {"scqf_9_plus": 1.0, "scqf_7_8": 1.2, "scqf_5_6": 1.5, "scqf_1_4": 2.0, "none": 2.5},
    "q2a_licence": {"full_clean": 1.0, "full_points": 1.1, "provisional_or_none": 1.8},
    "q2b_vehicle": {"yes": 1.0, "no": 1.2},
    "q3_age_band": {"25_34": 1.0, "under_25": 0.8, "35_44": 1.1, "45_54": 1.4, "55_plus": 2.0},
    "q4_household": {"partner": 1.0, "alone": 1.4, "others": 1.2},
    "q5_dependants": {"no": 1.0, "yes": 1.2},  # women 1.35, men 1.1 when the interaction is on
    "q6a_confidence": {"very": 1.0, "fairly": 1.12, "neither": 1.12**2, "not_very": 1.12**3, "not_at_all": 1.12**4},
    "q6b_expected_time": {"under_3_months": 1.0, "3_to_6_months": 1.2, "6_to_12_months": 1.45, "over_12_months": 1.9},
    "q6c_luck_or_effort": {"effort": 1.0, "both": 1.05, "luck": 1.2},
    "q8a_seeking": {"yes": 1.0, "no": 1.25},
    "q8b_interviews": {"yes": 1.0, "no": 1.1},
    "q8c_employer_contact": {"yes": 1.0, "no": 1.1},
    "q9a_physical": {"good": 1.0, "fair": 1.2, "poor": 1.6},
    "q9b_disability": {"no": 1.0, "yes": 1.8},
    "q9c_mental": {"good": 1.0, "fair": 1.2, "poor": 1.6},
    "q10_parent_work": {"yes": 1.0, "no": 1.25, "dont_know": 1.1},
}
DEPENDANTS_OR_BY_SEX = {"female": 1.35, "male": 1.1}  # §4 row 5, optional [A]

# §5 and §6 tables. Category order is the order of the codes listed beside each table.
AGE_CODES = ("under_25", "25_34", "35_44", "45_54", "55_plus")
AGE_P = (0.08, 0.20, 0.22, 0.27, 0.23)
QUAL_CODES = ("none", "scqf_1_4", "scqf_5_6", "scqf_7_8", "scqf_9_plus")  # q = 0 .. 4
QUAL_BY_AGE = (
    (0.03, 0.10, 0.45, 0.22, 0.20),
    (0.03, 0.08, 0.30, 0.22, 0.37),
    (0.04, 0.09, 0.30, 0.24, 0.33),
    (0.06, 0.11, 0.33, 0.24, 0.26),
    (0.10, 0.14, 0.32, 0.22, 0.22),
)
LICENCE_P_BY_AGE = (0.55, 0.74, 0.82, 0.85, 0.83)
LICENCE_QUAL_SLOPE = 0.25
LICENCE_POINTS_SHARE = 0.10
VEHICLE_P = {"licence": 0.88, "no_licence": 0.10}
HOUSEHOLD_CODES = ("alone", "partner", "others")
HOUSEHOLD_BY_AGE = (
    (0.10, 0.25, 0.65),
    (0.14, 0.62, 0.24),
    (0.13, 0.74, 0.13),
    (0.15, 0.72, 0.13),
    (0.20, 0.68, 0.12),
)
DEPENDANTS_P_BY_AGE = (0.10, 0.35, 0.55, 0.35, 0.08)
DISABILITY_P_BY_AGE = (0.10, 0.12, 0.15, 0.19, 0.24)
ABILITY_CODES = ("good", "fair", "poor")
PHYSICAL_BY_DISABILITY = ((0.85, 0.13, 0.02), (0.40, 0.40, 0.20))  # (not disabled, disabled)
MENTAL_BY_DISABILITY = ((0.88, 0.10, 0.02), (0.50, 0.35, 0.15))
CONFIDENCE_CODES = ("not_at_all", "not_very", "neither", "fairly", "very")  # ascending z
CONFIDENCE_CUTS = (-1.3, -0.6, 0.1, 1.1)
EXPECTED_CODES = ("under_3_months", "3_to_6_months", "6_to_12_months", "over_12_months")
EXPECTED_CUTS = (0.0, 0.9, 1.6)
LUCK_CODES = ("effort", "both", "luck")
LUCK_CUTS = (0.5, 1.6)
SEARCH_INTERCEPTS = {"q8a_seeking": 0.9, "q8b_interviews": -0.6, "q8c_employer_contact": -0.2}
SEARCH_SLOPE = 0.5
PARENT_CODES = ("yes", "no", "dont_know")
PARENT_P = (0.85, 0.10, 0.05)
MALE_SHARE = 0.60  # §5 [A]

MISSING_RATES: dict[str, float] = {
    "q9b_disability": 0.05,
    "q9a_physical": 0.04,
    "q9c_mental": 0.04,
    "q6a_confidence": 0.03,
    "q6b_expected_time": 0.03,
    "q6c_luck_or_effort": 0.03,
    "q4_household": 0.02,
    "q5_dependants": 0.02,
    "q1_qualifications": 0.01,
    "q2a_licence": 0.01,
    "q2b_vehicle": 0.01,
    "q8a_seeking": 0.01,
    "q8b_interviews": 0.01,
    "q8c_employer_contact": 0.01,
    "q10_parent_work": 0.01,
    "q7_area_unemployment": 0.01,  # no area recorded
}


def true_log_odds_weights(*, sex_interaction: bool = True) -> dict[str, dict[str, float]]:
    """ln(OR) per answer, as the generator uses them (dependants averaged over sex when interacting)."""
    weights = {item: {a: math.log(v) for a, v in ors.items()} for item, ors in ODDS_RATIOS.items()}
    if sex_interaction:
        mix = (1 - MALE_SHARE) * math.log(DEPENDANTS_OR_BY_SEX["female"]) + MALE_SHARE * math.log(
            DEPENDANTS_OR_BY_SEX["male"]
        )
        weights["q5_dependants"]["yes"] = mix
    return weights


def _council_areas() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with COUNCIL_AREAS_CSV.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    codes = np.array([r["code"] for r in rows], dtype=object)
    rates = np.array([float(r["unemployment_rate_pct"]) for r in rows])
    weights = np.array([float(r["working_age_population"]) for r in rows])
    return codes, rates, weights / weights.sum()


def _categorical(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One category index per row, row i drawn from probabilities[i] (n x k, rows sum to 1)."""
    cumulative = np.cumsum(probabilities, axis=1)
    u = rng.random(len(probabilities))[:, None]
    return np.minimum((u > cumulative[:, :-1]).sum(axis=1), probabilities.shape[1] - 1)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _codes(index: np.ndarray, codes: tuple[str, ...], item: str) -> pd.Categorical:
    categories = [a.code for a in ITEMS[item].answers]
    lookup = np.array([categories.index(c) for c in codes])
    return pd.Categorical.from_codes(lookup[index], categories=categories)


def draw_answers(n: int, rng: np.random.Generator) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """True answers as category indices (per the tuples above) and the area/sex columns."""
    age = rng.choice(5, size=n, p=AGE_P)
    qual = _categorical(rng, np.asarray(QUAL_BY_AGE)[age])
    p_licence = _logistic(
        np.log(np.asarray(LICENCE_P_BY_AGE) / (1 - np.asarray(LICENCE_P_BY_AGE)))[age]
        + LICENCE_QUAL_SLOPE * (qual - 2.5)
    )
    full = rng.random(n) < p_licence
    points = rng.random(n) < LICENCE_POINTS_SHARE
    licence = np.where(full, np.where(points, 1, 0), 2)  # full_clean, full_points, provisional_or_none
    vehicle = np.where(rng.random(n) < np.where(full, VEHICLE_P["licence"], VEHICLE_P["no_licence"]), 0, 1)
    household = _categorical(rng, np.asarray(HOUSEHOLD_BY_AGE)[age])
    dependants = (rng.random(n) < np.asarray(DEPENDANTS_P_BY_AGE)[age]) & (household != 0)
    disabled = rng.random(n) < np.asarray(DISABILITY_P_BY_AGE)[age]
    physical = _categorical(rng, np.asarray(PHYSICAL_BY_DISABILITY)[disabled.astype(int)])
    mental = _categorical(rng, np.asarray(MENTAL_BY_DISABILITY)[disabled.astype(int)])
    z = rng.standard_normal(n) - 0.35 * disabled - 0.08 * (age - 2) + 0.12 * (qual - 2.5) - 0.2 * (physical != 0)
    confidence = np.searchsorted(CONFIDENCE_CUTS, z + 0.3 * rng.standard_normal(n))
    expected = np.searchsorted(EXPECTED_CUTS, -z + 0.6 * rng.standard_normal(n))
    luck = np.searchsorted(LUCK_CUTS, -z + 1.0 * rng.standard_normal(n))
    search = {
        item: np.where(rng.random(n) < _logistic(intercept + SEARCH_SLOPE * z), 0, 1)  # 0 yes, 1 no
        for item, intercept in SEARCH_INTERCEPTS.items()
    }
    parent = rng.choice(3, size=n, p=PARENT_P)
    area_codes, area_rates, area_weights = _council_areas()
    area = rng.choice(len(area_codes), size=n, p=area_weights)
    male = rng.random(n) < MALE_SHARE
    answers = {
        "q1_qualifications": qual,
        "q2a_licence": licence,
        "q2b_vehicle": vehicle,
        "q3_age_band": age,
        "q4_household": household,
        "q5_dependants": dependants.astype(int),  # 0 no, 1 yes
        "q6a_confidence": confidence,
        "q6b_expected_time": expected,
        "q6c_luck_or_effort": luck,
        **search,
        "q9a_physical": physical,
        "q9b_disability": disabled.astype(int),  # 0 no, 1 yes
        "q9c_mental": mental,
        "q10_parent_work": parent,
    }
    extra = {"rate": area_rates[area], "area_code": area_codes[area], "male": male}
    return answers, extra


ANSWER_CODES: dict[str, tuple[str, ...]] = {
    "q1_qualifications": QUAL_CODES,
    "q2a_licence": ("full_clean", "full_points", "provisional_or_none"),
    "q2b_vehicle": ("yes", "no"),
    "q3_age_band": AGE_CODES,
    "q4_household": HOUSEHOLD_CODES,
    "q5_dependants": ("no", "yes"),
    "q6a_confidence": CONFIDENCE_CODES,
    "q6b_expected_time": EXPECTED_CODES,
    "q6c_luck_or_effort": LUCK_CODES,
    "q8a_seeking": ("yes", "no"),
    "q8b_interviews": ("yes", "no"),
    "q8c_employer_contact": ("yes", "no"),
    "q9a_physical": ABILITY_CODES,
    "q9b_disability": ("no", "yes"),
    "q9c_mental": ABILITY_CODES,
    "q10_parent_work": PARENT_CODES,
}
"""The code of each category index draw_answers produces, per item."""


def true_eta(
    answers: dict[str, np.ndarray], extra: dict[str, np.ndarray], *, intercept: float, sex_interaction: bool = True
) -> np.ndarray:
    """EVIDENCE.md §7 step 2: the log-odds of LTU from the TRUE answers."""
    eta = np.full(len(extra["rate"]), intercept)
    for item, index in answers.items():
        ors = ODDS_RATIOS[item]
        table = np.log(np.array([ors[code] for code in ANSWER_CODES[item]]))
        if item == "q5_dependants" and sex_interaction:
            yes = np.where(
                extra["male"], math.log(DEPENDANTS_OR_BY_SEX["male"]), math.log(DEPENDANTS_OR_BY_SEX["female"])
            )
            eta += np.where(index == 1, yes, 0.0)
            continue
        eta += table[index]
    return eta + math.log(AREA_OR_PER_POINT) * (extra["rate"] - AREA_CENTRE)


def solve_intercept(eta_without_intercept: np.ndarray, base_rate: float = BASE_RATE) -> float:
    """beta0 such that the mean of logistic(beta0 + eta) is base_rate (Newton's method, monotone)."""
    b = math.log(base_rate / (1 - base_rate)) - float(np.mean(eta_without_intercept))
    for _ in range(50):
        p = _logistic(b + eta_without_intercept)
        step = (p.mean() - base_rate) / np.mean(p * (1 - p))
        b -= step
        if abs(step) < 1e-12:
            break
    return b


def synthetic_cohort(
    n: int,
    *,
    seed: int,
    missingness: bool = True,
    sex_interaction: bool = True,
    intercept: float = INTERCEPT,
) -> pd.DataFrame:
    """n SYNTHETIC people as a frame in the data dictionary's columns (triage.modelling.dictionary).

    Choice columns are categoricals with the checklist's answer codes; q7 is float (NaN: no area).
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    answers_seq, label_seq, missing_seq = np.random.SeedSequence(seed).spawn(3)
    answers, extra = draw_answers(n, np.random.default_rng(answers_seq))
    eta = true_eta(answers, extra, intercept=intercept, sex_interaction=sex_interaction)
    ltu = (np.random.default_rng(label_seq).random(n) < _logistic(eta)).astype(np.int8)

    columns: dict[str, object] = {}
    for item in ITEMS:
        if item == "q7_area_unemployment":
            columns[item] = extra["rate"].copy()
        else:
            columns[item] = _codes(answers[item], ANSWER_CODES[item], item)
    area_code = extra["area_code"].copy()
    if missingness:
        rng = np.random.default_rng(missing_seq)
        for item, rate in MISSING_RATES.items():
            declined = rng.random(n) < rate
            if item == "q7_area_unemployment":
                columns[item][declined] = np.nan
                area_code[declined] = ""
            else:
                column = columns[item]
                codes = column.codes.copy()
                codes[declined] = list(column.categories).index(PREFER_NOT_TO_SAY)
                columns[item] = pd.Categorical.from_codes(codes, categories=column.categories)
    sex_categories = next(c.allowed for c in COLUMNS if c.name == "sex")
    columns["sex"] = pd.Categorical.from_codes(
        np.where(extra["male"], sex_categories.index("male"), sex_categories.index("female")), categories=sex_categories
    )
    terciles = next(c.allowed for c in COLUMNS if c.name == "area_tercile")
    columns["area_tercile"] = pd.Categorical(area_tercile(columns["q7_area_unemployment"]), categories=terciles)
    area_categories = [*next(c.allowed for c in COLUMNS if c.name == "council_area_code"), ""]
    columns["council_area_code"] = pd.Categorical(area_code, categories=area_categories)
    columns[LABEL] = ltu
    return pd.DataFrame(columns)
