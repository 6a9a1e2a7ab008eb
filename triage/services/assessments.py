import uuid
from collections.abc import Mapping
from dataclasses import asdict
from datetime import date

from django.db import IntegrityError, transaction

from triage.models import Assessment, AuditAction, Event, Person, User
from triage.scoring import CHECKLIST_VERSION, Scorecard, age_band, age_on, complex_needs_found, points_table, score
from triage.scoring.score import AnswerValue
from triage.services.audit import audit_record
from triage.services.caseload import caseload_summary_refresh


def probability_basis(card: Scorecard) -> str:
    """What the card's probability rests on, frozen with the score so the page labels it honestly."""
    if card.kind == "rules":
        return "evidence"
    return "synthetic" if "SYNTHETIC" in card.source.upper() else "outcomes"


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
    existing = Assessment.objects.filter(submission_token=submission_token).first()
    if existing and existing.person_id == person.pk:
        return existing
    if existing:
        # A token copied from another person's form (a tampered POST) guards nothing here.
        submission_token = uuid.uuid4()
    area = person.council_area
    full_answers = {
        **answers,
        "q3_age_band": age_band(person.date_of_birth, today),
        "q7_area_unemployment": float(area.unemployment_rate_pct),
    }
    result = score(full_answers, card)
    explanation = points_table(result, card)
    try:
        with transaction.atomic():
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
                contributions=[asdict(c) for c in result.contributions],
                explanation={
                    "strengths": [asdict(row) for row in explanation.strengths],
                    "risks": [asdict(row) for row in explanation.risks],
                    "neutral": [asdict(row) for row in explanation.neutral],
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
            # The token's uniqueness is left to the database, so a concurrent duplicate raises
            # IntegrityError (handled below) rather than a ValidationError from full_clean().
            assessment.full_clean(validate_unique=False)
            assessment.save()
            caseload_summary_refresh(person=person)
            audit_record(
                acting_user=acting_user,
                action=AuditAction.ASSESSMENT_CREATED,
                person=person,
                detail=f"assessment {assessment.pk} scored with {card.label}",
            )
    except IntegrityError as error:
        # The same form was submitted twice at once and the other request saved it first;
        # any other integrity error is a real fault and is raised.
        try:
            return Assessment.objects.get(submission_token=submission_token, person=person)
        except Assessment.DoesNotExist:
            raise error from None
    return assessment
