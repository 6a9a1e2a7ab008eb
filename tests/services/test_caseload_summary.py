"""services.caseload_summary_refresh: the caseload summary on the person's row, kept right by every write.

Issue #5, Scale: "precomputed summaries are fine if they stay correct after every write, which a
test shows." The caseload, its queues and the CSV read only these fields.
"""

import random
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from tests.factories import HIGH_RISK_ANSWERS, REFERENCE_ANSWERS, add_intervention, assess, register
from triage import services
from triage.models import Assessment, Intervention, InterventionStatus, Person
from triage.models.people import SUMMARY_FIELDS
from triage.scoring import PREFER_NOT_TO_SAY
from triage.services.caseload import caseload_summary_assessment_added, caseload_summary_refresh

DECLINED = ["q6a_confidence", "q6b_expected_time", "q9a_physical", "q9b_disability", "q9c_mental"]
INCOMPLETE_ANSWERS = {**REFERENCE_ANSWERS, **dict.fromkeys(DECLINED, PREFER_NOT_TO_SAY)}
REASON = "Caring for a parent full time, which the checklist does not ask about."


def summary(person) -> dict:
    return Person.objects.filter(pk=person.pk).values(*SUMMARY_FIELDS).get()


def change_band(assessment, user, to_band):
    return services.override_add(
        assessment=assessment, to_band=to_band, reason_category="caring", reason_text=REASON, acting_user=user
    )


def update_status(intervention, user, status, today):
    return services.intervention_update_status(
        intervention=intervention, status=status, status_date=today, note="", acting_user=user
    )


def test_registered_person_has_an_empty_summary(person_a):
    assert summary(person_a) == {
        "latest_assessment_id": None,
        "band": None,
        "model_band": None,
        "band_rank": 0,
        "overridden": False,
        "incomplete": False,
        "assessed_at": None,
        "interventions_count": 0,
        "latest_intervention_status": "",
        "support_started": False,
    }


def test_assessment_copies_its_band_and_date(adviser_a, person_a):
    assessment = assess(adviser_a, person_a, HIGH_RISK_ANSWERS)

    assert summary(person_a) == {
        "latest_assessment_id": assessment.pk,
        "band": "high",
        "model_band": "high",
        "band_rank": 3,
        "overridden": False,
        "incomplete": False,
        "assessed_at": assessment.created_at,
        "interventions_count": 0,
        "latest_intervention_status": "",
        "support_started": False,
    }


def test_incomplete_assessment_has_no_band(adviser_a, person_a):
    assess(adviser_a, person_a, INCOMPLETE_ANSWERS)
    row = summary(person_a)
    assert (row["band"], row["model_band"], row["band_rank"], row["incomplete"]) == (None, None, 0, True)


def test_override_sets_the_band_and_marks_it_changed(adviser_a, person_a):
    assessment = assess(adviser_a, person_a)

    change_band(assessment, adviser_a, "medium")

    row = summary(person_a)
    assert (row["band"], row["model_band"], row["band_rank"], row["overridden"]) == ("medium", "low", 2, True)
    assert row["assessed_at"] == assessment.created_at  # a change of band is not a new assessment


def test_override_back_to_the_checklists_band_is_no_longer_a_change(adviser_a, person_a):
    assessment = assess(adviser_a, person_a)
    change_band(assessment, adviser_a, "high")
    change_band(assessment, adviser_a, "low")
    row = summary(person_a)
    assert (row["band"], row["band_rank"], row["overridden"]) == ("low", 1, False)


def test_banding_an_incomplete_assessment_by_hand(adviser_a, person_a):
    change_band(assess(adviser_a, person_a, INCOMPLETE_ANSWERS), adviser_a, "medium")
    row = summary(person_a)
    assert (row["band"], row["model_band"], row["band_rank"]) == ("medium", None, 2)
    assert row["overridden"] and row["incomplete"]


