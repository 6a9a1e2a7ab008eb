"""Event mode: which event the adviser is working at today."""

from datetime import date

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.core.exceptions import ValidationError

from triage.forms import Radios, gds_helper
from triage.models import Event

# Beyond this many events the choice is a select rather than radios.
RADIOS_LIMIT = 10


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
        choices = [(pk, event_label(event, today)) for pk, event in self._events.items()]
        if len(choices) > RADIOS_LIMIT:
            # A long list is a select, today's events at its top (GOV.UK: radios for a few options).
            field = self.fields["event"]
            field.widget = forms.Select()
            field.choices = [("", "Select an event"), *choices]
            layout = Field("event", context={"label_size": Size.for_label(Size.LARGE), "label_tag": "h1"})
        else:
            self.fields["event"].choices = choices
            layout = Radios("event", legend_size=Size.LARGE, legend_tag="h1")
        self.helper = gds_helper(layout, Button.primary("submit", "Work at this event"))

    def clean_event(self) -> Event:
        try:
            return self._events[self.cleaned_data["event"]]
        except KeyError:  # a choice validated, so unreachable; kept so a mapping bug is a message, not a 500
            raise ValidationError("Select an event from the list", code="invalid_choice") from None
