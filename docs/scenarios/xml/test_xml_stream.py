"""xml_stream: the count of orders held in memory stays the same, however long the file."""

import xml.etree.ElementTree as ET  # noqa: S405 (parses the file this test wrote)
from decimal import Decimal
from pathlib import Path

import pytest
from xml_stream import NS, total_orders

ORDERS = 10_000


def write_orders(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as file:
        file.write('<?xml version="1.0" encoding="UTF-8"?>\n<orders xmlns="urn:example:orders">\n')
        for number in range(count):
            file.write(f'  <order id="{number}" amount="1.25"><sku>A-{number}</sku></order>\n')
        file.write("</orders>\n")
    return path


@pytest.fixture(scope="module")
def orders_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_orders(tmp_path_factory.mktemp("xml") / "orders.xml", ORDERS)


def test_every_order_is_counted_and_memory_does_not_grow_with_the_file(
    orders_file: Path, tmp_path: Path
) -> None:
    totals = total_orders(orders_file)
    assert totals.orders == ORDERS
    assert totals.amount == Decimal("1.25") * ORDERS
    # The parser reads ahead one buffer, so a few hundred orders exist at once; the
    # number is the same for a file a fifth the size: it does not grow with the file.
    small = total_orders(write_orders(tmp_path / "small.xml", ORDERS // 5))
    assert totals.most_records_held == small.most_records_held
    assert totals.most_records_held < ORDERS // 20


def test_clearing_each_element_alone_still_keeps_every_shell(orders_file: Path) -> None:
    # The common half-fix: element.clear() empties the order but the root keeps the empty
    # element, so the tree still grows by one node per record.
    root = None
    for event, element in ET.iterparse(orders_file, events=("start", "end")):  # noqa: S314
        if root is None:
            root = element
        if event == "end" and element.tag == f"{NS}order":
            element.clear()
    assert root is not None
    assert len(root) == ORDERS


def test_a_malformed_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(
        '<orders xmlns="urn:example:orders">\n<order amount="1"/>\n<order amount="2">\n</orders>\n',
        encoding="utf-8",
    )
    with pytest.raises(ET.ParseError, match=r"mismatched tag: line 4, column 2") as caught:
        total_orders(path)
    assert caught.value.position == (4, 2)
