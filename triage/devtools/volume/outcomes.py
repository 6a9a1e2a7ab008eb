"""Outcomes: each person's leaving date, follow-ups at 3, 6 and 12 months, work starts, and the
outcome summary on the person (LTU label, next follow-up) as services.outcomes would keep it.

Whether a person becomes long-term unemployed is drawn from their latest assessment's
probability (a band's typical rate where the scorecard gave none), so the score predicts the
outcome about as well as it claims, with two departures an evaluator should be able to find:

- MISCALIBRATION: people aged 55 or over at the assessment become LTU more often than their
  probability says (odds times OLDER_ODDS), so the fairness page has a calibration gap to show;
- support: a started or completed intervention of some types goes with lower odds of LTU
  (TYPE_ODDS; an association, as observational data would show, not a causal effect).

The person who does not become LTU starts work within a year of leaving (a few before leaving:
a job lined up); one who does may start after the year. Each follow-up whose point has passed is
recorded a few days after it, most of the time (some are missing), a few saying "unknown"; it
says employed or self-employed from the start onwards, otherwise a status out of work. About
half of the starts are also recorded as found work (a WorkStart and its follow-up at no point,
as services.person_record.person_found_work writes them), which sets found_work_on. The label
and next follow-up come from triage.lib.outcomes itself, on the same facts as the rows written.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from triage.devtools.volume.assessments import Assessments
from triage.devtools.volume.context import Context
from triage.devtools.volume.interventions import Interventions
from triage.devtools.volume.people import Latest, People
from triage.devtools.volume.values import datetimes, seconds
from triage.lib import outcomes
from triage.lib.outcomes import FollowUpFact
from triage.models.interventions import STARTED_STATUSES

FOLLOW_UP_COLUMNS = [
    "id", "person", "team", "months", "contacted_on", "status", "started_on", "source", "work_start", "created_by",
    "created_at",
]  # fmt: skip
WORK_START_COLUMNS = ["id", "person", "team", "started_on", "sector", "job_type", "source", "created_by", "created_at"]

OLDER_ODDS = 1.8  # the miscalibration: odds of LTU for people 55 or over, times this
TYPE_ODDS = {
    "vocational_training": 0.7,
    "business_start_up": 0.75,
    "employability_advice": 0.85,
    "career_development": 0.85,
    "core_skills": 0.9,
    "mental_health_wellbeing": 1.15,  # support sought by people further from work
}
BAND_RATE = np.array([0.3, 0.12, 0.3, 0.55])  # by band rank, where the scorecard gave no probability
RECORDED = 0.8  # a follow-up whose point has passed is recorded this often
UNKNOWN = 0.06  # and says "not known" this often
FOUND_WORK = 0.5  # a start is also recorded as found work this often
OUT_OF_WORK = (outcomes.UNEMPLOYED, outcomes.EDUCATION, outcomes.NOT_LOOKING)
OUT_OF_WORK_WEIGHTS = (0.7, 0.15, 0.15)
JOB_TYPES = ("employed_full_time", "employed_part_time", "temporary", "apprenticeship")
SOURCES = ("phone_call", "person", "partner_data")
SECTORS = ("manufacturing", "construction", "retail", "hospitality", "transport", "health", "public", "other")
_WORKING_DAY = (9 * 3600, 17 * 3600)


@dataclass
class Outcomes:
    """Per person (the person's columns) and the rows of their follow-ups and work starts."""

    leaving: list[date]
    label: list[int | None]
    label_on: list[date | None]
    next_months: list[int | None]
    next_on: list[date | None]
    found_work_on: list[date | None]
    follow_ups: list[tuple] = field(default_factory=list)
    work_starts: list[tuple] = field(default_factory=list)


def ltu_probability(
    ctx: Context, people: People, assessments: Assessments, latest: Latest, interventions
) -> np.ndarray:
    """Each person's chance of becoming LTU: the module docstring's rule."""
    probability = assessments.scored["probability"].to_numpy(dtype=np.float64)[latest.row]
    probability = np.where(latest.has & ~np.isnan(probability), probability, BAND_RATE[latest.rank])
    odds = probability / (1 - probability)
    older = latest.has & (assessments.age[latest.row] >= 55)
    odds = np.where(older, odds * OLDER_ODDS, odds)
    i = interventions
    if len(i.owner):
        type_odds = np.array([TYPE_ODDS.get(ctx.type_codes.get(t, ""), 1.0) for t in i.type_id])
        started = np.isin(i.status, list(STARTED_STATUSES))
        factor = np.ones(people.n)
        np.multiply.at(factor, i.owner, np.where(started, type_odds, 1.0))
        odds = odds * factor
    return odds / (1 + odds)


def draw_outcomes(
    ctx: Context, people: People, assessments: Assessments, latest: Latest, interventions: Interventions
) -> Outcomes:
    rng, n, today = ctx.rng, people.n, ctx.today
    ltu = rng.random(n) < ltu_probability(ctx, people, assessments, latest, interventions)
    early = rng.random(n) < 0.1
    offset = np.where(early, -rng.integers(1, 60, n), 1 + np.minimum(364, rng.gamma(1.5, 70, n)).astype(np.int64))
    late = rng.random(n) < 0.3  # of the LTU: starting work after the year
    offset = np.where(ltu, np.where(late, rng.integers(366, 600, n), -10_000), offset)
    self_employed = rng.random(n) < 0.12
    delay = rng.integers(0, 10, (n, 3))
    recorded = rng.random((n, 3)) < RECORDED
    unknown = rng.random((n, 3)) < UNKNOWN
    out_of_work = rng.choice(len(OUT_OF_WORK), size=(n, 3), p=OUT_OF_WORK_WEIGHTS)
    found = rng.random(n) < FOUND_WORK
    found_delay = rng.integers(0, 30, n)
    job_type = rng.integers(0, len(JOB_TYPES), n)
    sector = rng.integers(0, len(SECTORS), n)
    source = rng.integers(0, len(SOURCES), (n, 4))
    clock = rng.uniform(*_WORKING_DAY, (n, 4))

    leaving = ctx.places.notified[people.situation].astype("datetime64[D]").tolist()
    team = ctx.team_pk[people.team].tolist()
    result = Outcomes(leaving, [], [], [], [], [])
    follow_ups: list[list] = []  # without ids and times yet
    work_starts: list[list] = []
    for p in range(n):
        left: date = leaving[p]
        start = left + timedelta(days=int(offset[p])) if offset[p] > -10_000 else None
        in_work = outcomes.SELF_EMPLOYED if self_employed[p] else outcomes.EMPLOYED
        facts: list[FollowUpFact] = []
        rows: list[list] = []
        if start is not None and found[p] and start <= today:
            contacted = min(today, max(start, left) + timedelta(days=int(found_delay[p])))
            work_starts.append(
                [
                    p,
                    start,
                    contacted,
                    SECTORS[sector[p]],
                    "self_employed" if self_employed[p] else JOB_TYPES[job_type[p]],
                    SOURCES[source[p, 3]],
                    clock[p, 3],
                ]
            )
            rows.append([p, None, contacted, in_work, start, SOURCES[source[p, 3]], len(work_starts), clock[p, 3]])
            result_found = start
        else:
            result_found = None
        for k, months in enumerate(outcomes.POINTS):
            contacted = outcomes.point_date(left, months) + timedelta(days=int(delay[p, k]))
            if contacted > today or not recorded[p, k]:
                continue
            if unknown[p, k]:
                status, started = outcomes.UNKNOWN, None
            elif start is not None and start <= contacted:
                status, started = in_work, start
            else:
                status, started = OUT_OF_WORK[out_of_work[p, k]], None
            rows.append([p, months, contacted, status, started, SOURCES[source[p, k]], 0, clock[p, k]])
        rows.sort(key=lambda r: r[2])  # recorded in the order of the contacts: ids in that order
        for order, row in enumerate(rows):
            facts.append(FollowUpFact(row[1], row[2], row[3], row[4], order))
        follow_ups.extend(rows)
        label = outcomes.ltu_label(left, facts)
        upcoming = outcomes.next_follow_up(left, facts) or (None, None)
        result.label.append(label.value)
        result.label_on.append(label.as_of)
        result.next_months.append(upcoming[0])
        result.next_on.append(upcoming[1])
        result.found_work_on.append(result_found)

    start_ids = ctx.ids["work_start"].take(len(work_starts)).tolist()
    adviser = people.adviser.tolist()
    person_id = people.id.tolist()
    now = ctx.now
    for w, (p, start, contacted, sector_code, job, source_code, at) in enumerate(work_starts):
        created = min(np.datetime64(contacted, "us") + seconds(at), now)
        result.work_starts.append(
            (start_ids[w], person_id[p], team[p], _iso(start), sector_code, job, source_code, adviser[p], created)
        )
    follow_up_ids = ctx.ids["follow_up"].take(len(follow_ups)).tolist()
    created_at = np.array([np.datetime64(r[2], "us") for r in follow_ups], dtype="datetime64[us]")
    created_at = np.minimum(created_at + seconds([r[7] for r in follow_ups]), now)
    created_text = datetimes(created_at, ctx.postgres) if follow_ups else []
    start_text = datetimes(np.array([w[-1] for w in result.work_starts], dtype="datetime64[us]"), ctx.postgres)
    result.work_starts = [(*w[:-1], text) for w, text in zip(result.work_starts, start_text, strict=True)]
    for f, (p, months, contacted, status, started, source_code, start_number, _) in enumerate(follow_ups):
        result.follow_ups.append(
            (
                follow_up_ids[f],
                person_id[p],
                team[p],
                months,
                _iso(contacted),
                status,
                _iso(started),
                source_code,
                start_ids[start_number - 1] if start_number else None,
                adviser[p],
                created_text[f],
            )
        )
    return result


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
