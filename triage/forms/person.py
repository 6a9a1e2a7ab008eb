import copy
import re
from datetime import timedelta

from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from triage.forms import Radios, Select, Text, gds_helper
from triage.forms.fields import GovDateField
from triage.forms.validators import (
    PlainText,
    normalise_ni_number,
    normalise_postcode,
    validate_ni_number,
    validate_postcode,
)
from triage.models import CouncilArea, Event, Person, RedundancySituation, Sex
from triage.models.person_record import EDITABLE_FIELDS, REASON_NEEDED
from triage.scoring import age_on

MIN_AGE, MAX_AGE = 16, 80
# UK or international: a leading + at most, then digits, spaces, brackets and dashes; 10 to 15 digits.
PHONE_PATTERN = re.compile(r"^\+?[\d\s()-]+$")
PERSON_REF = re.compile(r"^P-[0-9A-Z]{6}$")
MAX_DUPLICATES_SEEN = 10  # the duplicate check lists at most ten


# Registration offers the events held within this many days of today, either side.
EVENT_CHOICE_DAYS = 120


def _about_the_person() -> Fieldset:
    """The first part of registration and of the edit: who the person is and where they live."""
    return Fieldset(
        Text("given_name", field_width=20),
        Text("family_name", field_width=20),
        Field("date_of_birth"),
        Select("council_area"),
        Text("postcode", field_width=10),
        legend="About the person",
        legend_size=Size.MEDIUM,
    )


def _contact_and_identity(*more) -> Fieldset:
    return Fieldset(
        Text("email", field_width=30),
        Text("phone", field_width=20),
        Text("ni_number", field_width=10),
        *more,
        legend="Contact and identity",
        legend_size=Size.MEDIUM,
    )


