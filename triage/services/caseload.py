from typing import Any

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
        **_assessment_columns(latest),
        interventions_count=counts["total"],
        support_started=counts["started"] > 0,
        latest_intervention_status=latest_status or "",
    )


def caseload_summary_assessment_added(*, assessment: Assessment) -> None:
    """The person's row after `assessment`, just saved, became their latest: one UPDATE, no read.

    What caseload_summary_refresh would write, without reading it back: the new assessment is the
    newest, and an assessment changes none of the interventions' columns. A row whose assessed_at
    is later (or as late, with a later id) is left alone, so when two checklists for one person are saved at once the newer one
    stays on the row whichever commits last (PostgreSQL checks the condition again on the row the
    other transaction wrote).
    """
    newer_on_row = Q(assessed_at__gt=assessment.created_at) | Q(
        assessed_at=assessment.created_at, latest_assessment__gt=assessment.pk
    )
    Person.objects.filter(pk=assessment.person_id).exclude(newer_on_row).update(**_assessment_columns(assessment))


def _assessment_columns(latest: Assessment | None) -> dict[str, Any]:
    return {
        "latest_assessment": latest,
        "band": latest.effective_band if latest else None,
        "model_band": latest.model_band if latest else None,
        "band_rank": band_rank(latest.effective_band if latest else None),
        "overridden": bool(latest and latest.effective_band != latest.model_band),
        "incomplete": bool(latest and latest.model_band is None),
        "assessed_at": latest.created_at if latest else None,
    }
