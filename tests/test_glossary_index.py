"""The glossary, the index and the links between pages (issue 19, docs/about/style-guide.rst,
"Index, glossary and links").

Read from the strict HTML build the session shares (its doctrees and its pages), so no test
builds anything itself. Five rules:

1. The glossary has at least 150 entries (an entry is one definition: "FFI" and "foreign
   function interface" are one entry, each other's synonyms).
2. Every entry is linked with ``:term:`` from at least one page other than the glossary.
3. Each entry a chapter *uses* is linked with ``:term:`` at least once in that chapter. A
   chapter is a folder under a part, its sub-pages included (as in test_cross_links.py);
   part pages, the home page and the About pages are overviews, not chapters. A chapter
   uses an entry when one of the entry's names appears, as whole words, in its prose:

   - prose is the text of the doctree outside code and literals (``literal``,
     ``literal_block``, ``doctest_block``, raw and math), outside headings (titles and
     rubrics, which are labels, and code blocks' captions, which are file names), and
     outside links and index entries (a link's text already
     leads somewhere, and a URL is not prose);
   - names match case-insensitively, with an optional plural ``s``/``es`` ("wheels"), except
     a name written in capitals (PATH, PEP, GIL), which is an acronym and must match exactly,
     so that "the path" is not a use of :term:`PATH`; a qualifier in brackets is dropped
     ("kernel (Jupyter)" is matched as "kernel");
   - a name in ORDINARY_WORDS is not looked for: it is an everyday English word that most
     pages use in its everyday sense, and each entry there says why. Multi-word names and
     distinctive single words (coroutine, wheel, dtype) are always looked for.

4. Every page (each built page but the home page and the glossary) has at least two inbound
   ``:ref:`` or ``:doc:`` links from two *other* pages. The glossary's "See ..." links do
   not count: it links everywhere by design.
5. Every page has at least one index entry (an ``.. index::`` line, or a glossary term) per
   300 words of prose, with prose words counted as `make bench` counts them
   (scripts/bench.py, ``_Prose``: the words of ``<main>`` outside code).

Rules 4 and 5 report every page below them in one failure.
"""

from __future__ import annotations

import math
import pickle
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import BUILD_ROOT, ROOT, Build
from docutils import nodes
from sphinx import addnodes
from test_cross_links import chapter_of

sys.path.insert(0, str(ROOT / "scripts"))
from bench import _Prose  # noqa: E402 (scripts/ on the path first)

MIN_TERMS = 150
MIN_INBOUND = 2
WORDS_PER_INDEX_ENTRY = 300
GLOSSARY = "glossary"
HOME = "index"

# Names not looked for in prose (rule 3): everyday words a page uses in their everyday sense
# far more often than in the glossary's. Lower case; the reason is what the word usually
# means on our pages instead.
ORDINARY_WORDS: dict[str, str] = {
    "activate": "also 'activate a feature' or 'an account'",
    "array": "also JSON and JavaScript arrays, not only NumPy's",
    "cron": "used as a plain noun for any scheduler in passing",
    "deserialization": "a general computing word on every data page",
    "serialization": "a general computing word on every data page",
    "fixture": "also test data files in general, not only pytest fixtures",
    "fork": "also a process fork (os.fork) and a fork of a project",
    "formatter": "also logging's Formatter and string formatting",
    "freezing": "also 'frozen dataclass' and a program that hangs",
    "handler": "also HTTP, signal and exception handlers",
    "injection": "also dependency injection; SQL injection has its own entry",
    "interpreter": "on nearly every page of a Python guide",
    "kernel": "also the operating system's kernel",
    "migration": "also a migration from one tool or version to another",
    "module": "on nearly every page of a Python guide",
    "namespace": "also Python's namespaces, not only XML's",
    "notebook": "also a laptop and a paper notebook",
    "pin": "also a pinned issue or a pin on a map",
    "pipeline": "also CI and data pipelines, not only scikit-learn's",
    "secret": "an everyday word for anything kept private",
    "signal": "also a signal in the everyday sense (a sign)",
    "protocol": "also network protocols (HTTP, TLS), not only typing.Protocol",
    "transaction": "also a payment or an exchange in general",
    "widget": "any small element on a web page, not only a GUI toolkit's",
    "workflow": "also a way of working, not only a GitHub Actions workflow",
    "yank": "also 'pull out' in plain speech",
    "timeout": "a general word on every network and process page",
    "traceback": "Python prints one on every error; most mentions are in passing",
    "logger": "also any object that logs, in passing",
    "profiler": "also a profiler in general, in passing",
    "shared library": "a general systems word",
}

