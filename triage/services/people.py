from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from triage.models import AuditAction, Person, Team, User
from triage.models.people import new_person_ref
from triage.services.audit import audit_record

REF_ATTEMPTS = 5


def person_register(*, acting_user: User, team: Team, **fields: Any) -> Person:
    """Register a person in the acting user's team, recording the privacy notice shown."""
    for _attempt in range(REF_ATTEMPTS):
        ref = new_person_ref()
        try:
            with transaction.atomic():
                person = Person(
                    ref=ref,
                    team=team,
                    created_by=acting_user,
                    adviser=acting_user,
                    privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
                    consent_recorded_at=timezone.now(),
                    **fields,
                )
                person.full_clean(validate_unique=False)
                person.save()
                audit_record(acting_user=acting_user, action=AuditAction.PERSON_CREATED, person=person)
                return person
        except IntegrityError:
            # Only a reference drawn twice (about 1 in 10^9 per pair) is worth another try.
            if not Person.objects.filter(ref=ref).exists():
                raise
    raise RuntimeError("Could not allocate a unique person reference")
