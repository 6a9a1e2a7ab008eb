"""Reference data as the pages read it."""

from triage.models import BandPathway


def band_pathways() -> dict[str, BandPathway]:
    """Each band's support pathway, by band (every band has one: the score never excludes)."""
    return {pathway.band: pathway for pathway in BandPathway.objects.all()}
