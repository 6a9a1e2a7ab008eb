"""Writes to the linkage tables after a run (decision 0026). Not re-exported by triage.services:
import it by its module path, from the linkage job and the clerical review only."""

from django.db import transaction
from django.utils import timezone

from triage.models import AuditAction, PartnerUpload, User
from triage.models.linkage import LinkageIdentifier
from triage.services.audit import audit_record


@transaction.atomic
def linkage_identifiers_purge(*, upload: PartnerUpload, acting_user: User) -> int:
    """Blank every linkage field of the upload's rows once its run is finished and reviewed: the NI
    hash, names, date of birth and postcode go; only the record id and its PACE ID stay. Returns
    how many rows were blanked; a second call blanks none and records nothing."""
    locked = PartnerUpload.objects.select_for_update().get(pk=upload.pk)
    if locked.identifiers_purged_at is not None:
        return 0
    blanked = LinkageIdentifier.objects.filter(upload=locked).update(
        ni_hash="", given_name="", family_name="", date_of_birth=None, postcode=""
    )
    locked.identifiers_purged_at = timezone.now()
    locked.save(update_fields=["identifiers_purged_at"])
    upload.identifiers_purged_at = locked.identifiers_purged_at
    audit_record(
        acting_user=acting_user,
        action=AuditAction.LINKAGE_IDENTIFIERS_PURGED,
        detail=f"upload {locked.pk}: {blanked} rows",
    )
    return blanked
