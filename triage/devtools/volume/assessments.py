"""Assessment rows: when each person was assessed (a few twice), their answers, the frozen score.

The answers are correlated through one latent 'distance from work' per person and scored with
score_frame on the live scorecard; the frozen JSON comes from frozen.py's per-answer fragments.
The effective band is drawn here too (an adviser overrides some); the override rows that record
it are overrides.py's.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from triage.devtools.volume.context import Context
from triage.devtools.volume.frozen import dumps, frozen_json, json_per_pattern
from triage.devtools.volume.people import Latest, People
from triage.devtools.volume.values import (
    age_on,
    datetimes,
    days,
    null_if,
    rows_by_probability,
    seconds,
    uuid_hex,
    weighted,
    whole_days,
)
from triage.lib.bands import BANDS
from triage.models.people import BAND_RANK
from triage.scoring import CHECKLIST_VERSION, COMPLEX_NEEDS, COMPLEX_NEEDS_THRESHOLD, ITEMS, PREFER_NOT_TO_SAY
from triage.scoring.bulk import score_frame
from triage.services.assessments import probability_basis

ITEM_CODES = list(ITEMS)
AGE_BANDS = ("under_25", "25_34", "35_44", "45_54", "55_plus")
ASSESSMENT_COLUMNS = [
    "id", "person", "team", "event", "answers", "dependants_count", "council_area", "area_unemployment_rate",
    "age_at_assessment", "checklist_version", "scorecard_name", "scorecard_version", "probability_basis",
    "contributions", "explanation", "total_points", "probability", "model_band", "missing_count", "missing_items",
    "complex_needs", "effective_band", "submission_token", "created_by", "created_at",
]  # fmt: skip


@dataclass
class Assessments:
    """One batch's assessments, by row: first assessments in person order, then the second ones."""

    who: np.ndarray  # person row of each
    is_second: np.ndarray
    id: np.ndarray
    at: np.ndarray  # datetime64[us], UTC
    at_text: list[str]
    age: np.ndarray
    scored: pd.DataFrame  # score_frame's total, probability, band, missing
    model_band: np.ndarray
    overridden: np.ndarray
    effective: np.ndarray  # the band after any override
    answers: list[str]  # JSON
    contributions: list[str]
    explanation: list[str]
    missing_items: list[str]
    complex_needs: list[str]
    dependants: np.ndarray

    def __len__(self) -> int:
        return len(self.who)


def draw_assessments(ctx: Context, people: People) -> Assessments:
    who, is_second, at = _when(ctx, people)
    m = len(who)
    assessment_id = ctx.ids["assessment"].take(m)
    age = age_on(people.dob[who], at.astype("datetime64[D]"))
    index = _answers(ctx, m, _age_band_index(ctx, age), people.home[who])
    scored = _score(ctx, index)
    model_band = scored["band"].astype(object).where(scored["band"].notna(), None).to_numpy()
    answers, contributions, explanation = frozen_json(ctx.tables, index)
    missing_items, complex_needs = _missing_items(ctx, index), _complex_needs(ctx, index)
    dependants = _dependants(ctx, index)
    overridden, effective = _effective_bands(ctx, scored, model_band)
    return Assessments(
        who, is_second, assessment_id, at, datetimes(at, ctx.postgres), age, scored, model_band, overridden,
        effective, answers, contributions, explanation, missing_items, complex_needs, dependants,
    )  # fmt: skip


def _when(ctx: Context, people: People) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """About nine in ten assessed at or soon after the event; a few reassessed months later."""
    rng, now, n = ctx.rng, ctx.now, people.n
    assessed = rng.random(n) < 0.88
    first_at = people.created_at + seconds(rng.uniform(300, 10 * 86400, n) * (rng.random(n) < 0.6))
    first_at = np.minimum(first_at, now - seconds(rng.uniform(60, 3600, n)))
    room = whole_days(now - first_at)
    again = assessed & (room > 45) & (rng.random(n) < 0.08)
    second_at = first_at + days(np.where(again, rng.integers(30, np.maximum(31, room - 1)), 0))
    second_at = np.minimum(second_at + seconds(rng.uniform(0, 3600, n)), now - seconds(rng.uniform(1, 60, n)))
    who = np.concatenate([np.flatnonzero(assessed), np.flatnonzero(again)])
    is_second = np.repeat([False, True], [assessed.sum(), again.sum()])
    return who, is_second, np.where(is_second, second_at[who], first_at[who])


