"""models/logistic-1.1 (the live card): reproduces from its command, matches its pipeline, beats or ties the rules card."""

import io
import json
import re
import shlex
import tomllib

import joblib
import numpy as np
import pytest
from django.core.management import call_command

from tests.modelling.conftest import LOGISTIC_DIR
from triage.modelling import fit
from triage.modelling.cohort import synthetic_cohort
from triage.modelling.dictionary import clean_frame
from triage.modelling.evaluate import roc_auc
from triage.modelling.points import MAX_ROUNDING_COST
from triage.scoring import ITEMS, PREFER_NOT_TO_SAY
from triage.scoring.bulk import exact_log_odds_frame, score_frame


@pytest.fixture(scope="module")
def metrics():
    return json.loads((LOGISTIC_DIR / "metrics.json").read_text())


@pytest.fixture(scope="module")
def meta():
    return tomllib.loads((LOGISTIC_DIR / "scorecard.toml").read_text())["meta"]


def test_exact_weights_in_the_file_reproduce_the_pipeline_on_10000_rows(logistic_card):
    """Issue 4: the file's exact log-odds reproduce pipeline.joblib's predict_proba within 1e-9."""
    pipeline = joblib.load(LOGISTIC_DIR / "pipeline.joblib")
    rows = clean_frame(synthetic_cohort(10_000, seed=424242))
    expected = pipeline.predict_proba(fit.features(rows))[:, 1]
    answers = fit.features(rows).astype(object).to_dict("records")
    single = np.array([1 / (1 + np.exp(-logistic_card.exact_log_odds(a))) for a in answers])
    vectorised = 1 / (1 + np.exp(-exact_log_odds_frame(rows, logistic_card)))
    assert len(single) == 10_000
    assert np.max(np.abs(single - expected)) < 1e-9
    assert np.max(np.abs(vectorised - expected)) < 1e-9


def test_integer_points_cost_less_than_0_005_auc(logistic_card, metrics):
    rounding = metrics["rounding"]
    assert rounding["cost"] < MAX_ROUNDING_COST
    assert rounding["auc_points"] == metrics["cards"]["logistic-1.1"]["auc"]
    # And on fresh rows the committed run never saw.
    rows = clean_frame(synthetic_cohort(50_000, seed=31337))
    y = rows["ltu"].to_numpy()
    cost = roc_auc(y, exact_log_odds_frame(rows, logistic_card)) - roc_auc(y, score_frame(rows, logistic_card)["total"])
    assert cost < MAX_ROUNDING_COST


def test_logistic_auc_is_at_least_the_rules_cards_on_the_same_held_out_rows(metrics):
    assert metrics["cards"]["logistic-1.1"]["auc"] >= metrics["cards"]["rules-1.0"]["auc"]


def test_held_out_figures_meet_evidence_section_7_acceptance_checks(metrics):
    """EVIDENCE.md §7 step 4: AUC 0.70-0.76; top 8% PPV 0.30-0.42; bottom 30% LTU at most 5%."""
    card = metrics["cards"]["logistic-1.1"]
    assert 0.70 <= card["auc"] <= 0.76
    low, high = card["auc_95ci"]
    assert low < card["auc"] < high
    top8 = next(r for r in card["cutoffs"]["highest"] if r["share"] == 0.08)
    assert 0.30 <= top8["precision"] <= 0.42
    bottom30 = next(r for r in card["cutoffs"]["lowest"] if r["share"] == 0.30)
    assert 1 - bottom30["share_not_ltu"] <= 0.05
    assert abs(card["calibration"]["in_the_large"]) < 0.05
    assert set(card["fairness"]) == {"sex", "age band", "disability", "area unemployment tercile"}


def test_every_output_says_it_is_synthetic(metrics, meta):
    toml_text = (LOGISTIC_DIR / "scorecard.toml").read_text()
    card_text = (LOGISTIC_DIR / "model_card.md").read_text()
    assert "SYNTHETIC" in toml_text and meta["synthetic"] is True
    assert metrics["synthetic"] is True and "SYNTHETIC" in metrics["note"]
    assert "SYNTHETIC DATA" in card_text and "[A]" in card_text and "not evidence" in card_text
    assert "triage, never exclusion" in card_text
    assert meta["command"] in card_text


