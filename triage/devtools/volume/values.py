"""Vectorised values: dates and times as the database takes them, random draws, tokens."""

from collections.abc import Sequence

import numpy as np

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def datetimes(values: np.ndarray, postgres: bool) -> list[str]:
    """UTC datetime64 → 'YYYY-MM-DD HH:MM:SS.ffffff' with a space, as Django writes them on SQLite (so
    text comparisons agree); with '+00' on PostgreSQL."""
    raw = np.datetime_as_string(values.astype("datetime64[us]"), unit="us").astype("S26")
    raw = raw.view(np.uint8).reshape(-1, 26).copy()
    raw[:, 10] = ord(" ")
    if postgres:
        raw = np.hstack([raw, np.tile(np.frombuffer(b"+00", dtype=np.uint8), (len(raw), 1))])
    width = raw.shape[1]
    return raw.view(f"S{width}").ravel().astype(f"U{width}").tolist()


def dates(values: np.ndarray) -> list[str]:
    return np.datetime_as_string(values.astype("datetime64[D]"), unit="D").tolist()


def null_if(values: Sequence, keep: Sequence[bool]) -> list:
    """The values, with None where `keep` is false."""
    return [v if ok else None for v, ok in zip(values, keep, strict=True)]


def uuid_hex(rng: np.random.Generator, n: int) -> list[str]:
    raw = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    chars = np.empty((n, 32), dtype=np.uint8)
    chars[:, 0::2] = _HEX[raw >> 4]
    chars[:, 1::2] = _HEX[raw & 0x0F]
    return chars.view("S32").ravel().astype("U32").tolist()


def weighted(rng: np.random.Generator, weights, n: int) -> np.ndarray:
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum())


def rows_by_probability(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One categorical draw per row of a (rows × choices) probability matrix."""
    cumulative = np.cumsum(probabilities, axis=1)
    return (rng.random(len(probabilities))[:, None] > cumulative).sum(axis=1).clip(max=probabilities.shape[1] - 1)


def days(n) -> np.ndarray:
    return np.asarray(n, dtype=np.int64).astype("timedelta64[D]")


def seconds(n) -> np.ndarray:
    return (np.asarray(n, dtype=np.float64) * 1e6).astype(np.int64).astype("timedelta64[us]")


def whole_days(delta: np.ndarray) -> np.ndarray:
    return (delta // np.timedelta64(1, "D")).astype(np.int64)


def age_on(dob: np.ndarray, on: np.ndarray) -> np.ndarray:
    """checklist.age_on, vectorised: whole years, the birthday counted by month and day."""
    years = on.astype("datetime64[Y]").astype(np.int64) - dob.astype("datetime64[Y]").astype(np.int64)
    return years - (_month_day(on) < _month_day(dob)).astype(np.int64)


def _month_day(values: np.ndarray) -> np.ndarray:
    month = values.astype("datetime64[M]")
    day = (values.astype("datetime64[D]") - month.astype("datetime64[D]")).astype(np.int64) + 1
    return (month.astype(np.int64) % 12 + 1) * 100 + day
