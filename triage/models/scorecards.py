from django.conf import settings
from django.db import models


class ScorecardActivation(models.Model):
    """Who made which scorecard live, and when. The newest row is the live scorecard.

    Append-only: going back to an older scorecard is a new activation. Assessments keep the
    scorecard they were scored with, whatever goes live later.
    """

    label = models.CharField(max_length=60, help_text="Folder under models/, e.g. logistic-1.0")
    # Empty when made live from the command line without --user; the note then names the system user.
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    activated_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)
    # Why it went live, in the words of the admin who made it live (required on the retraining page).
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-activated_at", "-pk"]
        get_latest_by = ["activated_at", "pk"]

    def __str__(self):
        return f"{self.label} live from {self.activated_at:%Y-%m-%d %H:%M}"
