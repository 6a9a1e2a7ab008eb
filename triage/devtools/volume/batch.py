"""One batch of people and every row hanging off them, one table at a time."""

import time
from dataclasses import dataclass

import numpy as np
from django.db import models

from triage.devtools.volume.assessments import ASSESSMENT_COLUMNS, assessment_rows, draw_assessments, latest_assessment
from triage.devtools.volume.context import Context
from triage.devtools.volume.interventions import (
    INTERVENTION_COLUMNS,
    UPDATE_COLUMNS,
    draw_interventions,
    intervention_rows,
    update_rows,
)
from triage.devtools.volume.outcomes import FOLLOW_UP_COLUMNS, WORK_START_COLUMNS, draw_outcomes
from triage.devtools.volume.overrides import OVERRIDE_COLUMNS, REVIEW_COLUMNS, draw_overrides
from triage.devtools.volume.people import PERSON_COLUMNS, draw_people, person_rows
from triage.devtools.volume.summary import summary_columns
from triage.models import (
    Assessment,
    FollowUp,
    Intervention,
    InterventionUpdate,
    Override,
    OverrideReview,
    Person,
    WorkStart,
)


@dataclass
class Batch:
    writes: list[tuple[type[models.Model], list[str], list[tuple]]]
    people: int
    seconds: float


def generate_batch(ctx: Context, situation: np.ndarray, refs: list[str]) -> Batch:
    """The rows for these people (their situations' indices and their references), for each loaded table.

    The calls are in the order of their random draws, which a seed repeats: moving one changes every
    row after it. The submission tokens, drawn as the assessment rows are made, come last.
    """
    started = time.perf_counter()
    people = draw_people(ctx, situation, refs)
    assessments = draw_assessments(ctx, people)
    latest = latest_assessment(ctx, people, assessments)
    interventions = draw_interventions(ctx, people, latest)
    override_rows, review_rows = draw_overrides(ctx, people, assessments)
    outcomes = draw_outcomes(ctx, people, assessments, latest, interventions)
    summary = summary_columns(people, assessments, latest, interventions)
    writes = [
        (Person, PERSON_COLUMNS, person_rows(ctx, people, outcomes, summary)),
        (Assessment, ASSESSMENT_COLUMNS, assessment_rows(ctx, people, assessments)),
        (Override, OVERRIDE_COLUMNS, override_rows),
        (OverrideReview, REVIEW_COLUMNS, review_rows),
        (Intervention, INTERVENTION_COLUMNS, intervention_rows(ctx, people, interventions)),
        (InterventionUpdate, UPDATE_COLUMNS, update_rows(ctx, people, interventions)),
        (WorkStart, WORK_START_COLUMNS, outcomes.work_starts),
        (FollowUp, FOLLOW_UP_COLUMNS, outcomes.follow_ups),
    ]
    return Batch(writes, len(situation), time.perf_counter() - started)
