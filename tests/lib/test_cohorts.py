"""Cohorts packed compactly, and the differencing rule: each side 0 or at least k."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.lib.cohorts import Difference, as_ids, difference, digest, pack, too_close, unpack


@given(st.sets(st.integers(min_value=1, max_value=2**40)))
def test_a_cohort_packs_and_unpacks_to_itself(ids):
    cohort = as_ids(ids)
    assert unpack(pack(cohort)).tolist() == sorted(ids)


def test_a_million_dense_ids_take_a_few_kilobytes():
    cohort = as_ids(range(1, 1_000_001))
    assert len(pack(cohort)) < 50_000
    assert unpack(b"").size == 0
    assert digest(cohort) == digest(unpack(pack(cohort)))
    assert digest(cohort) != digest(cohort[1:])


def test_the_difference_counts_each_side():
    assert difference(as_ids([1, 2, 3, 9]), as_ids([2, 3, 4])) == Difference(only_new=2, only_earlier=1)
    assert difference(as_ids([]), as_ids([5])) == Difference(only_new=0, only_earlier=1)


@pytest.mark.parametrize(
    ("only_new", "only_earlier", "close"),
    [
        (0, 0, False),  # the same cohort: nothing isolated
        (5, 0, False),
        (0, 5, False),
        (4, 0, True),
        (0, 1, True),
        (3, 3, True),  # six in all, but three on each side are isolated
        (400, 2, True),  # a much larger export still isolates the two it lost
        (7, 9, False),
    ],
)
def test_too_close_is_one_to_k_minus_one_on_either_side(only_new, only_earlier, close):
    assert too_close(Difference(only_new, only_earlier), k=5) is close


def test_against_a_plain_set_difference():
    rng = np.random.default_rng(3)
    a = set(rng.integers(1, 500, 200).tolist())
    b = set(rng.integers(1, 500, 200).tolist())
    assert difference(as_ids(a), as_ids(b)) == Difference(len(a - b), len(b - a))
