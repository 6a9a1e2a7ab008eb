"""Cohorts of released rows, kept compactly, and the differencing rule between two of them.

Two anonymised exports that are each k-anonymous can still, set against each other, isolate the few
rows one holds and the other does not: two periods ending a day apart leave the people assessed on
that day; "everyone" against "everyone but one redundancy" leaves that redundancy's people, and the
PACE ID links them across the files. `too_close` is the rule the export keeps (decision 0024): a new
cohort and any earlier one are either the same or differ, on each side, by at least k rows.

A cohort is the sorted assessment ids behind an export, `pack`ed as zlib-compressed deltas (ids
are dense, so a million of them take a few kilobytes), with a SHA-256 `digest` to tell equal ones
apart without unpacking. Plain Python and numpy, no Django.
"""

import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Ids = npt.NDArray[np.int64]


def as_ids(ids: Iterable[int]) -> Ids:
    """The ids, sorted and each once (read in id order, as the export reads them, they already are)."""
    found = np.fromiter(ids, dtype=np.int64)
    if found.size > 1 and not bool((found[1:] > found[:-1]).all()):
        found = np.unique(found)
    return found


def pack(ids: Ids) -> bytes:
    """Sorted unique ids as bytes: the first id, then the gaps, little-endian int64, compressed."""
    gaps = np.diff(ids, prepend=np.int64(0)).astype("<i8")
    return zlib.compress(gaps.tobytes(), 6)


def unpack(blob: bytes) -> Ids:
    if not blob:
        return np.empty(0, dtype=np.int64)
    gaps = np.frombuffer(zlib.decompress(blob), dtype="<i8")
    return np.cumsum(gaps, dtype=np.int64)


def digest(ids: Ids) -> str:
    return hashlib.sha256(ids.astype("<i8").tobytes()).hexdigest()


@dataclass(frozen=True, slots=True)
class Difference:
    only_new: int  # rows in the new cohort and not the earlier one
    only_earlier: int  # rows in the earlier cohort and not the new one


def difference(new: Ids, earlier: Ids) -> Difference:
    both = np.intersect1d(new, earlier, assume_unique=True).size
    return Difference(only_new=int(new.size - both), only_earlier=int(earlier.size - both))


def too_close(diff: Difference, *, k: int) -> bool:
    """True when either side of the difference holds between 1 and k-1 rows: setting the two
    cohorts against each other would isolate fewer than k people. Each side counts on its own
    (not their sum): three rows gained and three lost still isolate three people twice."""
    return 0 < diff.only_new < k or 0 < diff.only_earlier < k