def test_new_assessment_replaces_the_last_ones_summary(adviser_a, person_a):
    first = assess(adviser_a, person_a)
    change_band(first, adviser_a, "high")

    second = assess(adviser_a, person_a, INCOMPLETE_ANSWERS)

    row = summary(person_a)
    assert row["latest_assessment_id"] == second.pk
    assert (row["band"], row["overridden"], row["incomplete"]) == (None, False, True)
    assert row["assessed_at"] == second.created_at


def test_an_older_assessments_band_cannot_be_changed_and_the_latest_stays_in_charge(adviser_a, person_a):
    """Issue #11: only the latest checklist's band can be changed."""
    older = assess(adviser_a, person_a)
    latest = assess(adviser_a, person_a, HIGH_RISK_ANSWERS)

    with pytest.raises(ValidationError, match="Only the latest checklist"):
        change_band(older, adviser_a, "medium")

    row = summary(person_a)
    assert row["latest_assessment_id"] == latest.pk
    assert (row["band"], row["overridden"]) == ("high", False)


def test_intervention_add_counts_it_and_takes_its_status(adviser_a, person_a):
    add_intervention(adviser_a, person_a, status="referred")
    row = summary(person_a)
    assert (row["interventions_count"], row["latest_intervention_status"], row["support_started"]) == (
        1,
        "referred",
        False,
    )

    add_intervention(adviser_a, person_a, status="started")

    row = summary(person_a)
    assert (row["interventions_count"], row["latest_intervention_status"], row["support_started"]) == (
        2,
        "started",
        True,
    )


@pytest.mark.parametrize(
    ("status", "started"),
    [("offered", False), ("referred", False), ("declined", False), ("started", True), ("completed", True)],
)
def test_support_counts_as_started_once_started_or_completed(adviser_a, person_a, status, started):
    add_intervention(adviser_a, person_a, status=status)
    assert summary(person_a)["support_started"] is started


def test_status_update_to_started_marks_support_started(adviser_a, person_a, today):
    referral = add_intervention(adviser_a, person_a, status="referred")

    update_status(referral, adviser_a, "started", today)

    row = summary(person_a)
    assert (row["interventions_count"], row["latest_intervention_status"], row["support_started"]) == (
        1,
        "started",
        True,
    )


def test_latest_status_is_the_most_recently_changed_intervention(adviser_a, person_a, today):
    first = add_intervention(adviser_a, person_a, status="referred")
    add_intervention(adviser_a, person_a, status="offered")
    assert summary(person_a)["latest_intervention_status"] == "offered"

    update_status(first, adviser_a, "completed", today)

    assert summary(person_a)["latest_intervention_status"] == "completed"


def test_writes_to_one_person_leave_others_alone(adviser_a, person_a, situation_a, person_b, adviser_b):
    other = register(adviser_a, situation_a, given_name="Callum")
    assess(adviser_b, person_b, HIGH_RISK_ANSWERS)
    before = [summary(other), summary(person_b)]

    change_band(assess(adviser_a, person_a), adviser_a, "high")
    add_intervention(adviser_a, person_a, status="started")

    assert [summary(other), summary(person_b)] == before


def test_refused_write_leaves_the_summary_as_it_was(adviser_a, person_a, intervention_a):
    assessment = assess(adviser_a, person_a)
    before = summary(person_a)

    with pytest.raises(ValidationError):
        change_band(assessment, adviser_a, "low")  # the band it already has
    with pytest.raises(ValidationError):
        update_status(intervention_a, adviser_a, "started", intervention_a.agreed_on - timedelta(days=1))

    assert summary(person_a) == before


# A random sequence of writes


