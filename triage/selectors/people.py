import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404

from triage.access import works_with_people
from triage.lib.text import name_key, typed_text
from triage.models import (
    Assessment,
    FollowUp,
    Intervention,
    InterventionUpdate,
    Override,
    Person,
    PersonChange,
    User,
    WorkStart,
)
from triage.models.people import NAME_KEY_LENGTH, REF_PATTERN, name_key_match
from triage.prepared import MARKER_INT, PreparedRead, marker_str
from triage.scoring import plan_strengths
from triage.selectors.scoping import people_visible_to


def _team_person(*, team_id: int, ref: str) -> QuerySet[Person]:
    # people_visible_to(user) for a user who works with people: their team's.
    return Person.objects.filter(team_id=team_id, ref=ref).select_related(
        "situation", "situation__council_area", "event", "council_area"
    )[:1]


TEAM_PERSON = PreparedRead(_team_person, team_id=MARKER_INT, ref=marker_str("ref"))


def person_get_for_user(*, user: User, ref: str) -> Person:
    """The person if in the user's team; otherwise 404, never 403, so no URL confirms someone exists.
    On nearly every adviser page: compiled once (triage/prepared.py), scoped as people_visible_to."""
    person = TEAM_PERSON.first(team_id=user.team_id, ref=ref) if works_with_people(user) else None
    if person is None:
        raise Http404("No Person matches the given query.")
    return person


def assessment_get_for_person(*, person: Person, pk: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.filter(person=person)
        .select_related("created_by", "council_area")
        .prefetch_related(Prefetch("overrides", queryset=Override.objects.select_related("created_by"))),
        pk=pk,
    )


def _newest_assessment(*, person_id: int) -> QuerySet[Assessment]:
    return Assessment.objects.filter(person_id=person_id)[:1]  # the default order is newest first


NEWEST_ASSESSMENT = PreparedRead(_newest_assessment, person_id=MARKER_INT)


def latest_assessment(*, person: Person) -> Assessment | None:
    """The person's latest assessment, if any: on the checklist, the result and the person's page
    (compiled once: triage/prepared.py)."""
    return NEWEST_ASSESSMENT.first(person_id=person.pk)


def intervention_get_for_person(*, person: Person, pk: int) -> Intervention:
    return get_object_or_404(
        Intervention.objects.filter(person=person).select_related("intervention_type", "partner"), pk=pk
    )


def intervention_version(intervention: Intervention) -> str:
    """Which state of the intervention an edit form was opened on: saved with the form, and
    compared when it is sent, so one person's change is never silently overwritten by another's."""
    return intervention.updated_at.isoformat()


def people_search(*, user: User, query: str) -> QuerySet[Person]:
    """The user's team's people matching a reference, a date of birth or every word of a name.

    Names match by their keys (triage.lib.text.name_key), so accents, case and the style of an
    apostrophe or hyphen make no difference: "siobhan oneill" finds Siobhán O’Neill. Each row's
    band is the caseload summary on the person (kept by the write services), so the list needs no
    subquery per person.
    """
    people = people_visible_to(user).select_related("situation")
    query = typed_text(query)
    if not query:
        return people.order_by("-created_at", "-pk")
    born = _date_typed(query)
    if born:
        return people.filter(date_of_birth=born).order_by("family_name_key", "given_name_key", "pk")
    ref = REF_PATTERN.match(query.upper())
    condition = Q(ref=f"P-{ref.group(1)}") if ref else Q(pk__in=[])
    people = people.filter(condition | name_key_match(query))
    if connection.vendor == "postgresql":
        # Sorted on an expression no index gives in order (the keys are lower case already), so
        # that PostgreSQL finds the few matches by the keys' trigram indexes and sorts them, rather
        # than walking the team's names alphabetically until 25 match.
        # SQLite has no trigram index: its best plan is that walk, testing the keys off the index.
        return people.order_by(Lower("family_name_key"), Lower("given_name_key"), "pk")
    return people.order_by("family_name_key", "given_name_key", "pk")


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # "registered", "assessment", "override", "intervention_update", "change", "work_start"
    obj: object


