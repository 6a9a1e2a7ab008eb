"""score_frame(): the vectorised twin of score(), held to the same answers row by row."""

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage.scoring import CHOICE_ITEM_CODES, ITEMS, PREFER_NOT_TO_SAY, score
from triage.scoring.bulk import score_frame
from triage.scoring.scorecard import NumericScale

AREA_RATES = [1.6, 2.5, 3.1, 3.15, 3.4, 3.65, 3.8, 4.0, 4.9, 0.0, 100.0]


def _random_frame(rng: np.random.Generator, n: int) -> pd.DataFrame:
    columns = {}
    for code in CHOICE_ITEM_CODES:
        options = [a.code for a in ITEMS[code].answers] + [None, np.nan]
        # Some rows decline a lot, so incomplete rows are common enough to test.
        columns[code] = rng.choice(np.array(options, dtype=object), size=n)
    rates = rng.choice(AREA_RATES, size=n)
    columns["q7_area_unemployment"] = np.where(rng.random(n) < 0.1, np.nan, rates)
    return pd.DataFrame(columns, index=pd.RangeIndex(1000, 1000 + n))


def _row_answers(row: pd.Series) -> dict:
    return {code: value for code, value in row.items() if value is not None}


def _assert_same_as_single_path(frame: pd.DataFrame, out: pd.DataFrame, card) -> None:
    assert list(out.columns) == ["total", "probability", "band", "missing"]
    assert out.index.equals(frame.index)
    for index, row in frame.iterrows():
        expected = score(_row_answers(row), card)
        got = out.loc[index]
        assert got["total"] == expected.total, index
        assert got["missing"] == expected.missing, index
        if expected.band is None:
            assert pd.isna(got["band"]) and math.isnan(got["probability"]), index
        else:
            assert got["band"] == expected.band, index
            assert got["probability"] == pytest.approx(expected.probability, rel=1e-12), index


@pytest.mark.parametrize("dtype", [None, object, "category"])
def test_vectorised_scores_equal_the_single_path_on_random_answers(rules_card, dtype):
    frame = _random_frame(np.random.default_rng(20251125), 3000)
    if dtype is not None:
        frame = frame.astype(dict.fromkeys(CHOICE_ITEM_CODES, dtype))
    out = score_frame(frame, rules_card)
    _assert_same_as_single_path(frame, out, rules_card)
    # The random draw must reach every band and the incomplete case, or the test proves little.
    assert set(out["band"].dropna()) == {"low", "medium", "high"}
    assert out["band"].isna().any()


def test_vectorised_area_points_round_like_the_single_path(rules_card, reference_answers):
    # A slope where binary floats put exact halves a hair low: 2.5 * (3.2 - 3.4) = -0.4999999999999993.
    card = replace(rules_card, numeric={"q7_area_unemployment": NumericScale(centre=3.4, points_per_unit=2.5)})
    rates = [0.8, 3.2, 5.6, 7.6, 9.2, 3.4]
    frame = pd.DataFrame([dict(reference_answers, q7_area_unemployment=rate) for rate in rates])
    out = score_frame(frame, card)
    assert out["total"].tolist() == [-7, -1, 6, 11, 15, 0]
    _assert_same_as_single_path(frame, out, card)


_answer_sets = st.fixed_dictionaries(
    {code: st.sampled_from([*ITEMS[code].answer_codes, None]) for code in CHOICE_ITEM_CODES}
    | {"q7_area_unemployment": st.one_of(st.none(), st.floats(0, 100, allow_nan=False))}
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_answer_sets, min_size=1, max_size=30))
def test_vectorised_scores_equal_the_single_path_on_generated_answers(rules_card, answer_sets):
    frame = pd.DataFrame(answer_sets)
    _assert_same_as_single_path(frame, score_frame(frame, rules_card), rules_card)


def test_declined_and_absent_columns_are_missing(rules_card, reference_answers):
    frame = pd.DataFrame([reference_answers, dict(reference_answers, q4_household=PREFER_NOT_TO_SAY)])
    frame = frame.drop(columns=["q10_parent_work"])
    out = score_frame(frame, rules_card)
    assert out["missing"].tolist() == [1, 2]
    assert out["total"].tolist() == [0, 0]


def test_band_is_an_ordered_category(rules_card, reference_answers):
    out = score_frame(pd.DataFrame([reference_answers]), rules_card)
    assert out["band"].cat.categories.tolist() == ["low", "medium", "high"]
    assert out["band"].cat.ordered


def test_an_answer_outside_the_checklist_raises_naming_the_item(rules_card, reference_answers):
    frame = pd.DataFrame([reference_answers, dict(reference_answers, q4_household="married")])
    with pytest.raises(ValueError, match="'married' is not an answer to q4_household"):
        score_frame(frame, rules_card)


def test_declining_the_derived_age_raises(rules_card, reference_answers):
    frame = pd.DataFrame([dict(reference_answers, q3_age_band=PREFER_NOT_TO_SAY)])
    with pytest.raises(ValueError, match="q3_age_band"):
        score_frame(frame, rules_card)


def test_an_area_rate_out_of_range_raises(rules_card, reference_answers):
    with pytest.raises(ValueError, match="q7_area_unemployment"):
        score_frame(pd.DataFrame([dict(reference_answers, q7_area_unemployment=-1.0)]), rules_card)


def test_an_empty_frame_gives_an_empty_result(rules_card):
    out = score_frame(pd.DataFrame({code: pd.Series([], dtype=object) for code in CHOICE_ITEM_CODES}), rules_card)
    assert len(out) == 0
    assert list(out.columns) == ["total", "probability", "band", "missing"]
