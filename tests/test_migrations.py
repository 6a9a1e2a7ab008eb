"""The models and the migrations agree: a model change without its migration fails here."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()


def test_the_name_keys_backfill_fills_every_existing_persons_keys(adviser_a, situation_a, monkeypatch):
    """0018 gives people registered before the keys existed the keys registration now sets."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from tests.factories import register
    from triage.models import Person
    from triage.selectors import people_search

    backfill = importlib.import_module("triage.migrations.0018_person_name_keys_backfill")
    people = [
        register(adviser_a, situation_a, given_name="Siobhán", family_name="O’Neill"),
        *(register(adviser_a, situation_a, given_name=f"Given{i}", family_name="Mac-Donald") for i in range(7)),
    ]
    Person.objects.update(given_name_key="", family_name_key="")
    assert not people_search(user=adviser_a, query="siobhan oneill").exists()

    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    monkeypatch.setattr(backfill, "BATCH", 3)  # several batches, the last one short
    backfill.backfill(apps, editor)

    assert list(people_search(user=adviser_a, query="siobhan oneill")) == [people[0]]
    keys = dict(Person.objects.values_list("pk", "family_name_key"))
    assert all(keys[p.pk] == ("oneill" if p == people[0] else "macdonald") for p in people)
