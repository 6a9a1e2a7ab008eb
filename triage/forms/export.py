"""The anonymised export's form: filters (dates, situation, council area, scorecard) and a format."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms

from triage.forms import Radios, Select, gds_helper
from triage.forms.fields import GovDateField
from triage.lib.dates import whole_months_problems
from triage.models import ExportFormat


class ExportForm(forms.Form):
    date_from = GovDateField(
        name="Start date",
        required_message="Enter a start date",
        label="Assessed on or after (optional)",
        required=False,
        help_text="The first day of a month, for example, 1 4 2026",
    )
    date_to = GovDateField(
        name="End date",
        required_message="Enter an end date",
        label="Assessed on or before (optional)",
        required=False,
        help_text="The last day of a month, for example, 31 3 2027",
    )
    situation = forms.ChoiceField(
        label="Redundancy (optional)",
        required=False,
        error_messages={"invalid_choice": "Select a redundancy from the list"},
    )
    council_area = forms.ChoiceField(
        label="Council area (optional)",
        required=False,
        error_messages={"invalid_choice": "Select a council area from the list"},
    )
    scorecard = forms.ChoiceField(
        label="Scorecard (optional)",
        required=False,
        error_messages={"invalid_choice": "Select a scorecard from the list"},
    )
    format = forms.ChoiceField(
        label="File format",
        choices=ExportFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a file format", "invalid_choice": "Select one of the formats listed"},
    )

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situation"].choices = [("", "All redundancies"), *choices["situation"]]
        self.fields["council_area"].choices = [("", "All council areas"), *choices["council_area"]]
        self.fields["scorecard"].choices = [("", "All scorecards"), *choices["scorecard"]]
        self.helper = gds_helper(
            Field("date_from"),
            Field("date_to"),
            Select("situation"),
            Select("council_area"),
            Select("scorecard"),
            Radios("format", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button.primary("submit", "Start the export"),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        # Whole months only, so that two periods never differ by a few days' people (decision 0024).
        for field, message in whole_months_problems(start, end).items():
            self.add_error(field, message)
        if start and end and end < start and not self.has_error("date_to"):
            self.add_error("date_to", "End date must be the same as or after the start date")
        return cleaned
