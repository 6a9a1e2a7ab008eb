"""The input of linkage: one table of identifier records, every source stacked.

Columns (`COLUMNS`, in this order):

- `unique_id`: unique across the whole table (the caller's key for the record, as text);
- `source_dataset`: where the record came from, `"pace"` or `"partner:<code>"` (`partner_source`);
  records of one source are not compared with each other;
- `record_id`: the source's own id for the record;
- `ni_hash`: the keyed hash of the normalised NI number, or null;
- `given_name`, `family_name`: name keys (`triage.lib.text.name_key`: lower case, accents
  folded, apostrophes and hyphens dropped), null when empty;
- `date_of_birth`: ISO text `YYYY-MM-DD`, or null;
- `postcode`: upper case, one space before the inward code, or null;
- `postcode_outward`: derived from `postcode` (the part before the space), or null.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from triage.lib.identifiers import normalise_postcode as normalise_file_postcode
from triage.lib.text import name_key

COLUMNS = (
    "unique_id",
    "source_dataset",
    "record_id",
    "ni_hash",
    "given_name",
    "family_name",
    "date_of_birth",
    "postcode",
    "postcode_outward",
)
PACE = "pace"
PARTNER_PREFIX = "partner:"


def partner_source(code: str, upload: int | str | None = None) -> str:
    """The `source_dataset` of a partner's records: `"partner:DWP"`, or `"partner:DWP:17"` for
    one upload. Records of one source are never compared with each other (link_only), so give
    each upload its own source when a partner's later upload must link to its earlier ones."""
    return PARTNER_PREFIX + code + ("" if upload is None else f":{upload}")


def normalise_name(value: str | None) -> str | None:
    """A name as linkage compares it, or None when nothing is left."""
    if value is None:
        return None
    key = name_key(value).replace(" ", "")
    return key or None


def normalise_postcode(value: str | None) -> str | None:
    """`"sw1a1aa"` and `" SW1A  1AA"` give `"SW1A 1AA"`; anything not shaped like a UK postcode is None."""
    return normalise_file_postcode(value or "") or None  # "" (none given) is None here too


def outward_code(postcode: str | None) -> str | None:
    """The outward code (district) of a normalised postcode."""
    return postcode.split(" ", 1)[0] if postcode else None


def normalise_date(value: dt.date | str | None) -> str | None:
    """ISO text for a date, or None for a missing or impossible one."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


@dataclass(frozen=True)
class IdentifierRecord:
    """One person as one source holds them, before normalising."""

    unique_id: str
    source_dataset: str
    record_id: str
    ni_hash: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    date_of_birth: dt.date | str | None = None
    postcode: str | None = None


def records_frame(records: Iterable[IdentifierRecord]) -> pd.DataFrame:
    """The linkage table for records as sources hold them, normalised."""
    rows = []
    for record in records:
        postcode = normalise_postcode(record.postcode)
        rows.append(
            (
                record.unique_id,
                record.source_dataset,
                record.record_id,
                record.ni_hash or None,
                normalise_name(record.given_name),
                normalise_name(record.family_name),
                normalise_date(record.date_of_birth),
                postcode,
                outward_code(postcode),
            )
        )
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)


def prepare(records: pd.DataFrame | Mapping[str, object]) -> pd.DataFrame:
    """Check a table already normalised (a DataFrame, a pyarrow Table, or columns by name), derive
    `postcode_outward` when missing, and return the columns in order, empty text as null."""
    if not isinstance(records, pd.DataFrame):
        to_pandas = getattr(records, "to_pandas", None)
        frame = to_pandas() if to_pandas is not None else pd.DataFrame(dict(records))
    else:
        frame = records.copy()
    if "postcode_outward" not in frame.columns and "postcode" in frame.columns:
        frame["postcode_outward"] = frame["postcode"].str.split(" ", n=1).str[0]
    missing = [column for column in COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(f"Identifier records lack the columns {', '.join(missing)}")
    frame = frame[list(COLUMNS)].astype(object)
    frame = frame.where(frame.notna() & (frame != ""), None)
    if frame["unique_id"].isna().any():
        raise ValueError("Every identifier record needs a unique_id")
    if frame["unique_id"].duplicated().any():
        raise ValueError("unique_id must be unique across the records")
    frame["unique_id"] = frame["unique_id"].astype(str)
    return frame.reset_index(drop=True)
