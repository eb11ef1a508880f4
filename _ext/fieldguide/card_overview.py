"""``.. recommendation-list::``: the "what we recommend" overview of every card.

A table of every recommendation card in the guide (``fieldguide.cards``): the name linked
to the card, its status, the reason (and what to use instead), and the review date, ordered
recommended, acceptable, legacy. The directive leaves a placeholder; once every page has
been read, doctree-resolved replaces it with the table. A guide without a single card makes
the list a warning.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from fieldguide.cards import STATUS_LABELS, all_cards

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class recommendation_list(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder replaced by the overview table once every page has been read."""


class RecommendationListDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        placeholder = recommendation_list()
        self.set_source_info(placeholder)
        return [placeholder]


def _cell(*children: nodes.Node) -> nodes.entry:
    entry = nodes.entry()
    paragraph = nodes.paragraph()
    paragraph.extend(children)
    entry += paragraph
    return entry


def _overview_table(app: Sphinx, fromdocname: str, cards: list[dict[str, Any]]) -> nodes.table:
    # colwidths-given: LaTeX uses these widths instead of guessing (it made "Reviewed" too
    # narrow for its word and the date, and the table ran off the page).
    table = nodes.table(classes=["recommendation-overview", "colwidths-given"])
    group = nodes.tgroup(cols=4)
    table += group
    for width in (22, 14, 46, 18):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for heading in ("Tool or practice", "Status", "Why", "Reviewed"):
        row += _cell(nodes.Text(heading))
    head += row
    group += head
    body = nodes.tbody()
    for card in cards:
        reference = nodes.reference("", "", internal=True)
        reference["refuri"] = (
            app.builder.get_relative_uri(fromdocname, card["docname"]) + "#" + card["anchor"]
        )
        reference += nodes.Text(card["name"])
        row = nodes.row()
        row += _cell(reference)
        row += _cell(
            nodes.inline(
                card["status"],
                STATUS_LABELS[card["status"]],
                classes=[f"recommendation-badge-{card['status']}"],
            )
        )
        why = [nodes.Text(card["reason"])]
        if card["instead"]:
            why.append(nodes.Text(f" Instead: {_plain(card['instead'])}."))
        row += _cell(*why)
        row += _cell(nodes.Text(card["reviewed_on"]))
        body += row
    group += body
    return table


def _plain(rst_inline: str) -> str:
    """The text of a short inline-markup string, for the overview table."""
    return re.sub(r":\w+:`([^`<]*?)(?:\s*<[^>]*>)?`|``?([^`]*)``?", r"\1\2", rst_inline).strip()


def fill_overview(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for placeholder in list(doctree.findall(recommendation_list)):
        cards = all_cards(app.env)
        if not cards:
            logger.warning(
                "the recommendation list is empty: no page has a recommendation card",
                location=placeholder,
                type="fieldguide",
                subtype="recommendation",
            )
            placeholder.replace_self([])
            continue
        placeholder.replace_self(_overview_table(app, fromdocname, cards))


def setup(app: Sphinx) -> dict[str, object]:
    app.add_node(recommendation_list)
    app.add_directive("recommendation-list", RecommendationListDirective)
    app.connect("doctree-resolved", fill_overview)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
