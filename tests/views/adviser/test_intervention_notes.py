"""The notes typed when support is recorded, on the person's timeline and the update page (issue #11)."""

import importlib
from pathlib import Path

from django.apps import apps
from django.urls import reverse

from tests.factories import add_intervention
from triage.models import InterventionUpdate

NOTES = "CV workshop on Tuesday 10am,\nbring the old job description"


def test_notes_typed_when_support_is_recorded_are_on_the_timeline(adviser_a_client, adviser_a, person_a):
    add_intervention(adviser_a, person_a, notes=NOTES)
    page = adviser_a_client.get(reverse("person-detail", args=[person_a.ref])).content.decode()
    timeline = page.split(">Timeline<", 1)[1]
    assert "CV workshop on Tuesday 10am,<br>bring the old job description" in timeline


def test_notes_typed_when_support_is_recorded_are_on_the_update_page(adviser_a_client, adviser_a, person_a):
    intervention = add_intervention(adviser_a, person_a, notes=NOTES)
    page = adviser_a_client.get(reverse("intervention-update", args=[person_a.ref, intervention.pk])).content.decode()
    assert "Notes when recorded" in page
    assert "CV workshop on Tuesday 10am,<br>bring the old job description" in page


def test_support_recorded_before_keeps_its_notes_on_the_timeline_after_the_migration(adviser_a, person_a):
    """Support recorded before this change kept its notes only on the intervention: the data migration
    copies them to its first timeline entry, and leaves a note already there alone."""
    older = add_intervention(adviser_a, person_a, notes=NOTES)
    InterventionUpdate.objects.filter(intervention=older).update(note="")
    annotated = add_intervention(adviser_a, person_a, notes="Agreed by phone")
    InterventionUpdate.objects.filter(intervention=annotated).update(note="A note of its own")
    (path,) = Path(__file__).parents[3].glob("triage/migrations/*_intervention_notes_on_timeline.py")
    migration = importlib.import_module(f"triage.migrations.{path.stem}")

    migration.copy_notes(apps, None)

    assert InterventionUpdate.objects.get(intervention=older).note == NOTES
    assert InterventionUpdate.objects.get(intervention=annotated).note == "A note of its own"
