"""Small-cell suppression (issue 10): primary and secondary, audited by `feasible_ranges`.

The audit is the reader: for every withheld figure, the least and greatest value consistent with
what is published. A release is safe when every withheld figure ranges at least the threshold wide.
"""

import math
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from triage.lib.disclosure import (
    Reason,
    Release,
    Sum,
    SuppressedTable,
    feasible_ranges,
    suppress,
    suppress_counts,
    suppress_table,
)


def width(low_high):
    low, high = low_high
    return high - low


def assert_safe(release, threshold=10):
    ranges = feasible_ranges(release)
    narrow = {key: r for key, r in ranges.items() if width(r) < threshold}
    assert not narrow, f"withheld figures pinned to less than {threshold} wide: {narrow}"
    return ranges


def true_values(cells):
    """Every cell and margin of a table, keyed as `suppress_table` keys them."""
    true = {(i, j): n for i, row in enumerate(cells) for j, n in enumerate(row)}
    true |= {(i, None): sum(row) for i, row in enumerate(cells)}
    true |= {(None, j): sum(column) for j, column in enumerate(zip(*cells, strict=True))}
    true[(None, None)] = sum(map(sum, cells))
    return true


def released_as(table: SuppressedTable, cells, withheld) -> Release:
    """The same table with only `withheld` withheld: another release of it, to audit."""
    true = true_values(cells)
    published = {key: (None if key in withheld else true[key]) for key in table.release.published}
    return replace(table.release, published=published, reasons=dict.fromkeys(withheld, Reason.PRIMARY))


def primary_only(table: SuppressedTable, cells, threshold=10) -> Release:
    """The same table with only its counts below the threshold withheld: what the cheap rules see."""
    return released_as(table, cells, {key for key, n in true_values(cells).items() if n < threshold})


# (1) a row, (2) a column: one small cell beside a shown total needs a second withheld.


def test_a_small_cell_in_a_row_with_its_total_shown_takes_a_second_cell_with_it():
    cells = [[3, 40, 50], [30, 40, 50], [30, 41, 52]]

    table = suppress_table(cells, threshold=10, column_totals=False, grand_total=False)

    assert table.cells[0][0] is None and table.reason(0, 0) is Reason.PRIMARY
    assert table.cells[0] == (None, None, 50)  # the smallest other cell of the row goes with it
    assert table.reason(0, 1) is Reason.SECONDARY
    assert table.cells[1:] == ((30, 40, 50), (30, 41, 52))  # and nothing else
    assert table.row_totals == (93, 120, 123)
    assert feasible_ranges(table)[(0, 0)] == (0, 43)


def test_a_small_cell_in_a_column_with_its_total_shown_takes_a_second_cell_with_it():
    cells = [[3, 30, 30], [40, 40, 41], [50, 50, 52]]

    table = suppress_table(cells, threshold=10, row_totals=False, grand_total=False)

    assert [row[0] for row in table.cells] == [None, None, 50]
    assert table.reason(1, 0) is Reason.SECONDARY
    assert table.column_totals == (93, 120, 123)
    assert feasible_ranges(table)[(0, 0)] == (0, 43)


def test_in_a_two_way_table_the_second_cell_protects_its_own_row_and_column_too():
    table = suppress_table([[3, 40, 50], [30, 40, 50], [30, 41, 52]], threshold=10)

    assert table.cells == ((None, None, 50), (None, None, 50), (30, 41, 52))
    assert (table.row_totals, table.column_totals, table.grand_total) == ((93, 120, 123), (63, 121, 152), 336)
    assert_safe(table)


def test_one_column_with_its_total():
    counts = suppress_counts([60, 31, 9, 15, 20], threshold=10)

    assert counts.counts == (60, 31, None, None, 20)
    assert counts.total == 135
    assert (counts.reason(2), counts.reason(3), counts.reason(0)) == (Reason.PRIMARY, Reason.SECONDARY, None)
    assert feasible_ranges(counts) == {2: (0, 24), 3: (0, 24)}


# (3) zeros.


