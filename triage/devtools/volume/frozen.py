"""The frozen score, as JSON fragments per (item, answer) from the real scoring core.

An assessment's answers, contributions and explanation are joined from these fragments. That is
exact because score() and points_table() give one row per item (the risks sorted by points,
stably), and a test holds sampled rows to score()/points_table() on their stored answers.
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from triage.scoring import ITEMS, PREFER_NOT_TO_SAY, Scorecard, ScoreResult, points_table, score


@dataclass
class ItemTable:
    code: str
    values: list  # value index -> answer code, rate, or None (unanswered; always last for choice items)
    answer: list[str]  # '"code":"value"', '' for the area rate (not kept in answers)
    contribution: list[str]  # ',{...}' or ''
    strength: list[str]
    neutral: list[str]
    risk: list[tuple | None]  # (-points, position, ',{...}'): sorting gives points_table's order
    points: np.ndarray
    unanswered: np.ndarray


def dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def item_tables(card: Scorecard, rates: Sequence[float]) -> list[ItemTable]:
    tables = []
    for position, (code, item) in enumerate(ITEMS.items()):
        if item.kind == "numeric":
            values = list(rates)
        else:
            values = [a.code for a in item.answers if a.code != PREFER_NOT_TO_SAY]
            values += [PREFER_NOT_TO_SAY] if item.declinable else []
            values.append(None)
        size = len(values)
        table = ItemTable(code, values, [], [], [], [], [], np.zeros(size, np.int64), np.zeros(size, bool))
        for i, value in enumerate(values):
            result = score({code: value}, card)
            table.unanswered[i] = code in result.missing_items
            table.answer.append("" if item.kind == "numeric" else f"{dumps(code)}:{dumps(value)}")
            own = [c for c in result.contributions if c.item_code == code]
            if not own:
                table.contribution.append("")
                table.strength.append("")
                table.neutral.append("")
                table.risk.append(None)
                continue
            (contribution,) = own
            table.points[i] = contribution.points
            table.contribution.append("," + dumps(asdict(contribution)))
            alone = ScoreResult((contribution,), contribution.points, None, None, 0, (), False, card.label)
            explained = points_table(alone, card)
            table.strength.append("".join("," + dumps(asdict(row)) for row in explained.strengths))
            table.neutral.append("".join("," + dumps(asdict(row)) for row in explained.neutral))
            risk = "".join("," + dumps(asdict(row)) for row in explained.risks)
            table.risk.append((-contribution.points, position, risk) if risk else None)
        tables.append(table)
    return tables


def frozen_json(tables: list[ItemTable], index: np.ndarray) -> tuple[list[str], list[str], list[str]]:
    """answers, contributions and explanation JSON per row of value indices (rows × items)."""

    def column(attribute: str) -> list[list]:
        return [
            np.asarray(getattr(t, attribute), dtype=object)[index[:, p]].tolist()
            for p, t in enumerate(tables)
            if attribute != "answer" or ITEMS[t.code].kind != "numeric"
        ]

    answers = ["{" + ",".join(parts) + "}" for parts in zip(*column("answer"), strict=True)]
    contributions = ["[" + "".join(parts)[1:] + "]" for parts in zip(*column("contribution"), strict=True)]
    strengths = ["".join(parts)[1:] for parts in zip(*column("strength"), strict=True)]
    neutral = ["".join(parts)[1:] for parts in zip(*column("neutral"), strict=True)]
    explanation = []
    for s, n, parts in zip(strengths, neutral, zip(*column("risk"), strict=True), strict=True):
        risks = sorted(p for p in parts if p is not None)
        r = "".join(p[2] for p in risks)[1:]
        explanation.append('{"strengths":[' + s + '],"risks":[' + r + '],"neutral":[' + n + "]}")
    return answers, contributions, explanation


def json_per_pattern(keys: np.ndarray, make: Callable[[int], str]) -> list[str]:
    """make(key) as JSON for each row's key, computed once per distinct key."""
    unique, inverse = np.unique(keys, return_inverse=True)
    return np.asarray([make(int(k)) for k in unique], dtype=object)[inverse].tolist()
