"""The same monthly totals with a lazy Polars query: nothing is read until collect()."""

from __future__ import annotations

from pathlib import Path

import polars as pl

SALES_SCHEMA = {
    "order_id": pl.String,
    "zip_code": pl.String,
    "category": pl.String,
    "sold_on": pl.Date,
    "amount_cents": pl.Int64,
}


def monthly_totals_query(path: Path) -> pl.LazyFrame:
    """A plan, not a result: Polars reads only the columns the query uses."""
    return (
        pl.scan_csv(path, schema=SALES_SCHEMA)
        .with_columns(month=pl.col("sold_on").dt.strftime("%Y-%m"))
        .group_by("month", "category")
        .agg(pl.col("amount_cents").sum())
        .sort("month", "category")
    )


def monthly_totals(path: Path) -> list[tuple[str, str, int]]:
    """(month, category, total in cents), sorted by month then category."""
    totals = monthly_totals_query(path).collect()
    return [tuple(row) for row in totals.iter_rows()]
