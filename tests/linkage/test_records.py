import pandas as pd
import pytest

from triage.linkage.records import (
    COLUMNS,
    IdentifierRecord,
    normalise_date,
    normalise_name,
    normalise_postcode,
    partner_source,
    prepare,
    records_frame,
)


def test_names_fold_case_accents_apostrophes_and_hyphens():
    assert normalise_name("Siobhán O’Neill") == "siobhanoneill"
    assert normalise_name("SMITH-JONES") == "smithjones"
    assert normalise_name("  ") is None
    assert normalise_name(None) is None


def test_postcodes_normalised_and_nonsense_dropped():
    assert normalise_postcode(" sw1a  1aa") == "SW1A 1AA"
    assert normalise_postcode("M11AE") == "M1 1AE"
    assert normalise_postcode("not a postcode") is None


def test_dates_iso_and_impossible_ones_missing():
    assert normalise_date("1985-03-07") == "1985-03-07"
    assert normalise_date("1985-02-30") is None
    assert normalise_date("") is None


def test_records_frame_derives_the_outward_code():
    frame = records_frame(
        [
            IdentifierRecord("1", "pace", "P1", None, "Zoë", "Brontë", "1990-01-02", "ls6 2ab"),
            IdentifierRecord("2", partner_source("DWP"), "R1", "abc", "Ann", "Lee", None, None),
        ]
    )
    assert list(frame.columns) == list(COLUMNS)
    assert frame.loc[0, "given_name"] == "zoe"
    assert frame.loc[0, "postcode_outward"] == "LS6"
    assert frame.loc[1, "postcode_outward"] is None
    assert frame.loc[1, "source_dataset"] == "partner:DWP"


def test_prepare_derives_outward_and_refuses_duplicate_ids():
    table = {column: ["1", "2"] for column in COLUMNS if column != "postcode_outward"}
    table["postcode"] = ["LS6 2AB", ""]
    prepared = prepare(pd.DataFrame(table))
    assert list(prepared["postcode_outward"]) == ["LS6", None]
    assert prepared.loc[1, "postcode"] is None
    table["unique_id"] = ["1", "1"]
    with pytest.raises(ValueError, match="unique"):
        prepare(pd.DataFrame(table))


def test_prepare_refuses_missing_columns():
    with pytest.raises(ValueError, match="ni_hash"):
        prepare(pd.DataFrame({"unique_id": ["1"]}))
