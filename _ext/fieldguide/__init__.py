"""The Field Guide's own Sphinx extensions, one module per concern.

conf.py lists each module it uses in ``extensions``; none loads another. Read them in this
order, each on its own:

``samples``       good/bad examples; which Python blocks are executed (``sample-run``) or
                  marked bad (``sample-bad``); the "tested on" page context
``tested_by``     ``literalinclude`` with ``:tested-by: test_x.py``: the link from an included
                  program to the pytest file that runs it
``bad_syntax``    bad examples must still parse: one ruff run per build over all of them
``review_dates``  the ``:reviewed-on:`` field of a page
``origin``        no request may leave the site's origin (also used by the tests)
``tabs``          sphinx-inline-tabs: anchors, valid inputs, every tab shown in PDF and EPUB
``scripts``       every script loads with ``defer``
``cards``         recommendation cards; the chapters must agree on each
``card_overview`` the "what we recommend" table of every card
``i18n``          the "this translation may be behind" notice
``latex``         the PDF's book structure (LaTeX builder only)
``orphans``       a page outside every toctree is reported with a line number
``diagrams``      graphviz diagrams: inline SVG in the theme's colours, a text alternative
``releases``      the Python support table and release calendar, from one data file
``search_index``  the search index keeps every page's index entries through an incremental build

Shared helpers, no extensions themselves: ``sources`` (where a block's text starts in its
file) and ``per_document`` (data kept per page in the build environment).
They work with Sphinx 9.0 on Python 3.11 (the oldest sample interpreter) and Sphinx 9.2.
"""

# The builders that show a page in a browser (tabs switch there; only they get the JSON report).
WEB_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})
