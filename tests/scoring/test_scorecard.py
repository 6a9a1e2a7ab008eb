"""Loading and checking scorecards, band edges, and the rules card's points against the evidence."""

import math

import pytest

from triage.scoring import ITEMS, ScorecardError, load_scorecard
from triage.scoring.scorecard import NumericScale, round_half_away_from_zero


def _write(tmp_path, text):
    path = tmp_path / "scorecard.toml"
    path.write_text(text)
    return path


def test_rules_card_loads_from_its_directory_or_file(rules_card, rules_dir):
    assert load_scorecard(rules_dir / "scorecard.toml") == rules_card
    assert rules_card.label == "rules-1.0"
    assert rules_card.kind == "rules"
    assert (rules_card.cutoffs.medium_from, rules_card.cutoffs.high_from) == (18, 38)
    assert rules_card.max_missing == 4
    assert rules_card.points_scale == pytest.approx(math.log(2) / 10)


def test_band_edges_fall_on_the_cut_offs(rules_card):
    medium, high = rules_card.cutoffs.medium_from, rules_card.cutoffs.high_from
    assert rules_card.band_for_total(medium - 1) == "low"
    assert rules_card.band_for_total(medium) == "medium"
    assert rules_card.band_for_total(high - 1) == "medium"
    assert rules_card.band_for_total(high) == "high"
    assert rules_card.band_for_total(-10) == "low"


def test_probability_is_logistic_of_intercept_plus_scaled_points(rules_card):
    """EVIDENCE.md section 7 step 5: each point is worth ln2/10 log-odds, so 10 points double the odds."""
    p0 = rules_card.probability_for_total(0)
    p10 = rules_card.probability_for_total(10)
    assert p0 == pytest.approx(1 / (1 + math.exp(3.98)))
    assert (p10 / (1 - p10)) / (p0 / (1 - p0)) == pytest.approx(2.0)
    assert rules_card.probability_for_total(18) == pytest.approx(0.061, abs=0.001)
    assert rules_card.probability_for_total(38) == pytest.approx(0.207, abs=0.001)


@pytest.mark.parametrize(("x", "expected"), [(2.5, 3), (-2.5, -3), (0.5, 1), (-0.5, -1), (1.49, 1), (-3.6, -4)])
def test_rounding_is_half_away_from_zero(x, expected):
    assert round_half_away_from_zero(x) == expected


@pytest.mark.parametrize(("rate", "expected"), [(3.2, -1), (5.6, 6), (0.8, -7), (3.4, 0)])
def test_area_points_round_an_exact_half_away_from_zero_despite_binary_floats(rate, expected):
    """2.5 * (3.2 - 3.4) is -0.5 on paper but -0.4999999999999993 in floating point."""
    assert NumericScale(centre=3.4, points_per_unit=2.5).points_for(rate) == expected


def _points(orv: float) -> int:
    return round_half_away_from_zero(10 * math.log2(orv))


def test_q1_qualification_points_follow_the_evidence(rules_card):
    """Q1 (report 2.3.4, ***): "Lower level or no qualifications are substantial risk factors for LTU."
    EVIDENCE.md section 4 row 1: SCQF 9+ (ref); 7-8 OR 1.2; 5-6 OR 1.5; 1-4 OR 2.0; none OR 2.5 [A]."""
    expected = {"scqf_9_plus": 0, "scqf_7_8": _points(1.2), "scqf_5_6": _points(1.5)}
    expected |= {"scqf_1_4": _points(2.0), "none": _points(2.5)}
    assert dict(rules_card.points["q1_qualifications"]) == expected
    assert expected == {"scqf_9_plus": 0, "scqf_7_8": 3, "scqf_5_6": 6, "scqf_1_4": 10, "none": 13}


def test_q3_age_points_follow_the_evidence(rules_card):
    """Q3 (report 2.3.4, ***): "Under 25s have the lowest risk of LTU, those aged 45 and over are at
    greatest risk." EVIDENCE.md section 4 row 3: 25-34 (ref); <25 0.8; 35-44 1.1; 45-54 1.4; 55+ 2.0 [A]."""
    assert dict(rules_card.points["q3_age_band"]) == {
        "under_25": _points(0.8),
        "25_34": 0,
        "35_44": _points(1.1),
        "45_54": _points(1.4),
        "55_plus": _points(2.0),
    }
    assert rules_card.points["q3_age_band"]["under_25"] == -3


def test_q6a_confidence_points_follow_the_evidence(rules_card):
    """Q6 (report 2.3.4, ***): "Less confidence ... associated with a greater risk of LTU."
    EVIDENCE.md section 4 row 6a: x1.12 per step down from "very" (not at all = 1.57) [A]."""
    assert dict(rules_card.points["q6a_confidence"]) == {
        "very": 0,
        "fairly": _points(1.12),
        "neither": _points(1.12**2),
        "not_very": _points(1.12**3),
        "not_at_all": _points(1.57),
    }


