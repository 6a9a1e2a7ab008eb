"""Person rows: where and when each was seen, where they live, their adviser and their particulars.

Also their references. The found-work date and the outcome summary come from outcomes.py, the
caseload summary columns at the end of the row from summary.py.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.conf import settings

from triage.devtools.volume.context import Context
from triage.devtools.volume.names import FAMILY, GIVEN
from triage.devtools.volume.values import dates, datetimes, days, null_if, seconds, weighted
from triage.lib.text import name_key
from triage.models.people import NAME_KEY_LENGTH, REF_ALPHABET

if TYPE_CHECKING:
    from triage.devtools.volume.outcomes import Outcomes

PERSON_COLUMNS = [
    "id", "ref", "team", "situation", "event", "given_name", "family_name", "given_name_key", "family_name_key",
    "date_of_birth", "council_area",
    "postcode", "email", "phone", "ni_number", "sex", "consent_given", "privacy_notice_version",
    "consent_recorded_at", "created_by", "created_at", "adviser", "found_work_on",
    # the outcome summary (services.outcomes.OUTCOME_FIELDS), from outcomes.py
    "leaving_date", "ltu_label", "ltu_label_on", "follow_up_months", "follow_up_on",
    # the caseload summary (SUMMARY_FIELDS)
    "latest_assessment", "band", "model_band", "band_rank", "overridden", "incomplete", "assessed_at",
    "interventions_count", "latest_intervention_status", "support_started",
]  # fmt: skip
SEXES = np.array(["male", "female", "", "other", "prefer_not_to_say"], dtype=object)

_ALPHABET = np.frombuffer(REF_ALPHABET.encode(), dtype=np.uint8)
_REF_SPACE = len(REF_ALPHABET) ** 6


@dataclass
class People:
    """One batch of people, by row: their situation's index, and what is drawn for each."""

    situation: np.ndarray
    refs: list[str]
    id: np.ndarray
    team: np.ndarray  # team index
    event_id: np.ndarray  # 0 where not seen at an event
    has_event: np.ndarray
    created_at: np.ndarray  # datetime64[us], UTC
    home: np.ndarray  # area index
    adviser: np.ndarray  # who also registered them
    lead: np.ndarray  # their team's lead
    assigned: np.ndarray  # a few have no named adviser
    dob: np.ndarray
    sex: np.ndarray
    given: np.ndarray
    family: np.ndarray

    @property
    def n(self) -> int:
        return len(self.situation)


@dataclass
class Latest:
    """Each person's latest assessment (row 0 where they have none), which their caseload summary copies."""

    has: np.ndarray
    row: np.ndarray
    band: np.ndarray  # effective band, None where not assessed
    model: np.ndarray
    rank: np.ndarray  # BAND_RANK of the effective band
    day: np.ndarray  # datetime64[D]; today where not assessed


def draw_people(ctx: Context, situation: np.ndarray, refs: list[str]) -> People:
    rng = ctx.rng
    n = len(situation)
    team = ctx.places.team[situation]
    person_id = ctx.ids["person"].take(n)
    event_id, has_event, seen, created_at = _seen(ctx, situation)
    home = _homes(ctx, situation)
    adviser, lead = _staff(ctx, team)
    assigned = rng.random(n) >= 0.03
    age = np.clip(rng.normal(43, 12, n), 18, 66).astype(np.int64)  # redundancy falls more on older workers
    dob = seen - days(age * 365 + rng.integers(0, 365, n))
    sex = SEXES[weighted(rng, [47, 47, 4, 1, 1], n)]
    given = np.asarray(GIVEN, dtype=object)[rng.integers(0, len(GIVEN), n)]
    family = np.asarray(FAMILY, dtype=object)[np.minimum((rng.pareto(1.2, n) * 6).astype(np.int64), len(FAMILY) - 1)]
    return People(
        situation, refs, person_id, team, event_id, has_event, created_at, home, adviser, lead, assigned, dob, sex,
        given, family,
    )  # fmt: skip


def _seen(ctx: Context, situation: np.ndarray):
    """Where and when they were seen: mostly at one of their situation's events, registered soon after."""
    rng, now, places = ctx.rng, ctx.now, ctx.places
    n = len(situation)
    pick = places.event_start[situation] + (rng.random(n) * places.event_count[situation]).astype(np.int64)
    has_event = rng.random(n) >= 0.04
    event_id = np.where(has_event, places.event_id[pick], 0)
    seen = np.where(has_event, places.event_held[pick], places.notified[situation] + days(3))
    seen = np.minimum(seen + days(rng.integers(0, 4, n)), ctx.today64)
    created_at = seen.astype("datetime64[us]") + seconds(rng.uniform(8.5 * 3600, 17.5 * 3600, n))
    created_at = np.minimum(created_at, now - seconds(rng.uniform(3600, 7200, n)))
    return event_id, has_event, seen, created_at


