import re
import secrets

from django.conf import settings
from django.db import models

from triage.lib.bands import BAND_RANK
from triage.lib.text import name_key
from triage.models.assessments import Band

__all__ = [
    "BAND_RANK",
    "NAME_KEY_LENGTH",
    "REF_PATTERN",
    "SUMMARY_FIELDS",
    "Event",
    "Person",
    "RedundancySituation",
    "Sex",
    "name_key_match",
]

# Crockford-style alphabet: no I, L, O or U, so a reference read aloud at an event is unambiguous.
REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# What a person typing a reference may enter: P-7K3M9Q, P7K3M9Q or 7K3M9Q, in any case (upper-cased first).
REF_PATTERN = re.compile(r"^(?:P-?)?([0-9A-Z]{6})$")
# A name's search key is cut to this length (a key can be longer than the name it comes from).
NAME_KEY_LENGTH = 100


def name_key_match(query: str) -> models.Q:
    """People whose given or family name key holds each word of the query's key (nobody if the
    query has no letters or digits)."""
    words = name_key(query).split()
    if not words:
        return models.Q(pk__in=[])
    match = models.Q()
    for word in words:
        match &= models.Q(given_name_key__contains=word) | models.Q(family_name_key__contains=word)
    return match


def new_person_ref() -> str:
    return "P-" + "".join(secrets.choice(REF_ALPHABET) for _ in range(6))


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "In another way"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


def situation_label(employer: str, notified_date) -> str:
    """How lists name a situation: employer and month, to tell an employer's repeats apart."""
    return f"{employer} ({notified_date:%B %Y})"


class RedundancySituation(models.Model):
    """An employer's redundancy notified to PACE: the context every person is seen in."""

    class Sector(models.TextChoices):
        MANUFACTURING = "manufacturing", "Manufacturing"
        ENERGY = "energy", "Energy, oil and gas"
        CONSTRUCTION = "construction", "Construction"
        RETAIL = "retail", "Retail and wholesale"
        HOSPITALITY = "hospitality", "Hospitality and tourism"
        TRANSPORT = "transport", "Transport and logistics"
        FINANCE = "finance", "Financial and business services"
        PUBLIC = "public", "Public administration"
        HEALTH = "health", "Health and social care"
        CREATIVE = "creative", "Creative industries"
        FOOD_DRINK = "food_drink", "Food and drink"
        OTHER = "other", "Other"

    team = models.ForeignKey("triage.Team", on_delete=models.PROTECT, related_name="situations")
    employer = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    council_area = models.ForeignKey("triage.CouncilArea", on_delete=models.PROTECT, related_name="situations")
    notified_date = models.DateField()
    number_affected = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-notified_date", "employer"]
        constraints = [
            models.CheckConstraint(condition=models.Q(number_affected__gte=1), name="situation_affects_someone"),
        ]
        indexes = [
            # A team's situations newest first, as the forms and the caseload's filter list them,
            # read off the index rather than sorted.
            models.Index(fields=["team", "-notified_date", "employer", "id"], name="situation_team_newest_idx"),
        ]

    def __str__(self):
        return f"{self.employer} ({self.notified_date.day} {self.notified_date:%B %Y})"

    @property
    def label(self) -> str:
        return situation_label(self.employer, self.notified_date)


class Event(models.Model):
    """Where a person was seen: an on-site event, a drop-in or a one-to-one."""

    class Kind(models.TextChoices):
        ON_SITE = "on_site", "On-site redundancy event"
        DROP_IN = "drop_in", "Drop-in session"
        ONE_TO_ONE = "one_to_one", "One-to-one appointment"

    situation = models.ForeignKey(RedundancySituation, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_on = models.DateField()
    location = models.CharField(max_length=200)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.location}, {self.held_on.day} {self.held_on:%B %Y}"


