"""Forms for outcomes: a follow-up recorded on the person's page, and a file of them uploaded."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.core.exceptions import ValidationError

from triage.forms import Radios, gds_helper
from triage.forms.fields import GovDateField
from triage.models import FollowUpStatus, OutcomeSource

SOURCE_ERRORS = {"required": "Select how you know", "invalid_choice": "Select one of the options listed"}


class FollowUpForm(forms.Form):
    contacted_on = GovDateField(
        name="Date of the follow-up",
        required_message="Enter the date of the follow-up",
        label="When did you learn this?",
        help_text="The date of the call or message. It decides whether this is the 3, 6 or 12-month follow-up."
        " For example, 14 9 2026",
    )
    status = forms.ChoiceField(
        label="What were they doing on that date?",
        choices=FollowUpStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what they were doing", "invalid_choice": "Select one of the options"},
    )
    started_on = GovDateField(
        name="Date they started work",
        required_message="Enter the date they started work",
        required=False,
        label="If they have started work since their job ended, when did they start? (optional)",
        help_text="Even if that work has ended. For example, 3 8 2026",
    )
    source = forms.ChoiceField(
        label="How do you know?",
        choices=OutcomeSource.choices,
        widget=forms.RadioSelect,
        error_messages=SOURCE_ERRORS,
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.helper = gds_helper(
            Field("contacted_on"),
            Radios("status", legend_size=Size.SMALL),
            Field("started_on"),
            Radios("source", legend_size=Size.SMALL),
            Button.primary("submit", "Save follow-up"),
        )

    def clean_contacted_on(self):
        contacted_on = self.cleaned_data["contacted_on"]
        if contacted_on > self.today:
            raise ValidationError("Date of the follow-up must be today or in the past", code="future")
        return contacted_on

    def clean(self):
        cleaned = super().clean()
        contacted_on, started_on = cleaned.get("contacted_on"), cleaned.get("started_on")
        if contacted_on and started_on and started_on > contacted_on:
            self.add_error(
                "started_on",
                ValidationError(
                    "Date they started work must be on or before the date of the follow-up", code="after_follow_up"
                ),
            )
        return cleaned


class FollowUpUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="One follow-up a row, under the column names of the template. At most 1 MB.",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
        },
    )
    source = forms.ChoiceField(
        label="How were these follow-ups learned?",
        choices=OutcomeSource.choices,
        widget=forms.RadioSelect,
        error_messages=SOURCE_ERRORS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field("file"),
            Radios("source", legend_size=Size.SMALL),
            Button.primary("submit", "Upload follow-ups"),
        )
