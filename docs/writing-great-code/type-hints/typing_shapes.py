"""Type hints that work on Python 3.11: the spelling to use while 3.11 is supported."""

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, NotRequired, Protocol, Self, TypeAlias, TypedDict, TypeVar

if sys.version_info >= (3, 13):
    from typing import ReadOnly
else:
    from typing_extensions import ReadOnly

if sys.version_info >= (3, 12):
    from typing import override
else:
    from typing_extensions import override

T = TypeVar("T")

# An alias names a type you would otherwise repeat.
Point: TypeAlias = tuple[float, float]


def first(items: Iterable[T]) -> T | None:
    """The first item, or None for an empty iterable."""
    for item in items:
        return item
    return None


class HasArea(Protocol):
    """Anything with an ``area()`` method: no base class needed."""

    def area(self) -> float: ...


@dataclass
class Square:
    side: float

    def area(self) -> float:
        return self.side * self.side


@dataclass
class Polygon:
    corners: list[Point]

    def area(self) -> float:
        # The shoelace formula.
        pairs = zip(self.corners, self.corners[1:] + self.corners[:1], strict=True)
        return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2


def total_area(shapes: Iterable[HasArea]) -> float:
    return sum(shape.area() for shape in shapes)


class ShapeRecord(TypedDict):
    """The JSON a client sends us."""

    id: ReadOnly[int]
    kind: str
    label: NotRequired[str]


def describe(record: ShapeRecord) -> str:
    label = record.get("label", "unlabelled")
    return f"#{record['id']} {record['kind']} ({label})"


class Stack(Generic[T]):
    """A generic container: Stack[int] holds ints, Stack[str] holds strs."""

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
