"""The checklist form, built from triage/scoring/checklist.py so each question is worded in one place."""

import copy
import uuid
from functools import cached_property

from crispy_forms_gds.layout import HTML, Button, Size
from django import forms
from django.utils.html import format_html

from triage.forms import Radios, RadiosWithReveal, Text, gds_helper
from triage.scoring import PREFER_NOT_TO_SAY, QUESTIONS

DECLINE_LABEL = "Prefer not to say"


def _choices(item):
    choices = [(a.code, a.label) for a in item.answers]
    if item.declinable and PREFER_NOT_TO_SAY not in {code for code, _ in choices}:
        choices.append((PREFER_NOT_TO_SAY, DECLINE_LABEL))
    return choices


# Each choice item's field settings, worked out once: the form makes its fields from them.
_FIELD_SETTINGS: dict[str, dict[str, object]] = {
    item.code: {
        "label": item.label,
        "help_text": item.hint or "",
        "choices": _choices(item),
        "error_messages": {
            "required": f"Select an answer for ‘{item.label}’",
            "invalid_choice": f"Select one of the answers listed for ‘{item.label}’",
        },
    }
    for question in QUESTIONS
    for item in question.items
    if item.kind == "choice"
}


def _choice_field(settings: dict[str, object]) -> forms.ChoiceField:
    return forms.ChoiceField(widget=forms.RadioSelect, **settings)  # type: ignore[arg-type]


# The fields themselves, made once. Each form takes a shallow copy with its own widget and widget
# attributes (what rendering may change), not Django's deep copy of every field: an eighth of a
# checklist submit's time went on making sixteen fields (benchmarks/journey.py --profile).
_FIELDS: dict[str, forms.ChoiceField] = {code: _choice_field(settings) for code, settings in _FIELD_SETTINGS.items()}


def _own_copy(field: forms.ChoiceField) -> forms.ChoiceField:
    copied = copy.copy(field)
    copied.widget = copy.copy(field.widget)
    copied.widget.attrs = dict(field.widget.attrs)
    return copied


def previous_answers(assessment) -> dict[str, object]:
    """A reassessment starts from the person's last answers, for the adviser to confirm or change.

    Only answers the checklist still offers are filled in; the age and area are worked out again.
    """
    if assessment is None:
        return {}
    initial: dict[str, object] = {
        item.code: assessment.answers[item.code]
        for question in QUESTIONS
        for item in question.items
        if item.kind == "choice" and assessment.answers.get(item.code) in {a.code for a in item.answers}
    }
    if initial.get("q5_dependants") == "yes" and assessment.dependants_count:
        initial["dependants_count"] = assessment.dependants_count
    return initial


class ChecklistForm(forms.Form):
    """Q1–Q10 of report §2.3.4. Q3 (age) and Q7 (area) come from the person's record, not a question."""

    # One token per form shown: a double-submitted checklist saves one assessment (see assessment_create).
    # Not required, so a form posted without it, or with a mangled one, still saves, just without that
    # protection: a hidden field's error has no field to show beside, and would leave an empty summary.
    submission_token = forms.Field(widget=forms.HiddenInput, required=False)
    dependants_count = forms.IntegerField(
        label="How many dependants under 18? (optional)",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        min_value=1,
        max_value=20,
        error_messages={
            "invalid": "Number of dependants must be a number, like 2",
            "min_value": "Number of dependants must be 1 or more",
            "max_value": "Number of dependants must be 20 or fewer",
        },
    )

    def __init__(self, *args, person_facts: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.person_facts = person_facts
        for code, field in _FIELDS.items():
            self.fields[code] = _own_copy(field)

    @cached_property
    def helper(self):
        """The layout, built only when the form is shown: a checklist saved at once never needs it."""
        layout = ["submission_token"]
        for question in QUESTIONS:
            parts = []
            for item in question.items:
                if item.kind != "choice":
                    continue
                # Short answer sets (Yes / No / Prefer not to say) sit in a row, to keep the page short.
                inline = len(item.answers) <= 4 and all(
                    len(a.label) <= 10 for a in item.answers if a.code != PREFER_NOT_TO_SAY
                )
                if item.code == "q5_dependants":
                    # The count is asked only of a "Yes" (revealed beneath it).
                    reveal = (Text("dependants_count", field_width=2),)
                    parts.append(RadiosWithReveal(item.code, reveal_on="yes", reveal=reveal))
                else:
                    parts.append(Radios(item.code, legend_size=Size.SMALL, inline=inline, small=True))
            if question.number in self.person_facts:
                parts.append(HTML(format_html('<p class="govuk-body">{}</p>', self.person_facts[question.number])))
            # A heading per question rather than a fieldset: GOV.UK advises against nesting fieldsets.
            heading = format_html(
                '<h2 class="govuk-heading-m" id="question-{}">{}. {}</h2>',
                question.number,
                question.number,
                question.title,
            )
            layout.extend([HTML(heading), *parts])
        layout.append(Button.primary("submit", "Save and see the result"))
        return gds_helper(*layout)

    def answers(self) -> dict[str, str]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"submission_token", "dependants_count"}
        }

    def clean_submission_token(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(self.cleaned_data["submission_token"]))
        except ValueError:
            return None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("q5_dependants") != "yes":
            # The count belongs to "Yes" alone. Without JavaScript its box is always on the page, and
            # with it a count typed before the answer changed stays in the hidden box: either way it
            # is not an answer, so it is dropped (GOV.UK conditional reveal), never an error that
            # would point at a box the adviser cannot see.
            self.errors.pop("dependants_count", None)
            cleaned["dependants_count"] = None
        return cleaned
