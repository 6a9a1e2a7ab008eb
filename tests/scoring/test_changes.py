"""What changed between two checklists: triage.scoring.changes."""

from triage.scoring import PREFER_NOT_TO_SAY
from triage.scoring.changes import NOT_ANSWERED, ScoredChecklist, compare


def checklist(answers, points, *, area="Glasgow City (4.9%)", band="low", card="rules-1.0"):
    return ScoredChecklist(
        answers=answers,
        points=points,
        area_label=area,
        total=sum(points.values()),
        band=band,
        scorecard_label=card,
    )


def test_changed_answers_are_listed_in_words_with_their_points():
    before = checklist({"q1_qualifications": "scqf_9_plus", "q2b_vehicle": "yes"}, {"q1_qualifications": 0})
    after = checklist({"q1_qualifications": "none", "q2b_vehicle": "yes"}, {"q1_qualifications": 12}, band="medium")

    changes = compare(before, after)

    (row,) = changes.rows
    assert (row.question_number, row.item_code) == (1, "q1_qualifications")
    assert row.before.startswith("SCQF level 9 or above")
    assert row.after == "No qualifications"
    assert (row.points_before, row.points_after, row.points_difference) == (0, 12, 12)
    assert (changes.band_before, changes.band_after, changes.band_moved) == ("low", "medium", True)
    assert changes.total_difference == 12
    assert not changes.rescored


def test_declined_and_unanswered_items_read_in_the_checklists_words():
    before = checklist({"q6b_expected_time": PREFER_NOT_TO_SAY}, {})
    after = checklist({}, {})
    (row,) = compare(before, after).rows
    assert row.before == "Don't know / prefer not to say"
    assert row.after == NOT_ANSWERED


def test_a_moved_area_and_points_that_moved_with_a_new_scorecard_are_listed():
    before = checklist({"q2b_vehicle": "no"}, {"q2b_vehicle": 3, "q7_area_unemployment": 2}, card="rules-1.0")
    after = checklist(
        {"q2b_vehicle": "no"},
        {"q2b_vehicle": 4, "q7_area_unemployment": 1},
        area="Orkney Islands (1.8%)",
        card="logistic-1.1",
    )
    changes = compare(before, after)
    vehicle, area = changes.rows
    assert (vehicle.answer_changed, vehicle.points_difference) == (False, 1)
    assert (area.before, area.after, area.points_difference) == ("Glasgow City (4.9%)", "Orkney Islands (1.8%)", -1)
    assert changes.rescored


def test_the_same_checklist_twice_has_no_rows():
    same = checklist({"q1_qualifications": "none"}, {"q1_qualifications": 12})
    changes = compare(same, same)
    assert changes.rows == ()
    assert not changes.band_moved