# Text under these nodes is not prose (rule 3).
NOT_PROSE = (
    nodes.literal,
    nodes.literal_block,
    nodes.doctest_block,
    nodes.raw,
    nodes.math,
    nodes.math_block,
    nodes.comment,
    nodes.title,
    nodes.subtitle,
    nodes.rubric,
    nodes.reference,
    nodes.target,
    nodes.substitution_definition,
    addnodes.pending_xref,
    addnodes.index,
)


@dataclass(frozen=True)
class Entry:
    names: tuple[str, ...]
    line: int | None

    @property
    def first(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class Site:
    doctrees: Path
    html: Path

    @cache  # noqa: B019 (one Site per build, kept for the session)
    def docnames(self) -> tuple[str, ...]:
        return tuple(
            sorted(
                p.relative_to(self.doctrees).with_suffix("").as_posix()
                for p in self.doctrees.rglob("*.doctree")
            )
        )

    @cache  # noqa: B019
    def doctree(self, docname: str) -> nodes.document:
        with (self.doctrees / f"{docname}.doctree").open("rb") as file:
            return pickle.load(file)  # noqa: S301 (our own build's doctrees)

    def source(self, docname: str) -> str:
        return f"docs/{docname}.rst"


@pytest.fixture(scope="module")
def site(html_build: Build) -> Site:
    html_build.check()
    return Site(BUILD_ROOT / ".doctrees" / "html", html_build.outdir)


# -- the glossary -----------------------------------------------------------------------------


def glossary_entries(site: Site) -> list[Entry]:
    entries = []
    for item in site.doctree(GLOSSARY).findall(nodes.definition_list_item):
        terms = [term for term in item.children if isinstance(term, nodes.term)]
        names = tuple(
            "".join(t.astext() for t in term.children if isinstance(t, nodes.Text)).strip()
            for term in terms
        )
        entries.append(Entry(names, terms[0].line if terms else item.line))
    return entries


def term_links(site: Site, docname: str) -> set[str]:
    """The glossary names (lower case) that ``docname`` links with :term:."""
    return {
        xref["reftarget"].lower()
        for xref in site.doctree(docname).findall(addnodes.pending_xref)
        if xref.get("reftype") == "term"
    }


def test_the_glossary_has_enough_terms(site: Site) -> None:
    entries = glossary_entries(site)
    assert len(entries) >= MIN_TERMS, (
        f"docs/glossary.rst has {len(entries)} entries; issue 19 asks for at least {MIN_TERMS}"
    )


def unlinked_entries(site: Site) -> list[str]:
    linked = set().union(*(term_links(site, d) for d in site.docnames() if d != GLOSSARY))
    return [
        f"docs/glossary.rst:{entry.line}: no page links '{entry.first}' with :term: "
        f"(link it where a chapter uses it, or drop the entry)"
        for entry in glossary_entries(site)
        if not {name.lower() for name in entry.names} & linked
    ]


def test_every_glossary_term_is_linked_from_a_page(site: Site) -> None:
    problems = unlinked_entries(site)
    assert not problems, "\n".join(problems)


# -- terms a chapter uses ---------------------------------------------------------------------


def bare_name(name: str) -> str:
    """The name without a qualifier in brackets: "kernel (Jupyter)" is "kernel"."""
    return re.sub(r"\s*\([^)]*\)$", "", name).strip()


def name_pattern(name: str) -> re.Pattern[str] | None:
    """The whole-word pattern that finds ``name`` in prose (None for an ordinary word)."""
    if name.lower() in ORDINARY_WORDS:
        return None
    bare = bare_name(name)
    if bare.lower() in ORDINARY_WORDS:
        return None
    words = r"\s+".join(re.escape(word) for word in bare.split())
    flags = 0 if bare.isupper() else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){words}(?:e?s)?(?![\w-])", flags)


