"""The export writers: each format holds the rows as given, streams with progress, and refuses what does not fit."""

import csv

import pyarrow.parquet as pq
import pytest

from triage.exports import anonymised
from triage.exports.anonymised import ExportColumn, ExportTooLarge, write

from .xlsx_read import sheet_rows

COLUMNS = (ExportColumn("pace_id"), ExportColumn("points", "integer"), ExportColumn("probability", "number"))
ROWS = [("abc", 3, 0.25), ("=HYPERLINK(1)", -2, None), ("déjà", 0, 1.0)]


def test_csv_has_a_byte_order_mark_and_neutralises_formulas(tmp_path):
    path = tmp_path / "x.csv"
    seen = []
    assert write("csv", path, COLUMNS, ROWS, total_rows=3, progress=seen.append) == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["pace_id", "points", "probability"]
    assert rows[2] == ["'=HYPERLINK(1)", "-2", ""]  # the number -2 is not a formula; the text is
    assert rows[3][0] == "déjà"
    assert seen[-1] == 3


def test_xlsx_holds_the_rows_and_never_a_formula(tmp_path):
    path = tmp_path / "x.xlsx"
    write("xlsx", path, COLUMNS, ROWS, total_rows=3)
    values = sheet_rows(path)
    assert values[0] == ("pace_id", "points", "probability")
    assert values[1] == ("abc", 3, 0.25)
    assert values[2][:2] == ("'=HYPERLINK(1)", -2)
    assert values[2][0] == "'=HYPERLINK(1)"


def test_xlsx_refuses_more_rows_than_a_sheet_holds_before_writing(tmp_path):
    path = tmp_path / "big.xlsx"
    with pytest.raises(ExportTooLarge, match=r"holds 1,048,575 rows.*Choose CSV or Parquet"):
        write("xlsx", path, COLUMNS, iter(()), total_rows=1_048_576)
    assert not path.exists()


def test_xlsx_stops_when_the_rows_outgrow_the_count(tmp_path, monkeypatch):
    monkeypatch.setattr(anonymised, "XLSX_MAX_ROWS", 3)
    with pytest.raises(ExportTooLarge, match="Choose CSV or Parquet"):
        write("xlsx", tmp_path / "x.xlsx", COLUMNS, ROWS, total_rows=1)


def test_parquet_has_the_explicit_schema_in_row_groups(tmp_path):
    path = tmp_path / "x.parquet"
    rows = [(f"id{i}", i, i / 10) for i in range(25)]
    seen = []
    assert anonymised.write_parquet(path, COLUMNS, rows, progress=seen.append, row_group_rows=10) == 25
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_row_groups == 3
    assert [str(t) for t in parquet.schema_arrow.types] == ["string", "int64", "double"]
    assert parquet.read().column("points").to_pylist() == list(range(25))
    assert seen == [10, 20, 25]


def test_parquet_with_no_rows_still_has_its_columns(tmp_path):
    path = tmp_path / "empty.parquet"
    write("parquet", path, COLUMNS, [], total_rows=0)
    assert pq.read_table(path).column_names == ["pace_id", "points", "probability"]


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown export format 'ods'"):
        write("ods", tmp_path / "x", COLUMNS, [], total_rows=0)
