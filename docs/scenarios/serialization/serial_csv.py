"""Read and write CSV the careful way: newline="", an explicit encoding, checked rows."""

import csv
from collections.abc import Iterable
from pathlib import Path

FIELDS = ("sku", "name", "quantity")
# A spreadsheet may treat a cell starting with one of these as a formula (OWASP's list,
# plus the NUL that OWASP ASVS 5.0 adds). The csv module's quoting keeps a comma or a
# quote from starting a new cell mid-value.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def read_stock(path: Path) -> list[dict[str, str]]:
    """Read rows as dicts; a row with the wrong number of fields is an error naming its line."""
    with path.open(newline="", encoding="utf-8-sig") as file:
        reader = csv.DictReader(file, restkey="__extra__")
        if reader.fieldnames is None or tuple(reader.fieldnames) != FIELDS:
            raise ValueError(
                f"{path}:1: expected header {','.join(FIELDS)}, got {reader.fieldnames}"
            )
        rows = []
        for row in reader:
            extra = row.pop("__extra__", [])
            found = sum(value is not None for value in row.values()) + len(extra)
            if found != len(FIELDS):
                raise ValueError(
                    f"{path}:{reader.line_num}: expected {len(FIELDS)} fields, got {found}"
                )
            rows.append(row)
        return rows


def neutralise(cell: str) -> str:
    """Make a cell that would start a formula read as text in a spreadsheet."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def write_stock(path: Path, rows: Iterable[dict[str, str]]) -> None:
    """Write rows for people who will open the file in a spreadsheet."""
    # The byte order mark is how Excel tells UTF-8 from its Windows code page.
    with path.open("w", newline="", encoding="utf-8-sig") as file:
        writer = csv.DictWriter(file, fieldnames=FIELDS, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: neutralise(str(row[key])) for key in FIELDS})
