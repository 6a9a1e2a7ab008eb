from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.core.exceptions import ValidationError

from triage.forms import Radios, gds_helper
from triage.forms.validators import PlainText
from triage.models import Band, OverrideReason

MIN_REASON = 20


class OverrideForm(forms.Form):
    to_band = forms.ChoiceField(
        label="Which band should this person be in?",
        choices=Band.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a band", "invalid_choice": "Select one of the bands listed"},
    )
    reason_category = forms.ChoiceField(
        label="Main reason",
        choices=OverrideReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a reason", "invalid_choice": "Select one of the reasons listed"},
    )
    reason_text = forms.CharField(
        label="Why are you changing the band?",
        help_text="Say what you know that the checklist does not show. Other advisers and your team lead will read this.",
        widget=forms.Textarea,
        validators=[PlainText("Reason", multiline=True)],
        min_length=MIN_REASON,
        max_length=2000,
        strip=True,
        error_messages={
            "required": "Enter why you are changing the band",
            "min_length": f"Reason must be {MIN_REASON} characters or more",
            "max_length": "Reason must be 2000 characters or fewer",
        },
    )

    def __init__(self, *args, current_band: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_band = current_band
        self.helper = gds_helper(
            Radios("to_band", legend_size=Size.MEDIUM, legend_tag="h2"),
            Radios("reason_category", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("reason_text", rows=4, label_size=Size.MEDIUM),
            Button.primary("submit", "Save override"),
        )

    def clean_to_band(self):
        if self.cleaned_data["to_band"] == self.current_band:
            raise ValidationError("Select a band different from the current one", code="same_band")
        return self.cleaned_data["to_band"]
