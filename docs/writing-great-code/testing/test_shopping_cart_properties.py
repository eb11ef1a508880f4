"""Property-based tests for shopping_cart.py, with Hypothesis."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from shopping_cart import Cart

prices = st.decimals(min_value=0, max_value=10_000, places=2)
items = st.lists(
    st.tuples(st.sampled_from(["book", "pen", "lamp", "mug"]), prices, st.integers(1, 50)),
    max_size=20,
)


# database=None: this guide runs its tests in a shared checkout. In your own project,
# keep Hypothesis's example database (and add .hypothesis/ to .gitignore).
@settings(database=None)
@given(items=items, discount=st.integers(min_value=0, max_value=100))
def test_a_discount_never_raises_the_price_or_goes_negative(
    items: list[tuple[str, Decimal, int]], discount: int
) -> None:
    cart = Cart()
    for sku, price, quantity in items:
        cart.add(sku, price, quantity)
    assert Decimal("0.00") <= cart.total(discount) <= cart.total()


@settings(database=None)
@given(items=st.lists(st.tuples(st.text(min_size=1), prices), unique_by=lambda i: i[0]))
def test_the_order_of_adding_does_not_change_the_subtotal(
    items: list[tuple[str, Decimal]],
) -> None:
    forwards, backwards = Cart(), Cart()
    for sku, price in items:
        forwards.add(sku, price)
    for sku, price in reversed(items):
        backwards.add(sku, price)
    assert forwards.subtotal() == backwards.subtotal()
    assert len(forwards) == len(items)
