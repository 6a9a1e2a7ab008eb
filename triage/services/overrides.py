from django.core.exceptions import ValidationError
from django.db import transaction

from triage.models import AuditAction, Override, OverrideReview, ReviewStatus
from triage.services.audit import audit_record


@transaction.atomic
def override_review(*, override: Override, kind: str, comment: str, acting_user) -> OverrideReview:
    """A team lead agrees with an override or queries it; a query waits on the adviser's home page."""
    return _review(override=override, kind=kind, comment=comment, acting_user=acting_user)


@transaction.atomic
def override_answer(*, override: Override, comment: str, acting_user) -> OverrideReview:
    """The adviser answers a team lead's query; the override goes back to the team lead."""
    return _review(override=override, kind=OverrideReview.Kind.ANSWERED, comment=comment, acting_user=acting_user)


def _review(*, override, kind, comment, acting_user):
    override = Override.objects.select_for_update().get(pk=override.pk)
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
    }[kind]
    override.save(update_fields=["review_status"])
    audit_record(
        acting_user=acting_user,
        action=AuditAction.OVERRIDE_REVIEWED,
        person=override.assessment.person,
        detail=f"override {override.pk}: {kind}",
    )
    return review
