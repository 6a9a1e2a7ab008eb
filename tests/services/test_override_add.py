"""services.override_add: an adviser's judgement over the model's band, append-only."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, assess
from triage import services
from triage.models import Assessment, AuditEvent, Override
from triage.scoring import PREFER_NOT_TO_SAY

REASON = "Has a confirmed job offer starting next month."


def override(assessment, user, to_band, reason_category="job_prospects"):
    return services.override_add(
        assessment=assessment, to_band=to_band, reason_category=reason_category, reason_text=REASON, acting_user=user
    )


@pytest.fixture
def high_assessment(adviser_a, person_a):
    return assess(adviser_a, person_a, HIGH_RISK_ANSWERS)


def test_override_sets_the_effective_band_and_keeps_the_model_band(adviser_a, high_assessment):
    """Issue #3: "the effective band is the latest override or else the model's band"."""
    saved = override(high_assessment, adviser_a, "medium")

    assert (saved.from_band, saved.to_band, saved.created_by) == ("high", "medium", adviser_a)
    assessment = Assessment.objects.get(pk=high_assessment.pk)
    assert assessment.effective_band == "medium"
    assert assessment.model_band == "high"
    assert assessment.is_overridden


def test_overrides_append_and_the_latest_decides(adviser_a, team_lead_a, high_assessment):
    """Issue #3: "overrides are append-only"; each starts from the band the one before set."""
    first = override(high_assessment, adviser_a, "medium")
    second = override(high_assessment, team_lead_a, "low")
    third = override(high_assessment, adviser_a, "high", reason_category="adviser_knowledge")

    assert list(high_assessment.overrides.values_list("pk", flat=True)) == [first.pk, second.pk, third.pk]
    assert [(o.from_band, o.to_band) for o in Override.objects.order_by("pk")] == [
        ("high", "medium"),
        ("medium", "low"),
        ("low", "high"),
    ]
    assert Assessment.objects.get(pk=high_assessment.pk).effective_band == "high"
    assert {o.team_id for o in Override.objects.all()} == {high_assessment.person.team_id}
    first.refresh_from_db()
    assert (first.from_band, first.to_band) == ("high", "medium")


def test_from_band_is_read_from_the_database_not_a_stale_object(adviser_a, high_assessment):
    """The row is locked and re-read, so a stale copy of the assessment cannot start from an old band."""
    stale = Assessment.objects.get(pk=high_assessment.pk)
    override(high_assessment, adviser_a, "medium")

    saved = override(stale, adviser_a, "low")

    assert saved.from_band == "medium"


def test_incomplete_assessment_is_overridden_from_no_band(adviser_a, person_a):
    declined = ["q6a_confidence", "q6b_expected_time", "q9a_physical", "q9b_disability", "q9c_mental"]
    assessment = assess(adviser_a, person_a, {**REFERENCE_ANSWERS, **dict.fromkeys(declined, PREFER_NOT_TO_SAY)})

    saved = override(assessment, adviser_a, "medium")

    assert saved.from_band is None
    assert Assessment.objects.get(pk=assessment.pk).effective_band == "medium"


def test_override_writes_its_audit_row(adviser_a, high_assessment):
    override(high_assessment, adviser_a, "medium")
    event = AuditEvent.objects.get(action="override_added")
    assert (event.user, event.person_ref) == (adviser_a, high_assessment.person.ref)
    assert "high → medium" in event.detail


def test_same_band_is_refused_and_nothing_changes(adviser_a, high_assessment):
    with pytest.raises(ValidationError):
        override(high_assessment, adviser_a, "high")

    assert not Override.objects.exists()
    assert not AuditEvent.objects.filter(action="override_added").exists()
    assert Assessment.objects.get(pk=high_assessment.pk).effective_band == "high"


@pytest.mark.parametrize(("field", "value"), [("to_band", "critical"), ("reason_category", "bribery")])
def test_value_outside_the_choices_is_refused(adviser_a, high_assessment, field, value):
    kwargs = {"to_band": "low", "reason_category": "job_prospects", field: value}
    with pytest.raises(ValidationError):
        services.override_add(assessment=high_assessment, reason_text=REASON, acting_user=adviser_a, **kwargs)
    assert not Override.objects.exists()


def test_database_refuses_an_override_to_the_same_band(adviser_a, high_assessment):
    """STYLE: "put invariants in Meta.constraints as well, so the database refuses what a form missed"."""
    with pytest.raises(IntegrityError, match="override_changes_band"), transaction.atomic():
        Override.objects.create(
            assessment=high_assessment,
            team_id=high_assessment.team_id,
            from_band="high",
            to_band="high",
            reason_category="job_prospects",
            reason_text=REASON,
            created_by=adviser_a,
        )
    assert not Override.objects.exists()


def test_the_same_override_sent_twice_is_saved_once(adviser_a, high_assessment):
    """Issue #11: a double tap sends the same override twice; the second finds it already made."""
    first = override(high_assessment, adviser_a, "low")
    second = override(high_assessment, adviser_a, "low")
    assert second == first
    assert Override.objects.count() == 1
    assert AuditEvent.objects.filter(action="override_added").count() == 1


def test_a_change_that_reached_the_band_first_is_named_not_overwritten(adviser_a, team_lead_a, high_assessment):
    """Issue #11: two people change the same band at once; the second is told what it is now."""
    override(high_assessment, team_lead_a, "low")
    with pytest.raises(ValidationError, match="The band has just been changed to Low"):
        override(high_assessment, adviser_a, "low")
    assert list(Override.objects.values_list("created_by", flat=True)) == [team_lead_a.pk]
