"""Monthly sales per category with pandas 3, from a CSV read with explicit types."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

# Say what each column is. Inference would read the ZIP code "02134" as the number 2134.
SALES_DTYPES = {
    "order_id": "str",
    "zip_code": "str",
    "category": "str",
    "sold_on": "str",
    "amount_cents": "int64",
}


def read_sales(path: Path) -> pd.DataFrame:
    """Read the sales CSV with every type stated and the dates parsed as dates."""
    sales = pd.read_csv(path, dtype=SALES_DTYPES, encoding="utf-8")
    # Not parse_dates=: it leaves a column it cannot parse as text, without an error.
    sales["sold_on"] = pd.to_datetime(sales["sold_on"], format="%Y-%m-%d")
    return sales


def monthly_totals(sales: pd.DataFrame) -> list[tuple[str, str, int]]:
    """(month, category, total in cents), sorted by month then category."""
    totals = (
        sales.assign(month=sales["sold_on"].dt.strftime("%Y-%m"))
        .groupby(["month", "category"], as_index=False)["amount_cents"]
        .sum()
        .sort_values(["month", "category"])
    )
    return [
        (month, category, int(cents)) for month, category, cents in totals.itertuples(index=False)
    ]
