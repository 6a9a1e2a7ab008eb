"""A partner's file of identifiers for linkage: read, checked row by row, NI numbers hashed at once.

Plain Python, no Django. A partner sends its own record id for each person it flagged as affected
by redundancy, with their NI number where it holds one, and otherwise (or as well) their given
name, family name, date of birth and postcode. The file is checked whole: every error is listed by
row and column, and a file with any error is refused (the caller keeps nothing of it).

NI numbers are normalised (upper case, spaces removed) and checked against HMRC's rules: two
prefix letters, six digits and a suffix A to D. The first letter is never D, F, I, Q, U or V; the
second never D, F, I, O, Q, U or V; the prefixes BG, GB, KN, NK, NT, TN and ZZ are never issued.
The suffix is left out of the hash: the 8-character stem identifies the person, and many records
drop or mistype the suffix, so a number with no suffix matches the same number with one. The stem
is replaced by its keyed hash (triage.lib.pseudonym) in the same loop that reads it: the rows this
module returns carry the hash, never the number.
"""

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from triage.lib.dates import parse_file_date
from triage.lib.file_errors import FileError
from triage.lib.pseudonym import pseudonym, pseudonymiser
from triage.lib.text import name_key

COLUMNS = ("record_id", "ni_number", "given_name", "family_name", "date_of_birth", "postcode")
COLUMN_LABELS = {
    "record_id": "record id",
    "ni_number": "NI number",
    "given_name": "given name",
    "family_name": "family name",
    "date_of_birth": "date of birth",
    "postcode": "postcode",
}
MAX_UPLOAD_BYTES = 20_000_000  # about 200,000 rows
MAX_UPLOAD_ROWS = 200_000
MAX_RECORD_ID = 64
MAX_NAME = 100
EARLIEST_BIRTH = date(1900, 1, 1)
NI_PURPOSE = "linkage-ni-number"  # the pseudonym's purpose: an NI hash joins nothing else

_NI = re.compile(r"^([A-Z])([A-Z])([0-9]{6})([A-D]?)$")
_NI_BAD_FIRST = frozenset("DFIQUV")
_NI_BAD_SECOND = frozenset("DFIOQUV")
_NI_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
# A UK postcode's shape: outward code (area, district) and inward code (sector, unit).
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


IdentifierError = FileError  # column: a label of COLUMN_LABELS


@dataclass(frozen=True)
class IdentifierRow:
    """One accepted row, ready to store: the NI number already replaced by its keyed hash."""

    row: int
    record_id: str
    ni_hash: str  # "" when the row has no NI number
    given_name: str  # name_key: accents dropped, case folded, punctuation removed
    family_name: str
    date_of_birth: date | None
    postcode: str  # "EH1 1AA", or ""


@dataclass(frozen=True)
class ParsedFile:
    rows: list[IdentifierRow]  # empty when the file is refused
    errors: list[IdentifierError]  # every reason the file is refused; empty when it is accepted
    received: int  # rows under the header, blank ones left out


def ni_stem(text: str) -> str | None:
    """The 8-character stem of an NI number as people write it (any case, any spacing, with or
    without its suffix), or None if it is not a number HMRC could have issued."""
    match = _NI.match("".join(text.split()).upper())
    if match is None:
        return None
    first, second, digits, _suffix = match.groups()
    if first in _NI_BAD_FIRST or second in _NI_BAD_SECOND or first + second in _NI_BAD_PREFIXES:
        return None
    return first + second + digits


def ni_hash(stem: str, *, key: bytes) -> str:
    """The keyed hash linkage compares: the same stem gives the same hash under the same key."""
    return pseudonym(stem, key=key, purpose=NI_PURPOSE)


def ni_hasher(*, key: bytes) -> Callable[[str], str]:
    """ni_hash as a function of the stem alone, the keyed HMAC made once (for a file or a run)."""
    return pseudonymiser(key=key, purpose=NI_PURPOSE)


def normalise_postcode(text: str) -> str | None:
    """A postcode in its usual form ("eh11aa" → "EH1 1AA"); "" for none; None if not a postcode."""
    compact = "".join(text.split()).upper()
    if not compact:
        return ""
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else None


parse_date = parse_file_date  # as 1975-03-27 or 27/03/1975


