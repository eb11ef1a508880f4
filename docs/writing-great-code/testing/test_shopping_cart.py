"""Example-based tests for shopping_cart.py."""

from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest

from shopping_cart import Cart, ExchangeRates, display_currency, load_prices, total_in


def test_empty_cart_costs_nothing() -> None:
    assert Cart().total() == Decimal("0.00")


@pytest.fixture
def cart() -> Cart:
    """Two books and a pen: a fresh cart for every test that asks for one."""
    cart = Cart()
    cart.add("book", Decimal("12.50"), quantity=2)
    cart.add("pen", Decimal("1.99"))
    return cart


def test_adding_the_same_item_twice_adds_up_the_quantity(cart: Cart) -> None:
    cart.add("pen", Decimal("1.99"))
    assert len(cart) == 4
    assert cart.subtotal() == Decimal("28.98")


def test_removing_an_item(cart: Cart) -> None:
    cart.remove("book")
    assert cart.total() == Decimal("1.99")


def test_removing_a_missing_item_raises(cart: Cart) -> None:
    with pytest.raises(KeyError):
        cart.remove("lamp")


@pytest.mark.parametrize(
    ("discount", "expected"),
    [
        (0, Decimal("26.99")),
        (10, Decimal("24.29")),  # 24.291 rounds down
        (15, Decimal("22.94")),  # 22.9415 rounds down
        (50, Decimal("13.50")),  # 13.495 rounds half up
        (100, Decimal("0.00")),
    ],
)
def test_discounts_round_to_the_cent(cart: Cart, discount: int, expected: Decimal) -> None:
    assert cart.total(discount) == expected


@pytest.mark.parametrize("bad", [-1, 101])
def test_impossible_discounts_are_rejected(cart: Cart, bad: int) -> None:
    with pytest.raises(ValueError, match="0-100 per cent"):
        cart.total(bad)


def test_quantity_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Cart().add("book", Decimal("12.50"), quantity=0)


def test_load_prices_reads_a_csv_file(tmp_path: Path) -> None:
    prices = tmp_path / "prices.csv"
    prices.write_text("sku,price\nbook,12.50\npen,1.99\n", encoding="utf-8")
    assert load_prices(prices) == {"book": Decimal("12.50"), "pen": Decimal("1.99")}


def test_currency_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOP_CURRENCY", "GBP")
    assert display_currency() == "GBP"
    monkeypatch.delenv("SHOP_CURRENCY")
    assert display_currency() == "EUR"


def test_total_in_another_currency_asks_for_the_rate(cart: Cart) -> None:
    rates = mock.create_autospec(ExchangeRates, instance=True)
    rates.rate.return_value = Decimal("1.10")
    assert total_in(cart, "USD", rates) == Decimal("29.69")
    rates.rate.assert_called_once_with("USD")


def test_euros_need_no_exchange_rate(cart: Cart) -> None:
    rates = mock.create_autospec(ExchangeRates, instance=True)
    assert total_in(cart, "EUR", rates) == Decimal("26.99")
    rates.rate.assert_not_called()


def test_autospec_rejects_calls_the_real_class_would_reject() -> None:
    rates = mock.create_autospec(ExchangeRates, instance=True)
    with pytest.raises(TypeError):
        rates.rate("USD", "EUR")  # the real rate() takes one currency
    with pytest.raises(AttributeError):
        rates.get_rate("USD")  # and has no get_rate()
