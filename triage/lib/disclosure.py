"""Small-cell suppression: primary and secondary, checked by linear programming.

A released table publishes counts and the totals that tie them together. Primary suppression
withholds every count below the threshold, 0 included (a published 0 says "nobody here", and a
hidden 0 that can be worked out says the same). Secondary suppression then withholds more until
no withheld figure can be worked out from what is published: not exactly, and not to within a band
narrower than the threshold either. "Worked out" means anything a reader can do with the
published figures, the totals shown beside them and the fact that counts are whole numbers of at
least 0; `feasible_ranges` is that reader, an independent audit: for every withheld figure, the
least and the greatest value consistent with everything published, by linear programming.

The general form is a set of entries (named by any hashable key) and `Sum`s among them, each
saying that one entry (a total) is the sum of others (its parts). An entry can also be `hidden`:
never published, but part of the structure (a total the page does not show, or a count that is
the difference of two shown ones); a hidden count below the threshold is protected like any
withheld one. `suppress` works on that form; `suppress_table` (a two-way table with its margins)
and `suppress_counts` (one column with its total) are built on it.

The guarantee is for a release that says only "withheld". Saying why (`Reason`) tells a reader
more: "fewer than 10" bounds a primary cell to 0–9, and a figure withheld "to protect another" is
10 or more; a page that labels its withheld figures that way should audit with those bounds too.

Plain Python, numpy and scipy: no Django, nothing else from triage.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar, overload

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp  # type: ignore[import-untyped]  # no scipy-stubs

K = TypeVar("K", bound=Hashable)

Range = tuple[int, float]  # (least, greatest) value consistent with the release; greatest may be inf
TableKey = tuple[int | None, int | None]  # (row, column); None for a margin: (i, None) is row i's total
CountKey = int | None  # the index of a count; None for the total

_TOLERANCE = 1e-6


class Reason(StrEnum):
    PRIMARY = "primary"  # below the threshold
    SECONDARY = "secondary"  # withheld so that another figure cannot be worked out


@dataclass(frozen=True)
class Sum(Generic[K]):
    """`total` is the sum of `parts`."""

    total: K
    parts: tuple[K, ...]

    @property
    def entries(self) -> tuple[K, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Release(Generic[K]):
    """What is published: every entry's value or None (withheld), and the structure tying them."""

    threshold: int
    published: Mapping[K, int | None]  # every entry that is shown or withheld; None: withheld
    reasons: Mapping[K, Reason]  # the withheld entries, each with why
    sums: tuple[Sum[K], ...]
    hidden: frozenset[K]  # entries never shown, related to the others by `sums`
    # Withheld or hidden counts pinned to a band narrower than the threshold whatever else is
    # withheld: by entries published regardless (`fixed`), or by the structure (a sum of nothing).
    unprotectable: frozenset[K] = frozenset()

    def reason(self, key: K) -> Reason | None:
        return self.reasons.get(key)


