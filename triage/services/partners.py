"""A partner user's writes: an upload of identifiers, and the audit of every download. Not
re-exported by triage.services: the partner's views import it by its module path.

The upload is the one write that puts identifiers in the linkage tables (triage.models.linkage):
`.importlinter` lets this module import them and no view, selector or export that reads for a
page (decision 0026). It returns counts, never an identifier.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from triage.lib import identifiers
from triage.lib.pseudonym import MIN_KEY_BYTES
from triage.lib.text import neutralise_formula
from triage.models import AuditAction, LinkageRun, PartnerUpload, UploadStatus, User
from triage.models.linkage import LinkageIdentifier
from triage.services.audit import audit_record


class LinkageKeyError(RuntimeError):
    """The pseudonym key is missing or too short: no NI number may be taken in without it."""


def linkage_key() -> bytes:
    """settings.PSEUDONYM_KEY as bytes, or LinkageKeyError naming the setting (never its value)."""
    key = (settings.PSEUDONYM_KEY or "").encode()
    if len(key) < MIN_KEY_BYTES:
        raise LinkageKeyError(
            f"Uploads cannot be taken in: PSEUDONYM_KEY must be set to a secret of at least {MIN_KEY_BYTES} bytes."
        )
    return key


@dataclass(frozen=True)
class PartnerUploadResult:
    upload: PartnerUpload | None  # None when the file was refused
    errors: list[identifiers.IdentifierError]


@sensitive_variables("content", "parsed")
@transaction.atomic
def partner_upload(*, acting_user: User, content: bytes, today: date) -> PartnerUploadResult:
    """Check a partner's file of identifiers (triage.lib.identifiers) and keep it, or none of it.

    The uploader must belong to a partner organisation. NI numbers are hashed as the file is read;
    the bytes are not kept. A refused file saves nothing but its audit row (how many errors).
    """
    if acting_user.organisation_id is None:
        raise PermissionError("Only a member of a partner organisation can upload identifiers")
    parsed = identifiers.parse_identifiers(content, key=linkage_key(), today=today)
    del content
    if parsed.errors:
        audit_record(
            acting_user=acting_user,
            action=AuditAction.PARTNER_UPLOAD_REFUSED,
            detail=f"organisation {acting_user.organisation_id}: {len(parsed.errors)} errors",
        )
        return PartnerUploadResult(None, parsed.errors)
    upload = PartnerUpload(
        organisation_id=acting_user.organisation_id,
        uploaded_by=acting_user,
        rows_received=parsed.received,
        rows_valid=len(parsed.rows),
    )
    upload.full_clean()
    upload.save()
    LinkageIdentifier.objects.bulk_create(
        (
            LinkageIdentifier(
                upload=upload,
                record_id=row.record_id,
                ni_hash=row.ni_hash,
                given_name=row.given_name,
                family_name=row.family_name,
                date_of_birth=row.date_of_birth,
                postcode=row.postcode,
            )
            for row in parsed.rows
        ),
        batch_size=2000,
    )
    audit_record(
        acting_user=acting_user,
        action=AuditAction.PARTNER_UPLOAD_ACCEPTED,
        detail=f"upload {upload.pk} of organisation {upload.organisation_id}: {upload.rows_valid} rows",
    )
    linkage_run_request(upload=upload)  # the indexing job, enqueued once this commits
    return PartnerUploadResult(upload, [])


def partner_template_download(*, acting_user: User) -> str:
    """The upload template (CSV), its download audited."""
    audit_record(
        acting_user=acting_user,
        action=AuditAction.PARTNER_TEMPLATE_DOWNLOADED,
        detail=f"organisation {acting_user.organisation_id}: csv",
    )
    return identifiers.template_csv()


def linkage_run_request(*, upload: PartnerUpload) -> LinkageRun:
    """Record a queued run for the upload and enqueue it after the commit (the worker must find it)."""
    run = LinkageRun(upload=upload)
    run.full_clean()
    run.save()
    # robust: a failure to enqueue (or, on the immediate backend, of the run) never undoes the upload
    transaction.on_commit(lambda: _enqueue(run.pk, upload.pk), robust=True)
    return run


def _enqueue(run_id: int, upload_id: int) -> None:
    from triage.tasks import run_linkage

    result = run_linkage.enqueue(upload_id)
    LinkageRun.objects.filter(pk=run_id, task_id="").update(task_id=result.id)


class PaceIdsNotReady(RuntimeError):
    """The upload has not been linked yet: there are no PACE IDs to download."""


def partner_pace_ids_download(*, acting_user: User, upload: PartnerUpload) -> str:
    """The upload's PACE ID file (CSV): the partner's own record id and its PACE ID, nothing else,
    its download audited. `upload` must be one of the user's organisation's (the view's selector
    looks it up scoped); PermissionError otherwise, PaceIdsNotReady before the upload is linked."""
    if acting_user.organisation_id is None or upload.organisation_id != acting_user.organisation_id:
        raise PermissionError("Only the uploading organisation can download its PACE IDs")
    if upload.status != UploadStatus.LINKED:
        raise PaceIdsNotReady(f"upload {upload.pk} is not linked yet")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["record_id", "pace_id"])
    rows = LinkageIdentifier.objects.filter(upload=upload, pace_id__isnull=False).order_by("pk")
    count = 0
    for record_id, token in rows.values_list("record_id", "pace_id__token").iterator(chunk_size=5000):
        writer.writerow([neutralise_formula(record_id), token])
        count += 1
    audit_record(
        acting_user=acting_user,
        action=AuditAction.PARTNER_PACE_IDS_DOWNLOADED,
        detail=f"upload {upload.pk} of organisation {upload.organisation_id}: {count} rows",
    )
    return out.getvalue()