def test_artefacts_are_small(meta):
    png = (LOGISTIC_DIR / "calibration.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    assert len(png) < 200_000
    assert (LOGISTIC_DIR / "pipeline.joblib").stat().st_size < 100_000


# A line whose value is a float: `intercept = -3.98...` or `centre = 3.4  # comment`.
FLOAT_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_]+ = )(?P<number>[-+]?\d+\.\d+(?:[eE][-+]?\d+)?)(?P<rest>\s*(?:#.*)?)$")
# The exact weights come from a Newton-Cholesky solve; BLAS builds and thread counts differ between
# machines, so the last digit or two of a weight may differ (-3.9863068276579328 against ...323).
# Far tighter than any digit the comments or the points depend on.
REFIT_TOLERANCE = {"rel": 1e-9, "abs": 1e-12}


def _without_date_and_floats(text: str) -> tuple[list[str], list[float]]:
    """The lines with every float value replaced by a marker, and those floats in order; no date line."""
    lines, numbers = [], []
    for line in text.splitlines():
        if line.startswith("trained_on = "):
            continue
        match = FLOAT_LINE.match(line)
        if match:
            lines.append(f"{match['key']}<float>{match['rest']}")
            numbers.append(float(match["number"]))
        else:
            lines.append(line)
    return lines, numbers


def test_the_documented_command_reproduces_the_committed_scorecard(models_dir, meta):
    """Issue 4: re-running the command in [meta] gives the same scorecard.toml apart from the date line.

    Every comment, key, point and cut-off must match exactly; a float value to within REFIT_TOLERANCE.
    """
    args = shlex.split(meta["command"])
    assert args[:3] == ["python", "manage.py", "train_model"]
    call_command(*args[2:], stdout=io.StringIO())

    rebuilt = (models_dir / "logistic-1.1" / "scorecard.toml").read_text()
    committed = (LOGISTIC_DIR / "scorecard.toml").read_text()
    rebuilt_lines, rebuilt_numbers = _without_date_and_floats(rebuilt)
    committed_lines, committed_numbers = _without_date_and_floats(committed)
    assert rebuilt_lines == committed_lines
    assert rebuilt_numbers == pytest.approx(committed_numbers, **REFIT_TOLERANCE)
    assert len(committed_lines) == len(committed.splitlines()) - 1
    assert len(committed_numbers) > 50  # the intercepts, scale, area scale and every exact weight


def test_float_lines_are_masked_and_nothing_else():
    text = 'intercept = -3.9863068276579323\ncentre = 3.4\nnone = 13                   # log-odds +0.9194\nversion = "1.0"\n'
    lines, numbers = _without_date_and_floats(text + 'trained_on = "2026-11-25"\n')
    assert lines == [
        "intercept = <float>",
        "centre = <float>",
        "none = 13                   # log-odds +0.9194",
        'version = "1.0"',
    ]
    assert numbers == [-3.9863068276579323, 3.4]
    assert numbers != pytest.approx([-3.9863068276579323, 3.4 * (1 + 1e-8)], **REFIT_TOLERANCE)


def test_the_live_card_scores_declining_0_and_keeps_the_weights_fitted_before_the_rule(logistic_card):
    """logistic-1.0 and 1.1 are one fit of the same rows: 1.1 only dropped the declined weights and
    refitted the intercept, so every other exact weight is the same (unbiased by the rule)."""
    from tests.modelling.conftest import MODELS
    from triage.scoring import declined_rule_breaches, load_scorecard

    assert declined_rule_breaches(logistic_card) == ()
    before = load_scorecard(MODELS / "logistic-1.0").weights
    for code, table in logistic_card.weights.choice.items():
        assert PREFER_NOT_TO_SAY not in table and PREFER_NOT_TO_SAY not in logistic_card.points[code]
        for answer, weight in table.items():
            assert weight == pytest.approx(before.choice[code][answer], **REFIT_TOLERANCE)
    per_unit = logistic_card.weights.numeric["q7_area_unemployment"][1]
    assert per_unit == pytest.approx(before.numeric["q7_area_unemployment"][1], **REFIT_TOLERANCE)
    assert logistic_card.weights.intercept != pytest.approx(before.intercept, abs=1e-3)


def test_metrics_report_what_the_rule_costs_with_calibration_among_decliners(metrics):
    rule = metrics["declined_rule"]
    assert rule["auc_without_declined_weights"] == metrics["exact_model"]["auc"]
    assert rule["cost"] == pytest.approx(rule["auc_with_declined_weights"] - rule["auc_without_declined_weights"])
    assert 0 <= rule["cost"] < 0.005
    groups = rule["calibration_among_decliners"]
    assert set(groups) == {code for code in ITEMS if ITEMS[code].declinable}
    for group in groups.values():
        assert group["n"] > 500
        assert abs(group["observed_rate"] - group["mean_probability"]) < 0.05
    card_text = (LOGISTIC_DIR / "model_card.md").read_text()
    assert "## What declining costs" in card_text
    assert f"**{rule['auc_with_declined_weights']:.4f}**" in card_text
    assert f"| 9b. Do you have any disabilities? | {groups['q9b_disability']['n']:,} |" in card_text
