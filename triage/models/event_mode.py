from django.conf import settings
from django.db import models


class EventMode(models.Model):
    """The event an adviser is working at today, chosen once so that registration and the
    checklist start from it. Kept in the database rather than the session, so that it survives an
    idle sign-out halfway through an afternoon (decision 0011); it holds for the day it was chosen
    on only, and no one has to remember to leave it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="event_mode"
    )
    event = models.ForeignKey("triage.Event", on_delete=models.CASCADE, related_name="+")
    chosen_on = models.DateField(help_text="The day it holds for")
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "event mode"

    def __str__(self):
        return f"event {self.event_id} for user {self.user_id} on {self.chosen_on:%Y-%m-%d}"