class PersonForm(forms.Form):
    given_name = forms.CharField(
        label="First name",
        max_length=100,
        validators=[PlainText("First name")],
        error_messages={"required": "Enter the person's first name"},
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        validators=[PlainText("Last name")],
        error_messages={"required": "Enter the person's last name"},
    )
    date_of_birth = GovDateField(
        name="Date of birth",
        required_message="Enter their date of birth",
        label="Date of birth",
        help_text="For example, 27 3 1980",
    )
    council_area = forms.ModelChoiceField(
        label="Which council area do they live in?",
        queryset=CouncilArea.objects.all(),
        empty_label="Select a council area",
        error_messages={
            "required": "Select the council area they live in",
            "invalid_choice": "Select a council area from the list",
        },
    )
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=Person._meta.get_field("email").max_length,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be %(limit_value)d characters or fewer",
        },
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    ni_number = forms.CharField(
        label="National Insurance number (optional)",
        max_length=13,
        required=False,
        help_text="It’s on their National Insurance card, payslip or P60. For example, ‘QQ 12 34 56 C’.",
    )
    sex = forms.ChoiceField(
        label="What is their sex? (optional)",
        help_text="Used only to check the service treats everyone fairly.",
        choices=Sex.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select one of the options listed"},
    )
    situation = forms.ModelChoiceField(
        label="Which redundancy are they affected by?",
        queryset=RedundancySituation.objects.none(),
        empty_label="Select an employer",
        error_messages={"required": "Select the redundancy", "invalid_choice": "Select a redundancy from the list"},
    )
    event = forms.ModelChoiceField(
        label="Where are you seeing them? (optional)",
        queryset=Event.objects.none(),
        required=False,
        empty_label="Not at an event",
        error_messages={"invalid_choice": "Select an event from the list"},
    )
    consent_given = forms.BooleanField(
        label="I have shown them the privacy notice and they agree to their information being recorded",
        error_messages={"required": "Confirm they have seen the privacy notice and agree"},
    )
    confirm_not_duplicate = forms.BooleanField(
        label="This is a different person: register them anyway", required=False
    )  # Not in the layout: the duplicate warning's own button sends it.
    # The references of the possible duplicates the adviser was shown (hidden fields beside that
    # button): registering anyway covers them, and not someone registered since.
    duplicates_seen = forms.Field(widget=forms.MultipleHiddenInput, required=False)

    def __init__(self, *args, situations, today, privacy_notice_version, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["situation"].queryset = situations
        # Events of the last few months and those planned: a list an adviser can read (a busy team
        # holds thousands of events over the years, which made this page slow and the list useless).
        self.fields["event"].queryset = Event.objects.filter(
            situation__in=situations,
            held_on__gte=today - timedelta(days=EVENT_CHOICE_DAYS),
            held_on__lte=today + timedelta(days=EVENT_CHOICE_DAYS),
        ).select_related("situation")
        self.fields["event"].label_from_instance = lambda e: f"{e.situation.employer}: {e}"
        # A new tab, said in the link: the notice is read halfway through this form, which must not be lost.
        self.fields["consent_given"].help_text = format_html(
            'Privacy notice version {}: <a class="govuk-link" href="{}" target="_blank" rel="noopener noreferrer">'
            "read the privacy notice (opens in new tab)</a>",
            privacy_notice_version,
            reverse("privacy-notice-version", args=[privacy_notice_version]),
        )
        self.helper = gds_helper(
            _about_the_person(),
            _contact_and_identity(Radios("sex", legend_size=Size.SMALL, inline=False)),
            Fieldset(
                Select("situation"),
                Select("event"),
                legend="Their redundancy",
                legend_size=Size.MEDIUM,
            ),
            Field.checkbox("consent_given"),
            Button.primary("submit", "Register person"),
        )

    def clean_duplicates_seen(self) -> frozenset[str]:
        values = self.cleaned_data["duplicates_seen"] or []
        return frozenset(value for value in values[:MAX_DUPLICATES_SEEN] if PERSON_REF.match(value))

    def clean_date_of_birth(self):
        dob = self.cleaned_data["date_of_birth"]
        if dob > self.today:
            raise ValidationError("Date of birth must be in the past", code="future")
        age = age_on(dob, self.today)
        if age < MIN_AGE:
            raise ValidationError(f"The person must be {MIN_AGE} or older", code="too_young")
        if age > MAX_AGE:
            raise ValidationError(f"The person must be {MAX_AGE} or younger", code="too_old")
        return dob

    def clean_ni_number(self):
        value = normalise_ni_number(self.cleaned_data["ni_number"])
        if value:
            validate_ni_number(value)
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value and not (PHONE_PATTERN.match(value) and 10 <= sum(c.isdigit() for c in value) <= 15):
            raise ValidationError("Enter a phone number, like 01632 960 001 or +44 808 157 0192", code="invalid_phone")
        return value

    def clean_postcode(self):
        value = normalise_postcode(self.cleaned_data["postcode"])
        if value:
            validate_postcode(value)
        return value

    def clean(self):
        cleaned = super().clean()
        event, situation = cleaned.get("event"), cleaned.get("situation")
        if event and situation and event.situation_id != situation.pk:
            self.add_error("event", ValidationError("Select an event for this redundancy", code="event_mismatch"))
        return cleaned


def _registration_field(name: str) -> forms.Field:
    """A field of the registration form, with its validators and messages, for a form of its own."""
    return copy.deepcopy(PersonForm.base_fields[name])


REASON_REQUIRED = "Enter why the date of birth or National Insurance number is changing"


class PersonEditForm(forms.Form):
    """Change a registered person's details, validated as at registration. A new date of birth or
    NI number needs a reason; `seen_version` is the record's version the form was opened on."""

    given_name = _registration_field("given_name")
    family_name = _registration_field("family_name")
    date_of_birth = _registration_field("date_of_birth")
    council_area = _registration_field("council_area")
    postcode = _registration_field("postcode")
    email = _registration_field("email")
    phone = _registration_field("phone")
    ni_number = _registration_field("ni_number")
    leaving_date = GovDateField(
        name="Date their job ended",
        required_message="Enter the date their job ended",
        label="When did their job end, or when will it?",
        help_text="Follow-ups at 3, 6 and 12 months count from this date. For example, 27 3 2026",
    )
    reason = forms.CharField(
        label="Why are you changing their date of birth or National Insurance number?",
        help_text="Needed only if you change one of them. For example, ‘typed wrongly at registration’.",
        widget=forms.Textarea,
        required=False,
        max_length=500,
        validators=[PlainText("Reason", multiline=True)],
        error_messages={"max_length": "Reason must be 500 characters or fewer"},
    )
    # The version of the record this form was opened on (Person.version): the save is refused if
    # someone else has changed the record since, rather than overwriting their change.
    seen_version = forms.CharField(widget=forms.HiddenInput, required=False)

    clean_date_of_birth = PersonForm.clean_date_of_birth
    clean_ni_number = PersonForm.clean_ni_number
    clean_phone = PersonForm.clean_phone
    clean_postcode = PersonForm.clean_postcode

    def __init__(self, *args, person, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.today = today
        self.helper = gds_helper(
            "seen_version",
            _about_the_person(),
            _contact_and_identity(),
            Fieldset(Field("leaving_date"), legend="Their job", legend_size=Size.MEDIUM),
            Field.textarea("reason", rows=3),
            Button.primary("submit", "Save changes"),
        )

    def clean_leaving_date(self):
        leaving = self.cleaned_data["leaving_date"]
        notified = self.person.situation.notified_date
        earliest, latest = notified - timedelta(days=365), self.today + timedelta(days=365)
        if leaving < earliest:
            raise ValidationError(
                f"Date their job ended must be on or after {earliest:%-d %B %Y}, a year before the redundancy"
                " was notified",
                code="too_early",
            )
        if leaving > latest:
            raise ValidationError(f"Date their job ended must be on or before {latest:%-d %B %Y}", code="too_late")
        return leaving

    def clean(self):
        cleaned = super().clean()
        changing = [name for name in REASON_NEEDED if name in cleaned and cleaned[name] != getattr(self.person, name)]
        if changing and not cleaned.get("reason", "").strip() and "reason" not in self.errors:
            self.add_error("reason", ValidationError(REASON_REQUIRED, code="required"))
        return cleaned

    def details(self) -> dict:
        """The answers for the service: the record's fields and the reason."""
        return {name: self.cleaned_data[name] for name in (*EDITABLE_FIELDS, "reason", "seen_version")}
