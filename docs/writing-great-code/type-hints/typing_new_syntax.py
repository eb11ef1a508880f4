"""The same ideas in the syntax of Python 3.12 and newer (PEP 695)."""

from collections.abc import Iterable, Iterator
from typing import Self, override

type Point = tuple[float, float]
type Pairs[T] = list[tuple[T, T]]


def first[T](items: Iterable[T]) -> T | None:
    """The first item, or None for an empty iterable."""
    for item in items:
        return item
    return None


def pair_up[T](items: list[T]) -> Pairs[T]:
    return list(zip(items[::2], items[1::2], strict=False))


class Stack[T]:
    def __init__(self) -> None:
        self.items: list[T] = []

    def push(self, item: T) -> Self:
        self.items.append(item)
        return self

    def pop(self) -> T:
        return self.items.pop()

    def __iter__(self) -> Iterator[T]:
        return reversed(self.items)


class Tray(Stack[str]):
    @override
    def pop(self) -> str:
        return super().pop().upper()


def largest[N: (int, float)](numbers: Iterable[N]) -> N:
    """A constrained type parameter: ints in, int out; floats in, float out."""
    return max(numbers)
