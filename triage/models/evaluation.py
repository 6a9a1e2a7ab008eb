from django.db import models


class EvaluationSnapshot(models.Model):
    """The latest figures of one of the evaluator's statistics pages, and the data version they were computed at.

    One row per figure set (selectors.evaluation.FIGURE_SETS), replaced by each refresh
    (services.evaluation, decision 0023). The payload is the figures as JSON
    (triage.lib.figures_json): counts, rates and intervals, never a person.
    """

    name = models.CharField(max_length=40, unique=True)
    data_version = models.CharField(max_length=300)
    computed_at = models.DateTimeField()
    seconds = models.FloatField(help_text="How long computing the figures took")
    payload = models.TextField()

    def __str__(self):
        return f"{self.name} figures at {self.computed_at:%Y-%m-%d %H:%M}"
