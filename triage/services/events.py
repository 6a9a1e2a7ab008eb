"""Event mode: an adviser chooses the event they are working at today, or leaves it.

No audit row: the choice is about the adviser's day, not anyone's personal data.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from triage.models import Event, EventMode, User


def event_mode_start(*, acting_user: User, event: Event, today: date) -> EventMode:
    """Work at `event` for the rest of `today`; a second choice the same day switches event."""
    if event.situation.team_id != acting_user.team_id:
        raise ValidationError("Select an event your team is running", code="other_team")
    with transaction.atomic():
        choice, _ = EventMode.objects.update_or_create(user=acting_user, defaults={"event": event, "chosen_on": today})
    return choice


def event_mode_leave(*, acting_user: User) -> None:
    """Stop working at an event: registration and the checklist default to nothing again."""
    EventMode.objects.filter(user=acting_user).delete()
