"""What changed between a person's checklist and the one before it, and why the band moved.

Both checklists are read back as they were scored: the points are the frozen contributions, so a
row's points difference is what moved the total. Labels are the checklist's own words for each
answer code, never the codes.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from triage.scoring.checklist import ITEMS, Item

NOT_ANSWERED = "Not answered"


@dataclass(frozen=True, slots=True)
class ScoredChecklist:
    """One assessment's answers and frozen points, in plain values."""

    answers: Mapping[str, object]  # item code → answer code, for the choice and derived items
    points: Mapping[str, int]  # item code → points given, from the frozen contributions
    area_label: str  # how the area item reads, for example "Glasgow City (4.9%)"
    total: int
    band: str | None  # the band the person had: the adviser's, if they changed it
    scorecard_label: str


@dataclass(frozen=True, slots=True)
class AnswerChange:
    question_number: int
    item_code: str
    item_label: str
    before: str
    after: str
    points_before: int
    points_after: int

    @property
    def answer_changed(self) -> bool:
        return self.before != self.after

    @property
    def points_difference(self) -> int:
        return self.points_after - self.points_before


@dataclass(frozen=True, slots=True)
class ChecklistChanges:
    rows: tuple[AnswerChange, ...]  # checklist order; only items whose answer or points changed
    total_before: int
    total_after: int
    band_before: str | None
    band_after: str | None
    rescored: bool  # scored with different scorecards, so one answer may carry different points

    @property
    def total_difference(self) -> int:
        return self.total_after - self.total_before

    @property
    def band_moved(self) -> bool:
        return self.band_before != self.band_after


def answer_label(item: Item, code: object) -> str:
    """The checklist's words for an answer code; "Not answered" when absent or no longer offered."""
    for answer in item.answers:
        if answer.code == code:
            return answer.label
    return NOT_ANSWERED


def compare(before: ScoredChecklist, after: ScoredChecklist) -> ChecklistChanges:
    rows = []
    for code, item in ITEMS.items():
        if item.kind == "numeric":
            labels = (before.area_label, after.area_label)
        else:
            labels = (answer_label(item, before.answers.get(code)), answer_label(item, after.answers.get(code)))
        points = (before.points.get(code, 0), after.points.get(code, 0))
        if labels[0] != labels[1] or points[0] != points[1]:
            rows.append(AnswerChange(item.question_number, code, item.label, *labels, *points))
    return ChecklistChanges(
        rows=tuple(rows),
        total_before=before.total,
        total_after=after.total,
        band_before=before.band,
        band_after=after.band,
        rescored=before.scorecard_label != after.scorecard_label,
    )
