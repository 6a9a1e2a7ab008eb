"""The one data dictionary for outcome data: what training accepts and the anonymised export produces.

One row is one assessed person. The columns are:

- the 17 checklist items, with the item and answer codes of triage/scoring/checklist.py. A choice
  item holds one answer code; an item the person declined (or that was left unanswered) holds
  `prefer_not_to_say`, never a blank. The derived age band (q3) is always present.
- `q7_area_unemployment`: the council area's unemployment rate in per cent, as frozen on the
  assessment (0 to 100), blank when no area was recorded.
- fairness attributes, never scored: `sex`; the age band (the q3 column); disability (the q9b
  column); `area_tercile`, the area rate cut into thirds of Scotland's working-age population.
- `council_area_code`: the GSS code of the council area (S12...), blank when unknown.
- `ltu`: the label, as triage.lib.outcomes.ltu_label defines it and Person.ltu_label keeps it:
  1 if no work (employed or self-employed) started within 365 days of the person's leaving date
  and the 12-month follow-up says they are not in work; 0 if work started within 365 days of it;
  otherwise unknown, written blank. Training leaves rows of unknown label out (never counted as
  either), and with a `pace_id` column it keeps one row per PACE ID, the person's latest
  assessment (the latest `assessment_month`, then the last in the file: an export writes its rows
  oldest first), so nobody counts twice.

The anonymised export writes EXPORT_COLUMNS: the columns above and, around them, export-only
columns that training ignores: the PACE ID, the month of the assessment, the sector and region,
points, probability, bands, the override's reason category, the interventions, and the
follow-ups as a summary without dates (`follow_ups`, and `days_to_work` in bands, a
quasi-identifier: exact dates or days would identify). An export that had to widen age bands to reach k-anonymity holds age codes
training refuses (its summary says so); every other export trains as it is.

`validate_frame` refuses a frame that breaks the dictionary with a DataError naming the column,
and the row where the first bad value sits (rows counted from 1, the header not counted).
Columns not in the dictionary are ignored. Plain Python + pandas: no Django.
"""

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from triage.lib.bands import BANDS
from triage.scoring.checklist import ITEMS, PREFER_NOT_TO_SAY

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference_data"
COUNCIL_AREAS_CSV = REFERENCE_DIR / "council_areas.csv"

LABEL = "ltu"
LTU_DEFINITION = (
    "1 = no work started within 365 days of the leaving date and the 12-month follow-up says not in work"
    " (LTU); 0 = work started within 365 days of the leaving date; blank = unknown, left out of training"
)
SEX_CODES = ("female", "male", PREFER_NOT_TO_SAY)
AREA_TERCILES = ("low", "middle", "high", "unknown")
# Thirds of Scotland's working-age population by council-area rate (reference/council_areas.csv,
# Apr 2024-Mar 2025): below 2.65% holds 35%, 2.65% to below 3.65% 35%, 3.65% or more 29%. The
# rates are given to 0.1, so edges at .05 never fall on a rate.
AREA_TERCILE_EDGES = (2.65, 3.65)

ColumnKind = Literal["choice", "numeric", "label", "text", "integer"]
ColumnRole = Literal["item", "fairness", "area", "label", "export"]


