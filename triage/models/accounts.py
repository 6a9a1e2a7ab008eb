from django.contrib.auth.models import AbstractUser
from django.db import models


class Team(models.Model):
    """A PACE team: advisers and team leads see only their own team's people."""

    name = models.CharField(max_length=100, unique=True)
    region = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def staff_name(first_name: str, last_name: str, username: str) -> str:
    """How the service names a member of staff: their full name, or their username without one
    (as `get_full_name|default:username` in templates). Lists read these columns as values."""
    return f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """A member of staff, or of a partner organisation. Roles are groups (see triage.access); advisers
    and team leads have a team, partner users an organisation."""

    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    # A partner user's organisation: they see its uploads and nothing else (triage.access).
    organisation = models.ForeignKey(
        "triage.PartnerOrganisation", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )

    def __str__(self):
        return self.username
