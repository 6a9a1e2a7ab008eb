from triage.models import AuditEvent


def audit_record(*, acting_user, action: str, person=None, detail: str = "") -> AuditEvent:
    """Record who saw or changed personal data. `detail` holds ids only, never personal data."""
    return AuditEvent.objects.create(
        user=acting_user, action=action, person_ref=person.ref if person else "", detail=detail[:200]
    )
