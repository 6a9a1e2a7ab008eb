from django.db.models import Count, Q

from triage.lib.bands import band_rank
from triage.models import Assessment, Intervention, Person
from triage.models.interventions import STARTED_STATUSES


def caseload_summary_refresh(*, person: Person) -> None:
    """Copy the latest assessment and the interventions' state onto the person's row.

    Called inside every service that writes an assessment, override or intervention, in the same
    transaction, so the caseload and queues (which read only this row) are never stale.
    """
    latest = Assessment.objects.filter(person=person).order_by("-created_at", "-pk").first()
    interventions = Intervention.objects.filter(person=person)
    counts = interventions.aggregate(total=Count("pk"), started=Count("pk", filter=Q(status__in=STARTED_STATUSES)))
    latest_status = interventions.order_by("-updated_at", "-pk").values_list("status", flat=True).first()
    Person.objects.filter(pk=person.pk).update(
        latest_assessment=latest,
        band=latest.effective_band if latest else None,
        model_band=latest.model_band if latest else None,
        band_rank=band_rank(latest.effective_band if latest else None),
        overridden=bool(latest and latest.effective_band != latest.model_band),
        incomplete=bool(latest and latest.model_band is None),
        assessed_at=latest.created_at if latest else None,
        interventions_count=counts["total"],
        support_started=counts["started"] > 0,
        latest_intervention_status=latest_status or "",
    )
