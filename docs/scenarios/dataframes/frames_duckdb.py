"""The same monthly totals in SQL with DuckDB: from the CSV file, or from a dataframe."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

MONTHLY_TOTALS = """
    SELECT strftime(sold_on, '%Y-%m') AS month,
           category,
           sum(amount_cents)::BIGINT AS amount_cents
    FROM {source}
    GROUP BY month, category
    ORDER BY month, category
"""

# The CSV's types, stated: the sniffer guesses from a sample of rows, and guesses can change.
CSV_COLUMNS = {
    "order_id": "VARCHAR",
    "zip_code": "VARCHAR",
    "category": "VARCHAR",
    "sold_on": "DATE",
    "amount_cents": "BIGINT",
}


def monthly_totals(path: Path) -> list[tuple[str, str, int]]:
    """Query the CSV file in place; DuckDB reads it, no dataframe needed."""
    with duckdb.connect() as con:
        source = "read_csv($path, columns = $columns, header = true)"
        result = con.execute(
            MONTHLY_TOTALS.format(source=source), {"path": str(path), "columns": CSV_COLUMNS}
        )
        return result.fetchall()


def monthly_totals_of_frame(sales: pd.DataFrame) -> list[tuple[str, str, int]]:
    """Query a pandas or Polars dataframe, registered under a name the SQL can rely on."""
    with duckdb.connect() as con:
        con.register("sales", sales)  # explicit: the name does not depend on local variables
        return con.execute(MONTHLY_TOTALS.format(source="sales")).fetchall()
