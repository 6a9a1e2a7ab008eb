"""Make logistic-1.1 live where logistic-1.0 is: 1.0 gives points for "prefer not to say".

The rule of every scorecard is that a declined answer scores 0 (triage.scoring.scorecard), and
logistic-1.0, fitted before the rule, breaks it. Where it is the live scorecard, a new activation
of logistic-1.1 (the same training, declined weights dropped) replaces it for new assessments.
Assessments keep the scorecard, points and band they were given: nothing is rescored. Going back
is refused by activate_scorecard and the admin, so reversing this migration leaves the row.
"""

from django.db import migrations

RETIRED = "logistic-1.0"
REPLACEMENT = "logistic-1.1"
NOTE = "declining never raises the score: logistic-1.0 gave points for declined answers (data migration)"


def activate_replacement(apps, schema_editor):
    ScorecardActivation = apps.get_model("triage", "ScorecardActivation")
    live = ScorecardActivation.objects.order_by("-activated_at", "-pk").values_list("label", flat=True).first()
    if live == RETIRED:
        ScorecardActivation.objects.create(label=REPLACEMENT, activated_by=None, note=NOTE)


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0019_not_assessed_queue_index"),
    ]

    operations = [
        migrations.RunPython(activate_replacement, migrations.RunPython.noop),
    ]
