"""Intervention rows, more for higher bands, and their update rows: each intervention's statuses so far."""

from dataclasses import dataclass

import numpy as np

from triage.devtools.volume.context import Context
from triage.devtools.volume.people import Latest, People
from triage.devtools.volume.values import dates, datetimes, days, rows_by_probability, seconds, whole_days

INTERVENTION_COLUMNS = [
    "id", "person", "team", "intervention_type", "partner", "other_organisation", "status", "status_date", "agreed_on",
    "notes", "created_by", "created_at", "updated_at",
]  # fmt: skip
UPDATE_COLUMNS = ["id", "intervention", "status", "status_date", "note", "created_by", "created_at"]
# Interventions per person by band rank (0 not assessed, 1 low, 2 medium, 3 high): P(0), P(1), P(2), P(3).
INTERVENTIONS_PER_BAND = np.array(
    [[1.0, 0.0, 0.0, 0.0], [0.55, 0.35, 0.1, 0.0], [0.3, 0.45, 0.2, 0.05], [0.15, 0.4, 0.3, 0.15]]
)
# Final status of an intervention by how long ago it was agreed (< 7 days, < 60 days, older):
# offered, referred, started, completed, declined.
STATUSES = np.array(["offered", "referred", "started", "completed", "declined"], dtype=object)
STATUS_BY_AGE = np.array([[0.3, 0.6, 0.1, 0.0, 0.0], [0.05, 0.25, 0.5, 0.1, 0.1], [0.0, 0.1, 0.3, 0.5, 0.1]])
STEPS = np.array([1, 1, 2, 3, 2])  # status updates on the way to each final status
_WORKING_DAY = (9 * 3600, 17 * 3600)  # seconds after midnight


@dataclass
class Updates:
    of: np.ndarray  # intervention row of each
    id: np.ndarray
    status: np.ndarray
    date: np.ndarray  # datetime64[D]
    at: np.ndarray  # datetime64[us], UTC


@dataclass
class Interventions:
    """One batch's interventions, by row, in person order."""

    per_person: np.ndarray  # how many each person has
    owner: np.ndarray  # person row of each
    id: np.ndarray
    agreed: np.ndarray  # datetime64[D]
    status: np.ndarray  # the latest
    status_date: np.ndarray
    type_id: list[int]
    partner_id: list[int]
    created: np.ndarray  # datetime64[us], UTC
    updated: np.ndarray
    updates: Updates


def draw_interventions(ctx: Context, people: People, latest: Latest) -> Interventions:
    rng, today = ctx.rng, ctx.today64
    count = np.where(latest.has, rows_by_probability(rng, INTERVENTIONS_PER_BAND[latest.rank]), 0)
    owner = np.repeat(np.arange(people.n), count)
    k = len(owner)
    intervention_id = ctx.ids["intervention"].take(k)
    agreed = np.minimum(latest.day[owner] + days(rng.integers(0, 21, k)), today)
    final, step1, step2 = _history(ctx, agreed)
    steps = STEPS[final]
    status_date = np.select([steps == 1, steps == 2], [agreed, step1], step2)
    type_id, partner_id = _types_and_partners(ctx, k)
    created = agreed.astype("datetime64[us]") + seconds(rng.uniform(*_WORKING_DAY, k))
    created = np.minimum(created, ctx.now - seconds(rng.uniform(1, 60, k)))
    updated = status_date.astype("datetime64[us]") + seconds(rng.uniform(*_WORKING_DAY, k))
    updated = np.maximum(np.minimum(updated, ctx.now), created)
    updates = _updates(ctx, final, agreed, step1, step2, created)
    return Interventions(
        count, owner, intervention_id, agreed, STATUSES[final], status_date, type_id, partner_id, created, updated,
        updates,
    )  # fmt: skip


def _history(ctx: Context, agreed: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each one's final status (an index into STATUSES), by how long ago it was agreed, and its steps' dates."""
    rng, k = ctx.rng, len(agreed)
    age_days = whole_days(ctx.today64 - agreed)
    final = rows_by_probability(rng, STATUS_BY_AGE[np.digitize(age_days, [7, 60])])
    step1 = agreed + days((rng.random(k) * np.minimum(age_days, 30)).astype(np.int64))
    step2 = np.minimum(step1 + days(rng.integers(7, 90, k)), ctx.today64)
    return final, step1, step2


def _types_and_partners(ctx: Context, k: int) -> tuple[list[int], list[int]]:
    """A type each, and one of the partners that deliver it."""
    type_pick = ctx.rng.integers(0, len(ctx.types), k)
    partner_pick = ctx.rng.random(k)
    type_id = [ctx.types[t][0] for t in type_pick.tolist()]
    partner_id = [
        ctx.types[t][1][int(u * len(ctx.types[t][1]))]
        for t, u in zip(type_pick.tolist(), partner_pick.tolist(), strict=True)
    ]
    return type_id, partner_id


def _updates(ctx: Context, final, agreed, step1, step2, created) -> Updates:
    """The status updates on the way to each final status: offered or referred, then started or declined, then completed."""
    steps = STEPS[final]
    first_status = np.where((final == 0) | (final == 4), "offered", "referred")
    of = np.repeat(np.arange(len(final)), steps)
    nth = np.arange(len(of)) - np.repeat(np.cumsum(steps) - steps, steps)
    status = np.where(
        nth == 0,
        first_status[of],
        np.where(nth == 1, np.where(final[of] == 4, "declined", "started"), "completed"),
    )
    date = np.select([nth == 0, nth == 1], [agreed[of], step1[of]], step2[of])
    at = date.astype("datetime64[us]") + seconds(ctx.rng.uniform(*_WORKING_DAY, len(of)))
    at = np.minimum(np.maximum(at, created[of]), ctx.now)
    return Updates(of, ctx.ids["update"].take(len(of)), status, date, at)


def intervention_rows(ctx: Context, people: People, interventions: Interventions) -> list[tuple]:
    i = interventions
    return list(
        zip(
            i.id.tolist(), people.id[i.owner].tolist(), ctx.team_pk[people.team[i.owner]].tolist(), i.type_id,
            i.partner_id, [""] * len(i.owner), i.status.tolist(), dates(i.status_date), dates(i.agreed), [""] * len(i.owner),
            people.adviser[i.owner].tolist(), datetimes(i.created, ctx.postgres), datetimes(i.updated, ctx.postgres),
            strict=True,
        )
    )  # fmt: skip


def update_rows(ctx: Context, people: People, interventions: Interventions) -> list[tuple]:
    u = interventions.updates
    creator = people.adviser[interventions.owner]
    return list(
        zip(
            u.id.tolist(), interventions.id[u.of].tolist(), u.status.tolist(), dates(u.date), [""] * len(u.of),
            creator[u.of].tolist(), datetimes(u.at, ctx.postgres),
            strict=True,
        )
    )  # fmt: skip
