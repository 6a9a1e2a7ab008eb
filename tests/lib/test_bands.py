"""triage.lib.bands: the bands, their order and ranks, defined once and used by every layer."""

from triage.lib.bands import BAND_LABELS, BAND_RANK, BANDS, band_rank


def test_bands_run_from_lowest_to_highest_risk():
    assert BANDS == ("low", "medium", "high")
    assert [BAND_LABELS[band] for band in BANDS] == ["Low", "Medium", "High"]


def test_rank_sorts_by_risk_and_no_band_ranks_lowest():
    assert [band_rank(band) for band in (None, "", "low", "medium", "high")] == [0, 0, 1, 2, 3]
    assert sorted(BANDS, key=band_rank, reverse=True)[0] == "high"
    assert set(BAND_RANK) == {None, *BANDS}