def person_timeline(*, person: Person) -> list[TimelineEntry]:
    """Everything recorded about the person, newest first, in a fixed number of queries."""
    assessments = list(
        Assessment.objects.filter(person=person)
        .select_related("created_by")
        .prefetch_related(Prefetch("overrides", queryset=Override.objects.select_related("created_by")))
    )
    updates = list(
        InterventionUpdate.objects.filter(intervention__person=person).select_related(
            "intervention__intervention_type", "intervention__partner", "created_by"
        )
    )
    entries = [TimelineEntry(person.created_at, "registered", person)]
    for assessment in assessments:
        entries.append(TimelineEntry(assessment.created_at, "assessment", assessment))
        entries.extend(TimelineEntry(o.created_at, "override", o) for o in assessment.overrides.all())
    entries.extend(TimelineEntry(u.created_at, "intervention_update", u) for u in updates)
    changes = PersonChange.objects.filter(person=person).select_related("created_by")
    entries.extend(TimelineEntry(c.created_at, "change", c) for c in changes)
    work_starts = WorkStart.objects.filter(person=person).select_related("created_by")
    entries.extend(TimelineEntry(w.created_at, "work_start", w) for w in work_starts)
    # Work found between follow-ups is shown as its work start, above.
    follow_ups = FollowUp.objects.filter(person=person, work_start__isnull=True).select_related("created_by")
    entries.extend(TimelineEntry(f.created_at, "follow_up", f) for f in follow_ups)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def person_interventions(*, person: Person) -> list[Intervention]:
    return list(Intervention.objects.filter(person=person).select_related("intervention_type", "partner"))


@dataclass(frozen=True)
class SupportPlan:
    person: Person
    strengths: list[Mapping[str, Any]]  # explanation rows, as frozen on the assessment
    interventions: list[Intervention]
    adviser: User


def support_plan(*, person: Person) -> SupportPlan:
    """What the person takes away: strengths, the support agreed and who delivers it. No scores."""
    latest = Assessment.objects.filter(person=person).select_related("created_by").first()
    # Never a declined answer, the absence of something, or the area's unemployment rate.
    strengths = plan_strengths(latest.explanation.get("strengths", []), latest.answers) if latest else []
    interventions = list(
        Intervention.objects.filter(person=person)
        .exclude(status="declined")
        .select_related("intervention_type", "partner")
    )
    adviser = latest.created_by if latest else person.created_by
    return SupportPlan(person=person, strengths=strengths, interventions=interventions, adviser=adviser)


def possible_duplicates(
    *, user: User, given_name: str, family_name: str, date_of_birth: date, ni_number: str = "", **_other: object
) -> list[Person]:
    """The team's people who may be this person: same name, or same date of birth and one name the
    same, or the same name with day and month of birth swapped (a common slip), or the same National
    Insurance number. Names compare by their keys: accents, case and apostrophes aside."""
    given, family = name_key(given_name)[:NAME_KEY_LENGTH], name_key(family_name)[:NAME_KEY_LENGTH]
    same_name = Q(given_name_key=given, family_name_key=family)
    same_birth = Q(date_of_birth=date_of_birth) & (Q(given_name_key=given) | Q(family_name_key=family))
    condition = same_name | same_birth
    try:
        swapped = date_of_birth.replace(day=date_of_birth.month, month=date_of_birth.day)
    except ValueError:
        swapped = None
    if swapped and swapped != date_of_birth:
        condition |= Q(date_of_birth=swapped, family_name_key=family)
    ni_number = "".join(ni_number.split()).upper()
    if ni_number:
        # Written with the index's own condition, so that SQLite reads the partial index too.
        condition |= Q(ni_number=ni_number) & ~Q(ni_number="")
    return list(people_visible_to(user).filter(condition).order_by("family_name_key", "given_name_key", "pk")[:10])


DATE_TYPED = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")


def _date_typed(query: str) -> date | None:
    """A date of birth typed as 23/3/2003, 23.03.2003 or 23-03-2003 (day first, as in the UK)."""
    match = DATE_TYPED.match(query)
    if not match:
        return None
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
