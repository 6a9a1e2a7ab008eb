from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from triage.models import AuditAction, Person
from triage.services.audit import audit_record


def person_register(*, acting_user, team, **fields) -> Person:
    """Register a person in the acting user's team, recording the privacy notice shown."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                person = Person(
                    team=team,
                    created_by=acting_user,
                    adviser=acting_user,
                    privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
                    consent_recorded_at=timezone.now(),
                    **fields,
                )
                person.full_clean()
                person.save()
                audit_record(acting_user=acting_user, action=AuditAction.PERSON_CREATED, person=person)
                return person
        except IntegrityError:
            # A random reference collided (1 in ~10^9 per pair): draw another.
            fields.pop("ref", None)
            continue
    raise RuntimeError("Could not allocate a unique person reference")
