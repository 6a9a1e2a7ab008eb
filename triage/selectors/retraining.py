"""Reads for retraining from recorded outcomes: the training frame, its counts, and the jobs.

Never selects who anyone is: one row per person with a known LTU label (Person.ltu_label, decision
0016), in the data dictionary's columns (triage.modelling.dictionary), built from the answers of
their latest assessment, the area rate frozen on it, and the fairness attributes. Every value is a
code, a rate or the label; the row carries no reference, no id and no date.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from django.db.models import Count, Max, Min, Q, QuerySet

from triage.modelling.dictionary import COLUMN_NAMES, ITEM_COLUMNS, LABEL, SEX_CODES, area_tercile
from triage.models import Person, RetrainJob
from triage.scoring.checklist import ITEMS, NUMERIC_ITEM_CODES, PREFER_NOT_TO_SAY

CHUNK = 2000
_FIELDS = (
    "ltu_label",
    "sex",
    "latest_assessment__answers",
    "latest_assessment__area_unemployment_rate",
    "latest_assessment__council_area__code",
)
_ALLOWED = {code: {a.code for a in ITEMS[code].answers} for code in ITEM_COLUMNS if code not in NUMERIC_ITEM_CODES}


@dataclass(frozen=True)
class OutcomeCounts:
    ltu: int
    not_ltu: int
    outcomes_from: date | None
    outcomes_to: date | None

    @property
    def people(self) -> int:
        return self.ltu + self.not_ltu


def _labelled() -> QuerySet[Person]:
    return Person.objects.filter(ltu_label__in=(0, 1), latest_assessment__isnull=False)


def recorded_outcome_counts() -> OutcomeCounts:
    """People with a known label and an assessment, by outcome, and the span of their outcome dates."""
    figures = _labelled().aggregate(
        ltu=Count("pk", filter=Q(ltu_label=1)),
        not_ltu=Count("pk", filter=Q(ltu_label=0)),
        first=Min("ltu_label_on"),
        last=Max("ltu_label_on"),
    )
    return OutcomeCounts(
        ltu=figures["ltu"], not_ltu=figures["not_ltu"], outcomes_from=figures["first"], outcomes_to=figures["last"]
    )


def _row(values: tuple[Any, ...]) -> dict[str, Any]:
    label, sex, answers, rate, area = values
    row: dict[str, Any] = {}
    for code, allowed in _ALLOWED.items():
        value = answers.get(code)
        row[code] = value if value in allowed else PREFER_NOT_TO_SAY
    q7 = float(rate) if rate is not None else float("nan")
    row["q7_area_unemployment"] = q7
    row["sex"] = sex if sex in SEX_CODES else PREFER_NOT_TO_SAY
    row["area_tercile"] = str(area_tercile([q7])[0])
    row["council_area_code"] = area or ""
    row[LABEL] = int(label)
    return row


def training_frame() -> pd.DataFrame:
    """One row per person with a known label, in the dictionary's columns (COLUMN_NAMES order)."""
    rows = _labelled().order_by("pk").values_list(*_FIELDS)
    frame = pd.DataFrame([_row(values) for values in rows.iterator(chunk_size=CHUNK)], columns=list(COLUMN_NAMES))
    return frame


def retrain_jobs() -> QuerySet[RetrainJob]:
    """Every retraining job, newest first: evaluators and admins share them (no one's data in them)."""
    return RetrainJob.objects.select_related("requested_by").order_by("-created_at", "-pk")
