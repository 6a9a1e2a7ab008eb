from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.core.exceptions import ValidationError

from triage.forms import Radios, gds_helper
from triage.forms.validators import PlainText
from triage.models import OverrideReview

MIN_COMMENT = 10


class OverrideReviewForm(forms.Form):
    kind = forms.ChoiceField(
        label="Do you agree with this change of band?",
        choices=[
            (OverrideReview.Kind.AGREED, "Yes, agree"),
            (OverrideReview.Kind.QUERIED, "No, query it with the adviser"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree", "invalid_choice": "Select one of the options listed"},
    )
    comment = forms.CharField(
        label="Comment",
        help_text="Required when you query it: the adviser sees this on their home page.",
        widget=forms.Textarea,
        validators=[PlainText("Comment", multiline=True)],
        required=False,
        max_length=2000,
        error_messages={"max_length": "Comment must be 2000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Radios("kind", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("comment", rows=3),
            Button.primary("submit", "Save review"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == OverrideReview.Kind.QUERIED and len(cleaned.get("comment", "").strip()) < MIN_COMMENT:
            self.add_error(
                "comment",
                ValidationError(
                    f"Enter what you want to ask the adviser, {MIN_COMMENT} characters or more", code="required"
                ),
            )
        return cleaned


class OverrideAnswerForm(forms.Form):
    comment = forms.CharField(
        label="Your answer to the team lead",
        widget=forms.Textarea,
        validators=[PlainText("Answer", multiline=True)],
        min_length=MIN_COMMENT,
        max_length=2000,
        error_messages={
            "required": "Enter your answer",
            "min_length": f"Answer must be {MIN_COMMENT} characters or more",
            "max_length": "Answer must be 2000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            Field.textarea("comment", rows=4, label_size=Size.MEDIUM), Button.primary("submit", "Send answer")
        )
