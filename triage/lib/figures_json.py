"""Figures to JSON text and back: frozen dataclasses, tuples, NumPy arrays, dates, enums, NaN.

For figures computed once and stored (the evaluator's pages: selectors.evaluation, decision 0023).
JSON, not pickle: the stored text can be read (and scanned for identifiers) by anyone, and loading
it runs no code but the constructors of dataclasses and enums from modules under the `allowed`
prefixes. What JSON has no form for is tagged, as a one-key object whose key starts with "__":

- a tuple `{"__tuple__": [...]}`; a frozenset `{"__frozenset__": [...]}`;
- a dict whose keys are not all strings (or one that starts with "__") `{"__pairs__": [[k, v], ...]}`;
- NaN and the infinities `{"__float__": "nan"}`; a NumPy array `{"__ndarray__": [...], "dtype": "float64"}`;
- a date or datetime `{"__date__": "2026-12-07"}`, `{"__datetime__": "...+00:00"}`;
- a dataclass `{"__dataclass__": "module:Name", "fields": {...}}`, an enum `{"__enum__": "module:Name", "value": v}`.

NumPy scalars become plain numbers. Anything else is refused (TypeError), so a new kind of
value cannot be stored as something it is not. Plain Python and NumPy: no Django.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import numpy as np

DEFAULT_ALLOWED = ("triage.",)


class FiguresDecodeError(ValueError):
    """The text is not figures this code can rebuild (a class moved or changed its fields)."""


def dumps(value: Any) -> str:
    return json.dumps(_encode(value), separators=(",", ":"), allow_nan=False)


def loads(text: str, *, allowed: tuple[str, ...] = DEFAULT_ALLOWED) -> Any:
    try:
        return _decode(json.loads(text), allowed)
    except (KeyError, TypeError, ValueError, AttributeError, ImportError) as error:
        raise FiguresDecodeError(str(error)) from error


def _name(kind: type) -> str:
    return f"{kind.__module__}:{kind.__qualname__}"


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, enum.Enum):
        return {"__enum__": _name(type(value)), "value": _encode(value.value)}
    if isinstance(value, (int, np.integer)) and not isinstance(value, np.bool_):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if math.isfinite(number) else {"__float__": repr(number)}
    if isinstance(value, np.ndarray):
        return {"__ndarray__": [_encode(v) for v in value.tolist()], "dtype": value.dtype.str}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return {"__dataclass__": _name(type(value)), "fields": fields}
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, (frozenset, set)):
        return {"__frozenset__": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, Mapping):
        if all(isinstance(k, str) and not k.startswith("__") for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"__pairs__": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot store a {type(value).__name__} as figures")


def _class(name: str, allowed: tuple[str, ...]) -> type:
    module, _, qualname = name.partition(":")
    if not module.startswith(allowed):
        raise ValueError(f"{module} is not a module figures may come from")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    if not isinstance(found, type):
        raise TypeError(f"{name} is not a class")
    return found


def _decode(value: Any, allowed: tuple[str, ...]) -> Any:
    if isinstance(value, list):
        return [_decode(v, allowed) for v in value]
    if not isinstance(value, dict):
        return value
    if "__tuple__" in value:
        return tuple(_decode(v, allowed) for v in value["__tuple__"])
    if "__float__" in value:
        return float(value["__float__"])
    if "__ndarray__" in value:
        return np.array([_decode(v, allowed) for v in value["__ndarray__"]], dtype=np.dtype(value["dtype"]))
    if "__dataclass__" in value:
        kind = _class(value["__dataclass__"], allowed)
        if not dataclasses.is_dataclass(kind):
            raise TypeError(f"{value['__dataclass__']} is not a dataclass")
        return kind(**{k: _decode(v, allowed) for k, v in value["fields"].items()})
    if "__enum__" in value:
        return _class(value["__enum__"], allowed)(_decode(value["value"], allowed))
    if "__pairs__" in value:
        return {_decode(k, allowed): _decode(v, allowed) for k, v in value["__pairs__"]}
    if "__date__" in value:
        return date.fromisoformat(value["__date__"])
    if "__datetime__" in value:
        return datetime.fromisoformat(value["__datetime__"])
    if "__frozenset__" in value:
        return frozenset(_decode(v, allowed) for v in value["__frozenset__"])
    return {k: _decode(v, allowed) for k, v in value.items()}
