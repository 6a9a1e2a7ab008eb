"""seed_volume: a synthetic volume whose frozen scores and caseload summaries are what the app would write."""

import random
import re
from dataclasses import asdict

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F
from django.utils import timezone

from triage.devtools.volume import LOADED, seed_volume
from triage.lib.outcomes import FollowUpFact, follow_up_point, ltu_label
from triage.models import (
    Assessment,
    Event,
    FollowUp,
    Intervention,
    InterventionUpdate,
    Override,
    OverrideReview,
    Person,
    RedundancySituation,
    Team,
    WorkStart,
)
from triage.models.people import REF_ALPHABET, SUMMARY_FIELDS
from triage.scorecard_files import live_scorecard, scorecard_by_label
from triage.scoring import complex_needs_found, points_table, score
from triage.services.caseload import caseload_summary_refresh
from triage.services.outcomes import OUTCOME_FIELDS, person_outcome_refresh

REF = re.compile(rf"^P-[{REF_ALPHABET}]{{6}}$")


@pytest.fixture
def two_teams(adviser_a, team_lead_a, adviser_b, team_lead_b):
    return adviser_a.team, adviser_b.team


@pytest.fixture
def seeded(two_teams):
    # Small batches, so several go through the forked generator and the batch joins are exercised.
    return seed_volume(people=500, seed=11, batch_size=120, progress=False)


def _sample(queryset, n=20, seed=3):
    pks = sorted(queryset.values_list("pk", flat=True))
    return random.Random(seed).sample(pks, min(n, len(pks)))


def test_people_are_spread_over_the_teams_their_situations_and_areas(seeded, two_teams):
    assert seeded.people == Person.objects.count() == 500
    by_team = dict(Person.objects.values_list("team").annotate(n=Count("pk")).order_by())
    assert set(by_team) == {team.pk for team in two_teams}
    assert min(by_team.values()) > 100
    # A person's situation, its events and its advisers all belong to the person's team.
    assert not Person.objects.exclude(situation__team=F("team")).exists()
    assert not Person.objects.filter(event__isnull=False).exclude(event__situation=F("situation")).exists()
    assert not Person.objects.filter(adviser__isnull=False).exclude(adviser__team=F("team")).exists()
    # Records that keep a copy of their person's team, as the services write them.
    assert not Assessment.objects.exclude(team=F("person__team")).exists()
    assert not Override.objects.exclude(team=F("assessment__person__team")).exists()
    assert Override.objects.exists()
    assert RedundancySituation.objects.count() == seeded.situations >= 4
    assert Event.objects.count() == seeded.events >= seeded.situations
    assert Person.objects.values("council_area").distinct().count() > 5
    # Most are assessed; some overridden and reviewed; most assessed people have support recorded.
    assert 0.8 < Person.objects.filter(assessed_at__isnull=False).count() / 500 < 0.95
    assert Assessment.objects.count() == seeded.assessments > Person.objects.filter(assessed_at__isnull=False).count()
    assert Override.objects.count() == seeded.overrides > 0
    assert OverrideReview.objects.count() == seeded.reviews > 0
    assert Intervention.objects.count() == seeded.interventions > 0
    assert InterventionUpdate.objects.count() == seeded.updates >= seeded.interventions
    assert set(Person.objects.values_list("band", flat=True)) == {None, "low", "medium", "high"}


def test_references_are_unique_and_well_formed(seeded):
    refs = list(Person.objects.values_list("ref", flat=True))
    assert len(set(refs)) == len(refs) == 500
    assert all(REF.match(ref) for ref in refs)


def test_name_keys_are_what_registration_sets(seeded):
    """Find a person and the duplicate check read the keys: seeded people are found like registered ones."""
    from triage.services import person_name_keys_set

    for person in Person.objects.all()[:200]:
        given, family = person.given_name_key, person.family_name_key
        person_name_keys_set(person)
        assert (given, family) == (person.given_name_key, person.family_name_key)
        assert given


def test_frozen_scores_are_what_score_and_points_table_give_for_the_answers(seeded):
    card = live_scorecard()
    assessments = Assessment.objects.filter(pk__in=_sample(Assessment.objects.all())).prefetch_related("overrides")
    assert len(assessments) == 20
    for assessment in assessments:
        assert assessment.scorecard_label == card.label
        used = scorecard_by_label(assessment.scorecard_label)
        answers = {**assessment.answers, "q7_area_unemployment": float(assessment.area_unemployment_rate)}
        result = score(answers, used)
        explanation = points_table(result, used)
        assert assessment.total_points == result.total
        assert assessment.probability == result.probability
        assert assessment.model_band == result.band
        assert assessment.missing_count == result.missing
        assert assessment.missing_items == list(result.missing_items)
        assert assessment.contributions == [asdict(c) for c in result.contributions]
        assert assessment.explanation == {
            "strengths": [asdict(row) for row in explanation.strengths],
            "risks": [asdict(row) for row in explanation.risks],
            "neutral": [asdict(row) for row in explanation.neutral],
        }
        assert assessment.complex_needs == (list(complex_needs_found(answers)) if result.complex_needs else [])
        overrides = list(assessment.overrides.all())
        assert assessment.effective_band == (overrides[-1].to_band if overrides else result.band)
        assert assessment.age_at_assessment >= 18
        assert assessment.answers["q3_age_band"] == _age_band(assessment.age_at_assessment)


def _age_band(age):
    return (
        "under_25" if age < 25 else "25_34" if age < 35 else "35_44" if age < 45 else "45_54" if age < 55 else "55_plus"
    )


