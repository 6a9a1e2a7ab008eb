"""Scorecards: points per answer, intercept and band cut-offs, read from a human-readable TOML file.

A scorecard is the whole model: scoring is a sum over its table and the explanation is the same
table. The file is checked against the checklist when loaded, so a typo in an item or answer code
stops start-up with a message naming it instead of silently scoring that answer as 0.

Two kinds share the format. A "rules" card is set by hand; an unanswered item scores 0. A
"logistic" card is fitted (triage/modelling). Its optional [weights] table keeps the exact
log-odds the points were rounded from, so a test can hold the file to the trained pipeline; the
probability and band shown always come from the integer points total.

The rule of every scorecard: declining a question ("prefer not to say", or the combined "don't
know / prefer not to say") never changes the score; a declined answer contributes 0 points
(`declined_rule_breaches`). A person told they may decline must not be pushed up a band for it.
Cards fitted before the rule (logistic-1.0) priced declining, so the loader still reads a
logistic card's "prefer not to say" points, for the assessments that card scored and its model
card; making such a card live is refused (`check_declined_rule`, services.scorecard_activate).
"""

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import SupportsFloat, SupportsIndex

from triage.lib.bands import Band as Band  # re-exported: score.py imports only the scoring core
from triage.scoring.checklist import CHECKLIST_VERSION, ITEMS, NUMERIC_ITEM_CODES, PREFER_NOT_TO_SAY, Item

KINDS = ("rules", "logistic")
SCORECARD_FILENAME = "scorecard.toml"

_TOP_LEVEL_KEYS = {
    "name",
    "version",
    "kind",
    "checklist_version",
    "source",
    "intercept",
    "points_scale",
    "max_missing",
    "bands",
    "points",
    "numeric",
    "weights",
    "meta",
}


class ScorecardError(ValueError):
    """The scorecard file cannot be used; the message names the key at fault."""


@dataclass(frozen=True, slots=True)
class Cutoffs:
    """Band edges on the points total: low < medium_from <= medium < high_from <= high."""

    medium_from: int
    high_from: int


# Rates are entered to 0.1, so points_per_unit * (rate - centre) can land a hair below an exact .5
# in binary floating point (2.5 * (3.2 - 3.4) = -0.4999999999999993); the nudge rounds it away
# from zero as arithmetic on paper would. bulk.py applies the same nudge, so both paths agree bit for bit.
ROUNDING_NUDGE = 1e-9


def round_half_away_from_zero(x: float) -> int:
    """Round .5 away from zero (2.5 -> 3, -2.5 -> -3), unlike round()'s round-half-to-even."""
    return int(math.copysign(math.floor(abs(x) + 0.5 + ROUNDING_NUDGE), x))


@dataclass(frozen=True, slots=True)
class NumericScale:
    """Points for a numeric item: round-half-away-from-zero(points_per_unit * (value - centre))."""

    centre: float
    points_per_unit: float

    def points_for(self, value: float) -> int:
        return round_half_away_from_zero(self.points_per_unit * (value - self.centre))


@dataclass(frozen=True, slots=True)
class CardWeights:
    """A fitted card's unrounded log-odds: intercept + answer weights + per_unit * (rate - centre)."""

    intercept: float
    choice: Mapping[str, Mapping[str, float]]  # item -> answer (prefer_not_to_say when priced) -> log-odds
    numeric: Mapping[str, tuple[float, float]]  # item -> (centre, per_unit)


