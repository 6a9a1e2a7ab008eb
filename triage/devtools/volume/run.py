"""seed_volume: the run, its batches (generated in a forked process while the previous one is written) and its progress."""

import multiprocessing
import sys
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, date

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from triage.devtools.volume.batch import generate_batch
from triage.devtools.volume.context import Context
from triage.devtools.volume.frozen import item_tables
from triage.devtools.volume.load import (
    ID_NAMES,
    LOADED,
    Ids,
    LoadSettings,
    analyze,
    drop_for_load,
    finish_load,
    insert,
)
from triage.devtools.volume.people import decode_refs, new_refs
from triage.devtools.volume.places import team_specs, write_places
from triage.devtools.volume.values import weighted
from triage.models import (
    Assessment,
    CouncilArea,
    FollowUp,
    Intervention,
    InterventionType,
    InterventionUpdate,
    Override,
    OverrideReview,
    Partner,
    Person,
    WorkStart,
)
from triage.scorecard_files import live_scorecard

REBUILD_FROM = 100_000  # runs at least this large (and at least doubling the people) rebuild indexes after
_COUNTERS = {
    Person: "people",
    Assessment: "assessments",
    Override: "overrides",
    OverrideReview: "reviews",
    Intervention: "interventions",
    InterventionUpdate: "updates",
    WorkStart: "work_starts",
    FollowUp: "follow_ups",
}


@dataclass
class VolumeResult:
    people: int = 0
    assessments: int = 0
    overrides: int = 0
    reviews: int = 0
    interventions: int = 0
    updates: int = 0
    work_starts: int = 0
    follow_ups: int = 0
    situations: int = 0
    events: int = 0
    teams: list[str] = field(default_factory=list)
    rebuilt_indexes: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # where the time went, for -v 2

    def timed(self, key: str, started: float) -> None:
        self.timings[key] = self.timings.get(key, 0.0) + time.perf_counter() - started

    def summary(self) -> str:
        return (
            f"Added {self.people:,} people, {self.assessments:,} assessments, {self.overrides:,} overrides "
            f"({self.reviews:,} reviews), {self.interventions:,} interventions ({self.updates:,} status updates), "
            f"{self.follow_ups:,} follow-ups, {self.work_starts:,} work starts, "
            f"{self.situations:,} redundancy situations and {self.events:,} events over {len(self.teams)} teams "
            f"in {self.seconds:.1f} s."
        )