def not_prose(node: nodes.Node) -> bool:
    if isinstance(node, NOT_PROSE):
        return True
    # a code block's caption is its file name
    return isinstance(node, nodes.caption) and bool(node.parent.get("literal_block"))


def prose_texts(tree: nodes.Node) -> Iterator[nodes.Text]:
    for text in tree.findall(nodes.Text):
        parent = text.parent
        while parent is not None and not not_prose(parent):
            parent = parent.parent
        if parent is None:
            yield text


def unit_of(docname: str) -> str:
    chapter = chapter_of(Path("docs", f"{docname}.rst"), Path("docs"))
    return chapter or docname


@dataclass(frozen=True)
class Use:
    """A chapter's first unlinked use of a glossary entry."""

    unit: str
    docname: str
    line: int | None
    text: str
    entry: Entry

    def message(self) -> str:
        where = f"docs/{self.docname}.rst" + (f":{self.line}" if self.line else "")
        text = " ".join(self.text.split())
        return f"{where}: uses '{text}' but {self.unit} never links :term:`{self.entry.first}`"


def unlinked_uses(site: Site, docnames: list[str], entries: list[Entry]) -> list[Use]:
    """Each (chapter, entry) where the chapter uses the entry but never links it."""
    patterns = []
    for entry in entries:
        found = [(name, name_pattern(name)) for name in entry.names]
        # a name's first word, in lower case: a cheap test before the regular expression
        patterns.append(
            (entry, [(bare_name(n).split()[0].lower(), p) for n, p in found if p is not None])
        )
    units: dict[str, list[str]] = {}
    for docname in docnames:
        units.setdefault(unit_of(docname), []).append(docname)
    uses = []
    for unit, members in sorted(units.items()):
        linked = set().union(*(term_links(site, d) for d in members))
        texts = [(d, text) for d in members for text in prose_texts(site.doctree(d))]
        # one search over the whole chapter first: most entries are not used at all
        whole = "\n\n".join(str(text) for _, text in texts)
        lower = whole.lower()
        for entry, found in patterns:
            if not found or {name.lower() for name in entry.names} & linked:
                continue
            if not any(needle in lower and p.search(whole) for needle, p in found):
                continue
            for docname, text in texts:
                match = next((m for _, p in found if (m := p.search(str(text)))), None)
                if match:
                    uses.append(Use(unit, docname, _line_of(text), match.group(), entry))
                    break
    return uses


def _line_of(text: nodes.Text) -> int | None:
    node: nodes.Node | None = text.parent
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return None


def test_each_chapter_links_the_terms_it_uses(site: Site) -> None:
    docnames = [d for d in site.docnames() if unit_of(d) != d]
    problems = [use.message() for use in unlinked_uses(site, docnames, glossary_entries(site))]
    assert not problems, f"{len(problems)} unlinked uses:\n" + "\n".join(problems)


# -- links into each page ---------------------------------------------------------------------


def checked_pages(site: Site) -> list[str]:
    return [d for d in site.docnames() if d not in {HOME, GLOSSARY}]


def inbound_links(site: Site) -> dict[str, set[str]]:
    """For each page, the other pages that link to it with :ref: or :doc:."""
    owner: dict[str, str] = {}
    for docname in site.docnames():
        tree = site.doctree(docname)
        for name, explicit in tree.nametypes.items():
            if explicit:
                owner.setdefault(name, docname)
    inbound: dict[str, set[str]] = {d: set() for d in site.docnames()}
    for source in site.docnames():
        if source == GLOSSARY:
            continue
        for xref in site.doctree(source).findall(addnodes.pending_xref):
            target = None
            if xref.get("reftype") == "ref":
                target = owner.get(xref["reftarget"].lower())
            elif xref.get("reftype") == "doc":
                reference = xref["reftarget"]
                base = "" if reference.startswith("/") else source.rpartition("/")[0]
                parts: list[str] = []
                for part in f"{base}/{reference.lstrip('/')}".split("/"):
                    if part == "..":
                        parts.pop()
                    elif part not in {"", "."}:
                        parts.append(part)
                target = "/".join(parts)
            if target in inbound and target != source:
                inbound[target].add(source)
    return inbound


