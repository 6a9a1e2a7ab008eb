"""The three risk bands, their order and their ranks: defined here once, for every layer.

The scoring core gives a band; the models store it (`Band` choices are built from `BAND_LABELS`);
the caseload sorts people by `BAND_RANK`, where 0 means no band (not assessed, or incomplete).
"""

from typing import Literal, get_args

Band = Literal["low", "medium", "high"]
BANDS: tuple[Band, ...] = get_args(Band)  # lowest risk first
BAND_LABELS: dict[str, str] = {band: band.capitalize() for band in BANDS}
BAND_RANK: dict[str | None, int] = {None: 0, **{band: rank for rank, band in enumerate(BANDS, start=1)}}


def band_rank(band: str | None) -> int:
    """1 for low up to 3 for high; 0 for no band."""
    return BAND_RANK[band or None]
