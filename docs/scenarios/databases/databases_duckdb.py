"""Sales figures straight from a CSV or Parquet file with DuckDB, in-process."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb

READERS = {".csv": "read_csv", ".parquet": "read_parquet"}

REPORT = """
    SELECT title,
           sum(copies) AS copies,
           sum(copies * CAST(price AS DECIMAL(10, 2))) AS revenue
    FROM {reader}($path)
    WHERE day BETWEEN $first AND $last
    GROUP BY title
    ORDER BY revenue DESC, title
"""


def sales_by_title(path: Path, first: str, last: str) -> list[tuple[str, int, Decimal]]:
    """Copies sold and revenue per title between two ISO dates, best sellers first."""
    reader = READERS[path.suffix]  # a fixed name from our table, never text from outside
    with duckdb.connect() as con:  # an in-memory database: the file is the only data
        result = con.execute(
            REPORT.format(reader=reader), {"path": str(path), "first": first, "last": last}
        )
        return [(title, int(copies), revenue) for title, copies, revenue in result.fetchall()]


def csv_to_parquet(source: Path, target: Path) -> None:
    """Convert once; Parquet keeps the column types and reads many times faster."""
    with duckdb.connect() as con:
        con.read_csv(str(source)).write_parquet(str(target))