def _age_band_index(ctx: Context, age: np.ndarray) -> np.ndarray:
    """The derived age-band answer's value index for each age."""
    values = ctx.tables[ITEM_CODES.index("q3_age_band")].values
    return np.array([values.index(c) for c in AGE_BANDS])[
        np.searchsorted(np.array([25, 35, 45, 55]), age, side="right")
    ]


def _answers(ctx: Context, n: int, age_band: np.ndarray, area: np.ndarray) -> np.ndarray:
    """Value indices (rows × items), correlated through one latent 'distance from work' per person."""
    rng = ctx.rng
    index = np.zeros((n, len(ctx.tables)), dtype=np.int64)
    latent = rng.standard_normal(n)
    incomplete = rng.random(n) < 0.03
    for position, (code, item) in enumerate(ITEMS.items()):
        if item.kind == "derived":
            index[:, position] = age_band
            continue
        if item.kind == "numeric":
            index[:, position] = area
            continue
        values = ctx.tables[position].values
        answers = [v for v in values if v not in (None, PREFER_NOT_TO_SAY)]  # the first entries of `values`
        # Lowest to highest risk on the live card; most people give the lower-risk answers.
        order = np.array(sorted(range(len(answers)), key=lambda k: (ctx.card.points[code][answers[k]], k)))
        base = np.array([5.0, 3.0, 2.0, 1.5, 1.0, 1.0][: len(order)])
        rank = np.arange(len(order)) / max(1, len(order) - 1)
        weights = base[None, :] * np.exp(0.9 * latent[:, None] * rank[None, :])
        chosen = order[rows_by_probability(rng, weights / weights.sum(axis=1, keepdims=True))]
        if item.declinable:
            chosen = np.where(rng.random(n) < 0.03, values.index(PREFER_NOT_TO_SAY), chosen)
        skipped = (rng.random(n) < 0.01) | (incomplete & (rng.random(n) < 0.45))
        index[:, position] = np.where(skipped, len(values) - 1, chosen)
    return index


def _score(ctx: Context, index: np.ndarray) -> pd.DataFrame:
    """score_frame on the batch, with probabilities as score() gives them (per distinct total)."""
    frame = {}
    for position, table in enumerate(ctx.tables):
        column = index[:, position]
        if ITEMS[table.code].kind == "numeric":
            frame[table.code] = np.asarray(table.values, dtype=np.float64)[column]
        else:
            categories = table.values[:-1]  # None, last, is the missing code -1
            frame[table.code] = pd.Categorical.from_codes(np.where(column == len(categories), -1, column), categories)
    scored = score_frame(pd.DataFrame(frame), ctx.card)
    totals = scored["total"].to_numpy()
    if not np.array_equal(sum(t.points[index[:, p]] for p, t in enumerate(ctx.tables)), totals):
        raise AssertionError("score_frame and score()'s per-answer contributions disagree")
    probability = np.full(len(totals), np.nan)
    for total in np.unique(totals):
        probability[totals == total] = ctx.card.probability_for_total(int(total))
    probability[scored["band"].isna().to_numpy()] = np.nan
    if not np.allclose(scored["probability"].fillna(-1), np.nan_to_num(probability, nan=-1), rtol=1e-12, atol=0):
        raise AssertionError("score_frame and score() probabilities disagree")
    scored["probability"] = probability
    return scored


def _missing_items(ctx: Context, index: np.ndarray) -> list[str]:
    unanswered = np.column_stack([t.unanswered[index[:, p]] for p, t in enumerate(ctx.tables)]).astype(np.int64)
    return json_per_pattern(
        (unanswered << np.arange(unanswered.shape[1])).sum(axis=1),
        lambda k: dumps([code for i, code in enumerate(ITEM_CODES) if k >> i & 1]),
    )


