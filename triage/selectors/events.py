"""Event mode: the events an adviser may work at, the one they chose today, and who they have seen there."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from triage.access import works_with_people
from triage.filters import local_start_of_day
from triage.models import Assessment, Event, EventMode, Intervention, User
from triage.prepared import MARKER_DATE, MARKER_INT, PreparedRead
from triage.selectors.scoping import people_visible_to, situations_visible_to

# Which events are offered: those held lately or soon, the day's own first. An older event is
# history, not somewhere an adviser is working today.
EVENTS_BACK_DAYS = 90
EVENTS_AHEAD_DAYS = 30
EVENTS_LIMIT = 50

STAGES = {
    # key: (label, GOV.UK tag colour class)
    "registered": ("Registered", "govuk-tag--grey"),
    "assessed": ("Checklist done", "govuk-tag--blue"),
    "supported": ("Support agreed", "govuk-tag--green"),
}


def events_visible_to(user: User) -> QuerySet[Event]:
    """The events of the user's team's redundancy situations."""
    return Event.objects.filter(situation__in=situations_visible_to(user).values("pk")).select_related("situation")


def events_to_choose(*, user: User, today: date) -> list[Event]:
    """The team's events an adviser may be working at: today's first, then the nearest in time."""
    events = list(
        events_visible_to(user)
        .filter(
            held_on__gte=today - timedelta(days=EVENTS_BACK_DAYS),
            held_on__lte=today + timedelta(days=EVENTS_AHEAD_DAYS),
        )
        .order_by("-held_on", "location", "pk")[:EVENTS_LIMIT]
    )
    return sorted(events, key=lambda event: abs((event.held_on - today).days))  # stable: ties keep the order


def _chosen_event(*, user_id: int, team_id: int, today: date) -> QuerySet[Event]:
    # events_visible_to(user) for a user who works with people: their team's situations' events.
    chosen = EventMode.objects.filter(user_id=user_id, chosen_on=today).values("event_id")[:1]
    return Event.objects.filter(situation__team_id=team_id, pk=Subquery(chosen)).select_related(
        "situation", "situation__council_area"
    )[:1]


CHOSEN_EVENT = PreparedRead(_chosen_event, user_id=MARKER_INT, team_id=MARKER_INT + 1, today=MARKER_DATE)


def event_mode_for(*, user: User, today: date) -> Event | None:
    """The event the user chose to work at today, if they did, and if it is still their team's:
    one query, the choice read inside it, compiled once (it is on every checklist and
    registration; triage/prepared.py)."""
    if not works_with_people(user):
        return None
    return CHOSEN_EVENT.first(user_id=user.pk, team_id=user.team_id, today=today)


def people_seen_at_event(*, user: User, event: Event, today: date) -> list[dict[str, Any]]:
    """The team's people seen at `event` today (registered there today, or a checklist there today),
    with where each is in the journey: registered, checklist done (today, at the event), or support
    agreed (recorded today). The latest seen first."""
    start = local_start_of_day(today)
    assessed_here = Assessment.objects.filter(event=event, created_at__gte=start)
    people = (
        people_visible_to(user)
        .filter(Q(event=event, created_at__gte=start) | Q(pk__in=assessed_here.values("person_id")))
        .annotate(
            assessed_today=Exists(assessed_here.filter(person_id=OuterRef("pk"))),
            supported_today=Exists(Intervention.objects.filter(person_id=OuterRef("pk"), created_at__gte=start)),
            seen_at=Coalesce("assessed_at", "created_at"),
        )
        .order_by("-seen_at", "-pk")
        .values("ref", "given_name", "family_name", "band", "assessed_today", "supported_today")
    )
    rows = []
    for row in people:
        stage = "supported" if row["supported_today"] else "assessed" if row["assessed_today"] else "registered"
        label, colour = STAGES[stage]
        rows.append({**row, "stage": stage, "stage_label": label, "stage_colour": colour})
    return rows
