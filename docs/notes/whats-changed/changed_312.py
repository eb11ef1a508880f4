"""Python 3.12: type parameters, the type statement, freer f-strings, batched, override."""

from itertools import batched
from typing import override

type Pair[T] = tuple[T, T]


def swap[T](pair: Pair[T]) -> Pair[T]:
    first, second = pair
    return second, first


class Stack[T]:
    def __init__(self) -> None:
        self._items: list[T] = []

    def push(self, item: T) -> None:
        self._items.append(item)

    def pop(self) -> T:
        return self._items.pop()


class TagStack(Stack[str]):
    @override  # a type checker fails this if Stack loses its push method
    def push(self, item: str) -> None:
        super().push(item.lower())


def bullet_list(title: str, items: list[str]) -> str:
    # A backslash inside the braces: a syntax error before 3.12.
    return f"{title}:\n{'\n'.join(f'- {item}' for item in items)}"


def pages(lines: list[str], per_page: int) -> list[tuple[str, ...]]:
    return list(batched(lines, per_page))
