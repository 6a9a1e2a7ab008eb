"""The models and the migrations agree: a model change without its migration fails here."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()


def _activate_logistic_1_1():
    """The data migration that makes logistic-1.1 live, found by name whatever its number."""
    import importlib
    from pathlib import Path

    import triage.migrations

    [path] = Path(triage.migrations.__file__).parent.glob("*_activate_logistic_1_1.py")
    return importlib.import_module(f"triage.migrations.{path.stem}")


@pytest.mark.django_db
def test_migration_0017_replaces_a_live_logistic_1_0_and_rescores_nobody(adviser_a, person_a):
    """Where logistic-1.0 (which gave points for declining) is live, logistic-1.1 goes live; old
    assessments keep the scorecard and points they were given."""
    from django.apps import apps

    from tests.factories import assess
    from triage.models import Assessment, ScorecardActivation
    from triage.scorecard_files import live_label

    migration = _activate_logistic_1_1()
    ScorecardActivation.objects.create(label="logistic-1.0", note="live before the rule")
    old = assess(adviser_a, person_a)
    frozen = Assessment.objects.values().get(pk=old.pk)

    migration.activate_replacement(apps, None)

    assert live_label() == "logistic-1.1"
    assert "declining never raises the score" in ScorecardActivation.objects.first().note
    assert Assessment.objects.values().get(pk=old.pk) == frozen
    migration.activate_replacement(apps, None)  # run again: nothing more to do
    assert ScorecardActivation.objects.count() == 2


@pytest.mark.django_db
def test_migration_0017_leaves_any_other_live_scorecard_alone():
    from django.apps import apps

    from triage.models import ScorecardActivation

    migration = _activate_logistic_1_1()
    migration.activate_replacement(apps, None)
    assert not ScorecardActivation.objects.exists()
    ScorecardActivation.objects.create(label="rules-1.0")
    migration.activate_replacement(apps, None)
    assert list(ScorecardActivation.objects.values_list("label", flat=True)) == ["rules-1.0"]


def test_the_name_keys_backfill_fills_every_existing_persons_keys(adviser_a, situation_a, monkeypatch):
    """0024 gives people registered before the keys existed the keys registration now sets."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from tests.factories import register
    from triage.models import Person
    from triage.selectors import people_search

    backfill = importlib.import_module("triage.migrations.0024_person_name_keys_backfill")
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


def test_the_follow_ups_backfill_dates_everyone_and_turns_work_starts_into_follow_ups(adviser_a, situation_a, today):
    """0027: people registered before the leaving date existed get their situation's date and
    first follow-up; each work start already recorded becomes a follow-up, labelling its person 0."""
    import importlib
    from pathlib import Path

    from django.apps import apps

    import triage.migrations
    from tests.factories import register
    from triage import services
    from triage.lib import outcomes
    from triage.models import FollowUp, Person

    [path] = Path(triage.migrations.__file__).parent.glob("*_follow_ups_backfill.py")
    backfill = importlib.import_module(f"triage.migrations.{path.stem}")
    worked, waiting = register(adviser_a, situation_a), register(adviser_a, situation_a, given_name="Eilidh")
    services.person_found_work(
        person=worked,
        started_on=today - timedelta(days=3),
        sector="retail",
        job_type="employed_part_time",
        source="person",
        acting_user=adviser_a,
        today=today,
    )
    FollowUp.objects.all().delete()
    Person.objects.update(
        leaving_date=None, ltu_label=None, ltu_label_on=None, follow_up_months=None, follow_up_on=None
    )

    backfill.backfill(apps, None)

    notified = situation_a.notified_date
    for person in Person.objects.all():
        assert (person.leaving_date, person.follow_up_months) == (notified, 3)
        assert person.follow_up_on == outcomes.add_months(notified, 3)
    follow_up = FollowUp.objects.get()
    assert (follow_up.person_id, follow_up.months, follow_up.status) == (worked.pk, None, "employed")
    assert follow_up.work_start is not None
    assert Person.objects.get(pk=worked.pk).ltu_label == 0
    assert Person.objects.get(pk=waiting.pk).ltu_label is None