def seed_volume(
    *,
    people: int,
    teams: int | None = None,
    seed: int | None = None,
    today: date | None = None,
    batch_size: int = 50_000,
    progress: bool = True,
    rebuild_indexes: bool | None = None,
    parallel: bool = True,
    team_names: list[str] | None = None,
    notified_days: tuple[int, int] = (7, 730),
) -> VolumeResult:
    """Add `people` synthetic people, with assessments, overrides and interventions, to the database.

    `rebuild_indexes` None decides by size: runs of REBUILD_FROM people or more that at least
    double the people drop the person table's secondary indexes and build them again at the end.
    `parallel` generates batches in a forked process while this one writes (where fork exists).
    `team_names` puts the people in these teams only (made if missing, with synthetic staff), and
    `notified_days` says how many days ago their redundancies were notified (from, to): at least
    380 gives everyone's 12-month follow-up time to be taken.
    """
    start = time.perf_counter()
    today = today or timezone.localdate()
    rng = np.random.default_rng(seed)
    specs = team_specs(teams, today, names=team_names)
    result = VolumeResult(teams=[s.name for s in specs])
    if people <= 0:
        return result
    areas = list(CouncilArea.objects.order_by("pk"))
    card = live_scorecard()
    every_partner = list(Partner.objects.order_by("pk").values_list("pk", flat=True))
    every_type = list(InterventionType.objects.prefetch_related("partners").order_by("pk"))
    types = [(t.pk, [p.pk for p in t.partners.all()] or every_partner) for t in every_type]
    existing_refs = list(Person.objects.values_list("ref", flat=True))
    if rebuild_indexes is None:
        rebuild_indexes = people >= REBUILD_FROM and people >= len(existing_refs)

    # Situations of uneven sizes (about 150 people each), over teams of uneven sizes.
    n_situations = max(len(specs) * 2, people // 150)
    team_of = weighted(rng, rng.uniform(0.6, 1.4, len(specs)), n_situations)
    team_of[: len(specs)] = np.arange(len(specs))  # every team has at least one
    person_situation = weighted(rng, rng.lognormal(0.0, 0.9, n_situations), people)
    refs = new_refs(rng, people, decode_refs(existing_refs))
    del existing_refs
    now = np.datetime64(timezone.now().astimezone(UTC).replace(tzinfo=None), "us")

    bar = _Progress(people) if progress else None
    with LoadSettings(), transaction.atomic():
        dropped = drop_for_load(rebuild_indexes)
        places = write_places(
            rng,
            specs,
            areas,
            np.bincount(person_situation, minlength=n_situations),
            team_of,
            today,
            notified_days=notified_days,
        )
        ids = {name: Ids(model) for name, model in zip(ID_NAMES, LOADED, strict=True)}
        tables = item_tables(card, [float(a.unemployment_rate_pct) for a in areas])
        ctx = Context(
            rng,
            card,
            tables,
            specs,
            areas,
            places,
            types,
            today,
            now,
            connection.vendor == "postgresql",
            ids,
            {t.pk: t.code for t in every_type},
        )
        for batch in _batches(ctx, person_situation, refs, batch_size, parallel):
            result.timings["generate"] = result.timings.get("generate", 0.0) + batch.seconds
            for model, columns, rows in batch.writes:
                started = time.perf_counter()
                insert(model, columns, rows)
                result.timed(model._meta.model_name, started)
                setattr(result, _COUNTERS[model], getattr(result, _COUNTERS[model]) + len(rows))
            if bar:
                bar.advance(batch.people)
        if bar:
            bar.show(f", checking, rebuilding {len(dropped.indexes)} indexes" if dropped.indexes else ", checking")
        finish_load(dropped, result.timed)
        started = time.perf_counter()
    result.timed("commit", started)
    started = time.perf_counter()
    analyze()
    result.timed("vacuum, analyze", started)
    if bar:
        bar.finish()
    result.situations = n_situations
    result.events = int(places.event_count.sum())
    result.rebuilt_indexes = len(dropped.indexes)
    result.seconds = time.perf_counter() - start
    return result


def _batches(ctx: Context, situation: np.ndarray, refs: list[str], size: int, parallel: bool):
    """The batches in order; with `parallel`, generated by a forked process one or two ahead of the writer.

    A process, not a thread: generating and binding rows are both Python work that holds the GIL, so
    a thread would take turns with the writer instead of using the second core. The child only
    computes (it inherits ctx, including the random generator, and never touches the database).
    """
    bounds = [(begin, min(len(refs), begin + size)) for begin in range(0, len(refs), size)]
    if not parallel or len(bounds) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for begin, end in bounds:
            yield generate_batch(ctx, situation[begin:end], refs[begin:end])
        return
    fork = multiprocessing.get_context("fork")
    channel = fork.Queue(maxsize=2)
    child = fork.Process(target=_produce, args=(ctx, situation, refs, bounds, channel), daemon=True)
    child.start()
    try:
        for _ in bounds:
            batch = channel.get()
            if isinstance(batch, str):
                raise RuntimeError(f"generating a batch failed:\n{batch}")
            yield batch
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        channel.close()


def _produce(ctx, situation, refs, bounds, channel) -> None:  # in the forked child
    try:
        for begin, end in bounds:
            channel.put(generate_batch(ctx, situation[begin:end], refs[begin:end]))
    except BaseException:
        channel.put(traceback.format_exc())
    channel.close()
    channel.join_thread()


class _Progress:
    """A one-line progress bar on stderr: people written, rate, time left."""

    def __init__(self, total: int, stream=None):
        self.total, self.done = total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.perf_counter()
        self.show(" writing")

    def advance(self, n: int) -> None:
        self.done += n
        elapsed = time.perf_counter() - self.start
        rate = self.done / elapsed if elapsed else 0.0
        left = (self.total - self.done) / rate if rate else 0.0
        self.show(f" {elapsed:4.0f} s, {rate:,.0f}/s, about {left:,.0f} s to go")

    def show(self, note: str) -> None:
        filled = int(30 * self.done / self.total) if self.total else 30
        bar = "#" * filled + "." * (30 - filled)
        line = f"[{bar}] {self.done:,}/{self.total:,} people{note}"
        self.stream.write(f"\r{line:<100}")
        self.stream.flush()

    def finish(self, note: str = "") -> None:
        self.stream.write(f"\n{note}" if note else "\n")
        self.stream.flush()
