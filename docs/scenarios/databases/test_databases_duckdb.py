"""databases_duckdb.py on a CSV file the test writes, and on the Parquet file made from it."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from databases_duckdb import csv_to_parquet, sales_by_title

SALES = [
    ("2026-10-31", "978-0552131063", "Mort", 9, "9.99"),
    ("2026-11-01", "978-0552131063", "Mort", 2, "9.99"),
    ("2026-11-01", "978-0552138901", "Small Gods", 1, "10.50"),
    ("2026-11-02", "978-0552131063", "Mort", 3, "9.99"),
    ("2026-11-03", "978-1", "' OR 1=1 --", 1, "1.00"),
]
EXPECTED = [
    ("Mort", 5, Decimal("49.95")),
    ("Small Gods", 1, Decimal("10.50")),
    ("' OR 1=1 --", 1, Decimal("1.00")),
]


@pytest.fixture
def sales_csv(tmp_path: Path) -> Path:
    path = tmp_path / "sales.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["day", "isbn", "title", "copies", "price"])
        writer.writerows(SALES)
    return path


def test_report_from_csv(sales_csv: Path) -> None:
    assert sales_by_title(sales_csv, "2026-11-01", "2026-11-30") == EXPECTED


def test_report_from_parquet(sales_csv: Path, tmp_path: Path) -> None:
    parquet = tmp_path / "sales.parquet"
    csv_to_parquet(sales_csv, parquet)
    assert parquet.read_bytes()[:4] == b"PAR1"  # a real Parquet file
    assert sales_by_title(parquet, "2026-11-01", "2026-11-30") == EXPECTED
    assert sales_by_title(parquet, "2026-10-01", "2026-10-31") == [("Mort", 9, Decimal("89.91"))]


def test_dates_are_parameters_not_sql(sales_csv: Path) -> None:
    with pytest.raises(duckdb.ConversionException):
        sales_by_title(sales_csv, "2026-11-01' OR 1=1 --", "2026-11-30")


def test_only_known_file_types_are_read(tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        sales_by_title(tmp_path / "sales.json", "2026-11-01", "2026-11-30")
