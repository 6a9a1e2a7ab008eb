"""The clerical reviewer's decision on one pair of records."""

from django import forms

from triage.models.linkage import ReviewDecision


class ReviewDecisionForm(forms.Form):
    pair = forms.IntegerField(min_value=1, error_messages={"required": "Select a pair of records"})
    decision = forms.ChoiceField(
        choices=[(ReviewDecision.SAME, "Same person"), (ReviewDecision.DIFFERENT, "Different people")],
        error_messages={
            "required": "Select whether the records are the same person",
            "invalid_choice": "Select whether the records are the same person",
        },
    )
