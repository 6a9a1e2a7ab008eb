"""Writes to a person's record after registration: their details, work they found, their named adviser,
and a re-score after a correction to something the checklist was scored on."""

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from triage.models import (
    Assessment,
    AuditAction,
    FollowUp,
    FollowUpStatus,
    JobType,
    Person,
    PersonChange,
    User,
    WorkStart,
)
from triage.models.accounts import staff_name
from triage.models.person_record import EDITABLE_FIELDS, REASON_NEEDED, earliest_work_start
from triage.scoring import CHECKLIST_VERSION, Scorecard
from triage.selectors.people import latest_assessment
from triage.selectors.person_record import named_advisers, person_version
from triage.services.assessments import assessment_create
from triage.services.audit import audit_record
from triage.services.outcomes import person_outcome_refresh
from triage.services.people import person_name_keys_set
from triage.services.repeats import is_repeat

CHANGED_SINCE = (
    "This record was changed by someone else since you opened it. The details saved now are shown "
    "below: check them, then save again if your changes are still needed"
)
REASON_REQUIRED = "Enter why the date of birth or National Insurance number is changing"


def _staff(user: User | None) -> str:
    return staff_name(user.first_name, user.last_name, user.username) if user else "None"


def person_change_record(
    *,
    person: Person,
    kind: str,
    fields: list[str],
    acting_user: User,
    values: dict[str, list[str]] | None = None,
    reason: str = "",
) -> PersonChange:
    """One entry of the person's history: which fields changed, by whom and why (values only for
    VALUES_KEPT). Called inside the caller's transaction, beside the change it records."""
    change = PersonChange(
        person=person, kind=kind, fields=fields, values=values or {}, reason=reason, created_by=acting_user
    )
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def person_update(
    *, person: Person, acting_user: User, seen_version: str, reason: str, **fields: Any
) -> PersonChange | None:
    """Change the person's details, keeping the change in their history; None if nothing differs.

    Refused, changing nothing, if the record has changed since the form was opened (`seen_version`
    is the `person_version` it was opened on), or if the date of birth or NI number changes
    without a reason. The history names the fields changed; it keeps old and new values only of
    the council area (see PersonChange).
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"person_update cannot change {sorted(unknown)}")
    locked = Person.objects.select_for_update(of=("self",)).select_related("council_area").get(pk=person.pk)
    changed = [name for name in EDITABLE_FIELDS if name in fields and getattr(locked, name) != fields[name]]
    if not changed:
        return None  # the record already holds these details (a double tap, or nothing edited)
    if seen_version != person_version(locked):
        raise ValidationError(CHANGED_SINCE, code="changed_since")
    reason = reason.strip()
    if any(name in REASON_NEEDED for name in changed) and not reason:
        raise ValidationError({"reason": ValidationError(REASON_REQUIRED, code="required")})
    if "ni_number" in changed and fields["ni_number"]:
        # A person has one NI number: the same one on another record is a mistake or a duplicate.
        held_by = (
            Person.objects.filter(team_id=locked.team_id, ni_number=fields["ni_number"])
            .exclude(pk=locked.pk)
            .values_list("ref", flat=True)
            .first()
        )
        if held_by:
            raise ValidationError(
                {
                    "ni_number": ValidationError(
                        f"This National Insurance number is already on the record of {held_by} in your team:"
                        " check you have the right person",
                        code="held",
                    )
                }
            )
    values = {}
    if "council_area" in changed:
        values["council_area"] = [locked.council_area.name, fields["council_area"].name]
    if "leaving_date" in changed:
        before = locked.leaving_date
        values["leaving_date"] = [f"{before:%-d %B %Y}" if before else "", f"{fields['leaving_date']:%-d %B %Y}"]
    for name in changed:
        setattr(locked, name, fields[name])
    saved = [*changed, "version"]
    if {"given_name", "family_name"} & set(changed):
        person_name_keys_set(locked)  # search and the duplicate check see the new name
        saved += ["given_name_key", "family_name_key"]
    locked.version += 1
    locked.full_clean(validate_unique=False)
    locked.save(update_fields=saved)
    if "leaving_date" in changed:
        person_outcome_refresh(person=locked)  # every follow-up counts from it: the label and queue move
    change = person_change_record(
        person=locked,
        kind=PersonChange.Kind.DETAILS,
        fields=changed,
        values=values,
        reason=reason,
        acting_user=acting_user,
    )
    # Field names only: the audit trail never holds a value.
    audit_record(
        acting_user=acting_user,
        action=AuditAction.PERSON_UPDATED,
        person=locked,
        detail=f"change {change.pk}: {', '.join(changed)}",
    )
    return change


@transaction.atomic
def person_found_work(
    *, person: Person, started_on: date, sector: str, job_type: str, source: str, acting_user: User, today: date
) -> WorkStart:
    """Record that the person started work; their record's found-work date is the latest start.

    The start is also a follow-up at no point (FollowUp.months null: work found between follow-ups),
    contacted today, so the LTU label counts it. A start date in the future, or more than a year
    before the redundancy was notified, is refused.
    """
    locked = Person.objects.select_for_update(of=("self",)).select_related("situation").get(pk=person.pk)
    latest = WorkStart.objects.filter(person=locked).order_by("-created_at", "-pk").first()
    if is_repeat(
        latest, started_on=started_on, sector=sector, job_type=job_type, source=source, created_by_id=acting_user.pk
    ):
        return latest
    earliest = earliest_work_start(locked.situation.notified_date)
    if started_on > today:
        raise ValidationError({"started_on": "Date they started work must be today or in the past"})
    if started_on < earliest:
        raise ValidationError(
            {
                "started_on": f"Date they started work must be on or after {earliest:%-d %B %Y}, "
                "a year before the redundancy was notified"
            }
        )
    work_start = WorkStart(
        person=locked,
        team_id=locked.team_id,
        started_on=started_on,
        sector=sector,
        job_type=job_type,
        source=source,
        created_by=acting_user,
    )
    work_start.full_clean()
    work_start.save()
    follow_up = FollowUp(
        person=locked,
        team_id=locked.team_id,
        months=None,
        contacted_on=today,
        status=FollowUpStatus.SELF_EMPLOYED if job_type == JobType.SELF_EMPLOYED else FollowUpStatus.EMPLOYED,
        started_on=started_on,
        source=source,
        work_start=work_start,
        created_by=acting_user,
    )
    follow_up.full_clean()
    follow_up.save()
    found = WorkStart.objects.filter(person=locked).aggregate(latest=Max("started_on"))["latest"]
    Person.objects.filter(pk=locked.pk).update(found_work_on=found)
    person_outcome_refresh(person=locked)
    audit_record(
        acting_user=acting_user,
        action=AuditAction.WORK_START_RECORDED,
        person=locked,
        detail=f"work start {work_start.pk}",
    )
    return work_start


@transaction.atomic
def person_reassign(*, person: Person, adviser: User, acting_user: User) -> PersonChange | None:
    """Name another adviser or team lead of the person's team as their adviser; None if unchanged."""
    locked = Person.objects.select_for_update(of=("self",)).select_related("adviser").get(pk=person.pk)
    if not named_advisers(team=locked.team_id).filter(pk=adviser.pk).exists():
        raise ValidationError({"adviser": "Select an adviser or team lead of this team"})
    if locked.adviser_id == adviser.pk:
        return None
    before, before_id = _staff(locked.adviser), locked.adviser_id
    locked.adviser = adviser
    locked.save(update_fields=["adviser"])
    change = person_change_record(
        person=locked,
        kind=PersonChange.Kind.ADVISER,
        fields=["adviser"],
        values={"adviser": [before, _staff(adviser)]},
        acting_user=acting_user,
    )
    audit_record(
        acting_user=acting_user,
        action=AuditAction.ADVISER_REASSIGNED,
        person=locked,
        detail=f"change {change.pk}: adviser {before_id or 'none'} → {adviser.pk}",
    )
    return change


def assessment_rescore(
    *, assessment: Assessment, acting_user: User, card: Scorecard, today: date, submission_token: uuid.UUID
) -> Assessment:
    """Score the latest checklist's answers again on the record as it is now (a corrected date of
    birth or council area), as a new assessment: the one scored before stays as it was given.

    Idempotent on `submission_token`, as every assessment is.
    """
    person = assessment.person
    repeat = Assessment.objects.filter(person=person, submission_token=submission_token).first()
    if repeat:  # a double tap: the first request has scored it already
        return repeat
    if latest_assessment(person=person) != assessment:
        raise ValidationError("Only the latest checklist can be scored again", code="not_latest")
    if assessment.checklist_version != CHECKLIST_VERSION:
        raise ValidationError(
            "This checklist was answered on an earlier version of the questions: start a new checklist instead",
            code="old_checklist",
        )
    # The age band is worked out again from the date of birth; the area's rate is read afresh.
    answers = {code: value for code, value in assessment.answers.items() if code != "q3_age_band"}
    return assessment_create(
        person=person,
        answers=answers,
        dependants_count=assessment.dependants_count,
        event=assessment.event,
        submission_token=submission_token,
        acting_user=acting_user,
        card=card,
        today=today,
    )