class DataError(ValueError):
    """Outcome data that break the dictionary; the message names the column, and the row if one is at fault."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: ColumnKind
    role: ColumnRole
    description: str
    allowed: tuple[str, ...] = ()  # choice columns: every allowed value
    blank_allowed: bool = False


def _council_area_codes() -> tuple[str, ...]:
    with COUNCIL_AREAS_CSV.open(newline="", encoding="utf-8") as f:
        return tuple(row["code"] for row in csv.DictReader(f))


def _item_column(code: str) -> Column:
    item = ITEMS[code]
    if item.kind == "numeric":
        return Column(
            code,
            "numeric",
            "item",
            f"Q{item.question_number}: council-area unemployment rate, per cent (0 to 100); blank if no area",
            blank_allowed=True,
        )
    allowed = tuple(a.code for a in item.answers)
    return Column(code, "choice", "item", f"Q{item.question_number}: {item.label}", allowed=allowed)


ITEM_COLUMNS: tuple[str, ...] = tuple(ITEMS)
COLUMNS: tuple[Column, ...] = (
    *(_item_column(code) for code in ITEM_COLUMNS),
    Column("sex", "choice", "fairness", "Sex, for fairness monitoring only; never scored", allowed=SEX_CODES),
    Column(
        "area_tercile",
        "choice",
        "fairness",
        "Third of Scotland's working-age population by the q7 rate: low (< 2.65%), middle, high (>= 3.65%); "
        "unknown when q7 is blank",
        allowed=AREA_TERCILES,
    ),
    Column(
        "council_area_code",
        "choice",
        "area",
        "GSS code of the council area (reference_data/council_areas.csv); blank if unknown",
        allowed=_council_area_codes(),
        blank_allowed=True,
    ),
    Column(LABEL, "label", "label", LTU_DEFINITION, blank_allowed=True),
)
COLUMN_BY_NAME: Mapping[str, Column] = {c.name: c for c in COLUMNS}
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)

SECTOR_CODES = (
    "manufacturing",
    "energy",
    "construction",
    "retail",
    "hospitality",
    "transport",
    "finance",
    "public",
    "health",
    "creative",
    "food_drink",
    "other",
)
BAND_CODES: tuple[str, ...] = BANDS
OVERRIDE_REASON_CODES = (
    "adviser_knowledge",
    "complex_needs",
    "health",
    "caring",
    "local_jobs",
    "job_prospects",
    "answers",
    "other",
)
WIDENED_AGE_BANDS = {"under_25": "under_35", "25_34": "under_35", "35_44": "35_to_54", "45_54": "35_to_54"}
"""Age bands widened when k-anonymity needs it; 55_plus stays as it is."""

WORK_START_BANDS = ("0_30", "31_90", "91_182", "183_365", "over_365", "no_start_recorded")
"""days_to_work's bands: the upper edges fall on the follow-up points (3, 6, 12 months), so the
follow_ups column says little the band does not."""
_WORK_START_EDGES = ((30, "0_30"), (90, "31_90"), (182, "91_182"), (365, "183_365"))
WIDENED_WORK_START_BANDS = {"0_30": "0_90", "31_90": "0_90", "91_182": "91_365", "183_365": "91_365"}
"""days_to_work's bands widened when k-anonymity needs it; over_365 and no_start_recorded stay."""


def work_start_band(days: int | None) -> str:
    """The days_to_work band of `days` from leaving to the first start of work (None: no start
    recorded). Exact days are never exported: with the age band, sex and area they single people out."""
    if days is None:
        return "no_start_recorded"
    for edge, band in _WORK_START_EDGES:
        if days <= edge:
            return band
    return "over_365"


_BEFORE = (
    Column("pace_id", "text", "export", "PACE ID: keyed pseudonym of the person, the same in every export"),
    Column(
        "assessment_month",
        "text",
        "export",
        "Month of the assessment, YYYY-MM; YYYY-Qn when k-anonymity needed quarters",
    ),
    Column("sector", "choice", "export", "Sector of the employer making the redundancy", allowed=SECTOR_CODES),
    Column("region", "text", "export", "Region of the council area (reference_data/council_areas.csv)"),
)
_AFTER = (
    Column("scorecard", "text", "export", "Scorecard name-version the assessment was scored with"),
    Column("points", "integer", "export", "Total points on that scorecard"),
    Column("probability", "numeric", "export", "Probability of LTU from that scorecard; blank for a rules scorecard"),
    Column("model_band", "choice", "export", "Band from the scorecard", allowed=BAND_CODES, blank_allowed=True),
    Column(
        "effective_band",
        "choice",
        "export",
        "Band after any adviser's override",
        allowed=BAND_CODES,
        blank_allowed=True,
    ),
    Column(
        "override_reason",
        "choice",
        "export",
        "Reason category of the latest override (never its text); blank if none",
        allowed=OVERRIDE_REASON_CODES,
        blank_allowed=True,
    ),
    Column(
        "interventions",
        "text",
        "export",
        "The person's support: type:partner:status, separated by '; ' (partner 'other' when not a listed partner)",
    ),
    Column(
        "follow_ups",
        "text",
        "export",
        "The person's follow-ups as months:status, separated by '; ', in order of the point (3, 6, 12 months after"
        " leaving); the latest recorded at each point; never their dates; blank if none",
    ),
    Column(
        "days_to_work",
        "choice",
        "export",
        "Days from the leaving date to the first start of work any follow-up shows, in bands: 0_30 (30 or"
        " fewer, including work lined up before the job ended), 31_90, 91_182, 183_365, over_365;"
        " no_start_recorded if no follow-up shows a start. 0_90 and 91_365 when k-anonymity needed wider"
        " bands. A quasi-identifier: people around someone know roughly when they started a job",
        allowed=(*WORK_START_BANDS, *sorted(set(WIDENED_WORK_START_BANDS.values()))),
    ),
)
# The export's columns, in order; a column added here is written by the selector's VALUES entry of
# the same name (triage.selectors.export). The label comes last.
EXPORT_COLUMNS: tuple[Column, ...] = (
    *_BEFORE,
    *(c for c in COLUMNS if c.name != LABEL),
    *_AFTER,
    COLUMN_BY_NAME[LABEL],
)
EXPORT_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in EXPORT_COLUMNS)
QUASI_IDENTIFIERS: tuple[str, ...] = (
    "q3_age_band",
    "sex",
    "council_area_code",
    "sector",
    "assessment_month",
    "days_to_work",
)
"""The columns k-anonymity is counted over, in the order of the export's k-anonymity key."""


