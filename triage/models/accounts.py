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


class User(AbstractUser):
    """A member of staff. Roles are groups (see triage.access); advisers and team leads have a team."""

    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")

    def __str__(self):
        return self.username
