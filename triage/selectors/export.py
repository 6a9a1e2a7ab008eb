"""Reads for the anonymised export: one row per assessment, and the choices of its filters.

Never selects who anyone is: the person appears only as their reference, which the export turns
into a keyed PACE ID (the reference itself is never written). Every value is a code, a band, a
number or a month. `VALUES` says how each column of the data dictionary's EXPORT_COLUMNS is
filled: adding a column to the export is a Column there and an entry here.
"""

import csv
import functools
import json
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connections
from django.db.models import CharField, Max, QuerySet
from django.db.models.functions import Cast
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


# Sex as exported: "another way" and not recorded become prefer_not_to_say (the dictionary's
# codes, and a group too small to release on its own).
_SEXES = {code: code for code in SEX_CODES}


# -- reading by a raw cursor ----------------------------------------------------------------------
# Both passes read a million rows. Django's row converters (JSON, datetimes, decimals) and its
# per-row dictionaries were most of the time, so each pass runs the SQL that the ORM's compiler
# makes for its queryset (right on SQLite and PostgreSQL alike) on a DB-API cursor, and converts
# the few values that need it here, cheaply: the answers' JSON decoded once per row, the month
# once per hour, the rate once per value. Decision record 0022.


def _sql(query: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    """The queryset's SQL and parameters, as the ORM would run them."""
    sql, params = query.query.get_compiler(using=query.db).as_sql()
    return sql, tuple(params)


def _fetch_chunks(query: QuerySet[Any], sql: str, params: Sequence[Any]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of `sql` (the queryset's) as the database driver gives them, CHUNK at a time, from
    a server-side cursor where the database has one (as QuerySet.iterator() reads)."""
    connection = connections[query.db]
    chunked = not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    with connection.chunked_cursor() if chunked else connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield rows


def _converted_once_per_value(query: QuerySet[Any], column: int) -> tuple[str, tuple[Any, ...], Callable[[Any], Any]]:
    """The queryset's SQL and parameters, and Django's own conversion of one column's value (the
    backend's converters and the field's from_db_value), worked out once per distinct value: for
    a column of few values."""
    compiler = query.query.get_compiler(using=query.db)
    sql, params = compiler.as_sql()
    expression = compiler.select[column][0]
    found = compiler.get_converters([expression]).get(0)
    converters, expression = found if found else ((), expression)
    connection = compiler.connection
    done: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return done[value]
        except KeyError:
            raw = value
            for converter in converters:
                value = converter(value, expression, connection)
            if len(done) < 10_000:
                done[raw] = value
            return value

    return sql, tuple(params), convert


class _RangeQuery:
    """A queryset compiled once with sentinel bounds for an assessment id range, run for each
    chunk's range with the real bounds in their place."""

    LOW, HIGH = -(2**62) + 7, -(2**62) + 11  # never an id

    def __init__(self, make: Callable[[int, int], QuerySet[Any]]):
        query = make(self.LOW, self.HIGH)
        self.using = query.db
        self.sql, params = _sql(query)
        self.params = list(params)
        self.lows = [i for i, p in enumerate(self.params) if p == self.LOW]
        self.highs = [i for i, p in enumerate(self.params) if p == self.HIGH]
        if not self.lows or not self.highs:
            raise RuntimeError("the bounds of a range query were not found among its parameters")

    def rows(self, low: int, high: int) -> list[tuple[Any, ...]]:
        params = list(self.params)
        for i in self.lows:
            params[i] = low
        for i in self.highs:
            params[i] = high
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            return list(cursor.fetchall())


def _db_timezone(query: QuerySet[Any]) -> Any:
    """The time zone of the database's naive datetimes (SQLite's; PostgreSQL's come aware)."""
    return connections[query.db].timezone


def _as_text(field: str) -> Cast:
    """A date or datetime column read as its ISO text: parsed here, once per distinct date,
    instead of by the driver's converters for every value."""
    return Cast(field, output_field=CharField())


@functools.lru_cache(maxsize=1 << 16)
def _as_date(value: Any) -> Any:
    return None if value is None else date.fromisoformat(value)


def _month_of_db(value: str, tz: Any) -> str:
    """The month of a datetime column read as text: naive on SQLite (in the database's time zone),
    with its offset on PostgreSQL."""
    moment = datetime.fromisoformat(value)
    return _month_of_hour(moment.year, moment.month, moment.day, moment.hour, moment.tzinfo or tz)


_MONTHS_BY_HOUR: dict[Any, dict[str, str]] = {}  # per database time zone: "YYYY-MM-DD HH" -> month


def _months_of_db(tz: Any) -> Callable[[str], str]:
    """_month_of_db for one database time zone, looked up by the text's hour ("YYYY-MM-DD HH")
    when the text has no offset (SQLite's): a million rows have a few thousand hours, kept
    between the passes and the exports."""
    by_hour = _MONTHS_BY_HOUR.setdefault(tz, {})
    if len(by_hour) > 200_000:
        by_hour.clear()
    months: dict[str, str] = {}

    def month_of(value: str) -> str:
        if value.find("+", 19) < 0 and value.find("-", 19) < 0 and value[-1:] != "Z":
            month = by_hour.get(value[:13])
            if month is None:
                month = _month_of_db(value, tz)
                month = by_hour[value[:13]] = months.setdefault(month, month)
            return month
        return _month_of_db(value, tz)

    return month_of


def _decoded(value: Any) -> Any:
    """A JSONField's value from the driver: text on both databases (Django loads jsonb as text)."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def export_keys(*, filters: ExportFilters, last_id: int) -> Iterator[tuple[int, str, str, str, str, str, str]]:
    """(assessment id, age band, sex, council area code, sector, month, days-to-work band) per
    assessment: the quasi-identifiers k-anonymity counts, in QUASI_IDENTIFIERS order after the id.
    The band needs the person's follow-ups, read a chunk of assessments at a time."""
    query = (
        _assessments(filters)
        .filter(pk__lte=last_id)
        .order_by("pk")
        .values_list(
            "pk",
            "answers__q3_age_band",
            "person__sex",
            "council_area__code",
            "person__situation__sector",
            _as_text("created_at"),
            "person_id",
            _as_text("person__leaving_date"),
        )
    )
    sql, params, age_band_of = _converted_once_per_value(query, 1)
    month_of = _months_of_db(_db_timezone(query))
    follow_ups_query = _follow_ups_query(filters)
    sexes = _SEXES
    no_start = work_start_band(None)  # the band of everyone without follow-ups
    strings: dict[str, str] = {}
    shared = strings.setdefault  # one copy of each area code and sector: the caller keeps every distinct key
    for chunk in _fetch_chunks(query, sql, params):
        follow_ups = _follow_ups(follow_ups_query.rows(chunk[0][0], chunk[-1][0]))
        for pk, age_band, sex, area, sector, created_at, person_id, leaving_date in chunk:
            facts = follow_ups.get(person_id)
            yield (
                pk,
                age_band_of(age_band) or "",
                sexes.get(sex, PREFER_NOT_TO_SAY),
                shared(area, area),
                shared(sector, sector),
                month_of(created_at),
                work_start_band(_follow_up_columns(_as_date(leaving_date), facts)[1]) if facts else no_start,
            )


_ALLOWED = {code: frozenset(a.code for a in item.answers) for code, item in ITEMS.items()}
_ANSWER_CODES = tuple(code for code in ITEM_COLUMNS if code not in NUMERIC_ITEM_CODES)
# Per answer column: each allowed code to itself; anything else reads as prefer_not_to_say.
_ANSWER_MAPS = tuple({value: value for value in _ALLOWED[code]} for code in _ANSWER_CODES)
_PREFER_NOT_TO_SAY_EACH = (PREFER_NOT_TO_SAY,) * len(_ANSWER_CODES)


def _answer_cells(answers: Mapping[str, Any]) -> tuple[str, ...]:
    """Every answer column's value, in _ANSWER_CODES order, in one pass of C calls: the answer
    given if the checklist allows it, else prefer_not_to_say."""
    get: Callable[[dict[str, str], Any, str], str] = dict.get
    return tuple(map(get, _ANSWER_MAPS, map(answers.get, _ANSWER_CODES), _PREFER_NOT_TO_SAY_EACH))


def _people_in(filters: ExportFilters) -> Callable[[int, int], QuerySet[Any]]:
    def people(low: int, high: int) -> QuerySet[Any]:
        return _assessments(filters).filter(pk__gte=low, pk__lte=high).values("person_id")

    return people


def _interventions_query(filters: ExportFilters) -> _RangeQuery:
    people = _people_in(filters)
    return _RangeQuery(
        lambda low, high: (
            Intervention.objects.filter(person_id__in=people(low, high))
            .order_by("person_id", "agreed_on", "pk")
            .values_list("person_id", "intervention_type__code", "partner__abbreviation", "status")
        )
    )


def _interventions(rows: Iterable[tuple[Any, ...]]) -> dict[int, str]:
    found: dict[int, list[str]] = defaultdict(list)
    for person_id, kind, partner, status in rows:
        found[person_id].append(f"{kind}:{partner or 'other'}:{status}")
    return {person_id: "; ".join(parts) for person_id, parts in found.items()}


def _follow_ups_query(filters: ExportFilters) -> _RangeQuery:
    people = _people_in(filters)
    return _RangeQuery(
        # No order: the columns are worked out the same whatever order the follow-ups come in.
        lambda low, high: (
            FollowUp.objects.filter(person_id__in=people(low, high))
            .order_by()
            .values_list("person_id", "months", _as_text("contacted_on"), "status", _as_text("started_on"), "pk")
        )
    )


def _follow_ups(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[FollowUpFact]]:
    found: dict[int, list[FollowUpFact]] = defaultdict(list)
    for person_id, months, contacted_on, status, started_on, pk in rows:
        found[person_id].append(FollowUpFact(months, _as_date(contacted_on), status, _as_date(started_on), pk))
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


def _override_reasons_query() -> _RangeQuery:
    return _RangeQuery(
        lambda low, high: (
            Override.objects.filter(assessment_id__gte=low, assessment_id__lte=high)
            .order_by("assessment_id", "created_at", "pk")
            .values_list("assessment_id", "reason_category")
        )
    )


def _override_reasons(rows: Iterable[tuple[Any, ...]]) -> dict[int, str]:
    return dict(rows)  # the latest of each assessment's overrides wins


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
# A prepared row: the fields as read, then every answer column, then the values worked out per row.
_DERIVED = (
    "assessment_month",
    "rate",
    "sex",
    "area_tercile",
    "scorecard",
    "model_band or blank",
    "effective_band or blank",
    "override_reason",
    "interventions",
    "follow_ups",
    "days_to_work",
)
_PREPARED_NAMES = (*_FIELDS, *(f"answers.{code}" for code in _ANSWER_CODES), *_DERIVED)
_PREPARED = {name: i for i, name in enumerate(_PREPARED_NAMES)}
if len(_PREPARED) != len(_PREPARED_NAMES):
    raise ImportError("a prepared row's names must be distinct")

VALUES: Mapping[str, str] = {
    "pace_id": "person__ref",  # the export's service replaces it with the keyed PACE ID
    "assessment_month": "assessment_month",
    "sector": "person__situation__sector",
    "region": "council_area__region",
    **{code: f"answers.{code}" for code in _ANSWER_CODES},
    "q7_area_unemployment": "rate",
    "sex": "sex",
    "area_tercile": "area_tercile",
    "council_area_code": "council_area__code",
    "scorecard": "scorecard",
    "points": "total_points",
    "probability": "probability",
    "model_band": "model_band or blank",
    "effective_band": "effective_band or blank",
    "override_reason": "override_reason",
    "interventions": "interventions",
    "follow_ups": "follow_ups",
    "days_to_work": "days_to_work",
    "ltu": "person__ltu_label",  # kept by services.outcomes from triage.lib.outcomes.ltu_label
}
"""Column name -> the value of a prepared row (_PREPARED) it is written from: a field as read,
an answer (`answers.<code>`), or a value worked out per row in _finish."""

_FIELD_AT = {name: i for i, name in enumerate(_FIELDS)}
_AS_TEXT = frozenset({"created_at", "person__leaving_date"})
_PICK = operator.itemgetter(*(_PREPARED[VALUES[name]] for name in EXPORT_COLUMN_NAMES))


def export_rows(*, filters: ExportFilters, last_id: int) -> Iterator[tuple[int, list[Any]]]:
    """(assessment id, values in EXPORT_COLUMNS order) per assessment, oldest first, read in
    chunks; the person's reference stands in the pace_id column until it is keyed."""
    query = (
        _assessments(filters)
        .filter(pk__lte=last_id)
        .order_by("pk")
        .values_list(*(_as_text(name) if name in _AS_TEXT else name for name in _FIELDS))
    )
    side = _SideQueries(filters)
    month_of = _months_of_db(_db_timezone(query))
    sql, params = _sql(query)
    strings: dict[str, str] = {}  # one copy of each repeated text (a row group holds many rows)
    for chunk in _fetch_chunks(query, sql, params):
        if len(strings) > 100_000:
            strings.clear()
        yield from _finish(chunk, side, month_of, strings.setdefault)


class _SideQueries:
    def __init__(self, filters: ExportFilters):
        self.interventions = _interventions_query(filters)
        self.follow_ups = _follow_ups_query(filters)
        self.reasons = _override_reasons_query()


def _finish(
    chunk: list[tuple[Any, ...]],
    side: _SideQueries,
    month_of: Callable[[str], str],
    shared: Callable[[str, str], str],
) -> Iterator[tuple[int, list[Any]]]:
    low, high = chunk[0][0], chunk[-1][0]
    interventions = {
        person_id: shared(text, text) for person_id, text in _interventions(side.interventions.rows(low, high)).items()
    }
    follow_ups = _follow_ups(side.follow_ups.rows(low, high))
    reasons = _override_reasons(side.reasons.rows(low, high))
    no_follow_ups = ("", work_start_band(None))  # the follow_ups and days_to_work of no follow-ups
    at = _FIELD_AT
    pk_at, sex_at, rate_at, answers_at, created_at_at = (
        at["pk"],
        at["person__sex"],
        at["area_unemployment_rate"],
        at["answers"],
        at["created_at"],
    )
    name_at, version_at, model_band_at, effective_band_at = (
        at["scorecard_name"],
        at["scorecard_version"],
        at["model_band"],
        at["effective_band"],
    )
    person_at, leaving_at = at["person_id"], at["person__leaving_date"]
    for row in chunk:
        pk, person_id = row[pk_at], row[person_at]
        facts = follow_ups.get(person_id)
        if facts:
            follow_up_text, days = _follow_up_columns(_as_date(row[leaving_at]), facts)
            follow_up_cells = (shared(follow_up_text, follow_up_text), work_start_band(days))
        else:
            follow_up_cells = no_follow_ups
        rate = float(row[rate_at])
        scorecard = f"{row[name_at]}-{row[version_at]}"
        model_band = row[model_band_at] or ""
        effective_band = row[effective_band_at] or ""
        prepared = (
            row
            + _answer_cells(_decoded(row[answers_at]))
            + (
                month_of(row[created_at_at]),
                rate,
                _SEXES.get(row[sex_at], PREFER_NOT_TO_SAY),
                area_tercile_of(rate),
                shared(scorecard, scorecard),
                shared(model_band, model_band),
                shared(effective_band, effective_band),
                reasons.get(pk, ""),
                interventions.get(person_id, ""),
                *follow_up_cells,
            )
        )
        yield pk, list(_PICK(prepared))


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
