"""Deferred annotations (Python 3.14+): a forward reference needs no quotes any more."""


def total_area(shapes: list[Shape]) -> float:
    # Shape is defined further down. Python 3.14 evaluates the annotation only when
    # something asks for it; Python 3.13 and older raise NameError at this line.
    return sum(shape.area() for shape in shapes)


def annotations_as_written() -> dict[str, str]:
    import annotationlib  # new in 3.14

    return annotationlib.get_annotations(total_area, format=annotationlib.Format.STRING)


class Shape:
    def area(self) -> float:
        return 1.0
