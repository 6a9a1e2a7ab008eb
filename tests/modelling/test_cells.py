"""Cells of identical people give the same figures as the people themselves."""

import numpy as np
import pytest

from triage.lib.intervals import resampled
from triage.modelling import cells, evaluate


@pytest.fixture(scope="module")
def people():
    rng = np.random.default_rng(6)
    n = 3_000
    score = rng.integers(0, 25, n)
    probability = 1 / (1 + np.exp(-(score - 18) / 4))
    y = (rng.random(n) < probability).astype(int)
    group = rng.choice(["a", "b", "c"], n)
    return y, score, probability, score >= 15, group


def test_cells_keep_every_person_once(people):
    y, score, probability, flagged, group = people
    folded = cells.make_cells(y, score, probability, flagged, group)
    assert folded.count.sum() == len(y)
    assert len(folded.count) <= 25 * 2 * 3
    assert list(folded.group_values) == ["a", "b", "c"]
    for code, name in enumerate(folded.group_values):
        mask = folded.group == code
        assert folded.count[mask].sum() == (group == name).sum()
        assert (folded.count[mask] * folded.y[mask]).sum() == y[group == name].sum()


def test_figures_from_cells_equal_the_figures_from_people(people):
    y, score, probability, flagged, _ = people
    folded = cells.make_cells(y, score, probability, flagged)
    assert cells.auc(folded, folded.count)[0] == pytest.approx(evaluate.roc_auc(y, score))
    assert cells.brier(folded, folded.count)[0] == pytest.approx(evaluate.brier(y, probability))
    fit = cells.calibration(folded, folded.count)
    expected = evaluate.calibration_fit(y, probability)
    for name in ("slope", "intercept", "in_the_large"):
        assert fit[name][0] == pytest.approx(expected[name], abs=1e-8)


def test_a_replicate_of_counts_is_a_reweighting_of_people(people):
    """A bootstrap replicate's AUC equals the AUC of people weighted by how often each cell was drawn."""
    y, score, probability, flagged, _ = people
    folded = cells.make_cells(y, score, probability, flagged)
    draw = resampled(folded.count, replicates=1, seed=9)[0]
    # Spread each cell's drawn count evenly over its people: the same weighted AUC.
    key = {(r, v): i for i, (r, v) in enumerate(zip(folded.score_rank, folded.y, strict=True))}
    rank = np.unique(score, return_inverse=True)[1]
    index = np.array([key[(r, v)] for r, v in zip(rank, y, strict=True)])
    weights_per_person = draw[index] / folded.count[index]
    expected = evaluate._auc_from_groups(rank, y.astype(float), weights_per_person, folded.n_scores)
    assert cells.auc(folded, draw)[0] == pytest.approx(expected)


def test_a_replicate_with_one_outcome_gives_nan_not_an_error():
    folded = cells.make_cells(np.array([0, 1]), np.array([1, 2]), np.array([0.3, 0.6]))
    counts = np.array([[2.0, 0.0], [1.0, 1.0]])
    result = cells.auc(folded, counts)
    assert np.isnan(result[0]) and result[1] == 1.0
    assert np.isnan(cells.calibration(folded, counts)["slope"][0])


def test_group_labels_are_sorted_text_and_a_missing_value_is_unknown():
    group = np.array(["male", None, "female", "unknown", np.nan, "male"], dtype=object)
    folded = cells.make_cells(np.array([0, 1, 0, 1, 0, 1]), np.arange(6), group=group)
    assert list(folded.group_values) == ["female", "male", "unknown"]
    sizes = {folded.group_values[g]: folded.count[folded.group == g].sum() for g in range(3)}
    assert sizes == {"female": 1, "male": 2, "unknown": 3}