def test_a_hidden_zero_alone_beside_a_shown_total_is_protected():
    """0 withheld alone: 55 − 25 − 30 gives it back as 0."""
    counts = suppress_counts([0, 25, 30], threshold=10)

    assert counts.counts == (None, None, 30)
    assert feasible_ranges(counts)[0] == (0, 25)


def test_no_zero_is_published_beside_a_single_hidden_cell():
    """A published 0 with one withheld cell in its column would make the cell the total less the rest."""
    counts = suppress_counts([0, 7, 40, 55], threshold=10)

    assert counts.counts[:2] == (None, None)  # zeros are withheld, never shown
    assert_safe(counts)
    table = suppress_table([[0, 12, 40], [7, 30, 25]], threshold=10)
    assert table.cells[0][0] is None
    assert_safe(table)


def test_two_hidden_zeros_beside_a_shown_total_are_protected():
    """0 and 0 withheld add up to 0: the total less the rest gives both."""
    counts = suppress_counts([0, 0, 40], threshold=10)

    assert counts.counts == (None, None, None)
    assert counts.total == 40
    assert feasible_ranges(counts) == {0: (0, 40), 1: (0, 40), 2: (0, 40)}


def test_a_table_of_zeros_and_one_count_hides_the_count_too():
    table = suppress_table([[0, 0], [0, 25]], threshold=10)

    assert table.cells == ((None, None), (None, None))
    assert_safe(table)


# (4) margins are counts too.


def test_a_small_row_total_is_withheld_with_its_cells():
    table = suppress_table([[3, 4, 2], [30, 40, 50], [31, 41, 52]], threshold=10)

    assert table.row_totals[0] is None and table.reason(0, None) is Reason.PRIMARY
    assert_safe(table)


def test_a_withheld_row_total_cannot_be_recovered_by_adding_its_shown_cells():
    """Row totals 6, 39, 27 (grand total 72). Suppressed as a column of their own, the 6 and the 27
    went but the 27's cells 15 and 12 stayed: 15 + 12 gave the 27, and 72 − 39 − 27 the 6."""
    cells = [[2, 4], [9, 30], [15, 12]]
    old = {(0, 0), (0, 1), (1, 0), (1, 1), (0, None), (2, None)}  # what the old dashboard withheld
    table = suppress_table(cells, threshold=10)
    old_release = released_as(table, cells, old)
    assert feasible_ranges(old_release)[(0, None)] == (6, 6)

    assert table.row_totals == (None, 39, None)
    assert table.cells[2] == (15, None)  # the 27's cells no longer both shown
    ranges = assert_safe(table)
    assert ranges[(2, None)] == (15, 33)


def test_a_column_total_below_the_threshold_is_withheld_even_with_no_cell_to_add_up():
    table = suppress_table([[2], [3]], threshold=10, row_totals=False)

    assert table.column_totals == (None,) and table.grand_total is None
    assert table.cells == ((None,), (None,))
    assert feasible_ranges(table)[(None, 0)] == (0, math.inf)


# (5) A pattern the line rules pass and the linear programme catches.


BRIDGE = [[1, 9, 20], [30, 9, 1], [9, 40, 9]]


def test_a_cycle_of_withheld_cells_can_pin_a_cell_that_no_row_or_column_gives_away():
    """Six cells under 10 in a cycle (0,0) (0,1) (1,1) (1,2) (2,2) (2,0): every row and column has
    two withheld cells adding up to 10 or more, yet the published figures pin (0,0) to 0–2: raising
    it by t lowers (0,1), (1,2), (2,0) by t, and (1,2) is 1; lowering it is bounded by itself."""
    table = suppress_table(BRIDGE, threshold=10)

    for line in [*BRIDGE, *zip(*BRIDGE, strict=True)]:
        hidden = [n for n in line if n < 10]
        assert len(hidden) == 2 and sum(hidden) >= 10  # the cheap rules are satisfied
    assert feasible_ranges(primary_only(table, BRIDGE))[(0, 0)] == (0, 2)
    assert any(reason is Reason.SECONDARY for reason in table.release.reasons.values())
    assert_safe(table)