def _complex_needs(ctx: Context, index: np.ndarray) -> list[str]:
    needs = np.zeros(len(index), dtype=np.int64)
    for bit, need in enumerate(COMPLEX_NEEDS):
        present = np.zeros(len(index), dtype=bool)
        for item_code, codes in need.answers:
            p = ITEM_CODES.index(item_code)
            present |= np.array([v in codes for v in ctx.tables[p].values])[index[:, p]]
        needs |= present.astype(np.int64) << bit
    return json_per_pattern(
        needs,
        lambda k: dumps(
            [need.description for i, need in enumerate(COMPLEX_NEEDS) if k >> i & 1]
            if k.bit_count() >= COMPLEX_NEEDS_THRESHOLD
            else []
        ),
    )


def _dependants(ctx: Context, index: np.ndarray) -> np.ndarray:
    q5 = ITEM_CODES.index("q5_dependants")
    has = np.asarray(ctx.tables[q5].values, dtype=object)[index[:, q5]] == "yes"
    return np.where(has, ctx.rng.integers(1, 5, len(index)), 0)


def _effective_bands(ctx: Context, scored: pd.DataFrame, model_band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The adviser overrides some bands, more often where the checklist gave none: (overridden, effective band)."""
    rng, m = ctx.rng, len(model_band)
    incomplete = scored["band"].isna().to_numpy()
    overridden = rng.random(m) < np.where(incomplete, 0.25, 0.09)
    rank = np.array([BAND_RANK[b] for b in model_band])
    to_rank = np.clip(rank + np.where(rng.random(m) < 0.65, 1, -1), 1, 3)
    to_rank = np.where(to_rank == rank, np.where(rank == 3, 2, rank + 1), to_rank)
    to_rank = np.where(incomplete, weighted(rng, [15, 50, 35], m) + 1, to_rank)
    return overridden, np.where(overridden, np.asarray(BANDS, dtype=object)[to_rank - 1], model_band)


def latest_assessment(ctx: Context, people: People, assessments: Assessments) -> Latest:
    latest = np.full(people.n, -1, dtype=np.int64)
    latest[assessments.who] = np.arange(len(assessments))  # second assessments come after first ones, so they win
    has = latest >= 0
    row = np.where(has, latest, 0)
    band = np.where(has, assessments.effective[row], None)
    model = np.where(has, assessments.model_band[row], None)
    rank = np.array([BAND_RANK[b] for b in band])
    day = np.where(has, assessments.at[row].astype("datetime64[D]"), ctx.today64)
    return Latest(has, row, band, model, rank, day)


def assessment_rows(ctx: Context, people: People, assessments: Assessments) -> list[tuple]:
    """The rows, in ASSESSMENT_COLUMNS' order. Draws the submission tokens: the batch's last draw."""
    a, card, m = assessments, ctx.card, len(assessments)
    who = a.who
    event = np.where(a.is_second, 0, people.event_id[who])
    rates = np.array([str(area.unemployment_rate_pct) for area in ctx.areas], dtype=object)
    home = people.home[who]
    return list(
        zip(
            a.id.tolist(), people.id[who].tolist(), ctx.team_pk[people.team[who]].tolist(),
            null_if(event.tolist(), (event > 0).tolist()), a.answers, null_if(a.dependants.tolist(), (a.dependants > 0).tolist()),
            ctx.area_pk[home].tolist(), rates[home].tolist(), a.age.tolist(), [CHECKLIST_VERSION] * m, [card.name] * m,
            [card.version] * m, [probability_basis(card)] * m, a.contributions, a.explanation,
            a.scored["total"].tolist(), [None if p != p else p for p in a.scored["probability"].tolist()],
            a.model_band.tolist(), a.scored["missing"].tolist(), a.missing_items, a.complex_needs, a.effective.tolist(),
            uuid_hex(ctx.rng, m), people.adviser[who].tolist(), a.at_text,
            strict=True,
        )
    )  # fmt: skip
