"""PACE IDs for clusters: each new run's clusters mapped onto the registry of earlier runs by
overlap, so that the same person keeps the same PACE ID (Splink's cluster ids are not stable).

- A cluster takes the PACE ID that most of its already-registered members hold; a tie goes to the
  oldest PACE ID (the first issued).
- A cluster with no registered member gets a new PACE ID: a random token
  (`secrets.token_urlsafe(12)`), never derived from an identifier.
- Two clusters claiming the same PACE ID: the one with more members holding it keeps it (then
  the larger cluster, then the one whose members sort first); the other gets a new PACE ID, and
  the split is reported.
- A cluster whose members held several PACE IDs keeps one; the others, held by no cluster now,
  are reported as merged into it.
"""

import secrets
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

Key = Hashable  # a record's key in the registry: (source, record id), or any stable value


def new_pace_id() -> str:
    """A new PACE ID: 16 random URL-safe characters."""
    return secrets.token_urlsafe(12)


@dataclass(frozen=True)
class Split:
    """Registered members of one PACE ID now in more than one cluster."""

    pace_id: str
    kept_by: tuple[Key, ...]  # the members of the cluster that kept it
    new_pace_id: str
    moved: tuple[Key, ...]  # the members of the cluster that got a new one


@dataclass(frozen=True)
class Merge:
    """PACE IDs whose members are now in one cluster, which keeps `pace_id`."""

    pace_id: str
    absorbed: tuple[str, ...]


@dataclass(frozen=True)
class Assignment:
    pace_ids: Mapping[Key, str]  # every record key of every cluster, to its PACE ID
    issued: tuple[str, ...]  # the PACE IDs new in this run, in the order given
    splits: tuple[Split, ...]
    merges: tuple[Merge, ...]


def assign_pace_ids(
    clusters: Iterable[Iterable[Key]],
    registry: Mapping[Key, str],
    *,
    issued_order: Mapping[str, int] | None = None,
    new_id: Callable[[], str] = new_pace_id,
) -> Assignment:
    """Give every cluster (its members' record keys) a PACE ID, reusing the registry's.

    `issued_order` ranks PACE IDs by age (lower: older), for ties; without it, ties go to the
    PACE ID first in sorted order, so that the result is still deterministic."""
    groups = [tuple(sorted(set(members), key=repr)) for members in clusters]
    taken = set(registry.values())

    def age(pace_id: str) -> tuple[int, str]:
        return (issued_order.get(pace_id, 2**62) if issued_order else 0, pace_id)

    def fresh() -> str:
        while True:
            candidate = new_id()
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    held: list[Counter[str]] = [Counter(registry[key] for key in group if key in registry) for group in groups]
    claims: dict[str, list[int]] = defaultdict(list)
    for number, counts in enumerate(held):
        if counts:
            best = min(counts, key=lambda pace_id, c=counts: (-c[pace_id], age(pace_id)))  # type: ignore[misc]
            claims[best].append(number)

    chosen: dict[int, str] = {}
    splits: list[Split] = []
    issued: list[str] = []
    for pace_id in sorted(claims, key=age):
        claimants = sorted(claims[pace_id], key=lambda n: (-held[n][pace_id], -len(groups[n]), repr(groups[n][0])))
        chosen[claimants[0]] = pace_id
        for loser in claimants[1:]:
            replacement = fresh()
            issued.append(replacement)
            chosen[loser] = replacement
            splits.append(Split(pace_id, groups[claimants[0]], replacement, groups[loser]))
    for number in range(len(groups)):
        if number not in chosen:
            chosen[number] = fresh()
            issued.append(chosen[number])

    still_held = set(chosen.values())
    merges = []
    for number, counts in enumerate(held):
        absorbed = tuple(sorted((p for p in counts if p != chosen[number] and p not in still_held), key=age))
        if absorbed:
            merges.append(Merge(chosen[number], absorbed))
    pace_ids = {key: chosen[number] for number, group in enumerate(groups) for key in group}
    return Assignment(pace_ids=pace_ids, issued=tuple(issued), splits=tuple(splits), merges=tuple(merges))
