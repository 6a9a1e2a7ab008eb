from django.db import migrations, models


def backfill(apps, schema_editor):
    """Copy each assessment's team onto its overrides, in one statement."""
    Assessment = apps.get_model("triage", "Assessment")
    team = models.Subquery(Assessment.objects.filter(pk=models.OuterRef("assessment_id")).values("team_id")[:1])
    apps.get_model("triage", "Override").objects.filter(team__isnull=True).update(team_id=team)


class Migration(migrations.Migration):
    dependencies = [("triage", "0012_assessments_by_adviser_index")]

    operations = [
        migrations.AddField(
            model_name="override",
            name="team",
            field=models.ForeignKey(null=True, on_delete=models.deletion.PROTECT, related_name="+", to="triage.team"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="override",
            name="team",
            field=models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="+", to="triage.team"),
        ),
        migrations.AddIndex(
            model_name="override",
            index=models.Index(fields=["team", "review_status", "created_at"], name="triage_over_team_id_6fe1fa_idx"),
        ),
    ]
