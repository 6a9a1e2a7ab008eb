"""Reads for the anonymised export: one row per assessment, and the choices of its filters.

Never selects who anyone is: the person appears only as their reference, which the export turns
into a keyed PACE ID (the reference itself is never written). Every value is a code, a band, a
number or a month. `VALUES` says how each column of the data dictionary's EXPORT_COLUMNS is
filled: adding a column to the export is a Column there and an entry here.
"""

import csv
import functools
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone

from triage.lib.outcomes import FollowUpFact, current_follow_ups, work_started
from triage.modelling.dictionary import (
    COUNCIL_AREAS_CSV,
    EXPORT_COLUMN_NAMES,
    ITEM_COLUMNS,
    SEX_CODES,
    area_tercile,
    work_start_band,
)
from triage.models import (
    Assessment,
    CouncilArea,
    ExportJob,
    ExportStatus,
    FollowUp,
    Intervention,
    Override,
    RedundancySituation,
    User,
)
from triage.models.people import situation_label
from triage.scoring.checklist import ITEMS, NUMERIC_ITEM_CODES, PREFER_NOT_TO_SAY

CHUNK = 2000


@dataclass(frozen=True, slots=True)
class ExportFilters:
    date_from: date | None = None
    date_to: date | None = None
    situation_id: int | None = None
    council_area_code: str = ""
    scorecard: str = ""  # name-version, as the assessment froze it

    def as_json(self) -> dict[str, Any]:
        return {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "situation_id": self.situation_id,
            "council_area_code": self.council_area_code,
            "scorecard": self.scorecard,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "ExportFilters":
        return cls(
            date_from=date.fromisoformat(data["date_from"]) if data.get("date_from") else None,
            date_to=date.fromisoformat(data["date_to"]) if data.get("date_to") else None,
            situation_id=data.get("situation_id"),
            council_area_code=data.get("council_area_code") or "",
            scorecard=data.get("scorecard") or "",
        )


_FIELDS = (
    "pk",
    "person__ref",
    "person__sex",
    "person__situation__sector",
    "council_area__code",
    "council_area__region",
    "area_unemployment_rate",
    "answers",
    "created_at",
    "scorecard_name",
    "scorecard_version",
    "total_points",
    "probability",
    "model_band",
    "effective_band",
    "person_id",
    "person__leaving_date",
    "person__ltu_label",
)


def _assessments(filters: ExportFilters) -> QuerySet[Assessment]:
    query = Assessment.objects.all()
    tz = timezone.get_current_timezone()
    if filters.date_from:
        query = query.filter(created_at__gte=datetime.combine(filters.date_from, time(), tz))
    if filters.date_to:
        query = query.filter(created_at__lt=datetime.combine(filters.date_to + timedelta(days=1), time(), tz))
    if filters.situation_id:
        query = query.filter(person__situation_id=filters.situation_id)
    if filters.council_area_code:
        query = query.filter(council_area__code=filters.council_area_code)
    if filters.scorecard:
        name, _, version = filters.scorecard.rpartition("-")
        query = query.filter(scorecard_name=name, scorecard_version=version)
    return query


def export_row_count(*, filters: ExportFilters) -> int:
    return _assessments(filters).count()


def export_cohort_ids(*, filters: ExportFilters, created_before: datetime | None = None) -> Iterator[int]:
    """The ids of the assessments matching `filters` (made before `created_before`, if given): the
    cohort the differencing rule compares (decision 0024). Ids only."""
    query = _assessments(filters)
    if created_before is not None:
        query = query.filter(created_at__lt=created_before)
    return query.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=CHUNK * 10)


def export_jobs_released() -> QuerySet[ExportJob]:
    """Every export whose rows were, or are about to be, released, by anyone, ever: all but the
    failed (decision 0024: a downloaded file outlives the retention period)."""
    return ExportJob.objects.exclude(status=ExportStatus.FAILED).order_by("pk")


def export_last_id(*, filters: ExportFilters) -> int:
    """The newest assessment now matching: both passes of an export stop there."""
    return _assessments(filters).aggregate(last=Max("pk"))["last"] or 0


def _month(created_at: datetime) -> str:
    # Per row of a million: the local month of the UTC hour, worked out once per hour (the
    # service's time zone moves by whole hours).
    return _month_of_hour(created_at.year, created_at.month, created_at.day, created_at.hour, created_at.tzinfo)


