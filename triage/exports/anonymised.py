"""The anonymised export's files: rows in dictionary column order → CSV, XLSX or Parquet on disk.

Each writer streams: rows come from an iterable (one tuple per assessment, values in the order of
`columns`), go to the file a row or a row group at a time, and `progress(rows_written)` is called
every `progress_every` rows and at the end. Nothing here knows what the columns mean beyond their
name and type: the data dictionary (triage.modelling.dictionary) says which columns there are.
Plain Python, no Django.

- CSV: UTF-8 with a byte-order mark (as the caseload CSV, so Excel reads accents), text cells
  neutralised against formulas (triage.lib.text.neutralise_formula).
- XLSX: XlsxWriter in constant-memory mode, one row at a time; a table with more rows than a
  sheet holds is refused before anything is written.
- Parquet: pyarrow's ParquetWriter with an explicit schema, one row group per `row_group_rows`.
"""

import csv
import itertools
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from triage.lib.text import FORMULA_STARTS, neutralise_formula

ColumnType = Literal["text", "integer", "number"]
Progress = Callable[[int], None]
FORMATS = ("csv", "xlsx", "parquet")
XLSX_MAX_ROWS = 1_048_576  # rows in one Excel sheet, the header included
PARQUET_ROW_GROUP_ROWS = 10_000  # rows held as Python objects before each is written: bounds the RSS
BYTE_ORDER_MARK = "\ufeff"
_FORMULA_STARTS = frozenset(FORMULA_STARTS)  # each one character, so `value[:1] in` tests the same
if any(len(start) != 1 for start in FORMULA_STARTS):
    raise ImportError("the writers test a cell's first character against FORMULA_STARTS")


class ExportTooLarge(ValueError):
    """The rows do not fit the chosen format; the message says how many would and what to do."""


@dataclass(frozen=True, slots=True)
class ExportColumn:
    name: str
    type: ColumnType = "text"


def _no_progress(rows: int) -> None:
    return None


def _text_positions(columns: Sequence[ExportColumn]) -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(columns) if c.type == "text")


def _cells(row: Sequence[Any], width: int, text_at: Sequence[int]) -> list[Any]:
    """The row as written to a spreadsheet: each text cell as a string, neutralised against
    formulas, None left as it is; a row of the wrong width is refused."""
    cells = list(row)
    if len(cells) != width:
        raise ValueError(f"a row of {len(cells)} values for {width} columns")
    for i in text_at:
        value = cells[i]
        if value is not None:
            if value.__class__ is not str:
                value = cells[i] = str(value)
            if value[:1] in _FORMULA_STARTS:  # neutralise_formula's test, without a call per cell
                cells[i] = neutralise_formula(value)
    return cells


