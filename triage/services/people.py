from collections.abc import Collection
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from triage.lib.text import name_key
from triage.models import AuditAction, Person, Team, User
from triage.models.people import NAME_KEY_LENGTH, new_person_ref
from triage.selectors.people import possible_duplicates
from triage.services.audit import audit_record
from triage.services.outcomes import person_outcome_start
from triage.services.repeats import is_repeat

REF_ATTEMPTS = 5
# The same registration sent again this soon by the same adviser (a double tap, a resend after a
# busy page) is the same person: they are sent to the record already made.
REPEAT_WINDOW = timedelta(minutes=5)

# What a registration form sends: a registration repeats another only if all of these are the same.
REGISTERED_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "date_of_birth",
        "council_area",
        "postcode",
        "email",
        "phone",
        "ni_number",
        "sex",
        "situation",
        "event",
    }
)


class LikelyDuplicate(Exception):
    """The team may already have this person; nothing was saved. `people` are who it may be.

    Carries references only in its message: it may reach a log.
    """

    def __init__(self, people: list[Person]) -> None:
        super().__init__(f"possible duplicates: {', '.join(p.ref for p in people)}")
        self.people = people


def person_name_keys_set(person: Person) -> None:
    """Set the person's name keys from their names (not saved). Every service that saves a name
    calls this first, so search and the duplicate check see the name as it now is."""
    person.given_name_key = name_key(person.given_name)[:NAME_KEY_LENGTH]
    person.family_name_key = name_key(person.family_name)[:NAME_KEY_LENGTH]


def person_register(
    *,
    acting_user: User,
    team: Team,
    check_duplicates: bool = True,
    duplicates_seen: Collection[str] = (),
    **fields: Any,
) -> Person:
    """Register a person in the acting user's team, recording the privacy notice shown.

    With `check_duplicates` (the registration form's case): the same registration sent again
    within REPEAT_WINDOW by the same user returns the first, and LikelyDuplicate is raised when
    the team may already have them, unless each such person's reference is in `duplicates_seen`
    (the adviser was shown them and said this is someone else). Builders of test and demo data
    turn it off.

    The check and the insert are one write transaction that first locks the team's row (on
    SQLite the write lock is taken at BEGIN IMMEDIATE), so two registrations of one person sent at
    the same moment queue: the second finds the first, and one record is made.
    """
    for _attempt in range(REF_ATTEMPTS):
        ref = new_person_ref()
        try:
            with transaction.atomic():
                Team.objects.select_for_update().only("pk").get(pk=team.pk)
                person = Person(
                    ref=ref,
                    team=team,
                    created_by=acting_user,
                    adviser=acting_user,
                    privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
                    consent_recorded_at=timezone.now(),
                    **fields,
                )
                person_name_keys_set(person)
                if check_duplicates:
                    repeat = _repeat_of(person, acting_user=acting_user, exclude=duplicates_seen)
                    if repeat is not None:
                        return repeat
                    duplicates = possible_duplicates(user=acting_user, **fields)
                    if any(other.ref not in duplicates_seen for other in duplicates):
                        raise LikelyDuplicate(duplicates)
                person_outcome_start(person)
                person.full_clean(validate_unique=False)
                person.save()
                audit_record(acting_user=acting_user, action=AuditAction.PERSON_CREATED, person=person)
                return person
        except IntegrityError:
            # Only a reference drawn twice (about 1 in 10^9 per pair) is worth another try.
            if not Person.objects.filter(ref=ref).exists():
                raise
    raise RuntimeError("Could not allocate a unique person reference")


def _repeat_of(person: Person, *, acting_user: User, exclude: Collection[str]) -> Person | None:
    """The same person with the same details registered by the same user moments ago, if any."""
    recent = Person.objects.filter(
        team_id=person.team_id,
        created_by=acting_user,
        created_at__gte=timezone.now() - REPEAT_WINDOW,
        given_name_key=person.given_name_key,
        family_name_key=person.family_name_key,
        date_of_birth=person.date_of_birth,
    ).exclude(ref__in=list(exclude))
    same = {
        field.attname: getattr(person, field.attname)
        for field in Person._meta.concrete_fields
        if field.name in REGISTERED_FIELDS
    }
    for candidate in recent.order_by("-created_at", "-pk"):
        if is_repeat(candidate, **same):
            return candidate
    return None