@functools.lru_cache(maxsize=4096)
def _month_of_hour(year: int, month: int, day: int, hour: int, tzinfo: Any) -> str:
    return f"{timezone.localtime(datetime(year, month, day, hour, tzinfo=tzinfo)):%Y-%m}"


@functools.lru_cache(maxsize=1024)
def area_tercile_of(rate: float) -> str:
    return str(area_tercile([rate])[0])


def _sex(value: str) -> str:
    # "another way" and not recorded become prefer_not_to_say: the dictionary's codes (and a
    # group too small to release on its own).
    return value if value in SEX_CODES else PREFER_NOT_TO_SAY


def export_keys(*, filters: ExportFilters, last_id: int) -> Iterator[tuple[int, str, str, str, str, str, str]]:
    """(assessment id, age band, sex, council area code, sector, month, days-to-work band) per
    assessment: the quasi-identifiers k-anonymity counts, in QUASI_IDENTIFIERS order after the id.
    The band needs the person's follow-ups, read a chunk of assessments at a time."""
    rows = (
        _assessments(filters)
        .filter(pk__lte=last_id)
        .order_by("pk")
        .values_list(
            "pk",
            "answers__q3_age_band",
            "person__sex",
            "council_area__code",
            "person__situation__sector",
            "created_at",
            "person_id",
            "person__leaving_date",
        )
    )
    chunk: list[tuple[Any, ...]] = []
    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from _keys(chunk)
            chunk = []
    yield from _keys(chunk)


def _keys(chunk: list[tuple[Any, ...]]) -> Iterator[tuple[int, str, str, str, str, str, str]]:
    if not chunk:
        return
    follow_ups = _follow_ups(list({row[6] for row in chunk}))
    for pk, age_band, sex, area, sector, created_at, person_id, leaving_date in chunk:
        days = _follow_up_columns(leaving_date, follow_ups.get(person_id, ()))[1]
        yield pk, age_band or "", _sex(sex), area, sector, _month(created_at), work_start_band(days)


_ALLOWED = {code: frozenset(a.code for a in item.answers) for code, item in ITEMS.items()}


def _answer(answers: Mapping[str, Any], code: str) -> str:
    value = answers.get(code)
    return value if value in _ALLOWED[code] else PREFER_NOT_TO_SAY


def _interventions(person_ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        Intervention.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "agreed_on", "pk")
        .values_list("person_id", "intervention_type__code", "partner__abbreviation", "status")
    )
    for person_id, kind, partner, status in rows:
        found[person_id].append(f"{kind}:{partner or 'other'}:{status}")
    return {person_id: "; ".join(parts) for person_id, parts in found.items()}


def _follow_ups(person_ids: Sequence[int]) -> dict[int, list[FollowUpFact]]:
    found: dict[int, list[FollowUpFact]] = defaultdict(list)
    rows = FollowUp.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "months", "contacted_on", "status", "started_on", "pk"
    )
    for person_id, months, contacted_on, status, started_on, pk in rows:
        found[person_id].append(FollowUpFact(months, contacted_on, status, started_on, pk))
    return found


def _follow_up_columns(leaving_date: date | None, facts: Sequence[FollowUpFact]) -> tuple[str, int | None]:
    """The follow_ups column and the days behind days_to_work: the standing follow-up at each point
    (as the label reads them), and days from leaving to the first start of work any of them shows
    (exported only as its band, dictionary.work_start_band). No dates."""
    standing = current_follow_ups(facts)
    points = sorted((f.point, f.status) for f in standing if f.point is not None)
    starts = [start for f in standing if (start := work_started(f)) is not None]
    days = (min(starts) - leaving_date).days if starts and leaving_date is not None else None
    return "; ".join(f"{point}:{status}" for point, status in points), days


def _override_reasons(assessment_ids: Sequence[int]) -> dict[int, str]:
    rows = (
        Override.objects.filter(assessment_id__in=assessment_ids)
        .order_by("assessment_id", "created_at", "pk")
        .values_list("assessment_id", "reason_category")
    )
    return dict(rows)  # the latest of each assessment's overrides wins


Row = dict[str, Any]


def _answer_of(code: str) -> Callable[[Row], str]:
    return lambda r: _answer(r["answers"], code)


