"""Copy each intervention's notes to its first timeline entry, where support recorded since has them.

One UPDATE whatever the number of rows: the first update of each intervention (by created_at, pk)
whose note is empty takes the intervention's notes, if it has any.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_notes(apps, schema_editor):
    Intervention = apps.get_model("triage", "Intervention")
    InterventionUpdate = apps.get_model("triage", "InterventionUpdate")
    first = (
        InterventionUpdate.objects.filter(intervention=OuterRef("intervention"))
        .order_by("created_at", "pk")
        .values("pk")[:1]
    )
    notes = Intervention.objects.filter(pk=OuterRef("intervention")).values("notes")[:1]
    InterventionUpdate.objects.filter(note="", pk=Subquery(first)).exclude(intervention__notes="").update(
        note=Subquery(notes)
    )


class Migration(migrations.Migration):
    dependencies = [("triage", "0020_activate_logistic_1_1")]

    operations = [migrations.RunPython(copy_notes, migrations.RunPython.noop)]
