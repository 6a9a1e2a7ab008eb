"""Writes of outcomes: a follow-up recorded on a person's page, a file of them uploaded by a team
lead, and the outcome summary on the person (label and next follow-up) every such write keeps."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from triage.lib import outcomes
from triage.lib.outcomes import FollowUpFact, UploadError, UploadRow
from triage.models import AuditAction, AuditEvent, FollowUp, Person, User
from triage.models.person_record import earliest_work_start
from triage.services.audit import audit_record

OUTCOME_FIELDS = ("ltu_label", "ltu_label_on", "follow_up_months", "follow_up_on")


def _facts(follow_ups: Iterable[FollowUp]) -> list[FollowUpFact]:
    return [
        FollowUpFact(point=f.months, contacted_on=f.contacted_on, status=f.status, started_on=f.started_on, order=f.pk)
        for f in follow_ups
    ]


def _summarise(person: Person, follow_ups: Iterable[FollowUp]) -> bool:
    """Set the person's outcome summary from all their follow-ups; True if it changed."""
    facts = _facts(follow_ups)
    label = outcomes.ltu_label(person.leaving_date, facts)
    upcoming = outcomes.next_follow_up(person.leaving_date, facts)
    new = (label.value, label.as_of, *(upcoming or (None, None)))
    old = tuple(getattr(person, name) for name in OUTCOME_FIELDS)
    for name, value in zip(OUTCOME_FIELDS, new, strict=True):
        setattr(person, name, value)
    return new != old


def person_outcome_start(person: Person) -> None:
    """A new person's leaving date (their redundancy's notified date, unless given) and first
    follow-up, set before their row is first saved."""
    if person.leaving_date is None:
        person.leaving_date = person.situation.notified_date
    _summarise(person, [])


def person_outcome_refresh(*, person: Person) -> None:
    """Work out the person's LTU label and next follow-up again from their follow-ups and leaving
    date, and save them. Called inside the caller's transaction, with the person's row locked, by
    every write that changes either."""
    if _summarise(person, FollowUp.objects.filter(person=person)):
        Person.objects.filter(pk=person.pk).update(**{name: getattr(person, name) for name in OUTCOME_FIELDS})


def follow_up_problems(*, person: Person, contacted_on: date, started_on: date | None, today: date) -> dict[str, str]:
    """Why a follow-up of the person on these dates cannot be recorded, by field; empty if it can."""
    problems = {}
    if person.leaving_date is None:
        problems["contacted_on"] = "Enter the date their job ended on their details first"
        return problems
    first = outcomes.due_from(person.leaving_date, 3)
    if contacted_on > today:
        problems["contacted_on"] = "Date of the follow-up must be today or in the past"
    elif contacted_on < first:
        problems["contacted_on"] = (
            f"Date of the follow-up must be on or after {first:%-d %B %Y}, two weeks before 3 months after"
            f" their job ended ({person.leaving_date:%-d %B %Y})"
        )
    if started_on is not None:
        earliest = earliest_work_start(person.situation.notified_date)
        if started_on > contacted_on:
            problems["started_on"] = "Date they started work must be on or before the date of the follow-up"
        elif started_on < earliest:
            problems["started_on"] = (
                f"Date they started work must be on or after {earliest:%-d %B %Y}, "
                "a year before the redundancy was notified"
            )
    return problems


def _same(
    follow_up: FollowUp | None, *, months: int | None, contacted_on: date, status: str, started_on: date | None
) -> bool:
    return follow_up is not None and (
        follow_up.months,
        follow_up.contacted_on,
        follow_up.status,
        follow_up.started_on,
    ) == (months, contacted_on, status, started_on)


@transaction.atomic
def follow_up_record(
    *,
    person: Person,
    contacted_on: date,
    status: str,
    started_on: date | None,
    source: str,
    acting_user: User,
    today: date,
) -> FollowUp:
    """Record what the person was doing on `contacted_on`, as the follow-up that date falls in (3, 6
    or 12 months after their job ended), and work out their label again.

    A date in the future or before the 3-month follow-up opens, or a start after the follow-up, is
    refused. The same follow-up sent twice (a double tap) is recorded once.
    """
    locked = Person.objects.select_for_update(of=("self",)).select_related("situation").get(pk=person.pk)
    problems = follow_up_problems(person=locked, contacted_on=contacted_on, started_on=started_on, today=today)
    if problems:
        raise ValidationError(problems)
    assert locked.leaving_date is not None  # follow_up_problems refuses a person without one
    months = outcomes.follow_up_point(locked.leaving_date, contacted_on)
    latest = FollowUp.objects.filter(person=locked, months=months).order_by("-pk").first()
    if _same(latest, months=months, contacted_on=contacted_on, status=status, started_on=started_on):
        assert latest is not None
        return latest
    follow_up = FollowUp(
        person=locked,
        team_id=locked.team_id,
        months=months,
        contacted_on=contacted_on,
        status=status,
        started_on=started_on,
        source=source,
        created_by=acting_user,
    )
    follow_up.full_clean()
    follow_up.save()
    person_outcome_refresh(person=locked)
    audit_record(
        acting_user=acting_user,
        action=AuditAction.FOLLOW_UP_RECORDED,
        person=locked,
        detail=f"follow-up {follow_up.pk}: {months} months",
    )
    return follow_up


