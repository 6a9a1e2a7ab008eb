"""The cut-off explorer's form: a cut-off by points or by share flagged, adviser hours, and whose outcomes."""

from decimal import Decimal

from crispy_forms_gds.layout import Button, Size
from django import forms

from triage.forms import Radios, Text, gds_helper

BY_POINTS, BY_SHARE = "points", "share"
RECORDED, TRAINING = "recorded", "training"
DEFAULT_HOURS = Decimal("3")


class CutoffForm(forms.Form):
    """Read from the query string (GET), so the page works and can be bookmarked without JavaScript."""

    basis = forms.ChoiceField(
        label="Choose the cut-off by",
        choices=(
            (BY_POINTS, "Points: flag everyone on this many points or more"),
            (BY_SHARE, "Share of people flagged"),
        ),
        widget=forms.RadioSelect,
        initial=BY_POINTS,
        error_messages={
            "required": "Select how to choose the cut-off",
            "invalid_choice": "Select points or share flagged",
        },
    )
    points = forms.IntegerField(
        label="Points cut-off",
        required=False,
        min_value=-1000,
        max_value=1000,
        help_text="Whole points, for example 40",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the points cut-off as a whole number, like 40",
            "min_value": "Enter a points cut-off of -1000 or more",
            "max_value": "Enter a points cut-off of 1000 or less",
        },
    )
    share = forms.DecimalField(
        label="Share of people flagged, in per cent",
        required=False,
        min_value=Decimal("0.1"),
        max_value=Decimal("100"),
        decimal_places=1,
        help_text="For example, 10 for the highest-risk 10%",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter the share flagged as a number, like 10",
            "min_value": "Enter a share flagged of 0.1%% or more",
            "max_value": "Enter a share flagged of 100%% or less",
            "max_decimal_places": "Enter the share flagged with at most one decimal place",
        },
    )
    hours = forms.DecimalField(
        label="Adviser hours per flagged person",
        min_value=Decimal("0"),
        max_value=Decimal("200"),
        decimal_places=1,
        initial=DEFAULT_HOURS,
        help_text="The extra adviser time each flagged person takes, for example 3",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the adviser hours per flagged person",
            "invalid": "Enter the adviser hours as a number, like 3",
            "min_value": "Enter adviser hours of 0 or more",
            "max_value": "Enter adviser hours of 200 or less",
            "max_decimal_places": "Enter the adviser hours with at most one decimal place",
        },
    )
    source = forms.ChoiceField(
        label="Whose outcomes",
        choices=(
            (RECORDED, "Recorded outcomes of people assessed here"),
            (TRAINING, "The training cohort (held-out split)"),
        ),
        widget=forms.RadioSelect,
        initial=RECORDED,
        error_messages={
            "required": "Select whose outcomes to use",
            "invalid_choice": "Select recorded outcomes or the training cohort",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Radios("basis", legend_size=Size.SMALL),
            Text("points", field_width=5),
            Text("share", field_width=5),
            Text("hours", field_width=5),
            Radios("source", legend_size=Size.SMALL),
            Button.primary("submit", "Show the figures"),
        )

    def full_clean(self):
        """A value in the field not chosen (points when choosing by share, say) is ignored, never refused."""
        super().full_clean()
        unused = {BY_POINTS: "share", BY_SHARE: "points"}.get(self.data.get("basis", ""))
        if unused and unused in self._errors:
            del self._errors[unused]
            if not self._errors:
                self.cleaned_data[unused] = None

    def clean(self):
        data = super().clean()
        if data.get("basis") == BY_POINTS and data.get("points") is None and "points" not in self.errors:
            self.add_error("points", "Enter the points cut-off")
        if data.get("basis") == BY_SHARE and data.get("share") is None and "share" not in self.errors:
            self.add_error("share", "Enter the share of people flagged")
        return data
