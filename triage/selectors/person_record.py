"""Reads about a person's record after registration: its history, work started, who may be named."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from triage.access import Role
from triage.models import Assessment, Person, PersonChange, Team, User, WorkStart
from triage.scoring import CHECKLIST_VERSION, age_band


def person_version(person: Person) -> str:
    """Which edit of the record a form was opened on: saved with the form, and compared when it is
    sent, so one person's change is never silently overwritten by another's."""
    return str(person.version)


def named_advisers(*, team: Team | int) -> QuerySet[User]:
    """Who may be a person's named adviser: the active advisers and team leads of their team."""
    return (
        User.objects.filter(team=team, is_active=True, groups__name__in=[Role.ADVISER, Role.TEAM_LEAD])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def scored_details_changed(*, person: Person, latest: Assessment | None) -> list[str]:
    """What the latest checklist was scored on that the record now says differently: its age band
    (from the date of birth, on the day it was scored) and its council area. Empty when none."""
    if latest is None:
        return []
    changed = []
    scored_on = timezone.localdate(latest.created_at)
    if latest.answers.get("q3_age_band") != age_band(person.date_of_birth, scored_on):
        changed.append("date of birth")
    if latest.council_area_id != person.council_area_id:
        changed.append("council area")
    return changed


def can_rescore(latest: Assessment | None) -> bool:
    """Whether the latest checklist's answers can be scored again as they are (same checklist)."""
    return latest is not None and latest.checklist_version == CHECKLIST_VERSION


@dataclass(frozen=True)
class PersonRecord:
    work_starts: list[WorkStart]
    scored_changes: list[str]  # what the latest checklist was scored on that has changed since
    can_rescore: bool

    @property
    def latest_work_start(self) -> WorkStart | None:
        return self.work_starts[0] if self.work_starts else None


def person_record(*, person: Person, latest: Assessment | None) -> PersonRecord:
    """What the person's page shows of the record beyond registration."""
    return PersonRecord(
        work_starts=list(WorkStart.objects.filter(person=person).select_related("created_by")),
        scored_changes=scored_details_changed(person=person, latest=latest),
        can_rescore=can_rescore(latest),
    )


def person_changes(*, person: Person) -> list[PersonChange]:
    return list(PersonChange.objects.filter(person=person).select_related("created_by"))