def _homes(ctx: Context, situation: np.ndarray) -> np.ndarray:
    """Where they live: their situation's area, or (four in ten) elsewhere in its region by working-age population."""
    rng, areas = ctx.rng, ctx.areas
    area_weight = np.array([a.working_age_population or 1 for a in areas], dtype=np.float64)
    regions = np.array([a.region for a in areas], dtype=object)
    home = ctx.places.area[situation].copy()
    moved = rng.random(len(situation)) < 0.4
    for region in np.unique(regions):
        in_region = regions == region
        mask = moved & in_region[home]
        if mask.any():
            home[mask] = weighted(rng, np.where(in_region, area_weight, 0.0), mask.sum())
    return home


def _staff(ctx: Context, team: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A named adviser from their team, who also registered them, and the team's lead."""
    adviser = np.zeros(len(team), dtype=np.int64)
    lead = np.zeros(len(team), dtype=np.int64)
    for t, spec in enumerate(ctx.teams):
        mask = team == t
        adviser[mask] = np.asarray(spec.advisers)[ctx.rng.integers(0, len(spec.advisers), mask.sum())]
        lead[mask] = spec.lead
    return adviser, lead


def person_rows(ctx: Context, people: People, outcomes: "Outcomes", summary: list[list]) -> list[tuple]:
    """The rows, in PERSON_COLUMNS' order; `summary` is the caseload summary's columns, `outcomes`
    outcomes.py's (the found-work date, the leaving date and the outcome summary)."""
    n = people.n
    created_text = datetimes(people.created_at, ctx.postgres)
    blank = [""] * n
    o = outcomes
    return list(
        zip(
            people.id.tolist(), people.refs, ctx.team_pk[people.team].tolist(),
            ctx.places.situation_id[people.situation].tolist(), null_if(people.event_id.tolist(), people.has_event.tolist()),
            people.given.tolist(), people.family.tolist(), _keys(people.given), _keys(people.family),
            dates(people.dob), ctx.area_pk[people.home].tolist(),
            blank, blank, blank, blank, people.sex.tolist(), [True] * n, [settings.PRIVACY_NOTICE_VERSION] * n,
            created_text, people.adviser.tolist(), created_text, null_if(people.adviser.tolist(), people.assigned.tolist()),
            _isos(o.found_work_on), _isos(o.leaving), o.label, _isos(o.label_on), o.next_months, _isos(o.next_on),
            *summary,
            strict=True,
        )
    )  # fmt: skip


def _isos(values: list) -> list[str | None]:
    return [None if v is None else v.isoformat() for v in values]


def _keys(names: np.ndarray) -> list[str]:
    """Each name's search key (as services.people.person_name_keys_set sets it), worked out once per name."""
    keys = {name: name_key(name)[:NAME_KEY_LENGTH] for name in set(names.tolist())}
    return [keys[name] for name in names.tolist()]


def new_refs(rng: np.random.Generator, n: int, taken: np.ndarray) -> list[str]:
    """n references P-XXXXXX, unique among themselves and not in `taken` (as integers), in random order."""
    chosen = np.empty(0, dtype=np.int64)
    while len(chosen) < n:
        draw = rng.integers(0, _REF_SPACE, size=int((n - len(chosen)) * 1.01) + 16, dtype=np.int64)
        chosen = np.unique(np.concatenate([chosen, draw]))
        chosen = chosen[~np.isin(chosen, taken)]
    return _encode_refs(rng.permutation(chosen)[:n])


def decode_refs(refs: Sequence[str]) -> np.ndarray:
    if not refs:
        return np.empty(0, dtype=np.int64)
    lookup = np.zeros(256, dtype=np.int64)
    lookup[_ALPHABET] = np.arange(len(_ALPHABET))
    raw = np.asarray(refs, dtype="S8").view(np.uint8).reshape(-1, 8)[:, 2:]
    return lookup[raw] @ (len(REF_ALPHABET) ** np.arange(5, -1, -1, dtype=np.int64))


def _encode_refs(values: np.ndarray) -> list[str]:
    out = np.empty((len(values), 8), dtype=np.uint8)
    out[:, 0], out[:, 1] = ord("P"), ord("-")
    rest = values.copy()
    for position in range(7, 1, -1):
        out[:, position] = _ALPHABET[rest % len(REF_ALPHABET)]
        rest //= len(REF_ALPHABET)
    return out.view("S8").ravel().astype("U8").tolist()