def recomputed(person) -> dict:
    """The summary worked out from scratch from the person's records, in Python, without the service."""
    assessments = list(Assessment.objects.filter(person=person))
    latest = max(assessments, key=lambda a: (a.created_at, a.pk), default=None)
    interventions = list(Intervention.objects.filter(person=person))
    last_changed = max(interventions, key=lambda i: (i.updated_at, i.pk), default=None)
    band = latest.effective_band if latest else None
    return {
        "latest_assessment_id": latest.pk if latest else None,
        "band": band,
        "model_band": latest.model_band if latest else None,
        "band_rank": {None: 0, "low": 1, "medium": 2, "high": 3}[band],
        "overridden": bool(latest) and latest.effective_band != latest.model_band,
        "incomplete": bool(latest) and latest.model_band is None,
        "assessed_at": latest.created_at if latest else None,
        "interventions_count": len(interventions),
        "latest_intervention_status": last_changed.status if last_changed else "",
        "support_started": any(i.status in ("started", "completed") for i in interventions),
    }


def random_answers(rng) -> dict:
    """Each item at the reference or the high-risk answer; now and then several declined at once."""
    answers = {code: rng.choice([REFERENCE_ANSWERS[code], HIGH_RISK_ANSWERS[code]]) for code in REFERENCE_ANSWERS}
    if rng.random() < 0.25:
        answers.update(dict.fromkeys(DECLINED, PREFER_NOT_TO_SAY))
    return answers


@pytest.mark.parametrize("seed", range(6))
def test_summary_equals_a_recomputation_after_random_writes(adviser_a, team_lead_a, situation_a, today, seed):
    """Every write service, in a random order, over two people; checked after each write."""
    rng = random.Random(seed)
    people = [register(adviser_a, situation_a, given_name=name) for name in ("Morag", "Callum")]
    assessments = {p.pk: [] for p in people}
    interventions = {p.pk: [] for p in people}
    expected_latest_status = {p.pk: "" for p in people}
    kinds = []

    for _ in range(40):
        person = rng.choice(people)
        user = rng.choice([adviser_a, team_lead_a])
        kind = rng.choice(["assess", "override", "override", "intervention", "status", "status"])
        if kind == "override" and assessments[person.pk]:
            assessment = Assessment.objects.get(pk=assessments[person.pk][-1])  # only the latest can change
            to_band = rng.choice([b for b in ("low", "medium", "high") if b != assessment.effective_band])
            change_band(assessment, user, to_band)
        elif kind == "intervention" or (kind == "status" and not interventions[person.pk]):
            kind = "intervention"
            status = rng.choice(InterventionStatus.values)
            interventions[person.pk].append(add_intervention(user, person, status=status).pk)
            expected_latest_status[person.pk] = status
        elif kind == "status":
            intervention = Intervention.objects.get(pk=rng.choice(interventions[person.pk]))
            # A new status, as the update form requires (the same one again is a double tap, saved once).
            status = rng.choice([value for value in InterventionStatus.values if value != intervention.status])
            update_status(intervention, user, status, today)
            expected_latest_status[person.pk] = status
        else:
            kind = "assess"
            assessments[person.pk].append(assess(user, person, random_answers(rng)).pk)
        kinds.append(kind)

        for p in people:
            assert summary(p) == recomputed(p), f"after {kinds}"
            assert summary(p)["latest_intervention_status"] == expected_latest_status[p.pk]

    assert {"assess", "override", "intervention", "status"} <= set(kinds)  # the sequence exercised each write
    for p in people:
        # Refreshing from scratch changes nothing: the writes left nothing stale.
        before = summary(p)
        Person.objects.filter(pk=p.pk).update(band=None, band_rank=0, interventions_count=99, support_started=True)
        caseload_summary_refresh(person=p)
        assert summary(p) == before


def test_an_older_checklist_saved_last_does_not_replace_the_newer_one(adviser_a, person_a):
    """Two checklists for one person saved at once: whichever transaction commits last, the row
    keeps the newer one (the UPDATE leaves a row with a later assessed_at alone)."""
    older = assess(adviser_a, person_a, HIGH_RISK_ANSWERS)
    newer = assess(adviser_a, person_a, REFERENCE_ANSWERS)
    assert newer.created_at >= older.created_at

    caseload_summary_assessment_added(assessment=older)  # the older one's update arriving last

    assert summary(person_a) == recomputed(person_a)
    assert summary(person_a)["latest_assessment_id"] == newer.pk