def dictionary_entries() -> list[dict[str, object]]:
    """Every column of the export, in order, as the data dictionary page and downloads show it."""
    training = set(COLUMN_NAMES)
    entries = []
    for column in EXPORT_COLUMNS:
        entries.append(
            {
                "name": column.name,
                "type": column.kind,
                "description": column.description,
                "allowed": list(column.allowed),
                "blank_allowed": column.blank_allowed,
                "training": column.name in training,
                "quasi_identifier": column.name in QUASI_IDENTIFIERS,
                "in_export": column.name in EXPORT_COLUMN_NAMES,
            }
        )
    return entries


FAIRNESS_ATTRIBUTES: Mapping[str, str] = {
    "sex": "sex",
    "age band": "q3_age_band",
    "disability": "q9b_disability",
    "area unemployment tercile": "area_tercile",
}
"""Fairness attribute -> the column that holds it."""


def area_tercile(rates: pd.Series | np.ndarray) -> np.ndarray:
    """The area_tercile value for each rate; NaN (no area) gives 'unknown'."""
    values = np.asarray(rates, dtype=np.float64)
    index = np.searchsorted(np.array(AREA_TERCILE_EDGES), values, side="right")
    index = np.where(np.isnan(values), 3, index)
    return np.array(AREA_TERCILES, dtype=object)[index]


def validate_frame(df: pd.DataFrame) -> None:
    """Raise DataError naming the first column (and row) that breaks the dictionary; else None."""
    missing = [name for name in COLUMN_NAMES if name not in df.columns]
    if missing:
        raise DataError(
            f"column {missing[0]!r} is missing" + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
        )
    for column in COLUMNS:
        series = df[column.name]
        if column.kind == "choice":
            _check_choice(series, column)
        elif column.kind == "numeric":
            _check_numeric(series, column)
        else:
            _check_label(series, column)
    rates = _numbers(df["q7_area_unemployment"])
    expected = area_tercile(rates)
    wrong = np.flatnonzero(df["area_tercile"].astype(object).to_numpy() != expected)
    if len(wrong):
        row = wrong[0]
        raise DataError(
            f"row {row + 1}, column 'area_tercile': {df['area_tercile'].iloc[row]!r} does not match "
            f"q7_area_unemployment {_shown(rates[row])} (expected {expected[row]!r})"
        )


PACE_ID = "pace_id"
MONTH = "assessment_month"


@dataclass(frozen=True, slots=True)
class LeftOut:
    """Rows of valid data that training does not use, and why."""

    earlier_assessments: int = 0  # another row of the same PACE ID is the person's latest
    unknown_label: int = 0  # the label is blank: never counted as 0 or 1


def training_rows(df: pd.DataFrame) -> tuple[pd.DataFrame, LeftOut]:
    """The rows training uses: with a pace_id column, each PACE ID's latest assessment (the latest
    assessment_month, then the last in the file); then only those whose label is known."""
    rows = df
    if PACE_ID in rows.columns:
        if MONTH in rows.columns:
            rows = rows.sort_values(MONTH, kind="stable", na_position="first")
        ids = rows[PACE_ID]
        repeated = ids.duplicated(keep="last") & ids.notna() & (ids.astype(object) != "")
        rows = rows[~repeated].sort_index()
    earlier = len(df) - len(rows)
    known = ~np.isnan(_labels(rows[LABEL]))
    return rows[known], LeftOut(earlier_assessments=earlier, unknown_label=int((~known).sum()))