class Person(models.Model):
    """A person facing redundancy. `__str__` is the reference, never a name: it ends up in logs."""

    ref = models.CharField("reference", max_length=8, unique=True, default=new_person_ref, editable=False)
    team = models.ForeignKey("triage.Team", on_delete=models.PROTECT, related_name="people")
    situation = models.ForeignKey(RedundancySituation, on_delete=models.PROTECT, related_name="people")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    # The names as search and the duplicate check compare them (triage.lib.text.name_key: no accents,
    # case or apostrophes), set by services.people.person_name_keys_set wherever a name is saved.
    given_name_key = models.CharField(max_length=NAME_KEY_LENGTH, blank=True, default="", editable=False)
    family_name_key = models.CharField(max_length=NAME_KEY_LENGTH, blank=True, default="", editable=False)
    date_of_birth = models.DateField()
    council_area = models.ForeignKey(
        "triage.CouncilArea", on_delete=models.PROTECT, related_name="residents", help_text="Where the person lives"
    )
    postcode = models.CharField(max_length=8, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    ni_number = models.CharField("National Insurance number", max_length=9, blank=True)
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    consent_given = models.BooleanField(default=False)
    privacy_notice_version = models.CharField(max_length=40)
    consent_recorded_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="caseload",
        help_text="The person's named adviser",
    )
    found_work_on = models.DateField(
        null=True, blank=True, help_text="When they started work; empty while not known to be in work"
    )
    # The day their job ended (the situation's notified date until someone knows better): every
    # follow-up counts from it. Null only for rows inserted around the services (the volume seeder).
    leaving_date = models.DateField(null=True, blank=True)
    # Outcome summary, kept from the person's follow-ups by services/outcomes.py in the same
    # transaction as each write that changes them, so the evaluator's figures and the follow-up
    # queue read this table alone (triage.lib.outcomes defines both).
    ltu_label = models.PositiveSmallIntegerField(
        "LTU label", null=True, blank=True, help_text="1 long-term unemployed, 0 not, empty while unknown"
    )
    ltu_label_on = models.DateField(
        null=True, blank=True, help_text="The contact date of the follow-up the label was computed from"
    )
    follow_up_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The next follow-up to take (3, 6 or 12); empty when all are done"
    )
    follow_up_on = models.DateField(null=True, blank=True, help_text="The date of that follow-up's point")
    # Which edit of the record a form was opened on: services/person_record.py adds one with every
    # change of the person's details, and refuses a save from a form opened before someone else's.
    # (A database default too, so that bulk inserts naming their columns, as the volume seeder's do, need not know it.)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    # Caseload summary (SUMMARY_FIELDS), copied from the latest assessment and the person's interventions by the
    # services that write those (services/caseload.py), in the same transaction, so a caseload of a
    # million people filters and sorts on this one table.
    latest_assessment = models.ForeignKey(
        "triage.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    band = models.CharField("effective band", max_length=10, choices=Band.choices, null=True, blank=True)  # noqa: DJ001
    model_band = models.CharField(max_length=10, choices=Band.choices, null=True, blank=True)  # noqa: DJ001
    band_rank = models.PositiveSmallIntegerField(
        default=0, help_text="0 not banded, 1 low, 2 medium, 3 high: sorts by risk"
    )
    overridden = models.BooleanField(default=False)
    incomplete = models.BooleanField(default=False)
    assessed_at = models.DateTimeField(null=True, blank=True)
    interventions_count = models.PositiveIntegerField(default=0)
    latest_intervention_status = models.CharField(max_length=20, blank=True)
    support_started = models.BooleanField(default=False, help_text="Any intervention started or completed")

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        indexes = [
            # The caseload's sorts, each ending in the id that breaks ties, so that PostgreSQL reads a
            # page (deep ones too) off the index in order (SQLite's indexes end in the rowid anyway).
            models.Index(fields=["team", "family_name", "given_name", "id"]),
            models.Index(fields=["team", "date_of_birth"]),
            # Find a person, in name order, and the duplicate check's same-name test (by name key).
            # On PostgreSQL a search for part of a name reads the keys' trigram indexes instead (0019).
            models.Index(fields=["team", "family_name_key", "given_name_key", "id"], name="person_team_name_key_idx"),
            # The duplicate check's same-NI-number test; most people have none recorded.
            models.Index(fields=["team", "ni_number"], condition=~models.Q(ni_number=""), name="person_team_ni_idx"),
            # "Find a person" before anything is typed: the team's latest registrations.
            models.Index(fields=["team", "created_at", "id"]),
            models.Index(fields=["team", "band", "assessed_at", "id"]),
            models.Index(fields=["team", "band_rank", "assessed_at", "id"]),
            models.Index(fields=["team", "assessed_at", "id"]),
            models.Index(fields=["team", "interventions_count", "id"]),
            # The team lead's queues, each counted and listed in its own order off one index range.
            # (The support test is written `IN (false)`: SQLite uses no index for `NOT support_started`.)
            models.Index(fields=["team", "band", "support_started", "assessed_at"]),
            models.Index(
                fields=["team", "band_rank", "assessed_at"],
                condition=models.Q(incomplete=True),
                name="person_incomplete_idx",
            ),
            # The team lead's queue of people never assessed (selectors.not_assessed_people): a page in
            # registration order off the never-assessed alone. (An analysed SQLite counts each null apart,
            # takes (team, assessed_at, id) for `IS NULL` instead and sorts that range: docs/performance.md.)
            models.Index(
                fields=["team", "created_at", "id"],
                condition=models.Q(assessed_at__isnull=True),
                name="person_not_assessed_idx",
            ),
            models.Index(fields=["team", "found_work_on", "assessed_at"]),
            # The follow-up queue (selectors.outcomes.follow_ups_due): the team's, and an adviser's own,
            # due or overdue, in date order off one range.
            models.Index(fields=["team", "follow_up_on", "id"], name="person_follow_up_due_idx"),
            models.Index(fields=["team", "adviser", "follow_up_on", "id"], name="person_adviser_follow_up_idx"),
            # The evaluator's label counts by team.
            models.Index(fields=["team", "ltu_label"], name="person_team_ltu_idx"),
            models.Index(fields=["team", "adviser", "assessed_at"]),
            models.Index(fields=["team", "situation", "assessed_at"]),
            # The dashboard's groupings, answered from the index alone.
            models.Index(fields=["team", "council_area", "band", "model_band", "incomplete"]),
            models.Index(fields=["team", "situation", "band"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(consent_given=True), name="person_consent_recorded"),
        ]

    def __str__(self):
        return self.ref

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


# The caseload summary columns of Person that services/caseload.py keeps; the bulk seeder and the
# tests compare them. band_rank is BAND_RANK of the band.
SUMMARY_FIELDS = (
    "latest_assessment_id",
    "band",
    "model_band",
    "band_rank",
    "overridden",
    "incomplete",
    "assessed_at",
    "interventions_count",
    "latest_intervention_status",
    "support_started",
)
