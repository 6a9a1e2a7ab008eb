"""Reference data as the pages read it."""

from triage.models import BandPathway, InterventionType, Partner


def band_pathways() -> dict[str, BandPathway]:
    """Each band's support pathway, by band (every band has one: the score never excludes)."""
    return {pathway.band: pathway for pathway in BandPathway.objects.all()}


def partners_delivering(*, intervention_type: InterventionType) -> list[Partner]:
    """The partners the reference table of services says deliver this support, by name."""
    return list(intervention_type.partners.order_by("name"))