@dataclass(frozen=True)
class SuppressedTable:
    """A two-way table and its margins as released. None: withheld, or a margin not published."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...] | None  # None when row totals are not published
    column_totals: tuple[int | None, ...] | None
    grand_total: int | None
    release: Release[TableKey]

    def reason(self, row: int | None, column: int | None) -> Reason | None:
        """Why a figure is withheld (None if shown): cell (i, j), row total (i, None), column total
        (None, j), grand total (None, None)."""
        return self.release.reason((row, column))


@dataclass(frozen=True)
class SuppressedCounts:
    """One column of counts and its total as released. None: withheld, or a total not published."""

    counts: tuple[int | None, ...]
    total: int | None
    release: Release[CountKey]

    def reason(self, index: int | None) -> Reason | None:
        """Why a figure is withheld (None if shown): count `index`, or the total (None)."""
        return self.release.reason(index)


def suppress_table(
    cells: Sequence[Sequence[int]],
    *,
    threshold: int,
    row_totals: bool = True,
    column_totals: bool = True,
    grand_total: bool = True,
) -> SuppressedTable:
    """Suppress a table of counts released with its row totals, column totals and grand total (each
    published or not); a margin not published is still a count, kept in the structure (hidden)."""
    n_rows = len(cells)
    n_columns = len(cells[0]) if cells else 0
    if any(len(row) != n_columns for row in cells):
        raise ValueError("every row of the table needs the same number of cells")
    values: dict[TableKey, int] = {}
    for i, row in enumerate(cells):
        for j, n in enumerate(row):
            values[(i, j)] = n
    for i, row in enumerate(cells):
        values[(i, None)] = sum(row)
    for j in range(n_columns):
        values[(None, j)] = sum(row[j] for row in cells)
    values[(None, None)] = sum(sum(row) for row in cells)
    sums = [Sum[TableKey]((i, None), tuple((i, j) for j in range(n_columns))) for i in range(n_rows)]
    sums += [Sum[TableKey]((None, j), tuple((i, j) for i in range(n_rows))) for j in range(n_columns)]
    sums.append(Sum[TableKey]((None, None), tuple((i, None) for i in range(n_rows))))
    sums.append(Sum[TableKey]((None, None), tuple((None, j) for j in range(n_columns))))
    hidden: set[TableKey] = set()
    if not row_totals:
        hidden.update((i, None) for i in range(n_rows))
    if not column_totals:
        hidden.update((None, j) for j in range(n_columns))
    if not grand_total:
        hidden.add((None, None))
    release = suppress(values, sums, threshold=threshold, hidden=hidden)
    shown = release.published
    return SuppressedTable(
        cells=tuple(tuple(shown[(i, j)] for j in range(n_columns)) for i in range(n_rows)),
        row_totals=tuple(shown[(i, None)] for i in range(n_rows)) if row_totals else None,
        column_totals=tuple(shown[(None, j)] for j in range(n_columns)) if column_totals else None,
        grand_total=shown[(None, None)] if grand_total else None,
        release=release,
    )


def suppress_counts(counts: Sequence[int], *, threshold: int, total: bool = True) -> SuppressedCounts:
    """Suppress one column of counts released with its total (or without it: the total is then
    hidden, and only primary suppression can apply)."""
    values: dict[CountKey, int] = dict(enumerate(counts))
    values[None] = sum(counts)
    release = suppress(
        values, [Sum[CountKey](None, tuple(range(len(counts))))], threshold=threshold, hidden=() if total else [None]
    )
    return SuppressedCounts(
        counts=tuple(release.published[i] for i in range(len(counts))),
        total=release.published[None] if total else None,
        release=release,
    )


def suppress(
    values: Mapping[K, int],
    sums: Iterable[Sum[K]],
    *,
    threshold: int,
    hidden: Collection[K] = (),
    fixed: Collection[K] = (),
) -> Release[K]:
    """Primary and secondary suppression of `values` (every entry's true count, hidden ones too).

    Primary: every entry below `threshold` (0 included), unless `fixed` (published whatever it is).
    Secondary, one entry at a time, until every withheld entry, and every hidden one below the
    threshold, can only be placed within a range at least `threshold` wide (greatest − least):
    1. cheap rules on each sum ("line"): no line may have exactly one hidden entry, and the hidden
       parts of a line whose total is shown must add up to at least the threshold;
    2. then the exact check (`feasible_ranges`' linear programmes) on each entry still to protect.
    The entry withheld next is, among the published entries of a line of the failing one (or, if
    none, of the lines reaching it through withheld entries), the smallest; parts before totals,
    then the order of `values`. It always ends: at worst everything not fixed is withheld. An entry
    that fixed entries pin regardless ends in `unprotectable`.
    """
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    sums = tuple(sums)
    hidden_set, fixed_set = frozenset(hidden), frozenset(fixed)
    _check(values, sums, hidden_set, fixed_set)
    order = {key: i for i, key in enumerate(values)}
    totals = {s.total for s in sums if len(s.parts) > 1}  # margins; a one-part sum is an equality
    lines_of: dict[K, list[Sum[K]]] = {key: [] for key in values}
    for s in sums:
        for key in dict.fromkeys(s.entries):
            lines_of[key].append(s)
    withheld: dict[K, Reason] = {
        key: Reason.PRIMARY
        for key, n in values.items()
        if n < threshold and key not in hidden_set and key not in fixed_set
    }

    def concealed(key: K) -> bool:
        return key in withheld or key in hidden_set

    def protected(key: K) -> bool:
        return key in withheld or (key in hidden_set and values[key] < threshold)

    def smallest(keys: Iterable[K], line_total: K | None = None) -> K | None:
        open_ = [key for key in dict.fromkeys(keys) if not concealed(key) and key not in fixed_set]
        if not open_:
            return None
        return min(open_, key=lambda key: (key == line_total, key in totals, values[key], order[key]))

    def line_needing_more() -> K | None:
        for s in sums:
            entries = tuple(dict.fromkeys(s.entries))
            concealed_entries = [key for key in entries if concealed(key)]
            if not any(protected(key) for key in concealed_entries):
                continue
            lone = len(concealed_entries) == 1
            short = not concealed(s.total) and sum(values[key] for key in concealed_entries) < threshold
            if lone or short:
                pick = smallest(entries, s.total)
                if pick is not None:
                    return pick
        return None

    passed: set[K] = set()
    unprotectable: set[K] = set()
    seen_low: dict[K, float] = {key: float(n) for key, n in values.items()}  # values of feasible points found
    seen_high: dict[K, float] = dict(seen_low)
    while True:
        pick = line_needing_more()
        if pick is not None:
            withheld[pick] = Reason.SECONDARY
            continue
        published = {key: (None if concealed(key) else n) for key, n in values.items()}
        system = _System[K](published, sums)
        pending = [key for key in values if protected(key) and key not in passed and key not in unprotectable]
        caps = {key: values[key] + threshold for key in pending}
        for _ in range(4):  # a few rounds of points far apart, while they settle more entries
            pending = [key for key in pending if seen_high[key] - seen_low[key] < threshold]
            before = len(pending)
            system.spread(pending, caps, seen_low, seen_high)
            if sum(seen_high[key] - seen_low[key] < threshold for key in pending) == before:
                break
        failing = None
        for key in values:
            if not protected(key) or key in passed or key in unprotectable:
                continue
            if seen_high[key] - seen_low[key] >= threshold or system.wide_enough(key, threshold, seen_low, seen_high):
                passed.add(key)
            else:
                failing = key
                break
        if failing is None:
            break
        pick = smallest(key for s in lines_of[failing] for key in s.entries)
        if pick is None:
            pick = smallest(key for s in system.lines_reaching(failing) for key in s.entries)
        if pick is None:
            unprotectable.add(failing)
        else:
            withheld[pick] = Reason.SECONDARY
    return Release(
        threshold=threshold,
        published={key: (None if key in withheld else n) for key, n in values.items() if key not in hidden_set},
        reasons={key: withheld[key] for key in values if key in withheld},
        sums=sums,
        hidden=hidden_set,
        unprotectable=frozenset(unprotectable),
    )


@overload
def feasible_ranges(published: SuppressedTable) -> dict[TableKey, Range]: ...
@overload
def feasible_ranges(published: SuppressedCounts) -> dict[CountKey, Range]: ...
@overload
def feasible_ranges(published: Release[K]) -> dict[K, Range]: ...
def feasible_ranges(
    published: SuppressedTable | SuppressedCounts | Release[K],
) -> dict[TableKey, Range] | dict[CountKey, Range] | dict[K, Range]:
    """The independent audit: for every withheld or hidden entry, the least and greatest value
    consistent with the published figures, the sums and non-negativity (greatest inf if unbounded).

    It reads nothing but what a reader has: the published values and the release's structure.
    """
    if isinstance(published, SuppressedTable | SuppressedCounts):
        return feasible_ranges(published.release)
    values: dict[K, int | None] = dict(published.published)
    values.update(dict.fromkeys(published.hidden))
    system = _System[K](values, published.sums)
    return {key: system.range(key) for key, n in values.items() if n is None}


def _check(values: Mapping[K, int], sums: tuple[Sum[K], ...], hidden: frozenset[K], fixed: frozenset[K]) -> None:
    for key, n in values.items():
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"{key!r}: counts are whole numbers of at least 0, not {n!r}")
    for s in sums:
        missing = [key for key in s.entries if key not in values]
        if missing:
            raise ValueError(f"a sum names entries without a value: {missing!r}")
        if values[s.total] != sum(values[key] for key in s.parts):
            raise ValueError(f"{s.total!r} is not the sum of its parts: the figures do not add up")
    if hidden & fixed:
        raise ValueError("an entry cannot be both hidden and fixed")


class _System(Generic[K]):
    """The equations a reader can write: each sum, with published entries as constants and the
    others (withheld or hidden) as unknowns of at least 0, split into independent components.

    A two-way table with its margins gives a totally unimodular constraint matrix (every unknown
    appears in at most two equations, row sums and column sums on opposite sides), so its linear
    programmes have whole-number optima: the LP bounds are the integer bounds. Other structures
    (the dashboard's page, with hidden differences) may not be; an LP optimum that is not a whole
    number is therefore solved again as an integer programme, so the ranges are always exact.
    """

    def __init__(self, published: Mapping[K, int | None], sums: tuple[Sum[K], ...]) -> None:
        self.unknowns: dict[K, int] = {key: i for i, key in enumerate(k for k, n in published.items() if n is None)}
        self.sums = sums
        rows: list[tuple[dict[int, float], float]] = []
        lines_of: dict[int, list[int]] = {i: [] for i in self.unknowns.values()}
        for s in sums:
            coefficients: dict[int, float] = {}
            constant = 0.0
            for key, sign in ((s.total, 1.0), *((part, -1.0) for part in s.parts)):
                n = published[key]
                if n is None:
                    index = self.unknowns[key]
                    coefficients[index] = coefficients.get(index, 0.0) + sign
                else:
                    constant -= sign * n
            coefficients = {i: c for i, c in coefficients.items() if c}
            if coefficients:
                for i in coefficients:
                    lines_of[i].append(len(rows))
                rows.append((coefficients, constant))
            elif abs(constant) > _TOLERANCE:
                raise ValueError(f"the published figures do not add up: {s.total!r}")
        self.rows = rows
        # Components: unknowns linked by an equation; each programme only needs its own.
        parent = list(range(len(self.unknowns)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for coefficients, _ in rows:
            first, *rest = coefficients
            for i in rest:
                parent[find(i)] = find(first)
        self.component: dict[int, list[int]] = {}
        for i in range(len(parent)):
            self.component.setdefault(find(i), []).append(i)
        self.root = find
        self.lines_of = lines_of
        self.keys = list(self.unknowns)
        self._programmes: dict[int, tuple[list[int], np.ndarray, np.ndarray]] = {}

    def _programme(self, index: int) -> tuple[list[int], np.ndarray, np.ndarray]:
        root = self.root(index)
        if root not in self._programmes:
            members = self.component[root]
            column = {i: c for c, i in enumerate(members)}
            row_ids = sorted({r for i in members for r in self.lines_of[i]})
            a = np.zeros((len(row_ids), len(members)))
            b = np.zeros(len(row_ids))
            for r, row_id in enumerate(row_ids):
                coefficients, constant = self.rows[row_id]
                for i, c in coefficients.items():
                    a[r, column[i]] = c
                b[r] = constant
            self._programmes[root] = (members, a, b)
        return self._programmes[root]

    def _extreme(self, key: K, sign: float) -> tuple[float, dict[K, float] | None]:
        """The least (sign 1) or greatest (sign -1) value of `key`, and a whole-number point attaining it."""
        index = self.unknowns[key]
        members, a, b = self._programme(index)
        c = np.zeros(len(members))
        c[members.index(index)] = sign
        if not len(b):  # in no equation: anything from 0 up
            return (0.0 if sign > 0 else math.inf), None
        result = linprog(c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        if result.status == 3:
            return math.inf, None
        if result.status != 0:
            raise ValueError(f"the published figures admit no solution ({result.message})")
        x = result.x
        if not np.allclose(x, np.round(x), atol=_TOLERANCE):
            result = milp(
                c,
                constraints=LinearConstraint(a, b, b),
                integrality=np.ones(len(members)),
                bounds=Bounds(0, np.inf),
            )
            if result.status != 0:
                raise ValueError(f"the published figures admit no whole-number solution ({result.message})")
            x = result.x
        point = {self.keys[i]: float(round(x[position])) for position, i in enumerate(members)}
        return point[key], point

    def spread(
        self, keys: Sequence[K], caps: Mapping[K, float], seen_low: dict[K, float], seen_high: dict[K, float]
    ) -> None:
        """Points far apart for many `keys` at once: in each component, the least and the greatest
        sum of its `keys` (each capped, so the sum is bounded). The optimum is a vertex, which puts
        most unknowns at one end of their ranges; every whole-number point found is a witness."""
        by_root: dict[int, list[int]] = {}
        for key in keys:
            index = self.unknowns[key]
            by_root.setdefault(self.root(index), []).append(index)
        for indexes in by_root.values():
            members, a, b = self._programme(indexes[0])
            if not len(b):
                continue
            position = {i: p for p, i in enumerate(members)}
            upper = np.full(len(members), np.inf)
            for i in indexes:
                upper[position[i]] = caps[self.keys[i]]
            for sign in (-1.0, 1.0):
                c = np.zeros(len(members))
                for i in indexes:
                    c[position[i]] = sign
                result = linprog(
                    c, A_eq=a, b_eq=b, bounds=list(zip(np.zeros(len(members)), upper, strict=True)), method="highs"
                )
                if result.status == 0 and np.allclose(result.x, np.round(result.x), atol=_TOLERANCE):
                    for p, i in enumerate(members):
                        v = float(round(result.x[p]))
                        other = self.keys[i]
                        seen_low[other] = min(seen_low[other], v)
                        seen_high[other] = max(seen_high[other], v)

    def range(self, key: K) -> Range:
        low, _ = self._extreme(key, 1.0)
        high, _ = self._extreme(key, -1.0)
        return int(low), high

    def wide_enough(self, key: K, threshold: int, seen_low: dict[K, float], seen_high: dict[K, float]) -> bool:
        """Whether `key` ranges at least `threshold` wide; every point found widens what is known of
        the others (the true values are a point too), so most entries need no programme of their own."""
        for sign in (-1.0, 1.0):
            value, point = self._extreme(key, sign)
            if point is not None:
                for other, v in point.items():
                    seen_low[other] = min(seen_low[other], v)
                    seen_high[other] = max(seen_high[other], v)
            if value == math.inf or seen_high[key] - seen_low[key] >= threshold:
                return True
        return False

    def lines_reaching(self, key: K) -> list[Sum[K]]:
        """The sums holding any unknown linked to `key` through equations of unknowns."""
        members = {self.keys[i] for i in self.component[self.root(self.unknowns[key])]}
        return [s for s in self.sums if any(entry in members for entry in s.entries)]


__all__ = [
    "CountKey",
    "Range",
    "Reason",
    "Release",
    "Sum",
    "SuppressedCounts",
    "SuppressedTable",
    "TableKey",
    "feasible_ranges",
    "suppress",
    "suppress_counts",
    "suppress_table",
]
