"""Reads about one person's checklists."""

from dataclasses import dataclass

from django.db.models import Q

from triage.models import Assessment
from triage.scoring.changes import ChecklistChanges, ScoredChecklist, compare


@dataclass(frozen=True)
class AssessmentChanges:
    previous: Assessment
    changes: ChecklistChanges


def previous_assessment(*, assessment: Assessment) -> Assessment | None:
    """The same person's checklist just before this one, if any."""
    earlier = Q(created_at__lt=assessment.created_at) | Q(created_at=assessment.created_at, pk__lt=assessment.pk)
    return (
        Assessment.objects.filter(earlier, person_id=assessment.person_id)
        .select_related("council_area", "created_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def _scored(assessment: Assessment) -> ScoredChecklist:
    return ScoredChecklist(
        answers=assessment.answers,
        points={row["item_code"]: row["points"] for row in assessment.contributions},
        area_label=f"{assessment.council_area.name} ({assessment.area_unemployment_rate}%)",
        total=assessment.total_points,
        band=assessment.effective_band,
        scorecard_label=assessment.scorecard_label,
    )


def assessment_changes(*, assessment: Assessment) -> AssessmentChanges | None:
    """What changed since the person's previous checklist, or None for their first."""
    previous = previous_assessment(assessment=assessment)
    if previous is None:
        return None
    return AssessmentChanges(previous=previous, changes=compare(_scored(previous), _scored(assessment)))
