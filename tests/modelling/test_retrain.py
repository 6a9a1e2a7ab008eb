"""The retraining core: the paired AUC difference points the right way, and the model card's
opening says what the candidate was trained on."""

from datetime import date

import numpy as np
import pytest

from tests.modelling.conftest import LOGISTIC_DIR, RULES_DIR
from triage.modelling import fit
from triage.modelling.retrain import TrainingData, compare, side_by_side, training_data_text
from triage.scoring import load_scorecard
from triage.scoring.bulk import score_frame


@pytest.fixture(scope="module")
def favouring_logistic(small_cohort):
    """People whose outcome is exactly logistic-1.1's ranking: its top third became LTU. Rules-1.0,
    with other points, ranks them less well."""
    frame = small_cohort.iloc[:600].copy()
    totals = score_frame(fit.features(frame), load_scorecard(LOGISTIC_DIR))["total"].to_numpy()
    frame["ltu"] = (totals >= np.quantile(totals, 2 / 3)).astype(np.int8)
    return frame


def test_the_paired_auc_difference_favours_the_card_the_case_was_built_for(favouring_logistic):
    logistic, rules = load_scorecard(LOGISTIC_DIR), load_scorecard(RULES_DIR)
    better = compare(favouring_logistic, live=rules, candidate=logistic, seed=3, replicates=200)
    worse = compare(favouring_logistic, live=logistic, candidate=rules, seed=3, replicates=200)

    assert better["auc_difference"]["low"] > 0
    assert worse["auc_difference"]["high"] < 0
    assert better["auc_difference"]["value"] == pytest.approx(-worse["auc_difference"]["value"])
    assert better["cards"]["candidate"]["performance"]["auc"]["value"] > 0.99
    assert side_by_side(better)["verdict"] == "better"
    assert side_by_side(worse)["verdict"] == "worse"


def test_the_same_card_on_both_sides_cannot_be_told_apart(favouring_logistic):
    rules = load_scorecard(RULES_DIR)
    same = compare(favouring_logistic, live=rules, candidate=rules, seed=3, replicates=100)
    assert same["auc_difference"] == {"value": 0.0, "low": 0.0, "high": 0.0}
    assert side_by_side(same)["verdict"] == "unclear"


def test_the_comparison_has_calibration_cutoffs_and_fairness_for_both_cards(favouring_logistic):
    rules, logistic = load_scorecard(RULES_DIR), load_scorecard(LOGISTIC_DIR)
    rows = side_by_side(compare(favouring_logistic, live=rules, candidate=logistic, seed=3, replicates=100))
    assert [row["share"] for row in rows["highest"]] == [0.08, 0.10, 0.20, 0.30]
    shown = {row["attribute"] for row in rows["fairness"]}
    assert shown | set(rows["fairness_unshown"]) == {"sex", "age band", "disability", "area unemployment tercile"}
    assert shown, "600 people give at least one attribute two groups of 30"
    assert rows["candidate"]["performance"]["calibration_table"]
    assert "value" in rows["live"]["performance"]["calibration_slope"]


def test_the_training_data_paragraph_names_the_data():
    text = training_data_text(
        TrainingData(ltu=61, not_ltu=240, outcomes_from=date(2026, 2, 3), outcomes_to=date(2026, 11, 30)),
        training_rows=225,
        held_out_rows=76,
    )
    assert "Trained on recorded outcomes, not the synthetic cohort" in text
    assert "the 301 people" in text
    assert "61 long-term unemployed, 240 not" in text
    assert "from 3 February 2026 to 30 November 2026" in text
    assert "225 people were used to fit it and 76 were held out" in text
