from shop_after.orders import Order


class Customer:
    def __init__(self, name: str) -> None:
        self.name = name
        self.orders: list[Order] = []

    def place(self, total: int) -> Order:
        order = Order(self, total)
        self.orders.append(order)
        return order