def test_every_page_has_two_inbound_links(site: Site) -> None:
    inbound = inbound_links(site)
    assert sum(map(len, inbound.values())) >= 200, "the :ref: links were not found"
    problems = [
        f"{site.source(page)}: {len(inbound[page])} inbound :ref: link(s) from other pages "
        f"({', '.join(sorted(inbound[page])) or 'none'}); needs {MIN_INBOUND}"
        for page in checked_pages(site)
        if len(inbound[page]) < MIN_INBOUND
    ]
    assert not problems, f"{len(problems)} pages:\n" + "\n".join(problems)


# -- index entries per page -------------------------------------------------------------------


def prose_words(site: Site, docname: str) -> int:
    parser = _Prose()
    parser.feed((site.html / f"{docname}.html").read_text(encoding="utf-8"))
    return parser.words


def index_entries(site: Site, docname: str) -> int:
    return sum(len(node["entries"]) for node in site.doctree(docname).findall(addnodes.index))


def sparse_pages(site: Site) -> list[str]:
    problems = []
    for page in checked_pages(site):
        words, entries = prose_words(site, page), index_entries(site, page)
        needed = math.ceil(words / WORDS_PER_INDEX_ENTRY)
        if entries < needed:
            problems.append(
                f"{site.source(page)}: {entries} index entries for {words} words of prose; "
                f"needs {needed} (one per {WORDS_PER_INDEX_ENTRY} words)"
            )
    return problems


def test_every_page_has_enough_index_entries(site: Site) -> None:
    assert sum(prose_words(site, p) for p in checked_pages(site)) > 50_000
    problems = sparse_pages(site)
    assert not problems, f"{len(problems)} pages:\n" + "\n".join(problems)


# -- the "uses" rule on a page of its own -----------------------------------------------------


class OnePage(Site):
    """A Site of one chapter page parsed from rST: the rule without a build."""

    def __init__(self, text: str) -> None:
        super().__init__(Path("unused"), Path("unused"))
        from docutils.core import publish_doctree

        object.__setattr__(self, "tree", publish_doctree(text))

    def docnames(self) -> tuple[str, ...]:
        return ("scenarios/a-chapter/index",)

    def doctree(self, docname: str) -> nodes.document:
        return self.tree  # type: ignore[attr-defined]


def test_the_uses_rule_reads_prose_only() -> None:
    entries = [Entry(("wheel",), 1), Entry(("PATH",), 2), Entry(("lock file",), 3)]
    entries += [Entry(("module",), 4)]
    page = OnePage(
        "Title with a wheel\n==================\n\n"
        "Check ``wheel`` and the path, and a `lock file <https://x.example>`_; any module.\n\n"
        "::\n\n   wheel in a literal block\n\n"
        "Build two wheels and commit the\nlock files.\n"
    )
    uses = unlinked_uses(page, list(page.docnames()), entries)
    assert [(use.text, use.entry.first, use.line) for use in uses] == [
        ("wheels", "wheel", 10),
        ("lock files", "lock file", 10),
    ]
    assert uses[1].message() == (
        "docs/scenarios/a-chapter/index.rst:10: uses 'lock files' but scenarios/a-chapter "
        "never links :term:`lock file`"
    )
    link = addnodes.pending_xref("", reftype="term", reftarget="Wheel")
    page.tree.children[-1] += link  # type: ignore[attr-defined]
    assert [
        use.entry.first for use in unlinked_uses(page, ["scenarios/a-chapter/index"], entries)
    ] == ["lock file"]