def clean_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Validate, then return the rows training uses (training_rows; what was left out is in
    `.attrs["left_out"]`) with the dictionary's columns in their canonical types (a new frame).

    Choice columns become categoricals whose categories are the allowed values in dictionary
    order; q7 becomes float64 (NaN = no area); the label becomes int8.
    """
    validate_frame(df)
    df, left_out = training_rows(df)
    out = {}
    for column in COLUMNS:
        series = df[column.name]
        if column.kind == "choice":
            values = series.astype(object).where(series.notna(), "")
            categories = list(column.allowed) + ([""] if column.blank_allowed else [])
            out[column.name] = pd.Categorical(values, categories=categories)
        elif column.kind == "numeric":
            out[column.name] = _numbers(series)
        else:
            out[column.name] = _labels(series).astype(np.int8)
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(df)))
    frame.attrs["left_out"] = left_out
    return frame


def read_csv(path: Path | str) -> pd.DataFrame:
    """Read a UTF-8 CSV of outcome data as text, so validation sees exactly what the file holds.

    Raises DataError naming the file if it cannot be read. Only blank cells are missing: a cell
    reading "none" or "NA" stays text.
    """
    path = Path(path)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a folder, not a CSV file") from None
    except PermissionError:
        raise DataError(f"{path}: not allowed to read the file") from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: not a UTF-8 text file") from None
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: the file is empty") from None
    except (pd.errors.ParserError, ValueError, OSError) as e:
        raise DataError(f"{path}: cannot be read as CSV ({str(e).splitlines()[0]})") from None


def data_sha256(df: pd.DataFrame) -> str:
    """SHA-256 over pandas' row hashes of the dictionary columns, in dictionary order.

    Equal for equal content whatever the dtypes (a clean_frame of the same rows), and fast enough
    for a million rows, unlike hashing a CSV rendering.
    """
    import hashlib

    canonical = pd.DataFrame(
        {
            name: (df[name].astype(object) if COLUMN_BY_NAME[name].kind == "choice" else df[name].astype(np.float64))
            for name in COLUMN_NAMES
        }
    )
    row_hashes = pd.util.hash_pandas_object(canonical, index=False).to_numpy()
    digest = hashlib.sha256(",".join(COLUMN_NAMES).encode())
    digest.update(row_hashes.tobytes())
    return digest.hexdigest()


def _first_row(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _check_choice(series: pd.Series, column: Column) -> None:
    values = series.astype(object).to_numpy()
    blank = pd.isna(values) | (values == "")
    if blank.any() and not column.blank_allowed:
        row = _first_row(blank)
        hint = ""
        item = ITEMS.get(column.name)
        if item is not None and item.declinable:
            hint = f"; record an unanswered item as {PREFER_NOT_TO_SAY!r}"
        raise DataError(f"row {row + 1}, column {column.name!r}: blank{hint}")
    allowed = set(column.allowed)
    bad = ~blank & ~pd.Series(values).isin(allowed).to_numpy()
    if bad.any():
        row = _first_row(bad)
        shown = ", ".join(column.allowed) if len(column.allowed) <= 8 else f"{len(column.allowed)} codes"
        raise DataError(f"row {row + 1}, column {column.name!r}: {values[row]!r} is not allowed (allowed: {shown})")


def _numbers(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def _check_numeric(series: pd.Series, column: Column) -> None:
    numbers = _numbers(series)
    raw = series.astype(object).to_numpy()
    given = ~(pd.isna(raw) | (raw == ""))
    not_number = given & np.isnan(numbers)
    if not_number.any():
        row = _first_row(not_number)
        raise DataError(f"row {row + 1}, column {column.name!r}: {raw[row]!r} is not a number")
    out_of_range = given & ((numbers < 0) | (numbers > 100) | np.isinf(numbers))
    if out_of_range.any():
        row = _first_row(out_of_range)
        raise DataError(f"row {row + 1}, column {column.name!r}: {raw[row]!r} is not between 0 and 100")


def _labels(series: pd.Series) -> np.ndarray:
    raw = series.astype(object).to_numpy()
    numbers = pd.to_numeric(pd.Series(raw), errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    return numbers


def _check_label(series: pd.Series, column: Column) -> None:
    numbers = _labels(series)
    raw = series.astype(object).to_numpy()
    blank = pd.isna(raw) | (raw == "")
    bad = ~np.isin(numbers, (0.0, 1.0)) & ~(blank & column.blank_allowed)
    if bad.any():
        row = _first_row(bad)
        value = series.iloc[row]
        shown = "blank" if pd.isna(value) or value == "" else repr(value)
        raise DataError(
            f"row {row + 1}, column {column.name!r}: {shown} is not a label (use 0 or 1, or blank if unknown)"
        )


def _shown(rate: float) -> str:
    return "blank" if np.isnan(rate) else f"{rate:g}"