def test_a_cell_pinned_by_rows_and_columns_together_is_protected():
    """The old dashboard's release of this table: every row and column had two or more withheld
    cells adding up to 10 or more, yet rows 0 and 1 less column 2 gave the 2 at (3, 3) exactly."""
    cells = [[20, 11, 8, 5], [30, 30, 20, 5], [8, 14, 30, 20], [2, 11, 11, 2]]
    old = {(0, 2), (0, 3), (1, 2), (1, 3), (2, 0), (2, 1), (3, 0), (3, 1), (3, 3)}
    table = suppress_table(cells, threshold=10)
    old_release = released_as(table, cells, old)
    assert feasible_ranges(old_release)[(3, 3)] == (2, 2)

    assert_safe(table)


# (6) The property: whatever the table, the release is safe, true and complete.

small_counts = st.one_of(st.integers(0, 9), st.integers(0, 9), st.integers(0, 40))


@st.composite
def tables(draw):
    n_rows, n_columns = draw(st.integers(1, 6)), draw(st.integers(1, 5))
    return [[draw(small_counts) for _ in range(n_columns)] for _ in range(n_rows)]


@settings(max_examples=150, deadline=None)
@given(cells=tables(), threshold=st.sampled_from([5, 10]), margins=st.sampled_from(["all", "rows", "columns"]))
def test_every_release_is_safe_true_and_withholds_every_small_count(cells, threshold, margins):
    table = suppress_table(cells, threshold=threshold, row_totals=margins != "columns", column_totals=margins != "rows")

    true = true_values(cells)
    for key, shown in table.release.published.items():
        assert shown is None or shown == true[key]
        if true[key] < threshold:
            assert shown is None
    for key, (low, high) in feasible_ranges(table).items():
        assert low <= true[key] <= high
        if key in table.release.published or true[key] < threshold:  # withheld, or a small hidden margin
            assert high - low >= threshold, (key, low, high)


@settings(max_examples=100, deadline=None)
@given(counts=st.lists(small_counts, min_size=1, max_size=8), threshold=st.sampled_from([5, 10]))
def test_every_column_release_is_safe(counts, threshold):
    released = suppress_counts(counts, threshold=threshold)

    assert all(shown is None or shown == n for shown, n in zip(released.counts, counts, strict=True))
    assert all(shown is None for shown, n in zip(released.counts, counts, strict=True) if n < threshold)
    assert all(high - low >= threshold for low, high in feasible_ranges(released).values())


# (7) The threshold is an argument.


def test_the_threshold_is_an_argument():
    counts = [60, 31, 7, 15, 20]

    assert suppress_counts(counts, threshold=10).counts == (60, 31, None, None, 20)
    assert suppress_counts(counts, threshold=5).counts == (60, 31, 7, 15, 20)
    assert suppress_counts([60, 31, 4, 15, 20], threshold=5).counts == (60, 31, None, None, 20)
    assert feasible_ranges(suppress_counts([60, 31, 4, 15, 20], threshold=5)) == {2: (0, 19), 3: (0, 19)}


# The general form: hidden entries and fixed ones.


def test_a_hidden_difference_below_the_threshold_is_protected():
    """Banded 40 and high 35 shown would give the 5 banded but not high away."""
    values = {"banded": 40, "high": 35, "not_high": 5, "all_high": 35, "other_high": 0}
    sums = [Sum("banded", ("high", "not_high")), Sum("all_high", ("high", "other_high"))]

    release = suppress(values, sums, threshold=10, hidden=["not_high"])

    assert "not_high" not in release.published
    assert release.published["high"] is None or release.published["banded"] is None
    assert_safe(release)


def test_a_fixed_entry_is_published_and_what_it_pins_is_reported():
    """Three situations in all, published in any case: nothing can make their split wider than 0–3."""
    values = {"all": 3, "small": 1, "large": 2}

    release = suppress(values, [Sum("all", ("small", "large"))], threshold=10, fixed=["all"])

    assert release.published == {"all": 3, "small": None, "large": None}
    assert release.unprotectable == {"small", "large"}
    assert feasible_ranges(release) == {"small": (0, 3), "large": (0, 3)}


def test_figures_that_do_not_add_up_are_refused():
    import pytest

    with pytest.raises(ValueError, match="do not add up"):
        suppress({"all": 3, "a": 1}, [Sum("all", ("a",))], threshold=10)
