"""PDF only: turn the home page into the book's introduction, so parts stay parts.

Sphinx's LaTeX builder inlines every toctree where it stands. The home page (docs/index.rst)
has its own sections ("Don't panic", "Who it is for", ...) and its toctree sits inside the
last of them, so, as built, those sections became \\part{...} and the real parts became
chapters. This post-transform runs on the assembled book (LaTeX builder only):

* the documents the home page includes (the parts, the glossary) move to the top level,
  after the home page's own text, in toctree order;
* documents named in ``fieldguide_pdf_appendices`` (the glossary) go last, as lettered
  appendix chapters;
* the home page's own sections become unnumbered headings (rubrics) of an
  "Introduction" in the front of the book, keeping their link targets.

A second post-transform handles a chapter whose pages are split out: a toctree inside one
of a chapter's sections would make its pages subsections of that section ("20.5.1 Queues
and workers" under "The front end and its client"). Such a page moves to just after the
section that holds the toctree, so it is numbered as the chapter's next section.

The website and the EPUB are untouched.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

INTRODUCTION = "Introduction"


def _top_level_documents(root: nodes.Element) -> list[tuple[nodes.Element, addnodes.start_of_file]]:
    """(parent, document) for each included document not inside another included one.

    Walks down from the root: after Sphinx inlines the toctrees, ``.parent`` of nested
    nodes can still point into the documents' own trees, so it cannot be trusted.
    """
    found = []

    def walk(element: nodes.Element) -> None:
        for child in element.children:
            if isinstance(child, addnodes.start_of_file):
                found.append((element, child))
            elif isinstance(child, nodes.Element):
                walk(child)

    walk(root)
    return found


def _flatten(section: nodes.section, level: int) -> list[nodes.Node]:
    """A home-page section as a target, an unnumbered heading, and its body."""
    title = section.next_node(nodes.title)
    out: list[nodes.Node] = []
    if section["ids"]:
        out.append(nodes.target("", "", ids=list(section["ids"])))
    if title is not None:
        # heading-level 3 is \section* when parts are the top level (see conf.py)
        out.append(nodes.rubric("", "", *title.children, **{"heading-level": level}))
    for child in list(section.children):
        if child is title:
            continue
        if isinstance(child, nodes.section):
            out.extend(_flatten(child, level + 1))
        else:
            out.append(child)
    return out


def _remove_empty(root: nodes.Element, wrapper: nodes.Element) -> None:
    """Remove ``wrapper`` from wherever it is under ``root`` (top-down, see above)."""
    for element in [root, *root.findall(nodes.Element)]:
        if any(child is wrapper for child in element.children):
            element.children = [child for child in element.children if child is not wrapper]
            return


class HomePageAsIntroduction(SphinxPostTransform):
    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        root_doc = self.config.root_doc
        if self.document.get("docname") != root_doc:
            return
        root = next(iter(self.document.findall(nodes.section)), None)
        if root is None:
            return
        found = _top_level_documents(root)
        if not found:
            return
        documents = [document for _, document in found]
        for parent, document in found:
            parent.remove(document)
            if "toctree-wrapper" in parent.get("classes", ()) and not parent.children:
                _remove_empty(root, parent)
        title = root.next_node(nodes.title)
        body: list[nodes.Node] = []
        for child in list(root.children):
            if child is title:
                continue
            root.remove(child)
            body.extend(_flatten(child, 3) if isinstance(child, nodes.section) else [child])
        if any(not isinstance(node, (nodes.target, addnodes.index)) for node in body):
            heading = (
                rf"\chapter*{{{INTRODUCTION}}}\phantomsection"
                rf"\addcontentsline{{toc}}{{part}}{{{INTRODUCTION}}}"
                rf"\markboth{{{INTRODUCTION}}}{{{INTRODUCTION}}}"
            )
            body.insert(0, nodes.raw("", heading + "\n", format="latex"))
        root.extend(body)
        appendices = set(self.config.fieldguide_pdf_appendices)
        main = [document for document in documents if document["docname"] not in appendices]
        back = [document for document in documents if document["docname"] in appendices]
        root.extend(main)
        if back:
            # After \appendix, chapters are lettered "Appendix A". A section with no title
            # prints nothing but moves what it holds one level down, so an appendix document
            # (whose title would be a \part at top level) becomes a chapter.
            root.append(nodes.raw("", "\\appendix\n", format="latex"))
            holder = nodes.section("")
            holder.extend(back)
            root.append(holder)


def _titled(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.section) and bool(node.children) and isinstance(node[0], nodes.title)
    )


class SplitPagesAsSections(SphinxPostTransform):
    default_priority = 6  # after HomePageAsIntroduction
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        if self.document.get("docname") != self.config.root_doc:
            return
        last_moved: dict[int, nodes.Node] = {}  # per section: the page last moved after it
        while self._move_one(last_moved):
            pass

    def _move_one(self, last_moved: dict[int, nodes.Node]) -> bool:
        """Move one included page that sits inside a section below its document's top
        section; False when there is none left. Walks down from the root (see above)."""
        stack: list[nodes.Element] = []

        def walk(element: nodes.Element) -> bool:
            stack.append(element)
            for child in list(element.children):
                if isinstance(child, addnodes.start_of_file):
                    titled = [i for i, node in enumerate(stack) if _titled(node)]
                    if titled and titled[-1] > 0:
                        section, holder = stack[titled[-1]], stack[titled[-1] - 1]
                        if not isinstance(holder, (addnodes.start_of_file, nodes.document)):
                            element.remove(child)
                            after = last_moved.get(id(section), section)
                            holder.insert(holder.index(after) + 1, child)
                            last_moved[id(section)] = child
                            if not element.children and "toctree-wrapper" in element.get(
                                "classes", ()
                            ):
                                stack[-2].remove(element)
                            return True
                if isinstance(child, nodes.Element) and walk(child):
                    return True
            stack.pop()
            return False

        return walk(self.document)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("fieldguide_pdf_appendices", [], "env", types=frozenset({list}))
    app.add_post_transform(HomePageAsIntroduction)
    app.add_post_transform(SplitPagesAsSections)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
