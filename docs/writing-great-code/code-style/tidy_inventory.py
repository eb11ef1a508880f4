"""Read a stock list and say what to reorder: the tidy version, from "Code style"."""

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Item:
    name: str
    quantity: int
    reorder_level: int

    @property
    def needs_reorder(self) -> bool:
        return self.quantity <= self.reorder_level

    def __str__(self) -> str:
        return f"{self.name}: {self.quantity} left"


def read_items(folder: Path) -> list[Item]:
    with (folder / "stock.csv").open(newline="", encoding="utf-8") as stock:
        return [
            Item(row["name"], int(row["quantity"]), int(row["reorder_level"]))
            for row in csv.DictReader(stock)
        ]


def reorder_report(items: list[Item]) -> list[str]:
    low = [item for item in items if item.needs_reorder]
    return [f"{rank}. {item}" for rank, item in enumerate(low, start=1)]


def quantity_of(items: list[Item], name: str) -> int:
    quantities = {item.name: item.quantity for item in items}
    try:
        return quantities[name]
    except KeyError:  # an item we have never stocked: none on the shelf
        return 0