@dataclass(frozen=True)
class Scorecard:
    name: str
    version: str
    kind: str
    checklist_version: str
    source: str
    intercept: float  # log-odds of a person with every reference answer and the centre area rate
    points_scale: float  # log-odds per point
    max_missing: int  # incomplete when MORE than this many items are unanswered
    cutoffs: Cutoffs
    points: Mapping[str, Mapping[str, int]]  # item -> answer -> points; prefer-not-to-say excluded
    numeric: Mapping[str, NumericScale]
    weights: CardWeights | None = None  # logistic cards: the exact log-odds the points were rounded from

    @property
    def label(self) -> str:
        return f"{self.name}-{self.version}"

    def band_for_total(self, total: int) -> Band:
        if total >= self.cutoffs.high_from:
            return "high"
        if total >= self.cutoffs.medium_from:
            return "medium"
        return "low"

    def probability_for_total(self, total: int) -> float:
        return logistic(self.intercept + self.points_scale * total)

    def unanswered_points(self, item_code: str) -> int | None:
        """Points an unanswered item scores, or None when the card does not price it (it adds 0)."""
        return self.points[item_code].get(PREFER_NOT_TO_SAY) if item_code in self.points else None

    def exact_log_odds(self, answers: Mapping[str, object]) -> float:
        """The unrounded log-odds from [weights]: what the trained pipeline's decision function gives.

        Unanswered items (absent, None, NaN or prefer-not-to-say) take the prefer-not-to-say weight,
        or 0 when the card has none; an unknown area adds 0. Raises ScorecardError for a card
        without [weights] and ValueError for an answer the checklist does not define.
        """
        if self.weights is None:
            raise ScorecardError(f"{self.label} has no [weights] table of exact log-odds")
        unknown = sorted(str(code) for code in answers if code not in ITEMS)
        if unknown:
            raise ValueError(f"not checklist items: {', '.join(unknown)}")
        total = self.weights.intercept
        for code, table in self.weights.choice.items():
            value = answers.get(code)
            declined = value == PREFER_NOT_TO_SAY and ITEMS[code].declinable
            if value is None or declined or (isinstance(value, float) and math.isnan(value)):
                total += table.get(PREFER_NOT_TO_SAY, 0.0)
            elif isinstance(value, str) and value in table and value != PREFER_NOT_TO_SAY:
                total += table[value]
            else:
                raise ValueError(f"{value!r} is not an answer to {code}")
        for code, (centre, per_unit) in self.weights.numeric.items():
            value = answers.get(code)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            if not isinstance(value, str | SupportsFloat | SupportsIndex):  # what float() accepts
                raise TypeError(f"{code}: {value!r} is not a number")
            total += per_unit * (float(value) - centre)
        return total


DECLINED_RULE = "a declined answer scores 0 points, so declining a question never changes the score"


def declined_rule_breaches(card: Scorecard) -> tuple[str, ...]:
    """Item codes on which the card gives a declined answer anything but 0, in checklist order.

    Both the integer [points] (what people are scored with) and any exact [weights] count: a card
    whose weights price declining would reproduce a model that does.
    """
    breaches = []
    for code in ITEMS:
        points = card.points.get(code, {}).get(PREFER_NOT_TO_SAY, 0)
        weight = card.weights.choice.get(code, {}).get(PREFER_NOT_TO_SAY, 0.0) if card.weights else 0.0
        if points != 0 or weight != 0.0:
            breaches.append(code)
    return tuple(breaches)


def check_declined_rule(card: Scorecard) -> None:
    """Raise ScorecardError, naming the questions in the checklist's words, if the card breaks the rule."""
    breaches = declined_rule_breaches(card)
    if breaches:
        # The checklist numbers its parts 2a, 6b...: the code's first segment without its "q".
        numbers = ", ".join(code.split("_", 1)[0].removeprefix("q") for code in breaches)
        questions = f"question {numbers}" if len(breaches) == 1 else f"questions {numbers}"
        raise ScorecardError(
            f"{card.label} breaks the rule that {DECLINED_RULE}. It gives points for ‘Prefer not to say’ on "
            f"{questions}. Make live a scorecard trained with the rule instead"
        )


def logistic(x: float) -> float:
    # Split by sign so a very negative x cannot overflow math.exp.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def load_scorecard(path: Path | str) -> Scorecard:
    """Read and check a scorecard; `path` is its directory or the TOML file itself."""
    path = Path(path)
    if path.is_dir():
        path = path / SCORECARD_FILENAME
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ScorecardError(f"{path}: no scorecard file") from None
    except tomllib.TOMLDecodeError as e:
        raise ScorecardError(f"{path}: not valid TOML ({e})") from None
    try:
        return scorecard_from_dict(data)
    except ScorecardError as e:
        raise ScorecardError(f"{path}: {e}") from None


