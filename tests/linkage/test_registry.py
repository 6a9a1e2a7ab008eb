import itertools

import pandas as pd

from triage.linkage.generate import generate
from triage.linkage.link import LinkageSettings, link
from triage.linkage.registry import Merge, assign_pace_ids, new_pace_id


def _counter():
    numbers = itertools.count(1)
    return lambda: f"new-{next(numbers)}"


def test_a_new_pace_id_is_a_random_token():
    ids = {new_pace_id() for _ in range(100)}
    assert len(ids) == 100
    assert all(len(pace_id) == 16 for pace_id in ids)


def test_first_run_gives_every_cluster_a_new_pace_id():
    result = assign_pace_ids([["a1", "a2"], ["b1"]], {}, new_id=_counter())
    assert result.pace_ids == {"a1": "new-1", "a2": "new-1", "b1": "new-2"}
    assert result.issued == ("new-1", "new-2")
    assert not result.splits and not result.merges


def test_second_run_keeps_pace_ids_and_a_new_person_gets_a_new_one():
    registry = {"a1": "X", "a2": "X", "b1": "Y"}
    result = assign_pace_ids([["b1", "b2"], ["a2", "a1"], ["c1"]], registry, new_id=_counter())
    assert result.pace_ids == {"a1": "X", "a2": "X", "b1": "Y", "b2": "Y", "c1": "new-1"}
    assert result.issued == ("new-1",)


def test_the_pace_id_most_members_hold_wins():
    registry = {"a1": "X", "a2": "X", "a3": "Y"}
    result = assign_pace_ids([["a1", "a2", "a3"]], registry, new_id=_counter())
    assert set(result.pace_ids.values()) == {"X"}
    assert result.merges == (Merge("X", ("Y",)),)


def test_a_merge_of_two_people_keeps_the_oldest_pace_id_on_a_tie():
    registry = {"a1": "X", "b1": "Y"}
    result = assign_pace_ids([["a1", "b1", "c1"]], registry, issued_order={"Y": 1, "X": 2}, new_id=_counter())
    assert set(result.pace_ids.values()) == {"Y"}
    assert result.merges == (Merge("Y", ("X",)),)
    assert not result.issued


def test_a_split_the_larger_keeps_the_pace_id_the_other_gets_a_new_one():
    registry = {"a1": "X", "a2": "X", "a3": "X"}
    result = assign_pace_ids([["a3"], ["a1", "a2"]], registry, new_id=_counter())
    assert result.pace_ids == {"a1": "X", "a2": "X", "a3": "new-1"}
    (split,) = result.splits
    assert (split.pace_id, split.kept_by, split.new_pace_id, split.moved) == ("X", ("a1", "a2"), "new-1", ("a3",))


def test_a_new_token_that_collides_with_the_registry_is_drawn_again():
    tokens = iter(["X", "Z"])
    result = assign_pace_ids([["a1"], ["b1"]], {"a1": "X"}, new_id=lambda: next(tokens))
    assert result.pace_ids == {"a1": "X", "b1": "Z"}


def test_pace_ids_stable_across_two_linkage_runs():
    """A second partner upload overlapping the first: PACE's people keep their PACE IDs, the
    first upload's records keep theirs, and people new to both get new ones."""
    first = generate(people_count=3000, partner_count=800, seed=21, partner="DWP")
    second = generate(people_count=3000, partner_count=800, seed=21, partner="NCS")
    settings = LinkageSettings(u_max_pairs=2e5, em_max_pairs=2e5, threads=2)

    run_1 = link(first.records, settings=settings)
    registry = dict(assign_pace_ids(run_1.cluster_members().values(), {}).pace_ids)

    records = pd.concat([first.records, second.partner], ignore_index=True)
    run_2 = link(records, settings=settings, model=run_1.model)
    assignment = assign_pace_ids(run_2.cluster_members().values(), registry)
    kept = sum(assignment.pace_ids[key] == pace_id for key, pace_id in registry.items())
    assert kept / len(registry) >= 0.999
    # The second partner's records of PACE people take those people's PACE IDs.
    right = sum(assignment.pace_ids[record] == registry[person] for record, person in second.truth.items())
    assert right / len(second.truth) >= 0.97
    assert len(set(assignment.issued)) == len(assignment.issued)
