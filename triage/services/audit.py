"""The audit trail: who saw or changed personal data, and who downloaded what."""

from typing import Any

from triage.models import AuditEvent, ExportRecord, Person, User
from triage.services.evaluation_requests import evaluation_refresh_soon


def audit_record(*, acting_user: User, action: str, person: Person | None = None, detail: str = "") -> AuditEvent:
    """Record who saw or changed personal data. `detail` holds ids only, never personal data.

    A write that changes the evaluator's figures asks for their refresh once it commits.
    """
    event = AuditEvent.objects.create(
        user=acting_user, action=action, person_ref=person.ref if person else "", detail=detail[:200]
    )
    evaluation_refresh_soon(action=action)
    return event


def export_record(*, acting_user: User, kind: str, filters: dict[str, Any], rows: int) -> ExportRecord:
    """Record a download of people's data: who, which filters (never search text), how many rows."""
    record = ExportRecord(user=acting_user, kind=kind, filters=filters, rows=rows)
    record.full_clean()
    record.save()
    return record
