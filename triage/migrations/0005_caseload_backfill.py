from django.db import migrations
from django.db.models import Count, Q


def backfill(apps, schema_editor):
    """Fill the caseload summary for people recorded before it existed, and the rules row."""
    Person = apps.get_model("triage", "Person")
    Assessment = apps.get_model("triage", "Assessment")
    Intervention = apps.get_model("triage", "Intervention")
    CaseloadRules = apps.get_model("triage", "CaseloadRules")
    if not CaseloadRules.objects.exists():
        CaseloadRules.objects.create()
    for person in Person.objects.filter(latest_assessment__isnull=True).iterator():
        latest = Assessment.objects.filter(person=person).order_by("-created_at", "-pk").first()
        counts = Intervention.objects.filter(person=person).aggregate(
            total=Count("pk"), started=Count("pk", filter=Q(status__in=["started", "completed"]))
        )
        status = (
            Intervention.objects.filter(person=person).order_by("-updated_at", "-pk").values_list("status", flat=True).first()
        )
        person.adviser_id = person.adviser_id or person.created_by_id
        person.latest_assessment = latest
        person.band = latest.effective_band if latest else None
        person.model_band = latest.model_band if latest else None
        person.band_rank = {"low": 1, "medium": 2, "high": 3}.get(person.band, 0)
        person.overridden = bool(latest and latest.effective_band != latest.model_band)
        person.incomplete = bool(latest and latest.model_band is None)
        person.assessed_at = latest.created_at if latest else None
        person.interventions_count = counts["total"]
        person.support_started = counts["started"] > 0
        person.latest_intervention_status = status or ""
        person.save()


class Migration(migrations.Migration):
    dependencies = [("triage", "0004_caseload_summary")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
