"""Round trips that keep the types: Parquet for data, CSV with stated types for people."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

SALES_SCHEMA = pa.schema(
    [
        ("order_id", pa.string()),
        ("zip_code", pa.string()),
        ("category", pa.string()),
        ("sold_on", pa.date32()),
        ("amount_cents", pa.int64()),
    ]
)


def csv_to_parquet(source: Path, target: Path) -> None:
    """Read the CSV once, with the schema stated, and keep it as Parquet from then on."""
    sales = pd.read_csv(
        source,
        dtype={name: "str" for name in ("order_id", "zip_code", "category")},
        dtype_backend="pyarrow",  # Arrow types throughout, with real missing values
        encoding="utf-8",
    )
    table = pa.Table.from_pandas(sales, preserve_index=False).cast(SALES_SCHEMA)
    pq.write_table(table, target)


def read_parquet_checked(path: Path) -> pd.DataFrame:
    """Read Parquet and refuse a file whose columns or types are not the ones we expect."""
    found = pq.read_schema(path)
    if not found.equals(SALES_SCHEMA, check_metadata=False):
        columns = found.to_string(show_schema_metadata=False)
        msg = f"{path}: schema {columns!r} is not the sales schema"
        raise ValueError(msg)
    return pd.read_parquet(path, dtype_backend="pyarrow")


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix a would-be formula with ' so the spreadsheet shows it as text."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def write_csv_for_people(sales: pd.DataFrame, target: Path) -> None:
    """UTF-8 with a byte order mark for accents; no text cell that runs as a formula."""
    text_columns = sales.select_dtypes(include="str").columns
    safe = sales.assign(
        **{name: sales[name].map(neutralise, na_action="ignore") for name in text_columns}
    )
    safe.to_csv(target, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