def template_csv() -> str:
    """The column names alone: an example row left in a partner's file would be taken for a person."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(COLUMNS)
    return out.getvalue()


def _refused(message: str, row: int | None = None) -> ParsedFile:
    return ParsedFile([], [IdentifierError(row, None, message)], 0)


def _lines(content: bytes) -> list[list[str]] | ParsedFile:
    if len(content) > MAX_UPLOAD_BYTES:
        return _refused(f"The file must be smaller than {MAX_UPLOAD_BYTES // 1_000_000} MB")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _refused("The file must be a CSV saved as UTF-8")
    if "\x00" in text:
        return _refused("The file must be a CSV saved as UTF-8")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return _refused("The file must be a CSV saved as UTF-8")


def parse_identifiers(content: bytes, *, key: bytes, today: date) -> ParsedFile:
    """The accepted rows of an uploaded CSV, or every error found in it, by row and column.

    The file is refused whole when it is too big, empty, not UTF-8, or its header is not COLUMNS;
    otherwise every cell is checked and every error kept. A row needs its record id (unique in
    the file) and either a valid NI number or a given name, family name and date of birth.
    """
    lines = _lines(content)
    if isinstance(lines, ParsedFile):
        return lines
    if not lines or not any(cell.strip() for cell in lines[0]):
        return _refused("The file is empty")
    header = tuple(cell.strip().lower() for cell in lines[0])
    if header != COLUMNS:
        return _refused(f"The first row must be the column names {', '.join(COLUMNS)}, in that order", row=1)
    body = [(number, cells) for number, cells in enumerate(lines[1:], start=2) if any(c.strip() for c in cells)]
    if not body:
        return _refused("The file has no people under its column names")
    if len(body) > MAX_UPLOAD_ROWS:
        return _refused(f"The file must hold at most {MAX_UPLOAD_ROWS:,} people")
    rows: list[IdentifierRow] = []
    errors: list[IdentifierError] = []
    seen: dict[str, int] = {}
    hash_ni = ni_hasher(key=key)
    for number, cells in body:
        row, row_errors = _check_row(number, cells, hash_ni=hash_ni, today=today, seen=seen)
        errors.extend(row_errors)
        if row is not None:
            rows.append(row)
    if errors:
        return ParsedFile([], errors, len(body))
    return ParsedFile(rows, [], len(body))


def _check_row(
    number: int, cells: Sequence[str], *, hash_ni: Callable[[str], str], today: date, seen: dict[str, int]
) -> tuple[IdentifierRow | None, list[IdentifierError]]:
    if len(cells) != len(COLUMNS):
        return None, [IdentifierError(number, None, f"Row must have {len(COLUMNS)} columns")]
    record_id, ni_text, given_text, family_text, dob_text, postcode_text = (" ".join(c.split()) for c in cells)
    errors: list[IdentifierError] = []

    def error(column: str, message: str) -> None:
        errors.append(IdentifierError(number, COLUMN_LABELS[column], message))

    if not record_id:
        error("record_id", "Enter your record id for this person")
    elif len(record_id) > MAX_RECORD_ID:
        error("record_id", f"Record id must be {MAX_RECORD_ID} characters or fewer")
    elif record_id in seen:
        error("record_id", f"Row {seen[record_id]} has the same record id: each person needs their own")
    else:
        seen[record_id] = number
    stem = ni_stem(ni_text) if ni_text else None
    if ni_text and stem is None:
        # The message never repeats the number: an error list is shown, and may be copied about.
        error("ni_number", "Enter an NI number in the right format, like QQ 12 34 56 C, or leave it empty")
    hashed = hash_ni(stem) if stem else ""
    del ni_text, stem  # only the hash goes further
    for column, text in (("given_name", given_text), ("family_name", family_text)):
        if len(text) > MAX_NAME:
            error(column, f"{COLUMN_LABELS[column].capitalize()} must be {MAX_NAME} characters or fewer")
    born = parse_date(dob_text) if dob_text else None
    if dob_text and born is None:
        error("date_of_birth", "Enter a real date of birth, like 1975-03-27 or 27/03/1975")
    elif born is not None and not EARLIEST_BIRTH <= born <= today:
        error("date_of_birth", f"Date of birth must be between {EARLIEST_BIRTH.year} and today")
        born = None
    postcode = normalise_postcode(postcode_text)
    if postcode is None:
        error("postcode", "Enter a postcode like EH1 1AA, or leave it empty")
    given, family = name_key(given_text), name_key(family_text)
    if not errors and not hashed and not (given and family and born):
        errors.append(
            IdentifierError(
                number, None, "Give an NI number, or a given name, family name and date of birth (or all four)"
            )
        )
    if errors:
        return None, errors
    return IdentifierRow(number, record_id, hashed, given, family, born, postcode or ""), errors
