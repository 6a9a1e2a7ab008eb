"""The data dictionary: what training accepts, refused with the column and row named."""

import numpy as np
import pandas as pd
import pytest

from triage.modelling.dictionary import (
    COLUMN_NAMES,
    FAIRNESS_ATTRIBUTES,
    DataError,
    area_tercile,
    clean_frame,
    data_sha256,
    read_csv,
    training_rows,
    validate_frame,
)
from triage.scoring.checklist import ITEMS, PREFER_NOT_TO_SAY


@pytest.fixture
def rows(small_cohort) -> pd.DataFrame:
    """Twenty rows as text, the way a CSV arrives."""
    return small_cohort.head(20).astype(object).astype(str).replace({"nan": ""})


def test_dictionary_has_every_item_the_fairness_attributes_the_area_and_the_label():
    assert set(ITEMS) < set(COLUMN_NAMES)
    assert {"sex", "area_tercile", "council_area_code", "ltu"} < set(COLUMN_NAMES)
    assert set(FAIRNESS_ATTRIBUTES.values()) <= set(COLUMN_NAMES)


def test_text_rows_validate_and_clean_to_the_same_data(small_cohort, rows):
    validate_frame(rows)
    cleaned = clean_frame(rows)
    expected = small_cohort.head(20)
    for column in COLUMN_NAMES:
        if column == "q7_area_unemployment":
            np.testing.assert_array_equal(cleaned[column].to_numpy(), expected[column].to_numpy())
        else:
            assert cleaned[column].astype(object).tolist() == expected[column].astype(object).tolist(), column
    assert data_sha256(cleaned) == data_sha256(expected)


def test_missing_column_is_named(rows):
    with pytest.raises(DataError, match="column 'q6b_expected_time' is missing"):
        validate_frame(rows.drop(columns=["q6b_expected_time"]))


def test_unknown_answer_names_column_row_and_value(rows):
    rows.loc[6, "q4_household"] = "married"
    with pytest.raises(DataError, match=r"row 7, column 'q4_household': 'married' is not allowed"):
        validate_frame(rows)


def test_blank_answer_says_to_record_prefer_not_to_say(rows):
    rows.loc[2, "q1_qualifications"] = np.nan
    with pytest.raises(DataError, match=rf"row 3, column 'q1_qualifications': blank; .*{PREFER_NOT_TO_SAY}"):
        validate_frame(rows)


def test_declining_the_derived_age_band_is_refused(rows):
    rows.loc[0, "q3_age_band"] = PREFER_NOT_TO_SAY
    with pytest.raises(DataError, match="row 1, column 'q3_age_band'"):
        validate_frame(rows)


@pytest.mark.parametrize("label", ["2", "yes", "-1", "0.5", "unknown"])
def test_label_other_than_0_or_1_is_refused(rows, label):
    rows.loc[11, "ltu"] = label
    with pytest.raises(DataError, match=r"row 12, column 'ltu': .* is not a label \(use 0 or 1, or blank if unknown\)"):
        validate_frame(rows)


@pytest.mark.parametrize(("value", "message"), [("high", "is not a number"), ("101", "is not between 0 and 100")])
def test_bad_area_rate_is_refused(rows, value, message):
    rows.loc[4, "q7_area_unemployment"] = value
    with pytest.raises(DataError, match=f"row 5, column 'q7_area_unemployment': '{value}' {message}"):
        validate_frame(rows)


def test_area_tercile_must_match_the_rate(rows):
    rows.loc[0, "q7_area_unemployment"] = "4.9"
    rows.loc[0, "area_tercile"] = "low"
    with pytest.raises(DataError, match="row 1, column 'area_tercile': 'low' does not match"):
        validate_frame(rows)


def test_unknown_council_area_code_is_refused(rows):
    rows.loc[3, "council_area_code"] = "S12999999"
    with pytest.raises(DataError, match="row 4, column 'council_area_code'"):
        validate_frame(rows)


