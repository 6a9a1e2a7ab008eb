"""A partner user's reads: their organisation's uploads, as counts and status. Never an identifier:
this module is in tests/test_architecture.py's IDENTIFIER_FREE_SELECTORS and may not import the
linkage tables (.importlinter)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from triage.access import partner_organisation_id
from triage.models import LinkageRun, PartnerUpload, User


def uploads_for(user: User) -> QuerySet[PartnerUpload]:
    """The uploads of the user's organisation, newest first; none for anyone who is not a partner user."""
    organisation_id = partner_organisation_id(user)
    if organisation_id is None:
        return PartnerUpload.objects.none()
    return PartnerUpload.objects.filter(organisation_id=organisation_id).select_related("uploaded_by")


def upload_get_for(user: User, pk: int) -> PartnerUpload:
    """One of the organisation's uploads; another organisation's (or a missing one) is a 404."""
    return get_object_or_404(uploads_for(user), pk=pk)


def latest_run(upload: PartnerUpload) -> LinkageRun | None:
    """The upload's latest linkage run (its status and progress; the model is not read)."""
    return upload.runs.defer("model_json").order_by("-pk").first()
