"""Override rows, for the bands assessments.py changed, and the team lead's reviews of the older ones."""

import numpy as np

from triage.devtools.volume.assessments import Assessments
from triage.devtools.volume.context import Context
from triage.devtools.volume.people import People
from triage.devtools.volume.values import datetimes, seconds, weighted, whole_days

OVERRIDE_COLUMNS = [
    "id", "assessment", "team", "from_band", "to_band", "reason_category", "reason_text", "created_by", "created_at",
    "review_status",
]  # fmt: skip
REVIEW_COLUMNS = ["id", "override", "kind", "comment", "created_by", "created_at"]
OVERRIDE_REASONS = {
    # reason: (weight, note)
    "adviser_knowledge": (30, "Told me about circumstances the checklist does not ask about (synthetic note)."),
    "complex_needs": (15, "Several needs together make finding work harder than the score says (synthetic note)."),
    "health": (14, "A health condition limits which jobs are possible (synthetic note)."),
    "caring": (9, "Caring for a relative limits hours and travel (synthetic note)."),
    "local_jobs": (9, "Few vacancies in this trade near where they live (synthetic note)."),
    "job_prospects": (10, "Has an interview arranged with a local employer (synthetic note)."),
    "answers": (8, "Answers given in a hurry at the event; gone over again one to one (synthetic note)."),
    "other": (5, "Other reason discussed with the person (synthetic note)."),
}
REVIEW_COMMENTS = {
    "agreed": "Agreed (synthetic).",
    "queried": "Please add what you learnt at the meeting (synthetic).",
    "answered": "Added the detail from our meeting (synthetic).",
}
# The reviews each review status has had, in order.
REVIEW_KINDS = {"pending": [], "agreed": ["agreed"], "queried": ["queried"], "answered": ["queried", "answered"]}


def draw_overrides(ctx: Context, people: People, assessments: Assessments) -> tuple[list[tuple], list[tuple]]:
    """Override rows and review rows, in OVERRIDE_COLUMNS' and REVIEW_COLUMNS' order."""
    rng, now, a = ctx.rng, ctx.now, assessments
    o_row = np.flatnonzero(a.overridden)  # assessment row of each
    o_id = ctx.ids["override"].take(len(o_row))
    o_at = np.minimum(a.at[o_row] + seconds(rng.uniform(60, 2 * 86400, len(o_row))), now - seconds(1))
    reasons = np.asarray(list(OVERRIDE_REASONS), dtype=object)
    o_reason = reasons[weighted(rng, [w for w, _ in OVERRIDE_REASONS.values()], len(o_row))]
    o_status = _review_status(ctx, o_at)
    o_text = datetimes(o_at, ctx.postgres)
    team, adviser, lead = ctx.team_pk[people.team[a.who]], people.adviser[a.who], people.lead[a.who]
    override_rows = [
        (int(o_id[j]), int(a.id[row]), int(team[row]), a.model_band[row], a.effective[row], o_reason[j],
         OVERRIDE_REASONS[o_reason[j]][1], int(adviser[row]), o_text[j], o_status[j])
        for j, row in enumerate(o_row.tolist())
    ]  # fmt: skip
    reviews = [(j, kind, nth) for j, s in enumerate(o_status.tolist()) for nth, kind in enumerate(REVIEW_KINDS[s])]
    review_id = ctx.ids["review"].take(len(reviews))
    review_at = np.array([o_at[j] for j, _, _ in reviews], dtype="datetime64[us]") + seconds(
        [86400 * (1 + nth) for _, _, nth in reviews]
    )
    r_text = datetimes(np.minimum(review_at, now), ctx.postgres)
    review_rows = [
        (int(review_id[x]), int(o_id[j]), kind, REVIEW_COMMENTS[kind],
         int(adviser[o_row[j]] if kind == "answered" else lead[o_row[j]]), r_text[x])
        for x, (j, kind, _) in enumerate(reviews)
    ]  # fmt: skip
    return override_rows, review_rows


def _review_status(ctx: Context, at: np.ndarray) -> np.ndarray:
    """Pending for a week; after that most agreed, some queried (a few of those answered), some still pending."""
    draw = ctx.rng.random(len(at))
    return np.where(
        whole_days(ctx.now - at) < 7,
        "pending",
        np.select([draw < 0.6, draw < 0.7, draw < 0.75], ["agreed", "queried", "answered"], "pending"),
    )
