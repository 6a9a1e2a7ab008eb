"""What happens to a person's record after registration: changes to their details, and work started."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models

from triage.lib import outcomes
from triage.models.people import RedundancySituation

# The fields of Person a change may name, in the words of the person's page.
FIELD_LABELS = {
    "given_name": "First name",
    "family_name": "Last name",
    "date_of_birth": "Date of birth",
    "council_area": "Council area",
    "postcode": "Postcode",
    "email": "Email address",
    "phone": "Phone number",
    "ni_number": "National Insurance number",
    "leaving_date": "Date their job ended",
    "adviser": "Named adviser",
}
# Fields whose old and new values a change may keep: neither says who the person is. A corrected
# date of birth, NI number, name or contact detail is replaced, never kept in the history; the
# leaving date is kept because every follow-up counts from it.
VALUES_KEPT = frozenset({"council_area", "adviser", "leaving_date"})
# The person's details an adviser can correct after registration (the edit form and person_update).
EDITABLE_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "council_area",
    "postcode",
    "email",
    "phone",
    "ni_number",
    "leaving_date",
)
# Fields whose change needs a reason: they identify the person and feed the duplicate check and the score.
REASON_NEEDED = ("date_of_birth", "ni_number")


class PersonChange(models.Model):
    """One change to a person's record, shown in the history on their page, to their team only.

    `fields` names what changed; `values` holds the before and after (as the page shows them) only
    for the fields in VALUES_KEPT. `reason` is required when the date of birth or NI number changes.
    `__str__` is ids only: it may reach a log.
    """

    class Kind(models.TextChoices):
        DETAILS = "details", "Details changed"
        ADVISER = "adviser", "Named adviser changed"

    person = models.ForeignKey("triage.Person", on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    fields = models.JSONField(default=list, help_text="Names of the fields changed, never their values")
    values = models.JSONField(default=dict, blank=True, help_text="Field → [before, after], for VALUES_KEPT only")
    reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Change {self.pk} of person {self.person_id}"

    @property
    def field_labels(self) -> list[str]:
        return [FIELD_LABELS.get(name, name) for name in self.fields]

    @property
    def value_changes(self) -> list[tuple[str, str, str]]:
        """(label, before, after) for each change whose values were kept."""
        return [
            (FIELD_LABELS.get(name, name), before, after)
            for name, (before, after) in self.values.items()
            if name in VALUES_KEPT
        ]


class JobType(models.TextChoices):
    EMPLOYED_FULL_TIME = "employed_full_time", "Employed full-time"
    EMPLOYED_PART_TIME = "employed_part_time", "Employed part-time"
    SELF_EMPLOYED = "self_employed", "Self-employed"
    TEMPORARY = "temporary", "Temporary or fixed-term contract"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"


class OutcomeSource(models.TextChoices):
    """How an outcome was learned; the follow-ups of issue 12 share these."""

    PERSON = "person", "The person told us"
    PHONE_CALL = "phone_call", "Phone call to the person"
    PARTNER = "partner_data", "A partner's data"
    OTHER = "other", "Another way"


def earliest_work_start(notified_date: date) -> date:
    """The earliest start date believable for work found after a redundancy: a year before it was
    notified (a job lined up early is common; one started long before is a mistyped year)."""
    return notified_date - timedelta(days=365)


class WorkStart(models.Model):
    """The person started work: an outcome, kept as recorded (a later one does not replace it).

    Person.found_work_on is a summary of these rows (the latest start), kept by the service that
    writes them, for the caseload's queues.
    """

    person = models.ForeignKey("triage.Person", on_delete=models.CASCADE, related_name="work_starts")
    # The person's team, copied when recorded, so team figures need no join to people.
    team = models.ForeignKey("triage.Team", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    sector = models.CharField(max_length=20, choices=RedundancySituation.Sector.choices)
    job_type = models.CharField(max_length=20, choices=JobType.choices)
    source = models.CharField(max_length=20, choices=OutcomeSource.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self):
        return f"Work start {self.pk} of person {self.person_id}"


class FollowUpStatus(models.TextChoices):
    """What a follow-up found the person doing (codes of triage.lib.outcomes.STATUSES)."""

    EMPLOYED = outcomes.EMPLOYED, outcomes.STATUSES[outcomes.EMPLOYED]
    SELF_EMPLOYED = outcomes.SELF_EMPLOYED, outcomes.STATUSES[outcomes.SELF_EMPLOYED]
    EDUCATION = outcomes.EDUCATION, outcomes.STATUSES[outcomes.EDUCATION]
    UNEMPLOYED = outcomes.UNEMPLOYED, outcomes.STATUSES[outcomes.UNEMPLOYED]
    NOT_LOOKING = outcomes.NOT_LOOKING, outcomes.STATUSES[outcomes.NOT_LOOKING]
    UNKNOWN = outcomes.UNKNOWN, outcomes.STATUSES[outcomes.UNKNOWN]


class FollowUp(models.Model):
    """What the person was doing on a day after leaving their job, as recorded (append-only).

    `months` is the follow-up it answers (3, 6 or 12 after the leaving date, worked out from the
    contact date by triage.lib.outcomes.follow_up_point), or null for work found between
    follow-ups: every WorkStart has one of these, linked by `work_start`. A later follow-up at the
    same point replaces the earlier one for the label; both stay. Person.ltu_label and the
    follow-up queue's columns are kept from these rows by services/outcomes.py.
    """

    class Months(models.IntegerChoices):
        THREE = 3, "3-month follow-up"
        SIX = 6, "6-month follow-up"
        TWELVE = 12, "12-month follow-up"

    person = models.ForeignKey("triage.Person", on_delete=models.CASCADE, related_name="follow_ups")
    # The person's team, copied when recorded, so team figures need no join to people.
    team = models.ForeignKey("triage.Team", on_delete=models.PROTECT, related_name="+")
    months = models.PositiveSmallIntegerField(choices=Months.choices, null=True, blank=True)
    contacted_on = models.DateField(help_text="The day the person's status was learned")
    status = models.CharField(max_length=20, choices=FollowUpStatus.choices)
    started_on = models.DateField(null=True, blank=True, help_text="When they started work, if they had")
    source = models.CharField(max_length=20, choices=OutcomeSource.choices)
    work_start = models.OneToOneField(
        WorkStart, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_up"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Evaluator figures by team and point, and a person's history.
            models.Index(fields=["team", "months", "status"]),
        ]

    def __str__(self):
        return f"Follow-up {self.pk} of person {self.person_id}"

    @property
    def in_work(self) -> bool:
        return self.status in outcomes.IN_WORK
