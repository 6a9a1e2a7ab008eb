"""Forms for a person's record after registration: work they found, and their named adviser."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.core.exceptions import ValidationError

from triage.forms import Radios, Select, gds_helper
from triage.forms.fields import GovDateField
from triage.models import JobType, OutcomeSource, RedundancySituation, User
from triage.models.accounts import staff_name
from triage.models.person_record import earliest_work_start


class FoundWorkForm(forms.Form):
    started_on = GovDateField(
        name="Date they started work",
        required_message="Enter the date they started work",
        label="When did they start work?",
        help_text="For example, 3 11 2026",
    )
    sector = forms.ChoiceField(
        label="Which sector is the job in?",
        choices=[("", "Select a sector"), *RedundancySituation.Sector.choices],
        error_messages={"required": "Select the sector of the job", "invalid_choice": "Select a sector from the list"},
    )
    job_type = forms.ChoiceField(
        label="What kind of work is it?",
        choices=JobType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of work",
            "invalid_choice": "Select one of the kinds of work listed",
        },
    )
    source = forms.ChoiceField(
        label="How do you know?",
        choices=OutcomeSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you know", "invalid_choice": "Select one of the options listed"},
    )

    def __init__(self, *args, notified_date, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest = earliest_work_start(notified_date)
        self.today = today
        self.helper = gds_helper(
            Field("started_on"),
            Select("sector"),
            Radios("job_type", legend_size=Size.SMALL),
            Radios("source", legend_size=Size.SMALL),
            Button.primary("submit", "Save"),
        )

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        if started_on > self.today:
            raise ValidationError("Date they started work must be today or in the past", code="future")
        if started_on < self.earliest:
            raise ValidationError(
                f"Date they started work must be on or after {self.earliest:%-d %B %Y}, "
                "a year before the redundancy was notified",
                code="too_early",
            )
        return started_on


class ReassignForm(forms.Form):
    adviser = forms.ModelChoiceField(
        label="Who is their named adviser now?",
        queryset=User.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select their new named adviser",
            "invalid_choice": "Select an adviser or team lead of this team",
        },
    )

    def __init__(self, *args, person, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["adviser"].queryset = advisers
        self.fields["adviser"].label_from_instance = lambda u: staff_name(u.first_name, u.last_name, u.username)
        self.helper = gds_helper(
            Radios("adviser", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button.primary("submit", "Change named adviser"),
        )

    def clean_adviser(self):
        adviser = self.cleaned_data["adviser"]
        if adviser.pk == self.person.adviser_id:
            raise ValidationError("They already have this named adviser: select someone else", code="unchanged")
        return adviser


class RescoreForm(forms.Form):
    # Sent back with the button, so that a double tap scores the answers once.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("submission_token", Button.primary("submit", "Score the answers again"))
