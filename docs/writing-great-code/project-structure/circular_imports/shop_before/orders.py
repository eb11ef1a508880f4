from shop_before.customers import Customer


class Order:
    def __init__(self, customer: Customer, total: int) -> None:
        self.customer = customer
        self.total = total
