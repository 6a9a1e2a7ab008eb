"""k-anonymity: after the plan, every kept quasi-identifier combination occurs at least k times,
checked by a plain group-by written apart from the code under test."""

import random
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage.lib.kanon import Step, mapping_step, plan


def first_violation(keys, k):
    """An independent check: count every combination with a dict, return the first under k."""
    groups = defaultdict(int)
    for key in keys:
        groups[key] += 1
    for key, n in groups.items():
        if n < k:
            return key, n
    return None


MONTH_TO_QUARTER = Step("month to quarter", 1, lambda m: f"{m[:4]}-Q{(int(m[5:7]) - 1) // 3 + 1}")
AREA_TO_REGION = mapping_step("council area to region", 2, {"A1": "R1", "A2": "R1", "A3": "R2", "A4": "R2"})
AGE_WIDER = mapping_step("age bands widened", 0, {"a": "ab", "b": "ab", "c": "cd", "d": "cd"})
LADDER = (MONTH_TO_QUARTER, AREA_TO_REGION, AGE_WIDER)


def released(keys, result):
    out = []
    for key in keys:
        g = result.generalised(key)
        if result.keeps(g):
            out.append(g)
    return out


def test_common_rows_need_nothing():
    keys = [("a", "2026-01", "A1")] * 5 + [("b", "2026-02", "A2")] * 7
    result = plan(keys, k=5, ladder=LADDER)
    assert result.steps == ()
    assert result.rows_suppressed == 0
    assert result.k_achieved == 5
    assert "no generalisation needed" in result.summary()


def test_generalises_before_suppressing():
    # Each month alone holds 2 or 3 rows; their quarter holds 5.
    keys = [("a", "2026-01", "A1")] * 2 + [("a", "2026-02", "A1")] * 3
    result = plan(keys, k=5, ladder=LADDER)
    assert [s.name for s in result.steps] == ["month to quarter"]
    assert result.rows_suppressed == 0
    assert released(keys, result) == [("a", "2026-Q1", "A1")] * 5


def test_suppresses_what_the_ladder_cannot_hide():
    keys = [("a", "2026-01", "A1")] * 20 + [("c", "2026-07", "A3")]
    result = plan(keys, k=5, ladder=LADDER)
    assert result.rows_suppressed == 1
    assert result.rows_out == 20
    assert first_violation(released(keys, result), 5) is None
    assert "1 rows suppressed" in result.summary()


def test_nothing_kept_says_so():
    result = plan([("a", "2026-01", "A1")] * 3, k=5, ladder=LADDER)
    assert result.k_achieved is None
    assert result.rows_out == 0
    assert "no rows kept" in result.summary()


def test_bad_k_is_refused():
    with pytest.raises(ValueError, match="k is at least 1"):
        plan([], k=0, ladder=LADDER)


key_strategy = st.tuples(
    st.sampled_from("abcd"),
    st.sampled_from(["2026-01", "2026-02", "2026-04", "2026-11"]),
    st.sampled_from(["A1", "A2", "A3", "A4"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(key_strategy, max_size=300), st.integers(min_value=1, max_value=12), st.floats(0, 1))
def test_released_rows_are_k_anonymous(keys, k, share):
    result = plan(keys, k=k, ladder=LADDER, max_suppressed_share=share)
    out = released(keys, result)
    assert first_violation(out, k) is None
    assert len(out) == result.rows_out
    if out:
        assert result.k_achieved == min(defaultdict_counts(out).values())


def defaultdict_counts(keys):
    groups = defaultdict(int)
    for key in keys:
        groups[key] += 1
    return groups


def test_a_large_random_table():
    rng = random.Random(7)
    keys = [
        (rng.choice("abcd"), f"2026-{rng.randint(1, 12):02d}", rng.choice(["A1", "A2", "A3", "A4"]))
        for _ in range(5000)
    ]
    result = plan(keys, k=5, ladder=LADDER)
    assert first_violation(released(keys, result), 5) is None
    assert result.rows_suppressed <= 0.05 * len(keys)
