"""The cut-off explorer against counts worked out by hand on ten people."""

import numpy as np
import pytest

from triage.lib.intervals import NotEnough
from triage.modelling import cutoff_explorer

# Ten people, highest score first. LTU: the 1st, 3rd and 6th.
Y = np.array([1, 0, 1, 0, 0, 1, 0, 0, 0, 0])
SCORE = np.array([9, 8, 7, 6, 5, 4, 3, 2, 1, 0])


def test_a_cutoff_by_points_counts_who_is_flagged_caught_and_missed():
    """Points 7 or more: people at 9, 8, 7. LTU caught at 9 and 7, missed at 4; the one at 8 found work."""
    view = cutoff_explorer.cutoff_by_points(Y, SCORE, 7, hours_per_flagged=2.5, min_n=1)
    assert (view.n, view.ltu, view.flagged) == (10, 3, 3)
    assert (view.ltu_caught, view.ltu_missed, view.found_work_anyway) == (2, 1, 1)
    assert view.share_flagged.value == pytest.approx(0.3)
    assert view.share_of_flagged_ltu.value == pytest.approx(2 / 3)
    assert view.share_of_ltu_caught.value == pytest.approx(2 / 3)
    assert view.share_of_flagged_found_work.value == pytest.approx(1 / 3)
    assert view.adviser_hours == 7.5
    assert view.share_flagged.low < 0.3 < view.share_flagged.high


def test_a_cutoff_by_share_takes_the_nearest_whole_points():
    view = cutoff_explorer.cutoff_by_share(Y, SCORE, 0.2, hours_per_flagged=1, min_n=1)
    assert (view.points, view.flagged, view.ltu_caught) == (8, 2, 1)


def test_on_tied_totals_the_nearest_share_wins_and_a_tie_takes_the_smaller():
    """Totals 5, 5, 3, 3, 1, 1: cut-offs flag 2/6, 4/6 or all. 0.4 is nearest 2/6; 0.5 is as near
    2/6 as 4/6, and the smaller share (the higher cut-off, 5) is taken."""
    score = np.array([5, 5, 3, 3, 1, 1])
    assert cutoff_explorer.points_for_share(score, 0.4) == 5
    assert cutoff_explorer.points_for_share(score, 0.6) == 3
    assert cutoff_explorer.points_for_share(score, 0.5) == 5
    assert cutoff_explorer.points_for_share(score, 1.0) == 1


def test_cutoff_options_list_each_cutoff_with_its_share():
    options = cutoff_explorer.cutoff_options(np.array([5, 5, 3, 3, 1, 1]))
    assert [(o.points, o.flagged) for o in options] == [(5, 2), (3, 4), (1, 6)]
    assert options[0].share_flagged == pytest.approx(1 / 3)


def test_below_the_minimum_n_the_explorer_shows_no_figures():
    assert isinstance(cutoff_explorer.cutoff_by_points(Y, SCORE, 7, hours_per_flagged=1), NotEnough)
    assert isinstance(cutoff_explorer.cutoff_by_share(Y, SCORE, 0.1, hours_per_flagged=1), NotEnough)


def test_nobody_flagged_gives_no_share_of_flagged():
    view = cutoff_explorer.cutoff_by_points(Y, SCORE, 100, hours_per_flagged=1, min_n=1)
    assert view.flagged == 0
    assert view.adviser_hours == 0
    assert isinstance(view.share_of_flagged_ltu, NotEnough)
    assert view.ltu_missed == 3


@pytest.mark.parametrize("share", [0, -0.1, 1.5])
def test_a_share_outside_0_to_1_is_refused(share):
    with pytest.raises(ValueError, match="share flagged"):
        cutoff_explorer.cutoff_by_share(Y, SCORE, share, hours_per_flagged=1, min_n=1)


def test_negative_hours_are_refused():
    with pytest.raises(ValueError, match="hours"):
        cutoff_explorer.cutoff_by_points(Y, SCORE, 7, hours_per_flagged=-1, min_n=1)
