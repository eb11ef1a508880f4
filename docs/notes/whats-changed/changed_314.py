"""Python 3.14: except without brackets, deferred annotations, t-strings, Zstandard."""

from annotationlib import get_annotations
from compression import zstd
from html import escape
from string.templatelib import Interpolation, Template, convert


def parse_port(text: str) -> int | None:
    try:
        return int(text)
    except ValueError, TypeError:
        return None


class Order:
    customer: Customer  # defined below: no quotes needed, annotations are deferred


class Customer:
    name: str


def order_fields() -> dict[str, object]:
    return get_annotations(Order)


def html(template: Template) -> str:
    """Render a t-string with every interpolated value escaped, quotes included."""
    if not isinstance(template, Template):  # an f-string by mistake: its values are baked in
        raise TypeError("html() takes a t-string, not a str")
    parts = []
    for item in template:
        if isinstance(item, Interpolation):
            # Apply !r and :.2f as an f-string would, then escape the finished text.
            text = format(convert(item.value, item.conversion), item.format_spec)
            parts.append(escape(text, quote=True))
        else:
            parts.append(item)
    return "".join(parts)


def comment_html(comment: str) -> str:
    return html(t"<p class='comment'>{comment}</p>")


def zstd_round_trip(data: bytes) -> tuple[int, bytes]:
    packed = zstd.compress(data)
    return len(packed), zstd.decompress(packed)
