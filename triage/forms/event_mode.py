"""Event mode: which event the adviser is working at today."""

from datetime import date

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.core.exceptions import ValidationError

from triage.forms import gds_helper
from triage.models import Event


def event_label(event: Event, today: date) -> str:
    """How the choice names an event: employer, kind, place and day, with 'today' when it is."""
    when = " (today)" if event.held_on == today else ""
    return f"{event.situation.employer}: {event}{when}"


class EventModeForm(forms.Form):
    event = forms.ChoiceField(
        label="Which event are you working at today?",
        help_text="Registration and the checklist will start from its redundancy and event until the end of today.",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the event you are working at",
            "invalid_choice": "Select an event from the list",
        },
    )

    def __init__(self, *args, events: list[Event], today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self._events = {str(event.pk): event for event in events}
        self.fields["event"].choices = [(pk, event_label(event, today)) for pk, event in self._events.items()]
        self.helper = gds_helper(
            Field.radios("event", legend_size=Size.LARGE, legend_tag="h1", small=len(events) > 6),
            Button.primary("submit", "Work at this event"),
        )

    def clean_event(self) -> Event:
        try:
            return self._events[self.cleaned_data["event"]]
        except KeyError:  # a choice validated, so unreachable; kept so a mapping bug is a message, not a 500
            raise ValidationError("Select an event from the list", code="invalid_choice") from None
