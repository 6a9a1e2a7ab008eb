"""Reference data: lists that change, kept as tables an admin can edit.

Loaded by a data migration from triage/reference_data/ (copied from shared/reference/).
Assessments freeze the values they used, so editing a row never changes a given score.
"""

from django.db import models


class CouncilArea(models.Model):
    code = models.CharField("GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=100, unique=True)
    region = models.CharField(max_length=100)
    unemployment_rate_pct = models.DecimalField(max_digits=4, decimal_places=1)
    period = models.CharField(max_length=50)
    source = models.TextField()
    working_age_population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partner(models.Model):
    """A PACE partner that delivers support (report Appendix 1)."""

    abbreviation = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    table_abbreviation = models.CharField(max_length=20, blank=True)
    pace_partner = models.BooleanField(default=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class InterventionType(models.Model):
    """A service from the report's service table (§2.2.2)."""

    code = models.SlugField(max_length=50, unique=True)
    category = models.CharField(max_length=100)
    name = models.CharField(max_length=100)
    description = models.TextField()
    partners = models.ManyToManyField(Partner, related_name="intervention_types", blank=True)

    class Meta:
        ordering = ["category", "name"]

    def __str__(self):
        return self.name


class BandPathway(models.Model):
    """Band → support pathway: the score triages, it never excludes, so every band has one."""

    band = models.CharField(max_length=10, unique=True)
    title = models.CharField(max_length=100)
    description = models.TextField()
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return f"{self.band}: {self.title}"


class CaseloadRules(models.Model):
    """The queues' thresholds: reference data a service owner can change in the admin (one row)."""

    support_due_working_days = models.PositiveSmallIntegerField(
        default=10, help_text="High band with no support started after this many working days (Scotland)"
    )
    reassess_after_days = models.PositiveSmallIntegerField(
        default=90, help_text="People still out of work and not reassessed for this many days"
    )

    class Meta:
        verbose_name = "caseload rules"
        verbose_name_plural = "caseload rules"

    def __str__(self):
        return "Caseload rules"

    @classmethod
    def current(cls) -> "CaseloadRules":
        return cls.objects.first() or cls()