def test_area_terciles_split_at_2_65_and_3_65():
    assert list(area_tercile(np.array([1.6, 2.6, 2.8, 3.6, 3.8, np.nan]))) == [
        "low",
        "low",
        "middle",
        "middle",
        "high",
        "unknown",
    ]


def test_read_csv_keeps_text_and_refuses_unreadable_files(tmp_path, rows):
    path = tmp_path / "outcomes.csv"
    rows.to_csv(path, index=False)
    back = read_csv(path)
    assert back["q1_qualifications"].tolist() == rows["q1_qualifications"].tolist()  # "none" is not missing
    with pytest.raises(DataError, match="no such file"):
        read_csv(tmp_path / "absent.csv")
    (tmp_path / "binary.csv").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(DataError, match="not a UTF-8 text file"):
        read_csv(tmp_path / "binary.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(DataError, match="empty"):
        read_csv(tmp_path / "empty.csv")
    with pytest.raises(DataError, match="is a folder"):
        read_csv(tmp_path)


def test_the_ltu_column_is_defined_by_the_outcome_rule():
    from triage.lib import outcomes
    from triage.modelling.dictionary import COLUMN_BY_NAME, LABEL

    description = COLUMN_BY_NAME[LABEL].description
    assert f"within {outcomes.LABEL_DAYS} days of the leaving date" in description
    assert "12-month follow-up says not in work" in description and "unknown" in description


def test_a_blank_label_is_unknown_and_left_out_never_counted(rows):
    rows.loc[[3, 7], "ltu"] = ""
    rows.loc[5, "ltu"] = np.nan
    validate_frame(rows)
    cleaned = clean_frame(rows)
    assert len(cleaned) == 17
    assert cleaned.attrs["left_out"].unknown_label == 3
    known = rows.drop(index=[3, 5, 7])["ltu"].astype(int).tolist()
    assert cleaned["ltu"].tolist() == known  # neither 0 nor 1 stands in for the unknown ones


def test_one_row_per_pace_id_its_latest_assessment(rows):
    rows["pace_id"] = [f"PID{i % 8}" for i in range(20)]  # eight people, assessed two or three times
    rows["assessment_month"] = [f"2026-{12 - i:02d}" if i < 12 else f"2025-{i - 7:02d}" for i in range(20)]
    rows["ltu"] = ["0"] * 20
    latest = {}
    for i in range(20):  # the latest month of each PACE ID, the last of equal months
        key = rows.loc[i, "pace_id"]
        if key not in latest or rows.loc[i, "assessment_month"] >= rows.loc[latest[key], "assessment_month"]:
            latest[key] = i
    rows.loc[list(latest.values()), "ltu"] = "1"
    kept, left_out = training_rows(rows)
    assert sorted(kept.index) == sorted(latest.values())
    assert left_out.earlier_assessments == 12
    cleaned = clean_frame(rows)
    assert len(cleaned) == 8 and set(cleaned["ltu"]) == {1}


def test_without_a_pace_id_column_every_row_is_kept(rows):
    kept, left_out = training_rows(rows)
    assert len(kept) == 20 and left_out.earlier_assessments == 0


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (-20, "0_30"),
        (0, "0_30"),
        (30, "0_30"),
        (31, "31_90"),
        (90, "31_90"),
        (91, "91_182"),
        (182, "91_182"),
        (183, "183_365"),
        (365, "183_365"),
        (366, "over_365"),
        (None, "no_start_recorded"),
    ],
)
def test_days_to_work_is_exported_in_bands_never_as_days(days, band):
    from triage.modelling.dictionary import WIDENED_WORK_START_BANDS, WORK_START_BANDS, work_start_band

    assert work_start_band(days) == band
    assert band in WORK_START_BANDS
    assert set(WIDENED_WORK_START_BANDS) == set(WORK_START_BANDS) - {"over_365", "no_start_recorded"}