def _text_cells(text_at: Sequence[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """The text cells of a row, as a sequence (operator.itemgetter gives a bare value for one)."""
    if len(text_at) == 1:
        only = text_at[0]
        return lambda row: (row[only],)
    if not text_at:
        return lambda row: ()
    return operator.itemgetter(*text_at)


def _cells_for_csv(width: int, text_at: Sequence[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """_cells, with the common case found in C calls: a row whose text cells are all strings and
    none a formula is written as it is."""
    texts_of = _text_cells(text_at)
    starts = itertools.repeat(FORMULA_STARTS)
    only_strings = {str}
    startswith = str.startswith

    def cells(row: Sequence[Any]) -> Sequence[Any]:
        if len(row) == width:
            texts = texts_of(row)
            if set(map(type, texts)) <= only_strings and not any(map(startswith, texts, starts)):
                return row
        return _cells(row, width, text_at)

    return cells


def write_csv(
    path: Path,
    columns: Sequence[ExportColumn],
    rows: Iterable[Sequence[Any]],
    *,
    progress: Progress = _no_progress,
    progress_every: int = 1000,
) -> int:
    """Write the rows as CSV; return how many rows were written (the header not counted)."""
    text_at = _text_positions(columns)
    written = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        f.write(BYTE_ORDER_MARK)
        writer = csv.writer(f)
        writer.writerow([c.name for c in columns])
        writerow = writer.writerow
        cells = _cells_for_csv(len(columns), text_at)
        for row in rows:
            # The csv module writes None as an empty cell, so only the text cells need work.
            writerow(cells(row))
            written += 1
            if written % progress_every == 0:
                progress(written)
    progress(written)
    return written


def check_xlsx_fits(total_rows: int) -> None:
    """Raise ExportTooLarge if `total_rows` rows and a header do not fit one sheet."""
    if total_rows + 1 > XLSX_MAX_ROWS:
        raise ExportTooLarge(
            f"An Excel sheet holds {XLSX_MAX_ROWS - 1:,} rows below its header; this export has "
            f"{total_rows:,}. Choose CSV or Parquet, or narrow the filters."
        )


def write_xlsx(
    path: Path,
    columns: Sequence[ExportColumn],
    rows: Iterable[Sequence[Any]],
    *,
    total_rows: int,
    progress: Progress = _no_progress,
    progress_every: int = 1000,
) -> int:
    """Write the rows to one sheet in constant memory; `total_rows` is checked against the sheet's
    limit before the file is opened, and again as rows arrive (a wrong count never truncates)."""
    import xlsxwriter

    check_xlsx_fits(total_rows)
    text_at = _text_positions(columns)
    written = 0
    # constant_memory writes each row as it comes; strings_to_formulas off: text is never a formula.
    workbook = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    try:
        sheet = workbook.add_worksheet("export")
        sheet.write_row(0, 0, [c.name for c in columns])
        for row in rows:
            if written + 2 > XLSX_MAX_ROWS:
                raise ExportTooLarge(
                    f"An Excel sheet holds {XLSX_MAX_ROWS - 1:,} rows below its header; this export has more. "
                    "Choose CSV or Parquet, or narrow the filters."
                )
            cells = _cells(row, len(columns), text_at)
            sheet.write_row(written + 1, 0, ["" if value is None else value for value in cells])
            written += 1
            if written % progress_every == 0:
                progress(written)
    finally:
        workbook.close()
    progress(written)
    return written


def write_parquet(
    path: Path,
    columns: Sequence[ExportColumn],
    rows: Iterable[Sequence[Any]],
    *,
    progress: Progress = _no_progress,
    row_group_rows: int = PARQUET_ROW_GROUP_ROWS,
) -> int:
    """Write the rows as Parquet with an explicit schema, one row group per `row_group_rows` rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_types = {"text": pa.string(), "integer": pa.int64(), "number": pa.float64()}
    schema = pa.schema([pa.field(c.name, arrow_types[c.type], nullable=True) for c in columns])
    written = 0
    batch: list[Sequence[Any]] = []  # one row group's rows, turned into columns when it is written
    with pq.ParquetWriter(str(path), schema) as writer:

        def flush() -> None:
            if batch:
                if any(len(row) != len(columns) for row in batch):
                    raise ValueError(f"a row of the wrong width for {len(columns)} columns")
                # A column at a time (zip(*batch) makes each as it is asked for), and the rows
                # let go before the group is encoded: what from_pydict of the columns would give.
                arrays = [
                    pa.array(values, type=field.type)
                    for field, values in zip(schema, zip(*batch, strict=True), strict=True)
                ]
                batch.clear()
                writer.write_table(pa.Table.from_arrays(arrays, schema=schema), row_group_size=row_group_rows)

        for row in rows:
            batch.append(row)
            written += 1
            if written % row_group_rows == 0:
                flush()
                progress(written)
        flush()
        if written == 0:
            writer.write_table(schema.empty_table())
    progress(written)
    return written


def write(
    fmt: str,
    path: Path,
    columns: Sequence[ExportColumn],
    rows: Iterable[Sequence[Any]],
    *,
    total_rows: int,
    progress: Progress = _no_progress,
) -> int:
    """Write in `fmt` (one of FORMATS); return the rows written."""
    if fmt == "csv":
        return write_csv(path, columns, rows, progress=progress)
    if fmt == "xlsx":
        return write_xlsx(path, columns, rows, total_rows=total_rows, progress=progress)
    if fmt == "parquet":
        return write_parquet(path, columns, rows, progress=progress)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
