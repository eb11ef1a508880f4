"""The same two modules; orders.py needs Customer only for its type hints."""
