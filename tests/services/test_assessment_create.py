"""services.assessment_create: score a checklist and freeze the result."""

import shutil
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db.models import QuerySet
from django.utils import timezone

from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, assess, register
from triage import services
from triage.models import Assessment, AuditEvent
from triage.scorecard_files import live_scorecard
from triage.scoring import PREFER_NOT_TO_SAY, age_band

FROZEN_FIELDS = (
    "scorecard_name",
    "scorecard_version",
    "contributions",
    "explanation",
    "total_points",
    "probability",
    "model_band",
    "effective_band",
)
# Medium risk on the rules scorecard; high once no qualifications and a disability weigh more.
MEDIUM_ANSWERS = {**REFERENCE_ANSWERS, "q1_qualifications": "none", "q9b_disability": "yes"}


@pytest.fixture
def change_scorecard(tmp_path, settings):
    """Point the settings at a copy of the live scorecard with other points: Q1 'none' 13 → 40 and
    a disability 8 → 20. Same name and version, as if the file had been edited in place."""

    def change():
        live = Path(django_settings.SCORECARD_DIR) / django_settings.LIVE_SCORECARD
        copy = tmp_path / live.name
        shutil.copytree(live, copy)
        toml = copy / "scorecard.toml"
        text = toml.read_text()
        for old, new in (("none = 13 ", "none = 40 "), ("yes = 8 ", "yes = 20 ")):
            assert old in text, f"the scorecard no longer has {old!r}; update this fixture"
            text = text.replace(old, new, 1)
        toml.write_text(text)
        settings.SCORECARD_DIR = tmp_path
        settings.LIVE_SCORECARD = live.name

    return change


def test_assessment_freezes_the_score_it_was_given(adviser_a, person_a, today):
    """Issue #3: "Each saved assessment freezes the scorecard name and version, per-answer points,
    probability and band"."""
    card = live_scorecard()
    assessment = assess(adviser_a, person_a, HIGH_RISK_ANSWERS)

    saved = Assessment.objects.get(pk=assessment.pk)
    assert (saved.scorecard_name, saved.scorecard_version) == (card.name, card.version)
    assert saved.total_points == sum(c["points"] for c in saved.contributions)
    assert {c["item_code"] for c in saved.contributions} >= set(HIGH_RISK_ANSWERS)
    assert saved.answers["q3_age_band"] == age_band(person_a.date_of_birth, today)
    assert saved.area_unemployment_rate == person_a.council_area.unemployment_rate_pct
    assert 0 < saved.probability < 1
    assert saved.model_band == "high"


def test_frozen_score_is_unchanged_after_the_scorecard_file_changes(adviser_a, person_a, change_scorecard):
    """Issue #3: a saved score "never changes when the scorecard file changes"; new assessments use the new file."""
    old = assess(adviser_a, person_a, MEDIUM_ANSWERS)
    before = {field: getattr(Assessment.objects.get(pk=old.pk), field) for field in FROZEN_FIELDS}
    assert before["model_band"] == "medium"

    change_scorecard()
    new = assess(adviser_a, person_a, MEDIUM_ANSWERS)

    new_points = {c["item_code"]: c["points"] for c in new.contributions}
    assert new_points["q1_qualifications"] == 40
    assert new_points["q9b_disability"] == 20
    assert new.total_points == before["total_points"] + (40 - 13) + (20 - 8)
    assert new.probability > before["probability"]
    assert new.model_band == "high"

    old = Assessment.objects.get(pk=old.pk)
    assert {field: getattr(old, field) for field in FROZEN_FIELDS} == before
    old_points = {c["item_code"]: c["points"] for c in old.contributions}
    assert (old_points["q1_qualifications"], old_points["q9b_disability"]) == (13, 8)


def test_effective_band_starts_as_the_model_band(adviser_a, person_a):
    """Issue #3: "the effective band is the latest override or else the model's band"."""
    assessment = assess(adviser_a, person_a, HIGH_RISK_ANSWERS)
    assert assessment.effective_band == assessment.model_band == "high"
    assert not assessment.is_overridden


def test_too_many_unanswered_items_leave_no_band_and_no_probability(adviser_a, person_a):
    """Issue #3: "Too many unanswered items → [...] the score is incomplete"; the card's max_missing
    is the most items that may be left unanswered."""
    max_missing = live_scorecard().max_missing
    declined = list(HIGH_RISK_ANSWERS)[: max_missing + 1]
    answers = {**REFERENCE_ANSWERS, **dict.fromkeys(declined, PREFER_NOT_TO_SAY)}

    assessment = Assessment.objects.get(pk=assess(adviser_a, person_a, answers).pk)

    assert assessment.missing_count == max_missing + 1
    assert set(assessment.missing_items) == set(declined)
    assert assessment.model_band is None
    assert assessment.effective_band is None
    assert assessment.probability is None
    assert assessment.is_incomplete


def test_as_many_unanswered_items_as_allowed_still_give_a_band(adviser_a, person_a):
    max_missing = live_scorecard().max_missing
    answers = {**REFERENCE_ANSWERS, **dict.fromkeys(list(REFERENCE_ANSWERS)[:max_missing], PREFER_NOT_TO_SAY)}

    assessment = assess(adviser_a, person_a, answers)

    assert assessment.missing_count == max_missing
    assert assessment.model_band == "low"
    assert assessment.probability is not None


def test_creating_an_assessment_writes_its_audit_row(adviser_a, person_a):
    assessment = assess(adviser_a, person_a)
    event = AuditEvent.objects.get(action="assessment_created")
    assert (event.user, event.person_ref) == (adviser_a, person_a.ref)
    assert str(assessment.pk) in event.detail


def create(user, person, token):
    return services.assessment_create(
        person=person,
        answers=dict(REFERENCE_ANSWERS),
        dependants_count=None,
        event=None,
        submission_token=token,
        acting_user=user,
        card=live_scorecard(),
        today=timezone.localdate(),
    )


def test_same_submission_token_returns_the_first_assessment(adviser_a, person_a):
    """Issue #3, Bad input: "A double-submitted checklist creates one assessment."."""
    token = uuid.uuid4()
    first = create(adviser_a, person_a, token)
    second = create(adviser_a, person_a, token)
    assert first.pk == second.pk
    assert Assessment.objects.count() == 1
    assert AuditEvent.objects.filter(action="assessment_created").count() == 1


def test_concurrent_double_submission_returns_the_first_assessment(adviser_a, person_a):
    """Two requests at once, neither seeing the other's row before it inserts (no `.first()` finds
    it): the database's unique token decides."""
    token = uuid.uuid4()
    first = create(adviser_a, person_a, token)
    with mock.patch.object(QuerySet, "first", autospec=True, return_value=None):
        second = create(adviser_a, person_a, token)
    assert second.pk == first.pk
    assert Assessment.objects.count() == 1


def test_token_of_another_persons_assessment_makes_a_new_assessment(adviser_a, person_a, situation_a):
    other = register(adviser_a, situation_a, given_name="Callum")
    token = uuid.uuid4()
    first = create(adviser_a, person_a, token)

    second = create(adviser_a, other, token)

    assert second.pk != first.pk
    assert second.person == other
    assert second.submission_token != token