def scorecard_from_dict(data: Mapping[str, object]) -> Scorecard:
    """Check a parsed scorecard against the checklist and build it. Raises ScorecardError."""
    unknown = sorted(set(data) - _TOP_LEVEL_KEYS)
    if unknown:
        raise ScorecardError(f"unknown key {unknown[0]!r} (free-form notes go under [meta])")
    name = _str(data, "name")
    version = _str(data, "version")
    kind = _str(data, "kind")
    if kind not in KINDS:
        raise ScorecardError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    checklist_version = _str(data, "checklist_version")
    if checklist_version != CHECKLIST_VERSION:
        raise ScorecardError(
            f"checklist_version {checklist_version!r} does not match this checklist ({CHECKLIST_VERSION!r})"
        )
    intercept = _number(data, "intercept")
    points_scale = _number(data, "points_scale")
    if points_scale <= 0:
        raise ScorecardError("points_scale must be positive")
    max_missing = _int(data, "max_missing")
    if max_missing < 0:
        raise ScorecardError("max_missing must be 0 or more")
    return Scorecard(
        name=name,
        version=version,
        kind=kind,
        checklist_version=checklist_version,
        source=str(data.get("source", "")),
        intercept=intercept,
        points_scale=points_scale,
        max_missing=max_missing,
        cutoffs=_cutoffs(_table(data, "bands")),
        points=_points(_table(data, "points"), prices_unanswered=kind == "logistic"),
        numeric=_numeric(_table(data, "numeric")),
        weights=_weights(_table(data, "weights")) if "weights" in data else None,
    )


def _cutoffs(bands: Mapping[str, object]) -> Cutoffs:
    unknown = sorted(set(bands) - {"medium_from", "high_from"})
    if unknown:
        raise ScorecardError(f"[bands] has unknown key {unknown[0]!r}")
    medium_from = _int(bands, "medium_from", where="bands.")
    high_from = _int(bands, "high_from", where="bands.")
    if not medium_from < high_from:
        raise ScorecardError(
            f"band cut-offs must increase: bands.medium_from ({medium_from}) "
            f"must be below bands.high_from ({high_from})"
        )
    return Cutoffs(medium_from=medium_from, high_from=high_from)


def _points(table: Mapping[str, object], *, prices_unanswered: bool) -> Mapping[str, Mapping[str, int]]:
    points: dict[str, Mapping[str, int]] = {}
    for item_code in table:
        item = ITEMS.get(item_code)
        if item is None or item.kind == "numeric":
            raise ScorecardError(f"[points.{item_code}]: no such choice item on the checklist")
    for item in ITEMS.values():
        if item.kind == "numeric":
            continue
        where = f"points.{item.code}"
        answers = table.get(item.code)
        if answers is None:
            raise ScorecardError(f"[{where}] is missing")
        if not isinstance(answers, Mapping):
            raise ScorecardError(f"{where} must be a table of answer = points")
        allowed = set(item.answer_codes) | ({PREFER_NOT_TO_SAY} if item.declinable else set())
        for answer_code in answers:
            if answer_code not in allowed:
                raise ScorecardError(f"{where}.{answer_code}: no such answer to {item.code}")
        item_points: dict[str, int] = {}
        for answer_code in item.answer_codes:
            if answer_code not in answers:
                raise ScorecardError(f"{where}.{answer_code} is missing")
            item_points[answer_code] = _int(answers, answer_code, where=f"{where}.")
        # The intercept describes a person giving every reference answer, so those score 0.
        reference = _reference_code(item)
        if item_points[reference] != 0:
            raise ScorecardError(f"{where}.{reference} is the reference answer and must score 0")
        if PREFER_NOT_TO_SAY in answers:
            if prices_unanswered:
                # Read so logistic-1.0 (fitted before the rule) still loads; check_declined_rule
                # keeps such a card from going live.
                item_points[PREFER_NOT_TO_SAY] = _int(answers, PREFER_NOT_TO_SAY, where=f"{where}.")
            elif answers[PREFER_NOT_TO_SAY] != 0:
                # On a hand-set card unanswered items add nothing; a file saying otherwise is a mistake.
                raise ScorecardError(f"{where}.{PREFER_NOT_TO_SAY} counts as unanswered and must score 0")
        points[item.code] = MappingProxyType(item_points)
    return MappingProxyType(points)


