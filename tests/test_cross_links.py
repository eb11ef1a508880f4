"""Chapters link both ways (docs/about/style-guide.rst, "Links both ways").

When a chapter relies on another and says so with ``:ref:``, the other chapter points
back: in its prose, or in the closing ``.. seealso::`` ("Other chapters that build on this
one"). Read from the sources, so a failure names the two chapters to edit. A chapter is a
folder under one of the parts; its split-out pages (Services that speak HTTP) and
sub-pages (the migration guides) count as part of it. Part pages, the About part, the
glossary and "What we recommend" link everywhere by design and are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import DOCS

# Every part folder (one with an index.rst) but About, so a new part is checked from its start.
PARTS = tuple(
    sorted(p.name for p in DOCS.iterdir() if (p / "index.rst").is_file() and p.name != "about")
)
LABEL = re.compile(r"^\.\. _([^:\s][^:]*):\s*$", re.MULTILINE)
# :ref:`label` or :ref:`text <label>`, not :external+name:ref:`...` (another project)
REF = re.compile(r"(?<![\w+]):ref:`(?:[^`<]*<([^`>]+)>|([^`<]+))`")


def chapter_of(page: Path, docs: Path) -> str | None:
    parts = page.relative_to(docs).parts
    if parts[0] in PARTS and len(parts) >= 3:
        return f"{parts[0]}/{parts[1]}"
    return None


def chapter_links(docs: Path) -> dict[str, set[str]]:
    """For each chapter, the other chapters its pages link to with :ref:."""
    pages = sorted(docs.rglob("*.rst"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    owner = {
        match.group(1).lower(): page
        for page, text in texts.items()
        for match in LABEL.finditer(text)
    }
    links: dict[str, set[str]] = {}
    for page, text in texts.items():
        source = chapter_of(page, docs)
        if source is None:
            continue
        links.setdefault(source, set())
        for match in REF.finditer(text):
            label = " ".join((match.group(1) or match.group(2)).split()).lower()
            target_page = owner.get(label)
            target = chapter_of(target_page, docs) if target_page else None
            if target and target != source:
                links[source].add(target)
    return links


def one_way_links(links: dict[str, set[str]]) -> list[str]:
    return [
        f"{source} links to {target}, which does not link back: add a :ref: to {source} in "
        f"{target}'s prose or its closing seealso"
        for source in sorted(links)
        for target in sorted(links[source])
        if source not in links.get(target, set())
    ]


def test_chapters_link_both_ways() -> None:
    links = chapter_links(DOCS)
    assert len(links) >= 20, sorted(links)  # the four parts' chapters were all found
    assert sum(map(len, links.values())) >= 100  # and their links
    problems = one_way_links(links)
    assert not problems, "\n".join(problems)


def test_a_one_way_link_is_reported(tmp_path: Path) -> None:
    first = tmp_path / "scenarios" / "first" / "index.rst"
    second = tmp_path / "scenarios" / "second" / "more.rst"
    for page in (first, second):
        page.parent.mkdir(parents=True)
    first.write_text(".. _first:\n\nFirst\n=====\n\nSee :ref:`the second <Second>`.\n")
    second.write_text(".. _second:\n\nSecond\n======\n\nAlso :external+python:ref:`first`.\n")
    assert one_way_links(chapter_links(tmp_path)) == [
        "scenarios/first links to scenarios/second, which does not link back: add a :ref: to "
        "scenarios/first in scenarios/second's prose or its closing seealso"
    ]
    second.write_text(second.read_text() + "\nSee also :ref:`first`.\n")
    assert one_way_links(chapter_links(tmp_path)) == []
