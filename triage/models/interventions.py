from django.conf import settings
from django.db import models


class InterventionStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    REFERRED = "referred", "Referred"
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"


# The statuses that count as support started (Person.support_started, the "no support" queue).
STARTED_STATUSES = (InterventionStatus.STARTED, InterventionStatus.COMPLETED)


class Intervention(models.Model):
    """Support agreed with the person: a service from the service table and who delivers it."""

    person = models.ForeignKey("triage.Person", on_delete=models.CASCADE, related_name="interventions")
    # The person's team, copied when the intervention is recorded, so team figures need no join to people.
    team = models.ForeignKey("triage.Team", on_delete=models.PROTECT, related_name="+")
    intervention_type = models.ForeignKey("triage.InterventionType", on_delete=models.PROTECT, related_name="+")
    # Delivered by a partner from the reference table, or by another organisation, named.
    partner = models.ForeignKey("triage.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    other_organisation = models.CharField(
        max_length=200, blank=True, help_text="The organisation's name, when it is not a partner in the list"
    )
    status = models.CharField(max_length=20, choices=InterventionStatus.choices)
    status_date = models.DateField(help_text="When the current status began")
    agreed_on = models.DateField()
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-agreed_on", "-pk"]
        indexes = [
            models.Index(fields=["team", "intervention_type", "status"]),
            models.Index(fields=["intervention_type", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status_date__gte=models.F("agreed_on")), name="status_after_agreed"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(partner__isnull=False, other_organisation="")
                    | (models.Q(partner__isnull=True) & ~models.Q(other_organisation=""))
                ),
                name="delivered_by_partner_or_other",
                violation_error_message="Support is delivered by a partner or by another organisation, named",
            ),
        ]

    def __str__(self):
        return f"Intervention {self.pk}"

    @property
    def delivered_by(self) -> str:
        """Who delivers it: the partner's name, or the other organisation's as the adviser typed it."""
        return self.partner.name if self.partner_id else self.other_organisation


class InterventionUpdate(models.Model):
    """One status change, kept so the person's timeline shows how support progressed."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=InterventionStatus.choices)
    status_date = models.DateField()
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Update {self.pk} of intervention {self.intervention_id}"
