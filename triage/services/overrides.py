"""Overrides: an adviser changes a band (append-only), a team lead reviews it, the adviser answers."""

from django.core.exceptions import ValidationError
from django.db import transaction

from triage.models import Assessment, AuditAction, Override, OverrideReview, ReviewStatus, User
from triage.selectors.people import latest_assessment
from triage.services.audit import audit_record
from triage.services.caseload import caseload_summary_refresh
from triage.services.repeats import is_repeat


@transaction.atomic
def override_add(
    *, assessment: Assessment, to_band: str, reason_category: str, reason_text: str, acting_user: User
) -> Override:
    """Append an override; the assessment's effective band becomes its band.

    The same override sent twice at once (a double tap) is saved once: the second returns the
    first. A different change that reached the band first is refused, naming the band it is now.
    """
    # Lock the row: two overrides made at once must not both start from the same band.
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if latest_assessment(person=assessment.person) != assessment:
        raise ValidationError("Only the latest checklist's band can be changed", code="not_latest")
    if assessment.effective_band == to_band:
        latest = assessment.overrides.last()
        sent = {"to_band": to_band, "reason_category": reason_category, "reason_text": reason_text}
        if is_repeat(latest, created_by_id=acting_user.pk, **sent):
            return latest
        raise ValidationError(
            {"to_band": f"The band has just been changed to {assessment.get_effective_band_display()}: check it"},
            code="changed_since",
        )
    override = Override(
        assessment=assessment,
        team_id=assessment.team_id,
        from_band=assessment.effective_band,
        to_band=to_band,
        reason_category=reason_category,
        reason_text=reason_text,
        created_by=acting_user,
    )
    override.full_clean()
    override.save()
    assessment.effective_band = to_band
    assessment.save(update_fields=["effective_band"])
    caseload_summary_refresh(person=assessment.person)
    audit_record(
        acting_user=acting_user,
        action=AuditAction.OVERRIDE_ADDED,
        person=assessment.person,
        detail=f"assessment {assessment.pk}: {override.from_band or 'incomplete'} → {to_band}",
    )
    return override


@transaction.atomic
def override_review(*, override: Override, kind: str, comment: str, acting_user: User) -> OverrideReview:
    """A team lead agrees with an override or queries it; a query waits on the adviser's home page."""
    return _review(override=override, kind=kind, comment=comment, acting_user=acting_user)


@transaction.atomic
def override_answer(*, override: Override, comment: str, acting_user: User) -> OverrideReview:
    """The adviser answers a team lead's query; the override goes back to the team lead."""
    return _review(override=override, kind=OverrideReview.Kind.ANSWERED, comment=comment, acting_user=acting_user)


def _review(*, override: Override, kind: str, comment: str, acting_user: User) -> OverrideReview:
    override = Override.objects.select_for_update().get(pk=override.pk)
    latest = override.reviews.last()
    if is_repeat(latest, kind=kind, comment=comment, created_by_id=acting_user.pk):
        return latest
    if kind == OverrideReview.Kind.QUERIED and not comment.strip():
        raise ValidationError({"comment": "Enter what you want to ask the adviser"}, code="required")
    if kind == OverrideReview.Kind.ANSWERED and override.review_status != ReviewStatus.QUERIED:
        raise ValidationError("Only a queried override can be answered", code="not_queried")
    review = OverrideReview(override=override, kind=kind, comment=comment, created_by=acting_user)
    review.full_clean()
    review.save()
    override.review_status = {
        OverrideReview.Kind.AGREED: ReviewStatus.AGREED,
        OverrideReview.Kind.QUERIED: ReviewStatus.QUERIED,
        OverrideReview.Kind.ANSWERED: ReviewStatus.ANSWERED,
    }[OverrideReview.Kind(kind)]  # full_clean() has checked `kind` is one of these
    override.save(update_fields=["review_status"])
    audit_record(
        acting_user=acting_user,
        action=AuditAction.OVERRIDE_REVIEWED,
        person=override.assessment.person,
        detail=f"override {override.pk}: {kind}",
    )
    return review
