"""HTML from templates that escape every value unless you say otherwise."""

from __future__ import annotations

from jinja2 import DictLoader, Environment
from markupsafe import Markup

TEMPLATES = {
    "comment.html": '<p class="comment"><a href="/u/{{ author }}">{{ author }}</a>: {{ text }}</p>',
}

# autoescape=True escapes every {{ value }}: <, >, &, " and ' become entities.
environment = Environment(loader=DictLoader(TEMPLATES), autoescape=True)


def render_comment(author: str, text: str) -> str:
    return environment.get_template("comment.html").render(author=author, text=text)


def emphasise(text: str) -> Markup:
    """Markup's format() escapes the argument, not the trusted template around it."""
    return Markup("<em>{}</em>").format(text)
