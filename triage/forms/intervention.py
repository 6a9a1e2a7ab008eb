from crispy_forms_gds.layout import Button, Field, Fluid, Size
from django import forms
from django.core.exceptions import ValidationError

from triage.forms import Radios, RadiosWithReveal, Text, gds_helper
from triage.forms.fields import GovDateField
from triage.forms.validators import PlainText
from triage.models import InterventionStatus, InterventionType, Partner

# Statuses that say something has already happened, so their date cannot be in the future.
HAPPENED = {InterventionStatus.STARTED, InterventionStatus.COMPLETED, InterventionStatus.DECLINED}


def status_field(label: str) -> forms.ChoiceField:
    """An intervention's status, as radios, asked in the words of the page."""
    return forms.ChoiceField(
        label=label,
        choices=InterventionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a status", "invalid_choice": "Select one of the statuses listed"},
    )


class _StatusDateRules:
    def _check_status_date(self, cleaned, *, earliest, earliest_text):
        status, status_date = cleaned.get("status"), cleaned.get("status_date")
        if not (status and status_date):
            return
        if status_date < earliest:
            self.add_error(
                "status_date",
                ValidationError(f"Date of this status must be on or after {earliest_text}", code="too_early"),
            )
        elif status in HAPPENED and status_date > self.today:
            label = InterventionStatus(status).label.lower()
            self.add_error(
                "status_date", ValidationError(f"Date it was {label} must be today or in the past", code="future")
            )


SUPPORT_ERRORS = {"required": "Select the support agreed", "invalid_choice": "Select support from the list"}


