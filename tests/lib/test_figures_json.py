"""Figures to JSON and back (triage.lib.figures_json): every kind of value the evaluator's figures hold."""

import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import pytest

from triage.lib import figures_json
from triage.lib.intervals import Estimate, NotEnough, Suppressed
from triage.modelling.drift import Drift, DriftBin


@dataclass(frozen=True)
class Local:  # a dataclass of a module figures may not come from
    n: int


def test_the_kinds_of_value_figures_hold_come_back_as_they_were():
    value = {
        "estimate": Estimate(value=0.71, low=0.6, high=0.8, n=64),
        "not_enough": NotEnough(n=3, min_n=30),
        "suppressed": Suppressed(),
        "by_cell": {(12.0, 1): 5, (13.5, 0): 7},
        "by_total": {1.5: 2},
        "__odd": 1,
        "when": (date(2026, 10, 1), datetime(2026, 12, 7, 23, 0, tzinfo=UTC)),
        "nan": math.nan,
        "inf": -math.inf,
        "numpy": (np.int64(3), np.float64(0.5), np.bool_(True)),
        "floats": np.array([0.5, np.nan]),
        "labels": np.array(["a", None], dtype=object),
        "drift": Drift(
            name="q1", psi=0.01, status="stable", n_expected=10, n_actual=9, bins=(DriftBin("a", 0.5, 0.4, 0.1),)
        ),
        "set": frozenset({"x"}),
    }

    back = figures_json.loads(figures_json.dumps(value))

    assert back["estimate"] == value["estimate"] and back["not_enough"] == value["not_enough"]
    assert isinstance(back["suppressed"], Suppressed)
    assert back["by_cell"] == {(12.0, 1): 5, (13.5, 0): 7} and back["by_total"] == {1.5: 2}
    assert back["__odd"] == 1 and back["when"] == value["when"] and back["set"] == frozenset({"x"})
    assert math.isnan(back["nan"]) and back["inf"] == -math.inf
    assert back["numpy"] == (3, 0.5, True) and type(back["numpy"][0]) is int
    assert back["floats"].dtype == np.float64 and back["floats"][0] == 0.5 and np.isnan(back["floats"][1])
    assert back["labels"].dtype == object and list(back["labels"]) == ["a", None]
    assert back["drift"] == value["drift"]


def test_the_text_is_plain_json():
    text = figures_json.dumps({"rate": math.nan, "n": 3})
    assert json.loads(text) == {"rate": {"__float__": "nan"}, "n": 3}  # no NaN literal


def test_a_value_of_an_unknown_kind_is_refused():
    with pytest.raises(TypeError, match="cannot store a object"):
        figures_json.dumps({"x": object()})


def test_a_class_from_outside_the_allowed_modules_is_not_built():
    text = figures_json.dumps(Local(n=1))
    with pytest.raises(figures_json.FiguresDecodeError, match="not a module figures may come from"):
        figures_json.loads(text)
    with pytest.raises(figures_json.FiguresDecodeError):
        figures_json.loads('{"__dataclass__": "os:system", "fields": {}}')


def test_a_class_that_changed_its_fields_is_a_decode_error():
    text = '{"__dataclass__": "triage.lib.intervals:Estimate", "fields": {"value": 1}}'
    with pytest.raises(figures_json.FiguresDecodeError):
        figures_json.loads(text)
