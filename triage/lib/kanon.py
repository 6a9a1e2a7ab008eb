"""k-anonymity over quasi-identifiers: generalise along a ladder, then suppress what is still rare.

A table is k-anonymous over its quasi-identifiers (here age band, sex, council area, sector,
month) when every combination of their values that occurs at all occurs in at least k rows: no
row can be singled out by someone who knows those few facts about a person.

`plan()` sees only the quasi-identifier tuple of each row. It climbs a ladder of generalisation
steps (each coarsens one column: month to quarter, council area to region, age bands widened,
days-to-work bands widened), one step at a time, and stops at the first level where the rows still in groups smaller than k are at
most `max_suppressed_share` of the table (or when the ladder runs out). Those rows are then
suppressed (left out). The `Plan` says what was done and what it cost, and applies itself to a
row's key, so the caller can stream the rows a second time and write them. Plain Python, no Django.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """One rung of the ladder: coarsen the quasi-identifier at `position` with `generalise`."""

    name: str  # e.g. "month to quarter"
    position: int
    generalise: Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Plan:
    k: int
    steps: tuple[Step, ...]  # the steps applied, in order
    suppressed_keys: frozenset[Key]
    rows_in: int
    rows_suppressed: int
    k_achieved: int | None  # the smallest group among the rows kept; None when nothing is kept
    ladder_exhausted: bool = field(default=False)

    @property
    def rows_out(self) -> int:
        return self.rows_in - self.rows_suppressed

    def generalised(self, key: Key) -> Key:
        """The key as it is written: every applied step's generalisation, in order."""
        return _apply(key, self.steps)

    def keeps(self, generalised_key: Key) -> bool:
        return generalised_key not in self.suppressed_keys

    def summary(self) -> str:
        """What was done, in plain words, for the export's summary."""
        done = ", ".join(step.name for step in self.steps) if self.steps else "no generalisation needed"
        share = f" ({self.rows_suppressed / self.rows_in:.1%} of {self.rows_in})" if self.rows_in else ""
        achieved = f"smallest group {self.k_achieved}" if self.k_achieved is not None else "no rows kept"
        return f"k-anonymity with k = {self.k}: {done}; {self.rows_suppressed} rows suppressed{share}; {achieved}."


def _apply(key: Key, steps: Iterable[Step]) -> Key:
    values = list(key)
    for step in steps:
        values[step.position] = step.generalise(values[step.position])
    return tuple(values)


def group_sizes(keys: Iterable[Key]) -> Counter[Key]:
    return Counter(keys)


def plan(
    keys: Sequence[Key],
    *,
    k: int,
    ladder: Sequence[Step],
    max_suppressed_share: float = 0.05,
) -> Plan:
    """The least generalisation (a prefix of `ladder`) after which suppressing the rows in groups
    smaller than k costs at most `max_suppressed_share` of the rows; the whole ladder otherwise."""
    if k < 1:
        raise ValueError("k is at least 1")
    if not 0 <= max_suppressed_share <= 1:
        raise ValueError("max_suppressed_share is between 0 and 1")
    rows_in = len(keys)
    counts: Counter[Key] = Counter(keys)
    level = 0
    while True:
        rare = {key: n for key, n in counts.items() if n < k}
        cost = sum(rare.values())
        exhausted = level == len(ladder)
        if cost <= max_suppressed_share * rows_in or exhausted:
            kept = [n for key, n in counts.items() if key not in rare]
            return Plan(
                k=k,
                steps=tuple(ladder[:level]),
                suppressed_keys=frozenset(rare),
                rows_in=rows_in,
                rows_suppressed=cost,
                k_achieved=min(kept) if kept else None,
                ladder_exhausted=exhausted and cost > max_suppressed_share * rows_in,
            )
        step = ladder[level]
        coarser: Counter[Key] = Counter()
        for key, n in counts.items():
            coarser[_apply(key, (step,))] += n
        counts = coarser
        level += 1


def mapping_step(name: str, position: int, mapping: Mapping[str, str]) -> Step:
    """A step that maps values through a table; a value not in the table is kept as it is."""
    table = dict(mapping)
    return Step(name, position, lambda value: table.get(value, value))
