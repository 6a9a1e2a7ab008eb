"""The evaluator's statistics pages: the arrays the cores in triage/modelling need, and their figures, cached.

Reads: a few values_list queries, one row per assessed person (their latest assessment's points,
estimated risk, bands and scorecard; the fairness attributes; the LTU label), the overrides'
reason, the follow-ups and work starts for time to work, the interventions' types, and this
quarter's answers for drift. Nothing here selects who anyone is (tests/test_architecture.py
holds this module to that: it names no identifying field).

Figures: each page's figure set (FIGURE_SETS) is computed by a background refresh
(services.evaluation) and stored in the database as an EvaluationSnapshot with the data version
(`data_version`: the latest id of each table whose rows change them, and of the audit rows every
edit of a person's details leaves) and the time it was computed. A page reads the stored figures,
shared by every worker and kept across restarts, and says when they are stale (decision 0023);
each worker decodes a snapshot once and keeps it in Django's (local-memory) cache.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Max, Min

from triage.lib import figures_json
from triage.lib.outcomes import EMPLOYED, SELF_EMPLOYED
from triage.modelling import drift, fairness, override_outcomes, performance, survival, training_reference
from triage.modelling.dictionary import area_tercile
from triage.models import (
    Assessment,
    AuditAction,
    AuditEvent,
    EvaluationSnapshot,
    FollowUp,
    Intervention,
    InterventionType,
    Override,
    OverrideReason,
    Person,
    ScorecardActivation,
    WorkStart,
)
from triage.scorecard_files import live_label, scorecard_by_label, scorecard_folder
from triage.scoring.checklist import ITEMS

CACHE_PREFIX = "evaluation-figures"
# Part of every stored figure set's version: raise it when a figures dataclass changes its fields
# or what it holds, and the worker's sweep refreshes every page's figures in the new form.
# 2: shares follow the count rule (decision 0024); figures stored before it are not served.
FIGURES_FORMAT = 2
UNKNOWN = "unknown"
NO_INTERVENTION = "no intervention recorded"
REASON_LABELS = dict(OverrideReason.choices)
NUMERIC = {code for code, item in ITEMS.items() if item.kind == "numeric"}
T = TypeVar("T")


@dataclass(frozen=True)
class Assessed:
    """One entry per assessed person, in the same order in every array."""

    scorecard: np.ndarray  # "logistic-1.1": the scorecard that scored the latest assessment
    points: np.ndarray  # float: the points total
    probability: np.ndarray  # float, NaN when incomplete
    model_band: np.ndarray  # object: "low", "medium", "high" or None
    band: np.ndarray  # object: the band after any adviser's change
    label: np.ndarray  # float: 1 LTU, 0 not, NaN unknown
    sex: np.ndarray
    age_band: np.ndarray
    disability: np.ndarray
    area_tercile: np.ndarray
    reason: np.ndarray  # object: the latest override's reason category on the latest assessment, or None

    @property
    def known(self) -> np.ndarray:
        known: np.ndarray = ~np.isnan(self.label)
        return known


@dataclass(frozen=True)
class TimeToWork:
    """One entry per person with a leaving date who has a follow-up or a work start."""

    days: np.ndarray  # from leaving to starting work, or to the last follow-up when censored
    started: np.ndarray  # bool: started work (else censored at `days`)
    band: np.ndarray
    types: tuple[tuple[str, ...], ...]  # each person's intervention types (names)


def _text(value: Any) -> str:
    return UNKNOWN if value in (None, "") else str(value)


def assessed() -> Assessed:
    """The latest assessment of every assessed person: one query for people, one for overrides."""
    rows = list(
        Person.objects.filter(latest_assessment__isnull=False).values_list(
            "latest_assessment__scorecard_name",
            "latest_assessment__scorecard_version",
            "latest_assessment__total_points",
            "latest_assessment__probability",
            "model_band",
            "band",
            "ltu_label",
            "sex",
            "latest_assessment__answers__q3_age_band",
            "latest_assessment__answers__q9b_disability",
            "latest_assessment__area_unemployment_rate",
            "latest_assessment_id",
        )
    )
    reasons: dict[int, str] = {}
    on_latest = Override.objects.filter(
        assessment__person__overridden=True, assessment__person__latest_assessment_id=F("assessment_id")
    ).order_by("assessment_id", "created_at", "pk")
    for assessment_id, reason in on_latest.values_list("assessment_id", "reason_category"):
        reasons[assessment_id] = reason  # the last one in created order stays
    n = len(rows)
    columns = list(zip(*rows, strict=True)) if n else [()] * 12
    rates = np.array([np.nan if r is None else float(r) for r in columns[10]], dtype=np.float64)
    return Assessed(
        scorecard=np.array(
            [f"{name}-{version}" for name, version in zip(columns[0], columns[1], strict=True)], dtype=object
        ),
        points=np.array(columns[2], dtype=np.float64),
        probability=np.array([np.nan if p is None else p for p in columns[3]], dtype=np.float64),
        model_band=np.array(columns[4], dtype=object),
        band=np.array(columns[5], dtype=object),
        label=np.array([np.nan if v is None else float(v) for v in columns[6]], dtype=np.float64),
        sex=np.array([_text(v) for v in columns[7]], dtype=object),
        age_band=np.array([_text(v) for v in columns[8]], dtype=object),
        disability=np.array([_text(v) for v in columns[9]], dtype=object),
        area_tercile=area_tercile(rates) if n else np.array([], dtype=object),
        reason=np.array([reasons.get(a) for a in columns[11]], dtype=object),
    )


def time_to_work() -> TimeToWork:
    """Days from leaving to the first work start, or to the last follow-up for those still out of work."""
    people: dict[int, tuple[date | None, str | None]] = {
        pk: (leaving, band)
        for pk, leaving, band in Person.objects.filter(leaving_date__isnull=False).values_list(
            "pk", "leaving_date", "band"
        )
    }
    first_start: dict[int, date] = {}
    last_contact: dict[int, date] = {}
    for pk, started in WorkStart.objects.values_list("person_id").annotate(first=Min("started_on")):
        first_start[pk] = started
    in_work = FollowUp.objects.filter(status__in=(EMPLOYED, SELF_EMPLOYED))
    for pk, started in in_work.values_list("person_id").annotate(first=Min("started_on")):
        if started is not None and (pk not in first_start or started < first_start[pk]):
            first_start[pk] = started
    for pk, contacted in (
        in_work.filter(started_on__isnull=True).values_list("person_id").annotate(first=Min("contacted_on"))
    ):
        if pk not in first_start or contacted < first_start[pk]:
            first_start[pk] = contacted  # in work by the day of the contact
    for pk, contacted in FollowUp.objects.values_list("person_id").annotate(last=Max("contacted_on")):
        last_contact[pk] = contacted
    types: dict[int, set[str]] = defaultdict(set)
    names = dict(InterventionType.objects.values_list("pk", "name"))
    for pk, type_id in Intervention.objects.values_list("person_id", "intervention_type_id").distinct():
        types[pk].add(names[type_id])
    days, started, bands, kinds = [], [], [], []
    for pk, (leaving, band) in people.items():
        if leaving is None:
            continue
        if pk in first_start:
            days.append(max((first_start[pk] - leaving).days, 0))
            started.append(True)
        elif pk in last_contact:
            days.append(max((last_contact[pk] - leaving).days, 0))
            started.append(False)
        else:
            continue
        bands.append(_text(band))
        kinds.append(tuple(sorted(types.get(pk, ()))) or (NO_INTERVENTION,))
    return TimeToWork(
        days=np.array(days, dtype=np.float64),
        started=np.array(started, dtype=bool),
        band=np.array(bands, dtype=object),
        types=tuple(kinds),
    )


def quarter_start(today: date) -> date:
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def quarter_answers(*, since: date, scorecard: str) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Each choice item's answers, the points and the area rates of the assessments `scorecard` made
    since `since` (one query). The area rate is a number, not an answer: its drift is binned."""
    name, _, version = scorecard.rpartition("-")
    codes = list(ITEMS)
    rows = list(
        Assessment.objects.filter(
            created_at__date__gte=since, scorecard_name=name, scorecard_version=version
        ).values_list("total_points", "area_unemployment_rate", *(f"answers__{code}" for code in codes))
    )
    columns = list(zip(*rows, strict=True)) if rows else [()] * (len(codes) + 2)
    answers = {code: np.array(columns[i + 2], dtype=object) for i, code in enumerate(codes) if code not in NUMERIC}
    rates = np.array([float(r) for r in columns[1]], dtype=np.float64)
    return answers, np.array(columns[0], dtype=np.float64), rates


