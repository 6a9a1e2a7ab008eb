"""Teams, synthetic staff, redundancy situations and their events: few rows, written once per run."""

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.contrib.auth.models import Group
from django.utils import timezone

from triage.access import Role
from triage.devtools.volume.load import insert, next_id
from triage.devtools.volume.names import EMPLOYER_FIRST, EMPLOYER_SECOND, FAMILY, GIVEN, SECTOR_WEIGHTS, SUFFIXES
from triage.devtools.volume.values import days, weighted
from triage.models import CouncilArea, Event, RedundancySituation, Team, User


@dataclass
class TeamSpec:
    team_id: int
    name: str
    region: str
    advisers: list[int]
    lead: int


@dataclass
class Places:
    team: np.ndarray  # per situation: team index
    situation_id: np.ndarray
    area: np.ndarray  # per situation: area index
    notified: np.ndarray  # per situation: datetime64[D]
    event_start: np.ndarray  # per situation: index of its first event
    event_count: np.ndarray
    event_id: np.ndarray  # per event
    event_held: np.ndarray  # per event: datetime64[D]


def team_specs(requested: int | None, today: date, *, names: list[str] | None = None) -> list[TeamSpec]:
    """The first `requested` teams (all by default), with synthetic teams added when there are too few;
    or, with `names`, those teams (made if missing, in regions in turn).

    An empty database gets the demo data first. A team without advisers or a team lead gets
    synthetic ones.
    """
    regions = sorted(set(CouncilArea.objects.values_list("region", flat=True)))
    if names:
        teams = [
            Team.objects.get_or_create(name=name, defaults={"region": regions[i % len(regions)]})[0]
            for i, name in enumerate(names)
        ]
        return [_spec(team) for team in teams]
    existing = list(Team.objects.order_by("pk"))
    if not existing:
        from triage.devtools.demo import load_demo_data

        load_demo_data(today=today, evaluation_people=0)
        existing = list(Team.objects.order_by("pk"))
    wanted = requested or len(existing)
    teams = existing[:wanted]
    number = 0
    while len(teams) < wanted:
        number += 1
        team, _ = Team.objects.get_or_create(
            name=f"PACE Synthetic Team {number:02d}", defaults={"region": regions[(number - 1) % len(regions)]}
        )
        if team not in teams:
            teams.append(team)
    return [_spec(team) for team in teams]


def _spec(team: Team) -> TeamSpec:
    adviser_group = Group.objects.get(name=Role.ADVISER)
    lead_group = Group.objects.get(name=Role.TEAM_LEAD)
    members = User.objects.filter(team=team, is_active=True).order_by("pk")
    advisers = list(members.filter(groups=adviser_group).values_list("pk", flat=True))
    leads = list(members.filter(groups=lead_group).values_list("pk", flat=True))
    if not advisers:
        advisers = [_synthetic_user(team, f"adviser{i}", adviser_group, i) for i in range(1, 7)]
    if not leads:
        leads = [_synthetic_user(team, "lead", lead_group, 0)]
    return TeamSpec(team.pk, team.name, team.region, advisers, leads[0])


def _synthetic_user(team: Team, suffix: str, group: Group, number: int) -> int:
    user, created = User.objects.get_or_create(
        username=f"synthetic_t{team.pk}_{suffix}",
        defaults={
            "team": team,
            "first_name": GIVEN[(team.pk * 11 + number * 7) % len(GIVEN)],
            "last_name": FAMILY[(team.pk * 5 + number * 13) % len(FAMILY)],
        },
    )
    if created:
        user.set_unusable_password()  # synthetic staff never sign in
        user.save(update_fields=["password"])
    user.groups.add(group)
    return user.pk


def write_places(
    rng,
    teams: list[TeamSpec],
    areas: list[CouncilArea],
    people_counts,
    team_of,
    today,
    *,
    notified_days: tuple[int, int] = (7, 730),
) -> Places:
    """Redundancy situations (in their team's region where it has council areas), notified between
    `notified_days` days ago, and one to three events each."""
    today64 = np.datetime64(today, "D")
    situation_id, area, notified, employers = _situations(
        rng, teams, areas, people_counts, team_of, today64, notified_days
    )
    event_start, count, event_id, held = _events(rng, areas, situation_id, area, notified, employers, today64)
    return Places(team_of, situation_id, area, notified, event_start, count, event_id, held)


def _situations(rng, teams, areas, people_counts, team_of, today64, notified_days):
    n = len(team_of)
    area_weight = np.array([a.working_age_population or 1 for a in areas], dtype=np.float64)
    area_region = np.array([a.region for a in areas], dtype=object)
    area = np.empty(n, dtype=np.int64)
    for t, spec in enumerate(teams):
        mask = team_of == t
        in_region = area_region == spec.region
        area[mask] = weighted(
            rng, np.where(in_region, area_weight, 0.0) if in_region.any() else area_weight, mask.sum()
        )
    sectors = list(SECTOR_WEIGHTS)
    sector = weighted(rng, list(SECTOR_WEIGHTS.values()), n)
    notified = today64 - days(rng.integers(*notified_days, n))
    affected = np.maximum(1, people_counts + rng.integers(0, np.maximum(1, people_counts // 3) + 1))
    first = rng.integers(0, len(EMPLOYER_FIRST), n)
    suffix = rng.integers(0, len(SUFFIXES), n)
    second = rng.random(n)
    first_id = next_id(RedundancySituation)
    situation_id = np.arange(first_id, first_id + n)
    now = timezone.now()
    employers = []
    for i in range(n):
        names = EMPLOYER_SECOND[sectors[sector[i]]]
        employers.append(f"{EMPLOYER_FIRST[first[i]]} {names[int(second[i] * len(names))]} {SUFFIXES[suffix[i]]}")
    insert(
        RedundancySituation,
        ["id", "team", "employer", "sector", "council_area", "notified_date", "number_affected", "created_at"],
        [
            (
                int(situation_id[i]),
                teams[team_of[i]].team_id,
                f"{employers[i]} (fictional)",
                sectors[sector[i]],
                areas[area[i]].pk,
                str(notified[i]),
                int(affected[i]),
                now,
            )
            for i in range(n)
        ],
    )
    return situation_id, area, notified, employers


def _events(rng, areas, situation_id, area, notified, employers, today64):
    n = len(situation_id)
    count = 1 + (rng.random(n) < 0.5) + (rng.random(n) < 0.2)
    event_start = np.concatenate([[0], np.cumsum(count)[:-1]])
    owner = np.repeat(np.arange(n), count)
    nth = np.arange(len(owner)) - event_start[owner]
    after = np.where(nth == 0, rng.integers(2, 21, len(owner)), rng.integers(7, 90, len(owner)))
    held = np.minimum(notified[owner] + days(after), today64)
    kind = np.where(nth == 0, "on_site", np.where(rng.random(len(owner)) < 0.5, "drop_in", "one_to_one"))
    first_id = next_id(Event)
    event_id = np.arange(first_id, first_id + len(owner))
    where = {
        "on_site": lambda s: f"{employers[s]}, staff canteen",
        "drop_in": lambda s: f"PACE drop-in, {areas[area[s]].name} library",
        "one_to_one": lambda s: f"Jobcentre, {areas[area[s]].name}",
    }
    insert(
        Event,
        ["id", "situation", "kind", "held_on", "location"],
        [
            (int(event_id[j]), int(situation_id[owner[j]]), str(kind[j]), str(held[j]), where[kind[j]](owner[j]))
            for j in range(len(owner))
        ],
    )
    return event_start, count, event_id, held