def test_q9b_disability_and_q10_parent_points_follow_the_evidence(rules_card):
    """Q9 (report 2.3.4, **): "having a disability may indicate a greater risk of LTU" - OR 1.8 [A].
    Q10 (*): parent in paid work until 16 - no OR 1.25, don't know OR 1.1 [A] (EVIDENCE.md section 4)."""
    assert rules_card.points["q9b_disability"]["yes"] == _points(1.8) == 8
    assert dict(rules_card.points["q10_parent_work"]) == {"yes": 0, "no": _points(1.25), "dont_know": _points(1.1)}


def test_q7_area_slope_is_the_evidence_or_per_point(rules_card):
    """Q7 (report 2.3.4, **): "higher levels of unemployment ... greater risk of LTU."
    EVIDENCE.md section 4 row 7: x1.15 per +1 pp, centred at 3.4% [A]; 10*log2(1.15) = 2.02 -> 2.0."""
    scale = rules_card.numeric["q7_area_unemployment"]
    assert scale.centre == 3.4
    assert scale.points_per_unit == pytest.approx(10 * math.log2(1.15), abs=0.05)


def test_every_reference_answer_scores_zero_and_every_answer_is_priced(rules_card):
    for code, points in rules_card.points.items():
        assert set(points) == set(ITEMS[code].answer_codes)
        assert points[ITEMS[code].reference.code] == 0


def test_unknown_answer_is_refused_by_name(tmp_path, rules_toml):
    _write(tmp_path, rules_toml.replace("luck = 3 ", "luck = 3\nfate = 4 ", 1))
    with pytest.raises(ScorecardError, match=r"points\.q6c_luck_or_effort\.fate: no such answer"):
        load_scorecard(tmp_path)


def test_missing_item_is_refused_by_name(tmp_path, rules_toml):
    start = rules_toml.index("[points.q5_dependants]")
    end = rules_toml.index("[points.q6a_confidence]")
    _write(tmp_path, rules_toml[:start] + rules_toml[end:])
    with pytest.raises(ScorecardError, match=r"\[points\.q5_dependants\] is missing"):
        load_scorecard(tmp_path)


def test_missing_answer_is_refused_by_name(tmp_path, rules_toml):
    _write(tmp_path, rules_toml.replace("dont_know = 1 ", "", 1))
    with pytest.raises(ScorecardError, match=r"points\.q10_parent_work\.dont_know is missing"):
        load_scorecard(tmp_path)


def test_unknown_item_is_refused_by_name(tmp_path, rules_toml):
    _write(tmp_path, rules_toml + "\n[points.q11_shoe_size]\nbig = 1\n")
    with pytest.raises(ScorecardError, match=r"points\.q11_shoe_size"):
        load_scorecard(tmp_path)


@pytest.mark.parametrize(("medium", "high"), [(38, 38), (40, 38)])
def test_cut_offs_that_do_not_increase_are_refused(tmp_path, rules_toml, medium, high):
    text = rules_toml.replace("medium_from = 18", f"medium_from = {medium}").replace(
        "high_from = 38", f"high_from = {high}"
    )
    _write(tmp_path, text)
    with pytest.raises(ScorecardError, match=r"cut-offs must increase: bands\.medium_from"):
        load_scorecard(tmp_path)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("alone = 5 ", "alone = 5.5 ", r"points\.q4_household\.alone must be a whole number"),
        ("partner = 0 ", "partner = 1 ", r"points\.q4_household\.partner is the reference answer"),
        ('checklist_version = "2.3.4-v1"', 'checklist_version = "2.3.4-v0"', "does not match"),
        ("max_missing = 4", "max_mising = 4", "unknown key 'max_mising'"),
        ("centre = 3.4", "", r"numeric\.q7_area_unemployment\.centre must be a number"),
        ('kind = "rules"', 'kind = "magic"', "kind must be one of"),
    ],
)
def test_malformed_values_are_refused_by_name(tmp_path, rules_toml, old, new, message):
    assert old in rules_toml
    _write(tmp_path, rules_toml.replace(old, new, 1))
    with pytest.raises(ScorecardError, match=message):
        load_scorecard(tmp_path)


def test_prefer_not_to_say_may_be_listed_only_at_zero(tmp_path, rules_toml):
    _write(tmp_path, rules_toml.replace("alone = 5 ", "alone = 5\nprefer_not_to_say = 0 ", 1))
    assert "prefer_not_to_say" not in load_scorecard(tmp_path).points["q4_household"]
    _write(tmp_path, rules_toml.replace("alone = 5 ", "alone = 5\nprefer_not_to_say = 2 ", 1))
    with pytest.raises(ScorecardError, match="counts as unanswered"):
        load_scorecard(tmp_path)


def test_invalid_toml_and_absent_file_are_scorecard_errors(tmp_path):
    with pytest.raises(ScorecardError, match="no scorecard file"):
        load_scorecard(tmp_path)
    _write(tmp_path, "name = \n")
    with pytest.raises(ScorecardError, match="not valid TOML"):
        load_scorecard(tmp_path)