class SupportChoiceField(forms.ModelChoiceField):
    """A choice of support whose every wrong value, a null character included, reads as not in the list."""

    def validate_no_null_characters(self, value):
        if "\x00" in str(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


ANOTHER_ORGANISATION = "other"
"""The partner answer for an organisation that is not in the partner list; its name is then asked."""


class InterventionTypeForm(forms.Form):
    """The first step of recording support: which support, so the next step offers only its partners."""

    intervention_type = SupportChoiceField(
        label="What support has been agreed?",
        queryset=InterventionType.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages=SUPPORT_ERRORS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sent by GET: no CSRF token (it would sit in the address and the history), and the
        # template writes the button, so the address carries the support chosen and nothing else.
        self.helper = gds_helper(Radios("intervention_type", legend_size=Size.MEDIUM, legend_tag="h2"))
        self.helper.disable_csrf = True


class InterventionForm(_StatusDateRules, forms.Form):
    """The support chosen in the first step (sent again, hidden), who delivers it, dates and notes.

    Only the partners that deliver that support are offered (`partners`, from the reference table
    of services), then "Another organisation", whose name is revealed beneath it and required.
    """

    intervention_type = SupportChoiceField(
        queryset=InterventionType.objects.all(),
        widget=forms.HiddenInput,
        error_messages=SUPPORT_ERRORS,
    )
    partner = forms.ChoiceField(
        label="Who will deliver it?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who will deliver it",
            "invalid_choice": "Select a partner from the list",
            "null_characters_not_allowed": "Select a partner from the list",
        },
    )
    other_organisation = forms.CharField(
        label="Name of the organisation",
        required=False,
        max_length=200,
        validators=[PlainText("Name of the organisation")],
        error_messages={"max_length": "Name of the organisation must be 200 characters or fewer"},
    )
    agreed_on = GovDateField(
        name="Date agreed",
        required_message="Enter the date it was agreed",
        label="When was it agreed?",
        help_text="For example, 3 11 2026",
    )
    status = status_field("What is its status?")
    status_date = GovDateField(
        name="Date of this status",
        required_message="Enter the date of this status",
        label="Date of this status (optional)",
        required=False,
        help_text="Leave empty if it is the date it was agreed. A referral or offer may be planned for a later date.",
    )
    notes = forms.CharField(
        label="Notes (optional)",
        widget=forms.Textarea,
        required=False,
        validators=[PlainText("Notes", multiline=True)],
        max_length=2000,
        help_text="Do not include health details the person has not agreed to share with the partner.",
        error_messages={"max_length": "Notes must be 2000 characters or fewer"},
    )

    def __init__(self, *args, kind: InterventionType, partners: list[Partner], notified_date, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.partners = {str(partner.pk): partner for partner in partners}
        self.fields["intervention_type"].initial = kind.pk
        self.fields["partner"].choices = [
            *((pk, partner.name) for pk, partner in self.partners.items()),
            (ANOTHER_ORGANISATION, "Another organisation"),
        ]
        self.fields["partner"].help_text = "The partners that deliver this support, or another organisation."
        self.notified_date = notified_date
        self.today = today
        self.helper = gds_helper(
            "intervention_type",
            RadiosWithReveal(
                "partner",
                reveal_on=ANOTHER_ORGANISATION,
                reveal=(Text("other_organisation", field_width=Fluid.TWO_THIRDS),),
                legend_size=Size.MEDIUM,
                legend_tag="h2",
                small=False,
            ),
            Field("agreed_on"),
            Radios("status", legend_size=Size.SMALL),
            Field("status_date"),
            Field.textarea("notes", rows=3),
            Button.primary("submit", "Save support"),
        )

    def clean_partner(self) -> Partner | None:
        """The partner chosen, or None for another organisation (named in other_organisation)."""
        value = self.cleaned_data["partner"]
        return None if value == ANOTHER_ORGANISATION else self.partners[value]

    def clean(self):
        cleaned = super().clean()
        if "partner" in cleaned and cleaned["partner"] is None:
            if not cleaned.get("other_organisation") and "other_organisation" not in self.errors:
                self.add_error(
                    "other_organisation", ValidationError("Enter the name of the organisation", code="required")
                )
        else:
            # The name belongs to "Another organisation" alone (it is revealed beneath it).
            self.errors.pop("other_organisation", None)
            cleaned["other_organisation"] = ""
        agreed_on = cleaned.get("agreed_on")
        if agreed_on:
            if agreed_on < self.notified_date:
                self.add_error(
                    "agreed_on",
                    ValidationError(
                        f"Date it was agreed must be on or after the redundancy was notified ({self.notified_date:%-d %B %Y})",
                        code="before_notified",
                    ),
                )
                return cleaned
            if agreed_on > self.today:
                self.add_error(
                    "agreed_on", ValidationError("Date it was agreed must be today or in the past", code="future")
                )
                return cleaned
            if not cleaned.get("status_date") and "status_date" not in self.errors:
                cleaned["status_date"] = agreed_on
            self._check_status_date(cleaned, earliest=agreed_on, earliest_text="the date it was agreed")
        return cleaned


class InterventionUpdateForm(_StatusDateRules, forms.Form):
    status = status_field("What is its status now?")
    # The version of the intervention this form was opened on (its updated_at): the save is
    # refused if someone else has changed it since, rather than overwriting their change.
    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)
    status_date = GovDateField(
        name="Date of this status",
        required_message="Enter the date of this status",
        label="Date of this status",
        help_text="For example, 3 11 2026",
    )
    note = forms.CharField(
        label="Note (optional)",
        widget=forms.Textarea,
        required=False,
        validators=[PlainText("Note", multiline=True)],
        max_length=2000,
        error_messages={"max_length": "Note must be 2000 characters or fewer"},
    )

    def __init__(self, *args, intervention, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.intervention = intervention
        self.today = today
        self.helper = gds_helper(
            "seen_version",
            Radios("status", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field("status_date"),
            Field.textarea("note", rows=3),
            Button.primary("submit", "Save status"),
        )

    def clean(self):
        cleaned = super().clean()
        self._check_status_date(
            cleaned,
            earliest=self.intervention.agreed_on,
            earliest_text=f"the date it was agreed ({self.intervention.agreed_on:%-d %B %Y})",
        )
        if (
            cleaned.get("status") == self.intervention.status
            and cleaned.get("status_date") == self.intervention.status_date
        ):
            self.add_error("status", ValidationError("Select a new status or enter a new date", code="unchanged"))
        return cleaned