VALUES: Mapping[str, Callable[[Row], Any]] = {
    "pace_id": lambda r: r["person__ref"],  # the export's service replaces it with the keyed PACE ID
    "assessment_month": lambda r: _month(r["created_at"]),
    "sector": lambda r: r["person__situation__sector"],
    "region": lambda r: r["council_area__region"],
    **{code: _answer_of(code) for code in ITEM_COLUMNS if code not in NUMERIC_ITEM_CODES},
    "q7_area_unemployment": lambda r: float(r["area_unemployment_rate"]),
    "sex": lambda r: _sex(r["person__sex"]),
    "area_tercile": lambda r: area_tercile_of(float(r["area_unemployment_rate"])),
    "council_area_code": lambda r: r["council_area__code"],
    "scorecard": lambda r: f"{r['scorecard_name']}-{r['scorecard_version']}",
    "points": lambda r: r["total_points"],
    "probability": lambda r: r["probability"],
    "model_band": lambda r: r["model_band"] or "",
    "effective_band": lambda r: r["effective_band"] or "",
    "override_reason": lambda r: r["override_reason"],
    "interventions": lambda r: r["interventions"],
    "follow_ups": lambda r: r["follow_ups"][0],
    "days_to_work": lambda r: work_start_band(r["follow_ups"][1]),
    "ltu": lambda r: r["person__ltu_label"],  # kept by services.outcomes from triage.lib.outcomes.ltu_label
}
"""Column name -> its value from one row of _FIELDS (with the interventions, override and
follow-ups added)."""


def export_rows(*, filters: ExportFilters, last_id: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """(assessment id, {column: value} in EXPORT_COLUMNS order) per assessment, oldest first,
    read in chunks; the person's reference stands in the pace_id column until it is keyed."""
    query = _assessments(filters).filter(pk__lte=last_id).order_by("pk").values(*_FIELDS)
    chunk: list[Row] = []
    for row in query.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from _finish(chunk)
            chunk = []
    yield from _finish(chunk)


def _finish(chunk: list[Row]) -> Iterator[tuple[int, dict[str, Any]]]:
    if not chunk:
        return
    interventions = _interventions([r["person_id"] for r in chunk])
    reasons = _override_reasons([r["pk"] for r in chunk])
    follow_ups = _follow_ups([r["person_id"] for r in chunk])
    for row in chunk:
        row["interventions"] = interventions.get(row["person_id"], "")
        row["follow_ups"] = _follow_up_columns(row["person__leaving_date"], follow_ups.get(row["person_id"], ()))
        row["override_reason"] = reasons.get(row["pk"], "")
        yield row["pk"], {name: VALUES[name](row) for name in EXPORT_COLUMN_NAMES}


def region_rates() -> dict[str, float]:
    """Each region's unemployment rate: its council areas' rates weighted by working-age
    population from reference_data/council_areas.csv, to 0.1 (written for an area generalised to
    its region, so the rate does not give the area away)."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    with COUNCIL_AREAS_CSV.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            population = float(row["working_age_population"])
            totals[row["region"]][0] += float(row["unemployment_rate_pct"]) * population
            totals[row["region"]][1] += population
    return {region: round(weighted / population, 1) for region, (weighted, population) in totals.items()}


def area_regions() -> dict[str, str]:
    return dict(CouncilArea.objects.values_list("code", "region"))


def export_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The choices of the export form's filters: situations (employer and month), council areas,
    and the scorecards assessments were scored with."""
    situations = RedundancySituation.objects.order_by("employer", "notified_date").values_list(
        "pk", "employer", "notified_date"
    )
    scorecards = (
        Assessment.objects.order_by("scorecard_name", "scorecard_version")
        .values_list("scorecard_name", "scorecard_version")
        .distinct()
    )
    cards = sorted({f"{name}-{version}" for name, version in scorecards})
    return {
        "situation": [(str(pk), situation_label(employer, notified)) for pk, employer, notified in situations],
        "council_area": list(CouncilArea.objects.order_by("name").values_list("code", "name")),
        "scorecard": [(card, card) for card in cards],
    }


def export_jobs_for(*, user: User) -> QuerySet[ExportJob]:
    """The export jobs `user` asked for, newest first: nobody sees another's."""
    return ExportJob.objects.filter(requested_by=user).order_by("-created_at", "-pk")