def metrics_of(label: str) -> dict[str, Any] | None:
    """A trained card's metrics.json, or None (the rules card has none)."""
    path = scorecard_folder(label) / "metrics.json"
    if not path.is_file():
        return None
    return _metrics(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _metrics(path: str, mtime_ns: int) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return loaded


def training_data(label: str) -> training_reference.TrainingReference | None:
    """The live card's training data rebuilt (triage.modelling.training_reference), kept in the cache."""
    metrics = metrics_of(label)
    if metrics is None:
        return None
    return _training_data(label, str(metrics.get("training_data_sha256", "")))


@lru_cache(maxsize=4)
def _training_data(label: str, sha256: str) -> training_reference.TrainingReference | None:
    # Rebuilding takes seconds; the result is a few hundred numbers, kept for the process's life
    # (a card's folder never changes under the same training data's SHA-256).
    metrics = metrics_of(label)
    return training_reference.rebuild(metrics, scorecard_by_label(label)) if metrics else None


def data_version() -> str:
    """Changes whenever anything the figures read changes: a new row in a table they read, an edit of
    a person's details (each leaves a PERSON_UPDATED audit row), a new live card.

    Only the latest ids, each read from an index (constant time at any size): these tables are
    append-only (a follow-up, an override, a work start is never edited; an intervention's type
    never changes), and an edit of a person always writes its audit row.
    """
    parts: list[Any] = [settings.LIVE_SCORECARD]
    for model in (Assessment, Override, FollowUp, WorkStart, ScorecardActivation, Intervention, Person):
        parts.append(model.objects.aggregate(last=Max("pk"))["last"])
    edits = AuditEvent.objects.filter(action=AuditAction.PERSON_UPDATED)
    parts.append(edits.aggregate(last=Max("pk"))["last"])
    return "-".join(str(p) for p in parts)


# The figures of each page, computed from the arrays above by the cores (FIGURE_SETS, below).

SURVIVAL_DAYS = (91, 182, 365)


@dataclass(frozen=True)
class VersionPerformance:
    scorecard: str
    assessed: int  # people whose latest assessment it scored
    performance: Any  # performance.Performance, or None when no one it scored has an outcome yet
    training: Any  # performance.TrainingFigures, or None (no model card figures)


def _with_outcome(data: Assessed) -> np.ndarray:
    keep: np.ndarray = data.known & ~np.isnan(data.probability)
    return keep


def performance_figures(data: Assessed) -> list[VersionPerformance]:
    keep = _with_outcome(data)
    by_version = performance.performance_by_version(
        data.scorecard[keep], data.label[keep], data.points[keep], data.probability[keep]
    )
    rows = []
    for label in sorted(set(data.scorecard)):
        metrics = metrics_of(label)
        training = performance.training_figures(metrics, label) if metrics and label in metrics["cards"] else None
        rows.append(
            VersionPerformance(
                scorecard=label,
                assessed=int((data.scorecard == label).sum()),
                performance=by_version.get(label),
                training=training,
            )
        )
    return rows


@dataclass(frozen=True)
class FairnessFigures:
    scorecard: str
    n: int
    high_from: float
    attributes: dict[str, Any]  # fairness.AttributeFairness by attribute
    sizes: dict[str, dict[str, int]]  # people per group, for disclosure control of the sizes shown


def fairness_figures(data: Assessed) -> FairnessFigures:
    label = live_label()
    keep = _with_outcome(data) & (data.scorecard == label)
    flagged = data.model_band[keep] == "high"
    attributes = {
        "sex": data.sex[keep],
        "age band": data.age_band[keep],
        "disability": data.disability[keep],
        "area unemployment tercile": data.area_tercile[keep],
    }
    audit = (
        fairness.fairness_audit(
            attributes, data.label[keep], data.points[keep], data.probability[keep], flagged.astype(bool)
        )
        if keep.any()
        else {}
    )
    return FairnessFigures(
        scorecard=label,
        n=int(keep.sum()),
        high_from=float(scorecard_by_label(label).cutoffs.high_from),
        attributes=audit,
        sizes={name: dict(Counter(str(v) for v in values)) for name, values in attributes.items()},
    )


def override_figures(data: Assessed) -> tuple[int, tuple[Any, ...]]:
    """(overridden people with an outcome, override_outcomes rows)."""
    changed = np.array(
        [m is not None and b is not None and m != b for m, b in zip(data.model_band, data.band, strict=True)],
        dtype=bool,
    )
    keep = data.known & changed & np.array([r is not None for r in data.reason], dtype=bool)
    rows = override_outcomes.override_outcomes(
        data.model_band[keep], data.band[keep], data.reason[keep], data.label[keep]
    )
    return int(keep.sum()), rows


@dataclass(frozen=True)
class SurvivalFigures:
    n: int
    started: int
    by_band: dict[str, Any]
    by_type: dict[str, Any]


def survival_figures() -> SurvivalFigures:
    data = time_to_work()
    by_band = survival.kaplan_meier_by_group(data.days, data.started, data.band, at_days=SURVIVAL_DAYS)
    index = [i for i, kinds in enumerate(data.types) for _ in kinds]
    kinds = [kind for each in data.types for kind in each]
    by_type = survival.kaplan_meier_by_group(
        data.days[index], data.started[index], np.array(kinds, dtype=object), at_days=SURVIVAL_DAYS
    )
    return SurvivalFigures(n=len(data.days), started=int(data.started.sum()), by_band=by_band, by_type=by_type)


@dataclass(frozen=True)
class DriftFigures:
    scorecard: str
    since: date
    n: int
    reference: training_reference.TrainingReference | None
    items: dict[str, Any]  # drift.Drift or NotEnough by item code
    points: Any  # drift.Drift or NotEnough, or None without a reference
    area_rate: Any  # the same for the area unemployment rate


def drift_figures(today: date) -> DriftFigures:
    label = live_label()
    since = quarter_start(today)
    reference = training_data(label)
    answers, points, rates = quarter_answers(since=since, scorecard=label)
    if reference is None:
        return DriftFigures(
            scorecard=label, since=since, n=len(points), reference=None, items={}, points=None, area_rate=None
        )
    return DriftFigures(
        scorecard=label,
        since=since,
        n=len(points),
        reference=reference,
        items=drift.items_drift({k: v for k, v in reference.answers.items() if k not in NUMERIC}, answers),
        points=drift.points_drift(reference.training_totals(), points),
        area_rate=drift.points_drift(reference.training_rates(), rates),
    )


def _arrays(counts: dict[tuple[float, int], int]) -> tuple[np.ndarray, np.ndarray]:
    keys, n = list(counts), list(counts.values())
    labels = np.repeat(np.array([k[1] for k in keys], dtype=np.float64), n)
    totals = np.repeat(np.array([k[0] for k in keys], dtype=np.float64), n)
    return labels, totals


@dataclass(frozen=True)
class ExplorerData:
    """Points totals and outcomes as counts per (total, LTU): the live card's people with an outcome,
    and its training cohort's held-out split (None when it cannot be rebuilt), so that no web
    worker has to rebuild the training data to answer the explorer."""

    scorecard: str
    high_from: float
    recorded: dict[tuple[float, int], int]
    training: dict[tuple[float, int], int] | None = None

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        return _arrays(self.recorded)

    def training_arrays(self) -> tuple[np.ndarray, np.ndarray] | None:
        return None if self.training is None else _arrays(self.training)


def explorer_data(data: Assessed) -> ExplorerData:
    label = live_label()
    keep = data.known & (data.scorecard == label)
    counts: dict[tuple[float, int], int] = defaultdict(int)
    for total, y in zip(data.points[keep], data.label[keep], strict=True):
        counts[(float(total), int(y))] += 1
    reference = training_data(label)
    return ExplorerData(
        scorecard=label,
        high_from=float(scorecard_by_label(label).cutoffs.high_from),
        recorded=dict(counts),
        training=dict(reference.held_out) if reference else None,
    )


# The figure sets: what a refresh computes and stores (services.evaluation), one per page.


class Inputs:
    """What a refresh reads, each once: the assessed people are shared by four figure sets."""

    def __init__(self, today: date) -> None:
        self.today = today

    @cached_property
    def assessed(self) -> Assessed:
        return assessed()


FIGURE_SETS: dict[str, Callable[[Inputs], Any]] = {
    "performance": lambda inputs: performance_figures(inputs.assessed),
    "explorer": lambda inputs: explorer_data(inputs.assessed),
    "fairness": lambda inputs: fairness_figures(inputs.assessed),
    "overrides": lambda inputs: override_figures(inputs.assessed),
    "survival": lambda inputs: survival_figures(),
    "drift": lambda inputs: drift_figures(inputs.today),
}


def snapshot_version(today: date) -> str:
    """The version stored figures must carry to be current: the figures' format, the quarter
    (drift compares this quarter's answers) and the data version."""
    return f"{FIGURES_FORMAT}:{quarter_start(today)}:{data_version()}"


@dataclass(frozen=True)
class Computed:
    figures: Any
    computed_at: datetime
    stale: bool  # the data has changed since: a refresh is on its way (services.evaluation)
    key: str  # names this computation, for anything derived from the figures and kept (derived)


def snapshot_key(name: str, pk: int, computed_at: datetime) -> str:
    return f"{CACHE_PREFIX}:{name}:{pk}:{computed_at.timestamp()}"


def stored_figures(name: str, *, version: str) -> Computed | None:
    """The latest stored figures of `name`, marked stale unless computed at `version`; None when
    none are stored (or they cannot be read by this code).

    One query, for the row's version; the payload is read and decoded once per process per
    computation and kept in Django's cache (the local-memory cache of each worker).
    """
    row = EvaluationSnapshot.objects.filter(name=name).values_list("pk", "data_version", "computed_at").first()
    if row is None:
        return None
    pk, stored_version, computed_at = row
    key = snapshot_key(name, pk, computed_at)
    figures = cache.get(key)
    if figures is None:
        payload = (
            EvaluationSnapshot.objects.filter(pk=pk, computed_at=computed_at).values_list("payload", flat=True).first()
        )
        if payload is None:  # replaced between the two reads: read the new one
            return stored_figures(name, version=version)
        try:
            figures = figures_json.loads(payload)
        except figures_json.FiguresDecodeError:
            return None
        cache.set(key, figures, timeout=settings.EVALUATION_CACHE_SECONDS)
    return Computed(figures=figures, computed_at=computed_at, stale=stored_version != version, key=key)


def derived(computed: Computed, name: str, make: Callable[[Any], T]) -> T:
    """`make(computed.figures)`, worked out once per process per computation (the time-to-work charts)."""
    key = f"{computed.key}:{name}"
    found: T | None = cache.get(key)
    if found is None:
        found = make(computed.figures)
        cache.set(key, found, timeout=settings.EVALUATION_CACHE_SECONDS)
    return found


def stale_figure_sets(*, version: str) -> list[str]:
    """The figure sets with no stored figures, or none at `version`."""
    current = set(EvaluationSnapshot.objects.filter(data_version=version).values_list("name", flat=True))
    return [name for name in FIGURE_SETS if name not in current]
