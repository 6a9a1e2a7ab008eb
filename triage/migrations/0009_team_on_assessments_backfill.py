from django.db import migrations, models


def backfill(apps, schema_editor):
    """Copy each person's team onto their assessments and interventions, in one statement each."""
    Person = apps.get_model("triage", "Person")
    team = models.Subquery(Person.objects.filter(pk=models.OuterRef("person_id")).values("team_id")[:1])
    for name in ("Assessment", "Intervention"):
        apps.get_model("triage", name).objects.filter(team__isnull=True).update(team_id=team)


class Migration(migrations.Migration):
    dependencies = [("triage", "0008_team_on_assessments")]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="assessment",
            name="team",
            field=models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="+", to="triage.team"),
        ),
        migrations.AlterField(
            model_name="intervention",
            name="team",
            field=models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="+", to="triage.team"),
        ),
    ]
