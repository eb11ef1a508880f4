"""Tabs (sphinx-inline-tabs' ``.. tab:: Debian``): anchors kept, valid HTML, static off-screen.

sphinx-inline-tabs switches tabs with radio buttons and CSS, which only a browser can do.

* ``TabAnchors`` (every builder): a target just before a tab set keeps its ids.
* ``StaticTabs`` (every builder but the web ones): in the PDF and the EPUB each tab becomes a
  rubric (class ``tab-label``) with its label, followed by its content, so every tab shows.
* ``ValidTabInputs`` (web builders): the first radio button is ``checked="checked"``.

The tab nodes are recognised by class: sphinx-inline-tabs' own ``TabContainer`` and
``TabInput`` (importable from its ``_impl`` module only, where they have lived since its
first release). Load sphinx_inline_tabs in conf.py before this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_inline_tabs._impl import TabContainer, TabHtmlTransform, TabInput

from fieldguide import WEB_BUILDERS

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _is_inline_tab(node: nodes.Node) -> bool:
    """A tab as the directive made it: its label, then its content."""
    return (
        isinstance(node, TabContainer)
        and len(node.children) == 2
        and isinstance(node.children[0], nodes.label)
    )


class TabAnchors(SphinxPostTransform):
    """A target just before a tab set (an ``.. index::`` or a ``.. _label:``) gives its ids to
    the tab container, and sphinx-inline-tabs drops them when it rebuilds the container, so
    links to the anchor break. Move the ids to an empty inline in front of the tab set."""

    default_priority = TabHtmlTransform.default_priority - 60  # before StaticTabs too

    def run(self, **kwargs: Any) -> None:
        for tab in list(self.document.findall(_is_inline_tab)):
            if not tab["ids"]:
                continue
            anchor = nodes.inline("", "", ids=list(tab["ids"]))
            tab["ids"] = []
            tab.parent.insert(tab.parent.index(tab), anchor)


class StaticTabs(SphinxPostTransform):
    """The LaTeX builder drops a tab's label, and e-readers cannot be trusted with
    ``:checked`` CSS: each tab becomes its label as a rubric followed by its content."""

    default_priority = TabHtmlTransform.default_priority - 50

    def run(self, **kwargs: Any) -> None:
        for tab in list(self.document.findall(_is_inline_tab)):
            label, content = tab.children[0], tab.children[1]
            rubric = nodes.rubric("", "", *label.children, classes=["tab-label"])
            rubric.source, rubric.line = tab.source, tab.line
            static = nodes.container("", rubric, *content.children, classes=["tab-static"])
            tab.replace_self(static)


class ValidTabInputs(SphinxPostTransform):
    """sphinx-inline-tabs writes ``checked="True"`` on the first tab's radio button, which
    the Nu validator rejects; HTML wants ``checked`` (here: ``checked="checked"``)."""

    default_priority = TabHtmlTransform.default_priority + 50
    builders = tuple(sorted(WEB_BUILDERS))

    def run(self, **kwargs: Any) -> None:
        for node in self.document.findall(TabInput):
            if node.get("checked") is True:
                node["checked"] = "checked"


def static_tabs_off_the_web(app: Sphinx) -> None:
    """builder-inited: StaticTabs for every builder but the web ones (no public "all but"
    filter exists on post-transforms, so it is registered only where it applies)."""
    if app.builder.name not in WEB_BUILDERS:
        app.add_post_transform(StaticTabs)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_post_transform(TabAnchors)
    app.add_post_transform(ValidTabInputs)
    app.connect("builder-inited", static_tabs_off_the_web)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