def _numeric(table: Mapping[str, object]) -> Mapping[str, NumericScale]:
    for item_code in table:
        if item_code not in NUMERIC_ITEM_CODES:
            raise ScorecardError(f"[numeric.{item_code}]: no such numeric item on the checklist")
    numeric: dict[str, NumericScale] = {}
    for item_code in NUMERIC_ITEM_CODES:
        where = f"numeric.{item_code}"
        spec = table.get(item_code)
        if not isinstance(spec, Mapping):
            raise ScorecardError(f"[{where}] is missing")
        unknown = sorted(set(spec) - {"centre", "points_per_unit"})
        if unknown:
            raise ScorecardError(f"{where}.{unknown[0]}: unknown key")
        numeric[item_code] = NumericScale(
            centre=_number(spec, "centre", where=f"{where}."),
            points_per_unit=_number(spec, "points_per_unit", where=f"{where}."),
        )
    return MappingProxyType(numeric)


def _weights(table: Mapping[str, object]) -> CardWeights:
    for key in table:
        if key != "intercept" and key not in ITEMS:
            raise ScorecardError(f"[weights.{key}]: no such item on the checklist")
    intercept = _number(table, "intercept", where="weights.")
    choice: dict[str, Mapping[str, float]] = {}
    numeric: dict[str, tuple[float, float]] = {}
    for item in ITEMS.values():
        where = f"weights.{item.code}"
        spec = table.get(item.code)
        if not isinstance(spec, Mapping):
            raise ScorecardError(f"[{where}] is missing")
        if item.kind == "numeric":
            unknown = sorted(set(spec) - {"centre", "per_unit"})
            if unknown:
                raise ScorecardError(f"{where}.{unknown[0]}: unknown key")
            numeric[item.code] = (
                _number(spec, "centre", where=f"{where}."),
                _number(spec, "per_unit", where=f"{where}."),
            )
            continue
        allowed = set(item.answer_codes) | ({PREFER_NOT_TO_SAY} if item.declinable else set())
        for answer_code in spec:
            if answer_code not in allowed:
                raise ScorecardError(f"{where}.{answer_code}: no such answer to {item.code}")
        weights = {code: _number(spec, code, where=f"{where}.") for code in item.answer_codes}
        if PREFER_NOT_TO_SAY in spec:
            weights[PREFER_NOT_TO_SAY] = _number(spec, PREFER_NOT_TO_SAY, where=f"{where}.")
        reference = _reference_code(item)
        if weights[reference] != 0:
            raise ScorecardError(f"{where}.{reference} is the reference answer and must weigh 0")
        choice[item.code] = MappingProxyType(weights)
    return CardWeights(intercept=intercept, choice=MappingProxyType(choice), numeric=MappingProxyType(numeric))


def _reference_code(item: Item) -> str:
    reference = item.reference
    assert reference is not None, f"{item.code} is a choice item, so it has answers"
    return reference.code


def _table(data: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = data.get(key)
    if not isinstance(value, Mapping):
        raise ScorecardError(f"[{key}] table is missing")
    return value


def _str(data: Mapping[str, object], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ScorecardError(f"{key} must be a non-empty string")
    return value


def _number(data: Mapping[str, object], key: str, where: str = "") -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScorecardError(f"{where}{key} must be a number")
    return float(value)


def _int(data: Mapping[str, object], key: str, where: str = "") -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScorecardError(f"{where}{key} must be a whole number")
    return value
