import uuid
from collections.abc import Mapping
from datetime import date

from django.db import IntegrityError, transaction

from triage.models import Assessment, AuditAction, Event, Person, User
from triage.scoring import (
    CHECKLIST_VERSION,
    Contribution,
    ExplanationRow,
    Scorecard,
    age_band,
    age_on,
    complex_needs_found,
    points_table,
    score,
)
from triage.scoring.score import AnswerValue
from triage.services.audit import audit_record
from triage.services.caseload import caseload_summary_assessment_added


def probability_basis(card: Scorecard) -> str:
    """What the card's probability rests on, frozen with the score so the page labels it honestly."""
    if card.kind == "rules":
        return "evidence"
    return "synthetic" if "SYNTHETIC" in card.source.upper() else "outcomes"


def _as_dict(row: Contribution | ExplanationRow) -> dict[str, object]:
    """dataclasses.asdict for these rows of plain values, without its deep copy (a tenth of the time)."""
    return {name: getattr(row, name) for name in row.__slots__}


def assessment_create(
    *,
    person: Person,
    answers: Mapping[str, AnswerValue],
    dependants_count: int | None,
    event: Event | None,
    submission_token: uuid.UUID,
    acting_user: User,
    card: Scorecard,
    today: date,
) -> Assessment:
    """Score a checklist with `card` and freeze the result on a new assessment.

    Idempotent on `submission_token`: a double-submitted form returns the first assessment.
    """
    area = person.council_area
    full_answers = {
        **answers,
        "q3_age_band": age_band(person.date_of_birth, today),
        "q7_area_unemployment": float(area.unemployment_rate_pct),
    }
    result = score(full_answers, card)
    explanation = points_table(result, card)
    assessment = Assessment(
        person=person,
        team_id=person.team_id,
        event=event,
        answers={k: v for k, v in full_answers.items() if k != "q7_area_unemployment"},
        dependants_count=dependants_count,
        council_area=area,
        area_unemployment_rate=area.unemployment_rate_pct,
        age_at_assessment=age_on(person.date_of_birth, today),
        checklist_version=CHECKLIST_VERSION,
        scorecard_name=card.name,
        scorecard_version=card.version,
        probability_basis=probability_basis(card),
        contributions=[_as_dict(c) for c in result.contributions],
        explanation={
            "strengths": [_as_dict(row) for row in explanation.strengths],
            "risks": [_as_dict(row) for row in explanation.risks],
            "neutral": [_as_dict(row) for row in explanation.neutral],
        },
        total_points=result.total,
        probability=result.probability,
        model_band=result.band,
        missing_count=result.missing,
        missing_items=list(result.missing_items),
        complex_needs=list(complex_needs_found(full_answers)) if result.complex_needs else [],
        effective_band=result.band,
        submission_token=submission_token,
        created_by=acting_user,
    )
    # The person, event, area and user were read from the database for this request: checking each
    # still exists would be five more queries, and the foreign keys refuse a row that does not.
    # The token's uniqueness is left to the database, so a repeat is found by the insert, not by
    # a query before every first one.
    assessment.full_clean(exclude=["person", "team", "event", "council_area", "created_by"], validate_unique=False)
    try:
        _assessment_save(assessment, card=card, acting_user=acting_user)
    except IntegrityError as error:
        # The same form was sent twice (a double tap, or two requests at once) and the first is
        # saved: return it. Any other integrity error is a real fault and is raised.
        try:
            existing = Assessment.objects.get(submission_token=submission_token)
        except Assessment.DoesNotExist:
            raise error from None
        if existing.person_id == person.pk:
            return existing
        # A token copied from another person's form (a tampered POST) guards nothing here.
        assessment.pk, assessment.submission_token = None, uuid.uuid4()
        _assessment_save(assessment, card=card, acting_user=acting_user)
    return assessment


@transaction.atomic
def _assessment_save(assessment: Assessment, *, card: Scorecard, acting_user: User) -> None:
    """Insert the assessment, make it the person's latest on their row, and audit it: one transaction."""
    assessment.save(force_insert=True)
    caseload_summary_assessment_added(assessment=assessment)
    audit_record(
        acting_user=acting_user,
        action=AuditAction.ASSESSMENT_CREATED,
        person=assessment.person,
        detail=f"assessment {assessment.pk} scored with {card.label}",
    )
