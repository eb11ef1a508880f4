"""Keep the search index's index entries through an incremental build.

Sphinx (up to 9.2 at least; https://github.com/sphinx-doc/sphinx/issues/12599, open) keeps a
page's ``.. index::`` entries for the search only in memory: it saves the build environment
before it writes (and so before it indexes) any page, and when it loads the previous
``searchindex.js`` it restores titles and words but not ``indexentries``. So a rebuild that
rewrites only some pages (a theme edit, ``make html`` twice, ``make serve``) publishes a search
index whose index entries cover only those pages: none at all when no page was rewritten.

This extension fills the gap from the previous ``searchindex.js`` itself, the file Sphinx
already trusts for the rest of the index: after the pages are written, every page that was
not indexed again in this build gets back its entries from the previous index. A page that
was indexed again keeps what it has now, so an edited entry is never replaced by an old one.
If a future Sphinx restores the entries itself, every page already has them and this does
nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)

# docname -> [(entry, anchor, "main" or "")], the shape IndexBuilder.feed() gives each page.
Entries = dict[str, list[tuple[str, str, str]]]


def _page_entries(indexer: Any) -> Entries | None:
    """The indexer's per-page index entries, or None if this Sphinx keeps them elsewhere."""
    entries = getattr(indexer, "_index_entries", None)
    return entries if isinstance(entries, dict) else None


def forget_saved_entries(app: Sphinx, builder: Builder) -> None:
    """Start each build with no entries from the saved environment.

    Sphinx saves the environment before it indexes any page, so its saved entries are not the
    previous build's; clearing them means that after writing, a page has entries exactly when
    it was indexed in this build, and every other page is restored from the previous index.
    """
    entries = getattr(builder.env, "_search_index_index_entries", None)
    if getattr(builder, "search", False) and isinstance(entries, dict):
        entries.clear()


def previous_entries(builder: Any) -> Entries:
    """Each page's index entries in the ``searchindex.js`` the previous build left, if any."""
    path = builder.outdir / builder.searchindex_filename
    try:
        if builder.indexer_dumps_unicode:
            with open(path, encoding="utf-8") as stream:
                frozen = builder.indexer_format.load(stream)
        else:
            with open(path, "rb") as stream:
                frozen = builder.indexer_format.load(stream)
    except (OSError, ValueError):
        return {}  # no previous index (a fresh build) or one Sphinx cannot read either
    if not isinstance(frozen, dict) or frozen.get("envversion") != builder.env.version:
        return {}  # Sphinx ignores an index of another format version; so do we
    docnames = frozen["docnames"]
    restored: Entries = {}
    for entry, uses in frozen.get("indexentries", {}).items():
        for doc, anchor, is_main in uses:
            restored.setdefault(docnames[doc], []).append(
                (entry, anchor, "main" if is_main else "")
            )
    return restored


def restore_entries(app: Sphinx) -> list[tuple[str, dict[str, object], str]]:
    """Give back, from the previous index, the entries of every page not indexed again."""
    indexer = getattr(app.builder, "indexer", None)
    entries = _page_entries(indexer)
    if entries is None:
        return []
    # The pages the search index will list: loaded from the previous index and still in the
    # project, or indexed in this build (IndexBuilder keeps their titles).
    listed = set(getattr(indexer, "_titles", ())) & set(app.env.all_docs)
    missing = listed - entries.keys()
    if missing:
        old = previous_entries(app.builder)
        restored = sorted(missing & old.keys())
        for docname in restored:
            entries[docname] = old[docname]
        logger.debug("search index: index entries of %d unchanged pages restored", len(restored))
    # One order for a full and an incremental build, so both write the same file: pages by
    # name, each page's entries as the index lists them (the previous index keeps no case).
    ordered = {
        docname: sorted(page, key=lambda use: (use[0].lower(), use[1], use[2]))
        for docname, page in sorted(entries.items())
    }
    entries.clear()
    entries.update(ordered)
    return []  # html-collect-pages: this hook adds no page


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("write-started", forget_saved_entries)
    # html-collect-pages runs after every page is written and before the index is dumped.
    app.connect("html-collect-pages", restore_entries)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
