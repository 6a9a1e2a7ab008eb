"""Retraining's forms: start a job (an optional seed), and make a candidate live (a reason)."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms

from triage.forms import Text, gds_helper
from triage.forms.validators import PlainText

MAX_SEED = 2**31 - 1
MIN_REASON = 10


class RetrainStartForm(forms.Form):
    seed = forms.IntegerField(
        label="Seed (optional)",
        help_text="A whole number that fixes the random split into training and held-out people. "
        "Leave it empty for a new one; the job records it.",
        required=False,
        # A text box, as GOV.UK asks for numbers that are not amounts (no spinner, no scroll-to-change).
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        min_value=0,
        max_value=MAX_SEED,
        error_messages={
            "invalid": "Seed must be a whole number, like 20261207",
            "min_value": "Seed must be 0 or more",
            "max_value": f"Seed must be {MAX_SEED} or less",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Text("seed", field_width=10),
            Button.primary("submit", "Start retraining"),
        )


class MakeLiveForm(forms.Form):
    reason = forms.CharField(
        label="Why should this candidate go live?",
        help_text="Say what in the comparison convinced you. Evaluators and admins will read this.",
        widget=forms.Textarea,
        validators=[PlainText("Reason", multiline=True)],
        min_length=MIN_REASON,
        max_length=2000,
        strip=True,
        error_messages={
            "required": "Enter why the candidate should go live",
            "min_length": f"Reason must be {MIN_REASON} characters or more",
            "max_length": "Reason must be 2000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("reason", rows=5, label_size=Size.MEDIUM),
            Button.primary("submit", "Make it live"),
        )