@dataclass(frozen=True)
class UploadResult:
    errors: list[UploadError]  # every reason the file was refused; empty when it was applied
    recorded: int = 0  # follow-ups added
    repeated: int = 0  # rows already recorded exactly so (the same file sent again), skipped
    people: int = 0  # people whose follow-ups changed


@transaction.atomic
def follow_ups_upload(
    *,
    rows: Sequence[UploadRow],
    source: str,
    acting_user: User,
    people: QuerySet[Person],
    today: date,
    file_errors: Sequence[UploadError] = (),
) -> UploadResult:
    """Apply a checked file of follow-ups (triage.lib.outcomes.parse_upload), all or nothing.

    `people` are those the uploader may record follow-ups for (their team's). Every row is checked
    against its person; if any row is wrong, nothing is saved and every error is returned by row
    and column. A row already recorded exactly so is skipped, so a file sent twice is applied once;
    two rows for one person at the same follow-up are refused, as it cannot say which one stands.
    `file_errors` are those parse_upload found in the other rows: with any, nothing is saved, and
    the errors returned are those and these, in row order.
    """
    references = sorted({row.reference for row in rows})
    found = {
        p.ref: p for p in people.select_for_update(of=("self",)).select_related("situation").filter(ref__in=references)
    }
    existing: dict[int, list[FollowUp]] = {}
    for follow_up in FollowUp.objects.filter(person__in=list(found.values())).order_by("pk"):
        existing.setdefault(follow_up.person_id, []).append(follow_up)
    errors: list[UploadError] = list(file_errors)
    new: list[FollowUp] = []
    repeated = 0
    points_seen: dict[tuple[str, int | None], int] = {}
    for row in rows:
        person = found.get(row.reference)
        if person is None:
            errors.append(
                UploadError(row.row, "person reference", f"No one in your team has the reference {row.reference}")
            )
            continue
        problems = follow_up_problems(
            person=person, contacted_on=row.contacted_on, started_on=row.started_on, today=today
        )
        columns = {"contacted_on": "follow-up date", "started_on": "start date"}
        errors.extend(UploadError(row.row, columns[field], message) for field, message in problems.items())
        if problems:
            continue
        assert person.leaving_date is not None
        months = outcomes.follow_up_point(person.leaving_date, row.contacted_on)
        key = (row.reference, months)
        if key in points_seen:
            errors.append(
                UploadError(
                    row.row,
                    "follow-up date",
                    f"Row {points_seen[key]} is also the {months}-month follow-up of {row.reference}: keep one",
                )
            )
            continue
        points_seen[key] = row.row
        latest = next((f for f in reversed(existing.get(person.pk, [])) if f.months == months), None)
        if _same(latest, months=months, contacted_on=row.contacted_on, status=row.status, started_on=row.started_on):
            repeated += 1
            continue
        follow_up = FollowUp(
            person=person,
            team_id=person.team_id,
            months=months,
            contacted_on=row.contacted_on,
            status=row.status,
            started_on=row.started_on,
            source=source,
            created_by=acting_user,
        )
        follow_up.full_clean(exclude=["person", "team", "created_by"])
        new.append(follow_up)
    if errors:
        return UploadResult(errors=sorted(errors, key=lambda e: e.row or 0))  # stable: columns stay in order
    created = FollowUp.objects.bulk_create(new, batch_size=500)
    changed_people = {follow_up.person_id for follow_up in created}
    # Recount every changed person's follow-ups as stored, ids included, so the label reads them in order.
    stored: dict[int, list[FollowUp]] = {}
    for follow_up in FollowUp.objects.filter(person_id__in=changed_people):
        stored.setdefault(follow_up.person_id, []).append(follow_up)
    # One UPDATE for each set of values: people followed up on the same days share one. (bulk_update's
    # CASE for each row costs several times more to build than these statements take to run.)
    by_values: dict[tuple[Any, ...], list[int]] = {}
    for p in found.values():
        if p.pk in changed_people and _summarise(p, stored[p.pk]):
            by_values.setdefault(tuple(getattr(p, name) for name in OUTCOME_FIELDS), []).append(p.pk)
    for values, ids in by_values.items():
        for start in range(0, len(ids), 500):
            Person.objects.filter(pk__in=ids[start : start + 500]).update(
                **dict(zip(OUTCOME_FIELDS, values, strict=True))
            )
    upload = audit_record(
        acting_user=acting_user,
        action=AuditAction.FOLLOW_UPS_UPLOADED,
        detail=f"{len(created)} follow-ups for {len(changed_people)} people; {repeated} already recorded",
    )
    # And a row for each person whose record it changed, as a follow-up recorded on their page has.
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                user=acting_user,
                action=AuditAction.FOLLOW_UP_RECORDED,
                person_ref=follow_up.person.ref,
                detail=f"follow-up {follow_up.pk}: {follow_up.months} months, upload {upload.pk}",
            )
            for follow_up in created
        ],
        batch_size=500,
    )
    return UploadResult(errors=[], recorded=len(created), repeated=repeated, people=len(changed_people))
