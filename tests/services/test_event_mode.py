"""Event mode: an adviser works at one event for the day, switches, or leaves it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from triage import services
from triage.models import Event, EventMode

pytestmark = pytest.mark.django_db


def test_choosing_an_event_holds_it_for_today(adviser_a, event_a, today):
    services.event_mode_start(acting_user=adviser_a, event=event_a, today=today)
    choice = EventMode.objects.get(user=adviser_a)
    assert (choice.event, choice.chosen_on) == (event_a, today)


def test_a_second_choice_switches_event(adviser_a, event_a, situation_a, today):
    other = Event.objects.create(situation=situation_a, kind=Event.Kind.DROP_IN, held_on=today, location="Library")
    services.event_mode_start(acting_user=adviser_a, event=event_a, today=today - timedelta(days=1))
    services.event_mode_start(acting_user=adviser_a, event=other, today=today)
    assert list(EventMode.objects.values_list("user", "event", "chosen_on")) == [(adviser_a.pk, other.pk, today)]


def test_leaving_clears_the_choice(adviser_a, event_a, today):
    services.event_mode_start(acting_user=adviser_a, event=event_a, today=today)
    services.event_mode_leave(acting_user=adviser_a)
    services.event_mode_leave(acting_user=adviser_a)  # twice (a double tap) is no error
    assert not EventMode.objects.exists()


def test_another_teams_event_is_refused(adviser_b, event_a, today):
    with pytest.raises(ValidationError):
        services.event_mode_start(acting_user=adviser_b, event=event_a, today=today)
    assert not EventMode.objects.exists()