def test_summary_columns_are_what_caseload_summary_refresh_computes(seeded):
    # Sample from the people with the most to summarise, as well as any: reassessed, overridden, with support.
    people = [
        *_sample(Person.objects.all(), 10),
        *_sample(Person.objects.annotate(n=Count("assessments")).filter(n__gt=1), 4),
        *_sample(Person.objects.filter(overridden=True), 3),
        *_sample(Person.objects.filter(interventions_count__gt=1), 3),
    ]
    assert len(people) >= 18
    for person in Person.objects.filter(pk__in=people):
        before = {name: getattr(person, name) for name in SUMMARY_FIELDS}
        caseload_summary_refresh(person=person)
        person.refresh_from_db()
        assert before == {name: getattr(person, name) for name in SUMMARY_FIELDS}, person.ref


def test_every_row_meets_the_tables_constraints(seeded):
    """SQLite loads with CHECK and foreign keys deferred to one check at the end: hold them here."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL checks every row as it is copied in")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA integrity_check").fetchall() == [("ok",)]  # includes CHECK constraints
        assert cursor.execute("PRAGMA foreign_key_check").fetchall() == []
    assert not Intervention.objects.filter(status_date__lt=F("agreed_on")).exists()
    assert not Override.objects.filter(to_band=F("from_band")).exists()


def test_a_second_run_adds_more_people(seeded):
    first_ids = set(Person.objects.values_list("pk", flat=True))
    again = seed_volume(people=200, seed=11, batch_size=120, progress=False)  # the same seed, on purpose
    assert again.people == 200
    assert Person.objects.count() == 700
    assert set(Person.objects.values_list("pk", flat=True)) > first_ids
    refs = list(Person.objects.values_list("ref", flat=True))
    assert len(set(refs)) == 700
    assert Assessment.objects.count() == seeded.assessments + again.assessments


def test_a_large_load_puts_back_every_index_and_foreign_key_it_dropped(two_teams):
    def schema():
        with connection.cursor() as cursor:
            return {
                (model._meta.db_table, name, bool(info["index"]), tuple(info["foreign_key"] or ()))
                for model in LOADED
                for name, info in connection.introspection.get_constraints(cursor, model._meta.db_table).items()
            }

    before = schema()
    result = seed_volume(people=150, seed=5, batch_size=100, progress=False, rebuild_indexes=True)
    assert result.rebuilt_indexes > 5
    assert schema() == before
    assert Person.objects.count() == 150


def test_command_prints_a_summary_and_can_add_teams(two_teams, capsys):
    call_command("seed_volume", "--people", "120", "--teams", "3", "--seed", "2", "--no-progress")
    out = capsys.readouterr().out
    assert "Added 120 people" in out
    synthetic = Team.objects.get(name="PACE Synthetic Team 01")
    assert synthetic.members.filter(groups__name="adviser").count() >= 1
    assert synthetic.members.filter(groups__name="team_lead").count() == 1
    assert Person.objects.values("team").distinct().count() == 3


def test_outcome_summaries_are_what_the_services_and_ltu_label_compute(seeded):
    people = [
        *_sample(Person.objects.all(), 15),
        *_sample(Person.objects.filter(ltu_label=1), 5),
        *_sample(Person.objects.filter(ltu_label=0), 5),
        *_sample(Person.objects.filter(work_starts__isnull=False).distinct(), 5),
    ]
    assert len(people) >= 25
    for person in Person.objects.filter(pk__in=people).select_related("situation"):
        assert person.leaving_date == person.situation.notified_date
        facts = [
            FollowUpFact(f.months, f.contacted_on, f.status, f.started_on, f.pk)
            for f in FollowUp.objects.filter(person=person)
        ]
        label = ltu_label(person.leaving_date, facts)
        assert (person.ltu_label, person.ltu_label_on) == (label.value, label.as_of), person.ref
        before = {name: getattr(person, name) for name in (*OUTCOME_FIELDS, "found_work_on")}
        person_outcome_refresh(person=person)
        person.refresh_from_db()
        assert before == {name: getattr(person, name) for name in (*OUTCOME_FIELDS, "found_work_on")}, person.ref
        starts = list(WorkStart.objects.filter(person=person).values_list("started_on", flat=True))
        assert person.found_work_on == (max(starts) if starts else None)


def test_follow_ups_and_work_starts_agree_with_each_other(seeded):
    assert FollowUp.objects.exists() and WorkStart.objects.exists()
    assert not FollowUp.objects.filter(started_on__gt=F("contacted_on")).exists()
    assert not FollowUp.objects.filter(contacted_on__gt=timezone.localdate()).exists()
    assert not FollowUp.objects.exclude(team=F("person__team")).exists()
    # Every work start has its follow-up at no point, in work from that start.
    for start in WorkStart.objects.select_related("follow_up"):
        assert start.follow_up.months is None
        assert start.follow_up.started_on == start.started_on
        assert start.follow_up.status in ("employed", "self_employed")
    # A follow-up at a point is the one that point's window gives its contact date.
    for f in FollowUp.objects.filter(months__isnull=False).select_related("person")[:200]:
        assert follow_up_point(f.person.leaving_date, f.contacted_on) == f.months
    statuses = set(FollowUp.objects.values_list("status", flat=True))
    assert {"employed", "unemployed_looking", "unknown"} <= statuses
    assert Person.objects.filter(ltu_label__isnull=True).exists()  # some labels unknown


def test_outcomes_follow_the_scores(two_teams):
    seed_volume(people=3000, seed=4, progress=False, notified_days=(380, 730))
    rates = {}
    for band in ("low", "high"):
        labelled = Person.objects.filter(model_band=band, ltu_label__isnull=False)
        rates[band] = labelled.filter(ltu_label=1).count() / labelled.count()
    assert rates["high"] > rates["low"] + 0.15
    assert Person.objects.filter(ltu_label__isnull=False).count() > 1500
