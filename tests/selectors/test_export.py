"""The export's selector and the data dictionary agree with the models they read."""

from triage.modelling import dictionary
from triage.models import Band, OverrideReason, RedundancySituation
from triage.selectors import export


def test_every_export_column_has_a_value_and_nothing_else_does():
    assert set(export.VALUES) == set(dictionary.EXPORT_COLUMN_NAMES)


def test_the_dictionarys_codes_are_the_models_codes():
    assert tuple(RedundancySituation.Sector.values) == dictionary.SECTOR_CODES
    assert tuple(OverrideReason.values) == dictionary.OVERRIDE_REASON_CODES
    assert tuple(Band.values) == dictionary.BAND_CODES


def test_every_training_column_is_exported_the_label_last():
    exported = set(dictionary.EXPORT_COLUMN_NAMES)
    assert set(dictionary.COLUMN_NAMES) <= exported
    assert dictionary.EXPORT_COLUMN_NAMES[-1] == dictionary.LABEL
    assert set(dictionary.QUASI_IDENTIFIERS) <= exported


def test_the_widened_age_bands_cover_every_band_but_the_oldest():
    from triage.scoring.checklist import ITEMS

    bands = [a.code for a in ITEMS["q3_age_band"].answers]
    assert set(dictionary.WIDENED_AGE_BANDS) == set(bands) - {"55_plus"}


def test_the_month_is_the_local_month_at_every_hour_of_a_boundary():
    from datetime import UTC, datetime

    # Europe/London: 23:30 UTC on 31 March 2026 is 00:30 on 1 April (BST); in January, still January.
    assert export._month(datetime(2026, 3, 31, 23, 30, tzinfo=UTC)) == "2026-04"
    assert export._month(datetime(2026, 3, 31, 22, 59, tzinfo=UTC)) == "2026-03"
    assert export._month(datetime(2026, 1, 31, 23, 59, tzinfo=UTC)) == "2026-01"
    assert export._month(datetime(2026, 10, 31, 23, 30, tzinfo=UTC)) == "2026-10"  # GMT again by then
    assert export.area_tercile_of(2.6) == "low" and export.area_tercile_of(3.7) == "high"
    assert export.area_tercile_of(float("nan")) == "unknown"
